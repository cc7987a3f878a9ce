//! NumPy type strings (the `descr` of an `.npy` header, `dtype.str`):
//! an optional byte-order character (`<` little, `>` big, `|` not
//! applicable, `=` native), a kind letter and an item size, e.g. `'<f8'`.
//! Single-character type codes (`'d'`, `'?'`...) are read too.
use crate::dtype::{DType, Kind};
use crate::error::{Error, Result};

/// A file's element type: the corepy dtype and whether its bytes are in the
/// opposite order of this machine's (and need swapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDType {
    pub dtype: DType,
    pub swap: bool,
}

const NATIVE_ORDER: char = if cfg!(target_endian = "little") { '<' } else { '>' };

fn kind_letter(kind: Kind) -> char {
    match kind {
        Kind::Bool => 'b',
        Kind::Sint => 'i',
        Kind::Uint => 'u',
        Kind::Float => 'f',
    }
}

/// The type string NumPy writes for `dtype` in native byte order
/// (`'<f8'`, `'|u1'`, `'|b1'`).
pub fn typestr(dtype: DType) -> String {
    let order = if dtype.itemsize() == 1 { '|' } else { NATIVE_ORDER };
    format!("{order}{}{}", kind_letter(dtype.kind()), dtype.itemsize())
}

/// A single-character NumPy type code as kind letter and size (C types of a
/// 64-bit Linux ABI, as NumPy there).
fn char_code(c: &str) -> Option<(char, usize)> {
    Some(match c {
        "?" => ('b', 1),
        "b" => ('i', 1),
        "B" => ('u', 1),
        "h" => ('i', 2),
        "H" => ('u', 2),
        "i" => ('i', 4),
        "I" => ('u', 4),
        "l" | "q" | "p" => ('i', 8),
        "L" | "Q" | "P" => ('u', 8),
        "e" => ('f', 2),
        "f" => ('f', 4),
        "d" => ('f', 8),
        "g" => ('f', 16),
        "F" => ('c', 8),
        "D" => ('c', 16),
        "G" => ('c', 32),
        _ => return None,
    })
}

/// What NumPy calls a type string corepy cannot hold, for messages.
fn numpy_meaning(letter: char, size: usize) -> String {
    match letter {
        'b' => format!("bool of {size} bytes"),
        'i' => format!("int{}", size * 8),
        'u' => format!("uint{}", size * 8),
        'f' => format!("float{}", size * 8),
        'c' => format!("complex{}", size * 8),
        'O' => "object (pickled Python objects)".into(),
        'U' => "unicode string".into(),
        'S' | 'a' => "byte string".into(),
        'V' => "void (raw bytes)".into(),
        'M' => "datetime64".into(),
        'm' => "timedelta64".into(),
        _ => "an unknown type".into(),
    }
}

fn corepy_names() -> String {
    DType::presentation_order().iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
}

/// Parse a NumPy type string. `source` names the file for messages. A
/// well-formed type string of a dtype corepy lacks is `UnknownDType`
/// (TypeError); anything else that is not a type string is
/// `InvalidArgument` (ValueError).
pub fn parse_typestr(s: &str, source: &str) -> Result<FileDType> {
    let unsupported =
        |meaning: String| Error::UnknownDType(format!("{source}: dtype '{s}' ({meaning}) is not supported by corepy; corepy has {}", corepy_names()));
    let (order, body) = match s.chars().next() {
        Some(c @ ('<' | '>' | '|' | '=')) => (c, &s[1..]),
        _ => ('=', s),
    };
    let (letter, size) = if let Some(code) = char_code(body) {
        code
    } else {
        let letter = body.chars().next().ok_or_else(|| Error::InvalidArgument(format!("{source}: '{s}' is not a valid dtype descriptor")))?;
        let rest = &body[letter.len_utf8()..];
        if matches!(letter, 'O' | 'U' | 'S' | 'a' | 'V' | 'M' | 'm') {
            return Err(unsupported(numpy_meaning(letter, 0)));
        }
        let size: usize = rest.parse().map_err(|_| Error::InvalidArgument(format!("{source}: '{s}' is not a valid dtype descriptor")))?;
        if !matches!(letter, 'b' | 'i' | 'u' | 'f' | 'c') || size == 0 {
            return Err(Error::InvalidArgument(format!("{source}: '{s}' is not a valid dtype descriptor")));
        }
        (letter, size)
    };
    let kind = match letter {
        'b' if size == 1 => Kind::Bool,
        'i' => Kind::Sint,
        'u' => Kind::Uint,
        'f' => Kind::Float,
        _ => return Err(unsupported(numpy_meaning(letter, size))),
    };
    let dtype = DType::of_kind(kind, size).ok_or_else(|| unsupported(numpy_meaning(letter, size)))?;
    let swap = size > 1 && matches!(order, '<' | '>') && order != NATIVE_ORDER;
    Ok(FileDType { dtype, swap })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_dtype() {
        for d in DType::ALL {
            let s = typestr(d);
            assert_eq!(parse_typestr(&s, "t").unwrap(), FileDType { dtype: d, swap: false }, "{s}");
        }
        assert_eq!(typestr(DType::of_kind(Kind::Bool, 1).unwrap()), "|b1");
    }

    #[test]
    fn byte_order_and_codes() {
        let big = parse_typestr(">i4", "t").unwrap();
        assert_eq!(big.dtype, DType::of_kind(Kind::Sint, 4).unwrap());
        assert_eq!(big.swap, cfg!(target_endian = "little"));
        assert!(!parse_typestr(">i1", "t").unwrap().swap);
        assert_eq!(parse_typestr("d", "t").unwrap().dtype, DType::of_kind(Kind::Float, 8).unwrap());
        assert_eq!(parse_typestr("=f4", "t").unwrap().swap, false);
    }

    #[test]
    fn unsupported_and_invalid() {
        for s in ["<c16", "|O", "<U5", "<M8[ns]", "<f2", "<u8", "|V8"] {
            match parse_typestr(s, "'x.npy'") {
                Err(Error::UnknownDType(m)) => assert!(m.contains("'x.npy'") && m.contains(s), "{m}"),
                other => panic!("{s}: {other:?}"),
            }
        }
        for s in ["", "<", "<q9z", "<x4", "<i0"] {
            assert!(matches!(parse_typestr(s, "t"), Err(Error::InvalidArgument(_))), "{s}");
        }
    }
}

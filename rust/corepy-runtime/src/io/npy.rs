//! NumPy's `.npy` format (numpy/lib/format.py): the magic string
//! `b"\x93NUMPY"`, a major and minor version byte, the header length
//! (little-endian u16 in 1.0, u32 in 2.0 and 3.0), then the header: a
//! Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape':
//! (3, 4), }` padded with spaces and a final `'\n'` so that the data starts
//! on a 64-byte boundary (latin-1 text in 1.0 and 2.0, UTF-8 in 3.0). The
//! elements follow in C order (Fortran order when `fortran_order` is true).
//!
//! Reads accept every version and byte order and return C-order native
//! tensors; writes produce exactly NumPy's bytes for a C-order array.
use std::io::{Read, Write};

use super::data::{io_error, read_full, read_tensor, write_tensor};
use super::descr::{parse_typestr, typestr, FileDType};
use crate::error::{fmt_shape, Error, Result};
use crate::tensor::Tensor;

pub const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// The data starts at a multiple of this many bytes.
const ARRAY_ALIGN: usize = 64;
/// NumPy pads the header so that the first (or, for Fortran order, the last)
/// dimension can grow to this many digits in place.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;
/// NumPy's default limit on the header size (`max_header_size`).
pub const MAX_HEADER_SIZE: usize = 10_000;
/// Nesting depth beyond which a header literal is refused (a corrupt file
/// must not exhaust the stack).
const MAX_DEPTH: usize = 32;

/// What an `.npy` header says.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub version: (u8, u8),
    pub dtype: FileDType,
    pub fortran_order: bool,
    pub shape: Vec<usize>,
}

/// How a stream is read.
#[derive(Debug, Clone)]
pub struct ReadOptions<'a> {
    /// The stream's name for messages (e.g. `'data.npy'`).
    pub source: &'a str,
    /// Bytes from the read position to the end of the stream, when known:
    /// a header announcing more data than that is refused before anything is
    /// allocated.
    pub available: Option<u64>,
    /// The array is the whole stream (a file, an archive member): bytes
    /// after the data are an error too.
    pub exact: bool,
    /// Headers longer than this are refused (NumPy's `max_header_size`).
    pub max_header_size: usize,
}

impl<'a> ReadOptions<'a> {
    pub fn new(source: &'a str) -> Self {
        ReadOptions { source, available: None, exact: false, max_header_size: MAX_HEADER_SIZE }
    }
}

fn bad(source: &str, what: String) -> Error {
    Error::InvalidArgument(format!("{source}: {what}"))
}

fn show_bytes(b: &[u8]) -> String {
    b.iter().map(|&c| if (0x20..0x7f).contains(&c) && c != b'\\' && c != b'\'' { (c as char).to_string() } else { format!("\\x{c:02x}") }).collect()
}

// ---------------------------------------------------------------- writing

/// The header dict text NumPy writes (before padding).
fn header_text(dtype: crate::dtype::DType, shape: &[usize]) -> String {
    let shape_repr = match shape.len() {
        0 => "()".to_string(),
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    };
    let mut h = format!("{{'descr': '{}', 'fortran_order': False, 'shape': {shape_repr}, }}", typestr(dtype));
    if let Some(first) = shape.first() {
        h.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(first.to_string().len())));
    }
    h
}

/// The bytes before the data of a C-order array of `dtype` and `shape`:
/// magic, version, length and padded header, exactly as NumPy writes them
/// (version 1.0, or 2.0 when the header does not fit 1.0's u16 length).
pub fn header_bytes(dtype: crate::dtype::DType, shape: &[usize]) -> Vec<u8> {
    let text = header_text(dtype, shape);
    let hlen = text.len() + 1; // the final '\n'
    for (major, len_size) in [(1u8, 2usize), (2, 4)] {
        let padlen = ARRAY_ALIGN - ((MAGIC.len() + 2 + len_size + hlen) % ARRAY_ALIGN);
        let total = hlen + padlen;
        if len_size == 2 && total > u16::MAX as usize {
            continue;
        }
        let mut out = Vec::with_capacity(MAGIC.len() + 2 + len_size + total);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[major, 0]);
        if len_size == 2 {
            out.extend_from_slice(&(total as u16).to_le_bytes());
        } else {
            out.extend_from_slice(&(total as u32).to_le_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        out.extend(std::iter::repeat_n(b' ', padlen));
        out.push(b'\n');
        return out;
    }
    unreachable!("a header of at most 64 dimensions fits version 2.0's u32 length")
}

/// Write `t` as an `.npy` stream (header, then its elements in C order).
pub fn write_npy<W: Write + ?Sized>(w: &mut W, t: &Tensor, source: &str) -> Result<()> {
    w.write_all(&header_bytes(t.dtype(), t.shape())).map_err(|e| io_error(source, "write", e))?;
    write_tensor(w, t, source)
}

// ---------------------------------------------------------------- reading

/// A Python literal of the kinds a header holds.
#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
}

impl Lit {
    /// The literal as Python writes it (for messages).
    fn python(&self) -> String {
        let join = |v: &[Lit]| v.iter().map(Lit::python).collect::<Vec<_>>().join(", ");
        match self {
            Lit::Str(s) => format!("'{s}'"),
            Lit::Int(n) => n.to_string(),
            Lit::Bool(b) => if *b { "True" } else { "False" }.into(),
            Lit::None => "None".into(),
            Lit::Tuple(v) if v.len() == 1 => format!("({},)", v[0].python()),
            Lit::Tuple(v) => format!("({})", join(v)),
            Lit::List(v) => format!("[{}]", join(v)),
            Lit::Dict(e) => format!("{{{}}}", e.iter().map(|(k, v)| format!("{}: {}", k.python(), v.python())).collect::<Vec<_>>().join(", ")),
        }
    }
}

struct Parser<'s> {
    s: &'s [char],
    pos: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.s.get(self.pos).copied()
    }

    fn expect(&mut self, c: char) -> std::result::Result<(), String> {
        match self.peek() {
            Some(x) if x == c => {
                self.pos += 1;
                Ok(())
            }
            Some(x) => Err(format!("expected '{c}' at character {}, found '{x}'", self.pos)),
            None => Err(format!("expected '{c}' at character {}, found the end of the header", self.pos)),
        }
    }

    /// Comma-separated values up to `close`; whether a comma was seen (a
    /// one-element tuple needs one).
    fn items(&mut self, close: char, depth: usize) -> std::result::Result<(Vec<Lit>, bool), String> {
        let (mut v, mut comma) = (Vec::new(), false);
        loop {
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok((v, comma));
            }
            v.push(self.value(depth + 1)?);
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    comma = true;
                }
                Some(c) if c == close => {}
                _ => return Err(format!("expected ',' or '{close}' at character {}", self.pos)),
            }
        }
    }

    fn value(&mut self, depth: usize) -> std::result::Result<Lit, String> {
        if depth > MAX_DEPTH {
            return Err("literal nested too deeply".into());
        }
        match self.peek().ok_or("unexpected end of the header")? {
            q @ ('\'' | '"') => {
                self.pos += 1;
                let mut out = String::new();
                loop {
                    let c = *self.s.get(self.pos).ok_or("unterminated string")?;
                    self.pos += 1;
                    match c {
                        '\\' => {
                            let e = *self.s.get(self.pos).ok_or("unterminated string")?;
                            self.pos += 1;
                            out.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                        c if c == q => return Ok(Lit::Str(out)),
                        c => out.push(c),
                    }
                }
            }
            '(' => {
                self.pos += 1;
                let (v, comma) = self.items(')', depth)?;
                Ok(if v.len() == 1 && !comma { v.into_iter().next().expect("one item") } else { Lit::Tuple(v) })
            }
            '[' => {
                self.pos += 1;
                Ok(Lit::List(self.items(']', depth)?.0))
            }
            '{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    if self.peek() == Some('}') {
                        self.pos += 1;
                        return Ok(Lit::Dict(entries));
                    }
                    let k = self.value(depth + 1)?;
                    self.expect(':')?;
                    let v = self.value(depth + 1)?;
                    entries.push((k, v));
                    match self.peek() {
                        Some(',') => self.pos += 1,
                        Some('}') => {}
                        _ => return Err(format!("expected ',' or '}}' at character {}", self.pos)),
                    }
                }
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' => {
                let start = self.pos;
                self.pos += 1;
                while self.pos < self.s.len() && self.s[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
                let text: String = self.s[start..self.pos].iter().collect();
                // Python 2 long literals (3L) appear in old files.
                if matches!(self.s.get(self.pos), Some('L' | 'l')) {
                    self.pos += 1;
                }
                text.parse::<i128>().map(Lit::Int).map_err(|_| format!("invalid number '{text}'"))
            }
            c if c.is_alphabetic() => {
                let start = self.pos;
                while self.pos < self.s.len() && (self.s[self.pos].is_alphanumeric() || self.s[self.pos] == '_') {
                    self.pos += 1;
                }
                let word: String = self.s[start..self.pos].iter().collect();
                match word.as_str() {
                    "True" => Ok(Lit::Bool(true)),
                    "False" => Ok(Lit::Bool(false)),
                    "None" => Ok(Lit::None),
                    _ => Err(format!("unexpected name '{word}'")),
                }
            }
            c => Err(format!("unexpected character '{c}' at {}", self.pos)),
        }
    }
}

/// Parse the text of a header (the dict literal and its padding).
pub fn parse_header(version: (u8, u8), text: &str, source: &str) -> Result<Header> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser { s: &chars, pos: 0 };
    let shown = || text.trim_end().chars().take(200).collect::<String>();
    let lit = p.value(0).map_err(|e| bad(source, format!("bad header: cannot parse {:?}: {e}", shown())))?;
    if p.peek().is_some() {
        return Err(bad(source, format!("bad header: unexpected text after the header dict in {:?}", shown())));
    }
    let Lit::Dict(entries) = lit else {
        return Err(bad(source, format!("bad header: the header is not a dict: {:?}", shown())));
    };
    let mut keys: Vec<String> = entries.iter().map(|(k, _)| k.python()).collect();
    keys.sort();
    if keys != ["'descr'", "'fortran_order'", "'shape'"] {
        return Err(bad(source, format!("bad header: expected the keys 'descr', 'fortran_order' and 'shape', found {}", keys.join(", "))));
    }
    let get = |name: &str| &entries.iter().find(|(k, _)| *k == Lit::Str(name.into())).expect("keys checked").1;
    let dtype = match get("descr") {
        Lit::Str(s) => parse_typestr(s, source)?,
        l @ Lit::List(_) => {
            return Err(Error::UnknownDType(format!(
                "{source}: dtype {} (a structured dtype: records with named fields) is not supported by corepy",
                l.python()
            )));
        }
        other => return Err(bad(source, format!("bad header: descr is not a valid dtype descriptor: {}", other.python()))),
    };
    let fortran_order = match get("fortran_order") {
        Lit::Bool(b) => *b,
        other => return Err(bad(source, format!("bad header: fortran_order is not a bool: {}", other.python()))),
    };
    let shape = match get("shape") {
        Lit::Tuple(dims) => dims
            .iter()
            .map(|d| match d {
                Lit::Int(n) if *n >= 0 && *n <= isize::MAX as i128 => Ok(*n as usize),
                _ => Err(bad(source, format!("bad header: shape is not a tuple of non-negative sizes: {}", get("shape").python()))),
            })
            .collect::<Result<Vec<_>>>()?,
        other => return Err(bad(source, format!("bad header: shape is not a tuple: {}", other.python()))),
    };
    if shape.len() > crate::shape::MAX_NDIM {
        return Err(bad(source, format!("bad header: {} dimensions (corepy supports at most {})", shape.len(), crate::shape::MAX_NDIM)));
    }
    Ok(Header { version, dtype, fortran_order, shape })
}

/// Read the header from the start of an `.npy` stream; returns it and the
/// number of bytes it took (the data follows).
pub fn read_header<R: Read + ?Sized>(r: &mut R, opts: &ReadOptions) -> Result<(Header, usize)> {
    let source = opts.source;
    let mut pre = [0u8; 8];
    let got = read_full(r, &mut pre, source)?;
    if got == 0 {
        return Err(bad(source, "the file is empty (expected an .npy file)".into()));
    }
    let n = got.min(MAGIC.len());
    if pre[..n] != MAGIC[..n] {
        return Err(bad(
            source,
            format!("not an .npy file: wrong magic string: the file starts with b'{}', an .npy file with b'\\x93NUMPY'", show_bytes(&pre[..n])),
        ));
    }
    if got < pre.len() {
        return Err(bad(source, format!("truncated header: the file ends after {got} bytes, inside the magic string and version")));
    }
    let version = (pre[6], pre[7]);
    let len_size = match version {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        (a, b) => return Err(bad(source, format!("unknown .npy format version {a}.{b} (corepy reads versions 1.0, 2.0 and 3.0)"))),
    };
    let mut len_bytes = [0u8; 4];
    if read_full(r, &mut len_bytes[..len_size], source)? < len_size {
        return Err(bad(source, "truncated header: the file ends inside the header length".into()));
    }
    let hlen = u32::from_le_bytes(len_bytes) as usize;
    if hlen > opts.max_header_size {
        return Err(bad(
            source,
            format!(
                "bad header: its length {hlen} is larger than max_header_size={} (the file is corrupt, or pass a larger max_header_size)",
                opts.max_header_size
            ),
        ));
    }
    let mut raw = vec![0u8; hlen];
    let got = read_full(r, &mut raw, source)?;
    if got < hlen {
        return Err(bad(source, format!("truncated header: the header should have {hlen} bytes but the file ends after {got} of them")));
    }
    let text: String = if version.0 == 3 {
        String::from_utf8(raw).map_err(|_| bad(source, "bad header: a version 3.0 header that is not UTF-8".into()))?
    } else {
        raw.iter().map(|&b| b as char).collect() // latin-1
    };
    Ok((parse_header(version, &text, source)?, 8 + len_size + hlen))
}

/// Read one array from an `.npy` stream: a C-order tensor in native byte
/// order, whatever the file's order and byte order.
pub fn read_npy<R: Read + ?Sized>(r: &mut R, opts: &ReadOptions) -> Result<Tensor> {
    let source = opts.source;
    let (h, consumed) = read_header(r, opts)?;
    let shape_s = fmt_shape(&h.shape);
    let name = h.dtype.dtype.name();
    let numel = h.shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    let nbytes = numel
        .and_then(|n| n.checked_mul(h.dtype.dtype.itemsize()))
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or_else(|| bad(source, format!("bad header: shape {shape_s} of {name} is too large to address")))?;
    if let Some(avail) = opts.available {
        let data = avail.saturating_sub(consumed as u64);
        if data < nbytes as u64 {
            return Err(bad(source, format!("truncated data: shape {shape_s} of {name} needs {nbytes} bytes but the file has {data} after the header")));
        }
        if opts.exact && data > nbytes as u64 {
            return Err(bad(
                source,
                format!("shape {shape_s} of {name} needs {nbytes} bytes but the file has {data} after the header ({} bytes too many)", data - nbytes as u64),
            ));
        }
    }
    if !h.fortran_order {
        return read_tensor(r, &h.shape, h.dtype, source);
    }
    // Fortran order: the bytes are the C order of the reversed shape; its
    // transpose copied to C order is the array.
    let reversed: Vec<usize> = h.shape.iter().rev().copied().collect();
    let stored = read_tensor(r, &reversed, h.dtype, source)?;
    stored.transpose().contiguous_copy()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::{DType, Kind};
    use std::io::Cursor;

    fn f64t() -> DType {
        DType::of_kind(Kind::Float, 8).unwrap()
    }

    #[test]
    fn header_matches_numpy_layout() {
        // Bytes NumPy 2 writes for np.save(f, np.zeros((3, 4))).
        let h = header_bytes(f64t(), &[3, 4]);
        assert_eq!(h.len(), 128);
        assert_eq!(&h[..10], b"\x93NUMPY\x01\x00\x76\x00");
        let text = std::str::from_utf8(&h[10..]).unwrap();
        assert!(text.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"));
        assert!(text.ends_with(" \n"));
        for shape in [&[][..], &[0], &[7], &[2, 0, 3], &[1; 64]] {
            let h = header_bytes(f64t(), shape);
            assert_eq!(h.len() % 64, 0, "{shape:?}");
            let (back, used) = read_header(&mut Cursor::new(&h), &ReadOptions::new("t")).unwrap();
            assert_eq!(used, h.len());
            assert_eq!(back.shape, shape);
            assert_eq!(back.dtype.dtype, f64t());
            assert!(!back.fortran_order);
        }
    }

    #[test]
    fn round_trip_every_dtype() {
        for d in DType::ALL {
            let bytes: Vec<u8> = (0..6 * d.itemsize()).map(|i| if d.kind() == Kind::Bool { (i % 2) as u8 } else { i as u8 }).collect();
            let t = Tensor::from_bytes(&[2, 3], d, &bytes).unwrap();
            let mut file = Vec::new();
            write_npy(&mut file, &t, "t").unwrap();
            let opts = ReadOptions { available: Some(file.len() as u64), exact: true, ..ReadOptions::new("t") };
            let back = read_npy(&mut Cursor::new(&file), &opts).unwrap();
            assert_eq!(back.dtype(), d);
            assert_eq!(back.shape(), &[2, 3]);
            assert_eq!(back.as_bytes().unwrap(), &bytes[..]);
        }
    }

    fn file_with(header: &str, version: u8, data: &[u8]) -> Vec<u8> {
        let mut f = MAGIC.to_vec();
        f.extend_from_slice(&[version, 0]);
        if version == 1 {
            f.extend_from_slice(&(header.len() as u16).to_le_bytes());
        } else {
            f.extend_from_slice(&(header.len() as u32).to_le_bytes());
        }
        f.extend_from_slice(header.as_bytes());
        f.extend_from_slice(data);
        f
    }

    #[test]
    fn fortran_order_big_endian_and_versions() {
        // 2x3 int32 in Fortran order, big-endian: columns (1,4), (2,5), (3,6).
        let data: Vec<u8> = [1i32, 4, 2, 5, 3, 6].iter().flat_map(|v| v.to_be_bytes()).collect();
        for v in [1u8, 2, 3] {
            let f = file_with("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }\n", v, &data);
            let t = read_npy(&mut Cursor::new(&f), &ReadOptions::new("t")).unwrap();
            let got: Vec<i32> = t.as_bytes().unwrap().chunks_exact(4).map(|c| i32::from_ne_bytes(c.try_into().unwrap())).collect();
            assert_eq!(got, [1, 2, 3, 4, 5, 6]);
        }
        // Key order, quotes, Python 2 longs and spacing vary between writers.
        let f = file_with("{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<f8\"}", 1, &[0; 16]);
        assert_eq!(read_npy(&mut Cursor::new(&f), &ReadOptions::new("t")).unwrap().shape(), &[2]);
    }

    fn err_of(f: &[u8], exact: bool) -> String {
        let opts = ReadOptions { available: exact.then_some(f.len() as u64), exact, ..ReadOptions::new("'bad.npy'") };
        let e = read_npy(&mut Cursor::new(f), &opts).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{e:?}");
        let m = e.to_string();
        assert!(m.starts_with("'bad.npy': "), "{m}");
        m
    }

    #[test]
    fn corrupt_files_are_value_errors() {
        let good = header_bytes(f64t(), &[4]);
        let mut full = good.clone();
        full.extend_from_slice(&[0; 32]);
        assert!(err_of(b"", false).contains("empty"));
        assert!(err_of(b"PK\x03\x04xxxx", false).contains("wrong magic"));
        assert!(err_of(&full[..5], false).contains("truncated header"));
        assert!(err_of(&full[..9], false).contains("truncated header"));
        assert!(err_of(&full[..40], false).contains("truncated header"));
        assert!(err_of(&full[..good.len() + 8], false).contains("truncated data"));
        assert!(err_of(&full[..good.len() + 8], true).contains("truncated data"));
        let mut long = full.clone();
        long.push(0);
        assert!(err_of(&long, true).contains("too many"));
        let mut v9 = full.clone();
        v9[6] = 9;
        assert!(err_of(&v9, false).contains("unknown .npy format version 9.0"));
        for h in [
            "[1, 2]",
            "{'descr': '<f8', 'shape': (2,)}",
            "{'descr': '<f8', 'fortran_order': 1, 'shape': (2,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': 2}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} extra",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,",
            "{'descr': 5, 'fortran_order': False, 'shape': (2,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999, 99999999999)}",
            &"[".repeat(100),
        ] {
            assert!(err_of(&file_with(h, 1, &[0; 16]), false).contains("bad header"), "{h}");
        }
        let huge = file_with("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,)}", 1, &[0; 16]);
        assert!(err_of(&huge, false).contains("too large"));
        let mut big_len = good.clone();
        big_len[8] = 0xff;
        big_len[9] = 0xff;
        assert!(err_of(&big_len, false).contains("max_header_size"));
    }

    #[test]
    fn unsupported_dtypes_are_type_errors() {
        for descr in ["'<c16'", "'|O'", "[('a', '<i4')]", "'<f2'"] {
            let f = file_with(&format!("{{'descr': {descr}, 'fortran_order': False, 'shape': (1,)}}"), 1, &[0; 16]);
            match read_npy(&mut Cursor::new(&f), &ReadOptions::new("'x.npy'")) {
                Err(Error::UnknownDType(m)) => assert!(m.contains("'x.npy'") && m.contains(descr), "{m}"),
                other => panic!("{descr}: {other:?}"),
            }
        }
    }
}

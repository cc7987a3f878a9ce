//! Element types and NumPy 2 type promotion (NEP 50: Python scalars are weak).
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// What family a dtype belongs to; promotion and the op rules work on kinds
/// and item sizes, never on a list of dtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Bool,
    Sint,
    Uint,
    Float,
}

include!(concat!(env!("OUT_DIR"), "/dtype_list.rs"));

/// NumPy's finfo numbers of a float dtype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatLimits {
    pub eps: f64,
    pub max: f64,
    pub smallest_normal: f64,
    pub resolution: f64,
    pub precision: u32,
}

impl DType {
    fn info(self) -> &'static DTypeInfo {
        &DTYPE_INFO[self as usize]
    }

    pub fn itemsize(self) -> usize {
        self.info().itemsize
    }

    /// NumPy's name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn kind(self) -> Kind {
        self.info().kind
    }

    /// The array-interface type string (little/native endian).
    pub fn typestr(self) -> &'static str {
        self.info().typestr
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }

    pub fn is_int(self) -> bool {
        matches!(self.kind(), Kind::Sint | Kind::Uint)
    }

    pub fn is_unsigned(self) -> bool {
        self.kind() == Kind::Uint
    }

    /// The dtype of `kind` and `itemsize`, if corepy has it (buffer formats,
    /// NumPy type codes).
    pub fn of_kind(kind: Kind, itemsize: usize) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.kind() == kind && d.itemsize() == itemsize)
    }

    /// NumPy's finfo fields, for float dtypes.
    pub fn float_limits(self) -> Option<FloatLimits> {
        if !self.is_float() {
            return None;
        }
        macro_rules! limits {
            ($T:ty) => {{
                let precision = ((<$T>::MANTISSA_DIGITS as f64 - 1.0) * std::f64::consts::LOG10_2).floor() as u32;
                FloatLimits {
                    eps: <$T>::EPSILON as f64,
                    max: <$T>::MAX as f64,
                    smallest_normal: <$T>::MIN_POSITIVE as f64,
                    resolution: 10f64.powi(-(precision as i32)),
                    precision,
                }
            }};
        }
        // Float dtypes by width (a new float dtype adds its width here).
        match self.itemsize() {
            4 => Some(limits!(f32)),
            8 => Some(limits!(f64)),
            _ => None,
        }
    }

    /// The smallest and largest value of an integer dtype.
    pub fn int_limits(self) -> Option<(i64, i64)> {
        self.is_int().then(|| with_native_type!(self, T => (T::MIN as i64, T::MAX as i64)))
    }

    /// Every dtype in NumPy's order of presentation: bool, signed, unsigned,
    /// floats, each by size.
    pub fn presentation_order() -> Vec<DType> {
        let mut v = DType::ALL.to_vec();
        v.sort_by_key(|d| (d.kind(), d.itemsize()));
        v
    }

    /// Parse a dtype name: NumPy's names and type codes, and the short forms
    /// (`f32`, `i64`, ...). NumPy's codes keep NumPy's meaning: `'i8'` is
    /// int64 and `'u8'` is uint64, refused while corepy has no uint64.
    pub fn parse(name: &str) -> Result<DType> {
        if let Some(d) = DType::ALL.into_iter().find(|d| d.name() == name || d.info().aliases.contains(&name)) {
            return Ok(d);
        }
        Err(match numpy_code_meaning(name) {
            Some(meaning) => Error::UnknownDType(format!(
                "dtype '{name}' is NumPy's code for {meaning}, which corepy does not have yet; corepy has {}",
                dtype_names()
            )),
            None => unknown_dtype(name),
        })
    }
}

/// What NumPy means by a type code like 'u8' or 'f2' (kind letter, byte size).
fn numpy_code_meaning(code: &str) -> Option<String> {
    let (kind, size) = code.split_at(code.char_indices().nth(1)?.0);
    let bytes: usize = size.parse().ok()?;
    let family = match kind {
        "i" => "int",
        "u" => "uint",
        "f" => "float",
        "c" => "complex",
        _ => return None,
    };
    matches!(bytes, 1 | 2 | 4 | 8 | 16).then(|| format!("{family}{}", bytes * 8))
}

fn dtype_names() -> String {
    DType::presentation_order().iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
}

/// NumPy raises TypeError for a dtype it does not understand; so does corepy.
fn unknown_dtype(name: &str) -> Error {
    Error::UnknownDType(format!(
        "unknown dtype '{name}'; expected one of {} (or a NumPy type code such as 'f4', 'i8', 'u1', or f32, f64, i16, i32, i64)",
        dtype_names()
    ))
}

/// NumPy 2 promotion of two array dtypes: bool < integers < floats; two
/// signed or two unsigned integers give the wider; uint8 with a signed type
/// needs a signed type wider than 8 bits; integers wider than 16 bits with
/// float32 need float64.
pub fn promote(a: DType, b: DType) -> DType {
    use Kind::*;
    if a == b {
        return a;
    }
    let (x, y) = if a.kind() <= b.kind() { (a, b) } else { (b, a) }; // x has the lower kind
    match (x.kind(), y.kind()) {
        (Bool, _) => y,
        (k, l) if k == l => {
            if x.itemsize() >= y.itemsize() {
                x
            } else {
                y
            }
        }
        // Integers with floats: a float wider than the integer (int16 with
        // float32 is float32, int32 with float32 is float64), else the widest.
        (Sint | Uint, Float) => {
            smallest_of(Float, y.itemsize().max(x.itemsize() + 1)).unwrap_or_else(|| widest_of(Float))
        }
        // Unsigned with signed: a signed type wider than the unsigned one
        // (int8 with uint8 is int16); past int64, float64 (NumPy's rule).
        (Sint, Uint) => {
            let need = if x.itemsize() > y.itemsize() { x.itemsize() } else { 2 * y.itemsize() };
            smallest_of(Sint, need).unwrap_or_else(|| widest_of(Float))
        }
        _ => unreachable!("kinds are ordered bool < sint < uint < float"),
    }
}

/// The smallest dtype of `kind` with at least `itemsize` bytes.
fn smallest_of(kind: Kind, itemsize: usize) -> Option<DType> {
    DType::ALL.into_iter().filter(|d| d.kind() == kind && d.itemsize() >= itemsize).min_by_key(|d| d.itemsize())
}

fn widest_of(kind: Kind) -> DType {
    DType::ALL.into_iter().filter(|d| d.kind() == kind).max_by_key(|d| d.itemsize()).expect("every kind has a dtype")
}

/// NEP 50: the result dtype of `tensor op python_scalar`.
/// A Python bool never changes the tensor's dtype; a Python int keeps any
/// numeric dtype (bool tensors become int64); a Python float keeps float
/// dtypes and turns integer and bool tensors into float64.
pub fn promote_weak(t: DType, s: &Scalar) -> DType {
    match (s, t) {
        (Scalar::Bool(_), _) => t,
        (Scalar::Int(_), DType::Bool) => DType::I64,
        (Scalar::Int(_), _) => t,
        (Scalar::Float(_), DType::F32 | DType::F64) => t,
        (Scalar::Float(_), _) => DType::F64,
    }
}

/// The dtype a Python value takes when it becomes a tensor on its own.
pub fn default_dtype_of(s: &Scalar) -> DType {
    match s {
        Scalar::Bool(_) => DType::Bool,
        Scalar::Int(_) => DType::I64,
        Scalar::Float(_) => DType::F64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_matches_numpy_2() {
        use DType::*;
        // (a, b, numpy.result_type(a, b)), checked against NumPy 2.
        let table = [
            (I8, U8, I16),
            (U8, I16, I16),
            (U8, I32, I32),
            (I8, I16, I16),
            (I16, F32, F32),
            (U8, F32, F32),
            (I8, F64, F64),
            (Bool, U8, U8),
            (Bool, Bool, Bool),
            (Bool, I32, I32),
            (Bool, F32, F32),
            (I32, I64, I64),
            (I32, F32, F64),
            (I64, F32, F64),
            (I32, F64, F64),
            (F32, F64, F64),
            (F32, F32, F32),
        ];
        for (a, b, want) in table {
            assert_eq!(promote(a, b), want, "{a:?} {b:?}");
            assert_eq!(promote(b, a), want, "{b:?} {a:?}");
        }
    }

    #[test]
    fn weak_scalars_follow_nep50() {
        assert_eq!(promote_weak(DType::F32, &Scalar::Float(2.5)), DType::F32);
        assert_eq!(promote_weak(DType::I32, &Scalar::Int(3)), DType::I32);
        assert_eq!(promote_weak(DType::I32, &Scalar::Float(0.5)), DType::F64);
        assert_eq!(promote_weak(DType::Bool, &Scalar::Int(1)), DType::I64);
        assert_eq!(promote_weak(DType::Bool, &Scalar::Bool(true)), DType::Bool);
    }

    #[test]
    fn parse_accepts_numpy_and_short_names() {
        assert_eq!(DType::parse("f32").unwrap(), DType::F32);
        assert_eq!(DType::parse("float64").unwrap(), DType::F64);
        assert_eq!(DType::parse("int32").unwrap(), DType::I32);
        let err = DType::parse("complex128").unwrap_err().to_string();
        assert!(err.contains("complex128"), "{err}");
        // NumPy's type codes keep NumPy's meaning.
        assert_eq!(DType::parse("i8").unwrap(), DType::I64);
        assert_eq!(DType::parse("u1").unwrap(), DType::U8);
        let err = DType::parse("u8").unwrap_err().to_string();
        assert!(err.contains("NumPy's code for uint64"), "{err}");
    }
}

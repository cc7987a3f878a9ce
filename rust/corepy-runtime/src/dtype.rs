//! Element types and NumPy 2 type promotion (NEP 50: Python scalars are weak).
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// Element type. The discriminants are the C ABI codes (CP_DT_* in
/// csrc/include/corepy/kernel_table.h) and index the kernel tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum DType {
    Bool = 0,
    I32 = 1,
    I64 = 2,
    F32 = 3,
    F64 = 4,
    I8 = 5,
    I16 = 6,
    U8 = 7,
}

pub const NUM_DTYPES: usize = 8;

impl DType {
    pub const ALL: [DType; NUM_DTYPES] =
        [DType::Bool, DType::I8, DType::I16, DType::I32, DType::I64, DType::U8, DType::F32, DType::F64];

    pub fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::I8 | DType::U8 => 1,
            DType::I16 => 2,
            DType::I32 | DType::F32 => 4,
            DType::I64 | DType::F64 => 8,
        }
    }

    /// NumPy's name.
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::U8 => "uint8",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// The array-interface type string (little/native endian).
    pub fn typestr(self) -> &'static str {
        match self {
            DType::Bool => "|b1",
            DType::I8 => "|i1",
            DType::I16 => "<i2",
            DType::U8 => "|u1",
            DType::I32 => "<i4",
            DType::I64 => "<i8",
            DType::F32 => "<f4",
            DType::F64 => "<f8",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    pub fn is_int(self) -> bool {
        matches!(self, DType::I8 | DType::I16 | DType::I32 | DType::I64 | DType::U8)
    }

    pub fn is_unsigned(self) -> bool {
        matches!(self, DType::U8)
    }

    /// Parse a dtype name: NumPy names and the short forms (`f32`, `i64`, ...).
    pub fn parse(name: &str) -> Result<DType> {
        Ok(match name {
            "bool" | "b1" | "?" => DType::Bool,
            "int8" | "i1" => DType::I8,
            "int16" | "i16" | "i2" => DType::I16,
            "uint8" | "u8" | "u1" => DType::U8,
            "int32" | "i32" | "i4" => DType::I32,
            "int64" | "i64" | "i8" | "int" => DType::I64,
            "float32" | "f32" | "f4" => DType::F32,
            "float64" | "f64" | "f8" | "float" | "double" => DType::F64,
            _ => return Err(unknown_dtype(name)),
        })
    }
}

/// NumPy raises TypeError for a dtype it does not understand; so does corepy.
fn unknown_dtype(name: &str) -> Error {
    Error::UnknownDType(format!(
        "unknown dtype '{name}'; expected one of bool, int8, int16, int32, int64, uint8, float32, float64 (or i16, i32, i64, u8, f32, f64)"
    ))
}

/// NumPy 2 promotion of two array dtypes: bool < integers < floats; two
/// signed or two unsigned integers give the wider; uint8 with a signed type
/// needs a signed type wider than 8 bits; integers wider than 16 bits with
/// float32 need float64.
pub fn promote(a: DType, b: DType) -> DType {
    use DType::*;
    if a == b {
        return a;
    }
    match (a, b) {
        (Bool, x) | (x, Bool) => x,
        (F64, _) | (_, F64) => F64,
        (F32, i) | (i, F32) => {
            if i.itemsize() <= 2 {
                F32
            } else {
                F64
            }
        }
        (U8, s) | (s, U8) => {
            if s == I8 {
                I16
            } else {
                s
            }
        }
        (x, y) => {
            if x.itemsize() >= y.itemsize() {
                x
            } else {
                y
            }
        }
    }
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
        assert!(err.contains("unknown dtype 'complex128'"), "{err}");
    }
}

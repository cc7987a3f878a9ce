//! A Python scalar operand (`a * 2.5`), kept apart from tensors so promotion
//! can treat it as weak (NEP 50).
use crate::dtype::DType;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    /// The scalar's bytes in `dtype`, as a kernel reads them. A Python int
    /// that does not fit an integer dtype is an OverflowError, as in NumPy 2.
    pub fn to_bytes(self, dtype: DType) -> Result<[u8; 8]> {
        let mut out = [0u8; 8];
        if let (Scalar::Float(x), DType::I8 | DType::I16 | DType::U8 | DType::I32 | DType::I64) = (self, dtype) {
            if x.is_nan() {
                return Err(Error::InvalidArgument("cannot convert float NaN to integer".into()));
            }
            if x.is_infinite() {
                return Err(Error::FloatToIntOverflow(format!("cannot convert float {x} to integer")));
            }
        }
        match dtype {
            DType::Bool => out[0] = self.truthy() as u8,
            DType::I32 => {
                let v = match self {
                    Scalar::Int(i) => i32::try_from(i)
                        .map_err(|_| Error::Overflow(format!("Python integer {i} out of bounds for int32")))?,
                    Scalar::Bool(b) => b as i32,
                    Scalar::Float(x) => x as i32,
                };
                out[..4].copy_from_slice(&v.to_ne_bytes());
            }
            DType::I8 => out[0] = small_int::<i8>(self, "int8")? as u8,
            DType::U8 => out[0] = small_int::<u8>(self, "uint8")?,
            DType::I16 => out[..2].copy_from_slice(&small_int::<i16>(self, "int16")?.to_ne_bytes()),
            DType::I64 => {
                let v = match self {
                    Scalar::Int(i) => i,
                    Scalar::Bool(b) => b as i64,
                    Scalar::Float(x) => x as i64,
                };
                out.copy_from_slice(&v.to_ne_bytes());
            }
            DType::F32 => out[..4].copy_from_slice(&(self.as_f64() as f32).to_ne_bytes()),
            DType::F64 => out.copy_from_slice(&self.as_f64().to_ne_bytes()),
        }
        Ok(out)
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as i64 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(x) => x,
        }
    }

    fn truthy(self) -> bool {
        match self {
            Scalar::Bool(b) => b,
            Scalar::Int(i) => i != 0,
            Scalar::Float(x) => x != 0.0,
        }
    }

    /// Read one element of `dtype` from `bytes` (used for `item()`).
    pub fn from_bytes(dtype: DType, bytes: &[u8]) -> Scalar {
        match dtype {
            DType::Bool => Scalar::Bool(bytes[0] != 0),
            DType::I8 => Scalar::Int(bytes[0] as i8 as i64),
            DType::U8 => Scalar::Int(bytes[0] as i64),
            DType::I16 => Scalar::Int(i16::from_ne_bytes(bytes[..2].try_into().unwrap()) as i64),
            DType::I32 => Scalar::Int(i32::from_ne_bytes(bytes[..4].try_into().unwrap()) as i64),
            DType::I64 => Scalar::Int(i64::from_ne_bytes(bytes[..8].try_into().unwrap())),
            DType::F32 => Scalar::Float(f32::from_ne_bytes(bytes[..4].try_into().unwrap()) as f64),
            DType::F64 => Scalar::Float(f64::from_ne_bytes(bytes[..8].try_into().unwrap())),
        }
    }
}

/// A scalar as a narrow integer; a Python int out of range is an
/// OverflowError (NumPy 2), a float truncates (saturating).
fn small_int<T: TryFrom<i64> + Default>(s: Scalar, name: &str) -> Result<T>
where
    T: num_like::FromF64,
{
    match s {
        Scalar::Int(i) => T::try_from(i).map_err(|_| Error::Overflow(format!("Python integer {i} out of bounds for {name}"))),
        Scalar::Bool(b) => Ok(T::try_from(b as i64).unwrap_or_default()),
        Scalar::Float(x) => Ok(T::from_f64(x)),
    }
}

mod num_like {
    /// Saturating float-to-integer conversion (Rust's `as`).
    pub trait FromF64 {
        fn from_f64(x: f64) -> Self;
    }
    impl FromF64 for i8 {
        fn from_f64(x: f64) -> Self {
            x as i8
        }
    }
    impl FromF64 for i16 {
        fn from_f64(x: f64) -> Self {
            x as i16
        }
    }
    impl FromF64 for u8 {
        fn from_f64(x: f64) -> Self {
            x as u8
        }
    }
}

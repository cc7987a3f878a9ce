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
        if let (Scalar::Float(x), DType::I32 | DType::I64) = (self, dtype) {
            if !x.is_finite() {
                return Err(Error::InvalidArgument(format!("cannot convert float {x} to integer")));
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
            DType::I32 => Scalar::Int(i32::from_ne_bytes(bytes[..4].try_into().unwrap()) as i64),
            DType::I64 => Scalar::Int(i64::from_ne_bytes(bytes[..8].try_into().unwrap())),
            DType::F32 => Scalar::Float(f32::from_ne_bytes(bytes[..4].try_into().unwrap()) as f64),
            DType::F64 => Scalar::Float(f64::from_ne_bytes(bytes[..8].try_into().unwrap())),
        }
    }
}

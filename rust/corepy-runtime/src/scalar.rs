//! A Python scalar operand (`a * 2.5`), kept apart from tensors so promotion
//! can treat it as weak (NEP 50).
use crate::dtype::{DType, Kind};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    /// The scalar's bytes in `dtype`, as a kernel reads them. A Python int
    /// that does not fit an integer dtype is an OverflowError, as in NumPy 2;
    /// a float converts as `astype` does (see `float_to_int`).
    pub fn to_bytes(self, dtype: DType) -> Result<[u8; 8]> {
        let mut out = [0u8; 8];
        let int = |name: &str| -> Result<i64> {
            match self {
                Scalar::Int(i) => match int_range(dtype) {
                    Some((lo, hi)) if i < lo || i > hi => Err(Error::Overflow(format!("Python integer {i} out of bounds for {name}"))),
                    _ => Ok(i),
                },
                Scalar::Bool(b) => Ok(b as i64),
                Scalar::Float(x) => Ok(float_to_int(x, dtype)),
            }
        };
        match dtype.kind() {
            Kind::Bool => out[0] = self.truthy() as u8,
            Kind::Sint | Kind::Uint => {
                let v = int(dtype.name())?;
                with_native_type!(dtype, T => write_ne(&mut out, (v as T).to_ne_bytes()))
            }
            Kind::Float => {
                with_native_type!(dtype, T => write_ne(&mut out, (self.as_f64() as T).to_ne_bytes()))
            }
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
        with_native_type!(dtype, T => {
            let v = T::from_ne_bytes(bytes[..std::mem::size_of::<T>()].try_into().expect("one element"));
            match dtype.kind() {
                Kind::Bool => Scalar::Bool(v as i64 != 0),
                Kind::Sint | Kind::Uint => Scalar::Int(v as i64),
                Kind::Float => Scalar::Float(v as f64),
            }
        })
    }
}

fn write_ne<const N: usize>(out: &mut [u8; 8], bytes: [u8; N]) {
    out[..N].copy_from_slice(&bytes);
}

/// The values of an integer dtype (None for bool and floats).
fn int_range(dtype: DType) -> Option<(i64, i64)> {
    dtype.int_limits()
}

/// A float converted to the integer dtype `dtype` as NumPy's `astype` does
/// on x86 (the same rule as the C++ cast kernels, so `full`, `fill`,
/// setitem and `astype` agree): truncated toward zero when the value fits
/// int32 (int64 for int64), else the integer minimum, which is what the
/// `cvttsd2si` instruction gives for out-of-range values and NaN. int8,
/// int16 and uint8 keep the low bits of that int32 (300.0 -> int8 44,
/// -1.0 -> uint8 255, 1e20 -> 0). The result is returned widened to i64.
fn float_to_int(x: f64, dtype: DType) -> i64 {
    const I32_END: f64 = 2147483648.0; // 2^31
    const I64_END: f64 = 9223372036854775808.0; // 2^63
    if dtype.itemsize() == 8 {
        return if (-I64_END..I64_END).contains(&x) { x as i64 } else { i64::MIN };
    }
    let wide = if (-I32_END..I32_END).contains(&x) { x as i32 } else { i32::MIN };
    with_native_type!(dtype, T => wide as T as i64)
}

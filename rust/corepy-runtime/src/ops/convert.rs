//! dtype conversion (`astype`).
use std::ffi::c_void;

use super::{check_operand, ELEMENTWISE_MIN_CHUNK};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels;
use crate::scheduler::{for_each_chunk, SharedPtr};
use crate::tensor::Tensor;

/// A contiguous copy of `t` converted to `dtype` (NumPy's `astype`, casting
/// "unsafe": float -> int truncates; NaN/out of range gives the int minimum).
pub fn astype(t: &Tensor, dtype: DType) -> Result<Tensor> {
    check_operand("astype", t)?;
    let kernel = kernels::current().cast[t.dtype().index()][dtype.index()]
        .expect("every dtype pair has a cast kernel");
    let out = Tensor::uninit(t.shape(), dtype)?;
    let (src, dst) = (SharedPtr(t.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let (isz, osz) = (t.dtype().itemsize(), dtype.itemsize());
    for_each_chunk(t.numel(), ELEMENTWISE_MIN_CHUNK, 64, |start, len| {
        // SAFETY: [start, start+len) lies inside both buffers (same element
        // count); chunks are disjoint; `out` is not shared until we return.
        unsafe { kernel(src.at(start * isz) as *const c_void, dst.at(start * osz) as *mut c_void, len) }
    });
    Ok(out)
}

/// `t` itself when it already has `dtype`, else a converted copy.
pub(crate) fn to_dtype(t: &Tensor, dtype: DType) -> Result<Tensor> {
    if t.dtype() == dtype {
        Ok(t.clone())
    } else {
        astype(t, dtype)
    }
}

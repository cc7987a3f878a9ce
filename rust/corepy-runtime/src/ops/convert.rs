//! dtype conversion (`astype`).
use std::ffi::c_void;

use super::nditer::{broadcast_strides, Plan};
use super::{check_device, ELEMENTWISE_MIN_CHUNK};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels;
use crate::scheduler::{for_each_chunk, SharedPtr};
use crate::tensor::Tensor;

/// A contiguous copy of `t` converted to `dtype` (NumPy's `astype`, casting
/// "unsafe": float -> int truncates; NaN/out of range gives the int minimum).
pub fn astype(t: &Tensor, dtype: DType) -> Result<Tensor> {
    check_device("astype", t)?;
    let out = Tensor::uninit(t.shape(), dtype)?;
    copy_into(t, &out)?;
    Ok(out)
}

/// Write `src` (converted to `dst`'s dtype, broadcast to `dst`'s shape) into
/// `dst`'s elements, through any strides. Overlap is the caller's concern.
pub(crate) fn copy_into(src: &Tensor, dst: &Tensor) -> Result<()> {
    let table = kernels::current();
    let (from, to) = (src.dtype().index(), dst.dtype().index());
    if src.is_contiguous() && dst.is_contiguous() && src.shape() == dst.shape() {
        let kernel = table.cast[from][to].expect("every dtype pair has a cast kernel");
        let (s, d) = (SharedPtr(src.data_ptr() as *mut u8), SharedPtr(dst.data_ptr_mut()));
        let (isz, osz) = (src.dtype().itemsize(), dst.dtype().itemsize());
        for_each_chunk(src.numel(), ELEMENTWISE_MIN_CHUNK, 64, |start, len| {
            // SAFETY: [start, start+len) lies inside both buffers (same element
            // count); chunks are disjoint.
            unsafe { kernel(s.at(start * isz) as *const c_void, d.at(start * osz) as *mut c_void, len) }
        });
        return Ok(());
    }
    let strided = table.cast_strided[from][to].expect("every dtype pair has a strided cast kernel");
    let src_strides = broadcast_strides(src.shape(), src.strides(), dst.shape());
    let plan = Plan::new(dst.shape(), [src_strides, dst.strides().to_vec()]);
    let [si, so] = plan.inner_strides();
    plan.for_each_row(
        [SharedPtr(src.data_ptr() as *mut u8), SharedPtr(dst.data_ptr_mut())],
        [src.dtype().itemsize(), dst.dtype().itemsize()],
        ELEMENTWISE_MIN_CHUNK,
        |[s, d], len| {
            // SAFETY: the plan visits only element offsets of the two layouts
            // (validated views of live storages); rows are disjoint in dst.
            unsafe { strided(s as *const c_void, si, d as *mut c_void, so, len) }
        },
    );
    Ok(())
}

/// A bool tensor whose bytes may be any value (imported from a foreign
/// buffer), with every nonzero byte made 1: NumPy's truth value, and the
/// 0/1 invariant that the bool kernels rely on.
pub fn canonical_bool(t: &Tensor) -> Result<Tensor> {
    check_device("tensor", t)?;
    // Reading the bytes as uint8 and casting uint8 -> bool is exactly `!= 0`.
    let raw = t.with_dtype_unchecked(DType::U8);
    astype(&raw, DType::Bool)
}

/// `t` itself when it already has `dtype`, else a converted copy.
pub(crate) fn to_dtype(t: &Tensor, dtype: DType) -> Result<Tensor> {
    if t.dtype() == dtype {
        Ok(t.clone())
    } else {
        astype(t, dtype)
    }
}

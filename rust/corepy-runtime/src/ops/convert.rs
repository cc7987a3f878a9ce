//! dtype conversion (`astype`).
use std::ffi::c_void;

use super::check_device;
use super::executor::{Elementwise, Operand as LoopOperand};
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels;
use crate::scheduler::Work;
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
    let ops = [LoopOperand::of(src, src.data_ptr() as *mut u8), LoopOperand::of(dst, dst.data_ptr_mut())];
    let plan = Elementwise::new(dst.shape(), ops, Work::Elementwise);
    let [si, so] = plan.inner_strides();
    let contiguous = table.cast[from][to].filter(|_| si == 1 && so == 1);
    let strided = table.cast_strided[from][to].expect("every dtype pair has a strided cast kernel");
    plan.run(|[s, d], len| {
        // SAFETY: the executor visits only element offsets of the two
        // layouts (validated views of live storages); rows are disjoint in dst.
        unsafe {
            match contiguous {
                Some(k) => k(s as *const c_void, d as *mut c_void, len),
                None => strided(s as *const c_void, si, d as *mut c_void, so, len),
            }
        }
    });
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

//! Order statistics that select or reduce along an axis: argmax, argmin
//! (one index per row) and unique (sorted distinct values). They run on the
//! row plumbing of `rows`.
use std::ffi::c_void;

use super::check_device;
use super::rows::{along_axis, axis_last, resolve, RowOp};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels;
use crate::scheduler::{for_each_chunk, SharedPtr, ARG_EXTREME_MIN_ELEMS};
use crate::tensor::Tensor;

/// Index of the largest (or smallest) element along `axis` (None: of the
/// flattened tensor). Empty runs raise ValueError, as NumPy.
pub fn arg_extreme(max: bool, t: &Tensor, axis: Option<i64>, keepdims: bool) -> Result<Tensor> {
    let name = if max { "argmax" } else { "argmin" };
    check_device(name, t)?;
    let (src, axis_n) = resolve(name, t, axis)?;
    let len = src.shape()[axis_n];
    if len == 0 {
        return Err(Error::InvalidArgument(format!("{name}: attempt to get {name} of an empty sequence")));
    }
    // Rows already contiguous along the axis are read in place (the kernel
    // only reads); otherwise they are copied into that layout first.
    let rows = if axis_n + 1 == src.ndim() && src.is_contiguous() { src.clone() } else { axis_last(&src, axis_n)?.0 };
    let count = rows.numel() / len;
    let out = Tensor::uninit(&[count], DType::I64)?;
    let table = kernels::current();
    let kernel = if max { table.argmax[rows.dtype().index()] } else { table.argmin[rows.dtype().index()] }.expect("exists");
    let (x, y) = (SharedPtr(rows.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let isz = rows.dtype().itemsize();
    for_each_chunk(count, (ARG_EXTREME_MIN_ELEMS / len).max(1), 1, |first, n| {
        for r in first..first + n {
            // SAFETY: row r is inside `rows`; slot r is inside `out`.
            unsafe { kernel(x.at(r * len * isz) as *const c_void, len, y.at(r * 8) as *mut i64) }
        }
    });
    let mut shape: Vec<i64> = src.shape().iter().enumerate().filter(|&(d, _)| d != axis_n).map(|(_, &s)| s as i64).collect();
    if keepdims {
        match axis {
            None => shape = vec![1; t.ndim()],
            Some(_) => shape.insert(axis_n, 1),
        }
    }
    out.reshape(&shape)
}

/// Sorted distinct values of the flattened tensor.
pub fn unique(t: &Tensor) -> Result<Tensor> {
    check_device("unique", t)?;
    let sorted = along_axis(RowOp::Sort, t, None)?.contiguous()?;
    let n = sorted.numel();
    let out = Tensor::uninit(&[n], sorted.dtype())?;
    let mut count = 0usize;
    if n > 0 {
        let kernel = kernels::current().unique[sorted.dtype().index()].expect("unique exists");
        // SAFETY: sorted holds n elements; out has room for n; count is a
        // valid usize slot.
        unsafe { kernel(sorted.data_ptr() as *const c_void, n, out.data_ptr_mut() as *mut c_void, &mut count) };
    }
    out.index(&[crate::basic_index::IndexItem::Slice { start: Some(0), stop: Some(count as i64), step: None }])
}

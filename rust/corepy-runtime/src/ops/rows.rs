//! Ops that map each row along one axis to a row of the same length: sort
//! and argsort (ordering), cumsum and cumprod (scans). One executor runs
//! them all: the axis is moved last and made contiguous, then each row is one
//! C++ kernel call (rows split across threads). The axis plumbing here is
//! shared with `ordering` (argmax, argmin, unique).
use std::ffi::c_void;

use super::check_device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels;
use crate::scheduler::{for_each_chunk, SharedPtr, ROW_OPS_MIN_ELEMS};
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// `t` with `axis` moved last, as a contiguous copy the caller may overwrite,
/// plus the permutation that undoes the move.
pub(super) fn axis_last(t: &Tensor, axis: usize) -> Result<(Tensor, Vec<i64>)> {
    let n = t.ndim();
    let mut order: Vec<i64> = (0..n).filter(|&d| d != axis).map(|d| d as i64).collect();
    order.push(axis as i64);
    let moved = t.permute_dims(&order)?.contiguous_copy()?;
    let mut inverse = vec![0i64; n];
    for (i, &o) in order.iter().enumerate() {
        inverse[o as usize] = i as i64;
    }
    Ok((moved, inverse))
}

/// `t` and the axis to work along: None flattens (axis 0 of the flattened
/// tensor); a 0-d tensor has no axis.
pub(super) fn resolve(op: &str, t: &Tensor, axis: Option<i64>) -> Result<(Tensor, usize)> {
    match axis {
        None => Ok((t.reshape(&[-1])?, 0)),
        Some(a) => {
            if t.ndim() == 0 {
                return Err(Error::InvalidArgument(format!("{op}: axis {a} is out of bounds for a 0-d tensor")));
            }
            Ok((t.clone(), normalize_axis(op, a, t.ndim())?))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOp {
    Sort,
    Argsort,
    Cumsum,
    Cumprod,
}

impl RowOp {
    const ALL: [RowOp; 4] = [RowOp::Sort, RowOp::Argsort, RowOp::Cumsum, RowOp::Cumprod];

    pub fn name(self) -> &'static str {
        match self {
            RowOp::Sort => "sort",
            RowOp::Argsort => "argsort",
            RowOp::Cumsum => "cumsum",
            RowOp::Cumprod => "cumprod",
        }
    }

    pub fn parse(name: &str) -> Result<RowOp> {
        RowOp::ALL.into_iter().find(|op| op.name() == name).ok_or_else(|| Error::InvalidArgument(format!("unknown axis function '{name}'")))
    }
}

/// Sort-like and scan ops: same shape as the input along `axis` (default -1
/// for sort/argsort; None flattens, as NumPy's cumsum(axis=None)).
pub fn along_axis(op: RowOp, t: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    let name = op.name();
    check_device(name, t)?;
    let (t, axis) = resolve(name, t, axis)?;
    let (rows, inverse) = axis_last(&t, axis)?;
    let len = t.shape()[axis];
    let count = if len == 0 { 0 } else { rows.numel() / len };
    let dt = rows.dtype();
    let table = kernels::current();
    let out_dtype = match op {
        RowOp::Sort => dt,
        RowOp::Argsort => DType::I64,
        RowOp::Cumsum | RowOp::Cumprod => super::reduce::ReduceOp::Sum.result_dtype(dt),
    };
    let out = if op == RowOp::Sort { rows.clone() } else { Tensor::uninit(rows.shape(), out_dtype)? };
    let (src, dst) = (SharedPtr(rows.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let (isz, osz) = (dt.itemsize(), out_dtype.itemsize());
    let min_rows = (ROW_OPS_MIN_ELEMS / len.max(1)).max(1);
    for_each_chunk(count, min_rows, 1, |first, n| {
        for r in first..first + n {
            let (x, y) = (src.at(r * len * isz), dst.at(r * len * osz));
            // SAFETY: row r spans len elements inside `rows` and `out` (both
            // contiguous with count*len elements); each row belongs to one task.
            unsafe {
                match op {
                    RowOp::Sort => table.sort[dt.index()].expect("sort exists")(y as *mut c_void, len),
                    RowOp::Argsort => table.argsort[dt.index()].expect("argsort exists")(x as *const c_void, len, y as *mut i64),
                    RowOp::Cumsum => table.cumsum[dt.index()].expect("cumsum exists")(x as *const c_void, len, y as *mut c_void),
                    RowOp::Cumprod => table.cumprod[dt.index()].expect("cumprod exists")(x as *const c_void, len, y as *mut c_void),
                }
            }
        }
    });
    out.permute_dims(&inverse)
}

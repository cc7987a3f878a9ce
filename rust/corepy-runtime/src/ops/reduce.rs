//! Reductions: sum, prod, max, min (over all elements or over axes), and
//! any/all. mean, var and std, which combine a reduction with elementwise
//! arithmetic, are in `stats`.
//!
//! The input is cut into fixed blocks of REDUCE_BLOCK elements whatever the
//! thread count, each block reduced by one kernel call into a partials
//! buffer, and the partials reduced by the same kernel. So the result is the
//! same for any number of threads, and float sums stay pairwise.
use std::ffi::c_void;

use super::{check_device, check_operand};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels;
use crate::registry::BinaryOp;
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr, Work, REDUCE_MIN_BLOCKS_PER_THREAD};
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

const REDUCE_BLOCK: usize = 1 << 16;

pub use crate::registry::ReduceOp;

/// Reduce every element of `t` to a 0-d tensor.
pub fn reduce_all(op: ReduceOp, t: &Tensor) -> Result<Tensor> {
    if !t.is_contiguous() {
        return reduce_all(op, &t.contiguous()?);
    }
    check_operand(op.name(), t)?;
    let n = t.numel();
    let out_dtype = op.result_dtype(t.dtype());
    if n == 0 {
        return match op {
            ReduceOp::Sum => super::creation::full(&[], out_dtype, Scalar::Int(0)),
            ReduceOp::Prod => super::creation::full(&[], out_dtype, Scalar::Int(1)),
            _ => Err(Error::EmptyReduction { op: op.name() }),
        };
    }
    let table = kernels::current();
    let kernel = table.reduce[op as usize][t.dtype().index()].expect("reductions exist for every dtype");
    let out = Tensor::uninit(&[], out_dtype)?;
    let size = t.dtype().itemsize();
    let blocks = n.div_ceil(REDUCE_BLOCK);
    if blocks == 1 {
        // SAFETY: n valid input elements; the output holds one out_dtype element.
        unsafe { kernel(t.data_ptr() as *const c_void, n, out.data_ptr_mut() as *mut c_void) };
        return Ok(out);
    }
    let partials = Tensor::uninit(&[blocks], out_dtype)?;
    let (src, parts) = (SharedPtr(t.data_ptr() as *mut u8), SharedPtr(partials.data_ptr_mut()));
    let psize = out_dtype.itemsize();
    for_each_chunk(blocks, REDUCE_MIN_BLOCKS_PER_THREAD, 1, |first, count| {
        for b in first..first + count {
            let start = b * REDUCE_BLOCK;
            let len = REDUCE_BLOCK.min(n - start);
            // SAFETY: block b is inside the input; partial slot b is inside
            // `partials`; each block is written by exactly one task.
            unsafe { kernel(src.at(start * size) as *const c_void, len, parts.at(b * psize) as *mut c_void) };
        }
    });
    // Combine the partials (already in the result dtype) with that dtype's kernel.
    let combine = table.reduce[op as usize][out_dtype.index()].expect("reductions exist for every dtype");
    // SAFETY: `blocks` partials of out_dtype; one output element.
    unsafe { combine(partials.data_ptr() as *const c_void, blocks, out.data_ptr_mut() as *mut c_void) };
    Ok(out)
}

/// Reduce over `axes` (all when None), NumPy style: negative axes count from
/// the end, `keepdims` leaves the reduced dimensions with size 1.
///
/// Plan: reduced axes at the end of a contiguous input give rows, each one
/// contiguous kernel call (threads take whole rows); otherwise the input is
/// arranged as [reduced, kept] and the kept elements accumulate one reduced
/// slice at a time with the matching binary kernel (threads take column
/// blocks), as NumPy does for non-contiguous reductions.
pub fn reduce_axes(op: ReduceOp, t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    check_device(op.name(), t)?;
    let n = t.ndim();
    let reduced = reduced_axes(op.name(), n, axes)?;
    let kept_shape: Vec<usize> = (0..n).filter(|&i| !reduced[i]).map(|i| t.shape()[i]).collect();
    let keep_shape: Vec<usize> = (0..n).map(|i| if reduced[i] { 1 } else { t.shape()[i] }).collect();
    let r_count: usize = (0..n).filter(|&i| reduced[i]).map(|i| t.shape()[i]).product();
    let k_count: usize = kept_shape.iter().product();
    let out_dtype = op.result_dtype(t.dtype());
    let finish = |out: Tensor| -> Result<Tensor> {
        let target: Vec<i64> = if keepdims { &keep_shape } else { &kept_shape }.iter().map(|&d| d as i64).collect();
        out.reshape(&target)
    };
    if !reduced.iter().any(|&r| r) {
        // axis=(): nothing to combine; each element is its own result.
        return super::convert::astype(t, out_dtype);
    }
    if r_count == 0 {
        return match op {
            ReduceOp::Sum => finish(super::creation::zeros(&kept_shape, out_dtype)?),
            ReduceOp::Prod => finish(super::creation::ones(&kept_shape, out_dtype)?),
            _ => Err(Error::EmptyReduction { op: op.name() }),
        };
    }
    if k_count == 0 {
        return finish(Tensor::uninit(&kept_shape, out_dtype)?);
    }
    if k_count == 1 {
        return finish(reduce_all(op, &t.contiguous()?)?);
    }
    let x = t.contiguous()?;
    let first_reduced = (0..n).position(|i| reduced[i]).expect("r_count > 0");
    let suffix = (first_reduced..n).all(|i| reduced[i]);
    if suffix {
        // [K, R]: one contiguous kernel call per output element.
        let kernel = kernels::current().reduce[op as usize][x.dtype().index()].expect("reductions exist for every dtype");
        let out = Tensor::uninit(&kept_shape, out_dtype)?;
        let (src, dst) = (SharedPtr(x.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
        let (isz, osz) = (x.dtype().itemsize(), out_dtype.itemsize());
        let min_rows = (Work::Elementwise.min_chunk() / r_count).max(1);
        for_each_chunk(k_count, min_rows, 1, |first, count| {
            for row in first..first + count {
                // SAFETY: row `row` spans r_count elements inside x; output
                // slot `row` is inside `out` and written by this task only.
                unsafe { kernel(src.at(row * r_count * isz) as *const c_void, r_count, dst.at(row * osz) as *mut c_void) }
            }
        });
        return finish(out);
    }
    // [R, K] in the accumulator dtype, contiguous.
    let reduced_axes = reduced.iter().filter(|&&r| r).count();
    let prefix = (0..n).all(|i| reduced[i] == (i < reduced_axes));
    let rk = if prefix {
        super::convert::to_dtype(&x, out_dtype)?
    } else {
        let order: Vec<i64> = (0..n).filter(|&i| reduced[i]).chain((0..n).filter(|&i| !reduced[i])).map(|i| i as i64).collect();
        super::convert::astype(&x.permute_dims(&order)?, out_dtype)?
    };
    let rk = super::convert::to_dtype(&rk, out_dtype)?;
    let bin = match op {
        ReduceOp::Sum => BinaryOp::Add,
        ReduceOp::Max => BinaryOp::Maximum,
        ReduceOp::Min => BinaryOp::Minimum,
        ReduceOp::Prod => BinaryOp::Mul,
    };
    let kernel = kernels::current().binary[bin as usize][out_dtype.index()][0].expect("accumulating kernels exist");
    let copy = kernels::current().cast[out_dtype.index()][out_dtype.index()].expect("copy kernel exists");
    let out = Tensor::uninit(&kept_shape, out_dtype)?;
    let size = out_dtype.itemsize();
    let (src, dst) = (SharedPtr(rk.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let min_cols = (Work::Elementwise.min_chunk() / r_count).max(256);
    for_each_chunk(k_count, min_cols, 64, |c0, cols| {
        // SAFETY: columns [c0, c0+cols) of every row r lie inside rk (R x K);
        // the same columns of `out` are written by this task only; the vv
        // kernel reads and writes the accumulator at the same positions.
        unsafe {
            copy(src.at(c0 * size) as *const c_void, dst.at(c0 * size) as *mut c_void, cols);
            for r in 1..r_count {
                let acc = dst.at(c0 * size);
                kernel(acc as *const c_void, src.at((r * k_count + c0) * size) as *const c_void, acc as *mut c_void, cols);
            }
        }
    });
    finish(out)
}

/// Which of `ndim` dimensions `axes` reduces (all when None): negative axes
/// count from the end; an axis out of range or given twice is an error.
pub(super) fn reduced_axes(name: &'static str, ndim: usize, axes: Option<&[i64]>) -> Result<Vec<bool>> {
    let mut reduced = vec![axes.is_none(); ndim];
    for &a in axes.unwrap_or(&[]) {
        let a = normalize_axis(name, a, ndim)?;
        if std::mem::replace(&mut reduced[a], true) {
            return Err(Error::InvalidArgument(format!("{name}: duplicate value in 'axis'")));
        }
    }
    Ok(reduced)
}

/// Count of elements each output of an axis reduction combines.
pub(super) fn reduced_count(t: &Tensor, axes: Option<&[i64]>) -> Result<usize> {
    Ok(match axes {
        None => t.numel(),
        Some(list) => {
            let mut c = 1usize;
            for &a in list {
                c *= t.shape()[normalize_axis("mean", a, t.ndim())?];
            }
            c
        }
    })
}

/// any/all: bool max/min (logical or/and) over axes.
pub fn any_all(all: bool, t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let b = if t.dtype() == DType::Bool { t.clone() } else { super::convert::astype(t, DType::Bool)? };
    let op = if all { ReduceOp::Min } else { ReduceOp::Max };
    let has_empty_reduction = reduced_count(&b, axes)? == 0;
    if has_empty_reduction {
        // any() of nothing is False, all() of nothing is True.
        let shape = reduce_axes(ReduceOp::Sum, &b, axes, keepdims)?.shape().to_vec();
        return super::creation::full(&shape, DType::Bool, Scalar::Bool(all));
    }
    reduce_axes(op, &b, axes, keepdims)
}

pub fn sum(t: &Tensor) -> Result<Tensor> {
    reduce_all(ReduceOp::Sum, t)
}

pub fn max(t: &Tensor) -> Result<Tensor> {
    reduce_all(ReduceOp::Max, t)
}

pub fn min(t: &Tensor) -> Result<Tensor> {
    reduce_all(ReduceOp::Min, t)
}

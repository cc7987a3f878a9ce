//! Reductions over all elements: sum, mean, max, min.
//!
//! The input is cut into fixed blocks of REDUCE_BLOCK elements whatever the
//! thread count, each block reduced by one kernel call into a partials
//! buffer, and the partials reduced by the same kernel. So the result is the
//! same for any number of threads, and float sums stay pairwise.
use std::ffi::c_void;

use super::check_operand;
use super::convert::to_dtype;
use super::elementwise::{binary, BinaryOp, Operand};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels;
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr};
use crate::tensor::Tensor;

const REDUCE_BLOCK: usize = 1 << 16;
/// Blocks per thread-chunk below which reductions stay serial.
const REDUCE_MIN_BLOCKS_PER_THREAD: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReduceOp {
    Sum = 0,
    Max = 1,
    Min = 2,
}

impl ReduceOp {
    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Max => "maximum",
            ReduceOp::Min => "minimum",
        }
    }

    /// The dtype the result has (NumPy: integer and bool sums are int64).
    pub fn result_dtype(self, input: DType) -> DType {
        match (self, input) {
            (ReduceOp::Sum, DType::Bool | DType::I32 | DType::I64) => DType::I64,
            (_, d) => d,
        }
    }
}

/// Reduce every element of `t` to a 0-d tensor.
pub fn reduce_all(op: ReduceOp, t: &Tensor) -> Result<Tensor> {
    check_operand(op.name(), t)?;
    let n = t.numel();
    let out_dtype = op.result_dtype(t.dtype());
    if n == 0 {
        return match op {
            ReduceOp::Sum => super::creation::full(&[], out_dtype, Scalar::Int(0)),
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

pub fn sum(t: &Tensor) -> Result<Tensor> {
    reduce_all(ReduceOp::Sum, t)
}

pub fn max(t: &Tensor) -> Result<Tensor> {
    reduce_all(ReduceOp::Max, t)
}

pub fn min(t: &Tensor) -> Result<Tensor> {
    reduce_all(ReduceOp::Min, t)
}

/// Arithmetic mean; integer and bool inputs are averaged in float64 (NumPy).
/// An empty tensor gives NaN, as in NumPy (which also warns).
pub fn mean(t: &Tensor) -> Result<Tensor> {
    check_operand("mean", t)?;
    let work = if t.dtype().is_float() { t.clone() } else { to_dtype(t, DType::F64)? };
    let s = sum(&work)?;
    binary(BinaryOp::Div, Operand::Tensor(&s), Operand::Scalar(Scalar::Float(t.numel() as f64)))
}

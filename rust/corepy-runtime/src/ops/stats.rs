//! Statistics built from a reduction and elementwise arithmetic: mean, var
//! and std. Integer and bool inputs are averaged in float64, as NumPy.
use super::check_operand;
use super::convert::{astype, to_dtype};
use super::elementwise::{binary, BinaryOp, Operand};
use super::reduce::{reduce_axes, reduced_count, sum, ReduceOp};
use super::unary::{unary, UnaryOp};
use crate::dtype::DType;
use crate::error::Result;
use crate::scalar::Scalar;
use crate::tensor::Tensor;

/// Arithmetic mean; integer and bool inputs are averaged in float64 (NumPy).
/// An empty tensor gives NaN, as in NumPy (which also warns).
pub fn mean(t: &Tensor) -> Result<Tensor> {
    if !t.is_contiguous() {
        return mean(&t.contiguous()?);
    }
    check_operand("mean", t)?;
    let work = if t.dtype().is_float() { t.clone() } else { to_dtype(t, DType::F64)? };
    let s = sum(&work)?;
    binary(BinaryOp::Div, Operand::Tensor(&s), Operand::Scalar(Scalar::Float(t.numel() as f64)))
}

/// Mean over axes (float64 for int and bool inputs).
pub fn mean_axes(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let work = if t.dtype().is_float() { t.clone() } else { astype(t, DType::F64)? };
    let s = reduce_axes(ReduceOp::Sum, &work, axes, keepdims)?;
    let count = reduced_count(t, axes)?;
    binary(BinaryOp::Div, Operand::Tensor(&s), Operand::Scalar(Scalar::Float(count as f64)))
}

/// Variance with `ddof` (NumPy's `correction`): sum((x - mean)^2) / (N - ddof).
pub fn var_axes(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, ddof: f64) -> Result<Tensor> {
    let work = if t.dtype().is_float() { t.clone() } else { astype(t, DType::F64)? };
    let m = mean_axes(&work, axes, true)?;
    let d = binary(BinaryOp::Sub, Operand::Tensor(&work), Operand::Tensor(&m))?;
    let sq = binary(BinaryOp::Mul, Operand::Tensor(&d), Operand::Tensor(&d))?;
    let s = reduce_axes(ReduceOp::Sum, &sq, axes, keepdims)?;
    let count = reduced_count(t, axes)? as f64 - ddof;
    binary(BinaryOp::Div, Operand::Tensor(&s), Operand::Scalar(Scalar::Float(count.max(0.0))))
}

pub fn std_axes(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, ddof: f64) -> Result<Tensor> {
    unary(UnaryOp::Sqrt, &var_axes(t, axes, keepdims, ddof)?)
}

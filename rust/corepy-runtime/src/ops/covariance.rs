//! cov and corrcoef, as NumPy: variables in rows (or columns), centred by
//! their means, one matrix product, scaled by 1 / (N - ddof).
use super::check_device;
use super::composite_elementwise::clip;
use super::convert::astype;
use super::elementwise::{BinaryOp, Operand};
use super::indexing::take;
use super::manipulate::concat;
use super::matmul::matmul;
use super::statistics::{bin, bin_s};
use super::stats::mean_axes;
use super::unary::{unary, UnaryOp};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::promotion::promote;
use crate::scalar::Scalar;
use crate::tensor::Tensor;

/// `t` in `dtype` with at least two dimensions (NumPy's ndmin=2).
fn at_least_2d(t: &Tensor, dtype: DType) -> Result<Tensor> {
    let t = astype(t, dtype)?;
    match t.ndim() {
        0 => t.reshape(&[1, 1]),
        1 => t.reshape(&[1, t.numel() as i64]),
        _ => Ok(t),
    }
}

/// NumPy's cov (without frequency or analytic weights).
pub fn cov(m: &Tensor, y: Option<&Tensor>, rowvar: bool, bias: bool, ddof: Option<f64>) -> Result<Tensor> {
    check_device("cov", m)?;
    if let Some(d) = ddof {
        if d.fract() != 0.0 || !d.is_finite() {
            return Err(Error::InvalidArgument("cov: ddof must be integer".into()));
        }
    }
    if m.ndim() > 2 {
        return Err(Error::InvalidArgument("cov: m has more than 2 dimensions".into()));
    }
    let mut dtype = promote(m.dtype(), DType::F64);
    if let Some(y) = y {
        check_device("cov", y)?;
        if y.ndim() > 2 {
            return Err(Error::InvalidArgument("cov: y has more than 2 dimensions".into()));
        }
        dtype = promote(dtype, y.dtype());
    }
    let mut x = at_least_2d(m, dtype)?;
    if !rowvar && m.ndim() != 1 {
        x = x.transpose();
    }
    if x.shape()[0] == 0 {
        return super::creation::zeros(&[0, 0], DType::F64);
    }
    if let Some(y) = y {
        let mut y2 = at_least_2d(y, dtype)?;
        if !rowvar && y2.shape()[0] != 1 {
            y2 = y2.transpose();
        }
        x = concat(&[x, y2], 0).map_err(|e| match e {
            Error::ShapeMismatch { lhs, rhs, .. } => Error::ShapeMismatch { op: "cov", lhs, rhs },
            other => other,
        })?;
    }
    let ddof = ddof.unwrap_or(if bias { 0.0 } else { 1.0 });
    let mut fact = x.shape()[1] as f64 - ddof;
    if fact <= 0.0 {
        fact = 0.0;
    }
    let avg = mean_axes(&x, Some(&[1]), true)?;
    let centred = bin(BinaryOp::Sub, &x, &avg)?;
    let c = matmul(&centred, &centred.transpose())?;
    let c = bin_s(BinaryOp::Mul, &c, Scalar::Float(1.0 / fact))?;
    c.squeeze(None)
}

/// NumPy's corrcoef: cov scaled by the standard deviations, clipped to [-1, 1].
pub fn corrcoef(x: &Tensor, y: Option<&Tensor>, rowvar: bool) -> Result<Tensor> {
    let c = cov(x, y, rowvar, false, None).map_err(|e| match e {
        Error::InvalidArgument(m) => Error::InvalidArgument(m.replacen("cov: ", "corrcoef: ", 1)),
        other => other,
    })?;
    if c.ndim() == 0 {
        return bin(BinaryOp::Div, &c, &c);
    }
    let n = c.shape()[0] as i64;
    let diag_idx = super::creation::arange(Scalar::Int(0), Scalar::Int(n * n), Scalar::Int(n + 1), Some(DType::I64))?;
    let d = take(&c.reshape(&[-1])?, &diag_idx, None)?;
    let sd = unary(UnaryOp::Sqrt, &d)?;
    let c = bin(BinaryOp::Div, &c, &sd.reshape(&[n, 1])?)?;
    let c = bin(BinaryOp::Div, &c, &sd.reshape(&[1, n])?)?;
    clip(&c, Some(Operand::Scalar(Scalar::Int(-1))), Some(Operand::Scalar(Scalar::Int(1))))
}

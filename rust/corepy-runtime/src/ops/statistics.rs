//! NaN-aware reductions (nansum, nanmean, nanvar, nanmax, nanargmax, ...),
//! nan_to_num and average, as NumPy computes them: NaNs are replaced by the
//! reduction's neutral value with `where`, then the ordinary reduction runs.
//! Each function is one op: it validates its arguments once and composes the
//! elementwise, reduction and scan kernels. The small helpers at the top are
//! shared with `quantile`, `histogram` and `covariance`.
use super::convert::{astype, copy_into, to_dtype};
use super::elementwise::{binary, compare, BinaryOp, CompareOp, Operand};
use super::reduce::{any_all, reduce_axes, ReduceOp};
use super::rows::{along_axis, RowOp};
use super::stats::{mean_axes, var_axes};
use super::unary::{predicate, unary, where_, Predicate, UnaryOp};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::scalar::Scalar;
use crate::tensor::Tensor;

pub(super) fn bin(op: BinaryOp, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    binary(op, Operand::Tensor(a), Operand::Tensor(b))
}

pub(super) fn bin_s(op: BinaryOp, a: &Tensor, s: Scalar) -> Result<Tensor> {
    binary(op, Operand::Tensor(a), Operand::Scalar(s))
}

/// `s op a` with the scalar on the left (`1 - t`).
pub(super) fn s_bin(op: BinaryOp, s: Scalar, a: &Tensor) -> Result<Tensor> {
    binary(op, Operand::Scalar(s), Operand::Tensor(a))
}

pub(super) fn cmp(op: CompareOp, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    compare(op, Operand::Tensor(a), Operand::Tensor(b))
}

pub(super) fn cmp_s(op: CompareOp, a: &Tensor, s: Scalar) -> Result<Tensor> {
    compare(op, Operand::Tensor(a), Operand::Scalar(s))
}

pub(super) fn isnan(t: &Tensor) -> Result<Tensor> {
    predicate(Predicate::IsNan, t)
}

/// `where(c, s, x)`: the scalar (cast to x's dtype when x is a tensor of a
/// stronger kind) where c is true.
pub(super) fn fill_where(c: &Tensor, s: Scalar, x: &Tensor) -> Result<Tensor> {
    let filled = where_(c, Operand::Scalar(s), Operand::Tensor(x))?;
    to_dtype(&filled, x.dtype())
}

pub(super) fn select(c: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
    where_(c, Operand::Tensor(x), Operand::Tensor(y))
}

/// True when any element of a bool tensor is true (false when empty).
pub(super) fn any_true(t: &Tensor) -> Result<bool> {
    Ok(matches!(any_all(false, t, None, false)?.item()?, Scalar::Bool(true)))
}

/// The one element of a tensor as an i64 (counts, extremes).
pub(super) fn int_item(t: &Tensor) -> Result<i64> {
    Ok(match t.item()? {
        Scalar::Int(i) => i,
        Scalar::Bool(b) => b as i64,
        Scalar::Float(x) => x as i64,
    })
}

/// The one element of a tensor as an f64.
pub(super) fn float_item(t: &Tensor) -> Result<f64> {
    Ok(t.item()?.as_f64())
}

/// Floats stay; integers and bool become float64 (NumPy's averaging dtype).
pub(super) fn float_work(t: &Tensor) -> Result<Tensor> {
    if t.dtype().is_float() {
        Ok(t.clone())
    } else {
        astype(t, DType::F64)
    }
}

pub(super) fn i64_shape(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&d| d as i64).collect()
}

pub(super) use super::reduce::reduced_axes;

/// `t` with NaNs replaced by `value` (floats only; other dtypes unchanged)
/// and the NaN mask (None for dtypes without NaN), as NumPy's `_replace_nan`.
fn replace_nan(t: &Tensor, value: f64) -> Result<(Tensor, Option<Tensor>)> {
    if !t.dtype().is_float() {
        return Ok((t.clone(), None));
    }
    let mask = isnan(t)?;
    Ok((fill_where(&mask, Scalar::Float(value), t)?, Some(mask)))
}

/// The reduction a nan-aware function ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NanReduce {
    Sum,
    Prod,
    Max,
    Min,
}

impl NanReduce {
    pub fn parse(name: &str) -> Result<NanReduce> {
        Ok(match name {
            "nansum" => NanReduce::Sum,
            "nanprod" => NanReduce::Prod,
            "nanmax" => NanReduce::Max,
            "nanmin" => NanReduce::Min,
            _ => return Err(Error::InvalidArgument(format!("unknown nan-aware reduction '{name}'"))),
        })
    }
}

/// nansum / nanprod (NaN counts as 0 / 1) and nanmax / nanmin (NaN is
/// skipped; an all-NaN slice gives NaN, as NumPy's fmax/fmin reductions).
pub fn nan_reduce(op: NanReduce, t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let (fill, rop) = match op {
        NanReduce::Sum => (0.0, ReduceOp::Sum),
        NanReduce::Prod => (1.0, ReduceOp::Prod),
        NanReduce::Max => (f64::NEG_INFINITY, ReduceOp::Max),
        NanReduce::Min => (f64::INFINITY, ReduceOp::Min),
    };
    let (work, mask) = replace_nan(t, fill)?;
    let out = reduce_axes(rop, &work, axes, keepdims)?;
    match (op, mask) {
        (NanReduce::Max | NanReduce::Min, Some(mask)) => {
            let all_nan = any_all(true, &mask, axes, keepdims)?;
            fill_where(&all_nan, Scalar::Float(f64::NAN), &out)
        }
        _ => Ok(out),
    }
}

/// nancumsum / nancumprod: NaN counts as 0 / 1; axis None flattens.
pub fn nan_scan(prod: bool, t: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    let (work, _) = replace_nan(t, if prod { 1.0 } else { 0.0 })?;
    along_axis(if prod { RowOp::Cumprod } else { RowOp::Cumsum }, &work, axis)
}

/// nanargmax / nanargmin: NaN never wins; a slice of only NaN is a
/// ValueError, as NumPy.
pub fn nan_arg_extreme(max: bool, t: &Tensor, axis: Option<i64>, keepdims: bool) -> Result<Tensor> {
    let name = if max { "nanargmax" } else { "nanargmin" };
    let (work, mask) = replace_nan(t, if max { f64::NEG_INFINITY } else { f64::INFINITY })?;
    if let Some(mask) = mask {
        if mask.numel() > 0 {
            let axes = axis.map(|a| vec![a]);
            let all_nan = any_all(true, &mask, axes.as_deref(), false).map_err(|e| rename(e, name))?;
            if any_true(&all_nan)? {
                return Err(Error::InvalidArgument(format!("{name}: All-NaN slice encountered")));
            }
        }
    }
    super::ordering::arg_extreme(max, &work, axis, keepdims).map_err(|e| rename(e, name))
}

fn rename(e: Error, name: &str) -> Error {
    match e {
        Error::InvalidArgument(m) => Error::InvalidArgument(match m.split_once(": ") {
            Some((_, rest)) => format!("{name}: {rest}"),
            None => format!("{name}: {m}"),
        }),
        other => other,
    }
}

/// Non-NaN count over `axes` as int64 (the reduced shape).
fn count_valid(mask: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let valid = unary(UnaryOp::Invert, mask)?;
    reduce_axes(ReduceOp::Sum, &valid, axes, keepdims)
}

/// `tot / cnt` as NumPy's `_divide_by_count`: the quotient in float64 cast
/// back to tot's dtype (true_divide with out=tot, casting unsafe).
fn divide_by_count(tot: &Tensor, cnt: &Tensor) -> Result<Tensor> {
    let q = bin(BinaryOp::Div, tot, cnt)?;
    to_dtype(&q, tot.dtype())
}

/// nanmean: the mean of the non-NaN elements (NaN where there are none).
pub fn nanmean(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    let (work, mask) = replace_nan(t, 0.0)?;
    let Some(mask) = mask else {
        return mean_axes(t, axes, keepdims);
    };
    let cnt = count_valid(&mask, axes, keepdims)?;
    let tot = reduce_axes(ReduceOp::Sum, &work, axes, keepdims)?;
    divide_by_count(&tot, &cnt)
}

/// nanvar with `ddof`: NaNs left out of the mean and the squared
/// deviations; NaN where the degrees of freedom are <= 0.
pub fn nanvar(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, ddof: f64) -> Result<Tensor> {
    let (work, mask) = replace_nan(t, 0.0)?;
    let Some(mask) = mask else {
        return var_axes(t, axes, keepdims, ddof);
    };
    let cnt = count_valid(&mask, axes, true)?;
    let avg = divide_by_count(&reduce_axes(ReduceOp::Sum, &work, axes, true)?, &cnt)?;
    let dev = to_dtype(&bin(BinaryOp::Sub, &work, &avg)?, work.dtype())?;
    let dev = fill_where(&mask, Scalar::Float(0.0), &dev)?;
    let sq = bin(BinaryOp::Mul, &dev, &dev)?;
    let var = reduce_axes(ReduceOp::Sum, &sq, axes, keepdims)?;
    let cnt = cnt.reshape(&i64_shape(var.shape()))?;
    // dof = cnt - ddof: an integer when ddof is one, else float64 (NumPy).
    let ddof_scalar = if ddof.fract() == 0.0 && ddof.abs() < 9.0e15 { Scalar::Int(ddof as i64) } else { Scalar::Float(ddof) };
    let dof = bin_s(BinaryOp::Sub, &cnt, ddof_scalar)?;
    let var = divide_by_count(&var, &dof)?;
    let bad = cmp_s(CompareOp::Le, &dof, Scalar::Int(0))?;
    fill_where(&bad, Scalar::Float(f64::NAN), &var)
}

pub fn nanstd(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, ddof: f64) -> Result<Tensor> {
    let var = nanvar(t, axes, keepdims, ddof)?;
    unary(UnaryOp::Sqrt, &var)
}

/// NumPy's nan_to_num: NaN -> `nan`, +inf -> `posinf` (default: the
/// dtype's largest value), -inf -> `neginf` (default: its lowest), with the
/// replacement values cast to the tensor's dtype. Other dtypes are returned
/// as they are (a copy when `copy`). With `copy` false the tensor itself is
/// updated and returned.
pub fn nan_to_num(t: &Tensor, copy: bool, nan: f64, posinf: Option<f64>, neginf: Option<f64>) -> Result<Tensor> {
    super::check_device("nan_to_num", t)?;
    if !t.dtype().is_float() {
        return if copy { t.contiguous_copy() } else { Ok(t.clone()) };
    }
    let max = t.dtype().float_limits().expect("float dtype").max;
    let (posinf, neginf) = (posinf.unwrap_or(max), neginf.unwrap_or(-max));
    let mut out = fill_where(&isnan(t)?, Scalar::Float(nan), t)?;
    out = fill_where(&cmp_s(CompareOp::Eq, t, Scalar::Float(f64::INFINITY))?, Scalar::Float(posinf), &out)?;
    out = fill_where(&cmp_s(CompareOp::Eq, t, Scalar::Float(f64::NEG_INFINITY))?, Scalar::Float(neginf), &out)?;
    if copy {
        return Ok(out);
    }
    t.check_writable("nan_to_num")?;
    let _writing = t.lock_writes();
    copy_into(&out, t)?;
    Ok(t.clone())
}

/// The result of `average`: the weighted mean, the sum of the weights
/// (broadcast to the mean's shape), and whether a sum of weights was zero
/// (NumPy raises ZeroDivisionError then; the bridge does the same).
pub struct Average {
    pub avg: Tensor,
    pub scale: Tensor,
    pub zero_division: bool,
}

/// NumPy's average. Without weights: the mean, and a scale of
/// a.size / avg.size. With weights (a's shape, or 1-D along a single
/// axis / the axes' shape for a tuple of axes): sum(a * w) / sum(w) in
/// result_type(a, w) (at least float64 for integer and bool `a`).
pub fn average(t: &Tensor, axes: Option<&[i64]>, weights: Option<&Tensor>, keepdims: bool) -> Result<Average> {
    let Some(w) = weights else {
        let avg = mean_axes(t, axes, keepdims)?;
        let (n, m) = (t.numel(), avg.numel());
        if m == 0 {
            let scale = super::creation::zeros(avg.shape(), avg.dtype())?;
            return Ok(Average { avg, scale, zero_division: true });
        }
        let scale = super::creation::full(avg.shape(), avg.dtype(), Scalar::Float(n as f64 / m as f64))?;
        return Ok(Average { avg, scale, zero_division: false });
    };
    let mut dtype = crate::promotion::promote(t.dtype(), w.dtype());
    if !t.dtype().is_float() {
        dtype = crate::promotion::promote(dtype, DType::F64);
    }
    let ndim = t.ndim();
    let normalized: Option<Vec<usize>> = match axes {
        None => None,
        Some(list) => {
            reduced_axes("average", ndim, Some(list))?; // range and duplicates
            Some(list.iter().map(|&a| crate::shape::normalize_axis("average", a, ndim)).collect::<Result<_>>()?)
        }
    };
    let wgt = if w.shape() == t.shape() {
        w.clone()
    } else {
        let Some(axis_list) = &normalized else {
            // The bridge raises NumPy's TypeError before this point.
            return Err(Error::InvalidArgument("average: Axis must be specified when shapes of a and weights differ.".into()));
        };
        let along: Vec<usize> = axis_list.iter().map(|&a| t.shape()[a]).collect();
        if w.shape() != along.as_slice() {
            return Err(Error::InvalidArgument("average: Shape of weights must be consistent with shape of a along specified axis.".into()));
        }
        // Order the weight's dimensions by axis, then give it size-1 dims elsewhere.
        let mut order: Vec<usize> = (0..axis_list.len()).collect();
        order.sort_by_key(|&i| axis_list[i]);
        let permuted = w.permute_dims(&order.iter().map(|&i| i as i64).collect::<Vec<_>>())?;
        let target: Vec<i64> = (0..ndim).map(|d| if axis_list.contains(&d) { t.shape()[d] as i64 } else { 1 }).collect();
        permuted.reshape(&target)?
    };
    let wgt = to_dtype(&wgt, dtype)?;
    let scale = reduce_axes(ReduceOp::Sum, &wgt, axes, keepdims)?;
    let zero = any_true(&cmp_s(CompareOp::Eq, &scale, Scalar::Float(0.0))?)?;
    let prod = bin(BinaryOp::Mul, &to_dtype(t, dtype)?, &wgt)?;
    let num = reduce_axes(ReduceOp::Sum, &prod, axes, keepdims)?;
    let avg = bin(BinaryOp::Div, &num, &scale)?;
    let scale = if scale.shape() != avg.shape() { scale.broadcast_to(avg.shape())?.contiguous_copy()? } else { scale };
    Ok(Average { avg, scale, zero_division: zero })
}

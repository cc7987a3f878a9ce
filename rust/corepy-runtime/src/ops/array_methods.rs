//! NumPy functions and ndarray methods made of other ops: round with
//! decimals, ptp, fill, in-place sort, and linspace with its step and axis.
//! Each validates once at its entry; the arithmetic is the elementwise,
//! reduction and sort kernels.
use super::check_device;
use super::convert::{astype, copy_into};
use super::elementwise::{binary, BinaryOp, Operand};
use super::reduce::{reduce_axes, ReduceOp};
use super::rows::{along_axis, RowOp};
use super::subscript::{setitem, Index, IndexEntry};
use super::unary::{unary, UnaryOp};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::scalar::Scalar;
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// 10**n as NumPy's round computes it (a table up to 1e8, then repeated
/// multiplication by 10, which differs from the exact power in the last bit
/// for some n): the same scale gives the same results.
fn power_of_ten(n: u64) -> f64 {
    const P10: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if n < 9 {
        return P10[n as usize];
    }
    let mut ret: f64 = 1e9;
    let mut k = n;
    while k > 9 && ret.is_finite() {
        ret *= 10.0;
        k -= 1;
    }
    ret
}

/// NumPy's round(x, decimals): halves to even after scaling by 10**decimals
/// (x * 10**d for d > 0, x / 10**-d for d < 0, in x's dtype; the scale is a
/// weak Python float). Integers: a copy for d >= 0, else computed in
/// float64 and converted back. Bool: a copy for d = 0, refused otherwise.
pub fn round(t: &Tensor, decimals: i64) -> Result<Tensor> {
    check_device("round", t)?;
    let dt = t.dtype();
    if decimals == 0 {
        return unary(UnaryOp::Rint, t);
    }
    if dt == DType::Bool {
        return Err(Error::UnsupportedDType { op: "round", dtypes: vec![dt.name()], hint: "decimals other than 0 need a numeric dtype" });
    }
    if !dt.is_float() && decimals > 0 {
        return t.contiguous_copy();
    }
    let f = Operand::Scalar(Scalar::Float(power_of_ten(decimals.unsigned_abs())));
    let (first, second) = if decimals > 0 { (BinaryOp::Mul, BinaryOp::Div) } else { (BinaryOp::Div, BinaryOp::Mul) };
    let scaled = binary(first, Operand::Tensor(t), f)?;
    let rounded = unary(UnaryOp::Rint, &scaled)?;
    let back = binary(second, Operand::Tensor(&rounded), f)?;
    if back.dtype() != dt {
        return astype(&back, dt);
    }
    Ok(back)
}

/// NumPy's ptp: max - min over `axes` (all when None), in the input dtype
/// (integers wrap, as NumPy); bool is refused, as NumPy's subtract.
pub fn ptp(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    check_device("ptp", t)?;
    let rename = |e: Error| match e {
        Error::EmptyReduction { .. } => Error::EmptyReduction { op: "ptp" },
        other => other,
    };
    let hi = reduce_axes(ReduceOp::Max, t, axes, keepdims).map_err(rename)?;
    let lo = reduce_axes(ReduceOp::Min, t, axes, keepdims).map_err(rename)?;
    // After the reductions, whose empty-input error NumPy raises first.
    if t.dtype() == DType::Bool {
        return Err(Error::UnsupportedDType { op: "ptp", dtypes: vec!["bool"], hint: "ptp subtracts, which bool does not support" });
    }
    binary(BinaryOp::Sub, Operand::Tensor(&hi), Operand::Tensor(&lo))
}

/// ndarray.fill: every element set to `value` (converted as `t[...] = value`).
pub fn fill(t: &Tensor, value: Operand<'_>) -> Result<()> {
    check_device("fill", t)?;
    if let Operand::Tensor(v) = value {
        if v.numel() != 1 {
            return Err(Error::InvalidArgument(format!("fill: the value must be a scalar or hold one element, got {} elements", v.numel())));
        }
        let one = v.reshape(&[])?;
        return setitem(t, &Index::Single(IndexEntry::Ellipsis), Operand::Tensor(&one));
    }
    setitem(t, &Index::Single(IndexEntry::Ellipsis), value)
}

/// ndarray.sort: sort `t` in place along `axis` (NaN last).
pub fn sort_inplace(t: &Tensor, axis: i64) -> Result<()> {
    check_device("sort", t)?;
    if t.ndim() == 0 {
        return Err(Error::Index(format!("sort: axis {axis} is out of bounds for a tensor of dimension 0")));
    }
    normalize_axis("sort", axis, t.ndim())?;
    t.check_writable("sort")?;
    let sorted = along_axis(RowOp::Sort, t, Some(axis))?;
    let _writing = t.lock_writes();
    copy_into(&sorted, t)
}

/// NumPy's linspace for number endpoints: `num` values from `start` to
/// `stop` (float64 arithmetic; integer dtypes take the floor, as NumPy), the
/// step ((stop - start) / div, NaN when div is 0), and the one axis of the
/// result, which `axis` may only name as 0 or -1.
pub fn linspace_full(start: f64, stop: f64, num: usize, endpoint: bool, dtype: DType, axis: i64) -> Result<(Tensor, f64)> {
    normalize_axis("linspace", axis, 1)?;
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let step = if div > 0 { (stop - start) / div as f64 } else { f64::NAN };
    if div > 0 && step == 0.0 && stop != start {
        // A step that underflows to 0: NumPy scales by the whole span
        // instead (i / div * delta + start).
        let (lo, hi) = (Operand::Scalar(Scalar::Float(start)), Operand::Scalar(Scalar::Float(stop)));
        let (values, _) = linspace_arrays(lo, hi, num, endpoint, Some(dtype), axis)?;
        return Ok((values, step));
    }
    let out = if dtype.is_float() {
        super::creation::linspace(start, stop, num, endpoint, dtype)?
    } else {
        let values = super::creation::linspace(start, stop, num, endpoint, DType::F64)?;
        let values = if dtype == DType::Bool { values } else { unary(UnaryOp::Floor, &values)? };
        astype(&values, dtype)?
    };
    Ok((out, step))
}

fn operand_as<'a>(o: Operand<'a>, dt: DType, held: &'a mut Option<Tensor>) -> Result<Operand<'a>> {
    Ok(match o {
        Operand::Tensor(t) if t.dtype() != dt => Operand::Tensor(held.insert(astype(t, dt)?)),
        other => other,
    })
}

fn shape_of(o: &Operand) -> Vec<usize> {
    match o {
        Operand::Tensor(t) => t.shape().to_vec(),
        Operand::Scalar(_) => Vec::new(),
    }
}

/// NumPy's linspace for tensor endpoints (broadcast together): the values
/// along a new axis (`axis`, default first), computed in the endpoints'
/// inexact dtype as NumPy does (arange * step + start, or arange / div *
/// delta + start where a step is 0; the last row set to stop), and the step
/// (None where it is undefined: div is 0).
pub fn linspace_arrays(start: Operand<'_>, stop: Operand<'_>, num: usize, endpoint: bool, dtype: Option<DType>, axis: i64) -> Result<(Tensor, Option<Tensor>)> {
    for o in [&start, &stop] {
        if let Operand::Tensor(t) = o {
            check_device("linspace", t)?;
        }
    }
    let dt = match (&start, &stop) {
        (Operand::Scalar(_), Operand::Scalar(_)) => DType::F64,
        _ => super::elementwise::result_dtype(BinaryOp::Div, &start, &stop)?,
    };
    let shape = crate::shape::broadcast_shapes("linspace", &shape_of(&start), &shape_of(&stop))?;
    normalize_axis("linspace", axis, shape.len() + 1)?;
    let (mut h0, mut h1) = (None, None);
    let (start, stop) = (operand_as(start, dt, &mut h0)?, operand_as(stop, dt, &mut h1)?);
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let mut y_shape = vec![num as i64];
    y_shape.extend(std::iter::repeat(1).take(shape.len()));
    let y = super::creation::arange(Scalar::Int(0), Scalar::Int(num as i64), Scalar::Int(1), Some(dt))?.reshape(&y_shape)?;
    let delta = match (start, stop) {
        (Operand::Scalar(a), Operand::Scalar(b)) => super::creation::full(&[], dt, Scalar::Float(b.as_f64() - a.as_f64()))?,
        (a, b) => binary(BinaryOp::Sub, b, a)?,
    };
    let (y, step) = if div > 0 {
        let d = Operand::Scalar(Scalar::Int(div as i64));
        let step = binary(BinaryOp::Div, Operand::Tensor(&delta), d)?;
        let zero = super::elementwise::compare(super::elementwise::CompareOp::Eq, Operand::Tensor(&step), Operand::Scalar(Scalar::Int(0)))?;
        let any_zero = matches!(super::reduce::any_all(false, &zero, None, false)?.item()?, Scalar::Bool(true));
        let y = if any_zero {
            binary(BinaryOp::Mul, Operand::Tensor(&binary(BinaryOp::Div, Operand::Tensor(&y), d)?), Operand::Tensor(&delta))?
        } else {
            binary(BinaryOp::Mul, Operand::Tensor(&y), Operand::Tensor(&step))?
        };
        (y, Some(step))
    } else {
        (binary(BinaryOp::Mul, Operand::Tensor(&y), Operand::Tensor(&delta))?, None)
    };
    let y = binary(BinaryOp::Add, Operand::Tensor(&y), start)?;
    if endpoint && num > 1 {
        setitem(&y, &Index::Tuple(vec![IndexEntry::Int(-1), IndexEntry::Ellipsis]), stop)?;
    }
    let y = if axis != 0 { super::manipulate::moveaxis(&y, &[0], &[axis])? } else { y };
    let out_dtype = dtype.unwrap_or(dt);
    let y = if out_dtype.is_float() || out_dtype == DType::Bool { y } else { unary(UnaryOp::Floor, &y)? };
    let y = if y.dtype() != out_dtype { astype(&y, out_dtype)? } else { y };
    Ok((y, step))
}

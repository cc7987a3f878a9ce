//! Reductions with NumPy's keywords, each still one op checked once:
//! `dtype=` (accumulate and return in that dtype), `initial=` (a starting
//! value, which also gives max/min of nothing a result), `where=` (a bool
//! mask broadcast to the input: only True elements count) and `out=` (the
//! result written into an existing tensor, cast as NumPy's reductions cast,
//! i.e. unsafely). mean takes dtype, where and out.
use super::check_device;
use super::convert::{astype, copy_into, to_dtype};
use super::creation::full;
use super::elementwise::{binary, BinaryOp, Operand};
use super::reduce::{reduce_axes, reduced_axes, ReduceOp};
use super::unary::where_;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::scalar::Scalar;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;

/// The keywords a reduction call brings; `Default` is a plain reduction.
#[derive(Default)]
pub struct ReduceKeywords<'a> {
    pub dtype: Option<DType>,
    pub initial: Option<Scalar>,
    pub mask: Option<&'a Tensor>,
    pub out: Option<&'a Tensor>,
}

impl ReduceKeywords<'_> {
    fn is_plain(&self) -> bool {
        self.dtype.is_none() && self.initial.is_none() && self.mask.is_none() && self.out.is_none()
    }
}

fn combine_op(op: ReduceOp) -> BinaryOp {
    match op {
        ReduceOp::Sum => BinaryOp::Add,
        ReduceOp::Prod => BinaryOp::Mul,
        ReduceOp::Max => BinaryOp::Maximum,
        ReduceOp::Min => BinaryOp::Minimum,
    }
}

/// NumPy's name for the reduction in its messages ("maximum", "add", ...).
fn ufunc_name(op: ReduceOp) -> &'static str {
    match op {
        ReduceOp::Sum => "add",
        ReduceOp::Prod => "multiply",
        ReduceOp::Max => "maximum",
        ReduceOp::Min => "minimum",
    }
}

/// Everything checked before any work: axes, the mask's dtype and shape, the
/// need for `initial` with a masked max/min, and the output's shape.
struct Checked {
    reduced: Vec<bool>,
    result_shape: Vec<usize>,
    mask: Option<Tensor>,
}

fn check(name: &'static str, op: Option<ReduceOp>, t: &Tensor, axes: Option<&[i64]>, keepdims: bool, kw: &ReduceKeywords) -> Result<Checked> {
    check_device(name, t)?;
    let reduced = reduced_axes(name, t.ndim(), axes)?;
    let result_shape: Vec<usize> = t.shape().iter().zip(&reduced).filter_map(|(&d, &r)| if r { keepdims.then_some(1) } else { Some(d) }).collect();
    let mask = match kw.mask {
        None => None,
        Some(m) => {
            check_device(name, m)?;
            if m.dtype() != DType::Bool {
                return Err(Error::UnsupportedDType {
                    op: name,
                    dtypes: vec![m.dtype().name()],
                    hint: "where= must be a bool mask (NumPy casts it with casting rule 'safe')",
                });
            }
            let joint = broadcast_shapes(name, m.shape(), t.shape())?;
            if joint != t.shape() {
                return Err(Error::InvalidArgument(format!(
                    "{name}: where= mask of shape {} does not broadcast to the input's shape {}",
                    fmt_shape(m.shape()),
                    fmt_shape(t.shape())
                )));
            }
            Some(m.broadcast_to(t.shape())?)
        }
    };
    if let (Some(op @ (ReduceOp::Max | ReduceOp::Min)), Some(_), None) = (op, &mask, &kw.initial) {
        return Err(Error::InvalidArgument(format!(
            "reduction operation '{}' does not have an identity, so to use a where mask one has to specify 'initial'",
            ufunc_name(op)
        )));
    }
    if let Some(out) = kw.out {
        check_device(name, out)?;
        if out.shape() != result_shape.as_slice() {
            return Err(Error::InvalidArgument(format!(
                "{name}: the result has shape {} but out= has shape {}",
                fmt_shape(&result_shape),
                fmt_shape(out.shape())
            )));
        }
        out.check_writable(name)?;
    }
    Ok(Checked { reduced, result_shape, mask })
}

fn axes_list(reduced: &[bool]) -> Vec<i64> {
    reduced.iter().enumerate().filter(|(_, &r)| r).map(|(i, _)| i as i64).collect()
}

/// Writes `r` into `out=` when there is one; the value returned is what the
/// caller hands back (out itself, or the new result).
fn deliver(r: Tensor, out: Option<&Tensor>) -> Result<Tensor> {
    match out {
        None => Ok(r),
        Some(out) => {
            let _writing = out.lock_writes();
            copy_into(&r, out)?;
            Ok(out.clone())
        }
    }
}

/// sum/prod/max/min with NumPy's keywords.
pub fn reduce_with(op: ReduceOp, t: &Tensor, axes: Option<&[i64]>, keepdims: bool, kw: &ReduceKeywords) -> Result<Tensor> {
    if kw.is_plain() {
        return reduce_axes(op, t, axes, keepdims);
    }
    let name = op.name();
    if kw.dtype.is_some() && matches!(op, ReduceOp::Max | ReduceOp::Min) {
        return Err(Error::InvalidArgument(format!("{name}() got an unexpected keyword argument 'dtype'")));
    }
    let c = check(name, Some(op), t, axes, keepdims, kw)?;
    // The dtype the reduction accumulates in and returns: dtype= when given
    // (an int8 sum wraps in int8, as NumPy), else the reduction's own rule.
    let work = match kw.dtype {
        Some(d) => to_dtype(t, d)?,
        None => t.clone(),
    };
    let result_dtype = kw.dtype.unwrap_or_else(|| op.result_dtype(t.dtype()));
    let work = to_dtype(&work, if kw.dtype.is_some() { op.result_dtype(work.dtype()) } else { work.dtype() })?;
    // initial= is cast to the dtype the reduction produces (an int sum's
    // int64, the input's for max/min), as NumPy casts it.
    let initial = kw.initial.map(|v| full(&[], op.result_dtype(work.dtype()), v)).transpose()?;
    let work = match (&c.mask, op) {
        (None, _) => work,
        (Some(m), ReduceOp::Sum) => where_(m, Operand::Tensor(&work), Operand::Tensor(&full(&[], work.dtype(), Scalar::Int(0))?))?,
        (Some(m), ReduceOp::Prod) => where_(m, Operand::Tensor(&work), Operand::Tensor(&full(&[], work.dtype(), Scalar::Int(1))?))?,
        (Some(m), _) => where_(m, Operand::Tensor(&work), Operand::Tensor(initial.as_ref().expect("checked: masked max/min has initial")))?,
    };
    let axes = axes_list(&c.reduced);
    let count: usize = t.shape().iter().zip(&c.reduced).filter(|(_, &r)| r).map(|(&d, _)| d).product();
    let r = match (&initial, count) {
        // max/min of nothing with a starting value is that value.
        (Some(init), 0) => full(&c.result_shape, init.dtype(), init.item()?)?,
        (Some(init), _) => {
            let r = reduce_axes(op, &work, Some(&axes), keepdims)?;
            to_dtype(&binary(combine_op(op), Operand::Tensor(&r), Operand::Tensor(init))?, r.dtype())?
        }
        (None, _) => reduce_axes(op, &work, Some(&axes), keepdims)?,
    };
    deliver(to_dtype(&r, result_dtype)?, kw.out)
}

/// mean with NumPy's keywords: dtype= (the accumulation and result dtype;
/// float64 for int and bool inputs otherwise), where= (the mean of the True
/// elements; a slice with none gives NaN, as NumPy) and out=.
pub fn mean_with(t: &Tensor, axes: Option<&[i64]>, keepdims: bool, kw: &ReduceKeywords) -> Result<Tensor> {
    if kw.initial.is_some() {
        return Err(Error::InvalidArgument("mean() got an unexpected keyword argument 'initial'".into()));
    }
    let c = check("mean", None, t, axes, keepdims, kw)?;
    let dtype = match kw.dtype {
        Some(d) => d,
        None if t.dtype().is_float() => t.dtype(),
        None => DType::F64,
    };
    if !dtype.is_float() {
        return Err(Error::UnsupportedDType { op: "mean", dtypes: vec![dtype.name()], hint: "mean's dtype= must be a float dtype in corepy" });
    }
    let work = to_dtype(t, dtype)?;
    let axes = axes_list(&c.reduced);
    let r = match &c.mask {
        None => {
            let s = reduce_axes(ReduceOp::Sum, &work, Some(&axes), keepdims)?;
            let count: usize = t.shape().iter().zip(&c.reduced).filter(|(_, &r)| r).map(|(&d, _)| d).product();
            binary(BinaryOp::Div, Operand::Tensor(&s), Operand::Scalar(Scalar::Float(count as f64)))?
        }
        Some(m) => {
            let zero = full(&[], dtype, Scalar::Int(0))?;
            let s = reduce_axes(ReduceOp::Sum, &where_(m, Operand::Tensor(&work), Operand::Tensor(&zero))?, Some(&axes), keepdims)?;
            let n = reduce_axes(ReduceOp::Sum, &astype(m, dtype)?, Some(&axes), keepdims)?;
            binary(BinaryOp::Div, Operand::Tensor(&s), Operand::Tensor(&n))?
        }
    };
    deliver(to_dtype(&r, dtype)?, kw.out)
}

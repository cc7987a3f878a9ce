//! Closeness and equality of whole tensors: isclose (one fused kernel pass),
//! allclose, array_equal and array_equiv. Each validates its operands once at
//! its entry, under its own name.
use std::ffi::c_void;

use super::check_device;
use super::elementwise::{compare, operand_shape, prepare, CompareOp, Operand};
use super::executor::{Elementwise, Operand as LoopOperand};
use super::nditer::broadcast_shapes;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::{self, table::IscloseParams};
use crate::promotion::{promote, promote_weak};
use crate::scalar::Scalar;
use crate::scheduler::Work;
use crate::tensor::Tensor;

/// NumPy's dtype plan for isclose(a, b): b becomes `result_type(b, 1.0)`
/// (a Python int or bool b becomes a Python float); the difference and the
/// comparisons run in the promotion of a with that; the tolerance
/// `atol + rtol * |b|` is computed in b's (converted) dtype, or in double
/// for a Python-number b. Returns (b as converted, compute dtype, tolerance
/// computed in float32).
fn close_plan<'a>(op: &'static str, a: &Operand<'a>, b: Operand<'a>) -> Result<(Operand<'a>, DType, bool)> {
    let weak_float = Scalar::Float(1.0);
    let (b, b_dtype) = match b {
        Operand::Tensor(t) => (b, Some(promote_weak(t.dtype(), &weak_float))),
        Operand::Scalar(s) => (Operand::Scalar(Scalar::Float(s.as_f64())), None),
    };
    let compute = match (a, b_dtype, &b) {
        (Operand::Tensor(x), Some(bd), _) => promote(x.dtype(), bd),
        (Operand::Tensor(x), None, Operand::Scalar(s)) => promote_weak(x.dtype(), s),
        (Operand::Scalar(_), Some(bd), _) => bd,
        _ => return Err(Error::InvalidArgument(format!("{op}: at least one operand must be a tensor"))),
    };
    Ok((b, compute, b_dtype == Some(DType::F32)))
}

/// Elementwise `|a - b| <= atol + rtol * |b|` (b finite), or a == b, or
/// (equal_nan) both NaN, with broadcasting: NumPy's isclose, bool result.
pub fn isclose<'a>(a: Operand<'a>, b: Operand<'a>, rtol: f64, atol: f64, equal_nan: bool) -> Result<Tensor> {
    close_named("isclose", a, b, rtol, atol, equal_nan)
}

fn close_named<'a>(op: &'static str, a: Operand<'a>, b: Operand<'a>, rtol: f64, atol: f64, equal_nan: bool) -> Result<Tensor> {
    for o in [&a, &b] {
        if let Operand::Tensor(t) = o {
            check_device(op, t)?;
        }
    }
    let shape = broadcast_shapes(op, operand_shape(&a), operand_shape(&b))?;
    let (b, dtype, tol_in_f32) = close_plan(op, &a, b)?;
    let kernel = kernels::current().isclose[dtype.index()].ok_or_else(|| Error::UnsupportedDType {
        op,
        dtypes: vec![dtype.name()],
        hint: "isclose computes in a float dtype",
    })?;
    let (pa, pb) = (prepare(a, dtype)?, prepare(b, dtype)?);
    let out = Tensor::uninit(&shape, DType::Bool)?;
    let size = dtype.itemsize();
    let ops = [pa.loop_operand(size), pb.loop_operand(size), LoopOperand::of(&out, out.data_ptr_mut())];
    let plan = Elementwise::new(out.shape(), ops, Work::Elementwise);
    let [sa, sb, so] = plan.inner_strides();
    let params = IscloseParams { rtol, atol, equal_nan: equal_nan as i32, tol_in_f32: tol_in_f32 as i32 };
    let params = &params;
    plan.run(|[x, y, z], len| {
        // SAFETY: the executor only visits element offsets inside each
        // operand's layout (validated views of live storage, converted to
        // `dtype`; stride 0 for broadcast and scalar sides); rows are
        // disjoint in the fresh bool output; `params` outlives the run.
        unsafe { kernel(x as *const c_void, sa, y as *const c_void, sb, z as *mut c_void, so, len, params) }
    });
    Ok(out)
}

fn all_true(t: &Tensor) -> Result<bool> {
    Ok(matches!(super::reduce::any_all(true, t, None, false)?.item()?, Scalar::Bool(true)))
}

/// True when every element of `isclose(a, b, ...)` is (NumPy's allclose).
pub fn allclose<'a>(a: Operand<'a>, b: Operand<'a>, rtol: f64, atol: f64, equal_nan: bool) -> Result<bool> {
    all_true(&close_named("allclose", a, b, rtol, atol, equal_nan)?)
}

fn can_hold_nan(o: &Operand) -> bool {
    match o {
        Operand::Tensor(t) => t.dtype().is_float(),
        Operand::Scalar(s) => matches!(s, Scalar::Float(_)),
    }
}

/// Elementwise a == b, or (equal_nan, when either side can hold NaN) both NaN.
fn equal_elements<'a>(op: &'static str, a: Operand<'a>, b: Operand<'a>, equal_nan: bool) -> Result<Tensor> {
    if equal_nan && (can_hold_nan(&a) || can_hold_nan(&b)) {
        // With zero tolerances the isclose formula is exactly a == b, or
        // both NaN (|a - b| <= 0 only when a == b; inf only through a == b).
        close_named(op, a, b, 0.0, 0.0, true)
    } else {
        compare(CompareOp::Eq, a, b)
    }
}

/// Same shape and equal elements (NaN equal to NaN with `equal_nan`), NumPy's
/// array_equal: shapes that differ give false, never an error.
pub fn array_equal<'a>(a: Operand<'a>, b: Operand<'a>, equal_nan: bool) -> Result<bool> {
    if operand_shape(&a) != operand_shape(&b) {
        return Ok(false);
    }
    all_true(&equal_elements("array_equal", a, b, equal_nan)?)
}

/// Shapes that broadcast together and equal elements (NumPy's array_equiv);
/// shapes that do not broadcast give false.
pub fn array_equiv<'a>(a: Operand<'a>, b: Operand<'a>) -> Result<bool> {
    if broadcast_shapes("array_equiv", operand_shape(&a), operand_shape(&b)).is_err() {
        return Ok(false);
    }
    all_true(&equal_elements("array_equiv", a, b, false)?)
}

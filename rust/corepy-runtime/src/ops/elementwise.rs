//! Elementwise arithmetic: + - * / with tensors and Python scalars, and
//! unary negation.
use std::borrow::Cow;
use std::ffi::c_void;

use super::convert::astype;
use super::{check_operand, check_same_device, ELEMENTWISE_MIN_CHUNK};
use crate::dtype::{promote, promote_weak, DType};
use crate::error::{Error, Result};
use crate::kernels;
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr};
use crate::tensor::Tensor;

/// Binary operations; the discriminant is the CP_BIN_* code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add = 0,
    Sub = 1,
    Mul = 2,
    Div = 3,
}

impl BinaryOp {
    pub fn name(self) -> &'static str {
        match self {
            BinaryOp::Add => "add",
            BinaryOp::Sub => "subtract",
            BinaryOp::Mul => "multiply",
            BinaryOp::Div => "divide",
        }
    }
}

/// One side of a binary op.
#[derive(Clone, Copy)]
pub enum Operand<'a> {
    Tensor(&'a Tensor),
    Scalar(Scalar),
}

/// The dtype a binary op computes in and returns.
pub fn result_dtype(op: BinaryOp, a: &Operand, b: &Operand) -> Result<DType> {
    let dt = match (a, b) {
        (Operand::Tensor(x), Operand::Tensor(y)) => promote(x.dtype(), y.dtype()),
        (Operand::Tensor(x), Operand::Scalar(s)) | (Operand::Scalar(s), Operand::Tensor(x)) => {
            promote_weak(x.dtype(), s)
        }
        (Operand::Scalar(_), Operand::Scalar(_)) => {
            return Err(Error::InvalidArgument(format!("{}: at least one operand must be a tensor", op.name())))
        }
    };
    Ok(match (op, dt) {
        (BinaryOp::Div, d) if !d.is_float() => DType::F64, // true division
        (BinaryOp::Sub, DType::Bool) => {
            return Err(Error::UnsupportedDType {
                op: "subtract",
                dtypes: vec![DType::Bool],
                hint: "use the ^ operator or logical_xor instead",
            })
        }
        (_, d) => d,
    })
}

/// Bytes of one operand element in the compute dtype: a pointer to either a
/// converted tensor's data or a scalar's bytes.
enum Prepared<'a> {
    Vector(Cow<'a, Tensor>),
    One(Cow<'a, Tensor>), // a 0-d tensor read as a scalar
    Bytes([u8; 8]),       // a Python scalar
}

impl Prepared<'_> {
    fn ptr(&self) -> *const u8 {
        match self {
            Prepared::Vector(t) | Prepared::One(t) => t.data_ptr(),
            Prepared::Bytes(b) => b.as_ptr(),
        }
    }

    fn is_vector(&self) -> bool {
        matches!(self, Prepared::Vector(_))
    }
}

/// The tensor itself when it already has `dtype` (no copy), else a converted copy.
fn in_dtype(t: &Tensor, dtype: DType) -> Result<Cow<'_, Tensor>> {
    if t.dtype() == dtype {
        Ok(Cow::Borrowed(t))
    } else {
        Ok(Cow::Owned(astype(t, dtype)?))
    }
}

pub fn binary<'a>(op: BinaryOp, a: Operand<'a>, b: Operand<'a>) -> Result<Tensor> {
    let name = op.name();
    let dtype = result_dtype(op, &a, &b)?;
    // Shapes: equal, or one side a 0-d tensor (general broadcasting is the
    // semantics issue's; it will replace this check, not the kernels).
    let shape: &[usize] = match (&a, &b) {
        (Operand::Tensor(x), Operand::Tensor(y)) => {
            check_operand(name, x)?;
            check_operand(name, y)?;
            check_same_device(name, x, y)?;
            if x.shape() == y.shape() || y.ndim() == 0 {
                x.shape()
            } else if x.ndim() == 0 {
                y.shape()
            } else {
                return Err(Error::ShapeMismatch { op: name, lhs: x.shape().to_vec(), rhs: y.shape().to_vec() });
            }
        }
        (Operand::Tensor(x), _) | (_, Operand::Tensor(x)) => {
            check_operand(name, x)?;
            x.shape()
        }
        _ => unreachable!("result_dtype rejected scalar-scalar"),
    };
    let prepare = |o: &Operand<'a>| -> Result<Prepared<'a>> {
        Ok(match *o {
            Operand::Tensor(t) if t.ndim() == 0 && !shape.is_empty() => Prepared::One(in_dtype(t, dtype)?),
            Operand::Tensor(t) => Prepared::Vector(in_dtype(t, dtype)?),
            Operand::Scalar(s) => Prepared::Bytes(s.to_bytes(dtype)?),
        })
    };
    let (pa, pb) = (prepare(&a)?, prepare(&b)?);
    let mode = match (pa.is_vector(), pb.is_vector()) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 0, // both 0-d: one element, either mode works
    };
    let kernel = kernels::current().binary[op as usize][dtype.index()][mode].ok_or(Error::UnsupportedDType {
        op: name,
        dtypes: vec![dtype],
        hint: "",
    })?;
    let out = Tensor::uninit(shape, dtype)?;
    let size = dtype.itemsize();
    let (a_step, b_step) = (if mode == 2 { 0 } else { size }, if mode == 1 { 0 } else { size });
    let (ap, bp, op_) = (SharedPtr(pa.ptr() as *mut u8), SharedPtr(pb.ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    for_each_chunk(out.numel(), ELEMENTWISE_MIN_CHUNK, 64, |start, len| {
        // SAFETY: vector operands and the output hold numel elements of
        // `dtype` (validated shapes, converted dtypes); a scalar operand is
        // one element read at offset 0 (its step is 0). Chunks are disjoint.
        // The prepared operands outlive this call (joined before return).
        unsafe {
            kernel(
                ap.at(start * a_step) as *const c_void,
                bp.at(start * b_step) as *const c_void,
                op_.at(start * size) as *mut c_void,
                len,
            )
        }
    });
    Ok(out)
}

pub fn negative(t: &Tensor) -> Result<Tensor> {
    check_operand("negative", t)?;
    if t.dtype() == DType::Bool {
        return Err(Error::UnsupportedDType {
            op: "negative",
            dtypes: vec![DType::Bool],
            hint: "use the ~ operator or logical_not instead",
        });
    }
    let kernel = kernels::current().unary[0][t.dtype().index()].expect("neg exists for numeric dtypes");
    let out = Tensor::uninit(t.shape(), t.dtype())?;
    let size = t.dtype().itemsize();
    let (src, dst) = (SharedPtr(t.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    for_each_chunk(t.numel(), ELEMENTWISE_MIN_CHUNK, 64, |start, len| {
        // SAFETY: same element count in both; disjoint chunks.
        unsafe { kernel(src.at(start * size) as *const c_void, dst.at(start * size) as *mut c_void, len) }
    });
    Ok(out)
}

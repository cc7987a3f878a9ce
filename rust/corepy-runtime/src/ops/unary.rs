//! One-input elementwise functions (negative, abs, sqrt, exp, tanh, ...),
//! the bool-valued predicates (isnan, ...), and `where`.
use std::ffi::c_void;

use super::convert::astype;
use super::elementwise::{operand_shape, prepare, promoted, Operand};
use super::nditer::{broadcast_shapes, broadcast_strides, Plan};
use super::{check_device, ELEMENTWISE_MIN_CHUNK};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::{self, table::UnaryStridedFn};
use crate::scalar::Scalar;
use crate::scheduler::SharedPtr;
use crate::tensor::Tensor;

/// Unary operations; the discriminant is the CP_UN_* code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg = 0,
    Abs = 1,
    Sign = 2,
    Square = 3,
    Relu = 4,
    Floor = 5,
    Ceil = 6,
    Rint = 7,
    Trunc = 8,
    Sqrt = 9,
    Exp = 10,
    Expm1 = 11,
    Log = 12,
    Log1p = 13,
    Log2 = 14,
    Log10 = 15,
    Sin = 16,
    Cos = 17,
    Tan = 18,
    Tanh = 19,
    Sigmoid = 20,
    Invert = 21,
}

impl UnaryOp {
    pub fn name(self) -> &'static str {
        use UnaryOp::*;
        match self {
            Neg => "negative",
            Abs => "absolute",
            Sign => "sign",
            Square => "square",
            Relu => "relu",
            Floor => "floor",
            Ceil => "ceil",
            Rint => "rint",
            Trunc => "trunc",
            Sqrt => "sqrt",
            Exp => "exp",
            Expm1 => "expm1",
            Log => "log",
            Log1p => "log1p",
            Log2 => "log2",
            Log10 => "log10",
            Sin => "sin",
            Cos => "cos",
            Tan => "tan",
            Tanh => "tanh",
            Sigmoid => "sigmoid",
            Invert => "invert",
        }
    }

    fn is_float_math(self) -> bool {
        use UnaryOp::*;
        matches!(self, Sqrt | Exp | Expm1 | Log | Log1p | Log2 | Log10 | Sin | Cos | Tan | Tanh | Sigmoid)
    }
}

/// How a unary op runs for an input dtype: which kernel (op, dtype) and the
/// dtype of the result.
enum Route {
    Kernel(UnaryOp, DType),
    /// The result is the input (rounding an integer, relu of bool, ...).
    Copy,
}

fn route(op: UnaryOp, dt: DType) -> Result<Route> {
    use UnaryOp::*;
    let unsupported = |hint: &'static str| Error::UnsupportedDType { op: op.name(), dtypes: vec![dt], hint };
    Ok(match (op, dt) {
        (Neg, DType::Bool) => return Err(unsupported("use the ~ operator or logical_not instead")),
        (Sign, DType::Bool) => return Err(unsupported("")),
        (Invert, d) if d.is_float() => return Err(unsupported("bitwise operations need integer or bool operands")),
        (Abs, DType::Bool) => Route::Copy,
        (Square | Relu, DType::Bool) => Route::Copy, // x*x and max(x, False) are x
        (Floor | Ceil | Rint | Trunc, d) if !d.is_float() => Route::Copy, // integers are already whole
        // NumPy computes int8/uint8 in float16 and int16 in float32; corepy has
        // no float16, so 8- and 16-bit integers use float32.
        (o, d) if o.is_float_math() && !d.is_float() && d.itemsize() <= 2 => Route::Kernel(o, DType::F32),
        (o, d) if o.is_float_math() && !d.is_float() => Route::Kernel(o, DType::F64),
        (o, d) => Route::Kernel(o, d),
    })
}

/// Run a strided one-input kernel from `t` into a new tensor of `out_dtype`.
fn map(t: &Tensor, kernel: UnaryStridedFn, out_dtype: DType) -> Result<Tensor> {
    let out = Tensor::uninit(t.shape(), out_dtype)?;
    let plan = Plan::new(t.shape(), [t.strides().to_vec(), out.strides().to_vec()]);
    let [si, so] = plan.inner_strides();
    plan.for_each_row(
        [SharedPtr(t.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut())],
        [t.dtype().itemsize(), out_dtype.itemsize()],
        ELEMENTWISE_MIN_CHUNK,
        |[x, y], len| {
            // SAFETY: the plan visits element offsets of both layouts only
            // (a validated view and a fresh contiguous output); rows are
            // disjoint in the output.
            unsafe { kernel(x as *const c_void, si, y as *mut c_void, so, len) }
        },
    );
    Ok(out)
}

pub fn unary(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    check_device(op.name(), t)?;
    match route(op, t.dtype())? {
        Route::Copy => t.contiguous_copy(),
        Route::Kernel(op, dt) => {
            let input = if dt == t.dtype() { t.clone() } else { astype(t, dt)? };
            let table = kernels::current();
            if input.is_contiguous() {
                // Contiguous: the plain kernel over the whole buffer, split by the scheduler.
                let kernel = table.unary[op as usize][dt.index()].expect("routed to an existing kernel");
                let out = Tensor::uninit(input.shape(), dt)?;
                let size = dt.itemsize();
                let (src, dst) = (SharedPtr(input.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
                crate::scheduler::for_each_chunk(input.numel(), ELEMENTWISE_MIN_CHUNK / 8, 64, |start, len| {
                    // SAFETY: same element count in both buffers; disjoint chunks.
                    unsafe { kernel(src.at(start * size) as *const c_void, dst.at(start * size) as *mut c_void, len) }
                });
                return Ok(out);
            }
            let kernel = table.unary_strided[op as usize][dt.index()].expect("routed to an existing kernel");
            map(&input, kernel, dt)
        }
    }
}

pub fn negative(t: &Tensor) -> Result<Tensor> {
    unary(UnaryOp::Neg, t)
}

/// Predicates with bool results; the discriminant is the CP_PRED_* code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predicate {
    IsNan = 0,
    IsInf = 1,
    IsFinite = 2,
    LogicalNot = 3,
}

impl Predicate {
    pub fn name(self) -> &'static str {
        match self {
            Predicate::IsNan => "isnan",
            Predicate::IsInf => "isinf",
            Predicate::IsFinite => "isfinite",
            Predicate::LogicalNot => "logical_not",
        }
    }
}

pub fn predicate(p: Predicate, t: &Tensor) -> Result<Tensor> {
    check_device(p.name(), t)?;
    if p != Predicate::LogicalNot && !t.dtype().is_float() {
        // Integers and bools are never NaN or infinite.
        return super::creation::full(t.shape(), DType::Bool, Scalar::Bool(p == Predicate::IsFinite));
    }
    let kernel = kernels::current().predicate_strided[p as usize][t.dtype().index()].expect("predicate exists");
    map(t, kernel, DType::Bool)
}

/// `where(cond, x, y)`: elements of x where cond is true, else of y, with
/// broadcasting over all three and NumPy promotion of x and y.
pub fn where_<'a>(cond: &Tensor, x: Operand<'a>, y: Operand<'a>) -> Result<Tensor> {
    check_device("where", cond)?;
    let dtype = promoted("where", &x, &y)?;
    let cond = if cond.dtype() == DType::Bool { cond.clone() } else { astype(cond, DType::Bool)? };
    let shape = broadcast_shapes("where", cond.shape(), &broadcast_shapes("where", operand_shape(&x), operand_shape(&y))?)?;
    let (px, py) = (prepare(x, dtype)?, prepare(y, dtype)?);
    let out = Tensor::uninit(&shape, dtype)?;
    let ((xs, xt), (ys, yt)) = (px.geometry(), py.geometry());
    let plan = Plan::new(
        &shape,
        [
            broadcast_strides(cond.shape(), cond.strides(), &shape),
            broadcast_strides(xs, xt, &shape),
            broadcast_strides(ys, yt, &shape),
            out.strides().to_vec(),
        ],
    );
    let [sc, sx, sy, so] = plan.inner_strides();
    let kernel = kernels::current().where_[dtype.index()].expect("where exists for every dtype");
    let size = dtype.itemsize();
    plan.for_each_row(
        [
            SharedPtr(cond.data_ptr() as *mut u8),
            SharedPtr(px.ptr() as *mut u8),
            SharedPtr(py.ptr() as *mut u8),
            SharedPtr(out.data_ptr_mut()),
        ],
        [1, size, size, size],
        ELEMENTWISE_MIN_CHUNK,
        |[c, a, b, o], len| {
            // SAFETY: offsets come from the four validated layouts (stride 0
            // for broadcast and scalar operands); output rows are disjoint.
            unsafe {
                kernel(c as *const c_void, sc, a as *const c_void, sx, b as *const c_void, sy, o as *mut c_void, so, len)
            }
        },
    );
    Ok(out)
}

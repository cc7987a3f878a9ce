//! One-input elementwise functions (negative, abs, sqrt, exp, tanh, ...),
//! the bool-valued predicates (isnan, ...), and `where`.
use std::ffi::c_void;

use super::check_device;
use super::convert::{astype, copy_into};
use super::elementwise::{check_out, detached, operand_shape, prepare, promoted, Operand};
use super::executor::{Elementwise, Operand as LoopOperand};
use super::nditer::broadcast_shapes;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::{
    self,
    table::{UnaryFn, UnaryStridedFn},
};
use crate::scalar::Scalar;
use crate::scheduler::Work;
use crate::tensor::Tensor;

pub use crate::registry::{Predicate, UnaryOp};
use crate::registry::{PredicateRule, UnaryRule};

/// How a unary op runs for an input dtype: which kernel (op, dtype) and the
/// dtype of the result.
enum Route {
    Kernel(UnaryOp, DType),
    /// The result is the input (rounding an integer, relu of bool, ...).
    Copy,
}

fn route(op: UnaryOp, dt: DType) -> Result<Route> {
    let refused = || Error::UnsupportedDType { op: op.name(), dtypes: vec![dt.name()], hint: op.hint() };
    let (is_bool, is_float) = (dt == DType::Bool, dt.is_float());
    Ok(match op.rule() {
        UnaryRule::NumericNobool if is_bool => return Err(refused()),
        UnaryRule::Numeric if is_bool => Route::Copy, // |x|, x*x and max(x, False) are x
        UnaryRule::Round if !is_float => Route::Copy, // integers are already whole
        // NumPy computes int8/uint8 in float16 and int16 in float32; corepy has
        // no float16, so 8- and 16-bit integers use float32.
        UnaryRule::FloatMath if !is_float && dt.itemsize() <= 2 => Route::Kernel(op, DType::F32),
        UnaryRule::FloatMath if !is_float => Route::Kernel(op, DType::DEFAULT_FLOAT),
        UnaryRule::Bitwise if is_float => return Err(refused()),
        _ => Route::Kernel(op, dt),
    })
}

/// The gather buffer of a strided unary row: 8 KiB (L1-resident), aligned
/// for vector loads.
const GATHER_BLOCK_BYTES: usize = 8192;
#[repr(align(64))]
struct GatherBlock([u8; GATHER_BLOCK_BYTES]);

/// Run a one-input kernel from `t` into a new tensor of `out_dtype`.
fn map(t: &Tensor, contiguous: Option<UnaryFn>, strided: UnaryStridedFn, out_dtype: DType, work: Work) -> Result<Tensor> {
    let out = Tensor::uninit(t.shape(), out_dtype)?;
    map_into(t, contiguous, strided, &out, work);
    Ok(out)
}

/// Run a one-input kernel from `t` (broadcast to `out`'s shape) into
/// `out`'s elements, through any strides: the contiguous kernel when the
/// executor's rows are contiguous on both sides, else the strided one.
fn map_into(t: &Tensor, contiguous: Option<UnaryFn>, strided: UnaryStridedFn, out: &Tensor, work: Work) {
    let ops = [LoopOperand::of(t, t.data_ptr() as *mut u8), LoopOperand::of(out, out.data_ptr_mut())];
    let plan = Elementwise::new(out.shape(), ops, work);
    let [si, so] = plan.inner_strides();
    // A strided input (a transposed or sliced view; not a broadcast, stride
    // 0) into a contiguous output still runs the vectorized kernel: each row
    // is gathered in cache-sized blocks into a buffer first.
    let table = kernels::current();
    let gather = table.cast_strided[t.dtype().index()][t.dtype().index()];
    if let (Some(k), Some(gather), true) = (contiguous, gather, so == 1 && si != 1 && si != 0) {
        let size = t.dtype().itemsize();
        plan.run(|[x, y], len| {
            let mut buf = GatherBlock([0; GATHER_BLOCK_BYTES]);
            let per = GATHER_BLOCK_BYTES / size;
            let mut i = 0;
            while i < len {
                let n = per.min(len - i);
                // SAFETY: elements i..i+n of this row of t (stride si) are
                // inside its validated view; the block holds n elements of
                // its dtype; the output row is contiguous (so == 1) and only
                // this op writes it, rows disjoint.
                unsafe {
                    gather((x as *const u8).offset(i as isize * si * size as isize) as *const c_void, si, buf.0.as_mut_ptr() as *mut c_void, 1, n);
                    k(buf.0.as_ptr() as *const c_void, y.add(i * out.dtype().itemsize()) as *mut c_void, n);
                }
                i += n;
            }
        });
        return;
    }
    let contiguous = contiguous.filter(|_| si == 1 && so == 1);
    plan.run(|[x, y], len| {
        // SAFETY: the executor visits element offsets of both layouts only
        // (validated views of live storage, stride 0 where t is broadcast);
        // rows are disjoint in the output, which only this op writes.
        unsafe {
            match contiguous {
                Some(k) => k(x as *const c_void, y as *mut c_void, len),
                None => strided(x as *const c_void, si, y as *mut c_void, so, len),
            }
        }
    });
}

/// `out = op(t)` into an existing tensor (`out=`): `t` broadcasts to `out`'s
/// shape and the result casts to `out`'s dtype under the same-kind rule.
pub fn unary_into(op: UnaryOp, t: &Tensor, out: &Tensor) -> Result<()> {
    let name = op.name();
    check_device(name, t)?;
    let route = route(op, t.dtype())?;
    let result_dtype = match route {
        Route::Copy => t.dtype(),
        Route::Kernel(_, dt) => dt,
    };
    check_out(name, result_dtype, t.shape(), out)?;
    let _writing = out.lock_writes();
    let held = detached(&Operand::Tensor(t), out)?;
    let t = held.as_ref().unwrap_or(t);
    match route {
        Route::Copy => copy_into(t, out),
        Route::Kernel(op, dt) if dt == out.dtype() => {
            let input = if dt == t.dtype() { t.clone() } else { astype(t, dt)? };
            map_into(&input, kernels::current().unary[op as usize][dt.index()], strided_kernel(op, dt)?, out, Work::Math);
            Ok(())
        }
        Route::Kernel(..) => copy_into(&unary(op, t)?, out),
    }
}

fn strided_kernel(op: UnaryOp, dt: DType) -> Result<UnaryStridedFn> {
    // The registry gives every routed (op, dtype) a kernel (a runtime test
    // checks the whole table); a missing one is refused, never called.
    kernels::current().unary_strided[op as usize][dt.index()].ok_or(Error::UnsupportedDType { op: op.name(), dtypes: vec![dt.name()], hint: "" })
}

pub fn unary(op: UnaryOp, t: &Tensor) -> Result<Tensor> {
    check_device(op.name(), t)?;
    match route(op, t.dtype())? {
        Route::Copy => t.contiguous_copy(),
        Route::Kernel(op, dt) => {
            let input = if dt == t.dtype() { t.clone() } else { astype(t, dt)? };
            map(&input, kernels::current().unary[op as usize][dt.index()], strided_kernel(op, dt)?, dt, Work::Math)
        }
    }
}

pub fn negative(t: &Tensor) -> Result<Tensor> {
    unary(UnaryOp::Neg, t)
}

pub fn predicate(p: Predicate, t: &Tensor) -> Result<Tensor> {
    check_device(p.name(), t)?;
    let constant = match p.rule() {
        PredicateRule::ClassifyFalse => Some(false),
        PredicateRule::ClassifyTrue => Some(true),
        PredicateRule::All => None,
    };
    if let (Some(value), false) = (constant, t.dtype().is_float()) {
        // Integers and bools are never NaN or infinite.
        return super::creation::full(t.shape(), DType::Bool, Scalar::Bool(value));
    }
    let kernel = kernels::current().predicate_strided[p as usize][t.dtype().index()].expect("predicate exists");
    map(t, None, kernel, DType::Bool, Work::Elementwise)
}

/// `out = p(t)` into an existing tensor (`out=`); the bool result casts to
/// any output dtype.
pub fn predicate_into(p: Predicate, t: &Tensor, out: &Tensor) -> Result<()> {
    check_device(p.name(), t)?;
    check_out(p.name(), DType::Bool, t.shape(), out)?;
    let _writing = out.lock_writes();
    let held = detached(&Operand::Tensor(t), out)?;
    let t = held.as_ref().unwrap_or(t);
    copy_into(&predicate(p, t)?, out)
}

/// `where(cond, x, y)`: elements of x where cond is true, else of y, with
/// broadcasting over all three and NumPy promotion of x and y.
/// NumPy's where casts a Python int that its integer result dtype cannot
/// hold with C's wrap-around (`where(c, uint8, -1)` picks 255, `300` is 44),
/// where arithmetic raises OverflowError: the scalar is wrapped to the
/// dtype's width here.
fn wrapped_int(o: Operand<'_>, dtype: DType) -> Operand<'_> {
    match o {
        Operand::Scalar(Scalar::Int(i)) if dtype.is_int() && dtype.itemsize() < 8 => {
            let bits = 8 * dtype.itemsize() as u32;
            let low = i & ((1i64 << bits) - 1);
            let signed = dtype.kind() == crate::dtype::Kind::Sint;
            Operand::Scalar(Scalar::Int(if signed && low >= 1i64 << (bits - 1) { low - (1i64 << bits) } else { low }))
        }
        other => other,
    }
}

pub fn where_<'a>(cond: &Tensor, x: Operand<'a>, y: Operand<'a>) -> Result<Tensor> {
    check_device("where", cond)?;
    let dtype = promoted("where", &x, &y)?;
    let (x, y) = (wrapped_int(x, dtype), wrapped_int(y, dtype));
    let cond = if cond.dtype() == DType::Bool { cond.clone() } else { astype(cond, DType::Bool)? };
    let shape = broadcast_shapes("where", cond.shape(), &broadcast_shapes("where", operand_shape(&x), operand_shape(&y))?)?;
    let (px, py) = (prepare(x, dtype)?, prepare(y, dtype)?);
    let out = Tensor::uninit(&shape, dtype)?;
    let size = dtype.itemsize();
    let ops = [LoopOperand::of(&cond, cond.data_ptr() as *mut u8), px.loop_operand(size), py.loop_operand(size), LoopOperand::of(&out, out.data_ptr_mut())];
    let plan = Elementwise::new(&shape, ops, Work::Elementwise);
    let [sc, sx, sy, so] = plan.inner_strides();
    let kernel = kernels::current().where_[dtype.index()].expect("where exists for every dtype");
    plan.run(|[c, a, b, o], len| {
        // SAFETY: offsets come from the four validated layouts (stride 0
        // for broadcast and scalar operands); output rows are disjoint.
        unsafe { kernel(c as *const c_void, sc, a as *const c_void, sx, b as *const c_void, sy, o as *mut c_void, so, len) }
    });
    Ok(out)
}

//! Elementwise arithmetic: + - * / with tensors and Python scalars, and
//! unary negation.
use std::borrow::Cow;
use std::ffi::c_void;

use super::check_device;
use super::convert::astype;
use super::executor::{binary_mode, Elementwise, Operand as LoopOperand};
use super::nditer::broadcast_shapes;
use crate::dims::same_dims;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::{
    self,
    table::{BinaryFn, BinaryStridedFn},
};
use crate::promotion::{can_cast, promote, promote_weak, Casting};
use crate::scalar::Scalar;
use crate::scheduler::{SharedPtr, Work};
use crate::tensor::Tensor;

pub use crate::registry::{BinaryOp, CompareOp};
use crate::registry::{BinaryRule, UnaryOp};

/// One side of a binary op.
#[derive(Clone, Copy)]
pub enum Operand<'a> {
    Tensor(&'a Tensor),
    Scalar(Scalar),
}

/// NumPy 2 promotion of the two operands (scalars are weak).
pub(crate) fn promoted(name: &'static str, a: &Operand, b: &Operand) -> Result<DType> {
    Ok(match (a, b) {
        (Operand::Tensor(x), Operand::Tensor(y)) => promote(x.dtype(), y.dtype()),
        (Operand::Tensor(x), Operand::Scalar(s)) | (Operand::Scalar(s), Operand::Tensor(x)) => promote_weak(x.dtype(), s),
        (Operand::Scalar(_), Operand::Scalar(_)) => return Err(Error::InvalidArgument(format!("{name}: at least one operand must be a tensor"))),
    })
}

/// The dtype a binary op computes in and returns.
pub fn result_dtype(op: BinaryOp, a: &Operand, b: &Operand) -> Result<DType> {
    op_dtype(op, promoted(op.name(), a, b)?)
}

/// The dtype `op` computes in and returns for operands promoted to `dt`.
fn op_dtype(op: BinaryOp, dt: DType) -> Result<DType> {
    let refused = || Error::UnsupportedDType { op: op.name(), dtypes: vec![dt.name()], hint: op.hint() };
    Ok(match op.rule() {
        BinaryRule::TrueDiv if !dt.is_float() => DType::DEFAULT_FLOAT,
        BinaryRule::ArithNobool if dt == DType::Bool => return Err(refused()),
        BinaryRule::ArithBoolInt if dt == DType::Bool => DType::I8, // NumPy: bool // bool is int8
        BinaryRule::Bitwise if dt.is_float() => return Err(refused()),
        _ => dt,
    })
}

/// One side of a binary op, ready for the kernels: a tensor in the compute
/// dtype (borrowed when no conversion was needed) or a scalar's bytes.
pub(crate) enum Prepared<'a> {
    Tensor(Cow<'a, Tensor>),
    Bytes([u8; 8]),
}

impl Prepared<'_> {
    pub(crate) fn ptr(&self) -> *const u8 {
        match self {
            Prepared::Tensor(t) => t.data_ptr(),
            Prepared::Bytes(b) => b.as_ptr(),
        }
    }

    /// (shape, strides) as an operand of the loop; a scalar is 0-d.
    pub(crate) fn geometry(&self) -> (&[usize], &[isize]) {
        match self {
            Prepared::Tensor(t) => (t.shape(), t.strides()),
            Prepared::Bytes(_) => (&[], &[]),
        }
    }

    /// This operand as the executor reads it, elements of `itemsize` bytes.
    pub(crate) fn loop_operand(&self, itemsize: usize) -> LoopOperand<'_> {
        let (shape, strides) = self.geometry();
        LoopOperand { ptr: SharedPtr(self.ptr() as *mut u8), itemsize, shape, strides }
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

pub(crate) fn prepare<'a>(o: Operand<'a>, dtype: DType) -> Result<Prepared<'a>> {
    Ok(match o {
        Operand::Tensor(t) => Prepared::Tensor(in_dtype(t, dtype)?),
        Operand::Scalar(s) => Prepared::Bytes(s.to_bytes(dtype)?),
    })
}

pub(crate) fn operand_shape<'a>(o: &Operand<'a>) -> &'a [usize] {
    match *o {
        Operand::Tensor(t) => t.shape(),
        Operand::Scalar(_) => &[],
    }
}

/// `a op b` into a new tensor, with NumPy broadcasting and promotion.
pub fn binary<'a>(op: BinaryOp, a: Operand<'a>, b: Operand<'a>) -> Result<Tensor> {
    let name = op.name();
    let dtype = match (&a, &b) {
        // Two tensors of one dtype promote to it (result_dtype, cheaper).
        (Operand::Tensor(x), Operand::Tensor(y)) if x.dtype() == y.dtype() => op_dtype(op, x.dtype())?,
        _ => result_dtype(op, &a, &b)?,
    };
    for o in [&a, &b] {
        if let Operand::Tensor(t) = o {
            check_device(name, t)?;
        }
    }
    let (sa, sb) = (operand_shape(&a), operand_shape(&b));
    let broadcast;
    let shape: &[usize] = if same_dims(sa, sb) {
        sa
    } else {
        broadcast = broadcast_shapes(name, sa, sb)?;
        &broadcast
    };
    if op == BinaryOp::Pow && shape.iter().product::<usize>() > 0 {
        check_integer_exponent(dtype, &b)?; // an empty result has nothing to refuse (NumPy)
    }
    if let (BinaryOp::Pow, Operand::Tensor(x), Operand::Scalar(e)) = (op, &a, &b) {
        if let Some(t) = scalar_power(x, *e, dtype)? {
            return Ok(t);
        }
    }
    if let (Operand::Tensor(x), Operand::Tensor(y)) = (&a, &b) {
        if let Some(kernel) = dense_kernel(op, dtype, x, y) {
            return binary_dense(kernel, dtype, x, y);
        }
    }
    let (pa, pb) = (prepare(a, dtype)?, prepare(b, dtype)?);
    let out = Tensor::uninit(shape, dtype)?;
    run_binary(op, dtype, &pa, &pb, &out);
    Ok(out)
}

/// The common case of `binary`, after its checks: two contiguous tensors of
/// one shape, both already in the compute dtype, need one kernel call over
/// the elements, without the general path's conversions (`prepare`) and loop
/// set-up. The contiguous kernel for such operands, or `None` when they do
/// not qualify (the general path runs and reports any missing kernel).
#[inline]
fn dense_kernel(op: BinaryOp, dtype: DType, x: &Tensor, y: &Tensor) -> Option<BinaryFn> {
    if x.dtype() != dtype || y.dtype() != dtype || !same_dims(x.shape(), y.shape()) || !x.is_contiguous() || !y.is_contiguous() {
        return None;
    }
    kernels::current().binary[op as usize][dtype.index()][0]
}

/// `binary` for operands `dense_kernel` accepted, with its kernel.
#[inline]
fn binary_dense(kernel: BinaryFn, dtype: DType, x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let out = Tensor::uninit(x.shape(), dtype)?;
    let ptrs = [SharedPtr(x.data_ptr() as *mut u8), SharedPtr(y.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut())];
    let size = dtype.itemsize();
    Elementwise::contiguous(out.numel(), ptrs, [size; 3], Work::Elementwise).run(|[a, b, o], len| {
        // SAFETY: x, y and out are contiguous with the same element count of
        // `dtype` (dense plan: every row lies inside all three); x and y are
        // only read; out is a fresh buffer and rows are disjoint in it.
        unsafe { kernel(a as *const c_void, b as *const c_void, o as *mut c_void, len) }
    });
    Ok(out)
}

/// `x ** e` for the scalar exponents NumPy computes with a cheaper function
/// than `pow` (its `fast_scalar_power`), with NumPy's results bit for bit:
/// 2 is `square` (floats and integers), 0.5 is `sqrt` (so `-0.0 ** 0.5` is
/// -0.0 and `-inf ** 0.5` NaN, as NumPy, where C's pow gives +0 and +inf),
/// -1 is `1 / x` and 1 a copy. Only when `x` already has the result dtype
/// (a float tensor, or an integer one with an integer exponent); `None`
/// leaves every other case to the general kernel.
fn scalar_power(x: &Tensor, e: Scalar, dtype: DType) -> Result<Option<Tensor>> {
    if x.dtype() != dtype || dtype == DType::Bool {
        return Ok(None);
    }
    let e = match e {
        Scalar::Float(v) if dtype.is_float() => v,
        Scalar::Int(v) => v as f64,
        _ => return Ok(None),
    };
    let unary = |op: UnaryOp| -> Result<Option<Tensor>> {
        let Some(kernel) = kernels::current().unary[op as usize][dtype.index()] else { return Ok(None) };
        let held;
        let x = if x.is_contiguous() {
            x
        } else {
            held = x.contiguous_copy()?;
            &held
        };
        let out = Tensor::uninit(x.shape(), dtype)?;
        let ptrs = [SharedPtr(x.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut())];
        Elementwise::contiguous(out.numel(), ptrs, [dtype.itemsize(); 2], Work::Math).run(|[a, o], len| {
            // SAFETY: x and out are contiguous with the same element count of
            // `dtype`; x is only read; out is a fresh buffer and rows are
            // disjoint in it.
            unsafe { kernel(a as *const c_void, o as *mut c_void, len) }
        });
        Ok(Some(out))
    };
    if e == 2.0 {
        unary(UnaryOp::Square)
    } else if e == 1.0 {
        Ok(Some(x.contiguous_copy()?))
    } else if dtype.is_float() && e == 0.5 {
        unary(UnaryOp::Sqrt)
    } else if dtype.is_float() && e == -1.0 {
        Ok(Some(binary(BinaryOp::Div, Operand::Scalar(Scalar::Float(1.0)), Operand::Tensor(x))?))
    } else {
        Ok(None)
    }
}

/// NumPy refuses integer powers with negative integer exponents; checked once,
/// before the kernel runs (a min reduction over a tensor exponent).
fn check_integer_exponent(dtype: DType, b: &Operand) -> Result<()> {
    if !dtype.is_int() {
        return Ok(());
    }
    let negative = match b {
        Operand::Scalar(s) => s.as_f64() < 0.0,
        Operand::Tensor(t) if t.numel() == 0 || t.dtype() == DType::Bool => false,
        Operand::Tensor(t) => matches!(super::reduce::min(t)?.item()?, Scalar::Int(v) if v < 0),
    };
    if negative {
        return Err(Error::InvalidArgument("power: integers to negative integer powers are not allowed".into()));
    }
    Ok(())
}

/// `a <cmp> b` as a bool tensor, with broadcasting and promotion.
pub fn compare<'a>(op: CompareOp, a: Operand<'a>, b: Operand<'a>) -> Result<Tensor> {
    let name = op.name();
    let dtype = compare_dtype(op, &a, &b)?;
    for o in [&a, &b] {
        if let Operand::Tensor(t) = o {
            check_device(name, t)?;
        }
    }
    let (sa, sb) = (operand_shape(&a), operand_shape(&b));
    let shape = if same_dims(sa, sb) { sa.to_vec() } else { broadcast_shapes(name, sa, sb)? };
    let (pa, pb) = (prepare(a, dtype)?, prepare(b, dtype)?);
    let out = Tensor::uninit(&shape, DType::Bool)?;
    run_compare(op, dtype, &pa, &pb, &out);
    Ok(out)
}

/// The dtype a comparison computes in: the operands' promotion, except that
/// NumPy 2 compares int32 tensors with out-of-range Python ints exactly (no
/// OverflowError): in int64 then.
fn compare_dtype(op: CompareOp, a: &Operand, b: &Operand) -> Result<DType> {
    let dtype = promoted(op.name(), a, b)?;
    let out_of_range = [a, b].iter().any(|o| match o {
        Operand::Scalar(s @ Scalar::Int(_)) => s.to_bytes(dtype).is_err(),
        _ => false,
    });
    Ok(if dtype.is_int() && out_of_range { DType::DEFAULT_INT } else { dtype })
}

fn run_compare(op: CompareOp, dtype: DType, pa: &Prepared, pb: &Prepared, out: &Tensor) {
    let table = kernels::current();
    let kernels = &table.compare[op as usize][dtype.index()];
    let strided = table.compare_strided[op as usize][dtype.index()].expect("comparisons exist for every dtype");
    run_loop(kernels, strided, dtype.itemsize(), pa, pb, out);
}

/// `out = a op b` into an existing tensor (in-place operators, `out=`):
/// the broadcast shape must equal `out`'s and the result dtype must cast to
/// `out`'s dtype under NumPy's same-kind rule.
pub fn binary_into<'a>(op: BinaryOp, a: Operand<'a>, b: Operand<'a>, out: &Tensor) -> Result<()> {
    let name = op.name();
    let dtype = result_dtype(op, &a, &b)?;
    let shape = broadcast_shapes(name, operand_shape(&a), operand_shape(&b))?;
    check_out(name, dtype, &shape, out)?;
    // From here to the end this op is the only writer of out's storage.
    let _writing = out.lock_writes();
    if op == BinaryOp::Pow && out.numel() > 0 {
        check_integer_exponent(dtype, &b)?;
    }
    let (da, db) = (detached(&a, out)?, detached(&b, out)?);
    let a = da.as_ref().map(Operand::Tensor).unwrap_or(a);
    let b = db.as_ref().map(Operand::Tensor).unwrap_or(b);
    let (pa, pb) = (prepare(a, dtype)?, prepare(b, dtype)?);
    if dtype == out.dtype() {
        run_binary(op, dtype, &pa, &pb, out);
    } else {
        let tmp = Tensor::uninit(out.shape(), dtype)?;
        run_binary(op, dtype, &pa, &pb, &tmp);
        super::convert::copy_into(&tmp, out)?;
    }
    Ok(())
}

/// `out = a <cmp> b` into an existing tensor (`out=`); the bool result casts
/// to any output dtype.
pub fn compare_into<'a>(op: CompareOp, a: Operand<'a>, b: Operand<'a>, out: &Tensor) -> Result<()> {
    let name = op.name();
    let dtype = compare_dtype(op, &a, &b)?;
    let shape = broadcast_shapes(name, operand_shape(&a), operand_shape(&b))?;
    check_out(name, DType::Bool, &shape, out)?;
    let _writing = out.lock_writes();
    let (da, db) = (detached(&a, out)?, detached(&b, out)?);
    let a = da.as_ref().map(Operand::Tensor).unwrap_or(a);
    let b = db.as_ref().map(Operand::Tensor).unwrap_or(b);
    let (pa, pb) = (prepare(a, dtype)?, prepare(b, dtype)?);
    if out.dtype() == DType::Bool {
        run_compare(op, dtype, &pa, &pb, out);
    } else {
        let tmp = Tensor::uninit(out.shape(), DType::Bool)?;
        run_compare(op, dtype, &pa, &pb, &tmp);
        super::convert::copy_into(&tmp, out)?;
    }
    Ok(())
}

/// The checks of every `out=`: `out` is on a device this build runs, the
/// result's shape broadcasts to `out`'s (never the reverse), the result dtype
/// casts to `out`'s under NumPy's same-kind rule, and `out` is writable.
pub(crate) fn check_out(name: &'static str, dtype: DType, shape: &[usize], out: &Tensor) -> Result<()> {
    check_device(name, out)?;
    let full = broadcast_shapes(name, shape, out.shape()).ok();
    if full.as_deref() != Some(out.shape()) {
        return Err(Error::InvalidArgument(format!(
            "{name}: result of shape {} cannot be written to an output of shape {}",
            crate::error::fmt_shape(shape),
            crate::error::fmt_shape(out.shape())
        )));
    }
    if !can_cast(dtype, out.dtype(), Casting::SameKind) {
        return Err(Error::UnsupportedDType {
            op: name,
            dtypes: vec![dtype.name(), out.dtype().name()],
            hint: "the result cannot be cast to the output dtype with casting rule 'same_kind'",
        });
    }
    out.check_writable(name)
}

/// An input that shares memory with `out` in a different layout, copied, so
/// a partially overlapping update reads the old values (NumPy); `None` when
/// the input can be read in place.
pub(crate) fn detached(o: &Operand, out: &Tensor) -> Result<Option<Tensor>> {
    Ok(match o {
        Operand::Tensor(t) if t.shares_storage_with(out) && t.layout() != out.layout() => Some(t.contiguous_copy()?),
        _ => None,
    })
}

fn run_binary(op: BinaryOp, dtype: DType, pa: &Prepared, pb: &Prepared, out: &Tensor) {
    let table = kernels::current();
    let kernels = &table.binary[op as usize][dtype.index()];
    let strided = table.binary_strided[op as usize][dtype.index()].expect("checked by result_dtype");
    run_loop(kernels, strided, dtype.itemsize(), pa, pb, out);
}

/// The loop: the executor plans it, the operands' inner strides pick the
/// contiguous kernel mode or the strided kernel once, then every row runs.
/// `size` is the input element size; the output's may differ (comparisons).
fn run_loop(kernels: &[Option<BinaryFn>; 3], strided: BinaryStridedFn, size: usize, pa: &Prepared, pb: &Prepared, out: &Tensor) {
    let ops = [pa.loop_operand(size), pb.loop_operand(size), LoopOperand::of(out, out.data_ptr_mut())];
    let plan = Elementwise::new(out.shape(), ops, Work::Elementwise);
    let [sa, sb, so] = plan.inner_strides();
    let contiguous_kernel = binary_mode([sa, sb, so]).and_then(|m| kernels[m]);
    plan.run(|[x, y, z], len| {
        // SAFETY: the executor only visits element offsets inside each
        // operand's layout (validated views of live storage, stride 0 for
        // broadcast and scalar sides); rows are disjoint in the output.
        unsafe {
            match contiguous_kernel {
                Some(k) => k(x as *const c_void, y as *const c_void, z as *mut c_void, len),
                None => strided(x as *const c_void, sa, y as *const c_void, sb, z as *mut c_void, so, len),
            }
        }
    });
}

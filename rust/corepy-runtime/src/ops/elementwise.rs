//! Elementwise arithmetic: + - * / with tensors and Python scalars, and
//! unary negation.
use std::borrow::Cow;
use std::ffi::c_void;

use super::convert::astype;
use super::nditer::{broadcast_shapes, broadcast_strides, Plan};
use super::{check_device, ELEMENTWISE_MIN_CHUNK};
use crate::dims::same_dims;
use crate::dtype::DType;
use crate::promotion::{can_cast, promote, promote_weak, Casting};
use crate::error::{Error, Result};
use crate::kernels::{self, table::{BinaryFn, BinaryStridedFn}};
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr};
use crate::tensor::Tensor;

pub use crate::registry::{BinaryOp, CompareOp};
use crate::registry::BinaryRule;

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
        (Operand::Scalar(_), Operand::Scalar(_)) => {
            return Err(Error::InvalidArgument(format!("{name}: at least one operand must be a tensor")))
        }
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
        BinaryRule::TrueDiv if !dt.is_float() => DType::F64,
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
    if x.dtype() != dtype
        || y.dtype() != dtype
        || !same_dims(x.shape(), y.shape())
        || !x.is_contiguous()
        || !y.is_contiguous()
    {
        return None;
    }
    kernels::current().binary[op as usize][dtype.index()][0]
}

/// `binary` for operands `dense_kernel` accepted, with its kernel.
#[inline]
fn binary_dense(kernel: BinaryFn, dtype: DType, x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let n: usize = x.shape().iter().product();
    let out = Tensor::uninit(x.shape(), dtype)?;
    let size = dtype.itemsize();
    let ptrs = [SharedPtr(x.data_ptr() as *mut u8), SharedPtr(y.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut())];
    // SAFETY: x, y and out are contiguous with n elements of `dtype` each
    // (same shape), all alive until this returns; x and y are only read;
    // out is a fresh buffer no one else sees yet.
    unsafe { run_contiguous(kernel, ptrs, [size, size, size], n) };
    Ok(out)
}

/// One contiguous kernel over `n` elements, split across threads in disjoint
/// chunks: element i of each operand is at its pointer + i * its step in
/// bytes (step 0: a single element, a scalar side).
///
/// # Safety
/// SAFETY (the callers' part): for every i < n, `ptrs[k] + i * steps[k]`
/// must be a valid element of operand k (input, input, output) for the
/// kernel's dtypes, alive for the whole call, and no one else may read or
/// write the output meanwhile.
#[inline]
unsafe fn run_contiguous(kernel: BinaryFn, ptrs: [SharedPtr; 3], steps: [usize; 3], n: usize) {
    let ([ap, bp, op_], [a_step, b_step, o_step]) = (ptrs, steps);
    for_each_chunk(n, ELEMENTWISE_MIN_CHUNK, 64, |start, len| {
        // SAFETY: [start, start + len) lies in [0, n) (the caller's contract
        // covers every element there); the chunks are disjoint in the output
        // and the region is joined before this function returns.
        unsafe {
            kernel(
                ap.at(start * a_step) as *const c_void,
                bp.at(start * b_step) as *const c_void,
                op_.at(start * o_step) as *mut c_void,
                len,
            )
        }
    });
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
    Ok(if dtype.is_int() && out_of_range { DType::I64 } else { dtype })
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

/// The loop: pick the kernel for the operands' inner strides, then run rows.
/// `size` is the input element size; the output's may differ (comparisons).
fn run_loop(
    kernels: &[Option<BinaryFn>; 3],
    strided: BinaryStridedFn,
    size: usize,
    pa: &Prepared,
    pb: &Prepared,
    out: &Tensor,
) {
    let osize = out.dtype().itemsize();
    let (ap, bp, op_) = (SharedPtr(pa.ptr() as *mut u8), SharedPtr(pb.ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let ((ash, ast), (bsh, bst)) = (pa.geometry(), pb.geometry());
    // Fast path: everything contiguous and same-shaped (or a scalar side).
    let dense = |sh: &[usize], st: &[isize], is_tensor: bool| {
        !is_tensor || sh.is_empty() || (same_dims(sh, out.shape()) && crate::layout::is_contiguous(sh, st))
    };
    let a_is_t = matches!(pa, Prepared::Tensor(_));
    let b_is_t = matches!(pb, Prepared::Tensor(_));
    let a_vec = a_is_t && !ash.is_empty() || out.ndim() == 0;
    let b_vec = b_is_t && !bsh.is_empty() || out.ndim() == 0;
    // Two single-element sides (0-d tensors or scalars) broadcast into a
    // larger `out=` have no contiguous mode (it would read n elements from
    // each): they take the strided loop below with stride 0 on both.
    if out.is_contiguous() && dense(ash, ast, a_is_t) && dense(bsh, bst, b_is_t) && (a_vec || b_vec) {
        let mode = match (a_vec, b_vec) {
            (true, false) => 1,
            (false, true) => 2,
            _ => 0,
        };
        let kernel = kernels[mode].expect("every op with a strided kernel has the contiguous modes");
        let (a_step, b_step) = (if a_vec { size } else { 0 }, if b_vec { size } else { 0 });
        // SAFETY: vector operands and the output hold numel elements of
        // `dtype` (the output's own dtype for it); a scalar side is one
        // element read at offset 0 (step 0); all outlive this call.
        unsafe { run_contiguous(kernel, [ap, bp, op_], [a_step, b_step, osize], out.numel()) };
        return;
    }
    let plan = Plan::new(
        out.shape(),
        [broadcast_strides(ash, ast, out.shape()), broadcast_strides(bsh, bst, out.shape()), out.strides().to_vec()],
    );
    let [sa, sb, so] = plan.inner_strides();
    let mode = match (sa, sb, so) {
        (1, 1, 1) => Some(0),
        (1, 0, 1) => Some(1),
        (0, 1, 1) => Some(2),
        _ => None,
    };
    let contiguous_kernel = mode.and_then(|m| kernels[m]);
    plan.for_each_row([ap, bp, op_], [size, size, osize], ELEMENTWISE_MIN_CHUNK, |[x, y, z], len| {
        // SAFETY: the plan only visits element offsets inside each operand's
        // layout (validated views of live storage, stride 0 for broadcast);
        // rows are disjoint in the output.
        unsafe {
            match contiguous_kernel {
                Some(k) => k(x as *const c_void, y as *const c_void, z as *mut c_void, len),
                None => strided(x as *const c_void, sa, y as *const c_void, sb, z as *mut c_void, so, len),
            }
        }
    });
}

//! Indexing by integer arrays and boolean masks (gathers and scatters that
//! copy), take, and nonzero. Rust validates every index once (two reduction
//! kernels: min and max) before the C++ row kernels run.
use std::ffi::c_void;

use super::convert::{astype, copy_into};
use super::elementwise::{binary, compare, BinaryOp, CompareOp, Operand};
use super::unary::where_;
use super::{check_device, reduce};
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels;
use crate::scalar::Scalar;
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// Integer indices as contiguous int64 in [0, len): negative ones count from
/// the end; anything outside [-len, len) is an IndexError.
fn normalized_indices(op: &str, idx: &Tensor, len: usize, axis: usize) -> Result<Tensor> {
    if idx.numel() == 0 {
        // An empty index (e.g. from `[]`, which NumPy reads as integers) selects nothing.
        return super::creation::zeros(idx.shape(), DType::I64);
    }
    if !(idx.dtype().is_int()) {
        return Err(Error::Index(format!("{op}: index arrays must be integers or booleans, got {}", idx.dtype().name())));
    }
    let idx = astype(idx, DType::I64)?;
    if idx.numel() == 0 {
        return Ok(idx);
    }
    let lo = reduce::min(&idx)?.item()?;
    let hi = reduce::max(&idx)?.item()?;
    let (Scalar::Int(lo), Scalar::Int(hi)) = (lo, hi) else { unreachable!("int64 reductions give ints") };
    let n = len as i64;
    if lo < -n || hi >= n {
        let bad = if lo < -n { lo } else { hi };
        return Err(Error::Index(format!("index {bad} is out of bounds for axis {axis} with size {len}")));
    }
    if lo >= 0 {
        return Ok(idx);
    }
    let negative = compare(CompareOp::Lt, Operand::Tensor(&idx), Operand::Scalar(Scalar::Int(0)))?;
    let wrapped = binary(BinaryOp::Add, Operand::Tensor(&idx), Operand::Scalar(Scalar::Int(n)))?;
    where_(&negative, Operand::Tensor(&wrapped), Operand::Tensor(&idx))
}

/// `t` with `axis` moved to the front, contiguous, seen as [len, rest].
fn rows_along(t: &Tensor, axis: usize) -> Result<(Tensor, usize)> {
    let mut order: Vec<i64> = vec![axis as i64];
    order.extend((0..t.ndim()).filter(|&d| d != axis).map(|d| d as i64));
    let moved = t.permute_dims(&order)?.contiguous()?;
    let rest: usize = t.shape().iter().enumerate().filter(|&(d, _)| d != axis).map(|(_, &s)| s).product();
    Ok((moved, rest))
}

/// Rows `idx` (int64, valid) of `src` ([len, rest] contiguous) into a new
/// [idx.numel(), rest] tensor.
fn gather(src: &Tensor, rest: usize, idx: &Tensor) -> Result<Tensor> {
    let n = idx.numel();
    let out = Tensor::uninit(&[n, rest], src.dtype())?;
    let row_bytes = rest * src.dtype().itemsize();
    if n > 0 && row_bytes > 0 {
        let kernel = kernels::current().gather_rows.expect("gather exists");
        let idx = idx.contiguous()?;
        // SAFETY: every index is in [0, len) (validated); src holds len rows
        // of row_bytes; out holds n rows; idx holds n int64 values.
        unsafe { kernel(src.data_ptr() as *const c_void, row_bytes, idx.data_ptr() as *const i64, n, out.data_ptr_mut() as *mut c_void) };
    }
    Ok(out)
}

/// NumPy's take: elements (or sub-tensors) at `indices` along `axis`
/// (None: of the flattened tensor). The result has indices.shape in place of
/// that axis.
pub fn take(t: &Tensor, indices: &Tensor, axis: Option<i64>) -> Result<Tensor> {
    check_device("take", t)?;
    let (t, axis) = match axis {
        None => (t.reshape(&[-1])?, 0usize),
        Some(a) => (t.clone(), normalize_axis("take", a, t.ndim())?),
    };
    if t.ndim() == 0 {
        return Err(Error::Index("take: cannot index a 0-d tensor".into()));
    }
    let len = t.shape()[axis];
    let idx = normalized_indices("take", indices, len, axis)?;
    let (rows, rest) = rows_along(&t, axis)?;
    let gathered = gather(&rows, rest, &idx)?;
    // [idx..., other dims...] -> put the index dims where the axis was.
    let other: Vec<usize> = t.shape().iter().enumerate().filter(|&(d, _)| d != axis).map(|(_, &s)| s).collect();
    let mut shape: Vec<i64> = idx.shape().iter().map(|&d| d as i64).collect();
    shape.extend(other.iter().map(|&d| d as i64));
    let g = gathered.reshape(&shape)?;
    let k = idx.ndim();
    let mut order: Vec<i64> = (k..k + axis).map(|d| d as i64).collect();
    order.extend((0..k).map(|d| d as i64));
    order.extend((k + axis..k + other.len()).map(|d| d as i64));
    g.permute_dims(&order)
}

/// Positions of the true entries of a bool mask, flattened (int64).
fn mask_positions(mask: &Tensor) -> Result<Tensor> {
    let m = mask.contiguous()?;
    let count = match reduce::sum(&m)?.item()? {
        Scalar::Int(c) => c as usize,
        _ => unreachable!("bool sums are int64"),
    };
    let out = Tensor::uninit(&[count], DType::I64)?;
    if count > 0 {
        let kernel = kernels::current().nonzero.expect("nonzero exists");
        // SAFETY: m holds numel bytes of which exactly `count` are nonzero
        // (just summed), and the kernel writes one position per nonzero byte
        // into `out`, which holds `count` int64 slots.
        unsafe { kernel(m.data_ptr(), m.numel(), out.data_ptr_mut() as *mut i64) };
    }
    Ok(out)
}

/// `t[mask]`: the elements (or rows) where a bool mask is true, as a new
/// tensor of shape [count, t.shape[mask.ndim:]...].
pub fn masked_select(t: &Tensor, mask: &Tensor) -> Result<Tensor> {
    check_mask(t, mask)?;
    let k = mask.ndim();
    let rest: usize = t.shape()[k..].iter().product();
    let src = t.contiguous()?;
    let pos = mask_positions(mask)?;
    let g = gather(&src, rest, &pos)?;
    let mut shape = vec![pos.numel() as i64];
    shape.extend(t.shape()[k..].iter().map(|&d| d as i64));
    g.reshape(&shape)
}

fn check_mask(t: &Tensor, mask: &Tensor) -> Result<()> {
    if mask.dtype() != DType::Bool {
        return Err(Error::Index("a boolean mask must have dtype bool".into()));
    }
    if mask.ndim() > t.ndim() {
        return Err(Error::Index(format!(
            "boolean index of shape {} does not match the indexed tensor of shape {}",
            fmt_shape(mask.shape()),
            fmt_shape(t.shape())
        )));
    }
    // As in NumPy, a mask axis of size 0 matches any axis: such a mask
    // selects nothing whatever the tensor's sizes.
    for (axis, (&m, &d)) in mask.shape().iter().zip(t.shape()).enumerate() {
        if m != d && m != 0 {
            return Err(Error::Index(format!(
                "boolean index of shape {} does not match the indexed tensor of shape {} along axis {axis}: size of axis is {d} but size of corresponding boolean axis is {m}",
                fmt_shape(mask.shape()),
                fmt_shape(t.shape())
            )));
        }
    }
    Ok(())
}

/// Write `value` (broadcast to [count, rest...]) into rows `pos` of `t`
/// viewed as [rows, rest].
fn scatter(t: &Tensor, lead: usize, pos: &Tensor, value: &Tensor) -> Result<()> {
    let rest_shape: Vec<usize> = t.shape()[lead..].to_vec();
    let rest: usize = rest_shape.iter().product();
    let n = pos.numel();
    let mut target = vec![n];
    target.extend_from_slice(&rest_shape);
    let src = astype(
        &value.broadcast_to(&target).or_else(|_| {
            Err(Error::InvalidArgument(format!(
                "setitem: could not broadcast a value of shape {} into a selection of shape {}",
                fmt_shape(value.shape()),
                fmt_shape(&target)
            )))
        })?,
        t.dtype(),
    )?;
    let work = t.contiguous_copy()?;
    let row_bytes = rest * t.dtype().itemsize();
    if n > 0 && row_bytes > 0 {
        let kernel = kernels::current().scatter_rows.expect("scatter exists");
        let pos = pos.contiguous()?;
        // SAFETY: positions are valid rows of `work` (validated / from the
        // mask); src is a contiguous [n, rest] copy; rows are row_bytes long.
        unsafe { kernel(work.data_ptr_mut() as *mut c_void, row_bytes, pos.data_ptr() as *const i64, n, src.data_ptr() as *const c_void, row_bytes as isize) };
    }
    copy_into(&work, t)
}

/// `value` without extra leading size-1 dimensions beyond `ndim` (NumPy
/// drops them when assigning: a[0] = ones((1, 1, 3)) works for a of shape (2, 3)).
pub(crate) fn strip_leading_ones(value: &Tensor, ndim: usize) -> Result<Tensor> {
    let mut v = value.clone();
    while v.ndim() > ndim && v.shape()[0] == 1 {
        v = v.squeeze(Some(&[0]))?;
    }
    Ok(v)
}

/// `t[mask] = value`.
pub fn masked_assign(t: &Tensor, mask: &Tensor, value: &Tensor) -> Result<()> {
    check_mask(t, mask)?;
    let pos = mask_positions(mask)?;
    let value = &strip_leading_ones(value, 1 + t.ndim() - mask.ndim())?;
    t.check_writable("setitem")?;
    let _writing = t.lock_writes();
    let rows = t.reshape(&{
        // The tensor's leading axes, not the mask's: they differ when a mask
        // axis is 0 (and then no position is written).
        let mut s = vec![t.shape()[..mask.ndim()].iter().product::<usize>() as i64];
        s.extend(t.shape()[mask.ndim()..].iter().map(|&d| d as i64));
        s
    })?;
    // reshape may copy for non-contiguous t; write through the original then.
    if rows.shares_storage_with(t) {
        scatter(&rows, 1, &pos, value)
    } else {
        scatter(&rows, 1, &pos, value)?;
        copy_into(&rows.reshape(&t.shape().iter().map(|&d| d as i64).collect::<Vec<_>>())?, t)
    }
}

/// `t[indices] = value` with an integer index array on the first axis.
pub fn index_assign(t: &Tensor, indices: &Tensor, value: &Tensor) -> Result<()> {
    if t.ndim() == 0 {
        return Err(Error::Index("cannot index a 0-d tensor".into()));
    }
    array_index_assign(t, &[ArrayIndex::Array(indices.clone())], value)
}

/// NumPy's nonzero: one int64 tensor of coordinates per dimension.
pub fn nonzero(t: &Tensor) -> Result<Vec<Tensor>> {
    check_device("nonzero", t)?;
    if t.ndim() == 0 {
        return Err(Error::InvalidArgument("nonzero: calling nonzero on 0-d tensors is not allowed; use t.reshape(1) first (as NumPy)".into()));
    }
    let mask = if t.dtype() == DType::Bool { t.clone() } else { astype(t, DType::Bool)? };
    let flat = mask_positions(&mask.reshape(&[-1])?)?;
    let nd = t.ndim().max(1);
    let count = flat.numel();
    let coords = Tensor::uninit(&[count, nd], DType::I64)?;
    if count > 0 {
        let shape: Vec<usize> = if t.ndim() == 0 { vec![1] } else { t.shape().to_vec() };
        let kernel = kernels::current().unravel.expect("unravel exists");
        // SAFETY: flat holds `count` valid positions in the shape; coords
        // holds count*nd int64 slots; shape holds nd sizes.
        unsafe { kernel(flat.data_ptr() as *const i64, count, shape.as_ptr(), nd, coords.data_ptr_mut() as *mut i64) };
    }
    (0..nd)
        .map(|d| coords.index(&[crate::basic_index::IndexItem::Slice { start: None, stop: None, step: None }, crate::basic_index::IndexItem::Int(d as i64)]))
        .collect()
}

/// One entry of a tuple index made only of integers and integer arrays.
pub enum ArrayIndex {
    Int(i64),
    Array(Tensor),
}

/// Row numbers into `t` viewed as [prod(shape[..k]), rest...] for k index
/// entries (NumPy's advanced indexing with every index an int or an integer
/// array: the arrays broadcast together).
fn linear_rows(t: &Tensor, items: &[ArrayIndex]) -> Result<(Tensor, Vec<usize>)> {
    let k = items.len();
    if k > t.ndim() {
        return Err(Error::Index(format!("too many indices for tensor: tensor is {}-dimensional, but {k} were indexed", t.ndim())));
    }
    let mut arrays = Vec::with_capacity(k);
    let mut shape: Vec<usize> = Vec::new();
    for (d, item) in items.iter().enumerate() {
        let len = t.shape()[d];
        let a = match item {
            ArrayIndex::Int(i) => {
                let s = super::creation::full(&[], DType::I64, Scalar::Int(*i))?;
                normalized_indices("index", &s, len, d)?
            }
            ArrayIndex::Array(a) => normalized_indices("index", a, len, d)?,
        };
        shape = super::nditer::broadcast_shapes("index", &shape, a.shape())
            .map_err(|_| Error::Index("shape mismatch: indexing arrays could not be broadcast together".into()))?;
        arrays.push(a);
    }
    // linear = ((i0 * n1 + i1) * n2 + i2) ...
    let mut linear = super::creation::zeros(&shape, DType::I64)?;
    for (d, a) in arrays.iter().enumerate() {
        let scaled = binary(BinaryOp::Mul, Operand::Tensor(&linear), Operand::Scalar(Scalar::Int(t.shape()[d] as i64)))?;
        linear = binary(BinaryOp::Add, Operand::Tensor(&scaled), Operand::Tensor(a))?;
    }
    Ok((linear, shape))
}

fn rows_view(t: &Tensor, k: usize) -> Result<Tensor> {
    let mut s = vec![t.shape()[..k].iter().product::<usize>() as i64];
    s.extend(t.shape()[k..].iter().map(|&d| d as i64));
    t.reshape(&s)
}

/// `t[i0, i1, ...]` with integer arrays (and integers) only.
pub fn array_index(t: &Tensor, items: &[ArrayIndex]) -> Result<Tensor> {
    check_device("index", t)?;
    let (linear, shape) = linear_rows(t, items)?;
    let k = items.len();
    let rows = rows_view(&t.contiguous()?, k)?;
    let rest: usize = t.shape()[k..].iter().product();
    let g = gather(&rows, rest, &linear.reshape(&[-1])?)?;
    let mut out_shape: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
    out_shape.extend(t.shape()[k..].iter().map(|&d| d as i64));
    g.reshape(&out_shape)
}

/// `t[i0, i1, ...] = value` with integer arrays (and integers) only.
pub fn array_index_assign(t: &Tensor, items: &[ArrayIndex], value: &Tensor) -> Result<()> {
    check_device("setitem", t)?;
    let (linear, shape) = linear_rows(t, items)?;
    let k = items.len();
    let mut full = shape.clone();
    full.extend_from_slice(&t.shape()[k..]);
    let value = strip_leading_ones(value, full.len())?;
    let value = value.broadcast_to(&full).map_err(|_| {
        Error::InvalidArgument(format!(
            "setitem: could not broadcast a value of shape {} into a selection of shape {}",
            fmt_shape(value.shape()),
            fmt_shape(&full)
        ))
    })?;
    let mut flat_shape = vec![linear.numel() as i64];
    flat_shape.extend(t.shape()[k..].iter().map(|&d| d as i64));
    let value = value.reshape(&flat_shape)?;
    t.check_writable("setitem")?;
    let _writing = t.lock_writes(); // the read-modify-write below is one write
    let work = rows_view(&t.contiguous_copy()?, k)?;
    scatter(&work, 1, &linear.reshape(&[-1])?, &value)?;
    copy_into(&work.reshape(&t.shape().iter().map(|&d| d as i64).collect::<Vec<_>>())?, t)
}

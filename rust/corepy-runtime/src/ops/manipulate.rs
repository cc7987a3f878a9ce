//! Joining and writing: concat, stack, and item assignment. All element
//! movement is the strided copy kernel; Rust only computes where each piece
//! goes.
use super::check_device;
use super::convert::copy_into;
use crate::dtype::{promote, DType};
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{normalize_axis, IndexItem};
use crate::scalar::Scalar;
use crate::tensor::Tensor;

/// Join tensors along an existing axis (NumPy's concatenate).
pub fn concat(tensors: &[Tensor], axis: i64) -> Result<Tensor> {
    let first = tensors.first().ok_or_else(|| Error::InvalidArgument("concat: need at least one tensor".into()))?;
    if first.ndim() == 0 {
        return Err(Error::InvalidArgument("concat: zero-dimensional tensors cannot be concatenated".into()));
    }
    let ax = normalize_axis("concat", axis, first.ndim())?;
    let mut dtype: DType = first.dtype();
    let mut total = 0usize;
    for t in tensors {
        check_device("concat", t)?;
        let same_rank = t.ndim() == first.ndim();
        let same_other = same_rank && (0..t.ndim()).all(|d| d == ax || t.shape()[d] == first.shape()[d]);
        if !same_other {
            return Err(Error::ShapeMismatch { op: "concat", lhs: first.shape().to_vec(), rhs: t.shape().to_vec() });
        }
        dtype = promote(dtype, t.dtype());
        total = total
            .checked_add(t.shape()[ax])
            .ok_or_else(|| Error::SizeOverflow("concat: result too large".into()))?;
    }
    let mut shape = first.shape().to_vec();
    shape[ax] = total;
    let out = Tensor::uninit(&shape, dtype)?;
    let mut start = 0i64;
    for t in tensors {
        let len = t.shape()[ax] as i64;
        let mut items = vec![IndexItem::Slice { start: None, stop: None, step: None }; ax];
        items.push(IndexItem::Slice { start: Some(start), stop: Some(start + len), step: None });
        copy_into(t, &out.index(&items)?)?;
        start += len;
    }
    Ok(out)
}

/// Join tensors along a new axis (all shapes equal).
pub fn stack(tensors: &[Tensor], axis: i64) -> Result<Tensor> {
    let first = tensors.first().ok_or_else(|| Error::InvalidArgument("stack: need at least one tensor".into()))?;
    for t in tensors {
        if t.shape() != first.shape() {
            return Err(Error::ShapeMismatch { op: "stack", lhs: first.shape().to_vec(), rhs: t.shape().to_vec() });
        }
    }
    let ax = normalize_axis("stack", axis, first.ndim() + 1)? as i64;
    let expanded: Vec<Tensor> = tensors.iter().map(|t| t.expand_dims(ax)).collect::<Result<_>>()?;
    concat(&expanded, ax)
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

/// `t[index] = value`: broadcast `value` to the selected view and write it
/// (converted to t's dtype). A value that shares memory with `t` is copied
/// first so overlapping assignments read the old values.
/// `t[index] = s` for a number: the checks and conversion of `set_item`
/// with a 0-d value of t's dtype (out-of-range values fail first, as
/// there), but one selected element is written in place without building
/// a value tensor; larger selections take `set_item`.
pub fn set_item_scalar(t: &Tensor, index: &[IndexItem], s: Scalar) -> Result<()> {
    check_device("setitem", t)?;
    let bytes = s.to_bytes(t.dtype())?;
    let view = t.index(index)?;
    if view.numel() != 1 {
        return set_item(t, index, &crate::ops::creation::full(&[], t.dtype(), s)?);
    }
    t.check_writable("setitem")?;
    let _writing = t.lock_writes();
    // SAFETY: `view` is a validated view of t's live storage holding exactly
    // one element, so its data pointer addresses itemsize writable bytes;
    // `bytes` holds at least itemsize bytes (8); t's write lock is held, so
    // no other writer runs meanwhile, and the two ranges cannot overlap.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), view.data_ptr_mut(), t.dtype().itemsize()) };
    Ok(())
}

pub fn set_item(t: &Tensor, index: &[IndexItem], value: &Tensor) -> Result<()> {
    check_device("setitem", t)?;
    let view = t.index(index)?;
    // NumPy drops a value's extra leading size-1 dimensions here
    // (a[0] = ones((1, 1, 3)) works for a of shape (2, 3)).
    let value_shape = value.shape().to_vec();
    if view.ndim() == 0 && value.ndim() > 0 {
        // One element takes a scalar or a 0-d value only (NumPy 2).
        return Err(Error::InvalidArgument(format!(
            "setitem: setting a single element with a sequence: the value has shape {}",
            fmt_shape(value.shape())
        )));
    }
    let value = &strip_leading_ones(value, view.ndim())?;
    let shape = crate::ops::nditer::broadcast_shapes("setitem", value.shape(), view.shape())?;
    if shape != view.shape() {
        return Err(Error::InvalidArgument(format!(
            "setitem: could not broadcast a value of shape {} into a selection of shape {}",
            fmt_shape(&value_shape),
            fmt_shape(view.shape())
        )));
    }
    t.check_writable("setitem")?;
    let _writing = t.lock_writes();
    if value.shares_storage_with(t) {
        let detached = value.contiguous_copy()?;
        return copy_into(&detached, &view);
    }
    copy_into(value, &view)
}

//! Diagonals and triangles: diagonal (a view), diag, trace, identity, tri,
//! tril and triu (batched over leading dimensions, as NumPy). Elements move
//! through the strided copy and fill kernels; Rust computes where.
use std::ffi::c_void;

use super::check_device;
use super::convert::{astype, copy_into};
use super::reduce::{reduce_axes, ReduceOp};
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels;
use crate::layout::Layout;
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr, ROW_OPS_MIN_ELEMS};
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// The diagonal `offset` of the planes spanned by `axis1` and `axis2`, as a
/// view: those axes are removed and the diagonal becomes the last one
/// (NumPy's diagonal; NumPy's view is read-only, this one is writable).
pub fn diagonal(t: &Tensor, offset: i64, axis1: i64, axis2: i64) -> Result<Tensor> {
    diagonal_named("diagonal", t, offset, axis1, axis2)
}

fn diagonal_named(op: &'static str, t: &Tensor, offset: i64, axis1: i64, axis2: i64) -> Result<Tensor> {
    check_device(op, t)?;
    let n = t.ndim();
    if n < 2 {
        return Err(Error::InvalidArgument(format!("{op}: needs a tensor of at least two dimensions, got shape {}", fmt_shape(t.shape()))));
    }
    let (a1, a2) = (normalize_axis(op, axis1, n)?, normalize_axis(op, axis2, n)?);
    if a1 == a2 {
        return Err(Error::InvalidArgument(format!("{op}: axis1 and axis2 cannot be the same (both are axis {a1})")));
    }
    let (d1, d2) = (t.shape()[a1] as i128, t.shape()[a2] as i128);
    let off = offset as i128;
    let (r0, c0) = if off >= 0 { (0, off) } else { (-off, 0) };
    let len = (d1 - r0).min(d2 - c0).max(0);
    let (s1, s2) = (t.strides()[a1], t.strides()[a2]);
    let mut start = t.layout().offset() as isize;
    if len > 0 {
        // r0 < d1 and c0 < d2 here, so the first element is inside the tensor.
        start += r0 as isize * s1 + c0 as isize * s2;
    }
    let keep = (0..n).filter(|&d| d != a1 && d != a2);
    let mut shape: Vec<usize> = keep.clone().map(|d| t.shape()[d]).collect();
    let mut strides: Vec<isize> = keep.map(|d| t.strides()[d]).collect();
    shape.push(len as usize);
    strides.push(s1 + s2);
    Ok(t.with_layout(Layout::from_parts(&shape, &strides, start as usize)))
}

/// NumPy's diag: a 1-D tensor becomes a square matrix with it on diagonal k;
/// a 2-D tensor gives its diagonal k (a view).
pub fn diag(v: &Tensor, k: i64) -> Result<Tensor> {
    check_device("diag", v)?;
    match v.ndim() {
        1 => {
            let size = v.shape()[0]
                .checked_add(usize::try_from(k.unsigned_abs()).unwrap_or(usize::MAX))
                .ok_or_else(|| Error::SizeOverflow(format!("diag: a diagonal of {} elements at offset {k} is too large", v.shape()[0])))?;
            let out = super::creation::zeros(&[size, size], v.dtype())?;
            if v.numel() > 0 {
                copy_into(v, &diagonal_named("diag", &out, k, 0, 1)?)?;
            }
            Ok(out)
        }
        2 => diagonal_named("diag", v, k, 0, 1),
        _ => Err(Error::InvalidArgument(format!("diag: input must be 1- or 2-d, got shape {}", fmt_shape(v.shape())))),
    }
}

/// Sum along the diagonal (NumPy's trace): the sum's dtype rules, or
/// `dtype` (the elements are converted to it and the sum is returned in it).
pub fn trace(t: &Tensor, offset: i64, axis1: i64, axis2: i64, dtype: Option<DType>) -> Result<Tensor> {
    let d = diagonal_named("trace", t, offset, axis1, axis2)?;
    let d = match dtype {
        Some(dt) if dt != d.dtype() => astype(&d, dt)?,
        _ => d,
    };
    let s = reduce_axes(ReduceOp::Sum, &d, Some(&[-1]), false)?;
    match dtype {
        Some(dt) if dt != s.dtype() => astype(&s, dt),
        _ => Ok(s),
    }
}

fn dim(op: &str, what: &str, v: i64) -> Result<usize> {
    usize::try_from(v).map_err(|_| Error::InvalidArgument(format!("{op}: negative dimensions are not allowed ({what} = {v})")))
}

/// The n x n identity matrix.
pub fn identity(n: i64, dtype: DType) -> Result<Tensor> {
    let n = dim("identity", "n", n)?;
    super::creation::eye(n, n, 0, dtype)
}

/// Columns `j < cut` of row i for the lower triangle `j <= i + k`.
fn lower_cut(i: usize, k: i64, cols: usize) -> usize {
    (i as i64).saturating_add(k).saturating_add(1).clamp(0, cols as i64) as usize
}

/// Columns `j < cut` of row i below the upper triangle `j >= i + k`.
fn upper_cut(i: usize, k: i64, cols: usize) -> usize {
    (i as i64).saturating_add(k).clamp(0, cols as i64) as usize
}

/// Fill, in every row of the contiguous `out` seen as a stack of
/// rows x cols matrices, columns [0, cut(i)) with `low` and [cut(i), cols)
/// with `high` (each when given); i is the row within its matrix.
fn fill_rows(out: &Tensor, rows: usize, cols: usize, cut: impl Fn(usize) -> usize + Sync, low: Option<[u8; 8]>, high: Option<[u8; 8]>) {
    let total = if rows == 0 { 0 } else { out.numel() / cols.max(1) };
    if total == 0 || cols == 0 {
        return;
    }
    let dtype = out.dtype();
    let fill = kernels::current().fill[dtype.index()].expect("fill exists for every dtype");
    let size = dtype.itemsize();
    let base = SharedPtr(out.data_ptr_mut());
    let min_rows = (ROW_OPS_MIN_ELEMS / cols).max(1);
    for_each_chunk(total, min_rows, 1, |first, count| {
        for r in first..first + count {
            let c = cut(r % rows);
            let row = r * cols;
            for (value, start, len) in [(low.as_ref(), 0, c), (high.as_ref(), c, cols - c)] {
                if let (Some(v), true) = (value, len > 0) {
                    // SAFETY: columns [start, start + len) of row r lie inside
                    // the contiguous `out` (r < total rows of cols elements);
                    // each row is written by one task; `v` holds one element.
                    unsafe { fill(base.at((row + start) * size) as *mut c_void, v.as_ptr() as *const c_void, len) };
                }
            }
        }
    });
}

/// An N x M matrix with ones at and below diagonal k, zeros above (NumPy's tri).
pub fn tri(n: i64, m: Option<i64>, k: i64, dtype: DType) -> Result<Tensor> {
    let rows = dim("tri", "N", n)?;
    let cols = match m {
        Some(m) => dim("tri", "M", m)?,
        None => rows,
    };
    let out = Tensor::uninit(&[rows, cols], dtype)?;
    let (one, zero) = (Scalar::Int(1).to_bytes(dtype)?, Scalar::Int(0).to_bytes(dtype)?);
    fill_rows(&out, rows, cols, |i| lower_cut(i, k, cols), Some(one), Some(zero));
    Ok(out)
}

/// The lower (tril) or upper (triu) triangle of the last two dimensions,
/// the rest zero; a 1-D input is first broadcast to a square matrix (NumPy).
pub fn triangle(lower: bool, m: &Tensor, k: i64) -> Result<Tensor> {
    let op = if lower { "tril" } else { "triu" };
    check_device(op, m)?;
    let src = match m.ndim() {
        0 => return Err(Error::InvalidArgument(format!("{op}: input must be at least 1-d, got a 0-d tensor"))),
        1 => {
            let n = m.shape()[0];
            m.broadcast_to(&[n, n])?
        }
        _ => m.clone(),
    };
    let out = src.contiguous_copy()?;
    let nd = out.ndim();
    let (rows, cols) = (out.shape()[nd - 2], out.shape()[nd - 1]);
    let zero = Scalar::Int(0).to_bytes(out.dtype())?;
    if lower {
        fill_rows(&out, rows, cols, |i| lower_cut(i, k, cols), None, Some(zero));
    } else {
        fill_rows(&out, rows, cols, |i| upper_cut(i, k, cols), Some(zero), None);
    }
    Ok(out)
}

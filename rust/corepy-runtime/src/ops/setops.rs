//! NumPy's unique with its optional outputs (first indices, inverse, counts)
//! and axis= (unique slices, in lexicographic order), composed of the stable
//! argsort, take, comparisons, masks, cumsum and scatter: no element loop.
use super::check_device;
use super::creation::{arange, full};
use super::elementwise::{binary, compare, BinaryOp, CompareOp, Operand};
use super::indexing::{index_assign, masked_select, nonzero, take};
use super::manipulate::concat;
use super::reduce::any_all;
use super::rows::{along_axis, RowOp};
use super::unary::{predicate, unary, Predicate, UnaryOp};
use crate::basic_index::IndexItem;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::scalar::Scalar;
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// Which optional outputs to compute.
#[derive(Debug, Clone, Copy, Default)]
pub struct UniqueFlags {
    pub index: bool,
    pub inverse: bool,
    pub counts: bool,
    /// Several NaNs count as one value (axis=None only, as NumPy).
    pub equal_nan: bool,
}

/// The outputs of `unique_all`; the optional ones are present when asked for.
pub struct Unique {
    pub values: Tensor,
    pub index: Option<Tensor>,
    pub inverse: Option<Tensor>,
    pub counts: Option<Tensor>,
}

fn slice(start: Option<i64>, stop: Option<i64>) -> IndexItem {
    IndexItem::Slice { start, stop, step: None }
}

/// Keep-mask of the first element of each run of equal rows in sorted
/// order, given `differs` (row i+1 differs from row i, n-1 entries).
fn first_of_runs(differs: &Tensor) -> Result<Tensor> {
    let head = full(&[1], DType::Bool, Scalar::Bool(true))?;
    concat(&[head, differs.clone()], 0)
}

/// The optional outputs from the sort permutation `perm` and the keep-mask.
fn extras(perm: &Tensor, mask: &Tensor, flags: UniqueFlags, n: usize, inverse_shape: &[i64]) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
    let index = if flags.index { Some(masked_select(perm, mask)?) } else { None };
    let inverse = if flags.inverse {
        // Sorted position i belongs to unique value cumsum(mask)[i] - 1; the
        // input position perm[i] gets it.
        let run = along_axis(RowOp::Cumsum, mask, Some(0))?;
        let run = binary(BinaryOp::Sub, Operand::Tensor(&run), Operand::Scalar(Scalar::Int(1)))?;
        let inv = super::creation::zeros(&[n], DType::I64)?;
        if n > 0 {
            index_assign(&inv, perm, &run)?;
        }
        Some(inv.reshape(inverse_shape)?)
    } else {
        None
    };
    let counts = if flags.counts {
        let starts = nonzero(mask)?.remove(0);
        let end = full(&[1], DType::I64, Scalar::Int(n as i64))?;
        let ends = concat(&[starts.index(&[slice(Some(1), None)])?, end], 0)?;
        Some(binary(BinaryOp::Sub, Operand::Tensor(&ends), Operand::Tensor(&starts))?)
    } else {
        None
    };
    Ok((index, inverse, counts))
}

/// NumPy's unique (NumPy 2 shapes: with axis=None the inverse has the
/// input's shape; with an axis it is 1-D).
pub fn unique_all(t: &Tensor, flags: UniqueFlags, axis: Option<i64>) -> Result<Unique> {
    check_device("unique", t)?;
    if axis.is_none() && flags.equal_nan && !(flags.index || flags.inverse || flags.counts) {
        // The values alone: one sort and the run-collapsing kernel.
        let values = super::ordering::unique(t)?;
        return Ok(Unique { values, index: None, inverse: None, counts: None });
    }
    match axis {
        None => unique_flat(t, flags),
        Some(a) => unique_axis(t, flags, a),
    }
}

fn unique_flat(t: &Tensor, flags: UniqueFlags) -> Result<Unique> {
    let flat = t.reshape(&[-1])?;
    let n = flat.numel();
    let inverse_shape: Vec<i64> = t.shape().iter().map(|&d| d as i64).collect();
    let perm = along_axis(RowOp::Argsort, &flat, Some(0))?;
    let sorted = take(&flat, &perm, Some(0))?;
    let differs = if n == 0 {
        return Ok(Unique {
            values: sorted,
            index: flags.index.then(|| perm.clone()),
            inverse: if flags.inverse { Some(perm.reshape(&inverse_shape)?) } else { None },
            counts: flags.counts.then(|| perm.clone()),
        });
    } else {
        let (next, prev) = (sorted.index(&[slice(Some(1), None)])?, sorted.index(&[slice(None, Some(n as i64 - 1))])?);
        let ne = compare(CompareOp::Ne, Operand::Tensor(&next), Operand::Tensor(&prev))?;
        if flags.equal_nan && sorted.dtype().is_float() {
            // Two NaNs in a row are one value.
            let both = binary(BinaryOp::BitAnd, Operand::Tensor(&predicate(Predicate::IsNan, &next)?), Operand::Tensor(&predicate(Predicate::IsNan, &prev)?))?;
            binary(BinaryOp::BitAnd, Operand::Tensor(&ne), Operand::Tensor(&unary(UnaryOp::Invert, &both)?))?
        } else {
            ne
        }
    };
    let mask = first_of_runs(&differs)?;
    let values = masked_select(&sorted, &mask)?;
    let (index, inverse, counts) = extras(&perm, &mask, flags, n, &inverse_shape)?;
    Ok(Unique { values, index, inverse, counts })
}

/// Unique slices along `axis`, sorted lexicographically (NumPy compares the
/// slices as records: element by element, NaN last; a NaN never equals
/// another, so slices holding NaN stay apart).
fn unique_axis(t: &Tensor, flags: UniqueFlags, axis: i64) -> Result<Unique> {
    if t.ndim() == 0 {
        return Err(Error::Index(format!("unique: axis {axis} is out of bounds for a tensor of dimension 0")));
    }
    let ax = normalize_axis("unique", axis, t.ndim())?;
    let moved = super::manipulate::moveaxis(t, &[ax as i64], &[0])?;
    let n = moved.shape()[0];
    let m: usize = moved.shape()[1..].iter().product();
    let rows = moved.reshape(&[n as i64, m as i64])?;
    // Stable lexicographic order: sort by the last column first.
    let mut perm = arange(Scalar::Int(0), Scalar::Int(n as i64), Scalar::Int(1), Some(DType::I64))?;
    for c in (0..m as i64).rev() {
        let column = rows.index(&[slice(None, None), IndexItem::Int(c)])?;
        let key = take(&column, &perm, Some(0))?;
        let order = along_axis(RowOp::Argsort, &key, Some(0))?;
        perm = take(&perm, &order, Some(0))?;
    }
    let sorted = take(&rows, &perm, Some(0))?;
    let mask = if n == 0 {
        full(&[0], DType::Bool, Scalar::Bool(true))?
    } else {
        let (next, prev) = (sorted.index(&[slice(Some(1), None)])?, sorted.index(&[slice(None, Some(n as i64 - 1))])?);
        let ne = compare(CompareOp::Ne, Operand::Tensor(&next), Operand::Tensor(&prev))?;
        first_of_runs(&any_all(false, &ne, Some(&[1]), false)?)?
    };
    let kept = masked_select(&sorted, &mask)?;
    let mut shape: Vec<i64> = vec![-1];
    shape.extend(moved.shape()[1..].iter().map(|&d| d as i64));
    // A (0, ...) result with zero-size slices cannot infer -1: name it.
    shape[0] = kept.shape()[0] as i64;
    let values = super::manipulate::moveaxis(&kept.reshape(&shape)?, &[0], &[ax as i64])?.contiguous()?;
    let (index, inverse, counts) = extras(&perm, &mask, flags, n, &[n as i64])?;
    Ok(Unique { values, index, inverse, counts })
}

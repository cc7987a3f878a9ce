//! Counting into bins: bincount, digitize and histogram, built on the sort
//! kernels. `searchsorted` (how many sequence elements are below, or not
//! above, each value) is one stable argsort of the sequence and the values
//! together and a cumulative count of sequence elements in that order;
//! bincount finds the runs of equal values in the sorted input.
use std::ffi::c_void;

use super::check_device;
use super::convert::astype;
use super::elementwise::{BinaryOp, CompareOp};
use super::indexing::{index_assign, masked_select, nonzero, take};
use super::manipulate::concat;
use super::reduce::{self, ReduceOp};
use super::rows::{along_axis, RowOp};
use super::statistics::{any_true, bin, bin_s, cmp, cmp_s, float_item, int_item, s_bin};
use super::unary::{unary, UnaryOp};
use crate::basic_index::IndexItem;
use crate::dtype::{DType, Kind};
use crate::error::{fmt_shape, Error, Result};
use crate::kernels;
use crate::promotion::promote;
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr};
use crate::tensor::Tensor;

fn range(start: Option<i64>, stop: Option<i64>) -> IndexItem {
    IndexItem::Slice { start, stop, step: None }
}

/// For each of `values`, the number of elements of the sorted 1-D `seq`
/// below it (`right` false, NumPy's side='left') or not above it (`right`
/// true), in the values' shape, as int64. NaN sorts last, as in NumPy.
pub(super) fn searchsorted(seq: &Tensor, values: &Tensor, right: bool) -> Result<Tensor> {
    let dt = promote(seq.dtype(), values.dtype());
    let s = astype(&seq.reshape(&[-1])?, dt)?;
    let v = astype(&values.reshape(&[-1])?, dt)?;
    let (ns, nv) = (s.numel(), v.numel());
    let shape: Vec<i64> = values.shape().iter().map(|&d| d as i64).collect();
    if ns == 0 || nv == 0 {
        return super::creation::zeros(values.shape(), DType::I64);
    }
    // Stable order: on ties, whatever comes first in `cat` sorts first.
    let cat = if right { concat(&[s, v], 0)? } else { concat(&[v, s], 0)? };
    let order = along_axis(RowOp::Argsort, &cat, Some(0))?;
    let is_seq = if right { cmp_s(CompareOp::Lt, &order, Scalar::Int(ns as i64))? } else { cmp_s(CompareOp::Ge, &order, Scalar::Int(nv as i64))? };
    let below = along_axis(RowOp::Cumsum, &is_seq, Some(0))?;
    let is_value = unary(UnaryOp::Invert, &is_seq)?;
    let mut which = masked_select(&order, &is_value)?;
    if right {
        which = bin_s(BinaryOp::Sub, &which, Scalar::Int(ns as i64))?;
    }
    let counts = masked_select(&below, &is_value)?;
    let out = super::creation::zeros(&[nv], DType::I64)?;
    index_assign(&out, &which, &counts)?;
    out.reshape(&shape)
}

/// NumPy's digitize: the index of the bin each value falls in, for bins
/// increasing (`bins[i-1] <= x < bins[i]`, or `<` / `<=` with `right`) or
/// decreasing.
pub fn digitize(x: &Tensor, bins: &Tensor, right: bool) -> Result<Tensor> {
    check_device("digitize", x)?;
    check_device("digitize", bins)?;
    if bins.ndim() != 1 {
        return Err(Error::InvalidArgument(format!("digitize: bins must be one-dimensional, got shape {}", fmt_shape(bins.shape()))));
    }
    let nb = bins.numel();
    let mut decreasing = false;
    if nb >= 2 {
        let b = astype(bins, DType::F64)?;
        let (tail, head) = (b.index(&[range(Some(1), None)])?, b.index(&[range(None, Some(nb as i64 - 1))])?);
        let rises = any_true(&cmp(CompareOp::Gt, &tail, &head)?)?;
        let falls = any_true(&cmp(CompareOp::Lt, &tail, &head)?)?;
        let increasing = !falls;
        decreasing = !increasing && !rises;
        if !increasing && !decreasing {
            return Err(Error::InvalidArgument("digitize: bins must be monotonically increasing or decreasing".into()));
        }
    }
    // NumPy: searchsorted with side 'left' for right=True and 'right' otherwise.
    if decreasing {
        let found = searchsorted(&bins.flip(None)?, x, !right)?;
        return s_bin(BinaryOp::Sub, Scalar::Int(nb as i64), &found);
    }
    searchsorted(bins, x, !right)
}

/// Positions (int64, ascending) of the last element of each run of equal
/// values in a sorted, non-empty 1-D tensor.
fn run_ends(sorted: &Tensor) -> Result<Tensor> {
    let n = sorted.numel() as i64;
    let changes = cmp(CompareOp::Ne, &sorted.index(&[range(Some(1), None)])?, &sorted.index(&[range(None, Some(n - 1))])?)?;
    let last = super::creation::full(&[1], changes.dtype(), Scalar::Bool(true))?;
    let is_end = concat(&[changes, last], 0)?;
    Ok(nonzero(&is_end)?.remove(0))
}

/// Sums of the float64 runs of `values` that end at `ends` (one reduction
/// kernel call per run; runs are split across threads).
fn run_sums(values: &Tensor, ends: &Tensor) -> Result<Tensor> {
    let bytes = ends.contiguous()?;
    let ends: Vec<usize> = bytes.as_bytes()?.chunks_exact(8).map(|c| i64::from_ne_bytes(c.try_into().expect("8 bytes")) as usize).collect();
    let m = ends.len();
    let out = Tensor::uninit(&[m], DType::F64)?;
    let kernel = kernels::current().reduce[ReduceOp::Sum as usize][DType::F64.index()].expect("sum exists for float64");
    let (src, dst) = (SharedPtr(values.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let ends = &ends;
    for_each_chunk(m, 256, 1, |first, count| {
        for r in first..first + count {
            let start = if r == 0 { 0 } else { ends[r - 1] + 1 };
            // SAFETY: runs [start, ends[r]] lie inside `values` (contiguous
            // float64, ends ascending and below its length); slot r of
            // `out` is written by this task only.
            unsafe { kernel(src.at(start * 8) as *const c_void, ends[r] + 1 - start, dst.at(r * 8) as *mut c_void) };
        }
    });
    Ok(out)
}

/// NumPy's bincount: occurrences of each value 0..=max(x) (at least
/// `minlength` bins) of a 1-D non-negative integer tensor; with weights,
/// their float64 sums instead.
pub fn bincount(x: &Tensor, weights: Option<&Tensor>, minlength: i64) -> Result<Tensor> {
    check_device("bincount", x)?;
    if minlength < 0 {
        return Err(Error::InvalidArgument("bincount: 'minlength' must not be negative".into()));
    }
    if x.ndim() != 1 {
        return Err(Error::InvalidArgument(format!("bincount: x must be 1-dimensional, got shape {}", fmt_shape(x.shape()))));
    }
    if x.dtype().is_float() {
        return Err(Error::UnsupportedDType { op: "bincount", dtypes: vec![x.dtype().name()], hint: "x must hold integers (no safe cast to int64)" });
    }
    if let Some(w) = weights {
        if w.shape() != x.shape() {
            return Err(Error::InvalidArgument(format!(
                "bincount: The weights and list don't have the same length (shapes {} and {})",
                fmt_shape(w.shape()),
                fmt_shape(x.shape())
            )));
        }
    }
    if x.numel() == 0 {
        // NumPy: int64 zeros, with or without weights.
        return super::creation::zeros(&[minlength as usize], DType::I64);
    }
    let out_dtype = if weights.is_some() { DType::F64 } else { DType::I64 };
    let xi = astype(x, DType::I64)?;
    if int_item(&reduce::min(&xi)?)? < 0 {
        return Err(Error::InvalidArgument("bincount: 'list' argument must have no negative elements".into()));
    }
    let len = (int_item(&reduce::max(&xi)?)? + 1).max(minlength) as usize;
    let out = super::creation::zeros(&[len], out_dtype)?;
    let (sorted, order) = match weights {
        None => (along_axis(RowOp::Sort, &xi, Some(0))?, None),
        Some(_) => {
            let order = along_axis(RowOp::Argsort, &xi, Some(0))?;
            (take(&xi, &order, None)?, Some(order))
        }
    };
    let ends = run_ends(&sorted)?;
    let values = take(&sorted, &ends, None)?;
    let amounts = match (weights, order) {
        (Some(w), Some(order)) => run_sums(&take(&astype(w, DType::F64)?, &order, None)?, &ends)?,
        _ => {
            let upto = bin_s(BinaryOp::Add, &ends, Scalar::Int(1))?;
            let zero = super::creation::zeros(&[1], DType::I64)?;
            let before = concat(&[zero, upto.index(&[range(None, Some(upto.numel() as i64 - 1))])?], 0)?;
            bin(BinaryOp::Sub, &upto, &before)?
        }
    };
    index_assign(&out, &values, &amounts)?;
    Ok(out)
}

/// The `bins` argument of histogram.
pub enum Bins<'a> {
    Count(i64),
    Edges(&'a Tensor),
}

/// NumPy's linspace(start, stop, num) computed in `dtype` (float32 or
/// float64) as NumPy does: arange * step + start, the last value stop.
fn numpy_linspace(start: f64, stop: f64, num: usize, dtype: DType) -> Result<Tensor> {
    let round = |x: f64| if dtype.itemsize() == 4 { x as f32 as f64 } else { x };
    let div = num as i64 - 1;
    let delta = round(stop - start);
    let step = round(delta / div as f64);
    let y = super::creation::arange(Scalar::Int(0), Scalar::Int(num as i64), Scalar::Int(1), Some(dtype))?;
    let y = if step == 0.0 {
        bin_s(BinaryOp::Mul, &bin_s(BinaryOp::Div, &y, Scalar::Int(div))?, Scalar::Float(delta))?
    } else {
        bin_s(BinaryOp::Mul, &y, Scalar::Float(step))?
    };
    let y = bin_s(BinaryOp::Add, &y, Scalar::Float(start))?;
    let last = super::creation::full(&[1], dtype, Scalar::Float(stop))?;
    concat(&[y.index(&[range(None, Some(div))])?, last], 0)
}

/// A float as Python prints it (nan, inf, 1.0).
fn fmt_float(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x:?}")
    }
}

/// NumPy's histogram: counts of `a` (flattened) in `bins` equal bins over
/// `range` (default: the data's min and max) or between given edges; each
/// bin is half-open except the last. With `density`, counts / bin width /
/// total. Returns (hist, bin_edges).
pub fn histogram(a: &Tensor, bins: Bins<'_>, range_: Option<(f64, f64)>, density: bool) -> Result<(Tensor, Tensor)> {
    check_device("histogram", a)?;
    // NumPy converts bool data to uint8 (with a warning); as integers it
    // counts the same in int64.
    let a = &if a.dtype().kind() == Kind::Bool { astype(a, DType::I64)? } else { a.clone() };
    let flat = a.reshape(&[-1])?;
    if let Some((lo, hi)) = range_ {
        if lo > hi {
            return Err(Error::InvalidArgument("histogram: max must be larger than min in range parameter.".into()));
        }
        if !(lo.is_finite() && hi.is_finite()) {
            return Err(Error::InvalidArgument(format!("histogram: supplied range of [{}, {}] is not finite", fmt_float(lo), fmt_float(hi))));
        }
    }
    let edges = match bins {
        Bins::Count(nb) => {
            if nb < 1 {
                return Err(Error::InvalidArgument("histogram: `bins` must be positive, when an integer".into()));
            }
            let bin_type = if a.dtype().is_float() { a.dtype() } else { DType::F64 };
            // linspace's dtype: float64 unless the edges are the data's own float32 extremes.
            let (mut first, mut last, from_data) = match range_ {
                Some((lo, hi)) => (lo, hi, false),
                None if flat.numel() == 0 => (0.0, 1.0, false),
                None => (float_item(&reduce::min(&flat)?)?, float_item(&reduce::max(&flat)?)?, true),
            };
            if from_data && !(first.is_finite() && last.is_finite()) {
                return Err(Error::InvalidArgument(format!("histogram: autodetected range of [{}, {}] is not finite", fmt_float(first), fmt_float(last))));
            }
            let work = if from_data { bin_type } else { DType::F64 };
            if first == last {
                let round = |x: f64| if work.itemsize() == 4 { x as f32 as f64 } else { x };
                first = round(first - 0.5);
                last = round(last + 0.5);
            }
            let edges = astype(&numpy_linspace(first, last, nb as usize + 1, work)?, bin_type)?;
            let n = nb + 1;
            let flat_steps = cmp(CompareOp::Ge, &edges.index(&[range(None, Some(n - 1))])?, &edges.index(&[range(Some(1), None)])?)?;
            if any_true(&flat_steps)? {
                return Err(Error::InvalidArgument(format!("histogram: Too many bins for data range. Cannot create {nb} finite-sized bins.")));
            }
            edges
        }
        Bins::Edges(e) => {
            check_device("histogram", e)?;
            if e.ndim() != 1 {
                return Err(Error::InvalidArgument(format!("histogram: bins must be 1d, got shape {}", fmt_shape(e.shape()))));
            }
            let n = e.numel() as i64;
            if n == 0 {
                return Err(Error::InvalidArgument("histogram: bins must have at least one edge".into()));
            }
            let falls = cmp(CompareOp::Gt, &e.index(&[range(None, Some(n - 1))])?, &e.index(&[range(Some(1), None)])?)?;
            if any_true(&falls)? {
                return Err(Error::InvalidArgument("histogram: `bins` must increase monotonically, when an array".into()));
            }
            e.contiguous()?
        }
    };
    let n = edges.numel() as i64;
    let sorted = along_axis(RowOp::Sort, &flat, Some(0))?;
    let below = searchsorted(&sorted, &edges.index(&[range(None, Some(n - 1))])?, false)?;
    let upto_last = searchsorted(&sorted, &edges.index(&[range(Some(n - 1), None)])?, true)?;
    let cum = concat(&[below, upto_last], 0)?;
    let counts = bin(BinaryOp::Sub, &cum.index(&[range(Some(1), None)])?, &cum.index(&[range(None, Some(n - 1))])?)?;
    if !density {
        return Ok((counts, edges));
    }
    let widths = astype(&bin(BinaryOp::Sub, &edges.index(&[range(Some(1), None)])?, &edges.index(&[range(None, Some(n - 1))])?)?, DType::F64)?;
    let total = reduce::sum(&counts)?;
    let dens = bin(BinaryOp::Div, &bin(BinaryOp::Div, &counts, &widths)?, &total)?;
    Ok((dens, edges))
}

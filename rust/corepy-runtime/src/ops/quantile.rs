//! Order statistics along axes: median, quantile and percentile (NumPy's 13
//! methods) and nanmedian. The reduced axes are moved last and flattened
//! into one, each row is sorted (NaN last) by the sort kernel, and the
//! wanted positions are gathered with `take`; interpolation is NumPy's
//! `_lerp`, written with the elementwise ops in the dtypes NumPy uses, so
//! results match it bit for bit.
use super::check_device;
use super::convert::{astype, to_dtype};
use super::elementwise::{BinaryOp, CompareOp};
use super::indexing::take;
use super::reduce::{reduce_axes, ReduceOp};
use super::rows::{along_axis, RowOp};
use super::statistics::{any_true, bin, bin_s, cmp_s, fill_where, float_work, i64_shape, int_item, isnan, nanmean, reduced_axes, s_bin, select};
use super::stats::mean_axes;
use super::unary::{unary, UnaryOp};
use crate::basic_index::IndexItem;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::scalar::Scalar;
use crate::tensor::Tensor;

/// NumPy's quantile methods (Hyndman & Fan), in NumPy's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantileMethod {
    InvertedCdf,
    AveragedInvertedCdf,
    ClosestObservation,
    InterpolatedInvertedCdf,
    Hazen,
    Weibull,
    Linear,
    MedianUnbiased,
    NormalUnbiased,
    Lower,
    Higher,
    Midpoint,
    Nearest,
}

impl QuantileMethod {
    const ALL: [QuantileMethod; 13] = [
        QuantileMethod::InvertedCdf,
        QuantileMethod::AveragedInvertedCdf,
        QuantileMethod::ClosestObservation,
        QuantileMethod::InterpolatedInvertedCdf,
        QuantileMethod::Hazen,
        QuantileMethod::Weibull,
        QuantileMethod::Linear,
        QuantileMethod::MedianUnbiased,
        QuantileMethod::NormalUnbiased,
        QuantileMethod::Lower,
        QuantileMethod::Higher,
        QuantileMethod::Midpoint,
        QuantileMethod::Nearest,
    ];

    pub fn name(self) -> &'static str {
        match self {
            QuantileMethod::InvertedCdf => "inverted_cdf",
            QuantileMethod::AveragedInvertedCdf => "averaged_inverted_cdf",
            QuantileMethod::ClosestObservation => "closest_observation",
            QuantileMethod::InterpolatedInvertedCdf => "interpolated_inverted_cdf",
            QuantileMethod::Hazen => "hazen",
            QuantileMethod::Weibull => "weibull",
            QuantileMethod::Linear => "linear",
            QuantileMethod::MedianUnbiased => "median_unbiased",
            QuantileMethod::NormalUnbiased => "normal_unbiased",
            QuantileMethod::Lower => "lower",
            QuantileMethod::Higher => "higher",
            QuantileMethod::Midpoint => "midpoint",
            QuantileMethod::Nearest => "nearest",
        }
    }

    pub fn parse(name: &str) -> Result<QuantileMethod> {
        QuantileMethod::ALL.into_iter().find(|m| m.name() == name).ok_or_else(|| {
            let all: Vec<&str> = QuantileMethod::ALL.iter().map(|m| m.name()).collect();
            Error::InvalidArgument(format!("'{name}' is not a valid method. Use one of: {}", all.join(", ")))
        })
    }

    /// (alpha, beta) of the continuous methods built on `_compute_virtual_index`.
    fn alpha_beta(self) -> Option<(f64, f64)> {
        Some(match self {
            QuantileMethod::InterpolatedInvertedCdf => (0.0, 1.0),
            QuantileMethod::Hazen => (0.5, 0.5),
            QuantileMethod::Weibull => (0.0, 0.0),
            QuantileMethod::MedianUnbiased => (1.0 / 3.0, 1.0 / 3.0),
            QuantileMethod::NormalUnbiased => (3.0 / 8.0, 3.0 / 8.0),
            _ => return None,
        })
    }
}

/// A tensor arranged as [K, R]: the kept dimensions flattened into K rows,
/// the reduced ones into R contiguous columns; plus the result's shapes.
struct Rows {
    rows: Tensor,
    kept: Vec<usize>,
    keep: Vec<usize>,
}

impl Rows {
    fn of(name: &'static str, t: &Tensor, axes: Option<&[i64]>) -> Result<Rows> {
        let n = t.ndim();
        let flags = reduced_axes(name, n, axes)?;
        let kept: Vec<usize> = (0..n).filter(|&d| !flags[d]).map(|d| t.shape()[d]).collect();
        let keep: Vec<usize> = (0..n).map(|d| if flags[d] { 1 } else { t.shape()[d] }).collect();
        let order: Vec<i64> = (0..n).filter(|&d| !flags[d]).chain((0..n).filter(|&d| flags[d])).map(|d| d as i64).collect();
        let k: usize = kept.iter().product();
        let r: usize = (0..n).filter(|&d| flags[d]).map(|d| t.shape()[d]).product();
        let rows = t.permute_dims(&order)?.contiguous()?.reshape(&[k as i64, r as i64])?;
        Ok(Rows { rows, kept, keep })
    }

    fn len(&self) -> usize {
        self.rows.shape()[1]
    }

    fn count(&self) -> usize {
        self.rows.shape()[0]
    }

    fn sorted(&self) -> Result<Tensor> {
        along_axis(RowOp::Sort, &self.rows, Some(1))
    }

    /// A [K, *q_shape] result in NumPy's shape: q's dimensions first, then
    /// the kept (or, with keepdims, size-1 reduced) dimensions.
    fn finish(&self, res: &Tensor, keepdims: bool) -> Result<Tensor> {
        let out = if keepdims { &self.keep } else { &self.kept };
        let q_dims = res.ndim() - 1;
        let moved = if q_dims == 0 { res.clone() } else { res.permute_dims(&[1, 0])? };
        let mut shape = i64_shape(&res.shape()[1..]);
        shape.extend(i64_shape(out));
        moved.reshape(&shape)
    }
}

/// Column `j` of a [K, R] tensor (a [K] view).
fn column(t: &Tensor, j: usize) -> Result<Tensor> {
    t.index(&[IndexItem::Slice { start: None, stop: None, step: None }, IndexItem::Int(j as i64)])
}

/// Where the last (largest, NaN-last) element of a sorted row is NaN, the
/// result row is NaN (NumPy's `slices_having_nans`). `res` is [K, ...].
/// Float rows must not be empty (NumPy reads their last element: IndexError).
fn propagate_nan(sorted: &Tensor, res: &Tensor) -> Result<Tensor> {
    if !sorted.dtype().is_float() {
        return Ok(res.clone());
    }
    if sorted.shape()[1] == 0 {
        return Err(Error::Index("index -1 is out of bounds for axis 0 with size 0".into()));
    }
    let mut nan_rows = isnan(&column(sorted, sorted.shape()[1] - 1)?)?;
    for _ in 1..res.ndim() {
        nan_rows = nan_rows.expand_dims(-1)?;
    }
    fill_where(&nan_rows, Scalar::Float(f64::NAN), res)
}

/// NumPy's median: the middle element, or the mean of the two middle ones
/// (in the mean's dtype: float64 for integers and bool); NaN propagates; an
/// empty reduction gives NaN.
pub fn median(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    check_device("median", t)?;
    let rows = Rows::of("median", t, axes)?;
    let n = rows.len();
    if n == 0 {
        let dtype = if t.dtype().is_float() { t.dtype() } else { DType::F64 };
        let nan = super::creation::full(&[rows.count()], dtype, Scalar::Float(f64::NAN))?;
        return rows.finish(&nan, keepdims);
    }
    let sorted = rows.sorted()?;
    let (lo, hi) = if n % 2 == 1 { (n / 2, n / 2 + 1) } else { (n / 2 - 1, n / 2 + 1) };
    let all = IndexItem::Slice { start: None, stop: None, step: None };
    let mid = sorted.index(&[all, IndexItem::Slice { start: Some(lo as i64), stop: Some(hi as i64), step: None }])?;
    let m = mean_axes(&mid, Some(&[1]), false)?;
    let m = propagate_nan(&sorted, &m)?;
    rows.finish(&m, keepdims)
}

/// NumPy's nanmedian: the median of each slice's non-NaN values (NaN for
/// a slice of only NaN). Integer inputs are a plain median.
pub fn nanmedian(t: &Tensor, axes: Option<&[i64]>, keepdims: bool) -> Result<Tensor> {
    check_device("nanmedian", t)?;
    if !t.dtype().is_float() {
        return median(t, axes, keepdims);
    }
    if t.numel() == 0 {
        reduced_axes("nanmedian", t.ndim(), axes)?;
        return nanmean(t, axes, keepdims);
    }
    let rows = Rows::of("nanmedian", t, axes)?;
    let (k, n) = (rows.count(), rows.len());
    let sorted = rows.sorted()?;
    let nan = isnan(&sorted)?;
    let nan_count = reduce_axes(ReduceOp::Sum, &nan, Some(&[1]), false)?;
    let cnt = s_bin(BinaryOp::Sub, Scalar::Int(n as i64), &nan_count)?;
    // The middle positions of each row's cnt valid values.
    let lo = bin_s(BinaryOp::Maximum, &bin_s(BinaryOp::FloorDiv, &bin_s(BinaryOp::Sub, &cnt, Scalar::Int(1))?, Scalar::Int(2))?, Scalar::Int(0))?;
    let hi = bin_s(BinaryOp::FloorDiv, &cnt, Scalar::Int(2))?;
    let offsets =
        bin_s(BinaryOp::Mul, &super::creation::arange(Scalar::Int(0), Scalar::Int(k as i64), Scalar::Int(1), Some(DType::I64))?, Scalar::Int(n as i64))?;
    let flat = sorted.reshape(&[-1])?;
    let low = take(&flat, &bin(BinaryOp::Add, &offsets, &lo)?, None)?;
    let high = take(&flat, &bin(BinaryOp::Add, &offsets, &hi)?, None)?;
    // NumPy has two paths. 1-D (or flattened) input, and rows of 600 or
    // more: the median of the valid values (the middle one, or the mean of
    // the two middle ones); shorter rows along an axis (masked arrays):
    // (low + high) / 2 even for one middle value.
    let one_row = axes.is_none() || t.ndim() == 1;
    let med = if one_row && int_item(&cnt)? % 2 == 1 {
        mean_axes(&low.reshape(&[1, 1])?, Some(&[1]), false)?
    } else {
        let pair = super::manipulate::stack(&[low.clone(), high], 1)?;
        if one_row {
            mean_axes(&pair, Some(&[1]), false)?
        } else {
            let halved = bin_s(BinaryOp::Div, &reduce_axes(ReduceOp::Sum, &pair, Some(&[1]), false)?, Scalar::Float(2.0))?;
            if n >= 600 {
                let odd = cmp_s(CompareOp::Eq, &bin_s(BinaryOp::Mod, &cnt, Scalar::Int(2))?, Scalar::Int(1))?;
                select(&odd, &low, &halved)?
            } else {
                halved
            }
        }
    };
    let empty = cmp_s(CompareOp::Eq, &cnt, Scalar::Int(0))?;
    let med = fill_where(&empty, Scalar::Float(f64::NAN), &med)?;
    rows.finish(&med, keepdims)
}

/// NumPy's quantile (and percentile, `percent`: q in [0, 100]). `q` is 0-d
/// or 1-D; `weak_q` says it was a Python int or float, which NumPy then
/// treats as a weak scalar in the interpolation (float32 input stays
/// float32). The result has q's dimensions first.
pub fn quantile(t: &Tensor, q: &Tensor, weak_q: bool, axes: Option<&[i64]>, method: QuantileMethod, keepdims: bool, percent: bool) -> Result<Tensor> {
    let name = if percent { "percentile" } else { "quantile" };
    check_device(name, t)?;
    if q.ndim() > 1 {
        return Err(Error::InvalidArgument(format!("{name}: q must be a scalar or 1d")));
    }
    let q = if q.dtype() == DType::Bool { astype(q, DType::I64)? } else { q.clone() };
    let q = if percent { bin_s(BinaryOp::Div, &q, Scalar::Int(100))? } else { q };
    let good = bin(BinaryOp::BitAnd, &cmp_s(CompareOp::Ge, &q, Scalar::Int(0))?, &cmp_s(CompareOp::Le, &q, Scalar::Int(1))?)?;
    if any_true(&unary(UnaryOp::Invert, &good)?)? {
        return Err(Error::InvalidArgument(if percent {
            "percentile: Percentiles must be in the range [0, 100]".into()
        } else {
            "quantile: Quantiles must be in the range [0, 1]".into()
        }));
    }
    let rows = Rows::of(name, t, axes)?;
    let n = rows.len() as i64;
    let sorted = rows.sorted()?;
    let take_cols = |idx: &Tensor| -> Result<Tensor> {
        let r = take(&sorted, idx, Some(1))?;
        propagate_nan(&sorted, &r)
    };
    use QuantileMethod as M;
    if method == M::Linear && !q.dtype().is_float() {
        // Integer virtual indices: no interpolation, the input's dtype.
        let r = take_cols(&bin_s(BinaryOp::Mul, &q, Scalar::Int(n - 1))?)?;
        return rows.finish(&r, keepdims);
    }
    let qf = float_work(&q)?;
    let scaled = |by: i64| bin_s(BinaryOp::Mul, &qf, Scalar::Int(by));
    let as_index = |x: &Tensor| astype(x, DType::I64);
    let vi = match method {
        M::Lower | M::Higher | M::Nearest => {
            let op = match method {
                M::Lower => UnaryOp::Floor,
                M::Higher => UnaryOp::Ceil,
                _ => UnaryOp::Rint,
            };
            let r = take_cols(&as_index(&unary(op, &scaled(n - 1)?)?)?)?;
            return rows.finish(&r, keepdims);
        }
        M::InvertedCdf | M::ClosestObservation => {
            let mut index = bin_s(BinaryOp::Sub, &scaled(n)?, Scalar::Int(1))?;
            if method == M::ClosestObservation {
                index = bin_s(BinaryOp::Sub, &index, Scalar::Float(0.5))?;
            }
            let prev = unary(UnaryOp::Floor, &index)?;
            let next = bin_s(BinaryOp::Add, &prev, Scalar::Int(1))?;
            let gamma = bin(BinaryOp::Sub, &index, &prev)?;
            let mut cond = cmp_s(CompareOp::Eq, &gamma, Scalar::Int(0))?;
            if method == M::ClosestObservation {
                let odd = cmp_s(CompareOp::Eq, &bin_s(BinaryOp::Mod, &prev, Scalar::Int(2))?, Scalar::Int(1))?;
                cond = bin(BinaryOp::BitAnd, &cond, &odd)?;
            }
            let idx = as_index(&select(&cond, &prev, &next)?)?;
            let idx = bin_s(BinaryOp::Maximum, &idx, Scalar::Int(0))?;
            let r = take_cols(&idx)?;
            return rows.finish(&r, keepdims);
        }
        M::AveragedInvertedCdf => bin_s(BinaryOp::Sub, &scaled(n)?, Scalar::Int(1))?,
        M::Linear => scaled(n - 1)?,
        M::Midpoint => {
            let s = scaled(n - 1)?;
            let both = bin(BinaryOp::Add, &unary(UnaryOp::Floor, &s)?, &unary(UnaryOp::Ceil, &s)?)?;
            s_bin(BinaryOp::Mul, Scalar::Float(0.5), &both)?
        }
        _ => {
            let (alpha, beta) = method.alpha_beta().expect("continuous method");
            let inner = s_bin(BinaryOp::Add, Scalar::Float(alpha), &bin_s(BinaryOp::Mul, &qf, Scalar::Float(1.0 - alpha - beta))?)?;
            bin_s(BinaryOp::Sub, &bin(BinaryOp::Add, &scaled(n)?, &inner)?, Scalar::Int(1))?
        }
    };
    // NumPy's _get_indexes: floor and floor + 1, the last element above the
    // range, the first below it.
    let minus_one = Scalar::Int(-1);
    let mut prev = unary(UnaryOp::Floor, &vi)?;
    let mut next = bin_s(BinaryOp::Add, &prev, Scalar::Int(1))?;
    let above = cmp_s(CompareOp::Ge, &vi, Scalar::Int(n - 1))?;
    prev = fill_where(&above, minus_one, &prev)?;
    next = fill_where(&above, minus_one, &next)?;
    let below = cmp_s(CompareOp::Lt, &vi, Scalar::Int(0))?;
    prev = as_index(&fill_where(&below, Scalar::Int(0), &prev)?)?;
    next = as_index(&fill_where(&below, Scalar::Int(0), &next)?)?;
    let raw = bin(BinaryOp::Sub, &vi, &prev)?;
    let gamma = match method {
        M::AveragedInvertedCdf => {
            let ones = super::creation::full(raw.shape(), DType::F64, Scalar::Float(1.0))?;
            fill_where(&cmp_s(CompareOp::Eq, &raw, Scalar::Int(0))?, Scalar::Float(0.5), &ones)?
        }
        M::Midpoint => {
            let halves = super::creation::full(raw.shape(), DType::F64, Scalar::Float(0.5))?;
            let whole = cmp_s(CompareOp::Eq, &bin_s(BinaryOp::Mod, &vi, Scalar::Int(1))?, Scalar::Int(0))?;
            fill_where(&whole, Scalar::Float(0.0), &halves)?
        }
        _ => raw,
    };
    let gamma = to_dtype(&gamma, vi.dtype())?;
    let previous = take(&sorted, &prev, Some(1))?;
    let following = take(&sorted, &next, Some(1))?;
    // NumPy's _lerp: a + (b - a) * t, or b - (b - a) * (1 - t) where t >= 0.5.
    let mut one_minus = s_bin(BinaryOp::Sub, Scalar::Int(1), &gamma)?;
    let at_least_half = cmp_s(CompareOp::Ge, &gamma, Scalar::Float(0.5))?;
    let mut t_w = gamma;
    if weak_q {
        // A Python float: cast to the input's float dtype (float64 for integers).
        let weak = if t.dtype().is_float() { t.dtype() } else { DType::F64 };
        t_w = to_dtype(&t_w, weak)?;
        one_minus = to_dtype(&one_minus, weak)?;
    }
    let diff = bin(BinaryOp::Sub, &following, &previous)?;
    let lerp = bin(BinaryOp::Add, &previous, &bin(BinaryOp::Mul, &diff, &t_w)?)?;
    let alt = bin(BinaryOp::Sub, &following, &bin(BinaryOp::Mul, &diff, &one_minus)?)?;
    let alt = to_dtype(&alt, lerp.dtype())?;
    let res = select(&at_least_half, &alt, &lerp)?;
    let res = propagate_nan(&sorted, &res)?;
    rows.finish(&res, keepdims)
}

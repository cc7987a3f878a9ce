"""Statistics, NumPy style: order statistics (median, quantile, percentile),
nan-aware reductions, nan_to_num, average, cov, corrcoef, histogram,
bincount and digitize. Each function is one call into the runtime, which
validates the arguments and composes its sort, reduction and elementwise
kernels; the functions here only name the arguments.
"""
from corepy import _corepy


def _refuse(name, **given):
    """NumPy arguments corepy does not take yet (out=, dtype=, ...)."""
    for key, value in given.items():
        if value is not None and value is not False:
            raise NotImplementedError(f"{name}: {key}= is not supported yet")


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """The median along ``axis`` (None: all elements; an int or a tuple of
    ints): the middle value, or the mean of the two middle ones; NaN
    propagates. Integer and bool inputs give float64."""
    _refuse("median", out=out)
    return _corepy.median(a, axis, keepdims)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """The median of the non-NaN values (NaN for a slice of only NaN)."""
    _refuse("nanmedian", out=out)
    return _corepy.median(a, axis, keepdims, True)


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    """The q-th quantiles (q in [0, 1], a scalar or 1-D) along ``axis`` with
    any of NumPy's 13 methods ("linear", "lower", "higher", "nearest",
    "midpoint", "inverted_cdf", "hazen", ...). q's dimension comes first in
    the result."""
    _refuse("quantile", out=out)
    return _corepy.quantile(a, q, axis, method, keepdims, False)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    """The q-th percentiles (q in [0, 100]); see ``quantile``."""
    _refuse("percentile", out=out)
    return _corepy.quantile(a, q, axis, method, keepdims, True)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """The (weighted) mean along ``axis``: sum(a * w) / sum(w). With
    ``returned``, also the sum of the weights. Weights that sum to zero raise
    ZeroDivisionError, as in NumPy."""
    return _corepy.average(a, axis, weights, returned, keepdims)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN -> ``nan``, +inf -> ``posinf`` (default: the dtype's largest
    value), -inf -> ``neginf`` (default: its lowest). ``copy=False`` updates
    the tensor in place and returns it."""
    return _corepy.nan_to_num(x, copy, nan, posinf, neginf)


def nansum(a, axis=None, dtype=None, out=None, keepdims=False):
    """Sum, with NaN counted as zero."""
    _refuse("nansum", dtype=dtype, out=out)
    return _corepy.nan_reduce("nansum", a, axis, keepdims)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False):
    """Product, with NaN counted as one."""
    _refuse("nanprod", dtype=dtype, out=out)
    return _corepy.nan_reduce("nanprod", a, axis, keepdims)


def nanmax(a, axis=None, out=None, keepdims=False):
    """Maximum, ignoring NaN (NaN for a slice of only NaN)."""
    _refuse("nanmax", out=out)
    return _corepy.nan_reduce("nanmax", a, axis, keepdims)


def nanmin(a, axis=None, out=None, keepdims=False):
    """Minimum, ignoring NaN (NaN for a slice of only NaN)."""
    _refuse("nanmin", out=out)
    return _corepy.nan_reduce("nanmin", a, axis, keepdims)


def nanargmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the maximum, ignoring NaN; a slice of only NaN is a ValueError."""
    _refuse("nanargmax", out=out)
    return _corepy.nan_arg_extreme(True, a, axis, keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the minimum, ignoring NaN; a slice of only NaN is a ValueError."""
    _refuse("nanargmin", out=out)
    return _corepy.nan_arg_extreme(False, a, axis, keepdims)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False):
    """Mean of the non-NaN values (NaN where there are none)."""
    _refuse("nanmean", dtype=dtype, out=out)
    return _corepy.nanmean(a, axis, keepdims)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Variance of the non-NaN values with ``ddof`` (NaN where the degrees of
    freedom are <= 0)."""
    _refuse("nanvar", dtype=dtype, out=out)
    return _corepy.nanvar(a, axis, ddof, keepdims, False)


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Standard deviation of the non-NaN values (see ``nanvar``)."""
    _refuse("nanstd", dtype=dtype, out=out)
    return _corepy.nanvar(a, axis, ddof, keepdims, True)


def nancumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum with NaN counted as zero (axis None: flattened)."""
    _refuse("nancumsum", dtype=dtype, out=out)
    return _corepy.nan_scan(False, a, axis)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product with NaN counted as one (axis None: flattened)."""
    _refuse("nancumprod", dtype=dtype, out=out)
    return _corepy.nan_scan(True, a, axis)


def cov(m, y=None, rowvar=True, bias=False, ddof=None):
    """Covariance matrix of the variables in the rows of ``m`` (columns with
    ``rowvar=False``), with ``y``'s variables appended; normalized by N - 1,
    or N with ``bias``, or N - ``ddof``. Always at least float64."""
    return _corepy.cov(m, y, rowvar, bias, ddof)


def corrcoef(x, y=None, rowvar=True):
    """Pearson correlation coefficients (cov scaled by the standard
    deviations, clipped to [-1, 1])."""
    return _corepy.corrcoef(x, y, rowvar)


def histogram(a, bins=10, range=None, density=False):  # noqa: A002 - NumPy's name
    """(hist, bin_edges) of the flattened ``a``: ``bins`` equal bins over
    ``range`` (default: min and max of the data) or the given increasing
    edges. Every bin is half-open except the last, which includes its right
    edge. ``density`` gives counts / bin width / total."""
    if isinstance(bins, str):
        raise NotImplementedError(f"histogram: the bin estimator {bins!r} is not supported yet; give a bin count or edges")
    return _corepy.histogram(a, bins, range, density)


def bincount(x, weights=None, minlength=0):
    """Occurrences of each value 0..max(x) of a 1-D non-negative integer
    tensor (float64 sums of ``weights`` instead, when given)."""
    return _corepy.bincount(x, weights, minlength)


def digitize(x, bins, right=False):
    """Index of the bin of each value, for monotonically increasing or
    decreasing ``bins`` (NumPy's digitize)."""
    return _corepy.digitize(x, bins, right)


__all__ = [
    "median", "nanmedian", "quantile", "percentile", "average", "nan_to_num", "nansum", "nanprod", "nanmax",
    "nanmin", "nanargmax", "nanargmin", "nanmean", "nanvar", "nanstd", "nancumsum", "nancumprod", "cov",
    "corrcoef", "histogram", "bincount", "digitize",
]

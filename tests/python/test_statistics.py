"""Statistics against NumPy: median, quantile/percentile (all 13 methods),
nanmedian, the nan-aware reductions, nan_to_num, average, cov, corrcoef,
histogram, bincount and digitize. Inputs come from Hypothesis (0-d and empty
shapes, every dtype, NaN and infinities, non-contiguous views, axis None /
int / tuple). Order statistics, counts and NaN replacement must match NumPy
bit for bit (signed zeros aside where NumPy's own summation order decides
them); results built on float sums (nansum, nanmean, nanvar, average, cov)
match within tolerances scaled to the summed magnitudes."""
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import (
    DTYPES, EMPTY_SHAPES, FLOAT_DTYPES, NUMERIC_DTYPES, accumulated_as_corepy, as_numpy, assert_close, assert_same,
    bounded, examples, expected_exception_types, numpy_or_error, operands, random_array, shape_id, small_shapes,
    tensor_of,
)

QUANTILE_METHODS = [
    "inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull",
    "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest",
]
RTOL = {"float32": 2e-5, "float64": 1e-12}


@st.composite
def axis_spec(draw, ndim, allow_tuple=True):
    """None, an int (negative too) or a tuple of distinct axes."""
    kinds = ["none"] + (["int", "int"] if ndim else []) + (["tuple"] if ndim and allow_tuple else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "none":
        return None
    if kind == "int":
        return draw(st.integers(-ndim, ndim - 1))
    axes = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    return tuple(a - ndim if draw(st.booleans()) else a for a in axes)


def numpy_answer(fn):
    """numpy_or_error, with ZeroDivisionError (average) among the errors."""
    try:
        return numpy_or_error(fn)
    except ZeroDivisionError as exc:
        return "raises", exc


def expect(np_fn, cp_fn, check, context):
    """NumPy's answer decides: the same kind of error, or `check(got, expected)`."""
    kind, expected = numpy_answer(np_fn)
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            got = cp_fn()
            raise AssertionError(f"{context}: NumPy raises {type(expected).__name__} ({expected}), corepy gave {got!r}")
        return
    check(cp_fn(), np.asarray(expected), context)


def exact(got, expected, context):
    assert_same(got, expected, context=context)


def exact_zero_sign_free(got, expected, context):
    """Bit for bit except that -0.0 and 0.0 count as equal (where NumPy's
    choice depends on its summation loop)."""
    assert_close(got, expected, rtol=0.0, context=context)


def sum_close(a, axis, keepdims, factor=8):
    """A check for results of float sums: within rtol of the sum of the
    magnitudes that were added."""
    def check(got, expected, context):
        if expected.dtype.kind != "f":
            assert_same(got, expected, context=context)
            return
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mags = np.where(np.isfinite(a), np.abs(a.astype(np.float64)), 0.0)
            scale = np.sum(mags, axis=axis, keepdims=keepdims) if a.ndim else mags
        rtol = RTOL[expected.dtype.name]
        assert_close(got, expected, rtol=rtol, atol=factor * rtol * np.broadcast_to(scale, expected.shape), ulps=2,
                     context=context)
    return check


# --------------------------------------------------------------------------
# median, quantile, percentile, nanmedian
# --------------------------------------------------------------------------

def np_over_axes(fn, a, axis, keepdims, **kw):
    """fn(a, axis=axis, keepdims=keepdims) as NumPy defines it. NumPy's
    _ureduce cannot reshape a size-0 input reduced over a tuple of axes
    ("cannot reshape array of size 0"); for those the reduced axes are moved
    last and merged by an explicit reshape first (the same reduction)."""
    if not (isinstance(axis, tuple) and a.size == 0):
        return fn(a, axis=axis, keepdims=keepdims, **kw)
    nd = a.ndim
    red = sorted(ax % nd for ax in axis)
    kept = [d for d in range(nd) if d not in red]
    merged = np.transpose(a, kept + red).reshape(tuple(a.shape[d] for d in kept) + (int(np.prod([a.shape[d] for d in red])),))
    out = np.asarray(fn(merged, axis=-1, **kw))
    if keepdims:
        lead = out.shape[:out.ndim - len(kept)]
        out = out.reshape(lead + tuple(1 if d in red else a.shape[d] for d in range(nd)))
    return out

@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=small_shapes, keepdims=st.booleans())
def test_median_matches_numpy(data, dt, shape, keepdims):
    x = data.draw(operands(dt, shape), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    ctx = f"median({x}, axis={axis}, keepdims={keepdims})"
    expect(lambda: np_over_axes(np.median, x.a, axis, keepdims), lambda: cp.median(x.t, axis=axis, keepdims=keepdims),
           exact_zero_sign_free, ctx)
    assert_same(x.t, x.a, context=f"{ctx} modified its input")


@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(FLOAT_DTYPES + ["int32", "int16"]), shape=small_shapes, keepdims=st.booleans())
def test_nanmedian_matches_numpy(data, dt, shape, keepdims):
    x = data.draw(operands(dt, shape), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    ctx = f"nanmedian({x}, axis={axis}, keepdims={keepdims})"
    expect(lambda: np_over_axes(np.nanmedian, x.a, axis, keepdims),
           lambda: cp.nanmedian(x.t, axis=axis, keepdims=keepdims), exact_zero_sign_free, ctx)


def q_values(percent):
    """q as NumPy takes it: Python floats and ints (weak), lists, 0-d and
    1-D float32/float64 arrays (strong)."""
    top = 100 if percent else 1
    unit = st.one_of(st.floats(0, top), st.sampled_from([0.0, 0.5, float(top), 0.25 * top, 0.1 * top]))
    return st.one_of(
        unit,
        st.sampled_from([0, top]),
        st.lists(unit, min_size=0, max_size=4),
        st.builds(lambda v, d: np.array(v, dtype=d), st.lists(unit, min_size=1, max_size=3), st.sampled_from(FLOAT_DTYPES)),
        st.builds(lambda v, d: np.array(v, dtype=d), unit, st.sampled_from(FLOAT_DTYPES)),
    )


def cp_q(q):
    return tensor_of(q) if isinstance(q, np.ndarray) else q


@examples(1.2)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=small_shapes, keepdims=st.booleans(),
       method=st.sampled_from(QUANTILE_METHODS), percent=st.booleans())
def test_quantile_and_percentile_match_numpy(data, dt, shape, keepdims, method, percent):
    x = data.draw(operands(dt, shape), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    q = data.draw(q_values(percent), label="q")
    np_fn, cp_fn = (np.percentile, cp.percentile) if percent else (np.quantile, cp.quantile)
    ctx = f"{np_fn.__name__}({x}, q={q!r}, axis={axis}, method={method}, keepdims={keepdims})"
    expect(lambda: np_over_axes(lambda a, **kw: np_fn(a, q, method=method, **kw), x.a, axis, keepdims),
           lambda: cp_fn(x.t, cp_q(q), axis=axis, method=method, keepdims=keepdims), exact_zero_sign_free, ctx)


@pytest.mark.parametrize("method", QUANTILE_METHODS)
def test_quantile_methods_on_a_known_sample(method):
    """Every method on one sample with ties, over many q, float32 and int."""
    base = np.array([7, -3, 2, 2, 10, 0, 5, 5, 5, -8, 1], dtype=np.float32)
    q = np.linspace(0, 1, 23)
    for a in (base, base.astype(np.int32), base.reshape(1, 11).repeat(3, 0)):
        ctx = f"quantile({a.dtype}{a.shape}, method={method})"
        exact_zero_sign_free(cp.quantile(tensor_of(a), tensor_of(q), axis=-1, method=method),
                             np.quantile(a, q, axis=-1, method=method), ctx)
        exact_zero_sign_free(cp.quantile(tensor_of(a), 0.37, method=method), np.quantile(a, 0.37, method=method), ctx)


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
def test_order_statistics_of_empty_tensors(shape):
    a = np.zeros(shape, dtype=np.float64)
    t = tensor_of(a)
    for axis in [None] + list(range(len(shape))):
        for name in ["median", "nanmedian"]:
            expect(lambda: getattr(np, name)(a, axis=axis), lambda: getattr(cp, name)(t, axis=axis),
                   exact, f"{name}({shape}, axis={axis})")
        expect(lambda: np.quantile(a, [0.5, 1.0], axis=axis), lambda: cp.quantile(t, [0.5, 1.0], axis=axis),
               exact, f"quantile({shape}, axis={axis})")


def test_order_statistics_on_large_inputs():
    """Rows long enough for the parallel sort and gather paths."""
    for seed, dt in enumerate(["float32", "float64", "int64"]):
        a = random_array(dt, (3, 70_001), seed)
        t = tensor_of(a)
        exact_zero_sign_free(cp.median(t, axis=1), np.median(a, axis=1), f"median {dt}")
        exact_zero_sign_free(cp.quantile(t, [0.01, 0.5, 0.99], axis=1), np.quantile(a, [0.01, 0.5, 0.99], axis=1),
                             f"quantile {dt}")
        if dt != "int64":
            exact_zero_sign_free(cp.nanmedian(t, axis=1), np.nanmedian(a, axis=1), f"nanmedian {dt}")


def test_nanmedian_paths_for_short_and_long_rows():
    """NumPy averages low and high for rows under 600 elements along an axis
    ((x + x) / 2 overflows for huge x) and takes the middle value for longer
    rows and for 1-D input; corepy follows both."""
    for n in (5, 599, 600, 601):
        a = np.full((2, n), 3e38, dtype=np.float32)
        a[:, 1::3] = np.nan
        a[1, 0] = -3e38
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            exact_zero_sign_free(cp.nanmedian(tensor_of(a), axis=1), np.nanmedian(a, axis=1), f"nanmedian rows of {n}")
            exact_zero_sign_free(cp.nanmedian(tensor_of(a[0])), np.nanmedian(a[0]), f"nanmedian 1-D of {n}")


# --------------------------------------------------------------------------
# nan-aware reductions and nan_to_num
# --------------------------------------------------------------------------

NAN_SUMS = ["nansum", "nanmean", "nanvar", "nanstd"]


@examples(0.6)
@given(data=st.data(), name=st.sampled_from(NAN_SUMS), dt=st.sampled_from(DTYPES), shape=small_shapes,
       keepdims=st.booleans(), ddof=st.sampled_from([0, 1, 2, 0.5]))
def test_nan_sums_match_numpy(data, name, dt, shape, keepdims, ddof):
    x = data.draw(operands(dt, shape, bounded(dt, -1e6, 1e6, specials=True)), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    kw = {"ddof": ddof} if name in ("nanvar", "nanstd") else {}
    ctx = f"{name}({x}, axis={axis}, keepdims={keepdims}, {kw})"

    def np_fn():
        return accumulated_as_corepy(getattr(np, name)(x.a, axis=axis, keepdims=keepdims, **kw), dt)

    factor = 8 if name in ("nansum", "nanmean") else 64
    scale_of = x.a.astype(np.float64) ** 2 if name in ("nanvar", "nanstd") and dt != "bool" else x.a
    check = sum_close(np.asarray(scale_of), axis, keepdims, factor)
    if name == "nanstd":
        def check(got, expected, context, inner=sum_close(np.asarray(scale_of), axis, keepdims, factor)):
            # Compare the squares: sqrt halves the relative error but not near 0.
            with np.errstate(all="ignore"):
                inner(cp.square(got), np.square(expected), context)
    expect(np_fn, lambda: getattr(cp, name)(x.t, axis=axis, keepdims=keepdims, **kw), check, ctx)


@examples(0.6)
@given(data=st.data(), name=st.sampled_from(["nanmax", "nanmin", "nanprod"]), dt=st.sampled_from(DTYPES),
       shape=small_shapes, keepdims=st.booleans())
def test_nan_extremes_and_products_match_numpy(data, name, dt, shape, keepdims):
    elems = bounded(dt, -2, 2, specials=True) if name == "nanprod" else None
    x = data.draw(operands(dt, shape, elems), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    ctx = f"{name}({x}, axis={axis}, keepdims={keepdims})"

    def np_fn():
        return accumulated_as_corepy(getattr(np, name)(x.a, axis=axis, keepdims=keepdims), dt)

    check = exact_zero_sign_free
    if name == "nanprod":
        def check(got, expected, context):
            if expected.dtype.kind == "f":
                assert_close(got, expected, rtol=64 * np.finfo(expected.dtype).eps, context=context)
            else:
                assert_same(got, expected, context=context)
    expect(np_fn, lambda: getattr(cp, name)(x.t, axis=axis, keepdims=keepdims), check, ctx)


@examples(0.6)
@given(data=st.data(), name=st.sampled_from(["nanargmax", "nanargmin"]), dt=st.sampled_from(DTYPES),
       shape=small_shapes, keepdims=st.booleans())
def test_nanargmax_nanargmin_match_numpy(data, name, dt, shape, keepdims):
    x = data.draw(operands(dt, shape), label="x")
    axis = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)) if shape else st.none(),
                     label="axis")
    ctx = f"{name}({x}, axis={axis}, keepdims={keepdims})"
    expect(lambda: getattr(np, name)(x.a, axis=axis, keepdims=keepdims),
           lambda: getattr(cp, name)(x.t, axis=axis, keepdims=keepdims), exact, ctx)


@examples(0.6)
@given(data=st.data(), name=st.sampled_from(["nancumsum", "nancumprod"]), dt=st.sampled_from(DTYPES),
       shape=small_shapes)
def test_nan_scans_match_numpy(data, name, dt, shape):
    x = data.draw(operands(dt, shape, bounded(dt, -3, 3, specials=True)), label="x")
    axis = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)) if shape else st.none(),
                     label="axis")
    ctx = f"{name}({x}, axis={axis})"
    expect(lambda: accumulated_as_corepy(getattr(np, name)(x.a, axis=axis), dt),
           lambda: getattr(cp, name)(x.t, axis=axis), exact_zero_sign_free, ctx)


def test_all_nan_slices():
    a = np.array([[np.nan, np.nan], [1.0, np.nan], [np.nan, -2.0]])
    t = tensor_of(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name in ["nanmax", "nanmin", "nanmean", "nanmedian", "nanvar", "nanstd", "nansum", "nanprod"]:
            for axis in [None, 0, 1]:
                exact(getattr(cp, name)(t, axis=axis), getattr(np, name)(a, axis=axis), f"{name}(axis={axis})")
    for name in ["nanargmax", "nanargmin"]:
        with pytest.raises(ValueError, match="All-NaN slice"):
            getattr(cp, name)(t, axis=1)
        exact(getattr(cp, name)(t, axis=0), getattr(np, name)(a, axis=0), name)


@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=small_shapes,
       nan=st.sampled_from([0.0, -1.5, 1e300, np.nan]), posinf=st.sampled_from([None, 7.0, -1e300]),
       neginf=st.sampled_from([None, -7.0, 3.4e38]))
def test_nan_to_num_matches_numpy(data, dt, shape, nan, posinf, neginf):
    x = data.draw(operands(dt, shape), label="x")
    ctx = f"nan_to_num({x}, nan={nan}, posinf={posinf}, neginf={neginf})"
    with np.errstate(all="ignore"):
        expected = np.nan_to_num(x.a, nan=nan, posinf=posinf, neginf=neginf)
    got = cp.nan_to_num(x.t, nan=nan, posinf=posinf, neginf=neginf)
    exact(got, expected, ctx)
    assert_same(x.t, x.a, context=f"{ctx} modified its input")


def test_nan_to_num_in_place():
    a = np.array([np.nan, np.inf, -np.inf, 1.5, -0.0], dtype=np.float32)
    base = tensor_of(np.stack([a, a]))
    view = base[1]
    out = cp.nan_to_num(view, copy=False)
    assert out is view
    exact(base, np.stack([a, np.nan_to_num(a)]), "nan_to_num(copy=False) writes through the view only")
    both = np.concatenate([a, a])
    strided = tensor_of(both)
    cp.nan_to_num(strided[::2], copy=False, nan=9.0)
    expected = both.copy()
    expected[::2] = np.nan_to_num(both[::2], nan=9.0)
    exact(strided, expected, "nan_to_num(copy=False) of a strided view")
    ints = tensor_of(np.arange(3))
    assert cp.nan_to_num(ints, copy=False) is ints
    copied = cp.nan_to_num(ints)
    assert copied is not ints
    exact(copied, np.arange(3), "nan_to_num of ints")


# --------------------------------------------------------------------------
# average, cov, corrcoef
# --------------------------------------------------------------------------

@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(NUMERIC_DTYPES), wdt=st.sampled_from(["float32", "float64", "int32"]),
       shape=small_shapes, keepdims=st.booleans(), returned=st.booleans(),
       weights=st.sampled_from(["none", "full", "along"]))
def test_average_matches_numpy(data, dt, wdt, shape, keepdims, returned, weights):
    x = data.draw(operands(dt, shape, bounded(dt, -1e4, 1e4)), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    w_np = w_cp = None
    if weights == "full":
        w = data.draw(operands(wdt, shape, bounded(wdt, 0, 100)), label="w")
        w_np, w_cp = w.a, w.t
    elif weights == "along" and axis is not None:
        axes = (axis,) if isinstance(axis, int) else axis
        wshape = tuple(shape[a] for a in axes)
        w = data.draw(operands(wdt, wshape, bounded(wdt, 0, 100)), label="w")
        w_np, w_cp = w.a, w.t
    ctx = f"average({x}, axis={axis}, weights={w_np!r}, returned={returned}, keepdims={keepdims})"
    kind, expected = numpy_answer(lambda: np.average(x.a, axis=axis, weights=w_np, returned=returned,
                                                     keepdims=keepdims))
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp.average(x.t, axis=axis, weights=w_cp, returned=returned, keepdims=keepdims)
        return
    got = cp.average(x.t, axis=axis, weights=w_cp, returned=returned, keepdims=keepdims)
    if not returned:
        got, expected = (got,), (expected,)
    scale = x.a.astype(np.float64) * (1 if w_np is None else 100)
    for g, e in zip(got, expected):
        e = np.asarray(e)
        sum_close(np.abs(scale), axis, keepdims, factor=16)(g, e, ctx) if e.shape == g.shape else exact(g, e, ctx)


def test_average_zero_weights_and_shape_errors():
    t = tensor_of(np.ones((2, 3)))
    with pytest.raises(ZeroDivisionError, match="Weights sum to zero"):
        cp.average(t, axis=1, weights=tensor_of(np.array([1.0, -1.0, 0.0])))
    with pytest.raises(TypeError, match="Axis must be specified"):
        cp.average(t, weights=tensor_of(np.ones(3)))
    with pytest.raises(ValueError, match="Shape of weights"):
        cp.average(t, axis=0, weights=tensor_of(np.ones(3)))
    with pytest.raises(ZeroDivisionError):
        cp.average(tensor_of(np.ones((0, 3))), axis=1, returned=True)


@st.composite
def cov_inputs(draw):
    dt = draw(st.sampled_from(NUMERIC_DTYPES))
    shape = draw(st.sampled_from([(), (5,), (1, 6), (3, 4), (4, 2), (2, 1), (0, 3), (3, 0), (6,)]))
    return dt, draw(operands(dt, shape, bounded(dt, -100, 100)))


@examples(0.6)
@given(data=st.data(), mx=cov_inputs(), rowvar=st.booleans(), bias=st.booleans(),
       ddof=st.sampled_from([None, 0, 1, 2]), with_y=st.booleans(), name=st.sampled_from(["cov", "corrcoef"]))
def test_cov_and_corrcoef_match_numpy(data, mx, rowvar, bias, ddof, with_y, name):
    dt, m = mx
    y = data.draw(operands("float64", m.a.shape, bounded("float64", -100, 100)), label="y") if with_y else None
    y_np, y_cp = (y.a, y.t) if y is not None else (None, None)
    ctx = f"{name}({m}, y={y}, rowvar={rowvar}, bias={bias}, ddof={ddof})"
    if name == "cov":
        np_fn = lambda: np.cov(m.a, y_np, rowvar=rowvar, bias=bias, ddof=ddof)  # noqa: E731
        cp_fn = lambda: cp.cov(m.t, y_cp, rowvar=rowvar, bias=bias, ddof=ddof)  # noqa: E731
    else:
        # A (nearly) constant variable has a variance of rounding noise: NaN
        # or +-1 then depends on the summation order of its mean.
        for v in (m.a, y_np):
            if v is not None and v.size:
                rows = np.atleast_2d(v.astype(np.float64))
                rows = rows if rowvar or v.ndim == 1 else rows.T
                spread = np.ptp(rows, axis=1) if rows.shape[1] else np.zeros(0)
                assume(not np.any((spread <= 1e-9 * np.max(np.abs(rows), initial=0.0)) & (spread > 0))
                       and not np.any(spread == 0))
        np_fn = lambda: np.corrcoef(m.a, y_np, rowvar=rowvar)  # noqa: E731
        cp_fn = lambda: cp.corrcoef(m.t, y_cp, rowvar=rowvar)  # noqa: E731

    def check(got, expected, context):
        assert_close(got, expected, rtol=1e-9, atol=1e-9 * (1e4 if name == "cov" else 1), context=context)
    expect(np_fn, cp_fn, check, ctx)


# --------------------------------------------------------------------------
# histogram, bincount, digitize
# --------------------------------------------------------------------------

@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(NUMERIC_DTYPES + ["bool"]), shape=small_shapes, density=st.booleans(),
       bins=st.one_of(st.integers(1, 12), st.just("edges")), use_range=st.booleans())
def test_histogram_matches_numpy(data, dt, shape, density, bins, use_range):
    elems = bounded(dt, -1e3, 1e3) if data.draw(st.booleans(), label="bounded") else None
    x = data.draw(operands(dt, shape, elems), label="x")
    rng = None
    if use_range:
        lo = data.draw(st.floats(-1e3, 1e3), label="lo")
        rng = (lo, lo + data.draw(st.floats(0, 1e3), label="width"))
    if bins == "edges":
        edges = np.sort(np.array(data.draw(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8), label="edges")))
        np_bins, cp_bins = edges, tensor_of(edges)
    else:
        np_bins = cp_bins = bins
    ctx = f"histogram({x}, bins={np_bins!r}, range={rng}, density={density})"

    def np_fn():
        return np.histogram(x.a, bins=np_bins, range=rng, density=density)

    def cp_fn():
        return cp.histogram(x.t, bins=cp_bins, range=rng, density=density)

    kind, expected = numpy_or_error(np_fn)
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp_fn()
        return
    hist, edges_got = cp_fn()
    exact(edges_got, expected[1], f"{ctx}: edges")
    if density:
        assert_close(hist, expected[0], rtol=1e-12, context=f"{ctx}: density")
    else:
        exact(hist, expected[0], f"{ctx}: counts")


def test_histogram_edge_rules():
    """The last bin includes its right edge; values outside the range and
    NaN are not counted; int data gives float64 edges; equal min and max
    widen the range by 0.5 each way."""
    cases = [
        (np.array([0, 1, 2, 3, 4, 5], dtype=np.int8), dict(bins=5)),
        (np.array([1.0, 2.0, 2.0, 3.0], dtype=np.float32), dict(bins=np.array([1.0, 2.0, 3.0]))),
        (np.array([-1.0, 0.0, 0.5, 1.0, 2.0, np.nan]), dict(bins=4, range=(0.0, 1.0))),
        (np.array([7, 7, 7], dtype=np.int64), dict(bins=3)),
        (np.array([2.5], dtype=np.float32), dict()),
        (np.array([], dtype=np.float64), dict(bins=3)),
        (np.array([0.1, 0.2, 0.3], dtype=np.float32), dict(bins=7, range=(0.1, 0.3))),
    ]
    for a, kw in cases:
        exp_hist, exp_edges = np.histogram(a, **kw)
        kw = {k: tensor_of(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        hist, edges = cp.histogram(tensor_of(a), **kw)
        exact(hist, exp_hist, f"histogram({a!r}, {kw})")
        exact(edges, exp_edges, f"histogram({a!r}, {kw}) edges")


def test_histogram_errors():
    t = tensor_of(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="must be positive"):
        cp.histogram(t, bins=0)
    with pytest.raises(ValueError, match="max must be larger than min"):
        cp.histogram(t, range=(2.0, 1.0))
    with pytest.raises(ValueError, match="not finite"):
        cp.histogram(t, range=(0.0, np.inf))
    with pytest.raises(ValueError, match="autodetected range of \\[nan, nan\\] is not finite"):
        cp.histogram(tensor_of(np.array([np.nan])))
    with pytest.raises(ValueError, match="increase monotonically"):
        cp.histogram(t, bins=tensor_of(np.array([1.0, 0.0, 2.0])))
    with pytest.raises(NotImplementedError, match="estimator"):
        cp.histogram(t, bins="auto")


@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(["bool", "int8", "uint8", "int16", "int32", "int64"]),
       n=st.integers(0, 40), minlength=st.integers(0, 50), weighted=st.sampled_from([None, "float64", "int32", "float32"]))
def test_bincount_matches_numpy(data, dt, n, minlength, weighted):
    x = data.draw(operands(dt, (n,), bounded(dt, 0, 60)), label="x")
    w = data.draw(operands(weighted, (n,), bounded(weighted, -1e3, 1e3)), label="w") if weighted else None
    ctx = f"bincount({x}, weights={w}, minlength={minlength})"
    expected = np.bincount(x.a, weights=None if w is None else w.a, minlength=minlength)
    got = cp.bincount(x.t, weights=None if w is None else w.t, minlength=minlength)
    if weighted:
        assert_close(got, expected, rtol=1e-12, atol=1e-9, context=ctx)
    else:
        exact(got, expected, ctx)


def test_bincount_large_and_errors():
    rng = np.random.default_rng(5)
    x = rng.integers(0, 1000, size=300_001)
    w = rng.standard_normal(300_001)
    exact(cp.bincount(tensor_of(x)), np.bincount(x), "bincount large")
    assert_close(cp.bincount(tensor_of(x), tensor_of(w)), np.bincount(x, w), rtol=1e-10, atol=1e-10,
                 context="weighted bincount large")
    with pytest.raises(ValueError, match="negative"):
        cp.bincount(tensor_of(np.array([1, -1, 2])))
    with pytest.raises(ValueError, match="minlength"):
        cp.bincount(tensor_of(np.array([1, 2])), minlength=-1)
    with pytest.raises(TypeError):
        cp.bincount(tensor_of(np.array([1.0, 2.0])))
    with pytest.raises(ValueError):
        cp.bincount(tensor_of(np.ones((2, 2), dtype=np.int64)))
    with pytest.raises(ValueError, match="same length"):
        cp.bincount(tensor_of(np.array([1, 2])), tensor_of(np.ones(3)))


@st.composite
def monotonic_bins(draw):
    dt = draw(st.sampled_from(["float64", "float32", "int32", "int64"]))
    vals = np.sort(np.array(draw(st.lists(bounded(dt, -50, 50), min_size=0, max_size=8)), dtype=dt))
    return vals[::-1].copy() if draw(st.booleans()) else vals


@examples(0.6)
@given(data=st.data(), dt=st.sampled_from(NUMERIC_DTYPES + ["bool"]), shape=small_shapes, bins=monotonic_bins(),
       right=st.booleans())
def test_digitize_matches_numpy(data, dt, shape, bins, right):
    x = data.draw(operands(dt, shape, bounded(dt, -60, 60, specials=True)), label="x")
    ctx = f"digitize({x}, {bins!r}, right={right})"
    expect(lambda: np.digitize(x.a, bins, right=right), lambda: cp.digitize(x.t, tensor_of(bins), right=right),
           exact, ctx)


def test_digitize_errors():
    with pytest.raises(ValueError, match="monotonically"):
        cp.digitize(tensor_of(np.array([1.0])), tensor_of(np.array([1.0, 3.0, 2.0])))
    with pytest.raises(ValueError, match="one-dimensional"):
        cp.digitize(tensor_of(np.array([1.0])), tensor_of(np.ones((2, 2))))


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------

def test_quantile_errors():
    t = tensor_of(np.arange(5.0))
    with pytest.raises(ValueError, match="not a valid method.*linear.*nearest"):
        cp.quantile(t, 0.5, method="bogus")
    with pytest.raises(ValueError, match="Quantiles must be in the range \\[0, 1\\]"):
        cp.quantile(t, 1.5)
    with pytest.raises(ValueError, match="Quantiles must be in the range"):
        cp.quantile(t, [0.5, np.nan])
    with pytest.raises(ValueError, match="Percentiles must be in the range \\[0, 100\\]"):
        cp.percentile(t, -1)
    with pytest.raises(ValueError, match="q must be a scalar or 1d"):
        cp.quantile(t, tensor_of(np.full((2, 2), 0.5)))
    with pytest.raises(IndexError):
        cp.quantile(tensor_of(np.zeros(0)), 0.5)
    with pytest.raises(TypeError):
        cp.quantile(tensor_of(np.array([True, False])), 0.5)
    with pytest.raises((ValueError, IndexError)):
        cp.median(t, axis=1)
    with pytest.raises(ValueError, match="duplicate"):
        cp.median(tensor_of(np.ones((2, 2))), axis=(0, -2))
    with pytest.raises(NotImplementedError):
        cp.median(t, out=t)


def test_cov_errors():
    with pytest.raises(ValueError, match="more than 2 dimensions"):
        cp.cov(tensor_of(np.ones((2, 2, 2))))
    with pytest.raises(ValueError, match="ddof must be integer"):
        cp.cov(tensor_of(np.ones((2, 3))), ddof=0.5)
    with pytest.raises(ValueError):
        cp.cov(tensor_of(np.ones((2, 3))), tensor_of(np.ones((2, 4))))


def test_accepts_lists_and_numpy_arrays():
    a = [[1.0, 2.0, 9.0], [4.0, np.nan, 6.0]]
    exact(cp.nanmedian(a, axis=1), np.nanmedian(a, axis=1), "nanmedian(list)")
    exact(cp.percentile(np.array(a), [10, 90]), np.percentile(np.array(a), [10, 90]), "percentile(ndarray)")
    exact(cp.digitize([0.5, 3.0], [1, 2]), np.digitize([0.5, 3.0], [1, 2]), "digitize(lists)")
    assert as_numpy(cp.bincount([0, 2, 2])).tolist() == np.bincount([0, 2, 2]).tolist()

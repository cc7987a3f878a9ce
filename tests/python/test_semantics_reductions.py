"""Reductions against NumPy: sum, prod, mean, var/std (ddof, correction),
max, min, argmax, argmin, any, all, cumsum, cumprod over axis None / int /
negative / tuple, keepdims, on views, every dtype; int and bool sums and
products are int64 (wrapping like NumPy's); empty reductions; NaN
propagation; sizes that cross the parallel block threshold."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    INT_DTYPES,
    accumulated_as_corepy,
    as_numpy,
    assert_close,
    assert_same,
    bounded,
    examples,
    expected_exception_types,
    large_operand,
    numpy_or_error,
    operands,
    tensor_of,
)

RTOL = {"float32": 1e-5, "float64": 1e-12}
shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)
nonempty = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=5)

REDUCTIONS = ["sum", "prod", "mean", "var", "std", "max", "min", "any", "all"]


@st.composite
def axis_spec(draw, ndim):
    kinds = ["none", "int", "tuple"] if ndim else ["none", "tuple"]
    kind = draw(st.sampled_from(kinds))
    if kind == "none":
        return None
    if kind == "int":
        return draw(st.integers(-ndim, ndim - 1))
    if not ndim:
        return None
    # axis=() has its own test (test_reduction_over_no_axes), as it panics at present.
    axes = draw(st.lists(st.integers(0, ndim - 1), unique=True, min_size=1, max_size=ndim))
    return tuple(a - ndim if draw(st.booleans()) else a for a in axes)


def values_for(name, dt):
    """Float values that cannot overflow partial results (so NaN and inf
    positions do not depend on the summation order), with NaN, +-inf, -0.0
    and subnormals; all values for ints and bools (sums wrap exactly)."""
    if not dt.startswith("float"):
        return None
    if name == "prod":
        mags = st.floats(0.5, 2.0, width=32 if dt == "float32" else 64)
        return st.one_of(mags, mags.map(lambda v: -v), st.sampled_from([0.0, -0.0, np.nan, np.inf, -np.inf, 1.0]))
    return bounded(dt, -1e3, 1e3, specials=True)


def reduced(a, axis):
    """(number of reduced elements, NumPy's reduced sum of |x| as float64)."""
    ab = np.abs(a.astype(np.float64))
    with np.errstate(all="ignore"):
        s = np.sum(np.where(np.isfinite(ab), ab, 0.0), axis=axis)
    n = a.size if axis is None else int(np.prod([a.shape[i] for i in np.atleast_1d(axis)], dtype=np.int64))
    return n, s


def cp_call(name, t, via, **kw):
    if via == "method":
        return getattr(t, name)(**kw)
    return getattr(cp, name)(t, **kw)


def check_reduction(name, x_t, a, axis, keepdims, via, ddof=None, context=""):
    kw = {"axis": axis, "keepdims": keepdims}
    np_kw = dict(kw)
    if ddof is not None:
        key, val = ddof
        kw[key] = val
        np_kw[key] = val
    kind, exp = numpy_or_error(lambda: getattr(np, name)(a, **np_kw))
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            cp_call(name, x_t, via, **kw)
        return
    exp = accumulated_as_corepy(exp, a.dtype) if name in ("sum", "prod") else np.asarray(exp)
    got = cp_call(name, x_t, via, **kw)
    if name in ("max", "min"):
        assert got.shape == exp.shape and got.dtype.name == exp.dtype.name, (context, got.shape, got.dtype, exp.shape)
        np.testing.assert_array_equal(as_numpy(got), exp, err_msg=context)  # NaN == NaN; 0.0 == -0.0
        return
    if exp.dtype.kind != "f" or name in ("any", "all"):
        assert_same(got, exp, context=context)
        return
    rtol = RTOL[exp.dtype.name]
    n, abs_sum = reduced(a, axis)
    if keepdims:
        abs_sum = np.reshape(abs_sum, exp.shape)
    if name == "sum":
        atol = rtol * abs_sum
    elif name == "mean":
        atol = rtol * abs_sum / max(n, 1)
    elif name == "prod":
        atol = 0.0
        rtol = 4 * max(n, 1) * np.finfo(exp.dtype).eps
    else:  # var / std: scale of the squares
        with np.errstate(all="ignore"):
            sq = np.sum(np.where(np.isfinite(a), a.astype(np.float64), 0.0) ** 2, axis=axis)
        if keepdims:
            sq = np.reshape(sq, exp.shape)
        denom = max(n - (ddof[1] if ddof else 0), 1)
        atol = 8 * rtol * sq / denom
        if name == "std":
            atol = np.sqrt(atol)
    assert_close(got, exp, rtol=rtol, atol=atol, ulps=2, context=context)


@examples(1.8)
@given(data=st.data(), name=st.sampled_from(REDUCTIONS), dt=st.sampled_from(DTYPES), shape=shapes,
       keepdims=st.booleans(), via=st.sampled_from(["method", "function"]))
def test_reductions_match_numpy(data, name, dt, shape, keepdims, via):
    x = data.draw(operands(dt, shape, values_for(name, dt)), label="x")
    axis = data.draw(axis_spec(len(shape)), label="axis")
    ddof = None
    if name in ("var", "std"):
        ddof = data.draw(st.sampled_from([None, ("ddof", 0), ("ddof", 1), ("ddof", 2), ("ddof", 0.5), ("correction", 1)]),
                         label="ddof")
    check_reduction(name, x.t, x.a, axis, keepdims, via, ddof, context=f"{name}({x}, axis={axis}, keepdims={keepdims}, {ddof})")
    assert_same(x.t, x.a, context=f"{name} modified its input")


@examples(0.7)
@given(data=st.data(), name=st.sampled_from(["argmax", "argmin"]), dt=st.sampled_from(DTYPES), shape=shapes,
       keepdims=st.booleans(), via=st.sampled_from(["method", "function"]))
def test_argmax_argmin_match_numpy(data, name, dt, shape, keepdims, via):
    """First occurrence wins; a NaN is the extreme (its first position)."""
    elems = st.sampled_from([0.0, -0.0, 1.0, -1.0, np.nan, np.inf, -np.inf, 2.0]) if dt.startswith("float") else None
    if dt.startswith("int") and data.draw(st.booleans()):
        elems = st.integers(-3, 3)  # many ties
    x = data.draw(operands(dt, shape, elems), label="x")
    axis = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1) if shape else st.none(), label="axis")
    kind, exp = numpy_or_error(lambda: getattr(np, name)(x.a, axis=axis, keepdims=keepdims))
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            cp_call(name, x.t, via, axis=axis, keepdims=keepdims)
        return
    got = cp_call(name, x.t, via, axis=axis, keepdims=keepdims)
    assert_same(got, np.asarray(exp).astype(np.int64), context=f"{name}({x}, axis={axis}, keepdims={keepdims})")


@examples(0.7)
@given(data=st.data(), name=st.sampled_from(["cumsum", "cumprod"]), dt=st.sampled_from(DTYPES), shape=shapes,
       via=st.sampled_from(["method", "function"]))
def test_cumulative_match_numpy(data, name, dt, shape, via):
    elems = values_for("prod" if name == "cumprod" else "sum", dt)
    x = data.draw(operands(dt, shape, elems), label="x")
    axis = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1) if shape else st.none(), label="axis")
    kind, exp = numpy_or_error(lambda: getattr(np, name)(x.a, axis=axis))
    ctx = f"{name}({x}, axis={axis})"
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            cp_call(name, x.t, via, axis=axis)
        return
    got = cp_call(name, x.t, via, axis=axis)
    exp = accumulated_as_corepy(exp, dt)
    if exp.dtype.kind != "f":
        assert_same(got, exp, context=ctx)
        return
    rtol = RTOL[exp.dtype.name]
    with np.errstate(all="ignore"):
        src = np.abs(np.where(np.isfinite(x.a), x.a, 0).astype(np.float64))
        scale = np.cumsum(src, axis=axis) if name == "cumsum" else 0.0
    n = max(x.a.shape[axis] if axis is not None else x.a.size, 1)
    if name == "cumprod":
        rtol = 4 * n * np.finfo(exp.dtype).eps
    assert_close(got, exp, rtol=rtol, atol=rtol * scale, ulps=2, context=ctx)


@pytest.mark.parametrize("dt", DTYPES)
def test_result_dtypes(dt):
    """int and bool sums/products are int64; mean/var/std of ints are float64."""
    a = np.array([[1, 0, 1], [1, 1, 0]], dtype=dt)
    t = tensor_of(a)
    for name in ["sum", "prod", "mean", "var", "std", "max", "min", "any", "all", "cumsum", "cumprod",
                 "argmax", "argmin"]:
        kind, exp = numpy_or_error(lambda: getattr(np, name)(a))
        if kind == "raises":
            with pytest.raises(expected_exception_types(exp)):
                getattr(cp, name)(t)
            continue
        got = getattr(cp, name)(t)
        if name in ("sum", "prod", "cumsum", "cumprod"):
            exp = accumulated_as_corepy(exp, dt)
        assert got.dtype.name == np.asarray(exp).dtype.name, (name, dt, got.dtype, np.asarray(exp).dtype)


@pytest.mark.parametrize("dt", INT_DTYPES)
def test_integer_sums_wrap_like_numpy(dt):
    """Accumulated in 64 bits (no wrap at the input's width), wrapping modulo 2**64."""
    info = np.iinfo(dt)
    a = np.array([info.max, info.max, info.max, 1, info.min], dtype=dt)
    for name in ("sum", "prod", "cumsum", "cumprod"):
        assert_same(getattr(cp, name)(tensor_of(a)), accumulated_as_corepy(getattr(np, name)(a), dt), context=f"{name} {dt}")
    big = np.array([2**62, 2**62, 2**62, 3], dtype=np.int64)
    assert_same(cp.sum(tensor_of(big)), np.sum(big), context="int64 sum wraps")
    assert_same(cp.prod(tensor_of(big)), np.prod(big), context="int64 prod wraps")


def test_mean_and_var_of_large_integers():
    """NumPy accumulates int means in float64: no int64 wraparound."""
    a = np.array([2**62, 2**62, 2**62, -(2**62) + 7], dtype=np.int64)
    t = tensor_of(a)
    for name in ["mean", "var", "std"]:
        exp = getattr(np, name)(a)
        got = getattr(cp, name)(t)
        assert_close(got, exp, rtol=1e-12, context=name)


@pytest.mark.parametrize("shape,axis", [((0,), None), ((0, 3), 0), ((0, 3), 1), ((3, 0), None), ((2, 0, 3), (0, 2)),
                                        ((0,), ()), ((4, 0), -1)])
def test_empty_reductions(shape, axis):
    """sum -> 0, prod -> 1, any -> False, all -> True, mean -> NaN (no
    warning, documented); max/min/argmax over nothing -> ValueError."""
    for dt in ["int32", "int8", "uint8", "float64", "bool"]:
        a = np.zeros(shape, dtype=dt)
        t = tensor_of(a)
        for name in REDUCTIONS:
            check_reduction(name, t, a, axis, False, "function", context=f"{name} {shape} axis={axis} {dt}")
        if axis is None or isinstance(axis, int):
            for name in ["argmax", "argmin"]:
                kind, exp = numpy_or_error(lambda: getattr(np, name)(a, axis=axis))
                if kind == "raises":
                    with pytest.raises(ValueError, match=name):
                        getattr(cp, name)(t, axis=axis)
                else:
                    assert_same(getattr(cp, name)(t, axis=axis), exp.astype(np.int64))


def test_nan_propagates_through_max_min():
    a = np.array([[1.0, np.nan, 3.0], [-np.inf, 2.0, np.inf]])
    t = tensor_of(a)
    for axis in [None, 0, 1]:
        for name in ["max", "min"]:
            np.testing.assert_array_equal(as_numpy(getattr(cp, name)(t, axis=axis)), getattr(np, name)(a, axis=axis))
        for name in ["argmax", "argmin"]:
            assert_same(getattr(cp, name)(t, axis=axis), getattr(np, name)(a, axis=axis).astype(np.int64))


@examples(0.15)
@given(name=st.sampled_from(REDUCTIONS + ["argmax", "argmin"]), dt=st.sampled_from(DTYPES),
       n=st.sampled_from([4 * 65536 + 17, 300_007]), seed=st.integers(0, 2**32 - 1),
       form=st.sampled_from(["flat", "rows", "cols"]), specials=st.booleans())
def test_large_reductions_cross_the_parallel_threshold(name, dt, n, seed, form, specials):
    x = large_operand(dt, n, seed, specials=specials and name not in ("sum", "mean", "var", "std", "prod"),
                      view="transposed" if seed % 5 == 0 else None)
    a, t = x.a, x.t
    if name == "prod" and dt.startswith("float"):
        a = np.where(np.abs(a) > 0, 1.0 + (a % 1.0) * 1e-5, 1.0).astype(dt)  # products stay finite
        t = tensor_of(a)
    axis = None
    if form != "flat" and a.ndim == 1:
        rows = 5
        m = (a.size // rows) * rows
        a, t = a[:m].reshape(rows, -1), t[:m].reshape(rows, -1)
        axis = 1 if form == "rows" else 0
    elif form != "flat":
        axis = 1 if form == "rows" else 0
    if name in ("argmax", "argmin"):
        assert_same(getattr(cp, name)(t, axis=axis), getattr(np, name)(a, axis=axis).astype(np.int64),
                    context=f"{name}({x}, axis={axis})")
    else:
        check_reduction(name, t, a, axis, False, "function", context=f"{name}({x}, axis={axis})")


def test_keepdims_shapes():
    t = cp.zeros((2, 3, 4))
    a = np.zeros((2, 3, 4))
    for axis in [None, 0, -1, (0, 2), (0, 1, 2)]:
        for name in ["sum", "max", "any", "mean", "var"]:
            assert getattr(cp, name)(t, axis=axis, keepdims=True).shape == \
                getattr(np, name)(a, axis=axis, keepdims=True).shape, (name, axis)


def test_reduction_over_no_axes():
    """axis=() reduces nothing (NumPy: the input, in the result dtype);
    keepdims changes nothing either."""
    failures = []
    for dt, name in [(dt, name) for dt in ["int32", "float64", "bool"] for name in REDUCTIONS]:
        a = (np.arange(6).reshape(2, 3) % 3).astype(dt)
        t = tensor_of(a)
        for keepdims in (False, True):
            try:
                check_reduction(name, t, a, (), keepdims, "function", context=f"{name}(axis=(), keepdims={keepdims})")
            except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
                failures.append(f"{name}({dt} (2, 3), axis=(), keepdims={keepdims}): {type(exc).__name__}: "
                                f"{str(exc)[:80]}")
    assert not failures, "\n".join(failures)

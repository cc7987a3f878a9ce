"""sum / mean / max / min over all elements, against NumPy.

Integer and bool results are exact (int64 sums wrap as NumPy's do). Float
sums are compared with a tolerance, because corepy adds in blocks and SIMD
lanes while NumPy adds pairwise: |got - exact| <= rtol * sum(|x|), with
rtol 1e-5 for float32 and 1e-12 for float64 (measured errors are ~1e-7 and
~1e-16 relative to sum(|x|)); `exact` is math.fsum of the values in float64.
max and min are exact and propagate NaN. Every result is a 0-d tensor.
"""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    EMPTY_SHAPES,
    FLOAT_DTYPES,
    accumulated_as_corepy,
    as_numpy,
    assert_same,
    assert_same_tensors,
    backend,
    dtype_and_array,
    dtypes,
    examples,
    isolated,
    large_sizes,
    nonempty_shapes,
    random_array,
    seeds,
    shape_id,
    tensor_of,
    threads,
)

RTOL = {"float32": 1e-5, "float64": 1e-12}
# Integer and bool sums are int64 (uint8 too: README.md, "sums and products of
# uint8 give int64 (NumPy: uint64)"); means of integers are float64.
SUM_DTYPE = {dt: "int64" for dt in DTYPES} | {"float32": "float32", "float64": "float64"}
MEAN_DTYPE = {dt: "float64" for dt in DTYPES} | {"float32": "float32"}


def expected_float_sum(x):
    """NaN/inf by IEEE rules, else the exact sum and the error scale."""
    x64 = x.astype(np.float64)
    if np.isnan(x64).any() or (np.isposinf(x64).any() and np.isneginf(x64).any()):
        return np.nan, 0.0
    if np.isinf(x64).any():
        return float(x64[np.isinf(x64)][0]), 0.0
    return math.fsum(x64.ravel().tolist()), float(np.abs(x64).sum())


def check_float_sum(got, x, dt, divide_by=1, context=""):
    assert got.shape == () and got.dtype.name == dt, f"{context}: {got.shape} {got.dtype.name}"
    value = got.item()
    want, scale = expected_float_sum(x)
    want, scale = want / divide_by, scale / divide_by
    if math.isnan(want):
        assert math.isnan(value), f"{context}: got {value}, want NaN"
    elif math.isinf(want):
        assert value == want, f"{context}: got {value}, want {want}"
    else:
        tol = RTOL[dt] * scale + (1e-30 if dt == "float32" else 1e-300)
        assert abs(value - want) <= tol, f"{context}: got {value!r}, exact {want!r}, |diff| {abs(value - want)} > {tol}"


def moderate_floats(dt):
    """Finite values whose sums cannot overflow, plus the specials."""
    bound = 2.0**100 if dt == "float32" else 2.0**990
    finite = st.floats(-bound, bound, width=32 if dt == "float32" else 64, allow_subnormal=True)
    return st.one_of(finite, finite, finite, st.sampled_from([np.nan, np.inf, -np.inf, -0.0]))


# --------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------

@given(data=st.data(), dt=dtypes, shape=nonempty_shapes)
def test_sum_matches_numpy(data, dt, shape):
    if dt in FLOAT_DTYPES:
        x = data.draw(hnp.arrays(dt, shape, elements=moderate_floats(dt)))
        check_float_sum(tensor_of(x).sum(), x, dt, context=f"sum {dt}{shape}")
    else:
        x = data.draw(hnp.arrays(dt, shape))
        assert_same(tensor_of(x).sum(), accumulated_as_corepy(np.sum(x), dt), context=f"sum {dt}{shape}")  # exact, wraps


@given(data=st.data(), dt=dtypes, shape=nonempty_shapes)
def test_mean_matches_numpy(data, dt, shape):
    elements = moderate_floats(dt) if dt in FLOAT_DTYPES else None
    x = data.draw(hnp.arrays(dt, shape, elements=elements))
    got = tensor_of(x).mean()
    if dt in FLOAT_DTYPES:
        check_float_sum(got, x, dt, divide_by=x.size, context=f"mean {dt}{shape}")
    else:
        assert got.shape == () and got.dtype.name == "float64"
        want = math.fsum(x.astype(np.float64).ravel().tolist()) / x.size
        assert abs(got.item() - want) <= 1e-12 * np.abs(x.astype(np.float64)).mean(), (got.item(), want)


@given(dt_arr=dtype_and_array(shapes=nonempty_shapes))
def test_max_min_match_numpy(dt_arr):
    dt, x = dt_arr
    t = tensor_of(x)
    for name, np_fn in (("max", np.max), ("min", np.min)):
        got = getattr(t, name)()
        want = np.asarray(np_fn(x))
        assert got.shape == () and got.dtype.name == dt
        # -0.0 and 0.0 compare equal: which zero max(-0.0, 0.0) returns is not specified.
        np.testing.assert_array_equal(as_numpy(got), want, err_msg=f"{name} of {dt}{x.shape}: {x!r}")


@examples(0.25)
@given(dt=dtypes, n=large_sizes, seed=seeds)
def test_large_reductions_match_numpy(dt, n, seed):
    """Sizes around the 65536-element block and the parallel threshold."""
    x = random_array(dt, (n,), seed, specials=False)
    if dt in FLOAT_DTYPES:
        x = (x / np.float64(1e20)).astype(dt)  # keep float32 sums finite
    t = tensor_of(x)
    if dt in FLOAT_DTYPES:
        check_float_sum(t.sum(), x, dt, context=f"sum {dt} n={n}")
        check_float_sum(t.mean(), x, dt, divide_by=n, context=f"mean {dt} n={n}")
    else:
        assert_same(t.sum(), accumulated_as_corepy(np.sum(x), dt), context=f"sum {dt} n={n}")
        assert abs(t.mean().item() - np.mean(x.astype(np.float64))) <= 1e-9 * max(1.0, np.abs(x).mean())
    assert_same(t.max(), np.max(x), context=f"max {dt} n={n}")
    assert_same(t.min(), np.min(x), context=f"min {dt} n={n}")


# --------------------------------------------------------------------------
# Determinism: threads and backends
# --------------------------------------------------------------------------

@pytest.mark.parametrize("dt", DTYPES)
def test_reductions_identical_with_one_and_two_threads(dt):
    n = 4 * 65536 + 1234  # 5 blocks: parallel with 2 threads
    t = tensor_of(random_array(dt, (n,), 3, specials=False))
    results = {}
    for k in (1, 2):
        with threads(k):
            results[k] = [t.sum(), t.mean(), t.max(), t.min()]
    for one, two, name in zip(results[1], results[2], ["sum", "mean", "max", "min"]):
        assert_same_tensors(two, one, context=f"{name} {dt}: 2 threads vs 1")


@pytest.mark.parametrize("dt", DTYPES)
def test_reductions_on_every_backend(dt, backends):
    x = random_array(dt, (3 * 65536 + 17,), 4, specials=False)
    if dt in FLOAT_DTYPES:
        x = (x / np.float64(1e20)).astype(dt)
    t = tensor_of(x)
    for name in backends:
        with backend(name):
            ctx = f"{dt} on {name}"
            if dt in FLOAT_DTYPES:
                check_float_sum(t.sum(), x, dt, context="sum " + ctx)
                check_float_sum(t.mean(), x, dt, divide_by=x.size, context="mean " + ctx)
            else:
                assert_same(t.sum(), accumulated_as_corepy(np.sum(x), dt), context="sum " + ctx)
            assert_same(t.max(), np.max(x), context="max " + ctx)
            assert_same(t.min(), np.min(x), context="min " + ctx)


# --------------------------------------------------------------------------
# Spelled-out cases
# --------------------------------------------------------------------------

@pytest.mark.parametrize("dt", DTYPES)
def test_result_dtypes_and_0d(dt):
    t = cp.ones((2, 3), dtype=dt)
    assert t.sum().dtype.name == SUM_DTYPE[dt] == accumulated_as_corepy(np.sum(np.ones((2, 3), dtype=dt)), dt).dtype.name
    assert t.mean().dtype.name == MEAN_DTYPE[dt] == np.mean(np.ones((2, 3), dtype=dt)).dtype.name
    for name in ("sum", "mean", "max", "min"):
        r = getattr(t, name)()
        assert isinstance(r, cp.Tensor) and r.shape == () and r.ndim == 0
        assert getattr(cp, name)(t).tolist() == r.tolist()


def test_simple_values():
    t = cp.tensor([[1, 2, 3], [4, 5, 6]], dtype="int32")
    assert t.sum().item() == 21 and t.mean().item() == 3.5 and t.max().item() == 6 and t.min().item() == 1
    b = cp.tensor([True, False, True, True])
    assert b.sum().item() == 3 and b.mean().item() == 0.75 and b.max().item() is True and b.min().item() is False
    f = cp.tensor([0.5, -1.5, 2.0], dtype="f32")
    assert f.sum().item() == 1.0 and f.max().item() == 2.0 and f.min().item() == -1.5


@pytest.mark.parametrize("dt", ["int8", "int16", "uint8"])
def test_small_int_sums_accumulate_in_int64(dt):
    """No wrap at the input's width: 100000 copies of the maximum (and of the
    minimum) sum exactly, as in NumPy (whose uint8 sum is uint64, corepy's int64)."""
    info = np.iinfo(dt)
    for v in (info.max, info.min):
        x = np.full(100_003, v, dtype=dt)
        assert_same(cp.tensor(x).sum(), accumulated_as_corepy(np.sum(x), dt), context=f"sum of {x.size} x {v} ({dt})")
        assert cp.tensor(x).sum().item() == int(v) * x.size


def test_int_sums_do_not_overflow_int32_but_wrap_int64():
    big = np.full(100_000, 2**31 - 1, dtype=np.int32)
    assert cp.tensor(big).sum().item() == int(big.astype(np.int64).sum())  # > 2**31: accumulated in int64
    wrap = np.array([2**63 - 1, 1, 5], dtype=np.int64)
    assert_same(cp.tensor(wrap).sum(), np.sum(wrap), context="int64 wrap")


@pytest.mark.parametrize("dt", FLOAT_DTYPES)
def test_nan_and_inf_propagate(dt):
    for vals, want_sum in (([1.0, np.nan, 2.0], np.nan), ([np.inf, 1.0], np.inf), ([-np.inf, 1.0], -np.inf),
                           ([np.inf, -np.inf], np.nan)):
        t = cp.tensor(np.array(vals, dtype=dt))
        np.testing.assert_array_equal(as_numpy(t.sum()), np.array(want_sum, dtype=dt))
        with np.errstate(invalid="ignore"):
            want_mean = np.array(np.mean(np.array(vals, dtype=dt)), dtype=dt)
        np.testing.assert_array_equal(as_numpy(t.mean()), want_mean)
    t = cp.tensor(np.array([1.0, np.nan, 3.0, -np.inf], dtype=dt))
    assert math.isnan(t.max().item()) and math.isnan(t.min().item())
    # NaN first, last and far away from the start (in a later block, in a SIMD tail)
    for pos in (0, 70_000, 200_002):
        x = np.ones(200_003, dtype=dt)
        x[pos] = np.nan
        t = cp.tensor(x)
        assert math.isnan(t.max().item()) and math.isnan(t.min().item()) and math.isnan(t.sum().item()), pos
    t = cp.tensor(np.array([-np.inf, 5.0, np.inf], dtype=dt))
    assert t.max().item() == np.inf and t.min().item() == -np.inf


def test_extremes_found_anywhere():
    for dt in [d for d in DTYPES if d != "bool"]:
        low = 1 if dt == "uint8" else -9
        for pos in (0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65535, 65536, 199_999):
            x = np.full(200_000, 3, dtype=dt)
            x[pos] = 7
            x[(pos + 12345) % x.size] = low
            t = cp.tensor(x)
            assert t.max().item() == np.max(x) == 7 and t.min().item() == np.min(x) == low, (dt, pos)


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
@isolated
def test_empty_reductions(shape):
    """sum of nothing is 0, mean is NaN (NumPy also warns), max/min raise."""
    for dt in DTYPES:
        t = cp.zeros(shape, dtype=dt)
        assert_same(t.sum(), accumulated_as_corepy(np.sum(np.zeros(shape, dtype=dt)), dt), context=f"sum of empty {dt}{shape}")
        m = t.mean()
        assert m.shape == () and m.dtype.name == MEAN_DTYPE[dt] and math.isnan(m.item())
        for name in ("max", "min"):
            with pytest.raises(ValueError, match="zero-size|empty"):
                getattr(t, name)()


def test_module_functions_reject_non_numbers():
    for fn in (cp.sum, cp.mean, cp.max, cp.min):
        with pytest.raises(TypeError):
            fn("abc")
        with pytest.raises(TypeError):
            fn(None)

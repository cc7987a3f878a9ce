"""The keywords NumPy users pass to reductions every day: sum/prod(dtype=,
out=, initial=, where=), max/min(out=, initial=, where=), mean(dtype=, out=,
where=), as module functions and as methods. NumPy is the oracle; integer
data keeps results exact, float data is compared within a summation-order
tolerance."""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import accumulated_as_corepy, assert_close, assert_same, examples, operands

SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
INTS = st.integers(-50, 50)


def axis_for(draw, ndim):
    if ndim == 0:
        return None
    return draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1),
                          st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim).map(tuple)))


@st.composite
def masked_case(draw, dtype="int64"):
    shape = draw(SHAPES)
    op = draw(operands(dtype, shape, elems=INTS))
    # The mask may have fewer dimensions: it broadcasts against the input.
    mshape = shape[draw(st.integers(0, len(shape))):]
    mask = draw(hnp.arrays(np.bool_, mshape))
    return op, mask, axis_for(draw, len(shape)), draw(st.booleans())


@examples(1.0)
@given(masked_case(), st.sampled_from(["sum", "prod"]), st.one_of(st.none(), INTS))
def test_sum_prod_where_initial_match_numpy(case, name, initial):
    op, mask, axis, keepdims = case
    kw = {"axis": axis, "keepdims": keepdims, "where": mask}
    if initial is not None:
        kw["initial"] = initial
    expected = getattr(np, name)(op.a, **kw)
    got = getattr(cp, name)(op.t, **{**kw, "where": cp.tensor(mask)})
    assert_same(got, expected, context=f"{name} {op} {kw}")
    # The method takes the same keywords; a nested list works as a mask too
    # (an empty list would lose the mask's shape, so only non-empty ones).
    if mask.size:
        got = getattr(op.t, name)(**{**kw, "where": mask.tolist()})
        assert_same(got, expected, context=f"method {name} {op} {kw}")


@examples(1.0)
@given(masked_case(), st.sampled_from(["max", "min"]), INTS)
def test_max_min_where_initial_match_numpy(case, name, initial):
    op, mask, axis, keepdims = case
    kw = {"axis": axis, "keepdims": keepdims, "where": mask, "initial": initial}
    expected = getattr(np, name)(op.a, **kw)
    assert_same(getattr(cp, name)(op.t, **kw), expected, context=f"{name} {op} {kw}")
    # initial alone also lets an empty reduction return instead of raise.
    kw.pop("where")
    assert_same(getattr(op.t, name)(**kw), getattr(np, name)(op.a, **kw), context=f"{name} {op} {kw}")


@examples(0.5)
@given(masked_case("float64"))
def test_mean_where_matches_numpy(case):
    op, mask, axis, keepdims = case
    expected = _quiet(np.mean, op.a, axis=axis, keepdims=keepdims, where=mask)
    got = cp.mean(op.t, axis=axis, keepdims=keepdims, where=mask)
    assert_close(got, expected, rtol=1e-12, context=f"mean {op} axis={axis}")


def _quiet(fn, *args, **kw):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Mean of empty slice"
        return fn(*args, **kw)


@pytest.mark.parametrize("src", ["int8", "int16", "int32", "int64", "uint8", "bool", "float32"])
@pytest.mark.parametrize("acc", ["int8", "int32", "int64", "uint8", "float32", "float64"])
def test_sum_prod_dtype_accumulates_and_wraps_like_numpy(src, acc):
    a = (np.arange(1, 41).reshape(5, 8) * 7 % 13 + 1).astype(src)
    t = cp.tensor(a)
    for name in ("sum", "prod"):
        for axis in (None, 0, 1):
            with np.errstate(all="ignore"):
                expected = getattr(np, name)(a, axis=axis, dtype=acc)
            got = getattr(cp, name)(t, axis=axis, dtype=acc)
            if np.dtype(acc).kind == "f":
                assert_close(got, expected, rtol=1e-6, context=f"{name}({src}, dtype={acc}, axis={axis})")
            else:
                assert_same(got, expected, context=f"{name}({src}, dtype={acc}, axis={axis})")


def test_mean_dtype_matches_numpy():
    a = np.arange(24, dtype=np.int16).reshape(4, 6)
    for dt in ("float32", "float64"):
        for axis in (None, 0, 1):
            assert_close(cp.mean(cp.tensor(a), axis=axis, dtype=dt), np.mean(a, axis=axis, dtype=dt),
                         rtol=1e-6, context=f"mean dtype={dt} axis={axis}")
    with pytest.raises(TypeError):
        cp.mean(cp.tensor(a), dtype="not-a-dtype")


def test_initial_is_cast_to_the_result_dtype():
    a = np.array([1, 2, 3], dtype=np.int32)
    assert_same(cp.sum(cp.tensor(a), initial=2.9), np.sum(a, initial=2.9))
    f = np.array([0.5, 0.25], dtype=np.float32)
    assert_same(cp.max(cp.tensor(f), initial=1e300), _quiet(np.max, f, initial=1e300))  # inf in float32
    assert_same(cp.min(cp.zeros((0, 3), dtype="float64"), axis=0, initial=np.inf),
                np.min(np.zeros((0, 3)), axis=0, initial=np.inf))


@examples(0.5)
@given(st.data())
def test_out_is_written_and_returned(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    a = data.draw(hnp.arrays(np.int32, shape, elements=INTS))
    axis = data.draw(st.integers(0, len(shape) - 1))
    keepdims = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["sum", "prod", "max", "min", "mean"]))
    out_dtype = data.draw(st.sampled_from(["int64", "float64", "float32"]))
    if name == "mean" and out_dtype == "int64":
        out_dtype = "float64"
    expected_np = np.zeros(np.sum(a, axis=axis, keepdims=keepdims).shape, dtype=out_dtype)
    getattr(np, name)(a, axis=axis, keepdims=keepdims, out=expected_np)
    out = cp.zeros(expected_np.shape, dtype=out_dtype)
    before = out.__array_interface__["data"][0]
    result = getattr(cp, name)(cp.tensor(a), axis=axis, keepdims=keepdims, out=out)
    assert result is out
    assert out.__array_interface__["data"][0] == before
    assert_close(out, expected_np, rtol=1e-6, context=f"{name} out={out_dtype}")


def test_out_into_a_view_leaves_the_rest_alone():
    a = np.arange(12, dtype=np.int64).reshape(3, 4)
    base_np = np.full((2, 4), -1, dtype=np.int64)
    np.sum(a, axis=0, out=base_np[1])
    base = cp.full((2, 4), -1, dtype="int64")
    cp.sum(cp.tensor(a), axis=0, out=base[1])
    assert_same(base, base_np)


def test_keyword_errors_are_clear():
    t = cp.tensor([[1, 2, 3], [4, 5, 6]], dtype="int32")
    mask = [[True, False, True], [False, False, False]]
    a = np.array(t.tolist(), dtype=np.int32)
    # NumPy: max/min have no identity, so a mask needs initial=.
    with pytest.raises(ValueError):
        np.max(a, where=mask)
    with pytest.raises(ValueError, match="initial"):
        cp.max(t, where=mask)
    with pytest.raises(ValueError, match="initial"):
        t.min(axis=0, where=mask)
    # out= of the wrong shape names both shapes.
    with pytest.raises(ValueError):
        np.sum(a, axis=0, out=np.zeros(2))
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        cp.sum(t, axis=0, out=cp.zeros(2))
    with pytest.raises(TypeError):
        cp.sum(t, out=[0])
    # A mask that does not broadcast against the input.
    with pytest.raises(ValueError):
        np.sum(a, where=[True, False])
    with pytest.raises(ValueError):
        cp.sum(t, where=[True, False])
    with pytest.raises((TypeError, ValueError)):
        cp.sum(t, initial="x")

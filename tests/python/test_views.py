"""reshape (a view sharing memory), astype and copy (new memory), against NumPy."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    EMPTY_SHAPES,
    as_numpy,
    assert_same,
    data_ptr,
    dtype_and_array,
    dtypes,
    isolated,
    nonempty_shapes,
    shape_id,
    tensor_of,
)


@st.composite
def reshape_targets(draw, size):
    """A shape with `size` (> 0) elements, maybe with one -1."""
    dims, rest = [], size
    for _ in range(draw(st.integers(0, 3))):
        d = draw(st.sampled_from([d for d in range(1, rest + 1) if rest % d == 0]))
        dims.append(d)
        rest //= d
    if rest != 1:
        dims.append(rest)
    if dims and draw(st.booleans()):
        dims[draw(st.integers(0, len(dims) - 1))] = -1
    return tuple(dims)


@given(data=st.data(), dt_arr=dtype_and_array(shapes=nonempty_shapes))
def test_reshape_matches_numpy_and_shares_memory(data, dt_arr):
    _, a = dt_arr
    target = data.draw(reshape_targets(a.size))
    t = tensor_of(a)
    r = t.reshape(target)
    assert_same(r, a.reshape(target), context=f"{a.shape} -> {target}")
    assert data_ptr(r) == data_ptr(t), "reshape must be a view"
    if target:
        assert_same(t.reshape(*target), a.reshape(target), context=f"reshape(*{target})")
        assert_same(cp.reshape(t, target), a.reshape(target), context=f"cp.reshape {target}")


def test_reshape_view_sees_writes():
    t = cp.arange(6, dtype="f64")
    r = t.reshape(2, 3)
    t.numpy()[4] = 40.0
    assert r.tolist() == [[0.0, 1.0, 2.0], [3.0, 40.0, 5.0]]
    r.numpy()[0, 0] = -1.0
    assert t.tolist()[0] == -1.0
    del t  # the view keeps the buffer alive
    assert r.reshape(-1).tolist() == [-1.0, 1.0, 2.0, 3.0, 40.0, 5.0]


def test_reshape_forms():
    t = cp.arange(12)
    assert t.reshape(3, 4).shape == (3, 4)
    assert t.reshape((3, 4)).shape == (3, 4)
    assert t.reshape([2, -1]).shape == (2, 6)
    assert t.reshape(-1, 2, 3).shape == (2, 2, 3)
    assert cp.tensor(5).reshape(1, 1).shape == (1, 1)
    assert cp.tensor([5]).reshape(()).shape == ()


@pytest.mark.parametrize("bad", [(5,), (2, 5), (-1, 5), (-1, -1), (0, -1), (13,), ()])
def test_bad_reshape_raises_value_error(bad):
    with pytest.raises(ValueError):
        cp.arange(12).reshape(bad)
    with pytest.raises(ValueError):
        np.arange(12).reshape(bad)  # the same cases NumPy rejects


def test_reshape_rejects_negative_dims_other_than_minus_one():
    with pytest.raises(ValueError, match="-2"):
        cp.arange(12).reshape(-2, 6)
    with pytest.raises(TypeError):
        cp.arange(12).reshape(2.0, 6)


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
@isolated
def test_reshape_copy_astype_of_empty_tensors(shape):
    t = cp.zeros(shape, dtype="int32")
    assert t.reshape(-1).shape == (0,)
    assert t.reshape(0, 5).shape == (0, 5)
    assert t.reshape(shape[::-1]).shape == shape[::-1]
    assert_same(t.copy(), np.zeros(shape, dtype="int32"), context=f"copy {shape}")
    assert_same(t.astype("f32"), np.zeros(shape, dtype="float32"), context=f"astype {shape}")


# --------------------------------------------------------------------------
# astype / copy
# --------------------------------------------------------------------------

def _convertible(a, dst):
    """Drop values whose conversion NumPy leaves undefined (NaN/inf/out of
    range float -> int)."""
    if a.dtype.kind == "f" and np.dtype(dst).kind == "i":
        info = np.iinfo(dst)
        ok = np.isfinite(a) & (a > info.min - 1.0) & (a < info.max + 1.0)
        return np.where(ok, a, 0).astype(a.dtype)
    return a


@given(data=st.data(), dst=dtypes)
def test_astype_matches_numpy(data, dst):
    _, a = data.draw(dtype_and_array(shapes=nonempty_shapes))
    a = _convertible(a, dst)
    t = tensor_of(a)
    with np.errstate(all="ignore"):
        expected = a.astype(dst)
    got = t.astype(dst)
    assert_same(got, expected, context=f"{a.dtype} -> {dst}")
    assert_same(cp.astype(t, dst), expected, context=f"cp.astype {a.dtype} -> {dst}")
    if a.size:
        assert data_ptr(got) != data_ptr(t), "astype returns new memory"


@pytest.mark.parametrize("spec", ["f32", cp.float32, np.float32, "float32", np.dtype("float32")])
def test_astype_accepts_every_dtype_spelling(spec):
    assert cp.tensor([1, 2]).astype(spec).dtype == cp.float32


def test_astype_edge_values():
    assert cp.tensor([1.7, -1.7, 0.5, -0.5]).astype("i32").tolist() == [1, -1, 0, 0]  # truncation
    assert cp.tensor([0.0, -0.0, 0.5, np.nan, -np.inf]).astype("bool").tolist() == [False, False, True, True, True]
    assert cp.tensor([2**40 + 5, -1]).astype("i32").tolist() == [5, -1]  # wraps like NumPy
    assert cp.tensor([3, 0, -2]).astype("bool").tolist() == [True, False, True]
    f = cp.tensor([0.1, 1e300, 1e-320]).astype("f32")
    np.testing.assert_array_equal(as_numpy(f), np.array([0.1, np.inf, 0.0], dtype=np.float32))
    with pytest.raises(TypeError):
        cp.ones(2).astype("f16")


@pytest.mark.parametrize("dt", DTYPES)
def test_copy_is_independent(dt):
    a = np.array([[1, 0], [0, 1]], dtype=dt)
    t = cp.tensor(a)
    c = t.copy()
    assert_same(c, a, context=f"copy {dt}")
    assert data_ptr(c) != data_ptr(t)
    c.numpy()[0, 0] = 0
    assert t.tolist()[0][0] == a.tolist()[0][0]


@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4), dt=dtypes)
def test_copy_and_astype_keep_shape(shape, dt):
    t = cp.ones(shape, dtype=dt)
    assert t.copy().shape == shape and t.astype("f64").shape == shape

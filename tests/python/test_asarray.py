"""asarray / array / ascontiguousarray: values and dtypes as NumPy's for
Python data and NumPy arrays, and the copy rules (a tensor of the right
dtype comes back as itself unless copy=True; copy=False refuses when a
buffer would be needed, as NumPy 2 and the array API say)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import DTYPES, assert_same, examples, tensor_of


@examples(1.0)
@given(st.sampled_from(DTYPES).flatmap(lambda dt: hnp.arrays(np.dtype(dt), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0))),
       st.sampled_from([None] + DTYPES))
def test_values_and_dtypes_match_numpy(a, dtype):
    with np.errstate(all="ignore"):
        expected = np.asarray(a, dtype=dtype)
        expected_array = np.array(a, dtype=dtype)
    assert_same(cp.asarray(a, dtype=dtype), expected, context=f"asarray({a.dtype}, dtype={dtype})")
    assert_same(cp.array(a, dtype=dtype), expected_array, context="array")
    t = tensor_of(a)
    with np.errstate(all="ignore"):
        assert_same(cp.asarray(t, dtype=dtype), expected, context="asarray(tensor)")


@pytest.mark.parametrize("data", [[1, 2, 3], [[1.5, 2.0]], True, 3, 2.5, [[True, False]], [], ((1, 2), (3, 4))])
def test_python_data_matches_numpy(data):
    assert_same(cp.asarray(data), np.asarray(data), context=repr(data))
    assert_same(cp.array(data, ndmin=3), np.array(data, ndmin=3), context=f"{data!r} ndmin=3")


def test_copy_rules():
    t = cp.ones((2, 3), dtype="float32")
    assert cp.asarray(t) is t and cp.asarray(t, dtype="float32") is t and cp.asarray(t, copy=False) is t
    assert cp.array(t, copy=False) is t and cp.array(t, copy=None) is t
    for fresh in (cp.asarray(t, copy=True), cp.array(t), cp.asarray(t, dtype="float64")):
        assert fresh is not t and fresh.__array_interface__["data"][0] != t.__array_interface__["data"][0]
    c = cp.array(t)
    c[0, 0] = 5.0
    assert t[0, 0].item() == 1.0  # a copy, not a view
    # copy=False with a conversion needed: ValueError, as NumPy 2.
    a = np.arange(3)
    with pytest.raises(ValueError):
        np.asarray(a, dtype=np.float32, copy=False)
    with pytest.raises(ValueError, match="copy=False"):
        cp.asarray(t, dtype="float64", copy=False)
    with pytest.raises(ValueError, match="copy=False"):
        cp.asarray([1, 2], copy=False)
    with pytest.raises(ValueError, match="order"):
        cp.array([1, 2], order="F")
    with pytest.raises(ValueError, match="device"):
        cp.asarray([1], device="cuda")


def test_ascontiguousarray():
    t = cp.ones((3, 4)).T
    c = cp.ascontiguousarray(t)
    assert c.is_contiguous() and c.shape == (4, 3)
    assert_same(c, np.ascontiguousarray(np.ones((3, 4)).T))
    d = cp.ones(5)
    assert cp.ascontiguousarray(d) is d

"""The comparison helpers must be able to fail: every other module's verdict
rests on them."""
import os
import signal

import numpy as np
import pytest

import corepy as cp
from cp_testing import assert_same, check_against_numpy, isolated, random_array


def test_assert_same_is_bitwise_for_floats():
    assert_same(cp.tensor([0.0, -0.0, np.nan, 1.5]), np.array([0.0, -0.0, np.nan, 1.5]))
    with pytest.raises(AssertionError, match="bitwise"):
        assert_same(cp.tensor([-0.0]), np.array([0.0]))
    with pytest.raises(AssertionError, match="bitwise"):
        assert_same(cp.tensor([1.0]), np.array([np.nextafter(1.0, 2.0)]))
    with pytest.raises(AssertionError, match="NaN"):
        assert_same(cp.tensor([np.nan, 1.0]), np.array([1.0, np.nan]))


def test_assert_same_checks_dtype_shape_and_type():
    with pytest.raises(AssertionError, match="dtype"):
        assert_same(cp.tensor([1, 2], dtype="i32"), np.array([1, 2], dtype=np.int64))
    with pytest.raises(AssertionError, match="shape"):
        assert_same(cp.tensor([[1, 2]]), np.array([1, 2]))
    with pytest.raises(AssertionError, match="Tensor"):
        assert_same(np.array([1.0]), np.array([1.0]))
    with pytest.raises(AssertionError):
        assert_same(cp.tensor([1, 2]), np.array([1, 3]))


def test_check_against_numpy_requires_the_same_error():
    with pytest.raises(AssertionError, match="NumPy raises TypeError"):
        check_against_numpy(lambda a, b: a + b, lambda a, b: a - b, (cp.tensor([True]), cp.tensor([True])),
                            (np.array([True]), np.array([True])))
    with pytest.raises(TypeError):  # corepy raising where NumPy does not propagates
        check_against_numpy(lambda a, b: a - b, lambda a, b: a + b, (cp.tensor([True]), cp.tensor([True])),
                            (np.array([True]), np.array([True])))


def test_random_array_has_specials():
    x = random_array("float32", (10_000,), 1)
    assert np.isnan(x).any() and np.isinf(x).any() and (x == 0).any()
    assert x.dtype == np.float32
    i = random_array("int32", (10_000,), 1)
    assert i.min() < -(2**30) and i.max() > 2**30


def test_isolated_reports_crashes_and_failures():
    @isolated
    def crashes():
        os.kill(os.getpid(), signal.SIGSEGV)

    @isolated
    def fails():
        assert 1 == 2, "inner failure"

    @isolated
    def passes():
        assert cp.tensor([1.0]).tolist() == [1.0]

    if hasattr(os, "fork"):
        with pytest.raises(AssertionError, match="SIGSEGV"):
            crashes()
        with pytest.raises(AssertionError, match="inner failure"):
            fails()
    passes()

"""The op registry seen from Python: every elementwise function comes from the
runtime's registry with its docstring, aliases resolve to the same function,
and a function added by one registry row (sinh) matches NumPy."""
import numpy as np
import pytest

import corepy as cp
from corepy import _corepy


def test_every_registry_op_is_a_public_function_with_its_doc():
    rows = _corepy.op_registry()
    assert len(rows) >= 40
    for kind, name, aliases, doc in rows:
        fn = getattr(cp, name)
        assert fn.__doc__ == doc and doc
        for alias in aliases:
            assert getattr(cp, alias) is fn
        assert name in cp.__all__


@pytest.mark.parametrize("dtype,rtol", [("float32", 4e-7), ("float64", 4e-16)])
def test_sinh_matches_numpy(dtype, rtol):
    rng = np.random.default_rng(7)
    x = np.concatenate([
        rng.uniform(-1e-3, 1e-3, 500), rng.uniform(-3, 3, 500), rng.uniform(-90, 90, 500),
        np.array([0.0, -0.0, 1e-30, -1e-30, 21.9, 22.0, 22.1, 88.0, 89.5, 710.0, 711.0, -711.0,
                  np.inf, -np.inf, np.nan]),
    ]).astype(dtype)
    with np.errstate(over="ignore"):
        want = np.sinh(x)
    got = cp.sinh(cp.tensor(x)).numpy()
    assert got.dtype == want.dtype
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=rtol, atol=0)
    np.testing.assert_array_equal(got[~finite], want[~finite])
    assert np.array_equal(np.signbit(got), np.signbit(want))


def test_sinh_follows_the_float_math_rule_and_out():
    for dt in ["int8", "int16", "uint8", "int32", "int64", "bool"]:
        a = np.array([0, 1, 2], dtype=dt)
        got = cp.sinh(cp.tensor(a))
        # NumPy gives float16 for 8-bit ints; corepy has no float16 (README).
        want_dtype = "float32" if a.itemsize <= 2 else "float64"
        assert got.dtype == want_dtype
        np.testing.assert_allclose(got.numpy(), np.sinh(a.astype(want_dtype)), rtol=1e-6)
    out = cp.zeros((2, 3))
    x = cp.tensor([[0.5, -1.0, 2.0]])
    assert cp.sinh(x, out=out) is out
    np.testing.assert_allclose(out.numpy(), np.broadcast_to(np.sinh([[0.5, -1.0, 2.0]]), (2, 3)), rtol=1e-15)
    with pytest.raises(TypeError, match="same_kind"):
        cp.sinh(x, out=cp.zeros((1, 3), dtype="int32"))


def test_out_for_comparisons_and_predicates_matches_numpy():
    a = np.array([[1.0, np.nan, -2.0]])
    b = np.array([[0.0], [5.0]])
    want = np.zeros((2, 3), dtype=np.int32)
    np.less(a, b, out=want)
    out = cp.zeros((2, 3), dtype="int32")
    assert cp.less(cp.tensor(a), cp.tensor(b), out=out) is out
    np.testing.assert_array_equal(out.numpy(), want)
    want = np.zeros((2, 3), dtype=bool)
    np.isnan(a, out=want)
    out = cp.zeros((2, 3), dtype="bool")
    cp.isnan(cp.tensor(a), out=out)
    np.testing.assert_array_equal(out.numpy(), want)
    with pytest.raises(ValueError, match="cannot be written"):
        cp.less(cp.tensor(a), cp.tensor(b), out=cp.zeros((3,), dtype="bool"))

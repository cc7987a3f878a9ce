"""Matrix-vector products (the GEMV path of matmul/dot: one output row or
column): (m, k) @ (k,), (k,) @ (k, n), (k,) . (k,) and their 2-D forms
(m, k) @ (k, 1), (1, k) @ (k, n), for row-major, transposed and strided
matrices, against NumPy within the dot-product error bound of test_matmul
(check_matmul), identical at 1 and 2 threads."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import FLOAT_DTYPES, assert_same_tensors, examples, tensor_of, threads
from test_matmul import check_matmul


def matrix(rows, cols, dt, layout, rng):
    """A NumPy matrix and the same values as a corepy tensor view of `layout`."""
    base = (rng.standard_normal((rows, cols)) * 4).astype(dt)
    if layout == "row-major":
        return base, tensor_of(base)
    if layout == "transposed":  # column-major: a .T of a contiguous tensor
        return base, tensor_of(np.ascontiguousarray(base.T)).T
    if layout == "strided":  # every other column and row of a bigger tensor
        big = np.zeros((2 * rows, 2 * cols), dtype=dt)
        big[::2, ::2] = base
        return base, tensor_of(big)[::2, ::2]
    big = np.zeros((rows, cols), dtype=dt)  # reversed rows
    big[::-1] = base
    return base, tensor_of(big)[::-1]


LAYOUTS = ["row-major", "transposed", "strided", "reversed"]


def as_2d(a, b):
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    return a2, b2


@examples(1.0)
@given(st.sampled_from(FLOAT_DTYPES), st.integers(1, 300), st.integers(1, 300), st.sampled_from(LAYOUTS),
       st.sampled_from(["matrix @ vector", "vector @ matrix", "2-D column", "2-D row"]), st.integers(0, 2**32 - 1))
def test_gemv_matches_numpy(dt, outs, k, layout, form, seed):
    rng = np.random.default_rng(seed)
    vec = (rng.standard_normal(k) * 4).astype(dt)
    if form in ("matrix @ vector", "2-D column"):
        a, ta = matrix(outs, k, dt, layout, rng)
        b, tb = (vec, tensor_of(vec)) if form == "matrix @ vector" else (vec.reshape(k, 1), tensor_of(vec.reshape(k, 1)))
    else:
        b, tb = matrix(k, outs, dt, layout, rng)
        a, ta = (vec, tensor_of(vec)) if form == "vector @ matrix" else (vec.reshape(1, k), tensor_of(vec.reshape(1, k)))
    got = ta @ tb
    assert got.shape == np.matmul(a, b).shape
    a2, b2 = as_2d(a, b)
    check_matmul(a2, b2, got.reshape(np.matmul(a2, b2).shape), f"{form} {layout} {dt} outs={outs} k={k}")


@pytest.mark.parametrize("dt", FLOAT_DTYPES)
@pytest.mark.parametrize("k", [1, 7, 100, 100_003])
def test_dot_of_vectors_matches_numpy(dt, k):
    rng = np.random.default_rng(k)
    x, y = (rng.standard_normal(k) * 4).astype(dt), (rng.standard_normal(k) * 4).astype(dt)
    got = cp.dot(tensor_of(x), tensor_of(y))
    assert got.shape == () and got.dtype.name == dt
    check_matmul(x.reshape(1, -1), y.reshape(-1, 1), got.reshape((1, 1)), f"dot {dt} k={k}")
    # Strided and reversed vectors too.
    got = cp.dot(tensor_of(np.repeat(x, 2))[::2], tensor_of(y[::-1].copy())[::-1])
    check_matmul(x.reshape(1, -1), y.reshape(-1, 1), got.reshape((1, 1)), f"dot strided {dt} k={k}")


@pytest.mark.parametrize("dt", FLOAT_DTYPES)
def test_large_gemv_identical_with_one_and_two_threads(dt):
    """Each output is one thread's dot product (or column sum) in a fixed k order."""
    rng = np.random.default_rng(5)
    m = tensor_of((rng.standard_normal((3000, 700))).astype(dt))
    v, w = tensor_of(rng.standard_normal(700).astype(dt)), tensor_of(rng.standard_normal(3000).astype(dt))
    for fn in (lambda: m @ v, lambda: w @ m, lambda: m.T @ w, lambda: v @ m.T):
        with threads(1):
            one = fn()
        with threads(2):
            two = fn()
        assert_same_tensors(two, one, context=f"{dt}: 2 threads vs 1")
    check_matmul(m.numpy(), v.numpy().reshape(-1, 1), (m @ v).reshape((3000, 1)), "3000x700 @ 700")

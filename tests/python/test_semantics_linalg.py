"""matmul / @ (1-D, 2-D, batched N-D with broadcasting, on transposed and
sliced views, every dtype pair), dot, vecdot, tensordot, outer and
matrix_transpose against NumPy. Integer products are exact (wrapping as
NumPy's), bool products are logical, float products agree within a bound
scaled by |A| @ |B|."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    INT_DTYPES,
    as_numpy,
    assert_close,
    assert_same,
    bounded,
    examples,
    large_operand,
    operands,
    tensor_of,
)


def values(dt):
    return bounded(dt, -100, 100) if dt.startswith("float") else None


def check_product(got, expected, a, b, k, context, abs_product=None):
    """Exact for int/bool results; floats within 2 * k * eps * (|a| @ |b|)."""
    expected = np.asarray(expected)
    if expected.dtype.kind != "f":
        assert_same(got, expected, context=context)
        return
    if abs_product is None:
        abs_product = np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64))
    eps = np.finfo(expected.dtype).eps
    assert_close(got, expected, rtol=0.0, atol=2 * max(k, 1) * eps * abs_product + 1e-300, ulps=2, context=context)


@st.composite
def matmul_shapes(draw):
    m, k, n = draw(st.integers(0, 5)), draw(st.integers(0, 5)), draw(st.integers(0, 5))
    form = draw(st.sampled_from(["2d", "2d", "batched", "batched", "vec_left", "vec_right", "vec_both"]))
    batch_a, batch_b = (), ()
    if form == "batched":
        batch_a, batch_b = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, min_side=1,
                                                                  max_side=3)).input_shapes
    sa = (k,) if form in ("vec_left", "vec_both") else batch_a + (m, k)
    sb = (k,) if form in ("vec_right", "vec_both") else batch_b + (k, n)
    return sa, sb


@examples(0.9)
@given(data=st.data(), shapes=matmul_shapes(), dt_a=st.sampled_from(DTYPES), dt_b=st.sampled_from(DTYPES),
       via=st.sampled_from(["@", "matmul"]))
def test_matmul_matches_numpy(data, shapes, dt_a, dt_b, via):
    sa, sb = shapes
    x = data.draw(operands(dt_a, sa, values(dt_a)), label="a")
    y = data.draw(operands(dt_b, sb, values(dt_b)), label="b")
    got = x.t @ y.t if via == "@" else cp.matmul(x.t, y.t)
    with np.errstate(all="ignore"):
        expected = np.matmul(x.a, y.a)
    check_product(got, expected, x.a, y.a, sa[-1], f"{x} @ {y}")


def test_batched_broadcast_example_from_the_issue():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((2, 1, 3, 4))
    b = rng.standard_normal((5, 4, 2))
    got = tensor_of(a) @ tensor_of(b)
    assert got.shape == (2, 5, 3, 2)
    check_product(got, a @ b, a, b, 4, "(2,1,3,4) @ (5,4,2)")


@pytest.mark.parametrize("dt", INT_DTYPES)
def test_integer_matmul_wraps_like_numpy(dt):
    info = np.iinfo(dt)
    m1 = int(info.max) if info.min == 0 else -1  # uint8: 255 for -1
    a = np.array([[info.max, info.max, 3], [info.min, m1, 7]], dtype=dt)
    b = np.array([[info.max, 2], [5, info.min], [m1, info.max]], dtype=dt)
    with np.errstate(all="ignore"):
        expected = a @ b
    assert_same(tensor_of(a) @ tensor_of(b), expected)
    assert_same(tensor_of(a.T.copy()).T @ tensor_of(b[::-1].copy())[::-1], expected)


def test_bool_matmul_is_logical():
    rng = np.random.default_rng(5)
    a = rng.random((4, 6)) < 0.3
    b = rng.random((6, 3)) < 0.3
    assert_same(tensor_of(a) @ tensor_of(b), a @ b)
    assert_same(tensor_of(a[0]) @ tensor_of(b), a[0] @ b)


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_matmul_propagates_nan_and_inf(dt):
    """NaN and inf positions follow from the math (0 * inf = NaN, inf - inf =
    NaN) whatever the summation order."""
    a = np.array([[1.0, 0.0, 2.0], [np.nan, 1.0, 0.0], [np.inf, 0.0, 1.0], [1.0, -np.inf, 0.0], [-0.0, 0.0, 0.0]], dtype=dt)
    b = np.array([[1.0, 0.0, np.inf, 2.0], [1.0, 1.0, 1.0, -np.inf], [0.0, np.nan, 1.0, 0.0]], dtype=dt)
    with np.errstate(all="ignore"):
        reference = (a[:, :, None] * b[None, :, :]).sum(axis=1)
    got = as_numpy(tensor_of(a) @ tensor_of(b))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(reference))
    np.testing.assert_array_equal(got[np.isinf(reference)], reference[np.isinf(reference)])
    fin = np.isfinite(reference)
    np.testing.assert_allclose(got[fin], reference[fin], rtol=1e-6)


@examples(0.05)
@given(dt=st.sampled_from(["float32", "float64", "int32", "int64"]), seed=st.integers(0, 2**32 - 1),
       m=st.sampled_from([257, 300]), k=st.sampled_from([129, 300]), n=st.sampled_from([263, 300]),
       layout=st.sampled_from(["plain", "transposed", "reversed"]))
def test_large_matmul_on_views(dt, seed, m, k, n, layout):
    rng = np.random.default_rng(seed)
    if dt.startswith("float"):
        a = rng.standard_normal((m, k)).astype(dt)
        b = rng.standard_normal((k, n)).astype(dt)
    else:
        a = rng.integers(-1000, 1000, (m, k)).astype(dt)
        b = rng.integers(-1000, 1000, (k, n)).astype(dt)
    if layout == "transposed":
        ta, tb = tensor_of(a.T.copy()).T, tensor_of(b.T.copy()).T
    elif layout == "reversed":
        ta, tb = tensor_of(a[::-1, ::-1].copy())[::-1, ::-1], tensor_of(b[::-1].copy())[::-1]
    else:
        ta, tb = tensor_of(a), tensor_of(b)
    check_product(ta @ tb, a @ b, a, b, k, f"({m},{k}) @ ({k},{n}) {dt} {layout}")


@examples(0.45)
@given(data=st.data(), dt_a=st.sampled_from(DTYPES), dt_b=st.sampled_from(DTYPES),
       form=st.sampled_from(["1d1d", "2d2d", "2d1d", "1d2d", "0d"]))
def test_dot_matches_numpy(data, dt_a, dt_b, form):
    k = data.draw(st.integers(0, 5))
    m, n = data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4))
    sa, sb = {"1d1d": ((k,), (k,)), "2d2d": ((m, k), (k, n)), "2d1d": ((m, k), (k,)), "1d2d": ((k,), (k, n)),
              "0d": ((), (m, n))}[form]
    x = data.draw(operands(dt_a, sa, values(dt_a)), label="a")
    y = data.draw(operands(dt_b, sb, values(dt_b)), label="b")
    if form == "0d" and data.draw(st.booleans()):
        x, y = y, x
    with np.errstate(all="ignore"):
        expected = np.dot(x.a, y.a)
    if form == "0d":  # a multiply (the sign of a zero product is not compared: NumPy's dot adds it to +0.0)
        got = cp.dot(x.t, y.t)
        assert got.shape == expected.shape and got.dtype.name == expected.dtype.name, (got.shape, got.dtype, expected.dtype)
        np.testing.assert_array_equal(as_numpy(got), expected, err_msg=f"dot({x}, {y})")
    else:
        check_product(cp.dot(x.t, y.t), expected, x.a, y.a, k, f"dot({x}, {y})")


@examples(0.45)
@given(data=st.data(), dt_a=st.sampled_from(["int64", "float32", "float64"]),
       dt_b=st.sampled_from(["int64", "float32", "float64"]),
       shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_vecdot_matches_numpy(data, dt_a, dt_b, shapes):
    sa, sb = shapes.input_shapes
    nd = min(len(sa), len(sb))
    axis = data.draw(st.integers(-nd, -1), label="axis")
    # The contracted axis must have the same length on both sides.
    la, lb = list(sa), list(sb)
    kk = max(la[axis], lb[axis])
    la[axis] = lb[axis] = kk
    x = data.draw(operands(dt_a, tuple(la), values(dt_a)), label="a")
    y = data.draw(operands(dt_b, tuple(lb), values(dt_b)), label="b")
    with np.errstate(all="ignore"):
        expected = np.vecdot(x.a, y.a, axis=axis)
        absprod = np.vecdot(np.abs(x.a.astype(np.float64)), np.abs(y.a.astype(np.float64)), axis=axis)
    check_product(cp.vecdot(x.t, y.t, axis=axis), expected, x.a, y.a, kk, f"vecdot({x}, {y}, axis={axis})",
                  abs_product=absprod)


@pytest.mark.parametrize("dt", ["bool", "int32"])
def test_vecdot_keeps_numpy_s_dtype(dt):
    """np.vecdot of bool is bool (logical), of int32 is int32 (wrapping)."""
    a = np.array([[1, 0, 1], [1, 1, 1]]).astype(dt)
    b = np.array([1, 1, 0]).astype(dt)
    if dt == "int32":
        a = a * np.int32(2**30)
        b = b * np.int32(3)
    with np.errstate(all="ignore"):
        expected = np.vecdot(a, b)
    assert_same(cp.vecdot(tensor_of(a), tensor_of(b)), expected, context=f"vecdot {dt}")


@examples(0.35)
@given(data=st.data(), dt=st.sampled_from(DTYPES), nfree_a=st.integers(0, 2), nfree_b=st.integers(0, 2),
       ncon=st.integers(0, 2), form=st.sampled_from(["int", "lists", "perm"]))
def test_tensordot_matches_numpy(data, dt, nfree_a, nfree_b, ncon, form):
    free_a = [data.draw(st.integers(1, 3)) for _ in range(nfree_a)]
    free_b = [data.draw(st.integers(1, 3)) for _ in range(nfree_b)]
    con = [data.draw(st.integers(1, 3)) for _ in range(ncon)]
    sa, sb = tuple(free_a + con), tuple(con + free_b)
    if form == "int":
        axes = ncon
    elif form == "lists":
        axes = (list(range(nfree_a, nfree_a + ncon)), list(range(ncon)))
    else:  # contracted axes listed in another order, negative on one side
        order = [int(i) for i in data.draw(st.permutations(range(ncon)))]
        axes = ([nfree_a + i - len(sa) for i in order], order)
    x = data.draw(operands(dt, sa, values(dt)), label="a")
    y = data.draw(operands(dt, sb, values(dt)), label="b")
    with np.errstate(all="ignore"):
        expected = np.tensordot(x.a, y.a, axes=axes)
    k = int(np.prod(con)) if con else 1
    a2 = np.abs(x.a.astype(np.float64)).reshape(int(np.prod(free_a)) if free_a else 1, k)
    b2 = np.abs(y.a.astype(np.float64)).reshape(k, int(np.prod(free_b)) if free_b else 1)
    check_product(cp.tensordot(x.t, y.t, axes=axes), expected, x.a, y.a, k, f"tensordot({x}, {y}, axes={axes})",
                  abs_product=(a2 @ b2).reshape(expected.shape))


@examples(0.25)
@given(data=st.data(), dt_a=st.sampled_from(DTYPES), dt_b=st.sampled_from(DTYPES),
       sa=hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4),
       sb=hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4))
def test_outer_matches_numpy(data, dt_a, dt_b, sa, sb):
    x = data.draw(operands(dt_a, sa), label="a")
    y = data.draw(operands(dt_b, sb), label="b")
    with np.errstate(all="ignore"):
        expected = np.outer(x.a, y.a)
    assert_same(cp.outer(x.t, y.t), expected, context=f"outer({x}, {y})")


@examples(0.2)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=2, max_dims=4, min_side=0, max_side=4))
def test_matrix_transpose_matches_numpy(data, dt, shape):
    x = data.draw(operands(dt, shape), label="x")
    got = cp.matrix_transpose(x.t)
    assert_same(got, np.matrix_transpose(x.a), context=f"matrix_transpose({x})")
    if x.a.size:
        assert np.shares_memory(got.numpy(), x.t.numpy()), "matrix_transpose is a view"


def test_large_vectors_dot():
    x = large_operand("float64", 200_003, 7, specials=False)
    y = large_operand("float64", 200_003, 8, specials=False)
    got = cp.dot(x.t, y.t)
    check_product(got, np.dot(x.a, y.a), x.a, y.a, 200_003, "dot of 200003-vectors",
                  abs_product=np.dot(np.abs(x.a), np.abs(y.a)))

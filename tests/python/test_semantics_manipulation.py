"""concat/concatenate, stack, split, tile, repeat, roll, sort, argsort and
unique against NumPy, on views and every dtype."""
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    as_numpy,
    assert_same,
    examples,
    expected_exception_types,
    large_operand,
    numpy_or_error,
    operands,
    tensor_of,
)

shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
nd_shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4)
FLOAT_ORDER_VALUES = [0.0, -0.0, 1.0, -1.0, np.nan, np.inf, -np.inf, 2.5, 1e-310, 2.5]


def sort_elements(dt):
    if dt in ("float32", "float64"):
        return st.sampled_from(FLOAT_ORDER_VALUES)
    if dt == "bool":
        return None
    info = np.iinfo(dt)  # many ties, and the extremes
    return st.one_of(st.integers(max(-3, int(info.min)), 3), st.sampled_from([int(info.min), int(info.max)]))


@examples(0.55)
@given(data=st.data(), shape=nd_shapes, k=st.integers(1, 4), same_dtype=st.booleans(),
       fn=st.sampled_from(["concat", "concatenate"]), container=st.sampled_from([list, tuple]))
def test_concat_matches_numpy(data, shape, k, same_dtype, fn, container):
    nd = len(shape)
    axis = data.draw(st.integers(-nd, nd - 1), label="axis")
    dts = [data.draw(st.sampled_from(DTYPES))] * k if same_dtype else [data.draw(st.sampled_from(DTYPES)) for _ in range(k)]
    ops = []
    for dt in dts:
        s = list(shape)
        s[axis] = data.draw(st.integers(0, 3))
        ops.append(data.draw(operands(dt, tuple(s)), label="part"))
    got = getattr(cp, fn)(container(o.t for o in ops), axis=axis)
    assert_same(got, np.concatenate([o.a for o in ops], axis=axis), context=f"{fn}({ops}, axis={axis})")


@examples(0.25)
@given(data=st.data(), k=st.integers(1, 4))
def test_concat_axis_none_flattens(data, k):
    ops = [data.draw(operands(data.draw(st.sampled_from(DTYPES)), data.draw(shapes)), label="part") for _ in range(k)]
    assert_same(cp.concat([o.t for o in ops], axis=None), np.concatenate([o.a for o in ops], axis=None),
                context=f"concat({ops}, axis=None)")


@examples(0.45)
@given(data=st.data(), shape=shapes, k=st.integers(1, 4), dt=st.sampled_from(DTYPES))
def test_stack_matches_numpy(data, shape, k, dt):
    nd = len(shape)
    axis = data.draw(st.integers(-nd - 1, nd), label="axis")
    ops = [data.draw(operands(dt, shape), label="part") for _ in range(k)]
    assert_same(cp.stack([o.t for o in ops], axis=axis), np.stack([o.a for o in ops], axis=axis),
                context=f"stack({ops}, axis={axis})")


@examples(0.45)
@given(data=st.data(), shape=nd_shapes, dt=st.sampled_from(DTYPES), how=st.sampled_from(["sections", "indices"]))
def test_split_matches_numpy_and_returns_views(data, shape, dt, how):
    x = data.draw(operands(dt, shape), label="x")
    nd = len(shape)
    axis = data.draw(st.integers(-nd, nd - 1), label="axis")
    n = shape[axis]
    if how == "sections":
        assume(n > 0)  # sections of an empty axis: test_split_of_an_empty_axis
        arg = data.draw(st.sampled_from([d for d in range(1, n + 1) if n % d == 0]), label="sections")
    else:
        arg = data.draw(st.lists(st.integers(-n - 2, n + 2), max_size=4), label="indices")
    kind, expected = numpy_or_error(lambda: np.split(x.a, arg, axis=axis))
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp.split(x.t, arg, axis=axis)
        return
    got = cp.split(x.t, arg, axis=axis)
    assert len(got) == len(expected), (len(got), len(expected))
    for g, e in zip(got, expected):
        assert_same(g, e, context=f"split({x}, {arg}, axis={axis})")
        if e.size:
            assert np.shares_memory(g.numpy(), x.t.numpy()), "split pieces are views"


@pytest.mark.parametrize("sections", [1, 3])
def test_split_of_an_empty_axis(sections):
    """NumPy splits a length-0 axis into `sections` empty pieces."""
    a = np.zeros((2, 0))
    expected = np.split(a, sections, axis=1)
    got = cp.split(tensor_of(a), sections, axis=1)
    assert len(got) == len(expected) == sections
    for g, e in zip(got, expected):
        assert_same(g, e)


def test_split_into_unequal_sections_raises():
    with pytest.raises(ValueError, match="equal division"):
        cp.split(cp.arange(5), 2)
    with pytest.raises(ValueError):
        np.split(np.arange(5), 2)


@examples(0.45)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(DTYPES),
       reps=st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), max_size=4).map(tuple)))
def test_tile_matches_numpy(data, shape, dt, reps):
    x = data.draw(operands(dt, shape), label="x")
    assert_same(cp.tile(x.t, reps), np.tile(x.a, reps), context=f"tile({x}, {reps})")


@examples(0.45)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(DTYPES), repeats=st.integers(0, 3))
def test_repeat_matches_numpy(data, shape, dt, repeats):
    x = data.draw(operands(dt, shape), label="x")
    nd = len(shape)
    axis = data.draw(st.none() | st.integers(-nd, nd - 1) if nd else st.none(), label="axis")
    assert_same(cp.repeat(x.t, repeats, axis=axis), np.repeat(x.a, repeats, axis=axis),
                context=f"repeat({x}, {repeats}, axis={axis})")


@examples(0.45)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(DTYPES), shift=st.integers(-10, 10))
def test_roll_matches_numpy(data, shape, dt, shift):
    x = data.draw(operands(dt, shape), label="x")
    nd = len(shape)
    axis = data.draw(st.none() | st.integers(-nd, nd - 1) if nd else st.none(), label="axis")
    got = cp.roll(x.t, shift, axis=axis)
    assert_same(got, np.roll(x.a, shift, axis=axis), context=f"roll({x}, {shift}, axis={axis})")


@examples(0.7)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(DTYPES))
def test_sort_matches_numpy(data, shape, dt):
    """NaN last; sort is stable, so -0.0 and 0.0 keep their order (compared
    through the sign bit against NumPy's stable sort)."""
    x = data.draw(operands(dt, shape, sort_elements(dt)), label="x")
    nd = len(shape)
    axis = data.draw(st.sampled_from([None, -1] + list(range(-nd, nd))), label="axis")
    kind, exp = numpy_or_error(lambda: np.sort(x.a, axis=axis, kind="stable"))
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            cp.sort(x.t, axis=axis)
        return
    got = cp.sort(x.t, axis=axis)
    assert got.shape == exp.shape and got.dtype.name == exp.dtype.name, (got.shape, got.dtype, exp.shape)
    np.testing.assert_array_equal(as_numpy(got), exp, err_msg=f"sort({x}, axis={axis})")
    if exp.dtype.kind == "f":
        np.testing.assert_array_equal(np.signbit(as_numpy(got)), np.signbit(exp), err_msg=f"sort({x}) order of zeros")
    assert_same(x.t, x.a, context="sort modified its input")


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("n", [5, 17, 40, 1000])
def test_sort_keeps_the_order_of_signed_zeros_and_agrees_with_argsort(dt, n):
    # Past 16 elements std::sort's introsort reorders equal elements; sort is
    # stable (as np.sort(kind="stable")) and agrees with argsort.
    rng = np.random.default_rng(n)
    a = rng.choice(np.array([0.0, -0.0, 1.5, -2.0, np.nan, -np.nan]), size=n).astype(dt)
    want = np.sort(a, kind="stable")
    got = as_numpy(cp.sort(tensor_of(a)))
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))
    by_argsort = a[as_numpy(cp.argsort(tensor_of(a)))]
    np.testing.assert_array_equal(np.signbit(got), np.signbit(by_argsort))
    rows = as_numpy(cp.sort(tensor_of(np.stack([a, a[::-1]])), axis=1))
    np.testing.assert_array_equal(np.signbit(rows), np.signbit(np.sort(np.stack([a, a[::-1]]), axis=1, kind="stable")))


@examples(0.7)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(DTYPES))
def test_argsort_is_stable_like_numpy(data, shape, dt):
    """corepy's argsort is stable: it equals np.argsort(kind='stable'), which
    also puts NaNs last; the indices sort the input and are a permutation."""
    x = data.draw(operands(dt, shape, sort_elements(dt)), label="x")
    nd = len(shape)
    # (np.argsort of a 0-d array along -1 returns [0] where np.sort raises
    # AxisError; corepy raises for both, so 0-d inputs only go with axis=None.)
    axis = data.draw(st.sampled_from([None, -1] + list(range(-nd, nd))) if nd else st.none(), label="axis")
    kind, exp = numpy_or_error(lambda: np.argsort(x.a, axis=axis, kind="stable"))
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            cp.argsort(x.t, axis=axis)
        return
    got = cp.argsort(x.t, axis=axis)
    assert_same(got, exp.astype(np.int64), context=f"argsort({x}, axis={axis})")
    idx = as_numpy(got)
    flat = x.a.reshape(-1) if axis is None else x.a
    ax = 0 if axis is None else axis
    s = np.take_along_axis(flat, idx, axis=ax)
    np.testing.assert_array_equal(s, np.sort(flat, axis=ax))
    shape_r = [1] * flat.ndim
    shape_r[ax] = flat.shape[ax]
    np.testing.assert_array_equal(np.sort(idx, axis=ax), np.broadcast_to(np.arange(flat.shape[ax]).reshape(shape_r), idx.shape))


def test_tensor_argsort_method_matches_function():
    a = np.array([[3, 1, 2], [1, 1, 0]])
    t = tensor_of(a)
    assert_same(t.argsort(), np.argsort(a, kind="stable"))
    assert_same(t.argsort(axis=0), np.argsort(a, axis=0, kind="stable"))
    assert_same(t.argsort(axis=None), np.argsort(a, axis=None, kind="stable"))


@examples(0.45)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(DTYPES))
def test_unique_matches_numpy(data, shape, dt):
    """Sorted distinct values of the flattened input; NaNs collapse to one
    (NumPy 2's equal_nan=True)."""
    x = data.draw(operands(dt, shape, sort_elements(dt)), label="x")
    got = cp.unique(x.t)
    exp = np.unique(x.a)
    assert got.shape == exp.shape and got.dtype.name == exp.dtype.name, (x, got.shape, exp.shape, got.dtype)
    np.testing.assert_array_equal(as_numpy(got), exp, err_msg=f"unique({x})")


@examples(0.05)
@given(dt=st.sampled_from(DTYPES), n=st.sampled_from([65537, 200_003]), seed=st.integers(0, 2**32 - 1),
       op=st.sampled_from(["sort", "argsort", "unique", "concat", "roll"]))
def test_large_inputs(dt, n, seed, op):
    x = large_operand(dt, n, seed)
    if op == "sort":
        np.testing.assert_array_equal(as_numpy(cp.sort(x.t)), np.sort(x.a))
    elif op == "argsort":
        assert_same(cp.argsort(x.t), np.argsort(x.a, kind="stable").astype(np.int64))
    elif op == "unique":
        np.testing.assert_array_equal(as_numpy(cp.unique(x.t)), np.unique(x.a))
    elif op == "concat":
        assert_same(cp.concat([x.t, x.t[::-3]]), np.concatenate([x.a, x.a[::-3]]))
    else:
        assert_same(cp.roll(x.t, 12345), np.roll(x.a, 12345))


@pytest.mark.parametrize("make", [lambda m: m.zeros(6), lambda m: m.zeros(6)[::2]])
def test_reshape_beyond_64_dims_is_value_error_like_numpy(make):
    # Regression: a contiguous tensor recursed forever here (a crash).
    shape = [1] * 70 + [3 if make(np).size == 3 else 6]
    with pytest.raises(ValueError):
        make(np).reshape(shape)
    with pytest.raises(ValueError, match="64"):
        make(cp).reshape(*shape)
    ok = [1] * 63 + [make(np).size]
    assert make(cp).reshape(*ok).shape == make(np).reshape(ok).shape


def test_broadcast_to_beyond_64_dims_is_value_error_like_numpy():
    with pytest.raises(ValueError):
        np.broadcast_to(np.zeros(1), (1,) * 70)
    with pytest.raises(ValueError, match="64"):
        cp.zeros(1).broadcast_to((1,) * 70)

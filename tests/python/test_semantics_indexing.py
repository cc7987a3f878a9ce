"""Indexing against NumPy: basic indices (ints, slices with steps, negative
indices, None, Ellipsis) on views, integer-array indices (lists, NumPy
arrays, tensors; negative; out of range), boolean masks (full or leading
dims), __setitem__ with broadcasting (scalars, tensors, overlapping views of
the same tensor), masked and integer-array assignment, take and nonzero."""
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
    bounded,
    data_ptr,
    elements,
    examples,
    operands,
    tensor_of,
)

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)
nd_shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5)


def np_getitem(a, idx):
    """a[idx] as a 0-d view where NumPy would return a scalar."""
    tup = idx if isinstance(idx, tuple) else (idx,)
    if not any(i is Ellipsis for i in tup):
        tup = tup + (Ellipsis,)
    return a[tup]


def value_elements(value_dt, target_dt):
    """Values that convert to the target dtype the same way everywhere:
    float -> int only from finite in-range floats (NaN/inf -> int is
    undefined in C, NumPy warns)."""
    if np.dtype(value_dt).kind == "f" and np.dtype(target_dt).kind in "bi":
        return bounded(value_dt, -1e6, 1e6)
    return elements(value_dt)


@examples(0.7)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=shapes)
def test_basic_indexing_of_views(data, dt, shape):
    x = data.draw(operands(dt, shape), label="x")
    idx = data.draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True), label="index")
    got = x.t[idx]
    expected = np_getitem(x.a, idx)
    assert_same(got, expected, context=f"{x}[{idx!r}]")
    if expected.size:
        assert np.shares_memory(got.numpy(), x.t.numpy()), f"{x}[{idx!r}] must be a view"


@st.composite
def int_index(draw, n):
    """An integer index array for an axis of length n (values in [-n, n)),
    as a list, a NumPy array or a tensor, of int32 or int64."""
    ishape = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0 if n else 0, max_side=4))
    if n == 0:
        ishape = ishape if 0 in ishape else (0,)
    idx = draw(hnp.arrays(np.int64, ishape, elements=st.integers(-n, n - 1) if n else st.just(0)))
    form = draw(st.sampled_from(["list", "numpy64", "numpy32", "tensor64", "tensor32"]))
    if form == "list" and (idx.ndim == 0 or idx.size == 0):
        form = "numpy64"  # an empty list is tested on its own; a 0-d array is a plain int
    if form == "list":
        return idx, idx.tolist(), form
    if form.endswith("32"):
        idx = idx.astype(np.int32)
    if form.startswith("numpy"):
        return idx, idx.copy(), form
    return idx, tensor_of(idx), form


@examples(0.7)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=nd_shapes)
def test_integer_array_indexing(data, dt, shape):
    x = data.draw(operands(dt, shape), label="x")
    idx_a, idx_t, form = data.draw(int_index(shape[0]), label="index")
    assume(idx_a.ndim > 0)
    got = x.t[idx_t]
    expected = x.a[idx_a]
    assert_same(got, expected, context=f"{x}[{form} {idx_a.tolist()}]")
    # A copy, as NumPy's advanced indexing.
    if expected.size:
        assert not np.shares_memory(got.numpy(), x.t.numpy())


@examples(0.45)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_several_integer_arrays_get_and_set(data, dt, shape):
    """t[i0, i1, ...] with broadcasting index arrays (and plain ints) for the
    leading dims, as NumPy; assignment through the same key."""
    x = data.draw(operands(dt, shape), label="x")
    k = data.draw(st.integers(1, len(shape)), label="arrays")
    ishapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=k, min_dims=0, max_dims=2, min_side=1,
                                                          max_side=3), label="index shapes").input_shapes
    keys_a, keys_t = [], []
    for i, ish in enumerate(ishapes):
        n = shape[i]
        if i > 0 and ish == () and data.draw(st.booleans()):
            v = data.draw(st.integers(-n, n - 1))
            keys_a.append(v)
            keys_t.append(v)
            continue
        arr = data.draw(hnp.arrays(np.int64, ish if (ish or i > 0) else (1,), elements=st.integers(-n, n - 1)))
        form = data.draw(st.sampled_from(["list", "numpy", "tensor"]))
        keys_a.append(arr)
        keys_t.append(arr.tolist() if form == "list" and arr.ndim else (arr.copy() if form != "tensor" else tensor_of(arr)))
    key_a, key_t = tuple(keys_a), tuple(keys_t)
    expected = x.a[key_a]
    assert_same(x.t[key_t], expected, context=f"{x}[{key_a}]")
    # Assignment, when no element is selected twice (NumPy leaves the winner unspecified).
    full = np.broadcast_arrays(*[np.asarray(kk) % shape[i] for i, kk in enumerate(keys_a)])
    flat = np.ravel_multi_index(tuple(full), shape[:k]).reshape(-1) if full[0].size else np.zeros(0, dtype=np.int64)
    if len(np.unique(flat)) == flat.size:
        v = data.draw(operands(dt, expected.shape[1:] if expected.ndim and data.draw(st.booleans()) else expected.shape),
                      label="value")
        x.a[key_a] = v.a
        x.t[key_t] = v.t
        assert_same(x.base_t, x.base_a, context=f"{x}[{key_a}] = {v}")


def test_index_arrays_mixed_with_slices_say_not_supported():
    """Documented limitation (README): an index mixing arrays with slices,
    None or ... raises IndexError saying so."""
    t = cp.arange(12).reshape(3, 4)
    for key in [([0, 1], slice(None)), (slice(None), [0, 1]), (None, [0, 1]), (Ellipsis, [0, 1])]:
        with pytest.raises(IndexError, match="not supported"):
            t[key]


def test_empty_list_index_selects_nothing():
    """NumPy treats [] as an empty integer index: a[[]] has shape (0, ...)."""
    a = np.arange(12).reshape(3, 4)
    t = tensor_of(a)
    assert_same(t[[]], a[[]])
    assert_same(cp.take(t, [], axis=1), np.take(a, [], axis=1))


@pytest.mark.parametrize("form", ["list", "numpy", "tensor"])
@pytest.mark.parametrize("bad", [3, -4, 100, -(2**40)])
def test_integer_array_index_out_of_range(form, bad):
    a = np.arange(12).reshape(3, 4)
    t = tensor_of(a)
    idx = [0, bad]
    with pytest.raises(IndexError):
        a[np.array(idx)]
    key = {"list": idx, "numpy": np.array(idx), "tensor": cp.tensor(idx)}[form]
    with pytest.raises(IndexError) as info:
        t[key]
    msg = str(info.value)
    assert str(bad) in msg and "3" in msg, msg
    with pytest.raises(IndexError):
        t[key] = 0
    with pytest.raises(IndexError):
        cp.take(t, key, axis=0)


@examples(0.7)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=nd_shapes, form=st.sampled_from(["tensor", "numpy", "list"]))
def test_boolean_mask_indexing(data, dt, shape, form):
    """Masks covering all dims or the leading ones, as NumPy."""
    x = data.draw(operands(dt, shape), label="x")
    k = data.draw(st.integers(1, len(shape)), label="mask dims")
    m = data.draw(operands("bool", shape[:k]), label="mask")
    if form == "list" and m.a.size == 0:
        form = "numpy"
    key = {"tensor": m.t, "numpy": m.a.copy(), "list": m.a.tolist()}[form]
    assert_same(x.t[key], x.a[m.a], context=f"{x}[{form} mask {m}]")


def test_zero_d_boolean_mask():
    a = np.arange(6).reshape(2, 3)
    t = tensor_of(a)
    assert_same(t[cp.tensor(True)], a[np.True_])
    assert_same(t[cp.tensor(False)], a[np.False_])


@pytest.mark.parametrize("mask_shape", [(2,), (3, 3), (4,), (3, 4, 1)])
def test_boolean_mask_of_the_wrong_shape(mask_shape):
    t = cp.zeros((3, 4))
    with pytest.raises(IndexError) as info:
        t[cp.zeros(mask_shape, dtype="bool")]
    with pytest.raises(IndexError):
        np.zeros((3, 4))[np.zeros(mask_shape, dtype=bool)]
    assert "(3, 4)" in str(info.value) and str(mask_shape) in str(info.value), str(info.value)


@pytest.mark.parametrize("shape,mask_shape", [((3, 4), (0, 4)), ((3, 4), (3, 0)), ((3, 4), (0, 0)), ((3, 4), (0,)),
                                              ((2, 3, 4), (0, 3)), ((5,), (0,)), ((0, 4), (0,)), ((2, 0), (2,))])
def test_boolean_mask_with_a_size_zero_axis(shape, mask_shape):
    # NumPy accepts a mask axis of size 0 against any axis: nothing is selected.
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    m = np.zeros(mask_shape, dtype=bool)
    assert_same(tensor_of(a)[cp.tensor(m)], a[m])
    t, b = tensor_of(a), a.copy()
    t[cp.tensor(m)] = 7.0
    b[m] = 7.0
    assert_same(t, b)


def test_boolean_mask_with_size_zero_axis_still_checks_the_other_axes():
    with pytest.raises(IndexError):
        np.zeros((2, 3))[np.zeros((0, 5), dtype=bool)]
    with pytest.raises(IndexError) as info:
        cp.zeros((2, 3))[cp.zeros((0, 5), dtype="bool")]
    assert "axis 1" in str(info.value) and "(0, 5)" in str(info.value)


# --------------------------------------------------------------------------
# __setitem__
# --------------------------------------------------------------------------

@st.composite
def shape_broadcasting_to(draw, shape):
    k = draw(st.integers(0, len(shape)))
    return tuple(1 if draw(st.integers(0, 3)) == 0 else d for d in shape[k:])


@examples(0.9)
@given(data=st.data(), dt=st.sampled_from(DTYPES), vdt=st.sampled_from(DTYPES), shape=shapes,
       form=st.sampled_from(["tensor", "tensor", "numpy", "scalar", "list"]))
def test_setitem_basic_index_with_broadcasting(data, dt, vdt, shape, form):
    x = data.draw(operands(dt, shape), label="target")
    idx = data.draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True), label="index")
    sel = np_getitem(x.a, idx).shape
    if form == "scalar":
        value_a = value_t = data.draw(st.one_of(bounded(vdt, -1e6, 1e6).map(lambda v: v.item() if hasattr(v, "item") else v),
                                                 st.booleans()), label="value")
        if np.dtype(dt).kind in "iu" and isinstance(value_a, float):
            # Documented difference (README.md, "Float -> integer: one rule on every path ... corepy
            # follows `astype` everywhere"): NumPy raises for a Python float out of the int range
            # (a[0] = 1e20) but gives the astype value for a float array holding it, so the oracle
            # assigns the value as a 0-d float64 array.
            value_a = np.array(value_a, dtype=np.float64)
    else:
        vshape = data.draw(shape_broadcasting_to(sel), label="value shape")
        v = data.draw(operands(vdt, vshape, value_elements(vdt, dt)), label="value")
        value_a = v.a
        value_t = {"tensor": v.t, "numpy": v.a.copy(), "list": v.a.tolist()}[form]
        if form == "list" and (v.a.ndim == 0 or v.a.size == 0):
            value_t = v.t
    ctx = f"{x}[{idx!r}] = {form} {value_a!r}"
    try:
        with np.errstate(all="ignore"):
            x.a[idx] = value_a
    except OverflowError:
        # A Python int outside the target dtype (e.g. 1000 into int8): NumPy 2 raises, so must corepy.
        with pytest.raises(OverflowError):
            x.t[idx] = value_t
        assert form == "scalar" and isinstance(value_t, int), ctx
    else:
        x.t[idx] = value_t
    assert_same(x.base_t, x.base_a, context=ctx)


@examples(0.45)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5),
       how=st.sampled_from(["reversed", "transposed", "shifted"]))
def test_setitem_from_an_overlapping_view_reads_old_values(data, dt, shape, how):
    x = data.draw(operands(dt, shape), label="x")
    a, t = x.a, x.t
    if how == "reversed":
        a[...] = a[::-1]
        t[...] = t[::-1]
    elif how == "transposed":
        assume(len(set(shape)) == 1 or len(shape) == 1)
        a[...] = a.T
        t[...] = t.T
    else:
        a[1:] = a[:-1]
        t[1:] = t[:-1]
    assert_same(x.base_t, x.base_a, context=f"{x} {how}")


@examples(0.55)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=nd_shapes,
       form=st.sampled_from(["scalar", "values", "broadcast_row", "mask_numpy"]))
def test_masked_assignment(data, dt, shape, form):
    x = data.draw(operands(dt, shape), label="x")
    k = data.draw(st.integers(1, len(shape)), label="mask dims")
    m = data.draw(operands("bool", shape[:k]), label="mask")
    sel = x.a[m.a].shape
    if form == "scalar":
        value_a = value_t = data.draw(bounded(dt, -100, 100), label="value")
        value_a = value_t = value_a.item() if hasattr(value_a, "item") else value_a
    elif form == "broadcast_row":
        v = data.draw(operands(dt, sel[1:]), label="row")
        value_a, value_t = v.a, v.t
    else:
        v = data.draw(operands(dt, sel), label="values")
        value_a, value_t = v.a, v.t
    key = m.a.copy() if form == "mask_numpy" else m.t
    x.a[m.a] = value_a
    x.t[key] = value_t
    assert_same(x.base_t, x.base_a, context=f"{x}[mask {m}] = {form}")


@examples(0.55)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5),
       form=st.sampled_from(["scalar", "values", "broadcast", "list_index"]))
def test_integer_array_assignment(data, dt, shape, form):
    x = data.draw(operands(dt, shape), label="x")
    n = shape[0]
    pos = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n), label="positions")
    idx = np.array([p - n if data.draw(st.booleans()) else p for p in pos], dtype=np.int64)
    if form == "scalar":
        value_a = value_t = data.draw(bounded(dt, -100, 100), label="value")
        value_a = value_t = value_a.item() if hasattr(value_a, "item") else value_a
    else:
        vshape = (len(idx),) + shape[1:] if form != "broadcast" else shape[1:]
        v = data.draw(operands(dt, vshape), label="values")
        value_a, value_t = v.a, v.t
    key = idx.tolist() if form == "list_index" and len(idx) else tensor_of(idx)
    x.a[idx] = value_a
    x.t[key] = value_t
    assert_same(x.base_t, x.base_a, context=f"{x}[{idx.tolist()}] = {form}")


def test_setitem_examples():
    a = np.zeros((3, 4), dtype=np.int32)
    t = tensor_of(a)
    for key, value in [((slice(None), 1), 5), ((Ellipsis, -1), np.array([1, 2, 3], dtype=np.int32)),
                       ((None, 0), np.array([[9, 8, 7, 6]], dtype=np.int32)), ((slice(None, None, -2),), 4),
                       ((1, slice(3, 0, -1)), np.array([1, 2, 3], dtype=np.int64)), ((-1, -1), 2.9)]:
        a[key] = value
        t[key] = tensor_of(value) if isinstance(value, np.ndarray) else value
        assert_same(t, a, context=f"[{key}] = {value}")


# --------------------------------------------------------------------------
# take, nonzero
# --------------------------------------------------------------------------

@examples(0.7)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=shapes)
def test_take_matches_numpy(data, dt, shape):
    x = data.draw(operands(dt, shape), label="x")
    axis = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)) if shape else st.none(), label="axis")
    n = x.a.size if axis is None else shape[axis]
    idx_a, idx_t, form = data.draw(int_index(n), label="indices")
    assert n or not idx_a.size, "int_index(0) draws only empty indices"
    got = cp.take(x.t, idx_t, axis=axis)
    assert_same(got, np.take(x.a, idx_a, axis=axis), context=f"take({x}, {form} {idx_a.tolist()}, axis={axis})")


@examples(0.55)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=nd_shapes)
def test_nonzero_matches_numpy(data, dt, shape):
    elems = st.sampled_from([0, 0, 1, -1]).map(lambda v: np.array(v).astype(dt).item()) if dt != "bool" else None
    if dt in ("float32", "float64"):
        elems = st.sampled_from([0.0, -0.0, 0.0, np.nan, 1.5, -np.inf, 5e-324 if dt == "float64" else 1e-45])
    x = data.draw(operands(dt, shape, elems), label="x")
    got = cp.nonzero(x.t)
    expected = np.nonzero(x.a)
    assert isinstance(got, tuple) and len(got) == len(expected), (got, expected)
    for g, e in zip(got, expected):
        assert_same(g, e.astype(np.int64), context=f"nonzero({x})")


def test_nonzero_of_zero_d_raises_like_numpy():
    """NumPy 2: 'Calling nonzero on 0d arrays is not allowed'."""
    with pytest.raises(ValueError):
        np.nonzero(np.array(3))
    with pytest.raises(ValueError):
        cp.nonzero(cp.tensor(3))


def test_index_results_are_usable_views():
    t = cp.arange(24).reshape(2, 3, 4)
    v = t[1, ::-1, None, 1::2]
    assert v.shape == (3, 1, 2)
    assert data_ptr(v) != data_ptr(t)
    v[...] = -1
    a = np.arange(24).reshape(2, 3, 4)
    a[1, ::-1, None, 1::2] = -1
    assert_same(t, a)
    assert_same(t[-1][-1][-1], a[-1][-1][-1:].reshape(()))
    np.testing.assert_array_equal(as_numpy(t[(slice(None),) * 3]), a)


@pytest.mark.parametrize("sl", [slice(1, 2**70), slice(-2**70, 2), slice(None, None, 2**70),
                                slice(None, None, -2**70), slice(2**70, None, -1), slice(-2**65, -2**64, -1)])
def test_slice_bounds_beyond_int64_clamp_like_numpy(sl):
    a = np.arange(12.0).reshape(3, 4)
    got = cp.tensor(a)[sl]
    assert got.shape == a[sl].shape
    assert got.tolist() == a[sl].tolist()


@pytest.mark.parametrize("bad", ["a", 1.5])
def test_slice_bound_without_index_is_type_error(bad):
    x = cp.tensor(np.arange(4.0))
    with pytest.raises(TypeError):
        np.arange(4.0)[bad:]
    with pytest.raises(TypeError, match="slice indices"):
        x[bad:]


def test_index_result_beyond_64_dims_is_index_error_like_numpy():
    a = np.arange(3.0)
    with pytest.raises(IndexError):
        a[(None,) * 64]
    with pytest.raises(IndexError, match="dimensions"):
        cp.tensor(a)[(None,) * 64]
    key = (None,) * 63 + (slice(None),)  # 64 dims: allowed in both
    assert cp.tensor(a)[key].shape == a[key].shape


@pytest.mark.parametrize("dt", ["float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool"])
def test_number_assigned_to_one_element_matches_numpy(dt):
    # t[i, j] = number writes the element in place (no value tensor); the
    # conversion and its errors are those of a 0-d value of t's dtype.
    a = np.zeros((3, 4), dtype=dt)
    t = cp.tensor(a)
    for key, val in [((1, 2), 1), (-1, 0), ((0, slice(1, 3)), 1), ((slice(None), 0), True), ((2, 3), 0.0)]:
        a[key] = val
        t[key] = val
    view = t[1]
    view[3] = 1  # through a view: the base sees it
    a[1, 3] = 1
    np.testing.assert_array_equal(t.numpy(), a)
    if dt.startswith(("int", "uint")):
        with pytest.raises(OverflowError):
            t[0, 0] = 2**70
    with pytest.raises(IndexError):
        t[3, 0] = 1


def test_number_into_broadcast_view_is_refused():
    b = cp.tensor(np.arange(3.0)).broadcast_to((2, 3))
    with pytest.raises(ValueError):
        b[0, 0] = 1.0

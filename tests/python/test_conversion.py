"""Tensors out to Python and NumPy: attributes, numpy() / np.asarray (shared
memory), __array__, __array_interface__, tolist, item, float/int/bool, len,
repr and str."""
import gc
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    EMPTY_SHAPES,
    dtype_and_array,
    dtypes,
    isolated,
    nonempty_shapes,
    shape_id,
    small_shapes,
    tensor_of,
)


# --------------------------------------------------------------------------
# Attributes
# --------------------------------------------------------------------------

@given(shape=small_shapes, dt=dtypes)
def test_attributes_match_numpy(shape, dt):
    t, a = cp.zeros(shape, dtype=dt), np.zeros(shape, dtype=dt)
    assert t.shape == a.shape and isinstance(t.shape, tuple)
    assert t.ndim == a.ndim and t.size == a.size and t.itemsize == a.itemsize and t.nbytes == a.nbytes
    assert t.dtype.name == a.dtype.name and t.device == "cpu"
    if a.ndim:
        assert len(t) == len(a)
    else:
        with pytest.raises(TypeError):
            len(t)


# --------------------------------------------------------------------------
# NumPy out
# --------------------------------------------------------------------------

@given(dt_arr=dtype_and_array(shapes=nonempty_shapes))
def test_numpy_roundtrip(dt_arr):
    _, a = dt_arr
    t = tensor_of(a)
    n = t.numpy()
    assert isinstance(n, np.ndarray) and n.dtype == a.dtype and n.shape == a.shape
    np.testing.assert_array_equal(n, a, strict=True)
    assert n.tobytes() == a.tobytes()  # bit for bit (NaN payloads, -0.0)
    np.testing.assert_array_equal(np.asarray(t), a, strict=True)


@pytest.mark.parametrize("dt", DTYPES)
def test_numpy_shares_memory(dt):
    t = cp.zeros((2, 3), dtype=dt)
    n = t.numpy()
    assert n.flags["C_CONTIGUOUS"] and n.flags["WRITEABLE"]
    n[1, 2] = 1
    assert t.tolist()[1][2] == 1, "writing through numpy() must change the tensor"
    m = np.asarray(t)
    assert np.shares_memory(m, n)
    assert n.ctypes.data == t.__array_interface__["data"][0]


@pytest.mark.parametrize("dt", DTYPES)
def test_array_interface(dt):
    t = cp.ones((4, 5), dtype=dt)
    ai = t.__array_interface__
    assert ai["shape"] == (4, 5) and ai["version"] == 3
    assert np.dtype(ai["typestr"]) == np.dtype(dt)
    assert ai["strides"] is None or ai["strides"] == np.ones((4, 5), dtype=dt).strides
    assert isinstance(ai["data"], tuple) and ai["data"][0] != 0 and ai["data"][1] is False
    assert ai["data"][0] % 64 == 0, "buffers are 64-byte aligned (AVX-512 loads)"


def test_array_protocol_dtype_and_copy():
    t = cp.tensor([1.5, 2.5], dtype="f32")
    as64 = np.array(t, dtype=np.float64)
    assert as64.dtype == np.float64 and as64.tolist() == [1.5, 2.5]
    a = t.__array__()
    assert a.dtype == np.float32 and np.shares_memory(a, t.numpy())
    c = t.__array__(copy=True)
    c[0] = 9
    assert t.tolist() == [1.5, 2.5]
    d = t.__array__(np.float64)
    assert d.dtype == np.float64


def test_numpy_view_keeps_tensor_alive():
    n = (cp.ones(1000) * 3).numpy()  # the tensor itself is a temporary
    gc.collect()
    junk = [cp.zeros(1000) for _ in range(20)]  # would reuse a freed buffer
    assert (n == 3).all()
    del junk


# --------------------------------------------------------------------------
# tolist / item / Python numbers
# --------------------------------------------------------------------------

@given(dt_arr=dtype_and_array(shapes=nonempty_shapes))
def test_tolist_matches_numpy(dt_arr):
    _, a = dt_arr
    got, want = tensor_of(a).tolist(), a.tolist()
    # NaN != NaN: compare the repr of the nested lists (also checks int/float/bool types)
    assert repr(got) == repr(want)


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
@isolated
def test_tolist_of_empty_tensors(shape):
    for dt in DTYPES:
        assert cp.zeros(shape, dtype=dt).tolist() == np.zeros(shape, dtype=dt).tolist(), (shape, dt)


@pytest.mark.parametrize("value, dt, typ", [(2.5, "float64", float), (2.5, "float32", float), (-3, "int32", int),
                                            (2**40, "int64", int), (True, "bool", bool), (False, "bool", bool)])
def test_item_and_python_numbers(value, dt, typ):
    for shape in ((), (1,), (1, 1, 1)):
        t = cp.full(shape, value, dtype=dt)
        item = t.item()
        assert type(item) is typ and item == value
        if shape == ():
            assert type(t.tolist()) is typ and t.tolist() == value
        assert float(t) == float(value) and type(float(t)) is float
        assert bool(t) == bool(value)
        assert int(t) == int(value)


def test_int_and_bool_of_floats():
    assert int(cp.tensor([-2.7])) == -2 and int(cp.tensor(2.7)) == 2
    assert bool(cp.tensor(0.0)) is False and bool(cp.tensor(-0.0)) is False and bool(cp.tensor(np.nan)) is True
    with pytest.raises(ValueError):
        int(cp.tensor(np.nan))
    with pytest.raises((ValueError, OverflowError)):
        int(cp.tensor(np.inf))


def test_scalar_conversions_need_one_element():
    for t in (cp.ones(2), cp.ones((2, 2)), cp.ones(0)):
        with pytest.raises(ValueError):
            t.item()
        with pytest.raises((ValueError, TypeError)):
            float(t)
        with pytest.raises(ValueError):
            bool(t)


# --------------------------------------------------------------------------
# repr / str
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "make, text",
    [
        (lambda: cp.tensor([1.0, 2.0, 3.0], dtype="f32"), "tensor([1., 2., 3.], dtype=float32)"),
        (lambda: cp.tensor([1.0, 2.0, 3.0]), "tensor([1., 2., 3.])"),
        (lambda: cp.tensor([1, 2, 3]), "tensor([1, 2, 3])"),
        (lambda: cp.tensor([1, 2, 3], dtype="i32"), "tensor([1, 2, 3], dtype=int32)"),
        (lambda: cp.tensor([True, False]), "tensor([ True, False])"),
        (lambda: cp.tensor(3.5), "tensor(3.5)"),
        (lambda: cp.tensor(7), "tensor(7)"),
        (lambda: cp.tensor([[1, -2], [30, 4]]), "tensor([[ 1, -2],\n        [30,  4]])"),
        (lambda: cp.zeros(0), "tensor([], dtype=float64)"),
        (lambda: cp.tensor([np.nan, 1.0, -np.inf]), "tensor([ nan,   1., -inf])"),
        (lambda: cp.tensor([-0.0]), "tensor([-0.])"),
        (lambda: cp.tensor([0.1, 0.2], dtype="f32"), "tensor([0.1, 0.2], dtype=float32)"),
        (lambda: cp.eye(2, dtype="i32"), "tensor([[1, 0],\n        [0, 1]], dtype=int32)"),
        (lambda: cp.arange(2000), "tensor([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))"),
    ],
)
def test_repr_examples(make, text):
    assert repr(make()) == text


def _numpy_style(a):
    """NumPy's repr with array( -> tensor( (continuation lines one space deeper)."""
    text = repr(a).replace("array(", "tensor(", 1)
    return re.sub(r"\n( +)", lambda m: "\n" + m.group(1) + " ", text)


@given(data=st.data(), dt=st.sampled_from(["bool", "int32", "int64", "float64", "float32"]),
       shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_repr_like_numpy_for_ints_bools_and_whole_floats(data, dt, shape):
    """Same text as NumPy's repr (continuation lines one space deeper for
    the longer prefix). test_printing.py compares every case: any values,
    views and print options."""
    if dt == "bool":
        elements = st.booleans()
    elif dt.startswith("int"):
        elements = st.integers(-(10**6), 10**6)
    else:
        elements = st.integers(-999, 999).map(float)  # whole numbers: "1." style in both
    a = data.draw(hnp.arrays(dt, shape, elements=elements))
    if dt == "bool" and a.all():
        a.flat[0] = False
    assert repr(tensor_of(a)) == _numpy_style(a)


def test_str_is_the_body():
    assert str(cp.tensor([1.0, 2.0], dtype="f32")) == "[1. 2.]"
    assert str(cp.tensor([[1, 2], [3, 4]])) == "[[1 2]\n [3 4]]"
    assert str(cp.tensor(5)) == "5"


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
@isolated
def test_repr_of_empty_tensors(shape):
    text = repr(cp.zeros(shape, dtype="i32"))
    assert text.startswith("tensor([]") and "dtype=int32" in text
    if len(shape) > 1:
        assert f"shape={shape}" in text


@pytest.mark.parametrize("code", ["f4", "f8", "i8", "i4", "i2", "i1", "u1"])
@pytest.mark.parametrize("order", [">", "<", "="])
def test_numpy_arrays_of_either_byte_order_keep_their_values(code, order):
    # Regression: a big-endian NumPy array ('>f4') was copied as native
    # floats (garbage values).
    a = (np.arange(12) - 3).astype(order + code if code not in ("i1", "u1") else code)
    if code == "u1":
        a = np.arange(12).astype("u1")
    a = a.reshape(3, 4)
    for arr in (a, a[:, ::2], a.T):
        t = cp.tensor(arr)
        assert t.dtype.name == np.dtype(code).name
        np.testing.assert_array_equal(t.numpy(), arr)


def test_byte_swapped_plain_buffer_is_refused_with_its_format():
    with pytest.raises(TypeError, match=r"'>f'"):
        cp.tensor(memoryview(np.arange(3, dtype=">f4")))

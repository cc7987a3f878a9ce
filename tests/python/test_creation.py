"""Tensor creation against NumPy: cp.tensor (lists, scalars, NumPy arrays,
buffers, tensors), dtype arguments, zeros/ones/empty/full, arange, linspace,
eye, rand/randn."""
import array

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    EMPTY_SHAPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    PARALLEL_MIN,
    as_numpy,
    assert_same,
    assert_same_tensors,
    backend,
    bounded,
    check_against_numpy,
    dtype_and_array,
    dtypes,
    examples,
    isolated,
    shape_id,
    tensor_of,
    threads,
)

DTYPE_OBJECTS = {"bool": cp.bool_, "int8": cp.int8, "int16": cp.int16, "int32": cp.int32, "int64": cp.int64,
                 "uint8": cp.uint8, "float32": cp.float32, "float64": cp.float64}
assert sorted(DTYPE_OBJECTS) == sorted(DTYPES)


# --------------------------------------------------------------------------
# dtypes
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "spec, name",
    [
        ("f32", "float32"), ("float32", "float32"), ("f64", "float64"), ("float64", "float64"),
        ("i32", "int32"), ("int32", "int32"), ("i64", "int64"), ("int64", "int64"), ("bool", "bool"),
        (float, "float64"), (int, "int64"), (bool, "bool"),
        (np.float32, "float32"), (np.float64, "float64"), (np.int32, "int32"), (np.int64, "int64"),
        (np.bool_, "bool"), (np.dtype("float32"), "float32"), (np.dtype("int32"), "int32"),
        (np.dtype("bool"), "bool"), (np.dtype("int64"), "int64"), (np.dtype("float64"), "float64"),
        (cp.float32, "float32"), (cp.bool_, "bool"),
        ("int8", "int8"), ("int16", "int16"), ("uint8", "uint8"), ("i1", "int8"), ("i2", "int16"), ("u1", "uint8"),
        (np.int8, "int8"), (np.int16, "int16"), (np.uint8, "uint8"), (np.dtype("uint8"), "uint8"),
        (cp.int8, "int8"), (cp.int16, "int16"), (cp.uint8, "uint8"),
    ],
)
def test_dtype_arguments(spec, name):
    assert cp.dtype(spec).name == name
    assert cp.dtype(spec) == DTYPE_OBJECTS[name]
    assert cp.zeros(2, dtype=spec).dtype == DTYPE_OBJECTS[name]
    assert cp.tensor([1, 0], dtype=spec).dtype.name == name


def test_dtype_objects():
    assert cp.dtype("f32") == cp.float32
    assert cp.dtype("float64") != cp.float32
    assert {cp.dtype("i64"), cp.int64} == {cp.int64}  # hashable, equal hashes
    for name, obj in DTYPE_OBJECTS.items():
        assert obj.name == name and str(obj) == name
        assert obj.itemsize == np.dtype(name).itemsize
        assert obj.is_floating_point == (name in FLOAT_DTYPES)


def test_dtype_compares_equal_to_its_names():
    """The binding documents `corepy.dtype` as comparing equal to its names
    (rust/corepy-python/src/dtype.rs), as NumPy's dtypes do:
    np.dtype('float32') == 'float32' == 'f4'."""
    assert cp.float32 == "float32"
    assert cp.float32 == "f32"
    assert cp.int64 == "int64" and cp.bool_ == "bool"
    assert cp.float32 != "float64"


# --------------------------------------------------------------------------
# cp.tensor from Python data
# --------------------------------------------------------------------------

def _nested(shape, leaves):
    @st.composite
    def build(draw):
        def rec(dims):
            if not dims:
                return draw(leaves)
            return draw(st.sampled_from([list, tuple]))(rec(dims[1:]) for _ in range(dims[0]))
        return rec(list(shape))
    return build()


leaf_values = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
)


@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4),
       kinds=st.sampled_from(["bool", "int", "float", "bool+int", "int+float", "any"]))
def test_nested_lists_infer_dtype_like_numpy(data, shape, kinds):
    leaves = {
        "bool": st.booleans(),
        "int": st.integers(-(2**63), 2**63 - 1),
        "float": st.floats(allow_nan=True, allow_infinity=True),
        "bool+int": st.one_of(st.booleans(), st.integers(-5, 5)),
        "int+float": st.one_of(st.integers(-(2**53), 2**53), st.floats(allow_nan=False)),
        "any": leaf_values,
    }[kinds]
    nested = data.draw(_nested(shape, leaves))
    expected = np.array(nested)
    assume(expected.dtype != object)
    assert_same(cp.tensor(nested), expected, context=f"cp.tensor({nested!r})")


@given(data=st.data(), dt=dtypes, shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_nested_lists_with_dtype(data, dt, shape):
    # Values `dt` can hold exactly (ints within the dtype's range: a Python
    # int out of range raises OverflowError, test_full_out_of_range_int_overflows).
    nested = data.draw(_nested(shape, st.one_of(st.booleans(), bounded(dt, -1000, 1000) if dt != "bool" else st.integers(-1000, 1000))))
    assert_same(cp.tensor(nested, dtype=dt), np.array(nested, dtype=dt), context=f"{nested!r} as {dt}")


@pytest.mark.parametrize("value, name", [(True, "bool"), (False, "bool"), (7, "int64"), (-(2**63), "int64"),
                                         (2.5, "float64"), (-0.0, "float64"), (float("nan"), "float64")])
def test_python_scalar_is_zero_d(value, name):
    t = cp.tensor(value)
    assert t.shape == () and t.ndim == 0 and t.size == 1 and t.dtype.name == name
    assert_same(t, np.array(value), context=repr(value))


@pytest.mark.parametrize("data", [[[1, 2], [3]], [1, [2]], [[1], 2], [[[1, 2]], [[3]]], [[], [1]]])
def test_ragged_lists_raise_value_error(data):
    with pytest.raises(ValueError):
        cp.tensor(data)


@pytest.mark.parametrize("data", ["abc", ["a", "b"], [1, None], {"a": 1}, object(), [object()]])
def test_non_numeric_data_raises_type_error(data):
    with pytest.raises(TypeError):
        cp.tensor(data)


def test_empty_lists():
    assert_same(cp.tensor([]), np.array([]), context="[]")
    assert_same(cp.tensor([[], []]), np.array([[], []]), context="[[], []]")
    assert cp.tensor([], dtype="i32").dtype == cp.int32


def test_python_int_beyond_int64_overflows():
    with pytest.raises(OverflowError):
        cp.tensor([2**63])
    with pytest.raises(OverflowError):
        cp.tensor([1, 2**40], dtype="int32")


def test_zero_d_tensors_inside_lists():
    assert_same(cp.tensor([cp.tensor(1.5), cp.tensor(2.0)]), np.array([1.5, 2.0]), context="list of 0-d tensors")


def test_numpy_scalars_inside_lists():
    """NumPy accepts its own scalars as list elements: np.array([np.float32(1.5), 2.0])."""
    assert_same(cp.tensor([np.float32(1.5), 2.0]), np.array([1.5, 2.0]), context="[np.float32(1.5), 2.0]")
    assert_same(cp.tensor([np.int32(3), np.int64(4)]), np.array([3, 4]), context="[np.int32(3), np.int64(4)]")


# --------------------------------------------------------------------------
# cp.tensor from NumPy arrays, buffers and tensors
# --------------------------------------------------------------------------

@given(dt_arr=dtype_and_array(shapes=hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=6)))
def test_numpy_arrays_keep_dtype_and_values(dt_arr):
    """Every shape (empty ones included; 0-d arrays: test_zero_d_numpy_array) and every value."""
    _, a = dt_arr
    t = cp.tensor(a)
    assert_same(t, a, context=f"cp.tensor(np {a.dtype}{a.shape})")


@pytest.mark.parametrize("dt", DTYPES)
def test_zero_d_numpy_array(dt):
    a = np.array(1, dtype=dt)
    assert_same(cp.tensor(a), a, context=f"cp.tensor(np.array(1, dtype={dt}))")


@pytest.mark.parametrize("dt", DTYPES)
def test_numpy_scalar(dt):
    """A NumPy scalar becomes a 0-d tensor of its dtype, as np.asarray does."""
    s = np.dtype(dt).type(1)
    assert_same(cp.tensor(s), np.asarray(s), context=f"cp.tensor({dt} scalar)")


@given(dt_arr=dtype_and_array(shapes=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6)),
       data=st.data())
def test_non_contiguous_numpy_arrays(dt_arr, data):
    _, a = dt_arr
    step = tuple(data.draw(st.sampled_from([1, 2, -1])) for _ in range(a.ndim))
    view = a[tuple(slice(None, None, s) for s in step)]
    if a.ndim >= 2 and data.draw(st.booleans()):
        view = view.T
    assert_same(cp.tensor(view), view, context=f"view {step} of {a.shape}")
    assert_same(cp.tensor(np.asfortranarray(a)), a, context="Fortran order")


@pytest.mark.parametrize("dt", ["float16", "uint16", "uint32", "uint64", "complex128", "U3"])
def test_unsupported_numpy_dtypes_raise_type_error(dt):
    with pytest.raises(TypeError):
        cp.tensor(np.zeros(3, dtype=dt))


@pytest.mark.parametrize("src_dt", DTYPES)
@pytest.mark.parametrize("dst_dt", DTYPES)
def test_numpy_array_with_dtype_argument(src_dt, dst_dt):
    a = np.array([0, 1, 2, 3], dtype=src_dt)
    assert_same(cp.tensor(a, dtype=dst_dt), a.astype(dst_dt), context=f"{src_dt} -> {dst_dt}")


def test_numpy_input_is_copied():
    a = np.arange(5.0)
    t = cp.tensor(a)
    a[0] = 100.0
    assert t.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_python_buffers():
    assert_same(cp.tensor(array.array("d", [1.5, 2.5])), np.array([1.5, 2.5]), context="array('d')")
    assert_same(cp.tensor(array.array("f", [1.5, 2.5])), np.array([1.5, 2.5], dtype=np.float32), context="array('f')")
    assert_same(cp.tensor(array.array("i", [1, -2])), np.array([1, -2], dtype=np.int32), context="array('i')")
    assert_same(cp.tensor(memoryview(array.array("q", [7, 8]))), np.array([7, 8]), context="memoryview('q')")


@pytest.mark.parametrize("dt", DTYPES)
def test_tensor_from_tensor_copies(dt):
    src = cp.tensor(np.array([1, 0, 1], dtype=dt))
    t = cp.tensor(src)
    assert_same_tensors(t, src)
    assert t.__array_interface__["data"][0] != src.__array_interface__["data"][0]
    assert cp.tensor(src, dtype="f32").dtype == cp.float32


# --------------------------------------------------------------------------
# zeros / ones / empty / full
# --------------------------------------------------------------------------

shape_args = st.one_of(
    st.integers(0, 7),
    st.tuples(*[st.integers(0, 4)] * 2),
    hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4),
    st.lists(st.integers(0, 4), max_size=3),
)


@given(shape=shape_args, dt=st.one_of(st.none(), dtypes))
def test_zeros_ones_empty_match_numpy(shape, dt):
    for cp_fn, np_fn in ((cp.zeros, np.zeros), (cp.ones, np.ones)):
        got = cp_fn(shape, dtype=dt)
        assert_same(got, np_fn(shape, dtype=dt), context=f"{cp_fn.__name__}({shape!r}, dtype={dt})")
    e = cp.empty(shape, dtype=dt)
    expected = np.empty(shape, dtype=dt)
    assert e.shape == expected.shape and e.dtype.name == expected.dtype.name


def test_shape_as_several_ints():
    assert cp.zeros(2, 3).shape == (2, 3)
    assert cp.ones(2, 3, 4, dtype="i32").shape == (2, 3, 4)
    assert cp.empty(1, 0).shape == (1, 0)
    assert cp.zeros(np.int64(3)).shape == (3,)
    assert cp.zeros(()).shape == ()


@given(shape=shape_args, value=st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1),
                                          st.floats(allow_nan=True, allow_infinity=True)))
def test_full_infers_dtype_like_numpy(shape, value):
    assert_same(cp.full(shape, value), np.full(shape, value), context=f"full({shape!r}, {value!r})")


@given(data=st.data(), shape=shape_args, dt=dtypes)
def test_full_with_dtype(data, shape, dt):
    # Values `dt` holds (out-of-range Python ints raise:
    # test_full_out_of_range_int_overflows; out-of-range and fractional floats
    # to ints follow astype, tested there).
    if dt in INT_DTYPES:
        value = data.draw(st.one_of(st.booleans(), bounded(dt, -1000, 1000),
                                    bounded(dt, -1000, 1000).map(float)), label="value")
    else:
        value = data.draw(st.one_of(st.booleans(), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False)),
                          label="value")
    assert_same(cp.full(shape, value, dtype=dt), np.full(shape, value, dtype=dt), context=f"full {value!r} {dt}")


@pytest.mark.parametrize("dt", INT_DTYPES)
def test_full_out_of_range_int_overflows(dt):
    """A Python int outside the dtype raises OverflowError (NumPy 2), in full
    and in cp.tensor of a list, one past each end of the range."""
    info = np.iinfo(dt)
    for value in (int(info.max) + 1, int(info.min) - 1, 2**70):
        with pytest.raises(OverflowError):
            np.full(3, value, dtype=dt)  # the oracle agrees
        with pytest.raises(OverflowError):
            cp.full(3, value, dtype=dt)
        with pytest.raises(OverflowError):
            np.array([0, value], dtype=dt)
        with pytest.raises(OverflowError):
            cp.tensor([0, value], dtype=dt)


def test_full_rejects_non_numbers():
    with pytest.raises(TypeError):
        cp.full(3, "x")


# --------------------------------------------------------------------------
# zeros_like / ones_like / empty_like / full_like
# --------------------------------------------------------------------------

LIKE = {"zeros_like": (cp.zeros_like, np.zeros_like), "ones_like": (cp.ones_like, np.ones_like),
        "empty_like": (cp.empty_like, np.empty_like), "full_like": (cp.full_like, np.full_like)}


@st.composite
def array_likes(draw):
    """(what corepy gets, what NumPy gets): the same contents as a tensor (maybe
    a view), a NumPy array (maybe not contiguous), nested lists/tuples, or a
    Python number."""
    form = draw(st.sampled_from(["tensor", "tensor view", "numpy", "numpy view", "list", "number"]))
    if form == "number":
        v = draw(st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=True)))
        return v, v, form
    if form == "list":
        shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4))
        leaves = draw(st.sampled_from([st.booleans(), st.integers(-1000, 1000), st.floats(-1e6, 1e6)]))
        nested = draw(_nested(shape, leaves))
        return nested, nested, form
    dt, a = draw(dtype_and_array(shapes=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)))
    if form.endswith("view") and a.ndim:
        a = a[::-1] if a.ndim == 1 else a.T[::2]
    if form.startswith("numpy"):
        return a, a, form
    if a.ndim == 0 or form == "tensor":
        return tensor_of(a), a, form
    return tensor_of(np.ascontiguousarray(a[::-1])).flip(0), a, form  # a reversed view holding a's values


def check_like(name, x_cp, x_np, *args, dtype=None):
    cp_fn, np_fn = LIKE[name]
    kw = {} if dtype is None else {"dtype": dtype}
    if name == "empty_like":  # contents unspecified: shape and dtype only
        got, want = cp_fn(x_cp, **kw), np_fn(x_np, **kw)
        assert isinstance(got, cp.Tensor) and got.shape == want.shape and got.dtype.name == want.dtype.name, \
            (name, got.shape, got.dtype, want.shape, want.dtype)
        return
    check_against_numpy(lambda x: cp_fn(x, *args, **kw), lambda x: np_fn(x, *args, **kw), (x_cp,), (x_np,),
                        context=f"{name}({x_np!r}, {args}, {kw})")


@given(like=array_likes(), name=st.sampled_from(sorted(LIKE)), dt=st.one_of(st.none(), dtypes),
       fill=st.one_of(st.booleans(), st.integers(-300, 300), st.floats(-1e3, 1e3)))
def test_like_functions_take_any_array_like(like, name, dt, fill):
    """Tensors, NumPy arrays, nested lists and numbers: NumPy's shape, dtype
    (the input's, or dtype=) and values; full_like converts the fill value to
    that dtype as np.full_like does, or raises as NumPy does (an int out of range)."""
    x_cp, x_np, form = like
    args = (fill,) if name == "full_like" else ()
    if form == "list" or form == "number":
        assert not isinstance(x_cp, cp.Tensor)
    check_like(name, x_cp, x_np, *args, dtype=dt)


@pytest.mark.parametrize("name", sorted(LIKE))
@pytest.mark.parametrize("x", [[1, 2, 3], [[1.5], [2.5]], [True, False], (1, 2), [], [[]], 7, 2.5, True, -0.0],
                         ids=repr)
def test_like_functions_of_lists_and_numbers(name, x):
    """The cases that raised AttributeError ('list' object has no attribute 'shape')."""
    args = (9,) if name == "full_like" else ()
    check_like(name, x, x, *args)
    check_like(name, x, x, *args, dtype="float32")


@pytest.mark.parametrize("name", sorted(LIKE))
def test_like_functions_reject_what_tensor_rejects(name):
    args = (1,) if name == "full_like" else ()
    for bad, exc in (([[1, 2], [3]], ValueError), (None, TypeError), ({"a": 1}, TypeError)):
        with pytest.raises(exc):
            cp.tensor(bad)  # the same error as the conversion itself
        with pytest.raises(exc):
            LIKE[name][0](bad, *args)


# --------------------------------------------------------------------------
# arange / linspace / eye
# --------------------------------------------------------------------------

@given(start=st.integers(-50, 50), stop=st.one_of(st.none(), st.integers(-50, 50)),
       step=st.one_of(st.none(), st.integers(-7, 7).filter(bool)))
def test_arange_ints_match_numpy(start, stop, step):
    assert_same(cp.arange(start, stop, step), np.arange(start, stop, step), context=f"arange({start}, {stop}, {step})")
    if stop is None and step is None:
        assert_same(cp.arange(start), np.arange(start), context=f"arange({start})")


@given(start=st.floats(-100, 100), stop=st.floats(-100, 100), step=st.floats(0.01, 10), neg=st.booleans(),
       dt=st.sampled_from([None, "float64", "float32"]))
def test_arange_floats_match_numpy(start, stop, step, neg, dt):
    """Same length and dtype as NumPy; values within rounding of the exact
    start + i * step. (NumPy's own float32 arange steps by a float32 delta
    and drifts by up to n * eps * |start|, so the reference is NumPy's
    float64 arange.)"""
    step = -step if neg else step
    expected = np.arange(start, stop, step, dtype=dt)
    got = cp.arange(start, stop, step, dtype=dt)
    assert got.shape == expected.shape and got.dtype.name == expected.dtype.name
    reference = np.arange(start, stop, step)  # float64
    n, scale = reference.size, max(abs(start), abs(stop), abs(step))
    tol = 8 * np.finfo(dt or "float64").eps * scale + (n + 8) * np.finfo(np.float64).eps * scale
    np.testing.assert_allclose(as_numpy(got).astype(np.float64), reference, rtol=0, atol=tol)
    if n:
        assert as_numpy(got)[0] == expected[0]


@pytest.mark.parametrize("dt", [d for d in DTYPES if d != "bool"])
def test_arange_with_dtype(dt):
    assert_same(cp.arange(2, 20, 3, dtype=dt), np.arange(2, 20, 3, dtype=dt), context=f"arange {dt}")
    assert_same(cp.arange(5, dtype=dt), np.arange(5, dtype=dt), context=f"arange(5) {dt}")


def test_arange_edge_cases():
    assert_same(cp.arange(10, 0), np.arange(10, 0), context="empty")
    assert_same(cp.arange(0, 2**62, 2**60), np.arange(0, 2**62, 2**60), context="big steps")
    assert_same(cp.arange(1.5), np.arange(1.5), context="float stop")
    with pytest.raises(ValueError):
        cp.arange(0, 1, 0)
    with pytest.raises(ValueError):
        cp.arange(0, float("inf"))
    with pytest.raises(ValueError):
        cp.arange(0, float("nan"))


@examples(0.2)
@given(n=st.sampled_from([PARALLEL_MIN + 3, 300_001]), start=st.integers(-(10**6), 10**6))
def test_large_arange_matches_numpy(n, start):
    assert_same(cp.arange(start, start + n), np.arange(start, start + n), context=f"arange n={n}")
    assert_same(cp.arange(n, dtype="f64") * 0.5, np.arange(n, dtype="f8") * 0.5, context="float arange")


@given(start=st.floats(-1e6, 1e6), stop=st.floats(-1e6, 1e6), num=st.integers(0, 300), endpoint=st.booleans(),
       dt=st.sampled_from([None, "float32", "float64"]))
def test_linspace_matches_numpy(start, stop, num, endpoint, dt):
    expected = np.linspace(start, stop, num, endpoint=endpoint, dtype=dt)
    got = cp.linspace(start, stop, num, endpoint=endpoint, dtype=dt)
    assert got.shape == expected.shape and got.dtype.name == expected.dtype.name
    scale = max(abs(start), abs(stop), 1.0)
    tol = scale * (1e-6 if dt == "float32" else 1e-13)
    np.testing.assert_allclose(as_numpy(got), expected, rtol=0, atol=tol)
    if num:
        assert as_numpy(got)[0] == expected[0]
    if num > 1 and endpoint:
        assert as_numpy(got)[-1] == expected[-1]  # the endpoint is exact


def test_linspace_defaults_and_errors():
    assert_same(cp.linspace(0, 1), np.linspace(0, 1), context="default num=50")
    assert_same(cp.linspace(0, 10, 4, dtype="i64"), np.linspace(0, 10, 4, dtype="i8"), context="int linspace")
    with pytest.raises(ValueError):
        cp.linspace(0, 1, -1)


@given(n=st.integers(0, 12), m=st.one_of(st.none(), st.integers(0, 12)), k=st.integers(-14, 14),
       dt=st.one_of(st.none(), dtypes))
def test_eye_matches_numpy(n, m, k, dt):
    assert_same(cp.eye(n, m, k, dtype=dt), np.eye(n, m, k, dtype=dt), context=f"eye({n}, {m}, {k}, {dt})")


@pytest.mark.parametrize("n,m", [(0, None), (3, None), (2, 5)])
@pytest.mark.parametrize("k", [2**63, -2**63 - 1, 2**64, -2**100, 2**63 - 1])
def test_eye_diagonal_beyond_int64(n, m, k):
    # NumPy takes any Python int as the diagonal: past every row or column.
    assert_same(cp.eye(n, m, k), np.eye(n, m, k), context=f"eye({n}, {m}, k={k})")


def test_eye_diagonal_must_be_an_integer():
    with pytest.raises(TypeError):
        np.eye(2, k=1.5)
    with pytest.raises(TypeError, match="k"):
        cp.eye(2, k=1.5)


def test_creation_results_carry_the_device_asked_for():
    makers = [lambda d: cp.tensor([1.0], device=d), lambda d: cp.zeros(2, device=d), lambda d: cp.ones(2, device=d),
              lambda d: cp.empty(2, device=d), lambda d: cp.full(2, 3, device=d), lambda d: cp.arange(3, device=d),
              lambda d: cp.linspace(0, 1, 3, device=d), lambda d: cp.eye(2, device=d),
              lambda d: cp.rand(2, device=d), lambda d: cp.randn(2, device=d)]
    for make in makers:
        for device in ("cpu", " cpu", None):
            t = make(device)
            assert t.device == "cpu", (device, t.device)


def test_eye_negative_raises():
    with pytest.raises(ValueError):
        cp.eye(-1)
    with pytest.raises(ValueError):
        cp.eye(2, -3)


# --------------------------------------------------------------------------
# rand / randn
# --------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [cp.rand, cp.randn])
@pytest.mark.parametrize("dt", [None, "float32", "float64"])
def test_random_same_seed_same_values(fn, dt):
    a = fn((3, 5), dtype=dt, seed=1234)
    b = fn((3, 5), dtype=dt, seed=1234)
    c = fn((3, 5), dtype=dt, seed=1235)
    assert a.shape == (3, 5) and a.dtype.name == (dt or "float64")
    assert_same_tensors(a, b, context="same seed")
    assert not np.array_equal(as_numpy(a), as_numpy(c)), "a different seed gave the same values"
    assert fn(2, 3, dtype=dt, seed=5).shape == (2, 3)


@pytest.mark.parametrize("fn", [cp.rand, cp.randn])
def test_random_without_seed_differs(fn):
    assert not np.array_equal(as_numpy(fn(64)), as_numpy(fn(64)))


@pytest.mark.parametrize("fn", [cp.rand, cp.randn])
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_random_reproducible_across_threads_and_backends(fn, dt, backends):
    n = 2 * PARALLEL_MIN + 77  # large enough to be split across threads
    with threads(1):
        ref = fn(n, dtype=dt, seed=99)
    with threads(2):
        assert_same_tensors(fn(n, dtype=dt, seed=99), ref, context="2 threads vs 1")
    for name in backends:
        with backend(name):
            assert_same_tensors(fn(n, dtype=dt, seed=99), ref, context=f"backend {name}")


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_rand_statistics(dt):
    x = as_numpy(cp.rand(100_000, dtype=dt, seed=7))
    assert x.min() >= 0.0 and x.max() < 1.0
    assert abs(x.mean() - 0.5) < 0.01
    assert abs(x.std() - np.sqrt(1 / 12)) < 0.01
    hist = np.histogram(x, bins=10, range=(0, 1))[0]
    assert hist.min() > 9_000 and hist.max() < 11_000  # roughly uniform
    assert len(np.unique(x)) > 90_000


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_randn_statistics(dt):
    x = as_numpy(cp.randn(100_000, dtype=dt, seed=8)).astype(np.float64)
    assert np.isfinite(x).all()
    assert abs(x.mean()) < 0.02
    assert abs(x.std() - 1.0) < 0.02
    assert 0.66 < np.mean(np.abs(x) < 1.0) < 0.70  # 68.3% within one sigma
    assert np.abs(x).max() > 3.0


def test_random_rejects_bad_arguments():
    for dt in ("int32", "int64", "bool"):
        with pytest.raises(TypeError):
            cp.rand(3, dtype=dt)
        with pytest.raises(TypeError):
            cp.randn(3, dtype=dt)
    with pytest.raises(ValueError):
        cp.rand(3, seed=-1)
    with pytest.raises(TypeError):
        cp.rand(3, seed="a")
    assert cp.rand(2, seed=2**64 - 1).shape == (2,)


# --------------------------------------------------------------------------
# Every creation function with every empty shape
# --------------------------------------------------------------------------

@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
@isolated
def test_creation_with_empty_shapes(shape):
    for dt in DTYPES:
        assert_same(cp.zeros(shape, dtype=dt), np.zeros(shape, dtype=dt), context=f"zeros {shape} {dt}")
        assert_same(cp.ones(shape, dtype=dt), np.ones(shape, dtype=dt), context=f"ones {shape} {dt}")
        assert_same(cp.full(shape, 3, dtype=dt), np.full(shape, 3, dtype=dt), context=f"full {shape} {dt}")
        assert_same(cp.tensor(np.zeros(shape, dtype=dt)), np.zeros(shape, dtype=dt), context=f"tensor {shape} {dt}")
    assert cp.rand(shape, seed=1).shape == shape and cp.randn(shape, seed=1).shape == shape

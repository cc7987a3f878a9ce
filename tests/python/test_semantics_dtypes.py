"""dtype utilities against NumPy 2: result_type (tensors, dtypes, names and
weak Python scalars), can_cast (no / equiv / safe / same_kind / unsafe),
astype on views with special values, finfo / iinfo."""
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
    assert_same,
    elements,
    examples,
    operands,
    tensor_of,
)

CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"]


@st.composite
def result_type_arg(draw):
    """(corepy argument, NumPy argument) of one kind: tensor, corepy dtype,
    dtype name, NumPy dtype, NumPy scalar type, or a weak Python scalar."""
    kind = draw(st.sampled_from(["tensor", "cp_dtype", "name", "np_dtype", "np_type", "py_bool", "py_int", "py_float"]))
    dt = draw(st.sampled_from(DTYPES))
    if kind == "tensor":
        a = np.zeros(draw(st.sampled_from([(), (2,), (0, 3)])), dtype=dt)
        return tensor_of(a), a
    if kind == "cp_dtype":
        return cp.dtype(dt), np.dtype(dt)
    if kind == "name":
        return dt, dt
    if kind == "np_dtype":
        return np.dtype(dt), np.dtype(dt)
    if kind == "np_type":
        return np.dtype(dt).type, np.dtype(dt).type
    if kind == "py_bool":
        v = draw(st.booleans())
    elif kind == "py_int":
        v = draw(st.one_of(st.integers(-5, 5), st.integers(-(2**63), 2**63 - 1)))
    else:
        v = draw(st.floats(allow_nan=True, allow_infinity=True))
    return v, v


@examples(0.7)
@given(args=st.lists(result_type_arg(), min_size=1, max_size=4))
def test_result_type_matches_numpy(args):
    cargs = [c for c, _ in args]
    nargs = [n for _, n in args]
    expected = np.result_type(*nargs)
    got = cp.result_type(*cargs)
    assert got.name == expected.name, f"result_type{tuple(nargs)}: corepy {got.name}, NumPy {expected.name}"


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("to", DTYPES)
@pytest.mark.parametrize("frm", DTYPES)
def test_can_cast_matches_numpy(frm, to, casting):
    expected = np.can_cast(np.dtype(frm), np.dtype(to), casting=casting)
    assert cp.can_cast(frm, to, casting) == expected
    assert cp.can_cast(cp.dtype(frm), cp.dtype(to), casting=casting) == expected
    assert cp.can_cast(tensor_of(np.zeros(2, dtype=frm)), np.dtype(to), casting) == expected


def test_can_cast_default_is_safe():
    for frm in DTYPES:
        for to in DTYPES:
            assert cp.can_cast(frm, to) == np.can_cast(frm, to)


def astype_values(src, dst):
    """Float -> int only from finite floats within the target's range (NaN,
    inf and out-of-range conversions are undefined in C; NumPy warns)."""
    if np.dtype(src).kind == "f" and np.dtype(dst).kind == "i":
        bits = np.iinfo(dst).bits
        hi = float(np.nextafter(np.array(2.0 ** (bits - 1), dtype=src), np.array(0, dtype=src)))
        width = np.dtype(src).itemsize * 8
        return st.one_of(st.floats(-(2.0 ** (bits - 1)), hi, width=width),
                         st.floats(-1e3, 1e3, width=width, allow_subnormal=True))
    return elements(src)


@examples(0.7)
@given(data=st.data(), src=st.sampled_from(DTYPES), dst=st.sampled_from(DTYPES),
       shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
       spec=st.sampled_from(["name", "cp_dtype", "np_dtype", "np_type", "function"]))
def test_astype_matches_numpy(data, src, dst, shape, spec):
    """float64 -> float32 rounds (overflow to inf, subnormals kept), int64 ->
    int32 wraps, int64 -> float rounds to nearest even, anything -> bool is
    `!= 0` (NaN is True, -0.0 False); the result is a new tensor."""
    x = data.draw(operands(src, shape, astype_values(src, dst)), label="x")
    target = {"name": dst, "cp_dtype": cp.dtype(dst), "np_dtype": np.dtype(dst), "np_type": np.dtype(dst).type,
              "function": dst}[spec]
    got = cp.astype(x.t, target) if spec == "function" else x.t.astype(target)
    with np.errstate(all="ignore"):
        expected = x.a.astype(dst)
    assert_same(got, expected, context=f"{x}.astype({dst})")
    if x.a.size:
        assert not np.shares_memory(got.numpy(), x.t.numpy()), "astype returns a copy"


@pytest.mark.parametrize("dst", ["float32", "float64", "bool", "int32", "int64"])
def test_astype_specials(dst):
    a = np.array([np.nan, -np.inf, np.inf, -0.0, 0.0, 1e-310, 5e-324, 3.5e38, -3.5e38, 1.5, -1.5, 2.5, 16777217.0,
                  2.0**31, -(2.0**31) - 1, 0.49999997], dtype=np.float64)
    if dst.startswith("int"):
        a = a[np.isfinite(a) & (np.abs(a) < 2.0**31 - 1)]
    with np.errstate(all="ignore"):
        expected = a.astype(dst)
    assert_same(tensor_of(a).astype(dst), expected)
    big = np.array([2**63 - 1, -(2**63), 2**53 + 1, 2**24 + 1, -(2**31) - 1, 2**31], dtype=np.int64)
    assert_same(tensor_of(big).astype(dst), big.astype(dst))


@pytest.mark.parametrize("name", ["float32", "float64"])
def test_finfo_matches_numpy(name):
    f, g = np.finfo(name), cp.finfo(name)
    for attr in ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "precision"]:
        assert getattr(g, attr) == getattr(f, attr), (attr, getattr(g, attr), getattr(f, attr))
    assert g.dtype == cp.dtype(name)
    for spec in [cp.dtype(name), np.dtype(name), tensor_of(np.zeros(1, dtype=name))]:
        assert cp.finfo(spec).eps == f.eps


@pytest.mark.parametrize("name", INT_DTYPES)
def test_iinfo_matches_numpy(name):
    f, g = np.iinfo(name), cp.iinfo(name)
    assert (g.min, g.max, g.bits) == (f.min, f.max, f.bits)
    for spec in [cp.dtype(name), np.dtype(name), tensor_of(np.zeros(1, dtype=name))]:
        assert cp.iinfo(spec).max == f.max


def test_finfo_iinfo_accept_numpy_scalar_types():
    """np.finfo(np.float32) and np.iinfo(np.int32) are the common spelling."""
    assert cp.finfo(np.float32).eps == np.finfo(np.float32).eps
    assert cp.finfo(np.float64).max == np.finfo(np.float64).max
    assert cp.iinfo(np.int32).min == np.iinfo(np.int32).min
    assert cp.finfo(float).eps == np.finfo(float).eps
    assert cp.iinfo(int).max == np.iinfo(int).max


@pytest.mark.parametrize("name", ["bool"] + INT_DTYPES)
def test_finfo_of_non_float_raises(name):
    with pytest.raises(ValueError):
        np.finfo(name)
    with pytest.raises(ValueError, match=name):
        cp.finfo(name)


@pytest.mark.parametrize("name", ["bool", "float32", "float64"])
def test_iinfo_of_non_int_raises(name):
    with pytest.raises(ValueError):
        np.iinfo(name)
    with pytest.raises(ValueError, match=name):
        cp.iinfo(name)


@pytest.mark.parametrize("name", DTYPES)
def test_dtype_objects(name):
    d = cp.dtype(name)
    assert d.itemsize == np.dtype(name).itemsize
    assert d.is_floating_point == (np.dtype(name).kind == "f")
    assert d == cp.dtype(np.dtype(name)) == cp.dtype(np.dtype(name).type)
    assert cp.zeros(2, dtype=name).dtype == d
    assert as_numpy(cp.zeros(2, dtype=d)).dtype == np.dtype(name)


# Floats that do not fit some integer dtype, NaN and infinities, and values
# whose narrowing NumPy defines by wrapping (300.0 -> int8, -1.0 -> uint8).
FLOAT_INTO_INT = [1e20, -1e20, float("nan"), float("inf"), float("-inf"), 300.0, -1.0, -3.7, 3.7, -129.0,
                  2.0**31, -2.0**31, 2.0**31 - 1, 70000.0, 2.0**63, 1e10 + 1]


def _numpy_astype(value, dtype, src=np.float64):
    with np.errstate(invalid="ignore"):
        return np.array([value], dtype=src).astype(dtype)[0]


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_float_to_int_is_one_rule_astype_full_setitem(dtype):
    """Every float -> int path gives NumPy's astype value on x86 (README,
    "Where corepy differs": NumPy's setitem raises for some of these)."""
    for v in FLOAT_INTO_INT:
        want = int(_numpy_astype(v, dtype))
        assert cp.tensor([v]).astype(dtype).item() == want, ("astype float64", v)
        assert cp.tensor([v], dtype="float32").astype(dtype).item() == int(_numpy_astype(v, dtype, np.float32)), \
            ("astype float32", v)
        with np.errstate(invalid="ignore"):
            assert cp.full(3, v, dtype=dtype).tolist() == np.full(3, v, dtype=dtype).tolist(), ("full", v)
        t = cp.zeros(3, dtype=dtype)
        t[0] = v
        assert t.tolist() == [want, 0, 0], ("setitem", v)
        t[:] = v
        assert t.tolist() == [want] * 3, ("slice setitem", v)
        t[cp.tensor([False, True, False])] = v
        assert t.tolist() == [want] * 3, ("mask setitem", v)


def test_python_ints_out_of_range_still_overflow():
    for dtype in INT_DTYPES:
        info = np.iinfo(dtype)
        for v in (int(info.max) + 1, int(info.min) - 1):
            with pytest.raises(OverflowError):
                np.full(2, v, dtype=dtype)
            with pytest.raises(OverflowError):
                cp.full(2, v, dtype=dtype)
            t = cp.zeros(2, dtype=dtype)
            with pytest.raises(OverflowError):
                t[0] = v

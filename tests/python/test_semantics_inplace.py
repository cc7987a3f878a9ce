"""In-place operators (+= -= *= /= //= %= **= &= |= ^=) against NumPy's
in-place ufuncs: same values, same_kind casting (int32 += 1.5 raises
TypeError, as NumPy's UFuncTypeError), broadcasting of the right operand,
writes through views landing in the base, and overlapping operands reading
the old values."""
import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    as_numpy,
    assert_close,
    assert_same,
    bounded,
    examples,
    expected_exception_types,
    operands,
    tensor_of,
)

INPLACE = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow, "&=": operator.iand,
    "|=": operator.ior, "^=": operator.ixor,
}


@st.composite
def shape_broadcasting_to(draw, shape):
    k = draw(st.integers(0, len(shape)))
    return tuple(1 if draw(st.integers(0, 3)) == 0 else d for d in shape[k:])


def numpy_inplace(op, a, b):
    with np.errstate(all="ignore"):
        try:
            INPLACE[op](a, b)
        except (TypeError, ValueError, OverflowError) as exc:
            return exc
    return None


def compare_after(op, x, other_t, other_a, ctx):
    """Apply `op` in place to the NumPy view and to the corepy view; the two
    bases must then agree everywhere."""
    before = x.base_a.copy()
    exc = numpy_inplace(op, x.a, other_a)
    if exc is not None:
        with pytest.raises(expected_exception_types(exc)):
            INPLACE[op](x.t, other_t)
        if isinstance(exc, TypeError):  # a casting error changes nothing
            assert_same(x.base_t, before, context=ctx + " (modified despite the error)")
        return
    t = x.t
    result = INPLACE[op](t, other_t)
    assert result is x.t, f"{ctx}: `t {op} other` must rebind t to the same tensor"
    if op == "**=" and x.a.dtype.kind == "f":
        assert_close(x.base_t, x.base_a, rtol=1e-6 if x.a.dtype == np.float32 else 1e-12, ulps=2, context=ctx)
    else:
        assert_same(x.base_t, x.base_a, context=ctx)
    assert_same(x.t, x.a, context=ctx + " (the view)")


@examples(1.1)
@given(data=st.data(), op=st.sampled_from(sorted(INPLACE)), dt=st.sampled_from(DTYPES),
       dt_o=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
       form=st.sampled_from(["tensor", "tensor", "numpy", "list"]))
def test_inplace_with_tensors(data, op, dt, dt_o, shape, form):
    oshape = data.draw(shape_broadcasting_to(shape), label="other shape")
    pow_ints = op == "**=" and dt_o in ("bool", "int32", "int64")
    x = data.draw(operands(dt, shape), label="target")
    y = data.draw(operands(dt_o, oshape, bounded(dt_o, 0, 70) if pow_ints else None), label="other")
    if form == "list" and y.a.size == 0:
        form = "numpy"  # tolist() of an empty array loses its shape
    other_t = {"tensor": y.t, "numpy": y.a.copy(), "list": y.a.tolist()}[form]
    other_a = y.a.copy() if form != "list" else y.a.tolist()
    if form == "list" and y.a.ndim == 0:
        other_t = other_a = y.a[()].item()
    compare_after(op, x, other_t, other_a, f"{x} {op} {form} {y}")


@examples(0.9)
@given(data=st.data(), op=st.sampled_from(sorted(INPLACE)), dt=st.sampled_from(DTYPES),
       shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4),
       scalar=st.one_of(st.booleans(), st.integers(-300, 300), st.sampled_from([2**31, -(2**31) - 1, 2**62]),
                        st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1.5, -0.0, 1e300])))
def test_inplace_with_python_scalars(data, op, dt, shape, scalar):
    """Weak scalars: int32 += 1 stays int32, int32 += 1.5 raises TypeError,
    int32 += 2**31 raises OverflowError, float32 *= 2.5 stays float32."""
    if op == "**=" and isinstance(scalar, int) and not isinstance(scalar, bool):
        scalar = abs(scalar) % 70
    x = data.draw(operands(dt, shape), label="target")
    compare_after(op, x, scalar, scalar, f"{x} {op} {scalar!r}")


@pytest.mark.parametrize("op", sorted(INPLACE))
@pytest.mark.parametrize("case", ["shift_right", "shift_left", "reversed", "transposed"])
def test_inplace_with_overlapping_operands(op, case):
    """t[1:] += t[:-1] reads the old values, as NumPy."""
    if case == "transposed":
        a = np.arange(1, 26, dtype=np.int64).reshape(5, 5) % 7 + 1
    else:
        a = np.arange(1, 13, dtype=np.int64) % 5 + 1
    t = tensor_of(a)
    views = {
        "shift_right": (lambda z: z[1:], lambda z: z[:-1]),
        "shift_left": (lambda z: z[:-1], lambda z: z[1:]),
        "reversed": (lambda z: z, lambda z: z[::-1]),
        "transposed": (lambda z: z, lambda z: z.T),
    }[case]
    if op == "/=":  # int64 /= int64 is a casting error; use floats here
        a, t = a.astype(np.float64), tensor_of(a.astype(np.float64))
    with np.errstate(all="ignore"):
        INPLACE[op](views[0](a), views[1](a))
    INPLACE[op](views[0](t), views[1](t))
    assert_same(t, a, context=f"{case} {op}")


def test_setitem_with_overlapping_views():
    a = np.arange(10)
    t = cp.arange(10)
    a[1:] = a[:-1]
    t[1:] = t[:-1]
    assert_same(t, a)
    a[:-2] = a[2:]
    t[:-2] = t[2:]
    assert_same(t, a)
    a[::-1] = a
    t[::-1] = t
    assert_same(t, a)
    m = np.arange(16.0).reshape(4, 4)
    tm = tensor_of(m)
    m[...] = m.T
    tm[...] = tm.T
    assert_same(tm, m)


def test_inplace_through_views_modifies_the_base():
    base = cp.zeros((4, 6), dtype="int32")
    ref = np.zeros((4, 6), dtype=np.int32)
    v, rv = base[1::2, ::-2], ref[1::2, ::-2]
    v += cp.tensor([1, 2, 3], dtype="int32")
    rv += np.array([1, 2, 3], dtype=np.int32)
    w, rw = base.T[::3], ref.T[::3]
    w *= 5
    rw *= 5
    w -= 1
    rw -= 1
    assert_same(base, ref)
    f = base.flip(1)
    f[0] ^= 7
    ref[0, ::-1] ^= 7
    assert_same(base, ref)


@pytest.mark.parametrize("dt,op,value", [
    ("int32", "+=", 1.5), ("int64", "*=", 0.5), ("int32", "/=", 2), ("int64", "/=", cp.tensor([2])),
    ("bool", "+=", 1), ("bool", "-=", True), ("float32", "&=", 1), ("int32", "+=", cp.tensor([1.0])),
    ("float64", "|=", cp.tensor([True])), ("bool", "//=", True),
])
def test_same_kind_casting_errors(dt, op, value):
    """NumPy refuses these in-place ops (UFuncTypeError, a TypeError) and
    leaves the target unchanged."""
    a = np.array([1, 0, 1], dtype=dt)
    np_value = np.asarray(value.tolist()) if isinstance(value, cp.Tensor) else value
    with pytest.raises(TypeError):
        INPLACE[op](a.copy(), np_value)
    t = tensor_of(a)
    with pytest.raises(TypeError) as info:
        INPLACE[op](t, value)
    assert_same(t, a)
    msg = str(info.value)
    assert dt in msg, f"the message should name the target dtype {dt}: {msg}"


def test_int32_plus_out_of_range_python_int_raises_overflow():
    t = cp.tensor([1, 2], dtype="int32")
    with pytest.raises(OverflowError, match="2147483648"):
        t += 2**31
    with pytest.raises(OverflowError):
        np.array([1, 2], dtype=np.int32).__iadd__(2**31)
    assert t.tolist() == [1, 2]


def test_inplace_result_cannot_grow_the_target():
    """The right operand must broadcast to the target's shape (NumPy:
    ValueError, non-broadcastable output operand)."""
    t = cp.zeros(3)
    with pytest.raises(ValueError) as info:
        t += cp.ones((2, 3))
    a = np.zeros(3)
    with pytest.raises(ValueError):
        a += np.ones((2, 3))
    assert "(3,)" in str(info.value) and "(2, 3)" in str(info.value), str(info.value)
    assert as_numpy(t).tolist() == [0.0, 0.0, 0.0]

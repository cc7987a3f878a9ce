"""Binary elementwise ops against NumPy 2: operators and cp.* functions, every
dtype pair, broadcasting (mutually broadcastable shapes, 0-d, empty and
size-1 dims), non-contiguous and negatively strided views, NEP 50 weak
Python scalars, special values, and sizes that cross the parallel threshold.
Also where, clip and logical_and/or/xor."""
import operator

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    INT_DTYPES,
    INT_MAX,
    INT_MIN,
    as_numpy,
    assert_close,
    assert_same,
    bounded,
    examples,
    expected_exception_types,
    large_operand,
    numpy_or_error,
    operands,
    tensor_of,
)

# name -> (Python operator or None, corepy function, NumPy function, how to compare)
BINARY = {
    "add": (operator.add, cp.add, np.add, "exact"),
    "subtract": (operator.sub, cp.subtract, np.subtract, "exact"),
    "multiply": (operator.mul, cp.multiply, np.multiply, "exact"),
    "divide": (operator.truediv, cp.divide, np.divide, "exact"),
    "floor_divide": (operator.floordiv, cp.floor_divide, np.floor_divide, "exact"),
    "remainder": (operator.mod, cp.remainder, np.remainder, "exact"),
    "power": (operator.pow, cp.power, np.power, "pow"),
    "maximum": (None, cp.maximum, np.maximum, "equal"),
    "minimum": (None, cp.minimum, np.minimum, "equal"),
    "bitwise_and": (operator.and_, cp.bitwise_and, np.bitwise_and, "exact"),
    "bitwise_or": (operator.or_, cp.bitwise_or, np.bitwise_or, "exact"),
    "bitwise_xor": (operator.xor, cp.bitwise_xor, np.bitwise_xor, "exact"),
    "equal": (operator.eq, cp.equal, np.equal, "exact"),
    "not_equal": (operator.ne, cp.not_equal, np.not_equal, "exact"),
    "less": (operator.lt, cp.less, np.less, "exact"),
    "less_equal": (operator.le, cp.less_equal, np.less_equal, "exact"),
    "greater": (operator.gt, cp.greater, np.greater, "exact"),
    "greater_equal": (operator.ge, cp.greater_equal, np.greater_equal, "exact"),
}
OPS = sorted(BINARY)
COMPARISONS = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
# bool (op) bool computes in int8 for these, as NumPy.
BOOL_TO_INT8 = {"floor_divide", "remainder", "power"}
POW_RTOL = {"float32": 1e-6, "float64": 1e-12}


def numpy_expected(name, a, b):
    """NumPy's answer (or its error)."""
    return numpy_or_error(BINARY[name][2], a, b)


def call(name, via, x, y):
    py_op, cp_fn, _, _ = BINARY[name]
    if via == "operator" and py_op is not None:
        return py_op(x, y)
    return cp_fn(x, y)


def check(name, got_fn, expected, context):
    kind, exp = expected
    if kind == "raises":
        types = expected_exception_types(exp)
        try:
            got = got_fn()
        except types:
            return
        raise AssertionError(f"{context}: NumPy raises {type(exp).__name__}({exp}), corepy returned {got!r}")
    got = got_fn()
    exp = np.asarray(exp)
    how = BINARY[name][3]
    if how == "pow" and exp.dtype.kind == "f":
        assert_close(got, exp, rtol=POW_RTOL[exp.dtype.name], ulps=2, context=context)
    elif how == "equal":
        # maximum/minimum: values and NaN positions (the sign of a zero
        # result of max(0.0, -0.0) is not compared, as assert_array_equal).
        assert isinstance(got, cp.Tensor), context
        assert got.shape == exp.shape and got.dtype.name == exp.dtype.name, (context, got.shape, got.dtype, exp.shape, exp.dtype)
        np.testing.assert_array_equal(as_numpy(got), exp, err_msg=context)
    else:
        assert_same(got, exp, context=context)


def elements_for(name, dtype, other_dtype, role):
    """Values for one operand: every value of the dtype (specials and extremes
    included), except integer exponents of power, which stay in [0, 70]
    (negative ones raise, tested on their own)."""
    if name == "power" and role == "b" and dtype != "float32" and dtype != "float64" \
            and other_dtype not in ("float32", "float64"):
        return bounded(dtype, 0, 70)
    return None


@st.composite
def broadcast_pair(draw):
    min_side = draw(st.sampled_from([1, 1, 1, 0]))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=min_side, max_side=4))
    return shapes.input_shapes


@examples(1.1)
@given(data=st.data(), name=st.sampled_from(OPS), dt_a=st.sampled_from(DTYPES), dt_b=st.sampled_from(DTYPES),
       shapes=broadcast_pair(), via=st.sampled_from(["operator", "function"]))
def test_tensor_tensor_broadcasting_views(data, name, dt_a, dt_b, shapes, via):
    sa, sb = shapes
    x = data.draw(operands(dt_a, sa, elements_for(name, dt_a, dt_b, "a")), label="a")
    y = data.draw(operands(dt_b, sb, elements_for(name, dt_b, dt_a, "b")), label="b")
    ctx = f"{name} via {via}: {x} with {y}"
    check(name, lambda: call(name, via, x.t, y.t), numpy_expected(name, x.a, y.a), ctx)
    # The inputs are left alone.
    assert_same(x.t, x.a, context=ctx + " (input a modified)")
    assert_same(y.t, y.a, context=ctx + " (input b modified)")


def python_scalar(dtype_hint):
    return st.one_of(
        st.booleans(),
        st.integers(-300, 300),
        st.integers(-(2**63), 2**63 - 1),
        st.sampled_from([0, -1, 2**31 - 1, -(2**31), 2**31, 2**63 - 1, -(2**63)]),
        st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
        st.sampled_from([0.0, -0.0, 0.5, 2.5, -1.5, 1e-310, 1e-45, 3.4e38, 3.5e38, 1e300, float("nan"), float("inf")]),
    )


@examples(1.1)
@given(data=st.data(), name=st.sampled_from(OPS), dt=st.sampled_from(DTYPES), scalar=python_scalar(None),
       shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4),
       scalar_first=st.booleans(), via=st.sampled_from(["operator", "function"]))
def test_tensor_python_scalar_nep50(data, name, dt, scalar, shape, scalar_first, via):
    """Python scalars are weak (NEP 50): float32 * 2.5 stays float32, int32 + 1
    stays int32, int + 0.5 is float64, an int beyond the dtype's range raises
    OverflowError. (Comparisons with out-of-range ints, which NumPy 2 answers
    exactly, have their own test below.)"""
    if name in COMPARISONS and dt in INT_DTYPES and isinstance(scalar, int) and not isinstance(scalar, bool):
        assume(INT_MIN[dt] <= scalar <= INT_MAX[dt])
    if name == "power" and isinstance(scalar, int) and not isinstance(scalar, bool) and dt != "float32" \
            and dt != "float64":
        if not scalar_first:
            scalar = abs(scalar) % 70
    elems = bounded(dt, 0, 70) if (name == "power" and scalar_first and dt not in ("float32", "float64")
                                   and isinstance(scalar, (int, bool))) else None
    x = data.draw(operands(dt, shape, elems), label="tensor")
    args_a = (scalar, x.a) if scalar_first else (x.a, scalar)
    args_t = (scalar, x.t) if scalar_first else (x.t, scalar)
    ctx = f"{name} via {via}: {args_t[0]!r} with {args_t[1]!r} ({x})"
    check(name, lambda: call(name, via, *args_t), numpy_expected(name, *args_a), ctx)


@examples(0.2)
@given(name=st.sampled_from(OPS), dt_a=st.sampled_from(DTYPES), dt_b=st.sampled_from(DTYPES),
       n=st.sampled_from([65537, 2 * 65536 + 3, 200_003]),
       seed=st.integers(0, 2**32 - 1), form=st.sampled_from(["tensor", "row", "scalar"]))
def test_large_operands_cross_the_parallel_threshold(name, dt_a, dt_b, n, seed, form):
    two_d = seed % 5 == 0
    x = large_operand(dt_a, n, seed, view="transposed" if two_d else None)
    if form == "tensor":
        y = large_operand(dt_b, n, seed + 1, view="transposed" if two_d else None)
        ya, yt = y.a, y.t
    elif form == "row":
        ya = np.asarray(large_operand(dt_b, x.a.shape[-1] if x.a.ndim == 2 else 1, seed + 1, view="contiguous").a)
        yt = tensor_of(ya)
    else:
        ya = yt = 3 if dt_b.startswith("int") else (True if dt_b == "bool" else -0.75)
    if name == "power":
        if isinstance(ya, np.ndarray):
            ya = np.abs(ya) % 5 if ya.dtype.kind in "bi" else np.where(np.abs(ya) > 8, 2.5, ya)
            yt = tensor_of(ya)
    ctx = f"{name}: {x} with {form} {dt_b}"
    check(name, lambda: call(name, "function", x.t, yt), numpy_expected(name, x.a, ya), ctx)


FLOAT_SPECIALS = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-310, -5e-324, 1e-45,
                  2.0 ** -149, 3.4028235e38, 1.7976931348623157e308, 1e300, -7.0, 1e16]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", [n for n in OPS if not n.startswith("bitwise")])
def test_float_specials_all_pairs(name, dtype):
    """NaN, +-inf, -0.0, subnormals and extremes against each other."""
    with np.errstate(all="ignore"):
        vals = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dtype)
    a = np.repeat(vals, len(vals))
    b = np.tile(vals, len(vals))
    check(name, lambda: call(name, "function", tensor_of(a), tensor_of(b)), numpy_expected(name, a, b),
          f"{name} {dtype} specials")
    # The same pairs through negatively strided views.
    ta, tb = tensor_of(a[::-1].copy())[::-1], tensor_of(b[::-1].copy())[::-1]
    check(name, lambda: call(name, "function", ta, tb), numpy_expected(name, a, b), f"{name} {dtype} specials reversed")


@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("name", OPS)
def test_integer_extremes_all_pairs(name, dtype):
    """INT_MIN, INT_MAX, -1, 0 (divisor), 1 against each other: wraparound as
    NumPy, integer // 0 and % 0 give 0, INT_MIN // -1 wraps."""
    lo, hi = INT_MIN[dtype], INT_MAX[dtype]
    vals = np.array([v for v in (lo, lo + 1, -7, -1, 0, 1, 2, 7, hi - 1, hi) if lo <= v <= hi], dtype=dtype)
    a = np.repeat(vals, len(vals))
    b = np.tile(vals, len(vals))
    if name == "power":
        b = np.abs(b % 40).astype(dtype)  # negative exponents raise (tested below)
    check(name, lambda: call(name, "function", tensor_of(a), tensor_of(b)), numpy_expected(name, a, b),
          f"{name} {dtype} extremes")


@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("name", ["floor_divide", "remainder"])
def test_integer_division_by_zero_gives_zero(name, dtype):
    a = np.array([max(-5, INT_MIN[dtype]), 0, 5, INT_MIN[dtype], INT_MAX[dtype]], dtype=dtype)
    b = np.zeros_like(a)
    with np.errstate(all="ignore"):
        expected = BINARY[name][2](a, b)
    np.testing.assert_array_equal(expected, 0)  # NumPy's answer (with a warning)
    assert_same(BINARY[name][1](tensor_of(a), tensor_of(b)), expected)
    assert_same(BINARY[name][0](tensor_of(a), 0), expected)


@pytest.mark.parametrize("name", sorted(BOOL_TO_INT8))
def test_bool_bool_arithmetic_gives_int8_as_numpy(name):
    """bool // bool, bool % bool and bool ** bool compute in int8, as NumPy."""
    a = np.array([False, False, True, True])
    b = np.array([False, True, False, True])
    with np.errstate(all="ignore"):
        want = BINARY[name][2](a, b)
        want_scalar = BINARY[name][2](a, True)
    assert want.dtype == np.int8
    assert_same(BINARY[name][1](cp.tensor(a), cp.tensor(b)), want)
    assert_same(BINARY[name][0](cp.tensor(a), True), want_scalar)


@pytest.mark.parametrize("dtype", INT_DTYPES + ["bool"])
def test_integer_power_negative_exponent_raises(dtype):
    base = cp.tensor(np.array([2, 3], dtype=dtype))
    with pytest.raises(ValueError, match="(?i)negative"):
        base ** cp.tensor(np.array([1, -1], dtype="int64"))
    # NumPy agrees.
    with pytest.raises(ValueError):
        np.array([2, 3], dtype=dtype) ** np.array([1, -1])
    # A negative Python int exponent: the same ValueError, except for uint8,
    # which -2 does not fit (NumPy: OverflowError, the next test).
    if dtype != "uint8":
        with pytest.raises(ValueError, match="(?i)negative"):
            base ** -2
        with pytest.raises(ValueError, match="(?i)negative"):
            cp.power(base, -1)
        with pytest.raises(ValueError):
            np.array([2, 3], dtype=dtype) ** -2


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="corepy bug: uint8 tensor ** negative Python int raises ValueError (negative power) "
                          "where NumPy 2 raises OverflowError (the int does not fit uint8), as for any other op")
def test_unsigned_power_negative_python_int_overflows():
    a = np.array([2, 3], dtype=np.uint8)
    for fn in (lambda x: x ** -2, lambda x: np.power(x, -1) if isinstance(x, np.ndarray) else cp.power(x, -1)):
        with pytest.raises(OverflowError):
            fn(a)  # NumPy's answer
        try:
            fn(cp.tensor(a))
        except OverflowError:
            continue
        except Exception as exc:  # noqa: BLE001 - the wrong exception type is the bug
            raise AssertionError(f"uint8 ** negative int: corepy raised {type(exc).__name__}: {exc}; NumPy OverflowError")
        raise AssertionError("uint8 ** negative int: corepy returned a result; NumPy raises OverflowError")


def compare_with_python_ints(a, ints):
    """Every comparison of `a` with each Python int (both orders, operator and
    function) against NumPy; the mismatches, described."""
    failures = []
    for name in COMPARISONS:
        for big in ints:
            for args_a, args_t in (((a, big), (tensor_of(a), big)), ((big, a), (big, tensor_of(a)))):
                expected = numpy_or_error(BINARY[name][2], *args_a)
                for fn in (BINARY[name][1], BINARY[name][0]):
                    try:
                        check(name, lambda: fn(*args_t), expected, f"{fn.__name__}{tuple(map(repr, args_a))}")
                    except Exception as exc:  # noqa: BLE001 - collected and reported together
                        failures.append(f"{fn.__name__}{tuple(map(repr, args_a))}: NumPy {expected[1]!r}, "
                                        f"corepy {type(exc).__name__}: {exc}")
    return failures


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "uint8"])
def test_compare_int_with_out_of_range_python_int(dtype):
    """NumPy 2 compares an integer array with any Python int exactly (no
    OverflowError, unlike arithmetic): np.array([1], np.int32) < 2**31 is
    True. Here: ints outside the dtype but inside int64 (int64 itself: the
    next test)."""
    lo, hi = INT_MIN[dtype], INT_MAX[dtype]
    a = np.array(sorted({lo, max(lo, -1), 0, hi}), dtype=dtype)
    ints = [v for v in (hi + 1, lo - 1, 2**31, -(2**31) - 1, 2**40, 2**63 - 1, -(2**63)) if not lo <= v <= hi]
    failures = compare_with_python_ints(a, ints)
    assert not failures, f"{len(failures)} comparisons differ from NumPy, e.g.\n" + "\n".join(failures[:4])


BEYOND_INT64_COMPARE_BUG = pytest.mark.xfail(
    strict=True, raises=AssertionError,
    reason="corepy bug: comparing an integer or float tensor with a Python int outside int64 (e.g. t < 2**63) "
           "raises OverflowError 'does not fit in int64'; NumPy 2 compares exactly (arithmetic on float tensors "
           "with such ints works)")


@pytest.mark.parametrize("dtype", [d if d == "bool" else pytest.param(d, marks=BEYOND_INT64_COMPARE_BUG)
                                   for d in DTYPES])
def test_compare_with_python_int_beyond_int64(dtype):
    """NumPy 2 compares exactly, except bool arrays, where it raises
    OverflowError (and so must corepy)."""
    a = np.array([0, 1, 1, 0], dtype=dtype)
    failures = compare_with_python_ints(a, [2**63, -(2**63) - 1, 2**70, -(2**80)])
    assert not failures, f"{len(failures)} comparisons differ from NumPy, e.g.\n" + "\n".join(failures[:4])


def test_examples_of_weak_scalars_from_the_issue():
    f32 = cp.tensor([1.5, -2.0], dtype="float32")
    assert (f32 * 2.5).dtype == cp.float32
    assert np.result_type(np.float32, 2.5) == np.float32
    i32 = cp.tensor([1, 2], dtype="int32")
    assert (i32 + 1).dtype == cp.int32
    assert (cp.tensor([1, 2]) + 0.5).dtype == cp.float64
    assert (i32 + 0.5).dtype == cp.float64
    assert (cp.tensor([True]) + 1).dtype == cp.int64
    assert (cp.tensor([True]) * 1.5).dtype == cp.float64
    assert (f32 + 2**62).dtype == cp.float32


def test_ops_return_new_tensors():
    t = cp.tensor([1, 2])
    for name in OPS:
        r = BINARY[name][1](t, t)
        assert r is not t
        assert isinstance(r, cp.Tensor)


# --------------------------------------------------------------------------
# where, clip, logical_*
# --------------------------------------------------------------------------

@examples(0.35)
@given(data=st.data(), dt_x=st.sampled_from(DTYPES), dt_y=st.sampled_from(DTYPES),
       shapes=hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=4, min_side=0, max_side=3),
       cond_dtype=st.sampled_from(["bool", "bool", "int32", "float64"]))
def test_where_broadcasts_three_operands(data, dt_x, dt_y, shapes, cond_dtype):
    sc, sx, sy = shapes.input_shapes
    c = data.draw(operands(cond_dtype, sc), label="cond")
    x = data.draw(operands(dt_x, sx), label="x")
    y = data.draw(operands(dt_y, sy), label="y")
    assert_same(cp.where(c.t, x.t, y.t), np.where(c.a, x.a, y.a), context=f"where({c}, {x}, {y})")


@examples(0.25)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
       sx=st.one_of(st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True)),
       sy=st.one_of(st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True)),
       which=st.sampled_from(["x", "y", "both"]))
def test_where_with_python_scalars(data, dt, shape, sx, sy, which):
    c = data.draw(operands("bool", shape), label="cond")
    x = data.draw(operands(dt, shape), label="x")
    if which == "x":
        args_a, args_t = (sx, x.a), (sx, x.t)
    elif which == "y":
        args_a, args_t = (x.a, sy), (x.t, sy)
    else:
        args_a = args_t = (sx, sy)
    kind, exp = numpy_or_error(np.where, c.a, *args_a)
    ctx = f"where({c}, {args_t[0]!r}, {args_t[1]!r})"
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            cp.where(c.t, *args_t)
        return
    assert_same(cp.where(c.t, *args_t), exp, context=ctx)


@examples(0.25)
@given(data=st.data(), dt=st.sampled_from(INT_DTYPES + ["float32", "float64"]),
       shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=5), form=st.sampled_from(["scalar", "tensor", "one"]))
def test_clip_matches_numpy(data, dt, shape, form):
    x = data.draw(operands(dt, shape), label="x")
    if form == "tensor":
        lo = data.draw(operands(dt, shape[-1:] if shape else ()), label="lo")
        hi = data.draw(operands(dt, shape), label="hi")
        expected = np.clip(x.a, lo.a, hi.a)
        got = cp.clip(x.t, lo.t, hi.t)
    elif form == "scalar":
        if dt in INT_DTYPES:
            lo, hi = sorted([data.draw(bounded(dt, -100, 100)), data.draw(bounded(dt, -100, 100))])
        else:
            lo, hi = data.draw(st.floats(-1e3, 1e3)), data.draw(st.floats(-1e3, 1e3))
        expected = np.clip(x.a, lo, hi)
        got = cp.clip(x.t, lo, hi)
    else:
        lo = data.draw(bounded(dt, -10, 10).map(int) if dt in INT_DTYPES else st.integers(-10, 10))
        expected = np.clip(x.a, lo, None)
        got = cp.clip(x.t, min=lo)
        np.testing.assert_array_equal(as_numpy(cp.clip(x.t, max=lo)), np.clip(x.a, None, lo))
    assert got.shape == expected.shape and got.dtype.name == expected.dtype.name, (got.dtype, expected.dtype)
    np.testing.assert_array_equal(as_numpy(got), expected, err_msg=f"clip {x} {form}")


def test_clip_propagates_nan_and_keeps_the_input():
    a = np.array([np.nan, -np.inf, np.inf, -0.0, 3.0, -3.0])
    t = cp.tensor(a)
    np.testing.assert_array_equal(as_numpy(cp.clip(t, -1.0, 1.0)), np.clip(a, -1.0, 1.0))
    r = cp.clip(t)
    assert r is not t
    np.testing.assert_array_equal(as_numpy(r), a)


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
@examples(0.15)
@given(data=st.data(), dt_a=st.sampled_from(DTYPES), dt_b=st.sampled_from(DTYPES), shapes=broadcast_pair())
def test_logical_ops_match_numpy(name, data, dt_a, dt_b, shapes):
    x = data.draw(operands(dt_a, shapes[0]), label="a")
    y = data.draw(operands(dt_b, shapes[1]), label="b")
    assert_same(getattr(cp, name)(x.t, y.t), getattr(np, name)(x.a, y.a), context=f"{name}({x}, {y})")


@pytest.mark.parametrize("dt", ["uint8", "int8", "int16", "int32", "int64"])
@pytest.mark.parametrize("s", [-1, 300, -129, 70000, 2**40, -(2**63)])
def test_where_wraps_out_of_range_python_ints_like_numpy(dt, s):
    """NumPy's where casts a Python int its integer result dtype cannot hold
    with wrap-around (uint8 with -1 picks 255), unlike arithmetic, which
    raises OverflowError."""
    c = np.array([True, False, True])
    a = np.array([1, 2, 3], dtype=dt)
    for args_a, args_t in (((a, s), (cp.tensor(a), s)), ((s, a), (s, cp.tensor(a)))):
        assert_same(cp.where(cp.tensor(c), *args_t), np.where(c, *args_a), context=f"where({dt}, {s})")

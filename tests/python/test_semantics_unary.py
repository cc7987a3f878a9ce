"""One-input elementwise ops against NumPy 2, on every dtype, on views (strided,
reversed, transposed, flipped), with special values and sizes past the
parallel threshold. Exact ops must match bit for bit; transcendentals within
2 ulp (float32) / 1e-14 relative (float64) of NumPy's result."""
import numpy as np
import pytest
from hypothesis import given
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
    examples,
    expected_exception_types,
    float_math_input,
    large_operand,
    numpy_or_error,
    operands,
    special_floats,
    tensor_of,
)

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)


def _relu(a):
    return np.maximum(a, np.zeros((), a.dtype))


# name -> NumPy oracle; all compared bit for bit (dtype included).
EXACT = {
    "negative": np.negative,
    "absolute": np.absolute,
    "abs": np.abs,
    "sign": np.sign,
    "square": np.square,
    "floor": np.floor,
    "ceil": np.ceil,
    "trunc": np.trunc,
    "rint": np.rint,
    "round": np.round,
    "invert": np.invert,
    "bitwise_not": np.bitwise_not,
    "isnan": np.isnan,
    "isinf": np.isinf,
    "isfinite": np.isfinite,
    "logical_not": np.logical_not,
}
# Compared as values (NaN == NaN, 0.0 == -0.0), as np.maximum's zero sign is
# an implementation detail.
VALUE_ONLY = {"relu": _relu}

TRANSCENDENTAL = {
    "sqrt": np.sqrt, "exp": np.exp, "expm1": np.expm1, "log": np.log, "log1p": np.log1p, "log2": np.log2,
    "log10": np.log10, "sin": np.sin, "cos": np.cos, "tan": np.tan, "tanh": np.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
}


def expected_exact(name, a):
    """NumPy's result, adjusted for the dtype choices corepy makes where NumPy
    needs a dtype corepy lacks or returns float for integer rounding:
    square(bool) is bool (NumPy: int8), rint(int) keeps the int dtype
    (NumPy: float64), rint/round(bool) stay bool (NumPy: float16) -- see the
    report; the values are NumPy's."""
    fn = EXACT.get(name) or VALUE_ONLY[name]
    kind, res = numpy_or_error(fn, a)
    if kind == "ok":
        res = np.asarray(res)
        if name == "square" and a.dtype == np.bool_:
            res = res.astype(np.bool_)
        if (name == "rint" and a.dtype.kind in "biu") or (name == "round" and a.dtype == np.bool_):
            # np.rint(int) is float64, np.rint/np.round(bool) float16: corepy keeps the input dtype
            np.testing.assert_array_equal(res, a)  # rint of an integer is the integer
            res = a.copy()
    return kind, res


def check_exact(name, t, a, context):
    kind, exp = expected_exact(name, a)
    fn = getattr(cp, name)
    if kind == "raises":
        with pytest.raises(expected_exception_types(exp)):
            fn(t)
        return
    got = fn(t)
    if name in VALUE_ONLY:
        assert got.dtype.name == exp.dtype.name and got.shape == exp.shape, (context, got.dtype, exp.dtype)
        np.testing.assert_array_equal(as_numpy(got), exp, err_msg=context)
    else:
        assert_same(got, exp, context=context)


def reference(name, a):
    """NumPy's answer for a transcendental, in NumPy's result dtype with
    float16 (which corepy lacks) replaced by the smallest float corepy has:
    int32/int64 inputs give float64; bool, int8, int16 and uint8 give float32
    (float_math_input: README.md, "float math on int8/int16/uint8 gives
    float32"). float32 results are NumPy's float64 result rounded to float32,
    the sigmoid of float64 is computed in long double."""
    fn = TRANSCENDENTAL[name]
    a = float_math_input(a)
    with np.errstate(all="ignore"):
        if a.dtype == np.float32:
            return fn(a.astype(np.float64)).astype(np.float32)
        if name == "sigmoid":  # long double keeps exp(-x) finite: subnormal results are not flushed to 0
            return fn(a.astype(np.longdouble)).astype(np.float64)
        if a.dtype.kind in "bi":
            return fn(a.astype(np.float64))
        return fn(a)


def check_transcendental(name, t, a, context):
    exp = reference(name, a)
    got = getattr(cp, name)(t)
    if exp.dtype == np.float32:
        assert_close(got, exp, rtol=0.0, ulps=2, context=context)
    else:
        assert_close(got, exp, rtol=1e-14, ulps=2, context=context)


@examples(0.9)
@given(data=st.data(), name=st.sampled_from(sorted(EXACT) + sorted(VALUE_ONLY)), dt=st.sampled_from(DTYPES),
       shape=shapes)
def test_exact_unary_ops(data, name, dt, shape):
    x = data.draw(operands(dt, shape), label="x")
    check_exact(name, x.t, x.a, f"{name}({x})")
    assert_same(x.t, x.a, context=f"{name} modified its input {x}")


@examples(0.9)
@given(data=st.data(), name=st.sampled_from(sorted(TRANSCENDENTAL)), dt=st.sampled_from(DTYPES), shape=shapes)
def test_transcendentals_within_tolerance(data, name, dt, shape):
    elems = special_floats(dt) if dt.startswith("float") else None
    x = data.draw(operands(dt, shape, elems), label="x")
    check_transcendental(name, x.t, x.a, f"{name}({x})")


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(TRANSCENDENTAL))
def test_transcendentals_on_a_dense_sweep(name, dt):
    """Every binade from the smallest subnormal to the largest finite value,
    both signs, plus the specials; then the same through a reversed view."""
    info = np.finfo(dt)
    with np.errstate(over="ignore"):
        mags = np.geomspace(float(info.smallest_subnormal), float(info.max), 4001, dtype=np.float64).astype(dt)
        a = np.concatenate([mags, -mags, np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5], dtype=dt),
                            np.linspace(-20, 20, 4001, dtype=dt)])
    check_transcendental(name, tensor_of(a), a, f"{name} sweep {dt}")
    rev = tensor_of(a[::-1].copy())[::-1]
    check_transcendental(name, rev, a, f"{name} sweep {dt} (reversed view)")


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(EXACT) + sorted(VALUE_ONLY))
def test_exact_ops_on_float_specials(name, dt):
    with np.errstate(all="ignore"):
        a = np.array([np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e-310, -5e-324,
                      1e-45, -1e-40, 3.4e38, -1.7e308, 4503599627370497.0, 8388609.0, -0.49999997], dtype=np.float64).astype(dt)
    check_exact(name, tensor_of(a), a, f"{name} specials {dt}")


@pytest.mark.parametrize("dt", INT_DTYPES)
@pytest.mark.parametrize("name", sorted(EXACT) + sorted(VALUE_ONLY))
def test_exact_ops_on_integer_extremes(name, dt):
    """abs(INT_MIN) and -INT_MIN wrap to INT_MIN, as NumPy."""
    values = {INT_MIN[dt], INT_MIN[dt] + 1, -1, 0, 1, 2, INT_MAX[dt] - 1, INT_MAX[dt]}
    a = np.array(sorted(v for v in values if INT_MIN[dt] <= v <= INT_MAX[dt]), dtype=dt)
    check_exact(name, tensor_of(a), a, f"{name} extremes {dt}")


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "rint", "round"])
@pytest.mark.parametrize("dt", ["bool"] + INT_DTYPES)
def test_rounding_integers_keeps_values(name, dt):
    """NumPy 2 returns floor/ceil/trunc of an integer array in its own dtype
    (np.rint returns float64: corepy keeps the int dtype, see the report);
    the values are the input's."""
    if dt == "bool":
        a = np.array([0, 1, 0, 1], dtype=dt)
    else:
        a = np.array([INT_MIN[dt], max(-3, INT_MIN[dt]), 0, 7, INT_MAX[dt]], dtype=dt)
    got = getattr(cp, name)(tensor_of(a))
    np.testing.assert_array_equal(as_numpy(got), a)
    with np.errstate(all="ignore"):
        numpy_dtype = getattr(np, name)(a).dtype
    if name != "rint" and numpy_dtype != np.float16:  # np.round(bool) is float16, which corepy lacks
        assert got.dtype.name == numpy_dtype.name


@examples(0.15)
@given(name=st.sampled_from(sorted(EXACT) + sorted(VALUE_ONLY) + sorted(TRANSCENDENTAL)), dt=st.sampled_from(DTYPES),
       n=st.sampled_from([65537, 2 * 65536 + 5, 200_003]), seed=st.integers(0, 2**32 - 1))
def test_large_inputs_cross_the_parallel_threshold(name, dt, n, seed):
    x = large_operand(dt, n, seed, view="transposed" if seed % 5 == 0 else None)
    if name in TRANSCENDENTAL:
        check_transcendental(name, x.t, x.a, f"{name}({x})")
    else:
        check_exact(name, x.t, x.a, f"{name}({x})")


def test_operators_equal_functions():
    a = np.array([-3, 0, 5], dtype=np.int32)
    t = tensor_of(a)
    assert_same(-t, np.negative(a))
    assert_same(abs(t), np.abs(a))
    assert_same(~t, np.invert(a))
    b = np.array([True, False])
    assert_same(~tensor_of(b), ~b)
    pos = +t
    assert_same(pos, a)
    assert_same(cp.positive(t), np.positive(a))
    assert cp.positive(t) is not t


def test_relu_and_sigmoid_definitions():
    a = np.array([-2.0, -0.0, 0.0, 3.0, np.nan, -np.inf, np.inf])
    np.testing.assert_array_equal(as_numpy(cp.relu(cp.tensor(a))), np.maximum(a, 0))
    assert np.isnan(as_numpy(cp.relu(cp.tensor([np.nan])))[0])
    s = as_numpy(cp.sigmoid(cp.tensor(a)))
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(s, 1 / (1 + np.exp(-a)), rtol=1e-14)
    f = cp.sigmoid(cp.tensor([-100.0, 100.0], dtype="float32"))
    assert f.dtype == cp.float32
    np.testing.assert_allclose(as_numpy(f), np.array([1 / (1 + np.exp(100.0)), 1.0], dtype=np.float32), rtol=1e-6)


@pytest.mark.parametrize("dt", ["int8", "uint8", "int16", "int32", "int64", "float32", "float64"])
def test_unary_plus_is_a_new_tensor(dt):
    # NumPy's +a is np.positive(a): a copy, so writing into it leaves a alone.
    a_np = np.array([1, 2, 3], dtype=dt)
    a = cp.tensor(a_np)
    b, b_np = +a, +a_np
    assert b is not a and b.dtype.name == b_np.dtype.name
    b += 1
    b_np += 1
    assert a.tolist() == a_np.tolist() and b.tolist() == b_np.tolist()
    v = a[::2]
    assert (+v).tolist() == (+a_np[::2]).tolist()


def test_unary_plus_of_bool_raises_like_numpy():
    with pytest.raises(TypeError):
        +np.array([True])
    with pytest.raises(TypeError, match="bool"):
        +cp.tensor([True])

"""+ - * / and unary - against NumPy 2: values bit for bit (same IEEE
operations, so NaN, inf, -0.0 and subnormals included), result dtypes by NEP 50
promotion, integer wraparound, and the same errors NumPy raises."""
import operator
import threading

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import (
    DTYPES,
    EMPTY_SHAPES,
    NUMERIC_DTYPES,
    PARALLEL_MIN,
    arrays,
    as_numpy,
    assert_same,
    check_against_numpy,
    dtypes,
    examples,
    isolated,
    large_sizes,
    nonempty_shapes,
    python_scalars,
    random_array,
    seeds,
    shape_id,
    tensor_of,
    threads,
    vector_lengths,
)

OPS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul, "divide": operator.truediv}
MODULE_OPS = {"add": cp.add, "subtract": cp.subtract, "multiply": cp.multiply, "divide": cp.divide}
ops = st.sampled_from(sorted(OPS))


# --------------------------------------------------------------------------
# Property tests (Hypothesis)
# --------------------------------------------------------------------------

@given(data=st.data(), op=ops, dt_a=dtypes, dt_b=dtypes, shape=nonempty_shapes)
def test_tensor_op_tensor_matches_numpy(data, op, dt_a, dt_b, shape):
    a = data.draw(arrays(dt_a, shape), label="a")
    b = data.draw(arrays(dt_b, shape), label="b")
    check_against_numpy(OPS[op], OPS[op], (tensor_of(a), tensor_of(b)), (a, b),
                        context=f"{dt_a} {op} {dt_b}, shape {shape}")


@given(data=st.data(), op=ops, dt_a=dtypes, dt_b=dtypes, shape=nonempty_shapes, zero_d_first=st.booleans())
def test_tensor_op_zero_d_tensor_matches_numpy(data, op, dt_a, dt_b, shape, zero_d_first):
    """A 0-d tensor combines with any shape; unlike a Python scalar it is not
    weak: its dtype takes part in promotion (NumPy 2)."""
    a = data.draw(arrays(dt_a, shape), label="a")
    s = data.draw(arrays(dt_b, ()), label="zero_d")
    cp_args, np_args = (tensor_of(a), tensor_of(s)), (a, s)
    if zero_d_first:
        cp_args, np_args = cp_args[::-1], np_args[::-1]
    check_against_numpy(OPS[op], OPS[op], cp_args, np_args,
                        context=f"{op} of {dt_a}{shape} and 0-d {dt_b} (0-d first: {zero_d_first})")


@given(data=st.data(), op=ops, dt=dtypes, shape=nonempty_shapes, scalar=python_scalars(), scalar_first=st.booleans())
def test_tensor_op_python_scalar_matches_numpy(data, op, dt, shape, scalar, scalar_first):
    """Python scalars are weak (NEP 50): f32 * 2.5 stays float32, int32 + 1
    stays int32, int + 0.5 is float64, an int that does not fit raises
    OverflowError, bool - bool raises TypeError."""
    a = data.draw(arrays(dt, shape), label="a")
    fn = OPS[op]
    if scalar_first:
        check_against_numpy(lambda x, s: fn(s, x), lambda x, s: fn(s, x), (tensor_of(a), scalar), (a, scalar),
                            context=f"{scalar!r} {op} {dt}{shape}")
    else:
        check_against_numpy(fn, fn, (tensor_of(a), scalar), (a, scalar), context=f"{dt}{shape} {op} {scalar!r}")


@given(dt=dtypes, x=st.data(), shape=nonempty_shapes)
def test_negative_matches_numpy(dt, x, shape):
    a = x.draw(arrays(dt, shape))
    check_against_numpy(operator.neg, operator.neg, (tensor_of(a),), (a,), context=f"-{dt}{shape}")
    check_against_numpy(cp.negative, np.negative, (tensor_of(a),), (a,), context=f"cp.negative {dt}{shape}")


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=shape_id)
@pytest.mark.parametrize("op", sorted(OPS))
@isolated
def test_empty_tensors_match_numpy(op, shape):
    """Zero-size tensors of every shape: empty results of the promoted dtype."""
    fn = OPS[op]
    for dt_a, dt_b in [("float32", "float32"), ("int32", "float64"), ("int64", "int64"), ("bool", "bool")]:
        a, b = np.zeros(shape, dtype=dt_a), np.ones(shape, dtype=dt_b)
        ctx = f"{dt_a}{shape} {op} {dt_b}"
        check_against_numpy(fn, fn, (cp.tensor(a), cp.tensor(b)), (a, b), context=ctx)
        check_against_numpy(fn, fn, (cp.tensor(a), tensor_of(np.ones((), dtype=dt_b))), (a, np.ones((), dtype=dt_b)),
                            context=ctx + " (0-d)")
        check_against_numpy(fn, fn, (cp.tensor(a), 2), (a, 2), context=ctx + " (scalar 2)")
        check_against_numpy(lambda x, s: fn(s, x), lambda x, s: fn(s, x), (cp.tensor(a), 1.5), (a, 1.5),
                            context=ctx + " (1.5 first)")
        check_against_numpy(operator.neg, operator.neg, (cp.tensor(a),), (a,), context=f"-{dt_a}{shape}")


@given(data=st.data(), op=ops, dt_a=dtypes, dt_b=dtypes, n=vector_lengths)
def test_vector_tails_match_numpy(data, op, dt_a, dt_b, n):
    """1-D lengths around every SIMD width, so each kernel's tail loop runs."""
    a = data.draw(arrays(dt_a, (n,)), label="a")
    b = data.draw(arrays(dt_b, (n,)), label="b")
    check_against_numpy(OPS[op], OPS[op], (tensor_of(a), tensor_of(b)), (a, b), context=f"{dt_a} {op} {dt_b}, n={n}")


@examples(0.25)
@given(op=ops, dt_a=dtypes, dt_b=dtypes, n=large_sizes, seed=seeds, form=st.sampled_from(["tt", "ts", "st", "t0"]))
def test_large_tensors_cross_the_parallel_threshold(op, dt_a, dt_b, n, seed, form):
    """Sizes around 65536 and 2*65536 elements, where work is split across
    threads: every chunk boundary must give NumPy's values."""
    a = random_array(dt_a, (n,), seed)
    if form == "tt":
        b = random_array(dt_b, (n,), seed + 1)
        cp_args, np_args = (tensor_of(a), tensor_of(b)), (a, b)
    elif form == "t0":
        b = random_array(dt_b, (), seed + 1)
        cp_args, np_args = (tensor_of(a), tensor_of(b)), (a, b)
    else:
        s = {"bool": True, "int8": -7, "int16": 300, "int32": -7, "int64": 3, "uint8": 200,
             "float32": 0.1, "float64": -2.5}[dt_b]
        cp_args, np_args = (tensor_of(a), s), (a, s)
        if form == "st":
            cp_args, np_args = cp_args[::-1], np_args[::-1]
    check_against_numpy(OPS[op], OPS[op], cp_args, np_args, context=f"{form}: {dt_a} {op} {dt_b}, n={n}")


@examples(0.1)
@given(dt=dtypes, n=large_sizes, seed=seeds)
def test_large_negative_matches_numpy(dt, n, seed):
    a = random_array(dt, (n,), seed)
    check_against_numpy(operator.neg, operator.neg, (tensor_of(a),), (a,), context=f"-{dt}, n={n}")


@examples(0.15)
@given(op=ops, dt=dtypes, seed=seeds)
def test_one_and_two_threads_give_identical_results(op, dt, seed):
    n = 2 * PARALLEL_MIN + 333
    a, b = tensor_of(random_array(dt, (n,), seed)), tensor_of(random_array(dt, (n,), seed + 7))
    if dt == "bool" and op == "subtract":
        op = "add"  # bool - bool raises (tested elsewhere)
    with threads(1):
        one = OPS[op](a, b)
    with threads(2):
        two = OPS[op](a, b)
    assert_same(two, as_numpy(one), context=f"{dt} {op}: 2 threads vs 1")


# --------------------------------------------------------------------------
# Promotion and NEP 50, spelled out
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "dt, scalar, op, want",
    [
        ("float32", 2.5, "multiply", "float32"),
        ("float32", 3, "add", "float32"),
        ("float32", True, "add", "float32"),
        ("float64", 2, "divide", "float64"),
        ("int32", 1, "add", "int32"),
        ("int32", 0.5, "add", "float64"),
        ("int64", 0.5, "multiply", "float64"),
        ("int32", 2, "divide", "float64"),
        ("int64", 2, "divide", "float64"),
        ("int32", True, "add", "int32"),
        ("bool", True, "add", "bool"),
        ("bool", 1, "add", "int64"),
        ("bool", 1.5, "multiply", "float64"),
        ("bool", True, "divide", "float64"),
    ],
)
def test_weak_python_scalar_result_dtype(dt, scalar, op, want):
    t = cp.ones(4, dtype=dt)
    assert OPS[op](t, scalar).dtype.name == want
    assert OPS[op](scalar, t).dtype.name == want
    assert OPS[op](np.ones(4, dtype=dt), scalar).dtype.name == want  # the table is NumPy's


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("b", DTYPES)
def test_tensor_tensor_promotion_table(a, b):
    x, y = np.ones(3, dtype=a), np.ones(3, dtype=b)
    for op in ("add", "multiply", "divide"):
        got = OPS[op](tensor_of(x), tensor_of(y))
        assert got.dtype.name == OPS[op](x, y).dtype.name, (a, op, b)


def test_examples_from_the_brief():
    f32 = cp.tensor([1.0, 2.0, 3.0], dtype="f32")
    assert (f32 * 2.5).dtype == cp.float32 and (f32 * 2.5).tolist() == [2.5, 5.0, 7.5]
    i32 = cp.tensor([1, 2, 3], dtype="int32")
    assert (i32 + 1).dtype == cp.int32 and (i32 + 1).tolist() == [2, 3, 4]
    assert (cp.tensor([1, 2]) + 0.5).dtype == cp.float64
    assert (cp.tensor([1, 3]) / cp.tensor([2, 2])).tolist() == [0.5, 1.5]
    assert (cp.tensor([1, 3]) / cp.tensor([2, 2])).dtype == cp.float64


def test_bool_arithmetic_is_logical():
    a = cp.tensor([True, True, False, False])
    b = cp.tensor([True, False, True, False])
    assert (a + b).dtype == cp.bool_ and (a + b).tolist() == [True, True, True, False]  # or
    assert (a * b).dtype == cp.bool_ and (a * b).tolist() == [True, False, False, False]  # and
    with pytest.raises(TypeError):
        a - b
    with pytest.raises(TypeError):
        a - True
    with pytest.raises(TypeError):
        True - a
    with pytest.raises(TypeError):
        -a


@pytest.mark.parametrize("big", [2**31, 2**40, -(2**31) - 1, 2**63 - 1])
def test_int32_with_out_of_range_python_int_overflows(big):
    t = cp.tensor([1, 2], dtype="int32")
    with pytest.raises(OverflowError):
        t + big
    with pytest.raises(OverflowError):
        big * t


def test_int32_with_extreme_in_range_python_int():
    t = cp.tensor([1, 2], dtype="int32")
    assert (t + (-(2**31))).tolist() == [-(2**31) + 1, -(2**31) + 2]
    assert (t + (2**31 - 1)).tolist() == [-(2**31), -(2**31) + 1]  # wraps like NumPy


@pytest.mark.parametrize("dt", NUMERIC_DTYPES)
def test_overflow_matches_numpy(dt):
    """Integers wrap around; floats overflow to inf (as NumPy)."""
    if dt in ("float32", "float64"):
        big = np.array([np.finfo(dt).max, -np.finfo(dt).max], dtype=dt)
    else:
        info = np.iinfo(dt)
        big = np.array([info.max, info.min, info.max // 2 + 3, info.min + 1], dtype=dt)
    t = tensor_of(big)
    with np.errstate(all="ignore"):
        assert_same(t + t, big + big, context=f"{dt} +")
        assert_same(t * t, big * big, context=f"{dt} *")
        assert_same(t - (-t), big - (-big), context=f"{dt} - (-x)")
        assert_same(-t, -big, context=f"-{dt}")
        assert_same(t * 3, big * 3, context=f"{dt} * 3")


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_float_tensor_with_python_int_beyond_int64(dt):
    """NumPy converts a Python int of any size to the float dtype of the tensor
    (np.ones(2) + 2**70 == 1.1805916207174113e21)."""
    a = np.ones(2, dtype=dt)
    for big in (2**64, 2**70, -(2**80)):
        with np.errstate(all="ignore"):
            assert_same(cp.tensor(a) + big, a + big, context=f"{dt} + {big}")
            assert_same(big * cp.tensor(a), big * a, context=f"{big} * {dt}")


@pytest.mark.parametrize("scalar", [np.bool_(True), np.int32(3), np.int64(-3), np.float32(2.5), np.float64(-2.5)],
                         ids=lambda s: type(s).__name__)
def test_numpy_scalar_operands_follow_numpy(scalar):
    """NumPy scalars are not Python scalars: under NEP 50 their dtype counts
    (np.ones(2, 'f4') + np.float64(2.5) is float64). Either way the result
    must be a corepy tensor, not a NumPy array. Every mismatch is listed."""
    problems = []
    for dt in ("int32", "float32", "float64"):
        a = np.array([1, 2], dtype=dt)
        for name, fn in OPS.items():
            for first, f in (("tensor", fn), ("scalar", lambda x, s, f=fn: f(s, x))):
                try:
                    check_against_numpy(f, f, (tensor_of(a), scalar), (a, scalar),
                                        context=f"{dt} tensor {name} {scalar!r} ({first} first)")
                except AssertionError as exc:
                    problems.append(str(exc).split("\n")[0])
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_float_specials_bitwise():
    vals = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1.7976931348623157e308]
    for dt in ("float32", "float64"):
        with np.errstate(all="ignore"):
            x = np.array(vals, dtype=dt)
        a = np.repeat(x, len(x))
        b = np.tile(x, len(x))
        for name, fn in OPS.items():
            check_against_numpy(fn, fn, (tensor_of(a), tensor_of(b)), (a, b), context=f"{dt} {name} specials")
        # -0.0 survives: 0 * -1 = -0, -0 + -0 = -0, -(0) = -0
        assert np.signbit(as_numpy(cp.tensor([0.0], dtype=dt) * -1.0))[0]
        assert np.signbit(as_numpy(cp.tensor([-0.0], dtype=dt) + -0.0))[0]
        assert np.signbit(as_numpy(-cp.tensor([0.0], dtype=dt)))[0]
        assert not np.signbit(as_numpy(cp.tensor([-0.0], dtype=dt) + 0.0))[0]


def test_subnormals_are_not_flushed():
    """The SIMD kernels must not run with flush-to-zero / denormals-are-zero."""
    for dt, tiny in (("float32", np.float32(1e-45)), ("float64", 5e-324)):
        t = cp.tensor(np.array([tiny, tiny * 4], dtype=dt))
        got = as_numpy(t + t)
        assert got[0] == np.array(tiny, dtype=dt) * 2 and got[0] != 0
        assert as_numpy(t * 0.5)[1] != 0  # 2*tiny: subnormal result
        assert as_numpy(t / 2.0)[1] == np.array(tiny * 2, dtype=dt)


def test_division_by_zero_follows_ieee():
    a = cp.tensor([1.0, -1.0, 0.0])
    assert as_numpy(a / 0.0).tolist()[:2] == [np.inf, -np.inf]
    assert np.isnan(as_numpy(a / 0.0)[2])
    ints = cp.tensor([1, -1, 0])
    got = as_numpy(ints / 0)
    assert got.dtype == np.float64 and got[0] == np.inf and got[1] == -np.inf and np.isnan(got[2])


@pytest.mark.parametrize("name", sorted(OPS))
def test_module_functions_equal_operators(name):
    a = cp.tensor(np.arange(1, 7, dtype=np.float32).reshape(2, 3))
    b = cp.tensor(np.full((2, 3), 3.0, dtype=np.float32))
    assert_same(MODULE_OPS[name](a, b), as_numpy(OPS[name](a, b)), context=name)
    assert_same(MODULE_OPS[name](a, 2), as_numpy(OPS[name](a, 2)), context=name)
    assert_same(MODULE_OPS[name](2, a), as_numpy(OPS[name](2, a)), context=name)


def test_unary_plus_and_results_are_new_tensors():
    a = cp.tensor([1.0, 2.0])
    assert (+a).tolist() == [1.0, 2.0]
    c = a + 0
    assert c.__array_interface__["data"][0] != a.__array_interface__["data"][0]
    a.numpy()[0] = 5.0
    assert c.tolist() == [1.0, 2.0]


def test_ops_do_not_modify_their_inputs():
    x = np.arange(10, dtype=np.float64)
    a, b = tensor_of(x), cp.tensor(x[::-1].copy())
    for fn in OPS.values():
        fn(a, b)
        fn(a, 3)
    -a
    assert a.tolist() == x.tolist() and b.tolist() == x[::-1].tolist()


def test_python_threads_can_share_tensors():
    """Large ops release the GIL; concurrent callers must still get NumPy's
    answers (shared arena, shared worker pool)."""
    x = random_array("float64", (PARALLEL_MIN + 5,), 11, specials=False)
    y = random_array("float64", (PARALLEL_MIN + 5,), 12, specials=False)
    a, b = tensor_of(x), tensor_of(y)
    errors = []

    def work(i):
        try:
            for _ in range(5):
                r = (a * b + i) if i % 2 else (a - b) / 3.0
                expected = (x * y + i) if i % 2 else (x - y) / 3.0
                np.testing.assert_array_equal(as_numpy(r), expected)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors[0]


@pytest.mark.parametrize("fn", ["add", "subtract", "multiply", "minimum", "maximum"])
@pytest.mark.parametrize("forms", ["0d-0d", "0d-scalar", "scalar-0d"])
def test_single_element_operands_broadcast_into_larger_out(fn, forms):
    # Regression (found by the API fuzzer): two single-element sides written
    # into a larger out= once took the contiguous kernel and read n elements
    # from each one-element buffer (garbage, and reads past the buffer).
    x, y = np.float32(3.5), np.float32(-1.25)
    left = cp.tensor(x) if forms.startswith("0d") else float(x)
    right = cp.tensor(y) if forms.endswith("0d") else float(y)
    out = cp.ones((7, 9), dtype="float32")
    got = getattr(cp, fn)(left, right, out=out)
    want = np.broadcast_to(getattr(np, fn)(x, y), (7, 9))
    assert got is out
    np.testing.assert_array_equal(np.asarray(out.tolist(), dtype=np.float32), want)


@pytest.mark.parametrize("fn", ["less", "greater_equal", "equal", "exp", "sqrt", "negative"])
def test_result_broadcasts_into_larger_out_like_numpy(fn):
    # NumPy writes a (3,)-shaped result into every row of a (2, 3) out=;
    # an out= the result cannot broadcast to is a ValueError in both.
    x = np.array([0.5, 1.0, 4.0], dtype=np.float32)
    y = np.array([1.0, 1.0, 1.0], dtype=np.float32)
    args = (x, y) if fn in ("less", "greater_equal", "equal") else (x,)
    want_dtype = np.bool_ if len(args) == 2 else np.float32
    want = getattr(np, fn)(*args, out=np.zeros((2, 3), dtype=want_dtype))
    out = cp.zeros((2, 3), dtype=np.dtype(want_dtype).name)
    got = getattr(cp, fn)(*[cp.tensor(a) for a in args], out=out)
    assert got is out
    # exp: corepy's and NumPy's kernels may differ by an ulp
    np.testing.assert_allclose(np.asarray(out.tolist(), dtype=want_dtype), want, rtol=3e-7)
    with pytest.raises(ValueError):
        getattr(np, fn)(*args, out=np.zeros((2,), dtype=want_dtype))
    with pytest.raises(ValueError, match=r"\(2,\)"):
        getattr(cp, fn)(*[cp.tensor(a) for a in args], out=cp.zeros((2,), dtype=np.dtype(want_dtype).name))

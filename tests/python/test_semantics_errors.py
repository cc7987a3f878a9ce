"""Error paths of the semantics API: the exception type (the one NumPy raises
for the same call, where NumPy has the call; NumPy's AxisError is both a
ValueError and an IndexError, so either is accepted there) and the message
content (the operation and the offending shapes, dtypes or values, taken
from the inputs)."""
import operator
import re

import numpy as np
import pytest

import corepy as cp

T = cp.ones((2, 3))
A = np.ones((2, 3))
AXIS_ERROR = (ValueError, IndexError)


def _setitem(obj, key, value):
    obj[key] = value


def _iadd(obj, value):
    obj += value


# (label, corepy call, NumPy call or None, expected exception(s), message fragments)
CASES = [
    # elementwise
    ("add shapes", lambda: cp.ones(3) + cp.ones(4), lambda: np.ones(3) + np.ones(4), ValueError, ["add", "(3,)", "(4,)"]),
    ("subtract bool", lambda: cp.tensor([True]) - cp.tensor([False]), lambda: np.array([True]) - np.array([False]),
     TypeError, ["subtract", "bool"]),
    ("negative bool", lambda: -cp.tensor([True]), lambda: -np.array([True]), TypeError, ["negative", "bool"]),
    ("sign bool", lambda: cp.sign(cp.tensor([True])), lambda: np.sign(np.array([True])), TypeError, ["sign", "bool"]),
    ("bitwise_and float64", lambda: T & T, lambda: A & A, TypeError, ["bitwise_and", "float64"]),
    ("bitwise_or float32", lambda: cp.bitwise_or(T.astype("float32"), 1), lambda: np.bitwise_or(A.astype(np.float32), 1),
     TypeError, ["bitwise_or", "float32"]),
    ("invert float32", lambda: ~T.astype("float32"), lambda: ~A.astype(np.float32), TypeError, ["invert", "float32"]),
    ("int ** negative int", lambda: cp.tensor([2, 3]) ** cp.tensor([1, -1]), lambda: np.array([2, 3]) ** np.array([1, -1]),
     ValueError, ["negative"]),
    ("int32 + 2**31", lambda: cp.tensor([1], dtype="int32") + 2**31, lambda: np.array([1], dtype=np.int32) + 2**31,
     OverflowError, ["2147483648", "int32"]),
    ("int64 - 2**64", lambda: cp.tensor([1]) - 2**64, lambda: np.array([1]) - 2**64, OverflowError,
     ["18446744073709551616", "int64"]),
    ("tensor + str", lambda: T + "a", lambda: A + "a", TypeError, ["str"]),
    ("tensor * None", lambda: T * None, lambda: A * None, TypeError, ["NoneType"]),
    ("cp.add(tensor, str)", lambda: cp.add(T, "a"), lambda: np.add(A, "a"), TypeError, ["add", "str"]),
    ("cp.add(1, 2)", lambda: cp.add(1, 2), None, TypeError, ["add", "tensor"]),
    ("cp.exp(str)", lambda: cp.exp("a"), lambda: np.exp("a"), TypeError, ["exp", "str"]),
    ("t += str", lambda: _iadd(cp.ones(2), "a"), lambda: _iadd(np.ones(2), "a"), TypeError, ["str"]),
    ("where shapes", lambda: cp.where(cp.ones(2, dtype="bool"), cp.ones(3), 0.0),
     lambda: np.where(np.ones(2, dtype=bool), np.ones(3), 0.0), ValueError, ["where", "(2,)", "(3,)"]),
    # views
    ("reshape size", lambda: T.reshape(4), lambda: A.reshape(4), ValueError, ["6", "(4,)"]),
    ("reshape two -1", lambda: T.reshape(-1, -1), lambda: A.reshape(-1, -1), ValueError, ["-1"]),
    ("reshape -2", lambda: T.reshape(-2, 3), None, ValueError, ["-2"]),  # NumPy takes any negative as -1
    ("mT of 1-D", lambda: cp.ones(3).mT, lambda: np.ones(3).mT, ValueError, ["(3,)"]),
    ("transpose axes count", lambda: T.transpose(0), lambda: A.transpose(0), ValueError, ["axes", "[0]"]),
    ("transpose repeated axis", lambda: T.transpose(0, 0), lambda: A.transpose(0, 0), ValueError, ["repeated"]),
    ("permute_dims axis out of range", lambda: T.permute_dims([0, 2]), lambda: np.permute_dims(A, [0, 2]), AXIS_ERROR,
     ["2"]),
    ("expand_dims axis out of range", lambda: T.expand_dims(3), lambda: np.expand_dims(A, 3), AXIS_ERROR, ["3"]),
    ("squeeze size-2 axis", lambda: T.squeeze(0), lambda: A.squeeze(0), ValueError, ["squeeze", "size"]),
    ("squeeze 0-d with axis 1", lambda: cp.tensor(1.0).squeeze(1), lambda: np.array(1.0).squeeze(1), AXIS_ERROR, ["1"]),
    ("squeeze 0-d with axis (0,)", lambda: cp.tensor(1.0).squeeze((0,)), lambda: np.array(1.0).squeeze((0,)), AXIS_ERROR,
     ["0"]),
    ("squeeze repeated axis", lambda: cp.zeros((2, 1)).squeeze((1, 1)), lambda: np.zeros((2, 1)).squeeze((1, 1)),
     ValueError, ["duplicate"]),
    ("squeeze repeated axis, negative", lambda: cp.zeros((1, 2)).squeeze((0, -2)),
     lambda: np.zeros((1, 2)).squeeze((0, -2)), ValueError, ["duplicate"]),
    ("squeeze axis out of range", lambda: T.squeeze(5), lambda: A.squeeze(5), AXIS_ERROR, ["5"]),
    ("broadcast_to bad", lambda: T.broadcast_to((3, 3)), lambda: np.broadcast_to(A, (3, 3)), ValueError,
     ["(2, 3)", "(3, 3)"]),
    ("broadcast_to fewer dims", lambda: T.broadcast_to((3,)), lambda: np.broadcast_to(A, (3,)), ValueError,
     ["(2, 3)", "(3,)"]),
    ("broadcast_to negative", lambda: T.broadcast_to((-1, 3)), lambda: np.broadcast_to(A, (-1, 3)), ValueError, ["-1"]),
    ("flip axis out of range", lambda: T.flip(2), lambda: np.flip(A, 2), AXIS_ERROR, ["2"]),
    ("moveaxis out of range", lambda: cp.moveaxis(T, 2, 0), lambda: np.moveaxis(A, 2, 0), AXIS_ERROR, ["2"]),
    ("moveaxis lengths", lambda: cp.moveaxis(T, [0, 1], [0]), lambda: np.moveaxis(A, [0, 1], [0]), ValueError,
     ["source", "destination"]),
    # indexing
    ("too many indices", lambda: T[0, 0, 0], lambda: A[0, 0, 0], IndexError, ["too many indices", "3", "2"]),
    ("int index out of range", lambda: T[2], lambda: A[2], IndexError, ["2", "axis 0", "size 2"]),
    ("negative index out of range", lambda: T[0, -4], lambda: A[0, -4], IndexError, ["-4", "axis 1", "size 3"]),
    ("slice step zero", lambda: T[::0], lambda: A[::0], ValueError, ["step", "zero"]),
    ("index beyond int64", lambda: T[10**20], lambda: A[10**20], IndexError, ["100000000000000000000", "out of bounds"]),
    ("index beyond int64, negative", lambda: T[0, -10**20], lambda: A[0, -10**20], IndexError,
     ["-100000000000000000000", "out of bounds"]),
    ("float index", lambda: T[1.0], lambda: A[1.0], IndexError, ["float"]),
    ("str index", lambda: T["a"], lambda: A["a"], IndexError, ["str"]),
    ("two ellipses", lambda: T[..., ...], lambda: A[..., ...], IndexError, ["ellipsis"]),
    ("float index array", lambda: T[cp.tensor([0.0])], lambda: A[np.array([0.0])], IndexError, ["float64"]),
    ("setitem shape", lambda: _setitem(T.copy(), slice(None), cp.ones(4)), lambda: _setitem(A.copy(), slice(None), np.ones(4)),
     ValueError, ["(4,)", "(2, 3)"]),
    ("setitem int32 2**40", lambda: _setitem(cp.zeros(2, dtype="int32"), 0, 2**40),
     lambda: _setitem(np.zeros(2, dtype=np.int32), 0, 2**40), OverflowError, ["1099511627776", "int32"]),
    ("setitem str", lambda: _setitem(cp.zeros(2), 0, "a"), None, TypeError, ["str"]),
    ("masked setitem count", lambda: _setitem(T.copy(), cp.tensor([[True, False, True], [False] * 3]), cp.ones(3)),
     lambda: _setitem(A.copy(), np.array([[True, False, True], [False] * 3]), np.ones(3)), ValueError, ["3", "2"]),
    ("take axis out of range", lambda: cp.take(T, [0], axis=2), lambda: np.take(A, [0], axis=2), AXIS_ERROR, ["2"]),
    # reductions
    ("sum axis out of range", lambda: T.sum(axis=2), lambda: A.sum(axis=2), AXIS_ERROR, ["sum", "2"]),
    ("sum duplicate axis", lambda: T.sum(axis=(0, -2)), lambda: A.sum(axis=(0, -2)), ValueError, ["duplicate"]),
    ("sum axis str", lambda: T.sum(axis="a"), lambda: A.sum(axis="a"), TypeError, ["axis"]),
    ("max of empty", lambda: cp.zeros(0).max(), lambda: np.zeros(0).max(), ValueError, ["max"]),
    ("min of empty axis", lambda: cp.zeros((0, 2)).min(axis=0), lambda: np.zeros((0, 2)).min(axis=0), ValueError, ["min"]),
    ("argmax of empty", lambda: cp.argmax(cp.zeros(0)), lambda: np.argmax(np.zeros(0)), ValueError, ["argmax"]),
    ("argmin of empty", lambda: cp.zeros((2, 0)).argmin(axis=1), lambda: np.zeros((2, 0)).argmin(axis=1), ValueError,
     ["argmin"]),
    ("argmin of a non-number", lambda: cp.argmin(object()), None, TypeError, ["argmin"]),
    ("argmax tuple axis", lambda: cp.argmax(T, axis=(0, 1)), lambda: np.argmax(A, axis=(0, 1)), TypeError, ["tuple"]),
    ("argmax axis out of range", lambda: cp.argmax(T, axis=2), lambda: np.argmax(A, axis=2), AXIS_ERROR, ["2"]),
    ("cumsum axis out of range", lambda: cp.cumsum(T, axis=-3), lambda: np.cumsum(A, axis=-3), AXIS_ERROR, ["-3"]),
    ("var ddof str", lambda: T.var(ddof="a"), None, TypeError, ["ddof"]),
    # manipulation
    ("concat shapes", lambda: cp.concat([cp.ones((2, 3)), cp.ones((2, 4))]),
     lambda: np.concatenate([np.ones((2, 3)), np.ones((2, 4))]), ValueError, ["concat", "(2, 3)", "(2, 4)"]),
    ("concat ndims", lambda: cp.concat([cp.ones((2, 3)), cp.ones(3)]),
     lambda: np.concatenate([np.ones((2, 3)), np.ones(3)]), ValueError, ["(2, 3)", "(3,)"]),
    ("concat 0-d", lambda: cp.concat([cp.tensor(1.0), cp.tensor(2.0)]),
     lambda: np.concatenate([np.array(1.0), np.array(2.0)]), ValueError, ["zero-dimensional"]),
    ("concat nothing", lambda: cp.concat([]), lambda: np.concatenate([]), ValueError, ["at least one"]),
    ("concat axis out of range", lambda: cp.concat([T, T], axis=2), lambda: np.concatenate([A, A], axis=2), AXIS_ERROR,
     ["2"]),
    ("stack shapes", lambda: cp.stack([cp.ones(2), cp.ones(3)]), lambda: np.stack([np.ones(2), np.ones(3)]), ValueError,
     ["stack", "(2,)", "(3,)"]),
    ("stack nothing", lambda: cp.stack([]), lambda: np.stack([]), ValueError, ["at least one"]),
    ("stack axis out of range", lambda: cp.stack([T, T], axis=4), lambda: np.stack([A, A], axis=4), AXIS_ERROR, ["4"]),
    ("split unequal", lambda: cp.split(cp.ones(5), 2), lambda: np.split(np.ones(5), 2), ValueError, ["equal division"]),
    ("repeat negative", lambda: cp.repeat(T, -1), lambda: np.repeat(A, -1), ValueError, ["negative"]),
    ("repeat counts length", lambda: cp.repeat(T, [1, 2]), lambda: np.repeat(A, [1, 2]), ValueError,
     ["repeat", "2 repeat counts", "(6,)"]),
    ("round bool decimals", lambda: cp.round(cp.tensor([True]), 1), lambda: np.round(np.array([True]), 1), TypeError,
     ["round", "bool"]),
    ("sort axis out of range", lambda: cp.sort(T, axis=2), lambda: np.sort(A, axis=2), AXIS_ERROR, ["2"]),
    ("argsort axis out of range", lambda: cp.argsort(T, axis=-3), lambda: np.argsort(A, axis=-3), AXIS_ERROR, ["-3"]),
    # linear algebra
    ("matmul inner 2-D", lambda: cp.ones((2, 3)) @ cp.ones((4, 2)), lambda: np.ones((2, 3)) @ np.ones((4, 2)), ValueError,
     ["matmul", "(2, 3)", "(4, 2)"]),
    ("matmul vectors", lambda: cp.matmul(cp.ones(3), cp.ones(4)), lambda: np.matmul(np.ones(3), np.ones(4)), ValueError,
     ["matmul", "(3,)", "(4,)"]),
    ("matmul batch", lambda: cp.ones((2, 3, 4)) @ cp.ones((5, 4, 2)), lambda: np.ones((2, 3, 4)) @ np.ones((5, 4, 2)),
     ValueError, ["matmul", "2", "5"]),
    ("matmul 0-d", lambda: cp.matmul(cp.tensor(1.0), T), lambda: np.matmul(np.array(1.0), A), ValueError,
     ["matmul", "(2, 3)"]),
    # dtypes
    ("dtype unknown name", lambda: cp.dtype("nonsense"), lambda: np.dtype("nonsense"), TypeError, ["nonsense"]),
    ("dtype of object", lambda: cp.dtype(object), None, TypeError, ["object"]),
    ("can_cast casting", lambda: cp.can_cast("int32", "int64", "weird"),
     lambda: np.can_cast(np.int32, np.int64, "weird"), ValueError, ["weird"]),
    ("can_cast Python int", lambda: cp.can_cast(3, "int32"), lambda: np.can_cast(3, np.int32), TypeError, ["3"]),
    ("result_type of nothing", lambda: cp.result_type(), lambda: np.result_type(), ValueError, ["at least one"]),
    # conversion to Python
    ("bool of 6 elements", lambda: bool(T), lambda: bool(A), ValueError, ["ambiguous"]),
    ("bool of an empty tensor", lambda: bool(cp.zeros(0)), lambda: bool(np.zeros(0)), ValueError, ["empty", "ambiguous"]),
    ("len of 0-d", lambda: len(cp.tensor(1.0)), lambda: len(np.array(1.0)), TypeError, ["0-d"]),
    ("iter of 0-d", lambda: iter(cp.tensor(1.0)), lambda: iter(np.array(1.0)), TypeError, ["0-d"]),
    ("item of 6 elements", lambda: T.item(), lambda: A.item(), ValueError, ["(2, 3)"]),
    ("float of 6 elements", lambda: float(T), lambda: float(A), TypeError, ["(2, 3)"]),
    ("int of 6 elements", lambda: int(T), lambda: int(A), TypeError, ["(2, 3)"]),
    ("int of NaN", lambda: int(cp.tensor(float("nan"))), lambda: int(np.array(float("nan"))), ValueError, ["NaN"]),
    ("int of inf", lambda: int(cp.tensor(float("-inf"))), lambda: int(np.array(float("-inf"))), OverflowError, ["inf"]),
]


@pytest.mark.parametrize("label,cp_call,np_call,expected,fragments", CASES, ids=[c[0] for c in CASES])
def test_error_type_and_message(label, cp_call, np_call, expected, fragments):
    if np_call is not None:  # the expected type is NumPy's
        with np.errstate(all="ignore"), pytest.raises(expected):
            np_call()
    with pytest.raises(expected) as info:
        cp_call()
    msg = str(info.value)
    missing = [f for f in fragments if f.lower() not in msg.lower()]
    assert not missing, f"{label}: message {msg!r} lacks {missing}"


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power",
                                  "maximum", "minimum", "bitwise_and", "bitwise_or", "bitwise_xor", "equal",
                                  "not_equal", "less", "less_equal", "greater", "greater_equal"])
def test_binary_shape_errors_name_the_op_and_shapes(name):
    a, b = cp.ones((2, 3), dtype="int64"), cp.ones((4,), dtype="int64")
    with pytest.raises(ValueError):
        getattr(np, name)(np.ones((2, 3), dtype=np.int64), np.ones(4, dtype=np.int64))
    with pytest.raises(ValueError) as info:
        getattr(cp, name)(a, b)
    msg = str(info.value)
    assert name in msg and "(2, 3)" in msg and "(4,)" in msg, msg


def _strip_shapes(msg):
    return re.sub(r"\([0-9, ]*\)", "", msg)


@pytest.mark.parametrize("sa,sb,k_a,k_b", [((2, 3), (4, 2), 3, 4), ((2, 3), (5, 4, 2), 3, 4),
                                           ((7, 2, 3), (4, 6), 3, 4), ((3,), (5, 4, 2), 3, 4), ((2, 6), (5,), 6, 5)])
def test_matmul_mismatch_names_the_inner_dimensions(sa, sb, k_a, k_b):
    """Besides both shapes, the message states the two contracted sizes (the
    last dim of a and the second-to-last of b, or a 1-D b's only one)."""
    with pytest.raises(ValueError):
        np.ones(sa) @ np.ones(sb)
    with pytest.raises(ValueError) as info:
        cp.ones(sa) @ cp.ones(sb)
    msg = str(info.value)
    fmt = lambda s: f"({s[0]},)" if len(s) == 1 else "(" + ", ".join(map(str, s)) + ")"  # noqa: E731
    assert fmt(sa) in msg and fmt(sb) in msg, msg
    rest = _strip_shapes(msg)
    numbers = set(re.findall(r"\d+", rest))
    assert {str(k_a), str(k_b)} <= numbers, f"{msg!r}: the sizes {k_a} and {k_b} are not both named"
    wrong = {str(d) for d in sb} - {str(k_b), str(k_a)} - {str(i) for i in range(len(sa) + len(sb))}
    assert not (numbers & wrong), f"{msg!r}: names a size of b ({numbers & wrong}) that is not its contracted one"


def test_composite_functions_name_themselves_in_errors():
    """clip, vecdot and tensordot are built from other ops; their errors
    should still name the function the user called (README: errors name the
    operation and both shapes)."""
    failures = []
    for name, call in [("clip", lambda: cp.clip(T, cp.ones(4))),
                       ("vecdot", lambda: cp.vecdot(cp.ones(3), cp.ones(4))),
                       ("tensordot", lambda: cp.tensordot(cp.ones((2, 3, 4)), cp.ones((5, 6)), axes=1))]:
        try:
            call()
        except ValueError as exc:
            if name not in str(exc):
                failures.append(f"{name}: {exc}")
        else:
            failures.append(f"{name}: no error")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("op", ["+=", "-=", "*=", "//=", "%=", "**=", "&=", "|=", "^="])
def test_inplace_with_unsupported_operand(op):
    fn = {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "//=": operator.ifloordiv,
          "%=": operator.imod, "**=": operator.ipow, "&=": operator.iand, "|=": operator.ior, "^=": operator.ixor}[op]
    t = cp.ones(2, dtype="int64")
    with pytest.raises(TypeError) as info:
        fn(t, object())
    assert "object" in str(info.value)
    assert t.tolist() == [1, 1]


def test_errors_are_exceptions_not_panics():
    """Every error above is an Exception subclass (a Rust panic would surface
    as pyo3's PanicException, a BaseException)."""
    for label, cp_call, _, _, _ in CASES:
        try:
            cp_call()
        except Exception:  # noqa: BLE001 - the point of the test
            pass
        except BaseException as exc:  # pragma: no cover - a failure
            raise AssertionError(f"{label}: {type(exc).__name__} is not an Exception: {exc}") from None
        else:
            raise AssertionError(f"{label}: no error raised")


def test_messages_name_the_right_op_and_are_current():
    # argmin's conversion errors once said "argmax"; index errors once said
    # array indices were "not supported yet" (they are), and the truth value
    # message pointed at an issue instead of the fix.
    with pytest.raises(TypeError) as info:
        cp.argmin(object())
    assert "argmax" not in str(info.value)
    with pytest.raises(IndexError) as info:
        cp.zeros(3)[1.0]
    assert "not supported" not in str(info.value) and "boolean" in str(info.value)
    with pytest.raises(ValueError) as info:
        bool(cp.zeros(2))
    assert "issue" not in str(info.value) and ".any()" in str(info.value)


def test_squeeze_of_0d_takes_axis_0_or_minus_1_like_numpy():
    for axis in (0, -1):
        assert np.array(2.5).squeeze(axis).shape == ()
        t = cp.tensor(2.5).squeeze(axis)
        assert t.shape == () and t.item() == 2.5

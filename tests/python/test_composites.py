"""The composite ops that live in the runtime as one op each (moveaxis,
split, tile, repeat, roll, clip, logical_*, vecdot, tensordot, dot, outer)
against NumPy: every dtype, 0-size and 0-d shapes, and each error case with
the op's name and the user's shapes/axes in the message."""
import numpy as np
import pytest

import corepy as cp
from cp_testing import DTYPES, as_numpy, assert_same, tensor_of

rng = np.random.default_rng(1234)


def assert_product(t, expected, context):
    """Products: same shape, dtype and values (exact: the inputs are small
    integers); the sign of a zero may differ (NumPy's dot of 0-d operands
    accumulates from +0.0, corepy multiplies)."""
    expected = np.asarray(expected)
    assert t.shape == expected.shape, f"{context}: shape {t.shape} != NumPy's {expected.shape}"
    assert t.dtype.name == expected.dtype.name, f"{context}: dtype {t.dtype.name} != NumPy's {expected.dtype.name}"
    np.testing.assert_array_equal(as_numpy(t), expected, err_msg=context)


def arr(shape, dt):
    """Small integer values: every product/sum below is exact in every dtype."""
    if dt == "bool":
        return rng.integers(0, 2, size=shape).astype(bool)
    lo = 0 if dt == "uint8" else -3
    return rng.integers(lo, 4, size=shape).astype(dt)


# ---------------------------------------------------------------- moveaxis
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("src,dst", [(0, -1), (-1, 0), ((0, 1), (2, 0)), ([0, 2], [1, 0]), ((), ())])
def test_moveaxis_matches_numpy(dt, src, dst):
    a = arr((2, 0, 3) if dt == "int8" else (2, 3, 4), dt)
    assert_same(cp.moveaxis(tensor_of(a), src, dst), np.moveaxis(a, src, dst), context=f"moveaxis {src}->{dst}")


def test_moveaxis_errors():
    t = cp.ones((2, 3))
    with pytest.raises(IndexError, match=r"moveaxis: axis 5 is out of bounds for a tensor of dimension 2"):
        cp.moveaxis(t, 0, 5)
    with pytest.raises(ValueError, match=r"moveaxis: .*same number of elements"):
        cp.moveaxis(t, (0, 1), 0)
    with pytest.raises(ValueError, match=r"moveaxis: repeated axis"):
        cp.moveaxis(t, (0, 0), (0, 1))


# ---------------------------------------------------------------- split
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("spec", [1, 3, [1], [2, 4], [1, 10], [4, 2], [-2, 5], [0, 0, 6], []])
def test_split_matches_numpy(dt, spec):
    a = arr((2, 6), dt)
    got = cp.split(tensor_of(a), spec, axis=1)
    expected = np.array_split(a, spec, axis=1) if isinstance(spec, list) else np.split(a, spec, axis=1)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert_same(g, e, context=f"split {spec}")


def test_split_zero_size_and_negative_axis():
    a = np.zeros((0, 4), np.float32)
    for sections, axis in ((2, -1), (3, 0)):
        got, expected = cp.split(tensor_of(a), sections, axis=axis), np.split(a, sections, axis=axis)
        assert len(got) == len(expected) == sections, (sections, axis, len(got))
        for g, e in zip(got, expected):
            assert_same(g, e, context=f"split 0-size into {sections} along {axis}")


def test_split_errors_name_the_op():
    with pytest.raises(IndexError, match=r"split: axis 3 is out of bounds for a tensor of dimension 1"):
        cp.split(cp.ones(4), 2, axis=3)
    with pytest.raises(ValueError, match=r"split: array split does not result in an equal division"):
        cp.split(cp.ones(5), 2)
    with pytest.raises(ValueError, match=r"split: number of sections must be larger than 0"):
        cp.split(cp.ones(4), 0)
    with pytest.raises(ValueError, match=r"split: .*zero-dimensional"):
        cp.split(cp.ones(()), 1)
    with pytest.raises(TypeError, match=r"split: indices_or_sections must be an integer or a sequence"):
        cp.split(cp.ones(4), [1.5])


# ---------------------------------------------------------------- tile
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("shape,reps", [((3,), 2), ((2, 3), (2, 1)), ((2, 3), (2, 1, 3)), ((), (2, 2)),
                                        ((0, 2), (3, 2)), ((2, 3), 0), ((2, 3), ())])
def test_tile_matches_numpy(dt, shape, reps):
    a = arr(shape, dt)
    assert_same(cp.tile(tensor_of(a), reps), np.tile(a, reps), context=f"tile {shape} {reps}")


def test_tile_errors():
    with pytest.raises(ValueError, match=r"tile: reps may not contain negative values"):
        cp.tile(cp.ones(3), (2, -1))


# ---------------------------------------------------------------- repeat
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("repeats,axis", [(2, None), (0, 0), (3, 1), (2, -1), ([1, 0, 2], 1), ([2], 0),
                                          ([1, 2, 0, 1, 1, 3], None), (np.array([0, 1, 2]), 1)])
def test_repeat_matches_numpy(dt, repeats, axis):
    a = arr((2, 3), dt)
    assert_same(cp.repeat(tensor_of(a), repeats, axis=axis), np.repeat(a, repeats, axis=axis),
                context=f"repeat {repeats} axis={axis}")


def test_repeat_zero_size_and_zero_d():
    z = np.zeros((0, 3), np.int16)
    assert_same(cp.repeat(tensor_of(z), 2, axis=0), np.repeat(z, 2, axis=0), context="0-size")
    assert_same(cp.repeat(tensor_of(z), [1, 2, 3], axis=1), np.repeat(z, [1, 2, 3], axis=1), context="0-size counts")
    s = np.array(5.0)
    assert_same(cp.repeat(tensor_of(s), 3), np.repeat(s, 3), context="0-d")


def test_repeat_axis_out_of_bounds_raises_like_numpy():
    with pytest.raises(np.exceptions.AxisError):
        np.repeat(np.ones(3), 2, axis=3)
    # NumPy's AxisError is an IndexError; corepy raises IndexError for bad axes everywhere.
    with pytest.raises(IndexError, match=r"repeat: axis 3 is out of bounds for a tensor of dimension 1"):
        cp.repeat(cp.ones(3), 2, axis=3)
    with pytest.raises(IndexError, match=r"repeat: axis -2 is out of bounds for a tensor of dimension 1"):
        cp.repeat(cp.ones(3), [1, 1, 1], axis=-2)
    with pytest.raises(IndexError, match=r"repeat: axis 0 is out of bounds for a tensor of dimension 0"):
        cp.repeat(cp.ones(()), 2, axis=0)


def test_repeat_count_errors():
    with pytest.raises(ValueError, match=r"repeat: 2 repeat counts cannot be broadcast to axis 0 of size 3"):
        cp.repeat(cp.ones(3), [1, 2])
    with pytest.raises(ValueError, match=r"repeat: repeats may not contain negative values"):
        cp.repeat(cp.ones(3), [1, -1, 2])
    with pytest.raises(ValueError, match=r"repeat: repeats may not contain negative values"):
        cp.repeat(cp.ones(3), -1)


# ---------------------------------------------------------------- roll
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("shift,axis", [(1, None), (-7, None), ((1, 2), None), (2, 0), (-1, -1), ((1, 2), (0, 2)),
                                        (1, (0, 1)), ((1, -3), 2), ((2, 3), (1, 1)), (0, 1)])
def test_roll_matches_numpy(dt, shift, axis):
    a = arr((2, 3, 4), dt)
    assert_same(cp.roll(tensor_of(a), shift, axis=axis), np.roll(a, shift, axis=axis),
                context=f"roll {shift} axis={axis}")


def test_roll_zero_size_copies():
    z = np.zeros((0, 3), np.float32)
    assert_same(cp.roll(tensor_of(z), (1, 2), (0, 1)), np.roll(z, (1, 2), (0, 1)), context="0-size")
    t = cp.ones(3)
    r = cp.roll(t, 0)
    r[0] = 5.0
    assert as_numpy(t).tolist() == [1.0, 1.0, 1.0], "roll returns a copy, as NumPy"


def test_roll_errors():
    with pytest.raises(ValueError, match=r"roll: shift \(3 values\) and axis \(2 values\) cannot be broadcast"):
        cp.roll(cp.ones((2, 3)), (1, 2, 3), (0, 1))
    with pytest.raises(IndexError, match=r"roll: axis 2 is out of bounds for a tensor of dimension 2"):
        cp.roll(cp.ones((2, 3)), 1, 2)
    with pytest.raises(TypeError, match=r"roll: shift must be an integer or a sequence"):
        cp.roll(cp.ones(3), 1.5)


# ---------------------------------------------------------------- clip
@pytest.mark.parametrize("dt", DTYPES)
def test_clip_scalar_bounds(dt):
    a = arr((3, 4), dt)
    if dt == "bool":
        lo, hi = False, True
    else:
        lo, hi = (1, 2) if dt == "uint8" else (-1, 2)
    assert_same(cp.clip(tensor_of(a), lo, hi), np.clip(a, lo, hi), context="clip scalars")
    assert_same(cp.clip(tensor_of(a), lo, None), np.clip(a, lo, None), context="clip min only")
    assert_same(cp.clip(tensor_of(a), None, hi), np.clip(a, None, hi), context="clip max only")


@pytest.mark.parametrize("dt,bdt", [("int8", "int16"), ("uint8", "int8"), ("int32", "float32"), ("float32", "float64"),
                                    ("bool", "int8"), ("int64", "int64")])
def test_clip_tensor_bounds_promote_and_broadcast(dt, bdt):
    a = arr((3, 4), dt)
    lo = arr((4,), bdt)
    hi = arr((3, 1), bdt)
    assert_same(cp.clip(tensor_of(a), tensor_of(lo), tensor_of(hi)), np.clip(a, lo, hi), context=f"clip {dt} {bdt}")


def test_clip_nan_propagates_and_min_then_max():
    a = np.array([np.nan, -5.0, 0.5, 9.0], np.float32)
    assert_same(cp.clip(tensor_of(a), 0.0, 1.0), np.clip(a, 0.0, 1.0), context="nan")
    lo = np.array([0.0, np.nan, 0.0, 0.0], np.float32)
    assert_same(cp.clip(tensor_of(a), tensor_of(lo), 1.0), np.clip(a, lo, 1.0), context="nan bound")
    # min > max: NumPy applies min then max, so max wins.
    assert_same(cp.clip(tensor_of(a), 3.0, 1.0), np.clip(a, 3.0, 1.0), context="min > max")
    assert_same(cp.clip(tensor_of(np.array(2, np.int8)), 0, 1), np.clip(np.array(2, np.int8), 0, 1), context="0-d")
    z = np.zeros((0, 2), np.int32)
    assert_same(cp.clip(tensor_of(z), 0, 1), np.clip(z, 0, 1), context="0-size")


def test_clip_errors_name_the_op():
    with pytest.raises(ValueError, match=r"clip: shapes \(3,\) and \(2,\) do not match"):
        cp.clip(cp.ones(3), cp.ones(2))


# ---------------------------------------------------------------- logical
@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
@pytest.mark.parametrize("dta,dtb", [(d, d) for d in DTYPES] + [("float32", "int8"), ("uint8", "bool")])
def test_logical_on_any_dtype(name, dta, dtb):
    a = arr((3, 4), dta)
    b = arr((4,), dtb)
    assert_same(getattr(cp, name)(tensor_of(a), tensor_of(b)), getattr(np, name)(a, b), context=f"{name} {dta} {dtb}")


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
def test_logical_truthiness_of_nan_zero_and_scalars(name):
    a = np.array([0.0, -0.0, np.nan, 2.5, np.inf], np.float64)
    b = np.array([1, 0, 0, 3, 0], np.int16)
    assert_same(getattr(cp, name)(tensor_of(a), tensor_of(b)), getattr(np, name)(a, b), context=name)
    assert_same(getattr(cp, name)(tensor_of(a), 0), getattr(np, name)(a, 0), context=f"{name} scalar")
    assert_same(getattr(cp, name)(1.5, tensor_of(b)), getattr(np, name)(1.5, b), context=f"{name} scalar left")
    assert_same(getattr(cp, name)([0, 1], [1, 1]), getattr(np, name)([0, 1], [1, 1]), context=f"{name} lists")
    with pytest.raises(ValueError, match=rf"{name}: shapes \(3,\) and \(2,\) do not match"):
        getattr(cp, name)(cp.ones(3), cp.ones(2))


# ---------------------------------------------------------------- vecdot
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("sa,sb,axis", [((3,), (3,), -1), ((2, 3), (3,), -1), ((4, 1, 3), (2, 3), -1),
                                        ((3, 2), (3, 2), 0), ((2, 3, 4), (2, 3, 4), 1), ((0, 3), (3,), -1),
                                        ((2, 0), (2, 0), -1)])
def test_vecdot_matches_numpy(dt, sa, sb, axis):
    a, b = arr(sa, dt), arr(sb, dt)
    assert_product(cp.vecdot(tensor_of(a), tensor_of(b), axis=axis), np.vecdot(a, b, axis=axis),
                   f"vecdot {sa} {sb} axis={axis}")


def test_vecdot_common_dtype_wraps_and_mixes():
    a = np.full(4, 100, np.int8)
    assert_product(cp.vecdot(tensor_of(a), tensor_of(a)), np.vecdot(a, a), "int8 wraps")
    b = np.arange(4, dtype=np.uint8)
    assert_product(cp.vecdot(tensor_of(a), tensor_of(b)), np.vecdot(a, b), "int8 x uint8 -> int16")
    c = np.arange(4, dtype=np.float32)
    assert_product(cp.vecdot(tensor_of(a), tensor_of(c)), np.vecdot(a, c), "int8 x float32")


def test_vecdot_errors():
    with pytest.raises(ValueError):
        np.vecdot(np.ones(3), np.ones(1))
    with pytest.raises(ValueError, match=r"vecdot: shapes \(3,\) and \(1,\) have different sizes along axis -1: 3 != 1"):
        cp.vecdot(cp.ones(3), cp.ones(1))
    with pytest.raises(ValueError, match=r"vecdot: shapes \(2, 3\) and \(4, 3\) do not broadcast"):
        cp.vecdot(cp.ones((2, 3)), cp.ones((4, 3)))
    with pytest.raises(IndexError, match=r"vecdot: axis 2 is out of bounds for a tensor of dimension 2"):
        cp.vecdot(cp.ones((2, 3)), cp.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match=r"vecdot: operands must have at least one dimension"):
        cp.vecdot(cp.ones(()), cp.ones(3))


# ---------------------------------------------------------------- tensordot
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("sa,sb,axes", [((2, 3, 4), (3, 4, 5), 2), ((2, 3), (3, 4), 1), ((2, 3), (4, 5), 0),
                                        ((2, 3, 4), (4, 3, 2), ([1, 2], [1, 0])), ((3, 4), (4, 3), ((0, 1), (1, 0))),
                                        ((0, 3), (3, 2), 1), ((2, 0), (0, 3), 1), ((2, 3), (3, 0), ([1], [0])),
                                        ((2, 3), (2, 3), (0, 0))])
def test_tensordot_matches_numpy(dt, sa, sb, axes):
    a, b = arr(sa, dt), arr(sb, dt)
    assert_product(cp.tensordot(tensor_of(a), tensor_of(b), axes=axes), np.tensordot(a, b, axes=axes),
                   f"tensordot {sa} {sb} axes={axes}")


def test_tensordot_errors_use_the_user_s_shapes():
    with pytest.raises(ValueError, match=r"tensordot: shape mismatch for sum: axis 1 of \(2, 3\) has size 3 "
                                         r"but axis 0 of \(4, 5\) has size 4"):
        cp.tensordot(cp.ones((2, 3)), cp.ones((4, 5)), axes=1)
    with pytest.raises(ValueError, match=r"tensordot: cannot contract 3 axes of shapes \(2, 3\) and \(3, 4\)"):
        cp.tensordot(cp.ones((2, 3)), cp.ones((3, 4)), axes=3)
    with pytest.raises(ValueError, match=r"tensordot: axes lists have different lengths"):
        cp.tensordot(cp.ones((2, 3)), cp.ones((3, 4)), axes=([0, 1], [0]))
    with pytest.raises(IndexError, match=r"tensordot: axis 4 is out of bounds for a tensor of dimension 2"):
        cp.tensordot(cp.ones((2, 3)), cp.ones((3, 4)), axes=([4], [0]))


# ---------------------------------------------------------------- dot, outer, @
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("sa,sb", [((), ()), ((), (2, 3)), ((3,), ()), ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)),
                                   ((2, 3), (3, 4)), ((2, 2, 3), (3, 4)), ((2, 3), (4, 3, 5)),
                                   ((2, 2, 3), (4, 3, 5)), ((0, 3), (2, 3, 0)), ((0,), (0,))])
def test_dot_matches_numpy(dt, sa, sb):
    a, b = arr(sa, dt), arr(sb, dt)
    assert_product(cp.dot(tensor_of(a), tensor_of(b)), np.dot(a, b), f"dot {sa} {sb}")


def test_dot_nd_is_not_matmul():
    a, b = arr((2, 3, 4), "float64"), arr((2, 4, 5), "float64")
    got = cp.dot(tensor_of(a), tensor_of(b))
    assert got.shape == (2, 3, 2, 5) != np.matmul(a, b).shape
    assert_product(got, np.dot(a, b), "dot 3-D")


def test_dot_errors():
    with pytest.raises(ValueError, match=r"dot: shapes \(2, 3\) and \(4, 2, 5\) not aligned: 3 \(dim 1\) != 2 \(dim 1\)"):
        cp.dot(cp.ones((2, 3)), cp.ones((4, 2, 5)))
    with pytest.raises(ValueError, match=r"dot: shapes \(3,\) and \(4,\) not aligned"):
        cp.dot(cp.ones(3), cp.ones(4))


@pytest.mark.parametrize("dta,dtb", [("int8", "int8"), ("bool", "bool"), ("uint8", "float32"), ("int64", "int16")])
def test_outer_matches_numpy(dta, dtb):
    a, b = arr((2, 2), dta), arr((3,), dtb)
    assert_product(cp.outer(tensor_of(a), tensor_of(b)), np.outer(a, b), "outer")


def test_matmul_operator_takes_array_likes_on_either_side():
    m = np.array([[1.0, 2.0], [3.0, 4.0]])
    t = tensor_of(m)
    assert_same(t @ [1.0, 2.0], m @ [1.0, 2.0], context="t @ list")
    assert_same([1.0, 2.0] @ t, [1.0, 2.0] @ m, context="list @ t")
    assert_same(t @ ((1.0, 0.0), (0.0, 1.0)), m @ ((1.0, 0.0), (0.0, 1.0)), context="t @ tuple")
    with pytest.raises(ValueError, match=r"matmul: .*at least one dimension"):
        t @ 2.0
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 2\) and \(3,\) are not aligned"):
        t @ [1.0, 2.0, 3.0]
    with pytest.raises(TypeError):
        t @ "ab"


def test_absurd_result_sizes_raise_with_the_sizes():
    with pytest.raises((ValueError, MemoryError), match=r"tile: .*\(8,\)"):
        cp.tile(cp.ones(8), (2**61,))
    with pytest.raises((ValueError, MemoryError), match=r"repeat: .*\(8,\)"):
        cp.repeat(cp.ones(8), 2**61)
    with pytest.raises(ValueError, match=r"repeat: .*too large"):
        cp.repeat(cp.ones(2), [2**62, 2**62])
    with pytest.raises(MemoryError, match=r"\d+ bytes"):
        cp.repeat(cp.ones(2), [2**40, 2**40])

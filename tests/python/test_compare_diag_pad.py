"""isclose, allclose, array_equal, array_equiv, diagonal, diag, trace,
identity, tri, tril, triu and pad against NumPy: broadcasting, 0-d and empty
shapes, several dtypes, NaN and infinities, non-contiguous views, and the
errors NumPy raises."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    as_numpy,
    assert_same,
    check_against_numpy,
    examples,
    operands,
    random_array,
    seeds,
    tensor_of,
)

TEST_DTYPES = ["bool", "int32", "int64", "float32", "float64"]
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
matrix_shapes = hnp.array_shapes(min_dims=2, max_dims=4, min_side=0, max_side=4)

# Values near each other at the default tolerances (1 + 1e-5 is the edge of
# rtol), tiny values around atol, specials and large magnitudes.
FLOAT_VALUES = [0.0, -0.0, 1.0, -1.0, 1.0 + 1e-9, 1.0 + 1e-5, 1.0 + 1.1e-5, 1.0 - 1e-5, 0.99999, 1e-8, 2e-8, -1e-8,
                1e-9, 100.0, 100.001, 100.002, 1e30, 1.00001e30, 3.4e38, 1e-45, 5e-324, np.nan, np.inf, -np.inf]
INT_VALUES = [0, 1, -1, 2, 100, 101, -(2**31), 2**31 - 1, 2**53, 2**53 + 1, -(2**62)]


def values_for(dtype):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return st.booleans()
    if dtype.kind == "i":
        info = np.iinfo(dtype)
        return st.sampled_from([v for v in INT_VALUES if info.min <= v <= info.max])
    with np.errstate(all="ignore"):
        return st.sampled_from(sorted(set(np.array(FLOAT_VALUES, dtype=np.float64).astype(dtype).tolist()),
                                      key=repr))


dtypes = st.sampled_from(TEST_DTYPES)
tolerances = st.sampled_from([0.0, 1e-8, 1e-5, 1e-3, 0.5])


def numpy_value(fn, *args, **kwargs):
    with np.errstate(all="ignore"):
        return fn(*args, **kwargs)


# --------------------------------------------------------------------------
# isclose, allclose, array_equal, array_equiv
# --------------------------------------------------------------------------

@examples(1.5)
@given(data=st.data(), shapes2=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
       da=dtypes, db=dtypes, rtol=tolerances, atol=tolerances, equal_nan=st.booleans())
def test_isclose_matches_numpy(data, shapes2, da, db, rtol, atol, equal_nan):
    sa, sb = shapes2.input_shapes
    a = data.draw(operands(da, sa, values_for(da)), label="a")
    b = data.draw(operands(db, sb, values_for(db)), label="b")
    expected = numpy_value(np.isclose, a.a, b.a, rtol=rtol, atol=atol, equal_nan=equal_nan)
    got = cp.isclose(a.t, b.t, rtol=rtol, atol=atol, equal_nan=equal_nan)
    assert_same(got, expected, context=f"isclose({a}, {b}, rtol={rtol}, atol={atol}, equal_nan={equal_nan})")
    all_expected = numpy_value(np.allclose, a.a, b.a, rtol=rtol, atol=atol, equal_nan=equal_nan)
    all_got = cp.allclose(a.t, b.t, rtol=rtol, atol=atol, equal_nan=equal_nan)
    assert type(all_got) is bool and all_got == bool(all_expected)


@examples(1.0)
@given(data=st.data(), shape=shapes, dtype=st.sampled_from(["float32", "float64", "int32", "int64", "bool"]),
       scalar=st.sampled_from([0, 1, 2, True, 0.0, 1.0, 1.00001, 1e-8, 100.0, np.nan, np.inf, -np.inf]),
       scalar_first=st.booleans(), equal_nan=st.booleans())
def test_isclose_with_python_numbers_matches_numpy(data, shape, dtype, scalar, scalar_first, equal_nan):
    a = data.draw(operands(dtype, shape, values_for(dtype)), label="a")
    args_np = (scalar, a.a) if scalar_first else (a.a, scalar)
    args_cp = (scalar, a.t) if scalar_first else (a.t, scalar)
    expected = numpy_value(np.isclose, *args_np, equal_nan=equal_nan)
    assert_same(cp.isclose(*args_cp, equal_nan=equal_nan), expected, context=f"isclose{args_np}")


def test_isclose_rules_for_nan_and_infinity():
    a = np.array([np.nan, np.nan, np.inf, np.inf, -np.inf, 1.0, np.inf, 1e308])
    b = np.array([np.nan, 1.0, np.inf, -np.inf, -np.inf, np.inf, 1e308, np.inf])
    for equal_nan in (False, True):
        for rtol, atol in ((1e-5, 1e-8), (np.inf, np.inf), (0.0, 0.0)):
            expected = numpy_value(np.isclose, a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
            assert_same(cp.isclose(cp.tensor(a), cp.tensor(b), rtol=rtol, atol=atol, equal_nan=equal_nan), expected,
                        context=f"rtol={rtol} atol={atol} equal_nan={equal_nan}")


def test_isclose_two_numbers_and_lists():
    assert_same(cp.isclose(1.0, 1.0 + 1e-9), np.asarray(np.isclose(1.0, 1.0 + 1e-9)))
    assert_same(cp.isclose(1, 2), np.asarray(np.isclose(1, 2)))
    assert_same(cp.isclose([1.0, 2.0], [[1.0], [2.0]]), np.isclose([1.0, 2.0], [[1.0], [2.0]]))
    assert cp.allclose([1.0, np.nan], [1.0, np.nan], equal_nan=True) is True
    assert cp.allclose([1.0, np.nan], [1.0, np.nan]) is False


@examples(0.3)
@given(seed=seeds, n=st.sampled_from([65537, 200_003]), dtype=st.sampled_from(["float32", "float64"]))
def test_isclose_large_inputs_match_numpy(seed, n, dtype):
    a = random_array(dtype, (n,), seed)
    rng = np.random.default_rng(seed + 1)
    with np.errstate(all="ignore"):
        b = (a * (1 + rng.choice([0.0, 1e-6, 1e-4], size=n))).astype(dtype)
    expected = numpy_value(np.isclose, a, b, equal_nan=True)
    assert_same(cp.isclose(tensor_of(a), tensor_of(b), equal_nan=True), expected)
    # A strided view of a large tensor and a broadcast row.
    t = tensor_of(a)
    assert_same(cp.isclose(t[::2], t[1::2][:1]), numpy_value(np.isclose, a[::2], a[1::2][:1]))


@examples(1.5)
@given(data=st.data(), sa=shapes, same_shape=st.booleans(), sb=shapes, da=dtypes, db=dtypes, equal_nan=st.booleans())
def test_array_equal_matches_numpy(data, sa, same_shape, sb, da, db, equal_nan):
    sb = sa if same_shape else sb
    a = data.draw(operands(da, sa, values_for(da)), label="a")
    b = data.draw(operands(db, sb, values_for(db)), label="b")
    b_a, b_t = b.a, b.t
    if same_shape and data.draw(st.booleans(), label="b = a converted"):  # equal arrays are common
        with np.errstate(all="ignore"):
            b_a = a.a.astype(db)
        b_t = tensor_of(b_a)
    expected = numpy_value(np.array_equal, a.a, b_a, equal_nan=equal_nan)
    got = cp.array_equal(a.t, b_t, equal_nan=equal_nan)
    assert type(got) is bool and got == bool(expected), f"{a} {b} equal_nan={equal_nan}"


@examples(1.0)
@given(data=st.data(), shapes2=st.one_of(
    hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3).map(lambda s: s.input_shapes),
    st.tuples(shapes, shapes)), da=dtypes, db=dtypes)
def test_array_equiv_matches_numpy(data, shapes2, da, db):
    sa, sb = shapes2
    a = data.draw(operands(da, sa, st.sampled_from([0, 1])), label="a")
    b = data.draw(operands(db, sb, st.sampled_from([0, 1])), label="b")
    expected = numpy_value(np.array_equiv, a.a, b.a)
    got = cp.array_equiv(a.t, b.t)
    assert type(got) is bool and got == bool(expected), f"{a} {b}"


def test_array_equal_nan_and_python_values():
    x = cp.tensor([1.0, np.nan, np.inf])
    assert cp.array_equal(x, x) is False
    assert cp.array_equal(x, x, equal_nan=True) is True
    assert cp.array_equal(x, cp.tensor([1.0, np.nan, -np.inf]), equal_nan=True) is False
    assert cp.array_equal([1, 2], [1, 2]) is True
    assert cp.array_equal(cp.tensor([1, 2], dtype="int32"), cp.tensor([1, 2], dtype="int64"), equal_nan=True) is True
    assert cp.array_equal(cp.zeros((0, 3)), cp.zeros((3, 0))) is False
    assert cp.array_equiv(cp.tensor([1, 2]), [[1, 2], [1, 3]]) is False
    assert cp.array_equiv(cp.tensor([1, 2]), [1, 2, 3]) is False


def test_isclose_errors():
    with pytest.raises(ValueError, match="isclose"):
        cp.isclose(cp.zeros((2, 3)), cp.zeros((4,)))
    with pytest.raises(ValueError, match="allclose"):
        cp.allclose(cp.zeros((2, 3)), cp.zeros((4,)))
    with pytest.raises(TypeError, match="isclose"):
        cp.isclose(cp.zeros(3), "abc")
    with pytest.raises(TypeError):
        cp.isclose(cp.zeros(3), cp.zeros(3), rtol="big")


# --------------------------------------------------------------------------
# diagonal, diag, trace
# --------------------------------------------------------------------------

@examples(1.5)
@given(data=st.data(), shape=matrix_shapes, dtype=dtypes, offset=st.integers(-5, 5), method=st.booleans())
def test_diagonal_matches_numpy(data, shape, dtype, offset, method):
    nd = len(shape)
    axis1 = data.draw(st.integers(-nd, nd - 1), label="axis1")
    axis2 = data.draw(st.integers(-nd, nd - 1), label="axis2")
    a = data.draw(operands(dtype, shape), label="a")
    if method:
        check_against_numpy(lambda t: t.diagonal(offset, axis1, axis2), lambda x: x.diagonal(offset, axis1, axis2),
                            (a.t,), (a.a,), context=f"{a}.diagonal({offset}, {axis1}, {axis2})")
    else:
        check_against_numpy(cp.diagonal, np.diagonal, (a.t, offset, axis1, axis2), (a.a, offset, axis1, axis2),
                            context=f"diagonal({a}, {offset}, {axis1}, {axis2})")


def test_diagonal_is_a_view():
    x = cp.arange(12).reshape((3, 4))
    d = x.diagonal(1)
    x[1, 2] = 100
    assert d.tolist() == [1, 100, 11]
    assert cp.diag(x, -1).tolist() == [4, 9]


@pytest.mark.parametrize("shape,args", [((3,), (0, 0, 1)), ((), (0, 0, 1)), ((2, 3), (0, 1, 1)), ((2, 3), (0, -2, 0)),
                                        ((2, 3), (0, 0, 2)), ((2, 3, 4), (0, -4, 0))])
def test_diagonal_errors(shape, args):
    a = np.zeros(shape)
    check_against_numpy(cp.diagonal, np.diagonal, (tensor_of(a), *args), (a, *args), context=f"{shape} {args}")


@examples(1.0)
@given(data=st.data(), shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5), dtype=dtypes,
       k=st.integers(-6, 6))
def test_diag_matches_numpy(data, shape, dtype, k):
    a = data.draw(operands(dtype, shape), label="v")
    check_against_numpy(cp.diag, np.diag, (a.t, k), (a.a, k), context=f"diag({a}, {k})")


@examples(1.5)
@given(data=st.data(), shape=hnp.array_shapes(min_dims=2, max_dims=3, min_side=0, max_side=5), dtype=dtypes,
       offset=st.integers(-4, 4), out_dtype=st.sampled_from([None, "float32", "float64", "int32", "int64", "bool"]))
def test_trace_matches_numpy(data, shape, dtype, offset, out_dtype):
    nd = len(shape)
    axis1, axis2 = data.draw(st.permutations(range(nd)), label="axes")[:2]
    elems = values_for(dtype) if dtype != "float32" else st.sampled_from([0.0, 1.5, -2.25, 3.0, np.nan, np.inf])
    a = data.draw(operands(dtype, shape, elems), label="a")
    expected = numpy_value(np.trace, a.a, offset, axis1, axis2, dtype=out_dtype)
    assert_same(cp.trace(a.t, offset, axis1, axis2, dtype=out_dtype), expected,
                context=f"trace({a}, {offset}, {axis1}, {axis2}, dtype={out_dtype})")
    assert_same(a.t.trace(offset, axis1, axis2, dtype=out_dtype), expected, context="Tensor.trace")


def test_trace_errors():
    with pytest.raises(ValueError, match="trace"):
        cp.trace(cp.zeros(3))
    with pytest.raises((ValueError, IndexError), match="trace"):
        cp.trace(cp.zeros((2, 2)), axis1=0, axis2=2)
    with pytest.raises(ValueError, match="trace"):
        cp.trace(cp.zeros((2, 2)), axis1=1, axis2=-1)
    with pytest.raises(NotImplementedError):
        cp.trace(cp.zeros((2, 2)), out=cp.zeros(()))


# --------------------------------------------------------------------------
# identity, tri, tril, triu
# --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [None, "bool", "int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_identity_matches_numpy(n, dtype):
    assert_same(cp.identity(n, dtype=dtype), np.identity(n, dtype=dtype))


@examples(1.0)
@given(n=st.integers(0, 6), m=st.one_of(st.none(), st.integers(0, 6)), k=st.integers(-8, 8),
       dtype=st.sampled_from([float, "bool", "int32", "int64", "float32", "float64"]))
def test_tri_matches_numpy(n, m, k, dtype):
    assert_same(cp.tri(n, m, k, dtype=dtype), np.tri(n, m, k, dtype=dtype), context=f"tri({n}, {m}, {k}, {dtype})")
    assert_same(cp.tri(n, m, k), np.tri(n, m, k))


@examples(1.5)
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5), dtype=dtypes,
       k=st.integers(-6, 6), lower=st.booleans())
def test_tril_triu_match_numpy(data, shape, dtype, k, lower):
    a = data.draw(operands(dtype, shape), label="m")
    cp_fn, np_fn = (cp.tril, np.tril) if lower else (cp.triu, np.triu)
    got = cp_fn(a.t, k)
    assert_same(got, np_fn(a.a, k), context=f"{np_fn.__name__}({a}, {k})")


def test_identity_tri_triangle_errors():
    with pytest.raises(ValueError, match="identity"):
        cp.identity(-1)
    with pytest.raises(ValueError, match="tri"):
        cp.tri(-2)
    with pytest.raises(ValueError, match="tri"):
        cp.tri(2, -1)
    with pytest.raises(ValueError, match="tril"):
        cp.tril(cp.tensor(1.0))
    with pytest.raises(ValueError, match="triu"):
        cp.triu(cp.tensor(1.0))
    with pytest.raises(TypeError):
        cp.identity(2, dtype="complex64")


# --------------------------------------------------------------------------
# pad
# --------------------------------------------------------------------------

MODES = ["constant", "edge", "reflect", "symmetric", "wrap"]
widths = st.integers(0, 9)


@st.composite
def pad_widths(draw, nd):
    """pad_width in one of NumPy's forms for an nd-dimensional array."""
    forms = ["int", "one", "pair", "pair_row", "per_axis", "per_axis_one"]
    # An empty (0, 2) array for a 0-d input trips NumPy itself (min() of nothing).
    form = draw(st.sampled_from(forms + ["array"] if nd else forms))
    if form == "int":
        return draw(widths)
    if form == "one":
        return (draw(widths),)
    if form == "pair":
        return (draw(widths), draw(widths))
    if form == "pair_row":
        return [[draw(widths), draw(widths)]]
    if form == "per_axis":
        return tuple((draw(widths), draw(widths)) for _ in range(nd))
    if form == "per_axis_one":
        return [[draw(widths)] for _ in range(nd)]
    return np.array([[draw(widths), draw(widths)] for _ in range(nd)], dtype=np.int64).reshape(nd, 2)


@st.composite
def constant_values(draw, nd):
    value = st.one_of(st.integers(-5, 5), st.sampled_from([0.5, -2.75, 7.0, True]))
    form = draw(st.sampled_from(["scalar", "pair", "per_axis"]))
    if form == "scalar":
        return draw(value)
    if form == "pair":
        return (draw(value), draw(value))
    return tuple((draw(value), draw(value)) for _ in range(nd))


@examples(2.0)
@given(data=st.data(), shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), dtype=dtypes,
       mode=st.sampled_from(MODES))
def test_pad_matches_numpy(data, shape, dtype, mode):
    nd = len(shape)
    a = data.draw(operands(dtype, shape), label="array")
    pw = data.draw(pad_widths(nd), label="pad_width")
    kwargs = {}
    if mode == "constant" and data.draw(st.booleans(), label="give constant_values"):
        kwargs["constant_values"] = data.draw(constant_values(nd), label="constant_values")
    if mode in ("reflect", "symmetric") and data.draw(st.booleans(), label="give reflect_type"):
        kwargs["reflect_type"] = data.draw(st.sampled_from(["even", "odd"]), label="reflect_type")
    check_against_numpy(lambda t: cp.pad(t, pw, mode, **kwargs), lambda x: np.pad(x, pw, mode, **kwargs),
                        (a.t,), (a.a,), context=f"pad({a}, {pw!r}, {mode!r}, {kwargs})")


@pytest.mark.parametrize("mode,kwargs", [("reflect", {}), ("symmetric", {}), ("wrap", {}), ("edge", {}),
                                         ("reflect", {"reflect_type": "odd"}), ("symmetric", {"reflect_type": "odd"})])
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_pad_wider_than_the_axis(mode, kwargs, n):
    a = (np.arange(n * 3, dtype=np.float64) ** 2).reshape(n, 3)
    for pw in [(0, 13), (11, 0), (7, 9), ((2 * n + 1, 3 * n + 2), (5, 8))]:
        assert_same(cp.pad(tensor_of(a), pw, mode, **kwargs), np.pad(a, pw, mode, **kwargs), context=f"{mode} {pw}")


def test_pad_result_is_a_new_tensor():
    t = cp.arange(6).reshape((2, 3))
    out = cp.pad(t, 0)
    t[0, 0] = 50
    assert as_numpy(out).tolist() == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize("pad_width,exc", [
    (-1, ValueError), ((1, -2), ValueError), (((1, 2), (3, 4), (5, 6)), ValueError), ((1, 2, 3), ValueError),
    (1.5, TypeError), ((1.0, 2.0), TypeError), ([[[1, 2]]] * 2, ValueError), ("ab", TypeError),
])
def test_pad_width_errors(pad_width, exc):
    a = np.zeros((2, 3))
    kind, expected = ("ok", None)
    try:
        np.pad(a, pad_width)
    except Exception as e:  # NumPy's own exception type for the record
        kind, expected = "raises", e
    assert kind == "raises" and isinstance(expected, exc)
    with pytest.raises(exc):
        cp.pad(tensor_of(a), pad_width)


def test_pad_mode_errors():
    t = cp.zeros((2, 3))
    with pytest.raises(ValueError, match="not supported"):
        cp.pad(t, 1, "bogus")
    with pytest.raises(ValueError, match="mean"):
        cp.pad(t, 1, "mean")
    with pytest.raises(ValueError, match="unsupported keyword"):
        cp.pad(t, 1, "edge", constant_values=3)
    with pytest.raises(ValueError, match="unsupported keyword"):
        cp.pad(t, 1, "constant", reflect_type="odd")
    with pytest.raises(ValueError, match="reflect_type"):
        cp.pad(t, 1, "reflect", reflect_type="sideways")
    with pytest.raises(ValueError, match="empty axis"):
        cp.pad(cp.zeros((0, 3)), 1, "edge")
    with pytest.raises(ValueError, match="constant_values"):
        cp.pad(t, 1, constant_values=((1, 2, 3),))

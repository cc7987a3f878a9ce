"""Shape helpers and NumPy's fuller signatures against NumPy: vstack, hstack,
dstack, column_stack, array_split, atleast_1d/2d/3d, ravel/flatten in every
order, swapaxes, argwhere, flatnonzero, where(cond), fill, in-place sort,
clip's keywords and method, ptp, reshape with an order, linspace with
retstep/axis, repeat with per-element counts, round with decimals, and
unique with its optional outputs and axis. Inputs are contiguous tensors or
views (strided, reversed, permuted), every dtype, 0-d and empty shapes."""
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    NUMERIC_DTYPES,
    as_numpy,
    assert_same,
    check_against_numpy,
    examples,
    expected_exception_types,
    numpy_or_error,
    operands,
    tensor_of,
)

shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
nd_shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4)
dtypes = st.sampled_from(DTYPES)


def small_values(dt):
    """Few distinct values (so duplicates are common), NaN and inf for floats;
    no -0.0, whose place beside 0.0 NumPy's unstable sorts leave open."""
    if dt == "bool":
        return st.booleans()
    if dt in ("float32", "float64"):
        return st.sampled_from([0.0, 1.0, -1.0, 2.5, np.nan, np.inf, -np.inf, 3.0])
    lo = 0 if dt == "uint8" else -3
    return st.integers(lo, 3)


def assert_all_same(got, expected, context):
    assert isinstance(got, tuple) == isinstance(expected, tuple), f"{context}: {type(got)} vs {type(expected)}"
    if not isinstance(expected, tuple):
        got, expected = (got,), (expected,)
    assert len(got) == len(expected), f"{context}: {len(got)} results, NumPy {len(expected)}"
    for i, (g, e) in enumerate(zip(got, expected)):
        assert_same(g, np.asarray(e), context=f"{context} [{i}]")


# --------------------------------------------------------------------------
# vstack / hstack / dstack / column_stack
# --------------------------------------------------------------------------

@examples(0.6)
@given(data=st.data(), shape=shapes, count=st.integers(1, 3), dts=st.lists(dtypes, min_size=3, max_size=3),
       fn=st.sampled_from(["vstack", "hstack", "dstack", "column_stack"]))
def test_stacking_like_numpy(data, shape, count, dts, fn):
    ops = [data.draw(operands(dts[i], shape)) for i in range(count)]
    check_against_numpy(lambda: getattr(cp, fn)([o.t for o in ops]), lambda: getattr(np, fn)([o.a for o in ops]), (), (),
                        context=f"{fn} {shape} {dts[:count]} {[o.desc for o in ops]}")


@examples(0.4)
@given(data=st.data(), rows=st.lists(st.integers(0, 3), min_size=1, max_size=3), width=st.integers(0, 3),
       dt=dtypes)
def test_stacking_uneven_lengths(data, rows, width, dt):
    """vstack joins different row counts; hstack and column_stack different widths."""
    ops = [data.draw(operands(dt, (r, width))) for r in rows]
    assert_same(cp.vstack([o.t for o in ops]), np.vstack([o.a for o in ops]), context="vstack")
    ops = [data.draw(operands(dt, (width, r))) for r in rows]
    assert_same(cp.hstack([o.t for o in ops]), np.hstack([o.a for o in ops]), context="hstack")
    assert_same(cp.column_stack([o.t for o in ops]), np.column_stack([o.a for o in ops]), context="column_stack")
    vecs = [(np.arange(r) % 2).astype(dt) for r in rows]
    assert_same(cp.hstack([tensor_of(v) for v in vecs]), np.hstack(vecs), context="hstack 1-D")


@examples(0.4)
@given(data=st.data(), dts=st.tuples(dtypes, dtypes), dtype=st.one_of(st.none(), dtypes),
       casting=st.sampled_from(["no", "equiv", "safe", "same_kind", "unsafe"]), fn=st.sampled_from(["vstack", "hstack"]))
def test_stacking_dtype_and_casting_like_numpy(data, dts, dtype, casting, fn):
    ops = [data.draw(operands(dt, (2, 3), elems=small_values(dt))) for dt in dts]
    check_against_numpy(lambda: getattr(cp, fn)([o.t for o in ops], dtype=dtype, casting=casting),
                        lambda: getattr(np, fn)([o.a for o in ops], dtype=dtype, casting=casting), (), (),
                        context=f"{fn} {dts} dtype={dtype} casting={casting}")


def test_stacking_mixed_inputs_and_errors():
    a, b = np.arange(3), np.arange(6.0).reshape(3, 2)
    assert_same(cp.column_stack([tensor_of(a), tensor_of(b)]), np.column_stack([a, b]), context="1-D beside 2-D")
    assert_same(cp.vstack([[1, 2], tensor_of(np.array([3, 4]))]), np.vstack([[1, 2], [3, 4]]), context="lists")
    assert_same(cp.hstack((1, 2.5)), np.hstack((1, 2.5)), context="0-d numbers")
    for fn in ("vstack", "hstack", "dstack", "column_stack"):
        with pytest.raises(ValueError, match="need at least one array"):
            getattr(cp, fn)([])
        with pytest.raises(ValueError, match=fn):
            getattr(cp, fn)([cp.zeros((2, 3)), cp.zeros((3, 4))])
        with pytest.raises(TypeError, match="sequence"):
            getattr(cp, fn)(cp.zeros((2, 3)))
    big = np.array([300, -129], np.int64)
    assert_same(cp.vstack([tensor_of(big), cp.zeros(2, dtype="float32")], dtype="int8", casting="unsafe"),
                np.vstack([big, np.zeros(2, np.float32)], dtype=np.int8, casting="unsafe"), context="each input casts itself")
    with pytest.raises(TypeError, match="'same_kind'"):
        cp.vstack([cp.zeros(2), cp.zeros(2)], dtype="int64")
    with pytest.raises(ValueError, match="casting must be one of"):
        cp.hstack([cp.zeros(2)], casting="bad")


# --------------------------------------------------------------------------
# array_split
# --------------------------------------------------------------------------

@examples(0.6)
@given(data=st.data(), shape=nd_shapes, dt=dtypes, sections=st.integers(1, 7), axis=st.integers(-3, 2),
       indices=st.lists(st.integers(-6, 6), max_size=4), use_indices=st.booleans())
def test_array_split_like_numpy(data, shape, dt, sections, axis, indices, use_indices):
    op = data.draw(operands(dt, shape))
    spec = indices if use_indices else sections
    kind, expected = numpy_or_error(np.array_split, op.a, spec, axis)
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp.array_split(op.t, spec, axis)
        return
    got = cp.array_split(op.t, spec, axis=axis)
    assert len(got) == len(expected), f"{len(got)} pieces, NumPy {len(expected)}"
    for g, e in zip(got, expected):
        assert_same(g, e, context=f"array_split {shape} {spec} axis={axis} {op.desc}")


def test_array_split_views_and_errors():
    base = cp.zeros((7, 2))
    parts = cp.array_split(base, 3)
    parts[1].fill(5)  # the pieces are views, as NumPy's
    expected = np.zeros((7, 2))
    expected[3:5] = 5
    assert_same(base, expected, context="write through a piece")
    with pytest.raises(ValueError, match="larger than 0"):
        cp.array_split(base, 0)
    with pytest.raises(IndexError):
        cp.array_split(cp.tensor(1.0), 2)
    with pytest.raises(IndexError):
        cp.array_split(base, 2, axis=2)
    with pytest.raises(TypeError):
        cp.array_split(base, 2.5)


# --------------------------------------------------------------------------
# atleast_1d / 2d / 3d
# --------------------------------------------------------------------------

@examples(0.5)
@given(data=st.data(), shapes_=st.lists(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=3), min_size=1, max_size=3),
       dt=dtypes, nd=st.sampled_from([1, 2, 3]))
def test_atleast_like_numpy(data, shapes_, dt, nd):
    ops = [data.draw(operands(dt, s)) for s in shapes_]
    fn = f"atleast_{nd}d"
    got = getattr(cp, fn)(*[o.t for o in ops])
    expected = getattr(np, fn)(*[o.a for o in ops])
    assert_all_same(got, expected, f"{fn} {shapes_}")


def test_atleast_forms():
    assert cp.atleast_2d() == np.atleast_2d() == ()
    t = cp.zeros(3)
    v = cp.atleast_3d(t)
    v.fill(1)  # a view
    assert_same(t, np.ones(3), context="atleast_3d is a view")
    assert_same(cp.atleast_1d(5), np.atleast_1d(5), context="a number")
    one, two = cp.atleast_2d([1, 2], 3.0)
    assert_same(one, np.atleast_2d([1, 2]), context="list")
    assert_same(two, np.atleast_2d(3.0), context="float")


# --------------------------------------------------------------------------
# ravel / flatten / reshape(order=) / swapaxes
# --------------------------------------------------------------------------

@examples(0.8)
@given(data=st.data(), shape=shapes, dt=dtypes, order=st.sampled_from(["C", "F", "A", "K"]))
def test_ravel_and_flatten_like_numpy(data, shape, dt, order):
    op = data.draw(operands(dt, shape))
    ctx = f"{shape} order={order} {op.desc}"
    assert_same(cp.ravel(op.t, order), np.ravel(op.a, order), context="ravel " + ctx)
    assert_same(op.t.ravel(order=order), op.a.ravel(order=order), context="method ravel " + ctx)
    flat = op.t.flatten(order)
    assert_same(flat, op.a.flatten(order), context="flatten " + ctx)
    if flat.size:
        before = as_numpy(op.t)
        flat.fill(1)  # a copy: the source keeps its values
        assert_same(op.t, before, context="flatten copies " + ctx)


def test_ravel_orders_on_layouts():
    a = np.arange(24.0).reshape(2, 3, 4)
    views = {"F-contiguous": np.asfortranarray(a), "permuted": a.transpose(2, 0, 1), "reversed": a[:, ::-1, ::2],
             "permuted and reversed": a.transpose(2, 0, 1)[::-1], "broadcast": np.broadcast_to(a[:, :1], (2, 3, 4))}
    for name, v in views.items():
        t = cp.tensor(a).transpose(2, 0, 1) if name.startswith("permuted") else None
        if name == "F-contiguous":
            t = cp.tensor(a.transpose(2, 1, 0)).T
        elif name == "reversed":
            t = cp.tensor(a)[:, ::-1, ::2]
        elif name == "permuted and reversed":
            t = t[::-1]
        elif name == "broadcast":
            t = cp.tensor(a)[:, :1].broadcast_to((2, 3, 4))
        for order in "CFAK":
            assert_same(t.ravel(order), v.ravel(order), context=f"{name} {order}")
    # A contiguous ravel is a view; an F ravel of an F-contiguous tensor too.
    t = cp.zeros((2, 3))
    t.ravel().fill(2)
    t.T.ravel("F").fill(3)
    assert_same(t, np.full((2, 3), 3.0), context="ravel views write through")
    with pytest.raises(ValueError, match="order must be one of"):
        cp.ravel(t, "Q")
    with pytest.raises(ValueError, match="order must be one of"):
        t.flatten("c")


@st.composite
def reshape_targets(draw, shape):
    n = int(np.prod(shape))
    choices = [(n,), (-1,), tuple(reversed(shape)), (1, n), (n, 1)]
    if n and n % 2 == 0:
        choices += [(2, -1), (-1, 2, 1)]
    if len(shape) >= 2 and shape[0]:
        choices.append((shape[0], -1))
    return draw(st.sampled_from(choices))


@examples(0.8)
@given(data=st.data(), shape=shapes, dt=dtypes, order=st.sampled_from(["C", "F", "A"]))
def test_reshape_order_like_numpy(data, shape, dt, order):
    op = data.draw(operands(dt, shape))
    target = data.draw(reshape_targets(shape))
    ctx = f"{shape} -> {target} order={order} {op.desc}"
    check_against_numpy(lambda: cp.reshape(op.t, target, order=order), lambda: np.reshape(op.a, target, order=order),
                        (), (), context="reshape " + ctx)
    check_against_numpy(lambda: op.t.reshape(target, order=order), lambda: op.a.reshape(target, order=order), (), (),
                        context="method " + ctx)
    if target:
        check_against_numpy(lambda: op.t.reshape(*target, order=order), lambda: op.a.reshape(*target, order=order), (), (),
                            context="method, several ints " + ctx)


def test_reshape_order_views_and_errors():
    f = cp.tensor(np.arange(6.0).reshape(3, 2)).T  # F-contiguous (2, 3)
    a = np.arange(6.0).reshape(3, 2).T
    for order in "CFA":
        assert_same(f.reshape((3, 2), order=order), a.reshape((3, 2), order=order), context=order)
    v = f.reshape(6, order="A")  # F-contiguous: 'A' reads as 'F' and gives a view
    v.fill(7)
    assert_same(f, np.full((2, 3), 7.0), context="reshape(order='A') view")
    assert_same(cp.reshape([[1, 2], [3, 4]], 4, order="F"), np.reshape([[1, 2], [3, 4]], 4, order="F"), context="list")
    with pytest.raises(ValueError, match="'K' is not permitted"):
        f.reshape(6, order="K")
    with pytest.raises(ValueError, match="order must be one of"):
        cp.reshape(f, 6, order="X")
    with pytest.raises(ValueError):
        cp.reshape(f, (4, 2), order="F")


@examples(0.5)
@given(data=st.data(), shape=shapes, dt=dtypes, a1=st.integers(-4, 3), a2=st.integers(-4, 3))
def test_swapaxes_like_numpy(data, shape, dt, a1, a2):
    op = data.draw(operands(dt, shape))
    check_against_numpy(lambda: cp.swapaxes(op.t, a1, a2), lambda: np.swapaxes(op.a, a1, a2), (), (),
                        context=f"swapaxes {shape} {a1} {a2}")
    check_against_numpy(lambda: op.t.swapaxes(a1, a2), lambda: op.a.swapaxes(a1, a2), (), (), context="method")


# --------------------------------------------------------------------------
# argwhere / flatnonzero / where(cond)
# --------------------------------------------------------------------------

@examples(0.6)
@given(data=st.data(), shape=shapes, dt=dtypes)
def test_nonzero_family_like_numpy(data, shape, dt):
    op = data.draw(operands(dt, shape, elems=small_values(dt)))
    assert_same(cp.argwhere(op.t), np.argwhere(op.a), context=f"argwhere {shape} {op.desc}")
    assert_same(cp.flatnonzero(op.t), np.flatnonzero(op.a), context=f"flatnonzero {shape}")
    kind, expected = numpy_or_error(np.where, op.a)
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp.where(op.t)
        return
    assert_all_same(cp.where(op.t), expected, f"where(cond) {shape}")
    assert_all_same(cp.where(op.t), tuple(np.nonzero(op.a)), "where is nonzero")


def test_where_forms():
    c = np.array([True, False, True])
    assert_same(cp.where(tensor_of(c), 1, 2.5), np.where(c, 1, 2.5), context="three arguments")
    assert_same(cp.where(tensor_of(c), tensor_of(np.arange(3)), -1), np.where(c, np.arange(3), -1), context="mixed")
    assert_all_same(cp.where([[0, 1], [2, 0]]), np.where([[0, 1], [2, 0]]), "list condition")
    with pytest.raises(ValueError, match="both or neither"):
        cp.where(tensor_of(c), 1)
    with pytest.raises(ValueError, match="both or neither"):
        cp.where(tensor_of(c), y=1)


# --------------------------------------------------------------------------
# fill / sort (in place)
# --------------------------------------------------------------------------

@st.composite
def fill_values(draw, dt):
    """Bools, ints (out-of-range ones raise OverflowError, as NumPy) and
    floats; for integer dtypes only floats inside the dtype's range (NumPy
    refuses the others, corepy's setitem converts them as astype does)."""
    if dt in ("float32", "float64"):
        floats = st.one_of(st.floats(-1e3, 1e3), st.sampled_from([np.inf, -np.inf, np.nan, 2.5, -7.9, 1e300]))
    elif dt == "bool":
        floats = st.floats(-1e3, 1e3)
    else:
        info = np.iinfo(dt)
        floats = st.floats(float(info.min), float(info.max) + 0.5, exclude_max=True)
    return draw(st.one_of(st.booleans(), st.integers(-300, 300), floats))


def changed_elements(before, after):
    same = (before == after) | ((before != before) & (after != after))  # NaN stays NaN
    return ~same


@examples(0.8)
@given(data=st.data(), shape=shapes, dt=dtypes)
def test_fill_like_numpy(data, shape, dt):
    op = data.draw(operands(dt, shape))
    value = data.draw(fill_values(dt))
    kind, err = numpy_or_error(lambda: op.a.copy().fill(value))
    if kind == "raises":
        with pytest.raises(expected_exception_types(err)):
            op.t.fill(value)
        return
    expected = op.a.copy()
    expected.fill(value)
    base_before = as_numpy(op.base_t)
    assert op.t.fill(value) is None
    assert_same(op.t, expected, context=f"fill {dt} {value!r} {op.desc}")
    # The view's elements changed in its base, and nothing else did.
    changed = changed_elements(base_before, as_numpy(op.base_t))
    assert int(changed.sum()) <= op.t.size, f"fill wrote outside the view {op.desc}"


def test_fill_writes_through_views_and_errors():
    base = cp.zeros((3, 4), dtype="int16")
    base[:, ::2].fill(9)
    expected = np.zeros((3, 4), np.int16)
    expected[:, ::2] = 9
    assert_same(base, expected, context="strided view")
    base.T[1].fill(tensor_of(np.array(4, np.int16)))
    expected.T[1] = 4
    assert_same(base, expected, context="0-d tensor value")
    with pytest.raises(OverflowError):
        cp.zeros(2, dtype="uint8").fill(-1)
    with pytest.raises(ValueError, match="one element"):
        base.fill([1, 2])
    with pytest.raises(ValueError, match="broadcast"):
        cp.zeros(3).broadcast_to((2, 3)).fill(1.0)


@examples(0.8)
@given(data=st.data(), shape=nd_shapes, dt=dtypes, axis=st.integers(-3, 2))
def test_sort_in_place_like_numpy(data, shape, dt, axis):
    op = data.draw(operands(dt, shape, elems=small_values(dt)))
    expected = op.a.copy()
    kind, err = numpy_or_error(lambda: expected.sort(axis=axis))
    if kind == "raises":
        with pytest.raises(expected_exception_types(err)):
            op.t.sort(axis=axis)
        return
    base_before = as_numpy(op.base_t)
    assert op.t.sort(axis) is None
    assert_same(op.t, expected, context=f"sort {shape} axis={axis} {op.desc}")
    # Sorting moves values only inside the view: the base keeps its multiset.
    after = as_numpy(op.base_t)
    np.testing.assert_array_equal(np.sort(after, axis=None), np.sort(base_before, axis=None))


def test_sort_method_default_and_errors():
    a = np.array([[3, 1, 2], [9, 7, 8]], np.int32)
    t = tensor_of(a)
    t.T.sort()  # along the last axis of the view: the columns of t
    a.T.sort()
    assert_same(t, a, context="sort a transposed view")
    with pytest.raises((ValueError, IndexError)):
        cp.tensor(1.0).sort()
    with pytest.raises(IndexError):
        t.sort(axis=2)
    with pytest.raises(ValueError, match="broadcast"):
        cp.zeros(3).broadcast_to((2, 3)).sort()
    with pytest.raises(TypeError):
        t.sort(axis=None)


# --------------------------------------------------------------------------
# clip / ptp
# --------------------------------------------------------------------------

@examples(0.6)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(NUMERIC_DTYPES), lo=st.integers(-3, 1), hi=st.integers(0, 3),
       form=st.sampled_from(["positional", "a_min", "minmax", "method", "method kw", "min only", "max only"]))
def test_clip_forms_like_numpy(data, shape, dt, lo, hi, form):
    if dt == "uint8":
        lo = abs(lo)  # a negative Python int bound for uint8: see test_composites (corepy raises OverflowError)
    op = data.draw(operands(dt, shape, elems=small_values(dt)))
    calls = {
        "positional": (lambda x: cp.clip(x, lo, hi), lambda x: np.clip(x, lo, hi)),
        "a_min": (lambda x: cp.clip(x, a_min=lo, a_max=hi), lambda x: np.clip(x, a_min=lo, a_max=hi)),
        "minmax": (lambda x: cp.clip(x, min=lo, max=hi), lambda x: np.clip(x, min=lo, max=hi)),
        "method": (lambda x: x.clip(lo, hi), lambda x: x.clip(lo, hi)),
        "method kw": (lambda x: x.clip(max=hi, min=lo), lambda x: x.clip(max=hi, min=lo)),
        "min only": (lambda x: cp.clip(x, min=lo), lambda x: np.clip(x, min=lo)),
        "max only": (lambda x: x.clip(None, hi), lambda x: x.clip(None, hi)),
    }
    cp_fn, np_fn = calls[form]
    check_against_numpy(cp_fn, np_fn, (op.t,), (op.a,), context=f"clip {form} {dt} {op.desc}")


def test_clip_errors_and_old_forms():
    a = np.arange(5.0)
    t = tensor_of(a)
    assert_same(cp.clip(t, 1, None), np.clip(a, 1, None), context="lower bound only")
    assert_same(cp.clip(t, None, 2), np.clip(a, None, 2), context="upper bound only")
    assert_same(cp.clip(t, 1), np.clip(a, 1, None), context="a_max left out: no upper bound")
    assert_same(cp.clip(t, tensor_of(np.array([0, 1, 2, 3, 4.0])), 2.5), np.clip(a, np.arange(5.0), 2.5), context="tensor bound")
    with pytest.raises(ValueError, match="forbidden"):
        cp.clip(t, 1, 2, min=0)
    with pytest.raises(ValueError, match="forbidden"):
        cp.clip(t, a_min=1, max=3)
    with pytest.raises(ValueError, match="clip"):
        t.clip(cp.ones(2))


@examples(0.8)
@given(data=st.data(), shape=shapes, dt=dtypes, keepdims=st.booleans(),
       axis=st.one_of(st.none(), st.integers(-3, 2), st.lists(st.integers(-3, 2), min_size=1, max_size=2).map(tuple)))
def test_ptp_like_numpy(data, shape, dt, keepdims, axis):
    # NumPy's max/min take a plain int axis 0 or -1 on a 0-d array; corepy's
    # reductions (and so ptp) refuse it, as they refuse any axis there.
    assume(not (shape == () and isinstance(axis, int)))
    op = data.draw(operands(dt, shape))
    check_against_numpy(lambda: cp.ptp(op.t, axis=axis, keepdims=keepdims), lambda: np.ptp(op.a, axis=axis, keepdims=keepdims),
                        (), (), context=f"ptp {shape} {dt} axis={axis} keepdims={keepdims} {op.desc}")


def test_ptp_errors():
    with pytest.raises(ValueError, match="ptp"):
        cp.ptp(cp.zeros((0, 3)))
    with pytest.raises(TypeError, match="bool"):
        cp.ptp(cp.tensor([True, False]))
    with pytest.raises(IndexError):
        cp.ptp(cp.tensor(1.0), axis=0)  # NumPy returns 0.0 here (see test_ptp_like_numpy)
    wrap = np.array([-128, 127], np.int8)
    assert_same(cp.ptp(tensor_of(wrap)), np.ptp(wrap), context="int8 wraps")
    assert not hasattr(np.ndarray, "ptp") and not hasattr(cp.Tensor, "ptp")


# --------------------------------------------------------------------------
# linspace(retstep=, axis=) / repeat with per-element counts
# --------------------------------------------------------------------------

@examples(0.8)
@given(start=st.floats(-1e6, 1e6), stop=st.floats(-1e6, 1e6), num=st.integers(0, 40), endpoint=st.booleans(),
       retstep=st.booleans(), dt=st.sampled_from(["float64", "float32", "int64", "int16", "uint8", "bool"]),
       axis=st.sampled_from([0, -1]))
def test_linspace_like_numpy(start, stop, num, endpoint, retstep, dt, axis):
    if dt == "uint8":
        start, stop = abs(start) % 250, abs(stop) % 250
    if dt == "int16":
        start, stop = start % 30000, -(stop % 30000)
    expected = np.linspace(start, stop, num, endpoint=endpoint, retstep=retstep, dtype=dt, axis=axis)
    got = cp.linspace(start, stop, num, endpoint=endpoint, retstep=retstep, dtype=dt, axis=axis)
    ctx = f"linspace({start}, {stop}, {num}, endpoint={endpoint}, dtype={dt})"
    if retstep:
        assert isinstance(got, tuple) and len(got) == 2, ctx
        (got, step), (expected, np_step) = got, expected
        assert isinstance(step, float), ctx
        assert (np.isnan(step) and np.isnan(np_step)) or step == np_step, f"{ctx}: step {step} != {np_step}"
    assert_same(got, expected, context=ctx)


@examples(0.6)
@given(data=st.data(), s_shape=hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3),
       e_shape=hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3), num=st.integers(0, 6),
       endpoint=st.booleans(), retstep=st.booleans(), axis=st.integers(-3, 2),
       dts=st.tuples(st.sampled_from(["float32", "float64", "int32", "int8", "number"]), st.sampled_from(["float32", "float64", "int64", "number"])),
       dtype=st.sampled_from([None, "float32", "int64", "int16"]))
def test_linspace_tensor_endpoints_like_numpy(data, s_shape, e_shape, num, endpoint, retstep, axis, dts, dtype):
    """Tensor endpoints broadcast together; samples along `axis`, computed in
    their inexact dtype; the step is a tensor of their shape (float for 0-d)."""
    def endpoint_value(dt, shape):
        if dt == "number":
            return data.draw(st.floats(-100, 100)), None
        op = data.draw(operands(dt, shape, elems=st.integers(-100, 100)))
        return op.a, op.t
    (sa, st_), (ea, et) = endpoint_value(dts[0], s_shape), endpoint_value(dts[1], e_shape)
    assume(st_ is not None or et is not None)
    cp_start, cp_stop = (sa if st_ is None else st_), (ea if et is None else et)
    kwargs = dict(endpoint=endpoint, retstep=retstep, dtype=dtype, axis=axis)
    kind, expected = numpy_or_error(lambda: np.linspace(sa, ea, num, **kwargs))
    ctx = f"linspace({dts}, {s_shape}, {e_shape}, {num}, {kwargs})"
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp.linspace(cp_start, cp_stop, num, **kwargs)
        return
    got = cp.linspace(cp_start, cp_stop, num, **kwargs)
    if retstep:
        (got, step), (expected, np_step) = got, expected
        if np.ndim(np_step) == 0:
            assert isinstance(step, float), ctx
            assert (np.isnan(step) and np.isnan(np_step)) or step == np_step, f"{ctx}: step {step} != {np_step}"
        else:
            assert_same(step, np_step, context=ctx + " step")
    assert_same(got, expected, context=ctx)


def test_linspace_positional_and_errors():
    assert_same(cp.linspace(1, 2, 5, False), np.linspace(1, 2, 5, False), context="positional endpoint")
    got, step = cp.linspace(0, 1, 5, True, True)
    assert step == 0.25
    assert_same(got, np.linspace(0, 1, 5), context="positional retstep")
    assert_same(cp.linspace(-5, 0, 4, dtype="int64"), np.linspace(-5, 0, 4, dtype=np.int64), context="floor")
    assert_same(cp.linspace(0, 1e-323, 5), np.linspace(0, 1e-323, 5), context="a step that underflows to 0")
    assert_same(cp.linspace([0, 1], 5, 3), np.linspace([0, 1], 5, 3), context="list endpoint")
    with pytest.raises(IndexError):
        cp.linspace(0, 1, 3, axis=1)
    with pytest.raises(IndexError):
        cp.linspace(cp.zeros(2), 1, 3, axis=2)
    with pytest.raises(ValueError, match="linspace"):
        cp.linspace(cp.zeros(2), cp.ones(3), 4)
    with pytest.raises(ValueError, match="non-negative"):
        cp.linspace(0, 1, -1)


@examples(0.5)
@given(data=st.data(), shape=nd_shapes, dt=dtypes, axis=st.one_of(st.none(), st.integers(-3, 2)),
       as_tensor=st.booleans(), seed=st.integers(0, 1000))
def test_repeat_per_element_counts(data, shape, dt, axis, as_tensor, seed):
    op = data.draw(operands(dt, shape))
    n = op.a.size if axis is None else (op.a.shape[axis] if -len(shape) <= axis < len(shape) else 1)
    counts = np.random.default_rng(seed).integers(0, 3, size=n)
    cp_counts = tensor_of(counts) if as_tensor else counts.tolist()
    check_against_numpy(lambda: cp.repeat(op.t, cp_counts, axis=axis), lambda: np.repeat(op.a, counts, axis=axis), (), (),
                        context=f"repeat {shape} axis={axis} {counts.tolist()}")


# --------------------------------------------------------------------------
# round(decimals)
# --------------------------------------------------------------------------

decimals_values = st.one_of(st.integers(-8, 10), st.sampled_from([15, 16, 22, 23, 30, 300, 308, 309, 400, -20, -300, -400]))


@examples(1.0)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(["float32", "float64"]), decimals=decimals_values)
def test_round_floats_like_numpy(data, shape, dt, decimals):
    big = [3e38] if dt == "float32" else [3e38, 1e300]
    elems = st.one_of(st.floats(-1e4, 1e4, width=32 if dt == "float32" else 64),
                      st.sampled_from([0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, np.nan, np.inf, -0.0] + big))
    op = data.draw(operands(dt, shape, elems=elems))
    ctx = f"round({dt} {op.desc}, {decimals})"
    with np.errstate(all="ignore"):
        expected = np.round(op.a, decimals)
        method_expected = op.a.round(decimals)
    assert_same(cp.round(op.t, decimals), expected, context=ctx)
    assert_same(op.t.round(decimals), method_expected, context="method " + ctx)


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_round_scales_as_numpy(dt):
    """NumPy scales by 10**d built by repeated multiplication (not the exact
    power): from d = 25 on the two differ, and so do the rounded values."""
    a = (np.random.default_rng(7).standard_normal(2000) * 1e4).astype(dt)
    t = tensor_of(a)
    for d in [1, 2, 7, 9, 10, 17, 25, 26, 27, 30, 36, 49, 60, 100, 200, 300, -1, -3, -9, -10, -25, -30, -100]:
        with np.errstate(all="ignore"):
            assert_same(cp.round(t, d), np.round(a, d), context=f"round({dt}, {d})")
            assert_same(t[::-3].round(d), a[::-3].round(d), context=f"view round({dt}, {d})")


@examples(0.6)
@given(data=st.data(), shape=shapes, dt=st.sampled_from(["int8", "int16", "int32", "int64", "uint8"]),
       decimals=st.integers(-4, 3))
def test_round_integers_like_numpy(data, shape, dt, decimals):
    # Values whose rounded result stays inside the dtype (NumPy converts an
    # out-of-range float back with C's undefined conversion).
    op = data.draw(operands(dt, shape, elems=st.integers(0 if dt == "uint8" else -100, 100)))
    assert_same(cp.round(op.t, decimals), np.round(op.a, decimals), context=f"round({dt}, {decimals}) {op.desc}")


def test_round_integer_extremes_and_errors():
    big = np.array([2**62 + 1, -(2**53) - 3, 15, 25, -35], np.int64)
    for d in (-1, -2, -17):
        assert_same(cp.round(tensor_of(big), d), np.round(big, d), context=f"int64 decimals={d}")
    assert_same(tensor_of(big).round(3), np.round(big, 3), context="positive decimals keep integers")
    assert_same(cp.round(tensor_of(np.array([0.5, 1.5, 2.5]))), np.round([0.5, 1.5, 2.5]), context="default")
    assert_same(cp.round(tensor_of(np.array([1.25])), np.int64(1)), np.round(np.array([1.25]), 1), context="numpy int decimals")
    with pytest.raises(TypeError, match="bool"):
        cp.round(cp.tensor([True]), 1)
    with pytest.raises(TypeError, match="decimals must be an integer"):
        cp.round(cp.ones(2), 1.5)
    with pytest.raises(TypeError, match="decimals must be an integer"):
        cp.ones(2).round("1")


# --------------------------------------------------------------------------
# unique
# --------------------------------------------------------------------------

def assert_unique_matches(got, expected, flags, a, equal_nan, context):
    """Every output equal to NumPy's, except the inverse where NaNs are kept
    apart (equal_nan=False) without return_index: NumPy's sort there is not
    stable, so which NaN gets which slot is open; the inverse must then still
    rebuild the input and agree on every non-NaN element."""
    got = got if isinstance(got, tuple) else (got,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert len(got) == len(expected), context
    names = ["values"] + [n for n, f in zip(["index", "inverse", "counts"], flags) if f]
    for name, g, e in zip(names, got, expected):
        loose = (name == "inverse" and not equal_nan and not flags[0] and a.dtype.kind == "f" and np.isnan(a).sum() > 1)
        if not loose:
            assert_same(g, e, context=f"{context} {name}")
            continue
        g = as_numpy(g)
        assert g.shape == e.shape and g.dtype == e.dtype, context
        values = np.asarray(expected[0])
        np.testing.assert_array_equal(values[g], a, err_msg=f"{context} inverse rebuilds the input")
        keep = ~np.isnan(a)
        np.testing.assert_array_equal(g[keep], e[keep], err_msg=f"{context} inverse")


@examples(1.0)
@given(data=st.data(), shape=shapes, dt=dtypes, flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
       equal_nan=st.booleans())
def test_unique_flat_like_numpy(data, shape, dt, flags, equal_nan):
    op = data.draw(operands(dt, shape, elems=small_values(dt)))
    kwargs = dict(return_index=flags[0], return_inverse=flags[1], return_counts=flags[2], equal_nan=equal_nan)
    expected = np.unique(op.a, **kwargs)
    got = cp.unique(op.t, **kwargs)
    assert_unique_matches(got, expected, flags, op.a, equal_nan, f"unique {shape} {dt} {kwargs} {op.desc}")


def axis_values(dt):
    """No NaN: NumPy orders NaN-holding slices by a comparison that is not a
    total order, so their place is open."""
    if dt in ("float32", "float64"):
        return st.sampled_from([0.0, 1.0, -1.0, 2.5, np.inf, -np.inf])
    return small_values(dt)


@examples(1.0)
@given(data=st.data(), shape=nd_shapes, dt=dtypes, flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
       axis=st.integers(-3, 2))
def test_unique_axis_like_numpy(data, shape, dt, flags, axis):
    op = data.draw(operands(dt, shape, elems=axis_values(dt)))
    kwargs = dict(return_index=flags[0], return_inverse=flags[1], return_counts=flags[2], axis=axis)
    kind, expected = numpy_or_error(lambda: np.unique(op.a, **kwargs))
    if kind == "raises":
        with pytest.raises(expected_exception_types(expected)):
            cp.unique(op.t, **kwargs)
        return
    got = cp.unique(op.t, **kwargs)
    assert_unique_matches(got, expected, flags, op.a, True, f"unique {shape} {dt} {kwargs} {op.desc}")


def test_unique_special_cases():
    a = np.array([[1, 2], [1, 2], [0, 5]])
    for kwargs in ({}, {"return_inverse": True}, {"axis": 0, "return_inverse": True, "return_counts": True},
                   {"axis": 1, "return_index": True}):
        assert_all_same(cp.unique(tensor_of(a), **kwargs), np.unique(a, **kwargs), f"unique {kwargs}")
    zero_width = np.zeros((3, 0))
    assert_all_same(cp.unique(tensor_of(zero_width), axis=0, return_counts=True, return_inverse=True),
                    np.unique(zero_width, axis=0, return_counts=True, return_inverse=True), "rows of no elements")
    nan = np.array([np.nan, 1.0, np.nan])
    assert_all_same(cp.unique(tensor_of(nan), equal_nan=False, return_counts=True),
                    np.unique(nan, equal_nan=False, return_counts=True), "NaNs apart")
    assert_all_same(cp.unique(tensor_of(np.array(5)), return_inverse=True), np.unique(np.array(5), return_inverse=True), "0-d")
    assert_same(cp.unique([3, 1, 3]), np.unique([3, 1, 3]), context="list")
    with pytest.raises(IndexError):
        cp.unique(cp.tensor(1.0), axis=0)
    with pytest.raises(IndexError):
        cp.unique(cp.zeros((2, 2)), axis=2)
    with pytest.raises(TypeError):
        cp.unique(cp.zeros(2), False, False, False, None, True)  # equal_nan is keyword-only

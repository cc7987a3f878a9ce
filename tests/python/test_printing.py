"""repr/str of tensors against NumPy's for the same data and print options,
and the print-option functions (set_printoptions, get_printoptions,
printoptions).

The oracle: NumPy prints an ndarray subclass with the subclass's name as the
prefix and indents continuation lines to it, so ``repr(a.view(tensor))`` for a
subclass named ``tensor`` is NumPy's text for corepy's prefix, wrapped for its
width. corepy's dtype/shape suffix rules are NumPy's, so the texts must be
identical; ``str`` has no prefix and is compared with ``str(a)`` directly."""
import contextlib
import sys
import threading

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from corepy import _repr
from cp_testing import DTYPES, FLOAT_SPECIALS, examples, operands, random_array, tensor_of


class tensor(np.ndarray):  # noqa: N801 - the name is the printed prefix
    """NumPy's printing with corepy's prefix."""


def numpy_repr(a):
    return repr(np.asarray(a).view(tensor))


@contextlib.contextmanager
def both_options(**opts):
    """The same print options in NumPy and corepy for a block."""
    given_opts = {k: v for k, v in opts.items() if v is not None}
    with np.printoptions(**given_opts), cp.printoptions(**given_opts):
        yield


def assert_prints_like_numpy(t, a, context=""):
    got_repr, want_repr = repr(t), numpy_repr(a)
    assert got_repr == want_repr, f"repr differs{context}:\n{got_repr}\n---- NumPy:\n{want_repr}"
    got_str, want_str = str(t), str(a)
    assert got_str == want_str, f"str differs{context}:\n{got_str}\n---- NumPy:\n{want_str}"


# --------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------

def _as_float32(x):
    with np.errstate(over="ignore"):
        return float(np.float32(x))


def _float_regimes(dtype):
    """Element strategies, one per kind of array: a test draws one for the
    whole array, so both positional and scientific tensors come up (a single
    wide-range value makes the whole tensor scientific)."""
    full = hnp.from_dtype(np.dtype(dtype), allow_nan=True, allow_infinity=True, allow_subnormal=True)
    specials = st.sampled_from(FLOAT_SPECIALS)
    regimes = [
        st.floats(-1000, 1000),
        st.integers(-10**6, 10**6).map(float),
        # Dyadic values are exact, so rounding at `precision` meets exact ties (0.125 -> 0.12).
        st.integers(-4096, 4096).map(lambda k: k / 64),
        st.floats(-1, 1),
        st.integers(-10**9, 10**9).map(lambda k: k / 10**6),
        st.floats(1e-12, 1e-3) | st.floats(-1e-3, -1e-12),
        st.floats(1e5, 1e12),
        # Many-bit dyadic values: two shortest digit strings can be equally close (the even one wins).
        st.builds(lambda k, e: k / 2.0**e, st.integers(-2**24, 2**24), st.integers(0, 40)),
    ]
    regimes = [st.one_of(r, r, r, r, specials) for r in regimes]
    if dtype == "float32":  # values as float32 holds them (overflowing specials become inf)
        regimes = [r.map(_as_float32) for r in regimes]
    return [full] + regimes


_REGIMES = {dt: _float_regimes(dt) if dt.startswith("float") else [hnp.from_dtype(np.dtype(dt))] for dt in DTYPES}


def _operand(data, dtype, shape):
    elems = data.draw(st.sampled_from(_REGIMES[dtype]), label="elements")
    return data.draw(operands(dtype, shape, elems=elems), label="operand")


_shapes = st.one_of(
    st.just(()),
    hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5),
    hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=30),  # long rows: wrapping
)

_options = st.fixed_dictionaries({
    "precision": st.none() | st.integers(0, 12),
    "threshold": st.none() | st.sampled_from([0, 1, 5, 20, 100]),
    "edgeitems": st.none() | st.integers(0, 4),
    "linewidth": st.none() | st.integers(-2, 150),
    "suppress": st.none() | st.booleans(),
})


# --------------------------------------------------------------------------
# Against NumPy
# --------------------------------------------------------------------------

def test_the_oracle_is_numpys_repr_with_the_prefix_renamed():
    """The subclass oracle is plain NumPy text with ``array(`` renamed and
    continuation lines one column deeper, as long as no row wraps."""
    for a in [np.arange(6, dtype=np.int16).reshape(2, 3), np.array([[1.5, np.nan], [-0.0, 2.0]]),
              np.zeros((2, 0)), np.arange(24.0).reshape(2, 3, 4) / 7]:
        plain = repr(a).replace("array(", "tensor(", 1).replace("\n ", "\n  ")
        assert numpy_repr(a) == plain
        assert repr(tensor_of(a)) == plain


@examples(2)
@given(data=st.data(), dtype=st.sampled_from(DTYPES), shape=_shapes)
def test_default_options_like_numpy(data, dtype, shape):
    op = _operand(data, dtype, shape)
    assert_prints_like_numpy(op.t, op.a, f" for {op!r}")


@examples(2)
@given(data=st.data(), dtype=st.sampled_from(DTYPES), shape=_shapes, opts=_options)
def test_print_options_like_numpy(data, dtype, shape, opts):
    op = _operand(data, dtype, shape)
    with both_options(**opts):
        assert_prints_like_numpy(op.t, op.a, f" for {op!r} with {opts}")


@examples(0.3)
@given(seed=st.integers(0, 2**32 - 1), dtype=st.sampled_from(DTYPES),
       shape=st.sampled_from([(1001,), (2000,), (40, 30), (7, 200), (2, 3, 200), (10, 11, 12), (3, 4, 5, 30),
                              (1, 1, 1500), (1500, 1)]),
       edgeitems=st.none() | st.integers(0, 5), linewidth=st.none() | st.integers(20, 120))
def test_summarised_tensors_like_numpy(seed, dtype, shape, edgeitems, linewidth):
    a = random_array(dtype, shape, seed)
    with both_options(edgeitems=edgeitems, linewidth=linewidth):
        assert_prints_like_numpy(tensor_of(a), a, f" for seed {seed}")


@examples(0.3)
@given(seed=st.integers(0, 2**32 - 1), dtype=st.sampled_from(["int16", "float32", "float64"]),
       how=st.sampled_from(["step", "flip", "transpose", "column"]))
def test_summarised_views_like_numpy(seed, dtype, how):
    base = random_array(dtype, (60, 70), seed, specials=False)
    t = tensor_of(base)
    a, v = {
        "step": lambda: (base[::3, 1::2], t[::3, 1::2]),
        "flip": lambda: (np.flip(base, 1), t.flip(1)),
        "transpose": lambda: (base.T, t.T),
        "column": lambda: (base[:, 5], t[:, 5]),
    }[how]()
    with both_options(threshold=50):
        assert_prints_like_numpy(v, a, f" for {how} of seed {seed}")


def test_broadcast_view_reads_only_the_edges():
    # 10**12 elements: summarising must not touch (or copy) the whole view.
    a = np.broadcast_to(np.array([1.5, -2.0, 3.25]), (10**6, 10**6, 3))
    t = cp.broadcast_to(cp.tensor([1.5, -2.0, 3.25]), (10**6, 10**6, 3))
    assert_prints_like_numpy(t, a)


@pytest.mark.parametrize("values", [
    [0.1, 0.2, 0.3], [16777217.0, 1.0], [1e-7, 3.4e38], [1.1, 2.2, 3.3], [0.1, 1.2345678e-5],
    [np.pi, np.e], [1e6, 1.5], [999999.9, 1.0], [np.nan, np.inf, -np.inf], [-0.0, 0.0],
    [-20812.3125, 64295.3125], [0.6156692504882812, 0.19192886352539062],
])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_digits_of_their_own_type(values, dtype):
    """float32 values print float32's shortest digits (0.1, not
    0.10000000149011612), float32 switches to scientific from 1e6 on, and
    padding digits in scientific notation are real digits of the value."""
    with np.errstate(over="ignore"):
        a = np.array(values, dtype=dtype)
    assert_prints_like_numpy(tensor_of(a), a)
    assert_prints_like_numpy(tensor_of(a[0]), a[0])


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, 1e-4, 9.9e-5, 1.0000001e-4, 1e16, 9.999e15, 9999999999999998.0,
                                   1e15, 1e6, 999999.94, 1e7, 1e300, 5e-324, 0.1, 123.456,
                                   np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_zero_dim_str_is_the_scalar(value, dtype):
    with np.errstate(over="ignore"):
        a = np.array(value, dtype=dtype)
    assert_prints_like_numpy(tensor_of(a), a)


@pytest.mark.parametrize("precision", [0, 1, 2, 3])
def test_rounding_ties_at_the_precision(precision):
    # Exact binary ties: NumPy rounds them to even (0.125 -> 0.12 at precision 2).
    a = np.array([0.125, 0.375, 2.5, 0.0625, -1.5, 1.0])
    with both_options(precision=precision):
        assert_prints_like_numpy(tensor_of(a), a)


@pytest.mark.parametrize("suppress", [False, True])
def test_suppress_small(suppress):
    a = np.array([1e-10, 1.0, 123.0, -3e-9])
    with both_options(suppress=suppress):
        assert_prints_like_numpy(tensor_of(a), a)


def test_suffix_moves_to_its_own_line_when_it_overflows():
    a = np.arange(16, dtype=np.int32) * 100001
    for lw in range(40, 110, 3):
        with both_options(linewidth=lw):
            assert_prints_like_numpy(tensor_of(a), a, f" at linewidth {lw}")


# --------------------------------------------------------------------------
# The option functions
# --------------------------------------------------------------------------

def test_defaults_and_round_trip():
    want = {"precision": 8, "threshold": 1000, "edgeitems": 3, "linewidth": 75, "suppress": False}
    assert cp.get_printoptions() == want
    assert {k: np.get_printoptions()[k] for k in want} == want  # the same defaults as NumPy
    before = cp.get_printoptions()
    try:
        cp.set_printoptions(precision=3, suppress=True)
        assert cp.get_printoptions() == dict(want, precision=3, suppress=True)
        cp.set_printoptions(linewidth=100)  # None keeps the others
        assert cp.get_printoptions() == dict(want, precision=3, suppress=True, linewidth=100)
        got = cp.get_printoptions()
        got["precision"] = 99  # a copy
        assert cp.get_printoptions()["precision"] == 3
    finally:
        cp.set_printoptions(**before)
    assert cp.get_printoptions() == want


def test_context_manager_restores_even_after_an_error():
    before = cp.get_printoptions()
    with pytest.raises(RuntimeError):
        with cp.printoptions(precision=2, threshold=5) as opts:
            assert opts == dict(before, precision=2, threshold=5) == cp.get_printoptions()
            a = np.array([1.23456, 2.0])
            with np.printoptions(precision=2):
                assert repr(tensor_of(a)) == numpy_repr(a)
            raise RuntimeError("leave the block")
    assert cp.get_printoptions() == before


def test_options_are_per_thread_like_numpy():
    """Options live in a context variable, as NumPy 2's: a thread started
    inside a ``printoptions`` block prints with the defaults."""
    a = np.array([1.23456789, 2.0])
    seen = {}

    def other_thread():
        seen["cp"], seen["np"] = repr(tensor_of(a)), numpy_repr(a)
        seen["options"] = cp.get_printoptions()

    with both_options(precision=2):
        inside = repr(tensor_of(a))
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        assert inside == numpy_repr(a)
    assert seen["cp"] == seen["np"] != inside
    assert seen["options"] == cp.get_printoptions()


def test_threshold_accepts_numbers_like_numpy():
    a = np.arange(12)
    for threshold in [sys.maxsize, 11.5, 10.0, float("inf"), -1, 0]:
        with both_options(threshold=threshold):
            assert_prints_like_numpy(tensor_of(a), a, f" with threshold {threshold}")


@pytest.mark.parametrize("kwargs, exc", [
    ({"precision": "3"}, TypeError), ({"precision": 2.5}, TypeError),
    ({"threshold": "10"}, TypeError), ({"threshold": float("nan")}, ValueError),
])
def test_bad_options_raise_as_numpy(kwargs, exc):
    before = cp.get_printoptions()
    with pytest.raises(exc) as np_err:
        np.set_printoptions(**kwargs)
    with pytest.raises(exc) as cp_err:
        cp.set_printoptions(**kwargs)
    assert type(cp_err.value) is type(np_err.value)
    assert list(kwargs)[0] in str(cp_err.value)
    assert cp.get_printoptions() == before


@pytest.mark.parametrize("kwargs, exc", [
    ({"precision": -1}, ValueError), ({"edgeitems": -1}, ValueError), ({"edgeitems": 1.5}, TypeError),
    ({"linewidth": "wide"}, TypeError),
])
def test_bad_options_refused_when_set(kwargs, exc):
    before = cp.get_printoptions()
    with pytest.raises(exc, match=list(kwargs)[0]):
        cp.set_printoptions(**kwargs)
    with pytest.raises(exc, match=list(kwargs)[0]):
        with cp.printoptions(**kwargs):
            pass
    assert cp.get_printoptions() == before


def test_one_native_call_per_repr(monkeypatch):
    calls = []
    native = _repr._corepy

    class Counting:
        def format_tensor(self, *args):
            calls.append(args[1])
            return native.format_tensor(*args)

    monkeypatch.setattr(_repr, "_corepy", Counting())
    t = cp.arange(5000.0).reshape(50, 100)
    repr(t), str(t)
    assert calls == ["tensor", None]


def test_extreme_options_like_numpy():
    a = np.array([[0.5, -1.25], [3.0, 1e-300]])
    for opts in [dict(linewidth=-sys.maxsize), dict(linewidth=sys.maxsize), dict(precision=2000, suppress=True),
                 dict(edgeitems=10**30, threshold=0), dict(threshold=-(2**62))]:
        with np.printoptions(**opts), cp.printoptions(**opts):
            assert_prints_like_numpy(tensor_of(a), a, f" with {opts}")
    # Beyond NumPy's C long: unique digits need no more than about 1100 places.
    with np.printoptions(precision=2000), cp.printoptions(precision=10**30, threshold=-10**30):
        assert str(tensor_of(a)) == str(a)


def test_format_tensor_needs_a_tensor():
    with pytest.raises(TypeError, match="Tensor"):
        _repr._corepy.format_tensor([1, 2], "tensor", 8, 1000, 3, 75, False)


@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_every_power_of_two_prints_like_numpy(dt):
    """Powers of two are where the values that read back as x lie lopsided
    around x (the gap below is half the gap above), so of two equally close
    shortest strings only one may read back (2^-24: 5.960464477539063e-08,
    not ...062): 0-d str, repr and 1-D str, for every finite power of two."""
    info = np.finfo(dt)
    exps = range(int(np.log2(info.smallest_subnormal)), int(info.maxexp))
    values = np.array([2.0 ** e for e in exps]).astype(dt)
    for v in values:
        a = np.array(v, dtype=dt)
        t = cp.tensor(a.reshape(1)).reshape(())
        assert str(t) == str(a), f"str of 2^{np.log2(v)} {dt}"
    assert_prints_like_numpy(cp.tensor(values), values, f" for the powers of two in {dt}")

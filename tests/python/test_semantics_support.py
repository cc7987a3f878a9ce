"""Shared pieces of the semantics suite (test_semantics_*.py): strategies
that build the same operand twice, as a NumPy array and as a corepy tensor,
through the same chain of views (strided and negatively strided slices,
transpositions, flips, 0-d), and comparison helpers with the tolerances of
issue 3. NumPy is the oracle everywhere; nothing here is a test.
"""
import warnings

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import DTYPES, as_numpy, assert_same, elements, random_array, tensor_of  # noqa: F401

INT_MIN = {dt: int(np.iinfo(dt).min) for dt in DTYPES if dt not in ("bool", "float32", "float64")}
INT_MAX = {dt: int(np.iinfo(dt).max) for dt in DTYPES if dt not in ("bool", "float32", "float64")}


def n_examples(n):
    """Settings with `n` examples under the default `ci` profile (100), scaled
    with the active profile (so `deep` runs ten times as many)."""
    return settings(max_examples=max(2, settings.default.max_examples * n // 100))


def data_ptr(t):
    return t.__array_interface__["data"][0]


# --------------------------------------------------------------------------
# Operands: a NumPy array and a corepy tensor made by the same view chain
# --------------------------------------------------------------------------

class Operand:
    """`a` (NumPy) and `t` (corepy) hold the same values, `t` reached from a
    fresh tensor `base_t` of `base_a` by the view chain `desc`."""

    def __init__(self, a, t, base_a, base_t, desc):
        self.a, self.t, self.base_a, self.base_t, self.desc = a, t, base_a, base_t, desc

    def __repr__(self):
        return f"Operand({self.desc}, dtype={self.a.dtype}, shape={self.a.shape})"


def _plain(base_a):
    return Operand(base_a, tensor_of(base_a), base_a, None, "contiguous")


@st.composite
def operands(draw, dtype, shape, elems=None, views=True):
    """An Operand of `dtype` and `shape`: contiguous, or a view (strided or
    reversed slices, a permutation applied with .T / .mT / transpose /
    permute_dims, flips) of a bigger or differently laid-out base."""
    dtype = np.dtype(dtype).name
    shape = tuple(shape)
    elems = elems if elems is not None else elements(dtype)
    kind = draw(st.sampled_from(["contiguous", "view", "view", "view"])) if views else "contiguous"
    nd = len(shape)
    if kind != "contiguous" and nd == 0:
        # A 0-d view: one element of a 1-D base (`base[i, ...]` is a 0-d view in NumPy too).
        n = draw(st.integers(1, 4))
        i = draw(st.integers(-n, n - 1))
        base_a = draw(hnp.arrays(np.dtype(dtype), (n,), elements=elems))
        base_t = tensor_of(base_a)
        a, t = base_a[i, ...], base_t[i, ...]
        assert a.shape == () and t.shape == ()
        return Operand(a, t, base_a, base_t, f"base({n},)[{i}, ...]")
    if kind == "contiguous":
        base_a = draw(hnp.arrays(np.dtype(dtype), shape, elements=elems))
        base_t = tensor_of(base_a)
        return Operand(base_a, base_t, base_a, base_t, "contiguous")

    # Per dimension: a step (negative = reversed) and padding around the run.
    steps = [draw(st.sampled_from([1, 1, 2, 3, -1, -1, -2])) for _ in shape]
    pads = [draw(st.integers(0, 2)) for _ in shape]
    offs = [draw(st.integers(0, p)) for p in pads]
    base_dims = [abs(s) * d + p for s, d, p in zip(steps, shape, pads)]
    slices = []
    for s, d, p, o, bd in zip(steps, shape, pads, offs, base_dims):
        k = abs(s)
        if d == 0:
            slices.append(slice(o, o, s))
        elif s > 0:
            slices.append(slice(o, o + k * d, s))
        else:
            start = bd - 1 - o
            stop = start - k * d
            slices.append(slice(start, stop if stop >= 0 else None, s))
    # Reversal by flip() instead of a negative step, for some dimensions.
    flips = []
    for i, s in enumerate(steps):
        if s == -1 and draw(st.booleans()):
            o = offs[i]
            slices[i] = slice(pads[i] - o, pads[i] - o + shape[i]) if shape[i] else slice(0, 0)
            flips.append(i)
    perm = list(draw(st.permutations(range(nd)))) if nd > 1 else list(range(nd))
    base_shape = tuple(base_dims[p] for p in perm)
    base_a = draw(hnp.arrays(np.dtype(dtype), base_shape, elements=elems))
    base_t = tensor_of(base_a)
    sl = tuple(slices[p] for p in perm)
    a, t = base_a[sl], base_t[sl]
    desc = [f"base{base_shape}[{_fmt_slices(sl)}]"]
    inv = list(np.argsort(perm)) if nd else []
    inv = [int(i) for i in inv]
    if inv != list(range(nd)):
        how = draw(st.sampled_from(["transpose", "permute_dims", "T"]))
        if how == "T" and inv == list(range(nd))[::-1]:
            a, t = a.T, t.T
            desc.append(".T")
        elif how == "T" and nd >= 2 and inv == list(range(nd - 2)) + [nd - 1, nd - 2]:
            a, t = np.matrix_transpose(a), t.mT
            desc.append(".mT")
        elif how == "permute_dims":
            a, t = np.permute_dims(a, inv), t.permute_dims(inv)
            desc.append(f".permute_dims({inv})")
        else:
            a, t = a.transpose(inv), t.transpose(inv)
            desc.append(f".transpose({inv})")
    for ax in flips:
        a, t = np.flip(a, ax), t.flip(ax)
        desc.append(f".flip({ax})")
    assert a.shape == shape and t.shape == shape, (a.shape, t.shape, shape, desc)
    return Operand(a, t, base_a, base_t, "".join(desc))


def _fmt_slices(sl):
    def one(s):
        return ":".join("" if v is None else str(v) for v in (s.start, s.stop, s.step))
    return ", ".join(one(s) for s in sl)


def large_operand(dtype, n, seed, specials=True, view=None):
    """A >65536-element Operand made quickly from a seed. 1-D of length n:
    contiguous, a reversed slice, a stride-2 slice or a flip() of a base
    (picked by the seed unless `view` says); view="transposed" gives the
    2-D (7, ceil(n / 7)) transpose of a (ceil(n / 7), 7) base."""
    view = view or ["contiguous", "reversed", "strided", "flipped"][seed % 4]
    if view == "contiguous":
        base_a = random_array(dtype, (n,), seed, specials)
        base_t = tensor_of(base_a)
        return Operand(base_a, base_t, base_a, base_t, f"contiguous({n})")
    if view == "reversed":
        base_a = random_array(dtype, (n + 1,), seed, specials)
        base_t = tensor_of(base_a)
        return Operand(base_a[n - 1::-1], base_t[n - 1::-1], base_a, base_t, f"base({n + 1})[{n - 1}::-1]")
    if view == "strided":
        base_a = random_array(dtype, (2 * n,), seed, specials)
        base_t = tensor_of(base_a)
        return Operand(base_a[1::2], base_t[1::2], base_a, base_t, f"base({2 * n})[1::2]")
    if view == "flipped":
        base_a = random_array(dtype, (n,), seed, specials)
        base_t = tensor_of(base_a)
        return Operand(base_a[::-1], base_t.flip(0), base_a, base_t, f"base({n}).flip(0)")
    assert view == "transposed", view
    rows = 7
    cols = -(-n // rows)
    base_a = random_array(dtype, (cols, rows), seed, specials)
    base_t = tensor_of(base_a)
    return Operand(base_a.T, base_t.T, base_a, base_t, f"base({cols}, {rows}).T")


# --------------------------------------------------------------------------
# Value strategies
# --------------------------------------------------------------------------

FLOAT_SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, 5e-324, -1e-310, 1e-45, -1.4e-45, 1e-40]


def special_floats(dtype):
    """Mostly specials (NaN, +-inf, -0.0, subnormals), some ordinary values."""
    vals = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dtype)
    return st.one_of(st.sampled_from(list(vals)), elements(dtype))


def bounded(dtype, lo=-1e6, hi=1e6, specials=False):
    """Finite values of `dtype` within [lo, hi] (ints: the dtype's range
    clipped to [lo, hi]); with specials, also NaN, +-inf, -0.0, subnormals."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return st.booleans()
    if dt.kind == "i":
        info = np.iinfo(dt)
        return st.integers(max(info.min, int(lo)), min(info.max, int(hi)))
    base = st.floats(lo, hi, width=dt.itemsize * 8, allow_subnormal=True)
    if specials:
        extra = [np.nan, np.inf, -np.inf, -0.0, 0.0]
        if dt == np.float32:
            extra.append(1e-40)
        else:
            extra.append(5e-324)
        return st.one_of(base, st.sampled_from(extra))
    return base


# --------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------

def ulp_distance(x, y):
    """Elementwise distance in units in the last place between two float
    arrays of the same dtype (0 for equal values; -0.0 and 0.0 are 0 apart).
    Only meaningful for finite values."""
    x = np.ascontiguousarray(x)
    y = np.ascontiguousarray(y)
    itype, mask = (np.int32, 0x7FFFFFFF) if x.dtype == np.float32 else (np.int64, 0x7FFFFFFFFFFFFFFF)

    def line(v):  # sign-magnitude bits -> a monotonic integer line
        i = v.view(itype).astype(np.int64)
        m = i & np.int64(mask)
        return np.where(i < 0, -m, m)

    with np.errstate(over="ignore"):
        d = line(x) - line(y)  # wraps only for distances near 2**64, never reached by finite values
    return np.abs(d.astype(np.float64))


def assert_nonfinite_match(got, expected, context=""):
    """NaN positions equal, infinities equal (with sign)."""
    nan_g, nan_e = np.isnan(got), np.isnan(expected)
    if not np.array_equal(nan_g, nan_e):
        i = tuple(np.argwhere(nan_g != nan_e)[0])
        raise AssertionError(f"{context}: NaN positions differ; first at {list(i)}: got {got[i]!r}, NumPy {expected[i]!r}")
    inf_g, inf_e = np.isinf(got), np.isinf(expected)
    bad = (inf_g | inf_e) & ~(got == expected)
    if bad.any():
        i = tuple(np.argwhere(bad)[0])
        raise AssertionError(f"{context}: infinities differ; first at {list(i)}: got {got[i]!r}, NumPy {expected[i]!r}")


def assert_close(t, expected, *, rtol, ulps=0, atol=0.0, context="", check_dtype=True):
    """`t` matches `expected` in shape and dtype; NaN and inf positions match
    exactly; finite values agree within rtol (relative) + atol (absolute,
    scalar or per element) or within `ulps` units in the last place."""
    expected = np.asarray(expected)
    assert isinstance(t, cp.Tensor), f"{context}: expected a corepy.Tensor, got {type(t).__name__}"
    assert t.shape == expected.shape, f"{context}: shape {t.shape} != NumPy's {expected.shape}"
    if check_dtype:
        assert t.dtype.name == expected.dtype.name, f"{context}: dtype {t.dtype.name} != NumPy's {expected.dtype.name}"
    got = as_numpy(t)
    if got.dtype.kind != "f":
        np.testing.assert_array_equal(got, expected, err_msg=context)
        return
    expected = expected.astype(got.dtype)
    assert_nonfinite_match(got, expected, context)
    fin = np.isfinite(expected)
    if not fin.any():
        return
    g, e = got[fin].astype(np.float64), expected[fin].astype(np.float64)
    at = np.broadcast_to(np.asarray(atol, dtype=np.float64), expected.shape)[fin]
    with np.errstate(all="ignore"):
        ok = np.abs(g - e) <= rtol * np.abs(e) + at
    if ulps:
        ok |= ulp_distance(got[fin], expected[fin]) <= ulps
    if not ok.all():
        k = int(np.argmin(ok))
        idx = [list(map(int, ix)) for ix in np.argwhere(fin)][k]
        raise AssertionError(
            f"{context}: {int((~ok).sum())} of {ok.size} finite elements differ beyond rtol={rtol} atol/ulps; "
            f"first at {idx}: got {g[k]!r}, NumPy {e[k]!r} (ulp distance "
            f"{ulp_distance(got[fin][k:k + 1], expected[fin][k:k + 1])[0]:.0f})"
        )


def numpy_or_error(fn, *args):
    """('ok', result) or ('raises', exception) from NumPy, warnings silenced."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Mean of empty slice", "Degrees of freedom <= 0"
        try:
            return "ok", fn(*args)
        except (TypeError, ValueError, OverflowError, IndexError) as exc:
            return "raises", exc


def expected_exception_types(exc):
    """The exception classes a corepy user may expect where NumPy raised
    `exc`: its builtin base (TypeError, ValueError, ...); NumPy's AxisError is
    both a ValueError and an IndexError, so either is accepted there."""
    if isinstance(exc, np.exceptions.AxisError):
        return (ValueError, IndexError)
    for base in (OverflowError, IndexError, TypeError, ValueError):
        if isinstance(exc, base):
            return (base,)
    return (type(exc),)

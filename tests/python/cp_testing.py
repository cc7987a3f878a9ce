"""The one helper module of the Python suite: dtype lists, NumPy comparisons
(bit for bit, and within tolerances), Hypothesis strategies, operands built
twice (a NumPy array and a corepy tensor reached through the same chain of
views), and process helpers (isolated, run_python). NumPy is the oracle
everywhere; nothing here is a test."""
import contextlib
import faulthandler
import functools
import os
import signal
import subprocess
import sys
import time
import traceback
import warnings

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp

# Every dtype corepy has: the list the suites sample by default, so each test
# sees int8/int16/uint8 too; a test that cannot take some dtype filters it
# where it says why.
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "float32", "float64"]
FLOAT_DTYPES = ["float32", "float64"]
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8"]
NUMERIC_DTYPES = INT_DTYPES + FLOAT_DTYPES

# Elementwise ops split their work across threads from 2 * 65536 elements on
# (ELEMENTWISE_MIN_CHUNK in the runtime); reductions cut the input into blocks
# of 65536 elements and go parallel from 4 blocks on.
PARALLEL_MIN = 2 * 65536
LARGE_SIZES = [65535, 65536, 65537, PARALLEL_MIN - 1, PARALLEL_MIN, PARALLEL_MIN + 1, 200_003, 4 * 65536 + 123]


def examples(fraction):
    """Hypothesis settings with a fraction of the active profile's examples
    (0.7: 70 under the default `ci` profile of 100, 700 under `deep`): below 1
    for tests whose examples are expensive (e.g. 200k-element arrays), above 1
    for cheap tests with a large input space."""
    return settings(max_examples=max(3, int(settings.default.max_examples * fraction)))


def data_ptr(t):
    """The address of a tensor's (or NumPy array's) first element."""
    return t.__array_interface__["data"][0]


# --------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------

def tensor_of(a):
    """A tensor with the contents and dtype of NumPy array `a`.

    0-d arrays go through a 1-element array and reshape(()), so that tests of
    arithmetic do not depend on how cp.tensor() treats 0-d NumPy arrays
    (test_creation.py checks that path directly)."""
    a = np.asarray(a)
    if a.ndim == 0:
        return cp.tensor(a.reshape(1)).reshape(())
    return cp.tensor(a)


def as_numpy(t):
    """An independent NumPy copy of a tensor's contents."""
    assert isinstance(t, cp.Tensor), f"expected a corepy.Tensor, got {type(t).__name__}"
    return np.array(t.numpy(), copy=True)


def _bits(a):
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def assert_same(t, expected, *, context=""):
    """`t` (a tensor) holds exactly `expected` (a NumPy array or scalar):
    same shape, same dtype, same values. Floats must match bit for bit
    (so -0.0 differs from 0.0 and every rounding counts), except that NaNs
    only need to be NaN where NumPy has NaN (payloads are not compared)."""
    expected = np.asarray(expected)
    assert isinstance(t, cp.Tensor), f"{context}: expected a corepy.Tensor, got {type(t).__name__}"
    assert t.shape == expected.shape, f"{context}: shape {t.shape} != NumPy's {expected.shape}"
    assert t.dtype.name == expected.dtype.name, f"{context}: dtype {t.dtype.name} != NumPy's {expected.dtype.name}"
    got = as_numpy(t)
    if expected.dtype.kind == "f":
        nan_got, nan_exp = np.isnan(got), np.isnan(expected)
        if not np.array_equal(nan_got, nan_exp):
            idx = np.argwhere(nan_got != nan_exp)[:5].tolist()
            raise AssertionError(f"{context}: NaN positions differ at {idx}: got {got[tuple(np.argwhere(nan_got != nan_exp)[0])]!r}")
        ok = nan_exp | (_bits(got) == _bits(expected))
        if not ok.all():
            bad = np.argwhere(~ok)
            first = tuple(bad[0])
            raise AssertionError(
                f"{context}: {bad.shape[0]} of {got.size} elements differ bitwise; first at {list(first)}: "
                f"got {got[first]!r} ({got[first].tobytes().hex()}), NumPy {expected[first]!r} "
                f"({expected[first].tobytes().hex()})"
            )
    else:
        np.testing.assert_array_equal(got, expected, err_msg=context, strict=True)


def assert_same_tensors(a, b, *, context=""):
    """Two tensors hold identical contents (bitwise for floats, NaN == NaN)."""
    assert_same(a, as_numpy(b), context=context)


def numpy_or_error(fn, *args):
    """NumPy's answer: ("ok", result) or ("raises", the exception), with
    floating-point warnings silenced."""
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


def check_against_numpy(cp_fn, np_fn, cp_args, np_args, context=""):
    """Run the corepy call and the NumPy call; both must raise the same kind of
    error, or return the same values (see assert_same)."""
    kind, expected = numpy_or_error(np_fn, *np_args)
    if kind == "raises":
        types = expected_exception_types(expected)
        try:
            got = cp_fn(*cp_args)
        except types:
            return
        raise AssertionError(f"{context}: NumPy raises {type(expected).__name__} ({expected}), corepy returned {got!r}")
    got = cp_fn(*cp_args)
    assert_same(got, np.asarray(expected), context=context)


@contextlib.contextmanager
def backend(name):
    """Run a block with backend `name`, then go back to the one in use before."""
    previous = f"cpu_{cp.backend.current_isa()}"
    cp.backend.select_backend(name)
    try:
        yield
    finally:
        cp.backend.select_backend(previous)


@contextlib.contextmanager
def threads(n):
    previous = cp.get_num_threads()
    cp.set_num_threads(n)
    try:
        yield
    finally:
        cp.set_num_threads(previous)


def isolated(test, timeout=120):
    """Run a test in a forked child process, so that a crash (segfault,
    abort) fails that one test with the signal's name instead of killing the
    whole pytest run. Used for edge cases where native code is most likely to
    crash (zero-size dims, impossible sizes). The child must not need the
    worker pool (threads do not survive fork): keep isolated tests small.
    Without os.fork (Windows) the test runs in-process."""
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        if not hasattr(os, "fork"):
            return test(*args, **kwargs)
        read_fd, write_fd = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded process, fork()" (3.12+)
            pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            faulthandler.disable()  # a crash is reported by the parent, not dumped here
            code, report = 0, b""
            try:
                test(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                code = 1
                report = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).encode()[-30000:]
            try:
                os.write(write_fd, report)
            finally:
                os._exit(code)
        os.close(write_fd)
        deadline = time.monotonic() + timeout
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(read_fd)
                raise AssertionError(f"{test.__name__} did not finish within {timeout} s (hung in native code?)")
            time.sleep(0.002)
        with os.fdopen(read_fd, "rb") as f:
            report = f.read().decode(errors="replace")
        if os.WIFSIGNALED(status):
            name = signal.Signals(os.WTERMSIG(status)).name
            raise AssertionError(f"{test.__name__} crashed the interpreter with {name}")
        if os.WEXITSTATUS(status) != 0:
            raise AssertionError(f"{test.__name__} failed (in a child process):\n{report}")
    return wrapper


def run_python(code, env=None, timeout=120):
    """Run `code` in a fresh interpreter that imports this same corepy (its
    folder goes first on PYTHONPATH; the working directory is a neutral one,
    so a source checkout cannot shadow the installed package)."""
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(cp.__file__)))
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join([package_parent] + [p for p in [env.get("PYTHONPATH")] if p])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=os.path.dirname(package_parent) or "/", timeout=timeout)


# --------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------

dtypes = st.sampled_from(DTYPES)
numeric_dtypes = st.sampled_from(NUMERIC_DTYPES)
float_dtypes = st.sampled_from(FLOAT_DTYPES)

# 0-d, empty dims, size-1 dims, up to 4 dims.
small_shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6)
# The same without zero-size dims. Op property tests draw from these and get
# every empty shape from EMPTY_SHAPES in separate parametrized tests, so that a
# bug with empty tensors shows up on its own instead of being the only thing
# Hypothesis ever shrinks to.
nonempty_shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=6)
def shape_id(shape):
    return "x".join(map(str, shape)) if shape else "0d"


EMPTY_SHAPES = [(0,), (0, 3), (3, 0), (0, 0), (1, 0), (2, 0, 3), (0, 1, 1), (4, 1, 0)]
# Odd 1-D lengths around SIMD widths (tails of 1..63 elements).
vector_lengths = st.one_of(st.integers(0, 70), st.sampled_from([127, 128, 129, 255, 256, 257, 1000, 1023, 1025]))


def elements(dtype):
    """All values of `dtype`, specials included (NaN, +-inf, -0.0, subnormals,
    extremes); Hypothesis leans towards the edges."""
    return hnp.from_dtype(np.dtype(dtype), allow_nan=True, allow_infinity=True, allow_subnormal=True)


def arrays(dtype, shape):
    return hnp.arrays(np.dtype(dtype), shape, elements=elements(dtype))


@st.composite
def dtype_and_array(draw, dtype_strategy=dtypes, shapes=small_shapes):
    dtype = draw(dtype_strategy)
    return dtype, draw(arrays(dtype, draw(shapes)))


# NaN (both signs), infinities, signed zeros, ordinary values, subnormals of
# float32 and float64, and extremes (those beyond float32 become inf there).
FLOAT_SPECIALS = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, 5e-324, -5e-324, 1e-310, -1e-310,
                  1e-45, 1.4e-45, -1.4e-45, 1e-40, -1e-40, 3.4e38, -3.4e38, 1.7e308, 2.2250738585072014e-308]


def random_array(dtype, shape, seed, specials=True):
    """A NumPy array of any size, fast (Hypothesis only picks the seed): wide
    magnitudes, and for floats a sprinkling of NaN, inf, -0.0 and subnormals."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape, dtype=np.int64))
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        out = rng.random(n) < 0.5
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        out = rng.integers(info.min, info.max, size=n, dtype=dtype, endpoint=True)
        small = rng.random(n) < 0.5  # plenty of small values too, so products do not always wrap
        out[small] = rng.integers(max(-1000, int(info.min)), min(1000, int(info.max)), size=int(small.sum()))
    else:
        mant = rng.standard_normal(n)
        exps = rng.integers(-20, 20, size=n).astype(np.float64)
        out = (mant * 10.0 ** exps).astype(dtype)
        if specials and n:
            k = max(1, n // 500)
            pos = rng.integers(0, n, size=k)
            with np.errstate(all="ignore"):
                out[pos] = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dtype)[rng.integers(0, len(FLOAT_SPECIALS), size=k)]
    return out.reshape(shape)


seeds = st.integers(0, 2**32 - 1)
large_sizes = st.sampled_from(LARGE_SIZES)


def python_scalars():
    """Python bools, ints (inside int64; beyond-int64 ints have their own
    tests) and floats, specials included."""
    return st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.integers(-300, 300),
        st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
        st.sampled_from([0.0, -0.0, 0.5, 2.5, -1.0, 1e-310, 3.4e38, 1e300]),
    )


# --------------------------------------------------------------------------
# corepy's documented differences from NumPy (README.md, "Where corepy differs
# from NumPy on purpose"). Tests that meet one apply it through these helpers,
# so each rule is asserted explicitly, in one place, and NumPy stays the oracle
# for the values.
# --------------------------------------------------------------------------

# README.md: "float math on int8/int16/uint8 gives float32 (NumPy: float16 for
# int8/uint8, float32 for int16)" and "no float16": bool inputs are computed in
# float32 too.
FLOAT32_MATH_DTYPES = ("bool", "int8", "int16", "uint8")


def float_math_input(a):
    """`a` as NumPy must see it to compute corepy's result of float math
    (sqrt, exp, sin, ...): bool, int8, int16 and uint8 values as float32
    (NumPy would give float16 for bool/int8/uint8), other dtypes unchanged."""
    a = np.asarray(a)
    return a.astype(np.float32) if a.dtype.name in FLOAT32_MATH_DTYPES else a


def accumulated_as_corepy(expected, input_dtype):
    """NumPy's sum/prod/cumsum/cumprod result as corepy documents it. README.md:
    "sums and products of uint8 (sum, prod, cumsum, cumprod) give int64 (NumPy:
    uint64)". Both wrap modulo 2**64, so the values are NumPy's bit for bit."""
    expected = np.asarray(expected)
    if np.dtype(input_dtype) == np.uint8 and expected.dtype == np.uint64:
        return expected.astype(np.int64)
    return expected


# --------------------------------------------------------------------------
# Integer limits
# --------------------------------------------------------------------------

INT_MIN = {dt: int(np.iinfo(dt).min) for dt in INT_DTYPES}
INT_MAX = {dt: int(np.iinfo(dt).max) for dt in INT_DTYPES}


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

def special_floats(dtype):
    """Mostly specials (NaN, +-inf, -0.0, subnormals), some ordinary values."""
    with np.errstate(over="ignore"):
        vals = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dtype)
    return st.one_of(st.sampled_from(list(vals)), elements(dtype))


def bounded(dtype, lo=-1e6, hi=1e6, specials=False):
    """Finite values of `dtype` within [lo, hi] (ints: the dtype's range
    clipped to [lo, hi]); with specials, also NaN, +-inf, -0.0, subnormals."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return st.booleans()
    if dt.kind in "iu":
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

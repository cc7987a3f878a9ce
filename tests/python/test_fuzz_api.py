"""Adversarial API fuzzer: random sequences of corepy calls against a NumPy mirror.

A Hypothesis ``RuleBasedStateMachine`` keeps a small registry of live tensors,
each paired with a NumPy *mirror* that has the same aliasing structure (a view
of a tensor is mirrored by the same view of the mirror, so a write through one
view shows up in every other view in both worlds). Rules drive random
sequences of

* creation: ``tensor`` from lists / NumPy arrays (contiguous or not),
  ``zeros``/``ones``/``full``/``empty``/``arange`` with valid and invalid shapes
  (negative, 2**62, overflowing products, non-int types), ragged lists;
* views: ``reshape``, ``transpose``/``.T``/``.mT``, ``expand_dims``, ``squeeze``,
  ``broadcast_to``, ``flip``, ``moveaxis``, slicing with (negative) steps;
* indexing: basic (ints in and out of range, slices, None, Ellipsis) and
  advanced (bool masks, int arrays / lists / tensors), ``__setitem__`` with
  broadcasting values and values that alias the target;
* arithmetic and comparisons with tensors of other shapes/dtypes and Python
  scalars (NaN, inf, ints that do not fit), in-place operators, ``out=`` that
  aliases an input or is a view of one;
* reductions (axis None/int/tuple/bad, keepdims, empty and 0-d inputs),
  ``matmul``, ``astype``, unary ops;
* deleting a tensor that others are views of (``del base; gc.collect()``),
  then reading and writing the surviving views.

After every call corepy must agree with NumPy: same shape, dtype (except the
README's documented differences) and values (exact for ints/bools, a few ulps
for floats, NaN == NaN), or both must raise. When NumPy raises, corepy must
raise TypeError/ValueError/IndexError/OverflowError/MemoryError/
ZeroDivisionError/RuntimeError; a different kind from NumPy's is recorded (and
fails when NumPy raised IndexError or TypeError, which callers catch by
name). After every step every live tensor must still equal its mirror.

Integer results that depend on overflow, integer division by zero, float ->
int casts of NaN/inf/out-of-range values and order-dependent float
overflow in reductions are not compared (NumPy leaves them platform-defined
or the result depends on summation order).

Environment:

* ``COREPY_FUZZ_EXAMPLES=N``: long-run mode; the state machine runs N
  examples (default 100) and each ``@given`` test N as well (default 30-80).
  E.g. ``COREPY_FUZZ_EXAMPLES=2000`` is a ~10 minute soak.
* ``COREPY_FUZZ_STEPS=N``: steps per state-machine example (default 30).
* ``COREPY_FUZZ_STATS=path``: write the counters (examples, steps, calls,
  invalid inputs tried, exception-kind mismatches, findings) there as JSON.
  They are always printed at the end of the module's tests.
* ``COREPY_FUZZ_SURVEY=1``: record every finding (deduplicated, first repro
  kept) instead of failing on the first one; the summary lists them.
* ``COREPY_FUZZ_SHRINK=1``: shrink a failing sequence to a minimal one (off by
  default: on these sequences shrinking can take minutes).
* ``COREPY_FUZZ_TRACE=path``: append every call to that file, flushed, so a
  crash (segfault/abort) leaves the call that caused it on disk.

Run from ``tests/`` (``cd tests && python3 -m pytest python/test_fuzz_api.py``)
so the source folder ``corepy/`` does not shadow the installed package.
"""
import faulthandler
import gc
import json
import operator
import os
import time
import traceback
import warnings
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import corepy as cp

# --------------------------------------------------------------------------
# configuration and counters
# --------------------------------------------------------------------------

_ENV_EXAMPLES = int(os.environ.get("COREPY_FUZZ_EXAMPLES", "0") or 0)
MACHINE_EXAMPLES = _ENV_EXAMPLES or 100
MACHINE_STEPS = int(os.environ.get("COREPY_FUZZ_STEPS", "0") or 0) or 30
SURVEY = os.environ.get("COREPY_FUZZ_SURVEY", "") not in ("", "0")
TRACE_PATH = os.environ.get("COREPY_FUZZ_TRACE")
MAX_LIVE = 10
HUGE = 2**20  # results with more elements (giant broadcast views) are spot-checked, not kept

_HEALTH = list(HealthCheck)


# Shrinking (and Hypothesis's line-tracing "explain" step) can take minutes on
# these long call sequences, so CI reports the failing sequence as found;
# COREPY_FUZZ_SHRINK=1 shrinks it to a minimal one when debugging.
_PHASES = (tuple(Phase) if os.environ.get("COREPY_FUZZ_SHRINK", "") not in ("", "0")
           else (Phase.explicit, Phase.reuse, Phase.generate))


def given_settings(default):
    return settings(max_examples=_ENV_EXAMPLES or default, deadline=None, derandomize=True, database=None,
                    suppress_health_check=_HEALTH, print_blob=False, phases=_PHASES)


STATS = Counter()
KIND_MISMATCHES = Counter()      # "label: NumPy X / corepy Y" -> count
INVALID_BY_KIND = Counter()      # NumPy exception class name -> count
FINDINGS = {}                    # signature -> {"count", "message"}
KIND_MISMATCH_EXAMPLES = {}      # kind-mismatch key -> first message
_OP = ["?"]                      # the operation being fuzzed (for deduplicating findings)


def set_op(name):
    _OP[0] = name
_T0 = time.time()

ALLOWED_ERRORS = (TypeError, ValueError, IndexError, OverflowError, MemoryError, ZeroDivisionError, RuntimeError)

_trace_file = open(TRACE_PATH, "a", buffering=1) if TRACE_PATH else None


def trace(msg):
    if _trace_file is not None:
        # a call that makes no progress for 60 s (a hang) dumps every thread's stack to stderr
        faulthandler.dump_traceback_later(60, exit=False)
        _trace_file.write(msg + "\n")
        _trace_file.flush()
        os.fsync(_trace_file.fileno())


class Finding(AssertionError):
    pass


def finding(category, signature, message):
    """A disagreement with NumPy. Fails the test, or in survey mode records
    it (first message kept) and tells the caller to drop the state."""
    key = f"{category} | {_OP[0]} | {signature}"
    entry = FINDINGS.setdefault(key, {"count": 0, "message": message})
    entry["count"] += 1
    STATS["findings"] += 1
    if not SURVEY:
        raise Finding(f"[{category}] {message}")
    raise _SurveyReset()


class _SurveyReset(Exception):
    """Survey mode: a finding was recorded; the machine drops its registry."""


# --------------------------------------------------------------------------
# dtypes, values, descriptions
# --------------------------------------------------------------------------

MAIN_DTYPES = ["float32", "float64", "int32", "int64", "bool"]
LIGHT_DTYPES = ["int8", "int16", "uint8"]
dtypes_weighted = st.sampled_from(MAIN_DTYPES * 4 + LIGHT_DTYPES)

FLOAT_SPECIALS = [np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, -1.5, 3.0, 1e-3]


def value_elements(dt):
    dt = np.dtype(dt)
    if dt == np.bool_:
        return st.booleans()
    if dt.kind == "u":
        return st.integers(0, 40)
    if dt.kind == "i":
        return st.integers(-20, 20)
    return st.one_of(st.floats(-100, 100, width=8 * dt.itemsize, allow_subnormal=False),
                     st.sampled_from(FLOAT_SPECIALS))


shapes_st = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4)
nonempty_shapes_st = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4)


def np_arrays(dt, shape):
    return hnp.arrays(np.dtype(dt), shape, elements=value_elements(dt))


def desc_array(a):
    """A Python expression that rebuilds NumPy array `a` as a tensor."""
    a = np.asarray(a)
    return f"cp.tensor({a.tolist()!r}, dtype='{a.dtype.name}')"


PY_SCALARS = [0, 1, -1, 2, 3, -7, 0.5, -2.5, 0.0, -0.0, float("nan"), float("inf"), float("-inf"), True, False,
              2**31, 2**40, 2**63, -(2**63) - 1, 2**70, 1e300, 255, 256, -129]
py_scalars_st = st.sampled_from(PY_SCALARS)

BAD_SHAPES = [-1, (-1,), (3, -2), 2**62, (2**62,), (2**40, 2**40), (2**31, 2**31, 4), (2**63 - 1,), 2**63, (0, 2**62),
              2.5, (2, 2.0), "3", (2, None), None, (2, "a"), [2, -3], (0, -1), (1 << 64,)]


# --------------------------------------------------------------------------
# running a call on both sides
# --------------------------------------------------------------------------

def _kind(exc):
    if isinstance(exc, np.exceptions.AxisError):
        return "AxisError"
    for base in (IndexError, TypeError, ValueError, OverflowError, MemoryError, ZeroDivisionError, RuntimeError):
        if isinstance(exc, base):
            return base.__name__
    return type(exc).__name__


def _compatible_kind(np_exc, cp_exc):
    """Is corepy's exception the kind NumPy raised (AxisError: either
    ValueError or IndexError; impossible sizes: ValueError or MemoryError)?"""
    if isinstance(np_exc, np.exceptions.AxisError):
        return isinstance(cp_exc, (ValueError, IndexError))
    msg = str(np_exc)
    if isinstance(np_exc, TypeError) and "boolean array indexing assignment requires" in msg:
        return isinstance(cp_exc, (TypeError, ValueError))  # a value that cannot broadcast: either kind
    if isinstance(np_exc, MemoryError) or (isinstance(np_exc, ValueError) and (
            "too big" in msg or "Maximum allowed size" in msg)):
        return isinstance(cp_exc, (ValueError, MemoryError))
    for base in (IndexError, TypeError, OverflowError, ZeroDivisionError, ValueError, MemoryError, RuntimeError):
        if isinstance(np_exc, base):
            return isinstance(cp_exc, base)
    return False


def _documented_gap(cp_exc):
    """README differences that raise where NumPy succeeds: Python ints
    outside int64 (NumPy makes uint64/object or converts them to float),
    index forms not supported yet (index arrays mixed with slices, a bool
    scalar as an index)."""
    msg = str(cp_exc)
    return ((isinstance(cp_exc, OverflowError) and "does not fit in int64" in msg)
            or (isinstance(cp_exc, IndexError) and "not supported yet" in msg)
            or (isinstance(cp_exc, OverflowError) and "out of bounds for" in msg)  # value checked before index
            # one element takes only a scalar or 0-d value (NumPy 2 refuses
            # a size-1 array for some dtypes and accepts it for others)
            or (isinstance(cp_exc, ValueError) and "setting a single element with a sequence" in msg))


def both(label, cp_fn, np_fn, *, documented=None):
    """Run `np_fn` and `cp_fn`. Returns ("ok", cp_result, np_result) or
    ("raised", cp_exc, np_exc). Any disagreement is a finding.
    `documented`: exception classes corepy may raise where NumPy succeeds
    (README differences)."""
    STATS["calls"] += 1
    trace(label)
    np_exc = np_res = None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            np_res = np_fn()
        except Exception as exc:  # noqa: BLE001 - the oracle may raise anything
            np_exc = exc
    cp_exc = cp_res = None
    try:
        cp_res = cp_fn()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a PyO3 panic is a BaseException
        cp_exc = exc
    if np_exc is not None:
        STATS["invalid_inputs"] += 1
        INVALID_BY_KIND[_kind(np_exc)] += 1
        if cp_exc is None:
            finding("numpy raises, corepy returns", f"{_OP[0]} {_kind(np_exc)}",
                    f"{label}: NumPy raises {type(np_exc).__name__}({np_exc}), corepy returned {cp_res!r}")
        if not isinstance(cp_exc, ALLOWED_ERRORS):
            finding("corepy raises a non-standard exception", f"{_OP[0]} {type(cp_exc).__name__}",
                    f"{label}: NumPy raises {type(np_exc).__name__}({np_exc}), corepy raises "
                    f"{type(cp_exc).__name__}({cp_exc})")
        if not _compatible_kind(np_exc, cp_exc):
            key = f"{_OP[0]}: NumPy {_kind(np_exc)} / corepy {type(cp_exc).__name__}"
            KIND_MISMATCHES[key] += 1
            KIND_MISMATCH_EXAMPLES.setdefault(key, f"{label}: NumPy {type(np_exc).__name__}({np_exc}) / corepy "
                                                   f"{type(cp_exc).__name__}({cp_exc})")
            casting = any(c.__name__ == "UFuncTypeError" for c in type(np_exc).__mro__)
            if isinstance(np_exc, (IndexError, TypeError)) and not isinstance(np_exc, np.exceptions.AxisError) \
                    and not casting and not _documented_gap(cp_exc) \
                    and "boolean array indexing assignment requires" not in str(np_exc):
                # (NumPy checks out= casting before shapes, and calls a value that does not fit a
                # mask selection a TypeError; a ValueError is as fair there)
                finding("exception kind differs", key,
                        f"{label}: NumPy raises {type(np_exc).__name__}({np_exc}), corepy raises "
                        f"{type(cp_exc).__name__}({cp_exc})")
        STATS["both_raised"] += 1
        return "raised", cp_exc, np_exc
    if cp_exc is not None:
        if isinstance(np_res, (np.ndarray, np.generic)) and np_res.dtype.kind in "OUSVMmc" \
                and isinstance(cp_exc, (TypeError, ValueError, OverflowError)):
            documented = (TypeError, ValueError, OverflowError)  # NumPy made an object/str/... array: no such dtype
        if (documented and isinstance(cp_exc, documented)) or _documented_gap(cp_exc):
            STATS["documented_differences"] += 1
            return "raised", cp_exc, None
        shown = "succeeds" if np_res is None else f"returns {np.asarray(np_res)!r}"
        finding("numpy succeeds, corepy raises", f"{_OP[0]} {type(cp_exc).__name__}",
                f"{label}: NumPy {shown}, corepy raises {type(cp_exc).__name__}({cp_exc})")
    return "ok", cp_res, np_res


def _fine_dtype(got, expected, ctx):
    """README difference: bool // % ** bool gives int64 where NumPy gives int8.
    corepy has no float16: where NumPy picks float16 (exp of bool/int8) corepy
    gives float32."""
    if got == expected:
        return True
    if expected == "float16" and got == "float32":
        STATS["float16_as_float32"] += 1
        return True
    if expected == "uint64" and got == "int64":  # no uint64 in corepy (sum/prod of uint8)
        STATS["uint64_as_int64"] += 1
        return True
    return ctx.get("bool_int8") and expected == "int8" and got == "int64"


def check_result(label, got, expected, *, valid=None, rtol=None, atol=None, ctx=None, exact=False):
    """`got` (a tensor) against NumPy's `expected`: shape, dtype, values.
    `valid`: mask of elements to compare (others are platform-defined)."""
    ctx = ctx or {}
    expected = np.asarray(expected)
    if not isinstance(got, cp.Tensor):
        finding("wrong result type", _OP[0], f"{label}: corepy returned {type(got).__name__} {got!r}, "
                f"NumPy {expected!r}")
    if tuple(got.shape) != expected.shape:
        finding("wrong shape", _OP[0], f"{label}: corepy shape {tuple(got.shape)}, NumPy {expected.shape}")
    if not _fine_dtype(got.dtype.name, expected.dtype.name, ctx):
        finding("wrong dtype", f"{_OP[0]} {got.dtype.name}!={expected.dtype.name}",
                f"{label}: corepy dtype {got.dtype.name}, NumPy {expected.dtype.name}")
    if expected.size > HUGE:
        # a broadcast view with a giant shape (stride 0): compare the corner elements only
        g = got.numpy()
        for corner in (tuple(0 for _ in expected.shape), tuple(-1 for _ in expected.shape)):
            if not values_match(np.array(g[corner]), np.array(expected[corner]), rtol=rtol, atol=0.0,
                                exact=exact).all():
                finding("wrong values", _OP[0], f"{label}: element {corner}: corepy {g[corner]!r}, "
                        f"NumPy {expected[corner]!r}")
        STATS["results_compared"] += 1
        return
    g = np.array(got.numpy(), copy=True)
    if g.shape != expected.shape:
        finding("numpy() shape", _OP[0], f"{label}: .numpy() has shape {g.shape}, tensor {got.shape}")
    ok = values_match(g, expected, valid=valid, rtol=rtol, atol=atol, exact=exact)
    if not ok.all():
        bad = np.argwhere(~ok)
        first = tuple(bad[0])
        finding("wrong values", _OP[0],
                f"{label}: {bad.shape[0]} of {g.size} elements differ; first at {list(first)}: corepy {g[first]!r}, "
                f"NumPy {expected[first]!r}\n  corepy: {g.tolist()!r}\n  NumPy:  {expected.tolist()!r}")
    STATS["results_compared"] += 1


def values_match(g, e, *, valid=None, rtol=None, atol=None, exact=False):
    """Elementwise agreement mask (True where fine)."""
    if g.dtype.kind in "fc" or e.dtype.kind in "fc":
        gf, ef = g.astype(np.float64), e.astype(np.float64)
        with np.errstate(all="ignore"):
            same = (gf == ef) | (np.isnan(gf) & np.isnan(ef))
            if not exact:
                kind_dt = e.dtype if e.dtype.kind == "f" else g.dtype
                if kind_dt.kind != "f":
                    kind_dt = np.dtype(np.float64)
                eps = np.finfo(kind_dt).eps
                r = 8 * eps if rtol is None else rtol
                a = 4 * np.finfo(kind_dt).tiny if atol is None else atol
                a = np.where(np.isfinite(a), a, 0.0)
                fin = np.isfinite(gf) & np.isfinite(ef)
                same = same | (fin & (np.abs(gf - ef) <= a + r * np.abs(ef)))
            # NaN/inf cast to an integer gives an integer limit in NumPy
            # (platform-defined; README): values derived from one are not compared.
            limits = [2.0**63, 2.0**31, 2.0**15, 2.0**7]
            same = same | np.isin(np.abs(ef), limits) | np.isin(np.abs(gf), limits)
    else:
        same = g == e
    same = np.asarray(same)
    if valid is not None:
        same = same | ~np.broadcast_to(valid, same.shape)
    return same


# --------------------------------------------------------------------------
# int overflow / undefined-case masks
# --------------------------------------------------------------------------

def np_flip_view(a):
    """np.flip as a view also for 0-d arrays (np.flip returns a scalar there)."""
    return np.flip(a) if a.ndim else a[...]


def _int_limits(dt):
    info = np.iinfo(dt)
    return float(info.min), float(info.max)


def defined_mask(op, a, b, result):
    """Elements whose value NumPy defines independently of wraparound or
    division by zero. a, b: NumPy operands (arrays or scalars) as passed."""
    result = np.asarray(result)
    if result.dtype.kind not in "iu":
        return None
    A = np.asarray(a, dtype=np.float64) if not isinstance(a, (int, float)) else np.float64(a)
    B = np.asarray(b, dtype=np.float64) if not isinstance(b, (int, float)) else np.float64(b)
    lo, hi = _int_limits(result.dtype)
    with np.errstate(all="ignore"):
        if op in ("add", "subtract", "multiply"):
            ref = {"add": A + B, "subtract": A - B, "multiply": A * B}[op]
            ok = (ref > lo * 0.999) & (ref < hi * 0.999) if result.dtype.kind == "i" else (ref >= 0) & (ref < hi)
            # wraparound of the inputs themselves is fine (they are exact)
        elif op in ("floor_divide", "remainder"):
            ok = (B != 0) & ~((A == lo) & (B == -1))
            ok = ok & np.isfinite(A) & np.isfinite(B)
        elif op == "power":
            ref = np.power(A, B)
            ok = np.isfinite(ref) & (np.abs(ref) < hi * 0.999)
        else:
            return None
    return np.broadcast_to(ok, result.shape)


# --------------------------------------------------------------------------
# registry entries
# --------------------------------------------------------------------------

class Entry:
    __slots__ = ("t", "a", "desc", "is_view")

    def __init__(self, t, a, desc, is_view):
        self.t, self.a, self.desc, self.is_view = t, a, desc, is_view


BINARY_OPS = {
    "add": (operator.add, np.add, cp.add, "+"),
    "subtract": (operator.sub, np.subtract, cp.subtract, "-"),
    "multiply": (operator.mul, np.multiply, cp.multiply, "*"),
    "divide": (operator.truediv, np.divide, cp.divide, "/"),
    "floor_divide": (operator.floordiv, np.floor_divide, cp.floor_divide, "//"),
    "remainder": (operator.mod, np.remainder, cp.remainder, "%"),
    "power": (operator.pow, np.power, cp.power, "**"),
    "equal": (operator.eq, np.equal, cp.equal, "=="),
    "not_equal": (operator.ne, np.not_equal, cp.not_equal, "!="),
    "less": (operator.lt, np.less, cp.less, "<"),
    "less_equal": (operator.le, np.less_equal, cp.less_equal, "<="),
    "greater": (operator.gt, np.greater, cp.greater, ">"),
    "greater_equal": (operator.ge, np.greater_equal, cp.greater_equal, ">="),
    "bitwise_and": (operator.and_, np.bitwise_and, cp.bitwise_and, "&"),
    "maximum": (None, np.maximum, cp.maximum, None),
    "minimum": (None, np.minimum, cp.minimum, None),
}
INPLACE = {"add": operator.iadd, "subtract": operator.isub, "multiply": operator.imul, "divide": operator.itruediv,
           "floor_divide": operator.ifloordiv, "remainder": operator.imod, "power": operator.ipow,
           "bitwise_and": operator.iand}


def binary_tolerance(op, dt):
    if dt.kind != "f":
        return None
    eps = np.finfo(dt).eps
    if op in ("power",):
        return 16 * eps
    if op in ("remainder", "floor_divide"):
        return 4 * eps
    return 2 * eps


def _involves_bool_only(*xs):
    kinds = []
    for x in xs:
        if isinstance(x, (bool, np.bool_)):
            kinds.append("b")
        elif isinstance(x, np.ndarray):
            kinds.append(x.dtype.kind)
        else:
            kinds.append("x")
    return all(k == "b" for k in kinds)


def _float_to_int_unsafe(values, target_dt):
    """Would casting these values to target_dt hit an undefined C cast?"""
    v = np.asarray(values)
    target_dt = np.dtype(target_dt)
    if v.dtype.kind != "f" or target_dt.kind not in "iu":
        return False
    lo, hi = _int_limits(target_dt)
    with np.errstate(all="ignore"):
        return bool((~np.isfinite(v) | (v <= lo - 1) | (v >= hi + 1)).any())


REDUCTIONS = ["sum", "mean", "max", "min", "prod", "argmax", "argmin", "any", "all"]


class APIFuzz(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.live = []
        STATS["examples"] += 1
        trace("--- new example")

    # ---------------------------------------------------------------- helpers
    def _register(self, t, a, desc, is_view=False):
        if not isinstance(t, cp.Tensor) or np.asarray(a).size > HUGE:
            return
        if not is_view:
            a = np.array(t.numpy(), copy=True)  # corepy's own values (already checked close to NumPy's)
        self.live.append(Entry(t, a, desc, is_view))
        while len(self.live) > MAX_LIVE:
            self.live.pop(0)
            gc.collect()

    def _pick(self, data, label="x"):
        i = data.draw(st.integers(0, len(self.live) - 1), label=f"{label} index")
        return self.live[i]

    def _step(self, name):
        STATS["steps"] += 1
        STATS[f"rule:{name}"] += 1
        if STATS["steps"] % 500 == 0 and os.environ.get("COREPY_FUZZ_STATS"):
            _write_stats()  # a long run killed by a timeout still leaves its counters

    def _resync(self, e):
        """Mirror := corepy's values for entry e (after a checked in-place
        op whose float results may differ by a few ulps)."""
        vals = np.array(e.t.numpy(), copy=True)
        if vals.shape == e.a.shape and e.a.flags.writeable:
            e.a[...] = vals

    def _guard(self, fn, *args):
        try:
            try:
                fn(*args)
            except (_SurveyReset, AssertionError):
                raise
            except Exception as exc:  # noqa: BLE001 - a corepy call outside both() (view for an operand, ...)
                if type(exc).__module__.startswith("hypothesis"):
                    raise
                if isinstance(exc, MemoryError) and type(exc).__module__.startswith("numpy"):
                    return  # the NumPy mirror cannot hold a huge broadcast view's copy: not corepy's doing
                finding("helper call raised", f"{type(exc).__name__}",
                        f"{_OP[0]}: a corepy call used to build operands raised {type(exc).__name__}({exc})\n"
                        + "".join(traceback.format_exc(limit=-2)))
        except _SurveyReset:
            self.live.clear()
            gc.collect()

    # -------------------------------------------------------------- creation
    @rule(data=st.data())
    def create_tensor(self, data):
        self._guard(self._create_tensor, data)

    def _create_tensor(self, data):
        self._step("create_tensor")
        dt = data.draw(dtypes_weighted, label="dtype")
        shape = data.draw(shapes_st, label="shape")
        arr = data.draw(np_arrays(dt, shape), label="values")
        how = data.draw(st.sampled_from(["numpy", "numpy_noncontig", "list", "list_dtype", "tuple", "tensor",
                                         "ragged", "bad_elem", "scalar"]), label="how")
        set_op(f"tensor[{how}]")
        if how == "numpy":
            src, desc, kw = arr, f"cp.tensor(np.array({arr.tolist()!r}, dtype='{dt}'))", {}
        elif how == "numpy_noncontig":
            src = arr.T[..., ::-1] if arr.ndim else arr
            desc, kw = f"cp.tensor(np.array({arr.tolist()!r}, dtype='{dt}').T[..., ::-1])", {}
        elif how in ("list", "tuple"):
            src = arr.tolist()
            if how == "tuple" and isinstance(src, list):
                src = tuple(src)
            desc, kw = f"cp.tensor({src!r})", {}
        elif how == "list_dtype":
            dt2 = data.draw(dtypes_weighted, label="dtype2")
            src, kw = arr.tolist(), {"dtype": dt2}
            if _float_to_int_unsafe(arr, dt2) or (np.dtype(dt2).kind == "u" and arr.dtype.kind in "if" and (arr < 0).any()):
                return
            desc = f"cp.tensor({src!r}, dtype='{dt2}')"
        elif how == "tensor":
            src, kw = cp.tensor(arr), {}
            desc = f"cp.tensor(cp.tensor({arr.tolist()!r}))"
            st_, t, _ = both(desc, lambda: cp.tensor(src), lambda: np.array(arr))
            if st_ == "ok":
                check_result(desc, t, arr, exact=True)
                self._register(t, arr, desc)
            return
        elif how == "ragged":
            src = data.draw(st.sampled_from([[[1, 2], [3]], [1, [2]], [[1.0], []], [[[1]], [2]]]), label="ragged")
            desc, kw = f"cp.tensor({src!r})", {}
        elif how == "bad_elem":
            src = data.draw(st.sampled_from([[1, None], ["a", "b"], [1, "2"], [{}], [1, 2**64], [1, 2**70],
                                             [[1, 2], [3, None]], object()]), label="bad")
            desc, kw = f"cp.tensor({src!r})", {}
        else:
            src = data.draw(py_scalars_st, label="scalar")
            desc, kw = f"cp.tensor({src!r})", {}
        st_, t, exp = both(desc, lambda: cp.tensor(src, **kw), lambda: np.array(src, **kw))
        if st_ == "ok":
            check_result(desc, t, exp, exact=True)
            self._register(t, exp, desc)

    @rule(data=st.data())
    def create_filled(self, data):
        self._guard(self._create_filled, data)

    def _create_filled(self, data):
        self._step("create_filled")
        fn = data.draw(st.sampled_from(["zeros", "ones", "full", "empty", "arange"]), label="fn")
        set_op(fn)
        dt = data.draw(st.one_of(st.none(), dtypes_weighted), label="dtype")
        kw = {} if dt is None else {"dtype": dt}
        if fn == "arange":
            args = data.draw(st.one_of(
                st.tuples(st.integers(-10, 10)),
                st.tuples(st.integers(-10, 10), st.integers(-10, 10), st.integers(-3, 3)),
                st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.sampled_from([0.5, -0.25, 1.0, 0.0, 3.0])),
                st.sampled_from([(2**62,), (0, 2**40), (0, 10, 0), (float("nan"),), (0, float("inf")), (1e308,),
                                 (5, 0, 1), ("3",), (None,)])), label="args")
            if dt is not None and np.dtype(dt).kind in "iub" and any(isinstance(x, float) for x in args):
                return  # float arange into an int dtype: NumPy's own formula, not a contract
            if dt == "bool":
                kw = {}
            desc = f"cp.arange(*{args!r}, **{kw!r})"
            st_, t, exp = both(desc, lambda: cp.arange(*args, **kw), lambda: np.arange(*args, **kw))
            if st_ == "ok":
                # NumPy fills float arange by repeated adds of (second - first) in the result dtype;
                # a few ulps of the step apart from start + i*step
                tol = None
                if exp.dtype.kind == "f" and exp.size:
                    tol = 8 * float(np.finfo(exp.dtype).eps) * (np.abs(exp.astype(np.float64)) +
                                                                exp.size * abs(float(args[-1] if len(args) == 3 else 1)))
                check_result(desc, t, exp, rtol=0.0, atol=tol)
                self._register(t, exp, desc)
            return
        shape = data.draw(st.one_of(shapes_st, st.integers(0, 5), st.sampled_from(BAD_SHAPES)), label="shape")
        if fn == "full":
            fill = data.draw(py_scalars_st, label="fill")
            if dt is not None and np.dtype(dt).kind in "iub" and isinstance(fill, float) and not np.isfinite(fill):
                return  # NaN/inf into an int dtype: NumPy warns and leaves garbage
            if dt is not None and np.dtype(dt).kind in "iu" and isinstance(fill, float) and abs(fill) > 2**31:
                return
            desc = f"cp.full({shape!r}, {fill!r}, **{kw!r})"
            st_, t, exp = both(desc, lambda: cp.full(shape, fill, **kw), lambda: np.full(shape, fill, **kw))
        else:
            desc = f"cp.{fn}({shape!r}, **{kw!r})"
            st_, t, exp = both(desc, lambda: getattr(cp, fn)(shape, **kw), lambda: getattr(np, fn)(shape, **kw))
        if st_ == "ok":
            if fn == "empty":
                if tuple(t.shape) != exp.shape or t.dtype.name != exp.dtype.name:
                    finding("wrong shape/dtype", "empty", f"{desc}: corepy {t.shape} {t.dtype.name}, NumPy "
                            f"{exp.shape} {exp.dtype.name}")
                # uninitialized bytes (a bool may hold 253): give it defined contents on both sides
                # so the run stays deterministic; test_noncanonical_bools covers such bytes on purpose.
                t[...] = 0
                exp = np.zeros(exp.shape, exp.dtype)
            check_result(desc, t, exp, exact=True)
            self._register(t, exp, desc)

    # ----------------------------------------------------------------- views
    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def view(self, data):
        self._guard(self._view, data)

    def _view(self, data):
        self._step("view")
        e = self._pick(data)
        t, a = e.t, e.a
        nd = a.ndim
        kind = data.draw(st.sampled_from(["reshape", "transpose", "T", "mT", "expand_dims", "squeeze",
                                          "broadcast_to", "flip", "moveaxis", "slice"]), label="view kind")
        set_op(kind)
        ax = st.integers(-nd - 2, nd + 1)
        if kind == "reshape":
            sizes = [s for s in range(1, a.size + 1) if a.size % s == 0] or [1]
            shp = data.draw(st.one_of(
                st.builds(lambda d: (d, a.size // d) if a.size else (0, d), st.sampled_from(sizes)),
                st.just((-1,)), st.just(a.shape[::-1]), st.just(()),
                st.builds(lambda d: (-1, d), st.sampled_from(sizes)),
                st.sampled_from([(a.size + 1,), (-1, -1), (2**62, 0), (0, 2**62), (-1, 0), (2**40, 2**40),
                                 (1.5,), ("2",)])), label="shape")
            desc = f"{e.desc}.reshape({shp!r})"
            st_, r, exp = both(desc, lambda: t.reshape(shp), lambda: a.reshape(shp))
        elif kind == "transpose":
            axes = data.draw(st.one_of(st.permutations(list(range(nd))).map(tuple), st.lists(ax, max_size=nd + 1).map(tuple),
                                       st.none()), label="axes")
            desc = f"{e.desc}.transpose({axes!r})"
            st_, r, exp = both(desc, lambda: t.transpose(axes) if axes is not None else t.transpose(),
                               lambda: a.transpose(axes) if axes is not None else a.transpose())
        elif kind == "T":
            desc = f"{e.desc}.T"
            st_, r, exp = both(desc, lambda: t.T, lambda: a.T)
        elif kind == "mT":
            desc = f"{e.desc}.mT"
            st_, r, exp = both(desc, lambda: t.mT, lambda: a.mT)
        elif kind == "expand_dims":
            axis = data.draw(st.one_of(ax, st.tuples(ax, ax)), label="axis")
            desc = f"cp.expand_dims({e.desc}, {axis!r})"
            st_, r, exp = both(desc, lambda: cp.expand_dims(t, axis), lambda: np.expand_dims(a, axis))
        elif kind == "squeeze":
            axis = data.draw(st.one_of(st.none(), ax, st.tuples(ax)), label="axis")
            desc = f"{e.desc}.squeeze({axis!r})"
            st_, r, exp = both(desc, lambda: t.squeeze(axis), lambda: a.squeeze(axis))
        elif kind == "broadcast_to":
            shp = data.draw(st.one_of(
                st.builds(lambda pre, ones: tuple(pre) + tuple(3 if (s == 1 and o) else s for s, o in zip(a.shape, ones)),
                          st.lists(st.integers(0, 3), max_size=2), st.lists(st.booleans(), min_size=nd, max_size=nd)),
                shapes_st, st.sampled_from([(-1,), (2**62,) + a.shape, (2**40, 2**40) + a.shape])), label="shape")
            desc = f"cp.broadcast_to({e.desc}, {shp!r})"
            st_, r, exp = both(desc, lambda: cp.broadcast_to(t, shp), lambda: _np_broadcast_to(a, shp))
        elif kind == "flip":
            axis = data.draw(st.one_of(st.none(), ax, st.tuples(ax, ax)), label="axis")
            desc = f"cp.flip({e.desc}, {axis!r})"
            st_, r, exp = both(desc, lambda: cp.flip(t, axis), lambda: np.flip(a, axis))
        elif kind == "moveaxis":
            src, dst = data.draw(ax, label="src"), data.draw(ax, label="dst")
            desc = f"cp.moveaxis({e.desc}, {src}, {dst})"
            st_, r, exp = both(desc, lambda: cp.moveaxis(t, src, dst), lambda: np.moveaxis(a, src, dst))
        else:
            idx = tuple(data.draw(st.builds(slice, st.one_of(st.none(), st.integers(-6, 6)),
                                            st.one_of(st.none(), st.integers(-6, 6)),
                                            st.one_of(st.none(), st.sampled_from([-3, -2, -1, 1, 2, 3]))),
                                  label=f"slice {i}") for i in range(nd))
            desc = f"{e.desc}[{idx!r}]"
            st_, r, exp = both(desc, lambda: t[idx], lambda: a[idx])
        if st_ == "ok":
            if not isinstance(exp, np.ndarray) and nd == 0:
                exp = a[...]  # np.flip / a[()] of a 0-d array give a scalar copy; corepy gives a 0-d view
            check_result(desc, r, exp, exact=True)
            self._register(r, exp, desc, is_view=True)

    # -------------------------------------------------------------- indexing
    def _draw_index(self, data, a, what="getitem"):
        """(index for corepy, index for NumPy, is_basic, description)."""
        nd, shape = a.ndim, a.shape
        kind = data.draw(st.sampled_from(["basic", "basic", "adversarial", "mask", "intarray", "multi"]),
                         label="index kind")
        set_op(f"{what}[{kind}]")
        if kind == "basic":
            idx = data.draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True), label="idx")
            return idx, idx, True, repr(idx)
        if kind == "adversarial":
            idx = data.draw(st.sampled_from([
                (5,), (-6,), (2**62,), (-(2**63),), (2**64,), (1.0,), ("a",), (0,) * (nd + 1), (slice(None, None, 0),),
                (Ellipsis, Ellipsis), (None, None, 0), (slice(2**62, None),), (slice(-(2**62), 2**62, 2**62),),
                (True,), (False,), ([],), (np.int64(0),), ([0, 0, -1],), ([[0]],), ([True, False, True],),
                (slice(None, None, -(2**63)),)]), label="idx")
            basic = all(isinstance(x, (int, np.integer, slice, type(None), type(Ellipsis))) and not isinstance(x, bool)
                        for x in idx)  # a view when it succeeds
            return idx, idx, basic, repr(idx)
        if kind == "mask":
            k = data.draw(st.integers(1, max(1, nd)), label="mask dims") if nd else 0
            mshape = shape[:k]
            if data.draw(st.booleans(), label="wrong mask shape") and nd:
                mshape = tuple(s + 1 for s in mshape)
            if int(np.prod(mshape, dtype=object)) > 4096:  # huge broadcast views: no mask array that big
                return Ellipsis, Ellipsis, True, "Ellipsis"
            m = data.draw(hnp.arrays(np.bool_, mshape), label="mask")
            as_tensor = data.draw(st.booleans(), label="mask as tensor")
            ci = cp.tensor(m) if as_tensor else m
            return ci, m, False, f"{desc_array(m) if as_tensor else 'np.' + repr(m)}"
        if kind == "intarray":
            n = shape[0] if nd else 0
            vals = data.draw(st.lists(st.integers(-n - 2, n + 1), max_size=5), label="ints")
            form = data.draw(st.sampled_from(["list", "numpy", "tensor", "2d"]), label="int form")
            if form == "list":
                return list(vals), list(vals), False, repr(vals)
            arr = np.array(vals, dtype=np.int64)
            if form == "2d" and arr.size % 1 == 0:
                arr = arr.reshape(1, -1)
            if form == "tensor":
                return cp.tensor(arr), arr, False, desc_array(arr)
            return arr, arr, False, "np." + repr(arr)
        # several index arrays / arrays mixed with slices
        parts_c, parts_n = [], []
        for s in shape[:3]:
            choice = data.draw(st.sampled_from(["arr", "slice", "int"]), label="part")
            if choice == "arr":
                vals = data.draw(st.lists(st.integers(-s, max(0, s - 1)), min_size=1, max_size=3) if s else st.just([]),
                                 label="vals")
                parts_c.append(list(vals))
                parts_n.append(list(vals))
            elif choice == "slice":
                parts_c.append(slice(None, None, -1))
                parts_n.append(slice(None, None, -1))
            else:
                parts_c.append(0)
                parts_n.append(0)
        # Ints and slices only: a basic index (a view, as in NumPy).
        basic = not any(isinstance(p, list) for p in parts_c)
        return tuple(parts_c), tuple(parts_n), basic, repr(tuple(parts_c))

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def getitem(self, data):
        self._guard(self._getitem, data)

    def _getitem(self, data):
        self._step("getitem")
        e = self._pick(data)
        ci, ni, basic, idesc = self._draw_index(data, e.a)
        desc = f"{e.desc}[{idesc}]"

        def np_get():
            tup = ni if isinstance(ni, tuple) else (ni,)
            if basic and not any(x is Ellipsis for x in tup):
                tup = tup + (Ellipsis,)  # a 0-d view where NumPy would return a scalar
            return e.a[tup]

        st_, r, exp = both(desc, lambda: e.t[ci], np_get)
        if st_ == "ok":
            check_result(desc, r, exp, exact=True)
            self._register(r, exp, desc, is_view=basic)

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def setitem(self, data):
        self._guard(self._setitem, data)

    def _setitem(self, data):
        self._step("setitem")
        e = self._pick(data, "target")
        ci, ni, basic, idesc = self._draw_index(data, e.a, "setitem")
        vkind = data.draw(st.sampled_from(["scalar", "entry", "self", "self_flipped", "fresh"]), label="value kind")
        if vkind == "scalar":
            cv = nv = data.draw(py_scalars_st, label="value")
            vdesc = repr(cv)
        elif vkind == "entry":
            v = self._pick(data, "value")
            cv, nv, vdesc = v.t, v.a, v.desc
        elif vkind == "self":
            cv, nv, vdesc = e.t, e.a, e.desc
        elif vkind == "self_flipped":
            cv, nv, vdesc = e.t.flip(), np_flip_view(e.a), f"{e.desc}.flip()"
        else:
            dt = data.draw(dtypes_weighted, label="value dtype")
            shp = data.draw(shapes_st, label="value shape")
            arr = data.draw(np_arrays(dt, shp), label="value")
            cv, nv, vdesc = cp.tensor(arr), arr, desc_array(arr)
        tdt = e.a.dtype
        if _float_to_int_unsafe(nv, tdt):
            return  # out-of-range/NaN float -> int: corepy gives astype's value on every path (README)
        if np.asarray(nv).dtype.kind in "if" and tdt.kind == "u" and (np.asarray(nv) < 0).any() and not isinstance(nv, int):
            return  # negative -> uint8 of an array: a C cast NumPy does not define for floats
        desc = f"t = {e.desc}; t[{idesc}] = {vdesc}"
        before = e.a.copy()

        def np_set():
            e.a[ni] = nv

        def cp_set():
            e.t[ci] = cv

        st_, _, np_exc = both(desc, cp_set, np_set, documented=None)
        if st_ == "raised" and not np.array_equal(e.a, before, equal_nan=True):
            # NumPy wrote (part) before raising, or succeeded where corepy raises a documented gap:
            # corepy's state is the reference now
            self._resync(e)
        # the invariant compares every live tensor (the target and all views of it) to its mirror

    # ------------------------------------------------------------ arithmetic
    def _operand(self, data, label, like=None):
        kind = data.draw(st.sampled_from(["entry", "entry", "scalar", "fresh_like", "fresh"]), label=f"{label} kind")
        if kind == "entry" or (kind == "fresh_like" and like is None):
            v = self._pick(data, label)
            return v.t, v.a, v.desc
        if kind == "scalar":
            s = data.draw(py_scalars_st, label=label)
            return s, s, repr(s)
        if kind == "fresh_like":
            shp = like.shape[data.draw(st.integers(0, like.ndim), label="drop dims"):]
            shp = tuple(1 if data.draw(st.booleans(), label="one") else s for s in shp)
        else:
            shp = data.draw(shapes_st, label="shape")
        dt = data.draw(dtypes_weighted, label=f"{label} dtype")
        arr = data.draw(np_arrays(dt, shp), label=label)
        return cp.tensor(arr), arr, desc_array(arr)

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def binary(self, data):
        self._guard(self._binary, data)

    def _binary(self, data):
        self._step("binary")
        op = data.draw(st.sampled_from(sorted(BINARY_OPS)), label="op")
        pyop, npf, cpf, sym = BINARY_OPS[op]
        set_op(op)
        x = self._pick(data, "lhs")
        ct, nt, ydesc = self._operand(data, "rhs", like=x.a)
        swap = data.draw(st.booleans(), label="swap")
        use_fn = pyop is None or data.draw(st.booleans(), label="function form")
        (cl, nl, ld), (cr, nr, rd) = ((x.t, x.a, x.desc), (ct, nt, ydesc))
        if swap:
            (cl, nl, ld), (cr, nr, rd) = (cr, nr, rd), (cl, nl, ld)
        if use_fn:
            desc = f"cp.{op}({ld}, {rd})"
            cp_call, np_call = (lambda: cpf(cl, cr)), (lambda: npf(nl, nr))
            if not isinstance(cl, cp.Tensor) and not isinstance(cr, cp.Tensor):
                return
            if not isinstance(cl, cp.Tensor):
                # np.add(3, arr) works; corepy's function form wants a tensor first only if so documented
                pass
        else:
            desc = f"({ld}) {sym} ({rd})"
            cp_call, np_call = (lambda: pyop(cl, cr)), (lambda: pyop(nl, nr))
        st_, r, exp = both(desc, cp_call, np_call)
        if st_ == "ok":
            exp = np.asarray(exp)
            ctx = {"bool_int8": _involves_bool_only(nl, nr) and op in ("floor_divide", "remainder", "power")}
            valid = defined_mask(op, nl, nr, exp)
            check_result(desc, r, exp, valid=valid, rtol=binary_tolerance(op, exp.dtype), ctx=ctx)
            self._register(r, exp, desc)

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def unary(self, data):
        self._guard(self._unary, data)

    def _unary(self, data):
        self._step("unary")
        x = self._pick(data)
        op = data.draw(st.sampled_from(["negative", "abs", "sqrt", "exp", "invert", "isnan", "sign", "floor"]), label="op")
        set_op(op)
        npf = {"abs": np.abs, "invert": np.invert}.get(op) or getattr(np, op)
        cpf = getattr(cp, op)
        desc = f"cp.{op}({x.desc})"
        st_, r, exp = both(desc, lambda: cpf(x.t), lambda: npf(x.a))
        if st_ == "ok":
            exp = np.asarray(exp)
            rtol = 4 * np.finfo(exp.dtype).eps if exp.dtype.kind == "f" else None
            valid = None
            if op in ("negative", "abs") and exp.dtype.kind == "i":
                valid = x.a != np.iinfo(exp.dtype).min
            check_result(desc, r, exp, rtol=rtol, valid=valid)
            self._register(r, exp, desc)

    # ------------------------------------------------------- in-place / out=
    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def inplace(self, data):
        self._guard(self._inplace, data)

    def _inplace(self, data):
        self._step("inplace")
        op = data.draw(st.sampled_from(sorted(INPLACE)), label="op")
        set_op(f"in-place {op}")
        e = self._pick(data, "target")
        vkind = data.draw(st.sampled_from(["operand", "self", "self_view"]), label="value kind")
        if vkind == "operand":
            cv, nv, vdesc = self._operand(data, "value", like=e.a)
        elif vkind == "self":
            cv, nv, vdesc = e.t, e.a, e.desc
        else:
            cv, nv, vdesc = e.t.flip(), np_flip_view(e.a), f"{e.desc}.flip()"
        desc = f"t = {e.desc}; t {BINARY_OPS[op][3]}= {vdesc}"
        before = e.a.copy()
        iop = INPLACE[op]
        holder = {}

        def cp_do():
            holder["r"] = iop(e.t, cv)

        def np_do():
            iop(e.a, nv)

        st_, _, np_exc = both(desc, cp_do, np_do)
        if st_ == "ok":
            if holder["r"] is not e.t:
                finding("in-place op returned a new object", op, f"{desc}: `t {BINARY_OPS[op][3]}= v` rebinds t "
                        "to a new tensor instead of writing into it")
            valid = defined_mask(op, before, nv, e.a)
            check_result(desc, e.t, e.a, valid=valid, rtol=binary_tolerance(op, e.a.dtype))
            self._resync(e)
        elif not np.array_equal(e.a, before, equal_nan=True):  # NumPy wrote; corepy raised (maybe documented)
            self._resync(e)

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def out_arg(self, data):
        self._guard(self._out_arg, data)

    def _out_arg(self, data):
        self._step("out_arg")
        op = data.draw(st.sampled_from(["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power",
                                        "maximum", "minimum", "less", "equal", "negative", "exp"]), label="op")
        set_op(f"{op}(out=)")
        x = self._pick(data, "a")
        unary = op in ("negative", "exp")
        if unary:
            y = None
        else:
            ykind = data.draw(st.sampled_from(["same", "entry", "scalar"]), label="b kind")
            if ykind == "same":
                y = x
            elif ykind == "entry":
                y = self._pick(data, "b")
            else:
                s = data.draw(py_scalars_st, label="b")
                y = Entry(s, s, repr(s), False)
        okind = data.draw(st.sampled_from(["a", "b", "a_flip", "a_T", "entry", "fresh"]), label="out kind")
        if okind == "a" or (okind == "b" and (y is None or not isinstance(y.t, cp.Tensor))):
            o = x
        elif okind == "b":
            o = y
        elif okind in ("a_flip", "a_T"):
            ct = x.t.flip() if okind == "a_flip" else x.t.T
            na = np_flip_view(x.a) if okind == "a_flip" else x.a.T
            o = Entry(ct, na, f"{x.desc}.{'flip()' if okind == 'a_flip' else 'T'}", True)
        elif okind == "entry":
            o = self._pick(data, "out")
        else:
            shp = np.broadcast_shapes(x.a.shape, np.shape(y.a)) if (y is not None and
                                                                   _broadcastable(x.a.shape, np.shape(y.a))) else x.a.shape
            dt = data.draw(dtypes_weighted, label="out dtype")
            arr = np.zeros(shp, dtype=dt)
            o = Entry(cp.tensor(arr), arr, f"cp.zeros({shp!r}, dtype='{dt}')", False)
        npf, cpf = getattr(np, op), getattr(cp, op)
        if unary:
            desc = f"cp.{op}({x.desc}, out={o.desc})"
            cp_call, np_call = (lambda: cpf(x.t, out=o.t)), (lambda: npf(x.a, out=o.a))
        else:
            desc = f"cp.{op}({x.desc}, {y.desc}, out={o.desc})"
            cp_call, np_call = (lambda: cpf(x.t, y.t, out=o.t)), (lambda: npf(x.a, y.a, out=o.a))
        before = o.a.copy()
        xa_before = x.a.copy()
        ya_before = None if (unary or not isinstance(y.a, np.ndarray)) else y.a.copy()
        if _float_to_int_unsafe(before, o.a.dtype):
            return
        st_, r, exp = both(desc, cp_call, np_call)
        if st_ == "ok":
            if r is not o.t:
                finding("out= result is not out", op, f"{desc}: returned object is not `out`")
            valid = None
            if not unary:
                valid = defined_mask(op, xa_before, ya_before if ya_before is not None else y.a, o.a)
            if op == "exp" and o.a.dtype.kind in "iu":
                valid = np.zeros(o.a.shape, bool)
            if o.a.dtype.kind in "iu" and np.result_type(*( [xa_before] if unary else [xa_before, ya_before if ya_before is not None else y.a])).kind == "f":
                valid = np.zeros(o.a.shape, bool)  # float result cast into an int out: C cast, not compared
            check_result(desc, o.t, o.a, valid=valid, rtol=binary_tolerance(op, o.a.dtype) or
                         (16 * np.finfo(o.a.dtype).eps if o.a.dtype.kind == "f" else None))
            self._resync(o)
        elif not np.array_equal(o.a, before, equal_nan=True):  # NumPy wrote; corepy raised (maybe documented)
            self._resync(o)

    # ------------------------------------------------------------ reductions
    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def reduce(self, data):
        self._guard(self._reduce, data)

    def _reduce(self, data):
        self._step("reduce")
        e = self._pick(data)
        fn = data.draw(st.sampled_from(REDUCTIONS), label="fn")
        set_op(fn)
        nd = e.a.ndim
        axis = data.draw(st.one_of(st.none(), st.integers(-nd - 1, nd),
                                   st.lists(st.integers(-nd - 1, nd), max_size=3).map(tuple),
                                   st.sampled_from([1.5, "0", (0, 0), (-1, nd - 1), 2**63])), label="axis")
        keepdims = data.draw(st.booleans(), label="keepdims")
        method = data.draw(st.booleans(), label="method form")
        kw = {"axis": axis, "keepdims": keepdims}
        desc = f"{e.desc}.{fn}(axis={axis!r}, keepdims={keepdims})" if method else \
            f"cp.{fn}({e.desc}, axis={axis!r}, keepdims={keepdims})"
        cp_call = (lambda: getattr(e.t, fn)(**kw)) if method else (lambda: getattr(cp, fn)(e.t, **kw))
        np_call = lambda: getattr(np, fn)(e.a, **kw)  # noqa: E731
        # NumPy's legacy quirk: a 0-d array accepts axis=0 / -1 in reductions (except mean); corepy raises.
        quirk = (IndexError, ValueError) if nd == 0 and axis in (0, -1) else None
        st_, r, exp = both(desc, cp_call, np_call, documented=quirk)
        if st_ != "ok":
            return
        exp = np.asarray(exp)
        a = e.a
        valid, rtol, atol = None, None, None
        if exp.dtype.kind == "f" and fn in ("sum", "mean", "prod"):
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                af = np.abs(a.astype(np.float64))
                red = dict(axis=axis, keepdims=keepdims)
                n = max(1, a.size // max(1, exp.size))
                eps = np.finfo(exp.dtype).eps
                fmax = float(np.finfo(exp.dtype).max)
                finite_lane = np.all(np.isfinite(a.astype(np.float64)), **red)
                if fn in ("sum", "mean"):
                    scale = np.sum(np.where(np.isfinite(af), af, 0), **red)
                    if fn == "mean":
                        scale = scale / n
                    atol = 8 * eps * np.log2(n + 1) * scale + 4 * np.finfo(exp.dtype).tiny
                    rtol = 8 * eps
                    valid = ~(np.sum(np.where(np.isfinite(af), af, 0), **red) > fmax / 4)
                else:
                    rtol = 4 * n * eps
                    atol = 0.0
                    tiny = float(np.finfo(exp.dtype).tiny)
                    ex = np.abs(exp.astype(np.float64))
                    has_zero = np.any(a == 0, **red)
                    has_inf = np.any(np.isinf(a.astype(np.float64)), **red)
                    valid = (np.isnan(exp) | (np.isfinite(exp) & (ex < fmax * 1e-3) & (ex > tiny * 1e6))
                             | ((exp == 0) & has_zero & finite_lane) | (np.isinf(exp) & has_inf & ~has_zero))
        elif exp.dtype.kind == "f" and fn in ("max", "min"):
            rtol = 0.0
        check_result(desc, r, exp, valid=valid, rtol=rtol, atol=atol)
        self._register(r, exp, desc)

    # ---------------------------------------------------------------- matmul
    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def matmul(self, data):
        self._guard(self._matmul, data)

    def _matmul(self, data):
        self._step("matmul")
        set_op("matmul")
        x = self._pick(data, "a")
        kind = data.draw(st.sampled_from(["entry", "transpose", "fresh_compatible", "fresh_any"]), label="b kind")
        if kind == "entry":
            y = self._pick(data, "b")
            ct, na, ydesc = y.t, y.a, y.desc
        elif kind == "transpose" and x.a.ndim >= 2:
            ct, na, ydesc = x.t.mT, x.a.mT, f"{x.desc}.mT"
        else:
            if kind == "fresh_compatible" and x.a.ndim >= 1:
                k = x.a.shape[-1]
                n = data.draw(st.integers(0, 4), label="n")
                batch = x.a.shape[:-2][data.draw(st.integers(0, max(0, x.a.ndim - 2)), label="bdrop"):]
                shp = (k,) if data.draw(st.booleans(), label="1-D b") else tuple(batch) + (k, n)
            else:
                shp = data.draw(shapes_st, label="b shape")
            dt = data.draw(dtypes_weighted, label="b dtype")
            na = data.draw(np_arrays(dt, shp), label="b")
            ct, ydesc = cp.tensor(na), desc_array(na)
        use_op = data.draw(st.booleans(), label="@ form")
        desc = f"({x.desc}) @ ({ydesc})" if use_op else f"cp.matmul({x.desc}, {ydesc})"
        st_, r, exp = both(desc, (lambda: x.t @ ct) if use_op else (lambda: cp.matmul(x.t, ct)),
                           (lambda: x.a @ na) if use_op else (lambda: np.matmul(x.a, na)))
        if st_ != "ok":
            return
        exp = np.asarray(exp)
        rtol = atol = valid = None
        if exp.dtype.kind == "f":
            with np.errstate(all="ignore"):
                A, B = np.abs(x.a.astype(np.float64)), np.abs(na.astype(np.float64))
                fa, fb = np.isfinite(A).all(), np.isfinite(B).all()
                A, B = np.where(np.isfinite(A), A, 0), np.where(np.isfinite(B), B, 0)
                scale = np.abs(np.matmul(A, B))
                k = x.a.shape[-1] if x.a.ndim else 1
                eps = np.finfo(exp.dtype).eps
                atol = 4 * (k + 1) * eps * scale + 4 * np.finfo(exp.dtype).tiny
                rtol = 4 * eps
                valid = scale < float(np.finfo(exp.dtype).max) / 4
                if not (fa and fb):
                    valid = valid & (np.isnan(exp) | np.isinf(exp) | True)
                    # with inf/NaN inputs, inf - inf order matters only via NaN vs inf; compare NaN-ness exactly
        check_result(desc, r, exp, valid=valid, rtol=rtol, atol=atol)
        self._register(r, exp, desc)

    # ---------------------------------------------------------------- astype
    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def astype(self, data):
        self._guard(self._astype, data)

    def _astype(self, data):
        self._step("astype")
        set_op("astype")
        e = self._pick(data)
        dt = data.draw(st.one_of(dtypes_weighted, st.sampled_from(["foo", "float16", 3, None])), label="dtype")
        desc = f"{e.desc}.astype({dt!r})"
        documented = (TypeError, ValueError) if dt in ("float16",) else None
        st_, r, exp = both(desc, lambda: e.t.astype(dt), lambda: e.a.astype(dt), documented=documented)
        if st_ != "ok":
            return
        exp = np.asarray(exp)
        valid = None
        if e.a.dtype.kind == "f" and exp.dtype.kind in "iu":
            lo, hi = _int_limits(exp.dtype)
            with np.errstate(all="ignore"):
                valid = np.isfinite(e.a) & (e.a > lo - 1) & (e.a < hi + 1)
        check_result(desc, r, exp, valid=valid, exact=True)
        self._register(r, exp, desc)

    # ----------------------------------------------------- delete the base
    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def delete(self, data):
        self._step("delete")
        bases = [i for i, en in enumerate(self.live) if not en.is_view]
        pool = bases or list(range(len(self.live)))
        i = data.draw(st.sampled_from(pool), label="delete")
        trace(f"del {self.live[i].desc}; gc.collect()")
        del self.live[i]
        gc.collect()

    # ------------------------------------------------------------ invariant
    @invariant()
    def mirrors_agree(self):
        set_op("invariant")
        for e in self.live:
            try:
                if tuple(e.t.shape) != e.a.shape or e.t.dtype.name != e.a.dtype.name:
                    finding("tensor drifted from its mirror", "shape/dtype",
                            f"{e.desc}: corepy {e.t.shape} {e.t.dtype.name}, mirror {e.a.shape} {e.a.dtype.name}")
                g = np.array(e.t.numpy(), copy=True)
                ok = values_match(g, e.a, exact=True)
                if not ok.all() and g.dtype.kind == "f":
                    # A NaN/inf that went through a float -> int cast comes back
                    # as an integer limit in NumPy (platform-defined; the README
                    # lists it): not a write-through error.
                    with np.errstate(all="ignore"):
                        limit = np.isin(np.abs(np.asarray(e.a, dtype=np.float64)), [2.0**63, 2.0**31, 2.0**15, 2.0**7])
                        limit |= np.isin(np.abs(g.astype(np.float64)), [2.0**63, 2.0**31, 2.0**15, 2.0**7])
                    ok |= limit  # NaN/inf cast to int (and ops on it) is platform-defined
                if not ok.all():
                    finding("tensor drifted from its mirror", "values (aliasing/write-through)",
                            f"{e.desc}: corepy {g.tolist()!r} != NumPy mirror {e.a.tolist()!r} (a write through an "
                            "aliasing view or an in-place op reached different elements than in NumPy)")
            except _SurveyReset:
                self.live.clear()
                gc.collect()
                return


def _np_broadcast_to(a, shape):
    """The NumPy mirror of cp.broadcast_to. corepy refuses writes only into a
    view whose elements share memory (a stride 0 on a dimension longer than 1;
    README: Views); NumPy marks every broadcast_to result read-only. A result
    without such sharing is mirrored by the same strides, writable."""
    r = np.broadcast_to(a, shape)
    if a.flags.writeable and not any(d > 1 and s == 0 for d, s in zip(r.shape, r.strides)):
        r = np.lib.stride_tricks.as_strided(a, r.shape, r.strides, writeable=True)
    return r


def _broadcastable(s1, s2):
    try:
        np.broadcast_shapes(s1, s2)
        return True
    except ValueError:
        return False


APIFuzz.TestCase.settings = settings(max_examples=MACHINE_EXAMPLES, stateful_step_count=MACHINE_STEPS, deadline=None,
                                     derandomize=True, database=None, suppress_health_check=_HEALTH, print_blob=False,
                                     phases=_PHASES)
TestAPIFuzz = APIFuzz.TestCase


# --------------------------------------------------------------------------
# @given property tests
# --------------------------------------------------------------------------

def _run_given(label, cp_fn, np_fn, **kw):
    STATS["given_calls"] += 1
    try:
        return both(label, cp_fn, np_fn, **kw)
    except _SurveyReset:
        return "finding", None, None


@given_settings(60)
@given(fn=st.sampled_from(["zeros", "ones", "empty", "full"]),
       shape=st.one_of(st.sampled_from(BAD_SHAPES), st.lists(st.integers(-3, 2**63 + 5), max_size=4).map(tuple),
                       st.lists(st.sampled_from([0, 1, 2**20, 2**31, 2**32, 2**62, -1]), max_size=4).map(tuple)),
       dt=st.sampled_from(MAIN_DTYPES + LIGHT_DTYPES))
def test_creation_shapes(fn, shape, dt):
    """Every shape, valid or not, either gives NumPy's tensor or NumPy's error
    (sizes are capped so a valid one never allocates more than ~1 MiB)."""
    try:
        n = int(np.prod([int(s) for s in shape], dtype=object)) if isinstance(shape, tuple) and all(
            isinstance(s, int) for s in shape) else None
    except Exception:  # noqa: BLE001
        n = None
    # Valid and big: NumPy would really allocate it; not a shape-validation case.
    assume(not (n is not None and 2**17 < n and n * np.dtype(dt).itemsize < 2**45 and all(s >= 0 for s in shape)))
    STATS["given_examples"] += 1
    set_op(f"given {fn}")
    args = (shape, 1) if fn == "full" else (shape,)
    label = f"cp.{fn}(*{args!r}, dtype='{dt}')"
    st_, t, exp = _run_given(label, lambda: getattr(cp, fn)(*args, dtype=dt), lambda: getattr(np, fn)(*args, dtype=dt))
    if st_ == "ok":
        if fn == "empty":
            exp = np.array(t.numpy(), copy=True) if tuple(t.shape) == exp.shape else exp
        try:
            check_result(label, t, exp, exact=True)
        except _SurveyReset:
            pass


@given_settings(80)
@given(data=st.data(), op=st.sampled_from(sorted(BINARY_OPS)), s1=shapes_st, s2=shapes_st,
       d1=dtypes_weighted, d2=dtypes_weighted)
def test_broadcast_binary(data, op, s1, s2, d1, d2):
    """Any two shapes and dtypes: NumPy's result (values, dtype, shape) or NumPy's error."""
    STATS["given_examples"] += 1
    a = data.draw(np_arrays(d1, s1), label="a")
    b = data.draw(np_arrays(d2, s2), label="b")
    _, npf, cpf, _ = BINARY_OPS[op]
    set_op(f"given {op}")
    label = f"cp.{op}({desc_array(a)}, {desc_array(b)})"
    st_, r, exp = _run_given(label, lambda: cpf(cp.tensor(a), cp.tensor(b)), lambda: npf(a, b))
    if st_ == "ok":
        exp = np.asarray(exp)
        ctx = {"bool_int8": a.dtype == np.bool_ and b.dtype == np.bool_ and op in ("floor_divide", "remainder", "power")}
        try:
            check_result(label, r, exp, valid=defined_mask(op, a, b, exp), rtol=binary_tolerance(op, exp.dtype), ctx=ctx)
        except _SurveyReset:
            pass


@given_settings(30)
@given(data=st.data(), dt=dtypes_weighted, shape=nonempty_shapes_st.filter(lambda s: len(s) >= 1))
def test_views_outlive_deleted_base(data, dt, shape):
    """A chain of views (slice with negative step, transpose, expand_dims,
    broadcast-free) stays readable and writable after every ancestor object is
    deleted and collected; writes land where NumPy's do."""
    STATS["given_examples"] += 1
    arr = data.draw(np_arrays(dt, shape), label="base")
    base = cp.tensor(arr)
    npbase = arr.copy()
    v1 = base[::-1]
    n1 = npbase[::-1]
    v2 = v1.T
    n2 = n1.T
    v3 = cp.expand_dims(v2, 0)[0]
    n3 = np.expand_dims(n2, 0)[0]
    keep_first = data.draw(st.booleans(), label="keep first view")
    del base
    if not keep_first:
        del v1
    v2_ref = v2
    del v2
    gc.collect()
    trace(f"views_outlive_deleted_base {desc_array(arr)}")
    set_op("view of deleted base")
    STATS["given_calls"] += 1
    try:
        check_result("view of deleted base", v3, n3, exact=True)
        val = data.draw(value_elements(dt), label="value")
        v3[...] = val
        n3[...] = val
        gc.collect()
        check_result("view of deleted base after write", v3, n3, exact=True)
        check_result("sibling view of deleted base after write", v2_ref, n2, exact=True)
        r = (v3 + v3).sum()
        with np.errstate(all="ignore"):
            exp = (n3 + n3).sum()
        if np.asarray(exp).dtype.kind == "f":
            check_result("sum of view of deleted base", r, exp, rtol=64 * np.finfo(np.asarray(exp).dtype).eps,
                         atol=1e-3)
    except _SurveyReset:
        pass


@given_settings(30)
@given(raw=st.lists(st.integers(0, 255), min_size=1, max_size=12),
       op=st.sampled_from(["astype_f32", "astype_i32", "sum", "any", "all", "eq_true", "logical_not", "and", "max",
                           "argmax", "mul", "add", "where", "tolist"]))
def test_noncanonical_bools(raw, op):
    """A bool buffer whose bytes are not 0/1 (a uint8 NumPy array viewed as
    bool, handed to cp.tensor; also what cp.empty(dtype=bool) can return):
    every op must read any nonzero byte as True, as NumPy does."""
    STATS["given_examples"] += 1
    set_op(f"noncanonical bool {op}")
    a = np.array(raw, dtype=np.uint8).view(np.bool_)
    ones = np.ones(a.shape, np.bool_)
    fns = {
        "astype_f32": (lambda x: x.astype("float32"), lambda x: x.astype(np.float32)),
        "astype_i32": (lambda x: x.astype("int32"), lambda x: x.astype(np.int32)),
        "sum": (lambda x: x.sum(), lambda x: x.sum()),
        "any": (lambda x: x.any(), lambda x: x.any()),
        "all": (lambda x: x.all(), lambda x: x.all()),
        "eq_true": (lambda x: x == True, lambda x: x == True),  # noqa: E712
        "logical_not": (lambda x: cp.logical_not(x), lambda x: np.logical_not(x)),
        "and": (lambda x: x & cp.tensor(ones), lambda x: x & ones),
        "max": (lambda x: x.max(), lambda x: x.max()),
        "argmax": (lambda x: x.argmax(), lambda x: x.argmax()),
        "mul": (lambda x: x * 1, lambda x: x * 1),
        "add": (lambda x: x + x, lambda x: x + x),
        "where": (lambda x: cp.where(x, 1, 0), lambda x: np.where(x, 1, 0)),
        "tolist": (lambda x: cp.tensor(x.tolist()), lambda x: np.array(x.tolist())),
    }
    cf, nf = fns[op]
    label = f"cp.tensor(np.array({raw!r}, dtype=np.uint8).view(bool)) -> {op}"
    st_, r, exp = _run_given(label, lambda: cf(cp.tensor(a)), lambda: nf(a))
    if st_ == "ok":
        exp = np.asarray(exp)
        if exp.dtype == np.bool_:
            exp = exp.view(np.uint8).astype(bool)  # canonical
            r_vals = np.array(r.numpy(), copy=True).view(np.uint8) != 0 if r.dtype.name == "bool" else None
            if r_vals is not None and not np.array_equal(np.array(r.numpy(), copy=True).view(np.uint8),
                                                         r_vals.astype(np.uint8)):
                STATS["noncanonical_bool_results"] += 1
        try:
            check_result(label, r, exp, exact=True)
        except _SurveyReset:
            pass


# --------------------------------------------------------------------------
# summary
# --------------------------------------------------------------------------

def _summary():
    out = {
        "seconds": round(time.time() - _T0, 1),
        "machine_examples_setting": MACHINE_EXAMPLES,
        "machine_steps_setting": MACHINE_STEPS,
        "state_machine_examples": STATS["examples"],
        "state_machine_steps": STATS["steps"],
        "given_examples": STATS["given_examples"],
        "calls_compared": STATS["calls"],
        "results_compared": STATS["results_compared"],
        "invalid_inputs_tried": STATS["invalid_inputs"],
        "invalid_by_numpy_exception": dict(INVALID_BY_KIND),
        "documented_differences_hit": STATS["documented_differences"],
        "exception_kind_mismatches": {k: {"count": v, "first": KIND_MISMATCH_EXAMPLES.get(k)}
                                      for k, v in KIND_MISMATCHES.items()},
        "float16_as_float32": STATS["float16_as_float32"],
        "uint64_as_int64": STATS["uint64_as_int64"],
        "findings": {k: v for k, v in FINDINGS.items()},
        "rules": {k[5:]: v for k, v in STATS.items() if k.startswith("rule:")},
    }
    return out


def _write_stats():
    path = os.environ.get("COREPY_FUZZ_STATS")
    if path:
        with open(path, "w") as fh:
            json.dump(_summary(), fh, indent=2, default=str)


@pytest.fixture(scope="module", autouse=True)
def _fuzz_summary(request):
    yield
    summary = _summary()
    path = os.environ.get("COREPY_FUZZ_STATS")
    if path:
        with open(path, "w") as fh:
            json.dump(summary, fh, indent=2, default=str)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    brief = {k: v for k, v in summary.items() if k not in ("findings", "rules")}
    lines = ["", "corepy API fuzz summary: " + json.dumps(brief, default=str)]
    for k, v in summary["findings"].items():
        lines.append(f"  finding x{v['count']}: {k}\n    {v['message'][:600]}")
    text = "\n".join(lines)
    if reporter is not None:
        reporter.write_line(text)
    else:  # pragma: no cover
        print(text)

"""A fuzzer over corepy's whole public surface with hostile arguments.

The surface is discovered at run time: every public callable of ``corepy``
and its submodules, every public ``Tensor`` method and every operator /
protocol method ``Tensor`` defines, so a new op is covered without editing
this file. Each call draws its receiver, positional and keyword arguments
from a pool of hostile values (lying and mutating sequences, huge and
negative sizes, 0-size and >64-dim shapes, NaN/inf/-0.0, out-of-range
Python ints, broken ``__array__``/``__index__``/``__float__``, read-only,
byte-swapped and non-contiguous NumPy arrays, ...).

Calls run in child processes, a batch per child. The child writes a line
before and after each call, so when it dies (abort, segfault) or hangs the
parent knows which call did it and records its reproducer (seed and call
index: ``--replay SEED:INDEX`` runs that one call again and prints it).

Checked for every call:
  crash     the child died (signal or abort) inside the call
  hang      the batch ran past its time limit inside the call
  panic     a Rust panic reached Python (pyo3's PanicException)
  poison    a result holds the arena's poison pattern (run with
            COREPY_ARENA_POISON=1): bytes nobody wrote (cp.empty* excepted)
  unstable  a second identical call (arguments rebuilt from the same seed)
            gave a different result (random ops without a seed excepted)
  leak      the arena's live bytes after a batch exceed those before it

Usage (see tools/fuzz/README.md):
    python tools/fuzz/surface_fuzz.py --seed 0 --calls 20000 --jobs 2
    python tools/fuzz/surface_fuzz.py --replay 0:1234
"""
import argparse
import collections
import gc
import itertools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import types

MAX_TOTAL_BYTES = 6 << 30  # address-space limit of a child (a runaway allocation fails, it does not swap)

# Process-wide settings a fuzz call must not change for the calls after it.
SKIP = {
    "cp.set_num_threads": "resizes the process-wide thread pool",
    "cp.backend.set_num_threads": "resizes the process-wide thread pool",
    "cp.backend.select_backend": "switches the kernels every later call uses",
    "cp.backend.set_cache_limit": "changes the arena cap every later call sees",
}
UNINITIALIZED = {"empty", "empty_like"}  # return unwritten memory by contract, as in NumPy
NONDETERMINISTIC = {"rand", "randn", "empty", "empty_like", "detect_devices", "memory_stats"}
# Tensor protocol methods worth calling (operators, indexing, conversions).
GENERIC_OBJECT_ATTRS = set(dir(object)) - {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__",
                                           "__repr__", "__str__", "__format__", "__reduce__", "__reduce_ex__",
                                           "__sizeof__"}
NOT_CALLED = {"__init__", "__new__", "__init_subclass__", "__subclasshook__", "__class_getitem__",
              "__getattribute__", "__setattr__", "__delattr__", "__dir__", "__del__", "__getstate__"}


def surface():
    """[(name, kind, target)] for everything public, discovered now."""
    import corepy as cp

    found = {}
    seen_modules = set()

    def walk_module(mod, prefix):
        if id(mod) in seen_modules:
            return
        seen_modules.add(id(mod))
        for attr in sorted(dir(mod)):
            if attr.startswith("_"):
                continue
            obj = getattr(mod, attr, None)
            if isinstance(obj, types.ModuleType):
                if getattr(obj, "__name__", "").startswith("corepy"):
                    walk_module(obj, f"{prefix}.{attr}")
                continue
            home = getattr(obj, "__module__", None) or ""
            if callable(obj) and not isinstance(obj, type) and home.startswith("corepy"):
                name = f"{prefix}.{attr}"
                if name not in SKIP:
                    found.setdefault(name, ("function", obj))

    walk_module(cp, "cp")
    for attr in sorted(dir(cp.Tensor)):
        if attr in NOT_CALLED or (attr.startswith("__") and attr in GENERIC_OBJECT_ATTRS):
            continue
        if attr.startswith("_") and not attr.startswith("__"):
            continue
        found[f"Tensor.{attr}"] = ("method", attr)
    # Deduplicate aliases (cp.sum and cp.functions.sum are one object).
    by_target = {}
    for name, (kind, target) in sorted(found.items(), key=lambda kv: (kv[0].count("."), kv[0])):
        key = (kind, id(target) if kind == "function" else target)
        by_target.setdefault(key, (name, kind, target))
    return sorted(by_target.values(), key=lambda v: v[0])


# --------------------------------------------------------------------------
# Hostile values. Each maker takes an rng and returns (value, description).


class LongLen(list):
    """A list whose len() claims more items than iteration yields."""

    def __len__(self):
        return super().__len__() + 3


class ShortLen(tuple):
    """A tuple whose len() claims fewer items than it holds."""

    def __len__(self):
        return max(0, super().__len__() - 1)


class HugeLen:
    """A sequence-like object claiming an enormous length."""

    def __init__(self, n, items=(0,)):
        self.n, self.items = n, list(items)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.items[i]

    def __iter__(self):
        return iter(self.items)

    def __repr__(self):
        return f"HugeLen({self.n}, {self.items})"


class Shrinker:
    def __init__(self, victim):
        self.victim = victim

    def __float__(self):
        del self.victim[1:]
        return 7.0

    def __index__(self):
        del self.victim[1:]
        return 1


class BrokenIndex:
    def __index__(self):
        raise RuntimeError("broken __index__")


class WrongIndex:
    def __index__(self):
        return 2**80


class BrokenFloat:
    def __float__(self):
        raise RuntimeError("broken __float__")


class BrokenArray:
    def __array__(self, *a, **k):
        raise RuntimeError("broken __array__")

    def __len__(self):
        return 3


class LyingArrayInterface:
    @property
    def __array_interface__(self):
        return {"shape": (2**40,), "typestr": "<f8", "data": (0, True), "version": 3}


class BadIter:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        raise IndexError

    def __iter__(self):
        raise RuntimeError("broken __iter__")


def _deep(n):
    v = [1.0]
    for _ in range(n):
        v = [v]
    return v


def _shrinking(rng):
    v = [7.0, 7.0, 7.0, 7.0]
    v[0] = Shrinker(v)
    return [v, [7.0] * 4]


def tensor_maker(rng):
    import corepy as cp
    import numpy as np

    dt = rng.choice(["f32", "f64", "i32", "i64", "i16", "i1", "u1", "bool"])
    shape = rng.choice([(), (0,), (1,), (3,), (2, 3), (3, 1), (2, 0, 3), (4, 4), (1, 1, 1, 1), (5, 2, 3), (33,)])
    n = int(np.prod(shape)) if shape else 1
    data = np.array([rng.choice([0.0, 1.0, -1.0, 2.5, -0.0, 1e30, -7.0, 3.0]) for _ in range(n)]).reshape(shape)
    if dt in ("f32", "f64") and n and rng.random() < 0.3:
        data.flat[rng.randrange(n)] = rng.choice([math.nan, math.inf, -math.inf])
    t = cp.tensor(data.astype({"f32": "f4", "f64": "f8", "i32": "i4", "i64": "i8", "i16": "i2", "i1": "i1",
                               "u1": "u1", "bool": "?"}[dt]))
    r = rng.random()
    if r < 0.15 and t.ndim >= 2:
        t, how = t.T, ".T"
    elif r < 0.25 and t.ndim >= 1 and t.shape[0] > 1:
        t, how = t[::2], "[::2]"
    else:
        how = ""
    return t, f"tensor({dt}{shape}){how}"


def numpy_maker(rng):
    import numpy as np

    kind = rng.choice(["plain", "readonly", "swapped", "strided", "f16", "c64", "u16", "0d", "big-endian-int", "empty"])
    a = np.arange(12, dtype=np.float64).reshape(3, 4) - 5.5
    if kind == "readonly":
        a.setflags(write=False)
    elif kind == "swapped":
        a = a.astype(">f8")
    elif kind == "strided":
        a = a[:, ::2]
    elif kind == "f16":
        a = a.astype(np.float16)
    elif kind == "c64":
        a = a.astype(np.complex64)
    elif kind == "u16":
        a = a.astype(np.uint16)
    elif kind == "0d":
        a = np.float32(2.5)
    elif kind == "big-endian-int":
        a = np.arange(6, dtype=">i4")
    elif kind == "empty":
        a = np.zeros((0, 3), dtype=np.float32)
    return a, f"numpy[{kind}]"


SCALARS = [0, 1, -1, 2, 3, 7, True, False, 0.0, -0.0, 1.5, math.nan, math.inf, -math.inf, 2**63, -(2**63) - 1,
           2**64, 2**200, -(2**100), 10**6, -(10**6), 1e308, 5e-324]


def scalar_maker(rng):
    v = rng.choice(SCALARS)
    return v, repr(v)


def shape_maker(rng):
    c = rng.choice(["small", "neg", "huge", "many", "many_ones", "zero", "mixed", "hugelen", "hugelen62",
                    "longlen", "shortlen", "float", "bigint", "brokenindex", "wrongindex", "gen", "str"])
    v = {
        "small": lambda: tuple(rng.randint(0, 4) for _ in range(rng.randint(0, 4))),
        "neg": lambda: (2, -1),
        "huge": lambda: (2**40, 2**40),
        "many": lambda: (1,) * 65,
        "many_ones": lambda: (1,) * 64,
        "zero": lambda: (0, 2**62),
        "mixed": lambda: (3, -1, 2),
        "hugelen": lambda: HugeLen(2**40, [2, 3]),
        "hugelen62": lambda: HugeLen(2**62, [1]),
        "longlen": lambda: LongLen([2, 3]),
        "shortlen": lambda: ShortLen((2, 3, 1)),
        "float": lambda: (2.0, 3.0),
        "bigint": lambda: (2**70,),
        "brokenindex": lambda: (BrokenIndex(), 2),
        "wrongindex": lambda: (WrongIndex(),),
        "gen": lambda: (d for d in (3, 2)),
        "str": lambda: "23",
    }[c]()
    return v, f"shape[{c}]"


def sequence_maker(rng):
    c = rng.choice(["nested", "ragged", "longlen", "shortlen", "shrinking", "deep", "empty", "mixed", "badiiter",
                    "brokenfloat", "brokenarray", "lyingiface", "hugelen", "strs", "tensors"])
    v = {
        "nested": lambda: [[1.0, 2.0], [3.0, 4.0]],
        "ragged": lambda: [[1.0], [2.0, 3.0]],
        "longlen": lambda: LongLen([7.0, 7.0]),
        "shortlen": lambda: ShortLen((7.0, 7.0, 7.0)),
        "shrinking": lambda: _shrinking(rng),
        "deep": lambda: _deep(70),
        "empty": lambda: [],
        "mixed": lambda: [1, 2.5, True],
        "badiiter": lambda: BadIter(),
        "brokenfloat": lambda: [BrokenFloat(), 1.0],
        "brokenarray": lambda: BrokenArray(),
        "lyingiface": lambda: LyingArrayInterface(),
        "hugelen": lambda: HugeLen(2**40, [1.0]),
        "strs": lambda: ["a", "b"],
        "tensors": lambda: [__import__("corepy").tensor(1.0), __import__("corepy").tensor(2.0)],
    }[c]()
    return v, f"seq[{c}]"


def odd_maker(rng):
    import corepy as cp

    c = rng.choice(["none", "ellipsis", "slice", "bigslice", "str", "dtype", "dtypestr", "baddtype", "object",
                    "tuple_index", "brokenindex", "list_index", "bool_index", "newaxis_many"])
    v = {
        "none": lambda: None,
        "ellipsis": lambda: ...,
        "slice": lambda: slice(None, None, -1),
        "bigslice": lambda: slice(-(2**70), 2**70, 2**65),
        "str": lambda: "f32",
        "dtype": lambda: cp.float32,
        "dtypestr": lambda: rng.choice(["float64", "int8", "bool", "complex128", "f16"]),
        "baddtype": lambda: object,
        "object": lambda: object(),
        "tuple_index": lambda: (0, slice(None), None, ...),
        "brokenindex": lambda: BrokenIndex(),
        "list_index": lambda: [0, -1, 2**40],
        "bool_index": lambda: [True, False],
        "newaxis_many": lambda: (None,) * 70,
    }[c]()
    return v, f"odd[{c}]"


MAKERS = [tensor_maker] * 5 + [numpy_maker, scalar_maker, scalar_maker, shape_maker, sequence_maker, odd_maker]
KWARGS = {
    "axis": lambda rng: rng.choice([0, 1, -1, 2**63, -(2**70), None, (0, 1), (0, 0), HugeLen(2**40, [0]),
                                    LongLen([0]), BrokenIndex(), 1.5, (1,) * 65]),
    "keepdims": lambda rng: rng.choice([True, False, 2, None]),
    "dtype": lambda rng: rng.choice(["f32", "i64", "bool", "u1", None, "complex64", object]),
    "out": lambda rng: None,
    "seed": lambda rng: rng.choice([0, -1, 2**64, None, 1.5]),
    "ddof": lambda rng: rng.choice([0, 1, -1, 2**63, math.nan]),
    "decimals": lambda rng: rng.choice([0, 2, -3, 2**40]),
    "k": lambda rng: rng.choice([0, 1, -(2**40)]),
}


def _params(kind, target):
    """Positional parameter names of a callable, when introspection knows them."""
    import inspect

    import corepy as cp

    fn = getattr(cp.Tensor, target, None) if kind == "method" else target
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names = []
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names.append((p.name, p.default is p.empty))
        elif p.kind == p.VAR_POSITIONAL:
            names.append((p.name, False))
    return names


def _keywords(kind, target):
    import inspect

    import corepy as cp

    fn = getattr(cp.Tensor, target, None) if kind == "method" else target
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    return [p.name for p in sig.parameters.values() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def tensors_maker(rng):
    vals = [tensor_maker(rng) for _ in range(rng.randint(0, 3))]
    return [v for v, _ in vals], f"[{', '.join(d for _, d in vals)}]"


def _maker_for(param, rng):
    """Mostly a plausible argument for a parameter of this name, sometimes anything."""
    if rng.random() < 0.25:
        return rng.choice(MAKERS)
    if param in ("shape", "newshape", "reps", "repeats", "shapes"):
        return shape_maker
    if param in ("axis", "axes", "source", "destination", "dim"):
        return lambda r: (lambda v: (v, f"axis={v!r}"))(KWARGS["axis"](r))
    if param in ("dtype",):
        return lambda r: (lambda v: (v, f"dtype={v!r}"))(KWARGS["dtype"](r))
    if param in ("arrays", "tensors", "seq", "xs"):
        return tensors_maker
    if param in ("key", "index", "indices"):
        return rng.choice([odd_maker, tensor_maker, scalar_maker, sequence_maker])
    if param in ("data", "obj", "object", "value", "values", "fill_value", "other"):
        return rng.choice([sequence_maker, numpy_maker, scalar_maker, tensor_maker])
    if param in ("start", "stop", "step", "num", "n", "m", "k", "N", "M", "seed", "decimals", "ddof", "nbytes",
                 "a_min", "a_max", "min", "max"):
        return scalar_maker
    return tensor_maker


def build_call(seed, index, names):
    """The call `index` of run `seed`: (name, thunk, description); the same
    arguments are rebuilt on every call (some mutate while read)."""
    rng = random.Random(f"{seed}:{index}")
    name, kind, target = names[rng.randrange(len(names))]
    params = _params(kind, target)
    if params is None or rng.random() < 0.15:
        nargs = rng.choice([0, 1, 1, 2, 2, 2, 3, 4])
        makers = [rng.choice(MAKERS) if rng.random() < 0.5 else tensor_maker for _ in range(nargs)]
    else:
        required = sum(1 for _, req in params if req)
        nargs = min(len(params), max(0, required + rng.choice([-1, 0, 0, 0, 1, 2])))
        if any(p[0] in ("args", "shape", "axes") for p in params):  # *args: a few entries
            nargs = rng.randint(0, 4)
        makers = [_maker_for(params[min(i, len(params) - 1)][0], rng) for i in range(nargs)]
    accepted = set(_keywords(kind, target) or ())
    kw_names = [k for k in sorted(KWARGS) if rng.random() < (0.4 if k in accepted else 0.01)]
    state = rng.getstate()

    def make():
        r = random.Random()
        r.setstate(state)
        args, desc = [], []
        receiver = None
        if kind == "method":
            receiver, d = tensor_maker(r)
            desc.append(d)
        for m in makers:
            v, d = m(r)
            args.append(v)
            desc.append(d)
        kwargs = {k: KWARGS[k](r) for k in kw_names}
        desc += [f"{k}={v!r}" for k, v in kwargs.items()]
        return receiver, args, kwargs, desc

    def thunk():
        receiver, args, kwargs, _ = make()
        fn = getattr(receiver, target) if kind == "method" else target
        if kind == "method" and not callable(fn):
            return fn  # a property: reading it is the call
        return fn(*args, **kwargs)

    _, _, _, desc = make()
    return name, thunk, f"{name}({', '.join(desc)})"


# --------------------------------------------------------------------------
# Result checks (in the child).


def _tensors_in(result, depth=0):
    import corepy as cp

    if isinstance(result, cp.Tensor):
        yield result
    elif isinstance(result, (list, tuple)) and depth < 2:
        for r in result[:64]:
            yield from _tensors_in(r, depth + 1)


POISON_WORDS = {"f64": 0xA5A5A5A5A5A5A5A5, "i64": 0xA5A5A5A5A5A5A5A5, "f32": 0xA5A5A5A5, "i32": 0xA5A5A5A5}


def _has_poison(t):
    import numpy as np

    dt = {"float64": "f64", "int64": "i64", "float32": "f32", "int32": "i32"}.get(str(t.dtype))
    if dt is None or t.size == 0:
        return False
    a = np.ascontiguousarray(t.numpy())
    view = a.view(np.uint64 if dt in ("f64", "i64") else np.uint32)
    return bool((view == POISON_WORDS[dt]).any())


def _fingerprint(result):
    import numpy as np

    out = []
    for t in _tensors_in(result):
        a = t.numpy()
        out.append((str(t.dtype), tuple(t.shape), np.ascontiguousarray(a).tobytes()))
    if not out:
        plain = (int, float, bool, str, bytes, type(None), complex)
        if isinstance(result, plain) or (isinstance(result, tuple) and all(isinstance(r, plain) for r in result)):
            out.append(repr(result))  # nan != nan, but repr(nan) == repr(nan)
        else:
            out.append(type(result).__name__)
    return out


def child(seed, start, count, log_path):
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, (MAX_TOTAL_BYTES, MAX_TOTAL_BYTES))
    except (ValueError, OSError):
        pass
    import corepy as cp

    names = surface()
    poisoned = os.environ.get("COREPY_ARENA_POISON", "") not in ("", "0")
    cp.backend.empty_cache()
    base_live = cp.backend.memory_stats()["live_bytes"]
    with open(log_path, "a", buffering=1) as log:
        for index in range(start, start + count):
            name, thunk, desc = build_call(seed, index, names)
            short = name.rsplit(".", 1)[-1]
            log.write(json.dumps({"begin": index, "name": name, "desc": desc}) + "\n")
            rec = {"end": index, "name": name}
            try:
                result = thunk()
                rec["outcome"] = "ok"
                tensors = list(_tensors_in(result))
                if poisoned and short not in UNINITIALIZED and any(_has_poison(t) for t in tensors):
                    rec["finding"] = "poison"
                elif short not in NONDETERMINISTIC and not (kind_mutates(name)):
                    again = thunk()
                    if _fingerprint(again) != _fingerprint(result):
                        rec["finding"] = "unstable"
                del result, tensors
            except BaseException as e:  # noqa: BLE001 - classify everything, PanicException included
                rec["outcome"] = type(e).__name__
                if type(e).__name__ == "PanicException":
                    rec["finding"] = "panic"
                    rec["message"] = str(e)[:300]
                elif isinstance(e, (KeyboardInterrupt, SystemExit)):
                    raise
            if "finding" in rec:
                rec["desc"] = desc
            log.write(json.dumps(rec) + "\n")
        gc.collect()
        cp.backend.empty_cache()
        live = cp.backend.memory_stats()["live_bytes"]
        log.write(json.dumps({"batch_done": start, "leaked_bytes": live - base_live}) + "\n")


def kind_mutates(name):
    # In-place operators and __setitem__ act on a receiver rebuilt each call,
    # but they return None or the receiver: nothing to compare.
    return name.startswith("Tensor.__i") and name not in ("Tensor.__index__", "Tensor.__int__", "Tensor.__invert__",
                                                          "Tensor.__iter__")


# --------------------------------------------------------------------------
# Parent: batches in child processes, crash/hang attribution, summary.


def run_batch(seed, start, count, timeout, env):
    fd, log_path = tempfile.mkstemp(prefix="corepy-fuzz-", suffix=".jsonl")
    os.close(fd)
    cmd = [sys.executable, os.path.abspath(__file__), "--child", str(seed), str(start), str(count), log_path]
    try:
        proc = subprocess.run(cmd, env=env, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        rc, stderr = proc.returncode, proc.stderr.decode(errors="replace")[-2000:]
        hung = False
    except subprocess.TimeoutExpired as e:
        rc, stderr, hung = None, (e.stderr or b"").decode(errors="replace")[-2000:], True
    with open(log_path) as f:
        lines = [json.loads(line) for line in f if line.strip().endswith("}")]
    os.unlink(log_path)
    return rc, hung, stderr, lines


def fuzz(seed, calls, batch, jobs, timeout, verbose=False):
    import concurrent.futures

    env = dict(os.environ)
    names = [n for n, _, _ in surface()]
    stats = {"seed": seed, "calls": 0, "surface_names": len(names), "names_called": set(), "outcomes": collections.Counter(),
             "findings": []}
    todo = collections.deque((s, min(batch, seed_end - s)) for seed_end in [calls] for s in range(0, calls, batch))
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        while todo:
            wave = [todo.popleft() for _ in range(min(jobs, len(todo)))]
            futures = {pool.submit(run_batch, seed, s, n, timeout, env): (s, n) for s, n in wave}
            for fut in concurrent.futures.as_completed(futures):
                s, n = futures[fut]
                rc, hung, stderr, lines = fut.result()
                begun, ended, done = {}, set(), False
                for rec in lines:
                    if "begin" in rec:
                        begun[rec["begin"]] = rec
                    elif "end" in rec:
                        ended.add(rec["end"])
                        stats["calls"] += 1
                        stats["names_called"].add(rec["name"])
                        stats["outcomes"][rec["outcome"]] += 1
                        if "finding" in rec:
                            stats["findings"].append({"kind": rec["finding"], "repro": f"{seed}:{rec['end']}",
                                                      "call": rec["desc"], "message": rec.get("message", "")})
                    elif "batch_done" in rec:
                        done = True
                        if rec["leaked_bytes"] > (1 << 20):
                            stats["findings"].append({"kind": "leak", "repro": f"{seed}:{s}+{n}",
                                                      "call": f"{rec['leaked_bytes']} live bytes after the batch"})
                if not done:
                    open_calls = [i for i in begun if i not in ended]
                    if open_calls:
                        i = max(open_calls)
                        stats["calls"] += 1
                        stats["names_called"].add(begun[i]["name"])
                        stats["findings"].append({"kind": "hang" if hung else "crash", "repro": f"{seed}:{i}",
                                                  "call": begun[i]["desc"], "message": f"rc={rc} {stderr[-500:]}"})
                        stats["outcomes"]["<crash>" if not hung else "<hang>"] += 1
                        rest = s + n - (i + 1)
                        if rest > 0:
                            todo.append((i + 1, rest))
                    else:
                        stats["findings"].append({"kind": "crash", "repro": f"{seed}:{s}+{n}",
                                                  "call": "outside a call", "message": f"rc={rc} {stderr[-500:]}"})
                if verbose:
                    print(f"  batch {s}+{n}: rc={rc} {time.time() - t0:.0f}s", file=sys.stderr)
    stats["names_called"] = len(stats["names_called"])
    stats["outcomes"] = dict(stats["outcomes"].most_common())
    stats["seconds"] = round(time.time() - t0, 1)
    return stats


def replay(spec):
    seed, index = spec.split(":")
    name, thunk, desc = build_call(int(seed), int(index), surface())
    print(desc)
    try:
        print("->", repr(thunk())[:2000])
    except BaseException as e:  # noqa: BLE001
        print("->", type(e).__name__, e)


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--child":
        child(int(argv[1]), int(argv[2]), int(argv[3]), argv[4])
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--batch", type=int, default=500, help="calls per child process")
    p.add_argument("--jobs", type=int, default=2, help="child processes at once")
    p.add_argument("--timeout", type=float, default=300, help="seconds a batch may take before it counts as hung")
    p.add_argument("--replay", metavar="SEED:INDEX")
    p.add_argument("--list", action="store_true", help="print the surface and exit")
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    if a.list:
        for n, _, _ in surface():
            print(n)
        return 0
    if a.replay:
        replay(a.replay)
        return 0
    stats = fuzz(a.seed, a.calls, a.batch, a.jobs, a.timeout, a.verbose)
    print(json.dumps(stats, indent=1))
    return 1 if stats["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())

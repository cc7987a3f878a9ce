#!/usr/bin/env python3
"""corepy vs NumPy benchmark suite.

Run it through the wrapper, which unsets the OpenBLAS overrides before NumPy
loads (see README.md):

    tools/bench/run.sh [--quick] [--out tools/bench/results]

Both libraries run on the same inputs in one process. Every case is timed at
1 thread and at all cores (corepy: cp.set_num_threads; NumPy/OpenBLAS:
threadpoolctl): corepy and NumPy samples interleaved, after a warm-up (a
corepy sample only once OpenBLAS's spinning worker threads went idle). Tiny
ops run in an auto-scaled inner loop so that one sample lasts >= ~20 ms. The
table shows medians (and minima) per op and numpy_time / corepy_time
(> 1: corepy is faster).
"""
import os
import sys

# ---------------------------------------------------------------------------
# Environment rule: these two variables make OpenBLAS pick a slower kernel /
# blocking. They have to be unset before NumPy is imported, which only the
# wrapper run.sh can guarantee. Check before anything imports NumPy.
# ---------------------------------------------------------------------------
_BAD_ENV = [v for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ]
if _BAD_ENV:
    _bar = "!" * 78
    sys.stderr.write(
        f"\n{_bar}\n!!! WARNING: {', '.join(f'{v}={os.environ[v]!r}' for v in _BAD_ENV)} "
        f"is set.\n!!! OpenBLAS (NumPy) will run a slower kernel and the NumPy numbers "
        f"are NOT representative.\n!!! Run through tools/bench/run.sh, which does "
        f"`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`.\n{_bar}\n\n")
    sys.stderr.flush()

import argparse
import datetime
import gc
import json
import platform
import statistics
import time
import timeit
from dataclasses import dataclass, field
from typing import Callable, Dict, List

# The repository root holds the corepy *source* folder, which has no compiled
# module; never let it shadow the installed package.
_REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:] = [p for p in sys.path
               if os.path.abspath(p or os.getcwd()) != _REPO_ROOT]

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

try:
    import corepy as cp  # noqa: E402
except ImportError as exc:  # pragma: no cover - environment problem
    sys.exit(f"cannot import corepy ({exc}); install it with `pip install .` "
             f"from the repository root")

TARGET_SAMPLE_S = 0.020  # one sample of a tiny op lasts at least this long
LOAD_WARN = 0.10  # flag rows measured while other processes used > 10% of the CPUs


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
@dataclass
class Case:
    name: str                 # row label, e.g. "matmul f32"
    size: str                 # size label, e.g. "n=1024" or "1e7"
    group: str                # matmul | elementwise | unary | reduce | overhead | einsum | slowpath | strided
    setup: Callable[[], Dict[str, Dict]]  # -> {"cp": globals, "np": globals}
    stmt_cp: str
    stmt_np: str
    work: float               # flops (matmul) or bytes read+written (others)
    unit: str                 # "GFLOP/s" | "GB/s" | "ns/op"
    available: object = None  # None, "probe", or a callable(globals) -> n/a reason or None
    rtol: float = 1e-4
    params: Dict = field(default_factory=dict)


def _rng(seed):
    return np.random.default_rng(seed)


def _np_inputs(shapes, dtype, seed=0):
    rng = _rng(seed)
    return [rng.standard_normal(s, dtype=np.float64).astype(dtype) for s in shapes]


def _pair(names, arrays):
    """The same values as NumPy arrays and as corepy tensors (copied in)."""
    g_np = {"np": np}
    g_cp = {"cp": cp}
    for n, a in zip(names, arrays):
        g_np[n] = a
        g_cp[n] = cp.tensor(a)
    return {"np": g_np, "cp": g_cp}


def _na_if_missing(attr, where="module"):
    def check(g):
        obj = cp if where == "module" else cp.Tensor
        if not hasattr(obj, attr):
            return "n/a (not implemented)"
        return None
    return check


def build_cases(quick: bool) -> List[Case]:
    cases: List[Case] = []
    # --- matmul --------------------------------------------------------------
    sizes = [64, 256, 512, 1024] + ([] if quick else [2048])
    for dt in ("f32", "f64"):
        npdt = np.float32 if dt == "f32" else np.float64
        for n in sizes:
            cases.append(Case(
                name=f"matmul {dt}", size=f"n={n}", group="matmul",
                setup=lambda n=n, npdt=npdt: _pair(["A", "B"], _np_inputs([(n, n), (n, n)], npdt, n)),
                stmt_cp="A @ B", stmt_np="A @ B", work=2.0 * n * n * n, unit="GFLOP/s",
                rtol=1e-4 if dt == "f32" else 1e-10,
                params={"dtype": dt, "m": n, "k": n, "n": n, "square": True}))
        for (m, k, nn) in [(4096, 256, 4096), (8192, 64, 64)]:
            cases.append(Case(
                name=f"matmul {dt}", size=f"{m}x{k}@{k}x{nn}", group="matmul",
                setup=lambda m=m, k=k, nn=nn, npdt=npdt: _pair(
                    ["A", "B"], _np_inputs([(m, k), (k, nn)], npdt, m + k)),
                stmt_cp="A @ B", stmt_np="A @ B", work=2.0 * m * k * nn, unit="GFLOP/s",
                rtol=1e-4 if dt == "f32" else 1e-10,
                params={"dtype": dt, "m": m, "k": k, "n": nn, "square": False}))

    # --- elementwise ---------------------------------------------------------
    exps = [3, 4, 5, 6, 7] + ([] if quick else [8])
    for e in exps:
        n = 10 ** e
        cases.append(Case(
            name="a + b f32", size=f"1e{e}", group="elementwise",
            setup=lambda n=n, e=e: _pair(["a", "b"], _np_inputs([n, n], np.float32, e)),
            stmt_cp="a + b", stmt_np="a + b", work=3.0 * 4 * n, unit="GB/s",
            params={"op": "add", "n": n}))
    for e in exps:
        n = 10 ** e
        cases.append(Case(
            name="a * b + c f32", size=f"1e{e}", group="elementwise",
            setup=lambda n=n, e=e: _pair(["a", "b", "c"], _np_inputs([n, n, n], np.float32, e)),
            stmt_cp="a * b + c", stmt_np="a * b + c", work=4.0 * 4 * n, unit="GB/s",
            params={"op": "fma", "n": n}))

    # --- unary transcendental ------------------------------------------------
    n = 10 ** 7
    for fn in ("exp", "tanh"):
        cases.append(Case(
            name=f"{fn} f32", size="1e7", group="unary",
            setup=lambda n=n: _pair(["a"], _np_inputs([n], np.float32, 7)),
            stmt_cp=f"cp.{fn}(a)", stmt_np=f"np.{fn}(a)", work=2.0 * 4 * n, unit="GB/s",
            available=_na_if_missing(fn), params={"op": fn, "n": n}))

    # --- reductions ----------------------------------------------------------
    for fn in ("sum", "max"):
        cases.append(Case(
            name=f"{fn} f32", size="1e7", group="reduce",
            setup=lambda n=n: _pair(["a"], _np_inputs([n], np.float32, 8)),
            stmt_cp=f"a.{fn}()", stmt_np=f"a.{fn}()", work=4.0 * n, unit="GB/s",
            params={"op": fn, "n": n}))
    N = 4096
    for fn in ("sum", "max"):
        for ax in (0, 1):
            cases.append(Case(
                name=f"{fn}(axis={ax}) f32", size=f"{N}x{N}", group="reduce",
                setup=lambda N=N: _pair(["a"], _np_inputs([(N, N)], np.float32, 9)),
                stmt_cp=f"cp.{fn}(a, axis={ax})", stmt_np=f"np.{fn}(a, axis={ax})",
                work=4.0 * N * (N + 1), unit="GB/s", available="probe",
                params={"op": fn, "axis": ax, "n": N * N}))

    # --- per-op overhead -----------------------------------------------------
    cases.append(Case(
        name="overhead a + b", size="3 el f32", group="overhead",
        setup=lambda: _pair(["a", "b"], _np_inputs([3, 3], np.float32, 3)),
        stmt_cp="a + b", stmt_np="a + b", work=0.0, unit="ns/op",
        params={"op": "add", "n": 3}))
    # Other everyday small calls: a scalar operand, a reduction, an element,
    # views (the same 4x4 tensor m).
    for label, stmt in (("a * 2.0", "a * 2.0"), ("a.sum()", "a.sum()"), ("a[1]", "a[1]"),
                        ("m.T", "m.T"), ("m.reshape(16)", "m.reshape(16)")):
        cases.append(Case(
            name=f"overhead {label}", size="3 el / 4x4 f32", group="overhead",
            setup=lambda: _pair(["a", "m"], _np_inputs([3, (4, 4)], np.float32, 3)),
            stmt_cp=stmt, stmt_np=stmt, work=0.0, unit="ns/op",
            params={"op": label, "n": 3}))

    # --- einsum ---------------------------------------------------------------
    # A batched matrix product written as einsum ('bij,bjk->bik', "bmm";
    # opt=F/T: optimize=False/True on both sides). NumPy's default
    # (optimize=False) runs its own sum-of-products loop; with optimize=True it
    # hands the product to BLAS (matmul). corepy plans it as one batched GEMM
    # either way.
    bt, n_e = 32, 128
    for opt in (False, True):
        cases.append(Case(
            name=f"einsum bmm f32 opt={'T' if opt else 'F'}", size=f"{bt}x{n_e}x{n_e}x{n_e}", group="einsum",
            setup=lambda bt=bt, n_e=n_e: _pair(["A", "B"], _np_inputs([(bt, n_e, n_e), (bt, n_e, n_e)], np.float32, 11)),
            stmt_cp=f"cp.einsum('bij,bjk->bik', A, B, optimize={opt})",
            stmt_np=f"np.einsum('bij,bjk->bik', A, B, optimize={opt})",
            work=2.0 * bt * n_e ** 3, unit="GFLOP/s", available=_na_if_missing("einsum"),
            params={"op": "einsum", "optimize": opt, "batch": bt, "n": n_e}))

    # --- former slow paths ----------------------------------------------------
    # Rows that ran far below NumPy before their dedicated paths: scalar
    # powers (square / sqrt / 1/x kernels), GEMV for dot and matrix-vector,
    # the batched small matmul loop, blocked argmax, integer division by a
    # scalar, early-exit any(), the gather for strided unary inputs,
    # vectorized sqrt/floor.
    M6 = 10 ** 6
    slow = [
        ("x ** 2 f64", "1e6", ["x"], [M6], np.float64, "x ** 2", 2 * 8 * M6, "float_math"),
        ("x ** 0.5 f64", "1e6", ["x"], [M6], np.float64, "x ** 0.5", 2 * 8 * M6, "abs"),
        ("x ** -1 f64", "1e6", ["x"], [M6], np.float64, "x ** -1.0", 2 * 8 * M6, "float_math"),
        ("dot 1-D f32", "1e6", ["x", "y"], [M6, M6], np.float32, "cp.dot(x, y)|np.dot(x, y)", 2 * 4 * M6, "float_math"),
        ("matvec f64", "1000x1000", ["A", "v"], [(1000, 1000), 1000], np.float64, "A @ v", 8 * 10 ** 6, "float_math"),
        ("vecmat f64", "1000x1000", ["v", "A"], [1000, (1000, 1000)], np.float64, "v @ A", 8 * 10 ** 6, "float_math"),
        ("batched matmul f64", "1000x8x8", ["A", "B"], [(1000, 8, 8), (1000, 8, 8)], np.float64, "A @ B", 3 * 8 * 64000, "float_math"),
        ("argmax f32", "1e6", ["x"], [M6], np.float32, "x.argmax()", 4 * M6, "float_math"),
        ("x // 7 i32", "1e6", ["x"], [M6], np.int32, "x // 7", 2 * 4 * M6, "ints"),
        ("x % 7 i32", "1e6", ["x"], [M6], np.int32, "x % 7", 2 * 4 * M6, "ints"),
        ("x // 7 i16", "1e6", ["x"], [M6], np.int16, "x // 7", 2 * 2 * M6, "ints"),
        ("any() bool", "1e6", ["x"], [M6], np.bool_, "x.any()", M6, "bools"),
        ("exp(M.T) f64", "1000x1000", ["M"], [(1000, 1000)], np.float64, "cp.exp(M.T)|np.exp(M.T)", 2 * 8 * 10 ** 6, "float_math"),
        ("sqrt f32", "1e6", ["x"], [M6], np.float32, "cp.sqrt(x)|np.sqrt(x)", 2 * 4 * M6, "abs"),
        ("floor f32", "1e6", ["x"], [M6], np.float32, "cp.floor(x)|np.floor(x)", 2 * 4 * M6, "float_math"),
    ]

    def slow_inputs(shapes, npdt, kind, seed):
        rng = _rng(seed)
        if kind == "ints":
            return [rng.integers(-10 ** 6, 10 ** 6, s).astype(npdt) for s in shapes]
        if kind == "bools":
            return [rng.random(s) > 0.5 for s in shapes]
        vals = [rng.standard_normal(s).astype(npdt) for s in shapes]
        return [np.abs(v) for v in vals] if kind == "abs" else vals

    for i, (label, size, names, shapes, npdt, stmt, work, kind) in enumerate(slow):
        stmt_cp, stmt_np = stmt.split("|") if "|" in stmt else (stmt, stmt)
        cases.append(Case(
            name=label, size=size, group="slowpath",
            setup=lambda names=names, shapes=shapes, npdt=npdt, kind=kind, i=i: _pair(
                names, slow_inputs(shapes, npdt, kind, 20 + i)),
            stmt_cp=stmt_cp, stmt_np=stmt_np, work=float(work), unit="GB/s", rtol=1e-4,
            params={"op": label, "n": size, "blas": "dot" in label or "mat" in label}))

    # --- strided input -------------------------------------------------------
    cases.append(Case(
        name="a.T + b f32", size=f"{N}x{N}", group="strided",
        setup=lambda N=N: _pair(["a", "b"], _np_inputs([(N, N), (N, N)], np.float32, 10)),
        stmt_cp="a.T + b", stmt_np="a.T + b", work=3.0 * 4 * N * N, unit="GB/s",
        available=_na_if_missing("T", where="tensor"), params={"op": "transpose_add", "n": N * N}))
    return cases


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------
class Sampler:
    """One statement in one namespace: warm-up, auto-scaled inner loop."""

    def __init__(self, stmt, g):
        self.timer = timeit.Timer(stmt, globals=g, timer=time.perf_counter)
        self.number = 1
        self.samples: List[float] = []  # seconds per op
        self.others_s = 0.0  # CPU seconds other processes used during the samples
        self.wall_s = 0.0

    def calibrate(self):
        self.timer.timeit(1)  # warm-up (allocator caches, thread pool, page faults)
        number = 1
        while True:
            t = self.timer.timeit(number)
            if t >= TARGET_SAMPLE_S or number >= 10 ** 7:
                break
            # scale up towards the target, at most 10x per step
            number = max(number + 1, min(number * 10, int(number * TARGET_SAMPLE_S * 1.2 / max(t, 1e-9))))
        self.number = number
        return t

    def sample(self):
        before = _cpu_snapshot()
        t = self.timer.timeit(self.number)
        after = _cpu_snapshot()
        self.samples.append(t / self.number)
        if before and after:
            self.others_s += max(0.0, (after[0] - before[0]) - (after[1] - before[1]))
            self.wall_s += after[2] - before[2]

    def other_load(self):
        if not self.wall_s:
            return None
        return min(1.0, self.others_s / (self.wall_s * (os.cpu_count() or 1)))


def _stats(samples):
    return {"median_s": statistics.median(samples), "min_s": min(samples),
            "mean_s": statistics.fmean(samples),
            "stdev_s": statistics.stdev(samples) if len(samples) > 1 else 0.0,
            "samples_s": samples}


# OpenBLAS worker threads keep spinning (sched_yield) for ~2^28 TSC cycles
# (~0.1 s here) after each threaded BLAS call; on a small box they steal the
# cores from whatever runs next. So a corepy sample that follows a threaded
# NumPy matmul waits them out first.
BLAS_SETTLE_S = 0.25
_last_blas_threads = 0


def _settle_before_corepy():
    global _last_blas_threads
    if _last_blas_threads > 1:
        time.sleep(BLAS_SETTLE_S)
    _last_blas_threads = 0


def measure_pair(case, g, repeats, budget_s, threads):
    """Interleaved corepy / NumPy samples (so both see the same machine state).

    Returns a dict per library present in g ("cp", "np")."""
    global _last_blas_threads
    # np.einsum(optimize=True) runs BLAS too.
    blas = threads if case.group in ("matmul", "einsum") or case.params.get("blas") else 0
    samplers = {}
    per_round = 0.0
    for lib in ("cp", "np"):
        if lib in g:
            if lib == "cp":
                _settle_before_corepy()
            samplers[lib] = Sampler(getattr(case, f"stmt_{lib}"), g[lib])
            per_round += samplers[lib].calibrate()
            if lib == "np":
                _last_blas_threads = blas
    rounds = max(3, min(repeats, int(budget_s / max(per_round, 1e-9))))
    for _ in range(rounds):
        for lib, smp in samplers.items():
            if lib == "cp":
                _settle_before_corepy()
            smp.sample()
            if lib == "np":
                _last_blas_threads = blas
    return {lib: dict(_stats(smp.samples), inner_loops=smp.number, other_load=smp.other_load())
            for lib, smp in samplers.items()}


def _cpu_snapshot():
    """(all CPUs' busy seconds incl. steal, this process's CPU seconds, wall)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    hz = os.sysconf("SC_CLK_TCK")
    t = os.times()
    return (sum(v[:8]) - idle) / hz, t.user + t.system, time.perf_counter()


def other_load(before, after, ncpu):
    """Share of all CPUs used by other processes (or stolen) between snapshots."""
    if before is None or after is None:
        return None
    wall = after[2] - before[2]
    if wall <= 0:
        return None
    others = (after[0] - before[0]) - (after[1] - before[1])
    return min(1.0, max(0.0, others / (wall * ncpu)))


def background_load(interval=0.5):
    """Fraction of all CPUs busy with other work while this process sleeps."""
    a = _cpu_snapshot()
    time.sleep(interval)
    b = _cpu_snapshot()
    return other_load(a, b, os.cpu_count() or 1)


def check_result(case, g):
    """Compare corepy's result to NumPy's once; returns 'ok' or a message."""
    try:
        r_np = np.asarray(eval(case.stmt_np, g["np"]))
        r_cp = eval(case.stmt_cp, g["cp"])
        r_cp = np.asarray(r_cp.numpy() if hasattr(r_cp, "numpy") else r_cp)
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}: {exc}"
    if r_np.shape != r_cp.shape:
        return f"shape {r_cp.shape} != {r_np.shape}"
    if r_np.dtype != r_cp.dtype:
        return f"dtype {r_cp.dtype} != {r_np.dtype}"
    ref = np.linalg.norm(r_np.astype(np.float64).ravel())
    err = np.linalg.norm((r_cp.astype(np.float64) - r_np.astype(np.float64)).ravel())
    rel = err / ref if ref else err
    return "ok" if rel <= case.rtol else f"MISMATCH rel.err {rel:.2e}"


def probe(case, g):
    """Return an n/a reason when corepy cannot run the case yet."""
    if case.available is None:
        return None
    if case.available == "probe":
        try:
            eval(case.stmt_cp, g["cp"])
        except (TypeError, AttributeError, NotImplementedError) as exc:
            return f"n/a (not implemented: {type(exc).__name__}: {exc})"
        return None
    return case.available(g)


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------
def fmt_time(s):
    if s is None:
        return "n/a"
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.3f} s"


def throughput(case, t):
    if t is None or case.unit == "ns/op":
        return None
    return case.work / t / 1e9


def fmt_thr(case, t):
    v = throughput(case, t)
    if case.unit == "ns/op":
        return "-" if t is None else f"{t * 1e9:.0f} ns/op"
    return "n/a" if v is None else f"{v:.1f} {case.unit}"


def print_table(rows, threads):
    head = (f"{'case':<23}{'size':<19}{'corepy med':>11}{'(min)':>11}{'numpy med':>11}"
            f"{'(min)':>11}{'np/cp':>8}  {'corepy':>14}{'numpy':>14}  check")
    print(f"\n=== threads = {threads}  (np/cp = numpy_time / corepy_time; > 1: corepy faster) ===")
    print(head)
    print("-" * len(head))
    last_group = None
    for r in rows:
        if r["threads"] != threads:
            continue
        if last_group is not None and r["group"] != last_group:
            print()
        last_group = r["group"]
        c, n = r.get("corepy"), r["numpy"]
        if c:
            cp_cols = f"{fmt_time(c['median_s']):>11}{fmt_time(c['min_s']):>11}"
            ratio = f"{n['median_s'] / c['median_s']:7.2f}x"
            cp_thr = fmt_thr(r["case"], c["median_s"])
        else:
            cp_cols = f"{'n/a (not implemented)':>22}"
            ratio, cp_thr = "     n/a", "n/a"
        loads = [x["other_load"] for x in (c, n) if x and x.get("other_load") is not None]
        busy = f"  [busy: others {max(loads) * 100:.0f}%]" if loads and max(loads) > LOAD_WARN else ""
        print(f"{r['name']:<23}{r['size']:<19}{cp_cols}"
              f"{fmt_time(n['median_s']):>11}{fmt_time(n['min_s']):>11}{ratio:>8}  "
              f"{cp_thr:>14}{fmt_thr(r['case'], n['median_s']):>14}  {r['check']}{busy}")


def env_info(thread_counts):
    info = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "numpy": np.__version__,
        "corepy": getattr(cp, "__version__", "?"),
        "corepy_path": os.path.dirname(cp.__file__),
        "corepy_build": _corepy_build(),
        "cpu_model": _cpu_model(),
        "os_cpu_count": os.cpu_count(),
        "affinity_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "thread_counts": thread_counts,
        "corepy_isa": cp.backend.current_isa(),
        "corepy_default_threads": cp.get_num_threads(),
        "corepy_devices": _devices_dict(),
        "threadpools": [
            {k: d.get(k) for k in ("user_api", "internal_api", "prefix", "version", "architecture",
                                   "threading_layer", "num_threads", "filepath")}
            for d in threadpool_info()],
        "env": {k: os.environ[k] for k in sorted(os.environ)
                if k.startswith(("OPENBLAS", "OMP_", "MKL", "COREPY", "GOTO"))},
        "openblas_env_ok": not _BAD_ENV,
    }
    return info


def _corepy_build():
    """Modification time of the installed compiled module (which build ran)."""
    import glob
    libs = glob.glob(os.path.join(os.path.dirname(cp.__file__), "_corepy*"))
    if not libs:
        return "?"
    return datetime.datetime.fromtimestamp(os.path.getmtime(libs[0])).isoformat(timespec="seconds")


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _devices_dict():
    d = cp.backend.detect_devices()
    try:
        import dataclasses
        return dataclasses.asdict(d)
    except TypeError:
        return {"repr": repr(d)}


def print_header(info):
    print("corepy vs NumPy benchmark")
    print(f"  date          {info['date']}   python {info['python']}   numpy {info['numpy']}   "
          f"corepy {info['corepy']} ({info['corepy_path']}, built {info['corepy_build']})")
    print(f"  cpu           {info['cpu_model']}   os.cpu_count={info['os_cpu_count']}   "
          f"affinity={info['affinity_cpus']}")
    print(f"  threads       benchmarked at {info['thread_counts']}; corepy default "
          f"{info['corepy_default_threads']}")
    print(f"  corepy ISA    {info['corepy_isa']}")
    print(f"  corepy devs   {cp.backend.detect_devices()}")
    for tp in info["threadpools"]:
        print(f"  threadpool    {tp['user_api']}: {tp['internal_api']} {tp['version']} "
              f"kernel/architecture={tp['architecture']} threading={tp['threading_layer']} "
              f"num_threads={tp['num_threads']}")
        print(f"                {tp['filepath']}")
    env = info["env"] or {}
    print(f"  env           {env if env else '(no OPENBLAS_/OMP_/MKL/COREPY_ variables set)'}")
    if not info["openblas_env_ok"]:
        print("  !!! OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set: NumPy numbers are NOT "
              "representative (use tools/bench/run.sh) !!!")


def write_charts(results, out_dir, tag, thread_counts):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    colors = {"corepy": "tab:red", "numpy": "tab:blue"}
    styles = {thread_counts[0]: "--", thread_counts[-1]: "-"}

    # matmul GFLOP/s vs n
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=False)
    for ax, dt in zip(axes, ("f32", "f64")):
        for lib in ("corepy", "numpy"):
            for t in thread_counts:
                rows = [r for r in results if r["group"] == "matmul" and r["params"]["dtype"] == dt
                        and r["params"]["square"] and r["threads"] == t and r.get(lib)]
                rows.sort(key=lambda r: r["params"]["n"])
                if not rows:
                    continue
                xs = [r["params"]["n"] for r in rows]
                ys = [r["work"] / r[lib]["median_s"] / 1e9 for r in rows]
                ax.plot(xs, ys, styles.get(t, "-"), marker="o", color=colors[lib],
                        label=f"{lib} {t} thr")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("n  (n x n @ n x n)")
        ax.set_ylabel("GFLOP/s (median)")
        ax.set_title(f"matmul {dt}")
        ax.grid(True, which="both", alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    fig.suptitle(f"matmul: corepy vs NumPy ({tag})")
    fig.tight_layout()
    p = os.path.join(out_dir, f"matmul_{tag}.png")
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)

    # elementwise GB/s vs size
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for ax, (op, title) in zip(axes, (("add", "a + b (f32)"), ("fma", "a * b + c (f32)"))):
        for lib in ("corepy", "numpy"):
            for t in thread_counts:
                rows = [r for r in results if r["group"] == "elementwise" and r["params"]["op"] == op
                        and r["threads"] == t and r.get(lib)]
                rows.sort(key=lambda r: r["params"]["n"])
                if not rows:
                    continue
                xs = [r["params"]["n"] for r in rows]
                ys = [r["work"] / r[lib]["median_s"] / 1e9 for r in rows]
                ax.plot(xs, ys, styles.get(t, "-"), marker="o", color=colors[lib],
                        label=f"{lib} {t} thr")
        ax.set_xscale("log")
        ax.set_xlabel("elements")
        ax.set_ylabel("GB/s (bytes read + written / median time)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    fig.suptitle(f"elementwise: corepy vs NumPy ({tag})")
    fig.tight_layout()
    p = os.path.join(out_dir, f"elementwise_{tag}.png")
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    return paths


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="smaller sizes (no n=2048, no 1e8) and fewer repeats (~1-2 min)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"),
                    help="directory for the JSON and PNG files (default: tools/bench/results)")
    ap.add_argument("--repeats", type=int, default=None,
                    help="samples per case and library (default 7 quick / 11 full; "
                         "expensive cases take fewer, never under 3)")
    ap.add_argument("--threads", default=None,
                    help="comma-separated thread counts (default: 1 and all cores)")
    ap.add_argument("--filter", default=None,
                    help="only cases whose 'name size' contains this substring")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                    help="first wait up to SECONDS for other processes to use < 10%% of the CPUs")
    ap.add_argument("--retry-busy", type=int, default=1, metavar="N",
                    help="re-measure cases that ran while other processes used the CPUs, up to N "
                         "extra passes (default 1; 0 disables)")
    ap.add_argument("--no-charts", action="store_true", help="skip the PNG charts")
    args = ap.parse_args(argv)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if args.threads:
        thread_counts = [int(x) for x in args.threads.split(",")]
    else:
        thread_counts = sorted({1, cores})
    repeats = args.repeats or (7 if args.quick else 11)
    budget_s = 1.0 if args.quick else 3.0  # per case, thread count and both libraries
    tag = "quick" if args.quick else "full"

    info = env_info(thread_counts)
    print_header(info)
    empty = timeit.Timer("pass", timer=time.perf_counter).timeit(10 ** 6) / 10 ** 6
    info["empty_loop_ns"] = empty * 1e9
    print(f"  timing        median of >= 3 samples (up to {repeats}); each sample "
          f">= {TARGET_SAMPLE_S * 1e3:.0f} ms via an inner loop; empty-loop cost "
          f"{empty * 1e9:.1f} ns/iter (included)")
    load0 = background_load()
    deadline = time.monotonic() + args.wait_idle
    while load0 is not None and load0 > LOAD_WARN and time.monotonic() < deadline:
        load0 = background_load(1.0)
    info["background_load_start"] = load0
    if load0 is not None:
        print(f"  machine load  {load0 * 100:.0f}% of all CPUs busy with other processes before the run")
        if load0 > LOAD_WARN:
            print("  !!! the machine is not idle: timings (especially multi-threaded) will be noisy !!!")
    print(f"  rows marked [busy: others N%] were measured while other processes used > "
          f"{LOAD_WARN * 100:.0f}% of the CPUs (or the hypervisor stole them)")
    sys.stdout.flush()

    cases = build_cases(args.quick)
    if args.filter:
        cases = [c for c in cases if args.filter in f"{c.name} {c.size} {c.group}"]
    t0 = time.perf_counter()
    default_cp_threads = cp.get_num_threads()

    def run_case(case):
        g = case.setup()
        na = probe(case, g)
        check = "-" if na else check_result(case, g)
        rows = []
        for t in thread_counts:
            cp.set_num_threads(t)
            with threadpool_limits(limits=t, user_api="blas"):
                m = measure_pair(case, {"np": g["np"]} if na else g, repeats, budget_s, t)
            row = {"name": case.name, "size": case.size, "group": case.group, "threads": t,
                   "unit": case.unit, "work": case.work, "params": case.params,
                   "stmt_corepy": case.stmt_cp, "stmt_numpy": case.stmt_np,
                   "numpy": m["np"], "corepy": m.get("cp"), "na_reason": na, "check": check,
                   "case": case}
            if row["corepy"]:
                row["ratio_numpy_over_corepy"] = m["np"]["median_s"] / m["cp"]["median_s"]
            rows.append(row)
        del g
        gc.collect()
        cp.backend.empty_cache()
        sys.stderr.write(f"  [{time.perf_counter() - t0:6.1f} s] {case.name} {case.size}\n")
        sys.stderr.flush()
        return rows

    def worst_load(rows):
        return max([(r[lib] or {}).get("other_load") or 0 for r in rows for lib in ("corepy", "numpy")])

    per_case = [run_case(case) for case in cases]
    # Cases measured while other processes were busy: measure again once, when
    # the machine is idle, and keep whichever attempt saw less foreign load.
    retry_end = time.monotonic() + (30 if args.quick else 120)  # keeps the run time bounded
    for _ in range(args.retry_busy):
        busy = [i for i, rows in enumerate(per_case) if worst_load(rows) > LOAD_WARN]
        if not busy:
            break
        sys.stderr.write(f"  re-measuring {len(busy)} case(s) that ran on a busy machine\n")
        for i in busy:
            if time.monotonic() > retry_end:
                sys.stderr.write("  retry time budget used up\n")
                break
            load = background_load(0.3)
            while load is not None and load > LOAD_WARN and time.monotonic() < retry_end:
                load = background_load(1.0)
            if load is not None and load > LOAD_WARN:
                sys.stderr.write("  machine still busy: not re-measuring\n")
                break
            rows = run_case(cases[i])
            if worst_load(rows) < worst_load(per_case[i]):
                per_case[i] = rows
    results = [r for rows in per_case for r in rows]
    cp.set_num_threads(default_cp_threads)
    elapsed = time.perf_counter() - t0
    time.sleep(BLAS_SETTLE_S)
    load1 = background_load()
    info["background_load_end"] = load1

    for t in thread_counts:
        print_table(results, t)

    # Summary: where corepy loses, and the per-op overhead.
    print("\n=== summary ===")
    print(f"total benchmark time {elapsed:.0f} s")
    if load1 is not None:
        print(f"background CPU load: {load0 * 100:.0f}% before, {load1 * 100:.0f}% after the run"
              + ("  !!! machine was not idle; rerun for clean numbers !!!" if max(load0, load1) > LOAD_WARN else ""))
    n_busy = sum(1 for r in results for lib in ("corepy", "numpy")
                 if r.get(lib) and (r[lib].get("other_load") or 0) > LOAD_WARN)
    if n_busy:
        print(f"{n_busy} measurements (case x threads x library) ran while other processes used > {LOAD_WARN * 100:.0f}% "
              f"of the CPUs (marked [busy]); their numbers are suspect")
    losses = sorted((r for r in results if r.get("corepy") and r["ratio_numpy_over_corepy"] < 0.95),
                    key=lambda r: r["ratio_numpy_over_corepy"])
    print("corepy slower than NumPy (np/cp < 0.95), worst first:")
    for r in losses:
        ld = max((r[lib].get("other_load") or 0) for lib in ("corepy", "numpy"))
        print(f"  {r['name']:<23}{r['size']:<19} threads={r['threads']}  "
              f"np/cp={r['ratio_numpy_over_corepy']:.2f}x  "
              f"(corepy takes {1 / r['ratio_numpy_over_corepy']:.2f}x NumPy's time)"
              + (f"  [busy: others {ld * 100:.0f}%]" if ld > LOAD_WARN else ""))
    if not losses:
        print("  (none)")
    na_cases = sorted({f"{r['name']} {r['size']}" for r in results if not r.get("corepy")})
    if na_cases:
        print("not measurable on corepy yet (n/a): " + ", ".join(na_cases))
    bad = sorted({f"{r['name']} {r['size']}: {r['check']}" for r in results
                  if r["check"] not in ("ok", "-")})
    if bad:
        print("RESULT CHECK FAILURES: " + "; ".join(bad))
    for r in results:
        if r["group"] == "overhead" and r.get("corepy"):
            c_ns, n_ns = r["corepy"]["median_s"] * 1e9, r["numpy"]["median_s"] * 1e9
            print(f"per-op overhead ({r['name'][len('overhead '):]}, threads={r['threads']}): corepy {c_ns:.0f} ns, "
                  f"numpy {n_ns:.0f} ns, difference corepy - numpy = {c_ns - n_ns:+.0f} ns/op "
                  f"(loop cost {empty * 1e9:.0f} ns in both)")

    # Files
    os.makedirs(args.out, exist_ok=True)
    for r in results:
        r.pop("case", None)
    json_path = os.path.join(args.out, f"bench_{tag}.json")
    with open(json_path, "w") as f:
        json.dump({"mode": tag, "env": info, "elapsed_s": elapsed, "repeats": repeats,
                   "target_sample_s": TARGET_SAMPLE_S, "results": results}, f, indent=1)
    print(f"\nraw results: {json_path}")
    if not args.no_charts:
        for p in write_charts(results, args.out, tag, thread_counts):
            print(f"chart:       {p}")
    if _BAD_ENV:
        sys.stderr.write(f"\n!!! reminder: {', '.join(_BAD_ENV)} was set; NumPy numbers are not "
                         f"representative. Use tools/bench/run.sh !!!\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

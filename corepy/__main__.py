"""``python -m corepy``: what corepy found on this machine, a short demo, and
a quick timing against NumPy when NumPy is installed (the full comparison is
tools/bench).

The timing compares like with like: both libraries run with the same number
of threads (printed on each row), NumPy's inputs are NumPy arrays made before
the clock starts (no conversion inside the NumPy column), every row says
whether it allocates a fresh result on each call or writes into ``out=``, and
the OpenBLAS kernel NumPy used is printed (through threadpoolctl when it is
installed), with a warning when OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE force
OpenBLAS onto a kernel other than the one it would pick for this CPU."""
import contextlib
import os
import time

import corepy as cp

_FORCING_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def _median_time(fn, repeats=7):
    fn()  # warm up: first-touch pages, thread pool start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def _describe_machine():
    info = cp.backend.detect_devices()
    print(f"corepy {cp.__version__}")
    print(f"CPU      : {info.cpu_model} ({info.arch}, {info.cores} cores)")
    print(f"features : avx2={info.has_avx2} avx512={info.has_avx512} neon={info.has_neon} gpus={info.gpu_count}")
    print(f"caches   : L1d {info.l1d_bytes // 1024} KiB, L2 {info.l2_bytes // 1024} KiB, L3 {info.l3_bytes // 1024} KiB per core/shared")
    print(f"kernels  : compiled {', '.join(info.compiled_isas)}; usable here {', '.join(info.available_isas)}")
    print(f"backends : {', '.join(info.backends)}; running {cp.backend.current_isa()} with {cp.get_num_threads()} threads")
    print()


def _demo():
    a = cp.tensor([1.0, 2.0, 3.0], dtype="f32")
    b = cp.ones(3, dtype="f32")
    print("a         =", a)
    print("a + b     =", a + b)
    print("a * 2.5   =", a * 2.5)
    print("a / b - 1 =", a / b - 1)
    m = cp.randn((256, 128), dtype="f64", seed=0) @ cp.ones((128, 64), dtype="f64")
    print("randn(256,128) @ ones(128,64) ->", m.shape, m.dtype, "mean", round(m.mean().item(), 4))
    print("arange(10).sum() =", cp.arange(10).sum().item(), "  eye(3) =")
    print(cp.eye(3, dtype="i32"))
    print()


class _NumpyThreads:
    """Limits NumPy's BLAS threads when threadpoolctl is installed and says
    which OpenBLAS kernel runs."""

    def __init__(self):
        try:
            import threadpoolctl
        except ImportError:
            self._ctl = None
        else:
            self._ctl = threadpoolctl

    def blas_description(self):
        if self._ctl is None:
            return "unknown (pip install threadpoolctl to see it)"
        pools = [p for p in self._ctl.threadpool_info() if p.get("user_api") == "blas"]
        if not pools:
            return "no BLAS found"
        return "; ".join(f"{p.get('internal_api')} {p.get('version')} kernel {p.get('architecture')}" for p in pools)

    def limit(self, threads):
        if self._ctl is None:
            return contextlib.nullcontext()
        return self._ctl.threadpool_limits(limits=threads, user_api="blas")

    @property
    def can_limit(self):
        return self._ctl is not None


@contextlib.contextmanager
def _corepy_threads(threads):
    before = cp.get_num_threads()
    cp.set_num_threads(threads)
    try:
        yield
    finally:
        cp.set_num_threads(before)


def _timing(np):
    blas = _NumpyThreads()
    print("quick timing against NumPy (median of 7 after a warm-up; tools/bench has the full suite)")
    print(f"NumPy {np.__version__}, BLAS: {blas.blas_description()}")
    forced = [f"{v}={os.environ[v]}" for v in _FORCING_VARIABLES if v in os.environ]
    if forced:
        print(f"warning: {' '.join(forced)} is set: OpenBLAS may run a slower kernel than this CPU allows,"
              " which flatters corepy's matmul; unset it for a fair comparison")
    all_threads = cp.get_num_threads()
    n = 10_000_000
    x, y = cp.rand(n, dtype="f32", seed=1), cp.rand(n, dtype="f32", seed=2)
    xn, yn = x.numpy(), y.numpy()
    out, outn = cp.empty(n, dtype="f32"), np.empty(n, dtype=np.float32)
    A, B = cp.randn((1024, 1024), dtype="f32", seed=3), cp.randn((1024, 1024), dtype="f32", seed=4)
    An, Bn = A.numpy(), B.numpy()
    a, b = cp.tensor([1.0, 2.0, 3.0], dtype="f32"), cp.ones(3, dtype="f32")
    an, bn = a.numpy(), b.numpy()
    # NumPy's elementwise ops and reductions run on one thread, so those rows
    # run corepy on one thread too; matmul runs both on the same thread count.
    rows = [
        ("a + b, 1e7 f32", "fresh result", 1, lambda: x + y, lambda: xn + yn),
        ("a + b, 1e7 f32", "into out=", 1, lambda: cp.add(x, y, out=out), lambda: np.add(xn, yn, out=outn)),
        ("sum, 1e7 f32", "0-d result", 1, lambda: x.sum(), lambda: xn.sum()),
        ("a + b, 3 f32 (x1000)", "fresh result", 1, lambda: [a + b for _ in range(1000)],
         lambda: [an + bn for _ in range(1000)]),
    ]
    # Without threadpoolctl NumPy's BLAS cannot be limited once loaded: it
    # keeps its default (every core), so only the all-threads row is fair.
    matmul_threads = sorted({1, all_threads}) if blas.can_limit else [all_threads]
    for threads in matmul_threads:
        rows.append(("matmul 1024 f32", "fresh result", threads, lambda: A @ B, lambda: An @ Bn))
    print(f"{'case':<22}{'measures':<14}{'threads':>8}{'corepy ms':>11}{'numpy ms':>11}{'numpy/corepy':>14}")
    for name, measures, threads, c_fn, n_fn in rows:
        with _corepy_threads(threads):
            tc = _median_time(c_fn)
        with blas.limit(threads):
            tn = _median_time(n_fn)
        print(f"{name:<22}{measures:<14}{threads:>8}{tc * 1e3:>11.3f}{tn * 1e3:>11.3f}{tn / tc:>13.2f}x")
    if not blas.can_limit:
        print("matmul runs only on all threads: without threadpoolctl NumPy's BLAS thread count"
              " cannot be set (pip install threadpoolctl for the 1-thread row)")
    print("numpy/corepy above 1 means corepy is faster; 'fresh result' rows allocate the output on"
          " every call on both sides, 'into out=' rows reuse one buffer.")


def main():
    _describe_machine()
    _demo()
    try:
        import numpy as np
    except ImportError:
        print("NumPy is not installed: skipping the timing comparison "
              "(pip install \"corepy[numpy]\", or \".[numpy]\" from a source checkout).")
        return
    _timing(np)


if __name__ == "__main__":
    main()

"""``python -m corepy``: what corepy found on this machine, a short demo, and
a quick timing against NumPy when NumPy is installed (the full comparison is
tools/bench)."""
import time

import corepy as cp


def _median_time(fn, repeats=7):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def main():
    info = cp.backend.detect_devices()
    print(f"corepy {cp.__version__}")
    print(f"CPU      : {info.cpu_model} ({info.arch}, {info.cores} cores)")
    print(f"features : avx2={info.has_avx2} avx512={info.has_avx512} neon={info.has_neon} gpus={info.gpu_count}")
    print(f"caches   : L1d {info.l1d_bytes // 1024} KiB, L2 {info.l2_bytes // 1024} KiB, L3 {info.l3_bytes // 1024} KiB per core/shared")
    print(f"kernels  : compiled {', '.join(info.compiled_isas)}; usable here {', '.join(info.available_isas)}")
    print(f"backends : {', '.join(info.backends)}; running {cp.backend.current_isa()} with {cp.get_num_threads()} threads")
    print()

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

    try:
        import numpy as np
    except ImportError:
        print("NumPy is not installed: skipping the timing comparison (pip install numpy).")
        return
    n = 10_000_000
    x, y = cp.rand(n, dtype="f32", seed=1), cp.rand(n, dtype="f32", seed=2)
    xn, yn = x.numpy(), y.numpy()
    A, B = cp.randn((1024, 1024), dtype="f32", seed=3), cp.randn((1024, 1024), dtype="f32", seed=4)
    An, Bn = A.numpy(), B.numpy()
    rows = [
        ("a + b, 1e7 f32", lambda: x + y, lambda: xn + yn),
        ("sum, 1e7 f32", lambda: x.sum(), lambda: xn.sum()),
        ("matmul 1024 f32", lambda: A @ B, lambda: An @ Bn),
        ("a + b, 3 f32 (x1000)", lambda: [a + b for _ in range(1000)],
         lambda: [a.numpy() + b.numpy() for _ in range(1000)]),
    ]
    print("quick timing (median of 7; tools/bench has the full suite)")
    print(f"{'case':<24}{'corepy ms':>12}{'numpy ms':>12}{'numpy/corepy':>14}")
    for name, c_fn, n_fn in rows:
        tc, tn = _median_time(c_fn), _median_time(n_fn)
        print(f"{name:<24}{tc * 1e3:>12.3f}{tn * 1e3:>12.3f}{tn / tc:>13.2f}x")


if __name__ == "__main__":
    main()

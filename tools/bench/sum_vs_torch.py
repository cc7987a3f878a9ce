"""corepy's sum against PyTorch's and NumPy's (issue target: sums at least as
fast as PyTorch's). Optional: needs `torch` importable (PyPI's torch wheel
pulls in its CUDA packages, ~3 GB; the CPU path is what runs here).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python tools/bench/sum_vs_torch.py

Each library sums its own copy of the same float32 values (same sizes, each
allocator's own pages); per size and thread count, five rounds of
interleaved timings, medians, and the ratio torch time / corepy time
(> 1: corepy faster). The values are checked to agree.
"""
import time

import numpy as np

import corepy as cp

try:
    import torch
except ImportError as exc:  # pragma: no cover - optional benchmark
    raise SystemExit(f"sum_vs_torch: torch is not importable ({exc}); pip install torch") from None


def median_time(fn, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return sorted(ts)[len(ts) // 2]


def main():
    print(f"corepy {cp.__version__}, numpy {np.__version__}, torch {torch.__version__} "
          f"(cpu capability {torch.backends.cpu.get_cpu_capability()})")
    print(f"{'threads':>7} {'n':>6} {'corepy GB/s':>12} {'torch GB/s':>11} {'numpy GB/s':>11} {'torch/corepy':>13}")
    for threads in (1, 2):
        cp.set_num_threads(threads)
        torch.set_num_threads(threads)
        for n in (10**5, 10**6, 10**7):
            x_np = np.random.default_rng(0).random(n, dtype=np.float32)
            x_cp, x_t = cp.tensor(x_np), torch.from_numpy(x_np.copy())
            s_cp, s_t = x_cp.sum().item(), x_t.sum().item()
            if not np.isclose(s_cp, s_t, rtol=1e-5):
                raise SystemExit(f"sums disagree at n={n}: corepy {s_cp}, torch {s_t}")
            reps = max(5, int(2e7 / n))
            rounds = []
            for _ in range(5):
                rounds.append((median_time(lambda: x_cp.sum(), reps), median_time(lambda: x_t.sum(), reps),
                               median_time(lambda: x_np.sum(), reps)))
            c, t, m = (sorted(r[i] for r in rounds)[2] for i in range(3))
            ratios = sorted(r[1] / r[0] for r in rounds)
            print(f"{threads:>7} {n:>6.0e} {4 * n / c / 1e9:>12.1f} {4 * n / t / 1e9:>11.1f} {4 * n / m / 1e9:>11.1f} "
                  f"{ratios[2]:>8.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})")


if __name__ == "__main__":
    main()

"""Memory: impossible sizes fail cleanly, nothing leaks, the arena keeps its cap.

Every size computation in the runtime is checked arithmetic: a shape whose
element or byte count overflows raises ValueError, an allocation the system
refuses raises MemoryError, both before memory is touched. Each case runs in a
forked child (cp_testing.isolated), so a crash would fail the one test with
the signal's name instead of killing pytest.
"""
import gc
import json

import numpy as np
import pytest

import corepy as cp
from cp_testing import isolated, run_python

HUGE = 2**62
ABSURD = [
    ("zeros 2^40 x 2^40", lambda: cp.zeros((2**40, 2**40))),
    ("empty 2^62", lambda: cp.empty(HUGE)),
    ("ones 2^31 cubed", lambda: cp.ones((2**31,) * 3)),
    ("full 2^63-1", lambda: cp.full((2**63 - 1,), 1.0)),
    ("zeros int64 max bytes", lambda: cp.zeros((2**61,), dtype="int64")),
    ("eye 2^40", lambda: cp.eye(2**40)),
    ("arange absurd count", lambda: cp.arange(0, 2**62)),
    ("linspace absurd count", lambda: cp.linspace(0, 1, 2**62)),
    ("rand 2^62", lambda: cp.rand((2**62,), seed=0)),
    ("reshape to overflowing shape", lambda: cp.ones(4).reshape(2**62, 2**62)),
    ("broadcast_to overflowing", lambda: cp.ones(1).broadcast_to((2**40, 2**40))),
    ("broadcast add, 96 GiB result", lambda: cp.ones((1, 1)).broadcast_to((2**32, 1)) + cp.ones(3)),
    ("tile overflowing", lambda: cp.tile(cp.ones(8), (2**61,))),
    ("matmul huge output", lambda: cp.ones((1, 1)).broadcast_to((2**31, 1)) @ cp.ones((1, 1)).broadcast_to((1, 2**31))),
    ("2^45 bytes (more than RAM)", lambda: cp.empty(2**42, dtype="float64")),
]


@pytest.mark.parametrize("case", ABSURD, ids=[c[0] for c in ABSURD])
def test_absurd_sizes_raise_before_touching_memory(case):
    name, fn = case

    @isolated
    def check():
        gc.collect()  # garbage of earlier tests, inherited through fork
        before = cp.backend.memory_stats()["live_bytes"]
        with pytest.raises((ValueError, MemoryError)) as info:
            fn()
        msg = str(info.value)
        del info  # its traceback holds the frames (and their tensors)
        gc.collect()
        assert msg, f"{name}: empty error message"
        # The error names a size or shape, so the user sees what was asked.
        assert any(ch.isdigit() for ch in msg), msg
        assert cp.backend.memory_stats()["live_bytes"] <= before  # nothing allocated and kept

    check()


def test_negative_and_non_integer_shapes():
    for bad in [(-1,), (3, -2), (2.5,), ("3",), (None,)]:
        with pytest.raises((ValueError, TypeError)):
            cp.zeros(bad)


LEAK_SCRIPT = r"""
import gc, json
import numpy as np
import corepy as cp

def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

rng = np.random.default_rng(0)
base = cp.tensor(rng.standard_normal((64, 64)).astype(np.float32))
ints = cp.arange(4096).reshape(64, 64)
mask = base > 0

def one_round(i):
    a = cp.ones((64, 64), dtype="float32") * (i % 7)
    b = a + base
    c = (b @ base).sum(axis=0)
    d = b.T[::2, 1:] * 2.0
    e = cp.exp(d).astype("float64").mean()
    f = ints[ints % 3 == 0]
    g = cp.tensor([1.0, 2.0, float(i)])
    h = g.numpy()
    b[mask] = 0.0
    b[3:9, ::2] += 1
    k = cp.concat([a, b], axis=0).max()
    big = cp.zeros(70000, dtype="float32") + 1.0  # parallel path, GIL released
    try:
        a + cp.ones(3)  # shape mismatch
    except ValueError:
        pass
    else:
        raise AssertionError("shape mismatch did not raise")
    try:
        ints[10**6]
    except IndexError:
        pass
    else:
        raise AssertionError("out-of-range index did not raise")
    return e, k, f, h, big

for i in range(2000):  # warm up: arena classes, pool threads, caches
    one_round(i)
gc.collect()
rss0 = rss_kib(); live0 = cp.backend.memory_stats()["live_bytes"]
N = int(__import__("os").environ.get("LEAK_ROUNDS", "10000"))
for i in range(N):
    one_round(i)
gc.collect()
rss1 = rss_kib(); live1 = cp.backend.memory_stats()["live_bytes"]
print(json.dumps({"ops": N * 16, "rss0_kib": rss0, "rss1_kib": rss1, "live0": live0, "live1": live1,
                  "stats": cp.backend.memory_stats()}))
"""


def test_no_leak_over_100k_ops():
    # 10,000 rounds of 16 ops (creation, arithmetic, matmul, views, indexing,
    # masked/sliced in-place writes, reductions, NumPy round trips, errors).
    res = run_python(LEAK_SCRIPT, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    r = json.loads(res.stdout.strip().splitlines()[-1])
    print(f"leak test: {r['ops']} ops, RSS {r['rss0_kib']} -> {r['rss1_kib']} KiB, "
          f"live bytes {r['live0']} -> {r['live1']}")
    assert r["ops"] >= 100_000
    assert r["live1"] == r["live0"], r
    assert r["rss1_kib"] - r["rss0_kib"] < 20 * 1024, r


def test_arena_cap_and_empty_cache():
    script = r"""
import json, corepy as cp
s0 = cp.backend.memory_stats()
assert all(isinstance(v, int) for v in s0.values()), s0
keep = [cp.empty(1 << 16, dtype="float32") for _ in range(64)]   # 64 x 256 KiB
del keep
s1 = cp.backend.memory_stats()
hits0 = s1["reuse_hits"]
x = cp.empty(1 << 16, dtype="float32")   # a cached buffer of this class is reused
s2 = cp.backend.memory_stats()
del x
cp.backend.empty_cache()
s3 = cp.backend.memory_stats()
print(json.dumps([s0, s1, s2, s3]))
"""
    cap = 1 << 20  # 1 MiB: at most 4 of the 64 freed 256 KiB buffers stay cached
    res = run_python(script, env={**__import__("os").environ, "COREPY_ARENA_CAP_BYTES": str(cap)})
    assert res.returncode == 0, res.stderr[-3000:]
    s0, s1, s2, s3 = json.loads(res.stdout.strip().splitlines()[-1])
    assert s1["cap_bytes"] == cap
    assert 0 < s1["cached_bytes"] <= cap, s1
    assert s2["reuse_hits"] == s1["reuse_hits"] + 1, (s1, s2)
    assert s3["cached_bytes"] == 0, s3
    assert s3["live_bytes"] <= s0["live_bytes"], (s0, s3)


def test_set_cache_limit_applies_at_runtime():
    before = cp.backend.memory_stats()["cap_bytes"]
    try:
        cp.backend.set_cache_limit(0)
        t = cp.ones(1 << 15)
        del t
        assert cp.backend.memory_stats()["cached_bytes"] == 0
    finally:
        cp.backend.set_cache_limit(before)
    assert cp.backend.memory_stats()["cap_bytes"] == before


def test_large_buffers_get_huge_pages_like_numpy():
    # Large fresh buffers are advised for transparent huge pages, as NumPy
    # advises its large arrays; NumPy on the same kernel is the oracle for
    # whether huge pages are to be had at all (THP off, or none free).
    script = r"""
import json
import numpy as np
import corepy as cp

def huge_kib():
    for line in open("/proc/self/smaps_rollup"):
        if line.startswith("AnonHugePages:"):
            return int(line.split()[1])
    return 0

n = 16 << 20  # 64 MiB of float32
h0 = huge_kib()
a = np.ones(n, dtype=np.float32)
h1 = huge_kib()
t = cp.ones(n, dtype="float32")
h2 = huge_kib()
small = [cp.ones(1 << 18, dtype="float32") for _ in range(8)]  # 1 MiB each: not advised
h3 = huge_kib()
print(json.dumps({"numpy_kib": h1 - h0, "corepy_kib": h2 - h1, "small_kib": h3 - h2}))
"""
    import os
    if not os.path.exists("/proc/self/smaps_rollup"):
        pytest.skip("no /proc/self/smaps_rollup (not Linux): huge pages are a Linux-only hint")
    res = run_python(script)
    assert res.returncode == 0, res.stderr[-3000:]
    r = json.loads(res.stdout.strip().splitlines()[-1])
    print(f"huge pages: numpy {r['numpy_kib']} KiB, corepy {r['corepy_kib']} KiB, small buffers {r['small_kib']} KiB")
    if r["numpy_kib"] == 0:
        pytest.skip(f"the kernel gave NumPy's 64 MiB array no huge pages either ({r})")
    # Only the 2 MiB-aligned interior is advised: at most two partial pages lost.
    assert r["corepy_kib"] >= 64 * 1024 - 4 * 1024, r
    with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
        mode = f.read()
    if "[madvise]" in mode:  # with [always], every large enough mapping gets them anyway
        assert r["small_kib"] == 0, r

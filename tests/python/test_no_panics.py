"""No Rust panic, crash, hang, poisoned or unstable result anywhere on the
public surface: a short seeded slice of tools/fuzz/surface_fuzz.py (each
batch in a child process, with the arena poisoned), plus 4-thread stress
against serial recomputation and fork after the thread pool is in use.
The deep run is documented in tools/fuzz/README.md."""
import os
import sys
import threading

import numpy as np
import pytest

import corepy as cp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "fuzz"))
import surface_fuzz  # noqa: E402


def _report(stats):
    return "\n".join(f"{f['kind']} [{f['repro']}] {f['call']} {f.get('message', '')}" for f in stats["findings"])


@pytest.mark.parametrize("seed", [0, 1])
def test_fuzz_slice_finds_nothing(seed, monkeypatch):
    monkeypatch.setenv("COREPY_ARENA_POISON", "1")
    stats = surface_fuzz.fuzz(seed, calls=1500, batch=750, jobs=2, timeout=120)
    assert stats["calls"] == 1500
    assert stats["findings"] == [], _report(stats)
    assert "PanicException" not in stats["outcomes"]
    # The slice reaches most of the surface and gets real results, not only errors.
    assert stats["names_called"] >= 0.9 * stats["surface_names"]
    assert stats["outcomes"].get("ok", 0) >= 150


def test_surface_discovery_covers_new_ops():
    names = {n for n, _, _ in surface_fuzz.surface()}
    public = {n for n in dir(cp) if not n.startswith("_") and callable(getattr(cp, n)) and not isinstance(getattr(cp, n), type)}
    missing = {n for n in public if f"cp.{n}" not in names and f"cp.functions.{n}" not in names
               and f"cp.creation.{n}" not in names and f"cp.{n}" not in surface_fuzz.SKIP}
    # Aliases are collapsed onto one name; anything else public must be reached.
    aliases = {n for n in missing if any(getattr(cp, n) is t for _, k, t in surface_fuzz.surface() if k == "function")}
    assert missing - aliases == set()
    assert {"Tensor.__add__", "Tensor.__getitem__", "Tensor.__setitem__", "Tensor.sum", "Tensor.reshape"} <= names


def test_four_threads_agree_with_serial_recomputation():
    rng = np.random.default_rng(5)
    inputs = [cp.tensor(rng.standard_normal((64, 257)).astype(np.float32)) for _ in range(8)]

    def work(t):
        return [(t + 1.5).numpy(), cp.sum(t, axis=1).numpy(), (t @ t.T).numpy(), cp.sort(t, axis=-1).numpy(),
                cp.exp(t).numpy(), t[::3, 1::2].contiguous().numpy()]

    serial = [work(t) for t in inputs]
    results, errors = {}, []

    def worker(k):
        try:
            for rep in range(6):
                for i, t in enumerate(inputs):
                    results[(k, rep, i)] = work(t)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not errors, errors
    assert len(results) == 4 * 6 * len(inputs)
    for (k, rep, i), got in results.items():
        for a, b in zip(got, serial[i]):
            np.testing.assert_array_equal(a, b)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_fork_after_the_pool_is_in_use():
    big = cp.ones((512, 1024))
    expected = float(cp.sum(big * 2.0).item())  # the thread pool has run
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run parallel ops again, report, exit without cleanup
        try:
            os.close(r)
            got = float(cp.sum(big * 2.0).item())
            got2 = float(cp.sum(cp.ones((512, 1024)) + 1.0).item())
            os.write(w, f"{got} {got2}".encode())
        finally:
            os._exit(0)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    data = os.read(r, 100).decode()
    os.close(r)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    got, got2 = map(float, data.split())
    assert got == expected == 512 * 1024 * 2.0
    assert got2 == 512 * 1024 * 2.0

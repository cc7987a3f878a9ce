"""Threads: Python threads sharing corepy tensors, checked against serial runs.

corepy releases the GIL for ops on >= 32768 elements, so these threads run
kernels at the same time (and each op may fan out to the rayon pool inside).
Guarantees tested (README, "Threads, memory and interrupts"):
  * reads of shared inputs from many threads, writing separate outputs, give
    bit-identical results to a serial run;
  * writes into one existing tensor (in-place operators, out=, setitem) from
    many threads are serialized by the storage's write lock: the result equals
    the serial one exactly;
  * nothing deadlocks: every wait has a timeout, so a hang fails the test.
"""
import concurrent.futures as cf
import threading

import numpy as np
import pytest

import corepy as cp

TIMEOUT = 120  # seconds for any one thread's work; a deadlock fails, not hangs
BIG = 1 << 17  # well above the GIL-release size (32768) and the parallel split


def run_threads(n, fn):
    """Run fn(i) on n threads released together by a barrier; return results."""
    barrier = threading.Barrier(n)

    def body(i):
        barrier.wait(timeout=TIMEOUT)
        return fn(i)

    with cf.ThreadPoolExecutor(max_workers=n) as ex:
        futures = [ex.submit(body, i) for i in range(n)]
        return [f.result(timeout=TIMEOUT) for f in futures]


def _shared_inputs():
    rng = np.random.default_rng(7)
    a = rng.standard_normal(BIG).astype(np.float32)
    b = rng.standard_normal(BIG).astype(np.float32)
    m = rng.standard_normal((256, 256)).astype(np.float64)
    return a, b, m


# Each reader op is a function of the shared tensors; a serial run gives the
# reference (bit-exact: corepy's results do not depend on which thread runs).
READERS = {
    "add": lambda a, b, m: a + b,
    "fma": lambda a, b, m: a * b + a,
    "exp": lambda a, b, m: cp.exp(a),
    "tanh": lambda a, b, m: cp.tanh(b),
    "sum": lambda a, b, m: a.sum(),
    "max_axis": lambda a, b, m: a.reshape(512, -1).max(axis=0),
    "matmul": lambda a, b, m: m @ m,
    "index": lambda a, b, m: a[::3][b[::3] > 0],
    "astype": lambda a, b, m: a.astype("float64") * 2,
    "transpose_add": lambda a, b, m: m.T + m,
}


@pytest.mark.parametrize("nthreads", [4, 8])
def test_shared_reads_match_serial(nthreads):
    an, bn, mn = _shared_inputs()
    a, b, m = cp.tensor(an), cp.tensor(bn), cp.tensor(mn)
    names = sorted(READERS)
    serial = {k: READERS[k](a, b, m).numpy().copy() for k in names}
    rounds = 6

    def work(i):
        out = []
        for r in range(rounds):
            k = names[(i + r) % len(names)]
            out.append((k, READERS[k](a, b, m).numpy().copy()))
        return out

    results = run_threads(nthreads, work)
    ops = 0
    for per_thread in results:
        for k, got in per_thread:
            np.testing.assert_array_equal(got, serial[k], err_msg=k)
            ops += 1
    assert ops == nthreads * rounds
    # The inputs were only read.
    np.testing.assert_array_equal(a.numpy(), an)
    np.testing.assert_array_equal(m.numpy(), mn)
    print(f"{nthreads} threads, {ops} concurrent reader ops matched the serial results")


@pytest.mark.parametrize("nthreads", [2, 8])
def test_inplace_on_one_tensor_is_serialized(nthreads):
    k = 40
    t = cp.zeros(BIG, dtype="int64")
    view = t[1:]  # a view shares the storage, so it shares the lock

    def work(i):
        nonlocal view  # `view += 1` rebinds the name (to the same tensor)
        for _ in range(k):
            if i % 2:
                view += 1
                t[0:1] += 1  # the element the view does not cover
            else:
                cp.add(t, 1, out=t)

    run_threads(nthreads, work)
    np.testing.assert_array_equal(t.numpy(), np.full(BIG, nthreads * k, dtype=np.int64))


def test_setitem_from_many_threads_is_whole():
    # Each thread assigns its own constant to the whole tensor: the final
    # tensor must be one thread's value everywhere, never a mix of two.
    n = 8
    t = cp.zeros((512, 512), dtype="float32")

    def work(i):
        for _ in range(20):
            t[...] = float(i + 1)
            t[:, :] = cp.full((512,), float(i + 1), dtype="float32")

    run_threads(n, work)
    vals = np.unique(t.numpy())
    assert vals.size == 1 and 1 <= vals[0] <= n, vals


def test_masked_and_index_assign_from_many_threads():
    n = 4
    t = cp.zeros(BIG, dtype="int32")
    idx = cp.arange(0, BIG, 2)

    def work(i):
        for _ in range(10):
            t[idx] = t[idx] + 0  # read-modify-write through index arrays
            t[t < 0] = 5  # no element is negative: writes nothing

    run_threads(n, work)
    np.testing.assert_array_equal(t.numpy(), np.zeros(BIG, np.int32))


def test_separate_outputs_with_thread_count_changes():
    # set_num_threads swaps the pool while other threads run ops on it.
    an, bn, _ = _shared_inputs()
    a, b = cp.tensor(an), cp.tensor(bn)
    want = (a * b).numpy().copy()
    want_sum = a.sum().item()
    before = cp.get_num_threads()

    def work(i):
        for r in range(10):
            if i == 0:
                cp.set_num_threads(1 + r % 2)
                continue
            np.testing.assert_array_equal((a * b).numpy(), want)
            assert a.sum().item() == want_sum  # reduction blocks do not depend on threads
        return True

    try:
        assert all(run_threads(4, work))
    finally:
        cp.set_num_threads(before)


def test_gil_is_released_for_large_ops():
    # While one thread runs a long chain of large ops, another thread must get
    # the interpreter (it would be starved if the kernels held the GIL).
    a = cp.ones(1 << 22, dtype="float32")
    stop = threading.Event()
    ticks = []

    def spinner():
        while not stop.is_set():
            ticks.append(1)

    th = threading.Thread(target=spinner)
    th.start()
    try:
        for _ in range(20):
            a = a * 1.0
    finally:
        stop.set()
        th.join(TIMEOUT)
    assert not th.is_alive()
    assert len(ticks) > 0


FORK_SCRIPT = r"""
import multiprocessing, os, signal, sys, time
import numpy as np
import corepy as cp

n = 10**7
assert cp.ones(n).sum().item() == n  # the parent's pool is started and used
want = float(np.arange(n, dtype=np.float64).sum())

def child_work(_=None):
    return float(cp.arange(n, dtype="float64").sum().item())

pid = os.fork()
if pid == 0:  # the child: the parent's workers are not here
    os._exit(0 if child_work() == want else 3)
deadline = time.monotonic() + 30
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.exit("os.fork child hung on a large op")
    time.sleep(0.01)
assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status

ctx = multiprocessing.get_context("fork")
with ctx.Pool(2) as pool:
    got = pool.map_async(child_work, range(2)).get(timeout=30)
assert got == [want, want], got
assert child_work() == want  # the parent's pool still works
print("ok")
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="os.fork is POSIX-only")
def test_large_ops_work_in_forked_children():
    # A forked child inherits the pool object but not its worker threads;
    # corepy must start a fresh pool there instead of waiting forever.
    import os
    from cp_testing import run_python

    res = run_python(FORK_SCRIPT, env={**os.environ, "COREPY_NUM_THREADS": "4"}, timeout=120)
    assert res.returncode == 0 and res.stdout.strip().endswith("ok"), (res.stdout[-2000:], res.stderr[-3000:])

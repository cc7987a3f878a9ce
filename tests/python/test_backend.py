"""Backend control: device detection, backend selection, threads, the arena;
and the promise that every backend computes the same answers (bit for bit
for elementwise ops)."""
import operator
import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import (
    DTYPES,
    FLOAT_DTYPES,
    PARALLEL_MIN,
    as_numpy,
    assert_same_tensors,
    backend,
    dtypes,
    examples,
    random_array,
    run_python,
    seeds,
    tensor_of,
)

OPS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul, "divide": operator.truediv}


def test_detect_devices_fields():
    info = cp.backend.detect_devices()
    for name in ("has_avx2", "has_f16c", "has_avx512", "has_neon", "cuda_compiled"):
        assert isinstance(getattr(info, name), bool), name
    assert isinstance(info.gpu_count, int) and info.gpu_count >= 0
    assert isinstance(info.cores, int) and info.cores >= 1
    assert isinstance(info.arch, str) and info.arch
    assert all(isinstance(getattr(info, f), int) and getattr(info, f) >= 0 for f in ("l1d_bytes", "l2_bytes", "l3_bytes"))
    assert "cpu_simd" in info.backends and "cpu_scalar" in info.backends
    assert len(set(info.backends)) == len(info.backends)
    assert "scalar" in info.compiled_isas and "scalar" in info.available_isas
    assert set(info.available_isas) <= set(info.compiled_isas)
    # A backend is offered exactly for each ISA the CPU and the build both support.
    assert set(info.backends) - {"cpu_simd"} == {f"cpu_{isa}" for isa in info.available_isas}
    assert ("cpu_avx2" in info.backends) == (info.has_avx2 and "avx2" in info.compiled_isas)
    assert ("cpu_avx512" in info.backends) == (info.has_avx512 and "avx512" in info.compiled_isas)
    assert ("cpu_neon" in info.backends) == (info.has_neon and "neon" in info.compiled_isas)
    assert not (info.has_neon and (info.has_avx2 or info.has_avx512))
    if not info.cuda_compiled:
        assert info.gpu_count == 0
    assert cp.backend.detect_devices() == info  # detected once, stable


def test_detect_devices_matches_the_cpu():
    flags = set()
    if os.path.exists("/proc/cpuinfo"):  # Linux; elsewhere only the core count is checked
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    flags |= set(line.split(":", 1)[1].split())
    info = cp.backend.detect_devices()
    if info.arch == "x86_64" and flags:
        assert info.has_f16c == ("f16c" in flags)
        # The avx2 kernels are compiled with -mfma -mf16c: all three are required.
        assert info.has_avx2 == ("avx2" in flags and "fma" in flags and "f16c" in flags)
        assert info.has_avx512 <= ("avx512f" in flags and "f16c" in flags)
    assert info.cores <= os.cpu_count()


def test_select_backend_returns_isa_names(backends):
    info = cp.backend.detect_devices()
    for name in backends:
        isa = cp.backend.select_backend(name)
        assert cp.backend.current_isa() == isa
        if name == "cpu_simd":
            best = next(i for i in ("avx512", "avx2", "neon", "scalar") if i in info.available_isas)
            assert isa == best, f"cpu_simd picked {isa}, the best ISA here is {best}"
        else:
            assert isa == name[len("cpu_"):]
    assert cp.backend.select_backend("cpu_scalar") == "scalar"


def test_select_unknown_backend_keeps_the_current_one():
    before = cp.backend.current_isa()
    for bad in ("nope", "cuda", "CPU_SIMD", "", "cpu_sse2", "scalar", "avx2"):
        with pytest.raises(ValueError):
            cp.backend.select_backend(bad)
        assert cp.backend.current_isa() == before


# --------------------------------------------------------------------------
# Every backend computes the same answers
# --------------------------------------------------------------------------

@examples(0.5)
@given(op=st.sampled_from(sorted(OPS)), dt_a=dtypes, dt_b=dtypes, seed=seeds,
       n=st.one_of(st.integers(1, 300), st.sampled_from([4099, PARALLEL_MIN + 1])),
       form=st.sampled_from(["tt", "ts", "st"]))
def test_elementwise_bitwise_identical_across_backends(simd_backends, op, dt_a, dt_b, seed, n, form):
    a = tensor_of(random_array(dt_a, (n,), seed))
    b = tensor_of(random_array(dt_b, (n,), seed + 1)) if form == "tt" else {"bool": True, "int8": -3, "int16": 300, "int32": -3, "int64": 7, "uint8": 200,
                                                                              "float32": 0.3, "float64": -1.5}[dt_b]
    fn = OPS[op]
    if form == "st":
        fn = lambda x, y, f=fn: f(y, x)  # noqa: E731
    results = {}
    for name in simd_backends:
        with backend(name):
            try:
                results[name] = fn(a, b)
            except (TypeError, OverflowError) as exc:
                results[name] = type(exc)
    ref = results["cpu_scalar"]
    for name, got in results.items():
        if isinstance(ref, type):
            assert got is ref, f"{name}: {got} vs scalar's {ref}"
        else:
            assert_same_tensors(got, ref, context=f"{dt_a} {op} {dt_b} ({form}), n={n}: {name} vs cpu_scalar")


@pytest.mark.parametrize("dt", DTYPES)
def test_negative_identical_across_backends(dt, simd_backends):
    a = tensor_of(random_array(dt, (PARALLEL_MIN + 3,), 5))
    if dt == "bool":  # NumPy has no negative for bool; no backend may have one either
        with pytest.raises(TypeError):
            -np.array([True])
        for name in simd_backends:
            with backend(name), pytest.raises(TypeError):
                -a
        return
    results = {}
    for name in simd_backends:
        with backend(name):
            results[name] = -a
    for name, got in results.items():
        assert_same_tensors(got, results["cpu_scalar"], context=f"-{dt} on {name}")


@pytest.mark.parametrize("src", DTYPES)
def test_astype_identical_across_backends(src, simd_backends):
    a = tensor_of(random_array(src, (1001,), 6, specials=False))
    for dst in DTYPES:
        with backend("cpu_scalar"):
            ref = a.astype(dst)
        for name in simd_backends:
            with backend(name):
                assert_same_tensors(a.astype(dst), ref, context=f"{src}->{dst} on {name}")


@pytest.mark.parametrize("dt", [d for d in DTYPES if d != "bool"])
def test_creation_identical_across_backends(dt, simd_backends):
    ref = None
    for name in simd_backends:
        with backend(name):
            got = [cp.arange(3, 5000, 7, dtype=dt), cp.full(777, 3, dtype=dt), cp.eye(33, 35, 2, dtype=dt),
                   cp.zeros(129, dtype=dt), cp.ones(130, dtype=dt)]
            if dt in FLOAT_DTYPES:
                got.append(cp.linspace(-3, 11, 1001, dtype=dt))
        if ref is None:
            ref = got
        for g, r in zip(got, ref):
            assert_same_tensors(g, r, context=f"creation {dt} on {name}")


def test_env_var_picks_the_starting_backend():
    code = "import corepy as cp; print(cp.backend.current_isa())"
    env = dict(os.environ, COREPY_ISA="scalar")
    out = run_python(code, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "scalar"


# --------------------------------------------------------------------------
# Threads
# --------------------------------------------------------------------------

def test_set_and_get_num_threads():
    before = cp.get_num_threads()
    assert before >= 1
    for n in (1, 2, 3, before):
        cp.set_num_threads(n)
        assert cp.get_num_threads() == n
        assert (cp.ones(PARALLEL_MIN * 3) * 2).sum().item() == PARALLEL_MIN * 6
    with pytest.raises(ValueError):
        cp.set_num_threads(0)
    assert cp.get_num_threads() == before
    assert cp.backend.get_num_threads() == before


def test_default_thread_count_and_env_var():
    code = "import corepy as cp; print(cp.get_num_threads())"
    base = {k: v for k, v in os.environ.items() if k != "COREPY_NUM_THREADS"}
    out = run_python(code, env=base)
    assert int(out.stdout) == cp.backend.detect_devices().cores
    out = run_python(code, env=dict(base, COREPY_NUM_THREADS="3"))
    assert int(out.stdout) == 3


# --------------------------------------------------------------------------
# Memory arena
# --------------------------------------------------------------------------

def test_memory_stats_fields():
    s = cp.backend.memory_stats()
    for key in ("live_bytes", "cached_bytes", "cap_bytes", "reuse_hits", "system_allocs"):
        assert isinstance(s[key], int) and s[key] >= 0, key


def test_reuse_hits_grow_when_equal_sizes_are_recycled():
    cp.backend.empty_cache()
    before = cp.backend.memory_stats()
    for _ in range(50):
        t = cp.zeros(12345, dtype="f64")
        del t
    after = cp.backend.memory_stats()
    assert after["reuse_hits"] >= before["reuse_hits"] + 45, (before, after)
    assert after["system_allocs"] <= before["system_allocs"] + 3, (before, after)


def test_live_bytes_track_tensors():
    cp.backend.empty_cache()
    base = cp.backend.memory_stats()["live_bytes"]
    t = cp.zeros(1_000_000, dtype="f64")
    assert cp.backend.memory_stats()["live_bytes"] >= base + 8_000_000
    del t
    assert cp.backend.memory_stats()["live_bytes"] == base


def test_empty_cache_releases_cached_buffers():
    t = cp.zeros(100_000)
    del t
    assert cp.backend.memory_stats()["cached_bytes"] > 0
    cp.backend.empty_cache()
    assert cp.backend.memory_stats()["cached_bytes"] == 0


def test_cache_limit():
    s = cp.backend.memory_stats()
    old = s["cap_bytes"]
    try:
        cp.backend.set_cache_limit(0)
        assert cp.backend.memory_stats()["cap_bytes"] == 0
        t = cp.zeros(50_000)
        del t
        assert cp.backend.memory_stats()["cached_bytes"] == 0
    finally:
        cp.backend.set_cache_limit(old)
    assert cp.backend.memory_stats()["cap_bytes"] == old


def test_recycled_buffers_do_not_leak_old_values_into_zeros_and_ones():
    for _ in range(5):
        t = cp.full(4096, 7.0)
        del t
        assert (as_numpy(cp.zeros(4096)) == 0).all()
        t = cp.full(4096, -3, dtype="i64")
        del t
        assert (as_numpy(cp.ones(4096, dtype="i64")) == 1).all()
        assert np.array_equal(as_numpy(cp.eye(64)), np.eye(64))

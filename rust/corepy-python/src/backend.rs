//! Backend queries and controls behind corepy/backend.py.
use corepy_runtime::arena::arena;
use corepy_runtime::cpu_features::cpu_features;
use corepy_runtime::{kernels, scheduler};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::IntoPyResult;

/// What this machine and build can do, as a dict (corepy.backend wraps it).
#[pyfunction]
pub fn detect_devices(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let f = cpu_features();
    let d = PyDict::new(py);
    d.set_item("arch", f.arch)?;
    d.set_item("cpu_model", &f.model)?;
    // has_avx2: the AVX2 kernel level (AVX2 with the FMA and F16C it is built for).
    d.set_item("has_avx2", f.has_avx2 && f.has_fma && f.has_f16c)?;
    d.set_item("has_f16c", f.has_f16c)?;
    d.set_item("has_avx512", f.has_avx512)?;
    d.set_item("has_neon", f.has_neon)?;
    d.set_item("cores", f.cores)?;
    d.set_item("l1d_bytes", f.l1d_bytes)?;
    d.set_item("l2_bytes", f.l2_bytes)?;
    d.set_item("l3_bytes", f.l3_bytes)?;
    d.set_item("gpu_count", 0)?; // this build has no CUDA backend
    d.set_item("cuda_compiled", false)?;
    d.set_item("compiled_isas", kernels::Isa::compiled().iter().map(|i| i.name()).collect::<Vec<_>>())?;
    d.set_item("available_isas", kernels::available_isas().iter().map(|i| i.name()).collect::<Vec<_>>())?;
    d.set_item("backends", kernels::backend_names())?;
    Ok(d)
}

/// Switch kernels ("cpu_simd", "cpu_scalar", "cpu_avx2", ...); returns the ISA name.
#[pyfunction]
pub fn select_backend(name: &str) -> PyResult<&'static str> {
    Ok(kernels::select_backend(name).py()?.name())
}

#[pyfunction]
pub fn current_isa() -> &'static str {
    kernels::current_isa().name()
}

#[pyfunction]
pub fn set_num_threads(n: i64) -> PyResult<()> {
    let n = usize::try_from(n).map_err(|_| pyo3::exceptions::PyValueError::new_err(format!("set_num_threads: expected 1..4096 threads, got {n}")))?;
    scheduler::set_num_threads(n).py()
}

#[pyfunction]
pub fn get_num_threads() -> usize {
    scheduler::num_threads()
}

#[pyfunction]
pub fn memory_stats(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let s = arena().stats();
    let d = PyDict::new(py);
    d.set_item("live_bytes", s.live_bytes)?;
    d.set_item("cached_bytes", s.cached_bytes)?;
    d.set_item("cap_bytes", s.cap_bytes)?;
    d.set_item("reuse_hits", s.reuse_hits)?;
    d.set_item("system_allocs", s.system_allocs)?;
    Ok(d)
}

#[pyfunction]
pub fn empty_cache() {
    arena().empty_cache()
}

#[pyfunction]
pub fn set_cache_limit(bytes: usize) {
    arena().set_cap_bytes(bytes)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(detect_devices, m)?)?;
    m.add_function(wrap_pyfunction!(select_backend, m)?)?;
    m.add_function(wrap_pyfunction!(current_isa, m)?)?;
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(memory_stats, m)?)?;
    m.add_function(wrap_pyfunction!(empty_cache, m)?)?;
    m.add_function(wrap_pyfunction!(set_cache_limit, m)?)?;
    Ok(())
}

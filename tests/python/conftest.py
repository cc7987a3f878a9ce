"""Shared pytest setup for the corepy suite.

Hypothesis profiles (pick one with COREPY_HYPOTHESIS_PROFILE):

* ``ci`` (default): modest example counts, no deadline (timings on shared CI
  machines are noisy), so the whole suite stays well under two minutes.
* ``deep``: ten times the examples for a local soak run, e.g.
  ``COREPY_HYPOTHESIS_PROFILE=deep pytest``.

Every test gets the runtime back in the state it found it (backend and
thread count), so a test that switches to ``cpu_scalar`` or one thread cannot
leak that choice into the next one.
"""
import os

import pytest
from hypothesis import HealthCheck, settings

try:
    import corepy as cp
    import corepy._corepy  # noqa: F401  (the compiled module)
except ImportError as exc:  # pragma: no cover - environment problem, not a test
    raise ImportError(
        "the installed corepy package (with its compiled module corepy._corepy) could not be imported: "
        f"{exc}. Install it with `pip install .` and run `pytest` (the entry point) from the repository "
        "root, or `python -m pytest` from another folder: `python -m pytest` inside the repository root "
        "puts the source folder corepy/, which has no compiled module, first on sys.path."
    ) from exc

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=_HEALTH, print_blob=True)
settings.register_profile("deep", max_examples=1000, deadline=None, suppress_health_check=_HEALTH, print_blob=True)
settings.load_profile(os.environ.get("COREPY_HYPOTHESIS_PROFILE", "ci"))


def _backend_name_of(isa):
    return f"cpu_{isa}"


_INITIAL_ISA = cp.backend.current_isa()
_INITIAL_THREADS = cp.get_num_threads()


def pytest_configure(config):
    # Noise from a third-party plugin's imports, not from corepy.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:libcst.*")


@pytest.fixture(autouse=True)
def _restore_runtime_state():
    yield
    if cp.backend.current_isa() != _INITIAL_ISA:
        cp.backend.select_backend(_backend_name_of(_INITIAL_ISA))
    if cp.get_num_threads() != _INITIAL_THREADS:
        cp.set_num_threads(_INITIAL_THREADS)


@pytest.fixture(scope="session")
def backends():
    """Every backend name this machine can select (cpu_simd, cpu_scalar, ...)."""
    names = list(cp.backend.detect_devices().backends)
    assert "cpu_simd" in names and "cpu_scalar" in names, names
    return names


@pytest.fixture(scope="session")
def simd_backends(backends):
    """The backends, for tests that compare every ISA with the scalar one:
    skipped, with the reason, where only the scalar ISA runs (the comparison
    would be scalar against scalar and could not fail)."""
    if set(cp.backend.detect_devices().available_isas) == {"scalar"}:
        pytest.skip("only the scalar ISA runs on this CPU: no SIMD kernels to compare with the scalar ones")
    return backends

"""What the machine can do, which kernels run, threads and memory.

>>> from corepy.backend import detect_devices, select_backend
>>> info = detect_devices()
>>> select_backend("cpu_scalar")   # the reference kernels
'scalar'
"""
from dataclasses import dataclass, field
from typing import List

from corepy import _corepy


@dataclass(frozen=True)
class DeviceInfo:
    arch: str
    cpu_model: str
    has_avx2: bool
    has_f16c: bool
    has_avx512: bool
    has_neon: bool
    cores: int
    l1d_bytes: int
    l2_bytes: int
    l3_bytes: int
    gpu_count: int
    cuda_compiled: bool
    compiled_isas: List[str] = field(default_factory=list)
    available_isas: List[str] = field(default_factory=list)
    backends: List[str] = field(default_factory=list)


def detect_devices() -> DeviceInfo:
    """CPU features, cache sizes, cores and GPUs, as detected once by the runtime."""
    return DeviceInfo(**_corepy.detect_devices())


def select_backend(name: str) -> str:
    """Switch the kernels every op uses: ``"cpu_simd"`` (best for this CPU, the
    default), ``"cpu_scalar"`` (reference), or ``"cpu_avx2"``/``"cpu_avx512"``/
    ``"cpu_neon"`` where supported. Returns the ISA now in use; an unknown name
    raises ValueError."""
    return _corepy.select_backend(name)


def current_isa() -> str:
    """The ISA whose kernels run now (e.g. ``"avx512"``)."""
    return _corepy.current_isa()


def set_num_threads(n: int) -> None:
    """Worker threads for large ops (default: all cores, or COREPY_NUM_THREADS)."""
    _corepy.set_num_threads(n)


def get_num_threads() -> int:
    return _corepy.get_num_threads()


def memory_stats() -> dict:
    """Arena counters: live and cached bytes, the cache cap, reuse hits."""
    return dict(_corepy.memory_stats())


def empty_cache() -> None:
    """Return every cached (free) buffer to the operating system."""
    _corepy.empty_cache()


def set_cache_limit(nbytes: int) -> None:
    """Cap the bytes the arena keeps cached for reuse (default 1 GiB,
    or COREPY_ARENA_CAP_BYTES)."""
    _corepy.set_cache_limit(nbytes)

"""corepy: a NumPy-style tensor library.

Python states intent; the Rust runtime validates, owns memory and schedules;
C++ kernels do the arithmetic. Nothing here computes: every function forwards
to the native module ``corepy._corepy``.

>>> import corepy as cp
>>> a = cp.tensor([1.0, 2.0, 3.0], dtype="f32")
>>> (a + 1).tolist()
[2.0, 3.0, 4.0]
"""
from corepy._corepy import Tensor, __version__
from corepy import backend
from corepy.backend import get_num_threads, set_num_threads
from corepy.creation import (
    arange, array, asarray, ascontiguousarray, empty, empty_like, eye, full, full_like, linspace, ones, ones_like,
    rand, randn, tensor, zeros, zeros_like,
)
from corepy.dtypes import *  # noqa: F401,F403 - dtype, finfo, iinfo and one name per dtype
from corepy.dtypes import __all__ as _dtype_names
from corepy.functions import *  # noqa: F401,F403 - the NumPy-style namespace
from corepy.functions import __all__ as _function_names
from corepy.npyio import NpzFile, fromfile, load, save, savez, savez_compressed
from corepy._repr import get_printoptions, printoptions, set_printoptions
from corepy.compare_pad import *  # noqa: F401,F403 - isclose, diagonal, tril, pad, ...
from corepy.compare_pad import __all__ as _compare_pad_names
from corepy.statistics import *  # noqa: F401,F403 - median, quantile, nan-aware reductions, histogram, ...
from corepy.statistics import __all__ as _statistics_names
from corepy.contractions import einsum, einsum_path

newaxis = None

__all__ = [
    "Tensor", "__version__", "backend", "newaxis",
    "arange", "array", "asarray", "ascontiguousarray", "empty", "eye", "full", "linspace", "ones", "rand", "randn",
    "tensor", "zeros",
    "empty_like", "full_like", "ones_like", "zeros_like",
    "get_num_threads", "set_num_threads",
    "NpzFile", "fromfile", "load", "save", "savez", "savez_compressed",
] + list(_dtype_names) + list(_function_names) + list(_compare_pad_names) + list(_statistics_names)
__all__ += ["einsum", "einsum_path"]
__all__ += ["get_printoptions", "printoptions", "set_printoptions"]

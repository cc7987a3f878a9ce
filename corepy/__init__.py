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
from corepy.creation import arange, empty, eye, full, linspace, ones, rand, randn, tensor, zeros
from corepy.dtypes import bool_, dtype, float32, float64, int32, int64
from corepy.functions import (
    add,
    astype,
    divide,
    matmul,
    max,
    mean,
    min,
    multiply,
    negative,
    reshape,
    subtract,
    sum,
)

__all__ = [
    "Tensor",
    "__version__",
    "add",
    "arange",
    "astype",
    "backend",
    "bool_",
    "divide",
    "dtype",
    "empty",
    "eye",
    "float32",
    "float64",
    "full",
    "get_num_threads",
    "int32",
    "int64",
    "linspace",
    "matmul",
    "max",
    "mean",
    "min",
    "multiply",
    "negative",
    "ones",
    "rand",
    "randn",
    "reshape",
    "set_num_threads",
    "subtract",
    "sum",
    "tensor",
    "zeros",
]

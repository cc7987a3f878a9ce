"""Element types, named as in NumPy 2.

``corepy.float32 == "float32" == "f32"`` style comparisons work through
``corepy.dtype(...)``, which also accepts Python types and NumPy dtypes.
"""
from corepy import _corepy

dtype = _corepy.dtype
bool_ = _corepy.bool
int32 = _corepy.int32
int64 = _corepy.int64
float32 = _corepy.float32
float64 = _corepy.float64

__all__ = ["dtype", "bool_", "int32", "int64", "float32", "float64"]

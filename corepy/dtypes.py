"""Element types, named as in NumPy 2, and their limits (``finfo``/``iinfo``).

``corepy.dtype(...)`` accepts corepy dtypes, names ('float32', 'f32'),
Python types and NumPy dtypes; dtypes compare equal to each other only.
"""
from corepy import _corepy

dtype = _corepy.dtype
bool_ = _corepy.bool
int8 = _corepy.int8
int16 = _corepy.int16
uint8 = _corepy.uint8
int32 = _corepy.int32
int64 = _corepy.int64
float32 = _corepy.float32
float64 = _corepy.float64


def _dtype_of(x):
    """A dtype from a dtype-like, or from a tensor/array instance's dtype."""
    if not isinstance(x, (str, type)) and hasattr(x, "dtype"):
        x = x.dtype
    return dtype(x)


class finfo:
    """Limits of a float dtype (the IEEE 754 constants, as NumPy's finfo)."""

    _TABLE = {
        "float32": dict(bits=32, eps=2.0 ** -23, max=(2 - 2.0 ** -23) * 2.0 ** 127,
                        smallest_normal=2.0 ** -126, resolution=1e-6, precision=6),
        "float64": dict(bits=64, eps=2.0 ** -52, max=(2 - 2.0 ** -52) * 2.0 ** 1023,
                        smallest_normal=2.0 ** -1022, resolution=1e-15, precision=15),
    }

    def __init__(self, dt):
        d = _dtype_of(dt)
        if d.name not in self._TABLE:
            raise ValueError(f"finfo: {d.name} is not a floating point dtype")
        self.dtype = d
        for k, v in self._TABLE[d.name].items():
            setattr(self, k, v)
        self.min = -self.max
        self.tiny = self.smallest_normal

    def __repr__(self):
        return f"finfo(resolution={self.resolution}, min={self.min:e}, max={self.max:e}, dtype={self.dtype.name})"


class iinfo:
    """Limits of an integer dtype."""

    def __init__(self, dt):
        d = _dtype_of(dt)
        if d.name not in ("int8", "int16", "int32", "int64", "uint8"):
            raise ValueError(f"iinfo: {d.name} is not an integer dtype")
        self.dtype = d
        self.bits = 8 * d.itemsize
        if d.name.startswith("u"):
            self.min, self.max = 0, (1 << self.bits) - 1
        else:
            self.min = -(1 << (self.bits - 1))
            self.max = (1 << (self.bits - 1)) - 1

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype.name})"


__all__ = ["dtype", "bool_", "int8", "int16", "uint8", "int32", "int64", "float32", "float64", "finfo", "iinfo"]

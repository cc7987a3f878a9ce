"""Element types, named as in NumPy 2, and their limits (``finfo``/``iinfo``).

``corepy.dtype(...)`` accepts corepy dtypes, names ('float32', 'f32'),
Python types and NumPy dtypes; dtypes compare equal to each other only.
"""
from corepy import _corepy

dtype = _corepy.dtype
# One name per dtype of the runtime's list (csrc/include/corepy/dtype_list.h);
# bool is published as bool_, as NumPy does.
_NAMES = []
for _d in _corepy.dtypes():
    _n = "bool_" if _d.name == "bool" else _d.name
    globals()[_n] = _d
    _NAMES.append(_n)


def _dtype_of(x):
    """A dtype from a dtype-like, or from a tensor/array instance's dtype."""
    if not isinstance(x, (str, type)) and hasattr(x, "dtype"):
        x = x.dtype
    return dtype(x)


class finfo:
    """Limits of a float dtype (NumPy's finfo fields, from the runtime)."""

    def __init__(self, dt):
        d = _dtype_of(dt)
        info = _corepy.type_info(d)
        if info["kind"] != "float":
            raise ValueError(f"finfo: {d.name} is not a floating point dtype")
        self.dtype = d
        for k in ("bits", "eps", "max", "smallest_normal", "resolution", "precision"):
            setattr(self, k, info[k])
        self.min = -self.max
        self.tiny = self.smallest_normal

    def __repr__(self):
        return f"finfo(resolution={self.resolution}, min={self.min:e}, max={self.max:e}, dtype={self.dtype.name})"


class iinfo:
    """Limits of an integer dtype."""

    def __init__(self, dt):
        d = _dtype_of(dt)
        info = _corepy.type_info(d)
        if info["kind"] not in ("sint", "uint"):
            raise ValueError(f"iinfo: {d.name} is not an integer dtype")
        self.dtype = d
        self.bits, self.min, self.max = info["bits"], info["min"], info["max"]

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype.name})"


__all__ = ["dtype", "finfo", "iinfo"] + _NAMES

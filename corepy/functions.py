"""Module-level operations, NumPy style: ``cp.sum(x, axis=1)`` is
``x.sum(axis=1)``, ``cp.add(a, b)`` is ``a + b``, ``cp.exp(x)`` runs the exp
kernel. Everything forwards to the native module; functions made of other
operations (``clip``, ``outer``, ``tensordot``, ...) only combine those calls.
"""
import builtins

from corepy import _corepy
from corepy._corepy import Tensor

def _tensor(name, x):
    if isinstance(x, Tensor):
        return x
    raise TypeError(f"{name}: expected a corepy.Tensor, got {type(x).__name__}")


def _make_unary(name, doc):
    def fn(x, out=None):
        return _corepy.unary(name, x, out)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def _make_binary(name, doc):
    def fn(a, b, out=None):
        return _corepy.binary(name, a, b, out)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


# The elementwise functions come from the runtime's op registry (one row per
# op in csrc/include/corepy/op_registry.h): name, aliases and docstring.
_ELEMENTWISE = []
for _kind, _name, _aliases, _doc in _corepy.op_registry():
    _make = _make_unary if _kind in ("unary", "predicate") else _make_binary
    _fn = _make(_name, _doc)
    for _n in (_name, *_aliases):
        globals()[_n] = _fn
        _ELEMENTWISE.append(_n)


def round(x, decimals=0):  # noqa: A001 - NumPy's name
    """Round half to even (NumPy's ``round``); only ``decimals=0`` for now."""
    if decimals != 0:
        raise NotImplementedError("round: decimals other than 0 are not supported yet")
    return _corepy.unary("rint", x)


def positive(x):
    return _tensor("positive", x).copy()


def clip(x, min=None, max=None):  # noqa: A002
    """Limit values to [min, max] (NumPy's ``clip``: maximum with ``min``, then
    minimum with ``max``; NaN propagates; bounds take part in promotion)."""
    return _corepy.clip(x, min, max)


def logical_and(a, b):
    """Elementwise truth-value and of any dtypes (bool result)."""
    return _corepy.logical("logical_and", a, b)


def logical_or(a, b):
    """Elementwise truth-value or of any dtypes (bool result)."""
    return _corepy.logical("logical_or", a, b)


def logical_xor(a, b):
    """Elementwise truth-value xor of any dtypes (bool result)."""
    return _corepy.logical("logical_xor", a, b)


def _as_tensor(x):
    return x if isinstance(x, Tensor) else _corepy.tensor(x)


def where(condition, x, y):
    """Elements of ``x`` where ``condition`` is true, else of ``y``."""
    return _corepy.where(condition, x, y)


def matmul(a, b):
    """Matrix product (``a @ b``): 2-D, 1-D vectors and stacks of matrices."""
    return _corepy.binary("matmul", a, b)


def dot(a, b):
    """NumPy's dot: 0-d operands multiply, 1-D x 1-D is the inner product, 2-D
    the matrix product, N-D sums over a's last axis and b's second-to-last."""
    return _corepy.dot(a, b)


def vecdot(a, b, axis=-1):
    """Dot product of vectors along ``axis`` (broadcasting the rest), in the
    operands' common dtype (integers wrap, bool is any-of-and), as NumPy."""
    return _corepy.vecdot(a, b, axis)


def outer(a, b):
    """Outer product of two vectors (flattened first, as NumPy)."""
    return _corepy.outer(a, b)


def tensordot(a, b, axes=2):
    """Sum products over the last ``axes`` axes of a and the first of b, or over
    the axis pairs ``(axes_a, axes_b)``."""
    return _corepy.tensordot(a, b, axes)


def matrix_transpose(x):
    return _tensor("matrix_transpose", x).mT


def transpose(x, axes=None):
    return _tensor("transpose", x).transpose(axes)


def permute_dims(x, axes):
    return _tensor("permute_dims", x).permute_dims(list(axes))


def moveaxis(x, source, destination):
    """Move axes (an int or a sequence) to new positions, keeping the order of the others."""
    return _corepy.moveaxis(x, source, destination)


def expand_dims(x, axis):
    return _tensor("expand_dims", x).expand_dims(axis)


def squeeze(x, axis=None):
    return _tensor("squeeze", x).squeeze(axis)


def flip(x, axis=None):
    return _tensor("flip", x).flip(axis)


def broadcast_to(x, shape):
    return _as_tensor(x).broadcast_to(shape)


def reshape(x, shape):
    return _as_tensor(x).reshape(shape)


def astype(x, dtype):
    return _tensor("astype", x).astype(dtype)


def concat(tensors, axis=0):
    """Join tensors along an existing axis (``axis=None`` flattens first)."""
    return _corepy.concat(tensors, axis)


concatenate = concat


def stack(tensors, axis=0):
    """Join equally shaped tensors along a new axis."""
    return _corepy.stack(tensors, axis)


def split(x, indices_or_sections, axis=0):
    """Split into views: N equal sections, or at the given indices (Python
    slicing bounds, as NumPy's array_split)."""
    return _corepy.split(x, indices_or_sections, axis)


def sum(x, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):  # noqa: A001 - NumPy's name
    return _as_tensor(x).sum(axis, dtype, out, keepdims, initial, where)


def mean(x, axis=None, dtype=None, out=None, keepdims=False, *, where=None):
    return _as_tensor(x).mean(axis, dtype, out, keepdims, where)


def max(x, axis=None, out=None, keepdims=False, initial=None, where=None):  # noqa: A001
    return _as_tensor(x).max(axis, out, keepdims, initial, where)


def min(x, axis=None, out=None, keepdims=False, initial=None, where=None):  # noqa: A001
    return _as_tensor(x).min(axis, out, keepdims, initial, where)


amax, amin = max, min


def var(x, axis=None, keepdims=False, ddof=0, correction=None):
    return _as_tensor(x).var(axis=axis, keepdims=keepdims, ddof=ddof, correction=correction)


def std(x, axis=None, keepdims=False, ddof=0, correction=None):
    return _as_tensor(x).std(axis=axis, keepdims=keepdims, ddof=ddof, correction=correction)


def any(x, axis=None, keepdims=False):  # noqa: A001
    return _as_tensor(x).any(axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):  # noqa: A001
    return _as_tensor(x).all(axis=axis, keepdims=keepdims)


def prod(x, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    return _as_tensor(x).prod(axis, dtype, out, keepdims, initial, where)


def argmax(x, axis=None, keepdims=False):
    return _corepy.arg_extreme(True, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _corepy.arg_extreme(False, x, axis, keepdims)


def sort(x, axis=-1):
    """A sorted copy (NaN last), along ``axis`` (None: flattened)."""
    return _corepy.along_axis("sort", x, axis)


def argsort(x, axis=-1):
    """Indices that sort ``x`` along ``axis``; ties keep their order (stable)."""
    return _corepy.along_axis("argsort", x, axis)


def cumsum(x, axis=None):
    return _corepy.along_axis("cumsum", x, axis)


def cumprod(x, axis=None):
    return _corepy.along_axis("cumprod", x, axis)


def unique(x):
    """Sorted distinct values of the flattened tensor."""
    return _corepy.unique(x)


def take(x, indices, axis=None):
    return _corepy.take(x, indices, axis)


def nonzero(x):
    """Coordinates of the nonzero elements, one int64 tensor per dimension."""
    return _corepy.nonzero(x)


def roll(x, shift, axis=None):
    """Shift elements along ``axis`` (None: flattened), wrapping around; shift
    and axis may be tuples, broadcasting against each other."""
    return _corepy.roll(x, shift, axis)


def tile(x, reps):
    """Repeat the whole tensor ``reps`` times per dimension (NumPy's tile)."""
    return _corepy.tile(x, reps)


def repeat(x, repeats, axis=None):
    """Repeat each element ``repeats`` times (an int, or one count per element)
    along ``axis`` (None: flattened)."""
    return _corepy.repeat(x, repeats, axis)


result_type = _corepy.result_type
can_cast = _corepy.can_cast


__all__ = sorted(
    set(_ELEMENTWISE) | {
        "round", "positive", "clip", "logical_and", "logical_or", "logical_xor", "where", "matmul", "dot",
        "vecdot", "outer", "tensordot", "matrix_transpose", "transpose", "permute_dims", "moveaxis",
        "expand_dims", "squeeze", "flip", "broadcast_to", "reshape", "astype", "concat", "concatenate",
        "stack", "split", "sum", "mean", "max", "min", "amax", "amin", "var", "std", "any", "all",
        "result_type", "can_cast", "prod", "argmax", "argmin", "sort", "argsort", "cumsum", "cumprod",
        "unique", "take", "nonzero", "roll", "tile", "repeat",
    }
)

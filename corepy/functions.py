"""Module-level operations, NumPy style: ``cp.sum(x, axis=1)`` is
``x.sum(axis=1)``, ``cp.add(a, b)`` is ``a + b``, ``cp.exp(x)`` runs the exp
kernel. Everything forwards to the native module; functions made of other
operations (``clip``, ``outer``, ``tensordot``, ...) only combine those calls.
"""
import builtins

from corepy import _corepy
from corepy._corepy import Tensor

_UNARY = (
    "negative", "absolute", "abs", "sign", "square", "relu", "floor", "ceil", "rint", "trunc", "sqrt",
    "exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "tanh", "sigmoid",
    "invert", "bitwise_not", "bitwise_invert", "isnan", "isinf", "isfinite", "logical_not",
)
_BINARY = (
    "add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "floor_divide",
    "remainder", "mod", "power", "pow", "bitwise_and", "bitwise_or", "bitwise_xor",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
)


def _tensor(name, x):
    if isinstance(x, Tensor):
        return x
    raise TypeError(f"{name}: expected a corepy.Tensor, got {type(x).__name__}")


_ARITHMETIC = {
    "add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "floor_divide",
    "remainder", "mod", "power", "pow", "bitwise_and", "bitwise_or", "bitwise_xor",
}


def _store(name, result, out):
    """Write a computed result into ``out`` (NumPy's ``out=``) and return ``out``."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}: out must be a corepy.Tensor, got {type(out).__name__}")
    if not _corepy.can_cast(result, out.dtype, "same_kind"):
        raise TypeError(f"{name}: cannot cast the result of dtype {result.dtype} to the output's dtype "
                        f"{out.dtype} with casting rule 'same_kind'")
    if out.shape != result.shape:
        # NumPy broadcasts the result into a larger out= (never the reverse).
        try:
            result = result.broadcast_to(out.shape)
        except ValueError:
            raise ValueError(f"{name}: output of shape {out.shape} does not match the result's shape "
                             f"{result.shape}, which cannot broadcast to it") from None
    out[...] = result
    return out


def _make_unary(name):
    def fn(x, out=None):
        result = _corepy.unary(name, x)
        return result if out is None else _store(name, result, out)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise {name}(x), computed by corepy's kernels."
    return fn


def _make_binary(name):
    def fn(a, b, out=None):
        if out is None:
            return _corepy.binary(name, a, b)
        if name in _ARITHMETIC:
            _corepy.binary_out(name, a, b, out)
            return out
        return _store(name, _corepy.binary(name, a, b), out)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise {name}(a, b) with NumPy broadcasting and promotion."
    return fn


for _name in _UNARY:
    globals()[_name] = _make_unary(_name)
for _name in _BINARY:
    globals()[_name] = _make_binary(_name)


def round(x, decimals=0):  # noqa: A001 - NumPy's name
    """Round half to even (NumPy's ``round``); only ``decimals=0`` for now."""
    if decimals != 0:
        raise NotImplementedError("round: decimals other than 0 are not supported yet")
    return _corepy.unary("rint", x)


def positive(x):
    return _tensor("positive", x).copy()


def _named(name):
    """Errors from the ops a composite function is built of carry its name."""
    def wrap(fn):
        def inner(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None
        inner.__name__ = inner.__qualname__ = fn.__name__
        inner.__doc__ = fn.__doc__
        return inner
    return wrap


@_named("clip")
def clip(x, min=None, max=None):  # noqa: A002
    """Limit values to [min, max] (NumPy's ``clip``)."""
    out = x
    if min is not None:
        out = _corepy.binary("maximum", out, min)
    if max is not None:
        out = _corepy.binary("minimum", out, max)
    if out is x:
        return _tensor("clip", x).copy()
    return out


def logical_and(a, b):
    return _corepy.binary("bitwise_and", astype(_as_tensor(a), "bool"), astype(_as_tensor(b), "bool"))


def logical_or(a, b):
    return _corepy.binary("bitwise_or", astype(_as_tensor(a), "bool"), astype(_as_tensor(b), "bool"))


def logical_xor(a, b):
    return _corepy.binary("bitwise_xor", astype(_as_tensor(a), "bool"), astype(_as_tensor(b), "bool"))


def _as_tensor(x):
    return x if isinstance(x, Tensor) else _corepy.tensor(x)


def where(condition, x, y):
    """Elements of ``x`` where ``condition`` is true, else of ``y``."""
    return _corepy.where(condition, x, y)


def matmul(a, b):
    """Matrix product (``a @ b``): 2-D, 1-D vectors and stacks of matrices."""
    return _corepy.binary("matmul", a, b)


def dot(a, b):
    """NumPy's dot for 1-D and 2-D operands (a matmul; scalars multiply)."""
    a, b = _as_tensor(a), _as_tensor(b)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return matmul(a, b)


@_named("vecdot")
def vecdot(a, b, axis=-1):
    """Dot product of vectors along ``axis`` (broadcasting the rest), in the
    operands' common dtype (integers wrap, bool is any-of-and), as NumPy."""
    a, b = _as_tensor(a), _as_tensor(b)
    return (a * b).sum(axis=axis).astype(result_type(a, b))


def outer(a, b):
    """Outer product of two vectors (flattened first, as NumPy)."""
    return reshape(a, (-1, 1)) * reshape(b, (1, -1))


@_named("tensordot")
def tensordot(a, b, axes=2):
    """Sum products over the last ``axes`` axes of a and the first of b (or explicit axis lists)."""
    a, b = _as_tensor(a), _as_tensor(b)
    if isinstance(axes, int):
        axes_a = list(builtins.range(a.ndim - axes, a.ndim))
        axes_b = list(builtins.range(axes))
    else:
        axes_a, axes_b = ([axes[0]] if isinstance(axes[0], int) else list(axes[0]),
                          [axes[1]] if isinstance(axes[1], int) else list(axes[1]))
    axes_a = [ax % a.ndim for ax in axes_a]
    axes_b = [ax % b.ndim for ax in axes_b]
    free_a = [i for i in builtins.range(a.ndim) if i not in axes_a]
    free_b = [i for i in builtins.range(b.ndim) if i not in axes_b]
    shape_a = [a.shape[i] for i in free_a]
    shape_b = [b.shape[i] for i in free_b]
    ka = a.permute_dims(free_a + axes_a).reshape(_prod(shape_a), -1)
    kb = b.permute_dims(axes_b + free_b).reshape(-1, _prod(shape_b))
    return matmul(ka, kb).reshape(tuple(shape_a + shape_b))


def _prod(dims):
    n = 1
    for d in dims:
        n *= d
    return n


def matrix_transpose(x):
    return _tensor("matrix_transpose", x).mT


def transpose(x, axes=None):
    return _tensor("transpose", x).transpose(axes)


def permute_dims(x, axes):
    return _tensor("permute_dims", x).permute_dims(list(axes))


def moveaxis(x, source, destination):
    """Move axes to new positions, keeping the order of the others."""
    x = _tensor("moveaxis", x)
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise ValueError("moveaxis: source and destination must have the same number of elements")
    src = [s % x.ndim if -x.ndim <= s < x.ndim else _bad_axis(s, x.ndim) for s in src]
    dst = [d % x.ndim if -x.ndim <= d < x.ndim else _bad_axis(d, x.ndim) for d in dst]
    order = [i for i in builtins.range(x.ndim) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return x.permute_dims(order)


def _bad_axis(axis, ndim):
    raise IndexError(f"moveaxis: axis {axis} is out of bounds for a tensor of dimension {ndim}")


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
    """Split into views: N equal sections, or at the given indices."""
    x = _tensor("split", x)
    n = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if indices_or_sections <= 0 or n % indices_or_sections:
            raise ValueError("split: array split does not result in an equal division")
        step = n // indices_or_sections
        bounds = [i * step for i in builtins.range(indices_or_sections + 1)]
    else:
        bounds = [0] + list(indices_or_sections) + [n]
    ax = axis % x.ndim
    pre = (slice(None),) * ax
    return [x[pre + (slice(lo, hi),)] for lo, hi in zip(bounds[:-1], bounds[1:])]


def sum(x, axis=None, keepdims=False):  # noqa: A001 - NumPy's name
    return _as_tensor(x).sum(axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return _as_tensor(x).mean(axis=axis, keepdims=keepdims)


def max(x, axis=None, keepdims=False):  # noqa: A001
    return _as_tensor(x).max(axis=axis, keepdims=keepdims)


def min(x, axis=None, keepdims=False):  # noqa: A001
    return _as_tensor(x).min(axis=axis, keepdims=keepdims)


amax, amin = max, min


def var(x, axis=None, keepdims=False, ddof=0, correction=None):
    return _as_tensor(x).var(axis=axis, keepdims=keepdims, ddof=ddof, correction=correction)


def std(x, axis=None, keepdims=False, ddof=0, correction=None):
    return _as_tensor(x).std(axis=axis, keepdims=keepdims, ddof=ddof, correction=correction)


def any(x, axis=None, keepdims=False):  # noqa: A001
    return _as_tensor(x).any(axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):  # noqa: A001
    return _as_tensor(x).all(axis=axis, keepdims=keepdims)


def prod(x, axis=None, keepdims=False):
    return _as_tensor(x).prod(axis=axis, keepdims=keepdims)


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
    """Shift elements along ``axis`` (None: flattened), wrapping around."""
    x = _as_tensor(x)
    if axis is None:
        return roll(x.reshape(-1), shift, 0).reshape(x.shape)
    n = x.shape[axis]
    if n == 0:
        return x.copy()
    k = shift % n
    if k == 0:
        return x.copy()
    ax = axis % x.ndim
    pre = (slice(None),) * ax
    return concat([x[pre + (slice(n - k, None),)], x[pre + (slice(0, n - k),)]], axis=ax)


def tile(x, reps):
    """Repeat the whole tensor ``reps`` times per dimension (NumPy's tile)."""
    x = _as_tensor(x)
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    nd = builtins.max(x.ndim, len(reps))
    reps = (1,) * (nd - len(reps)) + reps
    shape = (1,) * (nd - x.ndim) + x.shape
    # Interleave a repeat axis before each dimension, broadcast, then merge.
    expanded = x.reshape(tuple(d for s in shape for d in (1, s)))
    target = tuple(d for r, s in zip(reps, shape) for d in (r, s))
    return expanded.broadcast_to(target).reshape(tuple(r * s for r, s in zip(reps, shape)))


def repeat(x, repeats, axis=None):
    """Repeat each element ``repeats`` times (an int) along ``axis`` (None: flattened)."""
    x = _as_tensor(x)
    if not isinstance(repeats, int):
        raise NotImplementedError("repeat: only an integer number of repeats is supported yet")
    if repeats < 0:
        raise ValueError("repeat: repeats may not contain negative values")
    if axis is None:
        x, axis = x.reshape(-1), 0
    ax = axis % x.ndim
    expanded = x.expand_dims(ax + 1)
    target = x.shape[: ax + 1] + (repeats,) + x.shape[ax + 1:]
    new_shape = x.shape[:ax] + (x.shape[ax] * repeats,) + x.shape[ax + 1:]
    return expanded.broadcast_to(target).reshape(new_shape)


result_type = _corepy.result_type
can_cast = _corepy.can_cast


__all__ = sorted(
    set(_UNARY) | set(_BINARY) | {
        "round", "positive", "clip", "logical_and", "logical_or", "logical_xor", "where", "matmul", "dot",
        "vecdot", "outer", "tensordot", "matrix_transpose", "transpose", "permute_dims", "moveaxis",
        "expand_dims", "squeeze", "flip", "broadcast_to", "reshape", "astype", "concat", "concatenate",
        "stack", "split", "sum", "mean", "max", "min", "amax", "amin", "var", "std", "any", "all",
        "result_type", "can_cast", "prod", "argmax", "argmin", "sort", "argsort", "cumsum", "cumprod",
        "unique", "take", "nonzero", "roll", "tile", "repeat",
    }
)

"""Tensor creation. Shapes may be given as an int, a tuple, or several ints."""
from corepy import _corepy
from corepy._corepy import Tensor
from corepy.dtypes import _dtype_of


def _shape(shape, more):
    return (shape, *more) if more else shape


def tensor(data, dtype=None, device="cpu"):
    """A new tensor copied from ``data``: a number, nested lists/tuples, a NumPy
    array or any buffer, or another tensor. ``dtype`` defaults to what NumPy
    would infer (bool, int64 or float64; a NumPy array keeps its dtype)."""
    return _corepy.tensor(data, dtype=dtype, device=device)


def asarray(obj, dtype=None, device=None, copy=None):
    """``obj`` as a tensor (NumPy's and the array API's ``asarray``): a tensor
    of the requested dtype is returned as is (unless ``copy=True``); anything
    else is converted as ``tensor()`` converts it. ``copy=False`` refuses
    (ValueError) whenever a new buffer would be needed: today that is every
    input but a tensor of the right dtype, since NumPy arrays and buffers are
    copied in (their zero-copy import is not there yet)."""
    if device not in (None, "cpu"):
        raise ValueError(f"asarray: unsupported device {device!r} (corepy runs on 'cpu')")
    if isinstance(obj, Tensor) and copy is not True and (dtype is None or _dtype_of(dtype) == obj.dtype):
        return obj
    if copy is False:
        wanted = f" as {_dtype_of(dtype)}" if dtype is not None else ""
        raise ValueError(f"asarray: copy=False, but a {type(obj).__name__} of {_describe(obj)} "
                         f"cannot become a corepy tensor{wanted} without a copy")
    if isinstance(obj, Tensor):
        return obj.astype(dtype) if dtype is not None else obj.copy()
    return _corepy.tensor(obj, dtype=dtype, device="cpu")


def array(object, dtype=None, *, copy=True, order="K", ndmin=0):  # noqa: A002 - NumPy's name
    """NumPy's ``array``: a new tensor (``copy=True``, the default), or ``obj``
    itself when ``copy=False``/``None`` allow it (see ``asarray``). corepy
    tensors are C-ordered: ``order`` may be 'K', 'A' or 'C'. ``ndmin``
    prepends size-1 dimensions, as NumPy does."""
    if order not in ("K", "A", "C", None):
        raise ValueError(f"array: order={order!r} is not supported (corepy tensors are C-ordered: use 'C', 'K' or 'A')")
    t = asarray(object, dtype=dtype, copy=copy if copy is not None else None)
    if ndmin > t.ndim:
        t = t.reshape((1,) * (ndmin - t.ndim) + t.shape)
    return t


def ascontiguousarray(a, dtype=None):
    """``a`` as a C-contiguous tensor: ``a`` itself when it already is one of
    the requested dtype, else a contiguous copy."""
    t = asarray(a, dtype=dtype)
    return t if t.is_contiguous() else t.contiguous()


def _describe(obj):
    dt = getattr(obj, "dtype", None)
    return f"dtype {dt}" if dt is not None else "Python values"


def zeros(shape, *more, dtype=None, device="cpu"):
    """A tensor of zeros (float64 unless ``dtype`` says otherwise)."""
    return _corepy.zeros(_shape(shape, more), dtype=dtype, device=device)


def ones(shape, *more, dtype=None, device="cpu"):
    """A tensor of ones (float64 unless ``dtype`` says otherwise)."""
    return _corepy.ones(_shape(shape, more), dtype=dtype, device=device)


def empty(shape, *more, dtype=None, device="cpu"):
    """A tensor with unspecified contents, as NumPy's ``empty``."""
    return _corepy.empty(_shape(shape, more), dtype=dtype, device=device)


def full(shape, fill_value, dtype=None, device="cpu"):
    """A tensor filled with ``fill_value`` (dtype inferred from it by default)."""
    return _corepy.full(shape, fill_value, dtype=dtype, device=device)


def arange(start, stop=None, step=None, dtype=None, device="cpu"):
    """Evenly spaced values in ``[start, stop)``, as NumPy's ``arange``."""
    return _corepy.arange(start, stop, step, dtype=dtype, device=device)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, device="cpu"):
    """``num`` evenly spaced values from ``start`` to ``stop`` (NumPy's
    linspace: float64 arithmetic, integer dtypes take the floor). With
    ``retstep``, a tuple (values, step); the step is NaN when it is undefined."""
    return _corepy.linspace(start, stop, num, endpoint, retstep, dtype, axis, device)


def eye(n, m=None, k=0, dtype=None, device="cpu"):
    """An ``n x m`` matrix with ones on diagonal ``k``."""
    return _corepy.eye(n, m, k, dtype=dtype, device=device)


def rand(shape, *more, dtype=None, seed=None, device="cpu"):
    """Uniform random values in ``[0, 1)``. The same ``seed`` gives the same
    values on every thread count and backend."""
    return _corepy.rand(_shape(shape, more), dtype=dtype, seed=seed, device=device)


def randn(shape, *more, dtype=None, seed=None, device="cpu"):
    """Standard normal random values; reproducible with ``seed``."""
    return _corepy.randn(_shape(shape, more), dtype=dtype, seed=seed, device=device)


def _as_tensor(x):
    """``x`` if it is a tensor, else ``x`` converted as ``tensor(x)`` converts
    it (a number, nested lists, a NumPy array, any buffer): the ``*_like``
    functions take any array-like, as NumPy's do."""
    return x if isinstance(x, _corepy.Tensor) else _corepy.tensor(x)


def zeros_like(x, dtype=None):
    """Zeros with the shape of ``x`` and its dtype unless ``dtype`` is given."""
    x = _as_tensor(x)
    return zeros(x.shape, dtype=x.dtype if dtype is None else dtype)


def ones_like(x, dtype=None):
    """Ones with the shape of ``x`` and its dtype unless ``dtype`` is given."""
    x = _as_tensor(x)
    return ones(x.shape, dtype=x.dtype if dtype is None else dtype)


def empty_like(x, dtype=None):
    """Unspecified contents with the shape of ``x`` and its dtype unless
    ``dtype`` is given."""
    x = _as_tensor(x)
    return empty(x.shape, dtype=x.dtype if dtype is None else dtype)


def full_like(x, fill_value, dtype=None):
    """``fill_value`` with the shape of ``x`` and its dtype unless ``dtype`` is
    given (the value is converted to that dtype, as ``full`` does)."""
    x = _as_tensor(x)
    return full(x.shape, fill_value, dtype=x.dtype if dtype is None else dtype)

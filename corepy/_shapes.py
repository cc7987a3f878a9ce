"""NumPy's shape helpers and a few composite functions: vstack, hstack,
dstack, column_stack, array_split, atleast_1d/2d/3d, ravel, swapaxes,
argwhere, flatnonzero, one- or three-argument where, clip with NumPy's
keywords, ptp, reshape with an order, round with decimals and unique with
its optional outputs. Each function parses its arguments and makes one call
into the native module, which validates and does the work.
"""
from corepy import _corepy

_NO_VALUE = object()  # an argument not given (None is a valid bound for clip)


def vstack(tup, *, dtype=None, casting="same_kind"):
    """Stack tensors in sequence vertically (row wise): 1-D inputs of shape
    (n,) become rows (1, n), then all join along the first axis. The result
    has ``dtype`` if given (each input must cast to it under ``casting``)."""
    return _corepy.stack_kind("vstack", tup, dtype, casting)


def hstack(tup, *, dtype=None, casting="same_kind"):
    """Stack tensors horizontally (column wise): along the first axis for
    1-D inputs, else along the second; ``dtype``/``casting`` as vstack."""
    return _corepy.stack_kind("hstack", tup, dtype, casting)


def dstack(tup):
    """Stack tensors along the third axis (inputs made at least 3-D as
    atleast_3d makes them)."""
    return _corepy.stack_kind("dstack", tup)


def column_stack(tup):
    """Stack 1-D tensors as columns of a 2-D tensor (2-D inputs join as they are)."""
    return _corepy.stack_kind("column_stack", tup)


def array_split(ary, indices_or_sections, axis=0):
    """Split into views: an int N gives N sections, the first ``n % N`` of
    them one element longer; a sequence gives the split indices."""
    return _corepy.array_split(ary, indices_or_sections, axis)


def _one_or_tuple(parts):
    return parts[0] if len(parts) == 1 else tuple(parts)


def atleast_1d(*arys):
    """Each input viewed with at least one dimension (one input: a tensor;
    several: a tuple)."""
    return _one_or_tuple(_corepy.atleast(1, arys))


def atleast_2d(*arys):
    """Each input viewed with at least two dimensions ((n,) becomes (1, n))."""
    return _one_or_tuple(_corepy.atleast(2, arys))


def atleast_3d(*arys):
    """Each input viewed with at least three dimensions ((n,) becomes
    (1, n, 1), (m, n) becomes (m, n, 1))."""
    return _one_or_tuple(_corepy.atleast(3, arys))


def ravel(a, order="C"):
    """The elements as 1-D in ``order`` ('C', 'F', 'A' or 'K'): a view when
    the layout allows it, else a copy."""
    return _corepy.ravel(a, order)


def swapaxes(a, axis1, axis2):
    """A view with two axes exchanged."""
    return _corepy.swapaxes(a, axis1, axis2)


def argwhere(a):
    """Coordinates of the nonzero elements as a (count, ndim) int64 tensor."""
    return _corepy.argwhere(a)


def flatnonzero(a):
    """Positions of the nonzero elements in the flattened tensor."""
    return _corepy.flatnonzero(a)


def where(condition, x=_NO_VALUE, y=_NO_VALUE):
    """``where(condition, x, y)``: elements of ``x`` where ``condition`` is
    true, else of ``y``. ``where(condition)`` is ``nonzero(condition)``."""
    if x is _NO_VALUE and y is _NO_VALUE:
        return _corepy.nonzero(condition)
    if x is _NO_VALUE or y is _NO_VALUE:
        raise ValueError("where: either both or neither of x and y should be given")
    return _corepy.where(condition, x, y)


def clip(a, a_min=_NO_VALUE, a_max=_NO_VALUE, *, min=_NO_VALUE, max=_NO_VALUE):  # noqa: A002
    """Limit values to [a_min, a_max] (NumPy's clip: maximum with the lower
    bound, then minimum with the upper; NaN propagates; bounds take part in
    promotion). The bounds may also be given as ``min=`` and ``max=``; a
    missing one is None (no bound)."""
    if min is not _NO_VALUE or max is not _NO_VALUE:
        if a_min is not _NO_VALUE or a_max is not _NO_VALUE:
            raise ValueError("clip: passing `min` or `max` keyword argument when `a_min` and `a_max` are provided is forbidden")
        a_min, a_max = min, max
    lo = None if a_min is _NO_VALUE else a_min
    hi = None if a_max is _NO_VALUE else a_max
    return _corepy.clip(a, lo, hi)


def ptp(a, axis=None, keepdims=False):
    """Range of values (maximum - minimum) over ``axis`` (None: all), in the
    input dtype (integers wrap, as NumPy)."""
    return _corepy.ptp(a, axis, keepdims)


def reshape(a, shape, order="C"):
    """A new shape (one entry may be -1); ``order='F'`` reads and fills the
    first axis fastest, ``'A'`` is 'F' for Fortran-only-contiguous input.
    A view when the layout allows it, else a copy."""
    return _corepy.reshape_order(a, shape, order)


def round(a, decimals=0):  # noqa: A001 - NumPy's name
    """Round to ``decimals`` places (negative: to tens, hundreds...), halves
    to even after scaling by 10**decimals, as NumPy."""
    return _corepy.round_decimals(a, decimals)



def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True):
    """Sorted distinct values (or, with ``axis``, distinct slices in
    lexicographic order), and on request the first index of each, the
    inverse (input shape for axis=None, as NumPy 2) and the counts."""
    return _corepy.unique_all(ar, return_index, return_inverse, return_counts, axis, equal_nan)


__all__ = [
    "vstack", "hstack", "dstack", "column_stack", "array_split", "atleast_1d", "atleast_2d", "atleast_3d",
    "ravel", "swapaxes", "argwhere", "flatnonzero", "where", "clip", "ptp", "reshape", "round",
    "unique",
]

"""Printing tensors: ``repr``/``str`` as NumPy prints arrays, and the print options.

This module only keeps the options; the runtime (rust/corepy-runtime/src/
format.rs) reads the elements, formats them and lays out the text, in one
call per ``repr``/``str``.

The text is NumPy 2's for the same data and options (``floatmode='maxprec'``,
``sign='-'``), with ``tensor(`` in place of ``array(``; continuation lines are
indented to the width of ``tensor(``, so rows wrap as NumPy wraps them for a
prefix of that width (``repr(a.view(tensor_subclass))``)::

    >>> import corepy as cp
    >>> cp.tensor([[1.5, 2.0], [-3.0, 4.25]], dtype="f32")
    tensor([[ 1.5 ,  2.  ],
            [-3.  ,  4.25]], dtype=float32)
    >>> print(cp.tensor([1e-5, 1.0]))
    [1.e-05 1.e+00]

The rules:

* Summarising: a tensor with more than ``threshold`` elements (default 1000)
  shows ``edgeitems`` (default 3) leading and trailing entries of each axis
  longer than ``2 * edgeitems``, with ``...`` between them, and its repr
  names the shape (``shape=(2000,)``), as NumPy >= 2.2 does.
* One format per tensor, chosen over the shown elements: integers
  right-aligned to a common width; bools as ``' True'``/``'False'``; floats
  with their shortest round-trip digits in their own type (float32 values
  print float32 digits), at most ``precision`` (default 8) after the point,
  padded so every element has one width (``[1.5, 2. ]``). Floats switch to
  scientific notation when the largest magnitude is at least 1e8 (1e6 for
  float32), or, unless ``suppress``, when the smallest non-zero magnitude is
  below 1e-4 or the largest is more than 1000 times the smallest.
  ``nan``/``inf`` are aligned to the same width; ``-0.`` keeps its sign.
* Rows wrap at ``linewidth`` (default 75) characters; dimensions of 3 and
  more are separated by blank lines (one per level below the last two).
* repr suffix: ``dtype=...`` unless the dtype is float64, int64 or bool
  (the ones Python literals give), and always for empty tensors, which also
  name their shape unless it is ``(0,)``; the suffix moves to its own line
  when it would overflow the last one.
* ``str`` separates elements by spaces (``[1. 2.]``) and prints a 0-d tensor
  as its scalar: ``3.5``, ``True``, shortest digits, scientific below 1e-4
  and from 1e16 (float32: from 1e6) on (``1e+16``).

Options are set with :func:`set_printoptions` (or temporarily with
:func:`printoptions`) and read with :func:`get_printoptions`. They live in a
context variable, as in NumPy 2: a ``with printoptions(...)`` block in one
thread or task does not change another's, and a new thread starts with the
defaults. Unlike NumPy, a negative ``precision`` or
``edgeitems`` is refused when set (NumPy fails at the next print or prints
oddly), and only these five options exist.
"""
import contextlib
import contextvars
import math
import numbers
import operator
import sys

from corepy import _corepy

__all__ = ["get_printoptions", "printoptions", "set_printoptions"]

_DEFAULTS = {"edgeitems": 3, "threshold": 1000, "linewidth": 75, "precision": 8, "suppress": False}
_I64_MAX = 2**63 - 1
_options = contextvars.ContextVar("corepy_printoptions", default=_DEFAULTS)


def _index(name, value):
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}") from None


def _non_negative(name, value):
    value = _index(name, value)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def _checked(precision, threshold, edgeitems, linewidth, suppress):
    new = dict(_options.get())
    if precision is not None:
        new["precision"] = _non_negative("precision", precision)
    if threshold is not None:
        if not isinstance(threshold, numbers.Number):
            raise TypeError(f"threshold must be numeric, got {type(threshold).__name__}")
        if threshold != threshold:
            raise ValueError("threshold must be non-NAN, try sys.maxsize for untruncated representation")
        new["threshold"] = threshold
    if edgeitems is not None:
        new["edgeitems"] = _non_negative("edgeitems", edgeitems)
    if linewidth is not None:
        new["linewidth"] = _index("linewidth", linewidth)
    if suppress is not None:
        new["suppress"] = bool(suppress)
    return new


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None):
    """Set how tensors print (NumPy's ``set_printoptions``; None keeps an option).

    precision: digits after the decimal point (at most; default 8).
    threshold: tensors with more elements are summarised (default 1000;
        ``sys.maxsize`` never summarises).
    edgeitems: entries kept at each end of a summarised axis (default 3).
    linewidth: characters per line (default 75).
    suppress: if true, small values print in fixed-point notation (as
        zeros below the precision) instead of switching to scientific.
    """
    _options.set(_checked(precision, threshold, edgeitems, linewidth, suppress))


def get_printoptions():
    """The current print options as a new dict (precision, threshold,
    edgeitems, linewidth, suppress)."""
    return dict(_options.get())


@contextlib.contextmanager
def printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None):
    """Print options for the duration of a ``with`` block; yields them."""
    token = _options.set(_checked(precision, threshold, edgeitems, linewidth, suppress))
    try:
        yield get_printoptions()
    finally:
        _options.reset(token)


def _clamp_i64(x):
    return max(-_I64_MAX - 1, min(_I64_MAX, x))


def _native_options():
    o = _options.get()
    threshold = o["threshold"]
    if not isinstance(threshold, numbers.Integral):
        threshold = float(threshold)
        threshold = sys.maxsize if threshold == math.inf else -1 if threshold == -math.inf else math.floor(threshold)
    precision, edgeitems = min(o["precision"], sys.maxsize), min(o["edgeitems"], sys.maxsize)
    return precision, _clamp_i64(int(threshold)), edgeitems, _clamp_i64(o["linewidth"]), o["suppress"]


def tensor_repr(t):
    return _corepy.format_tensor(t, "tensor", *_native_options())


def tensor_str(t):
    return _corepy.format_tensor(t, None, *_native_options())

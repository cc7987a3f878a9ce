"""Closeness and equality (``isclose``, ``allclose``, ``array_equal``,
``array_equiv``), diagonals and triangles (``diagonal``, ``diag``, ``trace``,
``identity``, ``tri``, ``tril``, ``triu``) and ``pad``, with NumPy's names and
signatures. Each function is one call into the native module; this file only
parses arguments.
"""
from corepy import _corepy


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise ``|a - b| <= atol + rtol * |b|`` (``b`` finite) or ``a == b``;
    NaN equals NaN only with ``equal_nan`` (NumPy's isclose, bool tensor)."""
    return _corepy.isclose(a, b, rtol, atol, equal_nan)


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element of ``isclose(a, b, ...)`` is (a Python bool)."""
    return _corepy.allclose(a, b, rtol, atol, equal_nan)


def array_equal(a1, a2, equal_nan=False):
    """True when the shapes are equal and so is every element (NaN equal to
    NaN with ``equal_nan``); different shapes give False."""
    return _corepy.array_equal(a1, a2, equal_nan)


def array_equiv(a1, a2):
    """True when the shapes broadcast together and every element is equal."""
    return _corepy.array_equiv(a1, a2)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal ``offset`` of the planes of ``axis1`` and ``axis2`` as a view,
    those axes removed and the diagonal last (NumPy's view is read-only; this
    one writes through)."""
    return _corepy.diagonal(a, offset, axis1, axis2)


def diag(v, k=0):
    """A 1-D ``v`` on diagonal ``k`` of a square matrix, or the diagonal ``k``
    of a 2-D ``v`` (a view)."""
    return _corepy.diag(v, k)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along the diagonal (``dtype``: the sum's dtype, as NumPy's)."""
    if out is not None:
        raise NotImplementedError("trace: out= is not supported yet")
    return _corepy.trace(a, offset, axis1, axis2, dtype)


def identity(n, dtype=None):
    """The ``n`` x ``n`` identity matrix (float64 by default)."""
    return _corepy.identity(n, dtype)


def tri(N, M=None, k=0, dtype=float):
    """Ones at and below diagonal ``k`` of an ``N`` x ``M`` matrix, zeros above."""
    return _corepy.tri(N, M, k, dtype)


def tril(m, k=0):
    """The lower triangle (``j <= i + k``) of the last two axes, zeros above."""
    return _corepy.triangle(True, m, k)


def triu(m, k=0):
    """The upper triangle (``j >= i + k``) of the last two axes, zeros below."""
    return _corepy.triangle(False, m, k)


_PAD_KEYWORDS = {
    "constant": ("constant_values",), "edge": (), "wrap": (),
    "reflect": ("reflect_type",), "symmetric": ("reflect_type",),
}


def pad(array, pad_width, mode="constant", **kwargs):
    """Pad with ``mode`` 'constant' (``constant_values``), 'edge', 'reflect',
    'symmetric' or 'wrap' (``reflect_type`` 'even' or 'odd'); ``pad_width`` and
    ``constant_values`` take NumPy's forms (one value, one (before, after)
    pair, or a pair per axis)."""
    if callable(mode):
        raise NotImplementedError("pad: a function as mode is not supported yet")
    unsupported = set(kwargs) - set(_PAD_KEYWORDS.get(mode, kwargs))
    if unsupported:
        raise ValueError(f"pad: unsupported keyword arguments for mode '{mode}': {sorted(unsupported)}")
    return _corepy.pad(array, pad_width, mode, kwargs.get("constant_values"), kwargs.get("reflect_type", "even"))


__all__ = [
    "isclose", "allclose", "array_equal", "array_equiv", "diagonal", "diag", "trace", "identity", "tri",
    "tril", "triu", "pad",
]

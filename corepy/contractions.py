"""Einstein summation (NumPy's ``einsum`` and ``einsum_path``). The native
module parses the subscripts, plans the pairwise contractions and runs them
as matrix products; nothing is computed here.
"""
from corepy import _corepy


def einsum(subscripts, *operands, optimize=False):
    """Sum of products over the indices the subscripts name, NumPy style.

    ``cp.einsum("ij,jk->ik", a, b)`` is ``a @ b``; ``"ii"`` is the trace,
    ``"ii->i"`` the diagonal, ``"...ij,...jk"`` a broadcast batched product.
    Without ``->`` the output holds the ``...`` dimensions, then the letters
    used once, in alphabetical order. The interleaved form
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])`` is accepted too.

    Operands are contracted pairwise, each pair as one (batched) matrix
    product: ``optimize=False`` goes left to right, ``True``/``"greedy"``/
    ``"optimal"`` picks the cheapest pair first (greedy). The result dtype is
    the operands' common dtype; the result is always a new tensor.
    """
    return _corepy.einsum(subscripts, operands, optimize)


def einsum_path(subscripts, *operands, optimize="greedy"):
    """The contraction order ``einsum`` follows: ``(["einsum_path", (i, j),
    ...], description)``, each pair the positions in the current operand
    list (the product is appended to its end), as NumPy's paths."""
    return _corepy.einsum_path(subscripts, operands, optimize)


__all__ = ["einsum", "einsum_path"]

"""cp.einsum and cp.einsum_path against np.einsum.

Float results: within (terms + 2) * 8 * eps(dtype) * einsum(|operands|) of
the sum computed in long double, where `terms` is the number of products
each output element sums (pairwise contraction and NumPy's single pass add
in different orders). Integer results: exact, wrapping like NumPy's (sums
modulo 2**bits do not depend on the order). Bool results: exact (or of ands).
Shape and dtype always equal NumPy's.
"""
import string

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import as_numpy, assert_same, examples, operands, random_array, seeds, tensor_of

DTYPES = ["float32", "float64", "int64"]
OPTIMIZE = [False, True]


def reference(subscripts, arrays):
    """NumPy's result, and for floats the long double sum and the bound of
    the rounding error from the |operands| sum."""
    expected = np.einsum(subscripts, *arrays)
    if expected.dtype.kind != "f":
        return expected, None, None
    wide = [np.asarray(a, dtype=np.longdouble) for a in arrays]
    exact = np.einsum(subscripts, *wide)
    scale = np.einsum(subscripts, *[np.abs(w) for w in wide])
    return expected, exact, scale


def check(subscripts, arrays, tensors, *, optimize=False, terms=None, context=""):
    got = cp.einsum(subscripts, *tensors, optimize=optimize)
    expected, exact, scale = reference(subscripts, arrays)
    ctx = f"{context} einsum({subscripts!r}, shapes {[np.shape(a) for a in arrays]}, optimize={optimize})"
    assert isinstance(got, cp.Tensor), ctx
    assert got.shape == expected.shape, f"{ctx}: shape {got.shape} != NumPy's {expected.shape}"
    assert got.dtype.name == expected.dtype.name, f"{ctx}: dtype {got.dtype.name} != NumPy's {expected.dtype.name}"
    g = as_numpy(got)
    if exact is None:
        np.testing.assert_array_equal(g, expected, err_msg=ctx, strict=True)
        return got
    if terms is None:
        terms = terms_of(subscripts, arrays)
    eps = np.finfo(expected.dtype).eps
    bound = (terms + 2) * 8 * eps * scale + np.finfo(expected.dtype).tiny
    err = np.abs(g.astype(np.longdouble) - exact)
    bad = ~(err <= bound)
    assert not bad.any(), f"{ctx}: {int(bad.sum())} elements off; first got {g[bad][0]!r}, exact {exact[bad][0]!r}"
    return got


def floats(dtype, shape, seed):
    return (np.random.default_rng(seed).standard_normal(shape) * 3).astype(dtype)


def values(dtype, shape, seed):
    """Floats of moderate size, or small integers (so mixed-dtype products stay exact)."""
    kind = np.dtype(dtype).kind
    if kind == "f":
        return floats(dtype, shape, seed)
    if kind == "b":
        return random_array(dtype, shape, seed)
    lo = 0 if kind == "u" else -50
    return np.random.default_rng(seed).integers(lo, 50, size=shape).astype(dtype)


def terms_of(subscripts, arrays):
    """Products per output element: the size of the summed index space."""
    lhs, arrow, rhs = subscripts.replace(" ", "").partition("->")
    sizes = {}
    for term, a in zip(lhs.split(","), arrays):
        shape = np.shape(a)
        head, _, tail = term.partition("...")
        dims = list(zip(head, shape)) + list(zip(tail, shape[len(shape) - len(tail):] if tail else ()))
        for c, d in dims:
            sizes[c] = max(sizes.get(c, 1), d)
    if not arrow:
        rhs = "".join(c for c in sizes if lhs.count(c) == 1)
    return max(1, int(np.prod([d for c, d in sizes.items() if c not in rhs] + [1])))


# --------------------------------------------------------------------------
# The classic forms
# --------------------------------------------------------------------------

CLASSIC = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),  # matmul
    ("ij,jk", [(3, 4), (4, 5)]),  # the same, implicit
    ("ij,kj->ik", [(3, 4), (5, 4)]),  # a @ b.T
    ("ji,jk->ik", [(4, 3), (4, 5)]),  # a.T @ b
    ("ij,jk->ki", [(3, 4), (4, 5)]),  # (a @ b).T
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),  # batched matmul
    ("bij,bkj->bki", [(2, 3, 4), (2, 5, 4)]),
    ("ibj,jbk->bik", [(3, 2, 4), (4, 2, 5)]),  # batch label not leading
    ("i,j->ij", [(3,), (4,)]),  # outer
    ("i,j", [(3,), (4,)]),
    ("ij,kl->ijkl", [(2, 3), (4, 2)]),
    ("ii", [(4, 4)]),  # trace
    ("ii->", [(4, 4)]),
    ("ii->i", [(4, 4)]),  # diagonal
    ("iij->ij", [(3, 3, 2)]),
    ("iji->j", [(3, 2, 3)]),
    ("iii->i", [(3, 3, 3)]),
    ("ij->ji", [(3, 4)]),  # transpose
    ("ijk->kji", [(2, 3, 4)]),
    ("ba", [(3, 4)]),  # implicit: alphabetical output
    ("ij->", [(3, 4)]),  # sum
    ("ij->j", [(3, 4)]),
    ("ij->i", [(3, 4)]),
    ("ijk->j", [(2, 3, 4)]),
    ("i,i->", [(5,)] * 2),  # dot
    ("i,i", [(5,)] * 2),
    ("bi,bi->b", [(6, 5)] * 2),  # batched dot products
    ("bij,bji->b", [(3, 4, 5), (3, 5, 4)]),
    ("i,i->i", [(5,)] * 2),  # elementwise product
    ("ij,ij->ij", [(3, 4)] * 2),
    ("ij,ij->", [(3, 4)] * 2),
    ("ij,j->i", [(3, 4), (4,)]),  # matrix-vector
    ("j,ij->i", [(4,), (3, 4)]),
    ("ij,j->ij", [(3, 4), (4,)]),  # broadcast product
    ("i,ij,j->", [(3,), (3, 4), (4,)]),  # bilinear form
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),  # chain
    ("ij,jk,k->i", [(2, 3), (3, 4), (4,)]),
    ("ijk,jkl->il", [(2, 3, 4), (3, 4, 5)]),  # tensordot
    ("ii,ij->j", [(3, 3), (3, 4)]),  # a diagonal inside a product
    ("ij,ij,ij->i", [(2, 3)] * 3),
    ("ab,cd,bc->ad", [(2, 3), (4, 5), (3, 4)]),
    ("Ab,bA->", [(2, 3), (3, 2)]),  # upper case letters
    ("i,j,k->kji", [(2,), (3,), (4,)]),
    ("ij,ji->", [(3, 4), (4, 3)]),
]


@pytest.mark.parametrize("optimize", OPTIMIZE)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("subscripts,shapes", CLASSIC, ids=[s for s, _ in CLASSIC])
def test_classic_forms(subscripts, shapes, dtype, optimize):
    arrays = [values(dtype, s, k) for k, s in enumerate(shapes)]
    check(subscripts, arrays, [tensor_of(a) for a in arrays], optimize=optimize)


ELLIPSIS = [
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),  # broadcast batches
    ("...ij,...jk", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,jk->...ik", [(2, 3, 4), (4, 5)]),
    ("ij...,jk...->ik...", [(3, 4, 2), (4, 5, 2)]),
    ("...i->...", [(2, 3, 4)]),
    ("i...->...", [(2, 3, 4)]),
    ("...ii->...i", [(2, 3, 3)]),
    ("i...i", [(3, 2, 3)]),
    ("...,...", [(2, 3), (3,)]),
    ("...", [(2, 3)]),
    ("...->...", [(2, 3)]),
    ("a...,...->...a", [(2, 3, 4), (1, 4)]),
    ("...ij->ij", [(3, 4)]),  # '...' of no dimensions
    ("ij->i...", [(3, 4)]),
    ("...i,...i->...", [(2, 1, 3), (4, 3)]),
    ("i...,i...", [(3,), (3, 2)]),
]


@pytest.mark.parametrize("optimize", OPTIMIZE)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("subscripts,shapes", ELLIPSIS, ids=[s for s, _ in ELLIPSIS])
def test_ellipsis(subscripts, shapes, dtype, optimize):
    arrays = [values(dtype, s, 10 + k) for k, s in enumerate(shapes)]
    check(subscripts, arrays, [tensor_of(a) for a in arrays], optimize=optimize)


ZERO_D_AND_EMPTY = [
    ("", [()]),
    ("->", [()]),
    (",->", [(), ()]),
    (",", [(), ()]),
    ("i,->i", [(3,), ()]),
    (",ij->ij", [(), (2, 3)]),
    (",ij->", [(), (2, 3)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]),  # empty sum: zeros
    ("ij,jk->ik", [(0, 3), (3, 4)]),
    ("ij,jk->ik", [(2, 3), (3, 0)]),
    ("bij,bjk->bik", [(0, 2, 3), (0, 3, 4)]),
    ("bij,bjk->bik", [(2, 2, 0), (2, 0, 4)]),
    ("ii->i", [(0, 0)]),
    ("ii", [(0, 0)]),
    ("i->", [(0,)]),
    ("i,i->", [(0,), (0,)]),
    ("i,j->ij", [(0,), (3,)]),
    ("ij->", [(3, 0)]),
    ("...i,...i->...", [(0, 3), (0, 3)]),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("subscripts,shapes", ZERO_D_AND_EMPTY, ids=[f"{s or 'empty'}-{sh}" for s, sh in ZERO_D_AND_EMPTY])
def test_zero_d_and_empty(subscripts, shapes, dtype):
    arrays = [values(dtype, s, 20 + k) for k, s in enumerate(shapes)]
    check(subscripts, arrays, [tensor_of(a) for a in arrays])


def test_size_one_dimensions_broadcast():
    # NumPy broadcasts a dimension of size 1 against the other operands' size
    # for the same letter.
    cases = [("ij,jk->ik", [(2, 1), (4, 5)]), ("i,i->i", [(3,), (1,)]), ("ij,ij->", [(1, 3), (4, 1)]),
             ("ij,jk", [(3, 4), (1, 5)])]
    for subscripts, shapes in cases:
        arrays = [floats("float64", s, k) for k, s in enumerate(shapes)]
        check(subscripts, arrays, [tensor_of(a) for a in arrays])


# --------------------------------------------------------------------------
# dtypes
# --------------------------------------------------------------------------

@pytest.mark.parametrize("subscripts,shapes", [("ij,jk->ik", [(3, 4), (4, 5)]), ("i->", [(50,)]), ("ii->", [(6, 6)]),
                                               ("i,i->i", [(7,), (7,)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 3)]),
                                               ("bi,bi->b", [(7, 3)] * 2), ("bi,bi->b", [(7, 40)] * 2)])
@pytest.mark.parametrize("dtype", ["bool", "int8", "int16", "int32", "uint8"])
def test_narrow_dtypes_wrap_like_numpy(subscripts, shapes, dtype):
    arrays = [random_array(dtype, s, 30 + k, specials=False) for k, s in enumerate(shapes)]
    check(subscripts, arrays, [tensor_of(a) for a in arrays])


@pytest.mark.parametrize("a_dt,b_dt", [("int8", "uint8"), ("int64", "float32"), ("float32", "float64"), ("bool", "int16"),
                                       ("uint8", "float32"), ("bool", "float32")])
def test_mixed_dtypes_promote(a_dt, b_dt):
    a, b, c = values(a_dt, (3, 4), 1), values(b_dt, (4, 2), 2), values(b_dt, (3, 4), 3)
    check("ij,jk->ik", [a, b], [tensor_of(a), tensor_of(b)])
    check("ij,ij->ij", [a, c], [tensor_of(a), tensor_of(c)])
    check("ij,ij->", [a, c], [tensor_of(a), tensor_of(c)])


def test_python_scalars_and_array_likes():
    a = floats("float32", (3,), 0)
    # NumPy 2 makes a 0-d float64 array of a Python float (not a weak scalar).
    check("i,->i", [a, 2.5], [tensor_of(a), 2.5])
    check("i,i->", [[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]])
    check("", [7], [7])


def test_nan_and_inf_propagate():
    a = floats("float64", (3, 4), 0)
    a[1, 2] = np.nan
    a[0, 0] = np.inf
    b = floats("float64", (4, 2), 1)
    for s, ops in [("ij,jk->ik", [a, b]), ("ij->i", [a]), ("ij,ij->ij", [a, a])]:
        got = as_numpy(cp.einsum(s, *[tensor_of(o) for o in ops]))
        exp = np.einsum(s, *ops)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(exp))
        np.testing.assert_array_equal(np.isinf(got), np.isinf(exp))


# --------------------------------------------------------------------------
# Random subscripts
# --------------------------------------------------------------------------

LETTERS = "abcdefAB"


@st.composite
def einsum_problems(draw, max_operands=4, ones=True):
    """A valid subscripts string, operand shapes and the index-space size:
    letters shared between operands, repeated letters (diagonals), '...'
    broadcast dimensions, size-1 dimensions that broadcast, 0-d operands,
    implicit or explicit output."""
    ones_ok = ones
    letters = draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=6, unique=True))
    sizes = {c: draw(st.integers(1, 4)) for c in letters}
    nb = draw(st.integers(0, 2))
    bsizes = [draw(st.integers(1, 3)) for _ in range(nb)]
    n_ops = draw(st.integers(1, max_operands))
    terms, shapes = [], []
    used_ellipsis = False
    for _ in range(n_ops):
        labels = draw(st.lists(st.sampled_from(letters), min_size=0, max_size=4))
        shape = []
        ones = {c for c in set(labels) if ones_ok and draw(st.integers(0, 9)) == 0}  # this operand's size-1 letters
        for c in labels:
            shape.append(1 if c in ones else sizes[c])
        term = "".join(labels)
        if nb and draw(st.booleans()):
            used_ellipsis = True
            e = draw(st.integers(0, nb))
            pos = draw(st.integers(0, len(labels)))
            bdims = [1 if ones_ok and draw(st.integers(0, 5)) == 0 else d for d in bsizes[nb - e:]]
            term = term[:pos] + "..." + term[pos:]
            shape = shape[:pos] + bdims + shape[pos:]
        terms.append(term)
        shapes.append(tuple(shape))
    present = sorted({c for t in terms for c in t if c != "."})
    space = int(np.prod([sizes[c] for c in present] + [1]))
    if draw(st.booleans()):
        subscripts = ",".join(terms)
        out_letters = [c for c in present if sum(t.count(c) for t in terms) == 1]
    else:
        out_letters = draw(st.permutations(present))[: draw(st.integers(0, len(present)))]
        out = "".join(out_letters)
        if used_ellipsis:
            pos = draw(st.integers(0, len(out)))
            out = out[:pos] + "..." + out[pos:]
        subscripts = ",".join(terms) + "->" + out
    terms_per_output = max(1, space // int(np.prod([sizes[c] for c in out_letters] + [1])))
    return subscripts, shapes, terms_per_output


@given(problem=einsum_problems(), dtype=st.sampled_from(DTYPES), optimize=st.sampled_from(OPTIMIZE), data=st.data())
@examples(1.5)
def test_random_subscripts_match_numpy(problem, dtype, optimize, data):
    subscripts, shapes, terms = problem
    elems = st.integers(-50, 50) if dtype == "int64" else st.floats(-4, 4, width=32 if dtype == "float32" else 64)
    ops = [data.draw(operands(dtype, s, elems=elems), label=f"operand {k}") for k, s in enumerate(shapes)]
    check(subscripts, [o.a for o in ops], [o.t for o in ops], optimize=optimize, terms=terms,
          context=str([o.desc for o in ops]))


@given(problem=einsum_problems(ones=False), seed=seeds)
@examples(0.5)
def test_path_is_a_valid_numpy_path(problem, seed):
    # NumPy follows the path einsum_path gives (the same list convention).
    subscripts, shapes, terms = problem
    arrays = [floats("float64", s, seed + k) for k, s in enumerate(shapes)]
    path, text = cp.einsum_path(subscripts, *[tensor_of(a) for a in arrays])
    assert path[0] == "einsum_path" and isinstance(text, str) and "Complete contraction" in text
    n = len(shapes)
    for step in path[1:]:
        assert isinstance(step, tuple) and all(0 <= i < n for i in step), path
        n -= len(step) - 1
    assert n == 1, path
    np.testing.assert_allclose(np.einsum(subscripts, *arrays, optimize=path), np.einsum(subscripts, *arrays),
                               rtol=1e-9, atol=1e-9 * terms)
    # ... and einsum follows the paths NumPy plans (entries of one, two or more operands).
    tensors = [tensor_of(a) for a in arrays]
    for how in ("greedy", "optimal", False):
        np_path = np.einsum_path(subscripts, *arrays, optimize=how)[0]
        assert cp.einsum_path(subscripts, *tensors, optimize=np_path)[0][0] == "einsum_path"
        check(subscripts, arrays, tensors, optimize=np_path, terms=terms, context=f"NumPy's {how} path {np_path}")


def test_given_paths():
    arrays = [floats("float64", s, k) for k, s in enumerate([(2, 3), (3, 4), (4,), (2,)])]
    tensors = [tensor_of(a) for a in arrays]
    s = "ij,jk,k,i->"
    for path in (["einsum_path", (0, 1, 2, 3)], ["einsum_path", (2, 1), (0, 2), (0, 1)], ("einsum_path", (3,), (0, 3), (0, 1), (0, 1)),
                 ["einsum_path", [1, 2], [0, 1, 2]]):
        check(s, arrays, tensors, optimize=path, context=str(path))
        assert cp.einsum_path(s, *tensors, optimize=path)[0][0] == "einsum_path"
    for path, match in [(["einsum_path", (0, 5)], "invalid contraction path entry"), (["einsum_path", (0, 0)], "invalid contraction path entry"),
                        (["einsum_path", ()], "invalid contraction path entry"), (["einsum_path", (0, 1)], "leaves 3 operands"),
                        (["einsum_path"], "leaves 4 operands")]:
        with pytest.raises(ValueError, match=match):
            cp.einsum(s, *tensors, optimize=path)
    with pytest.raises(ValueError, match="non-negative"):
        cp.einsum(s, *tensors, optimize=["einsum_path", (0, -1)])
    with pytest.raises(TypeError, match="optimize"):
        cp.einsum(s, *tensors, optimize=[(0, 1)])
    with pytest.raises(TypeError):
        cp.einsum(s, *tensors, optimize=["einsum_path", ("a", 1)])


def test_greedy_path_contracts_the_cheap_pair_first():
    a, b, c = cp.ones((20, 30)), cp.ones((30, 40)), cp.ones((40,))
    path, text = cp.einsum_path("ij,jk,k->i", a, b, c)
    assert path == ["einsum_path", (1, 2), (0, 1)]
    assert np.einsum_path("ij,jk,k->i", np.ones((20, 30)), np.ones((30, 40)), np.ones(40))[0] == path
    assert "matmul" in text
    path, _ = cp.einsum_path("ij,jk,k->i", a, b, c, optimize=False)
    assert path == ["einsum_path", (0, 1), (0, 1)]
    assert cp.einsum_path("ij->ji", a)[0] == ["einsum_path", (0,)]


# --------------------------------------------------------------------------
# Non-contiguous operands, bigger products
# --------------------------------------------------------------------------

def test_non_contiguous_operands():
    base = floats("float64", (9, 12), 3)
    views = [(base[::2, ::3], "ij"), (base.T[::-3, 1::2], "jk"), (np.flip(base, 0)[:4, :4], "kl")]
    arrays = [v for v, _ in views]
    tensors = [tensor_of(base)[::2, ::3], tensor_of(base).T[::-3, 1::2], tensor_of(base).flip(0)[:4, :4]]
    for t, a in zip(tensors, arrays):
        assert t.shape == a.shape
    check("ij,jk->ik", arrays[:2], tensors[:2])
    check("ij,jk->ki", arrays[:2], tensors[:2])
    check("ii->i", [arrays[2]], [tensors[2]])
    check("ii", [arrays[2]], [tensors[2]])
    check("ij->ji", [arrays[1]], [tensors[1]])
    b3 = floats("float32", (4, 6, 10), 4)
    t3 = tensor_of(b3)
    check("bij,bjk->bik", [b3[:, ::2, 1::2], b3.transpose(0, 2, 1)[:, ::2, :3]], [t3[:, ::2, 1::2], t3.permute_dims([0, 2, 1])[:, ::2, :3]])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_batched_matmul_beyond_the_parallel_threshold(dtype):
    a, b = floats(dtype, (4, 96, 160), 5), floats(dtype, (4, 160, 80), 6)
    check("bij,bjk->bik", [a, b], [tensor_of(a), tensor_of(b)])
    check("bij,bkj->bik", [a, b.transpose(0, 2, 1)], [tensor_of(a), tensor_of(b).permute_dims([0, 2, 1])])


# --------------------------------------------------------------------------
# Results and calling forms
# --------------------------------------------------------------------------

def test_result_is_a_new_tensor():
    # Deliberately unlike NumPy, which returns a view for 'ii->i' and 'ij->ji'.
    a = floats("float64", (3, 3), 0)
    t = tensor_of(a)
    for s in ("ii->i", "ij->ji", "ij->ij", "...", "ij"):
        r = cp.einsum(s, t)
        r[...] = 0.0
        assert_same(t, a, context=s)


def test_interleaved_form():
    a, b = floats("float64", (3, 4), 0), floats("float64", (4, 5), 1)
    ta, tb = tensor_of(a), tensor_of(b)
    for args_np, args_cp in [
        ((a, [0, 1], b, [1, 2], [0, 2]), (ta, [0, 1], tb, [1, 2], [0, 2])),
        ((a, [0, 1], b, [1, 2]), (ta, [0, 1], tb, [1, 2])),
        ((a, [Ellipsis, 1], b[:, :3], [1, Ellipsis]), (ta, [Ellipsis, 1], tb[:, :3], [1, Ellipsis])),
        ((a, [0, Ellipsis], [Ellipsis]), (ta, [0, Ellipsis], [Ellipsis])),
        ((a[:3, :3], [30, 30]), (ta[:3, :3], [30, 30])),
    ]:
        expected = np.einsum(*args_np)
        got = cp.einsum(*args_cp)
        assert got.shape == expected.shape
        np.testing.assert_allclose(as_numpy(got), expected, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="valid range"):
        cp.einsum(ta, [0, 52])
    with pytest.raises(TypeError, match="subscripts list"):
        cp.einsum(ta, ["i", "j"])


def test_optimize_values():
    a = cp.ones((2, 3))
    for opt in (False, True, "greedy", "optimal"):
        assert cp.einsum("ij->", a, optimize=opt).item() == 6.0
    with pytest.raises(ValueError, match="optimize"):
        cp.einsum("ij->", a, optimize="fastest")
    with pytest.raises(TypeError, match="optimize"):
        cp.einsum("ij->", a, optimize=3)
    with pytest.raises(TypeError, match="optimize"):
        cp.einsum("ij->", a, optimize=None)


# --------------------------------------------------------------------------
# Errors: NumPy refuses the same subscripts
# --------------------------------------------------------------------------

ERRORS = [
    ("ij", [(2, 3), (3,)], "more operands"),
    ("ij,j", [(2, 3)], "fewer operands"),
    ("ijk", [(2, 3)], "too many subscripts for operand 0"),
    ("i", [(2, 3)], "more dimensions than subscripts"),
    ("i,ij", [(2,), (2,)], "too many subscripts for operand 1"),
    ("ij,jk", [(2, 3), (4, 5)], "could not be broadcast together: index 'j'"),
    ("i,i->i", [(3,), (2,)], "index 'i'"),
    ("...i,...i", [(2, 3), (4, 3)], r"broadcast \('...'\) dimension"),
    ("ii", [(2, 3)], "collapsing index 'i'"),
    ("ii,i", [(2, 3), (2,)], "operand 0 for collapsing index 'i'"),
    ("i#", [(2, 3)], "invalid subscript '#'"),
    ("i1", [(2, 3)], "invalid subscript '1'"),
    ("ij->k", [(2, 3)], "output subscript 'k' which never appeared"),
    ("ij->iij", [(2, 3)], "output subscript 'i' multiple times"),
    ("i->ii", [(2,)], "multiple times"),
    ("i.", [(2,)], r"not part of an ellipsis \('...'\) in operand 0"),
    ("i....", [(2,)], "not part of an ellipsis"),
    ("...i...", [(2, 3)], "not part of an ellipsis"),
    ("ij->.ij", [(2, 3)], "not part of an ellipsis .* in the output"),
    ("i-i", [(2,)], "proper '->'"),
    ("i>i", [(2,)], "invalid subscript '>'"),
    ("ij->ij,", [(2, 3)], "invalid subscript ','"),
    ("...i->", [(2, 3)], "no '...' ellipsis provided"),
    ("ab...,b->a", [(2, 3, 4), (3,)], "no '...' ellipsis provided"),
    ("i", [()], "too many subscripts"),
    ("", [(2,)], "more dimensions than subscripts"),
    ("iÃ©", [(2, 2)], "invalid subscript"),
]


@pytest.mark.parametrize("subscripts,shapes,match", ERRORS, ids=[f"{s}-{sh}" for s, sh, _ in ERRORS])
def test_bad_subscripts_raise_value_error(subscripts, shapes, match):
    arrays = [np.ones(s) for s in shapes]
    with pytest.raises(ValueError):
        np.einsum(subscripts, *arrays)
    with pytest.raises(ValueError, match=match) as info:
        cp.einsum(subscripts, *[tensor_of(a) for a in arrays])
    assert str(info.value).startswith("einsum: ")
    with pytest.raises(ValueError, match=match):
        cp.einsum_path(subscripts, *[tensor_of(a) for a in arrays])


def test_no_operands():
    with pytest.raises(ValueError):
        np.einsum("")
    with pytest.raises(ValueError, match="at least one operand"):
        cp.einsum("")
    with pytest.raises(ValueError, match="at least one operand"):
        cp.einsum("i,i")


def test_operand_count_limit():
    ones = [cp.ones(2)] * 64
    assert cp.einsum(",".join(["i"] * 64) + "->i", *ones).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="too many operands"):
        cp.einsum(",".join(["i"] * 65), *(ones + [cp.ones(2)]))


def test_operands_must_be_tensor_like():
    with pytest.raises(TypeError):
        cp.einsum("i", object())
    with pytest.raises(TypeError):
        cp.einsum(3.5, cp.ones(2))


def test_every_letter_can_be_a_label():
    # 52 distinct letters, each of size 1, in one operand: a pure transpose.
    letters = string.ascii_letters
    a = np.arange(1.0, 2.0).reshape((1,) * 52)
    got = cp.einsum(f"{letters}->{letters[::-1]}", tensor_of(a))
    assert got.shape == (1,) * 52
    assert got.reshape(-1).tolist() == [1.0]

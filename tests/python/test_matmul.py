"""cp.matmul / @ on 2-D tensors against NumPy, on every backend.

Float results: within (k + 2) * 4 * eps(dtype) * (|A| @ |B|) of the product
computed by NumPy in float64 (the classic dot-product error bound, with
room for blocking and FMA). Integer results: exact, wrapping like NumPy's.
Bool results: exact (logical or of ands). Mixed dtypes promote as NumPy's.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import (
    DTYPES,
    INT_DTYPES,
    FLOAT_DTYPES,
    as_numpy,
    assert_same,
    assert_same_tensors,
    backend,
    dtypes,
    examples,
    isolated,
    random_array,
    seeds,
    threads,
)

SHAPES = [
    (1, 1, 1),
    (2, 3, 4),
    (13, 17, 29),  # not a multiple of any tile size
    (1, 64, 1),  # 1xK @ Kx1
    (1, 100, 37),  # one row
    (37, 100, 1),  # one column
    (64, 1, 64),  # Kx1 @ 1xK: outer product
    (16, 16, 16),
    (33, 65, 17),
    (8, 300, 9),
]


def operands(m, k, n, dt_a, dt_b, seed):
    """Inputs whose float products stay finite; ints cover the full range (products wrap)."""
    def one(shape, dt, s):
        x = random_array(dt, shape, s, specials=False)
        if dt in FLOAT_DTYPES:
            x = (np.random.default_rng(s).standard_normal(shape) * 4).astype(dt)
        return x
    return one((m, k), dt_a, seed), one((k, n), dt_b, seed + 1)


def check_matmul(a, b, got, context):
    expected = np.matmul(a, b)
    assert isinstance(got, cp.Tensor), context
    assert got.shape == expected.shape, f"{context}: shape {got.shape} != {expected.shape}"
    assert got.dtype.name == expected.dtype.name, f"{context}: dtype {got.dtype.name} != {expected.dtype.name}"
    if expected.dtype.kind == "f":
        a64, b64 = a.astype(np.float64), b.astype(np.float64)
        ref = a64 @ b64
        k = a.shape[1]
        bound = (k + 2) * 4 * np.finfo(expected.dtype).eps * (np.abs(a64) @ np.abs(b64)) + np.finfo(expected.dtype).tiny
        err = np.abs(as_numpy(got).astype(np.float64) - ref)
        if not (err <= bound).all():
            i = tuple(int(v) for v in np.unravel_index(np.argmax(err - bound), err.shape))
            raise AssertionError(f"{context}: element {i} is {float(as_numpy(got)[i])!r}, float64 product "
                                 f"{float(ref[i])!r}, |diff| {err[i]:.3e} > bound {bound[i]:.3e}")
    else:
        assert_same(got, expected, context=context)  # exact, wraps like NumPy


@pytest.mark.parametrize("m,k,n", SHAPES, ids=lambda v: str(v))
@pytest.mark.parametrize("dt", DTYPES)
def test_matmul_shapes_and_dtypes(m, k, n, dt):
    a, b = operands(m, k, n, dt, dt, seed=m * 1000 + k * 10 + n)
    check_matmul(a, b, cp.tensor(a) @ cp.tensor(b), f"{dt} ({m}x{k}) @ ({k}x{n})")
    check_matmul(a, b, cp.matmul(cp.tensor(a), cp.tensor(b)), f"cp.matmul {dt} ({m}x{k}) @ ({k}x{n})")


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_large_matmul(dt):
    a, b = operands(300, 200, 150, dt, dt, seed=5)
    check_matmul(a, b, cp.tensor(a) @ cp.tensor(b), f"{dt} 300x200 @ 200x150")


@given(m=st.integers(1, 40), k=st.integers(1, 40), n=st.integers(1, 40), dt_a=dtypes, dt_b=dtypes, seed=seeds)
def test_matmul_random_shapes_and_mixed_dtypes(m, k, n, dt_a, dt_b, seed):
    a, b = operands(m, k, n, dt_a, dt_b, seed)
    check_matmul(a, b, cp.tensor(a) @ cp.tensor(b), f"{dt_a} ({m}x{k}) @ {dt_b} ({k}x{n})")


@pytest.mark.parametrize("m,n", [(3, 4), (1, 1)])
@isolated
def test_matmul_with_k_zero_gives_zeros(m, n):
    for dt in DTYPES:
        a, b = np.zeros((m, 0), dtype=dt), np.zeros((0, n), dtype=dt)
        assert_same(cp.tensor(a) @ cp.tensor(b), np.matmul(a, b), context=f"{dt} ({m}x0) @ (0x{n})")


@pytest.mark.parametrize("m,k,n", [(0, 5, 3), (4, 5, 0), (0, 0, 0), (0, 3, 0)])
@isolated
def test_matmul_with_empty_result(m, k, n):
    for dt in DTYPES:
        a, b = np.ones((m, k), dtype=dt), np.ones((k, n), dtype=dt)
        assert_same(cp.tensor(a) @ cp.tensor(b), np.matmul(a, b), context=f"{dt} ({m}x{k}) @ ({k}x{n})")


@pytest.mark.parametrize("dt", INT_DTYPES)
def test_integer_matmul_wraps_like_numpy(dt):
    info = np.iinfo(dt)
    a = np.full((3, 4), info.max, dtype=dt)
    b = np.full((4, 2), info.max - 1, dtype=dt)
    b[0, 0] = info.min
    assert_same(cp.tensor(a) @ cp.tensor(b), np.matmul(a, b), context=f"{dt} wrap")


def test_bool_matmul_is_or_of_ands():
    a = np.array([[True, False], [False, False], [True, True]])
    b = np.array([[False, True, True], [True, False, True]])
    assert_same(cp.tensor(a) @ cp.tensor(b), np.matmul(a, b), context="bool")


@pytest.mark.parametrize("dt", FLOAT_DTYPES)
def test_matmul_propagates_nan_and_inf(dt):
    a = np.ones((5, 7), dtype=dt)
    b = np.ones((7, 6), dtype=dt)
    a[2, 3] = np.nan
    b[1, 4] = np.inf
    got = as_numpy(cp.tensor(a) @ cp.tensor(b))
    assert np.isnan(got[2]).all(), got
    assert (got[[0, 1, 3, 4], 4] == np.inf).all()
    assert (got[[0, 1, 3, 4]][:, [0, 1, 2, 3, 5]] == 7).all()


def test_matmul_on_every_backend(backends):
    for name in backends:
        with backend(name):
            for dt in DTYPES:
                for m, k, n in [(1, 1, 1), (13, 17, 29), (1, 40, 1), (40, 1, 40), (70, 90, 50)]:
                    a, b = operands(m, k, n, dt, dt, seed=m + k + n)
                    check_matmul(a, b, cp.tensor(a) @ cp.tensor(b), f"{name}: {dt} ({m}x{k}) @ ({k}x{n})")
            a, b = operands(300, 200, 150, "float32", "float32", seed=9)
            check_matmul(a, b, cp.tensor(a) @ cp.tensor(b), f"{name}: float32 300x200 @ 200x150")


@examples(0.1)
@given(dt=st.sampled_from(DTYPES), seed=seeds)
def test_matmul_identical_with_one_and_two_threads(dt, seed):
    """Each output element is one thread's dot product in a fixed k order."""
    a, b = operands(130, 70, 140, dt, dt, seed)
    ta, tb = cp.tensor(a), cp.tensor(b)
    with threads(1):
        one = ta @ tb
    with threads(2):
        two = ta @ tb
    assert_same_tensors(two, one, context=f"{dt}: 2 threads vs 1")


def test_matmul_by_identity_is_exact():
    for dt in DTYPES:
        a = random_array(dt, (23, 31), 1, specials=False)
        if dt in FLOAT_DTYPES:
            a = np.where(np.isfinite(a), a, 0).astype(dt)
        assert_same(cp.tensor(a) @ cp.eye(31, dtype=dt), a, context=f"{dt} A @ I")
        assert_same(cp.eye(23, dtype=dt) @ cp.tensor(a), a, context=f"{dt} I @ A")


def test_matmul_errors():
    a, b = cp.ones((2, 3)), cp.ones((4, 5))
    with pytest.raises(ValueError) as exc:
        a @ b
    assert "(2, 3)" in str(exc.value) and "(4, 5)" in str(exc.value) and "matmul" in str(exc.value)
    for x, y in [(cp.ones((2, 2)), cp.tensor(1.0)), (cp.tensor(2.0), cp.ones((2, 2))), (cp.tensor(1.0), cp.tensor(1.0))]:
        with pytest.raises(ValueError):  # NumPy: 0-d operands are not allowed
            x @ y
    # A number is a 0-d operand: NumPy's ValueError (not TypeError).
    with pytest.raises(ValueError, match="matmul"):
        cp.ones((2, 2)) @ 3
    with pytest.raises(ValueError, match="matmul"):
        3 @ cp.ones((2, 2))


@pytest.mark.parametrize("sa, sb", [((3,), (3,)), ((3,), (3, 2)), ((2, 3), (3,)), ((2, 2, 3), (3, 4)),
                                    ((2, 3), (5, 3, 2)), ((4, 1, 2, 3), (5, 3, 2)), ((3,), (4,)), ((2, 2, 3), (2, 4))])
def test_matmul_other_ranks_follow_numpy(sa, sb):
    """Ranks other than 2: NumPy's answer, NumPy's ValueError for mismatched
    shapes."""
    a = np.arange(int(np.prod(sa)), dtype=np.float64).reshape(sa)
    b = np.arange(int(np.prod(sb)), dtype=np.float64).reshape(sb) - 3
    try:
        expected = np.matmul(a, b)
    except ValueError:
        with pytest.raises(ValueError):
            cp.tensor(a) @ cp.tensor(b)
        return
    got = cp.tensor(a) @ cp.tensor(b)
    assert_same(got, expected, context=f"{sa} @ {sb}")  # small integers: exact in any order


def test_tolerance_catches_a_wrong_element():
    """The float bound is tight enough to see one element off by 1e-3."""
    a, b = operands(20, 30, 10, "float32", "float32", seed=1)
    good = (a.astype(np.float64) @ b.astype(np.float64)).astype(np.float32)
    check_matmul(a, b, cp.tensor(good), "exact product")
    bad = good.copy()
    bad[3, 4] *= 1 + 1e-3
    with pytest.raises(AssertionError, match=r"element \(3, 4\)"):
        check_matmul(a, b, cp.tensor(bad), "perturbed")


# Shapes that take each GEMM path: the unpacked small-product kernel (small,
# row-major, K <= 512), the packed path with several K slices, split across
# threads by row panels (tall) or by column panels (short and wide), and
# transposed/sliced views that packing reads through strides.
PATH_SHAPES = [
    (64, 64, 64),  # direct kernel, full tiles
    (29, 100, 45),  # direct kernel, edge row and column panels
    (3, 700, 5),  # small but K > 512: packed
    (50, 1300, 40),  # K cut into balanced slices, accumulated in C
    (600, 64, 80),  # threads split rows
    (5, 300, 3000),  # threads split column panels
]


@pytest.mark.parametrize("m,k,n", PATH_SHAPES, ids=lambda v: str(v))
@pytest.mark.parametrize("dt", FLOAT_DTYPES)
def test_matmul_every_gemm_path_matches_numpy(m, k, n, dt):
    a, b = operands(m, k, n, dt, dt, seed=m + 7 * k + 13 * n)
    ta, tb = cp.tensor(a), cp.tensor(b)
    with threads(1):
        one = ta @ tb
    with threads(2):
        two = ta @ tb
    check_matmul(a, b, one, f"{dt} ({m}x{k}) @ ({k}x{n}), 1 thread")
    # Every element is one thread's dot product in a fixed k order.
    assert_same_tensors(two, one, context=f"{dt} ({m}x{k}) @ ({k}x{n}): 2 threads vs 1")
    # Views: transposed A (no unit column stride: packed path), B a column
    # slice of a wider matrix (row stride > n: direct kernel reads in place).
    at = cp.tensor(np.ascontiguousarray(a.T)).T
    wide = np.concatenate([b, b[:, :3]], axis=1)
    bs = cp.tensor(wide)[:, :n]
    check_matmul(a, b, at @ bs, f"{dt} ({m}x{k}).T-view @ sliced ({k}x{n})")

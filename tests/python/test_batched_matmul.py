"""Batched matmul (N-D operands): the loop over a batch of small float
products (one call, offsets from the broadcast strides, split across
threads) and the per-matrix path it falls back to, against NumPy within
test_matmul's dot-product bound, for broadcast batch dimensions, size-1
dimensions, transposed matrices and 1- vs 2-thread identity."""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cp_testing import FLOAT_DTYPES, assert_same_tensors, examples, tensor_of, threads
from test_matmul import check_matmul


@st.composite
def batched_case(draw):
    dt = draw(st.sampled_from(FLOAT_DTYPES))
    m, k, n = (draw(st.integers(1, 9)) for _ in range(3))
    batch = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    # Each operand drops or sets to 1 some leading batch dimensions (broadcasting).
    def own(b):
        cut = draw(st.integers(0, len(b)))
        return [1 if draw(st.booleans()) else d for d in b[cut:]]
    ba, bb = own(batch), own(batch)
    if not ba and not bb:
        ba = batch
    transpose_a, transpose_b = draw(st.booleans()), draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    return dt, (m, k, n), ba, bb, transpose_a, transpose_b, seed


def make(shape, dt, transposed, rng):
    a = (rng.standard_normal(shape) * 4).astype(dt)
    if transposed:  # the same values, stored with the last two axes swapped
        return a, tensor_of(np.ascontiguousarray(np.swapaxes(a, -1, -2))).mT
    return a, tensor_of(a)


@examples(1.0)
@given(batched_case())
def test_batched_matmul_matches_numpy(case):
    dt, (m, k, n), ba, bb, ta_, tb_, seed = case
    rng = np.random.default_rng(seed)
    a, ta = make(tuple(ba) + (m, k), dt, ta_, rng)
    b, tb = make(tuple(bb) + (k, n), dt, tb_, rng)
    expected = np.matmul(a, b)
    got = ta @ tb
    assert got.shape == expected.shape, (got.shape, expected.shape)
    batch = expected.shape[:-2]
    fa, fb = np.broadcast_to(a, batch + (m, k)), np.broadcast_to(b, batch + (k, n))
    g = got.numpy()
    for idx in np.ndindex(*batch):
        check_matmul(fa[idx], fb[idx], tensor_of(g[idx]), f"{dt} {ba}x({m},{k}) @ {bb}x({k},{n}) at {idx}")


def test_large_batch_identical_with_one_and_two_threads():
    rng = np.random.default_rng(3)
    for dt in FLOAT_DTYPES:
        a = tensor_of(rng.standard_normal((4000, 6, 7)).astype(dt))
        b = tensor_of(rng.standard_normal((7, 5)).astype(dt))
        with threads(1):
            one = a @ b
        with threads(2):
            two = a @ b
        assert_same_tensors(two, one, context=f"{dt}: 2 threads vs 1")
        check_matmul(a.numpy()[1234], b.numpy(), tensor_of(one.numpy()[1234]), f"{dt} matrix 1234")

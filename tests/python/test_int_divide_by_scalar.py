"""Integer floor division and modulo by a Python int (the divide-by-scalar
kernels, computed through floating point for types up to 32 bits): against
NumPy on every value of int8, uint8 and int16 with many divisors, and on
int32 extremes and random values, including the divisors 0 and -1 (NumPy:
x // 0 == 0, x % 0 == 0, MIN // -1 wraps to MIN), for contiguous tensors and
strided views."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cp_testing import assert_same, examples, tensor_of

DIVISORS = [1, -1, 2, -2, 3, -3, 7, -7, 10, 100, -128, 127, 255]


def divisors_for(dt):
    info = np.iinfo(dt)
    return [d for d in DIVISORS + [int(info.max), int(info.min)] if info.min <= d <= info.max]


@pytest.mark.parametrize("dt", ["int8", "uint8", "int16"])
def test_every_value_small_types(dt):
    info = np.iinfo(dt)
    a = np.arange(info.min, info.max + 1).astype(dt)
    t = tensor_of(a)
    for d in divisors_for(dt) + [0]:
        with np.errstate(all="ignore"):
            fd, md = a // d, a % d
        assert_same(t // d, fd, context=f"{dt} // {d}")
        assert_same(t % d, md, context=f"{dt} % {d}")


@pytest.mark.parametrize("dt", ["int32", "int64"])
def test_extremes_and_random_wide_types(dt):
    info = np.iinfo(dt)
    rng = np.random.default_rng(1)
    edge = [info.min, info.min + 1, -1, 0, 1, info.max - 1, info.max]
    a = np.concatenate([np.array(edge, dtype=dt), rng.integers(info.min, info.max, 5000, dtype=dt, endpoint=True)])
    t = tensor_of(a)
    for d in divisors_for(dt) + [0, 1 << 20, -(1 << 20) - 3, int(info.max) // 3]:
        with np.errstate(all="ignore"):
            fd, md = a // d, a % d
        assert_same(t // d, fd, context=f"{dt} // {d}")
        assert_same(t % d, md, context=f"{dt} % {d}")
        assert_same(t[::3] // d, fd[::3], context=f"{dt}[::3] // {d}")


@examples(1.0)
@given(st.sampled_from(["int8", "int16", "int32", "uint8"]), st.data())
def test_random_divisors(dt, data):
    info = np.iinfo(dt)
    d = data.draw(st.integers(int(info.min), int(info.max)))
    n = data.draw(st.integers(0, 300))
    a = np.random.default_rng(n).integers(info.min, info.max, n, dtype=dt, endpoint=True)
    with np.errstate(all="ignore"):
        fd, md = a // d, a % d
    assert_same(tensor_of(a) // d, fd, context=f"{dt} // {d}")
    assert_same(tensor_of(a) % d, md, context=f"{dt} % {d}")

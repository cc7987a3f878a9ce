"""x ** e for the scalar exponents NumPy computes without pow (2, 0.5, -1, 1,
its fast scalar power): corepy takes the same cheaper kernels (square, sqrt,
1/x, a copy), so the results are NumPy's bit for bit, special values
included (-0.0 ** 0.5 is -0.0 and -inf ** 0.5 NaN, where C's pow gives +0
and +inf), for contiguous and strided tensors."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cp_testing import FLOAT_SPECIALS, assert_same, elements, examples, operands, tensor_of

EXPONENTS = [2, 2.0, 0.5, -1, -1.0, 1, 1.0]


@examples(1.0)
@given(st.data(), st.sampled_from(["float32", "float64"]), st.sampled_from(EXPONENTS))
def test_float_fast_exponents_match_numpy_bitwise(data, dt, e):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
    op = data.draw(operands(dt, shape))
    with np.errstate(all="ignore"):
        expected = op.a ** e
    assert_same(op.t ** e, expected, context=f"{op} ** {e!r}")


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("e", EXPONENTS)
def test_special_values(dt, e):
    with np.errstate(over="ignore"):
        a = np.array(list(FLOAT_SPECIALS) + [-2.0, -0.5, 3.0]).astype(dt)
    with np.errstate(all="ignore"):
        expected = a ** e
    assert_same(tensor_of(a) ** e, expected, context=f"{a} ** {e!r}")
    assert_same(tensor_of(a)[::-2] ** e, expected[::-2], context=f"reversed view ** {e!r}")


@examples(0.5)
@given(st.data(), st.sampled_from(["int8", "int16", "int32", "int64", "uint8"]), st.sampled_from([2, 1]))
def test_integer_square_and_identity_wrap_like_numpy(data, dt, e):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=6))
    op = data.draw(operands(dt, shape, elems=elements(dt)))
    assert_same(op.t ** e, op.a ** e, context=f"{op} ** {e}")


def test_integer_tensor_with_float_exponent_promotes_like_numpy():
    a = np.array([0, 1, 4, 9], dtype=np.int32)
    for e in (0.5, -1.0, 2.0):
        with np.errstate(divide="ignore"):
            expected = a ** e  # 0 ** -1.0 is inf
        assert_same(tensor_of(a) ** e, expected, context=f"int32 ** {e}")

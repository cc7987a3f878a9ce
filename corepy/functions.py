"""Module-level forms of the tensor methods and operators, NumPy style:
``cp.sum(x)`` is ``x.sum()``, ``cp.add(a, b)`` is ``a + b``."""
from corepy._corepy import Tensor


def _check(name, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}: expected a corepy.Tensor, got {type(x).__name__}")
    return x


def _either(name, a, b):
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        raise TypeError(f"{name}: at least one operand must be a corepy.Tensor, got "
                        f"{type(a).__name__} and {type(b).__name__}")


def add(a, b):
    _either("add", a, b)
    return a + b


def subtract(a, b):
    _either("subtract", a, b)
    return a - b


def multiply(a, b):
    _either("multiply", a, b)
    return a * b


def divide(a, b):
    _either("divide", a, b)
    return a / b


def negative(x):
    return -_check("negative", x)


def matmul(a, b):
    """Matrix product of two 2-D tensors (``a @ b``)."""
    _check("matmul", a)
    _check("matmul", b)
    return a @ b


def sum(x):  # noqa: A001 - NumPy's name
    return _check("sum", x).sum()


def mean(x):
    return _check("mean", x).mean()


def max(x):  # noqa: A001
    return _check("max", x).max()


def min(x):  # noqa: A001
    return _check("min", x).min()


def reshape(x, shape):
    return _check("reshape", x).reshape(shape)


def astype(x, dtype):
    return _check("astype", x).astype(dtype)

"""Every error path raises the Python exception a NumPy user expects, with a
message that names the operation and the offending shapes or values, and
nothing crashes the interpreter."""
import operator

import numpy as np
import pytest

import corepy as cp
from cp_testing import isolated, run_python

OPS = [("add", operator.add), ("subtract", operator.sub), ("multiply", operator.mul), ("divide", operator.truediv)]


@pytest.mark.parametrize("name, fn", OPS)
@pytest.mark.parametrize("sa, sb", [((3,), (4,)), ((2, 3), (3, 2)), ((2, 2), (4,)), ((2, 3), (4, 3)),
                                    ((5, 1, 2), (3, 3))])
def test_shape_mismatch_names_op_and_both_shapes(name, fn, sa, sb):
    """Shapes that do not broadcast (NumPy rejects them too)."""
    with pytest.raises(ValueError):
        fn(np.ones(sa), np.ones(sb))
    a, b = cp.ones(sa, dtype="f32"), cp.ones(sb, dtype="f32")
    with pytest.raises(ValueError) as exc:
        fn(a, b)
    msg = str(exc.value)
    assert name in msg and str(sa) in msg and str(sb) in msg, msg
    with pytest.raises(ValueError):
        getattr(cp, name)(a, b)


def test_shape_mismatch_message_exactly():
    with pytest.raises(ValueError, match=r"^add: shapes \(3,\) and \(4,\) do not match$"):
        cp.ones(3) + cp.ones(4)


@pytest.mark.parametrize("bad", ["f16", "complex128", "float128", "uint16", "", "i33"])
def test_unknown_dtype_name_raises_type_error(bad):
    # NumPy raises TypeError for a dtype it does not understand; so does corepy
    # for every dtype it does not have.
    with pytest.raises(TypeError, match="dtype"):
        cp.zeros(3, dtype=bad)
    with pytest.raises(TypeError):
        cp.dtype(bad)
    with pytest.raises(TypeError):
        cp.ones(2).astype(bad)


@pytest.mark.parametrize("bad", [np.float16, np.uint16, object(), 3, [1]])
def test_uninterpretable_dtype_raises_type_error(bad):
    with pytest.raises(TypeError):
        cp.zeros(3, dtype=bad)


@pytest.mark.parametrize("shape", [2.5, "3", (2, 2.0), (2, "a"), None, {"a": 1}])
def test_bad_shape_type_raises_type_error(shape):
    for fn in (cp.zeros, cp.ones, cp.empty, cp.rand):
        with pytest.raises(TypeError):
            fn(shape)
    with pytest.raises(TypeError):
        cp.full(shape, 1.0)


@pytest.mark.parametrize("shape", [-1, (2, -3), (-1, 0)])
def test_negative_dims_raise_value_error(shape):
    for fn in (cp.zeros, cp.ones, cp.empty, cp.randn):
        with pytest.raises(ValueError, match="negative"):
            fn(shape)


@pytest.mark.parametrize("device", ["cuda", "cuda:0", "cuda:1"])
def test_cuda_device_raises_runtime_error(device):
    for make in (lambda: cp.zeros(3, device=device), lambda: cp.tensor([1.0], device=device),
                 lambda: cp.rand(3, device=device), lambda: cp.arange(3, device=device),
                 lambda: cp.eye(2, device=device), lambda: cp.full(2, 1.0, device=device)):
        with pytest.raises(RuntimeError, match="CUDA"):
            make()


def test_cpu_device_spellings_and_unknown_devices():
    assert cp.zeros(2, device="cpu").device == "cpu"
    with pytest.raises(ValueError):
        cp.zeros(2, device="tpu")


def test_unknown_backend_raises_value_error():
    with pytest.raises(ValueError, match="nope"):
        cp.backend.select_backend("nope")
    assert cp.backend.current_isa()  # still usable afterwards
    assert (cp.ones(3) + 1).tolist() == [2.0, 2.0, 2.0]


@pytest.mark.parametrize("make", [
    lambda: cp.zeros((2**40, 2**40)),
    lambda: cp.ones((2**31, 2**31), dtype="f32"),
    lambda: cp.empty((2**62, 4)),
    lambda: cp.zeros(2**63 - 1),
    lambda: cp.full((2**40, 2**30), 1.0),
    lambda: cp.rand((2**40, 2**40)),
    lambda: cp.eye(2**32),
    lambda: cp.arange(2**62),
    lambda: cp.linspace(0, 1, 2**50),
    lambda: cp.zeros(4).reshape(2**62, 4),
])
@isolated
def test_impossible_sizes_raise_cleanly(make):
    with pytest.raises((ValueError, MemoryError)):
        make()


@pytest.mark.parametrize("fn", [cp.zeros, cp.ones, cp.empty, cp.rand, lambda n, dtype: cp.full(n, 1.0, dtype=dtype)])
@isolated
def test_unallocatable_size_raises_memory_error(fn):
    with pytest.raises(MemoryError):
        fn(2**45, dtype="f64")


def test_huge_shapes_never_crash_the_interpreter():
    """Run the worst cases in a child process: a segfault or abort there
    fails this test instead of killing the whole run."""
    code = (
        "import corepy as cp\n"
        "for make in (lambda: cp.zeros((2**40, 2**40)), lambda: cp.zeros(2**45), lambda: cp.zeros(2**64),\n"
        "             lambda: cp.ones((2**32, 2**32, 2**32)), lambda: cp.eye(2**40, 2**40),\n"
        "             lambda: cp.zeros((2**20, 0)) @ cp.zeros((0, 2**20))):\n"
        "    try:\n"
        "        make()\n"
        "    except Exception as e:\n"
        "        print(type(e).__name__)\n"
        "print('done')\n"
    )
    proc = run_python(code)
    assert proc.returncode == 0, f"child exited with {proc.returncode}: {proc.stderr[-2000:]}"
    assert proc.stdout.strip().endswith("done"), proc.stdout


@pytest.mark.parametrize("other", ["x", None, {"a": 1}, object(), b"ab"])
@pytest.mark.parametrize("name, fn", OPS)
def test_unsupported_operand_types_raise_type_error(name, fn, other):
    t = cp.ones(3)
    with pytest.raises(TypeError):
        fn(t, other)
    with pytest.raises(TypeError):
        fn(other, t)


def test_matmul_with_non_tensors_raises_type_error():
    t = cp.ones((2, 2))
    for other in ("x", None, object()):
        with pytest.raises(TypeError):
            t @ other
        with pytest.raises(TypeError):
            other @ t
    # Numbers are 0-d operands: NumPy raises ValueError for them.
    for other in (3, 2.5):
        with pytest.raises(ValueError, match="matmul"):
            t @ other
        with pytest.raises(ValueError, match="matmul"):
            other @ t
    for other in ("x", None, object()):
        with pytest.raises(TypeError):
            cp.matmul(t, other)
    with pytest.raises((TypeError, ValueError)):  # NumPy: ValueError (a 0-d operand)
        cp.matmul(t, 3)


def test_module_functions_reject_non_tensors():
    with pytest.raises(TypeError):
        cp.add(1, 2)
    with pytest.raises(TypeError):
        cp.multiply("ab", 2)
    with pytest.raises(TypeError):
        cp.sum("abc")


def test_bool_subtract_and_negative_raise_type_error_with_hint():
    b = cp.tensor([True, False])
    with pytest.raises(TypeError, match="subtract"):
        b - b
    with pytest.raises(TypeError, match="negative"):
        -b
    with pytest.raises(TypeError):
        cp.negative(b)


def test_overflowing_python_ints():
    with pytest.raises(OverflowError):
        cp.tensor([1, 2], dtype="int32") + 2**40
    with pytest.raises(OverflowError):
        cp.tensor([1, 2]) * 2**64
    with pytest.raises(OverflowError):
        cp.tensor(2**64)


def test_set_num_threads_rejects_bad_counts():
    for n in (0, -1, 10**6):
        with pytest.raises(ValueError):
            cp.set_num_threads(n)
    assert cp.get_num_threads() >= 1


def test_errors_leave_no_leak_in_the_arena():
    """A failed op must not keep its output buffer alive."""
    cp.backend.empty_cache()
    a, b = cp.ones(1000), cp.ones(999)
    before = cp.backend.memory_stats()["live_bytes"]
    for _ in range(50):
        with pytest.raises(ValueError):
            a + b
        with pytest.raises(TypeError):
            cp.tensor([True]) - cp.tensor([True])
    assert cp.backend.memory_stats()["live_bytes"] == before

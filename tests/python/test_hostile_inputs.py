"""Adversarial Python objects at the conversion boundary: sequences that lie
about their length or change while they are read, objects claiming huge
sizes, and the poisoned-arena test mode. Each case must either give the value
NumPy would compute from what was actually there, or raise a clear Python
exception; never a tensor holding bytes nobody wrote, never a crash."""
import os
import subprocess
import sys

import numpy as np
import pytest

import corepy as cp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "fuzz"))
from surface_fuzz import HugeLen, LongLen, ShortLen  # noqa: E402  (the fuzzer's hostile sequences)

DTYPES = ["f32", "f64", "i32", "i64", "i16", "i8", "u1", "bool"]


class Shrinker:
    """A number that empties the list it sits in when it is converted."""

    def __init__(self, victim, value=7.0):
        self.victim = victim
        self.value = value

    def __float__(self):
        del self.victim[1:]
        return self.value


def _shrinking():
    victim = [7.0, 7.0, 7.0, 7.0]
    victim[0] = Shrinker(victim)
    return [victim, [7.0, 7.0, 7.0, 7.0]]


def _growing():
    class Grower:
        def __init__(self, victim):
            self.victim = victim

        def __float__(self):
            self.victim.append(7.0)
            return 7.0

    victim = [7.0, 7.0]
    victim[0] = Grower(victim)
    return [victim, [7.0, 7.0]]


# name -> factory (each test gets fresh objects: some mutate themselves).
LYING = {
    "long_len": lambda: LongLen([7.0, 7.0]),
    "short_len": lambda: ShortLen((7.0, 7.0, 7.0)),
    "nested_long_len": lambda: [[7.0, 7.0], LongLen([7.0, 7.0])],
    "nested_short_len": lambda: [ShortLen((7.0, 7.0)), ShortLen((7.0, 7.0))],
}
# Mutated while read: what was read (a snapshot) is converted, or a clear error.
MUTATING = {"shrinks_while_read": _shrinking, "grows_while_read": _growing}


def _snapshot_or_error(make, shape):
    try:
        t = make()
    except ValueError:
        return
    got = t.numpy()
    assert got.shape == shape
    np.testing.assert_array_equal(got, np.full(shape, 7, dtype=got.dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(LYING))
def test_tensor_from_lying_sequence_raises(name, dtype):
    with pytest.raises(ValueError, match="length|rectangular|values were read"):
        cp.tensor(LYING[name](), dtype=dtype)


@pytest.mark.parametrize("dtype", ["f32", "f64", "i64", "i32"])
@pytest.mark.parametrize("name", sorted(MUTATING))
def test_tensor_from_mutating_sequence_is_a_snapshot(name, dtype):
    shape = (2, 4) if name == "shrinks_while_read" else (2, 2)
    _snapshot_or_error(lambda: cp.tensor(MUTATING[name](), dtype=dtype), shape)


def test_length_error_names_both_sizes():
    with pytest.raises(ValueError, match=r"length 5 but yielded 2"):
        cp.tensor(LongLen([7.0, 7.0]))


@pytest.mark.parametrize("name", sorted(LYING))
def test_lying_sequence_as_operand(name):
    x = cp.tensor([1.0, 2.0])
    ops = [
        lambda s: x + s,
        lambda s: s * x,
        lambda s: x - s,
        lambda s: x ** s,
        lambda s: cp.where(x > 1, s, x),
        lambda s: cp.where(s, x, x),
    ]
    for op in ops:
        with pytest.raises(ValueError):
            op(LYING[name]())


@pytest.mark.parametrize("name", sorted(MUTATING))
def test_mutating_sequence_as_operand(name):
    x = cp.ones((2, 4)) if name == "shrinks_while_read" else cp.ones((2, 2))
    _snapshot_or_error(lambda: (x * MUTATING[name]()), x.shape)


@pytest.mark.parametrize("name", sorted(LYING))
def test_lying_sequence_in_setitem_leaves_target(name):
    x = cp.tensor([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError):
        x[:] = LYING[name]()
    np.testing.assert_array_equal(x.numpy(), [[1.0, 2.0], [3.0, 4.0]])


def test_pow_with_lying_sequence_is_deterministic_error():
    x = cp.tensor([2.0, 3.0])
    for _ in range(2):
        with pytest.raises(ValueError):
            x ** LongLen([2.0, 2.0])


def test_honest_subclasses_still_convert():
    class MyList(list):
        pass

    class MyTuple(tuple):
        pass

    got = cp.tensor(MyList([MyTuple((1.0, 2.0)), MyTuple((3.0, 4.0))]), dtype="f32")
    np.testing.assert_array_equal(got.numpy(), np.array([[1, 2], [3, 4]], dtype=np.float32))


HUGE = [2**40, 2**62]


@pytest.mark.parametrize("n", HUGE)
def test_huge_len_as_axis(n):
    x = cp.ones((2, 3))
    for f in (cp.sum, cp.any, cp.all, cp.squeeze, cp.flip, cp.expand_dims):
        with pytest.raises((ValueError, TypeError, OverflowError, MemoryError)):
            f(x, axis=HugeLen(n))


@pytest.mark.parametrize("n", HUGE)
def test_huge_len_as_shape(n):
    x = cp.ones((2, 3))
    calls = [
        lambda: cp.zeros(HugeLen(n)),
        lambda: cp.ones(HugeLen(n)),
        lambda: cp.empty(HugeLen(n)),
        lambda: cp.full(HugeLen(n), 1.0),
        lambda: x.reshape(HugeLen(n)),
        lambda: cp.reshape(x, HugeLen(n)),
        lambda: cp.broadcast_to(x, HugeLen(n)),
        lambda: cp.permute_dims(x, HugeLen(n)),
        lambda: cp.transpose(x, HugeLen(n)),
        lambda: x.transpose(HugeLen(n)),
        lambda: x.permute_dims(HugeLen(n)),
        lambda: cp.tensor(HugeLen(n)),
    ]
    for call in calls:
        with pytest.raises((ValueError, TypeError, OverflowError, MemoryError)):
            call()


def test_iterator_longer_than_len():
    x = cp.ones((2, 3))
    with pytest.raises(ValueError, match="length 1 but yielded 2"):
        x.reshape(HugeLen(1, items=(3, 2)))
    with pytest.raises(ValueError):
        cp.sum(x, axis=HugeLen(1, items=(0, 1)))


def test_endless_axis_iterable_is_bounded():
    import itertools

    with pytest.raises(ValueError, match="more than the 64"):
        cp.sum(cp.ones((2,)), axis=itertools.repeat(0))


def test_generators_are_read_once():
    x = cp.ones((2, 3))
    np.testing.assert_array_equal(x.reshape(d for d in (3, 2)).numpy(), np.ones((3, 2)))
    np.testing.assert_array_equal(cp.sum(x, axis=(a for a in (0,))).numpy(), np.ones((2, 3)).sum(axis=0))


def _run_poisoned(code):
    env = dict(os.environ, COREPY_ARENA_POISON="1")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_poison_mode_fills_fresh_and_reused_buffers():
    code = (
        "import corepy as cp\n"
        "a = cp.empty((100,), dtype='u1'); assert set(a.tolist()) == {0xA5}, a.tolist()\n"
        "b = cp.ones((100,), dtype='u1'); del b\n"
        "c = cp.empty((100,), dtype='u1'); assert set(c.tolist()) == {0xA5}, c.tolist()\n"
        "assert cp.tensor([7.0, 7.0]).tolist() == [7.0, 7.0]\n"
        "print('ok')\n"
    )
    r = _run_poisoned(code)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr

"""Views against NumPy: chains of reshape, .T, .mT, transpose, permute_dims,
moveaxis, expand_dims, squeeze, broadcast_to, flip and basic indexing
applied to a NumPy array and to a tensor of it must give the same values,
share the base's memory at the same byte offset, have NumPy's strides (in
bytes) and contiguity, and write through to the base. Views keep their base
alive."""
import gc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import corepy as cp
from cp_testing import (
    DTYPES,
    assert_same,
    data_ptr,
    elements,
    examples,
    tensor_of,
)


@st.composite
def reshape_target(draw, shape):
    size = int(np.prod(shape))
    if size == 0:
        dims = list(draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3)))
        if 0 not in dims:
            dims[0] = 0
        return tuple(dims)
    dims, rest = [], size
    for _ in range(draw(st.integers(0, 3))):
        d = draw(st.sampled_from([d for d in range(1, rest + 1) if rest % d == 0]))
        dims.append(d)
        rest //= d
    if rest != 1 or not dims:
        dims.append(rest)
    if draw(st.booleans()):
        dims.insert(draw(st.integers(0, len(dims))), 1)
    if draw(st.booleans()):
        dims[draw(st.integers(0, len(dims) - 1))] = -1
    return tuple(dims)


def np_getitem(a, idx):
    """a[idx], but a 0-d view where NumPy would return a scalar (a copy):
    corepy returns 0-d tensors that are views."""
    tup = idx if isinstance(idx, tuple) else (idx,)
    if not any(i is Ellipsis for i in tup):
        tup = tup + (Ellipsis,)
    return a[tup]


@st.composite
def view_step(draw, shape, allow_broadcast=True):
    """One view operation applicable to an array of `shape`, as
    (description, NumPy function, corepy function)."""
    nd = len(shape)
    choices = ["index", "index", "reshape", "expand_dims", "flip", "flip_all"]
    if nd >= 1:
        choices += ["T", "transpose", "permute_dims", "moveaxis", "flip_axes"]
    if nd >= 2:
        choices += ["mT", "transpose_args"]
    if 1 in shape:
        choices += ["squeeze_axis", "squeeze_all"]
    if allow_broadcast:
        choices += ["broadcast_to"]
    op = draw(st.sampled_from(choices))
    if op == "index":
        idx = draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True))
        return f"[{idx!r}]", (lambda a: np_getitem(a, idx)), (lambda t: t[idx])
    if op == "reshape":
        target = draw(reshape_target(shape))
        how = draw(st.sampled_from(["tuple", "args", "function"]))
        if how == "args" and target:
            return f".reshape(*{target})", (lambda a: a.reshape(target)), (lambda t: t.reshape(*target))
        if how == "function":
            return f"cp.reshape({target})", (lambda a: np.reshape(a, target)), (lambda t: cp.reshape(t, target))
        return f".reshape({target})", (lambda a: a.reshape(target)), (lambda t: t.reshape(target))
    if op == "expand_dims":
        ax = draw(st.integers(-nd - 1, nd))
        return f".expand_dims({ax})", (lambda a: np.expand_dims(a, ax)), (lambda t: t.expand_dims(ax))
    if op == "flip":
        ax = draw(st.integers(-nd, nd - 1)) if nd else None
        return f".flip({ax})", (lambda a: np.flip(a, ax) if a.ndim else a[...]), (lambda t: t.flip(ax))
    if op == "flip_all":
        return "cp.flip()", (lambda a: np.flip(a) if a.ndim else a[...]), (lambda t: cp.flip(t))
    if op == "flip_axes":
        axes = tuple(draw(st.lists(st.integers(0, nd - 1), min_size=1, max_size=nd, unique=True)))
        return f".flip({axes})", (lambda a: np.flip(a, axes)), (lambda t: t.flip(axes))
    if op == "T":
        return ".T", (lambda a: a.T), (lambda t: t.T)
    if op == "mT":
        return ".mT", (lambda a: np.matrix_transpose(a)), (lambda t: t.mT)
    if op in ("transpose", "permute_dims", "transpose_args"):
        axes = [int(i) for i in draw(st.permutations(range(nd)))]
        if draw(st.booleans()):
            axes = [ax - nd if draw(st.booleans()) else ax for ax in axes]
        if op == "transpose":
            return f"cp.transpose({axes})", (lambda a: np.transpose(a, axes)), (lambda t: cp.transpose(t, axes))
        if op == "transpose_args":
            return f".transpose(*{axes})", (lambda a: a.transpose(*axes)), (lambda t: t.transpose(*axes))
        if draw(st.booleans()):
            return f".permute_dims({axes})", (lambda a: np.permute_dims(a, axes)), (lambda t: t.permute_dims(axes))
        return f"cp.permute_dims({axes})", (lambda a: np.permute_dims(a, axes)), (lambda t: cp.permute_dims(t, axes))
    if op == "moveaxis":
        k = draw(st.integers(1, nd))
        src = [int(i) for i in draw(st.permutations(range(nd)))][:k]
        dst = [int(i) for i in draw(st.permutations(range(nd)))][:k]
        if k == 1 and draw(st.booleans()):
            src, dst = src[0], dst[0] - nd
        return (f"cp.moveaxis({src}, {dst})", (lambda a: np.moveaxis(a, src, dst)),
                (lambda t: cp.moveaxis(t, src, dst)))
    if op == "squeeze_axis":
        ones = [i for i, d in enumerate(shape) if d == 1]
        ax = draw(st.sampled_from(ones))
        ax = ax - nd if draw(st.booleans()) else ax
        return f".squeeze({ax})", (lambda a: np.squeeze(a, ax)), (lambda t: t.squeeze(ax))
    if op == "squeeze_all":
        return "cp.squeeze()", (lambda a: np.squeeze(a)), (lambda t: cp.squeeze(t))
    # broadcast_to: new leading dims and size-1 dims stretched
    new = tuple(draw(st.lists(st.integers(0, 3), max_size=2)))
    target = new + tuple(draw(st.integers(0, 3)) if d == 1 else d for d in shape)
    return (f".broadcast_to({target})", (lambda a: np.broadcast_to(a, target)),
            (lambda t: t.broadcast_to(target)))


def np_offset(view, base):
    return view.__array_interface__["data"][0] - base.__array_interface__["data"][0]


def check_view(v_t, v_a, base_t, base_a, ctx, values_only=False):
    """Values, shape, dtype; for non-empty results also the byte offset into
    the base, the strides of dimensions longer than 1 and C-contiguity."""
    assert_same(v_t, v_a, context=ctx)
    if v_a.size == 0 or values_only:
        return
    assert np.shares_memory(v_a, base_a), ctx
    if not np.shares_memory(v_t.numpy(), base_t.numpy()):
        raise AssertionError(f"{ctx}: NumPy returns a view of the base, corepy a copy")
    assert data_ptr(v_t) - data_ptr(base_t) == np_offset(v_a, base_a), f"{ctx}: byte offset differs from NumPy's"
    for d, st_t, st_a in zip(v_a.shape, v_t.strides, v_a.strides):
        if d > 1:
            assert st_t == st_a, f"{ctx}: strides {v_t.strides} != NumPy's {v_a.strides} (shape {v_a.shape})"
    assert v_t.is_contiguous() == v_a.flags.c_contiguous, \
        f"{ctx}: is_contiguous() {v_t.is_contiguous()} but NumPy says {v_a.flags.c_contiguous} (strides {v_t.strides})"


@examples(1.35)
@given(data=st.data(), dt=st.sampled_from(DTYPES),
       shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5), steps=st.integers(1, 4))
def test_view_chains_match_numpy(data, dt, shape, steps):
    base_a = data.draw(hnp.arrays(np.dtype(dt), shape, elements=elements(dt)), label="base")
    base_t = tensor_of(base_a)
    a, t, ctx = base_a, base_t, f"base{shape}"
    for _ in range(steps):
        desc, f_np, f_cp = data.draw(view_step(a.shape), label="step")
        # reshape of a non-contiguous view may copy (NumPy does when the
        # strides do not allow a view; corepy always does, see
        # test_reshape_of_a_strided_view_is_a_view_where_numpy_s_is):
        # then only the values are compared. Everything else is a view.
        values_only = "reshape" in desc and not a.flags.c_contiguous
        a, t, ctx = f_np(a), f_cp(t), ctx + desc
        check_view(t, a, base_t, base_a, ctx, values_only=values_only)
        if values_only:  # continue from fresh bases
            a, t = np.ascontiguousarray(a), t.contiguous()
            base_a, base_t = a, t


@examples(0.7)
@given(data=st.data(), dt=st.sampled_from(DTYPES),
       shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5), steps=st.integers(1, 3))
def test_writes_through_view_chains_reach_the_base(data, dt, shape, steps):
    base_a = data.draw(hnp.arrays(np.dtype(dt), shape, elements=elements(dt)), label="base")
    base_t = tensor_of(base_a)
    a, t, ctx = base_a, base_t, f"base{shape}"
    for _ in range(steps):
        desc, f_np, f_cp = data.draw(view_step(a.shape, allow_broadcast=False), label="step")
        if "reshape" in desc and not a.flags.c_contiguous:
            break  # may copy (see test_view_chains_match_numpy): writes would not reach the base
        a2 = f_np(a)
        a, t, ctx = a2, f_cp(t), ctx + desc
    value = data.draw(hnp.arrays(np.dtype(dt), a.shape, elements=elements(dt)), label="value")
    a[...] = value
    t[...] = tensor_of(value)
    assert_same(base_t, base_a, context=f"{ctx}[...] = value")  # an empty view: the base is left alone
    if a.size:  # and a scalar write to the first element of the view
        first = (0,) * a.ndim
        s = value.flat[-1].item()
        a[first] = s
        t[first] = s
        assert_same(base_t, base_a, context=f"{ctx}[{first}] = {s!r}")


@examples(0.25)
@given(data=st.data(), dt=st.sampled_from(DTYPES), shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5))
def test_reshape_of_contiguous_is_a_view_with_c_strides(data, dt, shape):
    base_a = data.draw(hnp.arrays(np.dtype(dt), shape, elements=elements(dt)), label="base")
    base_t = tensor_of(base_a)
    target = data.draw(reshape_target(shape), label="target")
    r = base_t.reshape(target)
    expected = base_a.reshape(target)
    assert_same(r, expected, context=f"{shape} -> {target}")
    assert data_ptr(r) == data_ptr(base_t), "reshape of a contiguous tensor must be a view"
    assert r.is_contiguous()


def test_reshape_of_a_strided_view_is_a_view_where_numpy_s_is():
    """NumPy reshapes without copying whenever the strides allow it (adding
    size-1 dims, splitting a strided dim); the result writes through."""
    base_a = np.arange(24).reshape(4, 6)
    base_t = tensor_of(base_a)
    for desc, f in [("[:, ::2].reshape(4, 3, 1)", lambda z: z[:, ::2].reshape(4, 3, 1)),
                    ("[::2].reshape(2, 2, 3)", lambda z: z[::2].reshape(2, 2, 3)),
                    ("[:, ::-1].reshape(4, 2, 3)", lambda z: z[:, ::-1].reshape(4, 2, 3)),
                    (".T.reshape(3, 2, 4)", lambda z: z.T.reshape(3, 2, 4))]:
        a, t = f(base_a), f(base_t)
        assert np.shares_memory(a, base_a), desc
        check_view(t, a, base_t, base_a, desc)


@pytest.mark.parametrize("dt", DTYPES)
def test_strides_are_numpy_s_in_bytes(dt):
    a = np.zeros((2, 3, 4), dtype=dt)
    t = tensor_of(a)
    assert t.strides == a.strides
    assert t.T.strides == a.T.strides
    assert t[:, ::-2, 1:].strides == a[:, ::-2, 1:].strides
    assert t.itemsize == a.itemsize and t.nbytes == a.nbytes
    assert t.transpose(1, 0, 2).strides == a.transpose(1, 0, 2).strides
    assert t[..., None, ::3].strides[-1] == a[..., None, ::3].strides[-1]


def test_views_from_the_issue():
    a = np.arange(24.0).reshape(2, 3, 4)
    t = tensor_of(a)
    for desc, f in [("[::-2]", lambda z: z[::-2]), (".T", lambda z: z.T), ("[..., 1:]", lambda z: z[..., 1:]),
                    ("flip(0)", lambda z: z[::-1] if isinstance(z, np.ndarray) else z.flip(0)),
                    ("[None, ..., ::-1, None]", lambda z: z[None, ..., ::-1, None]),
                    ("[-1, :, -2]", lambda z: z[-1, :, -2]), ("[1:1]", lambda z: z[1:1])]:
        check_view(f(t), f(a), t, a, desc)


@pytest.mark.parametrize("dt", DTYPES)
def test_contiguous(dt):
    a = (np.arange(24) % 3).astype(dt).reshape(4, 6)
    t = tensor_of(a)
    c = t.contiguous()
    assert data_ptr(c) == data_ptr(t), "contiguous() of a contiguous tensor returns it (no copy)"
    for v, va in [(t.T, a.T), (t[::-1, ::2], a[::-1, ::2]), (t.broadcast_to((2, 4, 6)), np.broadcast_to(a, (2, 4, 6)))]:
        assert not v.is_contiguous()
        c = v.contiguous()
        assert c.is_contiguous()
        assert_same(c, va)
        assert c.strides == np.ascontiguousarray(va).strides
        assert not np.shares_memory(c.numpy(), t.numpy())


def test_views_keep_their_base_alive():
    base = cp.arange(10)
    v = base[::2]
    del base
    gc.collect()
    assert v.tolist() == [0, 2, 4, 6, 8]
    w = cp.arange(12.0).reshape(3, 4).T[::-1]
    gc.collect()
    arr = w.numpy()
    del w
    gc.collect()
    np.testing.assert_array_equal(arr, np.arange(12.0).reshape(3, 4).T[::-1])
    # A NumPy array of a tensor keeps the tensor's memory alive after the tensor goes.
    n = cp.arange(6).reshape(2, 3)[:, 1:].numpy()
    gc.collect()
    _ = [cp.ones(1000) for _ in range(20)]  # reuse of freed blocks would show up here
    np.testing.assert_array_equal(n, np.array([[1, 2], [4, 5]]))


def test_numpy_shares_memory_both_ways():
    t = cp.zeros((3, 4))
    a = t.numpy()
    a[1, 2] = 7.0
    assert t.tolist()[1][2] == 7.0
    t[0, 0] = -1.0
    assert a[0, 0] == -1.0
    v = t[::-1, 1::2]
    av = v.numpy()
    assert np.shares_memory(av, a)
    np.testing.assert_array_equal(av, a[::-1, 1::2])


def test_module_functions_match_methods():
    a = np.arange(24).reshape(2, 3, 4)
    t = tensor_of(a)
    assert_same(cp.matrix_transpose(t), np.matrix_transpose(a))
    assert_same(cp.transpose(t), np.transpose(a))
    assert_same(t.transpose(), a.transpose())
    assert_same(t.transpose(None), a.transpose(None))
    assert_same(t.transpose((2, 0, 1)), a.transpose((2, 0, 1)))
    assert_same(t.transpose([2, 0, 1]), a.transpose([2, 0, 1]))
    assert_same(cp.expand_dims(t, -1), np.expand_dims(a, -1))
    assert_same(cp.squeeze(cp.expand_dims(t, 0), 0), a)
    assert_same(cp.broadcast_to(t[0, 0], (3, 4)), np.broadcast_to(a[0, 0], (3, 4)))
    assert_same(cp.moveaxis(t, [0, 1], [-1, 0]), np.moveaxis(a, [0, 1], [-1, 0]))
    assert_same(cp.flip(t, (0, 2)), np.flip(a, (0, 2)))
    assert_same(cp.reshape(t, -1), np.reshape(a, -1))
    assert_same(t.reshape(4, -1), a.reshape(4, -1))
    assert_same(t.mT, np.matrix_transpose(a))


def test_zero_d_and_empty_views():
    z = cp.tensor(5.0)
    assert z.T.shape == () and z.T.item() == 5.0
    assert z[None].shape == (1,) and z[...].shape == ()
    assert z.reshape(1, 1).shape == (1, 1)
    assert z.flip().item() == 5.0
    e = cp.zeros((0, 3))
    for desc, f in [(".T", lambda x: x.T), ("[::-1]", lambda x: x[::-1]), ("reshape(3, 0)", lambda x: x.reshape(3, 0)),
                    ("flip", lambda x: x[::-1, ::-1] if isinstance(x, np.ndarray) else x.flip()),
                    ("broadcast_to", lambda x: np.broadcast_to(x, (2, 0, 3)) if isinstance(x, np.ndarray)
                     else x.broadcast_to((2, 0, 3)))]:
        assert_same(f(e), f(np.zeros((0, 3))), context=desc)

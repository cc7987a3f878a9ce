"""File I/O against NumPy: .npy (save/load, byte-for-byte headers, every
dtype, 0-d and empty, Fortran order, big-endian, format versions), .npz
(savez, savez_compressed, NpzFile), raw tofile/fromfile, atomic saves (a
save killed midway leaves the old file intact) and corrupt or unsupported
files (ValueError / TypeError naming the file and the problem)."""
import io
import os
import signal
import stat
import struct
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corepy as cp
from cp_testing import (DTYPES, EMPTY_SHAPES, assert_same, dtype_and_array, examples, operands, random_array,
                        shape_id, small_shapes, tensor_of)

SHAPES = [(), (1,), (7,), (3, 4), (2, 3, 5), (1, 1, 1, 2), (100_003,), (12345, 2)] + EMPTY_SHAPES
MULTIBYTE = [d for d in DTYPES if np.dtype(d).itemsize > 1]


def np_bytes(a, **kw):
    f = io.BytesIO()
    np.save(f, a, **kw)
    return f.getvalue()


def cp_bytes(t):
    f = io.BytesIO()
    cp.save(f, t)
    return f.getvalue()


def load_bytes(b, name="mem.npy"):
    f = io.BytesIO(b)
    f.name = name
    return cp.load(f)


# --------------------------------------------------------------------------
# .npy: both directions, byte for byte
# --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_save_writes_numpys_bytes_and_both_load_it(dtype, shape, tmp_path):
    a = random_array(dtype, shape, seed=len(shape) + 7)
    t = tensor_of(a)
    got = cp_bytes(t)
    assert got == np_bytes(a), f"{dtype} {shape}: cp.save differs from np.save"
    cp.save(tmp_path / "c.npy", t)
    np.save(tmp_path / "n.npy", a)
    assert (tmp_path / "c.npy").read_bytes() == (tmp_path / "n.npy").read_bytes()
    back = np.load(tmp_path / "c.npy")
    np.testing.assert_array_equal(back, a, strict=True)
    assert_same(cp.load(tmp_path / "n.npy"), a, context=f"np.save -> cp.load {dtype} {shape}")
    assert_same(cp.load(tmp_path / "c.npy"), a, context=f"cp.save -> cp.load {dtype} {shape}")


@examples(0.5)
@given(dtype_and_array())
def test_round_trips_any_values(da):
    _, a = da
    assert cp_bytes(tensor_of(a)) == np_bytes(a)
    assert_same(load_bytes(np_bytes(a)), a)


@examples(0.4)
@given(st.data())
def test_views_are_saved_in_c_order(data):
    dtype = data.draw(st.sampled_from(DTYPES))
    op = data.draw(operands(dtype, data.draw(small_shapes)))
    b = cp_bytes(op.t)
    np.testing.assert_array_equal(np.load(io.BytesIO(b)), op.a, strict=True)
    # The bytes of the C-order copy NumPy would write.
    assert b == np_bytes(op.a.copy(order="C"))


def test_large_array_crosses_chunks(tmp_path):
    a = random_array("float64", (3, 700_001), seed=3)  # ~16.8 MB: several read/write chunks
    cp.save(tmp_path / "big.npy", tensor_of(a))
    assert (tmp_path / "big.npy").read_bytes() == np_bytes(a)
    assert_same(cp.load(tmp_path / "big.npy"), a)


def test_save_accepts_array_likes_and_scalars():
    for x in ([[1, 2], [3, 4]], 2.5, True, np.arange(5, dtype=np.int16)):
        expected = np.asarray(cp.tensor(x).numpy())
        np.testing.assert_array_equal(np.load(io.BytesIO(cp_bytes(x))), expected, strict=True)


def test_several_arrays_in_one_file_object():
    a, b = np.arange(6, dtype=np.int32).reshape(2, 3), np.array([1.5, -2.0])
    f = io.BytesIO()
    cp.save(f, tensor_of(a))
    cp.save(f, tensor_of(b))
    f.seek(0)
    assert_same(cp.load(f), a)
    assert_same(cp.load(f), b)
    f = io.BytesIO(np_bytes(a) + np_bytes(b))
    assert_same(cp.load(f), a)
    assert_same(cp.load(f), b)


def test_suffix_rules_match_numpy(tmp_path):
    ours, theirs = tmp_path / "cp", tmp_path / "np"
    ours.mkdir()
    theirs.mkdir()
    for name in ["plain", "already.npy", "other.txt"]:
        cp.save(str(ours / name), cp.tensor([1]))
        np.save(str(theirs / name), np.array([1]))
    cp.save(ours / "pathlike", cp.tensor([1]))
    np.save(theirs / "pathlike", np.array([1]))
    cp.savez(str(ours / "arch"), cp.tensor([1]))
    np.savez(str(theirs / "arch"), np.array([1]))
    cp.savez_compressed(ours / "comp.npz", cp.tensor([1]))
    np.savez_compressed(theirs / "comp.npz", np.array([1]))
    assert sorted(os.listdir(ours)) == sorted(os.listdir(theirs))


# --------------------------------------------------------------------------
# Fortran order, byte order, format versions
# --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(2, 3), (3, 1, 4), (2, 3, 4, 2), (0, 3), (5,)], ids=shape_id)
def test_fortran_order_files_become_c_order(dtype, shape):
    a = np.asfortranarray(random_array(dtype, shape, seed=5))
    raw = np_bytes(a)
    if a.ndim > 1 and a.size:
        assert b"'fortran_order': True" in raw
    t = load_bytes(raw)
    assert_same(t, np.ascontiguousarray(a))
    assert t.numpy().flags.c_contiguous


@pytest.mark.parametrize("dtype", MULTIBYTE)
@pytest.mark.parametrize("fortran", [False, True])
def test_big_endian_files_become_native(dtype, fortran):
    a = random_array(dtype, (4, 3), seed=9)
    big = a.astype(np.dtype(dtype).newbyteorder(">"))
    if fortran:
        big = np.asfortranarray(big)
    raw = np_bytes(big)
    assert f"'descr': '>{np.dtype(dtype).kind}{np.dtype(dtype).itemsize}'".encode() in raw
    t = load_bytes(raw)
    assert_same(t, a)
    # Saved back, it is NumPy's native-order file.
    assert cp_bytes(t) == np_bytes(a)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8"])
def test_one_byte_dtypes_with_any_byte_order(dtype):
    a = random_array(dtype, (5,), seed=1)
    hdr = np_bytes(a).replace(b"'|", b"'<")
    assert_same(load_bytes(hdr), a)


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_every_format_version_reads(version):
    a = random_array("float32", (3, 5), seed=2)
    f = io.BytesIO()
    np.lib.format.write_array(f, a, version=version)
    assert f.getvalue()[6:8] == bytes(version)
    assert_same(load_bytes(f.getvalue()), a)


def test_bool_bytes_other_than_one_read_as_true():
    raw = bytearray(np_bytes(np.array([True, False, True])))
    raw[-1] = 7  # NumPy reads any nonzero byte as True
    t = load_bytes(bytes(raw))
    np.testing.assert_array_equal(t.numpy(), np.load(io.BytesIO(bytes(raw))))
    assert t.tolist() == [True, False, True]
    assert cp_bytes(t) == np_bytes(np.array([True, False, True]))


# --------------------------------------------------------------------------
# .npz
# --------------------------------------------------------------------------

def _arrays():
    return {"a": random_array("float64", (3, 4), seed=1), "b": np.array(True), "c": np.zeros((0, 2), np.int8),
            "d": random_array("uint8", (17,), seed=2), "e": random_array("int16", (2, 2, 2), seed=3)}


@pytest.mark.parametrize("compressed", [False, True])
def test_savez_is_read_by_numpy(compressed, tmp_path):
    arrs = _arrays()
    pos = [random_array("int32", (4,), seed=4), random_array("float32", (), seed=5)]
    save = cp.savez_compressed if compressed else cp.savez
    save(tmp_path / "x.npz", *[tensor_of(p) for p in pos], **{k: tensor_of(v) for k, v in arrs.items()})
    with zipfile.ZipFile(tmp_path / "x.npz") as z:
        kinds = {i.compress_type for i in z.infolist()}
        assert kinds == {zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED}
        for k, v in arrs.items():
            assert z.read(f"{k}.npy") == np_bytes(v), k
    with np.load(tmp_path / "x.npz") as z:
        assert sorted(z.files) == sorted(list(arrs) + ["arr_0", "arr_1"])
        for k, v in arrs.items():
            np.testing.assert_array_equal(z[k], v, strict=True)
        for i, p in enumerate(pos):
            np.testing.assert_array_equal(z[f"arr_{i}"], p, strict=True)


@pytest.mark.parametrize("compressed", [False, True])
def test_numpy_npz_is_read(compressed, tmp_path):
    arrs = _arrays()
    (np.savez_compressed if compressed else np.savez)(tmp_path / "n.npz", np.arange(3), **arrs)
    with cp.load(tmp_path / "n.npz") as z:
        assert isinstance(z, cp.NpzFile)
        assert z.files == np.load(tmp_path / "n.npz").files
        assert list(z.keys()) == z.files and len(z) == len(arrs) + 1
        assert "a" in z and "a.npy" in z and "zz" not in z
        for k, v in arrs.items():
            assert_same(z[k], v, context=k)
        assert_same(z["a.npy"], arrs["a"])
        assert_same(z.f.d, arrs["d"])
        assert_same(z["arr_0"], np.arange(3))
        assert len(list(z.values())) == len(z) and dict(z.items()).keys() == set(z.files)
        with pytest.raises(KeyError, match="zz is not a file in the archive"):
            z["zz"]
        with pytest.raises(AttributeError):
            z.f.zz
        assert "NpzFile" in repr(z) and "n.npz" in repr(z)
    assert z.zip is None and z.fid is None  # closed by the with block
    with pytest.raises(ValueError, match="closed"):
        z["a"]


def test_npz_on_file_objects():
    f = io.BytesIO()
    cp.savez(f, x=cp.tensor([1.0, 2.0]))
    f.seek(0)
    with np.load(f) as z:
        np.testing.assert_array_equal(z["x"], [1.0, 2.0])
    g = io.BytesIO()
    np.savez(g, y=np.arange(4))
    g.seek(0)
    z = cp.load(g)
    assert_same(z["y"], np.arange(4))
    z.close()
    assert not g.closed  # a caller's file object stays open, as in NumPy


def test_npz_name_clash_and_non_npy_members(tmp_path):
    with pytest.raises(ValueError, match="arr_0"):
        np.savez(io.BytesIO(), np.zeros(1), arr_0=np.zeros(1))
    with pytest.raises(ValueError, match="Cannot use un-named variables and keyword arr_0"):
        cp.savez(tmp_path / "clash", cp.zeros(1), arr_0=cp.zeros(1))
    assert not list(tmp_path.iterdir())
    with zipfile.ZipFile(tmp_path / "m.npz", "w") as z:
        z.writestr("notes.txt", b"hello")
        z.writestr("v.npy", np_bytes(np.arange(3)))
    with cp.load(tmp_path / "m.npz") as z, np.load(tmp_path / "m.npz") as n:
        assert z.files == n.files
        assert z["notes.txt"] == n["notes.txt"] == b"hello"
        assert_same(z["v"], n["v"])


# --------------------------------------------------------------------------
# Atomic saves
# --------------------------------------------------------------------------

_KILL_CHILD = r"""
import sys
import corepy as cp
path = sys.argv[1]
big = cp.arange(20_000_000, dtype="float64")  # 160 MB: the write takes a while
print("ready", flush=True)
sys.stdin.readline()
cp.save(path, big)
print("done", flush=True)
"""


def _temp_files(folder, name):
    return [p for p in os.listdir(folder) if p.startswith(f".{name}.") and p.endswith(".tmp")]


def test_killed_save_leaves_the_old_file(tmp_path):
    """A process SIGKILLed while cp.save writes over an existing file: the
    file still holds the old array. The only other file left is the save's
    own temporary file (`.<name>.<hex>.tmp`), which a killed process cannot
    remove."""
    old = random_array("int32", (50, 7), seed=11)
    target = tmp_path / "data.npy"
    np.save(target, old)
    old_bytes = target.read_bytes()
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(cp.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([package_parent] + [os.environ.get("PYTHONPATH", "")]))
    killed_mid_save = False
    for _attempt in range(3):
        child = subprocess.Popen([sys.executable, "-c", _KILL_CHILD, str(target)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, env=env, cwd=str(tmp_path.parent), text=True)
        try:
            assert child.stdout.readline().strip() == "ready"
            child.stdin.write("go\n")
            child.stdin.flush()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                tmps = _temp_files(tmp_path, "data.npy")
                if tmps and os.path.getsize(tmp_path / tmps[0]) > 0:
                    break
                if child.poll() is not None:
                    break
                time.sleep(0.0005)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(30)
        if child.returncode == -signal.SIGKILL and _temp_files(tmp_path, "data.npy"):
            killed_mid_save = True
            break
    assert killed_mid_save, "the child finished its save before it could be killed three times"
    assert target.read_bytes() == old_bytes
    assert_same(cp.load(target), old)
    others = sorted(set(os.listdir(tmp_path)) - {"data.npy"})
    assert len(others) == 1 and others == _temp_files(tmp_path, "data.npy"), others
    assert os.path.getsize(tmp_path / others[0]) < 160_000_128


@pytest.mark.parametrize("fail_in", ["fsync", "replace"])
@pytest.mark.parametrize("exc", [OSError("disk full"), KeyboardInterrupt()], ids=["OSError", "KeyboardInterrupt"])
def test_failed_save_removes_its_temp_file(fail_in, exc, tmp_path, monkeypatch):
    old = np.arange(5.0)
    for target, save in [(tmp_path / "a.npy", lambda p: cp.save(p, cp.zeros(3))),
                         (tmp_path / "z.npz", lambda p: cp.savez(p, x=cp.zeros(3))),
                         (tmp_path / "r.bin", lambda p: cp.zeros(3).tofile(p))]:
        target.write_bytes(np_bytes(old))
        before = target.read_bytes()

        def boom(*a, **k):
            raise exc
        with monkeypatch.context() as m:
            m.setattr(os, fail_in, boom)
            with pytest.raises(type(exc)):
                save(target)
        assert target.read_bytes() == before
        assert not [p for p in os.listdir(tmp_path) if p.startswith(".") or p.endswith(".tmp")]


def test_save_keeps_mode_and_symlinks(tmp_path):
    np.save(tmp_path / "n.npy", np.zeros(1))
    cp.save(tmp_path / "c.npy", cp.zeros(1))
    assert stat.S_IMODE(os.stat(tmp_path / "c.npy").st_mode) == stat.S_IMODE(os.stat(tmp_path / "n.npy").st_mode)
    os.chmod(tmp_path / "c.npy", 0o600)
    cp.save(tmp_path / "c.npy", cp.ones(2))
    assert stat.S_IMODE(os.stat(tmp_path / "c.npy").st_mode) == 0o600
    os.symlink("c.npy", tmp_path / "link.npy")
    cp.save(tmp_path / "link.npy", cp.arange(3))
    assert os.path.islink(tmp_path / "link.npy")
    assert_same(cp.load(tmp_path / "c.npy"), np.arange(3))


# --------------------------------------------------------------------------
# Corrupt and unsupported files
# --------------------------------------------------------------------------

def _good():
    return np_bytes(np.arange(10.0))


def _hdr(text, version=1):
    fmt = "<H" if version == 1 else "<I"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(fmt, len(text)) + text.encode("latin1")


CORRUPT = {
    "empty": (b"", "empty"),
    "wrong magic": (b"\x89PNG\r\n\x1a\n" + _good()[8:], "wrong magic"),
    "pickle": (b"\x80\x04\x95" + b"\0" * 40, "wrong magic"),
    "truncated magic": (_good()[:4], "truncated header"),
    "truncated length": (_good()[:9], "truncated header"),
    "truncated header": (_good()[:60], "truncated header"),
    "unknown version": (_good()[:6] + b"\x07\x00" + _good()[8:], "unknown .npy format version 7.0"),
    "truncated data": (_good()[:-1], "truncated data"),
    "no data": (_good()[:128], "truncated data"),
    "extra data": (_good() + b"\0" * 8, "8 bytes too many"),
    "shape too big": (_hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (11,), }\n") + b"\0" * 80,
                      "truncated data"),
    "not a dict": (_hdr("[1, 2, 3]\n") + b"\0" * 8, "not a dict"),
    "missing key": (_hdr("{'descr': '<f8', 'shape': (1,), }\n") + b"\0" * 8, "keys"),
    "bad shape": (_hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }\n"), "shape"),
    "garbage header": (_hdr("{'descr': '<f8', 'fortran_order': Fals"), "bad header"),
    "bad descr": (_hdr("{'descr': 'zz', 'fortran_order': False, 'shape': (1,), }\n") + b"\0" * 8, "descriptor"),
    "huge shape": (_hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (10**30,), }\n"), "bad header"),
    "overflowing shape": (_hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }\n"),
                          "too large"),
}


@pytest.mark.parametrize("case", list(CORRUPT))
def test_corrupt_npy_raises_value_error(case, tmp_path):
    raw, phrase = CORRUPT[case]
    path = tmp_path / "broken.npy"
    path.write_bytes(raw)
    with pytest.raises(ValueError) as info:
        cp.load(path)
    msg = str(info.value)
    assert "broken.npy" in msg and phrase in msg, msg
    # NumPy refuses these files too (with various exception types), except
    # trailing bytes, which it ignores.
    if case != "extra data":
        with pytest.raises(Exception):
            np.load(path, allow_pickle=False)


def test_max_header_size(tmp_path):
    text = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }" + " " * 20000 + "\n"
    raw = _hdr(text, version=2) + np.array([1, 2], np.int32).tobytes()
    with pytest.raises(ValueError, match="max_header_size"):
        load_bytes(raw, "big.npy")
    with pytest.raises(ValueError):
        np.load(io.BytesIO(raw))
    assert cp.load(io.BytesIO(raw), max_header_size=30000).tolist() == [1, 2]


def test_corrupt_npz(tmp_path):
    (tmp_path / "z.npz").write_bytes(b"PK\x03\x04" + b"garbage" * 10)
    with pytest.raises(ValueError, match="z.npz.*not a valid .npz"):
        cp.load(tmp_path / "z.npz")
    with zipfile.ZipFile(tmp_path / "m.npz", "w") as z:
        z.writestr("bad.npy", _good()[:-3])
        z.writestr("ok.npy", _good())
    with cp.load(tmp_path / "m.npz") as z:
        assert_same(z["ok"], np.arange(10.0))
        with pytest.raises(ValueError, match=r"m.npz' member 'bad.npy'.*truncated data"):
            z["bad"]


UNSUPPORTED = {
    "complex128": (lambda: np.zeros(2, np.complex128), "complex128"),
    "float16": (lambda: np.zeros(2, np.float16), "float16"),
    "uint64": (lambda: np.zeros(2, np.uint64), "uint64"),
    "uint16": (lambda: np.zeros(2, np.uint16), "uint16"),
    "str": (lambda: np.array(["ab", "c"]), "unicode"),
    "bytes": (lambda: np.array([b"ab"]), "byte string"),
    "datetime": (lambda: np.zeros(2, "M8[ns]"), "datetime64"),
    "object": (lambda: np.array([1, "x"], dtype=object), "object"),
    "structured": (lambda: np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]), "[('a', '<i4'), ('b', '<f8')] (a structured dtype"),
}


@pytest.mark.parametrize("case", list(UNSUPPORTED))
def test_unsupported_dtypes_raise_type_error(case, tmp_path):
    make, phrase = UNSUPPORTED[case]
    np.save(tmp_path / "odd.npy", make(), allow_pickle=True)
    with pytest.raises(TypeError) as info:
        cp.load(tmp_path / "odd.npy")
    msg = str(info.value)
    assert "odd.npy" in msg and phrase in msg and "not supported" in msg, msg


def test_file_mode_and_option_errors(tmp_path):
    path = tmp_path / "t.npy"
    np.save(path, np.arange(3))
    with open(path, encoding="latin1") as f, pytest.raises(TypeError, match="binary mode"):
        cp.load(f)
    with open(tmp_path / "w.npy", "w") as f, pytest.raises(TypeError):
        cp.save(f, cp.zeros(2))
    with pytest.raises(NotImplementedError, match="mmap_mode"):
        cp.load(path, mmap_mode="r")
    with pytest.raises(FileNotFoundError):
        cp.load(tmp_path / "missing.npy")


# --------------------------------------------------------------------------
# tofile / fromfile
# --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (9,), (3, 4)], ids=shape_id)
def test_tofile_fromfile_match_numpy(dtype, shape, tmp_path):
    a = random_array(dtype, shape, seed=6)
    tensor_of(a).tofile(tmp_path / "c.bin")
    a.tofile(tmp_path / "n.bin")
    assert (tmp_path / "c.bin").read_bytes() == (tmp_path / "n.bin").read_bytes()
    for kw in [{}, {"count": 2}, {"count": 1000}, {"offset": np.dtype(dtype).itemsize}, {"count": 0},
               {"offset": 3, "count": 1}]:
        try:
            expected = np.fromfile(tmp_path / "n.bin", dtype=dtype, **kw)
        except ValueError:  # an offset past the end of the file
            with pytest.raises(ValueError, match="c.bin.*past the end"):
                cp.fromfile(tmp_path / "c.bin", dtype=dtype, **kw)
            continue
        assert_same(cp.fromfile(tmp_path / "n.bin", dtype=dtype, **kw), expected, context=f"{dtype} {kw}")
        assert_same(cp.fromfile(str(tmp_path / "c.bin"), dtype=cp.dtype(dtype), **kw), expected)


def test_fromfile_dtypes_with_byte_order_and_file_objects(tmp_path):
    a = random_array("int32", (10,), seed=8)
    a.astype(">i4").tofile(tmp_path / "be.bin")
    assert_same(cp.fromfile(tmp_path / "be.bin", dtype=">i4"), a)
    assert_same(cp.fromfile(tmp_path / "be.bin", dtype=np.dtype(">i4")), a)
    b = random_array("float64", (6,), seed=9)
    b.tofile(tmp_path / "le.bin")
    assert_same(cp.fromfile(tmp_path / "le.bin"), b)  # dtype=float, as NumPy
    assert_same(cp.fromfile(tmp_path / "le.bin", dtype=np.float64), b)
    with open(tmp_path / "le.bin", "rb") as f:
        f.read(8)
        got = cp.fromfile(f, dtype="f8", count=2, offset=8)  # offset from the current position
        assert_same(got, b[2:4])
        assert f.tell() == 32
        assert_same(cp.fromfile(f, dtype="f8"), b[4:])
    stream = io.BytesIO(b.tobytes() + b"\x01")
    assert_same(cp.fromfile(stream, dtype="f8"), np.frombuffer(b.tobytes(), np.float64))
    f = io.BytesIO()
    tensor_of(b).tofile(f)
    cp.tensor([1, 2], dtype="int8").tofile(f)
    assert f.getvalue() == b.tobytes() + b"\x01\x02"
    # A tensor view is written in C order, as NumPy's tofile.
    t = tensor_of(random_array("int16", (3, 4), seed=1))
    t.T.tofile(tmp_path / "t.bin")
    assert (tmp_path / "t.bin").read_bytes() == np.ascontiguousarray(t.numpy().T).tobytes()


def test_fromfile_and_tofile_errors(tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\0" * 8)
    with pytest.raises(NotImplementedError, match="text mode"):
        cp.fromfile(tmp_path / "x.bin", dtype="f8", sep=",")
    with pytest.raises(NotImplementedError, match="text mode"):
        cp.zeros(2).tofile(tmp_path / "y.txt", sep=" ")
    assert not (tmp_path / "y.txt").exists()
    with pytest.raises(ValueError, match="count"):
        cp.fromfile(tmp_path / "x.bin", dtype="f8", count=-2)
    with pytest.raises(ValueError, match="x.bin.*past the end"):
        cp.fromfile(tmp_path / "x.bin", dtype="u1", offset=30)
    with pytest.raises(TypeError, match="complex128"):
        cp.fromfile(tmp_path / "x.bin", dtype="<c16")
    with pytest.raises(TypeError):
        cp.fromfile(tmp_path / "x.bin", dtype="u8")  # NumPy's uint64, which corepy lacks

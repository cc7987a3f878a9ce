"""Saving and loading tensors in NumPy's file formats.

``save``/``load`` use NumPy's ``.npy`` format (files NumPy reads and writes
interchangeably: ``cp.save`` writes the same bytes as ``np.save`` for a
C-order array), ``savez``/``savez_compressed`` its ``.npz`` zip archives of
``.npy`` members, and ``Tensor.tofile``/``fromfile`` raw element bytes.

This module only handles paths, file objects and the zip container (the
standard ``zipfile`` module); the native module parses and writes the
``.npy`` headers and moves the element bytes.

Saving to a path never leaves a damaged file: the data goes to a temporary
file in the same folder (named ``.<name>.<random hex>.tmp``), which is
flushed, synced to disk and then renamed over the target in one step
(``os.replace``). On an error the temporary file is removed and an existing
file keeps its old contents. Only a process killed during the write (which
cannot clean up after itself) leaves its temporary file behind; the target
is then still the old file. Writes to an open file object go straight to it.
"""
import collections.abc
import os
import stat
import zipfile

from corepy import _corepy
from corepy._corepy import Tensor

_ZIP_PREFIXES = (b"PK\x03\x04", b"PK\x05\x06")  # a zip member, an empty zip
_MAX_HEADER_SIZE = 10000


def _is_path(file):
    return isinstance(file, (str, bytes, os.PathLike))


def _source(file):
    """The name a message gives the file: its path, or the file object's name."""
    if _is_path(file):
        return repr(os.fsdecode(file))
    name = getattr(file, "name", None)
    return repr(os.fsdecode(name)) if isinstance(name, (str, bytes)) else f"<{type(file).__name__} object>"


def _with_suffix(path, suffix):
    path = os.fspath(path)
    if isinstance(path, bytes):
        return path if path.endswith(suffix.encode()) else path + suffix.encode()
    return path if path.endswith(suffix) else path + suffix


def _bytes_left(f):
    """Bytes from the position of `f` to its end, or None when unknown."""
    try:
        if not f.seekable():
            return None
        pos = f.tell()
        end = f.seek(0, os.SEEK_END)
        f.seek(pos)
    except (AttributeError, OSError, ValueError):
        return None
    return end - pos


def _as_tensor(x):
    return x if isinstance(x, Tensor) else _corepy.tensor(x)


def _fsync_dir(folder):
    """Make a rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path, write):
    """Run ``write(f)`` on a temporary file next to ``path``, then rename it
    over ``path``; on any error remove it and leave ``path`` untouched."""
    path = os.fsdecode(os.fspath(path))
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(os.path.abspath(target))
    base = os.path.basename(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = os.path.join(folder, f".{base}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as for open()
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        try:  # an overwritten file keeps its permissions, as with open(path, 'wb')
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        except FileNotFoundError:
            pass
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def save(file, arr, allow_pickle=True, fix_imports=True):
    """Save a tensor (or anything ``corepy.tensor`` accepts) to an ``.npy``
    file, as ``numpy.save``: a path without the ``.npy`` suffix gets it; a
    binary file object is written at its position. Non-contiguous tensors
    are written in C order. ``allow_pickle``/``fix_imports`` are accepted for
    NumPy compatibility (corepy never pickles)."""
    t = _as_tensor(arr)
    if hasattr(file, "write"):
        _corepy.npy_save(file, t, _source(file))
        return
    path = _with_suffix(file, ".npy")
    source = _source(path)
    _atomic_write(path, lambda f: _corepy.npy_save(f, t, source))


def _savez(file, args, kwds, compress):
    named = dict(kwds)
    for i, val in enumerate(args):
        key = f"arr_{i}"
        if key in named:
            raise ValueError(f"Cannot use un-named variables and keyword {key}")
        named[key] = val
    tensors = {key: _as_tensor(val) for key, val in named.items()}
    compression = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED

    def write(f, source):
        with zipfile.ZipFile(f, mode="w", compression=compression, allowZip64=True) as zf:
            for key, t in tensors.items():
                member = f"{key}.npy"
                with zf.open(member, "w", force_zip64=True) as m:
                    _corepy.npy_save(m, t, f"{source} member {member!r}")

    if hasattr(file, "write"):
        write(file, _source(file))
        return
    path = _with_suffix(file, ".npz")
    source = _source(path)
    _atomic_write(path, lambda f: write(f, source))


def savez(file, *args, allow_pickle=True, **kwds):
    """Save several tensors into an uncompressed ``.npz`` archive, as
    ``numpy.savez``: positional ones as ``arr_0``, ``arr_1``, ..., keyword
    ones under their names."""
    _savez(file, args, kwds, False)


def savez_compressed(file, *args, allow_pickle=True, **kwds):
    """``savez`` with deflate compression (``numpy.savez_compressed``)."""
    _savez(file, args, kwds, True)


class NpzFile(collections.abc.Mapping):
    """The arrays of an ``.npz`` archive, loaded on access (NumPy's
    ``NpzFile``): ``npz['a']``, ``npz.files``, ``keys()``/``values()``/
    ``items()``, ``npz.f.a``; a context manager that closes the archive.
    Members whose names do not end in ``.npy`` are returned as bytes."""

    zip = None
    fid = None

    def __init__(self, fid, own_fid=False, max_header_size=_MAX_HEADER_SIZE, source=None):
        self._source = source or _source(fid)
        try:
            self.zip = zipfile.ZipFile(fid)
        except zipfile.BadZipFile as e:
            if own_fid:
                fid.close()
            raise ValueError(f"{self._source}: not a valid .npz file: {e}") from None
        self._files = self.zip.namelist()
        self.files = [n[:-4] if n.endswith(".npy") else n for n in self._files]
        self.fid = fid if own_fid else None
        self._max_header_size = max_header_size
        self.f = _Attributes(self)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def close(self):
        """Close the archive (and the file, when it was opened from a path)."""
        if self.zip is not None:
            self.zip.close()
            self.zip = None
        if self.fid is not None:
            self.fid.close()
            self.fid = None
        self.f = None

    def __del__(self):
        self.close()

    def __iter__(self):
        return iter(self.files)

    def __len__(self):
        return len(self.files)

    def __contains__(self, key):
        return key in self.files or key in self._files

    def __getitem__(self, key):
        if key in self._files:
            member = key
        elif key in self.files:
            member = f"{key}.npy"
        else:
            raise KeyError(f"{key} is not a file in the archive")
        if self.zip is None:
            raise ValueError(f"{self._source}: the archive is closed")
        if not member.endswith(".npy"):
            return self.zip.read(member)
        info = self.zip.getinfo(member)
        with self.zip.open(member) as m:
            return _corepy.npy_load(m, f"{self._source} member {member!r}", info.file_size, True,
                                    self._max_header_size)

    def __repr__(self):
        shown = ", ".join(self.files[:5]) + (", ..." if len(self.files) > 5 else "")
        return f"NpzFile {self._source} with keys: {shown}"


class _Attributes:
    """``npz.f.name``: attribute access to the members of an NpzFile."""

    def __init__(self, npz):
        object.__setattr__(self, "_npz", npz)

    def __getattribute__(self, key):
        try:
            return object.__getattribute__(self, "_npz")[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self):
        return object.__getattribute__(self, "_npz").files


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII", *,
         max_header_size=_MAX_HEADER_SIZE):
    """Load a tensor from an ``.npy`` file, or an ``NpzFile`` from an
    ``.npz`` archive (``numpy.load``). Fortran-order and big-endian files
    become C-order tensors in native byte order. A truncated or corrupt file
    raises ValueError, a dtype corepy lacks TypeError, both naming the file.
    Pickled files are not supported; ``mmap_mode`` must be None."""
    if mmap_mode is not None:
        raise NotImplementedError("load: mmap_mode is not supported (corepy tensors own their memory); use mmap_mode=None")
    own = not hasattr(file, "read")
    source = _source(file)
    fid = open(os.fspath(file), "rb") if own else file
    try:
        start = fid.tell()
        prefix = fid.read(4)
        fid.seek(start)
        if prefix in _ZIP_PREFIXES:
            npz = NpzFile(fid, own_fid=own, max_header_size=max_header_size, source=source)
            own = False  # the NpzFile closes it
            return npz
        return _corepy.npy_load(fid, source, _bytes_left(fid), own, max_header_size)
    finally:
        if own:
            fid.close()


def _tofile(t, file, sep, format):
    """``Tensor.tofile``: raw element bytes in C order (binary mode only)."""
    if sep != "":
        raise NotImplementedError(f"tofile: text mode (sep={sep!r}) is not supported; use sep='' for raw binary")
    if hasattr(file, "write"):
        _corepy.tofile(file, t, _source(file))
        return
    source = _source(file)
    _atomic_write(file, lambda f: _corepy.tofile(f, t, source))


def fromfile(file, dtype=float, count=-1, sep="", offset=0, *, like=None):
    """A 1-D tensor of the raw elements of a binary file (``numpy.fromfile``):
    ``count`` elements (-1: all whole elements), starting ``offset`` bytes
    after the file's position. ``dtype`` may carry a byte order ('>i4',
    a NumPy dtype); the result is in native order. Binary mode only."""
    if sep != "":
        raise NotImplementedError(f"fromfile: text mode (sep={sep!r}) is not supported; use sep='' for raw binary")
    own = not hasattr(file, "read")
    source = _source(file)
    fid = open(os.fspath(file), "rb") if own else file
    try:
        if offset:
            fid.seek(offset, os.SEEK_CUR)
        return _corepy.fromfile(fid, dtype, count, _bytes_left(fid), source)
    finally:
        if own:
            fid.close()


__all__ = ["NpzFile", "fromfile", "load", "save", "savez", "savez_compressed"]

//! File I/O behind corepy/npyio.py: `.npy` reads and writes and the raw
//! `tofile` / `fromfile` formats, on Python binary file objects. Python
//! opens files, handles paths, temporary files and the `.npz` zip
//! container; the runtime (corepy_runtime::io) parses and formats headers
//! and moves the element bytes. This file only adapts a Python file object
//! to `std::io::Read` / `Write` (at most `CHUNK` bytes per call, so no copy
//! of a whole array is made) and maps errors.
use std::io::{Read, Write};

use corepy_runtime::io::{data, descr, npy};
use corepy_runtime::Tensor;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::dtype::{dtype_of, PyDType};
use crate::errors::to_py;
use crate::functions::tensor_arg;
use crate::tensor::PyTensor;

/// Bytes moved per call of the file's read/write.
const CHUNK: usize = 1 << 22;

/// A Python binary file object as a Rust stream; the first Python
/// exception it raised is kept and becomes the call's error.
struct PyFile<'py> {
    f: Bound<'py, PyAny>,
    err: Option<PyErr>,
}

impl<'py> PyFile<'py> {
    fn new(f: &Bound<'py, PyAny>) -> Self {
        PyFile { f: f.clone(), err: None }
    }

    fn fail(&mut self, e: PyErr) -> std::io::Error {
        let msg = e.to_string();
        self.err.get_or_insert(e);
        std::io::Error::other(msg)
    }

    /// The runtime's result, with the file's own exception first.
    fn finish<T>(self, r: corepy_runtime::Result<T>) -> PyResult<T> {
        match (r, self.err) {
            (Ok(v), _) => Ok(v),
            (Err(_), Some(e)) => Err(e),
            (Err(e), None) => Err(to_py(e)),
        }
    }
}

impl Read for PyFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(CHUNK);
        let got = match self.f.call_method1("read", (n,)) {
            Ok(g) => g,
            Err(e) => return Err(self.fail(e)),
        };
        if got.is_none() {
            return Ok(0); // a non-blocking stream with no data: treated as its end
        }
        if let Ok(b) = got.downcast::<PyBytes>() {
            let b = b.as_bytes();
            let k = b.len().min(n);
            buf[..k].copy_from_slice(&b[..k]);
            return Ok(k);
        }
        if let Ok(b) = got.downcast::<PyByteArray>() {
            let v = b.to_vec();
            let k = v.len().min(n);
            buf[..k].copy_from_slice(&v[..k]);
            return Ok(k);
        }
        let kind = if got.is_instance_of::<PyString>() { "str (open the file in binary mode, 'rb')".to_string() } else { got.get_type().to_string() };
        Err(self.fail(PyTypeError::new_err(format!("the file's read() returned {kind}, expected bytes"))))
    }
}

impl Write for PyFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(CHUNK);
        let chunk = PyBytes::new(self.f.py(), &buf[..n]);
        match self.f.call_method1("write", (chunk,)) {
            // Raw (unbuffered) files may write fewer bytes; None means all.
            Ok(w) if w.is_none() => Ok(n),
            Ok(w) => match w.extract::<usize>() {
                Ok(k) => Ok(k.min(n)),
                Err(e) => Err(self.fail(e)),
            },
            Err(e) => Err(self.fail(e)),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(()) // the caller flushes and syncs the file it opened
    }
}

/// `npy_save(file, arr, source)`: write `arr` (a tensor or anything
/// `corepy.tensor` accepts) as an `.npy` stream at the file's position.
#[pyfunction]
fn npy_save(file: &Bound<'_, PyAny>, arr: &Bound<'_, PyAny>, source: &str) -> PyResult<()> {
    let t = tensor_arg("save", arr)?;
    let mut f = PyFile::new(file);
    let r = npy::write_npy(&mut f, &t, source);
    f.finish(r)
}

/// `npy_load(file, source, available, exact, max_header_size)`: one array
/// from an `.npy` stream at the file's position (see `npy::ReadOptions`).
#[pyfunction]
#[pyo3(signature = (file, source, available=None, exact=false, max_header_size=npy::MAX_HEADER_SIZE))]
fn npy_load(py: Python<'_>, file: &Bound<'_, PyAny>, source: &str, available: Option<u64>, exact: bool, max_header_size: usize) -> PyResult<PyObject> {
    let opts = npy::ReadOptions { source, available, exact, max_header_size };
    let mut f = PyFile::new(file);
    let r = npy::read_npy(&mut f, &opts);
    PyTensor::wrap(py, f.finish(r)?)
}

/// A `fromfile` dtype: a corepy dtype or name, or a NumPy type string /
/// dtype with a byte order ('>i4', numpy.dtype('>f8')).
fn file_dtype(obj: &Bound<'_, PyAny>, source: &str) -> PyResult<descr::FileDType> {
    if let Ok(d) = obj.extract::<PyDType>() {
        return Ok(data::native(d.0));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        let s = s.to_str()?;
        if let Ok(d) = corepy_runtime::DType::parse(s) {
            return Ok(data::native(d));
        }
        if s.starts_with(['<', '>', '|', '=']) {
            return descr::parse_typestr(s, source).map_err(to_py);
        }
        return Err(to_py(corepy_runtime::DType::parse(s).unwrap_err()));
    }
    // A NumPy dtype object carries its byte order in .str.
    if !obj.is_instance_of::<pyo3::types::PyType>() {
        if let Ok(s) = obj.getattr("str").and_then(|s| s.extract::<String>()) {
            return descr::parse_typestr(&s, source).map_err(to_py);
        }
    }
    Ok(data::native(dtype_of(obj)?))
}

/// `fromfile(file, dtype, count, left, source)`: a 1-D tensor of the raw
/// elements at the file's position (`count` < 0: all of them; `left`: bytes
/// to the end of the file when known).
#[pyfunction]
#[pyo3(signature = (file, dtype, count, left, source))]
fn fromfile(py: Python<'_>, file: &Bound<'_, PyAny>, dtype: &Bound<'_, PyAny>, count: i64, left: Option<i64>, source: &str) -> PyResult<PyObject> {
    let ft = file_dtype(dtype, source)?;
    let count = match count {
        c if c < -1 => return Err(PyValueError::new_err(format!("fromfile: count must be -1 (all) or a non-negative number, got {c}"))),
        -1 => None,
        c => Some(c as usize),
    };
    let mut f = PyFile::new(file);
    let r = data::fromfile(&mut f, ft, count, left, source);
    PyTensor::wrap(py, f.finish(r)?)
}

/// `tofile(file, tensor, source)`: the raw elements, C order, native order.
#[pyfunction(name = "tofile")]
fn tofile_fn(file: &Bound<'_, PyAny>, t: &Bound<'_, PyAny>, source: &str) -> PyResult<()> {
    let t: Tensor = tensor_arg("tofile", t)?;
    let mut f = PyFile::new(file);
    let r = data::tofile(&mut f, &t, source);
    f.finish(r)
}

#[pymethods]
impl PyTensor {
    /// Write the elements to a file (path or binary file object) as raw
    /// bytes in C order, as NumPy's `tofile`; only binary mode (`sep=''`).
    #[pyo3(signature = (file, sep="", format="%s"))]
    fn tofile(slf: &Bound<'_, Self>, file: &Bound<'_, PyAny>, sep: &str, format: &str) -> PyResult<()> {
        let io = slf.py().import("corepy.npyio")?;
        io.call_method1("_tofile", (slf, file, sep, format))?;
        Ok(())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(npy_save, m)?)?;
    m.add_function(wrap_pyfunction!(npy_load, m)?)?;
    m.add_function(wrap_pyfunction!(fromfile, m)?)?;
    m.add_function(wrap_pyfunction!(tofile_fn, m)?)?;
    Ok(())
}

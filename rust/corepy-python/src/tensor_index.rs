//! corepy.Tensor's `t[key]`, `t[key] = value` and iteration. The bridge
//! only converts the Python key into the runtime's `Index` (ints, bools,
//! slices, None, Ellipsis, arrays); the runtime decides between a basic view,
//! a boolean mask, `take` and integer-array indexing (ops::subscript).
use corepy_runtime::basic_index::IndexItem;
use corepy_runtime::ops::subscript::{self, Index, IndexEntry};
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyEllipsis, PyInt, PyList, PySlice, PyString, PyTuple};

use crate::convert::Arg;
use crate::errors::IntoPyResult;
use crate::tensor::{run, PyTensor};

/// A Python key as the runtime's `Index`: a tuple gives one entry per item.
fn index_of(key: &Bound<'_, PyAny>) -> PyResult<Index> {
    match key.downcast::<PyTuple>() {
        Ok(t) => Ok(Index::Tuple(t.iter().map(|k| entry(&k, true)).collect::<PyResult<_>>()?)),
        Err(_) => Ok(Index::Single(entry(key, false)?)),
    }
}

/// One Python index value as an index entry. Ints, slices, None and `...`
/// are tested first and cheaply: probing for `__array_interface__` raises and
/// clears an AttributeError per lookup, most of the cost of `t[1]`.
///
/// An object with `__array_interface__` is an array; inside a tuple it must
/// also have a length, so NumPy scalars there are read through `__index__`
/// (as integers), while a NumPy scalar as the whole key is read as a 0-d array.
fn entry(k: &Bound<'_, PyAny>, in_tuple: bool) -> PyResult<IndexEntry> {
    if k.is_exact_instance_of::<PyInt>() {
        return match k.extract::<i64>() {
            Ok(i) => Ok(IndexEntry::Int(i)),
            // No axis has 2**63 elements: an int beyond int64 is out of bounds.
            Err(_) => Err(PyIndexError::new_err(format!("index {} is out of bounds (indices must fit in int64)", k.str()?))),
        };
    }
    if k.is_none() {
        return Ok(IndexEntry::NewAxis);
    }
    if k.is_instance_of::<PyEllipsis>() {
        return Ok(IndexEntry::Ellipsis);
    }
    if let Ok(sl) = k.downcast::<PySlice>() {
        return slice_entry(sl);
    }
    if let Ok(t) = k.downcast::<PyTensor>() {
        return Ok(IndexEntry::Array(t.get().inner.clone()));
    }
    if let Ok(b) = k.downcast::<PyBool>() {
        return Ok(IndexEntry::Bool(b.is_true()));
    }
    if k.is_instance_of::<PyList>() || (k.hasattr("__array_interface__")? && (!in_tuple || k.hasattr("__len__")?)) {
        return Ok(IndexEntry::Array(crate::convert::tensor_from_data(k.py(), k, None)?));
    }
    if let Ok(i) = k.call_method0("__index__").and_then(|v| v.extract::<i64>()) {
        return Ok(IndexEntry::Int(i));
    }
    Err(PyIndexError::new_err(format!(
        "only integers, slices (`:`), ellipsis (`...`), None and integer or boolean arrays are valid indices, got {}",
        k.get_type().name()?
    )))
}

fn slice_entry(sl: &Bound<'_, PySlice>) -> PyResult<IndexEntry> {
    let py = sl.py();
    // Bounds beyond int64 saturate (the runtime clamps them to the axis
    // anyway, as Python and NumPy do).
    let part = |name: &Bound<'_, PyString>| -> PyResult<Option<i64>> {
        let v = sl.getattr(name)?;
        if v.is_none() {
            return Ok(None);
        }
        let i = if v.is_exact_instance_of::<PyInt>() {
            v
        } else {
            v.call_method0(pyo3::intern!(py, "__index__"))
                .map_err(|_| PyTypeError::new_err("slice indices must be integers or None or have an __index__ method"))?
        };
        Ok(Some(match i.extract::<i64>() {
            Ok(i) => i,
            Err(_) if i.gt(0)? => i64::MAX,
            Err(_) => i64::MIN,
        }))
    };
    Ok(IndexEntry::Slice { start: part(pyo3::intern!(py, "start"))?, stop: part(pyo3::intern!(py, "stop"))?, step: part(pyo3::intern!(py, "step"))? })
}

#[pymethods]
impl PyTensor {
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let index = index_of(key)?;
        // A basic index is a view (no element is touched): it keeps the GIL.
        let work = if index.is_basic() { 0 } else { self.inner.numel() };
        let t = run(py, work, || subscript::getitem(&self.inner, &index))?;
        PyTensor::wrap(py, t)
    }

    fn __setitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(value) = Arg::extract(value, true)? else {
            return Err(PyTypeError::new_err(format!("cannot assign a {} to tensor elements", value.get_type().name()?)));
        };
        let index = index_of(key)?;
        let work = match (&value, index.is_basic()) {
            (Arg::Scalar(_), true) => 0, // one number into a view: no loop worth the GIL release
            (v, true) => v.numel(),
            (_, false) => self.inner.numel(),
        };
        run(py, work, || subscript::setitem(&self.inner, &index, value.operand()))
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<PyObject> {
        let n = *self.inner.shape().first().ok_or_else(|| PyTypeError::new_err("iteration over a 0-d tensor"))?;
        let mut rows = Vec::with_capacity(n);
        for i in 0..n {
            rows.push(PyTensor::wrap(py, self.inner.index(&[IndexItem::Int(i as i64)]).py()?)?);
        }
        Ok(PyList::new(py, rows)?.as_any().try_iter()?.into_any().unbind())
    }
}

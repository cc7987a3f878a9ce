//! Shape and layout functions behind corepy/functions.py: moveaxis, split,
//! tile, repeat, roll. The bridge converts ints, sequences and tensors of
//! ints; corepy-runtime's ops/manipulate.rs validates and does the work.
use corepy_runtime::ops::manipulate::{self, Repeats, SplitSpec};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::functions::tensor_arg;
use crate::tensor::{run, PyTensor};

/// A single integer (a Python int or anything with __index__), not a sequence.
fn int_of(obj: &Bound<'_, PyAny>) -> Option<i64> {
    if obj.downcast::<PyTensor>().is_ok() || obj.hasattr("__len__").unwrap_or(false) {
        return None;
    }
    obj.extract::<i64>().ok()
}

/// An integer or a sequence (or tensor) of integers, as a list.
pub(crate) fn ints_of(name: &str, what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<i64>> {
    if let Some(v) = int_of(obj) {
        return Ok(vec![v]);
    }
    let err = || PyTypeError::new_err(format!("{name}: {what} must be an integer or a sequence of integers, got {}", type_name(obj)));
    let seq = if obj.downcast::<PyTensor>().is_ok() || obj.hasattr("__array_interface__").unwrap_or(false) { obj.call_method0("tolist")? } else { obj.clone() };
    if seq.hasattr("__len__").unwrap_or(false) || seq.downcast::<PyList>().is_ok() {
        let mut out = Vec::new();
        for item in seq.try_iter().map_err(|_| err())? {
            out.push(int_of(&item?).ok_or_else(err)?);
        }
        return Ok(out);
    }
    if let Some(v) = int_of(&seq) {
        return Ok(vec![v]);
    }
    Err(err())
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

#[pyfunction]
pub fn moveaxis(py: Python<'_>, x: &Bound<'_, PyAny>, source: &Bound<'_, PyAny>, destination: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let t = tensor_arg("moveaxis", x)?;
    let (src, dst) = (ints_of("moveaxis", "source", source)?, ints_of("moveaxis", "destination", destination)?);
    PyTensor::wrap(py, run(py, 0, || manipulate::moveaxis(&t, &src, &dst))?)
}

#[pyfunction]
#[pyo3(signature = (x, indices_or_sections, axis=0))]
pub fn split(py: Python<'_>, x: &Bound<'_, PyAny>, indices_or_sections: &Bound<'_, PyAny>, axis: i64) -> PyResult<Vec<PyObject>> {
    let t = tensor_arg("split", x)?;
    let parts = match int_of(indices_or_sections) {
        Some(k) => run(py, 0, || manipulate::split(&t, SplitSpec::Sections(k), axis))?,
        None => {
            let idx = ints_of("split", "indices_or_sections", indices_or_sections)?;
            run(py, 0, || manipulate::split(&t, SplitSpec::Indices(&idx), axis))?
        }
    };
    parts.into_iter().map(|p| PyTensor::wrap(py, p)).collect()
}

#[pyfunction]
pub fn tile(py: Python<'_>, x: &Bound<'_, PyAny>, reps: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let t = tensor_arg("tile", x)?;
    let reps = ints_of("tile", "reps", reps)?;
    PyTensor::wrap(py, run(py, t.numel(), || manipulate::tile(&t, &reps))?)
}

#[pyfunction]
#[pyo3(signature = (x, repeats, axis=None))]
pub fn repeat(py: Python<'_>, x: &Bound<'_, PyAny>, repeats: &Bound<'_, PyAny>, axis: Option<i64>) -> PyResult<PyObject> {
    let t = tensor_arg("repeat", x)?;
    let out = match int_of(repeats) {
        Some(r) => run(py, t.numel(), || manipulate::repeat(&t, Repeats::Each(r), axis))?,
        None => {
            let counts = ints_of("repeat", "repeats", repeats)?;
            run(py, t.numel(), || manipulate::repeat(&t, Repeats::PerElement(&counts), axis))?
        }
    };
    PyTensor::wrap(py, out)
}

#[pyfunction]
#[pyo3(signature = (x, shift, axis=None))]
pub fn roll(py: Python<'_>, x: &Bound<'_, PyAny>, shift: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let t = tensor_arg("roll", x)?;
    let shift = ints_of("roll", "shift", shift)?;
    let axes = match axis {
        Some(a) if !a.is_none() => Some(ints_of("roll", "axis", a)?),
        _ => None,
    };
    PyTensor::wrap(py, run(py, t.numel(), || manipulate::roll(&t, &shift, axes.as_deref()))?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(moveaxis, m)?)?;
    m.add_function(wrap_pyfunction!(split, m)?)?;
    m.add_function(wrap_pyfunction!(tile, m)?)?;
    m.add_function(wrap_pyfunction!(repeat, m)?)?;
    m.add_function(wrap_pyfunction!(roll, m)?)?;
    Ok(())
}

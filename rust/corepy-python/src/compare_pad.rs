//! Closeness and equality (isclose, allclose, array_equal, array_equiv),
//! diagonals and triangles (diagonal, diag, trace, identity, tri, tril, triu)
//! and pad, behind corepy/compare_pad.py; Tensor.diagonal and Tensor.trace.
//! The bridge converts arguments; corepy-runtime's ops/close.rs, ops/diag.rs
//! and ops/pad.rs validate and do the work.
use corepy_runtime::ops::close;
use corepy_runtime::ops::diag as diag_ops;
use corepy_runtime::ops::elementwise::Operand;
use corepy_runtime::ops::pad::{pad, PadMode};
use corepy_runtime::DType;
use pyo3::prelude::*;

use crate::convert::{tensor_from_data, Arg};
use crate::dtype::dtype_of;
use crate::errors::IntoPyResult;
use crate::functions::{arg, tensor_arg};
use crate::tensor::{run, PyTensor};

/// isclose's operands: Python numbers stay weak, except that two numbers
/// make the first a tensor (NumPy accepts them).
fn close_args(name: &str, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<(Arg, Arg)> {
    let (x, y) = (arg(name, a)?, arg(name, b)?);
    Ok(match (x, y) {
        (Arg::Scalar(s), y @ Arg::Scalar(_)) => (Arg::Scalar(s).into_tensor().map(Arg::Tensor)?, y),
        pair => pair,
    })
}

fn optional_dtype(dtype: Option<&Bound<'_, PyAny>>) -> PyResult<Option<DType>> {
    match dtype {
        Some(d) if !d.is_none() => Ok(Some(dtype_of(d)?)),
        _ => Ok(None),
    }
}

#[pyfunction]
#[pyo3(signature = (a, b, rtol=1e-05, atol=1e-08, equal_nan=false))]
pub fn isclose(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, rtol: f64, atol: f64, equal_nan: bool) -> PyResult<PyObject> {
    let (x, y) = close_args("isclose", a, b)?;
    let work = x.numel().max(y.numel());
    PyTensor::wrap(py, run(py, work, || close::isclose(x.operand(), y.operand(), rtol, atol, equal_nan))?)
}

#[pyfunction]
#[pyo3(signature = (a, b, rtol=1e-05, atol=1e-08, equal_nan=false))]
pub fn allclose(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, rtol: f64, atol: f64, equal_nan: bool) -> PyResult<bool> {
    let (x, y) = close_args("allclose", a, b)?;
    let work = x.numel().max(y.numel());
    run(py, work, || close::allclose(x.operand(), y.operand(), rtol, atol, equal_nan))
}

#[pyfunction]
#[pyo3(signature = (a1, a2, equal_nan=false))]
pub fn array_equal(py: Python<'_>, a1: &Bound<'_, PyAny>, a2: &Bound<'_, PyAny>, equal_nan: bool) -> PyResult<bool> {
    let (x, y) = (tensor_arg("array_equal", a1)?, tensor_arg("array_equal", a2)?);
    let work = x.numel().max(y.numel());
    run(py, work, || close::array_equal(Operand::Tensor(&x), Operand::Tensor(&y), equal_nan))
}

#[pyfunction]
pub fn array_equiv(py: Python<'_>, a1: &Bound<'_, PyAny>, a2: &Bound<'_, PyAny>) -> PyResult<bool> {
    let (x, y) = (tensor_arg("array_equiv", a1)?, tensor_arg("array_equiv", a2)?);
    let work = x.numel().max(y.numel());
    run(py, work, || close::array_equiv(Operand::Tensor(&x), Operand::Tensor(&y)))
}

#[pyfunction]
#[pyo3(signature = (x, offset=0, axis1=0, axis2=1))]
pub fn diagonal(py: Python<'_>, x: &Bound<'_, PyAny>, offset: i64, axis1: i64, axis2: i64) -> PyResult<PyObject> {
    let t = tensor_arg("diagonal", x)?;
    PyTensor::wrap(py, diag_ops::diagonal(&t, offset, axis1, axis2).py()?)
}

#[pyfunction]
#[pyo3(signature = (v, k=0))]
pub fn diag(py: Python<'_>, v: &Bound<'_, PyAny>, k: i64) -> PyResult<PyObject> {
    let t = tensor_arg("diag", v)?;
    PyTensor::wrap(py, run(py, t.numel(), || diag_ops::diag(&t, k))?)
}

#[pyfunction]
#[pyo3(signature = (x, offset=0, axis1=0, axis2=1, dtype=None))]
pub fn trace(py: Python<'_>, x: &Bound<'_, PyAny>, offset: i64, axis1: i64, axis2: i64, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let t = tensor_arg("trace", x)?;
    let dt = optional_dtype(dtype)?;
    PyTensor::wrap(py, run(py, t.numel(), || diag_ops::trace(&t, offset, axis1, axis2, dt))?)
}

#[pyfunction]
#[pyo3(signature = (n, dtype=None))]
pub fn identity(py: Python<'_>, n: i64, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let dt = optional_dtype(dtype)?.unwrap_or(DType::F64);
    PyTensor::wrap(py, run(py, 0, || diag_ops::identity(n, dt))?)
}

#[pyfunction]
#[pyo3(signature = (n, m=None, k=0, dtype=None))]
pub fn tri(py: Python<'_>, n: i64, m: Option<i64>, k: i64, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let dt = optional_dtype(dtype)?.unwrap_or(DType::F64);
    let work = (n.max(0) as usize).saturating_mul(m.unwrap_or(n).max(0) as usize);
    PyTensor::wrap(py, run(py, work, || diag_ops::tri(n, m, k, dt))?)
}

#[pyfunction]
#[pyo3(signature = (lower, m, k=0))]
pub fn triangle(py: Python<'_>, lower: bool, m: &Bound<'_, PyAny>, k: i64) -> PyResult<PyObject> {
    let t = tensor_arg(if lower { "tril" } else { "triu" }, m)?;
    PyTensor::wrap(py, run(py, t.numel(), || diag_ops::triangle(lower, &t, k))?)
}

#[pyfunction(name = "pad")]
#[pyo3(signature = (array, pad_width, mode="constant", constant_values=None, reflect_type="even"))]
pub fn pad_fn(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    pad_width: &Bound<'_, PyAny>,
    mode: &str,
    constant_values: Option<&Bound<'_, PyAny>>,
    reflect_type: &str,
) -> PyResult<PyObject> {
    let t = tensor_arg("pad", array)?;
    let mode = PadMode::parse(mode).py()?;
    let odd = match reflect_type {
        "even" => false,
        "odd" => true,
        other => return Err(pyo3::exceptions::PyValueError::new_err(format!("pad: reflect_type must be 'even' or 'odd', got '{other}'"))),
    };
    let widths = tensor_from_data(py, pad_width, None)?;
    let values = match constant_values {
        Some(v) if !v.is_none() => tensor_from_data(py, v, None)?,
        _ => corepy_runtime::ops::creation::zeros(&[], DType::I64).py()?,
    };
    PyTensor::wrap(py, run(py, t.numel(), || pad(&t, &widths, mode, &values, odd))?)
}

#[pymethods]
impl PyTensor {
    #[pyo3(signature = (offset=0, axis1=0, axis2=1))]
    fn diagonal(&self, offset: i64, axis1: i64, axis2: i64) -> PyResult<PyTensor> {
        Ok(PyTensor { inner: diag_ops::diagonal(&self.inner, offset, axis1, axis2).py()? })
    }

    #[pyo3(signature = (offset=0, axis1=0, axis2=1, dtype=None))]
    fn trace(&self, py: Python<'_>, offset: i64, axis1: i64, axis2: i64, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        let dt = optional_dtype(dtype)?;
        PyTensor::wrap(py, run(py, self.inner.numel(), || diag_ops::trace(&self.inner, offset, axis1, axis2, dt))?)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(isclose, m)?)?;
    m.add_function(wrap_pyfunction!(allclose, m)?)?;
    m.add_function(wrap_pyfunction!(array_equal, m)?)?;
    m.add_function(wrap_pyfunction!(array_equiv, m)?)?;
    m.add_function(wrap_pyfunction!(diagonal, m)?)?;
    m.add_function(wrap_pyfunction!(diag, m)?)?;
    m.add_function(wrap_pyfunction!(trace, m)?)?;
    m.add_function(wrap_pyfunction!(identity, m)?)?;
    m.add_function(wrap_pyfunction!(tri, m)?)?;
    m.add_function(wrap_pyfunction!(triangle, m)?)?;
    m.add_function(wrap_pyfunction!(pad_fn, m)?)?;
    Ok(())
}

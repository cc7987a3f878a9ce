//! Products, clip and the logical functions behind corepy/functions.py. The
//! bridge converts the operands (tensors, numbers, array-likes) and axes;
//! corepy-runtime's ops/products.rs and ops/composite_elementwise.rs
//! validate and compute.
use corepy_runtime::ops::composite_elementwise::{self, LogicalOp};
use corepy_runtime::ops::products::{self, TensordotAxes};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::convert::Arg;
use crate::errors::IntoPyResult;
use crate::functions::{arg, tensor_arg};
use crate::manipulation::ints_of;
use crate::tensor::{run, PyTensor};

fn work(a: &corepy_runtime::Tensor, b: &corepy_runtime::Tensor) -> usize {
    a.numel().max(b.numel())
}

#[pyfunction]
#[pyo3(signature = (a, b, axis=-1))]
pub fn vecdot(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, axis: i64) -> PyResult<PyObject> {
    let (x, y) = (tensor_arg("vecdot", a)?, tensor_arg("vecdot", b)?);
    PyTensor::wrap(py, run(py, work(&x, &y), || products::vecdot(&x, &y, axis))?)
}

#[pyfunction]
#[pyo3(signature = (a, b, axes=None))]
pub fn tensordot(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, axes: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let (x, y) = (tensor_arg("tensordot", a)?, tensor_arg("tensordot", b)?);
    let w = work(&x, &y);
    let out = match axes {
        None => run(py, w, || products::tensordot(&x, &y, TensordotAxes::Count(2)))?,
        Some(ax) => {
            if let (Ok(n), false) = (ax.extract::<i64>(), ax.hasattr("__len__")?) {
                run(py, w, || products::tensordot(&x, &y, TensordotAxes::Count(n)))?
            } else {
                let pair: Vec<Bound<'_, PyAny>> = ax
                    .try_iter()
                    .map_err(|_| PyTypeError::new_err("tensordot: axes must be an integer or a pair of axis sequences"))?
                    .collect::<PyResult<_>>()?;
                if pair.len() != 2 {
                    return Err(PyValueError::new_err(format!("tensordot: axes must be an integer or a pair of axis sequences, got {} items", pair.len())));
                }
                let (aa, ab) = (ints_of("tensordot", "axes", &pair[0])?, ints_of("tensordot", "axes", &pair[1])?);
                run(py, w, || products::tensordot(&x, &y, TensordotAxes::Pairs(&aa, &ab)))?
            }
        }
    };
    PyTensor::wrap(py, out)
}

#[pyfunction]
pub fn dot(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let (x, y) = (tensor_arg("dot", a)?, tensor_arg("dot", b)?);
    PyTensor::wrap(py, run(py, work(&x, &y), || products::dot(&x, &y))?)
}

#[pyfunction]
pub fn outer(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let (x, y) = (tensor_arg("outer", a)?, tensor_arg("outer", b)?);
    PyTensor::wrap(py, run(py, x.numel().saturating_mul(y.numel()), || products::outer(&x, &y))?)
}

#[pyfunction]
#[pyo3(signature = (x, min=None, max=None))]
pub fn clip(py: Python<'_>, x: &Bound<'_, PyAny>, min: Option<&Bound<'_, PyAny>>, max: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let t = tensor_arg("clip", x)?;
    let bound = |o: Option<&Bound<'_, PyAny>>| -> PyResult<Option<Arg>> {
        match o {
            Some(v) if !v.is_none() => Ok(Some(arg("clip", v)?)),
            _ => Ok(None),
        }
    };
    let (lo, hi) = (bound(min)?, bound(max)?);
    let out = run(py, t.numel(), || composite_elementwise::clip(&t, lo.as_ref().map(Arg::operand), hi.as_ref().map(Arg::operand)))?;
    PyTensor::wrap(py, out)
}

/// logical_and / logical_or / logical_xor by name.
#[pyfunction]
pub fn logical(py: Python<'_>, name: &str, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let op = LogicalOp::parse(name).py()?;
    let x = arg(name, a)?;
    let y = arg(name, b)?;
    let x = if matches!((&x, &y), (Arg::Scalar(_), Arg::Scalar(_))) { Arg::Tensor(x.into_tensor()?) } else { x };
    let w = x.numel().max(y.numel());
    PyTensor::wrap(py, run(py, w, || composite_elementwise::logical(op, x.operand(), y.operand()))?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(vecdot, m)?)?;
    m.add_function(wrap_pyfunction!(tensordot, m)?)?;
    m.add_function(wrap_pyfunction!(dot, m)?)?;
    m.add_function(wrap_pyfunction!(outer, m)?)?;
    m.add_function(wrap_pyfunction!(clip, m)?)?;
    m.add_function(wrap_pyfunction!(logical, m)?)?;
    Ok(())
}

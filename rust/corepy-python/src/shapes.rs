//! Shape helpers and composite functions behind corepy/_shapes.py: the
//! stacking family, array_split, atleast_nd, ravel, reshape with an order,
//! swapaxes, argwhere, flatnonzero, round, ptp and unique with its optional
//! outputs. Conversion only; corepy-runtime's
//! ops/shaping.rs, ops/array_methods.rs and ops/setops.rs do the work.
use corepy_runtime::ops::array_methods;
use corepy_runtime::ops::manipulate::{self, SplitSpec};
use corepy_runtime::ops::setops::{unique_all, UniqueFlags};
use corepy_runtime::ops::shaping::{self, Order, StackKind};
use corepy_runtime::Tensor;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::axes_of;
use crate::errors::IntoPyResult;
use crate::functions::tensor_arg;
use crate::manipulation::ints_of;
use crate::tensor::{run, PyTensor};

fn tensors_of(name: &str, seq: &Bound<'_, PyAny>) -> PyResult<Vec<Tensor>> {
    if seq.downcast::<PyTensor>().is_ok() {
        return Err(PyTypeError::new_err(format!("{name}: arrays to stack must be passed as a sequence (a list or tuple), not a tensor")));
    }
    let mut v = Vec::new();
    for item in seq.try_iter()? {
        v.push(tensor_arg(name, &item?)?);
    }
    Ok(v)
}

fn wrap_all(py: Python<'_>, parts: Vec<Tensor>) -> PyResult<Vec<PyObject>> {
    parts.into_iter().map(|p| PyTensor::wrap(py, p)).collect()
}

pub(crate) fn order_of(order: &str) -> PyResult<Order> {
    Order::parse(order).py()
}

/// vstack / hstack / dstack / column_stack by name, with NumPy's dtype and
/// casting keywords (vstack and hstack have them).
#[pyfunction]
#[pyo3(signature = (name, tensors, dtype=None, casting="same_kind"))]
pub fn stack_kind(py: Python<'_>, name: &str, tensors: &Bound<'_, PyAny>, dtype: Option<&Bound<'_, PyAny>>, casting: &str) -> PyResult<PyObject> {
    let kind = StackKind::parse(name).py()?;
    let casting = corepy_runtime::promotion::Casting::parse(casting).py()?;
    let dtype = crate::dtype::optional_dtype(dtype)?;
    let ts = tensors_of(name, tensors)?;
    let work = ts.iter().map(|t| t.numel()).sum();
    PyTensor::wrap(py, run(py, work, || shaping::stack_kind(kind, &ts, dtype, casting))?)
}

/// NumPy's array_split: an int gives that many (possibly uneven) sections;
/// a sequence gives the split indices.
#[pyfunction]
#[pyo3(signature = (x, indices_or_sections, axis=0))]
pub fn array_split(py: Python<'_>, x: &Bound<'_, PyAny>, indices_or_sections: &Bound<'_, PyAny>, axis: i64) -> PyResult<Vec<PyObject>> {
    let t = tensor_arg("array_split", x)?;
    let single = indices_or_sections.downcast::<PyTensor>().is_err() && !indices_or_sections.hasattr("__len__")?;
    let parts = if single {
        let k: i64 = indices_or_sections
            .call_method0("__index__")
            .and_then(|v| v.extract())
            .map_err(|_| PyTypeError::new_err("array_split: indices_or_sections must be an integer or a sequence of integers"))?;
        run(py, 0, || shaping::array_split(&t, k, axis))?
    } else {
        let idx = ints_of("array_split", "indices_or_sections", indices_or_sections)?;
        run(py, 0, || manipulate::split(&t, SplitSpec::Indices(&idx), axis))?
    };
    wrap_all(py, parts)
}

/// atleast_1d/2d/3d over any number of inputs (a list back).
#[pyfunction]
pub fn atleast(py: Python<'_>, nd: usize, arys: &Bound<'_, PyTuple>) -> PyResult<Vec<PyObject>> {
    let name = match nd {
        1 => "atleast_1d",
        2 => "atleast_2d",
        _ => "atleast_3d",
    };
    let ts = tensors_of(name, arys.as_any())?;
    let out = run(py, 0, || ts.iter().map(|t| shaping::atleast(t, nd)).collect::<corepy_runtime::Result<Vec<_>>>())?;
    wrap_all(py, out)
}

#[pyfunction]
#[pyo3(signature = (x, order="C"))]
pub fn ravel(py: Python<'_>, x: &Bound<'_, PyAny>, order: &str) -> PyResult<PyObject> {
    let t = tensor_arg("ravel", x)?;
    let order = order_of(order)?;
    PyTensor::wrap(py, run(py, t.numel(), || shaping::ravel(&t, order))?)
}

#[pyfunction]
#[pyo3(signature = (x, shape, order="C"))]
pub fn reshape_order(py: Python<'_>, x: &Bound<'_, PyAny>, shape: &Bound<'_, PyAny>, order: &str) -> PyResult<PyObject> {
    let t = tensor_arg("reshape", x)?;
    let target = match shape.extract::<i64>() {
        Ok(n) if shape.downcast::<PyTensor>().is_err() => vec![n],
        _ => crate::convert::small_int_list(shape, "shape")?,
    };
    let order = order_of(order)?;
    PyTensor::wrap(py, run(py, t.numel(), || shaping::reshape_order(&t, &target, order))?)
}

#[pyfunction]
pub fn swapaxes(py: Python<'_>, x: &Bound<'_, PyAny>, axis1: i64, axis2: i64) -> PyResult<PyObject> {
    let t = tensor_arg("swapaxes", x)?;
    PyTensor::wrap(py, run(py, 0, || shaping::swapaxes(&t, axis1, axis2))?)
}

#[pyfunction]
pub fn argwhere(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let t = tensor_arg("argwhere", x)?;
    PyTensor::wrap(py, run(py, t.numel(), || shaping::argwhere(&t))?)
}

#[pyfunction]
pub fn flatnonzero(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let t = tensor_arg("flatnonzero", x)?;
    PyTensor::wrap(py, run(py, t.numel(), || shaping::flatnonzero(&t))?)
}

/// The decimals argument: any Python integer (beyond int64 it rounds
/// everything to 0 or leaves it, as a huge scale would).
pub(crate) fn decimals_of(decimals: &Bound<'_, PyAny>) -> PyResult<i64> {
    let i = decimals.call_method0("__index__").map_err(|_| {
        PyTypeError::new_err(format!("round: decimals must be an integer, got {}", decimals.get_type().name().map(|n| n.to_string()).unwrap_or_default()))
    })?;
    match i.extract::<i64>() {
        Ok(v) => Ok(v),
        Err(_) if i.gt(0)? => Ok(i64::MAX),
        Err(_) => Ok(i64::MIN + 1),
    }
}

#[pyfunction]
#[pyo3(signature = (x, decimals))]
pub fn round_decimals(py: Python<'_>, x: &Bound<'_, PyAny>, decimals: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let t = tensor_arg("round", x)?;
    let d = decimals_of(decimals)?;
    PyTensor::wrap(py, run(py, t.numel(), || array_methods::round(&t, d))?)
}

#[pyfunction]
#[pyo3(signature = (x, axis=None, keepdims=false))]
pub fn ptp(py: Python<'_>, x: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
    let t = tensor_arg("ptp", x)?;
    let axes = axes_of(axis)?;
    PyTensor::wrap(py, run(py, t.numel(), || array_methods::ptp(&t, axes.as_deref(), keepdims))?)
}

/// unique: the values alone, or a tuple (values, [index], [inverse], [counts]).
#[pyfunction(name = "unique_all")]
#[pyo3(signature = (x, return_index=false, return_inverse=false, return_counts=false, axis=None, equal_nan=true))]
pub fn unique_all_fn(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    return_index: bool,
    return_inverse: bool,
    return_counts: bool,
    axis: Option<i64>,
    equal_nan: bool,
) -> PyResult<PyObject> {
    let t = tensor_arg("unique", x)?;
    let flags = UniqueFlags { index: return_index, inverse: return_inverse, counts: return_counts, equal_nan };
    let r = run(py, t.numel(), || unique_all(&t, flags, axis))?;
    let mut out = vec![PyTensor::wrap(py, r.values)?];
    for extra in [r.index, r.inverse, r.counts].into_iter().flatten() {
        out.push(PyTensor::wrap(py, extra)?);
    }
    if out.len() == 1 {
        return Ok(out.remove(0));
    }
    Ok(PyTuple::new(py, out)?.into_any().unbind())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(stack_kind, m)?)?;
    m.add_function(wrap_pyfunction!(array_split, m)?)?;
    m.add_function(wrap_pyfunction!(atleast, m)?)?;
    m.add_function(wrap_pyfunction!(ravel, m)?)?;
    m.add_function(wrap_pyfunction!(reshape_order, m)?)?;
    m.add_function(wrap_pyfunction!(swapaxes, m)?)?;
    m.add_function(wrap_pyfunction!(argwhere, m)?)?;
    m.add_function(wrap_pyfunction!(flatnonzero, m)?)?;
    m.add_function(wrap_pyfunction!(round_decimals, m)?)?;
    m.add_function(wrap_pyfunction!(ptp, m)?)?;
    m.add_function(wrap_pyfunction!(unique_all_fn, m)?)?;
    Ok(())
}

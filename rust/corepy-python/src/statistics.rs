//! Statistics behind corepy/statistics.py: order statistics (median,
//! quantile, percentile, nanmedian), nan-aware reductions, nan_to_num,
//! average, cov, corrcoef, histogram, bincount and digitize. The bridge
//! converts the arguments; corepy-runtime's ops/statistics.rs, quantile.rs,
//! histogram.rs and covariance.rs validate and compute, one op per call.
use corepy_runtime::ops::covariance;
use corepy_runtime::ops::histogram::{self as counting, Bins};
use corepy_runtime::ops::quantile::{self as order, QuantileMethod};
use corepy_runtime::ops::statistics::{self, NanReduce};
use corepy_runtime::Tensor;
use pyo3::exceptions::{PyTypeError, PyZeroDivisionError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyTuple};

use crate::convert::axes_of;
use crate::errors::IntoPyResult;
use crate::functions::tensor_arg;
use crate::tensor::{run, PyTensor};

fn optional_tensor(name: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Tensor>> {
    match obj {
        Some(o) if !o.is_none() => Ok(Some(tensor_arg(name, o)?)),
        _ => Ok(None),
    }
}

/// median / nanmedian over `axis` (None, an int or a tuple of ints).
#[pyfunction]
#[pyo3(signature = (x, axis=None, keepdims=false, ignore_nan=false))]
pub fn median(py: Python<'_>, x: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool, ignore_nan: bool) -> PyResult<PyObject> {
    let t = tensor_arg("median", x)?;
    let axes = axes_of(axis)?;
    let out = run(py, t.numel(), || if ignore_nan { order::nanmedian(&t, axes.as_deref(), keepdims) } else { order::median(&t, axes.as_deref(), keepdims) })?;
    PyTensor::wrap(py, out)
}

/// quantile (q in [0, 1]) or percentile (`percent`: q in [0, 100]).
#[pyfunction]
#[pyo3(signature = (x, q, axis=None, method="linear", keepdims=false, percent=false))]
pub fn quantile(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    q: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    method: &str,
    keepdims: bool,
    percent: bool,
) -> PyResult<PyObject> {
    let name = if percent { "percentile" } else { "quantile" };
    let t = tensor_arg(name, x)?;
    // NumPy treats a Python int or float q as a weak scalar in the result's dtype.
    let weak = (q.is_exact_instance_of::<PyFloat>() || q.is_exact_instance_of::<PyInt>()) && !q.is_instance_of::<PyBool>();
    let qt = tensor_arg(name, q)?;
    let method = QuantileMethod::parse(method).map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{name}: {e}")))?;
    let axes = axes_of(axis)?;
    let out = run(py, t.numel(), || order::quantile(&t, &qt, weak, axes.as_deref(), method, keepdims, percent))?;
    PyTensor::wrap(py, out)
}

/// nansum, nanprod, nanmax, nanmin by name.
#[pyfunction]
#[pyo3(signature = (name, x, axis=None, keepdims=false))]
pub fn nan_reduce(py: Python<'_>, name: &str, x: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
    let op = NanReduce::parse(name).py()?;
    let t = tensor_arg(name, x)?;
    let axes = axes_of(axis)?;
    PyTensor::wrap(py, run(py, t.numel(), || statistics::nan_reduce(op, &t, axes.as_deref(), keepdims))?)
}

/// nancumsum / nancumprod along an axis (None flattens).
#[pyfunction]
#[pyo3(signature = (prod, x, axis=None))]
pub fn nan_scan(py: Python<'_>, prod: bool, x: &Bound<'_, PyAny>, axis: Option<i64>) -> PyResult<PyObject> {
    let t = tensor_arg(if prod { "nancumprod" } else { "nancumsum" }, x)?;
    PyTensor::wrap(py, run(py, t.numel(), || statistics::nan_scan(prod, &t, axis))?)
}

#[pyfunction]
#[pyo3(signature = (is_max, x, axis=None, keepdims=false))]
pub fn nan_arg_extreme(py: Python<'_>, is_max: bool, x: &Bound<'_, PyAny>, axis: Option<i64>, keepdims: bool) -> PyResult<PyObject> {
    let t = tensor_arg(if is_max { "nanargmax" } else { "nanargmin" }, x)?;
    PyTensor::wrap(py, run(py, t.numel(), || statistics::nan_arg_extreme(is_max, &t, axis, keepdims))?)
}

#[pyfunction]
#[pyo3(signature = (x, axis=None, keepdims=false))]
pub fn nanmean(py: Python<'_>, x: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
    let t = tensor_arg("nanmean", x)?;
    let axes = axes_of(axis)?;
    PyTensor::wrap(py, run(py, t.numel(), || statistics::nanmean(&t, axes.as_deref(), keepdims))?)
}

/// nanvar, or nanstd with `sqrt`.
#[pyfunction]
#[pyo3(signature = (x, axis=None, ddof=0.0, keepdims=false, sqrt=false))]
pub fn nanvar(py: Python<'_>, x: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, ddof: f64, keepdims: bool, sqrt: bool) -> PyResult<PyObject> {
    let t = tensor_arg(if sqrt { "nanstd" } else { "nanvar" }, x)?;
    let axes = axes_of(axis)?;
    let out = run(py, t.numel(), || {
        if sqrt {
            statistics::nanstd(&t, axes.as_deref(), keepdims, ddof)
        } else {
            statistics::nanvar(&t, axes.as_deref(), keepdims, ddof)
        }
    })?;
    PyTensor::wrap(py, out)
}

#[pyfunction]
#[pyo3(signature = (x, copy=true, nan=0.0, posinf=None, neginf=None))]
pub fn nan_to_num(py: Python<'_>, x: &Bound<'_, PyAny>, copy: bool, nan: f64, posinf: Option<f64>, neginf: Option<f64>) -> PyResult<PyObject> {
    // copy=False updates a corepy tensor in place and hands back that same object.
    if !copy {
        if let Ok(t) = x.downcast::<PyTensor>() {
            let inner = t.get().inner.clone();
            run(py, inner.numel(), || statistics::nan_to_num(&inner, false, nan, posinf, neginf))?;
            return Ok(x.clone().unbind());
        }
    }
    let t = tensor_arg("nan_to_num", x)?;
    PyTensor::wrap(py, run(py, t.numel(), || statistics::nan_to_num(&t, true, nan, posinf, neginf))?)
}

/// average: the weighted mean, and with `returned` also the sum of weights.
#[pyfunction]
#[pyo3(signature = (x, axis=None, weights=None, returned=false, keepdims=false))]
pub fn average(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    weights: Option<&Bound<'_, PyAny>>,
    returned: bool,
    keepdims: bool,
) -> PyResult<PyObject> {
    let t = tensor_arg("average", x)?;
    let w = optional_tensor("average", weights)?;
    let axes = axes_of(axis)?;
    if let (Some(w), None) = (&w, &axes) {
        if w.shape() != t.shape() {
            return Err(PyTypeError::new_err("average: Axis must be specified when shapes of a and weights differ."));
        }
    }
    let res = run(py, t.numel(), || statistics::average(&t, axes.as_deref(), w.as_ref(), keepdims))?;
    if res.zero_division {
        let msg = if w.is_some() { "average: Weights sum to zero, can't be normalized" } else { "average: division by zero (the result is empty)" };
        return Err(PyZeroDivisionError::new_err(msg));
    }
    let avg = PyTensor::wrap(py, res.avg)?;
    if !returned {
        return Ok(avg);
    }
    Ok(PyTuple::new(py, [avg, PyTensor::wrap(py, res.scale)?])?.into_any().unbind())
}

#[pyfunction]
#[pyo3(signature = (m, y=None, rowvar=true, bias=false, ddof=None))]
pub fn cov(py: Python<'_>, m: &Bound<'_, PyAny>, y: Option<&Bound<'_, PyAny>>, rowvar: bool, bias: bool, ddof: Option<f64>) -> PyResult<PyObject> {
    let t = tensor_arg("cov", m)?;
    let y = optional_tensor("cov", y)?;
    PyTensor::wrap(py, run(py, t.numel(), || covariance::cov(&t, y.as_ref(), rowvar, bias, ddof))?)
}

#[pyfunction]
#[pyo3(signature = (x, y=None, rowvar=true))]
pub fn corrcoef(py: Python<'_>, x: &Bound<'_, PyAny>, y: Option<&Bound<'_, PyAny>>, rowvar: bool) -> PyResult<PyObject> {
    let t = tensor_arg("corrcoef", x)?;
    let y = optional_tensor("corrcoef", y)?;
    PyTensor::wrap(py, run(py, t.numel(), || covariance::corrcoef(&t, y.as_ref(), rowvar))?)
}

/// histogram: (hist, bin_edges).
#[pyfunction]
#[pyo3(signature = (a, bins=None, range=None, density=false))]
pub fn histogram<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    bins: Option<&Bound<'py, PyAny>>,
    range: Option<(f64, f64)>,
    density: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let t = tensor_arg("histogram", a)?;
    let edges;
    let spec = match bins {
        None => Bins::Count(10),
        Some(b) if b.is_instance_of::<PyInt>() && !b.is_instance_of::<PyBool>() => Bins::Count(b.extract::<i64>()?),
        Some(b) if b.hasattr("__index__")? && !b.hasattr("__len__")? && !b.is_instance_of::<PyTensor>() => {
            Bins::Count(b.call_method0("__index__")?.extract::<i64>()?)
        }
        Some(b) if b.is_instance_of::<PyFloat>() || b.is_instance_of::<PyBool>() => {
            return Err(PyTypeError::new_err("histogram: `bins` must be an integer or an array of bin edges"));
        }
        Some(b) => {
            edges = tensor_arg("histogram", b)?;
            Bins::Edges(&edges)
        }
    };
    let (hist, edges) = run(py, t.numel(), || counting::histogram(&t, spec, range, density))?;
    PyTuple::new(py, [PyTensor::wrap(py, hist)?, PyTensor::wrap(py, edges)?])
}

#[pyfunction]
#[pyo3(signature = (x, weights=None, minlength=0))]
pub fn bincount(py: Python<'_>, x: &Bound<'_, PyAny>, weights: Option<&Bound<'_, PyAny>>, minlength: i64) -> PyResult<PyObject> {
    let t = tensor_arg("bincount", x)?;
    let w = optional_tensor("bincount", weights)?;
    PyTensor::wrap(py, run(py, t.numel(), || counting::bincount(&t, w.as_ref(), minlength))?)
}

#[pyfunction]
#[pyo3(signature = (x, bins, right=false))]
pub fn digitize(py: Python<'_>, x: &Bound<'_, PyAny>, bins: &Bound<'_, PyAny>, right: bool) -> PyResult<PyObject> {
    let t = tensor_arg("digitize", x)?;
    let b = tensor_arg("digitize", bins)?;
    PyTensor::wrap(py, run(py, t.numel(), || counting::digitize(&t, &b, right))?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(median, m)?)?;
    m.add_function(wrap_pyfunction!(quantile, m)?)?;
    m.add_function(wrap_pyfunction!(nan_reduce, m)?)?;
    m.add_function(wrap_pyfunction!(nan_scan, m)?)?;
    m.add_function(wrap_pyfunction!(nan_arg_extreme, m)?)?;
    m.add_function(wrap_pyfunction!(nanmean, m)?)?;
    m.add_function(wrap_pyfunction!(nanvar, m)?)?;
    m.add_function(wrap_pyfunction!(nan_to_num, m)?)?;
    m.add_function(wrap_pyfunction!(average, m)?)?;
    m.add_function(wrap_pyfunction!(cov, m)?)?;
    m.add_function(wrap_pyfunction!(corrcoef, m)?)?;
    m.add_function(wrap_pyfunction!(histogram, m)?)?;
    m.add_function(wrap_pyfunction!(bincount, m)?)?;
    m.add_function(wrap_pyfunction!(digitize, m)?)?;
    Ok(())
}

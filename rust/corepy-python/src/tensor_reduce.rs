//! corepy.Tensor's reductions and per-axis methods: sum, max, min, prod,
//! mean, var, std, any, all, argmax, argmin, cumsum, cumprod, argsort.
use corepy_runtime::ops::reduce::{self, ReduceOp};
use corepy_runtime::ops::rows::{along_axis, RowOp};
use corepy_runtime::ops::{ordering, stats};
use pyo3::prelude::*;

use crate::convert::axes_of;
use crate::tensor::{run, PyTensor};

impl PyTensor {
    fn reduce_op(&self, py: Python<'_>, op: ReduceOp, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || reduce::reduce_axes(op, &self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }
}

#[pymethods]
impl PyTensor {
    /// Sum over `axis` (all when None); int and bool sums are int64, as in NumPy.
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn sum(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Sum, axis, keepdims)
    }

    /// Largest element(s); NaN propagates. Empty reductions raise ValueError.
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn max(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Max, axis, keepdims)
    }

    /// Smallest element(s); NaN propagates. Empty reductions raise ValueError.
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn min(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Min, axis, keepdims)
    }

    /// Product over `axis` (int and bool products are int64).
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn prod(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Prod, axis, keepdims)
    }

    /// Mean (float64 for int and bool tensors).
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn mean(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || stats::mean_axes(&self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    /// Variance with `ddof` (or `correction`, the Array API name).
    #[pyo3(signature = (axis=None, keepdims=false, ddof=0.0, correction=None))]
    fn var(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool, ddof: f64, correction: Option<f64>) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let ddof = correction.unwrap_or(ddof);
        let t = run(py, self.inner.numel(), || stats::var_axes(&self.inner, axes.as_deref(), keepdims, ddof))?;
        PyTensor::wrap(py, t)
    }

    /// Standard deviation with `ddof` (or `correction`).
    #[pyo3(signature = (axis=None, keepdims=false, ddof=0.0, correction=None))]
    fn std(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool, ddof: f64, correction: Option<f64>) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let ddof = correction.unwrap_or(ddof);
        let t = run(py, self.inner.numel(), || stats::std_axes(&self.inner, axes.as_deref(), keepdims, ddof))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn any(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || reduce::any_all(false, &self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn all(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || reduce::any_all(true, &self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn argmax(&self, py: Python<'_>, axis: Option<i64>, keepdims: bool) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || ordering::arg_extreme(true, &self.inner, axis, keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn argmin(&self, py: Python<'_>, axis: Option<i64>, keepdims: bool) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || ordering::arg_extreme(false, &self.inner, axis, keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None))]
    fn cumsum(&self, py: Python<'_>, axis: Option<i64>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || along_axis(RowOp::Cumsum, &self.inner, axis))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None))]
    fn cumprod(&self, py: Python<'_>, axis: Option<i64>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || along_axis(RowOp::Cumprod, &self.inner, axis))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=-1))]
    fn argsort(&self, py: Python<'_>, axis: Option<i64>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || along_axis(RowOp::Argsort, &self.inner, axis))?;
        PyTensor::wrap(py, t)
    }
}

//! corepy.Tensor's reductions and per-axis methods: sum, max, min, prod,
//! mean, var, std, any, all, argmax, argmin, cumsum, cumprod, argsort.
use corepy_runtime::ops::reduce::{self, ReduceOp};
use corepy_runtime::ops::reduce_keywords::{mean_with, reduce_with, ReduceKeywords};
use corepy_runtime::ops::rows::{along_axis, RowOp};
use corepy_runtime::ops::{ordering, stats};
use corepy_runtime::{DType, Tensor};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::convert::{axes_of, scalar_of, tensor_from_data};
use crate::dtype::optional_dtype;
use crate::functions::out_tensor;
use crate::tensor::{run, PyTensor};

/// The Python values of a reduction's keywords, converted.
struct Keywords {
    dtype: Option<DType>,
    initial: Option<corepy_runtime::Scalar>,
    mask: Option<Tensor>,
    out: Option<Tensor>,
}

impl Keywords {
    fn convert(
        py: Python<'_>,
        name: &str,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        initial: Option<&Bound<'_, PyAny>>,
        mask: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Keywords> {
        let initial = match present(initial) {
            None => None,
            Some(v) => Some(scalar_of(v)?.ok_or_else(|| PyTypeError::new_err(format!("{name}: initial= must be a Python or NumPy scalar")))?),
        };
        let mask = match present(mask) {
            None => None,
            Some(m) => match m.downcast::<PyTensor>() {
                Ok(t) => Some(t.get().inner.clone()),
                // A list or NumPy array mask is read as bool, as NumPy reads it.
                Err(_) => Some(tensor_from_data(py, m, Some(DType::Bool))?),
            },
        };
        Ok(Keywords { dtype: optional_dtype(dtype)?, initial, mask, out: present(out).map(|o| out_tensor(name, o)).transpose()? })
    }

    fn runtime(&self) -> ReduceKeywords<'_> {
        ReduceKeywords { dtype: self.dtype, initial: self.initial, mask: self.mask.as_ref(), out: self.out.as_ref() }
    }
}

fn present<'a, 'py>(o: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    o.filter(|o| !o.is_none())
}

/// The result of a reduction with out=: NumPy hands back the out object itself.
fn result(py: Python<'_>, t: Tensor, out: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    match present(out) {
        Some(o) => Ok(o.clone().unbind()),
        None => PyTensor::wrap(py, t),
    }
}

impl PyTensor {
    #[allow(clippy::too_many_arguments)]
    fn reduce_op(
        &self,
        py: Python<'_>,
        op: ReduceOp,
        axis: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        initial: Option<&Bound<'_, PyAny>>,
        mask: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let kw = Keywords::convert(py, op.name(), dtype, out, initial, mask)?;
        let t = run(py, self.inner.numel(), || reduce_with(op, &self.inner, axes.as_deref(), keepdims, &kw.runtime()))?;
        result(py, t, out)
    }
}

#[pymethods]
impl PyTensor {
    /// Sum over `axis` (all when None); int and bool sums are int64, as in NumPy. `dtype=` accumulates in that dtype, `initial=` starts from a
    /// value, `where=` counts only the True elements, `out=` receives the result.
    #[pyo3(signature = (axis=None, dtype=None, out=None, keepdims=false, initial=None, r#where=None))]
    #[allow(clippy::too_many_arguments)]
    fn sum(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Sum, axis, keepdims, dtype, out, initial, r#where)
    }

    /// Largest element(s); NaN propagates. Empty reductions raise ValueError.
    /// `initial=` takes part in the comparison (and gives empty reductions a
    /// result); `where=` needs `initial=`, as in NumPy; `out=` receives the result.
    #[pyo3(signature = (axis=None, out=None, keepdims=false, initial=None, r#where=None))]
    fn max(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Max, axis, keepdims, None, out, initial, r#where)
    }

    /// Smallest element(s); NaN propagates. Empty reductions raise ValueError.
    /// `initial=` takes part in the comparison (and gives empty reductions a
    /// result); `where=` needs `initial=`, as in NumPy; `out=` receives the result.
    #[pyo3(signature = (axis=None, out=None, keepdims=false, initial=None, r#where=None))]
    fn min(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Min, axis, keepdims, None, out, initial, r#where)
    }

    /// Product over `axis` (int and bool products are int64). `dtype=` accumulates in that dtype, `initial=` starts from a
    /// value, `where=` counts only the True elements, `out=` receives the result.
    #[pyo3(signature = (axis=None, dtype=None, out=None, keepdims=false, initial=None, r#where=None))]
    #[allow(clippy::too_many_arguments)]
    fn prod(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Prod, axis, keepdims, dtype, out, initial, r#where)
    }

    /// Mean (float64 for int and bool tensors); `dtype=` is the accumulation
    /// and result dtype, `where=` averages only the True elements, `out=`
    /// receives the result.
    #[pyo3(signature = (axis=None, dtype=None, out=None, keepdims=false, r#where=None))]
    fn mean(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let kw = Keywords::convert(py, "mean", dtype, out, None, r#where)?;
        let t = run(py, self.inner.numel(), || {
            let kw = kw.runtime();
            if kw.dtype.is_none() && kw.mask.is_none() && kw.out.is_none() {
                stats::mean_axes(&self.inner, axes.as_deref(), keepdims)
            } else {
                mean_with(&self.inner, axes.as_deref(), keepdims, &kw)
            }
        })?;
        result(py, t, out)
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

//! `corepy.Tensor` properties (shape, dtype, strides, ...), copies and astype,
//! and the views that only rearrange the layout (reshape, transpose, squeeze,
//! flip, broadcast_to).
use corepy_runtime::ops::convert;

use crate::convert::axes_of;
use crate::dtype::dtype_of;
use crate::dtype::PyDType;
use crate::errors::IntoPyResult;
use crate::tensor::{run, shape_tuple, PyTensor};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyTuple};

#[pymethods]
impl PyTensor {
    /// NumPy defers to corepy's operators (so `np_array + tensor` and
    /// `np.float32(2) * tensor` give tensors, computed by corepy).
    #[classattr]
    fn __array_ufunc__(py: Python<'_>) -> PyObject {
        py.None()
    }

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        shape_tuple(py, self.inner.shape())
    }

    #[getter]
    fn dtype(&self) -> PyDType {
        PyDType(self.inner.dtype())
    }

    #[getter]
    fn device(&self) -> String {
        self.inner.device().to_string()
    }

    #[getter]
    fn ndim(&self) -> usize {
        self.inner.ndim()
    }

    #[getter]
    fn size(&self) -> usize {
        self.inner.numel()
    }

    #[getter]
    fn nbytes(&self) -> usize {
        self.inner.nbytes()
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.inner.dtype().itemsize()
    }

    /// Strides in bytes, as NumPy reports them.
    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let size = self.inner.dtype().itemsize() as isize;
        PyTuple::new(py, self.inner.strides().iter().map(|&s| s * size))
    }

    fn __len__(&self) -> PyResult<usize> {
        match self.inner.shape().first() {
            Some(&n) => Ok(n),
            None => Err(PyTypeError::new_err("len() of a 0-d tensor")),
        }
    }

    fn is_contiguous(&self) -> bool {
        self.inner.is_contiguous()
    }

    /// `self` if contiguous, else a contiguous copy.
    fn contiguous(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || self.inner.contiguous())?;
        PyTensor::wrap(py, t)
    }

    /// A copy with its own memory.
    fn copy(&self, py: Python<'_>) -> PyResult<PyObject> {
        let dt = self.inner.dtype();
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }

    /// A copy converted to `dtype`.
    fn astype(&self, py: Python<'_>, dtype: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        // NumPy reads dtype None as float64 here.
        let dt = if dtype.is_none() { corepy_runtime::DType::F64 } else { dtype_of(dtype)? };
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }

    /// A view with a new shape: `t.reshape(2, 3)` or `t.reshape((2, -1))`;
    /// `order='F'` reads and fills the first axis fastest (a copy unless the
    /// layout allows a view).
    #[pyo3(signature = (*shape, order="C"))]
    fn reshape(&self, py: Python<'_>, shape: &Bound<'_, PyTuple>, order: &str) -> PyResult<PyObject> {
        let target: Vec<i64> = if shape.len() == 1 && shape.get_item(0)?.extract::<i64>().is_err() {
            crate::convert::small_int_list(&shape.get_item(0)?, "shape")?
        } else {
            crate::convert::small_int_list(shape.as_any(), "shape")?
        };
        let order = crate::shapes::order_of(order)?;
        PyTensor::wrap(py, run(py, self.inner.numel(), || corepy_runtime::ops::shaping::reshape_order(&self.inner, &target, order))?)
    }

    #[getter(T)]
    fn transpose_all(&self, py: Python<'_>) -> PyResult<PyObject> {
        PyTensor::wrap(py, self.inner.transpose())
    }

    #[getter(mT)]
    fn matrix_transpose(&self, py: Python<'_>) -> PyResult<PyObject> {
        PyTensor::wrap(py, self.inner.matrix_transpose().py()?)
    }

    /// `t.transpose()` reverses the axes; `t.transpose(1, 0, 2)` permutes them.
    #[pyo3(signature = (*axes))]
    fn transpose(&self, py: Python<'_>, axes: &Bound<'_, PyTuple>) -> PyResult<PyObject> {
        if axes.is_empty() || (axes.len() == 1 && axes.get_item(0)?.is_none()) {
            return PyTensor::wrap(py, self.inner.transpose());
        }
        let list: Vec<i64> = if axes.len() == 1 && axes.get_item(0)?.extract::<i64>().is_err() {
            crate::convert::small_int_list(&axes.get_item(0)?, "axes")?
        } else {
            crate::convert::small_int_list(axes.as_any(), "axes")?
        };
        PyTensor::wrap(py, self.inner.permute_dims(&list).py()?)
    }

    fn permute_dims(&self, py: Python<'_>, axes: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let axes = crate::convert::small_int_list(axes, "axes")?;
        PyTensor::wrap(py, self.inner.permute_dims(&axes).py()?)
    }

    fn expand_dims(&self, py: Python<'_>, axis: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        if axis.is_none() {
            return Err(PyTypeError::new_err("expand_dims: axis must be an int or a tuple of ints, not None"));
        }
        let axes = axes_of(Some(axis))?.unwrap_or_default();
        PyTensor::wrap(py, self.inner.expand_dims_many(&axes).py()?)
    }

    #[pyo3(signature = (axis=None))]
    fn squeeze(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        // NumPy quirk kept: a 0-d array takes a plain int axis 0 or -1 (not
        // in a tuple) and returns itself.
        if self.inner.ndim() == 0 {
            if let Some(0 | -1) = axis.filter(|a| a.is_instance_of::<PyInt>()).and_then(|a| a.extract::<i64>().ok()) {
                return PyTensor::wrap(py, self.inner.squeeze(None).py()?);
            }
        }
        let axes = axes_of(axis)?;
        PyTensor::wrap(py, self.inner.squeeze(axes.as_deref()).py()?)
    }

    #[pyo3(signature = (axis=None))]
    fn flip(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        PyTensor::wrap(py, self.inner.flip(axes.as_deref()).py()?)
    }

    fn broadcast_to(&self, py: Python<'_>, shape: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let shape = crate::convert::shape_of(shape)?;
        PyTensor::wrap(py, self.inner.broadcast_to(&shape).py()?)
    }
}

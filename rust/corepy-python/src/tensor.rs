//! `corepy.Tensor`: the Python face of a runtime tensor. Every method
//! converts its arguments, forwards to corepy-runtime and wraps the result;
//! large operations release the GIL while the kernels run.
//!
//! The class is defined here with its properties, copies and views; its
//! other methods are in one file per concern, each with its own
//! `#[pymethods]` block: tensor_ops.rs (operators), tensor_index.rs
//! (`t[key]`), tensor_reduce.rs (reductions, scans, sorting) and
//! tensor_interop.rs (NumPy, Python scalars, lists, repr).
use corepy_runtime::ops::convert;
use corepy_runtime::ops::elementwise::Operand;
use corepy_runtime::{Scalar, Tensor};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyList, PyTuple};

use crate::convert::{dtype_of, scalar_of};
use crate::dtype::PyDType;
use crate::errors::IntoPyResult;

/// Elements above which an op releases the GIL while it runs (below this the
/// release costs more than the op).
const RELEASE_GIL_ABOVE: usize = 1 << 15;

#[pyclass(name = "Tensor", module = "corepy", frozen, weakref)]
pub struct PyTensor {
    pub inner: Tensor,
}

impl PyTensor {
    pub fn wrap(py: Python<'_>, t: Tensor) -> PyResult<PyObject> {
        Ok(Py::new(py, PyTensor { inner: t })?.into_any())
    }
}

/// Run `f`, without the GIL when the work is large.
pub fn run<T: Send>(py: Python<'_>, work: usize, f: impl FnOnce() -> corepy_runtime::Result<T> + Send) -> PyResult<T> {
    if work >= RELEASE_GIL_ABOVE {
        py.allow_threads(f).py()
    } else {
        f().py()
    }
}

pub(crate) fn shape_tuple<'py>(py: Python<'py>, shape: &[usize]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, shape.iter().copied())
}

/// A Python value as an elementwise operand: a tensor, a number, or (for
/// NumPy arrays and nested lists) a tensor made from it.
pub enum Arg {
    Tensor(Tensor),
    Scalar(Scalar),
}

impl Arg {
    pub fn extract(obj: &Bound<'_, PyAny>, convert_sequences: bool) -> PyResult<Option<Arg>> {
        if let Ok(t) = obj.downcast::<PyTensor>() {
            return Ok(Some(Arg::Tensor(t.get().inner.clone())));
        }
        // Python numbers: weak scalars (checked first: the common, fast case).
        if obj.is_exact_instance_of::<pyo3::types::PyFloat>()
            || obj.is_exact_instance_of::<pyo3::types::PyInt>()
            || obj.is_exact_instance_of::<pyo3::types::PyBool>()
        {
            return Ok(scalar_of(obj)?.map(Arg::Scalar));
        }
        // NumPy scalars and 0-d arrays are typed (strong) operands, as in NumPy 2.
        if let Some(t) = crate::convert::numpy_zero_dim(obj.py(), obj)? {
            return Ok(Some(Arg::Tensor(t)));
        }
        if let Some(s) = scalar_of(obj)? {
            return Ok(Some(Arg::Scalar(s)));
        }
        if convert_sequences && (obj.hasattr("__array_interface__")? || obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
            return Ok(Some(Arg::Tensor(crate::convert::tensor_from_data(obj.py(), obj, None)?)));
        }
        Ok(None)
    }

    pub fn operand(&self) -> Operand<'_> {
        match self {
            Arg::Tensor(t) => Operand::Tensor(t),
            Arg::Scalar(s) => Operand::Scalar(*s),
        }
    }

    pub fn numel(&self) -> usize {
        match self {
            Arg::Tensor(t) => t.numel(),
            Arg::Scalar(_) => 1,
        }
    }

    pub fn into_tensor(self) -> PyResult<Tensor> {
        match self {
            Arg::Tensor(t) => Ok(t),
            Arg::Scalar(s) => corepy_runtime::ops::creation::full(&[], corepy_runtime::promotion::default_dtype_of(&s), s).py(),
        }
    }
}

/// An `axis` argument: None, an int or a sequence of ints.
pub(crate) fn axes_of(axis: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<i64>>> {
    match axis {
        None => Ok(None),
        Some(a) if a.is_none() => Ok(None),
        Some(a) => {
            if let Ok(i) = a.extract::<i64>() {
                Ok(Some(vec![i]))
            } else {
                Ok(Some(crate::convert::small_int_list(a, "axis")?))
            }
        }
    }
}

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

    /// A view with a new shape: `t.reshape(2, 3)` or `t.reshape((2, -1))`.
    #[pyo3(signature = (*shape))]
    fn reshape(&self, py: Python<'_>, shape: &Bound<'_, PyTuple>) -> PyResult<PyObject> {
        let target: Vec<i64> = if shape.len() == 1 && shape.get_item(0)?.extract::<i64>().is_err() {
            crate::convert::small_int_list(&shape.get_item(0)?, "shape")?
        } else {
            crate::convert::small_int_list(shape.as_any(), "shape")?
        };
        PyTensor::wrap(py, self.inner.reshape(&target).py()?)
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

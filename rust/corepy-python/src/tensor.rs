//! `corepy.Tensor`: the Python face of a runtime tensor. Every method
//! converts its arguments, forwards to corepy-runtime and wraps the result;
//! large operations release the GIL while the kernels run.
use corepy_runtime::ops::elementwise::{binary, BinaryOp, Operand};
use corepy_runtime::ops::unary::negative;
use corepy_runtime::ops::{convert, matmul, reduce};
use corepy_runtime::{Scalar, Tensor};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{dtype_of, edge_list, scalar_of, scalar_to_py, to_list};
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

fn shape_tuple<'py>(py: Python<'py>, shape: &[usize]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, shape.iter().copied())
}

impl PyTensor {
    fn binary_op(&self, py: Python<'_>, op: BinaryOp, other: &Bound<'_, PyAny>, reflected: bool) -> PyResult<PyObject> {
        let a = &self.inner;
        let work = a.numel();
        if let Ok(o) = other.downcast::<PyTensor>() {
            let b = &o.get().inner;
            let (x, y) = if reflected { (b, a) } else { (a, b) };
            let t = run(py, work.max(b.numel()), || binary(op, Operand::Tensor(x), Operand::Tensor(y)))?;
            return PyTensor::wrap(py, t);
        }
        let Some(s) = scalar_of(other)? else {
            return Ok(py.NotImplemented());
        };
        let t = run(py, work, || {
            if reflected {
                binary(op, Operand::Scalar(s), Operand::Tensor(a))
            } else {
                binary(op, Operand::Tensor(a), Operand::Scalar(s))
            }
        })?;
        PyTensor::wrap(py, t)
    }
}

#[pymethods]
impl PyTensor {
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

    fn __len__(&self) -> PyResult<usize> {
        match self.inner.shape().first() {
            Some(&n) => Ok(n),
            None => Err(PyTypeError::new_err("len() of a 0-d tensor")),
        }
    }

    fn item(&self, py: Python<'_>) -> PyResult<PyObject> {
        scalar_to_py(py, self.inner.item().py()?)
    }

    fn tolist(&self, py: Python<'_>) -> PyResult<PyObject> {
        to_list(py, &self.inner)
    }

    /// Nested lists of the edge elements (repr of large tensors).
    fn _edge_list(&self, py: Python<'_>, edgeitems: usize) -> PyResult<PyObject> {
        edge_list(py, &self.inner, edgeitems)
    }

    /// NumPy's array interface: NumPy arrays made from a tensor share its memory
    /// and keep the tensor alive.
    #[getter]
    fn __array_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("shape", shape_tuple(py, self.inner.shape())?)?;
        d.set_item("typestr", self.inner.dtype().typestr())?;
        d.set_item("data", (self.inner.data_ptr() as usize, false))?;
        d.set_item("strides", py.None())?; // contiguous (C order)
        d.set_item("version", 3)?;
        Ok(d)
    }

    /// A NumPy array sharing this tensor's memory (like torch's `.numpy()`).
    fn numpy<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let np = slf.py().import("numpy")?;
        np.call_method1("asarray", (slf,))
    }

    #[pyo3(signature = (dtype=None, copy=None))]
    fn __array__<'py>(slf: &Bound<'py, Self>, dtype: Option<&Bound<'py, PyAny>>, copy: Option<bool>) -> PyResult<Bound<'py, PyAny>> {
        let np = slf.py().import("numpy")?;
        let kwargs = PyDict::new(slf.py());
        if let Some(d) = dtype {
            kwargs.set_item("dtype", d)?;
        }
        let arr = np.call_method("asarray", (slf,), Some(&kwargs))?;
        if copy == Some(true) {
            return arr.call_method0("copy");
        }
        Ok(arr)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let fmt = slf.py().import("corepy._repr")?;
        fmt.call_method1("tensor_repr", (slf,))?.extract()
    }

    fn __str__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let fmt = slf.py().import("corepy._repr")?;
        fmt.call_method1("tensor_str", (slf,))?.extract()
    }

    fn __bool__(&self) -> PyResult<bool> {
        match self.inner.numel() {
            1 => Ok(!matches!(self.inner.item().py()?, Scalar::Bool(false) | Scalar::Int(0)) && !matches!(self.inner.item().py()?, Scalar::Float(x) if x == 0.0)),
            _ => Err(PyValueError::new_err(
                "the truth value of a tensor with more than one element is ambiguous; use .any() or .all() (coming with the semantics issue)",
            )),
        }
    }

    fn __float__(&self) -> PyResult<f64> {
        Ok(self.inner.item().py()?.as_f64())
    }

    fn __int__(&self) -> PyResult<i64> {
        match self.inner.item().py()? {
            Scalar::Bool(b) => Ok(b as i64),
            Scalar::Int(i) => Ok(i),
            Scalar::Float(x) if x.is_finite() => Ok(x.trunc() as i64),
            Scalar::Float(x) => Err(PyValueError::new_err(format!("cannot convert float {x} to integer"))),
        }
    }

    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Add, other, false)
    }
    fn __radd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Add, other, true)
    }
    fn __sub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Sub, other, false)
    }
    fn __rsub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Sub, other, true)
    }
    fn __mul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Mul, other, false)
    }
    fn __rmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Mul, other, true)
    }
    fn __truediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Div, other, false)
    }
    fn __rtruediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.binary_op(py, BinaryOp::Div, other, true)
    }

    fn __neg__(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || negative(&self.inner))?;
        PyTensor::wrap(py, t)
    }

    fn __pos__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __matmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let Ok(o) = other.downcast::<PyTensor>() else { return Ok(py.NotImplemented()) };
        let b = &o.get().inner;
        let t = run(py, usize::MAX, || matmul::matmul(&self.inner, b))?;
        PyTensor::wrap(py, t)
    }

    fn __rmatmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let Ok(o) = other.downcast::<PyTensor>() else { return Ok(py.NotImplemented()) };
        let a = &o.get().inner;
        let t = run(py, usize::MAX, || matmul::matmul(a, &self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// Sum of all elements (int and bool sums are int64, as in NumPy).
    fn sum(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || reduce::sum(&self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// Mean of all elements (float64 for int and bool tensors).
    fn mean(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || reduce::mean(&self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// Largest element; NaN if any element is NaN. Empty tensors raise ValueError.
    fn max(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || reduce::max(&self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// Smallest element; NaN if any element is NaN. Empty tensors raise ValueError.
    fn min(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || reduce::min(&self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// A view with a new shape: `t.reshape(2, 3)` or `t.reshape((2, -1))`.
    #[pyo3(signature = (*shape))]
    fn reshape(&self, py: Python<'_>, shape: &Bound<'_, PyTuple>) -> PyResult<PyObject> {
        let target: Vec<i64> = if shape.len() == 1 && shape.get_item(0)?.extract::<i64>().is_err() {
            shape.get_item(0)?.extract()?
        } else {
            shape.extract()?
        };
        PyTensor::wrap(py, self.inner.reshape(&target).py()?)
    }

    /// A copy converted to `dtype`.
    fn astype(&self, py: Python<'_>, dtype: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let dt = dtype_of(dtype)?;
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }

    /// A copy with its own memory.
    fn copy(&self, py: Python<'_>) -> PyResult<PyObject> {
        let dt = self.inner.dtype();
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }
}

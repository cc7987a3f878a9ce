//! corepy.Tensor and the rest of Python: NumPy's array interface and
//! `numpy()`, Python scalars (`item`, `bool`, `float`, `int`), nested lists
//! and repr.
use corepy_runtime::Scalar;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{scalar_to_py, to_list};
use crate::errors::IntoPyResult;
use crate::tensor::{shape_tuple, PyTensor};

fn fmt_shape_py(shape: &[usize]) -> String {
    match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

impl PyTensor {
    /// The element of a one-element tensor for float()/int(); TypeError
    /// otherwise, as NumPy ("only length-1 arrays can be converted").
    fn one_element(&self, what: &str) -> PyResult<Scalar> {
        if self.inner.numel() != 1 {
            return Err(PyTypeError::new_err(format!(
                "{what}(): only one-element tensors can be converted to Python scalars, got shape {}",
                fmt_shape_py(self.inner.shape())
            )));
        }
        self.inner.item().py()
    }
}

#[pymethods]
impl PyTensor {
    fn item(&self, py: Python<'_>) -> PyResult<PyObject> {
        scalar_to_py(py, self.inner.item().py()?)
    }

    fn tolist(&self, py: Python<'_>) -> PyResult<PyObject> {
        to_list(py, &self.inner)
    }

    /// NumPy's array interface: NumPy arrays made from a tensor share its memory
    /// and keep the tensor alive.
    #[getter]
    fn __array_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("shape", shape_tuple(py, self.inner.shape())?)?;
        d.set_item("typestr", self.inner.dtype().typestr())?;
        d.set_item("data", (self.inner.data_ptr() as usize, false))?;
        if self.inner.is_contiguous() {
            d.set_item("strides", py.None())?; // C order
        } else {
            let size = self.inner.dtype().itemsize() as isize;
            d.set_item("strides", PyTuple::new(py, self.inner.strides().iter().map(|&s| s * size))?)?;
        }
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
            1 => {
                Ok(!matches!(self.inner.item().py()?, Scalar::Bool(false) | Scalar::Int(0)) && !matches!(self.inner.item().py()?, Scalar::Float(x) if x == 0.0))
            }
            0 => Err(PyValueError::new_err("the truth value of an empty tensor is ambiguous; use t.size > 0 to check that a tensor is not empty")),
            _ => Err(PyValueError::new_err("the truth value of a tensor with more than one element is ambiguous; use .any() or .all()")),
        }
    }

    fn __float__(&self) -> PyResult<f64> {
        Ok(self.one_element("float")?.as_f64())
    }

    fn __int__(&self) -> PyResult<i64> {
        match self.one_element("int")? {
            Scalar::Bool(b) => Ok(b as i64),
            Scalar::Int(i) => Ok(i),
            Scalar::Float(x) if x.is_finite() => Ok(x.trunc() as i64),
            Scalar::Float(x) if x.is_nan() => Err(PyValueError::new_err("cannot convert float NaN to integer")),
            Scalar::Float(x) => Err(pyo3::exceptions::PyOverflowError::new_err(format!("cannot convert float {x} to integer"))),
        }
    }
}

//! corepy.Tensor methods that NumPy's ndarray has beside the functions of
//! corepy/_shapes.py: ravel, flatten, swapaxes, fill, sort (in place),
//! clip and round. Each is one runtime op.
use corepy_runtime::ops::composite_elementwise;
use corepy_runtime::ops::{array_methods, shaping};
use pyo3::prelude::*;

use crate::convert::Arg;
use crate::functions::arg;
use crate::shapes::{decimals_of, order_of};
use crate::tensor::{run, PyTensor};

#[pymethods]
impl PyTensor {
    /// The elements as 1-D in `order` ('C', 'F', 'A' or 'K'): a view when
    /// the layout allows it, else a copy.
    #[pyo3(signature = (order="C"))]
    fn ravel(&self, py: Python<'_>, order: &str) -> PyResult<PyObject> {
        let order = order_of(order)?;
        PyTensor::wrap(py, run(py, self.inner.numel(), || shaping::ravel(&self.inner, order))?)
    }

    /// A 1-D copy in `order` (always its own memory).
    #[pyo3(signature = (order="C"))]
    fn flatten(&self, py: Python<'_>, order: &str) -> PyResult<PyObject> {
        let order = order_of(order)?;
        PyTensor::wrap(py, run(py, self.inner.numel(), || shaping::flatten(&self.inner, order))?)
    }

    /// A view with two axes exchanged.
    fn swapaxes(&self, py: Python<'_>, axis1: i64, axis2: i64) -> PyResult<PyObject> {
        PyTensor::wrap(py, run(py, 0, || shaping::swapaxes(&self.inner, axis1, axis2))?)
    }

    /// Set every element to `value`, in place.
    fn fill(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let v = arg("fill", value)?;
        run(py, self.inner.numel(), || array_methods::fill(&self.inner, v.operand()))
    }

    /// Sort in place along `axis` (NaN last); returns None, as NumPy.
    #[pyo3(signature = (axis=-1))]
    fn sort(&self, py: Python<'_>, axis: i64) -> PyResult<()> {
        run(py, self.inner.numel(), || array_methods::sort_inplace(&self.inner, axis))
    }

    /// Limit values to [min, max] (either may be None), as NumPy's clip.
    #[pyo3(signature = (min=None, max=None))]
    fn clip(&self, py: Python<'_>, min: Option<&Bound<'_, PyAny>>, max: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        let bound = |o: Option<&Bound<'_, PyAny>>| -> PyResult<Option<Arg>> {
            match o {
                Some(v) if !v.is_none() => Ok(Some(arg("clip", v)?)),
                _ => Ok(None),
            }
        };
        let (lo, hi) = (bound(min)?, bound(max)?);
        let out = run(py, self.inner.numel(), || composite_elementwise::clip(&self.inner, lo.as_ref().map(Arg::operand), hi.as_ref().map(Arg::operand)))?;
        PyTensor::wrap(py, out)
    }

    /// Round to `decimals` places, halves to even (NumPy's round).
    #[pyo3(signature = (decimals=None))]
    fn round(&self, py: Python<'_>, decimals: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        let d = match decimals {
            Some(d) => decimals_of(d)?,
            None => 0,
        };
        PyTensor::wrap(py, run(py, self.inner.numel(), || array_methods::round(&self.inner, d))?)
    }
}

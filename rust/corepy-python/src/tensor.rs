//! `corepy.Tensor`: the Python face of a runtime tensor. Every method
//! converts its arguments, forwards to corepy-runtime and wraps the result;
//! large operations release the GIL while the kernels run.
//!
//! The class is defined here with the helpers every method file shares
//! (wrapping a result, running with the GIL released); its methods are in one
//! file per concern, each with its own `#[pymethods]` block:
//! tensor_layout.rs (properties, copies and views), tensor_ops.rs
//! (operators), tensor_index.rs (`t[key]`), tensor_reduce.rs (reductions,
//! scans, sorting) and tensor_interop.rs (NumPy, Python scalars, lists, repr).
//! Argument conversion lives in convert.rs, which this file does not use.
use corepy_runtime::Tensor;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

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

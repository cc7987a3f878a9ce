//! `corepy.dtype` objects (corepy.float32, ...), mirroring corepy/dtypes.py.
use corepy_runtime::DType;
use pyo3::prelude::*;

/// A corepy element type. Compares equal to its names ('float32', 'f32').
#[pyclass(name = "dtype", module = "corepy", frozen, eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyDType(pub DType);

#[pymethods]
impl PyDType {
    #[new]
    fn py_new(spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        crate::convert::dtype_of(spec).map(PyDType)
    }

    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.0.itemsize()
    }

    #[getter]
    fn is_floating_point(&self) -> bool {
        self.0.is_float()
    }

    fn __repr__(&self) -> String {
        format!("corepy.{}", self.0.name())
    }

    fn __str__(&self) -> &'static str {
        self.0.name()
    }
}

pub fn all_dtypes() -> [(&'static str, PyDType); 5] {
    [
        ("bool", PyDType(DType::Bool)),
        ("int32", PyDType(DType::I32)),
        ("int64", PyDType(DType::I64)),
        ("float32", PyDType(DType::F32)),
        ("float64", PyDType(DType::F64)),
    ]
}

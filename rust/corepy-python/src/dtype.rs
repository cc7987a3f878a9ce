//! `corepy.dtype` objects (corepy.float32, ...), mirroring corepy/dtypes.py.
use corepy_runtime::DType;
use pyo3::prelude::*;

/// A corepy element type. Compares equal to its names ('float32', 'f32').
#[pyclass(name = "dtype", module = "corepy", frozen)]
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

    /// Equal to another dtype or anything naming the same one ('float32',
    /// 'f32', numpy.float32, float for float64), as NumPy dtypes are.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        crate::convert::dtype_of(other).map(|d| d == self.0).unwrap_or(false)
    }

    fn __ne__(&self, other: &Bound<'_, PyAny>) -> bool {
        !self.__eq__(other)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.0.name().hash(&mut h);
        h.finish()
    }
}

pub fn all_dtypes() -> [(&'static str, PyDType); 8] {
    [
        ("bool", PyDType(DType::Bool)),
        ("int8", PyDType(DType::I8)),
        ("int16", PyDType(DType::I16)),
        ("uint8", PyDType(DType::U8)),
        ("int32", PyDType(DType::I32)),
        ("int64", PyDType(DType::I64)),
        ("float32", PyDType(DType::F32)),
        ("float64", PyDType(DType::F64)),
    ]
}

//! `corepy.dtype` objects (corepy.float32, ...), mirroring corepy/dtypes.py.
use corepy_runtime::{DType, Scalar};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString, PyType};

use crate::errors::IntoPyResult;

/// A corepy element type. Compares equal to its names ('float32', 'f32').
#[pyclass(name = "dtype", module = "corepy", frozen)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyDType(pub DType);

#[pymethods]
impl PyDType {
    #[new]
    fn py_new(spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        dtype_of(spec).map(PyDType)
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
        dtype_of(other).map(|d| d == self.0).unwrap_or(false)
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

/// Every dtype with its NumPy name, in NumPy's order (bool, signed,
/// unsigned, floats), from the runtime's one list.
pub fn all_dtypes() -> Vec<(&'static str, PyDType)> {
    DType::presentation_order().into_iter().map(|d| (d.name(), PyDType(d))).collect()
}

/// `dtypes()`: the dtype objects, for corepy/dtypes.py to publish.
#[pyfunction]
pub fn dtypes() -> Vec<PyDType> {
    all_dtypes().into_iter().map(|(_, d)| d).collect()
}

/// `type_info(dtype)`: NumPy's finfo/iinfo fields of a dtype, from the
/// runtime (floats: bits, eps, max, smallest_normal, resolution, precision;
/// integers: bits, min, max).
#[pyfunction]
pub fn type_info<'py>(py: Python<'py>, dt: &Bound<'py, PyAny>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    use pyo3::types::PyDictMethods;
    let d = dtype_of(dt)?;
    let info = pyo3::types::PyDict::new(py);
    info.set_item("bits", 8 * d.itemsize())?;
    if let Some(f) = d.float_limits() {
        info.set_item("eps", f.eps)?;
        info.set_item("max", f.max)?;
        info.set_item("smallest_normal", f.smallest_normal)?;
        info.set_item("resolution", f.resolution)?;
        info.set_item("precision", f.precision)?;
    } else if let Some((min, max)) = d.int_limits() {
        info.set_item("min", min)?;
        info.set_item("max", max)?;
    }
    info.set_item("kind", format!("{:?}", d.kind()).to_lowercase())?;
    Ok(info)
}

/// A dtype argument: a corepy dtype, a name ('f32', 'float32'), a Python
/// type (float, int, bool) or a NumPy dtype / scalar type.
pub fn dtype_of(obj: &Bound<'_, PyAny>) -> PyResult<DType> {
    if let Ok(d) = obj.extract::<PyDType>() {
        return Ok(d.0);
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return DType::parse(s.to_str()?).py();
    }
    if let Ok(t) = obj.downcast::<PyType>() {
        let py = obj.py();
        // Python's number types name the dtype their values take.
        let sample = if t.is(&py.get_type::<PyBool>()) {
            Some(Scalar::Bool(false))
        } else if t.is(&py.get_type::<PyInt>()) {
            Some(Scalar::Int(0))
        } else if t.is(&py.get_type::<PyFloat>()) {
            Some(Scalar::Float(0.0))
        } else {
            None
        };
        if let Some(s) = sample {
            return Ok(corepy_runtime::promotion::default_dtype_of(&s));
        }
        if let Ok(name) = obj.getattr("__name__").and_then(|n| n.extract::<String>()) {
            if let Ok(d) = DType::parse(name.trim_end_matches('_')) {
                return Ok(d);
            }
        }
    } else if let Ok(name) = obj.getattr("name").and_then(|n| n.extract::<String>()) {
        return DType::parse(&name).py(); // numpy.dtype
    }
    Err(PyTypeError::new_err(format!("cannot interpret {} as a corepy dtype", obj.repr()?)))
}

pub fn optional_dtype(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<DType>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => dtype_of(o).map(Some),
    }
}

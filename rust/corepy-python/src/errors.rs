//! Runtime errors become the Python exception a NumPy user expects.
use corepy_runtime::Error;
use pyo3::exceptions::{PyIndexError, PyMemoryError, PyOverflowError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::PyErr;

pub fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::UnsupportedDType { .. } | Error::UnknownDType(_) => PyTypeError::new_err(msg),
        Error::OutOfMemory { .. } => PyMemoryError::new_err(msg),
        Error::Overflow(_) => PyOverflowError::new_err(msg),
        Error::Index(_) => PyIndexError::new_err(msg),
        Error::DeviceUnavailable(_) => PyRuntimeError::new_err(msg),
        Error::ShapeMismatch { .. } | Error::MatmulMismatch { .. } | Error::InvalidArgument(_) | Error::SizeOverflow(_) | Error::EmptyReduction { .. } => {
            PyValueError::new_err(msg)
        }
    }
}

/// `?`-friendly conversion for runtime results.
pub trait IntoPyResult<T> {
    fn py(self) -> pyo3::PyResult<T>;
}

impl<T> IntoPyResult<T> for corepy_runtime::Result<T> {
    fn py(self) -> pyo3::PyResult<T> {
        self.map_err(to_py)
    }
}

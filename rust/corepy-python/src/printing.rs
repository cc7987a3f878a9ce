//! Text of tensors for corepy/_repr.py: the print options arrive from
//! Python (which keeps them), corepy-runtime's format.rs reads and formats
//! the elements and lays out the text.
use corepy_runtime::format::{self, PrintOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::errors::IntoPyResult;
use crate::tensor::PyTensor;

/// `repr` (with `name` as the prefix, e.g. `tensor`) or, when `name` is
/// None, `str` of a tensor under the given print options.
#[pyfunction]
#[pyo3(signature = (t, name, precision, threshold, edgeitems, linewidth, suppress))]
pub fn format_tensor(
    t: &Bound<'_, PyAny>,
    name: Option<&str>,
    precision: usize,
    threshold: i64,
    edgeitems: usize,
    linewidth: i64,
    suppress: bool,
) -> PyResult<String> {
    let t = t.downcast::<PyTensor>().map_err(|_| PyTypeError::new_err("format_tensor: expected a corepy.Tensor"))?;
    let opts = PrintOptions { precision, threshold, edgeitems, linewidth, suppress };
    let inner = &t.get().inner;
    match name {
        Some(name) => format::repr(inner, &opts, name).py(),
        None => format::str(inner, &opts).py(),
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(format_tensor, m)?)?;
    Ok(())
}

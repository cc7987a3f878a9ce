//! einsum and einsum_path behind corepy/contractions.py. The bridge converts
//! the operands, the `optimize` choice and NumPy's interleaved form
//! (operand, sublist, operand, sublist, ..., [output sublist]) into a
//! subscripts string; corepy-runtime's ops/einsum.rs parses, validates and
//! computes.
use corepy_runtime::ops::einsum::{self as runtime, Order};
use corepy_runtime::Tensor;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyEllipsis, PyList, PyString, PyTuple};

use crate::errors::IntoPyResult;
use crate::functions::tensor_arg;
use crate::manipulation::ints_of;
use crate::tensor::{run, PyTensor};

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

/// NumPy's `optimize` values: False contracts left to right; True, 'greedy'
/// and 'optimal' use the greedy order; a path as einsum_path returns it
/// (['einsum_path', (i, j), ...]) is followed.
fn order_of(name: &str, optimize: &Bound<'_, PyAny>) -> PyResult<Order> {
    if let Ok(b) = optimize.downcast::<PyBool>() {
        return Ok(if b.is_true() { Order::Greedy } else { Order::LeftToRight });
    }
    if let Ok(s) = optimize.downcast::<PyString>() {
        let s = s.to_cow()?;
        return match s.as_ref() {
            "greedy" | "optimal" => Ok(Order::Greedy),
            other => Err(PyValueError::new_err(format!("{name}: optimize must be False, True, 'greedy' or 'optimal', got '{other}'"))),
        };
    }
    let is_path = (optimize.downcast::<PyList>().is_ok() || optimize.downcast::<PyTuple>().is_ok())
        && optimize.get_item(0).ok().is_some_and(|first| first.extract::<String>().is_ok_and(|s| s == "einsum_path"));
    if is_path {
        let mut path = Vec::new();
        for entry in optimize.try_iter()?.skip(1) {
            let positions = ints_of(name, "each contraction path entry", &entry?)?;
            let positions = positions.into_iter().map(usize::try_from).collect::<Result<Vec<_>, _>>();
            path.push(positions.map_err(|_| PyValueError::new_err(format!("{name}: contraction path positions must be non-negative")))?);
        }
        return Ok(Order::Path(path));
    }
    Err(PyTypeError::new_err(format!(
        "{name}: optimize must be a bool, 'greedy', 'optimal' or a path ['einsum_path', (i, j), ...], got {}",
        type_name(optimize)
    )))
}

/// One sublist of the interleaved form as subscripts: 0-25 are 'A'-'Z',
/// 26-51 'a'-'z', Ellipsis is '...'.
fn sublist_text(name: &str, sub: &Bound<'_, PyAny>) -> PyResult<String> {
    let err = || PyTypeError::new_err(format!("{name}: a subscripts list must hold integers and Ellipsis, got {}", type_name(sub)));
    let mut s = String::new();
    for item in sub.try_iter().map_err(|_| err())? {
        let item = item?;
        if item.is(PyEllipsis::get(item.py())) {
            s.push_str("...");
            continue;
        }
        if item.downcast::<PyBool>().is_ok() {
            return Err(err());
        }
        let v: i64 = item.extract().map_err(|_| err())?;
        match v {
            0..=25 => s.push((b'A' + v as u8) as char),
            26..=51 => s.push((b'a' + (v - 26) as u8) as char),
            _ => return Err(PyValueError::new_err(format!("{name}: subscript {v} is not within the valid range [0, 52)"))),
        }
    }
    Ok(s)
}

/// The subscripts string and the operands, from either calling form.
fn arguments(name: &str, first: &Bound<'_, PyAny>, rest: &Bound<'_, PyTuple>) -> PyResult<(String, Vec<Tensor>)> {
    if let Ok(s) = first.downcast::<PyString>() {
        let operands = rest.iter().map(|o| tensor_arg(name, &o)).collect::<PyResult<Vec<_>>>()?;
        return Ok((s.to_cow()?.into_owned(), operands));
    }
    let mut items: Vec<Bound<'_, PyAny>> = vec![first.clone()];
    items.extend(rest.iter());
    let output = if items.len() % 2 == 1 && items.len() > 1 { Some(sublist_text(name, &items.pop().expect("odd count"))?) } else { None };
    if items.len() % 2 == 1 {
        return Err(PyValueError::new_err(format!(
            "{name}: must specify the einstein sum subscripts string and at least one operand, or at least one operand and its \
             corresponding subscripts list"
        )));
    }
    let (mut terms, mut operands) = (Vec::new(), Vec::new());
    for pair in items.chunks(2) {
        operands.push(tensor_arg(name, &pair[0])?);
        terms.push(sublist_text(name, &pair[1])?);
    }
    let mut text = terms.join(",");
    if let Some(out) = output {
        text.push_str("->");
        text.push_str(&out);
    }
    Ok((text, operands))
}

#[pyfunction]
#[pyo3(signature = (subscripts, operands, optimize))]
pub fn einsum(py: Python<'_>, subscripts: &Bound<'_, PyAny>, operands: &Bound<'_, PyTuple>, optimize: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let order = order_of("einsum", optimize)?;
    let (text, ts) = arguments("einsum", subscripts, operands)?;
    let shapes: Vec<&[usize]> = ts.iter().map(Tensor::shape).collect();
    let work = runtime::work_estimate(&text, &shapes, &order);
    PyTensor::wrap(py, run(py, work, || runtime::einsum(&text, &ts, &order))?)
}

#[pyfunction]
#[pyo3(signature = (subscripts, operands, optimize))]
pub fn einsum_path<'py>(
    py: Python<'py>,
    subscripts: &Bound<'py, PyAny>,
    operands: &Bound<'py, PyTuple>,
    optimize: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    let order = order_of("einsum_path", optimize)?;
    let (text, ts) = arguments("einsum_path", subscripts, operands)?;
    let shapes: Vec<&[usize]> = ts.iter().map(Tensor::shape).collect();
    let (path, description) = runtime::einsum_path(&text, &shapes, &order).py()?;
    let list = PyList::new(py, [PyString::new(py, "einsum_path").into_any()])?;
    for step in path {
        list.append(PyTuple::new(py, step)?)?;
    }
    PyTuple::new(py, [list.into_any(), PyString::new(py, &description).into_any()])
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(einsum, m)?)?;
    m.add_function(wrap_pyfunction!(einsum_path, m)?)?;
    Ok(())
}

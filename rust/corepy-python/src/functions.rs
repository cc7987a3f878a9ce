//! Module-level operations behind corepy/functions.py: elementwise functions
//! by name, where, concat/stack, and dtype queries.
use corepy_runtime::ops::elementwise::{binary, binary_into, compare, compare_into, BinaryOp, CompareOp};
use corepy_runtime::ops::unary::{predicate, predicate_into, unary, unary_into, where_, Predicate, UnaryOp};
use corepy_runtime::ops::{manipulate, matmul};
use corepy_runtime::promotion;
use corepy_runtime::Tensor;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::Arg;
use crate::dtype::dtype_of;
use crate::dtype::PyDType;
use crate::errors::IntoPyResult;
use crate::tensor::{run, PyTensor};

pub(crate) fn arg(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<Arg> {
    Arg::extract(obj, true)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "{name}: expected a tensor, a number or array-like, got {}",
            obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })
}

pub(crate) fn tensor_arg(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    match arg(name, obj)? {
        Arg::Tensor(t) => Ok(t),
        Arg::Scalar(s) => corepy_runtime::ops::creation::full(&[], promotion::default_dtype_of(&s), s).py(),
    }
}

pub(crate) fn out_tensor(name: &str, out: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    Ok(out
        .downcast::<PyTensor>()
        .map_err(|_| {
            PyTypeError::new_err(format!("{name}: out must be a corepy.Tensor, got {}", out.get_type().name().map(|n| n.to_string()).unwrap_or_default()))
        })?
        .get()
        .inner
        .clone())
}

/// `name(x, out=None)` for the one-input elementwise functions of the registry.
#[pyfunction(name = "unary")]
#[pyo3(signature = (name, x, out=None))]
pub fn unary_fn(py: Python<'_>, name: &str, x: &Bound<'_, PyAny>, out: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let t = tensor_arg(name, x)?;
    let dest = out.map(|o| out_tensor(name, o)).transpose()?;
    if let Some(op) = UnaryOp::parse(name) {
        return match dest {
            None => PyTensor::wrap(py, run(py, t.numel(), || unary(op, &t))?),
            Some(d) => {
                run(py, d.numel(), || unary_into(op, &t, &d))?;
                Ok(out.expect("given").clone().unbind())
            }
        };
    }
    let p = Predicate::parse(name).ok_or_else(|| PyValueError::new_err(format!("unknown unary function '{name}'")))?;
    match dest {
        None => PyTensor::wrap(py, run(py, t.numel(), || predicate(p, &t))?),
        Some(d) => {
            run(py, d.numel(), || predicate_into(p, &t, &d))?;
            Ok(out.expect("given").clone().unbind())
        }
    }
}

/// `name(a, b, out=None)` for the two-input elementwise functions and
/// comparisons of the registry (`out` may alias an input).
#[pyfunction(name = "binary")]
#[pyo3(signature = (name, a, b, out=None))]
pub fn binary_fn(py: Python<'_>, name: &str, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, out: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let (x, y) = (arg(name, a)?, arg(name, b)?);
    if matches!((&x, &y), (Arg::Scalar(_), Arg::Scalar(_))) {
        return Err(PyTypeError::new_err(format!("{name}: at least one operand must be a tensor or array-like")));
    }
    let dest = out.map(|o| out_tensor(name, o)).transpose()?;
    let work = x.numel().max(y.numel());
    if let Some(op) = BinaryOp::parse(name) {
        return match dest {
            None => PyTensor::wrap(py, run(py, work, || binary(op, x.operand(), y.operand()))?),
            Some(d) => {
                run(py, d.numel(), || binary_into(op, x.operand(), y.operand(), &d))?;
                Ok(out.expect("given").clone().unbind())
            }
        };
    }
    if name == "matmul" {
        let (ta, tb) = (x.into_tensor()?, y.into_tensor()?);
        let out = run(py, matmul::work_estimate(&ta, &tb), || matmul::matmul(&ta, &tb))?;
        return PyTensor::wrap(py, out);
    }
    let cmp = CompareOp::parse(name).ok_or_else(|| PyValueError::new_err(format!("unknown binary function '{name}'")))?;
    match dest {
        None => PyTensor::wrap(py, run(py, work, || compare(cmp, x.operand(), y.operand()))?),
        Some(d) => {
            run(py, d.numel(), || compare_into(cmp, x.operand(), y.operand(), &d))?;
            Ok(out.expect("given").clone().unbind())
        }
    }
}

/// `op_registry()`: (kind, name, aliases, doc) of every elementwise op, for
/// corepy/functions.py to build its functions from.
#[pyfunction]
pub fn op_registry() -> Vec<(&'static str, &'static str, Vec<&'static str>, &'static str)> {
    corepy_runtime::registry::elementwise_ops().into_iter().map(|(k, n, a, d)| (k, n, a.to_vec(), d)).collect()
}

/// Elements of x where cond is true, else of y.
#[pyfunction(name = "where")]
pub fn where_fn(py: Python<'_>, cond: &Bound<'_, PyAny>, x: &Bound<'_, PyAny>, y: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let c = tensor_arg("where", cond)?;
    let (a, b) = (arg("where", x)?, arg("where", y)?);
    let a = match a {
        Arg::Scalar(s) if matches!(b, Arg::Scalar(_)) => Arg::Tensor(corepy_runtime::ops::creation::full(&[], promotion::default_dtype_of(&s), s).py()?),
        other => other,
    };
    let out = run(py, c.numel(), || where_(&c, a.operand(), b.operand()))?;
    PyTensor::wrap(py, out)
}

fn tensors_of(name: &str, seq: &Bound<'_, PyAny>) -> PyResult<Vec<Tensor>> {
    let mut v = Vec::new();
    for item in seq.try_iter()? {
        v.push(tensor_arg(name, &item?)?);
    }
    Ok(v)
}

#[pyfunction]
#[pyo3(signature = (tensors, axis=0))]
pub fn concat(py: Python<'_>, tensors: &Bound<'_, PyAny>, axis: Option<i64>) -> PyResult<PyObject> {
    let mut ts = tensors_of("concat", tensors)?;
    let axis = match axis {
        Some(a) => a,
        None => {
            // axis=None: flatten every input first (NumPy).
            ts = ts.iter().map(|t| t.reshape(&[-1])).collect::<corepy_runtime::Result<_>>().py()?;
            0
        }
    };
    let work = ts.iter().map(|t| t.numel()).sum();
    let out = run(py, work, || manipulate::concat(&ts, axis))?;
    PyTensor::wrap(py, out)
}

#[pyfunction]
#[pyo3(signature = (tensors, axis=0))]
pub fn stack(py: Python<'_>, tensors: &Bound<'_, PyAny>, axis: i64) -> PyResult<PyObject> {
    let ts = tensors_of("stack", tensors)?;
    let work = ts.iter().map(|t| t.numel()).sum();
    let out = run(py, work, || manipulate::stack(&ts, axis))?;
    PyTensor::wrap(py, out)
}

/// NumPy 2's result_type over tensors, dtypes and Python scalars (weak).
#[pyfunction]
#[pyo3(signature = (*args))]
pub fn result_type(args: &Bound<'_, PyTuple>) -> PyResult<PyDType> {
    let (mut strong, mut weak) = (Vec::new(), Vec::new());
    for a in args.iter() {
        if let Ok(t) = a.downcast::<PyTensor>() {
            strong.push(t.get().inner.dtype());
        } else if let Some(s) = crate::convert::scalar_of(&a)? {
            weak.push(s);
        } else {
            strong.push(dtype_of(&a)?);
        }
    }
    Ok(PyDType(promotion::result_type(&strong, &weak).py()?))
}

/// Whether a dtype converts to another under a casting rule.
#[pyfunction]
#[pyo3(signature = (from_, to, casting="safe"))]
pub fn can_cast(from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>, casting: &str) -> PyResult<bool> {
    let from = match from_.downcast::<PyTensor>() {
        Ok(t) => t.get().inner.dtype(),
        Err(_) => dtype_of(from_)?,
    };
    Ok(promotion::can_cast(from, dtype_of(to)?, promotion::Casting::parse(casting).py()?))
}

/// sort / argsort / cumsum / cumprod along an axis (None flattens).
#[pyfunction]
#[pyo3(signature = (name, x, axis))]
pub fn along_axis(py: Python<'_>, name: &str, x: &Bound<'_, PyAny>, axis: Option<i64>) -> PyResult<PyObject> {
    use corepy_runtime::ops::rows::{along_axis, RowOp};
    let t = tensor_arg(name, x)?;
    let op = RowOp::parse(name).py()?;
    let out = run(py, t.numel(), || along_axis(op, &t, axis))?;
    PyTensor::wrap(py, out)
}

#[pyfunction]
#[pyo3(signature = (is_max, x, axis=None, keepdims=false))]
pub fn arg_extreme(py: Python<'_>, is_max: bool, x: &Bound<'_, PyAny>, axis: Option<i64>, keepdims: bool) -> PyResult<PyObject> {
    let t = tensor_arg(if is_max { "argmax" } else { "argmin" }, x)?;
    let out = run(py, t.numel(), || corepy_runtime::ops::ordering::arg_extreme(is_max, &t, axis, keepdims))?;
    PyTensor::wrap(py, out)
}

#[pyfunction]
pub fn unique(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let t = tensor_arg("unique", x)?;
    let out = run(py, t.numel(), || corepy_runtime::ops::ordering::unique(&t))?;
    PyTensor::wrap(py, out)
}

#[pyfunction]
#[pyo3(signature = (x, indices, axis=None))]
pub fn take(py: Python<'_>, x: &Bound<'_, PyAny>, indices: &Bound<'_, PyAny>, axis: Option<i64>) -> PyResult<PyObject> {
    let t = tensor_arg("take", x)?;
    let idx = tensor_arg("take", indices)?;
    let out = run(py, t.numel(), || corepy_runtime::ops::indexing::take(&t, &idx, axis))?;
    PyTensor::wrap(py, out)
}

#[pyfunction]
pub fn nonzero<'py>(py: Python<'py>, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    let t = tensor_arg("nonzero", x)?;
    let parts = run(py, t.numel(), || corepy_runtime::ops::indexing::nonzero(&t))?;
    let objs: Vec<PyObject> = parts.into_iter().map(|p| PyTensor::wrap(py, p)).collect::<PyResult<_>>()?;
    PyTuple::new(py, objs)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(op_registry, m)?)?;
    m.add_function(wrap_pyfunction!(along_axis, m)?)?;
    m.add_function(wrap_pyfunction!(arg_extreme, m)?)?;
    m.add_function(wrap_pyfunction!(unique, m)?)?;
    m.add_function(wrap_pyfunction!(take, m)?)?;
    m.add_function(wrap_pyfunction!(nonzero, m)?)?;
    m.add_function(wrap_pyfunction!(unary_fn, m)?)?;
    m.add_function(wrap_pyfunction!(binary_fn, m)?)?;
    m.add_function(wrap_pyfunction!(where_fn, m)?)?;
    m.add_function(wrap_pyfunction!(concat, m)?)?;
    m.add_function(wrap_pyfunction!(stack, m)?)?;
    m.add_function(wrap_pyfunction!(result_type, m)?)?;
    m.add_function(wrap_pyfunction!(can_cast, m)?)?;
    Ok(())
}

//! Creation functions behind corepy/creation.py.
use corepy_runtime::ops::creation::{self, Distribution};
use corepy_runtime::{DType, Device, Scalar, Tensor};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::convert::{device_of, scalar_of, shape_of, tensor_from_data, Arg};
use crate::dtype::optional_dtype;
use crate::errors::IntoPyResult;
use crate::tensor::{run, PyTensor};

/// The result of a creation function on the device it was asked for: a
/// tensor is made where its storage lives, and one on any other device than
/// `device` is refused rather than handed back in its place.
fn on_device(t: Tensor, device: Device) -> PyResult<Tensor> {
    if t.device() == device {
        Ok(t)
    } else {
        Err(PyValueError::new_err(format!("cannot create a tensor on device '{device}': it was made on '{}'", t.device())))
    }
}

fn numel_hint(shape: &[usize]) -> usize {
    shape.iter().fold(1usize, |a, &d| a.saturating_mul(d))
}

#[pyfunction]
#[pyo3(signature = (data, dtype=None, device=None))]
pub fn tensor(py: Python<'_>, data: &Bound<'_, PyAny>, dtype: Option<&Bound<'_, PyAny>>, device: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    let device = device_of(device)?;
    let dt = optional_dtype(dtype)?;
    PyTensor::wrap(py, on_device(tensor_from_data(py, data, dt)?, device)?)
}

#[pyfunction]
#[pyo3(signature = (shape, fill_value, dtype=None, device=None))]
pub fn full(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let device = device_of(device)?;
    let shape = shape_of(shape)?;
    let value = scalar_of(fill_value)?.ok_or_else(|| {
        PyTypeError::new_err(format!("full: fill_value must be a number, got {}", fill_value.repr().map(|r| r.to_string()).unwrap_or_default()))
    })?;
    let dt = optional_dtype(dtype)?.unwrap_or_else(|| corepy_runtime::promotion::default_dtype_of(&value));
    let t = run(py, numel_hint(&shape), || creation::full(&shape, dt, value))?;
    PyTensor::wrap(py, on_device(t, device)?)
}

fn filled(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    value: Option<Scalar>,
) -> PyResult<PyObject> {
    let device = device_of(device)?;
    let shape = shape_of(shape)?;
    let dt = optional_dtype(dtype)?.unwrap_or(DType::F64);
    let t = run(py, numel_hint(&shape), || match value {
        Some(v) => creation::full(&shape, dt, v),
        None => creation::empty(&shape, dt),
    })?;
    PyTensor::wrap(py, on_device(t, device)?)
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, device=None))]
pub fn zeros(py: Python<'_>, shape: &Bound<'_, PyAny>, dtype: Option<&Bound<'_, PyAny>>, device: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    filled(py, shape, dtype, device, Some(Scalar::Int(0)))
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, device=None))]
pub fn ones(py: Python<'_>, shape: &Bound<'_, PyAny>, dtype: Option<&Bound<'_, PyAny>>, device: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    filled(py, shape, dtype, device, Some(Scalar::Int(1)))
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, device=None))]
pub fn empty(py: Python<'_>, shape: &Bound<'_, PyAny>, dtype: Option<&Bound<'_, PyAny>>, device: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
    filled(py, shape, dtype, device, None)
}

fn number(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<Scalar> {
    scalar_of(obj)?
        .ok_or_else(|| PyTypeError::new_err(format!("arange: {name} must be a number, got {}", obj.repr().map(|r| r.to_string()).unwrap_or_default())))
}

#[pyfunction]
#[pyo3(signature = (start, stop=None, step=None, dtype=None, device=None))]
pub fn arange(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    stop: Option<&Bound<'_, PyAny>>,
    step: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let device = device_of(device)?;
    let (a, b) = match stop {
        Some(s) if !s.is_none() => (number("start", start)?, number("stop", s)?),
        _ => (Scalar::Int(0), number("stop", start)?),
    };
    let s = match step {
        Some(s) if !s.is_none() => number("step", s)?,
        _ => Scalar::Int(1),
    };
    let dt = optional_dtype(dtype)?;
    let t = run(py, 0, || creation::arange(a, b, s, dt))?;
    PyTensor::wrap(py, on_device(t, device)?)
}

/// linspace(start, stop, num, endpoint, retstep, dtype, axis, device): the
/// tensor, or (tensor, step) with retstep. Number endpoints give one axis;
/// tensor (or array-like) endpoints broadcast together and the samples run
/// along `axis`; the step is then a tensor of their shape (a float for 0-d).
#[pyfunction]
#[pyo3(signature = (start, stop, num=50, endpoint=true, retstep=false, dtype=None, axis=0, device=None))]
#[allow(clippy::too_many_arguments)]
pub fn linspace(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    stop: &Bound<'_, PyAny>,
    num: i64,
    endpoint: bool,
    retstep: bool,
    dtype: Option<&Bound<'_, PyAny>>,
    axis: i64,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    use corepy_runtime::ops::array_methods::{linspace_arrays, linspace_full};
    let device = device_of(device)?;
    if num < 0 {
        return Err(PyValueError::new_err(format!("linspace: number of samples, {num}, must be non-negative")));
    }
    let dt = optional_dtype(dtype)?;
    let (a, b) = (crate::functions::arg("linspace", start)?, crate::functions::arg("linspace", stop)?);
    let n = num as usize;
    let (t, step) = match (&a, &b) {
        (Arg::Scalar(x), Arg::Scalar(y)) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            let (t, step) = run(py, n, || linspace_full(x, y, n, endpoint, dt.unwrap_or(DType::F64), axis))?;
            (t, pyo3::types::PyFloat::new(py, step).into_any().unbind())
        }
        _ => {
            let (t, step) = run(py, n, || linspace_arrays(a.operand(), b.operand(), n, endpoint, dt, axis))?;
            let step = match step {
                None => pyo3::types::PyFloat::new(py, f64::NAN).into_any().unbind(),
                Some(s) if s.ndim() == 0 => crate::convert::scalar_to_py(py, s.item().py()?)?,
                Some(s) => PyTensor::wrap(py, s)?,
            };
            (t, step)
        }
    };
    let t = PyTensor::wrap(py, on_device(t, device)?)?;
    if retstep {
        return Ok(pyo3::types::PyTuple::new(py, [t, step])?.into_any().unbind());
    }
    Ok(t)
}

#[pyfunction]
#[pyo3(signature = (n, m=None, k=None, dtype=None, device=None))]
pub fn eye(
    py: Python<'_>,
    n: i64,
    m: Option<i64>,
    k: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let device = device_of(device)?;
    // Any Python int is a valid diagonal, as in NumPy; one beyond int64 is
    // past every column or row, which int64's extreme stands for exactly.
    let k = match k {
        Some(k) if !k.is_none() => {
            let i = k.call_method0(pyo3::intern!(py, "__index__")).map_err(|_| {
                PyTypeError::new_err(format!("eye: k must be an integer, got {}", k.get_type().name().map(|n| n.to_string()).unwrap_or_default()))
            })?;
            match i.extract::<i64>() {
                Ok(v) => v,
                Err(_) if i.gt(0)? => i64::MAX,
                Err(_) => i64::MIN,
            }
        }
        _ => 0,
    };
    let m = m.unwrap_or(n);
    if n < 0 || m < 0 {
        return Err(PyValueError::new_err(format!("eye: negative dimensions are not allowed, got ({n}, {m})")));
    }
    let dt = optional_dtype(dtype)?.unwrap_or(DType::F64);
    let t = run(py, (n as usize).saturating_mul(m as usize), || creation::eye(n as usize, m as usize, k, dt))?;
    PyTensor::wrap(py, on_device(t, device)?)
}

fn seed_of(seed: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    match seed {
        Some(s) if !s.is_none() => {
            let v: i128 = s.extract().map_err(|_| PyTypeError::new_err("seed must be an integer"))?;
            u64::try_from(v).map_err(|_| PyValueError::new_err(format!("seed must be between 0 and 2**64 - 1, got {v}")))
        }
        // No seed: a fresh one from the OS-seeded std hasher, like NumPy's default_rng().
        _ => {
            use std::hash::{BuildHasher, Hasher};
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
            Ok(h.finish())
        }
    }
}

fn random(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    dist: Distribution,
) -> PyResult<PyObject> {
    let device = device_of(device)?;
    let shape = shape_of(shape)?;
    let dt = optional_dtype(dtype)?.unwrap_or(DType::F64);
    let seed = seed_of(seed)?;
    let t = run(py, numel_hint(&shape), || creation::random(&shape, dt, dist, seed))?;
    PyTensor::wrap(py, on_device(t, device)?)
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, seed=None, device=None))]
pub fn rand(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    random(py, shape, dtype, seed, device, Distribution::Uniform)
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, seed=None, device=None))]
pub fn randn(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    random(py, shape, dtype, seed, device, Distribution::Normal)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tensor, m)?)?;
    m.add_function(wrap_pyfunction!(full, m)?)?;
    m.add_function(wrap_pyfunction!(zeros, m)?)?;
    m.add_function(wrap_pyfunction!(ones, m)?)?;
    m.add_function(wrap_pyfunction!(empty, m)?)?;
    m.add_function(wrap_pyfunction!(arange, m)?)?;
    m.add_function(wrap_pyfunction!(linspace, m)?)?;
    m.add_function(wrap_pyfunction!(eye, m)?)?;
    m.add_function(wrap_pyfunction!(rand, m)?)?;
    m.add_function(wrap_pyfunction!(randn, m)?)?;
    Ok(())
}

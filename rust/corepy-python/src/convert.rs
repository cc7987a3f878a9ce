//! Python values in: scalars, dtype and device arguments, shapes, nested
//! sequences and buffer-protocol objects (NumPy arrays). Python values out:
//! scalars and nested lists. Conversion only; no arithmetic happens here.
use corepy_runtime::dtype::Kind;
use corepy_runtime::ops::elementwise::Operand;
use corepy_runtime::{DType, Device, Error, Scalar, Tensor};
use pyo3::buffer::{Element, PyBuffer};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PySequence, PyString, PyTuple};

use crate::errors::IntoPyResult;
use crate::tensor::PyTensor;

/// A Python bool/int/float (or NumPy scalar) as a runtime scalar; None if `obj` is not one.
pub fn scalar_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<Scalar>> {
    if obj.is_instance_of::<PyBool>() {
        return Ok(Some(Scalar::Bool(obj.extract::<bool>()?)));
    }
    if obj.is_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(i) => Ok(Some(Scalar::Int(i))),
            Err(_) => Err(pyo3::exceptions::PyOverflowError::new_err(format!("Python integer {} does not fit in int64", obj.str()?))),
        };
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Some(Scalar::Float(obj.extract::<f64>()?)));
    }
    // NumPy scalars and other number-likes.
    if let Ok(b) = obj.extract::<bool>() {
        return Ok(Some(Scalar::Bool(b))); // numpy.bool_
    }
    if obj.hasattr("__index__")? {
        if let Ok(i) = obj.call_method0("__index__").and_then(|v| v.extract::<i64>()) {
            return Ok(Some(Scalar::Int(i)));
        }
    }
    // Number-likes (NumPy scalars among them), but not arrays: those have a length.
    if obj.hasattr("__float__")? && !obj.is_instance_of::<PyTensor>() && !obj.hasattr("__len__")? {
        if let Ok(x) = obj.extract::<f64>() {
            return Ok(Some(Scalar::Float(x)));
        }
    }
    Ok(None)
}

pub fn scalar_to_py(py: Python<'_>, s: Scalar) -> PyResult<PyObject> {
    Ok(match s {
        Scalar::Bool(b) => PyBool::new(py, b).to_owned().into_any().unbind(),
        Scalar::Int(i) => i.into_pyobject(py)?.into_any().unbind(),
        Scalar::Float(x) => x.into_pyobject(py)?.into_any().unbind(),
    })
}

pub fn device_of(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Device> {
    let device = match obj {
        None => Device::Cpu,
        Some(o) if o.is_none() => Device::Cpu,
        Some(o) => Device::parse(&o.str()?.to_cow()?).py()?,
    };
    device.ensure_available().py()?;
    Ok(device)
}

/// A list of at most MAX_NDIM integers (a shape or a set of axes), read
/// once by iteration and grown as items arrive: a claimed `len()` is never
/// trusted for an allocation, only checked against what was read.
pub fn small_int_list(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<i64>> {
    let max = corepy_runtime::layout::MAX_NDIM;
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("{what} must be an int or a sequence of ints, got str")));
    }
    if obj.is_instance_of::<PyInt>() {
        // An int that reached here does not fit in int64.
        return Err(pyo3::exceptions::PyOverflowError::new_err(format!("{what} {} does not fit in int64", obj.str()?)));
    }
    let iter = obj.try_iter().map_err(|_| PyTypeError::new_err(format!("{what} must be an int or a sequence of ints, got {}", type_name(obj))))?;
    let mut v = Vec::new();
    for item in iter {
        let item = item?;
        if v.len() == max {
            return Err(PyValueError::new_err(format!("{what} has more than the {max} entries a tensor may have dimensions")));
        }
        v.push(item.extract::<i64>().map_err(|e| {
            if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(obj.py()) {
                pyo3::exceptions::PyOverflowError::new_err(format!(
                    "{what}: entry {} does not fit in int64",
                    item.str().map(|s| s.to_string()).unwrap_or_default()
                ))
            } else {
                PyTypeError::new_err(format!("{what} entries must be integers, got {}", type_name(&item)))
            }
        })?);
    }
    // What was read must be what the object says it holds.
    if obj.hasattr(pyo3::intern!(obj.py(), "__len__"))? {
        let claimed = obj.len()?;
        if claimed != v.len() {
            return Err(PyValueError::new_err(format!("{what}: the sequence reports length {claimed} but yielded {} items", v.len())));
        }
    }
    Ok(v)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

/// A shape argument: an int or a sequence of ints, each >= 0.
pub fn shape_of(obj: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    let dims: Vec<i64> = if let Ok(d) = obj.extract::<i64>() {
        vec![d]
    } else if obj.downcast::<PySequence>().is_ok() {
        small_int_list(obj, "shape")?
    } else {
        return Err(PyTypeError::new_err(format!("expected a shape (int or tuple of ints), got {}", obj.repr()?)));
    };
    dims.iter().map(|&d| if d < 0 { Err(PyValueError::new_err(format!("negative dimensions are not allowed, got {d}"))) } else { Ok(d as usize) }).collect()
}

/// `corepy.tensor(data, dtype)`: a copy of `data` as a new tensor.
pub fn tensor_from_data(py: Python<'_>, data: &Bound<'_, PyAny>, dtype: Option<DType>) -> PyResult<Tensor> {
    if let Ok(t) = data.downcast::<PyTensor>() {
        let src = &t.get().inner;
        let dt = dtype.unwrap_or(src.dtype());
        return corepy_runtime::ops::convert::astype(src, dt).py();
    }
    // Nested lists and tuples are neither NumPy values nor scalars.
    if data.is_exact_instance_of::<PyList>() || data.is_exact_instance_of::<PyTuple>() {
        return from_nested(data.downcast::<PySequence>()?, dtype);
    }
    if let Some(t) = from_numpy_array(py, data)? {
        return match dtype {
            Some(dt) if dt != t.dtype() => corepy_runtime::ops::convert::astype(&t, dt).py(),
            _ => Ok(t),
        };
    }
    if let Some(t) = numpy_zero_dim(py, data)? {
        return match dtype {
            Some(dt) if dt != t.dtype() => corepy_runtime::ops::convert::astype(&t, dt).py(),
            _ => Ok(t),
        };
    }
    if let Some(s) = scalar_of(data)? {
        let dt = dtype.unwrap_or_else(|| corepy_runtime::promotion::default_dtype_of(&s));
        return corepy_runtime::ops::creation::full(&[], dt, s).py();
    }
    if !data.is_instance_of::<PyList>() && !data.is_instance_of::<PyTuple>() {
        if let Some(t) = from_buffer(py, data)? {
            return match dtype {
                Some(dt) if dt != t.dtype() => corepy_runtime::ops::convert::astype(&t, dt).py(),
                _ => Ok(t),
            };
        }
    }
    if let Ok(seq) = data.downcast::<PySequence>() {
        if !data.is_instance_of::<PyString>() {
            return from_nested(seq, dtype);
        }
    }
    Err(PyTypeError::new_err(format!(
        "tensor: cannot make a tensor from {} (expected a number, a nested list/tuple, a buffer or a NumPy array)",
        data.get_type().name()?
    )))
}

/// NumPy scalars and 0-d arrays keep their dtype: read them as a 1-element
/// array and drop the dimension.
pub fn numpy_zero_dim(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<Tensor>> {
    if obj.is_instance_of::<PyTensor>() || !obj.hasattr("__array_interface__")? || !obj.hasattr("dtype")? {
        return Ok(None);
    }
    let ndim: usize = obj.getattr("ndim").and_then(|n| n.extract()).unwrap_or(1);
    if ndim != 0 {
        return Ok(None);
    }
    let np = py.import("numpy")?;
    let one = np.call_method1("asarray", (obj,))?.call_method1("reshape", (1,))?;
    match from_buffer(py, &one)? {
        Some(t) => Ok(Some(t.reshape(&[]).py()?)),
        None => Ok(None),
    }
}

/// A copy of `obj`'s buffer when it holds elements of type T (native byte
/// order), as a tensor of `dtype`; None when the buffer's format is not T's.
fn take<T: Element + Copy>(py: Python<'_>, obj: &Bound<'_, PyAny>, dtype: DType) -> PyResult<Option<Tensor>> {
    let Ok(buf) = PyBuffer::<T>::get(obj) else {
        return Ok(None);
    };
    // PyBuffer accepts an explicit byte order as T; only native order is T.
    let foreign: &[u8] = if cfg!(target_endian = "little") { b">!" } else { b"<" };
    if buf.format().to_bytes().first().is_some_and(|c| foreign.contains(c)) {
        return Ok(None);
    }
    let shape: Vec<usize> = buf.shape().to_vec();
    let t = Tensor::from_fill(&shape, dtype, |bytes| {
        // SAFETY: the arena buffer is 64-byte aligned and holds exactly
        // item_count elements of T (same dtype size); the slice is only
        // written (by PyBuffer's copy), never read as T here.
        let (head, typed, tail) = unsafe { bytes.align_to_mut::<T>() };
        debug_assert!(head.is_empty() && tail.is_empty());
        buf.copy_to_slice(py, typed).map_err(|e| Error::InvalidArgument(format!("tensor: {e}")))
    })
    .py()?;
    Ok(Some(t))
}

/// NumPy arrays of one or more dimensions, the common input: the dtype is
/// read from the array (`dtype.char`, `dtype.itemsize`) and the buffer is
/// requested once in that type. (The general path below tries one element
/// type after another, and each miss builds a Python exception; with the
/// `__array_interface__` probes it cost ~15 us for a 3-element array.)
/// None for anything else, which takes the general path unchanged.
fn from_numpy_array(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<Tensor>> {
    if !is_buffer(obj) {
        return Ok(None);
    }
    let Ok(dt) = obj.getattr(pyo3::intern!(py, "dtype")) else {
        return Ok(None);
    };
    let ndim = obj.getattr(pyo3::intern!(py, "ndim")).and_then(|n| n.extract::<usize>());
    if !matches!(ndim, Ok(n) if n > 0) {
        return Ok(None); // 0-d arrays and NumPy scalars: numpy_zero_dim
    }
    let (Ok(kind), Ok(itemsize)) =
        (dt.getattr(pyo3::intern!(py, "char")).and_then(|c| c.extract::<char>()), dt.getattr(pyo3::intern!(py, "itemsize")).and_then(|n| n.extract::<usize>()))
    else {
        return Ok(None);
    };
    // Byte-swapped arrays (dtype '>f4' on this machine) are converted to
    // native order by NumPy first.
    let native = if cfg!(target_endian = "little") { ['<', '=', '|'] } else { ['>', '=', '|'] };
    let order = dt.getattr(pyo3::intern!(py, "byteorder")).and_then(|c| c.extract::<char>());
    let swapped;
    let src = if !matches!(order, Ok(c) if !native.contains(&c)) {
        obj // native, or no byte order to read (then the buffer format decides)
    } else {
        let native_dt = dt.call_method1(pyo3::intern!(py, "newbyteorder"), ("=",))?;
        swapped = obj.call_method1(pyo3::intern!(py, "astype"), (native_dt,))?;
        &swapped
    };
    // NumPy's type characters by family; the size picks the dtype.
    let family = match kind {
        'f' | 'd' => Kind::Float,
        'q' | 'l' | 'i' | 'h' | 'b' => Kind::Sint,
        'B' => Kind::Uint,
        _ => return Ok(None), // bool and unsupported types: the general path
    };
    match DType::of_kind(family, itemsize) {
        Some(dt) => corepy_runtime::with_native_type!(dt, T => take::<T>(py, src, dt)),
        None => Ok(None),
    }
}

fn from_buffer(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<Tensor>> {
    if obj.hasattr("__array_interface__").unwrap_or(false) || obj.hasattr("__buffer__").unwrap_or(false) || is_buffer(obj) {
        for dt in DType::ALL.into_iter().filter(|d| *d != DType::Bool) {
            if let Some(t) = corepy_runtime::with_native_type!(dt, T => take::<T>(py, obj, dt))? {
                return Ok(Some(t));
            }
        }
        // NumPy bool arrays export format '?', which PyBuffer has no element
        // type for: read their bytes through a uint8 view (values are 0/1).
        if obj.getattr("dtype").map(|d| d.to_string() == "bool").unwrap_or(false) {
            if let Ok(bytes_view) = obj.call_method1("view", ("uint8",)) {
                if let Some(t) = take::<u8>(py, &bytes_view, DType::Bool)? {
                    // A bool array's bytes can hold any value (arr.view(bool)
                    // of other data); corepy's bools are 0/1 only, so the
                    // kernels can treat them as numbers: canonicalize here.
                    return Ok(Some(corepy_runtime::ops::convert::canonical_bool(&t).py()?));
                }
            }
        }
        if is_buffer(obj) {
            let fmt = pyo3::types::PyMemoryView::from(obj).and_then(|m| m.getattr("format")?.extract::<String>()).unwrap_or_default();
            let dtype_name = obj.getattr("dtype").map(|d| d.to_string()).unwrap_or(fmt);
            return Err(PyTypeError::new_err(format!(
                "tensor: element type '{dtype_name}' is not supported yet (supported: {})",
                DType::presentation_order().iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(None)
}

fn is_buffer(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: PyObject_CheckBuffer only inspects the object's type slots.
    unsafe { pyo3::ffi::PyObject_CheckBuffer(obj.as_ptr()) == 1 }
}

/// Nested lists/tuples: find the shape, check it is rectangular, infer the
/// dtype NumPy would (bool < int64 < float64) and copy. Every sequence is
/// read once (its items taken by iteration into owned references), its
/// claimed length is checked against what it yielded, and the output is
/// filled only when the values read cover the whole shape exactly.
fn from_nested(seq: &Bound<'_, PySequence>, dtype: Option<DType>) -> PyResult<Tensor> {
    let mut shape = Vec::new();
    let mut values = Vec::new();
    walk(seq.as_any(), 0, &mut shape, &mut values)?;
    let dtype = dtype.unwrap_or_else(|| corepy_runtime::promotion::inferred_dtype(&values));
    let expected = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    if expected != Some(values.len()) {
        return Err(PyValueError::new_err(format!("tensor: the nested sequence has shape {shape:?} but {} values were read", values.len())));
    }
    let size = dtype.itemsize();
    Tensor::from_fill(&shape, dtype, |bytes| {
        if bytes.len() != values.len() * size {
            return Err(Error::InvalidArgument(format!("tensor: {} values read for a buffer of {} bytes", values.len(), bytes.len())));
        }
        for (chunk, v) in bytes.chunks_exact_mut(size).zip(values.iter()) {
            chunk.copy_from_slice(&v.to_bytes(dtype)?[..size]);
        }
        Ok(())
    })
    .py()
}

fn walk(obj: &Bound<'_, PyAny>, depth: usize, shape: &mut Vec<usize>, out: &mut Vec<Scalar>) -> PyResult<()> {
    if depth > corepy_runtime::layout::MAX_NDIM {
        return Err(PyValueError::new_err("tensor: nesting is deeper than the 64 dimensions a tensor may have"));
    }
    // Python numbers first: the common leaf, and the sequence test below
    // (an isinstance check against collections.abc.Sequence) is slow.
    if obj.is_exact_instance_of::<PyFloat>() || obj.is_exact_instance_of::<PyInt>() || obj.is_exact_instance_of::<PyBool>() {
        if depth != shape.len() {
            return Err(inhomogeneous(depth));
        }
        match scalar_of(obj)? {
            Some(s) => out.push(s),
            None => return Err(PyTypeError::new_err("tensor: a Python number did not convert")),
        }
        return Ok(());
    }
    let is_seq = (obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>())
        || (obj.downcast::<PySequence>().is_ok() && !obj.is_instance_of::<PyString>() && scalar_of(obj)?.is_none());
    if is_seq {
        let seq = obj.downcast::<PySequence>()?;
        let claimed = seq.len()?;
        // Read once, growing as items arrive (never reserving from len()).
        let mut items = Vec::new();
        for item in seq.try_iter()? {
            items.push(item?);
        }
        if items.len() != claimed {
            return Err(PyValueError::new_err(format!("tensor: a sequence at depth {depth} reports length {claimed} but yielded {} items", items.len())));
        }
        let len = items.len();
        if depth == shape.len() {
            if !out.is_empty() {
                return Err(inhomogeneous(depth));
            }
            shape.push(len);
        } else if shape[depth] != len {
            return Err(inhomogeneous(depth));
        }
        for item in &items {
            walk(item, depth + 1, shape, out)?;
        }
        return Ok(());
    }
    if depth != shape.len() {
        return Err(inhomogeneous(depth));
    }
    if let Ok(t) = obj.downcast::<PyTensor>() {
        let t = &t.get().inner;
        if t.ndim() == 0 {
            out.push(t.item().py()?);
            return Ok(());
        }
    }
    match scalar_of(obj)? {
        Some(s) => {
            out.push(s);
            Ok(())
        }
        None => Err(PyTypeError::new_err(format!("tensor: elements must be numbers, got {}", obj.get_type().name()?))),
    }
}

fn inhomogeneous(depth: usize) -> PyErr {
    PyValueError::new_err(format!(
        "tensor: the nested sequence is not rectangular (inhomogeneous after {depth} dimension{})",
        if depth == 1 { "" } else { "s" }
    ))
}

/// The elements of a contiguous tensor as nested Python lists.
pub fn to_list(py: Python<'_>, t: &Tensor) -> PyResult<PyObject> {
    let t = &t.contiguous().py()?;
    let bytes = t.as_bytes().py()?;
    if t.ndim() == 0 {
        return scalar_to_py(py, t.item().py()?);
    }
    let size = t.dtype().itemsize();
    let flat: Vec<PyObject> = (0..t.numel()).map(|i| scalar_to_py(py, Scalar::from_bytes(t.dtype(), &bytes[i * size..]))).collect::<PyResult<_>>()?;
    nest(py, &flat, t.shape())
}

fn nest(py: Python<'_>, flat: &[PyObject], shape: &[usize]) -> PyResult<PyObject> {
    if shape.len() == 1 {
        return Ok(PyList::new(py, flat.iter().map(|o| o.clone_ref(py)))?.into_any().unbind());
    }
    let inner: usize = shape[1..].iter().product();
    let mut rows = Vec::with_capacity(shape[0]);
    for r in 0..shape[0] {
        rows.push(nest(py, &flat[r * inner..(r + 1) * inner], &shape[1..])?);
    }
    Ok(PyList::new(py, rows)?.into_any().unbind())
}

/// A Python value as an elementwise operand: a tensor, a number, or (for
/// NumPy arrays and nested lists) a tensor made from it.
pub enum Arg {
    Tensor(Tensor),
    Scalar(Scalar),
}

impl Arg {
    pub fn extract(obj: &Bound<'_, PyAny>, convert_sequences: bool) -> PyResult<Option<Arg>> {
        if let Ok(t) = obj.downcast::<PyTensor>() {
            return Ok(Some(Arg::Tensor(t.get().inner.clone())));
        }
        // Python numbers: weak scalars (checked first: the common, fast case).
        if obj.is_exact_instance_of::<pyo3::types::PyFloat>()
            || obj.is_exact_instance_of::<pyo3::types::PyInt>()
            || obj.is_exact_instance_of::<pyo3::types::PyBool>()
        {
            return Ok(scalar_of(obj)?.map(Arg::Scalar));
        }
        // NumPy scalars and 0-d arrays are typed (strong) operands, as in NumPy 2.
        if let Some(t) = numpy_zero_dim(obj.py(), obj)? {
            return Ok(Some(Arg::Tensor(t)));
        }
        if let Some(s) = scalar_of(obj)? {
            return Ok(Some(Arg::Scalar(s)));
        }
        if convert_sequences && (obj.hasattr("__array_interface__")? || obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
            return Ok(Some(Arg::Tensor(tensor_from_data(obj.py(), obj, None)?)));
        }
        Ok(None)
    }

    pub fn operand(&self) -> Operand<'_> {
        match self {
            Arg::Tensor(t) => Operand::Tensor(t),
            Arg::Scalar(s) => Operand::Scalar(*s),
        }
    }

    pub fn numel(&self) -> usize {
        match self {
            Arg::Tensor(t) => t.numel(),
            Arg::Scalar(_) => 1,
        }
    }

    pub fn into_tensor(self) -> PyResult<Tensor> {
        match self {
            Arg::Tensor(t) => Ok(t),
            Arg::Scalar(s) => corepy_runtime::ops::creation::full(&[], corepy_runtime::promotion::default_dtype_of(&s), s).py(),
        }
    }
}

/// An `axis` argument: None, an int or a sequence of ints.
pub(crate) fn axes_of(axis: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<i64>>> {
    match axis {
        None => Ok(None),
        Some(a) if a.is_none() => Ok(None),
        Some(a) => {
            if let Ok(i) = a.extract::<i64>() {
                Ok(Some(vec![i]))
            } else {
                Ok(Some(small_int_list(a, "axis")?))
            }
        }
    }
}

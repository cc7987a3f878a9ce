//! `corepy.Tensor`: the Python face of a runtime tensor. Every method
//! converts its arguments, forwards to corepy-runtime and wraps the result;
//! large operations release the GIL while the kernels run.
use corepy_runtime::basic_index::IndexItem;
use corepy_runtime::ops::elementwise::{binary, binary_into, compare, BinaryOp, CompareOp, Operand};
use corepy_runtime::ops::reduce::ReduceOp;
use corepy_runtime::ops::unary::{negative, unary, UnaryOp};
use corepy_runtime::ops::{convert, manipulate, matmul, reduce, stats};
use corepy_runtime::{Scalar, Tensor};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp as PyCompareOp;
use pyo3::types::{PyDict, PyEllipsis, PyInt, PyList, PySlice, PyTuple};

use crate::convert::{dtype_of, edge_list, scalar_of, scalar_to_py, to_list};
use crate::dtype::PyDType;
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

fn shape_tuple<'py>(py: Python<'py>, shape: &[usize]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, shape.iter().copied())
}

fn fmt_shape_py(shape: &[usize]) -> String {
    match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
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
        if let Some(t) = crate::convert::numpy_zero_dim(obj.py(), obj)? {
            return Ok(Some(Arg::Tensor(t)));
        }
        if let Some(s) = scalar_of(obj)? {
            return Ok(Some(Arg::Scalar(s)));
        }
        if convert_sequences && (obj.hasattr("__array_interface__")? || obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
            return Ok(Some(Arg::Tensor(crate::convert::tensor_from_data(obj.py(), obj, None)?)));
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
            Arg::Scalar(s) => corepy_runtime::ops::creation::full(&[], corepy_runtime::dtype::default_dtype_of(&s), s).py(),
        }
    }
}

/// A Python index (int, slice, None, Ellipsis or a tuple of them) as runtime items.
fn index_items(key: &Bound<'_, PyAny>) -> PyResult<Vec<IndexItem>> {
    let one = |k: &Bound<'_, PyAny>| -> PyResult<IndexItem> {
        if k.is_exact_instance_of::<PyInt>() {
            if let Ok(i) = k.extract::<i64>() {
                return Ok(IndexItem::Int(i));
            }
            // No axis has 2**63 elements: an int beyond int64 is out of bounds.
            return Err(PyIndexError::new_err(format!("index {} is out of bounds (indices must fit in int64)", k.str()?)));
        }
        if k.is_none() {
            return Ok(IndexItem::NewAxis);
        }
        if k.is_instance_of::<PyEllipsis>() {
            return Ok(IndexItem::Ellipsis);
        }
        if let Ok(sl) = k.downcast::<PySlice>() {
            // Bounds beyond int64 saturate (slice_range clamps them to the
            // axis anyway, as Python and NumPy do).
            let part = |name: &Bound<'_, pyo3::types::PyString>| -> PyResult<Option<i64>> {
                let v = sl.getattr(name)?;
                if v.is_none() {
                    return Ok(None);
                }
                let i = if v.is_exact_instance_of::<PyInt>() {
                    v
                } else {
                    v.call_method0(pyo3::intern!(k.py(), "__index__")).map_err(|_| {
                        PyTypeError::new_err("slice indices must be integers or None or have an __index__ method")
                    })?
                };
                Ok(Some(match i.extract::<i64>() {
                    Ok(i) => i,
                    Err(_) if i.gt(0)? => i64::MAX,
                    Err(_) => i64::MIN,
                }))
            };
            let py = k.py();
            return Ok(IndexItem::Slice {
                start: part(pyo3::intern!(py, "start"))?,
                stop: part(pyo3::intern!(py, "stop"))?,
                step: part(pyo3::intern!(py, "step"))?,
            });
        }
        if !k.is_instance_of::<pyo3::types::PyBool>() {
            if let Ok(i) = k.call_method0("__index__").and_then(|v| v.extract::<i64>()) {
                return Ok(IndexItem::Int(i));
            }
        }
        if k.is_instance_of::<pyo3::types::PyBool>() {
            return Err(PyIndexError::new_err(
                "a Python bool as an index (t[True], t[..., False]) is not supported yet; index with a boolean mask tensor",
            ));
        }
        Err(PyIndexError::new_err(format!(
            "only integers, slices (`:`), ellipsis (`...`), None and integer or boolean arrays are valid indices, got {}",
            k.get_type().name()?
        )))
    };
    if let Ok(t) = key.downcast::<PyTuple>() {
        t.iter().map(|k| one(&k)).collect()
    } else {
        Ok(vec![one(key)?])
    }
}

/// An integer-array or boolean-mask key (a tensor, a NumPy array or a list).
fn index_array(key: &Bound<'_, PyAny>) -> PyResult<Option<Tensor>> {
    if let Ok(t) = key.downcast::<PyTensor>() {
        return Ok(Some(t.get().inner.clone()));
    }
    if let Ok(list) = key.downcast::<PyList>() {
        if list.is_empty() {
            // NumPy treats an empty list index as an (empty) integer index.
            return Ok(Some(corepy_runtime::ops::creation::zeros(&[0], corepy_runtime::DType::I64).py()?));
        }
    }
    if key.is_instance_of::<PyList>() || key.hasattr("__array_interface__")? {
        return Ok(Some(crate::convert::tensor_from_data(key.py(), key, None)?));
    }
    Ok(None)
}

fn is_array_like(k: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(k.is_instance_of::<PyTensor>() || k.is_instance_of::<PyList>() || (k.hasattr("__array_interface__")? && k.hasattr("__len__")?))
}

/// Whether `key` is a basic index made only of Python ints (not bools),
/// slices, None and `...` (alone or in a tuple): such a key needs none of the
/// array-index probing (`index_array`, `tuple_array_index`), which asks each
/// object for `__array_interface__` (an AttributeError raised and cleared
/// per lookup: most of the cost of `t[1]`).
fn is_basic_key(key: &Bound<'_, PyAny>) -> bool {
    let simple = |k: &Bound<'_, PyAny>| {
        k.is_exact_instance_of::<PyInt>() || k.is_exact_instance_of::<PySlice>() || k.is_none() || k.is_instance_of::<PyEllipsis>()
    };
    match key.downcast_exact::<PyTuple>() {
        Ok(t) => t.iter().all(|k| simple(&k)),
        Err(_) => simple(key),
    }
}

/// A tuple index holding integer arrays: every entry must be an integer or
/// an integer array (mixing arrays with slices is not supported yet).
fn tuple_array_index(key: &Bound<'_, PyAny>) -> PyResult<Option<Vec<corepy_runtime::ops::indexing::ArrayIndex>>> {
    use corepy_runtime::ops::indexing::ArrayIndex;
    let Ok(t) = key.downcast::<PyTuple>() else { return Ok(None) };
    let mut any_array = false;
    for k in t.iter() {
        any_array |= is_array_like(&k)?;
    }
    if !any_array {
        return Ok(None);
    }
    let mut items = Vec::with_capacity(t.len());
    for k in t.iter() {
        if is_array_like(&k)? {
            let a = crate::convert::tensor_from_data(key.py(), &k, None)?;
            if a.dtype() == corepy_runtime::DType::Bool {
                return Err(PyIndexError::new_err("boolean masks inside a tuple index are not supported yet; use t[mask]"));
            }
            items.push(ArrayIndex::Array(a));
        } else if let Ok(i) = k.call_method0("__index__").and_then(|v| v.extract::<i64>()) {
            items.push(ArrayIndex::Int(i));
        } else {
            return Err(PyIndexError::new_err(
                "mixing index arrays with slices, None or ... in one index is not supported yet; index in two steps",
            ));
        }
    }
    Ok(Some(items))
}

fn axes_of(axis: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<i64>>> {
    match axis {
        None => Ok(None),
        Some(a) if a.is_none() => Ok(None),
        Some(a) => {
            if let Ok(i) = a.extract::<i64>() {
                Ok(Some(vec![i]))
            } else {
                Ok(Some(crate::convert::small_int_list(a, "axis")?))
            }
        }
    }
}

impl PyTensor {
    /// The element of a one-element tensor for float()/int(); TypeError
    /// otherwise, as NumPy ("only length-1 arrays can be converted").
    fn one_element(&self, what: &str) -> PyResult<Scalar> {
        if self.inner.numel() != 1 {
            return Err(PyTypeError::new_err(format!(
                "{what}(): only one-element tensors can be converted to Python scalars, got shape {}",
                fmt_shape_py(self.inner.shape())
            )));
        }
        self.inner.item().py()
    }

    fn compare_op(&self, py: Python<'_>, op: CompareOp, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let Some(arg) = Arg::extract(other, false)? else { return Ok(py.NotImplemented()) };
        let t = run(py, self.inner.numel().max(arg.numel()), || compare(op, Operand::Tensor(&self.inner), arg.operand()))?;
        PyTensor::wrap(py, t)
    }

    fn inplace(&self, py: Python<'_>, op: BinaryOp, other: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(arg) = Arg::extract(other, true)? else {
            return Err(PyTypeError::new_err(format!(
                "unsupported operand type for in-place {}: 'Tensor' and '{}'",
                op.name(),
                other.get_type().name()?
            )));
        };
        run(py, self.inner.numel(), || binary_into(op, Operand::Tensor(&self.inner), arg.operand(), &self.inner))
    }

    fn reduce_op(&self, py: Python<'_>, op: ReduceOp, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || reduce::reduce_axes(op, &self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    fn unary_op(&self, py: Python<'_>, op: UnaryOp) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || unary(op, &self.inner))?;
        PyTensor::wrap(py, t)
    }

    fn binary_op(slf: &Bound<'_, Self>, py: Python<'_>, op: BinaryOp, other: &Bound<'_, PyAny>, reflected: bool) -> PyResult<PyObject> {
        let a = &slf.get().inner;
        let work = a.numel();
        // Tensor operands first. Same type object as `slf` is the common case
        // and costs one pointer compare (`downcast` looks the type object up).
        let other_tensor = if other.get_type_ptr() == slf.get_type_ptr() {
            // SAFETY: `other`'s type is exactly `slf`'s, which is PyTensor's
            // (or a subclass of it): `other` is a PyTensor object.
            Some(unsafe { other.downcast_unchecked::<PyTensor>() })
        } else {
            other.downcast::<PyTensor>().ok()
        };
        if let Some(o) = other_tensor {
            let b = &o.get().inner;
            let (x, y) = if reflected { (b, a) } else { (a, b) };
            let t = run(py, work.max(b.numel()), || binary(op, Operand::Tensor(x), Operand::Tensor(y)))?;
            return PyTensor::wrap(py, t);
        }
        // A Python int beyond int64 works with float tensors (as a float),
        // and overflows integer ones, as in NumPy 2.
        if other.is_instance_of::<pyo3::types::PyInt>() && other.extract::<i64>().is_err() {
            if a.dtype().is_float() {
                let s = Scalar::Float(other.extract::<f64>()?);
                let t = run(py, work, || if reflected { binary(op, Operand::Scalar(s), Operand::Tensor(a)) } else { binary(op, Operand::Tensor(a), Operand::Scalar(s)) })?;
                return PyTensor::wrap(py, t);
            }
            return Err(pyo3::exceptions::PyOverflowError::new_err(format!(
                "Python integer {} out of bounds for {}",
                other.str()?,
                a.dtype().name()
            )));
        }
        let arg = match Arg::extract(other, true)? {
            Some(arg) => arg,
            None => return Ok(py.NotImplemented()),
        };
        let s = match arg {
            Arg::Scalar(s) => s,
            Arg::Tensor(b) => {
                let (x, y) = if reflected { (&b, a) } else { (a, &b) };
                let t = run(py, work.max(b.numel()), || binary(op, Operand::Tensor(x), Operand::Tensor(y)))?;
                return PyTensor::wrap(py, t);
            }
        };
        let t = run(py, work, || {
            if reflected {
                binary(op, Operand::Scalar(s), Operand::Tensor(a))
            } else {
                binary(op, Operand::Tensor(a), Operand::Scalar(s))
            }
        })?;
        PyTensor::wrap(py, t)
    }
}

#[pymethods]
impl PyTensor {
    /// NumPy defers to corepy's operators (so `np_array + tensor` and
    /// `np.float32(2) * tensor` give tensors, computed by corepy).
    #[classattr]
    fn __array_ufunc__(py: Python<'_>) -> PyObject {
        py.None()
    }

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        shape_tuple(py, self.inner.shape())
    }

    #[getter]
    fn dtype(&self) -> PyDType {
        PyDType(self.inner.dtype())
    }

    #[getter]
    fn device(&self) -> String {
        self.inner.device().to_string()
    }

    #[getter]
    fn ndim(&self) -> usize {
        self.inner.ndim()
    }

    #[getter]
    fn size(&self) -> usize {
        self.inner.numel()
    }

    #[getter]
    fn nbytes(&self) -> usize {
        self.inner.nbytes()
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.inner.dtype().itemsize()
    }

    /// Strides in bytes, as NumPy reports them.
    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let size = self.inner.dtype().itemsize() as isize;
        PyTuple::new(py, self.inner.strides().iter().map(|&s| s * size))
    }

    fn is_contiguous(&self) -> bool {
        self.inner.is_contiguous()
    }

    /// `self` if contiguous, else a contiguous copy.
    fn contiguous(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || self.inner.contiguous())?;
        PyTensor::wrap(py, t)
    }

    #[getter(T)]
    fn transpose_all(&self, py: Python<'_>) -> PyResult<PyObject> {
        PyTensor::wrap(py, self.inner.transpose())
    }

    #[getter(mT)]
    fn matrix_transpose(&self, py: Python<'_>) -> PyResult<PyObject> {
        PyTensor::wrap(py, self.inner.matrix_transpose().py()?)
    }

    /// `t.transpose()` reverses the axes; `t.transpose(1, 0, 2)` permutes them.
    #[pyo3(signature = (*axes))]
    fn transpose(&self, py: Python<'_>, axes: &Bound<'_, PyTuple>) -> PyResult<PyObject> {
        if axes.is_empty() || (axes.len() == 1 && axes.get_item(0)?.is_none()) {
            return PyTensor::wrap(py, self.inner.transpose());
        }
        let list: Vec<i64> = if axes.len() == 1 && axes.get_item(0)?.extract::<i64>().is_err() {
            crate::convert::small_int_list(&axes.get_item(0)?, "axes")?
        } else {
            crate::convert::small_int_list(axes.as_any(), "axes")?
        };
        PyTensor::wrap(py, self.inner.permute_dims(&list).py()?)
    }

    fn permute_dims(&self, py: Python<'_>, axes: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let axes = crate::convert::small_int_list(axes, "axes")?;
        PyTensor::wrap(py, self.inner.permute_dims(&axes).py()?)
    }

    fn expand_dims(&self, py: Python<'_>, axis: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        if axis.is_none() {
            return Err(PyTypeError::new_err("expand_dims: axis must be an int or a tuple of ints, not None"));
        }
        let axes = axes_of(Some(axis))?.unwrap_or_default();
        PyTensor::wrap(py, self.inner.expand_dims_many(&axes).py()?)
    }

    #[pyo3(signature = (axis=None))]
    fn squeeze(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        // NumPy quirk kept: a 0-d array takes a plain int axis 0 or -1 (not
        // in a tuple) and returns itself.
        if self.inner.ndim() == 0 {
            if let Some(0 | -1) = axis.filter(|a| a.is_instance_of::<PyInt>()).and_then(|a| a.extract::<i64>().ok()) {
                return PyTensor::wrap(py, self.inner.squeeze(None).py()?);
            }
        }
        let axes = axes_of(axis)?;
        PyTensor::wrap(py, self.inner.squeeze(axes.as_deref()).py()?)
    }

    #[pyo3(signature = (axis=None))]
    fn flip(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        PyTensor::wrap(py, self.inner.flip(axes.as_deref()).py()?)
    }

    fn broadcast_to(&self, py: Python<'_>, shape: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let shape = crate::convert::shape_of(shape)?;
        PyTensor::wrap(py, self.inner.broadcast_to(&shape).py()?)
    }

    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let basic = is_basic_key(key); // needs no array-index probing
        if let Some(idx) = if basic { None } else { index_array(key)? } {
            let t = run(py, self.inner.numel(), || {
                if idx.dtype() == corepy_runtime::DType::Bool {
                    corepy_runtime::ops::indexing::masked_select(&self.inner, &idx)
                } else {
                    corepy_runtime::ops::indexing::take(&self.inner, &idx, Some(0))
                }
            })?;
            return PyTensor::wrap(py, t);
        }
        if let Some(items) = if basic { None } else { tuple_array_index(key)? } {
            let t = run(py, self.inner.numel(), || corepy_runtime::ops::indexing::array_index(&self.inner, &items))?;
            return PyTensor::wrap(py, t);
        }
        let items = index_items(key)?;
        PyTensor::wrap(py, self.inner.index(&items).py()?)
    }

    fn __setitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let basic = is_basic_key(key); // needs no array-index probing
        let value = match Arg::extract(value, true)? {
            // A number into a basic selection: written in place, no value tensor.
            Some(Arg::Scalar(s)) if basic => {
                return manipulate::set_item_scalar(&self.inner, &index_items(key)?, s).py();
            }
            Some(Arg::Tensor(t)) => t,
            Some(Arg::Scalar(s)) => corepy_runtime::ops::creation::full(&[], self.inner.dtype(), s).py()?,
            None => return Err(PyTypeError::new_err(format!("cannot assign a {} to tensor elements", value.get_type().name()?))),
        };
        if let Some(idx) = if basic { None } else { index_array(key)? } {
            return run(py, self.inner.numel(), || {
                if idx.dtype() == corepy_runtime::DType::Bool {
                    corepy_runtime::ops::indexing::masked_assign(&self.inner, &idx, &value)
                } else {
                    corepy_runtime::ops::indexing::index_assign(&self.inner, &idx, &value)
                }
            });
        }
        if let Some(items) = if basic { None } else { tuple_array_index(key)? } {
            return run(py, self.inner.numel(), || corepy_runtime::ops::indexing::array_index_assign(&self.inner, &items, &value));
        }
        let items = index_items(key)?;
        run(py, value.numel(), || manipulate::set_item(&self.inner, &items, &value))
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<PyObject> {
        let n = *self.inner.shape().first().ok_or_else(|| PyTypeError::new_err("iteration over a 0-d tensor"))?;
        let mut rows = Vec::with_capacity(n);
        for i in 0..n {
            rows.push(PyTensor::wrap(py, self.inner.index(&[IndexItem::Int(i as i64)]).py()?)?);
        }
        Ok(PyList::new(py, rows)?.as_any().try_iter()?.into_any().unbind())
    }

    fn __richcmp__(&self, py: Python<'_>, other: &Bound<'_, PyAny>, op: PyCompareOp) -> PyResult<PyObject> {
        let op = match op {
            PyCompareOp::Eq => CompareOp::Eq,
            PyCompareOp::Ne => CompareOp::Ne,
            PyCompareOp::Lt => CompareOp::Lt,
            PyCompareOp::Le => CompareOp::Le,
            PyCompareOp::Gt => CompareOp::Gt,
            PyCompareOp::Ge => CompareOp::Ge,
        };
        self.compare_op(py, op, other)
    }

    fn __floordiv__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::FloorDiv, other, false)
    }
    fn __rfloordiv__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::FloorDiv, other, true)
    }
    fn __mod__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Mod, other, false)
    }
    fn __rmod__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Mod, other, true)
    }
    fn __pow__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>, _modulo: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Pow, other, false)
    }
    fn __rpow__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>, _modulo: Option<&Bound<'_, PyAny>>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Pow, other, true)
    }
    fn __and__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::BitAnd, other, false)
    }
    fn __rand__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::BitAnd, other, true)
    }
    fn __or__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::BitOr, other, false)
    }
    fn __ror__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::BitOr, other, true)
    }
    fn __xor__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::BitXor, other, false)
    }
    fn __rxor__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::BitXor, other, true)
    }
    fn __invert__(&self, py: Python<'_>) -> PyResult<PyObject> {
        self.unary_op(py, UnaryOp::Invert)
    }
    fn __abs__(&self, py: Python<'_>) -> PyResult<PyObject> {
        self.unary_op(py, UnaryOp::Abs)
    }

    fn __iadd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::Add, other)
    }
    fn __isub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::Sub, other)
    }
    fn __imul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::Mul, other)
    }
    fn __itruediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::Div, other)
    }
    fn __ifloordiv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::FloorDiv, other)
    }
    fn __imod__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::Mod, other)
    }
    fn __ipow__(&self, py: Python<'_>, other: &Bound<'_, PyAny>, _modulo: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        self.inplace(py, BinaryOp::Pow, other)
    }
    fn __iand__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::BitAnd, other)
    }
    fn __ior__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::BitOr, other)
    }
    fn __ixor__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inplace(py, BinaryOp::BitXor, other)
    }

    fn __len__(&self) -> PyResult<usize> {
        match self.inner.shape().first() {
            Some(&n) => Ok(n),
            None => Err(PyTypeError::new_err("len() of a 0-d tensor")),
        }
    }

    fn item(&self, py: Python<'_>) -> PyResult<PyObject> {
        scalar_to_py(py, self.inner.item().py()?)
    }

    fn tolist(&self, py: Python<'_>) -> PyResult<PyObject> {
        to_list(py, &self.inner)
    }

    /// Nested lists of the edge elements (repr of large tensors).
    fn _edge_list(&self, py: Python<'_>, edgeitems: usize) -> PyResult<PyObject> {
        edge_list(py, &self.inner, edgeitems)
    }

    /// NumPy's array interface: NumPy arrays made from a tensor share its memory
    /// and keep the tensor alive.
    #[getter]
    fn __array_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("shape", shape_tuple(py, self.inner.shape())?)?;
        d.set_item("typestr", self.inner.dtype().typestr())?;
        d.set_item("data", (self.inner.data_ptr() as usize, false))?;
        if self.inner.is_contiguous() {
            d.set_item("strides", py.None())?; // C order
        } else {
            let size = self.inner.dtype().itemsize() as isize;
            d.set_item("strides", PyTuple::new(py, self.inner.strides().iter().map(|&s| s * size))?)?;
        }
        d.set_item("version", 3)?;
        Ok(d)
    }

    /// A NumPy array sharing this tensor's memory (like torch's `.numpy()`).
    fn numpy<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let np = slf.py().import("numpy")?;
        np.call_method1("asarray", (slf,))
    }

    #[pyo3(signature = (dtype=None, copy=None))]
    fn __array__<'py>(slf: &Bound<'py, Self>, dtype: Option<&Bound<'py, PyAny>>, copy: Option<bool>) -> PyResult<Bound<'py, PyAny>> {
        let np = slf.py().import("numpy")?;
        let kwargs = PyDict::new(slf.py());
        if let Some(d) = dtype {
            kwargs.set_item("dtype", d)?;
        }
        let arr = np.call_method("asarray", (slf,), Some(&kwargs))?;
        if copy == Some(true) {
            return arr.call_method0("copy");
        }
        Ok(arr)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let fmt = slf.py().import("corepy._repr")?;
        fmt.call_method1("tensor_repr", (slf,))?.extract()
    }

    fn __str__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let fmt = slf.py().import("corepy._repr")?;
        fmt.call_method1("tensor_str", (slf,))?.extract()
    }

    fn __bool__(&self) -> PyResult<bool> {
        match self.inner.numel() {
            1 => Ok(!matches!(self.inner.item().py()?, Scalar::Bool(false) | Scalar::Int(0)) && !matches!(self.inner.item().py()?, Scalar::Float(x) if x == 0.0)),
            0 => Err(PyValueError::new_err(
                "the truth value of an empty tensor is ambiguous; use t.size > 0 to check that a tensor is not empty",
            )),
            _ => Err(PyValueError::new_err(
                "the truth value of a tensor with more than one element is ambiguous; use .any() or .all()",
            )),
        }
    }

    fn __float__(&self) -> PyResult<f64> {
        Ok(self.one_element("float")?.as_f64())
    }

    fn __int__(&self) -> PyResult<i64> {
        match self.one_element("int")? {
            Scalar::Bool(b) => Ok(b as i64),
            Scalar::Int(i) => Ok(i),
            Scalar::Float(x) if x.is_finite() => Ok(x.trunc() as i64),
            Scalar::Float(x) if x.is_nan() => Err(PyValueError::new_err("cannot convert float NaN to integer")),
            Scalar::Float(x) => Err(pyo3::exceptions::PyOverflowError::new_err(format!("cannot convert float {x} to integer"))),
        }
    }

    fn __add__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Add, other, false)
    }
    fn __radd__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Add, other, true)
    }
    fn __sub__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Sub, other, false)
    }
    fn __rsub__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Sub, other, true)
    }
    fn __mul__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Mul, other, false)
    }
    fn __rmul__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Mul, other, true)
    }
    fn __truediv__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Div, other, false)
    }
    fn __rtruediv__(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        Self::binary_op(slf, py, BinaryOp::Div, other, true)
    }

    fn __neg__(&self, py: Python<'_>) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || negative(&self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// `+t` is a new tensor (a copy), as NumPy's `positive`; bool has no
    /// positive in NumPy either.
    fn __pos__(&self, py: Python<'_>) -> PyResult<PyObject> {
        let dt = self.inner.dtype();
        if dt == corepy_runtime::DType::Bool {
            return Err(PyTypeError::new_err("unary +: not supported for bool tensors"));
        }
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }

    fn __matmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        // Array-likes on either side, as NumPy (t @ [1.0, 2.0]).
        let Some(o) = Arg::extract(other, true)? else { return Ok(py.NotImplemented()) };
        let b = &o.into_tensor()?;
        let t = run(py, matmul::work_estimate(&self.inner, b), || matmul::matmul(&self.inner, b))?;
        PyTensor::wrap(py, t)
    }

    fn __rmatmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let Some(o) = Arg::extract(other, true)? else { return Ok(py.NotImplemented()) };
        let a = &o.into_tensor()?;
        let t = run(py, matmul::work_estimate(a, &self.inner), || matmul::matmul(a, &self.inner))?;
        PyTensor::wrap(py, t)
    }

    /// Sum over `axis` (all when None); int and bool sums are int64, as in NumPy.
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn sum(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Sum, axis, keepdims)
    }

    /// Largest element(s); NaN propagates. Empty reductions raise ValueError.
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn max(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Max, axis, keepdims)
    }

    /// Smallest element(s); NaN propagates. Empty reductions raise ValueError.
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn min(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Min, axis, keepdims)
    }

    /// Mean (float64 for int and bool tensors).
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn mean(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || stats::mean_axes(&self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    /// Variance with `ddof` (or `correction`, the Array API name).
    #[pyo3(signature = (axis=None, keepdims=false, ddof=0.0, correction=None))]
    fn var(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool, ddof: f64, correction: Option<f64>) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let ddof = correction.unwrap_or(ddof);
        let t = run(py, self.inner.numel(), || stats::var_axes(&self.inner, axes.as_deref(), keepdims, ddof))?;
        PyTensor::wrap(py, t)
    }

    /// Standard deviation with `ddof` (or `correction`).
    #[pyo3(signature = (axis=None, keepdims=false, ddof=0.0, correction=None))]
    fn std(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool, ddof: f64, correction: Option<f64>) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let ddof = correction.unwrap_or(ddof);
        let t = run(py, self.inner.numel(), || stats::std_axes(&self.inner, axes.as_deref(), keepdims, ddof))?;
        PyTensor::wrap(py, t)
    }

    /// Product over `axis` (int and bool products are int64).
    #[pyo3(signature = (axis=None, keepdims=false))]
    fn prod(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        self.reduce_op(py, ReduceOp::Prod, axis, keepdims)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn argmax(&self, py: Python<'_>, axis: Option<i64>, keepdims: bool) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || corepy_runtime::ops::ordering::arg_extreme(true, &self.inner, axis, keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn argmin(&self, py: Python<'_>, axis: Option<i64>, keepdims: bool) -> PyResult<PyObject> {
        let t = run(py, self.inner.numel(), || corepy_runtime::ops::ordering::arg_extreme(false, &self.inner, axis, keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None))]
    fn cumsum(&self, py: Python<'_>, axis: Option<i64>) -> PyResult<PyObject> {
        use corepy_runtime::ops::rows::{along_axis, RowOp};
        let t = run(py, self.inner.numel(), || along_axis(RowOp::Cumsum, &self.inner, axis))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None))]
    fn cumprod(&self, py: Python<'_>, axis: Option<i64>) -> PyResult<PyObject> {
        use corepy_runtime::ops::rows::{along_axis, RowOp};
        let t = run(py, self.inner.numel(), || along_axis(RowOp::Cumprod, &self.inner, axis))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=-1))]
    fn argsort(&self, py: Python<'_>, axis: Option<i64>) -> PyResult<PyObject> {
        use corepy_runtime::ops::rows::{along_axis, RowOp};
        let t = run(py, self.inner.numel(), || along_axis(RowOp::Argsort, &self.inner, axis))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn any(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || reduce::any_all(false, &self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    #[pyo3(signature = (axis=None, keepdims=false))]
    fn all(&self, py: Python<'_>, axis: Option<&Bound<'_, PyAny>>, keepdims: bool) -> PyResult<PyObject> {
        let axes = axes_of(axis)?;
        let t = run(py, self.inner.numel(), || reduce::any_all(true, &self.inner, axes.as_deref(), keepdims))?;
        PyTensor::wrap(py, t)
    }

    /// A view with a new shape: `t.reshape(2, 3)` or `t.reshape((2, -1))`.
    #[pyo3(signature = (*shape))]
    fn reshape(&self, py: Python<'_>, shape: &Bound<'_, PyTuple>) -> PyResult<PyObject> {
        let target: Vec<i64> = if shape.len() == 1 && shape.get_item(0)?.extract::<i64>().is_err() {
            crate::convert::small_int_list(&shape.get_item(0)?, "shape")?
        } else {
            crate::convert::small_int_list(shape.as_any(), "shape")?
        };
        PyTensor::wrap(py, self.inner.reshape(&target).py()?)
    }

    /// A copy converted to `dtype`.
    fn astype(&self, py: Python<'_>, dtype: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        // NumPy reads dtype None as float64 here.
        let dt = if dtype.is_none() { corepy_runtime::DType::F64 } else { dtype_of(dtype)? };
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }

    /// A copy with its own memory.
    fn copy(&self, py: Python<'_>) -> PyResult<PyObject> {
        let dt = self.inner.dtype();
        let t = run(py, self.inner.numel(), || convert::astype(&self.inner, dt))?;
        PyTensor::wrap(py, t)
    }
}

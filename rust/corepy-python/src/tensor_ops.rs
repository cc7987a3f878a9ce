//! corepy.Tensor's operators: arithmetic, bitwise, comparison, unary and
//! in-place dunders, and `@`. Each converts the other operand (tensor,
//! number, array-like) and forwards to the runtime's elementwise ops.
use corepy_runtime::ops::elementwise::{binary, binary_into, compare, BinaryOp, CompareOp, Operand};
use corepy_runtime::ops::unary::{negative, unary, UnaryOp};
use corepy_runtime::ops::{convert, matmul};
use corepy_runtime::Scalar;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp as PyCompareOp;

use crate::convert::Arg;
use crate::tensor::{run, PyTensor};

impl PyTensor {
    fn compare_op(&self, py: Python<'_>, op: CompareOp, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let Some(arg) = Arg::extract(other, false)? else {
            return Ok(py.NotImplemented());
        };
        let t = run(py, self.inner.numel().max(arg.numel()), || compare(op, Operand::Tensor(&self.inner), arg.operand()))?;
        PyTensor::wrap(py, t)
    }

    fn inplace(&self, py: Python<'_>, op: BinaryOp, other: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(arg) = Arg::extract(other, true)? else {
            return Err(PyTypeError::new_err(format!("unsupported operand type for in-place {}: 'Tensor' and '{}'", op.name(), other.get_type().name()?)));
        };
        run(py, self.inner.numel(), || binary_into(op, Operand::Tensor(&self.inner), arg.operand(), &self.inner))
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
                let t = run(py, work, || {
                    if reflected {
                        binary(op, Operand::Scalar(s), Operand::Tensor(a))
                    } else {
                        binary(op, Operand::Tensor(a), Operand::Scalar(s))
                    }
                })?;
                return PyTensor::wrap(py, t);
            }
            return Err(pyo3::exceptions::PyOverflowError::new_err(format!("Python integer {} out of bounds for {}", other.str()?, a.dtype().name())));
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
        let t =
            run(py, work, || if reflected { binary(op, Operand::Scalar(s), Operand::Tensor(a)) } else { binary(op, Operand::Tensor(a), Operand::Scalar(s)) })?;
        PyTensor::wrap(py, t)
    }
}

#[pymethods]
impl PyTensor {
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

    fn __invert__(&self, py: Python<'_>) -> PyResult<PyObject> {
        self.unary_op(py, UnaryOp::Invert)
    }

    fn __abs__(&self, py: Python<'_>) -> PyResult<PyObject> {
        self.unary_op(py, UnaryOp::Abs)
    }

    fn __matmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        // Array-likes on either side, as NumPy (t @ [1.0, 2.0]).
        let Some(o) = Arg::extract(other, true)? else {
            return Ok(py.NotImplemented());
        };
        let b = &o.into_tensor()?;
        let t = run(py, matmul::work_estimate(&self.inner, b), || matmul::matmul(&self.inner, b))?;
        PyTensor::wrap(py, t)
    }

    fn __rmatmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let Some(o) = Arg::extract(other, true)? else {
            return Ok(py.NotImplemented());
        };
        let a = &o.into_tensor()?;
        let t = run(py, matmul::work_estimate(a, &self.inner), || matmul::matmul(a, &self.inner))?;
        PyTensor::wrap(py, t)
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
}

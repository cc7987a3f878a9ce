//! Elementwise ops made of other elementwise ops: clip (maximum then
//! minimum) and logical_and/or/xor (truthiness, then the bool bitwise op).
//! Each validates shapes and dtypes once at its entry, under its own name.
use crate::dtype::DType;
use crate::error::{renamed, Error, Result};
use crate::ops::elementwise::{binary, compare, result_dtype, BinaryOp, CompareOp, Operand};
use crate::ops::nditer::broadcast_shapes;
use crate::scalar::Scalar;
use crate::tensor::Tensor;

fn shape_of(o: &Operand) -> Vec<usize> {
    match o {
        Operand::Tensor(t) => t.shape().to_vec(),
        Operand::Scalar(_) => Vec::new(),
    }
}

/// Limit values to [min, max] (NumPy's clip: maximum with min, then minimum
/// with max; NaN propagates; the result dtype promotes with the bounds).
pub fn clip(x: &Tensor, min: Option<Operand<'_>>, max: Option<Operand<'_>>) -> Result<Tensor> {
    let xo = Operand::Tensor(x);
    let mut shape = x.shape().to_vec();
    for bound in [&min, &max].into_iter().flatten() {
        shape = broadcast_shapes("clip", &shape, &shape_of(bound)).map_err(|e| renamed(e, "clip"))?;
        result_dtype(BinaryOp::Maximum, &xo, bound).map_err(|e| renamed(e, "clip"))?;
    }
    let mut out = match min {
        Some(lo) => binary(BinaryOp::Maximum, xo, lo)?,
        None => x.clone(),
    };
    if let Some(hi) = max {
        out = binary(BinaryOp::Minimum, Operand::Tensor(&out), hi)?;
    }
    if out.shares_storage_with(x) {
        out = out.contiguous_copy()?;
    }
    Ok(out)
}

/// The logical ops, on the truthiness of any dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
    Xor,
}

impl LogicalOp {
    pub fn name(self) -> &'static str {
        match self {
            LogicalOp::And => "logical_and",
            LogicalOp::Or => "logical_or",
            LogicalOp::Xor => "logical_xor",
        }
    }

    pub fn parse(name: &str) -> Result<LogicalOp> {
        [LogicalOp::And, LogicalOp::Or, LogicalOp::Xor]
            .into_iter()
            .find(|op| op.name() == name)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown logical function '{name}'")))
    }
}

fn truth<'a>(o: &Operand<'a>) -> Result<Tensor> {
    match o {
        Operand::Tensor(t) if t.dtype() == DType::Bool => Ok((*t).clone()),
        Operand::Tensor(t) => compare(CompareOp::Ne, Operand::Tensor(t), Operand::Scalar(Scalar::Int(0))),
        Operand::Scalar(s) => {
            let b = match *s {
                Scalar::Bool(b) => b,
                Scalar::Int(i) => i != 0,
                Scalar::Float(f) => f != 0.0,
            };
            crate::ops::creation::full(&[], DType::Bool, Scalar::Bool(b))
        }
    }
}

/// Elementwise logical and/or/xor of the operands' truth values (bool result).
pub fn logical(op: LogicalOp, a: Operand<'_>, b: Operand<'_>) -> Result<Tensor> {
    let name = op.name();
    for o in [&a, &b] {
        if let Operand::Tensor(t) = o {
            super::check_device(name, t)?;
        }
    }
    broadcast_shapes(name, &shape_of(&a), &shape_of(&b))?;
    let (ta, tb) = (truth(&a)?, truth(&b)?);
    let bop = match op {
        LogicalOp::And => BinaryOp::BitAnd,
        LogicalOp::Or => BinaryOp::BitOr,
        LogicalOp::Xor => BinaryOp::BitXor,
    };
    binary(bop, Operand::Tensor(&ta), Operand::Tensor(&tb))
}

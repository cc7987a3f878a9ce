//! How dtypes combine: NumPy 2 promotion (NEP 50: Python scalars are weak),
//! `result_type`, the dtype Python values take on their own, and `can_cast`.
use crate::dtype::{smallest_of, widest_of, DType, Kind};
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// NumPy 2 promotion of two array dtypes: bool < integers < floats; two
/// signed or two unsigned integers give the wider; uint8 with a signed type
/// needs a signed type wider than 8 bits; integers wider than 16 bits with
/// float32 need float64.
pub fn promote(a: DType, b: DType) -> DType {
    use Kind::*;
    if a == b {
        return a;
    }
    let (x, y) = if a.kind() <= b.kind() { (a, b) } else { (b, a) }; // x has the lower kind
    match (x.kind(), y.kind()) {
        (Bool, _) => y,
        (k, l) if k == l => {
            if x.itemsize() >= y.itemsize() {
                x
            } else {
                y
            }
        }
        // Integers with floats: a float wider than the integer (int16 with
        // float32 is float32, int32 with float32 is float64), else the widest.
        (Sint | Uint, Float) => smallest_of(Float, y.itemsize().max(x.itemsize() + 1)).unwrap_or_else(|| widest_of(Float)),
        // Unsigned with signed: a signed type wider than the unsigned one
        // (int8 with uint8 is int16); past int64, float64 (NumPy's rule).
        (Sint, Uint) => {
            let need = if x.itemsize() > y.itemsize() { x.itemsize() } else { 2 * y.itemsize() };
            smallest_of(Sint, need).unwrap_or_else(|| widest_of(Float))
        }
        _ => unreachable!("kinds are ordered bool < sint < uint < float"),
    }
}

/// NEP 50: the result dtype of `tensor op python_scalar`.
/// A Python bool never changes the tensor's dtype; a Python int keeps any
/// numeric dtype (bool tensors become int64); a Python float keeps float
/// dtypes and turns integer and bool tensors into float64.
pub fn promote_weak(t: DType, s: &Scalar) -> DType {
    match (s, t) {
        (Scalar::Bool(_), _) => t,
        (Scalar::Int(_), DType::Bool) => DType::DEFAULT_INT,
        (Scalar::Int(_), _) => t,
        (Scalar::Float(_), d) if d.is_float() => t,
        (Scalar::Float(_), _) => DType::DEFAULT_FLOAT,
    }
}

/// The dtype a Python value takes when it becomes a tensor on its own.
pub fn default_dtype_of(s: &Scalar) -> DType {
    match s {
        Scalar::Bool(_) => DType::Bool,
        Scalar::Int(_) => DType::DEFAULT_INT,
        Scalar::Float(_) => DType::DEFAULT_FLOAT,
    }
}

/// The dtype a list of Python values takes as a tensor (NumPy's inference):
/// the widest of their own dtypes, float64 for no values at all.
pub fn inferred_dtype(values: &[Scalar]) -> DType {
    values.iter().map(default_dtype_of).reduce(promote).unwrap_or(DType::DEFAULT_FLOAT)
}

/// NumPy's `result_type`: tensors and dtypes promote as arrays, Python
/// scalars are weak (NEP 50) unless nothing else is given.
pub fn result_type(strong: &[DType], weak: &[Scalar]) -> Result<DType> {
    let start = match strong.iter().copied().reduce(promote) {
        Some(d) => d,
        None if weak.is_empty() => return Err(Error::InvalidArgument("result_type: at least one array or dtype is required".into())),
        None => inferred_dtype(weak),
    };
    Ok(weak.iter().fold(start, promote_weak))
}

/// NumPy's casting rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casting {
    No,
    Equiv,
    Safe,
    SameKind,
    Unsafe,
}

impl Casting {
    pub fn parse(name: &str) -> Result<Casting> {
        Ok(match name {
            "no" => Casting::No,
            "equiv" => Casting::Equiv,
            "safe" => Casting::Safe,
            "same_kind" => Casting::SameKind,
            "unsafe" => Casting::Unsafe,
            other => return Err(Error::InvalidArgument(format!("casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe', got '{other}'"))),
        })
    }
}

/// Whether `from` converts to `to` under `casting`, as NumPy's `can_cast`.
pub fn can_cast(from: DType, to: DType, casting: Casting) -> bool {
    match casting {
        // Native byte order only: equivalent dtypes are equal ones.
        Casting::No | Casting::Equiv => from == to,
        Casting::Safe => promote(from, to) == to,
        Casting::SameKind => same_kind(from, to),
        Casting::Unsafe => true,
    }
}

/// NumPy's "same_kind": safe, or within the order bool < int < float
/// (uint to int is same-kind, int to uint is not).
fn same_kind(from: DType, to: DType) -> bool {
    let rank = |d: DType| match d.kind() {
        Kind::Bool => 0,
        Kind::Uint | Kind::Sint => 1,
        Kind::Float => 2,
    };
    if promote(from, to) == to || (from.kind() == Kind::Uint && to.kind() == Kind::Sint) {
        return true;
    }
    if from.kind() == Kind::Sint && to.kind() == Kind::Uint {
        return false;
    }
    rank(from) <= rank(to)
}

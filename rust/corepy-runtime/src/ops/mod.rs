//! Operations, one module per family. Each public function validates its
//! inputs once, allocates its output from the arena, picks the kernel from
//! the selected table, and lets the scheduler split the work.
//!
//! - `nditer`: loop planning over strided, broadcast operands;
//! - `convert`: dtype conversion and the strided copy (`astype`, `copy_into`);
//!   `copy`: the copying `Tensor` methods (`contiguous`, `reshape`);
//! - `creation`: zeros, ones, full, arange, random...;
//! - `elementwise`: binary and compare ops; `unary`: unary math, predicates,
//!   where; `composite_elementwise`: ops composed of those;
//! - `reduce`: sum, prod, max, min, any, all; `reduce_keywords`: the same
//!   with dtype=, initial=, where= and out=; `stats`: mean, var, std;
//! - `rows`: same-length ops along an axis (sort, argsort, cumsum, cumprod);
//!   `ordering`: argmax, argmin, unique;
//! - `indexing`: gathers and scatters (masks, take, integer arrays, nonzero);
//!   `subscript`: `t[key]` and `t[key] = v` (the `Index` type and its policy);
//! - `manipulate`: concat, stack, moveaxis, split, repeat, roll, tile;
//! - `matmul`: matrix products; `products`: vecdot, tensordot, dot, outer;
//!   `einsum`: Einstein summation (parse, plan, pairwise matmuls).
//! - `close`: isclose, allclose, array_equal, array_equiv; `diag`: diagonal,
//!   diag, trace, identity, tri, tril, triu; `pad`: NumPy's pad.
//! - `shaping`: vstack/hstack/..., array_split, atleast_nd, ravel, swapaxes,
//!   argwhere; `array_methods`: round, ptp, fill, in-place sort, linspace;
//!   `setops`: unique with its optional outputs and axis.
pub mod array_methods;
pub mod close;
pub mod composite_elementwise;
pub mod convert;
pub mod copy;
pub mod covariance;
pub mod creation;
pub mod diag;
pub mod einsum;
pub mod elementwise;
pub(crate) mod executor;
pub mod histogram;
pub mod indexing;
pub mod manipulate;
pub mod matmul;
pub mod nditer;
pub mod ordering;
pub mod pad;
pub mod products;
pub mod quantile;
pub mod reduce;
pub mod reduce_keywords;
pub mod rows;
pub mod setops;
pub mod shaping;
pub mod statistics;
pub mod stats;
pub mod subscript;
pub mod unary;

use crate::device::Device;
use crate::error::{Error, Result};
use crate::tensor::Tensor;

/// Common checks for a tensor operand: on a device this build runs, and laid
/// out contiguously (strided kernels arrive with views).
pub(crate) fn check_operand(op: &'static str, t: &Tensor) -> Result<()> {
    if t.device() != Device::Cpu {
        t.device().ensure_available()?;
    }
    if !t.is_contiguous() {
        return Err(Error::InvalidArgument(format!("{op}: non-contiguous tensors are not supported yet")));
    }
    Ok(())
}

/// The operand is on a device this build runs (any layout).
pub(crate) fn check_device(_op: &'static str, t: &Tensor) -> Result<()> {
    if t.device() != Device::Cpu {
        t.device().ensure_available()?;
    }
    Ok(())
}

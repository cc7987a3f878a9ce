//! Operations, one module per family. Each public function validates its
//! inputs once, allocates its output from the arena, picks the kernel from
//! the selected table, and lets the scheduler split the work.
pub mod composite_elementwise;
pub mod convert;
pub mod copy;
pub mod creation;
pub mod elementwise;
pub mod indexing;
pub mod manipulate;
pub mod matmul;
pub mod nditer;
pub mod ordering;
pub mod products;
pub mod reduce;
pub mod rows;
pub mod stats;
pub mod unary;

use crate::device::Device;
use crate::error::{Error, Result};
use crate::tensor::Tensor;

/// Elements below which an elementwise op stays on the calling thread. Waking
/// a worker costs a few microseconds; below ~64K elements a single core
/// finishes first (tools/bench measures the crossover).
pub(crate) const ELEMENTWISE_MIN_CHUNK: usize = 1 << 16;

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

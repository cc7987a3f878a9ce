//! Where a tensor's bytes live. A storage is shared (`Arc`) by every view of
//! it, so a view can never outlive its buffer.
use crate::arena::{arena, Buffer};
use crate::device::Device;
use crate::error::Result;

pub enum Storage {
    Cpu(Buffer),
    // A `Cuda(DeviceBuffer)` variant arrives with the cuda/ backend.
}

impl Storage {
    pub fn cpu(bytes: usize) -> Result<Storage> {
        Ok(Storage::Cpu(arena().allocate(bytes)?))
    }

    pub fn device(&self) -> Device {
        match self {
            Storage::Cpu(_) => Device::Cpu,
        }
    }

    pub fn cpu_buffer(&self) -> &Buffer {
        match self {
            Storage::Cpu(b) => b,
        }
    }
}

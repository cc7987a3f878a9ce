//! Where a tensor's bytes live. A storage is shared (`Arc`) by every view of
//! it, so a view can never outlive its buffer.
//!
//! Writes into an existing storage (in-place ops, `out=`, item assignment)
//! hold the storage's write lock for the whole operation, so writers from
//! several threads are serialized: `t += 1` from N threads gives the same
//! result as N serial calls. Freshly allocated outputs are not locked (no one
//! else can see them yet). Readers take no lock: a read that runs while
//! another thread writes the same storage sees each element either before or
//! after the write (NumPy gives the same guarantee), never freed memory.
use std::sync::{Mutex, MutexGuard};

use crate::arena::{arena, Buffer};
use crate::device::Device;
use crate::error::Result;

pub struct Storage {
    memory: Memory,
    writes: Mutex<()>,
}

enum Memory {
    Cpu(Buffer),
    // A `Cuda(DeviceBuffer)` variant arrives with the cuda/ backend.
}

/// Held while an operation writes into an existing storage.
pub struct WriteGuard<'a> {
    _guard: MutexGuard<'a, ()>,
}

impl Storage {
    pub fn cpu(bytes: usize) -> Result<Storage> {
        Ok(Storage { memory: Memory::Cpu(arena().allocate(bytes)?), writes: Mutex::new(()) })
    }

    pub fn device(&self) -> Device {
        match self.memory {
            Memory::Cpu(_) => Device::Cpu,
        }
    }

    pub fn cpu_buffer(&self) -> &Buffer {
        match &self.memory {
            Memory::Cpu(b) => b,
        }
    }

    /// Exclusive right to write this storage, until the guard drops. The
    /// lock guards no Rust data (only the buffer's bytes), so a panic while
    /// it was held leaves nothing inconsistent: a poisoned lock is taken over.
    pub fn lock_writes(&self) -> WriteGuard<'_> {
        WriteGuard { _guard: self.writes.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) }
    }
}

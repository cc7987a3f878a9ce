//! Where a tensor's bytes live. Every tensor carries its device and every op
//! dispatches on it; CUDA is a seam for the `cuda/` backend, which this build
//! does not contain, so asking for it is a clear error, never a fake success.
use std::fmt;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Device {
    Cpu,
    Cuda(u32),
}

impl Device {
    pub fn parse(name: &str) -> Result<Device> {
        let name = name.trim();
        if name == "cpu" {
            return Ok(Device::Cpu);
        }
        let ordinal = if name == "cuda" || name == "gpu" {
            Some(0)
        } else if let Some(rest) = name.strip_prefix("cuda:") {
            rest.parse::<u32>().ok()
        } else {
            None
        };
        match ordinal {
            Some(i) => Ok(Device::Cuda(i)),
            None => Err(Error::InvalidArgument(format!("unknown device '{name}'; expected 'cpu' or 'cuda[:N]'"))),
        }
    }

    /// Fails for devices this build cannot execute on.
    pub fn ensure_available(self) -> Result<()> {
        match self {
            Device::Cpu => Ok(()),
            Device::Cuda(i) => Err(Error::DeviceUnavailable(format!("device 'cuda:{i}' is not available: corepy was built without CUDA support"))),
        }
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => write!(f, "cpu"),
            Device::Cuda(i) => write!(f, "cuda:{i}"),
        }
    }
}

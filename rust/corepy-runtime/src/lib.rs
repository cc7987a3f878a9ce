//! corepy-runtime: the controller layer of corepy.
//!
//! Python states intent; this crate validates every operation once, owns every
//! buffer (a 64-byte aligned, pooling arena), decides how work is split across
//! threads (rayon) and picks the C++ kernel before any loop runs. It knows
//! nothing of Python: the PyO3 crate `corepy-python` converts and forwards.
//!
//! Layout of the crate, roughly from the bottom up:
//! - [`error`], [`dims`], [`cpu_features`]: errors, inline shape storage,
//!   what the CPU can do;
//! - [`dtype`], [`scalar`], [`device`]: element types, Python-style numbers,
//!   where a tensor lives; [`promotion`]: how dtypes combine and cast;
//! - [`shape`]: shape arithmetic (element and byte counts, reshape targets,
//!   axes) and broadcasting;
//! - [`layout`]: shape/strides/offset and the views that only rearrange them;
//!   [`basic_index`]: basic indexing (ints, slices, None, `...`) as a view;
//! - [`arena`], [`storage`]: where the bytes live and who frees them;
//! - [`tensor`]: a storage plus a layout; views share storage through `Arc`;
//! - [`registry`]: the ops (generated from csrc/include/corepy/op_registry.h)
//!   and what their dtype rules mean;
//! - [`kernels`]: the C++ kernel tables and the runtime ISA choice;
//! - [`scheduler`]: the thread pool and the serial/parallel decision;
//! - [`ops`]: one module per family of operations (see its own list);
//! - [`io`]: NumPy's `.npy` format and raw binary files on byte streams.
pub mod arena;
pub mod basic_index;
pub mod cpu_features;
pub mod device;
pub mod dims;
// `with_native_type!` (generated with the dtype list) is used by the modules below.
#[macro_use]
pub mod dtype;
pub mod error;
pub mod format;
pub mod io;
pub mod kernels;
pub mod layout;
pub mod ops;
pub mod promotion;
pub mod registry;
pub mod scalar;
pub mod scheduler;
pub mod shape;
pub mod storage;
pub mod tensor;

pub use device::Device;
pub use dtype::DType;
pub use error::{Error, Result};
pub use scalar::Scalar;
pub use tensor::Tensor;

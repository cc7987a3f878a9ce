//! Files: NumPy's `.npy` format and raw binary dumps.
//!
//! - [`descr`]: NumPy type strings (`'<f8'`, `'|b1'`, `'>i4'`) to and from
//!   corepy dtypes, with the byte order they imply;
//! - [`data`]: moving element bytes between a stream and a tensor buffer
//!   (chunked reads, byte swapping to native order, bool normalization) and
//!   the raw `tofile`/`fromfile` formats;
//! - [`npy`]: the `.npy` header (format versions 1.0, 2.0 and 3.0 read; 1.0,
//!   or 2.0 when the header needs it, written byte for byte as NumPy writes
//!   it) and whole-array reads and writes.
//!
//! Everything works on `std::io::Read` / `Write` streams, so the binding can
//! hand in Python file objects and the tests in-memory buffers. Every
//! malformed input is an `Error` (ValueError in Python; a dtype corepy lacks
//! is `UnknownDType`, TypeError), never a panic; messages start with the
//! caller's name for the stream (`source`).
pub mod data;
pub mod descr;
pub mod npy;

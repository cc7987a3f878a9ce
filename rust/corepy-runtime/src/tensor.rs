//! A tensor: shared storage, a layout over it and an element type, with the
//! views that only change the layout. The methods that copy elements
//! (`contiguous`, `contiguous_copy`, `reshape`) are defined in `ops::copy`,
//! beside the copy kernel they run, so this module depends on no op.
use std::sync::Arc;

use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::scalar::Scalar;
use crate::storage::Storage;

#[derive(Clone)]
pub struct Tensor {
    storage: Arc<Storage>,
    layout: Layout,
    dtype: DType,
}

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tensor").field("shape", &self.shape()).field("dtype", &self.dtype).field("device", &self.device()).finish()
    }
}

impl Tensor {
    /// A contiguous tensor whose contents the caller fills before sharing it
    /// (every op writes its whole output). Checks the byte count.
    pub(crate) fn uninit(shape: &[usize], dtype: DType) -> Result<Tensor> {
        crate::shape::check_addressable(shape, dtype.itemsize())?;
        // check_addressable bounded the product of the nonzero dimensions
        // times the element size by isize::MAX, so neither the element count
        // (0 or that product) nor the byte count can overflow here; only the
        // dimension count is left to check (Layout::contiguous refuses it).
        let layout = if shape.len() > crate::shape::MAX_NDIM { Layout::contiguous(shape)? } else { Layout::contiguous_unchecked(shape) };
        let bytes = shape.iter().product::<usize>() * dtype.itemsize();
        Ok(Tensor { storage: Arc::new(Storage::cpu(bytes)?), layout, dtype })
    }

    /// A contiguous tensor holding a copy of `bytes` (native-endian elements).
    pub fn from_bytes(shape: &[usize], dtype: DType, bytes: &[u8]) -> Result<Tensor> {
        let t = Tensor::uninit(shape, dtype)?;
        if bytes.len() != t.nbytes() {
            return Err(Error::InvalidArgument(format!(
                "tensor: {} bytes of data for shape {} of {} (needs {})",
                bytes.len(),
                crate::error::fmt_shape(shape),
                dtype.name(),
                t.nbytes()
            )));
        }
        // SAFETY: the destination was just allocated with exactly nbytes
        // bytes and is not shared yet; the source is a valid slice of that
        // length; the two cannot overlap.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), t.data_ptr_mut(), bytes.len()) };
        Ok(t)
    }

    /// A contiguous tensor filled by `fill`, which receives the uninitialized
    /// destination bytes (used by the binding to copy from Python buffers).
    pub fn from_fill(shape: &[usize], dtype: DType, fill: impl FnOnce(&mut [u8]) -> Result<()>) -> Result<Tensor> {
        let t = Tensor::uninit(shape, dtype)?;
        let n = t.nbytes();
        // SAFETY: fresh, unshared allocation of n bytes; the slice lives only
        // for the duration of `fill`.
        let dst = unsafe { std::slice::from_raw_parts_mut(t.data_ptr_mut(), n) };
        fill(dst)?;
        Ok(t)
    }

    #[inline]
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }

    #[inline]
    pub fn strides(&self) -> &[isize] {
        self.layout.strides()
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    #[inline]
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    #[inline]
    pub fn device(&self) -> Device {
        self.storage.device()
    }

    #[inline]
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    #[inline]
    pub fn numel(&self) -> usize {
        self.layout.numel()
    }

    pub fn nbytes(&self) -> usize {
        self.numel() * self.dtype.itemsize()
    }

    #[inline]
    pub fn is_contiguous(&self) -> bool {
        self.layout.is_contiguous()
    }

    /// Address of the first element.
    #[inline]
    pub fn data_ptr(&self) -> *const u8 {
        // offset is in elements and lies inside the buffer (layout invariant).
        self.storage.cpu_buffer().as_ptr().wrapping_add(self.layout.offset() * self.dtype.itemsize())
    }

    /// Writable address of the first element: for outputs the runtime has
    /// just created and not yet handed out, and for writes into an existing
    /// tensor (in-place ops, item assignment: tensors are mutable, as in
    /// NumPy), which hold its write lock (`lock_writes`).
    #[inline]
    pub(crate) fn data_ptr_mut(&self) -> *mut u8 {
        self.data_ptr() as *mut u8
    }

    /// Refuse writes into a broadcast view (several elements on one memory
    /// location), as NumPy does (its broadcast views are read-only).
    pub(crate) fn check_writable(&self, op: &str) -> Result<()> {
        if self.layout.has_internal_overlap() {
            return Err(Error::InvalidArgument(format!(
                "{op}: the destination of shape {} is a broadcast view (several elements share one memory \
                 location) and is read-only; write to a copy (t.copy()) instead",
                crate::error::fmt_shape(self.shape())
            )));
        }
        Ok(())
    }

    /// Serialize writers of this tensor's storage (views included) until the
    /// guard drops: every op that writes into an existing tensor holds it.
    /// One op holds at most one such guard, so there is no lock order.
    pub(crate) fn lock_writes(&self) -> crate::storage::WriteGuard<'_> {
        self.storage.lock_writes()
    }

    /// The elements as bytes, for a contiguous tensor.
    pub fn as_bytes(&self) -> Result<&[u8]> {
        if !self.is_contiguous() {
            return Err(Error::InvalidArgument("as_bytes: tensor is not contiguous".into()));
        }
        // SAFETY: a contiguous layout covers exactly nbytes bytes from
        // data_ptr, inside the buffer that self.storage keeps alive for the
        // lifetime of &self.
        Ok(unsafe { std::slice::from_raw_parts(self.data_ptr(), self.nbytes()) })
    }

    /// The single element of a one-element tensor. (A one-element layout is
    /// always contiguous, whatever its strides.)
    pub fn item(&self) -> Result<Scalar> {
        if self.numel() != 1 {
            return Err(Error::InvalidArgument(format!(
                "item: only a tensor with one element can be converted to a Python scalar, got shape {}",
                crate::error::fmt_shape(self.shape())
            )));
        }
        Ok(Scalar::from_bytes(self.dtype, self.as_bytes()?))
    }

    /// The same storage seen through another layout (a view).
    pub(crate) fn with_layout(&self, layout: Layout) -> Tensor {
        Tensor { storage: Arc::clone(&self.storage), layout, dtype: self.dtype }
    }

    /// The same bytes seen as another dtype of the same size (for the
    /// runtime's own reinterpretations, e.g. bool bytes as uint8).
    pub(crate) fn with_dtype_unchecked(&self, dtype: DType) -> Tensor {
        assert_eq!(dtype.itemsize(), self.dtype.itemsize(), "reinterpretation needs equal element sizes");
        Tensor { storage: Arc::clone(&self.storage), layout: self.layout.clone(), dtype }
    }

    /// Reverse the dimensions (`.T`).
    pub fn transpose(&self) -> Tensor {
        self.with_layout(self.layout.reversed())
    }

    /// Swap the last two dimensions (`.mT`).
    pub fn matrix_transpose(&self) -> Result<Tensor> {
        let n = self.ndim();
        if n < 2 {
            return Err(Error::InvalidArgument(format!("matrix_transpose: needs at least 2 dimensions, got shape {}", crate::error::fmt_shape(self.shape()))));
        }
        let mut axes: Vec<i64> = (0..n as i64).collect();
        axes.swap(n - 2, n - 1);
        Ok(self.with_layout(self.layout.permuted(&axes)?))
    }

    pub fn permute_dims(&self, axes: &[i64]) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.permuted(axes)?))
    }

    pub fn expand_dims(&self, axis: i64) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.expand_dims(axis)?))
    }

    pub fn expand_dims_many(&self, axes: &[i64]) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.expand_dims_many(axes)?))
    }

    pub fn squeeze(&self, axes: Option<&[i64]>) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.squeeze(axes)?))
    }

    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Tensor> {
        crate::shape::check_addressable(shape, self.dtype.itemsize())?;
        Ok(self.with_layout(self.layout.broadcast_to(shape)?))
    }

    pub fn flip(&self, axes: Option<&[i64]>) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.flipped(axes)?))
    }

    /// Basic indexing (ints, slices, None, Ellipsis): always a view.
    pub fn index(&self, items: &[crate::basic_index::IndexItem]) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.indexed(items)?))
    }

    /// True when both tensors read the same storage (views of one buffer).
    pub fn shares_storage_with(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.storage, &other.storage)
    }
}

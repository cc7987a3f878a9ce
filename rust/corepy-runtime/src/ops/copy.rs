//! Copies that keep the dtype, as `Tensor` methods: `contiguous`,
//! `contiguous_copy`, and `reshape` (a view when the layout allows it, else a
//! copy). They live here, beside the copy kernel they run
//! (`convert::astype`), so that `tensor.rs` stays below the ops.
use super::convert::astype;
use crate::error::Result;
use crate::layout::Layout;
use crate::shape::{check_addressable, infer_reshape};
use crate::tensor::Tensor;

impl Tensor {
    /// A contiguous copy with its own storage.
    pub fn contiguous_copy(&self) -> Result<Tensor> {
        astype(self, self.dtype())
    }

    /// `self` when already contiguous, else a contiguous copy.
    pub fn contiguous(&self) -> Result<Tensor> {
        if self.is_contiguous() {
            Ok(self.clone())
        } else {
            astype(self, self.dtype())
        }
    }

    /// A new shape (one entry may be -1): a view when the layout allows it
    /// (always for contiguous tensors), else a contiguous copy, as NumPy.
    pub fn reshape(&self, target: &[i64]) -> Result<Tensor> {
        let shape = infer_reshape(self.numel(), self.shape(), target)?;
        check_addressable(&shape, self.dtype().itemsize())?;
        // Checks the dimension count too (NumPy's limit of 64).
        let dense = Layout::contiguous(&shape)?;
        match self.layout().reshaped(&shape) {
            Some(layout) => Ok(self.with_layout(layout)),
            // Not expressible as a view: a contiguous copy takes the shape.
            None => Ok(self.contiguous_copy()?.with_layout(dense)),
        }
    }
}

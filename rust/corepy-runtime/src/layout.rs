//! Shape, strides (in elements) and start offset: how a tensor reads its
//! storage. A view is a new `Layout` over the same storage.
use crate::dims::Dims;
use crate::error::{fmt_shape, Error, Result};

/// Largest number of dimensions a tensor may have (NumPy's limit is 64).
pub const MAX_NDIM: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    shape: Dims<usize>,
    strides: Dims<isize>,
    offset: usize,
}

impl Layout {
    /// Row-major (C-order) layout; checks that the element count fits.
    pub fn contiguous(shape: &[usize]) -> Result<Layout> {
        if shape.len() > MAX_NDIM {
            return Err(Error::InvalidArgument(format!(
                "a tensor can have at most {MAX_NDIM} dimensions, got {}",
                shape.len()
            )));
        }
        numel_checked(shape)?;
        let mut strides = Dims::filled(shape.len(), 0isize);
        let s = strides.as_mut_slice();
        let mut acc: usize = 1;
        for i in (0..shape.len()).rev() {
            s[i] = acc as isize;
            acc = acc.saturating_mul(shape[i].max(1));
        }
        Ok(Layout { shape: Dims::from_slice(shape), strides, offset: 0 })
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when the elements are laid out densely in row-major order.
    pub fn is_contiguous(&self) -> bool {
        let mut expected: isize = 1;
        for i in (0..self.shape.len()).rev() {
            if self.shape[i] != 1 && self.strides[i] != expected {
                return false;
            }
            expected *= self.shape[i] as isize;
        }
        true
    }

    /// The layout of `reshape(new_shape)` without copying, when one exists.
    /// (Contiguous layouts always have one; strided views come later.)
    pub fn reshaped(&self, new_shape: &[usize]) -> Option<Layout> {
        if !self.is_contiguous() {
            return None;
        }
        let mut l = Layout::contiguous(new_shape).ok()?;
        l.offset = self.offset;
        Some(l)
    }
}

/// Product of a shape with overflow checking (also bounded by isize::MAX so
/// strides and byte offsets stay representable).
pub fn numel_checked(shape: &[usize]) -> Result<usize> {
    let mut n: usize = 1;
    for &d in shape {
        n = n.checked_mul(d).ok_or_else(|| {
            Error::SizeOverflow(format!("shape {} has too many elements to address", fmt_shape(shape)))
        })?;
    }
    if n > isize::MAX as usize {
        return Err(Error::SizeOverflow(format!("shape {} has too many elements to address", fmt_shape(shape))));
    }
    Ok(n)
}

/// Resolve a reshape target that may contain one -1.
pub fn infer_reshape(numel: usize, from: &[usize], target: &[i64]) -> Result<Vec<usize>> {
    let mut unknown = None;
    let mut known: usize = 1;
    let mut out = Vec::with_capacity(target.len());
    for (i, &d) in target.iter().enumerate() {
        if d == -1 {
            if unknown.is_some() {
                return Err(Error::InvalidArgument("reshape: can only specify one unknown dimension (-1)".into()));
            }
            unknown = Some(i);
            out.push(0);
        } else if d < 0 {
            return Err(Error::InvalidArgument(format!("reshape: negative dimension {d} in the new shape")));
        } else {
            let d = d as usize;
            known = known.checked_mul(d).ok_or_else(|| {
                Error::SizeOverflow("reshape: the new shape has too many elements".into())
            })?;
            out.push(d);
        }
    }
    let target_str = format!(
        "({})",
        target.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ") + if target.len() == 1 { "," } else { "" }
    );
    match unknown {
        Some(i) => {
            if known == 0 || numel % known != 0 {
                return Err(Error::InvalidArgument(format!(
                    "reshape: cannot reshape tensor of size {numel} (shape {}) into shape {target_str}",
                    fmt_shape(from)
                )));
            }
            out[i] = numel / known;
        }
        None => {
            if known != numel {
                return Err(Error::InvalidArgument(format!(
                    "reshape: cannot reshape tensor of size {numel} (shape {}) into shape {target_str}",
                    fmt_shape(from)
                )));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_strides_are_row_major() {
        let l = Layout::contiguous(&[2, 3, 4]).unwrap();
        assert_eq!(l.strides(), &[12, 4, 1]);
        assert!(l.is_contiguous());
        assert_eq!(l.numel(), 24);
    }

    #[test]
    fn numel_overflow_is_an_error() {
        assert!(numel_checked(&[usize::MAX, 2]).is_err());
        assert!(numel_checked(&[1 << 40, 1 << 40]).is_err());
        assert_eq!(numel_checked(&[0, usize::MAX]).unwrap(), 0);
    }

    #[test]
    fn reshape_infers_minus_one() {
        assert_eq!(infer_reshape(12, &[12], &[3, -1]).unwrap(), vec![3, 4]);
        assert!(infer_reshape(12, &[12], &[5, -1]).is_err());
        assert!(infer_reshape(12, &[12], &[-1, -1]).is_err());
        let e = infer_reshape(12, &[12], &[5, 2]).unwrap_err().to_string();
        assert!(e.contains("cannot reshape tensor of size 12"), "{e}");
    }
}

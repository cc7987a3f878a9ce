//! Shape arithmetic: element and byte counts, reshape targets, axis
//! normalization and NumPy broadcasting. Plain functions of shapes (and, for
//! broadcast strides, of strides): no tensor, no layout.
use crate::error::{fmt_shape, Error, Result};

/// Largest number of dimensions a tensor may have (NumPy's limit is 64).
pub const MAX_NDIM: usize = 64;

/// NumPy's rule for any array, empty or not: the product of the nonzero
/// dimensions times the element size must fit in isize (so `(0, 2**62)`
/// float64 is refused, as NumPy refuses it, even though it holds nothing).
#[inline]
pub fn check_addressable(shape: &[usize], itemsize: usize) -> Result<()> {
    let mut bytes = itemsize;
    for &d in shape.iter().filter(|&&d| d != 0) {
        bytes = match bytes.checked_mul(d) {
            Some(b) if b <= isize::MAX as usize => b,
            _ => return Err(Error::SizeOverflow(format!("shape {} with {itemsize}-byte elements is too large to address", fmt_shape(shape)))),
        };
    }
    Ok(())
}

/// Product of a shape with overflow checking (also bounded by isize::MAX so
/// strides and byte offsets stay representable).
pub fn numel_checked(shape: &[usize]) -> Result<usize> {
    let mut n: usize = 1;
    for &d in shape {
        n = n.checked_mul(d).ok_or_else(|| Error::SizeOverflow(format!("shape {} has too many elements to address", fmt_shape(shape))))?;
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
                Error::SizeOverflow(format!(
                    "reshape: the new shape ({}) has too many elements (from shape {})",
                    target.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
                    fmt_shape(from)
                ))
            })?;
            out.push(d);
        }
    }
    // The message is built only on failure (reshape is a per-op cost).
    let mismatch = || {
        let target_str = format!("({})", target.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ") + if target.len() == 1 { "," } else { "" });
        Error::InvalidArgument(format!("reshape: cannot reshape tensor of size {numel} (shape {}) into shape {target_str}", fmt_shape(from)))
    };
    match unknown {
        Some(i) => {
            if known == 0 || numel % known != 0 {
                return Err(mismatch());
            }
            out[i] = numel / known;
        }
        None => {
            if known != numel {
                return Err(mismatch());
            }
        }
    }
    Ok(out)
}

/// Normalize an axis that may be negative.
pub fn normalize_axis(op: &str, axis: i64, ndim: usize) -> Result<usize> {
    let n = ndim as i64;
    if axis < -n || axis >= n {
        return Err(Error::Index(format!("{op}: axis {axis} is out of bounds for a tensor of dimension {ndim}")));
    }
    Ok(if axis < 0 { (axis + n) as usize } else { axis as usize })
}

/// NumPy broadcasting of two shapes.
pub fn broadcast_shapes(op: &'static str, a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0usize; n];
    for i in 0..n {
        let da = if i + a.len() >= n { a[i + a.len() - n] } else { 1 };
        let db = if i + b.len() >= n { b[i + b.len() - n] } else { 1 };
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::ShapeMismatch { op, lhs: a.to_vec(), rhs: b.to_vec() });
        };
    }
    Ok(out)
}

/// Strides of an operand seen with the (broadcast) shape `out`: aligned to the
/// right, stride 0 where the operand has size 1 or no dimension.
pub fn broadcast_strides(shape: &[usize], strides: &[isize], out: &[usize]) -> Vec<isize> {
    let lead = out.len() - shape.len();
    (0..out.len()).map(|i| if i < lead || shape[i - lead] == 1 { 0 } else { strides[i - lead] }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn axes_normalize_like_numpy() {
        assert_eq!(normalize_axis("f", -1, 3).unwrap(), 2);
        assert_eq!(normalize_axis("f", 2, 3).unwrap(), 2);
        assert!(normalize_axis("f", 3, 3).is_err());
        assert!(normalize_axis("f", -4, 3).is_err());
    }

    #[test]
    fn broadcasting_follows_numpy() {
        assert_eq!(broadcast_shapes("add", &[3, 1], &[4]).unwrap(), vec![3, 4]);
        assert_eq!(broadcast_shapes("add", &[], &[2, 2]).unwrap(), vec![2, 2]);
        assert_eq!(broadcast_shapes("add", &[0], &[1]).unwrap(), vec![0]);
        assert!(broadcast_shapes("add", &[3], &[4]).is_err());
        assert_eq!(broadcast_strides(&[3, 1], &[1, 1], &[2, 3, 4]), vec![0, 1, 0]);
    }
}

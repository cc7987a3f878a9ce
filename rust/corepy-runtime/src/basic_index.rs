//! Basic indexing (`t[1, 2:8:2, None, ...]`): the index items, Python's
//! slice arithmetic and the view a basic index selects. Always a view: no
//! element is read or copied.
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::shape::MAX_NDIM;

/// One entry of a basic (view-producing) index: `t[1, 2:8:2, None, ...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexItem {
    Int(i64),
    Slice { start: Option<i64>, stop: Option<i64>, step: Option<i64> },
    NewAxis,
    Ellipsis,
}

/// Python's slice.indices(): (start, step, length) of the selected run.
fn slice_range(start: Option<i64>, stop: Option<i64>, step: Option<i64>, len: usize) -> Result<(i64, i64, usize)> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(Error::InvalidArgument("slice step cannot be zero".into()));
    }
    let len = len as i64;
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let (lo, hi) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let fix = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(v) if v < 0 => clamp(v.saturating_add(len), lo, hi),
        Some(v) => clamp(v, lo, hi),
    };
    let (b, e) = if step > 0 { (fix(start, 0), fix(stop, len)) } else { (fix(start, len - 1), fix(stop, -1)) };
    // In i128: steps near i64::MIN/MAX must not overflow (Python allows them).
    let (b128, e128, s128) = (b as i128, e as i128, step as i128);
    let count = if step > 0 {
        if e128 > b128 {
            (e128 - b128 + s128 - 1) / s128
        } else {
            0
        }
    } else if b128 > e128 {
        (b128 - e128 - s128 - 1) / (-s128)
    } else {
        0
    };
    Ok((b, step, count as usize))
}

impl Layout {
    /// Apply a basic index. Integers drop a dimension, slices restride it,
    /// None inserts a size-1 dimension, one Ellipsis stands for the rest.
    pub fn indexed(&self, items: &[IndexItem]) -> Result<Layout> {
        let ellipses = items.iter().filter(|i| matches!(i, IndexItem::Ellipsis)).count();
        if ellipses > 1 {
            return Err(Error::Index("an index can only have a single ellipsis ('...')".into()));
        }
        let consuming = items.iter().filter(|i| matches!(i, IndexItem::Int(_) | IndexItem::Slice { .. })).count();
        if consuming > self.ndim() {
            return Err(Error::Index(format!("too many indices for tensor: tensor is {}-dimensional, but {consuming} were indexed", self.ndim())));
        }
        // The result's dims are gathered on the stack (no allocation: this is
        // the per-call cost of `t[i]`); NumPy's limit of MAX_NDIM applies.
        let (mut shape, mut strides) = ([0usize; MAX_NDIM], [0isize; MAX_NDIM]);
        let mut nd = 0usize;
        let mut push = |d: usize, st: isize| -> Result<()> {
            if nd == MAX_NDIM {
                return Err(Error::Index(format!("number of dimensions must be within [0, {MAX_NDIM}], indexing result would have more")));
            }
            shape[nd] = d;
            strides[nd] = st;
            nd += 1;
            Ok(())
        };
        let mut offset = self.offset() as isize;
        let mut dim = 0usize;
        let full = IndexItem::Slice { start: None, stop: None, step: None };
        for &item in items {
            // One Ellipsis stands for a full slice of every dimension the
            // other items leave unconsumed.
            let (it, repeat) = match item {
                IndexItem::Ellipsis => (full, self.ndim() - consuming),
                it => (it, 1),
            };
            for _ in 0..repeat {
                match it {
                    IndexItem::NewAxis => push(1, 0)?,
                    IndexItem::Int(i) => {
                        let len = self.shape()[dim] as i64;
                        let j = if i < 0 { i + len } else { i };
                        if j < 0 || j >= len {
                            return Err(Error::Index(format!("index {i} is out of bounds for axis {dim} with size {len}")));
                        }
                        offset += j as isize * self.strides()[dim];
                        dim += 1;
                    }
                    IndexItem::Slice { start, stop, step } => {
                        let (b, s, count) = slice_range(start, stop, step, self.shape()[dim])?;
                        if count > 0 {
                            offset += b as isize * self.strides()[dim];
                        }
                        // With at most one element the stride is never used
                        // (and a huge step times the stride could overflow).
                        push(count, if count <= 1 { 0 } else { self.strides()[dim] * s as isize })?;
                        dim += 1;
                    }
                    IndexItem::Ellipsis => unreachable!("replaced by full slices above"),
                }
            }
        }
        for d in dim..self.ndim() {
            push(self.shape()[d], self.strides()[d])?;
        }
        Ok(Layout::from_parts(&shape[..nd], &strides[..nd], offset as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_match_python() {
        assert_eq!(slice_range(None, None, None, 5).unwrap(), (0, 1, 5));
        assert_eq!(slice_range(None, None, Some(-1), 5).unwrap(), (4, -1, 5));
        assert_eq!(slice_range(Some(1), Some(-1), Some(2), 6).unwrap(), (1, 2, 2));
        assert_eq!(slice_range(Some(10), None, None, 3).unwrap().2, 0);
        assert_eq!(slice_range(Some(-10), Some(2), None, 3).unwrap(), (0, 1, 2));
        assert!(slice_range(None, None, Some(0), 3).is_err());
    }

    #[test]
    fn ints_and_negative_steps_restride() {
        let l = Layout::contiguous(&[4, 5]).unwrap();
        let v = l.indexed(&[IndexItem::Int(-1), IndexItem::Slice { start: None, stop: None, step: Some(-2) }]).unwrap();
        assert_eq!(v.shape(), &[3]);
        assert_eq!(v.strides(), &[-2]);
        assert_eq!(v.offset(), 19);
        assert!(l.indexed(&[IndexItem::Int(4)]).is_err());
    }
}

//! Shape, strides (in elements) and start offset: how a tensor reads its
//! storage, and the views that only rearrange them (permute, reverse,
//! expand_dims, squeeze, broadcast_to, flip, reshape without a copy). A view
//! is a new `Layout` over the same storage. Basic indexing is in
//! `basic_index`; the shape arithmetic these build on is in `shape`.
use crate::dims::Dims;
use crate::error::{fmt_shape, Error, Result};
use crate::shape::{broadcast_strides, normalize_axis, numel_checked};

/// Re-exported for the users that reach the dimension limit through `layout`.
pub use crate::shape::MAX_NDIM;

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
            return Err(Error::InvalidArgument(format!("a tensor can have at most {MAX_NDIM} dimensions, got {}", shape.len())));
        }
        numel_checked(shape)?;
        Ok(Layout::contiguous_unchecked(shape))
    }

    /// Row-major layout of a shape whose dimension count (<= MAX_NDIM) and
    /// element count the caller has already checked (e.g. with
    /// `check_addressable`, which bounds both the element and byte counts).
    pub(crate) fn contiguous_unchecked(shape: &[usize]) -> Layout {
        debug_assert!(shape.len() <= MAX_NDIM && numel_checked(shape).is_ok());
        let mut strides = Dims::filled(shape.len(), 0isize);
        let s = strides.as_mut_slice();
        let mut acc: usize = 1;
        for i in (0..shape.len()).rev() {
            s[i] = acc as isize;
            acc = acc.saturating_mul(shape[i].max(1));
        }
        Layout { shape: Dims::from_slice(shape), strides, offset: 0 }
    }

    #[inline]
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    #[inline]
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    #[inline]
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    #[inline]
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when two elements share one memory location (a stride 0 on a
    /// dimension longer than 1: broadcast views). Such a layout is read-only.
    pub fn has_internal_overlap(&self) -> bool {
        self.shape().iter().zip(self.strides()).any(|(&d, &s)| d > 1 && s == 0)
    }

    /// True when the elements are laid out densely in row-major order.
    #[inline]
    pub fn is_contiguous(&self) -> bool {
        is_contiguous(&self.shape, &self.strides)
    }

    /// The layout of `reshape(new_shape)` without copying, when one exists
    /// (NumPy's rule: each group of old dimensions that merges or splits into
    /// new ones must be laid out as one strided run). `new_shape` has the same
    /// element count.
    pub fn reshaped(&self, new_shape: &[usize]) -> Option<Layout> {
        if self.is_contiguous() {
            let mut l = Layout::contiguous(new_shape).ok()?;
            l.offset = self.offset;
            return Some(l);
        }
        let old: Vec<(usize, isize)> = (0..self.ndim()).filter(|&i| self.shape[i] != 1).map(|i| (self.shape[i], self.strides[i])).collect();
        let mut strides = vec![0isize; new_shape.len()];
        let (mut oi, mut ni) = (0usize, 0usize);
        while oi < old.len() && ni < new_shape.len() {
            if new_shape[ni] == 1 {
                ni += 1;
                continue;
            }
            let (mut oj, mut nj) = (oi + 1, ni + 1);
            let (mut op, mut np) = (old[oi].0, new_shape[ni]);
            while op != np {
                if op < np {
                    op = op.checked_mul(old.get(oj)?.0)?;
                    oj += 1;
                } else {
                    np = np.checked_mul(*new_shape.get(nj)?)?;
                    nj += 1;
                }
            }
            // The old dims oi..oj must form one run.
            for k in oi..oj - 1 {
                if old[k].1 != old[k + 1].1 * old[k + 1].0 as isize {
                    return None;
                }
            }
            let mut stride = old[oj - 1].1;
            for k in (ni..nj).rev() {
                strides[k] = stride;
                stride *= new_shape[k] as isize;
            }
            oi = oj;
            ni = nj;
        }
        if oi != old.len() || new_shape[ni..].iter().any(|&d| d != 1) {
            return None;
        }
        Some(Layout::from_parts(new_shape, &strides, self.offset))
    }

    pub fn from_parts(shape: &[usize], strides: &[isize], offset: usize) -> Layout {
        Layout { shape: Dims::from_slice(shape), strides: Dims::from_slice(strides), offset }
    }

    /// Reorder dimensions: new dim i is old dim axes[i].
    pub fn permuted(&self, axes: &[i64]) -> Result<Layout> {
        let n = self.ndim();
        if axes.len() != n {
            return Err(Error::InvalidArgument(format!("permute_dims: axes {:?} do not match a tensor of dimension {n}", axes)));
        }
        let mut seen = [false; MAX_NDIM];
        let (mut shape, mut strides) = (Dims::filled(n, 0usize), Dims::filled(n, 0isize));
        let (sh, st) = (shape.as_mut_slice(), strides.as_mut_slice());
        for (j, &a) in axes.iter().enumerate() {
            let a = normalize_axis("permute_dims", a, n)?;
            if std::mem::replace(&mut seen[a], true) {
                return Err(Error::InvalidArgument(format!("permute_dims: repeated axis in {:?}", axes)));
            }
            sh[j] = self.shape[a];
            st[j] = self.strides[a];
        }
        Ok(Layout { shape, strides, offset: self.offset })
    }

    /// The dimensions in reverse order (`.T`): no checks needed.
    pub fn reversed(&self) -> Layout {
        let (mut shape, mut strides) = (self.shape.clone(), self.strides.clone());
        shape.as_mut_slice().reverse();
        strides.as_mut_slice().reverse();
        Layout { shape, strides, offset: self.offset }
    }

    pub fn expand_dims(&self, axis: i64) -> Result<Layout> {
        self.expand_dims_many(&[axis])
    }

    /// New size-1 axes at the given positions of the result (NumPy's
    /// expand_dims with a tuple: positions are in the output's dimensions).
    pub fn expand_dims_many(&self, axes: &[i64]) -> Result<Layout> {
        let out_nd = self.ndim() + axes.len();
        if out_nd > MAX_NDIM {
            return Err(Error::InvalidArgument(format!("expand_dims: {out_nd} dimensions exceed the limit of {MAX_NDIM}")));
        }
        let mut new_axis = vec![false; out_nd];
        for &a in axes {
            let a = normalize_axis("expand_dims", a, out_nd)?;
            if new_axis[a] {
                return Err(Error::InvalidArgument("expand_dims: repeated axis".into()));
            }
            new_axis[a] = true;
        }
        let (mut shape, mut strides) = (Vec::with_capacity(out_nd), Vec::with_capacity(out_nd));
        let mut src = 0;
        for &is_new in &new_axis {
            if is_new {
                shape.push(1);
                strides.push(0);
            } else {
                shape.push(self.shape[src]);
                strides.push(self.strides[src]);
                src += 1;
            }
        }
        Ok(Layout::from_parts(&shape, &strides, self.offset))
    }

    /// Remove the given size-1 axes (all size-1 axes when `axes` is None).
    pub fn squeeze(&self, axes: Option<&[i64]>) -> Result<Layout> {
        let n = self.ndim();
        let mut drop = vec![false; n];
        match axes {
            None => (0..n).for_each(|i| drop[i] = self.shape[i] == 1),
            Some(list) => {
                for &a in list {
                    let a = normalize_axis("squeeze", a, n)?;
                    if drop[a] {
                        return Err(Error::InvalidArgument(format!("squeeze: duplicate value in 'axis' ({list:?})")));
                    }
                    if self.shape[a] != 1 {
                        return Err(Error::InvalidArgument(format!(
                            "squeeze: cannot select an axis to squeeze out which has size not equal to one (axis {a} has size {})",
                            self.shape[a]
                        )));
                    }
                    drop[a] = true;
                }
            }
        }
        let shape: Vec<usize> = (0..n).filter(|&i| !drop[i]).map(|i| self.shape[i]).collect();
        let strides: Vec<isize> = (0..n).filter(|&i| !drop[i]).map(|i| self.strides[i]).collect();
        Ok(Layout::from_parts(&shape, &strides, self.offset))
    }

    pub fn broadcast_to(&self, target: &[usize]) -> Result<Layout> {
        if target.len() > MAX_NDIM {
            return Err(Error::InvalidArgument(format!("broadcast_to: a tensor can have at most {MAX_NDIM} dimensions, got {}", target.len())));
        }
        let ok = target.len() >= self.ndim()
            && (0..self.ndim()).all(|i| {
                let d = self.shape[i];
                d == 1 || d == target[target.len() - self.ndim() + i]
            });
        if !ok {
            return Err(Error::InvalidArgument(format!(
                "broadcast_to: cannot broadcast a tensor of shape {} to shape {}",
                fmt_shape(self.shape()),
                fmt_shape(target)
            )));
        }
        numel_checked(target)?;
        let strides = broadcast_strides(self.shape(), self.strides(), target);
        Ok(Layout::from_parts(target, &strides, self.offset))
    }

    /// Reverse the given axes (all when None).
    pub fn flipped(&self, axes: Option<&[i64]>) -> Result<Layout> {
        let n = self.ndim();
        let mut flip = vec![axes.is_none(); n];
        if let Some(list) = axes {
            for &a in list {
                let a = normalize_axis("flip", a, n)?;
                if flip[a] {
                    return Err(Error::InvalidArgument("flip: repeated axis".into()));
                }
                flip[a] = true;
            }
        }
        let mut offset = self.offset as isize;
        let mut strides = self.strides.to_vec();
        for i in 0..n {
            if flip[i] && self.shape[i] > 0 {
                offset += (self.shape[i] as isize - 1) * strides[i];
                strides[i] = -strides[i];
            }
        }
        Ok(Layout::from_parts(self.shape(), &strides, offset as usize))
    }
}

/// True when (shape, strides) lay elements out densely in row-major order.
#[inline]
pub fn is_contiguous(shape: &[usize], strides: &[isize]) -> bool {
    // One pass: a zero dimension anywhere means no elements, and any strides
    // describe the same (empty) data, so a stride mismatch only decides the
    // answer once the whole shape has been seen to be nonzero.
    let mut dense = true;
    let mut expected: isize = 1;
    for (&d, &s) in shape.iter().zip(strides).rev() {
        if d == 0 {
            return true;
        }
        dense &= d == 1 || s == expected;
        expected = expected.wrapping_mul(d as isize);
    }
    dense
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_is_the_reversing_permutation() {
        for shape in [&[][..], &[5], &[2, 3], &[2, 3, 4], &[1, 2, 1, 3, 2, 2, 3]] {
            let strides: Vec<isize> = (0..shape.len() as isize).map(|i| 7 - 3 * i).collect();
            let l = Layout::from_parts(shape, &strides, 40);
            let axes: Vec<i64> = (0..shape.len() as i64).rev().collect();
            assert_eq!(l.reversed(), l.permuted(&axes).unwrap(), "shape {shape:?}");
        }
    }

    #[test]
    fn contiguous_strides_are_row_major() {
        let l = Layout::contiguous(&[2, 3, 4]).unwrap();
        assert_eq!(l.strides(), &[12, 4, 1]);
        assert!(l.is_contiguous());
        assert_eq!(l.numel(), 24);
    }

    #[test]
    fn strided_reshape_is_a_view_when_numpy_s_is() {
        // x[:, ::2] of a (4, 6): shape (4, 3), strides (6, 2).
        let l = Layout::from_parts(&[4, 3], &[6, 2], 0);
        let r = l.reshaped(&[4, 3, 1]).unwrap();
        assert_eq!(r.strides()[..2], [6, 2]);
        let r = l.reshaped(&[2, 2, 3]).unwrap();
        assert_eq!(r.strides(), &[12, 6, 2]);
        assert_eq!(l.reshaped(&[12]).unwrap().strides(), &[2]); // evenly spaced: still a view
        let c = Layout::from_parts(&[4, 3], &[6, 1], 0); // x[:, :3]
        assert!(c.reshaped(&[12]).is_none()); // needs a copy
        let t = Layout::from_parts(&[3, 4], &[1, 3], 0); // a transpose
        assert!(t.reshaped(&[12]).is_none());
        assert_eq!(t.reshaped(&[3, 2, 2]).unwrap().strides(), &[1, 6, 3]);
    }

    #[test]
    fn is_contiguous_matches_its_definition() {
        // The definition: no elements, or every dimension longer than 1 has
        // the row-major stride.
        fn reference(shape: &[usize], strides: &[isize]) -> bool {
            if shape.contains(&0) {
                return true;
            }
            let mut expected: isize = 1;
            for i in (0..shape.len()).rev() {
                if shape[i] != 1 && strides[i] != expected {
                    return false;
                }
                expected *= shape[i] as isize;
            }
            true
        }
        let dims = [0usize, 1, 2, 3];
        let strides = [-1isize, 0, 1, 2, 3, 6];
        for &d0 in &dims {
            for &d1 in &dims {
                for &d2 in &dims {
                    for &s0 in &strides {
                        for &s1 in &strides {
                            for &s2 in &strides {
                                let (sh, st) = ([d0, d1, d2], [s0, s1, s2]);
                                assert_eq!(is_contiguous(&sh, &st), reference(&sh, &st), "{sh:?} {st:?}");
                                assert_eq!(is_contiguous(&sh[1..], &st[1..]), reference(&sh[1..], &st[1..]));
                            }
                        }
                    }
                }
            }
        }
        assert!(is_contiguous(&[], &[]));
    }

    #[test]
    fn empty_tensors_are_contiguous() {
        assert!(Layout::contiguous(&[3, 0]).unwrap().is_contiguous());
        assert!(Layout::contiguous(&[0, 4, 1]).unwrap().is_contiguous());
        assert!(Layout::contiguous(&[3, 0]).unwrap().reshaped(&[0]).is_some());
    }

    #[test]
    fn flip_reverses_with_negative_strides() {
        let l = Layout::contiguous(&[4, 5]).unwrap();
        let f = l.flipped(None).unwrap();
        assert_eq!(f.offset(), 19);
        assert_eq!(f.strides(), &[-5, -1]);
    }
}

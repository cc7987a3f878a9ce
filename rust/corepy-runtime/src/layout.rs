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

    /// True when the elements are laid out densely in row-major order.
    /// True when two elements share one memory location (a stride 0 on a
    /// dimension longer than 1: broadcast views). Such a layout is read-only.
    pub fn has_internal_overlap(&self) -> bool {
        self.shape().iter().zip(self.strides()).any(|(&d, &s)| d > 1 && s == 0)
    }

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
        let old: Vec<(usize, isize)> =
            (0..self.ndim()).filter(|&i| self.shape[i] != 1).map(|i| (self.shape[i], self.strides[i])).collect();
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

/// NumPy's rule for any array, empty or not: the product of the nonzero
/// dimensions times the element size must fit in isize (so `(0, 2**62)`
/// float64 is refused, as NumPy refuses it, even though it holds nothing).
#[inline]
pub fn check_addressable(shape: &[usize], itemsize: usize) -> Result<()> {
    let mut bytes = itemsize;
    for &d in shape.iter().filter(|&&d| d != 0) {
        bytes = match bytes.checked_mul(d) {
            Some(b) if b <= isize::MAX as usize => b,
            _ => {
                return Err(Error::SizeOverflow(format!(
                    "shape {} with {itemsize}-byte elements is too large to address",
                    fmt_shape(shape)
                )))
            }
        };
    }
    Ok(())
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
        let target_str = format!(
            "({})",
            target.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ") + if target.len() == 1 { "," } else { "" }
        );
        Error::InvalidArgument(format!(
            "reshape: cannot reshape tensor of size {numel} (shape {}) into shape {target_str}",
            fmt_shape(from)
        ))
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

/// One entry of a basic (view-producing) index: `t[1, 2:8:2, None, ...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexItem {
    Int(i64),
    Slice { start: Option<i64>, stop: Option<i64>, step: Option<i64> },
    NewAxis,
    Ellipsis,
}

/// Normalize an axis that may be negative.
pub fn normalize_axis(op: &str, axis: i64, ndim: usize) -> Result<usize> {
    let n = ndim as i64;
    if axis < -n || axis >= n {
        return Err(Error::Index(format!("{op}: axis {axis} is out of bounds for a tensor of dimension {ndim}")));
    }
    Ok(if axis < 0 { (axis + n) as usize } else { axis as usize })
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
        if e128 > b128 { (e128 - b128 + s128 - 1) / s128 } else { 0 }
    } else if b128 > e128 {
        (b128 - e128 - s128 - 1) / (-s128)
    } else {
        0
    };
    Ok((b, step, count as usize))
}

impl Layout {
    pub fn from_parts(shape: &[usize], strides: &[isize], offset: usize) -> Layout {
        Layout { shape: Dims::from_slice(shape), strides: Dims::from_slice(strides), offset }
    }

    /// Reorder dimensions: new dim i is old dim axes[i].
    pub fn permuted(&self, axes: &[i64]) -> Result<Layout> {
        let n = self.ndim();
        if axes.len() != n {
            return Err(Error::InvalidArgument(format!(
                "permute_dims: axes {:?} do not match a tensor of dimension {n}",
                axes
            )));
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
            return Err(Error::InvalidArgument(format!(
                "broadcast_to: a tensor can have at most {MAX_NDIM} dimensions, got {}",
                target.len()
            )));
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
        let strides = crate::ops::nditer::broadcast_strides(self.shape(), self.strides(), target);
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

    /// Apply a basic index. Integers drop a dimension, slices restride it,
    /// None inserts a size-1 dimension, one Ellipsis stands for the rest.
    pub fn indexed(&self, items: &[IndexItem]) -> Result<Layout> {
        let ellipses = items.iter().filter(|i| matches!(i, IndexItem::Ellipsis)).count();
        if ellipses > 1 {
            return Err(Error::Index("an index can only have a single ellipsis ('...')".into()));
        }
        let consuming = items.iter().filter(|i| matches!(i, IndexItem::Int(_) | IndexItem::Slice { .. })).count();
        if consuming > self.ndim() {
            return Err(Error::Index(format!(
                "too many indices for tensor: tensor is {}-dimensional, but {consuming} were indexed",
                self.ndim()
            )));
        }
        // The result's dims are gathered on the stack (no allocation: this is
        // the per-call cost of `t[i]`); NumPy's limit of MAX_NDIM applies.
        let (mut shape, mut strides) = ([0usize; MAX_NDIM], [0isize; MAX_NDIM]);
        let mut nd = 0usize;
        let mut push = |d: usize, st: isize| -> Result<()> {
            if nd == MAX_NDIM {
                return Err(Error::Index(format!(
                    "number of dimensions must be within [0, {MAX_NDIM}], indexing result would have more"
                )));
            }
            shape[nd] = d;
            strides[nd] = st;
            nd += 1;
            Ok(())
        };
        let mut offset = self.offset as isize;
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
                        let len = self.shape[dim] as i64;
                        let j = if i < 0 { i + len } else { i };
                        if j < 0 || j >= len {
                            return Err(Error::Index(format!(
                                "index {i} is out of bounds for axis {dim} with size {len}"
                            )));
                        }
                        offset += j as isize * self.strides[dim];
                        dim += 1;
                    }
                    IndexItem::Slice { start, stop, step } => {
                        let (b, s, count) = slice_range(start, stop, step, self.shape[dim])?;
                        if count > 0 {
                            offset += b as isize * self.strides[dim];
                        }
                        // With at most one element the stride is never used
                        // (and a huge step times the stride could overflow).
                        push(count, if count <= 1 { 0 } else { self.strides[dim] * s as isize })?;
                        dim += 1;
                    }
                    IndexItem::Ellipsis => unreachable!("replaced by full slices above"),
                }
            }
        }
        for d in dim..self.ndim() {
            push(self.shape[d], self.strides[d])?;
        }
        Ok(Layout::from_parts(&shape[..nd], &strides[..nd], offset as usize))
    }
}

#[cfg(test)]
mod view_tests {
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
    fn index_and_flip() {
        let l = Layout::contiguous(&[4, 5]).unwrap();
        let v = l.indexed(&[IndexItem::Int(-1), IndexItem::Slice { start: None, stop: None, step: Some(-2) }]).unwrap();
        assert_eq!(v.shape(), &[3]);
        assert_eq!(v.strides(), &[-2]);
        assert_eq!(v.offset(), 19);
        let f = l.flipped(None).unwrap();
        assert_eq!(f.offset(), 19);
        assert!(l.indexed(&[IndexItem::Int(4)]).is_err());
    }
}

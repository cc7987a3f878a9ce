//! Joining, splitting and rearranging: concat, stack, moveaxis, split,
//! repeat, roll, tile. All element movement is the strided copy kernel; Rust
//! only computes where each piece goes.
use super::check_device;
use super::convert::copy_into;
use crate::basic_index::IndexItem;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::promotion::promote;
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// Join tensors along an existing axis (NumPy's concatenate).
pub fn concat(tensors: &[Tensor], axis: i64) -> Result<Tensor> {
    let first = tensors.first().ok_or_else(|| Error::InvalidArgument("concat: need at least one tensor".into()))?;
    if first.ndim() == 0 {
        return Err(Error::InvalidArgument("concat: zero-dimensional tensors cannot be concatenated".into()));
    }
    let ax = normalize_axis("concat", axis, first.ndim())?;
    let mut dtype: DType = first.dtype();
    let mut total = 0usize;
    for t in tensors {
        check_device("concat", t)?;
        let same_rank = t.ndim() == first.ndim();
        let same_other = same_rank && (0..t.ndim()).all(|d| d == ax || t.shape()[d] == first.shape()[d]);
        if !same_other {
            return Err(Error::ShapeMismatch { op: "concat", lhs: first.shape().to_vec(), rhs: t.shape().to_vec() });
        }
        dtype = promote(dtype, t.dtype());
        total = total.checked_add(t.shape()[ax]).ok_or_else(|| Error::SizeOverflow("concat: result too large".into()))?;
    }
    let mut shape = first.shape().to_vec();
    shape[ax] = total;
    let out = Tensor::uninit(&shape, dtype)?;
    let mut start = 0i64;
    for t in tensors {
        let len = t.shape()[ax] as i64;
        let mut items = vec![IndexItem::Slice { start: None, stop: None, step: None }; ax];
        items.push(IndexItem::Slice { start: Some(start), stop: Some(start + len), step: None });
        copy_into(t, &out.index(&items)?)?;
        start += len;
    }
    Ok(out)
}

/// Join tensors along a new axis (all shapes equal).
pub fn stack(tensors: &[Tensor], axis: i64) -> Result<Tensor> {
    let first = tensors.first().ok_or_else(|| Error::InvalidArgument("stack: need at least one tensor".into()))?;
    for t in tensors {
        if t.shape() != first.shape() {
            return Err(Error::ShapeMismatch { op: "stack", lhs: first.shape().to_vec(), rhs: t.shape().to_vec() });
        }
    }
    let ax = normalize_axis("stack", axis, first.ndim() + 1)? as i64;
    let expanded: Vec<Tensor> = tensors.iter().map(|t| t.expand_dims(ax)).collect::<Result<_>>()?;
    concat(&expanded, ax)
}

fn all_slice(n: usize) -> Vec<IndexItem> {
    vec![IndexItem::Slice { start: None, stop: None, step: None }; n]
}

/// Normalize a list of axes for `op`, refusing repeats.
fn normalize_axes(op: &str, axes: &[i64], ndim: usize, what: &str) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let ax = normalize_axis(op, a, ndim)?;
        if out.contains(&ax) {
            return Err(Error::InvalidArgument(format!("{op}: repeated axis in `{what}` argument")));
        }
        out.push(ax);
    }
    Ok(out)
}

/// Move axes `source` to positions `destination`, the others keeping their
/// order (NumPy's moveaxis). A view.
pub fn moveaxis(t: &Tensor, source: &[i64], destination: &[i64]) -> Result<Tensor> {
    check_device("moveaxis", t)?;
    if source.len() != destination.len() {
        return Err(Error::InvalidArgument(format!(
            "moveaxis: `source` and `destination` arguments must have the same number of elements, got {} and {}",
            source.len(),
            destination.len()
        )));
    }
    let src = normalize_axes("moveaxis", source, t.ndim(), "source")?;
    let dst = normalize_axes("moveaxis", destination, t.ndim(), "destination")?;
    let mut order: Vec<i64> = (0..t.ndim()).filter(|i| !src.contains(i)).map(|i| i as i64).collect();
    let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
    pairs.sort();
    for (d, s) in pairs {
        order.insert(d, s as i64);
    }
    t.permute_dims(&order)
}

/// How `split` cuts an axis: N equal sections, or at these indices.
pub enum SplitSpec<'a> {
    Sections(i64),
    Indices(&'a [i64]),
}

/// Split into views along `axis` (NumPy's split; the index form follows
/// Python slicing, as NumPy's array_split: out-of-range indices clamp,
/// decreasing ones give empty pieces).
pub fn split(t: &Tensor, spec: SplitSpec<'_>, axis: i64) -> Result<Vec<Tensor>> {
    check_device("split", t)?;
    if t.ndim() == 0 {
        return Err(Error::InvalidArgument("split: a zero-dimensional tensor cannot be split".into()));
    }
    let ax = normalize_axis("split", axis, t.ndim())?;
    let n = t.shape()[ax] as i64;
    let bounds: Vec<(Option<i64>, Option<i64>)> = match spec {
        SplitSpec::Sections(k) => {
            if k <= 0 {
                return Err(Error::InvalidArgument(format!("split: number of sections must be larger than 0, got {k}")));
            }
            if n % k != 0 {
                return Err(Error::InvalidArgument(format!(
                    "split: array split does not result in an equal division: axis {axis} of size {n} into {k} sections"
                )));
            }
            let step = n / k;
            (0..k).map(|i| (Some(i * step), Some((i + 1) * step))).collect()
        }
        SplitSpec::Indices(idx) => {
            let mut b = Vec::with_capacity(idx.len() + 1);
            let mut prev = None;
            for &i in idx {
                b.push((prev, Some(i)));
                prev = Some(i);
            }
            b.push((prev, None));
            b
        }
    };
    bounds
        .into_iter()
        .map(|(start, stop)| {
            let mut items = all_slice(ax);
            items.push(IndexItem::Slice { start: start.or(Some(0)), stop, step: None });
            t.index(&items)
        })
        .collect()
}

/// How many times `repeat` repeats: every element alike, or per element.
pub enum Repeats<'a> {
    Each(i64),
    PerElement(&'a [i64]),
}

/// Repeat elements along `axis` (None: of the flattened tensor), NumPy's repeat.
pub fn repeat(t: &Tensor, repeats: Repeats<'_>, axis: Option<i64>) -> Result<Tensor> {
    check_device("repeat", t)?;
    let (x, ax) = match axis {
        None => (t.reshape(&[-1])?, 0usize),
        Some(a) => {
            if t.ndim() == 0 {
                return Err(Error::Index(format!("repeat: axis {a} is out of bounds for a tensor of dimension 0")));
            }
            (t.clone(), normalize_axis("repeat", a, t.ndim())?)
        }
    };
    let n = x.shape()[ax];
    match repeats {
        Repeats::PerElement(counts) if counts.len() != 1 => {
            if counts.len() != n {
                return Err(Error::InvalidArgument(format!(
                    "repeat: {} repeat counts cannot be broadcast to axis {ax} of size {n} (shape {})",
                    counts.len(),
                    fmt_shape(x.shape())
                )));
            }
            if let Some(c) = counts.iter().find(|&&c| c < 0) {
                return Err(Error::InvalidArgument(format!("repeat: repeats may not contain negative values, got {c}")));
            }
            let total = counts.iter().try_fold(0usize, |acc, &c| acc.checked_add(c as usize));
            let total = total.ok_or_else(|| {
                Error::SizeOverflow(format!("repeat: the repeat counts of axis {ax} (shape {}) add up to too many elements", fmt_shape(x.shape())))
            })?;
            // The result must be addressable before anything is built for it.
            let mut result_shape = x.shape().to_vec();
            result_shape[ax] = total;
            let named = |e: Error| Error::SizeOverflow(format!("repeat: {e}"));
            crate::shape::check_addressable(&result_shape, x.dtype().itemsize()).map_err(named)?;
            crate::shape::check_addressable(&[total], 8).map_err(named)?;
            // The source index of each output position along the axis.
            let mut idx = Vec::new();
            idx.try_reserve_exact(total * 8).map_err(|_| Error::OutOfMemory { bytes: total * 8 })?;
            for (i, &c) in counts.iter().enumerate() {
                for _ in 0..c {
                    idx.extend_from_slice(&(i as i64).to_ne_bytes());
                }
            }
            let idx = Tensor::from_bytes(&[total], DType::I64, &idx)?;
            crate::ops::indexing::take(&x, &idx, Some(ax as i64))
        }
        other => {
            let r = match other {
                Repeats::Each(r) => r,
                Repeats::PerElement(c) => c[0],
            };
            if r < 0 {
                return Err(Error::InvalidArgument(format!("repeat: repeats may not contain negative values, got {r}")));
            }
            let r = r as usize;
            let new_len = n
                .checked_mul(r)
                .ok_or_else(|| Error::SizeOverflow(format!("repeat: repeating axis {ax} of shape {} {r} times is too large", fmt_shape(x.shape()))))?;
            let expanded = x.expand_dims(ax as i64 + 1)?;
            let mut target = x.shape()[..=ax].to_vec();
            target.push(r);
            target.extend_from_slice(&x.shape()[ax + 1..]);
            let mut new_shape: Vec<i64> = x.shape().iter().map(|&d| d as i64).collect();
            new_shape[ax] = new_len as i64;
            crate::shape::numel_checked(&target)?;
            expanded.broadcast_to(&target)?.contiguous_copy()?.reshape(&new_shape)
        }
    }
}

/// Roll elements along axes (None: the flattened tensor), wrapping around.
/// `shift` and `axis` broadcast against each other (NumPy's roll).
pub fn roll(t: &Tensor, shift: &[i64], axis: Option<&[i64]>) -> Result<Tensor> {
    check_device("roll", t)?;
    let Some(axes) = axis else {
        // NumPy rolls the flattened tensor by every shift (they add up).
        let flat = t.reshape(&[-1])?;
        let shape: Vec<i64> = t.shape().iter().map(|&d| d as i64).collect();
        return roll(&flat, shift, Some(&[0]))?.reshape(&shape);
    };
    if shift.len() != axes.len() && shift.len() != 1 && axes.len() != 1 {
        return Err(Error::InvalidArgument(format!("roll: shift ({} values) and axis ({} values) cannot be broadcast together", shift.len(), axes.len())));
    }
    // An empty shift or axis list broadcasts to no roll at all (NumPy).
    let count = if shift.is_empty() || axes.is_empty() { 0 } else { shift.len().max(axes.len()) };
    // Net shift per axis (repeated axes add up, as NumPy).
    let mut net = vec![0i64; t.ndim()];
    for i in 0..count {
        let a = axes[if axes.len() == 1 { 0 } else { i }];
        let s = shift[if shift.len() == 1 { 0 } else { i }];
        let ax = normalize_axis("roll", a, t.ndim())?;
        let n = t.shape()[ax] as i64;
        if n > 0 {
            net[ax] = (net[ax] + s.rem_euclid(n)) % n;
        }
    }
    let mut out = t.clone();
    for (ax, &k) in net.iter().enumerate() {
        if k == 0 {
            continue;
        }
        let n = t.shape()[ax] as i64;
        let (mut head, mut tail) = (all_slice(ax), all_slice(ax));
        head.push(IndexItem::Slice { start: Some(n - k), stop: None, step: None });
        tail.push(IndexItem::Slice { start: Some(0), stop: Some(n - k), step: None });
        out = concat(&[out.index(&head)?, out.index(&tail)?], ax as i64)?;
    }
    if out.shares_storage_with(t) {
        out = out.contiguous_copy()?;
    }
    Ok(out)
}

/// Repeat the whole tensor `reps` times per dimension (NumPy's tile); reps
/// longer than ndim prepend dimensions.
pub fn tile(t: &Tensor, reps: &[i64]) -> Result<Tensor> {
    check_device("tile", t)?;
    if let Some(r) = reps.iter().find(|&&r| r < 0) {
        return Err(Error::InvalidArgument(format!("tile: reps may not contain negative values, got {r}")));
    }
    let nd = t.ndim().max(reps.len());
    let mut full_reps = vec![1usize; nd - reps.len()];
    full_reps.extend(reps.iter().map(|&r| r as usize));
    let mut shape = vec![1usize; nd - t.ndim()];
    shape.extend_from_slice(t.shape());
    let mut target = Vec::with_capacity(2 * nd);
    let mut interleaved = Vec::with_capacity(2 * nd);
    let mut result = Vec::with_capacity(nd);
    for (&r, &s) in full_reps.iter().zip(&shape) {
        interleaved.extend_from_slice(&[1i64, s as i64]);
        target.extend_from_slice(&[r, s]);
        result.push(
            r.checked_mul(s)
                .ok_or_else(|| Error::SizeOverflow(format!("tile: the result of tiling shape {} by reps {reps:?} is too large", fmt_shape(t.shape()))))?
                as i64,
        );
    }
    crate::shape::numel_checked(&target)?;
    let expanded = t.reshape(&interleaved)?;
    expanded.broadcast_to(&target)?.contiguous_copy()?.reshape(&result)
}

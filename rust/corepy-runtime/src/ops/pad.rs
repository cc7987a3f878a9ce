//! NumPy's pad for the modes constant, edge, reflect, symmetric and wrap.
//! The input is copied into the middle of the result; then, axis after axis,
//! the pad areas are filled with strided copies of regions of the result
//! itself, exactly as NumPy's algorithm does (so pads wider than the axis
//! repeat the reflection or the wrap the same way). All element movement is
//! the strided copy kernel; Rust only computes the regions.
use super::check_device;
use super::convert::{astype, copy_into};
use super::elementwise::{binary, BinaryOp, Operand};
use crate::basic_index::IndexItem;
use crate::dtype::{DType, Kind};
use crate::error::{fmt_shape, Error, Result};
use crate::scalar::Scalar;
use crate::tensor::Tensor;

/// How `pad` fills the new elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadMode {
    Constant,
    Edge,
    Reflect,
    Symmetric,
    Wrap,
}

/// NumPy's modes that corepy does not have yet.
const OTHER_NUMPY_MODES: [&str; 6] = ["empty", "linear_ramp", "maximum", "mean", "median", "minimum"];

impl PadMode {
    const ALL: [PadMode; 5] = [PadMode::Constant, PadMode::Edge, PadMode::Reflect, PadMode::Symmetric, PadMode::Wrap];

    pub fn name(self) -> &'static str {
        match self {
            PadMode::Constant => "constant",
            PadMode::Edge => "edge",
            PadMode::Reflect => "reflect",
            PadMode::Symmetric => "symmetric",
            PadMode::Wrap => "wrap",
        }
    }

    pub fn parse(name: &str) -> Result<PadMode> {
        if let Some(m) = PadMode::ALL.into_iter().find(|m| m.name() == name) {
            return Ok(m);
        }
        let supported = PadMode::ALL.map(|m| m.name()).join(", ");
        Err(Error::InvalidArgument(if OTHER_NUMPY_MODES.contains(&name) {
            format!("pad: mode '{name}' is not supported yet; supported modes: {supported}")
        } else {
            format!("pad: mode '{name}' is not supported; supported modes: {supported}")
        }))
    }
}

/// `x` as (ndim, 2) pairs, NumPy's `_as_pairs`: one element is every pair
/// (before = after), two elements (any shape but (2, 1)) are every axis's
/// (before, after), anything else broadcasts to (ndim, 2). Contiguous.
fn as_pairs(what: &str, x: &Tensor, ndim: usize) -> Result<Tensor> {
    let flat = || x.reshape(&[-1]);
    let pairs = if x.ndim() < 3 && x.numel() == 1 {
        flat()?.broadcast_to(&[ndim, 2])?
    } else if x.ndim() < 3 && x.numel() == 2 && x.shape() != [2, 1] {
        flat()?.broadcast_to(&[ndim, 2])?
    } else {
        x.broadcast_to(&[ndim, 2]).map_err(|_| {
            Error::InvalidArgument(format!(
                "pad: {what} of shape {} cannot be broadcast to ({ndim}, 2), one (before, after) pair per axis",
                fmt_shape(x.shape())
            ))
        })?
    };
    pairs.contiguous_copy()
}

/// The (before, after) widths per axis from an integer tensor.
fn widths(pad_width: &Tensor, ndim: usize) -> Result<Vec<(usize, usize)>> {
    if pad_width.dtype().kind() != Kind::Sint {
        return Err(Error::UnsupportedDType { op: "pad", dtypes: vec![pad_width.dtype().name()], hint: "`pad_width` must be of integral type" });
    }
    let pairs = astype(&as_pairs("pad_width", pad_width, ndim)?, DType::I64)?;
    let values: Vec<i64> = pairs.as_bytes()?.chunks_exact(8).map(|c| i64::from_ne_bytes(c.try_into().expect("8 bytes"))).collect();
    if values.iter().any(|&v| v < 0) {
        return Err(Error::InvalidArgument("pad: index can't contain negative values (pad_width)".into()));
    }
    Ok(values.chunks_exact(2).map(|p| (p[0] as usize, p[1] as usize)).collect())
}

fn full_slice() -> IndexItem {
    IndexItem::Slice { start: None, stop: None, step: None }
}

fn range(start: usize, stop: usize) -> IndexItem {
    IndexItem::Slice { start: Some(start as i64), stop: Some(stop as i64), step: None }
}

/// Elements [lo, hi) of `axis` (all of the axes before it).
fn along(t: &Tensor, axis: usize, lo: usize, hi: usize) -> Result<Tensor> {
    let mut items = vec![full_slice(); axis];
    items.push(range(lo, hi));
    t.index(&items)
}

/// Elements [lo, hi) of `axis` in reverse order.
fn along_reversed(t: &Tensor, axis: usize, lo: usize, hi: usize) -> Result<Tensor> {
    Ok(along(t, axis, lo, hi)?.flip(Some(&[axis as i64]))?)
}

/// Pad `t` by `pad_width` ((before, after) per axis, NumPy's forms) with
/// `mode`; `constant_values` (same forms, any dtype, converted to t's) is
/// used by the constant mode, `odd` (NumPy's reflect_type='odd': the
/// reflection is mirrored about the edge value, 2 * edge - value) by reflect
/// and symmetric.
pub fn pad(t: &Tensor, pad_width: &Tensor, mode: PadMode, constant_values: &Tensor, odd: bool) -> Result<Tensor> {
    check_device("pad", t)?;
    let nd = t.ndim();
    let widths = widths(pad_width, nd)?;
    let mut shape = Vec::with_capacity(nd);
    for (ax, &(b, a)) in widths.iter().enumerate() {
        let n = t.shape()[ax];
        if n == 0 && (b > 0 || a > 0) && mode != PadMode::Constant {
            return Err(Error::InvalidArgument(format!("pad: can't extend empty axis {ax} using modes other than 'constant' (mode '{}')", mode.name())));
        }
        let len = n.checked_add(b).and_then(|v| v.checked_add(a));
        shape.push(len.ok_or_else(|| Error::SizeOverflow(format!("pad: axis {ax} of length {n} padded by ({b}, {a}) is too large")))?);
    }
    let values = match mode {
        PadMode::Constant => Some(astype(&as_pairs("constant_values", constant_values, nd)?, t.dtype())?),
        _ => None,
    };
    let out = Tensor::uninit(&shape, t.dtype())?;
    if out.numel() == 0 {
        return Ok(out);
    }
    let centre: Vec<IndexItem> = widths.iter().zip(t.shape()).map(|(&(b, _), &n)| range(b, b + n)).collect();
    copy_into(t, &out.index(&centre)?)?;
    for (ax, &(before, after)) in widths.iter().enumerate() {
        if before == 0 && after == 0 {
            continue;
        }
        // This axis and the ones before it at their padded extent, the
        // ones after it at their original extent (NumPy's _view_roi).
        let items: Vec<IndexItem> = (0..nd).map(|d| if d <= ax { full_slice() } else { centre[d] }).collect();
        let roi = out.index(&items)?;
        let n = t.shape()[ax];
        let total = roi.shape()[ax];
        match mode {
            PadMode::Constant => {
                let v = values.as_ref().expect("constant mode has values");
                let side = |s: i64| v.index(&[IndexItem::Int(ax as i64), IndexItem::Int(s)]);
                if before > 0 {
                    copy_into(&side(0)?, &along(&roi, ax, 0, before)?)?;
                }
                if after > 0 {
                    copy_into(&side(1)?, &along(&roi, ax, before + n, total)?)?;
                }
            }
            PadMode::Reflect if n == 1 => edge(&roi, ax, before, n, after)?,
            PadMode::Edge => edge(&roi, ax, before, n, after)?,
            PadMode::Reflect | PadMode::Symmetric => {
                let (mut left, mut right) = (before, after);
                while left > 0 || right > 0 {
                    (left, right) = reflect_step(&roi, ax, left, right, n, mode == PadMode::Symmetric, odd)?;
                }
            }
            PadMode::Wrap => {
                let (mut left, mut right) = (before, after);
                while left > 0 || right > 0 {
                    (left, right) = wrap_step(&roi, ax, left, right, n)?;
                }
            }
        }
    }
    Ok(out)
}

/// Both pad areas of `axis` repeat the nearest edge element.
fn edge(roi: &Tensor, ax: usize, before: usize, n: usize, after: usize) -> Result<()> {
    if before > 0 {
        copy_into(&along(roi, ax, before, before + 1)?, &along(roi, ax, 0, before)?)?;
    }
    if after > 0 {
        copy_into(&along(roi, ax, before + n - 1, before + n)?, &along(roi, ax, before + n, before + n + after)?)?;
    }
    Ok(())
}

/// One round of NumPy's `_set_reflect_both`: fill at most one period next
/// to each edge with the mirrored valid area; returns the widths left.
fn reflect_step(roi: &Tensor, ax: usize, mut left: usize, mut right: usize, period: usize, include_edge: bool, odd: bool) -> Result<(usize, usize)> {
    let total = roi.shape()[ax];
    let valid = total - right - left;
    let (chunk_max, edge_offset) = if include_edge { (valid / period * period, 1) } else { ((valid - 1) / (period - 1) * (period - 1), 0) };
    if left > 0 {
        let chunk = chunk_max.min(left);
        // Mirror of [left + 1 - e, left + 1 - e + chunk) onto [left - chunk, left).
        let lo = left + 1 - edge_offset;
        let src = mirrored(along_reversed(roi, ax, lo, lo + chunk)?, odd, || along(roi, ax, left, left + 1))?;
        copy_into(&src, &along(roi, ax, left - chunk, left)?)?;
        left -= chunk;
    }
    if right > 0 {
        let chunk = chunk_max.min(right);
        // Mirror of the `chunk` elements ending at total - right - 1 + e.
        let hi = total - right - 1 + edge_offset;
        let src = mirrored(along_reversed(roi, ax, hi - chunk, hi)?, odd, || along(roi, ax, total - right - 1, total - right))?;
        copy_into(&src, &along(roi, ax, total - right, total - right + chunk)?)?;
        right -= chunk;
    }
    Ok((left, right))
}

/// The reflected chunk, or for the odd reflection `2 * edge - chunk`
/// (computed as NumPy does: in the promotion of the dtype with a Python int).
fn mirrored(chunk: Tensor, odd: bool, edge: impl FnOnce() -> Result<Tensor>) -> Result<Tensor> {
    if !odd {
        return Ok(chunk);
    }
    let twice = binary(BinaryOp::Mul, Operand::Tensor(&edge()?), Operand::Scalar(Scalar::Int(2)))?;
    binary(BinaryOp::Sub, Operand::Tensor(&twice), Operand::Tensor(&chunk))
}

/// One round of NumPy's `_set_wrap_both`: fill at most one whole number of
/// periods next to each edge from the other end of the valid area.
fn wrap_step(roi: &Tensor, ax: usize, left: usize, right: usize, original: usize) -> Result<(usize, usize)> {
    let total = roi.shape()[ax];
    let period = (total - right - left) / original * original;
    let (mut new_left, mut new_right) = (0, 0);
    if left > 0 {
        let end = left + period;
        let src = along(roi, ax, end - period.min(left), end)?;
        let dst = if left > period {
            new_left = left - period;
            along(roi, ax, left - period, left)?
        } else {
            along(roi, ax, 0, left)?
        };
        copy_into(&src, &dst)?;
    }
    if right > 0 {
        let start = total - right - period;
        let src = along(roi, ax, start, start + period.min(right))?;
        let dst = if right > period {
            new_right = right - period;
            along(roi, ax, total - right, total - right + period)?
        } else {
            along(roi, ax, total - right, total)?
        };
        copy_into(&src, &dst)?;
    }
    Ok((new_left, new_right))
}

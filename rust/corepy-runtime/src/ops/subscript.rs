//! `t[key]` and `t[key] = value`. The bridge converts a Python key into an
//! [`Index`] (ints, bools, slices, None, Ellipsis, arrays); this module
//! decides what the key means and runs it:
//! - only ints, slices, None and `...`: a basic index, a view of `t`
//!   (`crate::basic_index`);
//! - one bool array: a boolean mask;
//! - one integer array: `take` along the first axis;
//! - a tuple holding integer arrays (and ints): NumPy's integer-array
//!   indexing with the arrays broadcast together.
//!
//! The gathers and scatters themselves are in `indexing`.
use super::check_device;
use super::convert::copy_into;
use super::creation::full;
use super::elementwise::Operand;
use super::indexing::{self, strip_leading_ones, ArrayIndex};
use crate::basic_index::IndexItem;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::scalar::Scalar;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;

/// One entry of an index, as converted from Python.
#[derive(Debug, Clone)]
pub enum IndexEntry {
    Int(i64),
    /// A Python bool (`t[True]`): not read as an integer, except beside
    /// index arrays, where it counts as 0 or 1 (its `__index__`).
    Bool(bool),
    Slice {
        start: Option<i64>,
        stop: Option<i64>,
        step: Option<i64>,
    },
    NewAxis,
    Ellipsis,
    /// An integer index array or a boolean mask (from a tensor, a list or a
    /// NumPy array).
    Array(Tensor),
}

/// A whole key: one entry (`t[k]`) or a tuple of entries (`t[k0, k1]`).
#[derive(Debug, Clone)]
pub enum Index {
    Single(IndexEntry),
    Tuple(Vec<IndexEntry>),
}

/// What a key asks for, once classified.
enum Plan {
    Basic(Vec<IndexItem>),
    Mask(Tensor),
    Take(Tensor),
    Arrays(Vec<ArrayIndex>),
}

impl Index {
    /// True when the key is a basic index: `t[key]` is then a view, and
    /// `t[key] = v` writes through one (no gather or scatter).
    pub fn is_basic(&self) -> bool {
        match self {
            Index::Single(e) => !matches!(e, IndexEntry::Array(_)),
            Index::Tuple(es) => !es.iter().any(|e| matches!(e, IndexEntry::Array(_))),
        }
    }

    fn plan(&self) -> Result<Plan> {
        match self {
            Index::Single(IndexEntry::Array(a)) if a.dtype() == DType::Bool => Ok(Plan::Mask(a.clone())),
            Index::Single(IndexEntry::Array(a)) => Ok(Plan::Take(a.clone())),
            Index::Single(e) => Ok(Plan::Basic(vec![basic_item(e)?])),
            Index::Tuple(es) if self.is_basic() => es.iter().map(basic_item).collect::<Result<_>>().map(Plan::Basic),
            Index::Tuple(es) => es.iter().map(array_item).collect::<Result<_>>().map(Plan::Arrays),
        }
    }
}

/// An entry of a key without index arrays.
fn basic_item(e: &IndexEntry) -> Result<IndexItem> {
    Ok(match *e {
        IndexEntry::Int(i) => IndexItem::Int(i),
        IndexEntry::Slice { start, stop, step } => IndexItem::Slice { start, stop, step },
        IndexEntry::NewAxis => IndexItem::NewAxis,
        IndexEntry::Ellipsis => IndexItem::Ellipsis,
        IndexEntry::Bool(_) => {
            return Err(Error::Index("a Python bool as an index (t[True], t[..., False]) is not supported yet; index with a boolean mask tensor".into()))
        }
        IndexEntry::Array(_) => return Err(Error::Index("an index array in a basic index".into())),
    })
}

/// An entry of a tuple key that holds index arrays: every entry must be an
/// integer or an integer array.
fn array_item(e: &IndexEntry) -> Result<ArrayIndex> {
    match e {
        IndexEntry::Array(a) if a.dtype() == DType::Bool => Err(Error::Index("boolean masks inside a tuple index are not supported yet; use t[mask]".into())),
        IndexEntry::Array(a) => Ok(ArrayIndex::Array(a.clone())),
        IndexEntry::Int(i) => Ok(ArrayIndex::Int(*i)),
        IndexEntry::Bool(b) => Ok(ArrayIndex::Int(*b as i64)),
        IndexEntry::Slice { .. } | IndexEntry::NewAxis | IndexEntry::Ellipsis => {
            Err(Error::Index("mixing index arrays with slices, None or ... in one index is not supported yet; index in two steps".into()))
        }
    }
}

/// `t[index]`: a view for a basic index, else a new tensor.
pub fn getitem(t: &Tensor, index: &Index) -> Result<Tensor> {
    match index.plan()? {
        Plan::Basic(items) => t.index(&items),
        Plan::Mask(mask) => indexing::masked_select(t, &mask),
        Plan::Take(idx) => indexing::take(t, &idx, Some(0)),
        Plan::Arrays(items) => indexing::array_index(t, &items),
    }
}

/// `t[index] = value`, `value` converted to t's dtype and broadcast to the
/// selection. A number written into a basic selection needs no value tensor.
pub fn setitem(t: &Tensor, index: &Index, value: Operand<'_>) -> Result<()> {
    let plan = index.plan()?;
    let value = match (value, &plan) {
        (Operand::Scalar(s), Plan::Basic(items)) => return set_item_scalar(t, items, s),
        (Operand::Scalar(s), _) => full(&[], t.dtype(), s)?,
        (Operand::Tensor(v), _) => v.clone(),
    };
    match plan {
        Plan::Basic(items) => set_item(t, &items, &value),
        Plan::Mask(mask) => indexing::masked_assign(t, &mask, &value),
        Plan::Take(idx) => indexing::index_assign(t, &idx, &value),
        Plan::Arrays(items) => indexing::array_index_assign(t, &items, &value),
    }
}

/// `t[index] = s` for a number: the checks and conversion of `set_item`
/// with a 0-d value of t's dtype (out-of-range values fail first, as
/// there), but one selected element is written in place without building
/// a value tensor; larger selections take `set_item`.
fn set_item_scalar(t: &Tensor, index: &[IndexItem], s: Scalar) -> Result<()> {
    check_device("setitem", t)?;
    let bytes = s.to_bytes(t.dtype())?;
    let view = t.index(index)?;
    if view.numel() != 1 {
        return set_item(t, index, &full(&[], t.dtype(), s)?);
    }
    t.check_writable("setitem")?;
    let _writing = t.lock_writes();
    // SAFETY: `view` is a validated view of t's live storage holding exactly
    // one element, so its data pointer addresses itemsize writable bytes;
    // `bytes` holds at least itemsize bytes (8); t's write lock is held, so
    // no other writer runs meanwhile, and the two ranges cannot overlap.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), view.data_ptr_mut(), t.dtype().itemsize()) };
    Ok(())
}

/// `t[index] = value`: broadcast `value` to the selected view and write it
/// (converted to t's dtype). A value that shares memory with `t` is copied
/// first so overlapping assignments read the old values.
fn set_item(t: &Tensor, index: &[IndexItem], value: &Tensor) -> Result<()> {
    check_device("setitem", t)?;
    let view = t.index(index)?;
    // NumPy drops a value's extra leading size-1 dimensions here
    // (a[0] = ones((1, 1, 3)) works for a of shape (2, 3)).
    let value_shape = value.shape().to_vec();
    if view.ndim() == 0 && value.ndim() > 0 {
        // One element takes a scalar or a 0-d value only (NumPy 2).
        return Err(Error::InvalidArgument(format!("setitem: setting a single element with a sequence: the value has shape {}", fmt_shape(value.shape()))));
    }
    let value = &strip_leading_ones(value, view.ndim())?;
    let shape = broadcast_shapes("setitem", value.shape(), view.shape())?;
    if shape != view.shape() {
        return Err(Error::InvalidArgument(format!(
            "setitem: could not broadcast a value of shape {} into a selection of shape {}",
            fmt_shape(&value_shape),
            fmt_shape(view.shape())
        )));
    }
    t.check_writable("setitem")?;
    let _writing = t.lock_writes();
    if value.shares_storage_with(t) {
        let detached = value.contiguous_copy()?;
        return copy_into(&detached, &view);
    }
    copy_into(value, &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::creation::{arange, zeros};

    fn t34() -> Tensor {
        arange(Scalar::Int(0), Scalar::Int(12), Scalar::Int(1), Some(DType::I64)).unwrap().reshape(&[3, 4]).unwrap()
    }

    fn ints(v: &[i64]) -> Tensor {
        Tensor::from_bytes(&[v.len()], DType::I64, &v.iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<u8>>()).unwrap()
    }

    #[test]
    fn keys_are_classified_as_numpy_does() {
        let t = t34();
        let basic = Index::Tuple(vec![IndexEntry::Int(1), IndexEntry::Slice { start: None, stop: None, step: Some(2) }]);
        assert!(basic.is_basic());
        let v = getitem(&t, &basic).unwrap();
        assert!(v.shares_storage_with(&t));
        assert_eq!(v.shape(), &[2]);

        let take = Index::Single(IndexEntry::Array(ints(&[2, 0])));
        assert!(!take.is_basic());
        let g = getitem(&t, &take).unwrap();
        assert_eq!(g.shape(), &[2, 4]);
        assert!(!g.shares_storage_with(&t));

        let mask = Index::Single(IndexEntry::Array(zeros(&[3], DType::Bool).unwrap()));
        assert_eq!(getitem(&t, &mask).unwrap().shape(), &[0, 4]);

        // A bool beside index arrays counts as an integer (0 or 1).
        let arrays = Index::Tuple(vec![IndexEntry::Array(ints(&[0, 2])), IndexEntry::Bool(true)]);
        assert_eq!(getitem(&t, &arrays).unwrap().shape(), &[2]);
    }

    #[test]
    fn unsupported_keys_say_why() {
        let t = t34();
        let msg = |i: Index| getitem(&t, &i).unwrap_err().to_string();
        assert!(msg(Index::Single(IndexEntry::Bool(true))).contains("a Python bool as an index"));
        assert!(msg(Index::Tuple(vec![IndexEntry::Array(ints(&[0])), IndexEntry::Ellipsis])).contains("mixing index arrays"));
        let m = zeros(&[3], DType::Bool).unwrap();
        assert!(msg(Index::Tuple(vec![IndexEntry::Array(m), IndexEntry::Int(0)])).contains("boolean masks inside a tuple"));
    }

    #[test]
    fn setitem_writes_through_every_kind_of_key() {
        let t = t34();
        setitem(&t, &Index::Single(IndexEntry::Int(0)), Operand::Scalar(Scalar::Int(-1))).unwrap();
        setitem(&t, &Index::Single(IndexEntry::Array(ints(&[2]))), Operand::Scalar(Scalar::Int(-3))).unwrap();
        let arrays = Index::Tuple(vec![IndexEntry::Array(ints(&[1])), IndexEntry::Int(3)]);
        setitem(&t, &arrays, Operand::Scalar(Scalar::Int(-2))).unwrap();
        let bytes = t.as_bytes().unwrap();
        let v: Vec<i64> = bytes.chunks(8).map(|c| i64::from_ne_bytes(c.try_into().unwrap())).collect();
        assert_eq!(v, vec![-1, -1, -1, -1, 4, 5, 6, -2, -3, -3, -3, -3]);
    }
}

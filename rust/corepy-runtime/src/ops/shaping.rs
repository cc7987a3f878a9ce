//! NumPy's shape helpers, composed of views, `concat`, `split`, `nonzero`
//! and the copy kernel: vstack, hstack, dstack, column_stack, array_split,
//! atleast_1d/2d/3d, ravel/flatten and reshape in C/F/A/K order, swapaxes,
//! argwhere, flatnonzero. Rust only decides where each piece goes.
use super::check_device;
use super::convert::astype;
use super::indexing::nonzero;
use super::manipulate::{concat, split, stack, SplitSpec};
use crate::dtype::DType;
use crate::error::{renamed, Error, Result};
use crate::promotion::{can_cast, promote, Casting};
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

/// `t` viewed with at least `nd` (1, 2 or 3) dimensions, as NumPy's
/// atleast_1d/2d/3d: a 0-d tensor becomes (1,), (1, 1) or (1, 1, 1); a 1-D
/// one (1, n) or (1, n, 1); a 2-D one (m, n, 1).
pub fn atleast(t: &Tensor, nd: usize) -> Result<Tensor> {
    check_device("atleast_nd", t)?;
    let mut out = t.clone();
    match (nd, t.ndim()) {
        (_, k) if k >= nd => {}
        (1, 0) => out = out.expand_dims(0)?,
        (2, 0) => out = out.expand_dims_many(&[0, 1])?,
        (2, 1) => out = out.expand_dims(0)?,
        (3, 0) => out = out.expand_dims_many(&[0, 1, 2])?,
        (3, 1) => out = out.expand_dims_many(&[0, 2])?,
        (3, 2) => out = out.expand_dims(2)?,
        _ => return Err(Error::InvalidArgument(format!("atleast_nd: unsupported dimension count {nd}"))),
    }
    Ok(out)
}

/// Which of NumPy's stacking functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StackKind {
    V,
    H,
    D,
    Column,
}

impl StackKind {
    pub fn name(self) -> &'static str {
        match self {
            StackKind::V => "vstack",
            StackKind::H => "hstack",
            StackKind::D => "dstack",
            StackKind::Column => "column_stack",
        }
    }

    pub fn parse(name: &str) -> Result<StackKind> {
        [StackKind::V, StackKind::H, StackKind::D, StackKind::Column]
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown stacking function '{name}'")))
    }
}

/// The hint of a refused cast under `casting`.
fn casting_hint(casting: Casting) -> &'static str {
    match casting {
        Casting::No => "cannot cast the inputs to the result dtype according to the rule 'no'",
        Casting::Equiv => "cannot cast the inputs to the result dtype according to the rule 'equiv'",
        Casting::Safe => "cannot cast the inputs to the result dtype according to the rule 'safe'",
        Casting::SameKind => "cannot cast the inputs to the result dtype according to the rule 'same_kind'",
        Casting::Unsafe => "",
    }
}

/// vstack (rows: atleast_2d, axis 0), hstack (atleast_1d; axis 0 for 1-D
/// inputs, else 1), dstack (atleast_3d, axis 2) and column_stack (1-D and
/// 0-d inputs become columns, axis 1). Always a new tensor, of `dtype` when
/// given (else the promoted dtype); every input must cast to it under
/// `casting`, as NumPy's concatenate checks.
pub fn stack_kind(kind: StackKind, tensors: &[Tensor], dtype: Option<DType>, casting: Casting) -> Result<Tensor> {
    let name = kind.name();
    if tensors.is_empty() {
        return Err(Error::InvalidArgument(format!("{name}: need at least one array to concatenate")));
    }
    let prepared: Vec<Tensor> = tensors
        .iter()
        .map(|t| match kind {
            StackKind::V => atleast(t, 2),
            StackKind::H => atleast(t, 1),
            StackKind::D => atleast(t, 3),
            StackKind::Column if t.ndim() < 2 => Ok(atleast(t, 2)?.transpose()),
            StackKind::Column => Ok(t.clone()),
        })
        .collect::<Result<_>>()?;
    let axis = match kind {
        StackKind::V => 0,
        StackKind::H if prepared[0].ndim() == 1 => 0,
        StackKind::H | StackKind::Column => 1,
        StackKind::D => 2,
    };
    let target = dtype.unwrap_or_else(|| prepared.iter().map(|t| t.dtype()).reduce(promote).expect("not empty"));
    if let Some(t) = prepared.iter().find(|t| !can_cast(t.dtype(), target, casting)) {
        return Err(Error::UnsupportedDType { op: name, dtypes: vec![t.dtype().name(), target.name()], hint: casting_hint(casting) });
    }
    // Each input converts to the target itself (int64 to int8 wraps; it
    // must not pass through a promoted float first).
    let prepared: Vec<Tensor> = prepared.into_iter().map(|t| if t.dtype() == target { Ok(t) } else { astype(&t, target) }).collect::<Result<_>>()?;
    concat(&prepared, axis).map_err(|e| renamed(e, name))
}

/// NumPy's array_split into `sections` pieces: the first `n % sections`
/// pieces get one element more than the others. Views.
pub fn array_split(t: &Tensor, sections: i64, axis: i64) -> Result<Vec<Tensor>> {
    check_device("array_split", t)?;
    if t.ndim() == 0 {
        return Err(Error::Index(format!("array_split: axis {axis} is out of bounds for a tensor of dimension 0")));
    }
    let ax = normalize_axis("array_split", axis, t.ndim())?;
    if sections <= 0 {
        return Err(Error::InvalidArgument(format!("array_split: number of sections must be larger than 0, got {sections}")));
    }
    let n = t.shape()[ax] as i64;
    let (each, extras) = (n / sections, n % sections);
    let mut bounds = Vec::with_capacity(sections as usize);
    let mut at = 0i64;
    for i in 0..sections - 1 {
        at += each + i64::from(i < extras);
        bounds.push(at);
    }
    split(t, SplitSpec::Indices(&bounds), axis)
}

/// A memory order argument: 'C', 'F', 'A' or 'K'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    C,
    F,
    A,
    K,
}

impl Order {
    pub fn parse(s: &str) -> Result<Order> {
        Ok(match s {
            "C" => Order::C,
            "F" => Order::F,
            "A" => Order::A,
            "K" => Order::K,
            _ => return Err(Error::InvalidArgument(format!("order must be one of 'C', 'F', 'A', or 'K' (got '{s}')"))),
        })
    }
}

/// Fortran-contiguous: the reversed layout is C-contiguous.
fn is_f_contiguous(t: &Tensor) -> bool {
    t.transpose().is_contiguous()
}

/// 'A' reads as 'F' for a Fortran-contiguous tensor that is not also
/// C-contiguous, else as 'C' (NumPy).
fn resolve_a(t: &Tensor, order: Order) -> Order {
    match order {
        Order::A if is_f_contiguous(t) && !t.is_contiguous() => Order::F,
        Order::A => Order::C,
        o => o,
    }
}

/// The axes of `t` by memory order, largest |stride| first, for order='K':
/// NumPy's iterator ordering (an insertion sort from the fastest C axis on,
/// where a zero stride or a size-1 axis compares with nothing, so such axes
/// keep their C position).
fn memory_order(t: &Tensor) -> Vec<i64> {
    let (shape, strides) = (t.shape(), t.strides());
    let stride = |ax: usize| if shape[ax] == 1 { 0 } else { strides[ax].unsigned_abs() };
    // Fastest axis first while sorting; reversed at the end.
    let mut perm: Vec<usize> = (0..t.ndim()).rev().collect();
    for i0 in 1..perm.len() {
        let s0 = stride(perm[i0]);
        let mut pos = i0;
        for i1 in (0..i0).rev() {
            let s1 = stride(perm[i1]);
            if s0 == 0 || s1 == 0 {
                continue; // ambiguous: look further
            }
            if s1 <= s0 {
                break;
            }
            pos = i1;
        }
        let ax = perm.remove(i0);
        perm.insert(pos, ax);
    }
    perm.into_iter().rev().map(|a| a as i64).collect()
}

/// NumPy's ravel: the elements as 1-D in `order`; a view when the layout
/// allows it, else a copy.
pub fn ravel(t: &Tensor, order: Order) -> Result<Tensor> {
    check_device("ravel", t)?;
    match resolve_a(t, order) {
        Order::F => t.transpose().reshape(&[-1]),
        Order::K => t.permute_dims(&memory_order(t))?.reshape(&[-1]),
        _ => t.reshape(&[-1]),
    }
}

/// NumPy's flatten: as `ravel`, but always a copy with its own memory.
pub fn flatten(t: &Tensor, order: Order) -> Result<Tensor> {
    let out = ravel(t, order)?;
    if out.shares_storage_with(t) {
        out.contiguous_copy()
    } else {
        Ok(out)
    }
}

/// NumPy's reshape with an order: 'F' fills (and reads) the first axis
/// fastest; 'A' is 'F' for Fortran-only-contiguous tensors; 'K' is refused.
pub fn reshape_order(t: &Tensor, target: &[i64], order: Order) -> Result<Tensor> {
    check_device("reshape", t)?;
    match resolve_a(t, order) {
        Order::K => Err(Error::InvalidArgument("reshape: order 'K' is not permitted for reshaping".into())),
        Order::F => {
            let reversed: Vec<i64> = target.iter().rev().copied().collect();
            Ok(t.transpose().reshape(&reversed)?.transpose())
        }
        _ => t.reshape(target),
    }
}

/// A view with axes `a1` and `a2` exchanged.
pub fn swapaxes(t: &Tensor, a1: i64, a2: i64) -> Result<Tensor> {
    check_device("swapaxes", t)?;
    let i = normalize_axis("swapaxes", a1, t.ndim())?;
    let j = normalize_axis("swapaxes", a2, t.ndim())?;
    let mut order: Vec<i64> = (0..t.ndim() as i64).collect();
    order.swap(i, j);
    t.permute_dims(&order)
}

/// Coordinates of the nonzero elements as one (count, ndim) int64 tensor
/// (a 0-d input gives (count, 0), as NumPy).
pub fn argwhere(t: &Tensor) -> Result<Tensor> {
    check_device("argwhere", t)?;
    if t.ndim() == 0 {
        let count = nonzero(&t.reshape(&[1])?)?[0].numel();
        return super::creation::zeros(&[count, 0], DType::I64);
    }
    let parts = nonzero(t)?;
    stack(&parts, 1)
}

/// Positions of the nonzero elements of the flattened tensor (int64).
pub fn flatnonzero(t: &Tensor) -> Result<Tensor> {
    check_device("flatnonzero", t)?;
    let mut parts = nonzero(&t.reshape(&[-1])?)?;
    Ok(parts.remove(0))
}

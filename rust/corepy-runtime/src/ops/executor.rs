//! The one elementwise executor. Binary ops, comparisons, unary ops,
//! predicates, `where` and casts all describe their operands (inputs, then
//! the output last) and hand the executor one row function; the executor
//! decides once, before any element is touched, how the loop runs:
//!
//! - **dense**: the output is contiguous and every input is either laid out
//!   exactly like it or a single element (a scalar or a size-1 tensor). One
//!   flat run of `numel` elements, split across threads in 64-element aligned
//!   chunks; no loop plan is built.
//! - **rows**: anything else. `nditer::Plan` broadcasts, drops size-1 and
//!   merges back-to-back dimensions; the rows are split across threads, or,
//!   when the whole operation is a single row, that row is split.
//!
//! The row function receives the operands' addresses and a length; the
//! operands' strides over a row are fixed for the whole loop
//! ([`Elementwise::inner_strides`]), so an op picks its kernel (contiguous
//! or strided) from them once and then calls it for every row. Which amount
//! of work is worth a thread is [`crate::scheduler::Work`]'s business.
use super::nditer::{broadcast_strides, Plan};
use crate::scheduler::{for_each_chunk, SharedPtr, Work};

/// One operand as the executor sees it: its first element's address, its
/// item size and its layout (shape and strides in elements, broadcast to
/// the output's shape by the executor).
#[derive(Clone, Copy)]
pub(crate) struct Operand<'a> {
    pub ptr: SharedPtr,
    pub itemsize: usize,
    pub shape: &'a [usize],
    pub strides: &'a [isize],
}

impl<'a> Operand<'a> {
    /// A tensor operand (read or written through `ptr`).
    pub fn of(t: &'a crate::tensor::Tensor, ptr: *mut u8) -> Operand<'a> {
        Operand { ptr: SharedPtr(ptr), itemsize: t.dtype().itemsize(), shape: t.shape(), strides: t.strides() }
    }
}

enum Shape<const N: usize> {
    /// One flat run of `n` elements; operand k steps by `steps[k]` (1, or 0
    /// for a single element).
    Dense {
        n: usize,
        steps: [isize; N],
    },
    Rows(Plan<N>),
}

/// A planned elementwise loop over N operands, the output last.
pub(crate) struct Elementwise<const N: usize> {
    shape: Shape<N>,
    bases: [SharedPtr; N],
    sizes: [usize; N],
    min_chunk: usize,
}

fn is_single(shape: &[usize]) -> bool {
    shape.iter().all(|&d| d == 1)
}

impl<const N: usize> Elementwise<N> {
    /// Plan the loop for an output of `out_shape`; `ops[N - 1]` is the output.
    /// Inputs must broadcast to `out_shape` (checked by the op beforehand).
    pub fn new(out_shape: &[usize], ops: [Operand<'_>; N], work: Work) -> Elementwise<N> {
        let out = &ops[N - 1];
        let n: usize = out_shape.iter().product();
        let full = |o: &Operand| o.shape == out_shape && crate::layout::is_contiguous(o.shape, o.strides);
        let dense = full(out) && ops[..N - 1].iter().all(|o| full(o) || is_single(o.shape));
        let shape = if dense {
            // A single-element operand of a one-element output is also full:
            // step 0 and 1 read the same element.
            Shape::Dense { n, steps: std::array::from_fn(|k| if is_single(ops[k].shape) && n != 1 { 0 } else { 1 }) }
        } else {
            Shape::Rows(Plan::new(out_shape, std::array::from_fn(|k| broadcast_strides(ops[k].shape, ops[k].strides, out_shape))))
        };
        Elementwise { shape, bases: ops.map(|o| o.ptr), sizes: ops.map(|o| o.itemsize), min_chunk: work.min_chunk() }
    }

    /// The dense loop for operands the caller already knows are contiguous
    /// with `n` elements each (the hot path of `a + b`; no layout checks).
    pub fn contiguous(n: usize, ptrs: [SharedPtr; N], sizes: [usize; N], work: Work) -> Elementwise<N> {
        Elementwise { shape: Shape::Dense { n, steps: [1; N] }, bases: ptrs, sizes, min_chunk: work.min_chunk() }
    }

    /// Each operand's stride (elements) within a row: 1 contiguous, 0 a
    /// repeated element, anything else strided. Fixed for the whole loop.
    pub fn inner_strides(&self) -> [isize; N] {
        match &self.shape {
            Shape::Dense { steps, .. } => *steps,
            Shape::Rows(plan) => plan.inner_strides(),
        }
    }

    /// Run `row(ptrs, len)` over every row: `ptrs[k]` is operand k's first
    /// element of the row, the row's elements follow at `inner_strides()`.
    /// Rows are disjoint in the output and the call returns once all ran.
    pub fn run<F>(&self, row: F)
    where
        F: Fn([*mut u8; N], usize) + Send + Sync,
    {
        let (n, steps) = match &self.shape {
            Shape::Dense { n, steps } => (*n, *steps),
            Shape::Rows(plan) if plan.rows() == 1 => (plan.inner_len(), plan.inner_strides()),
            Shape::Rows(plan) => return plan.for_each_row(self.bases, self.sizes, self.min_chunk, row),
        };
        // One run: split it into aligned chunks.
        let (bases, sizes) = (self.bases, self.sizes);
        for_each_chunk(n, self.min_chunk, 64, |start, len| {
            let ptrs: [*mut u8; N] = std::array::from_fn(|k| bases[k].0.wrapping_offset(start as isize * steps[k] * sizes[k] as isize));
            row(ptrs, len);
        });
    }
}

/// The contiguous-kernel mode of a two-input kernel for inner strides
/// `[a, b, out]`: 0 both inputs contiguous, 1 b repeated, 2 a repeated;
/// None for the strided kernel.
pub(crate) fn binary_mode(strides: [isize; 3]) -> Option<usize> {
    match strides {
        [1, 1, 1] => Some(0),
        [1, 0, 1] => Some(1),
        [0, 1, 1] => Some(2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Run a plan over fake operands (base address 0, item size 1) and return
    /// every element offset each operand's rows touch, sorted.
    fn visited<const N: usize>(out_shape: &[usize], layouts: [(&[usize], &[isize]); N], work: Work) -> ([isize; N], Vec<[isize; N]>) {
        let ops = layouts.map(|(shape, strides)| Operand { ptr: SharedPtr(std::ptr::null_mut()), itemsize: 1, shape, strides });
        let plan = Elementwise::new(out_shape, ops, work);
        let inner = plan.inner_strides();
        let seen = Mutex::new(Vec::new());
        plan.run(|ptrs, len| {
            let mut rows = seen.lock().unwrap();
            for i in 0..len as isize {
                rows.push(std::array::from_fn(|k| ptrs[k] as isize + i * inner[k]));
            }
        });
        let mut v = seen.into_inner().unwrap();
        v.sort_by_key(|e| e[N - 1]);
        (inner, v)
    }

    #[test]
    fn dense_plan_steps_scalars_by_zero_and_covers_every_element_once() {
        let n = 3 * Work::Elementwise.min_chunk() + 5; // large enough to split across threads
        let (inner, v) = visited(&[n], [(&[], &[]), (&[n], &[1]), (&[n], &[1])], Work::Elementwise);
        assert_eq!(inner, [0, 1, 1]);
        assert_eq!(v.len(), n);
        for (i, e) in v.iter().enumerate() {
            assert_eq!(*e, [0, i as isize, i as isize]);
        }
    }

    #[test]
    fn one_strided_row_is_split_and_covered_once() {
        // A stride-2 input into a contiguous output: one row after merging.
        let n = 2 * Work::Elementwise.min_chunk() + 77;
        let (inner, v) = visited(&[n], [(&[n], &[2]), (&[n], &[1])], Work::Elementwise);
        assert_eq!(inner, [2, 1]);
        assert_eq!(v.len(), n);
        for (i, e) in v.iter().enumerate() {
            assert_eq!(*e, [2 * i as isize, i as isize]);
        }
    }

    #[test]
    fn broadcast_rows_repeat_the_broadcast_operand() {
        // (3, 1) + (4,) -> (3, 4): each row reads one element of a, all of b.
        let (inner, v) = visited(&[3, 4], [(&[3, 1], &[1, 1]), (&[4], &[1]), (&[3, 4], &[4, 1])], Work::Elementwise);
        assert_eq!(inner, [0, 1, 1]);
        let want: Vec<[isize; 3]> = (0..12).map(|i| [i / 4, i % 4, i]).collect();
        assert_eq!(v, want);
        // A transposed output is not dense: rows follow its strides.
        let (_, v) = visited(&[2, 3], [(&[2, 3], &[3, 1]), (&[2, 3], &[1, 2])], Work::Elementwise);
        let mut got: Vec<[isize; 2]> = v;
        got.sort();
        assert_eq!(got, vec![[0, 0], [1, 2], [2, 4], [3, 1], [4, 3], [5, 5]]);
    }
}

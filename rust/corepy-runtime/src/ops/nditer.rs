//! N-dimensional iteration for elementwise work over strided, broadcast
//! operands.
//!
//! Rust plans the loop once per op: it broadcasts the operand shapes, gives a
//! broadcast dimension stride 0, drops size-1 dimensions and merges dimensions
//! that are laid out back to back in every operand. What remains is an outer
//! index space of rows and one inner run per row; each row is one C++ kernel
//! call, and the kernel for the inner strides (contiguous, broadcast scalar or
//! general strided) is chosen before the first row. Rows are split across
//! threads in contiguous blocks.
use crate::scheduler::{for_each_chunk, SharedPtr};

/// Broadcasting is shape arithmetic (crate::shape); re-exported here for the
/// ops that plan their loops with it.
pub use crate::shape::{broadcast_shapes, broadcast_strides};

/// A planned loop: `shape` of the coalesced index space and each operand's
/// strides (elements) over it. Always at least one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<const N: usize> {
    pub shape: Vec<usize>,
    pub strides: [Vec<isize>; N],
}

impl<const N: usize> Plan<N> {
    pub fn new(shape: &[usize], strides: [Vec<isize>; N]) -> Plan<N> {
        // Drop size-1 dimensions (their stride never matters).
        let keep: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] != 1).collect();
        let mut dims: Vec<usize> = keep.iter().map(|&i| shape[i]).collect();
        let mut st: [Vec<isize>; N] = std::array::from_fn(|k| keep.iter().map(|&i| strides[k][i]).collect());
        // Merge dimension i into i+1 when every operand steps over it as one run.
        let mut i = dims.len();
        while i >= 2 {
            i -= 1;
            let mergeable = (0..N).all(|k| st[k][i - 1] == st[k][i] * dims[i] as isize);
            if mergeable {
                dims[i - 1] *= dims[i];
                dims.remove(i);
                for s in st.iter_mut() {
                    s[i - 1] = s[i];
                    s.remove(i);
                }
            }
        }
        if dims.is_empty() {
            dims.push(1);
            for s in st.iter_mut() {
                s.push(0);
            }
        }
        Plan { shape: dims, strides: st }
    }

    pub fn inner_len(&self) -> usize {
        *self.shape.last().expect("a plan has at least one dimension")
    }

    pub fn inner_strides(&self) -> [isize; N] {
        std::array::from_fn(|k| *self.strides[k].last().expect("non-empty"))
    }

    pub fn rows(&self) -> usize {
        self.shape[..self.shape.len() - 1].iter().product()
    }

    /// Call `row(ptrs, len)` for every inner run; `bases` are the operands'
    /// first-element addresses and `sizes` their item sizes. `min_elems` is the
    /// parallel threshold in elements.
    pub fn for_each_row<F>(&self, bases: [SharedPtr; N], sizes: [usize; N], min_elems: usize, row: F)
    where
        F: Fn([*mut u8; N], usize) + Send + Sync,
    {
        let inner = self.inner_len();
        let rows = self.rows();
        if inner == 0 || rows == 0 {
            return;
        }
        let outer = &self.shape[..self.shape.len() - 1];
        let min_rows = min_elems.div_ceil(inner).max(1);
        for_each_chunk(rows, min_rows, 1, |first, count| {
            // Unravel the first row index, then step like an odometer.
            let mut idx = vec![0usize; outer.len()];
            let mut rem = first;
            for d in (0..outer.len()).rev() {
                idx[d] = rem % outer[d];
                rem /= outer[d];
            }
            let mut offs: [isize; N] =
                std::array::from_fn(|k| idx.iter().enumerate().map(|(d, &i)| i as isize * self.strides[k][d]).sum::<isize>() * sizes[k] as isize);
            for _ in 0..count {
                let ptrs: [*mut u8; N] = std::array::from_fn(|k| bases[k].0.wrapping_offset(offs[k]));
                row(ptrs, inner);
                for d in (0..outer.len()).rev() {
                    idx[d] += 1;
                    for k in 0..N {
                        offs[k] += self.strides[k][d] * sizes[k] as isize;
                    }
                    if idx[d] < outer[d] {
                        break;
                    }
                    for k in 0..N {
                        offs[k] -= self.strides[k][d] * outer[d] as isize * sizes[k] as isize;
                    }
                    idx[d] = 0;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_merge_contiguous_dims() {
        let c = crate::layout::Layout::contiguous_unchecked(&[2, 3, 4]).strides().to_vec();
        let p = Plan::new(&[2, 3, 4], [c.clone(), c]);
        assert_eq!(p.shape, vec![24]);
        // A transposed operand stops the merge.
        let p = Plan::new(&[3, 4], [vec![1, 3], vec![4, 1]]);
        assert_eq!(p.shape, vec![3, 4]);
        let p = Plan::new(&[], [vec![], vec![]]);
        assert_eq!(p.shape, vec![1]);
    }

    #[test]
    fn rows_visit_every_offset_once() {
        let shape = [3usize, 5, 2];
        let p = Plan::new(&shape, [vec![1, 3, 15]]); // fully transposed: no merge
        let seen = std::sync::Mutex::new(vec![0u8; 30]);
        let base = SharedPtr(std::ptr::null_mut::<u8>().wrapping_add(1 << 20));
        p.for_each_row([base], [1], 1, |ptrs, len| {
            let start = ptrs[0] as usize - (1 << 20);
            let s = p.inner_strides()[0] as usize;
            let mut g = seen.lock().unwrap();
            for i in 0..len {
                g[start + i * s] += 1;
            }
        });
        assert!(seen.lock().unwrap().iter().all(|&c| c == 1));
    }
}

//! `Dims`: a shape or stride list stored inline for up to INLINE dimensions
//! (almost every tensor), on the heap beyond. Creating a tensor then costs no
//! allocation for its metadata, which matters for the per-op overhead on
//! small tensors.
use std::ops::Deref;

const INLINE: usize = 6;

#[derive(Clone, PartialEq, Eq)]
pub enum Dims<T: Copy + Default> {
    Inline { len: u8, buf: [T; INLINE] },
    Heap(Vec<T>),
}

impl<T: Copy + Default> Dims<T> {
    pub fn from_slice(s: &[T]) -> Self {
        if s.len() <= INLINE {
            let mut buf = [T::default(); INLINE];
            buf[..s.len()].copy_from_slice(s);
            Dims::Inline { len: s.len() as u8, buf }
        } else {
            Dims::Heap(s.to_vec())
        }
    }

    /// `n` copies of `value`.
    pub fn filled(n: usize, value: T) -> Self {
        if n <= INLINE {
            Dims::Inline { len: n as u8, buf: [value; INLINE] }
        } else {
            Dims::Heap(vec![value; n])
        }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Dims::Inline { len, buf } => &mut buf[..*len as usize],
            Dims::Heap(v) => v.as_mut_slice(),
        }
    }
}

impl<T: Copy + Default> Deref for Dims<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Dims::Inline { len, buf } => &buf[..*len as usize],
            Dims::Heap(v) => v.as_slice(),
        }
    }
}

/// `a == b` for short shape/stride lists, as an inline loop: slice equality
/// calls `memcmp`, which costs more than the compare itself for a few
/// dimensions (per-op overhead on small tensors).
#[inline]
pub fn same_dims<T: Copy + PartialEq>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl<T: Copy + Default + std::fmt::Debug> std::fmt::Debug for Dims<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.deref().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_dims_is_slice_equality() {
        let cases: [&[usize]; 5] = [&[], &[3], &[3, 4], &[4, 3], &[3, 4, 5]];
        for a in cases {
            for b in cases {
                assert_eq!(same_dims(a, b), a == b);
            }
        }
    }

    #[test]
    fn inline_and_heap_agree() {
        for n in 0..10usize {
            let v: Vec<usize> = (0..n).collect();
            let d = Dims::from_slice(&v);
            assert_eq!(&*d, v.as_slice());
            assert_eq!(matches!(d, Dims::Inline { .. }), n <= INLINE);
            let mut f = Dims::filled(n, 7isize);
            assert_eq!(f.len(), n);
            if n > 0 {
                f.as_mut_slice()[n - 1] = 1;
                assert_eq!(f[n - 1], 1);
            }
        }
    }
}

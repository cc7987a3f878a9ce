//! Products built on the matmul machinery: vecdot (a batched 1 x n by n x 1
//! product over the broadcast batch dimensions, one pass, no a*b temporary),
//! tensordot (permute + reshape + one matmul) and NumPy's dot. Each validates
//! its operands once, in the user's terms, before any inner call.
use super::check_device;
use crate::error::{fmt_shape, Error, Result};
use crate::ops::elementwise::{binary, BinaryOp, Operand};
use crate::ops::matmul::matmul;
use crate::shape::normalize_axis;
use crate::tensor::Tensor;

fn check_pair(op: &'static str, a: &Tensor, b: &Tensor) -> Result<()> {
    check_device(op, a)?;
    check_device(op, b)
}

/// Sum of products along `axis` of both operands, the other dimensions
/// broadcasting (NumPy's / the array API's vecdot), in the common dtype.
pub fn vecdot(a: &Tensor, b: &Tensor, axis: i64) -> Result<Tensor> {
    check_pair("vecdot", a, b)?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return Err(Error::InvalidArgument(format!(
            "vecdot: operands must have at least one dimension, got shapes {} and {}",
            fmt_shape(a.shape()),
            fmt_shape(b.shape())
        )));
    }
    let axa = normalize_axis("vecdot", axis, a.ndim())?;
    let axb = normalize_axis("vecdot", axis, b.ndim())?;
    if a.shape()[axa] != b.shape()[axb] {
        return Err(Error::InvalidArgument(format!(
            "vecdot: shapes {} and {} have different sizes along axis {axis}: {} != {}",
            fmt_shape(a.shape()),
            fmt_shape(b.shape()),
            a.shape()[axa],
            b.shape()[axb]
        )));
    }
    let rest = |t: &Tensor, ax: usize| -> Vec<usize> { t.shape().iter().enumerate().filter(|&(d, _)| d != ax).map(|(_, &s)| s).collect() };
    let (ra, rb) = (rest(a, axa), rest(b, axb));
    crate::ops::nditer::broadcast_shapes("vecdot", &ra, &rb).map_err(|_| {
        Error::InvalidArgument(format!("vecdot: shapes {} and {} do not broadcast outside axis {axis}", fmt_shape(a.shape()), fmt_shape(b.shape())))
    })?;
    let n = a.shape()[axa] as i64;
    let moved_a = crate::ops::manipulate::moveaxis(a, &[axa as i64], &[-1])?;
    let moved_b = crate::ops::manipulate::moveaxis(b, &[axb as i64], &[-1])?;
    // One operand a single vector: one 2-D product (M x n) @ (n,) for all the
    // other's vectors, instead of a batch of 1 x 1 products.
    if ra.is_empty() || rb.is_empty() {
        let (many, one, rest) = if rb.is_empty() { (&moved_a, &moved_b, &ra) } else { (&moved_b, &moved_a, &rb) };
        let m: usize = rest.iter().product();
        let rows = many.reshape(&[m as i64, n])?;
        let shape: Vec<i64> = rest.iter().map(|&d| d as i64).collect();
        // (x . v) == (v . x) for every dtype here (no complex conjugation).
        return matmul(&rows, one)?.reshape(&shape);
    }
    let va = moved_a.expand_dims(-2)?;
    let vb = moved_b.expand_dims(-1)?;
    matmul(&va, &vb)?.squeeze(Some(&[-2, -1]))
}

/// Which axes tensordot contracts.
pub enum TensordotAxes<'a> {
    /// The last n of a with the first n of b.
    Count(i64),
    /// These axes of a with these of b, pairwise.
    Pairs(&'a [i64], &'a [i64]),
}

/// Sum of products over the given axes (NumPy's tensordot): the result has
/// a's free dimensions then b's.
pub fn tensordot(a: &Tensor, b: &Tensor, axes: TensordotAxes<'_>) -> Result<Tensor> {
    check_pair("tensordot", a, b)?;
    let (sa, sb) = (fmt_shape(a.shape()), fmt_shape(b.shape()));
    let (axes_a, axes_b): (Vec<i64>, Vec<i64>) = match axes {
        TensordotAxes::Count(n) => {
            if n < 0 {
                return Err(Error::InvalidArgument(format!("tensordot: axes must be non-negative, got {n}")));
            }
            let n = n as usize;
            if n > a.ndim() || n > b.ndim() {
                return Err(Error::InvalidArgument(format!("tensordot: cannot contract {n} axes of shapes {sa} and {sb}")));
            }
            (((a.ndim() - n)..a.ndim()).map(|d| d as i64).collect(), (0..n).map(|d| d as i64).collect())
        }
        TensordotAxes::Pairs(x, y) => (x.to_vec(), y.to_vec()),
    };
    if axes_a.len() != axes_b.len() {
        return Err(Error::InvalidArgument(format!(
            "tensordot: axes lists have different lengths ({} and {}) for shapes {sa} and {sb}",
            axes_a.len(),
            axes_b.len()
        )));
    }
    let norm = |axes: &[i64], t: &Tensor| -> Result<Vec<usize>> {
        let mut out: Vec<usize> = Vec::new();
        for &ax in axes {
            let d = normalize_axis("tensordot", ax, t.ndim())?;
            if out.contains(&d) {
                return Err(Error::InvalidArgument(format!("tensordot: repeated axis {ax} for shape {}", fmt_shape(t.shape()))));
            }
            out.push(d);
        }
        Ok(out)
    };
    let (ca, cb) = (norm(&axes_a, a)?, norm(&axes_b, b)?);
    for (&x, &y) in ca.iter().zip(&cb) {
        if a.shape()[x] != b.shape()[y] {
            return Err(Error::InvalidArgument(format!(
                "tensordot: shape mismatch for sum: axis {x} of {sa} has size {} but axis {y} of {sb} has size {}",
                a.shape()[x],
                b.shape()[y]
            )));
        }
    }
    let free_a: Vec<usize> = (0..a.ndim()).filter(|d| !ca.contains(d)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|d| !cb.contains(d)).collect();
    let m: usize = free_a.iter().map(|&d| a.shape()[d]).product();
    let n: usize = free_b.iter().map(|&d| b.shape()[d]).product();
    let k: usize = ca.iter().map(|&d| a.shape()[d]).product();
    let perm_a: Vec<i64> = free_a.iter().chain(&ca).map(|&d| d as i64).collect();
    let perm_b: Vec<i64> = cb.iter().chain(&free_b).map(|&d| d as i64).collect();
    let ma = a.permute_dims(&perm_a)?.reshape(&[m as i64, k as i64])?;
    let mb = b.permute_dims(&perm_b)?.reshape(&[k as i64, n as i64])?;
    let shape: Vec<i64> = free_a.iter().map(|&d| a.shape()[d] as i64).chain(free_b.iter().map(|&d| b.shape()[d] as i64)).collect();
    matmul(&ma, &mb)?.reshape(&shape)
}

/// NumPy's dot: 0-d operands multiply, 1-D x 1-D is the inner product, 2-D
/// is the matrix product, and N-D sums over a's last axis and b's
/// second-to-last (result a.shape[:-1] + b.shape[:-2] + b.shape[-1:]).
pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    check_pair("dot", a, b)?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return binary(BinaryOp::Mul, Operand::Tensor(a), Operand::Tensor(b));
    }
    let ka = a.shape()[a.ndim() - 1];
    let kb_dim = if b.ndim() == 1 { 0 } else { b.ndim() - 2 };
    let kb = b.shape()[kb_dim];
    if ka != kb {
        return Err(Error::InvalidArgument(format!(
            "dot: shapes {} and {} not aligned: {ka} (dim {}) != {kb} (dim {kb_dim})",
            fmt_shape(a.shape()),
            fmt_shape(b.shape()),
            a.ndim() - 1
        )));
    }
    if b.ndim() <= 2 {
        return matmul(a, b);
    }
    tensordot(a, b, TensordotAxes::Pairs(&[a.ndim() as i64 - 1], &[kb_dim as i64]))
}

/// Outer product of the flattened operands (NumPy's outer).
pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    check_pair("outer", a, b)?;
    let (ca, rb) = (a.reshape(&[-1, 1])?, b.reshape(&[1, -1])?);
    binary(BinaryOp::Mul, Operand::Tensor(&ca), Operand::Tensor(&rb))
}

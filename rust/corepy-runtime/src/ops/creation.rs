//! Tensor creation: full/zeros/ones, arange, linspace, eye, and seeded
//! uniform/normal random tensors. All fills run in C++ kernels; Rust splits
//! large outputs across threads.
use std::ffi::c_void;

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels;
use crate::scalar::Scalar;
use crate::scheduler::{for_each_chunk, SharedPtr, Work};
use crate::tensor::Tensor;

/// A tensor whose every element is `value` (converted to `dtype`).
pub fn full(shape: &[usize], dtype: DType, value: Scalar) -> Result<Tensor> {
    let bytes = value.to_bytes(dtype)?;
    let out = Tensor::uninit(shape, dtype)?;
    fill_range(&out, &bytes, 0, out.numel());
    Ok(out)
}

pub fn zeros(shape: &[usize], dtype: DType) -> Result<Tensor> {
    full(shape, dtype, Scalar::Int(0))
}

pub fn ones(shape: &[usize], dtype: DType) -> Result<Tensor> {
    full(shape, dtype, Scalar::Int(1))
}

/// Uninitialized contents, as NumPy's `empty` (the memory may hold old values).
pub fn empty(shape: &[usize], dtype: DType) -> Result<Tensor> {
    Tensor::uninit(shape, dtype)
}

fn fill_range(out: &Tensor, value: &[u8; 8], start: usize, n: usize) {
    let dtype = out.dtype();
    let kernel = kernels::current().fill[dtype.index()].expect("fill exists for every dtype");
    let size = dtype.itemsize();
    let dst = SharedPtr(out.data_ptr_mut());
    let value = SharedPtr(value.as_ptr() as *mut u8);
    for_each_chunk(n, Work::Elementwise.min_chunk(), 64, |s, len| {
        // SAFETY: [start+s, start+s+len) is inside `out`; `value` holds one
        // element of dtype and outlives the (joined) parallel region.
        unsafe { kernel(dst.at((start + s) * size) as *mut c_void, value.at(0) as *const c_void, len) }
    });
}

/// NumPy's arange: values start, start+step, ... below stop (above, for a
/// negative step). `dtype` None infers int64 for int arguments, else float64.
pub fn arange(start: Scalar, stop: Scalar, step: Scalar, dtype: Option<DType>) -> Result<Tensor> {
    let all_int = [start, stop, step].iter().all(|s| !matches!(s, Scalar::Float(_)));
    let dtype = dtype.unwrap_or(if all_int { DType::DEFAULT_INT } else { DType::DEFAULT_FLOAT });
    let count = if all_int {
        let (a, b, s) = (int_of(start), int_of(stop), int_of(step));
        if s == 0 {
            return Err(Error::InvalidArgument("arange: step must not be zero".into()));
        }
        // ceil((b - a) / s) in i128, so no overflow.
        let span = b as i128 - a as i128;
        let s = s as i128;
        let q = span / s + if span % s != 0 && ((span > 0) == (s > 0)) { 1 } else { 0 };
        q.max(0) as u128
    } else {
        let (a, b, s) = (start.as_f64(), stop.as_f64(), step.as_f64());
        if s == 0.0 {
            return Err(Error::InvalidArgument("arange: step must not be zero".into()));
        }
        if !(a.is_finite() && b.is_finite() && s.is_finite()) {
            return Err(Error::InvalidArgument("arange: start, stop and step must be finite".into()));
        }
        let c = ((b - a) / s).ceil();
        if c > 0.0 {
            c as u128
        } else {
            0
        }
    };
    let n = usize::try_from(count)
        .ok()
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| Error::SizeOverflow(format!("arange: {count} elements are too many")))?;
    if dtype == DType::Bool {
        if n > 2 {
            return Err(Error::InvalidArgument("arange: a bool range can have at most 2 elements".into()));
        }
        let out = Tensor::uninit(&[n], DType::Bool)?;
        for i in 0..n {
            // At most two elements: start, start+step, each as bool.
            let v = Scalar::Float(start.as_f64() + i as f64 * step.as_f64());
            fill_range(&out, &v.to_bytes(DType::Bool)?, i, 1);
        }
        return Ok(out);
    }
    let kernel = kernels::current().arange[dtype.index()].expect("arange exists for numeric dtypes");
    let (sb, tb) = (start.to_bytes(dtype)?, step.to_bytes(dtype)?);
    let out = Tensor::uninit(&[n], dtype)?;
    let size = dtype.itemsize();
    let dst = SharedPtr(out.data_ptr_mut());
    let (sp, tp) = (SharedPtr(sb.as_ptr() as *mut u8), SharedPtr(tb.as_ptr() as *mut u8));
    for_each_chunk(n, Work::Elementwise.min_chunk(), 64, |s, len| {
        // SAFETY: range inside `out`; start/step hold one dtype element each.
        unsafe { kernel(dst.at(s * size) as *mut c_void, sp.at(0) as *const c_void, tp.at(0) as *const c_void, s, len) }
    });
    Ok(out)
}

fn int_of(s: Scalar) -> i64 {
    match s {
        Scalar::Bool(b) => b as i64,
        Scalar::Int(i) => i,
        Scalar::Float(x) => x as i64,
    }
}

/// `num` evenly spaced values from start to stop (inclusive when `endpoint`).
pub fn linspace(start: f64, stop: f64, num: usize, endpoint: bool, dtype: DType) -> Result<Tensor> {
    let work = if dtype.is_float() { dtype } else { DType::DEFAULT_FLOAT };
    let kernel = kernels::current().linspace[work.index()].expect("linspace exists for float dtypes");
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let step = if div > 0 { (stop - start) / div as f64 } else { 0.0 };
    let out = Tensor::uninit(&[num], work)?;
    let size = work.itemsize();
    let dst = SharedPtr(out.data_ptr_mut());
    for_each_chunk(num, Work::Elementwise.min_chunk(), 64, |s, len| {
        // SAFETY: range inside `out`.
        unsafe { kernel(dst.at(s * size) as *mut c_void, start, step, s, len) }
    });
    if endpoint && num > 1 {
        // NumPy sets the last element to stop exactly.
        fill_range(&out, &Scalar::Float(stop).to_bytes(work)?, num - 1, 1);
    }
    if work != dtype {
        return super::convert::astype(&out, dtype);
    }
    Ok(out)
}

/// Identity-like matrix: ones on the k-th diagonal of an n x m matrix.
pub fn eye(n: usize, m: usize, k: i64, dtype: DType) -> Result<Tensor> {
    let out = zeros(&[n, m], dtype)?;
    // Diagonal k starts at (max(0,-k), max(0,k)).
    let (r0, c0) = if k >= 0 { (0u64, k as u64) } else { (k.unsigned_abs(), 0u64) };
    let (r0, c0) = (usize::try_from(r0).unwrap_or(usize::MAX), usize::try_from(c0).unwrap_or(usize::MAX));
    if r0 < n && c0 < m {
        let len = (n - r0).min(m - c0);
        let kernel = kernels::current().fill_strided[dtype.index()].expect("fill_strided exists for every dtype");
        let one = Scalar::Int(1).to_bytes(dtype)?;
        let size = dtype.itemsize();
        // SAFETY: the len elements at (r0+i, c0+i) are inside the n x m
        // buffer: the last one is at (r0+len-1)*m + c0+len-1 < n*m.
        unsafe { kernel(out.data_ptr_mut().add((r0 * m + c0) * size) as *mut c_void, (m + 1) as isize, one.as_ptr() as *const c_void, len) };
    }
    Ok(out)
}

/// Which random distribution to draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distribution {
    Uniform,
    Normal,
}

/// A tensor of random values from a counter-based stream: the same seed gives
/// the same values for any thread count and any selected ISA.
pub fn random(shape: &[usize], dtype: DType, dist: Distribution, seed: u64) -> Result<Tensor> {
    if !dtype.is_float() {
        return Err(Error::UnsupportedDType {
            op: if dist == Distribution::Uniform { "rand" } else { "randn" },
            dtypes: vec![dtype.name()],
            hint: "random tensors are float32 or float64",
        });
    }
    let table = kernels::current();
    let kernel = match dist {
        Distribution::Uniform => table.uniform[dtype.index()],
        Distribution::Normal => table.normal[dtype.index()],
    }
    .expect("random kernels exist for float dtypes");
    let out = Tensor::uninit(shape, dtype)?;
    let size = dtype.itemsize();
    let dst = SharedPtr(out.data_ptr_mut());
    for_each_chunk(out.numel(), Work::Random.min_chunk(), 64, |s, len| {
        // SAFETY: range inside `out`.
        unsafe { kernel(dst.at(s * size) as *mut c_void, seed, s as u64, len) }
    });
    Ok(out)
}

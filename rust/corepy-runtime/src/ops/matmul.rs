//! 2-D matrix product. Float dtypes use the BLIS-style packed GEMM: Rust runs
//! the three outer loops (jc over NC-column blocks, pc over KC-deep slices, ic
//! over MC-row blocks), sizes the blocks from the detected caches, takes the
//! packing buffers from the arena and splits the ic blocks across threads;
//! C++ packs and runs the register-blocked macro/micro kernels. Integer and
//! bool dtypes use a plain kernel split by rows.
use std::ffi::c_void;

use super::check_device;
use super::convert::to_dtype;
use crate::cpu_features::cpu_features;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::{self, table::GemmKernels};
use crate::promotion::promote;
use crate::scalar::Scalar;
use crate::scheduler::{
    for_each_chunk, for_each_task, num_threads, SharedPtr, BATCHED_MATMUL_MIN_MACS, GEMM_PARALLEL_MIN_MACS, GEMV_PARALLEL_MIN_MACS, NAIVE_MATMUL_MIN_MACS,
};
use crate::tensor::Tensor;

/// Multiply-adds of `a @ b` (about; batch broadcasting of `b` ignored):
/// the bindings keep the GIL for small products, where releasing it costs
/// more than the product.
pub fn work_estimate(a: &Tensor, b: &Tensor) -> usize {
    a.numel().saturating_mul(b.shape().last().copied().unwrap_or(1)).max(b.numel())
}

/// NumPy's matmul: 2-D x 2-D; a 1-D operand is a row (left) or column
/// (right) vector whose dimension is dropped from the result; N-D operands are
/// stacks of matrices whose batch dimensions broadcast.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    check_device("matmul", a)?;
    check_device("matmul", b)?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return Err(Error::InvalidArgument(format!(
            "matmul: operands must have at least one dimension, got shapes {} and {}",
            crate::error::fmt_shape(a.shape()),
            crate::error::fmt_shape(b.shape())
        )));
    }
    let a2 = if a.ndim() == 1 { a.expand_dims(0)? } else { a.clone() };
    let b2 = if b.ndim() == 1 { b.expand_dims(-1)? } else { b.clone() };
    let (m, k) = (a2.shape()[a2.ndim() - 2], a2.shape()[a2.ndim() - 1]);
    let (k2, n) = (b2.shape()[b2.ndim() - 2], b2.shape()[b2.ndim() - 1]);
    if k != k2 {
        return Err(Error::MatmulMismatch { lhs: a.shape().to_vec(), rhs: b.shape().to_vec() });
    }
    let dtype = promote(a.dtype(), b.dtype());
    let (a2, b2) = (to_dtype(&a2, dtype)?, to_dtype(&b2, dtype)?);
    let batch_a = &a2.shape()[..a2.ndim() - 2];
    let batch_b = &b2.shape()[..b2.ndim() - 2];
    let batch = super::nditer::broadcast_shapes("matmul", batch_a, batch_b)?;
    let mut out_shape = batch.clone();
    out_shape.extend_from_slice(&[m, n]);
    let out = Tensor::uninit(&out_shape, dtype)?;
    let count: usize = batch.iter().product();
    let mut full_a = batch.clone();
    full_a.extend_from_slice(&[m, k]);
    let mut full_b = batch.clone();
    full_b.extend_from_slice(&[k, n]);
    let (va, vb) = (a2.broadcast_to(&full_a)?, b2.broadcast_to(&full_b)?);
    // A plain 2-D product needs no per-matrix views; a batch of small float
    // products runs as one loop over the batch.
    let count = if batch.is_empty() {
        matmul_2d(&va, &vb, &out, m, k, n, dtype)?;
        0
    } else if batched_small(&va, &vb, &out, &batch, m, k, n, dtype)? {
        0
    } else {
        count
    };
    let mut idx = vec![0usize; batch.len()];
    for _ in 0..count {
        let items: Vec<crate::basic_index::IndexItem> = idx.iter().map(|&i| crate::basic_index::IndexItem::Int(i as i64)).collect();
        let (sa, sb, so) = (va.index(&items)?, vb.index(&items)?, out.index(&items)?);
        matmul_2d(&sa, &sb, &so, m, k, n, dtype)?;
        for d in (0..batch.len()).rev() {
            idx[d] += 1;
            if idx[d] < batch[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    // Drop the dimensions that 1-D operands gained (m of a, n of b).
    let nd = out.ndim() as i64;
    let mut drop = Vec::new();
    if a.ndim() == 1 {
        drop.push(nd - 2);
    }
    if b.ndim() == 1 {
        drop.push(nd - 1);
    }
    if drop.is_empty() {
        Ok(out)
    } else {
        out.squeeze(Some(&drop))
    }
}

/// A batch of small float products (each below the GEMM's parallel
/// threshold and shallow enough for the unpacked kernel, both operands
/// row-major inside each matrix) as one loop over the batch: the matrix
/// offsets come from the broadcast strides, the batch is split across
/// threads, and each task runs the direct kernel with its own scratch.
/// Returns false (nothing done) for any other batch.
#[allow(clippy::too_many_arguments)]
fn batched_small(va: &Tensor, vb: &Tensor, out: &Tensor, batch: &[usize], m: usize, k: usize, n: usize, dtype: DType) -> Result<bool> {
    let nd = va.ndim();
    // The stride of a size-1 dimension is never used: read it as unit.
    let unit = |t: &Tensor, d: usize| t.shape()[d] == 1 || t.strides()[d] == 1;
    let (sa, sb) = (va.strides(), vb.strides());
    let macs = m.saturating_mul(n).saturating_mul(k);
    let g = &kernels::current().gemm[dtype.index()];
    let direct = match g.direct {
        Some(d)
            if dtype.is_float()
                && m > 0
                && n > 0
                && k > 0
                && k <= GEMM_DIRECT_MAX_K
                && macs < GEMM_PARALLEL_MIN_MACS
                && unit(va, nd - 1)
                && unit(vb, nd - 1) =>
        {
            d
        }
        _ => return Ok(false),
    };
    let (lda, ldb) = (sa[nd - 2], sb[nd - 2]);
    let count: usize = batch.iter().product();
    // Element offsets of every matrix of a and b (batch dimensions only).
    let mut offsets = Vec::with_capacity(count);
    let mut idx = vec![0usize; batch.len()];
    for _ in 0..count {
        let off = |s: &[isize]| idx.iter().zip(s).map(|(&i, &st)| i as isize * st).sum::<isize>();
        offsets.push((off(sa), off(sb)));
        for d in (0..batch.len()).rev() {
            idx[d] += 1;
            if idx[d] < batch[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    let (mr, nr, size) = (g.mr, g.nr, dtype.itemsize());
    let scratch_elems = mr * k + k * nr * n.div_ceil(nr);
    let (ap, bp, cp) = (SharedPtr(va.data_ptr() as *mut u8), SharedPtr(vb.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let per_task = BATCHED_MATMUL_MIN_MACS.div_ceil(macs.max(1)).max(1);
    let failed = std::sync::atomic::AtomicBool::new(false);
    for_each_chunk(count, per_task, 1, |i0, len| {
        let Ok(scratch) = Tensor::uninit(&[scratch_elems], dtype) else {
            failed.store(true, std::sync::atomic::Ordering::Relaxed);
            return;
        };
        for (i, &(oa, ob)) in offsets[i0..i0 + len].iter().enumerate() {
            let (a, b) = (ap.offset(oa * size as isize), bp.offset(ob * size as isize));
            let b_aligned = (b as usize) % 64 == 0 && (ldb.unsigned_abs() * size) % 64 == 0;
            // SAFETY: matrix i0+i of a (m x k, row stride lda, unit column
            // stride) and of b (k x n, row stride ldb, unit column stride)
            // start at these offsets inside the broadcast views; matrix
            // i0+i of out is the contiguous m x n block at (i0+i)*m*n, and
            // tasks write disjoint blocks; scratch holds MR*k + k*NR*ceil(n/NR)
            // elements, enough with or without packing all of B.
            unsafe {
                direct(
                    m,
                    n,
                    k,
                    a as *const c_void,
                    lda,
                    b as *const c_void,
                    ldb,
                    cp.at((i0 + i) * m * n * size) as *mut c_void,
                    n as isize,
                    scratch.data_ptr_mut() as *mut c_void,
                    (!b_aligned) as i32,
                )
            };
        }
    });
    if failed.into_inner() {
        return Err(Error::OutOfMemory { bytes: scratch_elems * size });
    }
    Ok(true)
}

/// One 2-D product into `out` (a contiguous m x n block of the result).
#[allow(clippy::too_many_arguments)]
fn matmul_2d(a: &Tensor, b: &Tensor, out: &Tensor, m: usize, k: usize, n: usize, dtype: DType) -> Result<()> {
    if m == 0 || n == 0 {
        return Ok(());
    }
    let table = kernels::current();
    if dtype.is_float() {
        if k == 0 {
            let zero = Scalar::Int(0).to_bytes(dtype)?;
            let fill = table.fill[dtype.index()].expect("fill exists");
            // SAFETY: `out` is a contiguous m x n block inside the result.
            unsafe { fill(out.data_ptr_mut() as *mut c_void, zero.as_ptr() as *const c_void, m * n) };
            return Ok(());
        }
        if m == 1 || n == 1 {
            return gemv(&table.gemm[dtype.index()], dtype, a, b, out, m, k, n);
        }
        return gemm(&table.gemm[dtype.index()], dtype, a, b, out, m, k, n);
    }
    let (a, b) = (a.contiguous()?, b.contiguous()?);
    let kernel = table.matmul_naive[dtype.index()].expect("exact matmul exists for bool and ints");
    let size = dtype.itemsize();
    let (ap, bp, cp) = (SharedPtr(a.data_ptr() as *mut u8), SharedPtr(b.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    let rows_per_task = NAIVE_MATMUL_MIN_MACS.div_ceil((k * n).max(1)).max(1);
    for_each_chunk(m, rows_per_task, 1, |r0, rows| {
        // SAFETY: rows [r0, r0+rows) of A (k columns) and C (n columns)
        // are inside their buffers; B is read whole; row ranges are disjoint.
        unsafe { kernel(ap.at(r0 * k * size) as *const c_void, bp.at(0) as *const c_void, cp.at(r0 * n * size) as *mut c_void, rows, k, n) }
    });
    Ok(())
}

/// Deepest K for the unpacked small-product kernel: an MR x K row panel of
/// A (read in place) still fits in L1.
const GEMM_DIRECT_MAX_K: usize = 512;

/// Block sizes for one GEMM, from the register tile and the caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocking {
    pub mc: usize,
    pub nc: usize,
    pub kc: usize,
}

/// Tuning knobs for measurement (tools/bench): COREPY_GEMM_KC/NC/MC, read
/// once per process; 0 or unset means "from the caches".
fn gemm_knobs() -> (usize, usize, usize) {
    static KNOBS: std::sync::OnceLock<(usize, usize, usize)> = std::sync::OnceLock::new();
    *KNOBS.get_or_init(|| {
        let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        (knob("COREPY_GEMM_KC"), knob("COREPY_GEMM_NC"), knob("COREPY_GEMM_MC"))
    })
}

/// `total` split into the fewest pieces of at most `max`, as equal as
/// possible, each rounded up to a multiple of `unit`.
fn balanced(total: usize, max: usize, unit: usize) -> usize {
    let pieces = total.div_ceil(max.max(1)).max(1);
    total.div_ceil(pieces).div_ceil(unit) * unit
}

/// KC: an MR x KC panel of A fills L1 while it is swept across B (measured
/// on AVX-512: KC 576 f32 / 256 f64 run 10-15% faster than half-L1 panels,
/// because C is loaded and stored once per KC steps).
/// NC: a KC x NC block of packed B; streaming it from L3 costs less than
/// re-packing A for every narrow block (measured: NC >= n beats NC sized to L2).
/// MC: rows of A packed at a time (a quarter of L2).
/// K and N are cut into equal slices, so no thin remainder slice runs.
pub fn blocking(mr: usize, nr: usize, itemsize: usize, m: usize, k: usize, n: usize) -> Blocking {
    let f = cpu_features();
    let (kc_knob, nc_knob, mc_knob) = gemm_knobs();
    let kc_max = if kc_knob > 0 { kc_knob } else { (f.l1d_bytes / (mr * itemsize)).clamp(128, 768) / 64 * 64 };
    let kc = balanced(k.max(1), kc_max, 8);
    let nc_max = if nc_knob > 0 { nc_knob.div_ceil(nr) * nr } else { ((f.l3_bytes.max(f.l2_bytes) / 4 / (kc * itemsize)) / nr * nr).clamp(4 * nr, 4096) };
    let nc = balanced(n.max(1), nc_max, nr);
    let mc_max = if mc_knob > 0 { mc_knob.div_ceil(mr) * mr } else { ((f.l2_bytes / 4 / (kc * itemsize)) / mr * mr).max(mr) };
    let mc = balanced(m.max(1), mc_max, mr);
    Blocking { mc, nc, kc }
}

/// The share of the work one task takes: rows [r0, r1) of C and its NR-wide
/// column panels [p0, p1) (p1 may be past the last panel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TaskRange {
    r0: usize,
    r1: usize,
    p0: usize,
    p1: usize,
}

/// Split the work among `tasks` equal shares: by MR-row panels when there
/// are enough of them, else by NR-column panels (wide, short products).
/// Shares differ by at most one panel, so no thread idles at the end.
fn split_tasks(tasks: usize, m: usize, col_panels: usize, mr: usize) -> Vec<TaskRange> {
    let row_panels = m.div_ceil(mr);
    let by_rows = row_panels >= 2 * tasks || row_panels >= col_panels;
    (0..tasks)
        .map(|t| {
            if by_rows {
                let (a, b) = (t * row_panels / tasks, (t + 1) * row_panels / tasks);
                TaskRange { r0: (a * mr).min(m), r1: (b * mr).min(m), p0: 0, p1: usize::MAX }
            } else {
                TaskRange { r0: 0, r1: m, p0: t * col_panels / tasks, p1: (t + 1) * col_panels / tasks }
            }
        })
        .filter(|r| r.r0 < r.r1 && r.p0 < r.p1)
        .collect()
}

/// A product with one output row or column (m == 1 or n == 1, k > 0) as a
/// matrix-vector product: the matrix (a when n == 1, b when m == 1) is read
/// in place in whichever direction it is contiguous (dot products along
/// contiguous rows, or scaled contiguous rows added up), the vector is made
/// contiguous (k elements), and the outputs are split across threads.
#[allow(clippy::too_many_arguments)]
fn gemv(g: &GemmKernels, dtype: DType, a: &Tensor, b: &Tensor, out: &Tensor, m: usize, k: usize, n: usize) -> Result<()> {
    let (rows, cols) = (g.gemv_rows.expect("gemv kernels exist for float dtypes"), g.gemv_cols.expect("gemv kernels exist for float dtypes"));
    // y = M x with M outputs x k: (matrix, vector, M's stride between outputs, along k).
    let (matrix, vector, outputs) = if n == 1 { (a, b, m) } else { (b, a, n) };
    let (s_out, s_k) = if n == 1 { (a.strides()[0], a.strides()[1]) } else { (b.strides()[1], b.strides()[0]) };
    let held;
    let (matrix, s_out, s_k) = if s_k == 1 || (s_out == 1 && outputs > 1) {
        (matrix, s_out, s_k)
    } else {
        // Neither direction contiguous: one copy in the dot-product layout.
        held = if n == 1 { matrix.contiguous()? } else { matrix.transpose().contiguous()? };
        (&held, k as isize, 1)
    };
    let x = vector.contiguous()?;
    let size = dtype.itemsize();
    let (mp, xp, yp) = (SharedPtr(matrix.data_ptr() as *mut u8), SharedPtr(x.data_ptr() as *mut u8), SharedPtr(out.data_ptr_mut()));
    // One piece per thread at most: the matrix streams from memory, and
    // narrower column pieces (the cols form) each stride through all k rows.
    let per_task = GEMV_PARALLEL_MIN_MACS.div_ceil(k).max(outputs.div_ceil(num_threads().max(1))).max(1);
    if s_k == 1 {
        for_each_chunk(outputs, per_task, 1, |i0, len| {
            // SAFETY: outputs i0..i0+len of M start at i*s_out elements from
            // the matrix's first element and run k contiguous elements, all
            // inside the matrix view; x holds k contiguous elements; y is the
            // contiguous result (m*n == outputs elements), chunks disjoint.
            unsafe {
                rows(len, k, mp.offset(i0 as isize * s_out * size as isize) as *const c_void, s_out, xp.at(0) as *const c_void, yp.at(i0 * size) as *mut c_void)
            }
        });
    } else {
        // Outputs contiguous (s_out == 1): rows of length `outputs`, k apart.
        for_each_chunk(outputs, per_task, 64 / size, |j0, len| {
            // SAFETY: element (p, j) of M is at p*s_k + j from the matrix's
            // first element, inside the view for p < k, j < outputs; x holds
            // k contiguous elements; y chunks are disjoint.
            unsafe { cols(len, k, mp.at(j0 * size) as *const c_void, s_k, xp.at(0) as *const c_void, yp.at(j0 * size) as *mut c_void) }
        });
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn gemm(g: &GemmKernels, dtype: DType, a: &Tensor, b: &Tensor, c: &Tensor, m: usize, k: usize, n: usize) -> Result<()> {
    let (pack_a, pack_b, macro_kernel) = (
        g.pack_a.expect("gemm kernels exist for float dtypes"),
        g.pack_b.expect("gemm kernels exist for float dtypes"),
        g.macro_kernel.expect("gemm kernels exist for float dtypes"),
    );
    let (mr, nr, size) = (g.mr, g.nr, dtype.itemsize());
    // Below ~128^3 multiply-adds, waking a second thread costs more than it
    // saves (tools/bench: n=64 ran 2x slower split across two threads).
    let serial = m.saturating_mul(n).saturating_mul(k) < GEMM_PARALLEL_MIN_MACS;
    let (a_rs, a_cs, b_rs, b_cs) = (a.strides()[0], a.strides()[1], b.strides()[0], b.strides()[1]);
    // Small products with row-major operands skip packing: it would cost as
    // much as the arithmetic (n=64: packing A alone was ~1/3 of the time).
    if serial && k <= GEMM_DIRECT_MAX_K && a_cs == 1 && b_cs == 1 {
        if let Some(direct) = g.direct {
            // B rows that do not start on cache lines would split every
            // vector load in two: pack all of B then (a row copy), else only
            // its last partial column panel.
            let b_aligned = (b.data_ptr() as usize) % 64 == 0 && (b_rs.unsigned_abs() * size) % 64 == 0;
            let b_panels = if b_aligned { 1 } else { n.div_ceil(nr) };
            let scratch = Tensor::uninit(&[mr * k + k * nr * b_panels], dtype)?;
            // SAFETY: A is m x k with row stride a_rs and unit column stride,
            // B is k x n with row stride b_rs and unit column stride (both
            // in bounds of their buffers); C is a contiguous m x n block
            // (row stride n); scratch holds MR*k + k*NR elements, times the
            // panel count for B when it is packed whole.
            unsafe {
                direct(
                    m,
                    n,
                    k,
                    a.data_ptr() as *const c_void,
                    a_rs,
                    b.data_ptr() as *const c_void,
                    b_rs,
                    c.data_ptr_mut() as *mut c_void,
                    n as isize,
                    scratch.data_ptr_mut() as *mut c_void,
                    (!b_aligned) as i32,
                )
            };
            return Ok(());
        }
    }
    let threads = if serial { 1 } else { num_threads().max(1) };
    let blk = blocking(mr, nr, size, m, k, n);
    // One parallel region per product: every task runs the whole blocked
    // loop nest on its own share of C (rows, or column panels for short wide
    // products) with its own packed A and B buffers, so the threads never
    // wait for each other between blocks (each fork-join costs a cross-CPU
    // wake-up, tens of microseconds on a VM). A task that shares the rows
    // packs all of B itself: k*n extra copies against m*n*k/threads
    // multiply-adds. K slices are the same for any thread count, so every
    // element is the same dot product in the same order.
    let shares = split_tasks(threads, m, n.div_ceil(nr), mr);
    let tasks = shares.len().max(1);
    let (b_block_elems, a_block_elems) = (blk.kc * blk.nc, blk.mc * blk.kc);
    let packed_b = Tensor::uninit(&[tasks, b_block_elems], dtype)?;
    let packed_a = Tensor::uninit(&[tasks, a_block_elems], dtype)?;
    // Element strides of the operands (above): packing reads any layout
    // (transposed, sliced, broadcast), so views are multiplied without a copy.
    let (ap, bp, cp) = (SharedPtr(a.data_ptr() as *mut u8), SharedPtr(b.data_ptr() as *mut u8), SharedPtr(c.data_ptr_mut()));
    let (pbp, pap) = (SharedPtr(packed_b.data_ptr_mut()), SharedPtr(packed_a.data_ptr_mut()));
    let run_share = |t: usize| {
        let sh = shares[t];
        let (c0, c1) = (sh.p0 * nr, sh.p1.saturating_mul(nr).min(n));
        let (pa, pb) = (pap.at(t * a_block_elems * size), pbp.at(t * b_block_elems * size));
        for jc in (c0..c1).step_by(blk.nc) {
            let nc = blk.nc.min(c1 - jc);
            for pc in (0..k).step_by(blk.kc) {
                let kc = blk.kc.min(k - pc);
                let accumulate = (pc > 0) as i32;
                // SAFETY: B rows pc..pc+kc, columns jc..jc+nc are in bounds;
                // task t's B slot holds kc_max*nc_max >= ceil(nc/NR)*NR*kc
                // elements and only task t uses it.
                unsafe { pack_b(bp.offset((pc as isize * b_rs + jc as isize * b_cs) * size as isize) as *const c_void, b_rs, b_cs, kc, nc, pb as *mut c_void) };
                let mut ic = sh.r0;
                while ic < sh.r1 {
                    let mc = blk.mc.min(sh.r1 - ic);
                    // SAFETY: A rows ic..ic+mc, columns pc..pc+kc are in
                    // bounds; task t's A slot holds mc_max*kc_max elements and
                    // only task t uses it; C rows ic..ic+mc, columns
                    // jc..jc+nc lie in task t's share (shares are disjoint).
                    unsafe {
                        pack_a(ap.offset((ic as isize * a_rs + pc as isize * a_cs) * size as isize) as *const c_void, a_rs, a_cs, mc, kc, pa as *mut c_void);
                        macro_kernel(mc, nc, kc, pa as *const c_void, pb as *const c_void, cp.at((ic * n + jc) * size) as *mut c_void, n as isize, accumulate);
                    }
                    ic += mc;
                }
            }
        }
    };
    for_each_task(shares.len(), run_share);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_row_and_panel_once() {
        for &(tasks, m, panels, mr) in &[(1, 100, 5, 14), (2, 1024, 32, 14), (2, 20, 64, 14), (3, 7, 2, 14), (4, 4096, 1, 14), (2, 1, 1, 14)] {
            let shares = split_tasks(tasks, m, panels, mr);
            let mut hits = vec![0u32; m * panels];
            for s in &shares {
                for r in s.r0..s.r1 {
                    for p in s.p0..s.p1.min(panels) {
                        hits[r * panels + p] += 1;
                    }
                }
            }
            assert!(hits.iter().all(|&h| h == 1), "tasks={tasks} m={m} panels={panels}: {shares:?}");
            assert!(shares.len() <= tasks);
        }
    }

    #[test]
    fn blocks_are_balanced_and_tile_aligned() {
        for &(m, k, n) in &[(1, 1, 1), (1024, 1024, 1024), (600, 600, 600), (8192, 64, 64), (5, 10000, 3)] {
            let b = blocking(14, 32, 4, m, k, n);
            assert!(b.kc >= 1 && b.nc % 32 == 0 && b.mc % 14 == 0, "{b:?}");
            // No slice is less than half the others (no thin remainders).
            let last_k = k - (k.div_ceil(b.kc) - 1) * b.kc;
            assert!(k <= b.kc || last_k * 2 >= b.kc.saturating_sub(8), "k={k} {b:?}");
        }
    }
}

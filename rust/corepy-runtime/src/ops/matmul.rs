//! 2-D matrix product. Float dtypes use the BLIS-style packed GEMM: Rust runs
//! the three outer loops (jc over NC-column blocks, pc over KC-deep slices, ic
//! over MC-row blocks), sizes the blocks from the detected caches, takes the
//! packing buffers from the arena and splits the ic blocks across threads;
//! C++ packs and runs the register-blocked macro/micro kernels. Integer and
//! bool dtypes use a plain kernel split by rows.
use std::ffi::c_void;

use super::convert::to_dtype;
use super::{check_device, check_same_device};
use crate::scalar::Scalar;
use crate::cpu_features::cpu_features;
use crate::dtype::{promote, DType};
use crate::error::{Error, Result};
use crate::kernels::{self, table::GemmKernels};
use crate::scheduler::{for_each_chunk, for_each_task, num_threads, SharedPtr};
use crate::tensor::Tensor;

/// NumPy's matmul: 2-D x 2-D; a 1-D operand is a row (left) or column
/// (right) vector whose dimension is dropped from the result; N-D operands are
/// stacks of matrices whose batch dimensions broadcast.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    check_device("matmul", a)?;
    check_device("matmul", b)?;
    check_same_device("matmul", a, b)?;
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
    let mut idx = vec![0usize; batch.len()];
    for _ in 0..count {
        let items: Vec<crate::layout::IndexItem> = idx.iter().map(|&i| crate::layout::IndexItem::Int(i as i64)).collect();
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
            unsafe { fill(out.data_ptr_for_write() as *mut c_void, zero.as_ptr() as *const c_void, m * n) };
            return Ok(());
        }
        return gemm(&table.gemm[dtype.index()], dtype, a, b, out, m, k, n);
    }
    let (a, b) = (a.contiguous()?, b.contiguous()?);
    let kernel = table.matmul_naive[dtype.index()].expect("exact matmul exists for bool and ints");
    let size = dtype.itemsize();
    let (ap, bp, cp) = (SharedPtr(a.data_ptr() as *mut u8), SharedPtr(b.data_ptr() as *mut u8), SharedPtr(out.data_ptr_for_write()));
    let rows_per_task = (1usize << 16).div_ceil((k * n).max(1)).max(1);
    for_each_chunk(m, rows_per_task, 1, |r0, rows| {
        // SAFETY: rows [r0, r0+rows) of A (k columns) and C (n columns)
        // are inside their buffers; B is read whole; row ranges are disjoint.
        unsafe {
            kernel(
                ap.at(r0 * k * size) as *const c_void,
                bp.at(0) as *const c_void,
                cp.at(r0 * n * size) as *mut c_void,
                rows,
                k,
                n,
            )
        }
    });
    Ok(())
}

/// Multiply-adds below which a GEMM runs on the calling thread.
const GEMM_PARALLEL_MIN_MACS: usize = 1 << 21;

/// Block sizes for one GEMM, from the register tile and the caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocking {
    pub mc: usize,
    pub nc: usize,
    pub kc: usize,
}

/// KC: an MR x KC panel of A stays in half of L1 while it is swept across B.
/// NC: a KC x NC block of packed B fills about half of L2.
/// MC: rows per task; small enough that every thread gets a block.
pub fn blocking(mr: usize, nr: usize, itemsize: usize, m: usize, threads: usize) -> Blocking {
    let f = cpu_features();
    let kc = (f.l1d_bytes / 2 / (mr * itemsize)).clamp(64, 512) / 16 * 16;
    let nc = ((f.l2_bytes / 2 / (kc * itemsize)) / nr * nr).clamp(nr, 4096 / nr * nr);
    let mc_max = ((f.l2_bytes / 4 / (kc * itemsize)) / mr * mr).max(mr);
    let per_thread = m.div_ceil(threads.max(1)).div_ceil(mr) * mr;
    let mc = per_thread.min(mc_max).max(mr);
    let mut b = Blocking { mc, nc, kc };
    // Tuning knobs for measurement (tools/bench); not needed in normal use.
    let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<usize>().ok()).filter(|&v| v > 0);
    if let Some(v) = knob("COREPY_GEMM_KC") {
        b.kc = v;
    }
    if let Some(v) = knob("COREPY_GEMM_NC") {
        b.nc = v.div_ceil(nr) * nr;
    }
    if let Some(v) = knob("COREPY_GEMM_MC") {
        b.mc = v.div_ceil(mr) * mr;
    }
    b
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
    let threads = if serial { 1 } else { num_threads() };
    let blk = blocking(mr, nr, size, m, threads);
    // Packed B for one (jc, pc) block, shared by all tasks; one packed A
    // block per task. Both come from the arena (reused across calls).
    let nc_pad = blk.nc.min(n.div_ceil(nr) * nr);
    let packed_b = Tensor::uninit(&[blk.kc * nc_pad], dtype)?;
    let ic_blocks = m.div_ceil(blk.mc);
    let a_block_elems = blk.mc.div_ceil(mr) * mr * blk.kc;
    let packed_a = Tensor::uninit(&[ic_blocks.min(threads.max(1) * 4).max(1), a_block_elems], dtype)?;
    let a_slots = packed_a.shape()[0];
    // Element strides of the operands: packing reads any layout (transposed,
    // sliced, broadcast), so views are multiplied without a copy.
    let (a_rs, a_cs, b_rs, b_cs) = (a.strides()[0], a.strides()[1], b.strides()[0], b.strides()[1]);
    let (ap, bp, cp) = (SharedPtr(a.data_ptr() as *mut u8), SharedPtr(b.data_ptr() as *mut u8), SharedPtr(c.data_ptr_for_write()));
    let (pbp, pap) = (SharedPtr(packed_b.data_ptr_mut()), SharedPtr(packed_a.data_ptr_mut()));

    for jc in (0..n).step_by(blk.nc) {
        let nc = blk.nc.min(n - jc);
        for pc in (0..k).step_by(blk.kc) {
            let kc = blk.kc.min(k - pc);
            // Pack B[pc.., jc..] in parallel NR-panel ranges.
            let panels = nc.div_ceil(nr);
            for_each_chunk(panels, if serial { usize::MAX } else { 8 }, 1, |p0, np| {
                let j0 = p0 * nr;
                let cols = (np * nr).min(nc - j0);
                // SAFETY: reads B rows pc..pc+kc, columns jc+j0..+cols (in
                // bounds); writes panels p0..p0+np of packed_b, which holds
                // ceil(nc/nr) panels of kc*nr elements; ranges are disjoint.
                unsafe {
                    pack_b(
                        bp.offset((pc as isize * b_rs + (jc + j0) as isize * b_cs) * size as isize) as *const c_void,
                        b_rs,
                        b_cs,
                        kc,
                        cols,
                        pbp.at(j0 * kc * size) as *mut c_void,
                    )
                }
            });
            // Each task: pack one MC x KC block of A, multiply into C.
            let accumulate = (pc > 0) as i32;
            let run_blocks = |slot: usize, first: usize, step: usize| {
                let mut ib = first;
                while ib < ic_blocks {
                    let ic = ib * blk.mc;
                    let mc = blk.mc.min(m - ic);
                    let pa = pap.at(slot * a_block_elems * size);
                    // SAFETY: A rows ic..ic+mc, columns pc..pc+kc are in
                    // bounds; the slot holds ceil(mc/mr)*mr*kc elements and is
                    // used by this task only; C rows ic..ic+mc, columns
                    // jc..jc+nc are written by this task only.
                    unsafe {
                        pack_a(
                            ap.offset((ic as isize * a_rs + pc as isize * a_cs) * size as isize) as *const c_void,
                            a_rs,
                            a_cs,
                            mc,
                            kc,
                            pa as *mut c_void,
                        );
                        macro_kernel(
                            mc,
                            nc,
                            kc,
                            pa as *const c_void,
                            pbp.at(0) as *const c_void,
                            cp.at((ic * n + jc) * size) as *mut c_void,
                            n as isize,
                            accumulate,
                        );
                    }
                    ib += step;
                }
            };
            // Task t handles blocks t, t+slots, t+2*slots, ... with its own A slot.
            let tasks = if serial { 1 } else { a_slots.min(ic_blocks) };
            for_each_task(tasks, |t| run_blocks(t, t, tasks));
        }
    }
    Ok(())
}

//! The thread pool and the one place that decides serial versus parallel.
//!
//! Every op asks `for_each_chunk` to cover `n` items; the decision (how many
//! chunks, or none) is made here from the size before any kernel runs, and a
//! chunk is always a contiguous range handed to one C++ kernel call.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use crate::error::{Error, Result};

// ---- the parallel thresholds: every serial/parallel cut-off is here --------
// Waking a worker costs a few microseconds; below these sizes one core
// finishes first (tools/bench measures the crossovers).

/// What one item of a parallel loop costs, which decides the smallest piece
/// worth a thread ([`Work::min_chunk`], in items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// A few cycles per element: arithmetic, comparisons, casts, copies,
    /// fills, `where`, predicates.
    Elementwise,
    /// Tens of cycles per element: the unary math functions.
    Math,
    /// Random number generation (a counter-based generator per element).
    Random,
}

impl Work {
    pub fn min_chunk(self) -> usize {
        match self {
            Work::Elementwise => 1 << 16,
            Work::Math => 1 << 13,
            Work::Random => 1 << 14,
        }
    }
}

/// Rows of sort/argsort/cumsum/cumprod: elements per task.
pub const ROW_OPS_MIN_ELEMS: usize = 1 << 14;
/// argmax/argmin rows: elements per task.
pub const ARG_EXTREME_MIN_ELEMS: usize = 1 << 15;
/// Reductions: blocks per thread-chunk below which they stay serial.
pub const REDUCE_MIN_BLOCKS_PER_THREAD: usize = 2;
/// Multiply-adds below which a GEMM runs on the calling thread.
pub const GEMM_PARALLEL_MIN_MACS: usize = 1 << 21;
/// Integer/bool matmul (the naive kernel): multiply-adds per task.
pub const NAIVE_MATMUL_MIN_MACS: usize = 1 << 16;
/// Matrix-vector products read each matrix element once (memory bound):
/// a thread pays for itself from about this many multiply-adds.
pub const GEMV_PARALLEL_MIN_MACS: usize = 1 << 17;
/// Batches of small float products: multiply-adds per task.
pub const BATCHED_MATMUL_MIN_MACS: usize = 1 << 18;

/// The worker pool and the id of the process that started it.
///
/// `fork()` copies only the calling thread: a child inherits the parent's
/// pool object but none of its workers, so a job spawned onto it would wait
/// forever. The pool records its process id and a process that finds a
/// different one (a forked child) builds a fresh pool of the same size, as
/// OpenBLAS and PyTorch do. The inherited pool is leaked, not dropped: its
/// threads do not exist in the child, and dropping it would signal them.
struct PoolSlot {
    pid: u32,
    pool: Arc<rayon::ThreadPool>,
}

static POOL: OnceLock<RwLock<PoolSlot>> = OnceLock::new();
static NUM_THREADS: AtomicUsize = AtomicUsize::new(0);

fn default_threads() -> usize {
    std::env::var("COREPY_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| crate::cpu_features::cpu_features().cores)
}

fn build_pool(n: usize) -> Result<Arc<rayon::ThreadPool>> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("corepy-worker-{i}"))
        .build()
        .map(Arc::new)
        .map_err(|e| Error::InvalidArgument(format!("could not start {n} worker threads: {e}")))
}

fn pool() -> Arc<rayon::ThreadPool> {
    let lock = POOL.get_or_init(|| {
        let n = default_threads();
        NUM_THREADS.store(n, Ordering::Relaxed);
        RwLock::new(PoolSlot { pid: std::process::id(), pool: build_pool(n).expect("the default thread pool starts") })
    });
    let pid = std::process::id();
    {
        let slot = lock.read().unwrap_or_else(|e| e.into_inner());
        if slot.pid == pid {
            return Arc::clone(&slot.pool);
        }
    }
    // A forked child: replace the pool whose workers stayed in the parent.
    let mut slot = lock.write().unwrap_or_else(|e| e.into_inner());
    if slot.pid != pid {
        let n = NUM_THREADS.load(Ordering::Relaxed).max(1);
        let fresh = build_pool(n).expect("the thread pool restarts after fork");
        std::mem::forget(std::mem::replace(&mut slot.pool, fresh));
        slot.pid = pid;
    }
    Arc::clone(&slot.pool)
}

pub fn num_threads() -> usize {
    let n = NUM_THREADS.load(Ordering::Relaxed);
    if n != 0 {
        return n;
    }
    let _ = pool();
    NUM_THREADS.load(Ordering::Relaxed)
}

/// Use `n` worker threads from now on (1 means every op runs on the caller).
pub fn set_num_threads(n: usize) -> Result<()> {
    if n == 0 || n > 4096 {
        return Err(Error::InvalidArgument(format!("set_num_threads: expected 1..4096 threads, got {n}")));
    }
    let _ = pool();
    let new_pool = build_pool(n)?;
    *POOL.get().expect("initialized above").write().unwrap_or_else(|e| e.into_inner()) = PoolSlot { pid: std::process::id(), pool: new_pool };
    NUM_THREADS.store(n, Ordering::Relaxed);
    Ok(())
}

/// Split `0..n` into contiguous chunks and call `f(start, len)` for each,
/// in parallel when the work is large enough to pay for it.
///
/// `min_chunk` is the smallest piece worth a thread (measured per op family:
/// [`Work`] and the constants above). Chunk starts are multiples of `align` items so
/// that each thread writes whole cache lines.
pub fn for_each_chunk<F>(n: usize, min_chunk: usize, align: usize, f: F)
where
    F: Fn(usize, usize) + Send + Sync,
{
    if n == 0 {
        return;
    }
    // Small work never touches the pool (the common case for tiny tensors).
    if n < min_chunk.max(1).saturating_mul(2) {
        f(0, n);
        return;
    }
    let threads = num_threads();
    let max_chunks = n / min_chunk.max(1);
    let chunks = threads.min(max_chunks);
    if chunks <= 1 {
        f(0, n);
        return;
    }
    let align = align.max(1);
    let per = n.div_ceil(chunks).div_ceil(align) * align;
    run_on_pool(chunks, |c| {
        let start = c * per;
        if start < n {
            f(start, per.min(n - start));
        }
    });
}

/// Run tasks `0..count` (count >= 2): task 0 on the calling thread, the rest
/// spawned onto the pool, and return when all are done. The caller works
/// instead of sleeping while the pool does everything: one fewer thread to
/// wake per parallel op and no hand-back wake-up of an idle caller, which
/// on a VM (where waking an idle vCPU is an inter-processor interrupt
/// through the hypervisor) costs tens of microseconds.
fn run_on_pool<F>(count: usize, f: F)
where
    F: Fn(usize) + Send + Sync,
{
    let f = &f;
    pool().in_place_scope(|scope| {
        for i in 1..count {
            scope.spawn(move |_| f(i));
        }
        f(0);
    });
}

/// Run `count` independent tasks `f(i)` on the pool (for tiled work such as
/// GEMM blocks); serial when there is one task or one thread.
pub fn for_each_task<F>(count: usize, f: F)
where
    F: Fn(usize) + Send + Sync,
{
    if count <= 1 || num_threads() == 1 {
        (0..count).for_each(f);
        return;
    }
    run_on_pool(count, f);
}

/// A raw pointer that may cross into worker threads.
///
/// SAFETY contract for users: every task writes a disjoint range through it
/// and the buffer outlives the parallel region (the region is joined before
/// the owning Tensor is returned).
#[derive(Clone, Copy)]
pub struct SharedPtr(pub *mut u8);
unsafe impl Send for SharedPtr {}
unsafe impl Sync for SharedPtr {}

impl SharedPtr {
    pub fn at(self, byte_offset: usize) -> *mut u8 {
        self.0.wrapping_add(byte_offset)
    }

    /// Signed byte offset (layouts with negative strides).
    pub fn offset(self, byte_offset: isize) -> *mut u8 {
        self.0.wrapping_offset(byte_offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn chunks_cover_the_range_exactly_once() {
        for n in [1usize, 7, 64, 1000, 100_003] {
            let seen = Mutex::new(vec![0u8; n]);
            for_each_chunk(n, 16, 64, |start, len| {
                let mut s = seen.lock().unwrap();
                for i in start..start + len {
                    s[i] += 1;
                }
            });
            assert!(seen.lock().unwrap().iter().all(|&c| c == 1), "n = {n}");
        }
    }

    #[test]
    fn thread_count_is_validated() {
        assert!(set_num_threads(0).is_err());
        assert!(num_threads() >= 1);
    }
}

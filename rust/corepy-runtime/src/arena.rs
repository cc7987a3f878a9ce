//! The memory arena: every tensor buffer comes from here.
//!
//! Buffers are 64-byte aligned (one cache line, one AVX-512 vector) and come
//! in size classes (four per power of two, so at most 25% slack). A freed
//! buffer goes back to its class's free list instead of to the OS, so a
//! result buffer of the same size is reused without page faults; the bytes
//! kept this way are capped (`COREPY_ARENA_CAP_BYTES`, default 1 GiB) and
//! `empty_cache()` returns them all.
//!
//! Test mode: with `COREPY_ARENA_POISON=1` (read once, when the arena is
//! first used) every buffer handed out, fresh or reused, is filled with the
//! byte `POISON_BYTE` first, so an op that forgets to write part of its
//! output returns a recognizable pattern instead of stale data that may
//! happen to look right.
use std::alloc::{alloc, dealloc, Layout as AllocLayout};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};

pub const ALIGNMENT: usize = 64;
const SUBCLASSES: usize = 4; // size classes per power of two
const NUM_CLASSES: usize = 64 * SUBCLASSES;
const DEFAULT_CAP_BYTES: usize = 1 << 30;
/// The byte poisoned buffers are filled with (0xA5A5... reads as -4.8e-107
/// in f64, -2.9e-16 in f32, an invalid bool: never a plausible result).
pub const POISON_BYTE: u8 = 0xA5;

/// Fresh buffers at least this large ask the kernel for transparent huge
/// pages, as NumPy does for its large arrays: streaming loops then cross 512x
/// fewer page boundaries (where the hardware prefetcher stops) and the first
/// touch takes 512x fewer page faults. (tools/bench: f32 max/sum over 1e7
/// elements went from ~10% behind NumPy to level.)
const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// Ask for transparent huge pages on the 2 MiB-aligned interior of a fresh
/// allocation. Only a hint: where THP is off or the call fails, nothing changes.
#[cfg(target_os = "linux")]
fn advise_huge_pages(ptr: *mut u8, bytes: usize) {
    const HUGE_PAGE: usize = 2 << 20;
    const MADV_HUGEPAGE: i32 = 14;
    extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    let start = (ptr as usize).div_ceil(HUGE_PAGE) * HUGE_PAGE;
    let end = (ptr as usize).saturating_add(bytes) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        // SAFETY: [start, end) lies inside the allocation just made and
        // page-aligned; MADV_HUGEPAGE changes only how the kernel backs those
        // pages, never their contents or validity; the result is ignored.
        unsafe { madvise(start as *mut std::ffi::c_void, end - start, MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_ptr: *mut u8, _bytes: usize) {}

/// The size class of a request: (index, bytes actually allocated).
fn size_class(bytes: usize) -> Option<(usize, usize)> {
    if bytes <= ALIGNMENT {
        return Some((0, ALIGNMENT));
    }
    let pow = usize::BITS - 1 - bytes.leading_zeros(); // 2^pow <= bytes
    let step = (1usize << pow) / SUBCLASSES;
    let rounded = bytes.checked_add(step - 1)? / step * step;
    let pow2 = usize::BITS - 1 - rounded.leading_zeros();
    let sub = (rounded - (1usize << pow2)) / ((1usize << pow2) / SUBCLASSES).max(1);
    Some(((pow2 as usize) * SUBCLASSES + sub, rounded))
}

/// Counters the Python side reports through `corepy.backend.memory_stats()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArenaStats {
    /// Bytes in buffers that tensors hold now.
    pub live_bytes: usize,
    /// Bytes kept in the free lists for reuse.
    pub cached_bytes: usize,
    /// The most cached bytes allowed.
    pub cap_bytes: usize,
    /// Requests served from a free list.
    pub reuse_hits: u64,
    /// Requests that went to the system allocator.
    pub system_allocs: u64,
}

pub struct Arena {
    free: Vec<Mutex<Vec<usize>>>, // addresses of free buffers, per class
    live_bytes: AtomicUsize,
    cached_bytes: AtomicUsize,
    cap_bytes: AtomicUsize,
    reuse_hits: AtomicU64,
    system_allocs: AtomicU64,
    poison: bool,
}

/// An owned, aligned allocation. Returns itself to the arena on drop.
pub struct Buffer {
    ptr: NonNull<u8>,
    bytes: usize,
    class: Option<(usize, usize)>, // None for zero-byte buffers (nothing allocated)
}

// SAFETY: a Buffer exclusively owns its allocation (like Box<[u8]>); moving it
// to or sharing it with another thread is sound. The Buffer hands out raw
// pointers only; the runtime decides who writes: fresh outputs are written
// before they are shared, and writes into shared storage hold the storage's
// write lock (storage.rs), so two writers never run at once.
unsafe impl Send for Buffer {}
unsafe impl Sync for Buffer {}

impl Buffer {
    pub fn as_ptr(&self) -> *const u8 {
        self.ptr.as_ptr()
    }

    pub fn as_mut_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// Requested size in bytes.
    pub fn len(&self) -> usize {
        self.bytes
    }

    pub fn is_empty(&self) -> bool {
        self.bytes == 0
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if let Some(class) = self.class {
            arena().release(self.ptr, class);
        }
    }
}

impl Arena {
    fn new() -> Arena {
        let cap = std::env::var("COREPY_ARENA_CAP_BYTES").ok().and_then(|v| v.parse::<usize>().ok()).unwrap_or(DEFAULT_CAP_BYTES);
        Arena {
            free: (0..NUM_CLASSES).map(|_| Mutex::new(Vec::new())).collect(),
            live_bytes: AtomicUsize::new(0),
            cached_bytes: AtomicUsize::new(0),
            cap_bytes: AtomicUsize::new(cap),
            reuse_hits: AtomicU64::new(0),
            system_allocs: AtomicU64::new(0),
            poison: std::env::var("COREPY_ARENA_POISON").is_ok_and(|v| !v.is_empty() && v != "0"),
        }
    }

    /// Whether buffers are poisoned before they are handed out (test mode).
    pub fn poisoned(&self) -> bool {
        self.poison
    }

    /// An uninitialized buffer of at least `bytes` bytes, 64-byte aligned.
    pub fn allocate(&self, bytes: usize) -> Result<Buffer> {
        if bytes == 0 {
            // No allocation; a dangling but aligned, non-null pointer.
            let ptr = NonNull::new(ALIGNMENT as *mut u8).expect("non-zero");
            return Ok(Buffer { ptr, bytes: 0, class: None });
        }
        if bytes > isize::MAX as usize - ALIGNMENT {
            return Err(Error::OutOfMemory { bytes });
        }
        // Not `ok_or(Error)`: that builds and drops an Error on every call.
        let Some((index, class_bytes)) = size_class(bytes) else {
            return Err(Error::OutOfMemory { bytes });
        };
        let reused = self.free[index].lock().unwrap_or_else(|e| e.into_inner()).pop();
        let ptr = match reused {
            Some(addr) => {
                self.cached_bytes.fetch_sub(class_bytes, Ordering::Relaxed);
                self.reuse_hits.fetch_add(1, Ordering::Relaxed);
                NonNull::new(addr as *mut u8).expect("free lists hold non-null addresses")
            }
            None => {
                let layout = AllocLayout::from_size_align(class_bytes, ALIGNMENT).map_err(|_| Error::OutOfMemory { bytes })?;
                // SAFETY: layout has non-zero size (class_bytes >= 64).
                let raw = unsafe { alloc(layout) };
                self.system_allocs.fetch_add(1, Ordering::Relaxed);
                let p = match NonNull::new(raw) {
                    Some(p) => p,
                    None => {
                        // Give cached memory back and try once more before failing.
                        self.empty_cache();
                        // SAFETY: as above.
                        let raw = unsafe { alloc(layout) };
                        NonNull::new(raw).ok_or(Error::OutOfMemory { bytes })?
                    }
                };
                if class_bytes >= HUGE_PAGE_MIN_BYTES {
                    advise_huge_pages(p.as_ptr(), class_bytes);
                }
                p
            }
        };
        if self.poison {
            // SAFETY: ptr is the start of a live allocation of class_bytes >=
            // bytes bytes that no one else references yet.
            unsafe { std::ptr::write_bytes(ptr.as_ptr(), POISON_BYTE, bytes) };
        }
        self.live_bytes.fetch_add(class_bytes, Ordering::Relaxed);
        Ok(Buffer { ptr, bytes, class: Some((index, class_bytes)) })
    }

    fn release(&self, ptr: NonNull<u8>, (index, class_bytes): (usize, usize)) {
        self.live_bytes.fetch_sub(class_bytes, Ordering::Relaxed);
        let cap = self.cap_bytes.load(Ordering::Relaxed);
        let cached = self.cached_bytes.fetch_add(class_bytes, Ordering::Relaxed);
        if cached + class_bytes <= cap {
            self.free[index].lock().unwrap_or_else(|e| e.into_inner()).push(ptr.as_ptr() as usize);
        } else {
            self.cached_bytes.fetch_sub(class_bytes, Ordering::Relaxed);
            free_system(ptr.as_ptr(), class_bytes);
        }
    }

    /// Return every cached buffer to the system allocator.
    pub fn empty_cache(&self) {
        for (index, list) in self.free.iter().enumerate() {
            let drained: Vec<usize> = std::mem::take(&mut *list.lock().unwrap_or_else(|e| e.into_inner()));
            if drained.is_empty() {
                continue;
            }
            let class_bytes = class_bytes_of(index);
            for addr in drained {
                self.cached_bytes.fetch_sub(class_bytes, Ordering::Relaxed);
                free_system(addr as *mut u8, class_bytes);
            }
        }
    }

    pub fn set_cap_bytes(&self, cap: usize) {
        self.cap_bytes.store(cap, Ordering::Relaxed);
        if self.cached_bytes.load(Ordering::Relaxed) > cap {
            self.empty_cache();
        }
    }

    pub fn stats(&self) -> ArenaStats {
        ArenaStats {
            live_bytes: self.live_bytes.load(Ordering::Relaxed),
            cached_bytes: self.cached_bytes.load(Ordering::Relaxed),
            cap_bytes: self.cap_bytes.load(Ordering::Relaxed),
            reuse_hits: self.reuse_hits.load(Ordering::Relaxed),
            system_allocs: self.system_allocs.load(Ordering::Relaxed),
        }
    }
}

fn class_bytes_of(index: usize) -> usize {
    if index == 0 {
        return ALIGNMENT;
    }
    let pow = index / SUBCLASSES;
    let sub = index % SUBCLASSES;
    (1usize << pow) + sub * ((1usize << pow) / SUBCLASSES)
}

fn free_system(ptr: *mut u8, class_bytes: usize) {
    let layout = AllocLayout::from_size_align(class_bytes, ALIGNMENT).expect("was valid at allocation");
    // SAFETY: ptr came from `alloc` with exactly this layout and is no longer
    // referenced (its Buffer was dropped, or it sat in a free list).
    unsafe { dealloc(ptr, layout) }
}

static ARENA: OnceLock<Arena> = OnceLock::new();

/// The process-wide arena.
pub fn arena() -> &'static Arena {
    ARENA.get_or_init(Arena::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_cover_the_request_with_bounded_slack() {
        for bytes in [1usize, 63, 64, 65, 100, 127, 128, 129, 1000, 4096, 4097, 1 << 20, (1 << 20) + 1, 123_456_789] {
            let (index, class) = size_class(bytes).unwrap();
            assert!(class >= bytes, "{bytes} -> {class}");
            assert!(class as f64 <= (bytes as f64 * 1.25).max(64.0) + 1.0, "{bytes} -> {class}");
            assert_eq!(class_bytes_of(index), class, "class index round trip for {bytes}");
        }
    }

    #[test]
    fn buffers_are_aligned_and_reused() {
        let a = arena();
        let b1 = a.allocate(1000).unwrap();
        assert_eq!(b1.as_ptr() as usize % ALIGNMENT, 0);
        let addr = b1.as_ptr() as usize;
        drop(b1);
        let b2 = a.allocate(1000).unwrap();
        // Same class, just released: the free list hands the same block back
        // (other tests may run concurrently, so accept any aligned block but
        // check that reuse happened at least once).
        assert_eq!(b2.as_ptr() as usize % ALIGNMENT, 0);
        let _ = addr;
        assert!(a.stats().reuse_hits >= 1);
    }

    #[test]
    fn zero_and_absurd_sizes() {
        let a = arena();
        let z = a.allocate(0).unwrap();
        assert_eq!(z.len(), 0);
        assert_eq!(z.as_ptr() as usize % ALIGNMENT, 0);
        assert!(matches!(a.allocate(usize::MAX), Err(Error::OutOfMemory { .. })));
        assert!(matches!(a.allocate(isize::MAX as usize), Err(Error::OutOfMemory { .. })));
    }
}

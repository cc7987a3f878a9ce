//! The Rust mirror of `cp_kernel_table` (csrc/include/corepy/kernel_table.h).
//! Field order, array sizes and function signatures must match the header;
//! `load` checks the ABI version, the struct size and the op and dtype names
//! the C++ side reports (both sides come from the same registry rows).
use std::ffi::{c_char, c_int, c_void};

use crate::dtype::NUM_DTYPES;
pub use crate::registry::{NUM_BINARY, NUM_COMPARE, NUM_PREDICATE, NUM_REDUCE, NUM_UNARY};

pub const ABI_VERSION: u32 = 9;
pub const NUM_MODES: usize = 3;

pub type BinaryFn = unsafe extern "C" fn(a: *const c_void, b: *const c_void, out: *mut c_void, n: usize);
pub type BinaryStridedFn = unsafe extern "C" fn(a: *const c_void, sa: isize, b: *const c_void, sb: isize, out: *mut c_void, so: isize, n: usize);
pub type UnaryStridedFn = unsafe extern "C" fn(a: *const c_void, sa: isize, out: *mut c_void, so: isize, n: usize);
pub type WhereFn =
    unsafe extern "C" fn(c: *const c_void, sc: isize, a: *const c_void, sa: isize, b: *const c_void, sb: isize, out: *mut c_void, so: isize, n: usize);
pub type UnaryFn = unsafe extern "C" fn(a: *const c_void, out: *mut c_void, n: usize);
pub type ReduceFn = unsafe extern "C" fn(a: *const c_void, n: usize, out: *mut c_void);
pub type FillFn = unsafe extern "C" fn(out: *mut c_void, value: *const c_void, n: usize);
pub type FillStridedFn = unsafe extern "C" fn(out: *mut c_void, stride: isize, value: *const c_void, n: usize);
pub type ArangeFn = unsafe extern "C" fn(out: *mut c_void, start: *const c_void, step: *const c_void, offset: usize, n: usize);
pub type LinspaceFn = unsafe extern "C" fn(out: *mut c_void, start: f64, step: f64, offset: usize, n: usize);
pub type RandomFn = unsafe extern "C" fn(out: *mut c_void, seed: u64, offset: u64, n: usize);
pub type PackAFn = unsafe extern "C" fn(a: *const c_void, rs: isize, cs: isize, mc: usize, kc: usize, out: *mut c_void);
pub type PackBFn = unsafe extern "C" fn(b: *const c_void, rs: isize, cs: isize, kc: usize, nc: usize, out: *mut c_void);
/// Small product, A unpacked: (m, n, k, a, lda, b, ldb, c, ldc, scratch, pack_all_b); scratch
/// holds MR*k + k*NR elements, or MR*k + k*NR*ceil(n/NR) with pack_all_b.
pub type GemmDirectFn = unsafe extern "C" fn(
    m: usize,
    n: usize,
    k: usize,
    a: *const c_void,
    lda: isize,
    b: *const c_void,
    ldb: isize,
    c: *mut c_void,
    ldc: isize,
    scratch: *mut c_void,
    pack_all_b: i32,
);
pub type GemmMacroFn =
    unsafe extern "C" fn(mc: usize, nc: usize, kc: usize, packed_a: *const c_void, packed_b: *const c_void, c: *mut c_void, ldc: isize, accumulate: c_int);
/// rows: y[i] = sum_p a[i*ld + p] * x[p] (i < m); cols: y[j] = sum_p x[p] * a[p*ld + j] (j < n).
pub type GemvFn = unsafe extern "C" fn(m_or_n: usize, k: usize, a: *const c_void, ld: isize, x: *const c_void, y: *mut c_void);
pub type MatmulFn = unsafe extern "C" fn(a: *const c_void, b: *const c_void, c: *mut c_void, m: usize, k: usize, n: usize);

pub type GatherRowsFn = unsafe extern "C" fn(src: *const c_void, row_bytes: usize, idx: *const i64, n: usize, out: *mut c_void);
pub type ScatterRowsFn = unsafe extern "C" fn(dst: *mut c_void, row_bytes: usize, idx: *const i64, n: usize, src: *const c_void, src_stride: isize);
pub type NonzeroFn = unsafe extern "C" fn(mask: *const u8, n: usize, out: *mut i64);
pub type UnravelFn = unsafe extern "C" fn(flat: *const i64, n: usize, shape: *const usize, ndim: usize, out: *mut i64);
pub type SortFn = unsafe extern "C" fn(data: *mut c_void, n: usize);
pub type ArgsortFn = unsafe extern "C" fn(data: *const c_void, n: usize, idx: *mut i64);
pub type UniqueFn = unsafe extern "C" fn(sorted: *const c_void, n: usize, out: *mut c_void, count: *mut usize);
pub type ArgReduceFn = unsafe extern "C" fn(a: *const c_void, n: usize, out: *mut i64);

/// `cp_isclose_params`: the tolerances and flags of one isclose call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct IscloseParams {
    pub rtol: f64,
    pub atol: f64,
    pub equal_nan: i32,
    pub tol_in_f32: i32,
}
pub type IscloseFn =
    unsafe extern "C" fn(a: *const c_void, sa: isize, b: *const c_void, sb: isize, out: *mut c_void, so: isize, n: usize, params: *const IscloseParams);

#[repr(C)]
#[derive(Clone, Copy)]
pub struct GemmKernels {
    pub mr: usize,
    pub nr: usize,
    pub pack_a: Option<PackAFn>,
    pub pack_b: Option<PackBFn>,
    pub macro_kernel: Option<GemmMacroFn>,
    pub direct: Option<GemmDirectFn>,
    pub gemv_rows: Option<GemvFn>,
    pub gemv_cols: Option<GemvFn>,
}

/// `Option<extern fn>` has the layout of a nullable C function pointer.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct KernelTable {
    pub abi_version: u32,
    pub table_size: u32,
    pub isa_name: *const c_char,
    pub registry_names: *const c_char,
    pub binary: [[[Option<BinaryFn>; NUM_MODES]; NUM_DTYPES]; NUM_BINARY],
    pub binary_strided: [[Option<BinaryStridedFn>; NUM_DTYPES]; NUM_BINARY],
    pub compare: [[[Option<BinaryFn>; NUM_MODES]; NUM_DTYPES]; NUM_COMPARE],
    pub compare_strided: [[Option<BinaryStridedFn>; NUM_DTYPES]; NUM_COMPARE],
    pub where_: [Option<WhereFn>; NUM_DTYPES],
    pub unary: [[Option<UnaryFn>; NUM_DTYPES]; NUM_UNARY],
    pub unary_strided: [[Option<UnaryStridedFn>; NUM_DTYPES]; NUM_UNARY],
    pub predicate_strided: [[Option<UnaryStridedFn>; NUM_DTYPES]; NUM_PREDICATE],
    pub cast: [[Option<UnaryFn>; NUM_DTYPES]; NUM_DTYPES],
    pub cast_strided: [[Option<UnaryStridedFn>; NUM_DTYPES]; NUM_DTYPES],
    pub reduce: [[Option<ReduceFn>; NUM_DTYPES]; NUM_REDUCE],
    pub fill: [Option<FillFn>; NUM_DTYPES],
    pub fill_strided: [Option<FillStridedFn>; NUM_DTYPES],
    pub arange: [Option<ArangeFn>; NUM_DTYPES],
    pub linspace: [Option<LinspaceFn>; NUM_DTYPES],
    pub uniform: [Option<RandomFn>; NUM_DTYPES],
    pub normal: [Option<RandomFn>; NUM_DTYPES],
    pub gemm: [GemmKernels; NUM_DTYPES],
    pub matmul_naive: [Option<MatmulFn>; NUM_DTYPES],
    pub gather_rows: Option<GatherRowsFn>,
    pub scatter_rows: Option<ScatterRowsFn>,
    pub nonzero: Option<NonzeroFn>,
    pub unravel: Option<UnravelFn>,
    pub sort: [Option<SortFn>; NUM_DTYPES],
    pub argsort: [Option<ArgsortFn>; NUM_DTYPES],
    pub unique: [Option<UniqueFn>; NUM_DTYPES],
    pub cumsum: [Option<ReduceFn>; NUM_DTYPES],
    pub cumprod: [Option<ReduceFn>; NUM_DTYPES],
    pub argmax: [Option<ArgReduceFn>; NUM_DTYPES],
    pub argmin: [Option<ArgReduceFn>; NUM_DTYPES],
    pub isclose: [Option<IscloseFn>; NUM_DTYPES],
}

// SAFETY: the table holds function pointers and pointers to static C
// string literals; all are immutable for the life of the process.
unsafe impl Send for KernelTable {}
unsafe impl Sync for KernelTable {}

extern "C" {
    fn corepy_kernel_table_scalar(table: *mut KernelTable);
    #[cfg(target_arch = "x86_64")]
    fn corepy_kernel_table_avx2(table: *mut KernelTable);
    #[cfg(target_arch = "x86_64")]
    fn corepy_kernel_table_avx512(table: *mut KernelTable);
    #[cfg(target_arch = "aarch64")]
    fn corepy_kernel_table_neon(table: *mut KernelTable);
}

/// The instruction sets this build has kernels for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Isa {
    Scalar,
    Avx2,
    Avx512,
    Neon,
}

impl Isa {
    pub fn name(self) -> &'static str {
        match self {
            Isa::Scalar => "scalar",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
            Isa::Neon => "neon",
        }
    }

    /// Compiled into this build (independent of the CPU running it).
    pub fn compiled() -> &'static [Isa] {
        #[cfg(target_arch = "x86_64")]
        return &[Isa::Scalar, Isa::Avx2, Isa::Avx512];
        #[cfg(target_arch = "aarch64")]
        return &[Isa::Scalar, Isa::Neon];
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        return &[Isa::Scalar];
    }
}

/// Fill a table for `isa`. Filling never runs ISA-specific instructions
/// (kernel_table.cpp is built with baseline flags), so it is safe on any CPU.
pub fn load(isa: Isa) -> KernelTable {
    let mut table = std::mem::MaybeUninit::<KernelTable>::zeroed();
    // SAFETY: the C function writes a complete cp_kernel_table (it memsets the
    // struct, then sets fields) into memory of the mirrored size; all-zero is
    // also a valid KernelTable (null function pointers are None).
    unsafe {
        match isa {
            Isa::Scalar => corepy_kernel_table_scalar(table.as_mut_ptr()),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => corepy_kernel_table_avx2(table.as_mut_ptr()),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => corepy_kernel_table_avx512(table.as_mut_ptr()),
            #[cfg(target_arch = "aarch64")]
            Isa::Neon => corepy_kernel_table_neon(table.as_mut_ptr()),
            #[allow(unreachable_patterns)]
            _ => panic!("ISA {} is not compiled into this build", isa.name()),
        }
    }
    // SAFETY: initialized above (zeroed, then filled).
    let table = unsafe { table.assume_init() };
    assert_eq!(table.abi_version, ABI_VERSION, "C++ kernel ABI version differs from the Rust runtime's");
    assert_eq!(
        table.table_size as usize,
        std::mem::size_of::<KernelTable>(),
        "cp_kernel_table size differs between C++ and Rust: the mirror in kernels/table.rs is out of date"
    );
    assert!(!table.registry_names.is_null(), "the {} kernel table reports no registry names", isa.name());
    // SAFETY: non-null, and kernel_table.cpp sets it to a NUL-terminated string literal.
    let names = unsafe { std::ffi::CStr::from_ptr(table.registry_names) };
    assert_eq!(
        names.to_str().ok(),
        Some(crate::registry::REGISTRY_NAMES),
        "the {} kernel table lists other ops or dtypes (or another order) than the runtime was generated from: rebuild both from one checkout",
        isa.name()
    );
    table
}

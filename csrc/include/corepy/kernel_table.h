/* The one ABI between the Rust runtime and the C++ kernels.
 *
 * Each instruction set (scalar, avx2, avx512, neon) exports exactly one
 * function, corepy_kernel_table_<isa>(), that fills this struct with pointers
 * to the kernels compiled for that ISA. Rust mirrors the struct with
 * #[repr(C)] (rust/corepy-runtime/src/kernels/table.rs) and checks
 * abi_version, table_size and registry_names before using it. A null entry means "no kernel
 * for this dtype"; Rust never calls one (it validates dtypes first).
 *
 * Kernels trust their inputs: pointers valid for the counts given, n > 0
 * where a kernel reads an element, no allocation, no checks.
 */
#ifndef COREPY_KERNEL_TABLE_H
#define COREPY_KERNEL_TABLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "corepy/dtype_list.h"
#include "corepy/op_registry.h"

#define COREPY_KERNEL_ABI_VERSION 9u

/* Op codes: the row order of each list in op_registry.h (CP_DT_* codes come
 * from dtype_list.h). */
#define CP_UN_ENUM_(E, ...) CP_UN_##E,
#define CP_BIN_ENUM_(E, ...) CP_BIN_##E,
#define CP_CMP_ENUM_(E, ...) CP_CMP_##E,
#define CP_PRED_ENUM_(E, ...) CP_PRED_##E,
#define CP_RED_ENUM_(E, ...) CP_RED_##E,
enum { CP_UNARY_OPS(CP_UN_ENUM_, _) CP_NUM_UNARY };
enum { CP_BINARY_OPS(CP_BIN_ENUM_, _) CP_NUM_BINARY };
enum { CP_COMPARE_OPS(CP_CMP_ENUM_, _) CP_NUM_COMPARE };
enum { CP_PREDICATE_OPS(CP_PRED_ENUM_, _) CP_NUM_PREDICATE };
enum { CP_REDUCE_OPS(CP_RED_ENUM_, _) CP_NUM_REDUCE };
/* vv: both operands are vectors; vs: b is one element; sv: a is one element. */
enum { CP_MODE_VV = 0, CP_MODE_VS, CP_MODE_SV, CP_NUM_MODES };

/* out[i] = a[i] op b[i] (modes select which operand is broadcast). */
typedef void (*cp_binary_fn)(const void* a, const void* b, void* out, size_t n);
/* out[i*so] = a[i*sa] op b[i*sb]: any element strides (0 broadcasts, negative reverses). */
typedef void (*cp_binary_strided_fn)(const void* a, ptrdiff_t sa, const void* b, ptrdiff_t sb, void* out,
                                     ptrdiff_t so, size_t n);
/* out[i*so] = f(a[i*sa]); also the strided dtype cast / copy. */
typedef void (*cp_unary_strided_fn)(const void* a, ptrdiff_t sa, void* out, ptrdiff_t so, size_t n);
/* out[i] = f(a[i]); also the signature of dtype casts. */
typedef void (*cp_unary_fn)(const void* a, void* out, size_t n);
/* out[i*so] = c[i*sc] ? a[i*sa] : b[i*sb]  (c is bool) */
typedef void (*cp_where_fn)(const void* c, ptrdiff_t sc, const void* a, ptrdiff_t sa, const void* b, ptrdiff_t sb,
                            void* out, ptrdiff_t so, size_t n);
/* *out = reduce(a[0..n]); sum writes the accumulator dtype (i64 for ints/bool). */
typedef void (*cp_reduce_fn)(const void* a, size_t n, void* out);
/* out[i] = *value */
typedef void (*cp_fill_fn)(void* out, const void* value, size_t n);
/* out[i * stride] = *value (stride in elements) */
typedef void (*cp_fill_strided_fn)(void* out, ptrdiff_t stride, const void* value, size_t n);
/* out[i] = *start + (offset + i) * *step, computed in the output dtype */
typedef void (*cp_arange_fn)(void* out, const void* start, const void* step, size_t offset, size_t n);
/* out[i] = (T)(start + (offset + i) * step), computed in double */
typedef void (*cp_linspace_fn)(void* out, double start, double step, size_t offset, size_t n);
/* counter-based random stream: element i of the stream is a pure function of (seed, offset + i) */
typedef void (*cp_random_fn)(void* out, uint64_t seed, uint64_t offset, size_t n);

/* GEMM building blocks (BLIS design). Element strides are in elements. */
/* Pack an mc x kc block of A (a[i*rs + p*cs]) into MR-row panels, zero padded. */
typedef void (*cp_pack_a_fn)(const void* a, ptrdiff_t rs, ptrdiff_t cs, size_t mc, size_t kc, void* out);
/* Pack a kc x nc block of B (b[p*rs + j*cs]) into NR-column panels, zero padded. */
typedef void (*cp_pack_b_fn)(const void* b, ptrdiff_t rs, ptrdiff_t cs, size_t kc, size_t nc, void* out);
/* C[mc x nc] (row stride ldc) = or += packed A * packed B. */
typedef void (*cp_gemm_macro_fn)(size_t mc, size_t nc, size_t kc, const void* packed_a,
                                 const void* packed_b, void* c, ptrdiff_t ldc, int accumulate);
/* Small C[m x n] (row stride ldc) = A B with row-major A and B (unit column
 * stride, row strides lda, ldb); A is read in place, B too unless pack_all_b.
 * scratch holds MR*k + k*NR elements (MR*k + k*NR*ceil(n/NR) with pack_all_b). */
typedef void (*cp_gemm_direct_fn)(size_t m, size_t n, size_t k, const void* a, ptrdiff_t lda,
                                  const void* b, ptrdiff_t ldb, void* c, ptrdiff_t ldc,
                                  void* scratch, int pack_all_b);
/* Matrix-vector products (x contiguous, k elements):
 * rows: y[i] = sum_p a[i*lda + p] * x[p] for i < m (rows of a contiguous);
 * cols: y[j] = sum_p x[p] * b[p*ldb + j] for j < n (rows of b contiguous). */
typedef void (*cp_gemv_fn)(size_t m_or_n, size_t k, const void* a, ptrdiff_t ld, const void* x, void* y);
typedef struct {
  size_t mr; /* rows of the register tile */
  size_t nr; /* columns of the register tile */
  cp_pack_a_fn pack_a;
  cp_pack_b_fn pack_b;
  cp_gemm_macro_fn macro_kernel;
  cp_gemm_direct_fn direct;
  cp_gemv_fn gemv_rows;
  cp_gemv_fn gemv_cols;
} cp_gemm_kernels;

/* c[m x n] = a[m x k] @ b[k x n], all contiguous row-major (integer and bool dtypes). */
typedef void (*cp_matmul_fn)(const void* a, const void* b, void* c, size_t m, size_t k, size_t n);

/* Index kernels (dtype-agnostic, rows of row_bytes bytes; indices validated by Rust). */
typedef void (*cp_gather_rows_fn)(const void* src, size_t row_bytes, const int64_t* idx, size_t n, void* out);
typedef void (*cp_scatter_rows_fn)(void* dst, size_t row_bytes, const int64_t* idx, size_t n, const void* src,
                                   ptrdiff_t src_stride);
typedef void (*cp_nonzero_fn)(const uint8_t* mask, size_t n, int64_t* out);
typedef void (*cp_unravel_fn)(const int64_t* flat, size_t n, const size_t* shape, size_t ndim, int64_t* out);
/* One contiguous run: sort in place; argsort into idx; unique of a sorted run
   (writes *count values); cumsum/cumprod (sum dtype); argmax/argmin. */
typedef void (*cp_sort_fn)(void* data, size_t n);
typedef void (*cp_argsort_fn)(const void* data, size_t n, int64_t* idx);
typedef void (*cp_unique_fn)(const void* sorted, size_t n, void* out, size_t* count);
typedef void (*cp_argreduce_fn)(const void* a, size_t n, int64_t* out);
/* isclose: out[i*so] = |a - b| <= atol + rtol * |b| (b finite) || a == b || (equal_nan && both NaN),
   a and b in one float dtype, bool output; the tolerance is computed in float when tol_in_f32. */
typedef struct {
  double rtol;
  double atol;
  int32_t equal_nan;
  int32_t tol_in_f32;
} cp_isclose_params;
typedef void (*cp_isclose_fn)(const void* a, ptrdiff_t sa, const void* b, ptrdiff_t sb, void* out, ptrdiff_t so,
                              size_t n, const cp_isclose_params* params);

typedef struct cp_kernel_table {
  uint32_t abi_version;
  uint32_t table_size;
  const char* isa_name;
  /* "unary:negative,...;binary:...;dtypes:bool,...": every op and dtype name
   * in code order, so the runtime can check its generated enums against the
   * table (a reordered or stale list fails loudly, not only a resized one). */
  const char* registry_names;
  cp_binary_fn binary[CP_NUM_BINARY][CP_NUM_DTYPES][CP_NUM_MODES];
  cp_binary_strided_fn binary_strided[CP_NUM_BINARY][CP_NUM_DTYPES];
  cp_binary_fn compare[CP_NUM_COMPARE][CP_NUM_DTYPES][CP_NUM_MODES]; /* bool output */
  cp_binary_strided_fn compare_strided[CP_NUM_COMPARE][CP_NUM_DTYPES];
  cp_where_fn where[CP_NUM_DTYPES];
  cp_unary_fn unary[CP_NUM_UNARY][CP_NUM_DTYPES];
  cp_unary_strided_fn unary_strided[CP_NUM_UNARY][CP_NUM_DTYPES];
  cp_unary_strided_fn predicate_strided[CP_NUM_PREDICATE][CP_NUM_DTYPES]; /* bool output */
  cp_unary_fn cast[CP_NUM_DTYPES][CP_NUM_DTYPES]; /* [from][to] */
  cp_unary_strided_fn cast_strided[CP_NUM_DTYPES][CP_NUM_DTYPES];
  cp_reduce_fn reduce[CP_NUM_REDUCE][CP_NUM_DTYPES];
  cp_fill_fn fill[CP_NUM_DTYPES];
  cp_fill_strided_fn fill_strided[CP_NUM_DTYPES];
  cp_arange_fn arange[CP_NUM_DTYPES];
  cp_linspace_fn linspace[CP_NUM_DTYPES];
  cp_random_fn uniform[CP_NUM_DTYPES];
  cp_random_fn normal[CP_NUM_DTYPES];
  cp_gemm_kernels gemm[CP_NUM_DTYPES];
  cp_matmul_fn matmul_naive[CP_NUM_DTYPES];
  cp_gather_rows_fn gather_rows;
  cp_scatter_rows_fn scatter_rows;
  cp_nonzero_fn nonzero;
  cp_unravel_fn unravel;
  cp_sort_fn sort[CP_NUM_DTYPES];
  cp_argsort_fn argsort[CP_NUM_DTYPES];
  cp_unique_fn unique[CP_NUM_DTYPES];
  cp_reduce_fn cumsum[CP_NUM_DTYPES];
  cp_reduce_fn cumprod[CP_NUM_DTYPES];
  cp_argreduce_fn argmax[CP_NUM_DTYPES];
  cp_argreduce_fn argmin[CP_NUM_DTYPES];
  cp_isclose_fn isclose[CP_NUM_DTYPES]; /* float dtypes */
} cp_kernel_table;

void corepy_kernel_table_scalar(cp_kernel_table* table);
#if defined(__x86_64__) || defined(_M_X64)
void corepy_kernel_table_avx2(cp_kernel_table* table);
void corepy_kernel_table_avx512(cp_kernel_table* table);
#endif
#if defined(__aarch64__)
void corepy_kernel_table_neon(cp_kernel_table* table);
#endif

#ifdef __cplusplus
}
#endif
#endif /* COREPY_KERNEL_TABLE_H */

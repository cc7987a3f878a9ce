// GEMM building blocks in the BLIS design: packing of A into MR-row panels and
// of B into NR-column panels, a register-blocked micro-kernel, and the macro
// kernel (the two innermost loops) that sweeps it over one packed block.
// Rust owns the three outer loops, the block sizes (from the cache sizes),
// the packing buffers (from its arena) and the split across threads.
//
// The micro-kernel is written once with GCC/Clang vector types; the register
// tile (MR x NR) is chosen per ISA below so that the accumulators, one row of
// B and one broadcast of A fit in the vector register file.
#include <type_traits>

// Every kernel is built with -ffp-contract=off so results match the scalar
// reference and NumPy bit for bit. GEMM is the exception: its accumulation
// order differs from NumPy's anyway, and fused multiply-add is both faster
// and more accurate, so contraction is turned back on for this file.
#pragma GCC optimize("fp-contract=fast")

#include "isa.h"
#include "gemm_tile.h"
#include "kernel_list.h"

namespace corepy {
namespace {

template <typename T>
void pack_a(const void* a_, ptrdiff_t rs, ptrdiff_t cs, size_t mc, size_t kc, void* out_) {
  constexpr int MR = Tile<T>::MR;
  const T* a = static_cast<const T*>(a_);
  T* out = static_cast<T*>(out_);
  for (size_t i0 = 0; i0 < mc; i0 += MR) {
    const size_t rows = mc - i0 < (size_t)MR ? mc - i0 : (size_t)MR;
    if (cs == 1) {
      // Row-major A: read each row once, front to back (one stream per
      // row instead of MR strided reads per column).
      for (size_t r = 0; r < rows; ++r) {
        const T* row = a + (ptrdiff_t)(i0 + r) * rs;
        for (size_t p = 0; p < kc; ++p) out[p * MR + r] = row[p];
      }
      for (size_t r = rows; r < (size_t)MR; ++r)
        for (size_t p = 0; p < kc; ++p) out[p * MR + r] = T(0);
      out += (size_t)MR * kc;
      continue;
    }
    for (size_t p = 0; p < kc; ++p) {
      const T* col = a + (ptrdiff_t)i0 * rs + (ptrdiff_t)p * cs;
      size_t r = 0;
      for (; r < rows; ++r) out[r] = col[(ptrdiff_t)r * rs];
      for (; r < (size_t)MR; ++r) out[r] = T(0);
      out += MR;
    }
  }
}

template <typename T>
void pack_b(const void* b_, ptrdiff_t rs, ptrdiff_t cs, size_t kc, size_t nc, void* out_) {
  constexpr int NR = Tile<T>::NR;
  const T* b = static_cast<const T*>(b_);
  T* out = static_cast<T*>(out_);
  for (size_t j0 = 0; j0 < nc; j0 += NR) {
    const size_t cols = nc - j0 < (size_t)NR ? nc - j0 : (size_t)NR;
    for (size_t p = 0; p < kc; ++p) {
      const T* row = b + (ptrdiff_t)p * rs + (ptrdiff_t)j0 * cs;
      size_t j = 0;
      if (cs == 1) {
        for (; j < cols; ++j) out[j] = row[j];
      } else {
        for (; j < cols; ++j) out[j] = row[(ptrdiff_t)j * cs];
      }
      for (; j < (size_t)NR; ++j) out[j] = T(0);
      out += NR;
    }
  }
}

// acc = A_panel (MR x kc) * B_panel (kc x NR); then C (m x n valid part) = or += acc.
// A is either packed (DirectA false: element (r, p) at pa[p*MR + r]) or read
// in place from row-major A (DirectA true: pa[r*lda + p], all MR rows valid).
// B row p starts at pb + p*ldb: ldb = NR for a packed panel, the row stride
// of B when it is read in place (all NR columns valid).
template <typename T, bool DirectA>
inline void micro_kernel(size_t kc, const T* pa, ptrdiff_t lda, const T* pb, ptrdiff_t ldb, T* c,
                         ptrdiff_t ldc, int accumulate, size_t m, size_t n) {
  constexpr int VL = Tile<T>::VL, NV = Tile<T>::NV, MR = Tile<T>::MR, NR = Tile<T>::NR;
  typedef typename VecOf<T, VL>::type V;
  V acc[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = V{} ;
  // The C tile is read (accumulate) or written only after the k loop; asking
  // for its cache lines now hides their miss latency behind the arithmetic.
  for (size_t r = 0; r < m; ++r) {
    __builtin_prefetch(c + (ptrdiff_t)r * ldc, 1, 3);
    __builtin_prefetch(c + (ptrdiff_t)r * ldc + NR - 1, 1, 3);
  }
  for (size_t p = 0; p < kc; ++p) {
    // B streams from L2 (packed) or from its rows: request a few steps ahead.
    __builtin_prefetch(pb + 8 * ldb, 0, 3);
    V b[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) b[v] = load_vec<V>(pb + v * VL);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const T a = DirectA ? pa[(ptrdiff_t)r * lda] : pa[r];
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] += a * b[v];
    }
    pa += DirectA ? 1 : MR;
    pb += ldb;
  }
  if (m == (size_t)MR && n == (size_t)NR) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      T* crow = c + (ptrdiff_t)r * ldc;
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        V out = acc[r][v];
        if (accumulate) out += load_vec<V>(crow + v * VL);
        store_vec(crow + v * VL, out);
      }
    }
  } else {  // edge tile: spill to the stack, copy the valid part
    T tile[MR * NR];
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) store_vec(tile + r * NR + v * VL, acc[r][v]);
    for (size_t r = 0; r < m; ++r) {
      T* crow = c + (ptrdiff_t)r * ldc;
      for (size_t j = 0; j < n; ++j) crow[j] = accumulate ? crow[j] + tile[r * NR + j] : tile[r * NR + j];
    }
  }
}

// Loop order: each MR-row panel of packed A (kc x MR, sized by Rust to stay in
// L1) is swept across every NR-column panel of packed B (kc x nc, sized to
// stay in L2).
template <typename T>
void macro_kernel(size_t mc, size_t nc, size_t kc, const void* pa_, const void* pb_, void* c_,
                  ptrdiff_t ldc, int accumulate) {
  constexpr int MR = Tile<T>::MR, NR = Tile<T>::NR;
  const T* pa = static_cast<const T*>(pa_);
  const T* pb = static_cast<const T*>(pb_);
  T* c = static_cast<T*>(c_);
  for (size_t i0 = 0; i0 < mc; i0 += MR) {
    const size_t m = mc - i0 < (size_t)MR ? mc - i0 : (size_t)MR;
    const T* a_panel = pa + i0 * kc;
    for (size_t j0 = 0; j0 < nc; j0 += NR) {
      const size_t n = nc - j0 < (size_t)NR ? nc - j0 : (size_t)NR;
      micro_kernel<T, false>(kc, a_panel, MR, pb + j0 * kc, NR, c + (ptrdiff_t)i0 * ldc + (ptrdiff_t)j0,
                             ldc, accumulate, m, n);
    }
  }
}

// Small products without packing: C (m x n, row stride ldc) = A (m x k) B
// (k x n), A and B row-major with unit column stride (row strides lda, ldb).
// Full tiles read A and B in place. The last partial row panel of A and the
// last partial column panel of B are packed, zero padded, into `scratch`
// (MR*k + k*NR elements, provided by the caller), so nothing past the
// operands' ends is read. Meant for products that fit in L1/L2, where
// packing would cost as much as the arithmetic.
template <typename T>
void gemm_direct(size_t m, size_t n, size_t k, const void* a_, ptrdiff_t lda, const void* b_,
                 ptrdiff_t ldb, void* c_, ptrdiff_t ldc, void* scratch_) {
  constexpr int MR = Tile<T>::MR, NR = Tile<T>::NR;
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* c = static_cast<T*>(c_);
  T* a_edge = static_cast<T*>(scratch_);
  T* b_edge = a_edge + (size_t)MR * k;
  const size_t n_full = n / NR * NR;
  if (n_full < n) pack_b<T>(b + n_full, ldb, 1, k, n - n_full, b_edge);
  for (size_t i0 = 0; i0 < m; i0 += MR) {
    const size_t rows = m - i0 < (size_t)MR ? m - i0 : (size_t)MR;
    if (rows < (size_t)MR) pack_a<T>(a + (ptrdiff_t)i0 * lda, lda, 1, rows, k, a_edge);
    for (size_t j0 = 0; j0 < n; j0 += NR) {
      const size_t cols = n - j0 < (size_t)NR ? n - j0 : (size_t)NR;
      const T* pb = cols == (size_t)NR ? b + j0 : b_edge;
      const ptrdiff_t sb = cols == (size_t)NR ? ldb : NR;
      T* ct = c + (ptrdiff_t)i0 * ldc + (ptrdiff_t)j0;
      if (rows == (size_t)MR)
        micro_kernel<T, true>(k, a + (ptrdiff_t)i0 * lda, lda, pb, sb, ct, ldc, 0, rows, cols);
      else
        micro_kernel<T, false>(k, a_edge, MR, pb, sb, ct, ldc, 0, rows, cols);
    }
  }
}

// Exact dtypes (ints wrap, bool is or-of-ands): a plain i-p-j loop the
// compiler vectorizes along j. c = a @ b, contiguous row-major.
template <typename T, bool IsBool>
void matmul_naive(const void* a_, const void* b_, void* c_, size_t m, size_t k, size_t n) {
  // Wrap-around integer arithmetic in at least 32 unsigned bits (no UB).
  typedef typename std::conditional<(sizeof(T) < 4), uint32_t, typename std::make_unsigned<T>::type>::type U;
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* c = static_cast<T*>(c_);
  for (size_t i = 0; i < m; ++i) {
    T* crow = c + i * n;
    for (size_t j = 0; j < n; ++j) crow[j] = T(0);
    for (size_t p = 0; p < k; ++p) {
      const U aip = (U)a[i * k + p];
      const T* brow = b + p * n;
      if constexpr (IsBool) {
        for (size_t j = 0; j < n; ++j) crow[j] = (T)(crow[j] | (aip & brow[j]));
      } else {
        for (size_t j = 0; j < n; ++j) crow[j] = (T)((U)crow[j] + aip * (U)brow[j]);
      }
    }
  }
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_GEMM(DE, dt, T, _)                                                              \
  extern "C" void CP_NAME(gemm_pack_a_##dt)(const void* a, ptrdiff_t rs, ptrdiff_t cs, size_t mc, \
                                             size_t kc, void* o) {                                \
    corepy::pack_a<T>(a, rs, cs, mc, kc, o);                                                      \
  }                                                                                               \
  extern "C" void CP_NAME(gemm_pack_b_##dt)(const void* b, ptrdiff_t rs, ptrdiff_t cs, size_t kc, \
                                             size_t nc, void* o) {                                \
    corepy::pack_b<T>(b, rs, cs, kc, nc, o);                                                      \
  }                                                                                               \
  extern "C" void CP_NAME(gemm_macro_##dt)(size_t mc, size_t nc, size_t kc, const void* pa,      \
                                            const void* pb, void* c, ptrdiff_t ldc, int acc) {    \
    corepy::macro_kernel<T>(mc, nc, kc, pa, pb, c, ldc, acc);                                    \
  }                                                                                               \
  extern "C" void CP_NAME(gemm_direct_##dt)(size_t m, size_t n, size_t k, const void* a,          \
                                             ptrdiff_t lda, const void* b, ptrdiff_t ldb, void* c, \
                                             ptrdiff_t ldc, void* scratch) {                      \
    corepy::gemm_direct<T>(m, n, k, a, lda, b, ldb, c, ldc, scratch);                            \
  }
CP_DTYPES_FLOAT(CP_DEFINE_GEMM, _)

#define CP_DEFINE_MATMUL_NAIVE(DE, dt, T, _)                                                     \
  extern "C" void CP_NAME(matmul_naive_##dt)(const void* a, const void* b, void* c, size_t m,    \
                                              size_t k, size_t n) {                              \
    corepy::matmul_naive<T, CP_IS_BOOL_##DE>(a, b, c, m, k, n);                                                   \
  }
CP_DTYPES_EXACT(CP_DEFINE_MATMUL_NAIVE, _)

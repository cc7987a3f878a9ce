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
    if (cs == 1 && cols == (size_t)NR) {  // full panel: NR-element row copies
      for (size_t p = 0; p < kc; ++p) {
        const T* row = b + (ptrdiff_t)p * rs + (ptrdiff_t)j0;
#pragma GCC unroll 8
        for (int j = 0; j < NR; ++j) out[j] = row[j];
        out += NR;
      }
      continue;
    }
#if defined(COREPY_ISA_AVX512)
    if (cs == 1) {  // partial panel: masked loads, zeros in the other lanes
      constexpr int VL = Tile<T>::VL;
      typedef typename VecOf<T, VL>::type V;
      for (size_t p = 0; p < kc; ++p) {
        const T* row = b + (ptrdiff_t)p * rs + (ptrdiff_t)j0;
#pragma GCC unroll 4
        for (int v = 0; v < Tile<T>::NV; ++v) {
          const size_t lo = (size_t)v * VL;
          const size_t len = cols <= lo ? 0 : (cols - lo < (size_t)VL ? cols - lo : (size_t)VL);
          store_vec(out + lo, len ? load_vec_first<V>(row + lo, len) : V{});
        }
        out += NR;
      }
      continue;
    }
#endif
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
// MRX x NVX*VL is the part of the register tile computed: the full tile, or
// a narrower/shorter one for edge tiles (less wasted arithmetic on odd
// sizes). Packed A panels keep their MR-wide layout either way.
template <typename T, bool DirectA, int MRX = Tile<T>::MR, int NVX = Tile<T>::NV>
inline void micro_kernel(size_t kc, const T* pa, ptrdiff_t lda, const T* pb, ptrdiff_t ldb, T* c,
                         ptrdiff_t ldc, int accumulate, size_t m, size_t n) {
  constexpr int VL = Tile<T>::VL, NV = NVX, MR = MRX, MR_STRIDE = Tile<T>::MR, NR = NVX * VL;
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
    pa += DirectA ? 1 : MR_STRIDE;
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
  } else {
#if defined(COREPY_ISA_AVX512)
    // Edge tile: the valid rows, each with lane-masked vector accesses.
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      if ((size_t)r >= m) break;
      T* crow = c + (ptrdiff_t)r * ldc;
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        if (n <= (size_t)v * VL) break;
        const size_t cols = n - (size_t)v * VL < (size_t)VL ? n - (size_t)v * VL : (size_t)VL;
        V out = acc[r][v];
        if (accumulate) out += load_vec_first<V>(crow + v * VL, cols);
        store_vec_first(crow + v * VL, out, cols);
      }
    }
#else
    // Edge tile: spill to the stack, copy the valid part.
    T tile[MR * NR];
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) store_vec(tile + r * NR + v * VL, acc[r][v]);
    for (size_t r = 0; r < m; ++r) {
      T* crow = c + (ptrdiff_t)r * ldc;
      for (size_t j = 0; j < n; ++j) crow[j] = accumulate ? crow[j] + tile[r * NR + j] : tile[r * NR + j];
    }
#endif
  }
}

// The smallest register tile variant that covers an m x n (edge) tile.
template <typename T, bool DirectA>
inline void micro_tile(size_t kc, const T* pa, ptrdiff_t lda, const T* pb, ptrdiff_t ldb, T* c,
                       ptrdiff_t ldc, int accumulate, size_t m, size_t n) {
  constexpr int MR = Tile<T>::MR, VL = Tile<T>::VL, NV = Tile<T>::NV, MH = (MR + 1) / 2;
  const bool narrow = NV > 1 && n <= (size_t)VL;
  const bool short_rows = MR > 2 && m <= (size_t)MH;
  if (short_rows && narrow)
    micro_kernel<T, DirectA, MH, 1>(kc, pa, lda, pb, ldb, c, ldc, accumulate, m, n);
  else if (short_rows)
    micro_kernel<T, DirectA, MH, NV>(kc, pa, lda, pb, ldb, c, ldc, accumulate, m, n);
  else if (narrow)
    micro_kernel<T, DirectA, MR, 1>(kc, pa, lda, pb, ldb, c, ldc, accumulate, m, n);
  else
    micro_kernel<T, DirectA>(kc, pa, lda, pb, ldb, c, ldc, accumulate, m, n);
}

// Loop order: each MR-row panel of packed A (kc x MR, sized by Rust to fill
// L1) is swept across every NR-column panel of packed B (kc x nc, streamed
// from L2/L3).
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
      micro_tile<T, false>(kc, a_panel, MR, pb + j0 * kc, NR, c + (ptrdiff_t)i0 * ldc + (ptrdiff_t)j0,
                           ldc, accumulate, m, n);
    }
  }
}

// Small products without packing A: C (m x n, row stride ldc) = A (m x k) B
// (k x n), A and B row-major with unit column stride (row strides lda, ldb).
// Full row panels of A are read in place. B is read in place too when its
// rows are cache-line aligned (pack_all_b = 0), with only the last partial
// column panel packed; otherwise (pack_all_b = 1) every B panel is packed
// first, since unaligned B rows would split every vector load in two. The
// last partial row panel of A is packed as well, so nothing past the
// operands' ends is read. Packed parts go to `scratch` (from the caller):
// MR*k elements for A, then k*NR for B's edge panel or k*NR*ceil(n/NR) for
// all of B. Meant for products that fit in L1/L2, where packing A would
// cost as much as the arithmetic.
template <typename T>
void gemm_direct(size_t m, size_t n, size_t k, const void* a_, ptrdiff_t lda, const void* b_,
                 ptrdiff_t ldb, void* c_, ptrdiff_t ldc, void* scratch_, int pack_all_b) {
  constexpr int MR = Tile<T>::MR, NR = Tile<T>::NR;
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* c = static_cast<T*>(c_);
  T* a_edge = static_cast<T*>(scratch_);
  T* b_packed = a_edge + (size_t)MR * k;
  const size_t n_full = pack_all_b ? 0 : n / NR * NR;  // columns read in place
  if (n_full < n) pack_b<T>(b + n_full, ldb, 1, k, n - n_full, b_packed);
  for (size_t i0 = 0; i0 < m; i0 += MR) {
    const size_t rows = m - i0 < (size_t)MR ? m - i0 : (size_t)MR;
    if (rows < (size_t)MR) pack_a<T>(a + (ptrdiff_t)i0 * lda, lda, 1, rows, k, a_edge);
    for (size_t j0 = 0; j0 < n; j0 += NR) {
      const size_t cols = n - j0 < (size_t)NR ? n - j0 : (size_t)NR;
      const bool in_place = j0 + NR <= n_full;
      const T* pb = in_place ? b + j0 : b_packed + (j0 - n_full) * k;
      const ptrdiff_t sb = in_place ? ldb : NR;
      T* ct = c + (ptrdiff_t)i0 * ldc + (ptrdiff_t)j0;
      if (rows == (size_t)MR)
        micro_tile<T, true>(k, a + (ptrdiff_t)i0 * lda, lda, pb, sb, ct, ldc, 0, rows, cols);
      else
        micro_tile<T, false>(k, a_edge, MR, pb, sb, ct, ldc, 0, rows, cols);
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
                                             ptrdiff_t ldc, void* scratch, int pack_all_b) {      \
    corepy::gemm_direct<T>(m, n, k, a, lda, b, ldb, c, ldc, scratch, pack_all_b);                \
  }
CP_DTYPES_FLOAT(CP_DEFINE_GEMM, _)

#define CP_DEFINE_MATMUL_NAIVE(DE, dt, T, _)                                                     \
  extern "C" void CP_NAME(matmul_naive_##dt)(const void* a, const void* b, void* c, size_t m,    \
                                              size_t k, size_t n) {                              \
    corepy::matmul_naive<T, CP_IS_BOOL(DE)>(a, b, c, m, k, n);                                                   \
  }
CP_DTYPES_EXACT(CP_DEFINE_MATMUL_NAIVE, _)

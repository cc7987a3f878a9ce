// Matrix-vector products (GEMV), the n == 1 and m == 1 cases of matmul and
// the 1-D x 1-D dot: the GEMM path would pack a whole operand and fill one
// column of an MR x NR register tile. Two forms, by which way the matrix is
// contiguous:
//   rows: y[i] = sum_p a[i*lda + p] * x[p]   (each row a dot product)
//   cols: y[j] = sum_p x[p] * b[p*ldb + j]   (rows of b scaled and added)
// Rust picks the form from the strides, hands each thread a range of
// outputs, and makes x contiguous first. Like GEMM, the accumulation order
// differs from NumPy's BLAS anyway, so fused multiply-add is allowed here.
#pragma GCC optimize("fp-contract=fast")

#include "isa.h"
#include "kernel_list.h"

namespace corepy {
namespace {

// Independent accumulators per dot product: four vectors' worth in SIMD
// builds (the inner j loop becomes vector FMAs), eight in the scalar build.
template <typename T>
constexpr int gemv_lanes() {
  return CP_VBYTES == 0 ? 8 : 4 * CP_VBYTES / (int)sizeof(T);
}

template <typename T>
T dot_lanes(const T* a, const T* x, size_t k) {
  constexpr int L = gemv_lanes<T>();
  T acc[L];
  for (int j = 0; j < L; ++j) acc[j] = T(0);
  size_t p = 0;
  for (; p + L <= k; p += L) {
    for (int j = 0; j < L; ++j) acc[j] += a[p + j] * x[p + j];
  }
  for (int j = 0; p < k; ++p, ++j) acc[j] += a[p] * x[p];
  for (int w = L / 2; w > 0; w /= 2) {  // pairwise tree over the lanes
    for (int j = 0; j < w; ++j) acc[j] += acc[j + w];
  }
  return acc[0];
}

template <typename T>
void gemv_rows(size_t m, size_t k, const void* a_, ptrdiff_t lda, const void* x_, void* y_) {
  const T* a = static_cast<const T*>(a_);
  const T* x = static_cast<const T*>(x_);
  T* y = static_cast<T*>(y_);
  for (size_t i = 0; i < m; ++i) y[i] = dot_lanes<T>(a + (ptrdiff_t)i * lda, x, k);
}

// Columns in slices that stay in L1 while every row of b is added in.
constexpr size_t kColsBlock = 1024;

template <typename T>
void gemv_cols(size_t n, size_t k, const void* b_, ptrdiff_t ldb, const void* x_, void* y_) {
  const T* b = static_cast<const T*>(b_);
  const T* x = static_cast<const T*>(x_);
  T* y = static_cast<T*>(y_);
  for (size_t j0 = 0; j0 < n; j0 += kColsBlock) {
    const size_t nb = n - j0 < kColsBlock ? n - j0 : kColsBlock;
    T* yb = y + j0;
    for (size_t j = 0; j < nb; ++j) yb[j] = T(0);
    for (size_t p = 0; p < k; ++p) {
      const T s = x[p];
      const T* row = b + (ptrdiff_t)p * ldb + j0;
      for (size_t j = 0; j < nb; ++j) yb[j] += s * row[j];
    }
  }
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_GEMV(DE, dt, T, _)                                                            \
  extern "C" void CP_NAME(gemv_rows_##dt)(size_t m, size_t k, const void* a, ptrdiff_t lda,     \
                                          const void* x, void* y) {                             \
    corepy::gemv_rows<T>(m, k, a, lda, x, y);                                                   \
  }                                                                                             \
  extern "C" void CP_NAME(gemv_cols_##dt)(size_t n, size_t k, const void* b, ptrdiff_t ldb,     \
                                          const void* x, void* y) {                             \
    corepy::gemv_cols<T>(n, k, b, ldb, x, y);                                                   \
  }
CP_DTYPES_FLOAT(CP_DEFINE_GEMV, _)

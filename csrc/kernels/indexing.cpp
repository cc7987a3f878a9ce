// Kernels that move elements by index: row gather/scatter (integer-array and
// boolean-mask indexing, take), the positions of nonzero elements, and
// flat-to-coordinate conversion. Dtype-agnostic: rows are byte runs. Indices
// are validated by Rust (in range, non-negative) before these run.
#include "isa.h"

namespace corepy {
namespace {

inline void copy_bytes(char* dst, const char* src, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = src[i];
}

}  // namespace
}  // namespace corepy

// out row i = src row idx[i]
extern "C" void CP_NAME(gather_rows)(const void* src, size_t row_bytes, const int64_t* idx, size_t n, void* out) {
  const char* s = static_cast<const char*>(src);
  char* o = static_cast<char*>(out);
  if (row_bytes == 4 || row_bytes == 8) {  // single elements: the common take() case
    for (size_t i = 0; i < n; ++i) __builtin_memcpy(o + i * row_bytes, s + (size_t)idx[i] * row_bytes, row_bytes);
    return;
  }
  for (size_t i = 0; i < n; ++i) corepy::copy_bytes(o + i * row_bytes, s + (size_t)idx[i] * row_bytes, row_bytes);
}

// dst row idx[i] = src row i (src_stride 0 repeats one row)
extern "C" void CP_NAME(scatter_rows)(void* dst, size_t row_bytes, const int64_t* idx, size_t n, const void* src,
                                      ptrdiff_t src_stride) {
  char* d = static_cast<char*>(dst);
  const char* s = static_cast<const char*>(src);
  for (size_t i = 0; i < n; ++i) corepy::copy_bytes(d + (size_t)idx[i] * row_bytes, s + (ptrdiff_t)i * src_stride, row_bytes);
}

// out[k] = position of the k-th nonzero byte of mask
extern "C" void CP_NAME(nonzero)(const uint8_t* mask, size_t n, int64_t* out) {
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    if (mask[i]) out[k++] = (int64_t)i;
  }
}

// out[i*ndim + d] = coordinate d of flat row-major index flat[i] in shape
extern "C" void CP_NAME(unravel)(const int64_t* flat, size_t n, const size_t* shape, size_t ndim, int64_t* out) {
  for (size_t i = 0; i < n; ++i) {
    uint64_t rem = (uint64_t)flat[i];
    for (size_t d = ndim; d-- > 0;) {
      out[i * ndim + d] = (int64_t)(rem % shape[d]);
      rem /= shape[d];
    }
  }
}

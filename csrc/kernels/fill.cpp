// Creation kernels: constant fill, strided fill (eye's diagonal), arange and
// linspace. Each writes a caller-given range [offset, offset + n) of the
// sequence so Rust can split large outputs across threads.
#include <type_traits>

#include "isa.h"
#include "kernel_list.h"

namespace corepy {
namespace {

template <typename T>
inline void fill(void* out_, const void* value, size_t n) {
  T* out = static_cast<T*>(out_);
  const T v = *static_cast<const T*>(value);
  for (size_t i = 0; i < n; ++i) out[i] = v;
}

template <typename T>
inline void fill_strided(void* out_, ptrdiff_t stride, const void* value, size_t n) {
  T* out = static_cast<T*>(out_);
  const T v = *static_cast<const T*>(value);
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * stride] = v;
}

template <typename T>
inline void arange(void* out_, const void* start_, const void* step_, size_t offset, size_t n) {
  T* out = static_cast<T*>(out_);
  if constexpr (std::is_integral<T>::value) {
    typedef uint64_t U;  // wrap, never UB (then truncate to T)
    const U start = (U) * static_cast<const T*>(start_);
    const U step = (U) * static_cast<const T*>(step_);
    for (size_t i = 0; i < n; ++i) out[i] = (T)(start + (U)(offset + i) * step);
  } else {
    const T start = *static_cast<const T*>(start_);
    const T step = *static_cast<const T*>(step_);
    for (size_t i = 0; i < n; ++i) out[i] = start + (T)(offset + i) * step;
  }
}

template <typename T>
inline void linspace(void* out_, double start, double step, size_t offset, size_t n) {
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = (T)((double)(offset + i) * step + start);
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_FILL(DE, dt, T, _)                                                                   \
  extern "C" void CP_NAME(fill_##dt)(void* o, const void* v, size_t n) { corepy::fill<T>(o, v, n); } \
  extern "C" void CP_NAME(fill_strided_##dt)(void* o, ptrdiff_t s, const void* v, size_t n) {        \
    corepy::fill_strided<T>(o, s, v, n);                                                              \
  }
CP_DTYPES_ALL(CP_DEFINE_FILL, _)

#define CP_DEFINE_ARANGE(DE, dt, T, _)                                                                 \
  extern "C" void CP_NAME(arange_##dt)(void* o, const void* a, const void* s, size_t off, size_t n) { \
    corepy::arange<T>(o, a, s, off, n);                                                               \
  }
CP_DTYPES_NUMERIC(CP_DEFINE_ARANGE, _)

#define CP_DEFINE_LINSPACE(DE, dt, T, _)                                                         \
  extern "C" void CP_NAME(linspace_##dt)(void* o, double a, double s, size_t off, size_t n) {  \
    corepy::linspace<T>(o, a, s, off, n);                                                       \
  }
CP_DTYPES_FLOAT(CP_DEFINE_LINSPACE, _)

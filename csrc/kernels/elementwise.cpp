// Elementwise kernels: binary arithmetic, unary negation and dtype casts.
// Plain loops; the per-ISA compile flags make the compiler emit that ISA's
// vector code (the scalar build disables vectorization and FMA contraction
// and is the reference the SIMD builds are tested against).
#include <limits>
#include <type_traits>

#include "isa.h"
#include "kernel_list.h"

namespace corepy {
namespace {

// Integer arithmetic wraps (two's complement) like NumPy, without C++ UB.
template <typename T, bool = std::is_integral<T>::value>
struct WideOf { typedef T type; };
template <typename T>
struct WideOf<T, true> { typedef typename std::make_unsigned<T>::type type; };
template <typename T>
using Wide = typename WideOf<T>::type;

struct AddOp { template <typename T> static T apply(T a, T b) { return (T)((Wide<T>)a + (Wide<T>)b); } };
struct SubOp { template <typename T> static T apply(T a, T b) { return (T)((Wide<T>)a - (Wide<T>)b); } };
struct MulOp { template <typename T> static T apply(T a, T b) { return (T)((Wide<T>)a * (Wide<T>)b); } };
struct DivOp { template <typename T> static T apply(T a, T b) { return a / b; } };
struct OrOp  { template <typename T> static T apply(T a, T b) { return (T)(a | b); } };
struct AndOp { template <typename T> static T apply(T a, T b) { return (T)(a & b); } };
// Floats negate (so -(+0.0) is -0.0 and NaN signs flip); ints wrap.
struct NegOp {
  template <typename T>
  static T apply(T a) {
    if constexpr (std::is_floating_point<T>::value) {
      return -a;
    } else {
      return (T)(Wide<T>(0) - (Wide<T>)a);
    }
  }
};

template <typename Op, typename T>
inline void binary_vv(const void* a_, const void* b_, void* out_, size_t n) {
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a[i], b[i]);
}

template <typename Op, typename T>
inline void binary_vs(const void* a_, const void* b_, void* out_, size_t n) {
  const T* a = static_cast<const T*>(a_);
  const T b = *static_cast<const T*>(b_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a[i], b);
}

template <typename Op, typename T>
inline void binary_sv(const void* a_, const void* b_, void* out_, size_t n) {
  const T a = *static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a, b[i]);
}

template <typename Op, typename T>
inline void binary_strided(const void* a_, ptrdiff_t sa, const void* b_, ptrdiff_t sb, void* out_, ptrdiff_t so,
                           size_t n) {
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * so] = Op::apply(a[(ptrdiff_t)i * sa], b[(ptrdiff_t)i * sb]);
}

template <typename Op, typename T>
inline void unary_strided(const void* a_, ptrdiff_t sa, void* out_, ptrdiff_t so, size_t n) {
  const T* a = static_cast<const T*>(a_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * so] = Op::apply(a[(ptrdiff_t)i * sa]);
}

template <typename Op, typename T>
inline void unary(const void* a_, void* out_, size_t n) {
  const T* a = static_cast<const T*>(a_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a[i]);
}

// Conversions with NumPy's results and no C++ undefined behaviour:
// anything -> bool is (x != 0); float -> int out of range or NaN gives the
// integer minimum (what x86's cvtt* instructions, and so NumPy there, give).
template <typename From, typename To>
inline To convert(From x) {
  if constexpr (std::is_same<To, uint8_t>::value) {  // bool
    return (To)(x != From(0));
  } else if constexpr (std::is_floating_point<From>::value && std::is_integral<To>::value) {
    constexpr From lo = (From)std::numeric_limits<To>::min();        // -2^(b-1), exact
    constexpr From hi = -(From)std::numeric_limits<To>::min();       // 2^(b-1), exact
    return (x >= lo && x < hi) ? (To)x : std::numeric_limits<To>::min();
  } else {
    return (To)x;
  }
}

template <typename From, typename To>
inline void cast_strided(const void* in_, ptrdiff_t si, void* out_, ptrdiff_t so, size_t n) {
  const From* in = static_cast<const From*>(in_);
  To* out = static_cast<To*>(out_);
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * so] = convert<From, To>(in[(ptrdiff_t)i * si]);
}

template <typename From, typename To>
inline void cast(const void* in_, void* out_, size_t n) {
  const From* in = static_cast<const From*>(in_);
  To* out = static_cast<To*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = convert<From, To>(in[i]);
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_BINARY(OE, op, DE, dt, T, F)                                                  \
  extern "C" void CP_NAME(binary_##op##_##dt##_vv)(const void* a, const void* b, void* o, size_t n) { \
    corepy::binary_vv<corepy::F, T>(a, b, o, n);                                                \
  }                                                                                             \
  extern "C" void CP_NAME(binary_##op##_##dt##_vs)(const void* a, const void* b, void* o, size_t n) { \
    corepy::binary_vs<corepy::F, T>(a, b, o, n);                                                \
  }                                                                                             \
  extern "C" void CP_NAME(binary_##op##_##dt##_sv)(const void* a, const void* b, void* o, size_t n) { \
    corepy::binary_sv<corepy::F, T>(a, b, o, n);                                                \
  }                                                                                             \
  extern "C" void CP_NAME(binary_##op##_##dt##_strided)(const void* a, ptrdiff_t sa, const void* b,  \
                                                        ptrdiff_t sb, void* o, ptrdiff_t so, size_t n) { \
    corepy::binary_strided<corepy::F, T>(a, sa, b, sb, o, so, n);                               \
  }
CP_BINARY_KERNELS(CP_DEFINE_BINARY)

#define CP_DEFINE_UNARY(OE, op, DE, dt, T, F)                                     \
  extern "C" void CP_NAME(unary_##op##_##dt)(const void* a, void* o, size_t n) { \
    corepy::unary<corepy::F, T>(a, o, n);                                         \
  }                                                                               \
  extern "C" void CP_NAME(unary_##op##_##dt##_strided)(const void* a, ptrdiff_t sa, void* o, ptrdiff_t so, \
                                                       size_t n) {                \
    corepy::unary_strided<corepy::F, T>(a, sa, o, so, n);                         \
  }
CP_UNARY_KERNELS(CP_DEFINE_UNARY)

#define CP_DEFINE_CAST(FE, fdt, FT, TE, tdt, TT)                                           \
  extern "C" void CP_NAME(cast_##fdt##_to_##tdt)(const void* a, void* o, size_t n) {     \
    corepy::cast<FT, TT>(a, o, n);                                                          \
  }                                                                                         \
  extern "C" void CP_NAME(cast_##fdt##_to_##tdt##_strided)(const void* a, ptrdiff_t sa, void* o, \
                                                           ptrdiff_t so, size_t n) {        \
    corepy::cast_strided<FT, TT>(a, sa, o, so, n);                                          \
  }
CP_CAST_KERNELS(CP_DEFINE_CAST)

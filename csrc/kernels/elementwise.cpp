// Elementwise kernels with two inputs: arithmetic, comparisons, where(), and
// dtype casts.
// Plain loops; the per-ISA compile flags make the compiler emit that ISA's
// vector code (the scalar build disables vectorization and FMA contraction
// and is the reference the SIMD builds are tested against).
#include <cmath>
#include <limits>
#include <type_traits>

#include "isa.h"
#include "kernel_list.h"
#include "wrapping_int.h"

namespace corepy {
namespace {

// Integer arithmetic wraps like NumPy: Wide<T> (wrapping_int.h).

struct AddOp { template <typename T> static T apply(T a, T b) { return (T)((Wide<T>)a + (Wide<T>)b); } };
struct SubOp { template <typename T> static T apply(T a, T b) { return (T)((Wide<T>)a - (Wide<T>)b); } };
struct MulOp { template <typename T> static T apply(T a, T b) { return (T)((Wide<T>)a * (Wide<T>)b); } };
struct DivOp { template <typename T> static T apply(T a, T b) { return a / b; } };
struct BitOrOp { template <typename T> static T apply(T a, T b) { return (T)(a | b); } };
struct BitAndOp { template <typename T> static T apply(T a, T b) { return (T)(a & b); } };
struct BitXorOp { template <typename T> static T apply(T a, T b) { return (T)(a ^ b); } };
// NaN wins (NumPy's maximum/minimum propagate NaN).
struct MaxOp { template <typename T> static T apply(T a, T b) { return (a >= b || a != a) ? a : b; } };
struct MinOp { template <typename T> static T apply(T a, T b) { return (a <= b || a != a) ? a : b; } };

// Floor division and modulo with Python/NumPy signs: the remainder takes the
// divisor's sign. Integers: x // 0 and x % 0 give 0 (NumPy also warns);
// MIN // -1 wraps to MIN.
template <typename T>
inline void int_divmod(T a, T b, T* q, T* r) {
  typedef typename std::make_unsigned<T>::type U;
  if (b == 0) { *q = 0; *r = 0; return; }
  if (b == -1) { *q = (T)(U(0) - (U)a); *r = 0; return; }
  T qq = a / b, rr = a % b;
  if (rr != 0 && ((rr < 0) != (b < 0))) { qq -= 1; rr += b; }
  *q = qq; *r = rr;
}
// Floats: NumPy's divmod: fmod, then fix the sign; floor of the quotient
// rounded to the nearest integer to undo fmod's rounding.
template <typename T>
inline void float_divmod(T a, T b, T* q, T* r) {
  T mod = std::fmod(a, b);
  if (b == T(0)) { *q = a / b; *r = mod; return; }
  T div = (a - mod) / b;
  if (mod != T(0)) {
    if ((b < T(0)) != (mod < T(0))) { mod += b; div -= T(1); }
  } else {
    mod = std::copysign(T(0), b);
  }
  T fdiv;
  if (div != T(0)) {
    fdiv = std::floor(div);
    if (div - fdiv > T(0.5)) fdiv += T(1);
  } else {
    fdiv = std::copysign(T(0), a / b);
  }
  *q = fdiv; *r = mod;
}
struct FloorDivOp {
  template <typename T> static T apply(T a, T b) {
    T q, r;
    if constexpr (std::is_floating_point<T>::value) float_divmod(a, b, &q, &r); else int_divmod(a, b, &q, &r);
    return q;
  }
};
struct ModOp {
  template <typename T> static T apply(T a, T b) {
    T q, r;
    if constexpr (std::is_floating_point<T>::value) float_divmod(a, b, &q, &r); else int_divmod(a, b, &q, &r);
    return r;
  }
};
// Floats: libm pow. Integers: square-and-multiply with wrap-around; Rust
// rejects negative exponents before calling (NumPy raises too).
struct PowOp {
  template <typename T> static T apply(T a, T b) {
    if constexpr (std::is_floating_point<T>::value) {
      return std::pow(a, b);
    } else {
      typedef Wide<T> U;
      if (b < 0) return 0;
      U result = 1, base = (U)a;
      U e = (U)b;
      while (e) {
        if (e & 1) result *= base;
        base *= base;
        e >>= 1;
      }
      return (T)result;
    }
  }
};

struct EqOp { template <typename T> static uint8_t apply(T a, T b) { return a == b; } };
struct NeOp { template <typename T> static uint8_t apply(T a, T b) { return a != b; } };
struct LtOp { template <typename T> static uint8_t apply(T a, T b) { return a < b; } };
struct LeOp { template <typename T> static uint8_t apply(T a, T b) { return a <= b; } };
struct GtOp { template <typename T> static uint8_t apply(T a, T b) { return a > b; } };
struct GeOp { template <typename T> static uint8_t apply(T a, T b) { return a >= b; } };

// R is the output type: T for arithmetic, uint8_t (bool) for comparisons.
template <typename Op, typename T, typename R = T>
inline void binary_vv(const void* a_, const void* b_, void* out_, size_t n) {
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  R* out = static_cast<R*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a[i], b[i]);
}

// Integer floor division and modulo by one divisor b (not 0 or -1) for
// 8- and 16-bit types and int32, vectorized (hardware integer division is
// not): an estimate q = trunc(a * (1/b)) in floating point, then the exact
// integer remainder r = a - q*b corrects it to the floor. |a| < 2^31, so the
// estimate is within 2^-21 of a/b in double (8- and 16-bit types: |a| <
// 2^16, within 2^-7 in float), which puts trunc(a/b)'s error and floor's
// own step of one below the one correction: q - (r < 0) + (r >= b) for
// b > 0, q - (r > 0) + (r <= b) for b < 0. r is computed modulo 2^32,
// where its true value (|r| < 2|b|) always fits.
template <typename T>
constexpr bool kDivByFloat =
    std::is_integral<T>::value && (sizeof(T) < 4 || (sizeof(T) == 4 && std::is_signed<T>::value));

template <bool Mod, bool Positive, typename T>
inline void int_divmod_by_scalar_signed(const T* a, T b, T* out, size_t n) {
  typedef typename std::conditional<(sizeof(T) <= 2), float, double>::type F;
  const F rb = F(1) / (F)b;
  const int32_t bi = (int32_t)b;
  for (size_t i = 0; i < n; ++i) {
    const int32_t x = (int32_t)a[i];
    // (The float -> int conversion vectorizes because the kernels build
    // with -fno-trapping-math; it is always in range here.)
    int32_t q = (int32_t)((F)x * rb);
    const int32_t r = (int32_t)((uint32_t)x - (uint32_t)q * (uint32_t)bi);
    if (Positive) {
      q = q - (int32_t)(r < 0) + (int32_t)(r >= bi);
    } else {
      q = q - (int32_t)(r > 0) + (int32_t)(r <= bi);
    }
    out[i] = Mod ? (T)((Wide<T>)a[i] - (Wide<T>)(T)q * (Wide<T>)b) : (T)q;
  }
}

template <bool Mod, typename T>
inline void int_divmod_by_scalar(const T* a, T b, T* out, size_t n) {
  if (b > T(0)) {
    int_divmod_by_scalar_signed<Mod, true, T>(a, b, out, n);
  } else {
    int_divmod_by_scalar_signed<Mod, false, T>(a, b, out, n);
  }
}

template <typename Op, typename T, typename R = T>
inline void binary_vs(const void* a_, const void* b_, void* out_, size_t n) {
  const T* a = static_cast<const T*>(a_);
  const T b = *static_cast<const T*>(b_);
  R* out = static_cast<R*>(out_);
  if constexpr (kDivByFloat<T> && (std::is_same<Op, FloorDivOp>::value || std::is_same<Op, ModOp>::value)) {
    if (b != T(0) && !(std::is_signed<T>::value && b == T(-1))) {
      int_divmod_by_scalar<std::is_same<Op, ModOp>::value, T>(a, b, out, n);
      return;
    }
  }
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a[i], b);
}

template <typename Op, typename T, typename R = T>
inline void binary_sv(const void* a_, const void* b_, void* out_, size_t n) {
  const T a = *static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  R* out = static_cast<R*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a, b[i]);
}

template <typename Op, typename T, typename R = T>
inline void binary_strided(const void* a_, ptrdiff_t sa, const void* b_, ptrdiff_t sb, void* out_, ptrdiff_t so,
                           size_t n) {
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  R* out = static_cast<R*>(out_);
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * so] = Op::apply(a[(ptrdiff_t)i * sa], b[(ptrdiff_t)i * sb]);
}

template <typename T>
inline void where(const void* c_, ptrdiff_t sc, const void* a_, ptrdiff_t sa, const void* b_, ptrdiff_t sb,
                  void* out_, ptrdiff_t so, size_t n) {
  const uint8_t* c = static_cast<const uint8_t*>(c_);
  const T* a = static_cast<const T*>(a_);
  const T* b = static_cast<const T*>(b_);
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) {
    const ptrdiff_t k = (ptrdiff_t)i;
    out[k * so] = c[k * sc] ? a[k * sa] : b[k * sb];
  }
}

// Conversions with NumPy's results and no C++ undefined behaviour:
// anything -> bool is (x != 0); float -> int32/int64 out of range or NaN
// gives the integer minimum (what x86's cvtt* instructions, and so NumPy
// there, give); float -> int8/int16/uint8 goes through int32 and keeps its
// low bits, as NumPy's C casts compile on x86 (300.0 -> int8 44, -1.0 ->
// uint8 255). The Rust scalar conversion (scalar.rs float_to_int) follows
// the same rule.
template <typename From, typename To, bool ToBool>
inline To convert(From x) {
  if constexpr (ToBool) {
    return (To)(x != From(0));
  } else if constexpr (std::is_floating_point<From>::value && std::is_integral<To>::value &&
                       sizeof(To) < sizeof(int32_t)) {
    return (To)(uint32_t)convert<From, int32_t, false>(x);  // modular narrowing
  } else if constexpr (std::is_floating_point<From>::value && std::is_integral<To>::value) {
    constexpr From lo = (From)std::numeric_limits<To>::min();              // exact
    constexpr From hi = (From)std::numeric_limits<To>::max() + From(1);    // 2^k, exact after rounding
    return (x >= lo && x < hi) ? (To)x : std::numeric_limits<To>::min();
  } else {
    return (To)x;
  }
}

template <typename From, typename To, bool ToBool>
inline void cast_strided(const void* in_, ptrdiff_t si, void* out_, ptrdiff_t so, size_t n) {
  const From* in = static_cast<const From*>(in_);
  To* out = static_cast<To*>(out_);
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * so] = convert<From, To, ToBool>(in[(ptrdiff_t)i * si]);
}

template <typename From, typename To, bool ToBool>
inline void cast(const void* in_, void* out_, size_t n) {
  const From* in = static_cast<const From*>(in_);
  To* out = static_cast<To*>(out_);
  for (size_t i = 0; i < n; ++i) out[i] = convert<From, To, ToBool>(in[i]);
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

#define CP_DEFINE_COMPARE(OE, op, DE, dt, T, F)                                                  \
  extern "C" void CP_NAME(compare_##op##_##dt##_vv)(const void* a, const void* b, void* o, size_t n) { \
    corepy::binary_vv<corepy::F, T, uint8_t>(a, b, o, n);                                        \
  }                                                                                              \
  extern "C" void CP_NAME(compare_##op##_##dt##_vs)(const void* a, const void* b, void* o, size_t n) { \
    corepy::binary_vs<corepy::F, T, uint8_t>(a, b, o, n);                                        \
  }                                                                                              \
  extern "C" void CP_NAME(compare_##op##_##dt##_sv)(const void* a, const void* b, void* o, size_t n) { \
    corepy::binary_sv<corepy::F, T, uint8_t>(a, b, o, n);                                        \
  }                                                                                              \
  extern "C" void CP_NAME(compare_##op##_##dt##_strided)(const void* a, ptrdiff_t sa, const void* b,  \
                                                         ptrdiff_t sb, void* o, ptrdiff_t so, size_t n) { \
    corepy::binary_strided<corepy::F, T, uint8_t>(a, sa, b, sb, o, so, n);                       \
  }
CP_COMPARE_KERNELS(CP_DEFINE_COMPARE)

#define CP_DEFINE_WHERE(DE, dt, T, _)                                                            \
  extern "C" void CP_NAME(where_##dt)(const void* c, ptrdiff_t sc, const void* a, ptrdiff_t sa,  \
                                      const void* b, ptrdiff_t sb, void* o, ptrdiff_t so, size_t n) { \
    corepy::where<T>(c, sc, a, sa, b, sb, o, so, n);                                             \
  }
CP_DTYPES_ALL(CP_DEFINE_WHERE, _)

#define CP_DEFINE_CAST(FE, fdt, FT, TE, tdt, TT)                                           \
  extern "C" void CP_NAME(cast_##fdt##_to_##tdt)(const void* a, void* o, size_t n) {     \
    corepy::cast<FT, TT, CP_IS_BOOL(TE)>(a, o, n);                                                          \
  }                                                                                         \
  extern "C" void CP_NAME(cast_##fdt##_to_##tdt##_strided)(const void* a, ptrdiff_t sa, void* o, \
                                                           ptrdiff_t so, size_t n) {        \
    corepy::cast_strided<FT, TT, CP_IS_BOOL(TE)>(a, sa, o, so, n);                                          \
  }
CP_CAST_KERNELS(CP_DEFINE_CAST)

// Elementwise kernels with one input: arithmetic (neg, abs, sign, square,
// relu, invert), rounding, sqrt and the transcendental functions, and the
// bool-valued predicates (isnan, isinf, isfinite, logical_not).
//
// Transcendentals come from math_functions.h: branch-free polynomial
// versions that vectorize under each ISA's flags and give the same bits on
// every ISA (csrc/tests/math_accuracy_test.cpp measures their ulp error);
// sqrt and rounding are IEEE-exact instructions.
#include <cmath>
#include <type_traits>

#include "isa.h"
#include "kernel_list.h"
#include "math_functions.h"
#include "wrapping_int.h"

namespace corepy {
namespace {


// Floats negate (so -(+0.0) is -0.0 and NaN signs flip); ints wrap.
struct NegOp {
  template <typename T> static T apply(T a) {
    if constexpr (std::is_floating_point<T>::value) return -a;
    else return (T)(Wide<T>(0) - (Wide<T>)a);
  }
};
struct AbsOp {
  template <typename T> static T apply(T a) {
    if constexpr (std::is_floating_point<T>::value) return std::fabs(a);
    else return a < 0 ? (T)(Wide<T>(0) - (Wide<T>)a) : a;  // abs(MIN) wraps to MIN, as NumPy
  }
};
// sign: -1, 0 or 1; NaN stays NaN.
struct SignOp {
  template <typename T> static T apply(T a) {
    if constexpr (std::is_floating_point<T>::value) return a > T(0) ? T(1) : (a < T(0) ? T(-1) : (a == T(0) ? T(0) : a));
    else return (T)((a > 0) - (a < 0));
  }
};
struct SquareOp { template <typename T> static T apply(T a) { return (T)((Wide<T>)a * (Wide<T>)a); } };
// max(x, 0) with NaN kept.
struct ReluOp { template <typename T> static T apply(T a) { return (a > T(0) || a != a) ? a : T(0); } };
struct InvertOp { template <typename T> static T apply(T a) { return (T)~a; } };
struct LogicalInvertOp { template <typename T> static T apply(T a) { return (T)(a ^ 1); } };  // bool ~
struct FloorOp { template <typename T> static T apply(T a) { return std::floor(a); } };
struct CeilOp { template <typename T> static T apply(T a) { return std::ceil(a); } };
struct RintOp { template <typename T> static T apply(T a) { return std::nearbyint(a); } };  // half to even
struct TruncOp { template <typename T> static T apply(T a) { return std::trunc(a); } };
struct SqrtOp { template <typename T> static T apply(T a) { return std::sqrt(a); } };
struct ExpOp { template <typename T> static T apply(T a) { return cp_exp(a); } };
struct Expm1Op { template <typename T> static T apply(T a) { return cp_expm1(a); } };
struct LogOp { template <typename T> static T apply(T a) { return cp_log(a); } };
struct Log1pOp { template <typename T> static T apply(T a) { return cp_log1p(a); } };
struct Log2Op { template <typename T> static T apply(T a) { return cp_log2(a); } };
struct Log10Op { template <typename T> static T apply(T a) { return cp_log10(a); } };
struct SinhOp { template <typename T> static T apply(T a) { return cp_sinh(a); } };
struct TanhOp { template <typename T> static T apply(T a) { return cp_tanh(a); } };
struct SigmoidOp { template <typename T> static T apply(T a) { return cp_sigmoid(a); } };
// sin/cos/tan: element-wise (strided) use the exact-everywhere form; the
// contiguous kernel uses the array form, which keeps the common in-range
// case vectorized and sends huge arguments to libm.
struct SinOp {
  static constexpr bool kArray = true;
  template <typename T> static T apply(T a) { return cp_sin(a); }
  template <typename T> static void array(const T* a, T* o, size_t n) { cp_sin_array(a, o, n); }
};
struct CosOp {
  static constexpr bool kArray = true;
  template <typename T> static T apply(T a) { return cp_cos(a); }
  template <typename T> static void array(const T* a, T* o, size_t n) { cp_cos_array(a, o, n); }
};
struct TanOp {
  static constexpr bool kArray = true;
  template <typename T> static T apply(T a) { return cp_tan(a); }
  template <typename T> static void array(const T* a, T* o, size_t n) { cp_tan_array(a, o, n); }
};

// Ops with a whole-array form (kArray) use it for contiguous runs.
template <typename Op, typename = void>
struct HasArray : std::false_type {};
template <typename Op>
struct HasArray<Op, std::void_t<decltype(Op::kArray)>> : std::true_type {};

struct IsNanOp { template <typename T> static uint8_t apply(T a) { return a != a; } };
struct IsInfOp { template <typename T> static uint8_t apply(T a) { return std::isinf(a); } };
struct IsFiniteOp { template <typename T> static uint8_t apply(T a) { return std::isfinite(a); } };
struct LogicalNotOp { template <typename T> static uint8_t apply(T a) { return a == T(0); } };

template <typename Op, typename T, typename R = T>
inline void unary(const void* a_, void* out_, size_t n) {
  const T* a = static_cast<const T*>(a_);
  R* out = static_cast<R*>(out_);
  if constexpr (HasArray<Op>::value) {
    Op::array(a, out, n);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = Op::apply(a[i]);
  }
}

template <typename Op, typename T, typename R = T>
inline void unary_strided(const void* a_, ptrdiff_t sa, void* out_, ptrdiff_t so, size_t n) {
  const T* a = static_cast<const T*>(a_);
  R* out = static_cast<R*>(out_);
  if (sa == 1 && so == 1) {  // the common case, in a form the vectorizer takes
    unary<Op, T, R>(a_, out_, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) out[(ptrdiff_t)i * so] = Op::apply(a[(ptrdiff_t)i * sa]);
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_UNARY(OE, op, DE, dt, T, F)                                                    \
  extern "C" void CP_NAME(unary_##op##_##dt)(const void* a, void* o, size_t n) {                \
    corepy::unary<corepy::F, T>(a, o, n);                                                        \
  }                                                                                              \
  extern "C" void CP_NAME(unary_##op##_##dt##_strided)(const void* a, ptrdiff_t sa, void* o,    \
                                                       ptrdiff_t so, size_t n) {                 \
    corepy::unary_strided<corepy::F, T>(a, sa, o, so, n);                                        \
  }
CP_UNARY_KERNELS(CP_DEFINE_UNARY)

#define CP_DEFINE_PREDICATE(OE, op, DE, dt, T, F)                                                \
  extern "C" void CP_NAME(predicate_##op##_##dt##_strided)(const void* a, ptrdiff_t sa, void* o, \
                                                           ptrdiff_t so, size_t n) {             \
    corepy::unary_strided<corepy::F, T, uint8_t>(a, sa, o, so, n);                               \
  }
CP_PREDICATE_KERNELS(CP_DEFINE_PREDICATE)

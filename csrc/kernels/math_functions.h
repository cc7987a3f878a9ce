// Vectorizable elementary functions for float32 and float64.
//
// Every function here is a branch-free (selects only), call-free inline
// function on one element, so a plain loop over an array that calls it
// auto-vectorizes under the per-ISA flags (GCC 12: -O3 -mavx2 -mfma, or
// -O3 -mavx512f ...); the scalar build (-O2 -fno-tree-vectorize) runs the same
// code one element at a time. No intrinsics, no tables, no allocation, no
// exceptions; only sin/cos/tan's out-of-range fallback calls libm.
//
// ---------------------------------------------------------------------------
// API (namespace corepy; each name has a float and a double overload)
// ---------------------------------------------------------------------------
//   T cp_exp(T)      T cp_expm1(T)    T cp_log(T)      T cp_log1p(T)
//   T cp_log2(T)     T cp_log10(T)    T cp_tanh(T)     T cp_sigmoid(T)
//   T cp_sinh(T)
//       Correct for every input (NaN, +-inf, +-0, subnormals, overflow).
//       Vectorizable.
//   T cp_sin_fast(T) T cp_cos_fast(T) T cp_tan_fast(T)
//       Vectorizable. Correct for |x| <= cp_trig_fast_max(T) (float: 2^23,
//       double: 2^29) and for +-inf and NaN (-> NaN); for larger finite |x|
//       the result is unspecified (finite or NaN) and must be replaced by:
//   bool cp_trig_needs_libm(T x)  true exactly for finite |x| > the bound
//   T cp_sin_libm(T) T cp_cos_libm(T) T cp_tan_libm(T)   libm sin/sinf, ...
//   T cp_sin(T) T cp_cos(T) T cp_tan(T)
//       Correct for every x (fast path or libm), but the libm call keeps a
//       loop that uses them from vectorizing: use them for scalar or strided
//       code only.
//   void cp_sin_array(const T* in, T* out, size_t n)   (and cos, tan)
//       The contiguous kernel loop, done right: per block of 256 elements a
//       vectorized scan for out-of-range inputs, then either the vectorized
//       fast loop (the common case) or a per-element select with libm.
//       in == out (in place) is allowed; other overlaps are not.
//
// How a kernel author uses sin/cos/tan: contiguous loops call cp_sin_array();
// strided loops either gather into a small stack block and call
// cp_sin_array() on it, or compute cp_sin_fast() for every element and then
// make a second pass that recomputes the elements with
// cp_trig_needs_libm(x[i]) true using cp_sin_libm(x[i]) (that pass needs the
// input, so when out aliases in, work block-wise as cp_sin_array does).
//
// Requirements on the including translation unit: round-to-nearest, no
// -ffast-math, and -ffp-contract=off (the kernel build's flag). The exact
// error-free transformations below (Fast2Sum, TwoSum, Dekker's product) rely
// on every operation being rounded separately; they use no FMA, so all ISA
// builds perform the same IEEE operations in the same order and return
// bit-identical results (the scalar build is a valid reference for the SIMD
// ones).
//
// ---------------------------------------------------------------------------
// Methods (f32 functions compute in float unless marked "in double")
// ---------------------------------------------------------------------------
// exp     x = n ln2 + r, |r| <= ln2/2 (n by the 1.5*2^p shifter trick, ln2
//         split hi+lo with a short hi so n*hi is exact; the rounding error of
//         r is kept). exp(r) = 1 + r + r^2 Q(r) (Q: minimax, degree 5 f32 /
//         10 f64) summed as a double-word, rounded once; scaled by 2^n as
//         2^n1 * 2^n2 so overflow gives inf and underflow rounds once,
//         directly to the subnormal (gradual underflow).
// expm1   same reduction and Q: expm1 = (2^n - 1) + 2^n r + 2^n r^2 Q(r),
//         the first two summed exactly (TwoSum / Fast2Sum), then rounded once.
// log     x = 2^k m, m in [sqrt(1/2), sqrt(2)) (subnormals prescaled by
//         2^25 / 2^54); f = m - 1 exactly, s = f/(2+f), z = s^2,
//         log(1+f) = f - hfsq + s (hfsq + z P(z)), hfsq = f^2/2 (P: minimax,
//         degree 2 f32 / 6 f64); k ln2 added with split ln2.
// log1p   u = 1 + x with its exact rounding error c; log(u) as above plus c/u.
// log2,   log(1+f) split as hi (12 / 21 leading bits) + lo and multiplied by
// log10   1/ln2 (1/ln10) split the same way, so hi*C_hi is exact; k (k
//         log10(2)) added with Fast2Sum.
// tanh    f64: tanh|x| = -t/(t+2), t = expm1(-2|x|) as a double-word; the
//         quotient of two double-words is corrected with Dekker's exact
//         product, so it is rounded once; sign copied from x (tanh(-0) = -0).
//         f32 (faster, 1.6x): |x| < 0.875 odd minimax polynomial, else
//         1 - 2u/(1+u), u = exp(-2|x|) (see tanh_f32).
// sigmoid E = exp(-|x|) as a double-word; 1/(1+E) for x >= 0, E/(1+E) for
//         x < 0 (never overflows), quotient corrected as for tanh.
// sin,cos n = nearest(x 2/pi), r = x - n pi/2. f64: pi/2 in five parts (four
//         of 24 bits, so n*part is exact for |n| < 2^29; each subtraction kept
//         exact with TwoSum), giving r as a double-word. No double below 2^29
//         is closer than 2^-60.5 to a multiple of pi/2 (continued-fraction
//         bound, tools/fit_math_coefficients.py --rmin), and the reduction's
//         error is at most ~2^-125 + 2^-106 |r|, so r keeps a relative error
//         below 2^-64.
//         sin r = r + r z S(z), cos r = 1 - z/2 + z^2 C(z), z = r^2 (minimax,
//         degree 6 / 5 in z; the rounding error of z and the low word of r
//         are folded in); quadrant by n mod 4.
//         f32: all in double: pi/2 in two parts (a 30-bit one: exact for
//         |n| < 2^23), no float below 2^23 is closer than 2^-27.8 to a
//         multiple of pi/2, so r is relatively accurate to ~2^-33; degree 3 / 3.
// tan     f64: sin r / cos r (or -cos r / sin r for odd n), both double-words,
//         with the corrected double-word quotient. f32: in double, s/c.
//
// Constants and coefficients: tools/fit_math_coefficients.py (weighted
// minimax by Remez exchange, coefficients rounded one at a time with refits).
//
// ---------------------------------------------------------------------------
// Measured max error in ulp of the exact result (csrc/tests/math_accuracy_test.cpp
// with COREPY_MATH_EXHAUSTIVE=1). f32: every one of the 2^32 inputs, against
// the double libm result. f64: 8-12 million arguments per function (random
// bit patterns plus each function's hard ranges: near 0, near 1, near -1,
// the subnormal/overflow edges, near multiples of pi/2), against the long
// double libm result. The scalar, avx2 and avx512 builds give bit-identical
// results, so these numbers hold for all three.
//
//   function   f32 (all inputs)   f64 (sampled)
//   exp        0.764              0.772
//   expm1      1.030              1.005
//   log        0.840              0.814
//   log1p      0.866              0.820
//   log2       0.828              0.792
//   log10      0.735              0.721
//   tanh       1.180              0.806
//   sigmoid    0.794              0.769
//   sin        0.500              0.743     (fast path |x| <= 2^23 / 2^29)
//   cos        0.500              0.743
//   tan        0.500              0.885
// Beyond the trig bound the results are libm's (glibc: up to 1.48 ulp for
// tanf near 3e21, about 0.56 ulp for sinf/cosf).
// exp and sigmoid results in the subnormal range are within one subnormal
// step (gradual underflow; included in the numbers above).
// ---------------------------------------------------------------------------
#pragma once

#include <math.h>
#include <stddef.h>
#include <stdint.h>

namespace corepy {
namespace cpmath {

// ---------------------------------------------------------------------------
// Bits and per-type constants
// ---------------------------------------------------------------------------
static inline uint32_t to_bits(float x) {
  uint32_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}
static inline uint64_t to_bits(double x) {
  uint64_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}
static inline float from_bits(uint32_t u) {
  float x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}
static inline double from_bits(uint64_t u) {
  double x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}

template <typename T>
struct Fp;

template <>
struct Fp<float> {
  typedef uint32_t U;
  static constexpr int kMant = 23;
  static constexpr U kBias = 127;
  static constexpr U kSignMask = 0x80000000u;
  static constexpr U kMantMask = 0x007fffffu;
  static constexpr int kMaxExp = 127;
  static constexpr float kShifter = 0x1.8p23f;  // x + this rounds x to an integer
  static constexpr float kTwoPowMant = 0x1p23f;
  static constexpr float kSplitter = 4097.0f;   // 2^12 + 1 (Veltkamp split)
  // exp / expm1
  static constexpr float kLog2e = 0x1.715476p+0f;
  static constexpr float kLn2Hi = 0x1.62e4p-1f;  // 16 bits: n * kLn2Hi exact for |n| < 256
  static constexpr float kLn2Lo = 0x1.7f7d1cp-20f;
  static constexpr float kExpHi = 89.0f;      // exp(89) > FLT_MAX: clamps to +inf
  static constexpr float kExpLo = -104.0f;    // exp(-104) < 2^-150: clamps to 0
  // expm1 clamp: far enough that tanh's 1 - 2 e^(-2|x|) rounds to 1 there,
  // near enough that 2^n stays normal.
  static constexpr float kExpm1Lo = -40.0f;
  static constexpr int kNQ = 6;
  static constexpr float kQ[kNQ] = {0x1p-1f, 0x1.555554p-3f, 0x1.5554fap-5f,
                                    0x1.1112acp-7f, 0x1.6d3e6ap-10f, 0x1.9ee776p-13f};
  // log family
  static constexpr float kMinNormal = 0x1p-126f;
  static constexpr float kSubScale = 0x1p25f;
  static constexpr float kSubScaleLog2 = 25.0f;
  static constexpr U kOneBits = 0x3f800000u;
  static constexpr U kSqrtHalfBits = 0x3f3504f3u;  // 0x1.6a09e6p-1f
  static constexpr U kHiMask = 0xfffff000u;        // keeps 12 significant bits
  static constexpr int kNP = 3;
  static constexpr float kP[kNP] = {0x1.55557cp-1f, 0x1.995cbcp-2f, 0x1.321d36p-2f};
  static constexpr float kIvLn2Hi = 0x1.716p+0f;
  static constexpr float kIvLn2Lo = -0x1.7135a8p-13f;
  static constexpr float kIvLn10Hi = 0x1.bccp-2f;
  static constexpr float kIvLn10Lo = -0x1.09d5b2p-15f;
  static constexpr float kLog10_2Hi = 0x1.3442p-2f;
  static constexpr float kLog10_2Lo = -0x1.95ec1p-19f;
};

template <>
struct Fp<double> {
  typedef uint64_t U;
  static constexpr int kMant = 52;
  static constexpr U kBias = 1023;
  static constexpr U kSignMask = 0x8000000000000000ull;
  static constexpr U kMantMask = 0x000fffffffffffffull;
  static constexpr int kMaxExp = 1023;
  static constexpr double kShifter = 0x1.8p52;
  static constexpr double kTwoPowMant = 0x1p52;
  static constexpr double kSplitter = 134217729.0;  // 2^27 + 1
  static constexpr double kLog2e = 0x1.71547652b82fep+0;
  static constexpr double kLn2Hi = 0x1.62e42fefa38p-1;  // 42 bits: n * kLn2Hi exact for |n| < 2048
  static constexpr double kLn2Lo = 0x1.ef35793c7673p-45;
  static constexpr double kExpHi = 710.0;
  static constexpr double kExpLo = -746.0;
  static constexpr double kExpm1Lo = -80.0;  // as for float
  static constexpr int kNQ = 11;
  static constexpr double kQ[kNQ] = {
      0x1p-1,                0x1.5555555555558p-3,  0x1.5555555555534p-5,  0x1.111111110fb65p-7,
      0x1.6c16c16c2aa85p-10, 0x1.a01a01ae51344p-13, 0x1.a01a0129eb167p-16, 0x1.71ddfad11fb2ap-19,
      0x1.27e5cb47de8a7p-22, 0x1.af5d51d530e88p-26, 0x1.1e82309c3ea5cp-29};
  static constexpr double kMinNormal = 0x1p-1022;
  static constexpr double kSubScale = 0x1p54;
  static constexpr double kSubScaleLog2 = 54.0;
  static constexpr U kOneBits = 0x3ff0000000000000ull;
  static constexpr U kSqrtHalfBits = 0x3fe6a09e667f3bcdull;  // 0x1.6a09e667f3bcdp-1
  static constexpr U kHiMask = 0xffffffff00000000ull;        // keeps 21 significant bits
  static constexpr int kNP = 7;
  static constexpr double kP[kNP] = {0x1.555555555557dp-1, 0x1.99999999851e9p-2, 0x1.2492493e2eee6p-2,
                                     0x1.c71c549f388f1p-3, 0x1.7465c884f020fp-3, 0x1.39ac57c1bc803p-3,
                                     0x1.2ea4e7ee1d0f4p-3};
  static constexpr double kIvLn2Hi = 0x1.71547652p+0;
  static constexpr double kIvLn2Lo = 0x1.705fc2eefa2p-33;
  static constexpr double kIvLn10Hi = 0x1.bcb7b152p-2;
  static constexpr double kIvLn10Lo = 0x1.b9438ca9aadd5p-36;
  static constexpr double kLog10_2Hi = 0x1.34413509f78p-2;
  static constexpr double kLog10_2Lo = 0x1.fef311f12b358p-46;
};

// Trig constants (the reduction and polynomials run in double for both dtypes).
struct Trig {
  static constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
  static constexpr double kShifter = 0x1.8p52;
  // f64: pi/2 = C1 + C2 + C3 + C4 + C5, C1..C4 of 24 bits (n * Ci exact for |n| < 2^29).
  static constexpr double kPio2_1 = 0x1.921fb6p+0;
  static constexpr double kPio2_2 = -0x1.777a5cp-25;
  static constexpr double kPio2_3 = -0x1.ee59dap-50;
  static constexpr double kPio2_4 = 0x1.98a2ep-77;
  static constexpr double kPio2_5 = 0x1.b839a252049c1p-104;
  static constexpr double kMaxF64 = 0x1p29;  // |x| <= this: fast path
  static constexpr int kNS = 7;
  static constexpr double kS[kNS] = {-0x1.5555555555555p-3, 0x1.111111111103fp-7,  -0x1.a01a019ff3d76p-13,
                                     0x1.71de3a246054p-19,  -0x1.ae64178f2e12fp-26, 0x1.60fc60506420ep-33,
                                     -0x1.996753d89898dp-41};
  static constexpr int kNC = 6;
  static constexpr double kC[kNC] = {0x1.5555555555553p-5,  -0x1.6c16c16c15e9ep-10, 0x1.a01a019dc9d04p-16,
                                     -0x1.27e4f8baf1623p-22, 0x1.1eea5712fa3a4p-29, -0x1.8fe0b7ac40ccap-37};
  // f32 (computed in double): pi/2 = C1 + C2, C1 of 30 bits (n * C1 exact for |n| < 2^23).
  static constexpr double kPio2F_1 = 0x1.921fb548p+0;
  static constexpr double kPio2F_2 = -0x1.de973dcb3b39ap-31;
  static constexpr float kMaxF32 = 0x1p23f;
  static constexpr int kNSF = 4;
  static constexpr double kSF[kNSF] = {-0x1.5555554d88dc6p-3, 0x1.111108f233988p-7, -0x1.a00fd002236c7p-13,
                                       0x1.6ce1084ef545cp-19};
  static constexpr int kNCF = 4;
  static constexpr double kCF[kNCF] = {0x1.55555552bae54p-5, -0x1.6c16bb85b91c6p-10, 0x1.a012b87ddcf63p-16,
                                       -0x1.247297c0d74d6p-22};
};

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------
// c[0] + x (c[1] + x (... c[N-1])), fully unrolled at compile time.
template <int I, int N, typename T>
static inline T horner(T x, const T* c) {
  if constexpr (I == N - 1) {
    return c[I];
  } else {
    return horner<I + 1, N>(x, c) * x + c[I];
  }
}

template <typename T>
static inline T fabs_(T x) {
  return from_bits(to_bits(x) & ~Fp<T>::kSignMask);
}

// c ? a : b as a bitwise blend. Every select in this file goes through these:
// a ?: on floats becomes a branch in GCC's IR, and jump threading or code
// sinking then moves work into one arm, which the vectorizer would have to
// speculate; under -ftrapping-math it refuses (AVX-512 masks around it,
// AVX2 cannot). A blend is plain data flow: both arms are always computed.
template <typename U>
static inline U blend_bits(bool c, U a, U b) {
  const U m = U(0) - U(c);
  return (U)((a & m) | (b & ~m));
}
template <typename T>
static inline T blend(bool c, T a, T b) {
  return from_bits(blend_bits(c, to_bits(a), to_bits(b)));
}

// A value hi + lo with |lo| <= ulp(hi)/2 (a "double-word").
template <typename T>
struct DW {
  T hi, lo;
};

// s + e == a + b exactly; requires |a| >= |b| or a == 0.
template <typename T>
static inline void fast_two_sum(T a, T b, T& s, T& e) {
  s = a + b;
  e = (a - s) + b;
}
// s + e == a + b exactly, any order of magnitude.
template <typename T>
static inline void two_sum(T a, T b, T& s, T& e) {
  s = a + b;
  const T bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}
// p + e == a * b exactly (Dekker; no FMA, so every ISA gets the same bits).
// Needs |a|, |b| far below the overflow threshold (they are <= 2^64 here).
template <typename T>
static inline void two_prod(T a, T b, T& p, T& e) {
  const T ca = Fp<T>::kSplitter * a;
  const T ah = ca - (ca - a);
  const T al = a - ah;
  const T cb = Fp<T>::kSplitter * b;
  const T bh = cb - (cb - b);
  const T bl = b - bh;
  p = a * b;
  e = (((ah * bh - p) + ah * bl) + al * bh) + al * bl;
}
// (nh + nl) / (dh + dl), rounded once (error ~0.5 ulp + 2^-2p relative).
template <typename T>
static inline T dw_div(T nh, T nl, T dh, T dl) {
  const T inv = T(1) / dh;
  const T q = nh * inv;
  T p, pe;
  two_prod(q, dh, p, pe);
  const T rem = (((nh - p) - pe) + nl) - q * dl;  // nh - p is exact (Sterbenz)
  return q + rem * inv;
}

// 2^n for an integer n held (two's complement) in U, within the normal range.
template <typename T>
static inline T pow2(typename Fp<T>::U n) {
  return from_bits((typename Fp<T>::U)((n + Fp<T>::kBias) << Fp<T>::kMant));
}

// x = n ln2 + r + rlo, |r| <= ln2/2 (slightly more), rlo the rounding error of r.
// nf: n as T; ni: n as a two's complement integer.
template <typename T>
static inline void exp_reduce(T x, T& nf, typename Fp<T>::U& ni, T& r, T& rlo) {
  typedef Fp<T> F;
  const T t = x * F::kLog2e + F::kShifter;
  nf = t - F::kShifter;
  ni = to_bits(t) - to_bits(F::kShifter);
  const T hi = x - nf * F::kLn2Hi;  // exact
  const T lo = nf * F::kLn2Lo;
  r = hi - lo;
  rlo = (hi - r) - lo;
}

// exp(x) as a double-word, for x already clamped to [kExpLo, kExpHi] (or NaN).
template <typename T>
static inline DW<T> exp_dw(T x) {
  typedef Fp<T> F;
  typedef typename F::U U;
  T nf, r, rlo;
  U ni;
  exp_reduce(x, nf, ni, r, rlo);
  // exp(r + rlo) = 1 + r + (r^2 Q(r) + rlo) to well below an ulp.
  const T p = (r * r) * horner<0, F::kNQ>(r, F::kQ);
  T h, e;
  fast_two_sum(T(1), r, h, e);
  T yh, yl;
  fast_two_sum(h, e + (p + rlo), yh, yl);
  // 2^n = 2^n1 * 2^n2 with n1 ~ n/2: both factors normal over the clamp
  // range; the first product is exact, the second rounds once.
  const T t1 = nf * T(0.5) + F::kShifter;
  const U n1 = to_bits(t1) - to_bits(F::kShifter);
  const T s1 = pow2<T>(n1);
  const T s2 = pow2<T>(ni - n1);
  return {(yh * s1) * s2, (yl * s1) * s2};
}

// expm1(x) as a double-word, for x clamped to [kExpm1Lo, kExpHi] (or NaN).
template <typename T>
static inline DW<T> expm1_dw(T x) {
  typedef Fp<T> F;
  typedef typename F::U U;
  T nf, r, rlo;
  U ni;
  exp_reduce(x, nf, ni, r, rlo);
  // n = kMaxExp + 1 (only just below the overflow threshold) would make 2^n
  // overflow: use 2^(n-1) and double the result at the end.
  const bool top = nf > T(F::kMaxExp);
  const U nb = blend_bits(top, (U)(ni - 1), ni);
  const T scale = blend(top, T(2), T(1));
  const T s = pow2<T>(nb);
  const T p = (r * r) * horner<0, F::kNQ>(r, F::kQ);
  // expm1(x) = (s - 1) + s r + s (r^2 Q(r) + rlo)
  T a, ae;
  two_sum(s, T(-1), a, ae);  // a + ae == 2^n - 1
  T b0, b1;
  fast_two_sum(a, s * r, b0, b1);  // |a| >= |s r| or a == 0; s r exact
  T yh, yl;
  fast_two_sum(b0, (b1 + ae) + s * (p + rlo), yh, yl);
  return {yh * scale, yl * scale};
}

// log(x) for x > 0 normal as k ln2 + log(1+f), with
// log(1+f) = f - hfsq + s (hfsq + R). Fields as named in the header comment.
template <typename T>
struct LogParts {
  T k, f, s, hfsq, R;
};

template <typename T>
static inline LogParts<T> log_reduce(T x) {
  typedef Fp<T> F;
  typedef typename F::U U;
  // After adding 1.0's bits minus sqrt(1/2)'s, the exponent field is k + bias
  // where x = 2^k m, m in [sqrt(1/2), sqrt(2)).
  const U u = to_bits(x) + (F::kOneBits - F::kSqrtHalfBits);
  const U kb = u >> F::kMant;  // < 2^(bits - kMant) for x > 0
  LogParts<T> L;
  L.k = from_bits((U)(to_bits(F::kTwoPowMant) | kb)) - (F::kTwoPowMant + T(F::kBias));
  const T m = from_bits((U)((u & F::kMantMask) + F::kSqrtHalfBits));
  L.f = m - T(1);  // exact
  L.s = L.f / (T(2) + L.f);
  const T z = L.s * L.s;
  L.R = z * horner<0, F::kNP>(z, F::kP);
  L.hfsq = (T(0.5) * L.f) * L.f;
  return L;
}

// Scales subnormal x up; kadj is the log2 of the factor, negated.
template <typename T>
static inline T log_prescale(T x, T& kadj) {
  typedef Fp<T> F;
  const bool sub = x < F::kMinNormal;
  kadj = blend(sub, -F::kSubScaleLog2, T(0));
  return blend(sub, x * F::kSubScale, x);
}

// log's special values: NaN and +inf pass through, 0 -> -inf, x < 0 -> NaN.
template <typename T>
static inline T log_special(T x, T y) {
  y = blend(x < T(__builtin_inf()), y, x);
  y = blend(x < T(0), T(__builtin_nan("")), y);
  y = blend(x == T(0), T(-__builtin_inf()), y);
  return y;
}

template <typename T>
static inline T log_impl(T x) {
  typedef Fp<T> F;
  T kadj;
  const T xs = log_prescale(x, kadj);
  LogParts<T> L = log_reduce(xs);
  const T k = L.k + kadj;
  const T y = k * F::kLn2Hi - ((L.hfsq - (L.s * (L.hfsq + L.R) + k * F::kLn2Lo)) - L.f);
  return log_special(x, y);
}

// log(1+f) = hi + lo with hi of few bits (so hi * C_hi is exact).
template <typename T>
static inline void log1pf_hilo(const LogParts<T>& L, T& hi, T& lo) {
  hi = from_bits((typename Fp<T>::U)(to_bits(L.f - L.hfsq) & Fp<T>::kHiMask));
  lo = ((L.f - hi) - L.hfsq) + L.s * (L.hfsq + L.R);
}

template <typename T>
static inline T log2_impl(T x) {
  typedef Fp<T> F;
  T kadj;
  const T xs = log_prescale(x, kadj);
  LogParts<T> L = log_reduce(xs);
  const T k = L.k + kadj;
  T hi, lo;
  log1pf_hilo(L, hi, lo);
  const T vhi = hi * F::kIvLn2Hi;  // exact
  const T vlo = (lo + hi) * F::kIvLn2Lo + lo * F::kIvLn2Hi;
  T w, we;
  fast_two_sum(k, vhi, w, we);  // |k| >= 1 > |vhi|, or k == 0
  return log_special(x, (vlo + we) + w);
}

template <typename T>
static inline T log10_impl(T x) {
  typedef Fp<T> F;
  T kadj;
  const T xs = log_prescale(x, kadj);
  LogParts<T> L = log_reduce(xs);
  const T k = L.k + kadj;
  T hi, lo;
  log1pf_hilo(L, hi, lo);
  const T vhi = hi * F::kIvLn10Hi;  // exact
  const T khi = k * F::kLog10_2Hi;  // exact
  const T vlo = k * F::kLog10_2Lo + ((lo + hi) * F::kIvLn10Lo + lo * F::kIvLn10Hi);
  T w, we;
  fast_two_sum(khi, vhi, w, we);  // |khi| >= 0.30 > |vhi|, or k == 0
  return log_special(x, (vlo + we) + w);
}

template <typename T>
static inline T log1p_impl(T x) {
  typedef Fp<T> F;
  const T u = T(1) + x;
  // u's rounding error, exactly: 1 + x = u + c.
  const T c = blend(x >= T(1), T(1) - (u - x), x - (u - T(1)));
  const T cu = c / u;
  LogParts<T> L = log_reduce(u);  // u >= 2^-p is normal for x > -1
  const T k = L.k;
  T y = k * F::kLn2Hi - ((L.hfsq - (L.s * (L.hfsq + L.R) + (k * F::kLn2Lo + cu))) - L.f);
  y = blend(x < T(__builtin_inf()), y, x);  // +inf, NaN
  y = blend(x < T(-1), T(__builtin_nan("")), y);
  y = blend(x == T(-1), T(-__builtin_inf()), y);
  y = blend(x == T(0), x, y);  // keeps -0
  return y;
}

template <typename T>
static inline T exp_impl(T x) {
  typedef Fp<T> F;
  x = blend(x > F::kExpHi, F::kExpHi, x);  // NaN passes both clamps
  x = blend(x < F::kExpLo, F::kExpLo, x);
  return exp_dw(x).hi;
}

template <typename T>
static inline T expm1_impl(T x) {
  typedef Fp<T> F;
  T y = blend(x > F::kExpHi, F::kExpHi, x);
  y = blend(y < F::kExpm1Lo, F::kExpm1Lo, y);
  const T r = expm1_dw(y).hi;
  return blend(x == T(0), x, r);  // keeps -0
}

template <typename T>
static inline T tanh_impl(T x) {
  typedef Fp<T> F;
  T y = T(-2) * fabs_(x);
  y = blend(y < F::kExpm1Lo, F::kExpm1Lo, y);
  const DW<T> t = expm1_dw(y);  // in [-1, 0]
  T dh, dl;
  fast_two_sum(T(2), t.hi, dh, dl);
  const T q = dw_div(-t.hi, -t.lo, dh, dl + t.lo);  // -t / (t + 2) >= 0
  return from_bits((typename F::U)(to_bits(q) | (to_bits(x) & F::kSignMask)));
}

// float32 tanh without double-words: for |x| < 0.875 an odd polynomial
// x + x z T(z), z = x^2 (relative error 2^-30.1 with the float coefficients;
// tools/fit_math_coefficients.py, TANH_T); above, 1 - c with c = 2u/(1+u),
// u = exp(-2|x|) <= 0.174: c <= 0.3 while the result is >= 0.7, so c's ~1.8
// ulp (exp, 1+u, the quotient) cost about half an ulp of the result.
static constexpr float kTanhCut = 0.875f;
static constexpr int kNTanhT = 7;
static constexpr float kTanhT[kNTanhT] = {-0x1.555552p-2f, 0x1.110ff6p-3f, -0x1.b9e2fp-5f, 0x1.63b1a8p-6f,
                                          -0x1.11d288p-7f, 0x1.5e52ep-9f,  -0x1.00f22p-11f};
static inline float tanh_f32(float x) {
  const float a = fabs_(x);
  const float z = a * a;  // underflows to 0 for tiny a: then small = a
  const float small = a + (a * z) * horner<0, kNTanhT>(z, kTanhT);
  float y = -2.0f * a;
  y = blend(y < Fp<float>::kExpLo, Fp<float>::kExpLo, y);  // NaN passes
  const float u = exp_dw(y).hi;                            // 0 <= u <= 0.174
  const float large = 1.0f - (2.0f * u) / (1.0f + u);
  const float r = blend(a < kTanhCut, small, large);       // NaN: large, NaN
  return from_bits((uint32_t)(to_bits(r) | (to_bits(x) & Fp<float>::kSignMask)));
}

template <typename T>
static inline T sigmoid_impl(T x) {
  typedef Fp<T> F;
  T y = -fabs_(x);
  y = blend(y < F::kExpLo, F::kExpLo, y);
  const DW<T> e = exp_dw(y);  // in (0, 1]
  T dh, dl;
  fast_two_sum(T(1), e.hi, dh, dl);
  const bool pos = x >= T(0);  // NaN: false, and e is NaN
  const T nh = blend(pos, T(1), e.hi);
  const T nl = blend(pos, T(0), e.lo);
  return dw_div(nh, nl, dh, dl + e.lo);
}

// --- trig -------------------------------------------------------------------
// f64: x = n pi/2 + rh + rl; q = n mod 4 in the low bits.
static inline void trig_reduce(double x, double& rh, double& rl, uint64_t& q) {
  typedef Trig C;
  const double t = x * C::kTwoOverPi + C::kShifter;
  const double n = t - C::kShifter;
  q = to_bits(t);
  const double a1 = x - n * C::kPio2_1;  // exact
  double a2, e2, a3, e3, a4, e4;
  two_sum(a1, -(n * C::kPio2_2), a2, e2);
  two_sum(a2, -(n * C::kPio2_3), a3, e3);
  two_sum(a3, -(n * C::kPio2_4), a4, e4);
  two_sum(a4, ((e2 + e3) + e4) - n * C::kPio2_5, rh, rl);
}

// sin and cos of rh + rl (|rh| <= pi/4) as double-words.
static inline void sincos_dw(double rh, double rl, DW<double>& s, DW<double>& c) {
  typedef Trig C;
  const double z = rh * rh;
  const double hz = 0.5 * z;
  // sin(rh + rl) = rh + (rh z S(z) + rl (1 - z/2))
  fast_two_sum(rh, (rh * z) * horner<0, C::kNS>(z, C::kS) + (rl - rl * hz), s.hi, s.lo);
  // cos(rh + rl) = 1 - z/2 + z^2 C(z) - rh rl, with z's own rounding error.
  double zz, ze;
  two_prod(rh, rh, zz, ze);
  double w, we;
  fast_two_sum(1.0, -hz, w, we);
  fast_two_sum(w, we + ((z * z) * horner<0, C::kNC>(z, C::kC) - (0.5 * ze + rh * rl)), c.hi, c.lo);
}

// Sign-flip mask for quadrant bit 1 of q (1 -> negative).
static inline uint64_t quadrant_sign(uint64_t q) { return (q & 2) << 62; }

static inline double sin_fast_impl(double x) {
  double rh, rl;
  uint64_t q;
  trig_reduce(x, rh, rl, q);
  DW<double> s, c;
  sincos_dw(rh, rl, s, c);
  const double v = blend((q & 1) != 0, c.hi, s.hi);
  const double r = from_bits(to_bits(v) ^ quadrant_sign(q));
  return blend(x == 0.0, x, r);  // keeps -0
}

static inline double cos_fast_impl(double x) {
  double rh, rl;
  uint64_t q;
  trig_reduce(x, rh, rl, q);
  DW<double> s, c;
  sincos_dw(rh, rl, s, c);
  const double v = blend((q & 1) != 0, s.hi, c.hi);
  return from_bits(to_bits(v) ^ quadrant_sign(q + 1));
}

static inline double tan_fast_impl(double x) {
  double rh, rl;
  uint64_t q;
  trig_reduce(x, rh, rl, q);
  DW<double> s, c;
  sincos_dw(rh, rl, s, c);
  const bool odd = (q & 1) != 0;  // tan(r + pi/2) = -cos r / sin r
  const double nh = blend(odd, c.hi, s.hi), nl = blend(odd, c.lo, s.lo);
  const double dh = blend(odd, s.hi, c.hi), dl = blend(odd, s.lo, c.lo);
  const double v = dw_div(nh, nl, dh, dl);
  const double r = from_bits(to_bits(v) ^ (q << 63));  // negated for odd n
  return blend(x == 0.0, x, r);
}

// f32, computed in double: x = n pi/2 + r, |r| <= pi/4, r relatively accurate
// to ~2^-33 for |x| <= 2^23.
static inline double trig_reduce_f32(float xf, uint64_t& q, double& z, double& s, double& c) {
  typedef Trig C;
  const double x = xf;
  const double t = x * C::kTwoOverPi + C::kShifter;
  const double n = t - C::kShifter;
  q = to_bits(t);
  const double r = (x - n * C::kPio2F_1) - n * C::kPio2F_2;
  z = r * r;
  s = r + (r * z) * horner<0, C::kNSF>(z, C::kSF);
  c = (1.0 - 0.5 * z) + (z * z) * horner<0, C::kNCF>(z, C::kCF);
  return r;
}

static inline float sin_fast_impl(float x) {
  uint64_t q;
  double z, s, c;
  trig_reduce_f32(x, q, z, s, c);
  const double v = blend((q & 1) != 0, c, s);
  const float r = (float)from_bits(to_bits(v) ^ quadrant_sign(q));
  return blend(x == 0.0f, x, r);
}

static inline float cos_fast_impl(float x) {
  uint64_t q;
  double z, s, c;
  trig_reduce_f32(x, q, z, s, c);
  const double v = blend((q & 1) != 0, s, c);
  return (float)from_bits(to_bits(v) ^ quadrant_sign(q + 1));
}

static inline float tan_fast_impl(float x) {
  uint64_t q;
  double z, s, c;
  trig_reduce_f32(x, q, z, s, c);
  const bool odd = (q & 1) != 0;
  const double num = blend(odd, -c, s);
  const double den = blend(odd, s, c);
  const float r = (float)(num / den);
  return blend(x == 0.0f, x, r);
}

}  // namespace cpmath

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------
static inline float cp_exp(float x) { return cpmath::exp_impl(x); }
static inline double cp_exp(double x) { return cpmath::exp_impl(x); }
static inline float cp_expm1(float x) { return cpmath::expm1_impl(x); }
static inline double cp_expm1(double x) { return cpmath::expm1_impl(x); }
// sinh: from expm1 below |x| = 22 (no cancellation near 0: with e = expm1(|x|),
// sinh|x| = (e + e / (e + 1)) / 2), from exp(|x|/2)^2 / 2 above (no overflow
// before sinh itself overflows); the sign is x's.
template <typename T>
static inline T cp_sinh_impl(T x) {
  const T a = std::fabs(x);
  const T e = cpmath::expm1_impl(a < T(22) ? a : T(0));
  const T h = cpmath::exp_impl(T(0.5) * a);
  const T r = a < T(22) ? T(0.5) * (e + e / (e + T(1))) : (T(0.5) * h) * h;
  return std::copysign(r, x);
}
static inline float cp_sinh(float x) { return cp_sinh_impl(x); }
static inline double cp_sinh(double x) { return cp_sinh_impl(x); }
static inline float cp_log(float x) { return cpmath::log_impl(x); }
static inline double cp_log(double x) { return cpmath::log_impl(x); }
static inline float cp_log1p(float x) { return cpmath::log1p_impl(x); }
static inline double cp_log1p(double x) { return cpmath::log1p_impl(x); }
static inline float cp_log2(float x) { return cpmath::log2_impl(x); }
static inline double cp_log2(double x) { return cpmath::log2_impl(x); }
static inline float cp_log10(float x) { return cpmath::log10_impl(x); }
static inline double cp_log10(double x) { return cpmath::log10_impl(x); }
static inline float cp_tanh(float x) { return cpmath::tanh_f32(x); }
static inline double cp_tanh(double x) { return cpmath::tanh_impl(x); }
static inline float cp_sigmoid(float x) { return cpmath::sigmoid_impl(x); }
static inline double cp_sigmoid(double x) { return cpmath::sigmoid_impl(x); }

static inline float cp_sin_fast(float x) { return cpmath::sin_fast_impl(x); }
static inline double cp_sin_fast(double x) { return cpmath::sin_fast_impl(x); }
static inline float cp_cos_fast(float x) { return cpmath::cos_fast_impl(x); }
static inline double cp_cos_fast(double x) { return cpmath::cos_fast_impl(x); }
static inline float cp_tan_fast(float x) { return cpmath::tan_fast_impl(x); }
static inline double cp_tan_fast(double x) { return cpmath::tan_fast_impl(x); }

// The largest |x| the trig fast path handles (inclusive).
static inline float cp_trig_fast_max(float) { return cpmath::Trig::kMaxF32; }
static inline double cp_trig_fast_max(double) { return cpmath::Trig::kMaxF64; }

// True exactly when x is finite and beyond the fast path's range.
static inline bool cp_trig_needs_libm(float x) {
  const float a = cpmath::fabs_(x);
  return (a > cpmath::Trig::kMaxF32) & (a <= 0x1.fffffep127f);
}
static inline bool cp_trig_needs_libm(double x) {
  const double a = cpmath::fabs_(x);
  return (a > cpmath::Trig::kMaxF64) & (a <= 0x1.fffffffffffffp1023);
}

static inline float cp_sin_libm(float x) { return ::sinf(x); }
static inline double cp_sin_libm(double x) { return ::sin(x); }
static inline float cp_cos_libm(float x) { return ::cosf(x); }
static inline double cp_cos_libm(double x) { return ::cos(x); }
static inline float cp_tan_libm(float x) { return ::tanf(x); }
static inline double cp_tan_libm(double x) { return ::tan(x); }

// All-range scalar versions (a libm call for the rare huge arguments).
static inline float cp_sin(float x) { return cp_trig_needs_libm(x) ? cp_sin_libm(x) : cp_sin_fast(x); }
static inline double cp_sin(double x) { return cp_trig_needs_libm(x) ? cp_sin_libm(x) : cp_sin_fast(x); }
static inline float cp_cos(float x) { return cp_trig_needs_libm(x) ? cp_cos_libm(x) : cp_cos_fast(x); }
static inline double cp_cos(double x) { return cp_trig_needs_libm(x) ? cp_cos_libm(x) : cp_cos_fast(x); }
static inline float cp_tan(float x) { return cp_trig_needs_libm(x) ? cp_tan_libm(x) : cp_tan_fast(x); }
static inline double cp_tan(double x) { return cp_trig_needs_libm(x) ? cp_tan_libm(x) : cp_tan_fast(x); }

namespace cpmath {
// Kind: 0 sin, 1 cos, 2 tan.
template <int Kind, typename T>
static inline T trig_fast(T x) {
  if constexpr (Kind == 0) return cp_sin_fast(x);
  else if constexpr (Kind == 1) return cp_cos_fast(x);
  else return cp_tan_fast(x);
}
template <int Kind, typename T>
static inline T trig_libm(T x) {
  if constexpr (Kind == 0) return cp_sin_libm(x);
  else if constexpr (Kind == 1) return cp_cos_libm(x);
  else return cp_tan_libm(x);
}
template <int Kind, typename T>
static inline void trig_array(const T* in, T* out, size_t n) {
  constexpr size_t kBlock = 256;
  for (size_t i0 = 0; i0 < n; i0 += kBlock) {
    const size_t len = n - i0 < kBlock ? n - i0 : kBlock;
    const T* a = in + i0;
    T* o = out + i0;
    int any = 0;
    for (size_t i = 0; i < len; ++i) any |= (int)cp_trig_needs_libm(a[i]);
    if (!any) {
      for (size_t i = 0; i < len; ++i) o[i] = trig_fast<Kind>(a[i]);
    } else {
      for (size_t i = 0; i < len; ++i) {
        const T x = a[i];
        o[i] = cp_trig_needs_libm(x) ? trig_libm<Kind>(x) : trig_fast<Kind>(x);
      }
    }
  }
}
}  // namespace cpmath

static inline void cp_sin_array(const float* in, float* out, size_t n) { cpmath::trig_array<0>(in, out, n); }
static inline void cp_sin_array(const double* in, double* out, size_t n) { cpmath::trig_array<0>(in, out, n); }
static inline void cp_cos_array(const float* in, float* out, size_t n) { cpmath::trig_array<1>(in, out, n); }
static inline void cp_cos_array(const double* in, double* out, size_t n) { cpmath::trig_array<1>(in, out, n); }
static inline void cp_tan_array(const float* in, float* out, size_t n) { cpmath::trig_array<2>(in, out, n); }
static inline void cp_tan_array(const double* in, double* out, size_t n) { cpmath::trig_array<2>(in, out, n); }

}  // namespace corepy

// Accuracy of csrc/kernels/math_functions.h against libm references.
//
//  - float32: every 1553rd bit pattern over all 2^32 (~2.8M per function;
//    NaNs, infinities, subnormals and both signs included), compared with the
//    double-precision libm result; trig beyond the fast-path bound with a
//    61x coarser stride (those elements are libm's own sinf/cosf/tanf).
//    COREPY_MATH_F32_STRIDE=97 gives every 97th pattern (~30 s on one core:
//    the libm references dominate).
//  - float64: random arguments from each function's interesting ranges and
//    from random bit patterns, compared with the long double libm result.
//  - exact special values (NaN, +-inf, +-0, overflow, underflow, subnormals).
//  - the trig array helpers: in place, mixed in/out of the fast range.
//
// Errors are in ulps of the exact result (reference before rounding) and must
// be <= 2 (the contract); each test prints its measured maximum.
//
// Environment: COREPY_MATH_EXHAUSTIVE=1 makes the float32 sweep exhaustive
// (every bit pattern, on all cores) and the float64 samples 50x larger; that
// is how the table at the top of math_functions.h was measured (minutes).
// The sweeps run on all cores (up to 16).
//
// Build (not in CMakeLists.txt), once per ISA's flags, e.g. avx512:
//   g++ -std=c++17 -O3 -mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma
//       -ffp-contract=off -Icsrc/kernels csrc/tests/math_accuracy_test.cpp
//       -lgtest -lgtest_main -pthread -o /tmp/mathtest && /tmp/mathtest
// (scalar: -O2 -fno-tree-vectorize; avx2: -O3 -mavx2 -mfma).
#include <gtest/gtest.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "math_functions.h"

namespace {

using corepy::cp_cos;
using corepy::cp_exp;
using corepy::cp_expm1;
using corepy::cp_log;
using corepy::cp_log10;
using corepy::cp_log1p;
using corepy::cp_log2;
using corepy::cp_sigmoid;
using corepy::cp_sin;
using corepy::cp_tan;
using corepy::cp_tanh;

constexpr double kMaxUlp = 2.0;  // the contract

bool Exhaustive() {
  const char* e = getenv("COREPY_MATH_EXHAUSTIVE");
  return e && *e && strcmp(e, "0") != 0;
}

template <typename T>
uint64_t Bits(T x) {
  if constexpr (sizeof(T) == 4) {
    uint32_t u;
    memcpy(&u, &x, 4);
    return u;
  } else {
    uint64_t u;
    memcpy(&u, &x, 8);
    return u;
  }
}
float F32FromBits(uint32_t u) {
  float x;
  memcpy(&x, &u, 4);
  return x;
}
double F64FromBits(uint64_t u) {
  double x;
  memcpy(&x, &u, 8);
  return x;
}

// One ulp of type T at the magnitude of v (subnormal spacing below the normal
// range; the spacing at the top binade above it).
template <typename T>
long double UlpOf(long double v) {
  constexpr int p = std::numeric_limits<T>::digits;
  constexpr int emin = std::numeric_limits<T>::min_exponent;
  constexpr int emax = std::numeric_limits<T>::max_exponent;
  int e = emin;
  if (v != 0) frexpl(fabsl(v), &e);
  e = std::max(emin, std::min(emax, e));
  return ldexpl(1.0L, e - p);
}

// Distance of got from the exact value want, in ulps of T; infinite when a
// NaN or an infinity is wrong.
template <typename T>
double UlpError(T got, long double want) {
  if (isnan(want)) return isnan(got) ? 0.0 : INFINITY;
  if (isnan(got)) return INFINITY;
  const T want_t = (T)want;  // correctly rounded to T
  if (isinf(got) || isinf(want_t)) {
    if (got == want_t) return 0.0;
    if (isinf(got)) return INFINITY;  // got overflowed, want did not
    // want rounds to inf but got is finite: fine if got is the largest value.
  }
  return (double)(fabsl((long double)got - want) / UlpOf<T>(want));
}

struct Worst {
  double ulp = 0;
  long double x = 0, got = 0, want = 0;
  uint64_t count = 0;
  void Add(double u, long double xx, long double g, long double w) {
    ++count;
    if (u > ulp || (isnan(u) && !isnan(ulp))) {
      ulp = u;
      x = xx;
      got = g;
      want = w;
    }
  }
  void Merge(const Worst& o) {
    count += o.count;
    if (o.ulp > ulp) {
      ulp = o.ulp;
      x = o.x;
      got = o.got;
      want = o.want;
    }
  }
};

// ---------------------------------------------------------------------------
// The functions under test, applied to whole arrays (plain loops the compiler
// vectorizes with this file's flags), and their references.
// ---------------------------------------------------------------------------
enum Fn { kExp, kExpm1, kLog, kLog1p, kLog2, kLog10, kTanh, kSigmoid, kSin, kCos, kTan, kNumFn };
const char* kFnName[kNumFn] = {"exp", "expm1", "log", "log1p", "log2", "log10", "tanh", "sigmoid", "sin", "cos", "tan"};

template <typename T>
void Apply(Fn f, const T* x, T* y, size_t n) {
  switch (f) {
    case kExp: for (size_t i = 0; i < n; ++i) y[i] = cp_exp(x[i]); break;
    case kExpm1: for (size_t i = 0; i < n; ++i) y[i] = cp_expm1(x[i]); break;
    case kLog: for (size_t i = 0; i < n; ++i) y[i] = cp_log(x[i]); break;
    case kLog1p: for (size_t i = 0; i < n; ++i) y[i] = cp_log1p(x[i]); break;
    case kLog2: for (size_t i = 0; i < n; ++i) y[i] = cp_log2(x[i]); break;
    case kLog10: for (size_t i = 0; i < n; ++i) y[i] = cp_log10(x[i]); break;
    case kTanh: for (size_t i = 0; i < n; ++i) y[i] = cp_tanh(x[i]); break;
    case kSigmoid: for (size_t i = 0; i < n; ++i) y[i] = cp_sigmoid(x[i]); break;
    case kSin: corepy::cp_sin_array(x, y, n); break;
    case kCos: corepy::cp_cos_array(x, y, n); break;
    case kTan: corepy::cp_tan_array(x, y, n); break;
    default: break;
  }
}

// float32 reference: double libm.
double RefF32(Fn f, double x) {
  switch (f) {
    case kExp: return exp(x);
    case kExpm1: return expm1(x);
    case kLog: return log(x);
    case kLog1p: return log1p(x);
    case kLog2: return log2(x);
    case kLog10: return log10(x);
    case kTanh: return tanh(x);
    case kSigmoid: {
      if (x >= 0) return 1.0 / (1.0 + exp(-x));
      const double e = exp(x);
      return e / (1.0 + e);
    }
    case kSin: return sin(x);
    case kCos: return cos(x);
    case kTan: return tan(x);
    default: return NAN;
  }
}

// float64 reference: long double libm.
long double RefF64(Fn f, long double x) {
  switch (f) {
    case kExp: return expl(x);
    case kExpm1: return expm1l(x);
    case kLog: return logl(x);
    case kLog1p: return log1pl(x);
    case kLog2: return log2l(x);
    case kLog10: return log10l(x);
    case kTanh: return tanhl(x);
    case kSigmoid: {
      if (x >= 0) return 1.0L / (1.0L + expl(-x));
      const long double e = expl(x);
      return e / (1.0L + e);
    }
    case kSin: return sinl(x);
    case kCos: return cosl(x);
    case kTan: return tanl(x);
    default: return NAN;
  }
}

// ---------------------------------------------------------------------------
// float32 sweep over bit patterns
// ---------------------------------------------------------------------------
bool IsTrig(Fn f) { return f == kSin || f == kCos || f == kTan; }

// The worst case over the polynomial path, and separately over the elements
// that sin/cos/tan hand to libm (beyond the fast-path bound).
struct Worsts {
  Worst fast, libm;
  template <typename T>
  Worst& For(Fn f, T x) {
    return IsTrig(f) && corepy::cp_trig_needs_libm(x) ? libm : fast;
  }
  void Merge(const Worsts& o) {
    fast.Merge(o.fast);
    libm.Merge(o.libm);
  }
};

Worsts SweepF32Range(Fn f, uint64_t begin, uint64_t end, uint64_t stride, uint64_t big_stride) {
  constexpr size_t kChunk = 1 << 14;
  std::vector<float> x(kChunk), y(kChunk);
  Worsts w;
  uint64_t u = begin;
  const bool trig = IsTrig(f);
  while (u < end) {
    size_t n = 0;
    while (n < kChunk && u < end) {
      const float v = F32FromBits((uint32_t)u);
      x[n++] = v;
      // Past the trig fast-path bound results are libm's: sample them sparsely.
      u += (trig && fabsf(v) > 0x1p23f) ? big_stride : stride;
    }
    Apply(f, x.data(), y.data(), n);
    for (size_t i = 0; i < n; ++i) {
      const double want = RefF32(f, (double)x[i]);
      w.For(f, x[i]).Add(UlpError<float>(y[i], want), x[i], y[i], want);
    }
  }
  return w;
}

uint64_t F32Stride() {
  if (Exhaustive()) return 1;
  const char* e = getenv("COREPY_MATH_F32_STRIDE");
  const long v = e ? strtol(e, nullptr, 10) : 0;
  return v > 0 ? (uint64_t)v : 1553;
}

// Split over all cores; each thread covers the multiples of the stride in its slice.
Worsts SweepF32(Fn f) {
  const uint64_t stride = F32Stride();
  const unsigned nt = std::max(1u, std::min(16u, std::thread::hardware_concurrency()));
  const uint64_t total = uint64_t(1) << 32;
  auto first_at_or_after = [stride](uint64_t v) { return (v + stride - 1) / stride * stride; };
  std::vector<Worsts> parts(nt);
  std::vector<std::thread> th;
  for (unsigned t = 0; t < nt; ++t) {
    const uint64_t b = first_at_or_after(total * t / nt), e = first_at_or_after(total * (t + 1) / nt);
    th.emplace_back([&parts, f, t, b, e, stride] { parts[t] = SweepF32Range(f, b, e, stride, stride * 61); });
  }
  for (auto& t : th) t.join();
  Worsts w;
  for (auto& p : parts) w.Merge(p);
  return w;
}

// ---------------------------------------------------------------------------
// float64 samples
// ---------------------------------------------------------------------------
struct Sampler {
  std::mt19937_64 rng;
  explicit Sampler(uint64_t seed) : rng(seed) {}
  double Uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
  // |x| log-uniform in [2^elo, 2^ehi], random sign if sign.
  double LogUniform(double elo, double ehi, bool sign) {
    const double x = exp2(Uniform(elo, ehi));
    return (sign && (rng() & 1)) ? -x : x;
  }
  double RandomBits() { return F64FromBits(rng()); }
};

std::vector<double> InputsF64(Fn f, size_t per_range) {
  Sampler s(1234 + (uint64_t)f);
  std::vector<double> x;
  auto add = [&](auto gen) {
    for (size_t i = 0; i < per_range; ++i) x.push_back(gen());
  };
  add([&] { return s.RandomBits(); });  // the whole range, NaNs and all
  switch (f) {
    case kExp:
    case kExpm1:
      add([&] { return s.Uniform(-746, 710); });
      add([&] { return s.Uniform(-2, 2); });
      add([&] { return s.LogUniform(-80, 1, true); });
      add([&] { return s.Uniform(-745.2, -700); });  // subnormal / tiny results
      add([&] { return s.Uniform(700, 709.8); });    // near overflow
      break;
    case kLog:
    case kLog2:
    case kLog10:
      add([&] { return s.LogUniform(-1074, 1024, false); });
      add([&] { return s.Uniform(0.5, 2); });
      add([&] { return 1.0 + s.LogUniform(-60, -1, true); });
      add([&] { return s.LogUniform(-1074, -1022, false); });  // subnormals
      break;
    case kLog1p:
      add([&] { return s.Uniform(-1, 1); });
      add([&] { return s.LogUniform(-80, 0, true); });
      add([&] { return s.LogUniform(-60, 1024, false); });
      add([&] { return -1.0 + s.LogUniform(-53, -1, false); });  // near -1
      break;
    case kTanh:
      add([&] { return s.Uniform(-20, 20); });
      add([&] { return s.Uniform(-1.5, 1.5); });
      add([&] { return s.LogUniform(-80, 5, true); });
      break;
    case kSigmoid:
      add([&] { return s.Uniform(-750, 40); });
      add([&] { return s.Uniform(-40, 40); });
      add([&] { return s.LogUniform(-80, 5, true); });
      break;
    case kSin:
    case kCos:
    case kTan:
      add([&] { return s.Uniform(-10, 10); });
      add([&] { return s.Uniform(-1e6, 1e6); });
      add([&] { return s.LogUniform(-40, 29, true); });
      add([&] { return s.LogUniform(29, 1023, true); });  // libm fallback
      add([&] {                                           // near multiples of pi/2
        const double k = floor(s.LogUniform(0, 28, true));
        return nextafter(k * M_PI_2, INFINITY) + (double)((int)(s.rng() % 9) - 4) * k * 2.3e-16;
      });
      break;
    default: break;
  }
  return x;
}

Worsts SampleF64(Fn f) {
  const size_t per_range = Exhaustive() ? 2000000 : 40000;
  const std::vector<double> x = InputsF64(f, per_range);
  std::vector<double> y(x.size());
  Apply(f, x.data(), y.data(), x.size());
  Worsts w;
  for (size_t i = 0; i < x.size(); ++i) {
    const long double want = RefF64(f, (long double)x[i]);
    w.For(f, x[i]).Add(UlpError<double>(y[i], want), x[i], y[i], want);
  }
  return w;
}

void Report(const char* dtype, Fn f, const Worsts& ws) {
  for (int part = 0; part < 2; ++part) {
    const Worst& w = part ? ws.libm : ws.fast;
    if (w.count == 0) continue;
    printf("[ math     ] %-8s %-4s %s max %.3f ulp over %llu args (worst x = %.21Lg: got %.21Lg, want %.21Lg)\n",
           kFnName[f], dtype, part ? "libm fallback" : (IsTrig(f) ? "fast path    " : ""), w.ulp,
           (unsigned long long)w.count, w.x, w.got, w.want);
  }
  fflush(stdout);
}

void ExpectWithinContract(Fn f, const Worsts& ws) {
  for (const Worst* w : {&ws.fast, &ws.libm})
    EXPECT_LE(w->ulp, kMaxUlp) << kFnName[f] << "(" << (double)w->x << ") = " << (double)w->got << ", want "
                               << (double)w->want;
}

class MathAccuracy : public ::testing::TestWithParam<int> {};

TEST_P(MathAccuracy, F32Sweep) {
  const Fn f = (Fn)GetParam();
  const Worsts w = SweepF32(f);
  Report("f32", f, w);
  ExpectWithinContract(f, w);
}

TEST_P(MathAccuracy, F64Samples) {
  const Fn f = (Fn)GetParam();
  const Worsts w = SampleF64(f);
  Report("f64", f, w);
  ExpectWithinContract(f, w);
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, MathAccuracy, ::testing::Range(0, (int)kNumFn),
                         [](const ::testing::TestParamInfo<int>& info) { return std::string(kFnName[info.param]); });

// ---------------------------------------------------------------------------
// Exact special values
// ---------------------------------------------------------------------------
template <typename T>
::testing::AssertionResult Same(T got, T want) {
  const bool ok = (isnan(got) && isnan(want)) || Bits(got) == Bits(want);
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << got << " (bits " << std::hex << Bits(got) << "), want " << want
                                       << " (bits " << Bits(want) << ")";
}

template <typename T>
void CheckSpecials() {
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const T tiny = std::numeric_limits<T>::denorm_min();
  const T big = std::numeric_limits<T>::max();
  const T zero = 0, nzero = -T(0), one = 1;
  // One vector per function: (input, expected). Run through a loop too, so the
  // vectorized code sees them.
  struct Case {
    Fn f;
    T x, want;
  };
  const std::vector<Case> cases = {
      {kExp, nan, nan},        {kExp, inf, inf},          {kExp, -inf, zero},       {kExp, zero, one},
      {kExp, nzero, one},      {kExp, big, inf},          {kExp, -big, zero},       {kExp, tiny, one},
      {kExp, T(1000), inf},    {kExp, T(-1000), zero},
      {kExpm1, nan, nan},      {kExpm1, inf, inf},        {kExpm1, -inf, -one},     {kExpm1, zero, zero},
      {kExpm1, nzero, nzero},  {kExpm1, tiny, tiny},      {kExpm1, -tiny, -tiny},   {kExpm1, big, inf},
      {kExpm1, -big, -one},
      {kLog, nan, nan},        {kLog, inf, inf},          {kLog, -inf, nan},        {kLog, zero, -inf},
      {kLog, nzero, -inf},     {kLog, T(-1), nan},        {kLog, one, zero},        {kLog, -tiny, nan},
      {kLog1p, nan, nan},      {kLog1p, inf, inf},        {kLog1p, -inf, nan},      {kLog1p, zero, zero},
      {kLog1p, nzero, nzero},  {kLog1p, T(-1), -inf},     {kLog1p, T(-2), nan},     {kLog1p, tiny, tiny},
      {kLog1p, -tiny, -tiny},
      {kLog2, nan, nan},       {kLog2, inf, inf},         {kLog2, zero, -inf},      {kLog2, nzero, -inf},
      {kLog2, T(-1), nan},     {kLog2, one, zero},        {kLog2, T(8), T(3)},      {kLog2, T(0.25), T(-2)},
      {kLog10, nan, nan},      {kLog10, inf, inf},        {kLog10, zero, -inf},     {kLog10, T(-3), nan},
      {kLog10, one, zero},     {kLog10, T(10), one},      {kLog10, T(1000), T(3)},
      {kTanh, nan, nan},       {kTanh, inf, one},         {kTanh, -inf, -one},      {kTanh, zero, zero},
      {kTanh, nzero, nzero},   {kTanh, tiny, tiny},       {kTanh, -tiny, -tiny},    {kTanh, T(40), one},
      {kTanh, T(-40), -one},   {kTanh, big, one},
      {kSigmoid, nan, nan},    {kSigmoid, inf, one},      {kSigmoid, -inf, zero},   {kSigmoid, zero, T(0.5)},
      {kSigmoid, nzero, T(0.5)}, {kSigmoid, big, one},    {kSigmoid, -big, zero},   {kSigmoid, T(-1000), zero},
      {kSin, nan, nan},        {kSin, inf, nan},          {kSin, -inf, nan},        {kSin, zero, zero},
      {kSin, nzero, nzero},    {kSin, tiny, tiny},        {kSin, -tiny, -tiny},
      {kCos, nan, nan},        {kCos, inf, nan},          {kCos, -inf, nan},        {kCos, zero, one},
      {kCos, nzero, one},
      {kTan, nan, nan},        {kTan, inf, nan},          {kTan, -inf, nan},        {kTan, zero, zero},
      {kTan, nzero, nzero},    {kTan, tiny, tiny},        {kTan, -tiny, -tiny},
  };
  for (const Case& c : cases) {
    std::vector<T> x(37, c.x), y(37);
    Apply(c.f, x.data(), y.data(), x.size());
    for (T v : y) EXPECT_TRUE(Same(v, c.want)) << kFnName[c.f] << "(" << c.x << ")";
  }
  // log2 of the smallest subnormal is exact.
  EXPECT_TRUE(Same(cp_log2(tiny), T(std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits)));
}

TEST(MathSpecials, F32) { CheckSpecials<float>(); }
TEST(MathSpecials, F64) { CheckSpecials<double>(); }

// exp's gradual underflow: every result in the subnormal range equals the
// correctly rounded reference (to within one subnormal step).
TEST(MathSpecials, ExpSubnormalF32) {
  for (float x = -103.5f; x < -87.0f; x += 0.0009765625f) {
    const double want = exp((double)x);
    EXPECT_LE(UlpError<float>(cp_exp(x), want), 1.0) << x;
  }
}

TEST(MathSpecials, ExpSubnormalF64) {
  for (double x = -745.2; x < -707.0; x += 0.0009765625) {
    const long double want = expl((long double)x);
    EXPECT_LE(UlpError<double>(cp_exp(x), want), 1.0) << x;
  }
}

// ---------------------------------------------------------------------------
// Trig array helpers and the fast-path bound
// ---------------------------------------------------------------------------
template <typename T>
void CheckTrigArrays() {
  const T bound = corepy::cp_trig_fast_max(T(0));
  EXPECT_FALSE(corepy::cp_trig_needs_libm(bound));
  EXPECT_FALSE(corepy::cp_trig_needs_libm(-bound));
  EXPECT_TRUE(corepy::cp_trig_needs_libm(nextafter(bound, std::numeric_limits<T>::infinity())));
  EXPECT_TRUE(corepy::cp_trig_needs_libm(-std::numeric_limits<T>::max()));
  EXPECT_FALSE(corepy::cp_trig_needs_libm(std::numeric_limits<T>::infinity()));
  EXPECT_FALSE(corepy::cp_trig_needs_libm(std::numeric_limits<T>::quiet_NaN()));

  // Mostly in range, a few huge ones scattered (some blocks have none).
  std::mt19937_64 rng(7);
  const size_t n = 3000;
  std::vector<T> x(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = (T)std::uniform_real_distribution<double>(-100, 100)(rng);
    if (i % 997 == 5) x[i] = T(1e30) * (T)(i % 7 + 1);
    if (i == 2900) x[i] = bound;
  }
  for (int kind = 0; kind < 3; ++kind) {
    std::vector<T> y(n), inplace = x;
    const Fn f = kind == 0 ? kSin : kind == 1 ? kCos : kTan;
    Apply(f, x.data(), y.data(), n);
    Apply(f, inplace.data(), inplace.data(), n);
    for (size_t i = 0; i < n; ++i) {
      const T want = kind == 0 ? cp_sin(x[i]) : kind == 1 ? cp_cos(x[i]) : cp_tan(x[i]);
      ASSERT_TRUE(Same(y[i], want)) << kFnName[f] << "(" << x[i] << ") at " << i;
      ASSERT_TRUE(Same(inplace[i], want)) << kFnName[f] << "(" << x[i] << ") in place at " << i;
      if (corepy::cp_trig_needs_libm(x[i])) {
        const T lib = kind == 0 ? corepy::cp_sin_libm(x[i]) : kind == 1 ? corepy::cp_cos_libm(x[i])
                                                                        : corepy::cp_tan_libm(x[i]);
        ASSERT_TRUE(Same(y[i], lib));
      }
    }
  }
}

TEST(MathTrigArrays, F32) { CheckTrigArrays<float>(); }
TEST(MathTrigArrays, F64) { CheckTrigArrays<double>(); }

// Bits of every result on a fixed input set, folded into one number per
// function: equal across the scalar, avx2 and avx512 builds of this file.
TEST(MathDeterminism, PrintChecksums) {
  std::vector<float> xf;
  std::vector<double> xd;
  std::mt19937_64 rng(99);
  for (int i = 0; i < 200000; ++i) {
    xf.push_back(F32FromBits((uint32_t)rng()));
    xd.push_back(F64FromBits(rng()));
    xf.push_back((float)std::uniform_real_distribution<double>(-30, 30)(rng));
    xd.push_back(std::uniform_real_distribution<double>(-30, 30)(rng));
  }
  std::vector<float> yf(xf.size());
  std::vector<double> yd(xd.size());
  uint64_t h = 1469598103934665603ull;
  for (int f = 0; f < kNumFn; ++f) {
    Apply((Fn)f, xf.data(), yf.data(), xf.size());
    Apply((Fn)f, xd.data(), yd.data(), xd.size());
    for (float v : yf) h = (h ^ (isnan(v) ? 0x7fc00000u : Bits(v))) * 1099511628211ull;
    for (double v : yd) h = (h ^ (isnan(v) ? 0x7ff8000000000000ull : Bits(v))) * 1099511628211ull;
  }
  printf("[ math     ] checksum of all results: %016llx\n", (unsigned long long)h);
}

}  // namespace

// Elementwise and creation kernels, for every ISA:
//  - binary add/sub/mul/div in all modes (vv, vs, sv), unary neg and all 25
//    dtype casts: bit-exact against the scalar table on tail lengths, with
//    misaligned and in-place operands, and against a plain C++ oracle
//    (two's complement wrap, bool or/and, NumPy's cast rules);
//  - fill, fill_strided, arange (at an offset, and split invariance) and
//    linspace against oracles computed here.
#include <algorithm>

#include "test_util.h"

namespace cptest {
namespace {

const char* const kBinaryNames[CP_NUM_BINARY] = {"add", "sub", "mul", "div"};
const char* const kModeNames[CP_NUM_MODES] = {"vv", "vs", "sv"};

class ElementwiseTest : public IsaTest {};
CPTEST_INSTANTIATE_FOR_ALL_ISAS(ElementwiseTest);

// ---------------------------------------------------------------------------
// Oracles, written independently of the kernels
// ---------------------------------------------------------------------------

template <typename T>
T OracleBinary(int op, T a, T b) {
  if constexpr (kIsBool<T>) {
    return op == CP_BIN_ADD ? uint8_t(a | b) : uint8_t(a & b);  // or / and
  } else if constexpr (std::is_integral<T>::value) {
    typedef typename std::make_unsigned<T>::type U;  // wraps mod 2^bits
    switch (op) {
      case CP_BIN_ADD: return T(U(U(a) + U(b)));
      case CP_BIN_SUB: return T(U(U(a) - U(b)));
      default: return T(U(U(a) * U(b)));
    }
  } else {
    switch (op) {
      case CP_BIN_ADD: return a + b;
      case CP_BIN_SUB: return a - b;
      case CP_BIN_MUL: return a * b;
      default: return a / b;
    }
  }
}

template <typename From, typename To>
To OracleCast(From x) {
  if constexpr (kIsBool<To>) {
    return x != From(0) ? 1 : 0;
  } else if constexpr (kIsFloat<From> && std::is_integral<To>::value) {
    // NaN and values whose integer part is out of range give the minimum.
    typedef std::numeric_limits<To> L;
    if (std::isnan(x)) return L::min();
    const long double whole = std::trunc((long double)x);
    if (whole < (long double)L::min() || whole > (long double)L::max()) return L::min();
    return To(whole);
  } else {
    return To(x);  // int->int wraps, ->float rounds to nearest even
  }
}

// ---------------------------------------------------------------------------
// Binary
// ---------------------------------------------------------------------------

// Runs fn with operands laid out for `mode`; a and b hold n or 1 values.
template <typename T>
std::vector<T> RunBinary(cp_binary_fn fn, const std::vector<T>& a, const std::vector<T>& b,
                         size_t n, size_t misalign, bool* guards_ok) {
  GuardedBuffer a_buf = Place(a, misalign), b_buf = Place(b, misalign);
  GuardedBuffer out(sizeof(T), n, misalign);
  fn(a_buf.data(), b_buf.data(), out.data(), n);
  *guards_ok = out.GuardsIntact() && a_buf.GuardsIntact() && b_buf.GuardsIntact();
  return std::vector<T>(out.as<T>(), out.as<T>() + n);
}

// The broadcast operand of case number `index`: specials first, then random.
template <typename T>
T ScalarOperand(size_t index, uint64_t seed) {
  std::vector<T> specials;
  if constexpr (kIsBool<T>) {
    specials = {0, 1};
  } else if constexpr (std::is_integral<T>::value) {
    specials = IntSpecials<T>();
  } else {
    specials = FloatSpecials<T>();
  }
  if (index < specials.size()) return specials[index];
  return MakeValues<T>(1, seed)[0];
}

// Operands for `mode`: n values each, or one (the broadcast side).
template <typename T>
void MakeBinaryOperands(int mode, size_t n, size_t index, uint64_t seed, std::vector<T>* a,
                        std::vector<T>* b) {
  *a = MakeValues<T>(n, seed);
  *b = MakeValues<T>(n, seed + 1);
  if (mode == CP_MODE_VS) *b = {ScalarOperand<T>(index, seed + 2)};
  if (mode == CP_MODE_SV) *a = {ScalarOperand<T>(index, seed + 2)};
}

TEST_P(ElementwiseTest, BinaryBitExactVsScalar) {
  for (int op = 0; op < CP_NUM_BINARY; ++op)
    for (int dt : kAllDtypes)
      for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
        cp_binary_fn fn = isa_.binary[op][dt][mode], ref = ref_.binary[op][dt][mode];
        if (fn == nullptr || ref == nullptr) continue;  // null sets: kernel_table_test
        VisitDtype(dt, [&](auto tag) {
          typedef typename decltype(tag)::type T;
          size_t index = 0;
          for (size_t n : TailLengths())
            for (size_t misalign : {0, 1}) {
              SCOPED_TRACE(testing::Message() << kBinaryNames[op] << "_" << DtypeName(dt) << "_"
                                              << kModeNames[mode] << " n=" << n
                                              << " misalign=" << misalign);
              std::vector<T> a, b;
              MakeBinaryOperands<T>(mode, n, index++, SeedOf({1, (uint64_t)op, (uint64_t)dt,
                                                                (uint64_t)mode, n, misalign}),
                                      &a, &b);
              bool guards_ok = false, ref_guards_ok = false;
              std::vector<T> got = RunBinary(fn, a, b, n, misalign, &guards_ok);
              std::vector<T> want = RunBinary(ref, a, b, n, misalign, &ref_guards_ok);
              EXPECT_TRUE(guards_ok) << "wrote outside its output";
              EXPECT_TRUE(BitEqual(got.data(), want.data(), n));
            }
        });
      }
}

TEST_P(ElementwiseTest, BinaryMatchesOracle) {
  for (int op = 0; op < CP_NUM_BINARY; ++op)
    for (int dt : kAllDtypes)
      for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
        cp_binary_fn fn = isa_.binary[op][dt][mode];
        if (fn == nullptr) continue;
        VisitDtype(dt, [&](auto tag) {
          typedef typename decltype(tag)::type T;
          size_t index = 0;
          for (size_t n : {1, 17, 65, 1023}) {
            SCOPED_TRACE(testing::Message() << kBinaryNames[op] << "_" << DtypeName(dt) << "_"
                                            << kModeNames[mode] << " n=" << n);
            std::vector<T> a, b;
            MakeBinaryOperands<T>(mode, n, index++,
                                    SeedOf({2, (uint64_t)op, (uint64_t)dt, (uint64_t)mode, n}),
                                    &a, &b);
            bool guards_ok = false;
            std::vector<T> got = RunBinary(fn, a, b, n, 0, &guards_ok);
            std::vector<T> want(n);
            for (size_t i = 0; i < n; ++i) {
              const T x = mode == CP_MODE_SV ? a[0] : a[i];
              const T y = mode == CP_MODE_VS ? b[0] : b[i];
              want[i] = OracleBinary(op, x, y);
            }
            EXPECT_TRUE(BitEqual(got.data(), want.data(), n));
          }
        });
      }
}

// Writes the result over an operand (out == a or out == b), as an in-place
// update does; must equal the out-of-place result.
TEST_P(ElementwiseTest, BinaryInPlace) {
  for (int op = 0; op < CP_NUM_BINARY; ++op)
    for (int dt : kAllDtypes)
      for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
        cp_binary_fn fn = isa_.binary[op][dt][mode];
        if (fn == nullptr) continue;
        VisitDtype(dt, [&](auto tag) {
          typedef typename decltype(tag)::type T;
          for (size_t n : {7, 64, 129}) {
            SCOPED_TRACE(testing::Message() << kBinaryNames[op] << "_" << DtypeName(dt) << "_"
                                            << kModeNames[mode] << " n=" << n);
            std::vector<T> a, b;
            MakeBinaryOperands<T>(mode, n, n, SeedOf({3, (uint64_t)op, (uint64_t)dt, n}), &a,
                                    &b);
            bool guards_ok = false;
            const std::vector<T> want = RunBinary(fn, a, b, n, 0, &guards_ok);
            if (mode != CP_MODE_SV) {  // out aliases a
              std::vector<T> x = a;
              fn(x.data(), b.data(), x.data(), n);
              EXPECT_TRUE(BitEqual(x.data(), want.data(), n)) << "out == a";
            }
            if (mode != CP_MODE_VS) {  // out aliases b
              std::vector<T> y = b;
              fn(a.data(), y.data(), y.data(), n);
              EXPECT_TRUE(BitEqual(y.data(), want.data(), n)) << "out == b";
            }
          }
        });
      }
}

// Runs every mode of one kernel on explicit (a, b) pairs tiled to a length
// that reaches the vector body and a tail.
template <typename T>
void ExpectBinaryOnPairs(const cp_kernel_table& t, int op, int dt,
                         const std::vector<std::pair<T, T>>& pairs,
                         const std::vector<T>& expected) {
  for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
    cp_binary_fn fn = t.binary[op][dt][mode];
    ASSERT_NE(fn, nullptr) << kBinaryNames[op] << "_" << DtypeName(dt) << "_" << kModeNames[mode];
    for (size_t k = 0; k < pairs.size(); ++k) {
      const size_t n = 67;
      std::vector<T> a(n, pairs[k].first), b(n, pairs[k].second), out(n);
      fn(a.data(), b.data(), out.data(), n);  // vs/sv read element 0 of the broadcast side
      for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameBits(out[i], expected[k]))
            << kBinaryNames[op] << "_" << DtypeName(dt) << "_" << kModeNames[mode] << "("
            << Show(pairs[k].first) << ", " << Show(pairs[k].second) << ") = " << Show(out[i])
            << ", want " << Show(expected[k]) << " at [" << i << "]";
      }
    }
  }
}

TEST_P(ElementwiseTest, IntegerArithmeticWrapsTwosComplement) {
  typedef std::numeric_limits<int32_t> L32;
  typedef std::numeric_limits<int64_t> L64;
  ExpectBinaryOnPairs<int32_t>(isa_, CP_BIN_ADD, CP_DT_I32, {{L32::max(), 1}, {L32::min(), -1}},
                               {L32::min(), L32::max()});
  ExpectBinaryOnPairs<int32_t>(isa_, CP_BIN_SUB, CP_DT_I32, {{L32::min(), 1}, {0, L32::min()}},
                               {L32::max(), L32::min()});
  ExpectBinaryOnPairs<int32_t>(isa_, CP_BIN_MUL, CP_DT_I32,
                               {{65536, 65536}, {L32::min(), -1}, {46341, 46341}},
                               {0, L32::min(), -2147479015});
  ExpectBinaryOnPairs<int64_t>(isa_, CP_BIN_ADD, CP_DT_I64, {{L64::max(), 1}, {L64::min(), L64::min()}},
                               {L64::min(), 0});
  ExpectBinaryOnPairs<int64_t>(isa_, CP_BIN_SUB, CP_DT_I64, {{L64::min(), 1}}, {L64::max()});
  ExpectBinaryOnPairs<int64_t>(isa_, CP_BIN_MUL, CP_DT_I64,
                               {{int64_t(1) << 32, int64_t(1) << 32}, {L64::min(), -1}, {3, -7}},
                               {0, L64::min(), -21});
}

TEST_P(ElementwiseTest, BoolAddIsOrAndMulIsAnd) {
  const std::vector<std::pair<uint8_t, uint8_t>> pairs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_ADD, CP_DT_BOOL, pairs, {0, 1, 1, 1});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MUL, CP_DT_BOOL, pairs, {0, 0, 0, 1});
  EXPECT_EQ(isa_.binary[CP_BIN_SUB][CP_DT_BOOL][CP_MODE_VV], nullptr);
  EXPECT_EQ(isa_.binary[CP_BIN_DIV][CP_DT_BOOL][CP_MODE_VV], nullptr);
}

TEST_P(ElementwiseTest, FloatSpecialArithmetic) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float tiny = std::numeric_limits<float>::denorm_min();
  ExpectBinaryOnPairs<float>(isa_, CP_BIN_DIV, CP_DT_F32,
                             {{1.f, 0.f}, {-1.f, 0.f}, {1.f, -0.f}, {0.f, 0.f}, {inf, inf}, {1.f, inf}},
                             {inf, -inf, -inf, nan, nan, 0.f});
  ExpectBinaryOnPairs<float>(isa_, CP_BIN_ADD, CP_DT_F32,
                             {{inf, -inf}, {-0.f, -0.f}, {-0.f, 0.f}, {tiny, tiny}, {nan, 1.f}},
                             {nan, -0.f, 0.f, 2 * tiny, nan});
  ExpectBinaryOnPairs<float>(isa_, CP_BIN_MUL, CP_DT_F32,
                             {{0.f, inf}, {-0.f, 3.f}, {1e30f, 1e30f}, {tiny, 0.5f}},
                             {nan, -0.f, inf, 0.f});
  const double dinf = std::numeric_limits<double>::infinity();
  ExpectBinaryOnPairs<double>(isa_, CP_BIN_SUB, CP_DT_F64, {{dinf, dinf}, {0.0, 0.0}, {-0.0, 0.0}},
                              {std::numeric_limits<double>::quiet_NaN(), 0.0, -0.0});
  ExpectBinaryOnPairs<double>(isa_, CP_BIN_DIV, CP_DT_F64, {{1.0, 3.0}, {-5.0, 0.0}},
                              {1.0 / 3.0, -dinf});
}

// ---------------------------------------------------------------------------
// Unary neg
// ---------------------------------------------------------------------------

TEST_P(ElementwiseTest, NegBitExactVsScalar) {
  for (int dt : kAllDtypes) {
    cp_unary_fn fn = isa_.unary[CP_UN_NEG][dt], ref = ref_.unary[CP_UN_NEG][dt];
    if (fn == nullptr || ref == nullptr) continue;
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (size_t n : TailLengths())
        for (size_t misalign : {0, 1}) {
          SCOPED_TRACE(testing::Message() << "neg_" << DtypeName(dt) << " n=" << n
                                          << " misalign=" << misalign);
          GuardedBuffer in = Place(MakeValues<T>(n, SeedOf({4, (uint64_t)dt, n, misalign})), misalign);
          GuardedBuffer got(sizeof(T), n, misalign), want(sizeof(T), n, misalign);
          fn(in.data(), got.data(), n);
          ref(in.data(), want.data(), n);
          EXPECT_TRUE(got.GuardsIntact());
          EXPECT_TRUE(BitEqual(got.as<T>(), want.as<T>(), n));
        }
    });
  }
}

TEST_P(ElementwiseTest, NegMatchesOracleAndWorksInPlace) {
  for (int dt : kAllDtypes) {
    cp_unary_fn fn = isa_.unary[CP_UN_NEG][dt];
    if (fn == nullptr) continue;
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const size_t n = 1023;
      const std::vector<T> in = MakeValues<T>(n, SeedOf({5, (uint64_t)dt}));
      std::vector<T> out(n);
      fn(in.data(), out.data(), n);
      for (size_t i = 0; i < n; ++i) {
        T want;
        if constexpr (kIsFloat<T>) {
          want = -in[i];
        } else {
          typedef typename std::make_unsigned<T>::type U;
          want = T(U(U(0) - U(in[i])));  // -INT_MIN wraps to INT_MIN
        }
        // The sign of a negated zero is checked by NegOfZeroFlipsSign.
        const bool zero_ok = kIsFloat<T> && in[i] == T(0) && out[i] == T(0);
        ASSERT_TRUE(SameBits(out[i], want) || zero_ok)
            << "neg_" << DtypeName(dt) << "(" << Show(in[i]) << ") = " << Show(out[i])
            << ", want " << Show(want);
      }
      std::vector<T> in_place = in;
      fn(in_place.data(), in_place.data(), n);
      EXPECT_TRUE(BitEqual(in_place.data(), out.data(), n)) << "in place";
    });
  }
}

TEST_P(ElementwiseTest, NegOfIntMinWraps) {
  const int32_t a32[3] = {std::numeric_limits<int32_t>::min(), 5, 0};
  int32_t o32[3];
  isa_.unary[CP_UN_NEG][CP_DT_I32](a32, o32, 3);
  EXPECT_EQ(o32[0], std::numeric_limits<int32_t>::min());
  EXPECT_EQ(o32[1], -5);
  EXPECT_EQ(o32[2], 0);
  const int64_t a64[2] = {std::numeric_limits<int64_t>::min(), -9};
  int64_t o64[2];
  isa_.unary[CP_UN_NEG][CP_DT_I64](a64, o64, 2);
  EXPECT_EQ(o64[0], std::numeric_limits<int64_t>::min());
  EXPECT_EQ(o64[1], 9);
}

// NumPy: negative(0.0) is -0.0 and negative(-0.0) is 0.0 (negation flips the
// sign bit; it is not 0 - x).
TEST_P(ElementwiseTest, NegOfZeroFlipsSign) {
  for (size_t n : {1, 67}) {
    std::vector<float> f(n, 0.0f), fo(n, 1.0f);
    isa_.unary[CP_UN_NEG][CP_DT_F32](f.data(), fo.data(), n);
    EXPECT_TRUE(std::signbit(fo[n - 1]) && fo[n - 1] == 0.0f)
        << "neg_f32(+0.0) = " << Show(fo[n - 1]) << ", want -0.0 (n=" << n << ")";
    std::vector<double> d(n, 0.0), dout(n, 1.0);
    isa_.unary[CP_UN_NEG][CP_DT_F64](d.data(), dout.data(), n);
    EXPECT_TRUE(std::signbit(dout[n - 1]) && dout[n - 1] == 0.0)
        << "neg_f64(+0.0) = " << Show(dout[n - 1]) << ", want -0.0 (n=" << n << ")";
    std::vector<double> dn(n, -0.0);
    isa_.unary[CP_UN_NEG][CP_DT_F64](dn.data(), dout.data(), n);
    EXPECT_TRUE(!std::signbit(dout[n - 1]) && dout[n - 1] == 0.0)
        << "neg_f64(-0.0) = " << Show(dout[n - 1]) << ", want +0.0";
  }
}

// ---------------------------------------------------------------------------
// Casts
// ---------------------------------------------------------------------------

// Values of the source dtype for casts: the usual mix plus every special.
template <typename T>
std::vector<T> CastInputs(size_t n, uint64_t seed) {
  std::vector<T> v = MakeValues<T>(n, seed);
  if constexpr (!kIsBool<T>) {
    std::vector<T> specials;
    if constexpr (kIsFloat<T>) {
      specials = FloatSpecials<T>();
    } else {
      specials = IntSpecials<T>();
    }
    // Put the specials at a seed-dependent position so they hit body and tail.
    for (size_t k = 0; k < specials.size() && k < n; ++k) v[(seed + 3 * k) % n] = specials[k];
  }
  return v;
}

TEST_P(ElementwiseTest, CastsBitExactVsScalar) {
  int checked = 0;
  for (int from : kAllDtypes)
    for (int to : kAllDtypes) {
      cp_unary_fn fn = isa_.cast[from][to], ref = ref_.cast[from][to];
      ASSERT_NE(fn, nullptr) << DtypeName(from) << "->" << DtypeName(to);
      ASSERT_NE(ref, nullptr);
      ++checked;
      VisitDtype(from, [&](auto from_tag) {
        typedef typename decltype(from_tag)::type F;
        for (size_t n : TailLengths())
          for (size_t misalign : {0, 1}) {
            SCOPED_TRACE(testing::Message() << "cast " << DtypeName(from) << "->" << DtypeName(to)
                                            << " n=" << n << " misalign=" << misalign);
            GuardedBuffer in = Place(
                CastInputs<F>(n, SeedOf({6, (uint64_t)from, (uint64_t)to, n, misalign})), misalign);
            GuardedBuffer got(DtypeSize(to), n, misalign), want(DtypeSize(to), n, misalign);
            fn(in.data(), got.data(), n);
            ref(in.data(), want.data(), n);
            EXPECT_TRUE(got.GuardsIntact());
            EXPECT_TRUE(BitEqualAs(to, got.data(), want.data(), n));
          }
      });
    }
  EXPECT_EQ(checked, 25);
}

TEST_P(ElementwiseTest, CastsMatchOracle) {
  for (int from : kAllDtypes)
    for (int to : kAllDtypes) {
      VisitDtype(from, [&](auto from_tag) {
        typedef typename decltype(from_tag)::type F;
        VisitDtype(to, [&](auto to_tag) {
          typedef typename decltype(to_tag)::type T;
          for (size_t n : {5, 129, 1023}) {
            SCOPED_TRACE(testing::Message() << "cast " << DtypeName(from) << "->" << DtypeName(to)
                                            << " n=" << n);
            const std::vector<F> in = CastInputs<F>(n, SeedOf({7, (uint64_t)from, (uint64_t)to, n}));
            std::vector<T> got(n), want(n);
            isa_.cast[from][to](in.data(), got.data(), n);
            for (size_t i = 0; i < n; ++i) want[i] = OracleCast<F, T>(in[i]);
            EXPECT_TRUE(BitEqual(got.data(), want.data(), n));
          }
        });
      });
    }
}

// Casts explicit values (tiled so they reach the vector body and the tail).
template <typename F, typename T>
void ExpectCast(const cp_kernel_table& t, int from, int to, const std::vector<F>& in,
                const std::vector<T>& expected) {
  const size_t n = 8 * in.size() + 3;
  std::vector<F> a(n);
  for (size_t i = 0; i < n; ++i) a[i] = in[i % in.size()];
  std::vector<T> out(n);
  t.cast[from][to](a.data(), out.data(), n);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_TRUE(SameBits(out[i], expected[i % in.size()]))
        << "cast " << DtypeName(from) << "->" << DtypeName(to) << "(" << Show(a[i]) << ") = "
        << Show(out[i]) << ", want " << Show(expected[i % in.size()]) << " at [" << i << "]";
  }
}

TEST_P(ElementwiseTest, FloatToIntNaNAndOutOfRangeGiveIntMin) {
  const float fnan = std::numeric_limits<float>::quiet_NaN();
  const float finf = std::numeric_limits<float>::infinity();
  const double dnan = std::numeric_limits<double>::quiet_NaN();
  const double dinf = std::numeric_limits<double>::infinity();
  const int32_t min32 = std::numeric_limits<int32_t>::min();
  const int64_t min64 = std::numeric_limits<int64_t>::min();
  ExpectCast<float, int32_t>(
      isa_, CP_DT_F32, CP_DT_I32,
      {fnan, finf, -finf, 2147483648.f, -2147483648.f, 2147483520.f, -2147483904.f, -2.9f, 2.9f, -0.f, 1e20f},
      {min32, min32, min32, min32, min32, 2147483520, min32, -2, 2, 0, min32});
  ExpectCast<double, int32_t>(
      isa_, CP_DT_F64, CP_DT_I32,
      {dnan, -dinf, 2147483647.9, 2147483648.0, -2147483648.9, -2147483649.0, 1e300, -7.5},
      {min32, min32, 2147483647, min32, min32, min32, min32, -7});
  ExpectCast<float, int64_t>(
      isa_, CP_DT_F32, CP_DT_I64, {fnan, finf, 9223372036854775808.f, 9223371487098961920.f, -1e19f, 3.5f},
      {min64, min64, min64, 9223371487098961920LL, min64, 3});
  ExpectCast<double, int64_t>(
      isa_, CP_DT_F64, CP_DT_I64,
      {dnan, dinf, 9223372036854775808.0, 9223372036854774784.0, -9223372036854775808.0, -1e19, -0.5},
      {min64, min64, min64, 9223372036854774784LL, min64, min64, 0});
}

TEST_P(ElementwiseTest, AnythingToBoolIsNonZero) {
  const float fnan = std::numeric_limits<float>::quiet_NaN();
  ExpectCast<float, uint8_t>(isa_, CP_DT_F32, CP_DT_BOOL,
                             {0.f, -0.f, fnan, std::numeric_limits<float>::denorm_min(), -3.f,
                              std::numeric_limits<float>::infinity()},
                             {0, 0, 1, 1, 1, 1});
  ExpectCast<double, uint8_t>(isa_, CP_DT_F64, CP_DT_BOOL,
                              {-0.0, 1e-310, std::numeric_limits<double>::quiet_NaN()}, {0, 1, 1});
  // Non-zero values whose low byte is zero must not truncate to false.
  ExpectCast<int32_t, uint8_t>(isa_, CP_DT_I32, CP_DT_BOOL, {0, 256, -256, 65536, std::numeric_limits<int32_t>::min(), 1},
                               {0, 1, 1, 1, 1, 1});
  ExpectCast<int64_t, uint8_t>(isa_, CP_DT_I64, CP_DT_BOOL,
                               {int64_t(1) << 32, int64_t(1) << 63, 0, -1}, {1, 1, 0, 1});
  ExpectCast<uint8_t, uint8_t>(isa_, CP_DT_BOOL, CP_DT_BOOL, {0, 1}, {0, 1});
}

TEST_P(ElementwiseTest, IntegerCastsWrapAndRoundToNearestEven) {
  ExpectCast<int64_t, int32_t>(isa_, CP_DT_I64, CP_DT_I32,
                               {int64_t(0x180000000), -1, int64_t(1) << 32, int64_t(0x7FFFFFFF)},
                               {std::numeric_limits<int32_t>::min(), -1, 0, 0x7FFFFFFF});
  ExpectCast<int32_t, int64_t>(isa_, CP_DT_I32, CP_DT_I64, {std::numeric_limits<int32_t>::min(), -1},
                               {-2147483648LL, -1});
  ExpectCast<int32_t, float>(isa_, CP_DT_I32, CP_DT_F32, {16777217, 16777219, -16777217, 2147483647},
                             {16777216.f, 16777220.f, -16777216.f, 2147483648.f});
  // 2^60 + 2^36 + 1 is just above the midpoint of two floats: rounding it
  // through double first would land on the midpoint and round down.
  const int64_t trap = (int64_t(1) << 60) + (int64_t(1) << 36) + 1;
  ExpectCast<int64_t, float>(isa_, CP_DT_I64, CP_DT_F32, {trap, -trap, (int64_t(1) << 24) + 1},
                             {1152921642045800448.f, -1152921642045800448.f, 16777216.f});
  ExpectCast<int64_t, double>(isa_, CP_DT_I64, CP_DT_F64,
                              {(int64_t(1) << 53) + 1, std::numeric_limits<int64_t>::min()},
                              {9007199254740992.0, -9223372036854775808.0});
  ExpectCast<uint8_t, float>(isa_, CP_DT_BOOL, CP_DT_F32, {0, 1}, {0.f, 1.f});
  ExpectCast<uint8_t, int64_t>(isa_, CP_DT_BOOL, CP_DT_I64, {1, 0}, {1, 0});
  ExpectCast<double, float>(isa_, CP_DT_F64, CP_DT_F32, {1e300, -1e300, 1e-300, 0.1},
                            {std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity(), 0.f, 0.1f});
}

// ---------------------------------------------------------------------------
// fill / fill_strided
// ---------------------------------------------------------------------------

template <typename T>
T FillValue(int variant) {
  if constexpr (kIsBool<T>) {
    return T(variant & 1);
  } else if constexpr (kIsFloat<T>) {
    // A NaN with a payload and -0.0 must be copied bit for bit.
    const T values[] = {FromBits<T>(sizeof(T) == 4 ? 0x7FC12345u : 0x7FF8000012345678ull), -T(0),
                        T(-1.25), std::numeric_limits<T>::denorm_min()};
    return values[variant % 4];
  } else {
    const T values[] = {std::numeric_limits<T>::min(), T(-1), T(0x5A5A5A5A), T(0)};
    return values[variant % 4];
  }
}

TEST_P(ElementwiseTest, FillWritesEveryElement) {
  for (int dt : kAllDtypes) {
    cp_fill_fn fn = isa_.fill[dt];
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      int variant = 0;
      for (size_t n : TailLengths())
        for (size_t misalign : {0, 1}) {
          const T value = FillValue<T>(variant++);
          GuardedBuffer out(sizeof(T), n, misalign);
          fn(out.data(), &value, n);
          EXPECT_TRUE(out.GuardsIntact()) << DtypeName(dt) << " n=" << n;
          for (size_t i = 0; i < n; ++i) {
            T got;
            memcpy(&got, out.as<T>() + i, sizeof(T));
            ASSERT_EQ(BitsOf(got), BitsOf(value))
                << "fill_" << DtypeName(dt) << " n=" << n << " at [" << i << "]";
          }
        }
    });
  }
}

TEST_P(ElementwiseTest, FillStridedTouchesOnlyItsElements) {
  for (int dt : kAllDtypes) {
    cp_fill_strided_fn fn = isa_.fill_strided[dt];
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (ptrdiff_t stride : {1, 2, 3, 7, 17, -1, -4})
        for (size_t n : {1, 2, 3, 16, 17, 33, 129}) {
          const size_t span = (n - 1) * (size_t)(stride < 0 ? -stride : stride) + 1;
          const T value = FillValue<T>((int)n);
          GuardedBuffer out(sizeof(T), span);
          const std::vector<unsigned char> before(static_cast<unsigned char*>(out.data()),
                                                  static_cast<unsigned char*>(out.data()) + span * sizeof(T));
          T* first = stride < 0 ? out.as<T>() + (span - 1) : out.as<T>();
          fn(first, stride, &value, n);
          EXPECT_TRUE(out.GuardsIntact()) << "stride=" << stride << " n=" << n;
          for (size_t e = 0; e < span; ++e) {
            const ptrdiff_t offset = (ptrdiff_t)e - (first - out.as<T>());
            const bool written = offset % stride == 0 && offset / stride >= 0 &&
                                 offset / stride < (ptrdiff_t)n;
            const unsigned char* got = static_cast<unsigned char*>(out.data()) + e * sizeof(T);
            const unsigned char* want =
                written ? reinterpret_cast<const unsigned char*>(&value) : before.data() + e * sizeof(T);
            ASSERT_EQ(memcmp(got, want, sizeof(T)), 0)
                << "fill_strided_" << DtypeName(dt) << " stride=" << stride << " n=" << n
                << " element " << e << (written ? " (should be written)" : " (should be untouched)");
          }
        }
    });
  }
}

// ---------------------------------------------------------------------------
// arange / linspace
// ---------------------------------------------------------------------------

const size_t kOffsets[] = {0, 1, 12345, size_t(1) << 33};

TEST_P(ElementwiseTest, IntegerArangeAtOffsetWraps) {
  for (int dt : {CP_DT_I32, CP_DT_I64}) {
    cp_arange_fn fn = isa_.arange[dt];
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (std::is_integral<T>::value && !kIsBool<T>) {
        typedef typename std::make_unsigned<T>::type U;
        typedef std::numeric_limits<T> L;
        const std::pair<T, T> start_steps[] = {{0, 1}, {-5, 3}, {T(L::max() - 10), 1}, {7, -2},
                                               {L::min(), T(L::max() / 3)}, {42, 0}};
        for (const auto& ss : start_steps)
          for (size_t offset : kOffsets)
            for (size_t n : {1, 15, 17, 65, 1000}) {
              GuardedBuffer out(sizeof(T), n, n % 2);
              fn(out.data(), &ss.first, &ss.second, offset, n);
              EXPECT_TRUE(out.GuardsIntact());
              for (size_t i = 0; i < n; ++i) {
                const T want = T(U(U(ss.first) + U(offset + i) * U(ss.second)));
                ASSERT_EQ(out.as<T>()[i], want)
                    << "arange_" << DtypeName(dt) << " start=" << (int64_t)ss.first
                    << " step=" << (int64_t)ss.second << " offset=" << offset << " i=" << i;
              }
            }
      }
    });
  }
  EXPECT_EQ(isa_.arange[CP_DT_BOOL], nullptr);
}

// Float arange is start + k * step in the output dtype. The SIMD builds may
// fuse the multiply-add (one rounding instead of two); the scalar reference
// is built without contraction and must give the two-rounding result.
template <typename T>
bool ArangeValueOk(T got, T start, T step, size_t k, bool must_be_unfused) {
  const T unfused = start + T(k) * step;
  if (SameBits(got, unfused)) return true;
  return !must_be_unfused && SameBits(got, std::fma(T(k), step, start));
}

TEST_P(ElementwiseTest, FloatArangeAtOffset) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    cp_arange_fn fn = isa_.arange[dt];
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (kIsFloat<T>) {
        const std::pair<T, T> start_steps[] = {{T(0), T(0.1)}, {T(-3.5), T(0.25)}, {T(1e6), T(-0.3)},
                                               {T(1), T(1e-7)}, {T(-0.0), T(0)}};
        for (const auto& ss : start_steps)
          for (size_t offset : kOffsets)
            for (size_t n : {1, 7, 16, 17, 33, 1000}) {
              GuardedBuffer out(sizeof(T), n, n % 2);
              fn(out.data(), &ss.first, &ss.second, offset, n);
              EXPECT_TRUE(out.GuardsIntact());
              for (size_t i = 0; i < n; ++i) {
                ASSERT_TRUE(ArangeValueOk(out.as<T>()[i], ss.first, ss.second, offset + i, IsScalar()))
                    << "arange_" << DtypeName(dt) << " start=" << ss.first << " step=" << ss.second
                    << " offset=" << offset << " i=" << i << ": got " << Show(out.as<T>()[i])
                    << ", want " << Show(T(ss.first + T(offset + i) * ss.second));
              }
            }
      }
    });
  }
}

// Element k must not depend on how the range is split (Rust splits across threads).
TEST_P(ElementwiseTest, ArangeAndLinspaceSplitInvariance) {
  const size_t n = 1031;
  for (int dt : {CP_DT_I32, CP_DT_I64, CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const T start = kIsFloat<T> ? T(-2.75) : T(-1000);
      const T step = kIsFloat<T> ? T(0.013) : T(7);
      for (size_t base : {size_t(0), size_t(99)}) {
        std::vector<T> whole(n), whole_lin(n);
        isa_.arange[dt](whole.data(), &start, &step, base, n);
        if (isa_.linspace[dt]) isa_.linspace[dt](whole_lin.data(), -2.75, 0.013, base, n);
        for (size_t split : {1, 2, 3, 5, 16, 17, 100, 1000, 1030}) {
          std::vector<T> parts(n, T(0)), parts_lin(n, T(0));
          isa_.arange[dt](parts.data(), &start, &step, base, split);
          isa_.arange[dt](parts.data() + split, &start, &step, base + split, n - split);
          EXPECT_TRUE(BitEqual(parts.data(), whole.data(), n))
              << "arange_" << DtypeName(dt) << " split at " << split << " base " << base;
          if (isa_.linspace[dt]) {
            isa_.linspace[dt](parts_lin.data(), -2.75, 0.013, base, split);
            isa_.linspace[dt](parts_lin.data() + split, -2.75, 0.013, base + split, n - split);
            EXPECT_TRUE(BitEqual(parts_lin.data(), whole_lin.data(), n))
                << "linspace_" << DtypeName(dt) << " split at " << split << " base " << base;
          }
        }
      }
    });
  }
}

// linspace: out[i] = (T)(start + (offset + i) * step) computed in double
// (possibly fused in the SIMD builds, never in the scalar reference).
TEST_P(ElementwiseTest, LinspaceAtOffset) {
  for (int dt : kAllDtypes) {
    cp_linspace_fn fn = isa_.linspace[dt];
    if (dt != CP_DT_F32 && dt != CP_DT_F64) {
      EXPECT_EQ(fn, nullptr) << "linspace_" << DtypeName(dt);
      continue;
    }
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const std::pair<double, double> start_steps[] = {{0.0, 0.1}, {-1.0, 2.0 / 999}, {1e10, -1e-3},
                                                       {3.0, 0.0}};
      for (const auto& ss : start_steps)
        for (size_t offset : kOffsets)
          for (size_t n : {1, 3, 15, 64, 65, 999}) {
            GuardedBuffer out(sizeof(T), n, n % 2);
            fn(out.data(), ss.first, ss.second, offset, n);
            EXPECT_TRUE(out.GuardsIntact());
            for (size_t i = 0; i < n; ++i) {
              const double k = double(offset + i);
              const T unfused = T(k * ss.second + ss.first);
              const T fused = T(std::fma(k, ss.second, ss.first));
              const T got = out.as<T>()[i];
              ASSERT_TRUE(SameBits(got, unfused) || (!IsScalar() && SameBits(got, fused)))
                  << "linspace_" << DtypeName(dt) << " start=" << ss.first << " step=" << ss.second
                  << " offset=" << offset << " i=" << i << ": got " << Show(got) << ", want "
                  << Show(unfused);
            }
          }
    });
  }
}

}  // namespace
}  // namespace cptest

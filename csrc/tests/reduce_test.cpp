// Reduction kernels (sum, max, min, prod) for every ISA: integer and bool sums are
// exact (int64 accumulator, including i32 sums that overflow int32), float
// sums are within a dtype-appropriate tolerance of a long-double oracle,
// max/min are exact against std::max/std::min loops, NaN anywhere gives NaN
// and an infinity without NaN gives an infinity. Inputs use tail lengths and
// misaligned starts.
#include <algorithm>

#include "test_util.h"

namespace cptest {
namespace {

class ReduceTest : public IsaTest {};
CPTEST_INSTANTIATE_FOR_ALL_ISAS(ReduceTest);

// Lengths for reductions: the tails plus a few multiples of the 1024 block.
std::vector<size_t> ReduceLengths() {
  std::vector<size_t> lengths = TailLengths();
  for (size_t n : {1024, 1025, 2048, 3071, 100000}) lengths.push_back(n);
  return lengths;
}

template <typename T>
int64_t SumAsInt64(cp_reduce_fn fn, const T* a, size_t n) {
  int64_t out = 0x5A5A5A5A5A5A5A5All;
  fn(a, n, &out);
  return out;
}

template <typename T>
T Reduce(cp_reduce_fn fn, const T* a, size_t n) {
  T out;
  memset(&out, 0xCD, sizeof out);
  fn(a, n, &out);
  return out;
}

// ---------------------------------------------------------------------------
// sum
// ---------------------------------------------------------------------------

TEST_P(ReduceTest, IntegerAndBoolSumsAreExact) {
  for (int dt : {CP_DT_BOOL, CP_DT_I8, CP_DT_I16, CP_DT_U8, CP_DT_I32, CP_DT_I64}) {
    cp_reduce_fn fn = isa_.reduce[CP_RED_SUM][dt];
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (size_t n : ReduceLengths())
        for (size_t misalign : {0, 1}) {
          std::vector<T> values = MakeValues<T>(n, SeedOf({20, (uint64_t)dt, n, misalign}));
          if constexpr (std::is_same<T, int64_t>::value) {  // keep the i64 sum inside int64
            for (auto& v : values) v = T(v >> 20);
          }
          // i32 values span the full range: the sum overflows int32 but not int64.
          int64_t want = 0;
          for (T v : values) want += int64_t(v);
          GuardedBuffer in = Place(values, misalign);
          EXPECT_EQ(SumAsInt64(fn, in.as<T>(), n), want)
              << "sum_" << DtypeName(dt) << " n=" << n << " misalign=" << misalign;
        }
    });
  }
}

TEST_P(ReduceTest, I32SumOverflowingInt32FitsInt64) {
  const size_t n = 4097;
  std::vector<int32_t> big(n, std::numeric_limits<int32_t>::max());
  EXPECT_EQ(SumAsInt64(isa_.reduce[CP_RED_SUM][CP_DT_I32], big.data(), n),
            int64_t(n) * 2147483647LL);
  std::vector<int32_t> small(n, std::numeric_limits<int32_t>::min());
  EXPECT_EQ(SumAsInt64(isa_.reduce[CP_RED_SUM][CP_DT_I32], small.data(), n),
            -int64_t(n) * 2147483648LL);
  std::vector<uint8_t> ones(100000, 1);
  EXPECT_EQ(SumAsInt64(isa_.reduce[CP_RED_SUM][CP_DT_BOOL], ones.data(), ones.size()), 100000);
}

// An int64 sum that leaves int64 wraps like two's complement (NumPy's
// result); it must not be undefined behaviour (the ASan/UBSan build checks).
TEST_P(ReduceTest, I64SumWrapsOnOverflow) {
  for (size_t n : {2, 3, 64, 65, 2049}) {
    std::vector<int64_t> values(n, 0);
    values[0] = std::numeric_limits<int64_t>::max();
    values[n - 1] = std::numeric_limits<int64_t>::max();
    if (n >= 3) values[n / 2] = 3;
    uint64_t want = 0;
    for (int64_t v : values) want += uint64_t(v);
    EXPECT_EQ(SumAsInt64(isa_.reduce[CP_RED_SUM][CP_DT_I64], values.data(), n), int64_t(want))
        << "n=" << n;
  }
}

// |got - exact| <= rel_tol * sum(|x|): the bound of a well-conditioned sum.
template <typename T>
void ExpectSumClose(cp_reduce_fn fn, const std::vector<T>& values, size_t misalign,
                    double rel_tol, const std::string& what) {
  long double exact = 0, magnitude = 0;
  for (T v : values) {
    exact += v;
    magnitude += std::fabs((long double)v);
  }
  GuardedBuffer in = Place(values, misalign);
  const T got = Reduce<T>(fn, in.as<T>(), values.size());
  const long double err = std::fabs((long double)got - exact);
  EXPECT_LE(err, rel_tol * magnitude + std::numeric_limits<T>::denorm_min())
      << what << ": got " << Show(got) << ", exact " << (double)exact << ", relative error "
      << (double)(magnitude > 0 ? err / magnitude : err);
}

TEST_P(ReduceTest, FloatSumOfUnitValuesWithinRelativeTolerance) {
  // 1e5 values in [0, 1): the brief's bound for f32 is 1e-5 relative.
  const size_t n = 100000;
  const auto f = MakeValues<float>(n, SeedOf({21}), Values::kUnit);
  ExpectSumClose<float>(isa_.reduce[CP_RED_SUM][CP_DT_F32], f, 0, 1e-5, "sum_f32 n=1e5");
  ExpectSumClose<float>(isa_.reduce[CP_RED_SUM][CP_DT_F32], f, 1, 1e-5, "sum_f32 n=1e5 misaligned");
  const auto d = MakeValues<double>(n, SeedOf({22}), Values::kUnit);
  ExpectSumClose<double>(isa_.reduce[CP_RED_SUM][CP_DT_F64], d, 0, 1e-13, "sum_f64 n=1e5");
}

TEST_P(ReduceTest, FloatSumOfManyOnesIsExact) {
  // 2^24 + 4096 ones: a running float32 sum stops at 2^24 (2^24 + 1 rounds
  // back to 2^24); blocked pairwise partial sums stay exact integers.
  const size_t n = (size_t(1) << 24) + 4096;
  const std::vector<float> ones(n, 1.0f);
  float got = 0;
  isa_.reduce[CP_RED_SUM][CP_DT_F32](ones.data(), n, &got);
  EXPECT_EQ(got, (float)n);
}

TEST_P(ReduceTest, FloatSumMixedSignsWithinTolerance) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (kIsFloat<T>) {
        const double tol = sizeof(T) == 4 ? 1e-5 : 1e-13;
        for (size_t n : ReduceLengths())
          for (size_t misalign : {0, 1}) {
            const auto values = MakeValues<T>(n, SeedOf({23, (uint64_t)dt, n}), Values::kSymmetric);
            ExpectSumClose<T>(isa_.reduce[CP_RED_SUM][dt], values, misalign, tol,
                              std::string("sum_") + DtypeName(dt) + " n=" + std::to_string(n));
          }
      }
    });
  }
}

TEST_P(ReduceTest, FloatSumCloseToScalarReference) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (kIsFloat<T>) {
        const double tol = sizeof(T) == 4 ? 2e-5 : 2e-13;
        for (size_t n : ReduceLengths()) {
          const auto values = MakeValues<T>(n, SeedOf({24, (uint64_t)dt, n}), Values::kSymmetric);
          long double magnitude = 0;
          for (T v : values) magnitude += std::fabs((long double)v);
          const T got = Reduce<T>(isa_.reduce[CP_RED_SUM][dt], values.data(), n);
          const T want = Reduce<T>(ref_.reduce[CP_RED_SUM][dt], values.data(), n);
          EXPECT_LE(std::fabs((long double)got - (long double)want), tol * magnitude)
              << "sum_" << DtypeName(dt) << " n=" << n << " got " << Show(got) << " scalar "
              << Show(want);
        }
      }
    });
  }
}

// ---------------------------------------------------------------------------
// prod: bool and integer dtypes write int64 (wrapping), floats their own dtype
// ---------------------------------------------------------------------------

TEST_P(ReduceTest, ProdOfExactDtypesWrapsInInt64) {
  for (int dt : kAllDtypes) {
    if (dt == CP_DT_F32 || dt == CP_DT_F64) continue;
    cp_reduce_fn fn = isa_.reduce[CP_RED_PROD][dt];
    ASSERT_NE(fn, nullptr) << "prod_" << DtypeName(dt);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (size_t n : TailLengths()) {
        // Small odd factors (so the product does not collapse to 0 mod 2^64),
        // and once a run of full-range values.
        std::vector<T> values = MakeValues<T>(n, SeedOf({29, (uint64_t)dt, n}), Values::kSymmetric);
        if constexpr (!kIsBool<T>) {
          for (auto& v : values) v = T(int64_t(v) % 7 == 0 ? 3 : int64_t(v) % 7);
          if (n == 33) values = MakeValues<T>(n, SeedOf({30, (uint64_t)dt}));
        } else if (n > 3) {
          values.assign(n, T(1));
          if (n % 2) values[n / 2] = T(0);  // all() is false
        }
        uint64_t want = 1;  // the exact product mod 2^64 (signed values sign-extended)
        for (T v : values) want *= uint64_t(int64_t(v));
        EXPECT_EQ(SumAsInt64(fn, values.data(), n), int64_t(want)) << "prod_" << DtypeName(dt) << " n=" << n;
      }
    });
  }
  // uint8 is unsigned (zero-extended), bool is all().
  const std::vector<uint8_t> u8 = {200, 2, 255};
  EXPECT_EQ(SumAsInt64(isa_.reduce[CP_RED_PROD][CP_DT_U8], u8.data(), 3), 200 * 2 * 255);
  const std::vector<int8_t> i8 = {-128, 3, -1};
  EXPECT_EQ(SumAsInt64(isa_.reduce[CP_RED_PROD][CP_DT_I8], i8.data(), 3), 384);
}

TEST_P(ReduceTest, FloatProdCloseToLongDoubleOracle) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (kIsFloat<T>) {
        for (size_t n : TailLengths()) {
          if (n > 200) continue;  // factors in [0.5, 1.5): no overflow or underflow up to here
          std::vector<T> values = MakeValues<T>(n, SeedOf({31, (uint64_t)dt, n}), Values::kUnit);
          for (auto& v : values) v = T(0.5) + v;
          long double exact = 1;
          for (T v : values) exact *= v;
          const T got = Reduce<T>(isa_.reduce[CP_RED_PROD][dt], values.data(), n);
          const long double tol = 2 * (long double)n * std::numeric_limits<T>::epsilon() * std::fabs(exact);
          EXPECT_LE(std::fabs((long double)got - exact), tol) << "prod_" << DtypeName(dt) << " n=" << n;
        }
        const T inf = std::numeric_limits<T>::infinity();
        const std::vector<T> zero_inf = {T(2), T(0), inf};
        EXPECT_TRUE(std::isnan(Reduce<T>(isa_.reduce[CP_RED_PROD][dt], zero_inf.data(), 3))) << "0 * inf";
        const std::vector<T> neg = {T(-2), T(-0.5), T(-3)};
        EXPECT_EQ(Reduce<T>(isa_.reduce[CP_RED_PROD][dt], neg.data(), 3), T(-3));
      }
    });
  }
}

// ---------------------------------------------------------------------------
// NaN and infinity, for sum, max and min
// ---------------------------------------------------------------------------

std::vector<size_t> SpecialPositions(size_t n) {
  std::vector<size_t> positions = {0, n / 2, n - 1};
  if (n > 40) positions.push_back(n - 33);  // inside the last full vector block
  return positions;
}

TEST_P(ReduceTest, NaNAnywhereGivesNaN) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (int op = 0; op < CP_NUM_REDUCE; ++op)
        for (size_t n : TailLengths())
          for (size_t pos : SpecialPositions(n)) {
            // Finite values plus infinities elsewhere, so NaN must beat inf too.
            std::vector<T> values = MakeValues<T>(n, SeedOf({25, (uint64_t)dt, n}), Values::kNoNaN);
            values[pos] = std::numeric_limits<T>::quiet_NaN();
            const T got = Reduce<T>(isa_.reduce[op][dt], values.data(), n);
            EXPECT_TRUE(IsNaN(got)) << ReduceName(op) << "_" << DtypeName(dt) << " n=" << n
                                         << " NaN at " << pos << ": got " << Show(got);
          }
    });
  }
}

TEST_P(ReduceTest, InfinityWithoutNaNGivesInfinity) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const T inf = std::numeric_limits<T>::infinity();
      cp_reduce_fn sum = isa_.reduce[CP_RED_SUM][dt];
      cp_reduce_fn max = isa_.reduce[CP_RED_MAX][dt];
      cp_reduce_fn min = isa_.reduce[CP_RED_MIN][dt];
      for (size_t n : TailLengths())
        for (size_t pos : SpecialPositions(n)) {
          SCOPED_TRACE(testing::Message() << DtypeName(dt) << " n=" << n << " inf at " << pos);
          std::vector<T> values = MakeValues<T>(n, SeedOf({26, (uint64_t)dt, n}), Values::kSymmetric);
          values[pos] = inf;
          EXPECT_EQ(Reduce<T>(sum, values.data(), n), inf);
          EXPECT_EQ(Reduce<T>(max, values.data(), n), inf);
          values[pos] = -inf;
          EXPECT_EQ(Reduce<T>(sum, values.data(), n), -inf);
          EXPECT_EQ(Reduce<T>(min, values.data(), n), -inf);
          if (n >= 2) {  // +inf and -inf together: max/min are still inf, not NaN
            values[(pos + 1) % n] = inf;
            EXPECT_EQ(Reduce<T>(max, values.data(), n), inf);
            EXPECT_EQ(Reduce<T>(min, values.data(), n), -inf);
            EXPECT_TRUE(IsNaN(Reduce<T>(sum, values.data(), n))) << "inf + -inf";
          }
        }
      // All infinities, no NaN.
      for (size_t n : {1, 31, 65}) {
        std::vector<T> infs(n, inf);
        EXPECT_EQ(Reduce<T>(max, infs.data(), n), inf);
        EXPECT_EQ(Reduce<T>(min, infs.data(), n), inf);
        EXPECT_EQ(Reduce<T>(sum, infs.data(), n), inf);
      }
    });
  }
}

// ---------------------------------------------------------------------------
// max / min
// ---------------------------------------------------------------------------

TEST_P(ReduceTest, MaxMinExactVsStdLoops) {
  for (int dt : kAllDtypes) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (size_t n : ReduceLengths())
        for (size_t misalign : {0, 1}) {
          // No NaN here (covered above); infinities, -0.0 and subnormals included.
          const std::vector<T> values =
              MakeValues<T>(n, SeedOf({27, (uint64_t)dt, n, misalign}), Values::kNoNaN);
          T want_max = values[0], want_min = values[0];
          for (T v : values) {
            want_max = std::max(want_max, v);
            want_min = std::min(want_min, v);
          }
          GuardedBuffer in = Place(values, misalign);
          const T got_max = Reduce<T>(isa_.reduce[CP_RED_MAX][dt], in.as<T>(), n);
          const T got_min = Reduce<T>(isa_.reduce[CP_RED_MIN][dt], in.as<T>(), n);
          // == rather than bits: which zero max(+0, -0) returns is order dependent.
          EXPECT_EQ(got_max, want_max) << "max_" << DtypeName(dt) << " n=" << n;
          EXPECT_EQ(got_min, want_min) << "min_" << DtypeName(dt) << " n=" << n;
        }
    });
  }
}

TEST_P(ReduceTest, MaxMinFindExtremeAtEveryPosition) {
  // One extreme value moved through every position of a 130-element run:
  // every lane, the lane fold and the tail must see it.
  for (int dt : {CP_DT_I8, CP_DT_I16, CP_DT_I32, CP_DT_I64, CP_DT_F32, CP_DT_F64}) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const size_t n = 130;
      for (size_t pos = 0; pos < n; ++pos) {
        std::vector<T> values(n, T(5));
        values[pos] = T(9);
        ASSERT_EQ(Reduce<T>(isa_.reduce[CP_RED_MAX][dt], values.data(), n), T(9))
            << "max_" << DtypeName(dt) << " at " << pos;
        values[pos] = T(-9);
        ASSERT_EQ(Reduce<T>(isa_.reduce[CP_RED_MIN][dt], values.data(), n), T(-9))
            << "min_" << DtypeName(dt) << " at " << pos;
      }
    });
  }
}

TEST_P(ReduceTest, BoolMaxIsAnyMinIsAll) {
  for (size_t n : {1, 17, 64, 129}) {
    std::vector<uint8_t> zeros(n, 0), ones(n, 1);
    EXPECT_EQ(Reduce<uint8_t>(isa_.reduce[CP_RED_MAX][CP_DT_BOOL], zeros.data(), n), 0);
    EXPECT_EQ(Reduce<uint8_t>(isa_.reduce[CP_RED_MIN][CP_DT_BOOL], ones.data(), n), 1);
    zeros[n - 1] = 1;
    ones[n / 2] = 0;
    EXPECT_EQ(Reduce<uint8_t>(isa_.reduce[CP_RED_MAX][CP_DT_BOOL], zeros.data(), n), 1);
    EXPECT_EQ(Reduce<uint8_t>(isa_.reduce[CP_RED_MIN][CP_DT_BOOL], ones.data(), n), 0);
  }
}

TEST_P(ReduceTest, MaxMinIntegerExtremes) {
  typedef std::numeric_limits<int64_t> L;
  std::vector<int64_t> values = {0, L::min(), 3, L::max(), -1};
  EXPECT_EQ(Reduce<int64_t>(isa_.reduce[CP_RED_MAX][CP_DT_I64], values.data(), 5), L::max());
  EXPECT_EQ(Reduce<int64_t>(isa_.reduce[CP_RED_MIN][CP_DT_I64], values.data(), 5), L::min());
  std::vector<int32_t> neg(100, -7);
  neg[77] = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(Reduce<int32_t>(isa_.reduce[CP_RED_MAX][CP_DT_I32], neg.data(), 100), -7);
  EXPECT_EQ(Reduce<int32_t>(isa_.reduce[CP_RED_MIN][CP_DT_I32], neg.data(), 100),
            std::numeric_limits<int32_t>::min());
}

// Max/min results equal the scalar table's (NaN or not) for mixed inputs.
TEST_P(ReduceTest, MaxMinMatchScalarReference) {
  for (int dt : kAllDtypes)
    for (int op : {CP_RED_MAX, CP_RED_MIN}) {
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        for (size_t n : TailLengths()) {
          const auto values = MakeValues<T>(n, SeedOf({28, (uint64_t)dt, (uint64_t)op, n}));
          const T got = Reduce<T>(isa_.reduce[op][dt], values.data(), n);
          const T want = Reduce<T>(ref_.reduce[op][dt], values.data(), n);
          EXPECT_TRUE(SameBits(got, want) || got == want)
              << ReduceName(op) << "_" << DtypeName(dt) << " n=" << n << ": got " << Show(got)
              << ", scalar " << Show(want);
        }
      });
    }
}

// argmax/argmin against the sequential definition (first position of the
// extreme; the first NaN wins): mixed values with specials (NaN, +-inf, -0.0)
// and without NaN, lengths across the 4096-element blocks, a planted extreme
// or NaN in the last block, and runs of equal values (ties go to the first).
template <typename T, bool Max>
int64_t SequentialArgExtreme(const std::vector<T>& a) {
  size_t best = 0;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[best] != a[best]) break;
    if (a[i] != a[i] || (Max ? a[i] > a[best] : a[i] < a[best])) best = i;
  }
  return (int64_t)best;
}

TEST_P(ReduceTest, ArgExtremeIsFirstPositionAsSequentialScan) {
  for (int dt : kAllDtypes) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (size_t n : {1, 2, 7, 64, 2047, 2049, 4095, 4096, 4097, 8193, 9001, 20000})
        for (int kind = 0; kind < 4; ++kind) {
          std::vector<T> a = MakeValues<T>(n, SeedOf({70, (uint64_t)dt, n, (uint64_t)kind}),
                                           kind == 0 ? Values::kMixed : Values::kNoNaN);
          if (kind == 2) {  // ties: a constant run with the extreme planted twice late
            std::fill(a.begin(), a.end(), a[0]);
            a[n - 1] = a[n / 2] = dt == CP_DT_BOOL ? T(1) : std::numeric_limits<T>::max();
          }
          if (kind == 3 && std::numeric_limits<T>::has_quiet_NaN) {  // NaN only in the last block
            a = MakeValues<T>(n, SeedOf({71, (uint64_t)dt, n}), Values::kNoNaN);
            a[n - 1 - n / 7] = std::numeric_limits<T>::quiet_NaN();
          }
          const auto one = [&](cp_argreduce_fn f, int64_t want, const char* what) {
            int64_t got = -1;
            f(a.data(), n, &got);
            EXPECT_EQ(got, want) << what << "_" << DtypeName(dt) << " n=" << n << " kind=" << kind;
          };
          one(isa_.argmax[dt], SequentialArgExtreme<T, true>(a), "argmax");
          one(isa_.argmin[dt], SequentialArgExtreme<T, false>(a), "argmin");
        }
    });
  }
}

}  // namespace
}  // namespace cptest

// The kernel-table ABI for every ISA: version, size and name; which entries
// are present (the same set for every ISA, and the set kernel_list.h
// promises); a sweep that calls every non-null entry and compares it with
// the scalar table; and the counter-based random streams (uniform, normal),
// which are shared by all tables: range, split invariance at any offset,
// identical across ISAs, and loose moments.
#include <algorithm>

#include "test_util.h"

namespace cptest {
namespace {

class KernelTableTest : public IsaTest {};
CPTEST_INSTANTIATE_FOR_ALL_ISAS(KernelTableTest);

// ---------------------------------------------------------------------------
// ABI header and presence
// ---------------------------------------------------------------------------

TEST_P(KernelTableTest, AbiVersionSizeAndName) {
  EXPECT_EQ(isa_.abi_version, COREPY_KERNEL_ABI_VERSION);
  EXPECT_EQ(isa_.table_size, sizeof(cp_kernel_table));
  ASSERT_NE(isa_.isa_name, nullptr);
  EXPECT_EQ(std::string(isa_.isa_name), GetParam());
}

// One "name -> present?" line per table slot, in a fixed order.
std::vector<std::pair<std::string, bool>> Presence(const cp_kernel_table& t) {
  std::vector<std::pair<std::string, bool>> slots;
  auto add = [&slots](const std::string& name, bool present) { slots.emplace_back(name, present); };
  const char* const ops[] = {"add", "sub", "mul", "div"};
  const char* const modes[] = {"vv", "vs", "sv"};
  const char* const reduces[] = {"sum", "max", "min"};
  for (int dt : kAllDtypes) {
    const std::string d = DtypeName(dt);
    for (int op = 0; op < CP_NUM_BINARY; ++op)
      for (int mode = 0; mode < CP_NUM_MODES; ++mode)
        add(std::string("binary_") + ops[op] + "_" + d + "_" + modes[mode], t.binary[op][dt][mode] != nullptr);
    add("unary_neg_" + d, t.unary[CP_UN_NEG][dt] != nullptr);
    for (int to : kAllDtypes) add("cast_" + d + "_to_" + DtypeName(to), t.cast[dt][to] != nullptr);
    for (int op = 0; op < CP_NUM_REDUCE; ++op)
      add(std::string("reduce_") + reduces[op] + "_" + d, t.reduce[op][dt] != nullptr);
    add("fill_" + d, t.fill[dt] != nullptr);
    add("fill_strided_" + d, t.fill_strided[dt] != nullptr);
    add("arange_" + d, t.arange[dt] != nullptr);
    add("linspace_" + d, t.linspace[dt] != nullptr);
    add("uniform_" + d, t.uniform[dt] != nullptr);
    add("normal_" + d, t.normal[dt] != nullptr);
    add("gemm_pack_a_" + d, t.gemm[dt].pack_a != nullptr);
    add("gemm_pack_b_" + d, t.gemm[dt].pack_b != nullptr);
    add("gemm_macro_" + d, t.gemm[dt].macro_kernel != nullptr);
    add("gemm_tile_" + d, t.gemm[dt].mr != 0 || t.gemm[dt].nr != 0);
    add("matmul_naive_" + d, t.matmul_naive[dt] != nullptr);
  }
  return slots;
}

// What kernel_list.h promises, written out independently.
bool Expected(const std::string& slot) {
  auto is = [&slot](const std::string& prefix) { return slot.rfind(prefix, 0) == 0; };
  auto dt_of = [&slot]() {
    for (const char* d : {"bool", "i32", "i64", "f32", "f64"}) {
      const std::string tag = std::string("_") + d;
      const size_t at = slot.rfind(tag);
      if (at != std::string::npos && (at + tag.size() == slot.size() || slot[at + tag.size()] == '_'))
        return std::string(d);
    }
    return std::string("?");
  };
  if (is("cast_") || is("reduce_") || is("fill_")) return true;  // every dtype
  const std::string d = dt_of();
  const bool is_float = d == "f32" || d == "f64";
  if (is("binary_add_") || is("binary_mul_")) return true;  // bool: or / and
  if (is("binary_sub_")) return d != "bool";
  if (is("binary_div_")) return is_float;
  if (is("unary_neg_") || is("arange_")) return d != "bool";
  if (is("linspace_") || is("uniform_") || is("normal_") || is("gemm_")) return is_float;
  if (is("matmul_naive_")) return !is_float;
  ADD_FAILURE() << "unclassified slot " << slot;
  return false;
}

TEST_P(KernelTableTest, PresentEntriesAreThoseKernelListPromises) {
  for (const auto& slot : Presence(isa_))
    EXPECT_EQ(slot.second, Expected(slot.first)) << slot.first;
}

TEST_P(KernelTableTest, SameEntriesPresentAsScalar) {
  const auto mine = Presence(isa_), reference = Presence(ref_);
  ASSERT_EQ(mine.size(), reference.size());
  for (size_t i = 0; i < mine.size(); ++i)
    EXPECT_EQ(mine[i].second, reference[i].second) << mine[i].first;
}

// The table is filled from scratch: whatever the caller's struct held, absent
// entries come back null and the filled ones are the same.
TEST_P(KernelTableTest, FillingOverGarbageGivesTheSameTable) {
  cp_kernel_table garbage;
  memset(&garbage, 0xEE, sizeof garbage);
  ASSERT_TRUE(LoadTable(GetParam(), &garbage));
  EXPECT_EQ(memcmp(&garbage, &isa_, sizeof garbage), 0);
}

// Each SIMD table points at its own code; the random streams are one build
// shared by every table (so a seed gives the same numbers on any backend).
TEST_P(KernelTableTest, OwnKernelsButSharedRandomStreams) {
  if (!IsScalar()) {
    EXPECT_NE(isa_.binary[CP_BIN_ADD][CP_DT_F32][CP_MODE_VV], ref_.binary[CP_BIN_ADD][CP_DT_F32][CP_MODE_VV]);
    EXPECT_NE(isa_.cast[CP_DT_F64][CP_DT_I32], ref_.cast[CP_DT_F64][CP_DT_I32]);
    EXPECT_NE(isa_.gemm[CP_DT_F64].macro_kernel, ref_.gemm[CP_DT_F64].macro_kernel);
  }
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    EXPECT_EQ(isa_.uniform[dt], ref_.uniform[dt]) << DtypeName(dt);
    EXPECT_EQ(isa_.normal[dt], ref_.normal[dt]) << DtypeName(dt);
  }
}

// ---------------------------------------------------------------------------
// Sweep: every non-null entry, called and compared with the scalar table
// ---------------------------------------------------------------------------

// Finite values; i64 values are scaled down so their sum cannot leave int64
// (overflowing sums have their own test, ReduceTest.I64SumWrapsOnOverflow).
template <typename T>
std::vector<T> SweepValues(size_t n, uint64_t seed) {
  std::vector<T> values = MakeValues<T>(n, seed, Values::kFinite);
  if constexpr (std::is_same<T, int64_t>::value) {
    for (auto& v : values) v /= 256;
  }
  return values;
}

TEST_P(KernelTableTest, EveryEntryRunsAndAgreesWithScalar) {
  const size_t n = 37;  // one vector body plus a tail for every ISA
  int called = 0, present = 0;
  for (const auto& slot : Presence(isa_)) present += slot.second && slot.first.rfind("gemm_tile_", 0) != 0;

  for (int dt : kAllDtypes) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const std::vector<T> a = SweepValues<T>(n, SeedOf({60, (uint64_t)dt}));
      const std::vector<T> b = SweepValues<T>(n, SeedOf({61, (uint64_t)dt}));
      auto expect_same = [&](const std::vector<T>& got, const std::vector<T>& want, const std::string& what) {
        EXPECT_TRUE(BitEqual(got.data(), want.data(), got.size())) << what;
      };
      // binary
      for (int op = 0; op < CP_NUM_BINARY; ++op)
        for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
          if (!isa_.binary[op][dt][mode]) continue;
          std::vector<T> got(n), want(n);
          isa_.binary[op][dt][mode](a.data(), b.data(), got.data(), n);
          ref_.binary[op][dt][mode](a.data(), b.data(), want.data(), n);
          expect_same(got, want, "binary op " + std::to_string(op) + " mode " + std::to_string(mode));
          ++called;
        }
      // unary
      if (isa_.unary[CP_UN_NEG][dt]) {
        std::vector<T> got(n), want(n);
        isa_.unary[CP_UN_NEG][dt](a.data(), got.data(), n);
        ref_.unary[CP_UN_NEG][dt](a.data(), want.data(), n);
        expect_same(got, want, "neg");
        ++called;
      }
      // casts from this dtype
      for (int to : kAllDtypes) {
        if (!isa_.cast[dt][to]) continue;
        std::vector<unsigned char> got(n * DtypeSize(to)), want(n * DtypeSize(to));
        isa_.cast[dt][to](a.data(), got.data(), n);
        ref_.cast[dt][to](a.data(), want.data(), n);
        EXPECT_TRUE(BitEqualAs(to, got.data(), want.data(), n)) << "cast to " << DtypeName(to);
        ++called;
      }
      // reductions (sum writes int64 for exact dtypes)
      for (int op = 0; op < CP_NUM_REDUCE; ++op) {
        if (!isa_.reduce[op][dt]) continue;
        double got = 0, want = 0;
        int64_t got_i = 0, want_i = 0;
        if (op == CP_RED_SUM && !kIsFloat<T>) {
          isa_.reduce[op][dt](a.data(), n, &got_i);
          ref_.reduce[op][dt](a.data(), n, &want_i);
          EXPECT_EQ(got_i, want_i) << "sum";
        } else {
          T g{}, w{};
          isa_.reduce[op][dt](a.data(), n, &g);
          ref_.reduce[op][dt](a.data(), n, &w);
          got = double(g);
          want = double(w);
          if (op == CP_RED_SUM) {
            double scale = 0;
            for (T v : a) scale += std::fabs(double(v));
            EXPECT_LE(std::fabs(got - want), 1e-5 * scale) << "sum";
          } else {
            EXPECT_EQ(got, want) << "reduce op " << op;
          }
        }
        ++called;
      }
      // fill, fill_strided
      if (isa_.fill[dt]) {
        std::vector<T> got(n), want(n);
        isa_.fill[dt](got.data(), &a[3], n);
        ref_.fill[dt](want.data(), &a[3], n);
        expect_same(got, want, "fill");
        ++called;
      }
      if (isa_.fill_strided[dt]) {
        std::vector<T> got = b, want = b;
        isa_.fill_strided[dt](got.data(), 3, &a[5], n / 3);
        ref_.fill_strided[dt](want.data(), 3, &a[5], n / 3);
        expect_same(got, want, "fill_strided");
        ++called;
      }
      // arange, linspace (SIMD builds may fuse the multiply-add: compare closely)
      auto expect_close = [&](const std::vector<T>& got, const std::vector<T>& want, const std::string& what) {
        for (size_t i = 0; i < n; ++i) {
          const double tol = kIsFloat<T> ? 4 * std::numeric_limits<T>::epsilon() * (std::fabs(double(want[i])) + 1000) : 0;
          ASSERT_LE(std::fabs(double(got[i]) - double(want[i])), tol) << what << " at " << i;
        }
      };
      if (isa_.arange[dt]) {
        const T start = T(-3), step = kIsFloat<T> ? T(0.7) : T(11);
        std::vector<T> got(n), want(n);
        isa_.arange[dt](got.data(), &start, &step, 100, n);
        ref_.arange[dt](want.data(), &start, &step, 100, n);
        expect_close(got, want, "arange");
        ++called;
      }
      if (isa_.linspace[dt]) {
        std::vector<T> got(n), want(n);
        isa_.linspace[dt](got.data(), -1.0, 0.05, 7, n);
        ref_.linspace[dt](want.data(), -1.0, 0.05, 7, n);
        expect_close(got, want, "linspace");
        ++called;
      }
      // random streams
      const cp_random_fn isa_streams[2] = {isa_.uniform[dt], isa_.normal[dt]};
      const cp_random_fn ref_streams[2] = {ref_.uniform[dt], ref_.normal[dt]};
      for (int s = 0; s < 2; ++s) {
        if (!isa_streams[s]) continue;
        std::vector<T> got(n), want(n);
        isa_streams[s](got.data(), 99, 5, n);
        ref_streams[s](want.data(), 99, 5, n);
        expect_same(got, want, s == 0 ? "uniform" : "normal");
        ++called;
      }
      // gemm: pack_a, pack_b, macro_kernel (each ISA packs for its own tile)
      const cp_gemm_kernels& g = isa_.gemm[dt];
      const cp_gemm_kernels& r = ref_.gemm[dt];
      if (g.pack_a && g.pack_b && g.macro_kernel) {
        if constexpr (kIsFloat<T>) {
          const size_t m = 5, k = 6, nn = 7;
          const auto ma = MakeValues<T>(m * k, SeedOf({62, (uint64_t)dt}), Values::kSymmetric);
          const auto mb = MakeValues<T>(k * nn, SeedOf({63, (uint64_t)dt}), Values::kSymmetric);
          std::vector<T> pa(CeilDiv(m, g.mr) * g.mr * k), pb(CeilDiv(nn, g.nr) * g.nr * k);
          std::vector<T> ra(CeilDiv(m, r.mr) * r.mr * k), rb(CeilDiv(nn, r.nr) * r.nr * k);
          g.pack_a(ma.data(), (ptrdiff_t)k, 1, m, k, pa.data());
          g.pack_b(mb.data(), (ptrdiff_t)nn, 1, k, nn, pb.data());
          r.pack_a(ma.data(), (ptrdiff_t)k, 1, m, k, ra.data());
          r.pack_b(mb.data(), (ptrdiff_t)nn, 1, k, nn, rb.data());
          std::vector<T> got(m * nn), want(m * nn);
          g.macro_kernel(m, nn, k, pa.data(), pb.data(), got.data(), (ptrdiff_t)nn, 0);
          r.macro_kernel(m, nn, k, ra.data(), rb.data(), want.data(), (ptrdiff_t)nn, 0);
          for (size_t i = 0; i < got.size(); ++i)
            EXPECT_NEAR(double(got[i]), double(want[i]), 1e-5) << "gemm at " << i;
        }
        called += 3;
      }
      // matmul_naive
      if (isa_.matmul_naive[dt]) {
        std::vector<T> got(4 * 5), want(4 * 5);
        isa_.matmul_naive[dt](a.data(), b.data(), got.data(), 4, 6, 5);
        ref_.matmul_naive[dt](a.data(), b.data(), want.data(), 4, 6, 5);
        expect_same(got, want, "matmul_naive");
        ++called;
      }
    });
  }
  EXPECT_EQ(called, present) << "every non-null entry must be called once";
  // 48 binary + 4 neg + 25 casts + 15 reduce + 5 fill + 5 fill_strided + 4 arange
  // + 2 linspace + 2 uniform + 2 normal + 2 * 3 gemm + 3 matmul_naive.
  EXPECT_EQ(present, 121);
}

// ---------------------------------------------------------------------------
// Random streams
// ---------------------------------------------------------------------------

const uint64_t kSeeds[] = {0, 42, 0x8000000000000005ull};
const uint64_t kStreamOffsets[] = {0, 3, uint64_t(1) << 40};

template <typename T>
std::vector<T> Stream(cp_random_fn fn, uint64_t seed, uint64_t offset, size_t n) {
  std::vector<T> out(n);
  fn(out.data(), seed, offset, n);
  return out;
}

// Element k of a stream does not depend on how the calls split it.
template <typename T>
void ExpectSplitInvariant(cp_random_fn fn, const char* what) {
  const size_t n = 4099;
  for (uint64_t seed : kSeeds)
    for (uint64_t offset : kStreamOffsets) {
      const std::vector<T> whole = Stream<T>(fn, seed, offset, n);
      for (size_t split : {1, 2, 3, 4, 17, 64, 1001, 4098}) {
        std::vector<T> parts = Stream<T>(fn, seed, offset, split);
        const std::vector<T> rest = Stream<T>(fn, seed, offset + split, n - split);
        parts.insert(parts.end(), rest.begin(), rest.end());
        ASSERT_TRUE(BitEqual(parts.data(), whole.data(), n))
            << what << " seed=" << seed << " offset=" << offset << " split at " << split;
      }
      for (size_t k : {0, 1, 2, 777, 4098}) {  // one element at a time
        const T one = Stream<T>(fn, seed, offset + k, 1)[0];
        ASSERT_TRUE(SameBits(one, whole[k])) << what << " single element " << k;
      }
    }
}

TEST_P(KernelTableTest, UniformInUnitIntervalAndSplitInvariant) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    ASSERT_NE(isa_.uniform[dt], nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      ExpectSplitInvariant<T>(isa_.uniform[dt], "uniform");
      const size_t n = 100000;
      const std::vector<T> u = Stream<T>(isa_.uniform[dt], 7, 0, n);
      double mean = 0, var = 0;
      for (T x : u) {
        ASSERT_TRUE(x >= T(0) && x < T(1)) << "uniform_" << DtypeName(dt) << " gave " << Show(x);
        mean += x;
      }
      mean /= n;
      for (T x : u) var += (x - mean) * (x - mean);
      var /= n;
      EXPECT_NEAR(mean, 0.5, 0.01) << DtypeName(dt);
      EXPECT_NEAR(var, 1.0 / 12, 0.005) << DtypeName(dt);
      // Identical across ISAs and different across seeds.
      EXPECT_TRUE(BitEqual(Stream<T>(ref_.uniform[dt], 7, 0, 1000).data(), u.data(), 1000));
      const std::vector<T> other = Stream<T>(isa_.uniform[dt], 8, 0, 1000);
      size_t same = 0;
      for (size_t i = 0; i < 1000; ++i) same += other[i] == u[i];
      EXPECT_LT(same, 10u)
          << "seeds 7 and 8 give the same stream";
    });
  }
}

TEST_P(KernelTableTest, NormalMomentsAndSplitInvariant) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    ASSERT_NE(isa_.normal[dt], nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      // Odd splits separate the two halves of a Box-Muller pair.
      ExpectSplitInvariant<T>(isa_.normal[dt], "normal");
      const size_t n = 100000;
      const std::vector<T> z = Stream<T>(isa_.normal[dt], 2024, 11, n);
      double mean = 0, sq = 0;
      size_t beyond_4sigma = 0;
      for (T x : z) {
        ASSERT_TRUE(std::isfinite(x)) << "normal_" << DtypeName(dt) << " gave " << Show(x);
        mean += x;
        sq += double(x) * x;
        beyond_4sigma += std::fabs(double(x)) > 4;
      }
      mean /= n;
      const double stddev = std::sqrt(sq / n - mean * mean);
      EXPECT_NEAR(mean, 0.0, 0.02) << DtypeName(dt);
      EXPECT_NEAR(stddev, 1.0, 0.02) << DtypeName(dt);
      EXPECT_LT(beyond_4sigma, 30u) << "tails too heavy";  // expected ~6
      EXPECT_TRUE(BitEqual(Stream<T>(ref_.normal[dt], 2024, 11, 1000).data(), z.data(), 1000));
    });
  }
}

}  // namespace
}  // namespace cptest

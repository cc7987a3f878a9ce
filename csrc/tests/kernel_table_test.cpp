// The kernel-table ABI for every ISA: version, size and name; which entries
// are present (the set kernel_list.h's X-macros promise, derived from them
// here, and the same set for every ISA); that the presence list covers every
// field of the struct; a sweep that calls every non-null entry of every
// field and compares it with the scalar table; and the counter-based random
// streams (uniform, normal), which are shared by all tables: range, split
// invariance at any offset, identical across ISAs, and loose moments.
#include <algorithm>
#include <map>
#include <set>

#include "../kernels/kernel_list.h"
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

// Slot names, shared by the table walk and the X-macro expansion.
std::string Slot2(const std::string& field, const std::string& op, int dt) {
  return field + "_" + op + "_" + DtypeName(dt);
}
std::string Slot1(const std::string& field, int dt) { return field + "_" + DtypeName(dt); }
std::string CastSlot(const std::string& field, int from, int to) {
  return field + "_" + DtypeName(from) + "_to_" + DtypeName(to);
}

// One "name -> present?" line per table slot, in a fixed order, and the bytes
// of the struct the walk covered (TableWalkCoversEveryField compares them
// with sizeof: a field added to the ABI must be added here).
std::vector<std::pair<std::string, bool>> Presence(const cp_kernel_table& t, size_t* covered_bytes = nullptr) {
  std::vector<std::pair<std::string, bool>> slots;
  auto add = [&slots](const std::string& name, const void* p) { slots.emplace_back(name, p != nullptr); };
  auto fp = [](auto f) { return reinterpret_cast<const void*>(f); };
  for (int dt : kAllDtypes) {
    for (int op = 0; op < CP_NUM_BINARY; ++op) {
      for (int mode = 0; mode < CP_NUM_MODES; ++mode)
        add(Slot2("binary", BinaryName(op), dt) + "_" + ModeName(mode), fp(t.binary[op][dt][mode]));
      add(Slot2("binary_strided", BinaryName(op), dt), fp(t.binary_strided[op][dt]));
    }
    for (int op = 0; op < CP_NUM_COMPARE; ++op) {
      for (int mode = 0; mode < CP_NUM_MODES; ++mode)
        add(Slot2("compare", CompareName(op), dt) + "_" + ModeName(mode), fp(t.compare[op][dt][mode]));
      add(Slot2("compare_strided", CompareName(op), dt), fp(t.compare_strided[op][dt]));
    }
    add(Slot1("where", dt), fp(t.where[dt]));
    for (int op = 0; op < CP_NUM_UNARY; ++op) {
      add(Slot2("unary", UnaryName(op), dt), fp(t.unary[op][dt]));
      add(Slot2("unary_strided", UnaryName(op), dt), fp(t.unary_strided[op][dt]));
    }
    for (int op = 0; op < CP_NUM_PREDICATE; ++op)
      add(Slot2("predicate_strided", PredicateName(op), dt), fp(t.predicate_strided[op][dt]));
    for (int to : kAllDtypes) {
      add(CastSlot("cast", dt, to), fp(t.cast[dt][to]));
      add(CastSlot("cast_strided", dt, to), fp(t.cast_strided[dt][to]));
    }
    for (int op = 0; op < CP_NUM_REDUCE; ++op) add(Slot2("reduce", ReduceName(op), dt), fp(t.reduce[op][dt]));
    add(Slot1("fill", dt), fp(t.fill[dt]));
    add(Slot1("fill_strided", dt), fp(t.fill_strided[dt]));
    add(Slot1("arange", dt), fp(t.arange[dt]));
    add(Slot1("linspace", dt), fp(t.linspace[dt]));
    add(Slot1("uniform", dt), fp(t.uniform[dt]));
    add(Slot1("normal", dt), fp(t.normal[dt]));
    add(Slot1("gemm_pack_a", dt), fp(t.gemm[dt].pack_a));
    add(Slot1("gemm_pack_b", dt), fp(t.gemm[dt].pack_b));
    add(Slot1("gemm_macro", dt), fp(t.gemm[dt].macro_kernel));
    add(Slot1("gemm_direct", dt), fp(t.gemm[dt].direct));
    add(Slot1("gemv_rows", dt), fp(t.gemm[dt].gemv_rows));
    add(Slot1("gemv_cols", dt), fp(t.gemm[dt].gemv_cols));
    slots.emplace_back(Slot1("gemm_tile", dt), t.gemm[dt].mr != 0 || t.gemm[dt].nr != 0);
    add(Slot1("matmul_naive", dt), fp(t.matmul_naive[dt]));
    add(Slot1("sort", dt), fp(t.sort[dt]));
    add(Slot1("argsort", dt), fp(t.argsort[dt]));
    add(Slot1("unique", dt), fp(t.unique[dt]));
    add(Slot1("cumsum", dt), fp(t.cumsum[dt]));
    add(Slot1("cumprod", dt), fp(t.cumprod[dt]));
    add(Slot1("argmax", dt), fp(t.argmax[dt]));
    add(Slot1("argmin", dt), fp(t.argmin[dt]));
    add(Slot1("isclose", dt), fp(t.isclose[dt]));
  }
  add("gather_rows", fp(t.gather_rows));
  add("scatter_rows", fp(t.scatter_rows));
  add("nonzero", fp(t.nonzero));
  add("unravel", fp(t.unravel));
  if (covered_bytes) {
    *covered_bytes = sizeof t.binary + sizeof t.binary_strided + sizeof t.compare + sizeof t.compare_strided +
                     sizeof t.where + sizeof t.unary + sizeof t.unary_strided + sizeof t.predicate_strided +
                     sizeof t.cast + sizeof t.cast_strided + sizeof t.reduce + sizeof t.fill +
                     sizeof t.fill_strided + sizeof t.arange + sizeof t.linspace + sizeof t.uniform +
                     sizeof t.normal + sizeof t.gemm + sizeof t.matmul_naive + sizeof t.sort +
                     sizeof t.argsort + sizeof t.unique + sizeof t.cumsum + sizeof t.cumprod +
                     sizeof t.argmax + sizeof t.argmin + sizeof t.gather_rows + sizeof t.scatter_rows +
                     sizeof t.nonzero + sizeof t.unravel + sizeof t.isclose;
  }
  return slots;
}

TEST_P(KernelTableTest, TableWalkCoversEveryField) {
  size_t covered = 0;
  const auto slots = Presence(isa_, &covered);
  const size_t header = offsetof(cp_kernel_table, binary);
  EXPECT_EQ(header + covered, sizeof(cp_kernel_table))
      << "cp_kernel_table has fields Presence() does not walk: add them to Presence(), PromisedSlots() and "
         "the sweep";
  std::set<std::string> names;
  for (const auto& s : slots) EXPECT_TRUE(names.insert(s.first).second) << "duplicate slot name " << s.first;
}

// The slots kernel_list.h's X-macros promise, expanded here the way
// kernel_table.cpp expands them (and the dtype groups it uses for the
// kernels that are not in the list). The op and dtype tokens of every
// X-macro entry are checked against the test's enum-indexed names.
class Promised {
 public:
  explicit Promised(std::vector<std::string>* errors) : errors_(errors) {}
  void Binary(const char* op_token, int op, const char* dt_token, int dt) {
    Check(op_token, BinaryName(op), "binary op");
    Dtype(dt_token, dt);
    for (int m = 0; m < CP_NUM_MODES; ++m) slots.insert(Slot2("binary", BinaryName(op), dt) + "_" + ModeName(m));
    slots.insert(Slot2("binary_strided", BinaryName(op), dt));
  }
  void Compare(const char* op_token, int op, const char* dt_token, int dt) {
    Check(op_token, CompareName(op), "compare op");
    Dtype(dt_token, dt);
    for (int m = 0; m < CP_NUM_MODES; ++m) slots.insert(Slot2("compare", CompareName(op), dt) + "_" + ModeName(m));
    slots.insert(Slot2("compare_strided", CompareName(op), dt));
  }
  void Unary(const char* op_token, int op, const char* dt_token, int dt) {
    Check(op_token, UnaryName(op), "unary op");
    Dtype(dt_token, dt);
    slots.insert(Slot2("unary", UnaryName(op), dt));
    slots.insert(Slot2("unary_strided", UnaryName(op), dt));
  }
  void Predicate(const char* op_token, int op, const char* dt_token, int dt) {
    Check(op_token, PredicateName(op), "predicate");
    Dtype(dt_token, dt);
    slots.insert(Slot2("predicate_strided", PredicateName(op), dt));
  }
  void Cast(const char* from_token, int from, const char* to_token, int to) {
    Dtype(from_token, from);
    Dtype(to_token, to);
    slots.insert(CastSlot("cast", from, to));
    slots.insert(CastSlot("cast_strided", from, to));
  }
  void Reduce(const char* op_token, int op, const char* dt_token, int dt) {
    Check(op_token, ReduceName(op), "reduce op");
    Dtype(dt_token, dt);
    slots.insert(Slot2("reduce", ReduceName(op), dt));
  }
  void PerDtype(std::initializer_list<const char*> fields, const char* dt_token, int dt) {
    Dtype(dt_token, dt);
    for (const char* f : fields) slots.insert(Slot1(f, dt));
  }

  std::set<std::string> slots;

 private:
  void Check(const char* token, const char* name, const char* what) {
    if (name == nullptr || strcmp(token, name) != 0)
      errors_->push_back(std::string(what) + ": kernel_list.h says " + token + ", the enum index names " +
                         (name ? name : "(nothing)"));
  }
  void Dtype(const char* token, int dt) {
    static const char* const kSuffix[CP_NUM_DTYPES] = {"b8", "i32", "i64", "f32", "f64", "i8", "i16", "u8"};
    Check(token, dt >= 0 && dt < CP_NUM_DTYPES ? kSuffix[dt] : nullptr, "dtype");
  }
  std::vector<std::string>* errors_;
};

std::set<std::string> PromisedSlots(std::vector<std::string>* token_errors) {
  Promised p(token_errors);
#define CPT_BINARY(OE, op, DE, dt, T, F) p.Binary(#op, CP_BIN_##OE, #dt, CP_DT_##DE);
  CP_BINARY_KERNELS(CPT_BINARY)
#define CPT_COMPARE(OE, op, DE, dt, T, F) p.Compare(#op, CP_CMP_##OE, #dt, CP_DT_##DE);
  CP_COMPARE_KERNELS(CPT_COMPARE)
#define CPT_UNARY(OE, op, DE, dt, T, F) p.Unary(#op, CP_UN_##OE, #dt, CP_DT_##DE);
  CP_UNARY_KERNELS(CPT_UNARY)
#define CPT_PREDICATE(OE, op, DE, dt, T, F) p.Predicate(#op, CP_PRED_##OE, #dt, CP_DT_##DE);
  CP_PREDICATE_KERNELS(CPT_PREDICATE)
#define CPT_CAST(FE, fdt, FT, TE, tdt, TT) p.Cast(#fdt, CP_DT_##FE, #tdt, CP_DT_##TE);
  CP_CAST_KERNELS(CPT_CAST)
#define CPT_REDUCE(OE, op, DE, dt, T, Acc) p.Reduce(#op, CP_RED_##OE, #dt, CP_DT_##DE);
  CP_REDUCE_KERNELS(CPT_REDUCE)
  // Kernels outside kernel_list.h, by the dtype groups kernel_table.cpp uses.
#define CPT_ALL(DE, dt, T, _) \
  p.PerDtype({"where", "fill", "fill_strided", "sort", "argsort", "unique", "cumsum", "cumprod", "argmax", "argmin"}, #dt, CP_DT_##DE);
  CP_DTYPES_ALL(CPT_ALL, _)
#define CPT_NUMERIC(DE, dt, T, _) p.PerDtype({"arange"}, #dt, CP_DT_##DE);
  CP_DTYPES_NUMERIC(CPT_NUMERIC, _)
#define CPT_FLOAT(DE, dt, T, _) \
  p.PerDtype({"linspace", "uniform", "normal", "gemm_pack_a", "gemm_pack_b", "gemm_macro", "gemm_direct",\
              "gemv_rows", "gemv_cols", "gemm_tile", "isclose"}, #dt, CP_DT_##DE);
  CP_DTYPES_FLOAT(CPT_FLOAT, _)
#define CPT_EXACT(DE, dt, T, _) p.PerDtype({"matmul_naive"}, #dt, CP_DT_##DE);
  CP_DTYPES_EXACT(CPT_EXACT, _)
  for (const char* f : {"gather_rows", "scatter_rows", "nonzero", "unravel"}) p.slots.insert(f);
  return p.slots;
}

std::string Describe(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out.empty() ? "(none)" : out;
}

TEST_P(KernelTableTest, PresentEntriesAreThoseKernelListPromises) {
  std::vector<std::string> token_errors;
  const std::set<std::string> promised = PromisedSlots(&token_errors);
  for (const auto& e : token_errors) ADD_FAILURE() << e;
  std::set<std::string> present, walked;
  for (const auto& slot : Presence(isa_)) {
    walked.insert(slot.first);
    if (slot.second) present.insert(slot.first);
  }
  std::set<std::string> missing, extra, unwalked;
  for (const auto& p : promised) {
    if (!present.count(p)) missing.insert(p);
    if (!walked.count(p)) unwalked.insert(p);
  }
  for (const auto& p : present)
    if (!promised.count(p)) extra.insert(p);
  EXPECT_TRUE(missing.empty()) << "promised but null: " << Describe(missing);
  EXPECT_TRUE(extra.empty()) << "present but not promised: " << Describe(extra);
  EXPECT_TRUE(unwalked.empty()) << "promised slots the table walk does not know: " << Describe(unwalked);
  EXPECT_GT(present.size(), 500u);  // the v3+ table: binary, compare, unary, casts, ...
}

TEST_P(KernelTableTest, SameEntriesPresentAsScalar) {
  const auto mine = Presence(isa_), reference = Presence(ref_);
  ASSERT_EQ(mine.size(), reference.size());
  for (size_t i = 0; i < mine.size(); ++i) EXPECT_EQ(mine[i].second, reference[i].second) << mine[i].first;
  for (int dt : kAllDtypes) {  // the register tiles are per ISA, but set together
    EXPECT_EQ(isa_.gemm[dt].mr == 0, ref_.gemm[dt].mr == 0) << DtypeName(dt);
    EXPECT_EQ(isa_.gemm[dt].nr == 0, ref_.gemm[dt].nr == 0) << DtypeName(dt);
  }
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
    EXPECT_NE(isa_.binary_strided[CP_BIN_POW][CP_DT_I64], ref_.binary_strided[CP_BIN_POW][CP_DT_I64]);
    EXPECT_NE(isa_.compare[CP_CMP_LT][CP_DT_F64][CP_MODE_SV], ref_.compare[CP_CMP_LT][CP_DT_F64][CP_MODE_SV]);
    EXPECT_NE(isa_.unary[CP_UN_EXP][CP_DT_F32], ref_.unary[CP_UN_EXP][CP_DT_F32]);
    EXPECT_NE(isa_.predicate_strided[CP_PRED_ISNAN][CP_DT_F32], ref_.predicate_strided[CP_PRED_ISNAN][CP_DT_F32]);
    EXPECT_NE(isa_.where[CP_DT_I32], ref_.where[CP_DT_I32]);
    EXPECT_NE(isa_.cast[CP_DT_F64][CP_DT_I32], ref_.cast[CP_DT_F64][CP_DT_I32]);
    EXPECT_NE(isa_.cast_strided[CP_DT_F64][CP_DT_I32], ref_.cast_strided[CP_DT_F64][CP_DT_I32]);
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

// A float accumulation (sum, product, scan) that a SIMD build may reorder:
// equal, both the same non-finite value, or within rel_tol of `scale`.
template <typename T>
bool AccumulationClose(T got, T want, double scale) {
  if (SameBits(got, want)) return true;
  if (!std::isfinite(double(got)) || !std::isfinite(double(want))) return false;
  const double tol = (sizeof(T) == 4 ? 1e-5 : 1e-13) * scale;
  return std::fabs(double(got) - double(want)) <= tol;
}

TEST_P(KernelTableTest, EveryEntryRunsAndAgreesWithScalar) {
  const size_t n = 37;  // one vector body plus a tail for every ISA
  std::set<std::string> present, called;
  for (const auto& slot : Presence(isa_))
    if (slot.second && slot.first.rfind("gemm_tile_", 0) != 0) present.insert(slot.first);
  auto call = [&](const std::string& slot) { EXPECT_TRUE(called.insert(slot).second) << slot << " called twice"; };

  for (int dt : kAllDtypes) {
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const std::vector<T> a = MakeValues<T>(n, SeedOf({60, (uint64_t)dt}));  // NaN, inf, -0, ... included
      const std::vector<T> b = MakeValues<T>(n, SeedOf({61, (uint64_t)dt}));
      const std::vector<T> fa = SweepValues<T>(n, SeedOf({64, (uint64_t)dt}));  // finite
      const std::vector<uint8_t> cond = BoolBytes(n, SeedOf({65, (uint64_t)dt}));
      auto expect_same = [&](const auto& got, const auto& want, const std::string& what, uint64_t ulps = 0) {
        EXPECT_TRUE(AgreeWithin(got.data(), want.data(), got.size(), ulps)) << what;
        call(what);
      };
      // Strided calls read a with stride 2 (forward) and b with stride -1
      // (backward, from its last element); they write every third element.
      const ptrdiff_t so = 3;
      const T* a2 = a.data();                   // a[0], a[2], ... a[2 * (n/2 - 1)]
      const T* b_rev = b.data() + (n / 2 - 1);  // b[n/2 - 1], ..., b[0]
      const size_t ns = n / 2;
      // binary, binary_strided
      for (int op = 0; op < CP_NUM_BINARY; ++op) {
        for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
          if (!isa_.binary[op][dt][mode]) continue;
          std::vector<T> got(n), want(n);
          isa_.binary[op][dt][mode](a.data(), b.data(), got.data(), n);
          ref_.binary[op][dt][mode](a.data(), b.data(), want.data(), n);
          expect_same(got, want, Slot2("binary", BinaryName(op), dt) + "_" + ModeName(mode));
        }
        if (isa_.binary_strided[op][dt]) {
          std::vector<T> got(ns * so, T(0)), want(ns * so, T(0));
          isa_.binary_strided[op][dt](a2, 2, b_rev, -1, got.data(), so, ns);
          ref_.binary_strided[op][dt](a2, 2, b_rev, -1, want.data(), so, ns);
          expect_same(got, want, Slot2("binary_strided", BinaryName(op), dt));
        }
      }
      // compare, compare_strided (bool output)
      for (int op = 0; op < CP_NUM_COMPARE; ++op) {
        for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
          if (!isa_.compare[op][dt][mode]) continue;
          std::vector<uint8_t> got(n), want(n);
          isa_.compare[op][dt][mode](a.data(), b.data(), got.data(), n);
          ref_.compare[op][dt][mode](a.data(), b.data(), want.data(), n);
          expect_same(got, want, Slot2("compare", CompareName(op), dt) + "_" + ModeName(mode));
        }
        if (isa_.compare_strided[op][dt]) {
          std::vector<uint8_t> got(ns * so, 7), want(ns * so, 7);
          isa_.compare_strided[op][dt](a2, 2, b_rev, -1, got.data(), so, ns);
          ref_.compare_strided[op][dt](a2, 2, b_rev, -1, want.data(), so, ns);
          expect_same(got, want, Slot2("compare_strided", CompareName(op), dt));
        }
      }
      // where
      if (isa_.where[dt]) {
        std::vector<T> got(ns * so, T(0)), want(ns * so, T(0));
        isa_.where[dt](cond.data(), 1, a2, 2, b_rev, -1, got.data(), so, ns);
        ref_.where[dt](cond.data(), 1, a2, 2, b_rev, -1, want.data(), so, ns);
        expect_same(got, want, Slot1("where", dt));
      }
      // unary, unary_strided (transcendental ops: within a few ulp)
      for (int op = 0; op < CP_NUM_UNARY; ++op) {
        const uint64_t ulps = CrossIsaUlps(op, dt);
        if (isa_.unary[op][dt]) {
          std::vector<T> got(n), want(n);
          isa_.unary[op][dt](a.data(), got.data(), n);
          ref_.unary[op][dt](a.data(), want.data(), n);
          expect_same(got, want, Slot2("unary", UnaryName(op), dt), ulps);
        }
        if (isa_.unary_strided[op][dt]) {
          std::vector<T> got(ns * so, T(0)), want(ns * so, T(0));
          isa_.unary_strided[op][dt](b_rev, -1, got.data(), so, ns);
          ref_.unary_strided[op][dt](b_rev, -1, want.data(), so, ns);
          expect_same(got, want, Slot2("unary_strided", UnaryName(op), dt), ulps);
        }
      }
      // predicate_strided (bool output)
      for (int op = 0; op < CP_NUM_PREDICATE; ++op) {
        if (!isa_.predicate_strided[op][dt]) continue;
        std::vector<uint8_t> got(ns * so, 7), want(ns * so, 7);
        isa_.predicate_strided[op][dt](a2, 2, got.data(), so, ns);
        ref_.predicate_strided[op][dt](a2, 2, want.data(), so, ns);
        expect_same(got, want, Slot2("predicate_strided", PredicateName(op), dt));
      }
      // casts from this dtype
      for (int to : kAllDtypes) {
        if (isa_.cast[dt][to]) {
          std::vector<unsigned char> got(n * DtypeSize(to)), want(n * DtypeSize(to));
          isa_.cast[dt][to](a.data(), got.data(), n);
          ref_.cast[dt][to](a.data(), want.data(), n);
          EXPECT_TRUE(BitEqualAs(to, got.data(), want.data(), n)) << CastSlot("cast", dt, to);
          call(CastSlot("cast", dt, to));
        }
        if (isa_.cast_strided[dt][to]) {
          std::vector<unsigned char> got(ns * so * DtypeSize(to)), want(ns * so * DtypeSize(to));
          isa_.cast_strided[dt][to](b_rev, -1, got.data(), so, ns);
          ref_.cast_strided[dt][to](b_rev, -1, want.data(), so, ns);
          EXPECT_TRUE(BitEqualAs(to, got.data(), want.data(), ns * so)) << CastSlot("cast_strided", dt, to);
          call(CastSlot("cast_strided", dt, to));
        }
      }
      // reductions: sum and prod of bool/ints write int64; floats may be reordered
      double abs_sum = 0;
      for (T v : fa) abs_sum += std::fabs(double(v));
      for (int op = 0; op < CP_NUM_REDUCE; ++op) {
        if (!isa_.reduce[op][dt]) continue;
        const bool accumulates = op == CP_RED_SUM || op == CP_RED_PROD;
        if (accumulates && !kIsFloat<T>) {
          int64_t got = 0, want = 1;
          isa_.reduce[op][dt](fa.data(), n, &got);
          ref_.reduce[op][dt](fa.data(), n, &want);
          EXPECT_EQ(got, want) << Slot2("reduce", ReduceName(op), dt);
        } else {
          T got{}, want{};
          isa_.reduce[op][dt](fa.data(), n, &got);
          ref_.reduce[op][dt](fa.data(), n, &want);
          if (accumulates) {
            const double scale = op == CP_RED_SUM ? abs_sum : std::fabs(double(want)) * double(n);
            EXPECT_TRUE(AccumulationClose(got, want, scale))
                << Slot2("reduce", ReduceName(op), dt) << ": got " << Show(got) << ", want " << Show(want);
          } else {
            EXPECT_TRUE(SameBits(got, want) || got == want)
                << Slot2("reduce", ReduceName(op), dt) << ": got " << Show(got) << ", want " << Show(want);
          }
        }
        call(Slot2("reduce", ReduceName(op), dt));
      }
      // cumsum, cumprod (same output dtype as sum)
      for (int scan = 0; scan < 2; ++scan) {
        const cp_reduce_fn f = scan == 0 ? isa_.cumsum[dt] : isa_.cumprod[dt];
        const cp_reduce_fn r = scan == 0 ? ref_.cumsum[dt] : ref_.cumprod[dt];
        const std::string what = Slot1(scan == 0 ? "cumsum" : "cumprod", dt);
        if (!f) continue;
        if constexpr (kIsFloat<T>) {
          std::vector<T> got(n), want(n);
          f(fa.data(), n, got.data());
          r(fa.data(), n, want.data());
          double scale = 0;
          for (size_t i = 0; i < n; ++i) {
            scale += std::fabs(double(fa[i]));
            const double s = scan == 0 ? scale : std::fabs(double(want[i])) * double(n);
            ASSERT_TRUE(AccumulationClose(got[i], want[i], s))
                << what << " at " << i << ": got " << Show(got[i]) << ", want " << Show(want[i]);
          }
        } else {
          std::vector<int64_t> got(n), want(n);
          f(fa.data(), n, got.data());
          r(fa.data(), n, want.data());
          EXPECT_TRUE(BitEqual(got.data(), want.data(), n)) << what;
        }
        call(what);
      }
      // argmax, argmin (first position; a NaN wins)
      for (int which = 0; which < 2; ++which) {
        const cp_argreduce_fn f = which == 0 ? isa_.argmax[dt] : isa_.argmin[dt];
        const cp_argreduce_fn r = which == 0 ? ref_.argmax[dt] : ref_.argmin[dt];
        if (!f) continue;
        int64_t got = -1, want = -2;
        f(a.data(), n, &got);
        r(a.data(), n, &want);
        EXPECT_EQ(got, want) << Slot1(which == 0 ? "argmax" : "argmin", dt);
        call(Slot1(which == 0 ? "argmax" : "argmin", dt));
      }
      // sort, argsort, unique (of the sorted run)
      if (isa_.sort[dt]) {
        std::vector<T> got = a, want = a;
        isa_.sort[dt](got.data(), n);
        ref_.sort[dt](want.data(), n);
        for (size_t i = 0; i < n; ++i)  // == (NaN == NaN): the order of -0.0 and 0.0 is not specified
          ASSERT_TRUE(SameBits(got[i], want[i]) || got[i] == want[i]) << Slot1("sort", dt) << " at " << i;
        call(Slot1("sort", dt));
        if (isa_.unique[dt]) {
          std::vector<T> ug(n), uw(n);
          size_t cg = 0, cw = 0;
          isa_.unique[dt](want.data(), n, ug.data(), &cg);
          ref_.unique[dt](want.data(), n, uw.data(), &cw);
          ASSERT_EQ(cg, cw) << Slot1("unique", dt);
          for (size_t i = 0; i < cg; ++i)
            EXPECT_TRUE(SameBits(ug[i], uw[i]) || ug[i] == uw[i]) << Slot1("unique", dt) << " at " << i;
          call(Slot1("unique", dt));
        }
      }
      if (isa_.argsort[dt]) {
        std::vector<int64_t> got(n, -1), want(n, -2);
        isa_.argsort[dt](a.data(), n, got.data());
        ref_.argsort[dt](a.data(), n, want.data());
        EXPECT_TRUE(BitEqual(got.data(), want.data(), n)) << Slot1("argsort", dt);  // stable: exact
        call(Slot1("argsort", dt));
      }
      // fill, fill_strided
      if (isa_.fill[dt]) {
        std::vector<T> got(n), want(n);
        isa_.fill[dt](got.data(), &a[3], n);
        ref_.fill[dt](want.data(), &a[3], n);
        expect_same(got, want, Slot1("fill", dt));
      }
      if (isa_.fill_strided[dt]) {
        std::vector<T> got = b, want = b;
        isa_.fill_strided[dt](got.data(), 3, &a[5], n / 3);
        ref_.fill_strided[dt](want.data(), 3, &a[5], n / 3);
        expect_same(got, want, Slot1("fill_strided", dt));
      }
      // arange, linspace (SIMD builds may fuse the multiply-add: compare closely)
      auto expect_close = [&](const std::vector<T>& got, const std::vector<T>& want, const std::string& what) {
        for (size_t i = 0; i < n; ++i) {
          const double tol =
              kIsFloat<T> ? 4 * std::numeric_limits<T>::epsilon() * (std::fabs(double(want[i])) + 1000) : 0;
          ASSERT_LE(std::fabs(double(got[i]) - double(want[i])), tol) << what << " at " << i;
        }
        call(what);
      };
      if (isa_.arange[dt]) {
        const T start = T(-3), step = kIsFloat<T> ? T(0.7) : T(11);
        std::vector<T> got(n), want(n);
        isa_.arange[dt](got.data(), &start, &step, 100, n);
        ref_.arange[dt](want.data(), &start, &step, 100, n);
        expect_close(got, want, Slot1("arange", dt));
      }
      if (isa_.linspace[dt]) {
        std::vector<T> got(n), want(n);
        isa_.linspace[dt](got.data(), -1.0, 0.05, 7, n);
        ref_.linspace[dt](want.data(), -1.0, 0.05, 7, n);
        expect_close(got, want, Slot1("linspace", dt));
      }
      // random streams
      const cp_random_fn isa_streams[2] = {isa_.uniform[dt], isa_.normal[dt]};
      const cp_random_fn ref_streams[2] = {ref_.uniform[dt], ref_.normal[dt]};
      for (int s = 0; s < 2; ++s) {
        if (!isa_streams[s]) continue;
        std::vector<T> got(n), want(n);
        isa_streams[s](got.data(), 99, 5, n);
        ref_streams[s](want.data(), 99, 5, n);
        expect_same(got, want, Slot1(s == 0 ? "uniform" : "normal", dt));
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
          for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(double(got[i]), double(want[i]), 1e-5) << "gemm at " << i;
          // The unpacked small-product kernel and both GEMV forms.
          std::vector<T> scratch(std::max(g.mr, r.mr) * k + k * std::max(g.nr, r.nr) * nn);
          g.direct(m, nn, k, ma.data(), (ptrdiff_t)k, mb.data(), (ptrdiff_t)nn, got.data(), (ptrdiff_t)nn, scratch.data(), 1);
          r.direct(m, nn, k, ma.data(), (ptrdiff_t)k, mb.data(), (ptrdiff_t)nn, want.data(), (ptrdiff_t)nn, scratch.data(), 1);
          for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(double(got[i]), double(want[i]), 1e-5) << "gemm_direct at " << i;
          std::vector<T> gy(nn), wy(nn);
          g.gemv_rows(m, k, ma.data(), (ptrdiff_t)k, mb.data(), gy.data());
          r.gemv_rows(m, k, ma.data(), (ptrdiff_t)k, mb.data(), wy.data());
          for (size_t i = 0; i < m; ++i) EXPECT_NEAR(double(gy[i]), double(wy[i]), 1e-5) << "gemv_rows at " << i;
          g.gemv_cols(nn, k, mb.data(), (ptrdiff_t)nn, ma.data(), gy.data());
          r.gemv_cols(nn, k, mb.data(), (ptrdiff_t)nn, ma.data(), wy.data());
          for (size_t i = 0; i < nn; ++i) EXPECT_NEAR(double(gy[i]), double(wy[i]), 1e-5) << "gemv_cols at " << i;
        }
        for (const char* f : {"gemm_pack_a", "gemm_pack_b", "gemm_macro", "gemm_direct", "gemv_rows", "gemv_cols"})
          call(Slot1(f, dt));
      }
      // isclose (bool output, exact)
      if (isa_.isclose[dt]) {
        if constexpr (kIsFloat<T>) {
          const cp_isclose_params params = {1e-5, 1e-8, 1, 0};
          std::vector<uint8_t> got(n, 7), want(n, 9);
          isa_.isclose[dt](a.data(), 1, b.data(), 1, got.data(), 1, n, &params);
          ref_.isclose[dt](a.data(), 1, b.data(), 1, want.data(), 1, n, &params);
          EXPECT_EQ(got, want) << Slot1("isclose", dt);
          isa_.isclose[dt](a.data(), 1, a.data(), 1, got.data(), 1, n, &params);
          ref_.isclose[dt](a.data(), 1, a.data(), 1, want.data(), 1, n, &params);
          EXPECT_EQ(got, want) << Slot1("isclose", dt) << " (a with itself)";
        }
        call(Slot1("isclose", dt));
      }
      // matmul_naive
      if (isa_.matmul_naive[dt]) {
        std::vector<T> got(4 * 5), want(4 * 5);
        isa_.matmul_naive[dt](a.data(), b.data(), got.data(), 4, 6, 5);
        ref_.matmul_naive[dt](a.data(), b.data(), want.data(), 4, 6, 5);
        expect_same(got, want, Slot1("matmul_naive", dt));
      }
    });
  }

  // Dtype-agnostic index kernels.
  const std::vector<int32_t> src = MakeValues<int32_t>(64, SeedOf({66}));
  const std::vector<int64_t> idx = {5, 0, 63, 5, 17, 2, 40, 11, 9};
  if (isa_.gather_rows) {
    for (size_t row_bytes : {4, 8, 12}) {  // 4 and 8 take the single-element path
      const size_t rows = src.size() * sizeof(int32_t) / row_bytes;
      std::vector<int64_t> ridx;
      for (int64_t i : idx) ridx.push_back(i % (int64_t)rows);
      std::vector<unsigned char> got(ridx.size() * row_bytes, 1), want(ridx.size() * row_bytes, 2);
      isa_.gather_rows(src.data(), row_bytes, ridx.data(), ridx.size(), got.data());
      ref_.gather_rows(src.data(), row_bytes, ridx.data(), ridx.size(), want.data());
      EXPECT_EQ(got, want) << "gather_rows row_bytes=" << row_bytes;
    }
    call("gather_rows");
  }
  if (isa_.scatter_rows) {
    const std::vector<int64_t> distinct = {5, 0, 63, 17, 2, 40, 11, 9};
    for (ptrdiff_t src_stride : {ptrdiff_t(8), ptrdiff_t(0)}) {
      std::vector<int32_t> got(64 * 2, 0), want(64 * 2, 0);
      isa_.scatter_rows(got.data(), 8, distinct.data(), distinct.size(), src.data(), src_stride);
      ref_.scatter_rows(want.data(), 8, distinct.data(), distinct.size(), src.data(), src_stride);
      EXPECT_EQ(got, want) << "scatter_rows src_stride=" << src_stride;
    }
    call("scatter_rows");
  }
  if (isa_.nonzero) {
    const std::vector<uint8_t> mask = BoolBytes(n, SeedOf({67}));
    size_t count = 0;
    for (uint8_t m : mask) count += m != 0;
    std::vector<int64_t> got(count + 1, -1), want(count + 1, -1);
    isa_.nonzero(mask.data(), n, got.data());
    ref_.nonzero(mask.data(), n, want.data());
    EXPECT_EQ(got, want) << "nonzero";
    call("nonzero");
  }
  if (isa_.unravel) {
    const size_t shape[3] = {4, 5, 3};
    const std::vector<int64_t> flat = {0, 1, 59, 17, 30, 44};
    std::vector<int64_t> got(flat.size() * 3, -1), want(flat.size() * 3, -2);
    isa_.unravel(flat.data(), flat.size(), shape, 3, got.data());
    ref_.unravel(flat.data(), flat.size(), shape, 3, want.data());
    EXPECT_EQ(got, want) << "unravel";
    call("unravel");
  }

  std::set<std::string> uncalled;
  for (const auto& p : present)
    if (!called.count(p)) uncalled.insert(p);
  EXPECT_TRUE(uncalled.empty()) << "present entries the sweep never called: " << Describe(uncalled);
  std::set<std::string> unknown;
  for (const auto& c : called)
    if (!present.count(c)) unknown.insert(c);
  EXPECT_TRUE(unknown.empty()) << "called names missing from the table walk: " << Describe(unknown);
}

// ---------------------------------------------------------------------------
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
        ASSERT_TRUE(std::isfinite(double(x))) << "normal_" << DtypeName(dt) << " gave " << Show(x);
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

// Shared helpers for the corepy kernel tests: loading an ISA's kernel table
// through the C ABI (skipping ISAs this CPU cannot run), the per-ISA
// parameterized fixture, dtype names/sizes/dispatch (bool is Bool8, a byte
// type of its own, so templates tell it from u8), op names, deterministic
// inputs mixed with IEEE special values, guarded (and optionally misaligned)
// buffers, strided views with positive, zero and negative strides, and
// bit-level (or, for the transcendental ops across ISAs, ulp) comparison.
#pragma once

#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "corepy/kernel_table.h"

namespace cptest {

// ---------------------------------------------------------------------------
// ISAs and tables
// ---------------------------------------------------------------------------

// The ISAs this build has tables for (every one of them becomes a test name).
inline std::vector<std::string> AllIsaNames() {
#if defined(__x86_64__) || defined(_M_X64)
  return {"scalar", "avx2", "avx512"};
#elif defined(__aarch64__)
  return {"scalar", "neon"};
#else
  return {"scalar"};
#endif
}

// Empty when this CPU can run `isa`'s kernels, otherwise the features it lacks.
inline std::string MissingCpuFeatures(const std::string& isa) {
  std::string missing;
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  auto need = [&missing](bool present, const char* feature) {
    if (!present) missing += (missing.empty() ? "" : ", ") + std::string(feature);
  };
  if (isa == "avx2") {
    need(__builtin_cpu_supports("avx2"), "avx2");
    need(__builtin_cpu_supports("fma"), "fma");
  } else if (isa == "avx512") {
    need(__builtin_cpu_supports("avx512f"), "avx512f");
    need(__builtin_cpu_supports("avx512vl"), "avx512vl");
    need(__builtin_cpu_supports("avx512bw"), "avx512bw");
    need(__builtin_cpu_supports("avx512dq"), "avx512dq");
    need(__builtin_cpu_supports("fma"), "fma");
  }
#else
  (void)isa;
#endif
  return missing;  // scalar and neon (baseline on aarch64) always run
}

// Fills *table through the ISA's exported ABI function; false if unknown here.
inline bool LoadTable(const std::string& isa, cp_kernel_table* table) {
  if (isa == "scalar") {
    corepy_kernel_table_scalar(table);
    return true;
  }
#if defined(__x86_64__) || defined(_M_X64)
  if (isa == "avx2") {
    corepy_kernel_table_avx2(table);
    return true;
  }
  if (isa == "avx512") {
    corepy_kernel_table_avx512(table);
    return true;
  }
#endif
#if defined(__aarch64__)
  if (isa == "neon") {
    corepy_kernel_table_neon(table);
    return true;
  }
#endif
  return false;
}

inline std::string IsaParamName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

// Base fixture: the table under test (isa_) and the scalar reference (ref_).
// An ISA the CPU lacks is skipped with the missing features as the reason.
class IsaTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string missing = MissingCpuFeatures(GetParam());
    if (!missing.empty()) {
      GTEST_SKIP() << "this CPU lacks " << missing << ", needed by the " << GetParam()
                   << " kernels";
    }
    corepy_kernel_table_scalar(&ref_);
    ASSERT_TRUE(LoadTable(GetParam(), &isa_)) << "no table loader for " << GetParam();
  }
  bool IsScalar() const { return GetParam() == "scalar"; }

  cp_kernel_table ref_{};  // scalar reference table
  cp_kernel_table isa_{};  // table of the ISA under test
};

#define CPTEST_INSTANTIATE_FOR_ALL_ISAS(Suite)                                             \
  INSTANTIATE_TEST_SUITE_P(Isa, Suite, ::testing::ValuesIn(::cptest::AllIsaNames()), \
                           ::cptest::IsaParamName)

// ---------------------------------------------------------------------------
// Dtypes
// ---------------------------------------------------------------------------

// Every dtype of the ABI, in enum order. A dtype added to kernel_table.h
// must be added here (and to DtypeName, DtypeSize and VisitDtype).
constexpr int kAllDtypes[] = {CP_DT_BOOL, CP_DT_I32, CP_DT_I64, CP_DT_F32, CP_DT_F64, CP_DT_I8, CP_DT_I16, CP_DT_U8};
static_assert(sizeof(kAllDtypes) / sizeof(kAllDtypes[0]) == CP_NUM_DTYPES,
              "kernel_table.h has a dtype the tests do not know: add it to kAllDtypes, DtypeName, DtypeSize "
              "and VisitDtype in test_util.h");
// The integer dtypes (not bool).
constexpr int kIntDtypes[] = {CP_DT_I8, CP_DT_I16, CP_DT_U8, CP_DT_I32, CP_DT_I64};

inline const char* DtypeName(int dt) {
  static const char* const names[CP_NUM_DTYPES] = {"bool", "i32", "i64", "f32", "f64", "i8", "i16", "u8"};
  return (dt >= 0 && dt < CP_NUM_DTYPES) ? names[dt] : "?";
}

inline size_t DtypeSize(int dt) {
  static const size_t sizes[CP_NUM_DTYPES] = {1, 4, 8, 4, 8, 1, 2, 1};
  return sizes[dt];
}

// The tests' C type for bool: one byte holding 0 or 1, like the kernels'
// uint8_t, but a type of its own so that templates tell it from u8 (which
// is uint8_t). Converts to and from integers implicitly, so comparisons and
// | & ^ work as on uint8_t.
struct Bool8 {
  uint8_t v;
  Bool8() = default;
  constexpr Bool8(int x) : v(uint8_t(x)) {}  // NOLINT: implicit on purpose
  constexpr operator uint8_t() const { return v; }  // NOLINT
};
static_assert(sizeof(Bool8) == 1 && std::is_trivially_copyable<Bool8>::value, "Bool8 must be a plain byte");

template <typename T>
struct Tag {
  typedef T type;
};

// Calls f(Tag<C type of dt>{}). bool is Bool8 (a byte holding 0 or 1).
template <typename F>
void VisitDtype(int dt, F&& f) {
  switch (dt) {
    case CP_DT_BOOL: f(Tag<Bool8>{}); break;
    case CP_DT_I32: f(Tag<int32_t>{}); break;
    case CP_DT_I64: f(Tag<int64_t>{}); break;
    case CP_DT_F32: f(Tag<float>{}); break;
    case CP_DT_F64: f(Tag<double>{}); break;
    case CP_DT_I8: f(Tag<int8_t>{}); break;
    case CP_DT_I16: f(Tag<int16_t>{}); break;
    case CP_DT_U8: f(Tag<uint8_t>{}); break;
    default: ADD_FAILURE() << "bad dtype " << dt;
  }
}

template <typename T>
constexpr bool kIsBool = std::is_same<T, Bool8>::value;
template <typename T>
constexpr bool kIsFloat = std::is_floating_point<T>::value;

// Unsigned arithmetic of at least 32 bits for T: wraps modulo 2^bits of T
// after truncation, never promotes to (signed) int and overflows.
template <typename T>
using WrapU =
    typename std::conditional<(sizeof(T) < 4), uint32_t, typename std::make_unsigned<T>::type>::type;

// Lengths around every vector width and unroll factor the ISAs use.
inline const std::vector<size_t>& TailLengths() {
  static const std::vector<size_t> lengths = {1,  2,  3,   7,   15,  16,   17,   31,  33,
                                              63, 64, 65, 127, 129, 1000, 1023, 4097};
  return lengths;
}

// ---------------------------------------------------------------------------
// Op names (indexed by the ABI enums; kernel_table_test checks them against
// the op tokens of kernel_list.h's X-macros, so a reordered enum shows up)
// ---------------------------------------------------------------------------

inline const char* NameIn(const char* const* names, int count, int i) {
  return (i >= 0 && i < count && names[i] != nullptr) ? names[i] : "unnamed";
}
// Op names: the registry rows' kernel symbols (csrc/include/corepy/op_registry.h).
#define CPT_SYMBOL_(E, R, sym, ...) #sym,
inline const char* BinaryName(int op) {
  static const char* const names[CP_NUM_BINARY] = {CP_BINARY_OPS(CPT_SYMBOL_, _)};
  return NameIn(names, CP_NUM_BINARY, op);
}
inline const char* CompareName(int op) {
  static const char* const names[CP_NUM_COMPARE] = {CP_COMPARE_OPS(CPT_SYMBOL_, _)};
  return NameIn(names, CP_NUM_COMPARE, op);
}
inline const char* ModeName(int mode) {
  static const char* const names[CP_NUM_MODES] = {"vv", "vs", "sv"};
  return NameIn(names, CP_NUM_MODES, mode);
}
inline const char* UnaryName(int op) {
  static const char* const names[CP_NUM_UNARY] = {CP_UNARY_OPS(CPT_SYMBOL_, _)};
  return NameIn(names, CP_NUM_UNARY, op);
}
inline const char* PredicateName(int op) {
  static const char* const names[CP_NUM_PREDICATE] = {CP_PREDICATE_OPS(CPT_SYMBOL_, _)};
  return NameIn(names, CP_NUM_PREDICATE, op);
}
inline const char* ReduceName(int op) {
  static const char* const names[] = {"sum", "max", "min", "prod"};
  return NameIn(names, int(sizeof(names) / sizeof(names[0])) < CP_NUM_REDUCE
                           ? int(sizeof(names) / sizeof(names[0]))
                           : CP_NUM_REDUCE,
                op);
}

// The unary ops whose SIMD builds may use their own (polynomial) versions:
// they may differ from the scalar reference by a few ulp. Every other
// elementwise kernel must match the scalar table bit for bit.
inline bool IsTranscendental(int unary_op) {
  switch (unary_op) {
    case CP_UN_EXP: case CP_UN_EXPM1: case CP_UN_LOG: case CP_UN_LOG1P: case CP_UN_LOG2:
    case CP_UN_LOG10: case CP_UN_SIN: case CP_UN_COS: case CP_UN_TAN: case CP_UN_TANH:
    case CP_UN_SIGMOID: case CP_UN_SINH:
      return true;
    default:
      return false;
  }
}

// Allowed distance of an ISA's result from the scalar table's.
constexpr uint64_t kTranscendentalUlpsF32 = 2;
constexpr uint64_t kTranscendentalUlpsF64 = 2;
inline uint64_t CrossIsaUlps(int unary_op, int dt) {
  if (!IsTranscendental(unary_op)) return 0;
  if (dt == CP_DT_F32) return kTranscendentalUlpsF32;
  if (dt == CP_DT_F64) return kTranscendentalUlpsF64;
  return 0;
}

// The longest tail length runs aligned only (misalignment shows on short
// runs already; the long one is for unrolled bodies).
inline bool SkipMisaligned(size_t n, size_t misalign) { return misalign != 0 && n > 2048; }

// ---------------------------------------------------------------------------
// Bits and comparison
// ---------------------------------------------------------------------------

template <typename T>
bool IsNaN(T x) {
  if constexpr (kIsFloat<T>) {
    return std::isnan(x);
  } else {
    return false;
  }
}

template <typename T>
uint64_t BitsOf(T x) {
  uint64_t bits = 0;
  memcpy(&bits, &x, sizeof(T));
  return bits;
}

template <typename T>
T FromBits(uint64_t bits) {
  T x;
  memcpy(&x, &bits, sizeof(T));
  return x;
}

// Identical bit patterns; any two NaNs count as equal (IEEE 754 leaves the
// payload of an operation on two NaNs unspecified, and a compiler may swap
// the operands of a commutative operation).
template <typename T>
bool SameBits(T a, T b) {
  if (IsNaN(a) && IsNaN(b)) return true;
  return memcmp(&a, &b, sizeof(T)) == 0;
}

template <typename T>
std::string Show(T x) {
  std::ostringstream s;
  if constexpr (kIsFloat<T>) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", (double)x);
    s << buf;
  } else {
    s << (int64_t)x;
  }
  char hex[32];
  snprintf(hex, sizeof hex, " [0x%0*llx]", (int)(2 * sizeof(T)), (unsigned long long)BitsOf(x));
  s << hex;
  return s.str();
}

// got[0..n) == want[0..n) bit for bit (NaN == NaN); reports the first mismatch.
template <typename T>
::testing::AssertionResult BitEqual(const T* got, const T* want, size_t n) {
  size_t mismatches = 0, first = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!SameBits(got[i], want[i])) {
      if (mismatches++ == 0) first = i;
    }
  }
  if (mismatches == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << mismatches << " of " << n << " elements differ; first at [" << first
         << "]: got " << Show(got[first]) << ", want " << Show(want[first]);
}

// Distance in units in the last place between two non-NaN floats, counting
// +0 and -0 as the same point (an infinity is one ulp past the largest finite).
template <typename T>
uint64_t UlpDistance(T a, T b) {
  static_assert(kIsFloat<T>, "floats only");
  typedef typename std::conditional<sizeof(T) == 4, int32_t, int64_t>::type I;
  typedef typename std::make_unsigned<I>::type U;
  auto ordered = [](T x) -> int64_t {
    U bits;
    memcpy(&bits, &x, sizeof bits);
    const U sign = U(1) << (8 * sizeof(T) - 1);
    const int64_t magnitude = int64_t(bits & ~sign);
    return (bits & sign) ? -magnitude : magnitude;
  };
  const int64_t x = ordered(a), y = ordered(b);
  return x > y ? uint64_t(x) - uint64_t(y) : uint64_t(y) - uint64_t(x);
}

// got == want within `ulps` (0: bit for bit); NaN matches only NaN.
template <typename T>
bool Agrees(T got, T want, uint64_t ulps) {
  if (ulps == 0 || !kIsFloat<T>) return SameBits(got, want);
  if constexpr (kIsFloat<T>) {
    if (std::isnan(got) || std::isnan(want)) return std::isnan(got) && std::isnan(want);
    return UlpDistance(got, want) <= ulps;
  }
  return false;
}

// As BitEqual, within `ulps` for floats; reports the worst and first mismatch.
template <typename T>
::testing::AssertionResult AgreeWithin(const T* got, const T* want, size_t n, uint64_t ulps,
                                       const T* input = nullptr) {
  if (ulps == 0) return BitEqual(got, want, n);
  size_t mismatches = 0, first = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!Agrees(got[i], want[i], ulps)) {
      if (mismatches++ == 0) first = i;
    }
  }
  if (mismatches == 0) return ::testing::AssertionSuccess();
  auto result = ::testing::AssertionFailure();
  result << mismatches << " of " << n << " elements differ by more than " << ulps << " ulp; first at ["
         << first << "]";
  if (input) result << " (input " << Show(input[first]) << ")";
  result << ": got " << Show(got[first]) << ", want " << Show(want[first]);
  return result;
}

inline ::testing::AssertionResult BitEqualAs(int dt, const void* got, const void* want, size_t n) {
  ::testing::AssertionResult result = ::testing::AssertionSuccess();
  VisitDtype(dt, [&](auto tag) {
    typedef typename decltype(tag)::type T;
    result = BitEqual(static_cast<const T*>(got), static_cast<const T*>(want), n);
  });
  return result;
}

// ---------------------------------------------------------------------------
// Deterministic inputs
// ---------------------------------------------------------------------------

// A seed from a few integers (so every case has its own reproducible stream).
inline uint64_t SeedOf(std::initializer_list<uint64_t> parts) {
  uint64_t h = 0x243F6A8885A308D3ull;
  for (uint64_t p : parts) {
    h ^= p + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
  }
  return h;
}

// IEEE special and boundary values, including the edges of float->int casts.
template <typename T>
std::vector<T> FloatSpecials() {
  typedef std::numeric_limits<T> L;
  std::vector<T> v = {
      L::quiet_NaN(), -L::quiet_NaN(), L::infinity(), -L::infinity(), T(0), -T(0),
      L::denorm_min(), -L::denorm_min(),
      std::nextafter(L::min(), T(0)),  // largest subnormal
      L::min(), -L::min(), L::max(), L::lowest(), L::epsilon(), T(1), T(-1), T(0.5), T(-2.5),
      T(1e-30), T(-1e30), T(1e30), T(3.0e-39),
      // float -> int boundaries
      T(2147483648.0), T(-2147483648.0), std::nextafter(T(2147483648.0), T(0)),
      T(-2147483904.0), T(4294967296.0), T(9223372036854775808.0), T(-9223372036854775808.0),
      std::nextafter(T(9223372036854775808.0), T(0)), T(1e19), T(-1e19), T(16777217.0),
      T(2.9), T(-2.9)};
  if (sizeof(T) == 8) {
    v.push_back(T(2147483647.9));
    v.push_back(T(-2147483648.9));
    v.push_back(T(-2147483649.0));
    v.push_back(T(1e300));
    v.push_back(T(-1e-300));
    v.push_back(T(9007199254740993.0));
  }
  return v;
}

template <typename T>
std::vector<T> IntSpecials() {
  typedef std::numeric_limits<T> L;
  std::vector<T> v = {T(0), T(1), T(-1), L::min(), L::max(), T(L::min() + 1), T(L::max() - 1),
                      T(16777217), T(-16777217), T(16777219), T(255), T(256), T(-256)};
  if (sizeof(T) == 8) {
    v.push_back(T(int64_t(1) << 32));
    v.push_back(T((int64_t(1) << 53) + 1));
    v.push_back(T((int64_t(1) << 60) + (int64_t(1) << 36) + 1));  // double rounding trap (-> f32)
    v.push_back(T(-((int64_t(1) << 60) + (int64_t(1) << 36) + 1)));
    v.push_back(T(int64_t(0x80000000)));
  }
  return v;
}

enum class Values {
  kMixed,     // ordinary values with specials (floats: NaN, inf, -0, subnormals, ...)
  kNoNaN,     // as kMixed but without NaN
  kFinite,    // as kMixed but only finite values
  kUnit,      // floats uniform in [0, 1); ints small and non-negative
  kSymmetric  // floats uniform in [-1, 1); ints in [-1000, 1000]
};

template <typename T>
std::vector<T> MakeValues(size_t n, uint64_t seed, Values kind = Values::kMixed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<T> out(n);
  if constexpr (kIsBool<T>) {
    for (auto& x : out) x = (uint8_t)(rng() & 1);
  } else if constexpr (std::is_integral<T>::value) {
    const std::vector<T> specials = IntSpecials<T>();
    for (auto& x : out) {
      const uint64_t r = rng();
      if (kind == Values::kUnit) {
        x = T(r % 1000);
      } else if (kind == Values::kSymmetric) {
        x = T(int64_t(r % 2001) - 1000);
      } else if (r % 8 == 0) {
        x = specials[(r >> 8) % specials.size()];
      } else if (r % 8 < 4) {
        x = T(int64_t((r >> 8) % 2001) - 1000);
      } else {
        x = FromBits<T>(rng());  // full range
      }
    }
  } else {
    std::vector<T> specials;
    for (T s : FloatSpecials<T>()) {
      if (kind == Values::kNoNaN && std::isnan(s)) continue;
      if (kind == Values::kFinite && !std::isfinite(s)) continue;
      specials.push_back(s);
    }
    const int min_exp = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
    const int max_exp = std::numeric_limits<T>::max_exponent - 1;
    for (auto& x : out) {
      if (kind == Values::kUnit) {
        x = T(unit(rng));
        if (x >= T(1)) x = T(0);  // double -> float rounding may reach 1
        continue;
      }
      if (kind == Values::kSymmetric) {
        x = T(2.0 * unit(rng) - 1.0);
        continue;
      }
      const uint64_t r = rng();
      const T sign = (r & 1) ? T(-1) : T(1);
      const T mantissa = T(1.0 + unit(rng));
      if (r % 8 == 2) {
        x = specials[(r >> 8) % specials.size()];
      } else if (r % 8 == 5) {  // any magnitude, subnormals included
        const int e = min_exp + int((r >> 8) % uint64_t(max_exp - min_exp));
        x = sign * std::ldexp(mantissa, e);
      } else {
        x = sign * std::ldexp(mantissa, int((r >> 8) % 41) - 20);
      }
    }
  }
  return out;
}

// n values as MakeValues makes them, sliced (at an offset chosen by `salt`)
// from a pool generated once per type and kind: the element-wise tests call
// kernels tens of thousands of times, and generating fresh values for every
// call dominated the suite's run time.
template <typename T>
std::vector<T> PooledValues(size_t n, uint64_t salt, Values kind = Values::kMixed) {
  constexpr size_t kPoolSize = size_t(1) << 14;
  if (n > kPoolSize) return MakeValues<T>(n, SeedOf({salt, n}), kind);
  static std::vector<T> pools[5];
  std::vector<T>& pool = pools[int(kind)];
  if (pool.empty()) pool = MakeValues<T>(kPoolSize, SeedOf({0x9001, sizeof(T), (uint64_t)kind}), kind);
  const size_t offset = SeedOf({salt, n}) % (kPoolSize - n + 1);
  return std::vector<T>(pool.begin() + offset, pool.begin() + offset + n);
}

// n bool bytes (0 or 1), e.g. where()'s condition or a mask.
inline std::vector<uint8_t> BoolBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> out(n);
  for (auto& x : out) x = uint8_t(rng() & 1);
  return out;
}

// ---------------------------------------------------------------------------
// Buffers
// ---------------------------------------------------------------------------

// n elements of elem_size bytes, starting `misalign` elements past a 64-byte
// boundary, between guard bytes; catches writes outside [data, data + n).
class GuardedBuffer {
 public:
  static constexpr size_t kGuard = 64;
  static constexpr unsigned char kGuardByte = 0xA5;
  static constexpr unsigned char kFillByte = 0xCD;

  GuardedBuffer(size_t elem_size, size_t n, size_t misalign = 0)
      : elem_size_(elem_size), n_(n), lead_(kGuard + misalign * elem_size),
        bytes_(lead_ + n * elem_size + kGuard, kGuardByte) {
    memset(data(), kFillByte, n * elem_size);
  }
  void* data() { return bytes_.data() + lead_; }
  const void* data() const { return bytes_.data() + lead_; }
  template <typename T>
  T* as() { return static_cast<T*>(data()); }
  template <typename T>
  const T* as() const { return static_cast<const T*>(data()); }
  size_t size() const { return n_; }

  bool GuardsIntact() const {
    for (size_t i = 0; i < lead_; ++i)
      if (bytes_[i] != kGuardByte) return false;
    for (size_t i = lead_ + n_ * elem_size_; i < bytes_.size(); ++i)
      if (bytes_[i] != kGuardByte) return false;
    return true;
  }

 private:
  size_t elem_size_, n_, lead_;
  std::vector<unsigned char> bytes_;
};

template <typename T>
GuardedBuffer Place(const std::vector<T>& values, size_t misalign = 0) {
  GuardedBuffer buf(sizeof(T), values.size(), misalign);
  if (!values.empty()) memcpy(buf.data(), values.data(), values.size() * sizeof(T));
  return buf;
}

inline size_t CeilDiv(size_t a, size_t b) { return (a + b - 1) / b; }

// n logical elements of T, element i at base()[i * stride] inside a guarded
// buffer: stride 0 is one element read n times (broadcast), a negative
// stride starts at the far end. Every other element keeps the fill bytes, so
// a kernel that writes off its stride pattern is caught.
template <typename T>
class StridedArray {
 public:
  StridedArray(size_t n, ptrdiff_t stride, size_t misalign = 0)
      : n_(n), stride_(stride), span_(Span(n, stride)), buf_(sizeof(T), span_, misalign) {}
  // Element i is values[i] (values[0] for stride 0).
  StridedArray(const std::vector<T>& values, ptrdiff_t stride, size_t misalign = 0)
      : StridedArray(values.size(), stride, misalign) {
    for (size_t i = 0; i < (stride == 0 ? std::min<size_t>(1, n_) : n_); ++i) Set(i, values[i]);
  }
  T* base() { return buf_.as<T>() + Offset(); }
  const T* base() const { return buf_.as<T>() + Offset(); }
  ptrdiff_t stride() const { return stride_; }
  T Get(size_t i) const {
    T x;
    memcpy(&x, base() + (ptrdiff_t)i * stride_, sizeof(T));
    return x;
  }
  void Set(size_t i, T x) { memcpy(base() + (ptrdiff_t)i * stride_, &x, sizeof(T)); }
  std::vector<T> Gather() const {
    std::vector<T> out(n_);
    for (size_t i = 0; i < n_; ++i) out[i] = Get(i);
    return out;
  }
  // Guards intact and every element off the pattern still holds the fill bytes.
  bool OnlyPatternWritten() const {
    if (!buf_.GuardsIntact()) return false;
    const unsigned char* bytes = static_cast<const unsigned char*>(buf_.data());
    const size_t step = stride_ == 0 ? 0 : (size_t)(stride_ < 0 ? -stride_ : stride_);
    for (size_t e = 0; e < span_; ++e) {
      if (step != 0 && e % step == 0) continue;  // on the pattern
      if (step == 0 && e == 0) continue;
      for (size_t k = 0; k < sizeof(T); ++k)
        if (bytes[e * sizeof(T) + k] != GuardedBuffer::kFillByte) return false;
    }
    return true;
  }

 private:
  static size_t Span(size_t n, ptrdiff_t stride) {
    if (n == 0) return 0;
    if (stride == 0) return 1;
    return (n - 1) * (size_t)(stride < 0 ? -stride : stride) + 1;
  }
  size_t Offset() const { return stride_ < 0 ? span_ - 1 : 0; }
  size_t n_;
  ptrdiff_t stride_;
  size_t span_;
  GuardedBuffer buf_;
};

// Input strides (0 broadcasts one element, negative walks backwards) and
// output strides (never 0) for the strided kernels.
inline const std::vector<ptrdiff_t>& InStrides() {
  static const std::vector<ptrdiff_t> strides = {1, 2, 0, -1, -3};
  return strides;
}
inline const std::vector<ptrdiff_t>& OutStrides() {
  static const std::vector<ptrdiff_t> strides = {1, 3, -1, -2};
  return strides;
}
// Lengths for the strided kernels: short runs, a full vector and tails.
inline const std::vector<size_t>& StridedLengths() {
  static const std::vector<size_t> lengths = {1, 6, 17, 67};
  return lengths;
}

// Operand values that exercise the semantics of binary ops: the specials
// plus small divisors and exponents of both signs.
template <typename T>
std::vector<T> OperandSpecials() {
  if constexpr (kIsBool<T>) {
    return {0, 1};
  } else if constexpr (std::is_integral<T>::value) {
    std::vector<T> v = IntSpecials<T>();
    for (T x : {2, -2, 3, -3, 5, -7, 7, 31, 32, 40, 63, 64}) v.push_back(x);
    return v;
  } else {
    std::vector<T> v = FloatSpecials<T>();
    for (T x : {T(2), T(-2), T(3), T(-3), T(5), T(7.5), T(-7.5), T(0.1), T(-0.1), T(1.5), T(6), T(-6)})
      v.push_back(x);
    return v;
  }
}

}  // namespace cptest

// Elementwise and creation kernels, for every ISA:
//  - binary ops (add, sub, mul, div, maximum, minimum, floordiv, mod, pow,
//    bitand, bitor, bitxor) in all modes (vv, vs, sv), comparisons (bool
//    output), where, unary ops, predicates and every dtype cast, for every
//    dtype (bool, i8, i16, u8, i32, i64, f32, f64):
//    bit-exact against the scalar table on tail lengths and special values,
//    with misaligned and in-place operands (the transcendental unary ops:
//    within a few ulp, see CrossIsaUlps), and against oracles written here
//    for NumPy's semantics (Python-signed floor division and remainder,
//    NaN-propagating maximum/minimum, wrapping integer pow, NaN comparisons,
//    abs/sign/relu/rint edge cases, bool as logical ops, NumPy's casts);
//  - the strided kernels (binary_strided, compare_strided, unary_strided,
//    predicate_strided, cast_strided, where) with positive, zero (broadcast)
//    and negative strides against the contiguous kernels / oracles, touching
//    nothing off their stride pattern;
//  - fill, fill_strided, arange (at an offset, and split invariance) and
//    linspace against oracles computed here.
#include <algorithm>
#include <array>

#include "test_util.h"

namespace cptest {
namespace {

class ElementwiseTest : public IsaTest {};
CPTEST_INSTANTIATE_FOR_ALL_ISAS(ElementwiseTest);

__extension__ typedef __int128 Int128;

template <typename T>
using Unsigned = typename std::make_unsigned<T>::type;

// ---------------------------------------------------------------------------
// Oracles, written independently of the kernels
// ---------------------------------------------------------------------------

// Python's // and % on integers, computed exactly in a wider type: the
// remainder takes the divisor's sign; x // 0 == x % 0 == 0 (NumPy, which also
// warns); MIN // -1 wraps to MIN.
template <typename T>
void OracleIntDivmod(T a, T b, T* q, T* r) {
  typedef typename std::conditional<sizeof(T) <= 4, int64_t, Int128>::type W;
  if (b == 0) {
    *q = 0;
    *r = 0;
    return;
  }
  const W wa = a, wb = b;
  W wq = wa / wb;  // toward zero
  if (wa % wb != 0 && ((wa < 0) != (wb < 0))) wq -= 1;  // toward -inf
  const W wr = wa - wq * wb;
  *q = T(Unsigned<T>(wq));  // only MIN / -1 leaves T: 2^(bits-1) wraps to MIN
  *r = T(wr);
}

// NumPy's npy_divmod for floats: fmod (exact), the remainder moved to the
// divisor's sign, the quotient (a - fmod) / b snapped to the nearest integer
// and floored; a zero divisor gives a / b and fmod (NaN); zero results take
// the sign NumPy gives them.
template <typename T>
void OracleFloatDivmod(T a, T b, T* q, T* r) {
  const T m = std::fmod(a, b);
  if (b == T(0)) {
    *q = a / b;
    *r = m;
    return;
  }
  T div = (a - m) / b, mod = m;
  if (mod != T(0)) {
    if (std::isless(b, T(0)) != std::isless(mod, T(0))) {
      mod += b;
      div -= T(1);
    }
  } else {
    mod = std::copysign(T(0), b);
  }
  T fdiv;
  if (div != T(0)) {
    fdiv = std::floor(div);
    if (std::isgreater(div - fdiv, T(0.5))) fdiv += T(1);
  } else {
    fdiv = std::copysign(T(0), a / b);
  }
  *q = fdiv;
  *r = mod;
}

// a ** b for b >= 0 by left-to-right binary exponentiation in unsigned
// arithmetic: the exact power modulo 2^bits (the kernels square right to left).
template <typename T>
T OracleIntPow(T a, T b) {
  typedef WrapU<T> U;
  const U base = U(a), e = U(b);
  U result = 1;
  for (int bit = int(8 * sizeof(T)) - 1; bit >= 0; --bit) {
    result = U(result * result);
    if ((e >> bit) & 1) result = U(result * base);
  }
  return T(result);
}

// The result of binary op on (a, b); *defined is false where the kernel's
// result is unspecified (integer pow with a negative exponent: Rust rejects it).
template <typename T>
T OracleBinary(int op, T a, T b, bool* defined = nullptr) {
  if (defined) *defined = true;
  if constexpr (kIsBool<T>) {  // add/maximum are or; mul/minimum are and
    switch (op) {
      case CP_BIN_ADD: case CP_BIN_MAXIMUM: case CP_BIN_BITOR: return uint8_t(a | b);
      case CP_BIN_MUL: case CP_BIN_MINIMUM: case CP_BIN_BITAND: return uint8_t(a & b);
      case CP_BIN_BITXOR: return uint8_t(a ^ b);
    }
  } else if constexpr (std::is_integral<T>::value) {
    typedef WrapU<T> U;  // wraps mod 2^bits (after truncation to T)
    T q, r;
    switch (op) {
      case CP_BIN_ADD: return T(U(U(a) + U(b)));
      case CP_BIN_SUB: return T(U(U(a) - U(b)));
      case CP_BIN_MUL: return T(U(U(a) * U(b)));
      case CP_BIN_MAXIMUM: return a > b ? a : b;
      case CP_BIN_MINIMUM: return a < b ? a : b;
      case CP_BIN_FLOORDIV: OracleIntDivmod(a, b, &q, &r); return q;
      case CP_BIN_MOD: OracleIntDivmod(a, b, &q, &r); return r;
      case CP_BIN_POW:
        if (b < 0) {
          if (defined) *defined = false;
          return 0;
        }
        return OracleIntPow(a, b);
      case CP_BIN_BITAND: return T(a & b);
      case CP_BIN_BITOR: return T(a | b);
      case CP_BIN_BITXOR: return T(a ^ b);
    }
  } else {
    T q, r;
    switch (op) {
      case CP_BIN_ADD: return a + b;
      case CP_BIN_SUB: return a - b;
      case CP_BIN_MUL: return a * b;
      case CP_BIN_DIV: return a / b;
      // NaN from either side wins; otherwise NumPy's a >= b ? a : b.
      case CP_BIN_MAXIMUM: return std::isnan(a) ? a : std::isnan(b) ? b : (a >= b ? a : b);
      case CP_BIN_MINIMUM: return std::isnan(a) ? a : std::isnan(b) ? b : (a <= b ? a : b);
      case CP_BIN_FLOORDIV: OracleFloatDivmod(a, b, &q, &r); return q;
      case CP_BIN_MOD: OracleFloatDivmod(a, b, &q, &r); return r;
      case CP_BIN_POW: return std::pow(a, b);  // C99 pow, as NumPy
    }
  }
  ADD_FAILURE() << "no oracle for binary op " << BinaryName(op);
  return T(0);
}

template <typename T>
uint8_t OracleCompare(int op, T a, T b) {
  switch (op) {
    case CP_CMP_EQ: return a == b;
    case CP_CMP_NE: return a != b;  // the only comparison a NaN makes true
    case CP_CMP_LT: return a < b;
    case CP_CMP_LE: return a <= b;
    case CP_CMP_GT: return a > b;
    case CP_CMP_GE: return a >= b;
  }
  ADD_FAILURE() << "no oracle for compare op " << op;
  return 0;
}

// Round half to even, by hand: floor, then the fraction decides; the sign of
// the input is kept (rint(-0.4) is -0.0).
template <typename T>
T OracleRint(T x) {
  if (!std::isfinite(x) || std::fabs(x) >= T(1) / std::numeric_limits<T>::epsilon()) return x;
  const T f = std::floor(x), frac = x - f;  // exact
  T r = f;
  if (frac > T(0.5) || (frac == T(0.5) && std::fmod(f, T(2)) != T(0))) r = f + T(1);
  return std::copysign(r, x);
}

// Sign bit cleared (abs of a float, NaN included).
template <typename T>
T ClearSign(T x) {
  return FromBits<T>(BitsOf(x) & ~(uint64_t(1) << (8 * sizeof(T) - 1)));
}

// Allowed ulp distance of a transcendental result from the long-double
// oracle below: a sanity bound (wrong function, lost range reduction, broken
// special values); math_accuracy_test.cpp measures the real accuracy.
constexpr uint64_t kOracleUlps = 4;

template <typename T>
T OracleTranscendental(int op, T x) {
  const long double v = x;
  switch (op) {
    case CP_UN_EXP: return T(std::exp(v));
    case CP_UN_EXPM1: return T(std::expm1(v));
    case CP_UN_LOG: return T(std::log(v));
    case CP_UN_LOG1P: return T(std::log1p(v));
    case CP_UN_LOG2: return T(std::log2(v));
    case CP_UN_LOG10: return T(std::log10(v));
    case CP_UN_SIN: return T(std::sin(v));
    case CP_UN_COS: return T(std::cos(v));
    case CP_UN_TAN: return T(std::tan(v));
    case CP_UN_TANH: return T(std::tanh(v));
    case CP_UN_SINH: return T(std::sinh(v));
    case CP_UN_SIGMOID: {
      if (std::isnan(v)) return T(v);
      if (v >= 0) return T(1.0L / (1.0L + std::exp(-v)));
      const long double e = std::exp(v);
      return T(e / (1.0L + e));
    }
  }
  ADD_FAILURE() << "not transcendental: " << UnaryName(op);
  return T(0);
}

// The result of unary op on x, with the ulps it may be off by (0: exact).
template <typename T>
T OracleUnary(int op, T x, uint64_t* ulps) {
  *ulps = 0;
  if constexpr (kIsBool<T>) {
    switch (op) {
      case CP_UN_ABS: return x;
      case CP_UN_INVERT: return uint8_t(x == 0);  // logical not
    }
  } else if constexpr (std::is_integral<T>::value) {
    typedef WrapU<T> U;
    switch (op) {
      case CP_UN_NEG: return T(U(U(0) - U(x)));
      case CP_UN_ABS: return x < 0 ? T(U(U(0) - U(x))) : x;  // abs(MIN) == MIN
      case CP_UN_SIGN: return x > 0 ? T(1) : x < 0 ? T(-1) : T(0);
      case CP_UN_SQUARE: return T(U(U(x) * U(x)));
      case CP_UN_RELU: return x > 0 ? x : T(0);
      case CP_UN_INVERT: return T(~x);
    }
  } else {
    if (IsTranscendental(op)) {
      *ulps = kOracleUlps;
      return OracleTranscendental(op, x);
    }
    switch (op) {
      case CP_UN_NEG: return FromBits<T>(BitsOf(x) ^ (uint64_t(1) << (8 * sizeof(T) - 1)));
      case CP_UN_ABS: return ClearSign(x);
      case CP_UN_SIGN:
        if (std::isnan(x)) return x;
        return x > 0 ? T(1) : x < 0 ? T(-1) : T(0);  // sign(-0.0) is 0
      case CP_UN_SQUARE: return x * x;
      case CP_UN_RELU:
        if (std::isnan(x)) return x;
        return x > 0 ? x : T(0);
      case CP_UN_FLOOR: return std::floor(x);
      case CP_UN_CEIL: return std::ceil(x);
      case CP_UN_RINT: return OracleRint(x);
      case CP_UN_TRUNC: return std::trunc(x);
      case CP_UN_SQRT: return std::sqrt(x);  // correctly rounded (IEEE 754)
    }
  }
  ADD_FAILURE() << "no oracle for unary op " << UnaryName(op);
  return T(0);
}

// isnan / isinf / isfinite from the bits; logical_not is x == 0.
template <typename T>
uint8_t OraclePredicate(int op, T x) {
  if (op == CP_PRED_LOGICAL_NOT) return x == T(0);
  if constexpr (kIsFloat<T>) {
    const int mant_bits = std::numeric_limits<T>::digits - 1;
    const uint64_t bits = BitsOf(x);
    const uint64_t exp_mask = ((uint64_t(1) << (8 * sizeof(T) - 1 - mant_bits)) - 1) << mant_bits;
    const uint64_t mant = bits & ((uint64_t(1) << mant_bits) - 1);
    const bool top = (bits & exp_mask) == exp_mask;
    switch (op) {
      case CP_PRED_ISNAN: return top && mant != 0;
      case CP_PRED_ISINF: return top && mant == 0;
      case CP_PRED_ISFINITE: return !top;
    }
  }
  ADD_FAILURE() << "no oracle for predicate " << PredicateName(op);
  return 0;
}

template <typename From, typename To>
To OracleCast(From x) {
  if constexpr (kIsBool<To>) {
    return x != From(0) ? 1 : 0;
  } else if constexpr (kIsFloat<From> && std::is_integral<To>::value && sizeof(To) < 4) {
    // 8- and 16-bit: the low bits of the int32 conversion (NumPy on x86).
    return To((uint32_t)OracleCast<From, int32_t>(x));
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

std::string BinaryLabel(int op, int dt, int mode) {
  return std::string(BinaryName(op)) + "_" + DtypeName(dt) + "_" + ModeName(mode);
}

// Runs fn with operands laid out for `mode`; a and b hold n or 1 values.
template <typename T, typename R = T>
std::vector<R> RunBinary(cp_binary_fn fn, const std::vector<T>& a, const std::vector<T>& b, size_t n,
                         size_t misalign, bool* guards_ok) {
  GuardedBuffer a_buf = Place(a, misalign), b_buf = Place(b, misalign);
  GuardedBuffer out(sizeof(R), n, misalign);
  fn(a_buf.data(), b_buf.data(), out.data(), n);
  *guards_ok = out.GuardsIntact() && a_buf.GuardsIntact() && b_buf.GuardsIntact();
  return std::vector<R>(out.as<R>(), out.as<R>() + n);
}

// The broadcast operand of case number `index`: specials first, then random.
template <typename T>
T ScalarOperand(size_t index, uint64_t seed) {
  const std::vector<T> specials = OperandSpecials<T>();
  if (index < specials.size()) return specials[index];
  return MakeValues<T>(1, seed)[0];
}

// Operands for `mode`: n values each, or one (the broadcast side).
template <typename T>
void MakeBinaryOperands(int mode, size_t n, size_t index, uint64_t seed, std::vector<T>* a, std::vector<T>* b) {
  *a = PooledValues<T>(n, seed);
  *b = PooledValues<T>(n, seed + 1);
  if (mode == CP_MODE_VS) *b = {ScalarOperand<T>(index, seed + 2)};
  if (mode == CP_MODE_SV) *a = {ScalarOperand<T>(index, seed + 2)};
}

// Every pair of OperandSpecials, as the vv operands (a, b), plus the list.
template <typename T>
void SpecialPairs(std::vector<T>* a, std::vector<T>* b, std::vector<T>* specials) {
  *specials = OperandSpecials<T>();
  a->clear();
  b->clear();
  for (T x : *specials)
    for (T y : *specials) {
      a->push_back(x);
      b->push_back(y);
    }
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
              if (SkipMisaligned(n, misalign)) continue;
              SCOPED_TRACE(testing::Message() << BinaryLabel(op, dt, mode) << " n=" << n << " misalign=" << misalign);
              std::vector<T> a, b;
              MakeBinaryOperands<T>(mode, n, index++,
                                    SeedOf({1, (uint64_t)op, (uint64_t)dt, (uint64_t)mode, n, misalign}), &a, &b);
              bool guards_ok = false, ref_guards_ok = false;
              std::vector<T> got = RunBinary(fn, a, b, n, misalign, &guards_ok);
              std::vector<T> want = RunBinary(ref, a, b, n, misalign, &ref_guards_ok);
              EXPECT_TRUE(guards_ok) << "wrote outside its output";
              EXPECT_TRUE(BitEqual(got.data(), want.data(), n));
            }
        });
      }
}

// Checks got[i] against the oracle of (a[i or 0], b[i or 0]).
template <typename T>
::testing::AssertionResult BinaryMatchesOracleOn(int op, int mode, const std::vector<T>& a, const std::vector<T>& b,
                                                 const std::vector<T>& got) {
  for (size_t i = 0; i < got.size(); ++i) {
    const T x = mode == CP_MODE_SV ? a[0] : a[i];
    const T y = mode == CP_MODE_VS ? b[0] : b[i];
    bool defined = true;
    const T want = OracleBinary(op, x, y, &defined);
    if (defined && !SameBits(got[i], want))
      return ::testing::AssertionFailure() << BinaryName(op) << "(" << Show(x) << ", " << Show(y)
                                           << ") = " << Show(got[i]) << ", want " << Show(want) << " at [" << i
                                           << "]";
  }
  return ::testing::AssertionSuccess();
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
            SCOPED_TRACE(testing::Message() << BinaryLabel(op, dt, mode) << " n=" << n);
            std::vector<T> a, b;
            MakeBinaryOperands<T>(mode, n, index++, SeedOf({2, (uint64_t)op, (uint64_t)dt, (uint64_t)mode, n}), &a,
                                  &b);
            bool guards_ok = false;
            std::vector<T> got = RunBinary(fn, a, b, n, 0, &guards_ok);
            EXPECT_TRUE(BinaryMatchesOracleOn(op, mode, a, b, got));
          }
        });
      }
}

// Every pair of special operands (NaN, +-inf, -0.0, subnormals, INT_MIN, -1,
// zero divisors, ...): each mode against the scalar table and the oracle.
TEST_P(ElementwiseTest, BinarySpecialPairsMatchScalarAndOracle) {
  for (int op = 0; op < CP_NUM_BINARY; ++op)
    for (int dt : kAllDtypes) {
      if (isa_.binary[op][dt][CP_MODE_VV] == nullptr) continue;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        std::vector<T> a, b, specials;
        SpecialPairs(&a, &b, &specials);
        for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
          cp_binary_fn fn = isa_.binary[op][dt][mode], ref = ref_.binary[op][dt][mode];
          ASSERT_NE(fn, nullptr) << BinaryLabel(op, dt, mode);
          // vv: all pairs at once; vs / sv: each special broadcast against the list.
          const size_t rounds = mode == CP_MODE_VV ? 1 : specials.size();
          for (size_t k = 0; k < rounds; ++k) {
            std::vector<T> x = mode == CP_MODE_VV ? a : specials, y = mode == CP_MODE_VV ? b : specials;
            if (mode == CP_MODE_VS) y = {specials[k]};
            if (mode == CP_MODE_SV) x = {specials[k]};
            const size_t n = mode == CP_MODE_VV ? a.size() : specials.size();
            std::vector<T> got(n), want(n);
            fn(x.data(), y.data(), got.data(), n);
            ref(x.data(), y.data(), want.data(), n);
            ASSERT_TRUE(BitEqual(got.data(), want.data(), n)) << BinaryLabel(op, dt, mode) << " vs scalar";
            ASSERT_TRUE(BinaryMatchesOracleOn(op, mode, x, y, got)) << BinaryLabel(op, dt, mode);
          }
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
            SCOPED_TRACE(testing::Message() << BinaryLabel(op, dt, mode) << " n=" << n);
            std::vector<T> a, b;
            MakeBinaryOperands<T>(mode, n, n, SeedOf({3, (uint64_t)op, (uint64_t)dt, n}), &a, &b);
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
    ASSERT_NE(fn, nullptr) << BinaryLabel(op, dt, mode);
    for (size_t k = 0; k < pairs.size(); ++k) {
      const size_t n = 67;
      std::vector<T> a(n, pairs[k].first), b(n, pairs[k].second), out(n);
      fn(a.data(), b.data(), out.data(), n);  // vs/sv read element 0 of the broadcast side
      for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameBits(out[i], expected[k]))
            << BinaryLabel(op, dt, mode) << "("
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


TEST_P(ElementwiseTest, BoolOpsAreLogical) {
  const std::vector<std::pair<uint8_t, uint8_t>> pairs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_ADD, CP_DT_BOOL, pairs, {0, 1, 1, 1});      // or
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MUL, CP_DT_BOOL, pairs, {0, 0, 0, 1});      // and
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MAXIMUM, CP_DT_BOOL, pairs, {0, 1, 1, 1});  // or
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MINIMUM, CP_DT_BOOL, pairs, {0, 0, 0, 1});  // and
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_BITAND, CP_DT_BOOL, pairs, {0, 0, 0, 1});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_BITOR, CP_DT_BOOL, pairs, {0, 1, 1, 1});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_BITXOR, CP_DT_BOOL, pairs, {0, 1, 1, 0});
  for (int op : {CP_BIN_SUB, CP_BIN_DIV, CP_BIN_FLOORDIV, CP_BIN_MOD, CP_BIN_POW})
    EXPECT_EQ(isa_.binary[op][CP_DT_BOOL][CP_MODE_VV], nullptr) << BinaryName(op) << "_bool";
}

// Python signs: the remainder takes the divisor's sign and the quotient is
// floored; x // 0 == x % 0 == 0; MIN // -1 wraps to MIN (values from NumPy).
template <typename T>
void ExpectIntegerFloorDivMod(const cp_kernel_table& t, int dt) {
  typedef std::numeric_limits<T> L;
  const T mn = L::min(), mx = L::max();
  const std::vector<std::pair<T, T>> pairs = {
      {-7, 2}, {7, -2}, {-7, -2}, {7, 2}, {0, 5}, {5, 0}, {mn, -1}, {mn, 1}, {mx, -1},
      {-1, mx}, {mn, mx}, {1, mn}, {-1, mn}, {0, 0}, {6, -3}, {-6, 3}, {mn, 0}};
  ExpectBinaryOnPairs<T>(t, CP_BIN_FLOORDIV, dt, pairs,
                         {-4, -4, 3, 3, 0, 0, mn, mn, T(-mx), -1, -2, -1, 0, 0, -2, -2, 0});
  ExpectBinaryOnPairs<T>(t, CP_BIN_MOD, dt, pairs,
                         {1, -1, -1, 1, 0, 0, 0, 0, 0, T(mx - 1), T(mx - 1), T(mn + 1), -1, 0, 0, 0, 0});
}

TEST_P(ElementwiseTest, IntegerFloorDivModFollowPython) {
  ExpectIntegerFloorDivMod<int8_t>(isa_, CP_DT_I8);
  ExpectIntegerFloorDivMod<int16_t>(isa_, CP_DT_I16);
  ExpectIntegerFloorDivMod<int32_t>(isa_, CP_DT_I32);
  ExpectIntegerFloorDivMod<int64_t>(isa_, CP_DT_I64);
  // uint8: no signs to fix; x // 0 == x % 0 == 0 (values from NumPy).
  const std::vector<std::pair<uint8_t, uint8_t>> u8 = {{7, 2}, {255, 16}, {255, 0}, {0, 0}, {200, 201}, {255, 255}};
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_FLOORDIV, CP_DT_U8, u8, {3, 15, 0, 0, 0, 1});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MOD, CP_DT_U8, u8, {1, 15, 0, 0, 200, 0});
}


// NumPy's float floor_divide / remainder (values from NumPy 2.4).
template <typename T>
void ExpectFloatFloorDivMod(const cp_kernel_table& t, int dt) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::vector<std::pair<T, T>> pairs = {
      {T(-7.5), 2}, {T(7.5), 2}, {5, -3}, {-5, 3}, {5, 3}, {1, inf}, {-1, inf}, {1, -inf}, {0, 0},
      {1, 0},       {-1, 0},     {1, -T(0)}, {inf, 2}, {nan, 2}, {2, nan}, {6, -3}, {0, 5}, {-T(0), 5},
      {0, -5},      {-T(0), -1}, {-inf, inf}, {T(2.5), T(0.5)}};
  ExpectBinaryOnPairs<T>(t, CP_BIN_FLOORDIV, dt, pairs,
                         {-4, 3, -2, -2, 1, 0, -1, -1, nan, inf, -inf, -inf, nan, nan, nan, -2, 0, -T(0), -T(0),
                          0, nan, 5});
  ExpectBinaryOnPairs<T>(t, CP_BIN_MOD, dt, pairs,
                         {T(0.5), T(1.5), -1, 1, 2, 1, inf, -inf, nan, nan, nan, nan, nan, nan, nan, -T(0), 0, 0,
                          -T(0), -T(0), nan, 0});
}

TEST_P(ElementwiseTest, FloatFloorDivModFollowNumPy) {
  ExpectFloatFloorDivMod<float>(isa_, CP_DT_F32);
  ExpectFloatFloorDivMod<double>(isa_, CP_DT_F64);
  // fmod's exact remainder and the snapped quotient: 1 // 0.1 == 9, 1 % 0.1 == 0.09999999999999995.
  ExpectBinaryOnPairs<double>(isa_, CP_BIN_FLOORDIV, CP_DT_F64, {{1.0, 0.1}}, {9.0});
  ExpectBinaryOnPairs<double>(isa_, CP_BIN_MOD, CP_DT_F64, {{1.0, 0.1}}, {0.09999999999999995});
  ExpectBinaryOnPairs<float>(isa_, CP_BIN_FLOORDIV, CP_DT_F32, {{1.0f, 0.1f}}, {9.0f});
  ExpectBinaryOnPairs<float>(isa_, CP_BIN_MOD, CP_DT_F32, {{1.0f, 0.1f}}, {std::fmod(1.0f, 0.1f)});
}

template <typename T>
void ExpectMaxMinPropagateNaN(const cp_kernel_table& t, int dt) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const T tiny = std::numeric_limits<T>::denorm_min();
  const std::vector<std::pair<T, T>> pairs = {{nan, 1},    {1, nan},   {nan, nan}, {-inf, nan}, {nan, inf},
                                              {1, 2},      {-inf, inf}, {-T(0), -T(0)}, {tiny, 0}, {-1, -tiny}};
  ExpectBinaryOnPairs<T>(t, CP_BIN_MAXIMUM, dt, pairs, {nan, nan, nan, nan, nan, 2, inf, -T(0), tiny, -tiny});
  ExpectBinaryOnPairs<T>(t, CP_BIN_MINIMUM, dt, pairs, {nan, nan, nan, nan, nan, 1, -inf, -T(0), 0, -1});
}

TEST_P(ElementwiseTest, MaximumMinimumPropagateNaN) {
  ExpectMaxMinPropagateNaN<float>(isa_, CP_DT_F32);
  ExpectMaxMinPropagateNaN<double>(isa_, CP_DT_F64);
  typedef std::numeric_limits<int32_t> L32;
  typedef std::numeric_limits<int64_t> L64;
  ExpectBinaryOnPairs<int32_t>(isa_, CP_BIN_MAXIMUM, CP_DT_I32, {{L32::min(), L32::max()}, {-1, 0}, {5, 5}},
                               {L32::max(), 0, 5});
  ExpectBinaryOnPairs<int32_t>(isa_, CP_BIN_MINIMUM, CP_DT_I32, {{L32::min(), L32::max()}, {-1, 0}},
                               {L32::min(), -1});
  ExpectBinaryOnPairs<int64_t>(isa_, CP_BIN_MAXIMUM, CP_DT_I64, {{L64::min(), L64::max()}, {-1, int64_t(1) << 40}},
                               {L64::max(), int64_t(1) << 40});
  ExpectBinaryOnPairs<int64_t>(isa_, CP_BIN_MINIMUM, CP_DT_I64, {{L64::min(), L64::max()}, {-1, 0}},
                               {L64::min(), -1});
}

// x ** e by repeated multiplication in unsigned arithmetic (the wrap NumPy's
// integer power gives).
template <typename T>
T PowByLoop(T x, int e) {
  WrapU<T> r = 1;
  for (int i = 0; i < e; ++i) r = WrapU<T>(r * WrapU<T>(x));
  return T(r);
}

TEST_P(ElementwiseTest, IntegerPowWrapsBySquaring) {
  typedef std::numeric_limits<int32_t> L32;
  typedef std::numeric_limits<int64_t> L64;
  ExpectBinaryOnPairs<int32_t>(
      isa_, CP_BIN_POW, CP_DT_I32,
      {{3, 40}, {2, 31}, {2, 32}, {-1, 5}, {-1, L32::max()}, {-1, 4}, {0, 0}, {7, 0}, {L32::min(), 0},
       {L32::min(), 1}, {L32::min(), 2}, {0, 5}, {-3, 3}, {10, 9}, {10, 10}, {1, L32::max()}, {3, L32::max()}},
      {PowByLoop<int32_t>(3, 40), L32::min(), 0, -1, -1, 1, 1, 1, 1, L32::min(), 0, 0, -27, 1000000000,
       1410065408, 1, OracleIntPow<int32_t>(3, L32::max())});
  EXPECT_EQ(PowByLoop<int32_t>(3, 40), 689956897);  // NumPy: np.int32(3) ** 40
  ExpectBinaryOnPairs<int64_t>(
      isa_, CP_BIN_POW, CP_DT_I64,
      {{3, 40}, {2, 63}, {2, 64}, {-1, L64::max()}, {-1, 4}, {0, 0}, {L64::min(), 0}, {10, 19}, {-2, 63},
       {5, 27}, {7, int64_t(1) << 40}},
      {-6289078614652622815LL, L64::min(), 0, -1, 1, 1, 1, -8446744073709551616LL, L64::min(),
       PowByLoop<int64_t>(5, 27), OracleIntPow<int64_t>(7, int64_t(1) << 40)});
}

// C99 pow's special cases (NumPy calls pow).
template <typename T>
void ExpectFloatPowSpecials(const cp_kernel_table& t, int dt) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::vector<std::pair<T, T>> pairs = {
      {nan, 0}, {nan, -T(0)}, {1, nan}, {1, inf}, {-1, inf}, {-1, -inf}, {2, -inf}, {T(0.5), -inf},
      {-8, T(1) / T(3)}, {0, -1}, {-T(0), -1}, {-T(0), -2}, {-T(0), 3}, {2, 1024}, {-2, 3}, {4, T(0.5)},
      {inf, -1}, {-inf, 3}, {-inf, -3}, {nan, 1}, {T(1.5), 2}, {0, 0}, {inf, 0}, {-inf, T(0.5)}};
  ExpectBinaryOnPairs<T>(t, CP_BIN_POW, dt, pairs,
                         {1, 1, 1, 1, 1, 1, 0, inf, nan, inf, -inf, inf, -T(0), inf, -8, 2, 0, -inf, -T(0), nan,
                          T(2.25), 1, 1, inf});
}

TEST_P(ElementwiseTest, FloatPowSpecialCases) {
  ExpectFloatPowSpecials<float>(isa_, CP_DT_F32);
  ExpectFloatPowSpecials<double>(isa_, CP_DT_F64);
}

template <typename T>
void ExpectBitwise(const cp_kernel_table& t, int dt) {
  typedef std::numeric_limits<T> L;
  const std::vector<std::pair<T, T>> pairs = {{L::min(), -1}, {L::min(), L::max()}, {0x0F0F, 0x00FF}, {0, -1}, {-6, 3}};
  ExpectBinaryOnPairs<T>(t, CP_BIN_BITAND, dt, pairs, {L::min(), 0, T(0x000F), 0, 2});
  ExpectBinaryOnPairs<T>(t, CP_BIN_BITOR, dt, pairs, {-1, -1, T(0x0FFF), -1, -5});
  ExpectBinaryOnPairs<T>(t, CP_BIN_BITXOR, dt, pairs, {L::max(), -1, T(0x0FF0), -1, -7});
}

TEST_P(ElementwiseTest, IntegerBitwiseOps) {
  ExpectBitwise<int8_t>(isa_, CP_DT_I8);
  ExpectBitwise<int16_t>(isa_, CP_DT_I16);
  ExpectBitwise<int32_t>(isa_, CP_DT_I32);
  ExpectBitwise<int64_t>(isa_, CP_DT_I64);
  const std::vector<std::pair<uint8_t, uint8_t>> u8 = {{0xF0, 0x3C}, {255, 0}};
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_BITAND, CP_DT_U8, u8, {0x30, 0});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_BITOR, CP_DT_U8, u8, {0xFC, 255});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_BITXOR, CP_DT_U8, u8, {0xCC, 255});
  for (int op : {CP_BIN_BITAND, CP_BIN_BITOR, CP_BIN_BITXOR})
    for (int dt : {CP_DT_F32, CP_DT_F64}) EXPECT_EQ(isa_.binary[op][dt][CP_MODE_VV], nullptr);
}

// ---------------------------------------------------------------------------
// Comparisons (bool output)
// ---------------------------------------------------------------------------

std::string CompareLabel(int op, int dt, int mode) {
  return std::string(CompareName(op)) + "_" + DtypeName(dt) + "_" + ModeName(mode);
}

template <typename T>
::testing::AssertionResult CompareMatchesOracleOn(int op, int mode, const std::vector<T>& a, const std::vector<T>& b,
                                                  const std::vector<uint8_t>& got) {
  for (size_t i = 0; i < got.size(); ++i) {
    const T x = mode == CP_MODE_SV ? a[0] : a[i];
    const T y = mode == CP_MODE_VS ? b[0] : b[i];
    const uint8_t want = OracleCompare(op, x, y);
    if (got[i] != want)
      return ::testing::AssertionFailure() << CompareName(op) << "(" << Show(x) << ", " << Show(y) << ") = "
                                           << int(got[i]) << ", want " << int(want) << " at [" << i << "]";
  }
  return ::testing::AssertionSuccess();
}

TEST_P(ElementwiseTest, CompareBitExactVsScalarAndOracle) {
  for (int op = 0; op < CP_NUM_COMPARE; ++op)
    for (int dt : kAllDtypes)
      for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
        cp_binary_fn fn = isa_.compare[op][dt][mode], ref = ref_.compare[op][dt][mode];
        if (fn == nullptr || ref == nullptr) continue;
        VisitDtype(dt, [&](auto tag) {
          typedef typename decltype(tag)::type T;
          size_t index = 0;
          for (size_t n : TailLengths())
            for (size_t misalign : {0, 1}) {
              if (SkipMisaligned(n, misalign)) continue;
              SCOPED_TRACE(testing::Message() << CompareLabel(op, dt, mode) << " n=" << n << " misalign=" << misalign);
              std::vector<T> a, b;
              MakeBinaryOperands<T>(mode, n, index++,
                                    SeedOf({30, (uint64_t)op, (uint64_t)dt, (uint64_t)mode, n, misalign}), &a, &b);
              if (mode == CP_MODE_VV && n > 8) {  // some equal pairs, so == and <= see true
                for (size_t i = 0; i < n; i += 3) b[i] = a[i];
              }
              bool guards_ok = false, ref_guards_ok = false;
              const std::vector<uint8_t> got = RunBinary<T, uint8_t>(fn, a, b, n, misalign, &guards_ok);
              const std::vector<uint8_t> want = RunBinary<T, uint8_t>(ref, a, b, n, misalign, &ref_guards_ok);
              EXPECT_TRUE(guards_ok) << "wrote outside its output";
              EXPECT_TRUE(BitEqual(got.data(), want.data(), n));
              EXPECT_TRUE(CompareMatchesOracleOn(op, mode, a, b, got));
            }
        });
      }
}

TEST_P(ElementwiseTest, CompareSpecialPairs) {
  for (int op = 0; op < CP_NUM_COMPARE; ++op)
    for (int dt : kAllDtypes)
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        std::vector<T> a, b, specials;
        SpecialPairs(&a, &b, &specials);
        for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
          cp_binary_fn fn = isa_.compare[op][dt][mode];
          ASSERT_NE(fn, nullptr) << CompareLabel(op, dt, mode);
          const size_t rounds = mode == CP_MODE_VV ? 1 : specials.size();
          for (size_t k = 0; k < rounds; ++k) {
            std::vector<T> x = mode == CP_MODE_VV ? a : specials, y = mode == CP_MODE_VV ? b : specials;
            if (mode == CP_MODE_VS) y = {specials[k]};
            if (mode == CP_MODE_SV) x = {specials[k]};
            const size_t n = mode == CP_MODE_VV ? a.size() : specials.size();
            std::vector<uint8_t> got(n, 0xEE);
            fn(x.data(), y.data(), got.data(), n);
            ASSERT_TRUE(CompareMatchesOracleOn(op, mode, x, y, got)) << CompareLabel(op, dt, mode);
          }
        }
      });
}

// expected[k] holds eq, ne, lt, le, gt, ge for pairs[k], in every mode.
template <typename T>
void ExpectCompareOnPairs(const cp_kernel_table& t, int dt, const std::vector<std::pair<T, T>>& pairs,
                          const std::vector<std::array<uint8_t, CP_NUM_COMPARE>>& expected) {
  for (int op = 0; op < CP_NUM_COMPARE; ++op)
    for (int mode = 0; mode < CP_NUM_MODES; ++mode) {
      cp_binary_fn fn = t.compare[op][dt][mode];
      ASSERT_NE(fn, nullptr) << CompareLabel(op, dt, mode);
      for (size_t k = 0; k < pairs.size(); ++k) {
        const size_t n = 67;
        std::vector<T> a(n, pairs[k].first), b(n, pairs[k].second);
        std::vector<uint8_t> out(n, 0xEE);
        fn(a.data(), b.data(), out.data(), n);
        for (size_t i = 0; i < n; ++i)
          ASSERT_EQ(out[i], expected[k][op]) << CompareLabel(op, dt, mode) << "(" << Show(pairs[k].first) << ", "
                                             << Show(pairs[k].second) << ") at [" << i << "]";
      }
    }
}

template <typename T>
void ExpectFloatCompareSemantics(const cp_kernel_table& t, int dt) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  //                                              eq ne lt le gt ge
  ExpectCompareOnPairs<T>(t, dt, {{nan, nan}, {nan, 1}, {1, nan}, {-nan, inf}, {-T(0), T(0)}, {-inf, inf},
                                  {std::numeric_limits<T>::denorm_min(), T(0)}, {2, 2}},
                          {{0, 1, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0},
                           {1, 0, 0, 1, 0, 1}, {0, 1, 1, 1, 0, 0}, {0, 1, 0, 0, 1, 1}, {1, 0, 0, 1, 0, 1}});
}

TEST_P(ElementwiseTest, CompareNaNSignedZeroAndExtremes) {
  ExpectFloatCompareSemantics<float>(isa_, CP_DT_F32);
  ExpectFloatCompareSemantics<double>(isa_, CP_DT_F64);
  typedef std::numeric_limits<int32_t> L32;
  typedef std::numeric_limits<int64_t> L64;
  ExpectCompareOnPairs<int32_t>(isa_, CP_DT_I32, {{L32::min(), L32::max()}, {-1, 0}, {L32::min(), L32::min()}},
                                {{0, 1, 1, 1, 0, 0}, {0, 1, 1, 1, 0, 0}, {1, 0, 0, 1, 0, 1}});
  // i64 values that are equal after rounding to double must still differ.
  ExpectCompareOnPairs<int64_t>(isa_, CP_DT_I64, {{L64::max(), L64::max() - 1}, {(int64_t(1) << 53) + 1, int64_t(1) << 53}},
                                {{0, 1, 0, 0, 1, 1}, {0, 1, 0, 0, 1, 1}});
  ExpectCompareOnPairs<uint8_t>(isa_, CP_DT_BOOL, {{0, 1}, {1, 1}},
                                {{0, 1, 1, 1, 0, 0}, {1, 0, 0, 1, 0, 1}});
}

// ---------------------------------------------------------------------------
// where (strided: c, a, b and out each have their own stride)
// ---------------------------------------------------------------------------

TEST_P(ElementwiseTest, WhereSelectsWithAnyStrides) {
  for (int dt : kAllDtypes) {
    cp_where_fn fn = isa_.where[dt], ref = ref_.where[dt];
    ASSERT_NE(fn, nullptr) << "where_" << DtypeName(dt);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      for (size_t n : StridedLengths()) {
        const uint64_t seed = SeedOf({31, (uint64_t)dt, n});
        const std::vector<uint8_t> bits = BoolBytes(n, seed);
        const std::vector<T> va = MakeValues<T>(n, seed + 1), vb = MakeValues<T>(n, seed + 2);
        for (ptrdiff_t sc : InStrides())
          for (ptrdiff_t sa : InStrides())
            for (ptrdiff_t sb : InStrides()) {
              const StridedArray<uint8_t> c(bits, sc);
              const StridedArray<T> a(va, sa), b(vb, sb);
              for (ptrdiff_t so : OutStrides()) {
                StridedArray<T> got(n, so), want(n, so);
                fn(c.base(), sc, a.base(), sa, b.base(), sb, got.base(), so, n);
                ref(c.base(), sc, a.base(), sa, b.base(), sb, want.base(), so, n);
                std::vector<T> oracle(n);
                for (size_t i = 0; i < n; ++i) oracle[i] = c.Get(i) ? a.Get(i) : b.Get(i);
                const std::vector<T> g = got.Gather(), w = want.Gather();
                ASSERT_TRUE(got.OnlyPatternWritten()) << "where_" << DtypeName(dt) << " n=" << n << " so=" << so;
                // Selection copies the bits (NaN payloads, -0.0) exactly.
                for (size_t i = 0; i < n; ++i)
                  ASSERT_EQ(BitsOf(g[i]), BitsOf(oracle[i]))
                      << "where_" << DtypeName(dt) << " n=" << n << " strides c=" << sc << " a=" << sa
                      << " b=" << sb << " out=" << so << " at [" << i << "]";
                ASSERT_TRUE(BitEqual(g.data(), w.data(), n)) << "vs scalar";
              }
            }
      }
    });
  }
}

// ---------------------------------------------------------------------------
// Unary
// ---------------------------------------------------------------------------

std::string UnaryLabel(int op, int dt) { return std::string(UnaryName(op)) + "_" + DtypeName(dt); }

// Mixed values with every special spread through the vector body and tail.
template <typename T>
std::vector<T> UnaryInputs(size_t n, uint64_t seed) {
  std::vector<T> v = PooledValues<T>(n, seed);
  if constexpr (!kIsBool<T>) {
    const std::vector<T> specials = OperandSpecials<T>();
    for (size_t k = 0; k < specials.size() && k < n; ++k) v[(seed + 5 * k) % n] = specials[k];
  }
  return v;
}

TEST_P(ElementwiseTest, UnaryVsScalar) {
  for (int op = 0; op < CP_NUM_UNARY; ++op)
    for (int dt : kAllDtypes) {
      cp_unary_fn fn = isa_.unary[op][dt], ref = ref_.unary[op][dt];
      if (fn == nullptr || ref == nullptr) continue;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        for (size_t n : TailLengths())
          for (size_t misalign : {0, 1}) {
            if (SkipMisaligned(n, misalign)) continue;
            SCOPED_TRACE(testing::Message() << UnaryLabel(op, dt) << " n=" << n << " misalign=" << misalign);
            GuardedBuffer in = Place(UnaryInputs<T>(n, SeedOf({40, (uint64_t)op, (uint64_t)dt, n, misalign})), misalign);
            GuardedBuffer got(sizeof(T), n, misalign), want(sizeof(T), n, misalign);
            fn(in.data(), got.data(), n);
            ref(in.data(), want.data(), n);
            EXPECT_TRUE(got.GuardsIntact());
            EXPECT_TRUE(AgreeWithin(got.as<T>(), want.as<T>(), n, CrossIsaUlps(op, dt), in.as<T>()));
          }
      });
    }
}

template <typename T>
::testing::AssertionResult UnaryMatchesOracleOn(int op, const std::vector<T>& in, const std::vector<T>& got) {
  for (size_t i = 0; i < in.size(); ++i) {
    uint64_t ulps = 0;
    const T want = OracleUnary(op, in[i], &ulps);
    if (!Agrees(got[i], want, ulps))
      return ::testing::AssertionFailure() << UnaryName(op) << "(" << Show(in[i]) << ") = " << Show(got[i])
                                           << ", want " << Show(want) << (ulps ? " (within " : "")
                                           << (ulps ? std::to_string(ulps) + " ulp)" : "") << " at [" << i << "]";
  }
  return ::testing::AssertionSuccess();
}

TEST_P(ElementwiseTest, UnaryMatchesOracleAndWorksInPlace) {
  for (int op = 0; op < CP_NUM_UNARY; ++op)
    for (int dt : kAllDtypes) {
      cp_unary_fn fn = isa_.unary[op][dt];
      if (fn == nullptr) continue;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        for (size_t n : {1, 33, 1023}) {
          const std::vector<T> in = UnaryInputs<T>(n, SeedOf({41, (uint64_t)op, (uint64_t)dt, n}));
          std::vector<T> out(n);
          fn(in.data(), out.data(), n);
          EXPECT_TRUE(UnaryMatchesOracleOn(op, in, out)) << UnaryLabel(op, dt) << " n=" << n;
          std::vector<T> in_place = in;
          fn(in_place.data(), in_place.data(), n);
          EXPECT_TRUE(BitEqual(in_place.data(), out.data(), n)) << UnaryLabel(op, dt) << " in place, n=" << n;
        }
      });
    }
}

// Explicit (input, expected) cases, tiled to reach the vector body and tail.
template <typename T>
void ExpectUnary(const cp_kernel_table& t, int op, int dt, const std::vector<T>& in, const std::vector<T>& expected,
                 uint64_t ulps = 0) {
  cp_unary_fn fn = t.unary[op][dt];
  ASSERT_NE(fn, nullptr) << UnaryLabel(op, dt);
  const size_t n = 8 * in.size() + 3;
  std::vector<T> a(n), out(n);
  for (size_t i = 0; i < n; ++i) a[i] = in[i % in.size()];
  fn(a.data(), out.data(), n);
  for (size_t i = 0; i < n; ++i)
    ASSERT_TRUE(Agrees(out[i], expected[i % in.size()], ulps))
        << UnaryLabel(op, dt) << "(" << Show(a[i]) << ") = " << Show(out[i]) << ", want "
        << Show(expected[i % in.size()]) << " at [" << i << "]";
}

TEST_P(ElementwiseTest, UnaryIntegerAndBoolSemantics) {
  typedef std::numeric_limits<int32_t> L32;
  typedef std::numeric_limits<int64_t> L64;
  ExpectUnary<int32_t>(isa_, CP_UN_ABS, CP_DT_I32, {L32::min(), -5, 0, L32::max()}, {L32::min(), 5, 0, L32::max()});
  ExpectUnary<int64_t>(isa_, CP_UN_ABS, CP_DT_I64, {L64::min(), -5, 0}, {L64::min(), 5, 0});
  ExpectUnary<int32_t>(isa_, CP_UN_SIGN, CP_DT_I32, {L32::min(), -5, 0, 7, L32::max()}, {-1, -1, 0, 1, 1});
  ExpectUnary<int64_t>(isa_, CP_UN_SIGN, CP_DT_I64, {L64::min(), 0, L64::max()}, {-1, 0, 1});
  ExpectUnary<int32_t>(isa_, CP_UN_SQUARE, CP_DT_I32, {46341, -3, 65536, L32::min()}, {-2147479015, 9, 0, 0});
  ExpectUnary<int64_t>(isa_, CP_UN_SQUARE, CP_DT_I64, {int64_t(1) << 32, -3}, {0, 9});
  ExpectUnary<int32_t>(isa_, CP_UN_RELU, CP_DT_I32, {L32::min(), -1, 0, 9}, {0, 0, 0, 9});
  ExpectUnary<int32_t>(isa_, CP_UN_INVERT, CP_DT_I32, {0, -1, L32::min(), 5}, {-1, 0, L32::max(), -6});
  ExpectUnary<int64_t>(isa_, CP_UN_INVERT, CP_DT_I64, {0, L64::max()}, {-1, L64::min()});
  ExpectUnary<uint8_t>(isa_, CP_UN_INVERT, CP_DT_BOOL, {0, 1}, {1, 0});  // logical not, not ~x
  for (int op : {CP_UN_NEG, CP_UN_SIGN, CP_UN_SQRT, CP_UN_EXP})
    EXPECT_EQ(isa_.unary[op][CP_DT_BOOL], nullptr) << UnaryName(op) << "_bool";
  for (int op : {CP_UN_FLOOR, CP_UN_SQRT, CP_UN_SIN})
    EXPECT_EQ(isa_.unary[op][CP_DT_I32], nullptr) << UnaryName(op) << "_i32";
  EXPECT_EQ(isa_.unary[CP_UN_INVERT][CP_DT_F32], nullptr);
}

template <typename T>
void ExpectFloatUnarySemantics(const cp_kernel_table& t, int dt) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const T z = T(0), nz = -T(0), tiny = std::numeric_limits<T>::denorm_min();
  ExpectUnary<T>(t, CP_UN_ABS, dt, {nz, -inf, -tiny, T(-2.5), nan}, {z, inf, tiny, T(2.5), nan});
  ExpectUnary<T>(t, CP_UN_SIGN, dt, {nan, nz, z, -inf, inf, -tiny, tiny, T(-3)}, {nan, z, z, -1, 1, -1, 1, -1});
  ExpectUnary<T>(t, CP_UN_RELU, dt, {nan, nz, -inf, inf, -tiny, tiny, T(-3)}, {nan, z, z, inf, z, tiny, z});
  ExpectUnary<T>(t, CP_UN_SQUARE, dt, {nz, -inf, T(-3), std::numeric_limits<T>::max(), nan}, {z, inf, 9, inf, nan});
  // Round half to even, keeping the sign of zero.
  ExpectUnary<T>(t, CP_UN_RINT, dt, {T(2.5), T(-0.5), T(0.5), T(1.5), T(-2.5), T(3.5), T(-0.4), nz, T(0.49999997), inf, nan},
                 {2, nz, z, 2, -2, 4, nz, nz, z, inf, nan});
  ExpectUnary<T>(t, CP_UN_FLOOR, dt, {T(-0.5), nz, T(2.7), T(-2.7), -inf}, {-1, nz, 2, -3, -inf});
  ExpectUnary<T>(t, CP_UN_CEIL, dt, {T(-0.5), nz, T(2.2), T(-2.7), inf}, {nz, nz, 3, -2, inf});
  ExpectUnary<T>(t, CP_UN_TRUNC, dt, {T(-0.7), T(2.7), T(-2.7), nan}, {nz, 2, -2, nan});
  ExpectUnary<T>(t, CP_UN_SQRT, dt, {nz, T(-1), inf, T(4), -inf, nan, z}, {nz, nan, inf, 2, nan, nan, z});
  ExpectUnary<T>(t, CP_UN_NEG, dt, {z, nz, inf}, {nz, z, -inf});
  // The transcendental functions' special values (allowed the cross-ISA ulps).
  const uint64_t u = dt == CP_DT_F32 ? kTranscendentalUlpsF32 : kTranscendentalUlpsF64;
  ExpectUnary<T>(t, CP_UN_EXP, dt, {z, -inf, inf, nan, T(1000), T(-1000)}, {1, z, inf, nan, inf, z}, u);
  ExpectUnary<T>(t, CP_UN_EXPM1, dt, {z, -inf, inf, nan, T(1000)}, {z, -1, inf, nan, inf}, u);
  ExpectUnary<T>(t, CP_UN_LOG, dt, {1, z, nz, T(-1), inf, nan, -inf}, {z, -inf, -inf, nan, inf, nan, nan}, u);
  ExpectUnary<T>(t, CP_UN_LOG1P, dt, {z, T(-1), T(-2), inf, nan}, {z, -inf, nan, inf, nan}, u);
  ExpectUnary<T>(t, CP_UN_LOG2, dt, {1, T(8), z, T(-1), inf, T(0.25)}, {z, 3, -inf, nan, inf, -2}, u);
  ExpectUnary<T>(t, CP_UN_LOG10, dt, {1, T(1000), z, T(-1), inf}, {z, 3, -inf, nan, inf}, u);
  ExpectUnary<T>(t, CP_UN_SIN, dt, {z, inf, -inf, nan}, {z, nan, nan, nan}, u);
  ExpectUnary<T>(t, CP_UN_COS, dt, {z, inf, -inf, nan}, {1, nan, nan, nan}, u);
  ExpectUnary<T>(t, CP_UN_TAN, dt, {z, inf, nan}, {z, nan, nan}, u);
  ExpectUnary<T>(t, CP_UN_TANH, dt, {z, inf, -inf, nan, T(50), T(-50)}, {z, 1, -1, nan, 1, -1}, u);
  ExpectUnary<T>(t, CP_UN_SIGMOID, dt, {z, inf, -inf, nan, T(1000), T(-1000), T(-100)},
                 {T(0.5), 1, z, nan, 1, z, T(1.0L / (1.0L + std::exp(100.0L)))}, u);
}

TEST_P(ElementwiseTest, UnaryFloatSemantics) {
  ExpectFloatUnarySemantics<float>(isa_, CP_DT_F32);
  ExpectFloatUnarySemantics<double>(isa_, CP_DT_F64);
}

// The 8- and 16-bit dtypes wrap at their own width (values from NumPy), and
// uint8 is unsigned: 255 > 0 (a kernel that treats it as bool or int8 fails).
TEST_P(ElementwiseTest, SmallIntegerDtypesWrapAtTheirWidth) {
  ExpectBinaryOnPairs<int8_t>(isa_, CP_BIN_ADD, CP_DT_I8, {{127, 1}, {-128, -1}}, {-128, 127});
  ExpectBinaryOnPairs<int8_t>(isa_, CP_BIN_MUL, CP_DT_I8, {{16, 16}, {-128, -1}, {-3, 7}}, {0, -128, -21});
  ExpectBinaryOnPairs<int16_t>(isa_, CP_BIN_ADD, CP_DT_I16, {{32767, 1}}, {-32768});
  ExpectBinaryOnPairs<int16_t>(isa_, CP_BIN_MUL, CP_DT_I16, {{200, 200}, {-32768, -1}}, {-25536, -32768});
  ExpectBinaryOnPairs<int16_t>(isa_, CP_BIN_SUB, CP_DT_I16, {{-32768, 1}}, {32767});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_ADD, CP_DT_U8, {{255, 1}, {200, 100}}, {0, 44});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_SUB, CP_DT_U8, {{0, 1}, {5, 7}}, {255, 254});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MUL, CP_DT_U8, {{16, 16}, {200, 2}}, {0, 144});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MAXIMUM, CP_DT_U8, {{255, 0}, {128, 127}}, {255, 128});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_MINIMUM, CP_DT_U8, {{255, 0}, {128, 127}}, {0, 127});
  ExpectBinaryOnPairs<int8_t>(isa_, CP_BIN_MAXIMUM, CP_DT_I8, {{-128, 127}, {-1, 0}}, {127, 0});
  ExpectBinaryOnPairs<int8_t>(isa_, CP_BIN_MINIMUM, CP_DT_I8, {{-128, 127}, {-1, 0}}, {-128, -1});
  ExpectBinaryOnPairs<int8_t>(isa_, CP_BIN_POW, CP_DT_I8, {{3, 5}, {2, 7}, {-1, 127}, {2, 8}, {5, 0}}, {-13, -128, -1, 0, 1});
  ExpectBinaryOnPairs<int16_t>(isa_, CP_BIN_POW, CP_DT_I16, {{3, 11}, {2, 15}, {-2, 15}}, {-19461, -32768, -32768});
  ExpectBinaryOnPairs<uint8_t>(isa_, CP_BIN_POW, CP_DT_U8, {{3, 5}, {2, 8}, {2, 7}, {255, 255}, {0, 0}}, {243, 0, 128, 255, 1});
  //                                          eq ne lt le gt ge
  ExpectCompareOnPairs<uint8_t>(isa_, CP_DT_U8, {{0, 255}, {128, 127}}, {{0, 1, 1, 1, 0, 0}, {0, 1, 0, 0, 1, 1}});
  ExpectCompareOnPairs<int8_t>(isa_, CP_DT_I8, {{-128, 127}, {-1, 1}}, {{0, 1, 1, 1, 0, 0}, {0, 1, 1, 1, 0, 0}});
  ExpectCompareOnPairs<int16_t>(isa_, CP_DT_I16, {{-32768, 32767}, {256, 0}}, {{0, 1, 1, 1, 0, 0}, {0, 1, 0, 0, 1, 1}});
  ExpectUnary<uint8_t>(isa_, CP_UN_NEG, CP_DT_U8, {1, 0, 255}, {255, 0, 1});
  ExpectUnary<uint8_t>(isa_, CP_UN_ABS, CP_DT_U8, {200, 0}, {200, 0});
  ExpectUnary<uint8_t>(isa_, CP_UN_SIGN, CP_DT_U8, {0, 200, 1}, {0, 1, 1});
  ExpectUnary<uint8_t>(isa_, CP_UN_RELU, CP_DT_U8, {200, 0}, {200, 0});
  ExpectUnary<uint8_t>(isa_, CP_UN_INVERT, CP_DT_U8, {0, 5, 255}, {255, 250, 0});  // ~x, not logical not
  ExpectUnary<uint8_t>(isa_, CP_UN_SQUARE, CP_DT_U8, {16, 15}, {0, 225});
  ExpectUnary<int8_t>(isa_, CP_UN_ABS, CP_DT_I8, {-128, -5}, {-128, 5});
  ExpectUnary<int8_t>(isa_, CP_UN_NEG, CP_DT_I8, {-128, 127}, {-128, -127});
  ExpectUnary<int8_t>(isa_, CP_UN_SIGN, CP_DT_I8, {-128, 0, 5}, {-1, 0, 1});
  ExpectUnary<int8_t>(isa_, CP_UN_SQUARE, CP_DT_I8, {16, -12}, {0, -112});
  ExpectUnary<int8_t>(isa_, CP_UN_INVERT, CP_DT_I8, {0, -1, 127}, {-1, 0, -128});
  ExpectUnary<int8_t>(isa_, CP_UN_RELU, CP_DT_I8, {-128, 7}, {0, 7});
  ExpectUnary<int16_t>(isa_, CP_UN_SQUARE, CP_DT_I16, {200, -182}, {-25536, 33124 - 65536});
  ExpectUnary<int16_t>(isa_, CP_UN_ABS, CP_DT_I16, {-32768, -300}, {-32768, 300});
}

// ---------------------------------------------------------------------------
// Predicates (bool output; strided only)
// ---------------------------------------------------------------------------

TEST_P(ElementwiseTest, PredicatesMatchScalarAndOracle) {
  for (int op = 0; op < CP_NUM_PREDICATE; ++op)
    for (int dt : kAllDtypes) {
      cp_unary_strided_fn fn = isa_.predicate_strided[op][dt], ref = ref_.predicate_strided[op][dt];
      if (fn == nullptr || ref == nullptr) continue;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        for (size_t n : TailLengths())
          for (size_t misalign : {0, 1}) {
            if (SkipMisaligned(n, misalign)) continue;
            SCOPED_TRACE(testing::Message() << PredicateName(op) << "_" << DtypeName(dt) << " n=" << n
                                            << " misalign=" << misalign);
            const std::vector<T> values = UnaryInputs<T>(n, SeedOf({42, (uint64_t)op, (uint64_t)dt, n, misalign}));
            GuardedBuffer in = Place(values, misalign);
            GuardedBuffer got(1, n, misalign), want(1, n, misalign);
            fn(in.data(), 1, got.data(), 1, n);
            ref(in.data(), 1, want.data(), 1, n);
            EXPECT_TRUE(got.GuardsIntact());
            EXPECT_TRUE(BitEqual(got.as<uint8_t>(), want.as<uint8_t>(), n));
            for (size_t i = 0; i < n; ++i)
              ASSERT_EQ(got.as<uint8_t>()[i], OraclePredicate(op, values[i]))
                  << PredicateName(op) << "(" << Show(values[i]) << ") at [" << i << "]";
          }
      });
    }
  for (int op : {CP_PRED_ISNAN, CP_PRED_ISINF, CP_PRED_ISFINITE})
    for (int dt : kAllDtypes)
      if (dt != CP_DT_F32 && dt != CP_DT_F64) EXPECT_EQ(isa_.predicate_strided[op][dt], nullptr) << PredicateName(op) << "_" << DtypeName(dt);
}

TEST_P(ElementwiseTest, PredicateSpecialValues) {
  for (int dt : {CP_DT_F32, CP_DT_F64})
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
      const std::vector<T> in = {nan, -nan, inf, -inf, T(0), -T(0), std::numeric_limits<T>::denorm_min(),
                                 std::numeric_limits<T>::max(), T(-1)};
      const uint8_t want[CP_NUM_PREDICATE][9] = {
          {1, 1, 0, 0, 0, 0, 0, 0, 0},   // isnan
          {0, 0, 1, 1, 0, 0, 0, 0, 0},   // isinf
          {0, 0, 0, 0, 1, 1, 1, 1, 1},   // isfinite
          {0, 0, 0, 0, 1, 1, 0, 0, 0}};  // logical_not: NaN is true-ish (non-zero)
      for (int op = 0; op < CP_NUM_PREDICATE; ++op) {
        ASSERT_NE(isa_.predicate_strided[op][dt], nullptr) << PredicateName(op) << "_" << DtypeName(dt);
        std::vector<uint8_t> out(in.size(), 0xEE);
        isa_.predicate_strided[op][dt](in.data(), 1, out.data(), 1, in.size());
        for (size_t i = 0; i < in.size(); ++i)
          EXPECT_EQ(out[i], want[op][i]) << PredicateName(op) << "_" << DtypeName(dt) << "(" << Show(in[i]) << ")";
      }
    });
  typedef std::numeric_limits<int64_t> L64;
  const std::vector<int64_t> ints = {0, 1, -1, L64::min(), int64_t(1) << 32};
  std::vector<uint8_t> out(ints.size());
  ASSERT_NE(isa_.predicate_strided[CP_PRED_LOGICAL_NOT][CP_DT_I64], nullptr);
  ASSERT_NE(isa_.predicate_strided[CP_PRED_LOGICAL_NOT][CP_DT_BOOL], nullptr);
  isa_.predicate_strided[CP_PRED_LOGICAL_NOT][CP_DT_I64](ints.data(), 1, out.data(), 1, ints.size());
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 0, 0, 0, 0}));
  const std::vector<uint8_t> bools = {0, 1};
  std::vector<uint8_t> bout(2);
  isa_.predicate_strided[CP_PRED_LOGICAL_NOT][CP_DT_BOOL](bools.data(), 1, bout.data(), 1, 2);
  EXPECT_EQ(bout, (std::vector<uint8_t>{1, 0}));
}

// ---------------------------------------------------------------------------
// Neg edge cases
// ---------------------------------------------------------------------------

TEST_P(ElementwiseTest, NegOfIntMinWraps) {
  ASSERT_NE(isa_.unary[CP_UN_NEG][CP_DT_I32], nullptr);
  ASSERT_NE(isa_.unary[CP_UN_NEG][CP_DT_I64], nullptr);
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
  ASSERT_NE(isa_.unary[CP_UN_NEG][CP_DT_F32], nullptr);
  ASSERT_NE(isa_.unary[CP_UN_NEG][CP_DT_F64], nullptr);
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
// Strided kernels: positive, zero (broadcast) and negative strides against
// the contiguous kernels on the gathered operands
// ---------------------------------------------------------------------------

std::string StrideLabel(size_t n, ptrdiff_t sa, ptrdiff_t sb, ptrdiff_t so) {
  std::ostringstream s;
  s << " n=" << n << " strides a=" << sa << " b=" << sb << " out=" << so;
  return s.str();
}

// binary_strided / compare_strided vs the contiguous vv kernel of the same
// table. R is the output type (T, or uint8_t for comparisons).
template <typename T, typename R>
void ExpectTwoInputStridedMatchesContiguous(cp_binary_strided_fn strided, cp_binary_fn contiguous,
                                            const std::string& label, uint64_t seed_base) {
  for (size_t n : StridedLengths()) {
    const std::vector<T> va = UnaryInputs<T>(n, SeedOf({seed_base, n})), vb = UnaryInputs<T>(n, SeedOf({seed_base, n, 1}));
    for (ptrdiff_t sa : InStrides())
      for (ptrdiff_t sb : InStrides()) {
        const StridedArray<T> a(va, sa), b(vb, sb);
        for (ptrdiff_t so : OutStrides()) {
          StridedArray<R> out(n, so);
          strided(a.base(), sa, b.base(), sb, out.base(), so, n);
          const std::vector<T> ga = a.Gather(), gb = b.Gather();
          std::vector<R> want(n);
          contiguous(ga.data(), gb.data(), want.data(), n);
          ASSERT_TRUE(out.OnlyPatternWritten()) << label << StrideLabel(n, sa, sb, so) << ": wrote off its pattern";
          const std::vector<R> got = out.Gather();
          ASSERT_TRUE(BitEqual(got.data(), want.data(), n)) << label << StrideLabel(n, sa, sb, so);
        }
      }
  }
}

TEST_P(ElementwiseTest, BinaryStridedMatchesContiguous) {
  int checked = 0;
  for (int op = 0; op < CP_NUM_BINARY; ++op)
    for (int dt : kAllDtypes) {
      cp_binary_strided_fn fn = isa_.binary_strided[op][dt];
      if (fn == nullptr) continue;
      ASSERT_NE(isa_.binary[op][dt][CP_MODE_VV], nullptr);
      ++checked;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        ExpectTwoInputStridedMatchesContiguous<T, T>(fn, isa_.binary[op][dt][CP_MODE_VV],
                                                     std::string("binary_strided_") + BinaryName(op) + "_" + DtypeName(dt),
                                                     50 + op * 8 + dt);
      });
    }
  EXPECT_GT(checked, 40);
}

TEST_P(ElementwiseTest, CompareStridedMatchesContiguous) {
  for (int op = 0; op < CP_NUM_COMPARE; ++op)
    for (int dt : kAllDtypes) {
      cp_binary_strided_fn fn = isa_.compare_strided[op][dt];
      ASSERT_NE(fn, nullptr) << "compare_strided_" << CompareName(op) << "_" << DtypeName(dt);
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        ExpectTwoInputStridedMatchesContiguous<T, uint8_t>(
            fn, isa_.compare[op][dt][CP_MODE_VV],
            std::string("compare_strided_") + CompareName(op) + "_" + DtypeName(dt), 150 + op * 8 + dt);
      });
    }
}

// The vs / sv kernels are the stride-0 cases of the strided kernel.
TEST_P(ElementwiseTest, BroadcastModesMatchStrideZero) {
  for (int op = 0; op < CP_NUM_BINARY; ++op)
    for (int dt : kAllDtypes) {
      if (!isa_.binary_strided[op][dt] || !isa_.binary[op][dt][CP_MODE_VS] || !isa_.binary[op][dt][CP_MODE_SV]) continue;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        const size_t n = 67;
        const std::vector<T> a = UnaryInputs<T>(n, SeedOf({55, (uint64_t)op, (uint64_t)dt}));
        const std::vector<T> b = UnaryInputs<T>(n, SeedOf({56, (uint64_t)op, (uint64_t)dt}));
        std::vector<T> vs(n), sv(n), s_vs(n), s_sv(n);
        isa_.binary[op][dt][CP_MODE_VS](a.data(), &b[5], vs.data(), n);
        isa_.binary[op][dt][CP_MODE_SV](&a[7], b.data(), sv.data(), n);
        isa_.binary_strided[op][dt](a.data(), 1, &b[5], 0, s_vs.data(), 1, n);
        isa_.binary_strided[op][dt](&a[7], 0, b.data(), 1, s_sv.data(), 1, n);
        EXPECT_TRUE(BitEqual(s_vs.data(), vs.data(), n)) << BinaryLabel(op, dt, CP_MODE_VS);
        EXPECT_TRUE(BitEqual(s_sv.data(), sv.data(), n)) << BinaryLabel(op, dt, CP_MODE_SV);
      });
    }
}

// unary_strided / predicate_strided / cast_strided: one input.
template <typename T, typename R, typename Contiguous>
void ExpectOneInputStridedMatches(cp_unary_strided_fn strided, Contiguous&& contiguous, const std::string& label,
                                  uint64_t seed_base, uint64_t ulps) {
  for (size_t n : StridedLengths()) {
    const std::vector<T> va = UnaryInputs<T>(n, SeedOf({seed_base, n}));
    for (ptrdiff_t sa : InStrides()) {
      const StridedArray<T> a(va, sa);
      for (ptrdiff_t so : OutStrides()) {
        StridedArray<R> out(n, so);
        strided(a.base(), sa, out.base(), so, n);
        const std::vector<T> ga = a.Gather();
        std::vector<R> want(n);
        contiguous(ga, &want);
        ASSERT_TRUE(out.OnlyPatternWritten()) << label << StrideLabel(n, sa, 0, so) << ": wrote off its pattern";
        const std::vector<R> got = out.Gather();
        ASSERT_TRUE(AgreeWithin(got.data(), want.data(), n, ulps)) << label << StrideLabel(n, sa, 0, so);
      }
    }
  }
}

TEST_P(ElementwiseTest, UnaryStridedMatchesContiguous) {
  for (int op = 0; op < CP_NUM_UNARY; ++op)
    for (int dt : kAllDtypes) {
      cp_unary_strided_fn fn = isa_.unary_strided[op][dt];
      EXPECT_EQ(fn == nullptr, isa_.unary[op][dt] == nullptr) << UnaryLabel(op, dt);
      if (fn == nullptr || isa_.unary[op][dt] == nullptr) continue;
      cp_unary_fn contiguous = isa_.unary[op][dt];
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        // The strided loop and the (vectorized) contiguous one may use
        // different code for a transcendental function: the cross-ISA ulps.
        ExpectOneInputStridedMatches<T, T>(
            fn, [&](const std::vector<T>& in, std::vector<T>* out) { contiguous(in.data(), out->data(), in.size()); },
            "unary_strided_" + UnaryLabel(op, dt), 250 + op * 8 + dt, CrossIsaUlps(op, dt));
      });
    }
}

TEST_P(ElementwiseTest, PredicateStridedMatchesOracle) {
  for (int op = 0; op < CP_NUM_PREDICATE; ++op)
    for (int dt : kAllDtypes) {
      cp_unary_strided_fn fn = isa_.predicate_strided[op][dt];
      if (fn == nullptr) continue;
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        ExpectOneInputStridedMatches<T, uint8_t>(
            fn,
            [&](const std::vector<T>& in, std::vector<uint8_t>* out) {
              for (size_t i = 0; i < in.size(); ++i) (*out)[i] = OraclePredicate(op, in[i]);
            },
            std::string("predicate_strided_") + PredicateName(op) + "_" + DtypeName(dt), 350 + op * 8 + dt, 0);
      });
    }
}

TEST_P(ElementwiseTest, CastStridedMatchesContiguous) {
  for (int from : kAllDtypes)
    for (int to : kAllDtypes) {
      cp_unary_strided_fn fn = isa_.cast_strided[from][to];
      ASSERT_NE(fn, nullptr) << "cast_strided " << DtypeName(from) << "->" << DtypeName(to);
      cp_unary_fn contiguous = isa_.cast[from][to];
      ASSERT_NE(contiguous, nullptr) << "cast " << DtypeName(from) << "->" << DtypeName(to);
      VisitDtype(from, [&](auto from_tag) {
        typedef typename decltype(from_tag)::type F;
        VisitDtype(to, [&](auto to_tag) {
          typedef typename decltype(to_tag)::type T;
          ExpectOneInputStridedMatches<F, T>(
              fn, [&](const std::vector<F>& in, std::vector<T>* out) { contiguous(in.data(), out->data(), in.size()); },
              std::string("cast_strided ") + DtypeName(from) + "->" + DtypeName(to), 450 + from * 8 + to, 0);
        });
      });
    }
}

// Updating a strided view in place: out aliases an input with the same
// stride (a[::-2] = f(a[::-2])), as Rust's in-place ops do.
TEST_P(ElementwiseTest, StridedInPlace) {
  const size_t n = 33;
  for (ptrdiff_t s : {ptrdiff_t(1), ptrdiff_t(-2), ptrdiff_t(3)})
    for (int dt : kAllDtypes)
      VisitDtype(dt, [&](auto tag) {
        typedef typename decltype(tag)::type T;
        const std::vector<T> a = UnaryInputs<T>(n, SeedOf({57, (uint64_t)dt})), b = UnaryInputs<T>(n, SeedOf({58, (uint64_t)dt}));
        for (int op = 0; op < CP_NUM_BINARY; ++op) {
          cp_binary_strided_fn fn = isa_.binary_strided[op][dt];
          if (!fn || !isa_.binary[op][dt][CP_MODE_VV]) continue;
          StridedArray<T> x(a, s);
          const StridedArray<T> y(b, s);
          std::vector<T> want(n);
          isa_.binary[op][dt][CP_MODE_VV](a.data(), b.data(), want.data(), n);
          fn(x.base(), s, y.base(), s, x.base(), s, n);
          const std::vector<T> got = x.Gather();
          EXPECT_TRUE(BitEqual(got.data(), want.data(), n)) << "binary_strided_" << BinaryName(op) << "_" << DtypeName(dt) << " stride " << s;
        }
        for (int op = 0; op < CP_NUM_UNARY; ++op) {
          cp_unary_strided_fn fn = isa_.unary_strided[op][dt];
          if (!fn || !isa_.unary[op][dt]) continue;
          StridedArray<T> x(a, s);
          std::vector<T> want(n);
          isa_.unary[op][dt](a.data(), want.data(), n);
          fn(x.base(), s, x.base(), s, n);
          const std::vector<T> got = x.Gather();
          EXPECT_TRUE(AgreeWithin(got.data(), want.data(), n, CrossIsaUlps(op, dt)))
              << "unary_strided_" << UnaryLabel(op, dt) << " stride " << s;
        }
        cp_where_fn where = isa_.where[dt];
        ASSERT_NE(where, nullptr) << "where_" << DtypeName(dt);
        const StridedArray<uint8_t> c(BoolBytes(n, SeedOf({59, (uint64_t)dt})), s);
        StridedArray<T> x(a, s);
        const StridedArray<T> y(b, s);
        where(c.base(), s, x.base(), s, y.base(), s, x.base(), s, n);
        for (size_t i = 0; i < n; ++i)
          ASSERT_TRUE(SameBits(x.Get(i), c.Get(i) ? a[i] : b[i])) << "where_" << DtypeName(dt) << " in place at " << i;
      });
}

// Strided kernels against the scalar table's strided kernels directly, on
// one mixed stride pattern (the contiguous comparisons above are per ISA).
TEST_P(ElementwiseTest, StridedKernelsVsScalar) {
  // Only a comparison with the scalar table (no guards, no oracle): for the
  // scalar table itself it would compare the table with itself.
  if (IsScalar()) GTEST_SKIP() << "the scalar table is the reference this test compares the other ISAs with";
  const size_t n = 67;
  const ptrdiff_t sa = -3, sb = 2, so = -2;
  for (int dt : kAllDtypes)
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      const StridedArray<T> a(UnaryInputs<T>(n, SeedOf({60, (uint64_t)dt})), sa);
      const StridedArray<T> b(UnaryInputs<T>(n, SeedOf({61, (uint64_t)dt})), sb);
      for (int op = 0; op < CP_NUM_BINARY; ++op) {
        if (!isa_.binary_strided[op][dt]) continue;
        StridedArray<T> got(n, so), want(n, so);
        isa_.binary_strided[op][dt](a.base(), sa, b.base(), sb, got.base(), so, n);
        ref_.binary_strided[op][dt](a.base(), sa, b.base(), sb, want.base(), so, n);
        EXPECT_TRUE(BitEqual(got.Gather().data(), want.Gather().data(), n)) << "binary_strided_" << BinaryName(op);
      }
      for (int op = 0; op < CP_NUM_COMPARE; ++op) {
        if (!isa_.compare_strided[op][dt]) continue;  // presence: kernel_table_test
        StridedArray<uint8_t> got(n, so), want(n, so);
        isa_.compare_strided[op][dt](a.base(), sa, b.base(), sb, got.base(), so, n);
        ref_.compare_strided[op][dt](a.base(), sa, b.base(), sb, want.base(), so, n);
        EXPECT_TRUE(BitEqual(got.Gather().data(), want.Gather().data(), n)) << "compare_strided_" << CompareName(op);
      }
      for (int op = 0; op < CP_NUM_UNARY; ++op) {
        if (!isa_.unary_strided[op][dt]) continue;
        StridedArray<T> got(n, so), want(n, so);
        isa_.unary_strided[op][dt](a.base(), sa, got.base(), so, n);
        ref_.unary_strided[op][dt](a.base(), sa, want.base(), so, n);
        EXPECT_TRUE(AgreeWithin(got.Gather().data(), want.Gather().data(), n, CrossIsaUlps(op, dt)))
            << "unary_strided_" << UnaryLabel(op, dt);
      }
      for (int op = 0; op < CP_NUM_PREDICATE; ++op) {
        if (!isa_.predicate_strided[op][dt]) continue;
        StridedArray<uint8_t> got(n, so), want(n, so);
        isa_.predicate_strided[op][dt](a.base(), sa, got.base(), so, n);
        ref_.predicate_strided[op][dt](a.base(), sa, want.base(), so, n);
        EXPECT_TRUE(BitEqual(got.Gather().data(), want.Gather().data(), n)) << "predicate_strided_" << PredicateName(op);
      }
      for (int to : kAllDtypes)
        VisitDtype(to, [&](auto to_tag) {
          typedef typename decltype(to_tag)::type R;
          if (!isa_.cast_strided[dt][to]) return;
          StridedArray<R> got(n, so), want(n, so);
          isa_.cast_strided[dt][to](a.base(), sa, got.base(), so, n);
          ref_.cast_strided[dt][to](a.base(), sa, want.base(), so, n);
          EXPECT_TRUE(BitEqual(got.Gather().data(), want.Gather().data(), n)) << "cast_strided to " << DtypeName(to);
        });
    });
}

// ---------------------------------------------------------------------------
// Casts
// ---------------------------------------------------------------------------

// Values of the source dtype for casts: the usual mix plus every special.
template <typename T>
std::vector<T> CastInputs(size_t n, uint64_t seed) {
  std::vector<T> v = PooledValues<T>(n, seed);
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
            if (SkipMisaligned(n, misalign)) continue;
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
  EXPECT_EQ(checked, CP_NUM_DTYPES * CP_NUM_DTYPES);
}

TEST_P(ElementwiseTest, CastsMatchOracle) {
  for (int from : kAllDtypes)
    for (int to : kAllDtypes) {
      if (!isa_.cast[from][to]) {
        ADD_FAILURE() << "no cast " << DtypeName(from) << "->" << DtypeName(to);
        continue;
      }
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
  ASSERT_NE(t.cast[from][to], nullptr) << "cast " << DtypeName(from) << "->" << DtypeName(to);
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

// The 8- and 16-bit dtypes and uint8 vs bool (both one byte): conversions
// between them are not copies. NumPy's values; float -> int out of range,
// which C leaves undefined, is what NumPy gives on x86: the low bits of an
// int32 conversion (200.0 -> int8 is -56, -1.0 -> uint8 is 255, NaN and
// values beyond int32 give 0).
TEST_P(ElementwiseTest, SmallIntegerAndBoolCasts) {
  ExpectCast<uint8_t, int8_t>(isa_, CP_DT_U8, CP_DT_I8, {200, 127, 128, 0}, {-56, 127, -128, 0});
  ExpectCast<int8_t, uint8_t>(isa_, CP_DT_I8, CP_DT_U8, {-1, -128, 5}, {255, 128, 5});
  ExpectCast<int64_t, uint8_t>(isa_, CP_DT_I64, CP_DT_U8, {-1, 256, 257, int64_t(1) << 40}, {255, 0, 1, 0});
  ExpectCast<int32_t, int16_t>(isa_, CP_DT_I32, CP_DT_I16, {70000, -32769, 32767}, {4464, 32767, 32767});
  ExpectCast<uint8_t, int64_t>(isa_, CP_DT_U8, CP_DT_I64, {255, 128}, {255, 128});  // zero extension
  ExpectCast<int8_t, int64_t>(isa_, CP_DT_I8, CP_DT_I64, {-1, -128}, {-1, -128});    // sign extension
  ExpectCast<int16_t, int32_t>(isa_, CP_DT_I16, CP_DT_I32, {-32768, 300}, {-32768, 300});
  ExpectCast<uint8_t, float>(isa_, CP_DT_U8, CP_DT_F32, {255, 0}, {255.f, 0.f});
  ExpectCast<int8_t, double>(isa_, CP_DT_I8, CP_DT_F64, {-128, 127}, {-128.0, 127.0});
  // uint8 -> bool is x != 0; bool -> uint8 is 0 / 1.
  ExpectCast<uint8_t, uint8_t>(isa_, CP_DT_U8, CP_DT_BOOL, {0, 1, 2, 255, 16}, {0, 1, 1, 1, 1});
  ExpectCast<uint8_t, uint8_t>(isa_, CP_DT_BOOL, CP_DT_U8, {0, 1}, {0, 1});
  ExpectCast<uint8_t, uint8_t>(isa_, CP_DT_U8, CP_DT_U8, {0, 2, 255}, {0, 2, 255});
  ExpectCast<int16_t, uint8_t>(isa_, CP_DT_I16, CP_DT_BOOL, {256, 0, -32768, 512}, {1, 0, 1, 1});
  ExpectCast<int8_t, uint8_t>(isa_, CP_DT_I8, CP_DT_BOOL, {-128, 0, 1}, {1, 0, 1});
  const double dnan = std::numeric_limits<double>::quiet_NaN();
  ExpectCast<double, int8_t>(isa_, CP_DT_F64, CP_DT_I8, {127.9, 128.0, -128.9, -129.0, dnan, 2.5, -2.5, 200.0},
                             {127, -128, -128, 127, 0, 2, -2, -56});
  ExpectCast<double, uint8_t>(isa_, CP_DT_F64, CP_DT_U8, {255.5, 256.0, -0.5, -1.0, dnan, 128.7},
                              {255, 0, 0, 255, 0, 128});
  ExpectCast<float, int16_t>(isa_, CP_DT_F32, CP_DT_I16, {32767.f, 32768.f, -32768.5f, -32769.f, 1e10f},
                             {32767, -32768, -32768, 32767, 0});
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
          if (SkipMisaligned(n, misalign)) continue;
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
  for (int dt : kIntDtypes) {
    cp_arange_fn fn = isa_.arange[dt];
    ASSERT_NE(fn, nullptr);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (std::is_integral<T>::value && !kIsBool<T>) {
        typedef uint64_t U;  // the exact value modulo 2^64, then truncated to T
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
  for (int dt : kAllDtypes) {
    if (!isa_.arange[dt]) continue;
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

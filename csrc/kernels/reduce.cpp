// Full reductions over a contiguous run: sum (blocked pairwise, so rounding
// error grows with log n, not n), max and min (NaN propagates, as in NumPy).
// Rust splits large inputs across threads and reduces the partial results
// with the same kernels.
#include <type_traits>

#include "isa.h"
#include "kernel_list.h"

namespace corepy {
namespace {

// Independent accumulators per block: enough to fill the vector units
// (four vectors' worth) in SIMD builds; the scalar reference uses eight.
template <typename Acc>
constexpr int lanes() {
  return CP_VBYTES == 0 ? 8 : 4 * CP_VBYTES / (int)sizeof(Acc);
}
constexpr size_t kSumBlock = 4096;

// Integer sums accumulate in the unsigned type: they wrap like NumPy's
// int64 sums instead of overflowing (undefined behaviour in C++).
template <typename Acc, bool = std::is_integral<Acc>::value>
struct AccumOf { typedef Acc type; };
template <typename Acc>
struct AccumOf<Acc, true> { typedef typename std::make_unsigned<Acc>::type type; };

// L partial sums, one per accumulator lane.
template <typename U, int L>
struct Lanes {
  U v[L];
};

// A block of at most kSumBlock elements summed into the L lanes: lane j
// takes elements j, j + L, j + 2L, ... (the tail too, one element per lane).
template <typename T, typename Acc>
Lanes<typename AccumOf<Acc>::type, lanes<Acc>()> sum_block(const T* a, size_t n) {
  typedef typename AccumOf<Acc>::type U;
  constexpr int L = lanes<Acc>();
  Lanes<U, L> acc;
  for (int j = 0; j < L; ++j) acc.v[j] = U(0);
  size_t i = 0;
  for (; i + L <= n; i += L) {
    for (int j = 0; j < L; ++j) acc.v[j] += (U)(Acc)a[i + j];
  }
  for (int j = 0; i < n; ++i, ++j) acc.v[j] += (U)(Acc)a[i];
  return acc;
}

// Pairwise over blocks, lane by lane: the rounding error grows with log n,
// and the lanes are folded into one value only once, at the end (folding
// them per block cost as much as summing a 1024-element block).
template <typename T, typename Acc>
Lanes<typename AccumOf<Acc>::type, lanes<Acc>()> sum_pairwise_lanes(const T* a, size_t n) {
  if (n <= kSumBlock) return sum_block<T, Acc>(a, n);
  size_t half = (n / 2 / kSumBlock) * kSumBlock;
  if (half == 0) half = kSumBlock;
  auto lo = sum_pairwise_lanes<T, Acc>(a, half);
  const auto hi = sum_pairwise_lanes<T, Acc>(a + half, n - half);
  for (int j = 0; j < lanes<Acc>(); ++j) lo.v[j] += hi.v[j];
  return lo;
}

template <typename T, typename Acc>
typename AccumOf<Acc>::type sum_pairwise(const T* a, size_t n) {
  auto acc = sum_pairwise_lanes<T, Acc>(a, n);
  for (int w = lanes<Acc>() / 2; w > 0; w /= 2) {  // pairwise tree over the lanes
    for (int j = 0; j < w; ++j) acc.v[j] += acc.v[j + w];
  }
  return acc.v[0];
}

// Product: integers wrap (unsigned accumulation), floats multiply in order.
template <typename T, typename Acc>
Acc product(const T* a, size_t n) {
  typedef typename AccumOf<Acc>::type U;
  U acc = U(1);
  for (size_t i = 0; i < n; ++i) acc = (U)(acc * (U)(Acc)a[i]);
  return (Acc)acc;
}

// Selects written so the compiler vectorizes them (no branches, no float
// reductions that need reassociation). For floats a NaN is sticky: once an
// accumulator holds NaN it keeps it, and a NaN input always wins, as NumPy's
// max/min propagate NaN.
struct MaxSel {
  template <typename T> static T pick(T acc, T x) {
    if constexpr (std::is_floating_point<T>::value) return (acc != acc) ? acc : ((x > acc || x != x) ? x : acc);
    else return x > acc ? x : acc;
  }
};
struct MinSel {
  template <typename T> static T pick(T acc, T x) {
    if constexpr (std::is_floating_point<T>::value) return (acc != acc) ? acc : ((x < acc || x != x) ? x : acc);
    else return x < acc ? x : acc;
  }
};

// Plain ordered selects (one vmaxps/vminps each): a NaN input is dropped.
struct MaxPlain { template <typename T> static T pick(T acc, T x) { return x > acc ? x : acc; } };
struct MinPlain { template <typename T> static T pick(T acc, T x) { return x < acc ? x : acc; } };
template <typename Sel> struct PlainOf;
template <> struct PlainOf<MaxSel> { typedef MaxPlain type; };
template <> struct PlainOf<MinSel> { typedef MinPlain type; };

// n >= 1 (Rust rejects empty max/min).
template <typename Sel, typename T>
T extreme(const T* a, size_t n) {
  constexpr int L = lanes<T>();
  T acc[L];
  for (int j = 0; j < L; ++j) acc[j] = a[0];
  size_t i = 0;
  if constexpr (std::is_floating_point<T>::value) {
    // Floats: the running extreme with plain selects, and beside it a
    // sticky per-lane NaN catcher (one unordered compare and one blend):
    // three vector ops per vector of input instead of five.
    typedef typename PlainOf<Sel>::type Plain;
    T nan[L];
    for (int j = 0; j < L; ++j) nan[j] = T(0);
    for (; i + L <= n; i += L) {
      for (int j = 0; j < L; ++j) {
        const T x = a[i + j];
        acc[j] = Plain::pick(acc[j], x);
        nan[j] = x != x ? x : nan[j];
      }
    }
    for (int j = 0; j < L; ++j)
      if (nan[j] != nan[j]) return nan[j];  // a NaN in the tail: the sticky Sel below
  } else {
    for (; i + L <= n; i += L) {
      for (int j = 0; j < L; ++j) acc[j] = Sel::pick(acc[j], a[i + j]);
    }
  }
  T r = acc[0];
  for (int j = 1; j < L; ++j) r = Sel::pick(r, acc[j]);
  for (; i < n; ++i) r = Sel::pick(r, a[i]);
  return r;
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_REDUCE_SUM(T, Acc)                                   \
  {                                                                    \
    *static_cast<Acc*>(out) = (Acc)corepy::sum_pairwise<T, Acc>(static_cast<const T*>(a), n); \
  }
#define CP_DEFINE_REDUCE(OE, op, DE, dt, T, Acc)                                  \
  extern "C" void CP_NAME(reduce_##op##_##dt)(const void* a, size_t n, void* out) { \
    CP_REDUCE_BODY_##OE(T, Acc)                                                   \
  }
#define CP_REDUCE_BODY_SUM(T, Acc) CP_DEFINE_REDUCE_SUM(T, Acc)
#define CP_REDUCE_BODY_PROD(T, Acc) \
  { *static_cast<Acc*>(out) = corepy::product<T, Acc>(static_cast<const T*>(a), n); }
#define CP_REDUCE_BODY_MAX(T, Acc) \
  { *static_cast<T*>(out) = corepy::extreme<corepy::MaxSel, T>(static_cast<const T*>(a), n); }
#define CP_REDUCE_BODY_MIN(T, Acc) \
  { *static_cast<T*>(out) = corepy::extreme<corepy::MinSel, T>(static_cast<const T*>(a), n); }
CP_REDUCE_KERNELS(CP_DEFINE_REDUCE)

// Sorting kernels over one contiguous run: sort in place, argsort, unique of
// a sorted run, cumulative sum/product, argmax/argmin. NaN sorts last (NumPy);
// sort and argsort are both stable (argsort breaks ties by position), so
// they agree on -0.0 / +0.0 and on NaNs. Nothing here allocates.
#include <algorithm>
#include <type_traits>
#include <utility>

#include "isa.h"
#include "kernel_list.h"

namespace corepy {
namespace {

// a < b with NaN after everything, as NumPy's sort.
template <typename T>
inline bool less_nan_last(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    if (b != b) return a == a;
    return a < b;
  } else {
    return a < b;
  }
}

// Moves the elements for which keep(x) holds before the others, keeping the
// order within both groups; returns the boundary. Divide and conquer with
// rotations: O(n log n) moves, no buffer.
template <typename T, typename Keep>
T* stable_partition_in_place(T* first, T* last, Keep keep) {
  const size_t n = (size_t)(last - first);
  if (n == 0) return first;
  if (n == 1) return keep(*first) ? last : first;
  T* mid = first + n / 2;
  T* a = stable_partition_in_place(first, mid, keep);
  T* b = stable_partition_in_place(mid, last, keep);
  return std::rotate(a, mid, b);
}

// Sorts stably, so it agrees with argsort: equal elements keep their order.
// Equal integers are identical, so only floats need care: -0.0 == +0.0 and
// NaNs (which may differ in sign and payload) are the equal values that can
// be told apart. They are set aside in order without a buffer (kernels do
// not allocate, which rules out std::stable_sort): NaNs go to the back by a
// stable partition (only when there are any), zeros are swapped to the front
// in order (this reorders the other non-NaN values, which the sort then
// orders anyway), std::sort sorts the rest, and a rotation puts the zeros
// after the negatives.
template <typename T>
void sort(void* data, size_t n) {
  T* d = static_cast<T*>(data);
  if constexpr (std::is_floating_point<T>::value) {
    T* nan_start = d + n;
    if (std::any_of(d, d + n, [](T x) { return x != x; })) {
      nan_start = stable_partition_in_place(d, d + n, [](T x) { return x == x; });
    }
    T* zeros_end = d;
    for (T* p = d; p != nan_start; ++p) {
      if (*p == T(0)) std::swap(*zeros_end++, *p);  // [d, zeros_end) holds the zeros in their order
    }
    std::sort(zeros_end, nan_start);  // no NaN left: plain < is a strict weak order
    std::rotate(d, zeros_end, std::lower_bound(zeros_end, nan_start, T(0)));
  } else {
    std::sort(d, d + n);
  }
}

template <typename T>
void argsort(const void* data, size_t n, int64_t* idx) {
  const T* d = static_cast<const T*>(data);
  for (size_t i = 0; i < n; ++i) idx[i] = (int64_t)i;
  std::sort(idx, idx + n, [d](int64_t x, int64_t y) {
    if (less_nan_last(d[x], d[y])) return true;
    if (less_nan_last(d[y], d[x])) return false;
    return x < y;
  });
}

// Distinct values of a sorted run (NaNs: NumPy 2 keeps one NaN).
template <typename T>
void unique_sorted(const void* data, size_t n, void* out, size_t* count) {
  const T* d = static_cast<const T*>(data);
  T* o = static_cast<T*>(out);
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    const bool same_as_prev = k > 0 && (o[k - 1] == d[i] || (o[k - 1] != o[k - 1] && d[i] != d[i]));
    if (!same_as_prev) o[k++] = d[i];
  }
  *count = k;
}

template <typename Acc, bool = std::is_integral<Acc>::value>
struct ScanAccum { typedef Acc type; };
template <typename Acc>
struct ScanAccum<Acc, true> { typedef typename std::make_unsigned<Acc>::type type; };

template <typename T, typename Acc, bool Product>
void scan(const void* a_, size_t n, void* out_) {
  typedef typename ScanAccum<Acc>::type U;  // integers wrap instead of overflowing
  const T* a = static_cast<const T*>(a_);
  Acc* out = static_cast<Acc*>(out_);
  U acc = Product ? U(1) : U(0);
  for (size_t i = 0; i < n; ++i) {
    acc = Product ? (U)(acc * (U)(Acc)a[i]) : (U)(acc + (U)(Acc)a[i]);
    out[i] = (Acc)acc;
  }
}

// x replaces the running extreme e: x is NaN, or beyond e (NaN stays once
// it is the extreme: nothing compares beyond it).
template <typename T, bool Max>
inline bool beyond(T x, T e) {
  return x != x || (Max ? x > e : x < e);
}

// Lanes of running extremes per block: four vectors' worth in SIMD builds
// (the lane loop becomes vector compares and blends), eight in the scalar one.
template <typename T>
constexpr int extreme_lanes() {
  return CP_VBYTES == 0 ? 8 : 4 * CP_VBYTES / (int)sizeof(T);
}

// The extreme value of a[0..n) (n >= 1), NaN if there is one. The lanes
// keep plain ordered selects (one vmaxps/vminps per vector) and, for
// floats, a sticky NaN catcher beside them (one unordered compare and one
// blend), as the max/min reductions do: cheaper than a NaN-aware select.
template <typename T, bool Max>
T block_extreme(const T* a, size_t n) {
  constexpr int L = extreme_lanes<T>();
  T acc[L], nan[L];
  for (int j = 0; j < L; ++j) {
    acc[j] = a[0];
    nan[j] = T(0);
  }
  size_t i = 0;
  for (; i + L <= n; i += L) {
    for (int j = 0; j < L; ++j) {
      const T x = a[i + j];
      acc[j] = (Max ? x > acc[j] : x < acc[j]) ? x : acc[j];
      if constexpr (std::is_floating_point<T>::value) nan[j] = x != x ? x : nan[j];
    }
  }
  if constexpr (std::is_floating_point<T>::value) {
    for (int j = 0; j < L; ++j)
      if (nan[j] != nan[j]) return nan[j];
  }
  for (; i < n; ++i) acc[0] = beyond<T, Max>(a[i], acc[0]) ? a[i] : acc[0];
  // Fold the lanes as a tree (each step is vector compares and blends).
  for (int w = L / 2; w > 0; w /= 2) {
    for (int j = 0; j < w; ++j) acc[j] = beyond<T, Max>(acc[j + w], acc[j]) ? acc[j + w] : acc[j];
  }
  return acc[0];
}

// Index of the first maximum (Max) or minimum; a NaN wins at its first
// position (NumPy). Blocks (4096 elements) are reduced to their extreme value with the
// vectorized lanes; the earliest block holding the overall extreme (ties go
// to the earlier block, a NaN ends the search) is then scanned for the
// first element equal to it (-0.0 == +0.0, so a signed-zero tie still
// answers the first of them, as the sequential scan does). n >= 1.
template <typename T, bool Max>
void argextreme(const void* a_, size_t n, int64_t* out) {
  const T* a = static_cast<const T*>(a_);
  constexpr size_t kBlock = 4096;
  size_t best_block = 0;
  T best = a[0];
  for (size_t b0 = 0; b0 < n; b0 += kBlock) {
    const T v = block_extreme<T, Max>(a + b0, n - b0 < kBlock ? n - b0 : kBlock);
    if (b0 == 0 || beyond<T, Max>(v, best)) {
      best = v;
      best_block = b0;
    }
    if (v != v) break;  // the first NaN is in this block
  }
  size_t i = best_block;
  if (best != best) {
    while (a[i] == a[i]) ++i;
  } else {
    while (!(a[i] == best)) ++i;
  }
  *out = (int64_t)i;
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_SORT(DE, dt, T, _)                                                                  \
  extern "C" void CP_NAME(sort_##dt)(void* d, size_t n) { corepy::sort<T>(d, n); }                   \
  extern "C" void CP_NAME(argsort_##dt)(const void* d, size_t n, int64_t* i) { corepy::argsort<T>(d, n, i); } \
  extern "C" void CP_NAME(unique_##dt)(const void* d, size_t n, void* o, size_t* c) {                \
    corepy::unique_sorted<T>(d, n, o, c);                                                             \
  }                                                                                                   \
  extern "C" void CP_NAME(argmax_##dt)(const void* a, size_t n, int64_t* o) { corepy::argextreme<T, true>(a, n, o); } \
  extern "C" void CP_NAME(argmin_##dt)(const void* a, size_t n, int64_t* o) { corepy::argextreme<T, false>(a, n, o); }
CP_DTYPES_ALL(CP_DEFINE_SORT, _)

// cumsum/cumprod write the sum's dtype: int64 for bool and ints.
#define CP_DEFINE_SCAN(DE, dt, T, Acc)                                                                   \
  extern "C" void CP_NAME(cumsum_##dt)(const void* a, size_t n, void* o) { corepy::scan<T, Acc, false>(a, n, o); } \
  extern "C" void CP_NAME(cumprod_##dt)(const void* a, size_t n, void* o) { corepy::scan<T, Acc, true>(a, n, o); }
// Every dtype, with the accumulator of the registry's ACCUMULATE rule (as sum).
#define CP_SCAN_DTYPE_(DE, dt, T, K, ...) CP_DEFINE_SCAN(DE, dt, T, CP_ACC_ACCUMULATE_##K(T))
CP_DTYPE_LIST(CP_SCAN_DTYPE_, _)

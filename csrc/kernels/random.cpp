// Counter-based random streams. Element i of a stream is a pure function of
// (seed, offset + i), so the numbers do not depend on how Rust splits the work
// across threads. This file is compiled once, with the baseline flags and no
// FMA contraction, for every ISA table: a seed gives the same numbers whatever
// backend is selected.
#include <math.h>
#include <stdint.h>


namespace corepy {
namespace {

constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ull;

// splitmix64's output function over a Weyl sequence indexed by the counter.
inline uint64_t mix(uint64_t seed, uint64_t counter) {
  uint64_t z = seed * 0xD1B54A32D192ED03ull + (counter + 1) * kGamma;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [0, 1) with 53 random bits.
inline double unit_open_hi(uint64_t bits) { return (double)(bits >> 11) * 0x1.0p-53; }
// Uniform in (0, 1] (safe for log).
inline double unit_open_lo(uint64_t bits) { return (double)((bits >> 11) + 1) * 0x1.0p-53; }

template <typename T>
void uniform(void* out_, uint64_t seed, uint64_t offset, size_t n) {
  T* out = static_cast<T*>(out_);
  for (size_t i = 0; i < n; ++i) {
    uint64_t bits = mix(seed, offset + i);
    if (sizeof(T) == 4) {
      out[i] = (T)((double)(bits >> 40) * 0x1.0p-24);  // 24 bits: exact in float, < 1
    } else {
      out[i] = (T)unit_open_hi(bits);
    }
  }
}

// Box-Muller: stream elements 2j and 2j+1 share the pair (u1, u2) of counters
// 2j and 2j+1 and take the cosine and sine branches.
template <typename T>
void normal(void* out_, uint64_t seed, uint64_t offset, size_t n) {
  T* out = static_cast<T*>(out_);
  const double two_pi = 6.283185307179586476925286766559;
  for (size_t i = 0; i < n; ++i) {
    uint64_t k = offset + i;
    uint64_t pair = k & ~(uint64_t)1;
    double u1 = unit_open_lo(mix(seed, pair));
    double u2 = unit_open_hi(mix(seed, pair + 1));
    double r = sqrt(-2.0 * log(u1));
    double z = (k & 1) ? r * sin(two_pi * u2) : r * cos(two_pi * u2);
    out[i] = (T)z;
  }
}

}  // namespace
}  // namespace corepy

extern "C" void corepy_random_uniform_f32(void* o, uint64_t s, uint64_t off, size_t n) { corepy::uniform<float>(o, s, off, n); }
extern "C" void corepy_random_uniform_f64(void* o, uint64_t s, uint64_t off, size_t n) { corepy::uniform<double>(o, s, off, n); }
extern "C" void corepy_random_normal_f32(void* o, uint64_t s, uint64_t off, size_t n) { corepy::normal<float>(o, s, off, n); }
extern "C" void corepy_random_normal_f64(void* o, uint64_t s, uint64_t off, size_t n) { corepy::normal<double>(o, s, off, n); }

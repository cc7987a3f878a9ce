// Per-ISA naming and vector width. Every kernel source is compiled once per
// ISA (csrc/CMakeLists.txt sets COREPY_ISA and that ISA's flags); this header
// turns the ISA into symbol suffixes and a native vector width.
#pragma once
#include <stddef.h>
#include <stdint.h>
#if defined(COREPY_ISA_AVX512)
#include <immintrin.h>
#endif

#ifndef COREPY_ISA
#error "COREPY_ISA must be defined by the build (scalar, avx2, avx512, neon)"
#endif

#define CP_CAT_(a, b) a##b
#define CP_CAT(a, b) CP_CAT_(a, b)
// CP_NAME(binary_add_f32_vv) -> corepy_binary_add_f32_vv_<isa>
#define CP_NAME(name) CP_CAT(CP_CAT(corepy_, name), CP_CAT(_, COREPY_ISA))

// Bytes in one native vector register for this build.
#if defined(COREPY_ISA_AVX512)
#define CP_VBYTES 64
#elif defined(COREPY_ISA_AVX2)
#define CP_VBYTES 32
#elif defined(COREPY_ISA_NEON)
#define CP_VBYTES 16
#else
#define CP_VBYTES 0  // scalar reference: no vector types
#endif

namespace corepy {

// A GCC/Clang vector of L elements of T (L a power of two).
template <typename T, int L>
struct VecOf {
  typedef T type __attribute__((vector_size(L * sizeof(T))));
};

template <typename V, typename T>
static inline V load_vec(const T* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof(V));
  return v;
}

template <typename V, typename T>
static inline void store_vec(T* p, V v) {
  __builtin_memcpy(p, &v, sizeof(V));
}

#if defined(COREPY_ISA_AVX512)
// The first `n` (1..VL) lanes of a 64-byte vector, read or written with an
// AVX-512 lane mask: nothing past them is touched (partial GEMM edge tiles).
// Only for float and double vectors of 64 bytes.
template <typename V, typename T>
static inline V load_vec_first(const T* p, size_t n) {
  static_assert(sizeof(V) == 64, "AVX-512 masked access is for 64-byte vectors");
  if constexpr (sizeof(T) == 4) {
    return (V)_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
  } else {
    return (V)_mm512_maskz_loadu_pd((__mmask8)((1u << n) - 1), p);
  }
}

template <typename V, typename T>
static inline void store_vec_first(T* p, V v, size_t n) {
  static_assert(sizeof(V) == 64, "AVX-512 masked access is for 64-byte vectors");
  if constexpr (sizeof(T) == 4) {
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), (__m512)v);
  } else {
    _mm512_mask_storeu_pd(p, (__mmask8)((1u << n) - 1), (__m512d)v);
  }
}
#endif

}  // namespace corepy

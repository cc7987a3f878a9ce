// The GEMM register tile for the ISA being compiled (MR x NR, with NR = VL * NV).
// Shared by gemm.cpp (which uses it) and kernel_table.cpp (which publishes
// MR and NR to Rust, which sizes its packing buffers and blocks from them).
#pragma once
#include "isa.h"

namespace corepy {

// Register tile per ISA: VL elements per vector, NV vectors per tile row.
template <typename T>
struct Tile {
#if defined(COREPY_ISA_AVX512)
  // 32 zmm: 14 x 2 accumulators + 2 B vectors + 1 broadcast.
  static constexpr int VL = 64 / sizeof(T), NV = 2, MR = 14;
#elif defined(COREPY_ISA_AVX2)
  // 16 ymm: 6 x 2 accumulators + 2 B vectors + 1 broadcast.
  static constexpr int VL = 32 / sizeof(T), NV = 2, MR = 6;
#elif defined(COREPY_ISA_NEON)
  // 32 q registers: 8 x 3 accumulators + 3 B vectors + 1 A vector.
  static constexpr int VL = 16 / sizeof(T), NV = 3, MR = 8;
#else
  // Scalar reference: a 4 x 4 tile of plain values.
  static constexpr int VL = 1, NV = 4, MR = 4;
#endif
  static constexpr int NR = VL * NV;
};

}  // namespace corepy

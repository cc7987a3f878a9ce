// GEMM building blocks for every ISA: the packed layouts of pack_a/pack_b
// (MR-row / NR-column panels, zero padded), macro_kernel against a naive
// double-precision triple loop on edge-tile shapes (overwrite and accumulate,
// a sub-block of a wider C, transposed operands through strides, and the
// blocked use Rust makes of it), the unpacked small-product kernel, and matmul_naive for bool/i32/i64 exactly
// against naive loops (ints wrap, bool is or-of-ands).
#include <algorithm>

#include "test_util.h"

namespace cptest {
namespace {

class GemmTest : public IsaTest {};
CPTEST_INSTANTIATE_FOR_ALL_ISAS(GemmTest);

struct Shape {
  size_t m, n, k;
};

// Edge shapes for a register tile of MR x NR.
std::vector<Shape> GemmShapes(size_t mr, size_t nr) {
  return {{1, 1, 1},          {1, 1, 7},           {mr, nr, 1},          {mr, nr, 16},
          {mr + 1, nr - 1, 5}, {mr - 1, nr + 1, 1}, {mr + 1, nr + 1, 3},  {2 * mr + 3, 3 * nr - 1, 17},
          {3, 2 * nr, 1},      {67, 45, 129},       {1, 45, 129},         {67, 1, 129},
          {mr, 2 * nr + 1, 64}};
}

template <typename T>
double Tolerance() {
  return sizeof(T) == 4 ? 1e-4 : 1e-12;
}

// Row-major m x k matrix in [-1, 1).
template <typename T>
std::vector<T> RandomMatrix(size_t rows, size_t cols, uint64_t seed) {
  return MakeValues<T>(rows * cols, seed, Values::kSymmetric);
}

template <typename T>
std::vector<T> Transpose(const std::vector<T>& x, size_t rows, size_t cols) {
  std::vector<T> t(x.size());
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j) t[j * rows + i] = x[i * cols + j];
  return t;
}

template <typename T>
std::vector<T> PackA(const cp_gemm_kernels& g, const T* a, ptrdiff_t rs, ptrdiff_t cs, size_t m,
                     size_t k) {
  // Pre-filled with NaN: every element, padding included, must be written.
  std::vector<T> buf(CeilDiv(m, g.mr) * g.mr * k, std::numeric_limits<T>::quiet_NaN());
  g.pack_a(a, rs, cs, m, k, buf.data());
  return buf;
}

template <typename T>
std::vector<T> PackB(const cp_gemm_kernels& g, const T* b, ptrdiff_t rs, ptrdiff_t cs, size_t k,
                     size_t n) {
  std::vector<T> buf(CeilDiv(n, g.nr) * g.nr * k, std::numeric_limits<T>::quiet_NaN());
  g.pack_b(b, rs, cs, k, n, buf.data());
  return buf;
}

// C (m x n, row stride ldc) vs (c0 if given) + A @ B computed in double;
// the error bound scales with sum_p |a_ip * b_pj| (+ |c0|).
template <typename T>
::testing::AssertionResult MatchesNaive(const T* c, size_t ldc, const std::vector<T>& a,
                                        const std::vector<T>& b,
                                        const std::vector<typename Tag<T>::type>* c0,
                                        size_t m, size_t n, size_t k) {
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double want = c0 ? double((*c0)[i * n + j]) : 0.0;
      double scale = std::fabs(want);
      for (size_t p = 0; p < k; ++p) {
        want += double(a[i * k + p]) * double(b[p * n + j]);
        scale += std::fabs(double(a[i * k + p]) * double(b[p * n + j]));
      }
      const double got = double(c[i * ldc + j]);
      if (!(std::fabs(got - want) <= Tolerance<T>() * scale + 1e-300)) {
        return ::testing::AssertionFailure()
               << "C[" << i << "][" << j << "] = " << got << ", want " << want << " (error "
               << std::fabs(got - want) << ", scale " << scale << ")";
      }
    }
  return ::testing::AssertionSuccess();
}

// Calls body(g, dt, Tag<T>{}) for the f32 and f64 GEMM kernels of a table.
template <typename Body>
void ForEachFloatGemm(const cp_kernel_table& table, Body&& body) {
  for (int dt : {CP_DT_F32, CP_DT_F64}) {
    const cp_gemm_kernels& g = table.gemm[dt];
    ASSERT_TRUE(g.pack_a && g.pack_b && g.macro_kernel) << "gemm " << DtypeName(dt);
    ASSERT_GT(g.mr, 0u);
    ASSERT_GT(g.nr, 1u);
    if (dt == CP_DT_F32) {
      body(g, dt, Tag<float>{});
    } else {
      body(g, dt, Tag<double>{});
    }
  }
}

TEST_P(GemmTest, PackedLayoutIsPanelsWithZeroPadding) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    for (const Shape& s : GemmShapes(g.mr, g.nr)) {
      const auto a = RandomMatrix<T>(s.m, s.k, SeedOf({40, (uint64_t)dt, s.m, s.k}));
      const auto b = RandomMatrix<T>(s.k, s.n, SeedOf({41, (uint64_t)dt, s.k, s.n}));
      const auto pa = PackA(g, a.data(), (ptrdiff_t)s.k, 1, s.m, s.k);
      const auto pb = PackB(g, b.data(), (ptrdiff_t)s.n, 1, s.k, s.n);
      // pa[panel][p][r] = A[panel * MR + r][p], 0 past row m.
      for (size_t i = 0; i < CeilDiv(s.m, g.mr) * g.mr; ++i)
        for (size_t p = 0; p < s.k; ++p) {
          const T want = i < s.m ? a[i * s.k + p] : T(0);
          const T got = pa[(i / g.mr) * g.mr * s.k + p * g.mr + i % g.mr];
          ASSERT_TRUE(SameBits(got, want) && !std::isnan(got))
              << "pack_a " << DtypeName(dt) << " m=" << s.m << " k=" << s.k << " row " << i
              << " col " << p << ": " << Show(got);
        }
      // pb[panel][p][c] = B[p][panel * NR + c], 0 past column n.
      for (size_t j = 0; j < CeilDiv(s.n, g.nr) * g.nr; ++j)
        for (size_t p = 0; p < s.k; ++p) {
          const T want = j < s.n ? b[p * s.n + j] : T(0);
          const T got = pb[(j / g.nr) * g.nr * s.k + p * g.nr + j % g.nr];
          ASSERT_TRUE(SameBits(got, want) && !std::isnan(got))
              << "pack_b " << DtypeName(dt) << " k=" << s.k << " n=" << s.n << " row " << p
              << " col " << j << ": " << Show(got);
        }
    }
  });
}

TEST_P(GemmTest, MacroKernelMatchesNaive) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    for (const Shape& s : GemmShapes(g.mr, g.nr)) {
      SCOPED_TRACE(testing::Message() << "gemm " << DtypeName(dt) << " m=" << s.m << " n=" << s.n
                                      << " k=" << s.k << " (MR=" << g.mr << ", NR=" << g.nr << ")");
      const auto a = RandomMatrix<T>(s.m, s.k, SeedOf({42, (uint64_t)dt, s.m, s.k}));
      const auto b = RandomMatrix<T>(s.k, s.n, SeedOf({43, (uint64_t)dt, s.k, s.n}));
      const auto pa = PackA(g, a.data(), (ptrdiff_t)s.k, 1, s.m, s.k);
      const auto pb = PackB(g, b.data(), (ptrdiff_t)s.n, 1, s.k, s.n);
      // C starts as NaN: with accumulate = 0 it must be overwritten, not read.
      GuardedBuffer c(sizeof(T), s.m * s.n);
      std::fill(c.as<T>(), c.as<T>() + s.m * s.n, std::numeric_limits<T>::quiet_NaN());
      g.macro_kernel(s.m, s.n, s.k, pa.data(), pb.data(), c.data(), (ptrdiff_t)s.n, 0);
      EXPECT_TRUE(c.GuardsIntact()) << "wrote outside C";
      EXPECT_TRUE(MatchesNaive(c.as<T>(), s.n, a, b, nullptr, s.m, s.n, s.k));
    }
  });
}

TEST_P(GemmTest, MacroKernelAccumulatesIntoC) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    for (const Shape& s : GemmShapes(g.mr, g.nr)) {
      SCOPED_TRACE(testing::Message() << "gemm " << DtypeName(dt) << " m=" << s.m << " n=" << s.n
                                      << " k=" << s.k);
      const auto a = RandomMatrix<T>(s.m, s.k, SeedOf({44, (uint64_t)dt, s.m, s.k}));
      const auto b = RandomMatrix<T>(s.k, s.n, SeedOf({45, (uint64_t)dt, s.k, s.n}));
      const auto c0 = RandomMatrix<T>(s.m, s.n, SeedOf({46, (uint64_t)dt, s.m, s.n}));
      const auto pa = PackA(g, a.data(), (ptrdiff_t)s.k, 1, s.m, s.k);
      const auto pb = PackB(g, b.data(), (ptrdiff_t)s.n, 1, s.k, s.n);
      GuardedBuffer c = Place(c0);
      g.macro_kernel(s.m, s.n, s.k, pa.data(), pb.data(), c.data(), (ptrdiff_t)s.n, 1);
      EXPECT_TRUE(c.GuardsIntact());
      EXPECT_TRUE(MatchesNaive(c.as<T>(), s.n, a, b, &c0, s.m, s.n, s.k));
    }
  });
}

// The unpacked small-product kernel reads A and B in place (row strides lda,
// ldb, possibly wider than the matrix) and packs only edge panels into the
// caller's scratch; A, B and scratch are exact-size vectors, so a read past
// their ends shows up under ASan, and C's guards catch stray writes.
TEST_P(GemmTest, DirectKernelMatchesNaive) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    ASSERT_TRUE(g.direct != nullptr) << "gemm direct " << DtypeName(dt);
    for (const Shape& s : GemmShapes(g.mr, g.nr)) {
      for (size_t pad : {0, 3}) {
        SCOPED_TRACE(testing::Message() << "gemm direct " << DtypeName(dt) << " m=" << s.m << " n="
                                        << s.n << " k=" << s.k << " pad=" << pad);
        const auto a = RandomMatrix<T>(s.m, s.k, SeedOf({50, (uint64_t)dt, s.m, s.k}));
        const auto b = RandomMatrix<T>(s.k, s.n, SeedOf({51, (uint64_t)dt, s.k, s.n}));
        const size_t lda = s.k + pad, ldb = s.n + pad;
        std::vector<T> aw(s.m * lda - pad), bw(s.k * ldb - pad);  // last row exactly ends the buffer
        for (size_t i = 0; i < s.m; ++i)
          for (size_t p = 0; p < s.k; ++p) aw[i * lda + p] = a[i * s.k + p];
        for (size_t p = 0; p < s.k; ++p)
          for (size_t j = 0; j < s.n; ++j) bw[p * ldb + j] = b[p * s.n + j];
        for (int pack_all_b : {0, 1}) {
          const size_t b_panels = pack_all_b ? CeilDiv(s.n, g.nr) : 1;
          std::vector<T> scratch(g.mr * s.k + s.k * g.nr * b_panels, std::numeric_limits<T>::quiet_NaN());
          GuardedBuffer c(sizeof(T), s.m * s.n);
          std::fill(c.as<T>(), c.as<T>() + s.m * s.n, std::numeric_limits<T>::quiet_NaN());
          g.direct(s.m, s.n, s.k, aw.data(), (ptrdiff_t)lda, bw.data(), (ptrdiff_t)ldb, c.data(),
                   (ptrdiff_t)s.n, scratch.data(), pack_all_b);
          EXPECT_TRUE(c.GuardsIntact()) << "wrote outside C, pack_all_b=" << pack_all_b;
          EXPECT_TRUE(MatchesNaive(c.as<T>(), s.n, a, b, nullptr, s.m, s.n, s.k)) << "pack_all_b=" << pack_all_b;
        }
      }
    }
  });
}

// C is an m x n block inside a wider row-major matrix (ldc > n): the columns
// past n in every row must be left alone.
TEST_P(GemmTest, MacroKernelWritesOnlyItsBlockOfWiderC) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    for (const Shape& s : GemmShapes(g.mr, g.nr)) {
      const size_t ldc = s.n + 5;
      const T sentinel = T(12345.5);
      const auto a = RandomMatrix<T>(s.m, s.k, SeedOf({47, (uint64_t)dt, s.m}));
      const auto b = RandomMatrix<T>(s.k, s.n, SeedOf({48, (uint64_t)dt, s.n}));
      const auto pa = PackA(g, a.data(), (ptrdiff_t)s.k, 1, s.m, s.k);
      const auto pb = PackB(g, b.data(), (ptrdiff_t)s.n, 1, s.k, s.n);
      for (int accumulate : {0, 1}) {
        std::vector<T> wide(s.m * ldc, sentinel);
        g.macro_kernel(s.m, s.n, s.k, pa.data(), pb.data(), wide.data(), (ptrdiff_t)ldc, accumulate);
        std::vector<T> c0(s.m * s.n, sentinel);
        EXPECT_TRUE(MatchesNaive(wide.data(), ldc, a, b, accumulate ? &c0 : nullptr, s.m, s.n, s.k))
            << DtypeName(dt) << " m=" << s.m << " n=" << s.n << " k=" << s.k << " ldc=" << ldc
            << " accumulate=" << accumulate;
        for (size_t i = 0; i < s.m; ++i)
          for (size_t j = s.n; j < ldc; ++j)
            ASSERT_EQ(wide[i * ldc + j], sentinel)
                << DtypeName(dt) << " m=" << s.m << " n=" << s.n << " wrote C[" << i << "][" << j
                << "] outside the block";
      }
    }
  });
}

// A transposed operand read through strides packs to the same panels, so the
// product is identical.
TEST_P(GemmTest, TransposedOperandsThroughStrides) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    for (const Shape& s : GemmShapes(g.mr, g.nr)) {
      SCOPED_TRACE(testing::Message() << DtypeName(dt) << " m=" << s.m << " n=" << s.n << " k=" << s.k);
      const auto a = RandomMatrix<T>(s.m, s.k, SeedOf({49, (uint64_t)dt, s.m, s.k}));
      const auto b = RandomMatrix<T>(s.k, s.n, SeedOf({50, (uint64_t)dt, s.k, s.n}));
      const auto at = Transpose(a, s.m, s.k);  // k x m
      const auto bt = Transpose(b, s.k, s.n);  // n x k
      const auto pa = PackA(g, a.data(), (ptrdiff_t)s.k, 1, s.m, s.k);
      const auto pa_t = PackA(g, at.data(), 1, (ptrdiff_t)s.m, s.m, s.k);
      const auto pb = PackB(g, b.data(), (ptrdiff_t)s.n, 1, s.k, s.n);
      const auto pb_t = PackB(g, bt.data(), 1, (ptrdiff_t)s.k, s.k, s.n);
      EXPECT_TRUE(BitEqual(pa_t.data(), pa.data(), pa.size())) << "pack_a of A^T with rs=1, cs=m";
      EXPECT_TRUE(BitEqual(pb_t.data(), pb.data(), pb.size())) << "pack_b of B^T with rs=1, cs=k";
      std::vector<T> c(s.m * s.n), c_t(s.m * s.n);
      g.macro_kernel(s.m, s.n, s.k, pa.data(), pb.data(), c.data(), (ptrdiff_t)s.n, 0);
      g.macro_kernel(s.m, s.n, s.k, pa_t.data(), pb_t.data(), c_t.data(), (ptrdiff_t)s.n, 0);
      EXPECT_TRUE(BitEqual(c_t.data(), c.data(), c.size()));
      EXPECT_TRUE(MatchesNaive(c_t.data(), s.n, a, b, nullptr, s.m, s.n, s.k));
    }
  });
}

// How Rust drives the blocks: C = A @ B over a grid of (mc x kc) blocks of
// A and (kc x nc) blocks of B taken from the full matrices by pointer offset
// and row stride, the first kc block overwriting C, the next accumulating.
TEST_P(GemmTest, BlockedProductOfSubBlocks) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    const size_t m = 2 * g.mr + 5, n = 2 * g.nr + 3, k = 45;
    const size_t mc = g.mr + 2, nc = g.nr + 1, kc = 16;  // deliberately not tile multiples
    const auto a = RandomMatrix<T>(m, k, SeedOf({51, (uint64_t)dt}));
    const auto b = RandomMatrix<T>(k, n, SeedOf({52, (uint64_t)dt}));
    std::vector<T> c(m * n, std::numeric_limits<T>::quiet_NaN());
    for (size_t j0 = 0; j0 < n; j0 += nc)
      for (size_t p0 = 0; p0 < k; p0 += kc) {
        const size_t nb = std::min(nc, n - j0), kb = std::min(kc, k - p0);
        const auto pb = PackB(g, b.data() + p0 * n + j0, (ptrdiff_t)n, 1, kb, nb);
        for (size_t i0 = 0; i0 < m; i0 += mc) {
          const size_t mb = std::min(mc, m - i0);
          const auto pa = PackA(g, a.data() + i0 * k + p0, (ptrdiff_t)k, 1, mb, kb);
          g.macro_kernel(mb, nb, kb, pa.data(), pb.data(), c.data() + i0 * n + j0, (ptrdiff_t)n,
                         p0 == 0 ? 0 : 1);
        }
      }
    EXPECT_TRUE(MatchesNaive(c.data(), n, a, b, nullptr, m, n, k)) << DtypeName(dt);
  });
}

TEST_P(GemmTest, MacroKernelCloseToScalarReference) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    const cp_gemm_kernels& r = ref_.gemm[dt];
    const size_t m = 67, n = 45, k = 129;
    const auto a = RandomMatrix<T>(m, k, SeedOf({53, (uint64_t)dt}));
    const auto b = RandomMatrix<T>(k, n, SeedOf({54, (uint64_t)dt}));
    std::vector<T> c(m * n), c_ref(m * n);
    const auto pa = PackA(g, a.data(), (ptrdiff_t)k, 1, m, k);
    const auto pb = PackB(g, b.data(), (ptrdiff_t)n, 1, k, n);
    g.macro_kernel(m, n, k, pa.data(), pb.data(), c.data(), (ptrdiff_t)n, 0);
    const auto ra = PackA(r, a.data(), (ptrdiff_t)k, 1, m, k);
    const auto rb = PackB(r, b.data(), (ptrdiff_t)n, 1, k, n);
    r.macro_kernel(m, n, k, ra.data(), rb.data(), c_ref.data(), (ptrdiff_t)n, 0);
    for (size_t i = 0; i < m * n; ++i)
      ASSERT_NEAR(double(c[i]), double(c_ref[i]), Tolerance<T>() * k) << DtypeName(dt) << " at " << i;
  });
}

TEST_P(GemmTest, NoGemmForExactDtypes) {
  for (int dt : kAllDtypes) {
    if (dt == CP_DT_F32 || dt == CP_DT_F64) continue;
    EXPECT_EQ(isa_.gemm[dt].macro_kernel, nullptr) << DtypeName(dt);
    EXPECT_EQ(isa_.gemm[dt].pack_a, nullptr);
    EXPECT_EQ(isa_.gemm[dt].pack_b, nullptr);
  }
}

// ---------------------------------------------------------------------------
// matmul_naive (bool and the integer dtypes)
// ---------------------------------------------------------------------------

template <typename T>
std::vector<T> NaiveExactMatmul(const std::vector<T>& a, const std::vector<T>& b, size_t m,
                                size_t k, size_t n) {
  std::vector<T> c(m * n);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      if constexpr (kIsBool<T>) {
        uint8_t any = 0;
        for (size_t p = 0; p < k; ++p) any |= uint8_t(a[i * k + p] & b[p * n + j]);
        c[i * n + j] = any;
      } else {
        typedef WrapU<T> U;  // wraps mod 2^bits (after truncation to T)
        U acc = 0;
        for (size_t p = 0; p < k; ++p) acc = U(acc + U(a[i * k + p]) * U(b[p * n + j]));
        c[i * n + j] = T(acc);
      }
    }
  return c;
}

TEST_P(GemmTest, MatmulNaiveExactForIntsAndBool) {
  const Shape shapes[] = {{1, 1, 1}, {3, 7, 5}, {17, 33, 9}, {2, 65, 1}, {67, 45, 129}, {5, 1, 300}};
  for (int dt : kAllDtypes) {
    if (dt == CP_DT_F32 || dt == CP_DT_F64) continue;
    cp_matmul_fn fn = isa_.matmul_naive[dt];
    ASSERT_NE(fn, nullptr) << DtypeName(dt);
    VisitDtype(dt, [&](auto tag) {
      typedef typename decltype(tag)::type T;
      if constexpr (!kIsFloat<T>) {
        for (const Shape& s : shapes) {
          // Full-range ints (products and sums wrap); bool: sparse so or-of-ands varies.
          auto a = MakeValues<T>(s.m * s.k, SeedOf({55, (uint64_t)dt, s.m, s.k}));
          auto b = MakeValues<T>(s.k * s.n, SeedOf({56, (uint64_t)dt, s.k, s.n}));
          if constexpr (kIsBool<T>) {
            const auto mask = MakeValues<T>(a.size(), SeedOf({57, s.m}));
            for (size_t i = 0; i < a.size(); ++i) a[i] = T(a[i] & mask[i]);
          }
          GuardedBuffer c(sizeof(T), s.m * s.n, 1);
          fn(a.data(), b.data(), c.data(), s.m, s.k, s.n);
          EXPECT_TRUE(c.GuardsIntact());
          const auto want = NaiveExactMatmul(a, b, s.m, s.k, s.n);
          EXPECT_TRUE(BitEqual(c.as<T>(), want.data(), want.size()))
              << "matmul_naive_" << DtypeName(dt) << " m=" << s.m << " k=" << s.k << " n=" << s.n;
        }
      }
    });
  }
  for (int dt : {CP_DT_F32, CP_DT_F64}) EXPECT_EQ(isa_.matmul_naive[dt], nullptr) << DtypeName(dt);
}

TEST_P(GemmTest, MatmulNaiveIntegerWrapAndBoolLogic) {
  const int32_t a32[2] = {65536, 3}, b32[2] = {65536, 5};  // 2^32 wraps to 0
  int32_t c32 = -1;
  isa_.matmul_naive[CP_DT_I32](a32, b32, &c32, 1, 2, 1);
  EXPECT_EQ(c32, 15);
  const int64_t a64[2] = {std::numeric_limits<int64_t>::max(), 1}, b64[2] = {2, 2};
  int64_t c64 = 0;
  isa_.matmul_naive[CP_DT_I64](a64, b64, &c64, 1, 2, 1);
  EXPECT_EQ(c64, 0);  // 2 * (2^63 - 1) + 2 = 2^64
  const uint8_t ab[4] = {1, 0, 0, 0}, bb[4] = {0, 1, 1, 1};
  uint8_t cb[4] = {9, 9, 9, 9};
  isa_.matmul_naive[CP_DT_BOOL](ab, bb, cb, 2, 2, 2);  // [[1,0],[0,0]] @ [[0,1],[1,1]]
  EXPECT_EQ(cb[0], 0);
  EXPECT_EQ(cb[1], 1);
  EXPECT_EQ(cb[2], 0);
  EXPECT_EQ(cb[3], 0);
  // uint8 shares bool's C type but multiplies and adds (mod 256).
  const uint8_t au[2] = {2, 200}, bu[2] = {3, 2};
  uint8_t cu = 0;
  isa_.matmul_naive[CP_DT_U8](au, bu, &cu, 1, 2, 1);
  EXPECT_EQ(cu, (2 * 3 + 200 * 2) % 256);
  const int8_t a8[2] = {100, 27}, b8[2] = {2, 1};
  int8_t c8 = 0;
  isa_.matmul_naive[CP_DT_I8](a8, b8, &c8, 1, 2, 1);
  EXPECT_EQ(c8, int8_t(227 - 256));
  const int16_t a16[2] = {300, 1}, b16[2] = {300, -1};
  int16_t c16 = 0;
  isa_.matmul_naive[CP_DT_I16](a16, b16, &c16, 1, 2, 1);
  EXPECT_EQ(c16, int16_t(90000 - 1 - 65536));
}

// GEMV, both forms, against the double-precision loop (MatchesNaive on the
// m x 1 or 1 x n product): tails of every lane count, padded leading
// dimensions, and guard bytes around y (nothing written past the outputs).
TEST_P(GemmTest, GemvRowsAndColsMatchNaive) {
  ForEachFloatGemm(isa_, [&](const cp_gemm_kernels& g, int dt, auto tag) {
    typedef typename decltype(tag)::type T;
    ASSERT_TRUE(g.gemv_rows != nullptr && g.gemv_cols != nullptr) << "gemv " << DtypeName(dt);
    for (size_t outs : {1, 2, 7, 33, 1025, 2100}) {
      for (size_t k : {1, 3, 16, 31, 64, 129, 1000}) {
        if (outs * k > 400000) continue;
        const size_t pad = 5, ld_rows = k + pad, ld_cols = outs + pad;
        SCOPED_TRACE(testing::Message() << "gemv " << DtypeName(dt) << " outputs=" << outs << " k=" << k);
        const auto a = RandomMatrix<T>(outs, k, SeedOf({60, (uint64_t)dt, outs, k}));  // outs x k
        const auto x = RandomMatrix<T>(k, 1, SeedOf({61, (uint64_t)dt, k}));
        // rows: y = A x with A's rows ld_rows apart.
        std::vector<T> aw(outs * ld_rows);
        for (size_t i = 0; i < outs; ++i)
          for (size_t p = 0; p < k; ++p) aw[i * ld_rows + p] = a[i * k + p];
        GuardedBuffer y(sizeof(T), outs);
        g.gemv_rows(outs, k, aw.data(), (ptrdiff_t)ld_rows, x.data(), y.data());
        EXPECT_TRUE(y.GuardsIntact()) << "rows wrote outside y";
        EXPECT_TRUE(MatchesNaive(y.as<T>(), 1, a, x, nullptr, outs, 1, k)) << "rows";
        // cols: y = x^T B with B = A^T stored k x outs, rows ld_cols apart.
        std::vector<T> bw(k * ld_cols);
        for (size_t p = 0; p < k; ++p)
          for (size_t j = 0; j < outs; ++j) bw[p * ld_cols + j] = a[j * k + p];
        GuardedBuffer z(sizeof(T), outs);
        std::fill(z.as<T>(), z.as<T>() + outs, std::numeric_limits<T>::quiet_NaN());  // y is overwritten, not added to
        g.gemv_cols(outs, k, bw.data(), (ptrdiff_t)ld_cols, x.data(), z.data());
        EXPECT_TRUE(z.GuardsIntact()) << "cols wrote outside y";
        EXPECT_TRUE(MatchesNaive(z.as<T>(), 1, a, x, nullptr, outs, 1, k)) << "cols";
      }
    }
  });
}

}  // namespace
}  // namespace cptest

// isclose in one pass: out[i] = |a - b| <= atol + rtol * |b| (b finite)
// or a == b, or (equal_nan) both NaN; NumPy's isclose formula, with the same
// rounding: the difference in the operands' dtype T, the tolerance in the
// dtype NumPy computes it in (p->tol_in_f32: float, else double) and then
// compared in T. Operands arrive already converted to T (a float dtype).
#include "corepy/kernel_table.h"
#include "isa.h"
#include "kernel_list.h"

namespace corepy {
namespace {

template <typename T>
inline T abs_of(T v) {
  return v < T(0) ? -v : v;  // NaN stays NaN; the sign of zero does not matter here
}

template <typename T, typename Tol>
inline uint8_t close_one(T x, T y, Tol rtol, Tol atol, bool equal_nan) {
  const T d = abs_of<T>(x - y);
  const T tol = (T)(atol + rtol * abs_of<Tol>((Tol)y));
  const bool finite_y = __builtin_isfinite(y);
  bool r = (d <= tol && finite_y) || x == y;
  if (equal_nan) r = r || (__builtin_isnan(x) && __builtin_isnan(y));
  return (uint8_t)r;
}

template <typename T, typename Tol>
inline void close_loop(const T* a, ptrdiff_t sa, const T* b, ptrdiff_t sb, uint8_t* o, ptrdiff_t so, size_t n,
                       const cp_isclose_params* p) {
  const Tol rtol = (Tol)p->rtol, atol = (Tol)p->atol;
  const bool equal_nan = p->equal_nan != 0;
  if (sa == 1 && sb == 1 && so == 1) {
    for (size_t i = 0; i < n; ++i) o[i] = close_one<T, Tol>(a[i], b[i], rtol, atol, equal_nan);
  } else if (sa == 1 && sb == 0 && so == 1) {
    const T y = b[0];
    for (size_t i = 0; i < n; ++i) o[i] = close_one<T, Tol>(a[i], y, rtol, atol, equal_nan);
  } else {
    for (size_t i = 0; i < n; ++i) {
      const ptrdiff_t k = (ptrdiff_t)i;
      o[k * so] = close_one<T, Tol>(a[k * sa], b[k * sb], rtol, atol, equal_nan);
    }
  }
}

template <typename T>
inline void isclose(const void* a, ptrdiff_t sa, const void* b, ptrdiff_t sb, void* o, ptrdiff_t so, size_t n,
                    const cp_isclose_params* p) {
  const T* x = static_cast<const T*>(a);
  const T* y = static_cast<const T*>(b);
  uint8_t* out = static_cast<uint8_t*>(o);
  if (p->tol_in_f32) {
    close_loop<T, float>(x, sa, y, sb, out, so, n, p);
  } else {
    close_loop<T, double>(x, sa, y, sb, out, so, n, p);
  }
}

}  // namespace
}  // namespace corepy

#define CP_DEFINE_ISCLOSE(DE, dt, T, _)                                                            \
  extern "C" void CP_NAME(isclose_##dt)(const void* a, ptrdiff_t sa, const void* b, ptrdiff_t sb,  \
                                        void* o, ptrdiff_t so, size_t n, const cp_isclose_params* p) { \
    corepy::isclose<T>(a, sa, b, sb, o, so, n, p);                                                 \
  }
CP_DTYPES_FLOAT(CP_DEFINE_ISCLOSE, _)

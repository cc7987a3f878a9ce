// Integer arithmetic that wraps (two's complement) like NumPy, without C++
// undefined behaviour: Wide<T> is the unsigned type to compute T's sums,
// differences, products and negations in before truncating back to T.
// Shared by the elementwise and unary kernels.
#pragma once

#include <stdint.h>

#include <type_traits>

namespace corepy {
namespace {  // per translation unit, like the kernels that use it (one per ISA)

template <typename T, bool = std::is_integral<T>::value>
struct WideOf { typedef T type; };
template <typename T>
struct WideOf<T, true> {
  // Types narrower than int would promote to (signed) int and could overflow:
  // do their arithmetic in uint32_t and truncate.
  typedef typename std::conditional<(sizeof(T) < 4), uint32_t, typename std::make_unsigned<T>::type>::type type;
};
template <typename T>
using Wide = typename WideOf<T>::type;

}  // namespace
}  // namespace corepy

// Publishes the kernels of one ISA as a cp_kernel_table. Compiled once per ISA
// with that ISA's name but the *baseline* flags, so filling the table never
// executes an instruction the CPU may lack; Rust only calls the kernels of an
// ISA after checking the CPU supports it.
#include "corepy/kernel_table.h"

#include "gemm_tile.h"
#include "isa.h"
#include "kernel_list.h"

#define CP_DECL_BINARY(OE, op, DE, dt, T, F)                                                    \
  extern "C" void CP_NAME(binary_##op##_##dt##_vv)(const void*, const void*, void*, size_t); \
  extern "C" void CP_NAME(binary_##op##_##dt##_vs)(const void*, const void*, void*, size_t); \
  extern "C" void CP_NAME(binary_##op##_##dt##_sv)(const void*, const void*, void*, size_t); \
  extern "C" void CP_NAME(binary_##op##_##dt##_strided)(const void*, ptrdiff_t, const void*, ptrdiff_t, void*, \
                                                        ptrdiff_t, size_t);
CP_BINARY_KERNELS(CP_DECL_BINARY)
#define CP_DECL_UNARY(OE, op, DE, dt, T, F)                                      \
  extern "C" void CP_NAME(unary_##op##_##dt)(const void*, void*, size_t);        \
  extern "C" void CP_NAME(unary_##op##_##dt##_strided)(const void*, ptrdiff_t, void*, ptrdiff_t, size_t);
CP_UNARY_KERNELS(CP_DECL_UNARY)
#define CP_DECL_CAST(FE, fdt, FT, TE, tdt, TT) \
  extern "C" void CP_NAME(cast_##fdt##_to_##tdt)(const void*, void*, size_t); \
  extern "C" void CP_NAME(cast_##fdt##_to_##tdt##_strided)(const void*, ptrdiff_t, void*, ptrdiff_t, size_t);
CP_CAST_KERNELS(CP_DECL_CAST)
#define CP_DECL_COMPARE(OE, op, DE, dt, T, F)                                                      \
  extern "C" void CP_NAME(compare_##op##_##dt##_vv)(const void*, const void*, void*, size_t);     \
  extern "C" void CP_NAME(compare_##op##_##dt##_vs)(const void*, const void*, void*, size_t);     \
  extern "C" void CP_NAME(compare_##op##_##dt##_sv)(const void*, const void*, void*, size_t);     \
  extern "C" void CP_NAME(compare_##op##_##dt##_strided)(const void*, ptrdiff_t, const void*, ptrdiff_t, void*, \
                                                         ptrdiff_t, size_t);
CP_COMPARE_KERNELS(CP_DECL_COMPARE)
#define CP_DECL_PREDICATE(OE, op, DE, dt, T, F) \
  extern "C" void CP_NAME(predicate_##op##_##dt##_strided)(const void*, ptrdiff_t, void*, ptrdiff_t, size_t);
CP_PREDICATE_KERNELS(CP_DECL_PREDICATE)
#define CP_DECL_WHERE(DE, dt, T, _)                                                                  \
  extern "C" void CP_NAME(where_##dt)(const void*, ptrdiff_t, const void*, ptrdiff_t, const void*, ptrdiff_t, \
                                      void*, ptrdiff_t, size_t);
CP_DTYPES_ALL(CP_DECL_WHERE, _)
#define CP_DECL_REDUCE(OE, op, DE, dt, T, Acc) \
  extern "C" void CP_NAME(reduce_##op##_##dt)(const void*, size_t, void*);
CP_REDUCE_KERNELS(CP_DECL_REDUCE)
#define CP_DECL_FILL(DE, dt, T, _)                                         \
  extern "C" void CP_NAME(fill_##dt)(void*, const void*, size_t);         \
  extern "C" void CP_NAME(fill_strided_##dt)(void*, ptrdiff_t, const void*, size_t);
CP_DTYPES_ALL(CP_DECL_FILL, _)
#define CP_DECL_ARANGE(DE, dt, T, _) \
  extern "C" void CP_NAME(arange_##dt)(void*, const void*, const void*, size_t, size_t);
CP_DTYPES_NUMERIC(CP_DECL_ARANGE, _)
#define CP_DECL_FLOAT(DE, dt, T, _)                                                              \
  extern "C" void CP_NAME(linspace_##dt)(void*, double, double, size_t, size_t);                \
  extern "C" void CP_NAME(gemm_pack_a_##dt)(const void*, ptrdiff_t, ptrdiff_t, size_t, size_t, void*); \
  extern "C" void CP_NAME(gemm_pack_b_##dt)(const void*, ptrdiff_t, ptrdiff_t, size_t, size_t, void*); \
  extern "C" void CP_NAME(gemm_macro_##dt)(size_t, size_t, size_t, const void*, const void*, void*,   \
                                            ptrdiff_t, int);                                     \
  extern "C" void CP_NAME(gemm_direct_##dt)(size_t, size_t, size_t, const void*, ptrdiff_t,        \
                                             const void*, ptrdiff_t, void*, ptrdiff_t, void*, int); \
  extern "C" void CP_NAME(gemv_rows_##dt)(size_t, size_t, const void*, ptrdiff_t, const void*, void*); \
  extern "C" void CP_NAME(gemv_cols_##dt)(size_t, size_t, const void*, ptrdiff_t, const void*, void*); \
  extern "C" void corepy_random_uniform_##dt(void*, uint64_t, uint64_t, size_t);                \
  extern "C" void corepy_random_normal_##dt(void*, uint64_t, uint64_t, size_t);
CP_DTYPES_FLOAT(CP_DECL_FLOAT, _)
#define CP_DECL_MATMUL(DE, dt, T, _) \
  extern "C" void CP_NAME(matmul_naive_##dt)(const void*, const void*, void*, size_t, size_t, size_t);
CP_DTYPES_EXACT(CP_DECL_MATMUL, _)

extern "C" void CP_NAME(gather_rows)(const void*, size_t, const int64_t*, size_t, void*);
extern "C" void CP_NAME(scatter_rows)(void*, size_t, const int64_t*, size_t, const void*, ptrdiff_t);
extern "C" void CP_NAME(nonzero)(const uint8_t*, size_t, int64_t*);
extern "C" void CP_NAME(unravel)(const int64_t*, size_t, const size_t*, size_t, int64_t*);
#define CP_DECL_SORT(DE, dt, T, _)                                                \
  extern "C" void CP_NAME(sort_##dt)(void*, size_t);                             \
  extern "C" void CP_NAME(argsort_##dt)(const void*, size_t, int64_t*);          \
  extern "C" void CP_NAME(unique_##dt)(const void*, size_t, void*, size_t*);     \
  extern "C" void CP_NAME(argmax_##dt)(const void*, size_t, int64_t*);           \
  extern "C" void CP_NAME(argmin_##dt)(const void*, size_t, int64_t*);           \
  extern "C" void CP_NAME(cumsum_##dt)(const void*, size_t, void*);              \
  extern "C" void CP_NAME(cumprod_##dt)(const void*, size_t, void*);
CP_DTYPES_ALL(CP_DECL_SORT, _)
#define CP_DECL_ISCLOSE(DE, dt, T, _)                                                                    \
  extern "C" void CP_NAME(isclose_##dt)(const void*, ptrdiff_t, const void*, ptrdiff_t, void*, ptrdiff_t, \
                                        size_t, const cp_isclose_params*);
CP_DTYPES_FLOAT(CP_DECL_ISCLOSE, _)

extern "C" void CP_NAME(kernel_table)(cp_kernel_table* t) {
  // Start from all-null: an absent kernel is a null pointer Rust never calls.
  __builtin_memset(t, 0, sizeof(*t));
  t->abi_version = COREPY_KERNEL_ABI_VERSION;
  t->table_size = (uint32_t)sizeof(*t);
#define CP_STR_(x) #x
#define CP_STR(x) CP_STR_(x)
  t->isa_name = CP_STR(COREPY_ISA);
  t->registry_names = CP_REGISTRY_NAMES;

#define CP_SET_BINARY(OE, op, DE, dt, T, F)                                     \
  t->binary[CP_BIN_##OE][CP_DT_##DE][CP_MODE_VV] = &CP_NAME(binary_##op##_##dt##_vv); \
  t->binary[CP_BIN_##OE][CP_DT_##DE][CP_MODE_VS] = &CP_NAME(binary_##op##_##dt##_vs); \
  t->binary[CP_BIN_##OE][CP_DT_##DE][CP_MODE_SV] = &CP_NAME(binary_##op##_##dt##_sv); \
  t->binary_strided[CP_BIN_##OE][CP_DT_##DE] = &CP_NAME(binary_##op##_##dt##_strided);
  CP_BINARY_KERNELS(CP_SET_BINARY)
#define CP_SET_UNARY(OE, op, DE, dt, T, F)                    \
  t->unary[CP_UN_##OE][CP_DT_##DE] = &CP_NAME(unary_##op##_##dt); \
  t->unary_strided[CP_UN_##OE][CP_DT_##DE] = &CP_NAME(unary_##op##_##dt##_strided);
  CP_UNARY_KERNELS(CP_SET_UNARY)
#define CP_SET_COMPARE(OE, op, DE, dt, T, F)                                        \
  t->compare[CP_CMP_##OE][CP_DT_##DE][CP_MODE_VV] = &CP_NAME(compare_##op##_##dt##_vv); \
  t->compare[CP_CMP_##OE][CP_DT_##DE][CP_MODE_VS] = &CP_NAME(compare_##op##_##dt##_vs); \
  t->compare[CP_CMP_##OE][CP_DT_##DE][CP_MODE_SV] = &CP_NAME(compare_##op##_##dt##_sv); \
  t->compare_strided[CP_CMP_##OE][CP_DT_##DE] = &CP_NAME(compare_##op##_##dt##_strided);
  CP_COMPARE_KERNELS(CP_SET_COMPARE)
#define CP_SET_PREDICATE(OE, op, DE, dt, T, F) \
  t->predicate_strided[CP_PRED_##OE][CP_DT_##DE] = &CP_NAME(predicate_##op##_##dt##_strided);
  CP_PREDICATE_KERNELS(CP_SET_PREDICATE)
#define CP_SET_WHERE(DE, dt, T, _) t->where[CP_DT_##DE] = &CP_NAME(where_##dt);
  CP_DTYPES_ALL(CP_SET_WHERE, _)
#define CP_SET_CAST(FE, fdt, FT, TE, tdt, TT)                                \
  t->cast[CP_DT_##FE][CP_DT_##TE] = &CP_NAME(cast_##fdt##_to_##tdt); \
  t->cast_strided[CP_DT_##FE][CP_DT_##TE] = &CP_NAME(cast_##fdt##_to_##tdt##_strided);
  CP_CAST_KERNELS(CP_SET_CAST)
#define CP_SET_REDUCE(OE, op, DE, dt, T, Acc) t->reduce[CP_RED_##OE][CP_DT_##DE] = &CP_NAME(reduce_##op##_##dt);
  CP_REDUCE_KERNELS(CP_SET_REDUCE)
#define CP_SET_FILL(DE, dt, T, _)                         \
  t->fill[CP_DT_##DE] = &CP_NAME(fill_##dt);             \
  t->fill_strided[CP_DT_##DE] = &CP_NAME(fill_strided_##dt);
  CP_DTYPES_ALL(CP_SET_FILL, _)
#define CP_SET_ARANGE(DE, dt, T, _) t->arange[CP_DT_##DE] = &CP_NAME(arange_##dt);
  CP_DTYPES_NUMERIC(CP_SET_ARANGE, _)
#define CP_SET_FLOAT(DE, dt, T, _)                                       \
  t->linspace[CP_DT_##DE] = &CP_NAME(linspace_##dt);                    \
  t->uniform[CP_DT_##DE] = &corepy_random_uniform_##dt;                 \
  t->normal[CP_DT_##DE] = &corepy_random_normal_##dt;                   \
  t->gemm[CP_DT_##DE].mr = (size_t)corepy::Tile<T>::MR;                 \
  t->gemm[CP_DT_##DE].nr = (size_t)corepy::Tile<T>::NR;                 \
  t->gemm[CP_DT_##DE].pack_a = &CP_NAME(gemm_pack_a_##dt);              \
  t->gemm[CP_DT_##DE].pack_b = &CP_NAME(gemm_pack_b_##dt);              \
  t->gemm[CP_DT_##DE].macro_kernel = &CP_NAME(gemm_macro_##dt);        \
  t->gemm[CP_DT_##DE].direct = &CP_NAME(gemm_direct_##dt);            \
  t->gemm[CP_DT_##DE].gemv_rows = &CP_NAME(gemv_rows_##dt);            \
  t->gemm[CP_DT_##DE].gemv_cols = &CP_NAME(gemv_cols_##dt);
  CP_DTYPES_FLOAT(CP_SET_FLOAT, _)
  t->gather_rows = &CP_NAME(gather_rows);
  t->scatter_rows = &CP_NAME(scatter_rows);
  t->nonzero = &CP_NAME(nonzero);
  t->unravel = &CP_NAME(unravel);
#define CP_SET_SORT(DE, dt, T, _)                        \
  t->sort[CP_DT_##DE] = &CP_NAME(sort_##dt);            \
  t->argsort[CP_DT_##DE] = &CP_NAME(argsort_##dt);      \
  t->unique[CP_DT_##DE] = &CP_NAME(unique_##dt);        \
  t->argmax[CP_DT_##DE] = &CP_NAME(argmax_##dt);        \
  t->argmin[CP_DT_##DE] = &CP_NAME(argmin_##dt);        \
  t->cumsum[CP_DT_##DE] = &CP_NAME(cumsum_##dt);        \
  t->cumprod[CP_DT_##DE] = &CP_NAME(cumprod_##dt);
  CP_DTYPES_ALL(CP_SET_SORT, _)
#define CP_SET_MATMUL(DE, dt, T, _) t->matmul_naive[CP_DT_##DE] = &CP_NAME(matmul_naive_##dt);
  CP_DTYPES_EXACT(CP_SET_MATMUL, _)
#define CP_SET_ISCLOSE(DE, dt, T, _) t->isclose[CP_DT_##DE] = &CP_NAME(isclose_##dt);
  CP_DTYPES_FLOAT(CP_SET_ISCLOSE, _)
}

/* The one list of corepy's element types. Everything that enumerates dtypes
 * derives from it: the CP_DT_* codes below, the per-kind subsets and kernel
 * lists in csrc/kernels/kernel_list.h, and (through
 * rust/corepy-runtime/build.rs, which reads these rows) the Rust `DType`
 * with its names, item sizes, kinds and parse table, and from there the
 * Python module's dtype objects.
 *
 * Row order is the ABI order: a row's position is its CP_DT_* code and its
 * index in every per-dtype kernel table. Append new dtypes at the end.
 *
 * Columns: X(ENUM, suffix, C type, KIND, RustName, "NumPy name",
 *            itemsize, "array-interface typestr", "other accepted names",
 *            Rust element type, ...)
 * KIND is BOOL, SINT, UINT or FLOAT. The Rust element type is what the runtime
 * reads and writes one element as (bool elements are their 0/1 byte, u8). Names that NumPy gives another meaning
 * are never accepted here (NumPy's 'u8' is uint64, 'i8' is int64).
 */
#ifndef COREPY_DTYPE_LIST_H
#define COREPY_DTYPE_LIST_H

#define CP_DTYPE_LIST(X, ...)                                                            \
  X(BOOL, b8, uint8_t, BOOL, Bool, "bool", 1, "|b1", "b1 ?", u8, __VA_ARGS__)               \
  X(I32, i32, int32_t, SINT, I32, "int32", 4, "<i4", "i4 i32", i32, __VA_ARGS__)            \
  X(I64, i64, int64_t, SINT, I64, "int64", 8, "<i8", "i8 i64 int", i64, __VA_ARGS__)        \
  X(F32, f32, float, FLOAT, F32, "float32", 4, "<f4", "f4 f32", f32, __VA_ARGS__)           \
  X(F64, f64, double, FLOAT, F64, "float64", 8, "<f8", "f8 f64 float double", f64, __VA_ARGS__)\
  X(I8, i8, int8_t, SINT, I8, "int8", 1, "|i1", "i1", i8, __VA_ARGS__)                      \
  X(I16, i16, int16_t, SINT, I16, "int16", 2, "<i2", "i2 i16", i16, __VA_ARGS__)            \
  X(U8, u8, uint8_t, UINT, U8, "uint8", 1, "|u1", "u1", u8, __VA_ARGS__)

#define CP_DT_ENUM_(E, ...) CP_DT_##E,
/* dtype codes: the row order of CP_DTYPE_LIST. */
enum { CP_DTYPE_LIST(CP_DT_ENUM_, _) CP_NUM_DTYPES };

#endif /* COREPY_DTYPE_LIST_H */

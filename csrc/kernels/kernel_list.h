// The list of every kernel, written once. Each kernel source expands it to
// define the kernels of the ISA it is compiled for; kernel_table.cpp expands it
// to declare them and fill the table. Adding a kernel touches this list and
// the one source that implements it.
//
// Dtype columns: (ENUM, suffix, C type).
#pragma once
#include <stdint.h>

#define CP_DTYPES_ALL(X, ...)                 \
  X(BOOL, b8, uint8_t, __VA_ARGS__)           \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)           \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)

#define CP_DTYPES_NUMERIC(X, ...)             \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)           \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)

#define CP_DTYPES_FLOAT(X, ...)               \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)

#define CP_DTYPES_EXACT(X, ...)               \
  X(BOOL, b8, uint8_t, __VA_ARGS__)           \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)

// Binary kernels: X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor).
// bool add/mul are logical or/and, as in NumPy.
#define CP_BINARY_ENTRY(DE, dt, T, X) X(ADD, add, DE, dt, T, AddOp) X(SUB, sub, DE, dt, T, SubOp) X(MUL, mul, DE, dt, T, MulOp)
#define CP_BINARY_KERNELS(X)                  \
  CP_DTYPES_NUMERIC(CP_BINARY_ENTRY, X)       \
  X(DIV, div, F32, f32, float, DivOp)         \
  X(DIV, div, F64, f64, double, DivOp)        \
  X(ADD, add, BOOL, b8, uint8_t, OrOp)        \
  X(MUL, mul, BOOL, b8, uint8_t, AndOp)

// Unary kernels: X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor).
#define CP_UNARY_ENTRY(DE, dt, T, X) X(NEG, neg, DE, dt, T, NegOp)
#define CP_UNARY_KERNELS(X) CP_DTYPES_NUMERIC(CP_UNARY_ENTRY, X)

// Casts: X(FROM_ENUM, from, FromT, TO_ENUM, to, ToT) for every pair.
#define CP_CAST_TO(DE, dt, T, X, FE, fdt, FT) X(FE, fdt, FT, DE, dt, T)
// (A second copy of the dtype list: a macro cannot expand inside itself.)
#define CP_DTYPES_ALL_INNER(X, ...)           \
  X(BOOL, b8, uint8_t, __VA_ARGS__)           \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)           \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)
#define CP_CAST_FROM(FE, fdt, FT, X) CP_DTYPES_ALL_INNER(CP_CAST_TO, X, FE, fdt, FT)
#define CP_CAST_KERNELS(X) CP_DTYPES_ALL(CP_CAST_FROM, X)

// Reductions: X(OP_ENUM, op, DT_ENUM, dt, ctype, AccT) (AccT: what sum writes).
#define CP_REDUCE_KERNELS(X)                  \
  X(SUM, sum, BOOL, b8, uint8_t, int64_t)     \
  X(SUM, sum, I32, i32, int32_t, int64_t)     \
  X(SUM, sum, I64, i64, int64_t, int64_t)     \
  X(SUM, sum, F32, f32, float, float)         \
  X(SUM, sum, F64, f64, double, double)       \
  X(MAX, max, BOOL, b8, uint8_t, uint8_t)     \
  X(MAX, max, I32, i32, int32_t, int32_t)     \
  X(MAX, max, I64, i64, int64_t, int64_t)     \
  X(MAX, max, F32, f32, float, float)         \
  X(MAX, max, F64, f64, double, double)       \
  X(MIN, min, BOOL, b8, uint8_t, uint8_t)     \
  X(MIN, min, I32, i32, int32_t, int32_t)     \
  X(MIN, min, I64, i64, int64_t, int64_t)     \
  X(MIN, min, F32, f32, float, float)         \
  X(MIN, min, F64, f64, double, double)

// The list of every kernel, written once. Each kernel source expands it to
// define the kernels of the ISA it is compiled for; kernel_table.cpp expands it
// to declare them and fill the table. Adding a kernel touches this list and
// the one source that implements it.
//
// Dtype columns: (ENUM, suffix, C type). bool and uint8 share the C type
// uint8_t; functors that treat bool specially get CP_IS_BOOL_<ENUM>.
#pragma once
#include <stdint.h>

#define CP_IS_BOOL_BOOL 1
#define CP_IS_BOOL_I8 0
#define CP_IS_BOOL_I16 0
#define CP_IS_BOOL_U8 0
#define CP_IS_BOOL_I32 0
#define CP_IS_BOOL_I64 0
#define CP_IS_BOOL_F32 0
#define CP_IS_BOOL_F64 0

#define CP_DTYPES_ALL(X, ...)                 \
  X(I8, i8, int8_t, __VA_ARGS__)             \
  X(I16, i16, int16_t, __VA_ARGS__)          \
  X(U8, u8, uint8_t, __VA_ARGS__)            \
  X(BOOL, b8, uint8_t, __VA_ARGS__)           \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)           \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)

#define CP_DTYPES_NUMERIC(X, ...)             \
  X(I8, i8, int8_t, __VA_ARGS__)             \
  X(I16, i16, int16_t, __VA_ARGS__)          \
  X(U8, u8, uint8_t, __VA_ARGS__)            \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)           \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)

#define CP_DTYPES_INT(X, ...)                 \
  X(I8, i8, int8_t, __VA_ARGS__)             \
  X(I16, i16, int16_t, __VA_ARGS__)          \
  X(U8, u8, uint8_t, __VA_ARGS__)            \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)

#define CP_DTYPES_FLOAT(X, ...)               \
  X(F32, f32, float, __VA_ARGS__)             \
  X(F64, f64, double, __VA_ARGS__)

#define CP_DTYPES_EXACT(X, ...)               \
  X(I8, i8, int8_t, __VA_ARGS__)             \
  X(I16, i16, int16_t, __VA_ARGS__)          \
  X(U8, u8, uint8_t, __VA_ARGS__)            \
  X(BOOL, b8, uint8_t, __VA_ARGS__)           \
  X(I32, i32, int32_t, __VA_ARGS__)           \
  X(I64, i64, int64_t, __VA_ARGS__)

// Binary kernels (output dtype = input dtype): X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor).
// bool add/mul/maximum/minimum are logical or/and, as in NumPy.
#define CP_BINARY_NUMERIC(DE, dt, T, X)                                                     \
  X(ADD, add, DE, dt, T, AddOp) X(SUB, sub, DE, dt, T, SubOp) X(MUL, mul, DE, dt, T, MulOp) \
  X(MAXIMUM, maximum, DE, dt, T, MaxOp) X(MINIMUM, minimum, DE, dt, T, MinOp)              \
  X(FLOORDIV, floordiv, DE, dt, T, FloorDivOp) X(MOD, mod, DE, dt, T, ModOp)                \
  X(POW, pow, DE, dt, T, PowOp)
#define CP_BINARY_EXACT(DE, dt, T, X) \
  X(BITAND, bitand, DE, dt, T, BitAndOp) X(BITOR, bitor, DE, dt, T, BitOrOp) X(BITXOR, bitxor, DE, dt, T, BitXorOp)
#define CP_BINARY_KERNELS(X)                  \
  CP_DTYPES_NUMERIC(CP_BINARY_NUMERIC, X)     \
  CP_DTYPES_EXACT(CP_BINARY_EXACT, X)         \
  X(DIV, div, F32, f32, float, DivOp)         \
  X(DIV, div, F64, f64, double, DivOp)        \
  X(ADD, add, BOOL, b8, uint8_t, BitOrOp)     \
  X(MUL, mul, BOOL, b8, uint8_t, BitAndOp)    \
  X(MAXIMUM, maximum, BOOL, b8, uint8_t, BitOrOp) \
  X(MINIMUM, minimum, BOOL, b8, uint8_t, BitAndOp)

// Comparisons (output bool): X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor).
#define CP_COMPARE_ENTRY(DE, dt, T, X)                                                   \
  X(EQ, eq, DE, dt, T, EqOp) X(NE, ne, DE, dt, T, NeOp) X(LT, lt, DE, dt, T, LtOp)     \
  X(LE, le, DE, dt, T, LeOp) X(GT, gt, DE, dt, T, GtOp) X(GE, ge, DE, dt, T, GeOp)
#define CP_COMPARE_KERNELS(X) CP_DTYPES_ALL(CP_COMPARE_ENTRY, X)

// Unary kernels (output dtype = input dtype): X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor).
#define CP_UNARY_NUMERIC(DE, dt, T, X)                                                         \
  X(NEG, neg, DE, dt, T, NegOp) X(ABS, abs, DE, dt, T, AbsOp) X(SIGN, sign, DE, dt, T, SignOp) \
  X(SQUARE, square, DE, dt, T, SquareOp) X(RELU, relu, DE, dt, T, ReluOp)
#define CP_UNARY_FLOAT(DE, dt, T, X)                                                                 \
  X(FLOOR, floor, DE, dt, T, FloorOp) X(CEIL, ceil, DE, dt, T, CeilOp) X(RINT, rint, DE, dt, T, RintOp) \
  X(TRUNC, trunc, DE, dt, T, TruncOp) X(SQRT, sqrt, DE, dt, T, SqrtOp) X(EXP, exp, DE, dt, T, ExpOp)   \
  X(EXPM1, expm1, DE, dt, T, Expm1Op) X(LOG, log, DE, dt, T, LogOp) X(LOG1P, log1p, DE, dt, T, Log1pOp) \
  X(LOG2, log2, DE, dt, T, Log2Op) X(LOG10, log10, DE, dt, T, Log10Op) X(SIN, sin, DE, dt, T, SinOp)   \
  X(COS, cos, DE, dt, T, CosOp) X(TAN, tan, DE, dt, T, TanOp) X(TANH, tanh, DE, dt, T, TanhOp)         \
  X(SIGMOID, sigmoid, DE, dt, T, SigmoidOp)
#define CP_UNARY_INT(DE, dt, T, X) X(INVERT, invert, DE, dt, T, InvertOp)
#define CP_UNARY_KERNELS(X)                 \
  CP_DTYPES_NUMERIC(CP_UNARY_NUMERIC, X)    \
  CP_DTYPES_FLOAT(CP_UNARY_FLOAT, X)        \
  CP_DTYPES_INT(CP_UNARY_INT, X)            \
  X(INVERT, invert, BOOL, b8, uint8_t, LogicalInvertOp) \
  X(ABS, abs, BOOL, b8, uint8_t, IdentityOp)

// Predicates (output bool): X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor).
#define CP_PREDICATE_FLOAT(DE, dt, T, X) \
  X(ISNAN, isnan, DE, dt, T, IsNanOp) X(ISINF, isinf, DE, dt, T, IsInfOp) X(ISFINITE, isfinite, DE, dt, T, IsFiniteOp)
#define CP_PREDICATE_ALL(DE, dt, T, X) X(LOGICAL_NOT, logical_not, DE, dt, T, LogicalNotOp)
#define CP_PREDICATE_KERNELS(X)              \
  CP_DTYPES_FLOAT(CP_PREDICATE_FLOAT, X)     \
  CP_DTYPES_ALL(CP_PREDICATE_ALL, X)

// Casts: X(FROM_ENUM, from, FromT, TO_ENUM, to, ToT) for every pair.
#define CP_CAST_TO(DE, dt, T, X, FE, fdt, FT) X(FE, fdt, FT, DE, dt, T)
// (A second copy of the dtype list: a macro cannot expand inside itself.)
#define CP_DTYPES_ALL_INNER(X, ...)           \
  X(I8, i8, int8_t, __VA_ARGS__)             \
  X(I16, i16, int16_t, __VA_ARGS__)          \
  X(U8, u8, uint8_t, __VA_ARGS__)            \
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
  X(SUM, sum, I8, i8, int8_t, int64_t)        \
  X(SUM, sum, I16, i16, int16_t, int64_t)     \
  X(SUM, sum, U8, u8, uint8_t, int64_t)       \
  X(MAX, max, I8, i8, int8_t, int8_t)         \
  X(MAX, max, I16, i16, int16_t, int16_t)     \
  X(MAX, max, U8, u8, uint8_t, uint8_t)       \
  X(MIN, min, I8, i8, int8_t, int8_t)         \
  X(MIN, min, I16, i16, int16_t, int16_t)     \
  X(MIN, min, U8, u8, uint8_t, uint8_t)       \
  X(PROD, prod, I8, i8, int8_t, int64_t)      \
  X(PROD, prod, I16, i16, int16_t, int64_t)   \
  X(PROD, prod, U8, u8, uint8_t, int64_t)     \
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
  X(MIN, min, F64, f64, double, double)     \
  X(PROD, prod, BOOL, b8, uint8_t, int64_t)  \
  X(PROD, prod, I32, i32, int32_t, int64_t)  \
  X(PROD, prod, I64, i64, int64_t, int64_t)  \
  X(PROD, prod, F32, f32, float, float)      \
  X(PROD, prod, F64, f64, double, double)

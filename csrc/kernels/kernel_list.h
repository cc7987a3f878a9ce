// The kernel lists, derived from the two lists written once: the dtypes
// (corepy/dtype_list.h) and the ops with their dtype rules
// (corepy/op_registry.h). Each kernel source expands the list of its family
// to define the kernels of the ISA it is compiled for; kernel_table.cpp
// expands them to declare the kernels and fill the table. Nothing here names
// a dtype or an op.
//
// Callback shapes:
//   per dtype:            X(DT_ENUM, dt, ctype, ...)
//   elementwise kernels:  X(OP_ENUM, op, DT_ENUM, dt, ctype, Functor)
//   reductions:           X(OP_ENUM, op, DT_ENUM, dt, ctype, AccT)
//   casts:                X(FROM_ENUM, from, FromT, TO_ENUM, to, ToT)
#pragma once
#include <stdint.h>

#include "corepy/dtype_list.h"
#include "corepy/op_registry.h"

// A kernel dtype is bool (its 0/1 byte needs care in casts and products).
#define CP_IS_BOOL(DE) (CP_DT_##DE == CP_DT_BOOL)

// ---- dtype subsets, by kind ----------------------------------------------
#define CP_KEEP_(...) __VA_ARGS__
#define CP_DROP_(...)
#define CP_IN_ALL_BOOL CP_KEEP_
#define CP_IN_ALL_SINT CP_KEEP_
#define CP_IN_ALL_UINT CP_KEEP_
#define CP_IN_ALL_FLOAT CP_KEEP_
#define CP_IN_NUMERIC_BOOL CP_DROP_
#define CP_IN_NUMERIC_SINT CP_KEEP_
#define CP_IN_NUMERIC_UINT CP_KEEP_
#define CP_IN_NUMERIC_FLOAT CP_KEEP_
#define CP_IN_INT_BOOL CP_DROP_
#define CP_IN_INT_SINT CP_KEEP_
#define CP_IN_INT_UINT CP_KEEP_
#define CP_IN_INT_FLOAT CP_DROP_
#define CP_IN_FLOAT_BOOL CP_DROP_
#define CP_IN_FLOAT_SINT CP_DROP_
#define CP_IN_FLOAT_UINT CP_DROP_
#define CP_IN_FLOAT_FLOAT CP_KEEP_
#define CP_IN_EXACT_BOOL CP_KEEP_
#define CP_IN_EXACT_SINT CP_KEEP_
#define CP_IN_EXACT_UINT CP_KEEP_
#define CP_IN_EXACT_FLOAT CP_DROP_
#define CP_SUBSET_(DE, dt, T, K, R, nm, sz, ts, al, RT, SUB, X, ...) CP_IN_##SUB##_##K(X(DE, dt, T, __VA_ARGS__))
#define CP_DTYPES_ALL(X, ...) CP_DTYPE_LIST(CP_SUBSET_, ALL, X, __VA_ARGS__)
#define CP_DTYPES_NUMERIC(X, ...) CP_DTYPE_LIST(CP_SUBSET_, NUMERIC, X, __VA_ARGS__)
#define CP_DTYPES_INT(X, ...) CP_DTYPE_LIST(CP_SUBSET_, INT, X, __VA_ARGS__)
#define CP_DTYPES_FLOAT(X, ...) CP_DTYPE_LIST(CP_SUBSET_, FLOAT, X, __VA_ARGS__)
#define CP_DTYPES_EXACT(X, ...) CP_DTYPE_LIST(CP_SUBSET_, EXACT, X, __VA_ARGS__)

// ---- elementwise kernels: each op row x each dtype its rule gives a kernel --
// A rule maps a dtype kind to the functor its kernel uses: the op's Functor,
// its BoolFunctor, or no kernel.
#define CP_USE_F_(X, OE, op, DE, dt, T, F, BF) X(OE, op, DE, dt, T, F)
#define CP_USE_BF_(X, OE, op, DE, dt, T, F, BF) X(OE, op, DE, dt, T, BF)
#define CP_USE_NONE_(...)
#define CP_RULE_NUMERIC_NOBOOL_BOOL CP_USE_NONE_
#define CP_RULE_NUMERIC_NOBOOL_SINT CP_USE_F_
#define CP_RULE_NUMERIC_NOBOOL_UINT CP_USE_F_
#define CP_RULE_NUMERIC_NOBOOL_FLOAT CP_USE_F_
#define CP_RULE_NUMERIC_BOOL CP_USE_NONE_
#define CP_RULE_NUMERIC_SINT CP_USE_F_
#define CP_RULE_NUMERIC_UINT CP_USE_F_
#define CP_RULE_NUMERIC_FLOAT CP_USE_F_
#define CP_RULE_ROUND_BOOL CP_USE_NONE_
#define CP_RULE_ROUND_SINT CP_USE_NONE_
#define CP_RULE_ROUND_UINT CP_USE_NONE_
#define CP_RULE_ROUND_FLOAT CP_USE_F_
#define CP_RULE_FLOAT_MATH_BOOL CP_USE_NONE_
#define CP_RULE_FLOAT_MATH_SINT CP_USE_NONE_
#define CP_RULE_FLOAT_MATH_UINT CP_USE_NONE_
#define CP_RULE_FLOAT_MATH_FLOAT CP_USE_F_
#define CP_RULE_BITWISE_BOOL CP_USE_BF_
#define CP_RULE_BITWISE_SINT CP_USE_F_
#define CP_RULE_BITWISE_UINT CP_USE_F_
#define CP_RULE_BITWISE_FLOAT CP_USE_NONE_
#define CP_RULE_ARITH_BOOL CP_USE_BF_
#define CP_RULE_ARITH_SINT CP_USE_F_
#define CP_RULE_ARITH_UINT CP_USE_F_
#define CP_RULE_ARITH_FLOAT CP_USE_F_
#define CP_RULE_ARITH_NOBOOL_BOOL CP_USE_NONE_
#define CP_RULE_ARITH_NOBOOL_SINT CP_USE_F_
#define CP_RULE_ARITH_NOBOOL_UINT CP_USE_F_
#define CP_RULE_ARITH_NOBOOL_FLOAT CP_USE_F_
#define CP_RULE_ARITH_BOOL_INT_BOOL CP_USE_NONE_
#define CP_RULE_ARITH_BOOL_INT_SINT CP_USE_F_
#define CP_RULE_ARITH_BOOL_INT_UINT CP_USE_F_
#define CP_RULE_ARITH_BOOL_INT_FLOAT CP_USE_F_
#define CP_RULE_TRUE_DIV_BOOL CP_USE_NONE_
#define CP_RULE_TRUE_DIV_SINT CP_USE_NONE_
#define CP_RULE_TRUE_DIV_UINT CP_USE_NONE_
#define CP_RULE_TRUE_DIV_FLOAT CP_USE_F_
#define CP_RULE_ALL_BOOL CP_USE_BF_
#define CP_RULE_ALL_SINT CP_USE_F_
#define CP_RULE_ALL_UINT CP_USE_F_
#define CP_RULE_ALL_FLOAT CP_USE_F_
#define CP_RULE_CLASSIFY_FALSE_BOOL CP_USE_NONE_
#define CP_RULE_CLASSIFY_FALSE_SINT CP_USE_NONE_
#define CP_RULE_CLASSIFY_FALSE_UINT CP_USE_NONE_
#define CP_RULE_CLASSIFY_FALSE_FLOAT CP_USE_F_
#define CP_RULE_CLASSIFY_TRUE_BOOL CP_USE_NONE_
#define CP_RULE_CLASSIFY_TRUE_SINT CP_USE_NONE_
#define CP_RULE_CLASSIFY_TRUE_UINT CP_USE_NONE_
#define CP_RULE_CLASSIFY_TRUE_FLOAT CP_USE_F_

#define CP_OP_DTYPE_(DE, dt, T, K, R, nm, sz, ts, al, RT, X, OE, op, RULE, F, BF) \
  CP_RULE_##RULE##_##K(X, OE, op, DE, dt, T, F, BF)
#define CP_OP_ROW_(OE, R, op, RULE, F, BF, nm, al, hint, doc, X) CP_DTYPE_LIST(CP_OP_DTYPE_, X, OE, op, RULE, F, BF)
#define CP_UNARY_KERNELS(X) CP_UNARY_OPS(CP_OP_ROW_, X)
#define CP_BINARY_KERNELS(X) CP_BINARY_OPS(CP_OP_ROW_, X)
#define CP_COMPARE_KERNELS(X) CP_COMPARE_OPS(CP_OP_ROW_, X)
#define CP_PREDICATE_KERNELS(X) CP_PREDICATE_OPS(CP_OP_ROW_, X)

// ---- reductions: every op x every dtype, with the rule's accumulator type ---
#define CP_ACC_ACCUMULATE_BOOL(T) int64_t
#define CP_ACC_ACCUMULATE_SINT(T) int64_t
#define CP_ACC_ACCUMULATE_UINT(T) int64_t
#define CP_ACC_ACCUMULATE_FLOAT(T) T
#define CP_ACC_EXTREMUM_BOOL(T) T
#define CP_ACC_EXTREMUM_SINT(T) T
#define CP_ACC_EXTREMUM_UINT(T) T
#define CP_ACC_EXTREMUM_FLOAT(T) T
#define CP_REDUCE_DTYPE_(DE, dt, T, K, R, nm, sz, ts, al, RT, X, OE, op, RULE) X(OE, op, DE, dt, T, CP_ACC_##RULE##_##K(T))
#define CP_REDUCE_ROW_(OE, R, op, RULE, F, BF, nm, al, hint, doc, X) CP_DTYPE_LIST(CP_REDUCE_DTYPE_, X, OE, op, RULE)
#define CP_REDUCE_KERNELS(X) CP_REDUCE_OPS(CP_REDUCE_ROW_, X)

// ---- casts: every (from, to) pair ------------------------------------------
// The inner list expands in a second scan (a macro cannot expand inside its
// own expansion): CP_CAST_FROM_ leaves "CP_DTYPE_LIST_AGAIN_ ()(...)" unexpanded
// and CP_EXPAND_ rescans it once CP_DTYPE_LIST has finished.
#define CP_EMPTY_()
#define CP_DEFER_(m) m CP_EMPTY_()
#define CP_EXPAND_(...) __VA_ARGS__
#define CP_DTYPE_LIST_AGAIN_() CP_DTYPE_LIST
#define CP_CAST_TO_(DE, dt, T, K, R, nm, sz, ts, al, RT, X, FE, fdt, FT) X(FE, fdt, FT, DE, dt, T)
#define CP_CAST_FROM_(DE, dt, T, K, R, nm, sz, ts, al, RT, X) CP_DEFER_(CP_DTYPE_LIST_AGAIN_)()(CP_CAST_TO_, X, DE, dt, T)
#define CP_CAST_KERNELS(X) CP_EXPAND_(CP_DTYPE_LIST(CP_CAST_FROM_, X))

// ---- the names the kernel table reports (compared by the runtime at load) ---
#define CP_OP_NAME_(OE, R, op, RULE, F, BF, nm, ...) nm ","
#define CP_DT_NAME_(DE, dt, T, K, R, nm, ...) nm ","
#define CP_REGISTRY_NAMES                                                                              \
  "unary:" CP_UNARY_OPS(CP_OP_NAME_, _) ";binary:" CP_BINARY_OPS(CP_OP_NAME_, _) ";compare:"           \
  CP_COMPARE_OPS(CP_OP_NAME_, _) ";predicate:" CP_PREDICATE_OPS(CP_OP_NAME_, _) ";reduce:"             \
  CP_REDUCE_OPS(CP_OP_NAME_, _) ";dtypes:" CP_DTYPE_LIST(CP_DT_NAME_, _)

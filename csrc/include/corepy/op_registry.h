/* The op registry: every elementwise op and reduction, written once.
 *
 * C++ expands these rows (csrc/kernels/kernel_list.h) into the kernels of
 * each ISA, the CP_UN_/CP_BIN_/... codes of kernel_table.h and the table's
 * name list; rust/corepy-runtime/build.rs reads the same rows to generate the
 * Rust op enums with name()/parse()/aliases/doc/rule, the NUM_* sizes and the
 * name list the runtime compares with the C++ one when it loads a table; the
 * Python module builds its functions (and their docstrings) from the runtime's
 * copy. Adding a unary math function is one row here, its functor in
 * csrc/kernels/unary.cpp and its math routine.
 *
 * Columns: X(ENUM, RustName, symbol, RULE, Functor, BoolFunctor, "name",
 *            "aliases", "hint", "doc", ...)
 *   symbol       the kernels' symbol infix (unary_<symbol>_<dtype>)
 *   RULE         which dtypes have kernels and what the result dtype is
 *                (see each list; the Rust side of a rule is in
 *                rust/corepy-runtime/src/registry.rs)
 *   Functor      the kernel functor for numeric dtypes; BoolFunctor the one
 *                for bool where the rule uses one ("_" where none)
 *   "name"       the NumPy name; "aliases" other accepted names, space separated
 *   "hint"       appended to the error for a refused dtype
 * Row order is the ABI order of each kind's codes; append new rows at the end.
 */
#ifndef COREPY_OP_REGISTRY_H
#define COREPY_OP_REGISTRY_H

/* Unary: result dtype = input dtype unless the rule says otherwise.
 *   NUMERIC_NOBOOL  numeric dtypes; bool refused
 *   NUMERIC         numeric dtypes; bool returns a copy (x*x, |x|, max(x,0) are x)
 *   ROUND           floats; integers and bool return a copy
 *   FLOAT_MATH      floats; other inputs are computed in float32 (itemsize <= 2)
 *                   or float64
 *   BITWISE         integers, and bool with BoolFunctor; floats refused */
#define CP_UNARY_OPS(X, ...)                                                                                        \
  X(NEG, Neg, neg, NUMERIC_NOBOOL, NegOp, _, "negative", "", "use the ~ operator or logical_not instead", "Numerical negative, elementwise.", __VA_ARGS__) \
  X(ABS, Abs, abs, NUMERIC, AbsOp, _, "absolute", "abs", "", "Absolute value, elementwise (the minimum integer stays itself, as NumPy).", __VA_ARGS__) \
  X(SIGN, Sign, sign, NUMERIC_NOBOOL, SignOp, _, "sign", "", "", "-1, 0 or 1 by the sign of each element; NaN stays NaN.", __VA_ARGS__) \
  X(SQUARE, Square, square, NUMERIC, SquareOp, _, "square", "", "", "x * x, elementwise (integers wrap).", __VA_ARGS__) \
  X(RELU, Relu, relu, NUMERIC, ReluOp, _, "relu", "", "", "max(x, 0), elementwise; NaN stays NaN.", __VA_ARGS__) \
  X(FLOOR, Floor, floor, ROUND, FloorOp, _, "floor", "", "", "The largest integer not greater than x, elementwise.", __VA_ARGS__) \
  X(CEIL, Ceil, ceil, ROUND, CeilOp, _, "ceil", "", "", "The smallest integer not less than x, elementwise.", __VA_ARGS__) \
  X(RINT, Rint, rint, ROUND, RintOp, _, "rint", "", "", "Round to the nearest integer, halves to even, elementwise.", __VA_ARGS__) \
  X(TRUNC, Trunc, trunc, ROUND, TruncOp, _, "trunc", "", "", "Round toward zero, elementwise.", __VA_ARGS__) \
  X(SQRT, Sqrt, sqrt, FLOAT_MATH, SqrtOp, _, "sqrt", "", "", "Non-negative square root, elementwise (NaN below 0).", __VA_ARGS__) \
  X(EXP, Exp, exp, FLOAT_MATH, ExpOp, _, "exp", "", "", "e to the power x, elementwise.", __VA_ARGS__) \
  X(EXPM1, Expm1, expm1, FLOAT_MATH, Expm1Op, _, "expm1", "", "", "exp(x) - 1, accurate near 0, elementwise.", __VA_ARGS__) \
  X(LOG, Log, log, FLOAT_MATH, LogOp, _, "log", "", "", "Natural logarithm, elementwise.", __VA_ARGS__) \
  X(LOG1P, Log1p, log1p, FLOAT_MATH, Log1pOp, _, "log1p", "", "", "log(1 + x), accurate near 0, elementwise.", __VA_ARGS__) \
  X(LOG2, Log2, log2, FLOAT_MATH, Log2Op, _, "log2", "", "", "Base-2 logarithm, elementwise.", __VA_ARGS__) \
  X(LOG10, Log10, log10, FLOAT_MATH, Log10Op, _, "log10", "", "", "Base-10 logarithm, elementwise.", __VA_ARGS__) \
  X(SIN, Sin, sin, FLOAT_MATH, SinOp, _, "sin", "", "", "Sine (radians), elementwise.", __VA_ARGS__) \
  X(COS, Cos, cos, FLOAT_MATH, CosOp, _, "cos", "", "", "Cosine (radians), elementwise.", __VA_ARGS__) \
  X(TAN, Tan, tan, FLOAT_MATH, TanOp, _, "tan", "", "", "Tangent (radians), elementwise.", __VA_ARGS__) \
  X(TANH, Tanh, tanh, FLOAT_MATH, TanhOp, _, "tanh", "", "", "Hyperbolic tangent, elementwise.", __VA_ARGS__) \
  X(SIGMOID, Sigmoid, sigmoid, FLOAT_MATH, SigmoidOp, _, "sigmoid", "", "", "The logistic function 1 / (1 + exp(-x)), elementwise.", __VA_ARGS__) \
  X(INVERT, Invert, invert, BITWISE, InvertOp, LogicalInvertOp, "invert", "bitwise_not bitwise_invert", "bitwise operations need integer or bool operands", "Bitwise not, elementwise (logical not for bool).", __VA_ARGS__) \
  X(SINH, Sinh, sinh, FLOAT_MATH, SinhOp, _, "sinh", "", "", "Hyperbolic sine, elementwise.", __VA_ARGS__)

/* Binary: both operands are promoted (NumPy 2, Python scalars weak) to one
 * dtype, which the result has unless the rule says otherwise.
 *   ARITH           numeric dtypes; bool with BoolFunctor
 *   ARITH_NOBOOL    numeric dtypes; bool refused
 *   ARITH_BOOL_INT  numeric dtypes; bool operands are computed in int8
 *   TRUE_DIV        floats; integer and bool operands are computed in float64
 *   BITWISE         integers, and bool with BoolFunctor; floats refused */
#define CP_BINARY_OPS(X, ...)                                                                                       \
  X(ADD, Add, add, ARITH, AddOp, BitOrOp, "add", "", "", "a + b, elementwise with broadcasting (logical or for bool).", __VA_ARGS__) \
  X(SUB, Sub, sub, ARITH_NOBOOL, SubOp, _, "subtract", "", "use the ^ operator or logical_xor instead", "a - b, elementwise with broadcasting.", __VA_ARGS__) \
  X(MUL, Mul, mul, ARITH, MulOp, BitAndOp, "multiply", "", "", "a * b, elementwise with broadcasting (logical and for bool).", __VA_ARGS__) \
  X(DIV, Div, div, TRUE_DIV, DivOp, _, "divide", "true_divide", "", "a / b, true division, elementwise with broadcasting.", __VA_ARGS__) \
  X(MAXIMUM, Maximum, maximum, ARITH, MaxOp, BitOrOp, "maximum", "", "", "The larger of a and b, elementwise; NaN propagates.", __VA_ARGS__) \
  X(MINIMUM, Minimum, minimum, ARITH, MinOp, BitAndOp, "minimum", "", "", "The smaller of a and b, elementwise; NaN propagates.", __VA_ARGS__) \
  X(FLOORDIV, FloorDiv, floordiv, ARITH_BOOL_INT, FloorDivOp, _, "floor_divide", "", "", "a // b, rounded toward minus infinity, elementwise (integer division by 0 gives 0).", __VA_ARGS__) \
  X(MOD, Mod, mod, ARITH_BOOL_INT, ModOp, _, "remainder", "mod", "", "a % b with the sign of b, elementwise (integer remainder by 0 gives 0).", __VA_ARGS__) \
  X(POW, Pow, pow, ARITH_BOOL_INT, PowOp, _, "power", "pow", "", "a ** b, elementwise (integers to negative integer powers are refused).", __VA_ARGS__) \
  X(BITAND, BitAnd, bitand, BITWISE, BitAndOp, BitAndOp, "bitwise_and", "", "bitwise operations need integer or bool operands", "a & b, elementwise.", __VA_ARGS__) \
  X(BITOR, BitOr, bitor, BITWISE, BitOrOp, BitOrOp, "bitwise_or", "", "bitwise operations need integer or bool operands", "a | b, elementwise.", __VA_ARGS__) \
  X(BITXOR, BitXor, bitxor, BITWISE, BitXorOp, BitXorOp, "bitwise_xor", "", "bitwise operations need integer or bool operands", "a ^ b, elementwise.", __VA_ARGS__)

/* Comparisons: bool results, every dtype (rule ALL). */
#define CP_COMPARE_OPS(X, ...)                                                                                      \
  X(EQ, Eq, eq, ALL, EqOp, EqOp, "equal", "", "", "a == b, elementwise (bool result).", __VA_ARGS__) \
  X(NE, Ne, ne, ALL, NeOp, NeOp, "not_equal", "", "", "a != b, elementwise (bool result).", __VA_ARGS__) \
  X(LT, Lt, lt, ALL, LtOp, LtOp, "less", "", "", "a < b, elementwise (bool result).", __VA_ARGS__) \
  X(LE, Le, le, ALL, LeOp, LeOp, "less_equal", "", "", "a <= b, elementwise (bool result).", __VA_ARGS__) \
  X(GT, Gt, gt, ALL, GtOp, GtOp, "greater", "", "", "a > b, elementwise (bool result).", __VA_ARGS__) \
  X(GE, Ge, ge, ALL, GeOp, GeOp, "greater_equal", "", "", "a >= b, elementwise (bool result).", __VA_ARGS__)

/* Predicates: one input, bool results.
 *   CLASSIFY_FALSE  floats; every integer and bool element gives False
 *   CLASSIFY_TRUE   floats; every integer and bool element gives True
 *   ALL             every dtype */
#define CP_PREDICATE_OPS(X, ...)                                                                                    \
  X(ISNAN, IsNan, isnan, CLASSIFY_FALSE, IsNanOp, _, "isnan", "", "", "True where x is NaN.", __VA_ARGS__) \
  X(ISINF, IsInf, isinf, CLASSIFY_FALSE, IsInfOp, _, "isinf", "", "", "True where x is plus or minus infinity.", __VA_ARGS__) \
  X(ISFINITE, IsFinite, isfinite, CLASSIFY_TRUE, IsFiniteOp, _, "isfinite", "", "", "True where x is neither NaN nor infinite.", __VA_ARGS__) \
  X(LOGICAL_NOT, LogicalNot, logical_not, ALL, LogicalNotOp, LogicalNotOp, "logical_not", "", "", "True where x is zero (its truth value negated).", __VA_ARGS__)

/* Reductions over contiguous runs (the runtime splits axes and blocks).
 *   ACCUMULATE  every dtype; integers and bool accumulate into int64
 *   EXTREMUM    every dtype; the result has the input dtype */
#define CP_REDUCE_OPS(X, ...)                                                                                       \
  X(SUM, Sum, sum, ACCUMULATE, _, _, "sum", "", "", "Sum of the elements (pairwise for floats).", __VA_ARGS__) \
  X(MAX, Max, max, EXTREMUM, _, _, "maximum", "", "", "Largest element; NaN propagates.", __VA_ARGS__) \
  X(MIN, Min, min, EXTREMUM, _, _, "minimum", "", "", "Smallest element; NaN propagates.", __VA_ARGS__) \
  X(PROD, Prod, prod, ACCUMULATE, _, _, "prod", "", "", "Product of the elements.", __VA_ARGS__)

#endif /* COREPY_OP_REGISTRY_H */

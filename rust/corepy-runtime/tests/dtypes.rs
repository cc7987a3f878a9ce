//! Dtype tests through the public API: promotion, NEP 50 weak scalars, name
//! parsing, and scalar conversion. Expected values are NumPy 2's (quoted in
//! each test), not computed by the runtime.
use corepy_runtime::promotion::{can_cast, inferred_dtype, promote, promote_weak, result_type, Casting};
use corepy_runtime::{DType, Scalar};

#[test]
fn promotion_matches_numpy_2() {
    use DType::*;
    // (a, b, numpy.result_type(a, b)), checked against NumPy 2.
    let table = [
        (I8, U8, I16),
        (U8, I16, I16),
        (U8, I32, I32),
        (I8, I16, I16),
        (I16, F32, F32),
        (U8, F32, F32),
        (I8, F64, F64),
        (Bool, U8, U8),
        (Bool, Bool, Bool),
        (Bool, I32, I32),
        (Bool, F32, F32),
        (I32, I64, I64),
        (I32, F32, F64),
        (I64, F32, F64),
        (I32, F64, F64),
        (F32, F64, F64),
        (F32, F32, F32),
    ];
    for (a, b, want) in table {
        assert_eq!(promote(a, b), want, "{a:?} {b:?}");
        assert_eq!(promote(b, a), want, "{b:?} {a:?}");
    }
}

#[test]
fn weak_scalars_follow_nep50() {
    assert_eq!(promote_weak(DType::F32, &Scalar::Float(2.5)), DType::F32);
    assert_eq!(promote_weak(DType::I32, &Scalar::Int(3)), DType::I32);
    assert_eq!(promote_weak(DType::I32, &Scalar::Float(0.5)), DType::F64);
    assert_eq!(promote_weak(DType::Bool, &Scalar::Int(1)), DType::I64);
    assert_eq!(promote_weak(DType::Bool, &Scalar::Bool(true)), DType::Bool);
}

#[test]
fn parse_accepts_numpy_and_short_names() {
    assert_eq!(DType::parse("f32").unwrap(), DType::F32);
    assert_eq!(DType::parse("float64").unwrap(), DType::F64);
    assert_eq!(DType::parse("int32").unwrap(), DType::I32);
    let err = DType::parse("complex128").unwrap_err().to_string();
    assert!(err.contains("complex128"), "{err}");
    // NumPy's type codes keep NumPy's meaning.
    assert_eq!(DType::parse("i8").unwrap(), DType::I64);
    assert_eq!(DType::parse("u1").unwrap(), DType::U8);
    let err = DType::parse("u8").unwrap_err().to_string();
    assert!(err.contains("NumPy's code for uint64"), "{err}");
}

fn int_of(x: f64, dtype: DType) -> i64 {
    match Scalar::from_bytes(dtype, &Scalar::Float(x).to_bytes(dtype).unwrap()) {
        Scalar::Int(i) => i,
        other => panic!("{other:?}"),
    }
}

#[test]
fn floats_convert_to_ints_as_numpy_astype_on_x86() {
    // Values from NumPy 2 `np.array([x]).astype(dtype)` on x86-64.
    assert_eq!(int_of(1e20, DType::I32), i32::MIN as i64);
    assert_eq!(int_of(f64::NAN, DType::I64), i64::MIN);
    assert_eq!(int_of(300.0, DType::I8), 44);
    assert_eq!(int_of(-1.0, DType::U8), 255);
    assert_eq!(int_of(-3.7, DType::U8), 253);
    assert_eq!(int_of(70000.0, DType::I16), 4464);
    assert_eq!(int_of(2147483647.0, DType::I8), -1);
    assert_eq!(int_of(1e20, DType::U8), 0);
    assert_eq!(int_of(-129.0, DType::I8), 127);
}

#[test]
fn python_ints_out_of_range_still_overflow() {
    assert!(Scalar::Int(300).to_bytes(DType::I8).is_err());
    assert!(Scalar::Int(-1).to_bytes(DType::U8).is_err());
    assert!(Scalar::Int(1 << 40).to_bytes(DType::I32).is_err());
    assert!(Scalar::Int(255).to_bytes(DType::U8).is_ok());
}

#[test]
fn can_cast_follows_numpy() {
    use DType::*;
    // (from, to, np.can_cast(from, to, 'safe'), np.can_cast(from, to, 'same_kind')), NumPy 2.
    let table = [
        (I8, I16, true, true),
        (I16, I8, false, true),
        (U8, I8, false, true),
        (I8, U8, false, false),
        (I64, F64, true, true),
        (F64, F32, false, true),
        (F32, I32, false, false),
        (Bool, U8, true, true),
        (I32, Bool, false, false),
        (U8, I16, true, true),
    ];
    for (from, to, safe, same_kind) in table {
        assert_eq!(can_cast(from, to, Casting::Safe), safe, "{from:?} -> {to:?} safe");
        assert_eq!(can_cast(from, to, Casting::SameKind), same_kind, "{from:?} -> {to:?} same_kind");
        assert!(can_cast(from, to, Casting::Unsafe));
        assert!(!can_cast(from, to, Casting::No));
    }
    assert!(Casting::parse("sometimes").is_err());
}

#[test]
fn result_type_and_inference_follow_numpy() {
    use DType::*;
    // np.result_type(np.int8, 1.5) is float64; np.result_type(np.float32, 1.5) float32;
    // np.result_type(1, 2.0) float64; np.array([True, 2]) is int64; np.array([]) float64.
    assert_eq!(result_type(&[I8], &[Scalar::Float(1.5)]).unwrap(), F64);
    assert_eq!(result_type(&[F32], &[Scalar::Float(1.5)]).unwrap(), F32);
    assert_eq!(result_type(&[I8, U8], &[Scalar::Int(1)]).unwrap(), I16);
    assert_eq!(result_type(&[], &[Scalar::Int(1), Scalar::Float(2.0)]).unwrap(), F64);
    assert!(result_type(&[], &[]).is_err());
    assert_eq!(inferred_dtype(&[Scalar::Bool(true), Scalar::Int(2)]), I64);
    assert_eq!(inferred_dtype(&[Scalar::Bool(true)]), Bool);
    assert_eq!(inferred_dtype(&[]), F64);
}

//! Runtime tests through the public API: validation, dispatch across every
//! ISA this CPU supports, the arena and the scheduler. Oracles are plain Rust
//! computations written here (test code, not runtime code).
use std::sync::Mutex;

use corepy_runtime::kernels::{self, available_isas, Isa};
use corepy_runtime::ops::creation::{self, Distribution};
use corepy_runtime::ops::elementwise::{binary, BinaryOp, Operand};
use corepy_runtime::ops::unary::negative;
use corepy_runtime::ops::{convert, matmul, reduce, stats};
use corepy_runtime::{scheduler, DType, Error, Scalar, Tensor};

/// Backend selection and thread count are process-wide: tests that change
/// them hold this lock.
static GLOBAL: Mutex<()> = Mutex::new(());

fn f32s(t: &Tensor) -> Vec<f32> {
    t.as_bytes().unwrap().chunks_exact(4).map(|c| f32::from_ne_bytes(c.try_into().unwrap())).collect()
}
fn f64s(t: &Tensor) -> Vec<f64> {
    t.as_bytes().unwrap().chunks_exact(8).map(|c| f64::from_ne_bytes(c.try_into().unwrap())).collect()
}
fn i64s(t: &Tensor) -> Vec<i64> {
    t.as_bytes().unwrap().chunks_exact(8).map(|c| i64::from_ne_bytes(c.try_into().unwrap())).collect()
}
fn i32s(t: &Tensor) -> Vec<i32> {
    t.as_bytes().unwrap().chunks_exact(4).map(|c| i32::from_ne_bytes(c.try_into().unwrap())).collect()
}
fn tensor_f32(shape: &[usize], v: &[f32]) -> Tensor {
    Tensor::from_bytes(shape, DType::F32, &v.iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>()).unwrap()
}
fn tensor_f64(shape: &[usize], v: &[f64]) -> Tensor {
    Tensor::from_bytes(shape, DType::F64, &v.iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>()).unwrap()
}
fn tensor_i32(shape: &[usize], v: &[i32]) -> Tensor {
    Tensor::from_bytes(shape, DType::I32, &v.iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>()).unwrap()
}

/// Deterministic pseudo-random values for test inputs.
fn lcg_values(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((s >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        })
        .collect()
}

#[test]
fn shape_mismatch_names_op_and_shapes() {
    let a = creation::zeros(&[3], DType::F32).unwrap();
    let b = creation::zeros(&[4], DType::F32).unwrap();
    let e = binary(BinaryOp::Add, Operand::Tensor(&a), Operand::Tensor(&b)).unwrap_err();
    assert_eq!(e.to_string(), "add: shapes (3,) and (4,) do not match");
    assert!(binary(BinaryOp::Add, Operand::Tensor(&a), Operand::Tensor(&creation::zeros(&[2, 1], DType::F32).unwrap())).is_ok(), "broadcasts");
    assert!(matches!(e, Error::ShapeMismatch { .. }));
}

#[test]
fn matmul_mismatch_and_rank_errors() {
    let a = creation::zeros(&[2, 3], DType::F64).unwrap();
    let b = creation::zeros(&[4, 5], DType::F64).unwrap();
    let e = matmul::matmul(&a, &b).unwrap_err().to_string();
    assert!(e.contains("(2, 3)") && e.contains("(4, 5)"), "{e}");
    let v = creation::zeros(&[3], DType::F64).unwrap();
    assert!(matches!(matmul::matmul(&v, &b), Err(Error::MatmulMismatch { .. })));
    let s = creation::zeros(&[], DType::F64).unwrap();
    assert!(matches!(matmul::matmul(&s, &b), Err(Error::InvalidArgument(_))));
    // 1-D operands: vector-matrix, matrix-vector and the inner product.
    let v4 = creation::ones(&[4], DType::F64).unwrap();
    assert_eq!(matmul::matmul(&v4, &b).unwrap().shape(), &[5]);
    assert_eq!(matmul::matmul(&a, &creation::ones(&[3], DType::F64).unwrap()).unwrap().shape(), &[2]);
    assert_eq!(matmul::matmul(&v4, &v4).unwrap().shape(), &[] as &[usize]);
}

#[test]
fn dtype_rules_follow_numpy() {
    let b = creation::ones(&[4], DType::Bool).unwrap();
    assert!(matches!(binary(BinaryOp::Sub, Operand::Tensor(&b), Operand::Tensor(&b)), Err(Error::UnsupportedDType { .. })));
    assert!(matches!(negative(&b), Err(Error::UnsupportedDType { .. })));
    let i = tensor_i32(&[2], &[7, -7]);
    let q = binary(BinaryOp::Div, Operand::Tensor(&i), Operand::Scalar(Scalar::Int(2))).unwrap();
    assert_eq!(q.dtype(), DType::F64);
    assert_eq!(f64s(&q), vec![3.5, -3.5]);
    let e = binary(BinaryOp::Add, Operand::Tensor(&i), Operand::Scalar(Scalar::Int(1 << 40))).unwrap_err();
    assert!(matches!(e, Error::Overflow(_)), "{e}");
    let w = binary(BinaryOp::Add, Operand::Tensor(&tensor_i32(&[1], &[i32::MAX])), Operand::Scalar(Scalar::Int(1))).unwrap();
    assert_eq!(i32s(&w), vec![i32::MIN], "int32 overflow wraps");
    let s = reduce::sum(&i).unwrap();
    assert_eq!(s.dtype(), DType::I64);
    assert_eq!(stats::mean(&i).unwrap().dtype(), DType::F64);
}

#[test]
fn sizes_are_checked_before_allocating() {
    assert!(matches!(creation::zeros(&[1 << 40, 1 << 40], DType::F32), Err(Error::SizeOverflow(_))));
    assert!(matches!(creation::zeros(&[1usize << 61], DType::F64), Err(Error::SizeOverflow(_) | Error::OutOfMemory { .. })));
    assert!(matches!(reduce::max(&creation::zeros(&[0], DType::F32).unwrap()), Err(Error::EmptyReduction { .. })));
}

#[test]
fn every_isa_matches_the_scalar_reference() {
    let _g = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
    let n = 200_003; // crosses the parallel threshold, odd tail
    let xa = lcg_values(n, 1);
    let xb = lcg_values(n, 2);
    let a = tensor_f32(&[n], &xa.iter().map(|&v| v as f32).collect::<Vec<_>>());
    let b = tensor_f32(&[n], &xb.iter().map(|&v| v as f32 + 1.5).collect::<Vec<_>>());
    let m = 67;
    let k = 45;
    let p = 129;
    let ma = tensor_f64(&[m, k], &lcg_values(m * k, 3));
    let mb = tensor_f64(&[k, p], &lcg_values(k * p, 4));
    let mut reference: Option<(Vec<f32>, Vec<f32>, f32, Vec<f64>)> = None;
    for isa in available_isas() {
        kernels::select_backend(&format!("cpu_{}", isa.name())).unwrap();
        assert_eq!(kernels::current_isa(), isa);
        let sum = f32s(&binary(BinaryOp::Add, Operand::Tensor(&a), Operand::Tensor(&b)).unwrap());
        let quo = f32s(&binary(BinaryOp::Div, Operand::Tensor(&a), Operand::Tensor(&b)).unwrap());
        let total = f32s(&reduce::sum(&a).unwrap())[0];
        let prod = f64s(&matmul::matmul(&ma, &mb).unwrap());
        // Independent oracle for this ISA.
        for i in (0..n).step_by(997) {
            assert_eq!(sum[i], xa[i] as f32 + (xb[i] as f32 + 1.5), "{isa:?} add at {i}");
        }
        let exact: f64 = xa.iter().map(|&v| v as f32 as f64).sum();
        assert!((total as f64 - exact).abs() < 1e-2, "{isa:?} sum {total} vs {exact}");
        let (xa_m, xb_m) = (lcg_values(m * k, 3), lcg_values(k * p, 4));
        for i in 0..m {
            for j in 0..p {
                let want: f64 = (0..k).map(|q| xa_m[i * k + q] * xb_m[q * p + j]).sum();
                assert!((prod[i * p + j] - want).abs() < 1e-12, "{isa:?} matmul ({i},{j})");
            }
        }
        match &reference {
            None => reference = Some((sum, quo, total, prod)),
            Some((s0, q0, _, _)) => {
                assert_eq!(&sum, s0, "{isa:?} add differs from scalar");
                assert_eq!(&quo, q0, "{isa:?} divide differs from scalar");
            }
        }
    }
    kernels::select_backend("cpu_simd").unwrap();
    assert!(kernels::select_backend("cpu_nope").is_err());
    assert_eq!(available_isas()[0], Isa::Scalar);
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let _g = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
    let n = 1_000_001;
    let a = creation::random(&[n], DType::F32, Distribution::Normal, 42).unwrap();
    let before = scheduler::num_threads();
    scheduler::set_num_threads(1).unwrap();
    let (s1, r1, m1) =
        (f32s(&reduce::sum(&a).unwrap()), f32s(&creation::random(&[n], DType::F32, Distribution::Uniform, 7).unwrap()), f32s(&reduce::max(&a).unwrap()));
    scheduler::set_num_threads(3).unwrap();
    let (s3, r3, m3) =
        (f32s(&reduce::sum(&a).unwrap()), f32s(&creation::random(&[n], DType::F32, Distribution::Uniform, 7).unwrap()), f32s(&reduce::max(&a).unwrap()));
    scheduler::set_num_threads(before).unwrap();
    assert_eq!(s1, s3);
    assert_eq!(r1, r3);
    assert_eq!(m1, m3);
    let want_max = f32s(&a).into_iter().fold(f32::MIN, f32::max);
    assert_eq!(m1[0], want_max);
}

#[test]
fn creation_values() {
    let r = creation::arange(Scalar::Int(2), Scalar::Int(11), Scalar::Int(3), None).unwrap();
    assert_eq!(i64s(&r), vec![2, 5, 8]);
    let r = creation::arange(Scalar::Int(5), Scalar::Int(0), Scalar::Int(-2), None).unwrap();
    assert_eq!(i64s(&r), vec![5, 3, 1]);
    let l = creation::linspace(0.0, 1.0, 5, true, DType::F64).unwrap();
    assert_eq!(f64s(&l), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    let e = creation::eye(3, 4, 1, DType::I64).unwrap();
    assert_eq!(i64s(&e), vec![0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    let e = creation::eye(3, 2, -1, DType::I64).unwrap();
    assert_eq!(i64s(&e), vec![0, 0, 1, 0, 0, 1]);
    assert!(creation::arange(Scalar::Int(0), Scalar::Int(1), Scalar::Int(0), None).is_err());
}

#[test]
fn casts_follow_numpy() {
    let x = tensor_f64(&[5], &[1.9, -1.9, f64::NAN, 1e300, 0.0]);
    let i = convert::astype(&x, DType::I32).unwrap();
    assert_eq!(i32s(&i), vec![1, -1, i32::MIN, i32::MIN, 0]);
    let b = convert::astype(&x, DType::Bool).unwrap();
    assert_eq!(b.as_bytes().unwrap(), &[1, 1, 1, 1, 0]);
}

#[test]
fn reshape_is_a_view_that_keeps_storage_alive() {
    let a = creation::arange(Scalar::Int(0), Scalar::Int(12), Scalar::Int(1), Some(DType::F32)).unwrap();
    let v = a.reshape(&[3, -1]).unwrap();
    assert_eq!(v.shape(), &[3, 4]);
    assert!(v.shares_storage_with(&a));
    drop(a);
    assert_eq!(f32s(&v)[11], 11.0); // storage outlives the original handle
}

#[test]
fn arena_reuses_freed_buffers() {
    let arena = corepy_runtime::arena::arena();
    let before = arena.stats().reuse_hits;
    for _ in 0..10 {
        let t = creation::zeros(&[12_345], DType::F64).unwrap();
        drop(t);
    }
    assert!(arena.stats().reuse_hits >= before + 9);
}

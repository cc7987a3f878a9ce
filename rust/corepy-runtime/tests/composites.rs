//! Validation of the composite ops at their entry: each bad input is refused
//! once, under the op's own name, with the user's shapes and axes.
use corepy_runtime::ops::composite_elementwise::{clip, logical, LogicalOp};
use corepy_runtime::ops::creation::ones;
use corepy_runtime::ops::elementwise::Operand;
use corepy_runtime::ops::manipulate::{moveaxis, repeat, roll, split, tile, Repeats, SplitSpec};
use corepy_runtime::ops::products::{dot, tensordot, vecdot, TensordotAxes};
use corepy_runtime::{DType, Error};

fn message(e: Error) -> String {
    e.to_string()
}

#[test]
fn repeat_checks_the_axis_and_the_counts() {
    let t = ones(&[3], DType::F32).unwrap();
    let e = repeat(&t, Repeats::Each(2), Some(3)).unwrap_err();
    assert!(matches!(e, Error::Index(_)));
    assert_eq!(message(e), "repeat: axis 3 is out of bounds for a tensor of dimension 1");
    let e = repeat(&t, Repeats::PerElement(&[1, 2]), None).unwrap_err();
    assert!(message(e).starts_with("repeat: 2 repeat counts cannot be broadcast to axis 0 of size 3"));
    let r = repeat(&t, Repeats::PerElement(&[1, 0, 2]), None).unwrap();
    assert_eq!(r.shape(), &[3]);
}

#[test]
fn split_and_roll_and_tile_and_moveaxis_name_themselves() {
    let t = ones(&[2, 3], DType::I32).unwrap();
    assert_eq!(message(split(&t, SplitSpec::Sections(2), 3).unwrap_err()), "split: axis 3 is out of bounds for a tensor of dimension 2");
    let parts = split(&t, SplitSpec::Indices(&[2, 1, 10]), 1).unwrap();
    let lens: Vec<usize> = parts.iter().map(|p| p.shape()[1]).collect();
    assert_eq!(lens, vec![2, 0, 2, 0]); // NumPy: array_split(ones(3), [2, 1, 10])
    assert!(message(roll(&t, &[1, 2, 3], Some(&[0, 1])).unwrap_err()).starts_with("roll: shift (3 values)"));
    assert_eq!(roll(&t, &[1, 2], Some(&[0, 1])).unwrap().shape(), &[2, 3]);
    assert!(message(tile(&t, &[-1]).unwrap_err()).starts_with("tile:"));
    assert_eq!(tile(&t, &[2, 1, 2]).unwrap().shape(), &[2, 2, 6]);
    assert!(message(moveaxis(&t, &[0, 0], &[0, 1]).unwrap_err()).starts_with("moveaxis: repeated axis"));
}

#[test]
fn products_validate_in_the_user_s_terms() {
    let a = ones(&[3], DType::F64).unwrap();
    let b = ones(&[1], DType::F64).unwrap();
    assert!(message(vecdot(&a, &b, -1).unwrap_err()).starts_with("vecdot: shapes (3,) and (1,)"));
    let (m, n) = (ones(&[2, 3], DType::F32).unwrap(), ones(&[4, 5], DType::F32).unwrap());
    let e = message(tensordot(&m, &n, TensordotAxes::Count(1)).unwrap_err());
    assert!(e.starts_with("tensordot: shape mismatch for sum") && e.contains("(2, 3)") && e.contains("(4, 5)"), "{e}");
    let z = ones(&[0, 3], DType::F32).unwrap();
    let k = ones(&[3, 2], DType::F32).unwrap();
    assert_eq!(tensordot(&z, &k, TensordotAxes::Count(1)).unwrap().shape(), &[0, 2]);
    let c = ones(&[2, 3, 4], DType::I64).unwrap();
    let d = ones(&[5, 4, 6], DType::I64).unwrap();
    assert_eq!(dot(&c, &d).unwrap().shape(), &[2, 3, 5, 6]);
    assert!(message(dot(&m, &n).unwrap_err()).starts_with("dot: shapes (2, 3) and (4, 5) not aligned"));
}

#[test]
fn clip_and_logical_check_shapes_once() {
    let a = ones(&[3], DType::I8).unwrap();
    let b = ones(&[2], DType::I8).unwrap();
    assert!(message(clip(&a, Some(Operand::Tensor(&b)), None).unwrap_err()).starts_with("clip: shapes (3,) and (2,)"));
    let e = logical(LogicalOp::Xor, Operand::Tensor(&a), Operand::Tensor(&b)).unwrap_err();
    assert!(message(e).starts_with("logical_xor: shapes (3,) and (2,)"));
    assert_eq!(logical(LogicalOp::And, Operand::Tensor(&a), Operand::Tensor(&a)).unwrap().dtype(), DType::Bool);
}

//! Element types: names, sizes, kinds and limits, from the one dtype list.
//! How dtypes combine is in [`crate::promotion`].
use crate::error::{Error, Result};

/// What family a dtype belongs to; promotion and the op rules work on kinds
/// and item sizes, never on a list of dtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Bool,
    Sint,
    Uint,
    Float,
}

include!(concat!(env!("OUT_DIR"), "/dtype_list.rs"));

/// NumPy's finfo numbers of a float dtype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatLimits {
    pub eps: f64,
    pub max: f64,
    pub smallest_normal: f64,
    pub resolution: f64,
    pub precision: u32,
}

impl DType {
    /// NumPy's (and the array API's) default integer dtype: Python ints,
    /// integer `arange`/list inference and exact int comparisons use it.
    pub const DEFAULT_INT: DType = DType::I64;
    /// The default real floating dtype: Python floats, `int / int`, float
    /// math on wide integers and float inference use it.
    pub const DEFAULT_FLOAT: DType = DType::F64;

    fn info(self) -> &'static DTypeInfo {
        &DTYPE_INFO[self as usize]
    }

    pub fn itemsize(self) -> usize {
        self.info().itemsize
    }

    /// NumPy's name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn kind(self) -> Kind {
        self.info().kind
    }

    /// The array-interface type string (little/native endian).
    pub fn typestr(self) -> &'static str {
        self.info().typestr
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }

    pub fn is_int(self) -> bool {
        matches!(self.kind(), Kind::Sint | Kind::Uint)
    }

    pub fn is_unsigned(self) -> bool {
        self.kind() == Kind::Uint
    }

    /// The dtype of `kind` and `itemsize`, if corepy has it (buffer formats,
    /// NumPy type codes).
    pub fn of_kind(kind: Kind, itemsize: usize) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.kind() == kind && d.itemsize() == itemsize)
    }

    /// NumPy's finfo fields, for float dtypes.
    pub fn float_limits(self) -> Option<FloatLimits> {
        if !self.is_float() {
            return None;
        }
        macro_rules! limits {
            ($T:ty) => {{
                let precision = ((<$T>::MANTISSA_DIGITS as f64 - 1.0) * std::f64::consts::LOG10_2).floor() as u32;
                FloatLimits {
                    eps: <$T>::EPSILON as f64,
                    max: <$T>::MAX as f64,
                    smallest_normal: <$T>::MIN_POSITIVE as f64,
                    resolution: 10f64.powi(-(precision as i32)),
                    precision,
                }
            }};
        }
        // Float dtypes by width (a new float dtype adds its width here).
        match self.itemsize() {
            4 => Some(limits!(f32)),
            8 => Some(limits!(f64)),
            _ => None,
        }
    }

    /// The smallest and largest value of an integer dtype.
    pub fn int_limits(self) -> Option<(i64, i64)> {
        self.is_int().then(|| with_native_type!(self, T => (T::MIN as i64, T::MAX as i64)))
    }

    /// Every dtype in NumPy's order of presentation: bool, signed, unsigned,
    /// floats, each by size.
    pub fn presentation_order() -> Vec<DType> {
        let mut v = DType::ALL.to_vec();
        v.sort_by_key(|d| (d.kind(), d.itemsize()));
        v
    }

    /// Parse a dtype name: NumPy's names and type codes, and the short forms
    /// (`f32`, `i64`, ...). NumPy's codes keep NumPy's meaning: `'i8'` is
    /// int64 and `'u8'` is uint64, refused while corepy has no uint64.
    pub fn parse(name: &str) -> Result<DType> {
        if let Some(d) = DType::ALL.into_iter().find(|d| d.name() == name || d.info().aliases.contains(&name)) {
            return Ok(d);
        }
        Err(match numpy_code_meaning(name) {
            Some(meaning) => {
                Error::UnknownDType(format!("dtype '{name}' is NumPy's code for {meaning}, which corepy does not have yet; corepy has {}", dtype_names()))
            }
            None => unknown_dtype(name),
        })
    }
}

/// What NumPy means by a type code like 'u8' or 'f2' (kind letter, byte size).
fn numpy_code_meaning(code: &str) -> Option<String> {
    let (kind, size) = code.split_at(code.char_indices().nth(1)?.0);
    let bytes: usize = size.parse().ok()?;
    let family = match kind {
        "i" => "int",
        "u" => "uint",
        "f" => "float",
        "c" => "complex",
        _ => return None,
    };
    matches!(bytes, 1 | 2 | 4 | 8 | 16).then(|| format!("{family}{}", bytes * 8))
}

fn dtype_names() -> String {
    DType::presentation_order().iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
}

/// NumPy raises TypeError for a dtype it does not understand; so does corepy.
fn unknown_dtype(name: &str) -> Error {
    Error::UnknownDType(format!("unknown dtype '{name}'; expected one of {} or a NumPy type code such as 'f4' or 'i8'", dtype_names()))
}

/// The smallest dtype of `kind` with at least `itemsize` bytes.
pub(crate) fn smallest_of(kind: Kind, itemsize: usize) -> Option<DType> {
    DType::ALL.into_iter().filter(|d| d.kind() == kind && d.itemsize() >= itemsize).min_by_key(|d| d.itemsize())
}

pub(crate) fn widest_of(kind: Kind) -> DType {
    DType::ALL.into_iter().filter(|d| d.kind() == kind).max_by_key(|d| d.itemsize()).expect("every kind has a dtype")
}

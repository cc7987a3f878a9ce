//! Structured errors. Each variant renders into the message the Python user
//! sees; the binding maps the variant to the Python exception type.
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Two operand shapes that the operation cannot combine.
    ShapeMismatch { op: &'static str, lhs: Vec<usize>, rhs: Vec<usize> },
    /// matmul operands whose inner dimensions differ.
    MatmulMismatch { lhs: Vec<usize>, rhs: Vec<usize> },
    /// An operation that has no meaning for these dtypes (by name: errors
    /// sit below the dtype module).
    UnsupportedDType { op: &'static str, dtypes: Vec<&'static str>, hint: &'static str },
    /// A dtype name or object corepy does not know (TypeError, as NumPy).
    UnknownDType(String),
    /// A device that exists in the API but not in this build or machine.
    DeviceUnavailable(String),
    /// A bad argument value (shape, count, name...).
    InvalidArgument(String),
    /// A Python integer that does not fit the tensor's dtype.
    Overflow(String),
    /// An index outside a dimension.
    Index(String),
    /// The allocator could not provide `bytes` bytes.
    OutOfMemory { bytes: usize },
    /// A size computation overflowed (shape product, byte count).
    SizeOverflow(String),
    /// A reduction with no identity over zero elements.
    EmptyReduction { op: &'static str },
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn fmt_shape(shape: &[usize]) -> String {
    match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ShapeMismatch { op, lhs, rhs } => {
                write!(f, "{op}: shapes {} and {} do not match", fmt_shape(lhs), fmt_shape(rhs))
            }
            Error::MatmulMismatch { lhs, rhs } => {
                // The contracted sizes: a's last dim; b's second-to-last (its only one if 1-D).
                let ka = lhs[lhs.len() - 1];
                let (kb, kb_dim) = if rhs.len() == 1 { (rhs[0], 0) } else { (rhs[rhs.len() - 2], rhs.len() - 2) };
                write!(f, "matmul: shapes {} and {} are not aligned: {} (dim {}) != {} (dim {})", fmt_shape(lhs), fmt_shape(rhs), ka, lhs.len() - 1, kb, kb_dim)
            }
            Error::UnsupportedDType { op, dtypes, hint } => {
                write!(f, "{op}: not supported for dtype{} {}", if dtypes.len() > 1 { "s" } else { "" }, dtypes.join(" and "))?;
                if !hint.is_empty() {
                    write!(f, "; {hint}")?;
                }
                Ok(())
            }
            Error::DeviceUnavailable(msg) => write!(f, "{msg}"),
            Error::UnknownDType(msg) => write!(f, "{msg}"),
            Error::InvalidArgument(msg) => write!(f, "{msg}"),
            Error::Overflow(msg) => write!(f, "{msg}"),
            Error::Index(msg) => write!(f, "{msg}"),
            Error::OutOfMemory { bytes } => {
                write!(f, "unable to allocate {bytes} bytes ({:.2} GiB)", *bytes as f64 / (1u64 << 30) as f64)
            }
            Error::SizeOverflow(msg) => write!(f, "{msg}"),
            Error::EmptyReduction { op } => {
                write!(f, "zero-size tensor to reduction operation {op} which has no identity")
            }
        }
    }
}

impl std::error::Error for Error {}

/// An error of an inner op or a pre-check, reported under `op`'s name (a
/// composite op speaks in the user's terms: `clip: ...`, `vstack: ...`).
pub(crate) fn renamed(e: Error, op: &'static str) -> Error {
    let re = |m: String| match m.split_once(": ") {
        Some((_, rest)) => format!("{op}: {rest}"),
        None => format!("{op}: {m}"),
    };
    match e {
        Error::ShapeMismatch { lhs, rhs, .. } => Error::ShapeMismatch { op, lhs, rhs },
        Error::UnsupportedDType { dtypes, hint, .. } => Error::UnsupportedDType { op, dtypes, hint },
        Error::InvalidArgument(m) => Error::InvalidArgument(re(m)),
        Error::Index(m) => Error::Index(re(m)),
        Error::Overflow(m) => Error::Overflow(re(m)),
        other => other,
    }
}

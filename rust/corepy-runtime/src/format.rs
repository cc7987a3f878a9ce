//! Tensors as text, the way NumPy prints arrays (`repr` and `str`).
//!
//! Everything per element happens here: reading the elements that are shown
//! (the edges of each axis when the tensor is summarised), formatting each
//! number, the common width, and the layout of rows, brackets and line
//! breaks. The bridge passes the print options and gets the finished text.
//!
//! The rules follow NumPy 2 (`numpy/_core/arrayprint.py`, default
//! `floatmode='maxprec'`, `sign='-'`, no legacy mode):
//!
//! - Summarising: a tensor with more than `threshold` elements keeps only
//!   `edgeitems` leading and trailing entries of each axis longer than
//!   `2 * edgeitems`, with `...` in between. With `edgeitems = 0` NumPy still
//!   shows the last entry of such an axis (and measures widths over the whole
//!   axis); so does this module.
//! - One format per tensor, computed over the shown elements: integers are
//!   right-aligned to the widest of the minimum and maximum; bools are
//!   `' True'`/`'False'` (`'True'` in a 0-d tensor).
//! - Floats: scientific notation when the largest non-zero magnitude is at
//!   least `10**min(8, digits)` (digits: 15 for float64, 6 for float32), or,
//!   unless `suppress`, when the smallest non-zero magnitude is below 1e-4 or
//!   the ratio of the two exceeds 1000 (the comparisons in the element type,
//!   as NumPy does). Each value is first written with its shortest
//!   round-trip digits in its own type (float32 values with float32 digits),
//!   cut to at most `precision` digits after the point (rounding the exact
//!   value, ties to even). Positional values are padded to the widest integer
//!   part (left, spaces) and the widest fraction (right, spaces): `[1.5, 2. ]`.
//!   Scientific values all get the largest mantissa digit count (extra digits
//!   are real digits of the value, as NumPy's `min_digits`) and the largest
//!   exponent width (at least two digits): `[1.00e+00, 1.25e-05]`.
//!   `nan`, `inf` and `-inf` are right-aligned to the same width.
//! - Layout: rows wrap before `linewidth` (minus one for the closing `)` of a
//!   repr); continuation lines are indented to just after the opening
//!   brackets and the prefix (`tensor(`); blocks of a 3-d or deeper tensor are
//!   separated by `ndim - 1 - axis` newlines, i.e. blank lines.
//! - repr: `tensor(...)`, followed by `shape=...` for empty tensors of a shape
//!   other than `(0,)` and for summarised tensors, and `dtype=...` unless the
//!   dtype is implied (float64, int64 and bool, which Python literals give)
//!   or the tensor is empty. These go on a new line, indented to the prefix,
//!   when they would make the last line longer than `linewidth`.
//! - str: the body with `' '` between elements; a 0-d tensor prints as its
//!   scalar (`1.0`, `1e+16`, `nan`, `True`, `7`): shortest digits, positional
//!   from 1e-4 up to 1e16 (float32: up to 1e6), scientific outside.
use std::fmt::{Display, LowerExp};

use crate::dtype::{DType, Kind};
use crate::error::Result;
use crate::tensor::Tensor;

/// NumPy's print options that corepy supports (`np.set_printoptions`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintOptions {
    /// Digits after the decimal point (at most; shortest digits are used).
    pub precision: usize,
    /// Summarise tensors with more than this many elements (negative: all).
    pub threshold: i64,
    /// Leading and trailing entries kept per summarised axis.
    pub edgeitems: usize,
    /// Characters per line (before wrapping).
    pub linewidth: i64,
    /// Never switch to scientific notation for small values.
    pub suppress: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions { precision: 8, threshold: 1000, edgeitems: 3, linewidth: 75, suppress: false }
    }
}

/// `repr(t)` with `name` as the prefix (`tensor` gives `tensor([1, 2])`).
pub fn repr(t: &Tensor, opts: &PrintOptions, name: &str) -> Result<String> {
    crate::ops::check_device("repr", t)?;
    let prefix = format!("{name}(");
    let body = array_to_string(t, opts, ", ", prefix.len(), 1)?;
    let mut extras = Vec::new();
    let empty = t.numel() == 0;
    if (empty && t.shape() != [0]) || summarised(t, opts) {
        extras.push(format!("shape={}", shape_repr(t.shape())));
    }
    if empty || !dtype_is_implied(t.dtype()) {
        extras.push(format!("dtype={}", t.dtype().name()));
    }
    if extras.is_empty() {
        return Ok(format!("{prefix}{body})"));
    }
    let text = format!("{prefix}{body},");
    let extra = format!("{})", extras.join(", "));
    let last_line = text.len() - text.rfind('\n').map_or(0, |i| i + 1);
    let spacer = if (last_line + extra.len() + 1) as i64 > opts.linewidth { format!("\n{}", " ".repeat(prefix.len())) } else { " ".to_string() };
    Ok(format!("{text}{spacer}{extra}"))
}

/// `str(t)`: the body with spaces between elements; a 0-d tensor as its scalar.
pub fn str(t: &Tensor, opts: &PrintOptions) -> Result<String> {
    crate::ops::check_device("str", t)?;
    if t.ndim() == 0 {
        return Ok(match values(t, &[0])? {
            Values::Bool(v) => (if v[0] { "True" } else { "False" }).to_string(),
            Values::Int(v) => v[0].to_string(),
            Values::F32(v) => scalar_str(v[0], t.dtype()),
            Values::F64(v) => scalar_str(v[0], t.dtype()),
        });
    }
    array_to_string(t, opts, " ", 0, 0)
}

/// NumPy's `array2string`: the bracketed body, wrapped for a prefix of
/// `prefix_len` characters and a suffix of `suffix_len`.
pub fn array_to_string(t: &Tensor, opts: &PrintOptions, separator: &str, prefix_len: usize, suffix_len: usize) -> Result<String> {
    crate::ops::check_device("array_to_string", t)?;
    if t.numel() == 0 {
        return Ok("[]".to_string());
    }
    let summary = summarised(t, opts);
    let shape = t.shape();
    // Per axis, the entries whose values enter the format (NumPy's
    // `_leading_trailing`: with edgeitems 0, `a[-0:]` is the whole axis).
    let e = opts.edgeitems;
    let kept: Vec<Vec<usize>> =
        shape.iter().map(|&n| if summary && n > 2 * e && e > 0 { (0..e).chain(n - e..n).collect() } else { (0..n).collect() }).collect();
    let offsets = element_offsets(t, &kept);
    let words = format_all(&values(t, &offsets)?, t.ndim() == 0, t.dtype(), opts);
    let layout = Layout { shape, kept_len: kept.iter().map(Vec::len).collect(), summary, edge: e, separator };
    let width = opts.linewidth.saturating_sub(suffix_len as i64);
    Ok(layout.recurse(&words, 0, 0, 1 + prefix_len, width))
}

fn summarised(t: &Tensor, opts: &PrintOptions) -> bool {
    (t.numel() as i128) > opts.threshold as i128
}

/// The dtypes a repr leaves unnamed (Python's bool, int and float).
fn dtype_is_implied(d: DType) -> bool {
    match d.kind() {
        Kind::Bool => true,
        Kind::Sint | Kind::Float => d.itemsize() == 8,
        Kind::Uint => false,
    }
}

/// A shape as Python writes the tuple: `()`, `(3,)`, `(0, 3)`.
fn shape_repr(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

// --------------------------------------------------------------------------
// Reading the shown elements
// --------------------------------------------------------------------------

/// Element offsets (in elements, from the first element) of the grid `kept`
/// (one index list per axis), in C order.
fn element_offsets(t: &Tensor, kept: &[Vec<usize>]) -> Vec<isize> {
    let strides = t.strides();
    let total: usize = kept.iter().map(Vec::len).product();
    let mut out = Vec::with_capacity(total);
    let mut pos = vec![0usize; kept.len()];
    for _ in 0..total {
        out.push(pos.iter().zip(kept).zip(strides).map(|((&p, k), &s)| k[p] as isize * s).sum());
        for ax in (0..pos.len()).rev() {
            pos[ax] += 1;
            if pos[ax] < kept[ax].len() {
                break;
            }
            pos[ax] = 0;
        }
    }
    out
}

/// The elements at `offsets`, read as their own type.
fn gather<T: Copy>(t: &Tensor, offsets: &[isize]) -> Vec<T> {
    let base = t.data_ptr() as *const T;
    offsets
        .iter()
        .map(|&off| {
            // SAFETY: every offset comes from an in-range index per axis
            // times that axis's stride, so it names an element of this
            // tensor's layout, which lies inside the storage the tensor keeps
            // alive; elements of a view need not be aligned to T, hence
            // read_unaligned.
            unsafe { std::ptr::read_unaligned(base.wrapping_offset(off)) }
        })
        .collect()
}

enum Values {
    Bool(Vec<bool>),
    Int(Vec<i128>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

fn values(t: &Tensor, offsets: &[isize]) -> Result<Values> {
    let d = t.dtype();
    Ok(match d.kind() {
        Kind::Bool => Values::Bool(gather::<u8>(t, offsets).into_iter().map(|b| b != 0).collect()),
        Kind::Sint | Kind::Uint => with_native_type!(d, T => Values::Int(gather::<T>(t, offsets).into_iter().map(|v| v as i128).collect())),
        Kind::Float if d.itemsize() == 4 => Values::F32(gather::<f32>(t, offsets)),
        Kind::Float => Values::F64(gather::<f64>(t, offsets)),
    })
}

// --------------------------------------------------------------------------
// Layout (NumPy's _formatArray)
// --------------------------------------------------------------------------

struct Layout<'a> {
    shape: &'a [usize],
    kept_len: Vec<usize>,
    summary: bool,
    edge: usize,
    separator: &'a str,
}

impl Layout<'_> {
    /// The text of the sub-tensor at `axis` whose first shown element is
    /// word `flat`; `hang` is the indent of continuation lines and `width`
    /// the line width left for it.
    fn recurse(&self, words: &[String], axis: usize, flat: usize, hang: usize, width: i64) -> String {
        let ndim = self.shape.len();
        if axis == ndim {
            return words[flat].clone();
        }
        let n = self.shape[axis];
        let kept = self.kept_len[axis];
        let stride: usize = self.kept_len[axis + 1..].iter().product();
        // Position among the kept entries of original index i.
        let word_at = |i: usize| flat + (if kept == n || i < self.edge { i } else { kept - (n - i) }) * stride;
        let show_summary = self.summary && 2 * self.edge < n;
        let (leading, trailing) = if show_summary { (self.edge, self.edge) } else { (0, n) };
        let sub = |i: usize| self.recurse(words, axis + 1, word_at(i), hang + 1, width.saturating_sub(1));
        let indent = " ".repeat(hang);
        let mut s = String::new();
        if axis + 1 == ndim {
            let sep_len = self.separator.trim_end().len().max(1) as i64;
            let elem_width = width.saturating_sub(sep_len);
            let mut line = indent.clone();
            for i in 0..leading {
                extend_line(&mut s, &mut line, &sub(i), elem_width, hang);
                line.push_str(self.separator);
            }
            if show_summary {
                extend_line(&mut s, &mut line, "...", elem_width, hang);
                line.push_str(self.separator);
            }
            for i in (2..=trailing).rev() {
                extend_line(&mut s, &mut line, &sub(n - i), elem_width, hang);
                line.push_str(self.separator);
            }
            extend_line(&mut s, &mut line, &sub(n - 1), elem_width, hang);
            s.push_str(&line);
        } else {
            let line_sep = format!("{}{}", self.separator.trim_end(), "\n".repeat(ndim - axis - 1));
            for i in 0..leading {
                s.push_str(&indent);
                s.push_str(&sub(i));
                s.push_str(&line_sep);
            }
            if show_summary {
                s.push_str(&indent);
                s.push_str("...");
                s.push_str(&line_sep);
            }
            for i in (2..=trailing).rev() {
                s.push_str(&indent);
                s.push_str(&sub(n - i));
                s.push_str(&line_sep);
            }
            s.push_str(&indent);
            s.push_str(&sub(n - 1));
        }
        format!("[{}]", &s[hang..])
    }
}

/// NumPy's _extendLine: start a new line when `word` does not fit (unless
/// the line holds only the indent, where wrapping would not help).
fn extend_line(s: &mut String, line: &mut String, word: &str, width: i64, hang: usize) {
    if (line.len() + word.len()) as i64 > width && line.len() > hang {
        s.push_str(line.trim_end());
        s.push('\n');
        line.clear();
        line.push_str(&" ".repeat(hang));
    }
    line.push_str(word);
}

// --------------------------------------------------------------------------
// Elements
// --------------------------------------------------------------------------

/// Every shown element as text, all of one width.
fn format_all(v: &Values, zero_dim: bool, dtype: DType, opts: &PrintOptions) -> Vec<String> {
    match v {
        Values::Bool(v) => {
            let t = if zero_dim { "True" } else { " True" };
            v.iter().map(|&b| (if b { t } else { "False" }).to_string()).collect()
        }
        Values::Int(v) => {
            let (lo, hi) = (v.iter().min().copied().unwrap_or(0), v.iter().max().copied().unwrap_or(0));
            let width = lo.to_string().len().max(hi.to_string().len());
            v.iter().map(|x| format!("{x:>width$}")).collect()
        }
        Values::F32(v) => FloatFormat::new(v, dtype, opts).format_all(v),
        Values::F64(v) => FloatFormat::new(v, dtype, opts).format_all(v),
    }
}

/// What the formatting needs of f32 and f64.
trait PrintFloat: Copy + PartialOrd + Display + LowerExp + std::ops::Div<Output = Self> {
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
    fn is_finite(self) -> bool;
    fn is_nan(self) -> bool;
    fn is_negative(self) -> bool;
    fn abs(self) -> Self;
    fn is_zero(self) -> bool;
    /// `digits` (d1d2...) times 10^(exp - len + 1) reads back as `self`.
    fn reads_back(self, digits: &str, exp: i32) -> bool;
}

macro_rules! print_float {
    ($T:ty) => {
        impl PrintFloat for $T {
            fn from_f64(x: f64) -> Self {
                x as $T
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn is_finite(self) -> bool {
                <$T>::is_finite(self)
            }
            fn is_nan(self) -> bool {
                <$T>::is_nan(self)
            }
            fn is_negative(self) -> bool {
                self.is_sign_negative()
            }
            fn abs(self) -> Self {
                <$T>::abs(self)
            }
            fn is_zero(self) -> bool {
                self == 0.0
            }
            fn reads_back(self, digits: &str, exp: i32) -> bool {
                format!("{digits}e{}", exp - digits.len() as i32 + 1).parse::<$T>().map_or(false, |v| v == self)
            }
        }
    };
}
print_float!(f32);
print_float!(f64);

/// Decimal digits (no leading zeros; "0" for zero) and the power of ten of
/// the first one: value = 0.d1d2... * 10^(exp + 1).
struct Digits {
    digits: String,
    exp: i32,
}

/// Parse Rust's `{:e}` output ("1.2345e-7", "5e3") of a non-negative value.
fn parse_exp(text: &str) -> Digits {
    let (mant, exp) = text.split_once('e').expect("LowerExp output has an exponent");
    Digits { digits: mant.replace('.', ""), exp: exp.parse().expect("LowerExp exponent") }
}

/// Shortest digits that read back as the same value of its own type. When
/// two such digit strings are equally close to the value, NumPy (Dragon4)
/// and Python take the one ending in an even digit; Rust's formatter takes
/// the upper one, so an odd last digit is checked against the exact value.
fn shortest<F: PrintFloat>(abs: F) -> Digits {
    let d = parse_exp(&format!("{abs:e}"));
    let k = d.digits.len();
    if (d.digits.as_bytes()[k - 1] - b'0') % 2 == 0 {
        return d;
    }
    match exact_digits(abs.to_f64()) {
        // The value lies exactly halfway between two k-digit strings.
        Some((exact, exp)) if exact.len() == k + 1 && exact.ends_with('5') => {
            let down = &exact[..k];
            let (up, carry) = increment(down);
            let up_exp = exp + carry as i32;
            // The even one of the two equally close strings, provided it
            // reads back: at a power of two the interval of values reading
            // back is lopsided, and the lower string may read back as the
            // neighbour below (2^-24: ...062 does, so ...063 it is).
            let (even, even_exp) = if d.digits == down && d.exp == exp { (up.as_str(), up_exp) } else { (down, exp) };
            if abs.reads_back(even, even_exp) {
                Digits { digits: even.trim_end_matches('0').to_string(), exp: even_exp }
            } else {
                d
            }
        }
        _ => d,
    }
}

/// The exact decimal digits of a positive finite value (trailing zeros
/// removed) and the power of ten of the first one, when they fit 38 digits
/// (a tie between shortest strings needs at most 18).
fn exact_digits(x: f64) -> Option<(String, i32)> {
    if x == 0.0 {
        return None;
    }
    let bits = x.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if field == 0 { (frac, -1074) } else { (frac | (1u64 << 52), field - 1075) };
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    // x = m * 2^e = n * 10^scale
    let (n, scale) = if e >= 0 {
        let bits_m = 64 - m.leading_zeros() as i32;
        if e + bits_m > 127 {
            return None;
        }
        ((m as u128) << e, 0)
    } else {
        ((m as u128).checked_mul(5u128.checked_pow(e.unsigned_abs())?)?, e)
    };
    let text = n.to_string();
    Some((text.trim_end_matches('0').to_string(), text.len() as i32 - 1 + scale))
}

/// Decimal digits plus one in the last place; true when it carried out
/// ("99" -> ("10", true): one more power of ten).
fn increment(digits: &str) -> (String, bool) {
    let mut b = digits.as_bytes().to_vec();
    for i in (0..b.len()).rev() {
        if b[i] == b'9' {
            b[i] = b'0';
        } else {
            b[i] += 1;
            return (String::from_utf8(b).expect("ASCII digits"), false);
        }
    }
    b.insert(0, b'1');
    b.pop();
    (String::from_utf8(b).expect("ASCII digits"), true)
}

fn sign_of<F: PrintFloat>(x: F) -> &'static str {
    if x.is_negative() {
        "-"
    } else {
        ""
    }
}

/// Integer and fraction parts of the positional form of `d` (no trimming).
fn positional_parts(d: &Digits) -> (String, String) {
    let k = d.digits.len() as i32;
    if d.exp >= 0 {
        let int_len = (d.exp + 1) as usize;
        if k as usize <= int_len {
            (format!("{}{}", d.digits, "0".repeat(int_len - k as usize)), String::new())
        } else {
            (d.digits[..int_len].to_string(), d.digits[int_len..].to_string())
        }
    } else {
        ("0".to_string(), format!("{}{}", "0".repeat((-d.exp - 1) as usize), d.digits))
    }
}

/// Dragon4 positional, unique digits cut to `precision` fraction digits,
/// trailing zeros trimmed (trim='.'): (signed integer part, fraction).
fn positional_unique<F: PrintFloat>(x: F, precision: usize) -> (String, String) {
    let d = shortest(x.abs());
    let frac_len = (d.digits.len() as i64 - 1 - d.exp as i64).max(0) as usize;
    let (int, frac) = if frac_len <= precision {
        positional_parts(&d)
    } else {
        let text = format!("{:.precision$}", x.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        (int.to_string(), frac.trim_end_matches('0').to_string())
    };
    (format!("{}{int}", sign_of(x)), frac)
}

/// Dragon4 scientific, unique digits cut to `precision` mantissa fraction
/// digits, trailing zeros trimmed: (signed mantissa integer, fraction, exponent).
fn scientific_unique<F: PrintFloat>(x: F, precision: usize) -> (String, String, i32) {
    let d = shortest(x.abs());
    let (digits, exp) = if d.digits.len() - 1 <= precision {
        (d.digits, d.exp)
    } else {
        let r = parse_exp(&format!("{:.precision$e}", x.abs()));
        (r.digits.trim_end_matches('0').to_string(), r.exp)
    };
    let digits = if digits.is_empty() { "0".to_string() } else { digits };
    (format!("{}{}", sign_of(x), &digits[..1]), digits[1..].to_string(), exp)
}

fn exp_text(exp: i32, min_digits: usize) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{:0>min_digits$}", exp.unsigned_abs())
}

enum Notation {
    /// Positional: fraction cut to `precision`, padded to `pad_right`.
    Positional { precision: usize },
    /// Scientific with `digits` mantissa fraction digits and `exp_digits`.
    Scientific { digits: usize, exp_digits: usize },
}

/// NumPy's FloatingFormat (floatmode 'maxprec').
struct FloatFormat {
    notation: Notation,
    pad_left: i64,
    pad_right: i64,
}

impl FloatFormat {
    fn new<F: PrintFloat>(data: &[F], dtype: DType, opts: &PrintOptions) -> FloatFormat {
        let finite: Vec<F> = data.iter().copied().filter(|x| x.is_finite()).collect();
        let mut nonzero = finite.iter().filter(|x| !x.is_zero()).map(|x| x.abs());
        let mut exp_format = false;
        if let Some(first) = nonzero.next() {
            let (lo, hi) = nonzero.fold((first, first), |(lo, hi), x| (if x < lo { x } else { lo }, if x > hi { x } else { hi }));
            let digits = dtype.float_limits().map_or(15, |l| l.precision).min(8);
            let cutoff = F::from_f64(10f64.powi(digits as i32));
            exp_format = hi >= cutoff || (!opts.suppress && (lo < F::from_f64(1e-4) || hi / lo > F::from_f64(1000.0)));
        }
        let mut f = if finite.is_empty() {
            FloatFormat { notation: Notation::Positional { precision: opts.precision }, pad_left: 0, pad_right: 0 }
        } else if exp_format {
            let parts: Vec<(String, String, i32)> = finite.iter().map(|&x| scientific_unique(x, opts.precision)).collect();
            let exp_digits = parts.iter().map(|p| exp_text(p.2, 2).len() - 1).max().unwrap_or(2);
            let digits = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
            let pad_left = parts.iter().map(|p| p.0.len()).max().unwrap_or(0) as i64;
            FloatFormat { notation: Notation::Scientific { digits, exp_digits }, pad_left, pad_right: (exp_digits + 2 + digits) as i64 }
        } else {
            let parts: Vec<(String, String)> = finite.iter().map(|&x| positional_unique(x, opts.precision)).collect();
            let pad_left = parts.iter().map(|p| p.0.len()).max().unwrap_or(0) as i64;
            let pad_right = parts.iter().map(|p| p.1.len()).max().unwrap_or(0) as i64;
            FloatFormat { notation: Notation::Positional { precision: opts.precision }, pad_left, pad_right }
        };
        if finite.len() != data.len() {
            let neg_inf = data.iter().any(|x| !x.is_finite() && !x.is_nan() && x.is_negative()) as i64;
            let offset = f.pad_right + 1;
            f.pad_left = f.pad_left.max(3 - offset).max(3 + neg_inf - offset);
        }
        f
    }

    fn format_all<F: PrintFloat>(&self, data: &[F]) -> Vec<String> {
        data.iter().map(|&x| self.format(x)).collect()
    }

    fn format<F: PrintFloat>(&self, x: F) -> String {
        let pl = self.pad_left.max(0) as usize;
        if !x.is_finite() {
            let text = if x.is_nan() {
                "nan"
            } else if x.is_negative() {
                "-inf"
            } else {
                "inf"
            };
            let width = (self.pad_left + self.pad_right + 1).max(0) as usize;
            return format!("{text:>width$}");
        }
        match self.notation {
            Notation::Positional { precision } => {
                let (int, frac) = positional_unique(x, precision);
                let pr = self.pad_right.max(0) as usize;
                format!("{int:>pl$}.{frac:<pr$}")
            }
            Notation::Scientific { digits, exp_digits } => {
                // NumPy's Dragon4 with unique=True, min_digits=digits: the
                // unique digits when they fill the width (`digits` is the
                // widest of them), else the exact value rounded to `digits`
                // (the smallest float32 subnormal is 1.4012985e-45, not
                // 1.0000000e-45). The two differ at powers of two, where the
                // rounded exact value may not read back: float32 2^-96 is
                // 1.2621775e-29, not ...774.
                let (int, frac, exp) = scientific_unique(x, digits);
                if frac.len() == digits {
                    format!("{int:>pl$}.{frac}e{}", exp_text(exp, exp_digits))
                } else {
                    let d = parse_exp(&format!("{:.digits$e}", x.abs()));
                    let int = format!("{}{}", sign_of(x), &d.digits[..1]);
                    format!("{int:>pl$}.{}e{}", &d.digits[1..], exp_text(d.exp, exp_digits))
                }
            }
        }
    }
}

/// NumPy's `str` of a float scalar: shortest digits, positional for zero and
/// magnitudes in [1e-4, 1e16) (float32: [1e-4, 1e6)) with at least one
/// fraction digit (`1.0`),
/// otherwise scientific without trailing zeros (`1e+16`, `1.5e-05`).
fn scalar_str<F: PrintFloat>(x: F, dtype: DType) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if !x.is_finite() {
        return format!("{}inf", sign_of(x));
    }
    let d = shortest(x.abs());
    // Compared in f64, where 1e-4 and the upper bound decide as NumPy's long
    // double does. The upper bound is Python's 1e16 for float64 and
    // 10**digits for narrower floats (1e6 for float32), as NumPy >= 2.3.
    let a = x.abs().to_f64();
    let digits = dtype.float_limits().map_or(15, |l| l.precision);
    let upper = if digits >= 15 { 1e16 } else { 10f64.powi(digits as i32) };
    if x.is_zero() || (1e-4..upper).contains(&a) {
        let (int, frac) = positional_parts(&d);
        let frac = if frac.is_empty() { "0".to_string() } else { frac };
        format!("{}{int}.{frac}", sign_of(x))
    } else {
        let point = if d.digits.len() > 1 { "." } else { "" };
        format!("{}{}{point}{}e{}", sign_of(x), &d.digits[..1], &d.digits[1..], exp_text(d.exp, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t64(v: &[f64], shape: &[usize]) -> Tensor {
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_ne_bytes()).collect();
        Tensor::from_bytes(shape, DType::parse("f64").unwrap(), &bytes).unwrap()
    }

    #[test]
    fn floats_share_one_width() {
        let t = t64(&[1.5, 2.0, -0.0], &[3]);
        assert_eq!(repr(&t, &PrintOptions::default(), "tensor").unwrap(), "tensor([ 1.5,  2. , -0. ])");
    }

    #[test]
    fn scientific_when_the_range_is_wide() {
        let t = t64(&[1.0, 1.25e-5], &[2]);
        assert_eq!(str(&t, &PrintOptions::default()).unwrap(), "[1.00e+00 1.25e-05]");
        let opts = PrintOptions { suppress: true, ..PrintOptions::default() };
        assert_eq!(str(&t, &opts).unwrap(), "[1.        0.0000125]");
    }

    #[test]
    fn summarised_rows_keep_the_edges() {
        let v: Vec<f64> = (0..2000).map(|i| i as f64).collect();
        let t = t64(&v, &[2000]);
        let want = "tensor([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n        1.999e+03], shape=(2000,))";
        assert_eq!(repr(&t, &PrintOptions::default(), "tensor").unwrap(), want);
        let t = t64(&v[..1200], &[2, 3, 200]);
        let opts = PrintOptions { edgeitems: 1, ..PrintOptions::default() };
        let want = "[[[   0. ...  199.]\n  ...\n  [ 400. ...  599.]]\n\n [[ 600. ...  799.]\n  ...\n  [1000. ... 1199.]]]";
        assert_eq!(str(&t, &opts).unwrap(), want);
    }

    #[test]
    fn scalars_print_as_python_floats() {
        let (f64_, f32_) = (DType::parse("f64").unwrap(), DType::parse("f32").unwrap());
        assert_eq!(scalar_str(1.0f64, f64_), "1.0");
        assert_eq!(scalar_str(1e16f64, f64_), "1e+16");
        assert_eq!(scalar_str(1e15f64, f64_), "1000000000000000.0");
        assert_eq!(scalar_str(1.5e-5f64, f64_), "1.5e-05");
        assert_eq!(scalar_str(0.1f32, f32_), "0.1");
        assert_eq!(scalar_str(1e6f32, f32_), "1e+06");
        assert_eq!(scalar_str(-0.0f64, f64_), "-0.0");
        // Equally close shortest strings: the even one, as NumPy and Python.
        assert_eq!(scalar_str(0.6156692504882812f64, f64_), "0.6156692504882812");
        assert_eq!(scalar_str(-20812.3125f32, f32_), "-20812.312");
        assert_eq!(scalar_str(64295.3125f32, f32_), "64295.312");
        // ... unless only one of them reads back (a power of two: Python's repr).
        assert_eq!(scalar_str(2f64.powi(-24), f64_), "5.960464477539063e-08");
    }
}

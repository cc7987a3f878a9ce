//! Element bytes between a stream and a tensor buffer: chunked reads into a
//! fresh tensor (converted to native byte order, bools normalized to 0/1),
//! writes of a tensor's C-order bytes, and the raw binary dump format of
//! `tofile` / `fromfile` (elements only, no header).
use std::io::{ErrorKind, Read, Write};

use super::descr::FileDType;
use crate::dtype::{DType, Kind};
use crate::error::{fmt_shape, Error, Result};
use crate::tensor::Tensor;

/// Fill `buf` from `r` until it is full or the stream ends; the byte count
/// read (short only at end of stream).
pub fn read_full<R: Read + ?Sized>(r: &mut R, buf: &mut [u8], source: &str) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(source, "read", e)),
        }
    }
    Ok(got)
}

/// An I/O failure of the stream (the binding replaces it with the Python
/// exception that caused it, when there is one).
pub fn io_error(source: &str, what: &str, e: std::io::Error) -> Error {
    Error::InvalidArgument(format!("{source}: {what} failed: {e}"))
}

/// Bytes in the file order of `ft` become native: multi-byte elements of the
/// other byte order are reversed, bool bytes other than 0 become 1 (corepy's
/// bools are exactly 0 or 1; NumPy reads any nonzero byte as true).
pub fn to_native(buf: &mut [u8], ft: FileDType) {
    if ft.dtype.kind() == Kind::Bool {
        buf.iter_mut().for_each(|b| *b = (*b != 0) as u8);
    }
    if !ft.swap {
        return;
    }
    macro_rules! swap {
        ($T:ty) => {
            buf.chunks_exact_mut(std::mem::size_of::<$T>()).for_each(|c| {
                let v = <$T>::from_ne_bytes(c.try_into().expect("chunk of the element size")).swap_bytes();
                c.copy_from_slice(&v.to_ne_bytes());
            })
        };
    }
    match ft.dtype.itemsize() {
        2 => swap!(u16),
        4 => swap!(u32),
        8 => swap!(u64),
        n => buf.chunks_exact_mut(n).for_each(|c| c.reverse()),
    }
}

/// A contiguous tensor of `shape` read from the next `numel * itemsize`
/// bytes of `r`, in native order. A stream that ends early is a ValueError
/// naming how many bytes were expected and found.
pub fn read_tensor<R: Read + ?Sized>(r: &mut R, shape: &[usize], ft: FileDType, source: &str) -> Result<Tensor> {
    Tensor::from_fill(shape, ft.dtype, |buf| {
        let got = read_full(r, buf, source)?;
        if got < buf.len() {
            return Err(Error::InvalidArgument(format!(
                "{source}: truncated data: shape {} of {} needs {} bytes but the file ends after {got}",
                fmt_shape(shape),
                ft.dtype.name(),
                buf.len()
            )));
        }
        to_native(buf, ft);
        Ok(())
    })
}

/// Write the elements of `t` in C order and native byte order.
pub fn write_tensor<W: Write + ?Sized>(w: &mut W, t: &Tensor, source: &str) -> Result<()> {
    let dense = t.contiguous()?;
    w.write_all(dense.as_bytes()?).map_err(|e| io_error(source, "write", e))
}

/// `fromfile`: a 1-D tensor of `count` elements (all whole elements left
/// when `None`) read from `r`. `left` is the number of bytes from the read
/// position to the end of the file when the caller knows it (negative when
/// an offset moved past the end); without it, a `None` count reads to the
/// end of the stream. As NumPy, a count larger than the file holds reads
/// what is there, a trailing partial element is ignored, and an offset past
/// the end gives no elements for a given count and an error for all.
pub fn fromfile<R: Read + ?Sized>(r: &mut R, ft: FileDType, count: Option<usize>, left: Option<i64>, source: &str) -> Result<Tensor> {
    let size = ft.dtype.itemsize();
    if let Some(l) = left {
        // An offset past the end: no elements for a given count (as NumPy);
        // reading "all" from there is refused (NumPy raises too).
        if l < 0 && count.is_none() {
            return Err(Error::InvalidArgument(format!("{source}: fromfile: the offset is {} bytes past the end of the file", -l)));
        }
        let whole = l.max(0) as u64 / size as u64;
        let n = count.map_or(whole, |c| (c as u64).min(whole));
        let n = usize::try_from(n).map_err(|_| Error::SizeOverflow(format!("{source}: fromfile: {n} elements do not fit in memory")))?;
        return read_tensor(r, &[n], ft, source);
    }
    match count {
        Some(c) => {
            let want = c.checked_mul(size).ok_or_else(|| Error::SizeOverflow(format!("fromfile: count {c} of {} is too large", ft.dtype.name())))?;
            let mut bytes = Vec::new();
            r.take(want as u64).read_to_end(&mut bytes).map_err(|e| io_error(source, "read", e))?;
            from_file_bytes(bytes, ft)
        }
        None => {
            let mut bytes = Vec::new();
            r.read_to_end(&mut bytes).map_err(|e| io_error(source, "read", e))?;
            from_file_bytes(bytes, ft)
        }
    }
}

fn from_file_bytes(mut bytes: Vec<u8>, ft: FileDType) -> Result<Tensor> {
    let n = bytes.len() / ft.dtype.itemsize();
    bytes.truncate(n * ft.dtype.itemsize());
    to_native(&mut bytes, ft);
    Tensor::from_bytes(&[n], ft.dtype, &bytes)
}

/// `tofile`: the elements of `t` in C order, native byte order, no header.
pub fn tofile<W: Write + ?Sized>(w: &mut W, t: &Tensor, source: &str) -> Result<()> {
    write_tensor(w, t, source)
}

/// The dtype a stream's elements are read as when the caller names a
/// corepy dtype (native order).
pub fn native(dtype: DType) -> FileDType {
    FileDType { dtype, swap: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::descr::parse_typestr;
    use std::io::Cursor;

    fn f64_of(t: &Tensor) -> Vec<f64> {
        t.as_bytes().unwrap().chunks_exact(8).map(|c| f64::from_ne_bytes(c.try_into().unwrap())).collect()
    }

    #[test]
    fn raw_round_trip_and_partial_tail() {
        let vals = [1.5f64, -2.0, 3.25];
        let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_ne_bytes()).collect();
        let t = Tensor::from_bytes(&[3], DType::of_kind(Kind::Float, 8).unwrap(), &bytes).unwrap();
        let mut out = Vec::new();
        tofile(&mut out, &t, "t").unwrap();
        assert_eq!(out, bytes);
        out.push(7); // a partial element is ignored, as NumPy
        let ft = native(t.dtype());
        let back = fromfile(&mut Cursor::new(&out), ft, None, None, "t").unwrap();
        assert_eq!(f64_of(&back), vals);
        let back = fromfile(&mut Cursor::new(&out), ft, Some(2), Some(out.len() as i64), "t").unwrap();
        assert_eq!(f64_of(&back), &vals[..2]);
        let back = fromfile(&mut Cursor::new(&out), ft, Some(10), Some(out.len() as i64), "t").unwrap();
        assert_eq!(back.shape(), &[3]);
        assert!(fromfile(&mut Cursor::new(&out), ft, None, Some(-3), "t").is_err());
        assert_eq!(fromfile(&mut Cursor::new(&out), ft, Some(1), Some(-3), "t").unwrap().shape(), &[0]);
    }

    #[test]
    fn big_endian_and_bools_become_native() {
        let ft = parse_typestr(">i4", "t").unwrap();
        let t = fromfile(&mut Cursor::new(vec![0, 0, 1, 2]), ft, None, None, "t").unwrap();
        assert_eq!(t.as_bytes().unwrap(), &0x0102i32.to_ne_bytes());
        let b = fromfile(&mut Cursor::new(vec![0, 5, 1]), parse_typestr("|b1", "t").unwrap(), None, None, "t").unwrap();
        assert_eq!(b.as_bytes().unwrap(), &[0, 1, 1]);
    }

    #[test]
    fn truncated_read_is_an_error() {
        let ft = native(DType::of_kind(Kind::Float, 8).unwrap());
        let e = read_tensor(&mut Cursor::new(vec![0u8; 12]), &[2], ft, "'f.npy'").unwrap_err();
        assert!(e.to_string().contains("'f.npy': truncated data") && e.to_string().contains("16 bytes"), "{e}");
    }
}

//! The bytes of the binary index files: LEB128 varints, sorted id lists as varint gaps, id
//! sets as bitmaps (bit `i % 8` of byte `i / 8`), and a reader for them.
//!
//! Guarantees: pure; every writer here has a reader here that gives back what was written
//! (`search.js` reads the same layout).

/// Appends `v` as an unsigned LEB128 varint: 7 bits a byte, low bits first.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The bytes [`put_varint`] writes for `v`.
pub fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Appends sorted, distinct `ids` as gaps: the first id, then each id minus the one before.
pub fn put_gaps(out: &mut Vec<u8>, ids: impl IntoIterator<Item = u32>) {
    let mut last: Option<u32> = None;
    for id in ids {
        let gap = last.map_or(id, |l| id - l);
        put_varint(out, u64::from(gap));
        last = Some(id);
    }
}

/// The bitmap of sorted `ids`, without trailing zero bytes.
pub fn bitmap(ids: impl IntoIterator<Item = u32>) -> Vec<u8> {
    let mut bits = Vec::new();
    for id in ids {
        let byte = id as usize / 8;
        if bits.len() <= byte {
            bits.resize(byte + 1, 0);
        }
        bits[byte] |= 1 << (id % 8);
    }
    bits
}

/// The ids set in `bits`, ascending.
pub fn bitmap_ids(bits: &[u8]) -> Vec<u32> {
    let mut ids = Vec::new();
    for (i, &b) in bits.iter().enumerate() {
        for bit in 0..8 {
            if b >> bit & 1 == 1 {
                ids.push((i * 8 + bit) as u32);
            }
        }
    }
    ids
}

/// Bytes that are not what a reader expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed search index data at byte {at}")]
pub struct Malformed {
    /// Where reading failed.
    pub at: usize,
}

/// Reads what the writers of this module wrote.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// One byte.
    pub fn byte(&mut self) -> Result<u8, Malformed> {
        let b = *self.bytes.get(self.at).ok_or(Malformed { at: self.at })?;
        self.at += 1;
        Ok(b)
    }

    /// `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(Malformed { at: self.at })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// One varint.
    pub fn varint(&mut self) -> Result<u64, Malformed> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Malformed { at: self.at })
    }

    /// A varint that must fit a `usize`.
    pub fn size(&mut self) -> Result<usize, Malformed> {
        let at = self.at;
        usize::try_from(self.varint()?).map_err(|_| Malformed { at })
    }

    /// `n` ids written by [`put_gaps`].
    pub fn gaps(&mut self, n: usize) -> Result<Vec<u32>, Malformed> {
        let mut ids = Vec::with_capacity(n.min(self.bytes.len()));
        let mut last = 0u32;
        for i in 0..n {
            let at = self.at;
            let gap = u32::try_from(self.varint()?).map_err(|_| Malformed { at })?;
            last = if i == 0 { gap } else { last.checked_add(gap).ok_or(Malformed { at })? };
            ids.push(last);
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn can_write_varints_in_leb128() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            put_varint(&mut out, v);
            assert_eq!(varint_len(v), { Vec::new() }.tap(|o: &mut Vec<u8>| put_varint(o, v)).len(), "{v}");
        }
        assert_eq!(&out[..5], [0, 1, 0x7f, 0x80, 0x01]);
        let mut r = Reader::new(&out);
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.varint(), Ok(v));
        }
        assert!(r.is_done());
        assert!(Reader::new(&[0x80]).varint().is_err(), "cut short");
    }

    trait Tap: Sized {
        fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
            f(&mut self);
            self
        }
    }
    impl<T> Tap for T {}

    proptest! {
        #[test]
        fn can_read_back_gaps_and_bitmaps(mut ids in proptest::collection::vec(0u32..100_000, 0..300)) {
            ids.sort_unstable();
            ids.dedup();
            let mut out = Vec::new();
            put_gaps(&mut out, ids.iter().copied());
            let mut r = Reader::new(&out);
            prop_assert_eq!(r.gaps(ids.len()).expect("gaps"), ids.clone());
            prop_assert!(r.is_done());
            let bits = bitmap(ids.iter().copied());
            prop_assert!(bits.last().is_none_or(|&b| b != 0), "no trailing zero byte");
            prop_assert_eq!(bitmap_ids(&bits), ids);
        }
    }
}

//! A brief's search terms packed into few allocations: ascending word numbers as varint
//! gaps (most a single byte), with a varint count each where there is one, and a list of
//! texts as one string with the end of each.
//!
//! A one-shot build holds every brief's terms until the index is written: as plain `u32`
//! lists and one `String` per text they took about 5 KB a brief (half a gigabyte at 100,000
//! briefs), packed less than half of that.
//!
//! Guarantees: pure; each list reads back exactly what it was made from (the writers are
//! [`super::encode`]'s, the readers here stop at the end of the bytes, never past it).

use super::encode::{put_gaps, put_varint};

/// Ascending, distinct numbers, each with a count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Counted(Box<[u8]>);

impl Counted {
    /// `pairs` (number, count), ascending by number and distinct.
    pub fn new(pairs: &[(u32, u32)]) -> Counted {
        let mut out = Vec::with_capacity(pairs.len() * 2);
        let mut last = 0u32;
        for (i, &(id, count)) in pairs.iter().enumerate() {
            put_varint(&mut out, u64::from(if i == 0 { id } else { id - last }));
            put_varint(&mut out, u64::from(count));
            last = id;
        }
        Counted(out.into_boxed_slice())
    }

    /// The (number, count) pairs, ascending by number.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut varints = Varints { bytes: &self.0, at: 0 };
        let mut last: Option<u32> = None;
        std::iter::from_fn(move || {
            let gap = varints.next()?;
            let count = varints.next()?;
            let id = last.map_or(gap, |l| l.wrapping_add(gap));
            last = Some(id);
            Some((id, count))
        })
    }

    /// The numbers, ascending.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.iter().map(|(id, _)| id)
    }
}

/// Lists of ascending, distinct numbers, one after the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Sets(Box<[u8]>);

impl Sets {
    /// One set per item of `sets`, each ascending and distinct.
    pub fn new(sets: &[Vec<u32>]) -> Sets {
        let mut out = Vec::new();
        for set in sets {
            put_varint(&mut out, set.len() as u64);
            put_gaps(&mut out, set.iter().copied());
        }
        Sets(out.into_boxed_slice())
    }

    /// The sets, in order, each as its numbers.
    pub fn iter(&self) -> impl Iterator<Item = Vec<u32>> + '_ {
        let mut varints = Varints { bytes: &self.0, at: 0 };
        std::iter::from_fn(move || {
            let n = varints.next()? as usize;
            let mut set = Vec::with_capacity(n.min(varints.bytes.len()));
            let mut last = 0u32;
            for i in 0..n {
                let gap = varints.next()?;
                last = if i == 0 { gap } else { last.wrapping_add(gap) };
                set.push(last);
            }
            Some(set)
        })
    }
}

/// Texts as one string and the end of each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Texts {
    all: Box<str>,
    ends: Box<[u32]>,
}

impl Texts {
    /// `texts`, in order.
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Texts {
        let mut all = String::new();
        let mut ends = Vec::new();
        for t in texts {
            all.push_str(t);
            ends.push(all.len() as u32);
        }
        Texts { all: all.into_boxed_str(), ends: ends.into_boxed_slice() }
    }

    /// How many texts.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Text `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.all.get(start..end)
    }
}

/// The varints of a byte string, up to its end (a cut varint ends it).
struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Varints<'_> {
    fn next(&mut self) -> Option<u32> {
        let mut v = 0u64;
        for shift in (0..35).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return u32::try_from(v).ok();
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn can_read_back_what_it_packs(
            mut pairs in proptest::collection::vec((any::<u32>(), any::<u32>()), 0..200),
            sets in proptest::collection::vec(proptest::collection::btree_set(any::<u32>(), 0..50), 0..8),
            texts in proptest::collection::vec(".{0,40}", 0..8),
        ) {
            pairs.sort_unstable();
            pairs.dedup_by_key(|p| p.0);
            prop_assert_eq!(Counted::new(&pairs).iter().collect::<Vec<_>>(), pairs.clone());
            prop_assert_eq!(Counted::new(&pairs).ids().collect::<Vec<_>>(), pairs.iter().map(|p| p.0).collect::<Vec<_>>());
            let sets: Vec<Vec<u32>> = sets.into_iter().map(|s| s.into_iter().collect()).collect();
            prop_assert_eq!(Sets::new(&sets).iter().collect::<Vec<_>>(), sets);
            let packed = Texts::new(texts.iter().map(String::as_str));
            prop_assert_eq!(packed.len(), texts.len());
            prop_assert_eq!((0..packed.len()).filter_map(|i| packed.get(i)).collect::<Vec<_>>(), texts.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(packed.get(texts.len()), None);
        }
    }
}

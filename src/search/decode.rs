//! Reading the binary index files back: what `search.js` does in the browser, in Rust, for
//! tests and tools.
//!
//! Guarantees: pure; malformed bytes are an error ([`Malformed`]), never a panic.

use super::encode::{Malformed, Reader, bitmap_ids};
use super::index::{ALL, RANKED_BITMAP, RANKED_GAPS, VERSION};

/// One stem's postings as a shard holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postings {
    /// How many briefs have the stem.
    pub count: usize,
    /// Every brief with the stem, ascending.
    pub briefs: Vec<u32>,
    /// The briefs that keep their own impact, ascending, with it: all of them, or the best
    /// `top` of a ranked stem.
    pub impacts: Vec<(u32, u8)>,
    /// The impact of a ranked stem's other briefs.
    pub rest: Option<u8>,
}

/// A shard: its words, each with the number of its stem, the stems' postings and the
/// records of their best briefs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// (folded word, index into `stems`), sorted by word.
    pub words: Vec<(String, usize)>,
    /// Postings by stem.
    pub stems: Vec<Postings>,
    /// (brief number, record JSON), ascending by number.
    pub records: Vec<(u32, String)>,
}

/// A facet file: one term's briefs and the records of its newest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// The term's briefs, ascending.
    pub briefs: Vec<u32>,
    /// (brief number, record JSON), ascending by number.
    pub records: Vec<(u32, String)>,
}

impl Shard {
    /// The postings of `word`, if the shard has it.
    pub fn postings(&self, word: &str) -> Option<&Postings> {
        let i = self.words.binary_search_by(|(w, _)| w.as_str().cmp(word)).ok()?;
        self.stems.get(self.words[i].1)
    }
}

fn version(r: &mut Reader<'_>) -> Result<(), Malformed> {
    match r.byte()? {
        VERSION => Ok(()),
        _ => Err(Malformed { at: 0 }),
    }
}

/// Reads a shard file.
pub fn shard(bytes: &[u8]) -> Result<Shard, Malformed> {
    let mut r = Reader::new(bytes);
    version(&mut r)?;
    let n = r.size()?;
    let mut words = Vec::with_capacity(n.min(bytes.len()));
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..n {
        let shared = r.size()?;
        let suffix = r.size()?;
        let mut w = prev.get(..shared).ok_or(Malformed { at: 0 })?.to_vec();
        w.extend_from_slice(r.take(suffix)?);
        let stem = r.size()?;
        let word = String::from_utf8(w.clone()).map_err(|_| Malformed { at: 0 })?;
        words.push((word, stem));
        prev = w;
    }
    let count = r.size()?;
    let mut stems = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let len = r.size()?;
        stems.push(block(r.take(len)?)?);
    }
    let records = records(&mut r)?;
    if !r.is_done() || words.iter().any(|&(_, s)| s >= stems.len()) {
        return Err(Malformed { at: bytes.len() });
    }
    Ok(Shard { words, stems, records })
}

/// Reads a records section.
fn records(r: &mut Reader<'_>) -> Result<Vec<(u32, String)>, Malformed> {
    let n = r.size()?;
    let ids = r.gaps(n)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let len = r.size()?;
        let json = String::from_utf8(r.take(len)?.to_vec()).map_err(|_| Malformed { at: 0 })?;
        out.push((id, json));
    }
    Ok(out)
}

/// Reads one stem's block.
fn block(bytes: &[u8]) -> Result<Postings, Malformed> {
    let mut r = Reader::new(bytes);
    let count = r.size()?;
    let mode = r.byte()?;
    let postings = match mode {
        ALL => {
            let briefs = r.gaps(count)?;
            let impacts = r.take(count)?.to_vec();
            Postings { count, impacts: briefs.iter().copied().zip(impacts).collect(), briefs, rest: None }
        }
        RANKED_GAPS | RANKED_BITMAP => {
            let briefs = if mode == RANKED_GAPS {
                r.gaps(count)?
            } else {
                let len = r.size()?;
                bitmap_ids(r.take(len)?)
            };
            let top = r.size()?;
            let best = r.gaps(top)?;
            let impacts = r.take(top)?.to_vec();
            let rest = r.byte()?;
            Postings { count, briefs, impacts: best.into_iter().zip(impacts).collect(), rest: Some(rest) }
        }
        _ => return Err(Malformed { at: 0 }),
    };
    if !r.is_done() || postings.briefs.len() != count {
        return Err(Malformed { at: bytes.len() });
    }
    Ok(postings)
}

/// Reads a facet file: the briefs of one term, ascending.
pub fn facet(bytes: &[u8]) -> Result<Vec<u32>, Malformed> {
    facet_file(bytes).map(|f| f.briefs)
}

/// Reads a facet file with its records.
pub fn facet_file(bytes: &[u8]) -> Result<Facet, Malformed> {
    let mut r = Reader::new(bytes);
    version(&mut r)?;
    let count = r.size()?;
    let ids = match r.byte()? {
        0 => r.gaps(count)?,
        1 => {
            let len = r.size()?;
            bitmap_ids(r.take(len)?)
        }
        _ => return Err(Malformed { at: 0 }),
    };
    let records = records(&mut r)?;
    if ids.len() != count || !r.is_done() {
        return Err(Malformed { at: bytes.len() });
    }
    Ok(Facet { briefs: ids, records })
}

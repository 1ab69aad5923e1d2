//! [`build`]: every file of the index from the briefs' [`DocTerms`].
//!
//! Steps (in [`Index::update`]): number the briefs ([`super::slots`]); stem every distinct
//! word once; turn each brief's word weights into one impact byte per stem; gather each
//! stem's postings; encode each stem's block and pick its best briefs; cut the sorted words
//! into shards ([`super::shards::cut`]) by the bytes their words, stems and records take;
//! write the record fragments, the facet lists and the boot file. This file has the
//! encoders of each step.

use std::collections::HashMap;
use std::sync::Arc;

use super::encode::{bitmap, put_gaps, put_varint, varint_len};
use super::shards::Shard;
use super::state::Index;
use super::{DocTerms, Options, SearchFile};

/// Version of every file's layout (the first byte of binary files, `version` in JSON).
pub const VERSION: u8 = 2;

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Block modes: every brief with its impact; ranked with members as gaps; ranked with
/// members as a bitmap.
pub const ALL: u8 = 0;
pub const RANKED_GAPS: u8 = 1;
pub const RANKED_BITMAP: u8 = 2;

/// `x` rounded to the nearest of 2^(k/8): lengths within about 4% of each other are one
/// length, so a small edit seldom changes a brief's impacts, and the corpus average seldom
/// moves at all.
pub(super) fn bucket(x: f64) -> f64 {
    (x.max(1.0).log2() * 8.0).round().exp2().powf(1.0 / 8.0)
}

/// The impact byte of a stem whose weighted count in a brief of `length` words is
/// `half_units` / 2: BM25's term part scaled to 1..=255 (the query adds the IDF).
pub fn impact(half_units: u32, length: u32, average: f64) -> u8 {
    let tf = f64::from(half_units) / 2.0;
    let norm = 1.0 - B + B * bucket(f64::from(length)) / bucket(average);
    let w = tf * (K1 + 1.0) / (tf + K1 * norm);
    (w / (K1 + 1.0) * 255.0).round().clamp(1.0, 255.0) as u8
}

/// Every file of the index for `docs` (in any order): an update of an empty [`Index`] made
/// once ([`Index::files_once`], what a one-shot build does; the tests compare an index
/// updated edit by edit with it).
pub fn build(docs: &[&DocTerms], options: &Options) -> Vec<SearchFile> {
    let docs: Vec<Arc<DocTerms>> = docs.iter().map(|d| Arc::new((*d).clone())).collect();
    let (out, made) = std::sync::mpsc::sync_channel(16);
    let mut files: Vec<SearchFile> = std::thread::scope(|scope| {
        let taker = scope.spawn(move || made.into_iter().collect());
        Index::files_once(&docs, options, out);
        taker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// One stem's postings: the slots of its briefs, ascending, and each one's impact (two
/// lists rather than one of pairs, which would pad each pair to eight bytes).
#[derive(Debug, Clone, Default)]
pub(super) struct Postings {
    pub ids: Vec<u32>,
    pub impacts: Vec<u8>,
}

impl Postings {
    /// Brief `id`'s place in the list, or where it would go.
    pub fn find(&self, id: u32) -> std::result::Result<usize, usize> {
        self.ids.binary_search(&id)
    }

    /// The (slot, impact) pairs, ascending by slot.
    fn pairs(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.ids.iter().copied().zip(self.impacts.iter().copied())
    }

    /// The best `n` pairs, ranked best first: by impact, then newest. Only those `n` are
    /// sorted (the order is total, so this is the head of the fully sorted list): a common
    /// stem's list is as long as the archive, and an edit that renumbers briefs ranks
    /// nearly every stem again.
    fn ranked(&self, n: usize) -> Vec<(u32, u8)> {
        let order = |a: &(u32, u8), b: &(u32, u8)| b.1.cmp(&a.1).then(b.0.cmp(&a.0));
        let mut ranked: Vec<(u32, u8)> = self.pairs().collect();
        // The slots are distinct: no two pairs compare equal, so unstable selection and
        // sorting are exact.
        if n < ranked.len() {
            ranked.select_nth_unstable_by(n, order);
            ranked.truncate(n);
        }
        ranked.sort_unstable_by(order);
        ranked
    }
}

/// One stem's block: its brief count, mode and postings (see the module docs of `search`).
pub(super) fn stem_block(postings: &Postings, top: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let count = postings.ids.len();
    put_varint(&mut out, count as u64);
    if count <= top {
        out.push(ALL);
        put_gaps(&mut out, postings.ids.iter().copied());
        out.extend_from_slice(&postings.impacts);
        return out;
    }
    // The best `top` by impact (ties: newest), kept in number order with their impacts.
    let mut best = postings.ranked(top);
    let rest_sum =
        postings.impacts.iter().map(|&i| u64::from(i)).sum::<u64>() - best.iter().map(|p| u64::from(p.1)).sum::<u64>();
    let tail = (rest_sum / (count - top) as u64).max(1) as u8;
    best.sort_unstable();
    let mut gaps = Vec::new();
    put_gaps(&mut gaps, postings.ids.iter().copied());
    let bits = bitmap(postings.ids.iter().copied());
    if gaps.len() <= bits.len() + varint_len(bits.len() as u64) {
        out.push(RANKED_GAPS);
        out.extend(gaps);
    } else {
        out.push(RANKED_BITMAP);
        put_varint(&mut out, bits.len() as u64);
        out.extend(bits);
    }
    put_varint(&mut out, best.len() as u64);
    put_gaps(&mut out, best.iter().map(|p| p.0));
    out.extend(best.iter().map(|p| p.1));
    out.push(tail);
    // Kept until the shards are made: without the room its growth left.
    out.shrink_to_fit();
    out
}

/// The best `n` of `postings` by impact, then newest, ascending by number.
pub(super) fn best(postings: &Postings, n: usize) -> Vec<u32> {
    // Collected into a list of its own: collected from the ranked list in place, it would
    // keep that list's room.
    let mut ids: Vec<u32> = Vec::with_capacity(n.min(postings.ids.len()));
    ids.extend(postings.ranked(n).into_iter().map(|p| p.0));
    ids.sort_unstable();
    ids
}

/// A records section: varint count, the numbers as gaps, then each record as varint length
/// and JSON bytes; `records` sorted by number.
pub(super) fn put_records(out: &mut Vec<u8>, records: &[(u32, String)]) {
    put_varint(out, records.len() as u64);
    put_gaps(out, records.iter().map(|r| r.0));
    for (_, json) in records {
        put_varint(out, json.len() as u64);
        out.extend_from_slice(json.as_bytes());
    }
}

/// A shard file: its words (front-coded, each with the number of its stem in the shard),
/// the blocks of those stems, then the records of their best briefs.
pub(super) fn shard_bytes(
    shard: &Shard,
    words: &[&str],
    word_stem: &[u32],
    blocks: &[Vec<u8>],
    records: &[(u32, String)],
) -> Vec<u8> {
    let mut out = vec![VERSION];
    put_varint(&mut out, shard.words.len() as u64);
    let mut local: Vec<u32> = Vec::new();
    let mut local_of: HashMap<u32, u32> = HashMap::new();
    let mut prev: &[u8] = &[];
    for i in shard.words.clone() {
        let w = words[i].as_bytes();
        let shared = w.iter().zip(prev).take_while(|(a, b)| a == b).count();
        put_varint(&mut out, shared as u64);
        put_varint(&mut out, (w.len() - shared) as u64);
        out.extend_from_slice(&w[shared..]);
        let s = word_stem[i];
        let next = local.len() as u32;
        let k = *local_of.entry(s).or_insert_with(|| {
            local.push(s);
            next
        });
        put_varint(&mut out, u64::from(k));
        prev = w;
    }
    put_varint(&mut out, local.len() as u64);
    for s in local {
        let block = &blocks[s as usize];
        put_varint(&mut out, block.len() as u64);
        out.extend_from_slice(block);
    }
    put_records(&mut out, records);
    out
}

/// A facet file: the count, then the ids as gaps (mode 0) or a bitmap (mode 1), then the
/// records of the newest.
pub(super) fn id_set(ids: &[u32], records: &[(u32, String)]) -> Vec<u8> {
    let mut out = vec![VERSION];
    put_varint(&mut out, ids.len() as u64);
    let mut gaps = Vec::new();
    put_gaps(&mut gaps, ids.iter().copied());
    let bits = bitmap(ids.iter().copied());
    if gaps.len() <= bits.len() + varint_len(bits.len() as u64) {
        out.push(0);
        out.extend(gaps);
    } else {
        out.push(1);
        put_varint(&mut out, bits.len() as u64);
        out.extend(bits);
    }
    put_records(&mut out, records);
    out
}

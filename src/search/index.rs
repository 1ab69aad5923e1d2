//! [`build`]: every file of the index from the briefs' [`DocTerms`].
//!
//! Steps: number the briefs (date, then slug); stem every distinct word once; turn each
//! brief's word weights into one impact byte per stem; gather each stem's postings; encode
//! each stem's block; cut the sorted words into shards ([`shards::cut`]) by the bytes their
//! words and stems take; write the records, the facet lists and the boot file.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use super::encode::{bitmap, put_gaps, put_varint, varint_len};
use super::shards::{self, Shard};
use super::tokenize::Stems;
use super::{DocTerms, Options, SearchFile};

/// Version of every file's layout (the first byte of binary files, `version` in JSON).
pub const VERSION: u8 = 1;

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
fn bucket(x: f64) -> f64 {
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

/// Every file of the index for `docs` (in any order).
pub fn build(docs: &[&DocTerms], options: &Options) -> Vec<SearchFile> {
    // Numbering: oldest first, ties by slug.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| (&docs[a].date, &docs[a].slug).cmp(&(&docs[b].date, &docs[b].slug)));
    let docs: Vec<&DocTerms> = order.iter().map(|&i| docs[i]).collect();
    let n = docs.len();

    // Distinct words, sorted, each stemmed once.
    let vocabulary: HashSet<&str> = docs
        .par_iter()
        .fold(HashSet::new, |mut set, d| {
            set.extend(d.words.split(' ').filter(|w| !w.is_empty()));
            set
        })
        .reduce(HashSet::new, |mut a, b| {
            if a.len() < b.len() {
                return b.into_iter().chain(a).collect();
            }
            a.extend(b);
            a
        });
    let mut words: Vec<&str> = vocabulary.into_iter().collect();
    words.sort_unstable();
    let stems = Stems::for_language(&options.language);
    let stem_of: Vec<String> = words.par_iter().map(|w| stems.stem(w)).collect();
    let mut stem_ids: HashMap<&str, u32> = HashMap::new();
    let word_stem: Vec<u32> = stem_of
        .iter()
        .map(|s| {
            let next = stem_ids.len() as u32;
            *stem_ids.entry(s.as_str()).or_insert(next)
        })
        .collect();
    let word_ids: HashMap<&str, u32> = words.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();

    // Each brief's (stem, impact) pairs.
    let average = if n == 0 { 1.0 } else { docs.iter().map(|d| f64::from(d.length)).sum::<f64>() / n as f64 };
    let per_doc: Vec<Vec<(u32, u8)>> = docs
        .par_iter()
        .map(|d| {
            let mut pairs: Vec<(u32, u32)> = d
                .words
                .split(' ')
                .filter(|w| !w.is_empty())
                .zip(&d.weights)
                .filter_map(|(w, &c)| word_ids.get(w).map(|&i| (word_stem[i as usize], c)))
                .collect();
            pairs.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
            for (s, c) in pairs {
                match merged.last_mut() {
                    Some(last) if last.0 == s => last.1 += c,
                    _ => merged.push((s, c)),
                }
            }
            merged.into_iter().map(|(s, c)| (s, impact(c, d.length, average))).collect()
        })
        .collect();
    let mut postings: Vec<Vec<(u32, u8)>> = vec![Vec::new(); stem_ids.len()];
    for (id, pairs) in per_doc.iter().enumerate() {
        for &(s, imp) in pairs {
            postings[s as usize].push((id as u32, imp));
        }
    }
    drop(per_doc);
    let blocks: Vec<Vec<u8>> = postings.par_iter().map(|p| stem_block(p, options.top)).collect();
    drop(postings);

    // Shards: a word costs its dictionary entry, each distinct stem its block.
    let entry_cost = |i: usize| words[i].len() + 4;
    let seen = RefCell::new((0u32, vec![0u32; blocks.len()]));
    let size = |r: Range<usize>| -> usize {
        let mut seen = seen.borrow_mut();
        seen.0 += 1;
        let stamp = seen.0;
        let mut total = 8;
        for i in r {
            total += entry_cost(i);
            let s = word_stem[i] as usize;
            if seen.1[s] != stamp {
                seen.1[s] = stamp;
                total += blocks[s].len() + varint_len(blocks[s].len() as u64);
            }
        }
        total
    };
    let cut = shards::cut(&words, options.shard_cap, &size);
    let mut files: Vec<SearchFile> = cut
        .par_iter()
        .map(|s| SearchFile {
            path: format!("s/{}.bin", shards::file_name(&s.name)),
            bytes: shard_bytes(s, &words, &word_stem, &blocks),
        })
        .collect();

    // Records, by fragments of consecutive numbers.
    let fragment = options.fragment.max(1);
    files.extend(docs.chunks(fragment).enumerate().map(|(k, chunk)| {
        let mut json = String::from("[");
        for (i, d) in chunk.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&d.record);
        }
        json.push_str("]\n");
        SearchFile { path: format!("r/{k}.json"), bytes: json.into_bytes() }
    }));

    // Facets: each term's briefs.
    let mut facets: BTreeMap<(&str, &str), Vec<u32>> = BTreeMap::new();
    for (id, d) in docs.iter().enumerate() {
        for (t, slug) in &d.facets {
            facets.entry((t.as_str(), slug.as_str())).or_default().push(id as u32);
        }
    }
    files.extend(
        facets.iter().map(|((t, slug), ids)| SearchFile { path: format!("f/{t}/{slug}.bin"), bytes: id_set(ids) }),
    );

    // Boot: what the page needs before its first query.
    let mut years: Vec<(i32, usize)> = Vec::new();
    for (id, d) in docs.iter().enumerate() {
        let y = d.year();
        if years.last().is_none_or(|&(last, _)| last != y) {
            years.push((y, id));
        }
    }
    let names: Vec<&str> = cut.iter().map(|s: &Shard| s.name.as_str()).collect();
    let boot = serde_json::json!({
        "version": VERSION,
        "briefs": n,
        "fragment": fragment,
        "shards": names,
        "years": years,
    });
    files.push(SearchFile { path: "boot.json".to_owned(), bytes: format!("{boot}\n").into_bytes() });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// One stem's block: its brief count, mode and postings (see the module docs of `search`).
fn stem_block(postings: &[(u32, u8)], top: usize) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, postings.len() as u64);
    if postings.len() <= top {
        out.push(ALL);
        put_gaps(&mut out, postings.iter().map(|p| p.0));
        out.extend(postings.iter().map(|p| p.1));
        return out;
    }
    // The best `top` by impact (ties: newest), kept in number order with their impacts.
    let mut ranked: Vec<(u32, u8)> = postings.to_vec();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let (best, rest) = ranked.split_at(top);
    let tail = (rest.iter().map(|p| u64::from(p.1)).sum::<u64>() / rest.len() as u64).max(1) as u8;
    let mut best = best.to_vec();
    best.sort_unstable();
    let mut gaps = Vec::new();
    put_gaps(&mut gaps, postings.iter().map(|p| p.0));
    let bits = bitmap(postings.iter().map(|p| p.0));
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
    out
}

/// A shard file: its words (front-coded, each with the number of its stem in the shard),
/// then the blocks of those stems.
fn shard_bytes(shard: &Shard, words: &[&str], word_stem: &[u32], blocks: &[Vec<u8>]) -> Vec<u8> {
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
    out
}

/// A facet file: the count, then the ids as gaps (mode 0) or a bitmap (mode 1).
fn id_set(ids: &[u32]) -> Vec<u8> {
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
    out
}

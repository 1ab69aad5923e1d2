//! [`Index`]: the search index kept from one build to the next, brought up to date by
//! redoing only what the briefs that changed touch.
//!
//! A build diffs the briefs' [`DocTerms`] keys, in number order, against the last build's:
//! the postings of only the stems a changed brief had or has are updated, and only the
//! blocks, shards, record fragments and facet files whose inputs changed are encoded
//! again; a new brief newer than all the others takes the next number the same way. Anything
//! global starts over from an empty index, so every file is made again: a change of the
//! numbering (a brief removed, added before others, or with a new date or slug), of the
//! bucketed average length the impacts are scaled by, or of the [`Options`]. The shards
//! are cut again every build (cheap, from the block sizes), and a shard is encoded again
//! only when its words, their stems or one of those stems' blocks changed.
//!
//! Guarantees: a full build is this code with an empty index, so an update gives the bytes
//! a fresh build of the same briefs gives; the files are sorted by path.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::encode::varint_len;
use super::index::{VERSION, bucket, id_set, impact, shard_bytes, stem_block};
use super::shards;
use super::tokenize::Stems;
use super::{DocTerms, Options, SearchFile};

/// A word of the vocabulary: how many briefs have it, and its stem's number.
#[derive(Debug, Clone, Copy)]
struct Word {
    briefs: u32,
    stem: u32,
}

/// The index of the last build: its briefs, postings, blocks and files.
#[derive(Debug, Default)]
pub struct Index {
    /// The options it was built with.
    options: Option<(String, usize, usize, usize)>,
    /// The bucketed average brief length, as bits.
    average: u64,
    /// The briefs, in number order.
    docs: Vec<Arc<DocTerms>>,
    /// Each brief's (stem, impact) pairs, sorted by stem.
    pairs: Vec<Vec<(u32, u8)>>,
    /// Every word some brief has.
    vocabulary: HashMap<String, Word>,
    /// The vocabulary, sorted, with each word's stem.
    words: Vec<String>,
    word_stem: Vec<u32>,
    /// Stem to its number (numbers are never reused; they do not show in any file).
    stem_ids: HashMap<String, u32>,
    /// By stem number: its postings (brief number, impact), its block, and the build
    /// counter when the block last changed.
    postings: Vec<Vec<(u32, u8)>>,
    blocks: Vec<Vec<u8>>,
    block_version: Vec<u64>,
    /// Builds so far (never reset but with the whole index).
    counter: u64,
    /// Each taxonomy term's briefs.
    facets: BTreeMap<(String, String), Vec<u32>>,
    /// Each shard file's path to the hash of what its bytes are made from.
    shard_keys: HashMap<String, u64>,
    /// Every file, by path.
    files: BTreeMap<String, SearchFile>,
}

impl Index {
    /// Brings the index up to `docs` (in any order) and gives every file of it, sorted by path.
    pub fn update(&mut self, docs: &[Arc<DocTerms>], options: &Options) -> Vec<&SearchFile> {
        // Numbering: oldest first, ties by slug.
        let mut docs: Vec<Arc<DocTerms>> = docs.to_vec();
        docs.sort_by(|a, b| (&a.date, &a.slug).cmp(&(&b.date, &b.slug)));
        let n = docs.len();
        let raw_average = if n == 0 { 1.0 } else { docs.iter().map(|d| f64::from(d.length)).sum::<f64>() / n as f64 };
        let average = bucket(raw_average).to_bits();
        let option_key = Some((options.language.clone(), options.shard_cap, options.fragment, options.top));
        // The briefs of the last build keep their numbers (new ones may follow them).
        let same_numbering =
            self.docs.len() <= n && self.docs.iter().zip(&docs).all(|(a, b)| a.date == b.date && a.slug == b.slug);
        if !same_numbering || self.average != average || self.options != option_key {
            *self = Index { options: option_key, average, ..Index::default() };
        }
        self.counter += 1;
        let changed: Vec<usize> = (0..n)
            .filter(|&i| self.docs.get(i).is_none_or(|old| !Arc::ptr_eq(old, &docs[i]) && old.key() != docs[i].key()))
            .collect();
        if changed.is_empty() && !self.files.is_empty() {
            self.docs = docs;
            return self.files.values().collect();
        }
        let old_docs = std::mem::take(&mut self.docs);
        let old = |i: usize| old_docs.get(i).map(|d| &**d);

        self.update_vocabulary(&changed, &docs, &old, options);
        let dirty = self.update_postings(&changed, &docs, raw_average);
        self.encode_blocks(&dirty, options.top);
        let names = self.encode_shards(options.shard_cap);
        self.encode_records(&changed, &docs, options.fragment.max(1));
        self.update_facets(&changed, &docs, &old);
        self.encode_boot(&docs, &names, options.fragment.max(1));
        tracing::debug!(briefs = changed.len(), stems = dirty.len(), "search index updated");
        self.docs = docs;
        self.files.values().collect()
    }

    /// Counts the words of the changed briefs in and out; stems the new ones.
    fn update_vocabulary<'a>(
        &mut self,
        changed: &[usize],
        docs: &'a [Arc<DocTerms>],
        old: &(dyn Fn(usize) -> Option<&'a DocTerms> + Sync),
        options: &Options,
    ) {
        let split = |d: &'a DocTerms| d.words.split(' ').filter(|w| !w.is_empty());
        let delta: HashMap<&str, i64> = changed
            .par_iter()
            .fold(HashMap::new, |mut m: HashMap<&str, i64>, &i| {
                for w in old(i).into_iter().flat_map(split) {
                    *m.entry(w).or_default() -= 1;
                }
                for w in split(&docs[i]) {
                    *m.entry(w).or_default() += 1;
                }
                m
            })
            .reduce(HashMap::new, |mut a, b| {
                let (mut a, b) = if a.len() < b.len() { (b, std::mem::take(&mut a)) } else { (a, b) };
                for (w, d) in b {
                    *a.entry(w).or_default() += d;
                }
                a
            });
        let mut added: Vec<&str> = Vec::new();
        let mut removed: HashSet<&str> = HashSet::new();
        for (&w, &d) in &delta {
            if d == 0 {
                continue;
            }
            match self.vocabulary.get_mut(w) {
                Some(word) => {
                    let count = i64::from(word.briefs) + d;
                    if count <= 0 {
                        self.vocabulary.remove(w);
                        removed.insert(w);
                    } else {
                        word.briefs = count as u32;
                    }
                }
                None if d > 0 => added.push(w),
                None => {}
            }
        }
        if added.is_empty() && removed.is_empty() {
            return;
        }
        added.sort_unstable();
        let stems = Stems::for_language(&options.language);
        let stem_of: Vec<String> = added.par_iter().map(|w| stems.stem(w)).collect();
        for (w, stem) in added.iter().zip(stem_of) {
            let next = self.stem_ids.len() as u32;
            let id = *self.stem_ids.entry(stem).or_insert(next);
            if id == next {
                self.postings.push(Vec::new());
                self.blocks.push(Vec::new());
                self.block_version.push(0);
            }
            self.vocabulary.insert((*w).to_owned(), Word { briefs: delta[w] as u32, stem: id });
        }
        // The sorted words: the kept ones merged with the new ones.
        let kept = std::mem::take(&mut self.words).into_iter().filter(|w| !removed.contains(w.as_str()));
        let mut words: Vec<String> = Vec::with_capacity(self.vocabulary.len());
        let mut new = added.iter().peekable();
        for w in kept {
            while let Some(a) = new.next_if(|a| **a < w.as_str()) {
                words.push((*a).to_owned());
            }
            words.push(w);
        }
        words.extend(new.map(|a| (*a).to_owned()));
        self.word_stem = words.iter().map(|w| self.vocabulary.get(w.as_str()).map_or(0, |v| v.stem)).collect();
        self.words = words;
    }

    /// Each changed brief's (stem, impact) pairs, put into the stems' postings; gives the
    /// stems whose postings changed.
    fn update_postings(&mut self, changed: &[usize], docs: &[Arc<DocTerms>], average: f64) -> Vec<u32> {
        let vocabulary = &self.vocabulary;
        let fresh: Vec<Vec<(u32, u8)>> = changed
            .par_iter()
            .map(|&i| {
                let d = &docs[i];
                let mut pairs: Vec<(u32, u32)> = d
                    .words
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .zip(&d.weights)
                    .filter_map(|(w, &c)| vocabulary.get(w).map(|v| (v.stem, c)))
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
        self.pairs.resize(docs.len(), Vec::new());
        let mut dirty: Vec<u32> = Vec::new();
        for (&i, new) in changed.iter().zip(fresh) {
            let id = i as u32;
            let old = std::mem::take(&mut self.pairs[i]);
            let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
            loop {
                let (stem, before, after) = match (a.peek(), b.peek()) {
                    (None, None) => break,
                    (Some(&&(s, x)), Some(&&(t, y))) if s == t => {
                        a.next();
                        b.next();
                        (s, Some(x), Some(y))
                    }
                    (Some(&&(s, x)), Some(&&(t, _))) if s < t => {
                        a.next();
                        (s, Some(x), None)
                    }
                    (Some(&&(s, x)), None) => {
                        a.next();
                        (s, Some(x), None)
                    }
                    (_, Some(&&(t, y))) => {
                        b.next();
                        (t, None, Some(y))
                    }
                };
                if before == after {
                    continue;
                }
                let list = &mut self.postings[stem as usize];
                let at = list.partition_point(|p| p.0 < id);
                match (before, after) {
                    (Some(_), Some(y)) => list[at].1 = y,
                    (Some(_), None) => {
                        list.remove(at);
                    }
                    (None, Some(y)) => list.insert(at, (id, y)),
                    (None, None) => {}
                }
                dirty.push(stem);
            }
            self.pairs[i] = new;
        }
        dirty.sort_unstable();
        dirty.dedup();
        dirty
    }

    /// Encodes the blocks of the `dirty` stems again.
    fn encode_blocks(&mut self, dirty: &[u32], top: usize) {
        let postings = &self.postings;
        let blocks: Vec<Vec<u8>> = dirty.par_iter().map(|&s| stem_block(&postings[s as usize], top)).collect();
        for (&s, block) in dirty.iter().zip(blocks) {
            if self.blocks[s as usize] != block {
                self.blocks[s as usize] = block;
                self.block_version[s as usize] = self.counter;
            }
        }
    }

    /// Cuts the words into shards and encodes those whose words, stems or blocks changed;
    /// gives the shard names.
    fn encode_shards(&mut self, cap: usize) -> Vec<String> {
        let words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        let (word_stem, blocks) = (&self.word_stem, &self.blocks);
        // A word costs its dictionary entry, each distinct stem its block.
        let seen = RefCell::new((0u32, vec![0u32; blocks.len()]));
        let size = |r: Range<usize>| -> usize {
            let mut seen = seen.borrow_mut();
            seen.0 += 1;
            let stamp = seen.0;
            let mut total = 8;
            for i in r {
                total += words[i].len() + 4;
                let s = word_stem[i] as usize;
                if seen.1[s] != stamp {
                    seen.1[s] = stamp;
                    total += blocks[s].len() + varint_len(blocks[s].len() as u64);
                }
            }
            total
        };
        let cut = shards::cut(&words, cap, &size);
        let version = &self.block_version;
        let keyed: Vec<(String, u64)> = cut
            .par_iter()
            .map(|s| {
                let mut h = DefaultHasher::new();
                for i in s.words.clone() {
                    let stem = word_stem[i];
                    (words[i], stem, version[stem as usize]).hash(&mut h);
                }
                (format!("s/{}.bin", shards::file_name(&s.name)), h.finish())
            })
            .collect();
        let stale: Vec<usize> =
            (0..cut.len()).filter(|&k| self.shard_keys.get(&keyed[k].0) != Some(&keyed[k].1)).collect();
        let encoded: Vec<Vec<u8>> =
            stale.par_iter().map(|&k| shard_bytes(&cut[k], &words, word_stem, blocks)).collect();
        let names: Vec<String> = cut.iter().map(|s| s.name.clone()).collect();
        let now: HashSet<&str> = keyed.iter().map(|(p, _)| p.as_str()).collect();
        let gone: Vec<String> = self.shard_keys.keys().filter(|p| !now.contains(p.as_str())).cloned().collect();
        for path in gone {
            self.shard_keys.remove(&path);
            self.files.remove(&path);
        }
        for (k, bytes) in stale.into_iter().zip(encoded) {
            let (path, key) = &keyed[k];
            self.shard_keys.insert(path.clone(), *key);
            self.files.insert(path.clone(), SearchFile { path: path.clone(), bytes });
        }
        names
    }

    /// The record fragments holding a changed brief, made again.
    fn encode_records(&mut self, changed: &[usize], docs: &[Arc<DocTerms>], fragment: usize) {
        let ks: BTreeSet<usize> = changed.iter().map(|i| i / fragment).collect();
        for k in ks {
            let chunk = &docs[k * fragment..((k + 1) * fragment).min(docs.len())];
            let mut json = String::from("[");
            for (i, d) in chunk.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                json.push_str(&d.record);
            }
            json.push_str("]\n");
            let path = format!("r/{k}.json");
            self.files.insert(path.clone(), SearchFile { path, bytes: json.into_bytes() });
        }
    }

    /// Moves the changed briefs between the taxonomy terms; encodes the terms that changed.
    fn update_facets<'a>(
        &mut self,
        changed: &[usize],
        docs: &'a [Arc<DocTerms>],
        old: &dyn Fn(usize) -> Option<&'a DocTerms>,
    ) {
        let mut dirty: BTreeSet<(String, String)> = BTreeSet::new();
        for &i in changed {
            let id = i as u32;
            let before: &[(String, String)] = old(i).map_or(&[], |d| &d.facets);
            let after = &docs[i].facets;
            for f in before.iter().filter(|f| !after.contains(f)) {
                if let Some(ids) = self.facets.get_mut(f) {
                    ids.retain(|&x| x != id);
                }
                dirty.insert(f.clone());
            }
            for f in after.iter().filter(|f| !before.contains(f)) {
                let ids = self.facets.entry(f.clone()).or_default();
                let at = ids.partition_point(|&x| x < id);
                ids.insert(at, id);
                dirty.insert(f.clone());
            }
        }
        for f in dirty {
            let path = format!("f/{}/{}.bin", f.0, f.1);
            match self.facets.get(&f) {
                Some(ids) if !ids.is_empty() => {
                    self.files.insert(path.clone(), SearchFile { path, bytes: id_set(ids) });
                }
                _ => {
                    self.facets.remove(&f);
                    self.files.remove(&path);
                }
            }
        }
    }

    /// The boot file: what the page needs before its first query.
    fn encode_boot(&mut self, docs: &[Arc<DocTerms>], names: &[String], fragment: usize) {
        let mut years: Vec<(i32, usize)> = Vec::new();
        for (id, d) in docs.iter().enumerate() {
            let y = d.year();
            if years.last().is_none_or(|&(last, _)| last != y) {
                years.push((y, id));
            }
        }
        let boot = serde_json::json!({
            "version": VERSION,
            "briefs": docs.len(),
            "fragment": fragment,
            "shards": names,
            "years": years,
        });
        let path = "boot.json".to_owned();
        self.files.insert(path.clone(), SearchFile { path, bytes: format!("{boot}\n").into_bytes() });
    }
}

//! [`Index`]: the search index kept from one build to the next, brought up to date by
//! redoing only what the briefs that changed touch.
//!
//! A build numbers the briefs ([`super::slots`]) and diffs each slot's [`DocTerms`] key
//! against the last build's: a slot whose brief is new, gone, edited or another brief is a
//! changed slot. Only the postings of the stems a changed slot had or has are updated, and
//! only the blocks, best-brief lists, shards, record fragments and facet files whose inputs
//! changed are encoded again. Anything global starts over from an empty index, so every file
//! is made again: a change of the bucketed average length the impacts are scaled by, of the
//! [`Options`], or a renumbering of more than half the slots. The shards are cut again every
//! build (cheap, from the sizes of the stems' blocks and records), and a shard is encoded
//! again only when its words, their stems, one of those stems' blocks or the brief of one of
//! their records changed.
//!
//! Guarantees: a full build is this code with an empty index, so an update gives the bytes
//! a fresh build of the same briefs gives; the files are sorted by path.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

// Fx, not SipHash: the maps are keyed by the corpus's words, looked up millions of times.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::SyncSender;

use rayon::prelude::*;

use super::encode::varint_len;
use super::index::{Postings, VERSION, best, bucket, id_set, impact, shard_bytes, stem_block};
use super::shards;
use super::slots::slots;
use super::tokenize::Stems;
use super::words;
use super::{DocTerms, Options, SearchFile};

/// A word of the vocabulary: how many briefs have it, and its stem's number.
#[derive(Debug, Clone, Copy)]
struct Word {
    briefs: u32,
    stem: u32,
}

/// Slots whose (stem, impact) pairs an update makes at a time.
const PAIRS_CHUNK: usize = 2048;

/// A brief in its slot, or a hole.
type Slot = Option<Arc<DocTerms>>;

/// The index of the last build: its briefs, postings, blocks and files.
#[derive(Debug, Default)]
pub struct Index {
    /// The options it was built with.
    options: Option<(String, usize, usize, usize, usize)>,
    /// The bucketed average brief length, as bits.
    average: u64,
    /// The briefs, by slot. A slot's (stem, impact) pairs are not kept: they are a
    /// function of its brief, the vocabulary's stems and the bucketed average, so an update
    /// makes the old ones again for the changed slots only.
    docs: Vec<Slot>,
    /// Every word some brief has, by its number ([`words`]).
    vocabulary: HashMap<u32, Word>,
    /// The vocabulary, sorted (each word with its number), with each word's stem.
    words: Vec<(&'static str, u32)>,
    word_stem: Vec<u32>,
    /// Stem to its number (numbers are never reused; they do not show in any file).
    stem_ids: HashMap<String, u32>,
    /// By stem number: its postings (slot, impact), its block, the build counter when the
    /// block last changed, its best briefs (whose records its shard carries) and the bytes
    /// those records take.
    postings: Vec<Postings>,
    blocks: Vec<Vec<u8>>,
    block_version: Vec<u64>,
    best: Vec<Vec<u32>>,
    best_bytes: Vec<usize>,
    /// Builds so far (never reset but with the whole index).
    counter: u64,
    /// Each taxonomy term's briefs.
    facets: BTreeMap<(String, String), Vec<u32>>,
    /// Each shard file's path to the hash of what its bytes are made from.
    shard_keys: HashMap<String, u64>,
    /// Every file, by path.
    files: BTreeMap<String, SearchFile>,
    /// Whether the index is made once and dropped ([`Index::files_once`]): each stage's
    /// working state goes as soon as the next stage no longer needs it.
    once: bool,
    /// Where a one-shot index sends each file as soon as it is made, instead of keeping it.
    out: Option<SyncSender<SearchFile>>,
}

impl Index {
    /// Brings the index up to `docs` (in any order) and gives every file of it, sorted by path.
    pub fn update(&mut self, docs: &[Arc<DocTerms>], options: &Options) -> Vec<&SearchFile> {
        let keys: Vec<(&str, &str)> = docs.iter().map(|d| (d.date.as_str(), d.slug.as_str())).collect();
        let (slot_of, slot_count) = slots(&keys);
        let mut new: Vec<Slot> = vec![None; slot_count];
        for (d, &s) in docs.iter().zip(&slot_of) {
            new[s as usize] = Some(Arc::clone(d));
        }
        let n = docs.len();
        let raw_average = if n == 0 { 1.0 } else { docs.iter().map(|d| f64::from(d.length)).sum::<f64>() / n as f64 };
        let average = bucket(raw_average).to_bits();
        let option_key =
            Some((options.language.clone(), options.shard_cap, options.fragment, options.top, options.records));
        if self.average != average || self.options != option_key {
            *self = Index {
                options: option_key.clone(),
                average,
                once: self.once,
                out: self.out.take(),
                ..Index::default()
            };
        }
        self.counter += 1;
        let differs =
            |old: &[Slot], i: usize| match (old.get(i).and_then(Option::as_ref), new.get(i).and_then(Option::as_ref)) {
                (None, None) => false,
                (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a.key() != b.key(),
                _ => true,
            };
        let mut len = self.docs.len().max(slot_count);
        let mut changed: Vec<usize> = (0..len).filter(|&i| differs(&self.docs, i)).collect();
        if changed.len() * 2 > len && !self.files.is_empty() {
            // Renumbered: starting over is the same and cheaper.
            let counter = self.counter;
            *self = Index {
                options: option_key,
                average,
                counter,
                once: self.once,
                out: self.out.take(),
                ..Index::default()
            };
            len = slot_count;
            changed = (0..len).filter(|&i| differs(&self.docs, i)).collect();
        }
        if changed.is_empty() && !self.files.is_empty() {
            self.docs = new;
            return self.files.values().collect();
        }
        new.resize(len, None);
        let mut old_docs = std::mem::take(&mut self.docs);
        old_docs.resize(len, None);
        let old = |i: usize| old_docs[i].as_deref();
        let now = |i: usize| new[i].as_deref();

        // Before the vocabulary changes, every word of an old brief has the stem it had.
        let before: Vec<Vec<(u32, u8)>> = changed.par_iter().map(|&i| self.pairs_of(old(i), raw_average)).collect();
        self.update_vocabulary(&changed, &now, &old, options);
        let dirty = self.update_postings(&changed, before, &now, raw_average);
        self.encode_blocks(&dirty, options.top, options.records);
        if self.once {
            // The blocks hold what the shards need of the postings.
            self.postings = Vec::new();
        }
        self.measure_best(&changed, &dirty, &new);
        let names = self.encode_shards(options.shard_cap, &new);
        if self.once {
            self.blocks = Vec::new();
            self.vocabulary = HashMap::default();
        }
        self.encode_records(&changed, &new, options.fragment.max(1));
        self.update_facets(&changed, &new, &old, options.records);
        self.encode_boot(&new, n, slot_count, &names, options.fragment.max(1));
        tracing::debug!(slots = changed.len(), stems = dirty.len(), "search index updated");
        new.truncate(slot_count);
        self.docs = new;
        self.files.values().collect()
    }

    /// Every file of the index of `docs`, each sent to `out` as soon as it is made (in no
    /// particular order), by an index that is then dropped: its working state is many times
    /// its files, and goes stage by stage.
    pub fn files_once(docs: &[Arc<DocTerms>], options: &Options, out: SyncSender<SearchFile>) {
        let mut index = Index { once: true, out: Some(out), ..Index::default() };
        index.update(docs, options);
    }

    /// Keeps `file`, or sends it on for a one-shot index.
    fn put(&mut self, file: SearchFile) {
        match &self.out {
            // The receiver outlives the index (a writer that died is the caller's to report).
            Some(out) => drop(out.send(file)),
            None => {
                self.files.insert(file.path.clone(), file);
            }
        }
    }

    /// Counts the words of the changed slots in and out; stems the new ones.
    fn update_vocabulary<'a>(
        &mut self,
        changed: &[usize],
        now: &(dyn Fn(usize) -> Option<&'a DocTerms> + Sync),
        old: &(dyn Fn(usize) -> Option<&'a DocTerms> + Sync),
        options: &Options,
    ) {
        let split = |d: &'a DocTerms| d.words.ids();
        let delta: HashMap<u32, i64> = changed
            .par_iter()
            .fold(HashMap::default, |mut m: HashMap<u32, i64>, &i| {
                for w in old(i).into_iter().flat_map(split) {
                    *m.entry(w).or_default() -= 1;
                }
                for w in now(i).into_iter().flat_map(split) {
                    *m.entry(w).or_default() += 1;
                }
                m
            })
            .reduce(HashMap::default, |mut a, b| {
                let (mut a, b) = if a.len() < b.len() { (b, std::mem::take(&mut a)) } else { (a, b) };
                for (w, d) in b {
                    *a.entry(w).or_default() += d;
                }
                a
            });
        let mut added: Vec<u32> = Vec::new();
        let mut removed: HashSet<u32> = HashSet::default();
        for (&w, &d) in &delta {
            if d == 0 {
                continue;
            }
            match self.vocabulary.get_mut(&w) {
                Some(word) => {
                    let count = i64::from(word.briefs) + d;
                    if count <= 0 {
                        self.vocabulary.remove(&w);
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
        let mut added: Vec<(&'static str, u32)> = words::text(added.iter().copied()).into_iter().zip(added).collect();
        added.sort_unstable();
        let stems = Stems::for_language(&options.language);
        let stem_of: Vec<String> = added.par_iter().map(|(w, _)| stems.stem(w)).collect();
        for (&(_, w), stem) in added.iter().zip(stem_of) {
            let next = self.stem_ids.len() as u32;
            let id = *self.stem_ids.entry(stem).or_insert(next);
            if id == next {
                self.postings.push(Postings::default());
                self.blocks.push(Vec::new());
                self.block_version.push(0);
                self.best.push(Vec::new());
                self.best_bytes.push(0);
            }
            self.vocabulary.insert(w, Word { briefs: delta[&w] as u32, stem: id });
        }
        // The sorted words: the kept ones merged with the new ones.
        let kept = std::mem::take(&mut self.words).into_iter().filter(|w| !removed.contains(&w.1));
        let mut words: Vec<(&'static str, u32)> = Vec::with_capacity(self.vocabulary.len());
        let mut new = added.iter().peekable();
        for w in kept {
            while let Some(a) = new.next_if(|a| a.0 < w.0) {
                words.push(*a);
            }
            words.push(w);
        }
        words.extend(new.copied());
        self.word_stem = words.iter().map(|w| self.vocabulary.get(&w.1).map_or(0, |v| v.stem)).collect();
        self.words = words;
    }

    /// The (stem, impact) pairs of `doc` (none for a hole), sorted by stem.
    fn pairs_of(&self, doc: Option<&DocTerms>, average: f64) -> Vec<(u32, u8)> {
        let Some(d) = doc else { return Vec::new() };
        let mut pairs: Vec<(u32, u32)> =
            d.words.iter().filter_map(|(w, c)| self.vocabulary.get(&w).map(|v| (v.stem, c))).collect();
        pairs.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
        for (s, c) in pairs {
            match merged.last_mut() {
                Some(last) if last.0 == s => last.1 += c,
                _ => merged.push((s, c)),
            }
        }
        merged.into_iter().map(|(s, c)| (s, impact(c, d.length, average))).collect()
    }

    /// Each changed slot's (stem, impact) pairs, put into the stems' postings in place of
    /// `before`, the pairs it had; gives the stems whose postings changed.
    fn update_postings<'a>(
        &mut self,
        changed: &[usize],
        before: Vec<Vec<(u32, u8)>>,
        now: &(dyn Fn(usize) -> Option<&'a DocTerms> + Sync),
        average: f64,
    ) -> Vec<u32> {
        let mut dirty = vec![false; self.postings.len()];
        // A stem with no postings yet (all of them, in a fresh build) gets room for as many
        // briefs as have one of its words, so its lists never grow to twice what they hold.
        let mut room = vec![0usize; self.postings.len()];
        for w in self.vocabulary.values() {
            room[w.stem as usize] += w.briefs as usize;
        }
        for (list, room) in self.postings.iter_mut().zip(room) {
            if list.ids.is_empty() {
                list.ids.reserve_exact(room);
                list.impacts.reserve_exact(room);
            }
        }
        let mut before = before.into_iter();
        // A chunk of slots at a time: a fresh build never holds every brief's pairs at once.
        for chunk in changed.chunks(PAIRS_CHUNK) {
            let fresh: Vec<Vec<(u32, u8)>> = chunk.par_iter().map(|&i| self.pairs_of(now(i), average)).collect();
            for ((&i, new), old) in chunk.iter().zip(fresh).zip(before.by_ref()) {
                self.replace_pairs(i as u32, &old, &new, &mut dirty);
            }
        }
        let dirty: Vec<u32> = (0..dirty.len() as u32).filter(|&s| dirty[s as usize]).collect();
        for &s in &dirty {
            let list = &mut self.postings[s as usize];
            list.ids.shrink_to_fit();
            list.impacts.shrink_to_fit();
        }
        dirty
    }

    /// Slot `id`'s pairs `old` replaced by `new` in the stems' postings, the stems whose
    /// postings changed marked in `dirty`.
    fn replace_pairs(&mut self, id: u32, old: &[(u32, u8)], new: &[(u32, u8)], dirty: &mut [bool]) {
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
            match (list.find(id), after) {
                (Ok(at), Some(y)) => list.impacts[at] = y,
                (Ok(at), None) => {
                    list.ids.remove(at);
                    list.impacts.remove(at);
                }
                (Err(at), Some(y)) => {
                    list.ids.insert(at, id);
                    list.impacts.insert(at, y);
                }
                (Err(_), None) => {}
            }
            dirty[stem as usize] = true;
        }
    }

    /// Encodes the blocks and picks the best briefs of the `dirty` stems again.
    fn encode_blocks(&mut self, dirty: &[u32], top: usize, records: usize) {
        let postings = &self.postings;
        let blocks: Vec<(Vec<u8>, Vec<u32>)> = dirty
            .par_iter()
            .map(|&s| {
                let p = &postings[s as usize];
                (stem_block(p, top), best(p, records))
            })
            .collect();
        for (&s, (block, best)) in dirty.iter().zip(blocks) {
            if self.blocks[s as usize] != block {
                self.blocks[s as usize] = block;
                self.block_version[s as usize] = self.counter;
            }
            self.best[s as usize] = best;
        }
    }

    /// The text of `doc` a record carried for `stem` shows: the first of its texts with a
    /// word of the stem, or the summary.
    fn chosen(&self, doc: &DocTerms, stem: u32) -> usize {
        doc.text_words
            .iter()
            .position(|t| t.iter().any(|w| self.vocabulary.get(w).is_some_and(|v| v.stem == stem)))
            .unwrap_or(0)
    }

    /// The bytes the records of each stem's best briefs take, for the stems whose best
    /// briefs or one of whose best briefs changed.
    fn measure_best(&mut self, changed: &[usize], dirty: &[u32], docs: &[Slot]) {
        let changed: HashSet<u32> = changed.iter().map(|&i| i as u32).collect();
        let mut stale: Vec<u32> = (0..self.best.len() as u32)
            .into_par_iter()
            .filter(|&s| self.best[s as usize].iter().any(|id| changed.contains(id)))
            .collect();
        stale.extend_from_slice(dirty);
        stale.sort_unstable();
        stale.dedup();
        let bytes: Vec<usize> = stale
            .par_iter()
            .map(|&s| {
                self.best[s as usize]
                    .iter()
                    .filter_map(|&id| docs.get(id as usize).and_then(Option::as_deref))
                    .map(|d| {
                        let r = d.record([self.chosen(d, s)]).len();
                        r + varint_len(r as u64) + 3
                    })
                    .sum()
            })
            .collect();
        for (s, b) in stale.into_iter().zip(bytes) {
            self.best_bytes[s as usize] = b;
        }
    }

    /// Cuts the words into shards and encodes those whose words, stems, blocks or records
    /// changed; gives the shard names.
    fn encode_shards(&mut self, cap: usize, docs: &[Slot]) -> Vec<String> {
        let words: Vec<&str> = self.words.iter().map(|w| w.0).collect();
        let (word_stem, blocks, best_bytes) = (&self.word_stem, &self.blocks, &self.best_bytes);
        // A word costs its dictionary entry, each distinct stem its block and records.
        let seen = RefCell::new((0u32, vec![0u32; blocks.len()]));
        let size = |r: Range<usize>| -> usize {
            let mut seen = seen.borrow_mut();
            seen.0 += 1;
            let stamp = seen.0;
            let mut total = 12;
            for i in r {
                total += words[i].len() + 4;
                let s = word_stem[i] as usize;
                if seen.1[s] != stamp {
                    seen.1[s] = stamp;
                    total += blocks[s].len() + varint_len(blocks[s].len() as u64) + best_bytes[s];
                }
            }
            total
        };
        let cut = shards::cut(&words, cap, &size);
        let (version, best) = (&self.block_version, &self.best);
        let doc_key = |id: u32| docs.get(id as usize).and_then(Option::as_ref).map(|d| d.key());
        let keyed: Vec<(String, u64)> = cut
            .par_iter()
            .map(|s| {
                let mut h = DefaultHasher::new();
                for i in s.words.clone() {
                    let stem = word_stem[i];
                    (words[i], stem, version[stem as usize]).hash(&mut h);
                    for &id in &best[stem as usize] {
                        (id, doc_key(id)).hash(&mut h);
                    }
                }
                (format!("s/{}.bin", shards::file_name(&s.name)), h.finish())
            })
            .collect();
        let stale: Vec<usize> =
            (0..cut.len()).filter(|&k| self.shard_keys.get(&keyed[k].0) != Some(&keyed[k].1)).collect();
        let this = &*self;
        let encoded: Vec<Vec<u8>> = stale
            .par_iter()
            .map(|&k| {
                let mut texts: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
                for i in cut[k].words.clone() {
                    let s = word_stem[i];
                    for &id in &best[s as usize] {
                        if let Some(d) = docs.get(id as usize).and_then(Option::as_deref) {
                            texts.entry(id).or_default().insert(this.chosen(d, s));
                        }
                    }
                }
                let records: Vec<(u32, String)> = texts
                    .into_iter()
                    .filter_map(|(id, chosen)| {
                        docs.get(id as usize).and_then(Option::as_deref).map(|d| (id, d.record(chosen)))
                    })
                    .collect();
                shard_bytes(&cut[k], &words, word_stem, blocks, &records)
            })
            .collect();
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
            self.put(SearchFile { path: path.clone(), bytes });
        }
        names
    }

    /// The record fragments holding a changed slot, made again (`null` for a hole; a
    /// fragment of holes only is no file).
    fn encode_records(&mut self, changed: &[usize], docs: &[Slot], fragment: usize) {
        let ks: BTreeSet<usize> = changed.iter().map(|i| i / fragment).collect();
        for k in ks {
            let path = format!("r/{k}.json");
            let chunk = &docs[(k * fragment).min(docs.len())..((k + 1) * fragment).min(docs.len())];
            if chunk.iter().all(Option::is_none) {
                self.files.remove(&path);
                continue;
            }
            let mut json = String::from("[");
            for (i, d) in chunk.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                match d {
                    Some(d) => json.push_str(&d.full_record()),
                    None => json.push_str("null"),
                }
            }
            json.push_str("]\n");
            self.put(SearchFile { path, bytes: json.into_bytes() });
        }
    }

    /// Moves the changed slots between the taxonomy terms; encodes the terms they are or
    /// were in (their newest records may have changed) and `f/all.bin`.
    fn update_facets<'a>(
        &mut self,
        changed: &[usize],
        docs: &[Slot],
        old: &dyn Fn(usize) -> Option<&'a DocTerms>,
        records: usize,
    ) {
        let mut dirty: BTreeSet<(String, String)> = BTreeSet::new();
        for &i in changed {
            let id = i as u32;
            let before: &[u32] = old(i).map_or(&[], |d| &d.facets);
            let after: &[u32] = docs[i].as_ref().map_or(&[], |d| &d.facets);
            let name = |f: u32| {
                let (taxonomy, slug) = words::facet(f);
                (taxonomy.to_owned(), slug.to_owned())
            };
            for &f in before.iter().filter(|f| !after.contains(f)) {
                if let Some(ids) = self.facets.get_mut(&name(f)) {
                    ids.retain(|&x| x != id);
                }
            }
            for &f in after.iter().filter(|f| !before.contains(f)) {
                let ids = self.facets.entry(name(f)).or_default();
                let at = ids.partition_point(|&x| x < id);
                ids.insert(at, id);
            }
            dirty.extend(before.iter().chain(after).map(|&f| name(f)));
        }
        let newest = |ids: &[u32]| -> Vec<(u32, String)> {
            let from = ids.len().saturating_sub(records);
            ids[from..]
                .iter()
                .filter_map(|&id| docs.get(id as usize).and_then(Option::as_deref).map(|d| (id, d.record([0]))))
                .collect()
        };
        for f in dirty {
            let path = format!("f/{}/{}.bin", f.0, f.1);
            match self.facets.get(&f) {
                Some(ids) if !ids.is_empty() => {
                    let bytes = id_set(ids, &newest(ids));
                    self.put(SearchFile { path, bytes });
                }
                _ => {
                    self.facets.remove(&f);
                    self.files.remove(&path);
                }
            }
        }
        let all: Vec<u32> = (0..docs.len() as u32).filter(|&i| docs[i as usize].is_some()).collect();
        let path = "f/all.bin".to_owned();
        self.put(SearchFile { path, bytes: id_set(&all, &newest(&all)) });
    }

    /// The boot file: what the page needs before its first query.
    fn encode_boot(&mut self, docs: &[Slot], briefs: usize, slot_count: usize, names: &[String], fragment: usize) {
        let mut years: Vec<(i32, usize)> = Vec::new();
        for (id, d) in docs.iter().enumerate() {
            let Some(d) = d else { continue };
            let y = d.year();
            if years.last().is_none_or(|&(last, _)| last != y) {
                years.push((y, id));
            }
        }
        let boot = serde_json::json!({
            "version": VERSION,
            "briefs": briefs,
            "slots": slot_count,
            "fragment": fragment,
            "shards": names,
            "years": years,
        });
        let path = "boot.json".to_owned();
        self.put(SearchFile { path, bytes: format!("{boot}\n").into_bytes() });
    }
}

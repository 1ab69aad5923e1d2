//! `search`: the sharded full-text index the search page's script reads, built from the
//! model in the same build (brief text from the markdown, never from HTML).
//!
//! ```text
//! Doc (a brief's parts) ──DocTerms::of──> DocTerms (folded words as numbers, weights, record; kept per
//!                                          brief in the render cache)
//! [DocTerms] ──build──> boot.json        shard names, brief and slot counts, years
//!                       s/<prefix>.bin   words by prefix, capped in bytes: each folded
//!                                        surface word -> its stem's postings, and the
//!                                        result records of each stem's best briefs
//!                       r/<k>.json       full result records of slots k*F .. k*F+F-1
//!                       f/<tax>/<slug>.bin  the briefs of one taxonomy term, with the
//!                                        records of its newest; f/all.bin every brief
//! ```
//!
//! A query needs the boot file (fetched with the page), one shard per word and, only for
//! the results no shard carries, a record file or two; a filter with no words, its facet
//! files (whose newest records are the first results).
//!
//! The render cache keeps an [`Index`] (`state.rs`): a render brings it up to date by
//! redoing only what the changed briefs touch, and [`build`] is the same update of an empty
//! one, so both give the same bytes.
//!
//! Briefs are numbered by slot ([`slots`]): each month with briefs takes a run of slots, its
//! brief count rounded up to [`MONTH_SLOTS`], and its briefs are numbered by date, then
//! slug, from the start of the run. A new brief takes the next slot of its month, so the
//! files of the others stay as they were; a brief removed or added out of date order
//! renumbers only the later briefs of its month. Only a month getting its first brief,
//! losing its last, or crossing a multiple of [`MONTH_SLOTS`] moves the later months. The
//! numbering is a function of the briefs' dates and slugs alone, so a clean build and an
//! incremental one number alike. The browser has no stemmer: each
//! shard maps the surface words the corpus has (folded as [`tokenize::fold`] does, which
//! `search.js` mirrors) to their stem's postings, so a query needs only folding. Postings
//! are varint gaps with one impact byte per brief (a BM25 term weight with the title,
//! summary, key points, terms and authors boosted, against a bucketed length so small edits
//! leave it alone); a stem in more than [`Options::top`] briefs keeps impacts for its best
//! `top` only, with the others as a gap list or a bitmap and one shared impact. The format
//! of every file is in `docs/themes.md`.
//!
//! Guarantees: pure; the same docs in any order give the same files; the boot file's size
//! depends on the number of shards and years only; a shard is at most [`Options::shard_cap`]
//! bytes unless it holds a single word; the records a shard carries are those of the best
//! [`Options::records`] briefs of each of its stems (by impact, then newest), each with the
//! text of the brief its snippet comes from.

pub mod decode;
pub mod encode;
mod index;
mod packed;
pub mod shards;
pub mod site;
mod slots;
mod state;
pub mod tokenize;
mod words;

use std::hash::{DefaultHasher, Hash, Hasher};

pub use index::build;
pub use slots::{MONTH_SLOTS, slots};
pub use state::Index;

/// Bytes a shard may take (unless it holds a single word).
pub const SHARD_CAP: usize = 16 * 1024;

/// How a search index is built.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's language (BCP 47), which picks the stemmer.
    pub language: String,
    /// See [`SHARD_CAP`].
    pub shard_cap: usize,
    /// Slots per record fragment (a divisor of [`MONTH_SLOTS`]).
    pub fragment: usize,
    /// A stem in more briefs than this keeps per-brief impacts for its best `top` only.
    pub top: usize,
    /// Records a shard carries per stem, and a facet file of its newest briefs.
    pub records: usize,
}

impl Options {
    /// The defaults, for a site in `language`.
    pub fn new(language: &str) -> Options {
        Options { language: language.to_owned(), shard_cap: SHARD_CAP, fragment: 8, top: 128, records: 20 }
    }
}

/// One file of the index: its path under the index folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchFile {
    /// `/`-separated, relative to the index folder (`boot.json`, `s/gov.bin`).
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One taxonomy term a brief is filed under.
#[derive(Debug, Clone)]
pub struct DocTerm<'a> {
    /// The taxonomy's name (`topics`).
    pub taxonomy: &'a str,
    /// The term as shown.
    pub name: &'a str,
    /// The term's slug.
    pub slug: &'a str,
}

/// What one brief gives the index, borrowed from the model.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Headline.
    pub title: &'a str,
    /// URL path relative to the site root (`briefs/x/`).
    pub path: &'a str,
    /// Slug: with the date, what numbers the brief.
    pub slug: &'a str,
    /// Publication date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Publication date as the site shows it.
    pub display_date: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Key points.
    pub key_points: &'a [String],
    /// Authors' names.
    pub authors: Vec<&'a str>,
    /// Taxonomy terms, all taxonomies.
    pub terms: Vec<DocTerm<'a>>,
    /// The taxonomy whose terms results show (`topics`).
    pub shown_taxonomy: &'a str,
    /// The body's plain text.
    pub body: &'a str,
}

/// How much of the body's start a result record keeps, in characters.
pub const RECORD_BODY_CHARS: usize = 240;

/// Field weights, in half units of a body word.
const TITLE: u16 = 6;
const SUMMARY: u16 = 4;
const KEY_POINTS: u16 = 3;
const TERMS: u16 = 4;
const AUTHORS: u16 = 4;
const BODY: u16 = 2;

/// What one brief contributes to the index, made once per brief revision: its distinct
/// folded words with their weights, its length, its facets and its result record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocTerms {
    /// `YYYY-MM-DD`, then the slug: the numbering order.
    pub(crate) date: String,
    pub(crate) slug: String,
    /// Words indexed (all fields, not weighted).
    pub(crate) length: u32,
    /// Distinct folded words, as their numbers ([`words`]), ascending, each with its
    /// weighted count in half units.
    pub(crate) words: packed::Counted,
    /// (taxonomy, term slug) pairs, as their numbers ([`words::facet`]), ascending.
    pub(crate) facets: Box<[u32]>,
    /// The start of every result record: title, path, date, display date and shown terms,
    /// as JSON array items (no brackets).
    pub(crate) head: Box<str>,
    /// The texts a snippet may come from: the summary, the key points, the body's start.
    pub(crate) texts: packed::Texts,
    /// For each text, its distinct folded words, as numbers.
    pub(crate) text_words: packed::Sets,
    /// A hash of all of the above.
    key: u64,
}

impl DocTerms {
    /// The words, weights, facets and record of `doc`.
    pub fn of(doc: &Doc<'_>) -> DocTerms {
        let mut counts: rustc_hash::FxHashMap<u32, u32> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(512, rustc_hash::FxBuildHasher);
        let mut length = 0u32;
        let mut add = |text: &str, weight: u16| {
            words::each_number(text, |id| {
                length += 1;
                *counts.entry(id).or_default() += u32::from(weight);
            });
        };
        add(doc.title, TITLE);
        add(doc.summary, SUMMARY);
        for p in doc.key_points {
            add(p, KEY_POINTS);
        }
        for t in &doc.terms {
            add(t.name, TERMS);
        }
        for a in &doc.authors {
            add(a, AUTHORS);
        }
        add(doc.body, BODY);
        let mut pairs: Vec<(u32, u32)> = counts.into_iter().collect();
        pairs.sort_unstable();
        let mut facets = words::intern_facets(doc.terms.iter().map(|t| (t.taxonomy, t.slug)));
        facets.sort_unstable();
        facets.dedup();
        let shown: Vec<&str> = doc.terms.iter().filter(|t| t.taxonomy == doc.shown_taxonomy).map(|t| t.name).collect();
        let head = serde_json::json!([doc.title, doc.path, doc.date, doc.display_date, shown]).to_string();
        let head = head[1..head.len() - 1].into();
        let start = body_start(doc.body);
        let mut texts: Vec<&str> = vec![doc.summary];
        texts.extend(doc.key_points.iter().map(String::as_str));
        if !start.is_empty() {
            texts.push(&start);
        }
        let text_words: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| {
                let mut ids = Vec::new();
                words::each_number(t, |id| ids.push(id));
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        let mut terms = DocTerms {
            date: doc.date.to_owned(),
            slug: doc.slug.to_owned(),
            length,
            words: packed::Counted::new(&pairs),
            facets: facets.into_boxed_slice(),
            head,
            texts: packed::Texts::new(texts),
            text_words: packed::Sets::new(&text_words),
            key: 0,
        };
        let mut h = DefaultHasher::new();
        (&terms.date, &terms.slug, terms.length, &terms.words, &terms.facets, &terms.head, &terms.texts).hash(&mut h);
        terms.key = h.finish();
        terms
    }

    /// A hash of everything the brief gives the index (stable within a process).
    pub fn key(&self) -> u64 {
        self.key
    }

    /// The year of the brief's date.
    pub(crate) fn year(&self) -> i32 {
        self.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
    }

    /// The result record as JSON, `[title, path, date, display date, [terms], summary or
    /// null, [other texts]]`, with the texts `chosen` (indices into `texts`, 0 the summary).
    pub(crate) fn record(&self, chosen: impl IntoIterator<Item = usize>) -> String {
        let mut summary = "null".to_owned();
        let mut others: Vec<String> = Vec::new();
        for i in chosen {
            let Some(text) = self.texts.get(i) else { continue };
            let json = serde_json::Value::from(text).to_string();
            if i == 0 {
                summary = json;
            } else {
                others.push(json);
            }
        }
        format!("[{},{summary},[{}]]", self.head, others.join(","))
    }

    /// The full record: every text.
    pub(crate) fn full_record(&self) -> String {
        self.record(0..self.texts.len())
    }
}

/// The first [`RECORD_BODY_CHARS`] characters of `body`, cut at a word boundary.
fn body_start(body: &str) -> String {
    let Some((end, _)) = body.char_indices().nth(RECORD_BODY_CHARS) else {
        return body.to_owned();
    };
    let head = &body[..end];
    let cut = head.rfind(char::is_whitespace).map_or(head, |space| head[..space].trim_end());
    format!("{cut} …")
}

#[cfg(test)]
mod tests;

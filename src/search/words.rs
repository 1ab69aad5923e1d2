//! Folded words as numbers: every distinct folded word the process has indexed gets one
//! `u32`, so a brief's search terms hold four bytes a word, not the word.
//!
//! The table only grows (a site's vocabulary, kept for the life of the process: a preview
//! server meets the same words edit after edit). Numbers depend on the order words are
//! first met, which threads decide, so they never reach a file: the index sorts and writes
//! the words themselves.
//!
//! A second table numbers the taxonomy terms briefs are filed under (taxonomy and slug), so
//! a brief's facets are numbers too.
//!
//! Guarantees: one word, one number, for the life of the process; [`text`] gives back the
//! word a number stands for ([`facet`], the term).

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::tokenize;

/// Raw words a thread remembers the number of, at most (a site's words as written, a few
/// megabytes).
const RAW_WORDS: usize = 500_000;

thread_local! {
    /// Per thread, each word as written met so far and the number of its folded form (none:
    /// it folds to nothing or is too long): most words of a corpus repeat, and are neither
    /// folded nor looked up in the shared table again.
    static RAW: RefCell<HashMap<Box<str>, Option<u32>>> = RefCell::new(HashMap::default());
}

/// Calls `each` with the number of every word of `text` the index keeps ([`tokenize::words`]'
/// words), in order.
pub(crate) fn each_number(text: &str, mut each: impl FnMut(u32)) {
    RAW.with(|cache| {
        let mut cache = cache.borrow_mut();
        for raw in tokenize::raw_words(text) {
            let id = match cache.get(raw) {
                Some(&id) => id,
                None => {
                    let id = tokenize::indexed(raw).and_then(|w| intern([&*w]).first().copied());
                    if cache.len() < RAW_WORDS {
                        cache.insert(raw.into(), id);
                    }
                    id
                }
            };
            if let Some(id) = id {
                each(id);
            }
        }
    });
}

/// The words met so far and their numbers.
#[derive(Default)]
struct Table {
    ids: HashMap<&'static str, u32>,
    words: Vec<&'static str>,
}

fn table() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(Table::default()))
}

fn facet_table() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(Table::default()))
}

/// The number of each of `words`, in order (one lock for them all).
pub(crate) fn intern<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
    intern_in(table(), words)
}

/// The number of each (taxonomy, term slug) of `facets`, in order.
pub(crate) fn intern_facets<'a>(facets: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<u32> {
    let keys: Vec<String> = facets.into_iter().map(|(taxonomy, slug)| format!("{taxonomy}\0{slug}")).collect();
    intern_in(facet_table(), keys.iter().map(String::as_str))
}

/// The (taxonomy, term slug) facet number `id` stands for (empty ones for a number
/// [`intern_facets`] never gave).
pub(crate) fn facet(id: u32) -> (&'static str, &'static str) {
    let t = facet_table().lock().unwrap_or_else(PoisonError::into_inner);
    t.words.get(id as usize).and_then(|k| k.split_once('\0')).unwrap_or(("", ""))
}

fn intern_in<'a>(table: &Mutex<Table>, words: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
    let mut t = table.lock().unwrap_or_else(PoisonError::into_inner);
    words
        .into_iter()
        .map(|w| {
            if let Some(&id) = t.ids.get(w) {
                return id;
            }
            let id = t.words.len() as u32;
            let kept: &'static str = Box::leak(w.to_owned().into_boxed_str());
            t.words.push(kept);
            t.ids.insert(kept, id);
            id
        })
        .collect()
}

/// The word each of `ids` stands for (one lock for them all; an unknown number, which
/// [`intern`] never gives, is the empty word).
pub(crate) fn text(ids: impl IntoIterator<Item = u32>) -> Vec<&'static str> {
    let t = table().lock().unwrap_or_else(PoisonError::into_inner);
    ids.into_iter().map(|id| t.words.get(id as usize).copied().unwrap_or("")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_give_one_word_one_number() {
        let a = intern(["interned-alpha", "interned-beta", "interned-alpha"]);
        assert_eq!(a[0], a[2]);
        assert_ne!(a[0], a[1]);
        assert_eq!(intern(["interned-beta"]), [a[1]]);
        assert_eq!(text([a[1], a[0]]), ["interned-beta", "interned-alpha"]);
        let f = intern_facets([("topics", "trade"), ("regions", "trade"), ("topics", "trade")]);
        assert_eq!(f[0], f[2]);
        assert_ne!(f[0], f[1]);
        assert_eq!(facet(f[1]), ("regions", "trade"));
    }

    #[test]
    fn can_number_the_words_of_a_text_as_they_fold() {
        let written = "Tomás TOMAS tomas, the Council’s x2 ﬁnance — ''";
        let folded: Vec<String> = tokenize::words(written).collect();
        let expected = intern(folded.iter().map(String::as_str));
        for _ in 0..2 {
            let mut got = Vec::new();
            each_number(written, |id| got.push(id));
            assert_eq!(got, expected, "the second time from the thread's memory");
        }
        assert_eq!(text(expected.iter().copied())[..3], ["tomas", "tomas", "tomas"]);
    }
}

//! Words as the index and the search page's script both see them: runs of letters, digits
//! and marks (an apostrophe inside a word joins it), folded (NFKD, marks dropped, lowercase,
//! a final possessive `'s` and other apostrophes removed), and Snowball stems of the folded
//! words for the site's language.
//!
//! Guarantees: pure; the rules are the ones `search.js` applies to a query (`fold` and
//! `WORD` there), so a folded query word is found as it was indexed; words longer than
//! [`MAX_WORD_CHARS`] are left out.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longer words (hashes, run-together URLs) are not indexed.
pub const MAX_WORD_CHARS: usize = 40;

/// Whether `c` belongs to a word.
fn is_word_char(c: char) -> bool {
    // No ASCII character is a mark: most of a text is answered without the mark table.
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() || is_combining_mark(c) }
}

/// Whether `c` is an apostrophe (which joins the two parts of a word it stands between).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// The words of `text`, as written, in order.
pub fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(is_word_char)?;
        let tail = &rest[start..];
        let mut end = tail.len();
        let mut chars = tail.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) {
                continue;
            }
            let joins = is_apostrophe(c) && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
            if !joins {
                end = i;
                break;
            }
        }
        let word = &tail[..end];
        rest = &tail[end..];
        Some(word)
    })
}

/// The folded form of one word: compatibility-decomposed, marks dropped, lowercased, a final
/// `'s` and every other apostrophe removed. "Tomás" and "TOMAS" both fold to "tomas".
pub fn fold(word: &str) -> String {
    let mut out = if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.nfkd().filter(|&c| !is_combining_mark(c)).collect::<String>().to_lowercase()
    };
    for possessive in ["'s", "\u{2019}s", "\u{02bc}s"] {
        if out.len() > possessive.len() && out.ends_with(possessive) {
            out.truncate(out.len() - possessive.len());
            break;
        }
    }
    if out.contains(is_apostrophe) {
        out.retain(|c| !is_apostrophe(c));
    }
    out
}

/// The folded words of `text` worth indexing, in order.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    raw_words(text).map(fold).filter(|w| !w.is_empty() && w.chars().count() <= MAX_WORD_CHARS)
}

/// The Snowball algorithm for a BCP 47 language tag (`en-GB` is English), if there is one.
pub fn algorithm(language: &str) -> Option<Algorithm> {
    let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Stems folded words for one language (or leaves them as they are, for a language
/// Snowball has no stemmer for).
pub struct Stems {
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for Stems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stems").field("stemming", &self.stemmer.is_some()).finish()
    }
}

impl Stems {
    /// The stemmer for `language` (a BCP 47 tag).
    pub fn for_language(language: &str) -> Stems {
        Stems { stemmer: algorithm(language).map(Stemmer::create) }
    }

    /// The stem of the folded word `word` (folded again: a stemmer may give back a mark).
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            // Digits are not words of the language.
            Some(s) if !word.starts_with(|c: char| c.is_numeric()) => {
                let stem = s.stem(word);
                if stem.is_empty() { word.to_owned() } else { stem.into_owned() }
            }
            _ => word.to_owned(),
        }
    }
}

thread_local! {
    /// Per thread, folded words already folded: most words of a corpus repeat.
    static FOLDED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::default());
}

/// Whether `word` is lowercase ASCII letters and digits only, which fold to themselves.
pub(crate) fn is_plain(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The raw word `raw` as [`words`] indexes it, folded (the word itself, borrowed, when it is
/// plain), or none when it folds to nothing or is too long.
pub(crate) fn indexed(raw: &str) -> Option<Cow<'_, str>> {
    let w = if is_plain(raw) { Cow::Borrowed(raw) } else { Cow::Owned(fold_cached(raw)) };
    let fits = w.len() <= MAX_WORD_CHARS || w.chars().count() <= MAX_WORD_CHARS;
    (!w.is_empty() && fits).then_some(w)
}

/// [`fold`], remembered per thread for the words that are not plain lowercase ASCII.
pub(crate) fn fold_cached(word: &str) -> String {
    if is_plain(word) {
        return word.to_owned();
    }
    FOLDED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(f) = cache.get(word) {
            return f.clone();
        }
        let f = fold(word);
        if cache.len() < 200_000 {
            cache.insert(word.to_owned(), f.clone());
        }
        f
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).collect()
    }

    #[test]
    fn can_split_on_word_boundaries() {
        assert_eq!(folded("AI-driven (AI) rules; e-mail"), ["ai", "driven", "ai", "rules", "e", "mail"]);
        assert_eq!(folded("fair price"), ["fair", "price"], "AI is not found inside fair");
        assert_eq!(folded("  3.5% in 2024, x2 "), ["3", "5", "in", "2024", "x2"]);
        assert_eq!(folded("— … ''"), Vec::<String>::new());
    }

    #[test]
    fn can_fold_accents_case_and_apostrophes() {
        assert_eq!(folded("Tomás ÉCOLE Straße naïve"), ["tomas", "ecole", "straße", "naive"]);
        assert_eq!(folded("the Council’s view, don't"), ["the", "council", "view", "dont"]);
        assert_eq!(folded("ﬁnance ²"), ["finance", "2"], "compatibility forms");
        assert_eq!(folded("'quoted'"), ["quoted"], "quotes are not part of a word");
    }

    #[test]
    fn can_leave_out_overlong_words() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(folded(&format!("short {long} end")), ["short", "end"]);
    }

    #[test]
    fn can_stem_for_the_site_language() {
        let en = Stems::for_language("en-GB");
        assert_eq!(en.stem("regulations"), en.stem("regulation"));
        assert_eq!(en.stem("running"), "run");
        assert_eq!(en.stem("2024"), "2024");
        let none = Stems::for_language("xx");
        assert_eq!(none.stem("regulations"), "regulations");
        assert!(algorithm("fr-CA").is_some() && algorithm("tlh").is_none());
    }

    #[test]
    fn can_fold_through_the_cache_like_fold() {
        for w in ["Tomás", "ABC", "abc", "Council’s", "x2"] {
            assert_eq!(fold_cached(w), fold(w), "{w}");
        }
        let long = "é".repeat(MAX_WORD_CHARS);
        for text in ["Tomás ÉCOLE abc x2 the Council’s ' ﬁnance", long.as_str(), &format!("{long}e")] {
            let through: Vec<String> = raw_words(text).filter_map(indexed).map(Cow::into_owned).collect();
            assert_eq!(through, words(text).collect::<Vec<_>>(), "{text}");
        }
    }
}

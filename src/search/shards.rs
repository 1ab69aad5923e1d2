//! Shard boundaries: the sorted words of the index cut into runs, each named by a word
//! prefix and at most `cap` bytes when it can be.
//!
//! The words under a prefix make one shard if they fit the cap; if not, they are split by
//! the next character (the word equal to the prefix first), each part split again the same
//! way, and then adjacent parts are merged back while they fit. A part's name is the prefix
//! of its first child, so a shard's name depends only on the words in and near it: an edit
//! that changes one shard's size moves boundaries only among the children of one prefix,
//! never across the index.
//!
//! Guarantees: pure; the shards cover every word once, in order; each shard's name is a
//! prefix of its first word, not above it, and every word of the shard sorts before the
//! next shard's name; a shard is over the cap only if it is a single word.

use std::ops::Range;

/// One shard: its name (a prefix of its first word) and the range of words it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// The prefix naming the shard; a word belongs to the last shard whose name is not above it.
    pub name: String,
    /// Indices into the sorted words.
    pub words: Range<usize>,
}

/// Cuts the sorted, distinct `words` into shards of at most `cap` bytes, where `size` gives
/// the bytes of a range of words.
pub fn cut(words: &[&str], cap: usize, size: &dyn Fn(Range<usize>) -> usize) -> Vec<Shard> {
    if words.is_empty() {
        return Vec::new();
    }
    split(words, 0..words.len(), "", cap, size)
}

/// The shards of `range`, all of whose words start with `prefix`.
fn split(
    words: &[&str],
    range: Range<usize>,
    prefix: &str,
    cap: usize,
    size: &dyn Fn(Range<usize>) -> usize,
) -> Vec<Shard> {
    if range.len() == 1 || size(range.clone()) <= cap {
        return vec![Shard { name: prefix.to_owned(), words: range }];
    }
    // Children: the word equal to the prefix (it sorts first), then one per next character.
    let mut parts: Vec<Shard> = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let next = words[start][prefix.len()..].chars().next();
        let mut end = start + 1;
        while end < range.end && next.is_some() && words[end][prefix.len()..].chars().next() == next {
            end += 1;
        }
        match next {
            None => parts.push(Shard { name: prefix.to_owned(), words: start..end }),
            Some(c) => {
                let child = format!("{prefix}{c}");
                parts.extend(split(words, start..end, &child, cap, size));
            }
        }
        start = end;
    }
    // Adjacent parts merged back while they fit, each merge named by its first part.
    let mut merged: Vec<Shard> = Vec::new();
    for part in parts {
        if let Some(last) = merged.last_mut()
            && size(last.words.start..part.words.end) <= cap
        {
            last.words.end = part.words.end;
            continue;
        }
        merged.push(part);
    }
    merged
}

/// The shard `word` would be in: the last whose name is not above it (names are sorted).
pub fn find(names: &[&str], word: &str) -> Option<usize> {
    names.partition_point(|n| *n <= word).checked_sub(1)
}

/// A shard name as a file name: ASCII letters and digits kept, every other byte of its
/// UTF-8 as `-xx` (lowercase hex); the empty name (one shard for everything) is `_`.
pub fn file_name(name: &str) -> String {
    if name.is_empty() {
        return "_".to_owned();
    }
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("-{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> Vec<String> {
        let mut w: Vec<String> =
            (0..n).map(|i| format!("{}{}", ["ab", "ac", "b", "ba", "c"][i % 5], i * 7919 % 1000)).collect();
        w.sort();
        w.dedup();
        w
    }

    fn check(words: &[&str], shards: &[Shard], cap: usize, size: &dyn Fn(Range<usize>) -> usize) {
        let mut at = 0;
        for (k, s) in shards.iter().enumerate() {
            assert_eq!(s.words.start, at, "contiguous");
            at = s.words.end;
            assert!(words[s.words.start].starts_with(&s.name), "{} names {}", s.name, words[s.words.start]);
            assert!(size(s.words.clone()) <= cap || s.words.len() == 1, "{} over the cap", s.name);
            if let Some(next) = shards.get(k + 1) {
                assert!(s.name < next.name, "names sorted");
                assert!(words[s.words.end - 1] < next.name.as_str());
            }
            for i in s.words.clone() {
                let names: Vec<&str> = shards.iter().map(|s| s.name.as_str()).collect();
                assert_eq!(find(&names, words[i]), Some(k), "{} is found in its shard", words[i]);
            }
        }
        assert_eq!(at, words.len(), "every word");
    }

    #[test]
    fn can_cut_words_into_capped_shards() {
        let owned = words(600);
        let w: Vec<&str> = owned.iter().map(String::as_str).collect();
        let size = |r: Range<usize>| w[r].iter().map(|s| s.len() + 20).sum::<usize>();
        for cap in [30, 100, 500, 2_000, 100_000] {
            let shards = cut(&w, cap, &size);
            check(&w, &shards, cap, &size);
            if cap == 100_000 {
                assert_eq!(shards.len(), 1);
                assert_eq!(shards[0].name, "");
            }
        }
    }

    #[test]
    fn can_keep_far_shards_when_one_word_changes() {
        let owned = words(600);
        let w: Vec<&str> = owned.iter().map(String::as_str).collect();
        let before = cut(&w, 400, &|r| w[r].iter().map(|s| s.len() + 20).sum());
        // One word of the "c" words grows a lot: the "a" and "b" shards stay as they were.
        let big = w[510];
        assert!(big.starts_with('c'));
        let grown = |r: Range<usize>| w[r].iter().map(|s| s.len() + 20 + if *s == big { 300 } else { 0 }).sum();
        let after = cut(&w, 400, &grown);
        let not_c = |s: &&Shard| !w[s.words.start].starts_with('c');
        assert_eq!(before.iter().filter(not_c).collect::<Vec<_>>(), after.iter().filter(not_c).collect::<Vec<_>>());
        assert_ne!(before, after);
    }

    #[test]
    fn can_name_files_for_any_prefix() {
        assert_eq!(file_name("gov"), "gov");
        assert_eq!(file_name("é"), "-c3-a9");
        assert_eq!(file_name(""), "_");
        assert_eq!(find(&["a", "go", "gov"], "a"), Some(0));
        assert_eq!(find(&["a", "go", "gov"], "gou"), Some(1));
        assert_eq!(find(&["b"], "a"), None);
    }
}

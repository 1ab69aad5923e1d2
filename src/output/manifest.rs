//! The manifest Chancery keeps inside every output folder it writes: the path, size and
//! hash of each file it wrote there.
//!
//! It answers three questions: is this folder Chancery's (a folder without one is not, and
//! is refused), which files may a later build delete (only those listed), and is the folder
//! whole (every listed file present with its size and hash, see [`verify`]).
//!
//! The format is text, one file per line, sorted by path, so that the same output gives
//! the same manifest bytes:
//!
//! ```text
//! chancery-manifest 1
//! <32 hex digits of XXH3-128> <size in bytes> <path, `/`-separated, \ \n \r escaped>
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// The manifest's file name, at the top of the output folder.
pub const FILE_NAME: &str = ".chancery-manifest";

/// The first line of every manifest.
const HEADER: &str = "chancery-manifest 1";

/// One file Chancery wrote: its size and hash.
pub type Entry = crate::known::Known;

/// The files Chancery wrote into one output folder, by `/`-separated path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Every file, sorted by path.
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Whether Chancery wrote `rel` (a `/`-separated path inside the output).
    pub fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// The manifest's text.
    pub fn to_text(&self) -> String {
        let mut text = String::with_capacity(64 * self.files.len() + HEADER.len() + 1);
        text.push_str(HEADER);
        text.push('\n');
        for (path, entry) in &self.files {
            let _ = write!(text, "{:032x} {} ", entry.hash, entry.size);
            for c in path.chars() {
                match c {
                    '\\' => text.push_str("\\\\"),
                    '\n' => text.push_str("\\n"),
                    '\r' => text.push_str("\\r"),
                    c => text.push(c),
                }
            }
            text.push('\n');
        }
        text
    }

    /// Parses a manifest's text; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut files = BTreeMap::new();
        for line in lines {
            let (hash, rest) = line.split_once(' ')?;
            let (size, path) = rest.split_once(' ')?;
            let hash = u128::from_str_radix(hash, 16).ok()?;
            let size = size.parse().ok()?;
            files.insert(unescape(path)?, Entry { size, hash });
        }
        Some(Manifest { files })
    }

    /// The manifest of the folder `dir`: `Ok(None)` when it has none (or one that is not
    /// Chancery's), an error when it cannot be read.
    pub fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(FILE_NAME);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(std::str::from_utf8(&bytes).ok().and_then(Manifest::parse)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path, source }),
        }
    }
}

fn unescape(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(match chars.next()? {
                '\\' => '\\',
                'n' => '\n',
                'r' => '\r',
                _ => return None,
            });
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// What is wrong with an output folder, measured against its manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    /// Listed files that are missing.
    pub missing: Vec<String>,
    /// Listed files whose size or hash differs.
    pub changed: Vec<String>,
    /// Files present but not listed (files Chancery did not write, or left over).
    pub unlisted: Vec<String>,
}

impl Problems {
    /// Whether the folder is whole and holds nothing else.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.unlisted.is_empty()
    }
}

/// Checks the output folder `dir` against its manifest: every listed file present with its
/// size and hash, and which files are there that it does not list. An error when `dir` has
/// no manifest.
pub fn verify(dir: &Path) -> Result<Problems> {
    let manifest = Manifest::read(dir)?.ok_or_else(|| Error::Output {
        path: dir.to_path_buf(),
        message: format!("no {FILE_NAME}: this folder was not written by Chancery"),
    })?;
    let mut problems = Problems::default();
    for (rel, entry) in &manifest.files {
        match std::fs::read(dir.join(rel)) {
            Ok(bytes) if Entry::of(&bytes) == *entry => {}
            Ok(_) => problems.changed.push(rel.clone()),
            Err(_) => problems.missing.push(rel.clone()),
        }
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io { path: dir.to_path_buf(), source: e.into() })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = super::files::relative(dir, entry.path());
        if rel != FILE_NAME && !manifest.contains(&rel) {
            problems.unlisted.push(rel);
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_round_trip_any_path() {
        let mut manifest = Manifest::default();
        for path in ["index.html", "a b/c\\d.txt", "odd\nname\r.txt", "é/ü.html"] {
            manifest.files.insert(path.to_owned(), Entry::of(path.as_bytes()));
        }
        let text = manifest.to_text();
        assert!(text.starts_with("chancery-manifest 1\n"), "{text}");
        assert_eq!(text.lines().count(), 5, "one line per file: {text}");
        assert_eq!(Manifest::parse(&text), Some(manifest));
    }

    #[test]
    fn refuses_text_that_is_not_a_manifest() {
        for text in
            ["", "hello\n", "chancery-manifest 2\n", "chancery-manifest 1\nzz 1 a\n", "chancery-manifest 1\n0 x a\n"]
        {
            assert_eq!(Manifest::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn can_find_missing_changed_and_unlisted_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut manifest = Manifest::default();
        for (rel, text) in [("a.html", "a"), ("b/c.html", "c"), ("gone.html", "g")] {
            manifest.files.insert(rel.to_owned(), Entry::of(text.as_bytes()));
        }
        std::fs::create_dir(dir.path().join("b")).expect("mkdir");
        std::fs::write(dir.path().join("a.html"), "a").expect("write");
        std::fs::write(dir.path().join("b/c.html"), "C").expect("write");
        std::fs::write(dir.path().join("mine.txt"), "m").expect("write");
        std::fs::write(dir.path().join(FILE_NAME), manifest.to_text()).expect("write");
        let problems = verify(dir.path()).expect("verify");
        assert_eq!(problems.missing, ["gone.html"]);
        assert_eq!(problems.changed, ["b/c.html"]);
        assert_eq!(problems.unlisted, ["mine.txt"]);
        std::fs::remove_file(dir.path().join(FILE_NAME)).expect("rm");
        assert!(verify(dir.path()).expect_err("no manifest").to_string().contains("not written by Chancery"));
    }
}

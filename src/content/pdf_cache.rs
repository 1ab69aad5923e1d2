//! The folder the PDFs of earlier builds are kept in, `.chancery-cache/pdf/` at the site
//! root (beside the images' cache): one file per PDF, named by its key (a hash of
//! everything it is made from, `render::pdf_key`), its bytes' XXH3-128 and its size
//! (`<key>-<hash>-<size>.pdf`), so that the folder's listing, read once a build, says
//! which PDFs are kept and what each is, without reading one. A build that finds a
//! brief's key typesets nothing, and reads nothing when its output already has that file.
//!
//! Guarantees: a file is written whole or not at all (a temporary file renamed into
//! place), so a killed build leaves no half PDF; a folder that cannot be read or written
//! only costs the typesetting; deleting the folder is always safe; [`PdfCacheDir::prune`]
//! deletes only files named as this cache names its PDFs (and those of its earlier
//! `<key>.pdf` naming) and its temporary files, never anything else put in the folder.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::known::Known;

/// Where the cache lives, relative to the site root.
pub const CACHE_DIR: &str = ".chancery-cache/pdf";

/// How the temporary file a PDF is written to before it is renamed into place begins.
const TEMP_PREFIX: &str = ".part-";

/// The PDF cache of one site.
#[derive(Debug)]
pub struct PdfCacheDir {
    dir: PathBuf,
    /// The kept PDFs by key: the folder's listing (read at the first question), and those
    /// kept since.
    listing: Mutex<Option<HashMap<u128, Known>>>,
    /// The keys asked for or kept by this cache's user (what [`PdfCacheDir::prune`] keeps).
    used: Mutex<HashSet<u128>>,
}

/// The file name of the PDF kept for `key`.
fn file_name(key: u128, kept: Known) -> String {
    format!("{key:032x}-{:032x}-{}.pdf", kept.hash, kept.size)
}

/// A file name of this cache: the key, and what the PDF is known by (none for a file of
/// the earlier `<key>.pdf` naming, which is never used, only pruned).
fn parse_name(name: &str) -> Option<(u128, Option<Known>)> {
    let stem = name.strip_suffix(".pdf")?;
    let hex = |s: &str| {
        (s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| u128::from_str_radix(s, 16).ok())?
    };
    let mut parts = stem.split('-');
    let key = hex(parts.next()?)?;
    match (parts.next(), parts.next(), parts.next()) {
        (None, None, None) => Some((key, None)),
        (Some(hash), Some(size), None) => {
            let size = size.parse().ok().filter(|_| size.bytes().all(|b| b.is_ascii_digit()))?;
            Some((key, Some(Known { size, hash: hex(hash)? })))
        }
        _ => None,
    }
}

impl PdfCacheDir {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> PdfCacheDir {
        PdfCacheDir {
            dir: crate::content::shown(root, Path::new(CACHE_DIR)),
            listing: Mutex::new(None),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The folder's PDFs by key, read from its listing once.
    fn with_listing<T>(&self, f: impl FnOnce(&mut HashMap<u128, Known>) -> T) -> T {
        let mut listing = self.listing.lock().unwrap_or_else(PoisonError::into_inner);
        let listing = listing.get_or_insert_with(|| {
            let mut found = HashMap::new();
            for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
                if let Some((key, Some(kept))) = entry.file_name().to_str().and_then(parse_name) {
                    found.insert(key, kept);
                }
            }
            found
        });
        f(listing)
    }

    fn note_used(&self, key: u128) {
        self.used.lock().unwrap_or_else(PoisonError::into_inner).insert(key);
    }

    /// What the PDF kept for `key` is known by, if one is kept (nothing read but the
    /// folder's listing, once).
    pub fn known(&self, key: u128) -> Option<Known> {
        self.note_used(key);
        self.with_listing(|l| l.get(&key).copied())
    }

    /// The PDF kept for `key`, if any.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        let kept = self.known(key)?;
        let bytes = std::fs::read(self.dir.join(file_name(key, kept))).ok()?;
        // A file cut short or changed by hand is a miss.
        (Known::of(&bytes) == kept).then_some(bytes)
    }

    /// Keeps `bytes` for `key`; a failure is logged and otherwise ignored.
    pub fn put(&self, key: u128, bytes: &[u8]) {
        self.note_used(key);
        let kept = Known::of(bytes);
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(&self.dir)?;
            tmp.write_all(bytes)?;
            tmp.persist(self.dir.join(file_name(key, kept))).map_err(|e| e.error)?;
            Ok(())
        };
        match write() {
            Ok(()) => self.with_listing(|l| {
                l.insert(key, kept);
            }),
            Err(e) => tracing::debug!(dir = %self.dir.display(), error = %e, "cannot keep a PDF in the cache"),
        }
    }

    /// Deletes the kept PDFs whose key was neither asked for nor kept through this cache
    /// (call it after a build that asked for every PDF of the site), those kept under an
    /// earlier name, and temporary files left; returns how many. Files not named as this
    /// cache names its files stay.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let current = self.with_listing(|l| l.clone());
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let in_use = match parse_name(name) {
                Some((key, kept)) => used.contains(&key) && kept.is_some() && current.get(&key) == kept.as_ref(),
                // A temporary file a killed build left (one of a build running beside this one
                // only costs that build keeping its PDF).
                None if name.starts_with(TEMP_PREFIX) => false,
                None => continue,
            };
            if !in_use && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        if removed > 0 {
            tracing::debug!(removed, dir = %self.dir.display(), "pruned the PDF cache");
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_keep_and_find_a_pdf_by_its_key() {
        let root = tempfile::tempdir().expect("tempdir");
        let cache = PdfCacheDir::new(root.path());
        assert_eq!(cache.get(7), None);
        cache.put(7, b"%PDF-1.7");
        assert_eq!(cache.get(7).as_deref(), Some(&b"%PDF-1.7"[..]));
        let kept = Known { size: 8, hash: xxhash_rust::xxh3::xxh3_128(b"%PDF-1.7") };
        assert!(root.path().join(CACHE_DIR).join(file_name(7, kept)).is_file());
        // Another build finds it by the folder's listing.
        let again = PdfCacheDir::new(root.path());
        assert_eq!(again.known(7), Some(kept));
        assert_eq!(again.known(8), None);
    }

    #[test]
    fn can_prune_only_what_it_named_and_did_not_use() {
        let root = tempfile::tempdir().expect("tempdir");
        let first = PdfCacheDir::new(root.path());
        first.put(1, b"one");
        first.put(2, b"two");
        let dir = root.path().join(CACHE_DIR);
        std::fs::write(dir.join(format!("{:032x}.pdf", 3)), b"old naming").expect("write");
        std::fs::write(dir.join("notes.txt"), b"not ours").expect("write");
        std::fs::write(dir.join("report.pdf"), b"not ours").expect("write");
        std::fs::write(dir.join(format!("{TEMP_PREFIX}x1y2")), b"left by a killed build").expect("write");
        let second = PdfCacheDir::new(root.path());
        assert!(second.known(1).is_some());
        assert_eq!(second.prune(), 3);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let one = file_name(1, Known { size: 3, hash: xxhash_rust::xxh3::xxh3_128(b"one") });
        assert_eq!(left, vec![one, "notes.txt".to_owned(), "report.pdf".to_owned()]);
    }

    #[test]
    fn can_tell_its_names_from_others() {
        assert_eq!(parse_name(&format!("{:032x}.pdf", 5)), Some((5, None)));
        let kept = Known { size: 12, hash: 9 };
        assert_eq!(parse_name(&file_name(5, kept)), Some((5, Some(kept))));
        assert_eq!(parse_name("brief.pdf"), None);
        assert_eq!(parse_name(&format!("{:032x}-{:032x}-12x.pdf", 5, 9)), None);
        assert_eq!(parse_name(&format!("{:032x}-{:032x}-1-2.pdf", 5, 9)), None);
    }
}

//! The folder the PDFs of earlier builds are kept in, `.chancery-cache/pdf/` at the site
//! root (beside the images' cache): one file per PDF, named by the hex of its key (a hash
//! of everything it is made from), so a build that finds a brief's key typesets nothing.
//!
//! Guarantees: a file is written whole or not at all (a temporary file renamed into
//! place), so a killed build leaves no half PDF; a folder that cannot be read or written
//! only costs the typesetting; deleting the folder is always safe.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the cache lives, relative to the site root.
pub const CACHE_DIR: &str = ".chancery-cache/pdf";

/// The PDF cache of one site.
#[derive(Debug, Clone)]
pub struct PdfCacheDir {
    dir: PathBuf,
}

impl PdfCacheDir {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> PdfCacheDir {
        PdfCacheDir { dir: crate::content::shown(root, Path::new(CACHE_DIR)) }
    }

    fn file(&self, key: u128) -> PathBuf {
        self.dir.join(format!("{key:032x}.pdf"))
    }

    /// The PDF kept for `key`, if any.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        std::fs::read(self.file(key)).ok()
    }

    /// Keeps `bytes` for `key`; a failure is logged and otherwise ignored.
    pub fn put(&self, key: u128, bytes: &[u8]) {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
            tmp.write_all(bytes)?;
            tmp.persist(self.file(key)).map_err(|e| e.error)?;
            Ok(())
        };
        if let Err(e) = write() {
            tracing::debug!(dir = %self.dir.display(), error = %e, "cannot keep a PDF in the cache");
        }
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
        assert!(root.path().join(CACHE_DIR).join(format!("{:032x}.pdf", 7)).is_file());
    }
}

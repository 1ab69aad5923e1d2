//! Writing a rendered site to disk, atomically.
//!
//! Guarantees: the whole site is written into a staging folder beside the output folder and
//! swapped in only when every file was written; if anything fails, the previous output is
//! left byte-identical and the staging folder is removed. No output path can leave the
//! output folder. This is the only module that writes the output folder. Files are written
//! in parallel; a build may stream them in through [`Staging`] as they are rendered.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::content::StaticFile;
use crate::error::{Error, Result};
use crate::render::RenderedSite;

/// What a publish wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishStats {
    /// Generated files written.
    pub generated: usize,
    /// Static files copied.
    pub copied: usize,
}

/// Writes `site` and copies `static_files` into `out_dir`, replacing it as a whole.
pub fn publish(site: &RenderedSite, static_files: &[StaticFile], out_dir: &Path) -> Result<PublishStats> {
    let staging = Staging::new(out_dir)?;
    staging.copy_static(static_files)?;
    site.outputs.par_iter().map(|o| staging.write(&o.path, &o.bytes)).collect::<Result<()>>()?;
    staging.commit()
}

/// An output folder being written: files go into a staging folder beside `out_dir`, which
/// [`Staging::commit`] swaps in. Dropping it uncommitted removes the staging folder and
/// leaves `out_dir` as it was. [`Staging::write`] may be called from many threads at once,
/// so a build can write each file as soon as it is rendered instead of holding them all.
pub struct Staging {
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    dir: tempfile::TempDir,
    generated: AtomicUsize,
    copied: AtomicUsize,
}

impl Staging {
    /// Creates the staging folder for `out_dir`.
    pub fn new(out_dir: &Path) -> Result<Staging> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        if out_dir.exists() && !out_dir.is_dir() {
            return Err(Error::Io {
                path: out_dir.to_path_buf(),
                source: std::io::Error::other("the output path exists and is not a folder"),
            });
        }
        let name = out_dir.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir =
            tempfile::Builder::new().prefix(&format!(".{name}.staging-")).tempdir_in(&parent).map_err(io(&parent))?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            dir,
            generated: AtomicUsize::new(0),
            copied: AtomicUsize::new(0),
        })
    }

    /// Writes one generated file at `rel` (a `/`-separated path inside the output).
    ///
    /// A file whose bytes equal the current output's file at the same path is hard-linked
    /// from it instead of written: no new data, no new inode (a file system allocating tens
    /// of thousands of inodes right after deleting as many slows down badly), and the
    /// unchanged file keeps its modification time, which keeps deploys by sync tools small.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let dest = safe_join(self.dir.path(), rel)?;
        create_parent(&dest)?;
        let current = self.out_dir.join(rel);
        let unchanged = fs::metadata(&current).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(&current).is_ok_and(|old| old == bytes);
        if !(unchanged && fs::hard_link(&current, &dest).is_ok()) {
            fs::write(&dest, bytes).map_err(io(&dest))?;
        }
        self.generated.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies the static files, in parallel.
    pub fn copy_static(&self, files: &[StaticFile]) -> Result<()> {
        files
            .par_iter()
            .map(|file| {
                let dest = safe_join(self.dir.path(), &file.dest)?;
                create_parent(&dest)?;
                fs::copy(&file.source, &dest).map_err(io(&file.source))?;
                self.copied.fetch_add(1, Ordering::Relaxed);
                Ok(())
            })
            .collect()
    }

    /// Swaps the staging folder in for the output folder, then deletes the old output.
    pub fn commit(self) -> Result<PublishStats> {
        let Staging { out_dir, parent, name, dir, generated, copied } = self;
        let out_dir = out_dir.as_path();
        // Swap: move the old output aside, the staging folder in, then delete the old one.
        let staged = dir.keep();
        let old = if out_dir.exists() {
            let aside = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(&parent)
                .map_err(io(&parent))?
                .keep();
            fs::remove_dir(&aside).map_err(io(&aside))?;
            if let Err(source) = fs::rename(out_dir, &aside) {
                let _ = fs::remove_dir_all(&staged);
                return Err(Error::Io { path: out_dir.to_path_buf(), source });
            }
            Some(aside)
        } else {
            None
        };
        if let Err(source) = fs::rename(&staged, out_dir) {
            if let Some(old) = &old {
                let _ = fs::rename(old, out_dir);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(Error::Io { path: out_dir.to_path_buf(), source });
        }
        if let Some(old) = old {
            remove_tree(&old)?;
        }
        Ok(PublishStats { generated: generated.into_inner(), copied: copied.into_inner() })
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// Deletes a folder tree, its top-level entries in parallel (the old output of a large site
/// holds tens of thousands of files).
fn remove_tree(dir: &Path) -> Result<()> {
    let entries: Vec<fs::DirEntry> =
        fs::read_dir(dir).map_err(io(dir))?.collect::<std::io::Result<_>>().map_err(io(dir))?;
    let mut subfolders = Vec::new();
    for entry in entries {
        let path = entry.path();
        if entry.file_type().map_err(io(&path))?.is_dir() {
            subfolders.push(path);
        } else {
            fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    subfolders.par_iter().map(|d| fs::remove_dir_all(d).map_err(io(d))).collect::<Result<()>>()?;
    fs::remove_dir(dir).map_err(io(dir))
}

/// `root/rel`, refusing any `rel` that is absolute or climbs out with `..`.
fn safe_join(root: &Path, rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("refusing to write outside the output folder"),
        });
    }
    Ok(root.join(path))
}

fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) => fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;

    fn site(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite {
            outputs: files
                .iter()
                .map(|(p, b)| Output { path: (*p).to_owned(), bytes: b.as_bytes().to_vec() })
                .collect(),
        }
    }

    #[test]
    fn can_replace_previous_output_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        publish(&site(&[("index.html", "one"), ("old/index.html", "x")]), &[], &out).expect("first");
        publish(&site(&[("index.html", "two")]), &[], &out).expect("second");
        assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "two");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "staging or old folders left behind");
    }

    #[cfg(unix)]
    #[test]
    fn can_keep_unchanged_files_and_rewrite_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let ino = |rel: &str| fs::metadata(out.join(rel)).expect("stat").ino();
        publish(&site(&[("a.html", "same"), ("b.html", "old")]), &[], &out).expect("first");
        let (a, b) = (ino("a.html"), ino("b.html"));
        publish(&site(&[("a.html", "same"), ("b.html", "new")]), &[], &out).expect("second");
        assert_eq!(ino("a.html"), a, "an unchanged file is kept, not rewritten");
        assert_ne!(ino("b.html"), b);
        assert_eq!(fs::read_to_string(out.join("b.html")).expect("read"), "new");
    }

    #[test]
    fn errors_on_path_outside_output_and_keeps_previous() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        publish(&site(&[("index.html", "good")]), &[], &out).expect("first");
        let err = publish(&site(&[("../escape.html", "bad")]), &[], &out).expect_err("outside");
        assert!(err.to_string().contains("outside the output folder"), "{err}");
        assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "good");
        assert!(!dir.path().join("escape.html").exists());
    }
}

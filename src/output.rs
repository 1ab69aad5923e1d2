//! Writing a rendered site to disk, atomically.
//!
//! Guarantees: the whole site is written into a staging folder beside the output folder and
//! swapped in only when every file was written; if anything fails, the previous output is
//! left byte-identical and the staging folder is removed. No output path can leave the
//! output folder. This is the only module that writes the output folder. Files are written
//! in parallel; a build may stream them in through [`Staging`] as they are rendered.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

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

/// Writes a whole site held in memory (`files`, by output path) into `out_dir`, replacing
/// it as a whole. Files not in `changed` are taken to have the bytes they have in the
/// current output: they are hard-linked from it, unread, when it still has them at that
/// size, and written otherwise.
pub fn publish_files(
    files: &HashMap<String, bytes::Bytes>,
    changed: &HashSet<&str>,
    out_dir: &Path,
) -> Result<PublishStats> {
    let staging = Staging::new(out_dir)?;
    files
        .par_iter()
        .map(|(rel, bytes)| {
            if changed.contains(rel.as_str()) {
                staging.write_new(rel, bytes)
            } else {
                staging.write_unchanged(rel, bytes)
            }
        })
        .collect::<Result<()>>()?;
    staging.commit()
}

/// An output folder being written: files go into a staging folder beside `out_dir`, which
/// [`Staging::commit`] swaps in. Dropping it uncommitted leaves `out_dir` as it was.
/// [`Staging::write`] may be called from many threads at once, so a build can write each
/// file as soon as it is rendered instead of holding them all.
///
/// The output before last is kept beside the output as `.<name>.previous` and becomes the
/// next staging folder: its folders already exist, so a rebuild of a large site creates and
/// deletes (almost) no folders; files it did not write again are pruned before the swap.
pub struct Staging {
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    written: Mutex<HashSet<String>>,
    generated: AtomicUsize,
    copied: AtomicUsize,
    committed: bool,
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
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?
            .keep();
        // Reuse the output before last when there is one; another build may have taken it.
        let previous = previous_dir(&parent, &name);
        if previous.is_dir() && fs::remove_dir(&dir).is_ok() && fs::rename(&previous, &dir).is_err() {
            fs::create_dir(&dir).map_err(io(&dir))?;
        }
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            dir,
            written: Mutex::new(HashSet::new()),
            generated: AtomicUsize::new(0),
            copied: AtomicUsize::new(0),
            committed: false,
        })
    }

    fn record(&self, rel: &str) {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).insert(rel.to_owned());
    }

    /// Writes one generated file at `rel` (a `/`-separated path inside the output).
    ///
    /// A file whose bytes equal the current output's file at the same path is hard-linked
    /// from it instead of written: no new data, no new inode, and the unchanged file keeps
    /// its modification time, which keeps deploys by sync tools small. A changed file is
    /// written as a new file, never through an existing one (which may be a link into the
    /// current output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put(rel, bytes, Reuse::IfEqual)
    }

    /// Writes a file known to differ from the current output's.
    pub fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put(rel, bytes, Reuse::Never)
    }

    /// Writes a file known to have the bytes the current output has at `rel`: a hard link
    /// to it when it has a file of that size there (unread), else the bytes.
    pub fn write_unchanged(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put(rel, bytes, Reuse::IfSameSize)
    }

    fn put(&self, rel: &str, bytes: &[u8], reuse: Reuse) -> Result<()> {
        let dest = safe_join(&self.dir, rel)?;
        create_parent(&dest)?;
        let current = self.out_dir.join(rel);
        let same_size = || fs::metadata(&current).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        let keep = match reuse {
            Reuse::Never => false,
            Reuse::IfSameSize => same_size(),
            Reuse::IfEqual => same_size() && fs::read(&current).is_ok_and(|old| old == bytes),
        };
        if !(keep && (same_file(&current, &dest) || replace_with_link(&current, &dest))) {
            remove_if_present(&dest)?;
            fs::write(&dest, bytes).map_err(io(&dest))?;
        }
        self.record(rel);
        self.generated.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies the static files, in parallel.
    pub fn copy_static(&self, files: &[StaticFile]) -> Result<()> {
        files
            .par_iter()
            .map(|file| {
                let dest = safe_join(&self.dir, &file.dest)?;
                create_parent(&dest)?;
                remove_if_present(&dest)?;
                fs::copy(&file.source, &dest).map_err(io(&file.source))?;
                self.record(&file.dest);
                self.copied.fetch_add(1, Ordering::Relaxed);
                Ok(())
            })
            .collect()
    }

    /// Prunes what this build did not write, swaps the staging folder in for the output
    /// folder, and keeps the old output as the next build's staging folder.
    pub fn commit(mut self) -> Result<PublishStats> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        prune(&self.dir, &written)?;
        let out_dir = self.out_dir.clone();
        let old = if out_dir.exists() {
            let aside = tempfile::Builder::new()
                .prefix(&format!(".{}.old-", self.name))
                .tempdir_in(&self.parent)
                .map_err(io(&self.parent))?
                .keep();
            fs::remove_dir(&aside).map_err(io(&aside))?;
            fs::rename(&out_dir, &aside).map_err(|source| Error::Io { path: out_dir.clone(), source })?;
            Some(aside)
        } else {
            None
        };
        if let Err(source) = fs::rename(&self.dir, &out_dir) {
            if let Some(old) = &old {
                let _ = fs::rename(old, &out_dir);
            }
            return Err(Error::Io { path: out_dir, source });
        }
        self.committed = true;
        if let Some(old) = old {
            let previous = previous_dir(&self.parent, &self.name);
            if previous.exists() {
                remove_tree(&previous)?;
            }
            if fs::rename(&old, &previous).is_err() {
                remove_tree(&old)?;
            }
        }
        Ok(PublishStats {
            generated: self.generated.load(Ordering::Relaxed),
            copied: self.copied.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    /// An uncommitted staging folder is kept for reuse as the next build's, or removed.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let previous = previous_dir(&self.parent, &self.name);
        if previous.exists() || fs::rename(&self.dir, &previous).is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// When [`Staging::put`] may link the current output's file instead of writing.
#[derive(Debug, Clone, Copy)]
enum Reuse {
    /// Never: the bytes are known to differ.
    Never,
    /// When the current file has the same size: the bytes are known to be the same.
    IfSameSize,
    /// When the current file has the same bytes (read to compare).
    IfEqual,
}

/// Where the output before last is kept.
fn previous_dir(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.previous"))
}

/// Whether two paths are the same file (same inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::symlink_metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Puts a hard link to `from` at `to`, replacing what is there; false if it cannot.
fn replace_with_link(from: &Path, to: &Path) -> bool {
    remove_if_present(to).is_ok() && fs::hard_link(from, to).is_ok()
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path).map_err(io(path)),
        Ok(_) => fs::remove_file(path).map_err(io(path)),
        Err(_) => Ok(()),
    }
}

/// Removes every file under `dir` that is not in `keep` (paths relative to `dir`, with
/// `/`), then the folders left empty.
fn prune(dir: &Path, keep: &HashSet<String>) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|e| Error::Io { path: dir.to_path_buf(), source: e.into() })?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            // Not empty means it holds a kept file.
            let _ = fs::remove_dir(path);
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if !keep.contains(&rel.join("/")) {
            fs::remove_file(path).map_err(io(path))?;
        }
    }
    Ok(())
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
        let mut leftovers: Vec<String> = fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, vec![".public.previous", "public"], "staging or old folders left behind");
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

    #[cfg(unix)]
    #[test]
    fn can_publish_held_files_writing_only_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let held = |pairs: &[(&str, &'static str)]| -> HashMap<String, bytes::Bytes> {
            pairs.iter().map(|(p, b)| ((*p).to_owned(), bytes::Bytes::from_static(b.as_bytes()))).collect()
        };
        let first = held(&[("a.html", "same"), ("b/index.html", "old"), ("gone.html", "x")]);
        publish_files(&first, &first.keys().map(String::as_str).collect(), &out).expect("first");
        let ino = |rel: &str| fs::metadata(out.join(rel)).expect("stat").ino();
        let (a, b) = (ino("a.html"), ino("b/index.html"));
        let second = held(&[("a.html", "same"), ("b/index.html", "new"), ("c.html", "c")]);
        publish_files(&second, &HashSet::from(["b/index.html", "c.html"]), &out).expect("second");
        assert_eq!(ino("a.html"), a, "an unchanged file is linked, not written");
        assert_ne!(ino("b/index.html"), b);
        assert_eq!(fs::read_to_string(out.join("b/index.html")).expect("read"), "new");
        assert_eq!(fs::read_to_string(out.join("c.html")).expect("read"), "c");
        assert!(!out.join("gone.html").exists());
        // An output file edited by hand to another size is written again, not kept.
        fs::write(out.join("a.html"), "edited by hand").expect("write");
        publish_files(&second, &HashSet::new(), &out).expect("third");
        assert_eq!(fs::read_to_string(out.join("a.html")).expect("read"), "same");
    }

    #[test]
    fn can_reuse_the_output_before_last_and_prune_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        publish(&site(&[("a/index.html", "1"), ("gone/index.html", "x"), ("b.html", "b")]), &[], &out).expect("1");
        publish(&site(&[("a/index.html", "2"), ("b.html", "b")]), &[], &out).expect("2");
        publish(&site(&[("a/index.html", "3"), ("c/d/e.html", "e")]), &[], &out).expect("3");
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&out).min_depth(1).sort_by_file_name() {
            let entry = entry.expect("entry");
            files.push(entry.path().strip_prefix(&out).expect("inside").to_string_lossy().into_owned());
        }
        assert_eq!(files, vec!["a", "a/index.html", "c", "c/d", "c/d/e.html"]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).expect("read"), "3");
        // The second output is kept for reuse, unchanged by the third build.
        let previous = dir.path().join(".public.previous");
        assert_eq!(fs::read_to_string(previous.join("a/index.html")).expect("read"), "2");
        assert_eq!(fs::read_to_string(previous.join("b.html")).expect("read"), "b");
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

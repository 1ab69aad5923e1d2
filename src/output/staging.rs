//! The staging folder a build writes into, and the commit that publishes it.
//!
//! A build of `<parent>/<name>` takes the lock `<parent>/.<name>.lock`, writes every file
//! into `<parent>/.<name>.staging`, links in the files of the output that Chancery did not
//! write (they are never deleted), prunes what it did not write, writes the manifest, and
//! exchanges the staging folder with the output in one step. The old output is kept as
//! `<parent>/.<name>.previous`, whose folders (and unchanged files, as hard links) the next
//! build reuses: a rebuild of a large site creates and deletes almost no folders. A clean
//! build (no output, no output before last) writes each file once and makes each folder
//! once, and looks nothing up: there is nothing to compare with, remove or prune.
//!
//! A build that fails or is killed leaves the output as it was; the next build takes over
//! what the dead one left (the staging folder, or the old output after an interrupted
//! fallback swap).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::content::StaticFile;
use crate::error::{Error, Result};

use super::files::{
    create_parent, io, relative, remove_if_present, remove_tree, replace_with_link, safe_join, same_file,
};
use super::folders::Folders;
use super::location::{Existing, inspect, resolve};
use super::manifest::{self, Entry, Manifest};
use super::swap::{Lock, exchange};
use super::{PublishOptions, PublishStats};

/// An output folder being written: files go into a staging folder beside it, which
/// [`Staging::commit`] swaps in. Dropping it uncommitted leaves the output as it was.
/// [`Staging::write`] may be called from many threads at once, so a build can write each
/// file as soon as it is rendered instead of holding them all.
pub struct Staging {
    /// The output folder as given (for messages).
    shown: PathBuf,
    /// The output folder, resolved.
    out_dir: PathBuf,
    /// The staging folder.
    dir: PathBuf,
    /// Where the old output is kept after the swap.
    previous: PathBuf,
    /// Files in the output that Chancery did not write.
    foreign: HashSet<String>,
    /// What the current output's manifest says of each file Chancery wrote there.
    listed: HashMap<String, Entry>,
    /// Whether there is a current output to reuse files from (false on a clean build: no
    /// file is looked up there).
    current: bool,
    /// Whether the staging folder was made empty by this build (a clean build): nothing is
    /// in the way of any file, and nothing needs pruning.
    fresh: bool,
    /// The staging folder's folders made so far.
    folders: Folders,
    force: bool,
    written: Mutex<HashMap<String, Entry>>,
    generated: AtomicUsize,
    copied: AtomicUsize,
    committed: bool,
    _lock: Lock,
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

impl Staging {
    /// Opens the staging folder for `out_dir`, with default options.
    pub fn new(out_dir: &Path) -> Result<Staging> {
        Staging::open(out_dir, &PublishOptions::default())
    }

    /// Opens the staging folder for `out_dir`: takes the output's lock (waiting for another
    /// build of it to finish), checks that the output may be written, and takes over what a
    /// dead build left.
    pub fn open(out_dir: &Path, options: &PublishOptions) -> Result<Staging> {
        let out = resolve(out_dir)?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Error::Output { path: out_dir.to_path_buf(), message: "not a folder one can write".into() });
        };
        let name = name.to_string_lossy().into_owned();
        fs::create_dir_all(parent).map_err(io(parent))?;
        let lock_path = parent.join(format!(".{name}.lock"));
        let lock = Lock::take(&lock_path, || {
            tracing::warn!("waiting for another build into {} to finish", out_dir.display());
        })
        .map_err(|e| match e {
            Error::Io { path, source } => Error::Output {
                path: out_dir.to_path_buf(),
                message: format!("cannot take the build lock {}: {source}; nothing was changed", path.display()),
            },
            other => other,
        })?;
        let dir = parent.join(format!(".{name}.staging"));
        let previous = parent.join(format!(".{name}.previous"));
        recover(parent, &name, &dir, &out)?;
        let existing = inspect(&out, options.force).map_err(|e| shown_as(e, &out, out_dir))?;
        if !matches!(existing, Existing::Nothing) {
            writable(&out, out_dir)?;
        }
        let foreign = match &existing {
            Existing::Nothing => HashSet::new(),
            Existing::Own(manifest) => foreign_files(&out, Some(manifest))?,
            Existing::Adopted => foreign_files(&out, None)?,
        };
        let current = !matches!(existing, Existing::Nothing);
        let listed = match existing {
            Existing::Own(manifest) => manifest.files.into_iter().collect(),
            Existing::Nothing | Existing::Adopted => HashMap::new(),
        };
        // Reuse what a dead build left, else the output before last, else start empty.
        if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&dir).map_err(io(&dir))?;
        }
        let mut fresh = false;
        if dir.is_dir() {
            if previous.exists() {
                remove_tree(&previous)?;
            }
        } else if !(previous.is_dir() && fs::rename(&previous, &dir).is_ok()) {
            fs::create_dir(&dir).map_err(|e| write_failed(out_dir, &dir, e))?;
            fresh = true;
        }
        Ok(Staging {
            shown: out_dir.to_path_buf(),
            out_dir: out,
            dir,
            previous,
            foreign,
            listed,
            current,
            fresh,
            folders: Folders::default(),
            force: options.force,
            written: Mutex::new(HashMap::new()),
            generated: AtomicUsize::new(0),
            copied: AtomicUsize::new(0),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one generated file at `rel` (a `/`-separated path inside the output).
    ///
    /// A file whose bytes equal the current output's file at the same path is hard-linked
    /// from it instead of written: no new data, no new inode, and the unchanged file keeps
    /// its modification time, which keeps deploys by sync tools small. A changed file is
    /// written as a new file, never through an existing one (which may be a link into the
    /// current output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put(rel, bytes, Reuse::IfEqual)?;
        self.generated.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes a file known to differ from the current output's.
    pub fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put(rel, bytes, Reuse::Never)?;
        self.generated.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes a file known to have the bytes the current output has at `rel`: a hard link
    /// to it when it has a file of that size there (unread), else the bytes.
    pub fn write_unchanged(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put(rel, bytes, Reuse::IfSameSize)?;
        self.generated.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Keeps the current output's file at `rel` without being given its bytes, when its
    /// manifest lists it as `entry` and the file has that size: a hard link to it, unread.
    /// False when it is not that file (or cannot be linked): write the bytes then.
    pub fn keep(&self, rel: &str, entry: Entry) -> Result<bool> {
        if self.listed.get(rel) != Some(&entry) || rel == manifest::FILE_NAME {
            return Ok(false);
        }
        let dest = safe_join(&self.dir, rel)?;
        let current = self.out_dir.join(rel);
        if !fs::symlink_metadata(&current).is_ok_and(|m| m.is_file() && m.len() == entry.size) {
            return Ok(false);
        }
        self.folders.make_parent(&self.dir, rel, &dest).map_err(|e| self.failed(rel, e))?;
        if !(same_file(&current, &dest) || replace_with_link(&current, &dest)) {
            return Ok(false);
        }
        self.record(rel, entry);
        self.generated.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Copies the static files, in parallel.
    pub fn copy_static(&self, files: &[StaticFile]) -> Result<()> {
        use rayon::prelude::*;
        files.par_iter().try_for_each(|file| {
            let bytes = file.source.bytes()?;
            self.put(&file.dest, &bytes, Reuse::IfEqual)?;
            self.copied.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
    }

    fn put(&self, rel: &str, bytes: &[u8], reuse: Reuse) -> Result<()> {
        let dest = safe_join(&self.dir, rel)?;
        if rel == manifest::FILE_NAME {
            return Err(Error::Output {
                path: self.shown.join(rel),
                message: "this name is kept for Chancery's manifest of the output".into(),
            });
        }
        self.folders.make_parent(&self.dir, rel, &dest).map_err(|e| self.failed(rel, e))?;
        let entry = Entry::of(bytes);
        // A clean build (no current output, an empty staging folder) only writes: no file to
        // compare with, link from or remove.
        if self.current {
            let current = self.out_dir.join(rel);
            let same_size = || fs::metadata(&current).is_ok_and(|m| m.is_file() && m.len() == entry.size);
            let keep = match reuse {
                Reuse::Never => false,
                Reuse::IfSameSize => same_size(),
                Reuse::IfEqual => same_size() && fs::read(&current).is_ok_and(|old| old == bytes),
            };
            if keep && (same_file(&current, &dest) || replace_with_link(&current, &dest)) {
                self.record(rel, entry);
                return Ok(());
            }
        }
        if !self.fresh {
            if fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
                self.folders.forget();
            }
            remove_if_present(&dest).map_err(|e| self.failed(rel, e))?;
        }
        fs::write(&dest, bytes).map_err(|e| write_failed(&self.shown, &dest, e))?;
        self.record(rel, entry);
        Ok(())
    }

    /// Notes that this build wrote `rel`.
    fn record(&self, rel: &str, entry: Entry) {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).insert(rel.to_owned(), entry);
    }

    /// An error writing `rel`, said of the output folder.
    fn failed(&self, rel: &str, err: Error) -> Error {
        match err {
            Error::Io { source, .. } => write_failed(&self.shown, &self.dir.join(rel), source),
            other => other,
        }
    }

    /// Publishes: keeps the files Chancery did not write, prunes what this build did not
    /// write, writes the manifest and swaps the staging folder in for the output folder.
    pub fn commit(mut self) -> Result<PublishStats> {
        let written: BTreeMap<String, Entry> =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner)).into_iter().collect();
        let (carry, replaced) = self.sort_foreign(&written)?;
        if !replaced.is_empty() {
            tracing::warn!(
                "--force: replaced {} file(s) in {} that Chancery did not write: {}",
                replaced.len(),
                self.shown.display(),
                first_few(&replaced)
            );
        }
        // A staging folder this build made empty holds only what it wrote.
        if !self.fresh {
            let mut keep: HashSet<&str> = written.keys().map(String::as_str).collect();
            keep.extend(carry.iter().map(String::as_str));
            prune(&self.dir, &keep)?;
        }
        for rel in &carry {
            self.carry(rel)?;
        }
        let manifest = Manifest { files: written };
        let path = self.dir.join(manifest::FILE_NAME);
        remove_if_present(&path)?;
        fs::write(&path, manifest.to_text()).map_err(|e| write_failed(&self.shown, &path, e))?;
        exchange(&self.dir, &self.out_dir).map_err(|e| match e {
            Error::Io { source, .. } if source.raw_os_error() == Some(16) => Error::Output {
                path: self.shown.clone(),
                message: "cannot replace the output folder: it is busy (a mount point?); Chancery swaps \
                          the output folder whole, so mount the folder above it instead"
                    .into(),
            },
            other => other,
        })?;
        self.committed = true;
        if self.dir.exists() && fs::rename(&self.dir, &self.previous).is_err() {
            remove_tree(&self.dir)?;
        }
        Ok(PublishStats {
            generated: self.generated.load(Ordering::Relaxed),
            copied: self.copied.load(Ordering::Relaxed),
        })
    }

    /// Splits the files Chancery did not write into those to keep and, with `--force`,
    /// those the build replaces; without `--force` a file in the way is an error.
    fn sort_foreign(&self, written: &BTreeMap<String, Entry>) -> Result<(Vec<String>, Vec<String>)> {
        let mut foreign: Vec<&String> = self.foreign.iter().collect();
        foreign.sort();
        let mut carry = Vec::new();
        let mut in_way = Vec::new();
        for rel in foreign {
            let prefix = format!("{rel}/");
            let clash = written.contains_key(rel)
                || written.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
                || ancestors(rel).any(|a| written.contains_key(a));
            if clash { in_way.push(rel.clone()) } else { carry.push(rel.clone()) }
        }
        if !in_way.is_empty() && !self.force {
            return Err(Error::Output {
                path: self.shown.clone(),
                message: format!(
                    "{} file(s) in this folder were not written by Chancery and stand where the site writes: \
                     {}; move them away, or pass --force to let the build replace them",
                    in_way.len(),
                    first_few(&in_way)
                ),
            });
        }
        Ok((carry, in_way))
    }

    /// Puts the output's file `rel`, which Chancery did not write, into the staging folder.
    fn carry(&self, rel: &str) -> Result<()> {
        let from = self.out_dir.join(rel);
        let to = safe_join(&self.dir, rel)?;
        if same_file(&from, &to) {
            return Ok(());
        }
        create_parent(&self.dir, &to).map_err(|e| self.failed(rel, e))?;
        remove_if_present(&to)?;
        let meta = fs::symlink_metadata(&from).map_err(io(&from))?;
        #[cfg(unix)]
        if meta.file_type().is_symlink() {
            let target = fs::read_link(&from).map_err(io(&from))?;
            return std::os::unix::fs::symlink(target, &to).map_err(|e| write_failed(&self.shown, &to, e));
        }
        let _ = meta;
        if fs::hard_link(&from, &to).is_err() {
            fs::copy(&from, &to).map_err(|e| write_failed(&self.shown, &to, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An uncommitted staging folder is removed.
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Takes over what a dead build of `<parent>/<name>` left: the old output set aside by an
/// interrupted fallback swap goes back in place; staging and old folders of earlier
/// versions (`.<name>.staging-*`, `.<name>.old-*`) are deleted.
fn recover(parent: &Path, name: &str, dir: &Path, out: &Path) -> Result<()> {
    let aside = dir.with_extension("swapping");
    if aside.is_dir() {
        if out.exists() {
            remove_tree(&aside)?;
        } else {
            fs::rename(&aside, out).map_err(io(out))?;
        }
    }
    let (staging, old) = (format!(".{name}.staging-"), format!(".{name}.old-"));
    for entry in fs::read_dir(parent).map_err(io(parent))? {
        let entry = entry.map_err(io(parent))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if (file_name.starts_with(&staging) || file_name.starts_with(&old)) && entry.path().is_dir() {
            remove_tree(&entry.path())?;
        }
    }
    Ok(())
}

/// The files of the output folder `out` that `manifest` does not list (all of them with
/// no manifest).
fn foreign_files(out: &Path, manifest: Option<&Manifest>) -> Result<HashSet<String>> {
    let mut foreign = HashSet::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(|e| Error::Io { path: out.to_path_buf(), source: e.into() })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = relative(out, entry.path());
        if rel != manifest::FILE_NAME && !manifest.is_some_and(|m| m.contains(&rel)) {
            foreign.insert(rel);
        }
    }
    Ok(foreign)
}

/// Refuses an output folder the build may not change.
fn writable(out: &Path, shown: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Err(e) = rustix::fs::access(out, rustix::fs::Access::WRITE_OK) {
        return Err(Error::Output {
            path: shown.to_path_buf(),
            message: format!(
                "the output folder is read-only ({}); make it writable or build into another folder",
                std::io::Error::from(e)
            ),
        });
    }
    let _ = (out, shown);
    Ok(())
}

/// A failure writing `path` while building into `shown`.
fn write_failed(shown: &Path, path: &Path, source: std::io::Error) -> Error {
    Error::Output {
        path: shown.to_path_buf(),
        message: format!("cannot write the site: {}: {source}; the previous output is left as it was", path.display()),
    }
}

/// An error about the resolved output `out` said of the folder as the user gave it.
fn shown_as(err: Error, out: &Path, shown: &Path) -> Error {
    match err {
        Error::Output { path, message } if path == out => Error::Output { path: shown.to_path_buf(), message },
        other => other,
    }
}

/// `a/b/c` → `a/b`, `a`.
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.char_indices().rev().filter(|&(_, c)| c == '/').map(move |(i, _)| &rel[..i])
}

/// The first three paths, and how many more.
fn first_few(paths: &[String]) -> String {
    let mut text = paths.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if paths.len() > 3 {
        text.push_str(&format!(" and {} more", paths.len() - 3));
    }
    text
}

/// Removes every file under `dir` that is not in `keep` (paths relative to `dir`, with
/// `/`), then the folders left empty. Folders holding a kept file are not tried: a rebuild
/// of a large site would otherwise try to remove each of its 14,000 folders.
fn prune(dir: &Path, keep: &HashSet<&str>) -> Result<()> {
    // Folders known to hold something kept (filled in before each is visited, since the
    // walk visits a folder's contents first).
    let mut occupied: HashSet<PathBuf> = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|e| Error::Io { path: dir.to_path_buf(), source: e.into() })?;
        let path = entry.path();
        let parent = || path.parent().map(Path::to_path_buf);
        if entry.file_type().is_dir() {
            // A folder not known to be occupied may still hold a file it cannot remove.
            if occupied.remove(path) || fs::remove_dir(path).is_err() {
                occupied.extend(parent());
            }
        } else if keep.contains(relative(dir, path).as_str()) {
            occupied.extend(parent());
        } else {
            fs::remove_file(path).map_err(io(path))?;
        }
    }
    Ok(())
}

//! The files under a folder, walked once and then kept up to date from the paths a watcher
//! reports, so that a rebuild after one saved brief does not list an archive's folder again.
//!
//! [`files_under`] walks a folder; a [`Listing`] keeps the names it found and, given the
//! changed paths of the next rebuild, looks again only at those: a file there now is
//! listed, a path gone is taken out with everything under it, a folder is walked again.
//! The names stay in the walk's own order (each folder's entries by name, depth first), so
//! a listing kept up to date equals a fresh walk of the same tree.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::content::names;
use crate::error::{Error, Result};

/// Every file under `dir`, as (path relative to dir with `/`, full path), sorted; hidden
/// ones only with `hidden`, scratch files never.
pub(crate) fn files_under(dir: &Path, hidden: bool) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| walk_error(dir, e))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if !name.iter().all(|part| names::is_input(part, hidden)) {
            continue;
        }
        out.push((name.join("/"), entry.path().to_path_buf()));
    }
    Ok(out)
}

fn walk_error(dir: &Path, e: walkdir::Error) -> Error {
    let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    let source = e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop"));
    Error::Io { path, source }
}

/// The walk's order of two names: folder by folder, each level by name.
fn walk_order(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The input files (no hidden or scratch names) under one folder of the site, by name
/// relative to it, as of the last [`Listing::update`].
#[derive(Debug, Default, Clone)]
pub(crate) struct Listing {
    /// The folder, relative to the site root (`content`), and the names found under it.
    names: Option<(PathBuf, Vec<String>)>,
}

impl Listing {
    /// The files under `root/folder`, sorted in walk order. With `changed` empty (or no
    /// listing yet, or the folder itself changed) the folder is walked; otherwise `changed`
    /// must be every path (relative to `root`) that changed since the last update, and only
    /// those under the folder are looked at again.
    pub fn update(&mut self, root: &Path, folder: &Path, changed: &HashSet<PathBuf>) -> Result<&[String]> {
        let dir = root.join(folder);
        let kept = self.names.take().filter(|(f, _)| f == folder && !changed.is_empty());
        let whole = changed.iter().any(|c| folder.starts_with(c) || !plain(c));
        let names = match kept {
            Some((_, mut names)) if !whole => {
                for rel in changed.iter().filter_map(|c| c.strip_prefix(folder).ok()) {
                    refresh(&mut names, &dir, rel)?;
                }
                names
            }
            _ => files_under(&dir, false)?.into_iter().map(|(name, _)| name).collect(),
        };
        Ok(&self.names.insert((folder.to_path_buf(), names)).1)
    }
}

/// Whether `path` is made of plain names only (no `..`, no root).
fn plain(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Looks again at `rel` under `dir`: its names (itself, or all under it) out, then what is
/// there now in.
fn refresh(names: &mut Vec<String>, dir: &Path, rel: &Path) -> Result<()> {
    let Some(name) = rel.to_str().map(|n| n.replace('\\', "/")) else { return Ok(()) };
    if name.is_empty() {
        return Ok(());
    }
    let under = format!("{name}/");
    names.retain(|n| n != &name && !n.starts_with(&under));
    if !name.split('/').all(|part| names::is_input(part, false)) {
        return Ok(());
    }
    let path = dir.join(rel);
    let Ok(meta) = std::fs::metadata(&path) else { return Ok(()) };
    let found: Vec<String> = if meta.is_dir() {
        files_under(&path, false)?.into_iter().map(|(inner, _)| format!("{under}{inner}")).collect()
    } else if meta.is_file() {
        vec![name]
    } else {
        Vec::new()
    };
    for n in found {
        if let Err(at) = names.binary_search_by(|probe| walk_order(probe, &n)) {
            names.insert(at, n);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(root)).expect("folder");
        std::fs::write(path, "x").expect("file");
    }

    fn walked(root: &Path) -> Vec<String> {
        files_under(&root.join("content"), false).expect("walk").into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn a_listing_kept_up_to_date_equals_a_fresh_walk() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path();
        for rel in
            ["content/briefs/a.md", "content/briefs/a/index.md", "content/briefs/a/chart.png", "content/pages/about.md"]
        {
            write(root, rel);
        }
        let folder = Path::new("content");
        let mut listing = Listing::default();
        let first = listing.update(root, folder, &HashSet::new()).expect("first").to_vec();
        assert_eq!(first, walked(root));
        // The walk's order: a folder's entries by name, so `a/…` comes before `a.md`.
        assert_eq!(first[0], "briefs/a/chart.png");

        // Each save or move as a watcher reports it: a move names both paths.
        type Step<'a> = (&'a [&'a str], &'a dyn Fn(&Path));
        let changes: &[Step<'_>] = &[
            (&["content/briefs/b.md"], &|r| write(r, "content/briefs/b.md")),
            (&["content/briefs/a.md"], &|r| std::fs::remove_file(r.join("content/briefs/a.md")).expect("rm")),
            (&["content/briefs/a", "content/briefs/c"], &|r| {
                std::fs::rename(r.join("content/briefs/a"), r.join("content/briefs/c")).expect("mv");
            }),
            (&["content/briefs/.x.md.swp"], &|r| write(r, "content/briefs/.x.md.swp")),
            (&["content/briefs/deep/er/z.md"], &|r| write(r, "content/briefs/deep/er/z.md")),
            (&["seeds/s.txt"], &|r| write(r, "seeds/s.txt")),
        ];
        let mut all = HashSet::new();
        for (rels, change) in changes {
            change(root);
            let these: HashSet<PathBuf> = rels.iter().map(PathBuf::from).collect();
            all.extend(these.iter().cloned());
            assert_eq!(listing.update(root, folder, &these).expect("update"), walked(root), "after {rels:?}");
        }
        assert!(walked(root).contains(&"briefs/c/index.md".to_owned()));
        // Everything undone, reported in one burst.
        std::fs::rename(root.join("content/briefs/c"), root.join("content/briefs/a")).expect("mv back");
        write(root, "content/briefs/a.md");
        std::fs::remove_dir_all(root.join("content/briefs/deep")).expect("rm deep");
        all.extend([PathBuf::from("content/briefs/deep"), PathBuf::from("content/briefs/a")]);
        assert_eq!(listing.update(root, folder, &all).expect("burst"), walked(root));
        assert!(walked(root).starts_with(&first[..3]), "{:?}", walked(root));
    }
}

//! Small file-system steps the output folder is written with: joining a path safely,
//! making a file's folders (replacing a file that stands where a folder must go), removing
//! a path whatever it is, linking, and deleting large trees in parallel.

use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// An error-mapping closure naming `path`.
pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// `root/rel`, refusing any `rel` that is absolute or climbs out with `..`.
pub(super) fn safe_join(root: &Path, rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("refusing to write outside the output folder"),
        });
    }
    Ok(root.join(path))
}

/// `path` relative to `dir`, `/`-separated.
pub(super) fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// Makes the folders `path` goes in, inside `root`. A file (or link) of `root` standing
/// where one of those folders must go is removed first: a path that was a file in an
/// earlier build may be a folder now.
pub(super) fn create_parent(root: &Path, path: &Path) -> Result<()> {
    let Some(dir) = path.parent() else { return Ok(()) };
    if fs::create_dir_all(dir).is_ok() {
        return Ok(());
    }
    let mut at = root.to_path_buf();
    for part in dir.strip_prefix(root).unwrap_or(dir).components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => fs::remove_file(&at).map_err(io(&at))?,
            Err(_) => break,
        }
    }
    fs::create_dir_all(dir).map_err(io(dir))
}

/// Removes what is at `path` (file, link or folder tree), if anything.
pub(super) fn remove_if_present(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path).map_err(io(path)),
        Ok(_) => fs::remove_file(path).map_err(io(path)),
        Err(_) => Ok(()),
    }
}

/// Whether two paths are the same file (same inode).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
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
pub(super) fn replace_with_link(from: &Path, to: &Path) -> bool {
    remove_if_present(to).is_ok() && fs::hard_link(from, to).is_ok()
}

/// Deletes a folder tree, its top-level entries in parallel (the old output of a large site
/// holds tens of thousands of files).
pub(super) fn remove_tree(dir: &Path) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_make_a_folder_where_a_file_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("notes"), "a file").expect("write");
        let page = dir.path().join("notes/deep/index.html");
        create_parent(dir.path(), &page).expect("create");
        assert!(dir.path().join("notes/deep").is_dir());
    }

    #[test]
    fn refuses_paths_that_leave_the_root() {
        let root = Path::new("/out");
        assert_eq!(safe_join(root, "a/b.html").expect("inside"), Path::new("/out/a/b.html"));
        for bad in ["", "../x", "/etc/passwd", "a/../../x", "./a"] {
            assert!(safe_join(root, bad).is_err(), "{bad}");
        }
    }
}

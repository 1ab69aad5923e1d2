//! Page bundles: a brief written as `content/briefs/<folder>/index.md` owns the other files
//! of its folder (images, data, downloads), published under its URL folder
//! (`briefs/<slug>/<file>`).
//!
//! Guarantees: pure (it sorts paths the loader found); a file belongs to the nearest bundle
//! folder above it, so nested bundles keep their own files; `.md` files are briefs, never
//! bundle files; the files of no bundle are handed back for the loader's "not used" warning.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::Brief;

/// A file of a page bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// The brief that owns it (its path, as shown in messages).
    pub brief: PathBuf,
    /// Its path relative to `content/` (`briefs/2025/water/chart.png`), what relative links
    /// from the brief resolve to.
    pub content: String,
    /// Its output path (`briefs/<slug>/chart.png`).
    pub dest: String,
    /// The file to read (as shown in messages).
    pub source: PathBuf,
}

/// The files of `unused` (paths under `content/`, as shown) that lie in a bundle folder of
/// `briefs`, as bundle files, and the others.
pub fn split(root: &Path, briefs: &[Arc<Brief>], unused: Vec<PathBuf>) -> (Vec<BundleFile>, Vec<PathBuf>) {
    let content_dir = crate::content::shown(root, Path::new("content"));
    let folders: HashMap<&Path, &Brief> = briefs
        .iter()
        .filter(|b| b.path.file_name().is_some_and(|n| n == "index.md") && b.file_name.contains('/'))
        .filter_map(|b| Some((b.path.parent()?, &**b)))
        .collect();
    let (mut files, mut rest) = (Vec::new(), Vec::new());
    for path in unused {
        let owner = path.ancestors().skip(1).find_map(|a| folders.get(a).map(|b| (a, *b)));
        let Some((folder, brief)) = owner else {
            rest.push(path);
            continue;
        };
        let slashed = |p: &Path| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let inner = slashed(path.strip_prefix(folder).unwrap_or(&path));
        let content = slashed(path.strip_prefix(&content_dir).unwrap_or(&path));
        files.push(BundleFile {
            brief: brief.path.clone(),
            content,
            dest: format!("briefs/{}/{inner}", brief.slug),
            source: path,
        });
    }
    (files, rest)
}

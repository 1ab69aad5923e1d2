//! Internal links written `@/briefs/<file>.md` (or `@/pages/<file>.md`, with subfolders),
//! or relative to the linking file (`other-brief.md`, `../pages/about.md`), optionally with
//! a `#anchor`, and `@/static/<path>` (a static file), resolved to site-relative URLs.
//!
//! Guarantees: resolution is a pure lookup; an unknown target is `None`, and the caller
//! reports it with the file and line of the link. A relative link is one without a scheme,
//! not starting with `/`, `#` or `@/`, whose path ends in `.md`; `.` and `..` are followed,
//! and one leading out of `content/` is refused. A relative link to any other file (`chart.png`,
//! `data.csv`) is internal too: it resolves to a file of the brief's page bundle. A root-relative
//! one (`/figures/x.svg`) is a path of the published site, under the base path.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::content::ImageFact;

/// Content file (`briefs/x.md`) to site-relative URL (`briefs/slug/`).
#[derive(Debug, Clone, Default)]
pub struct Links {
    by_file: HashMap<String, String>,
    /// Output paths of the files copied into the site (static and bundle files, resized
    /// images).
    files: Arc<HashSet<String>>,
    /// Facts of the published images, by output path.
    images: Arc<HashMap<String, ImageFact>>,
}

impl Links {
    /// Records that `file` (relative to `content/`) is published at `rel`.
    pub fn insert(&mut self, file: String, rel: String) {
        self.by_file.insert(file, rel);
    }

    /// Sets the output paths of the copied files and the facts of the published images.
    pub fn set_files(&mut self, files: HashSet<String>, images: HashMap<String, ImageFact>) {
        self.files = Arc::new(files);
        self.images = Arc::new(images);
    }

    /// Whether `dest` (an output path, `figures/x.svg`) is a copied file.
    pub fn has_file(&self, dest: &str) -> bool {
        self.files.contains(dest)
    }

    /// The facts of the image published at `dest`.
    pub fn image(&self, dest: &str) -> Option<&ImageFact> {
        self.images.get(dest)
    }

    /// A key of the whole table, the same for the same entries whatever their order.
    pub fn key(&self) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        let key =
            self.by_file.iter().fold(self.by_file.len() as u64, |key, entry| key.wrapping_add(hasher.hash_one(entry)));
        let key = self.files.iter().fold(key, |key, f| key.wrapping_add(hasher.hash_one(("file", f))));
        self.images.iter().fold(key, |key, entry| key.wrapping_add(hasher.hash_one(entry)))
    }

    /// The site-relative URL of a content file (`briefs/x.md`), if it is published.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.by_file.get(file).map(String::as_str)
    }

    /// The content file (relative to `content/`) and anchor an internal link points to:
    /// an `@/...` link, or a relative `.md` link from a file in the folder `base` (relative
    /// to `content/`, with a trailing `/`). `None`: not an internal link; `Some(Err)`: a
    /// relative link leading out of `content/`.
    pub fn internal_target(&self, base: &str, link: &str) -> Option<Result<(String, Option<String>), ()>> {
        let (path, anchor) = link.split_once('#').map_or((link, None), |(f, a)| (f, Some(a.to_owned())));
        if let Some(file) = path.strip_prefix("@/") {
            return Some(Ok((file.to_owned(), anchor)));
        }
        let relative = !path.is_empty()
            && !path.starts_with(['/', '\\', '?'])
            && crate::content::url::scheme(path).is_none()
            && !path.contains('?');
        if !relative {
            return None;
        }
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(Err(()));
                    }
                }
                other => parts.push(other),
            }
        }
        Some(Ok((parts.join("/"), anchor)))
    }

    /// The site-relative URL of an `@/...` link, with its anchor; `None` if the link is not
    /// internal (`Some(Err)` if it is internal and its file is unknown).
    pub fn resolve<'a>(&self, link: &'a str) -> Option<Result<String, &'a str>> {
        let target = link.strip_prefix("@/")?;
        let (file, anchor) = target.split_once('#').map_or((target, None), |(f, a)| (f, Some(a)));
        Some(match self.by_file.get(file) {
            Some(rel) => Ok(anchor.map_or_else(|| rel.clone(), |a| format!("{rel}#{a}"))),
            None => Err(file),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_resolve_internal_links_with_anchor() {
        let mut links = Links::default();
        links.insert("briefs/x.md".into(), "briefs/ex/".into());
        assert_eq!(links.resolve("@/briefs/x.md#part"), Some(Ok("briefs/ex/#part".to_owned())));
        assert_eq!(links.resolve("https://e.org"), None);
        assert_eq!(links.resolve("@/briefs/y.md"), Some(Err("briefs/y.md")));
    }

    #[test]
    fn can_follow_relative_md_links_from_the_linking_folder() {
        let links = Links::default();
        let at = |base: &str, link: &str| links.internal_target(base, link);
        let ok = |file: &str, anchor: Option<&str>| Some(Ok((file.to_owned(), anchor.map(str::to_owned))));
        assert_eq!(at("briefs/", "other.md"), ok("briefs/other.md", None));
        assert_eq!(at("briefs/2025/", "../pages/about.md#team"), ok("briefs/pages/about.md", Some("team")));
        assert_eq!(at("briefs/", "../pages/./about.md"), ok("pages/about.md", None));
        assert_eq!(at("pages/", "@/briefs/x.md#a"), ok("briefs/x.md", Some("a")));
        assert_eq!(at("briefs/", "../../x.md"), Some(Err(())));
        assert_eq!(at("briefs/water/", "chart.png"), ok("briefs/water/chart.png", None));
        for not_internal in ["https://e.org/a.md", "/briefs/a.md", "#part", "mailto:a@b.md", "a.md?x=1", ""] {
            assert_eq!(at("briefs/", not_internal), None, "{not_internal}");
        }
    }
}

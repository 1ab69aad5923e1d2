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

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
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

/// One question a body's render asked the link table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkRead {
    /// The URL of a content file (`briefs/x.md`), or that it has none.
    Page(String),
    /// Whether an output path is a copied file.
    File(String),
    /// The facts of the image at an output path.
    Image(String),
}

impl Links {
    /// A key of the answers `reads` get from this table: the same as long as each answer
    /// is, whatever else of the table changed.
    pub fn answers_key(&self, reads: &[LinkRead]) -> u64 {
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        hasher.hash_one(
            reads
                .iter()
                .map(|read| match read {
                    LinkRead::Page(file) => (read, self.get(file), false, None),
                    LinkRead::File(dest) => (read, None, self.has_file(dest), None),
                    LinkRead::Image(dest) => (read, None, false, self.image(dest)),
                })
                .collect::<Vec<_>>(),
        )
    }
}

/// The link table as one render sees it: every lookup is noted, so that a render kept
/// in a cache can tell whether the answers it used still hold (a brief linking to three
/// others is made again when one of those three moves or goes, not when any brief does).
#[derive(Debug)]
pub struct LinkReader<'a> {
    links: &'a Links,
    reads: RefCell<Vec<LinkRead>>,
}

impl<'a> LinkReader<'a> {
    /// A reader of `links` that has noted nothing yet.
    pub fn new(links: &'a Links) -> LinkReader<'a> {
        LinkReader { links, reads: RefCell::new(Vec::new()) }
    }

    fn note(&self, read: LinkRead) {
        self.reads.borrow_mut().push(read);
    }

    /// [`Links::get`], noted.
    pub fn get(&self, file: &str) -> Option<&'a str> {
        self.note(LinkRead::Page(file.to_owned()));
        self.links.get(file)
    }

    /// [`Links::has_file`], noted.
    pub fn has_file(&self, dest: &str) -> bool {
        self.note(LinkRead::File(dest.to_owned()));
        self.links.has_file(dest)
    }

    /// [`Links::image`], noted.
    pub fn image(&self, dest: &str) -> Option<&'a ImageFact> {
        self.note(LinkRead::Image(dest.to_owned()));
        self.links.image(dest)
    }

    /// [`Links::internal_target`]: a pure reading of the link, nothing to note.
    pub fn internal_target(&self, base: &str, link: &str) -> Option<Result<(String, Option<String>), ()>> {
        self.links.internal_target(base, link)
    }

    /// The table itself, for what is not cached (error messages).
    pub fn table(&self) -> &'a Links {
        self.links
    }

    /// What was looked up, sorted, each once.
    pub fn into_reads(self) -> Vec<LinkRead> {
        let mut reads = self.reads.into_inner();
        reads.sort();
        reads.dedup();
        reads
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
    fn can_tell_when_the_answers_a_render_used_change() {
        let mut links = Links::default();
        links.insert("briefs/x.md".into(), "briefs/ex/".into());
        links.insert("briefs/y.md".into(), "briefs/why/".into());
        let reader = LinkReader::new(&links);
        assert_eq!(reader.get("briefs/x.md"), Some("briefs/ex/"));
        assert_eq!(reader.get("briefs/gone.md"), None);
        assert!(!reader.has_file("figures/a.svg"));
        reader.get("briefs/x.md");
        let reads = reader.into_reads();
        assert_eq!(reads.len(), 3, "{reads:?}");
        let key = links.answers_key(&reads);
        // Another brief added, or one not looked up moved: the same answers.
        let mut other = links.clone();
        other.insert("briefs/z.md".into(), "briefs/zed/".into());
        other.insert("briefs/y.md".into(), "briefs/y-moved/".into());
        assert_eq!(other.answers_key(&reads), key);
        // A looked-up brief moved, a missing one appeared, a file appeared: new answers.
        let mut moved = links.clone();
        moved.insert("briefs/x.md".into(), "briefs/ex-2/".into());
        assert_ne!(moved.answers_key(&reads), key);
        let mut found = links.clone();
        found.insert("briefs/gone.md".into(), "briefs/gone/".into());
        assert_ne!(found.answers_key(&reads), key);
        let mut file = links.clone();
        file.set_files(HashSet::from(["figures/a.svg".to_owned()]), HashMap::new());
        assert_ne!(file.answers_key(&reads), key);
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

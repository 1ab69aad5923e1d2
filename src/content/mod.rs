//! Reading the site's inputs: briefs, pages, seeds, templates and static files.
//!
//! This is the only module that reads `content/`, `seeds/` and `themes/`. It returns owned
//! values; everything after it is pure. Errors of all files are collected, not just the
//! first, and each names its file.
//!
//! [`load_cached`] reads again only the briefs whose file or seed changed since the last
//! read (by size and modification time, or because the caller says so) and hands back the
//! very same [`Arc<Brief>`] for the others, so later stages can tell unchanged briefs by
//! pointer.

pub mod bibliography;
pub mod bodies;
pub mod brief;
pub mod bundles;
mod data_files;
pub mod date;
pub mod encoding;
pub mod front_matter;
pub mod images;
mod listing;
pub mod names;
pub mod page;
pub mod pdf_cache;
pub mod publication;
pub mod seed;
pub mod shortcodes;
pub mod terms;
pub mod theme;
pub mod url;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::{Config, MarkdownConfig, SeedRules, TaxonomyConfig};
use crate::diagnostics::Warning;
use crate::error::{Error, Result};
pub use bodies::Bodies;
pub use brief::Brief;
pub use bundles::BundleFile;
pub use images::ImageFact;
pub(crate) use listing::files_under;
pub use page::Page;
use seed::SeedFilter;

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use for it (`brief.html`, `partials/card.html`).
    pub name: String,
    /// The file it was read from, for error messages.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// A file copied as it is into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Output path relative to the output root, with `/` separators.
    pub dest: String,
    /// Where its bytes come from.
    pub source: StaticSource,
}

/// Where a static file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// A file of the site (as shown in messages, which is also a path to read it at).
    File(PathBuf),
    /// A file of a built-in theme.
    BuiltIn {
        /// How it is named in messages.
        shown: PathBuf,
        /// Its bytes.
        bytes: &'static [u8],
    },
}

impl StaticSource {
    /// The file to read, for a file of the site.
    pub fn file(&self) -> Option<&Path> {
        match self {
            StaticSource::File(path) => Some(path),
            StaticSource::BuiltIn { .. } => None,
        }
    }

    /// How the source is named in messages.
    pub fn shown(&self) -> &Path {
        match self {
            StaticSource::File(path) => path,
            StaticSource::BuiltIn { shown, .. } => shown,
        }
    }

    /// Its bytes: read from the file, or the built-in ones.
    pub fn bytes(&self) -> Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            StaticSource::File(path) => std::fs::read(path)
                .map(std::borrow::Cow::Owned)
                .map_err(|source| Error::Io { path: path.clone(), source }),
            StaticSource::BuiltIn { bytes, .. } => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }
}

/// Everything a build reads.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Briefs, sorted by path.
    pub briefs: Vec<Arc<Brief>>,
    /// Standalone pages, sorted by path.
    pub pages: Vec<Page>,
    /// The theme's templates (built in or the site's) with the site's overrides applied,
    /// file by file ([`theme`]), sorted by name.
    pub templates: Vec<TemplateSource>,
    /// Static files of theme and site (site files win), sorted by output path.
    pub static_files: Vec<StaticFile>,
    /// Problems of the inputs as a whole, such as files under `content/` that nothing reads.
    pub warnings: Vec<Warning>,
    /// The files of page bundles (`content/briefs/<folder>/index.md` and its folder), sorted
    /// by path.
    pub bundle_files: Vec<BundleFile>,
    /// The size and resized copies of every image among the static and bundle files, by
    /// output path.
    pub images: HashMap<String, ImageFact>,
}

/// A file's size and modification time: when both are as before, the file is taken to be
/// unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp { len: meta.len(), modified: meta.modified().ok() }
    }

    fn read(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

/// A brief as last read, with the stamps of its file and seed.
#[derive(Debug, Clone)]
struct CachedBrief {
    stamp: Stamp,
    /// The seed file (as shown in messages) and its stamp.
    seed: Option<(PathBuf, Option<Stamp>)>,
    /// The data files its shortcodes read, with their stamps.
    data: Vec<(PathBuf, Option<Stamp>)>,
    brief: Arc<Brief>,
}

/// What [`load_cached`] may reuse from the read before.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// The configuration the cached briefs were parsed with (taxonomies, seed rules).
    config: Option<(Vec<TaxonomyConfig>, SeedRules, MarkdownConfig)>,
    briefs: rustc_hash::FxHashMap<PathBuf, CachedBrief>,
    /// Bibliographies, by file.
    bibs: bibliography::BibCache,
    images: images::ImageCache,
    /// The files under `content/`.
    listing: listing::Listing,
}

/// Reads the site at `root`. Drafts are kept here; the model leaves them out.
pub fn load(root: &Path, config: &Config) -> Result<Content> {
    load_cached(root, config, &mut LoadCache::default(), &HashSet::new())
}

/// [`load`], reusing from `cache` the briefs that did not change. With `changed` empty,
/// a brief is taken to be unchanged when its file and seed have the size and modification
/// time they had when it was read; otherwise `changed` is the full list of inputs that
/// changed (paths relative to `root`, as a file watcher reports them) and only the briefs
/// it names, or whose seed it names, are read again. New files are always read. The cache
/// keeps what this read found, errors left out.
pub fn load_cached(root: &Path, config: &Config, cache: &mut LoadCache, changed: &HashSet<PathBuf>) -> Result<Content> {
    load_with(root, config, cache, changed, true)
}

/// [`load`] for a build that renders once: each brief's body is left out as soon as the
/// brief is read and checked (see [`Brief::release_body`]), so a large site's bodies are
/// never all in memory; the [`Bodies`] returned reads each again when it is rendered.
pub fn load_lean(root: &Path, config: &Config) -> Result<(Content, Bodies)> {
    let content = load_with(root, config, &mut LoadCache::default(), &HashSet::new(), false)?;
    Ok((content, Bodies::new(root, config)?))
}

fn load_with(
    root: &Path,
    config: &Config,
    cache: &mut LoadCache,
    changed: &HashSet<PathBuf>,
    keep_bodies: bool,
) -> Result<Content> {
    let filter = SeedFilter::new(&config.seed_rules)
        .map_err(|e| Error::Config { path: root.join("site.yaml"), message: format!("seed_rules: {e}") })?;
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let parsed_with = (config.taxonomies.clone(), config.seed_rules.clone(), config.markdown);
    if cache.config.as_ref() != Some(&parsed_with) {
        cache.briefs.clear();
        cache.config = Some(parsed_with);
    }
    let mut errors = Vec::new();

    let (brief_files, page_files, unused) = content_files(root, &mut cache.listing, changed)?;
    // A file is changed when it or a folder holding it is listed (a folder moved or replaced
    // whole is reported as the folder).
    // (A few changed paths, as after one save, are compared with each file directly: that is
    // cheaper than hashing every ancestor of every file of the archive.)
    let few: Option<Vec<&Path>> = (changed.len() <= 8).then(|| changed.iter().map(PathBuf::as_path).collect());
    let is_changed = |shown: &Path| {
        let rel = shown.strip_prefix(root).unwrap_or(shown);
        match &few {
            Some(few) => few.iter().any(|c| rel.starts_with(c)),
            None => rel.ancestors().any(|a| changed.contains(a)),
        }
    };
    let trust = !changed.is_empty();
    let results: Vec<Result<CachedBrief>> = brief_files
        .par_iter()
        .map(|(path, name)| {
            if let Some(hit) = cache.briefs.get(path)
                && !is_changed(path)
                && (trust || Stamp::read(path) == Some(hit.stamp))
                && hit
                    .seed
                    .as_ref()
                    .is_none_or(|(seed, stamp)| !is_changed(seed) && (trust || Stamp::read(seed) == *stamp))
                && hit.data.iter().all(|(file, stamp)| !is_changed(file) && (trust || Stamp::read(file) == *stamp))
            {
                return Ok(hit.clone());
            }
            let mut read = load_brief(root, path, name, &taxonomies, &filter, config.markdown.unsafe_html)?;
            if !keep_bodies && let Some(brief) = Arc::get_mut(&mut read.brief) {
                brief.release_body();
            }
            Ok(read)
        })
        .collect();
    let mut briefs = Vec::with_capacity(results.len());
    let mut fresh = rustc_hash::FxHashMap::with_capacity_and_hasher(results.len(), Default::default());
    for r in results {
        match r {
            Ok(entry) => {
                briefs.push(Arc::clone(&entry.brief));
                fresh.insert(entry.brief.path.clone(), entry);
            }
            Err(e) => errors.push(e),
        }
    }
    let used_bibs = attach_bibliographies(root, config, &mut cache.bibs, &is_changed, &mut briefs, &mut errors);
    for brief in &briefs {
        if let Some(entry) = fresh.get_mut(&brief.path) {
            entry.brief = Arc::clone(brief);
        }
    }
    cache.briefs = fresh;

    let mut pages = Vec::new();
    for (path, name) in page_files {
        match read_text(&path).and_then(|text| Page::parse(&path, &text)).and_then(|p| p.placed(&name)) {
            Ok(mut p) => {
                p.warnings = sanitize_warnings(&p.path, &p.body, config.markdown.unsafe_html, |o| p.line_at(o));
                p.warnings.extend(alt_warnings(&p.path, &p.body, |o| p.line_at(o)));
                pages.push(p);
            }
            Err(e) => errors.push(e),
        }
    }

    if let Err(e) = theme::check_exists(root, config) {
        errors.push(e);
    }
    let templates = theme::load_templates(root, &config.theme).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    let static_files = theme::list_static(root, &config.theme).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    Error::collect(errors)?;
    let (bundle_files, unused) = bundles::split(root, &briefs, unused);
    // Files shortcodes read and bibliographies briefs cite from are inputs too.
    let read: HashSet<&PathBuf> = cache.briefs.values().flat_map(|b| b.data.iter().map(|(f, _)| f)).collect();
    let warnings = unused
        .iter()
        .filter(|p| !read.contains(p) && !used_bibs.contains(*p))
        .map(|path| unused_warning(path))
        .collect();
    let image_files: Vec<(String, StaticSource)> = static_files
        .iter()
        .map(|f| (f.dest.clone(), f.source.clone()))
        .chain(bundle_files.iter().map(|f| (f.dest.clone(), StaticSource::File(f.source.clone()))))
        .collect();
    let images = images::facts(root, &image_files, &mut cache.images, &is_changed)?;
    Ok(Content { briefs, pages, templates, static_files, warnings, bundle_files, images })
}

/// Gives each brief the bibliography it cites from (its own `bibliography:`, else the
/// site's), each file read and parsed once; a brief whose bibliography changed becomes a
/// new revision. Returns the bibliography files used.
fn attach_bibliographies(
    root: &Path,
    config: &Config,
    bibs: &mut bibliography::BibCache,
    is_changed: &dyn Fn(&Path) -> bool,
    briefs: &mut [Arc<Brief>],
    errors: &mut Vec<Error>,
) -> HashSet<PathBuf> {
    let site_wide = config.bibliography.as_ref().map(|written| {
        bibliography::resolve(root, root, written)
            .ok_or_else(|| format!("bibliography `{written}` must be a file inside the site"))
    });
    let mut loaded: HashMap<PathBuf, Option<Arc<bibliography::Bibliography>>> = HashMap::new();
    let mut load = |path: &Path, errors: &mut Vec<Error>| {
        loaded
            .entry(path.to_path_buf())
            .or_insert_with(|| match bibs.get(path, is_changed(path)) {
                Ok(bib) => Some(bib),
                Err(e) => {
                    errors.push(e);
                    None
                }
            })
            .clone()
    };
    match &site_wide {
        Some(Err(message)) => errors.push(Error::Config { path: config.file.clone(), message: message.clone() }),
        Some(Ok(path)) => {
            load(path, errors);
        }
        None => {}
    }
    for brief in briefs.iter_mut() {
        let path = match &brief.bibliography {
            Some((written, line)) => {
                let folder = brief.path.parent().unwrap_or(root);
                match bibliography::resolve(root, folder, written) {
                    Some(path) => path,
                    None => {
                        let message = format!("bibliography `{written}` must be a file inside the site");
                        errors.push(Error::content(&brief.path, *line, 1, message));
                        continue;
                    }
                }
            }
            None => match &site_wide {
                Some(Ok(path)) => path.clone(),
                _ => continue,
            },
        };
        let Some(bib) = load(&path, errors) else { continue };
        if brief.references.as_ref().is_none_or(|old| !Arc::ptr_eq(old, &bib)) {
            *brief = Arc::new(brief.with_references(bib));
        }
    }
    let used: HashSet<PathBuf> = loaded.into_keys().collect();
    bibs.keep_only(&used);
    used
}

/// How a path under the site root is shown in messages: relative to the current folder.
pub(crate) fn shown(root: &Path, rel: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() { rel.to_path_buf() } else { root.join(rel) }
}

fn load_brief(
    root: &Path,
    rel: &Path,
    name: &str,
    taxonomies: &[&str],
    filter: &SeedFilter,
    trusted_html: bool,
) -> Result<CachedBrief> {
    let (text, stamp) = read_text_stamped(rel)?;
    let mut brief = Brief::parse(rel, &text, taxonomies)?;
    brief.file_name = name.to_owned();
    let mut seed_stamp = None;
    if let Some(seed) = brief.seed.clone() {
        let line = text.lines().position(|l| l.starts_with("seed:")).map_or(0, |i| i + 1);
        let seed_path = check_seed_path(rel, line, &seed)?;
        let seed_path = shown(root, &seed_path);
        let (bytes, stamp) = read_stamped(&seed_path)
            .map_err(|e| Error::content(rel, line, 1, format!("cannot read seed `{seed}`: {e}")))?;
        seed_stamp = Some((seed_path.clone(), Some(stamp)));
        let seed_text = encoding::decode(bytes).map_err(|why| {
            let (line, column) = why.position();
            let message = match why {
                encoding::NotUtf8::Binary { .. } => why.message("the seed"),
                _ => format!("{} (used by {})", why.message("the seed"), rel.display()),
            };
            Error::content(&seed_path, line, column, message).with_hint(why.hint())
        })?;
        brief.append_seed(&seed_text, filter);
    }
    // Seed text is escaped: only the file's own markdown can hold links, HTML or shortcodes.
    let own = &brief.body[..brief.own_body_len];
    let found = sanitize_warnings(rel, own, trusted_html, |o| brief.line_at(o));
    let (data, data_files) = data_files::read(rel, &text, own)?;
    brief.warnings.extend(found);
    brief.warnings.extend(alt_warnings(rel, own, |o| brief.line_at(o)));
    brief.data = data;
    let data = data_files.into_iter().map(|f| (Stamp::read(&f), f)).map(|(s, f)| (f, s)).collect();
    Ok(CachedBrief { stamp, seed: seed_stamp, data, brief: Arc::new(brief) })
}

/// Warnings, at line and column, for what rendering `body` will remove: unsafe link
/// targets, and what sanitising takes out of raw HTML (unless `trusted_html`).
fn sanitize_warnings(path: &Path, body: &str, trusted_html: bool, line_at: impl Fn(usize) -> usize) -> Vec<Warning> {
    crate::render::sanitize::audit(body, trusted_html)
        .into_iter()
        .map(|found| {
            let before = &body[..found.offset.min(body.len())];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let hint = if found.message.contains("attribute") || found.message.contains("element") {
                "raw HTML is sanitised; set `markdown: { unsafe_html: true }` in site.yaml only if every author is trusted"
            } else {
                "link only to http:, https: or mailto: addresses, or to relative ones"
            };
            let mut w = Warning::new(path, line_at(found.offset), found.message).with_hint(hint);
            w.column = before[line_start..].chars().count() + 1;
            w
        })
        .collect()
}

/// Warnings, at line and column, for images without alt text.
fn alt_warnings(path: &Path, body: &str, line_at: impl Fn(usize) -> usize) -> Vec<Warning> {
    crate::render::figures::missing_alt(body)
        .into_iter()
        .map(|offset| {
            let before = &body[..offset.min(body.len())];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let mut w = Warning::new(path, line_at(offset), "image without alt text")
                .with_kind("images without alt text")
                .with_hint("describe the image for readers who cannot see it: `![What the chart shows](chart.png)`");
            w.column = before[line_start..].chars().count() + 1;
            w
        })
        .collect()
}

/// A seed must be a relative path inside `seeds/`.
fn check_seed_path(brief: &Path, line: usize, seed: &str) -> Result<PathBuf> {
    let path = Path::new(seed);
    let inside = path.components().all(|c| matches!(c, Component::Normal(_)))
        && path.components().next().is_some_and(|c| c.as_os_str() == "seeds")
        && path.components().count() > 1;
    if inside {
        Ok(path.to_path_buf())
    } else {
        Err(Error::content(
            brief,
            line,
            1,
            format!("seed `{seed}` must be a file inside seeds/, e.g. seeds/article.txt"),
        ))
    }
}

/// Reads a file with the stamp it had when opened.
fn read_stamped(path: &Path) -> std::io::Result<(Vec<u8>, Stamp)> {
    let mut file = File::open(path)?;
    let stamp = Stamp::of(&file.metadata()?);
    let mut bytes = Vec::with_capacity(usize::try_from(stamp.len).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, stamp))
}

/// Reads a file as UTF-8, saying what it is instead when it is not (UTF-16, Windows-1252
/// at the line and column of the first such byte, binary).
pub(crate) fn read_text(path: &Path) -> Result<String> {
    read_text_stamped(path).map(|(text, _)| text)
}

/// [`read_text`], with the file's stamp.
fn read_text_stamped(path: &Path) -> Result<(String, Stamp)> {
    let (bytes, stamp) = read_stamped(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let text = encoding::decode(bytes).map_err(|why| {
        let (line, column) = why.position();
        Error::content(path, line, column, why.message("the file")).with_hint(why.hint())
    })?;
    Ok((text, stamp))
}

/// A content file as shown in messages, with its path inside its folder (`2025/x.md`).
type ContentFile = (PathBuf, String);

/// The briefs (`content/briefs/**/*.md`) and pages (`content/pages/**/*.md`), each sorted
/// by path, and every other input file under `content/` (nothing reads those: each gets a
/// warning). Hidden and scratch names are skipped at every depth.
fn content_files(
    root: &Path,
    listing: &mut listing::Listing,
    changed: &HashSet<PathBuf>,
) -> Result<(Vec<ContentFile>, Vec<ContentFile>, Vec<PathBuf>)> {
    let (mut briefs, mut pages, mut unused) = (Vec::new(), Vec::new(), Vec::new());
    for name in listing.update(root, Path::new("content"), changed)? {
        let shown_path = shown(root, &Path::new("content").join(name));
        let markdown = |folder: &str| name.strip_prefix(folder).filter(|n| n.ends_with(".md")).map(str::to_owned);
        if let Some(inner) = markdown("briefs/") {
            briefs.push((shown_path, inner));
        } else if let Some(inner) = markdown("pages/") {
            pages.push((shown_path, inner));
        } else {
            unused.push(shown_path);
        }
    }
    Ok((briefs, pages, unused))
}

/// The warning for a file under `content/` that no part of the site reads.
fn unused_warning(path: &Path) -> Warning {
    Warning::new(path, 0, "this file is not used: only .md files under content/briefs/ and content/pages/ are read")
        .with_kind("unused files under content/")
        .with_hint(
            "move briefs to content/briefs/, pages to content/pages/; put images and downloads beside a brief written as <folder>/index.md, or in static/",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_on_seed_outside_seeds_folder() {
        let brief = Path::new("content/briefs/x.md");
        assert!(check_seed_path(brief, 5, "seeds/a.txt").is_ok());
        for bad in ["../etc/passwd", "/etc/passwd", "seeds/../site.yaml", "content/a.txt", "seeds"] {
            let e = check_seed_path(brief, 5, bad).expect_err(bad);
            assert!(e.to_string().starts_with("content/briefs/x.md:5:1: seed"), "{e}");
        }
    }
}

//! `render`: from the site model to the bytes of every output file, in memory.
//!
//! Guarantees: touches no disk (so `serve` can keep a build in memory and `check` can run
//! the whole pipeline); outputs sorted by path; all errors of all pages collected; the
//! result depends only on the model, never on thread count or the clock.
//!
//! [`render_changes`] renders through a [`RenderCache`]: only outputs whose inputs changed
//! since the last render are made again (see [`cache`]). A full render is the same code
//! with an empty cache, so an incremental render and a full one cannot drift apart.

pub mod assets;
pub mod cache;
pub mod cite;
pub mod context;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod sanitize;
pub mod templates;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::Brief;
use crate::error::{Error, Result};
use crate::line_index::BodyPositions;
use crate::model::Site;
use crate::model::permalink::{self, output_file};
pub use cache::RenderCache;
use cache::{BriefEntry, BriefKeys, hash_of};
use context::{
    BriefSummaryView, BriefView, PageMeta, PageView, PaginatorView, SiteView, TaxonomyView, TermView, TimelineView,
};
use markdown::{LinkContext, Rendered};
use templates::Templates;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output root, `/`-separated.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A rendered site: generated files plus static files to copy.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Generated files, sorted by path.
    pub outputs: Vec<Output>,
}

/// What [`render_changes`] did.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Outputs handed to the sink: new ones and those whose inputs changed.
    pub rendered: usize,
    /// Outputs of the site before this render that it no longer has, sorted.
    pub removed: Vec<String>,
}

/// One output file to make.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    BriefsPage(usize),
    Brief(usize),
    Summaries,
    Timeline,
    Taxonomy(usize),
    /// Page `n` (1-based) of term `k` of taxonomy `t`.
    Term(usize, usize, usize),
    Page(usize),
    Search,
    NotFound,
    Atom,
    TermFeed(usize, usize),
    Sitemap,
    Robots,
    /// File `k` of the search index.
    SearchFile(usize),
    Bibtex(usize),
    Ris(usize),
    TimelineJson,
    Script(usize),
    SyntaxCss {
        dark: bool,
    },
}

/// Renders every output of `site`, in memory, sorted by path.
pub fn render(site: &Site) -> Result<RenderedSite> {
    let outputs = Mutex::new(Vec::new());
    render_into(site, &|output| {
        outputs.lock().unwrap_or_else(PoisonError::into_inner).push(output);
        Ok(())
    })?;
    let mut outputs = outputs.into_inner().unwrap_or_else(PoisonError::into_inner);
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite { outputs })
}

/// Renders every output of `site` and hands each to `sink` as soon as it is made, from
/// rayon's threads, in no particular order (the bytes never depend on the order). A build
/// writes them straight to disk this way, so a large site is never held in memory whole.
/// Errors of all pages (and of the sink) are collected.
pub fn render_into(site: &Site, sink: &(dyn Fn(Output) -> Result<()> + Sync)) -> Result<()> {
    render_changes(site, &mut RenderCache::default(), sink).map(|_| ())
}

/// Like [`render_into`], but hands `sink` only the outputs whose inputs changed since the
/// last good render through `cache` (all of them when the cache is empty), and says which
/// outputs of that render the site no longer has. On error the cache's fingerprints stay
/// those of the last good render, so the next call makes again whatever this one did not
/// get through.
pub fn render_changes(
    site: &Site,
    cache: &mut RenderCache,
    sink: &(dyn Fn(Output) -> Result<()> + Sync),
) -> Result<Changes> {
    let prepared = prepare(site, cache)?;
    render_prepared(site, prepared, cache, sink)
}

/// The first half of [`render_changes`]: every brief's and page's markdown (taken from
/// `cache` for unchanged briefs), with the checks of their links.
pub fn prepare(site: &Site, cache: &mut RenderCache) -> Result<Prepared> {
    let (global, links_key) = site_keys(site);
    let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks };
    let entries: Vec<Result<BriefEntry>> = site
        .briefs
        .par_iter()
        .map(|b| brief_entry(site, b, cache.briefs.get(&b.revision), global, links_key, ctx))
        .collect();
    let pages = page_markdown(site)?;
    finish_prepare(site, cache, entries, pages, global)
}

/// [`prepare`] for a build that renders once: each brief's body is dropped as soon as its
/// markdown is rendered (nothing after reads it), so the bodies of a large site and their
/// HTML are never all in memory at once. Returns the site without its bodies.
pub fn prepare_releasing(mut site: Site, cache: &mut RenderCache) -> Result<(Site, Prepared)> {
    let (global, links_key) = site_keys(&site);
    let pages = page_markdown(&site)?;
    let briefs = std::mem::take(&mut site.briefs);
    let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks };
    let old = &cache.briefs;
    let (briefs, entries): (Vec<Arc<Brief>>, Vec<Result<BriefEntry>>) = briefs
        .into_par_iter()
        .map(|shared| {
            let entry = brief_entry(&site, &shared, old.get(&shared.revision), global, links_key, ctx);
            let mut brief = Arc::try_unwrap(shared).unwrap_or_else(|shared| (*shared).clone());
            brief.body = String::new();
            (Arc::new(brief), entry)
        })
        .unzip();
    site.briefs = briefs;
    let prepared = finish_prepare(&site, cache, entries, pages, global)?;
    Ok((site, prepared))
}

/// The site-wide key and the link-table key of `site`.
fn site_keys(site: &Site) -> (u64, u64) {
    let global = cache::global_key(site, &SiteView::new(site));
    let links_key = hash_of(&(site.links.key(), site.permalinks.base_url(), site.permalinks.base_path()));
    (global, links_key)
}

/// The markdown of the standalone pages, with their anchor links located.
fn page_markdown(site: &Site) -> Result<Vec<Rendered>> {
    let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks };
    let pages: Vec<Result<Rendered>> = site
        .pages
        .iter()
        .map(|p| {
            let positions = p.positions();
            let mut r = markdown::render_markdown_with(&p.body, ctx, site.config.markdown.unsafe_html)
                .map_err(|broken| link_errors(&p.path, &positions, broken))?;
            locate_anchors(&mut r, &positions);
            Ok(r)
        })
        .collect();
    let (pages, errors) = split_results(pages);
    Error::collect(errors)?;
    Ok(pages)
}

/// Sets the line and column of each anchor link of `r`, rendered from `body`.
fn locate_anchors(r: &mut Rendered, positions: &BodyPositions<'_>) {
    for a in &mut r.anchors {
        (a.line, a.column) = positions.at(a.offset);
    }
}

/// What [`prepare`] and [`prepare_releasing`] share once the markdown is rendered.
fn finish_prepare(
    site: &Site,
    cache: &mut RenderCache,
    entries: Vec<Result<BriefEntry>>,
    pages: Vec<Rendered>,
    global: u64,
) -> Result<Prepared> {
    let (entries, errors) = split_results(entries);
    Error::collect(errors)?;
    // Entries are valid for the brief they were made from, whatever happens next.
    cache.briefs = site.briefs.iter().zip(&entries).map(|(b, e)| (b.revision, e.clone())).collect();
    let briefs: Vec<Arc<Rendered>> = entries.iter().map(|e| Arc::clone(&e.rendered)).collect();
    let pending = pending_anchors(site, &briefs, &pages);
    Ok(Prepared {
        summaries: entries.iter().map(|e| e.summary_value.clone()).collect(),
        keys: entries.iter().map(|e| e.keys).collect(),
        search: entries.iter().map(|e| Arc::clone(&e.search)).collect(),
        briefs,
        pages,
        pending,
        global,
    })
}

/// A site's markdown, rendered: what [`prepare`] hands to [`render_prepared`].
pub struct Prepared {
    briefs: Vec<Arc<Rendered>>,
    pages: Vec<Rendered>,
    summaries: Vec<Value>,
    keys: Vec<BriefKeys>,
    search: Vec<Arc<crate::search::DocTerms>>,
    pending: Vec<PendingAnchor>,
    global: u64,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("briefs", &self.briefs.len()).finish_non_exhaustive()
    }
}

/// The second half of [`render_changes`]: every output whose fingerprint changed, handed to
/// `sink`. `site` must be the site [`prepare`] was given, its brief bodies may be gone.
pub fn render_prepared(
    site: &Site,
    prepared: Prepared,
    cache: &mut RenderCache,
    sink: &(dyn Fn(Output) -> Result<()> + Sync),
) -> Result<Changes> {
    let started = std::time::Instant::now();
    let Prepared { briefs, pages, summaries, keys, search, pending, global } = prepared;
    let site_view = SiteView::new(site);
    let templates = match cache.templates.take() {
        Some((key, templates)) if key == global => templates,
        _ => Templates::compile(&site.templates, &site_view, site.permalinks.base_path())?,
    };
    // Views shared by many pages are built and converted to template values once; a
    // `tera::Value` clone is a reference count, so each list page only clones pointers.
    let taxonomy_views: Vec<Value> =
        site.taxonomies.iter().map(|t| Value::from_serializable(&TaxonomyView::new(site, t))).collect();
    let taxonomy_keys: Vec<u64> = site.taxonomies.iter().map(cache::taxonomy_key).collect();
    let page_keys: Vec<u64> =
        site.pages.iter().zip(&pages).map(|(p, r)| hash_of(&(&p.title, &p.slug, &p.description, &r.html))).collect();

    let per_page = site.config.paginate_by;
    let list_pages = page_count(site.briefs.len(), per_page);
    let mut jobs = vec![Job::Home, Job::Summaries, Job::Timeline, Job::Search, Job::NotFound];
    jobs.extend((1..=list_pages).map(Job::BriefsPage));
    jobs.extend((0..site.briefs.len()).map(Job::Brief));
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        for (k, term) in taxonomy.terms.iter().enumerate() {
            jobs.extend((1..=page_count(term.briefs.len(), per_page)).map(|n| Job::Term(t, k, n)));
        }
        jobs.extend((0..taxonomy.terms.len()).map(|k| Job::TermFeed(t, k)));
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend([Job::Atom, Job::Sitemap, Job::Robots, Job::TimelineJson]);
    // The search index: built whole here, its files written when their bytes changed.
    let search_files = crate::search::site::files(site, &search);
    jobs.extend((0..search_files.len()).map(Job::SearchFile));
    jobs.extend((0..site.briefs.len()).flat_map(|i| [Job::Bibtex(i), Job::Ris(i)]));
    jobs.extend(
        assets::SCRIPTS
            .iter()
            .enumerate()
            .filter(|(_, (path, _))| !site.static_files.iter().any(|f| f.dest == *path))
            .map(|(k, _)| Job::Script(k)),
    );
    jobs.extend([Job::SyntaxCss { dark: false }, Job::SyntaxCss { dark: true }]);

    // Anchors not among the target's heading ids may still be ids the theme adds: those
    // targets are looked at as they render (so they are always rendered).
    let watched: HashSet<&str> = pending.iter().map(|p| p.output.as_str()).collect();
    let found: Mutex<HashSet<(String, String)>> = Mutex::new(HashSet::new());
    let sink_and_look = |output: Output| -> Result<()> {
        if watched.contains(output.path.as_str()) {
            let html = String::from_utf8_lossy(&output.bytes);
            let mut found = found.lock().unwrap_or_else(PoisonError::into_inner);
            for p in pending.iter().filter(|p| p.output == output.path) {
                if html.contains(&format!("id=\"{}\"", p.anchor)) {
                    found.insert((p.output.clone(), p.anchor.clone()));
                }
            }
        }
        sink(output)
    };
    let renderer = PageRenderer {
        site,
        templates: &templates,
        briefs: &briefs,
        pages: &pages,
        summaries: &summaries,
        taxonomies: &taxonomy_views,
        keys: &keys,
        search_files: &search_files,
        taxonomy_keys: &taxonomy_keys,
        page_keys: &page_keys,
        global,
        list_pages,
    };
    let prepared = started.elapsed();
    let fingerprints: Vec<(String, u64)> = jobs
        .par_iter()
        .map(|&job| {
            let path = renderer.path(job);
            let key = renderer.key(job, &path);
            (path, key)
        })
        .collect();
    let keyed = started.elapsed();
    let rendered = AtomicUsize::new(0);
    let results: Vec<Result<()>> = jobs
        .par_iter()
        .zip(&fingerprints)
        .filter(|(_, (path, key))| watched.contains(path.as_str()) || cache.fingerprints.get(path) != Some(key))
        .map(|(&job, (path, _))| {
            rendered.fetch_add(1, Ordering::Relaxed);
            let bytes = renderer.bytes(job, path)?;
            sink_and_look(Output { path: path.clone(), bytes })
        })
        .collect();
    let (_, mut errors) = split_results(results);
    tracing::debug!(
        views_ms = prepared.as_millis(),
        fingerprint_ms = (keyed - prepared).as_millis(),
        render_ms = (started.elapsed() - keyed).as_millis(),
        outputs = rendered.load(Ordering::Relaxed),
        "render_prepared"
    );
    let found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    errors.extend(
        pending
            .into_iter()
            .filter(|p| !found.contains(&(p.output.clone(), p.anchor.clone())))
            .map(PendingAnchor::into_error),
    );
    Error::collect(errors)?;
    let fresh: rustc_hash::FxHashMap<String, u64> = fingerprints.into_iter().collect();
    let mut removed: Vec<String> = cache.fingerprints.keys().filter(|p| !fresh.contains_key(*p)).cloned().collect();
    removed.sort();
    cache.fingerprints = fresh;
    cache.templates = Some((global, templates));
    Ok(Changes { rendered: rendered.into_inner(), removed })
}

/// Brief `b`'s rendered markdown and keys: `old`'s when it was made from the same brief
/// revision, for the same site-wide key (and link table, if the body has `@/` links), else
/// rendered now.
fn brief_entry(
    site: &Site,
    b: &Brief,
    old: Option<&BriefEntry>,
    global: u64,
    links_key: u64,
    ctx: LinkContext<'_>,
) -> Result<BriefEntry> {
    if let Some(old) = old
        && old.global == global
        && old.links.is_none_or(|k| k == links_key)
    {
        return Ok(old.clone());
    }
    let positions = b.positions();
    let mut r = markdown::render_markdown_with(&b.body, ctx, site.config.markdown.unsafe_html)
        .map_err(|broken| link_errors(&b.path, &positions, broken))?;
    locate_anchors(&mut r, &positions);
    let summary_value = Value::from_serializable(&BriefSummaryView::new(site, b, &r));
    let search = Arc::new(crate::search::site::doc_terms(site, b, &r));
    let keys = BriefKeys::new(b, &r, search.key());
    // Only the search index reads the plain text, and its part holds what it needs.
    r.text = String::new();
    Ok(BriefEntry {
        links: b.body.contains("@/").then_some(links_key),
        global,
        keys,
        rendered: Arc::new(r),
        summary_value,
        search,
    })
}

fn split_results<T>(results: Vec<Result<T>>) -> (Vec<T>, Vec<Error>) {
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(Error::Many(many)) => errors.extend(many),
            Err(e) => errors.push(e),
        }
    }
    (ok, errors)
}

/// Errors for `@/` links to missing files, at their line (0 for seed text) and column.
fn link_errors(path: &Path, positions: &BodyPositions<'_>, broken: Vec<markdown::BrokenLink>) -> Error {
    let errors = broken
        .into_iter()
        .map(|link| {
            let (line, column) = positions.at(link.offset);
            let target = link.target;
            Error::content(
                path,
                line,
                column,
                format!("internal link `@/{target}` points to no file: expected content/{target}"),
            )
        })
        .collect();
    Error::Many(errors)
}

/// An `@/file.md#anchor` link whose anchor is none of the target's heading ids.
struct PendingAnchor {
    path: std::path::PathBuf,
    line: usize,
    column: usize,
    file: String,
    anchor: String,
    /// The output file of the target, where the theme may add the id.
    output: String,
    ids: Vec<String>,
}

impl PendingAnchor {
    fn into_error(self) -> Error {
        let ids = &self.ids;
        let hint = match crate::diagnostics::did_you_mean(&self.anchor, ids.iter().map(String::as_str)) {
            Some(id) => format!("did you mean `#{id}`?"),
            None if ids.is_empty() => format!("content/{} has no headings to link to", self.file),
            None => format!("the headings of content/{} have the ids: {}", self.file, ids.join(", ")),
        };
        Error::content(
            &self.path,
            self.line,
            self.column,
            format!("internal link `@/{}#{}`: no heading with that id", self.file, self.anchor),
        )
        .with_hint(hint)
    }
}

/// Every `@/file.md#anchor` link whose anchor is not a heading id of its target.
fn pending_anchors(site: &Site, briefs: &[Arc<Rendered>], pages: &[Rendered]) -> Vec<PendingAnchor> {
    let sources = site
        .briefs
        .iter()
        .map(|b| b.path.as_path())
        .zip(briefs.iter().map(|r| &**r))
        .chain(site.pages.iter().map(|p| p.path.as_path()).zip(pages));
    let links: Vec<(&Path, &markdown::AnchorLink)> =
        sources.flat_map(|(path, r)| r.anchors.iter().map(move |link| (path, link))).collect();
    if links.is_empty() {
        return Vec::new();
    }
    // Targets by file name, for the folder the link names.
    let brief_targets: HashMap<&str, usize> = site.briefs.iter().enumerate().map(|(i, b)| (&*b.file_name, i)).collect();
    let page_targets: HashMap<&str, usize> = site.pages.iter().enumerate().map(|(i, p)| (&*p.file_name, i)).collect();
    let target = |file: &str| -> Option<(&[String], String)> {
        if let Some(name) = file.strip_prefix("briefs/") {
            let &i = brief_targets.get(name)?;
            Some((&briefs[i].ids, output_file(&permalink::brief_rel(&site.briefs[i].slug))))
        } else {
            let &i = page_targets.get(file.strip_prefix("pages/")?)?;
            Some((&pages[i].ids, output_file(&format!("{}/", site.pages[i].slug))))
        }
    };
    let mut pending = Vec::new();
    for (path, link) in links {
        let Some((ids, output)) = target(&link.file) else { continue };
        if ids.contains(&link.anchor) {
            continue;
        }
        pending.push(PendingAnchor {
            path: path.to_path_buf(),
            line: link.line,
            column: link.column,
            file: link.file.clone(),
            anchor: link.anchor.clone(),
            output,
            ids: ids.to_vec(),
        });
    }
    pending
}

struct PageRenderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    briefs: &'a [Arc<Rendered>],
    pages: &'a [Rendered],
    /// Each brief's summary view, in site order.
    summaries: &'a [Value],
    /// Each taxonomy's view, in site order.
    taxonomies: &'a [Value],
    /// Each brief's keys, in site order.
    keys: &'a [BriefKeys],
    /// The files of the search index.
    search_files: &'a [crate::search::SearchFile],
    /// Each taxonomy's key, in site order.
    taxonomy_keys: &'a [u64],
    /// Each standalone page's key, in site order.
    page_keys: &'a [u64],
    /// The site-wide key.
    global: u64,
    /// How many pages the brief list has.
    list_pages: usize,
}

/// How many pages a list of `len` items takes at `per` a page (at least one).
fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// The items of page `n` (1-based) of a list of `len` items at `per` a page.
fn page_range(n: usize, per: usize, len: usize) -> std::ops::Range<usize> {
    ((n - 1) * per).min(len)..(n * per).min(len)
}

/// A hasher for one fingerprint, started with the site-wide key and what kind of output
/// it is for.
fn fingerprint(global: u64, kind: &str) -> DefaultHasher {
    let mut h = DefaultHasher::new();
    (global, kind).hash(&mut h);
    h
}

impl PageRenderer<'_> {
    /// The output path of `job`.
    fn path(&self, job: Job) -> String {
        let site = self.site;
        match job {
            Job::Home => output_file(""),
            Job::BriefsPage(n) => output_file(&permalink::page_rel("briefs/", n)),
            Job::Brief(i) => output_file(&permalink::brief_rel(&site.briefs[i].slug)),
            Job::Summaries => output_file("summaries/"),
            Job::Timeline => output_file("timeline/"),
            Job::Taxonomy(t) => output_file(&format!("{}/", site.taxonomies[t].name)),
            Job::Term(t, k, n) => {
                let taxonomy = &site.taxonomies[t];
                output_file(&permalink::page_rel(&permalink::term_rel(&taxonomy.name, &taxonomy.terms[k].slug), n))
            }
            Job::Page(i) => output_file(&format!("{}/", site.pages[i].slug)),
            Job::Search => output_file("search/"),
            Job::NotFound => "404.html".to_owned(),
            Job::Atom => "atom.xml".to_owned(),
            Job::TermFeed(t, k) => {
                let taxonomy = &site.taxonomies[t];
                format!("{}atom.xml", permalink::term_rel(&taxonomy.name, &taxonomy.terms[k].slug))
            }
            Job::Sitemap => "sitemap.xml".to_owned(),
            Job::Robots => "robots.txt".to_owned(),
            Job::SearchFile(k) => self.search_files[k].path.clone(),
            Job::Bibtex(i) => cite::citation_files(&site.briefs[i].slug).0,
            Job::Ris(i) => cite::citation_files(&site.briefs[i].slug).1,
            Job::TimelineJson => "timeline.json".to_owned(),
            Job::Script(k) => assets::SCRIPTS[k].0.to_owned(),
            Job::SyntaxCss { dark: false } => "syntax-light.css".to_owned(),
            Job::SyntaxCss { dark: true } => "syntax-dark.css".to_owned(),
        }
    }

    /// The fingerprint of `job`, written at `path`: a hash of exactly what its bytes are
    /// made from.
    fn key(&self, job: Job, path: &str) -> u64 {
        let site = self.site;
        let keys = self.keys;
        let summaries = |h: &mut DefaultHasher, briefs: &mut dyn Iterator<Item = usize>| {
            for i in briefs {
                keys[i].summary.hash(h);
            }
        };
        let metas = |h: &mut DefaultHasher| {
            for k in keys {
                k.meta.hash(h);
            }
        };
        let global = self.global;
        let h = match job {
            Job::Home => {
                let mut h = fingerprint(global, "home");
                summaries(&mut h, &mut (0..site.config.home_count.min(keys.len())));
                self.taxonomy_keys.hash(&mut h);
                h
            }
            Job::BriefsPage(n) => {
                let mut h = fingerprint(global, "briefs");
                (n, self.list_pages).hash(&mut h);
                summaries(&mut h, &mut page_range(n, site.config.paginate_by, keys.len()));
                h
            }
            Job::Brief(i) => {
                let mut h = fingerprint(global, "brief");
                keys[i].page.hash(&mut h);
                summaries(&mut h, &mut site.related[i].iter().copied());
                h
            }
            Job::Summaries => {
                let mut h = fingerprint(global, "summaries");
                summaries(&mut h, &mut (0..keys.len()));
                h
            }
            Job::Timeline | Job::TimelineJson | Job::Sitemap => {
                let mut h = fingerprint(global, if matches!(job, Job::Sitemap) { "sitemap" } else { "timeline" });
                (matches!(job, Job::TimelineJson), self.taxonomy_keys, self.page_keys).hash(&mut h);
                metas(&mut h);
                h
            }
            Job::Taxonomy(t) => {
                let mut h = fingerprint(global, "taxonomy");
                self.taxonomy_keys[t].hash(&mut h);
                h
            }
            Job::Term(t, k, n) => {
                let mut h = fingerprint(global, "term");
                let term = &site.taxonomies[t].terms[k];
                let per = site.config.paginate_by;
                (self.taxonomy_keys[t], &term.name, &term.slug, n, page_count(term.briefs.len(), per)).hash(&mut h);
                summaries(&mut h, &mut term.briefs[page_range(n, per, term.briefs.len())].iter().copied());
                h
            }
            Job::TermFeed(t, k) => {
                let mut h = fingerprint(global, "term feed");
                let term = &site.taxonomies[t].terms[k];
                (self.taxonomy_keys[t], &term.name, &term.slug).hash(&mut h);
                for &i in term.briefs.iter().take(site.config.feed_limit) {
                    keys[i].page.hash(&mut h);
                }
                h
            }
            Job::Page(i) => {
                let mut h = fingerprint(global, "page");
                self.page_keys[i].hash(&mut h);
                h
            }
            Job::Atom => {
                let mut h = fingerprint(global, "atom");
                for k in &keys[..site.config.feed_limit.min(keys.len())] {
                    k.page.hash(&mut h);
                }
                h
            }
            Job::SearchFile(k) => {
                let mut h = fingerprint(global, "search");
                self.search_files[k].hash(&mut h);
                h
            }
            Job::Bibtex(i) | Job::Ris(i) => {
                let mut h = fingerprint(global, if matches!(job, Job::Bibtex(_)) { "bibtex" } else { "ris" });
                keys[i].meta.hash(&mut h);
                h
            }
            Job::Search => {
                // Its filters list every term with its count, and the years of the briefs.
                let mut h = fingerprint(global, "search page");
                self.taxonomy_keys.hash(&mut h);
                metas(&mut h);
                h
            }
            Job::NotFound | Job::Robots | Job::Script(_) | Job::SyntaxCss { .. } => {
                let mut h = fingerprint(global, "fixed");
                // Only the path tells these apart.
                path.hash(&mut h);
                h
            }
        };
        h.finish()
    }

    /// The bytes of `job`, at `path`.
    fn bytes(&self, job: Job, path: &str) -> Result<Vec<u8>> {
        let site = self.site;
        let xml = |r: std::io::Result<Vec<u8>>| r.map_err(|source| Error::Io { path: path.into(), source });
        let json = |r: serde_json::Result<Vec<u8>>| r.map_err(|e| Error::Io { path: path.into(), source: e.into() });
        match job {
            Job::Atom => {
                let newest: Vec<usize> = (0..site.briefs.len().min(site.config.feed_limit)).collect();
                let spec =
                    feeds::FeedSpec { title: &site.config.title, rel: "atom.xml", html_rel: "", briefs: &newest };
                xml(feeds::atom(site, self.briefs, &spec))
            }
            Job::TermFeed(t, k) => {
                let taxonomy = &site.taxonomies[t];
                let term = &taxonomy.terms[k];
                let html_rel = permalink::term_rel(&taxonomy.name, &term.slug);
                let title = format!("{}: {} ({})", taxonomy.singular, term.name, site.config.title);
                // Like the site-wide feed, a term's feed carries its newest `feed_limit` briefs.
                let newest = &term.briefs[..term.briefs.len().min(site.config.feed_limit)];
                let spec = feeds::FeedSpec { title: &title, rel: path, html_rel: &html_rel, briefs: newest };
                xml(feeds::atom(site, self.briefs, &spec))
            }
            Job::Sitemap => xml(feeds::sitemap(site, &sitemap_pages(site))),
            Job::Robots => Ok(feeds::robots(site)),
            Job::SearchFile(k) => Ok(self.search_files[k].bytes.clone()),
            Job::Bibtex(i) => Ok(cite::bibtex_record(site, &site.briefs[i]).into_bytes()),
            Job::Ris(i) => Ok(cite::ris_record(site, &site.briefs[i]).into_bytes()),
            Job::TimelineJson => json(feeds::timeline_json(site)),
            Job::Script(k) => Ok(assets::SCRIPTS[k].1.as_bytes().to_vec()),
            Job::SyntaxCss { dark } => Ok(highlight::stylesheet(dark).into_bytes()),
            _ => self.page(job, path).map(String::into_bytes),
        }
    }

    /// The HTML of page `job`, at `path`.
    fn page(&self, job: Job, path: &str) -> Result<String> {
        let site = self.site;
        let c = &site.config;
        let mut ctx = Context::new();
        let template = match job {
            Job::Home => {
                ctx.insert("page", &PageMeta::new(site, "home", "", &c.title, &c.description));
                let n = c.home_count.min(self.summaries.len());
                ctx.insert_value("briefs", Value::from(self.summaries[..n].to_vec()));
                ctx.insert_value("taxonomies", Value::from(self.taxonomies.to_vec()));
                "index.html"
            }
            Job::BriefsPage(n) => {
                let list_pages = self.list_pages;
                let rel = permalink::page_rel("briefs/", n);
                let title =
                    if n == 1 { "All briefs".to_owned() } else { format!("All briefs, page {n} of {list_pages}") };
                ctx.insert("page", &PageMeta::new(site, "briefs", &rel, &title, &c.description));
                let range = page_range(n, c.paginate_by, self.summaries.len());
                ctx.insert_value("briefs", Value::from(self.summaries[range].to_vec()));
                ctx.insert("paginator", &PaginatorView::new(site, "briefs/", n, list_pages));
                "briefs.html"
            }
            Job::Brief(i) => {
                let b = &site.briefs[i];
                let rel = permalink::brief_rel(&b.slug);
                ctx.insert("page", &PageMeta::new(site, "brief", &rel, &b.title, &b.summary));
                ctx.insert("brief", &BriefView::new(site, &self.briefs[i], i, self.summaries));
                "brief.html"
            }
            Job::Summaries => {
                let description = "Every brief's summary and key points on one page.";
                ctx.insert("page", &PageMeta::new(site, "summaries", "summaries/", "Executive summaries", description));
                ctx.insert_value("briefs", Value::from(self.summaries.to_vec()));
                "summaries.html"
            }
            Job::Timeline => {
                let description = "Events and publication dates of every brief, by year and month.";
                ctx.insert("page", &PageMeta::new(site, "timeline", "timeline/", "Timeline", description));
                ctx.insert("timeline", &TimelineView::new(site));
                "timeline.html"
            }
            Job::Taxonomy(t) => {
                let taxonomy = &site.taxonomies[t];
                let rel = format!("{}/", taxonomy.name);
                let description = format!("Briefs by {}.", taxonomy.singular.to_lowercase());
                ctx.insert("page", &PageMeta::new(site, "taxonomy", &rel, &taxonomy.title, &description));
                ctx.insert_value("taxonomy", self.taxonomies[t].clone());
                "taxonomy.html"
            }
            Job::Term(t, k, n) => {
                let taxonomy = &site.taxonomies[t];
                let term = &taxonomy.terms[k];
                let term_rel = permalink::term_rel(&taxonomy.name, &term.slug);
                let per = c.paginate_by;
                let total = page_count(term.briefs.len(), per);
                let name = format!("{}: {}", taxonomy.singular, term.name);
                let description = format!("Briefs filed under {name}.");
                let title = if n == 1 { name } else { format!("{name}, page {n} of {total}") };
                let rel = permalink::page_rel(&term_rel, n);
                ctx.insert("page", &PageMeta::new(site, "term", &rel, &title, &description));
                ctx.insert_value("taxonomy", self.taxonomies[t].clone());
                ctx.insert("term", &TermView::new(site, taxonomy, term));
                let briefs: Vec<Value> = term.briefs[page_range(n, per, term.briefs.len())]
                    .iter()
                    .map(|&i| self.summaries[i].clone())
                    .collect();
                ctx.insert_value("briefs", Value::from(briefs));
                ctx.insert("paginator", &PaginatorView::new(site, &term_rel, n, total));
                "term.html"
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                let rel = format!("{}/", p.slug);
                ctx.insert("page", &PageMeta::new(site, "page", &rel, &p.title, &p.description));
                ctx.insert("page_content", &PageView::new(site, i, &self.pages[i].html));
                "page.html"
            }
            Job::Search => {
                let description = "Search the briefs by title, summary and text.";
                ctx.insert("page", &PageMeta::new(site, "search", "search/", "Search", description));
                crate::search::site::page_context(site, &mut ctx);
                "search.html"
            }
            Job::NotFound => {
                ctx.insert("page", &PageMeta::new(site, "404", "404.html", "Page not found", &c.description));
                "404.html"
            }
            _ => return Err(Error::Io { path: path.into(), source: std::io::Error::other("not a page") }),
        };
        self.templates.render(template, &ctx, path)
    }
}

/// Every HTML page of the site for the sitemap, with the date it last changed when known.
fn sitemap_pages(site: &Site) -> Vec<(String, Option<crate::content::date::PartialDate>)> {
    let mut pages: Vec<(String, Option<crate::content::date::PartialDate>)> = vec![
        (String::new(), None),
        ("briefs/".into(), None),
        ("summaries/".into(), None),
        ("timeline/".into(), None),
        ("search/".into(), None),
    ];
    pages.extend(site.briefs.iter().map(|b| (permalink::brief_rel(&b.slug), Some(b.updated.unwrap_or(b.date)))));
    for t in &site.taxonomies {
        pages.push((format!("{}/", t.name), None));
        pages.extend(t.terms.iter().map(|term| (permalink::term_rel(&t.name, &term.slug), None)));
    }
    pages.extend(site.pages.iter().map(|p| (format!("{}/", p.slug), None)));
    pages
}

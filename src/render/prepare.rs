//! The first half of a render: every brief's and page's markdown rendered (or taken from
//! the cache for unchanged briefs), with the checks of their links, and the per-brief keys
//! and template values the routes are made from.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::content::Brief;
use crate::error::{Error, Result};
use crate::model::Site;
use crate::model::links::{LinkRead, LinkReader};
use crate::render::anchors::{PendingAnchor, locate_anchors, pending_anchors};
use crate::render::blocks::Blocks;
use crate::render::cache::{self, BriefEntry, BriefKeys, RenderCache, hash_of};
use crate::render::context::{BriefSummaryView, SiteView};
use crate::render::first::Touched;
use crate::render::markdown::{self, LinkContext, Rendered};
use crate::render::root_links::{self, Generated};

/// The first half of [`render_changes`]: every brief's and page's markdown (taken from
/// `cache` for unchanged briefs), with the checks of their links.
pub fn prepare(site: &Site, cache: &mut RenderCache) -> Result<Prepared> {
    let (global, links_key) = site_keys(site);
    let blocks = Arc::new(Blocks::new(site)?);
    let generated = Generated::new(site);
    let entries: Vec<Result<BriefEntry>> = site
        .briefs
        .par_iter()
        .map(|b| brief_entry(site, b, cache.briefs.get(&b.revision), (global, links_key), &blocks, &generated, None))
        .collect();
    let pages = page_markdown(site, &blocks, &generated)?;
    finish_prepare(site, cache, entries, pages, global, None, blocks)
}

/// [`prepare`] for a build that renders once, from a site loaded without its bodies
/// ([`load_lean`](crate::content::load_lean)): each body is read through `bodies`, walked
/// for what the site-wide views need (outline, ids, words, search text, links) and dropped;
/// the HTML is made when the brief's page is (see [`Outputs::full`](super::Outputs)), so
/// neither the bodies of a large site nor their HTML are ever all in memory.
pub fn prepare_lean(
    site: &Site,
    cache: &mut RenderCache,
    bodies: Box<dyn BodySource>,
    made_summaries_above: usize,
) -> Result<Prepared> {
    let made_summaries = site.briefs.len() > made_summaries_above;
    let (global, links_key) = site_keys(site);
    let blocks = Arc::new(Blocks::new(site)?);
    let generated = Generated::new(site);
    let pages = page_markdown(site, &blocks, &generated)?;
    let old = &cache.briefs;
    let entries: Vec<Result<BriefEntry>> = site
        .briefs
        .par_iter()
        .map(|shared| {
            let mut brief = (**shared).clone();
            brief.body = bodies.body(shared)?;
            let lean = Lean { made_summaries };
            brief_entry(site, &brief, old.get(&shared.revision), (global, links_key), &blocks, &generated, Some(lean))
        })
        .collect();
    finish_prepare(site, cache, entries, pages, global, Some((bodies, made_summaries)), blocks)
}

/// The site-wide key and the link-table key of `site`.
fn site_keys(site: &Site) -> (u64, u64) {
    let global = cache::global_key(site, &SiteView::new(site));
    let links_key = hash_of(&(site.permalinks.base_url(), site.permalinks.base_path()));
    (global, links_key)
}

/// The markdown of the standalone pages, with their anchor links located.
fn page_markdown(site: &Site, blocks: &Blocks, generated: &Generated) -> Result<Vec<Rendered>> {
    let pages: Vec<Result<Rendered>> =
        site.pages
            .iter()
            .map(|p| {
                let positions = p.positions();
                let base = folder_of("pages", &p.file_name);
                let reader = LinkReader::new(&site.links);
                let ctx = LinkContext {
                    links: &reader,
                    permalinks: &site.permalinks,
                    base: &base,
                    blocks,
                    data: &markdown::NO_DATA,
                };
                let mut r = markdown::render_markdown_with(&p.body, ctx, site.config.markdown.unsafe_html).map_err(
                    |broken| root_links::with_link_errors(&p.path, &positions, &p.body, &site.links, broken, generated),
                )?;
                root_links::check(&p.path, &positions, &r, generated)?;
                locate_anchors(&mut r, &positions);
                Ok(r)
            })
            .collect();
    let (pages, errors) = split_results(pages);
    Error::collect(errors)?;
    Ok(pages)
}

/// What [`prepare`] and [`prepare_lean`] share once the markdown is rendered.
fn finish_prepare(
    site: &Site,
    cache: &mut RenderCache,
    entries: Vec<Result<BriefEntry>>,
    pages: Vec<Rendered>,
    global: u64,
    lean: Option<(Box<dyn BodySource>, bool)>,
    blocks: Arc<Blocks>,
) -> Result<Prepared> {
    let made_summaries = lean.as_ref().is_some_and(|(_, made)| *made);
    let bodies = lean.map(|(bodies, _)| bodies);
    let (entries, errors) = split_results(entries);
    Error::collect(errors)?;
    let mut briefs: Vec<Arc<Rendered>> = entries.iter().map(|e| Arc::clone(&e.rendered)).collect();
    let pending = pending_anchors(site, &briefs, &pages);
    let touched;
    if bodies.is_some() {
        // Read again for the page, the HTML comes with its outline: nothing else reads the
        // outline and ids once the anchors are known, and nothing renders from this cache.
        // The cited keys stay: the brief's CSL-JSON file lists them.
        let none = Arc::new(Rendered::default());
        briefs.iter_mut().for_each(|r| {
            *r = if r.citations.keys.is_empty() {
                Arc::clone(&none)
            } else {
                Arc::new(Rendered { citations: r.citations.clone(), ..Rendered::default() })
            }
        });
        touched = Touched::everything();
    } else {
        touched = touched_by(site, &cache.briefs, &entries);
        // Entries are valid for the brief they were made from, whatever happens next.
        cache.briefs = site.briefs.iter().zip(&entries).map(|(b, e)| (b.revision, e.clone())).collect();
    }
    let summaries = if made_summaries {
        Summaries::Made(entries.iter().map(|e| e.rendered.reading_minutes()).collect())
    } else {
        Summaries::Held(entries.iter().map(|e| Arc::clone(&e.summary_value)).collect())
    };
    Ok(Prepared {
        summaries,
        keys: entries.iter().map(|e| e.keys).collect(),
        search: entries.iter().map(|e| Arc::clone(&e.search)).collect(),
        briefs,
        pages,
        pending,
        global,
        bodies,
        blocks,
        touched,
    })
}

/// What changed since the render that left `old` (entries by brief revision): the briefs of
/// a revision it did not have, and the months of the revisions it had that are gone.
/// Everything, when it had none.
fn touched_by(site: &Site, old: &HashMap<u64, BriefEntry>, entries: &[BriefEntry]) -> Touched {
    if old.is_empty() {
        return Touched::everything();
    }
    let mut touched = Touched::default();
    for (i, (b, e)) in site.briefs.iter().zip(entries).enumerate() {
        if !old.contains_key(&b.revision) {
            touched.brief(i, e.shown.as_deref());
        }
    }
    let now: rustc_hash::FxHashSet<u64> = site.briefs.iter().map(|b| b.revision).collect();
    for (_, gone) in old.iter().filter(|(revision, _)| !now.contains(revision)) {
        touched.was(gone.shown.as_deref());
    }
    touched
}

/// A site's markdown, rendered: what [`prepare`] hands to [`render_prepared`].
pub struct Prepared {
    pub(crate) briefs: Vec<Arc<Rendered>>,
    pub(crate) pages: Vec<Rendered>,
    pub(crate) summaries: Summaries,
    pub(crate) keys: Vec<BriefKeys>,
    pub(crate) search: Vec<Arc<crate::search::DocTerms>>,
    pub(crate) pending: Vec<PendingAnchor>,
    pub(crate) global: u64,
    /// Where the bodies are read again when the briefs' HTML was left out
    /// ([`prepare_lean`]).
    pub(crate) bodies: Option<Box<dyn BodySource>>,
    /// Callout kinds and shortcodes, for the HTML made later from `bodies`.
    pub(crate) blocks: Arc<Blocks>,
    /// What changed since the render before, for the order of the outputs.
    pub(crate) touched: Touched,
}

/// By default, above this many briefs, [`prepare_lean`] keeps each brief's reading minutes instead of
/// its summary view, and pages make the views they show: about 6 KB a brief held (600 MB
/// at 100,000 briefs) against the CPU of making each view about a dozen times (a quarter
/// more user time at 10,000). The bytes are the same either way.
pub const MADE_SUMMARIES_ABOVE: usize = 20_000;

/// How [`prepare_lean`] walks a brief: without its HTML, and without its summary view when
/// pages make them.
#[derive(Debug, Clone, Copy)]
struct Lean {
    made_summaries: bool,
}

/// Each brief's summary view, the template value lists and related briefs show.
pub(crate) enum Summaries {
    /// Made once per brief revision and kept (a render through a cache).
    Held(Vec<Arc<Value>>),
    /// Made when a page shows them, from each brief's reading minutes ([`prepare_lean`]:
    /// the views of a large site would take more memory than its model).
    Made(Vec<usize>),
}

/// Where [`prepare_lean`] and the brief pages after it get the bodies the loader left out
/// (the build gives [`content::Bodies`](crate::content::Bodies), which reads the files
/// again; the render itself touches no disk).
pub trait BodySource: Sync {
    /// The markdown body of `brief`, as the loader made it.
    fn body(&self, brief: &Brief) -> Result<String>;
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("briefs", &self.briefs.len()).finish_non_exhaustive()
    }
}

/// Brief `b`'s rendered markdown and keys: `old`'s when it was made from the same brief
/// revision, for the same site-wide key (and link table, if the body has `@/` links), else
/// rendered now (without its HTML and outline when `lean`).
fn brief_entry(
    site: &Site,
    b: &Brief,
    old: Option<&BriefEntry>,
    (global, links_key): (u64, u64),
    blocks: &Blocks,
    generated: &Generated<'_>,
    lean: Option<Lean>,
) -> Result<BriefEntry> {
    if let Some(old) = old
        && old.global == global
        && old.links == hash_of(&(links_key, site.links.answers_key(&old.link_reads)))
    {
        return Ok(old.clone());
    }
    let positions = b.positions();
    let (mut r, link_reads) = walk_brief(site, b, &b.body, blocks, lean.is_none())
        .map_err(|broken| root_links::with_link_errors(&b.path, &positions, &b.body, &site.links, broken, generated))?;
    if !r.citations.unknown.is_empty() {
        return Err(crate::render::citations::unknown_errors(b, &positions, &r.citations.unknown));
    }
    root_links::check(&b.path, &positions, &r, generated)?;
    locate_anchors(&mut r, &positions);
    let summary_value = Arc::new(if lean.is_some_and(|l| l.made_summaries) {
        Value::none()
    } else {
        Value::from_serializable(&BriefSummaryView::new(site, b, &r))
    });
    let search = Arc::new(crate::search::site::doc_terms(site, b, &r));
    let mut keys = BriefKeys::new(b, &r, search.key());
    if site.config.pdf.made() {
        keys.pdf = crate::render::pdf_key::brief_key(site, b, keys.meta, &b.body, &link_reads);
    }
    // Only the search index reads the plain text, and its part holds what it needs.
    r.text = String::new();
    if lean.is_some() {
        // The page's render makes the outline again with the HTML.
        r.toc = Vec::new();
    }
    Ok(BriefEntry {
        // Links and images (`@/`, relative and root-relative ones) depend on the answers
        // of the link table they were given (and images on their facts, which it holds).
        links: hash_of(&(links_key, site.links.answers_key(&link_reads))),
        link_reads: link_reads.into(),
        global,
        keys,
        rendered: Arc::new(r),
        summary_value,
        search,
        shown: lean.is_none().then(|| Arc::new(crate::render::first::Shown::of(b))),
    })
}

/// Brief `b`'s markdown `body` walked with its links (relative ones from its folder), data
/// files, citations and the site's callouts and shortcodes; its HTML only `with_html`. The
/// one walk of a brief: [`prepare`] and [`prepare_lean`] make the views from it, and a lean
/// build's page its HTML, so both always agree.
pub(crate) fn walk_brief(
    site: &Site,
    b: &Brief,
    body: &str,
    blocks: &Blocks,
    with_html: bool,
) -> std::result::Result<(Rendered, Vec<LinkRead>), Vec<markdown::BrokenLink>> {
    let base = folder_of("briefs", &b.file_name);
    let reader = LinkReader::new(&site.links);
    let ctx = LinkContext { links: &reader, permalinks: &site.permalinks, base: &base, blocks, data: &b.data };
    let citer = crate::render::citations::citer(site, b);
    let rendered =
        markdown::render_brief_markdown(body, ctx, site.config.markdown.unsafe_html, with_html, citer.as_ref())?;
    Ok((rendered, reader.into_reads()))
}

/// The folder, relative to `content/` with a trailing `/`, of the file at `file` (its path
/// inside `content/<section>/`): where its relative links start.
pub(crate) fn folder_of(section: &str, file: &str) -> String {
    match file.rfind('/') {
        Some(i) => format!("{section}/{}/", &file[..i]),
        None => format!("{section}/"),
    }
}

pub(crate) fn split_results<T>(results: Vec<Result<T>>) -> (Vec<T>, Vec<Error>) {
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

//! The first half of a render: every brief's and page's markdown rendered (or taken from
//! the cache for unchanged briefs), with the checks of their links, and the per-brief keys
//! and template values the routes are made from.

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::content::Brief;
use crate::error::{Error, Result};
use crate::model::Site;
use crate::render::anchors::{PendingAnchor, link_errors, locate_anchors, pending_anchors};
use crate::render::cache::{self, BriefEntry, BriefKeys, RenderCache, hash_of};
use crate::render::context::{BriefSummaryView, SiteView};
use crate::render::markdown::{self, LinkContext, Rendered};

/// The first half of [`render_changes`]: every brief's and page's markdown (taken from
/// `cache` for unchanged briefs), with the checks of their links.
pub fn prepare(site: &Site, cache: &mut RenderCache) -> Result<Prepared> {
    let (global, links_key) = site_keys(site);
    let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks, base: "briefs/" };
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
    let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks, base: "briefs/" };
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
    let pages: Vec<Result<Rendered>> = site
        .pages
        .iter()
        .map(|p| {
            let positions = p.positions();
            let base = folder_of("pages", &p.file_name);
            let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks, base: &base };
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
    pub(crate) briefs: Vec<Arc<Rendered>>,
    pub(crate) pages: Vec<Rendered>,
    pub(crate) summaries: Vec<Value>,
    pub(crate) keys: Vec<BriefKeys>,
    pub(crate) search: Vec<Arc<crate::search::DocTerms>>,
    pub(crate) pending: Vec<PendingAnchor>,
    pub(crate) global: u64,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("briefs", &self.briefs.len()).finish_non_exhaustive()
    }
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
    let base = folder_of("briefs", &b.file_name);
    let ctx = LinkContext { base: &base, ..ctx };
    let mut r = markdown::render_markdown_with(&b.body, ctx, site.config.markdown.unsafe_html)
        .map_err(|broken| link_errors(&b.path, &positions, broken))?;
    locate_anchors(&mut r, &positions);
    let summary_value = Value::from_serializable(&BriefSummaryView::new(site, b, &r));
    let search = Arc::new(crate::search::site::doc_terms(site, b, &r));
    let keys = BriefKeys::new(b, &r, search.key());
    // Only the search index reads the plain text, and its part holds what it needs.
    r.text = String::new();
    Ok(BriefEntry {
        // Internal links (`@/`, or relative ones to `.md` files) depend on the link table.
        links: (b.body.contains("@/") || b.body.contains(".md")).then_some(links_key),
        global,
        keys,
        rendered: Arc::new(r),
        summary_value,
        search,
    })
}

/// The folder, relative to `content/` with a trailing `/`, of the file at `file` (its path
/// inside `content/<section>/`): where its relative links start.
fn folder_of(section: &str, file: &str) -> String {
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

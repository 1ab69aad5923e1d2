//! `render`: from the site model to the bytes of every output file, in memory.
//!
//! Guarantees: touches no disk (so `serve` can keep a build in memory and `check` can run
//! the whole pipeline); outputs sorted by path; all errors of all pages collected; the
//! result depends only on the model, never on thread count or the clock.
//!
//! A render has two halves: [`prepare`] renders the markdown ([`prepare`](mod@prepare)),
//! then [`render_prepared`] makes every output. Which outputs there are is data: the
//! [`routes::Route`] of each, laid out by a [`routes::Plan`] (the partitions of the
//! site-wide views); each route's fingerprint is in [`fingerprint`], its bytes in
//! [`pages`]. [`render_changes`] renders through a [`RenderCache`]: only outputs whose
//! fingerprint changed since the last render are made again (see [`cache`]). A full render
//! is the same code with an empty cache, so an incremental render and a full one cannot
//! drift apart.

pub mod aliases;
mod anchors;
pub mod assets;
mod autolink;
pub mod blocks;
pub mod cache;
pub mod callouts;
mod chosen;
pub mod citations;
pub mod cite;
pub mod collisions;
mod compact;
pub mod context;
pub mod csl_json;
pub mod feeds;
pub(crate) mod figures;
mod fingerprint;
pub mod first;
mod footnotes;
pub mod highlight;
pub mod markdown;
mod pages;
#[cfg(feature = "pdf")]
pub(crate) mod pdf_job;
pub(crate) mod pdf_key;
pub mod prepare;
mod root_links;
pub mod routes;
pub mod sanitize;
pub mod shortcodes;
pub mod templates;
pub mod timeline;
mod updates;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use tera::Value;

use crate::error::{Error, Result};
use crate::model::Site;
use cache::{BriefKeys, hash_of};
pub use cache::{Known, PdfStore, RenderCache};
use context::{SiteView, TaxonomyView};
use markdown::Rendered;
use prepare::split_results;
pub use prepare::{BodySource, MADE_SUMMARIES_ABOVE, Prepared, prepare, prepare_lean};

/// What a build tells about outputs it leaves out: static files standing in for generated
/// ones ([`collisions::notes`]), `/updates/` without its template.
pub fn notes(site: &Site) -> Vec<crate::diagnostics::Note> {
    let mut notes = collisions::notes(site);
    notes.extend(updates::missing_template_note(site));
    notes
}
use routes::Plan;
use templates::Templates;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output root, `/`-separated.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Where a render hands its outputs.
pub trait Sink: Sync {
    /// Takes one output.
    fn put(&self, output: Output) -> Result<()>;

    /// Keeps, instead of being handed its bytes, the file the destination already holds at
    /// `path` if it is the file `known`; false when it does not hold it (the bytes are
    /// handed to [`Sink::put`] then). The PDFs of a rebuild are kept this way, unread.
    fn keep(&self, path: &str, known: Known) -> Result<bool> {
        let _ = (path, known);
        Ok(false)
    }

    /// Whether the sink wants the outputs a reader sees first ([`first`](mod@first)) before
    /// the others, and to be told when they are all handed over ([`Sink::first_done`]).
    fn wants_first(&self) -> bool {
        false
    }

    /// Every output that comes first is handed over, with no error so far; the outputs at
    /// `later` come next, and those at `removed` are gone. Called once a render, and only
    /// when some output comes later.
    fn first_done(&self, later: &[&str], removed: &[String]) {
        let _ = (later, removed);
    }
}

impl<F: Fn(Output) -> Result<()> + Sync> Sink for F {
    fn put(&self, output: Output) -> Result<()> {
        self(output)
    }
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
    render_prepared(site, prepared, cache, &sink)
}

/// The second half of [`render_changes`]: every output whose fingerprint changed, handed to
/// `sink`. `site` must be the site [`prepare`] was given, its brief bodies may be gone.
pub fn render_prepared(site: &Site, prepared: Prepared, cache: &mut RenderCache, sink: &dyn Sink) -> Result<Changes> {
    let started = std::time::Instant::now();
    let Prepared { briefs, pages, summaries, keys, search, pending, global, bodies, blocks, touched } = prepared;
    // The search index: brought up to date here, its files written when their bytes changed.
    // A one-shot build (bodies read again) renders from this cache once: its index and the
    // briefs' search terms go as soon as the files are made, and the files as soon as they
    // are handed to `sink` (their routes stay in the plan, for the collision checks, but
    // are not rendered again).
    let folder = crate::search::site::FOLDER;
    let one_shot: Vec<crate::search::SearchFile>;
    let search_written = bodies.is_some();
    let search_files: Vec<&crate::search::SearchFile> = if search_written {
        // Written by a thread of their own as the index makes them (a few at most waiting,
        // so a slow disk holds the index back rather than its files piling up); kept as
        // paths only.
        let (out, made) = std::sync::mpsc::sync_channel::<crate::search::SearchFile>(64);
        let written = std::thread::scope(|scope| -> Result<Vec<Result<crate::search::SearchFile>>> {
            let writer = std::thread::Builder::new()
                .spawn_scoped(scope, move || {
                    made.into_iter()
                        .map(|f| {
                            sink.put(Output { path: format!("{folder}{}", f.path), bytes: f.bytes })?;
                            Ok(crate::search::SearchFile { path: f.path, bytes: Vec::new() })
                        })
                        .collect::<Vec<_>>()
                })
                .map_err(|e| Error::Io { path: "search index writer".into(), source: e })?;
            crate::search::site::files_once(site, &search, out);
            Ok(writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })?;
        drop(search);
        let (mut files, errors) = split_results(written);
        Error::collect(errors)?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        one_shot = files;
        one_shot.iter().collect()
    } else {
        crate::search::site::files(site, &search, &mut cache.search)
    };
    let searched = started.elapsed();
    let plan = Plan::new(site)
        .with_search(search_files.iter().map(|f| format!("{folder}{}", f.path)).collect())
        .with_citing(briefs.iter().enumerate().filter(|(_, r)| !r.citations.keys.is_empty()).map(|(i, _)| i).collect());
    let site_view = SiteView::new(site);
    let templates = match cache.templates.take() {
        Some((key, templates)) if key == global => templates,
        _ => Templates::compile(&site.templates, &site_view, site.permalinks.base_path())?,
    };
    Error::collect(chosen::errors(site))?;
    // Views shared by many pages are built and converted to template values once; a
    // `tera::Value` clone is a reference count, so each list page only clones pointers.
    let taxonomy_views: Vec<Value> =
        site.taxonomies.iter().map(|t| Value::from_serializable(&TaxonomyView::new(site, t))).collect();
    let taxonomy_keys: Vec<u64> = site.taxonomies.iter().map(cache::taxonomy_key).collect();
    let page_keys: Vec<u64> = site
        .pages
        .iter()
        .zip(&pages)
        .map(|(p, r)| {
            let extra = serde_json::to_string(&p.extra).unwrap_or_default();
            hash_of(&(&p.title, &p.rel, &p.description, &r.html, &p.template, extra))
        })
        .collect();

    let jobs = plan.routes(site);

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
        sink.put(output)
    };
    let renderer = Outputs {
        site,
        templates: &templates,
        briefs: &briefs,
        bodies: bodies.as_deref(),
        blocks: &blocks,
        pages: &pages,
        summaries: &summaries,
        taxonomies: &taxonomy_views,
        keys: &keys,
        search_files: &search_files,
        taxonomy_keys: &taxonomy_keys,
        page_keys: &page_keys,
        global,
        plan: &plan,
        routes: &jobs,
        sitemap: std::sync::OnceLock::new(),
        timeline: std::sync::OnceLock::new(),
        pdf_store: cache.pdf_store.as_deref(),
        pdf_site_key: if site.config.pdf.made() { pdf_key::site_key(site) } else { 0 },
        pdf_sizes: Mutex::new(cache.pdf_sizes.clone()),
    };
    let prepared = started.elapsed();
    let fingerprints: Vec<(String, u64)> = jobs
        .par_iter()
        .map(|job| {
            let path = job.path(site, &plan);
            let key = renderer.fingerprint(*job, &path);
            (path, key)
        })
        .collect();
    // A static file where a generated file goes (other than those it may replace).
    Error::collect(collisions::errors(site, fingerprints.iter().map(|(path, _)| path.as_str())))?;
    Error::collect(aliases::collisions(&plan.aliases, fingerprints.iter().map(|(path, _)| path.as_str())))?;
    let keyed = started.elapsed();
    // Outputs of the last render this one does not make (none after no render).
    let removed: Vec<String> = if cache.fingerprints.is_empty() {
        Vec::new()
    } else {
        let now: rustc_hash::FxHashSet<&str> = fingerprints.iter().map(|(path, _)| path.as_str()).collect();
        let mut removed: Vec<String> =
            cache.fingerprints.keys().filter(|p| !now.contains(p.as_str())).cloned().collect();
        removed.sort();
        removed
    };
    let rendered = AtomicUsize::new(if search_written { search_files.len() } else { 0 });
    let todo: Vec<(routes::Route, &String)> = jobs
        .iter()
        .zip(&fingerprints)
        .filter(|(_, (path, key))| watched.contains(path.as_str()) || cache.fingerprints.get(path) != Some(key))
        .filter(|(job, _)| !(cache.lazy_pdfs && matches!(job, routes::Route::BriefPdf(_))))
        .filter(|(job, _)| !(search_written && matches!(job, routes::Route::SearchFile(_))))
        .map(|(job, (path, _))| (*job, path))
        .collect();
    // What a reader sees first, then the rest (for a sink that asks: `serve`'s).
    let (todo, rest): (Vec<_>, Vec<_>) = if sink.wants_first() {
        todo.into_iter().partition(|(job, _)| first::comes_first(job, site, &plan, &touched))
    } else {
        (todo, Vec::new())
    };
    let one = |(job, path): (routes::Route, &String)| -> Result<()> {
        rendered.fetch_add(1, Ordering::Relaxed);
        // A PDF the store holds and the destination has already: kept, unmade and unread.
        if let routes::Route::BriefPdf(i) = job
            && renderer.pdf_kept(i, path, sink)?
        {
            return Ok(());
        }
        let bytes = renderer.bytes(job, path)?;
        sink_and_look(Output { path: path.clone(), bytes })
    };
    let pdfs = site.config.pdf.made();
    let run_all = |todo: Vec<(routes::Route, &String)>| -> Vec<Result<()>> {
        // A brief's page shows the size of its PDF: with PDFs, the pages come once everything
        // else (the PDFs among it) is made.
        let (later, first): (Vec<_>, Vec<_>) =
            todo.into_iter().partition(|(job, _)| pdfs && matches!(job, routes::Route::Brief(_)));
        let run = |list: Vec<(routes::Route, &String)>| -> Vec<Result<()>> { list.into_par_iter().map(&one).collect() };
        // PDFs are typeset on threads of their own, outside rayon's pool: Typst's own parallel
        // work inside a rayon task lets a waiting thread steal another PDF's task on top of
        // its stack, so in-flight PDFs piled up (20 GiB at 10,000 briefs) and stacks overflowed.
        let (pdf_jobs, first): (Vec<_>, Vec<_>) =
            first.into_iter().partition(|(job, _)| matches!(job, routes::Route::BriefPdf(_)));
        let mut results = run(first);
        results.extend(outside_pool(pdf_jobs, &one));
        results.extend(run(later));
        results
    };
    let mut results = run_all(todo);
    if !rest.is_empty() {
        if results.iter().all(Result::is_ok) {
            let later: Vec<&str> = rest.iter().map(|(_, path)| path.as_str()).collect();
            tracing::debug!(
                first_ms = (started.elapsed()).as_millis(),
                first = rendered.load(Ordering::Relaxed),
                later = later.len(),
                "first outputs made"
            );
            sink.first_done(&later, &removed);
        }
        results.extend(run_all(rest));
    }
    let (_, mut errors) = split_results(results);
    tracing::debug!(
        search_ms = searched.as_millis(),
        views_ms = (prepared - searched).as_millis(),
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
            .map(anchors::PendingAnchor::into_error),
    );
    Error::collect(errors)?;
    let fresh: rustc_hash::FxHashMap<String, u64> = fingerprints.into_iter().collect();
    let mut sizes = renderer.pdf_sizes.into_inner().unwrap_or_else(PoisonError::into_inner);
    sizes.retain(|path, _| fresh.contains_key(path));
    cache.pdf_sizes = sizes;
    cache.fingerprints = fresh;
    cache.templates = Some((global, templates));
    Ok(Changes { rendered: rendered.into_inner(), removed })
}

/// `work` done on each of `items` by as many threads as the machine has cores, each
/// taking the next item when it is done: threads of their own (with a large stack, as
/// Typst recurses deeply), not rayon's, so that what `work` does in parallel inside
/// rayon never stacks one item on another.
fn outside_pool<T: Send + Sync + Copy>(items: Vec<T>, work: &(dyn Fn(T) -> Result<()> + Sync)) -> Vec<Result<()>> {
    if items.is_empty() {
        return Vec::new();
    }
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(items.len());
    let results = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let spawned = std::thread::Builder::new().stack_size(64 << 20).spawn_scoped(scope, || {
                while let Some(&item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = work(item);
                    results.lock().unwrap_or_else(PoisonError::into_inner).push(result);
                }
            });
            if let Err(e) = spawned {
                results
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(Err(Error::Io { path: "PDF thread".into(), source: e }));
            }
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// The PDF at output `path` of `site`, if it is a brief's: typeset from the brief's body
/// (which `site` must hold, as `serve`'s does), or taken from `store`. `serve` makes its
/// PDFs this way, when they are asked for.
#[cfg(feature = "pdf")]
pub fn brief_pdf(site: &Site, path: &str, store: Option<&dyn PdfStore>) -> Option<Result<Vec<u8>>> {
    if !site.config.pdf.made() {
        return None;
    }
    let brief = site.briefs.iter().position(|b| routes::pdf_rel(&b.slug) == path)?;
    Some(blocks::Blocks::new(site).and_then(|blocks| pdf_of(site, brief, &blocks, store)))
}

/// The PDF of brief `i` of `site` (which must hold its body), with the site's callouts and
/// shortcodes `blocks` (made once for many PDFs): taken from `store` under the key a build
/// gives it, else typeset (and kept there).
#[cfg(feature = "pdf")]
pub fn pdf_of(site: &Site, i: usize, blocks: &blocks::Blocks, store: Option<&dyn PdfStore>) -> Result<Vec<u8>> {
    let brief = &site.briefs[i];
    // The key a build gives it, from the walk a build makes (a brief whose walk fails, which
    // a good build does not have, is typeset without the store).
    let kept = store.and_then(|store| {
        let (_, reads) = prepare::walk_brief(site, brief, &brief.body, blocks, false).ok()?;
        let brief_key = pdf_key::brief_key(site, brief, BriefKeys::meta_of(brief), &brief.body, &reads);
        Some((store, pdf_key::key(pdf_key::site_key(site), brief_key)))
    });
    pdf_job::made(site, brief, &brief.body, blocks, kept)
}

/// What every route is rendered from: the model, the templates, and the per-brief views and
/// keys [`prepare`] made.
pub(crate) struct Outputs<'a> {
    site: &'a Site,
    templates: &'a Templates,
    briefs: &'a [Arc<Rendered>],
    /// Where the briefs' bodies are read again when `briefs` were made without their HTML.
    bodies: Option<&'a dyn BodySource>,
    /// Callout kinds and shortcodes, for the briefs' HTML made from `bodies`.
    blocks: &'a blocks::Blocks,
    pages: &'a [Rendered],
    /// Each brief's summary view, in site order.
    summaries: &'a prepare::Summaries,
    /// Each taxonomy's view, in site order.
    taxonomies: &'a [Value],
    /// Each brief's keys, in site order.
    keys: &'a [BriefKeys],
    /// The files of the search index.
    search_files: &'a [&'a crate::search::SearchFile],
    /// Each taxonomy's key, in site order.
    taxonomy_keys: &'a [u64],
    /// Each standalone page's key, in site order.
    page_keys: &'a [u64],
    /// The site-wide key.
    global: u64,
    /// The layout of the outputs.
    plan: &'a Plan,
    /// Every route, in [`Plan::routes`] order.
    routes: &'a [routes::Route],
    /// The sitemap's URLs, made when a sitemap file is first rendered.
    sitemap: std::sync::OnceLock<Vec<(String, Option<crate::content::date::PartialDate>)>>,
    /// What the timeline's pages share, made when the first of them is fingerprinted.
    timeline: std::sync::OnceLock<timeline::Shared<'a>>,
    /// Where PDFs are kept across builds.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pdf_store: Option<&'a dyn PdfStore>,
    /// The site's part of every PDF's key ([`pdf_key::site_key`]; 0 without PDFs).
    pdf_site_key: u128,
    /// The size of each brief's PDF, by path: of the last render, and of those made now.
    pdf_sizes: Mutex<rustc_hash::FxHashMap<String, usize>>,
}

impl<'a> Outputs<'a> {
    /// Brief `i`'s summary view, as a template value.
    pub(crate) fn summary(&self, i: usize) -> Value {
        match self.summaries {
            prepare::Summaries::Held(values) => Value::clone(&values[i]),
            prepare::Summaries::Made(minutes) => Value::from_serializable(&context::BriefSummaryView::with_minutes(
                self.site,
                &self.site.briefs[i],
                minutes[i],
            )),
        }
    }

    /// The summary views of `briefs`, as one template list.
    pub(crate) fn summary_list(&self, briefs: impl Iterator<Item = usize>) -> Value {
        Value::from(briefs.map(|i| self.summary(i)).collect::<Vec<_>>())
    }

    /// The site-relative path of brief `i`'s PDF and its size in bytes (none when PDFs are
    /// made only when asked for, and this one was not).
    pub(crate) fn pdf_link(&self, i: usize) -> Option<(String, Option<usize>)> {
        if !self.site.config.pdf.made() {
            return None;
        }
        let rel = routes::pdf_rel(&self.site.briefs[i].slug);
        let size = self.pdf_sizes.lock().unwrap_or_else(PoisonError::into_inner).get(&rel).copied();
        Some((rel, size))
    }

    /// Brief `i`'s rendered markdown with its HTML: as prepared, or, when the prepare left
    /// the HTML out, rendered now from the body read again (the same walk, so the outline
    /// and ids are those prepared).
    pub(crate) fn full(&self, i: usize) -> Result<std::borrow::Cow<'a, Rendered>> {
        let prepared: &'a Rendered = &self.briefs[i];
        let Some(bodies) = self.bodies else {
            return Ok(std::borrow::Cow::Borrowed(prepared));
        };
        let site = self.site;
        let brief = &site.briefs[i];
        let body = bodies.body(brief)?;
        let (rendered, _) = prepare::walk_brief(site, brief, &body, self.blocks, true)
            .map_err(|_| Error::content(&brief.path, 0, 0, "the file changed while the site was being built"))?;
        Ok(std::borrow::Cow::Owned(rendered))
    }
}

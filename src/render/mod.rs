//! `render`: from the site model to the bytes of every output file, in memory.
//!
//! Guarantees: touches no disk (so `serve` can keep a build in memory and `check` can run
//! the whole pipeline); outputs sorted by path; all errors of all pages collected; the
//! result depends only on the model, never on thread count or the clock.

pub mod assets;
pub mod cite;
pub mod context;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod templates;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::error::{Error, Result};
use crate::model::Site;
use crate::model::permalink::{self, output_file};
use crate::model::taxonomy::{Taxonomy, Term};
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

/// One HTML page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    BriefsPage(usize),
    Brief(usize),
    Summaries,
    Timeline,
    Taxonomy(usize),
    Term(usize, usize),
    Page(usize),
    Search,
    NotFound,
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
    let ctx = LinkContext { links: &site.links, permalinks: &site.permalinks };
    let briefs: Vec<Result<Rendered>> = site
        .briefs
        .par_iter()
        .map(|b| {
            markdown::render_markdown(&b.body, ctx)
                .map_err(|broken| link_errors(&b.path, &b.body, broken.into_iter().map(|l| (b.line_at(l.offset), l))))
        })
        .collect();
    let pages: Vec<Result<Rendered>> = site
        .pages
        .iter()
        .map(|p| {
            markdown::render_markdown(&p.body, ctx)
                .map_err(|broken| link_errors(&p.path, &p.body, broken.into_iter().map(|l| (p.line_at(l.offset), l))))
        })
        .collect();
    let (mut briefs, mut errors) = split_results(briefs);
    // Only the search index reads the plain text, and only its start: keep no more.
    for r in &mut briefs {
        let keep = feeds::clip(&r.text, feeds::SEARCH_TEXT_CHARS).len();
        r.text.truncate(keep);
        r.text.shrink_to_fit();
    }
    let (pages, page_errors) = split_results(pages);
    errors.extend(page_errors);
    Error::collect(errors)?;

    let site_view = SiteView::new(site);
    let templates = Templates::compile(&site.templates, &site_view, site.permalinks.base_path())?;
    // Views shared by many pages are built and converted to template values once; a
    // `tera::Value` clone is a reference count, so each list page only clones pointers.
    let summaries: Vec<Value> = BriefSummaryView::all(site, &briefs).par_iter().map(Value::from_serializable).collect();
    let taxonomy_views: Vec<Value> =
        site.taxonomies.iter().map(|t| Value::from_serializable(&TaxonomyView::new(site, t))).collect();

    let per_page = site.config.paginate_by;
    let list_pages = site.briefs.len().div_ceil(per_page).max(1);
    let mut jobs = vec![Job::Home, Job::Summaries, Job::Timeline, Job::Search, Job::NotFound];
    jobs.extend((1..=list_pages).map(Job::BriefsPage));
    jobs.extend((0..site.briefs.len()).map(Job::Brief));
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        jobs.extend((0..taxonomy.terms.len()).map(|k| Job::Term(t, k)));
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));

    // Anchors not among the target's heading ids may still be ids the theme adds: those
    // targets are looked at as they render.
    let pending = pending_anchors(site, &briefs, &pages);
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
    };
    let (rendered, data) = rayon::join(
        || {
            jobs.par_iter()
                .map(|job| renderer.render(*job, list_pages).and_then(sink_and_look))
                .collect::<Vec<Result<()>>>()
        },
        || data_outputs(site, &briefs, sink),
    );
    let (_, mut errors) = split_results(rendered);
    errors.extend(data.err());
    let found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    errors.extend(
        pending
            .into_iter()
            .filter(|p| !found.contains(&(p.output.clone(), p.anchor.clone())))
            .map(|p| p.into_error(site)),
    );
    Error::collect(errors)
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
fn link_errors(path: &Path, body: &str, broken: impl Iterator<Item = (usize, markdown::BrokenLink)>) -> Error {
    let errors = broken
        .map(|(line, link)| {
            let column = if line == 0 { 0 } else { column_at(body, link.offset) };
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
struct PendingAnchor<'a> {
    path: &'a Path,
    body: &'a str,
    offset: usize,
    file: &'a str,
    anchor: String,
    /// The output file of the target, where the theme may add the id.
    output: String,
    ids: &'a [String],
}

impl PendingAnchor<'_> {
    fn into_error(self, site: &Site) -> Error {
        let (line, column) = site_line(site, self.path, self.body, self.offset);
        let ids = self.ids;
        let hint = match crate::diagnostics::did_you_mean(&self.anchor, ids.iter().map(String::as_str)) {
            Some(id) => format!("did you mean `#{id}`?"),
            None if ids.is_empty() => format!("content/{} has no headings to link to", self.file),
            None => format!("the headings of content/{} have the ids: {}", self.file, ids.join(", ")),
        };
        Error::content(
            self.path,
            line,
            column,
            format!("internal link `@/{}#{}`: no heading with that id", self.file, self.anchor),
        )
        .with_hint(hint)
    }
}

/// Every `@/file.md#anchor` link whose anchor is not a heading id of its target.
fn pending_anchors<'a>(site: &'a Site, briefs: &'a [Rendered], pages: &'a [Rendered]) -> Vec<PendingAnchor<'a>> {
    let mut targets: HashMap<String, (&[String], String)> = HashMap::new();
    for (b, r) in site.briefs.iter().zip(briefs) {
        targets.insert(format!("briefs/{}", b.file_name), (&r.ids, output_file(&permalink::brief_rel(&b.slug))));
    }
    for (p, r) in site.pages.iter().zip(pages) {
        targets.insert(format!("pages/{}", p.file_name), (&r.ids, output_file(&format!("{}/", p.slug))));
    }
    let sources = site
        .briefs
        .iter()
        .zip(briefs)
        .map(|(b, r)| (b.path.as_path(), b.body.as_str(), r))
        .chain(site.pages.iter().zip(pages).map(|(p, r)| (p.path.as_path(), p.body.as_str(), r)));
    let mut pending = Vec::new();
    for (path, body, rendered) in sources {
        for link in &rendered.anchors {
            let Some((ids, output)) = targets.get(&link.file) else { continue };
            if ids.contains(&link.anchor) {
                continue;
            }
            pending.push(PendingAnchor {
                path,
                body,
                offset: link.offset,
                file: &link.file,
                anchor: link.anchor.clone(),
                output: output.clone(),
                ids,
            });
        }
    }
    pending
}

fn site_line(site: &Site, path: &Path, body: &str, offset: usize) -> (usize, usize) {
    let line = match site.briefs.iter().find(|b| b.path == path) {
        Some(b) => b.line_at(offset),
        None => site.pages.iter().find(|p| p.path == path).map_or(0, |p| p.line_at(offset)),
    };
    if line == 0 {
        return (0, 0);
    }
    (line, column_at(body, offset))
}

/// The 1-based column (in characters) of byte `offset` of `body`.
fn column_at(body: &str, offset: usize) -> usize {
    let before = body.get(..offset.min(body.len())).unwrap_or(body);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() + 1
}

struct PageRenderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    briefs: &'a [Rendered],
    pages: &'a [Rendered],
    /// Each brief's summary view, in site order.
    summaries: &'a [Value],
    /// Each taxonomy's view, in site order.
    taxonomies: &'a [Value],
}

impl PageRenderer<'_> {
    fn render(&self, job: Job, list_pages: usize) -> Result<Output> {
        let site = self.site;
        let c = &site.config;
        let mut ctx = Context::new();
        let (template, rel): (&str, String) = match job {
            Job::Home => {
                ctx.insert("page", &PageMeta::new(site, "home", "", &c.title, &c.description));
                let n = c.home_count.min(self.summaries.len());
                ctx.insert_value("briefs", Value::from(self.summaries[..n].to_vec()));
                ctx.insert_value("taxonomies", Value::from(self.taxonomies.to_vec()));
                ("index.html", String::new())
            }
            Job::BriefsPage(n) => {
                let rel = permalink::page_rel("briefs/", n);
                let title =
                    if n == 1 { "All briefs".to_owned() } else { format!("All briefs, page {n} of {list_pages}") };
                ctx.insert("page", &PageMeta::new(site, "briefs", &rel, &title, &c.description));
                let per = c.paginate_by;
                let end = (n * per).min(self.summaries.len());
                ctx.insert_value("briefs", Value::from(self.summaries[(n - 1) * per..end].to_vec()));
                ctx.insert("paginator", &PaginatorView::new(site, "briefs/", n, list_pages));
                ("briefs.html", rel)
            }
            Job::Brief(i) => {
                let b = &site.briefs[i];
                let rel = permalink::brief_rel(&b.slug);
                ctx.insert("page", &PageMeta::new(site, "brief", &rel, &b.title, &b.summary));
                ctx.insert("brief", &BriefView::new(site, self.briefs, i, self.summaries));
                ("brief.html", rel)
            }
            Job::Summaries => {
                let rel = "summaries/".to_owned();
                let description = "Every brief's summary and key points on one page.";
                ctx.insert("page", &PageMeta::new(site, "summaries", &rel, "Executive summaries", description));
                ctx.insert_value("briefs", Value::from(self.summaries.to_vec()));
                ("summaries.html", rel)
            }
            Job::Timeline => {
                let rel = "timeline/".to_owned();
                let description = "Events and publication dates of every brief, by year and month.";
                ctx.insert("page", &PageMeta::new(site, "timeline", &rel, "Timeline", description));
                ctx.insert("timeline", &TimelineView::new(site));
                ("timeline.html", rel)
            }
            Job::Taxonomy(t) => {
                let taxonomy = &site.taxonomies[t];
                let rel = format!("{}/", taxonomy.name);
                let description = format!("Briefs by {}.", taxonomy.singular.to_lowercase());
                ctx.insert("page", &PageMeta::new(site, "taxonomy", &rel, &taxonomy.title, &description));
                ctx.insert_value("taxonomy", self.taxonomies[t].clone());
                ("taxonomy.html", rel)
            }
            Job::Term(t, k) => {
                let taxonomy = &site.taxonomies[t];
                let term = &taxonomy.terms[k];
                let rel = permalink::term_rel(&taxonomy.name, &term.slug);
                let title = format!("{}: {}", taxonomy.singular, term.name);
                let description = format!("Briefs filed under {title}.");
                ctx.insert("page", &PageMeta::new(site, "term", &rel, &title, &description));
                ctx.insert_value("taxonomy", self.taxonomies[t].clone());
                ctx.insert("term", &TermView::new(site, taxonomy, term));
                let briefs: Vec<Value> = term.briefs.iter().map(|&i| self.summaries[i].clone()).collect();
                ctx.insert_value("briefs", Value::from(briefs));
                ("term.html", rel)
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                let rel = format!("{}/", p.slug);
                ctx.insert("page", &PageMeta::new(site, "page", &rel, &p.title, &p.description));
                ctx.insert("page_content", &PageView::new(site, i, &self.pages[i].html));
                ("page.html", rel)
            }
            Job::Search => {
                let rel = "search/".to_owned();
                let description = "Search the briefs by title, summary and text.";
                ctx.insert("page", &PageMeta::new(site, "search", &rel, "Search", description));
                ctx.insert("search_index_url", &site.permalinks.path("search-index.json"));
                ("search.html", rel)
            }
            Job::NotFound => {
                ctx.insert("page", &PageMeta::new(site, "404", "404.html", "Page not found", &c.description));
                ("404.html", "404.html".to_owned())
            }
        };
        let path = output_file(&rel);
        let html = self.templates.render(template, &ctx, &path)?;
        Ok(Output { path, bytes: html.into_bytes() })
    }
}

/// Feeds, sitemap, robots.txt, search index, citation files, timeline.json and the code
/// stylesheets, each handed to `sink` when made.
fn data_outputs(site: &Site, briefs: &[Rendered], sink: &(dyn Fn(Output) -> Result<()> + Sync)) -> Result<()> {
    let xml_error = |path: &str| {
        let path = path.to_owned();
        move |e: std::io::Error| Error::Io { path: path.into(), source: e }
    };
    let newest: Vec<usize> = (0..site.briefs.len().min(site.config.feed_limit)).collect();
    let spec = feeds::FeedSpec { title: &site.config.title, rel: "atom.xml", html_rel: "", briefs: &newest };
    sink(Output { path: "atom.xml".into(), bytes: feeds::atom(site, briefs, &spec).map_err(xml_error("atom.xml"))? })?;
    let terms: Vec<(&Taxonomy, &Term)> =
        site.taxonomies.iter().flat_map(|t| t.terms.iter().map(move |term| (t, term))).collect();
    terms
        .par_iter()
        .map(|(t, term)| {
            let html_rel = permalink::term_rel(&t.name, &term.slug);
            let rel = format!("{html_rel}atom.xml");
            let title = format!("{}: {} ({})", t.singular, term.name, site.config.title);
            // Like the site-wide feed, a term's feed carries its newest `feed_limit` briefs.
            let newest = &term.briefs[..term.briefs.len().min(site.config.feed_limit)];
            let spec = feeds::FeedSpec { title: &title, rel: &rel, html_rel: &html_rel, briefs: newest };
            let bytes = feeds::atom(site, briefs, &spec).map_err(xml_error(&rel))?;
            sink(Output { path: rel, bytes })
        })
        .collect::<Result<()>>()?;
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
    sink(Output {
        path: "sitemap.xml".into(),
        bytes: feeds::sitemap(site, &pages).map_err(xml_error("sitemap.xml"))?,
    })?;
    sink(Output { path: "robots.txt".into(), bytes: feeds::robots(site) })?;
    let index = feeds::search_index(site, briefs)
        .map_err(|e| Error::Io { path: "search-index.json".into(), source: e.into() })?;
    sink(Output { path: "search-index.json".into(), bytes: index })?;
    site.briefs
        .par_iter()
        .map(|b| {
            let c = cite::citation(site, b);
            let (bib, ris) = cite::citation_files(&b.slug);
            sink(Output { path: bib, bytes: c.bibtex.into_bytes() })?;
            sink(Output { path: ris, bytes: c.ris.into_bytes() })
        })
        .collect::<Result<()>>()?;
    let json = feeds::timeline_json(site).map_err(|e| Error::Io { path: "timeline.json".into(), source: e.into() })?;
    sink(Output { path: "timeline.json".into(), bytes: json })?;
    for (path, script) in assets::SCRIPTS {
        if !site.static_files.iter().any(|f| f.dest == path) {
            sink(Output { path: path.into(), bytes: script.as_bytes().to_vec() })?;
        }
    }
    sink(Output { path: "syntax-light.css".into(), bytes: highlight::stylesheet(false).into_bytes() })?;
    sink(Output { path: "syntax-dark.css".into(), bytes: highlight::stylesheet(true).into_bytes() })
}

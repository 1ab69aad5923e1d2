//! The bytes of every route: HTML pages through their template with their context, and
//! the files made without a template (feeds, sitemaps, JSON, citations, scripts).

use serde::Serialize;
use tera::{Context, Value};

use crate::content::date::PartialDate;
use crate::error::{Error, Result};
use crate::model::partition::Part;
use crate::model::permalink;
use crate::render::Outputs;
use crate::render::context::{BriefView, PageMeta, PageView, PaginatorView, TaxonomyView, TermView};
use crate::render::routes::{Plan, Route, page_count, page_range};
use crate::render::timeline::{self, TimelineView};
use crate::render::{assets, feeds, highlight, updates};

/// The `summaries` variable of `summaries.html`: where this page is among the parts.
#[derive(Debug, Serialize)]
struct SummariesView {
    /// `index` for `/summaries/`, `part` for a part.
    kind: &'static str,
    /// The part's name for readers ("2024", "March 2024, page 2 of 3").
    label: Option<String>,
    /// How many briefs the site has (on `/summaries/` only, so that a part shows only
    /// what its own briefs make).
    total: Option<usize>,
    /// Every year, newest first, with its parts.
    years: Vec<SummariesYear>,
    newer: Option<Link>,
    older: Option<Link>,
}

#[derive(Debug, Serialize)]
struct SummariesYear {
    year: i16,
    count: usize,
    url: String,
    parts: Vec<SummariesPartLink>,
}

#[derive(Debug, Serialize)]
struct SummariesPartLink {
    label: String,
    count: usize,
    url: String,
}

#[derive(Debug, Serialize)]
struct Link {
    label: String,
    url: String,
}

impl SummariesView {
    fn new(out: &Outputs<'_>, part: Option<usize>) -> SummariesView {
        let site = out.site;
        let plan: &Plan = out.plan;
        let url = |p: usize| site.permalinks.path(&plan.summaries_rel(p));
        let mut years: Vec<SummariesYear> = Vec::new();
        for (p, q) in plan.summaries.iter().enumerate() {
            if years.last().is_none_or(|y| y.year != q.year) {
                years.push(SummariesYear { year: q.year, count: 0, url: url(p), parts: Vec::new() });
            }
            if let Some(y) = years.last_mut() {
                y.count += q.len();
                if q.month.is_some() {
                    y.parts.push(SummariesPartLink { label: q.label(), count: q.len(), url: url(p) });
                }
            }
        }
        let link = |p: usize| plan.summaries.get(p).map(|q: &Part| Link { label: q.label(), url: url(p) });
        SummariesView {
            kind: if part.is_some() { "part" } else { "index" },
            label: part.map(|p| plan.summaries[p].label()),
            total: part.is_none().then_some(site.briefs.len()),
            years,
            newer: part.and_then(|p| p.checked_sub(1)).and_then(link),
            older: match part {
                Some(p) => link(p + 1),
                None => link(0),
            },
        }
    }
}

impl Outputs<'_> {
    /// The bytes of `route`, at `path`.
    pub(crate) fn bytes(&self, route: Route, path: &str) -> Result<Vec<u8>> {
        let site = self.site;
        let plan = self.plan;
        let xml = |r: std::io::Result<Vec<u8>>| r.map_err(|source| Error::Io { path: path.into(), source });
        let json = |r: serde_json::Result<Vec<u8>>| r.map_err(|e| Error::Io { path: path.into(), source: e.into() });
        match route {
            Route::Atom => {
                let newest: Vec<usize> = (0..site.briefs.len().min(site.config.feed_limit)).collect();
                let content: Vec<String> =
                    newest.iter().map(|&i| self.full(i).map(|r| r.html.clone())).collect::<Result<_>>()?;
                let spec = feeds::FeedSpec {
                    title: &site.config.title,
                    rel: "atom.xml",
                    html_rel: "",
                    briefs: &newest,
                    content: Some(&content),
                };
                xml(feeds::atom(site, &spec))
            }
            Route::TermFeed { taxonomy, term } => {
                let taxonomy = &site.taxonomies[taxonomy];
                let term = &taxonomy.terms[term];
                let html_rel = permalink::term_rel(&taxonomy.name, &term.slug);
                let title = format!("{}: {} ({})", taxonomy.singular, term.name, site.config.title);
                // Like the site-wide feed, a term's feed carries its newest `feed_limit` briefs,
                // but their summaries only: a site has hundreds of term feeds.
                let newest = &term.briefs[..term.briefs.len().min(site.config.feed_limit)];
                let spec =
                    feeds::FeedSpec { title: &title, rel: path, html_rel: &html_rel, briefs: newest, content: None };
                xml(feeds::atom(site, &spec))
            }
            Route::Sitemap if plan.sitemap_parts > 1 => {
                let parts: Vec<String> =
                    (1..=plan.sitemap_parts).map(|n| Route::SitemapPart(n).path(site, plan)).collect();
                xml(feeds::sitemap_index(site, &parts))
            }
            Route::Sitemap => xml(feeds::sitemap(site, self.sitemap_urls())),
            Route::SitemapPart(n) => {
                let urls = self.sitemap_urls();
                let per = site.config.sitemap_limit;
                xml(feeds::sitemap(site, &urls[page_range(n, per, urls.len())]))
            }
            Route::Robots => Ok(feeds::robots(site)),
            Route::UpdatesFeed => xml(updates::atom(site, plan)),
            Route::SearchFile(k) => Ok(self.search_files[k].bytes.clone()),
            Route::TimelineJsonIndex => json(timeline::json_index(site, plan)),
            Route::BriefSources(i) => json(serde_json::to_vec_pretty(&self.sources(i))),
            Route::BriefPdf(i) => self.pdf(i, path),
            Route::TimelineJsonPart(p) => json(timeline::json_part(site, plan, p)),
            Route::Script(k) => Ok(assets::SCRIPTS[k].1.as_bytes().to_vec()),
            Route::SyntaxCss { dark } => Ok(highlight::stylesheet(dark).into_bytes()),
            Route::Alias(k) => Ok(super::aliases::page(self.site, &self.plan.aliases[k])),
            Route::Home
            | Route::BriefList { .. }
            | Route::Brief(_)
            | Route::SummariesIndex
            | Route::SummariesPart(_)
            | Route::TimelineIndex
            | Route::TimelinePart(_)
            | Route::TermList(_)
            | Route::Term { .. }
            | Route::Page(_)
            | Route::Updates { .. }
            | Route::Search
            | Route::NotFound => self.page(route, path).map(String::into_bytes),
        }
    }

    /// Every URL of the sitemap, with the date it last changed when known, in route order
    /// (made once a render, for the sitemap and each of its parts).
    fn sitemap_urls(&self) -> &[(String, Option<PartialDate>)] {
        self.sitemap.get_or_init(|| {
            let site = self.site;
            self.routes
                .iter()
                .filter(|r| r.in_sitemap())
                .filter_map(|r| {
                    let lastmod = match *r {
                        Route::Brief(i) => Some(site.briefs[i].updated.unwrap_or(site.briefs[i].date)),
                        _ => None,
                    };
                    r.url_rel(site, self.plan).map(|rel| (rel, lastmod))
                })
                .collect()
        })
    }

    /// What every page of the timeline reads (made once a render).
    pub(crate) fn timeline(&self) -> &timeline::Shared<'_> {
        self.timeline.get_or_init(|| timeline::Shared::new(self.site, self.plan))
    }

    /// Brief `i`'s PDF, at `path`: kept in the PDF store under its key, else typeset (and
    /// kept); its size noted for the brief's page.
    #[cfg(feature = "pdf")]
    fn pdf(&self, i: usize, path: &str) -> Result<Vec<u8>> {
        let brief = &self.site.briefs[i];
        let store = self.pdf_store.map(|s| (s, self.pdf_key(i)));
        let bytes = match store.and_then(|(s, key)| s.get(key)) {
            Some(bytes) => bytes,
            None => {
                let body = match self.bodies {
                    Some(bodies) => std::borrow::Cow::Owned(bodies.body(brief)?),
                    None => std::borrow::Cow::Borrowed(brief.body.as_str()),
                };
                crate::render::pdf_job::made(self.site, brief, &body, self.blocks, store)?
            }
        };
        self.note_pdf_size(path, bytes.len() as u64);
        Ok(bytes)
    }

    /// Whether brief `i`'s PDF, at `path`, is one the store holds and `sink` already has,
    /// and so was kept by it (neither typeset nor read); its size noted for the page.
    pub(crate) fn pdf_kept(&self, i: usize, path: &str, sink: &dyn crate::render::Sink) -> Result<bool> {
        let Some(known) = self.pdf_store.and_then(|s| s.known(self.pdf_key(i))) else {
            return Ok(false);
        };
        let kept = sink.keep(path, known)?;
        if kept {
            self.note_pdf_size(path, known.size);
        }
        Ok(kept)
    }

    /// The key of brief `i`'s PDF.
    pub(crate) fn pdf_key(&self, i: usize) -> u128 {
        crate::render::pdf_key::key(self.pdf_site_key, self.keys[i].pdf)
    }

    fn note_pdf_size(&self, path: &str, size: u64) {
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        self.pdf_sizes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_owned(), size);
    }

    /// Without the `pdf` feature there are no PDF routes.
    #[cfg(not(feature = "pdf"))]
    fn pdf(&self, _i: usize, path: &str) -> Result<Vec<u8>> {
        Err(Error::Io { path: path.into(), source: std::io::Error::other("built without the pdf feature") })
    }

    /// Brief `i`'s cited sources, as CSL-JSON.
    fn sources(&self, i: usize) -> serde_json::Value {
        let keys = &self.briefs[i].citations.keys;
        match self.site.briefs[i].references.as_deref() {
            Some(bib) => crate::render::csl_json::items(&bib.library, keys),
            None => serde_json::Value::Array(Vec::new()),
        }
    }

    /// The HTML of page `route`, at `path`.
    fn page(&self, route: Route, path: &str) -> Result<String> {
        let site = self.site;
        let plan = self.plan;
        let c = &site.config;
        let mut ctx = Context::new();
        let Some(template) = route.template() else {
            return Err(Error::Io { path: path.into(), source: std::io::Error::other("not a page") });
        };
        // A brief's or page's `template:` (checked to exist by `chosen`).
        let template = match route {
            Route::Brief(i) => site.briefs[i].template.as_ref().map_or(template, |(t, _)| t.as_str()),
            Route::Page(i) => site.pages[i].template.as_ref().map_or(template, |(t, _)| t.as_str()),
            _ => template,
        };
        match route {
            Route::Home => {
                ctx.insert("page", &PageMeta::new(site, "home", "", &c.title, &c.description));
                let n = c.home_count.min(site.briefs.len());
                ctx.insert_value("briefs", self.summary_list(0..n));
                ctx.insert_value("taxonomies", Value::from(self.taxonomies.to_vec()));
            }
            Route::BriefList { page } => {
                let list_pages = plan.list_pages;
                let rel = permalink::page_rel("briefs/", page);
                let title = if page == 1 {
                    "All briefs".to_owned()
                } else {
                    format!("All briefs, page {page} of {list_pages}")
                };
                ctx.insert("page", &PageMeta::new(site, "briefs", &rel, &title, &c.description));
                let range = page_range(page, c.paginate_by, site.briefs.len());
                ctx.insert_value("briefs", self.summary_list(range));
                ctx.insert("paginator", &PaginatorView::new(site, "briefs/", page, list_pages));
            }
            Route::Brief(i) => {
                let b = &site.briefs[i];
                let rel = permalink::brief_rel(&b.slug);
                let rendered = self.full(i)?;
                let meta = PageMeta::new(site, "brief", &rel, &b.title, b.published_summary())
                    .with_extra(&b.extra)
                    .with_code_in(&rendered.html);
                ctx.insert("page", &meta);
                let at = b.events.first().and_then(|e| plan.timeline_rel_at(e.date));
                let related = site.related[i].iter().map(|&j| self.summary(j)).collect();
                let pdf = self.pdf_link(i).map(|(rel, size)| {
                    crate::render::cite::PdfLink::new(site.permalinks.absolute(&rel), site.permalinks.path(&rel), size)
                });
                let view = BriefView::new(site, &rendered, i, related)
                    .with_timeline_url(at.map(|rel| site.permalinks.path(&rel)))
                    .with_pdf(site, i, pdf);
                ctx.insert("brief", &view);
            }
            Route::SummariesIndex => {
                let description = "Every brief's summary and key points, newest first, by year and month.";
                ctx.insert("page", &PageMeta::new(site, "summaries", "summaries/", "Executive summaries", description));
                let n = c.paginate_by.min(site.briefs.len());
                ctx.insert_value("briefs", self.summary_list(0..n));
                ctx.insert("summaries", &SummariesView::new(self, None));
            }
            Route::SummariesPart(p) => {
                let part = &plan.summaries[p];
                let label = part.label();
                let rel = plan.summaries_rel(p);
                let title = format!("Executive summaries: {label}");
                let description = format!("The summary and key points of every brief of {label}.");
                ctx.insert("page", &PageMeta::new(site, "summaries", &rel, &title, &description));
                ctx.insert_value("briefs", self.summary_list(part.items.clone()));
                ctx.insert("summaries", &SummariesView::new(self, Some(p)));
            }
            Route::TimelineIndex => {
                let description = "Events and publication dates of every brief, by year and month.";
                ctx.insert("page", &PageMeta::new(site, "timeline", "timeline/", "Timeline", description));
                ctx.insert("timeline", &TimelineView::overview(site, plan, self.timeline()));
            }
            Route::TimelinePart(p) => {
                let label = plan.timeline[p].label();
                let rel = plan.timeline_rel(p);
                let title = format!("Timeline: {label}");
                let description = format!("Events and publication dates of the briefs, {label}.");
                ctx.insert("page", &PageMeta::new(site, "timeline", &rel, &title, &description));
                ctx.insert("timeline", &TimelineView::part(site, plan, p, self.timeline()));
            }
            Route::TermList(t) => {
                let taxonomy = &site.taxonomies[t];
                let rel = format!("{}/", taxonomy.name);
                let description = format!("Briefs by {}.", taxonomy.singular.to_lowercase());
                ctx.insert("page", &PageMeta::new(site, "taxonomy", &rel, &taxonomy.title, &description));
                ctx.insert_value("taxonomy", self.taxonomies[t].clone());
            }
            Route::Term { taxonomy: t, term: k, page } => {
                let taxonomy = &site.taxonomies[t];
                let term = &taxonomy.terms[k];
                let term_rel = permalink::term_rel(&taxonomy.name, &term.slug);
                let per = c.paginate_by;
                let total = page_count(term.briefs.len(), per);
                let name = format!("{}: {}", taxonomy.singular, term.name);
                let description = format!("Briefs filed under {name}.");
                let title = if page == 1 { name } else { format!("{name}, page {page} of {total}") };
                let rel = permalink::page_rel(&term_rel, page);
                ctx.insert("page", &PageMeta::new(site, "term", &rel, &title, &description));
                ctx.insert("taxonomy", &TaxonomyView::head(site, taxonomy));
                ctx.insert("term", &TermView::new(site, taxonomy, term));
                let briefs = term.briefs[page_range(page, per, term.briefs.len())].iter().copied();
                ctx.insert_value("briefs", self.summary_list(briefs));
                ctx.insert("paginator", &PaginatorView::new(site, &term_rel, page, total));
            }
            Route::Page(i) => {
                let p = &site.pages[i];
                let rel = p.rel.clone();
                let meta = PageMeta::new(site, "page", &rel, &p.title, &p.description)
                    .with_extra(&p.extra)
                    .with_code_in(&self.pages[i].html);
                ctx.insert("page", &meta);
                ctx.insert("page_content", &PageView::new(site, i, &self.pages[i].html));
            }
            Route::Updates { page } => updates::page_context(site, plan, page, &mut ctx),
            Route::Search => {
                let description = "Search the briefs by title, summary and text.";
                ctx.insert("page", &PageMeta::new(site, "search", "search/", "Search", description));
                crate::search::site::page_context(site, &mut ctx);
            }
            Route::NotFound => {
                ctx.insert("page", &PageMeta::new(site, "404", "404.html", "Page not found", &c.description));
            }
            Route::TimelineJsonIndex
            | Route::BriefSources(_)
            | Route::BriefPdf(_)
            | Route::TimelineJsonPart(_)
            | Route::TermFeed { .. }
            | Route::UpdatesFeed
            | Route::SearchFile(_)
            | Route::Atom
            | Route::Sitemap
            | Route::SitemapPart(_)
            | Route::Robots
            | Route::Script(_)
            | Route::SyntaxCss { .. }
            | Route::Alias(_) => {
                return Err(Error::Io { path: path.into(), source: std::io::Error::other("not a page") });
            }
        }
        self.templates.render(template, &ctx, path)
    }
}

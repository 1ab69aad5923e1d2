//! Every file a build writes, as data: one [`Route`] per output, with its path, its
//! template and whether it is in the sitemap, each decided by one exhaustive `match`.
//!
//! Adding a variant is a compile error until every place that handles routes does:
//! [`Route::path`], [`Route::template`], [`Route::in_sitemap`], the fingerprint
//! ([`super::fingerprint`]) and the bytes ([`super::pages`]). None of those matches has a
//! catch-all arm.

use crate::model::Site;
use crate::model::partition::Part;
use crate::model::permalink::{self, output_file};
use crate::render::{aliases, assets, collisions};

/// One output file of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`: the newest briefs and the taxonomies.
    Home,
    /// Page `page` (1-based) of `/briefs/`.
    BriefList {
        /// 1-based page number.
        page: usize,
    },
    /// A brief's page, by index into the site's briefs.
    Brief(usize),
    /// A brief's cited sources as CSL-JSON (`briefs/<slug>/<slug>.json`), for a brief that
    /// cites something.
    BriefSources(usize),
    /// A brief's PDF (`briefs/<slug>/<slug>.pdf`), by index into the site's briefs.
    BriefPdf(usize),
    /// `/summaries/`: the newest summaries and every part, by year.
    SummariesIndex,
    /// One part of the summaries (a year, a month, or a page of a month).
    SummariesPart(usize),
    /// `/timeline/`: years and months with counts, drawn from counts.
    TimelineIndex,
    /// One part of the timeline.
    TimelinePart(usize),
    /// `timeline.json`: the list of the timeline's parts.
    TimelineJsonIndex,
    /// One part of the timeline as JSON.
    TimelineJsonPart(usize),
    /// A taxonomy's list of terms.
    TermList(usize),
    /// Page `page` of a term of a taxonomy.
    Term {
        /// Index into the site's taxonomies.
        taxonomy: usize,
        /// Index into that taxonomy's terms.
        term: usize,
        /// 1-based page number.
        page: usize,
    },
    /// A term's Atom feed.
    TermFeed {
        /// Index into the site's taxonomies.
        taxonomy: usize,
        /// Index into that taxonomy's terms.
        term: usize,
    },
    /// Page `page` (1-based) of `/updates/`: every non-minor change note, newest first.
    Updates {
        /// 1-based page number.
        page: usize,
    },
    /// `updates.xml`: the Atom feed of the change notes.
    UpdatesFeed,
    /// A standalone page.
    Page(usize),
    /// `/search/`.
    Search,
    /// File `k` of the search index (by index into [`Plan::search`]).
    SearchFile(usize),
    /// `404.html`.
    NotFound,
    /// The site's Atom feed.
    Atom,
    /// `sitemap.xml`: the sitemap itself, or an index of its parts when it has several.
    Sitemap,
    /// Part `n` (1-based) of a sitemap too large for one file.
    SitemapPart(usize),
    /// `robots.txt`.
    Robots,
    /// A built-in script, by index into [`assets::SCRIPTS`].
    Script(usize),
    /// The stylesheet of highlighted code.
    SyntaxCss {
        /// The dark variant.
        dark: bool,
    },
    /// A page at an old URL of a brief or page, by index into [`Plan::aliases`].
    Alias(usize),
}

/// How the site's outputs are laid out: the partitions of its site-wide views.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Pages of `/briefs/`.
    pub list_pages: usize,
    /// The summaries' parts, newest first, over the briefs (newest first).
    pub summaries: Vec<Part>,
    /// The timeline's parts, newest first, over the entries newest first.
    pub timeline: Vec<Part>,
    /// How many files the sitemap takes (1: no index).
    pub sitemap_parts: usize,
    /// The paths of the search index's files (none until [`Plan::with_search`]).
    pub search: Vec<String>,
    /// The old URLs of briefs and pages ([`aliases::list`]).
    pub aliases: Vec<aliases::Alias>,
    /// The briefs that cite sources (none until [`Plan::with_citing`]).
    pub citing: Vec<usize>,
    /// Every non-minor change note of the site, newest first.
    pub updates: Vec<crate::model::updates::UpdateRef>,
    /// Pages of `/updates/`.
    pub update_pages: usize,
    /// The first timeline part of each (year, month) of a year split by month, and of each
    /// year kept whole (month -1).
    timeline_at: std::collections::HashMap<(i16, i8), usize>,
}

impl Plan {
    /// The layout of `site`'s outputs.
    pub fn new(site: &Site) -> Plan {
        let c = &site.config;
        let summaries = crate::model::partition::partition(site.briefs.iter().map(|b| b.date), c.summaries_per_page);
        let timeline =
            crate::model::partition::partition(site.timeline.entries.iter().rev().map(|e| e.date), c.timeline_per_page);
        let updates = crate::model::updates::site_updates(&site.briefs);
        let mut plan = Plan {
            list_pages: page_count(site.briefs.len(), c.paginate_by),
            // A theme without the template (one older than change notes) gets no `/updates/`
            // pages; `updates.xml` needs no template.
            update_pages: match site.templates.iter().any(|t| t.name == crate::render::templates::UPDATES) {
                true => page_count(updates.len(), c.paginate_by),
                false => 0,
            },
            updates,
            summaries,
            timeline,
            sitemap_parts: 1,
            search: Vec::new(),
            aliases: aliases::list(site),
            citing: Vec::new(),
            timeline_at: std::collections::HashMap::new(),
        };
        for (p, part) in plan.timeline.iter().enumerate() {
            plan.timeline_at.entry((part.year, part.month.unwrap_or(-1))).or_insert(p);
        }
        let urls = plan.routes(site).iter().filter(|r| r.in_sitemap()).count();
        plan.sitemap_parts = urls.div_ceil(c.sitemap_limit.max(1)).max(1);
        plan
    }

    /// The plan with the search index's files.
    pub fn with_search(mut self, paths: Vec<String>) -> Plan {
        self.search = paths;
        self
    }

    /// The plan with the briefs that cite sources (by index, in site order).
    pub fn with_citing(mut self, briefs: Vec<usize>) -> Plan {
        self.citing = briefs;
        self
    }

    /// Every route of `site`.
    pub fn routes(&self, site: &Site) -> Vec<Route> {
        let per_page = site.config.paginate_by;
        let mut routes = vec![Route::Home, Route::SummariesIndex, Route::TimelineIndex, Route::Search, Route::NotFound];
        routes.extend((1..=self.list_pages).map(|page| Route::BriefList { page }));
        routes.extend((0..site.briefs.len()).map(Route::Brief));
        routes.extend(self.citing.iter().copied().map(Route::BriefSources));
        if site.config.pdf.made() {
            routes.extend((0..site.briefs.len()).map(Route::BriefPdf));
        }
        routes.extend((0..self.summaries.len()).map(Route::SummariesPart));
        routes.extend((0..self.timeline.len()).flat_map(|p| [Route::TimelinePart(p), Route::TimelineJsonPart(p)]));
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            routes.push(Route::TermList(t));
            for (k, term) in taxonomy.terms.iter().enumerate() {
                routes.extend((1..=page_count(term.briefs.len(), per_page)).map(|page| Route::Term {
                    taxonomy: t,
                    term: k,
                    page,
                }));
            }
            routes.extend((0..taxonomy.terms.len()).map(|k| Route::TermFeed { taxonomy: t, term: k }));
        }
        routes.extend((0..site.pages.len()).map(Route::Page));
        routes.extend((0..self.aliases.len()).map(Route::Alias));
        routes.extend((1..=self.update_pages).map(|page| Route::Updates { page }));
        routes.push(Route::UpdatesFeed);
        routes.extend([Route::Atom, Route::Sitemap, Route::TimelineJsonIndex]);
        // A static robots.txt, script or syntax stylesheet stands in for the generated one.
        let replaced = |path: &str| collisions::static_at(site, path).is_some();
        if !replaced("robots.txt") {
            routes.push(Route::Robots);
        }
        routes.extend((0..self.search.len()).map(Route::SearchFile));
        if self.sitemap_parts > 1 {
            routes.extend((1..=self.sitemap_parts).map(Route::SitemapPart));
        }
        routes.extend(
            assets::SCRIPTS.iter().enumerate().filter(|(_, (path, _))| !replaced(path)).map(|(k, _)| Route::Script(k)),
        );
        routes.extend(
            [(collisions::SYNTAX_CSS[0], false), (collisions::SYNTAX_CSS[1], true)]
                .into_iter()
                .filter(|(path, _)| !replaced(path))
                .map(|(_, dark)| Route::SyntaxCss { dark }),
        );
        routes
    }

    /// The site-relative URL of summaries part `p` (a folder).
    pub fn summaries_rel(&self, p: usize) -> String {
        format!("summaries/{}", self.summaries[p].rel())
    }

    /// The site-relative URL of timeline part `p` (a folder).
    pub fn timeline_rel(&self, p: usize) -> String {
        format!("timeline/{}", self.timeline[p].rel())
    }

    /// The site-relative URL of the timeline at `date`: the part holding its month (its
    /// first page) and the month's anchor.
    pub fn timeline_rel_at(&self, date: crate::content::date::PartialDate) -> Option<String> {
        let month = date.month.unwrap_or(0);
        let at = |m| self.timeline_at.get(&(date.year, m)).copied();
        let p = at(month).or_else(|| at(-1))?;
        let anchor = if month == 0 { date.year.to_string() } else { format!("{}-{month:02}", date.year) };
        Some(format!("{}#{anchor}", self.timeline_rel(p)))
    }

    /// The site-relative path of timeline part `p` as JSON.
    pub fn timeline_json_rel(&self, p: usize) -> String {
        format!("timeline/{}.json", self.timeline[p].name())
    }
}

impl Route {
    /// The output path, relative to the output folder.
    pub fn path(&self, site: &Site, plan: &Plan) -> String {
        match *self {
            Route::Home => output_file(""),
            Route::BriefList { page } => output_file(&permalink::page_rel("briefs/", page)),
            Route::Brief(i) => output_file(&permalink::brief_rel(&site.briefs[i].slug)),
            Route::BriefSources(i) => {
                let slug = &site.briefs[i].slug;
                format!("{}{slug}.json", permalink::brief_rel(slug))
            }
            Route::BriefPdf(i) => pdf_rel(&site.briefs[i].slug),
            Route::SummariesIndex => output_file("summaries/"),
            Route::SummariesPart(p) => output_file(&plan.summaries_rel(p)),
            Route::TimelineIndex => output_file("timeline/"),
            Route::TimelinePart(p) => output_file(&plan.timeline_rel(p)),
            Route::TimelineJsonIndex => "timeline.json".to_owned(),
            Route::TimelineJsonPart(p) => plan.timeline_json_rel(p),
            Route::TermList(t) => output_file(&format!("{}/", site.taxonomies[t].name)),
            Route::Term { taxonomy, term, page } => {
                let taxonomy = &site.taxonomies[taxonomy];
                output_file(&permalink::page_rel(
                    &permalink::term_rel(&taxonomy.name, &taxonomy.terms[term].slug),
                    page,
                ))
            }
            Route::TermFeed { taxonomy, term } => {
                let taxonomy = &site.taxonomies[taxonomy];
                format!("{}atom.xml", permalink::term_rel(&taxonomy.name, &taxonomy.terms[term].slug))
            }
            Route::Page(i) => output_file(&site.pages[i].rel),
            Route::Updates { page } => output_file(&permalink::page_rel("updates/", page)),
            Route::UpdatesFeed => "updates.xml".to_owned(),
            Route::Search => output_file("search/"),
            Route::SearchFile(k) => plan.search[k].clone(),
            Route::NotFound => "404.html".to_owned(),
            Route::Atom => "atom.xml".to_owned(),
            Route::Sitemap => "sitemap.xml".to_owned(),
            Route::SitemapPart(n) => format!("sitemap-{n}.xml"),
            Route::Robots => "robots.txt".to_owned(),
            Route::Script(k) => assets::SCRIPTS[k].0.to_owned(),
            Route::SyntaxCss { dark: false } => "syntax-light.css".to_owned(),
            Route::SyntaxCss { dark: true } => "syntax-dark.css".to_owned(),
            Route::Alias(k) => plan.aliases[k].path.clone(),
        }
    }

    /// The template that renders it; `None` for files made without one (feeds, data).
    pub fn template(&self) -> Option<&'static str> {
        match self {
            Route::Home => Some("index.html"),
            Route::BriefList { .. } => Some("briefs.html"),
            Route::Brief(_) => Some("brief.html"),
            Route::SummariesIndex | Route::SummariesPart(_) => Some("summaries.html"),
            Route::TimelineIndex | Route::TimelinePart(_) => Some("timeline.html"),
            Route::TermList(_) => Some("taxonomy.html"),
            Route::Term { .. } => Some("term.html"),
            Route::Page(_) => Some("page.html"),
            Route::Updates { .. } => Some(crate::render::templates::UPDATES),
            Route::Search => Some("search.html"),
            Route::NotFound => Some("404.html"),
            Route::TimelineJsonIndex
            | Route::TimelineJsonPart(_)
            | Route::TermFeed { .. }
            | Route::BriefSources(_)
            | Route::BriefPdf(_)
            | Route::UpdatesFeed
            | Route::SearchFile(_)
            | Route::Atom
            | Route::Sitemap
            | Route::SitemapPart(_)
            | Route::Robots
            | Route::Script(_)
            | Route::SyntaxCss { .. }
            | Route::Alias(_) => None,
        }
    }

    /// Whether the page belongs in the sitemap: every HTML page a reader would land on,
    /// not the further pages of a paginated list, nor the 404 page.
    pub fn in_sitemap(&self) -> bool {
        match self {
            Route::Home
            | Route::Brief(_)
            | Route::SummariesIndex
            | Route::SummariesPart(_)
            | Route::TimelineIndex
            | Route::TimelinePart(_)
            | Route::TermList(_)
            | Route::Page(_)
            | Route::Search => true,
            Route::BriefList { page } | Route::Term { page, .. } | Route::Updates { page } => *page == 1,
            Route::NotFound
            | Route::TimelineJsonIndex
            | Route::TimelineJsonPart(_)
            | Route::TermFeed { .. }
            | Route::BriefSources(_)
            | Route::BriefPdf(_)
            | Route::UpdatesFeed
            | Route::SearchFile(_)
            | Route::Atom
            | Route::Sitemap
            | Route::SitemapPart(_)
            | Route::Robots
            | Route::Script(_)
            | Route::SyntaxCss { .. }
            | Route::Alias(_) => false,
        }
    }

    /// The folder URL of an HTML route, for the sitemap and canonical links (`None` for
    /// files).
    pub fn url_rel(&self, site: &Site, plan: &Plan) -> Option<String> {
        let path = self.path(site, plan);
        path.strip_suffix("index.html").map(str::to_owned).filter(|_| self.template().is_some())
    }
}

/// The output path of the PDF of the brief with `slug`.
pub fn pdf_rel(slug: &str) -> String {
    format!("{}{slug}.pdf", permalink::brief_rel(slug))
}

/// How many pages a list of `len` items takes at `per` a page (at least one).
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per.max(1)).max(1)
}

/// The items of page `n` (1-based) of a list of `len` items at `per` a page.
pub fn page_range(n: usize, per: usize, len: usize) -> std::ops::Range<usize> {
    ((n - 1) * per).min(len)..(n * per).min(len)
}

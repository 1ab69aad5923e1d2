//! Borrowed views of the model for templates (`docs/themes.md` documents them): templates
//! never see the model itself, and views copy nothing they can borrow.

use serde::Serialize;

use crate::config::Party;
use crate::content::date::PartialDate;
use crate::content::front_matter::{Author, Source};
use crate::content::{Brief, Page};
use crate::model::Site;
use crate::model::nav::NavLink;
use crate::model::permalink;
use crate::model::taxonomy::{Taxonomy, Term};
use crate::render::cite::{self, Citation};
use crate::render::markdown::{Rendered, TocEntry};

/// The global `site` variable.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    tagline: &'a str,
    language: &'a str,
    licence: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    publisher: &'a Party,
    author: &'a Party,
    taxonomies: Vec<TaxonomyLink<'a>>,
    pages: Vec<StandaloneLink<'a>>,
    /// `site.yaml`'s `nav:` (empty without it).
    nav: &'a [NavLink],
    /// Without `nav:`: the pages the navigation lists (`nav: false` left out), by weight.
    nav_pages: Vec<StandaloneLink<'a>>,
    generator: String,
    /// `site.yaml`'s `extra:`.
    extra: &'a Extra,
}

/// A standalone page, for navigation.
#[derive(Debug, Serialize)]
struct StandaloneLink<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
}

impl<'a> StandaloneLink<'a> {
    fn new(site: &Site, p: &'a Page) -> StandaloneLink<'a> {
        StandaloneLink { title: &p.title, slug: &p.slug, url: site.permalinks.path(&p.rel) }
    }
}

#[derive(Debug, Serialize)]
struct TaxonomyLink<'a> {
    name: &'a str,
    title: &'a str,
    singular: &'a str,
    url: String,
}

impl<'a> SiteView<'a> {
    /// The view of `site`'s configuration.
    pub fn new(site: &'a Site) -> SiteView<'a> {
        let c = &site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            tagline: &c.tagline,
            language: &c.language,
            licence: &c.licence,
            base_url: site.permalinks.base_url(),
            base_path: site.permalinks.base_path(),
            publisher: &c.publisher,
            author: &c.author,
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink {
                    name: &t.name,
                    title: &t.title,
                    singular: &t.singular,
                    url: site.permalinks.path(&format!("{}/", t.name)),
                })
                .collect(),
            pages: site.pages.iter().map(|p| StandaloneLink::new(site, p)).collect(),
            nav: site.nav.as_deref().unwrap_or_default(),
            nav_pages: site.nav_pages.iter().map(|&i| StandaloneLink::new(site, &site.pages[i])).collect(),
            generator: format!("Chancery {}", env!("CARGO_PKG_VERSION")),
            extra: &c.extra,
        }
    }
}

/// The `page` variable: what this output is.
#[derive(Debug, Serialize)]
pub struct PageMeta<'a> {
    /// Page kind (`brief`, `timeline`...).
    pub kind: &'static str,
    /// For `<title>`.
    pub title: &'a str,
    /// For the meta description.
    pub description: &'a str,
    /// Root-relative URL.
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// The `extra:` of a brief's or page's front-matter (empty elsewhere).
    pub extra: &'a Extra,
    /// Whether it shows highlighted code (a theme links the syntax stylesheets only then).
    pub code: bool,
}

/// Free-form `extra:` values.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// No `extra:` values.
static NO_EXTRA: std::sync::LazyLock<Extra> = std::sync::LazyLock::new(Extra::new);

impl<'a> PageMeta<'a> {
    /// Meta of the page at site-relative `rel`.
    pub fn new(site: &Site, kind: &'static str, rel: &str, title: &'a str, description: &'a str) -> PageMeta<'a> {
        let (path, permalink) = (site.permalinks.path(rel), site.permalinks.absolute(rel));
        PageMeta { kind, title, description, path, permalink, extra: &NO_EXTRA, code: false }
    }

    /// With `code` set when `html`, its body, has a highlighted code block.
    pub fn with_code_in(self, html: &str) -> PageMeta<'a> {
        PageMeta { code: crate::render::highlight::has_code(html), ..self }
    }

    /// With the `extra:` values of its brief or page.
    pub fn with_extra(self, extra: &'a Extra) -> PageMeta<'a> {
        PageMeta { extra, ..self }
    }
}

/// A date, both ways.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    iso: String,
    display: String,
    year: i16,
}

impl From<PartialDate> for DateView {
    fn from(d: PartialDate) -> DateView {
        DateView { iso: d.iso(), display: d.to_string(), year: d.year }
    }
}

/// A link to a term.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    name: &'a str,
    slug: String,
    url: String,
}

/// A brief's terms in one taxonomy.
#[derive(Debug, Serialize)]
pub struct BriefTerms<'a> {
    name: &'a str,
    title: &'a str,
    terms: Vec<TermLink<'a>>,
}

/// A brief in lists.
#[derive(Debug, Serialize)]
pub struct BriefSummaryView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
    date: DateView,
    updated: Option<DateView>,
    summary: &'a str,
    key_points: &'a [String],
    taxonomies: Vec<BriefTerms<'a>>,
    reading_minutes: usize,
    draft: bool,
}

impl<'a> BriefSummaryView<'a> {
    /// The summary view of brief `b`, whose body rendered to `r`.
    pub fn new(site: &'a Site, b: &'a Brief, r: &Rendered) -> BriefSummaryView<'a> {
        BriefSummaryView::with_minutes(site, b, r.reading_minutes())
    }

    /// The summary view of brief `b`, read in `reading_minutes`.
    pub fn with_minutes(site: &'a Site, b: &'a Brief, reading_minutes: usize) -> BriefSummaryView<'a> {
        let rel = permalink::brief_rel(&b.slug);
        let taxonomies = site
            .taxonomies
            .iter()
            .filter_map(|t| {
                let names = b.taxonomies.get(&t.name).filter(|n| !n.is_empty())?;
                let terms = names
                    .iter()
                    .map(|name| {
                        let slug = crate::content::terms::term_slug(name);
                        let url = site.permalinks.path(&permalink::term_rel(&t.name, &slug));
                        TermLink { name, slug, url }
                    })
                    .collect();
                Some(BriefTerms { name: &t.name, title: &t.title, terms })
            })
            .collect();
        BriefSummaryView {
            title: &b.title,
            slug: &b.slug,
            url: site.permalinks.path(&rel),
            permalink: site.permalinks.absolute(&rel),
            date: b.date.into(),
            updated: b.updated.map(DateView::from),
            summary: &b.summary,
            key_points: &b.key_points,
            taxonomies,
            reading_minutes,
            draft: b.draft,
        }
    }
}

/// A dated event of a brief.
#[derive(Debug, Serialize)]
struct EventView<'a> {
    date: DateView,
    title: &'a str,
}

/// A change note of a brief.
#[derive(Debug, Serialize)]
pub struct UpdateView<'a> {
    date: DateView,
    note: &'a str,
    minor: bool,
}

impl<'a> From<&'a crate::content::publication::Update> for UpdateView<'a> {
    fn from(u: &'a crate::content::publication::Update) -> UpdateView<'a> {
        UpdateView { date: u.date.into(), note: &u.note, minor: u.minor }
    }
}

/// The `brief` of `brief.html`.
#[derive(Debug, Serialize)]
pub struct BriefView<'a> {
    #[serde(flatten)]
    summary: BriefSummaryView<'a>,
    word_count: usize,
    content: &'a str,
    toc: &'a [TocEntry],
    authors: &'a [Author],
    source: Option<&'a Source>,
    events: Vec<EventView<'a>>,
    related: Vec<tera::Value>,
    /// Change notes, newest first (minor ones too, marked).
    updates: Vec<UpdateView<'a>>,
    doi: Option<&'a str>,
    /// `https://doi.org/<doi>`.
    doi_url: Option<String>,
    report_number: Option<&'a str>,
    series: Option<&'a str>,
    citation: Citation,
    json_ld: String,
    /// Where its first event is on the timeline (a part's URL and the month's anchor).
    timeline_url: Option<String>,
    /// Its front-matter's `extra:`.
    extra: &'a Extra,
    /// The keys it cites.
    #[serde(skip)]
    cited: &'a [String],
    /// The URL of its cited sources as CSL-JSON, when it cites something.
    sources_url: Option<String>,
    /// Its PDF, when the site makes them.
    pdf: Option<cite::PdfLink>,
}

impl<'a> BriefView<'a> {
    /// Sets its PDF (and so the `encoding` of its JSON-LD).
    pub fn with_pdf(mut self, site: &Site, i: usize, pdf: Option<cite::PdfLink>) -> BriefView<'a> {
        if pdf.is_some() {
            let b = &site.briefs[i];
            self.json_ld = cite::json_ld_full(site, b, self.cited, pdf.as_ref());
        }
        self.pdf = pdf;
        self
    }

    /// Sets where its first event is on the timeline.
    pub fn with_timeline_url(mut self, url: Option<String>) -> BriefView<'a> {
        self.timeline_url = url;
        self
    }

    /// The full view of brief `i`, whose body rendered to `r`; `related` are the summary
    /// views of its related briefs, as template values.
    pub fn new(site: &'a Site, r: &'a Rendered, i: usize, related: Vec<tera::Value>) -> BriefView<'a> {
        let b = &site.briefs[i];
        BriefView {
            summary: BriefSummaryView::new(site, b, r),
            word_count: r.word_count,
            content: &r.html,
            toc: &r.toc,
            authors: &b.authors,
            source: b.source.as_ref(),
            events: b.events.iter().map(|e| EventView { date: e.date.into(), title: &e.title }).collect(),
            related,
            updates: b.updates.iter().map(UpdateView::from).collect(),
            doi: b.doi.as_deref(),
            doi_url: b.doi.as_deref().map(crate::content::publication::doi_url),
            report_number: b.report_number.as_deref(),
            series: b.series.as_deref(),
            citation: cite::citation(site, b),
            json_ld: cite::json_ld_citing(site, b, &r.citations.keys),
            cited: &r.citations.keys,
            pdf: None,
            timeline_url: None,
            extra: &b.extra,
            sources_url: (!r.citations.keys.is_empty()).then(|| {
                site.permalinks.path(&format!("{}{}.json", crate::model::permalink::brief_rel(&b.slug), b.slug))
            }),
        }
    }
}

/// A taxonomy with its terms.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    singular: &'a str,
    url: String,
    /// Left out on term pages, which show one term: a term page does not change when
    /// another term gains or loses a brief.
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<Vec<TermView<'a>>>,
}

/// A term with its count.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    feed_url: String,
}

impl<'a> TermView<'a> {
    /// The view of `term` of `taxonomy`.
    pub fn new(site: &Site, taxonomy: &Taxonomy, term: &'a Term) -> TermView<'a> {
        let rel = permalink::term_rel(&taxonomy.name, &term.slug);
        TermView {
            name: &term.name,
            slug: &term.slug,
            url: site.permalinks.path(&rel),
            count: term.briefs.len(),
            feed_url: site.permalinks.path(&format!("{rel}atom.xml")),
        }
    }
}

impl<'a> TaxonomyView<'a> {
    /// The view of `taxonomy`.
    pub fn new(site: &Site, taxonomy: &'a Taxonomy) -> TaxonomyView<'a> {
        let terms = taxonomy.terms.iter().map(|t| TermView::new(site, taxonomy, t)).collect();
        TaxonomyView { terms: Some(terms), ..TaxonomyView::head(site, taxonomy) }
    }

    /// The view of `taxonomy` without its terms, for a term page.
    pub fn head(site: &Site, taxonomy: &'a Taxonomy) -> TaxonomyView<'a> {
        TaxonomyView {
            name: &taxonomy.name,
            title: &taxonomy.title,
            singular: &taxonomy.singular,
            url: site.permalinks.path(&format!("{}/", taxonomy.name)),
            terms: None,
        }
    }
}

/// The `paginator` of `briefs.html`.
#[derive(Debug, Serialize)]
pub struct PaginatorView {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// A numbered page link; `gap_before` when the pages before it in the list are not all
/// listed (a theme shows an ellipsis there).
#[derive(Debug, Serialize)]
struct PageLink {
    number: usize,
    url: String,
    gap_before: bool,
}

/// How many pages on each side of the current one the paginator lists.
const PAGE_WINDOW: usize = 2;

impl PaginatorView {
    /// Page `current` (1-based) of `total` pages of the list at `rel`. It links the first
    /// and last pages and those within two of the current one, so each page carries a
    /// handful of links however long the list (all of them would make the whole list
    /// quadratic in size).
    pub fn new(site: &Site, rel: &str, current: usize, total: usize) -> PaginatorView {
        let url = |n: usize| site.permalinks.path(&permalink::page_rel(rel, n));
        let pages = page_window(current, total)
            .into_iter()
            .map(|(number, gap_before)| PageLink { number, url: url(number), gap_before })
            .collect();
        PaginatorView {
            current,
            total,
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        }
    }
}

/// The page numbers a paginator lists, each with whether pages are left out before it.
fn page_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    let near = current.saturating_sub(PAGE_WINDOW).max(1)..=(current + PAGE_WINDOW).min(total);
    let mut numbers: Vec<usize> = vec![1];
    numbers.extend(near);
    numbers.push(total);
    numbers.sort_unstable();
    numbers.dedup();
    numbers.retain(|&n| (1..=total).contains(&n));
    let mut last = 0;
    numbers
        .into_iter()
        .map(|n| {
            let gap = n > last + 1;
            last = n;
            (n, gap)
        })
        .collect()
}

/// The `page_content` of `page.html`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    content: &'a str,
    description: &'a str,
    extra: &'a Extra,
}

impl<'a> PageView<'a> {
    /// The view of page `i` with its rendered body.
    pub fn new(site: &'a Site, i: usize, html: &'a str) -> PageView<'a> {
        let p = &site.pages[i];
        PageView {
            title: &p.title,
            slug: &p.slug,
            url: site.permalinks.path(&p.rel),
            content: html,
            description: &p.description,
            extra: &p.extra,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_list_a_window_of_pages_with_gaps() {
        let numbers = |current, total| page_window(current, total);
        assert_eq!(numbers(1, 1), vec![(1, false)]);
        assert_eq!(numbers(2, 3), vec![(1, false), (2, false), (3, false)]);
        assert_eq!(numbers(1, 500), vec![(1, false), (2, false), (3, false), (500, true)]);
        assert_eq!(
            numbers(250, 500),
            vec![(1, false), (248, true), (249, false), (250, false), (251, false), (252, false), (500, true)]
        );
        assert_eq!(numbers(4, 6), (1..=6).map(|n| (n, false)).collect::<Vec<_>>());
        assert!((1..=5000).all(|c| numbers(c, 5000).len() <= 7), "a handful of links on every page");
    }
}

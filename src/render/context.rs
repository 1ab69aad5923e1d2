//! Borrowed views of the model for templates (`docs/themes.md` documents them): templates
//! never see the model itself, and views copy nothing they can borrow.

use serde::Serialize;

use crate::config::Party;
use crate::content::Brief;
use crate::content::date::PartialDate;
use crate::content::front_matter::{Author, Source};
use crate::model::Site;
use crate::model::permalink;
use crate::model::taxonomy::{Taxonomy, Term};
use crate::model::timeline::EntryKind;
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
    generator: String,
}

/// A standalone page, for navigation.
#[derive(Debug, Serialize)]
struct StandaloneLink<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
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
            pages: site
                .pages
                .iter()
                .map(|p| StandaloneLink {
                    title: &p.title,
                    slug: &p.slug,
                    url: site.permalinks.path(&format!("{}/", p.slug)),
                })
                .collect(),
            generator: format!("Chancery {}", env!("CARGO_PKG_VERSION")),
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
}

impl<'a> PageMeta<'a> {
    /// Meta of the page at site-relative `rel`.
    pub fn new(site: &Site, kind: &'static str, rel: &str, title: &'a str, description: &'a str) -> PageMeta<'a> {
        PageMeta { kind, title, description, path: site.permalinks.path(rel), permalink: site.permalinks.absolute(rel) }
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
            reading_minutes: r.reading_minutes(),
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
    related: Vec<&'a tera::Value>,
    citation: Citation,
    json_ld: String,
}

impl<'a> BriefView<'a> {
    /// The full view of brief `i`, whose body rendered to `r`; `summaries` are every brief's
    /// summary view as a template value (for the related briefs).
    pub fn new(site: &'a Site, r: &'a Rendered, i: usize, summaries: &'a [tera::Value]) -> BriefView<'a> {
        let b = &site.briefs[i];
        BriefView {
            summary: BriefSummaryView::new(site, b, r),
            word_count: r.word_count,
            content: &r.html,
            toc: &r.toc,
            authors: &b.authors,
            source: b.source.as_ref(),
            events: b.events.iter().map(|e| EventView { date: e.date.into(), title: &e.title }).collect(),
            related: site.related[i].iter().map(|&j| &summaries[j]).collect(),
            citation: cite::citation(site, b),
            json_ld: cite::json_ld(site, b),
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
    terms: Vec<TermView<'a>>,
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
        TaxonomyView {
            name: &taxonomy.name,
            title: &taxonomy.title,
            singular: &taxonomy.singular,
            url: site.permalinks.path(&format!("{}/", taxonomy.name)),
            terms: taxonomy.terms.iter().map(|t| TermView::new(site, taxonomy, t)).collect(),
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

/// The `timeline` variable.
#[derive(Debug, Serialize)]
pub struct TimelineView<'a> {
    filter: Option<TimelineFilter<'a>>,
    years: Vec<YearView<'a>>,
    first: Option<String>,
    last: Option<String>,
    axis: Axis<'a>,
}

#[derive(Debug, Serialize)]
struct YearView<'a> {
    year: i16,
    months: Vec<MonthView<'a>>,
}

#[derive(Debug, Serialize)]
struct MonthView<'a> {
    month: i8,
    name: &'static str,
    label: String,
    id: String,
    entries: Vec<EntryView<'a>>,
}

/// One timeline entry.
#[derive(Debug, Serialize)]
pub struct EntryView<'a> {
    date: DateView,
    title: &'a str,
    kind: EntryKind,
    brief: BriefLink<'a>,
    terms: Vec<&'a str>,
}

/// The taxonomy the timeline can be narrowed by (`topics`, else the first one).
#[derive(Debug, Serialize)]
struct TimelineFilter<'a> {
    name: &'a str,
    title: &'a str,
    singular: &'a str,
    terms: Vec<FilterTerm<'a>>,
}

#[derive(Debug, Serialize)]
struct FilterTerm<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

#[derive(Debug, Serialize)]
struct BriefLink<'a> {
    title: &'a str,
    url: String,
}

/// Positions for an SVG time axis, computed at build time.
#[derive(Debug, Serialize)]
struct Axis<'a> {
    width: u32,
    height: u32,
    ticks: Vec<Tick>,
    marks: Vec<Mark<'a>>,
}

#[derive(Debug, Serialize)]
struct Tick {
    x: f64,
    label: String,
}

#[derive(Debug, Serialize)]
struct Mark<'a> {
    x: f64,
    kind: EntryKind,
    title: String,
    terms: Vec<&'a str>,
}

const AXIS_WIDTH: u32 = 800;
const AXIS_HEIGHT: u32 = 60;
const AXIS_MARGIN: f64 = 24.0;

impl<'a> TimelineView<'a> {
    /// Entries grouped by year (newest first) and month (oldest first inside a year).
    pub fn new(site: &'a Site) -> TimelineView<'a> {
        let entries = &site.timeline.entries;
        let taxonomy = site.taxonomies.iter().find(|t| t.name == "topics").or_else(|| site.taxonomies.first());
        // Term slugs of each brief in the filter taxonomy, by brief index.
        let mut terms_of: Vec<Vec<&'a str>> = vec![Vec::new(); site.briefs.len()];
        if let Some(t) = taxonomy {
            for term in &t.terms {
                for &i in &term.briefs {
                    terms_of[i].push(&term.slug);
                }
            }
        }
        let mut years: Vec<YearView<'a>> = Vec::new();
        for e in entries {
            let b = &site.briefs[e.brief];
            let view = EntryView {
                date: e.date.into(),
                title: &e.title,
                kind: e.kind,
                brief: BriefLink { title: &b.title, url: site.permalinks.path(&permalink::brief_rel(&b.slug)) },
                terms: terms_of[e.brief].clone(),
            };
            let month = e.date.month.unwrap_or(0);
            if years.last().is_none_or(|y| y.year != e.date.year) {
                years.push(YearView { year: e.date.year, months: Vec::new() });
            }
            let Some(year) = years.last_mut() else { continue };
            if year.months.last().is_none_or(|m| m.month != month) {
                let name = e.date.month_name().unwrap_or("");
                let (label, id) = if month == 0 {
                    (format!("{}", e.date.year), format!("{}", e.date.year))
                } else {
                    (format!("{name} {}", e.date.year), format!("{}-{month:02}", e.date.year))
                };
                year.months.push(MonthView { month, name, label, id, entries: Vec::new() });
            }
            if let Some(m) = year.months.last_mut() {
                m.entries.push(view);
            }
        }
        years.reverse();
        let filter = taxonomy.filter(|t| !t.terms.is_empty()).map(|t| TimelineFilter {
            name: &t.name,
            title: &t.title,
            singular: &t.singular,
            terms: t
                .terms
                .iter()
                .map(|term| FilterTerm {
                    name: &term.name,
                    slug: &term.slug,
                    url: site.permalinks.path(&permalink::term_rel(&t.name, &term.slug)),
                    count: term.briefs.len(),
                })
                .collect(),
        });
        TimelineView {
            filter,
            years,
            first: entries.first().map(|e| e.date.iso()),
            last: entries.last().map(|e| e.date.iso()),
            axis: axis(site, &terms_of),
        }
    }
}

/// Ticks at each year start and a mark per entry, scaled to the axis width.
fn axis<'a>(site: &Site, terms_of: &[Vec<&'a str>]) -> Axis<'a> {
    let entries = &site.timeline.entries;
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Axis { width: AXIS_WIDTH, height: AXIS_HEIGHT, ticks: Vec::new(), marks: Vec::new() };
    };
    let start = f64::from(first.date.year);
    let end = f64::from(last.date.year) + 1.0;
    let span = f64::from(AXIS_WIDTH) - 2.0 * AXIS_MARGIN;
    let x = |t: f64| ((AXIS_MARGIN + (t - start) / (end - start) * span) * 10.0).round() / 10.0;
    let ticks = (first.date.year..=last.date.year.saturating_add(1))
        .map(|y| Tick { x: x(f64::from(y)), label: y.to_string() })
        .collect();
    let marks = entries
        .iter()
        .map(|e| Mark {
            x: x(e.date.as_year_fraction()),
            kind: e.kind,
            title: format!("{}: {}", e.date, e.title),
            terms: terms_of[e.brief].clone(),
        })
        .collect();
    Axis { width: AXIS_WIDTH, height: AXIS_HEIGHT, ticks, marks }
}

/// The `page_content` of `page.html`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    content: &'a str,
    description: &'a str,
}

impl<'a> PageView<'a> {
    /// The view of page `i` with its rendered body.
    pub fn new(site: &'a Site, i: usize, html: &'a str) -> PageView<'a> {
        let p = &site.pages[i];
        PageView {
            title: &p.title,
            slug: &p.slug,
            url: site.permalinks.path(&format!("{}/", p.slug)),
            content: html,
            description: &p.description,
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

//! Which outputs of a rebuild a reader sees first: those that show what the change touched.
//!
//! `serve` puts a rebuild online as soon as these are made and makes the rest right after,
//! holding back any request for one of the rest until it is made (see
//! [`crate::incremental::Session::on_first`]). A change to one brief of a large site changes
//! hundreds of outputs that do not show it: the further pages of every list it shifted by
//! one place, the pages of briefs whose related briefs changed, the sitemap. The editor
//! looks at the brief, the lists' first pages, the parts of the summaries and of the
//! timeline of its months, and the pages of the lists it is on or left (a page whose dates,
//! reaching to the pages beside it, hold the brief's date before or after the change; for
//! term pages, of its terms only); those are made first.
//!
//! Guarantees: this is an order, nothing more: the same outputs are made by the same
//! rebuild with the same bytes either way; each kind of route is placed by one exhaustive
//! `match` ([`comes_first`]), so a new kind of output must say where it goes.

use std::ops::Range;

use rustc_hash::FxHashSet;

use crate::content::Brief;
use crate::content::date::PartialDate;
use crate::content::terms::term_slug;
use crate::model::Site;
use crate::model::partition::Part;
use crate::render::routes::{Plan, Route, page_range};

/// What a change touched: the briefs it made or changed, and the months they stand in,
/// now and before.
#[derive(Debug, Clone, Default)]
pub struct Touched {
    /// Every output comes first (nothing to go by: a first render, or one without a cache).
    everything: bool,
    /// New or changed briefs, by index into the site's briefs.
    briefs: FxHashSet<usize>,
    /// The (year, month) of every date those briefs show (0: no month) and of the briefs
    /// removed or changed, as they were.
    months: FxHashSet<(i16, i8)>,
    /// Those briefs' own dates, now and before: a list page whose dates span one may have
    /// held a brief that is gone from it.
    dates: Vec<PartialDate>,
    /// Their terms, now and before, as (taxonomy, term slug).
    terms: FxHashSet<(String, String)>,
}

/// Where a brief shows on the site's lists: what [`Touched`] needs of a brief once it has
/// changed or gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Its date.
    date: PartialDate,
    /// The (year, month) of every date it shows (its date, its updates, its events),
    /// sorted, each once; month 0 for a date without one.
    months: Vec<(i16, i8)>,
    /// Its terms, as (taxonomy, term slug).
    terms: Vec<(String, String)>,
}

impl Shown {
    /// Where `b` shows.
    pub fn of(b: &Brief) -> Shown {
        let dates = std::iter::once(b.date)
            .chain(b.updated)
            .chain(b.updates.iter().map(|u| u.date))
            .chain(b.events.iter().map(|e| e.date));
        let mut months: Vec<(i16, i8)> = dates.map(|d| (d.year, d.month.unwrap_or(0))).collect();
        months.sort_unstable();
        months.dedup();
        let terms = b
            .taxonomies
            .iter()
            .flat_map(|(taxonomy, names)| names.iter().map(|n| (taxonomy.clone(), term_slug(n))))
            .collect();
        Shown { date: b.date, months, terms }
    }
}

impl Touched {
    /// A change that touched everything (every output comes first).
    pub fn everything() -> Touched {
        Touched { everything: true, ..Touched::default() }
    }

    /// Notes brief `i` as new or changed, showing where `shown` says.
    pub fn brief(&mut self, i: usize, shown: Option<&Shown>) {
        self.briefs.insert(i);
        self.was(shown);
    }

    /// Notes where a brief showed, as it was before it changed or went (nothing known:
    /// nothing noted).
    pub fn was(&mut self, shown: Option<&Shown>) {
        let Some(shown) = shown else { return };
        self.months.extend(shown.months.iter().copied());
        self.dates.push(shown.date);
        self.terms.extend(shown.terms.iter().cloned());
    }

    /// Whether `part` (of the summaries or of the timeline) holds a touched month.
    fn shows(&self, part: &Part) -> bool {
        match part.month {
            None => self.months.iter().any(|(year, _)| *year == part.year),
            Some(m) => self.months.contains(&(part.year, m)),
        }
    }

    /// Whether the page holding `range` of a list of `len` briefs (`brief_at` gives each
    /// one's index into `site`'s briefs, newest first) shows or showed a touched brief: it
    /// holds one, or a touched date falls between the neighbours of its first and last
    /// brief (a brief that left it, or the page it joined: the dates the page covers reach
    /// to the pages beside it, and the last page to the oldest date).
    fn lists(&self, site: &Site, brief_at: &dyn Fn(usize) -> usize, len: usize, range: Range<usize>) -> bool {
        if range.clone().any(|k| self.briefs.contains(&brief_at(k))) {
            return true;
        }
        let date = |k: usize| site.briefs[brief_at(k)].date;
        let newer = range.start.checked_sub(1).map(date);
        let older = (range.end < len).then(|| date(range.end));
        self.dates.iter().any(|d| newer.is_none_or(|n| *d <= n) && older.is_none_or(|o| *d >= o))
    }
}

/// Whether `route` comes first after a change that touched `touched`.
pub fn comes_first(route: &Route, site: &Site, plan: &Plan, touched: &Touched) -> bool {
    if touched.everything {
        return true;
    }
    let per_page = site.config.paginate_by;
    match *route {
        // Overviews, feeds, the search index and anything small and site-wide.
        Route::Home
        | Route::SummariesIndex
        | Route::TimelineIndex
        | Route::TimelineJsonIndex
        | Route::TermList(_)
        | Route::TermFeed { .. }
        | Route::UpdatesFeed
        | Route::Page(_)
        | Route::Search
        | Route::SearchFile(_)
        | Route::NotFound
        | Route::Atom
        | Route::Robots
        | Route::Script(_)
        | Route::SyntaxCss { .. }
        | Route::Alias(_) => true,
        Route::Brief(i) | Route::BriefSources(i) | Route::BriefPdf(i) => touched.briefs.contains(&i),
        Route::BriefList { page } => {
            let len = site.briefs.len();
            page == 1 || touched.lists(site, &|k| k, len, page_range(page, per_page, len))
        }
        Route::Updates { page } => page == 1,
        Route::SummariesPart(p) => touched.shows(&plan.summaries[p]),
        Route::TimelinePart(p) | Route::TimelineJsonPart(p) => touched.shows(&plan.timeline[p]),
        Route::Term { taxonomy, term, page } => {
            let taxonomy = &site.taxonomies[taxonomy];
            let term = &taxonomy.terms[term];
            let key = (taxonomy.name.clone(), term.slug.clone());
            let len = term.briefs.len();
            page == 1
                || (touched.terms.contains(&key)
                    && touched.lists(site, &|k| term.briefs[k], len, page_range(page, per_page, len)))
        }
        // Read by crawlers, not by the editor.
        Route::Sitemap | Route::SitemapPart(_) => false,
    }
}

//! The timeline, partitioned: the `timeline` template variable of the overview page
//! (years and months with counts, a strip drawn from counts) and of each part (its entries,
//! newest first, with a strip of marks), and `timeline.json` as an index of parts plus one
//! JSON file per part.
//!
//! Guarantees: every entry is in exactly one part; parts and the entries in them run newest
//! first (months too); what a part shows depends only on its own entries and the names of
//! the parts, so its fingerprint covers exactly that.

use serde::Serialize;

use crate::content::date::PartialDate;
use crate::model::Site;
use crate::model::partition::Part;
use crate::model::permalink;
use crate::model::taxonomy::Taxonomy;
use crate::model::timeline::{Entry, EntryKind};
use crate::render::cache::hash_of;
use crate::render::context::DateView;
use crate::render::routes::Plan;

/// The taxonomy the timeline can be narrowed by (`topics`, else the first one).
fn filter_taxonomy(site: &Site) -> Option<&Taxonomy> {
    site.taxonomies.iter().find(|t| t.name == "topics").or_else(|| site.taxonomies.first())
}

/// What the filter shows: its taxonomy's names and its terms' names and slugs (not their
/// counts, so adding a brief does not change every part).
pub(crate) fn filter_key(site: &Site) -> u64 {
    filter_taxonomy(site).map_or(0, |t| {
        hash_of(&(&t.name, &t.title, &t.singular, t.terms.iter().map(|k| (&k.name, &k.slug)).collect::<Vec<_>>()))
    })
}

/// The entries of a part, newest first.
pub(crate) fn part_entries<'s>(site: &'s Site, part: &Part) -> impl Iterator<Item = &'s Entry> + use<'s> {
    let n = site.timeline.entries.len();
    let entries = &site.timeline.entries;
    part.items.clone().map(move |pos| &entries[n - 1 - pos])
}

/// What every page of the timeline reads, made once a render: the filter terms of each
/// brief, each year's count for every filter term, and the outline a part shows (years and
/// links, no counts).
pub(crate) struct Shared<'a> {
    /// For each brief, the indices of its terms in the filter taxonomy.
    term_of: Vec<Vec<usize>>,
    /// The filter taxonomy's term slugs, by index.
    slugs: Vec<&'a str>,
    /// For each year (newest first), how many entries each filter term has: what the
    /// overview shows when narrowed.
    pub(crate) counts: Vec<(i16, Vec<(usize, usize)>)>,
    /// What a part shows of the other years.
    part_outline: Vec<OutlineYear>,
}

impl<'a> Shared<'a> {
    /// The shared parts of `site`'s timeline laid out by `plan`.
    pub(crate) fn new(site: &'a Site, plan: &Plan) -> Shared<'a> {
        let taxonomy = filter_taxonomy(site);
        let mut term_of: Vec<Vec<usize>> = vec![Vec::new(); site.briefs.len()];
        let slugs: Vec<&'a str> =
            taxonomy.map(|t| t.terms.iter().map(|k| k.slug.as_str()).collect()).unwrap_or_default();
        for (k, term) in taxonomy.into_iter().flat_map(|t| t.terms.iter()).enumerate() {
            for &i in &term.briefs {
                term_of[i].push(k);
            }
        }
        let mut years: Vec<(i16, Vec<usize>)> = Vec::new();
        for part in &plan.timeline {
            if years.last().is_none_or(|(y, _)| *y != part.year) {
                years.push((part.year, vec![0; slugs.len()]));
            }
            let Some((_, counts)) = years.last_mut() else { continue };
            for e in part_entries(site, part) {
                for &k in &term_of[e.brief] {
                    counts[k] += 1;
                }
            }
        }
        let counts = years
            .into_iter()
            .map(|(y, counts)| (y, counts.into_iter().enumerate().filter(|&(_, n)| n > 0).collect()))
            .collect();
        // A part links to every year but shows no counts: it changes only with its entries.
        let part_outline = outline(site, plan, &[], &slugs)
            .into_iter()
            .map(|y| OutlineYear { count: 0, months: Vec::new(), term_counts: String::new(), ..y })
            .collect();
        Shared { term_of, slugs, counts, part_outline }
    }

    /// The filter terms of brief `i`, as slugs.
    fn terms(&self, i: usize) -> Vec<&'a str> {
        self.term_of[i].iter().map(|&k| self.slugs[k]).collect()
    }
}

/// The `timeline` variable of the overview and of each part.
#[derive(Debug, Serialize)]
pub struct TimelineView<'a> {
    /// `overview` or `part`.
    kind: &'static str,
    filter: Option<TimelineFilter<'a>>,
    /// The part's entries by year and month (empty on the overview).
    years: Vec<YearView<'a>>,
    first: Option<String>,
    last: Option<String>,
    /// The part's strip: a mark per entry (none on the overview).
    axis: Axis<'a>,
    /// Every year with its months and counts, newest first.
    outline: Vec<OutlineYear>,
    /// The overview's strip: a bar per year, drawn from counts.
    bars: Vec<Bar>,
    /// How many entries the whole timeline has.
    total: usize,
    /// The part this page is (none on the overview).
    part: Option<PartView>,
    /// The newer and older parts.
    newer: Option<PartLink>,
    older: Option<PartLink>,
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
struct EntryView<'a> {
    date: DateView,
    title: &'a str,
    kind: EntryKind,
    /// An update's change note.
    note: Option<&'a str>,
    brief: BriefLink<'a>,
    terms: Vec<&'a str>,
}

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
    /// How many entries the marks stand for.
    entries: usize,
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
    #[serde(skip)]
    date: PartialDate,
    x: f64,
    kind: EntryKind,
    /// How many entries of this kind on this date the mark stands for.
    count: usize,
    /// `15 April 2022: <the entry's title>`, or for several `15 April 2022: 3 events`.
    title: String,
    /// The terms of any of its entries' briefs, sorted, each once.
    terms: Vec<&'a str>,
}

/// A year of the outline, with the URL of its first part and its months.
#[derive(Debug, Clone, Serialize)]
struct OutlineYear {
    year: i16,
    count: usize,
    url: String,
    months: Vec<OutlineMonth>,
    /// `slug=count` pairs, space-separated: the year's count for each filter term.
    term_counts: String,
}

#[derive(Debug, Clone, Serialize)]
struct OutlineMonth {
    label: String,
    count: usize,
    url: String,
}

/// A bar of the overview strip: one year.
#[derive(Debug, Serialize)]
struct Bar {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    year: i16,
    count: usize,
    term_counts: String,
}

#[derive(Debug, Serialize)]
struct PartView {
    label: String,
    year: i16,
    page: usize,
    pages: usize,
}

#[derive(Debug, Serialize)]
struct PartLink {
    label: String,
    url: String,
}

const AXIS_WIDTH: u32 = 800;
const AXIS_HEIGHT: u32 = 60;
const AXIS_MARGIN: f64 = 24.0;
/// Where the overview's bars stand, and how tall the tallest is.
const BAR_BASE: f64 = 64.0;
const BAR_MAX: f64 = 54.0;

impl<'a> TimelineView<'a> {
    /// The overview page: every year and month with counts.
    pub(crate) fn overview(site: &'a Site, plan: &Plan, shared: &Shared<'a>) -> TimelineView<'a> {
        let outline = outline(site, plan, &shared.counts, &shared.slugs);
        let bars = bars(&outline);
        let entries = &site.timeline.entries;
        TimelineView {
            kind: "overview",
            filter: filter(site),
            years: Vec::new(),
            first: entries.first().map(|e| e.date.iso()),
            last: entries.last().map(|e| e.date.iso()),
            axis: Axis { width: AXIS_WIDTH, height: AXIS_HEIGHT, entries: 0, ticks: Vec::new(), marks: Vec::new() },
            outline,
            bars,
            total: entries.len(),
            part: None,
            newer: None,
            older: None,
        }
    }

    /// Part `p`: its entries by year and month (newest first), with links to its neighbours.
    pub(crate) fn part(site: &'a Site, plan: &Plan, p: usize, shared: &Shared<'a>) -> TimelineView<'a> {
        let part = &plan.timeline[p];
        let entries: Vec<&'a Entry> = part_entries(site, part).collect();
        let terms = |i: usize| shared.terms(i);
        let mut years: Vec<YearView<'a>> = Vec::new();
        for e in entries.iter().copied() {
            let b = &site.briefs[e.brief];
            let view = EntryView {
                date: e.date.into(),
                title: e.title(&site.briefs),
                kind: e.kind,
                note: e.note(&site.briefs),
                brief: BriefLink { title: &b.title, url: site.permalinks.path(&permalink::brief_rel(&b.slug)) },
                terms: terms(e.brief),
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
        let link = |i: usize| {
            plan.timeline
                .get(i)
                .map(|q| PartLink { label: q.label(), url: site.permalinks.path(&plan.timeline_rel(i)) })
        };
        TimelineView {
            kind: "part",
            filter: filter(site),
            first: entries.last().map(|e| e.date.iso()),
            last: entries.first().map(|e| e.date.iso()),
            axis: axis(&entries, &|e: &Entry| e.title(&site.briefs), &terms),
            years,
            outline: shared.part_outline.clone(),
            bars: Vec::new(),
            total: site.timeline.entries.len(),
            part: Some(PartView { label: part.label(), year: part.year, page: part.page, pages: part.pages }),
            newer: p.checked_sub(1).and_then(link),
            older: link(p + 1),
        }
    }
}

fn filter(site: &Site) -> Option<TimelineFilter<'_>> {
    filter_taxonomy(site).filter(|t| !t.terms.is_empty()).map(|t| TimelineFilter {
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
            })
            .collect(),
    })
}

/// Every year, newest first, with the URL of its first part and its months' counts.
fn outline(site: &Site, plan: &Plan, counts: &[(i16, Vec<(usize, usize)>)], slugs: &[&str]) -> Vec<OutlineYear> {
    let mut years: Vec<OutlineYear> = Vec::new();
    for (p, part) in plan.timeline.iter().enumerate() {
        let url = site.permalinks.path(&plan.timeline_rel(p));
        if years.last().is_none_or(|y| y.year != part.year) {
            let term_counts = counts
                .iter()
                .find(|(y, _)| *y == part.year)
                .map(|(_, c)| c.iter().map(|&(k, n)| format!("{}={n}", slugs[k])).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            years.push(OutlineYear { year: part.year, count: 0, url: url.clone(), months: Vec::new(), term_counts });
        }
        let Some(year) = years.last_mut() else { continue };
        year.count += part.len();
        // Months of a year split by month: one entry per month (its first page).
        if let Some(m) = part.month
            && part.page == 1
        {
            let label = if m == 0 {
                "No month".to_owned()
            } else {
                PartialDate { year: part.year, month: Some(m), day: None }.month_name().unwrap_or("").to_owned()
            };
            let count = plan.timeline[p..p + part.pages].iter().map(Part::len).sum();
            year.months.push(OutlineMonth { label, count, url });
        }
    }
    years
}

/// The overview strip: a bar per year, oldest on the left, heights scaled to the largest.
fn bars(outline: &[OutlineYear]) -> Vec<Bar> {
    let max = outline.iter().map(|y| y.count).max().unwrap_or(1).max(1);
    let n = outline.len().max(1);
    let span = f64::from(AXIS_WIDTH) - 2.0 * AXIS_MARGIN;
    let slot = span / n as f64;
    outline
        .iter()
        .rev()
        .enumerate()
        .map(|(i, y)| Bar {
            x: round(AXIS_MARGIN + i as f64 * slot + slot * 0.1),
            width: round(slot * 0.8),
            y: round(BAR_BASE - BAR_MAX * y.count as f64 / max as f64),
            height: round(BAR_MAX * y.count as f64 / max as f64),
            year: y.year,
            count: y.count,
            term_counts: y.term_counts.clone(),
        })
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A part's strip: ticks at each year start and a mark per date and kind of entry (entries
/// of one date and kind stand on one spot, so one mark shows them all).
fn axis<'a>(entries: &[&Entry], title: &dyn Fn(&Entry) -> &'a str, terms: &dyn Fn(usize) -> Vec<&'a str>) -> Axis<'a> {
    let (Some(newest), Some(oldest)) = (entries.first(), entries.last()) else {
        return Axis { width: AXIS_WIDTH, height: AXIS_HEIGHT, entries: 0, ticks: Vec::new(), marks: Vec::new() };
    };
    let start = f64::from(oldest.date.year);
    let end = f64::from(newest.date.year) + 1.0;
    let span = f64::from(AXIS_WIDTH) - 2.0 * AXIS_MARGIN;
    let x = |t: f64| round(AXIS_MARGIN + (t - start) / (end - start) * span);
    let ticks = (oldest.date.year..=newest.date.year.saturating_add(1))
        .map(|y| Tick { x: x(f64::from(y)), label: y.to_string() })
        .collect();
    let mut marks: Vec<Mark<'a>> = Vec::new();
    for e in entries.iter().rev() {
        match marks.last_mut() {
            Some(mark) if (mark.date, mark.kind) == (e.date, e.kind) => {
                mark.count += 1;
                mark.terms.extend(terms(e.brief));
            }
            _ => marks.push(Mark {
                date: e.date,
                x: x(e.date.as_year_fraction()),
                kind: e.kind,
                count: 1,
                title: format!("{}: {}", e.date, title(e)),
                terms: terms(e.brief),
            }),
        }
    }
    for mark in &mut marks {
        if mark.count > 1 {
            let what = match mark.kind {
                EntryKind::Event => "events",
                EntryKind::Published => "briefs published",
                EntryKind::Updated => "briefs updated",
            };
            mark.title = format!("{}: {} {what}", mark.date, mark.count);
        }
        mark.terms.sort_unstable();
        mark.terms.dedup();
    }
    Axis { width: AXIS_WIDTH, height: AXIS_HEIGHT, entries: entries.len(), ticks, marks }
}

#[derive(Serialize)]
struct JsonIndex {
    version: u32,
    total: usize,
    /// The timeline folder's absolute URL: a part's data is at `base` + `name` + `.json`,
    /// its page at `base` + `path`.
    base: String,
    parts: Vec<JsonPartRef>,
}

#[derive(Serialize)]
struct JsonPartRef {
    name: String,
    path: String,
    year: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<i8>,
    count: usize,
}

/// The version of the timeline's JSON files (3: each value once, no brief's title twice,
/// no absolute URL per entry).
const JSON_VERSION: u32 = 3;

#[derive(Serialize)]
struct JsonPart<'a> {
    version: u32,
    name: String,
    /// The briefs' folder's absolute URL: a brief's page is at `briefs` + its `slug` + `/`.
    briefs: String,
    entries: Vec<JsonEntry<'a>>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    /// ISO 8601, as precise as the source (`2022`, `2022-04`, `2022-04-15`).
    date: String,
    kind: EntryKind,
    /// An event's line, or for a publication or an update its brief's title.
    title: &'a str,
    /// An update's change note.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    brief: JsonBrief<'a>,
}

#[derive(Serialize)]
struct JsonBrief<'a> {
    slug: &'a str,
    /// The brief's title, only where the entry's `title` is not it (an event's).
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

/// `timeline.json`: the list of parts, newest first, each with its name, folder and count
/// (compact: at 100,000 briefs it lists a thousand parts or more).
pub fn json_index(site: &Site, plan: &Plan) -> serde_json::Result<Vec<u8>> {
    let parts = plan
        .timeline
        .iter()
        .map(|part| JsonPartRef {
            name: part.name(),
            path: part.rel(),
            year: part.year,
            month: part.month,
            count: part.len(),
        })
        .collect();
    let base = site.permalinks.absolute("timeline/");
    let mut out =
        serde_json::to_vec(&JsonIndex { version: JSON_VERSION, total: site.timeline.entries.len(), base, parts })?;
    out.push(b'\n');
    Ok(out)
}

/// One part of the timeline as JSON, newest first (compact, as the index).
pub fn json_part(site: &Site, plan: &Plan, p: usize) -> serde_json::Result<Vec<u8>> {
    let part = &plan.timeline[p];
    let entries = part_entries(site, part)
        .map(|e| {
            let b = &site.briefs[e.brief];
            let title = e.title(&site.briefs);
            JsonEntry {
                date: e.date.iso(),
                kind: e.kind,
                title,
                note: e.note(&site.briefs),
                brief: JsonBrief { slug: &b.slug, title: (title != b.title).then_some(b.title.as_str()) },
            }
        })
        .collect();
    let briefs = site.permalinks.absolute("briefs/");
    let mut out = serde_json::to_vec(&JsonPart { version: JSON_VERSION, name: part.name(), briefs, entries })?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry and its title (its number in `TITLES`, as `item`).
    fn entry(date: &str, kind: EntryKind, title: &str, brief: usize) -> Entry {
        let date = PartialDate::parse(date).unwrap_or_else(|e| panic!("{e}"));
        let item = TITLES.iter().position(|t| *t == title).and_then(|k| u32::try_from(k).ok());
        Entry { date, kind, brief, item }
    }

    const TITLES: [&str; 5] = ["A", "B", "C", "D", "Vote"];

    #[test]
    fn can_draw_one_mark_per_date_and_kind_with_every_term() {
        // Newest first, as a part lists them.
        let entries = [
            entry("2022-04-15", EntryKind::Updated, "C", 2),
            entry("2022-04-15", EntryKind::Published, "B", 1),
            entry("2022-04-15", EntryKind::Published, "A", 0),
            entry("2022-04-15", EntryKind::Event, "Vote", 0),
            entry("2022-04-02", EntryKind::Published, "D", 2),
        ];
        let refs: Vec<&Entry> = entries.iter().collect();
        let names = [vec!["water", "energy"], vec!["energy", "trade"], vec!["health"]];
        let title = |e: &Entry| e.item.map_or("", |k| TITLES[k as usize]);
        let axis = axis(&refs, &title, &|i| names[i].clone());
        assert_eq!(axis.entries, 5);
        let marks: Vec<(EntryKind, usize, &str, Vec<&str>)> =
            axis.marks.iter().map(|m| (m.kind, m.count, m.title.as_str(), m.terms.clone())).collect();
        assert_eq!(
            marks,
            [
                (EntryKind::Published, 1, "2 April 2022: D", vec!["health"]),
                (EntryKind::Event, 1, "15 April 2022: Vote", vec!["energy", "water"]),
                (EntryKind::Published, 2, "15 April 2022: 2 briefs published", vec!["energy", "trade", "water"]),
                (EntryKind::Updated, 1, "15 April 2022: C", vec!["health"]),
            ]
        );
    }
}

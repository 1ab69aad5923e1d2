//! The fingerprint of every route: a hash of exactly the parts of the model its bytes are
//! made from, through the per-brief keys (see [`super::cache`]). An output whose
//! fingerprint did not change is not rendered again.
//!
//! Partitions carry their own fingerprints: a summaries or timeline part covers only the
//! briefs it shows (and the names of its neighbours), so an edit re-renders the parts that
//! hold the brief, not the archive.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::partition::Part;
use crate::render::Outputs;
use crate::render::routes::{Route, page_range};
use crate::render::{timeline, updates};

/// A hasher for one fingerprint, started with the site-wide key and what kind of output
/// it is for.
fn start(global: u64, kind: &str) -> DefaultHasher {
    let mut h = DefaultHasher::new();
    (global, kind).hash(&mut h);
    h
}

/// What a part's page shows of the other parts: their names and sizes.
fn parts_outline(parts: &[Part], h: &mut DefaultHasher) {
    for p in parts {
        (p.name(), p.len()).hash(h);
    }
}

/// The names of a part's neighbours and the years of the list with the first part of each:
/// what its navigation shows.
fn part_nav(parts: &[Part], p: usize, h: &mut DefaultHasher) {
    // Neighbours are shown by their label ("March 2024, page 1 of 2") and linked by name.
    let shown = |i: Option<usize>| i.and_then(|i| parts.get(i)).map(|q| (q.name(), q.label()));
    (shown(p.checked_sub(1)), shown(Some(p + 1)), parts[p].name(), parts[p].pages).hash(h);
    // Each year links to its first part.
    let mut years: Vec<(i16, String)> = Vec::new();
    for p in parts {
        if years.last().is_none_or(|(y, _)| *y != p.year) {
            years.push((p.year, p.name()));
        }
    }
    years.hash(h);
}

impl Outputs<'_> {
    /// The fingerprint of brief `i`'s PDF: its key ([`crate::render::pdf_key`]: the brief,
    /// its body, what its links and images resolve to, the bytes of its images, the PDF
    /// template and the site's settings, but not the HTML templates).
    pub(crate) fn pdf_fingerprint(&self, i: usize) -> u64 {
        crate::render::pdf_key::fingerprint(self.pdf_key(i))
    }

    /// The fingerprint of `route`, written at `path`.
    pub(crate) fn fingerprint(&self, route: Route, path: &str) -> u64 {
        let site = self.site;
        let keys = self.keys;
        let plan = self.plan;
        let summaries = |h: &mut DefaultHasher, briefs: &mut dyn Iterator<Item = usize>| {
            for i in briefs {
                keys[i].summary.hash(h);
            }
        };
        let global = self.global;
        let h = match route {
            Route::Home => {
                let mut h = start(global, "home");
                summaries(&mut h, &mut (0..site.config.home_count.min(keys.len())));
                self.taxonomy_keys.hash(&mut h);
                h
            }
            Route::BriefList { page } => {
                let mut h = start(global, "briefs");
                (page, plan.list_pages).hash(&mut h);
                summaries(&mut h, &mut page_range(page, site.config.paginate_by, keys.len()));
                h
            }
            Route::Brief(i) => {
                let mut h = start(global, "brief");
                keys[i].page.hash(&mut h);
                site.briefs[i].events.first().and_then(|e| plan.timeline_rel_at(e.date)).hash(&mut h);
                summaries(&mut h, &mut site.related[i].iter().copied());
                // Its link to the PDF shows the PDF's size.
                site.config.pdf.made().then(|| self.pdf_fingerprint(i)).hash(&mut h);
                h
            }
            Route::BriefPdf(i) => return self.pdf_fingerprint(i),
            Route::BriefSources(i) => {
                let mut h = start(global, "brief sources");
                self.briefs[i].citations.keys.hash(&mut h);
                site.briefs[i].references.as_ref().map(|b| b.key).hash(&mut h);
                h
            }
            Route::SummariesIndex => {
                let mut h = start(global, "summaries");
                summaries(&mut h, &mut (0..site.config.paginate_by.min(keys.len())));
                parts_outline(&plan.summaries, &mut h);
                h
            }
            Route::SummariesPart(p) => {
                let mut h = start(global, "summaries part");
                part_nav(&plan.summaries, p, &mut h);
                summaries(&mut h, &mut plan.summaries[p].items.clone());
                h
            }
            Route::TimelineIndex | Route::TimelineJsonIndex => {
                let mut h = start(global, if route == Route::TimelineIndex { "timeline" } else { "timeline.json" });
                parts_outline(&plan.timeline, &mut h);
                timeline::filter_key(site).hash(&mut h);
                if route == Route::TimelineIndex {
                    self.timeline().counts.hash(&mut h);
                }
                h
            }
            Route::TimelinePart(p) | Route::TimelineJsonPart(p) => {
                let html = matches!(route, Route::TimelinePart(_));
                let mut h = start(global, if html { "timeline part" } else { "timeline.json part" });
                part_nav(&plan.timeline, p, &mut h);
                if html {
                    timeline::filter_key(site).hash(&mut h);
                }
                for e in timeline::part_entries(site, &plan.timeline[p]) {
                    (e.date, e.kind, e.item, keys[e.brief].meta).hash(&mut h);
                }
                h
            }
            Route::Sitemap | Route::SitemapPart(_) => {
                let mut h = start(global, "sitemap");
                (path, plan.sitemap_parts, self.taxonomy_keys, self.page_keys).hash(&mut h);
                parts_outline(&plan.summaries, &mut h);
                parts_outline(&plan.timeline, &mut h);
                for k in keys {
                    k.url.hash(&mut h);
                }
                h
            }
            Route::TermList(t) => {
                let mut h = start(global, "taxonomy");
                self.taxonomy_keys[t].hash(&mut h);
                h
            }
            Route::Term { taxonomy, term, page } => {
                let mut h = start(global, "term");
                let t = &site.taxonomies[taxonomy].terms[term];
                let per = site.config.paginate_by;
                // The taxonomy's names, not its other terms: a term page shows one term.
                let x = &site.taxonomies[taxonomy];
                (&x.name, &x.title, &x.singular, &t.name, &t.slug, t.briefs.len(), page).hash(&mut h);
                summaries(&mut h, &mut t.briefs[page_range(page, per, t.briefs.len())].iter().copied());
                h
            }
            Route::TermFeed { taxonomy, term } => {
                let mut h = start(global, "term feed");
                let t = &site.taxonomies[taxonomy].terms[term];
                let x = &site.taxonomies[taxonomy];
                (&x.name, &x.singular, &t.name, &t.slug).hash(&mut h);
                // Term feeds carry summaries, not bodies.
                for &i in t.briefs.iter().take(site.config.feed_limit) {
                    keys[i].meta.hash(&mut h);
                }
                h
            }
            Route::Updates { page } => {
                let mut h = start(global, "updates");
                updates::page_key(site, plan, page, &mut h);
                h
            }
            Route::UpdatesFeed => {
                let mut h = start(global, "updates feed");
                updates::feed_key(site, plan, &mut h);
                h
            }
            Route::Page(i) => {
                let mut h = start(global, "page");
                self.page_keys[i].hash(&mut h);
                h
            }
            Route::Atom => {
                let mut h = start(global, "atom");
                for k in &keys[..site.config.feed_limit.min(keys.len())] {
                    k.page.hash(&mut h);
                }
                h
            }
            Route::SearchFile(k) => {
                let mut h = start(global, "search");
                self.search_files[k].hash(&mut h);
                h
            }
            Route::Search => {
                // Its filters list every term with its count, and the years of the briefs.
                let mut h = start(global, "search page");
                self.taxonomy_keys.hash(&mut h);
                for k in keys {
                    k.url.hash(&mut h);
                }
                h
            }
            Route::Alias(k) => {
                let mut h = start(global, "alias");
                (path, &plan.aliases[k].target).hash(&mut h);
                h
            }
            Route::NotFound | Route::Robots | Route::Script(_) | Route::SyntaxCss { .. } => {
                let mut h = start(global, "fixed");
                // Only the path tells these apart.
                path.hash(&mut h);
                h
            }
        };
        h.finish()
    }
}

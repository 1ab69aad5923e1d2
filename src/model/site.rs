//! `Site::build`: from loaded content to the model every renderer reads.
//!
//! Guarantees: briefs newest first (ties by slug), drafts left out unless asked for; duplicate
//! slugs and slugs that collide with the site's own sections are errors naming the files;
//! related briefs from `related.rs` (taken from the earlier model where an edit cannot reach
//! them).

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Brief, Content, Page, StaticFile, TemplateSource};
use crate::error::{Error, Result};
use crate::model::links::Links;
use crate::model::nav::{self, NavLink};
use crate::model::permalink::{self, Permalinks};
use crate::model::related;
use crate::model::schedule::{self, Scheduled, Selection};
use crate::model::taxonomy::Taxonomy;
use crate::model::timeline::Timeline;

/// Everything the renderers need, in publishing order.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// URL maker.
    pub permalinks: Permalinks,
    /// Briefs, newest first.
    pub briefs: Vec<Arc<Brief>>,
    /// Standalone pages, by URL (a top-level page's is its slug).
    pub pages: Vec<Page>,
    /// Declared taxonomies, in `site.yaml` order.
    pub taxonomies: Vec<Taxonomy>,
    /// All dated entries.
    pub timeline: Arc<Timeline>,
    /// For each brief (same index), up to three related briefs.
    pub related: Arc<Vec<Vec<usize>>>,
    /// `@/` link table.
    pub links: Links,
    /// Templates to compile.
    pub templates: Vec<TemplateSource>,
    /// Files to copy.
    pub static_files: Vec<StaticFile>,
    /// The main navigation of `site.yaml`'s `nav:`, when it has one.
    pub nav: Option<Vec<NavLink>>,
    /// Without `nav:`: the indices of the pages the navigation lists, in order.
    pub nav_pages: Vec<usize>,
    /// Problems of the inputs as a whole (files under `content/` nothing reads).
    pub warnings: Vec<crate::diagnostics::Warning>,
    /// Draft briefs left out (0 when drafts are built).
    pub drafts: usize,
    /// Briefs dated after the day the site is built as of, by date (built with `--future`).
    pub scheduled: Vec<Scheduled>,
}

/// Site sections a page slug may not take.
pub(crate) const RESERVED: [&str; 7] = ["briefs", "summaries", "timeline", "search", "page", "static", "updates"];

impl Site {
    /// Builds the model of the briefs `selection` keeps (drafts: pages too).
    pub fn build(content: Content, config: &Config, selection: &Selection) -> Result<Site> {
        Site::build_reusing(content, config, selection, None)
    }

    /// [`Site::build`], taking the taxonomies, related briefs and timeline from `earlier`
    /// (the model of an earlier build) when what they are made from is unchanged: the same
    /// taxonomies declared, and the same briefs in the same order, or briefs that differ
    /// only in what those parts do not read (a body edit). The result is the same as
    /// [`Site::build`]'s.
    pub fn build_reusing(
        content: Content,
        config: &Config,
        selection: &Selection,
        earlier: Option<&Site>,
    ) -> Result<Site> {
        let Content { briefs, pages: all_pages, templates, mut static_files, warnings, bundle_files, images } = content;
        let drafts = selection.drafts;
        let left_out = if drafts { 0 } else { briefs.iter().filter(|b| b.draft).count() };
        let scheduled = schedule::scheduled(selection, briefs.iter().map(|b| &**b));
        let mut briefs: Vec<Arc<Brief>> = briefs.into_iter().filter(|b| selection.keeps(b)).collect();
        let mut pages: Vec<Page> = all_pages.iter().filter(|p| drafts || !p.draft).cloned().collect();
        briefs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        // By URL, compared without the closing `/` so a top-level page sorts by its slug.
        pages.sort_by(|a, b| a.rel.trim_end_matches('/').cmp(b.rel.trim_end_matches('/')));

        let mut errors = Vec::new();
        let mut seen: HashMap<&str, &Brief> = HashMap::new();
        for b in &briefs {
            if let Some(first) = seen.insert(&b.slug, b) {
                errors.push(Error::content(
                    &b.path,
                    0,
                    0,
                    format!(
                        "duplicate slug `{}`: {} has it too; set a different `slug:`",
                        b.slug,
                        first.path.display()
                    ),
                ));
            }
        }
        let mut page_seen: HashMap<&str, &Page> = HashMap::new();
        for p in &pages {
            // A page's first URL segment: its slug, or its top folder's.
            let first_segment = p.rel.split('/').next().unwrap_or_default();
            let taken_by_taxonomy = config.taxonomies.iter().any(|t| t.name == first_segment);
            if RESERVED.contains(&first_segment) || taken_by_taxonomy {
                let what = if first_segment == p.slug { "page slug" } else { "folder" };
                errors.push(Error::content(
                    &p.path,
                    0,
                    0,
                    format!("the {what} `{first_segment}` is used by the site itself: set another `slug:`"),
                ));
            }
            if let Some(first) = page_seen.insert(&p.rel, p) {
                errors.push(Error::content(
                    &p.path,
                    0,
                    0,
                    format!(
                        "duplicate page URL `/{}`: {} has it too; set a different `slug:`",
                        p.rel,
                        first.path.display()
                    ),
                ));
            }
        }
        // Taxonomy names are checked where site.yaml is parsed (`config::validate`).
        Error::collect(errors)?;

        let mut links = Links::default();
        for b in &briefs {
            links.insert(format!("briefs/{}", b.file_name), permalink::brief_rel(&b.slug));
        }
        for p in &pages {
            links.insert(format!("pages/{}", p.file_name), p.rel.clone());
        }
        // `@/static/<path>`: a file of static/ (the site's or the theme's), under the base path.
        for f in &static_files {
            links.insert(format!("static/{}", f.dest), f.dest.clone());
        }
        crate::model::bundles::publish(&briefs, bundle_files, images, &mut static_files, &mut links);
        let same_briefs = |same: &dyn Fn(&Brief, &Brief) -> bool| {
            earlier.filter(|e| {
                e.briefs.len() == briefs.len()
                    && e.briefs.iter().zip(&briefs).all(|(a, b)| Arc::ptr_eq(a, b) || same(a, b))
            })
        };
        let declared = |e: &&Site| e.config.taxonomies == config.taxonomies;
        let (taxonomies, related) = match same_briefs(&|a, b| a.taxonomies == b.taxonomies).filter(declared) {
            Some(e) => (e.taxonomies.clone(), Arc::clone(&e.related)),
            None => {
                let (taxonomies, errors) =
                    split_results(config.taxonomies.iter().map(|t| Taxonomy::build(t, &briefs)).collect());
                Error::collect(errors)?;
                let reusable = earlier.filter(declared).map(|e| related::Earlier {
                    same: unchanged_places(&e.briefs, &briefs),
                    related: e.related.as_slice(),
                });
                let related = Arc::new(related::related_reusing(briefs.len(), &taxonomies, reusable));
                (taxonomies, related)
            }
        };
        let timeline = match same_briefs(&|a, b| {
            (a.date, a.updated, &a.events, &a.title, &a.updates) == (b.date, b.updated, &b.events, &b.title, &b.updates)
        }) {
            Some(e) => Arc::clone(&e.timeline),
            None => Arc::new(Timeline::build_reusing(&briefs, earlier.map(|e| (e.briefs.as_slice(), &*e.timeline)))),
        };
        let permalinks = Permalinks::new(&config.base_url, config.base_path());
        let nav = nav::configured(config, &all_pages, &pages, &permalinks)?;
        let nav_pages = nav::automatic_pages(&pages);
        Ok(Site {
            config: config.clone(),
            permalinks,
            briefs,
            pages,
            taxonomies,
            timeline,
            related,
            links,
            templates,
            static_files,
            nav,
            nav_pages,
            warnings,
            drafts: left_out,
            scheduled,
        })
    }
}

/// For each of `briefs`, its place among `earlier` when it is there unchanged for the related
/// briefs: the same file with the same date, slug and terms.
fn unchanged_places(earlier: &[Arc<Brief>], briefs: &[Arc<Brief>]) -> Vec<Option<usize>> {
    let place: rustc_hash::FxHashMap<&std::path::Path, usize> =
        earlier.iter().enumerate().map(|(i, b)| (b.path.as_path(), i)).collect();
    briefs
        .iter()
        .map(|b| {
            let &i = place.get(b.path.as_path())?;
            let a = &earlier[i];
            (Arc::ptr_eq(a, b) || (a.date, &a.slug, &a.taxonomies) == (b.date, &b.slug, &b.taxonomies)).then_some(i)
        })
        .collect()
}

/// The values of `results` and all their errors.
fn split_results<T>(results: Vec<Result<T>>) -> (Vec<T>, Vec<Error>) {
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => errors.push(e),
        }
    }
    (ok, errors)
}

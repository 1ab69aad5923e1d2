//! `Site::build`: from loaded content to the model every renderer reads.
//!
//! Guarantees: briefs newest first (ties by slug), drafts left out unless asked for; duplicate
//! slugs and slugs that collide with the site's own sections are errors naming the files;
//! related briefs computed through the term index (no all-pairs pass).

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::content::{Brief, Content, Page, StaticFile, TemplateSource};
use crate::error::{Error, Result};
use crate::model::links::Links;
use crate::model::permalink::{self, Permalinks};
use crate::model::taxonomy::Taxonomy;
use crate::model::timeline::Timeline;

/// How many related briefs a brief shows.
const RELATED: usize = 3;

/// Everything the renderers need, in publishing order.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// URL maker.
    pub permalinks: Permalinks,
    /// Briefs, newest first.
    pub briefs: Vec<Brief>,
    /// Standalone pages, by slug.
    pub pages: Vec<Page>,
    /// Declared taxonomies, in `site.yaml` order.
    pub taxonomies: Vec<Taxonomy>,
    /// All dated entries.
    pub timeline: Timeline,
    /// For each brief (same index), up to three related briefs.
    pub related: Vec<Vec<usize>>,
    /// `@/` link table.
    pub links: Links,
    /// Templates to compile.
    pub templates: Vec<TemplateSource>,
    /// Files to copy.
    pub static_files: Vec<StaticFile>,
}

/// Site sections a page slug may not take.
const RESERVED: [&str; 6] = ["briefs", "summaries", "timeline", "search", "page", "static"];

impl Site {
    /// Builds the model. `drafts` keeps draft briefs and pages.
    pub fn build(content: Content, config: &Config, drafts: bool) -> Result<Site> {
        let Content { briefs, pages, templates, static_files } = content;
        let mut briefs: Vec<Brief> = briefs.into_iter().filter(|b| drafts || !b.draft).collect();
        let mut pages: Vec<Page> = pages.into_iter().filter(|p| drafts || !p.draft).collect();
        briefs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));

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
            let taken_by_taxonomy = config.taxonomies.iter().any(|t| t.name == p.slug);
            if RESERVED.contains(&p.slug.as_str()) || taken_by_taxonomy {
                errors.push(Error::content(
                    &p.path,
                    0,
                    0,
                    format!("the page slug `{}` is used by the site itself: set another `slug:`", p.slug),
                ));
            }
            if let Some(first) = page_seen.insert(&p.slug, p) {
                errors.push(Error::content(
                    &p.path,
                    0,
                    0,
                    format!(
                        "duplicate slug `{}`: {} has it too; set a different `slug:`",
                        p.slug,
                        first.path.display()
                    ),
                ));
            }
        }
        for t in &config.taxonomies {
            if RESERVED.contains(&t.name.as_str()) || slug::slugify(&t.name) != t.name {
                errors.push(Error::Config {
                    path: "site.yaml".into(),
                    message: format!(
                        "taxonomy name `{}` must be a lowercase slug and not one of {}",
                        t.name,
                        RESERVED.join(", ")
                    ),
                });
            }
        }
        Error::collect(errors)?;

        let mut links = Links::default();
        for b in &briefs {
            links.insert(format!("briefs/{}", b.file_name), permalink::brief_rel(&b.slug));
        }
        for p in &pages {
            links.insert(format!("pages/{}", p.file_name), format!("{}/", p.slug));
        }
        let taxonomies: Vec<Taxonomy> = config.taxonomies.iter().map(|t| Taxonomy::build(t, &briefs)).collect();
        let related = related_briefs(&briefs, &taxonomies);
        let timeline = Timeline::build(&briefs);
        let permalinks = Permalinks::new(&config.base_url, config.base_path());
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
        })
    }
}

/// For each brief, the briefs sharing most terms with it (then newest, then by slug).
fn related_briefs(briefs: &[Brief], taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    let mut terms_of: Vec<Vec<&[usize]>> = vec![Vec::new(); briefs.len()];
    for t in taxonomies {
        for term in &t.terms {
            for &i in &term.briefs {
                terms_of[i].push(&term.briefs);
            }
        }
    }
    terms_of
        .iter()
        .enumerate()
        .map(|(i, lists)| {
            let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
            for list in lists {
                for &j in *list {
                    if j != i {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
            let mut ranked: Vec<(usize, usize)> = shared.into_iter().collect();
            // Indices are in site order (newest first), so a lower index is newer.
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            ranked.into_iter().take(RELATED).map(|(j, _)| j).collect()
        })
        .collect()
}

//! Taxonomies (topics, actors, regions): terms grouped by slug, each listing its briefs.
//!
//! Guarantees: terms sorted by name (case-insensitive, then slug); each term's briefs in
//! site order (newest first); spellings differing only in case share one term, named by
//! its first spelling in site order. Linear in the number of (brief, term) pairs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::TaxonomyConfig;
use crate::content::Brief;

/// One taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Front-matter key and URL segment.
    pub name: String,
    /// Heading (`Topics`).
    pub title: String,
    /// One term's label (`Topic`).
    pub singular: String,
    /// Terms, sorted.
    pub terms: Vec<Term>,
}

/// A term and the briefs filed under it.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Indices into the site's briefs, in site order.
    pub briefs: Vec<usize>,
}

impl Taxonomy {
    /// Groups the terms of `briefs` (already in site order) for one declared taxonomy.
    pub fn build(config: &TaxonomyConfig, briefs: &[Arc<Brief>]) -> Taxonomy {
        let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
        // Many briefs share a term: slugify each name once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for (i, brief) in briefs.iter().enumerate() {
            for name in brief.taxonomies.get(&config.name).into_iter().flatten() {
                let slug = slugs.entry(name).or_insert_with(|| slug::slugify(name)).clone();
                if slug.is_empty() {
                    continue;
                }
                let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    slug,
                    briefs: Vec::new(),
                });
                if term.briefs.last() != Some(&i) {
                    term.briefs.push(i);
                }
            }
        }
        let mut terms: Vec<Term> = by_slug.into_values().collect();
        terms.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug)));
        Taxonomy { name: config.name.clone(), title: config.title.clone(), singular: config.singular.clone(), terms }
    }

    /// The term with this slug.
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

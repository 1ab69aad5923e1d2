//! Taxonomies (topics, actors, regions): terms grouped by slug, each listing its briefs.
//!
//! Guarantees: terms sorted by name (case-insensitive, then slug); each term's briefs in
//! site order (newest first); spellings of one term (differing only in case or word
//! separators, see [`same_term`](crate::content::terms::same_term)) share it, named by its first spelling in site
//! order; two different names with one slug are an error naming both spellings and both
//! files, never a silent merge. Linear in the number of (brief, term) pairs.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::config::TaxonomyConfig;
use crate::content::Brief;
use crate::content::terms::{term_key, term_slug};
use crate::error::{Error, Result};

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
    ///
    /// A name with an empty slug is left out (`Brief::parse` has already refused it); two
    /// names that are not one term but share a slug are an error at the brief that brings
    /// the second (in site order, so the report does not depend on file order).
    pub fn build(config: &TaxonomyConfig, briefs: &[Arc<Brief>]) -> Result<Taxonomy> {
        let mut terms: Vec<Term> = Vec::new();
        // Each spelling's term (none when it slugifies to nothing), looked up once per
        // (brief, name) pair: the only work done per pair, as many briefs share a term.
        let mut term_of: FxHashMap<&str, Option<usize>> = FxHashMap::default();
        let mut by_slug: FxHashMap<String, usize> = FxHashMap::default();
        // For each slug, the spellings seen (by term key), each with the first brief using it.
        let mut spellings: HashMap<String, Vec<(String, &str, usize)>> = HashMap::new();
        let mut errors = Vec::new();
        for (i, brief) in briefs.iter().enumerate() {
            for name in brief.taxonomies.get(&config.name).into_iter().flatten() {
                let t = match term_of.get(name.as_str()) {
                    Some(&t) => t,
                    None => {
                        let slug = term_slug(name);
                        let t = (!slug.is_empty()).then(|| {
                            let seen = spellings.entry(slug.clone()).or_default();
                            let key = term_key(name);
                            if !seen.iter().any(|(k, _, _)| *k == key) {
                                if let Some((_, first, j)) = seen.first() {
                                    errors.push(collision(config, &briefs[*j], first, brief, name, &slug));
                                }
                                seen.push((key, name, i));
                            }
                            *by_slug.entry(slug.clone()).or_insert_with(|| {
                                terms.push(Term { name: name.clone(), slug, briefs: Vec::new() });
                                terms.len() - 1
                            })
                        });
                        term_of.insert(name, t);
                        t
                    }
                };
                let Some(term) = t.and_then(|t| terms.get_mut(t)) else { continue };
                if term.briefs.last() != Some(&i) {
                    term.briefs.push(i);
                }
            }
        }
        Error::collect(errors)?;
        terms.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug)));
        Ok(Taxonomy {
            name: config.name.clone(),
            title: config.title.clone(),
            singular: config.singular.clone(),
            terms,
        })
    }

    /// The term with this slug.
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// The error for `name` in `brief`, whose slug `slug` the different term `first` of brief
/// `earlier` already has.
fn collision(config: &TaxonomyConfig, earlier: &Brief, first: &str, brief: &Brief, name: &str, slug: &str) -> Error {
    let line = brief.taxonomy_lines.get(&config.name).copied().unwrap_or(0);
    let singular = config.singular.to_lowercase();
    Error::content(
        &brief.path,
        line,
        usize::from(line > 0),
        format!(
            "{singular} `{name}` and {singular} `{first}` ({}) are different names with one URL, /{}/{slug}/: \
             they would be merged into one term page",
            earlier.path.display(),
            config.name
        ),
    )
    .with_hint(format!(
        "spell them the same if they are one {singular}; otherwise rename one so that they differ in letters or digits \
         (spellings differing only in case or spaces are one {singular})"
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn brief(file: &str, topics: &str) -> Arc<Brief> {
        let text = format!("---\ntitle: T\ndate: 2022-04-15\nsummary: S\ntopics: {topics}\n---\nB\n");
        Arc::new(Brief::parse(Path::new(&format!("content/briefs/{file}")), &text, &["topics"]).expect("valid"))
    }

    fn topics() -> TaxonomyConfig {
        TaxonomyConfig { name: "topics".into(), title: "Topics".into(), singular: "Topic".into() }
    }

    #[test]
    fn can_merge_spellings_of_one_term() {
        let briefs = [brief("a.md", "[Climate policy]"), brief("b.md", "[climate  policy, Climate-Policy]")];
        let t = Taxonomy::build(&topics(), &briefs).expect("one term");
        assert_eq!(t.terms.len(), 1);
        assert_eq!((t.terms[0].name.as_str(), t.terms[0].slug.as_str()), ("Climate policy", "climate-policy"));
        assert_eq!(t.terms[0].briefs, vec![0, 1]);
    }

    #[test]
    fn can_keep_c_c_sharp_and_c_plus_plus_apart() {
        let briefs = [brief("a.md", "[C]"), brief("b.md", "[C#, C++]")];
        let t = Taxonomy::build(&topics(), &briefs).expect("three terms");
        let slugs: Vec<&str> = t.terms.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, vec!["c", "c-sharp", "c-plus-plus"], "sorted by name");
    }

    #[test]
    fn errors_on_different_terms_with_one_slug_naming_both() {
        let briefs = [brief("a.md", "[Energy, C]"), brief("b.md", "[C.]")];
        let e = Taxonomy::build(&topics(), &briefs).expect_err("collision");
        assert_eq!(
            e.to_string(),
            "content/briefs/b.md:5:1: topic `C.` and topic `C` (content/briefs/a.md) are different names with one \
             URL, /topics/c/: they would be merged into one term page"
        );
    }
}

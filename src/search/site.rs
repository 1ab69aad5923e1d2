//! The index of a site: each brief's [`Doc`] from the model, the files under
//! [`FOLDER`], and what the search page's template is given.
//!
//! Guarantees: pure; reads the model only (the body text comes from the markdown rendering,
//! never from HTML).

use std::sync::Arc;

use serde::Serialize;

use crate::content::Brief;
use crate::content::terms::term_slug;
use crate::model::Site;
use crate::model::permalink;
use crate::render::markdown::Rendered;

use super::{Doc, DocTerm, DocTerms, Index, Options, SearchFile};

/// Where the index is written, relative to the output root.
pub const FOLDER: &str = "search/data/";

/// What brief `b`, whose body rendered to `r`, gives the index.
pub fn doc_terms(site: &Site, b: &Brief, r: &Rendered) -> DocTerms {
    let slugs: Vec<(&str, &str, String)> = site
        .taxonomies
        .iter()
        .flat_map(|t| b.taxonomies.get(&t.name).into_iter().flatten().map(move |name| (t.name.as_str(), name.as_str())))
        .map(|(t, name)| (t, name, term_slug(name)))
        .collect();
    let path = permalink::brief_rel(&b.slug);
    let date = b.date.iso();
    let display = b.date.to_string();
    let doc = Doc {
        title: &b.title,
        path: &path,
        slug: &b.slug,
        date: &date,
        display_date: &display,
        summary: &b.summary,
        key_points: &b.key_points,
        authors: b.authors.iter().map(|a| a.name.as_str()).collect(),
        terms: slugs.iter().map(|(taxonomy, name, slug)| DocTerm { taxonomy, name, slug }).collect(),
        shown_taxonomy: site.taxonomies.first().map_or("", |t| t.name.as_str()),
        body: &r.text,
    };
    DocTerms::of(&doc)
}

/// The index files of `site`, whose briefs gave `docs`, sorted by path (relative to
/// [`FOLDER`]): `index` brought up to `docs`, so only what the changed briefs touch is made
/// again.
pub fn files<'a>(site: &Site, docs: &[Arc<DocTerms>], index: &'a mut Index) -> Vec<&'a SearchFile> {
    index.update(docs, &Options::new(&site.config.language))
}

/// [`files`] for a render that keeps no index: each file sent to `out` as soon as it is
/// made, the index dropped stage by stage (the working state of a large site's index is
/// many times its files).
pub fn files_once(site: &Site, docs: &[Arc<DocTerms>], out: std::sync::mpsc::SyncSender<SearchFile>) {
    Index::files_once(docs, &Options::new(&site.config.language), out);
}

/// A taxonomy's terms for the search page's filters.
#[derive(Debug, Serialize)]
pub struct FacetView<'a> {
    /// Name (`topics`): the folder of its facet files.
    pub name: &'a str,
    /// Heading (`Topics`).
    pub title: &'a str,
    /// One term's label (`Topic`).
    pub singular: &'a str,
    /// Terms, sorted by name.
    pub terms: Vec<FacetTermView<'a>>,
}

/// One term of a [`FacetView`].
#[derive(Debug, Serialize)]
pub struct FacetTermView<'a> {
    /// Shown name.
    pub name: &'a str,
    /// Slug: the name of its facet file.
    pub slug: &'a str,
    /// Briefs filed under it.
    pub count: usize,
}

/// Inserts the search page's variables: `search_base_url` (the index folder, ending in
/// `/`), `search_facets` (taxonomies with their terms and counts) and `search_years`
/// (newest first).
pub fn page_context(site: &Site, ctx: &mut tera::Context) {
    ctx.insert("search_base_url", &site.permalinks.path(FOLDER));
    let facets: Vec<FacetView<'_>> = site
        .taxonomies
        .iter()
        .filter(|t| !t.terms.is_empty())
        .map(|t| FacetView {
            name: &t.name,
            title: &t.title,
            singular: &t.singular,
            terms: t
                .terms
                .iter()
                .map(|term| FacetTermView { name: &term.name, slug: &term.slug, count: term.briefs.len() })
                .collect(),
        })
        .collect();
    ctx.insert("search_facets", &facets);
    let mut years: Vec<i16> = site.briefs.iter().map(|b| b.date.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    ctx.insert("search_years", &years);
}

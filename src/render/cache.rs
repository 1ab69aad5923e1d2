//! What a render may reuse from the render before it, and the fingerprints that say which
//! outputs must be made again.
//!
//! Every output's bytes are a pure function of the model. For each output the renderer
//! computes a *fingerprint*: a hash of exactly the parts of the model its template context
//! (or data file) is made from, through per-brief keys computed once when a brief changes.
//! An output whose fingerprint is the one it had last time is not rendered again.
//!
//! Guarantees: a brief's markdown is rendered again only when the brief changed (a new
//! [`Brief::revision`] from the loader), the site-wide key did, or, for a body with `@/`
//! links, the link table did;
//! fingerprints cover the site-wide state (configuration, templates, navigation) so any
//! change there renders everything; fingerprints are kept only for a render that succeeded.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tera::Value;

use crate::content::Brief;
use crate::model::Site;
use crate::model::taxonomy::Taxonomy;
use crate::render::markdown::Rendered;
use crate::render::templates::Templates;

/// What one render leaves for the next: each brief's rendered markdown with its keys, and
/// the fingerprint of every output. An empty cache renders everything.
#[derive(Default)]
pub struct RenderCache {
    /// By the revision of the brief they were made from.
    pub(crate) briefs: HashMap<u64, BriefEntry>,
    /// Output path to the fingerprint it was last rendered with.
    pub(crate) fingerprints: FxHashMap<String, u64>,
    /// The compiled templates and the site-wide key they were compiled for.
    pub(crate) templates: Option<(u64, Templates)>,
    /// The search index of the last render, brought up to date by the next.
    pub(crate) search: crate::search::Index,
    /// The size in bytes of each brief's PDF of the last good render, by the PDF's path
    /// (its page shows it, and is rendered again without the PDF).
    pub(crate) pdf_sizes: FxHashMap<String, usize>,
    /// Where PDFs made before are kept by their key, across builds (none: every PDF is
    /// typeset).
    pub pdf_store: Option<Arc<dyn PdfStore>>,
    /// PDFs are not made by the render but when asked for ([`crate::render::brief_pdf`]):
    /// `serve`, which should not typeset on every keystroke.
    pub lazy_pdfs: bool,
}

pub use crate::known::Known;

/// PDFs kept by their key ([`crate::render::pdf_key`]), so that an unchanged brief is not
/// typeset again. The build keeps them on disk (`.chancery-cache/pdf/`); a store that
/// fails just misses.
pub trait PdfStore: Send + Sync {
    /// What the PDF kept for `key` is known by, if one is kept (its bytes unread).
    fn known(&self, key: u128) -> Option<Known>;
    /// The PDF kept for `key`, if any.
    fn get(&self, key: u128) -> Option<Vec<u8>>;
    /// Keeps `bytes`, the PDF made for `key`.
    fn put(&self, key: u128, bytes: &[u8]);
}

impl std::fmt::Debug for RenderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderCache")
            .field("briefs", &self.briefs.len())
            .field("outputs", &self.fingerprints.len())
            .finish_non_exhaustive()
    }
}

impl RenderCache {
    /// Whether the last good render made an output at `path`.
    pub fn has_output(&self, path: &str) -> bool {
        self.fingerprints.contains_key(path)
    }
}

/// A brief's rendered markdown and keys, valid for the brief revision it was made from.
#[derive(Debug, Clone)]
pub(crate) struct BriefEntry {
    /// The key of the base URL and of the link table's answers to `link_reads` it was
    /// rendered with.
    pub links: u64,
    /// What its render looked up in the link table.
    pub link_reads: Arc<[crate::model::links::LinkRead]>,
    /// The site-wide key its summary value was made with.
    pub global: u64,
    pub rendered: Arc<Rendered>,
    /// The summary view, as a template value (shared: a `Value` clone copies it whole).
    pub summary_value: Arc<Value>,
    /// What the brief gives the search index.
    pub search: Arc<crate::search::DocTerms>,
    pub keys: BriefKeys,
    /// Where the brief shows on lists: where the next render looks for it once it changed
    /// or went (none from a lean prepare, which keeps no entries).
    pub shown: Option<Arc<crate::render::first::Shown>>,
}

/// Hashes of a brief's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct BriefKeys {
    /// Everything but the body: what lists, the timeline, citations and the sitemap show.
    pub meta: u64,
    /// The summary view: `meta` and the reading time.
    pub summary: u64,
    /// The whole brief page, feed entry and search entry: `meta` and the rendered body.
    pub page: u64,
    /// What the sitemap shows of it: its URL and dates.
    pub url: u64,
    /// The brief's part of its PDF's key ([`crate::render::pdf_key::brief_key`]; 0 when
    /// the site makes no PDFs).
    pub pdf: u128,
}

impl BriefKeys {
    /// The keys of brief `b`, whose body rendered to `r` and whose part of the search index
    /// has the key `search` (it holds the body's words).
    pub fn new(b: &Brief, r: &Rendered, search: u64) -> BriefKeys {
        let meta = BriefKeys::meta_of(b);
        let summary = hash_of(&(meta, r.reading_minutes()));
        // The JSON-LD lists the cited sources as the bibliography has them.
        let sources = (b.references.as_ref().map(|bib| bib.key), &r.citations.keys);
        let page = hash_of(&(meta, &r.html, &r.toc, search, r.word_count, &r.ids, sources));
        let url = hash_of(&(&b.slug, b.date, b.updated));
        BriefKeys { meta, summary, page, url, pdf: 0 }
    }

    /// The key of brief `b`'s fields (everything but the body).
    pub fn meta_of(b: &Brief) -> u64 {
        hash_of(&(
            (&b.path, &b.file_name, &b.slug, &b.title, b.date, b.updated, &b.summary, &b.key_points),
            (&b.taxonomies, &b.authors, &b.source, &b.seed, &b.events, b.draft),
            (&b.template, &b.aliases, serde_json::to_string(&b.extra).unwrap_or_default()),
            (&b.updates, &b.doi, &b.report_number, &b.series),
        ))
    }
}

/// The hash of `value` (stable within a process, which is all fingerprints need).
pub(crate) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The site-wide key: configuration, the `site` template variable, the templates and the
/// static files' paths (a static file can stand in for a built-in script).
pub(crate) fn global_key(site: &Site, site_view: &impl serde::Serialize) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{:?}", site.config).hash(&mut h);
    serde_json::to_string(site_view).unwrap_or_default().hash(&mut h);
    for t in &site.templates {
        (&t.name, &t.path, &t.text).hash(&mut h);
    }
    for f in &site.static_files {
        f.dest.hash(&mut h);
    }
    h.finish()
}

/// The key of a taxonomy's view: its names and each term's name, slug and count.
pub(crate) fn taxonomy_key(t: &Taxonomy) -> u64 {
    let mut h = DefaultHasher::new();
    (&t.name, &t.title, &t.singular).hash(&mut h);
    for term in &t.terms {
        (&term.name, &term.slug, term.briefs.len()).hash(&mut h);
    }
    h.finish()
}

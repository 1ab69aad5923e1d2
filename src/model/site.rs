//! `Site::build`: from loaded content to the model every renderer reads.
//!
//! Guarantees: briefs newest first (ties by slug), drafts left out unless asked for; duplicate
//! slugs and slugs that collide with the site's own sections are errors naming the files;
//! related briefs computed through the term index with bit-sliced counts (no pair-by-pair
//! pass), in parallel, with the same result whatever the thread count.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Brief, Content, Page, StaticFile, TemplateSource};
use crate::error::{Error, Result};
use crate::model::links::Links;
use crate::model::nav::{self, NavLink};
use crate::model::permalink::{self, Permalinks};
use crate::model::schedule::{self, Scheduled, Selection};
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
                let related = Arc::new(related_briefs(&briefs, &taxonomies));
                (taxonomies, related)
            }
        };
        let timeline = match same_briefs(&|a, b| {
            (a.date, a.updated, &a.events, &a.title, &a.updates) == (b.date, b.updated, &b.events, &b.title, &b.updates)
        }) {
            Some(e) => Arc::clone(&e.timeline),
            None => Arc::new(Timeline::build(&briefs)),
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

/// For each brief, the briefs sharing most terms with it (then newest, then by slug).
///
/// Counting shared terms pair by pair costs the sum of the term lists' lengths for every
/// brief. Instead each brief's counts are added up 64 briefs at a time, bit-sliced: one
/// 64-bit word per bit of the count, so a term shared by many briefs costs one word
/// operation per 64 briefs, and a rarely used term one operation per brief that has it.
/// Briefs are independent, so they are ranked in parallel; the result does not depend on
/// the number of threads.
fn related_briefs(briefs: &[Arc<Brief>], taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    related_among(briefs.len(), taxonomies)
}

/// [`related_briefs`] for `n` briefs, given only the taxonomies' term lists.
fn related_among(n: usize, taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    let words = n.div_ceil(64);
    // Each term's briefs, as a bit set when the list is long enough to make that cheaper.
    let terms: Vec<TermSet<'_>> = taxonomies
        .iter()
        .flat_map(|t| &t.terms)
        .map(|term| {
            if term.briefs.len() >= words {
                let mut bits = vec![0u64; words];
                for &j in &term.briefs {
                    bits[j / 64] |= 1 << (j % 64);
                }
                TermSet::Dense(bits)
            } else {
                TermSet::Sparse(&term.briefs)
            }
        })
        .collect();
    let mut terms_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, term) in taxonomies.iter().flat_map(|t| &t.terms).enumerate() {
        for &i in &term.briefs {
            terms_of[i].push(k);
        }
    }
    terms_of
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |planes, (i, own)| rank_related(i, own, &terms, words, planes))
        .collect()
}

/// The briefs of one term: a bit per brief, or the list of indices.
enum TermSet<'a> {
    Dense(Vec<u64>),
    Sparse(&'a [usize]),
}

/// Ranks the briefs sharing terms with brief `i` (whose terms are `own`) and keeps the
/// best [`RELATED`]: most shared terms first, then lowest index (newest). `planes` is
/// scratch space: plane `p` holds bit `p` of every brief's count.
fn rank_related(i: usize, own: &[usize], terms: &[TermSet<'_>], words: usize, planes: &mut Vec<u64>) -> Vec<usize> {
    if own.is_empty() {
        return Vec::new();
    }
    let bits = (usize::BITS - own.len().leading_zeros()) as usize;
    planes.clear();
    planes.resize(bits * words, 0);
    // Adds `mask` (one bit per brief) at word `w` to the counts: a ripple-carry add.
    let add = |planes: &mut [u64], w: usize, mut carry: u64| {
        for p in 0..bits {
            if carry == 0 {
                break;
            }
            let slot = &mut planes[p * words + w];
            let next = *slot & carry;
            *slot ^= carry;
            carry = next;
        }
    };
    for &k in own {
        match &terms[k] {
            TermSet::Dense(set) => {
                for (w, &mask) in set.iter().enumerate() {
                    add(planes, w, mask);
                }
            }
            TermSet::Sparse(list) => {
                for &j in *list {
                    add(planes, j / 64, 1 << (j % 64));
                }
            }
        }
    }
    let mut out = Vec::with_capacity(RELATED);
    for score in (1..=own.len()).rev() {
        for w in 0..words {
            let mut equal = !0u64;
            for p in 0..bits {
                let plane = planes[p * words + w];
                equal &= if score >> p & 1 == 1 { plane } else { !plane };
            }
            if w == i / 64 {
                equal &= !(1 << (i % 64));
            }
            while equal != 0 {
                out.push(w * 64 + equal.trailing_zeros() as usize);
                if out.len() == RELATED {
                    return out;
                }
                equal &= equal - 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::taxonomy::Term;

    /// The plain definition: count shared terms pair by pair, sort, take three.
    fn related_naive(n: usize, taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
        let mut terms_of: Vec<Vec<&[usize]>> = vec![Vec::new(); n];
        for term in taxonomies.iter().flat_map(|t| &t.terms) {
            for &i in &term.briefs {
                terms_of[i].push(&term.briefs);
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
                ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                ranked.into_iter().take(RELATED).map(|(j, _)| j).collect()
            })
            .collect()
    }

    #[test]
    fn can_rank_related_briefs_like_the_pairwise_definition() {
        // A deterministic spread of term lists, long (bit sets) and short (index lists).
        for n in [0, 1, 2, 5, 63, 64, 65, 200, 700] {
            let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ n as u64;
            let mut next = move |m: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % m as u64) as usize
            };
            let mut terms = Vec::new();
            for k in 0..25 {
                let density = [2, 3, 10, 40, 200][k % 5];
                let briefs: Vec<usize> = (0..n).filter(|_| next(density) == 0).collect();
                terms.push(Term { name: format!("t{k}"), slug: format!("t{k}"), briefs });
            }
            let taxonomy = Taxonomy { name: "topics".into(), title: "T".into(), singular: "T".into(), terms };
            let taxonomies = vec![taxonomy];
            assert_eq!(related_among(n, &taxonomies), related_naive(n, &taxonomies), "n = {n}");
        }
    }
}

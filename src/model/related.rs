//! Related briefs: for each brief, the three sharing most terms with it (then the newest),
//! computed from the term lists with bit-sliced counts, and after an edit taken from the
//! model before it wherever the edit cannot change them.
//!
//! Guarantees: the same lists as counting shared terms pair by pair (tested against that
//! definition, and the reuse against ranking all again), whatever the thread count.

use rayon::prelude::*;

use crate::model::taxonomy::Taxonomy;

/// How many related briefs a brief shows.
const RELATED: usize = 3;

/// For each brief, the briefs sharing most terms with it (then newest, then by slug).
///
/// Counting shared terms pair by pair costs the sum of the term lists' lengths for every
/// brief. Instead each brief's counts are added up 64 briefs at a time, bit-sliced: one
/// 64-bit word per bit of the count, so a term shared by many briefs costs one word
/// operation per 64 briefs, and a rarely used term one operation per brief that has it.
/// Briefs are independent, so they are ranked in parallel; the result does not depend on
/// the number of threads.
#[cfg(test)]
fn related_among(n: usize, taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    related_reusing(n, taxonomies, None)
}

/// The related briefs of `n` briefs, taking from `earlier` the lists no change can reach.
///
/// A brief's list stays (its numbers moved to the briefs' new places) when the brief is
/// unchanged, every brief of its list is too, and no changed brief now shares more terms
/// with it than its third, or as many and is newer. Unchanged briefs keep their order
/// among themselves (the same date and slug) and their counts (the same terms), so nothing
/// else can enter the list. The other briefs are ranked again. With many briefs changed
/// (more than one in 16, or four in a small site), all are ranked again.
pub(super) fn related_reusing(n: usize, taxonomies: &[Taxonomy], earlier: Option<Earlier<'_>>) -> Vec<Vec<usize>> {
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
    let kept = earlier.and_then(|e| kept_lists(&e, taxonomies, &terms_of));
    terms_of
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |planes, (i, own)| match kept.as_ref().and_then(|k| k[i].clone()) {
            Some(list) => list,
            None => rank_related(i, own, &terms, words, planes),
        })
        .collect()
}

/// What [`related_reusing`] may take from an earlier model.
#[derive(Debug)]
pub(super) struct Earlier<'a> {
    /// For each brief now, its place in the earlier model when it is unchanged there (the
    /// same date, slug and terms).
    pub same: Vec<Option<usize>>,
    /// The earlier model's lists, by its places.
    pub related: &'a [Vec<usize>],
}

/// For each brief, its earlier list moved to the new places when no change reaches it
/// (see [`related_reusing`]); `None` when too many briefs changed to be worth it.
fn kept_lists(
    earlier: &Earlier<'_>,
    taxonomies: &[Taxonomy],
    terms_of: &[Vec<usize>],
) -> Option<Vec<Option<Vec<usize>>>> {
    let n = terms_of.len();
    let changed: Vec<usize> = (0..n).filter(|&j| earlier.same.get(j).copied().flatten().is_none()).collect();
    if changed.len() * 16 > n.max(64) || earlier.same.len() != n {
        return None;
    }
    let mut now_of = vec![None; earlier.related.len()];
    for (j, old) in earlier.same.iter().enumerate() {
        if let Some(&o) = old.as_ref()
            && let Some(slot) = now_of.get_mut(o)
        {
            *slot = Some(j);
        }
    }
    // The earlier list of each unchanged brief, if all of it is unchanged too.
    let mut kept: Vec<Option<Vec<usize>>> = earlier
        .same
        .iter()
        .map(|old| {
            let list = earlier.related.get((*old)?)?;
            list.iter().map(|&o| now_of.get(o).copied().flatten()).collect()
        })
        .collect();
    let shared = |a: &[usize], b: &[usize]| a.iter().filter(|k| b.binary_search(k).is_ok()).count();
    let all_terms: Vec<&[usize]> = taxonomies.iter().flat_map(|t| &t.terms).map(|t| t.briefs.as_slice()).collect();
    let mut count = vec![0usize; n];
    let mut touched = Vec::new();
    for &c in &changed {
        for &k in &terms_of[c] {
            for &j in all_terms[k] {
                if count[j] == 0 {
                    touched.push(j);
                }
                count[j] += 1;
            }
        }
        for j in touched.drain(..) {
            let score = std::mem::take(&mut count[j]);
            if j == c {
                continue;
            }
            let Some(list) = kept[j].as_ref() else { continue };
            let beats = match list.get(RELATED - 1) {
                None => true,
                Some(&third) => {
                    let third_score = shared(&terms_of[j], &terms_of[third]);
                    score > third_score || (score == third_score && c < third)
                }
            };
            if beats {
                kept[j] = None;
            }
        }
    }
    Some(kept)
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

    /// A site of `(id, terms)` briefs in order: its taxonomy of 12 terms.
    fn taxonomy_of(briefs: &[(u32, Vec<usize>)]) -> Vec<Taxonomy> {
        let terms = (0..12)
            .map(|k| Term {
                name: format!("t{k}"),
                slug: format!("t{k}"),
                briefs: briefs.iter().enumerate().filter(|(_, b)| b.1.contains(&k)).map(|(i, _)| i).collect(),
            })
            .collect();
        vec![Taxonomy { name: "topics".into(), title: "T".into(), singular: "T".into(), terms }]
    }

    #[test]
    fn can_reuse_related_briefs_after_an_edit_with_the_result_of_ranking_all() {
        let mut rng = fastrand::Rng::with_seed(2026);
        let mut reused = 0;
        for round in 0..300 {
            let n = rng.usize(1..120);
            let terms = |rng: &mut fastrand::Rng| {
                let mut t: Vec<usize> = (0..rng.usize(0..4)).map(|_| rng.usize(0..12)).collect();
                t.sort_unstable();
                t.dedup();
                t
            };
            let before: Vec<(u32, Vec<usize>)> = (0..n as u32).map(|id| (id, terms(&mut rng))).collect();
            // One edit: a brief deleted, added (anywhere in the order), moved or retagged.
            let mut after = before.clone();
            let at = rng.usize(0..n);
            match round % 4 {
                0 => {
                    after.remove(at);
                }
                1 => after.insert(rng.usize(0..=n), (1000 + round, terms(&mut rng))),
                2 => {
                    let moved = after.remove(at);
                    after.insert(rng.usize(0..n), (moved.0 + 2000, moved.1));
                }
                _ => after[at].1 = terms(&mut rng),
            }
            let old_taxonomies = taxonomy_of(&before);
            let old = related_among(before.len(), &old_taxonomies);
            let same: Vec<Option<usize>> = after.iter().map(|b| before.iter().position(|a| a == b)).collect();
            let taxonomies = taxonomy_of(&after);
            let earlier = Earlier { same, related: &old };
            let terms_of: Vec<Vec<usize>> =
                after.iter().map(|b| (0..12).filter(|k| b.1.contains(k)).collect()).collect();
            reused += kept_lists(&earlier, &taxonomies, &terms_of).map_or(0, |k| k.iter().flatten().count());
            assert_eq!(
                related_reusing(after.len(), &taxonomies, Some(earlier)),
                related_among(after.len(), &taxonomies),
                "round {round}: {before:?} -> {after:?}"
            );
        }
        assert!(reused > 1000, "the lists were reused: {reused}");
    }
}

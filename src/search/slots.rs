//! [`slots`]: the number each brief has in the index, a function of the briefs' dates and
//! slugs alone.
//!
//! Each month with briefs takes a run of slots, its brief count rounded up to
//! [`MONTH_SLOTS`]; runs follow each other in date order, and a month's briefs take the
//! first slots of its run by date, then slug. The unused slots at the end of a run are holes
//! no file lists. So a brief added to its month (the usual case: the newest) or removed from
//! it renumbers only the later briefs of that month, and the runs of the other months stay
//! where they were unless the month's run grows or shrinks by [`MONTH_SLOTS`] or the month
//! gets its first brief or loses its last.
//!
//! Guarantees: pure; the same briefs in any order get the same slots; slots are distinct and
//! ascend with (date, slug).

/// A month's run of slots is a multiple of this (and record fragments divide it).
pub const MONTH_SLOTS: usize = 64;

/// The slot of each of `keys` ((date `YYYY-MM-DD`, slug) pairs, in any order), and the
/// number of slots.
pub fn slots(keys: &[(&str, &str)]) -> (Vec<u32>, usize) {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let month = |i: usize| keys[i].0.get(..7).unwrap_or(keys[i].0);
    let mut out = vec![0u32; keys.len()];
    let mut base = 0usize;
    let mut at = 0;
    while at < order.len() {
        let m = month(order[at]);
        let mut end = at;
        while end < order.len() && month(order[end]) == m {
            out[order[end]] = (base + end - at) as u32;
            end += 1;
        }
        base += (end - at).div_ceil(MONTH_SLOTS) * MONTH_SLOTS;
        at = end;
    }
    (out, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_give_each_month_its_own_run_of_slots() {
        let keys = [("2024-02-01", "c"), ("2024-01-05", "b"), ("2024-01-05", "a"), ("2024-03-09", "d")];
        let (s, n) = slots(&keys);
        assert_eq!(s, [64, 1, 0, 128]);
        assert_eq!(n, 192);
    }

    #[test]
    fn can_renumber_only_the_later_briefs_of_one_month() {
        let dates: Vec<String> = (0..300).map(|i| format!("2024-{:02}-{:02}", 1 + i / 28 % 12, 1 + i % 28)).collect();
        let slugs: Vec<String> = (0..300).map(|i| format!("b{i:03}")).collect();
        let keys: Vec<(&str, &str)> = dates.iter().map(String::as_str).zip(slugs.iter().map(String::as_str)).collect();
        let (before, n) = slots(&keys);
        // Brief 40 (in February) removed: only February's later briefs move.
        let fewer: Vec<(&str, &str)> = keys.iter().enumerate().filter(|&(i, _)| i != 40).map(|(_, k)| *k).collect();
        let (after, m) = slots(&fewer);
        assert_eq!(n, m);
        let moved: Vec<usize> =
            (0..300).filter(|&i| i != 40).filter(|&i| before[i] != after[if i < 40 { i } else { i - 1 }]).collect();
        assert!(moved.iter().all(|&i| keys[i].0.starts_with("2024-02") && keys[i] > keys[40]), "{moved:?}");
        assert!(!moved.is_empty());
        // Any order gives the same slots.
        let mut reversed = keys.clone();
        reversed.reverse();
        let (r, _) = slots(&reversed);
        assert_eq!(r.into_iter().rev().collect::<Vec<_>>(), before);
    }
}

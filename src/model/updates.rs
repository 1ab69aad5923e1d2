//! The site's record of changes: every non-minor change note of every brief, newest first,
//! for `/updates/` and `updates.xml`.
//!
//! Guarantees: pure; newest first, ties by brief order (newest brief first) then the order
//! the brief lists its notes, so the order never depends on input order.

use std::sync::Arc;

use crate::content::Brief;

/// One change note of the site: brief `brief`'s update number `update` (indices into the
/// site's briefs and that brief's `updates`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UpdateRef {
    /// Index into the site's briefs.
    pub brief: usize,
    /// Index into that brief's `updates` (newest first).
    pub update: usize,
}

/// The non-minor updates of `briefs`, newest first.
pub fn site_updates(briefs: &[Arc<Brief>]) -> Vec<UpdateRef> {
    let mut out: Vec<UpdateRef> = briefs
        .iter()
        .enumerate()
        .flat_map(|(brief, b)| {
            b.updates.iter().enumerate().filter(|(_, u)| !u.minor).map(move |(update, _)| UpdateRef { brief, update })
        })
        .collect();
    let date = |r: &UpdateRef| briefs[r.brief].updates[r.update].date;
    out.sort_by(|a, b| date(b).cmp(&date(a)).then_with(|| (a.brief, a.update).cmp(&(b.brief, b.update))));
    out
}

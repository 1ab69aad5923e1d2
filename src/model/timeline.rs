//! The site-wide timeline: every brief's events plus its publication date and its updates
//! (each non-minor change note, with its note; else the `updated:` date).
//!
//! Guarantees: entries in chronological order; ties broken by kind, title and brief, so the
//! order never depends on input order.

use std::sync::Arc;

use crate::content::Brief;
use crate::content::date::PartialDate;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Something the brief reports.
    Event,
    /// The brief's publication.
    Published,
    /// The brief's update.
    Updated,
}

/// One dated line on the timeline: small, its words read from the brief it comes from
/// ([`Entry::title`], [`Entry::note`]), so that making the timeline of a large site copies
/// no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// When.
    pub date: PartialDate,
    /// What.
    pub kind: EntryKind,
    /// Index into the site's briefs.
    pub brief: usize,
    /// For an event, its index in the brief's events; for an update with a change note,
    /// the note's index in the brief's updates.
    pub item: Option<u32>,
}

impl Entry {
    /// Its line: the event's title, else the brief's.
    pub fn title<'b>(&self, briefs: &'b [Arc<Brief>]) -> &'b str {
        let b = &briefs[self.brief];
        match (self.kind, self.item) {
            (EntryKind::Event, Some(k)) => b.events.get(k as usize).map_or(b.title.as_str(), |e| e.title.as_str()),
            _ => &b.title,
        }
    }

    /// For an update: its change note.
    pub fn note<'b>(&self, briefs: &'b [Arc<Brief>]) -> Option<&'b str> {
        match (self.kind, self.item) {
            (EntryKind::Updated, Some(k)) => briefs[self.brief].updates.get(k as usize).map(|u| u.note.as_str()),
            _ => None,
        }
    }
}

/// All entries, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Chronological entries.
    pub entries: Vec<Entry>,
}

impl Timeline {
    /// Collects the entries of `briefs` (indices refer to this slice).
    pub fn build(briefs: &[Arc<Brief>]) -> Timeline {
        Timeline::build_reusing(briefs, None)
    }

    /// [`Timeline::build`], taking the entries of the briefs `earlier` (its briefs and its
    /// timeline) had unchanged (the same `Arc`) from it: only the changed briefs' entries
    /// are made, and the sort runs over a list already in order but for those. The same
    /// entries in the same order as a build from nothing.
    pub fn build_reusing(briefs: &[Arc<Brief>], earlier: Option<(&[Arc<Brief>], &Timeline)>) -> Timeline {
        let mut entries = Vec::new();
        let mut made: Vec<bool> = vec![false; briefs.len()];
        if let Some((before, timeline)) = earlier {
            let now: rustc_hash::FxHashMap<*const Brief, usize> =
                briefs.iter().enumerate().map(|(i, b)| (Arc::as_ptr(b), i)).collect();
            let place: Vec<Option<usize>> = before.iter().map(|b| now.get(&Arc::as_ptr(b)).copied()).collect();
            entries.reserve(timeline.entries.len());
            for e in &timeline.entries {
                if let Some(i) = place.get(e.brief).copied().flatten() {
                    entries.push(Entry { brief: i, ..*e });
                }
            }
            for i in place.into_iter().flatten() {
                made[i] = true;
            }
        }
        for (i, b) in briefs.iter().enumerate().filter(|(i, _)| !made[*i]) {
            entries_of(b, i, &mut entries);
        }
        let key = |e: &Entry| (e.date, e.kind, e.title(briefs), e.brief, e.note(briefs));
        // Stable, so a list in order but for a few entries costs about one pass. Entries
        // equal in all of these are the same line twice: their order cannot show.
        entries.sort_by(|a, b| key(a).cmp(&key(b)));
        Timeline { entries }
    }
}

/// Adds the entries of brief `b` (index `i`) to `entries`.
fn entries_of(b: &Brief, i: usize, entries: &mut Vec<Entry>) {
    let item = |k: usize| u32::try_from(k).ok();
    for (k, e) in b.events.iter().enumerate() {
        entries.push(Entry { date: e.date, kind: EntryKind::Event, brief: i, item: item(k) });
    }
    entries.push(Entry { date: b.date, kind: EntryKind::Published, brief: i, item: None });
    // Each non-minor change note is an update; without any, `updated:` alone is one.
    let mut noted = false;
    for (k, u) in b.updates.iter().enumerate().filter(|(_, u)| !u.minor) {
        noted = true;
        entries.push(Entry { date: u.date, kind: EntryKind::Updated, brief: i, item: item(k) });
    }
    if let Some(u) = b.updated.filter(|_| !noted) {
        entries.push(Entry { date: u, kind: EntryKind::Updated, brief: i, item: None });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn brief(file: &str, front: &str) -> Arc<Brief> {
        let text = format!("---\ntitle: {file}\nsummary: About {file}.\n{front}\n---\nBody.\n");
        Arc::new(Brief::parse(Path::new(&format!("content/briefs/{file}.md")), &text, &[]).expect("valid"))
    }

    fn lines(briefs: &[Arc<Brief>], t: &Timeline) -> Vec<(String, EntryKind, String, String, Option<String>)> {
        let line = |e: &Entry| {
            let (title, note) = (e.title(briefs).to_owned(), e.note(briefs).map(str::to_owned));
            (e.date.iso(), e.kind, title, briefs[e.brief].slug.clone(), note)
        };
        t.entries.iter().map(line).collect()
    }

    #[test]
    fn can_reuse_the_entries_of_unchanged_briefs_in_the_order_of_a_fresh_build() {
        let events = "events:\n  - { date: 2024-03, title: Vote }\n  - { date: 2023-01-02, title: Talks }";
        let a = brief("a", &format!("date: 2024-05-01\n{events}"));
        let b = brief("b", "date: 2024-05-01\nupdated: 2024-06-01");
        let c = brief("c", "date: 2023-01-02\nupdates:\n  - { date: 2024-02-01, note: Fixed a figure }");
        let before = vec![Arc::clone(&a), Arc::clone(&b), Arc::clone(&c)];
        let earlier = Timeline::build(&before);
        // `b` redated and moved to the front, `c` gone, `d` new with an entry tied with `a`'s.
        let b2 = brief("b", "date: 2025-01-01");
        let d = brief("d", "date: 2024-03-01\nevents:\n  - { date: 2024-03, title: Vote }");
        let now = vec![b2, Arc::clone(&a), d];
        let reused = Timeline::build_reusing(&now, Some((&before, &earlier)));
        let fresh = Timeline::build(&now);
        assert_eq!(lines(&now, &reused), lines(&now, &fresh));
        assert_eq!(reused.entries, fresh.entries);
        assert_eq!(fresh.entries.len(), 3 + 1 + 2);
        assert!(lines(&before, &earlier).iter().any(|l| l.4.as_deref() == Some("Fixed a figure")));
    }
}

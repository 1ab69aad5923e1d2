//! The site-wide timeline: every brief's events plus its publication and update dates.
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

/// One dated line on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// When.
    pub date: PartialDate,
    /// What.
    pub kind: EntryKind,
    /// One line.
    pub title: String,
    /// Index into the site's briefs.
    pub brief: usize,
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
        let mut entries = Vec::new();
        for (i, b) in briefs.iter().enumerate() {
            for e in &b.events {
                entries.push(Entry { date: e.date, kind: EntryKind::Event, title: e.title.clone(), brief: i });
            }
            entries.push(Entry { date: b.date, kind: EntryKind::Published, title: b.title.clone(), brief: i });
            if let Some(u) = b.updated {
                entries.push(Entry { date: u, kind: EntryKind::Updated, title: b.title.clone(), brief: i });
            }
        }
        entries.sort_by(|a, b| (a.date, a.kind, &a.title, a.brief).cmp(&(b.date, b.kind, &b.title, b.brief)));
        Timeline { entries }
    }
}

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

/// One dated line on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// When.
    pub date: PartialDate,
    /// What.
    pub kind: EntryKind,
    /// One line.
    pub title: String,
    /// For an update: its change note.
    pub note: Option<String>,
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
                entries.push(Entry {
                    date: e.date,
                    kind: EntryKind::Event,
                    title: e.title.clone(),
                    note: None,
                    brief: i,
                });
            }
            let title = b.title.clone();
            entries.push(Entry {
                date: b.date,
                kind: EntryKind::Published,
                title: title.clone(),
                note: None,
                brief: i,
            });
            // Each non-minor change note is an update; without any, `updated:` alone is one.
            let notes: Vec<_> = b.updates.iter().filter(|u| !u.minor).collect();
            for u in &notes {
                let note = Some(u.note.clone());
                entries.push(Entry { date: u.date, kind: EntryKind::Updated, title: title.clone(), note, brief: i });
            }
            if let Some(u) = b.updated.filter(|_| notes.is_empty()) {
                entries.push(Entry { date: u, kind: EntryKind::Updated, title, note: None, brief: i });
            }
        }
        entries.sort_by(|a, b| {
            (a.date, a.kind, &a.title, a.brief, &a.note).cmp(&(b.date, b.kind, &b.title, b.brief, &b.note))
        });
        Timeline { entries }
    }
}

//! Which briefs a build publishes: drafts only when asked for, and briefs dated after
//! "today" (scheduled) only with `--future`.
//!
//! Guarantees: pure and clock-free: "today" is data the caller passes in (the CLI reads
//! `--as-of`, `SOURCE_DATE_EPOCH` or the clock), so a build with a given day is the same
//! whenever it runs; without a day no brief is held back.

use std::path::PathBuf;

use crate::content::Brief;
use crate::content::date::PartialDate;

/// What a build leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep drafts (`--drafts`).
    pub drafts: bool,
    /// Keep briefs dated after `today` (`--future`).
    pub future: bool,
    /// The day the site is built as of; `None` holds no brief back.
    pub today: Option<PartialDate>,
}

impl Selection {
    /// Whether `brief` is scheduled: dated after today.
    pub fn is_scheduled(&self, brief: &Brief) -> bool {
        self.today.is_some_and(|today| brief.date > today)
    }

    /// Whether the build publishes `brief`.
    pub fn keeps(&self, brief: &Brief) -> bool {
        (self.drafts || !brief.draft) && (self.future || !self.is_scheduled(brief))
    }
}

/// A brief dated after today, for `check` to list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scheduled {
    /// Its publication date.
    pub date: PartialDate,
    /// Its file.
    pub path: PathBuf,
    /// Whether this build publishes it anyway (`--future`).
    pub built: bool,
}

/// The scheduled briefs among `briefs` (drafts left out unless kept), by date then file.
pub fn scheduled<'a>(selection: &Selection, briefs: impl Iterator<Item = &'a Brief>) -> Vec<Scheduled> {
    let mut out: Vec<Scheduled> = briefs
        .filter(|b| selection.is_scheduled(b) && (selection.drafts || !b.draft))
        .map(|b| Scheduled { date: b.date, path: b.path.clone(), built: selection.future })
        .collect();
    out.sort();
    out
}

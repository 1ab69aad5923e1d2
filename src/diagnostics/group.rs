//! Grouping warnings for display: the same kind of warning on many files is shown once,
//! with a count and the first few files, so a corpus of 10,000 briefs without key points
//! gives one line, not 10,000.
//!
//! Guarantees: deterministic (warnings come sorted by file and line; a group stands where
//! its first warning would); nothing is dropped silently: a group says how many files it
//! stands for and shows the first [`SHOWN`]; with `all`, every warning is listed.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use super::Warning;

/// A kind of warning on more than this many files is shown as one group.
pub const GROUP_ABOVE: usize = 5;
/// How many files a group names.
pub const SHOWN: usize = 3;

/// One line of the warning report: a warning, or a group of warnings of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningLine<'a> {
    /// A warning shown on its own.
    One(&'a Warning),
    /// Warnings of one kind on many files.
    Group(WarningGroup<'a>),
}

/// Warnings of one kind on more than [`GROUP_ABOVE`] files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningGroup<'a> {
    /// What they say (`no key points`).
    pub kind: &'a str,
    /// The files they are about, sorted, each once.
    pub files: Vec<&'a Path>,
    /// The warnings' advice, when they all give the same.
    pub hint: Option<&'a str>,
}

impl fmt::Display for WarningGroup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.files.len();
        write!(f, "{} ({}): ", self.kind, super::plural(n, "brief"))?;
        let shown: Vec<String> = self.files.iter().take(SHOWN).map(|p| p.display().to_string()).collect();
        write!(f, "{}", shown.join(", "))?;
        if n > SHOWN {
            write!(f, " and {} more", n - SHOWN)?;
        }
        Ok(())
    }
}

/// The lines to show for `warnings` (sorted by file and line, as `check::warnings` gives
/// them): with `all`, one per warning; otherwise each kind found on more than
/// [`GROUP_ABOVE`] files becomes one group, at the place of its first warning.
pub fn group_warnings(warnings: &[Warning], all: bool) -> Vec<WarningLine<'_>> {
    if all {
        return warnings.iter().map(WarningLine::One).collect();
    }
    let mut files: HashMap<&str, BTreeSet<&Path>> = HashMap::new();
    for w in warnings {
        files.entry(w.kind()).or_default().insert(&w.path);
    }
    let mut out = Vec::new();
    let mut grouped: HashMap<&str, bool> = HashMap::new();
    for w in warnings {
        let kind = w.kind();
        let on = &files[kind];
        if on.len() <= GROUP_ABOVE {
            out.push(WarningLine::One(w));
            continue;
        }
        if grouped.insert(kind, true).is_some() {
            continue;
        }
        let mut hints = warnings.iter().filter(|o| o.kind() == kind).map(|o| o.hint.as_deref());
        let first = hints.next().flatten();
        let hint = if hints.all(|h| h == first) { first } else { None };
        out.push(WarningLine::Group(WarningGroup { kind, files: on.iter().copied().collect(), hint }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(file: &str, message: &str, kind: &'static str) -> Warning {
        Warning::new(Path::new(file), 1, message).with_kind(kind).with_hint("do this")
    }

    #[test]
    fn can_group_one_kind_on_many_files() {
        let mut warnings: Vec<Warning> = (0..20)
            .map(|i| warning(&format!("content/briefs/b{i:02}.md"), "the brief has no key_points", "no key points"))
            .collect();
        warnings.push(warning("content/briefs/b03.md", "the summary has 4 sentences", "long summary"));
        warnings.sort();
        let lines = group_warnings(&warnings, false);
        assert_eq!(lines.len(), 2);
        match &lines[0] {
            WarningLine::Group(g) => {
                assert_eq!(
                    g.to_string(),
                    "no key points (20 briefs): content/briefs/b00.md, content/briefs/b01.md, content/briefs/b02.md and 17 more"
                );
                assert_eq!(g.hint, Some("do this"));
            }
            other => panic!("expected a group, got {other:?}"),
        }
        assert!(matches!(&lines[1], WarningLine::One(w) if w.message.contains("4 sentences")));
        assert_eq!(group_warnings(&warnings, true).len(), 21, "--all-warnings lists every one");
    }

    #[test]
    fn can_show_five_files_one_by_one() {
        let warnings: Vec<Warning> = (0..5).map(|i| warning(&format!("b{i}.md"), "m", "k")).collect();
        assert!(group_warnings(&warnings, false).iter().all(|l| matches!(l, WarningLine::One(_))));
        // Six warnings of one kind on only two files are no group either: it counts files.
        let warnings: Vec<Warning> = (0..6).map(|i| warning(&format!("b{}.md", i % 2), "m", "k")).collect();
        assert_eq!(group_warnings(&warnings, false).len(), 6);
    }

    #[test]
    fn can_group_by_kind_not_by_message() {
        let warnings: Vec<Warning> = (0..6)
            .map(|i| warning(&format!("b{i}.md"), &format!("the summary has {} sentences", i + 4), "long summary"))
            .collect();
        let lines = group_warnings(&warnings, false);
        assert_eq!(lines.len(), 1);
        assert!(
            matches!(&lines[0], WarningLine::Group(g) if g.to_string().starts_with("long summary (6 briefs): b0.md, b1.md, b2.md and 3 more"))
        );
    }
}

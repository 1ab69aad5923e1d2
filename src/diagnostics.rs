//! `check`: the whole pipeline run in memory, every problem reported at once, plus
//! warnings (non-fatal advice such as a brief without key points).
//!
//! Guarantees: `check` writes nothing; errors are flattened one per problem, each with its
//! file and (where known) line and column; warnings are sorted by file and line, so two
//! runs print the same report.

mod group;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::Site;
use crate::{BuildOptions, render_site};
pub use group::{GROUP_ABOVE, SHOWN, WarningGroup, WarningLine, group_warnings};

/// A problem that does not stop a build, with its place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The file it is about, relative to the site root.
    pub path: PathBuf,
    /// 1-based line (0 when it is about the whole file).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What looks wrong.
    pub message: String,
    /// What to do about it, if there is advice.
    pub hint: Option<String>,
    /// What kind of problem it is, for grouping (`no key points`); `None`: the message.
    pub kind: Option<&'static str>,
}

impl Warning {
    /// A warning about `path` at `line` (0: the whole file).
    pub fn new(path: &Path, line: usize, message: impl Into<String>) -> Warning {
        Warning { path: path.to_path_buf(), line, column: 0, message: message.into(), hint: None, kind: None }
    }

    /// Names the kind of problem, so warnings whose messages differ in detail (a count, a
    /// name) are grouped as one kind.
    pub fn with_kind(mut self, kind: &'static str) -> Warning {
        self.kind = Some(kind);
        self
    }

    /// The kind of problem: the one named, else the message itself.
    pub fn kind(&self) -> &str {
        self.kind.unwrap_or(&self.message)
    }

    /// Adds advice.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Warning {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col` (leaving out what is unknown).
    pub fn location(&self) -> String {
        let mut out = self.path.display().to_string();
        if self.line > 0 {
            out.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                out.push_str(&format!(":{}", self.column));
            }
        }
        out
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Problems that fail a build, one per problem.
    pub errors: Vec<Error>,
    /// Advice that does not fail a build.
    pub warnings: Vec<Warning>,
    /// Briefs that would be published (0 when the site did not get that far).
    pub briefs: usize,
}

impl CheckReport {
    /// `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        format!("{}, {}", plural(self.errors.len(), "error"), plural(self.warnings.len(), "warning"))
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// Runs the whole pipeline without writing anything and reports every problem.
pub fn check(options: &BuildOptions) -> CheckReport {
    match render_site(options) {
        Ok((site, _)) => CheckReport { errors: Vec::new(), warnings: warnings(&site), briefs: site.briefs.len() },
        Err(e) => CheckReport { errors: e.into_list(), warnings: Vec::new(), briefs: 0 },
    }
}

/// The warnings of a built site model, sorted.
pub fn warnings(site: &Site) -> Vec<Warning> {
    let mut out: Vec<Warning> = site.briefs.iter().flat_map(|b| b.warnings.iter().cloned()).collect();
    out.extend(site.pages.iter().flat_map(|p| p.warnings.iter().cloned()));
    out.sort();
    out
}

/// The known name closest to `unknown`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Rewrites a serde/YAML message into a shorter one plus a hint: unknown fields get a
/// did-you-mean, type mismatches an example of the expected form.
pub(crate) fn explain_yaml(message: &str) -> (String, Option<String>) {
    if let Some(start) = message.find("unknown field `") {
        let rest = &message[start + "unknown field `".len()..];
        let Some(end) = rest.find('`') else {
            return (message.to_owned(), None);
        };
        let unknown = &rest[..end];
        let expected: Vec<&str> =
            rest[end + 1..].split('`').skip(1).step_by(2).filter(|name| !name.is_empty()).collect();
        let short = message[..start + "unknown field `".len() + end + 1].to_owned();
        let hint = match did_you_mean(unknown, expected.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None if expected.is_empty() => "this section takes no fields".to_owned(),
            None => {
                format!("expected one of {}", expected.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
            }
        };
        return (short, Some(hint));
    }
    if message.contains("invalid type") {
        let hint = if message.ends_with("expected a sequence") {
            Some("write a list: one `- item` per line, or `[first, second]`")
        } else if message.ends_with("expected a string") {
            Some("write a single text value; quote it if it contains `: ` or starts with `[`, `{` or `*`")
        } else if message.ends_with("expected a boolean") {
            Some("write `true` or `false`")
        } else if message.contains("expected struct") {
            Some("write a mapping of `key: value` lines, indented under this key")
        } else {
            None
        };
        return (message.to_owned(), hint.map(str::to_owned));
    }
    if message.contains("missing field `") {
        return (message.to_owned(), Some("add it to the front-matter (see `chancery schema brief`)".to_owned()));
    }
    if message.contains("recursion limit exceeded") || message.contains("repetition limit exceeded") {
        return (
            message.to_owned(),
            Some("the YAML nests or repeats aliases too deeply to be real front-matter".to_owned()),
        );
    }
    let syntax = [
        (
            "mapping values are not allowed",
            "quote a value that contains `: ` (summary: \"a: b\"), and start every key at the same indentation",
        ),
        ("did not find expected ',' or ']'", "a `[` list opened above is never closed with `]`"),
        ("did not find expected ',' or '}'", "a `{` mapping opened above is never closed with `}`"),
        ("found unexpected end of stream", "a quote or bracket opened above is never closed"),
        ("did not find expected key", "check the indentation: keys of one mapping must line up"),
        (
            "found character that cannot start any token",
            "tabs cannot indent YAML; quote values that start with `@` or `` ` ``",
        ),
    ];
    let hint = syntax.iter().find(|(needle, _)| message.contains(needle)).map(|(_, hint)| (*hint).to_owned());
    (message.to_owned(), hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_suggest_close_field_names() {
        assert_eq!(did_you_mean("sumary", ["title", "summary", "seed"]), Some("summary"));
        assert_eq!(did_you_mean("colour", ["title", "summary"]), None);
    }

    #[test]
    fn can_explain_unknown_field_messages() {
        let (msg, hint) = explain_yaml("source: unknown field `titel`, expected one of `publisher`, `title`, `url`");
        assert_eq!(msg, "source: unknown field `titel`");
        assert_eq!(hint.as_deref(), Some("did you mean `title`?"));
        let (_, hint) = explain_yaml("unknown field `zzz`, expected `name` or `url`");
        assert_eq!(hint.as_deref(), Some("expected one of `name`, `url`"));
    }

    #[test]
    fn can_count_in_summary_line() {
        let report =
            CheckReport { errors: Vec::new(), warnings: vec![Warning::new(Path::new("a"), 1, "w")], briefs: 0 };
        assert_eq!(report.summary(), "0 errors, 1 warning");
    }
}

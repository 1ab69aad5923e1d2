//! Warnings: problems that do not stop a build, each with its place in a file, advice and
//! a kind for grouping.

use std::fmt;
use std::path::{Path, PathBuf};

use super::location::Location;

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
        Location::new(&self.path, self.line, self.column).to_string()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

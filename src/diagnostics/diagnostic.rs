//! [`Diagnostic`]: one error told in full, the way every front end shows it: where
//! (file, line, column), what (the message) and what to do (the hint). The CLI prints it
//! as `path:line:col: error: message` with a `hint:` line; `serve` shows the same fields in
//! its overlay and its status JSON.

use std::fmt;
use std::path::Path;

use serde::Serialize;

use super::location::Location;

/// One individual error, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file at fault, relative to the site's root when known (empty when the error is
    /// about no file).
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong, without the place.
    pub message: String,
    /// What to do about it, if there is advice (`null` in JSON when there is none).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// `path:line:col`, leaving out what is unknown; empty when there is no file.
    pub fn location(&self) -> String {
        if self.file.is_empty() {
            return String::new();
        }
        Location::new(Path::new(&self.file), self.line, self.column).to_string()
    }
}

/// `path:line:col: error: message`, and `  hint: …` on a second line when there is one:
/// the CLI's form, without colour.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.location();
        if location.is_empty() {
            write!(f, "error: {}", self.message)?;
        } else {
            write!(f, "{location}: error: {}", self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(file: &str, line: usize, column: usize, hint: Option<&str>) -> Diagnostic {
        Diagnostic { file: file.into(), line, column, message: "bad".into(), hint: hint.map(str::to_owned) }
    }

    #[test]
    fn can_show_like_the_cli() {
        assert_eq!(diagnostic("a.md", 3, 7, None).to_string(), "a.md:3:7: error: bad");
        assert_eq!(diagnostic("a.md", 3, 0, Some("fix it")).to_string(), "a.md:3: error: bad\n  hint: fix it");
        assert_eq!(diagnostic("", 3, 7, None).to_string(), "error: bad");
        assert_eq!(diagnostic("", 0, 0, None).location(), "");
    }
}

//! `path:line:col`: how every error and warning names its place, leaving out what is
//! unknown (a line or column of 0).

use std::fmt;
use std::path::Path;

/// A place in a file: 1-based line and column, 0 when unknown. Shown as `path:line:col`,
/// `path:line` or `path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location<'a> {
    /// The file.
    pub path: &'a Path,
    /// 1-based line (0: the whole file).
    pub line: usize,
    /// 1-based column (0: unknown; not shown without a line).
    pub column: usize,
}

impl<'a> Location<'a> {
    /// The place `line`:`column` in `path`.
    pub fn new(path: &'a Path, line: usize, column: usize) -> Location<'a> {
        Location { path, line, column }
    }
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_leave_out_unknown_line_and_column() {
        let p = Path::new("content/briefs/a.md");
        assert_eq!(Location::new(p, 3, 7).to_string(), "content/briefs/a.md:3:7");
        assert_eq!(Location::new(p, 3, 0).to_string(), "content/briefs/a.md:3");
        assert_eq!(Location::new(p, 0, 7).to_string(), "content/briefs/a.md");
    }
}

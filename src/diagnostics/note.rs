//! Notes: things a build did on purpose that the author should know of, such as a static
//! file standing in for a file Chancery would generate. Neither an error nor a warning:
//! nothing is wrong, and no strictness setting turns a note into a failure.

use std::fmt;
use std::path::PathBuf;

/// Something the build did that is worth telling, about one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The file it is about, as shown in messages.
    pub path: PathBuf,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

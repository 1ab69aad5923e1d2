//! Diagnostics: the vocabulary every error and warning is told in. A leaf of the crate: it
//! depends on nothing of the pipeline (no model, content, config or renderer), so the
//! error type and every stage can use it.
//!
//! - `location`: [`Location`], `path:line:col`, leaving out what is unknown;
//! - `diagnostic`: [`Diagnostic`], one error told in full: place, message, hint;
//! - `warning`: [`Warning`], a non-fatal problem with its place, hint and kind;
//! - `note`: [`Note`], something a build did on purpose worth telling (not a problem);
//! - `group`: [`group_warnings`], one line for a kind of warning found on many files;
//! - `suggest`: [`did_you_mean`] for misspelt names;
//! - `yaml`: serde_yaml's messages made shorter, with a hint;
//! - [`plural`]: `1 error`, `2 errors`.
//!
//! Running the pipeline to collect them (`check()`, a site's warnings) is the job of the
//! `check` module at the top of the pipeline.

mod diagnostic;
mod group;
mod location;
mod note;
mod suggest;
mod warning;
mod yaml;

pub use diagnostic::Diagnostic;
pub use group::{GROUP_ABOVE, SHOWN, WarningGroup, WarningLine, group_warnings};
pub use location::Location;
pub use note::Note;
pub use suggest::did_you_mean;
pub use warning::Warning;
pub(crate) use yaml::explain_yaml;

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_pluralize() {
        assert_eq!(plural(1, "brief"), "1 brief");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(3, "warning"), "3 warnings");
    }
}

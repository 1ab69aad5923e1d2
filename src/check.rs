//! `check`: the whole pipeline run in memory, every problem reported at once, plus
//! warnings (non-fatal advice such as a brief without key points). It sits at the top of
//! the pipeline, next to [`crate::build`]; what it reports is told in the words of
//! [`crate::diagnostics`].
//!
//! The PDF of the newest brief is typeset (and thrown away), so that an error of the PDF
//! template shows at its line; the other PDFs are the build's.
//!
//! Guarantees: `check` writes nothing; errors are flattened one per problem, each with its
//! file and (where known) line and column; warnings are sorted by file and line, so two
//! runs print the same report.

use crate::BuildOptions;
use crate::diagnostics::{Note, Warning, plural};
use crate::error::Error;
use crate::model::Site;

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Problems that fail a build, one per problem.
    pub errors: Vec<Error>,
    /// Advice that does not fail a build.
    pub warnings: Vec<Warning>,
    /// Briefs that would be published (0 when the site did not get that far).
    pub briefs: usize,
    /// What a build would do that the author should know of (see [`crate::Note`]).
    pub notes: Vec<Note>,
    /// Draft briefs left out (not checked as published).
    pub drafts: usize,
    /// Briefs dated after the day checked as of, by date.
    pub scheduled: Vec<crate::model::schedule::Scheduled>,
}

impl CheckReport {
    /// `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        format!("{}, {}", plural(self.errors.len(), "error"), plural(self.warnings.len(), "warning"))
    }
}

/// Runs the whole pipeline without writing anything and reports every problem.
pub fn check(options: &BuildOptions) -> CheckReport {
    // The PDFs are left to the build but one (typesetting every brief would make `check`
    // as slow as a build, and what they show the pages show too).
    match crate::render_site_without_pdfs(options) {
        Ok((site, _)) => CheckReport {
            errors: pdf_errors(&site),
            warnings: warnings(&site),
            briefs: site.briefs.len(),
            notes: crate::render::notes(&site),
            drafts: site.drafts,
            scheduled: site.scheduled.clone(),
        },
        Err(e) => CheckReport { errors: e.into_list(), ..CheckReport::default() },
    }
}

/// The errors of typesetting the PDF of the site's newest brief with the site's PDF
/// template: a template error at its line and column, before a build meets it.
#[cfg(feature = "pdf")]
fn pdf_errors(site: &Site) -> Vec<Error> {
    let Some(brief) = site.briefs.first().filter(|_| site.config.pdf.made()) else {
        return Vec::new();
    };
    match crate::render::brief_pdf(site, &crate::render::routes::pdf_rel(&brief.slug), None) {
        Some(Err(e)) => e.into_list(),
        Some(Ok(_)) | None => Vec::new(),
    }
}

/// Without the `pdf` feature there are no PDFs to check.
#[cfg(not(feature = "pdf"))]
fn pdf_errors(_site: &Site) -> Vec<Error> {
    Vec::new()
}

/// The warnings as the errors `--strict` makes of them, each at its place with its hint.
pub fn strict_errors(warnings: &[Warning]) -> Error {
    let errors = warnings
        .iter()
        .map(|w| {
            let e = Error::Content {
                path: w.path.clone(),
                line: w.line,
                column: w.column,
                message: format!("{} (a warning: --strict fails on warnings)", w.message),
            };
            match &w.hint {
                Some(hint) => e.with_hint(hint.clone()),
                None => e,
            }
        })
        .collect();
    Error::Many(errors)
}

/// The warnings of a built site model, sorted.
pub fn warnings(site: &Site) -> Vec<Warning> {
    let mut out: Vec<Warning> = site.briefs.iter().flat_map(|b| b.warnings.iter().cloned()).collect();
    out.extend(site.pages.iter().flat_map(|p| p.warnings.iter().cloned()));
    out.extend(site.warnings.iter().cloned());
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn can_count_in_summary_line() {
        let report = CheckReport { warnings: vec![Warning::new(Path::new("a"), 1, "w")], ..CheckReport::default() };
        assert_eq!(report.summary(), "0 errors, 1 warning");
    }
}

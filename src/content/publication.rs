//! A brief as a publication: its change notes (`updates:`, the way GOV.UK records them) and
//! its identifiers (`doi:`, `report_number:`, `series:`), checked where they are written.
//!
//! Guarantees: pure; the newest non-minor update is the brief's "updated" date, and an
//! `updated:` that disagrees with it is an error at its line and column; every update is a
//! full date no earlier than the brief's `date`; a DOI is `10.<digits>/<suffix>`; updates
//! are kept newest first (ties in the order written).

use std::path::Path;

use serde::Deserialize;

use crate::content::date::PartialDate;
use crate::content::front_matter::{BriefFrontMatter, Split};
use crate::error::Error;
use crate::yaml_locate::{Step, locate};

/// One change note of a brief.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// When the brief changed (a full date).
    pub date: PartialDate,
    /// What changed, one or two sentences.
    pub note: String,
    /// A correction of a typo or a link: shown on the brief, but not in `/updates/`, its
    /// feed or the timeline, and it does not move the brief's "updated" date.
    #[serde(default)]
    pub minor: bool,
}

/// What [`read`] makes of the publication fields of a front-matter.
#[derive(Debug, Clone, Default)]
pub struct Publication {
    /// The brief's "updated" date: the newest non-minor update, else `updated:`.
    pub updated: Option<PartialDate>,
    /// Change notes, newest first.
    pub updates: Vec<Update>,
    /// The DOI (`10.1234/abc`), without `https://doi.org/`.
    pub doi: Option<String>,
    /// The publisher's report number.
    pub report_number: Option<String>,
    /// The series the brief belongs to.
    pub series: Option<String>,
}

/// The position in the file of the value at `at` in the front-matter (`(0, 0)` unknown).
fn place(split: &Split<'_>, at: &[Step<'_>]) -> (usize, usize) {
    locate(split.yaml, at).map_or((0, 0), |(l, c)| (l + split.yaml_line_offset, c))
}

/// Reads the change notes and identifiers of `fm`, with the errors of every bad one.
pub fn read(path: &Path, split: &Split<'_>, fm: &BriefFrontMatter) -> (Publication, Vec<Error>) {
    let mut errors = Vec::new();
    let error = |at: &[Step<'_>], message: String| {
        let (line, column) = place(split, at);
        Error::content(path, line, column, message)
    };
    for (i, u) in fm.updates.iter().enumerate() {
        let at = [Step::Key("updates"), Step::Index(i), Step::Key("date")];
        if !u.date.is_full() {
            errors.push(error(&at, format!("updates[{i}].date: an update needs a full date (YYYY-MM-DD)")));
        } else if u.date < fm.date {
            errors.push(error(&at, format!("updates[{i}].date: {} is earlier than the brief's `date`", u.date)));
        }
        if u.note.trim().is_empty() {
            let at = [Step::Key("updates"), Step::Index(i), Step::Key("note")];
            errors.push(error(&at, format!("updates[{i}].note is empty: say what changed")));
        }
    }
    let mut updates = fm.updates.clone();
    // Newest first; a stable sort keeps notes of one day in the order written.
    updates.sort_by_key(|u| std::cmp::Reverse(u.date));
    let newest = updates.iter().find(|u| !u.minor).map(|u| u.date);
    let updated = match (fm.updated, newest) {
        (Some(written), Some(derived)) if written != derived => {
            let e = error(
                &[Step::Key("updated")],
                format!(
                    "`updated: {}` disagrees with the newest update in `updates:` ({})",
                    written.iso(),
                    derived.iso()
                ),
            );
            errors.push(e.with_hint(format!(
                "remove `updated:` (the newest non-minor update sets it) or write `updated: {}`",
                derived.iso()
            )));
            Some(derived)
        }
        (written, derived) => derived.or(written),
    };
    let doi = fm.doi.as_deref().map(str::trim).filter(|d| !d.is_empty());
    if let Some(doi) = doi
        && let Err(hint) = check_doi(doi)
    {
        let e = error(&[Step::Key("doi")], format!("`doi: {doi}` is not a DOI: expected 10.<digits>/<suffix>"));
        errors.push(e.with_hint(hint));
    }
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let publication = Publication {
        updated,
        updates,
        doi: doi.map(str::to_owned),
        report_number: text(&fm.report_number),
        series: text(&fm.series),
    };
    (publication, errors)
}

/// Whether `doi` is `10.<digits>(.<digits>)*/<suffix>`; the hint to give when not.
pub fn check_doi(doi: &str) -> Result<(), String> {
    let lower = doi.to_ascii_lowercase();
    if ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"].iter().any(|p| lower.starts_with(p)) {
        return Err("write the DOI alone, without `https://doi.org/` or `doi:` (the link is made from it)".to_owned());
    }
    let well_formed =
        doi.strip_prefix("10.").and_then(|rest| rest.split_once('/')).is_some_and(|(registrant, suffix)| {
            registrant.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                && !suffix.is_empty()
                && !suffix.chars().any(char::is_whitespace)
        });
    if well_formed { Ok(()) } else { Err("a DOI reads like `10.5281/zenodo.1234567`".to_owned()) }
}

/// The address a DOI resolves at.
pub fn doi_url(doi: &str) -> String {
    format!("https://doi.org/{doi}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_dois() {
        assert!(check_doi("10.5281/zenodo.1234567").is_ok());
        assert!(check_doi("10.1000.10/abc(1)").is_ok());
        assert!(check_doi("10.abc/x").is_err());
        assert!(check_doi("10.1234/").is_err());
        assert!(check_doi("11.1234/x").is_err());
        assert!(check_doi("10.1234/a b").is_err());
        assert!(check_doi("https://doi.org/10.1234/x").expect_err("url").contains("without"));
    }
}

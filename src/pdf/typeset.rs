//! Typesetting one brief: its world compiled by Typst and exported as a tagged PDF, and
//! Typst's errors turned into the crate's, at the template's line or naming the brief.
//!
//! Guarantees: the same job gives the same bytes (the document's identifier and date
//! come from the job, never from the clock).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst::syntax::DiagSpanKind;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::config::{PdfConfig, PdfStandardName};
use crate::error::{Error, Result};
use crate::pdf::world::BriefWorld;

/// Everything one brief's PDF is made from.
#[derive(Debug, Clone)]
pub struct Job {
    /// The template's text (`pdf/brief.typ`).
    pub template: String,
    /// Where the template was read from, for errors.
    pub template_path: PathBuf,
    /// The generated module of the brief's data and body.
    pub data: String,
    /// The images the body shows, by their path in the world.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The brief's date (year, month, day): `today()` and the document's date.
    pub date: (i32, u8, u8),
    /// A stable identifier of the document (the brief's address).
    pub ident: String,
    /// The brief's file, for errors.
    pub brief: PathBuf,
    /// Paper and standard.
    pub config: PdfConfig,
}

/// The PDF of `job`. A panic inside Typst is an error naming the brief, not the end of
/// the build.
///
/// Typst recurses deeply: the binary gives rayon's threads, where builds typeset, a large
/// stack. (A thread of its own per job would deadlock: Typst's own parallel work needs
/// the rayon threads a blocked job would hold.)
pub fn typeset(job: &Job) -> Result<Vec<u8>> {
    let pdf = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| typeset_unguarded(job))).unwrap_or_else(|_| {
        Err(Error::PdfBrief { path: job.brief.clone(), message: "Typst stopped with an internal error".into() })
    });
    prune_memo();
    pdf
}

/// How many PDFs are typeset between two prunings of Typst's memo cache.
const PRUNE_EVERY: usize = 32;

/// Typst keeps every result it memoises, process-wide, until told otherwise: every
/// [`PRUNE_EVERY`] PDFs, results no PDF used since the last pruning are dropped (the
/// fonts' and the template's, which every brief uses, stay), so a long `serve` or a build
/// of thousands of PDFs does not keep each one's layout.
fn prune_memo() {
    static TYPESET: AtomicUsize = AtomicUsize::new(0);
    if TYPESET.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
        comemo::evict(1);
    }
}

fn typeset_unguarded(job: &Job) -> Result<Vec<u8>> {
    let Some(world) = BriefWorld::new(&job.template, job.data.clone(), job.files.clone(), job.date) else {
        return Err(Error::PdfBrief { path: job.brief.clone(), message: "the brief's date is no calendar day".into() });
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|d| errors(&world, job, &d))?;
    let standards = match job.config.standard {
        Some(PdfStandardName::Ua1) => PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| Error::PdfBrief { path: job.brief.clone(), message: e.message().to_string() })?,
        None => PdfStandards::default(),
    };
    let (y, m, d) = job.date;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident.clone()),
        timestamp: Datetime::from_ymd(y, m, d).map(Timestamp::new_utc),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|d| errors(&world, job, &d))
}

/// Typst's errors as the crate's: one in the template at its line and column, any other
/// naming the brief.
fn errors(world: &BriefWorld, job: &Job, diagnostics: &[SourceDiagnostic]) -> Error {
    let list = diagnostics
        .iter()
        .filter(|d| d.severity == typst::diag::Severity::Error)
        .map(|d| {
            let mut message = d.message.to_string();
            for hint in &d.hints {
                message.push_str("; hint: ");
                message.push_str(&hint.v);
            }
            let place = match d.span.get() {
                DiagSpanKind::Number { id, .. } | DiagSpanKind::Range { id, .. } if world.is_template(id) => {
                    let source = world.known_source(id);
                    let range = typst::WorldExt::range(world, d.span);
                    source.zip(range).and_then(|(s, r)| s.lines().byte_to_line_column(r.start))
                }
                _ => None,
            };
            match place {
                Some((line, column)) => Error::PdfTemplate {
                    path: job.template_path.clone(),
                    name: "pdf/brief.typ".to_owned(),
                    line: line + 1,
                    column: column + 1,
                    brief: job.brief.clone(),
                    message,
                },
                None => Error::PdfBrief { path: job.brief.clone(), message },
            }
        })
        .collect();
    match Error::collect(list) {
        Err(e) => e,
        Ok(()) => Error::PdfBrief { path: job.brief.clone(), message: "Typst failed without saying why".into() },
    }
}

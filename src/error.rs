//! The library's error type: every variant carries the context a user needs to act on it
//! (file, line and column, template name), and `Display` prints it as `path:line:col: message`.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location, explain_yaml};

/// Results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A YAML document (front-matter or site.yaml) could not be read.
    #[error("{}: {message}", Location { path, line: *line, column: *column })]
    Yaml {
        /// The file holding the YAML.
        path: PathBuf,
        /// 1-based line in that file (0 when unknown).
        line: usize,
        /// 1-based column in that file (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A content file is malformed or inconsistent (fences, dates, slugs, seeds, links).
    #[error("{}: {message}", Location { path, line: *line, column: *column })]
    Content {
        /// The content file.
        path: PathBuf,
        /// 1-based line (0 when the error is about the whole file).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// `site.yaml` is valid YAML but a value in it is not acceptable.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file (or the flag that set the value).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The output folder cannot be used: it is not Chancery's, it is an input folder or the
    /// site itself, or another build holds it.
    #[error("{}: {message}", path.display())]
    Output {
        /// The output folder (or the file in it) involved.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A template failed to compile or render.
    #[error("{}: template error in `{name}`{}: {message}", Location { path, line: *line, column: *column }, page.as_deref().map(|p| format!(" while rendering {p}")).unwrap_or_default())]
    Template {
        /// The template file on disk.
        path: PathBuf,
        /// The template's name.
        name: String,
        /// 1-based line in the template (0 when unknown).
        line: usize,
        /// 1-based column in the template (0 when unknown).
        column: usize,
        /// The output being rendered, if any.
        page: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The PDF template of the theme (or the site's) could not be typeset.
    #[error("{}: PDF template error in `{name}` while typesetting the PDF of {}: {message}", Location { path, line: *line, column: *column }, brief.display())]
    PdfTemplate {
        /// The template file (`templates/pdf/brief.typ`, or the built-in theme's).
        path: PathBuf,
        /// The template's name (`pdf/brief.typ`).
        name: String,
        /// 1-based line in the template (0 when unknown).
        line: usize,
        /// 1-based column in the template (0 when unknown).
        column: usize,
        /// The brief whose PDF was being typeset.
        brief: PathBuf,
        /// What Typst said.
        message: String,
    },
    /// A brief whose content the PDF cannot be typeset from.
    #[error("{}: cannot typeset the PDF of this brief: {message}", path.display())]
    PdfBrief {
        /// The brief's file.
        path: PathBuf,
        /// What Typst said.
        message: String,
    },
    /// The preview server could not listen or run.
    #[error("cannot serve on {address}: {source}")]
    Serve {
        /// The address it tried (`127.0.0.1:1111`).
        address: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file-system watcher could not start or watch a folder.
    #[error("{}: cannot watch for changes: {message}", path.display())]
    Watch {
        /// The folder it tried to watch.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Several errors found in one build, reported together.
    #[error("{}", join_errors(.0))]
    Many(Vec<Error>),
    /// An error with advice on how to fix it (printed on its own `  hint:` line).
    #[error("{error}")]
    Hinted {
        /// The error itself.
        error: Box<Error>,
        /// What to do about it.
        hint: String,
    },
}

impl Error {
    /// A YAML error from serde_yaml, shifted by `line_offset` lines (the position of the
    /// YAML block inside its file).
    pub(crate) fn yaml(path: &Path, line_offset: usize, err: &serde_yaml::Error) -> Error {
        let (line, column) = err.location().map_or((0, 0), |l| (l.line() + line_offset, l.column()));
        // serde_yaml appends " at line X column Y" to its message; we print our own.
        let mut message = err.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        let (message, hint) = explain_yaml(&message);
        let error = Error::Yaml { path: path.to_path_buf(), line, column, message };
        match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    }

    /// A content error at a known line and column.
    pub(crate) fn content(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Error {
        Error::Content { path: path.to_path_buf(), line, column, message: message.into() }
    }

    /// Folds a list of errors (nested lists flattened) into one: none is `Ok`, one is itself,
    /// more is `Many`, sorted by file, line and column (errors of one place keep their order).
    pub(crate) fn collect(errors: Vec<Error>) -> Result<()> {
        let mut errors: Vec<Error> = errors
            .into_iter()
            .flat_map(|e| match e {
                Error::Many(inner) => inner,
                other => vec![other],
            })
            .collect();
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// Attaches a hint: advice printed under the error.
    pub fn with_hint(self, hint: impl Into<String>) -> Error {
        Error::Hinted { error: Box::new(self), hint: hint.into() }
    }

    /// The hint attached to this error, if any: the innermost one when hints were attached
    /// over hints (the most specific advice).
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Hinted { error, hint } => error.hint().or(Some(hint)),
            _ => None,
        }
    }

    /// The individual errors, `Many` flattened (recursively), in order. A hint attached to a
    /// list goes with each of its errors that has none of its own.
    pub fn into_list(self) -> Vec<Error> {
        match self {
            Error::Many(errors) => errors.into_iter().flat_map(Error::into_list).collect(),
            Error::Hinted { error, hint } if matches!(*error, Error::Many(_) | Error::Hinted { .. }) => error
                .into_list()
                .into_iter()
                .map(|e| if e.hint().is_some() { e } else { e.with_hint(hint.clone()) })
                .collect(),
            other => vec![other],
        }
    }

    /// The lines a log shows for this error: each diagnostic as the CLI prints it
    /// (`path:line:col: error: message`, then its `  hint:` line).
    pub fn report_lines(&self) -> Vec<String> {
        self.diagnostics().iter().flat_map(|d| d.to_string().lines().map(str::to_owned).collect::<Vec<_>>()).collect()
    }

    /// Every individual error told in full (place, message, hint), as [`Error::into_list`]
    /// splits them and the CLI prints them: the overlay and status of `serve` show these.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::with_capacity(self.count());
        self.push_diagnostics(None, &mut out);
        out
    }

    fn push_diagnostics(&self, hint: Option<&str>, out: &mut Vec<Diagnostic>) {
        match self {
            Error::Many(errors) => errors.iter().for_each(|e| e.push_diagnostics(hint, out)),
            // The innermost hint wins, as in `hint()`.
            Error::Hinted { error, hint } => error.push_diagnostics(Some(hint), out),
            _ => {
                let (place, message) = self.place_and_message();
                let (file, line, column) =
                    place.map_or((String::new(), 0, 0), |l| (l.path.display().to_string(), l.line, l.column));
                out.push(Diagnostic { file, line, column, message, hint: hint.map(str::to_owned) });
            }
        }
    }

    /// The error split for `path:line:col: error: message` output: its location (empty when
    /// it has none) and its message.
    pub fn parts(&self) -> (String, String) {
        let (place, message) = self.place_and_message();
        (place.map(|l| l.to_string()).unwrap_or_default(), message)
    }

    /// Where the error is (`None`: about no file) and what it says without the place; the
    /// one split [`Error::parts`] and [`Error::diagnostics`] both use.
    fn place_and_message(&self) -> (Option<Location<'_>>, String) {
        let at = |path, line, column| Some(Location::new(path, line, column));
        match self {
            Error::Io { path, source } => (at(path, 0, 0), source.to_string()),
            Error::Yaml { path, line, column, message } | Error::Content { path, line, column, message } => {
                (at(path, *line, *column), message.clone())
            }
            Error::Config { path, message } | Error::Output { path, message } => (at(path, 0, 0), message.clone()),
            Error::Template { path, name, line, column, page, message } => {
                let during = page.as_deref().map(|p| format!(" while rendering {p}")).unwrap_or_default();
                (at(path, *line, *column), format!("template error in `{name}`{during}: {message}"))
            }
            Error::Watch { path, message } => (at(path, 0, 0), format!("cannot watch for changes: {message}")),
            Error::PdfTemplate { path, name, line, column, brief, message } => (
                at(path, *line, *column),
                format!("PDF template error in `{name}` while typesetting the PDF of {}: {message}", brief.display()),
            ),
            Error::PdfBrief { path, message } => {
                (at(path, 0, 0), format!("cannot typeset the PDF of this brief: {message}"))
            }
            Error::Hinted { error, .. } => error.place_and_message(),
            Error::Serve { .. } | Error::Many(_) => (None, self.to_string()),
        }
    }

    /// Where the error is, for sorting: file, line, column (errors about no file first).
    fn sort_key(&self) -> (Option<&Path>, usize, usize) {
        match self {
            Error::Io { path, .. }
            | Error::Config { path, .. }
            | Error::Output { path, .. }
            | Error::Watch { path, .. }
            | Error::PdfBrief { path, .. } => (Some(path), 0, 0),
            Error::Yaml { path, line, column, .. }
            | Error::Content { path, line, column, .. }
            | Error::Template { path, line, column, .. }
            | Error::PdfTemplate { path, line, column, .. } => (Some(path), *line, *column),
            Error::Hinted { error, .. } => error.sort_key(),
            Error::Many(errors) => errors.first().map_or((None, 0, 0), Error::sort_key),
            Error::Serve { .. } => (None, 0, 0),
        }
    }

    /// How many individual errors this is.
    pub fn count(&self) -> usize {
        match self {
            Error::Many(errors) => errors.iter().map(Error::count).sum(),
            Error::Hinted { error, .. } => error.count(),
            _ => 1,
        }
    }
}

fn join_errors(errors: &[Error]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(file: &str, line: usize, message: &str) -> Error {
        Error::content(Path::new(file), line, 1, message)
    }

    #[test]
    fn can_tell_every_error_with_place_and_hint() {
        let err = Error::Many(vec![
            content("a.md", 3, "unknown field `sumary`").with_hint("did you mean `summary`?"),
            Error::Many(vec![
                Error::Yaml { path: "b.md".into(), line: 2, column: 8, message: "bad yaml".into() }.with_hint("quote"),
                Error::Config { path: "site.yaml".into(), message: "no title".into() },
            ]),
        ]);
        let shown: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.md:3:1: error: unknown field `sumary`\n  hint: did you mean `summary`?",
                "b.md:2:8: error: bad yaml\n  hint: quote",
                "site.yaml: error: no title",
            ]
        );
        // The same as the CLI prints from `into_list`, `parts` and `hint`.
        let printed: Vec<(String, String, Option<String>)> = err
            .into_list()
            .iter()
            .map(|e| {
                let (at, message) = e.parts();
                (at, message, e.hint().map(str::to_owned))
            })
            .collect();
        assert_eq!(
            printed[0],
            ("a.md:3:1".into(), "unknown field `sumary`".into(), Some("did you mean `summary`?".into()))
        );
        assert_eq!(printed[1], ("b.md:2:8".into(), "bad yaml".into(), Some("quote".into())));
        assert_eq!(printed[2], ("site.yaml".into(), "no title".into(), None));
    }

    #[test]
    fn can_spread_a_list_hint_over_its_errors() {
        let err =
            Error::Many(vec![content("a.md", 1, "x").with_hint("own"), content("b.md", 2, "y")]).with_hint("shared");
        assert_eq!(err.count(), 2);
        let hints: Vec<Option<String>> = err.diagnostics().into_iter().map(|d| d.hint).collect();
        assert_eq!(hints, [Some("own".to_owned()), Some("shared".to_owned())]);
        let hints: Vec<Option<String>> = err.into_list().iter().map(|e| e.hint().map(str::to_owned)).collect();
        assert_eq!(hints, [Some("own".to_owned()), Some("shared".to_owned())]);
        assert_eq!(content("a.md", 1, "x").with_hint("inner").with_hint("outer").hint(), Some("inner"));
    }

    #[test]
    fn can_place_template_and_watch_errors() {
        let template = Error::Template {
            path: "themes/t/brief.html".into(),
            name: "brief.html".into(),
            line: 4,
            column: 2,
            page: Some("briefs/a/index.html".into()),
            message: "unknown variable".into(),
        };
        let d = &template.diagnostics()[0];
        assert_eq!((d.file.as_str(), d.line, d.column), ("themes/t/brief.html", 4, 2));
        assert_eq!(format!("{}: {}", d.location(), d.message), template.to_string());
        let watch = Error::Watch { path: "content".into(), message: "too many files".into() };
        assert_eq!(watch.parts(), ("content".into(), "cannot watch for changes: too many files".into()));
    }
}

//! The library's error type: every variant carries the context a user needs to act on it
//! (file, line and column, template name), and `Display` prints it as `path:line:col: message`.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Location, explain_yaml};

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
    /// more is `Many`.
    pub(crate) fn collect(errors: Vec<Error>) -> Result<()> {
        let mut errors: Vec<Error> = errors
            .into_iter()
            .flat_map(|e| match e {
                Error::Many(inner) => inner,
                other => vec![other],
            })
            .collect();
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

    /// The hint attached to this error, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Hinted { hint, .. } => Some(hint),
            _ => None,
        }
    }

    /// The individual errors, `Many` flattened (recursively), in order.
    pub fn into_list(self) -> Vec<Error> {
        match self {
            Error::Many(errors) => errors.into_iter().flat_map(Error::into_list).collect(),
            other => vec![other],
        }
    }

    /// The error split for `path:line:col: error: message` output: its location (empty when
    /// it has none) and its message.
    pub fn parts(&self) -> (String, String) {
        let at = |path: &Path, line: usize, column: usize| Location { path, line, column }.to_string();
        match self {
            Error::Io { path, source } => (path.display().to_string(), source.to_string()),
            Error::Yaml { path, line, column, message } | Error::Content { path, line, column, message } => {
                (at(path, *line, *column), message.clone())
            }
            Error::Config { path, message } | Error::Output { path, message } => {
                (path.display().to_string(), message.clone())
            }
            Error::Template { path, line, column, .. } => {
                let full = self.to_string();
                let location = at(path, *line, *column);
                let message = full.strip_prefix(&format!("{location}: ")).unwrap_or(&full).to_owned();
                (location, message)
            }
            Error::Hinted { error, .. } => error.parts(),
            other => (String::new(), other.to_string()),
        }
    }

    /// How many individual errors this is.
    pub fn count(&self) -> usize {
        match self {
            Error::Many(errors) => errors.iter().map(Error::count).sum(),
            _ => 1,
        }
    }
}

fn join_errors(errors: &[Error]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

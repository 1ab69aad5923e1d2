//! Printing diagnostics for people: `path:line:col: error: message`, an indented
//! `hint:` line, and a count line. Colour only on a terminal and never with `NO_COLOR`.

use std::io::{IsTerminal, Write};

use chancery::diagnostics::{WarningLine, group_warnings};
use chancery::{Error, Note, Warning};

/// An error already printed in full; `main` exits with status 1 without printing it again.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Reported(pub String);

/// Whether stderr gets ANSI colours: a terminal, and `NO_COLOR` unset or empty.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn paint(text: &str, code: &str) -> String {
    if use_color() { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
}

/// Writes one diagnostic line (and its hint) to stderr.
fn emit(location: &str, kind: &str, code: &str, message: &str, hint: Option<&str>) {
    let mut err = std::io::stderr().lock();
    let kind = paint(kind, code);
    // Nothing sensible to do when stderr itself is gone.
    let _ = if location.is_empty() {
        writeln!(err, "{kind}: {message}")
    } else {
        writeln!(err, "{location}: {kind}: {message}")
    };
    if let Some(hint) = hint {
        let _ = writeln!(err, "  {}: {hint}", paint("hint", "1;36"));
    }
}

/// Prints an error as `path:line:col: error: message` (plus its hint).
pub fn error(e: &Error) {
    let (location, message) = e.parts();
    emit(&location, "error", "1;31", &message, e.hint());
}

/// Prints a warning as `path:line:col: warning: message` (plus its hint).
pub fn warning(w: &Warning) {
    emit(&w.location(), "warning", "1;33", &w.message, w.hint.as_deref());
}

/// Prints a note as `path: note: message`.
pub fn note(n: &Note) {
    emit(&n.path.display().to_string(), "note", "1;34", &n.message, None);
}

/// Prints `warnings` (sorted): each on its own line with `all`, else a kind of warning
/// found on many files once, as `warning: kind (N briefs): a, b, c and N-3 more`.
pub fn warnings(warnings: &[Warning], all: bool) {
    for line in group_warnings(warnings, all) {
        match line {
            WarningLine::One(w) => warning(w),
            WarningLine::Group(g) => emit("", "warning", "1;33", &g.to_string(), g.hint),
        }
    }
}

/// Prints a plain line to stderr (summaries).
pub fn line(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

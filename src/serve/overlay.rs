//! The build-error overlay: a failed rebuild becomes a list of diagnostics (file, line,
//! column, message) and an HTML fragment that the live-reload script lays over open pages.
//!
//! Guarantees: every piece of text from the error is HTML-escaped; the fragment carries its
//! own inline styles so a theme's CSS cannot hide it.

use std::path::Path;

use serde::Serialize;

use crate::error::Error;

/// One problem of a failed build, as shown in the overlay and the status endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file at fault, relative to the site's root when known (may be empty).
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A failed rebuild: its diagnostics and the overlay fragment rendered from them.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Every problem found.
    pub errors: Vec<Diagnostic>,
    /// The escaped HTML fragment the live-reload script shows.
    #[serde(skip)]
    pub html: String,
}

impl Failure {
    /// The failure of a build that ended with `err`.
    pub fn new(err: &Error) -> Failure {
        let mut errors = Vec::new();
        diagnostics(err, &mut errors);
        let html = render_overlay(&errors);
        Failure { errors, html }
    }
}

fn file(path: &Path) -> String {
    path.display().to_string()
}

/// Flattens `err` into diagnostics, one per individual error.
fn diagnostics(err: &Error, out: &mut Vec<Diagnostic>) {
    let d = |path: &Path, line: usize, column: usize, message: String| Diagnostic {
        file: file(path),
        line,
        column,
        message,
    };
    match err {
        Error::Many(errors) => errors.iter().for_each(|e| diagnostics(e, out)),
        Error::Yaml { path, line, column, message } | Error::Content { path, line, column, message } => {
            out.push(d(path, *line, *column, message.clone()));
        }
        Error::Template { path, name, line, column, page, message } => {
            let during = page.as_deref().map(|p| format!(" while rendering {p}")).unwrap_or_default();
            out.push(d(path, *line, *column, format!("template error in `{name}`{during}: {message}")));
        }
        Error::Io { path, source } => out.push(d(path, 0, 0, source.to_string())),
        Error::Config { path, message } | Error::Watch { path, message } => out.push(d(path, 0, 0, message.clone())),
        #[allow(unreachable_patterns)] // Variants added later still show, as their message.
        other => out.push(Diagnostic { file: String::new(), line: 0, column: 0, message: other.to_string() }),
    }
}

fn escape(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// The overlay fragment for `errors`, all text escaped.
fn render_overlay(errors: &[Diagnostic]) -> String {
    const BOX: &str = "max-width:60em;margin:0 auto;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    const PRE: &str =
        "white-space:pre-wrap;margin:.25em 0 1em;padding:.75em;background:#300;border-left:4px solid #f66;color:#fee";
    let mut html = String::with_capacity(512);
    html.push_str(&format!("<div style=\"{BOX}\"><h2 style=\"margin:0 0 1em;color:#f88;font-size:1.3em\">"));
    let count = errors.len();
    html.push_str(&format!(
        "Build failed ({count} error{}): showing the last good build</h2><ol style=\"padding-left:1.5em\">",
        if count == 1 { "" } else { "s" }
    ));
    for e in errors {
        html.push_str("<li><code style=\"color:#fc6\">");
        let mut location = e.file.clone();
        if e.line > 0 {
            location.push_str(&format!(":{}", e.line));
            if e.column > 0 {
                location.push_str(&format!(":{}", e.column));
            }
        }
        escape(&mut html, &location);
        html.push_str(&format!("</code><pre style=\"{PRE}\">"));
        escape(&mut html, &e.message);
        html.push_str("</pre></li>");
    }
    html.push_str("</ol><p style=\"color:#ccc\">Fix the file and save: this page reloads by itself.</p></div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_flatten_errors_with_locations() {
        let err = Error::Many(vec![
            Error::content(Path::new("content/briefs/a.md"), 3, 1, "bad date"),
            Error::Config { path: "site.yaml".into(), message: "no title".into() },
        ]);
        let failure = Failure::new(&err);
        assert_eq!(failure.errors.len(), 2);
        assert_eq!(failure.errors[0].file, "content/briefs/a.md");
        assert_eq!(failure.errors[0].line, 3);
        assert!(failure.html.contains("content/briefs/a.md:3:1"), "{}", failure.html);
        assert!(failure.html.contains("2 errors"), "{}", failure.html);
    }

    #[test]
    fn can_escape_every_message() {
        let err = Error::content(Path::new("content/<x>.md"), 1, 0, "<script>alert('x')</script> & \"q\"");
        let html = Failure::new(&err).html;
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<x>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"), "{html}");
    }
}

//! The build-error overlay: a failed rebuild becomes a list of diagnostics (file, line,
//! column, message, hint: what the CLI prints) and an HTML fragment laid over open pages,
//! by the live-reload script and in every HTML page served while the failure lasts.
//!
//! Guarantees: every individual error (`Many` flattened, hinted ones with their hint) is
//! listed with its place and hint, the same as `path:line:col: error: message` and
//! `hint:` on the command line; every piece of text from the error is HTML-escaped; the
//! fragment carries its own inline styles so a theme's CSS cannot hide it.

use serde::Serialize;

pub use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// The `id` of the overlay element, the one the live-reload script replaces or removes.
pub const OVERLAY_ID: &str = "chancery-overlay";

/// A failed rebuild: its diagnostics and the overlay fragment rendered from them.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Every problem found.
    pub errors: Vec<Diagnostic>,
    /// The escaped HTML fragment the live-reload script shows.
    #[serde(skip)]
    pub html: String,
    /// The fragment in its overlay element, for HTML pages served while the build fails.
    #[serde(skip)]
    pub element: String,
}

impl Failure {
    /// The failure of a build that ended with `err`.
    pub fn new(err: &Error) -> Failure {
        let errors = err.diagnostics();
        let html = render_overlay(&errors);
        let element = wrap(&html);
        Failure { errors, html, element }
    }
}

fn escape(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// The overlay fragment for `errors`, all text escaped.
fn render_overlay(errors: &[Diagnostic]) -> String {
    const BOX: &str = "max-width:60em;margin:0 auto;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    const PRE: &str =
        "white-space:pre-wrap;margin:.25em 0 .5em;padding:.75em;background:#300;border-left:4px solid #f66;color:#fee";
    const HINT: &str = "white-space:pre-wrap;margin:0 0 1em;color:#9df";
    let mut html = String::with_capacity(512);
    html.push_str(&format!("<div style=\"{BOX}\"><h2 style=\"margin:0 0 1em;color:#f88;font-size:1.3em\">"));
    let count = errors.len();
    html.push_str(&format!(
        "Build failed ({count} error{}): showing the last good build</h2><ol style=\"padding-left:1.5em\">",
        if count == 1 { "" } else { "s" }
    ));
    for e in errors {
        html.push_str("<li><code style=\"color:#fc6\">");
        escape(&mut html, &e.location());
        html.push_str(&format!("</code><pre style=\"{PRE}\">"));
        escape(&mut html, &e.message);
        html.push_str("</pre>");
        if let Some(hint) = &e.hint {
            html.push_str(&format!("<p style=\"{HINT}\">hint: "));
            escape(&mut html, hint);
            html.push_str("</p>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ol><p style=\"color:#ccc\">Fix the file and save: this page reloads by itself.</p></div>");
    html
}

/// `html` in the overlay element, laid over the whole page (as the live-reload script lays
/// it).
fn wrap(html: &str) -> String {
    const COVER: &str = "all:initial;display:block;position:fixed;top:0;right:0;bottom:0;left:0;\
                         z-index:2147483647;overflow:auto;padding:2em;background:#1a0505;color:#fff;text-align:left";
    format!("<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"{COVER}\">{html}</div>\n")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

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
    fn can_show_place_and_hint_of_hinted_errors() {
        let err = Error::Many(vec![
            Error::Many(vec![
                Error::content(Path::new("content/briefs/a.md"), 4, 1, "unknown field `sumary`")
                    .with_hint("did you mean `summary`?"),
            ]),
            Error::Yaml { path: "content/briefs/b.md".into(), line: 2, column: 8, message: "bad".into() }
                .with_hint("quote it"),
        ]);
        let failure = Failure::new(&err);
        let first = &failure.errors[0];
        assert_eq!((first.file.as_str(), first.line, first.column), ("content/briefs/a.md", 4, 1));
        assert_eq!(first.hint.as_deref(), Some("did you mean `summary`?"));
        assert_eq!(failure.errors[1].location(), "content/briefs/b.md:2:8");
        assert_eq!(failure.errors[1].hint.as_deref(), Some("quote it"));
        for needle in
            ["content/briefs/a.md:4:1", "hint: did you mean `summary`?", "content/briefs/b.md:2:8", "hint: quote it"]
        {
            assert!(failure.html.contains(needle), "{needle}: {}", failure.html);
        }
        assert!(failure.element.starts_with("<div id=\"chancery-overlay\""), "{}", failure.element);
        assert!(failure.element.contains(&failure.html));
        let json = serde_json::to_string(&failure).expect("json");
        assert!(json.contains("\"hint\":\"did you mean `summary`?\""), "{json}");
    }

    #[test]
    fn can_escape_every_message() {
        let err = Error::content(Path::new("content/<x>.md"), 1, 0, "<script>alert('x')</script> & \"q\"")
            .with_hint("<b>bold</b>");
        let html = Failure::new(&err).html;
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<x>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"), "{html}");
    }
}

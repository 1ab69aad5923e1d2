//! The theme's Tera 2 templates, compiled once per build, with the `url()` function and the
//! `site` variable installed globally.
//!
//! Guarantees: output is HTML-escaped by default (autoescape on `.html` and `.xml`); every
//! template error names the template file, line and column where Tera gives them (columns
//! of the file as written, though the HTML templates are compiled without their
//! indentation, [`compact`](super::compact)).

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::content::TemplateSource;
use crate::error::{Error, Result};
use crate::render::compact;

/// Templates every theme must provide. `updates.html` is not among them: a theme made
/// before change notes has none, and its site gets no `/updates/` pages (see
/// [`UPDATES`]).
pub const REQUIRED: [&str; 10] = [
    "index.html",
    "briefs.html",
    "brief.html",
    "summaries.html",
    "timeline.html",
    "taxonomy.html",
    "term.html",
    "page.html",
    "search.html",
    "404.html",
];

/// The template of the `/updates/` pages, written only when the theme has it.
pub const UPDATES: &str = "updates.html";

/// Compiled templates.
pub struct Templates {
    tera: Tera,
    paths: HashMap<String, PathBuf>,
    /// Per HTML template, the indentation dropped from each of its lines.
    dropped: Dropped,
}

/// Per template name, the bytes dropped at the start of each line (see [`compact`]).
pub(crate) type Dropped = HashMap<String, Vec<usize>>;

impl Templates {
    /// Compiles `sources`; `site` becomes the global `site` variable and `base_path` the
    /// prefix of `url(path=...)`.
    pub fn compile<S: Serialize>(sources: &[TemplateSource], site: &S, base_path: &str) -> Result<Templates> {
        let paths: HashMap<String, PathBuf> = sources.iter().map(|s| (s.name.clone(), s.path.clone())).collect();
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        register_url(&mut tera, base_path);
        tera.global_context().insert("site", site);
        let missing: Vec<Error> = REQUIRED
            .iter()
            .filter(|name| !paths.contains_key(**name))
            .map(|name| Error::Template {
                path: PathBuf::from("templates").join(name),
                name: (*name).to_owned(),
                line: 0,
                column: 0,
                page: None,
                message: "the theme has no such template; every theme must provide it".to_owned(),
            })
            .collect();
        Error::collect(missing)?;
        // The PDF template (`pdf/brief.typ`) is Typst's, not Tera's.
        let sources: Vec<_> = sources.iter().filter(|s| !s.name.ends_with(".typ")).collect();
        let compacted: Vec<(&str, Option<compact::Compacted>)> =
            sources.iter().map(|s| (s.name.as_str(), is_html(&s.name).then(|| compact::compact(&s.text)))).collect();
        let texts = compacted
            .iter()
            .zip(&sources)
            .map(|((name, c), s)| (*name, c.as_ref().map_or(s.text.as_str(), |c| c.text.as_str())));
        let dropped: Dropped =
            compacted.iter().filter_map(|(name, c)| Some(((*name).to_owned(), c.as_ref()?.dropped.clone()))).collect();
        tera.add_raw_templates(texts).map_err(|e| template_error(&paths, &dropped, &e, None))?;
        Ok(Templates { tera, paths, dropped })
    }

    /// Renders template `name` for output `page`.
    pub fn render(&self, name: &str, context: &Context, page: &str) -> Result<String> {
        self.tera.render(name, context).map_err(|e| template_error(&self.paths, &self.dropped, &e, Some(page)))
    }
}

/// Installs `url(path=...)`, which prefixes `base_path`.
pub(crate) fn register_url(tera: &mut Tera, base_path: &str) {
    let prefix = base_path.to_owned();
    tera.register_function("url", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        Ok(format!("{prefix}{}", path.trim_start_matches('/')))
    });
}

/// Whether template `name` is HTML, compiled without its indentation.
fn is_html(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".htm")
}

/// Maps a Tera error to ours, with the template's file, line and column (a column of the
/// file as written: `dropped` gives the indentation compiled without).
pub(crate) fn template_error(
    paths: &HashMap<String, PathBuf>,
    dropped: &Dropped,
    err: &tera::Error,
    page: Option<&str>,
) -> Error {
    let (name, line, column, message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (report.filename().to_owned(), span.start_line, span.start_col + 1, report.message().to_owned())
        }
        other => {
            let mut message = other.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            // Checks across templates (blocks, inheritance) carry their location only in
            // their text: `error: message` then ` --> name:line:col`.
            match message.lines().find_map(report_location) {
                Some((name, line, column)) => {
                    let first = message.lines().next().unwrap_or_default();
                    (name, line, column, first.strip_prefix("error: ").unwrap_or(first).to_owned())
                }
                None => (String::new(), 0, 0, message),
            }
        }
    };
    let path = paths.get(&name).cloned().unwrap_or_else(|| PathBuf::from(&name));
    let column = match dropped.get(&name).and_then(|d| d.get(line.checked_sub(1)?)) {
        Some(d) if column > 0 => column + d,
        _ => column,
    };
    Error::Template { path, name, line, column, page: page.map(str::to_owned), message }
}

/// Name, line and column of a report line ` --> name:line:col`.
fn report_location(line: &str) -> Option<(String, usize, usize)> {
    let rest = line.trim_start().strip_prefix("--> ")?;
    let mut parts = rest.rsplitn(3, ':');
    let (column, line, name) = (parts.next()?, parts.next()?, parts.next()?);
    Some((name.to_owned(), line.parse().ok()?, column.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(extra: &str) -> Vec<TemplateSource> {
        let mut v: Vec<TemplateSource> = REQUIRED
            .iter()
            .map(|n| TemplateSource {
                name: (*n).to_owned(),
                path: format!("themes/t/templates/{n}").into(),
                text: "ok".to_owned(),
            })
            .collect();
        v[0].text = extra.to_owned();
        v
    }

    #[test]
    fn can_render_with_url_function_and_escaping() {
        let t = Templates::compile(
            &sources("{{ url(path='/a/') }} {{ site.title }} {{ x }}"),
            &serde_json::json!({"title": "T"}),
            "/sub/",
        )
        .expect("compiles");
        let mut ctx = Context::new();
        ctx.insert("x", "<b>");
        assert_eq!(t.render("index.html", &ctx, "index.html").expect("renders"), "/sub/a/ T &lt;b&gt;");
    }

    #[test]
    fn errors_on_syntax_error_with_file_and_line() {
        let e = Templates::compile(&sources("line\n{% if %}"), &serde_json::json!({}), "/").err().expect("bad");
        let text = e.to_string();
        assert!(text.starts_with("themes/t/templates/index.html:2:"), "{text}");
    }

    #[test]
    fn reports_columns_of_the_indented_file() {
        let at = |text: &str| {
            let e = Templates::compile(&sources(text), &serde_json::json!({}), "/").err().expect("bad");
            match e {
                Error::Template { line, column, .. } => (line, column),
                other => panic!("{other}"),
            }
        };
        let (line, column) = at("<p>\n{{ 1 + }}");
        assert_eq!(at("<p>\n    {{ 1 + }}"), (line, column + 4));
    }

    #[test]
    fn renders_html_templates_without_indentation() {
        let t = Templates::compile(&sources("<ul>\n  <li>{{ x }}</li>\n</ul>"), &serde_json::json!({}), "/")
            .expect("compiles");
        let mut ctx = Context::new();
        ctx.insert("x", "a\n  b");
        assert_eq!(t.render("index.html", &ctx, "index.html").expect("renders"), "<ul>\n<li>a\n  b</li>\n</ul>");
    }

    #[test]
    fn errors_on_unknown_block_naming_the_child_template() {
        let mut s = sources("{% extends \"base.html\" %}{% block nope %}x{% endblock nope %}");
        s.push(TemplateSource {
            name: "base.html".into(),
            path: "themes/t/templates/base.html".into(),
            text: "{% block main %}{% endblock main %}".into(),
        });
        let e = Templates::compile(&s, &serde_json::json!({}), "/").err().expect("bad block");
        assert!(e.to_string().starts_with("themes/t/templates/index.html:1:"), "{e}");
    }

    #[test]
    fn errors_on_missing_required_template() {
        let mut s = sources("x");
        s.retain(|t| t.name != "brief.html");
        let e = Templates::compile(&s, &serde_json::json!({}), "/").err().expect("missing");
        assert!(e.to_string().contains("brief.html"), "{e}");
    }
}

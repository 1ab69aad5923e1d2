//! The theme's Tera 2 templates, compiled once per build, with the `url()` function and the
//! `site` variable installed globally.
//!
//! Guarantees: output is HTML-escaped by default (autoescape on `.html` and `.xml`); every
//! template error names the template file, line and column where Tera gives them.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::content::TemplateSource;
use crate::error::{Error, Result};

/// Templates every theme must provide.
pub const REQUIRED: [&str; 11] = [
    "index.html",
    "briefs.html",
    "brief.html",
    "summaries.html",
    "timeline.html",
    "taxonomy.html",
    "term.html",
    "page.html",
    "search.html",
    "updates.html",
    "404.html",
];

/// Compiled templates.
pub struct Templates {
    tera: Tera,
    paths: HashMap<String, PathBuf>,
}

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
        let tera_sources = sources.iter().filter(|s| !s.name.ends_with(".typ"));
        tera.add_raw_templates(tera_sources.map(|s| (s.name.as_str(), s.text.as_str())))
            .map_err(|e| template_error(&paths, &e, None))?;
        Ok(Templates { tera, paths })
    }

    /// Renders template `name` for output `page`.
    pub fn render(&self, name: &str, context: &Context, page: &str) -> Result<String> {
        self.tera.render(name, context).map_err(|e| template_error(&self.paths, &e, Some(page)))
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

/// Maps a Tera error to ours, with the template's file, line and column.
pub(crate) fn template_error(paths: &HashMap<String, PathBuf>, err: &tera::Error, page: Option<&str>) -> Error {
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

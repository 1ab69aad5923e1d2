//! Shortcodes rendered: each call the syntax ([`crate::content::shortcodes`]) finds in a
//! body is checked (a known shortcode; for the built-in ones, known and required
//! arguments), rendered by its template `templates/shortcodes/<name>.html` (the site's,
//! else the theme's) and stands in the markdown as a marker that the HTML output replaces.
//! A block call's body is rendered as markdown first and given to the template as `body`
//! (HTML, not escaped again); `data_table` gets `table` (`header`, `rows`) from the CSV file
//! the loader read beside the brief. The headings of a body join the outline of the
//! document around it, with ids unique in it.
//!
//! Guarantees: pure; template output is escaped (autoescape) but for `body`; every problem
//! is at the byte offset of the call or argument; offsets of the text with markers map
//! back to the author's markdown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use tera::{Context, Tera, Value};

use crate::content::TemplateSource;
use crate::content::shortcodes::{ArgValue, Call, find};
use crate::error::Result;
use crate::render::markdown::{BrokenLink, TocEntry, unique_id};
use crate::render::templates::{register_url, template_error};

/// The folder of shortcode templates, among the theme's templates.
const FOLDER: &str = "shortcodes/";

/// The built-in shortcodes' arguments: (name, required, optional).
const SIGNATURES: [(&str, &[&str], &[&str]); 3] = [
    ("figure", &["src", "alt"], &["caption", "credit"]),
    ("pullquote", &[], &["body", "source"]),
    ("data_table", &["path"], &["caption"]),
];

/// Where the markers that stand for calls start and end (private-use characters, which
/// markdown leaves alone and authors do not type).
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// The site's shortcode templates, compiled apart from the page templates so bodies can
/// be rendered before those are.
pub struct Shortcodes {
    tera: Tera,
    /// Shortcode names, sorted.
    names: Vec<String>,
    paths: HashMap<String, PathBuf>,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes").field("names", &self.names).finish_non_exhaustive()
    }
}

impl Default for Shortcodes {
    fn default() -> Self {
        Shortcodes { tera: Tera::new(), names: Vec::new(), paths: HashMap::new() }
    }
}

impl Shortcodes {
    /// Compiles the templates under `shortcodes/` of `sources`; `url()` prefixes
    /// `base_path`.
    pub fn compile(sources: &[TemplateSource], base_path: &str) -> Result<Shortcodes> {
        let ours: Vec<&TemplateSource> = sources.iter().filter(|s| s.name.starts_with(FOLDER)).collect();
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        register_url(&mut tera, base_path);
        let paths: HashMap<String, PathBuf> = ours.iter().map(|s| (s.name.clone(), s.path.clone())).collect();
        tera.add_raw_templates(ours.iter().map(|s| (s.name.as_str(), s.text.as_str())))
            .map_err(|e| template_error(&paths, &Default::default(), &e, None))?;
        let mut names: Vec<String> = ours
            .iter()
            .filter_map(|s| s.name.strip_prefix(FOLDER)?.strip_suffix(".html"))
            .filter(|n| !n.contains('/'))
            .map(str::to_owned)
            .collect();
        names.sort();
        Ok(Shortcodes { tera, names, paths })
    }

    /// The problem with `call`'s name or arguments, if any.
    fn check(&self, call: &Call) -> Option<BrokenLink> {
        if self.names.binary_search(&call.name).is_err() {
            let hint = match crate::diagnostics::did_you_mean(&call.name, self.names.iter().map(String::as_str)) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!(
                    "the shortcodes are {}; another is a template templates/shortcodes/{}.html",
                    self.names.join(", "),
                    call.name
                ),
            };
            return Some(BrokenLink::problem(call.range.start, format!("unknown shortcode `{}`", call.name), hint));
        }
        let (_, required, optional) = SIGNATURES.iter().find(|(n, _, _)| *n == call.name)?;
        let known = || required.iter().chain(optional.iter()).copied();
        for arg in &call.args {
            if !known().any(|k| k == arg.key) {
                let hint = match crate::diagnostics::did_you_mean(&arg.key, known()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("`{}` takes {}", call.name, known().collect::<Vec<_>>().join(", ")),
                };
                let message = format!("shortcode `{}` has no argument `{}`", call.name, arg.key);
                return Some(BrokenLink::problem(arg.offset, message, hint));
            }
            if let ArgValue::Text(t) = &arg.value
                && arg.key == "src"
                && !crate::content::url::is_safe(t)
            {
                let message = format!("argument `src` of shortcode `{}` is not a safe address", call.name);
                let hint = "give a path (`chart.svg`, `/figures/x.svg`) or an http(s) address".to_owned();
                return Some(BrokenLink::problem(arg.offset, message, hint));
            }
            if !matches!(arg.value, ArgValue::Text(_)) {
                let message = format!("argument `{}` of shortcode `{}` must be text", arg.key, call.name);
                return Some(BrokenLink::problem(arg.offset, message, "put it in quotes".to_owned()));
            }
        }
        let missing = required.iter().find(|r| call.arg(r).is_none());
        let no_body = call.name == "pullquote" && call.body.is_none() && call.arg("body").is_none();
        if missing.is_some() || no_body {
            let key = missing.copied().unwrap_or("body");
            let message = format!("shortcode `{}` needs the argument `{key}`", call.name);
            let hint = format!("`{}` takes {}", call.name, signature(required, optional));
            return Some(BrokenLink::problem(call.range.start, message, hint));
        }
        None
    }

    /// Renders `call`, with its body's HTML and the data files of the body's file.
    fn render(&self, call: &Call, body: Option<String>, data: &BTreeMap<String, String>) -> Result<String, BrokenLink> {
        let mut context = Context::new();
        for arg in &call.args {
            match &arg.value {
                ArgValue::Text(t) => context.insert(arg.key.clone(), t),
                ArgValue::Integer(n) => context.insert(arg.key.clone(), n),
                ArgValue::Float(f) => context.insert(arg.key.clone(), f),
                ArgValue::Bool(b) => context.insert(arg.key.clone(), b),
            }
        }
        if let Some(body) = body {
            context.insert("body", &Value::safe_string(&body));
        }
        if call.name == "data_table"
            && let Some(ArgValue::Text(path)) = call.arg("path").map(|a| &a.value)
        {
            let Some(text) = data.get(path) else {
                let message = format!("no data file `{path}` for `data_table`");
                let hint = "data tables read a CSV file beside the brief (relative to its folder)".to_owned();
                return Err(BrokenLink::problem(call.range.start, message, hint));
            };
            let table = read_csv(text).map_err(|(line, why)| {
                let message = format!("data file `{path}` cannot be read as CSV: line {line}: {why}");
                BrokenLink::problem(call.range.start, message, "each row needs as many fields as the header".into())
            })?;
            context.insert("table", &table);
        }
        let name = format!("{FOLDER}{}.html", call.name);
        self.tera.render(&name, &context).map_err(|e| {
            let error = template_error(&self.paths, &Default::default(), &e, None);
            BrokenLink::problem(
                call.range.start,
                format!("shortcode `{}` failed: {error}", call.name),
                "check its arguments against the template".to_owned(),
            )
        })
    }
}

/// `a, b and optional c` for a hint.
fn signature(required: &[&str], optional: &[&str]) -> String {
    let mut parts: Vec<String> = required.iter().map(|r| format!("`{r}`")).collect();
    parts.extend(optional.iter().map(|o| format!("`{o}` (optional)")));
    parts.join(", ")
}

/// A CSV table: its header and rows.
#[derive(Debug, serde::Serialize)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Reads `text` as CSV with a header row; an error gives the line and what is wrong.
fn read_csv(text: &str) -> std::result::Result<Table, (u64, String)> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let line_of = |e: &csv::Error| e.position().map_or(0, csv::Position::line);
    let header = reader.headers().map_err(|e| (line_of(&e), e.to_string()))?.iter().map(str::to_owned).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| (line_of(&e), e.to_string()))?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(Table { header, rows })
}

/// A block call's body, rendered: its HTML and the outline of its headings.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) html: String,
    pub(crate) toc: Vec<TocEntry>,
}

/// A body with its calls replaced by markers, and what the markers stand for.
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    /// The markdown with markers, when it held calls.
    pub(crate) text: Option<String>,
    outputs: Vec<String>,
    /// Per output, the outline of its body's headings (h2 and h3).
    outlines: Vec<Vec<TocEntry>>,
    /// (offset in `text`, offset in the markdown) where each stretch of unchanged text
    /// starts.
    map: Vec<(usize, usize)>,
}

impl Expanded {
    /// The offset in the author's markdown of `offset` in [`Expanded::text`].
    pub(crate) fn original(&self, offset: usize) -> usize {
        match self.map.partition_point(|(new, _)| *new <= offset) {
            0 => offset,
            i => {
                let (new, old) = self.map[i - 1];
                old + (offset - new)
            }
        }
    }

    /// Puts each call's output where its marker is in `html` (a marker alone in a
    /// paragraph takes the paragraph's place).
    pub(crate) fn fill(&self, html: &mut String) {
        if self.outputs.is_empty() {
            return;
        }
        for (i, output) in self.outputs.iter().enumerate() {
            let marker = marker(i);
            let alone = format!("<p>{marker}</p>");
            let found = if html.contains(&alone) { alone } else { marker };
            *html = html.replacen(&found, output, 1);
        }
    }

    /// The indices of the markers in `text`, in order.
    pub(crate) fn markers_in(text: &str) -> Vec<usize> {
        text.split(MARK_OPEN).skip(1).filter_map(|rest| rest.split(MARK_CLOSE).next()?.parse().ok()).collect()
    }

    /// The headings of output `i`'s body, in order, each given an id unique among `used`
    /// (which it joins); the output's HTML takes the new ids.
    pub(crate) fn claim_headings(
        &mut self,
        i: usize,
        used: &mut HashSet<String>,
        next_suffix: &mut HashMap<String, usize>,
    ) -> Vec<TocEntry> {
        let (Some(outline), Some(html)) = (self.outlines.get_mut(i), self.outputs.get_mut(i)) else {
            return Vec::new();
        };
        let mut flat = Vec::new();
        for mut entry in std::mem::take(outline) {
            let children = std::mem::take(&mut entry.children);
            flat.push(entry);
            flat.extend(children);
        }
        for entry in &mut flat {
            let id = unique_id(entry.id.clone(), used, next_suffix);
            if id != entry.id {
                let old = format!("<h{} id=\"{}\"", entry.level, entry.id);
                *html = html.replacen(&old, &format!("<h{} id=\"{id}\"", entry.level), 1);
                entry.id = id;
            }
        }
        flat
    }

    /// `text` without markers, for word counts and search.
    pub(crate) fn strip(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut inside = false;
        for c in text.chars() {
            match c {
                MARK_OPEN => inside = true,
                MARK_CLOSE => inside = false,
                c if !inside => out.push(c),
                _ => {}
            }
        }
        out
    }
}

fn marker(i: usize) -> String {
    format!("{MARK_OPEN}{i}{MARK_CLOSE}")
}

/// Renders the calls of `markdown` (seed text is escaped, so it holds none):
/// `render_body` renders a block call's body to HTML (problems at offsets in the body).
pub(crate) fn expand(
    markdown: &str,
    shortcodes: &Shortcodes,
    data: &BTreeMap<String, String>,
    render_body: &dyn Fn(&str) -> std::result::Result<Body, Vec<BrokenLink>>,
) -> std::result::Result<Expanded, Vec<BrokenLink>> {
    let (calls, malformed) = find(markdown);
    let mut problems: Vec<BrokenLink> =
        malformed.into_iter().map(|p| BrokenLink::problem(p.offset, p.message, p.hint)).collect();
    if calls.is_empty() && problems.is_empty() {
        return Ok(Expanded::default());
    }
    let mut outputs = Vec::with_capacity(calls.len());
    let mut outlines = Vec::with_capacity(calls.len());
    for call in &calls {
        if let Some(problem) = shortcodes.check(call) {
            problems.push(problem);
            continue;
        }
        let mut toc = Vec::new();
        let body = match &call.body {
            Some(range) => match render_body(&markdown[range.clone()]) {
                Ok(body) => {
                    toc = body.toc;
                    Some(body.html)
                }
                Err(inner) => {
                    problems.extend(inner.into_iter().map(|mut p| {
                        p.offset += range.start;
                        p
                    }));
                    continue;
                }
            },
            None => None,
        };
        match shortcodes.render(call, body, data) {
            Ok(html) => {
                outputs.push(html);
                outlines.push(toc);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut text = String::with_capacity(markdown.len());
    let mut map = Vec::with_capacity(calls.len() + 1);
    let mut last = 0;
    for (i, call) in calls.iter().enumerate() {
        text.push_str(&markdown[last..call.range.start]);
        text.push_str(&marker(i));
        last = call.range.end;
        map.push((text.len(), last));
    }
    text.push_str(&markdown[last..]);
    Ok(Expanded { text: Some(text), outputs, outlines, map })
}

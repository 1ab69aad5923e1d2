//! A brief: one `content/briefs/**/*.md` file (subfolders only sort the files: the URL is
//! `/briefs/<slug>/` wherever the file is), its front-matter checked and typed, its body
//! ready for markdown rendering (own markdown, then the converted seed).
//!
//! `Brief::parse` is pure; `content::load` reads the file and its seed around it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::content::date::PartialDate;
use crate::content::front_matter::{self, Author, BriefFrontMatter, Event, Source};
use crate::content::publication::{self, Update};
use crate::content::seed::{self, SeedFilter, SeedOptions};
use crate::content::terms::term_slug;
use crate::diagnostics::Warning;
use crate::error::{Error, Result};
use crate::line_index::BodyPositions;
use crate::yaml_locate::{Step, locate};

/// Summaries longer than this many sentences get a warning.
const MAX_SUMMARY_SENTENCES: usize = 3;
/// More key points than this get a warning.
const MAX_KEY_POINTS: usize = 5;

/// A brief, as read from its file.
#[derive(Debug, Clone)]
pub struct Brief {
    /// Path of the file, relative to the site root (`content/briefs/x.md`).
    pub path: PathBuf,
    /// Path of the file inside `content/briefs/` (`x.md`, `2025/x.md`), for `@/briefs/...`
    /// links (set by the loader; the file name alone until then).
    pub file_name: String,
    /// URL segment.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Publication date (always a full date).
    pub date: PartialDate,
    /// Last update (a full date), if any: the newest non-minor change note, else `updated:`.
    pub updated: Option<PartialDate>,
    /// Change notes, newest first.
    pub updates: Vec<Update>,
    /// DOI (`10.1234/abc`).
    pub doi: Option<String>,
    /// The publisher's report number.
    pub report_number: Option<String>,
    /// The series it belongs to.
    pub series: Option<String>,
    /// One to three sentences.
    pub summary: String,
    /// Takeaways.
    pub key_points: Vec<String>,
    /// Taxonomy name -> term names, as written.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Taxonomy name -> 1-based line of its key in the file (for messages about its terms).
    pub taxonomy_lines: BTreeMap<String, usize>,
    /// Authors.
    pub authors: Vec<Author>,
    /// Original publication.
    pub source: Option<Source>,
    /// Seed file, relative to the site root.
    pub seed: Option<String>,
    /// Seed lines to leave out.
    pub seed_drop: Vec<String>,
    /// Events, oldest first.
    pub events: Vec<Event>,
    /// Left out of builds unless drafts are asked for.
    pub draft: bool,
    /// Free-form front-matter values for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The template chosen for the brief's page instead of `brief.html`, with the line of
    /// `template:`.
    pub template: Option<(String, usize)>,
    /// Old URLs (output folder paths, `old/name/`) with the line of `aliases:`.
    pub aliases: Vec<(String, usize)>,
    /// The data files the body's shortcodes read (path as written to text).
    pub data: BTreeMap<String, String>,
    /// Markdown body: the file's own body, then the converted seed. Empty after
    /// [`Brief::release_body`].
    pub body: String,
    /// Set by [`Brief::release_body`]: the hash of the body it left out, which
    /// [`Bodies::read`](crate::content::Bodies::read) checks when it reads the body again.
    pub released_body: Option<u64>,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Bytes of `body` that come from the file itself (the rest is seed text).
    pub own_body_len: usize,
    /// 1-based line of each `seed_drop` entry in the file (same order; 0 if not found).
    pub seed_drop_lines: Vec<usize>,
    /// Non-fatal problems found while reading the brief (and its seed).
    pub warnings: Vec<Warning>,
    /// The file's own body still holds a TODO placeholder: feeds carry no full content then.
    pub todo_body: bool,
    /// Unique to this reading of the brief: each parse (and each change after it) takes a
    /// new one, and copies keep it, so later stages can reuse what they made from a brief
    /// of the same revision.
    pub revision: u64,
    /// `bibliography:` as written, and the line it is on.
    pub bibliography: Option<(String, usize)>,
    /// The bibliography its citations resolve against (its own, else the site's), set by
    /// the loader.
    pub references: Option<std::sync::Arc<crate::content::bibliography::Bibliography>>,
}

/// A new brief revision.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Brief {
    /// Parses a brief's text. `taxonomies` are the names the site declares.
    pub fn parse(path: &Path, text: &str, taxonomies: &[&str]) -> Result<Brief> {
        let split = front_matter::split(path, text)?;
        let (fm, terms) = parse_front_matter(path, &split, taxonomies)?;
        let line_of = |key: &str| {
            split.yaml.lines().position(|l| l.starts_with(key)).map_or(0, |i| i + 1 + split.yaml_line_offset)
        };
        let mut errors = Vec::new();
        if !fm.date.is_full() {
            errors.push(Error::content(path, line_of("date:"), 1, "`date` must be a full date (YYYY-MM-DD)"));
        }
        if fm.updated.is_some_and(|u| !u.is_full()) {
            errors.push(Error::content(path, line_of("updated:"), 1, "`updated` must be a full date (YYYY-MM-DD)"));
        }
        if fm.updated.is_some_and(|u| u < fm.date) {
            errors.push(Error::content(path, line_of("updated:"), 1, "`updated` is earlier than `date`"));
        }
        let (publication, publication_errors) = publication::read(path, &split, &fm);
        errors.extend(publication_errors);
        if fm.title.trim().is_empty() {
            errors.push(Error::content(path, line_of("title:"), 1, "`title` is empty"));
        }
        if fm.summary.trim().is_empty() {
            errors.push(Error::content(
                path,
                line_of("summary:"),
                1,
                "`summary` is empty: write one to three sentences",
            ));
        }
        if fm.seed.is_none() && split.body.trim().is_empty() {
            errors.push(Error::content(
                path,
                0,
                0,
                "the brief has no body: write markdown after the front-matter or set `seed:`",
            ));
        }
        // A page bundle (`<folder>/index.md`) is named by its folder.
        let file_name = match (path.file_name(), path.parent().and_then(Path::file_name)) {
            (Some(n), Some(folder)) if n == "index.md" && folder != "briefs" => {
                format!("{}.md", folder.to_string_lossy())
            }
            (n, _) => n.map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        };
        let slug = match &fm.slug {
            Some(s) => {
                let made = slug::slugify(s);
                if s.contains(['/', '\\']) || s.contains("..") {
                    errors.push(
                        Error::content(
                            path,
                            line_of("slug:"),
                            1,
                            format!("`slug: {s}` would write outside public/briefs/<slug>/"),
                        )
                        .with_hint(format!("a slug is one URL segment: use e.g. `{made}`")),
                    );
                } else if made != *s {
                    errors.push(
                        Error::content(path, line_of("slug:"), 1, format!("`slug: {s}` is not a URL slug"))
                            .with_hint(format!("use lowercase letters, digits and hyphens, e.g. `{made}`")),
                    );
                }
                made
            }
            None => slug::slugify(file_name.trim_end_matches(".md")),
        };
        if slug.is_empty() {
            errors.push(Error::content(path, 0, 0, "cannot make a URL slug from the file name: set `slug:`"));
        }
        errors.extend(unnamed_terms(path, &split, &terms));
        Error::collect(errors)?;
        let taxonomy_lines = terms.keys().map(|t| (t.clone(), line_of(&format!("{t}:")))).collect();
        let mut warnings = brief_warnings(path, &fm, &line_of);
        warnings.extend(todo_warnings(path, &split, &fm));
        let todo_body = todo_line(split.body).is_some();
        let seed_drop_lines = drop_entry_lines(&split, &fm.seed_drop, line_of("seed_drop:"));
        let mut events = fm.events;
        events.sort_by_key(|e| e.date);
        Ok(Brief {
            path: path.to_path_buf(),
            file_name,
            slug,
            title: fm.title.trim().to_owned(),
            date: fm.date,
            updated: publication.updated,
            updates: publication.updates,
            doi: publication.doi,
            report_number: publication.report_number,
            series: publication.series,
            summary: fm.summary.trim().to_owned(),
            key_points: fm.key_points,
            taxonomies: terms,
            taxonomy_lines,
            authors: fm.authors,
            source: fm.source,
            seed: fm.seed,
            seed_drop: fm.seed_drop,
            events,
            draft: fm.draft,
            data: BTreeMap::new(),
            extra: fm.extra,
            template: fm.template.map(|t| (t, line_of("template:"))),
            aliases: front_matter::aliases(path, &fm.aliases, line_of("aliases:"))?,
            body: split.body.to_owned(),
            body_line: split.body_line,
            own_body_len: split.body.len(),
            released_body: None,
            seed_drop_lines,
            warnings,
            todo_body,
            revision: next_revision(),
            bibliography: fm.bibliography.map(|b| (b, line_of("bibliography:"))),
            references: None,
        })
    }

    /// This brief citing from `bib`: a new revision.
    pub fn with_references(&self, bib: std::sync::Arc<crate::content::bibliography::Bibliography>) -> Brief {
        Brief { references: Some(bib), revision: next_revision(), ..self.clone() }
    }

    /// Appends the converted seed text to the body.
    pub fn append_seed(&mut self, seed_text: &str, filter: &SeedFilter) {
        self.revision = next_revision();
        let converted = self.convert_seed(seed_text, filter);
        self.own_body_len = join_seed(&mut self.body, &converted.markdown);
        for i in converted.unused_drop {
            let entry = &self.seed_drop[i];
            let line = self.seed_drop_lines.get(i).copied().unwrap_or_default();
            self.warnings.push(
                Warning::new(&self.path, line, format!("seed_drop entry `{entry}` matches nothing in the seed"))
                    .with_kind("unused seed_drop entries")
                    .with_hint("copy the caption exactly as the seed has it, or remove the entry"),
            );
        }
    }

    /// The brief's seed text converted with its title and `seed_drop`.
    fn convert_seed(&self, seed_text: &str, filter: &SeedFilter) -> seed::ConvertedSeed {
        seed::convert(seed_text, filter, SeedOptions { title: Some(&self.title), drop: &self.seed_drop })
    }

    /// The body again from the file's `text` (and its seed's), as [`Brief::parse`] and
    /// [`Brief::append_seed`] made it, without parsing the front-matter again.
    pub fn body_from(&self, text: &str, seed_text: Option<&str>, filter: &SeedFilter) -> Result<String> {
        let mut body = front_matter::split(&self.path, text)?.body.to_owned();
        if let Some(seed_text) = seed_text {
            join_seed(&mut body, &self.convert_seed(seed_text, filter).markdown);
        }
        Ok(body)
    }

    /// Leaves the body out (after everything the loader checks in it), keeping its hash: a
    /// build that renders each brief once reads it again then, so the bodies of a large
    /// site are never all held at once.
    pub fn release_body(&mut self) {
        self.released_body = Some(body_hash(&self.body));
        self.body = String::new();
    }

    /// The summary as published in citations, feeds and metadata: empty while it is still a
    /// TODO placeholder, so no placeholder reaches a reference manager or a feed reader.
    pub fn published_summary(&self) -> &str {
        if is_todo(&self.summary) { "" } else { &self.summary }
    }

    /// The 1-based line of the file at byte `offset` of the body, if it is the file's own text.
    /// To place many offsets, use one [`Brief::positions`].
    pub fn line_at(&self, offset: usize) -> usize {
        self.positions().at(offset).0
    }

    /// Line and column in the file of body offsets (0 for seed text), indexed once.
    pub fn positions(&self) -> BodyPositions<'_> {
        BodyPositions::new(&self.body, self.body_line, self.own_body_len)
    }
}

/// Appends converted seed markdown to a brief's own body, a blank line between; returns
/// the length of the own part.
fn join_seed(body: &mut String, markdown: &str) -> usize {
    if !body.is_empty() && !body.ends_with("\n\n") {
        body.push_str(if body.ends_with('\n') { "\n" } else { "\n\n" });
    }
    let own = body.len();
    body.push_str(markdown);
    own
}

/// The hash [`Brief::release_body`] keeps of a body.
pub(crate) fn body_hash(body: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body.as_bytes())
}

/// Reads the typed front-matter and the taxonomy terms, reporting the errors of both; a
/// `missing field` error is left out when an unknown key is a likely misspelling of it.
fn parse_front_matter(
    path: &Path,
    split: &front_matter::Split<'_>,
    taxonomies: &[&str],
) -> Result<(BriefFrontMatter, BTreeMap<String, Vec<String>>)> {
    let fm: Result<BriefFrontMatter> = front_matter::parse_brief(path, split);
    let terms = front_matter::parse_taxonomies(path, split, taxonomies);
    let (fm_error, term_errors) = match (fm, terms) {
        (Ok(fm), Ok(terms)) => return Ok((fm, terms)),
        (Ok(_), Err(e)) => return Err(e),
        (Err(e), Ok(_)) => (e, Vec::new()),
        (Err(e), Err(t)) => {
            // A YAML syntax error is reported by both readers; keep one.
            let content: Vec<Error> = t.into_list().into_iter().filter(|e| !is_yaml_error(e)).collect();
            (e, content)
        }
    };
    // A `missing field` error is left out when an unknown key is a likely misspelling of it.
    let hints: Vec<String> = term_errors.iter().filter_map(Error::hint).map(str::to_owned).collect();
    let explained = |e: &Error| {
        let (_, message) = e.parts();
        let missing = message.strip_prefix("missing field `").and_then(|r| r.split('`').next());
        missing.is_some_and(|m| hints.iter().any(|h| h.contains(&format!("`{m}`"))))
    };
    let mut errors: Vec<Error> = fm_error.into_list().into_iter().filter(|e| !explained(e)).collect();
    errors.extend(term_errors);
    Err(Error::collect(errors).err().unwrap_or(Error::Many(Vec::new())))
}

fn is_yaml_error(e: &Error) -> bool {
    match e {
        Error::Yaml { .. } => true,
        Error::Hinted { error, .. } => is_yaml_error(error),
        _ => false,
    }
}

/// Errors for terms that have no URL slug (`###`, `—`): they could have no term page and
/// would be linked as `/<taxonomy>//`. Each at the term's line and column when it can be
/// found, else at its taxonomy key.
fn unnamed_terms(path: &Path, split: &front_matter::Split<'_>, terms: &BTreeMap<String, Vec<String>>) -> Vec<Error> {
    let mut out = Vec::new();
    for (taxonomy, names) in terms {
        for name in names.iter().filter(|n| term_slug(n).is_empty()) {
            let (line, column) = term_position(split, taxonomy, name);
            out.push(
                Error::content(
                    path,
                    line,
                    column,
                    format!(
                        "`{name}` in `{taxonomy}` has no letter or digit to make a URL from: it can have no page of its own"
                    ),
                )
                .with_hint("write the term with at least one letter or digit, or remove it"),
            );
        }
    }
    out
}

/// The (line, column) in the file of term `name` of `taxonomy`: the list item holding it,
/// or the taxonomy's value when it is a single name; `(0, 0)` when not found.
fn term_position(split: &front_matter::Split<'_>, taxonomy: &str, name: &str) -> (usize, usize) {
    let value: serde_yaml::Value = serde_yaml::from_str(split.yaml).unwrap_or_default();
    let index = value
        .get(taxonomy)
        .and_then(serde_yaml::Value::as_sequence)
        .and_then(|items| items.iter().position(|item| item.as_str().is_some_and(|s| s.trim() == name)));
    let found = match index {
        Some(i) => locate(split.yaml, &[Step::Key(taxonomy), Step::Index(i)]),
        None => locate(split.yaml, &[Step::Key(taxonomy)]),
    };
    found.map_or((0, 0), |(line, column)| (line + split.yaml_line_offset, column))
}

/// Whether `text` is a placeholder still to be written: it starts with `TODO`.
pub fn is_todo(text: &str) -> bool {
    text.trim_start().starts_with("TODO")
}

/// Advice on a brief that builds but reads poorly.
fn brief_warnings(path: &Path, fm: &BriefFrontMatter, line_of: &dyn Fn(&str) -> usize) -> Vec<Warning> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = Vec::new();
    let summary = fm.summary.trim();
    if is_todo(summary) {
        out.push(
            Warning::new(path, line_of("summary:"), "the summary is still a TODO")
                .with_kind("summary still a TODO")
                .with_hint("write one to three sentences in your own words"),
        );
    } else {
        let sentences = summary.unicode_sentences().filter(|s| !s.trim().is_empty()).count();
        if sentences > MAX_SUMMARY_SENTENCES {
            out.push(
                Warning::new(path, line_of("summary:"), format!("the summary has {sentences} sentences"))
                    .with_kind("summary longer than three sentences")
                    .with_hint("keep it to one to three; move detail to `key_points` or the body"),
            );
        }
    }
    if fm.key_points.is_empty() {
        out.push(
            Warning::new(path, 0, "the brief has no key_points")
                .with_kind("no key points")
                .with_hint("add three to five takeaways under `key_points:`"),
        );
    } else if fm.key_points.len() > MAX_KEY_POINTS {
        out.push(
            Warning::new(path, line_of("key_points:"), format!("{} key points", fm.key_points.len()))
                .with_kind("more than five key points")
                .with_hint("three to five read best; merge or cut some"),
        );
    }
    out
}

/// Warnings for key points and body text that are still TODO placeholders (the summary's
/// is in [`brief_warnings`]): one per part, at the first placeholder's line.
fn todo_warnings(path: &Path, split: &front_matter::Split<'_>, fm: &BriefFrontMatter) -> Vec<Warning> {
    let mut out = Vec::new();
    let todo: Vec<usize> = fm.key_points.iter().enumerate().filter(|(_, p)| is_todo(p)).map(|(i, _)| i).collect();
    if let Some(&first) = todo.first() {
        let (line, column) = locate(split.yaml, &[Step::Key("key_points"), Step::Index(first)])
            .map_or((0, 0), |(line, column)| (line + split.yaml_line_offset, column));
        let what = match todo.len() {
            1 => String::from("a key point is still a TODO"),
            n => format!("{n} key points are still TODO"),
        };
        let mut w = Warning::new(path, line, what)
            .with_kind("key points still TODO")
            .with_hint("write each takeaway in a sentence, or remove the placeholder");
        w.column = column;
        out.push(w);
    }
    if let Some(i) = todo_line(split.body) {
        out.push(
            Warning::new(path, split.body_line + i, "the body still holds TODO text")
                .with_kind("body still TODO")
                .with_hint("write the brief here, or delete the placeholder paragraph"),
        );
    }
    out
}

/// The 0-based line of the first line of `body` (outside fenced code) that starts with TODO.
fn todo_line(body: &str) -> Option<usize> {
    let mut in_code = false;
    for (i, text) in body.lines().enumerate() {
        let text = text.trim_start();
        if text.starts_with("```") || text.starts_with("~~~") {
            in_code = !in_code;
        }
        if !in_code && is_todo(text) {
            return Some(i);
        }
    }
    None
}

/// The file line of each `seed_drop` entry: the first line after `seed_drop:` holding it.
fn drop_entry_lines(split: &front_matter::Split<'_>, drop: &[String], key_line: usize) -> Vec<usize> {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let start = key_line.saturating_sub(split.yaml_line_offset + 1);
    drop.iter()
        .map(|entry| {
            lines
                .iter()
                .enumerate()
                .skip(start)
                .find(|(_, l)| l.contains(entry.trim()))
                .map_or(key_line, |(i, _)| i + 1 + split.yaml_line_offset)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "content/briefs/my-brief.md";

    fn parse(text: &str) -> Result<Brief> {
        Brief::parse(Path::new(P), text, &["topics", "actors"])
    }

    #[test]
    fn can_parse_a_full_brief() {
        let b = parse("---\ntitle: T\ndate: 2022-04-15\nupdated: 2024-03-19\nsummary: S.\ntopics: [a, b]\nevents:\n  - { date: 2024-03, title: E }\n---\nBody\n")
            .expect("valid");
        assert_eq!(b.slug, "my-brief");
        assert_eq!(b.taxonomies["topics"], vec!["a", "b"]);
        assert_eq!(b.events[0].date.iso(), "2024-03");
        assert_eq!(b.body_line, 10);
        assert_eq!(b.line_at(0), 10);
    }

    #[test]
    fn errors_on_missing_summary_with_position() {
        let e = parse("---\ntitle: T\ndate: 2022-04-15\n---\nBody\n").expect_err("missing");
        assert!(e.to_string().starts_with(&format!("{P}:2:1: missing field `summary`")), "{e}");
    }

    #[test]
    fn errors_on_bad_event_date_at_its_line() {
        let e =
            parse("---\ntitle: T\ndate: 2022-04-15\nsummary: S\nevents:\n  - { date: 2024-13, title: E }\n---\nB\n")
                .expect_err("bad month");
        let text = e.to_string();
        assert!(text.starts_with(&format!("{P}:6:")), "{text}");
        assert!(text.contains("between 1 and 12"), "{text}");
    }

    #[test]
    fn errors_on_every_bad_field_and_event_date_at_once() {
        let e = parse(
            "---\ntitle: T\ndate: 2022-04-15\nsummary: S\nevents:\n  - { date: 2024-13, title: E }\n  - date: 2024-02-30\n    title: F\n  - { date: 2024-01, title: G }\n  - { date: x, title: H }\ndraft: maybe\n---\nB\n",
        )
        .expect_err("bad dates");
        let all: Vec<String> = e.into_list().iter().map(ToString::to_string).collect();
        assert_eq!(all.len(), 4, "{all:#?}");
        assert!(all[0].starts_with(&format!("{P}:6:13: events[0].date: invalid date `2024-13`")), "{all:#?}");
        assert!(all[1].starts_with(&format!("{P}:7:11: events[1].date: invalid date `2024-02-30`")), "{all:#?}");
        assert!(all[2].starts_with(&format!("{P}:10:13: events[3].date: invalid date `x`")), "{all:#?}");
        assert!(all[3].starts_with(&format!("{P}:11:8: draft: invalid type")), "{all:#?}");
    }

    #[test]
    fn errors_on_a_string_where_a_list_belongs_with_the_list_to_write() {
        let e = parse(
            "---\ntitle: T\ndate: 2022-04-15\nsummary: S\ntopics: Trade, Climate policy\nkey_points: One\n---\nB\n",
        )
        .expect_err("strings");
        let all = e.into_list();
        assert_eq!(all.len(), 2, "{all:#?}");
        assert_eq!(all[0].to_string(), format!("{P}:5:9: `topics` must be a list, not a single string"));
        assert_eq!(all[0].hint(), Some("write it as a list: [Trade, Climate policy]"));
        assert_eq!(all[1].to_string(), format!("{P}:6:13: `key_points` must be a list, not a single string"));
        // One name alone is one term.
        let b = parse("---\ntitle: T\ndate: 2022-04-15\nsummary: S\ntopics: Trade\n---\nB\n").expect("one term");
        assert_eq!(b.taxonomies["topics"], ["Trade"]);
    }

    #[test]
    fn errors_on_partial_publication_date_and_empty_body() {
        let e = parse("---\ntitle: T\ndate: 2022-04\nsummary: S\n---\n").expect_err("partial");
        assert_eq!(e.count(), 2, "{e}");
        assert!(e.to_string().contains(&format!("{P}:3:1: `date` must be a full date")), "{e}");
    }

    #[test]
    fn errors_on_terms_without_a_slug_at_their_line() {
        let e = parse(
            "---\ntitle: T\ndate: 2022-04-15\nsummary: S\ntopics:\n  - Fine\n  - '###'\nactors: [A, \"—\"]\n---\nB\n",
        )
        .expect_err("no slug");
        let all: Vec<String> = e.into_list().iter().map(ToString::to_string).collect();
        assert_eq!(all.len(), 2, "{all:?}");
        // In line order, whatever the order of the taxonomies.
        assert!(all[0].starts_with(&format!("{P}:7:5: `###` in `topics` has no letter or digit")), "{all:?}");
        assert!(all[1].starts_with(&format!("{P}:8:13: `—` in `actors` has no letter or digit")), "{all:?}");
        let e = parse("---\ntitle: T\ndate: 2022-04-15\nsummary: S\ntopics: '#'\n---\nB\n").expect_err("single");
        assert!(e.to_string().starts_with(&format!("{P}:5:9: `#` in `topics`")), "{e}");
    }

    #[test]
    fn can_note_the_line_of_each_taxonomy() {
        let b =
            parse("---\ntitle: T\ndate: 2022-04-15\nsummary: S\nactors: [A]\ntopics:\n  - C\n---\nB\n").expect("valid");
        assert_eq!(b.taxonomy_lines["actors"], 5);
        assert_eq!(b.taxonomy_lines["topics"], 6);
    }

    #[test]
    fn can_append_seed_after_own_body() {
        let mut b =
            parse("---\ntitle: T\ndate: 2022-04-15\nsummary: S\nseed: seeds/x.txt\n---\nIntro.").expect("valid");
        b.append_seed("T\n\nSeed text.", &SeedFilter::default());
        assert_eq!(b.body, "Intro.\n\nSeed text\\.\n");
        assert_eq!(b.line_at(b.own_body_len + 1), 0);
    }
}

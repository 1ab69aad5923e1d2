//! Splits a content file into its YAML front-matter and markdown body, and reads the YAML
//! into typed front-matter. All YAML parsing of content lives here.
//!
//! Guarantees: errors name the file and the line and column *in the .md file* (not in the
//! YAML block); unknown keys are errors, except the taxonomy names the site declares; a
//! brief's front-matter reports the errors of all its fields (every bad event date, not
//! only the first); a single string where a list belongs is an error with the list to write.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::content::date::PartialDate;
use crate::error::{Error, Result};
use crate::yaml_locate::{Step, error_at, locate};

/// A content file cut in two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Lines before the YAML starts (the opening fence), to shift YAML error lines.
    pub yaml_line_offset: usize,
    /// The markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line in the file where the body starts.
    pub body_line: usize,
}

/// Cuts `text` at its `---` fences. The file must open with a fence on its first line.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::content(
            path,
            0,
            0,
            "the file is empty: a brief needs YAML front-matter between `---` lines",
        ));
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Error::content(
            path,
            1,
            1,
            "expected front-matter: the file must start with a line `---`, then YAML, then `---`",
        ));
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_line_offset: 1,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(Error::content(path, 1, 1, "the front-matter opened here is never closed: add a line `---` after the YAML"))
}

/// An author of a brief.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// Full name.
    pub name: String,
    /// Institution, may be empty.
    #[serde(default)]
    pub affiliation: String,
}

/// Where a brief's seed text was first published.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who published it (e.g. Diplo).
    pub publisher: String,
    /// The original title.
    #[serde(default)]
    pub title: String,
    /// The original address, may be empty: http(s), mailto or relative.
    #[serde(default, deserialize_with = "crate::content::url::deserialize")]
    pub url: String,
}

/// A dated event a brief reports, for the site-wide timeline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// When it happened; may be partial.
    pub date: PartialDate,
    /// What happened, one line.
    pub title: String,
}

/// A brief's front-matter, as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct BriefFrontMatter {
    /// The headline.
    pub title: String,
    /// Publication date.
    pub date: PartialDate,
    /// Last substantive update; with `updates:`, it must be the newest non-minor one (or
    /// be left out: the updates set it).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// Change notes: `{ date, note }`, `minor: true` for corrections that are no update.
    #[serde(default)]
    pub updates: Vec<crate::content::publication::Update>,
    /// The brief's DOI, `10.<digits>/<suffix>` (without `https://doi.org/`).
    #[serde(default)]
    #[schemars(pattern(r"^10\.[0-9]+(\.[0-9]+)*/\S+$"))]
    pub doi: Option<String>,
    /// The publisher's report number (e.g. `PB-2024-07`).
    #[serde(default)]
    pub report_number: Option<String>,
    /// The series the brief belongs to (e.g. `Policy Briefs`).
    #[serde(default)]
    pub series: Option<String>,
    /// One to three sentences.
    pub summary: String,
    /// Three to five takeaways.
    #[serde(default)]
    pub key_points: Vec<String>,
    /// Who wrote it.
    #[serde(default)]
    pub authors: Vec<Author>,
    /// Where the seed came from.
    #[serde(default)]
    pub source: Option<Source>,
    /// A plain-text seed under `seeds/` that supplies (part of) the body.
    #[serde(default)]
    pub seed: Option<String>,
    /// Seed lines to leave out (captions, alt texts).
    #[serde(default)]
    pub seed_drop: Vec<String>,
    /// Dated events for the timeline.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// URL segment; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Free-form values for templates (`brief.extra`, `page.extra`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Another template of the theme for this brief (`brief-wide.html`).
    #[serde(default)]
    pub template: Option<String>,
    /// Old URLs (paths in the site) that lead to the brief.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The sources it cites: a BibTeX `.bib` or Hayagriva `.yaml` file, relative to the
    /// brief's file (instead of the site's `bibliography:`).
    #[serde(default)]
    pub bibliography: Option<String>,
}

/// The top-level keys a brief's front-matter may hold besides taxonomy names.
pub(crate) const BRIEF_KEYS: [&str; 20] = [
    "title",
    "date",
    "updated",
    "updates",
    "doi",
    "report_number",
    "series",
    "summary",
    "key_points",
    "authors",
    "source",
    "seed",
    "seed_drop",
    "events",
    "draft",
    "slug",
    "extra",
    "template",
    "aliases",
    "bibliography",
];

/// A standalone page's front-matter.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page heading.
    pub title: String,
    /// For the meta description.
    #[serde(default)]
    pub description: String,
    /// URL segment; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Whether the page is listed in the automatic main navigation (without `nav:` in
    /// site.yaml); `false` leaves it out.
    #[serde(default = "yes")]
    pub nav: bool,
    /// Where the page stands in the automatic navigation: lower first; pages without a
    /// weight come after those with one, by URL slug.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Free-form values for templates (`page_content.extra`, `page.extra`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Another template of the theme for this page (`page-wide.html`).
    #[serde(default)]
    pub template: Option<String>,
    /// Old URLs (paths in the site) that lead to the page.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The output folder path of an alias as written (`/old/path`, `old/page.html`): without
/// the leading slash, a folder with a trailing one; `None` when it is no path inside the
/// site.
pub fn alias_rel(written: &str) -> Option<String> {
    let rel = written.trim().trim_start_matches('/');
    let safe = !rel.is_empty()
        && rel.split('/').all(|s| s != ".." && s != ".")
        && !rel.contains(['\\', '?', '#', ':', '"', '<', '>'])
        && !rel.chars().any(char::is_control);
    if !safe {
        return None;
    }
    Some(if rel.ends_with('/') || rel.ends_with(".html") { rel.to_owned() } else { format!("{rel}/") })
}

/// `aliases` as output paths with the line of `aliases:` (`line`), or the error of the
/// first that is no path inside the site.
pub fn aliases(path: &Path, aliases: &[String], line: usize) -> Result<Vec<(String, usize)>> {
    aliases
        .iter()
        .map(|a| {
            alias_rel(a).map(|rel| (rel, line)).ok_or_else(|| {
                Error::content(path, line, 1, format!("alias `{}` is not a path inside the site", a.escape_debug()))
                    .with_hint("write the old URL's path, e.g. `/briefs/old-name/`")
            })
        })
        .collect()
}

fn yes() -> bool {
    true
}

/// Parses YAML from a split file into `T`, with errors pointing into the file.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, split: &Split<'_>) -> Result<T> {
    if split.yaml.trim().is_empty() {
        return Err(Error::content(path, 1, 1, "the front-matter is empty: it needs at least a title"));
    }
    serde_yaml::from_str(split.yaml).map_err(|e| Error::yaml(path, split.yaml_line_offset, &e))
}

/// Parses a brief's front-matter, reporting the error of every field (and of every item of
/// a list), not only the first one serde meets.
pub fn parse_brief(path: &Path, split: &Split<'_>) -> Result<BriefFrontMatter> {
    let first = match parse_yaml::<BriefFrontMatter>(path, split) {
        Ok(fm) => return Ok(fm),
        Err(e) => e,
    };
    // A syntax error, or no mapping at all: the first error is all there is to say.
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(split.yaml) else {
        return Err(first);
    };
    let mut found: Vec<serde_yaml::Error> = Vec::new();
    let mut errors = Vec::new();
    let mut field = |e: Option<serde_yaml::Error>| found.extend(e);
    for key in BRIEF_KEYS {
        let at = [Step::Key(key)];
        let Some(value) = map.get(key) else { continue };
        let items = value.as_sequence().map_or(0, Vec::len);
        match key {
            "title" | "summary" => field(error_at::<String>(split.yaml, &at)),
            "date" => field(error_at::<PartialDate>(split.yaml, &at)),
            "updated" => field(error_at::<Option<PartialDate>>(split.yaml, &at)),
            "extra" => field(error_at::<serde_json::Map<String, serde_json::Value>>(split.yaml, &at)),
            "seed" | "slug" | "template" | "bibliography" | "doi" | "report_number" | "series" => {
                field(error_at::<Option<String>>(split.yaml, &at))
            }
            "draft" => field(error_at::<bool>(split.yaml, &at)),
            "source" => field(error_at::<Option<Source>>(split.yaml, &at)),
            _ if value.is_string() => {
                let text = value.as_str().unwrap_or_default();
                errors.push(list_error(path, split, key, &[text]));
            }
            "key_points" | "seed_drop" | "aliases" if value.is_sequence() => {
                (0..items).for_each(|i| field(error_at::<String>(split.yaml, &[Step::Key(key), Step::Index(i)])))
            }
            "authors" if value.is_sequence() => {
                (0..items).for_each(|i| field(error_at::<Author>(split.yaml, &[Step::Key(key), Step::Index(i)])))
            }
            "events" if value.is_sequence() => {
                (0..items).for_each(|i| field(error_at::<Event>(split.yaml, &[Step::Key(key), Step::Index(i)])))
            }
            "updates" if value.is_sequence() => (0..items).for_each(|i| {
                field(error_at::<crate::content::publication::Update>(split.yaml, &[Step::Key(key), Step::Index(i)]))
            }),
            _ => field(error_at::<Vec<serde_yaml::Value>>(split.yaml, &at)),
        }
    }
    errors.extend(found.iter().map(|e| Error::yaml(path, split.yaml_line_offset, e)));
    for required in ["title", "date", "summary"] {
        if !map.contains_key(required) {
            let message = format!("missing field `{required}`");
            let error = Error::Yaml { path: path.to_path_buf(), line: split.yaml_line_offset + 1, column: 1, message };
            errors.push(error.with_hint("add it to the front-matter (see `chancery schema brief`)"));
        }
    }
    // No field's own error found: the first error (of the whole document) stands.
    Err(Error::collect(errors).err().unwrap_or(first))
}

/// The error for one string where the list `key` belongs, at the string, with the list to
/// write instead of it (`parts` are the items the string seems to hold).
fn list_error(path: &Path, split: &Split<'_>, key: &str, parts: &[&str]) -> Error {
    let (line, column) = locate(split.yaml, &[Step::Key(key)]).map_or((0, 0), |(l, c)| (l + split.yaml_line_offset, c));
    let items: Vec<String> = parts
        .iter()
        .map(|p| if key == "authors" { format!("{{ name: {} }}", p.trim()) } else { p.trim().to_owned() })
        .collect();
    let example = match key {
        "events" => String::from("one `- { date: 2024-05, title: What happened }` per event"),
        "updates" => String::from("one `- { date: 2024-03-19, note: What changed }` per update"),
        _ => format!("[{}]", items.join(", ")),
    };
    Error::content(path, line, column, format!("`{key}` must be a list, not a single string"))
        .with_hint(format!("write it as a list: {example}"))
}

/// Reads the taxonomy terms of a brief's front-matter (the keys that are not one of
/// [`BriefFrontMatter`]'s), rejecting keys that are no declared taxonomy.
pub fn parse_taxonomies(path: &Path, split: &Split<'_>, declared: &[&str]) -> Result<BTreeMap<String, Vec<String>>> {
    let all: BTreeMap<String, serde_yaml::Value> =
        serde_yaml::from_str(split.yaml).map_err(|e| Error::yaml(path, split.yaml_line_offset, &e))?;
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in all {
        if BRIEF_KEYS.contains(&key.as_str()) {
            continue;
        }
        let line = key_line(split, &key);
        if !declared.contains(&key.as_str()) {
            let candidates = BRIEF_KEYS.iter().chain(declared).copied();
            let hint = match crate::diagnostics::did_you_mean(&key, candidates) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!(
                    "expected one of {}, or a taxonomy declared in site.yaml ({})",
                    BRIEF_KEYS.join(", "),
                    declared.join(", ")
                ),
            };
            errors.push(Error::content(path, line, 1, format!("unknown field `{key}`")).with_hint(hint));
            continue;
        }
        let terms: Vec<String> = match value {
            serde_yaml::Value::Null => Vec::new(),
            // One name is one term; names joined by commas were meant as a list.
            serde_yaml::Value::String(s) if s.contains(',') => {
                errors.push(list_error(path, split, &key, &s.split(',').collect::<Vec<_>>()));
                continue;
            }
            serde_yaml::Value::String(s) => vec![s],
            other => match serde_yaml::from_value(other) {
                Ok(terms) => terms,
                Err(_) => {
                    errors.push(Error::content(path, line, 1, format!("`{key}` must be a list of names")));
                    continue;
                }
            },
        };
        let terms: Vec<String> = terms.into_iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        out.insert(key, terms);
    }
    Error::collect(errors)?;
    Ok(out)
}

/// The `seed:` of a content file's front-matter, if it has one (and parses).
pub fn seed_of(text: &str) -> Option<String> {
    let split = split(Path::new(""), text).ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(split.yaml).ok()?;
    value.get("seed")?.as_str().map(str::to_owned)
}

/// The 1-based line in the file of a top-level `key:` of the YAML block (0 if not found).
fn key_line(split: &Split<'_>, key: &str) -> usize {
    split
        .yaml
        .lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
        .map_or(0, |i| i + 1 + split.yaml_line_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "content/briefs/x.md";

    #[test]
    fn can_split_front_matter_and_body() {
        let s = split(Path::new(P), "---\ntitle: A\n---\nBody\n").expect("valid");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn can_split_without_body() {
        let s = split(Path::new(P), "---\ntitle: A\n---").expect("valid");
        assert_eq!(s.body, "");
    }

    #[test]
    fn errors_on_unclosed_fence() {
        let e = split(Path::new(P), "---\ntitle: A\nbody\n").expect_err("unclosed");
        assert!(e.to_string().contains("never closed"), "{e}");
    }

    #[test]
    fn errors_on_missing_fence_and_empty_file() {
        assert!(split(Path::new(P), "title: A\n").expect_err("no fence").to_string().starts_with(P));
        assert!(split(Path::new(P), "  \n").expect_err("empty").to_string().contains("empty"));
    }

    #[test]
    fn errors_on_yaml_with_line_in_md_file() {
        let text = "---\ntitle: A\ndescription: \"unclosed\n---\n";
        let s = split(Path::new(P), text).expect("split");
        let e = parse_yaml::<PageFrontMatter>(Path::new(P), &s).expect_err("bad yaml");
        let e = match e {
            Error::Hinted { error, .. } => *error,
            other => other,
        };
        match e {
            Error::Yaml { line, .. } => assert!(line >= 3, "line {line}"),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn errors_on_undeclared_taxonomy_with_its_line() {
        let text = "---\ntitle: A\ntopicz: [x]\n---\n";
        let s = split(Path::new(P), text).expect("split");
        let e = parse_taxonomies(Path::new(P), &s, &["topics"]).expect_err("unknown");
        assert!(e.to_string().contains(&format!("{P}:3:1: unknown field `topicz`")), "{e}");
    }

    mod props {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn can_split_any_text_without_panicking(text in "\\PC{0,200}") {
                let _ = split(Path::new("x.md"), &text);
            }

            #[test]
            fn can_give_back_yaml_and_body(
                yaml in proptest::collection::vec("[a-z: #\\[\\]-]{0,20}", 0..6),
                body in "\\PC{0,100}",
            ) {
                let yaml: Vec<String> = yaml.into_iter().filter(|l| l.trim_end() != "---").collect();
                let yaml_text: String = yaml.iter().map(|l| format!("{l}\n")).collect();
                let text = format!("---\n{yaml_text}---\n{body}");
                prop_assume!(!text.trim().is_empty());
                let s = split(Path::new("x.md"), &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(s.yaml, yaml_text.as_str());
                prop_assert_eq!(s.body, body.as_str());
                prop_assert_eq!(s.body_line, yaml.len() + 3);
            }

            #[test]
            fn can_make_slugs_that_stay_in_one_folder(text in "\\PC{0,60}") {
                let made = slug::slugify(&text);
                prop_assert!(made.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{made}");
                prop_assert!(!made.starts_with('-') && !made.ends_with('-'), "{made}");
                prop_assert_eq!(slug::slugify(&made), made.clone());
                let brief = format!("---\ntitle: T\ndate: 2023-01-01\nsummary: S\nslug: {}\n---\nB\n", serde_json::Value::String(text.clone()));
                if let Ok(b) = crate::content::Brief::parse(Path::new("content/briefs/x.md"), &brief, &[]) {
                    prop_assert!(!b.slug.contains(['/', '\\', '.']), "{}", b.slug);
                    prop_assert!(!b.slug.is_empty());
                }
            }
        }
    }
}

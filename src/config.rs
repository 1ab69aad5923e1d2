//! The site's configuration, read from `site.yaml`.
//!
//! Guarantees: unknown keys are an error naming the key, line and column; `base_url` is
//! always absolute with a trailing slash once parsed; defaults fill everything optional.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::yaml_locate::{Step, locate_or_unknown};

mod validate;

/// The typed contents of `site.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and feeds.
    pub title: String,
    /// One or two sentences about the site, for meta descriptions and feeds.
    #[serde(default)]
    pub description: String,
    /// A short line under the title.
    #[serde(default)]
    pub tagline: String,
    /// Absolute URL the site is published at; may carry a sub-path.
    pub base_url: String,
    /// The language of the content, as a BCP 47 tag.
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme: a built-in one (`default`, `briefing-room`) or a folder `themes/<name>/`
    /// of the site. The site's `themes/<name>/`, `templates/` and `static/` override the
    /// theme's files one by one.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where `theme:` stands in `site.yaml` (line, column; 0 when unknown), for errors
    /// found once the themes are known.
    #[serde(skip)]
    pub theme_at: (usize, usize),
    /// The main navigation, in order. Without it the themes list the site's sections, its
    /// taxonomies, search and the pages (those without `nav: false`, by `weight`).
    #[serde(default)]
    pub nav: Option<Vec<NavItem>>,
    /// The file this was read from (`site.yaml` under the root), for messages.
    #[serde(skip)]
    pub file: PathBuf,
    /// Who writes the site.
    #[serde(default)]
    pub author: Party,
    /// Who publishes the site.
    #[serde(default)]
    pub publisher: Party,
    /// Licence note printed in the footer.
    #[serde(default)]
    pub licence: String,
    /// The taxonomies briefs are classified by, in display order.
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// How many briefs one page of `/briefs/` lists.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// How many briefs the home page lists.
    #[serde(default = "default_home_count")]
    pub home_count: usize,
    /// How many entries each Atom feed carries (the site-wide one and each term's), newest first.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// At most how many briefs one part of `/summaries/` lists (a year is split by month,
    /// and a month into pages, to stay under it).
    #[serde(default = "default_summaries_per_page")]
    pub summaries_per_page: usize,
    /// At most how many entries one part of `/timeline/` lists (split as the summaries).
    #[serde(default = "default_timeline_per_page")]
    pub timeline_per_page: usize,
    /// At most how many URLs one sitemap file lists; a larger site gets a sitemap index
    /// (the sitemap protocol allows 50,000).
    #[serde(default = "default_sitemap_limit")]
    pub sitemap_limit: usize,
    /// Rules that cut web boilerplate out of plain-text seeds.
    #[serde(default)]
    pub seed_rules: SeedRules,
    /// How briefs' and pages' markdown is turned into HTML.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Callout kinds of the site besides the built-in `note`, `tip`, `important`,
    /// `warning` and `caution`: kind (letters, digits, `-`) to its label, used as
    /// `> [!KIND]` (any case) in markdown.
    #[serde(default)]
    pub callouts: std::collections::BTreeMap<String, String>,
    /// Free-form values for templates (`site.extra`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// A site-wide bibliography (BibTeX `.bib` or Hayagriva `.yaml`), relative to the site
    /// root: briefs without their own `bibliography:` cite from it.
    #[serde(default)]
    pub bibliography: Option<String>,
    /// The citation style of citations and reference lists.
    #[serde(default)]
    pub citation_style: CitationStyle,
    /// The PDF of every brief (`/briefs/<slug>/<slug>.pdf`).
    #[serde(default)]
    pub pdf: PdfConfig,
}

/// How the PDF of every brief is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PdfConfig {
    /// Make a PDF of every brief, linked from its page (on by default; a binary built
    /// without the `pdf` feature makes none either way).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// The paper size.
    #[serde(default)]
    pub paper: Paper,
    /// A PDF standard the file must conform to (`ua-1`: PDF/UA-1, accessible).
    #[serde(default)]
    pub standard: Option<PdfStandardName>,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig { enabled: true, paper: Paper::default(), standard: None }
    }
}

impl PdfConfig {
    /// Whether this build makes PDFs: asked for, and the binary can.
    pub fn made(&self) -> bool {
        self.enabled && cfg!(feature = "pdf")
    }
}

/// Paper sizes of the PDFs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
}

impl Paper {
    /// Typst's name of the paper.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::UsLetter => "us-letter",
        }
    }
}

/// The PDF standards a site can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
pub enum PdfStandardName {
    /// PDF/UA-1: universally accessible (tagged, with every figure described).
    #[serde(rename = "ua-1")]
    Ua1,
}

fn default_true() -> bool {
    true
}

/// The CSL styles citations are formatted in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CitationStyle {
    /// Chicago Manual of Style, author-date.
    #[default]
    ChicagoAuthorDate,
    /// American Psychological Association, 7th edition.
    Apa,
    /// IEEE, numbered.
    Ieee,
}

/// One link of the main navigation: a `title` and either a `url` or a `page`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    /// The text of the link.
    pub title: String,
    /// Where it goes: a path in the site (`briefs/`, `timeline/`; resolved under
    /// `base_url`) or an address (https:, http:, mailto:).
    #[serde(default, deserialize_with = "crate::content::url::deserialize")]
    pub url: String,
    /// Or a page of `content/pages/`, by its file name without `.md` (`about`).
    #[serde(default)]
    pub page: String,
    /// Where the item stands in `site.yaml` (line, column), for errors found later.
    #[serde(skip)]
    pub at: (usize, usize),
}

/// How markdown bodies are rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Keep raw HTML written in markdown exactly as written (scripts, event handlers and
    /// all). Off by default: raw HTML is sanitised, keeping only harmless formatting. Turn
    /// it on only when every author of the site is trusted.
    #[serde(default)]
    pub unsafe_html: bool,
}

/// A person or organisation, with an optional link.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Home page, may be empty: http(s), mailto or relative.
    #[serde(default, deserialize_with = "crate::content::url::deserialize")]
    pub url: String,
}

/// One taxonomy declared by the site (topics, actors, regions...).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The front-matter key and URL segment (`topics`).
    pub name: String,
    /// Heading for the term list (`Topics`).
    pub title: String,
    /// Label for one term (`Topic`).
    pub singular: String,
}

/// Site-wide rules for turning plain-text seeds into brief bodies.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedRules {
    /// Regular expressions; a seed line matching one starts the trailing boilerplate
    /// (comment forms, related or most-read lists): it and everything after it are cut.
    #[serde(default = "default_cut_from")]
    pub cut_from: Vec<String>,
    /// Regular expressions; a seed line matching one is left out wherever it stands.
    #[serde(default = "default_drop_lines")]
    pub drop_lines: Vec<String>,
    /// Lines at most this many characters long, with no closing punctuation, standing
    /// alone between paragraphs, become sub-headings.
    #[serde(default = "default_heading_max_chars")]
    pub heading_max_chars: usize,
}

impl Default for SeedRules {
    fn default() -> Self {
        SeedRules {
            cut_from: default_cut_from(),
            drop_lines: default_drop_lines(),
            heading_max_chars: default_heading_max_chars(),
        }
    }
}

fn default_language() -> String {
    "en".to_owned()
}
fn default_theme() -> String {
    "default".to_owned()
}
fn default_paginate_by() -> usize {
    20
}
fn default_home_count() -> usize {
    10
}
fn default_feed_limit() -> usize {
    50
}
fn default_summaries_per_page() -> usize {
    100
}
fn default_timeline_per_page() -> usize {
    250
}
fn default_sitemap_limit() -> usize {
    50_000
}
fn default_heading_max_chars() -> usize {
    80
}
fn default_taxonomies() -> Vec<TaxonomyConfig> {
    [("topics", "Topics", "Topic"), ("actors", "Actors", "Actor"), ("regions", "Regions", "Region")]
        .into_iter()
        .map(|(name, title, singular)| TaxonomyConfig {
            name: name.to_owned(),
            title: title.to_owned(),
            singular: singular.to_owned(),
        })
        .collect()
}

/// Lines that open the trailing boilerplate of a web page: its comment section, its lists of
/// related or most-read articles.
fn default_cut_from() -> Vec<String> {
    [
        r"^\d+ (replies|reply|comments?|responses?)$",
        r"^Leave a (Reply|Comment)$",
        r"^(Comments( \(\d+\))?|Post a comment|Add a comment|Join the (conversation|discussion))$",
        r"^(Most (read|popular|viewed)|Related (articles|posts|stories|content|coverage|events|publications)|You (may|might) also like|More (from|on) this (author|topic)|Recommended (for you|reading))$",
    ]
    .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Lines that are web furniture wherever they stand.
fn default_drop_lines() -> Vec<String> {
    [
        r"^Leave a (Reply|Comment)$",
        r"^Want to join the discussion\?$",
        r"^Feel free to contribute!$",
        r"^Your email address will not be published\.",
        r"reCAPTCHA",
        r"^Subscribe to\b",
        r"^(Share|Share this|Share on|Tweet|Print this)( (article|post|page))?:?$",
        r"^(Click to share|Share this article)\b",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

impl Config {
    /// Parses `site.yaml` text; `path` is only used in error messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| Error::yaml(path, 0, &e))?;
        config.base_url = normalize_base_url(&config.base_url).map_err(|message| {
            let line = text.lines().position(|l| l.starts_with("base_url:")).map_or(0, |i| i + 1);
            Error::Yaml { path: path.to_path_buf(), line, column: usize::from(line > 0), message }
                .with_hint("write the address the site is published at, e.g. https://example.org/briefs/")
        })?;
        validate::validate(path, text, &config)?;
        config.file = path.to_path_buf();
        config.theme_at = locate_or_unknown(text, &[Step::Key("theme")]);
        for (i, item) in config.nav.iter_mut().flatten().enumerate() {
            item.at = locate_or_unknown(text, &[Step::Key("nav"), Step::Index(i)]);
        }
        for (key, value) in [
            ("paginate_by", config.paginate_by),
            ("summaries_per_page", config.summaries_per_page),
            ("timeline_per_page", config.timeline_per_page),
            ("sitemap_limit", config.sitemap_limit),
        ] {
            if value == 0 {
                return Err(Error::Config { path: path.to_path_buf(), message: format!("{key} must be at least 1") });
            }
        }
        for rule in config.seed_rules.cut_from.iter().chain(&config.seed_rules.drop_lines) {
            if let Err(e) = regex::Regex::new(rule) {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    message: format!("seed_rules: invalid pattern `{rule}`: {e}"),
                });
            }
        }
        Ok(config)
    }

    /// Reads and parses `<root>/site.yaml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = if root == Path::new(".") { PathBuf::from("site.yaml") } else { root.join("site.yaml") };
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        Config::parse(&path, &text)
    }

    /// Replaces the base URL (the `--base-url` flag), with the same checks as the file's.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url =
            normalize_base_url(url).map_err(|message| Error::Config { path: PathBuf::from("--base-url"), message })?;
        Ok(())
    }

    /// The path part of `base_url`, with a leading and trailing slash (`/policy/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// Checks that a base URL is absolute http(s) and gives it a trailing slash.
fn normalize_base_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("base_url `{url}` must be an absolute URL such as https://example.org/"));
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!("base_url `{url}` must start with http:// or https://"));
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("base_url `{url}` has no host"));
    }
    if url.contains(['?', '#', ' ']) || url.contains(char::is_control) {
        return Err(format!(
            "base_url `{}` must not carry a query, fragment, space or control character",
            url.escape_debug()
        ));
    }
    let mut out = url.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("site.yaml"), text)
    }

    #[test]
    fn can_parse_minimal_config_with_defaults() {
        let c = parse("title: T\nbase_url: https://example.org/policy/briefs\n").expect("valid");
        assert_eq!(c.base_url, "https://example.org/policy/briefs/");
        assert_eq!(c.base_path(), "/policy/briefs/");
        assert_eq!(c.taxonomies.len(), 3);
        assert_eq!(c.paginate_by, 20);
    }

    #[test]
    fn can_find_root_base_path() {
        let c = parse("title: T\nbase_url: https://example.org\n").expect("valid");
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn errors_on_unknown_key_with_line() {
        let err = parse("title: T\nbase_url: https://e.org/\ncolour: blue\n").expect_err("unknown key");
        let text = err.to_string();
        assert!(text.contains("colour"), "{text}");
        assert!(text.contains("site.yaml:3:"), "{text}");
    }

    #[test]
    fn errors_on_relative_base_url() {
        let err = parse("title: T\nbase_url: /briefs/\n").expect_err("relative");
        assert!(err.to_string().contains("absolute"), "{err}");
    }
}

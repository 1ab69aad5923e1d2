//! Scaffolding for authors: `new brief` (a commented front-matter skeleton), `import` (one
//! brief per plain-text seed; the seed is read by [`crate::import`], files are read and
//! written here), `new page`, and `init` (in `init.rs`: a new, buildable site using a
//! built-in theme).
//!
//! Guarantees: nothing is ever overwritten unless asked (`force`); every file written is a
//! valid brief or site (checked by parsing it before writing); the date of "today" is an
//! input, never read from the clock here; the text proposals are pure functions.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::content::Brief;
use crate::content::date::PartialDate;
use crate::content::front_matter;
use crate::content::seed::SeedFilter;
use crate::error::{Error, Result};
use crate::import::brief_text::yaml_str;
use crate::import::propose_brief;

mod init;
pub use init::{InitOptions, init_site};

/// What `new brief` should write.
#[derive(Debug, Clone)]
pub struct NewBriefOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// The brief's headline.
    pub title: String,
    /// Topics to file it under.
    pub topics: Vec<String>,
    /// Its publication date (today, as the caller sees it).
    pub date: PartialDate,
}

/// What `import` should do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// Seed files, relative to the root (`seeds/x.txt`) or paths inside `<root>/seeds/`.
    pub seeds: Vec<PathBuf>,
    /// Overwrite a brief file that already exists.
    pub force: bool,
    /// The date used when a seed has no "Published on" line.
    pub today: PartialDate,
}

/// What `import` did for one seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new brief was written.
    Created {
        /// The seed, relative to the root.
        seed: String,
        /// The brief written, relative to the root.
        brief: PathBuf,
    },
    /// An existing brief file was replaced (`force`).
    Replaced {
        /// The seed, relative to the root.
        seed: String,
        /// The brief written, relative to the root.
        brief: PathBuf,
    },
    /// A brief already uses this seed; nothing was written.
    AlreadyImported {
        /// The seed, relative to the root.
        seed: String,
        /// The brief that has it as `seed:`.
        brief: PathBuf,
    },
}

/// Writes `content/briefs/<slug>.md` with a commented skeleton; refuses to overwrite.
pub fn new_brief(options: &NewBriefOptions) -> Result<PathBuf> {
    let config = Config::load(&options.root)?;
    if !options.topics.is_empty() && !config.taxonomies.iter().any(|t| t.name == "topics") {
        return Err(Error::Config {
            path: options.root.join("site.yaml"),
            message: "--topic given, but the site declares no `topics` taxonomy".to_owned(),
        });
    }
    let slug = slug::slugify(&options.title);
    if slug.is_empty() {
        return Err(Error::Config {
            path: PathBuf::from("<title>"),
            message: format!("cannot make a file name from the title `{}`", options.title),
        });
    }
    let rel = PathBuf::from("content/briefs").join(format!("{slug}.md"));
    let mut text = brief_skeleton(&options.title, &options.topics, options.date);
    if options.topics.is_empty() && !config.taxonomies.iter().any(|t| t.name == "topics") {
        text = text.replace("\ntopics: []\n", "\n");
    }
    validate(&rel, &text, &config)?;
    write_new(&options.root, &rel, &text, false)?;
    Ok(rel)
}

/// Writes `content/pages/<slug>.md` for a page titled `title`, with every front-matter key
/// explained; refuses to overwrite. Returns the file written, relative to `root`.
pub fn new_page(root: &Path, title: &str) -> Result<PathBuf> {
    Config::load(root)?;
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(Error::Config {
            path: PathBuf::from("<title>"),
            message: format!("cannot make a file name from the title `{title}`"),
        });
    }
    let rel = PathBuf::from("content/pages").join(format!("{slug}.md"));
    let text = page_skeleton(title);
    crate::content::Page::parse(&rel, &text)?;
    write_new(root, &rel, &text, false)?;
    Ok(rel)
}

/// The text of a new page: valid front-matter with every key explained.
pub fn page_skeleton(title: &str) -> String {
    let mut out = String::from("---\n");
    out.push_str("# The page heading, and its name in the navigation.\n");
    out.push_str(&format!("title: {}\n", yaml_str(title)));
    out.push_str("# For search engines and link previews (optional).\n");
    out.push_str("description: \"\"\n");
    out.push_str("# The URL is /<slug>/; it defaults to the file name.\n# slug: about-us\n");
    out.push_str("# Without `nav:` in site.yaml, pages are listed in the main navigation: lower weights\n");
    out.push_str("# first, then pages without one. `nav: false` leaves this page out.\n");
    out.push_str("# weight: 10\n# nav: false\n");
    out.push_str("# Free-form values for templates (`page_content.extra`), another template for this page:\n");
    out.push_str("# extra: { colour: teal }\n# template: page-wide.html\n");
    out.push_str("# `draft: true` keeps the page out of builds unless --drafts is given.\n");
    out.push_str("draft: false\n---\n");
    out.push_str("Write the page here in markdown. Link to a brief with `[text](@/briefs/file.md)`, to a\n");
    out.push_str("file of static/ with `@/static/` and its path there, e.g. `![Logo](@/static/images/logo.png)`.\n");
    out
}

/// The text of a new brief: valid front-matter with every optional key explained.
pub fn brief_skeleton(title: &str, topics: &[String], date: PartialDate) -> String {
    let mut out = String::from("---\n");
    out.push_str("# The headline, as readers see it.\n");
    out.push_str(&format!("title: {}\n", yaml_str(title)));
    out.push_str("# Published (YYYY-MM-DD); a later day schedules it (built from then, or with --future).\n");
    out.push_str(&format!("date: {}\n", date.iso()));
    out.push_str("# One to three sentences in your own words (`chancery check` warns while it says TODO).\n");
    out.push_str("summary: \"TODO: say in one to three sentences what this brief finds.\"\n");
    out.push_str("# Three to five takeaways, shown in a box and in /summaries/.\n");
    out.push_str(
        "key_points:\n  - \"TODO: first takeaway\"\n  - \"TODO: second takeaway\"\n  - \"TODO: third takeaway\"\n",
    );
    out.push_str("# Taxonomies declared in site.yaml: lists of names.\n");
    if topics.is_empty() {
        out.push_str("topics: []\n");
    } else {
        out.push_str("topics:\n");
        for t in topics {
            out.push_str(&format!("  - {}\n", yaml_str(t)));
        }
    }
    out.push_str("# actors: [US Department of State]\n# regions: [United States]\n");
    out.push_str("# authors: [{ name: Jane Doe, affiliation: Example Institute }]\n");
    out.push_str("# Where the text comes from, and a plain-text seed under seeds/ for the body:\n");
    out.push_str("# source: { publisher: Example Press, title: Original title, url: https://example.org/a }\n");
    out.push_str("# seed: seeds/article.txt\n# seed_drop: [\"Caption of a photo\"]\n");
    out.push_str("# Sources cited as [@key] in the body: a .bib or Hayagriva .yaml file beside this one\n");
    out.push_str("# (without it, the site's `bibliography:` in site.yaml):\n# bibliography: sources.bib\n");
    out.push_str("# Dated events for the site-wide timeline (YYYY-MM-DD, YYYY-MM or YYYY):\n");
    out.push_str("# events:\n#   - { date: 2024-05, title: What happened }\n");
    out.push_str("# Free-form values for the theme's templates (`brief.extra.programme`), and another\n");
    out.push_str("# template of the theme for this brief's page:\n");
    out.push_str("# extra: { programme: Digital policy }\n# template: brief-wide.html\n");
    out.push_str("# Old URLs of this brief, each a page that redirects here:\n# aliases: [/briefs/old-name/]\n");
    out.push_str("# In the body: a box is a quote opened by `> [!NOTE]` (TIP, IMPORTANT, WARNING, CAUTION,\n");
    out.push_str("# or a kind of site.yaml's `callouts:`); an image alone in its paragraph is a numbered\n");
    out.push_str("# figure (its title, else its alt text, is the caption); shortcodes put in a figure, a\n");
    out.push_str("# table of a CSV file beside this one, or a pull quote:\n");
    out.push_str("#   ![What it shows](chart.png \"Caption\")\n");
    out.push_str("#   {{ figure(src=\"chart.svg\", alt=\"What it shows\", caption=\"...\") }}\n");
    out.push_str("#   {{ data_table(path=\"data.csv\", caption=\"...\") }}\n");
    out.push_str("#   {% pullquote(source=\"Who said it\") %}The words.{% end %}\n");
    out.push_str("# Change notes, newest first on the page; the newest non-minor one is the brief's\n");
    out.push_str("# \"updated\" date (`minor: true` for a typo fix: shown here, not in /updates/):\n");
    out.push_str("# updates:\n#   - { date: 2024-06-01, note: Added the May figures. }\n");
    out.push_str("# Identifiers, shown on the page and in citations:\n");
    out.push_str("# doi: 10.5281/zenodo.1234567\n# report_number: PB-2024-07\n# series: Policy Briefs\n");
    out.push_str("# A new brief is a draft: built only with --drafts. Set `draft: false` to publish it.\n");
    out.push_str("draft: true\n---\n");
    out.push_str("TODO: write the brief here in markdown, or set `seed:` above and delete this paragraph.\n");

    out
}

/// Imports each seed as a brief; errors of all seeds are collected.
pub fn import_seeds(options: &ImportOptions) -> Result<Vec<ImportOutcome>> {
    let config = Config::load(&options.root)?;
    let filter = SeedFilter::new(&config.seed_rules)
        .map_err(|e| Error::Config { path: options.root.join("site.yaml"), message: format!("seed_rules: {e}") })?;
    let existing = existing_seeds(&options.root)?;
    let mut outcomes = Vec::new();
    let mut errors = Vec::new();
    for seed in &options.seeds {
        match import_one(options, &config, &filter, &existing, seed) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    Ok(outcomes)
}

fn import_one(
    options: &ImportOptions,
    config: &Config,
    filter: &SeedFilter,
    existing: &[(String, PathBuf)],
    seed: &Path,
) -> Result<ImportOutcome> {
    let rel = seed_rel(&options.root, seed)?;
    if let Some((_, brief)) = existing.iter().find(|(s, _)| *s == rel) {
        return Ok(ImportOutcome::AlreadyImported { seed: rel, brief: brief.clone() });
    }
    let bytes =
        std::fs::read(options.root.join(&rel)).map_err(|source| Error::Io { path: rel.clone().into(), source })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::content(
            Path::new(&rel),
            0,
            0,
            format!("the seed is not UTF-8 text: invalid byte at offset {}", e.utf8_error().valid_up_to()),
        )
    })?;
    let proposal = propose_brief(&rel, &text, filter, options.today);
    if proposal.slug.is_empty() {
        return Err(Error::content(Path::new(&rel), 0, 0, "the seed has no text to take a title from"));
    }
    let brief = PathBuf::from("content/briefs").join(format!("{}.md", proposal.slug));
    let mut text = proposal.text;
    if !config.taxonomies.iter().any(|t| t.name == "topics") {
        text = text.replace("\ntopics: []\n", "\n");
    }
    validate(&brief, &text, config)?;
    let replaced = options.root.join(&brief).exists();
    write_new(&options.root, &brief, &text, options.force)?;
    Ok(if replaced {
        ImportOutcome::Replaced { seed: rel, brief }
    } else {
        ImportOutcome::Created { seed: rel, brief }
    })
}

/// Checks that generated brief text parses, so no command ever writes an invalid brief.
fn validate(rel: &Path, text: &str, config: &Config) -> Result<()> {
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    Brief::parse(rel, text, &taxonomies).map(|_| ())
}

/// Writes `root/rel`, creating folders; without `force` an existing file is an error.
fn write_new(root: &Path, rel: &Path, bytes: impl AsRef<[u8]>, force: bool) -> Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_path_buf(), source })?;
    }
    let mut open = OpenOptions::new();
    open.write(true);
    if force {
        open.create(true).truncate(true);
    } else {
        open.create_new(true);
    }
    let mut file = open.open(&path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Config {
                path: rel.to_path_buf(),
                message: "the file already exists; nothing was overwritten".to_owned(),
            }
            .with_hint("move the existing file away first (`import` also takes --force)")
        } else {
            Error::Io { path: rel.to_path_buf(), source }
        }
    })?;
    file.write_all(bytes.as_ref()).map_err(|source| Error::Io { path: rel.to_path_buf(), source })
}

/// `(seed, brief)` for every brief that has a `seed:`.
fn existing_seeds(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let dir = root.join("content/briefs");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for path in names {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if let Some(seed) = front_matter::seed_of(&text) {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            out.push((seed.trim_start_matches("./").to_owned(), rel));
        }
    }
    Ok(out)
}

/// The seed as `seeds/...` relative to the root, from a root-relative or any existing path.
fn seed_rel(root: &Path, seed: &Path) -> Result<String> {
    let outside = || {
        Error::Config {
            path: seed.to_path_buf(),
            message: format!("not a file inside {}", root.join("seeds").display()),
        }
        .with_hint("copy the document into seeds/ first: seeds are kept exactly as received")
    };
    let as_rel = |p: &Path| -> Option<String> {
        let parts: Vec<String> = p
            .components()
            .map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        (parts.len() > 1 && parts[0] == "seeds").then(|| parts.join("/"))
    };
    if let Some(rel) = as_rel(seed).filter(|r| root.join(r).is_file()) {
        return Ok(rel);
    }
    let full = std::fs::canonicalize(seed).map_err(|source| Error::Io { path: seed.to_path_buf(), source })?;
    let seeds = std::fs::canonicalize(root.join("seeds")).map_err(|_| outside())?;
    let inside = full.strip_prefix(&seeds).map_err(|_| outside())?;
    as_rel(&Path::new("seeds").join(inside)).ok_or_else(outside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> PartialDate {
        PartialDate::parse("2024-05-06").expect("date")
    }

    #[test]
    fn can_make_a_valid_skeleton() {
        let text = brief_skeleton("What: a test, \"quoted\"", &["Cyber diplomacy".to_owned()], date());
        let b = Brief::parse(Path::new("content/briefs/x.md"), &text, &["topics"]).expect("valid");
        assert_eq!(b.title, "What: a test, \"quoted\"");
        assert_eq!(b.taxonomies["topics"], vec!["Cyber diplomacy"]);
        assert!(b.warnings.iter().any(|w| w.message.contains("TODO")));
    }
}

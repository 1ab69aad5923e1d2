//! A standalone page: one `content/pages/**/*.md` file with a title and a markdown body.
//! A page in a subfolder is published under that folder: `content/pages/programmes/climate.md`
//! at `/programmes/climate/`.
//!
//! `Page::parse` is pure; `content::load` reads the file and places it ([`Page::placed`]).

use std::path::{Path, PathBuf};

use crate::content::front_matter::{self, PageFrontMatter};
use crate::error::{Error, Result};
use crate::line_index::BodyPositions;

/// A standalone page (about, methodology).
#[derive(Debug, Clone)]
pub struct Page {
    /// Path of the file, relative to the site root.
    pub path: PathBuf,
    /// Path of the file inside `content/pages/` (`about.md`, `programmes/climate.md`), for
    /// `@/pages/...` links.
    pub file_name: String,
    /// Last URL segment.
    pub slug: String,
    /// Site-relative folder it is published at: its folders' slugs, then its own
    /// (`programmes/climate/`).
    pub rel: String,
    /// Heading.
    pub title: String,
    /// For the meta description.
    pub description: String,
    /// Left out unless drafts are asked for.
    pub draft: bool,
    /// Listed in the automatic main navigation (front-matter `nav`).
    pub in_nav: bool,
    /// Its place in the automatic navigation, lower first (front-matter `weight`).
    pub weight: Option<i64>,
    /// Free-form front-matter values for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Old URLs (output folder paths) with the line of `aliases:`.
    pub aliases: Vec<(String, usize)>,
    /// The template chosen instead of `page.html`, with the line of `template:`.
    pub template: Option<(String, usize)>,
    /// Markdown body.
    pub body: String,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// Non-fatal problems found while reading the page.
    pub warnings: Vec<crate::diagnostics::Warning>,
}

impl Page {
    /// Parses a page's text.
    pub fn parse(path: &Path, text: &str) -> Result<Page> {
        let split = front_matter::split(path, text)?;
        let fm: PageFrontMatter = front_matter::parse_yaml(path, &split)?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = slug::slugify(fm.slug.as_deref().unwrap_or(file_name.trim_end_matches(".md")));
        if slug.is_empty() {
            return Err(Error::content(path, 0, 0, "cannot make a URL slug from the file name: set `slug:`"));
        }
        Ok(Page {
            path: path.to_path_buf(),
            file_name,
            rel: format!("{slug}/"),
            slug,
            title: fm.title,
            description: fm.description,
            draft: fm.draft,
            in_nav: fm.nav,
            weight: fm.weight,
            aliases: {
                let line = text.lines().position(|l| l.starts_with("aliases:")).map_or(0, |i| i + 1);
                crate::content::front_matter::aliases(path, &fm.aliases, line)?
            },
            extra: fm.extra,
            template: fm.template.map(|t| {
                let line = text.lines().position(|l| l.starts_with("template:")).map_or(0, |i| i + 1);
                (t, line)
            }),
            body: split.body.to_owned(),
            body_line: split.body_line,
            warnings: Vec::new(),
        })
    }

    /// The page placed at `name`, its path inside `content/pages/`: its folders (each made a
    /// URL slug) go before its slug in its URL.
    pub fn placed(mut self, name: &str) -> Result<Page> {
        let mut rel = String::new();
        let folders: Vec<&str> = name.split('/').collect();
        for folder in &folders[..folders.len().saturating_sub(1)] {
            let made = slug::slugify(folder);
            if made.is_empty() {
                return Err(Error::content(
                    &self.path,
                    0,
                    0,
                    format!("cannot make a URL segment from the folder name `{folder}`: rename the folder"),
                ));
            }
            rel.push_str(&made);
            rel.push('/');
        }
        self.rel = format!("{rel}{}/", self.slug);
        self.file_name = name.to_owned();
        Ok(self)
    }

    /// The 1-based line of the file at byte `offset` of the body. To place many offsets,
    /// use one [`Page::positions`].
    pub fn line_at(&self, offset: usize) -> usize {
        self.positions().at(offset).0
    }

    /// Line and column in the file of body offsets, indexed once.
    pub fn positions(&self) -> BodyPositions<'_> {
        BodyPositions::new(&self.body, self.body_line, usize::MAX)
    }
}

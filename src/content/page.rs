//! A standalone page: one `content/pages/*.md` file with a title and a markdown body.
//!
//! `Page::parse` is pure; `content::load` reads the file.

use std::path::{Path, PathBuf};

use crate::content::front_matter::{self, PageFrontMatter};
use crate::error::{Error, Result};
use crate::line_index::BodyPositions;

/// A standalone page (about, methodology).
#[derive(Debug, Clone)]
pub struct Page {
    /// Path of the file, relative to the site root.
    pub path: PathBuf,
    /// Name of the file (`about.md`), for `@/pages/about.md` links.
    pub file_name: String,
    /// URL segment.
    pub slug: String,
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
            slug,
            title: fm.title,
            description: fm.description,
            draft: fm.draft,
            in_nav: fm.nav,
            weight: fm.weight,
            body: split.body.to_owned(),
            body_line: split.body_line,
            warnings: Vec::new(),
        })
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

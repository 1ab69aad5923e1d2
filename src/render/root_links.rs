//! Root-relative links and images (`/figures/x.svg`, `/timeline/`): each must be a file the
//! site copies (checked as the markdown is walked) or one it generates (checked here, against
//! the layout of the outputs), else an error at its line and column.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::line_index::BodyPositions;
use crate::model::Site;
use pulldown_cmark::{Event, Parser, Tag};

use crate::model::links::Links;
use crate::render::anchors::link_errors;
use crate::render::markdown::{BrokenLink, Rendered, options};
use crate::render::routes::Plan;

/// The output paths the site generates, laid out the first time a link needs them (most
/// sites have no root-relative link to a generated page).
pub(crate) struct Generated<'a> {
    site: &'a Site,
    paths: OnceLock<HashSet<String>>,
}

impl<'a> Generated<'a> {
    /// The generated outputs of `site`.
    pub(crate) fn new(site: &'a Site) -> Generated<'a> {
        Generated { site, paths: OnceLock::new() }
    }

    fn paths(&self) -> &HashSet<String> {
        self.paths.get_or_init(|| {
            let plan = Plan::new(self.site);
            plan.routes(self.site).iter().map(|r| r.path(self.site, &plan)).collect()
        })
    }

    /// Whether the link path `file` (without the base path or a leading `/`) is generated:
    /// as it is, or as a folder's `index.html`.
    fn has(&self, file: &str) -> bool {
        let folder = file.trim_end_matches('/');
        let paths = || self.paths();
        file.is_empty()
            || folder.is_empty()
            || paths().contains(file)
            || paths().contains(&format!("{folder}/index.html"))
    }
}

/// Errors for the root-relative links of `r` (rendered from the file at `path`) that lead
/// to no file of the site.
pub(crate) fn check(path: &Path, positions: &BodyPositions<'_>, r: &Rendered, generated: &Generated) -> Result<()> {
    Error::collect(errors(path, positions, &r.root_links, generated))
}

/// [`link_errors`] for the other links of a body whose walk failed, with the errors of its
/// root-relative links (found again, as the walk returned none), so every one is reported
/// at once.
pub(crate) fn with_link_errors(
    path: &Path,
    positions: &BodyPositions<'_>,
    body: &str,
    links: &Links,
    broken: Vec<BrokenLink>,
    generated: &Generated<'_>,
) -> Error {
    let mut found = vec![link_errors(path, positions, broken)];
    let root_links: Vec<(usize, String)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let file = dest_url.strip_prefix('/').filter(|p| !p.starts_with(['/', '\\']))?;
                let file = file.split(['#', '?']).next().unwrap_or_default();
                (!links.has_file(file)).then(|| (range.start, file.to_owned()))
            }
            _ => None,
        })
        .collect();
    found.extend(errors(path, positions, &root_links, generated));
    match Error::collect(found) {
        Err(e) => e,
        Ok(()) => Error::Many(Vec::new()),
    }
}

fn errors(
    path: &Path,
    positions: &BodyPositions<'_>,
    root_links: &[(usize, String)],
    generated: &Generated<'_>,
) -> Vec<Error> {
    root_links
        .iter()
        .filter(|(_, file)| !generated.has(file))
        .map(|(offset, file)| {
            let (line, column) = positions.at(*offset);
            Error::content(path, line, column, format!("link `/{file}` points to no file of the site"))
                .with_hint("a path starting with `/` is one of the published site: put the file in static/ (`static/figures/x.svg` is `/figures/x.svg`), or link a file beside this brief by its relative path")
        })
        .collect()
}

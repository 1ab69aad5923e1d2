//! Where links point: errors for internal links (`@/` and relative `.md` ones) to missing files at their line and column,
//! and the `@/file.md#anchor` links whose anchor is not a heading id of the target (the
//! theme may still add that id; the render looks for it as the target is written).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::Error;
use crate::line_index::BodyPositions;
use crate::model::Site;
use crate::model::permalink::{self, output_file};
use crate::render::markdown::{self, Rendered};

/// Sets the line and column of each anchor link of `r`, rendered from `body`.
pub(crate) fn locate_anchors(r: &mut Rendered, positions: &BodyPositions<'_>) {
    for a in &mut r.anchors {
        (a.line, a.column) = positions.at(a.offset);
    }
}

/// Errors for `@/` links to missing files, at their line (0 for seed text) and column.
pub(crate) fn link_errors(path: &Path, positions: &BodyPositions<'_>, broken: Vec<markdown::BrokenLink>) -> Error {
    let errors = broken
        .into_iter()
        .map(|link| {
            let (line, column) = positions.at(link.offset);
            let written = link.written;
            if let Some((message, hint)) = link.problem {
                return Error::content(path, line, column, message).with_hint(hint);
            }
            match link.target {
                Some(target) => Error::content(
                    path,
                    line,
                    column,
                    format!("internal link `{written}` points to no file: expected content/{target}"),
                )
                .with_hint("link to a brief or page by its path: `@/briefs/<file>.md`, or relative to this file"),
                None => Error::content(path, line, column, format!("internal link `{written}` leads out of content/"))
                    .with_hint("a relative link starts in this file's folder; `..` goes up one folder"),
            }
        })
        .collect();
    Error::Many(errors)
}

/// An `@/file.md#anchor` link whose anchor is none of the target's heading ids.
pub(crate) struct PendingAnchor {
    pub(crate) path: std::path::PathBuf,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) file: String,
    pub(crate) anchor: String,
    /// The output file of the target, where the theme may add the id.
    pub(crate) output: String,
    pub(crate) ids: Vec<String>,
}

impl PendingAnchor {
    pub(crate) fn into_error(self) -> Error {
        let ids = &self.ids;
        let hint = match crate::diagnostics::did_you_mean(&self.anchor, ids.iter().map(String::as_str)) {
            Some(id) => format!("did you mean `#{id}`?"),
            None if ids.is_empty() => format!("content/{} has no headings to link to", self.file),
            None => format!("the headings of content/{} have the ids: {}", self.file, ids.join(", ")),
        };
        Error::content(
            &self.path,
            self.line,
            self.column,
            format!("internal link `@/{}#{}`: no heading with that id", self.file, self.anchor),
        )
        .with_hint(hint)
    }
}

/// Every `@/file.md#anchor` link whose anchor is not a heading id of its target.
pub(crate) fn pending_anchors(site: &Site, briefs: &[Arc<Rendered>], pages: &[Rendered]) -> Vec<PendingAnchor> {
    let sources = site
        .briefs
        .iter()
        .map(|b| b.path.as_path())
        .zip(briefs.iter().map(|r| &**r))
        .chain(site.pages.iter().map(|p| p.path.as_path()).zip(pages));
    let links: Vec<(&Path, &markdown::AnchorLink)> =
        sources.flat_map(|(path, r)| r.anchors.iter().map(move |link| (path, link))).collect();
    if links.is_empty() {
        return Vec::new();
    }
    // Targets by file name, for the folder the link names.
    let brief_targets: HashMap<&str, usize> = site.briefs.iter().enumerate().map(|(i, b)| (&*b.file_name, i)).collect();
    let page_targets: HashMap<&str, usize> = site.pages.iter().enumerate().map(|(i, p)| (&*p.file_name, i)).collect();
    let target = |file: &str| -> Option<(&[String], String)> {
        if let Some(name) = file.strip_prefix("briefs/") {
            let &i = brief_targets.get(name)?;
            Some((&briefs[i].ids, output_file(&permalink::brief_rel(&site.briefs[i].slug))))
        } else {
            let &i = page_targets.get(file.strip_prefix("pages/")?)?;
            Some((&pages[i].ids, output_file(&site.pages[i].rel)))
        }
    };
    let mut pending = Vec::new();
    for (path, link) in links {
        let Some((ids, output)) = target(&link.file) else { continue };
        if ids.contains(&link.anchor) {
            continue;
        }
        pending.push(PendingAnchor {
            path: path.to_path_buf(),
            line: link.line,
            column: link.column,
            file: link.file.clone(),
            anchor: link.anchor.clone(),
            output,
            ids: ids.to_vec(),
        });
    }
    pending
}

//! Static files at the path of a generated file. Each generated file is of one of two
//! kinds:
//!
//! - replaceable (`robots.txt`, the built-in scripts `search.js`, `cite.js`,
//!   `timeline.js`, and `syntax-light.css`, `syntax-dark.css`): a static file of the site
//!   or its theme wins, the generated one is not written, and the build tells so with a
//!   [`Note`];
//! - every other output (pages, `404.html`, feeds, sitemaps, `timeline.json`, the search
//!   index, citations): a static file there is an error naming both, since one of them
//!   would be lost.
//!
//! Guarantees: no static file and no generated file is ever dropped without a note or an
//! error; the notes are sorted by path.

use std::collections::HashMap;

use crate::content::StaticFile;
use crate::diagnostics::Note;
use crate::error::Error;
use crate::model::Site;
use crate::render::assets;

/// The syntax stylesheets Chancery writes.
pub(crate) const SYNTAX_CSS: [&str; 2] = ["syntax-light.css", "syntax-dark.css"];

/// The generated files a static file may replace.
pub fn replaceable() -> Vec<&'static str> {
    let mut out = vec!["robots.txt"];
    out.extend(assets::SCRIPTS.iter().map(|(path, _)| *path));
    out.extend(SYNTAX_CSS);
    out
}

/// The static file of `site` at `path`, if there is one.
pub(crate) fn static_at<'a>(site: &'a Site, path: &str) -> Option<&'a StaticFile> {
    site.static_files.iter().find(|f| f.dest == path)
}

/// One note per generated file that a static file replaces.
pub fn notes(site: &Site) -> Vec<Note> {
    let mut notes: Vec<Note> = replaceable()
        .into_iter()
        .filter_map(|path| {
            static_at(site, path).map(|f| Note {
                path: f.source.shown().to_path_buf(),
                message: format!("published as {path} in place of the {path} Chancery generates"),
            })
        })
        .collect();
    notes.sort();
    notes
}

/// An error for each of `generated` (output paths) that a static file also has.
pub(crate) fn errors<'a>(site: &Site, generated: impl Iterator<Item = &'a str>) -> Vec<Error> {
    let by_dest: HashMap<&str, &StaticFile> = site.static_files.iter().map(|f| (f.dest.as_str(), f)).collect();
    let mut errors: Vec<Error> = generated
        .filter_map(|path| by_dest.get(path).map(|f| (path, *f)))
        .map(|(path, f)| {
            let hint = if path.ends_with(".html") {
                "Chancery makes this page from the theme's templates: change a template (templates/<name>.html) instead, or move the file to another path"
            } else {
                "Chancery generates this file from the site: move or rename the static file"
            };
            Error::Config {
                path: f.source.shown().to_path_buf(),
                message: format!("this static file is at {path}, where Chancery writes a generated file"),
            }
            .with_hint(hint)
        })
        .collect();
    errors.sort_by_key(ToString::to_string);
    errors
}

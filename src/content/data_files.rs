//! The data files a brief's shortcodes read (the CSV of each `data_table`), read with the
//! brief so the render stays pure: a path relative to the brief's folder (a file of its
//! bundle, or beside it), one folder down at a time.
//!
//! Guarantees: a path that is absolute or climbs out (`..`) or a file that cannot be read
//! or is not UTF-8 is an error at the line of the call that names it.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::content::shortcodes::data_paths;
use crate::error::{Error, Result};

/// The data files of the body `own` (the brief's own markdown) of the brief at `brief` (as
/// shown), whose file text is `text`: path as written to its text, and the files read.
pub(crate) fn read(brief: &Path, text: &str, own: &str) -> Result<(BTreeMap<String, String>, Vec<PathBuf>)> {
    let mut data = BTreeMap::new();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let folder = brief.parent().unwrap_or(Path::new(""));
    for written in data_paths(own) {
        let line = text.lines().position(|l| l.contains(&written)).map_or(0, |i| i + 1);
        let path = Path::new(&written);
        if written.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
            errors.push(
                Error::content(
                    brief,
                    line,
                    1,
                    format!("data file `{written}` is not a path inside the brief's folder"),
                )
                .with_hint("name a file beside the brief, e.g. path=\"data/spending.csv\""),
            );
            continue;
        }
        let file = folder.join(path);
        match crate::content::read_text(&file) {
            Ok(contents) => {
                data.insert(written, contents);
                files.push(file);
            }
            Err(Error::Io { source, .. }) => errors.push(
                Error::content(brief, line, 1, format!("cannot read data file `{written}`: {source}"))
                    .with_hint(format!("the path is relative to the brief's folder: {}", file.display())),
            ),
            Err(other) => errors.push(other),
        }
    }
    Error::collect(errors)?;
    Ok((data, files))
}

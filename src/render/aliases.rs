//! Old URLs of a brief or page (`aliases:` in its front-matter): each becomes a small HTML
//! page at the old path with a canonical link and a refresh to the current URL, as other
//! generators write them, so links and bookmarks keep working.
//!
//! Guarantees: an alias is a path inside the site (no scheme, no `..`, no query); an alias
//! at the path of another output is an error naming both, at the `aliases:` line.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::Error;
use crate::model::Site;
use crate::model::permalink::{self, output_file};

/// One old URL and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The output path of the alias page (`old/path/index.html`).
    pub path: String,
    /// The site-relative URL it leads to (`briefs/x/`).
    pub target: String,
    /// The brief's or page's file and the line of its `aliases:`, for errors.
    pub file: PathBuf,
    /// See `file`.
    pub line: usize,
}

/// Every alias of `site`'s briefs, then of its pages, in site order.
pub fn list(site: &Site) -> Vec<Alias> {
    let briefs = site.briefs.iter().map(|b| (&b.path, &b.aliases, permalink::brief_rel(&b.slug)));
    let pages = site.pages.iter().map(|p| (&p.path, &p.aliases, p.rel.clone()));
    briefs
        .chain(pages)
        .flat_map(|(file, aliases, target)| {
            aliases.iter().map(move |(rel, line)| Alias {
                path: output_file(rel),
                target: target.clone(),
                file: file.clone(),
                line: *line,
            })
        })
        .collect()
}

/// The alias page leading to `alias.target`.
pub fn page(site: &Site, alias: &Alias) -> Vec<u8> {
    let mut url = String::new();
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut url, &site.permalinks.absolute(&alias.target));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n\
         <link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n",
        lang = site.config.language
    )
    .into_bytes()
}

/// An error for each alias at the path of another output (`paths`: every output path,
/// aliases included, in route order; `aliases`: the aliases, whose paths are among them).
pub(crate) fn collisions<'a>(aliases: &[Alias], paths: impl Iterator<Item = &'a str>) -> Vec<Error> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for path in paths {
        *count.entry(path).or_insert(0) += 1;
    }
    let mut errors = Vec::new();
    for (k, alias) in aliases.iter().enumerate() {
        if count.get(alias.path.as_str()).copied().unwrap_or(0) < 2 {
            continue;
        }
        let other = aliases[..k].iter().find(|a| a.path == alias.path);
        if other.is_some_and(|o| o.file == alias.file) {
            continue;
        }
        let what = match other {
            Some(o) => format!("an alias of {}", o.file.display()),
            None => "a page Chancery makes".to_owned(),
        };
        errors.push(
            Error::content(&alias.file, alias.line, 1, format!("alias `{}` is at the path of {what}", alias.path))
                .with_hint("an alias must be an old URL that nothing else uses now: remove it or change it"),
        );
    }
    errors
}

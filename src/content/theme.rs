//! Themes: the ones built into the binary (`themes/` of this repository, embedded at
//! compile time) and the site's own, and the layering of the site's files over them.
//!
//! A theme's templates and static files come, file by file, from (last wins):
//! 1. the built-in theme of that name, if there is one;
//! 2. the site's `themes/<name>/templates/` and `themes/<name>/static/`;
//! 3. the site's `templates/` and `static/`.
//!
//! So a site needs no copy of a built-in theme, and a site that has one (`init
//! --eject-theme`, or an older site) still builds the same: its copy wins file by file.
//! A theme name that is neither built in nor a folder of the site is an error at the
//! `theme:` line of `site.yaml`, with the closest known name as a hint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::content::{StaticFile, StaticSource, TemplateSource, files_under, names, shown};
use crate::diagnostics::did_you_mean;
use crate::error::{Error, Result};

/// Every built-in theme, one folder each.
static BUILT_IN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// The names of the built-in themes, sorted.
pub fn built_in_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = BUILT_IN.dirs().filter_map(|d| d.path().file_name().and_then(|n| n.to_str())).collect();
    names.sort_unstable();
    names
}

/// The files of built-in theme `name` as (path inside the theme with `/`, bytes), sorted;
/// `None` when no built-in theme has that name.
pub fn built_in_files(name: &str) -> Option<Vec<(String, &'static [u8])>> {
    let dir = BUILT_IN.get_dir(name)?;
    let mut out = Vec::new();
    collect(dir, dir.path(), &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

fn collect(dir: &'static Dir<'static>, base: &Path, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let rel = file.path().strip_prefix(base).unwrap_or(file.path());
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if parts.iter().all(|p| names::is_input(p, true)) {
            out.push((parts.join("/"), file.contents()));
        }
    }
    for sub in dir.dirs() {
        collect(sub, base, out);
    }
}

/// The built-in files of `theme` under `folder` (`templates` or `static`), as (path inside
/// that folder, bytes).
fn built_in_under(theme: &str, folder: &str) -> Vec<(String, &'static [u8])> {
    let prefix = format!("{folder}/");
    built_in_files(theme)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(rel, bytes)| rel.strip_prefix(&prefix).map(|r| (r.to_owned(), bytes)))
        .filter(|(rel, _)| folder == "static" || rel.split('/').all(|p| names::is_input(p, false)))
        .collect()
}

/// How a built-in file is named in messages: `(built-in theme default)/templates/x.html`.
fn built_in_path(theme: &str, rel: &str) -> PathBuf {
    PathBuf::from(format!("(built-in theme {theme})/{rel}"))
}

/// An error when `config.theme` is neither a built-in theme nor a folder `themes/<name>/`
/// of the site at `root`: at the `theme:` value in `site.yaml`, with a did-you-mean.
pub fn check_exists(root: &Path, config: &Config) -> Result<()> {
    let theme = &config.theme;
    if BUILT_IN.get_dir(theme).is_some() || root.join("themes").join(theme).is_dir() {
        return Ok(());
    }
    let mut known: Vec<String> = built_in_names().into_iter().map(str::to_owned).collect();
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && names::is_input(&name, false) && !known.contains(&name) {
                known.push(name);
            }
        }
    }
    known.sort();
    let hint = match did_you_mean(theme, known.iter().map(String::as_str)) {
        Some(name) => format!("did you mean `{name}`? The themes are {}", known.join(", ")),
        None => format!("the themes are {} (built in, or folders under themes/)", known.join(", ")),
    };
    let (line, column) = config.theme_at;
    Err(Error::Yaml {
        path: config.file.clone(),
        line,
        column,
        message: format!("unknown theme `{theme}`: no built-in theme and no folder themes/{theme}/"),
    }
    .with_hint(hint))
}

/// Templates of `theme`: built in, then the site's `themes/<theme>/templates/`, then its
/// `templates/`, file by file. The theme's PDF template, `pdf/brief.typ` (in the theme's
/// `pdf/` folder, beside `templates/`), is one of them, under the name `pdf/brief.typ`:
/// a site's `templates/pdf/brief.typ` overrides it the same way.
pub(crate) fn load_templates(root: &Path, theme: &str) -> Result<Vec<TemplateSource>> {
    let mut by_name: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let built_in = built_in_under(theme, "templates").into_iter().map(|(name, bytes)| (name, "templates/", bytes));
    // A theme without a PDF template of its own gets the default theme's.
    let mut pdf_files = built_in_under(theme, "pdf");
    let pdf_theme = if pdf_files.is_empty() && !has_own_pdf(root, theme) { "default" } else { theme };
    if pdf_theme != theme {
        pdf_files = built_in_under(pdf_theme, "pdf");
    }
    let pdf = pdf_files.into_iter().map(|(name, bytes)| (format!("pdf/{name}"), "", bytes));
    for (name, folder, bytes) in built_in.chain(pdf) {
        let path = built_in_path(if folder.is_empty() { pdf_theme } else { theme }, &format!("{folder}{name}"));
        let text = String::from_utf8_lossy(bytes).into_owned();
        by_name.insert(name.clone(), TemplateSource { name, path, text });
    }
    let site_pdf = root.join("themes").join(theme).join("pdf");
    for (name, path) in files_under(&site_pdf, false)? {
        let rel = shown(root, path.strip_prefix(root).unwrap_or(&path));
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: rel.clone(), source })?;
        let name = format!("pdf/{name}");
        by_name.insert(name.clone(), TemplateSource { name, path: rel, text });
    }
    for dir in [root.join("themes").join(theme).join("templates"), root.join("templates")] {
        for (name, path) in files_under(&dir, false)? {
            let rel = shown(root, path.strip_prefix(root).unwrap_or(&path));
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: rel.clone(), source })?;
            by_name.insert(name.clone(), TemplateSource { name, path: rel, text });
        }
    }
    Ok(by_name.into_values().collect())
}

/// Whether the site gives `theme` a PDF template of its own.
fn has_own_pdf(root: &Path, theme: &str) -> bool {
    root.join("themes").join(theme).join("pdf/brief.typ").is_file() || root.join("templates/pdf/brief.typ").is_file()
}

/// Static files of `theme`: built in, then the site's `themes/<theme>/static/`, then its
/// `static/`, file by file.
pub(crate) fn list_static(root: &Path, theme: &str) -> Result<Vec<StaticFile>> {
    let mut by_dest = BTreeMap::new();
    for (dest, bytes) in built_in_under(theme, "static") {
        let shown = built_in_path(theme, &format!("static/{dest}"));
        by_dest.insert(dest, StaticSource::BuiltIn { shown, bytes });
    }
    for dir in [root.join("themes").join(theme).join("static"), root.join("static")] {
        for (dest, source) in files_under(&dir, true)? {
            by_dest.insert(dest, StaticSource::File(source));
        }
    }
    Ok(by_dest.into_iter().map(|(dest, source)| StaticFile { dest, source }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_list_the_built_in_themes_with_their_templates() {
        assert_eq!(built_in_names(), vec!["briefing-room", "default"]);
        for theme in built_in_names() {
            let templates = built_in_under(theme, "templates");
            assert!(templates.iter().any(|(n, _)| n == "base.html"), "{theme}");
            assert!(built_in_under(theme, "static").iter().any(|(n, _)| n == "style.css"), "{theme}");
        }
        assert!(built_in_files("nope").is_none());
    }
}

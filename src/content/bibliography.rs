//! Bibliographies: a BibTeX `.bib` or Hayagriva `.yaml` file parsed into a `hayagriva`
//! library, once per file per build and kept across incremental rebuilds by file stamp.
//!
//! Guarantees: a file that does not parse is an error naming it, at the line and column of
//! the first problem the parser reports; the same bytes give the same library and key.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use hayagriva::Library;

use crate::error::{Error, Result};

/// A parsed bibliography file.
#[derive(Debug)]
pub struct Bibliography {
    /// The file, as shown in messages.
    pub path: PathBuf,
    /// Its entries.
    pub library: Library,
    /// A hash of its bytes: what a brief's page depends on.
    pub key: u64,
}

impl Bibliography {
    /// Parses `text`, the contents of `path` (`.bib` as BibTeX/BibLaTeX, `.yaml`/`.yml` as
    /// Hayagriva).
    pub fn parse(path: &Path, text: &str) -> Result<Bibliography> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        let library = match ext.as_str() {
            "bib" | "bibtex" => hayagriva::io::from_biblatex_str(text).map_err(|errors| {
                let errors = errors
                    .iter()
                    .map(|e| {
                        let start = match e {
                            hayagriva::io::BibLaTeXError::Parse(p) => p.span.start,
                            hayagriva::io::BibLaTeXError::Type(t) => t.span.start,
                        };
                        let (line, column) = line_column(text, start);
                        Error::content(path, line, column, format!("the bibliography does not parse: {e}"))
                    })
                    .collect();
                Error::Many(errors)
            })?,
            "yaml" | "yml" => hayagriva::io::from_yaml_str(text).map_err(|e| {
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                Error::content(path, line, column, format!("the bibliography does not parse: {e}"))
                    .with_hint("a Hayagriva file maps each key to an entry with `type`, `title`, `author`, `date`")
            })?,
            _ => {
                return Err(Error::content(
                    path,
                    0,
                    0,
                    "a bibliography is a BibTeX `.bib` or a Hayagriva `.yaml` file",
                ));
            }
        };
        let key = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        Ok(Bibliography { path: path.to_path_buf(), library, key })
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Where a `bibliography:` value points: relative to `folder` (the brief's folder, or the
/// site root), without leaving the site; `None` when it is absolute or climbs out.
pub(crate) fn resolve(root: &Path, folder: &Path, written: &str) -> Option<PathBuf> {
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    let base = folder.strip_prefix(root).unwrap_or(folder);
    for c in base.components().chain(Path::new(written).components()) {
        match c {
            Component::Normal(p) => parts.push(p.to_os_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let rel: PathBuf = parts.iter().collect();
    (!rel.as_os_str().is_empty()).then(|| crate::content::shown(root, &rel))
}

/// Bibliographies as last read, by file, with the stamp they were read at.
#[derive(Debug, Default)]
pub(crate) struct BibCache {
    files: HashMap<PathBuf, (Option<super::Stamp>, Arc<Bibliography>)>,
}

impl BibCache {
    /// The bibliography at `path` (as shown), read and parsed again only when its stamp
    /// changed or `changed` says so.
    pub(crate) fn get(&mut self, path: &Path, changed: bool) -> Result<Arc<Bibliography>> {
        let stamp = super::Stamp::read(path);
        if let Some((old, bib)) = self.files.get(path)
            && !changed
            && stamp.is_some()
            && *old == stamp
        {
            return Ok(Arc::clone(bib));
        }
        let text = super::read_text(path)?;
        let bib = Arc::new(Bibliography::parse(path, &text)?);
        self.files.insert(path.to_path_buf(), (stamp, Arc::clone(&bib)));
        Ok(bib)
    }

    /// Forgets the files not in `used`.
    pub(crate) fn keep_only(&mut self, used: &std::collections::HashSet<PathBuf>) {
        self.files.retain(|p, _| used.contains(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_parse_bibtex_and_hayagriva_yaml() {
        let bib = "@book{smith2020,\n  title = {Policy},\n  author = {Smith, Jane},\n  year = {2020}\n}\n";
        let b = Bibliography::parse(Path::new("refs.bib"), bib).expect("bib");
        assert!(b.library.get("smith2020").is_some());
        let yaml = "doe2021:\n  type: report\n  title: A report\n  author: Doe, John\n  date: 2021\n";
        let y = Bibliography::parse(Path::new("refs.yaml"), yaml).expect("yaml");
        assert!(y.library.get("doe2021").is_some());
    }

    #[test]
    fn errors_on_a_bibliography_that_does_not_parse_naming_it() {
        let e = Bibliography::parse(Path::new("refs.bib"), "@book{a,\n  title = {x\n").expect_err("bad");
        assert!(e.to_string().starts_with("refs.bib:"), "{e}");
        let e = Bibliography::parse(Path::new("refs.yaml"), "a:\n  type: [\n").expect_err("bad");
        assert!(e.to_string().starts_with("refs.yaml:"), "{e}");
    }

    #[test]
    fn can_resolve_paths_inside_the_site_only() {
        let root = Path::new("site");
        let found = resolve(root, Path::new("site/content/briefs"), "../refs.bib");
        assert_eq!(found, Some(PathBuf::from("site/content/refs.bib")));
        assert_eq!(resolve(root, Path::new("site"), "/etc/x.bib"), None);
        assert_eq!(resolve(root, Path::new("site"), "../x.bib"), None);
    }
}

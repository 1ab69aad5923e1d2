//! Writing a rendered site to disk, atomically.
//!
//! Guarantees: the whole site is written into a staging folder beside the output folder and
//! swapped in only when every file was written; if anything fails, the previous output is
//! left byte-identical and the staging folder is removed. No output path can leave the
//! output folder. This is the only module that writes the output folder.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::content::StaticFile;
use crate::error::{Error, Result};
use crate::render::RenderedSite;

/// What a publish wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishStats {
    /// Generated files written.
    pub generated: usize,
    /// Static files copied.
    pub copied: usize,
}

/// Writes `site` and copies `static_files` into `out_dir`, replacing it as a whole.
pub fn publish(site: &RenderedSite, static_files: &[StaticFile], out_dir: &Path) -> Result<PublishStats> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Io {
            path: out_dir.to_path_buf(),
            source: std::io::Error::other("the output path exists and is not a folder"),
        });
    }
    let name = out_dir.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging =
        tempfile::Builder::new().prefix(&format!(".{name}.staging-")).tempdir_in(&parent).map_err(io(&parent))?;

    for file in static_files {
        let dest = safe_join(staging.path(), &file.dest)?;
        create_parent(&dest)?;
        fs::copy(&file.source, &dest).map_err(io(&file.source))?;
    }
    for output in &site.outputs {
        let dest = safe_join(staging.path(), &output.path)?;
        create_parent(&dest)?;
        fs::write(&dest, &output.bytes).map_err(io(&dest))?;
    }

    // Swap: move the old output aside, the staging folder in, then delete the old one.
    let staged = staging.keep();
    let old = if out_dir.exists() {
        let aside =
            tempfile::Builder::new().prefix(&format!(".{name}.old-")).tempdir_in(&parent).map_err(io(&parent))?.keep();
        fs::remove_dir(&aside).map_err(io(&aside))?;
        if let Err(source) = fs::rename(out_dir, &aside) {
            let _ = fs::remove_dir_all(&staged);
            return Err(Error::Io { path: out_dir.to_path_buf(), source });
        }
        Some(aside)
    } else {
        None
    };
    if let Err(source) = fs::rename(&staged, out_dir) {
        if let Some(old) = &old {
            let _ = fs::rename(old, out_dir);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(Error::Io { path: out_dir.to_path_buf(), source });
    }
    if let Some(old) = old {
        fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(PublishStats { generated: site.outputs.len(), copied: static_files.len() })
}

/// `root/rel`, refusing any `rel` that is absolute or climbs out with `..`.
fn safe_join(root: &Path, rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("refusing to write outside the output folder"),
        });
    }
    Ok(root.join(path))
}

fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) => fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;

    fn site(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite {
            outputs: files
                .iter()
                .map(|(p, b)| Output { path: (*p).to_owned(), bytes: b.as_bytes().to_vec() })
                .collect(),
        }
    }

    #[test]
    fn can_replace_previous_output_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        publish(&site(&[("index.html", "one"), ("old/index.html", "x")]), &[], &out).expect("first");
        publish(&site(&[("index.html", "two")]), &[], &out).expect("second");
        assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "two");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "staging or old folders left behind");
    }

    #[test]
    fn errors_on_path_outside_output_and_keeps_previous() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        publish(&site(&[("index.html", "good")]), &[], &out).expect("first");
        let err = publish(&site(&[("../escape.html", "bad")]), &[], &out).expect_err("outside");
        assert!(err.to_string().contains("outside the output folder"), "{err}");
        assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "good");
        assert!(!dir.path().join("escape.html").exists());
    }
}

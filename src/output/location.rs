//! Where a site may be written: never over the site itself, a folder above it, or one of
//! its input folders; and only into a folder that is absent, empty, or Chancery's own (it
//! holds a manifest), unless the user adopts it with `--force`.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

use super::manifest::{FILE_NAME, Manifest};

/// The site's input folders: an output there would overwrite them, or be read back as
/// input by the next build.
pub use crate::content::names::INPUT_DIRS;

/// `path` made absolute, its symbolic links resolved as far as it exists, `.` and `..`
/// taken away (lexically past the part that exists).
pub fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|source| Error::Io { path: path.to_path_buf(), source })?.join(path)
    };
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match std::fs::canonicalize(&resolved) {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// Refuses an output folder `out` that is the site at `root`, a folder above it, or one of
/// its input folders (or inside one). `--force` does not change this.
pub fn check_location(root: &Path, out: &Path) -> Result<()> {
    let root = resolve(root)?;
    let resolved = resolve(out)?;
    let refuse = |why: String| Error::Output {
        path: out.to_path_buf(),
        message: format!("{why}; choose another output folder (the default is `public/` in the site)"),
    };
    if resolved == root {
        return Err(refuse("refusing to write the site over its own folder".into()));
    }
    if root.starts_with(&resolved) {
        return Err(refuse(format!("refusing to write the site over {}, which holds the site", resolved.display())));
    }
    for name in INPUT_DIRS {
        if resolved.starts_with(root.join(name)) {
            return Err(refuse(format!("refusing to write the site into its input folder `{name}/`")));
        }
    }
    if resolved == root.join("site.yaml") {
        return Err(refuse("refusing to write the site over its site.yaml".into()));
    }
    Ok(())
}

/// What the output folder holds before a build.
#[derive(Debug)]
pub enum Existing {
    /// Nothing (absent, or an empty folder).
    Nothing,
    /// A folder Chancery wrote, with its manifest.
    Own(Manifest),
    /// A folder with files but no manifest, adopted with `--force`: its files are kept.
    Adopted,
}

/// Looks at the output folder `out` (resolved) and says whether a build may write it.
pub fn inspect(out: &Path, force: bool) -> Result<Existing> {
    let meta = match std::fs::metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(source) => return Err(Error::Io { path: out.to_path_buf(), source }),
    };
    if !meta.is_dir() {
        return Err(Error::Output {
            path: out.to_path_buf(),
            message: "the output path exists and is not a folder; remove it or choose another with --output".into(),
        });
    }
    if let Some(manifest) = Manifest::read(out)? {
        return Ok(Existing::Own(manifest));
    }
    let mut entries = std::fs::read_dir(out).map_err(|source| Error::Io { path: out.to_path_buf(), source })?;
    if entries.next().is_none() {
        return Ok(Existing::Nothing);
    }
    if force {
        return Ok(Existing::Adopted);
    }
    Err(Error::Output {
        path: out.to_path_buf(),
        message: format!(
            "this folder is not empty and was not written by Chancery (it has no {FILE_NAME}), so Chancery \
             will not write into it; build into an empty or new folder with --output, or pass --force to \
             adopt it (the files in it are kept; Chancery replaces only those at the paths it writes)"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_site_its_parents_and_its_inputs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/briefs")).expect("mkdir");
        for bad in [
            root.clone(),
            root.join("."),
            root.join("content"),
            root.join("content/briefs"),
            root.join("content/new"),
            root.join("static"),
            root.join("themes/default"),
            root.join("templates"),
            root.join("seeds"),
            root.join("public/../content"),
            dir.path().to_path_buf(),
            PathBuf::from("/"),
        ] {
            let err = check_location(&root, &bad).expect_err(&bad.display().to_string());
            assert!(err.to_string().contains("refusing to write the site"), "{err}");
        }
        for good in [root.join("public"), root.join("dist/site"), dir.path().join("elsewhere"), root.join("contents")] {
            assert!(check_location(&root, &good).is_ok(), "{}", good.display());
        }
    }

    #[cfg(unix)]
    #[test]
    fn sees_through_symbolic_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("content"), dir.path().join("out")).expect("symlink");
        assert!(check_location(&root, &dir.path().join("out")).is_err());
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("notes");
        assert!(matches!(inspect(&out, false), Ok(Existing::Nothing)));
        std::fs::create_dir(&out).expect("mkdir");
        assert!(matches!(inspect(&out, false), Ok(Existing::Nothing)));
        std::fs::write(out.join("mine.md"), "mine").expect("write");
        let err = inspect(&out, false).expect_err("foreign");
        assert!(err.to_string().contains("--force"), "{err}");
        assert!(matches!(inspect(&out, true), Ok(Existing::Adopted)));
        std::fs::write(out.join(FILE_NAME), Manifest::default().to_text()).expect("write");
        assert!(matches!(inspect(&out, false), Ok(Existing::Own(_))));
        let file = dir.path().join("file");
        std::fs::write(&file, "x").expect("write");
        assert!(inspect(&file, true).expect_err("file").to_string().contains("not a folder"));
    }
}

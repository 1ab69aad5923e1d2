//! Writing a rendered site to disk: an output folder Chancery owns, published atomically.
//!
//! Guarantees:
//! - The output folder is refused when it is the site, a folder above it, or one of its
//!   input folders ([`check_location`]), and when it holds files but no manifest, unless
//!   the user adopts it (`--force`).
//! - Chancery deletes only files it wrote: those listed in the output's manifest
//!   ([`manifest`]). Other files in the output are kept from build to build; one standing
//!   where the site writes is an error (or, with `--force`, replaced).
//! - The whole site is written into a staging folder and exchanged with the output in one
//!   step (`renameat2(RENAME_EXCHANGE)` on Linux, see [`swap`]): a failed or killed build
//!   leaves the previous output whole; the next build takes over what it left.
//! - Two builds into one output folder never interleave: the second waits for the lock.
//! - No output path can leave the output folder.
//!
//! This is the only module that writes the output folder. Files are written in parallel; a
//! build may stream them in through [`Staging`] as they are rendered.

mod files;
mod folders;
pub mod location;
pub mod manifest;
mod staging;
pub mod swap;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::content::StaticFile;
use crate::error::Result;
use crate::render::RenderedSite;

pub use location::{INPUT_DIRS, check_location};
pub use manifest::{Entry, Manifest, verify};
pub use staging::Staging;

/// What a publish wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishStats {
    /// Generated files written.
    pub generated: usize,
    /// Static files copied.
    pub copied: usize,
}

/// How to treat the output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// Write into a folder Chancery did not make (keeping its files), and replace files
    /// Chancery did not write that stand where the site writes.
    pub force: bool,
}

/// Writes `site` and copies `static_files` into `out_dir`, replacing it as a whole.
pub fn publish(site: &RenderedSite, static_files: &[StaticFile], out_dir: &Path) -> Result<PublishStats> {
    let staging = Staging::new(out_dir)?;
    staging.copy_static(static_files)?;
    site.outputs.par_iter().try_for_each(|o| staging.write(&o.path, &o.bytes))?;
    staging.commit()
}

/// Writes a whole site held in memory (`files`, by output path) into `out_dir`, replacing
/// it as a whole. Files not in `changed` are taken to have the bytes they have in the
/// current output: they are hard-linked from it, unread, when it still has them at that
/// size, and written otherwise.
pub fn publish_files(
    files: &HashMap<String, bytes::Bytes>,
    changed: &HashSet<&str>,
    out_dir: &Path,
    options: &PublishOptions,
) -> Result<PublishStats> {
    let staging = Staging::open(out_dir, options)?;
    files.par_iter().try_for_each(|(rel, bytes)| {
        if changed.contains(rel.as_str()) { staging.write_new(rel, bytes) } else { staging.write_unchanged(rel, bytes) }
    })?;
    staging.commit()
}

#[cfg(test)]
mod tests;

//! Reading a brief's body again, for a build that left the bodies out at load
//! ([`load_lean`](crate::content::load_lean)): the render asks for each body when it needs
//! it and drops it after, so memory holds the model and the few bodies being rendered.
//!
//! A body read again is the one the loader checked: the brief file (and its seed) read,
//! split and converted the same way (the front-matter is not parsed again), and compared
//! with the hash [`Brief::release_body`] kept. A file
//! changed since the load is an error naming it, never a page of mixed versions.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::brief::body_hash;
use crate::content::seed::SeedFilter;
use crate::content::{Brief, read_text, shown};
use crate::error::{Error, Result};

/// What reading a body again needs: the site root and what the loader parsed briefs with.
#[derive(Debug)]
pub struct Bodies {
    root: PathBuf,
    filter: SeedFilter,
}

impl Bodies {
    /// Reads bodies of the site at `root`, as [`load`](crate::content::load) does with `config`.
    pub fn new(root: &Path, config: &Config) -> Result<Bodies> {
        let filter = SeedFilter::new(&config.seed_rules)
            .map_err(|e| Error::Config { path: root.join("site.yaml"), message: format!("seed_rules: {e}") })?;
        Ok(Bodies { root: root.to_path_buf(), filter })
    }

    /// The body of `brief`: its own when it still has it, else read again from its file
    /// (and seed).
    pub fn read(&self, brief: &Brief) -> Result<String> {
        let Some(expected) = brief.released_body else {
            return Ok(brief.body.clone());
        };
        let text = read_text(&brief.path)?;
        let seed_text = match &brief.seed {
            Some(seed) => {
                let path = shown(&self.root, Path::new(seed));
                Some(std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?)
            }
            None => None,
        };
        let body = brief.body_from(&text, seed_text.as_deref(), &self.filter)?;
        if body_hash(&body) != expected {
            return Err(Error::content(&brief.path, 0, 0, "the file changed while the site was being built")
                .with_hint("build again once the edits are saved"));
        }
        Ok(body)
    }
}

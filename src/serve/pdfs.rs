//! The PDFs `serve` makes when they are asked for, not on every rebuild: a brief's PDF is
//! typeset (or taken from `.chancery-cache/pdf/`) at its first request to a build, then
//! kept with that build.
//!
//! Guarantees: the bytes are those a build writes (the same job, the same engine); a
//! brief that cannot be typeset is an error response naming it, the server goes on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;

use crate::error::Result;
use crate::model::Site;
use crate::render::PdfStore;

/// The PDFs of one good build of `serve`.
pub struct LazyPdfs {
    /// The build's site, shared with the session (a rebuild makes a new one).
    site: Arc<Site>,
    store: Option<Arc<dyn PdfStore>>,
    made: Mutex<HashMap<String, Bytes>>,
}

impl std::fmt::Debug for LazyPdfs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyPdfs").field("briefs", &self.site.briefs.len()).finish_non_exhaustive()
    }
}

impl LazyPdfs {
    /// The PDFs of `site` (a build of `serve`, which holds the briefs' bodies), kept in
    /// `store`.
    pub fn new(site: Arc<Site>, store: Option<Arc<dyn PdfStore>>) -> LazyPdfs {
        LazyPdfs { site, store, made: Mutex::new(HashMap::new()) }
    }

    /// The PDF at output path `path`, if it is a brief's.
    pub fn get(&self, path: &str) -> Option<Result<Bytes>> {
        if let Some(bytes) = self.made.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Some(Ok(bytes.clone()));
        }
        let made = crate::render::brief_pdf(&self.site, path, self.store.as_deref())?.map(Bytes::from);
        if let Ok(bytes) = &made {
            self.made.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_owned(), bytes.clone());
        }
        Some(made)
    }
}

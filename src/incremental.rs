//! Incremental rebuilds: the whole site held in memory, made again after a change by
//! reading, rendering and replacing only what the change touched.
//!
//! ```text
//! changed paths ─> content::load_cached ─> Site::build ─> render::render_changes ─> files
//!                  (unchanged briefs kept)   (whole model)   (only outputs whose inputs changed)
//! ```
//!
//! A [`Session`] keeps the loader's and the renderer's caches and every file of the last good
//! build, static files included. `serve` serves those files; `build --watch` writes the
//! changed ones. The model is always built whole (it is cheap), so lists, feeds, the
//! timeline, term pages and the search index are never stale: the renderer's fingerprints
//! decide what to make again, and a full render goes through the very same code.
//!
//! Guarantees: after every good rebuild, [`Session::files`] is byte-identical to what a
//! full build of the same inputs writes; a failed rebuild changes nothing (files, caches'
//! fingerprints), so the next one starts from the last good build.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use bytes::Bytes;

use crate::BuildOptions;
use crate::config::Config;
use crate::content::{self, LoadCache, StaticSource};
use crate::error::Result;
use crate::model::Site;
use crate::render::{self, Output, RenderCache};

/// What one rebuild changed.
#[derive(Debug, Clone)]
pub struct Update {
    /// Briefs published.
    pub briefs: usize,
    /// Output paths with new bytes (new files included), sorted.
    pub changed: Vec<String>,
    /// Output paths the site no longer has, sorted.
    pub removed: Vec<String>,
    /// What the build did that the author should know of (see [`crate::Note`]).
    pub notes: Vec<crate::Note>,
}

/// What a rebuild has made first ([`Session::on_first`]): the files of the last good build
/// with the outputs that show the change laid over them (removed outputs gone), and the
/// outputs still to be made.
#[derive(Debug, Clone)]
pub struct FirstOutputs {
    /// Every file: those at `later` are still the last good build's (or missing, when new).
    pub files: HashMap<String, Bytes>,
    /// The outputs the rebuild makes next (paths, as in `files`).
    pub later: HashSet<String>,
}

/// Told of what a rebuild made first.
struct FirstHook(Box<dyn Fn(FirstOutputs) + Send + Sync>);

impl std::fmt::Debug for FirstHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FirstHook")
    }
}

/// Where a rebuild's outputs go: collected, and, with a hook, shown to it once those a
/// reader sees first are made.
struct Collect<'s> {
    outputs: Mutex<Vec<(String, Bytes)>>,
    /// The hook and the files of the last good build.
    first: Option<(&'s FirstHook, &'s HashMap<String, Bytes>)>,
}

impl render::Sink for Collect<'_> {
    fn put(&self, output: Output) -> Result<()> {
        let made = (output.path, Bytes::from(output.bytes));
        self.outputs.lock().unwrap_or_else(PoisonError::into_inner).push(made);
        Ok(())
    }

    fn wants_first(&self) -> bool {
        self.first.is_some()
    }

    fn first_done(&self, later: &[&str], removed: &[String]) {
        let Some((hook, files)) = self.first else { return };
        let mut files = files.clone();
        for (path, bytes) in self.outputs.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            files.insert(path.clone(), bytes.clone());
        }
        for path in removed {
            files.remove(path);
        }
        (hook.0)(FirstOutputs { files, later: later.iter().map(|p| (*p).to_owned()).collect() });
    }
}

/// A static file as last read.
#[derive(Debug, Clone)]
struct StaticEntry {
    source: StaticSource,
    stamp: Option<(u64, Option<SystemTime>)>,
}

/// A site kept in memory across rebuilds.
#[derive(Debug)]
pub struct Session {
    options: BuildOptions,
    load: LoadCache,
    render: RenderCache,
    statics: HashMap<String, StaticEntry>,
    files: HashMap<String, Bytes>,
    /// The model of the last good build, for the next to reuse.
    site: Option<std::sync::Arc<Site>>,
    /// Told of each rebuild's first outputs ([`Session::on_first`]).
    first: Option<FirstHook>,
}

impl Session {
    /// A session for the site `options` names; nothing is read until [`Session::rebuild`].
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            load: LoadCache::default(),
            render: RenderCache::default(),
            statics: HashMap::new(),
            files: HashMap::new(),
            site: None,
            first: None,
        }
    }

    /// The session with `hook` told, during each rebuild after the first, of the outputs
    /// that show the change (see [`render::first`]) as soon as they are made, before the
    /// rebuild makes the rest (pages of lists that only shifted, the sitemap, ...):
    /// `serve` puts those online at once. Not called when the rebuild makes nothing later,
    /// nor when a static file changed.
    pub fn on_first(mut self, hook: impl Fn(FirstOutputs) + Send + Sync + 'static) -> Session {
        self.first = Some(FirstHook(Box::new(hook)));
        self
    }

    /// The session with PDFs made only when asked for ([`Session::lazy_pdfs`]), not by
    /// every rebuild: `serve`'s. Its [`Session::files`] then hold no PDFs.
    pub fn with_lazy_pdfs(mut self) -> Session {
        self.render.lazy_pdfs = true;
        self
    }

    /// The PDFs of the last good build, made when asked for (with
    /// [`Session::with_lazy_pdfs`], when the site makes PDFs).
    #[cfg(feature = "pdf")]
    pub fn lazy_pdfs(&self) -> Option<crate::serve::pdfs::LazyPdfs> {
        let site = self.site.as_ref().filter(|s| self.render.lazy_pdfs && s.config.pdf.made())?;
        let store: std::sync::Arc<dyn render::PdfStore> =
            std::sync::Arc::new(content::pdf_cache::PdfCacheDir::new(&self.options.root));
        Some(crate::serve::pdfs::LazyPdfs::new(std::sync::Arc::clone(site), Some(store)))
    }

    /// Every file of the last good build by output path (`briefs/x/index.html`).
    pub fn files(&self) -> &HashMap<String, Bytes> {
        &self.files
    }

    /// Builds the site again. `changed` is the list of inputs that changed (paths relative
    /// to the root, as the watcher reports them): only those briefs (and new files) are
    /// read again. An empty list (the first build, or after the watcher lost events) checks
    /// every brief by size and modification time. The first call builds everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Update> {
        let started = std::time::Instant::now();
        let changed: HashSet<PathBuf> = changed.iter().cloned().collect();
        let mut config = Config::load(&self.options.root)?;
        if let Some(url) = &self.options.base_url {
            config.set_base_url(url)?;
        }
        let content = content::load_cached(&self.options.root, &config, &mut self.load, &changed)?;
        let loaded = started.elapsed();
        let site = Site::build_reusing(content, &config, &self.options.selection(), self.site.as_deref())?;
        let modelled = started.elapsed();

        // Static files first: a file that cannot be read fails the rebuild before the
        // renderer's fingerprints move on.
        let root = &self.options.root;
        let mut statics = HashMap::with_capacity(site.static_files.len());
        let mut static_bytes = Vec::new();
        for file in &site.static_files {
            let path = file.source.file();
            let stamp = path.and_then(|p| std::fs::metadata(p).ok()).map(|m| (m.len(), m.modified().ok()));
            let entry = StaticEntry { source: file.source.clone(), stamp };
            let same = self.statics.get(&file.dest).is_some_and(|old| {
                old.source == entry.source
                    && old.stamp == entry.stamp
                    && path.is_none_or(|p| !changed.contains(p.strip_prefix(root).unwrap_or(p)))
            });
            // A static file hidden by a generated output of the same path is read too: it
            // shows again if that output goes.
            if !same || self.render.has_output(&file.dest) {
                let bytes = match file.source.bytes()? {
                    std::borrow::Cow::Borrowed(b) => Bytes::from_static(b),
                    std::borrow::Cow::Owned(b) => Bytes::from(b),
                };
                static_bytes.push((file.dest.clone(), bytes));
            }
            statics.insert(file.dest.clone(), entry);
        }

        let statics_gone = self.statics.keys().any(|d| !statics.contains_key(d));
        let sink = Collect {
            outputs: Mutex::new(Vec::new()),
            first: self
                .first
                .as_ref()
                .filter(|_| static_bytes.is_empty() && !statics_gone && !self.files.is_empty())
                .map(|hook| (hook, &self.files)),
        };
        let prepared = render::prepare(&site, &mut self.render)?;
        let changes = render::render_prepared(&site, prepared, &mut self.render, &sink)?;
        let outputs = sink.outputs.into_inner().unwrap_or_else(PoisonError::into_inner);
        tracing::debug!(
            load_ms = loaded.as_millis(),
            model_ms = (modelled - loaded).as_millis(),
            render_ms = (started.elapsed() - modelled).as_millis(),
            rendered = changes.rendered,
            "incremental rebuild"
        );

        // Generated outputs win over static files of the same path, as in a full build.
        let mut touched: Vec<String> = Vec::with_capacity(outputs.len() + static_bytes.len());
        let mut removed = Vec::new();
        for (dest, bytes) in static_bytes {
            if !self.render.has_output(&dest) {
                touched.push(dest.clone());
                self.files.insert(dest, bytes);
            }
        }
        for dest in self.statics.keys().filter(|d| !statics.contains_key(*d)) {
            if !self.render.has_output(dest) {
                self.files.remove(dest);
                removed.push(dest.clone());
            }
        }
        for path in changes.removed {
            // A static file of that path shows again: it was read above, being hidden.
            if !statics.contains_key(&path) {
                self.files.remove(&path);
                removed.push(path);
            }
        }
        for (path, bytes) in outputs {
            touched.push(path.clone());
            self.files.insert(path, bytes);
        }
        self.statics = statics;
        if tracing::enabled!(tracing::Level::DEBUG) {
            let mut by_folder: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for path in &touched {
                *by_folder.entry(path.split('/').next().unwrap_or_default()).or_default() += 1;
            }
            tracing::debug!(?by_folder, removed = removed.len(), "outputs made again");
        }
        touched.sort();
        touched.dedup();
        removed.sort();
        removed.dedup();
        let briefs = site.briefs.len();
        let notes = render::notes(&site);
        self.site = Some(std::sync::Arc::new(site));
        Ok(Update { briefs, changed: touched, removed, notes })
    }
}

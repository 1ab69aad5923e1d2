//! Chancery: a static site generator for policy briefs.
//!
//! Plain-text seed documents plus YAML front-matter become a themed static site of briefs,
//! summaries and a timeline. The pipeline runs one way:
//!
//! ```text
//! site.yaml ─┐
//! content/ ──┼─> content::load ──> model::Site::build ──> render::render ──> output::publish ──> public/
//! seeds/ ────┤    (read + parse)     (briefs, taxonomies,   (markdown, highlight,  (staging dir,
//! themes/ ───┘                        timeline, links)       Tera 2 templates)      atomic swap)
//! ```
//!
//! Only [`content`] reads the site's files and only [`output`] writes the output folder;
//! everything between is pure.
//!
//! [`build`] streams the last two stages: [`render::prepare_lean`] renders the markdown
//! (freeing each brief's body as it goes), then [`render::render_prepared`] hands each file
//! to [`output::Staging`] as soon as it is rendered, so a large site is never held in
//! memory whole; [`render_site`] returns the same bytes in memory.
//!
//! `serve` and `build --watch` rebuild through an [`incremental::Session`]: the loader keeps
//! unchanged briefs ([`content::load_cached`]), the model reuses what their change does not
//! touch ([`model::Site::build_reusing`]), and the renderer makes again only the outputs
//! whose fingerprint changed ([`render::render_changes`], [`render::cache`]). A full build
//! is the same code with empty caches.
//!
//! Modules, from the leaves up (each uses only those listed before it; the stages also use
//! one another):
//!
//! - [`diagnostics`]: the leaf: locations (`path:line:col`), [`Warning`], did-you-mean,
//!   plurals and YAML explanations; uses nothing of the crate;
//! - [`error`]: [`Error`], every variant with its place and hint; uses only [`diagnostics`];
//! - [`line_index`], `yaml_locate`: where an offset or a YAML value stands in a text (leaves
//!   too);
//! - [`config`], [`content`], [`model`], [`render`], [`output`]: the pipeline's stages;
//! - [`incremental`], [`watch`], [`import`], [`scaffold`], [`schema`]: rebuilds, watching,
//!   reading an article for `import`, `init`/`new`/`import` files, JSON schemas;
//! - [`check`](mod@check) (the whole pipeline in memory, every problem at once; [`check()`] and
//!   [`CheckReport`]), [`build`] and [`serve`]: the top, running the pipeline.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod error;
pub mod import;
pub mod incremental;
pub mod known;
pub mod line_index;
pub mod model;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod watch;
pub(crate) mod yaml_locate;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use check::{CheckReport, check};
pub use config::Config;
pub use diagnostics::{Note, Warning};
pub use error::{Error, Result};
use model::Site;
use render::RenderedSite;

/// What `build` should do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root folder (holding `site.yaml`).
    pub root: PathBuf,
    /// Where to write; defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Include briefs dated after `today` (`--future`).
    pub future: bool,
    /// The day the site is built as of: briefs dated after it are scheduled, left out
    /// unless `future`. `None` holds none back. The library never reads the clock: the
    /// CLI passes `--as-of`, `SOURCE_DATE_EPOCH` or today's date.
    pub today: Option<content::date::PartialDate>,
    /// Write into an output folder Chancery did not make, and replace files in it that
    /// Chancery did not write (`--force`).
    pub force: bool,
    /// Above this many briefs a build makes each brief's summary view when a page shows it
    /// instead of holding all of them (less memory, more CPU; the same bytes). Default
    /// [`render::MADE_SUMMARIES_ABOVE`].
    pub made_summaries_above: usize,
    /// Fail on warnings too (`--strict`): a build with any publishes nothing.
    pub strict: bool,
}

impl BuildOptions {
    /// Options for the site at `root`, with defaults.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            today: None,
            force: false,
            made_summaries_above: render::MADE_SUMMARIES_ABOVE,
            strict: false,
        }
    }

    /// Which briefs the build publishes.
    pub fn selection(&self) -> model::schedule::Selection {
        model::schedule::Selection { drafts: self.drafts, future: self.future, today: self.today }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }

    /// The output folder, refused when it is the site, above it or one of its inputs.
    pub fn checked_output_dir(&self) -> Result<PathBuf> {
        let out = self.output_dir();
        output::check_location(&self.root, &out)?;
        Ok(out)
    }

    /// How to treat the output folder.
    pub fn publish_options(&self) -> output::PublishOptions {
        output::PublishOptions { force: self.force }
    }
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Briefs published.
    pub briefs: usize,
    /// HTML pages written.
    pub pages: usize,
    /// All files written or copied.
    pub files: usize,
    /// Where.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Non-fatal problems found (the same as `check` reports).
    pub warnings: Vec<Warning>,
    /// What the build did that the author should know of (a static file standing in for a
    /// generated one), sorted.
    pub notes: Vec<Note>,
}

/// Loads, models and renders the site in memory, writing nothing.
pub fn render_site(options: &BuildOptions) -> Result<(Site, RenderedSite)> {
    let site = load_site(options)?;
    let rendered = render::render(&site)?;
    Ok((site, rendered))
}

/// [`render_site`] without typesetting the PDFs (`check`'s): the brief pages link them,
/// without their size.
pub fn render_site_without_pdfs(options: &BuildOptions) -> Result<(Site, RenderedSite)> {
    let site = load_site(options)?;
    let mut cache = render::RenderCache { lazy_pdfs: true, ..render::RenderCache::default() };
    let outputs = std::sync::Mutex::new(Vec::new());
    render::render_changes(&site, &mut cache, &|output| {
        outputs.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(output);
        Ok(())
    })?;
    let mut outputs = outputs.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((site, RenderedSite { outputs }))
}

/// Loads and models the site.
fn load_site(options: &BuildOptions) -> Result<Site> {
    let config = load_config(options)?;
    let content = content::load(&options.root, &config)?;
    Site::build(content, &config, &options.selection())
}

/// [`load_site`] without the briefs' bodies, and what reads them again.
fn load_site_lean(options: &BuildOptions) -> Result<(Site, content::Bodies)> {
    let config = load_config(options)?;
    let (content, bodies) = content::load_lean(&options.root, &config)?;
    Ok((Site::build(content, &config, &options.selection())?, bodies))
}

/// The PDFs of builds are kept in the site's cache folder.
impl render::PdfStore for content::pdf_cache::PdfCacheDir {
    fn known(&self, key: u128) -> Option<render::Known> {
        content::pdf_cache::PdfCacheDir::known(self, key)
    }

    fn get(&self, key: u128) -> Option<Vec<u8>> {
        content::pdf_cache::PdfCacheDir::get(self, key)
    }

    fn put(&self, key: u128, bytes: &[u8]) {
        content::pdf_cache::PdfCacheDir::put(self, key, bytes);
    }
}

/// The build reads the bodies the loader left out through the loader.
impl render::BodySource for content::Bodies {
    fn body(&self, brief: &content::Brief) -> Result<String> {
        self.read(brief)
    }
}

/// The site's configuration, with the base URL the options ask for (after refusing a
/// folder that is no site).
fn load_config(options: &BuildOptions) -> Result<Config> {
    require_site(&options.root)?;
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

/// Builds the site into its output folder; on any error the previous output is untouched.
///
/// Each file is written to the staging folder as soon as it is rendered (the same bytes
/// [`render_site`] returns), so memory stays bounded by the model, not the output.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_counting(options, &AtomicUsize::new(0))
}

/// [`build`], adding one to `written` for every file written, as it is written, so a
/// caller can show progress.
pub fn build_counting(options: &BuildOptions, written: &AtomicUsize) -> Result<BuildReport> {
    let started = Instant::now();
    require_site(&options.root)?;
    let output = options.checked_output_dir()?;
    // Taken first: a refused output folder fails before any work, and a second build of
    // the same output waits here.
    let staging = output::Staging::open(&output, &options.publish_options())?;
    // The bodies are left out at load and read again by the render, brief by brief.
    let (site, bodies) = load_site_lean(options)?;
    tracing::debug!(briefs = site.briefs.len(), ms = started.elapsed().as_millis(), "loaded and modelled");
    let mut cache = render::RenderCache::default();
    let pdf_cache =
        site.config.pdf.made().then(|| std::sync::Arc::new(content::pdf_cache::PdfCacheDir::new(&options.root)));
    if let Some(store) = &pdf_cache {
        cache.pdf_store = Some(store.clone());
    }
    let prepared = render::prepare_lean(&site, &mut cache, Box::new(bodies), options.made_summaries_above)?;
    tracing::debug!(ms = started.elapsed().as_millis(), "markdown walked");
    tracing::debug!(ms = started.elapsed().as_millis(), "markdown rendered");
    staging.copy_static(&site.static_files)?;
    let sink = StagingSink { staging: &staging, pages: AtomicUsize::new(0), written };
    render::render_prepared(&site, prepared, &mut cache, &sink)?;
    let pages = sink.pages.into_inner();
    let warnings = check::warnings(&site);
    if options.strict && !warnings.is_empty() {
        // The staging folder is dropped unpublished: the old output stays.
        return Err(check::strict_errors(&warnings));
    }
    let stats = staging.commit()?;
    // Every PDF of the site was asked of the cache: those no longer asked for go.
    if let Some(store) = pdf_cache {
        store.prune();
    }
    tracing::debug!(generated = stats.generated, copied = stats.copied, "published");
    Ok(BuildReport {
        briefs: site.briefs.len(),
        pages,
        files: stats.generated + stats.copied,
        output,
        elapsed: started.elapsed(),
        warnings,
        notes: render::notes(&site),
    })
}

/// Where a build's render hands its files: the staging folder, counting them.
struct StagingSink<'a> {
    staging: &'a output::Staging,
    pages: AtomicUsize,
    written: &'a AtomicUsize,
}

impl render::Sink for StagingSink<'_> {
    fn put(&self, o: render::Output) -> Result<()> {
        if o.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        self.staging.write(&o.path, &o.bytes)
    }

    fn keep(&self, path: &str, known: render::Known) -> Result<bool> {
        let kept = self.staging.keep(path, known)?;
        if kept {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(kept)
    }
}

/// Refuses a folder that is no site (it has no `site.yaml`), before anything is read,
/// written or served there.
pub fn require_site(root: &Path) -> Result<()> {
    let config = root.join("site.yaml");
    if config.is_file() {
        return Ok(());
    }
    let place = if root == Path::new(".") || root.as_os_str().is_empty() {
        String::from("the current folder")
    } else {
        root.display().to_string()
    };
    let shown = if root == Path::new(".") { PathBuf::from("site.yaml") } else { config };
    Err(Error::Config { path: shown, message: format!("not a Chancery site: {place} has no site.yaml") }.with_hint(
        "run this in a site's folder, point to one with `--root <folder>`, or make one with `chancery init <folder>`",
    ))
}

/// The root of a site: `dir` if given, else the current folder.
pub fn site_root(dir: Option<&Path>) -> PathBuf {
    dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

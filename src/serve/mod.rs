//! `serve`: build the site in memory, serve it over HTTP with live reload, rebuild on change.
//!
//! ```text
//! Watcher (std thread) --Session::rebuild--> post_build --swap Arc<State>--> HTTP handlers (tokio)
//!                                                       \--broadcast LiveEvent--> SSE streams
//! ```
//!
//! Guarantees: the whole site (generated outputs and static files) is held in memory, one
//! immutable [`SiteBuild`] per good build, swapped in atomically, so no response mixes two
//! builds; a rebuild renders only the outputs its change touched (see [`crate::incremental`])
//! and shares every other file's bytes with the build before; a rebuild goes online as soon
//! as the outputs that show its change are made ([`crate::render::first`]), and a request
//! for one it is still making waits until it is whole, so none is answered stale; a failed rebuild keeps the last
//! good build online and shows its errors (each with file, line, column, message and hint,
//! as the CLI prints them) in an overlay, sent to open pages and laid over every page served
//! until a good build, and in `/__chancery/status`; the server listens on loopback unless
//! told otherwise, and then answers only requests for its own address or a loopback name
//! (see [`guard`]); served HTML carries the live-reload script (added as it is sent, naming
//! the build it came from), the files `build` writes never do.

pub mod guard;
pub mod http;
pub mod livereload;
pub mod overlay;
#[cfg(feature = "pdf")]
pub mod pdfs;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::broadcast;

use crate::BuildOptions;
use crate::diagnostics::plural;
use crate::error::{Error, Result};
use crate::incremental::{Session, Update};
use crate::watch::{Rebuild, WatchOptions, Watcher};
use overlay::Failure;

/// What `serve` should do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The address to listen on; loopback by default.
    pub bind: IpAddr,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Include briefs dated after `today`.
    pub future: bool,
    /// The day the site is served as of (see [`crate::BuildOptions::today`]).
    pub today: Option<crate::content::date::PartialDate>,
    /// Poll the file system instead of using native notifications.
    pub poll: bool,
}

impl ServeOptions {
    /// Options for the site at `root` on `127.0.0.1:1111`.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            future: false,
            today: None,
            poll: false,
        }
    }
}

/// One good build, held whole in memory and never changed once made.
#[derive(Debug, Clone)]
pub struct SiteBuild {
    /// Counts good builds from 1; 0 is the empty site before the first good build.
    pub generation: u64,
    /// Every output by its path (`briefs/alpha/index.html`), as built: the live-reload
    /// script is added to HTML as it is sent.
    pub files: HashMap<String, Bytes>,
    /// The briefs' PDFs, made when asked for.
    #[cfg(feature = "pdf")]
    pub pdfs: Option<Arc<pdfs::LazyPdfs>>,
    /// A build put online once the outputs that show its change were made: what it is
    /// still making. A request for one of those waits until the build is whole.
    pub pending: Option<Arc<Pending>>,
}

/// What a build put online early still makes.
#[derive(Debug)]
pub struct Pending {
    /// The outputs still to be made (their entries in `files` are the build's before).
    pub later: std::collections::HashSet<String>,
    /// The last whole build, online again if this one fails.
    pub before: Arc<SiteBuild>,
}

impl SiteBuild {
    /// The empty site served until a first build succeeds.
    pub fn empty() -> SiteBuild {
        SiteBuild::new(0, HashMap::new())
    }

    /// Build `generation` of `files`.
    pub fn new(generation: u64, files: HashMap<String, Bytes>) -> SiteBuild {
        SiteBuild {
            generation,
            files,
            #[cfg(feature = "pdf")]
            pdfs: None,
            pending: None,
        }
    }

    /// Whether `path` (an output path, `briefs/x/index.html`) may not be this build's yet:
    /// it is still being made, or is not there while the build is not whole.
    pub fn waits_for(&self, path: &str) -> bool {
        self.pending.as_ref().is_some_and(|p| p.later.contains(path) || !self.files.contains_key(path))
    }
}

/// What the server shows now: the last good build and, if the last rebuild failed, why.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub build: Arc<SiteBuild>,
    pub failure: Option<Arc<Failure>>,
}

/// What open pages are told.
#[derive(Debug, Clone)]
pub(crate) enum LiveEvent {
    /// A good build of this generation is online.
    Reload(u64),
    /// A rebuild failed; the last good build stays.
    Failed(Arc<Failure>),
}

/// State shared between the rebuild thread and the HTTP handlers.
#[derive(Debug)]
pub(crate) struct Shared {
    state: RwLock<Arc<State>>,
    events: broadcast::Sender<LiveEvent>,
    /// The generation of the last build that is whole (or was given up), for requests that
    /// wait on one put online early.
    settled: tokio::sync::watch::Sender<u64>,
}

impl Shared {
    fn new(state: State) -> Shared {
        let (events, _) = broadcast::channel(64);
        let settled = tokio::sync::watch::Sender::new(state.build.generation);
        Shared { state: RwLock::new(Arc::new(state)), events, settled }
    }

    /// Waits until the build of `generation` is whole (or given up for the one before).
    pub(crate) async fn settled(&self, generation: u64) {
        let mut settled = self.settled.subscribe();
        // The sender lives as long as `self`: the wait ends.
        let _ = settled.wait_for(|g| *g >= generation).await;
    }

    /// Puts online the outputs a rebuild made first: a new generation, its pages told to
    /// reload, whose `later` outputs are waited for until [`Shared::apply`] makes it whole.
    fn apply_first(&self, first: crate::incremental::FirstOutputs) {
        let current = self.state();
        let before = match &current.build.pending {
            Some(pending) => Arc::clone(&pending.before),
            None => Arc::clone(&current.build),
        };
        let generation = current.build.generation + 1;
        let mut build = SiteBuild::new(generation, first.files);
        build.pending = Some(Arc::new(Pending { later: first.later, before }));
        self.set(State { build: Arc::new(build), failure: None });
        let _ = self.events.send(LiveEvent::Reload(generation));
    }

    /// The current state, read once (a cheap `Arc` clone).
    pub(crate) fn state(&self) -> Arc<State> {
        Arc::clone(&self.state.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn set(&self, state: State) {
        *self.state.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(state);
    }

    /// Takes in a rebuild of `session`: a good one goes online, a failed one keeps the last
    /// good. The new build shares the bytes of every file with the session.
    fn apply(&self, result: Result<Update>, session: &Session) -> Result<u64> {
        self.apply_with(|generation| {
            result.map(|_| {
                #[cfg_attr(not(feature = "pdf"), allow(unused_mut))]
                let mut build = SiteBuild::new(generation, session.files().clone());
                #[cfg(feature = "pdf")]
                {
                    build.pdfs = session.lazy_pdfs().map(Arc::new);
                }
                build
            })
        })
    }

    /// Like [`Shared::apply`], with `make` building the next generation. A build put online
    /// early ([`Shared::apply_first`]) is made whole under its own generation (its pages
    /// already reloaded, and what they show is the same), or, when the rebuild failed,
    /// gives way to the whole build before it.
    fn apply_with(&self, make: impl FnOnce(u64) -> Result<SiteBuild>) -> Result<u64> {
        let current = self.state();
        let early = current.build.pending.as_ref().map(|p| (current.build.generation, Arc::clone(&p.before)));
        let next = early.as_ref().map_or(current.build.generation + 1, |(generation, _)| *generation);
        let result = match make(next) {
            Ok(build) => {
                let generation = build.generation;
                self.set(State { build: Arc::new(build), failure: None });
                // No subscriber is not an error: no page is open.
                if early.is_none() {
                    let _ = self.events.send(LiveEvent::Reload(generation));
                }
                Ok(generation)
            }
            Err(err) => {
                let failure = Arc::new(Failure::new(&err));
                let last_good =
                    early.as_ref().map_or_else(|| Arc::clone(&current.build), |(_, before)| Arc::clone(before));
                self.set(State { build: last_good, failure: Some(Arc::clone(&failure)) });
                let _ = self.events.send(LiveEvent::Failed(failure));
                Err(err)
            }
        };
        if let Some((generation, _)) = early {
            self.settled.send_replace(generation);
        }
        result
    }
}

/// A preview server bound to its address, with its first build done.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    watcher: Watcher,
    session: Session,
    shared: Arc<Shared>,
}

fn serve_error(address: impl ToString, source: std::io::Error) -> Error {
    Error::Serve { address: address.to_string(), source }
}

impl Server {
    /// Binds the address, starts watching, and builds the site with `base_url` set to the
    /// server's URL. A failed first build is logged and shown in pages; the server still
    /// starts, but not in a folder that is no site (no `site.yaml`).
    pub fn bind(options: &ServeOptions) -> Result<Server> {
        crate::require_site(&options.root)?;
        let wanted = SocketAddr::new(options.bind, options.port);
        let listener = TcpListener::bind(wanted).map_err(|e| serve_error(wanted, e))?;
        let address = listener.local_addr().map_err(|e| serve_error(wanted, e))?;
        listener.set_nonblocking(true).map_err(|e| serve_error(address, e))?;
        let build = BuildOptions {
            root: options.root.clone(),
            output: None,
            base_url: Some(url_of(address)),
            drafts: options.drafts,
            future: options.future,
            today: options.today,
            strict: false,
            ..BuildOptions::new(options.root.clone())
        };
        // Watch before the first build, so no change made during it is missed.
        let watcher = Watcher::start(&WatchOptions { poll: options.poll, ..WatchOptions::new(build.clone()) })?;
        let shared = Arc::new(Shared::new(State { build: Arc::new(SiteBuild::empty()), failure: None }));
        let started = Instant::now();
        let early = Arc::clone(&shared);
        let mut session = Session::new(watcher.build_options().clone())
            .with_lazy_pdfs()
            .on_first(move |first| early.apply_first(first));
        let first = session.rebuild(&[]);
        for note in first.iter().flat_map(|update| &update.notes) {
            tracing::info!("note: {note}");
        }
        match shared.apply(first, &session) {
            Ok(_) => {
                let files = shared.state().build.files.len();
                tracing::info!("built {} in memory in {} ms", plural(files, "file"), started.elapsed().as_millis());
            }
            Err(err) => {
                tracing::warn!("the first build failed; serving an empty site until it is fixed:");
                for line in err.report_lines() {
                    tracing::error!("{line}");
                }
            }
        }
        Ok(Server { listener, address, watcher, session, shared })
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The server's root URL, `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        url_of(self.address)
    }

    /// Rebuilds on change and serves the site until the process ends.
    pub fn run(self) -> Result<()> {
        let (watcher, session) = (self.watcher, self.session);
        let shared = Arc::clone(&self.shared);
        std::thread::Builder::new()
            .name("chancery-watch".into())
            .spawn(move || {
                watcher.run(session, |rebuild: Rebuild<'_>| shared.apply(rebuild.result, rebuild.session).map(|_| ()))
            })
            .map_err(|e| serve_error(self.address, e))?;

        let address = self.address;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("chancery-http")
            .build()
            .map_err(|e| serve_error(address, e))?;
        let app = http::router(Arc::clone(&self.shared), guard::AllowedHosts::for_address(address));
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener).map_err(|e| serve_error(address, e))?;
            tracing::info!("serving on {} (Ctrl-C to stop)", url_of(address));
            axum::serve(listener, app).await.map_err(|e| serve_error(address, e))
        })
    }
}

/// `http://ADDRESS/`, with loopback standing in for an unspecified address.
fn url_of(address: SocketAddr) -> String {
    let mut address = address;
    if address.ip().is_unspecified() {
        address.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    format!("http://{address}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_format_urls() {
        assert_eq!(url_of("127.0.0.1:1111".parse().expect("addr")), "http://127.0.0.1:1111/");
        assert_eq!(url_of("0.0.0.0:80".parse().expect("addr")), "http://127.0.0.1:80/");
        assert_eq!(url_of("[::1]:8080".parse().expect("addr")), "http://[::1]:8080/");
    }

    #[test]
    fn can_keep_last_good_build_on_failure() {
        let shared = Shared::new(State { build: Arc::new(SiteBuild::empty()), failure: None });
        let mut rx = shared.events.subscribe();
        let bad = |_| Err(Error::Config { path: "site.yaml".into(), message: "broken".into() });
        assert!(shared.apply_with(bad).is_err());
        assert_eq!(shared.state().build.generation, 0);
        assert!(matches!(rx.try_recv(), Ok(LiveEvent::Failed(_))));

        let mut files = HashMap::new();
        files.insert("index.html".to_owned(), Bytes::from_static(b"<body>home</body>"));
        assert_eq!(shared.apply_with(|g| Ok(SiteBuild::new(g, files))).expect("good"), 1);
        let state = shared.state();
        assert!(state.failure.is_none());
        assert_eq!(&state.build.files["index.html"][..], b"<body>home</body>");
        assert!(matches!(rx.try_recv(), Ok(LiveEvent::Reload(1))));

        assert!(shared.apply_with(bad).is_err());
        let state = shared.state();
        assert_eq!(state.build.generation, 1, "the last good build stays");
        assert_eq!(state.failure.as_ref().map(|f| f.errors.len()), Some(1));
    }

    fn files(pairs: &[(&str, &'static str)]) -> HashMap<String, Bytes> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Bytes::from_static(v.as_bytes()))).collect()
    }

    fn first(pairs: &[(&str, &'static str)], later: &[&str]) -> crate::incremental::FirstOutputs {
        crate::incremental::FirstOutputs { files: files(pairs), later: later.iter().map(|p| (*p).to_owned()).collect() }
    }

    #[test]
    fn can_put_a_build_online_early_and_make_it_whole_under_one_generation() {
        let whole = files(&[("index.html", "old home"), ("briefs/page/2/index.html", "old page 2")]);
        let shared = Shared::new(State { build: Arc::new(SiteBuild::new(1, whole)), failure: None });
        let mut rx = shared.events.subscribe();
        shared.apply_first(first(
            &[("index.html", "new home"), ("briefs/page/2/index.html", "old page 2")],
            &["briefs/page/2/index.html", "briefs/page/3/index.html"],
        ));
        let early = shared.state();
        assert_eq!(early.build.generation, 2);
        assert!(matches!(rx.try_recv(), Ok(LiveEvent::Reload(2))));
        assert!(!early.build.waits_for("index.html"), "made first: served at once");
        assert!(early.build.waits_for("briefs/page/2/index.html"), "still being made: its old bytes are not served");
        assert!(early.build.waits_for("briefs/page/3/index.html"), "new and not made yet");
        assert!(early.build.waits_for("briefs/new/index.html"), "not there while the build is not whole");
        assert_eq!(*shared.settled.borrow(), 1);

        let made = files(&[("index.html", "new home"), ("briefs/page/2/index.html", "new page 2")]);
        assert_eq!(shared.apply_with(|g| Ok(SiteBuild::new(g, made))).expect("whole"), 2);
        let state = shared.state();
        assert_eq!(state.build.generation, 2, "the same generation: its pages reloaded already");
        assert!(state.build.pending.is_none() && !state.build.waits_for("briefs/page/3/index.html"));
        assert_eq!(&state.build.files["briefs/page/2/index.html"][..], b"new page 2");
        assert!(rx.try_recv().is_err(), "no second reload");
        assert_eq!(*shared.settled.borrow(), 2, "waiting requests go on");
    }

    #[test]
    fn can_bring_back_the_whole_build_when_an_early_one_fails() {
        let whole = files(&[("index.html", "old home")]);
        let shared = Shared::new(State { build: Arc::new(SiteBuild::new(1, whole)), failure: None });
        shared.apply_first(first(&[("index.html", "new home")], &["sitemap.xml"]));
        let mut rx = shared.events.subscribe();
        let bad = |_| Err(Error::Config { path: "site.yaml".into(), message: "broken".into() });
        assert!(shared.apply_with(bad).is_err());
        let state = shared.state();
        assert_eq!(state.build.generation, 1);
        assert_eq!(&state.build.files["index.html"][..], b"old home");
        assert!(state.build.pending.is_none() && state.failure.is_some());
        assert!(matches!(rx.try_recv(), Ok(LiveEvent::Failed(_))));
        assert_eq!(*shared.settled.borrow(), 2, "requests waiting on the early build go on, to the old one");
    }
}

//! Watching a site's inputs and rebuilding it when they change.
//!
//! [`classify`] is pure: it says whether a changed path is an input of the build and of
//! which kind, leaving out editor scratch files (swap, backup, lock and temp files).
//! [`Watcher`] turns file-system events (notify + notify-debouncer-full, or a polling
//! watcher) into one incremental in-memory rebuild per burst of changes (through an
//! [`incremental::Session`](crate::incremental::Session), told which paths changed) and hands
//! each result to a `post_build` callback. It knows nothing of HTTP: `serve` and
//! `build --watch` differ only in the callback they pass.
//!
//! Guarantees: a burst of changes (an editor's atomic save, a `git checkout`) gives one
//! rebuild; a failed rebuild is handed to the callback like a good one and never stops the
//! loop; folders created after the watch started (`static/`, `templates/`) are picked up.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{EventKind, MetadataKind, ModifyKind, RenameMode};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt};

use crate::BuildOptions;
use crate::content::names;
use crate::error::{Error, Result};
use crate::incremental::{Session, Update};

/// What kind of build input a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A brief or page under `content/`.
    Content,
    /// A seed document under `seeds/`.
    Seed,
    /// `site.yaml`.
    Config,
    /// A site template override under `templates/`.
    Template,
    /// A theme file under `themes/`.
    Theme,
    /// A site static file under `static/`.
    Static,
}

/// Whether `path` (absolute, as the watcher reports it) is a build input of the site at
/// `root`, and of which kind. Editor scratch files and hidden files are not.
pub fn classify(path: &Path, root: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let mut names = Vec::new();
    for component in rel.components() {
        let Component::Normal(name) = component else { return None };
        names.push(name.to_str()?);
    }
    let kind = match names.as_slice() {
        ["site.yaml"] => ChangeKind::Config,
        ["content", ..] => ChangeKind::Content,
        ["seeds", ..] => ChangeKind::Seed,
        ["templates", ..] => ChangeKind::Template,
        ["themes", ..] => ChangeKind::Theme,
        ["static", ..] => ChangeKind::Static,
        _ => return None,
    };
    // Dotfiles are published from static folders (the site's and the themes').
    let in_static = |i: usize| match kind {
        ChangeKind::Static => i >= 1,
        ChangeKind::Theme => names.get(2) == Some(&"static") && i >= 3,
        _ => false,
    };
    names.iter().enumerate().all(|(i, name)| names::is_input(name, in_static(i))).then_some(kind)
}

/// One changed input, as logged and handed to the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The path relative to the site's root.
    pub path: PathBuf,
    /// What kind of input it is.
    pub kind: ChangeKind,
    /// What happened to it: `created`, `modified`, `removed` or `renamed`.
    pub action: &'static str,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.path.display(), self.action)
    }
}

/// A list of changes, shown as the first three and a count of the rest.
pub struct ChangeList<'a>(pub &'a [Change]);

impl fmt::Display for ChangeList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, change) in self.0.iter().take(3).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{change}")?;
        }
        if self.0.len() > 3 {
            write!(f, " and {} more", self.0.len() - 3)?;
        }
        Ok(())
    }
}

/// What the watcher should watch and how to rebuild.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// How to build the site (root, drafts, base URL).
    pub build: BuildOptions,
    /// Poll the file system instead of using native notifications.
    pub poll: bool,
    /// How long a path must be quiet before its change counts.
    pub debounce: Duration,
}

impl WatchOptions {
    /// Native notifications and a 25 ms debounce for `build`'s site: an editor's save (a
    /// temporary file renamed over the old one) takes well under that.
    pub fn new(build: BuildOptions) -> WatchOptions {
        WatchOptions { build, poll: false, debounce: Duration::from_millis(25) }
    }
}

/// One rebuild: what triggered it, its result and how long rendering took.
#[derive(Debug)]
pub struct Rebuild<'a> {
    /// The changes this rebuild covers, sorted by path.
    pub changes: Vec<Change>,
    /// What the rebuild changed, or why the site could not be built.
    pub result: Result<Update>,
    /// Wall time of loading and rendering.
    pub elapsed: Duration,
    /// The session, holding every file of the last good build.
    pub session: &'a Session,
}

/// A native or a polling debouncer.
enum AnyDebouncer {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl AnyDebouncer {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            AnyDebouncer::Native(d) => d.watch(path, mode),
            AnyDebouncer::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            AnyDebouncer::Native(d) => d.unwatch(path),
            AnyDebouncer::Poll(d) => d.unwatch(path),
        }
    }
}

/// A running file-system watch over a site's inputs.
pub struct Watcher {
    debouncer: AnyDebouncer,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    build: BuildOptions,
    watched: BTreeSet<PathBuf>,
    settle: Duration,
    /// The file system said events were lost: the next rebuild checks every input.
    rescan: bool,
}

impl fmt::Debug for Watcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watcher").field("root", &self.root).field("watched", &self.watched).finish_non_exhaustive()
    }
}

fn watch_error(path: &Path, err: &notify::Error) -> Error {
    let hint = match &err.kind {
        notify::ErrorKind::MaxFilesWatch => " (raise fs.inotify.max_user_watches, or use --poll)",
        _ => "",
    };
    Error::Watch { path: path.to_path_buf(), message: format!("{err}{hint}") }
}

impl Watcher {
    /// Starts watching the site's root, `site.yaml` and its input folders.
    pub fn start(options: &WatchOptions) -> Result<Watcher> {
        let root = std::fs::canonicalize(&options.build.root)
            .map_err(|source| Error::Io { path: options.build.root.clone(), source })?;
        let (tx, events) = channel();
        let debouncer = if options.poll {
            // Modification times are compared in whole seconds: hash contents too, or two
            // saves within one second would look like one.
            let config =
                notify::Config::default().with_poll_interval(Duration::from_millis(300)).with_compare_contents(true);
            new_debouncer_opt(options.debounce, None, tx, NoCache, config).map(AnyDebouncer::Poll)
        } else {
            new_debouncer_opt(options.debounce, None, tx, RecommendedCache::new(), notify::Config::default())
                .map(AnyDebouncer::Native)
        }
        .map_err(|e| watch_error(&root, &e))?;
        let mut build = options.build.clone();
        build.root = root.clone();
        let mut watcher = Watcher {
            debouncer,
            events,
            root,
            build,
            watched: BTreeSet::new(),
            settle: options.debounce / 3,
            rescan: false,
        };
        watcher
            .debouncer
            .watch(&watcher.root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&watcher.root, &e))?;
        watcher.sync_watches()?;
        tracing::info!(
            "watching {} for changes ({})",
            watcher.root.display(),
            if options.poll { "polling" } else { "native notifications" }
        );
        Ok(watcher)
    }

    /// The canonical root of the watched site.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Watches input folders that appeared since the last call, forgets removed ones.
    fn sync_watches(&mut self) -> Result<()> {
        for name in names::INPUT_DIRS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let watched = self.watched.contains(&dir);
            if exists && !watched {
                self.debouncer.watch(&dir, RecursiveMode::Recursive).map_err(|e| watch_error(&dir, &e))?;
                self.watched.insert(dir);
            } else if !exists && watched {
                // The watch died with the folder; unwatching may fail and that is fine.
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
        Ok(())
    }

    /// Waits for the next burst of input changes; `None` once the watch has ended.
    fn next_changes(&mut self) -> Option<Vec<Change>> {
        loop {
            let first = self.events.recv().ok()?;
            let mut changes = BTreeMap::new();
            self.collect(first, &mut changes);
            // Coalesce: keep taking batches until the file system has been quiet a moment.
            loop {
                match self.events.recv_timeout(self.settle) {
                    Ok(more) => self.collect(more, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if let Err(e) = self.sync_watches() {
                tracing::warn!("{e}");
            }
            if !changes.is_empty() || self.rescan {
                return Some(changes.into_values().collect());
            }
        }
    }

    fn collect(&mut self, batch: DebounceEventResult, changes: &mut BTreeMap<PathBuf, Change>) {
        let events = match batch {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    tracing::warn!("watch error: {e}");
                }
                // Changes may have been missed: the next rebuild checks every input.
                tracing::warn!("checking every input after a watch error");
                self.rescan = true;
                return;
            }
        };
        for event in events {
            if event.need_rescan() {
                tracing::warn!("the file system lost change events; checking every input");
                self.rescan = true;
            }
            let action = action_of(&event.kind);
            let Some(action) = action else { continue };
            for path in &event.paths {
                if let Some(kind) = classify(path, &self.root) {
                    let rel = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
                    changes.insert(rel.clone(), Change { path: rel, kind, action });
                }
            }
        }
    }

    /// The options the watched site is built with (its root made absolute).
    pub fn build_options(&self) -> &BuildOptions {
        &self.build
    }

    /// Rebuilds `session` after every burst of changes and hands each result to
    /// `post_build`, until the watch ends. Errors returned by `post_build` are logged and the
    /// loop goes on.
    pub fn run(mut self, mut session: Session, mut post_build: impl FnMut(Rebuild<'_>) -> Result<()>) {
        while let Some(changes) = self.next_changes() {
            let started = Instant::now();
            // The session reads again what the list names; an empty list (after lost
            // events) makes it check every input.
            let paths: Vec<PathBuf> = if std::mem::take(&mut self.rescan) {
                Vec::new()
            } else {
                changes.iter().map(|c| c.path.clone()).collect()
            };
            let result = session.rebuild(&paths);
            let rendered = result.is_ok();
            let elapsed = started.elapsed();
            let list = ChangeList(&changes).to_string();
            let outcome = post_build(Rebuild { changes, result, elapsed, session: &session });
            let total = started.elapsed().as_millis();
            match (rendered, outcome) {
                (true, Ok(())) => tracing::info!("rebuilt in {total} ms after: {list}"),
                (false, Ok(())) => tracing::warn!("rebuild failed after: {list} (the last good build stays)"),
                (_, Err(e)) => {
                    tracing::warn!("rebuild failed after: {list}");
                    for line in e.report_lines() {
                        tracing::error!("{line}");
                    }
                }
            }
        }
    }
}

/// What an event did, or `None` for events that change nothing (access, metadata).
fn action_of(kind: &EventKind) -> Option<&'static str> {
    match kind {
        EventKind::Create(_) => Some("created"),
        EventKind::Remove(_) => Some("removed"),
        EventKind::Modify(ModifyKind::Name(RenameMode::Any | RenameMode::Both | RenameMode::From | RenameMode::To)) => {
            Some("renamed")
        }
        // Polling reports a new modification time as metadata; only reads change nothing.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) | EventKind::Access(_) => None,
        EventKind::Modify(_) | EventKind::Any | EventKind::Other => Some("modified"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(rel: &str) -> Option<ChangeKind> {
        let root = Path::new("/site");
        classify(&root.join(rel), root)
    }

    #[test]
    fn can_classify_build_inputs() {
        assert_eq!(kind("content/briefs/alpha.md"), Some(ChangeKind::Content));
        assert_eq!(kind("content/briefs"), Some(ChangeKind::Content));
        assert_eq!(kind("content/pages/new/deep.md"), Some(ChangeKind::Content));
        assert_eq!(kind("content/briefs/2025/q1/nested.md"), Some(ChangeKind::Content));
        assert_eq!(kind("content/briefs/2025"), Some(ChangeKind::Content));
        assert_eq!(kind("content/briefs/.drafts/x.md"), None);
        assert_eq!(kind("seeds/article.txt"), Some(ChangeKind::Seed));
        assert_eq!(kind("site.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind("templates/brief.html"), Some(ChangeKind::Template));
        assert_eq!(kind("themes/default/static/style.css"), Some(ChangeKind::Theme));
        assert_eq!(kind("static/logo.svg"), Some(ChangeKind::Static));
        assert_eq!(kind("static"), Some(ChangeKind::Static));
    }

    #[test]
    fn can_ignore_outputs_and_other_files() {
        for rel in ["public/index.html", ".public.staging-1/x", "target/debug/x", "README.md", "content.md", ""] {
            assert_eq!(kind(rel), None, "{rel}");
        }
        assert_eq!(kind("content/site.yaml"), Some(ChangeKind::Content));
        assert_eq!(kind("other/site.yaml"), None);
        assert_eq!(classify(Path::new("/elsewhere/content/a.md"), Path::new("/site")), None);
        assert_eq!(classify(Path::new("/site/../content/a.md"), Path::new("/site")), None);
    }

    #[test]
    fn can_ignore_editor_scratch_files() {
        for rel in [
            "content/briefs/.alpha.md.swp",
            "content/briefs/alpha.md.swp",
            "content/briefs/alpha.md~",
            "content/briefs/.#alpha.md",
            "content/briefs/#alpha.md#",
            "content/briefs/4913",
            "content/briefs/alpha.md.tmp",
            "content/briefs/alpha.md___jb_tmp___",
            "seeds/.hidden/a.txt",
            ".site.yaml.swp",
            "site.yaml~",
        ] {
            assert_eq!(kind(rel), None, "{rel}");
        }
        assert_eq!(kind("content/briefs/4913.md"), Some(ChangeKind::Content));
        assert_eq!(kind("content/briefs/.hidden.md"), None);
        // Static dotfiles are published, so they are inputs; editor scratch is not.
        assert_eq!(kind("static/.nojekyll"), Some(ChangeKind::Static));
        assert_eq!(kind("static/.well-known/security.txt"), Some(ChangeKind::Static));
        assert_eq!(kind("themes/default/static/.well-known/x"), Some(ChangeKind::Theme));
        assert_eq!(kind("themes/.default/static/x"), None);
        assert_eq!(kind("static/.logo.svg.swp"), None);
        assert_eq!(kind(".static/x"), None);
    }

    #[test]
    fn can_describe_changes() {
        let change = |p: &str| Change { path: p.into(), kind: ChangeKind::Content, action: "modified" };
        let changes: Vec<Change> = ["a.md", "b.md", "c.md", "d.md", "e.md"].into_iter().map(change).collect();
        assert_eq!(ChangeList(&changes[..1]).to_string(), "a.md modified");
        assert_eq!(ChangeList(&changes).to_string(), "a.md modified, b.md modified, c.md modified and 2 more");
    }

    #[test]
    fn can_name_event_actions() {
        use notify::event::{AccessKind, CreateKind, DataChange};
        assert_eq!(action_of(&EventKind::Create(CreateKind::File)), Some("created"));
        assert_eq!(action_of(&EventKind::Modify(ModifyKind::Data(DataChange::Any))), Some("modified"));
        assert_eq!(action_of(&EventKind::Modify(ModifyKind::Name(RenameMode::Both))), Some("renamed"));
        assert_eq!(action_of(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime))), Some("modified"));
        assert_eq!(action_of(&EventKind::Access(AccessKind::Any)), None);
    }
}

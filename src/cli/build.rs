//! `chancery build`: render the whole site and publish it atomically; with `--watch`,
//! again after every change.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use clap::Args;

use chancery::diagnostics::plural;
use chancery::incremental::Session;
use chancery::watch::{Rebuild, WatchOptions, Watcher};
use chancery::{BuildOptions, build_counting, output};

use crate::cli::progress::Progress;

/// Flags of `chancery build`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery build\n  chancery build --root my-site --output /tmp/site\n  chancery build --base-url https://example.org/policy/briefs/"
)]
pub struct BuildArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: <root>/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Publish under this URL instead of site.yaml's base_url (may carry a sub-path).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include briefs and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Scheduled briefs: `--future`, `--as-of`.
    #[command(flatten)]
    pub schedule: crate::cli::schedule::ScheduleArgs,
    /// Write into an output folder Chancery did not make (its files are kept), and replace
    /// files in the output that Chancery did not write where the site writes.
    #[arg(long)]
    pub force: bool,
    /// After building, watch the site and rebuild on every change (no server).
    #[arg(long)]
    pub watch: bool,
    /// With --watch: poll the file system instead of using native notifications.
    #[arg(long, requires = "watch")]
    pub poll: bool,
    /// Print every warning, even a kind found on many files (shown once with a count otherwise).
    #[arg(long)]
    pub all_warnings: bool,
    /// Fail (exit status 1, nothing published) when there are warnings, as in CI.
    #[arg(long, conflicts_with = "watch")]
    pub strict: bool,
}

impl BuildArgs {
    /// Builds and logs a one-line summary.
    pub fn run(&self) -> anyhow::Result<()> {
        let options = BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.schedule.future,
            today: Some(self.schedule.today()?),
            force: self.force,
            strict: self.strict,
            ..BuildOptions::new(self.root.clone())
        };
        if self.watch {
            return self.watch(options);
        }
        let written = Arc::new(AtomicUsize::new(0));
        let progress = Progress::start(Arc::clone(&written));
        let result = build_counting(&options, &written);
        drop(progress);
        match result {
            Ok(report) => {
                if tracing::enabled!(tracing::Level::WARN) {
                    crate::cli::report::warnings(&report.warnings, self.all_warnings);
                }
                if tracing::enabled!(tracing::Level::INFO) {
                    report.notes.iter().for_each(crate::cli::report::note);
                }
                tracing::info!(
                    "built {}: {}, {} in {} ms into {}",
                    plural(report.briefs, "brief"),
                    plural(report.pages, "page"),
                    plural(report.files, "file"),
                    report.elapsed.as_millis(),
                    report.output.display()
                )
            }
            Err(err) => return Err(err.into()),
        }
        Ok(())
    }

    /// `build --watch`: the site is kept in memory; each rebuild renders what its change
    /// touched and publishes atomically, writing only the files that changed.
    fn watch(&self, options: BuildOptions) -> anyhow::Result<()> {
        chancery::require_site(&options.root)?;
        // Watch before the first build, so no change made during it is missed.
        let watcher = Watcher::start(&WatchOptions { poll: self.poll, ..WatchOptions::new(options.clone()) })?;
        let out_dir = options.checked_output_dir()?;
        let publish = options.publish_options();
        let mut session = Session::new(watcher.build_options().clone());
        let started = Instant::now();
        let publish_all = |session: &Session| {
            let all: HashSet<&str> = session.files().keys().map(String::as_str).collect();
            output::publish_files(session.files(), &all, &out_dir, &publish)
        };
        // Whether the output holds the session's last build: until it does (no build
        // published yet, or the last publish failed), every file is written, none linked.
        let mut published = false;
        match session.rebuild(&[]).and_then(|update| publish_all(&session).map(|stats| (update, stats))) {
            Ok((update, stats)) => {
                published = true;
                update.notes.iter().for_each(crate::cli::report::note);
                tracing::info!(
                    "built {}: {} in {} ms into {}",
                    plural(update.briefs, "brief"),
                    plural(stats.generated, "file"),
                    started.elapsed().as_millis(),
                    out_dir.display()
                )
            }
            Err(err) => {
                tracing::warn!("the first build failed; watching for a fix:");
                for line in err.report_lines() {
                    tracing::error!("{line}");
                }
            }
        }
        watcher.run(session, |rebuild: Rebuild<'_>| {
            let update = rebuild.result?;
            let result = if published {
                let changed: HashSet<&str> = update.changed.iter().map(String::as_str).collect();
                output::publish_files(rebuild.session.files(), &changed, &out_dir, &publish)
            } else {
                publish_all(rebuild.session)
            };
            published = result.is_ok();
            result.map(|_| ())
        });
        Ok(())
    }
}

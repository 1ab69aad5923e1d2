//! `chancery build`: render the whole site and publish it atomically.

use std::path::PathBuf;

use clap::Args;

use chancery::{BuildOptions, build};

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
}

impl BuildArgs {
    /// Builds and logs a one-line summary.
    pub fn run(&self) -> anyhow::Result<()> {
        let options = BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
        };
        let report = build(&options)?;
        if tracing::enabled!(tracing::Level::WARN) {
            for w in &report.warnings {
                crate::cli::report::warning(w);
            }
        }
        tracing::info!(
            "built {} briefs: {} pages, {} files in {} ms into {}",
            report.briefs,
            report.pages,
            report.files,
            report.elapsed.as_millis(),
            report.output.display()
        );
        Ok(())
    }
}

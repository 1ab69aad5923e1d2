//! `chancery import seeds/x.txt...`: one brief per plain-text seed, never overwriting
//! without `--force`; a seed that a brief already uses is skipped with a message.

use std::path::PathBuf;

use clap::Args;

use chancery::scaffold::{ImportOptions, ImportOutcome, import_seeds};

use crate::cli::new::today;

/// Flags of `chancery import`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  chancery import seeds/001_d75409500012d530.txt\n  \
chancery import seeds/*.txt --root my-site\n  chancery import seeds/article.txt --force\n\n\
The brief takes its title from the most title-like line above the first paragraph (never a\n\
byline or a navigation line), its authors from a byline (\"By A and B\"), its dates from dated\n\
lines near the top, and proposes `seed_drop` entries for web debris only: navigation, share and\n\
\"Read more\" lines, captions and credits, the byline and dated lines. Headings and paragraphs\n\
are never proposed. The summary is left as a TODO for you; `chancery check` warns until it is\n\
written.")]
pub struct ImportArgs {
    /// Seed files inside <root>/seeds/.
    #[arg(required = true, value_name = "SEED")]
    pub seeds: Vec<PathBuf>,
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Replace a brief file that already exists at the proposed path.
    #[arg(long)]
    pub force: bool,
}

impl ImportArgs {
    /// Imports the seeds and logs what happened to each.
    pub fn run(&self) -> anyhow::Result<()> {
        let options =
            ImportOptions { root: self.root.clone(), seeds: self.seeds.clone(), force: self.force, today: today()? };
        let outcomes = import_seeds(&options)?;
        let mut written = 0;
        for outcome in &outcomes {
            match outcome {
                ImportOutcome::Created { seed, brief } => {
                    written += 1;
                    tracing::info!("{seed} -> {}", brief.display());
                }
                ImportOutcome::Replaced { seed, brief } => {
                    written += 1;
                    tracing::info!("{seed} -> {} (replaced)", brief.display());
                }
                ImportOutcome::AlreadyImported { seed, brief } => {
                    tracing::info!("{seed} is already imported as {}; nothing to do", brief.display());
                }
            }
        }
        tracing::info!(
            "imported {written} of {}; write each summary, then run `chancery check`",
            chancery::diagnostics::plural(outcomes.len(), "seed")
        );
        Ok(())
    }
}

//! `chancery init DIR`: a new, buildable site with an example brief and seed and the
//! default theme (embedded in the binary). Refuses a folder that is not empty.

use std::path::PathBuf;

use clap::Args;

/// Flags of `chancery init`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery init my-site && chancery build --root my-site\n  chancery init .   # the current folder, if it is empty"
)]
pub struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
}

impl InitArgs {
    /// Writes the new site.
    pub fn run(&self) -> anyhow::Result<()> {
        let files = chancery::scaffold::init_site(&self.dir)?;
        tracing::info!(
            "created a site in {} ({} files); next: chancery build --root {}",
            self.dir.display(),
            files.len(),
            self.dir.display()
        );
        Ok(())
    }
}

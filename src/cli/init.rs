//! `chancery init DIR [--theme NAME] [--eject-theme]`: a new, buildable site with an example
//! brief, seed and page, using a built-in theme by name (nothing of it copied unless
//! `--eject-theme`). Refuses a folder that is not empty.

use std::path::PathBuf;

use clap::Args;

use chancery::diagnostics::plural;
use chancery::scaffold::{InitOptions, init_site};

/// Flags of `chancery init`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  chancery init my-site && chancery serve --root my-site\n  \
chancery init my-site --theme briefing-room\n  \
chancery init my-site --eject-theme   # also copy the theme's files into my-site/themes/default/\n  \
chancery init .   # the current folder, if it is empty")]
pub struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// The built-in theme to use: default or briefing-room.
    #[arg(long, default_value = "default", value_name = "NAME")]
    pub theme: String,
    /// Copy the theme's templates and static files into the site (themes/<NAME>/) to change
    /// them freely; without it the site uses the theme built into Chancery.
    #[arg(long)]
    pub eject_theme: bool,
}

impl InitArgs {
    /// Writes the new site.
    pub fn run(&self) -> anyhow::Result<()> {
        let options = InitOptions { dir: self.dir.clone(), theme: self.theme.clone(), eject_theme: self.eject_theme };
        let files = init_site(&options)?;
        tracing::info!(
            "created a site in {} ({}, theme {}); next: chancery serve --root {}",
            self.dir.display(),
            plural(files.len(), "file"),
            self.theme,
            self.dir.display()
        );
        Ok(())
    }
}

//! The command line: one `XxxArgs` per subcommand, each turning flags into library options
//! and running them. Errors here are `anyhow`, printed once by `main`.

pub mod build;
pub mod serve;

use clap::{Parser, Subcommand};

/// Chancery: a static site generator for policy briefs.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(build::BuildArgs),
    /// Serve the site with live reload, rebuilding it when its files change.
    Serve(serve::ServeArgs),
}

impl Cli {
    /// Runs the chosen subcommand.
    pub fn run(&self) -> anyhow::Result<()> {
        match &self.command {
            Command::Build(args) => args.run(),
            Command::Serve(args) => args.run(),
        }
    }
}

//! The command line: one `XxxArgs` per subcommand, each turning flags into library options
//! and running them. Errors here are `anyhow`, printed once by `main`.

pub mod build;
pub mod check;
pub mod completions;
pub mod import;
pub mod init;
pub mod new;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod schema;
pub mod serve;

use clap::{Parser, Subcommand};

/// Chancery: a static site generator for policy briefs.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  chancery init my-site\n  chancery build --root my-site\n  chancery check --root my-site"
)]
pub struct Cli {
    /// Only print errors (and the reports of `check`).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: -v for debug, -vv for trace.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
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
    /// Check the whole site without writing anything; report every problem at once.
    Check(check::CheckArgs),
    /// Create a new brief from a commented skeleton.
    New(new::NewArgs),
    /// Make one brief per plain-text seed (title, dates, proposed seed_drop).
    Import(import::ImportArgs),
    /// Create a new, buildable site in an empty folder.
    Init(init::InitArgs),
    /// Print a JSON Schema for brief front-matter or site.yaml.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
}

impl Cli {
    /// Runs the chosen subcommand.
    pub fn run(&self) -> anyhow::Result<()> {
        match &self.command {
            Command::Build(args) => args.run(),
            Command::Serve(args) => args.run(),
            Command::Check(args) => args.run(),
            Command::New(args) => args.run(),
            Command::Import(args) => args.run(),
            Command::Init(args) => args.run(),
            Command::Schema(args) => args.run(),
            Command::Completions(args) => args.run(),
        }
    }

    /// The log filter the flags ask for, if they ask for one (else `CHANCERY_LOG` decides).
    pub fn log_level(&self) -> Option<&'static str> {
        match (self.quiet, self.verbose) {
            (true, _) => Some("error"),
            (false, 0) => None,
            (false, 1) => Some("debug"),
            (false, _) => Some("trace"),
        }
    }
}

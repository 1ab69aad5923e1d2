//! The `chancery` binary: parse the command line, install logging, run, and print the
//! error chain once with a non-zero exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// A build allocates and frees many strings of a few kilobytes from several threads (each
/// brief's body, HTML and page); mimalloc serves that pattern without the free-list
/// searches of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let filter = match cli.log_level() {
        Some(level) => EnvFilter::new(level),
        None => EnvFilter::try_from_env("CHANCERY_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(cli::report::use_color())
        .without_time()
        .with_target(false)
        .init();
    // Typst, which typesets the PDFs on these threads, recurses deeper than rayon's default
    // stack holds for some documents (the stack is reserved, not used, until needed).
    if let Err(e) = rayon::ThreadPoolBuilder::new().stack_size(64 << 20).build_global() {
        tracing::debug!("rayon's threads keep their default stack: {e}");
    }
    match cli.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<cli::report::Reported>().is_some() => ExitCode::FAILURE,
        Err(err) => {
            report(&err);
            ExitCode::FAILURE
        }
    }
}

/// Prints an error and its causes once, one per line (with hints), to stderr.
#[allow(clippy::print_stderr)]
fn report(err: &anyhow::Error) {
    let count = err.downcast_ref::<chancery::Error>().map_or(1, chancery::Error::count);
    match err.downcast_ref::<chancery::Error>() {
        Some(chancery::Error::Many(errors)) => {
            for e in errors.iter().flat_map(|e| flatten(e)) {
                print_one(e);
            }
        }
        Some(e) => print_one(e),
        None => {
            for line in err.to_string().lines() {
                eprintln!("error: {line}");
            }
        }
    }
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    if count > 1 {
        eprintln!("{count} errors; nothing was written");
    } else {
        eprintln!("1 error; nothing was written");
    }
}

fn flatten(e: &chancery::Error) -> Vec<&chancery::Error> {
    match e {
        chancery::Error::Many(errors) => errors.iter().flat_map(flatten).collect(),
        other => vec![other],
    }
}

/// One error as `path:line:col: error: message`, the same form `check` prints.
fn print_one(e: &chancery::Error) {
    cli::report::error(e);
}

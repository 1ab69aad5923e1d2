//! The CPU time of each brief's PDF, made as a clean build makes it (the markup from the
//! brief, then Typst's typesetting and export; no cache), one PDF at a time so that the
//! process's CPU time between two PDFs (all threads: Typst works in parallel too) is that
//! PDF's. Prints the median, 95th percentile, mean and largest, in milliseconds.
//!
//! ```text
//! cargo run --release --example pdf_timings -- <site folder> [--limit N]
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The binary's allocator, so that the figures are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The CPU time the process has used so far, all threads.
fn cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(u64::try_from(t.tv_sec).unwrap_or(0), u32::try_from(t.tv_nsec).unwrap_or(0))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut root, mut limit) = (None, usize::MAX);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--limit" => limit = args.next().and_then(|n| n.parse().ok()).unwrap_or(usize::MAX),
            _ => root = Some(PathBuf::from(arg)),
        }
    }
    let Some(root) = root else {
        eprintln!("usage: pdf_timings <site folder> [--limit N]");
        return ExitCode::FAILURE;
    };
    let run = || -> chancery::Result<Vec<Duration>> {
        let options = chancery::BuildOptions::new(&root);
        let config = chancery::Config::load(&root)?;
        let content = chancery::content::load(&root, &config)?;
        let site = chancery::model::Site::build(content, &config, &options.selection())?;
        let blocks = chancery::render::blocks::Blocks::new(&site)?;
        let mut times = Vec::new();
        for i in 0..site.briefs.len().min(limit) {
            let before = cpu();
            chancery::render::pdf_of(&site, i, &blocks, None)?;
            times.push(cpu() - before);
        }
        Ok(times)
    };
    let mut times = match run() {
        Ok(times) if !times.is_empty() => times,
        Ok(_) => {
            eprintln!("the site has no briefs");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    times.sort();
    let n = times.len();
    let total: Duration = times.iter().sum();
    let at = |q: f64| times[((n as f64 - 1.0) * q).round() as usize];
    println!(
        "{n} PDFs: median {:.1} ms, p95 {:.1} ms, mean {:.1} ms, largest {:.1} ms of CPU each ({:.1} s in all)",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(total) / n as f64,
        ms(times[n - 1]),
        total.as_secs_f64()
    );
    ExitCode::SUCCESS
}

//! `chancery check`: run the whole pipeline in memory, write nothing, and report every
//! error and warning at once with a count line. Exit status 1 on errors, 0 otherwise.

use std::path::PathBuf;

use clap::Args;

use chancery::{BuildOptions, check};

use crate::cli::report::{self, Reported};

/// Flags of `chancery check`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  chancery check\n  chancery check --root my-site --drafts\n\n\
Each problem is printed as `path:line:col: error: message`, often with a `hint:` line;\n\
warnings (a brief without key points, a long summary, an unused seed_drop entry) do not\n\
fail the check unless --strict is given. Exit status: 0 without errors, 1 with errors\n\
(or, with --strict, with warnings).")]
pub struct CheckArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also check briefs and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Scheduled briefs: `--future`, `--as-of`.
    #[command(flatten)]
    pub schedule: crate::cli::schedule::ScheduleArgs,
    /// Print every warning, even a kind found on many files (shown once with a count otherwise).
    #[arg(long)]
    pub all_warnings: bool,
    /// Fail (exit status 1) on warnings too, as in CI.
    #[arg(long)]
    pub strict: bool,
}

impl CheckArgs {
    /// Checks and prints the report.
    pub fn run(&self) -> anyhow::Result<()> {
        let mut options = BuildOptions::new(&self.root);
        options.drafts = self.drafts;
        options.future = self.schedule.future;
        options.today = Some(self.schedule.today()?);
        let report = check(&options);
        for e in &report.errors {
            report::error(e);
        }
        report::warnings(&report.warnings, self.all_warnings);
        report.notes.iter().for_each(report::note);
        for s in &report.scheduled {
            let built = if s.built { "checked as published (--future)" } else { "left out; --future checks it too" };
            report::line(&format!("scheduled: {} for {} ({built})", s.path.display(), s.date.iso()));
        }
        let summary = report.summary();
        if self.strict && report.errors.is_empty() && !report.warnings.is_empty() {
            let summary = format!("{summary}: --strict fails on warnings");
            report::line(&summary);
            return Err(Reported(summary).into());
        }
        if report.errors.is_empty() {
            let briefs = chancery::diagnostics::plural(report.briefs, "brief");
            let drafts = match report.drafts {
                0 => String::new(),
                n => format!(" ({} left out; --drafts checks them too)", chancery::diagnostics::plural(n, "draft")),
            };
            report::line(&format!("checked {briefs}{drafts}: {summary}"));
            Ok(())
        } else {
            report::line(&summary);
            Err(Reported(summary).into())
        }
    }
}

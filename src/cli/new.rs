//! `chancery new brief "Title"` (a commented front-matter skeleton dated today) and
//! `chancery new page "Title"` (a page of content/pages/ with its keys explained).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use chancery::content::date::PartialDate;
use chancery::scaffold::{NewBriefOptions, new_brief, new_page};

/// Flags of `chancery new`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  chancery new brief \"Digital solidarity in US tech diplomacy\"\n  \
chancery new brief \"Cyber norms at the UN\" --topic \"Cyber diplomacy\" --topic Cybersecurity --root my-site\n  \
chancery new page Methodology")]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: NewWhat,
}

/// Things `new` can create.
#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A draft brief: content/briefs/<slug-of-title>.md with `draft: true` (never overwritten).
    #[command(after_help = "Examples:\n  chancery new brief \"Digital solidarity in US tech diplomacy\"\n  \
chancery new brief \"Cyber norms\" --topic \"Cyber diplomacy\" --root my-site\n\n\
The date is today's (UTC), or the day of SOURCE_DATE_EPOCH when it is set.")]
    Brief(NewBriefArgs),
    /// A page: content/pages/<slug-of-title>.md (never overwritten), e.g. About, Methodology.
    #[command(after_help = "Examples:\n  chancery new page About\n  chancery new page \"How we work\" --root my-site")]
    Page(NewPageArgs),
}

/// Flags of `chancery new page`.
#[derive(Debug, Args)]
pub struct NewPageArgs {
    /// The page's title; its slug names the file and the URL.
    pub title: String,
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Flags of `chancery new brief`.
#[derive(Debug, Args)]
pub struct NewBriefArgs {
    /// The brief's title; its slug names the file.
    pub title: String,
    /// A topic to file the brief under (repeatable).
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl NewArgs {
    /// Creates what was asked for.
    pub fn run(&self) -> anyhow::Result<()> {
        match &self.what {
            NewWhat::Brief(args) => {
                let options = NewBriefOptions {
                    root: args.root.clone(),
                    title: args.title.clone(),
                    topics: args.topics.clone(),
                    date: today()?,
                };
                let rel = new_brief(&options)?;
                tracing::info!(
                    "wrote {} as a draft (`draft: true`: built only with --drafts): fill in the TODOs, check it with \
                     `chancery check --drafts`, then set `draft: false` to publish it",
                    args.root.join(rel).display()
                );
                Ok(())
            }
            NewWhat::Page(args) => {
                let rel = new_page(&args.root, &args.title)?;
                tracing::info!("wrote {}: write the page, then run `chancery check`", args.root.join(rel).display());
                Ok(())
            }
        }
    }
}

/// Today's date in UTC, or the day of `SOURCE_DATE_EPOCH` (seconds) when it is set.
pub fn today() -> anyhow::Result<PartialDate> {
    let now = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(secs) => {
            let secs: i64 = secs.trim().parse().map_err(|e| anyhow::anyhow!("SOURCE_DATE_EPOCH `{secs}`: {e}"))?;
            jiff::Timestamp::from_second(secs)?
        }
        Err(_) => jiff::Timestamp::now(),
    };
    let date = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    PartialDate::parse(&date.to_string()).map_err(anyhow::Error::msg)
}

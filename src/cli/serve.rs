//! `chancery serve`: build the site in memory, serve it with live reload, rebuild on change.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use clap::Args;

use chancery::serve::{ServeOptions, Server};

/// Flags of `chancery serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery serve\n  chancery serve --root my-site --port 8080 --open\n  chancery serve --poll   # on network or container file systems"
)]
pub struct ServeArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (loopback by default; 0.0.0.0 exposes the preview).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Poll the file system for changes instead of using native notifications.
    #[arg(long)]
    pub poll: bool,
    /// Include briefs and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Scheduled briefs: `--future`, `--as-of`.
    #[command(flatten)]
    pub schedule: crate::cli::schedule::ScheduleArgs,
}

impl ServeArgs {
    /// Binds, builds, and serves until interrupted.
    pub fn run(&self) -> anyhow::Result<()> {
        let options = ServeOptions {
            root: self.root.clone(),
            bind: self.bind,
            port: self.port,
            drafts: self.drafts,
            future: self.schedule.future,
            today: Some(self.schedule.today()?),
            poll: self.poll,
        };
        let server = Server::bind(&options)?;
        let url = server.url();
        if !self.bind.is_loopback() {
            tracing::warn!("listening on {}: the preview is reachable from other machines", self.bind);
        }
        if self.open
            && let Err(e) = opener::open_browser(&url)
        {
            tracing::warn!("cannot open a browser: {e}");
        }
        server.run()?;
        Ok(())
    }
}

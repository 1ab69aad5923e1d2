//! `--future` and `--as-of` of `build`, `serve` and `check`: the one place the clock is
//! read. "Today" is `--as-of YYYY-MM-DD`, else `SOURCE_DATE_EPOCH` (seconds, UTC), else
//! the system clock (UTC); the library gets it as data.

use anyhow::{Context, bail};
use clap::Args;

use chancery::content::date::PartialDate;

/// The scheduling flags.
#[derive(Debug, Clone, Args)]
pub struct ScheduleArgs {
    /// Include briefs dated after today (scheduled ones).
    #[arg(long)]
    pub future: bool,
    /// Build as of this day (YYYY-MM-DD) instead of today: briefs dated after it are
    /// scheduled (default: SOURCE_DATE_EPOCH, else the clock).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<PartialDate>,
}

impl ScheduleArgs {
    /// The day to build as of.
    pub fn today(&self) -> anyhow::Result<PartialDate> {
        if let Some(day) = self.as_of {
            return Ok(day);
        }
        let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) => text
                .trim()
                .parse::<i64>()
                .with_context(|| format!("SOURCE_DATE_EPOCH={text} is not a number of seconds"))?,
            Err(_) => jiff::Timestamp::now().as_second(),
        };
        let stamp = jiff::Timestamp::from_second(seconds).context("SOURCE_DATE_EPOCH is out of range")?;
        let date = stamp.to_zoned(jiff::tz::TimeZone::UTC).date();
        day_of(date)
    }
}

/// A calendar date as the model's date.
fn day_of(date: jiff::civil::Date) -> anyhow::Result<PartialDate> {
    PartialDate::parse(&date.to_string()).map_err(anyhow::Error::msg)
}

/// Reads `--as-of`: a full date.
fn parse_day(text: &str) -> anyhow::Result<PartialDate> {
    let day = PartialDate::parse(text).map_err(anyhow::Error::msg)?;
    if !day.is_full() {
        bail!("`{text}` is not a full date: expected YYYY-MM-DD");
    }
    Ok(day)
}

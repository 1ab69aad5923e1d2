//! Dated lines near the top of an article: `Published on 15 April 2022`, `Posted: March 3,
//! 2025`, `Last updated 5 June 2024`, `Tuesday, 14 January 2025 | 4 min read`,
//! `By Jane Doe | 2025-03-03`. Pure; the calendar itself is jiff's.

use std::sync::LazyLock;

use regex::Regex;

use crate::content::date::PartialDate;

/// Which date a dated line gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// First publication (also a bare date).
    Published,
    /// A later revision.
    Updated,
}

/// A date read from a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    /// Published or updated.
    pub kind: DateKind,
    /// The day.
    pub date: PartialDate,
}

/// The label before a date, and whether it says "updated".
static LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(first published|published|posted|released|issued|date|dated|last (updated|modified|reviewed)|updated|modified)(\s+on)?\s*:?\s*",
    )
    .ok()
});

/// A time of day and what follows it: `10:30 GMT`, `14.02 CET`, `at 9am`.
static TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(,?\s+(at\s+)?\d{1,2}([:.]\d{2})?\s*(am|pm|[ap]\.m\.)?(?-i:\s+[A-Z]{2,4})?)$").ok()
});

/// The formats a date is tried in, after weekdays and dots after month abbreviations are gone.
const FORMATS: &[&str] = &["%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d"];

/// The date a short line states, if it is a dated line: one of its parts (split at `|`,
/// `·`, ` — `, ` – `) is a date, possibly after a label (`Published on`, `Updated:`), a
/// weekday and before a time. Lines longer than twelve words are never dated lines.
pub fn dated_line(line: &str) -> Option<Dated> {
    if line.split_whitespace().count() > 12 {
        return None;
    }
    line.split(['|', '·', '•']).flat_map(|p| p.split(" — ")).flat_map(|p| p.split(" – ")).find_map(dated_part)
}

fn dated_part(part: &str) -> Option<Dated> {
    let part = part.trim();
    let (kind, rest) = match LABEL.as_ref().and_then(|r| r.captures(part)) {
        Some(caps) => {
            let label = caps.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let kind = if label.contains("updated") || label.contains("modified") || label.contains("reviewed") {
                DateKind::Updated
            } else {
                DateKind::Published
            };
            (kind, &part[caps.get(0).map_or(0, |m| m.end())..])
        }
        None => (DateKind::Published, part),
    };
    parse_date(rest).map(|date| Dated { kind, date })
}

/// `15 April 2022`, `April 15, 2022`, `Apr. 15, 2022`, `Tuesday, 14 January 2025`,
/// `2025-03-03`, `3 March 2025 10:30 GMT`.
pub fn parse_date(text: &str) -> Option<PartialDate> {
    let mut text = text.trim().trim_end_matches(['.', ',']).to_owned();
    if let Some(m) = TIME.as_ref().and_then(|r| r.find(&text))
        && m.start() > 0
        && text[..m.start()].chars().any(|c| c.is_ascii_digit())
    {
        text.truncate(m.start());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let skip = words.first().is_some_and(|w| is_weekday(w.trim_end_matches(','))) as usize;
    let text = words[skip.min(words.len())..].join(" ").replace(". ", " ");
    FORMATS
        .iter()
        .find_map(|f| jiff::civil::Date::strptime(f, &text).ok())
        .and_then(|d| PartialDate::parse(&format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())).ok())
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let w = word.to_ascii_lowercase();
    w.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(line: &str) -> Option<(DateKind, String)> {
        dated_line(line).map(|d| (d.kind, d.date.iso()))
    }

    #[test]
    fn can_read_dated_lines_in_many_shapes() {
        let p = DateKind::Published;
        for (line, want) in [
            ("Published on 15 April 2022", "2022-04-15"),
            ("Published 4 June 2024", "2024-06-04"),
            ("Posted: March 3, 2025", "2025-03-03"),
            ("Apr. 15, 2022", "2022-04-15"),
            ("Tuesday, 14 January 2025 | 4 min read", "2025-01-14"),
            ("By Jane Doe | 2025-03-03", "2025-03-03"),
            ("12 February 2025 10:30 GMT", "2025-02-12"),
            ("Date: 7 November 2024", "2024-11-07"),
        ] {
            assert_eq!(iso(line), Some((p, want.to_owned())), "{line}");
        }
        assert_eq!(iso("Last updated 5 June 2024"), Some((DateKind::Updated, "2024-06-05".to_owned())));
        assert_eq!(iso("Updated: March 5, 2025"), Some((DateKind::Updated, "2025-03-05".to_owned())));
    }

    #[test]
    fn can_refuse_text_and_impossible_dates() {
        for line in [
            "On 4 April 2022 the bureau opened its doors to staff from three other departments and agencies.",
            "Published on 31 February 2024",
            "The 2025 budget",
            "Posted in Energy",
            "March",
        ] {
            assert_eq!(iso(line), None, "{line}");
        }
    }
}

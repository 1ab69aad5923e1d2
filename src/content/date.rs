//! Calendar dates as briefs write them: full (`2022-04-15`, or a YAML timestamp whose date
//! part is taken) or partial for events (`2024-03`, `2024`).
//!
//! Guarantees: a parsed date is a real calendar date; ordering is chronological with a
//! partial date sorting before the full dates inside it; display is "15 April 2022".

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// English month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date with optional month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Four-digit year.
    pub year: i16,
    /// Month 1-12, if given.
    pub month: Option<i8>,
    /// Day of the month, if given (only with a month).
    pub day: Option<i8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a timestamp starting with `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let date_part = match text.find(['T', 't', ' ']) {
            Some(10) => &text[..10],
            _ => text,
        };
        let bad = || format!("invalid date `{text}`: expected YYYY-MM-DD (or YYYY-MM, YYYY for events)");
        let mut parts = date_part.split('-');
        let year = parse_part(parts.next(), 4).ok_or_else(bad)?;
        let month = parts.next().map(|p| parse_part(Some(p), 2).ok_or_else(bad)).transpose()?;
        let day = parts.next().map(|p| parse_part(Some(p), 2).ok_or_else(bad)).transpose()?;
        if parts.next().is_some() {
            return Err(bad());
        }
        let year = i16::try_from(year).map_err(|_| bad())?;
        let month = month.map(|m| i8::try_from(m).map_err(|_| bad())).transpose()?;
        let day = day.map(|d| i8::try_from(d).map_err(|_| bad())).transpose()?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("invalid date `{text}`: month {m} is not between 1 and 12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            jiff::civil::Date::new(year, m, d)
                .map_err(|_| format!("invalid date `{text}`: {year}-{m:02} has no day {d}"))?;
        }
        Ok(PartialDate { year, month, day })
    }

    /// Whether year, month and day are all given.
    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The machine form: `2022-04-15`, `2024-03` or `2024`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The English month name, if a month is given.
    pub fn month_name(&self) -> Option<&'static str> {
        self.month.and_then(|m| MONTHS.get(usize::try_from(m - 1).ok()?).copied())
    }

    /// Fractional years since year 0, for placing the date on a time axis.
    pub fn as_year_fraction(&self) -> f64 {
        let m = f64::from(self.month.unwrap_or(1) - 1);
        let d = f64::from(self.day.unwrap_or(1) - 1);
        f64::from(self.year) + (m + d / 31.0) / 12.0
    }
}

impl fmt::Display for PartialDate {
    /// "15 April 2022", "March 2024" or "2024".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month_name(), self.day) {
            (Some(name), Some(d)) => write!(f, "{d} {name} {}", self.year),
            (Some(name), None) => write!(f, "{name} {}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

fn parse_part(part: Option<&str>, digits: usize) -> Option<u32> {
    let part = part?;
    if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2022-04-15 (or 2024-03, 2024 for events)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date: YYYY-MM-DD (or a timestamp starting with one); events may also give YYYY-MM or YYYY.",
            "anyOf": [
                {
                    "type": "string",
                    "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])([Tt ].*)?)?)?$"
                },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_parse_full_partial_and_timestamp_dates() {
        let full = PartialDate::parse("2022-04-15").expect("full");
        assert_eq!(full.to_string(), "15 April 2022");
        assert_eq!(full.iso(), "2022-04-15");
        assert_eq!(PartialDate::parse("2024-03").expect("month").to_string(), "March 2024");
        assert_eq!(PartialDate::parse("2024").expect("year").iso(), "2024");
        let ts = PartialDate::parse("2022-04-15T10:30:00Z").expect("timestamp");
        assert_eq!(ts, full);
    }

    #[test]
    fn errors_on_impossible_dates() {
        assert!(PartialDate::parse("2024-13").expect_err("month").contains("between 1 and 12"));
        assert!(PartialDate::parse("2023-02-29").expect_err("leap").contains("no day 29"));
        assert!(PartialDate::parse("15 April 2022").is_err());
        assert!(PartialDate::parse("2022-4-5").is_err());
    }

    #[test]
    fn can_order_partial_before_full_in_same_month() {
        let month = PartialDate::parse("2024-03").expect("month");
        let day = PartialDate::parse("2024-03-01").expect("day");
        assert!(month < day);
    }
}

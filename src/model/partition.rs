//! Cutting a long dated list (summaries, timeline entries) into parts a reader can load:
//! one part per year; a year with more than `cap` items one part per month; a month with
//! more than `cap` items pages of `cap`.
//!
//! Guarantees: parts follow the list's order (newest first) and cover it exactly; the
//! boundaries depend only on the dates, so adding an item changes only the part of its
//! year (or month), never the parts of other years; no part holds more than `cap` items.

use std::ops::Range;

use crate::content::date::PartialDate;

/// One part of a dated list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Part {
    /// The year of every item in it.
    pub year: i16,
    /// The month of every item in it, when the year is split by month; `Some(0)` for the
    /// items of a split year that have no month.
    pub month: Option<i8>,
    /// 1-based page within the month (or year), and how many there are.
    pub page: usize,
    /// How many pages its month (or year) takes.
    pub pages: usize,
    /// Its items, as positions in the list.
    pub items: Range<usize>,
}

impl Part {
    /// Its folder below the list's root: `2024/`, `2024/03/`, `2024/03/page/2/`, with
    /// `2024/undated/` for the items of a split year with no month.
    pub fn rel(&self) -> String {
        let mut rel = format!("{}/", self.year);
        match self.month {
            Some(0) => rel.push_str("undated/"),
            Some(m) => rel.push_str(&format!("{m:02}/")),
            None => {}
        }
        if self.page > 1 {
            rel.push_str(&format!("page/{}/", self.page));
        }
        rel
    }

    /// Its name as one path segment: `2024`, `2024-03`, `2024-03-page-2` (its folder with
    /// `-` for `/`).
    pub fn name(&self) -> String {
        self.rel().trim_end_matches('/').replace('/', "-")
    }

    /// How it is named for readers: "2024", "March 2024", "March 2024, page 2 of 3".
    pub fn label(&self) -> String {
        let base = match self.month {
            None => self.year.to_string(),
            Some(0) => format!("{} (no month given)", self.year),
            Some(m) => {
                let name = PartialDate { year: self.year, month: Some(m), day: None }.month_name().unwrap_or("");
                format!("{name} {}", self.year)
            }
        };
        if self.pages > 1 { format!("{base}, page {} of {}", self.page, self.pages) } else { base }
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds nothing (never, for a part made by [`partition`]).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The parts of a list whose items have `dates`, newest first (grouped by year, then
/// month, as a newest-first sort leaves them).
pub fn partition(dates: impl Iterator<Item = PartialDate>, cap: usize) -> Vec<Part> {
    let cap = cap.max(1);
    let dates: Vec<PartialDate> = dates.collect();
    let mut parts = Vec::new();
    let mut start = 0;
    while start < dates.len() {
        let year = dates[start].year;
        let end = start + dates[start..].iter().take_while(|d| d.year == year).count();
        if end - start <= cap {
            parts.push(Part { year, month: None, page: 1, pages: 1, items: start..end });
        } else {
            let mut m_start = start;
            while m_start < end {
                let month = dates[m_start].month.unwrap_or(0);
                let m_end = m_start + dates[m_start..end].iter().take_while(|d| d.month.unwrap_or(0) == month).count();
                let pages = (m_end - m_start).div_ceil(cap);
                for page in 1..=pages {
                    let from = m_start + (page - 1) * cap;
                    let items = from..(from + cap).min(m_end);
                    parts.push(Part { year, month: Some(month), page, pages, items });
                }
                m_start = m_end;
            }
        }
        start = end;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i16, month: Option<i8>) -> PartialDate {
        PartialDate { year, month, day: month.map(|_| 1) }
    }

    #[test]
    fn can_split_large_years_by_month_and_large_months_by_page() {
        let mut dates = vec![date(2025, Some(2)); 3];
        dates.extend(vec![date(2024, Some(12)); 5]);
        dates.extend(vec![date(2024, Some(3)); 1]);
        dates.extend(vec![date(2024, None); 1]);
        dates.extend(vec![date(2020, None); 2]);
        let parts = partition(dates.iter().copied(), 3);
        let names: Vec<String> = parts.iter().map(Part::name).collect();
        assert_eq!(names, ["2025", "2024-12", "2024-12-page-2", "2024-03", "2024-undated", "2020"]);
        assert_eq!(parts[1].rel(), "2024/12/");
        assert_eq!(parts[2].rel(), "2024/12/page/2/");
        assert_eq!(parts[2].label(), "December 2024, page 2 of 2");
        assert_eq!(parts[4].label(), "2024 (no month given)");
        assert_eq!((parts[2].page, parts[2].pages, parts[2].items.clone()), (2, 2, 6..8));
        let covered: Vec<usize> = parts.iter().flat_map(|p| p.items.clone()).collect();
        assert_eq!(covered, (0..dates.len()).collect::<Vec<_>>());
        assert!(parts.iter().all(|p| p.len() <= 3));
    }

    #[test]
    fn adding_an_item_changes_only_its_year() {
        let before: Vec<PartialDate> = [2025, 2025, 2024, 2023, 2023].iter().map(|&y| date(y, Some(1))).collect();
        let mut after = before.clone();
        after.insert(2, date(2024, Some(5)));
        let names = |d: &[PartialDate]| {
            partition(d.iter().copied(), 10).into_iter().map(|p| (p.name(), p.len())).collect::<Vec<_>>()
        };
        assert_eq!(names(&before), [("2025".into(), 2), ("2024".into(), 1), ("2023".into(), 2)]);
        assert_eq!(names(&after), [("2025".into(), 2), ("2024".into(), 2), ("2023".into(), 2)]);
    }
}

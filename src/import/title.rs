//! Bylines and titles: `By Jane Doe and Ahmed Diallo` gives two authors (roles and
//! institutions after a comma are left out); the title is the most title-like line of the
//! article's head. Pure.

use std::sync::LazyLock;

use regex::Regex;

/// `By `, `Written by `, `Author: ` and the like at the start of a line.
static BY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(by|written by|words by|text by|interview(ed)? by|authors?\s*:|author\(s\)\s*:)\s+").ok()
});

/// Words that mark a byline part as a role or an institution, not a name.
const NOT_NAMES: &[&str] = &[
    "fellow",
    "director",
    "professor",
    "researcher",
    "research",
    "analyst",
    "correspondent",
    "editor",
    "reporter",
    "minister",
    "ministry",
    "department",
    "institute",
    "university",
    "centre",
    "center",
    "staff",
    "associate",
    "programme",
    "program",
    "head",
    "chief",
    "manager",
    "officer",
    "lead",
    "team",
    "senior",
    "junior",
    "adviser",
    "advisor",
    "council",
    "foundation",
    "office",
    "desk",
    "writer",
    "contributor",
    "school",
    "lecturer",
    "our",
    "the",
    "policy",
    "studies",
    "press",
    "agency",
    "bureau",
];

/// Particles a person's name may carry in lower case.
const PARTICLES: &[&str] = &["de", "da", "di", "du", "van", "von", "der", "den", "ter", "al", "el", "bin", "la", "le"];

/// The authors a byline names, if `line` is a byline: `By Jane Doe and Ahmed Diallo`,
/// `By Priya Raman, Senior Fellow, Example Institute`, `Author: Sam Rivera | 3 March 2025`.
pub fn byline(line: &str) -> Option<Vec<String>> {
    let by = BY.as_ref()?.find(line)?;
    let rest = &line[by.end()..];
    let rest = [" | ", " · ", " — ", " – ", " - ", "|"].iter().fold(rest, |r, sep| r.split(sep).next().unwrap_or(r));
    let mut names = Vec::new();
    for (i, part) in rest.replace(" and ", ", ").replace(" & ", ", ").split(',').map(str::trim).enumerate() {
        if is_person_name(part) {
            names.push(part.to_owned());
        } else if i == 0 || part.is_empty() {
            return None;
        }
    }
    (!names.is_empty()).then_some(names)
}

/// The names of a line that holds only person names (`Jane Doe and Ahmed Diallo`): a byline
/// without `By`, which the caller accepts only right above a dated line.
pub fn names_only(line: &str) -> Option<Vec<String>> {
    let parts: Vec<String> =
        line.replace(" and ", ", ").replace(" & ", ", ").split(',').map(|p| p.trim().to_owned()).collect();
    parts.iter().all(|p| is_person_name(p)).then_some(parts)
}

/// Two to five words, each capitalised (or a name particle) but not in capitals (initials
/// aside), none a role or institution word, no digits.
fn is_person_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            let lower = w.to_lowercase();
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            (capital || PARTICLES.contains(&lower.as_str()))
                && (w.chars().any(char::is_lowercase) || w.trim_end_matches('.').chars().count() <= 1)
                && !w.chars().any(|c| c.is_ascii_digit())
                && !NOT_NAMES.contains(&lower.trim_matches(|c: char| !c.is_alphanumeric()))
        })
}

/// What the title search knows about one line of the article's head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadLine {
    /// Blank, or furniture, or anything else that is no title.
    Other,
    /// A byline, a dated line or a `From: ...` publisher line.
    Meta,
    /// A line that could be the title, with its word count; `weak` when it reads more like
    /// a masthead, a label or a photo description (fewer than three words, an
    /// organisation's name, a subject with a participle).
    Candidate {
        /// Its words.
        words: usize,
        /// Less title-like.
        weak: bool,
    },
}

/// The index of the title among the head's lines. With a byline or a dated line: the
/// nearest strong candidate above the first of them, else the first strong one below it
/// (press releases are dated first), else the nearest weak one above. Without: the first
/// strong candidate. Failing all that, the candidate with the most words.
pub fn title_index(head: &[HeadLine]) -> Option<usize> {
    let strong = |i: &usize| matches!(head[*i], HeadLine::Candidate { weak: false, .. });
    let any = |i: &usize| matches!(head[*i], HeadLine::Candidate { .. });
    let found = match head.iter().position(|l| *l == HeadLine::Meta) {
        Some(meta) => (0..meta)
            .rev()
            .find(strong)
            .or_else(|| (meta..head.len()).find(strong))
            .or_else(|| (0..meta).rev().find(any)),
        None => (0..head.len()).find(strong),
    };
    found.or_else(|| longest(head))
}

/// The candidate with the most words, the first of equals.
fn longest(head: &[HeadLine]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, line) in head.iter().enumerate() {
        if let HeadLine::Candidate { words, .. } = *line
            && best.is_none_or(|(_, w)| words > w)
        {
            best = Some((i, words));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Option<Vec<String>> {
        byline(line)
    }

    #[test]
    fn can_read_bylines() {
        assert_eq!(names("By Jane Doe and Ahmed Diallo"), Some(vec!["Jane Doe".into(), "Ahmed Diallo".into()]));
        assert_eq!(names("By Priya Raman, Senior Fellow, Example Institute"), Some(vec!["Priya Raman".into()]));
        assert_eq!(
            names("By Ana Silva, Tom Berg and Lee Chen"),
            Some(vec!["Ana Silva".into(), "Tom Berg".into(), "Lee Chen".into()])
        );
        assert_eq!(names("Author: Sam Rivera | 7 November 2024"), Some(vec!["Sam Rivera".into()]));
        assert_eq!(names("by Marta van der Berg"), Some(vec!["Marta van der Berg".into()]));
    }

    #[test]
    fn can_read_lines_of_names_only() {
        assert_eq!(names_only("Jane Doe and Ahmed Diallo"), Some(vec!["Jane Doe".into(), "Ahmed Diallo".into()]));
        assert_eq!(names_only("Grid money at last"), None);
        assert_eq!(names_only("Ocean Policy Institute"), None);
        assert_eq!(names_only("FOR IMMEDIATE RELEASE"), None);
        assert_eq!(names_only("J. K. Mensah"), Some(vec!["J. K. Mensah".into()]));
    }

    #[test]
    fn can_refuse_sentences_that_open_with_by() {
        for line in ["By 2030, the country will need twice as many engineers.", "By contrast, Kenya", "By Staff", "By"]
        {
            assert_eq!(names(line), None, "{line}");
        }
    }

    #[test]
    fn can_take_the_nearest_strong_title() {
        use HeadLine::{Meta as M, Other as O};
        let c = |words| HeadLine::Candidate { words, weak: false };
        let w = |words| HeadLine::Candidate { words, weak: true };
        assert_eq!(title_index(&[O, c(7), O, c(7), M, M]), Some(3));
        assert_eq!(title_index(&[O, M, w(4), c(6), O]), Some(3));
        assert_eq!(title_index(&[w(3), O, w(1), c(9), c(4)]), Some(3));
        assert_eq!(title_index(&[c(8), w(10)]), Some(0));
        assert_eq!(title_index(&[w(2), w(5), M]), Some(1));
        assert_eq!(title_index(&[w(2), w(5)]), Some(1));
        assert_eq!(title_index(&[O, O]), None);
    }
}

//! Reading a whole article: where its head ends, which line is the title, who wrote it and
//! when, and which lines are web debris to propose for `seed_drop`. Section headings and
//! paragraphs are never proposed. Pure.

use std::sync::LazyLock;

use regex::Regex;

use crate::content::date::PartialDate;
use crate::content::seed::classify::{self, Furniture, HeadingShape};
use crate::content::seed::{self, SeedFilter};
use crate::import::dates::{self, DateKind};
use crate::import::title::{self, HeadLine};

/// How many non-empty lines from the top are searched for a byline and a date.
const TOP_LINES: usize = 12;

/// What the importer read from an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The title line, trimmed (empty when the text has none).
    pub title: String,
    /// Authors named by the byline.
    pub authors: Vec<String>,
    /// The publication date of a dated line near the top (or of a `Published on` line).
    pub date: Option<PartialDate>,
    /// The date of an `Updated` line.
    pub updated: Option<PartialDate>,
    /// The dated line the date came from, for the brief's comment.
    pub date_line: Option<String>,
    /// Lines (or glued fragments) proposed for `seed_drop`, in text order, no repeats.
    pub drop: Vec<String>,
}

/// One trimmed line and the size of its paragraph block.
struct Line<'a> {
    text: &'a str,
    alone: bool,
}

/// `From: Department of ...`: who issued a press release or notice.
static FROM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^(from|issued by|published by)\s*:\s*\S").ok());

/// A caption glued after a sentence's full stop with no space: `Strategy.Hands of a guy`.
static GLUED: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[a-z0-9)’”][.!?]([A-Z][^.!?:;]{2,79})$").ok());

/// Reads the article `text` under the site's seed `filter`.
pub fn analyse(text: &str, filter: &SeedFilter) -> Analysis {
    let all: Vec<&str> = text.lines().map(str::trim).collect();
    let end = all.iter().position(|l| filter.cuts(l)).unwrap_or(all.len());
    let lines: Vec<Line<'_>> = (0..end)
        .map(|i| Line {
            text: all[i],
            alone: i.checked_sub(1).is_none_or(|p| all[p].is_empty()) && all.get(i + 1).is_none_or(|l| l.is_empty()),
        })
        .collect();
    // A line of names right above a dated line is a byline without `By`.
    let named: Vec<bool> = (0..lines.len())
        .map(|i| {
            let next = lines[i + 1..].iter().find(|l| !l.text.is_empty());
            lines[i].alone
                && next.is_some_and(|n| dates::dated_line(n.text).is_some())
                && classify::furniture(lines[i].text).is_none()
                && title::names_only(lines[i].text).is_some()
        })
        .collect();
    let mut out = Analysis::default();
    let mut drop: Vec<(usize, &str)> = Vec::new();

    let head_end = lines.iter().position(is_body).unwrap_or(lines.len()).min(
        lines.iter().enumerate().filter(|(_, l)| !l.text.is_empty()).nth(TOP_LINES).map_or(lines.len(), |(i, _)| i),
    );
    let head: Vec<HeadLine> =
        lines[..head_end].iter().zip(&named).map(|(l, n)| if *n { HeadLine::Meta } else { head_line(l) }).collect();
    let title_at = title::title_index(&head)
        .or_else(|| lines.iter().position(|l| !l.text.is_empty() && classify::furniture(l.text).is_none()));
    if let Some(t) = title_at {
        out.title = lines[t].text.to_owned();
        drop.extend(lines[..t].iter().map(|l| l.text).enumerate().filter(|(_, l)| !l.is_empty() && !is_prose(l)));
    }
    let after_title = title_at.map_or(0, |t| t + 1);

    // Bylines and dates near the top (before the title too: press releases date first).
    let mut top = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.text.is_empty() || Some(i) == title_at {
            continue;
        }
        top += 1;
        if top > TOP_LINES {
            break;
        }
        let mut meta = false;
        let names = title::byline(line.text).or_else(|| named[i].then(|| title::names_only(line.text)).flatten());
        if let Some(names) = names {
            if out.authors.is_empty() {
                out.authors = names;
            }
            meta = true;
        }
        if let Some(d) = dates::dated_line(line.text) {
            match d.kind {
                DateKind::Published if out.date.is_none() => {
                    out.date = Some(d.date);
                    out.date_line = Some(line.text.to_owned());
                }
                DateKind::Updated if out.updated.is_none() => out.updated = Some(d.date),
                _ => {}
            }
            meta = true;
        }
        if (meta || FROM.as_ref().is_some_and(|r| r.is_match(line.text))) && seed::parse_date_line(line.text).is_none()
        {
            drop.push((i, line.text));
        }
    }

    // Stand-alone lines in the head after the title that read like captions.
    for (i, line) in lines.iter().enumerate().take(head_end).skip(after_title) {
        if line.alone
            && matches!(classify::heading_shape(line.text, filter_max(filter)), Some(HeadingShape::Sentence) | None)
            && (3..=12).contains(&classify::words(line.text))
            && !is_meta(line.text)
        {
            drop.push((i, line.text));
        }
    }

    // Furniture anywhere; glued captions; sentence-case captions among question headings.
    // The last line is never a heading, so it is no heading-shaped caption either.
    let last_line = lines.iter().rposition(|l| !l.text.is_empty()).unwrap_or(0);
    let shapes: Vec<Option<HeadingShape>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (l.alone && i < last_line && classify::furniture(l.text).is_none() && glued_caption(l.text).is_none())
                .then(|| classify::heading_shape(l.text, filter_max(filter)))
                .flatten()
        })
        .collect();
    let questions = shapes[head_end..].iter().filter(|s| **s == Some(HeadingShape::Question)).count();
    let sentences = shapes[head_end..].iter().filter(|s| **s == Some(HeadingShape::Sentence)).count();
    let odd_sentences = questions > 0 && sentences <= questions;
    for (i, line) in lines.iter().enumerate().skip(after_title) {
        if line.text.is_empty() || filter.drops(line.text) || seed::parse_date_line(line.text).is_some() {
            continue;
        }
        if classify::furniture(line.text).is_some_and(|f| f != Furniture::Caption || line.alone) {
            drop.push((i, line.text));
        } else if let Some(tail) = glued_caption(line.text) {
            drop.push((i, tail));
        } else if i >= head_end && caption_between_headings(line.text, shapes[i], odd_sentences) {
            drop.push((i, line.text));
        }
    }

    drop.sort_by_key(|(i, _)| *i);
    let mut seen = std::collections::HashSet::new();
    out.drop = drop.into_iter().filter(|(_, d)| seen.insert(*d)).map(|(_, d)| d.to_owned()).collect();
    out
}

/// A stand-alone line of the body with a heading's shape that reads as a caption: a photo
/// description of five words or more, or (when `odd_sentences`: the article's headings are
/// questions and sentence-case lines are no more than those) a sentence-case line of three
/// to eight words.
fn caption_between_headings(line: &str, shape: Option<HeadingShape>, odd_sentences: bool) -> bool {
    let words = classify::words(line);
    (shape.is_some() && words >= 5 && classify::is_scene_caption(line))
        || (odd_sentences && shape == Some(HeadingShape::Sentence) && (3..=8).contains(&words))
}

fn filter_max(filter: &SeedFilter) -> usize {
    filter.heading_max_chars
}

/// A line of running text: sixteen words or more, or six or more ending like a sentence
/// (not a question: titles and headings may be questions).
fn is_prose(line: &str) -> bool {
    let words = classify::words(line);
    classify::furniture(line).is_none()
        && !is_meta(line)
        && (words >= 16 || (words >= 6 && classify::ends_sentence(line) && !line.ends_with('?')))
}

/// Where the article's body starts: a line of prose, or a paragraph of several lines
/// (hard-wrapped text) that is neither furniture nor bylines and dates.
fn is_body(line: &Line<'_>) -> bool {
    is_prose(line.text)
        || (!line.alone && !line.text.is_empty() && classify::furniture(line.text).is_none() && !is_meta(line.text))
}

/// A byline, a dated line or a publisher line.
fn is_meta(line: &str) -> bool {
    title::byline(line).is_some()
        || dates::dated_line(line).is_some()
        || FROM.as_ref().is_some_and(|r| r.is_match(line))
}

/// How the title search sees a line of the head: a title stands alone.
fn head_line(line: &Line<'_>) -> HeadLine {
    if line.text.is_empty() || classify::furniture(line.text).is_some() {
        HeadLine::Other
    } else if is_meta(line.text) {
        HeadLine::Meta
    } else if line.alone {
        let words = classify::words(line.text);
        let weak = words < 3 || classify::is_masthead(line.text) || classify::is_scene_caption(line.text);
        HeadLine::Candidate { words, weak }
    } else {
        HeadLine::Other
    }
}

/// A caption glued after a sentence's full stop with no space: `Strategy.Hands of a guy`.
fn glued_caption(line: &str) -> Option<&str> {
    let caps = GLUED.as_ref()?.captures(line)?;
    let tail = caps.get(1)?.as_str().trim();
    (tail.split_whitespace().count() >= 2).then_some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SeedRules;

    fn read(text: &str) -> Analysis {
        analyse(text, &SeedFilter::new(&SeedRules::default()).expect("rules"))
    }

    #[test]
    fn can_take_title_byline_and_date_and_keep_question_headings() {
        let text = "Skip to main content\n\nHome | Research | About\n\nEgypt's water bill is coming due\n\nBy Jane Doe and Ahmed Diallo\n\nPublished on 12 February 2025\n\nFarmers near Aswan, Egypt. Photo: Reuters\n\nThe first paragraph says something about water and it is long enough to be prose here.\n\nWhy water prices are rising\n\nText follows here.\n\nWhat the pricing plan changes\n\nMore text.\n\nRead more: Egypt's reform explained\n\nEmail\n";
        let a = read(text);
        assert_eq!(a.title, "Egypt's water bill is coming due");
        assert_eq!(a.authors, vec!["Jane Doe", "Ahmed Diallo"]);
        assert_eq!(a.date.map(|d| d.iso()), Some("2025-02-12".to_owned()));
        assert_eq!(
            a.drop,
            vec![
                "Skip to main content",
                "Home | Research | About",
                "By Jane Doe and Ahmed Diallo",
                "Farmers near Aswan, Egypt. Photo: Reuters",
                "Read more: Egypt's reform explained",
                "Email"
            ]
        );
    }

    #[test]
    fn can_propose_captions_and_alt_texts() {
        let seed = "Hands of a guy on laptop keyboard\n\nThe US title\n\nPublished on 15 April 2022\nUpdated on 19 March 2024\n\nText one is a paragraph of several words.\n\nData governance buttelfy\n\nMore text.\n\nAmerican Flag, Flag, Electrical Device, Solar Panels\n\nHow will it work?\n\nRead the Strategy.Hands of a guy\n";
        let a = read(seed);
        assert_eq!(a.title, "The US title");
        assert_eq!(a.updated.map(|d| d.iso()), Some("2024-03-19".to_owned()));
        assert_eq!(
            a.drop,
            vec![
                "Hands of a guy on laptop keyboard",
                "Data governance buttelfy",
                "American Flag, Flag, Electrical Device, Solar Panels",
                "Hands of a guy"
            ]
        );
    }

    #[test]
    fn can_read_a_line_of_names_above_the_date_as_a_byline() {
        let text = "Grid money at last\n\nJane Doe and Ahmed Diallo\n\n3 March 2025\n\nThe government announced on Monday that it would spend more on the grid after the outages.\n";
        let a = read(text);
        assert_eq!(a.title, "Grid money at last");
        assert_eq!(a.authors, vec!["Jane Doe", "Ahmed Diallo"]);
        assert_eq!(a.drop, vec!["Jane Doe and Ahmed Diallo", "3 March 2025"]);
    }

    #[test]
    fn can_keep_sentence_headings_when_they_are_the_article_style() {
        let text = "A title for the piece\n\nThe opening paragraph is long enough to count as running prose here.\n\nThe grid is ageing\n\nText.\n\nCosts keep rising\n\nText.\n\nWhat comes next?\n\nEnd.\n";
        assert!(read(text).drop.is_empty(), "{:?}", read(text).drop);
    }

    mod props {
        use proptest::prelude::*;

        use super::read;

        fn line() -> impl Strategy<Value = String> {
            prop_oneof![
                2 => "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}[.?:]?",
                1 => Just("By Jane Doe and Ahmed Diallo".to_owned()),
                1 => Just("Published on 3 March 2025".to_owned()),
                1 => Just("Email".to_owned()),
                1 => "\\PC{0,30}",
                1 => Just(String::new()),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]

            #[test]
            fn can_propose_only_lines_of_the_text(lines in proptest::collection::vec(line(), 0..16)) {
                let text = lines.join("\n");
                let a = read(&text);
                let trimmed: Vec<&str> = text.lines().map(str::trim).collect();
                prop_assert!(a.title.is_empty() || trimmed.contains(&a.title.as_str()), "title {:?}", a.title);
                for d in &a.drop {
                    prop_assert!(trimmed.iter().any(|l| l.ends_with(d.as_str())), "{d:?} is no line of the text");
                }
            }
        }
    }

    #[test]
    fn can_take_the_title_after_a_press_release_date() {
        let text = "FOR IMMEDIATE RELEASE\n\n14 January 2025\n\nMinistry opens three new water labs\n\nThe Ministry of Water today opened three laboratories in the north of the country.\n";
        let a = read(text);
        assert_eq!(a.title, "Ministry opens three new water labs");
        assert_eq!(a.drop, vec!["FOR IMMEDIATE RELEASE", "14 January 2025"]);
        assert_eq!(a.date.map(|d| d.iso()), Some("2025-01-14".to_owned()));
    }
}

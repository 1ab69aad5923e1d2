//! Plain-text seed documents to markdown.
//!
//! Guarantees: every kept line reaches the markdown as literal text (all ASCII punctuation
//! is backslash-escaped, so `1. x`, `# x`, `*x*` or `<b>` render as written, and smart
//! punctuation leaves the seed's own quotes alone); non-ASCII text passes through as is;
//! "Published on / Updated on" lines are read as dates and left out; boilerplate rules,
//! `seed_drop` lines and the repeated title are cut; a stand-alone line becomes a heading
//! only if it has a heading's shape and is not web furniture (`classify`). The function is
//! pure.

pub mod classify;

use regex::Regex;

use crate::config::SeedRules;
use crate::content::date::{MONTHS, PartialDate};

/// Seed rules compiled once per build.
#[derive(Debug, Clone)]
pub struct SeedFilter {
    cut_from: Vec<Regex>,
    drop_lines: Vec<Regex>,
    /// The longest stand-alone line (questions: twice this) that may become a heading.
    pub heading_max_chars: usize,
}

impl SeedFilter {
    /// Compiles the site's rules.
    pub fn new(rules: &SeedRules) -> Result<SeedFilter, regex::Error> {
        let compile = |patterns: &[String]| patterns.iter().map(|p| Regex::new(p)).collect::<Result<Vec<_>, _>>();
        Ok(SeedFilter {
            cut_from: compile(&rules.cut_from)?,
            drop_lines: compile(&rules.drop_lines)?,
            heading_max_chars: rules.heading_max_chars,
        })
    }
}

impl SeedFilter {
    /// Whether `line` (trimmed) starts the trailing boilerplate that is cut.
    pub fn cuts(&self, line: &str) -> bool {
        self.cut_from.iter().any(|r| r.is_match(line))
    }

    /// Whether `line` (trimmed) is web furniture dropped wherever it stands.
    pub fn drops(&self, line: &str) -> bool {
        self.drop_lines.iter().any(|r| r.is_match(line))
    }
}

impl Default for SeedFilter {
    fn default() -> Self {
        SeedFilter { cut_from: Vec::new(), drop_lines: Vec::new(), heading_max_chars: 80 }
    }
}

/// What a brief needs to know to convert its seed.
#[derive(Debug, Clone, Copy)]
pub struct SeedOptions<'a> {
    /// The brief's title: the first seed line equal to it is not repeated.
    pub title: Option<&'a str>,
    /// Lines (or fragments glued to the start or end of a line) to leave out.
    pub drop: &'a [String],
}

/// A converted seed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConvertedSeed {
    /// The markdown body.
    pub markdown: String,
    /// The date of a "Published on ..." line.
    pub published: Option<PartialDate>,
    /// The date of an "Updated on ..." line.
    pub updated: Option<PartialDate>,
    /// Indices of `drop` entries that matched no line.
    pub unused_drop: Vec<usize>,
}

/// One block of the seed after filtering.
enum Block {
    Heading(String),
    Paragraph(Vec<String>),
}

/// Converts a seed's text to markdown.
pub fn convert(text: &str, filter: &SeedFilter, options: SeedOptions<'_>) -> ConvertedSeed {
    let mut out = ConvertedSeed::default();
    let mut title_seen = options.title.is_none();
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let drop: Vec<&str> = options.drop.iter().map(|d| d.trim()).collect();
    let mut used = vec![false; drop.len()];

    for raw in text.lines() {
        let mut line = raw.trim();
        if filter.cut_from.iter().any(|r| r.is_match(line)) {
            break;
        }
        if let Some((rest, i)) = strip_dropped(line, &drop) {
            line = rest;
            used[i] = true;
        }
        let is_title = !title_seen && options.title.is_some_and(|t| t.trim() == line);
        let dropped = is_title || line.is_empty() || filter.drop_lines.iter().any(|r| r.is_match(line));
        if is_title {
            title_seen = true;
        }
        if !dropped {
            if let Some((kind, date)) = parse_date_line(line) {
                match kind {
                    DateLine::Published => out.published = out.published.or(Some(date)),
                    DateLine::Updated => out.updated = out.updated.or(Some(date)),
                }
                continue;
            }
            current.push(line.to_owned());
            continue;
        }
        if !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    out.unused_drop = used.iter().enumerate().filter(|(i, u)| !**u && !drop[*i].is_empty()).map(|(i, _)| i).collect();

    let last = paragraphs.len().saturating_sub(1);
    let blocks = paragraphs.into_iter().enumerate().map(|(i, lines)| {
        if i < last && lines.len() == 1 && is_heading(&lines[0], filter.heading_max_chars) {
            Block::Heading(lines.into_iter().next().unwrap_or_default())
        } else {
            Block::Paragraph(lines)
        }
    });

    for block in blocks {
        if !out.markdown.is_empty() {
            out.markdown.push('\n');
        }
        match block {
            Block::Heading(text) => {
                out.markdown.push_str("## ");
                escape_into(&text, &mut out.markdown);
                out.markdown.push('\n');
            }
            Block::Paragraph(lines) => {
                for line in lines {
                    escape_into(&line, &mut out.markdown);
                    out.markdown.push('\n');
                }
            }
        }
    }
    out
}

/// Removes a `seed_drop` entry equal to the line, or glued to its start or end; returns
/// what is left and which entry matched. Only entries of two words or more are taken off a
/// longer line, and at its start only when glued (no space after), so `Email` never eats
/// the first word of "Email remains ...".
fn strip_dropped<'a>(line: &'a str, drop: &[&str]) -> Option<(&'a str, usize)> {
    for (i, d) in drop.iter().enumerate() {
        if d.is_empty() || line.is_empty() {
            continue;
        }
        if line == *d {
            return Some(("", i));
        }
        if d.split_whitespace().nth(1).is_none() {
            continue;
        }
        if let Some(rest) = line.strip_suffix(d) {
            return Some((rest.trim_end(), i));
        }
        if let Some(rest) = line.strip_prefix(d).filter(|r| !r.starts_with(char::is_whitespace)) {
            return Some((rest, i));
        }
    }
    None
}

/// Which date a "Published on / Updated on" line gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLine {
    /// `Published on ...`.
    Published,
    /// `Updated on ...`.
    Updated,
}

/// Reads `Published on 15 April 2022` / `Updated on 19 March 2024`.
pub fn parse_date_line(line: &str) -> Option<(DateLine, PartialDate)> {
    let (kind, rest) = if let Some(rest) = line.strip_prefix("Published") {
        (DateLine::Published, rest)
    } else {
        (DateLine::Updated, line.strip_prefix("Updated")?)
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("on").unwrap_or(rest).trim_start_matches([':', ' ']);
    let mut words = rest.split_whitespace();
    let (day, month, year) = (words.next()?, words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? + 1;
    let iso = format!("{year}-{month:02}-{:02}", day.parse::<u8>().ok()?);
    PartialDate::parse(&iso).ok().map(|d| (kind, d))
}

/// A stand-alone line with a heading's shape (a question, a short line without closing
/// punctuation) that is not web furniture such as a caption or a share button.
fn is_heading(line: &str, max_chars: usize) -> bool {
    classify::heading_shape(line, max_chars).is_some() && classify::furniture(line).is_none()
}

/// Appends `text` with every ASCII punctuation character backslash-escaped.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(text: &str) -> ConvertedSeed {
        let filter = SeedFilter::new(&SeedRules::default()).expect("default rules compile");
        convert(text, &filter, SeedOptions { title: Some("The Title"), drop: &["Photo of a desk".to_owned()] })
    }

    #[test]
    fn can_escape_markdown_significant_text() {
        let md = conv("1. x\n\n# x\n\n*x* <b> [a](b) `c`\n").markdown;
        assert_eq!(md, "1\\. x\n\n\\# x\n\n\\*x\\* \\<b\\> \\[a\\]\\(b\\) \\`c\\`\n");
    }

    #[test]
    fn can_keep_single_newlines_and_unicode() {
        let md = conv("First line,\nsecond ‘line’ — é.\n\nNext.").markdown;
        assert_eq!(md, "First line\\,\nsecond ‘line’ — é\\.\n\nNext\\.\n");
    }

    #[test]
    fn can_make_questions_and_short_lines_headings() {
        let md = conv("Intro.\n\nHow will it work?\n\nBody text.\n\nThe context\n\nMore text.").markdown;
        assert_eq!(md, "Intro\\.\n\n## How will it work\\?\n\nBody text\\.\n\n## The context\n\nMore text\\.\n");
    }

    #[test]
    fn can_keep_punctuated_and_last_lines_as_paragraphs() {
        let md = conv("The four areas:\n\nText.\n\nNo heading at the end").markdown;
        assert!(md.starts_with("The four areas\\:\n"), "{md}");
        assert!(md.ends_with("\nNo heading at the end\n"), "{md}");
    }

    #[test]
    fn can_read_and_drop_date_lines() {
        let c = conv("The Title\n\nPublished on 15 April 2022\nUpdated on 19 March 2024\n\nText.");
        assert_eq!(c.markdown, "Text\\.\n");
        assert_eq!(c.published.map(|d| d.iso()), Some("2022-04-15".to_owned()));
        assert_eq!(c.updated.map(|d| d.iso()), Some("2024-03-19".to_owned()));
    }

    #[test]
    fn can_cut_comment_boilerplate() {
        let text = "Text.\n\nSubscribe to our newsletter\n\nMore.\n\n0 replies\n\nLeave a Reply\n\nWant to join the discussion?\n";
        assert_eq!(conv(text).markdown, "Text\\.\n\nMore\\.\n");
        let captcha = "Text.\n\nThis site is protected by reCAPTCHA and the Google Privacy Policy apply.\n";
        assert_eq!(conv(captcha).markdown, "Text\\.\n");
    }

    #[test]
    fn can_drop_seed_drop_lines_even_when_glued() {
        let text = "Photo of a desk\n\nRead more: the strategy.Photo of a desk";
        assert_eq!(conv(text).markdown, "Read more\\: the strategy\\.\n");
        assert_eq!(conv("  Photo of a desk  \n\nText.").markdown, "Text\\.\n");
        assert_eq!(conv("Photo of a deskThe text.").markdown, "The text\\.\n");
    }

    #[test]
    fn can_keep_line_starts_that_equal_a_drop_entry() {
        let filter = SeedFilter::default();
        let drop = ["Email".to_owned(), "Read more".to_owned()];
        let c = convert(
            "Email\n\nEmail remains the main channel.\n\nRead more about it here.",
            &filter,
            SeedOptions { title: None, drop: &drop },
        );
        assert_eq!(c.markdown, "Email remains the main channel\\.\n\nRead more about it here\\.\n");
    }

    #[test]
    fn can_refuse_headings_to_captions_and_share_lines() {
        let md = conv("Intro.\n\nFarmers near Aswan. Photo: Reuters\n\nEmail\n\n1. Introduction\n\nEnd.").markdown;
        assert_eq!(
            md,
            "Intro\\.\n\nFarmers near Aswan\\. Photo\\: Reuters\n\nEmail\n\n## 1\\. Introduction\n\nEnd\\.\n"
        );
    }

    #[test]
    fn can_drop_only_first_title_line() {
        let md = conv("The Title\n\nText.\n\nThe Title\n\nEnd.").markdown;
        assert_eq!(md, "Text\\.\n\n## The Title\n\nEnd\\.\n");
    }

    #[test]
    fn can_trim_indentation_that_would_be_code() {
        assert_eq!(conv("    indented text.").markdown, "indented text\\.\n");
    }

    mod props {
        use proptest::prelude::*;

        use super::super::*;
        use crate::model::links::Links;
        use crate::model::permalink::Permalinks;
        use crate::render::markdown::{LinkContext, render_markdown};

        fn line() -> impl Strategy<Value = String> {
            prop_oneof![
                3 => r#"[A-Za-z0-9 ,.;:!?*#_`<>()&'"\\\[\]{}|~+=/%$@^-]{1,40}"#,
                1 => "[a-zé‘’“”—–… ]{1,20}",
                1 => Just(String::new()),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]

            #[test]
            fn can_keep_every_seed_line_as_literal_text(lines in proptest::collection::vec(line(), 1..12)) {
                let text = lines.join("\n");
                let converted = convert(&text, &SeedFilter::default(), SeedOptions { title: None, drop: &[] });
                let links = Links::default();
                let links = crate::model::links::LinkReader::new(&links);
                let permalinks = Permalinks::new("https://e.org/", "/");
                let html = render_markdown(&converted.markdown, LinkContext { links: &links, permalinks: &permalinks, base: "briefs/", blocks: &Default::default(), data: &crate::render::markdown::NO_DATA })
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?
                    .html;
                // The page's text: a bare address in a line becomes a link around the
                // same text, so tags are left out of the comparison.
                let mut text = String::new();
                let mut in_tag = false;
                for c in html.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' if in_tag => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
                    if parse_date_line(l).is_some() {
                        continue;
                    }
                    let mut escaped = String::new();
                    pulldown_cmark_escape::escape_html_body_text(&mut escaped, l).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert!(text.contains(&escaped), "line {l:?} lost:\nmarkdown: {}\nhtml: {html}", converted.markdown);
                }
            }

            #[test]
            fn can_convert_any_text_without_panicking(text in "\\PC{0,200}", drop in "\\PC{0,10}") {
                let drop = [drop];
                let filter = SeedFilter::new(&SeedRules::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let _ = convert(&text, &filter, SeedOptions { title: Some("Title"), drop: &drop });
            }
        }
    }
}

//! The brief `chancery import` proposes for a seed: front-matter with the title, authors
//! and dates read from the article, a TODO summary (the `TODO` convention keeps it out of
//! citations and feeds), `seed:` and the proposed `seed_drop`, each explained in a comment.

use crate::content::date::PartialDate;
use crate::content::seed::{self, SeedFilter, SeedOptions};
use crate::import::analyse::analyse;

/// A brief proposed for a seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The file name's slug.
    pub slug: String,
    /// The title found.
    pub title: String,
    /// The byline's authors.
    pub authors: Vec<String>,
    /// Lines proposed for `seed_drop`.
    pub drop: Vec<String>,
    /// The brief's text.
    pub text: String,
}

/// Proposes a brief for the seed `seed_rel` with text `text` (see [`analyse`]); the date is
/// `today` when the article states none.
pub fn propose_brief(seed_rel: &str, text: &str, filter: &SeedFilter, today: PartialDate) -> Proposal {
    let a = analyse(text, filter);
    let converted = seed::convert(text, filter, SeedOptions { title: Some(&a.title), drop: &a.drop });
    let found = a.date.or(converted.published);
    let date = found.unwrap_or(today);
    let updated = a.updated.or(converted.updated).filter(|u| *u >= date);

    let mut out = String::from("---\n");
    out.push_str(&format!(
        "# Imported by `chancery import` from {seed_rel}. Review every line, then run `chancery check`.\n"
    ));
    out.push_str("# Must match the seed's title line exactly, so the converter does not repeat it.\n");
    out.push_str(&format!("title: {}\n", yaml_str(&a.title)));
    match (&a.date_line, found) {
        (Some(line), Some(_)) => out.push_str(&format!("# From the seed's line {}.\n", yaml_comment(line))),
        (None, Some(_)) => out.push_str("# From the seed's \"Published on\" line.\n"),
        _ => out.push_str("# The seed states no date: this is the import date. Set the real one.\n"),
    }
    out.push_str(&format!("date: {}\n", date.iso()));
    if let Some(updated) = updated {
        out.push_str(&format!("updated: {}\n", updated.iso()));
    }
    out.push_str("# TODO: one to three sentences in your own words (`chancery check` warns until then).\n");
    out.push_str("summary: \"TODO: summarise the seed in one to three sentences.\"\n");
    out.push_str("# Three to five takeaways:\n# key_points:\n#   - ...\n");
    out.push_str("topics: []\n");
    if a.authors.is_empty() {
        out.push_str("# authors: [{ name: ..., affiliation: ... }]\n");
    } else {
        out.push_str("# From the seed's byline; add each author's affiliation if you know it.\n");
        out.push_str("authors:\n");
        for name in &a.authors {
            out.push_str(&format!("  - name: {}\n", yaml_str(name)));
        }
    }
    out.push_str("# Who published the seed (required once uncommented) and where:\n");
    out.push_str(&format!("# source: {{ publisher: ..., title: {}, url: ... }}\n", yaml_str(&a.title)));
    out.push_str(&format!("seed: {seed_rel}\n"));
    if a.drop.is_empty() {
        out.push_str("# seed_drop: [] # captions or alt texts to leave out\n");
    } else {
        out.push_str("# Proposed: web debris (navigation, share and \"Read more\" lines, captions, credits,\n");
        out.push_str("# the byline and dated lines). Delete an entry to keep its line.\n");
        out.push_str("seed_drop:\n");
        for d in &a.drop {
            out.push_str(&format!("  - {}\n", yaml_str(d)));
        }
    }
    out.push_str("# events:\n#   - { date: YYYY-MM-DD, title: What happened }\n---\n");
    Proposal { slug: slug::slugify(&a.title), title: a.title, authors: a.authors, drop: a.drop, text: out }
}

/// `line` quoted for a YAML comment (one line, no control characters).
fn yaml_comment(line: &str) -> String {
    let clean: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    format!("\"{clean}\"")
}

/// A YAML scalar for `text`: plain when that is unambiguous, else double-quoted.
pub(crate) fn yaml_str(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([':', ' '])
        && !text.contains(['"', '\'', '[', ']', '{', '}', ',', '\n', '\t', '\\', '`'])
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "y" | "n"
        );
    if plain { text.to_owned() } else { serde_json::Value::String(text.to_owned()).to_string() }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content::Brief;

    fn date() -> PartialDate {
        PartialDate::parse("2024-05-06").expect("date")
    }

    #[test]
    fn can_propose_a_valid_brief_with_authors_and_dates() {
        let seed = "Hands of a guy on laptop keyboard\n\nThe US title\n\nBy Jane Doe and Ahmed Diallo\n\nPublished on 15 April 2022\nUpdated on 19 March 2024\n\nText one.\n";
        let p = propose_brief("seeds/x.txt", seed, &SeedFilter::default(), date());
        assert_eq!(p.title, "The US title");
        assert_eq!(p.slug, "the-us-title");
        assert!(p.text.contains("date: 2022-04-15\nupdated: 2024-03-19\n"), "{}", p.text);
        let b = Brief::parse(Path::new("content/briefs/x.md"), &p.text, &["topics"]).expect("valid");
        assert_eq!(b.seed.as_deref(), Some("seeds/x.txt"));
        let names: Vec<&str> = b.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, vec!["Jane Doe", "Ahmed Diallo"]);
        assert!(b.summary.starts_with("TODO"), "{}", b.summary);
    }

    #[test]
    fn can_fall_back_to_first_line_and_today() {
        let p = propose_brief("seeds/y.txt", "\n\nA title\n\nBody.\n", &SeedFilter::default(), date());
        assert_eq!(p.title, "A title");
        assert!(p.drop.is_empty());
        assert!(p.text.contains("date: 2024-05-06\n"));
    }

    #[test]
    fn can_quote_yaml_only_when_needed() {
        assert_eq!(yaml_str("Plain title"), "Plain title");
        assert_eq!(yaml_str("a: b"), "\"a: b\"");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("2024"), "\"2024\"");
    }
}

//! Citations in a brief's markdown (`[@key]`, `[@key, p. 12]`, `[@a; @b]`, `[-@key]`),
//! formatted in the site's CSL style by `hayagriva`, each linked to its entry in the
//! "References" section that ends the brief.
//!
//! A pass over the markdown events: citations are found in text only (not in code, links
//! or images), across the text events pulldown-cmark splits brackets into. A footnote
//! reference or an e-mail address is no citation.
//!
//! Guarantees: pure; the same markdown, bibliography and style give the same HTML; every
//! key not in the bibliography is reported with its byte offset and the closest known key;
//! text from the bibliography is HTML-escaped.

use std::sync::{LazyLock, OnceLock};

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild, ElemChildren,
    ElemMeta, Entry, Library, LocatorPayload, SpecificLocator,
};
use pulldown_cmark::{Event, Tag, TagEnd};
use regex::Regex;

use crate::config::CitationStyle;
use crate::diagnostics::did_you_mean;

/// What a brief's citations resolve against.
#[derive(Debug, Clone, Copy)]
pub struct Citer<'a> {
    /// The brief's bibliography.
    pub library: &'a Library,
    /// The site's style.
    pub style: CitationStyle,
}

/// The citer of `brief`: its bibliography (its own or the site's) in the site's style.
pub fn citer<'a>(site: &'a crate::model::Site, brief: &'a crate::content::Brief) -> Option<Citer<'a>> {
    let bib = brief.references.as_deref()?;
    Some(Citer { library: &bib.library, style: site.config.citation_style })
}

/// The errors for keys the bibliography of `brief` does not have (or for every key, when
/// it has none), at their place.
pub(crate) fn unknown_errors(
    brief: &crate::content::Brief,
    positions: &crate::line_index::BodyPositions<'_>,
    unknown: &[UnknownKey],
) -> crate::error::Error {
    let bib = brief
        .references
        .as_deref()
        .and_then(|b| b.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let errors = unknown
        .iter()
        .map(|u| {
            let (line, column) = positions.at(u.offset);
            if brief.references.is_none() {
                return crate::error::Error::content(
                    &brief.path,
                    line,
                    column,
                    format!("citation `@{}`, but the brief has no bibliography", u.key),
                )
                .with_hint(
                    "add `bibliography:` (a .bib or Hayagriva .yaml file) to the brief's front-matter or to site.yaml; \
                     write `\\[@` for a literal bracket",
                );
            }
            let e = crate::error::Error::content(
                &brief.path,
                line,
                column,
                format!("citation `@{}` is not in the bibliography {bib}", u.key),
            );
            match &u.suggestion {
                Some(s) => e.with_hint(format!("did you mean `@{s}`?")),
                None => e.with_hint("add the source to the bibliography, or correct the key"),
            }
        })
        .collect();
    crate::error::Error::Many(errors)
}

/// What the citation pass found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citations {
    /// The keys cited, in the order first cited.
    pub keys: Vec<String>,
    /// Keys not in the bibliography.
    pub unknown: Vec<UnknownKey>,
}

/// A cited key the bibliography does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// Byte offset of its `@` in the markdown.
    pub offset: usize,
    /// The key as written.
    pub key: String,
    /// The closest key the bibliography has.
    pub suggestion: Option<String>,
}

/// The id of the reference entry for `key`.
pub fn entry_id(key: &str) -> String {
    format!("ref-{key}")
}

/// One cited item of a citation group.
#[derive(Debug)]
struct Item {
    key: String,
    offset: usize,
    locator: Option<(Locator, String)>,
    suppress_author: bool,
}

/// A citation group found in the text: where it is and what it cites.
#[derive(Debug)]
struct Group {
    /// Index of the first event of its text run, and byte range inside the run's text.
    run: usize,
    range: std::ops::Range<usize>,
    /// The markdown offset of its `[`.
    source_start: usize,
    items: Vec<Item>,
}

/// A run of text events: the index of its first event, their count, their joined text,
/// and where each piece starts in the text and in the markdown.
type Run = (usize, usize, String, Vec<(usize, usize)>);

/// `[@key ...]` with `-@` for suppressing the author, groups separated by `;`.
static GROUP: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\[(-?@[^\[\]]*)\]").ok());
static ITEM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(-?)@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)\s*(?:,\s*(.*?))?\s*$").ok());

/// Finds the citations in `events` (whose source offsets in `source` are `offsets`),
/// replaces each by its formatted HTML (empty without `with_html`: the walk without HTML
/// still sees the same events) and returns what was cited, with the plain text of each
/// citation by the index of the event that stands for it (for the search text, the same
/// in both walks). Without a `citer` (a brief with no bibliography) every cited key is
/// unknown. A group whose `[` is escaped (`\[@key]`) is text, as in Pandoc.
pub(crate) fn cite<'a>(
    events: Vec<Event<'a>>,
    offsets: &[usize],
    source: &str,
    citer: Option<&Citer<'_>>,
    with_html: bool,
) -> (Vec<Event<'a>>, Citations, Vec<(usize, String)>) {
    let (runs, mut groups) = find_groups(&events, offsets);
    groups.retain(|g| !escaped(source, g.source_start));
    let mut found = Citations::default();
    for g in &groups {
        for item in &g.items {
            let known = citer.is_some_and(|c| c.library.get(&item.key).is_some());
            if !known {
                let suggestion = citer.and_then(|c| did_you_mean(&item.key, c.library.keys())).map(str::to_owned);
                found.unknown.push(UnknownKey { offset: item.offset, key: item.key.clone(), suggestion });
            } else if !found.keys.contains(&item.key) {
                found.keys.push(item.key.clone());
            }
        }
    }
    let Some(citer) = citer.filter(|_| !groups.is_empty() && found.unknown.is_empty()) else {
        return (events, found, Vec::new());
    };
    let formatted = format_groups(&groups, citer, with_html);
    let (events, plain) = splice(events, &runs, &groups, formatted);
    (events, found, plain)
}

/// Whether the byte at `at` of `source` follows an odd number of backslashes.
fn escaped(source: &str, at: usize) -> bool {
    let before = source.as_bytes().get(..at).unwrap_or_default();
    before.iter().rev().take_while(|b| **b == b'\\').count() % 2 == 1
}

/// The runs of consecutive text events outside code, links and images (as the index of
/// their first event, their count and their joined text with each piece's source offset),
/// and the citation groups in them.
fn find_groups(events: &[Event<'_>], offsets: &[usize]) -> (Vec<Run>, Vec<Group>) {
    let (Some(group_re), Some(item_re)) = (GROUP.as_ref(), ITEM.as_ref()) else {
        return (Vec::new(), Vec::new());
    };
    let mut runs = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => depth = depth.saturating_sub(1),
            Event::Text(_) if depth == 0 => {
                let start = i;
                let mut text = String::new();
                let mut pieces = Vec::new();
                while let Some(Event::Text(t)) = events.get(i) {
                    pieces.push((text.len(), offsets.get(i).copied().unwrap_or(0)));
                    text.push_str(t);
                    i += 1;
                }
                runs.push((start, i - start, text, pieces));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut groups = Vec::new();
    for (r, (_, _, text, pieces)) in runs.iter().enumerate() {
        'groups: for m in group_re.captures_iter(text) {
            let (Some(whole), Some(inner)) = (m.get(0), m.get(1)) else { continue };
            let mut items = Vec::new();
            let mut at = inner.start();
            for part in inner.as_str().split(';') {
                let lead = part.len() - part.trim_start().len();
                let Some(c) = item_re.captures(part.trim()) else { continue 'groups };
                let key = c.get(2).map_or("", |k| k.as_str()).to_owned();
                let at_sign = at + lead + c.get(1).map_or(0, |d| d.len());
                let offset = source_offset(pieces, at_sign);
                let locator = c.get(3).map(|l| l.as_str()).filter(|l| !l.is_empty()).map(locator);
                items.push(Item { key, offset, locator, suppress_author: c.get(1).is_some_and(|d| !d.is_empty()) });
                at += part.len() + 1;
            }
            let source_start = source_offset(pieces, whole.start());
            groups.push(Group { run: r, range: whole.range(), source_start, items });
        }
    }
    (runs, groups)
}

/// The markdown offset of byte `at` of a run's joined text.
fn source_offset(pieces: &[(usize, usize)], at: usize) -> usize {
    let (start, source) = pieces.iter().rev().find(|(start, _)| *start <= at).copied().unwrap_or((0, 0));
    source + (at - start)
}

/// A locator as written (`p. 12`, `pp. 3-5`, `ch. 2`, `sec. 4`, `para. 7`, `fig. 1`), or
/// the text as it is.
fn locator(written: &str) -> (Locator, String) {
    let labels: [(&[&str], Locator); 6] = [
        (&["pp.", "p.", "page", "pages"], Locator::Page),
        (&["chap.", "ch.", "chapter"], Locator::Chapter),
        (&["sec.", "§", "section"], Locator::Section),
        (&["para.", "¶", "paragraph"], Locator::Paragraph),
        (&["fig.", "figure"], Locator::Figure),
        (&["vol.", "volume"], Locator::Volume),
    ];
    let lower = written.to_lowercase();
    for (names, kind) in labels {
        for name in names {
            if let Some(rest) = lower.strip_prefix(name)
                && (rest.starts_with(' ') || name.ends_with('.') || name.len() < 3)
            {
                return (kind, written[written.len() - rest.len()..].trim().to_owned());
            }
        }
    }
    if written.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '–') {
        return (Locator::Page, written.to_owned());
    }
    (Locator::Custom, written.to_owned())
}

/// The style's CSL definition (parsed once per process).
pub(crate) fn style(style: CitationStyle) -> Option<&'static IndependentStyle> {
    static STYLES: [OnceLock<Option<IndependentStyle>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (slot, archived) = match style {
        CitationStyle::ChicagoAuthorDate => (0, hayagriva::archive::ArchivedStyle::ChicagoAuthorDate),
        CitationStyle::Apa => (1, hayagriva::archive::ArchivedStyle::AmericanPsychologicalAssociation),
        CitationStyle::Ieee => (2, hayagriva::archive::ArchivedStyle::InstituteOfElectricalAndElectronicsEngineers),
    };
    STYLES[slot]
        .get_or_init(|| match archived.get() {
            Style::Independent(s) => Some(s),
            Style::Dependent(_) => None,
        })
        .as_ref()
}

/// The CSL locales (parsed once per process).
fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

/// The entries of `keys` in `library`.
fn entries<'l>(library: &'l Library, items: &[Item]) -> Vec<&'l Entry> {
    items.iter().filter_map(|i| library.get(&i.key)).collect()
}

/// Each group's HTML (empty without `with_html`) and plain text, in order, formatted
/// together (so numbering and disambiguation hold across the brief).
fn format_groups(groups: &[Group], citer: &Citer<'_>, with_html: bool) -> Vec<(String, String)> {
    let Some(style) = style(citer.style) else { return vec![(String::new(), String::new()); groups.len()] };
    let locales = locales();
    let mut driver: BibliographyDriver<'_, Entry> = BibliographyDriver::new();
    for g in groups {
        let found = entries(citer.library, &g.items);
        let items = g
            .items
            .iter()
            .zip(found)
            .map(|(item, entry)| {
                let locator =
                    item.locator.as_ref().map(|(kind, text)| SpecificLocator(*kind, LocatorPayload::Str(text)));
                let mut c = CitationItem::with_locator(entry, locator);
                if item.suppress_author {
                    c = c.kind(CitePurpose::Year);
                }
                c
            })
            .collect();
        driver.citation(CitationRequest::from_items(items, style, locales));
    }
    let rendered = driver.finish(BibliographyRequest::new(style, None, locales));
    let affixes = (style.citation.layout.prefix.as_deref(), style.citation.layout.suffix.as_deref());
    groups
        .iter()
        .zip(&rendered.citations)
        .map(|(g, c)| {
            // A group with a special form gets no affixes from the style: add them back.
            let bare = g.items.iter().any(|i| i.suppress_author);
            let (prefix, suffix) = if bare { (affixes.0.unwrap_or(""), affixes.1.unwrap_or("")) } else { ("", "") };
            let mut plain = prefix.to_owned();
            write_plain(&mut plain, &c.citation);
            plain.push_str(suffix);
            if !with_html {
                return (String::new(), plain);
            }
            let keys: Vec<&str> = g.items.iter().map(|i| i.key.as_str()).collect();
            let mut out = String::from("<span class=\"citation\">");
            out.push_str(&escape(prefix));
            write_children(&mut out, &c.citation, Some(&keys));
            out.push_str(&escape(suffix));
            out.push_str("</span>");
            (out, plain)
        })
        .collect()
}

/// Rendered CSL output as plain text.
fn write_plain(out: &mut String, children: &ElemChildren) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => out.push_str(&t.text),
            ElemChild::Elem(e) => write_plain(out, &e.children),
            ElemChild::Markup(m) => out.push_str(m),
            ElemChild::Link { text, .. } => out.push_str(&text.text),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Replaces each group's text by its HTML; returns the events and, by the index of each
/// citation's event, its plain text.
fn splice<'a>(
    events: Vec<Event<'a>>,
    runs: &[Run],
    groups: &[Group],
    formatted: Vec<(String, String)>,
) -> (Vec<Event<'a>>, Vec<(usize, String)>) {
    let mut out = Vec::with_capacity(events.len() + groups.len() * 2);
    let mut formatted = formatted.into_iter();
    let mut plain = Vec::with_capacity(groups.len());
    let mut g = groups.iter().peekable();
    let mut r = 0;
    for (i, event) in events.into_iter().enumerate() {
        let Some((start, len, text, _)) = runs.get(r).filter(|run| run.0 <= i) else {
            out.push(event);
            continue;
        };
        if i + 1 < start + len {
            continue;
        }
        // The run's last event: write the run again with its citations.
        let mut at = 0;
        while let Some(group) = g.next_if(|group| group.run == r) {
            if group.range.start > at {
                out.push(Event::Text(text[at..group.range.start].to_owned().into()));
            }
            let (html, text) = formatted.next().unwrap_or_default();
            plain.push((out.len(), text));
            out.push(Event::InlineHtml(html.into()));
            at = group.range.end;
        }
        if at == 0 {
            // No citation in this run: the events as they were, joined.
            out.push(Event::Text(text.clone().into()));
        } else if at < text.len() {
            out.push(Event::Text(text[at..].to_owned().into()));
        }
        r += 1;
    }
    (out, plain)
}

/// The "References" list of the cited keys: its entries' HTML by key, in the style's
/// order (only with HTML; the ids are known without it).
pub(crate) fn reference_list(keys: &[String], citer: &Citer<'_>) -> String {
    let Some(style) = style(citer.style) else { return String::new() };
    let locales = locales();
    let mut driver: BibliographyDriver<'_, Entry> = BibliographyDriver::new();
    for key in keys {
        if let Some(entry) = citer.library.get(key) {
            driver.citation(CitationRequest::from_items(vec![CitationItem::with_entry(entry)], style, locales));
        }
    }
    let rendered = driver.finish(BibliographyRequest::new(style, None, locales));
    let Some(bib) = rendered.bibliography else { return String::new() };
    let numbered = bib.items.iter().any(|i| i.first_field.is_some());
    let mut out = String::from(if numbered {
        "<ol class=\"reference-list numbered\">\n"
    } else {
        "<ul class=\"reference-list\">\n"
    });
    for item in &bib.items {
        out.push_str(&format!("<li id=\"{}\">", escape(&entry_id(&item.key))));
        if let Some(first) = &item.first_field {
            out.push_str("<span class=\"reference-label\">");
            write_child(&mut out, first, None);
            out.push_str("</span> ");
        }
        write_children(&mut out, &item.content, None);
        out.push_str("</li>\n");
    }
    out.push_str(if numbered { "</ol>\n" } else { "</ul>\n" });
    out
}

/// The entries of the "References" list of the cited `keys`, each its HTML, in the
/// style's order (a numbered style's label first).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(crate) fn reference_items(keys: &[String], citer: &Citer<'_>) -> Vec<String> {
    let html = reference_list(keys, citer);
    html.split("<li ")
        .skip(1)
        .map(|item| {
            let item = item.split_once('>').map_or(item, |(_, rest)| rest);
            let item = item.split("</li>").next().unwrap_or_default();
            item.to_owned()
        })
        .collect()
}

/// The "References" section of the cited `keys`, its heading at `id`.
pub(crate) fn section(keys: &[String], citer: &Citer<'_>, id: &str) -> String {
    let id = escape(id);
    format!(
        "<section class=\"references\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">References</h2>\n{}</section>\n",
        reference_list(keys, citer)
    )
}

/// The ids the References section adds (one per cited key), in order.
pub(crate) fn entry_ids(keys: &[String]) -> impl Iterator<Item = String> + '_ {
    keys.iter().map(|k| entry_id(k))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Writes rendered CSL output as escaped HTML; inside a citation (`keys`), each item links
/// to its entry.
fn write_children(out: &mut String, children: &ElemChildren, keys: Option<&[&str]>) {
    for child in &children.0 {
        write_child(out, child, keys);
    }
}

fn write_child(out: &mut String, child: &ElemChild, keys: Option<&[&str]>) {
    match child {
        ElemChild::Text(t) => write_formatted(out, &t.text, t.formatting),
        ElemChild::Elem(e) => {
            let key = match (&e.meta, keys) {
                (Some(ElemMeta::Entry(i)), Some(keys)) => keys.get(*i).copied(),
                _ => None,
            };
            match key {
                Some(key) => {
                    out.push_str(&format!("<a href=\"#{}\" class=\"citation-link\">", escape(&entry_id(key))));
                    write_children(out, &e.children, None);
                    out.push_str("</a>");
                }
                None => write_children(out, &e.children, keys),
            }
        }
        ElemChild::Markup(m) => out.push_str(&escape(m)),
        ElemChild::Link { text, url } => {
            let safe = url.starts_with("https://") || url.starts_with("http://");
            if safe && keys.is_none() {
                out.push_str(&format!("<a href=\"{}\">", escape(url)));
                write_formatted(out, &text.text, text.formatting);
                out.push_str("</a>");
            } else {
                write_formatted(out, &text.text, text.formatting);
            }
        }
        ElemChild::Transparent { .. } => {}
    }
}

fn write_formatted(out: &mut String, text: &str, f: hayagriva::Formatting) {
    use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, VerticalAlign};
    let mut close = Vec::new();
    let mut open = |tag: &'static str, html: &str| {
        out.push_str(html);
        close.push(tag);
    };
    if matches!(f.font_style, FontStyle::Italic) {
        open("</i>", "<i>");
    }
    if matches!(f.font_weight, FontWeight::Bold) {
        open("</b>", "<b>");
    }
    if matches!(f.font_variant, FontVariant::SmallCaps) {
        open("</span>", "<span class=\"small-caps\">");
    }
    match f.vertical_align {
        VerticalAlign::Sup => open("</sup>", "<sup>"),
        VerticalAlign::Sub => open("</sub>", "<sub>"),
        _ => {}
    }
    out.push_str(&escape(text));
    for tag in close.into_iter().rev() {
        out.push_str(tag);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_an_escaped_bracket() {
        assert!(escaped("a \\[@k]", 3));
        assert!(!escaped("a \\\\[@k]", 4));
        assert!(!escaped("[@k]", 0));
    }

    #[test]
    fn can_read_locators() {
        assert_eq!(locator("p. 12"), (Locator::Page, "12".to_owned()));
        assert_eq!(locator("pp. 3-5"), (Locator::Page, "3-5".to_owned()));
        assert_eq!(locator("ch. 2"), (Locator::Chapter, "2".to_owned()));
        assert_eq!(locator("12"), (Locator::Page, "12".to_owned()));
        assert_eq!(locator("annex B"), (Locator::Custom, "annex B".to_owned()));
    }
}

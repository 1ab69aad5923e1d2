//! Footnotes, rendered as one numbered list at the end of the body: each reference a
//! superscript link to its note, each note a link back to every reference of it.
//!
//! Ids are `fn-<label>` for a note and `fnref-<label>` (then `fnref-<label>-2`, ...) for its
//! references, made unique against every other id of the body (headings written with
//! `{#id}` are taken first; generated heading ids are made after, unique against these), so
//! `## Timeline` and `[^timeline]` no longer share `id="timeline"`. Notes are numbered in
//! the order they are first referenced; a note never referenced comes last, without a link
//! back. Pure.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::render::markdown::unique_id;

/// One footnote definition, taken out of the text.
struct Note<'a> {
    label: CowStr<'a>,
    events: Vec<Event<'a>>,
}

/// Rewrites the footnote references and definitions of `events` into linked HTML; the ids
/// it gives are added to `used` (and returned, in document order).
pub(crate) fn link_footnotes<'a>(
    events: Vec<Event<'a>>,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
) -> (Vec<Event<'a>>, Vec<String>) {
    let has_notes =
        events.iter().any(|e| matches!(e, Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))));
    if !has_notes {
        return (events, Vec::new());
    }
    // Notes out of the text, in the order written.
    let mut body = Vec::with_capacity(events.len());
    let mut notes: Vec<Note<'a>> = Vec::new();
    let mut open: Option<Note<'a>> = None;
    for event in events {
        match (event, &mut open) {
            (Event::Start(Tag::FootnoteDefinition(label)), None) => open = Some(Note { label, events: Vec::new() }),
            (Event::End(TagEnd::FootnoteDefinition), Some(_)) => notes.extend(open.take()),
            (event, Some(note)) => note.events.push(event),
            (event, None) => body.push(event),
        }
    }
    notes.extend(open.take());
    let defined: HashMap<String, usize> = notes.iter().enumerate().map(|(i, n)| (n.label.to_string(), i)).collect();

    // Numbers by first reference (in the text, then in notes), the rest after.
    let mut order: Vec<usize> = Vec::new();
    let mut number_of: HashMap<usize, usize> = HashMap::new();
    let mut number = |note: usize, order: &mut Vec<usize>| {
        *number_of.entry(note).or_insert_with(|| {
            order.push(note);
            order.len()
        })
    };
    let references = body.iter().chain(notes.iter().flat_map(|n| &n.events));
    for event in references {
        if let Event::FootnoteReference(label) = event
            && let Some(&note) = defined.get(&**label)
        {
            number(note, &mut order);
        }
    }
    for note in 0..notes.len() {
        number(note, &mut order);
    }
    let mut ids = Vec::new();
    let note_ids: Vec<String> = notes
        .iter()
        .map(|n| {
            let id = unique_id(format!("fn-{}", label_slug(&n.label)), used, next_suffix);
            ids.push(id.clone());
            id
        })
        .collect();

    // References become links with ids; each note remembers its references' ids.
    let mut back: Vec<Vec<String>> = vec![Vec::new(); notes.len()];
    let mut reference = |event: Event<'a>, ids: &mut Vec<String>| -> Event<'a> {
        let Event::FootnoteReference(label) = event else { return event };
        let Some(&note) = defined.get(&*label) else {
            return Event::Text(format!("[^{label}]").into());
        };
        let id = unique_id(format!("fnref-{}", label_slug(&label)), used, next_suffix);
        ids.push(id.clone());
        back[note].push(id.clone());
        let n = number_of.get(&note).copied().unwrap_or_default();
        Event::InlineHtml(
            format!("<sup class=\"footnote-ref\" id=\"{id}\"><a href=\"#{}\">{n}</a></sup>", note_ids[note]).into(),
        )
    };
    let mut out: Vec<Event<'a>> = body.into_iter().map(|e| reference(e, &mut ids)).collect();
    let mut notes: Vec<Option<Note<'a>>> = notes.into_iter().map(Some).collect();
    let mut rendered_notes: Vec<(usize, Vec<Event<'a>>)> = Vec::new();
    for &note in &order {
        let Some(n) = notes[note].take() else { continue };
        let events: Vec<Event<'a>> = n.events.into_iter().map(|e| reference(e, &mut ids)).collect();
        rendered_notes.push((note, events));
    }

    out.push(Event::Html("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into()));
    for (note, mut events) in rendered_notes {
        out.push(Event::Html(format!("<li id=\"{}\">\n", note_ids[note]).into()));
        let links = back_links(&back[note]);
        if !links.is_empty() {
            // The links go at the end of the note's last paragraph, or after the note.
            match events.iter().rposition(|e| matches!(e, Event::End(TagEnd::Paragraph))) {
                Some(i) if i + 1 == events.len() => events.insert(i, Event::InlineHtml(links.into())),
                _ => events.push(Event::Html(format!("<p>{links}</p>\n").into())),
            }
        }
        out.extend(events);
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    (out, ids)
}

/// The links from a note back to its references: `↩`, then `↩2`, `↩3`... for later ones.
fn back_links(references: &[String]) -> String {
    references
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (n, mark) = (i + 1, if i == 0 { String::new() } else { format!("<sup>{}</sup>", i + 1) });
            format!(" <a href=\"#{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {n}\">↩{mark}</a>")
        })
        .collect()
}

/// A footnote label as an id part: its URL slug, or `note` when it has no letter or digit.
fn label_slug(label: &str) -> String {
    let made = slug::slugify(label);
    if made.is_empty() { String::from("note") } else { made }
}

//! Callouts: a block quote whose first line is `[!KIND]` (GitHub's alerts `NOTE`, `TIP`,
//! `IMPORTANT`, `WARNING`, `CAUTION`, and the kinds a site declares under `callouts:` in
//! `site.yaml`) becomes `<aside class="callout callout-<kind>" role="note">` opened by a
//! visible label, so the kind never rests on colour alone.
//!
//! Guarantees: pure; a `[!KIND]` that is no known kind is a problem at its byte offset with
//! the closest kind as a hint; block quotes without a marker are left as they are.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::render::markdown::BrokenLink;

/// GitHub's five alert kinds and their labels.
pub const BUILT_IN: [(&str, &str); 5] =
    [("note", "Note"), ("tip", "Tip"), ("important", "Important"), ("warning", "Warning"), ("caution", "Caution")];

/// The callout kinds a site knows: lower-case kind to its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callouts {
    kinds: BTreeMap<String, String>,
}

impl Default for Callouts {
    fn default() -> Self {
        Callouts::new(&BTreeMap::new())
    }
}

impl Callouts {
    /// The built-in kinds, and the site's `declared` ones (kind to label) over them.
    pub fn new(declared: &BTreeMap<String, String>) -> Callouts {
        let mut kinds: BTreeMap<String, String> =
            BUILT_IN.iter().map(|(k, l)| ((*k).to_owned(), (*l).to_owned())).collect();
        kinds.extend(declared.iter().map(|(k, l)| (k.to_ascii_lowercase(), l.clone())));
        Callouts { kinds }
    }

    /// The label of `kind` (any case), if it is known.
    fn label(&self, kind: &str) -> Option<&str> {
        self.kinds.get(&kind.to_ascii_lowercase()).map(String::as_str)
    }
}

/// The kind named by a marker line's text `[!KIND]`, if the text is one.
fn marker_kind(text: &str) -> Option<&str> {
    let kind = text.trim().strip_prefix("[!")?.strip_suffix(']')?;
    let mut chars = kind.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then_some(kind)
}

/// Turns the marked block quotes of `events` (each with its byte offset) into callouts;
/// unknown kinds are pushed to `problems`. The events it writes carry the offset of the
/// block quote they stand for.
pub(crate) fn box_callouts<'a>(
    events: Vec<(Event<'a>, usize)>,
    callouts: &Callouts,
    problems: &mut Vec<BrokenLink>,
) -> Vec<(Event<'a>, usize)> {
    if !events.iter().any(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_)))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // Per open block quote: whether it became a callout.
    let mut open: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let at = events[i].1;
        match &events[i].0 {
            Event::Start(Tag::BlockQuote(_)) => match marker(&events, i, callouts, problems) {
                Some(found) => {
                    let mut html = format!("<aside class=\"callout callout-{}\" role=\"note\">\n", found.class);
                    html.push_str("<p class=\"callout-label\">");
                    // Writing to a String cannot fail.
                    let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, found.label);
                    html.push_str("</p>\n");
                    out.push((Event::Html(html.into()), at));
                    if found.paragraph_goes_on {
                        out.push((Event::Start(Tag::Paragraph), at));
                    }
                    open.push(true);
                    i = found.next;
                    continue;
                }
                None => open.push(false),
            },
            Event::End(TagEnd::BlockQuote(_)) if open.pop() == Some(true) => {
                out.push((Event::Html("</aside>\n".into()), at));
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// A marker line found at the start of a block quote.
struct Marker<'k> {
    /// The kind, as a CSS class segment.
    class: String,
    label: &'k str,
    /// The index of the first event after the marker.
    next: usize,
    /// The marker's paragraph has more lines, to open again after the label.
    paragraph_goes_on: bool,
}

/// The marker of the block quote starting at `events[start]`, if it opens with one of a
/// known kind; an unknown kind is pushed to `problems`.
fn marker<'k>(
    events: &[(Event<'_>, usize)],
    start: usize,
    callouts: &'k Callouts,
    problems: &mut Vec<BrokenLink>,
) -> Option<Marker<'k>> {
    if !matches!(events.get(start + 1), Some((Event::Start(Tag::Paragraph), _))) {
        return None;
    }
    let first = start + 2;
    let mut text = String::new();
    let mut j = first;
    while let Some((Event::Text(t), _)) = events.get(j) {
        text.push_str(t);
        j += 1;
    }
    let paragraph_goes_on = match events.get(j) {
        Some((Event::SoftBreak | Event::HardBreak, _)) => true,
        Some((Event::End(TagEnd::Paragraph), _)) => false,
        _ => return None,
    };
    let kind = marker_kind(&text)?;
    let Some(label) = callouts.label(kind) else {
        let known: Vec<String> = callouts.kinds.keys().map(|k| k.to_ascii_uppercase()).collect();
        let upper = kind.to_ascii_uppercase();
        let hint = match crate::diagnostics::did_you_mean(&upper, known.iter().map(String::as_str)) {
            Some(name) => format!("did you mean `[!{name}]`?"),
            None => format!(
                "the known kinds are {}; a site declares more under `callouts:` in site.yaml",
                known.iter().map(|k| format!("`[!{k}]`")).collect::<Vec<_>>().join(", ")
            ),
        };
        problems.push(BrokenLink::problem(events[first].1, format!("unknown callout kind `[!{kind}]`"), hint));
        return None;
    };
    Some(Marker { class: slug::slugify(kind), label, next: j + 1, paragraph_goes_on })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_marker_kinds() {
        assert_eq!(marker_kind(" [!NOTE] "), Some("NOTE"));
        assert_eq!(marker_kind("[!key-finding]"), Some("key-finding"));
        assert_eq!(marker_kind("[!]"), None);
        assert_eq!(marker_kind("[!NOTE] extra"), None);
        assert_eq!(marker_kind("[!1x]"), None);
    }

    #[test]
    fn can_label_site_kinds_over_built_in_ones() {
        let declared = BTreeMap::from([("finding".to_owned(), "Key finding".to_owned())]);
        let c = Callouts::new(&declared);
        assert_eq!((c.label("FINDING"), c.label("Tip"), c.label("nope")), (Some("Key finding"), Some("Tip"), None));
    }
}

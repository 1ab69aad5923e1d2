//! Bare web and e-mail addresses in markdown text made links (`https://example.org/x`,
//! `someone@example.org`), as GitHub does, with the `linkify` crate finding them.
//!
//! Only text is looked at: never code, raw HTML, or the text of a link or image. Only
//! `http:`, `https:` and (for e-mail addresses) `mailto:` links are made, and only for
//! addresses the URL rule ([`crate::content::url`]) allows. Pure.

use std::sync::LazyLock;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::content::url;

static FINDER: LazyLock<LinkFinder> = LazyLock::new(|| {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url, LinkKind::Email]);
    finder
});

/// The link target for a found address, if it is one to link.
fn target(text: &str, kind: &LinkKind) -> Option<String> {
    let href = match kind {
        LinkKind::Email => format!("mailto:{text}"),
        _ => {
            let scheme = url::scheme(text)?;
            if scheme != "http" && scheme != "https" {
                return None;
            }
            text.to_owned()
        }
    };
    url::is_safe(&href).then_some(href)
}

/// Links the bare addresses in the text of `events`.
pub(crate) fn link_addresses(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events.iter().any(|e| matches!(e, Event::Text(t) if t.contains(['.', '@']))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // Inside a link, an image or a code block, text is left alone.
    let mut depth = 0usize;
    let mut pending = String::new();
    for event in events {
        match event {
            Event::Text(t) if depth == 0 => {
                pending.push_str(&t);
                continue;
            }
            _ => {}
        }
        flush(&mut pending, &mut out);
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(event);
    }
    flush(&mut pending, &mut out);
    out
}

/// Pushes the text gathered in `pending` (adjacent text events joined, so an address split
/// across them is found whole), its addresses as links.
fn flush(pending: &mut String, out: &mut Vec<Event<'_>>) {
    if pending.is_empty() {
        return;
    }
    let text = std::mem::take(pending);
    let mut rest = 0;
    for link in FINDER.links(&text) {
        let Some(href) = target(link.as_str(), link.kind()) else { continue };
        if link.start() > rest {
            out.push(Event::Text(text[rest..link.start()].to_owned().into()));
        }
        // `Inline`: the target is written as is (an `Email` link would get `mailto:` again).
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: href.into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(link.as_str().to_owned().into()));
        out.push(Event::End(TagEnd::Link));
        rest = link.end();
    }
    if rest < text.len() {
        out.push(Event::Text(text[rest..].to_owned().into()));
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;
    use crate::render::markdown::options;

    fn html(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, link_addresses(Parser::new_ext(md, options()).collect()).into_iter());
        out
    }

    #[test]
    fn can_link_bare_web_and_mail_addresses() {
        let out = html("See https://example.org/a_b_c?x=1, or write to team@example.org.");
        assert!(out.contains("<a href=\"https://example.org/a_b_c?x=1\">https://example.org/a_b_c?x=1</a>,"), "{out}");
        assert!(out.contains("<a href=\"mailto:team@example.org\">team@example.org</a>."), "{out}");
    }

    #[test]
    fn can_leave_code_links_and_other_schemes_alone() {
        let out = html(
            "`https://a.org` [https://b.org](https://c.org) <https://d.org>\n\n```\nhttps://e.org\n```\n\nftp://f.org javascript://g.org",
        );
        assert_eq!(out.matches("<a ").count(), 2, "{out}");
        assert!(out.contains("<code>https://a.org</code>") && out.contains("https://e.org\n</code>"), "{out}");
        assert!(!out.contains("href=\"ftp") && !out.contains("href=\"javascript"), "{out}");
    }
}

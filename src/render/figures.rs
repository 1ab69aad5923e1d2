//! Figures: an image alone in its paragraph becomes a `<figure>` numbered in its document
//! ("Figure 1"), with an id for links (`figure-1`), a `<figcaption>` (the image's title,
//! else its alt text), and, from the image facts the loader read, `width`/`height` and a
//! responsive `srcset` of its resized copies. Any other image the loader read gets its
//! `width`/`height` too. Also the check for images without alt text.
//!
//! Guarantees: pure; the same events give the same markup; ids are unique against the
//! document's other ids.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::render::markdown::{LinkContext, options, unique_id};

/// The `sizes` of a figure's `srcset`: the themes' text column is at most 48rem wide.
const SIZES: &str = "(min-width: 50rem) 48rem, 100vw";

/// Turns each paragraph holding one image alone into a figure, and sizes the other images;
/// returns the figures' ids.
pub(crate) fn figures<'a>(
    mut events: Vec<Event<'a>>,
    ctx: LinkContext<'_>,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
) -> (Vec<Event<'a>>, Vec<String>) {
    let mut ids = Vec::new();
    if !events.iter().any(|e| matches!(e, Event::Start(Tag::Image { .. }))) {
        return (events, ids);
    }
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Some((end, figure)) = lone_image(&events, i) {
            let id = unique_id(format!("figure-{}", ids.len() + 1), used, next_suffix);
            out.push(Event::Html(figure_html(&figure, &id, ids.len() + 1, ctx).into()));
            ids.push(id);
            i = end + 1;
            continue;
        }
        if let Some((end, image)) = image_at(&events, i)
            && let Some(fact) = fact_of(&image.src, ctx)
        {
            out.push(Event::InlineHtml(inline_html(&image, fact).into()));
            i = end + 1;
            continue;
        }
        out.push(std::mem::replace(&mut events[i], Event::SoftBreak));
        i += 1;
    }
    (out, ids)
}

/// An image found alone in a paragraph.
struct LoneImage {
    src: String,
    title: String,
    alt: String,
}

/// When `events[i]` opens a paragraph holding one image and nothing else: the index of the
/// paragraph's end and the image.
fn lone_image(events: &[Event<'_>], i: usize) -> Option<(usize, LoneImage)> {
    if !matches!(events[i], Event::Start(Tag::Paragraph)) {
        return None;
    }
    let (j, image) = image_at(events, i + 1)?;
    matches!(events.get(j + 1), Some(Event::End(TagEnd::Paragraph))).then_some((j + 1, image))
}

/// When `events[i]` opens an image with a source: the index of its end and the image.
fn image_at(events: &[Event<'_>], i: usize) -> Option<(usize, LoneImage)> {
    let Some(Event::Start(Tag::Image { dest_url, title, .. })) = events.get(i) else {
        return None;
    };
    if dest_url.is_empty() {
        // An unsafe source, removed: the image is left as it is.
        return None;
    }
    let mut alt = String::new();
    let mut depth = 0usize;
    let mut j = i + 1;
    loop {
        match events.get(j)? {
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
        j += 1;
    }
    Some((j, LoneImage { src: dest_url.to_string(), title: title.to_string(), alt: alt.trim().to_owned() }))
}

/// The image facts of a source under the base path, if the loader read the image.
fn fact_of<'l>(src: &str, ctx: LinkContext<'l>) -> Option<&'l crate::content::images::ImageFact> {
    src.strip_prefix(ctx.permalinks.base_path()).and_then(|dest| ctx.links.image(dest))
}

/// The markup of an image inside a paragraph with other content (not a figure), with its
/// intrinsic size, so the text around it does not move when it loads.
fn inline_html(image: &LoneImage, fact: &crate::content::images::ImageFact) -> String {
    let mut html = String::from("<img src=\"");
    let _ = escape_href(&mut html, &image.src);
    html.push_str("\" alt=\"");
    let _ = escape_html(&mut html, &image.alt);
    let _ = write!(html, "\" width=\"{}\" height=\"{}\"", fact.width, fact.height);
    if !image.title.is_empty() {
        html.push_str(" title=\"");
        let _ = escape_html(&mut html, &image.title);
        html.push('"');
    }
    html.push('>');
    html
}

/// The markup of figure `n`.
fn figure_html(image: &LoneImage, id: &str, n: usize, ctx: LinkContext<'_>) -> String {
    let mut html = String::new();
    let fact = fact_of(&image.src, ctx);
    let _ = write!(html, "<figure id=\"{id}\" class=\"figure\"><img src=\"");
    let _ = escape_href(&mut html, &image.src);
    html.push_str("\" alt=\"");
    let _ = escape_html(&mut html, &image.alt);
    html.push('"');
    if let Some(fact) = fact {
        let _ = write!(html, " width=\"{}\" height=\"{}\"", fact.width, fact.height);
        if !fact.variants.is_empty() {
            html.push_str(" srcset=\"");
            for v in &fact.variants {
                let _ = escape_href(&mut html, &ctx.permalinks.path(&v.dest));
                let _ = write!(html, " {}w, ", v.width);
            }
            let _ = escape_href(&mut html, &image.src);
            let _ = write!(html, " {}w\" sizes=\"{SIZES}\"", fact.width);
        }
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\"><figcaption><span class=\"figure-number\">");
    let _ = write!(html, "Figure {n}");
    let caption = if image.title.trim().is_empty() { &image.alt } else { &image.title };
    if caption.is_empty() {
        html.push_str("</span>");
    } else {
        html.push_str(":</span> ");
        let _ = escape_html(&mut html, caption.trim());
    }
    html.push_str("</figcaption></figure>\n");
    html
}

/// Byte offsets of the images in `markdown` that have no alt text.
pub(crate) fn missing_alt(markdown: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut open: Vec<(usize, bool)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => open.push((range.start, false)),
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(last) = open.last_mut() {
                    last.1 = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, has_text)) = open.pop() {
                    if !has_text {
                        found.push(offset);
                    }
                    if has_text && let Some(outer) = open.last_mut() {
                        outer.1 = true;
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_find_images_without_alt_text() {
        assert_eq!(missing_alt("![](a.png) and ![Chart](b.png)\n\n![ ](c.png)"), vec![0, 32]);
    }
}

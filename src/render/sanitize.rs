//! Hostile markdown made harmless: links and images whose target breaks the URL rule
//! ([`crate::content::url`]) lose the target and keep their text, and raw HTML written in
//! markdown is sanitised with ammonia unless the site opts in to trusted HTML
//! (`markdown: { unsafe_html: true }` in `site.yaml`).
//!
//! The policy keeps harmless formatting (`<sup>`, `<abbr>`, `<details>`, tables, `<br>`,
//! `<span class>`...) and removes scripts, styles, frames, objects, forms, event handlers,
//! `style` attributes and unsafe URLs. A body with raw HTML is sanitised whole, so an
//! element opened in one HTML block and closed in another (`<details>` around markdown)
//! keeps its content; highlighted code blocks are set aside first and put back as they
//! were. A body without raw HTML is rendered exactly as before.
//!
//! [`audit`] reports, without rendering, every removal the render will make, at its byte
//! offset in the markdown: the loader turns them into warnings at file and line.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

use crate::content::url;
use crate::render::markdown::{HighlightCode, options};

/// Elements kept (with the attributes below).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] =
    &["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea", "select"];

/// Attributes kept on every kept element.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "lang", "title"];

/// Attributes kept on some elements (besides the generic ones).
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "aria-label"]),
    // Task list checkboxes (checkboxes only: see `allowed_attribute`) and footnotes.
    ("input", &["type", "disabled", "checked", "aria-label"]),
    ("sup", &["id"]),
    ("li", &["id"]),
    ("section", &["aria-label"]),
    // Callouts.
    ("aside", &["role"]),
    ("img", &["src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"]),
    ("figure", &["id"]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    ("div", &["id"]),
    ("ol", &["start", "reversed"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("th", &["colspan", "rowspan", "scope", "style"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("details", &["open"]),
    ("pre", &[CODE_ATTRIBUTE]),
];

/// Attributes holding a URL, checked against the URL rule.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// Marks where a highlighted code block is put back after sanitising.
const CODE_ATTRIBUTE: &str = "data-chancery-code";

/// The only `style` kept: the column alignment the markdown renderer writes on table cells.
fn allowed_style(value: &str) -> bool {
    matches!(value.trim().trim_end_matches(';'), "text-align: left" | "text-align: center" | "text-align: right")
}

/// Whether attribute `attr` of a kept element `tag` with `value` survives.
fn allowed_attribute(tag: &str, attr: &str, value: &str) -> bool {
    let listed = GENERIC_ATTRIBUTES.contains(&attr)
        || TAG_ATTRIBUTES.iter().any(|(t, attrs)| *t == tag && attrs.contains(&attr));
    listed
        && (attr != "style" || allowed_style(value))
        && (tag != "input" || attr != "type" || value.eq_ignore_ascii_case("checkbox"))
        && (!URL_ATTRIBUTES.contains(&attr) || url::is_safe(value))
}

/// The ammonia policy, built once.
static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                .collect::<HashMap<&str, HashSet<&str>>>(),
        )
        .url_schemes(url::ALLOWED_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|tag, attr, value| allowed_attribute(tag, attr, value).then_some(value.into()));
    b
});

/// Drops the target of every link and image that breaks the URL rule, keeping the link's
/// text (an image's alt text becomes plain text).
pub(crate) fn neutralise_links(events: &mut Vec<Event<'_>>) {
    if !events.iter().any(|e| matches!(e, Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if !url::is_safe(dest_url)))
    {
        return;
    }
    // Links do not nest, images may sit in links: one stack of "dropped?" per kind.
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    events.retain(|e| match e {
        Event::Start(Tag::Link { dest_url, .. }) => {
            let drop = !url::is_safe(dest_url);
            links.push(drop);
            !drop
        }
        Event::End(TagEnd::Link) => !links.pop().unwrap_or(false),
        Event::Start(Tag::Image { dest_url, .. }) => {
            let drop = !url::is_safe(dest_url);
            images.push(drop);
            !drop
        }
        Event::End(TagEnd::Image) => !images.pop().unwrap_or(false),
        _ => true,
    });
}

/// Writes `events` as HTML to `out`, highlighting code; raw HTML is sanitised unless
/// `trusted`.
pub(crate) fn push_html(out: &mut String, events: Vec<Event<'_>>, trusted: bool) {
    if trusted || !events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))) {
        pulldown_cmark::html::push_html(out, HighlightCode::new(events.into_iter()));
        return;
    }
    // Code blocks are highlighted apart and stand in the document as empty marked `<pre>`s.
    let mut codes: Vec<String> = Vec::new();
    let mut doc_events = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        if !matches!(event, Event::Start(Tag::CodeBlock(_))) {
            doc_events.push(event);
            continue;
        }
        let mut block = vec![event];
        for inner in iter.by_ref() {
            let end = matches!(inner, Event::End(TagEnd::CodeBlock));
            block.push(inner);
            if end {
                break;
            }
        }
        let mut code = String::new();
        pulldown_cmark::html::push_html(&mut code, HighlightCode::new(block.into_iter()));
        doc_events.push(Event::Html(placeholder(codes.len()).into()));
        codes.push(code);
    }
    let mut doc = String::with_capacity(out.capacity());
    pulldown_cmark::html::push_html(&mut doc, doc_events.into_iter());
    let mut clean = POLICY.clean(&doc).to_string();
    // The serializer escapes `"` in attribute values and `<` in text, so this exact text
    // can only be a real element: an author who writes one gets a copy of a code block.
    for (i, code) in codes.iter().enumerate() {
        clean = clean.replacen(&placeholder(i), code, 1);
    }
    out.push_str(&clean);
}

fn placeholder(i: usize) -> String {
    format!("<pre {CODE_ATTRIBUTE}=\"{i}\"></pre>")
}

/// One removal the render makes, at a byte offset of the markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the markdown.
    pub offset: usize,
    /// What is removed, in words.
    pub message: String,
}

/// Every removal rendering `markdown` makes (links always; raw HTML unless `trusted`).
pub fn audit(markdown: &str, trusted: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if !markdown.contains(['<', ']']) {
        return out;
    }
    // An HTML block comes as several events: scanned whole, from where it starts.
    let mut block: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Err(why) = url::check(&dest_url) {
                    out.push(Finding {
                        offset: range.start,
                        message: format!(
                            "removed the unsafe link target `{}` ({why}; use {}); the link text is kept",
                            dest_url.escape_debug(),
                            url::ALLOWED
                        ),
                    });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Err(why) = url::check(&dest_url) {
                    out.push(Finding {
                        offset: range.start,
                        message: format!(
                            "removed the unsafe image source `{}` ({why}; use {}); the alt text is kept",
                            dest_url.escape_debug(),
                            url::ALLOWED
                        ),
                    });
                }
            }
            Event::Start(Tag::HtmlBlock) if !trusted => block = Some((range.start, String::new())),
            Event::Html(html) if !trusted => match &mut block {
                Some((_, text)) => text.push_str(&html),
                None => scan(&html, range.start, &mut out),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, text)) = block.take() {
                    scan(&text, start, &mut out);
                }
            }
            Event::InlineHtml(html) if !trusted => scan(&html, range.start, &mut out),
            _ => {}
        }
    }
    out
}

// Fixed patterns: `None` only if one were invalid, which the tests would catch.
static COMMENT: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?(-->|\z)").ok());
static TAG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s*[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"#)
        .ok()
});
static ATTRIBUTE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#).ok());

/// Records what the policy removes from the HTML fragment `html`, found at `offset`.
fn scan(html: &str, offset: usize, out: &mut Vec<Finding>) {
    let (Some(comment), Some(tags), Some(attributes)) = (&*COMMENT, &*TAG, &*ATTRIBUTE) else { return };
    // Comments are dropped and were never shown: blanked out, keeping offsets.
    let blank = comment.replace_all(html, |c: &regex::Captures<'_>| " ".repeat(c[0].len()));
    // Inside an element dropped with its content, until its end tag.
    let mut inside: Option<String> = None;
    for tag in tags.captures_iter(&blank) {
        let closing = !tag[1].is_empty();
        let name = tag[2].to_ascii_lowercase();
        if let Some(dropped) = &inside {
            if closing && name == *dropped {
                inside = None;
            }
            continue;
        }
        if closing {
            continue;
        }
        let at = offset + tag.get(0).map_or(0, |m| m.start());
        if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
            out.push(Finding { offset: at, message: format!("removed <{name}> element and its content") });
            inside = Some(name);
            continue;
        }
        if !TAGS.contains(&name.as_str()) {
            out.push(Finding { offset: at, message: format!("removed <{name}> element (its text is kept)") });
            continue;
        }
        for attribute in attributes.captures_iter(&tag[3]) {
            let attr = attribute[1].to_ascii_lowercase();
            let value = attribute.get(2).or(attribute.get(3)).or(attribute.get(4)).map_or("", |m| m.as_str());
            if allowed_attribute(&name, &attr, value) {
                continue;
            }
            let why = if URL_ATTRIBUTES.contains(&attr.as_str()) && !url::is_safe(value) {
                format!(" (unsafe URL `{}`)", value.escape_debug())
            } else {
                String::new()
            };
            out.push(Finding { offset: at, message: format!("removed {attr} attribute of <{name}>{why}") });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(md: &str) -> String {
        let mut events: Vec<Event<'_>> = Parser::new_ext(md, options()).collect();
        neutralise_links(&mut events);
        let mut html = String::new();
        push_html(&mut html, events, false);
        html
    }

    fn messages(md: &str) -> Vec<String> {
        audit(md, false).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn can_remove_scripts_handlers_and_unsafe_urls() {
        let html = clean(
            "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n\n<img src=x onerror=alert(1)>\n\n<a href=\" JaVa\tscript:alert(1)\">a</a>\n",
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick") && !html.contains("onerror"), "{html}");
        assert!(!html.to_lowercase().contains("java"), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(html.contains("<img src=\"x\">"), "{html}");
        assert_eq!(
            messages(
                "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n\n<img src=x onerror=alert(1)>\n"
            ),
            [
                "removed <script> element and its content",
                "removed onclick attribute of <b>",
                "removed onerror attribute of <img>",
            ]
        );
    }

    #[test]
    fn can_keep_harmless_formatting_and_markdown_inside_details() {
        let md = "<details><summary>More</summary>\n\nInside *md* with H<sub>2</sub>O and x<sup>2</sup>, <abbr title=\"World Trade Organization\">WTO</abbr><br>\n\n</details>\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```rust\nlet x = \"<script>\";\n```\n";
        let html = clean(md);
        assert!(html.contains("<details><summary>More</summary>"), "{html}");
        assert!(
            html.contains("<em>md</em>") && html.contains("<sub>2</sub>") && html.contains("<sup>2</sup>"),
            "{html}"
        );
        assert!(html.contains("<abbr title=\"World Trade Organization\">WTO</abbr><br>"), "{html}");
        assert!(html.trim_end().ends_with("</pre>"), "{html}");
        let details_end = html.find("</details>").expect("details closed");
        assert!(html.find("<em>").expect("em") < details_end, "markdown stays inside <details>: {html}");
        assert!(html.contains("style=\"text-align: right\""), "{html}");
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, HighlightCode::new(Parser::new_ext(md, options())));
        let code = &plain[plain.find("<pre").expect("code")..];
        assert!(html.ends_with(code), "code block untouched:\n{html}\n{code}");
        assert_eq!(messages(md), Vec::<String>::new());
    }

    #[test]
    fn can_drop_unsafe_link_targets_keeping_text() {
        let html = clean("[click](javascript:alert(1)) <data:text/html,x> ![pic](vbscript:x) [ok](https://e.org/)\n");
        assert!(!html.contains("javascript") && !html.contains("href=\"data") && !html.contains("vbscript"), "{html}");
        assert!(
            html.contains("click") && html.contains("pic") && html.contains("<a href=\"https://e.org/\">ok</a>"),
            "{html}"
        );
        assert_eq!(audit("x\n\n[click](javascript:alert(1))", true)[0].offset, 3);
    }

    #[test]
    fn can_keep_task_boxes_and_footnote_ids_but_no_other_inputs() {
        let html = clean(
            "<input type=\"checkbox\" disabled checked aria-label=\"done\"> <input type=\"text\" value=\"x\"> <sup id=\"fnref-a\">1</sup>\n",
        );
        assert!(html.contains("<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\">"), "{html}");
        assert!(html.contains("<input>") && !html.contains("text") && !html.contains("value"), "{html}");
        assert!(html.contains("<sup id=\"fnref-a\">1</sup>"), "{html}");
    }

    #[test]
    fn can_keep_raw_html_when_trusted() {
        let md = "<script>alert(1)</script>\n\n<b onclick=\"x()\">b</b>\n";
        let mut html = String::new();
        push_html(&mut html, Parser::new_ext(md, options()).collect(), true);
        assert!(html.contains("<script>alert(1)</script>") && html.contains("onclick"), "{html}");
        assert!(audit(md, true).is_empty());
    }
}

//! Markdown events to Typst markup: the events the HTML renderer walks (links resolved,
//! callouts boxed, citations formatted) written as Typst content instead of HTML.
//!
//! Guarantees: pure; every character of the author's text that Typst reads as markup is
//! escaped, so text reaches the PDF as written; structure is written with function calls
//! (`#heading`, `#list`, `#table`, `#footnote`...), never with markup shorthands a text
//! could complete or break.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};

/// Where the markup's links and images point.
pub(crate) struct Targets<'a> {
    /// The site's origin and base path (`https://e.org/sub/`), for root-relative links.
    pub base_url: &'a str,
    /// The base path (`/sub/`), which root-relative URLs start with.
    pub base_path: &'a str,
    /// The brief's web page, for links to anchors of the page itself.
    pub page_url: &'a str,
    /// The path in the world of an image by its URL, when the world has its bytes.
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

/// Appends `text` to `out` with every character Typst markup gives a meaning escaped.
pub(crate) fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// `text` as a Typst string literal.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as a Typst content block of escaped text.
pub(crate) fn content(text: &str) -> String {
    let mut out = String::from("[");
    push_text(&mut out, text);
    out.push(']');
    out
}

/// How deep containers nest before the rest is written flat.
const MAX_DEPTH: usize = 8;

/// What a container needs at its end and between its children.
enum Open {
    /// A call whose arguments are content blocks (`#list(`...`)`), separated by commas.
    Args,
    /// A content block `[`...`]` closed by `]` plus what follows it.
    Block(&'static str),
    /// A container not written (too deep, or a kind the PDF does not show): its children
    /// are written in the one around it.
    Flat,
    /// A table's cells, separated by commas.
    Table,
}

/// The text of the author's raw HTML (or of the HTML a pass wrote): its tags dropped, its
/// entities decoded.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The label of a callout's opening HTML (`<aside class="callout ...">` then its label).
fn callout_label(html: &str) -> Option<String> {
    if !html.starts_with("<aside class=\"callout") {
        return None;
    }
    let start = html.find("callout-label\">")? + "callout-label\">".len();
    let end = html[start..].find("</p>")? + start;
    Some(html_text(&html[start..end]))
}

/// The Typst markup of `markdown` read on its own: no site to resolve links against, no
/// images (the brief's markup is made by the render, from its own walk).
pub fn body(markdown: &str) -> String {
    let events: Vec<Event<'_>> =
        pulldown_cmark::Parser::new_ext(markdown, crate::render::markdown::options()).collect();
    let image = |_: &str| None;
    markup(&events, &Targets { base_url: "", base_path: "/", page_url: "", image: &image })
}

/// Typst markup of `events` (a brief's body).
pub(crate) fn markup(events: &[Event<'_>], targets: &Targets<'_>) -> String {
    let notes = footnote_definitions(events, targets);
    let mut w = Writer { out: String::with_capacity(events.len() * 16), stack: Vec::new(), notes: &notes, targets };
    let mut i = 0;
    while i < events.len() {
        i = w.event(events, i);
    }
    w.out
}

/// Each footnote definition's markup, by label.
fn footnote_definitions(events: &[Event<'_>], targets: &Targets<'_>) -> HashMap<String, String> {
    let mut notes = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
            let start = i + 1;
            let j = footnote_end(events, start);
            let inner = markup(&events[start..j.min(events.len())], targets);
            notes.insert(label.to_string(), inner.trim().to_owned());
            i = j + 1;
            continue;
        }
        i += 1;
    }
    notes
}

struct Writer<'a> {
    out: String,
    stack: Vec<Open>,
    notes: &'a HashMap<String, String>,
    targets: &'a Targets<'a>,
}

impl Writer<'_> {
    /// The absolute address of `url` as the web page has it.
    fn address(&self, url: &str) -> String {
        let t = self.targets;
        if let Some(anchor) = url.strip_prefix('#') {
            return format!("{}#{anchor}", t.page_url);
        }
        match url.strip_prefix(t.base_path) {
            Some(rest) if url.starts_with('/') => format!("{}{rest}", t.base_url),
            _ => url.to_owned(),
        }
    }

    /// Whether the nearest container separates its children with commas.
    fn in_args(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Args | Open::Table))
    }

    /// Writes event `i` (and, for some, those it owns); the index of the next event.
    fn event(&mut self, events: &[Event<'_>], i: usize) -> usize {
        match &events[i] {
            Event::Start(tag) => return self.start(events, i, tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(t) => push_text(&mut self.out, t),
            Event::Code(t) => {
                self.out.push_str("#raw(");
                self.out.push_str(&string(t));
                self.out.push(')');
            }
            Event::Html(h) | Event::InlineHtml(h) => self.html(h),
            Event::FootnoteReference(label) => match self.notes.get(label.as_ref()) {
                Some(note) => {
                    self.out.push_str("#footnote[");
                    self.out.push_str(note);
                    self.out.push(']');
                }
                None => push_text(&mut self.out, &format!("[^{label}]")),
            },
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self.out.push_str("\n#line(length: 100%)\n\n"),
            Event::TaskListMarker(done) => push_text(&mut self.out, if *done { "[x] " } else { "[ ] " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut self.out, t),
        }
        i + 1
    }

    fn html(&mut self, html: &str) {
        if let Some(label) = callout_label(html) {
            self.out.push_str("\n#callout(");
            self.out.push_str(&string(&label));
            self.out.push_str(")[");
            self.stack.push(Open::Block("]\n\n"));
        } else if html.starts_with("</aside>") {
            if let Some(Open::Block(after)) = self.stack.pop() {
                self.out.push_str(after);
            }
        } else {
            push_text(&mut self.out, &html_text(html));
        }
    }

    fn start(&mut self, events: &[Event<'_>], i: usize, tag: &Tag<'_>) -> usize {
        let container = !matches!(tag, Tag::Image { .. } | Tag::CodeBlock(_) | Tag::FootnoteDefinition(_));
        if container && self.too_deep() && !self.in_args() {
            self.out.push(' ');
            self.stack.push(Open::Flat);
            return i + 1;
        }
        match tag {
            Tag::Paragraph => {
                if let Some(next) = self.figure(events, i) {
                    return next;
                }
                self.open_block(None, "\n\n");
            }
            Tag::Heading { level, .. } => {
                let level = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => 1,
                    HeadingLevel::H3 => 2,
                    HeadingLevel::H4 => 3,
                    HeadingLevel::H5 => 4,
                    HeadingLevel::H6 => 5,
                };
                self.open_block(Some(format!("\n#heading(level: {level})")), "\n\n");
            }
            Tag::BlockQuote(_) => self.open_block(Some("\n#quote(block: true)".to_owned()), "\n\n"),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or_default().to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j] {
                        code.push_str(t);
                    }
                    j += 1;
                }
                let code = code.strip_suffix('\n').unwrap_or(&code);
                let lang =
                    if lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+') && !lang.is_empty() {
                        format!(", lang: {}", string(&lang))
                    } else {
                        String::new()
                    };
                self.open_item();
                self.out.push_str(&format!("\n#raw(block: true{lang}, {})\n", string(code)));
                self.close_item();
                return j + 1;
            }
            Tag::List(start) => {
                self.open_item();
                match start {
                    Some(n) => self.out.push_str(&format!("\n#enum(start: {n}, ")),
                    None => self.out.push_str("\n#list("),
                }
                self.stack.push(Open::Args);
            }
            Tag::Item => self.open_block(Some(String::new()), ", "),
            Tag::FootnoteDefinition(_) => {
                // Written where it is referenced.
                return footnote_end(events, i + 1) + 1;
            }
            Tag::Table(aligns) => {
                self.open_item();
                let align: Vec<&str> = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::Right => "right",
                        Alignment::Center => "center",
                        Alignment::None | Alignment::Left => "left",
                    })
                    .collect();
                self.out.push_str(&format!(
                    "\n#table(columns: {}, align: ({},), ",
                    aligns.len().max(1),
                    if align.is_empty() { "left".to_owned() } else { align.join(", ") }
                ));
                self.stack.push(Open::Table);
            }
            Tag::TableHead => {
                self.out.push_str("table.header(");
                self.stack.push(Open::Args);
            }
            Tag::TableRow => {}
            Tag::TableCell => self.open_block(Some(String::new()), ", "),
            Tag::Emphasis => self.open_block(Some("#emph".to_owned()), ""),
            Tag::Strong => self.open_block(Some("#strong".to_owned()), ""),
            Tag::Strikethrough => self.open_block(Some("#strike".to_owned()), ""),
            Tag::Superscript => self.open_block(Some("#super".to_owned()), ""),
            Tag::Subscript => self.open_block(Some("#sub".to_owned()), ""),
            Tag::Link { dest_url, .. } => {
                let address = self.address(dest_url);
                self.open_block(Some(format!("#link({})", string(&address))), "");
            }
            Tag::Image { dest_url, title, .. } => {
                let alt = alt_text(events, i);
                let j = end_of_image(events, i);
                match (self.targets.image)(dest_url) {
                    Some(path) => self.out.push_str(&format!(
                        "#box(height: 1em, image({}, alt: {}))",
                        string(&path),
                        string(&alt)
                    )),
                    None => push_text(&mut self.out, if title.is_empty() { &alt } else { title }),
                }
                return j;
            }
            Tag::HtmlBlock => {}
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition | Tag::MetadataBlock(_) => {
                self.stack.push(Open::Flat)
            }
        }
        i + 1
    }

    /// Whether a container opened now would be too deep: Typst's parser and layout
    /// recurse, so very deep nesting (thousands of `>`) is written flat past this depth.
    fn too_deep(&self) -> bool {
        self.stack.len() >= MAX_DEPTH
    }

    /// A paragraph holding only an image: a figure with the image's title as its caption;
    /// the index after the paragraph.
    fn figure(&mut self, events: &[Event<'_>], i: usize) -> Option<usize> {
        let Some(Event::Start(Tag::Image { dest_url, title, .. })) = events.get(i + 1) else { return None };
        let end = end_of_image(events, i + 1);
        if !matches!(events.get(end), Some(Event::End(TagEnd::Paragraph))) {
            return None;
        }
        let path = (self.targets.image)(dest_url)?;
        let alt = alt_text(events, i + 1);
        let caption: &str = if title.is_empty() { &alt } else { title };
        self.open_item();
        self.out.push_str(&format!(
            "\n#figure(image({}, alt: {}, width: 100%), caption: {})\n\n",
            string(&path),
            string(&alt),
            content(caption)
        ));
        self.close_item();
        Some(end + 1)
    }

    /// Opens a content block after `call` (nothing for a bare block: a paragraph, or `[`
    /// for an argument), closed with `after`.
    fn open_block(&mut self, call: Option<String>, after: &'static str) {
        match call {
            None => {
                // A paragraph: inside an argument list it is the argument itself.
                if self.in_args() {
                    self.out.push('[');
                    self.stack.push(Open::Block("], "));
                } else {
                    self.stack.push(Open::Block(after));
                }
            }
            Some(call) => {
                self.out.push_str(&call);
                self.out.push('[');
                self.stack.push(Open::Block(if after.is_empty() { "]" } else { after_close(after) }));
            }
        }
    }

    /// Before a block written whole: inside an argument list it becomes one argument.
    fn open_item(&mut self) {
        if self.in_args() {
            self.out.push('[');
        }
    }

    /// After a block written whole.
    fn close_item(&mut self) {
        if self.in_args() {
            self.out.push_str("], ");
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableRow | TagEnd::HtmlBlock => {}
            TagEnd::Image | TagEnd::FootnoteDefinition => {}
            TagEnd::List(_) | TagEnd::TableHead | TagEnd::Table => {
                if matches!(self.stack.pop(), Some(Open::Flat)) {
                    self.out.push(' ');
                    return;
                }
                self.out.push(')');
                if matches!(tag, TagEnd::TableHead) {
                    self.out.push_str(", ");
                } else {
                    self.out.push('\n');
                    self.close_item();
                }
            }
            _ => match self.stack.pop() {
                Some(Open::Block(after)) => self.out.push_str(after),
                Some(Open::Flat) => self.out.push(' '),
                Some(Open::Args | Open::Table) | None => {}
            },
        }
    }
}

/// What closes a block opened with a call: `]` then what follows the block.
fn after_close(after: &'static str) -> &'static str {
    match after {
        "\n\n" => "]\n\n",
        ", " => "], ",
        _ => "]",
    }
}

/// The index after the `End(Image)` of the image starting at `i`.
fn end_of_image(events: &[Event<'_>], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j < events.len() {
        match &events[j] {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    j
}

/// The alt text of the image starting at `i`: the text of its events.
fn alt_text(events: &[Event<'_>], i: usize) -> String {
    let mut alt = String::new();
    for e in &events[i + 1..end_of_image(events, i).saturating_sub(1).max(i + 1)] {
        if let Event::Text(t) | Event::Code(t) = e {
            alt.push_str(t);
        }
    }
    alt
}

/// The index of the end of the footnote definition whose body starts at `start` (the
/// definitions nested in it skipped), or the number of events when it has none.
fn footnote_end(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 1;
    for (j, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn typst(md: &str) -> String {
        let events: Vec<Event<'_>> = Parser::new_ext(md, crate::render::markdown::options()).collect();
        let image = |_: &str| None;
        markup(
            &events,
            &Targets {
                base_url: "https://e.org/sub/",
                base_path: "/sub/",
                page_url: "https://e.org/sub/b/",
                image: &image,
            },
        )
    }

    #[test]
    fn can_escape_every_markup_character() {
        let mut out = String::new();
        push_text(&mut out, "#let x = $y$ *b* _i_ @ref <l> `c` \\ [a] = - + / ~ ... 'q' \"q\" // c");
        assert!(out.starts_with("\\#let x \\= \\$y\\$ \\*b\\* \\_i\\_ \\@ref \\<l\\> \\`c\\` \\\\ \\[a\\]"), "{out}");
        assert!(out.contains("\\/\\/ c"), "{out}");
    }

    #[test]
    fn can_write_structure_with_calls() {
        let t = typst("## Why\n\nSome *em* and **strong** [link](/sub/x/).\n\n- one\n- two\n\n1. a\n2. b\n");
        assert!(t.contains("#heading(level: 1)[Why]"), "{t}");
        assert!(t.contains("#emph[em]") && t.contains("#strong[strong]"), "{t}");
        assert!(t.contains("#link(\"https://e.org/sub/x/\")[link]"), "{t}");
        assert!(t.contains("#list([one], [two], )"), "{t}");
        assert!(t.contains("#enum(start: 1, [a], [b], )"), "{t}");
    }

    #[test]
    fn can_write_footnotes_where_they_are_referenced() {
        let t = typst("Claim[^1].\n\n[^1]: The *source*.\n");
        assert!(t.contains("Claim#footnote[The #emph[source]\\.]\\."), "{t}");
    }

    #[test]
    fn can_write_tables_and_code() {
        let t = typst("| a | b |\n|---|--:|\n| 1 | 2 |\n\n```rust\nlet x = \"y\";\n```\n");
        assert!(t.contains("#table(columns: 2, align: (left, right,), table.header([a], [b], ), [1], [2], )"), "{t}");
        assert!(t.contains("#raw(block: true, lang: \"rust\", \"let x = \\\"y\\\";\")"), "{t}");
    }
}

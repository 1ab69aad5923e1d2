//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, smart
//! punctuation, task lists and heading attributes, extended by passes over its events:
//! `@/`, relative (`.md` and bundle files) and root-relative link resolution, bare addresses
//! linked ([`autolink`]), task list checkboxes, callouts ([`callouts`]), footnotes with links
//! back ([`footnotes`]), figures ([`figures`]), citations, heading ids (stable, unique across
//! headings, footnotes and figures) and the table of contents, and syntect highlighting of
//! fenced code.
//!
//! Guarantees: pure; the same input gives the same HTML; unresolved internal links are
//! returned with their byte offsets so the caller can name file and line.
//!
//! [`autolink`]: crate::render::autolink
//! [`callouts`]: crate::render::callouts
//! [`figures`]: crate::render::figures
//! [`footnotes`]: crate::render::footnotes

use std::collections::{BTreeMap, HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::model::links::LinkReader;
use crate::model::permalink::Permalinks;
use crate::render::blocks::Blocks;
use crate::render::citations::{self, Citations, Citer};
use crate::render::shortcodes::{self, Expanded};
use crate::render::{autolink, callouts, figures, footnotes, highlight, sanitize};

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;

/// One table-of-contents entry (h2, with its h3 children).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// h3 entries under an h2.
    pub children: Vec<TocEntry>,
}

/// A rendered markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// h2/h3 outline.
    pub toc: Vec<TocEntry>,
    /// Words of text (code excluded).
    pub word_count: usize,
    /// The text without markup (code excluded), for the search index.
    pub text: String,
    /// The ids of all headings, in document order, then those of the footnotes and their
    /// references.
    pub ids: Vec<String>,
    /// Resolved `@/` links that carry an `#anchor`, to check once every target is rendered.
    pub anchors: Vec<AnchorLink>,
    /// The sources cited (`[@key]`), and keys the bibliography does not have.
    pub citations: Citations,
    /// Root-relative links (`/timeline/`) to no copied file: each must be a generated
    /// output, which the caller checks (byte offset, output path without the base path).
    pub root_links: Vec<(usize, String)>,
}

/// An `@/file.md#anchor` link whose file exists; its anchor is checked after rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    /// Byte offset of the link in the markdown.
    pub offset: usize,
    /// Where the link is in its file (1-based line, 0 in seed text, and column): set by
    /// the caller, who knows where the markdown sits in its file; 0 until then.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// The target file, relative to `content/` (`briefs/x.md`).
    pub file: String,
    /// The anchor, without `#`.
    pub anchor: String,
}

/// What the link pass saw.
#[derive(Debug, Default)]
struct LinkLog {
    broken: Vec<BrokenLink>,
    anchors: Vec<AnchorLink>,
    root_links: Vec<(usize, String)>,
}

impl Rendered {
    /// Minutes to read, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// An internal link (`@/...` or a relative `.md` one) whose target does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// Byte offset of the link in the markdown.
    pub offset: usize,
    /// The missing file, relative to `content/` (`None`: the link leads out of `content/`).
    pub target: Option<String>,
    /// The link as written, without its `#anchor`.
    pub written: String,
    /// Another problem at `offset` (a callout or a shortcode): its message and hint.
    pub problem: Option<(String, String)>,
}

impl BrokenLink {
    /// A problem other than a link, at byte `offset`.
    pub(crate) fn problem(offset: usize, message: String, hint: String) -> BrokenLink {
        BrokenLink { offset, target: None, written: String::new(), problem: Some((message, hint)) }
    }
}

/// What links resolve against.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'a> {
    /// `@/` link table, through a reader that notes what the render looked up.
    pub links: &'a LinkReader<'a>,
    /// URL maker.
    pub permalinks: &'a Permalinks,
    /// The folder, relative to `content/` with a trailing `/`, of the file whose markdown
    /// this is (`briefs/`, `pages/programmes/`): relative `.md` links start there.
    pub base: &'a str,
    /// Callout kinds and shortcodes.
    pub blocks: &'a Blocks,
    /// The data files shortcodes of this body read (path as written to text), which the
    /// loader read beside the brief.
    pub data: &'a BTreeMap<String, String>,
}

/// No data files, for bodies that have none.
pub static NO_DATA: BTreeMap<String, String> = BTreeMap::new();

/// The markdown extensions every body is read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Renders `markdown`; broken `@/` links are errors; raw HTML is sanitised.
pub fn render_markdown(markdown: &str, ctx: LinkContext<'_>) -> Result<Rendered, Vec<BrokenLink>> {
    render_markdown_with(markdown, ctx, false)
}

/// [`render_markdown`], keeping raw HTML as written when `trusted_html` (the site's
/// `markdown.unsafe_html`). Unsafe link targets are dropped either way (see [`sanitize`]).
///
/// [`sanitize`]: crate::render::sanitize
pub fn render_markdown_with(
    markdown: &str,
    ctx: LinkContext<'_>,
    trusted_html: bool,
) -> Result<Rendered, Vec<BrokenLink>> {
    walk(markdown, ctx, trusted_html, true, None)
}

/// A brief's walk: [`render_markdown_with`] with its citations resolved against `cite` and
/// a "References" section at the end. Without `with_html` it makes everything but the HTML
/// (outline, ids, words, text, links: the same walk), for a build that makes the HTML only
/// when it writes the page, so the HTML of a large site is never all in memory. Without
/// `cite` (a brief with no bibliography), every `[@key]` is returned as an unknown key.
pub fn render_brief_markdown(
    markdown: &str,
    ctx: LinkContext<'_>,
    trusted_html: bool,
    with_html: bool,
    cite: Option<&Citer<'_>>,
) -> Result<Rendered, Vec<BrokenLink>> {
    walk(markdown, ctx, trusted_html, with_html, Some(cite))
}

/// The markdown walk of [`render_markdown_with`], writing HTML only `with_html`; `cite` is
/// `None` where `[@key]` is plain text (pages, shortcode bodies), `Some` for a brief (with
/// its bibliography, if it has one).
fn walk(
    markdown: &str,
    ctx: LinkContext<'_>,
    trusted_html: bool,
    with_html: bool,
    cite: Option<Option<&Citer<'_>>>,
) -> Result<Rendered, Vec<BrokenLink>> {
    let mut expanded = match crate::content::shortcodes::may_hold_calls(markdown) {
        false => Expanded::default(),
        true => shortcodes::expand(markdown, &ctx.blocks.shortcodes, ctx.data, &|body| {
            walk(body, ctx, trusted_html, true, None).map(|r| shortcodes::Body { html: r.html, toc: r.toc })
        })?,
    };
    // The text with markers is taken out, so the events may borrow it while the outputs
    // take their headings' final ids.
    let marked = expanded.text.take();
    let has_markers = marked.is_some();
    let source = marked.as_deref().unwrap_or(markdown);
    let mut log = LinkLog::default();
    let events: Vec<(Event<'_>, usize)> = Parser::new_ext(source, options())
        .into_offset_iter()
        .map(|(event, range)| (resolve_link(event, range.start, ctx, &mut log), range.start))
        .collect();
    let events = callouts::box_callouts(events, &ctx.blocks.callouts, &mut log.broken);
    if has_markers {
        log.broken.iter_mut().for_each(|b| b.offset = expanded.original(b.offset));
        log.anchors.iter_mut().for_each(|a| a.offset = expanded.original(a.offset));
        log.root_links.iter_mut().for_each(|(o, _)| *o = expanded.original(*o));
    }
    if !log.broken.is_empty() {
        return Err(log.broken);
    }
    let (events, offsets): (Vec<Event<'_>>, Vec<usize>) = events.into_iter().unzip();
    // Only the author's raw HTML is sanitised, not the markup the passes below write.
    let raw_html = events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let (events, mut found, cited_text) = match cite {
        Some(c) => citations::cite(events, &offsets, source, c, with_html),
        None => (events, Citations::default(), Vec::new()),
    };
    if has_markers {
        found.unknown.iter_mut().for_each(|u| u.offset = expanded.original(u.offset));
    }
    let mut text = plain_text(&events, &cited_text);
    if has_markers {
        text = Expanded::strip(&text);
    }
    let (text, word_count) = single_spaced(&text);
    let events = task_boxes(autolink::link_addresses(events));
    // Ids written by hand are taken first, so generated ones never collide with them; the
    // footnotes' next, then the headings'.
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut next_suffix = HashMap::new();
    let (mut events, note_ids) = footnotes::link_footnotes(events, &mut used, &mut next_suffix);
    // Before the figures are written as markup, which the neutralising does not read.
    sanitize::neutralise_links(&mut events);
    let (events, figure_ids) = figures::figures(events, ctx, &mut used, &mut next_suffix);
    let (mut events, mut toc, mut ids) =
        heading_ids(events, &mut used, &mut next_suffix, has_markers.then_some(&mut expanded));
    ids.extend(note_ids);
    ids.extend(figure_ids);
    if let Some(Some(c)) = cite
        && !found.keys.is_empty()
    {
        let id = unique_id("references".to_owned(), &mut used, &mut next_suffix);
        if with_html {
            events.push(Event::Html(citations::section(&found.keys, c, &id).into()));
        }
        toc.push(TocEntry { level: 2, id: id.clone(), title: "References".to_owned(), children: Vec::new() });
        ids.push(id);
        ids.extend(citations::entry_ids(&found.keys));
    }
    let mut html = String::new();
    if with_html {
        html.reserve(markdown.len() * 3 / 2);
        sanitize::push_html(&mut html, events, trusted_html || !raw_html);
        expanded.fill(&mut html);
    }
    Ok(Rendered {
        html,
        toc,
        word_count,
        text,
        ids,
        anchors: log.anchors,
        citations: found,
        root_links: log.root_links,
    })
}

/// The text of `events` without markup (code blocks left out), each citation as its plain
/// text (`cited`: by event index), for the search index and the word count.
fn plain_text(events: &[Event<'_>], cited: &[(usize, String)]) -> String {
    let mut text = String::new();
    let mut in_code = false;
    let mut cited = cited.iter().peekable();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => text.push_str(t),
            Event::InlineHtml(_) if cited.peek().is_some_and(|(at, _)| *at == i) => {
                text.push_str(cited.next().map_or("", |(_, t)| t.as_str()));
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::FootnoteDefinition,
            ) => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The events of a brief's body as the PDF sets them: links resolved, bare addresses
/// linked, callouts boxed and citations formatted as in [`render_brief_markdown`] (the
/// same passes over the same parse), shortcodes left out; and the entries of its
/// "References" section as HTML, in the style's order. Footnotes, figures and task boxes
/// are left as pulldown-cmark's events, for the PDF's own footnotes and figures.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(crate) fn pdf_events<'a>(
    markdown: &'a str,
    ctx: LinkContext<'_>,
    cite: Option<&Citer<'_>>,
) -> (Vec<Event<'a>>, Vec<String>) {
    let mut log = LinkLog::default();
    let events: Vec<(Event<'a>, usize)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(event, range)| (resolve_link(event, range.start, ctx, &mut log), range.start))
        .collect();
    let events = callouts::box_callouts(events, &ctx.blocks.callouts, &mut log.broken);
    let (events, offsets): (Vec<Event<'a>>, Vec<usize>) = events.into_iter().unzip();
    let (events, found, _) = citations::cite(events, &offsets, markdown, cite, true);
    let references = match cite {
        Some(c) if !found.keys.is_empty() => citations::reference_items(&found.keys, c),
        _ => Vec::new(),
    };
    (autolink::link_addresses(events), references)
}

/// Rewrites `@/...` and relative `.md` link and image targets to URLs under the base path.
fn resolve_link<'a>(event: Event<'a>, offset: usize, ctx: LinkContext<'_>, log: &mut LinkLog) -> Event<'a> {
    let rewrite = |dest: CowStr<'a>, log: &mut LinkLog| -> CowStr<'a> {
        if let Some(path) = dest.strip_prefix('/').filter(|p| !p.starts_with(['/', '\\'])) {
            // Root-relative: a path of the published site, under the base path.
            let file = path.split(['#', '?']).next().unwrap_or_default();
            if !ctx.links.has_file(file) {
                log.root_links.push((offset, file.to_owned()));
            }
            return ctx.permalinks.path(path).into();
        }
        let (file, anchor) = match ctx.links.internal_target(ctx.base, &dest) {
            None => return dest,
            Some(Err(())) => {
                let written = dest.split('#').next().unwrap_or_default().to_owned();
                log.broken.push(BrokenLink { offset, target: None, written, problem: None });
                return dest;
            }
            Some(Ok(found)) => found,
        };
        match ctx.links.get(&file) {
            Some(rel) => {
                let mut url = ctx.permalinks.path(rel);
                if let Some(anchor) = anchor {
                    url.push('#');
                    url.push_str(&anchor);
                    if !anchor.is_empty() {
                        log.anchors.push(AnchorLink { offset, line: 0, column: 0, file, anchor });
                    }
                }
                url.into()
            }
            None => {
                let written = dest.split('#').next().unwrap_or_default().to_owned();
                log.broken.push(BrokenLink { offset, target: Some(file), written, problem: None });
                dest
            }
        }
    };
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: rewrite(dest_url, log), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: rewrite(dest_url, log), title, id })
        }
        other => other,
    }
}

/// Task list items (`- [x] done`): the item marked, its checkbox disabled and labelled
/// for screen readers.
fn task_boxes(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    for i in 1..events.len() {
        let Event::TaskListMarker(done) = events[i] else { continue };
        let label = if done { "done" } else { "not done" };
        let checked = if done { " checked" } else { "" };
        events[i] = Event::InlineHtml(
            format!("<input type=\"checkbox\" class=\"task-box\" disabled{checked} aria-label=\"{label}\"> ").into(),
        );
        if matches!(events[i - 1], Event::Start(Tag::Item)) {
            events[i - 1] = Event::Html("<li class=\"task\">".into());
        }
    }
    events
}

/// Gives every heading an id (its own `{#id}`, else a slug of its text, made unique against
/// `used`) and collects the h2/h3 outline, with the headings of block shortcodes' bodies
/// where their markers stand. `next_suffix`: per base id, the suffix to try next (see
/// [`unique_id`]).
fn heading_ids<'a>(
    mut events: Vec<Event<'a>>,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
    mut expanded: Option<&mut Expanded>,
) -> (Vec<Event<'a>>, Vec<TocEntry>, Vec<String>) {
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            if let (Some(expanded), Event::Text(t)) = (expanded.as_deref_mut(), &events[i]) {
                for m in Expanded::markers_in(t) {
                    for entry in expanded.claim_headings(m, used, next_suffix) {
                        ids.push(entry.id.clone());
                        place(&mut toc, entry);
                    }
                }
            }
            i += 1;
            continue;
        };
        let level = *level;
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j] {
                text.push_str(t);
            }
            j += 1;
        }
        let id = match id {
            Some(id) => id.to_string(),
            None => {
                let base = match slug::slugify(&text) {
                    s if s.is_empty() => "section".to_owned(),
                    s => s,
                };
                unique_id(base, used, next_suffix)
            }
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
            *slot = Some(id.clone().into());
        }
        ids.push(id.clone());
        let entry = TocEntry { level: 0, id, title: text.trim().to_owned(), children: Vec::new() };
        match level {
            HeadingLevel::H2 => place(&mut toc, TocEntry { level: 2, ..entry }),
            HeadingLevel::H3 => place(&mut toc, TocEntry { level: 3, ..entry }),
            _ => {}
        }
        i = j + 1;
    }
    (events, toc, ids)
}

/// Puts an h2 entry at the end of `toc`, an h3 under the last entry (at the top before any).
fn place(toc: &mut Vec<TocEntry>, entry: TocEntry) {
    match (entry.level, toc.last_mut()) {
        (3, Some(parent)) => parent.children.push(entry),
        _ => toc.push(entry),
    }
}

/// The first of `base`, `base-1`, `base-2`, ... not in `used`, which it then joins.
///
/// `next_suffix` remembers, per base, where the last search ended: the candidates before
/// it were taken then and `used` only grows, so they still are, and starting there gives
/// the same id as probing from `base` again. Each candidate is so tried at most once per
/// base, and many equal headings cost linear, not quadratic, time.
pub(crate) fn unique_id(base: String, used: &mut HashSet<String>, next_suffix: &mut HashMap<String, usize>) -> String {
    let n = next_suffix.entry(base.clone()).or_insert(0);
    let mut candidate = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
    while used.contains(&candidate) {
        *n += 1;
        candidate = format!("{base}-{n}");
    }
    *n += 1;
    used.insert(candidate.clone());
    candidate
}

/// Replaces fenced and indented code blocks by syntect-highlighted HTML.
pub(crate) struct HighlightCode<'a, I> {
    inner: I,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'a, I: Iterator<Item = Event<'a>>> HighlightCode<'a, I> {
    pub(crate) fn new(inner: I) -> Self {
        HighlightCode { inner, _marker: std::marker::PhantomData }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HighlightCode<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.inner.next()?;
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            return Some(event);
        };
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or_default().to_owned(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for inner in self.inner.by_ref() {
            match inner {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        Some(Event::Html(highlight::highlight(&code, &lang).into()))
    }
}

/// `text` with each run of whitespace made one space and none at the ends, and its number
/// of words (one pass).
fn single_spaced(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut words = 0;
    for word in text.split_whitespace() {
        if words > 0 {
            out.push(' ');
        }
        out.push_str(word);
        words += 1;
    }
    (out, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_single_space_text_and_count_its_words() {
        assert_eq!(single_spaced("  a\n\tb  c "), ("a b c".to_owned(), 3));
        assert_eq!(single_spaced(" \n "), (String::new(), 0));
    }

    fn render(md: &str) -> Result<Rendered, Vec<BrokenLink>> {
        let mut links = crate::model::links::Links::default();
        links.insert("briefs/a.md".into(), "briefs/alpha/".into());
        let permalinks = Permalinks::new("https://e.org/sub/", "/sub/");
        let blocks = Blocks::default();
        let links = LinkReader::new(&links);
        render_markdown(
            md,
            LinkContext { links: &links, permalinks: &permalinks, base: "briefs/", blocks: &blocks, data: &NO_DATA },
        )
    }

    #[test]
    fn can_give_headings_unique_ids_and_toc() {
        let r = render("## Why now?\n\ntext\n\n### Detail\n\n## Why now?\n\n## Own {#mine}\n").expect("ok");
        assert!(r.html.contains("<h2 id=\"why-now\">Why now?</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"why-now-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"mine\">Own</h2>"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "detail");
    }

    /// The ids `heading_ids` gives to headings written as `lines`.
    fn ids_of(lines: &[&str]) -> Vec<String> {
        render(&lines.iter().map(|l| format!("## {l}\n\n")).collect::<String>()).expect("ok").ids
    }

    #[test]
    fn can_keep_ids_unique_when_a_natural_id_looks_suffixed() {
        assert_eq!(ids_of(&["a", "a", "a-1", "a"]), vec!["a", "a-1", "a-1-1", "a-2"]);
        assert_eq!(ids_of(&["a-1", "a", "a", "a"]), vec!["a-1", "a", "a-2", "a-3"]);
        assert_eq!(ids_of(&["x {#a-2}", "a", "a", "a", "a"]), vec!["a-2", "a", "a-1", "a-3", "a-4"]);
        assert_eq!(ids_of(&["a", "a-1", "a", "a-1"]), vec!["a", "a-1", "a-2", "a-1-1"]);
    }

    #[test]
    fn can_make_the_ids_the_probe_from_one_makes() {
        // The plain definition: probe `base`, `base-1`, ... from the start every time.
        fn probe(base: &str, used: &mut HashSet<String>) -> String {
            let mut candidate = base.to_owned();
            let mut n = 1;
            while used.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            used.insert(candidate.clone());
            candidate
        }
        let bases = ["a", "a-1", "a-2", "a-1-1", "b", "a-10"];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200 {
            let (mut used, mut next, mut plain) = (HashSet::new(), HashMap::new(), HashSet::new());
            for _ in 0..30 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let base = bases[(state % bases.len() as u64) as usize];
                assert_eq!(unique_id(base.to_owned(), &mut used, &mut next), probe(base, &mut plain));
            }
        }
    }

    #[test]
    fn can_give_ten_thousand_equal_headings_distinct_ids() {
        let r = render(&"## Same\n\n".repeat(10_000)).expect("ok");
        assert_eq!(r.ids.len(), 10_000);
        assert_eq!(r.ids.iter().collect::<HashSet<_>>().len(), 10_000, "ids repeat");
        assert_eq!((r.ids[0].as_str(), r.ids[1].as_str(), r.ids[9_999].as_str()), ("same", "same-1", "same-9999"));
    }

    #[test]
    fn can_resolve_internal_links_under_sub_path() {
        let r = render("See [a](@/briefs/a.md#why) and [x](https://x.org).").expect("ok");
        assert!(r.html.contains("href=\"/sub/briefs/alpha/#why\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.org\""), "{}", r.html);
    }

    #[test]
    fn errors_on_missing_internal_link_with_offset() {
        let broken = render("Line one.\n\nSee [b](@/briefs/b.md).").expect_err("broken");
        let target = Some("briefs/b.md".to_owned());
        assert_eq!(broken, vec![BrokenLink { offset: 15, target, written: "@/briefs/b.md".to_owned(), problem: None }]);
    }

    #[test]
    fn can_render_tables_footnotes_strikethrough_and_smart_quotes() {
        let r =
            render("| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1] ~~old~~ \"quoted\"\n\n[^1]: The note.\n").expect("ok");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(
            r.html.contains("<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        assert!(r.html.contains("“quoted”"), "{}", r.html);
    }

    #[test]
    fn can_link_footnotes_both_ways_with_ids_unique_across_headings() {
        let md = "## Timeline\n\nA[^timeline] and B[^b] and A again[^timeline].\n\n## fn-timeline\n\n[^b]: Bee.\n\n[^timeline]: The timeline note.\n\n[^unused]: Never cited.\n";
        let r = render(md).expect("ok");
        let html = &r.html;
        assert!(html.contains("<h2 id=\"timeline\">Timeline</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"fn-timeline-1\">fn-timeline</h2>"), "{html}");
        // Numbered by first reference; every reference has its own id and a link back.
        assert!(
            html.contains("A<sup class=\"footnote-ref\" id=\"fnref-timeline\"><a href=\"#fn-timeline\">1</a></sup>"),
            "{html}"
        );
        assert!(html.contains("B<sup class=\"footnote-ref\" id=\"fnref-b\"><a href=\"#fn-b\">2</a></sup>"), "{html}");
        assert!(html.contains("id=\"fnref-timeline-1\"><a href=\"#fn-timeline\">1</a>"), "{html}");
        let notes = &html[html.find("<section class=\"footnotes\"").expect("notes")..];
        let (first, second) = (notes.find("id=\"fn-timeline\"").expect("1"), notes.find("id=\"fn-b\"").expect("2"));
        assert!(first < second && notes.find("id=\"fn-unused\"").expect("3") > second, "{notes}");
        assert!(notes.contains("<p>The timeline note. <a href=\"#fnref-timeline\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref-timeline-1\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩<sup>2</sup></a></p>"), "{notes}");
        assert!(notes.contains("<p>Never cited.</p>"), "{notes}");
        let ids: HashSet<&String> = r.ids.iter().collect();
        assert_eq!(ids.len(), r.ids.len(), "ids repeat: {:?}", r.ids);
        assert!(r.ids.contains(&"fn-timeline".to_owned()) && r.ids.contains(&"fnref-b".to_owned()), "{:?}", r.ids);
    }

    #[test]
    fn can_render_task_lists_with_disabled_labelled_boxes() {
        let r = render("- [x] Drafted\n- [ ] Reviewed\n- plain\n").expect("ok");
        assert!(r.html.contains("<li class=\"task\"><input type=\"checkbox\" class=\"task-box\" disabled checked aria-label=\"done\"> Drafted</li>"), "{}", r.html);
        assert!(r.html.contains("<li class=\"task\"><input type=\"checkbox\" class=\"task-box\" disabled aria-label=\"not done\"> Reviewed</li>"), "{}", r.html);
        assert!(r.html.contains("<li>plain</li>"), "{}", r.html);
    }

    #[test]
    fn can_resolve_relative_md_links_and_report_missing_ones() {
        let r = render("[a](a.md#why) [up](../briefs/a.md)").expect("ok");
        assert!(r.html.contains("<a href=\"/sub/briefs/alpha/#why\">a</a>"), "{}", r.html);
        assert!(r.html.contains("<a href=\"/sub/briefs/alpha/\">up</a>"), "{}", r.html);
        assert_eq!(r.anchors[0].file, "briefs/a.md");
        let broken = render("x [b](other.md) [out](../../x.md)").expect_err("broken");
        assert_eq!(broken[0].target.as_deref(), Some("briefs/other.md"));
        assert_eq!((broken[1].target.as_deref(), broken[1].written.as_str()), (None, "../../x.md"));
    }

    #[test]
    fn can_highlight_fenced_code() {
        let r = render("```rust\nlet x = 1;\n```\n").expect("ok");
        assert!(r.html.contains("data-lang=\"rust\""), "{}", r.html);
        assert_eq!(r.word_count, 0);
    }

    #[test]
    fn can_count_words_for_reading_time() {
        let r = render(&"word ".repeat(500)).expect("ok");
        assert_eq!(r.word_count, 500);
        assert_eq!(r.reading_minutes(), 3);
    }
}

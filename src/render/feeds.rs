//! Machine-readable outputs: Atom feeds (site-wide and per term), the sitemap and its
//! index, robots.txt (the timeline's JSON is [`super::timeline`]'s, the search index
//! [`crate::search`]'s). XML is written with quick-xml, so text is always escaped.
//!
//! Guarantees: pure; timestamps come from brief dates, never the clock.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::content::date::PartialDate;
use crate::model::Site;
use crate::model::permalink;

pub(crate) type Xml = Writer<Vec<u8>>;

pub(crate) fn start(writer: &mut Xml) -> io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
}

/// RFC 3339 timestamp of a date at midnight UTC.
pub(crate) fn timestamp(date: PartialDate) -> String {
    format!("{}T00:00:00Z", date.iso())
}

/// The `updated` of a feed without entries.
pub(crate) const EPOCH: &str = "1970-01-01T00:00:00Z";

/// What a feed says of itself before its entries.
pub(crate) struct Head<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    /// Site-relative paths of the feed and of the HTML page it mirrors.
    pub rel: &'a str,
    pub html_rel: &'a str,
    /// An Atom timestamp.
    pub updated: &'a str,
}

/// A feed's title, subtitle, self and alternate links, id, updated, author and generator.
pub(crate) fn head(w: &mut Xml, site: &Site, head: &Head<'_>) -> io::Result<()> {
    let p = &site.permalinks;
    text_element(w, "title", head.title)?;
    if let Some(subtitle) = head.subtitle {
        text_element(w, "subtitle", subtitle)?;
    }
    let self_url = p.absolute(head.rel);
    w.create_element("link")
        .with_attribute(("rel", "self"))
        .with_attribute(("type", "application/atom+xml"))
        .with_attribute(("href", self_url.as_str()))
        .write_empty()?;
    let html_url = p.absolute(head.html_rel);
    w.create_element("link")
        .with_attribute(("rel", "alternate"))
        .with_attribute(("type", "text/html"))
        .with_attribute(("href", html_url.as_str()))
        .write_empty()?;
    text_element(w, "id", &self_url)?;
    text_element(w, "updated", head.updated)?;
    if !site.config.author.name.is_empty() {
        w.create_element("author").write_inner_content(|w| text_element(w, "name", &site.config.author.name))?;
    }
    text_element(w, "generator", "Chancery")
}

pub(crate) fn text_element(w: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

/// What one Atom feed holds.
pub struct FeedSpec<'a> {
    /// Feed title.
    pub title: &'a str,
    /// Site-relative path of the feed file.
    pub rel: &'a str,
    /// Site-relative path of the HTML page it mirrors.
    pub html_rel: &'a str,
    /// Briefs (indices into the site's), newest first.
    pub briefs: &'a [usize],
    /// Each brief's full HTML, in `briefs` order (the site-wide feed), or `None` for
    /// entries with only its summary (term feeds: one per term, so they stay small).
    pub content: Option<&'a [String]>,
}

/// An Atom feed with each brief's summary and, if `spec.content`, its full content.
pub fn atom(site: &Site, spec: &FeedSpec<'_>) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    start(&mut w)?;
    let updated = spec.briefs.iter().map(|&i| site.briefs[i].updated.unwrap_or(site.briefs[i].date)).max();
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", site.config.language.as_str()))
        .write_inner_content(|w| {
            let subtitle = Some(site.config.description.as_str()).filter(|d| !d.is_empty());
            let updated = updated.map_or_else(|| EPOCH.to_owned(), timestamp);
            head(
                w,
                site,
                &Head { title: spec.title, subtitle, rel: spec.rel, html_rel: spec.html_rel, updated: &updated },
            )?;
            for (n, &i) in spec.briefs.iter().enumerate() {
                // A body still holding a TODO placeholder goes out as a link only.
                let full = spec.content.and_then(|c| c.get(n)).filter(|_| !site.briefs[i].todo_body);
                entry(w, site, full.map(String::as_str), i)?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn entry(w: &mut Xml, site: &Site, content: Option<&str>, i: usize) -> io::Result<()> {
    let b = &site.briefs[i];
    let url = site.permalinks.absolute(&permalink::brief_rel(&b.slug));
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "title", &b.title)?;
        w.create_element("link")
            .with_attribute(("rel", "alternate"))
            .with_attribute(("type", "text/html"))
            .with_attribute(("href", url.as_str()))
            .write_empty()?;
        text_element(w, "id", &url)?;
        text_element(w, "published", &timestamp(b.date))?;
        text_element(w, "updated", &timestamp(b.updated.unwrap_or(b.date)))?;
        for a in &b.authors {
            w.create_element("author").write_inner_content(|w| text_element(w, "name", &a.name))?;
        }
        for t in &site.taxonomies {
            for name in b.taxonomies.get(&t.name).into_iter().flatten() {
                w.create_element("category")
                    .with_attribute(("term", crate::content::terms::term_slug(name).as_str()))
                    .with_attribute(("label", name.as_str()))
                    .write_empty()?;
            }
        }
        if !b.published_summary().is_empty() {
            text_element(w, "summary", b.published_summary())?;
        }
        if let Some(html) = content {
            w.create_element("content").with_attribute(("type", "html")).write_text_content(BytesText::new(html))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The sitemap: every HTML page, with `lastmod` for briefs.
pub fn sitemap(site: &Site, pages: &[(String, Option<PartialDate>)]) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    start(&mut w)?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (rel, lastmod) in pages {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &site.permalinks.absolute(rel))?;
                    if let Some(d) = lastmod {
                        text_element(w, "lastmod", &d.iso())?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// A sitemap index over the sitemap files `rels`.
pub fn sitemap_index(site: &Site, rels: &[String]) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    start(&mut w)?;
    w.create_element("sitemapindex")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for rel in rels {
                w.create_element("sitemap")
                    .write_inner_content(|w| text_element(w, "loc", &site.permalinks.absolute(rel)))?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// robots.txt allowing everything and naming the sitemap.
pub fn robots(site: &Site) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", site.permalinks.absolute("sitemap.xml")).into_bytes()
}

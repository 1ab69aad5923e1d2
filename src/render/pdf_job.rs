//! What a brief's PDF is made from: the theme's `pdf/brief.typ`, and a generated Typst
//! module `data.typ` that gives it the brief as Typst values (`brief`: title, authors,
//! dates, topics, summary, key points, references, "Cite this", addresses, licence) and
//! its body as Typst markup (`body`), from the same walk of the markdown as the page.
//!
//! Guarantees: pure but for reading the bytes of the images the body shows; every value
//! is a Typst string literal or escaped markup, never text spliced in as code.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::content::Brief;
use crate::content::date::PartialDate;
use crate::error::{Error, Result};
use crate::model::Site;
use crate::model::permalink;
use crate::pdf::markup::{self, string};
use crate::pdf::typeset::Job;
use crate::render::blocks::Blocks;
use crate::render::markdown::{self, LinkContext};

/// The name of the PDF template among the theme's templates.
pub const TEMPLATE: &str = "pdf/brief.typ";

/// How the body's callouts are set: a labelled box (the body is evaluated in this module).
const CALLOUT: &str = "#let callout(label, body) = block(width: 100%, stroke: (left: 2pt + luma(120)), \
inset: (left: 10pt, y: 6pt), breakable: true)[#strong(label) #linebreak() #body]\n";

/// The job that makes the PDF of brief `brief` of `site`, whose markdown body is `body`.
pub(crate) fn job(site: &Site, brief: &Brief, body: &str, blocks: &Blocks) -> Result<Job> {
    let Some(template) = site.templates.iter().find(|t| t.name == TEMPLATE) else {
        return Err(Error::Template {
            path: std::path::PathBuf::from("templates").join(TEMPLATE),
            name: TEMPLATE.to_owned(),
            line: 0,
            column: 0,
            page: None,
            message: "the theme has no PDF template; add one, or turn PDFs off with `pdf: { enabled: false }`".into(),
        });
    };
    let base = crate::render::prepare::folder_of("briefs", &brief.file_name);
    let reader = crate::model::links::LinkReader::new(&site.links);
    let ctx = LinkContext { links: &reader, permalinks: &site.permalinks, base: &base, blocks, data: &brief.data };
    let citer = crate::render::citations::citer(site, brief);
    let (events, references) = markdown::pdf_events(body, ctx, citer.as_ref());
    let page_url = site.permalinks.absolute(&permalink::brief_rel(&brief.slug));
    let files = RefCell::new(BTreeMap::new());
    let image = |url: &str| image_file(site, url, &files);
    let targets = markup::Targets {
        base_url: site.permalinks.base_url(),
        base_path: site.permalinks.base_path(),
        page_url: &page_url,
        image: &image,
    };
    let body = markup::markup(&events, &targets);
    let references: Vec<String> = references.iter().map(|r| markup::html_text(r)).collect();
    let data = data_module(site, brief, &page_url, &body, &references);
    let date = (i32::from(brief.date.year), day_part(brief.date.month), day_part(brief.date.day));
    Ok(Job {
        template: template.text.clone(),
        template_path: template.path.clone(),
        data,
        files: files.into_inner(),
        date,
        ident: page_url,
        brief: brief.path.clone(),
        config: site.config.pdf,
    })
}

/// The PDF of `brief`: taken from the store when it holds the PDF's key
/// ([`crate::render::pdf_key`]), else typeset (and kept there).
pub(crate) fn made(
    site: &Site,
    brief: &Brief,
    body: &str,
    blocks: &Blocks,
    store: Option<(&dyn crate::render::PdfStore, u128)>,
) -> Result<Vec<u8>> {
    if let Some(bytes) = store.and_then(|(s, key)| s.get(key)) {
        return Ok(bytes);
    }
    let bytes = crate::pdf::typeset(&job(site, brief, body, blocks)?)?;
    if let Some((store, key)) = store {
        store.put(key, &bytes);
    }
    Ok(bytes)
}

fn day_part(part: Option<i8>) -> u8 {
    part.and_then(|p| u8::try_from(p).ok()).unwrap_or(1)
}

/// The world path of the image at `url` (a root-relative URL of a copied file), its bytes
/// read into `files`; `None` for an address elsewhere, a file the site does not copy, or a
/// format Typst cannot read.
fn image_file(site: &Site, url: &str, files: &RefCell<BTreeMap<String, Vec<u8>>>) -> Option<String> {
    let (i, dest) = crate::render::pdf_key::image_file(site, url.strip_prefix(site.permalinks.base_path())?)?;
    let path = format!("assets/{dest}");
    if files.borrow().contains_key(&path) {
        return Some(format!("/{path}"));
    }
    let bytes = site.static_files[i].source.bytes().ok()?.into_owned();
    files.borrow_mut().insert(path.clone(), bytes);
    Some(format!("/{path}"))
}

/// `value` as a Typst string, or `none` when empty.
fn optional(value: &str) -> String {
    if value.is_empty() { "none".to_owned() } else { string(value) }
}

/// A Typst array of strings (with the trailing comma a one-item array needs).
fn strings<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("(");
    for v in values {
        out.push_str(&string(v));
        out.push_str(", ");
    }
    out.push(')');
    out
}

fn date_value(date: PartialDate) -> String {
    format!("datetime(year: {}, month: {}, day: {})", date.year, day_part(date.month), day_part(date.day))
}

/// The `data.typ` module of a brief.
fn data_module(site: &Site, brief: &Brief, page_url: &str, body: &str, references: &[String]) -> String {
    let c = &site.config;
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("// Generated by Chancery: the brief's data and body for the PDF template.\n#let brief = (\n");
    let mut field = |name: &str, value: String| {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "  {name}: {value},");
    };
    field("title", string(&brief.title));
    let authors: Vec<String> = brief
        .authors
        .iter()
        .map(|a| format!("(name: {}, affiliation: {})", string(&a.name), optional(&a.affiliation)))
        .collect();
    field("authors", format!("({}{})", authors.join(", "), if authors.is_empty() { "" } else { "," }));
    let author_names = crate::render::cite::author_names(site, brief);
    field("author-names", strings(author_names.iter().copied()));
    let publisher = if c.publisher.name.is_empty() { &c.title } else { &c.publisher.name };
    field("publisher", string(publisher));
    field("site", string(&c.title));
    field("date", date_value(brief.date));
    field("date-text", string(&brief.date.to_string()));
    field("updated-text", brief.updated.map_or("none".to_owned(), |u| string(&u.to_string())));
    let topics = brief.taxonomies.get("topics").map(Vec::as_slice).unwrap_or_default();
    field("topics", strings(topics.iter().map(String::as_str)));
    field("summary", optional(brief.published_summary()));
    field("key-points", strings(brief.key_points.iter().map(String::as_str)));
    field("references", strings(references.iter().map(String::as_str)));
    field("cite-this", string(&crate::render::cite::reference(site, brief)));
    field("url", string(page_url));
    field("doi", brief.doi.as_deref().map_or("none".to_owned(), string));
    field("report-number", brief.report_number.as_deref().map_or("none".to_owned(), string));
    field("series", brief.series.as_deref().map_or("none".to_owned(), string));
    field("licence", optional(&c.licence));
    let (lang, region) = language(&c.language);
    field("language", string(&lang));
    field("region", region.as_deref().map_or("none".to_owned(), string));
    field("paper", string(c.pdf.paper.typst_name()));
    out.push_str(")\n\n");
    out.push_str(CALLOUT);
    out.push_str("\n#let body = [\n");
    out.push_str(body);
    out.push_str("\n]\n");
    out
}

/// The language and region Typst takes from a BCP 47 tag (`en-GB`: `en`, `GB`); English
/// when the tag's language is not two or three letters.
fn language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    let lang =
        if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic()) { lang } else { "en".into() };
    let region =
        parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())).map(str::to_ascii_uppercase);
    (lang, region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_the_language_and_region_of_a_tag() {
        assert_eq!(language("en-GB"), ("en".to_owned(), Some("GB".to_owned())));
        assert_eq!(language("fr"), ("fr".to_owned(), None));
        assert_eq!(language("x"), ("en".to_owned(), None));
    }
}

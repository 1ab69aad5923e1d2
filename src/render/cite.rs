//! "Cite this brief": a plain-text reference (APA-like), the brief's record for reference
//! managers (what its JSON-LD lacks: the key, the terms, the site's title; from both, the
//! page's `cite.js` makes the BibTeX, RIS and CSL-JSON it copies and saves), those three
//! records as Rust writes them (what `cite.js` must match, byte for byte: the tests compare
//! them), and the schema.org `Report` JSON-LD of a brief page, each with the brief's DOI,
//! report number and series when it has them.
//!
//! Guarantees: pure; BibTeX values are brace-escaped so titles with `&`, `%`, `{`, `_` or
//! `#` stay valid; the record and the JSON-LD are safe inside `<script>` (`<`, `>` and `&`
//! are `\u`-escaped).

use serde::Serialize;
use serde_json::json;

use crate::content::Brief;
use crate::content::date::PartialDate;
use crate::content::publication;
use crate::model::Site;
use crate::model::permalink;

/// A brief's PDF, for `brief.pdf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PdfLink {
    /// Its absolute address.
    pub url: String,
    /// Its path under the base path, for links.
    pub path: String,
    /// Its size in bytes (none when it is made only when asked for, as `serve` does).
    pub size: Option<usize>,
    /// Its size for readers (`84 kB`, `1.2 MB`; empty when unknown).
    pub size_text: String,
}

impl PdfLink {
    /// The link to the PDF at `url` and `path` of `size` bytes.
    pub fn new(url: String, path: String, size: Option<usize>) -> PdfLink {
        let size_text = match size {
            Some(size) if size >= 1_000_000 => format!("{:.1} MB", size as f64 / 1_000_000.0),
            Some(size) => format!("{} kB", size.div_ceil(1000)),
            None => String::new(),
        };
        PdfLink { url, path, size, size_text }
    }
}

/// A brief's citations, for `brief.citation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// One line of text, APA-like.
    pub text: String,
    /// What `cite.js` needs besides the page's JSON-LD (title, address, authors, dates,
    /// publisher, summary, identifiers) to make BibTeX, RIS and CSL-JSON, as JSON safe inside
    /// `<script type="application/json">`: `{"id": <the record's key>, "keywords": [<terms
    /// of every taxonomy>], "site": <the site's title>}`.
    pub record: String,
    /// The file name the BibTeX record is downloaded as (`<slug>.bib`); the page carries
    /// the record, so no file is written for it.
    pub bib_name: String,
    /// The file name the RIS record is downloaded as (`<slug>.ris`).
    pub ris_name: String,
    /// The file name the CSL-JSON record is downloaded as (`<slug>-citation.json`: the
    /// brief's `<slug>.json` lists the sources it cites).
    pub csl_name: String,
}

/// A brief's records for reference managers as Rust writes them: what the page's `cite.js`
/// makes from [`Citation::record`] (and must match byte for byte).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Records {
    /// A BibTeX `@techreport` record.
    pub bibtex: String,
    /// An RIS record, lines ending in CR LF.
    pub ris: String,
    /// A CSL-JSON record (an array of one item, as Zotero imports it), on one line.
    pub csl: String,
}

/// The names a brief is cited under: its authors, else the site's author, else publisher.
pub(crate) fn author_names<'a>(site: &'a Site, brief: &'a Brief) -> Vec<&'a str> {
    if !brief.authors.is_empty() {
        return brief.authors.iter().map(|a| a.name.as_str()).collect();
    }
    [&site.config.author.name, &site.config.publisher.name]
        .into_iter()
        .find(|n| !n.is_empty())
        .map(|n| vec![n.as_str()])
        .unwrap_or_default()
}

fn month_name(date: PartialDate) -> &'static str {
    date.month_name().unwrap_or("")
}

/// What every citation format of a brief names: its address, authors and publisher.
struct Cited<'a> {
    url: String,
    authors: Vec<&'a str>,
    publisher: &'a str,
}

impl<'a> Cited<'a> {
    fn new(site: &'a Site, brief: &'a Brief) -> Cited<'a> {
        let publisher = if site.config.publisher.name.is_empty() {
            site.config.title.as_str()
        } else {
            &site.config.publisher.name
        };
        Cited {
            url: site.permalinks.absolute(&permalink::brief_rel(&brief.slug)),
            authors: author_names(site, brief),
            publisher,
        }
    }
}

/// The citations of `brief`.
pub fn citation(site: &Site, brief: &Brief) -> Citation {
    let c = Cited::new(site, brief);
    Citation {
        text: plain_text(site, brief, &c.authors, &c.url),
        record: record(site, brief),
        bib_name: format!("{}.bib", brief.slug),
        ris_name: format!("{}.ris", brief.slug),
        csl_name: format!("{}-citation.json", brief.slug),
    }
}

/// The plain-text reference of `brief` alone (`citation`'s `text`).
pub fn reference(site: &Site, brief: &Brief) -> String {
    let c = Cited::new(site, brief);
    plain_text(site, brief, &c.authors, &c.url)
}

/// The BibTeX, RIS and CSL-JSON records of `brief`, as `cite.js` makes them on its page.
pub fn records(site: &Site, brief: &Brief) -> Records {
    let c = Cited::new(site, brief);
    Records {
        bibtex: bibtex(site, brief, &c.authors, c.publisher, &c.url),
        ris: ris(site, brief, &c.authors, c.publisher, &c.url),
        csl: json!([csl_item(site, brief, &c)]).to_string(),
    }
}

/// The terms of `brief` in every taxonomy, in the site's order of taxonomies (RIS `KW`).
fn keywords<'a>(site: &'a Site, brief: &'a Brief) -> impl Iterator<Item = &'a String> + 'a {
    site.taxonomies.iter().flat_map(|t| brief.taxonomies.get(&t.name).into_iter().flatten())
}

/// [`Citation::record`]: what the page's JSON-LD ([`json_ld_full`]) does not hold already.
fn record(site: &Site, brief: &Brief) -> String {
    let value = json!({
        "id": record_key(brief),
        "keywords": keywords(site, brief).collect::<Vec<_>>(),
        "site": site.config.title,
    });
    script_safe(&value.to_string())
}

/// JSON text with `<`, `>` and `&` as `\u` escapes, so that no `</script>` ends it early.
fn script_safe(text: &str) -> String {
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The key a brief is cited under in its records (`slug_with_underscores2024`).
fn record_key(brief: &Brief) -> String {
    format!("{}{}", brief.slug.replace('-', "_"), brief.date.year)
}

/// `Author. (2022, April 15). Title (updated 19 March 2024). Site. URL`
fn plain_text(site: &Site, brief: &Brief, authors: &[&str], url: &str) -> String {
    let d = brief.date;
    let mut text = String::new();
    if !authors.is_empty() {
        text.push_str(&join_names(authors));
        if !text.ends_with('.') {
            text.push('.');
        }
        text.push(' ');
    }
    text.push_str(&format!("({}, {} {}). {}", d.year, month_name(d), d.day.unwrap_or(1), brief.title));
    if let Some(number) = &brief.report_number {
        text.push_str(&format!(" ({number})"));
    } else if let Some(u) = brief.updated {
        text.push_str(&format!(" (updated {u})"));
    }
    if !text.ends_with(['.', '?', '!']) {
        text.push('.');
    }
    if let Some(series) = &brief.series {
        text.push_str(&format!(" {series}."));
    }
    // A DOI is the lasting address of the brief: cited instead of its page.
    let address = brief.doi.as_deref().map_or_else(|| url.to_owned(), publication::doi_url);
    text.push_str(&format!(" {}. {address}", site.config.title));
    text
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}, & {last}", init.join(", ")),
    }
}

/// Braces and backslash-escapes for a BibTeX field value.
fn bib_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

fn bibtex(site: &Site, brief: &Brief, authors: &[&str], publisher: &str, url: &str) -> String {
    let d = brief.date;
    let key = record_key(brief);
    // Institutional authors are double-braced so BibTeX does not split them into names.
    let author = if brief.authors.is_empty() {
        authors.first().map(|a| format!("{{{}}}", bib_escape(a))).unwrap_or_default()
    } else {
        authors.iter().map(|a| bib_escape(a)).collect::<Vec<_>>().join(" and ")
    };
    let mut fields = vec![("title", format!("{{{}}}", bib_escape(&brief.title)))];
    if !author.is_empty() {
        fields.push(("author", author));
    }
    fields.push(("institution", bib_escape(publisher)));
    fields.push(("type", "Policy brief".to_owned()));
    fields.push(("year", d.year.to_string()));
    if let Some(m) = d.month {
        fields.push((
            "month",
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
                [usize::try_from(m - 1).unwrap_or(0) % 12]
                .to_owned(),
        ));
    }
    if let Some(number) = &brief.report_number {
        fields.push(("number", bib_escape(number)));
    }
    if let Some(series) = &brief.series {
        fields.push(("series", bib_escape(series)));
    }
    fields.push(("date", d.iso()));
    if let Some(doi) = &brief.doi {
        fields.push(("doi", bib_escape(doi)));
    }
    fields.push(("url", url.to_owned()));
    if let Some(u) = brief.updated {
        fields.push(("note", format!("Updated {u}")));
    }
    if !brief.published_summary().is_empty() {
        fields.push(("abstract", bib_escape(brief.published_summary())));
    }
    fields.push(("howpublished", bib_escape(&site.config.title)));
    let mut out = format!("@techreport{{{key},\n");
    for (i, (name, value)) in fields.iter().enumerate() {
        // Month macros (`apr`) go bare; everything else in braces.
        let value = if *name == "month" { value.clone() } else { format!("{{{value}}}") };
        out.push_str(&format!("  {name} = {value}"));
        out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
    }
    out.push_str("}\n");
    out
}

fn ris(site: &Site, brief: &Brief, authors: &[&str], publisher: &str, url: &str) -> String {
    let d = brief.date;
    let mut lines = vec![("TY", "RPRT".to_owned())];
    lines.extend(authors.iter().map(|a| ("AU", (*a).to_owned())));
    lines.push(("TI", brief.title.clone()));
    lines.push(("T2", site.config.title.clone()));
    lines.push(("PY", d.year.to_string()));
    lines.push(("DA", format!("{:04}/{:02}/{:02}/", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))));
    lines.push(("PB", publisher.to_owned()));
    if let Some(number) = &brief.report_number {
        lines.push(("SN", number.clone()));
    }
    if let Some(series) = &brief.series {
        lines.push(("T3", series.clone()));
    }
    if let Some(doi) = &brief.doi {
        lines.push(("DO", doi.clone()));
    }
    lines.push(("UR", url.to_owned()));
    if !brief.published_summary().is_empty() {
        lines.push(("AB", brief.published_summary().replace('\n', " ")));
    }
    lines.extend(keywords(site, brief).map(|k| ("KW", k.clone())));
    if let Some(u) = brief.updated {
        lines.push(("N1", format!("Updated {u}")));
    }
    lines.push(("ER", String::new()));
    let mut out = String::new();
    for (tag, value) in lines {
        out.push_str(format!("{tag}  - {value}").trim_end());
        out.push_str("\r\n");
    }
    out
}

/// The brief as a CSL-JSON `report`: names as written (`literal`: a name is not split into
/// family and given parts by guesswork), the DOI, report number (`number`) and series
/// (`collection-title`) when it has them.
fn csl_item(site: &Site, brief: &Brief, c: &Cited<'_>) -> serde_json::Value {
    let d = brief.date;
    let mut parts = vec![json!(d.year)];
    if let Some(m) = d.month {
        parts.push(json!(m));
        if let Some(day) = d.day {
            parts.push(json!(day));
        }
    }
    let mut item = json!({
        "id": record_key(brief),
        "type": "report",
        "title": brief.title,
        "issued": {"date-parts": [parts]},
        "publisher": c.publisher,
        "genre": "Policy brief",
        "URL": c.url,
        "language": site.config.language,
    });
    if !c.authors.is_empty() {
        item["author"] = c.authors.iter().map(|a| json!({"literal": a})).collect();
    }
    if let Some(number) = &brief.report_number {
        item["number"] = json!(number);
    }
    if let Some(series) = &brief.series {
        item["collection-title"] = json!(series);
    }
    if let Some(doi) = &brief.doi {
        item["DOI"] = json!(doi);
    }
    if !brief.published_summary().is_empty() {
        item["abstract"] = json!(brief.published_summary());
    }
    if let Some(u) = brief.updated {
        item["note"] = json!(format!("Updated {u}"));
    }
    item
}

/// The schema.org `Report` of a brief, as JSON safe to embed in `<script>`.
pub fn json_ld(site: &Site, brief: &Brief) -> String {
    json_ld_citing(site, brief, &[])
}

/// [`json_ld`] with the sources the brief cites (`keys` of its bibliography) as `citation`.
pub fn json_ld_citing(site: &Site, brief: &Brief, keys: &[String]) -> String {
    json_ld_full(site, brief, keys, None)
}

/// [`json_ld_citing`] with the brief's PDF as its `encoding`, a `MediaObject`.
pub fn json_ld_full(site: &Site, brief: &Brief, keys: &[String], pdf: Option<&PdfLink>) -> String {
    let url = site.permalinks.absolute(&permalink::brief_rel(&brief.slug));
    let names = |key: &str| -> Vec<&str> {
        brief.taxonomies.get(key).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default()
    };
    let authors: Vec<serde_json::Value> = if brief.authors.is_empty() {
        author_names(site, brief).into_iter().map(|n| json!({"@type": "Organization", "name": n})).collect()
    } else {
        brief
            .authors
            .iter()
            .map(|a| {
                let mut v = json!({"@type": "Person", "name": a.name});
                if !a.affiliation.is_empty() {
                    v["affiliation"] = json!({"@type": "Organization", "name": a.affiliation});
                }
                v
            })
            .collect()
    };
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": brief.title,
        "url": url,
        "datePublished": brief.date.iso(),
        "inLanguage": site.config.language,
        "author": authors,
        "publisher": {"@type": "Organization", "name": if site.config.publisher.name.is_empty() { &site.config.title } else { &site.config.publisher.name }},
        "about": names("topics").iter().map(|t| json!({"@type": "Thing", "name": t})).collect::<Vec<_>>(),
        "spatialCoverage": names("regions").iter().map(|r| json!({"@type": "Place", "name": r})).collect::<Vec<_>>(),
    });
    // Each value once: the title as `headline`, the address as `url`, `dateModified` only
    // when it is not `datePublished`.
    if let Some(updated) = brief.updated {
        value["dateModified"] = json!(updated.iso());
    }
    if !brief.published_summary().is_empty() {
        value["description"] = json!(brief.published_summary());
    }
    if !site.config.publisher.url.is_empty() {
        value["publisher"]["url"] = json!(site.config.publisher.url);
    }
    identifiers(brief, &mut value);
    if let Some(source) = &brief.source {
        let mut based_on = json!({"@type": "CreativeWork", "name": source.title, "publisher": {"@type": "Organization", "name": source.publisher}});
        if !source.url.is_empty() {
            based_on["url"] = json!(source.url);
        }
        value["isBasedOn"] = based_on;
    }
    if let Some(bib) = brief.references.as_deref()
        && !keys.is_empty()
    {
        value["citation"] = json!(crate::render::csl_json::creative_works(&bib.library, keys));
    }
    if let Some(pdf) = pdf {
        value["encoding"] = json!({
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": pdf.url,
        });
        if !pdf.size_text.is_empty() {
            value["encoding"]["contentSize"] = json!(pdf.size_text);
        }
    }
    script_safe(&value.to_string())
}

/// A brief's DOI and report number as schema.org `identifier`s, the DOI's address as
/// `sameAs`, its series as `isPartOf`.
fn identifiers(brief: &Brief, value: &mut serde_json::Value) {
    let mut ids = Vec::new();
    if let Some(doi) = &brief.doi {
        ids.push(json!({"@type": "PropertyValue", "propertyID": "DOI", "value": doi}));
        value["sameAs"] = json!(publication::doi_url(doi));
    }
    if let Some(number) = &brief.report_number {
        ids.push(json!({"@type": "PropertyValue", "propertyID": "Report number", "value": number}));
    }
    if !ids.is_empty() {
        value["identifier"] = json!(ids);
    }
    if let Some(series) = &brief.series {
        value["isPartOf"] = json!({"@type": "CreativeWorkSeries", "name": series});
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_escape_bibtex_specials() {
        assert_eq!(bib_escape("R&D {x} 5% #1 a_b"), "R\\&D \\{x\\} 5\\% \\#1 a\\_b");
    }

    #[test]
    fn can_join_author_names_apa_style() {
        assert_eq!(join_names(&["A"]), "A");
        assert_eq!(join_names(&["A", "B", "C"]), "A, B, & C");
    }
}

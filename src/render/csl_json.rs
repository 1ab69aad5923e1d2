//! A brief's cited sources as data: CSL-JSON (`/briefs/<slug>/<slug>.json`, the format
//! reference managers such as Zotero import) and schema.org `CreativeWork`s for the
//! JSON-LD `citation` of its page.
//!
//! Guarantees: pure; items in the order first cited; fields the entry lacks are left out.

use hayagriva::types::{EntryType, MaybeTyped};
use hayagriva::{Entry, Library};
use serde_json::{Value, json};

/// The CSL type of a hayagriva entry type.
fn csl_type(t: &EntryType) -> &'static str {
    match t {
        EntryType::Article => "article-journal",
        EntryType::Book | EntryType::Anthology => "book",
        EntryType::Chapter | EntryType::Anthos => "chapter",
        EntryType::Report => "report",
        EntryType::Thesis => "thesis",
        EntryType::Web | EntryType::Blog => "webpage",
        EntryType::Newspaper => "article-newspaper",
        EntryType::Legislation => "legislation",
        EntryType::Case => "legal_case",
        EntryType::Proceedings | EntryType::Conference => "paper-conference",
        EntryType::Patent => "patent",
        EntryType::Reference => "entry-encyclopedia",
        EntryType::Manuscript => "manuscript",
        EntryType::Video => "motion_picture",
        EntryType::Audio => "song",
        _ => "document",
    }
}

/// The CSL-JSON names of `entry`'s authors.
fn names(entry: &Entry) -> Vec<Value> {
    entry
        .authors()
        .unwrap_or_default()
        .iter()
        .map(|p| match &p.given_name {
            Some(given) => json!({"family": p.name, "given": given}),
            None => json!({"literal": p.name}),
        })
        .collect()
}

/// `entry`'s date as CSL `date-parts`, and as ISO text.
fn date(entry: &Entry) -> Option<(Value, String)> {
    let d = entry.date_any()?;
    let mut parts = vec![json!(d.year)];
    let mut iso = format!("{:04}", d.year);
    if let Some(m) = d.month {
        parts.push(json!(u32::from(m) + 1));
        iso.push_str(&format!("-{:02}", u32::from(m) + 1));
        if let Some(day) = d.day {
            parts.push(json!(u32::from(day) + 1));
            iso.push_str(&format!("-{:02}", u32::from(day) + 1));
        }
    }
    Some((json!({"date-parts": [parts]}), iso))
}

/// The cited entries of `library`, as a CSL-JSON array.
pub fn items(library: &Library, keys: &[String]) -> Value {
    let items = keys
        .iter()
        .filter_map(|k| library.get(k))
        .map(|e| {
            let mut item = json!({"id": e.key(), "type": csl_type(e.entry_type())});
            if let Some(t) = e.title() {
                item["title"] = json!(t.to_string());
            }
            let authors = names(e);
            if !authors.is_empty() {
                item["author"] = json!(authors);
            }
            if let Some((issued, _)) = date(e) {
                item["issued"] = issued;
            }
            if let Some(parent) = e.parents().first().and_then(Entry::title) {
                item["container-title"] = json!(parent.to_string());
            }
            if let Some(p) = e.publisher().and_then(|p| p.name()) {
                item["publisher"] = json!(p.to_string());
            } else if let Some(o) = e.organization() {
                item["publisher"] = json!(o.to_string());
            }
            let volume = e.volume().or_else(|| e.parents().first().and_then(Entry::volume));
            if let Some(v) = volume {
                item["volume"] = json!(typed(v));
            }
            if let Some(p) = e.page_range() {
                item["page"] = json!(typed(p));
            }
            if let Some(doi) = e.doi() {
                item["DOI"] = json!(doi);
            }
            if let Some(url) = e.url() {
                item["URL"] = json!(url.value.as_str());
            }
            item
        })
        .collect();
    Value::Array(items)
}

fn typed<T: std::fmt::Display>(v: &MaybeTyped<T>) -> String {
    match v {
        MaybeTyped::Typed(t) => t.to_string(),
        MaybeTyped::String(s) => s.clone(),
    }
}

/// The cited entries as schema.org `CreativeWork`s.
pub fn creative_works(library: &Library, keys: &[String]) -> Vec<Value> {
    keys.iter()
        .filter_map(|k| library.get(k))
        .map(|e| {
            let mut work = json!({"@type": "CreativeWork"});
            if let Some(t) = e.title() {
                work["name"] = json!(t.to_string());
            }
            let authors: Vec<Value> = e
                .authors()
                .unwrap_or_default()
                .iter()
                .map(|p| {
                    let name = match &p.given_name {
                        Some(given) => format!("{given} {}", p.name),
                        None => p.name.clone(),
                    };
                    json!({"@type": if p.given_name.is_some() { "Person" } else { "Organization" }, "name": name})
                })
                .collect();
            if !authors.is_empty() {
                work["author"] = json!(authors);
            }
            if let Some((_, iso)) = date(e) {
                work["datePublished"] = json!(iso);
            }
            if let Some(url) = e.url() {
                work["url"] = json!(url.value.as_str());
            } else if let Some(doi) = e.doi() {
                work["url"] = json!(format!("https://doi.org/{doi}"));
            }
            work
        })
        .collect()
}

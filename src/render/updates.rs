//! `/updates/` and `updates.xml`: every non-minor change note of the site, newest first,
//! paginated like `/briefs/` (`paginate_by`), the feed bounded by `feed_limit`.
//!
//! Guarantees: pure; feed timestamps are the notes' dates, never the clock; each entry's
//! id is the brief's URL with the note's date (and its place among that day's notes), so
//! it stays the same when later notes are added.

use std::hash::{DefaultHasher, Hash};
use std::io;

use quick_xml::events::BytesText;
use serde::Serialize;
use tera::Context;

use crate::content::publication::Update;
use crate::model::Site;
use crate::model::permalink;
use crate::model::updates::UpdateRef;
use crate::render::context::{DateView, PageMeta, PaginatorView};
use crate::render::feeds::{self, text_element};
use crate::render::routes::{Plan, page_range};

/// The site-relative folder of the list.
const REL: &str = "updates/";

/// A note when the site has change notes for `/updates/` but its theme has no
/// `updates.html` (a theme older than change notes): those pages are not written.
pub(crate) fn missing_template_note(site: &Site) -> Option<crate::diagnostics::Note> {
    let has = site.templates.iter().any(|t| t.name == crate::render::templates::UPDATES);
    if has || crate::model::updates::site_updates(&site.briefs).is_empty() {
        return None;
    }
    Some(crate::diagnostics::Note {
        path: std::path::PathBuf::from(format!("themes/{}/templates", site.config.theme)),
        message: "has no updates.html: the change notes are on their briefs and in updates.xml, \
                  but no /updates/ pages are written"
            .to_owned(),
    })
}

/// One change note in `updates.html`'s `updates`.
#[derive(Debug, Serialize)]
struct UpdateItem<'a> {
    date: DateView,
    note: &'a str,
    brief: BriefRef<'a>,
}

#[derive(Debug, Serialize)]
struct BriefRef<'a> {
    title: &'a str,
    url: String,
}

/// The note `r` points at.
fn note<'a>(site: &'a Site, r: &UpdateRef) -> &'a Update {
    &site.briefs[r.brief].updates[r.update]
}

/// The variables of page `page` of `/updates/`: `page`, `updates`, `paginator`, `feed_url`.
pub(crate) fn page_context(site: &Site, plan: &Plan, page: usize, ctx: &mut Context) {
    let total = plan.update_pages;
    let title = if page == 1 { "Updates".to_owned() } else { format!("Updates, page {page} of {total}") };
    let description = "What changed in the briefs since they were published, newest first.";
    ctx.insert("page", &PageMeta::new(site, "updates", &permalink::page_rel(REL, page), &title, description));
    let items: Vec<UpdateItem<'_>> = plan.updates[page_range(page, site.config.paginate_by, plan.updates.len())]
        .iter()
        .map(|r| {
            let b = &site.briefs[r.brief];
            let u = note(site, r);
            let url = site.permalinks.path(&permalink::brief_rel(&b.slug));
            UpdateItem { date: u.date.into(), note: &u.note, brief: BriefRef { title: &b.title, url } }
        })
        .collect();
    ctx.insert("updates", &items);
    ctx.insert("paginator", &PaginatorView::new(site, REL, page, total));
    ctx.insert("feed_url", &site.permalinks.path("updates.xml"));
}

/// What an entry shows of a note: its date, note and brief.
fn entry_key(site: &Site, r: &UpdateRef, h: &mut DefaultHasher) {
    let b = &site.briefs[r.brief];
    (note(site, r), &b.title, &b.slug, anchor(site, r)).hash(h);
}

/// Page `page`'s fingerprint input: the page count and its notes.
pub(crate) fn page_key(site: &Site, plan: &Plan, page: usize, h: &mut DefaultHasher) {
    (page, plan.update_pages).hash(h);
    for r in &plan.updates[page_range(page, site.config.paginate_by, plan.updates.len())] {
        entry_key(site, r, h);
    }
}

/// The feed's fingerprint input: its notes.
pub(crate) fn feed_key(site: &Site, plan: &Plan, h: &mut DefaultHasher) {
    for r in plan.updates.iter().take(site.config.feed_limit) {
        entry_key(site, r, h);
    }
}

/// `update-2024-03-19`, or `update-2024-03-19-2` for the second note of that day (in the
/// order the brief lists them, oldest written last).
fn anchor(site: &Site, r: &UpdateRef) -> String {
    let updates = &site.briefs[r.brief].updates;
    let date = updates[r.update].date;
    let later_same_day = updates[r.update + 1..].iter().filter(|u| u.date == date).count();
    match later_same_day {
        0 => format!("update-{}", date.iso()),
        n => format!("update-{}-{}", date.iso(), n + 1),
    }
}

/// The Atom feed of the newest `feed_limit` notes.
pub(crate) fn atom(site: &Site, plan: &Plan) -> io::Result<Vec<u8>> {
    let mut w = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
    feeds::start(&mut w)?;
    let p = &site.permalinks;
    let newest: Vec<&UpdateRef> = plan.updates.iter().take(site.config.feed_limit).collect();
    let updated = newest.first().map_or_else(|| feeds::EPOCH.to_owned(), |r| feeds::timestamp(note(site, r).date));
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", site.config.language.as_str()))
        .write_inner_content(|w| {
            let title = format!("Updates: {}", site.config.title);
            let head =
                feeds::Head { title: &title, subtitle: None, rel: "updates.xml", html_rel: REL, updated: &updated };
            feeds::head(w, site, &head)?;
            for r in newest {
                let b = &site.briefs[r.brief];
                let u = note(site, r);
                let url = p.absolute(&permalink::brief_rel(&b.slug));
                w.create_element("entry").write_inner_content(|w| {
                    text_element(w, "title", &format!("{} (updated {})", b.title, u.date))?;
                    w.create_element("link")
                        .with_attribute(("rel", "alternate"))
                        .with_attribute(("type", "text/html"))
                        .with_attribute(("href", url.as_str()))
                        .write_empty()?;
                    text_element(w, "id", &format!("{url}#{}", anchor(site, r)))?;
                    text_element(w, "published", &feeds::timestamp(b.date))?;
                    text_element(w, "updated", &feeds::timestamp(u.date))?;
                    w.create_element("summary").write_text_content(BytesText::new(&u.note))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

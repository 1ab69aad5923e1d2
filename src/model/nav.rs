//! The main navigation: the `nav:` list of `site.yaml` with its pages and paths resolved to
//! links, or, without it, the order of the pages the themes list after the site's own
//! sections (front-matter `nav: false` leaves a page out, `weight` orders them).
//!
//! Guarantees: a `page:` that names no page of `content/pages/` is an error at its item in
//! `site.yaml`, with the closest page name as a hint; an item for a draft page is left out
//! of a build without drafts; the order is the one written, or (automatic) by weight, then
//! by slug, so the same input gives the same navigation.

use serde::Serialize;

use crate::config::{Config, NavItem};
use crate::content::Page;
use crate::content::url;
use crate::diagnostics::did_you_mean;
use crate::error::{Error, Result};
use crate::model::permalink::Permalinks;

/// One link of the main navigation, as templates see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NavLink {
    /// The text of the link.
    pub title: String,
    /// Its `href`: a path under the site's base path, or an address.
    pub url: String,
}

/// The links of `config.nav`, when the site has one. `all_pages` are every page read,
/// drafts too; `built` the pages this build publishes.
pub fn configured(
    config: &Config,
    all_pages: &[Page],
    built: &[Page],
    permalinks: &Permalinks,
) -> Result<Option<Vec<NavLink>>> {
    let Some(items) = &config.nav else { return Ok(None) };
    let mut links = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for item in items {
        match target(item, all_pages, built, permalinks) {
            Ok(Some(url)) => links.push(NavLink { title: item.title.clone(), url }),
            Ok(None) => {}
            Err(message) => {
                let names = all_pages.iter().map(stem);
                let hint = match did_you_mean(&item.page, names) {
                    Some(name) => format!("did you mean `page: {name}`?"),
                    None => format!(
                        "write the file name of a page of content/pages/ without `.md`: {}",
                        page_list(all_pages)
                    ),
                };
                let (line, column) = item.at;
                errors.push(Error::Yaml { path: config.file.clone(), line, column, message }.with_hint(hint));
            }
        }
    }
    Error::collect(errors)?;
    Ok(Some(links))
}

/// Where `item` links to; `None` for a draft page left out of this build.
fn target(
    item: &NavItem,
    all_pages: &[Page],
    built: &[Page],
    permalinks: &Permalinks,
) -> std::result::Result<Option<String>, String> {
    if item.page.is_empty() {
        return Ok(Some(resolve(&item.url, permalinks)));
    }
    let wanted = item.page.strip_suffix(".md").unwrap_or(&item.page);
    if !all_pages.iter().any(|p| stem(p) == wanted) {
        return Err(format!("nav item `{}`: no page `{}` in content/pages/", item.title, item.page));
    }
    Ok(built.iter().find(|p| stem(p) == wanted).map(|p| permalinks.path(&p.rel)))
}

/// A `url:` as an `href`: an address with a scheme as written, a path in the site under the
/// base path (a leading `/` is the site's root, not the host's).
fn resolve(written: &str, permalinks: &Permalinks) -> String {
    if url::scheme(written).is_some() || written.starts_with("//") {
        written.to_owned()
    } else {
        permalinks.path(written.trim_start_matches('/'))
    }
}

/// A page's name for `page:`: its file name without `.md`.
fn stem(page: &Page) -> &str {
    page.file_name.strip_suffix(".md").unwrap_or(&page.file_name)
}

fn page_list(pages: &[Page]) -> String {
    if pages.is_empty() {
        return "the site has none".to_owned();
    }
    pages.iter().map(stem).collect::<Vec<_>>().join(", ")
}

/// The indices of the `pages` the automatic navigation lists, in order: pages with a
/// `weight` first (lower first), then the others; ties by slug. Pages with `nav: false` are
/// left out.
pub fn automatic_pages(pages: &[Page]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].in_nav).collect();
    order.sort_by(|&a, &b| {
        let key = |p: &Page| (p.weight.is_none(), p.weight, p.slug.clone());
        key(&pages[a]).cmp(&key(&pages[b]))
    });
    order
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn page(file: &str, front: &str) -> Page {
        Page::parse(Path::new(&format!("content/pages/{file}")), &format!("---\n{front}\n---\nBody.\n")).expect("page")
    }

    #[test]
    fn can_order_automatic_pages_by_weight_then_slug_leaving_out_opted_out() {
        let pages = vec![
            page("about.md", "title: About"),
            page("contact.md", "title: Contact\nweight: 2"),
            page("legal.md", "title: Legal\nnav: false"),
            page("method.md", "title: Method\nweight: 1"),
            page("zeta.md", "title: Zeta"),
        ];
        let order: Vec<&str> = automatic_pages(&pages).into_iter().map(|i| pages[i].slug.as_str()).collect();
        assert_eq!(order, vec!["method", "contact", "about", "zeta"]);
    }

    #[test]
    fn can_resolve_paths_under_the_base_path_and_keep_addresses() {
        let links = Permalinks::new("https://e.org/policy/", "/policy/");
        assert_eq!(resolve("briefs/", &links), "/policy/briefs/");
        assert_eq!(resolve("/timeline/", &links), "/policy/timeline/");
        assert_eq!(resolve("https://example.org/x", &links), "https://example.org/x");
        assert_eq!(resolve("mailto:a@b.org", &links), "mailto:a@b.org");
    }
}

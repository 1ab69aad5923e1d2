//! The main navigation: without `nav:` in site.yaml, the sections, taxonomies, search and
//! the pages (by `weight`, `nav: false` left out); with it, exactly its items in order, in
//! both built-in themes; a `page:` naming no page is an error at its item.

use std::fs;

use crate::harness::{Run, SiteTest, sel};

const NAVS: [(&str, &str); 2] = [("default", "nav.site-nav a"), ("briefing-room", "nav.topnav a")];

fn site(theme: &str, extra_yaml: &str) -> SiteTest {
    let site = SiteTest::fixture("basic")
        .write("content/pages/contact.md", "---\ntitle: Contact\nweight: 2\n---\nWrite to us.\n")
        .write("content/pages/method.md", "---\ntitle: Method\nweight: 1\n---\nHow.\n")
        .write("content/pages/legal.md", "---\ntitle: Legal notice\nnav: false\n---\nSmall print.\n");
    let text = fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", format!("{}{extra_yaml}", text.replace("theme: default", &format!("theme: {theme}"))))
}

/// (text, href) of the main navigation's links on `rel`.
fn links(run: &Run, rel: &str, css: &str) -> Vec<(String, String)> {
    run.html(rel)
        .select(&sel(css))
        .map(|a| (a.text().collect::<String>().trim().to_owned(), a.value().attr("href").unwrap_or("").to_owned()))
        .collect()
}

#[test]
fn can_order_pages_by_weight_and_leave_out_opted_out_ones() {
    for (theme, css) in NAVS {
        let run = site(theme, "").build().success();
        let texts: Vec<String> = links(&run, "index.html", css).into_iter().map(|(t, _)| t).collect();
        let at = |name: &str| texts.iter().position(|t| t == name).unwrap_or_else(|| panic!("{theme}: {texts:?}"));
        assert!(at("Briefs") < at("Search"), "{theme}: {texts:?}");
        assert!(at("Search") < at("Method") && at("Method") < at("Contact"), "{theme}: {texts:?}");
        assert!(at("Contact") < at("About the fixture"), "{theme}: {texts:?}");
        assert!(!texts.contains(&"Legal notice".to_owned()), "{theme}: {texts:?}");
        assert!(run.exists("legal/index.html"), "{theme}: opted-out page not built");
    }
}

#[test]
fn can_replace_the_nav_with_the_site_yaml_list() {
    let nav = "nav:\n  - { title: Briefs, url: briefs/ }\n  - { title: How we work, page: method }\n  - { title: Elsewhere, url: 'https://example.com/x' }\n";
    for (theme, css) in NAVS {
        let run = site(theme, nav).build().success();
        let expected = vec![
            ("Briefs".to_owned(), "/policy/briefs/briefs/".to_owned()),
            ("How we work".to_owned(), "/policy/briefs/method/".to_owned()),
            ("Elsewhere".to_owned(), "https://example.com/x".to_owned()),
        ];
        assert_eq!(links(&run, "index.html", css), expected, "{theme}");
        let current: Vec<String> = run
            .html("method/index.html")
            .select(&sel(&format!("{css}[aria-current=page]")))
            .map(|a| a.text().collect())
            .collect();
        assert_eq!(current, vec!["How we work"], "{theme}");
    }
}

#[test]
fn errors_on_a_nav_page_that_does_not_exist_at_its_item() {
    let nav = "nav:\n  - { title: Briefs, url: briefs/ }\n  - { title: Method, page: metod }\n";
    let run = site("default", nav).build().failure();
    let stderr = run.stderr();
    assert!(stderr.contains("site.yaml:12:5: error: nav item `Method`: no page `metod` in content/pages/"), "{stderr}");
    assert!(stderr.contains("hint: did you mean `page: method`?"), "{stderr}");
    let both = site("default", "nav:\n  - { title: X, url: x/, page: method }\n").build().failure();
    both.stderr_has("site.yaml:11:5: error: nav item 1 has both `url` and `page`");
}

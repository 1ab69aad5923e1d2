//! `aliases:` of a brief or page: a small page at each old URL with a canonical link and a
//! refresh to the current one; an alias at the path of another output is an error naming
//! both, and one that is no path inside the site an error at its line.

use crate::harness::{SiteTest, sel};

const BRIEF: &str = "---\ntitle: Moved\ndate: 2024-01-02\nsummary: S.\nkey_points: [One.]\n\
aliases: [/briefs/old-name/, /2023/moved.html]\n---\nBody.\n";

fn site() -> SiteTest {
    SiteTest::fixture("basic")
        .write("content/briefs/moved.md", BRIEF)
        .write("content/pages/team.md", "---\ntitle: Team\naliases: [people]\n---\nUs.\n")
}

#[test]
fn can_write_a_redirect_page_at_each_alias() {
    let run = site().build().success();
    let target = "https://example.org/policy/briefs/briefs/moved/";
    for path in ["briefs/old-name/index.html", "2023/moved.html"] {
        let doc = run.html(path);
        let canonical = doc.select(&sel("link[rel=canonical]")).next().expect("canonical");
        assert_eq!(canonical.value().attr("href"), Some(target), "{path}");
        let refresh = doc.select(&sel("meta[http-equiv=refresh]")).next().expect("refresh");
        assert_eq!(refresh.value().attr("content"), Some(format!("0; url={target}").as_str()), "{path}");
        assert!(doc.select(&sel(&format!("a[href=\"{target}\"]"))).next().is_some(), "{path}");
    }
    let page = run.file("people/index.html");
    assert!(page.contains("url=https://example.org/policy/briefs/team/"), "{page}");
    assert!(!run.file("sitemap.xml").contains("old-name"), "aliases stay out of the sitemap");
}

#[test]
fn errors_on_an_alias_at_the_path_of_another_output_naming_both() {
    site()
        .write("content/pages/team.md", "---\ntitle: Team\naliases: [/briefs/old-name/, /search/]\n---\nUs.\n")
        .build()
        .failure()
        .stderr_has(
            "content/pages/team.md:3:1: error: alias `briefs/old-name/index.html` is at the path of an alias of",
        )
        .stderr_has("content/briefs/moved.md")
        .stderr_has(
            "content/pages/team.md:3:1: error: alias `search/index.html` is at the path of a page Chancery makes",
        );
}

#[test]
fn errors_on_an_alias_outside_the_site_at_its_line() {
    site()
        .write("content/briefs/moved.md", BRIEF.replace("/2023/moved.html", "../up/"))
        .build()
        .failure()
        .stderr_has("content/briefs/moved.md:6:1: error: alias `../up/` is not a path inside the site");
}

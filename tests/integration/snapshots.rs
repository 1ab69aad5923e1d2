//! Snapshots (insta) of the `<main>` element of key pages of the `basic` fixture in the
//! default theme: a markdown brief, a seed brief, the timeline and the summaries (their
//! front pages and one part of each). A change
//! to what these pages show must be reviewed (`cargo insta review`) and committed.

use crate::harness::SiteTest;

/// The `<main>…</main>` of a page, as written.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html[start..].find("</main>").expect("page closes <main>") + start + "</main>".len();
    &html[start..end]
}

#[test]
fn can_keep_key_pages_main_stable() {
    let run = SiteTest::fixture("basic").build().success();
    for (name, page) in [
        ("brief_markdown", "briefs/alpha/index.html"),
        ("brief_seed", "briefs/beta/index.html"),
        ("timeline", "timeline/index.html"),
        ("summaries", "summaries/index.html"),
        ("timeline_part", "timeline/2023/index.html"),
        ("summaries_part", "summaries/2023/index.html"),
    ] {
        let html = run.file(page);
        insta::assert_snapshot!(name, main_of(&html));
    }
}

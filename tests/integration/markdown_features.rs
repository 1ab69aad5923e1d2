//! Markdown an editor writes in a week: footnotes linked both ways with ids unique across
//! headings, GFM task lists, bare addresses linked, and relative `.md` links resolved to
//! the target's URL (and a missing target an error at its file, line and column).

use crate::harness::{SiteTest, sel};

const HEAD: &str = "---\ntitle: Notes\ndate: 2024-01-02\nsummary: S.\nkey_points: [One.]\n---\n";

fn site(body: &str) -> SiteTest {
    SiteTest::fixture("basic").write("content/briefs/2024/notes.md", format!("{HEAD}{body}")).write(
        "content/pages/programmes/climate.md",
        "---\ntitle: Climate\n---\nSee [notes](../../briefs/2024/notes.md#timeline).\n",
    )
}

#[test]
fn can_render_footnotes_tasks_bare_addresses_and_relative_links() {
    let body = "## Timeline\n\nA claim.[^timeline] Seen at https://example.org/report_2024 and <b>bold</b>.\n\n\
- [x] Drafted\n- [ ] Reviewed\n\n\
See [alpha](../alpha.md#data), [about](../../pages/about.md) and `https://not.linked`.\n\n\
[^timeline]: Dates from team@example.org.\n";
    let run = site(body).build().success();
    let page = "briefs/notes/index.html";
    let doc = run.html(page);
    let ids: Vec<&str> = doc.select(&sel("[id]")).filter_map(|e| e.value().attr("id")).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
    for id in ["timeline", "fn-timeline", "fnref-timeline"] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }
    let html = run.file(page);
    assert!(html.contains("<a href=\"#fn-timeline\">1</a>"), "{html}");
    assert!(
        html.contains(
            "<a href=\"#fnref-timeline\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a>"
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"https://example.org/report_2024\">https://example.org/report_2024</a>"), "{html}");
    assert!(html.contains("<a href=\"mailto:team@example.org\">team@example.org</a>"), "{html}");
    assert!(html.contains("<code>https://not.linked</code>"), "{html}");
    // The raw <b> makes the body sanitised: the generated markup must survive it.
    assert!(
        html.contains("<b>bold</b>") && html.contains("<sup class=\"footnote-ref\" id=\"fnref-timeline\">"),
        "{html}"
    );
    let boxes: Vec<_> = doc.select(&sel("li.task input[type=checkbox][disabled]")).collect();
    assert_eq!(boxes.len(), 2, "{html}");
    assert_eq!(boxes[0].value().attr("aria-label"), Some("done"));
    assert!(boxes[0].value().attr("checked").is_some() && boxes[1].value().attr("checked").is_none());
    assert!(html.contains("<a href=\"/policy/briefs/briefs/alpha/#data\">alpha</a>"), "{html}");
    assert!(html.contains("<a href=\"/policy/briefs/about/\">about</a>"), "{html}");
    let climate = run.file("programmes/climate/index.html");
    assert!(climate.contains("href=\"/policy/briefs/briefs/notes/#timeline\""), "{climate}");
    for css in ["themes/default/static/style.css", "themes/briefing-room/static/style.css"] {
        let text = std::fs::read_to_string(crate::harness::repo_root().join(css)).expect("css");
        for class in [".footnotes", ".footnote-backref", "li.task", ".task-box"] {
            assert!(text.contains(class), "{css} does not style {class}");
        }
    }
}

#[test]
fn errors_on_relative_links_to_missing_files_at_their_place() {
    let site = site(
        "Intro.\n\nSee [gone](gone.md) and\n[also gone](../pages/none.md#x), [out](../../../x.md) and [bad](../alpha.md#nope).\n",
    );
    let run = site.run(&["check"]).failure();
    run.stderr_has("content/briefs/2024/notes.md:9:5: error: internal link `gone.md` points to no file: expected content/briefs/2024/gone.md")
        .stderr_has("content/briefs/2024/notes.md:10:1: error: internal link `../pages/none.md` points to no file: expected content/briefs/pages/none.md")
        .stderr_has("content/briefs/2024/notes.md:10:34: error: internal link `../../../x.md` leads out of content/");
    // Once the files exist, the anchor is checked like an `@/` link's.
    let site = site
        .write("content/briefs/2024/gone.md", format!("{HEAD}Here.\n"))
        .write("content/briefs/2024/notes.md", format!("{HEAD}See [bad](../alpha.md#nope).\n"));
    site.run(&["check"]).failure().stderr_has(
        "content/briefs/2024/notes.md:7:5: error: internal link `@/briefs/alpha.md#nope`: no heading with that id",
    );
}

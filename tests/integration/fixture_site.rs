//! The `basic` fixture site (base_url with a sub-path, two briefs a page): markdown
//! features, seed conversion, drafts, pagination, ordering and theme overrides.

use crate::harness::{SiteTest, sel};

#[test]
fn can_render_markdown_features_with_links_under_sub_path() {
    let run = SiteTest::fixture("basic").build().success();
    let html = run.file("briefs/alpha/index.html");
    assert!(html.contains("href=\"/policy/briefs/briefs/beta/#background\""), "internal link");
    assert!(html.contains("href=\"/policy/briefs/about/\""), "page link");
    assert!(html.contains("<table>"), "table");
    assert!(html.contains("<section class=\"footnotes\" aria-label=\"Footnotes\">"), "footnote");
    assert!(html.contains("<del>Withdrawn</del>"), "strikethrough");
    assert!(html.contains("“smart quotes” – and dashes"), "smart punctuation");
    assert!(html.contains("data-lang=\"rust\""), "code block");
    assert!(html.contains("class=\"hl-"), "highlight classes");
    let code =
        html.split("<pre class=\"code\"").nth(1).and_then(|rest| rest.split("</pre>").next()).expect("code block");
    assert!(!code.contains("style="), "highlighting must use classes, not inline styles: {code}");
    let doc = run.html("briefs/alpha/index.html");
    let ids: Vec<&str> = doc.select(&sel("main h2[id], main h3[id]")).filter_map(|h| h.value().attr("id")).collect();
    assert!(ids.contains(&"data") && ids.contains(&"code-sample"), "{ids:?}");
    assert!(run.file("syntax-dark.css").contains(".hl-"));
    // Only a page with highlighted code links the syntax stylesheets.
    for (page, code) in [("briefs/alpha/index.html", true), ("briefs/beta/index.html", false), ("index.html", false)] {
        let html = run.file(page);
        assert_eq!(html.contains("syntax-light.css") && html.contains("syntax-dark.css"), code, "{page}");
        assert_eq!(html.contains("<pre class=\"code\""), code, "{page}");
    }
}

#[test]
fn can_convert_the_fixture_seed() {
    let run = SiteTest::fixture("basic").build().success();
    let body = run.texts("briefs/beta/index.html", ".brief-body").join(" ");
    assert!(body.contains("1. Not a list, *not emphasis*, <b>not bold</b> and # not a heading."), "{body}");
    assert!(body.contains("Because “curly quotes” — and dashes — survive, as does café."), "{body}");
    assert!(body.contains("The seed opens with a paragraph. It keeps its second line."), "{body}");
    for gone in ["Photo: a desk", "Published on", "3 replies", "Leave a Reply", "email address", "Beta from a seed"] {
        assert!(!body.contains(gone), "{gone:?} kept: {body}");
    }
    let headings = run.texts("briefs/beta/index.html", ".brief-body h2");
    assert_eq!(headings, vec!["Background", "Why does it matter?"]);
    // The seed's `1. Not a list` line stays a paragraph of text: no list item holds it.
    // (Every page has `<li>`s in its navigation, so look inside the body only.)
    let doc = run.html("briefs/beta/index.html");
    let items: Vec<String> = doc.select(&sel(".brief-body li")).map(|li| li.text().collect()).collect();
    assert!(!items.iter().any(|li| li.contains("Not a list")), "the seed line became a list item: {items:?}");
    let paragraphs = run.texts("briefs/beta/index.html", ".brief-body p");
    assert!(paragraphs.iter().any(|p| p.starts_with("1. Not a list")), "escaped list stays text: {paragraphs:?}");
    let html = run.file("briefs/beta/index.html");
    assert!(!html.contains("<em>not emphasis</em>"), "seed markup must stay literal");
}

#[test]
fn can_leave_out_drafts_unless_asked() {
    let site = SiteTest::fixture("basic");
    let run = site.build().success().stderr_has("built 3 briefs");
    assert!(!run.exists("briefs/gamma/index.html"));
    assert!(!run.file("atom.xml").contains("Gamma"));
    let run = site.build_with(&["--drafts"]).success().stderr_has("built 4 briefs");
    assert!(run.exists("briefs/gamma/index.html"));
}

#[test]
fn can_paginate_briefs_newest_first() {
    let run = SiteTest::fixture("basic").build().success();
    let first = run.texts("briefs/index.html", "main h2 a, main h3 a");
    let second = run.texts("briefs/page/2/index.html", "main h2 a, main h3 a");
    assert_eq!(first, vec!["Beta from a seed", "Alpha brief on markdown features"]);
    assert_eq!(second, vec!["Delta, the oldest"]);
    assert!(run.file("briefs/index.html").contains("href=\"/policy/briefs/briefs/page/2/\""));
    assert!(run.exists("briefs/delta-custom/index.html"), "custom slug");
}

#[test]
fn can_paginate_term_pages_like_the_brief_list() {
    // paginate_by is 2: with a third brief on Testing, its term page gets a second page.
    let site = SiteTest::fixture("basic").write(
        "content/briefs/epsilon.md",
        "---\ntitle: Epsilon, on testing\ndate: 2020-02-02\nsummary: The oldest of three on testing.\ntopics: [Testing]\n---\nBody.\n",
    );
    let run = site.build().success();
    let first = run.texts("topics/testing/index.html", "main h2 a, main h3 a");
    let second = run.texts("topics/testing/page/2/index.html", "main h2 a, main h3 a");
    assert_eq!(first, vec!["Beta from a seed", "Alpha brief on markdown features"]);
    assert_eq!(second, vec!["Epsilon, on testing"]);
    let page = run.file("topics/testing/index.html");
    assert!(page.contains("href=\"/policy/briefs/topics/testing/page/2/\""), "links to page 2");
    assert!(page.contains("3 briefs"), "the count is the whole term's");
    assert!(run.file("topics/testing/page/2/index.html").contains("<title>Topic: Testing, page 2 of 2"));
    assert!(!run.exists("topics/markdown/page/2/index.html"), "two briefs fit on one page");
}

#[test]
fn can_group_partial_event_dates_on_the_timeline() {
    let run = SiteTest::fixture("basic").build().success();
    let text = run.main_text("timeline/2022/index.html") + &run.main_text("timeline/2023/index.html");
    assert!(text.contains("Alpha year event"), "{text}");
    assert!(text.contains("January 2023"), "{text}");
    // timeline.json lists the parts; each part's file holds its entries.
    let index = run.file("timeline.json");
    assert!(index.contains("\"name\":\"2023\"") && index.contains("\"name\":\"2022\""), "{index}");
    let json = run.file("timeline/2023.json") + &run.file("timeline/2022.json");
    assert!(json.contains("\"date\":\"2023-01\""), "{json}");
    assert!(json.contains("\"date\":\"2022\""), "{json}");
    // Each value once: a brief's title only where the entry's is an event's, its address as
    // the part's `briefs` and its slug.
    let part: serde_json::Value = serde_json::from_str(&run.file("timeline/2023.json")).expect("JSON");
    assert_eq!(part["version"], 3);
    assert_eq!(part["briefs"], "https://example.org/policy/briefs/briefs/");
    let entries = part["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 4);
    for e in entries {
        assert!(e.get("display").is_none() && e["brief"].get("url").is_none(), "{e}");
        assert_eq!(e["brief"].get("title").is_some(), e["kind"] == "event", "{e}");
    }
    let event = entries.iter().find(|e| e["kind"] == "event").expect("an event");
    assert_eq!(event["title"], "Alpha month event");
    assert_eq!(event["brief"]["title"], "Alpha brief on markdown features");
}

#[test]
fn can_override_theme_templates_and_static_files_from_the_site() {
    let run = SiteTest::fixture("basic")
        .write(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<p>Custom lost page</p>{% endblock main %}",
        )
        .write("static/style.css", "body { color: red }\n")
        .build()
        .success();
    assert!(run.file("404.html").contains("Custom lost page"));
    assert_eq!(run.file("style.css"), "body { color: red }\n");
}

#[test]
fn can_build_into_another_output_folder() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("site");
    site.build_with(&["--output", target.to_str().expect("utf-8 path")]).success();
    assert!(target.join("index.html").exists());
    assert!(!site.root().join("public").exists());
}

#[test]
fn can_escape_front_matter_text_in_templates() {
    let run = SiteTest::fixture("basic")
        .write(
            "content/briefs/xss.md",
            "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2020-01-01\nsummary: \"<b>bold?</b>\"\n---\nB\n",
        )
        .build()
        .success();
    let html = run.file("briefs/xss/index.html");
    assert!(!html.contains("<script>alert(1)</script>"), "title not escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<b>bold?</b>"));
}

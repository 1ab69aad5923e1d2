//! Hostile content ("nothing lost, nothing let in"): unsafe URLs in front-matter and
//! `site.yaml` are refused at their file, line and column with exit code 1; unsafe markdown
//! link targets and dangerous raw HTML are left out of the built pages, each with a warning
//! naming file and line, while harmless formatting stays; `markdown.unsafe_html` keeps raw
//! HTML verbatim.

use crate::harness::{Run, SiteTest};

/// A brief with `extra` front-matter lines and `body`; front-matter starts on line 2, so
/// `extra`'s first line is line 6 of the file.
fn brief(extra: &str, body: &str) -> String {
    format!("---\ntitle: Hostile\ndate: 2023-02-01\nsummary: Hostile content.\nkey_points: [One]\n{extra}---\n{body}")
}

fn site_with(body: &str) -> SiteTest {
    SiteTest::fixture("basic").write("content/briefs/hostile.md", brief("", body))
}

/// The brief's article body as built.
fn body_html(run: &Run) -> String {
    let html = run.file("briefs/hostile/index.html");
    let start = html.find("brief-body").expect("body");
    // Up to "Cite this brief", whose record is a script element of the theme's.
    html[start..]
        .split("</main>")
        .next()
        .expect("main")
        .split(r#"<section class="cite""#)
        .next()
        .expect("body")
        .to_owned()
}

#[test]
fn errors_on_javascript_source_url_with_case_and_tab_tricks() {
    let site = SiteTest::fixture("basic").write(
        "content/briefs/hostile.md",
        brief("source:\n  publisher: X\n  url: \" JaVa\\tscript:alert(1)\"\n", "Body.\n"),
    );
    let run = site.build().failure();
    run.stderr_has("content/briefs/hostile.md:8:8: error: source.url: unsafe URL")
        .stderr_has("the `javascript:` scheme is not allowed; use http:, https:, mailto: or a relative address");
    assert!(!site.root().join("public").exists(), "a refused build wrote public/");
}

#[test]
fn errors_on_data_source_url_at_its_value() {
    SiteTest::fixture("basic")
        .write(
            "content/briefs/hostile.md",
            brief("source: { publisher: X, url: \"data:text/html,<script>alert(1)</script>\" }\n", "Body.\n"),
        )
        .build()
        .failure()
        .stderr_has("content/briefs/hostile.md:6:")
        .stderr_has("source.url: unsafe URL `data:text/html,<script>alert(1)</script>`: the `data:` scheme");
}

#[test]
fn errors_on_javascript_publisher_url_in_site_yaml() {
    let site = SiteTest::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let line = yaml.lines().position(|l| l.starts_with("publisher:")).expect("publisher") + 1;
    let yaml = yaml
        .lines()
        .map(|l| if l.starts_with("publisher:") { "publisher:\n  name: P\n  url: javascript:alert(1)" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    site.write("site.yaml", yaml)
        .build()
        .failure()
        .stderr_has(&format!("site.yaml:{}:8: error: publisher.url: unsafe URL `javascript:alert(1)`", line + 2))
        .stderr_has("use http:, https:, mailto: or a relative address");
}

#[test]
fn can_accept_web_and_mail_urls_in_front_matter() {
    let run = SiteTest::fixture("basic")
        .write(
            "content/briefs/hostile.md",
            brief("source: { publisher: X, url: \"https://example.org/original\" }\n", "Body.\n"),
        )
        .build()
        .success();
    assert!(run.file("briefs/hostile/index.html").contains("href=\"https://example.org/original\""));
}

#[test]
fn can_neutralise_javascript_links_and_data_images_keeping_text() {
    let run = site_with(
        "Intro.\n\nSee [click me](javascript:alert(1)) and <javascript:alert(2)>.\n\n![a chart](data:text/html,x)\n",
    )
    .build()
    .success();
    let html = body_html(&run);
    assert!(!html.contains("javascript:alert(1)\""), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(!html.contains("src=\"data:"), "{html}");
    assert!(html.contains("See click me and javascript:alert(2)."), "link text kept: {html}");
    assert!(html.contains("a chart"), "alt text kept: {html}");
    run.stderr_has("content/briefs/hostile.md:9:5: warning: removed the unsafe link target `javascript:alert(1)`")
        .stderr_has("content/briefs/hostile.md:9:41: warning: removed the unsafe link target `javascript:alert(2)`")
        .stderr_has("content/briefs/hostile.md:11:1: warning: removed the unsafe image source `data:text/html,x`");
}

#[test]
fn can_remove_scripts_and_event_handlers_with_warnings() {
    let run = site_with(
        "Intro.\n\n<script>alert(1)</script>\n\nText <span onclick=\"alert(2)\">kept</span>.\n\n<img src=\"chart.png\" onerror=\"alert(3)\">\n\n<iframe src=\"https://evil.example/\"></iframe>\n",
    )
    .build()
    .success();
    let html = body_html(&run);
    for gone in ["<script", "alert(1)", "onclick", "alert(2)", "onerror", "alert(3)", "<iframe", "evil.example"] {
        assert!(!html.contains(gone), "{gone} left in:\n{html}");
    }
    assert!(html.contains("Text <span>kept</span>."), "{html}");
    assert!(html.contains("<img src=\"chart.png\">"), "{html}");
    run.stderr_has("content/briefs/hostile.md:9:1: warning: removed <script> element and its content")
        .stderr_has("content/briefs/hostile.md:11:6: warning: removed onclick attribute of <span>")
        .stderr_has("content/briefs/hostile.md:13:1: warning: removed onerror attribute of <img>")
        .stderr_has("content/briefs/hostile.md:15:1: warning: removed <iframe> element and its content")
        .stderr_has("hint: raw HTML is sanitised; set `markdown: { unsafe_html: true }`");
}

#[test]
fn can_keep_harmless_formatting_and_code_blocks() {
    let body = "<details><summary>Method</summary>\n\nInside *markdown*, H<sub>2</sub>O, x<sup>2</sup>, <abbr title=\"World Trade Organization\">WTO</abbr><br>next.\n\n</details>\n\n```html\n<script>alert(\"in code\")</script>\n```\n";
    let run = site_with(body).build().success();
    let html = body_html(&run);
    assert!(html.contains("<details><summary>Method</summary>"), "{html}");
    assert!(html.contains("<em>markdown</em>, H<sub>2</sub>O, x<sup>2</sup>"), "{html}");
    assert!(html.contains("<abbr title=\"World Trade Organization\">WTO</abbr><br>next."), "{html}");
    assert!(html.find("<em>markdown</em>") < html.find("</details>"), "markdown stays inside <details>: {html}");
    assert!(html.contains("data-lang=\"html\""), "code block highlighted: {html}");
    assert!(html.contains("in code"), "code kept: {html}");
    assert!(!run.stderr().contains("hostile.md:"), "no warning for harmless HTML:\n{}", run.stderr());
}

#[test]
fn can_keep_raw_html_verbatim_when_the_site_opts_in() {
    let site = site_with("Intro.\n\n<script>window.trusted = 1</script>\n\nText <span onclick=\"go()\">kept</span>.\n");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let run = site.write("site.yaml", format!("{yaml}markdown:\n  unsafe_html: true\n")).build().success();
    let html = body_html(&run);
    assert!(html.contains("<script>window.trusted = 1</script>"), "{html}");
    assert!(html.contains("<span onclick=\"go()\">kept</span>"), "{html}");
    assert!(!run.stderr().contains("hostile.md:"), "no warning when trusted:\n{}", run.stderr());
}

#[test]
fn errors_on_unknown_markdown_option() {
    let site = SiteTest::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", format!("{yaml}markdown:\n  unsafe_htm: true\n"))
        .build()
        .failure()
        .stderr_has("unknown field `unsafe_htm`")
        .stderr_has("did you mean `unsafe_html`?");
}

#[test]
fn can_warn_in_check_too() {
    site_with("Intro.\n\n<script>alert(1)</script>\n")
        .run(&["check"])
        .stderr_has("content/briefs/hostile.md:9:1: warning: removed <script> element and its content");
}

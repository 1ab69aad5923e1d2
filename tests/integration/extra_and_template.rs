//! `extra:` in a brief's, a page's and `site.yaml`'s YAML reaches templates (`brief.extra`,
//! `page.extra`, `page_content.extra`, `site.extra`); `template:` picks another template for
//! one brief or page, and one that does not exist is an error at its line.

use crate::harness::SiteTest;

const BRIEF: &str = "---\ntitle: Extra\ndate: 2024-01-02\nsummary: S.\nkey_points: [One.]\n\
extra:\n  programme: Digital policy\n  score: 3\ntemplate: brief-wide.html\n---\nBody.\n";

fn site() -> SiteTest {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/extra.md", BRIEF)
        .write(
            "content/pages/wide.md",
            "---\ntitle: Wide\nextra: { colour: teal }\ntemplate: page-wide.html\n---\nText.\n",
        )
        .write(
            "templates/brief-wide.html",
            "<main>{{ brief.title }}|{{ brief.extra.programme }}|{{ page.extra.score }}|{{ site.extra.funder }}</main>",
        )
        .write(
            "templates/page-wide.html",
            "<main>{{ page_content.title }}|{{ page_content.extra.colour }}|{{ page.extra.colour }}</main>",
        );
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", format!("{config}extra:\n  funder: The Foundation\n"))
}

#[test]
fn can_pass_extra_to_a_chosen_template() {
    let run = site().build().success();
    assert_eq!(run.file("briefs/extra/index.html"), "<main>Extra|Digital policy|3|The Foundation</main>");
    assert_eq!(run.file("wide/index.html"), "<main>Wide|teal|teal</main>");
    // The others keep the theme's templates.
    assert!(run.file("briefs/alpha/index.html").contains("<!doctype html>"));
}

#[test]
fn errors_on_a_template_that_does_not_exist_at_its_line() {
    site()
        .write("content/briefs/extra.md", BRIEF.replace("brief-wide.html", "brief-wid.html"))
        .build()
        .failure()
        .stderr_has("content/briefs/extra.md:9:1: error: template `brief-wid.html` does not exist")
        .stderr_has("did you mean `brief-wide.html`?");
}

#[test]
fn errors_on_extra_that_is_not_a_mapping_at_its_line() {
    site()
        .write(
            "content/briefs/extra.md",
            BRIEF.replace("extra:\n  programme: Digital policy\n  score: 3\n", "extra: [a]\n"),
        )
        .build()
        .failure()
        .stderr_has("content/briefs/extra.md:6:8: error: extra: invalid type: sequence, expected a map");
}

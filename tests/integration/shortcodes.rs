//! Shortcodes: `{{ name(...) }}` inline and `{% name(...) %}markdown{% end %}` rendered by
//! `templates/shortcodes/<name>.html` of the site or the theme (the built-in `figure`,
//! `pullquote` and `data_table` from a CSV beside the brief); calls in code stay text; an
//! unknown shortcode or a wrong argument is an error at its file, line and column.

use crate::harness::{SiteTest, collapse, sel};

const HEAD: &str = "---\ntitle: Codes\ndate: 2024-01-02\nsummary: S.\nkey_points: [One.]\n---\n";
const PAGE: &str = "briefs/codes/index.html";

fn site(body: &str) -> SiteTest {
    SiteTest::fixture("basic")
        .write("content/briefs/codes.md", format!("{HEAD}{body}"))
        .write("templates/shortcodes/stat.html", "<strong class=\"stat\">{{ value }}</strong> ({{ n * 2 }})")
        .write("content/briefs/data/spending.csv", "Year,Spending (€m)\n2023,12\n2024,\"1,500\"\n")
}

#[test]
fn can_render_inline_and_block_shortcodes_and_leave_code_alone() {
    let body = "Growth was {{ stat(value=\"<42%>\", n=3) }} last year.\n\n\
{{ figure(src=\"/figures/chart.svg\", alt=\"Spending by year\", caption=\"Spending rose\", credit=\"Source: Treasury\") }}\n\n\
{% pullquote(source=\"A minister\") %}\nWe will *publish* it.\n{% end %}\n\n\
{{ data_table(path=\"data/spending.csv\", caption=\"Spending by year\") }}\n\n\
Write `{{ stat(value=\"x\") }}` for a statistic.\n\n```\n{% pullquote() %}\n```\n";
    for theme in ["default", "briefing-room"] {
        let site = site(body);
        let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
        let run =
            site.write("site.yaml", config.replace("theme: default", &format!("theme: {theme}"))).build().success();
        let html = run.file(PAGE);
        assert!(
            html.contains("<p>Growth was <strong class=\"stat\">&lt;42%&gt;</strong> (6) last year.</p>"),
            "{html}"
        );
        let doc = run.html(PAGE);
        let figure = doc.select(&sel("main figure.sc-figure")).next().expect("figure");
        let img = figure.select(&sel("img")).next().expect("img");
        assert_eq!(img.value().attr("src"), Some("/policy/briefs/figures/chart.svg"));
        assert_eq!(img.value().attr("alt"), Some("Spending by year"));
        assert_eq!(
            collapse(&figure.select(&sel("figcaption")).next().expect("caption").text().collect::<String>()),
            "Spending rose Source: Treasury"
        );
        let quote = doc.select(&sel("main figure.sc-pullquote")).next().expect("pullquote");
        assert!(quote.html().contains("<em>publish</em>"), "{}", quote.html());
        assert!(!html.contains("<p><figure"), "a block shortcode is not put in a paragraph: {html}");
        let table = doc.select(&sel("main table")).next().expect("table");
        assert_eq!(
            collapse(&table.select(&sel("caption")).next().expect("caption").text().collect::<String>()),
            "Spending by year"
        );
        let heads: Vec<String> = table.select(&sel("th[scope=col]")).map(|c| c.text().collect()).collect();
        assert_eq!(heads, ["Year", "Spending (€m)"]);
        let cells: Vec<String> = table.select(&sel("tbody td")).map(|c| c.text().collect()).collect();
        assert_eq!(cells, ["2023", "12", "2024", "1,500"]);
        assert!(html.contains("<code>{{ stat(value=\"x\") }}</code>"), "{html}");
        assert!(html.contains("{% pullquote() %}"), "{html}");
    }
}

#[test]
fn errors_on_an_unknown_shortcode_at_its_line_and_column() {
    site("Intro.\n\nSee {{ figur(src=\"a.svg\", alt=\"A\") }}.\n")
        .build()
        .failure()
        .stderr_has("content/briefs/codes.md:9:5: error: unknown shortcode `figur`")
        .stderr_has("did you mean `figure`?");
}

#[test]
fn errors_on_a_wrong_or_missing_argument_at_its_place() {
    site("{{ figure(src=\"a.svg\", alt=\"A\", captoin=\"C\") }}\n\n{{ figure(src=\"a.svg\") }}\n\n{{ stat(value=\"x\", n=) }}\n")
        .build()
        .failure()
        .stderr_has("content/briefs/codes.md:7:33: error: shortcode `figure` has no argument `captoin`")
        .stderr_has("did you mean `caption`?")
        .stderr_has("content/briefs/codes.md:9:1: error: shortcode `figure` needs the argument `alt`")
        .stderr_has("content/briefs/codes.md:11:22: error: argument `n` has no value");
}

#[test]
fn errors_on_a_missing_data_file_at_the_line_naming_it() {
    site("Intro.\n\n{{ data_table(path=\"data/nope.csv\") }}\n")
        .build()
        .failure()
        .stderr_has("content/briefs/codes.md:9:1: error: cannot read data file `data/nope.csv`");
}

#[test]
fn can_outline_the_headings_of_a_block_shortcode_body_with_unique_ids() {
    let body = "## Summary\n\nText.\n\n{% box() %}\n## Summary\n\n### Detail\n\nInside.\n{% end %}\n\n## After\n";
    let run =
        site(body).write("templates/shortcodes/box.html", "<div class=\"box\">{{ body }}</div>").build().success();
    let doc = run.html(PAGE);
    let hrefs: Vec<&str> = doc.select(&sel("nav.toc a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["#summary", "#summary-1", "#detail", "#after"]);
    let inside: Vec<&str> =
        doc.select(&sel("main div.box h2, main div.box h3")).filter_map(|h| h.value().id()).collect();
    assert_eq!(inside, ["summary-1", "detail"]);
    assert_eq!(run.file(PAGE).matches("id=\"summary\"").count(), 1);
    crate::determinism::assert_same_as_in_memory(&run.root, run.snapshot());
}

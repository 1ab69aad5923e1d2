//! References: citations in the markdown formatted in the site's CSL style and linked to a
//! "References" section, from a site-wide Hayagriva file or a brief's own BibTeX file;
//! unknown keys and broken bibliographies are errors at their place.

use crate::harness::{SiteTest, sel};

const SITE_WIDE: &str = "briefs/site-wide/index.html";
const OWN: &str = "briefs/own-bib/index.html";

#[test]
fn can_render_every_citation_form_linked_to_its_reference() {
    let run = SiteTest::fixture("references").build().success();
    let page = run.file(SITE_WIDE);
    // [@key], [@key, p. 12], [@a; @b] and [-@key], each item linked to its entry.
    assert!(
        page.contains(
            "<span class=\"citation\">(<a href=\"#ref-oecd2023\" class=\"citation-link\">OECD 2023</a>)</span>"
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"#ref-kim2019\" class=\"citation-link\">Kim and Laurent 2019, 52</a>"), "{page}");
    assert!(page.contains("(<a href=\"#ref-oecd2023\" class=\"citation-link\">OECD 2023</a>; <a href=\"#ref-kim2019\" class=\"citation-link\">Kim and Laurent 2019</a>)"), "{page}");
    assert!(
        page.contains(
            "show <span class=\"citation\">(<a href=\"#ref-kim2019\" class=\"citation-link\">2019</a>)</span>"
        ),
        "{page}"
    );
    // Not citations: code, a footnote, an e-mail address.
    assert!(page.contains("<code>[@oecd2023]</code>"), "{page}");
    assert!(page.contains("href=\"mailto:policy@example.org\""), "{page}");
    assert!(page.contains("id=\"fnref-1\""), "{page}");
    // The References section ends the brief, one entry per cited source, in the style's order.
    let html = run.html(SITE_WIDE);
    let section = html.select(&sel("section.references[aria-labelledby=references]")).next().expect("section");
    assert_eq!(
        section.select(&sel("h2#references")).next().map(|h| h.text().collect::<String>()),
        Some("References".into())
    );
    let ids: Vec<&str> = section.select(&sel("li")).filter_map(|li| li.value().id()).collect();
    assert_eq!(ids, ["ref-kim2019", "ref-oecd2023"]);
    assert!(section.html().contains("<a href=\"https://www.oecd.org/housing-taxation\">"), "{}", section.html());
    let body = page.find("class=\"prose brief-body\"").expect("body");
    assert!(
        page[body..].find("class=\"references\"") > page[body..].find("class=\"footnotes\""),
        "references end the body"
    );
}

#[test]
fn can_cite_from_a_brief_s_own_bibtex_file_and_leave_code_and_links_alone() {
    let run = SiteTest::fixture("references").build().success();
    assert!(!run.stderr().contains("energy.bib: warning"), "the .bib is used:\n{}", run.stderr());
    let page = run.file(OWN);
    assert!(
        page.contains("(<a href=\"#ref-iea2022\" class=\"citation-link\">International Energy Agency 2022, 10–12</a>)"),
        "{page}"
    );
    assert!(page.contains("[@iea2022] stays literal in fenced code."), "{page}");
    assert!(page.contains(">a link about @iea2022</a>"), "{page}");
    let html = run.html(OWN);
    let ids: Vec<&str> = html.select(&sel("section.references li")).filter_map(|li| li.value().id()).collect();
    assert_eq!(ids, ["ref-iea2022"], "only cited entries are listed");
    assert!(!run.file("briefs/no-cites/index.html").contains("class=\"references\""));
}

#[test]
fn can_switch_the_citation_style() {
    let site = SiteTest::fixture("references");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let apa = site.write("site.yaml", format!("{yaml}citation_style: apa\n"));
    let run = apa.build().success();
    let page = run.file(SITE_WIDE);
    assert!(page.contains(">Kim &amp; Laurent, 2019, p. 52</a>"), "{page}");
    assert!(page.contains("Kim, S., &amp; Laurent, M. (2019). Rent Control and Supply."), "{page}");
    let ieee = apa.write("site.yaml", format!("{yaml}citation_style: ieee\n"));
    let run = ieee.build().success();
    let page = run.file(SITE_WIDE);
    assert!(page.contains("<a href=\"#ref-oecd2023\" class=\"citation-link\">[1]</a>"), "{page}");
    assert!(page.contains("<a href=\"#ref-kim2019\" class=\"citation-link\">[2, p. 52]</a>"), "{page}");
    assert!(page.contains("<ol class=\"reference-list numbered\">"), "{page}");
    let html = run.html(SITE_WIDE);
    let ids: Vec<&str> = html.select(&sel("section.references li")).filter_map(|li| li.value().id()).collect();
    assert_eq!(ids, ["ref-oecd2023", "ref-kim2019"], "IEEE numbers by first citation");
}

#[test]
fn errors_on_an_unknown_key_at_its_place_with_a_suggestion() {
    let site = SiteTest::fixture("references");
    let text = std::fs::read_to_string(site.root().join("content/briefs/site-wide.md")).expect("brief");
    let site = site.write("content/briefs/site-wide.md", text.replace("[@kim2019, p. 52]", "[@kimm2019, p. 52]"));
    let run = site.build().failure();
    run.stderr_has(
        "content/briefs/site-wide.md:11:30: error: citation `@kimm2019` is not in the bibliography sources.yaml",
    )
    .stderr_has("did you mean `@kim2019`?");
}

#[test]
fn errors_on_a_bibliography_that_does_not_parse_naming_the_file() {
    let site = SiteTest::fixture("references").write("content/briefs/energy.bib", "@book{broken,\n  title = {Open\n");
    site.build().failure().stderr_has("content/briefs/energy.bib:").stderr_has("the bibliography does not parse");
    let site = SiteTest::fixture("references").write("bib/sources.yaml", "oecd2023:\n  type: [report\n");
    site.build().failure().stderr_has("bib/sources.yaml:").stderr_has("the bibliography does not parse");
}

#[test]
fn can_write_the_cited_sources_as_csl_json_and_json_ld() {
    let run = SiteTest::fixture("references").build().success();
    let items: serde_json::Value =
        serde_json::from_str(&run.file("briefs/site-wide/site-wide.json")).expect("CSL-JSON is valid JSON");
    let ids: Vec<&str> = items.as_array().expect("array").iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(ids, ["oecd2023", "kim2019"], "in the order first cited");
    assert_eq!(items[0]["type"], "report");
    assert_eq!(items[0]["title"], "Housing Taxation in OECD Countries");
    assert_eq!(items[0]["issued"]["date-parts"], serde_json::json!([[2023, 3]]));
    assert_eq!(items[0]["URL"], "https://www.oecd.org/housing-taxation");
    assert_eq!(items[1]["author"][0], serde_json::json!({"family": "Kim", "given": "Sarah"}));
    assert_eq!(items[1]["container-title"], "Journal of Urban Policy");
    let own: serde_json::Value = serde_json::from_str(&run.file("briefs/own-bib/own-bib.json")).expect("JSON");
    assert_eq!(own.as_array().map(Vec::len), Some(1), "only cited entries: {own}");
    assert!(!run.exists("briefs/no-cites/no-cites.json"), "a brief that cites nothing has no sources file");
    let link = "<a href=\"/refs/briefs/site-wide/site-wide.json\" type=\"application/vnd.citationstyles.csl+json\">";
    assert!(run.file(SITE_WIDE).contains(link), "the page links its sources file");
    assert!(!run.file("briefs/no-cites/index.html").contains("cite-sources"));

    let doc = run.html(SITE_WIDE);
    let script = doc.select(&sel("script[type='application/ld+json']")).next().expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).expect("valid JSON");
    let cited = ld["citation"].as_array().expect("citation");
    assert_eq!(cited.len(), 2);
    assert_eq!(cited[0]["@type"], "CreativeWork");
    assert_eq!(cited[0]["name"], "Housing Taxation in OECD Countries");
    assert_eq!(cited[0]["datePublished"], "2023-03");
    assert_eq!(cited[0]["url"], "https://www.oecd.org/housing-taxation");
    assert_eq!(cited[1]["author"][1], serde_json::json!({"@type": "Person", "name": "Marc Laurent"}));
}

#[test]
fn errors_on_a_citation_in_a_brief_without_a_bibliography_at_its_place() {
    let site = SiteTest::fixture("references");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let site = site.write("site.yaml", yaml.replace("bibliography: bib/sources.yaml\n", ""));
    let run = site.build().failure();
    let run = run
        .stderr_has("content/briefs/site-wide.md:7:32: error: citation `@oecd2023`, but the brief has no bibliography")
        .stderr_has("content/briefs/site-wide.md:11:30: error: citation `@kim2019`")
        .stderr_has("add `bibliography:`");
    // The brief with its own .bib still cites; the error names only the brief without one.
    assert!(!run.stderr().contains("own-bib.md"), "{}", run.stderr());
}

#[test]
fn can_leave_what_is_not_a_citation_as_text_in_a_brief_without_a_bibliography() {
    let site = SiteTest::fixture("references");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let body = "Mail [policy@example.org], write \\[@handle] as text, and `[@code]` in code.\n";
    let run = site
        .write("site.yaml", yaml.replace("bibliography: bib/sources.yaml\n", ""))
        .write("content/briefs/site-wide.md", format!("---\ntitle: T\ndate: 2024-05-02\nsummary: S.\n---\n\n{body}"))
        .build()
        .success();
    let page = run.file(SITE_WIDE);
    assert!(page.contains("[@handle] as text"), "{page}");
    assert!(page.contains("<code>[@code]</code>"), "{page}");
    assert!(page.contains("mailto:policy@example.org"), "{page}");
}

#[test]
fn can_index_a_citing_brief_with_its_formatted_citations() {
    let run = SiteTest::fixture("references").build().success();
    let records: String = ["0", "8", "16"]
        .iter()
        .filter(|n| run.exists(&format!("search/data/r/{n}.json")))
        .map(|n| run.file(&format!("search/data/r/{n}.json")))
        .collect();
    let text = &records[records.find("Taxes on property").expect("the brief's text")..];
    assert!(text.starts_with("Taxes on property vary widely (OECD 2023)."), "{text}");
    assert!(text.contains("(Kim and Laurent 2019, 52)") && text.contains("show (2019)"), "{text}");
    assert!(!records.contains("[@") && !records.contains("@kim2019"), "{records}");
    // The lean build's walk without HTML formats them as the in-memory render does.
    crate::determinism::assert_same_as_in_memory(&run.root, run.snapshot());
}

//! What machines read from the repo's site: page metadata (title, description, canonical,
//! OpenGraph), a brief's JSON-LD `Report` and Highwire `citation_*` tags, its citation
//! files, the search index, feeds, and related briefs.

use crate::harness::{SiteTest, sel};

const BUREAU: &str = "briefs/us-holistic-digital-diplomacy/index.html";
const SOLIDARITY_TITLE: &str = "Digital solidarity at the centre of United States Tech Diplomacy";

#[test]
fn can_give_every_page_title_description_canonical_and_opengraph() {
    let run = SiteTest::repo().build().success();
    let pages: Vec<String> = run.snapshot().into_iter().map(|(p, _)| p).filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() >= 20, "{pages:?}");
    for page in pages {
        let doc = run.html(&page);
        let one = |css: &str| doc.select(&sel(css)).count();
        assert_eq!(one("html[lang='en']"), 1, "{page}: lang");
        assert_eq!(one("head > title"), 1, "{page}: <title>");
        assert_eq!(one("meta[name='description'][content]"), 1, "{page}: description");
        assert_eq!(one("link[rel='canonical'][href^='https://example.org/']"), 1, "{page}: canonical");
        assert_eq!(one("meta[property='og:title']"), 1, "{page}: og:title");
        assert_eq!(one("h1"), 1, "{page}: one h1");
    }
}

#[test]
fn can_describe_a_brief_as_a_schema_org_report() {
    let run = SiteTest::repo().build().success();
    let doc = run.html(BUREAU);
    let script = doc.select(&sel("script[type='application/ld+json']")).next().expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).expect("valid JSON");
    assert_eq!(ld["@type"], "Report");
    assert_eq!(ld["headline"], "The US is pursuing holistic digital diplomacy");
    assert_eq!(ld["datePublished"], "2022-04-15");
    assert_eq!(ld["dateModified"], "2024-03-19");
    assert_eq!(ld["url"], "https://example.org/briefs/us-holistic-digital-diplomacy/");
    // Each value once: no `name` beside `headline`, no `mainEntityOfPage` beside `url`.
    assert!(ld.get("name").is_none() && ld.get("mainEntityOfPage").is_none(), "{ld}");
    assert_eq!(ld["publisher"]["name"], "The Chancery project");
    assert_eq!(ld["isBasedOn"]["publisher"]["name"], "Diplo");
    assert!(ld["author"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(ld["about"].as_array().is_some_and(|a| a.iter().any(|t| t["name"] == "Cybersecurity")));
    assert!(ld["spatialCoverage"].as_array().is_some_and(|a| a.iter().any(|t| t["name"] == "United States")));
    let meta = |name: &str| -> Vec<String> {
        doc.select(&sel(&format!("meta[name='{name}']")))
            .filter_map(|m| m.value().attr("content").map(str::to_owned))
            .collect()
    };
    assert_eq!(meta("citation_title"), vec!["The US is pursuing holistic digital diplomacy"]);
    assert_eq!(meta("citation_publication_date"), vec!["2022/04/15"]);
    assert!(!meta("citation_author").is_empty());
}

#[test]
fn can_cite_a_brief_in_text_bibtex_and_ris() {
    let run = SiteTest::repo().build().success();
    // The records are on the page (cite.js saves them as files): none is written per brief.
    assert!(!run.exists("briefs/us-holistic-digital-diplomacy/us-holistic-digital-diplomacy.bib"));
    assert!(!run.exists("briefs/us-holistic-digital-diplomacy/us-holistic-digital-diplomacy.ris"));
    let page = run.file(BUREAU);
    // The page carries one record; cite.js makes the files from it, and saves them under
    // these names (tests/browser/cite.test.mjs: the same bytes as the Rust writers').
    for name in ["us-holistic-digital-diplomacy.bib", "us-holistic-digital-diplomacy.ris"] {
        assert!(page.contains(&format!(r#"data-download="{name}""#)), "{name}");
    }
    let record = crate::harness::cite_record(&page);
    assert_eq!(record["id"], "us_holistic_digital_diplomacy2022");
    let records = crate::harness::cite_records(&run.root, "us-holistic-digital-diplomacy");
    let bib = records.bibtex;
    assert!(bib.starts_with("@techreport{us_holistic_digital_diplomacy2022,"), "{bib}");
    assert!(bib.contains("title = {{The US is pursuing holistic digital diplomacy}}"), "{bib}");
    assert!(bib.contains("month = apr"), "{bib}");
    assert!(bib.contains("note = {Updated 19 March 2024}"), "{bib}");
    let ris = records.ris;
    assert!(ris.starts_with("TY  - RPRT\r\n"), "{ris}");
    assert!(ris.contains("TI  - The US is pursuing holistic digital diplomacy\r\n"), "{ris}");
    assert!(ris.contains("DA  - 2022/04/15/\r\n"), "{ris}");
    assert!(ris.ends_with("ER  -\r\n"), "{ris}");
    let text = run.main_text(BUREAU);
    assert!(
        text.contains("(2022, April 15). The US is pursuing holistic digital diplomacy (updated 19 March 2024)."),
        "{text}"
    );
}

#[test]
fn can_index_every_brief_for_search() {
    let run = SiteTest::repo().build().success();
    let boot: serde_json::Value = serde_json::from_str(&run.file("search/data/boot.json")).expect("JSON");
    assert_eq!(boot["briefs"], 2);
    // Numbered oldest first (by slot, listed in f/all.bin): the newest brief is the second.
    let slots = chancery::search::decode::facet(&run.bytes("search/data/f/all.bin")).expect("all briefs");
    assert_eq!(slots.len(), 2);
    let fragment = boot["fragment"].as_u64().expect("fragment") as u32;
    let record = |slot: u32| -> serde_json::Value {
        let chunk: serde_json::Value =
            serde_json::from_str(&run.file(&format!("search/data/r/{}.json", slot / fragment))).expect("JSON");
        chunk[(slot % fragment) as usize].clone()
    };
    assert_eq!(record(slots[1])[0], SOLIDARITY_TITLE);
    for r in slots.iter().map(|&s| record(s)) {
        for k in [0, 1, 2, 3, 5] {
            assert!(r[k].as_str().is_some_and(|s| !s.is_empty()), "field {k} in {r}");
        }
        assert!(r[6].as_array().is_some_and(|t| t.iter().all(|t| t.as_str().is_some_and(|s| !s.is_empty()))), "{r}");
    }
    assert!(!run.exists("search-index.json"), "the old index is gone");
    assert!(run.file("search/index.html").contains("data-base=\"/search/data/\""));
}

#[test]
fn can_feed_summaries_and_full_content_site_wide_and_per_term() {
    let run = SiteTest::repo().build().success();
    let atom = run.file("atom.xml");
    assert_eq!(atom.matches("<entry>").count(), 2);
    assert!(atom.contains("<summary>In April 2022 the US Department of State"), "summary");
    assert!(atom.contains("<content type=\"html\">&lt;p&gt;Following the 9/11"), "full content, escaped");
    assert!(atom.contains("<published>2022-04-15T00:00:00Z</published>"));
    assert!(atom.contains("<updated>2024-03-19T00:00:00Z</updated>"));
    let term = run.file("actors/microsoft/atom.xml");
    assert_eq!(term.matches("<entry>").count(), 1);
    assert!(term.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/actors/microsoft/atom.xml\"/>"
    ));
}

#[test]
fn can_relate_briefs_that_share_terms() {
    let run = SiteTest::repo().build().success();
    let related = run.texts(BUREAU, ".related h3, .related h2 a, .related a");
    assert!(related.iter().any(|t| t.contains(SOLIDARITY_TITLE)), "{related:?}");
    assert!(run.main_text(BUREAU).contains("min read"));
}

//! Briefs as publications: change notes (`updates:`, `/updates/`, `updates.xml`, the
//! timeline), identifiers (DOI, report number, series) and scheduled publishing
//! (`--future`, `--as-of`, `SOURCE_DATE_EPOCH`), on `tests/fixtures/publication`.

use crate::harness::SiteTest;

/// A day after every fixture brief but the scheduled one (2030-06-01).
const AS_OF: &str = "2026-01-01";

fn site() -> SiteTest {
    SiteTest::fixture("publication")
}

fn in_theme(theme: &str) -> SiteTest {
    let yaml = std::fs::read_to_string(site().root().join("site.yaml")).expect("site.yaml");
    site().write("site.yaml", yaml.replace("theme: default", &format!("theme: {theme}")))
}

#[test]
fn can_show_change_notes_newest_first_with_the_derived_updated_date_in_both_themes() {
    for theme in ["default", "briefing-room"] {
        let run = in_theme(theme).build_with(&["--as-of", AS_OF]).success();
        let page = "briefs/noted/index.html";
        let notes = run.texts(page, ".brief-updates li");
        assert_eq!(
            notes,
            [
                "19 March 2024 Added the March figures.",
                "15 February 2024 Added the February response.",
                "1 February 2024 Corrected the vote count. (minor change)",
            ],
            "{theme}"
        );
        assert_eq!(run.texts(page, ".brief-updates h2"), ["Updates to this brief"], "{theme}");
        // The newest non-minor note is the brief's "updated" date, everywhere.
        let html = run.file(page);
        assert!(html.contains(r#"<meta property="article:modified_time" content="2024-03-19">"#), "{theme}");
        assert!(html.contains(r#""dateModified":"2024-03-19""#), "{theme}");
        assert!(run.main_text(page).contains("Updated 19 March 2024"), "{theme}");
        let atom = run.file("atom.xml");
        let entry = &atom[atom.find("briefs/noted/").expect("entry")..];
        assert!(entry.contains("<updated>2024-03-19T00:00:00Z</updated>"), "{atom}");
    }
}

#[test]
fn can_list_non_minor_updates_paginated_with_an_atom_feed() {
    for theme in ["default", "briefing-room"] {
        let run = in_theme(theme).build_with(&["--as-of", AS_OF]).success();
        let first = run.main_text("updates/index.html");
        let second = run.main_text("updates/page/2/index.html");
        let order = |text: &str, a: &str, b: &str| text.find(a).expect(a) < text.find(b).expect(b);
        assert!(order(&first, "Revised after the summit.", "Added the March figures."), "{first}");
        assert!(order(&second, "Added the February response.", "First revision."), "{second}");
        assert!(!first.contains("Added the February response."), "two a page: {first}");
        for text in [&first, &second] {
            assert!(!text.contains("Corrected the vote count"), "minor notes stay off /updates/: {text}");
        }
        assert!(first.contains("A second brief") && first.contains("page 1 of 2"), "{first}");
    }
    let run = site().build_with(&["--as-of", AS_OF]).success();
    let feed = run.file("updates.xml");
    // `feed_limit: 3`: the three newest notes.
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    assert!(feed.contains("<updated>2024-04-02T00:00:00Z</updated>"), "{feed}");
    assert!(feed.contains("<summary>Added the February response.</summary>"), "{feed}");
    assert!(!feed.contains("First revision.") && !feed.contains("vote count"), "{feed}");
    assert!(feed.contains("<id>https://example.org/policy/briefs/noted/#update-2024-03-19</id>"), "{feed}");
}

#[test]
fn can_show_each_update_with_its_note_on_the_timeline() {
    for theme in ["default", "briefing-room"] {
        let run = in_theme(theme).build_with(&["--as-of", AS_OF]).success();
        let text = run.main_text("timeline/2024/index.html");
        assert!(text.contains("Added the March figures."), "{theme}: {text}");
        assert!(text.contains("Added the February response."), "{theme}: {text}");
        assert!(!text.contains("Corrected the vote count"), "{theme}: {text}");
    }
}

#[test]
fn errors_on_an_updated_date_that_disagrees_with_the_updates_at_its_line() {
    let text = std::fs::read_to_string(site().root().join("content/briefs/second.md")).expect("brief");
    let run = site()
        .write(
            "content/briefs/second.md",
            text.replace("date: 2024-02-01\n", "date: 2024-02-01\nupdated: 2024-05-01\n"),
        )
        .build_with(&["--as-of", AS_OF])
        .failure();
    run.stderr_has(
        "content/briefs/second.md:4:10: error: `updated: 2024-05-01` disagrees with the newest update in `updates:` (2024-04-02)",
    );
}

#[test]
fn errors_on_a_bad_update_at_its_line() {
    let text = std::fs::read_to_string(site().root().join("content/briefs/third.md")).expect("brief");
    site()
        .write("content/briefs/third.md", text.replace("2023-06-01", "2023-04-01"))
        .build_with(&["--as-of", AS_OF])
        .failure()
        .stderr_has(
            "content/briefs/third.md:7:13: error: updates[0].date: 1 April 2023 is earlier than the brief's `date`",
        );
}

#[test]
fn can_carry_doi_report_number_and_series_in_page_meta_json_ld_and_citations() {
    for theme in ["default", "briefing-room"] {
        let run = in_theme(theme).build_with(&["--as-of", AS_OF]).success();
        let page = "briefs/noted/index.html";
        let html = run.file(page);
        for meta in [
            r#"<meta name="citation_doi" content="10.5281/zenodo.1234567">"#,
            r#"<meta name="citation_technical_report_number" content="PB-2024-07">"#,
            r#"<meta name="citation_series_title" content="Fixture Policy Briefs">"#,
        ] {
            assert!(html.contains(meta), "{theme}: {meta}");
        }
        let text = run.main_text(page);
        assert!(text.contains("PB-2024-07") && text.contains("Fixture Policy Briefs"), "{theme}: {text}");
        let doi_link = run.html(page);
        let link = doi_link
            .select(&crate::harness::sel(r#"a[href="https://doi.org/10.5281/zenodo.1234567"]"#))
            .next()
            .map(|a| a.text().collect::<String>());
        assert_eq!(link.as_deref(), Some("10.5281/zenodo.1234567"), "{theme}");
        let json_ld = html.split(r#"<script type="application/ld+json">"#).nth(1).expect("json-ld");
        let json_ld: serde_json::Value =
            serde_json::from_str(json_ld.split("</script>").next().expect("end")).expect("json");
        assert_eq!(json_ld["sameAs"], "https://doi.org/10.5281/zenodo.1234567");
        assert_eq!(json_ld["identifier"][0]["propertyID"], "DOI");
        assert_eq!(json_ld["identifier"][0]["value"], "10.5281/zenodo.1234567");
        assert_eq!(json_ld["identifier"][1]["value"], "PB-2024-07");
        assert_eq!(json_ld["isPartOf"]["name"], "Fixture Policy Briefs");
        let records = crate::harness::cite_records(&run.root, "noted");
        let bibtex = records.bibtex;
        for field in ["doi = {10.5281/zenodo.1234567}", "number = {PB-2024-07}", "series = {Fixture Policy Briefs}"] {
            assert!(bibtex.contains(field), "{theme}: {field} in {bibtex}");
        }
        let ris = records.ris;
        for line in ["DO  - 10.5281/zenodo.1234567", "SN  - PB-2024-07", "T3  - Fixture Policy Briefs"] {
            assert!(ris.contains(line), "{theme}: {line} in {ris}");
        }
        // The brief's own CSL-JSON record, downloaded beside BibTeX and RIS (cite.js makes it
        // from the page's record and JSON-LD).
        assert!(html.contains(r#"data-cite="csl" data-download="noted-citation.json""#), "{theme}");
        let csl: serde_json::Value = serde_json::from_str(&records.csl).expect("CSL-JSON");
        assert_eq!(crate::harness::cite_record(&html)["id"], csl[0]["id"], "{theme}");
        assert_eq!(csl[0]["type"], "report", "{theme}");
        assert_eq!(csl[0]["title"], "A brief with change notes", "{theme}");
        assert_eq!(csl[0]["DOI"], "10.5281/zenodo.1234567", "{theme}");
        assert_eq!(csl[0]["number"], "PB-2024-07", "{theme}");
        assert_eq!(csl[0]["collection-title"], "Fixture Policy Briefs", "{theme}");
        assert_eq!(csl[0]["publisher"], "Fixture Institute", "{theme}");
        assert_eq!(csl[0]["issued"]["date-parts"], serde_json::json!([[2024, 1, 10]]), "{theme}");
        assert_eq!(csl[0]["URL"], "https://example.org/policy/briefs/noted/", "{theme}");
        // A brief without identifiers has none of the tags.
        assert!(!run.file("briefs/second/index.html").contains("citation_doi"), "{theme}");
    }
}

#[test]
fn errors_on_a_doi_that_is_not_one_at_its_line_and_column() {
    let text = std::fs::read_to_string(site().root().join("content/briefs/noted.md")).expect("brief");
    site()
        .write("content/briefs/noted.md", text.replace("doi: 10.5281/zenodo.1234567", "doi: 10.abc/zenodo"))
        .build_with(&["--as-of", AS_OF])
        .failure()
        .stderr_has(
            "content/briefs/noted.md:7:6: error: `doi: 10.abc/zenodo` is not a DOI: expected 10.<digits>/<suffix>",
        );
}

#[test]
fn can_leave_out_a_brief_dated_after_today_unless_future() {
    let run = site().build_with(&["--as-of", AS_OF]).success();
    assert!(!run.exists("briefs/later/index.html"));
    assert!(!run.file("atom.xml").contains("scheduled for later"));
    assert!(!run.file("sitemap.xml").contains("briefs/later/"));
    let run = site().build_with(&["--as-of", AS_OF, "--future"]).success();
    assert!(run.exists("briefs/later/index.html"));
    // On its day, it is published without --future.
    let run = site().build_with(&["--as-of", "2030-06-01"]).success();
    assert!(run.exists("briefs/later/index.html"));
}

#[test]
fn can_build_the_same_bytes_as_of_a_day_and_honour_source_date_epoch() {
    let one = site().build_with(&["--as-of", AS_OF]).success().snapshot();
    let two = site().build_with(&["--as-of", AS_OF]).success().snapshot();
    assert!(one == two, "two builds as of one day differ");
    // SOURCE_DATE_EPOCH (2031-01-01T00:00:00Z, then 2026-01-01) decides without --as-of.
    let run = site().run_with_env(&["build"], &[("SOURCE_DATE_EPOCH", "1924992000")]).success();
    assert!(run.exists("briefs/later/index.html"));
    let run = site().run_with_env(&["build"], &[("SOURCE_DATE_EPOCH", "1767225600")]).success();
    assert!(!run.exists("briefs/later/index.html"));
    // --as-of wins over it.
    let run = site().run_with_env(&["build", "--as-of", "2031-01-01"], &[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert!(run.success().exists("briefs/later/index.html"));
    site().run_with_env(&["build"], &[("SOURCE_DATE_EPOCH", "soon")]).failure().stderr_has("SOURCE_DATE_EPOCH=soon");
    let run = site().build_with(&["--as-of", "2026-01"]);
    assert!(!run.output.status.success() && run.stderr().contains("`2026-01` is not a full date"), "{}", run.stderr());
}

#[test]
fn can_list_scheduled_briefs_in_check() {
    let run = site().run(&["check", "--as-of", AS_OF]).success();
    run.stderr_has("content/briefs/later.md for 2030-06-01 (left out; --future checks it too)")
        .stderr_has("checked 3 briefs");
    site()
        .run(&["check", "--as-of", AS_OF, "--future"])
        .success()
        .stderr_has("content/briefs/later.md for 2030-06-01 (checked as published (--future))")
        .stderr_has("checked 4 briefs");
}

#[test]
fn can_show_the_bureau_brief_change_note_of_19_march_2024() {
    let run = SiteTest::repo().build_with(&["--as-of", AS_OF]).success();
    let page = "briefs/us-holistic-digital-diplomacy/index.html";
    let notes = run.texts(page, ".brief-updates li");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("19 March 2024 Follows Diplo's article as it was updated on 19 March 2024"),
        "{notes:?}"
    );
    assert!(run.file(page).contains(r#""dateModified":"2024-03-19""#));
    assert!(run.main_text("updates/index.html").contains("The US is pursuing holistic digital diplomacy"));
}

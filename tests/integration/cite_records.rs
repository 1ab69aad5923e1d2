//! "Cite this brief": the page carries one small record (what its JSON-LD lacks), and
//! `cite.js` makes BibTeX, RIS and CSL-JSON from the two. The files of `tests/fixtures/cite/expected/` are what a reader saves;
//! here they are checked against Rust's own writers, and `tests/browser/cite.test.mjs`
//! checks the script's output against the same files, so the two agree byte for byte.
//! `CHANCERY_BLESS=1 cargo test --test integration cite_records` writes them again.

use std::path::PathBuf;

use crate::harness::{SiteTest, repo_root};

fn expected_dir() -> PathBuf {
    repo_root().join("tests/fixtures/cite/expected")
}

/// Each brief's slug and its records as a reader saves them: `<slug>.bib`, `<slug>.ris`,
/// `<slug>-citation.json` (the CSL-JSON ends in a newline, as the download does).
fn saved_records() -> Vec<(String, Vec<(String, String)>)> {
    let root = repo_root().join("tests/fixtures/cite");
    let (site, _) = chancery::render_site(&chancery::BuildOptions::new(&root)).expect("render");
    site.briefs
        .iter()
        .map(|brief| {
            let r = chancery::render::cite::records(&site, brief);
            let slug = brief.slug.clone();
            let files = vec![
                (format!("{slug}.bib"), r.bibtex),
                (format!("{slug}.ris"), r.ris),
                (format!("{slug}-citation.json"), format!("{}\n", r.csl)),
            ];
            (slug, files)
        })
        .collect()
}

#[test]
fn rust_writes_the_records_the_expected_files_hold() {
    let bless = std::env::var_os("CHANCERY_BLESS").is_some();
    let briefs = saved_records();
    assert_eq!(briefs.len(), 3);
    for (_, files) in &briefs {
        for (name, text) in files {
            let path = expected_dir().join(name);
            if bless {
                std::fs::create_dir_all(expected_dir()).expect("dir");
                std::fs::write(&path, text).expect("write");
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(text, &expected, "{name}");
        }
    }
    // The awkward values are there, escaped as each format wants.
    let read = |name: &str| std::fs::read_to_string(expected_dir().join(name)).expect("read");
    let bib = read("awkward.bib");
    assert!(
        bib.contains(r"title = {{R\&D \{x\} 5\% \#1 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"),
        "{bib}"
    );
    assert!(bib.contains("author = {Zoë O'Brien \\& Co and Ana\\_María \\{Ruiz\\}}"), "{bib}");
    assert!(read("organization.bib").contains("author = {{Lab\\_1 \\& Partners \\{Ltd\\}}}"));
    let ris = read("awkward.ris");
    assert!(ris.contains("KW  - Energy & Water\r\nKW  - Trade_Policy\r\nKW  - Côte d'Ivoire\r\n"), "{ris}");
    assert!(ris.contains("AB  - A summary on two lines, with \"quotes\", a tab\there, and a backslash"), "{ris}");
    assert!(read("single.ris").contains("TI  - A single author?\r\n"));
    let csl: serde_json::Value = serde_json::from_str(&read("awkward-citation.json")).expect("CSL-JSON");
    assert_eq!(csl[0]["DOI"], "10.5281/zenodo.1234567");
}

#[test]
fn the_page_carries_the_record_once_and_no_record_text() {
    let run = SiteTest::fixture("cite").build().success();
    for (slug, files) in saved_records() {
        let page = run.file(&format!("briefs/{slug}/index.html"));
        let records = page.matches("data-cite-record>").count();
        assert_eq!(records, 1, "{slug}");
        let json = page.split("data-cite-record>").nth(1).and_then(|s| s.split("</script>").next()).expect("record");
        let record: serde_json::Value = serde_json::from_str(json).expect("record JSON");
        // The record holds what the JSON-LD does not: the key, the terms, the site's title.
        let csl: serde_json::Value = serde_json::from_str(&files[2].1).expect("CSL-JSON");
        assert_eq!(record["id"], csl[0]["id"], "{slug}");
        assert!(record["site"] == "Cite & <Check> {Briefs}", "{slug}: {record}");
        assert_eq!(record.as_object().map(|o| o.len()), Some(3), "{slug}: {record}");
        // The title is not in it a second time: the JSON-LD has it.
        assert!(!json.contains(r#""title""#), "{slug}: {json}");
        // Neither BibTeX nor RIS is on the page: the script makes them.
        assert!(!page.contains("@techreport") && !page.contains("TY  - RPRT"), "{slug}");
        for name in ["bibtex", "ris", "csl"] {
            assert!(page.contains(&format!(r#"data-cite="{name}""#)), "{slug}: {name}");
        }
    }
}

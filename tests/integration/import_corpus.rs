//! `chancery import` and the seed converter on a corpus of invented articles of different
//! shapes (`tests/fixtures/import/<name>.txt`, each with `<name>.expected.yaml`): the title,
//! authors and dates found, the headings kept, the web debris left out; and every
//! paragraph reaching the built brief word for word.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::harness::{SiteTest, collapse, repo_root};

/// 2023-11-14 (UTC) as seconds since the epoch: the import date of undated articles.
const EPOCH: &str = "1700000000";

/// What a fixture's `.expected.yaml` says.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    title: String,
    authors: Vec<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    headings: Vec<String>,
    /// Lines that must not reach the page (proposed for `seed_drop` or cut by the rules).
    dropped: Vec<String>,
    /// The line from which the site's `seed_rules` cut the rest.
    #[serde(default)]
    cut_from: Option<String>,
}

struct Fixture {
    name: String,
    text: String,
    expected: Expected,
}

impl Fixture {
    /// The lines that are the article's text: neither title, heading nor dropped, before
    /// the cut.
    fn paragraph_lines(&self) -> Vec<&str> {
        let e = &self.expected;
        self.text
            .lines()
            .map(str::trim)
            .take_while(|l| e.cut_from.as_deref() != Some(*l))
            .filter(|l| {
                !l.is_empty()
                    && *l != e.title
                    && !e.headings.iter().any(|h| h == l)
                    && !e.dropped.iter().any(|d| d == l)
            })
            .collect()
    }
}

fn fixtures() -> Vec<Fixture> {
    let dir = repo_root().join("tests/fixtures/import");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let yaml = std::fs::read_to_string(dir.join(format!("{name}.expected.yaml"))).expect("expected file");
            let expected = serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{name}.expected.yaml: {e}"));
            Fixture { name, text, expected }
        })
        .collect()
}

/// The front-matter of a brief file as YAML.
fn front_matter(text: &str) -> serde_yaml::Value {
    let body = text.strip_prefix("---\n").expect("front-matter opens");
    let end = body.find("\n---\n").expect("front-matter closes");
    serde_yaml::from_str(&body[..end]).expect("front-matter parses")
}

fn strings(value: &serde_yaml::Value, key: &str) -> Vec<String> {
    value.get(key).and_then(|v| v.as_sequence()).map_or_else(Vec::new, |s| {
        s.iter().filter_map(|v| v.as_str().or_else(|| v.get("name")?.as_str()).map(str::to_owned)).collect()
    })
}

#[test]
fn can_import_every_corpus_article_whole() {
    let corpus = fixtures();
    assert!(corpus.len() >= 12, "only {} fixtures", corpus.len());
    let mut site = SiteTest::fixture("basic");
    for f in &corpus {
        site = site.write(&format!("seeds/{}.txt", f.name), &f.text);
    }
    let seeds: Vec<String> = corpus.iter().map(|f| format!("seeds/{}.txt", f.name)).collect();
    let mut args = vec!["import"];
    args.extend(seeds.iter().map(String::as_str));
    let out = site.command(&args).env("SOURCE_DATE_EPOCH", EPOCH).output().expect("run import");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");

    // What the import wrote: title, authors, dates, a TODO summary and the proposals.
    let mut pages = BTreeMap::new();
    let mut failures = Vec::new();
    for f in &corpus {
        let e = &f.expected;
        let marker = format!("seeds/{}.txt -> ", f.name);
        let at = stderr.find(&marker).unwrap_or_else(|| panic!("{}: not imported: {stderr}", f.name));
        let brief: String = stderr[at + marker.len()..].chars().take_while(|c| !c.is_whitespace()).collect();
        let text = std::fs::read_to_string(site.root().join(&brief)).expect("brief written");
        let fm = front_matter(&text);
        let mut fail = |what: String| failures.push(format!("{}: {what}", f.name));
        if fm.get("title").and_then(|v| v.as_str()) != Some(e.title.as_str()) {
            fail(format!("title {:?}, want {:?}", fm.get("title"), e.title));
        }
        if strings(&fm, "authors") != e.authors {
            fail(format!("authors {:?}, want {:?}", strings(&fm, "authors"), e.authors));
        }
        let date = fm.get("date").and_then(|v| v.as_str()).map(str::to_owned);
        if date != Some(e.date.clone().unwrap_or_else(|| "2023-11-14".to_owned())) {
            fail(format!("date {date:?}, want {:?} (else the import date)", e.date));
        }
        let updated = fm.get("updated").and_then(|v| v.as_str()).map(str::to_owned);
        if updated != e.updated {
            fail(format!("updated {updated:?}, want {:?}", e.updated));
        }
        if !fm.get("summary").and_then(|v| v.as_str()).is_some_and(|s| s.starts_with("TODO")) {
            fail("the summary is not marked TODO".to_owned());
        }
        for d in strings(&fm, "seed_drop") {
            if !e.dropped.contains(&d) {
                fail(format!("proposed for seed_drop but not debris: {d:?}"));
            }
        }
        let slug = PathBuf::from(&brief).file_stem().expect("stem").to_string_lossy().into_owned();
        pages.insert(f.name.clone(), format!("briefs/{slug}/index.html"));
    }

    // What the built page shows: every paragraph line verbatim, the headings, no debris.
    let run = site.build().success();
    for f in &corpus {
        let e = &f.expected;
        let page = &pages[&f.name];
        let mut fail = |what: String| failures.push(format!("{}: {what}", f.name));
        if run.texts(page, "h1") != vec![e.title.clone()] {
            fail(format!("h1 {:?}", run.texts(page, "h1")));
        }
        let headings = run.texts(page, ".brief-body h2");
        if headings != e.headings {
            fail(format!("headings {headings:?}, want {:?}", e.headings));
        }
        if run.texts(page, ".byline .author") != e.authors {
            fail(format!("page authors {:?}", run.texts(page, ".byline .author")));
        }
        let body = collapse(&run.texts(page, ".brief-body").join(" "));
        let lines = f.paragraph_lines();
        assert!(lines.len() >= 3, "{}: only {} paragraph lines", f.name, lines.len());
        for line in &lines {
            if !body.contains(&collapse(line)) {
                fail(format!("paragraph text lost or changed: {line:?}"));
            }
        }
        let blocks = run.texts(page, ".brief-body p, .brief-body h2, .brief-body h3");
        let kept: Vec<&str> = lines.iter().copied().chain(e.headings.iter().map(String::as_str)).collect();
        let after_cut = e.cut_from.iter().flat_map(|c| f.text.lines().map(str::trim).skip_while(move |l| l != c));
        for gone in e.dropped.iter().map(String::as_str).chain(after_cut).filter(|l| !l.is_empty()) {
            let whole = blocks.iter().any(|b| *b == collapse(gone));
            if whole || (body.contains(&collapse(gone)) && !kept.iter().any(|k| k.contains(gone))) {
                fail(format!("debris reached the page: {gone:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

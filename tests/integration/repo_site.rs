//! The repository's own site: it builds, its brief pages carry their seeds' article text
//! without web boilerplate, its timeline covers the agreed months, links work under a
//! sub-path, and two builds are byte-identical.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::harness::{Run, SiteTest, collapse, repo_root, sel};

const BUREAU: &str = "briefs/us-holistic-digital-diplomacy/index.html";
const SOLIDARITY: &str = "briefs/digital-solidarity-strategy/index.html";

/// Paragraphs of a seed, whitespace collapsed.
fn seed_paragraphs(name: &str) -> Vec<String> {
    let text = fs::read_to_string(repo_root().join("seeds").join(name)).expect("seed");
    text.split("\n\n").map(collapse).filter(|p| !p.is_empty()).collect()
}

#[test]
fn can_build_repo_site_with_every_page_type() {
    let run = SiteTest::repo().build().success().stderr_has("built 2 briefs");
    for rel in [
        "index.html",
        "briefs/index.html",
        BUREAU,
        SOLIDARITY,
        "summaries/index.html",
        "timeline/index.html",
        "timeline.json",
        "topics/index.html",
        "topics/cybersecurity/index.html",
        "topics/cybersecurity/atom.xml",
        "actors/us-department-of-state/index.html",
        "regions/united-states/index.html",
        "about/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
        "syntax-light.css",
        "syntax-dark.css",
    ] {
        assert!(run.exists(rel), "missing {rel}");
    }
    let home = run.main_text("index.html");
    assert!(home.contains("The US is pursuing holistic digital diplomacy"), "{home}");
    assert!(
        run.file("atom.xml")
            .contains("<title>Digital solidarity at the centre of United States Tech Diplomacy</title>")
    );
    assert!(run.file("sitemap.xml").contains("<loc>https://example.org/briefs/us-holistic-digital-diplomacy/</loc>"));
}

#[test]
fn can_carry_every_seed_paragraph_to_its_brief_page() {
    let run = SiteTest::repo().build().success();
    let cases = [
        (
            "001_d75409500012d530.txt",
            BUREAU,
            vec![
                "Hands of a guy on laptop keyboard",
                "The US is pursuing holistic digital diplomacy",
                "Published on 15 April 2022 Updated on 19 March 2024",
                "Data governance buttelfy",
            ],
            "0 replies",
        ),
        (
            "000_4ee46d3ad7cd666a.txt",
            SOLIDARITY,
            vec![
                "Digital solidarity at the centre of United States Tech Diplomacy",
                "American Flag, Flag, Electrical Device, Solar Panels",
            ],
            "",
        ),
    ];
    for (seed, page, excluded, cut_from) in cases {
        let body = collapse(&run.texts(page, ".brief-body").join(" "));
        assert!(!body.is_empty(), "{page} has no .brief-body");
        let mut checked = 0;
        for paragraph in seed_paragraphs(seed) {
            if !cut_from.is_empty() && paragraph == cut_from {
                break;
            }
            if excluded.contains(&paragraph.as_str()) {
                assert!(!body.contains(&paragraph), "{page} repeats {paragraph:?}");
                continue;
            }
            assert!(body.contains(&paragraph), "{page} lacks the seed paragraph {paragraph:?}");
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} paragraphs checked for {seed}");
    }
}

#[test]
fn can_leave_out_boilerplate_captions_and_alt_text() {
    let run = SiteTest::repo().build().success();
    let bureau = run.main_text(BUREAU);
    for boilerplate in [
        "0 replies",
        "Leave a Reply",
        "Want to join the discussion",
        "Feel free to contribute",
        "Your email address will not be published",
        "reCAPTCHA",
        "Subscribe to Diplo",
        "Hands of a guy on laptop keyboard",
        "Data governance buttelfy",
        "Published on",
        "Updated on",
    ] {
        assert!(!bureau.contains(boilerplate), "bureau brief still has {boilerplate:?}");
    }
    let solidarity = run.main_text(SOLIDARITY);
    assert!(!solidarity.contains("American Flag, Flag, Electrical Device"), "alt text kept");
    assert!(solidarity.contains("Read more: United States International Cyberspace and Digital Policy Strategy."));
}

#[test]
fn can_make_the_bureau_seed_questions_headings() {
    let run = SiteTest::repo().build().success();
    let headings = run.texts(BUREAU, ".brief-body h2");
    assert_eq!(
        headings,
        vec!["How will the new bureau operate?", "What are the key challenges facing the new bureau?"]
    );
    let doc = run.html(BUREAU);
    let ids: Vec<&str> = doc.select(&sel(".brief-body h2")).filter_map(|h| h.value().attr("id")).collect();
    assert_eq!(ids, vec!["how-will-the-new-bureau-operate", "what-are-the-key-challenges-facing-the-new-bureau"]);
    // The title is the page's h1 and is not repeated in the body.
    assert_eq!(run.texts(BUREAU, "h1"), vec!["The US is pursuing holistic digital diplomacy"]);
}

#[test]
fn can_show_april_2022_march_2024_and_may_2024_on_the_timeline() {
    let run = SiteTest::repo().build().success();
    // The overview links each year's part; each part lists its year's entries.
    let overview = run.html("timeline/index.html");
    let parts: BTreeSet<&str> = overview.select(&sel("main a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(parts.contains("/timeline/2022/") && parts.contains("/timeline/2024/"), "{parts:?}");
    let timeline = run.main_text("timeline/2022/index.html") + &run.main_text("timeline/2024/index.html");
    for month in ["April 2022", "March 2024", "May 2024"] {
        assert!(timeline.contains(month), "timeline lacks {month}");
    }
    for day in ["4 April 2022", "15 April 2022", "19 March 2024", "6 May 2024"] {
        assert!(timeline.contains(day), "timeline lacks {day}");
    }
    let mut links = BTreeSet::new();
    for part in ["timeline/2022/index.html", "timeline/2024/index.html"] {
        let doc = run.html(part);
        links.extend(doc.select(&sel("main a")).filter_map(|a| a.value().attr("href").map(str::to_owned)));
    }
    assert!(links.contains("/briefs/us-holistic-digital-diplomacy/"), "{links:?}");
    assert!(links.contains("/briefs/digital-solidarity-strategy/"), "{links:?}");

    // timeline.json lists the parts, newest first; each part's file its entries, newest first.
    let index: serde_json::Value = serde_json::from_str(&run.file("timeline.json")).expect("timeline.json parses");
    let names: Vec<&str> =
        index["parts"].as_array().expect("parts").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["2024", "2022"]);
    let mut dates: Vec<String> = Vec::new();
    for name in names {
        let part: serde_json::Value =
            serde_json::from_str(&run.file(&format!("timeline/{name}.json"))).expect("part parses");
        dates.extend(
            part["entries"].as_array().expect("entries").iter().filter_map(|e| e["date"].as_str().map(str::to_owned)),
        );
    }
    for date in ["2022-04-04", "2022-04-15", "2024-03-19", "2024-05-06"] {
        assert!(dates.iter().any(|d| d == date), "timeline.json lacks {date}: {dates:?}");
    }
    let mut sorted = dates.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(dates, sorted, "the timeline's parts are not newest first");
}

#[test]
fn can_build_byte_identical_twice() {
    let site = SiteTest::repo();
    let first = site.build().success().snapshot();
    let second = site.build().success().snapshot();
    assert_eq!(first.len(), second.len());
    for ((pa, a), (pb, b)) in first.iter().zip(&second) {
        assert_eq!(pa, pb);
        assert!(a == b, "{pa} differs between two builds");
    }
}

/// Every `href`/`src` of every HTML page that points into the site: (page, target).
fn internal_links(run: &Run, base_path: &str) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for (rel, bytes) in run.snapshot() {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for el in doc.select(&sel("[href], [src]")) {
            for attr in ["href", "src"] {
                if let Some(url) = el.value().attr(attr) {
                    if url.starts_with('/') || url.starts_with('#') {
                        links.push((rel.clone(), url.to_owned()));
                    } else if let Some(rest) = url.strip_prefix("https://example.org")
                        && rest.starts_with(base_path)
                        && !rel.is_empty()
                        && el.value().name() == "a"
                    {
                        links.push((rel.clone(), rest.to_owned()));
                    }
                }
            }
        }
    }
    links
}

/// Checks that every internal link carries `base_path` and resolves to a file and anchor.
fn check_links(run: &Run, base_path: &str) {
    let files: BTreeMap<String, Vec<u8>> = run.snapshot().into_iter().collect();
    let links = internal_links(run, base_path);
    assert!(links.len() > 50, "too few links found: {}", links.len());
    for (page, url) in links {
        let (path, anchor) = url.split_once('#').map_or((url.as_str(), None), |(p, a)| (p, Some(a)));
        let target = if path.is_empty() {
            page.clone()
        } else {
            let inside = path.strip_prefix(base_path).unwrap_or_else(|| panic!("{page}: link {url} lacks {base_path}"));
            if inside.is_empty() || inside.ends_with('/') { format!("{inside}index.html") } else { inside.to_owned() }
        };
        let bytes = files.get(&target).unwrap_or_else(|| panic!("{page}: link {url} points to no file ({target})"));
        if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
            let text = String::from_utf8_lossy(bytes);
            assert!(text.contains(&format!("id=\"{anchor}\"")), "{page}: link {url}: no id {anchor} in {target}");
        }
    }
}

#[test]
fn can_link_everything_at_the_root() {
    let run = SiteTest::repo().build().success();
    check_links(&run, "/");
}

#[test]
fn can_link_everything_under_a_sub_path() {
    let run = SiteTest::repo().build_with(&["--base-url", "https://example.org/policy/briefs"]).success();
    check_links(&run, "/policy/briefs/");
    let head = run.file(BUREAU);
    assert!(
        head.contains("href=\"https://example.org/policy/briefs/briefs/us-holistic-digital-diplomacy/\""),
        "canonical"
    );
    assert!(run.file("robots.txt").contains("https://example.org/policy/briefs/sitemap.xml"));
}

#[test]
fn can_switch_to_the_briefing_room_theme() {
    let site = SiteTest::repo();
    let config = fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    assert!(config.contains("theme: default"));
    let run = site.write("site.yaml", config.replace("theme: default", "theme: briefing-room")).build().success();
    let default = SiteTest::repo().build().success();
    assert_ne!(run.file("style.css"), default.file("style.css"), "the theme did not switch");
    assert_ne!(run.file(BUREAU), default.file(BUREAU));
    assert_eq!(run.texts(BUREAU, "h1"), vec!["The US is pursuing holistic digital diplomacy"]);
    let body = run.main_text(BUREAU);
    assert!(body.contains("How will the new bureau operate?"), "{body}");
    assert!(run.main_text("timeline/2024/index.html").contains("March 2024"));
    check_links(&run, "/");
}

#[test]
fn can_ship_the_builtin_scripts_unless_the_site_has_its_own() {
    let run = SiteTest::repo().build().success();
    for script in ["search.js", "cite.js", "timeline.js"] {
        assert!(run.file(script).contains("use strict"), "{script}");
    }
    let run = SiteTest::repo().write("static/search.js", "// the site's own search\n").build().success();
    assert_eq!(run.file("search.js"), "// the site's own search\n");
    assert!(run.file("cite.js").contains("use strict"));
}

//! A site of a few thousand generated briefs, as an archive grows: no HTML page over the
//! size bound, the summaries and the timeline cut into parts that are all reachable from
//! their front pages and that together hold every brief, `timeline.json` split the same
//! way, the sitemap split into an index at a small configured limit, and every term feed
//! under 200 KB.

use std::collections::{BTreeSet, VecDeque};

use crate::harness::{Run, SiteTest, sel};

/// Per page: bytes, and HTML elements (start tags), at most.
const MAX_BYTES: usize = 512 * 1024;
const MAX_ELEMENTS: usize = 5_000;

fn archive(n: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic").without_pdfs();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site = site
        .write("site.yaml", format!("{config}summaries_per_page: 60\ntimeline_per_page: 90\nsitemap_limit: 1000\n"));
    // About 4 KB of text per brief, as a short real brief.
    let body = "The committee weighed the evidence, the costs and the options before it. ".repeat(8) + "\n\n";
    let body = body.repeat(7);
    for i in 0..n {
        // Most briefs in the last two years, as an archive that grew; some months crowded.
        let year = if i % 5 == 0 { 2015 + (i % 9) } else { 2023 + (i % 2) };
        let month = if i % 3 == 0 { 3 } else { 1 + (i * 7) % 12 };
        site = site.write(
            &format!("content/briefs/arc-{i:05}.md"),
            format!(
                "---\ntitle: Archive brief {i}\ndate: {year}-{month:02}-{:02}\nsummary: Brief {i} of a grown archive.\n\
                 key_points: [\"First point of {i}.\", \"Second point.\", \"Third point.\"]\n\
                 topics: [Topic {}]\nevents:\n  - {{ date: {year}-{month:02}, title: Event of brief {i} }}\n---\n\
                 ## Findings\n\nThe body of brief {i}.\n\n{body}",
                1 + i % 28,
                i % 7
            ),
        );
    }
    site
}

/// The folder links (site-relative, without the base path) of `main` in page `rel`.
fn links(run: &Run, rel: &str) -> Vec<String> {
    let doc = run.html(rel);
    doc.select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|href| href.strip_prefix("/policy/briefs/"))
        .map(|href| href.split(['#', '?']).next().unwrap_or(href).to_owned())
        .collect()
}

/// Every page reachable from `start` through links under `prefix`.
fn reachable(run: &Run, start: &str, prefix: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::from([start.to_owned()]);
    let mut queue = VecDeque::from([start.to_owned()]);
    while let Some(page) = queue.pop_front() {
        for link in links(run, &format!("{page}index.html")) {
            if link.starts_with(prefix) && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    seen
}

#[test]
fn can_keep_every_page_small_and_every_brief_reachable_in_a_grown_archive() {
    let n = 3000;
    let run = archive(n).build().success();
    let public = run.root.join("public");
    let mut pages = 0;
    let mut feeds = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("entry");
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
            let html = std::fs::read_to_string(entry.path()).expect("read");
            let rel = entry.path().strip_prefix(&public).expect("inside").display().to_string();
            assert!(html.len() <= MAX_BYTES, "{rel} has {} bytes", html.len());
            let elements = html
                .match_indices('<')
                .filter(|(i, _)| html.as_bytes().get(i + 1).is_some_and(u8::is_ascii_alphabetic))
                .count();
            assert!(elements <= MAX_ELEMENTS, "{rel} has {elements} elements");
        }
        if entry.file_name() == "atom.xml" && entry.path().parent() != Some(public.as_path()) {
            let len = std::fs::metadata(entry.path()).expect("stat").len();
            assert!(len <= 200 * 1024, "{} has {len} bytes", entry.path().display());
            feeds += 1;
        }
    }
    assert!(pages > n, "{pages} pages");
    assert!(feeds >= 9, "{feeds} term feeds");
    let briefs: BTreeSet<String> = (0..n).map(|i| format!("briefs/arc-{i:05}/")).collect();

    // Summaries: every part reachable from /summaries/, together holding every brief once.
    let parts = reachable(&run, "summaries/", "summaries/");
    assert!(parts.len() > 20, "{parts:?}");
    let mut seen = Vec::new();
    for part in parts.iter().filter(|p| *p != "summaries/") {
        seen.extend(links(&run, &format!("{part}index.html")).into_iter().filter(|l| l.starts_with("briefs/arc-")));
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique, briefs, "the summaries' parts do not hold every brief");
    assert_eq!(seen.len(), n, "a brief is in two summaries parts");
    assert!(parts.contains("summaries/2023/03/") && parts.contains("summaries/2023/03/page/2/"), "{parts:?}");

    // Timeline: every part reachable from /timeline/; each brief's publication on one.
    let index: serde_json::Value = serde_json::from_str(&run.file("timeline.json")).expect("timeline.json");
    let listed: BTreeSet<String> = index["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| format!("timeline/{}", p["path"].as_str().expect("path")))
        .collect();
    let parts = reachable(&run, "timeline/", "timeline/");
    let parts: BTreeSet<String> = parts.into_iter().filter(|p| p != "timeline/").collect();
    assert_eq!(parts, listed, "timeline pages and timeline.json's parts differ");
    let mut entries = 0;
    let mut published = BTreeSet::new();
    for p in index["parts"].as_array().expect("parts") {
        assert_eq!(index["base"], "https://example.org/policy/briefs/timeline/");
        let rel = format!("timeline/{}.json", p["name"].as_str().expect("name"));
        let part: serde_json::Value = serde_json::from_str(&run.file(&rel)).expect("part");
        let list = part["entries"].as_array().expect("entries");
        assert_eq!(list.len() as u64, p["count"].as_u64().expect("count"), "{rel}");
        entries += list.len();
        for e in list.iter().filter(|e| e["kind"] == "published") {
            published.insert(format!("briefs/{}/", e["brief"]["slug"].as_str().expect("slug")));
        }
    }
    assert_eq!(entries as u64, index["total"].as_u64().expect("total"));
    assert!(briefs.is_subset(&published), "a brief's publication is on no timeline part");

    // Sitemap: an index of parts of at most 1,000 URLs, listing every brief.
    let sitemap = run.file("sitemap.xml");
    assert!(sitemap.contains("<sitemapindex"), "{}", &sitemap[..sitemap.len().min(500)]);
    let mut urls = BTreeSet::new();
    let mut files = 0;
    for loc in sitemap.split("<loc>").skip(1) {
        let rel = loc.split("</loc>").next().expect("loc").trim_start_matches("https://example.org/policy/briefs/");
        let part = run.file(rel);
        assert!(part.contains("<urlset"), "{rel}");
        let count = part.matches("<url>").count();
        assert!(count <= 1000, "{rel} has {count} URLs");
        files += 1;
        for u in part.split("<loc>").skip(1) {
            urls.insert(
                u.split("</loc>")
                    .next()
                    .expect("loc")
                    .trim_start_matches("https://example.org/policy/briefs/")
                    .to_owned(),
            );
        }
    }
    assert!(files >= 4, "{files} sitemap files");
    assert!(briefs.is_subset(&urls), "the sitemap misses briefs");
    assert!(run.file("robots.txt").contains("sitemap.xml"));
}

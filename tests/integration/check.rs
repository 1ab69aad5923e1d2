//! `chancery check`: every problem of a site at once, as `path:line:col: error: message`
//! with hints, a count line, exit status 1 on errors and 0 with warnings only, and
//! nothing written. One fixture (a file written into the `basic` site) per error class.

use crate::harness::{Run, SiteTest};

fn brief(extra: &str, body: &str) -> String {
    format!("---\ntitle: T\ndate: 2023-01-01\nsummary: S.\nkey_points: [a, b, c]\n{extra}---\n{body}")
}

fn check(site: &SiteTest) -> Run {
    site.run(&["check"])
}

#[test]
fn can_check_a_clean_site_without_writing() {
    let site = SiteTest::repo();
    check(&site).success().stderr_has("checked 2 briefs: 0 errors, 0 warnings");
    assert!(!site.root().join("public").exists(), "check wrote public/");
}

#[test]
fn errors_on_unknown_brief_field_with_did_you_mean() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/typo.md", "---\ntitle: T\ndate: 2023-01-01\nsumary: S.\n---\nB\n");
    let run = check(&site)
        .failure()
        .stderr_has("content/briefs/typo.md:4:1: error: unknown field `sumary`\n  hint: did you mean `summary`?")
        .stderr_has("1 error, ");
    assert!(!run.stderr().contains("missing field `summary`"), "{}", run.stderr());
}

#[test]
fn errors_on_unknown_nested_field_with_did_you_mean() {
    let site =
        SiteTest::fixture("basic").write("content/briefs/n.md", brief("source: { publisher: P, titel: T }\n", "B\n"));
    check(&site)
        .failure()
        .stderr_has("content/briefs/n.md:6:25: error: source: unknown field `titel`")
        .stderr_has("hint: did you mean `title`?");
}

#[test]
fn errors_on_yaml_syntax_at_its_line_in_the_md_file() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/y.md", "---\ntitle: T\ndate: 2023-01-01\nsummary: \"unclosed\n---\nB\n");
    check(&site)
        .failure()
        .stderr_has("content/briefs/y.md:5:1: error: found unexpected end of stream")
        .stderr_has("hint: a quote or bracket opened above is never closed");
    let site = site.write("content/briefs/y.md", "---\ntitle: T\ndate: 2023-01-01\nsummary: a: b\n---\nB\n");
    check(&site)
        .failure()
        .stderr_has("content/briefs/y.md:4:11: error: mapping values are not allowed in this context")
        .stderr_has("hint: quote a value that contains `: `");
}

#[test]
fn errors_on_missing_field_and_wrong_type_with_hints() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/m.md", "---\ntitle: T\ndate: 2023-01-01\n---\nB\n")
        .write("content/briefs/w.md", brief("topics: [a]\ndraft: maybe\n", "B\n"))
        .write("content/briefs/l.md", "---\ntitle: T\ndate: 2023-01-01\nsummary: S.\nkey_points: one\n---\nB\n");
    check(&site)
        .failure()
        .stderr_has("content/briefs/m.md:2:1: error: missing field `summary`")
        .stderr_has("content/briefs/w.md:7:8: error: draft: invalid type")
        .stderr_has("hint: write `true` or `false`")
        .stderr_has("content/briefs/l.md:5:13: error: `key_points` must be a list, not a single string")
        .stderr_has("hint: write it as a list: [one]")
        .stderr_has("3 errors, 0 warnings");
}

#[test]
fn errors_all_at_once_in_file_and_line_order() {
    let bad = "---\ntitle: Bad\ndate: 2023-02-01\nsummary: S.\ntopics: Trade, Climate policy\nauthors: Jane Doe\n\
events:\n  - { date: 2024-13, title: A }\n  - { date: 2024-02-30, title: B }\n  - date: 20x\n    title: C\n\
draft: maybe\n---\nBody [x](@/briefs/none.md).\n";
    let site = SiteTest::fixture("basic").write("content/briefs/bad.md", bad).write(
        "content/briefs/also.md",
        "---\ntitle: A\ndate: 2023-13-01\nsummary: S.\nregions: Europe, Asia\n---\nB\n",
    );
    let run = check(&site).failure();
    let err = run.stderr();
    let places: Vec<&str> =
        err.lines().filter(|l| l.contains(": error: ")).map(|l| l.split(": error: ").next().unwrap_or("")).collect();
    let rel: Vec<String> = places.iter().map(|p| p[p.find("content/").unwrap_or(0)..].to_owned()).collect();
    assert_eq!(
        rel,
        [
            "content/briefs/also.md:3:7",
            "content/briefs/also.md:5:10",
            "content/briefs/bad.md:5:9",
            "content/briefs/bad.md:6:10",
            "content/briefs/bad.md:8:13",
            "content/briefs/bad.md:9:13",
            "content/briefs/bad.md:10:11",
            "content/briefs/bad.md:12:8",
        ],
        "{err}"
    );
    for text in [
        "bad.md:5:9: error: `topics` must be a list, not a single string\n  hint: write it as a list: [Trade, Climate policy]",
        "bad.md:6:10: error: `authors` must be a list, not a single string\n  hint: write it as a list: [{ name: Jane Doe }]",
        "bad.md:8:13: error: events[0].date: invalid date `2024-13`: month 13 is not between 1 and 12",
        "bad.md:9:13: error: events[1].date: invalid date `2024-02-30`",
        "bad.md:10:11: error: events[2].date: invalid date `20x`",
        "also.md:5:10: error: `regions` must be a list, not a single string\n  hint: write it as a list: [Europe, Asia]",
    ] {
        assert!(err.contains(text), "{text}:\n{err}");
    }
    assert!(err.contains("8 errors, 0 warnings"), "{err}");
}

#[test]
fn errors_on_invalid_and_partial_dates() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/d1.md", "---\ntitle: T\ndate: 2023-02-30\nsummary: S.\n---\nB\n")
        .write("content/briefs/d2.md", "---\ntitle: T\ndate: 2023-04\nsummary: S.\n---\nB\n")
        .write("content/briefs/d3.md", brief("events:\n  - { date: 2024-13, title: E }\n", "B\n"));
    check(&site)
        .failure()
        .stderr_has("content/briefs/d1.md:3:7: error: date: invalid date `2023-02-30`: 2023-02 has no day 30")
        .stderr_has("content/briefs/d2.md:3:1: error: `date` must be a full date (YYYY-MM-DD)")
        .stderr_has("content/briefs/d3.md:7:")
        .stderr_has("month 13 is not between 1 and 12")
        .stderr_has("3 errors");
}

#[test]
fn errors_on_unclosed_fence_empty_and_binary_files() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/open.md", "---\ntitle: Open\n")
        .write("content/briefs/empty.md", "")
        .write("content/briefs/bin.md", b"---\ntitle: \x00\x01\x02\n---\n")
        .write("content/briefs/latin.md", b"---\ntitle: caf\xe9\n---\n");
    check(&site)
        .failure()
        .stderr_has("content/briefs/open.md:1:1: error: the front-matter opened here is never closed")
        .stderr_has("content/briefs/empty.md: error: the file is empty")
        .stderr_has("content/briefs/bin.md: error: not a text file: it holds a NUL byte at offset 11")
        .stderr_has("content/briefs/latin.md:2:11: error: the file is not UTF-8 text: byte 0xE9 here looks like Windows-1252 (or Latin-1) encoding")
        .stderr_has("4 errors");
}

#[test]
fn errors_on_utf16_files_naming_the_encoding() {
    let text = "---\ntitle: T\ndate: 2023-01-01\nsummary: S.\n---\nBody.\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut bom = vec![0xFF, 0xFE];
    bom.extend(&le);
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let site = SiteTest::fixture("basic")
        .write("content/briefs/bom.md", bom)
        .write("content/briefs/no-bom.md", le)
        .write("content/pages/be.md", be);
    check(&site)
        .failure()
        .stderr_has("content/briefs/bom.md: error: the file is UTF-16 encoded (little-endian, with a byte-order mark), not UTF-8")
        .stderr_has("content/briefs/no-bom.md: error: the file is UTF-16 encoded (little-endian, without byte-order mark)")
        .stderr_has("content/pages/be.md: error: the file is UTF-16 encoded (big-endian, without byte-order mark)")
        .stderr_has("  hint: save it as UTF-8")
        .stderr_has("3 errors");
}

#[test]
fn errors_on_duplicate_slugs_naming_both_files() {
    let site = SiteTest::fixture("basic").write("content/briefs/copy.md", brief("slug: alpha\n", "B\n"));
    check(&site)
        .failure()
        .stderr_has("content/briefs/copy.md: error: duplicate slug `alpha`: ")
        .stderr_has("content/briefs/alpha.md has it too");
}

#[test]
fn errors_on_missing_outside_binary_and_non_utf8_seeds() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/s1.md", brief("seed: seeds/missing.txt\n", ""))
        .write("content/briefs/s2.md", brief("seed: ../site.yaml\n", ""))
        .write("content/briefs/s3.md", brief("seed: seeds/latin1.txt\n", ""))
        .write("content/briefs/s4.md", brief("seed: seeds/image.txt\n", ""))
        .write("seeds/latin1.txt", b"Caf\xe9 au lait.\n")
        .write("seeds/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00");
    check(&site)
        .failure()
        .stderr_has("content/briefs/s1.md:6:1: error: cannot read seed `seeds/missing.txt`")
        .stderr_has("content/briefs/s2.md:6:1: error: seed `../site.yaml` must be a file inside seeds/")
        .stderr_has("seeds/latin1.txt:1:4: error: the seed is not UTF-8 text: byte 0xE9 here looks like Windows-1252 (or Latin-1) encoding (used by ")
        .stderr_has("seeds/image.txt: error: not a text file: it holds a NUL byte at offset 8")
        .stderr_has("4 errors");
}

#[test]
fn errors_on_missing_link_targets_and_anchors_with_line_and_column() {
    let site = SiteTest::fixture("basic").write(
        "content/briefs/links.md",
        brief(
            "",
            "Intro.\n\nSee [b](@/briefs/beta.md#backgroud), [a](@/briefs/alpha.md#nope).\n\n[x](@/briefs/x.md)\n",
        ),
    );
    check(&site)
        .failure()
        .stderr_has("content/briefs/links.md:11:1: error: internal link `@/briefs/x.md` points to no file")
        .stderr_has("1 error");
    let site = site.write(
        "content/briefs/links.md",
        brief("", "Intro.\n\nSee [b](@/briefs/beta.md#backgroud), [a](@/briefs/alpha.md#nope).\n"),
    );
    check(&site)
        .failure()
        .stderr_has(
            "content/briefs/links.md:9:5: error: internal link `@/briefs/beta.md#backgroud`: no heading with that id\n  hint: did you mean `#background`?",
        )
        .stderr_has("content/briefs/links.md:9:38: error: internal link `@/briefs/alpha.md#nope`")
        .stderr_has("hint: the headings of content/briefs/alpha.md have the ids: data, code-sample")
        .stderr_has("2 errors");
}

#[test]
fn can_link_to_existing_anchors() {
    let site =
        SiteTest::fixture("basic").write("content/briefs/ok.md", brief("", "See [b](@/briefs/beta.md#background).\n"));
    check(&site).success().stderr_has("0 errors");
}

#[test]
fn errors_on_slug_that_would_write_outside_public() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/up.md", brief("slug: ../../etc\n", "B\n"))
        .write("content/briefs/deep.md", brief("slug: a/b\n", "B\n"))
        .write("content/briefs/caps.md", brief("slug: Big Slug\n", "B\n"));
    check(&site)
        .failure()
        .stderr_has("content/briefs/up.md:6:1: error: `slug: ../../etc` would write outside public/briefs/<slug>/")
        .stderr_has("content/briefs/deep.md:6:1: error: `slug: a/b` would write outside")
        .stderr_has("hint: a slug is one URL segment: use e.g. `a-b`")
        .stderr_has("content/briefs/caps.md:6:1: error: `slug: Big Slug` is not a URL slug")
        .stderr_has("3 errors");
}

#[test]
fn errors_on_site_yaml_unknown_key_with_did_you_mean() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("read");
    let site = site.write("site.yaml", format!("{config}paginate: 3\n"));
    check(&site)
        .failure()
        .stderr_has("site.yaml:10:1: error: unknown field `paginate`\n  hint: did you mean `paginate_by`?");
}

#[test]
fn errors_on_bad_base_url_at_its_line() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("read");
    let site = site.write("site.yaml", config.replace("https://example.org/policy/briefs/", "/policy/"));
    check(&site).failure().stderr_has("site.yaml:4:1: error: base_url `/policy/` must be an absolute URL");
}

#[test]
fn errors_on_template_error_with_name_and_line() {
    let site = SiteTest::fixture("basic").write("templates/page.html", "<p>\n{% if %}\n</p>\n");
    check(&site).failure().stderr_has("templates/page.html:2:").stderr_has("error: template error in `page.html`");
}

#[cfg(feature = "pdf")]
#[test]
fn errors_on_a_pdf_template_error_at_its_line() {
    let template = "#import \"data.typ\": brief, body\n#set page(paper: brief.paper)\n#let x = (1 +)\n#body\n";
    let site = SiteTest::fixture("basic").write("templates/pdf/brief.typ", template);
    check(&site).failure().stderr_has("templates/pdf/brief.typ:3:").stderr_has("PDF template error");
    assert!(!site.root().join(".chancery-cache/pdf").exists(), "check kept a PDF");
}

#[test]
fn can_warn_without_failing() {
    let site = SiteTest::fixture("basic").write(
        "content/briefs/warn.md",
        "---\ntitle: W\ndate: 2023-01-01\nsummary: One. Two. Three. Four.\nseed: seeds/sample.txt\nseed_drop:\n  - \"Photo: a desk with papers\"\n  - Not in the seed\n---\n",
    );
    let run = check(&site)
        .success()
        .stderr_has("content/briefs/warn.md: warning: the brief has no key_points")
        .stderr_has("content/briefs/warn.md:4: warning: the summary has 4 sentences")
        .stderr_has("content/briefs/warn.md:8: warning: seed_drop entry `Not in the seed` matches nothing in the seed")
        .stderr_has("0 errors, 5 warnings");
    assert_eq!(run.output.status.code(), Some(0));
    site.build().success().stderr_has("content/briefs/warn.md:4: warning: the summary has 4 sentences");
}

#[test]
fn can_report_errors_of_many_files_at_once_and_check_drafts() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/a.md", "---\ntitle: A\n")
        .write("content/briefs/b.md", "")
        .write(
            "content/briefs/gamma.md",
            "---\ntitle: G\ndate: 2023-01-01\nsummary: S.\ndraft: true\n---\n[x](@/briefs/none.md)\n",
        );
    check(&site).failure().stderr_has("2 errors, 0 warnings");
    let site = site.write("content/briefs/a.md", brief("", "B\n")).write("content/briefs/b.md", brief("", "B\n"));
    check(&site).success();
    site.run(&["check", "--drafts"]).failure().stderr_has("content/briefs/gamma.md:7:1: error: internal link");
}

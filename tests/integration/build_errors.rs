//! Broken input: every error names its file (and line and column where there is one), all
//! content errors of a build come together, the exit code is 1, nothing panics, and the
//! previous `public/` stays byte-identical.

use crate::harness::SiteTest;

const GOOD_BRIEF: &str = "---\ntitle: Fine\ndate: 2023-01-01\nsummary: Fine.\n---\nBody.\n";

#[test]
fn errors_on_bad_front_matter_naming_file_and_line_and_keeps_public() {
    let site = SiteTest::repo();
    let before = site.build().success().snapshot();
    let site =
        site.write("content/briefs/broken.md", "---\ntitle: Broken\ndate: 2023-01-01\nsummary: [unclosed\n---\nBody\n");
    let run = site.build().failure().stderr_has("content/briefs/broken.md:4:");
    assert_eq!(run.snapshot(), before, "a failed build changed public/");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public") && name != ".public.lock")
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind: {leftovers:?}");
}

#[test]
fn errors_on_every_broken_brief_at_once() {
    SiteTest::fixture("basic")
        .write("content/briefs/one.md", "---\ntitle: One\ndate: 2023-02-30\nsummary: S\n---\nB\n")
        .write("content/briefs/two.md", "---\ntitle: Two\ndate: 2023-01-01\n---\nB\n")
        .write("content/briefs/three.md", "title: no fence\n")
        .write("content/briefs/four.md", "---\ntitle: Four\ndate: 2023-01-01\nsummary: S\ncolour: blue\n---\nB\n")
        .build()
        .failure()
        .stderr_has("content/briefs/one.md:3:7: error: date: invalid date `2023-02-30`: 2023-02 has no day 30")
        .stderr_has("content/briefs/two.md:2:1: error: missing field `summary`")
        .stderr_has("content/briefs/three.md:1:1: error: expected front-matter")
        .stderr_has("content/briefs/four.md:5:1: error: unknown field `colour`")
        .stderr_has("4 errors");
}

#[test]
fn errors_on_unclosed_fence_and_empty_file() {
    SiteTest::fixture("basic")
        .write("content/briefs/open.md", "---\ntitle: Open\n")
        .write("content/briefs/empty.md", "")
        .build()
        .failure()
        .stderr_has("content/briefs/open.md:1:1: error: the front-matter opened here is never closed")
        .stderr_has("content/briefs/empty.md: error: the file is empty");
}

#[test]
fn errors_on_bad_partial_event_date() {
    SiteTest::fixture("basic")
        .write(
            "content/briefs/ev.md",
            "---\ntitle: Ev\ndate: 2023-01-01\nsummary: S\nevents:\n  - { date: 2024-13, title: Bad }\n---\nB\n",
        )
        .build()
        .failure()
        .stderr_has("content/briefs/ev.md:6:")
        .stderr_has("month 13 is not between 1 and 12");
}

#[test]
fn errors_on_missing_internal_link_with_line() {
    SiteTest::fixture("basic")
        .write(
            "content/briefs/linker.md",
            "---\ntitle: L\ndate: 2023-01-01\nsummary: S\n---\nFine.\n\nSee [x](@/briefs/nope.md).\n",
        )
        .build()
        .failure()
        .stderr_has("content/briefs/linker.md:8:5: error: internal link `@/briefs/nope.md` points to no file");
}

#[test]
fn errors_on_missing_outside_and_non_utf8_seeds() {
    SiteTest::fixture("basic")
        .write("content/briefs/s1.md", "---\ntitle: S1\ndate: 2023-01-01\nsummary: S\nseed: seeds/missing.txt\n---\n")
        .write("content/briefs/s2.md", "---\ntitle: S2\ndate: 2023-01-01\nsummary: S\nseed: ../site.yaml\n---\n")
        .write("content/briefs/s3.md", "---\ntitle: S3\ndate: 2023-01-01\nsummary: S\nseed: seeds/latin1.txt\n---\n")
        .write("seeds/latin1.txt", b"Caf\xe9 au lait.\n")
        .build()
        .failure()
        .stderr_has("content/briefs/s1.md:5:1: error: cannot read seed `seeds/missing.txt`")
        .stderr_has("content/briefs/s2.md:5:1: error: seed `../site.yaml` must be a file inside seeds/")
        .stderr_has("seeds/latin1.txt:1:4: error: the seed is not UTF-8 text: byte 0xE9 here looks like Windows-1252 (or Latin-1) encoding (used by ");
}

#[test]
fn errors_on_duplicate_slugs_naming_both_files() {
    SiteTest::fixture("basic")
        .write("content/briefs/copy.md", "---\ntitle: Copy\ndate: 2023-01-01\nsummary: S\nslug: alpha\n---\nB\n")
        .build()
        .failure()
        .stderr_has("duplicate slug `alpha`")
        .stderr_has("content/briefs/alpha.md")
        .stderr_has("content/briefs/copy.md");
}

#[test]
fn errors_on_template_error_with_file_and_line() {
    SiteTest::fixture("basic")
        .write("templates/page.html", "<p>\n{% if %}\n</p>\n")
        .build()
        .failure()
        .stderr_has("templates/page.html:2:")
        .stderr_has("template error in `page.html`");
}

#[test]
fn errors_on_unknown_site_yaml_key_with_line() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("read");
    site.write("site.yaml", format!("{config}colour: blue\n"))
        .build()
        .failure()
        .stderr_has("site.yaml:10:1: error: unknown field `colour`");
}

#[test]
fn errors_on_non_utf8_brief_with_offset() {
    SiteTest::fixture("basic").write("content/briefs/bin.md", b"---\ntitle: \xff\n---\n").build().failure().stderr_has(
        "content/briefs/bin.md:2:8: error: the file is not UTF-8 text: byte 0xFF here looks like Windows-1252",
    );
}

#[test]
fn can_build_again_after_fixing_the_error() {
    let site = SiteTest::fixture("basic").write("content/briefs/fix.md", "---\ntitle: Fix\n");
    site.build().failure();
    let site = site.write("content/briefs/fix.md", GOOD_BRIEF);
    site.build().success().stderr_has("built 4 briefs");
}

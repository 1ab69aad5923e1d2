//! Hard inputs never crash or hang: a 5 MB brief, 20,000 nested blockquotes, deeply nested
//! lists, a YAML alias bomb ("billion laughs"), deeply nested YAML and binary files. Each
//! run is killed after a generous time limit, which fails the test.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

const LIMIT: Duration = Duration::from_secs(60);
const HEAD: &str = "---\ntitle: Hard\ndate: 2023-01-01\nsummary: S.\nkey_points: [a, b, c]\n---\n";

/// Runs `chancery check --root <site>` and kills it after [`LIMIT`].
fn check_within_limit(site: &SiteTest) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["check", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn chancery");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chancery check did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_clean(out: &Output) {
    assert!(!stderr(out).contains("panicked"), "panic:\n{}", stderr(out));
    assert!(out.status.code().is_some(), "killed by a signal (stack overflow?):\n{}", stderr(out));
}

#[test]
fn can_check_a_five_megabyte_brief() {
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20);
    let body = format!("{paragraph}\n\n").repeat(5 * 1024 * 1024 / (paragraph.len() + 2) + 1);
    let site = SiteTest::fixture("basic").write("content/briefs/big.md", format!("{HEAD}{body}"));
    let out = check_within_limit(&site);
    assert_clean(&out);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn can_check_twenty_thousand_nested_blockquotes() {
    let site =
        SiteTest::fixture("basic").write("content/briefs/quotes.md", format!("{HEAD}{} deep\n", ">".repeat(20_000)));
    let out = check_within_limit(&site);
    assert_clean(&out);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn can_check_deeply_nested_lists() {
    let indented: String = (0..1000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
    let one_line = format!("{}x\n", "- ".repeat(10_000));
    let site = SiteTest::fixture("basic")
        .write("content/briefs/lists.md", format!("{HEAD}{indented}"))
        .write("content/briefs/markers.md", format!("{HEAD}{one_line}"));
    let out = check_within_limit(&site);
    assert_clean(&out);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn errors_on_yaml_alias_bomb_quickly() {
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 0..8u8 {
        let (prev, name) = (char::from(b'a' + i), char::from(b'b' + i));
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let site = SiteTest::fixture("basic")
        .write("content/briefs/bomb.md", format!("---\ntitle: T\ndate: 2023-01-01\nsummary: S.\n{bomb}---\nB\n"));
    let out = check_within_limit(&site);
    assert_clean(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/briefs/bomb.md: error: repetition limit exceeded"), "{}", stderr(&out));
}

#[test]
fn errors_on_deeply_nested_yaml() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let site = SiteTest::fixture("basic")
        .write(
            "content/briefs/deep.md",
            format!("---\ntitle: T\ndate: 2023-01-01\nsummary: S.\ntopics: {deep}\n---\nB\n"),
        )
        .write("site.yaml", format!("title: T\nbase_url: https://e.org/\nauthor: {deep}\n"));
    let out = check_within_limit(&site);
    assert_clean(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.yaml:3:"), "{}", stderr(&out));
    let site = site.write("site.yaml", "title: T\nbase_url: https://e.org/\n");
    let out = check_within_limit(&site);
    assert!(stderr(&out).contains("content/briefs/deep.md:5:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("recursion limit exceeded"), "{}", stderr(&out));
}

#[test]
fn errors_on_binary_files_as_briefs_and_seeds() {
    let noise: Vec<u8> = (0..65_536u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let site = SiteTest::fixture("basic")
        .write("content/briefs/noise.md", &noise)
        .write("content/pages/noise.md", &noise)
        .write("seeds/noise.txt", &noise)
        .write("content/briefs/uses-noise.md", HEAD.replace("summary: S.\n", "summary: S.\nseed: seeds/noise.txt\n"));
    let out = check_within_limit(&site);
    assert_clean(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/briefs/noise.md: error: not a text file"), "{}", stderr(&out));
    assert!(stderr(&out).contains("content/pages/noise.md: error: not a text file"), "{}", stderr(&out));
    assert!(stderr(&out).contains("seeds/noise.txt: error: not a text file"), "{}", stderr(&out));
}

//! Warnings in bulk: one kind of warning on many briefs is printed once, with a count and
//! the first three files, by `check` and `build`; `--all-warnings` prints every one; the
//! order is the same on every run.

use crate::harness::{Run, SiteTest};

/// The `basic` site with 20 more briefs, none with key points, one with a long summary.
fn many_without_key_points() -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    for i in 0..20 {
        let summary = if i == 7 { "One. Two. Three. Four." } else { "One." };
        site = site.write(
            &format!("content/briefs/b{i:02}.md"),
            format!("---\ntitle: Brief {i}\ndate: 2023-03-{:02}\nsummary: {summary}\n---\nBody.\n", i + 1),
        );
    }
    site
}

/// The lines of stderr that are warnings.
fn warning_lines(run: &Run) -> Vec<String> {
    run.stderr().lines().filter(|l| l.contains("warning: ")).map(str::to_owned).collect()
}

#[test]
fn can_print_one_kind_of_warning_on_many_briefs_once() {
    let site = many_without_key_points();
    let run = site.run(&["check"]).success();
    let lines = warning_lines(&run);
    let grouped: Vec<&String> = lines.iter().filter(|l| l.contains("no key points")).collect();
    assert_eq!(grouped.len(), 1, "{lines:#?}");
    let line = grouped[0];
    assert!(line.starts_with("warning: no key points ("), "{line}");
    let count: usize =
        line["warning: no key points (".len()..].split(' ').next().and_then(|n| n.parse().ok()).expect("count");
    assert!(count >= 20, "{line}");
    let shown: Vec<&str> =
        line.split("): ").nth(1).expect("files").split(" and ").next().expect("list").split(", ").collect();
    assert_eq!(shown.len(), 3, "{line}");
    assert!(shown.windows(2).all(|w| w[0] < w[1]), "files sorted: {line}");
    assert!(line.ends_with(&format!(" and {} more", count - 3)), "{line}");
    assert!(
        lines.iter().any(|l| l.ends_with("content/briefs/b07.md:4: warning: the summary has 4 sentences")),
        "{lines:#?}"
    );
    assert!(run.stderr().contains(&format!("0 errors, {} warnings", count + 1)), "the count line counts every warning");
    let again = site.run(&["check"]).success();
    assert_eq!(warning_lines(&again), lines, "the same order on every run");
    let built = site.build().success();
    assert_eq!(warning_lines(&built), lines, "build groups as check does");
}

#[test]
fn can_print_every_warning_when_asked() {
    let site = many_without_key_points();
    for args in [&["check", "--all-warnings"][..], &["build", "--all-warnings"][..]] {
        let run = site.run(args).success();
        let lines = warning_lines(&run);
        let each: Vec<&String> = lines.iter().filter(|l| l.ends_with("warning: the brief has no key_points")).collect();
        assert!(each.len() >= 20, "{args:?}: {lines:#?}");
        assert!(!lines.iter().any(|l| l.contains(" more")), "{args:?}: {lines:#?}");
        let mut sorted = each.clone();
        sorted.sort();
        assert_eq!(each, sorted, "{args:?}: sorted by file");
    }
}

#[test]
fn errors_on_warnings_with_strict() {
    let site = SiteTest::fixture("basic");
    // The fixture has warnings (briefs without key points): fine without --strict.
    site.run(&["check"]).success();
    site.build().success();
    let before = site.build().success().snapshot();
    site.run(&["check", "--strict"])
        .failure()
        .stderr_has("content/briefs/beta.md: warning: the brief has no key_points")
        .stderr_has("0 errors, 2 warnings: --strict fails on warnings");
    let changed = std::fs::read_to_string(site.root().join("content/briefs/beta.md")).expect("read");
    let site = site.write("content/briefs/beta.md", changed.replacen("title: ", "title: Changed ", 1));
    let run = site
        .build_with(&["--strict"])
        .failure()
        .stderr_has(
            "content/briefs/beta.md: error: the brief has no key_points (a warning: --strict fails on warnings)",
        )
        .stderr_has("nothing was written");
    assert_eq!(run.snapshot(), before, "a strict build with warnings publishes nothing");
    // Without warnings, --strict passes.
    let fixed = |rel: &str| {
        let text = std::fs::read_to_string(site.root().join(rel)).expect("read");
        // The first `\n---\n` is the closing fence (the opening one starts the file).
        text.replacen("\n---\n", "\nkey_points: [One.]\n---\n", 1)
    };
    let (beta, delta) = (fixed("content/briefs/beta.md"), fixed("content/briefs/delta.md"));
    let site = site.write("content/briefs/beta.md", beta).write("content/briefs/delta.md", delta);
    site.run(&["check", "--strict"]).success().stderr_has("0 errors, 0 warnings");
    site.build_with(&["--strict"]).success();
}

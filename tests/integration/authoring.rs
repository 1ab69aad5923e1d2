//! Authoring commands: `new brief`, `import` and `init` write valid, buildable files,
//! never overwrite without being asked, and treat a second import of a seed as a no-op.

use std::process::Command;

use crate::harness::{SiteTest, repo_root};

/// 2023-11-14 (UTC) as seconds since the epoch.
const EPOCH: &str = "1700000000";

#[test]
fn can_create_a_new_brief_that_builds_as_a_draft() {
    let site = SiteTest::fixture("basic");
    let mut cmd = site.command(&["new", "brief", "Cyber norms: the UN track", "--topic", "Cyber diplomacy"]);
    let out = cmd.env("SOURCE_DATE_EPOCH", EPOCH).output().expect("run");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("as a draft (`draft: true`: built only with --drafts)"), "{said}");
    let text =
        std::fs::read_to_string(site.root().join("content/briefs/cyber-norms-the-un-track.md")).expect("written");
    assert!(text.contains("title: \"Cyber norms: the UN track\"\n"), "{text}");
    assert!(text.contains("date: 2023-11-14\n"), "{text}");
    assert!(text.contains("topics:\n  - Cyber diplomacy\n"), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    let run = site.build().success();
    assert!(!run.exists("briefs/cyber-norms-the-un-track/index.html"), "a new brief is a draft");
    let file = "content/briefs/cyber-norms-the-un-track.md";
    let run = site
        .build_with(&["--drafts"])
        .success()
        .stderr_has(&format!("{file}:7: warning: the summary is still a TODO"))
        .stderr_has(&format!("{file}:10:5: warning: 3 key points are still TODO"))
        .stderr_has(&format!("{file}:54: warning: the body still holds TODO text"));
    assert!(run.exists("briefs/cyber-norms-the-un-track/index.html"));
    assert!(run.exists("topics/cyber-diplomacy/index.html"));
    // The placeholder summary reaches no citation, metadata or feed.
    let page = "briefs/cyber-norms-the-un-track/index.html";
    let cites = run.texts(page, "script[data-cite-record]").join("\n");
    assert!(cites.contains(r#""id":"cyber_norms_the_un_track"#) && cites.contains(r#""keywords":["#), "{cites}");
    let json_ld = run.texts(page, "script[type=\"application/ld+json\"]").join("\n");
    assert!(json_ld.contains("\"headline\":\"Cyber norms: the UN track\""), "{json_ld}");
    let description: Vec<String> = run
        .html(page)
        .select(&crate::harness::sel("meta[name=description], meta[property=\"og:description\"]"))
        .filter_map(|m| m.value().attr("content").map(str::to_owned))
        .collect();
    let atom = run.file("atom.xml");
    assert!(atom.contains("Cyber norms: the UN track"), "{atom}");
    for (what, text) in [("citations", cites), ("JSON-LD", json_ld), ("meta", description.join(" ")), ("feed", atom)] {
        assert!(!text.contains("TODO"), "{what} holds the TODO summary: {text}");
    }
}

#[test]
fn errors_on_new_brief_that_exists() {
    let site = SiteTest::fixture("basic");
    let before = std::fs::read(site.root().join("content/briefs/alpha.md")).expect("read");
    let run = site.run(&["new", "brief", "Alpha"]);
    assert_eq!(run.output.status.code(), Some(1));
    assert!(run.stderr().contains("content/briefs/alpha.md: error: the file already exists"), "{}", run.stderr());
    assert_eq!(std::fs::read(site.root().join("content/briefs/alpha.md")).expect("read"), before);
}

fn seed_site() -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    for seed in ["000_4ee46d3ad7cd666a.txt", "001_d75409500012d530.txt"] {
        let bytes = std::fs::read(repo_root().join("seeds").join(seed)).expect("seed");
        site = site.write(&format!("seeds/{seed}"), bytes);
    }
    site
}

#[test]
fn can_import_the_repo_seeds_into_briefs_that_build() {
    let site = seed_site();
    site.run(&["import", "seeds/000_4ee46d3ad7cd666a.txt", "seeds/001_d75409500012d530.txt"])
        .success()
        .stderr_has("imported 2 of 2 seeds");
    let bureau =
        std::fs::read_to_string(site.root().join("content/briefs/the-us-is-pursuing-holistic-digital-diplomacy.md"))
            .expect("bureau brief");
    assert!(bureau.contains("title: The US is pursuing holistic digital diplomacy\n"), "{bureau}");
    assert!(bureau.contains("date: 2022-04-15\nupdated: 2024-03-19\n"), "{bureau}");
    assert!(bureau.contains("seed: seeds/001_d75409500012d530.txt\n"), "{bureau}");
    assert!(bureau.contains("  - Hands of a guy on laptop keyboard\n  - Data governance buttelfy\n"), "{bureau}");
    assert!(bureau.contains("summary: \"TODO:"), "{bureau}");
    let solidarity = std::fs::read_to_string(
        site.root().join("content/briefs/digital-solidarity-at-the-centre-of-united-states-tech-diplomacy.md"),
    )
    .expect("solidarity brief");
    assert!(solidarity.contains("  - \"American Flag, Flag, Electrical Device, Solar Panels\"\n"), "{solidarity}");

    let run = site.build().success();
    let page = run.main_text("briefs/the-us-is-pursuing-holistic-digital-diplomacy/index.html");
    assert!(!page.contains("Hands of a guy"), "caption kept");
    assert!(page.contains("How will the new bureau operate?"), "{page}");
    let texts = run.texts("briefs/the-us-is-pursuing-holistic-digital-diplomacy/index.html", "h1");
    assert_eq!(texts, vec!["The US is pursuing holistic digital diplomacy"]);
}

#[test]
fn can_skip_a_seed_imported_before_and_refuse_to_overwrite() {
    let site = seed_site();
    site.run(&["import", "seeds/001_d75409500012d530.txt"]).success();
    let path = site.root().join("content/briefs/the-us-is-pursuing-holistic-digital-diplomacy.md");
    std::fs::write(&path, std::fs::read_to_string(&path).expect("read").replace("TODO: summarise", "Mine."))
        .expect("edit");
    site.run(&["import", "seeds/001_d75409500012d530.txt"])
        .success()
        .stderr_has("is already imported as content/briefs/the-us-is-pursuing-holistic-digital-diplomacy.md")
        .stderr_has("imported 0 of 1 seed;");
    assert!(std::fs::read_to_string(&path).expect("read").contains("Mine."), "overwritten");

    // A different brief at the same path (not using this seed) is never replaced without --force.
    let other = std::fs::read_to_string(&path).expect("read").replace("seed: seeds/001_d75409500012d530.txt\n", "");
    let other = other.replace("---\n\n", "---\n");
    std::fs::write(&path, format!("{other}Own body.\n")).expect("write");
    let run = site.run(&["import", "seeds/001_d75409500012d530.txt"]);
    assert_eq!(run.output.status.code(), Some(1), "{}", run.stderr());
    assert!(run.stderr().contains("the file already exists"), "{}", run.stderr());
    site.run(&["import", "seeds/001_d75409500012d530.txt", "--force"]).success().stderr_has("(replaced)");
    assert!(std::fs::read_to_string(&path).expect("read").contains("seed: seeds/001_d75409500012d530.txt"));
}

#[test]
fn errors_on_import_outside_seeds() {
    let site = seed_site();
    let run = site.run(&["import", "site.yaml"]);
    assert_eq!(run.output.status.code(), Some(1));
    let run2 = site.run(&["import", "seeds/nope.txt"]);
    assert_eq!(run2.output.status.code(), Some(1));
    assert!(run2.stderr().contains("seeds/nope.txt"), "{}", run2.stderr());
}

#[test]
fn can_init_a_site_that_builds_anywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("new-site");
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("init")
        .arg(&target)
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for file in ["site.yaml", "content/briefs/example-brief.md", "content/pages/about.md", "seeds/example.txt"] {
        assert!(target.join(file).is_file(), "{file} missing");
    }
    assert!(!target.join("themes").exists(), "the built-in theme is used, not copied");
    let check =
        Command::new(env!("CARGO_BIN_EXE_chancery")).args(["check", "--root"]).arg(&target).output().expect("run");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success() && stderr.contains("0 errors, 0 warnings"), "{stderr}");
    let build =
        Command::new(env!("CARGO_BIN_EXE_chancery")).args(["build", "--root"]).arg(&target).output().expect("run");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let page = std::fs::read_to_string(target.join("public/briefs/example-brief/index.html")).expect("brief page");
    assert!(!page.contains("A desk with papers"), "caption kept");
    assert!(page.contains("What happens to questions?"));

    let again = Command::new(env!("CARGO_BIN_EXE_chancery")).arg("init").arg(&target).output().expect("run");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("the folder is not empty"));
}

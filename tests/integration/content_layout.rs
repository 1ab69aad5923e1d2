//! Where content may live: briefs and pages in subfolders are built (a brief at
//! `/briefs/<slug>/` wherever its file is, a page under its folders), two briefs with one
//! slug fail naming both files, files under `content/` that nothing reads are warned
//! about, and a folder without `site.yaml` is refused by `build`, `check` and `serve`.

use crate::harness::SiteTest;

const BRIEF: &str = "---\ntitle: Nested brief\ndate: 2025-02-03\nsummary: One sentence.\nkey_points: [One.]\n---\n\
Body linking [about](@/pages/programmes/climate.md) and [back](@/briefs/2025/nested.md).\n";

#[test]
fn can_build_briefs_and_pages_in_subfolders() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/2025/nested.md", BRIEF)
        .write("content/pages/programmes/climate.md", "---\ntitle: Climate programme\n---\nClimate work.\n");
    let run = site.build().success();
    assert!(run.exists("briefs/nested/index.html"), "nested brief not built");
    assert!(run.main_text("programmes/climate/index.html").contains("Climate work."));
    let brief = run.file("briefs/nested/index.html");
    assert!(brief.contains("href=\"/policy/briefs/programmes/climate/\""), "{brief}");
    assert!(brief.contains("href=\"/policy/briefs/briefs/nested/\""), "{brief}");
    assert!(run.file("sitemap.xml").contains("programmes/climate/"));
    site.run(&["check"])
        .success()
        .stderr_has("checked 4 briefs (1 draft left out; --drafts checks them too): 0 errors");
}

#[test]
fn errors_on_two_briefs_with_one_slug_naming_both_files() {
    let site = SiteTest::fixture("basic").write("content/briefs/2025/alpha.md", BRIEF.replace("Nested brief", "Again"));
    site.run(&["check"])
        .failure()
        .stderr_has("duplicate slug `alpha`")
        .stderr_has("content/briefs/2025/alpha.md")
        .stderr_has("content/briefs/alpha.md");
}

#[test]
fn errors_on_a_page_folder_the_site_uses_itself() {
    let site = SiteTest::fixture("basic").write("content/pages/briefs/x.md", "---\ntitle: X\n---\nX.\n");
    site.run(&["check"])
        .failure()
        .stderr_has("content/pages/briefs/x.md: error: the folder `briefs` is used by the site");
}

#[test]
fn warns_about_files_under_content_that_nothing_reads() {
    let site = SiteTest::fixture("basic")
        .write("content/notes.txt", "scratch")
        .write("content/briefs/chart.png", [0u8, 1, 2])
        .write("content/drafts/idea.md", "---\ntitle: I\n---\n")
        .write("content/briefs/.hidden.md", "ignored")
        .write("content/briefs/alpha.md~", "backup");
    let run = site.run(&["check", "--all-warnings"]).success();
    let err = run.stderr();
    for file in ["content/notes.txt", "content/briefs/chart.png", "content/drafts/idea.md"] {
        assert!(err.contains(&format!("{file}: warning: this file is not used")), "{file}:\n{err}");
    }
    assert!(!err.contains(".hidden.md") && !err.contains("alpha.md~"), "{err}");
    site.build().success().stderr_has("content/notes.txt: warning: this file is not used");
}

#[test]
fn errors_outside_a_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [&["build"][..], &["check"], &["serve", "--port", "0"], &["build", "--watch"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run");
        // A server that starts anyway would never exit: stop it rather than hang.
        let exited = (0..300).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            child.try_wait().ok().flatten().is_some()
        });
        if !exited {
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait");
        assert!(exited, "{args:?} kept running outside a site");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("site.yaml: error: not a Chancery site: the current folder has no site.yaml"),
            "{args:?}: {err}"
        );
        assert!(err.contains("hint: run this in a site's folder"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0, "something was written");
}

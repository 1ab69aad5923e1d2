//! The output folder Chancery owns, tried as a user would: refused folders, files Chancery
//! did not write, dotfiles, file/folder changes, two builds at once, a read-only folder, a
//! full disk, and builds killed at random moments. After each, the output is checked
//! against its manifest.

// A skipped fault test says why on stderr (cargo shows it with --nocapture).
#![allow(clippy::print_stderr)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::harness::SiteTest;

/// Every file under `dir` with a hash of its bytes, by relative path.
fn files(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.expect("entry");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            let bytes = fs::read(entry.path()).expect("read");
            out.push((rel, xxhash_rust::xxh3::xxh3_64(&bytes)));
        }
    }
    out
}

/// The names beside the output that a build may leave: none but the lock and the output
/// before last.
fn leftovers(parent: &Path, name: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(&format!(".{name}.")) && *n != format!(".{name}.lock") && *n != format!(".{name}.previous")
        })
        .collect();
    names.sort();
    names
}

/// Asserts that `out` holds exactly what its manifest lists.
fn assert_whole(out: &Path) {
    let problems = chancery::output::verify(out).expect("a manifest");
    assert!(problems.is_empty(), "{} is not whole: {problems:?}", out.display());
}

#[test]
fn refuses_to_write_into_the_site_or_its_inputs_and_changes_nothing() {
    let site = SiteTest::fixture("basic").write("static/logo.txt", "logo").write("templates/.keep", "");
    let root = site.root().to_path_buf();
    let before = files(&root);
    for out in [".", "content", "content/briefs", "content/new", "seeds", "themes", "templates", "static", ".."] {
        let target = root.join(out);
        let run = site.build_with(&["--output", target.to_str().expect("utf-8")]).failure();
        assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
        run.stderr_has("refusing to write the site");
    }
    // A relative --output is taken from the current folder, here the site's.
    let run = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["build", "--output", "content", "--force"])
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr)
            .contains("content: error: refusing to write the site into its input folder")
    );
    assert_eq!(files(&root), before, "a refused build changed files");
    let parent = root.parent().expect("parent");
    let name = parent.file_name().expect("name").to_string_lossy();
    assert!(!parent.with_file_name(format!(".{name}.lock")).exists(), "a refused build took a lock");
}

#[test]
fn refuses_a_folder_of_the_users_until_forced_and_then_keeps_its_files() {
    // The data loss this guards against: `--output notes` twice deleted the user's notes.
    let site = SiteTest::fixture("basic").write("notes/plan.md", "my own notes");
    let notes = site.root().join("notes");
    let notes_arg = notes.to_str().expect("utf-8");
    for _ in 0..2 {
        site.build_with(&["--output", notes_arg])
            .failure()
            .stderr_has("notes: error: this folder is not empty and was not written by Chancery")
            .stderr_has("--force");
        assert_eq!(files(&notes), [("plan.md".to_owned(), xxhash_rust::xxh3::xxh3_64(b"my own notes"))]);
    }
    site.build_with(&["--output", notes_arg, "--force"]).success();
    for _ in 0..2 {
        site.build_with(&["--output", notes_arg]).success();
        assert_eq!(fs::read_to_string(notes.join("plan.md")).expect("kept"), "my own notes");
        assert!(notes.join("index.html").is_file());
    }
    let problems = chancery::output::verify(&notes).expect("manifest");
    assert_eq!(problems.unlisted, ["plan.md"]);
    assert!(problems.missing.is_empty() && problems.changed.is_empty(), "{problems:?}");
    assert_eq!(leftovers(site.root(), "notes"), Vec::<String>::new());
}

#[test]
fn keeps_files_added_to_the_output_by_hand_and_refuses_to_overwrite_them() {
    let site = SiteTest::fixture("basic");
    site.build().success();
    let public = site.root().join("public");
    fs::write(public.join("google1234.html"), "verification").expect("write");
    site.build().success();
    assert_eq!(fs::read_to_string(public.join("google1234.html")).expect("kept"), "verification");
    // A hand-written file where the site now writes a page is not overwritten silently.
    fs::create_dir_all(public.join("contact")).expect("mkdir");
    fs::write(public.join("contact/index.html"), "hand-written").expect("write");
    let site = site.write("content/pages/contact.md", "---\ntitle: Contact\n---\nWrite to us.\n");
    site.build().failure().stderr_has("contact/index.html").stderr_has("--force");
    assert_eq!(fs::read_to_string(public.join("contact/index.html")).expect("kept"), "hand-written");
    site.build_with(&["--force"]).success();
    assert!(fs::read_to_string(public.join("contact/index.html")).expect("page").contains("Write to us."));
    assert_whole_but(&public, &["google1234.html"]);
}

fn assert_whole_but(out: &Path, foreign: &[&str]) {
    let problems = chancery::output::verify(out).expect("a manifest");
    assert!(problems.missing.is_empty() && problems.changed.is_empty(), "{problems:?}");
    assert_eq!(problems.unlisted, foreign);
}

#[test]
fn errors_when_the_output_path_is_a_file() {
    let site = SiteTest::fixture("basic").write("public", "a file, not a folder");
    site.build().failure().stderr_has("public: error: the output path exists and is not a folder");
    assert_eq!(fs::read_to_string(site.root().join("public")).expect("kept"), "a file, not a folder");
}

#[test]
fn publishes_static_dotfiles() {
    let site = SiteTest::fixture("basic")
        .write("static/.nojekyll", "")
        .write("static/CNAME", "briefs.example.org\n")
        .write("static/.well-known/security.txt", "Contact: mailto:security@example.org\n")
        .write("static/.logo.svg.swp", "editor scratch")
        .write("static/.DS_Store", "clutter");
    site.build().success();
    let public = site.root().join("public");
    for rel in [".nojekyll", "CNAME", ".well-known/security.txt"] {
        assert!(public.join(rel).is_file(), "{rel} not published");
    }
    for rel in [".logo.svg.swp", ".DS_Store"] {
        assert!(!public.join(rel).exists(), "{rel} published");
    }
    assert_whole(&public);
}

#[test]
fn can_turn_a_static_file_into_a_page_folder() {
    let site = SiteTest::fixture("basic").write("static/notes", "a static file called notes");
    site.build().success();
    site.build().success();
    fs::remove_file(site.root().join("static/notes")).expect("rm");
    let site = site.write("content/pages/notes.md", "---\ntitle: Notes\n---\nNow a page.\n");
    // Twice: the second build reuses the folder that held `notes` as a file.
    for _ in 0..2 {
        site.build().success();
        assert!(fs::read_to_string(site.root().join("public/notes/index.html")).expect("page").contains("Now a page."));
        assert_whole(&site.root().join("public"));
    }
}

#[test]
fn can_run_two_builds_of_one_site_at_once() {
    let site = SiteTest::fixture("basic");
    for _ in 0..3 {
        let a = site.command(&["build"]).spawn().expect("spawn a");
        let b = site.command(&["build"]).spawn().expect("spawn b");
        for mut child in [a, b] {
            assert!(child.wait().expect("wait").success(), "one of two builds at once failed");
        }
        assert_whole(&site.root().join("public"));
        assert_eq!(leftovers(site.root(), "public"), Vec::<String>::new());
    }
}

/// Whether the tests run as root.
fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Runs `f` with a tmpfs of `size` mounted at a new folder, when this runs as root (and the
/// mount works); otherwise says why it is skipped.
fn with_tmpfs(size: &str, f: impl FnOnce(&Path)) {
    if !is_root() {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mnt = dir.path().join("mnt");
    fs::create_dir(&mnt).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: could not mount a tmpfs");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    f(&mnt);
}

#[test]
fn errors_on_a_full_disk_and_keeps_the_previous_output() {
    with_tmpfs("2m", |mnt| {
        let out = mnt.join("public");
        let out_arg = out.to_str().expect("utf-8").to_owned();
        let site = SiteTest::fixture("basic");
        site.build_with(&["--output", &out_arg]).success();
        let before = files(&out);
        // A static file larger than the disk.
        let site = site.write("static/report.bin", vec![7u8; 3 << 20]);
        let run = site.build_with(&["--output", &out_arg]).failure();
        run.stderr_has(&format!("{out_arg}: error: cannot write the site")).stderr_has("No space left on device");
        assert_eq!(files(&out), before, "a build that ran out of space changed the output");
        assert_whole(&out);
        assert_eq!(leftovers(mnt, "public"), Vec::<String>::new());
    });
}

#[test]
fn errors_on_a_read_only_output_folder_and_changes_nothing() {
    let site = SiteTest::fixture("basic");
    if is_root() {
        with_tmpfs("16m", |mnt| {
            let out = mnt.join("public");
            let out_arg = out.to_str().expect("utf-8").to_owned();
            site.build_with(&["--output", &out_arg]).success();
            let before = files(&out);
            let ro = Command::new("mount").args(["-o", "remount,ro"]).arg(mnt).status().expect("remount");
            assert!(ro.success());
            let run = site.build_with(&["--output", &out_arg]).failure();
            run.stderr_has(&format!("{out_arg}: error: cannot take the build lock"))
                .stderr_has("Read-only file system");
            assert_eq!(files(&out), before);
        });
    } else {
        site.build().success();
        let public = site.root().join("public");
        let before = files(&public);
        let mode = |m| {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&public, fs::Permissions::from_mode(m)).expect("chmod");
        };
        mode(0o555);
        site.build().failure().stderr_has("public: error: the output folder is read-only");
        mode(0o755);
        assert_eq!(files(&public), before);
    }
}

/// A site of `n` generated briefs, each with a few paragraphs.
fn generated_site(n: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic").without_pdfs();
    for i in 0..n {
        let body: String = (0..6)
            .map(|p| format!("Paragraph {p} of brief {i}: the committee weighed the evidence and the options.\n\n"))
            .collect();
        site = site.write(
            &format!("content/briefs/gen-{i:05}.md"),
            format!(
                "---\ntitle: Generated brief {i}\ndate: 20{:02}-{:02}-{:02}\nsummary: Brief {i} of the kill test.\n\
                 key_points: [\"Point {i}.\"]\ntopics: [Topic {}]\n---\n## Findings\n\n{body}",
                10 + i % 14,
                i % 12 + 1,
                i % 28 + 1,
                i % 9
            ),
        );
    }
    site
}

#[test]
fn leaves_the_old_or_the_new_site_whole_when_a_build_is_killed() {
    let site = generated_site(2000);
    let public = site.root().join("public");
    let started = Instant::now();
    site.build().success();
    let full = started.elapsed();
    assert_whole(&public);
    let mut rng =
        fastrand::Rng::with_seed(std::env::var("CHANCERY_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(10));
    let mut saw = [0usize; 2];
    for round in 0..20 {
        let old = fs::read(public.join(".chancery-manifest")).expect("manifest");
        // A change, so the old and the new site differ.
        let config = fs::read_to_string(site.root().join("site.yaml")).expect("read");
        let config = config
            .lines()
            .map(|l| if l.starts_with("tagline:") { format!("tagline: Round {round}") } else { l.to_owned() })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(site.root().join("site.yaml"), config).expect("write");
        let mut child = site.command(&["build"]).spawn().expect("spawn");
        // Anywhere in the build, up to a little past its usual length.
        let wait = full.mul_f64(rng.f64() * 1.2);
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        assert_whole(&public);
        let killed = fs::read(public.join(".chancery-manifest")).expect("manifest");
        site.build().success();
        assert_whole(&public);
        assert_eq!(leftovers(site.root(), "public"), Vec::<String>::new(), "round {round}: a staging folder stayed");
        let new = fs::read(public.join(".chancery-manifest")).expect("manifest");
        assert_ne!(old, new, "round {round}: the change did not change the site");
        if killed == old {
            saw[0] += 1;
        } else {
            if killed != new {
                let (k, n) = (String::from_utf8_lossy(&killed), String::from_utf8_lossy(&new));
                let (k, n): (BTreeSet<&str>, BTreeSet<&str>) = (k.lines().collect(), n.lines().collect());
                let only_killed: Vec<&&str> = k.difference(&n).take(5).collect();
                let only_new: Vec<&&str> = n.difference(&k).take(5).collect();
                panic!(
                    "round {round}: killed after {wait:?}, the output is neither the old site nor the new: \
                     only in it {only_killed:?}, only in the new {only_new:?}"
                );
            }
            saw[1] += 1;
        }
    }
    eprintln!(
        "killed builds left the old site {} times, the new one {} times (a full build: {full:?})",
        saw[0], saw[1]
    );
}

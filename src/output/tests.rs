//! Tests of publishing: whole replacement, reuse of unchanged files, the manifest, files
//! Chancery did not write, and what dead builds leave.

use std::fs;
use std::path::Path;

use super::*;
use crate::render::Output;

fn site(files: &[(&str, &str)]) -> RenderedSite {
    RenderedSite {
        outputs: files.iter().map(|(p, b)| Output { path: (*p).to_owned(), bytes: b.as_bytes().to_vec() }).collect(),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).expect("ls").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn tree(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| files::relative(dir, e.expect("entry").path()))
        .collect()
}

#[test]
fn can_replace_previous_output_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("index.html", "one"), ("old/index.html", "x")]), &[], &out).expect("first");
    publish(&site(&[("index.html", "two")]), &[], &out).expect("second");
    assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "two");
    assert!(!out.join("old").exists());
    assert_eq!(listing(dir.path()), [".public.lock", ".public.previous", "public"], "staging folder left behind");
    assert!(verify(&out).expect("verify").is_empty());
}

#[test]
fn writes_a_manifest_of_what_it_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("b/index.html", "b"), ("a.html", "a")]), &[], &out).expect("publish");
    let manifest = Manifest::read(&out).expect("read").expect("a manifest");
    assert_eq!(manifest.files.keys().collect::<Vec<_>>(), ["a.html", "b/index.html"]);
    assert_eq!(manifest.files["a.html"], manifest::Entry::of(b"a"));
    fs::write(out.join("a.html"), "changed by hand").expect("write");
    assert_eq!(verify(&out).expect("verify").changed, ["a.html"]);
}

#[cfg(unix)]
#[test]
fn can_keep_unchanged_files_and_rewrite_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let ino = |rel: &str| fs::metadata(out.join(rel)).expect("stat").ino();
    publish(&site(&[("a.html", "same"), ("b.html", "old")]), &[], &out).expect("first");
    let (a, b) = (ino("a.html"), ino("b.html"));
    publish(&site(&[("a.html", "same"), ("b.html", "new")]), &[], &out).expect("second");
    assert_eq!(ino("a.html"), a, "an unchanged file is kept, not rewritten");
    assert_ne!(ino("b.html"), b);
    assert_eq!(fs::read_to_string(out.join("b.html")).expect("read"), "new");
}

#[cfg(unix)]
#[test]
fn can_publish_held_files_writing_only_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let options = PublishOptions::default();
    let held = |pairs: &[(&str, &'static str)]| -> HashMap<String, bytes::Bytes> {
        pairs.iter().map(|(p, b)| ((*p).to_owned(), bytes::Bytes::from_static(b.as_bytes()))).collect()
    };
    let first = held(&[("a.html", "same"), ("b/index.html", "old"), ("gone.html", "x")]);
    publish_files(&first, &first.keys().map(String::as_str).collect(), &out, &options).expect("first");
    let ino = |rel: &str| fs::metadata(out.join(rel)).expect("stat").ino();
    let (a, b) = (ino("a.html"), ino("b/index.html"));
    let second = held(&[("a.html", "same"), ("b/index.html", "new"), ("c.html", "c")]);
    publish_files(&second, &HashSet::from(["b/index.html", "c.html"]), &out, &options).expect("second");
    assert_eq!(ino("a.html"), a, "an unchanged file is linked, not written");
    assert_ne!(ino("b/index.html"), b);
    assert_eq!(fs::read_to_string(out.join("b/index.html")).expect("read"), "new");
    assert_eq!(fs::read_to_string(out.join("c.html")).expect("read"), "c");
    assert!(!out.join("gone.html").exists());
    // An output file edited by hand to another size is written again, not kept.
    fs::write(out.join("a.html"), "edited by hand").expect("write");
    publish_files(&second, &HashSet::new(), &out, &options).expect("third");
    assert_eq!(fs::read_to_string(out.join("a.html")).expect("read"), "same");
    assert!(verify(&out).expect("verify").is_empty());
}

#[test]
fn can_reuse_the_output_before_last_and_prune_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("a/index.html", "1"), ("gone/index.html", "x"), ("b.html", "b")]), &[], &out).expect("1");
    publish(&site(&[("a/index.html", "2"), ("b.html", "b")]), &[], &out).expect("2");
    publish(&site(&[("a/index.html", "3"), ("c/d/e.html", "e")]), &[], &out).expect("3");
    assert_eq!(tree(&out), [".chancery-manifest", "a", "a/index.html", "c", "c/d", "c/d/e.html"]);
    assert_eq!(fs::read_to_string(out.join("a/index.html")).expect("read"), "3");
    // The second output is kept for reuse, unchanged by the third build.
    let previous = dir.path().join(".public.previous");
    assert_eq!(fs::read_to_string(previous.join("a/index.html")).expect("read"), "2");
    assert_eq!(fs::read_to_string(previous.join("b.html")).expect("read"), "b");
}

#[test]
fn errors_on_path_outside_output_and_keeps_previous() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("index.html", "good")]), &[], &out).expect("first");
    let err = publish(&site(&[("../escape.html", "bad")]), &[], &out).expect_err("outside");
    assert!(err.to_string().contains("outside the output folder"), "{err}");
    assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "good");
    assert!(!dir.path().join("escape.html").exists());
    assert!(!dir.path().join(".public.staging").exists(), "a failed build leaves no staging folder");
}

#[test]
fn never_deletes_files_it_did_not_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("index.html", "1"), ("a/index.html", "a")]), &[], &out).expect("first");
    fs::create_dir_all(out.join("notes/deep")).expect("mkdir");
    fs::write(out.join("notes/deep/mine.md"), "mine").expect("write");
    fs::write(out.join("a/mine.txt"), "also mine").expect("write");
    for round in 2..5 {
        publish(&site(&[("index.html", &round.to_string())]), &[], &out).expect("rebuild");
        assert_eq!(fs::read_to_string(out.join("notes/deep/mine.md")).expect("kept"), "mine");
        assert_eq!(fs::read_to_string(out.join("a/mine.txt")).expect("kept"), "also mine");
    }
    let problems = verify(&out).expect("verify");
    assert_eq!(problems.unlisted, ["a/mine.txt", "notes/deep/mine.md"], "kept, but not listed as Chancery's");
}

#[test]
fn refuses_to_replace_a_file_it_did_not_write_unless_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("index.html", "1")]), &[], &out).expect("first");
    fs::write(out.join("about.html"), "hand-written").expect("write");
    fs::write(out.join("notes"), "a file where the site now makes a folder").expect("write");
    let next = site(&[("index.html", "2"), ("about.html", "generated"), ("notes/index.html", "n")]);
    let err = publish(&next, &[], &out).expect_err("in the way");
    let text = err.to_string();
    assert!(text.contains("about.html") && text.contains("notes") && text.contains("--force"), "{text}");
    assert_eq!(fs::read_to_string(out.join("about.html")).expect("kept"), "hand-written");
    assert_eq!(fs::read_to_string(out.join("index.html")).expect("kept"), "1");
    let staging = Staging::open(&out, &PublishOptions { force: true }).expect("open");
    for o in &next.outputs {
        staging.write(&o.path, &o.bytes).expect("write");
    }
    staging.commit().expect("forced");
    assert_eq!(fs::read_to_string(out.join("about.html")).expect("read"), "generated");
    assert_eq!(fs::read_to_string(out.join("notes/index.html")).expect("read"), "n");
}

#[test]
fn refuses_a_folder_it_did_not_make_and_adopts_it_when_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("notes");
    fs::create_dir(&out).expect("mkdir");
    fs::write(out.join("mine.md"), "mine").expect("write");
    let err = publish(&site(&[("index.html", "1")]), &[], &out).expect_err("foreign folder");
    assert!(err.to_string().contains("was not written by Chancery"), "{err}");
    assert_eq!(listing(&out), ["mine.md"], "nothing written into it");
    let options = PublishOptions { force: true };
    let files = HashMap::from([("index.html".to_owned(), bytes::Bytes::from_static(b"1"))]);
    publish_files(&files, &HashSet::from(["index.html"]), &out, &options).expect("adopted");
    publish_files(&files, &HashSet::from(["index.html"]), &out, &PublishOptions::default()).expect("now ours");
    assert_eq!(listing(&out), [".chancery-manifest", "index.html", "mine.md"]);
}

#[test]
fn can_turn_a_file_into_a_folder_and_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("notes", "file")]), &[], &out).expect("file");
    publish(&site(&[("x.html", "x")]), &[], &out).expect("another");
    // The staging folder now holds `notes` as a file: the page must replace it.
    publish(&site(&[("notes/index.html", "folder")]), &[], &out).expect("folder");
    assert_eq!(fs::read_to_string(out.join("notes/index.html")).expect("read"), "folder");
    publish(&site(&[("y.html", "y")]), &[], &out).expect("another");
    publish(&site(&[("notes", "file again")]), &[], &out).expect("file again");
    assert_eq!(fs::read_to_string(out.join("notes")).expect("read"), "file again");
}

#[test]
fn takes_over_what_dead_builds_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    publish(&site(&[("index.html", "1")]), &[], &out).expect("first");
    // An earlier version's leftovers, and a dead build's staging folder.
    for leftover in [".public.staging-abc123", ".public.old-xyz"] {
        fs::create_dir_all(dir.path().join(leftover).join("briefs")).expect("mkdir");
        fs::write(dir.path().join(leftover).join("briefs/x.html"), "x").expect("write");
    }
    fs::create_dir_all(dir.path().join(".public.staging/half")).expect("mkdir");
    fs::write(dir.path().join(".public.staging/half/written.html"), "half").expect("write");
    publish(&site(&[("index.html", "2")]), &[], &out).expect("second");
    assert_eq!(listing(dir.path()), [".public.lock", ".public.previous", "public"]);
    assert_eq!(tree(&out), [".chancery-manifest", "index.html"]);
    // A fallback swap killed half-way: the output is set aside, not in place.
    fs::rename(&out, dir.path().join(".public.swapping")).expect("set aside");
    publish(&site(&[("index.html", "3")]), &[], &out).expect("third");
    assert_eq!(fs::read_to_string(out.join("index.html")).expect("read"), "3");
    assert_eq!(listing(dir.path()), [".public.lock", ".public.previous", "public"]);
}

#[test]
fn refuses_an_output_path_that_is_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    fs::write(&out, "not a folder").expect("write");
    let err = publish(&site(&[("index.html", "1")]), &[], &out).expect_err("a file");
    assert!(err.to_string().contains("not a folder"), "{err}");
    assert_eq!(fs::read_to_string(&out).expect("read"), "not a folder");
}

#[test]
fn refuses_to_write_its_manifest_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let err = publish(&site(&[(".chancery-manifest", "x")]), &[], &out).expect_err("reserved");
    assert!(err.to_string().contains("manifest"), "{err}");
}

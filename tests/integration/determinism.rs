//! Output bytes do not depend on the number of threads: the fixture site, grown to enough
//! briefs for rayon to split the work, built with one thread and with four, gives the same
//! files with the same bytes.

use crate::harness::SiteTest;

const TOPICS: [&str; 5] = ["Energy", "Trade", "Health", "Cyber", "Water"];
const ACTORS: [&str; 4] = ["G7", "NATO", "OECD", "WHO"];

/// The fixture plus `n` generated briefs that share terms and link to each other.
fn grown_fixture(n: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    for i in 0..n {
        let topics = [TOPICS[i % 5], TOPICS[(i / 5) % 5]];
        let text = format!(
            "---\ntitle: Generated brief {i}\ndate: 2023-{:02}-{:02}\nsummary: Brief {i} for the determinism test.\n\
             key_points: [\"Point {i}.\"]\ntopics: [{}, {}]\nactors: [{}]\n\
             events:\n  - {{ date: 2023-{:02}, title: Event {i} }}\n---\n\
             ## Heading\n\nText of brief {i}, see [the next one](@/briefs/gen-{:03}.md).\n\n\
             ```python\nprint({i})\n```\n",
            i % 12 + 1,
            i % 28 + 1,
            topics[0],
            topics[1],
            ACTORS[i % 4],
            (i * 7) % 12 + 1,
            (i + 1) % n
        );
        site = site.write(&format!("content/briefs/gen-{i:03}.md"), text);
    }
    site
}

#[test]
fn can_build_the_same_bytes_whatever_the_thread_count() {
    let one = grown_fixture(60).run_with_env(&["build"], &[("RAYON_NUM_THREADS", "1")]).success();
    let four = grown_fixture(60).run_with_env(&["build"], &[("RAYON_NUM_THREADS", "4")]).success();
    let (a, b) = (one.snapshot(), four.snapshot());
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "different files");
    assert!(a.len() > 200, "only {} files", a.len());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn can_rebuild_unchanged_site_with_identical_bytes() {
    let site = grown_fixture(20);
    let first = site.build().success().snapshot();
    let second = site.build().success().snapshot();
    assert_eq!(first, second);
}

#[test]
fn can_write_the_bytes_the_in_memory_render_gives() {
    // `build` renders markdown, drops the brief bodies, then renders the pages; `serve` and
    // `check` render in memory with the bodies kept. Both must give the same files.
    let site = grown_fixture(30);
    let run = site.build().success();
    let (model, rendered) = chancery::render_site(&chancery::BuildOptions::new(&run.root)).expect("render");
    let mut expected: std::collections::BTreeMap<String, Vec<u8>> =
        model.static_files.iter().map(|f| (f.dest.clone(), f.source.bytes().expect("static").into_owned())).collect();
    // Generated files win over static files of the same path.
    expected.extend(rendered.outputs.into_iter().map(|o| (o.path, o.bytes)));
    let mut written = run.snapshot();
    let manifest = written.iter().position(|(name, _)| name == ".chancery-manifest").expect("a manifest");
    written.remove(manifest);
    assert_eq!(written.len(), expected.len(), "different numbers of files");
    for ((name, bytes), (expected_name, expected_bytes)) in written.iter().zip(&expected) {
        assert_eq!(name, expected_name);
        assert!(bytes == expected_bytes, "{name} differs between build and the in-memory render");
    }
}

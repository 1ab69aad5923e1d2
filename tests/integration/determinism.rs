//! Output bytes do not depend on the number of threads: the fixture site, grown to enough
//! briefs for rayon to split the work, built with one thread and with four, gives the same
//! files with the same bytes.

use crate::harness::SiteTest;

const TOPICS: [&str; 5] = ["Energy", "Trade", "Health", "Cyber", "Water"];
const ACTORS: [&str; 4] = ["G7", "NATO", "OECD", "WHO"];

/// The fixture plus `n` generated briefs that share terms and link to each other.
/// The basic fixture grown by `n` briefs, without PDFs (those of a few briefs are compared
/// by the references test below and by `pdf.rs`).
fn grown_fixture(n: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic").without_pdfs();
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
        // Some briefs hold callouts and shortcodes, a data table read beside them.
        let blocks = "\n> [!TIP]\n> A tip.\n\n{{ figure(src=\"/x.svg\", alt=\"X\") }}\n\n\
            {% pullquote(source=\"S\") %}\n*Said.*\n{% end %}\n\n{{ data_table(path=\"t.csv\") }}\n";
        let text = if i % 10 == 0 { format!("{text}{blocks}") } else { text };
        site = site.write(&format!("content/briefs/gen-{i:03}.md"), text);
    }
    site.write("content/briefs/t.csv", "a,b\n1,2\n")
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
    // `build` leaves the brief bodies out at load, walks each for the site-wide views, and
    // makes its HTML again when it writes the page; `serve` and `check` render in memory
    // with the bodies kept. Both must give the same files.
    let site = grown_fixture(30);
    let run = site.build().success();
    assert_same_as_in_memory(&run.root, run.snapshot());
}

#[test]
fn can_write_the_references_the_in_memory_render_gives() {
    // Citations, the References section and the CSL-JSON files, in both paths.
    let run = SiteTest::fixture("references").build().success();
    assert!(run.exists("briefs/site-wide/site-wide.json"));
    assert!(run.exists("briefs/site-wide/site-wide.pdf"), "the PDFs are compared too");
    assert_same_as_in_memory(&run.root, run.snapshot());
}

#[test]
fn can_make_summary_views_per_page_with_the_same_bytes() {
    // A large site's build makes each summary view when a page shows it rather than holding
    // them all; a threshold of 0 makes this small one do that.
    let site = grown_fixture(30);
    let out = site.root().join("public");
    let options = chancery::BuildOptions {
        made_summaries_above: 0,
        output: Some(out.clone()),
        ..chancery::BuildOptions::new(site.root())
    };
    chancery::build(&options).expect("build");
    let mut written = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let name = entry.path().strip_prefix(&out).expect("inside").to_string_lossy().replace('\\', "/");
            written.insert(name, std::fs::read(entry.path()).expect("read"));
        }
    }
    assert_same_as_in_memory(site.root(), written.into_iter().collect());
}

#[test]
fn reports_a_brief_changed_between_load_and_render() {
    let site = grown_fixture(3);
    let config = chancery::config::Config::load(site.root()).expect("config");
    let (content, bodies) = chancery::content::load_lean(site.root(), &config).expect("load");
    let brief = content.briefs.iter().find(|b| b.file_name == "gen-001.md").expect("gen-001");
    assert!(brief.body.is_empty(), "the body is left out at load");
    assert!(bodies.read(brief).expect("unchanged").contains("Text of brief 1"));
    let path = site.root().join("content/briefs/gen-001.md");
    let text = std::fs::read_to_string(&path).expect("read").replace("Text of brief 1", "Edited text");
    std::fs::write(&path, text).expect("write");
    let err = bodies.read(brief).expect_err("a changed file").to_string();
    assert!(err.contains("gen-001.md") && err.contains("changed while the site was being built"), "{err}");
}

/// Compares the files a build wrote into the site at `root` (the manifest left out) with
/// the in-memory render of the same site.
pub(crate) fn assert_same_as_in_memory(root: &std::path::Path, mut written: Vec<(String, Vec<u8>)>) {
    let (model, rendered) = chancery::render_site(&chancery::BuildOptions::new(root)).expect("render");
    let mut expected: std::collections::BTreeMap<String, Vec<u8>> =
        model.static_files.iter().map(|f| (f.dest.clone(), f.source.bytes().expect("static").into_owned())).collect();
    // Generated files win over static files of the same path.
    expected.extend(rendered.outputs.into_iter().map(|o| (o.path, o.bytes)));
    let manifest = written.iter().position(|(name, _)| name == ".chancery-manifest").expect("a manifest");
    written.remove(manifest);
    assert_eq!(written.len(), expected.len(), "different numbers of files");
    for ((name, bytes), (expected_name, expected_bytes)) in written.iter().zip(&expected) {
        assert_eq!(name, expected_name);
        assert!(bytes == expected_bytes, "{name} differs between build and the in-memory render");
    }
}

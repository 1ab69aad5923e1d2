//! Incremental rebuilds give the bytes of a clean full build. A site with a few dozen
//! briefs is changed at random, one change at a time: brief bodies, titles, dates, terms,
//! events, drafts and change notes (`updates:`) edited; briefs added, deleted and renamed; the standalone page, a seed,
//! a template override and a static file edited; a static file standing in for a built-in
//! script added and removed; front-matter broken and mended; `site.yaml` edited (parts of
//! the timeline and summaries made small enough to split, and back); slugs changed; a
//! `seed_drop` edited; pages added; the seed deleted and put back; a brief and a page in
//! subfolders added, edited, moved and removed; a page bundle added and its image edited
//! (the figure's size and resized copies follow); and rebuilds given no change list at all. After every change the
//! session's in-memory site is compared, file by file, with a fresh full render of the same
//! inputs (and a broken site must fail both ways). What `serve` puts online before a
//! rebuild is whole (its first outputs) is compared too: every file it does not say is still
//! being made has the full build's bytes.
//!
//! `CHANCERY_DIFF_SEED=<n>` replays another random sequence; the default one is fixed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chancery::BuildOptions;
use chancery::incremental::{FirstOutputs, Session};

use crate::harness::{SiteTest, repo_root};

const TOPICS: [&str; 6] = ["Energy", "Trade", "Health", "Cyber", "Water", "Space"];
const ACTORS: [&str; 4] = ["G7", "NATO", "OECD", "WHO"];

/// The text of a generated brief.
fn brief_text(rng: &mut fastrand::Rng, title: &str, draft: bool) -> String {
    let topics: Vec<&str> = (0..rng.usize(1..3)).map(|_| TOPICS[rng.usize(..TOPICS.len())]).collect();
    let link = if rng.bool() { "\nSee [alpha](@/briefs/alpha.md) and [the page](@/pages/about.md).\n" } else { "" };
    format!(
        "---\ntitle: {title}\ndate: 2023-{:02}-{:02}\nsummary: {title}, in one sentence.\n\
         key_points: [\"A point about {title}.\"]\ntopics: [{}]\nactors: [{}]\ndraft: {draft}\n\
         events:\n  - {{ date: 2022-{:02}, title: Something about {title} }}\n---\n\
         ## Heading\n\nBody of {title} with {} words.\n{link}",
        rng.u8(1..13),
        rng.u8(1..29),
        topics.join(", "),
        ACTORS[rng.usize(..ACTORS.len())],
        rng.u8(1..13),
        rng.u32(1..1000),
    )
}

/// Every file a full build of `root` writes, by output path; `Err` with the message when
/// the build fails.
fn full_build(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let (site, rendered) = chancery::render_site(&BuildOptions::new(root)).map_err(|e| e.to_string())?;
    let mut files = BTreeMap::new();
    for file in &site.static_files {
        files.insert(file.dest.clone(), file.source.bytes().map_err(|e| e.to_string())?.into_owned());
    }
    for output in rendered.outputs {
        files.insert(output.path, output.bytes);
    }
    Ok(files)
}

/// Compares the session's files with a full build, naming the first difference.
fn assert_same(session: &Session, full: &BTreeMap<String, Vec<u8>>, step: &str) {
    let mine: BTreeMap<&str, &[u8]> = session.files().iter().map(|(k, v)| (k.as_str(), &v[..])).collect();
    let missing: Vec<&String> = full.keys().filter(|k| !mine.contains_key(k.as_str())).collect();
    let extra: Vec<&&str> = mine.keys().filter(|k| !full.contains_key(**k)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{step}: missing {missing:?}, extra {extra:?}");
    for (path, bytes) in full {
        if mine[path.as_str()] != bytes.as_slice() {
            let a = String::from_utf8_lossy(mine[path.as_str()]);
            let b = String::from_utf8_lossy(bytes);
            let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let near = |s: &str| s.get(at.saturating_sub(80)..(at + 80).min(s.len())).unwrap_or("").to_owned();
            panic!("{step}: {path} is stale\nincremental: …{}…\nfull build:  …{}…", near(&a), near(&b));
        }
    }
}

/// Compares what a rebuild made first with a full build: every file but those still to be
/// made is there with the full build's bytes, and nothing else is.
fn assert_first_same(first: &FirstOutputs, full: &BTreeMap<String, Vec<u8>>, step: &str) {
    for (path, bytes) in full.iter().filter(|(p, _)| !first.later.contains(*p)) {
        match first.files.get(path) {
            Some(mine) => assert!(&mine[..] == bytes.as_slice(), "{step}: {path} is served stale before the rest"),
            None => panic!("{step}: {path} is missing before the rest"),
        }
    }
    let extra: Vec<&String> =
        first.files.keys().filter(|p| !full.contains_key(*p) && !first.later.contains(*p)).collect();
    assert!(extra.is_empty(), "{step}: served before the rest but gone: {extra:?}");
}

/// Replaces the first `from` in the file at `path` by `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// One random change to the site at `root`; returns what it did and the paths it touched.
fn change(
    rng: &mut fastrand::Rng,
    root: &Path,
    generated: &mut Vec<String>,
    next: &mut usize,
    only_add: bool,
) -> (String, Vec<PathBuf>) {
    let briefs = root.join("content/briefs");
    let pick = |rng: &mut fastrand::Rng, generated: &[String]| generated[rng.usize(..generated.len())].clone();
    let op = if only_add || generated.len() < 3 { 0 } else { rng.usize(0..14) };
    let rel = |name: &str| PathBuf::from("content/briefs").join(name);
    match op {
        0 | 1 => {
            let name = format!("gen-{next:03}.md");
            *next += 1;
            let text = brief_text(rng, &format!("Brief {next}"), false);
            fs::write(briefs.join(&name), text).expect("write");
            generated.push(name.clone());
            (format!("add {name}"), vec![rel(&name)])
        }
        2 => {
            let name = generated.swap_remove(rng.usize(..generated.len()));
            fs::remove_file(briefs.join(&name)).expect("remove");
            (format!("delete {name}"), vec![rel(&name)])
        }
        3 => {
            let k = rng.usize(..generated.len());
            let old = generated[k].clone();
            let new = format!("gen-{next:03}.md");
            *next += 1;
            fs::rename(briefs.join(&old), briefs.join(&new)).expect("rename");
            generated[k] = new.clone();
            (format!("rename {old} to {new}"), vec![rel(&old), rel(&new)])
        }
        4 | 5 => {
            let name = pick(rng, generated);
            edit(&briefs.join(&name), "## Heading\n\n", &format!("## Heading\n\nA new paragraph {}.\n\n", rng.u32(..)));
            (format!("edit body of {name}"), vec![rel(&name)])
        }
        6 => {
            let name = pick(rng, generated);
            edit(&briefs.join(&name), "title: ", &format!("title: Retitled {} ", rng.u32(..1000)));
            (format!("retitle {name}"), vec![rel(&name)])
        }
        7 => {
            let name = pick(rng, generated);
            edit(&briefs.join(&name), "date: 2023-", &format!("date: 202{}-", rng.u8(0..3)));
            (format!("redate {name}"), vec![rel(&name)])
        }
        8 => {
            let name = pick(rng, generated);
            let topic = TOPICS[rng.usize(..TOPICS.len())];
            edit(&briefs.join(&name), "topics: [", &format!("topics: [New {topic}, "));
            (format!("add a topic to {name}"), vec![rel(&name)])
        }
        9 => {
            let name = pick(rng, generated);
            let draft = fs::read_to_string(briefs.join(&name)).expect("read").contains("draft: true");
            edit(&briefs.join(&name), &format!("draft: {draft}"), &format!("draft: {}", !draft));
            (format!("toggle draft of {name}"), vec![rel(&name)])
        }
        10 => {
            let name = pick(rng, generated);
            edit(&briefs.join(&name), "title: Something", "title: Anything");
            (format!("edit an event of {name}"), vec![rel(&name)])
        }
        11 => {
            let page = root.join("content/pages/about.md");
            edit(&page, "This fixture", &format!("This fixture ({})", rng.u32(..)));
            (String::from("edit the about page"), vec![PathBuf::from("content/pages/about.md")])
        }
        12 => {
            let seed = root.join("seeds/sample.txt");
            let mut text = fs::read_to_string(&seed).expect("read");
            text.push_str(&format!("\nOne more seed paragraph, number {}.\n", rng.u32(..)));
            fs::write(&seed, text).expect("write");
            (String::from("edit the seed"), vec![PathBuf::from("seeds/sample.txt")])
        }
        _ => {
            let k = rng.usize(0..14);
            special(rng, root, generated, k)
        }
    }
}

/// One of the rarer changes, `k` in `0..14`.
fn special(rng: &mut fastrand::Rng, root: &Path, generated: &mut [String], k: usize) -> (String, Vec<PathBuf>) {
    let briefs = root.join("content/briefs");
    let pick = |rng: &mut fastrand::Rng, generated: &[String]| generated[rng.usize(..generated.len())].clone();
    let rel = |name: &str| PathBuf::from("content/briefs").join(name);
    {
        match k {
            4 => {
                // site.yaml: a new tagline, or parts small enough to split the timeline and
                // the summaries by month and page, or back.
                let config = root.join("site.yaml");
                let text = fs::read_to_string(&config).expect("read");
                let text = if text.contains("timeline_per_page") {
                    text.lines().filter(|l| !l.contains("_per_page")).map(|l| format!("{l}\n")).collect()
                } else if rng.bool() {
                    format!("{text}timeline_per_page: {}\nsummaries_per_page: {}\n", rng.u8(2..6), rng.u8(2..6))
                } else {
                    text.replacen("tagline: ", &format!("tagline: {} ", rng.u32(..1000)), 1)
                };
                fs::write(&config, text).expect("write");
                (String::from("edit site.yaml"), vec![PathBuf::from("site.yaml")])
            }
            5 => {
                let name = pick(rng, generated);
                let path = briefs.join(&name);
                let text = fs::read_to_string(&path).expect("read");
                let text = match text.lines().find(|l| l.starts_with("slug: ")) {
                    Some(line) => text.replacen(&format!("{line}\n"), "", 1),
                    None => text.replacen("\ntitle: ", &format!("\nslug: custom-{}\ntitle: ", rng.u32(..)), 1),
                };
                fs::write(&path, text).expect("write");
                (format!("change the slug of {name}"), vec![rel(&name)])
            }
            6 => {
                let beta = root.join("content/briefs/beta.md");
                let text = fs::read_to_string(&beta).expect("read");
                let line = ", \"The seed opens with a paragraph.\"]";
                let text = if text.contains(line) {
                    text.replacen(line, "]", 1)
                } else {
                    text.replacen("papers\"]", &format!("papers\"{line}"), 1)
                };
                fs::write(&beta, text).expect("write");
                (String::from("edit beta's seed_drop"), vec![PathBuf::from("content/briefs/beta.md")])
            }
            7 => {
                let name = format!("extra-{}.md", rng.u32(..));
                fs::write(root.join("content/pages").join(&name), format!("---\ntitle: Extra {name}\n---\nMore.\n"))
                    .expect("write");
                (format!("add the page {name}"), vec![PathBuf::from("content/pages").join(name)])
            }
            8 => {
                // Beta is made from this seed: both builds fail until it comes back.
                fs::remove_file(root.join("seeds/sample.txt")).expect("remove");
                (String::from("delete the seed"), vec![PathBuf::from("seeds/sample.txt")])
            }
            9 => {
                // No change list at all: the session must find the change itself.
                let name = pick(rng, generated);
                edit(
                    &briefs.join(&name),
                    "## Heading\n\n",
                    &format!("## Heading\n\nUnlisted change {}.\n\n", rng.u32(..)),
                );
                (format!("edit body of {name}, no change list"), vec![])
            }
            11 => {
                // A change note: the first with a DOI on a random brief (the brief, /updates/,
                // its feed, the timeline and the feeds' dates follow), then minor notes on
                // the same brief every other time (only its list of notes changes).
                let noted = generated
                    .iter()
                    .find(|n| fs::read_to_string(briefs.join(n.as_str())).is_ok_and(|t| t.contains("\nupdates:\n")));
                let name = noted.cloned().unwrap_or_else(|| pick(rng, generated));
                let path = briefs.join(&name);
                let text = fs::read_to_string(&path).expect("read");
                let notes = text.matches(", note: Revised ").count();
                let minor = if notes == 0 { rng.bool() } else { notes % 2 == 1 };
                let day = (rng.u8(1..13), rng.u8(1..29));
                let note = format!(
                    "  - {{ date: 2024-{:02}-{:02}, note: Revised {}., minor: {minor} }}\n",
                    day.0,
                    day.1,
                    rng.u32(..1000)
                );
                let text = if notes > 0 {
                    text.replacen("\nupdates:\n", &format!("\nupdates:\n{note}"), 1)
                } else {
                    text.replacen("\ndraft: ", &format!("\ndoi: 10.5555/{}\nupdates:\n{note}draft: ", rng.u32(..)), 1)
                };
                fs::write(&path, text).expect("write");
                (format!("add a change note to {name}"), vec![rel(&name)])
            }
            0 => {
                fs::create_dir_all(root.join("templates")).expect("mkdir");
                let base = fs::read_to_string(repo_root().join("themes/default/templates/base.html")).expect("read");
                fs::write(root.join("templates/base.html"), format!("{base}<!-- {} -->\n", rng.u32(..))).expect("w");
                (String::from("override the base template"), vec![PathBuf::from("templates/base.html")])
            }
            1 => {
                fs::create_dir_all(root.join("static")).expect("mkdir");
                fs::write(root.join("static/extra.css"), format!("p {{ margin: {}px; }}\n", rng.u8(..))).expect("w");
                (String::from("edit a static file"), vec![PathBuf::from("static/extra.css")])
            }
            3 => {
                // An override of one built-in theme file in the site's themes/default/.
                let rel = PathBuf::from("themes/default/templates/page.html");
                let full = root.join(&rel);
                if full.exists() && rng.bool() {
                    fs::remove_file(&full).expect("remove");
                } else {
                    fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
                    let page = fs::read_to_string(repo_root().join(&rel)).expect("read");
                    let mark = format!("{{% block main %}}<!-- override {} -->", rng.u32(..));
                    fs::write(&full, page.replacen("{% block main %}", &mark, 1)).expect("w");
                }
                (String::from("override or restore themes/default/templates/page.html"), vec![rel])
            }
            2 => {
                // A site static file standing in for a built-in script, or gone again.
                let script = root.join("static/timeline.js");
                if script.exists() {
                    fs::remove_file(&script).expect("remove");
                } else {
                    fs::create_dir_all(root.join("static")).expect("mkdir");
                    fs::write(&script, format!("// site's own timeline script {}\n", rng.u32(..))).expect("w");
                }
                (String::from("toggle static/timeline.js"), vec![PathBuf::from("static/timeline.js")])
            }
            10 => nested(rng, root),
            12 => bibliography_edit(rng, root),
            13 => bundle(rng, root),
            _ => break_front_matter(rng, root, generated),
        }
    }
}

/// A brief citing a `.bib` beside it: made the first time, then the `.bib` edited (the
/// brief's page and its CSL-JSON file change, the brief's file does not).
fn bibliography_edit(rng: &mut fastrand::Rng, root: &Path) -> (String, Vec<PathBuf>) {
    let brief = PathBuf::from("content/briefs/cites.md");
    let bib = PathBuf::from("content/briefs/cites.bib");
    let entry = |title: &str| {
        format!("@report{{src,\n  title = {{{title}}},\n  author = {{Roe, Ann}},\n  year = {{2020}}\n}}\n")
    };
    if !root.join(&brief).exists() {
        let text = brief_text(rng, "Cites", false).replacen("\ndraft:", "\nbibliography: cites.bib\ndraft:", 1)
            + "\nAs shown [@src, p. 4].\n";
        fs::write(root.join(&brief), text).expect("write");
        fs::write(root.join(&bib), entry("First title")).expect("write");
        return (String::from("add a brief citing a .bib"), vec![brief, bib]);
    }
    fs::write(root.join(&bib), entry(&format!("Edited title {}", rng.u32(..)))).expect("write");
    (String::from("edit the .bib"), vec![bib])
}

/// A brief and a page in subfolders: made the first time, then edited, moved to another
/// folder or removed.
fn nested(rng: &mut fastrand::Rng, root: &Path) -> (String, Vec<PathBuf>) {
    let brief = PathBuf::from("content/briefs/2025/deep/nested.md");
    let moved = PathBuf::from("content/briefs/2024/nested.md");
    let page = PathBuf::from("content/pages/programmes/climate.md");
    let (from, to) = if root.join(&brief).exists() { (&brief, &moved) } else { (&moved, &brief) };
    if !root.join(from).exists() {
        fs::create_dir_all(root.join("content/briefs/2025/deep")).expect("mkdir");
        fs::create_dir_all(root.join("content/pages/programmes")).expect("mkdir");
        let text = brief_text(rng, "Nested", false)
            + "\nSee [the programme](@/pages/programmes/climate.md) and [this](@/briefs/2025/deep/nested.md).\n";
        fs::write(root.join(&brief), text).expect("write");
        fs::write(root.join(&page), "---\ntitle: Climate programme\n---\nClimate work.\n").expect("write");
        return (String::from("add a nested brief and page"), vec![brief, page]);
    }
    match rng.usize(0..4) {
        3 if from == &brief => {
            // The folder replaced whole by an edited copy: only the folders are reported.
            let copy = root.join("content/swap/deep");
            fs::create_dir_all(&copy).expect("mkdir");
            let text = fs::read_to_string(root.join(from)).expect("read");
            fs::write(copy.join("nested.md"), text.replacen("## Heading\n\n", "## Heading\n\nSwapped in.\n\n", 1))
                .expect("write");
            fs::remove_dir_all(root.join("content/briefs/2025")).expect("remove");
            fs::rename(root.join("content/swap"), root.join("content/briefs/2025")).expect("rename");
            (
                String::from("replace the nested brief's folder"),
                vec!["content/briefs/2025".into(), "content/swap".into()],
            )
        }
        0 | 3 => {
            edit(&root.join(from), "## Heading\n\n", &format!("## Heading\n\nNested edit {}.\n\n", rng.u32(..)));
            edit(&root.join(&page), "Climate work", &format!("Climate work {}", rng.u32(..)));
            (String::from("edit the nested brief and page"), vec![from.clone(), page])
        }
        1 => {
            fs::create_dir_all(root.join(to).parent().expect("parent")).expect("mkdir");
            // A link to the old place would break: the moved brief links to itself by name.
            let text = fs::read_to_string(root.join(from)).expect("read");
            let (old, new) =
                (from.strip_prefix("content/").expect("content"), to.strip_prefix("content/").expect("content"));
            let text = text.replace(&format!("@/{}", old.display()), &format!("@/{}", new.display()));
            fs::write(root.join(to), text).expect("write");
            fs::remove_file(root.join(from)).expect("remove");
            (String::from("move the nested brief to another folder"), vec![from.clone(), to.clone()])
        }
        _ => {
            fs::remove_file(root.join(from)).expect("remove");
            fs::remove_file(root.join(&page)).expect("remove");
            (String::from("remove the nested brief and page"), vec![from.clone(), page])
        }
    }
}

/// A page bundle with a figure: made the first time, then its image replaced by one of
/// another size and colour.
fn bundle(rng: &mut fastrand::Rng, root: &Path) -> (String, Vec<PathBuf>) {
    let index = PathBuf::from("content/briefs/2025/reservoirs/index.md");
    let chart = PathBuf::from("content/briefs/2025/reservoirs/chart.png");
    let (w, h) = (rng.u32(500..1200), rng.u32(100..400));
    let shade = rng.u8(..);
    let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([shade, (x % 256) as u8, 90]));
    fs::create_dir_all(root.join("content/briefs/2025/reservoirs")).expect("mkdir");
    img.save(root.join(&chart)).expect("save");
    if root.join(&index).exists() {
        return (format!("replace the bundle's image by a {w}×{h} one"), vec![chart]);
    }
    let text = brief_text(rng, "Reservoirs", false)
        + "
![Reservoir levels](chart.png \"Levels by region\")
";
    fs::write(root.join(&index), text).expect("write");
    (String::from("add a page bundle with a figure"), vec![index, chart])
}

/// Breaks the `date:` line of a generated brief.
fn break_front_matter(rng: &mut fastrand::Rng, root: &Path, generated: &[String]) -> (String, Vec<PathBuf>) {
    let name = generated[rng.usize(..generated.len())].clone();
    edit(&root.join("content/briefs").join(&name), "date: ", "date: [broken ");
    (format!("break the front-matter of {name}"), vec![PathBuf::from("content/briefs").join(name)])
}

#[test]
fn can_rebuild_incrementally_with_the_bytes_of_a_full_build() {
    let seed: u64 = std::env::var("CHANCERY_DIFF_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let mut rng = fastrand::Rng::with_seed(seed);
    let site = SiteTest::fixture("basic");
    let root = site.root().to_path_buf();
    let mut generated = Vec::new();
    let mut next = 0;
    for _ in 0..12 {
        change(&mut rng, &root, &mut generated, &mut next, true);
    }
    let early = std::sync::Arc::new(std::sync::Mutex::new(None::<FirstOutputs>));
    let told = std::sync::Arc::clone(&early);
    let mut session = Session::new(BuildOptions::new(&root)).on_first(move |first| {
        *told.lock().expect("lock") = Some(first);
    });
    session.rebuild(&[]).expect("first build");
    assert!(early.lock().expect("lock").take().is_none(), "a first build makes everything at once");
    assert_same(&session, &full_build(&root).expect("full build"), "first build");
    let mut failures = 0;
    let mut firsts = 0;
    // 60 random steps, then each of the rarer changes once, so every sequence has them
    // (the nested brief and page five times: made, then changed; change notes twice; the
    // `.bib` twice: a citing brief added, then its bibliography edited; the bundle three times).
    for step in 0..82 {
        // Every sequence goes through a failed rebuild at least once.
        let (what, paths) = if step == 20 {
            break_front_matter(&mut rng, &root, &generated)
        } else if step >= 60 {
            let k = match step {
                60..70 => step - 60,
                70..75 => 10,
                75..77 => 11,
                77..79 => 12,
                _ => 13,
            };
            special(&mut rng, &root, &mut generated, k)
        } else {
            change(&mut rng, &root, &mut generated, &mut next, false)
        };
        let label = format!("seed {seed}, step {step} ({what})");
        early.lock().expect("lock").take();
        let incremental = session.rebuild(&paths);
        match (full_build(&root), incremental) {
            (Ok(full), Ok(update)) => {
                assert_same(&session, &full, &label);
                if let Some(first) = early.lock().expect("lock").take() {
                    assert_first_same(&first, &full, &label);
                    assert!(first.later.iter().all(|p| update.changed.contains(p)), "{label}: later but not made");
                    firsts += 1;
                }
                assert!(update.changed.iter().all(|p| full.contains_key(p)), "{label}: changed names a gone file");
            }
            (Err(a), Err(b)) => {
                assert_eq!(a, b.to_string(), "{label}: the two builds fail differently");
                failures += 1;
                // Mend what broke: the date line of the brief, or the deleted seed.
                for path in &paths {
                    let full = root.join(path);
                    if full.exists() {
                        edit(&full, "date: [broken ", "date: ");
                    } else if path == Path::new("seeds/sample.txt") {
                        fs::copy(crate::harness::repo_root().join("tests/fixtures/basic/seeds/sample.txt"), &full)
                            .expect("restore the seed");
                    }
                }
                session.rebuild(&paths).expect("mended");
                assert_same(&session, &full_build(&root).expect("full build"), &format!("{label}, mended"));
            }
            (full, incremental) => {
                panic!("{label}: full build ok = {}, incremental ok = {}", full.is_ok(), incremental.is_ok())
            }
        }
    }
    assert!(failures > 0, "the sequence never went through a failed rebuild");
    assert!(firsts > 10, "only {firsts} rebuilds made some outputs first");
}

#[test]
fn can_rebuild_only_what_a_body_edit_touches() {
    let site = SiteTest::fixture("basic");
    let root = site.root().to_path_buf();
    let mut session = Session::new(BuildOptions::new(&root));
    let first = session.rebuild(&[]).expect("first build");
    assert!(first.changed.len() > 30, "the first build makes everything: {}", first.changed.len());
    let delta = root.join("content/briefs/delta.md");
    // Same word count, new word: the brief page, its feeds and the search index change; the
    // lists, the timeline and other briefs do not.
    edit(&delta, "Delta body.", "Delta text.");
    let update = session.rebuild(&[PathBuf::from("content/briefs/delta.md")]).expect("rebuild");
    assert!(update.changed.contains(&"briefs/delta-custom/index.html".to_owned()), "{:?}", update.changed);
    // The search index: the shards of the two words and the brief's record fragment, no more.
    let search: Vec<&String> = update.changed.iter().filter(|p| p.starts_with("search/data/")).collect();
    assert!(search.iter().any(|p| p.starts_with("search/data/s/")), "{search:?}");
    assert!(search.iter().any(|p| p.starts_with("search/data/r/")), "{search:?}");
    assert!(search.len() <= 3 && !search.iter().any(|p| p.ends_with("boot.json")), "{search:?}");
    for unchanged in ["timeline/index.html", "briefs/alpha/index.html", "about/index.html", "style.css"] {
        assert!(!update.changed.contains(&unchanged.to_owned()), "{unchanged} was made again: {:?}", update.changed);
    }
    assert!(update.removed.is_empty());
    assert_same(&session, &full_build(&root).expect("full build"), "body edit");
}

#[test]
fn can_add_and_delete_a_brief_without_making_unrelated_pages_again() {
    let brief = |title: &str, topic: &str, body: &str| {
        format!("---\ntitle: {title}\ndate: 2020-06-01\nsummary: About {title}.\ntopics: [{topic}]\n---\n{body}\n")
    };
    let site = SiteTest::fixture("basic")
        .write("content/briefs/linker.md", brief("Linker", "Elsewhere", "See [alpha](@/briefs/alpha.md)."))
        .write("content/briefs/plain.md", brief("Plain", "Elsewhere", "No links here."));
    let root = site.root().to_path_buf();
    let mut session = Session::new(BuildOptions::new(&root));
    session.rebuild(&[]).expect("first build");
    let newcomer = root.join("content/briefs/newcomer.md");
    let changes = [PathBuf::from("content/briefs/newcomer.md")];
    fs::write(&newcomer, brief("Newcomer", "Fresh", "A new brief.")).expect("write");
    let added = session.rebuild(&changes).expect("add");
    fs::remove_file(&newcomer).expect("delete");
    let deleted = session.rebuild(&changes).expect("delete");
    for (step, update) in [("added", &added.changed), ("deleted", &deleted.changed)] {
        // A brief with a link to another brief, the page and the feed of a term the new
        // brief is not filed under: none shows the new brief.
        for unrelated in ["briefs/linker/index.html", "topics/elsewhere/index.html", "topics/elsewhere/atom.xml"] {
            assert!(!update.contains(&unrelated.to_owned()), "{step}: {unrelated} was made again: {update:?}");
        }
        assert!(update.iter().any(|p| p.starts_with("briefs/page/")), "{step}: the list shows it: {update:?}");
    }
    assert!(added.changed.contains(&"topics/fresh/index.html".to_owned()), "{:?}", added.changed);
    assert!(deleted.removed.contains(&"briefs/newcomer/index.html".to_owned()), "{:?}", deleted.removed);
    assert_same(&session, &full_build(&root).expect("full build"), "a brief added and deleted");
}

#[test]
fn can_rebuild_after_a_shortcode_template_or_data_file_edit() {
    let site = SiteTest::fixture("basic")
        .write("templates/shortcodes/stat.html", "<strong class=\"stat\">{{ value }}</strong>")
        .write("content/briefs/data/t.csv", "a,b\n1,2\n")
        .write(
            "content/briefs/codes.md",
            "---\ntitle: Codes\ndate: 2024-01-02\nsummary: S.\n---\nIt is {{ stat(value=\"42\") }}.\n\n\
             {{ data_table(path=\"data/t.csv\") }}\n",
        );
    let root = site.root().to_path_buf();
    let mut session = Session::new(BuildOptions::new(&root));
    session.rebuild(&[]).expect("first build");
    let page = "briefs/codes/index.html";
    let steps: [(&str, &str, &str, &str); 2] = [
        ("templates/shortcodes/stat.html", "class=\"stat\"", "class=\"figure-stat\"", "class=\"figure-stat\""),
        ("content/briefs/data/t.csv", "1,2", "1,2\n3,4", "<td>4</td>"),
    ];
    for (file, from, to, shows) in steps {
        edit(&root.join(file), from, to);
        let update = session.rebuild(&[PathBuf::from(file)]).expect("rebuild");
        assert!(update.changed.contains(&page.to_owned()), "{file}: {:?}", update.changed);
        let html = String::from_utf8_lossy(&session.files()[page]).into_owned();
        assert!(html.contains(shows), "{file}: {html}");
        assert_same(&session, &full_build(&root).expect("full build"), file);
    }
}

#[test]
fn can_rebuild_the_citing_briefs_when_their_bibliography_changes() {
    let site = SiteTest::fixture("references");
    let root = site.root().to_path_buf();
    let mut session = Session::new(BuildOptions::new(&root));
    session.rebuild(&[]).expect("first build");
    edit(&root.join("bib/sources.yaml"), "Rent Control and Supply", "Rent Control and New Supply");
    let update = session.rebuild(&[PathBuf::from("bib/sources.yaml")]).expect("rebuild");
    for made in ["briefs/site-wide/index.html", "briefs/site-wide/site-wide.json"] {
        assert!(update.changed.contains(&made.to_owned()), "{made} not made again: {:?}", update.changed);
    }
    assert!(!update.changed.contains(&"briefs/own-bib/index.html".to_owned()), "{:?}", update.changed);
    let page = String::from_utf8(session.files()["briefs/site-wide/index.html"].to_vec()).expect("utf-8");
    assert!(page.contains("Rent Control and New Supply"), "the new title is shown");
    assert_same(&session, &full_build(&root).expect("full build"), "bibliography edit");
    // Without a change list the stamp tells.
    edit(&root.join("content/briefs/energy.bib"), "World Energy Outlook 2022", "World Energy Outlook 2022, revised");
    let update = session.rebuild(&[]).expect("rebuild");
    assert!(update.changed.contains(&"briefs/own-bib/index.html".to_owned()), "{:?}", update.changed);
    assert_same(&session, &full_build(&root).expect("full build"), "bibliography edit, no change list");
}

#[test]
fn can_make_first_what_shows_a_redated_brief_and_later_the_pages_it_only_shifted() {
    let brief = |n: usize, date: &str| {
        format!("---\ntitle: Filler {n}\ndate: {date}\nsummary: Filler {n}.\ntopics: [Filler]\n---\nBody {n}.\n")
    };
    let mut site = SiteTest::fixture("basic");
    for n in 0..12 {
        site = site.write(&format!("content/briefs/filler-{n:02}.md"), brief(n, &format!("2021-03-{:02}", n + 1)));
    }
    let root = site.root().to_path_buf();
    let early = std::sync::Arc::new(std::sync::Mutex::new(None::<FirstOutputs>));
    let told = std::sync::Arc::clone(&early);
    let mut session = Session::new(BuildOptions::new(&root)).on_first(move |first| {
        *told.lock().expect("lock") = Some(first);
    });
    session.rebuild(&[]).expect("first build");
    // The oldest filler, redated to the newest day: it heads every list, and every page of
    // `/briefs/` between its old place and the top shifts by one.
    let path = PathBuf::from("content/briefs/filler-00.md");
    fs::write(root.join(&path), brief(0, "2024-01-01")).expect("write");
    let update = session.rebuild(&[path]).expect("rebuild");
    let first = early.lock().expect("lock").take().expect("some outputs come later");
    for now in ["briefs/filler-00/index.html", "briefs/index.html", "index.html", "summaries/index.html"] {
        assert!(update.changed.contains(&now.to_owned()) && !first.later.contains(now), "{now} comes first: {first:?}");
    }
    for shifted in ["briefs/page/3/index.html", "briefs/page/4/index.html", "sitemap.xml"] {
        assert!(first.later.contains(shifted), "{shifted} comes later: {:?}", first.later);
    }
    // Its old page lists it no more: that page comes first too (its dates span the old date).
    let old_page = (2..=10)
        .map(|n| format!("briefs/page/{n}/index.html"))
        .find(|p| update.changed.contains(p) && !first.later.contains(p) && p != "briefs/page/2/index.html");
    assert!(old_page.is_some(), "the page it left comes first: later {:?}", first.later);
    assert_same(&session, &full_build(&root).expect("full build"), "redated");
}

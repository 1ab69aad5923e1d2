//! The PDF of every brief, read back with Debian's poppler-utils (`pdftotext`, `pdfinfo`,
//! `pdffonts`): the text of every paragraph is in it, it is tagged with its title and
//! fonts embedded, two builds give the same bytes, template and brief errors are located,
//! and `pdf: { enabled: false }` leaves PDFs and their links out.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

use crate::harness::{SiteTest, collapse};

/// The output of poppler's `tool` on `pdf` (the tool must be installed: `.ci/run` does).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let out = command.output().unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool} failed on {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of `pdf`, whitespace collapsed and hyphens dropped (pdftotext joins a word
/// broken at a hyphen at the end of a line without it).
fn pdf_text(pdf: &Path) -> String {
    unhyphenated(&collapse(&poppler("pdftotext", &["-enc", "UTF-8"], pdf)))
}

fn unhyphenated(text: &str) -> String {
    text.replace('-', "")
}

fn info(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) must be installed");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every `.pdf` under `public/`, sorted.
fn pdfs(run: &crate::harness::Run) -> Vec<String> {
    run.snapshot().into_iter().map(|(p, _)| p).filter(|p| p.ends_with(".pdf")).collect()
}

#[test]
fn can_put_every_paragraph_of_the_seed_briefs_into_their_pdfs() {
    let run = SiteTest::repo().build().success();
    let briefs: Vec<String> = run
        .snapshot()
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("briefs/") && p.ends_with("/index.html") && p.matches('/').count() == 2)
        .collect();
    assert!(briefs.len() >= 2, "{briefs:?}");
    for page in &briefs {
        let slug = page.trim_start_matches("briefs/").trim_end_matches("/index.html");
        let pdf = run.root.join(format!("public/briefs/{slug}/{slug}.pdf"));
        let text = pdf_text(&pdf);
        let title = run.texts(page, "h1").remove(0);
        // The body's text without the page furniture (running header, footer) that
        // pdftotext puts between the lines of a paragraph across a page break.
        let raw = poppler("pdftotext", &["-enc", "UTF-8"], &pdf);
        let body: Vec<&str> = raw
            .lines()
            .map(|l| l.trim_start_matches('\u{c}').trim())
            .filter(|l| *l != format!("https://example.org/briefs/{slug}/") && *l != "Chancery Briefs" && *l != title)
            .filter(|l| !(l.starts_with("Page ") && l.contains(" of ")))
            .collect();
        let body = unhyphenated(&collapse(&body.join("\n")));
        let paragraphs = run.texts(page, ".brief-body p");
        assert!(paragraphs.len() > 5, "{page}: {paragraphs:?}");
        for p in paragraphs.iter().filter(|p| !p.is_empty()).map(|p| unhyphenated(p)) {
            assert!(body.contains(p.as_str()), "{slug}.pdf lacks the paragraph {p:?}\n\nPDF text: {body}");
        }
        let info = info(&pdf);
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.lines().any(|l| l.starts_with("Title:") && l.ends_with(title.as_str())), "{title}: {info}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("a page count");
        assert!((1..20).contains(&pages), "{info}");
        assert!(text.contains(&format!("Page 1 of {pages}")), "page numbers: {text}");
        // Every font embedded (pdffonts' "emb" column).
        let fonts = poppler("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "a font not embedded in {slug}.pdf: {row}");
        }
        // The page links to it, with its size, and names it for Scholar.
        let html = run.file(page);
        let size = std::fs::metadata(&pdf).expect("pdf").len();
        assert!(html.contains(&format!("href=\"/briefs/{slug}/{slug}.pdf\"")), "{page} has no link to its PDF");
        assert!(html.contains(&format!("({} kB)", size.div_ceil(1000))), "{page} does not show the size {size}");
        assert!(
            html.contains(&format!(
                "<meta name=\"citation_pdf_url\" content=\"https://example.org/briefs/{slug}/{slug}.pdf\">"
            )),
            "{page}"
        );
        assert!(html.contains("\"encoding\":{\"@type\":\"MediaObject\""), "{page}: no JSON-LD encoding");
    }
}

#[test]
fn can_make_the_same_pdf_bytes_twice_and_from_the_cache() {
    let first = SiteTest::fixture("basic").build().success();
    let second = SiteTest::fixture("basic").build().success();
    let made = pdfs(&first);
    assert!(!made.is_empty());
    let bytes = |run: &crate::harness::Run| -> Vec<(String, Vec<u8>)> {
        run.snapshot().into_iter().filter(|(p, _)| p.ends_with(".pdf")).collect()
    };
    assert!(bytes(&first) == bytes(&second), "two builds gave different PDFs");
    // A rebuild finds them in the cache: the same bytes again, and the cache holds them.
    let cache = first.root.join(".chancery-cache/pdf");
    let kept = std::fs::read_dir(&cache).expect("the PDF cache").count();
    assert_eq!(kept, made.len());
    let again = first.site().build().success();
    assert!(bytes(&again) == bytes(&first), "a rebuild from the cache gave different PDFs");
}

/// An SVG filled with `colour` (six hex digits, so that a new colour is an edit in place
/// that keeps the file's size), with a size the loader reads, or none.
pub fn svg(colour: &str, sized: bool) -> String {
    let size = if sized { " width=\"40\" height=\"20\"" } else { "" };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{size}><rect width=\"40\" height=\"20\" fill=\"#{colour}\"/></svg>\n"
    )
}

/// The basic fixture with the brief `alpha` showing two images of the site's static files:
/// a figure the loader knows the size of, and an SVG without one inline.
pub fn site_with_images() -> SiteTest {
    let site = SiteTest::fixture("basic")
        .write("static/figures/sized.svg", svg("aa0000", true))
        .write("static/figures/unsized.svg", svg("aa0000", false));
    let alpha = site.root().join("content/briefs/alpha.md");
    let text = std::fs::read_to_string(&alpha).expect("alpha.md");
    let text = format!("{text}\n![A red bar](/figures/sized.svg)\n\nAn inline ![box](/figures/unsized.svg) too.\n");
    site.write("content/briefs/alpha.md", text)
}

/// The bytes of every PDF the cache folder holds, sorted.
fn cached(run: &crate::harness::Run) -> Vec<Vec<u8>> {
    let dir = run.root.join(".chancery-cache/pdf");
    let mut files: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("the PDF cache")
        .map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
        .collect();
    files.sort();
    files
}

#[test]
fn can_make_a_new_pdf_when_any_input_changes_and_keep_only_the_pdfs_in_use() {
    use std::os::unix::fs::MetadataExt;
    let site = site_with_images();
    let alpha = |run: &crate::harness::Run| run.bytes("briefs/alpha/alpha.pdf");
    let beta = |run: &crate::harness::Run| run.bytes("briefs/beta/beta.pdf");
    let inode = |run: &crate::harness::Run| {
        std::fs::metadata(run.root.join("public/briefs/alpha/alpha.pdf")).expect("alpha.pdf").ino()
    };
    // The cache holds the PDFs of the output and nothing else.
    let holds_the_output = |run: &crate::harness::Run| {
        let mut out: Vec<Vec<u8>> =
            run.snapshot().into_iter().filter(|(p, _)| p.ends_with(".pdf")).map(|(_, b)| b).collect();
        out.sort();
        assert_eq!(cached(run), out, "the cache does not hold exactly the output's PDFs");
    };
    let first = site.build().success();
    holds_the_output(&first);
    let (mut seen, beta_pdf, first_inode) = (vec![alpha(&first)], beta(&first), inode(&first));
    // Unchanged: the same PDF, the output's file kept as it was (not written again).
    let again = first.site().build().success();
    assert!(alpha(&again) == seen[0], "an unchanged rebuild changed the PDF");
    assert_eq!(inode(&again), first_inode, "an unchanged PDF was written again");
    let edit = |rel: &str, from: &str, to: &str| {
        let path = again.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&path, text.replace(from, to)).expect("edit");
    };
    let mut step = |what: &str, beta_too: bool| {
        let run = again.site().build().success();
        let pdf = alpha(&run);
        assert!(!seen.contains(&pdf), "{what}: the PDF was not made again");
        seen.push(pdf);
        assert_eq!(beta(&run) != beta_pdf, beta_too, "{what}: beta's PDF");
        holds_the_output(&run);
    };
    edit("content/briefs/alpha.md", "Intro paragraph", "Opening paragraph");
    step("the brief edited", false);
    edit("static/figures/sized.svg", "aa0000", "0000aa");
    step("the figure edited in place", false);
    edit("static/figures/unsized.svg", "aa0000", "0000aa");
    step("the image without a size edited in place", false);
    let config = std::fs::read_to_string(again.root.join("site.yaml")).expect("site.yaml");
    again.site().write("site.yaml", format!("{config}pdf: {{ paper: us-letter }}\n"));
    step("the paper", true);
    again.site().write("templates/pdf/brief.typ", "#import \"data.typ\": brief, body\nOwn template\n\n#body\n");
    step("the site's own template", true);
    edit("templates/pdf/brief.typ", "Own template", "Own layout");
    step("the template edited", true);
}

#[test]
fn can_style_the_pdf_link_in_both_themes_and_leave_it_out_of_print() {
    for css in ["themes/default/static/style.css", "themes/briefing-room/static/style.css"] {
        let text = std::fs::read_to_string(crate::harness::repo_root().join(css)).expect("css");
        for class in [".pdf-link {", ".pdf-link .pdf-size {"] {
            assert!(text.contains(class), "{css} does not style {class}");
        }
        let print = text.split("@media print").nth(1).expect("a print style");
        assert!(print.contains(".pdf-link,"), "{css} prints the PDF link");
    }
}

#[test]
fn reports_a_pdf_template_error_at_its_line() {
    let template = "#import \"data.typ\": brief, body\n#set page(paper: brief.paper)\n#let x = (1 +)\n#body\n";
    let run = SiteTest::fixture("basic").write("templates/pdf/brief.typ", template).build().failure();
    let err = run.stderr();
    assert!(err.contains("templates/pdf/brief.typ:3:"), "{err}");
    assert!(err.contains("PDF template error"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn can_use_the_sites_own_pdf_template() {
    let template =
        "#import \"data.typ\": brief, body\n#set document(title: brief.title)\nOwn template: #brief.title\n\n#body\n";
    let run = SiteTest::fixture("basic").write("templates/pdf/brief.typ", template).build().success();
    let pdf = run.root.join("public").join(&pdfs(&run)[0]);
    assert!(pdf_text(&pdf).contains("Own template:"), "{}", pdf_text(&pdf));
}

#[test]
fn can_turn_pdfs_off_in_site_yaml() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let run = site.write("site.yaml", format!("{config}pdf: {{ enabled: false }}\n")).build().success();
    assert!(pdfs(&run).is_empty(), "{:?}", pdfs(&run));
    for (path, bytes) in run.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Download PDF") && !text.contains("citation_pdf_url"), "{path} still links a PDF");
    }
}

#[test]
fn errors_on_an_unknown_paper_at_its_line() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let lines = config.lines().count();
    site.write("site.yaml", format!("{config}pdf:\n  paper: a5\n"))
        .build()
        .failure()
        .stderr_has(&format!("site.yaml:{}:", lines + 2))
        .stderr_has("a5");
}

#[test]
fn can_make_pdf_ua_1_and_us_letter() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let run =
        site.write("site.yaml", format!("{config}pdf: {{ paper: us-letter, standard: ua-1 }}\n")).build().success();
    let pdf = run.root.join("public").join(&pdfs(&run)[0]);
    let info = info(&pdf);
    assert!(info.contains("612 x 792 pts"), "not US Letter: {info}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(String::from_utf8_lossy(&bytes).contains("pdfuaid"), "no PDF/UA identification");
}

/// Text with every character Typst gives a meaning, and letters the fonts have.
fn hostile_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::char::range('a', 'z'),
            2 => Just(' '),
            4 => proptest::sample::select(r##"#$*_@<>`\[]=-+/~'":.,;!?(){}%&|^"##.chars().collect::<Vec<_>>()),
            1 => proptest::sample::select("éàüßœ€§".chars().collect::<Vec<_>>()),
        ],
        1..60,
    )
    .prop_map(|c| c.into_iter().collect())
}

proptest! {
    // A fixed seed, so that CI runs the same cases every time.
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(2026),
        ..ProptestConfig::default()
    })]

    /// Any text of a paragraph reaches the PDF's text as written (the markdown escapes
    /// only keep markdown from reading it; what pulldown-cmark reads from it is expected).
    #[test]
    fn can_set_any_text_literally(text in hostile_text()) {
        // Markdown's own punctuation escaped, so the paragraph's text is the text.
        let markdown: String = text.chars().flat_map(|c| {
            if c.is_ascii_punctuation() { vec!['\\', c] } else { vec![c] }
        }).collect();
        let expected: String = pulldown_cmark::Parser::new_ext(&markdown, chancery::render::markdown::options())
            .filter_map(|e| match e {
                pulldown_cmark::Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        let job = chancery::pdf::Job {
            template: "#import \"data.typ\": body\n#set document(title: \"t\")\n#set text(hyphenate: false)\n#body\n".into(),
            template_path: "brief.typ".into(),
            data: format!("#let body = [\n{}\n]\n", chancery::pdf::markup::body(&markdown)),
            files: Default::default(),
            date: (2024, 1, 31),
            ident: "t".into(),
            brief: "t.md".into(),
            config: chancery::config::PdfConfig::default(),
        };
        let bytes = chancery::pdf::typeset(&job).expect("typeset");
        let dir = tempfile::tempdir().expect("tempdir");
        let pdf = dir.path().join("t.pdf");
        std::fs::write(&pdf, bytes).expect("write");
        // In reading order as the PDF has it: `pdftotext`'s default layout takes the spaces
        // of a line of one-letter words (`a b c`, `# #`) for letter spacing and drops them.
        let got = unhyphenated(&collapse(&poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf)));
        prop_assert_eq!(got, unhyphenated(&collapse(&expected)));
    }
}

//! Themes by name and the files around them: a site without a themes folder builds with
//! each built-in theme; one file of the site's replaces one file of the theme; `init`
//! names a theme or ejects a copy; a misspelt theme is an error at its line with a
//! did-you-mean; static files at a generated file's path win with a note or are errors;
//! `new page`, `schema page`, `@/static/` links and counts in the singular.

use std::fs;
use std::process::Command;

use crate::harness::{SiteTest, repo_root, sel};

const THEMES: [(&str, &str); 2] = [("default", "nav.site-nav"), ("briefing-room", "nav.topnav")];

fn with_theme(theme: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    let text = fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", text.replace("theme: default", &format!("theme: {theme}")))
}

fn chancery(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(args)
        .current_dir(dir)
        .env("CHANCERY_LOG", "info")
        .env("NO_COLOR", "1")
        .output()
        .expect("run chancery")
}

#[test]
fn can_build_a_site_without_a_themes_folder_with_each_built_in_theme() {
    for (theme, nav) in THEMES {
        let site = with_theme(theme);
        assert!(!site.root().join("themes").exists());
        let run = site.build().success();
        let style = fs::read(repo_root().join("themes").join(theme).join("static/style.css")).expect("style");
        assert_eq!(fs::read(run.root.join("public/style.css")).expect("built style"), style, "{theme}");
        let brief = run.html("briefs/alpha/index.html");
        assert_eq!(brief.select(&sel(nav)).count(), 1, "{theme}: no {nav}");
        assert!(run.exists("favicon.svg") && run.exists("404.html"), "{theme}");
    }
}

#[test]
fn can_replace_one_template_of_a_built_in_theme_and_keep_the_rest() {
    let plain = SiteTest::fixture("basic").build().success();
    let page =
        "{% extends \"base.html\" %}{% block main %}<p id=\"mine\">Mine: {{ page.title }}</p>{% endblock main %}";
    let site = SiteTest::fixture("basic").write("themes/default/templates/page.html", page);
    let run = site.build().success();
    assert_eq!(run.texts("about/index.html", "#mine"), vec!["Mine: About the fixture"]);
    // Every other output is the built-in theme's (the manifest lists the new page's hash).
    let (before, after) = (plain.snapshot(), run.snapshot());
    assert_eq!(before.len(), after.len());
    let changed: Vec<String> = before
        .into_iter()
        .zip(after)
        .filter(|(a, b)| a != b && a.0 != ".chancery-manifest")
        .map(|(a, _)| a.0)
        .collect();
    assert_eq!(changed, vec!["about/index.html"]);
    // The site's templates/ wins over its themes/default/templates/.
    let site = site.write("templates/page.html", page.replace("Mine", "Top"));
    assert_eq!(site.build().success().texts("about/index.html", "#mine"), vec!["Top: About the fixture"]);
}

#[test]
fn can_init_a_site_by_theme_name_without_copying_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = chancery(dir.path(), &["init", "mine", "--theme", "briefing-room"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let root = dir.path().join("mine");
    assert!(!root.join("themes").exists(), "init copied the theme");
    let yaml = fs::read_to_string(root.join("site.yaml")).expect("site.yaml");
    assert!(yaml.contains("\ntheme: briefing-room\n"), "{yaml}");
    let ignored = fs::read_to_string(root.join(".gitignore")).expect(".gitignore");
    assert!(ignored.lines().any(|l| l == "/.chancery-cache/"), "the image cache is not ignored: {ignored}");
    let build = chancery(&root, &["build"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success() && stderr.contains("built 1 brief: "), "{stderr}");
    let home = fs::read_to_string(root.join("public/index.html")).expect("home");
    assert!(home.contains("class=\"topnav\""), "not briefing-room");
}

#[test]
fn can_eject_the_theme_into_the_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = chancery(dir.path(), &["init", "mine", "--eject-theme"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let root = dir.path().join("mine");
    for file in ["templates/brief.html", "templates/base.html", "static/style.css"] {
        let ejected = fs::read(root.join("themes/default").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(ejected, fs::read(repo_root().join("themes/default").join(file)).expect("repo"), "{file}");
    }
    // The copy is what the site builds from.
    fs::write(root.join("themes/default/static/style.css"), "body { color: red }\n").expect("write");
    assert!(chancery(&root, &["build"]).status.success());
    assert_eq!(fs::read_to_string(root.join("public/style.css")).expect("style"), "body { color: red }\n");
}

#[test]
fn errors_on_a_misspelt_theme_with_did_you_mean() {
    let run = with_theme("defualt").build().failure();
    let stderr = run.stderr();
    assert!(stderr.contains("site.yaml:6:8: error: unknown theme `defualt`"), "{stderr}");
    assert!(stderr.contains("hint: did you mean `default`?"), "{stderr}");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = chancery(dir.path(), &["init", "mine", "--theme", "briefing-rom"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `briefing-room`?"));
    assert!(!dir.path().join("mine").exists(), "init wrote a site for an unknown theme");
}

#[test]
fn can_use_a_theme_of_the_site_own_by_folder_name() {
    let site = with_theme("house");
    let site = ["base.html", "brief.html", "briefs.html", "index.html", "page.html", "search.html"]
        .iter()
        .chain(&["summaries.html", "taxonomy.html", "term.html", "timeline.html", "updates.html", "404.html"])
        .fold(site, |site, name| {
            let text = fs::read(repo_root().join("themes/default/templates").join(name)).expect("template");
            site.write(&format!("themes/house/templates/{name}"), text)
        });
    let site = copy_partials(site).write("themes/house/static/house.css", "p {}\n");
    let run = site.build().success();
    assert!(run.exists("house.css") && !run.exists("style.css"));
}

#[test]
fn can_build_with_a_theme_of_the_site_older_than_change_notes() {
    // A theme of the site's own without `updates.html`: no `/updates/` pages, the feed stays.
    let site = with_theme("house");
    let site = ["base.html", "brief.html", "briefs.html", "index.html", "page.html", "search.html"]
        .iter()
        .chain(&["summaries.html", "taxonomy.html", "term.html", "timeline.html", "404.html"])
        .fold(site, |site, name| {
            let text = fs::read(repo_root().join("themes/default/templates").join(name)).expect("template");
            site.write(&format!("themes/house/templates/{name}"), text)
        });
    let brief = "---\ntitle: Noted\ndate: 2024-01-10\nsummary: S.\nkey_points: [One.]\n\
                 updates:\n  - { date: 2024-02-15, note: Added the February response. }\n---\nBody.\n";
    let run = copy_partials(site)
        .write("content/briefs/noted.md", brief)
        .build()
        .success()
        .stderr_has("themes/house/templates: note: has no updates.html");
    assert!(!run.exists("updates/index.html"), "no /updates/ without its template");
    assert!(run.file("updates.xml").contains("Added the February response."));
    assert!(run.main_text("briefs/noted/index.html").contains("Added the February response."));
}

fn copy_partials(site: SiteTest) -> SiteTest {
    let dir = repo_root().join("themes/default/templates/partials");
    let mut site = site;
    for entry in fs::read_dir(dir).expect("partials") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        site = site.write(&format!("themes/house/templates/partials/{name}"), fs::read(&path).expect("read"));
    }
    site
}

#[test]
fn can_replace_the_generated_robots_txt_with_a_note() {
    let mine = "User-agent: *\nDisallow: /drafts/\n";
    let run = SiteTest::fixture("basic").write("static/robots.txt", mine).build().success();
    assert_eq!(run.file("robots.txt"), mine);
    run.stderr_has("static/robots.txt: note: published as robots.txt in place of the robots.txt Chancery generates");
    let without = SiteTest::fixture("basic").build().success();
    assert!(without.file("robots.txt").contains("Sitemap:"), "generated robots.txt");
    assert!(!without.stderr().contains("note:"), "{}", without.stderr());
}

#[test]
fn errors_on_a_static_file_where_a_page_is_generated() {
    for (rel, dest) in [("static/404.html", "404.html"), ("static/sitemap.xml", "sitemap.xml")] {
        let run = SiteTest::fixture("basic").write(rel, "mine").build().failure();
        run.stderr_has(&format!("{rel}: error: this static file is at {dest}, where Chancery writes a generated file"));
    }
    let run = SiteTest::fixture("basic").write("static/404.html", "mine").run(&["check"]).failure();
    run.stderr_has("static/404.html: error:");
}

#[test]
fn can_create_a_page_that_builds_into_the_nav() {
    let site = SiteTest::fixture("basic");
    site.run(&["new", "page", "How we work"]).success().stderr_has("content/pages/how-we-work.md");
    let text = fs::read_to_string(site.root().join("content/pages/how-we-work.md")).expect("page");
    assert!(text.contains("title: How we work\n") && text.contains("# nav: false"), "{text}");
    let run = site.build().success();
    assert!(run.exists("how-we-work/index.html"));
    assert!(run.texts("index.html", "nav.site-nav a").contains(&"How we work".to_owned()));
    let again = site.run(&["new", "page", "How we work"]).failure();
    again.stderr_has("the file already exists");
}

#[test]
fn can_print_the_page_schema_that_accepts_pages_and_refuses_typos() {
    let out = chancery(&repo_root(), &["schema", "page"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let good: serde_json::Value =
        serde_yaml::from_str("title: About\ndescription: D\nweight: 2\nnav: false\nslug: about-us\n").expect("yaml");
    assert!(validator.is_valid(&good));
    for bad in ["title: About\nwieght: 2\n", "title: About\nnav: maybe\n", "description: no title\n"] {
        let value: serde_json::Value = serde_yaml::from_str(bad).expect("yaml");
        assert!(!validator.is_valid(&value), "accepted {bad:?}");
    }
}

#[test]
fn can_link_to_a_static_file_under_the_base_path() {
    let page =
        "---\ntitle: Files\n---\nThe [report](@/static/files/report.pdf) and the [logo](@/static/favicon.svg).\n";
    let site =
        SiteTest::fixture("basic").write("static/files/report.pdf", "%PDF").write("content/pages/files.md", page);
    let run = site.build().success();
    let hrefs: Vec<String> = run
        .html("files/index.html")
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(hrefs, vec!["/policy/briefs/files/report.pdf", "/policy/briefs/favicon.svg"]);
    let broken = SiteTest::fixture("basic").write("content/pages/files.md", page).build().failure();
    broken.stderr_has("static/files/report.pdf");
}

#[test]
fn can_count_one_brief_in_the_singular() {
    let site = SiteTest::fixture("basic");
    fs::remove_dir_all(site.root().join("content")).expect("remove");
    let brief = "---\ntitle: One\ndate: 2024-01-02\nsummary: The only brief.\nkey_points: [a, b, c]\n---\nBody.\n";
    let site = site.write("content/briefs/one.md", brief);
    site.build().success().stderr_has("built 1 brief: ");
    site.run(&["check"]).success().stderr_has("checked 1 brief: 0 errors, 0 warnings");
}

#[test]
fn can_build_the_same_bytes_from_a_copy_of_the_theme_as_from_the_built_in_one() {
    let built_in = SiteTest::fixture("basic").build().success().snapshot();
    let copied = SiteTest::fixture_with_themes("basic").build().success().snapshot();
    assert_eq!(built_in.len(), copied.len());
    assert!(built_in == copied, "a full copy of the theme changed the output");
}

//! Nothing lost, nothing let in: `site.yaml` values refused where they are parsed (at
//! their line and column), terms with no URL refused at their line, and different terms
//! never merged into one term page.

use crate::harness::SiteTest;

const SITE: &str = "title: T\nbase_url: https://example.org/\n";

fn brief(title: &str, date: &str, topics: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nsummary: About {title}.\ntopics: {topics}\n---\nBody.\n")
}

#[test]
fn errors_on_a_taxonomy_declared_twice_at_the_second_name() {
    let yaml = format!(
        "{SITE}taxonomies:\n  - {{ name: topics, title: Topics, singular: Topic }}\n  - name: topics\n    title: Again\n    singular: Again\n"
    );
    SiteTest::fixture("basic")
        .write("site.yaml", yaml)
        .build()
        .failure()
        .stderr_has("site.yaml:5:11: error: taxonomy `topics` is declared twice: taxonomy 1 has the same name (line 4)")
        .stderr_has("hint: each taxonomy writes its own /<name>/ pages");
}

#[test]
fn errors_on_bad_taxonomy_names_and_theme_in_check() {
    let yaml = format!(
        "{SITE}theme: ../elsewhere\ntaxonomies:\n  - {{ name: summary, title: S, singular: S }}\n  - {{ name: a/b, title: P, singular: P }}\n"
    );
    SiteTest::fixture("basic")
        .write("site.yaml", yaml)
        .run(&["check"])
        .failure()
        .stderr_has("site.yaml:5:13: error: taxonomy name `summary` is a brief front-matter key")
        .stderr_has("site.yaml:6:13: error: taxonomy name `a/b` is not one URL segment")
        .stderr_has("site.yaml:3:8: error: theme `../elsewhere` is a path")
        .stderr_has("3 errors");
}

#[test]
fn errors_on_a_term_with_no_slug_at_its_line() {
    SiteTest::fixture("basic")
        .write("content/briefs/odd.md", brief("Odd", "2023-05-01", "\n  - Testing\n  - \"###\""))
        .build()
        .failure()
        .stderr_has("content/briefs/odd.md:7:5: error: `###` in `topics` has no letter or digit");
}

#[test]
fn can_give_c_c_sharp_and_c_plus_plus_their_own_pages() {
    let run = SiteTest::fixture("basic")
        .write("content/briefs/c.md", brief("On C", "2023-05-01", "[C]"))
        .write("content/briefs/c-sharp.md", brief("On C sharp", "2023-05-02", "[\"C#\"]"))
        .write("content/briefs/c-plus-plus.md", brief("On C plus plus", "2023-05-03", "[C++]"))
        .write("content/briefs/lower-c.md", brief("On c again", "2023-05-04", "[c]"))
        .build()
        .success();
    assert_eq!(run.texts("topics/c/index.html", "main h2 a, main h3 a"), vec!["On c again", "On C"]);
    assert_eq!(run.texts("topics/c-sharp/index.html", "main h2 a, main h3 a"), vec!["On C sharp"]);
    assert_eq!(run.texts("topics/c-plus-plus/index.html", "main h2 a, main h3 a"), vec!["On C plus plus"]);
    assert!(run.file("briefs/c-sharp/index.html").contains("href=\"/policy/briefs/topics/c-sharp/\""));
}

#[test]
fn errors_on_different_terms_with_one_slug_naming_both_files() {
    SiteTest::fixture("basic")
        .write("content/briefs/first.md", brief("First", "2023-05-02", "[Energy]"))
        .write("content/briefs/second.md", brief("Second", "2023-05-01", "[\"Energy!\"]"))
        .build()
        .failure()
        .stderr_has("content/briefs/second.md:5:1: error: topic `Energy!` and topic `Energy` (")
        .stderr_has("content/briefs/first.md) are different names with one URL, /topics/energy/")
        .stderr_has("1 error");
}

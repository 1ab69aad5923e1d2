//! Callouts: GitHub's five alert kinds and a kind the site declares become labelled
//! `<aside role="note">` boxes in both themes; an unknown kind is an error at its file,
//! line and column with the closest kind; a bad kind in `site.yaml` an error at its line.

use crate::harness::{SiteTest, sel};

const HEAD: &str = "---\ntitle: Boxes\ndate: 2024-01-02\nsummary: S.\nkey_points: [One.]\n---\n";

fn site(body: &str) -> SiteTest {
    let site = SiteTest::fixture("basic").write("content/briefs/boxes.md", format!("{HEAD}{body}"));
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", format!("{config}callouts:\n  recommendation: Recommendation\n  finding: Key finding\n"))
}

#[test]
fn can_box_the_five_alerts_and_a_site_kind_with_visible_labels() {
    let mut body = String::new();
    for kind in ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "recommendation"] {
        body.push_str(&format!("> [!{kind}]\n> Text of {kind}.\n\n"));
    }
    body.push_str("> [!FINDING]\n\n> A plain quote.\n");
    for theme in ["default", "briefing-room"] {
        let site = site(&body);
        let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
        let site = site.write("site.yaml", config.replace("theme: default", &format!("theme: {theme}")));
        let run = site.build().success();
        let doc = run.html("briefs/boxes/index.html");
        let boxes: Vec<_> = doc.select(&sel("main aside.callout[role=note]")).collect();
        let labels: Vec<String> = boxes
            .iter()
            .map(|b| b.select(&sel(".callout-label")).map(|l| l.text().collect::<String>()).collect())
            .collect();
        assert_eq!(
            labels,
            ["Note", "Tip", "Important", "Warning", "Caution", "Recommendation", "Key finding"],
            "{theme}"
        );
        let classes: Vec<&str> = boxes.iter().filter_map(|b| b.value().attr("class")).collect();
        assert_eq!(classes[0], "callout callout-note");
        assert_eq!(classes[5], "callout callout-recommendation");
        let first: String = boxes[0].text().collect();
        assert!(first.contains("Text of NOTE.") && !first.contains("[!"), "{first}");
        assert_eq!(doc.select(&sel("main blockquote")).count(), 1, "the plain quote stays a quote");
    }
    for css in ["themes/default/static/style.css", "themes/briefing-room/static/style.css"] {
        let text = std::fs::read_to_string(crate::harness::repo_root().join(css)).expect("css");
        for class in [".callout-label", ".callout-warning", ".callout-caution", "@media print"] {
            assert!(text.contains(class), "{css} does not style {class}");
        }
    }
}

#[test]
fn errors_on_an_unknown_kind_at_its_line_and_column_with_the_closest_kind() {
    site("Intro.\n\n> [!WARNIGN]\n> Careful.\n")
        .build()
        .failure()
        .stderr_has("content/briefs/boxes.md:9:3: error: unknown callout kind `[!WARNIGN]`")
        .stderr_has("did you mean `[!WARNING]`?");
}

#[test]
fn errors_on_a_bad_kind_in_site_yaml_at_its_line() {
    let site = SiteTest::fixture("basic").write("content/briefs/boxes.md", format!("{HEAD}Body.\n"));
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let lines = config.lines().count();
    site.write("site.yaml", format!("{config}callouts:\n  key finding: Key finding\n"))
        .build()
        .failure()
        .stderr_has(&format!("site.yaml:{}:16: error: callout kind `key finding` is not a word", lines + 2));
}

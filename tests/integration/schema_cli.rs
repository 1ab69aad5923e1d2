//! `chancery schema` (valid JSON Schemas that accept the repo's own briefs and site.yaml and
//! reject broken ones) and the CLI experience: help with examples, completions, --quiet.

use std::process::Command;

use crate::harness::{SiteTest, repo_root};

fn chancery(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(args)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run chancery")
}

fn schema(kind: &str) -> serde_json::Value {
    let out = chancery(&["schema", kind]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("schema is JSON")
}

/// The front-matter of a brief as JSON.
fn front_matter(text: &str) -> serde_json::Value {
    let yaml = text.split("---\n").nth(1).expect("front-matter");
    serde_yaml::from_str(yaml).expect("yaml")
}

#[test]
fn can_validate_the_repo_briefs_against_the_brief_schema() {
    let validator = jsonschema::validator_for(&schema("brief")).expect("valid schema");
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_root().join("content/briefs")).expect("ls") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let value = front_matter(&text);
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn errors_on_broken_front_matter_in_the_schema() {
    let validator = jsonschema::validator_for(&schema("brief")).expect("valid schema");
    for broken in [
        "title: T\ndate: 2023-01-01\nsumary: S\n",
        "title: T\ndate: 2023-01-01\nsummary: S\nkey_points: one\n",
        "title: T\ndate: 15 April 2022\nsummary: S\n",
        "title: T\ndate: 2023-01-01\nsummary: S\nsource: { titel: x, publisher: P }\n",
        "title: T\ndate: 2023-01-01\nsummary: S\nevents: [{ date: 2024-13, title: E }]\n",
        "title: T\ndate: 2023-01-01\nsummary: S\ndoi: 10.abc/zenodo\n",
        "title: T\ndate: 2023-01-01\nsummary: S\ndoi: https://doi.org/10.5281/zenodo.1\n",
    ] {
        let value: serde_json::Value = serde_yaml::from_str(broken).expect("yaml");
        assert!(!validator.is_valid(&value), "schema accepted {broken:?}");
    }
    let doi: serde_json::Value =
        serde_yaml::from_str("title: T\ndate: 2023-01-01\nsummary: S\ndoi: 10.1000.10/abc(1)\n").expect("yaml");
    assert!(validator.is_valid(&doi), "a DOI with a dotted registrant is one");
}

#[test]
fn can_validate_site_yaml_against_the_site_schema() {
    let validator = jsonschema::validator_for(&schema("site")).expect("valid schema");
    let text = std::fs::read_to_string(repo_root().join("site.yaml")).expect("read");
    let value: serde_json::Value = serde_yaml::from_str(&text).expect("yaml");
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let broken: serde_json::Value = serde_yaml::from_str("title: T\nbase_url: x\ncolour: blue\n").expect("yaml");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn can_validate_references_settings_against_the_schemas() {
    let site = jsonschema::validator_for(&schema("site")).expect("valid schema");
    let with = |extra: &str| -> serde_json::Value {
        serde_yaml::from_str(&format!("title: T\nbase_url: https://e.org/\n{extra}")).expect("yaml")
    };
    for style in ["chicago-author-date", "apa", "ieee"] {
        assert!(site.is_valid(&with(&format!("bibliography: refs.bib\ncitation_style: {style}\n"))), "{style}");
    }
    assert!(!site.is_valid(&with("citation_style: mla\n")), "an unknown style is refused");
    let brief = jsonschema::validator_for(&schema("brief")).expect("valid schema");
    let value: serde_json::Value =
        serde_yaml::from_str("title: T\ndate: 2023-01-01\nsummary: S\nbibliography: sources.bib\n").expect("yaml");
    assert!(brief.is_valid(&value));
}

#[test]
fn can_show_examples_in_every_help() {
    for sub in ["build", "check", "new", "import", "init", "schema", "completions"] {
        let out = chancery(&[sub, "--help"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("Examples:"), "{sub} --help:\n{text}");
    }
    let out = chancery(&["new", "brief", "--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn can_print_completions_for_three_shells() {
    for shell in ["bash", "zsh", "fish"] {
        let out = chancery(&["completions", shell]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("chancery") && text.contains("import"), "{shell}");
    }
}

#[test]
fn can_build_quietly_and_verbosely_without_colour() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--quiet"]).success();
    assert!(!run.stderr().contains("built"), "{}", run.stderr());
    let run = site.run(&["-v", "build"]).success().stderr_has("built 3 briefs");
    assert!(run.stderr().contains("DEBUG"), "{}", run.stderr());
    assert!(!run.stderr().contains('\u{1b}'), "colour codes without a terminal");
}

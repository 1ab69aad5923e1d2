//! Checks of `site.yaml` values that serde cannot express: taxonomy names (unique,
//! non-empty, one safe URL segment, not a brief front-matter key, not a section of the
//! site), the theme (one folder name), the navigation items (a title, and a url or a
//! page) and the callout kinds (one word, a label).
//!
//! Guarantees: every problem is reported, not just the first, each at the line and column
//! of the offending value in `site.yaml` (found with [`crate::yaml_locate`]), with a hint
//! saying what to write instead.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::content::front_matter::BRIEF_KEYS;
use crate::error::{Error, Result};
use crate::model::site::RESERVED;
use crate::yaml_locate::{Step, locate_or_unknown};

/// Checks the taxonomies and the theme of `config`, parsed from `text` (the file `path`).
pub(crate) fn validate(path: &Path, text: &str, config: &Config) -> Result<()> {
    let mut errors = Vec::new();
    let at = |steps: &[Step<'_>], message: String, hint: &str| {
        let (line, column) = locate_or_unknown(text, steps);
        Error::Yaml { path: path.to_path_buf(), line, column, message }.with_hint(hint)
    };
    // Index of the first taxonomy with each name, and the line it stands on.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, t) in config.taxonomies.iter().enumerate() {
        let steps = [Step::Key("taxonomies"), Step::Index(i), Step::Key("name")];
        if let Some(problem) = taxonomy_name_problem(&t.name) {
            errors.push(at(&steps, problem.message(&t.name), &problem.hint(&t.name)));
            continue;
        }
        match first.get(t.name.as_str()) {
            Some(&earlier) => {
                let (line, _) =
                    locate_or_unknown(text, &[Step::Key("taxonomies"), Step::Index(earlier), Step::Key("name")]);
                let earlier_at = if line > 0 { format!(" (line {line})") } else { String::new() };
                errors.push(at(
                    &steps,
                    format!(
                        "taxonomy `{}` is declared twice: taxonomy {} has the same name{earlier_at}",
                        t.name,
                        earlier + 1
                    ),
                    "each taxonomy writes its own /<name>/ pages: rename one, or remove the duplicate",
                ));
            }
            None => {
                first.insert(&t.name, i);
            }
        }
    }
    if let Some(problem) = theme_problem(&config.theme) {
        errors.push(at(
            &[Step::Key("theme")],
            format!("theme `{}` {problem}", config.theme.escape_debug()),
            "write a built-in theme (`default`, `briefing-room`) or one folder under themes/",
        ));
    }
    for (i, item) in config.nav.iter().flatten().enumerate() {
        let steps = [Step::Key("nav"), Step::Index(i)];
        if item.title.trim().is_empty() {
            errors.push(at(
                &steps,
                format!("nav item {} has no title", i + 1),
                "give each item the text of its link, e.g. `- { title: About, page: about }`",
            ));
        }
        match (item.url.is_empty(), item.page.is_empty()) {
            (true, true) => errors.push(at(
                &steps,
                format!("nav item {} has neither `url` nor `page`", i + 1),
                "say where it goes: `url: briefs/` (a path in the site or an address) or `page: about`",
            )),
            (false, false) => errors.push(at(
                &steps,
                format!("nav item {} has both `url` and `page`", i + 1),
                "keep one: `url` for a path or an address, `page` for a page of content/pages/",
            )),
            _ => {}
        }
    }
    for (kind, label) in &config.callouts {
        let steps = [Step::Key("callouts"), Step::Key(kind)];
        let mut chars = kind.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !well_formed {
            errors.push(at(
                &steps,
                format!("callout kind `{}` is not a word of letters, digits and hyphens", kind.escape_debug()),
                "name the kind as it is written in `> [!KIND]`, e.g. `recommendation: Recommendation`",
            ));
        } else if label.trim().is_empty() {
            errors.push(at(
                &steps,
                format!("callout kind `{kind}` has an empty label"),
                "give the label readers see above the box, e.g. `finding: Key finding`",
            ));
        }
    }
    Error::collect(errors)
}

/// What can be wrong with a taxonomy name on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameProblem {
    Empty,
    FrontMatterKey,
    Reserved,
    NotASlug,
}

impl NameProblem {
    fn message(self, name: &str) -> String {
        match self {
            NameProblem::Empty => "a taxonomy name is empty".to_owned(),
            NameProblem::FrontMatterKey => {
                format!("taxonomy name `{name}` is a brief front-matter key: briefs could not list its terms")
            }
            NameProblem::Reserved => format!("taxonomy name `{name}` is a section of the site itself (/{name}/)"),
            NameProblem::NotASlug => {
                format!(
                    "taxonomy name `{}` is not one URL segment of lowercase letters, digits and hyphens",
                    name.escape_debug()
                )
            }
        }
    }

    fn hint(self, name: &str) -> String {
        let suggestion = match slug::slugify(name) {
            s if s.is_empty() => "topics".to_owned(),
            s => s,
        };
        match self {
            NameProblem::Empty => "name the taxonomy, e.g. `name: topics`".to_owned(),
            NameProblem::FrontMatterKey => format!(
                "choose a name that is none of {}, e.g. `name: {name}s` or `name: {name}-terms`",
                BRIEF_KEYS.join(", ")
            ),
            NameProblem::Reserved => {
                format!("choose a name that is none of {}, e.g. `name: {name}-terms`", RESERVED.join(", "))
            }
            NameProblem::NotASlug => format!("use e.g. `name: {suggestion}`"),
        }
    }
}

/// Why `name` cannot name a taxonomy, if it cannot. A good name is its own slug: a
/// lowercase ASCII word or words joined by hyphens, so one path segment, never `.`, `..`,
/// empty, nor holding a slash.
fn taxonomy_name_problem(name: &str) -> Option<NameProblem> {
    if name.trim().is_empty() {
        Some(NameProblem::Empty)
    } else if BRIEF_KEYS.contains(&name) {
        Some(NameProblem::FrontMatterKey)
    } else if RESERVED.contains(&name) {
        Some(NameProblem::Reserved)
    } else if slug::slugify(name) != name {
        Some(NameProblem::NotASlug)
    } else {
        None
    }
}

/// Why `theme` is not the name of one folder, if it is not.
fn theme_problem(theme: &str) -> Option<&'static str> {
    if theme.trim().is_empty() {
        Some("is empty")
    } else if theme.contains(['/', '\\']) {
        Some("is a path: it must be one folder name under themes/, without `/` or `\\`")
    } else if theme == "." || theme == ".." {
        Some("points outside themes/")
    } else if theme.chars().any(|c| c.is_control() || c == ':') || theme != theme.trim() {
        Some("is not a plain folder name (it holds a control character, `:` or surrounding spaces)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("site.yaml"), text)
    }

    fn site(taxonomies: &str) -> String {
        format!("title: T\nbase_url: https://e.org/\ntaxonomies:\n{taxonomies}")
    }

    fn messages(e: Error) -> Vec<String> {
        e.into_list().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn errors_on_duplicate_taxonomy_names_at_the_second() {
        let text = site(
            "  - { name: topics, title: Topics, singular: Topic }\n  - name: actors\n    title: A\n    singular: A\n  - name: topics\n    title: T2\n    singular: T\n",
        );
        let e = parse(&text).expect_err("duplicate");
        assert_eq!(
            messages(e),
            vec!["site.yaml:8:11: taxonomy `topics` is declared twice: taxonomy 1 has the same name (line 4)"]
        );
    }

    #[test]
    fn errors_on_bad_taxonomy_names_each_at_its_value() {
        let text = site(
            "  - { name: '', title: E, singular: E }\n  - { name: title, title: T, singular: T }\n  - { name: ../x, title: P, singular: P }\n  - { name: Topics, title: T, singular: T }\n  - { name: briefs, title: B, singular: B }\n  - { name: key_points, title: K, singular: K }\n",
        );
        let e = parse(&text).expect_err("bad names");
        assert_eq!(e.count(), 6, "{e}");
        let all = messages(e);
        assert!(all[0].starts_with("site.yaml:4:13: a taxonomy name is empty"), "{all:?}");
        assert!(all[1].starts_with("site.yaml:5:13: taxonomy name `title` is a brief front-matter key"), "{all:?}");
        assert!(all[2].starts_with("site.yaml:6:13: taxonomy name `../x` is not one URL segment"), "{all:?}");
        assert!(all[3].starts_with("site.yaml:7:13: taxonomy name `Topics` is not one URL segment"), "{all:?}");
        assert!(all[4].starts_with("site.yaml:8:13: taxonomy name `briefs` is a section"), "{all:?}");
        assert!(
            all[5].starts_with("site.yaml:9:13: taxonomy name `key_points` is a brief front-matter key"),
            "{all:?}"
        );
    }

    #[test]
    fn can_hint_at_a_good_name() {
        let e = parse(&site("  - { name: My Topics, title: T, singular: T }\n")).expect_err("not a slug");
        assert_eq!(e.hint(), Some("use e.g. `name: my-topics`"));
    }

    #[test]
    fn can_accept_good_taxonomy_names_and_themes() {
        let c = parse(&site("  - { name: topics, title: T, singular: T }\n  - { name: policy-areas, title: P, singular: P }\ntheme: dark-2\n"))
            .expect("valid");
        assert_eq!(c.taxonomies.len(), 2);
        assert_eq!(c.theme, "dark-2");
    }

    #[test]
    fn errors_on_nav_items_without_a_title_or_target_at_the_item() {
        let text = "title: T\nbase_url: https://e.org/\nnav:\n  - { title: Briefs, url: briefs/ }\n  - { title: '', page: about }\n  - title: Both\n    url: x/\n    page: about\n  - { title: None }\n";
        let all = messages(parse(text).expect_err("bad nav"));
        assert_eq!(all.len(), 3, "{all:?}");
        assert!(all[0].starts_with("site.yaml:5:5: nav item 2 has no title"), "{all:?}");
        assert!(all[1].starts_with("site.yaml:6:5: nav item 3 has both `url` and `page`"), "{all:?}");
        assert!(all[2].starts_with("site.yaml:9:5: nav item 4 has neither `url` nor `page`"), "{all:?}");
    }

    #[test]
    fn errors_on_theme_that_is_not_one_folder_name() {
        for (theme, column) in [("../x", 8), ("a/b", 8), ("'a\\b'", 8), ("/abs", 8), ("''", 8), ("..", 8), ("'.'", 8)] {
            let text = format!("title: T\nbase_url: https://e.org/\ntheme: {theme}\n");
            let e = parse(&text).expect_err(theme);
            let shown = e.to_string();
            assert!(shown.starts_with(&format!("site.yaml:3:{column}: theme `")), "{theme}: {shown}");
            assert!(e.hint().is_some_and(|h| h.contains("themes/")), "{theme}: {shown}");
        }
    }
}

//! Code highlighting with syntect, as CSS classes (no inline styles), plus the light and
//! dark stylesheets for those classes.
//!
//! Guarantees: the syntax set is loaded once, lazily, on the first code block; an unknown
//! language falls back to plain text; output is escaped HTML.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix, so highlighting classes never clash with the theme's.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// `<pre><code>` with highlighting classes for `code` in language `lang` (may be empty).
pub fn highlight(code: &str, lang: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    let lang_attr = escape(lang);
    html.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        html.push_str(" data-lang=\"");
        html.push_str(&lang_attr);
        html.push('"');
    }
    html.push_str("><code>");
    let syntax = SYNTAXES.find_syntax_by_token(lang).unwrap_or_else(|| SYNTAXES.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
    let highlighted = LinesWithEndings::from(code)
        .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line))
        .map(|()| generator.finalize());
    match highlighted {
        Ok(body) => html.push_str(&body),
        Err(_) => html.push_str(&escape(code)),
    }
    html.push_str("</code></pre>\n");
    html
}

/// The stylesheet for the highlighting classes: light (`InspiredGitHub`) or dark
/// (`base16-ocean.dark`).
pub fn stylesheet(dark: bool) -> String {
    let themes = ThemeSet::load_defaults();
    let name = if dark { "base16-ocean.dark" } else { "InspiredGitHub" };
    themes.themes.get(name).and_then(|theme| css_for_theme_with_class_style(theme, STYLE).ok()).unwrap_or_default()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_highlight_with_classes_and_escape() {
        let html = highlight("fn main() { let x = \"<b>\"; }\n", "rust");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn can_fall_back_to_plain_text() {
        let html = highlight("a < b\n", "no-such-language\"");
        assert!(html.contains("a &lt; b"), "{html}");
        assert!(html.contains("data-lang=\"no-such-language&quot;\""), "{html}");
    }

    #[test]
    fn can_generate_light_and_dark_css() {
        assert!(stylesheet(false).contains(".hl-"));
        assert_ne!(stylesheet(false), stylesheet(true));
    }
}

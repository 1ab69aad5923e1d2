//! Code highlighting with syntect, as CSS classes (no inline styles), plus the light and
//! dark stylesheets for those classes.
//!
//! Guarantees: the syntax set is loaded once, lazily, on the first code block; an unknown
//! language falls back to plain text; output is escaped HTML.

use std::sync::LazyLock;

use syntect::highlighting::{Color, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix, so highlighting classes never clash with the theme's.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Whether `html` holds a block [`highlight`] made (its page needs the syntax stylesheets).
pub fn has_code(html: &str) -> bool {
    html.contains("<pre class=\"code\"")
}

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
/// (`base16-ocean.dark`), each colour darkened (or lightened) until it is readable on the
/// code backgrounds of the built-in themes (WCAG AA: a contrast of 4.5:1 for normal text).
pub fn stylesheet(dark: bool) -> String {
    let mut themes = ThemeSet::load_defaults();
    let name = if dark { "base16-ocean.dark" } else { "InspiredGitHub" };
    let Some(theme) = themes.themes.get_mut(name) else {
        return String::new();
    };
    let backgrounds: &[Color] = if dark { &DARK_BACKGROUNDS } else { &LIGHT_BACKGROUNDS };
    for item in &mut theme.scopes {
        if let Some(fg) = &mut item.style.foreground {
            *fg = readable(*fg, backgrounds, dark);
        }
    }
    if let Some(fg) = &mut theme.settings.foreground {
        *fg = readable(*fg, backgrounds, dark);
    }
    css_for_theme_with_class_style(theme, STYLE).unwrap_or_default()
}

/// The code backgrounds of the built-in themes (and the highlighting themes' own).
const LIGHT_BACKGROUNDS: [Color; 3] = [rgb(0xff, 0xff, 0xff), rgb(0xf1, 0xee, 0xe5), rgb(0xee, 0xee, 0xee)];
const DARK_BACKGROUNDS: [Color; 3] = [rgb(0x20, 0x23, 0x28), rgb(0x14, 0x1d, 0x2b), rgb(0x2b, 0x30, 0x3b)];
/// A little above WCAG AA's 4.5, so rounding never lands below it.
const MIN_CONTRAST: f64 = 4.6;

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// `fg`, mixed step by step towards black (light backgrounds) or white (dark ones) until
/// its contrast with every background is at least [`MIN_CONTRAST`].
fn readable(fg: Color, backgrounds: &[Color], dark: bool) -> Color {
    let target = if dark { 255.0 } else { 0.0 };
    let mut c = fg;
    for step in 0..=20 {
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) + (target - f64::from(v)) * t).round().clamp(0.0, 255.0) as u8;
        c = Color { r: mix(fg.r), g: mix(fg.g), b: mix(fg.b), a: fg.a };
        if backgrounds.iter().all(|bg| contrast(c, *bg) >= MIN_CONTRAST) {
            break;
        }
    }
    c
}

/// WCAG contrast ratio of two colours.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
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
    fn can_keep_every_colour_readable_on_the_code_backgrounds() {
        for dark in [false, true] {
            let backgrounds: &[Color] = if dark { &DARK_BACKGROUNDS } else { &LIGHT_BACKGROUNDS };
            let css = stylesheet(dark);
            let mut seen = 0;
            for rule in css.split('}') {
                let Some((selector, body)) = rule.split_once('{') else { continue };
                // The block's own background colour is not used on the page.
                let Some(at) = body.find(" color: #").or_else(|| body.find("\ncolor: #")) else { continue };
                let hex = &body[at + 9..at + 15];
                let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex");
                let fg = rgb(v(0), v(2), v(4));
                for bg in backgrounds {
                    assert!(contrast(fg, *bg) >= 4.5, "{} on {bg:?}: {}", selector.trim(), contrast(fg, *bg));
                }
                seen += 1;
            }
            assert!(seen > 10, "only {seen} colours in {css}");
        }
    }

    #[test]
    fn can_generate_light_and_dark_css() {
        assert!(stylesheet(false).contains(".hl-"));
        assert_ne!(stylesheet(false), stylesheet(true));
    }
}

//! The URL rule: which addresses from front-matter, `site.yaml` and markdown may reach an
//! `href` or `src`.
//!
//! Guarantees: a URL is accepted only when it is empty, relative (no scheme), or starts
//! with `http:`, `https:` or `mailto:`; the scheme is read the way a browser reads it
//! (leading and trailing spaces and control characters dropped, tabs and newlines removed
//! anywhere, case ignored), so ` JaVa\tscript:` is `javascript:`; control characters and
//! HTML character references (`&#106;avascript:`) are refused anywhere. [`deserialize`]
//! applies the rule while YAML is read, so a refused URL is an error at the line and
//! column of its value.

/// The schemes a URL may have.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// What the rule allows, for messages.
pub const ALLOWED: &str = "http:, https:, mailto: or a relative address";

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsafe {
    /// It has a scheme that is not allowed (lower-cased, as a browser reads it).
    Scheme(String),
    /// It holds a control character.
    Control,
    /// It holds an HTML character reference (`&#106;`, `&colon;`), which a browser would
    /// decode where the text is not escaped.
    Reference,
}

impl std::fmt::Display for Unsafe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unsafe::Scheme(scheme) => write!(f, "the `{scheme}:` scheme is not allowed"),
            Unsafe::Control => write!(f, "it holds a control character"),
            Unsafe::Reference => write!(f, "it holds an HTML character reference; write the character itself"),
        }
    }
}

/// The scheme of `url` as a browser reads it, lower-cased, if it has one.
pub fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    Some(cleaned[..end].to_ascii_lowercase())
}

/// Checks `url` against the rule.
pub fn check(url: &str) -> Result<(), Unsafe> {
    if let Some(scheme) = scheme(url)
        && !ALLOWED_SCHEMES.contains(&scheme.as_str())
    {
        return Err(Unsafe::Scheme(scheme));
    }
    if url.chars().any(char::is_control) {
        return Err(Unsafe::Control);
    }
    let lower = url.to_ascii_lowercase();
    if lower.contains("&#") || lower.contains("&colon;") || lower.contains("&tab;") || lower.contains("&newline;") {
        return Err(Unsafe::Reference);
    }
    Ok(())
}

/// Whether `url` passes the rule.
pub fn is_safe(url: &str) -> bool {
    check(url).is_ok()
}

/// Reads a URL-valued string field, refusing what the rule refuses (for
/// `#[serde(deserialize_with)]`). The check runs inside the string's visitor, so the YAML
/// reader reports the error at the value's line and column, prefixed with the field's path
/// (`source.url: ...`).
pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_string(UrlVisitor)
}

struct UrlVisitor;

impl serde::de::Visitor<'_> for UrlVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a URL ({ALLOWED})")
    }

    fn visit_str<E: serde::de::Error>(self, url: &str) -> Result<String, E> {
        match check(url) {
            Ok(()) => Ok(url.to_owned()),
            Err(why) => Err(E::custom(format!("unsafe URL `{}`: {why}; use {ALLOWED}", url.escape_debug()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_accept_web_mail_and_relative_urls() {
        for ok in [
            "",
            "https://example.org/a?b#c",
            "HTTP://EXAMPLE.ORG",
            "mailto:press@example.org",
            "/briefs/alpha/",
            "alpha/",
            "#notes",
            "?q=1",
            "//cdn.example.org/x.png",
            "a/b:c",
            " https://example.org/ ",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn errors_on_script_data_and_file_urls_with_tricks() {
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            (" JaVa\tscript:alert(1)", "javascript"),
            ("\u{1}javascript:alert(1)", "javascript"),
            ("java\nscript:x", "javascript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("VBScript:msgbox", "vbscript"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(check(bad), Err(Unsafe::Scheme(scheme.to_owned())), "{bad:?}");
        }
        assert_eq!(check("https://e.org/\u{0}x"), Err(Unsafe::Control));
        assert_eq!(check("&#106;avascript:alert(1)"), Err(Unsafe::Reference));
        assert_eq!(check("javascript&colon;alert(1)"), Err(Unsafe::Reference));
    }
}

//! YAML explanations: serde_yaml's messages rewritten into a shorter message plus a hint
//! (a did-you-mean for unknown fields, an example of the expected form for type
//! mismatches, the likely cause of a syntax error).

use super::suggest::did_you_mean;

/// Rewrites a serde/YAML message into a shorter one plus a hint: unknown fields get a
/// did-you-mean, type mismatches an example of the expected form.
pub(crate) fn explain_yaml(message: &str) -> (String, Option<String>) {
    if let Some(start) = message.find("unknown field `") {
        let rest = &message[start + "unknown field `".len()..];
        let Some(end) = rest.find('`') else {
            return (message.to_owned(), None);
        };
        let unknown = &rest[..end];
        let expected: Vec<&str> =
            rest[end + 1..].split('`').skip(1).step_by(2).filter(|name| !name.is_empty()).collect();
        let short = message[..start + "unknown field `".len() + end + 1].to_owned();
        let hint = match did_you_mean(unknown, expected.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None if expected.is_empty() => "this section takes no fields".to_owned(),
            None => {
                format!("expected one of {}", expected.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
            }
        };
        return (short, Some(hint));
    }
    if message.contains("invalid type") {
        let hint = if message.ends_with("expected a sequence") {
            Some("write a list: one `- item` per line, or `[first, second]`")
        } else if message.ends_with("expected a string") {
            Some("write a single text value; quote it if it contains `: ` or starts with `[`, `{` or `*`")
        } else if message.ends_with("expected a boolean") {
            Some("write `true` or `false`")
        } else if message.contains("expected struct") {
            Some("write a mapping of `key: value` lines, indented under this key")
        } else {
            None
        };
        return (message.to_owned(), hint.map(str::to_owned));
    }
    if message.contains("missing field `") {
        return (message.to_owned(), Some("add it to the front-matter (see `chancery schema brief`)".to_owned()));
    }
    if message.contains("recursion limit exceeded") || message.contains("repetition limit exceeded") {
        return (
            message.to_owned(),
            Some("the YAML nests or repeats aliases too deeply to be real front-matter".to_owned()),
        );
    }
    let syntax = [
        (
            "mapping values are not allowed",
            "quote a value that contains `: ` (summary: \"a: b\"), and start every key at the same indentation",
        ),
        ("did not find expected ',' or ']'", "a `[` list opened above is never closed with `]`"),
        ("did not find expected ',' or '}'", "a `{` mapping opened above is never closed with `}`"),
        ("found unexpected end of stream", "a quote or bracket opened above is never closed"),
        ("did not find expected key", "check the indentation: keys of one mapping must line up"),
        (
            "found character that cannot start any token",
            "tabs cannot indent YAML; quote values that start with `@` or `` ` ``",
        ),
    ];
    let hint = syntax.iter().find(|(needle, _)| message.contains(needle)).map(|(_, hint)| (*hint).to_owned());
    (message.to_owned(), hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_explain_unknown_field_messages() {
        let (msg, hint) = explain_yaml("source: unknown field `titel`, expected one of `publisher`, `title`, `url`");
        assert_eq!(msg, "source: unknown field `titel`");
        assert_eq!(hint.as_deref(), Some("did you mean `title`?"));
        let (_, hint) = explain_yaml("unknown field `zzz`, expected `name` or `url`");
        assert_eq!(hint.as_deref(), Some("expected one of `name`, `url`"));
    }
}

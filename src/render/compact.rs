//! A theme's HTML templates made compact before they are compiled: the indentation at the
//! start of each line is dropped, so no page repeats it.
//!
//! Safe by construction: a newline stays where it was (so text between inline elements
//! renders the same), and nothing is dropped inside `<pre>`, `<textarea>`, `<script>` and
//! `<style>`, inside a tag (a multi-line attribute value keeps its text) or inside a Tera
//! tag. Only the template's own text changes: what a template prints from a variable (a
//! brief's body, a record in a `<pre>`) reaches the output as it is. Lines keep their
//! numbers; [`Compacted::dropped`] gives back the columns of errors.

/// A template's text without its indentation.
#[derive(Debug)]
pub(crate) struct Compacted {
    pub text: String,
    /// Bytes dropped at the start of each line (0-based line number).
    pub dropped: Vec<usize>,
}

/// Elements whose text is kept as written.
const RAW: [&str; 4] = ["pre", "textarea", "script", "style"];

/// Where the scan is.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Text,
    /// Inside a tag, with the quote of the attribute value it is in, if any; the raw
    /// element this tag opens, if it is one.
    Tag {
        quote: Option<u8>,
        opens: Option<&'static str>,
    },
    /// Inside a raw element, until its end tag.
    Raw(&'static str),
}

/// `source` without the indentation of its lines.
pub(crate) fn compact(source: &str) -> Compacted {
    let bytes = source.as_bytes();
    let mut text = String::with_capacity(source.len());
    let mut dropped = vec![0];
    let mut state = State::Text;
    let mut kept = 0; // start of the source not yet copied
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Tera tags are copied whole, whatever they hold (`>`, quotes, newlines).
        if b == b'{'
            && let Some(close) = tera_close(bytes.get(i + 1).copied())
        {
            let end = find(bytes, i + 2, close).map_or(bytes.len(), |e| e + close.len());
            dropped.extend(std::iter::repeat_n(0, count_newlines(&bytes[i..end])));
            i = end;
            continue;
        }
        match (state, b) {
            (_, b'\n') => {
                dropped.push(0);
                i += 1;
                if state == State::Text {
                    let start = i;
                    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                        i += 1;
                    }
                    if i > start {
                        text.push_str(&source[kept..start]);
                        kept = i;
                        if let Some(last) = dropped.last_mut() {
                            *last = i - start;
                        }
                    }
                }
                continue;
            }
            (State::Text, b'<') if bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/') => {
                let name_start = i + 1;
                let opens = RAW.into_iter().find(|name| tag_named(bytes, name_start, name));
                state = State::Tag { quote: None, opens };
            }
            (State::Tag { quote: None, opens }, b'"' | b'\'') => state = State::Tag { quote: Some(b), opens },
            (State::Tag { quote: Some(q), opens }, _) if b == q => state = State::Tag { quote: None, opens },
            (State::Tag { quote: None, opens }, b'>') => {
                // A self-closed `<script ... />` opens nothing.
                let self_closed = i > 0 && bytes[i - 1] == b'/';
                state = match opens {
                    Some(name) if !self_closed => State::Raw(name),
                    _ => State::Text,
                };
            }
            (State::Raw(name), b'<') if bytes.get(i + 1) == Some(&b'/') && tag_named(bytes, i + 2, name) => {
                state = State::Tag { quote: None, opens: None };
            }
            _ => {}
        }
        i += 1;
    }
    text.push_str(&source[kept..]);
    Compacted { text, dropped }
}

/// The end of a Tera tag opened by `{` and `next`, if it is one.
fn tera_close(next: Option<u8>) -> Option<&'static [u8]> {
    match next {
        Some(b'{') => Some(b"}}"),
        Some(b'%') => Some(b"%}"),
        Some(b'#') => Some(b"#}"),
        _ => None,
    }
}

/// Whether the tag name at `at` is `name` (ASCII case-insensitive), ending there.
fn tag_named(bytes: &[u8], at: usize, name: &str) -> bool {
    let end = at + name.len();
    bytes.get(at..end).is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
        && bytes.get(end).is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'-'))
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_indentation_and_keeps_newlines() {
        let c = compact("<ul>\n  <li>a</li>\n\t\t<li>b</li>\n</ul>\n");
        assert_eq!(c.text, "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
        assert_eq!(c.dropped, vec![0, 2, 2, 0, 0]);
    }

    #[test]
    fn keeps_raw_elements_tags_and_tera_tags_as_written() {
        let source = "<div>\n  <PRE class=\"x\">a\n    b</pre>\n  <script>\n    x()\n  </script>\n  <p title=\"a\n    b\">t</p>\n  {% if a > b %}\n    {{ \"<pre>\" }}\n  {% endif %}\n  <textarea>\n  t</textarea>\n  <style>\n  p{}</style>\n  <pre-x>\n  y</pre-x>\n</div>";
        let c = compact(source);
        assert_eq!(
            c.text,
            "<div>\n<PRE class=\"x\">a\n    b</pre>\n<script>\n    x()\n  </script>\n<p title=\"a\n    b\">t</p>\n{% if a > b %}\n{{ \"<pre>\" }}\n{% endif %}\n<textarea>\n  t</textarea>\n<style>\n  p{}</style>\n<pre-x>\ny</pre-x>\n</div>"
        );
        assert_eq!(c.dropped.len(), source.lines().count());
    }

    #[test]
    fn a_tera_tag_inside_an_attribute_does_not_end_it() {
        let c = compact("<a href=\"{{ url(path=\"x>\") }}\"\n   class=\"c\">\n  t</a>");
        assert_eq!(c.text, "<a href=\"{{ url(path=\"x>\") }}\"\n   class=\"c\">\nt</a>");
    }

    #[test]
    fn counts_lines_inside_tera_comments() {
        let c = compact("{# a\n   b #}\n  x");
        assert_eq!(c.text, "{# a\n   b #}\nx");
        assert_eq!(c.dropped, vec![0, 0, 2]);
    }
}

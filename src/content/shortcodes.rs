//! The shortcode syntax in markdown: `{{ name(key="value", n=3) }}` inline and
//! `{% name(key="value") %}body{% end %}` around markdown, found in a body with their byte
//! ranges, names and arguments. Rendering them is the render's job
//! (`crate::render::shortcodes`); the loader uses this to find the data files a body names.
//!
//! Guarantees: pure; calls inside code spans and code blocks, and braces escaped with a
//! backslash (as seed text always is), stay text; a malformed call is a problem at the byte
//! offset where it goes wrong; `{{ word }}` without parentheses is left as text.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// An argument's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// `"text"` or `'text'`.
    Text(String),
    /// `3`, `-2`.
    Integer(i64),
    /// `2.5`.
    Float(f64),
    /// `true`, `false`.
    Bool(bool),
}

/// One argument: `key=value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The key.
    pub key: String,
    /// The value.
    pub value: ArgValue,
    /// Byte offset of the key in the markdown.
    pub offset: usize,
}

/// One shortcode call in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The shortcode's name.
    pub name: String,
    /// Its arguments, in order.
    pub args: Vec<Arg>,
    /// Bytes of the whole call (for a block one, from `{%` to the end of `{% end %}`).
    pub range: Range<usize>,
    /// A block call's body (the markdown between its tags).
    pub body: Option<Range<usize>>,
}

impl Call {
    /// The argument `key`, if given.
    pub fn arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.key == key)
    }
}

/// What is wrong with a call, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxProblem {
    /// Byte offset in the markdown.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

/// Whether `markdown` may hold a shortcode call at all (a cheap test before [`find`]).
pub fn may_hold_calls(markdown: &str) -> bool {
    markdown.contains("{{") || markdown.contains("{%")
}

/// The top-level well-formed shortcode calls of `markdown` in order (calls inside a block
/// call's body are the body's), and every malformed one's problem.
pub fn find(markdown: &str) -> (Vec<Call>, Vec<SyntaxProblem>) {
    if !may_hold_calls(markdown) {
        return (Vec::new(), Vec::new());
    }
    let code = code_ranges(markdown);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let bytes = markdown.as_bytes();
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    let mut at = 0;
    while let Some(found) = next_open(markdown, at, &in_code) {
        let inline = bytes[found + 1] == b'{';
        let mut scanner = Scanner { text: markdown, at: found + 2 };
        let opened = match scanner.tag_inside() {
            Ok(Some(inside)) => inside,
            Ok(None) => {
                at = found + 2;
                continue;
            }
            Err(p) => {
                problems.push(p);
                at = found + 2;
                continue;
            }
        };
        let close = if inline { "}}" } else { "%}" };
        scanner.skip_spaces();
        if !scanner.eat(close) {
            problems.push(SyntaxProblem {
                offset: scanner.at,
                message: format!("shortcode `{}` is not closed with `{close}`", opened.name),
                hint: format!("write `{}{}(...) {close}`", if inline { "{{ " } else { "{% " }, opened.name),
            });
            at = scanner.at.max(found + 2);
            continue;
        }
        let open_end = scanner.at;
        if inline {
            calls.push(Call { name: opened.name, args: opened.args, range: found..open_end, body: None });
            at = open_end;
            continue;
        }
        match block_end(markdown, open_end, &in_code) {
            Some((body_end, end)) => {
                calls.push(Call {
                    name: opened.name,
                    args: opened.args,
                    range: found..end,
                    body: Some(open_end..body_end),
                });
                at = end;
            }
            None => {
                problems.push(SyntaxProblem {
                    offset: found,
                    message: format!("block shortcode `{}` is never closed", opened.name),
                    hint: "end its body with `{% end %}`".to_owned(),
                });
                at = open_end;
            }
        }
    }
    (calls, problems)
}

/// The data files that the calls in `markdown` read (the `path` of each `data_table`),
/// nested bodies included, sorted; malformed calls are left to the render to report.
pub fn data_paths(markdown: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut stack = vec![markdown.to_owned()];
    while let Some(text) = stack.pop() {
        for call in find(&text).0 {
            if call.name == "data_table"
                && let Some(ArgValue::Text(p)) = call.arg("path").map(|a| &a.value)
            {
                paths.push(p.clone());
            }
            if let Some(body) = call.body {
                stack.push(text[body].to_owned());
            }
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The byte ranges of code spans and code blocks in `markdown`.
fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(markdown, crate::render::markdown::options()).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// The offset of the next `{{` or `{%` at or after `from` that is neither in code nor
/// escaped.
fn next_open(text: &str, from: usize, in_code: &impl Fn(usize) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{'
            && (bytes[i + 1] == b'{' || bytes[i + 1] == b'%')
            && (i == 0 || bytes[i - 1] != b'\\')
            && !in_code(i)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The end of the block whose body starts at `from`: (where the body ends, where its
/// `{% end %}` ends), counting nested block calls.
fn block_end(text: &str, from: usize, in_code: &impl Fn(usize) -> bool) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut at = from;
    while let Some(found) = next_open(text, at, in_code) {
        if text.as_bytes()[found + 1] != b'%' {
            at = found + 2;
            continue;
        }
        let mut scanner = Scanner { text, at: found + 2 };
        scanner.skip_spaces();
        let word = scanner.ident();
        scanner.skip_spaces();
        if word == "end" && scanner.eat("%}") {
            if depth == 0 {
                return Some((found, scanner.at));
            }
            depth -= 1;
        } else if !word.is_empty() {
            depth += 1;
        }
        at = found + 2;
    }
    None
}

/// The name and arguments of a call.
struct Opened {
    name: String,
    args: Vec<Arg>,
}

/// A cursor over the text of one call.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    fn ident(&mut self) -> &'a str {
        let start = self.at;
        let rest = &self.text[self.at..];
        let len = rest
            .char_indices()
            .find(|(i, c)| !(c.is_ascii_alphabetic() || *c == '_' || (*i > 0 && c.is_ascii_digit())))
            .map_or(rest.len(), |(i, _)| i);
        self.at += len;
        &self.text[start..start + len]
    }

    fn problem(&self, message: String, hint: &str) -> SyntaxProblem {
        SyntaxProblem { offset: self.at, message, hint: hint.to_owned() }
    }

    /// `name(args)` after the opening braces; `None` when this is no call (no name, or no
    /// parenthesis after it).
    fn tag_inside(&mut self) -> Result<Option<Opened>, SyntaxProblem> {
        self.skip_spaces();
        let name = self.ident().to_owned();
        if name.is_empty() || name == "end" {
            return Ok(None);
        }
        self.skip_spaces();
        if !self.eat("(") {
            return Ok(None);
        }
        let mut args: Vec<Arg> = Vec::new();
        loop {
            self.skip_spaces();
            if self.eat(")") {
                return Ok(Some(Opened { name, args }));
            }
            if !args.is_empty() && !self.eat(",") {
                return Err(self.problem(
                    format!("expected `,` or `)` in the arguments of shortcode `{name}`"),
                    "separate arguments with commas: `key=\"value\", n=3`",
                ));
            }
            self.skip_spaces();
            if self.eat(")") {
                return Ok(Some(Opened { name, args }));
            }
            let offset = self.at;
            let key = self.ident().to_owned();
            if key.is_empty() {
                return Err(self.problem(
                    format!("expected an argument name in shortcode `{name}`"),
                    "write arguments as `key=\"value\"`",
                ));
            }
            self.skip_spaces();
            if !self.eat("=") {
                return Err(
                    self.problem(format!("expected `=` after argument `{key}`"), "write arguments as `key=\"value\"`")
                );
            }
            self.skip_spaces();
            let value = self.value(&key)?;
            if args.iter().any(|a| a.key == key) {
                return Err(SyntaxProblem {
                    offset,
                    message: format!("argument `{key}` is given twice"),
                    hint: "keep one".to_owned(),
                });
            }
            args.push(Arg { key, value, offset });
        }
    }

    fn value(&mut self, key: &str) -> Result<ArgValue, SyntaxProblem> {
        let rest = self.rest();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let mut text = String::new();
            let mut chars = rest.char_indices().skip(1);
            while let Some((i, c)) = chars.next() {
                match c {
                    c if c == quote => {
                        self.at += i + 1;
                        return Ok(ArgValue::Text(text));
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, c)) => text.push(c),
                        None => break,
                    },
                    c => text.push(c),
                }
            }
            return Err(self.problem(format!("the text of argument `{key}` is never closed"), "end it with a quote"));
        }
        let len =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+')).unwrap_or(rest.len());
        let word = &rest[..len];
        let value = match word {
            "true" => Some(ArgValue::Bool(true)),
            "false" => Some(ArgValue::Bool(false)),
            _ => word
                .parse::<i64>()
                .map(ArgValue::Integer)
                .ok()
                .or_else(|| word.parse::<f64>().ok().filter(|f| f.is_finite()).map(ArgValue::Float)),
        };
        match value {
            Some(v) => {
                self.at += len;
                Ok(v)
            }
            None => Err(self.problem(
                format!("argument `{key}` has no value Chancery can read"),
                "give text in quotes (\"...\"), a number, or true or false",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_find_inline_and_block_calls_with_their_arguments() {
        let md = "A {{ figure(src=\"a.png\", n=3, ok=true, r=2.5) }} b.\n\n{% pullquote(source='Me') %}\nSaid *this*.\n{% end %}\n";
        let (calls, problems) = find(md);
        assert_eq!(problems, []);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "figure");
        assert_eq!(&md[calls[0].range.clone()], "{{ figure(src=\"a.png\", n=3, ok=true, r=2.5) }}");
        let values: Vec<&ArgValue> = calls[0].args.iter().map(|a| &a.value).collect();
        assert_eq!(
            values,
            [&ArgValue::Text("a.png".into()), &ArgValue::Integer(3), &ArgValue::Bool(true), &ArgValue::Float(2.5)]
        );
        assert_eq!(&md[calls[1].body.clone().expect("body")], "\nSaid *this*.\n");
        assert!(md[calls[1].range.clone()].ends_with("{% end %}"));
    }

    #[test]
    fn can_leave_code_escapes_and_non_calls_as_text() {
        let md = "`{{ figure(src=\"a\") }}`\n\n```\n{% pullquote() %}\n```\n\n\\{\\{ x() }} {{ word }} {{}}\n";
        assert_eq!(find(md), (Vec::new(), Vec::new()));
    }

    #[test]
    fn can_nest_block_calls() {
        let md = "{% a() %}x {% b() %}y{% end %} z{% end %}";
        let (calls, problems) = find(md);
        assert_eq!(problems, []);
        assert_eq!(calls.len(), 1);
        assert_eq!(&md[calls[0].body.clone().expect("body")], "x {% b() %}y{% end %} z");
    }

    #[test]
    fn errors_on_malformed_calls_at_their_offsets() {
        let (_, problems) = find("{{ a(x=) }}\n{{ b(y=\"1\" z=2) }}\n{% c() %} no end\n{{ d(k=1) %}");
        let got: Vec<(usize, &str)> = problems.iter().map(|p| (p.offset, p.message.as_str())).collect();
        assert_eq!(got[0], (7, "argument `x` has no value Chancery can read"));
        assert_eq!(got[1].0, 23);
        assert!(got.iter().any(|(_, m)| m.contains("never closed")), "{got:?}");
        assert!(got.iter().any(|(_, m)| m.contains("not closed with `}}`")), "{got:?}");
    }
}

//! Line and column of byte offsets in a text, from one index of line starts built once per
//! text: each look-up is a binary search, so locating many links in one file costs the
//! file's length once, not once per link.

use std::cell::OnceCell;

/// The byte offset of the start of every line of a text, ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`'s lines (a line ends after each `\n`).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts, len: text.len() }
    }

    /// The 0-based line holding byte `offset` (offsets past the end count as the end).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The 1-based column, in characters, of byte `offset` of `text` (the text indexed).
    pub fn column(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        let start = self.starts[self.line(offset)];
        // Count the bytes that begin a character, so an offset inside one is no problem.
        text.as_bytes()[start..offset].iter().filter(|b| (**b & 0xC0) != 0x80).count() + 1
    }
}

/// Positions in its file of offsets in a markdown body that starts at line `first_line` of
/// the file and whose first `own_len` bytes are the file's own text (the rest, a seed's,
/// has no place in the file). The index is built on the first look-up, so a body nobody
/// asks about costs nothing.
#[derive(Debug)]
pub struct BodyPositions<'a> {
    text: &'a str,
    first_line: usize,
    own_len: usize,
    index: OnceCell<LineIndex>,
}

impl<'a> BodyPositions<'a> {
    /// Positions in a body `text` starting at 1-based line `first_line`, own up to `own_len`.
    pub fn new(text: &'a str, first_line: usize, own_len: usize) -> BodyPositions<'a> {
        BodyPositions { text, first_line, own_len, index: OnceCell::new() }
    }

    /// The 1-based (line, column) in the file of body byte `offset`; `(0, 0)` for text
    /// that is not the file's own.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        if offset >= self.own_len {
            return (0, 0);
        }
        let index = self.index.get_or_init(|| LineIndex::new(self.text));
        (self.first_line + index.line(offset), index.column(self.text, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition: count newlines and characters from byte 0.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text.as_bytes()[..offset.min(text.len())];
        let line = before.iter().filter(|b| **b == b'\n').count();
        let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = before[start..].iter().filter(|b| (**b & 0xC0) != 0x80).count() + 1;
        (line, column)
    }

    #[test]
    fn can_locate_every_offset_like_a_rescan() {
        for text in ["", "a", "\n", "ab\ncd\n\nef", "é\nçà\n\n€x\n", "\n\nz"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    (index.line(offset), index.column(text, offset)),
                    naive(text, offset),
                    "{text:?} @ {offset}"
                );
            }
        }
    }

    #[test]
    fn can_place_body_offsets_in_the_file() {
        let body = "one\ntwo [x](y)\nseed text";
        let positions = BodyPositions::new(body, 7, 14);
        assert_eq!(positions.at(0), (7, 1));
        assert_eq!(positions.at(8), (8, 5));
        assert_eq!(positions.at(14), (0, 0), "seed text has no place in the file");
    }
}

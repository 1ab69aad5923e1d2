//! Telling what a file that should be UTF-8 text is instead, so the error says what to do:
//! UTF-16 (with or without a byte-order mark), Windows-1252 or Latin-1 (at the line and
//! column of the first byte that is not UTF-8), or not text at all (a NUL byte).
//!
//! Pure: bytes in, text or a description of the problem out; the loader names the file.

/// Why bytes are not UTF-8 text, with where the first problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotUtf8 {
    /// UTF-16 text; `bom` when it opens with a byte-order mark.
    Utf16 {
        /// Little-endian (the Windows default) or big-endian.
        little_endian: bool,
        /// Whether it opens with a byte-order mark.
        bom: bool,
    },
    /// A NUL byte at this offset: no text file holds one.
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// A byte that does not start or continue a UTF-8 character.
    BadByte {
        /// 1-based line of the byte.
        line: usize,
        /// 1-based column (in characters) of the byte.
        column: usize,
        /// The byte.
        byte: u8,
        /// Whether the byte is a letter or sign in Windows-1252 (é, ’, €...), so the file is
        /// likely in that encoding (or Latin-1, its subset).
        windows_1252: bool,
    },
}

impl NotUtf8 {
    /// The message, for a file described as `what` ("the file", "the seed").
    pub fn message(&self, what: &str) -> String {
        match self {
            NotUtf8::Utf16 { little_endian, bom } => format!(
                "{what} is UTF-16 encoded ({}-endian, {} byte-order mark), not UTF-8",
                if *little_endian { "little" } else { "big" },
                if *bom { "with a" } else { "without" }
            ),
            NotUtf8::Binary { offset } => format!("not a text file: it holds a NUL byte at offset {offset}"),
            NotUtf8::BadByte { byte, windows_1252: true, .. } => format!(
                "{what} is not UTF-8 text: byte 0x{byte:02X} here looks like Windows-1252 (or Latin-1) encoding"
            ),
            NotUtf8::BadByte { byte, .. } => format!("{what} is not UTF-8 text: invalid byte 0x{byte:02X}"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            NotUtf8::Binary { .. } => "briefs and seeds must be plain UTF-8 text; move binary files to static/",
            NotUtf8::Utf16 { .. } | NotUtf8::BadByte { .. } => {
                "save it as UTF-8 (in most editors: Save with Encoding, or Save As, then UTF-8)"
            }
        }
    }

    /// Line and column of the problem in the file (0 when it is about the whole file).
    pub fn position(&self) -> (usize, usize) {
        match self {
            NotUtf8::BadByte { line, column, .. } => (*line, *column),
            NotUtf8::Utf16 { .. } | NotUtf8::Binary { .. } => (0, 0),
        }
    }
}

/// `bytes` as UTF-8 text, or why they are not.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    if let Some(utf16) = utf16(&bytes) {
        return Err(utf16);
    }
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(NotUtf8::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The prefix is valid UTF-8 by definition of `valid_up_to`.
        let before = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let byte = bytes.get(good).copied().unwrap_or_default();
        NotUtf8::BadByte {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            byte,
            windows_1252: byte >= 0x80 && !matches!(byte, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D),
        }
    })
}

/// Whether `bytes` are UTF-16: a byte-order mark, or (without one) text whose every
/// other byte is zero, as ASCII-range letters are in UTF-16.
fn utf16(bytes: &[u8]) -> Option<NotUtf8> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(NotUtf8::Utf16 { little_endian: true, bom: true }),
        [0xFE, 0xFF, ..] => return Some(NotUtf8::Utf16 { little_endian: false, bom: true }),
        _ => {}
    }
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(256).collect();
    if pairs.len() < 4 {
        return None;
    }
    // Of the first pairs, how many are a non-zero byte beside a zero one, each way round.
    let count = |zero: usize| pairs.iter().filter(|p| p[zero] == 0 && p[1 - zero] != 0).count();
    let mostly = |n: usize| n * 10 >= pairs.len() * 9;
    let (little, big) = (count(1), count(0));
    if mostly(little) {
        Some(NotUtf8::Utf16 { little_endian: true, bom: false })
    } else if mostly(big) {
        Some(NotUtf8::Utf16 { little_endian: false, bom: false })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn can_tell_utf16_with_and_without_a_byte_order_mark() {
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(utf16le("---\ntitle: T\n"));
        assert_eq!(decode(with_bom), Err(NotUtf8::Utf16 { little_endian: true, bom: true }));
        assert_eq!(decode(utf16le("---\ntitle: T\n")), Err(NotUtf8::Utf16 { little_endian: true, bom: false }));
        let be: Vec<u8> = "---\ntitle: T\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(be), Err(NotUtf8::Utf16 { little_endian: false, bom: false }));
    }

    #[test]
    fn can_place_the_first_windows_1252_byte() {
        let e = decode(b"---\ntitle: caf\xe9 \x93quoted\x94\n".to_vec()).expect_err("1252");
        assert_eq!(e, NotUtf8::BadByte { line: 2, column: 11, byte: 0xE9, windows_1252: true });
        assert!(e.message("the file").contains("0xE9 here looks like Windows-1252"), "{}", e.message("the file"));
        let mut bytes = "é\n\u{2019}x".as_bytes().to_vec();
        bytes.push(0x81);
        let e = decode(bytes).expect_err("bad");
        assert_eq!(e, NotUtf8::BadByte { line: 2, column: 3, byte: 0x81, windows_1252: false });
    }

    #[test]
    fn can_tell_binary_from_text() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\x00\x00".to_vec()), Err(NotUtf8::Binary { offset: 8 }));
        assert_eq!(decode("plain — text".as_bytes().to_vec()).as_deref(), Ok("plain — text"));
    }
}

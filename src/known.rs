//! What a file is known by without its bytes: its size and the XXH3-128 of its bytes. The
//! output's manifest lists its files by it, the PDF cache names its files by it, and a
//! render asks an output to keep a file it already holds by it.

/// A file's size and the XXH3-128 of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// Its size in bytes.
    pub size: u64,
    /// XXH3-128 of its bytes.
    pub hash: u128,
}

impl Known {
    /// What a file holding `bytes` is known by.
    pub fn of(bytes: &[u8]) -> Known {
        Known { size: bytes.len() as u64, hash: xxhash_rust::xxh3::xxh3_128(bytes) }
    }
}

//! Fuzz target: any bytes as a brief file. Splitting, YAML parsing and brief checks must
//! return `Ok` or an `Error`, never panic or hang.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let path = Path::new("content/briefs/fuzz.md");
        let _ = chancery::content::front_matter::split(path, text);
        let _ = chancery::content::Brief::parse(path, text, &["topics", "actors", "regions"]);
    }
});

//! Internal links written `@/briefs/<file>.md` (or `@/pages/<file>.md`), optionally with a
//! `#anchor`, and `@/static/<path>` (a static file), resolved to site-relative URLs.
//!
//! Guarantees: resolution is a pure lookup; an unknown target is `None`, and the caller
//! reports it with the file and line of the link.

use std::collections::HashMap;

/// Content file (`briefs/x.md`) to site-relative URL (`briefs/slug/`).
#[derive(Debug, Clone, Default)]
pub struct Links {
    by_file: HashMap<String, String>,
}

impl Links {
    /// Records that `file` (relative to `content/`) is published at `rel`.
    pub fn insert(&mut self, file: String, rel: String) {
        self.by_file.insert(file, rel);
    }

    /// A key of the whole table, the same for the same entries whatever their order.
    pub fn key(&self) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        self.by_file.iter().fold(self.by_file.len() as u64, |key, entry| key.wrapping_add(hasher.hash_one(entry)))
    }

    /// The site-relative URL of an `@/...` link, with its anchor; `None` if the link is not
    /// internal (`Some(Err)` if it is internal and its file is unknown).
    pub fn resolve<'a>(&self, link: &'a str) -> Option<Result<String, &'a str>> {
        let target = link.strip_prefix("@/")?;
        let (file, anchor) = target.split_once('#').map_or((target, None), |(f, a)| (f, Some(a)));
        Some(match self.by_file.get(file) {
            Some(rel) => Ok(anchor.map_or_else(|| rel.clone(), |a| format!("{rel}#{a}"))),
            None => Err(file),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_resolve_internal_links_with_anchor() {
        let mut links = Links::default();
        links.insert("briefs/x.md".into(), "briefs/ex/".into());
        assert_eq!(links.resolve("@/briefs/x.md#part"), Some(Ok("briefs/ex/#part".to_owned())));
        assert_eq!(links.resolve("https://e.org"), None);
        assert_eq!(links.resolve("@/briefs/y.md"), Some(Err("briefs/y.md")));
    }
}

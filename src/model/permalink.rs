//! URLs of everything the site writes, all carrying base_url's path so the site works under
//! a sub-path.
//!
//! Guarantees: `path` values start with the base path and end with `/` for folders; output
//! file names never leave the output root (slugs are checked where they are made).

/// Turns site-relative paths (`briefs/x/`) into links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalinks {
    base_url: String,
    base_path: String,
}

impl Permalinks {
    /// From an absolute base URL with a trailing slash and its path part.
    pub fn new(base_url: &str, base_path: &str) -> Permalinks {
        Permalinks { base_url: base_url.to_owned(), base_path: base_path.to_owned() }
    }

    /// Root-relative link: `/policy/` + `rel`.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel.trim_start_matches('/'))
    }

    /// Absolute link: `https://example.org/policy/` + `rel`.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{}", self.base_url, rel.trim_start_matches('/'))
    }

    /// The base URL, with its trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The base path, with both slashes.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

/// Site-relative folder of a brief.
pub fn brief_rel(slug: &str) -> String {
    format!("briefs/{slug}/")
}

/// Site-relative folder of a term page.
pub fn term_rel(taxonomy: &str, term_slug: &str) -> String {
    format!("{taxonomy}/{term_slug}/")
}

/// Site-relative folder of page `n` (1-based) of a paginated list rooted at `rel`.
pub fn page_rel(rel: &str, n: usize) -> String {
    if n <= 1 { rel.to_owned() } else { format!("{rel}page/{n}/") }
}

/// The output file for a site-relative folder or file path.
pub fn output_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_prefix_sub_path() {
        let p = Permalinks::new("https://example.org/policy/briefs/", "/policy/briefs/");
        assert_eq!(p.path("briefs/x/"), "/policy/briefs/briefs/x/");
        assert_eq!(p.absolute("/atom.xml"), "https://example.org/policy/briefs/atom.xml");
        assert_eq!(page_rel("briefs/", 2), "briefs/page/2/");
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("atom.xml"), "atom.xml");
    }
}

//! Taxonomy term names: the URL slug a term gets, and when two spellings are one term.
//!
//! Guarantees: [`term_slug`] depends on the name alone (never on other terms or on file
//! order), so a term's URL is stable; `#` and `+` that end a word are spelled out
//! (`C#` → `c-sharp`, `C++` → `c-plus-plus`) so those names do not all become `c`; two
//! spellings are the same term ([`same_term`]) when they differ only in letter case and in
//! how words are separated (spaces, hyphens, underscores), and any other two names with one
//! slug are a collision for the model to report.

/// The URL segment of term `name`: [`slug::slugify`] after spelling out a `#` or `+` that
/// follows a letter, digit or `+` (a leading `#`, as in `#MeToo`, is dropped as before).
/// Empty when the name holds no letter or digit (`###`, `—`).
pub fn term_slug(name: &str) -> String {
    if !name.contains(['#', '+']) {
        return slug::slugify(name);
    }
    let mut spelled = String::with_capacity(name.len() + 16);
    // Whether the previous character was a letter or digit, or a symbol spelled out
    // after one (the second `+` of `C++`).
    let mut after_word = false;
    for c in name.chars() {
        let spelled_out = match c {
            '#' if after_word => Some(" sharp "),
            '+' if after_word => Some(" plus "),
            _ => None,
        };
        match spelled_out {
            Some(word) => spelled.push_str(word),
            None => spelled.push(c),
        }
        after_word = c.is_alphanumeric() || spelled_out.is_some();
    }
    slug::slugify(&spelled)
}

/// What identifies a term among its spellings: lowercase, words separated by one space.
pub fn term_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

/// Whether two spellings name one term (`Climate policy`, `climate  Policy`,
/// `climate-policy`).
pub fn same_term(a: &str, b: &str) -> bool {
    term_key(a) == term_key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_give_c_c_sharp_and_c_plus_plus_distinct_slugs() {
        assert_eq!(term_slug("C"), "c");
        assert_eq!(term_slug("C#"), "c-sharp");
        assert_eq!(term_slug("C++"), "c-plus-plus");
        assert_eq!(term_slug("F# and C#"), "f-sharp-and-c-sharp");
        assert_eq!(term_slug("G7+"), "g7-plus");
        assert_eq!(term_slug("C #"), "c");
    }

    #[test]
    fn can_keep_slugs_of_ordinary_names() {
        assert_eq!(term_slug("Climate policy"), "climate-policy");
        assert_eq!(term_slug("#MeToo"), "metoo");
        assert_eq!(term_slug("R&D"), "r-d");
        assert_eq!(term_slug("Café"), "cafe");
        assert_eq!(term_slug("+1"), "1");
    }

    #[test]
    fn can_tell_names_without_a_slug() {
        for name in ["###", "—", "#", "+", "++", "#+", "!!", "  "] {
            assert_eq!(term_slug(name), "", "{name}");
        }
    }

    #[test]
    fn can_tell_spellings_of_one_term_from_different_terms() {
        assert!(same_term("Climate policy", "climate policy"));
        assert!(same_term("Climate policy", "climate-policy"));
        assert!(same_term("Climate  Policy", "CLIMATE_policy"));
        assert!(!same_term("C", "C."));
        assert!(!same_term("R&D", "R D"));
        assert!(!same_term("Café", "Cafe"));
    }
}

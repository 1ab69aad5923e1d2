//! Did-you-mean: the known name closest to a misspelt one, offered as a hint.

/// The known name closest to `unknown`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_suggest_close_field_names() {
        assert_eq!(did_you_mean("sumary", ["title", "summary", "seed"]), Some("summary"));
        assert_eq!(did_you_mean("colour", ["title", "summary"]), None);
    }
}

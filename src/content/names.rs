//! Which file names are a site's inputs: editor scratch files (swap, backup, lock and temp
//! files written while saving), system clutter and version-control folders never are;
//! hidden names are inputs only in `static/`, whose dotfiles (`.nojekyll`, `.well-known/`)
//! are published.

/// The site's folders that hold its inputs (beside `site.yaml`): what the loader reads, the
/// watcher watches, and no build may write into.
pub const INPUT_DIRS: [&str; 5] = ["content", "seeds", "templates", "themes", "static"];

/// Swap, backup, lock and temp files editors write while saving, system clutter
/// (`.DS_Store`, `Thumbs.db`) and version-control folders.
pub fn is_scratch(name: &str) -> bool {
    const SUFFIXES: [&str; 8] = ["~", ".swp", ".swo", ".swx", ".tmp", ".bak", "___jb_tmp___", "___jb_old___"];
    const NAMES: [&str; 7] = ["4913", ".DS_Store", "Thumbs.db", ".git", ".hg", ".svn", "desktop.ini"];
    NAMES.contains(&name)
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Whether a file or folder named `name` is an input: never scratch, and hidden only where
/// `hidden_ok` (static files).
pub fn is_input(name: &str, hidden_ok: bool) -> bool {
    !is_scratch(name) && (hidden_ok || !name.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_inputs_from_scratch() {
        for name in ["a.swp", ".a.md.swp", "a.md~", ".#a.md", "#a.md#", "4913", ".DS_Store", ".git", "x.tmp"] {
            assert!(!is_input(name, true), "{name}");
        }
        for name in [".nojekyll", ".well-known", "CNAME", ".htaccess"] {
            assert!(is_input(name, true), "{name}");
            assert_eq!(is_input(name, false), !name.starts_with('.'), "{name}");
        }
        assert!(is_input("4913.md", false));
    }
}

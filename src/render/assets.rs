//! The small scripts Chancery gives every theme: client-side search over
//! the sharded index under `/search/data/`, copy buttons for citations, and the timeline's
//! topic filter.
//!
//! They rely only on ids and `data-` attributes documented in `docs/themes.md`, never on a
//! theme's classes, so one copy serves every theme. They are written to the output root
//! unless the theme or the site ships a static file of the same name, which then wins.

/// (output path, script) of every built-in script.
pub const SCRIPTS: [(&str, &str); 3] = [
    ("search.js", include_str!("assets/search.js")),
    ("cite.js", include_str!("assets/cite.js")),
    ("timeline.js", include_str!("assets/timeline.js")),
];

//! What markdown bodies are made with beyond pulldown-cmark, built once per render from the
//! site: its callout kinds ([`callouts`]) and its shortcode templates ([`shortcodes`]).
//!
//! [`callouts`]: crate::render::callouts
//! [`shortcodes`]: crate::render::shortcodes

use crate::model::Site;
use crate::render::callouts::Callouts;

/// The site's callout kinds and shortcodes.
#[derive(Debug, Default)]
pub struct Blocks {
    /// Callout kinds and their labels.
    pub callouts: Callouts,
}

impl Blocks {
    /// The blocks of `site`.
    pub fn new(site: &Site) -> Blocks {
        Blocks { callouts: Callouts::new(&site.config.callouts) }
    }
}

//! What markdown bodies are made with beyond pulldown-cmark, built once per render from the
//! site: its callout kinds ([`callouts`]) and its shortcode templates ([`shortcodes`]).
//!
//! [`callouts`]: crate::render::callouts
//! [`shortcodes`]: crate::render::shortcodes

use crate::error::Result;
use crate::model::Site;
use crate::render::callouts::Callouts;
use crate::render::shortcodes::Shortcodes;

/// The site's callout kinds and shortcodes.
#[derive(Debug, Default)]
pub struct Blocks {
    /// Callout kinds and their labels.
    pub callouts: Callouts,
    /// The shortcode templates.
    pub shortcodes: Shortcodes,
}

impl Blocks {
    /// The blocks of `site`.
    pub fn new(site: &Site) -> Result<Blocks> {
        let shortcodes = Shortcodes::compile(&site.templates, site.permalinks.base_path())?;
        Ok(Blocks { callouts: Callouts::new(&site.config.callouts), shortcodes })
    }
}

//! The site model: briefs in publishing order, taxonomies, timeline, related briefs and the
//! link table, built from loaded content without any I/O.

pub mod bundles;
pub mod links;
pub mod nav;
pub mod partition;
pub mod permalink;
mod related;
pub mod schedule;
pub mod site;
pub mod taxonomy;
pub mod timeline;
pub mod updates;

pub use site::Site;

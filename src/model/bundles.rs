//! Publishing page bundles and images: the files of each published brief's bundle and the
//! resized copies of published images join the static files, and the link table learns
//! where each is published, with each image's facts.
//!
//! Guarantees: pure; a draft left out takes its bundle files with it; the static files
//! stay sorted by output path.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::content::{Brief, BundleFile, ImageFact, StaticFile, StaticSource};
use crate::model::links::Links;

/// Adds the bundle files of `briefs` (those published) and the resized copies of published
/// images to `static_files`, and records them, with the facts of published images, in
/// `links`.
pub fn publish(
    briefs: &[Arc<Brief>],
    bundle_files: Vec<BundleFile>,
    mut images: HashMap<String, ImageFact>,
    static_files: &mut Vec<StaticFile>,
    links: &mut Links,
) {
    let kept: HashSet<&std::path::Path> = briefs.iter().map(|b| b.path.as_path()).collect();
    for f in bundle_files.into_iter().filter(|f| kept.contains(f.brief.as_path())) {
        links.insert(f.content, f.dest.clone());
        static_files.push(StaticFile { dest: f.dest, source: StaticSource::File(f.source) });
    }
    let published: HashSet<String> = static_files.iter().map(|f| f.dest.clone()).collect();
    images.retain(|dest, _| published.contains(dest));
    for fact in images.values() {
        for v in &fact.variants {
            static_files.push(StaticFile { dest: v.dest.clone(), source: StaticSource::File(v.source.clone()) });
        }
    }
    static_files.sort_by(|a, b| a.dest.cmp(&b.dest));
    static_files.dedup_by(|a, b| a.dest == b.dest);
    links.set_files(static_files.iter().map(|f| f.dest.clone()).collect(), images);
}

//! The key of a brief's PDF, made from what the render already holds (no markup made, no
//! PDF read): the site's part (engine version, configuration, PDF templates) and the
//! brief's part (its fields, its body, the link table's answers to what its walk looked
//! up, its data files, its bibliography and the bytes of the images it shows). The same
//! key, the same PDF: it names the PDF in the cache across builds, and is its
//! fingerprint within a session.
//!
//! Guarantees: every input of a PDF is in its key, image bytes included (an image edited
//! in place gives a new key); the key is the same in every process of the same binary.

use crate::content::Brief;
use crate::model::Site;
use crate::model::links::LinkRead;

/// Bumped when what a key covers changes, so that no PDF of an older key scheme is reused.
const KEY_SCHEME: &str = "chancery pdf key 2";

/// The image formats a PDF embeds, by extension.
pub(crate) const IMAGE_TYPES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// An XXH3-128 of length-prefixed parts.
struct KeyHasher(xxhash_rust::xxh3::Xxh3);

impl KeyHasher {
    fn new() -> KeyHasher {
        KeyHasher(xxhash_rust::xxh3::Xxh3::new())
    }

    fn part(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn number(&mut self, n: u128) {
        self.0.update(&n.to_le_bytes());
    }

    fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// The part of every PDF's key that the site gives: the engine, the configuration (paper,
/// standard, addresses, names, language, licence, citation style, callouts) and the PDF
/// templates (not the HTML ones).
pub(crate) fn site_key(site: &Site) -> u128 {
    let mut h = KeyHasher::new();
    h.part(KEY_SCHEME.as_bytes());
    h.part(env!("CARGO_PKG_VERSION").as_bytes());
    h.part(format!("{:?}", site.config).as_bytes());
    for t in site.templates.iter().filter(|t| t.name.ends_with(".typ")) {
        h.part(t.name.as_bytes());
        h.part(t.path.as_os_str().as_encoded_bytes());
        h.part(t.text.as_bytes());
    }
    h.finish()
}

/// The part of a PDF's key that brief `b` gives, whose markdown body is `body`: `meta`
/// (the key of its fields, [`super::cache::BriefKeys::meta`]), the body, the answers of the
/// link table to `reads` (what its walk looked up: pages, files, image facts with their
/// bytes' hash), its data files, its bibliography, and the bytes of any image it shows
/// that has no facts (a GIF, an SVG without a size).
pub(crate) fn brief_key(site: &Site, b: &Brief, meta: u64, body: &str, reads: &[LinkRead]) -> u128 {
    let mut h = KeyHasher::new();
    h.number(u128::from(meta));
    h.part(body.as_bytes());
    h.number(u128::from(site.links.answers_key(reads)));
    for (path, text) in &b.data {
        h.part(path.as_bytes());
        h.part(text.as_bytes());
    }
    h.number(b.references.as_ref().map_or(0, |bib| u128::from(bib.key) + 1));
    for read in reads {
        let LinkRead::Image(dest) = read else { continue };
        let Some((i, dest)) = image_file(site, dest) else { continue };
        let hash = match site.links.image(&dest) {
            Some(fact) => fact.hash,
            // Read now: the loader knows nothing of this image's bytes.
            None => site.static_files[i].source.bytes().map_or(0, |bytes| xxhash_rust::xxh3::xxh3_128(&bytes)),
        };
        h.part(dest.as_bytes());
        h.number(hash);
    }
    h.finish()
}

/// The key of the PDF of a brief: the site's part and the brief's.
pub(crate) fn key(site_key: u128, brief_key: u128) -> u128 {
    let mut h = KeyHasher::new();
    h.number(site_key);
    h.number(brief_key);
    h.finish()
}

/// The key as a fingerprint of the PDF's route (its low half).
pub(crate) fn fingerprint(key: u128) -> u64 {
    key as u64
}

/// The static file a PDF embeds for the image at `dest` (a path under the base path, as a
/// URL has it: maybe with a query or anchor, percent-encoded): its index among the site's
/// static files and its output path; `None` for a file the site does not copy or a format
/// Typst cannot read.
pub(crate) fn image_file(site: &Site, dest: &str) -> Option<(usize, String)> {
    let dest = dest.split(['#', '?']).next()?;
    let dest = percent_encoding::percent_decode_str(dest).decode_utf8().ok()?;
    let ext = dest.rsplit('.').next()?.to_ascii_lowercase();
    if !IMAGE_TYPES.contains(&ext.as_str()) {
        return None;
    }
    let i = site.static_files.binary_search_by(|f| f.dest.as_str().cmp(&dest)).ok()?;
    Some((i, dest.into_owned()))
}

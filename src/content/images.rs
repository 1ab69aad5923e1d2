//! Image facts, read at the edge so the render stays pure: each image's size (PNG, JPEG,
//! WebP decoded with the `image` crate; SVG read from its `width`/`height`/`viewBox`) and,
//! for raster images, resized copies for a responsive `srcset`.
//!
//! Resized copies are made in parallel and kept in a cache folder at the site root
//! (`.chancery-cache/images/<content hash>-<width>.<ext>`): a later build that finds a copy
//! reuses it, and deleting the folder only costs the time to make the copies again. The
//! same image gives the same bytes (fixed filter and encoder settings), so the output stays
//! deterministic. This is the only place besides `output` that writes files, and it writes
//! only into that cache.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat};
use rayon::prelude::*;

use crate::content::StaticSource;
use crate::error::{Error, Result};

/// Widths of the resized copies; only those narrower than the image are made.
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1600];

/// Where the cache lives, relative to the site root.
pub const CACHE_DIR: &str = ".chancery-cache/images";

/// What the render needs to know of an image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageFact {
    /// Its width in pixels (CSS pixels for SVG), if known.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// Resized copies, narrowest first (none for SVG and small images).
    pub variants: Vec<Variant>,
    /// XXH3-128 of the file's bytes: what a PDF that embeds it depends on (its size
    /// alone does not change when the image is edited in place).
    pub hash: u128,
}

/// A resized copy of a raster image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its output path (`briefs/<slug>/chart-480w.png`).
    pub dest: String,
    /// The cache file holding its bytes.
    pub source: PathBuf,
}

/// A file's size and modification time, to reuse facts of an unchanged file.
type Stamp = (u64, Option<std::time::SystemTime>);

/// What is kept of one image file: its stamp, output path and facts.
type Entry = (Stamp, String, Option<ImageFact>);

/// Facts of earlier reads, by source file.
#[derive(Debug, Default, Clone)]
pub struct ImageCache {
    entries: HashMap<PathBuf, Entry>,
}

/// The kinds of image read.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Raster(ImageFormat),
    Svg,
}

fn kind_of(dest: &str) -> Option<Kind> {
    let ext = dest.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => Kind::Raster(ImageFormat::Png),
        "jpg" | "jpeg" => Kind::Raster(ImageFormat::Jpeg),
        "webp" => Kind::Raster(ImageFormat::WebP),
        "svg" => Kind::Svg,
        _ => return None,
    })
}

/// The facts of every image among `files` (output path and source), by output path. An
/// image that cannot be decoded is an error naming its file. `cache` keeps the facts of
/// files whose size and modification time did not change and that `changed` does not name.
pub fn facts(
    root: &Path,
    files: &[(String, StaticSource)],
    cache: &mut ImageCache,
    changed: &(dyn Fn(&Path) -> bool + Sync),
) -> Result<HashMap<String, ImageFact>> {
    let cache_dir = crate::content::shown(root, Path::new(CACHE_DIR));
    let old = &cache.entries;
    let results: Vec<Result<(Option<PathBuf>, Entry)>> = files
        .par_iter()
        .filter_map(|(dest, source)| kind_of(dest).map(|kind| (dest, source, kind)))
        .map(|(dest, source, kind)| {
            let stamp = source.file().and_then(|p| std::fs::metadata(p).ok()).map(|m| (m.len(), m.modified().ok()));
            let kept = source.file().zip(stamp);
            if let Some((path, stamp)) = kept
                && let Some((was, was_dest, fact)) = old.get(path)
                && *was == stamp
                && !changed(path)
                && was_dest == dest
                && fact.as_ref().is_none_or(|f| f.variants.iter().all(|v| v.source.is_file()))
            {
                return Ok((Some(path.to_path_buf()), (stamp, dest.clone(), fact.clone())));
            }
            let bytes = source.bytes()?;
            let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
            let fact = match kind {
                Kind::Svg => {
                    svg_size(&bytes).map(|(width, height)| ImageFact { width, height, variants: Vec::new(), hash })
                }
                Kind::Raster(format) => {
                    let with_variants = source.file().is_some();
                    Some(raster(&bytes, hash, format, dest, &cache_dir, with_variants).map_err(|why| {
                        Error::content(source.shown(), 0, 0, format!("cannot read this image: {why}"))
                    })?)
                }
            };
            let (path, stamp) = kept.map_or((None, (0, None)), |(p, s)| (Some(p.to_path_buf()), s));
            Ok((path, (stamp, dest.clone(), fact)))
        })
        .collect();
    let mut out = HashMap::new();
    let mut entries = HashMap::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((path, entry)) => {
                if let Some(fact) = &entry.2 {
                    out.insert(entry.1.clone(), fact.clone());
                }
                if let Some(path) = path {
                    entries.insert(path, entry);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    cache.entries = entries;
    Ok(out)
}

/// A raster image's size and its resized copies (made now when the cache lacks them).
fn raster(
    bytes: &[u8],
    hash: u128,
    format: ImageFormat,
    dest: &str,
    cache_dir: &Path,
    with_variants: bool,
) -> std::result::Result<ImageFact, String> {
    let reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader.into_dimensions().map_err(|e| e.to_string())?;
    if width == 0 || height == 0 {
        return Err("it has no pixels".to_owned());
    }
    let widths: Vec<u32> =
        if with_variants { VARIANT_WIDTHS.iter().copied().filter(|w| *w < width).collect() } else { Vec::new() };
    let hash_hex = format!("{hash:032x}");
    let (stem, ext) = dest.rsplit_once('.').unwrap_or((dest, ""));
    let file_ext = match format {
        ImageFormat::Jpeg => "jpg",
        ImageFormat::WebP => "webp",
        _ => "png",
    };
    let variants: Vec<Variant> = widths
        .iter()
        .map(|&w| {
            let h = u32::try_from((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
                .unwrap_or(1)
                .max(1);
            Variant {
                width: w,
                height: h,
                dest: format!("{stem}-{w}w.{ext}"),
                source: cache_dir.join(format!("{hash_hex}-{w}.{file_ext}")),
            }
        })
        .collect();
    let missing: Vec<&Variant> = variants.iter().filter(|v| !v.source.is_file()).collect();
    if !missing.is_empty() {
        let decoded = image::load_from_memory_with_format(bytes, format).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(cache_dir).map_err(|e| format!("cannot make {}: {e}", cache_dir.display()))?;
        missing.par_iter().try_for_each(|v| write_variant(&decoded, format, v, cache_dir))?;
    }
    Ok(ImageFact { width, height, variants, hash })
}

/// Resizes `image` to `v`'s size and writes it, whole or not at all, to `v.source`.
fn write_variant(
    image: &DynamicImage,
    format: ImageFormat,
    v: &Variant,
    cache_dir: &Path,
) -> std::result::Result<(), String> {
    let resized = image.resize_exact(v.width, v.height, image::imageops::FilterType::Lanczos3);
    let mut bytes = Vec::new();
    let encoded = match format {
        ImageFormat::Jpeg => {
            resized.to_rgb8().write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85))
        }
        ImageFormat::WebP => {
            resized.to_rgba8().write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut bytes))
        }
        _ => resized.write_with_encoder(image::codecs::png::PngEncoder::new(&mut bytes)),
    };
    encoded.map_err(|e| format!("cannot resize it: {e}"))?;
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", v.source.display());
    let mut file = tempfile::NamedTempFile::new_in(cache_dir).map_err(fail)?;
    file.write_all(&bytes).map_err(fail)?;
    file.persist(&v.source).map_err(|e| fail(e.error))?;
    Ok(())
}

/// An SVG's size: its root's `width` and `height` in pixels, else its `viewBox`'s.
pub(crate) fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                if e.local_name().as_ref() != b"svg" {
                    return None;
                }
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                let pixels = |v: Option<String>| {
                    let v = v?;
                    let v = v.trim().trim_end_matches("px");
                    v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0).map(|n| n.round() as u32)
                };
                if let (Some(w), Some(h)) = (pixels(attr(b"width")), pixels(attr(b"height"))) {
                    return Some((w, h));
                }
                let view_box = attr(b"viewBox")?;
                let numbers: Vec<f64> =
                    view_box.split([' ', ',']).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
                let (w, h) = (*numbers.get(2)?, *numbers.get(3)?);
                return (w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite())
                    .then(|| (w.round() as u32, h.round() as u32));
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_svg_sizes_from_attributes_or_view_box() {
        let at = |s: &str| svg_size(s.as_bytes());
        assert_eq!(
            at("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120px\" height=\"80\"/>"),
            Some((120, 80))
        );
        assert_eq!(at("<svg viewBox=\"0 0 640 360\" width=\"100%\"></svg>"), Some((640, 360)));
        assert_eq!(at("<svg></svg>"), None);
        assert_eq!(at("<html/>"), None);
    }
}

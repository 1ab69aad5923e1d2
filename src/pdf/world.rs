//! The Typst `World` a brief's PDF is typeset in: the theme's template as the main source,
//! the generated data module beside it, the brief's images as files, the embedded fonts.
//!
//! Guarantees: no system fonts, no network, no package downloads, no clock (`today()` is
//! the brief's date); the fonts and the standard library are made once per process and
//! shared by every brief and thread.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The path of the template, the main source, inside the world.
pub(crate) const TEMPLATE_PATH: &str = "brief.typ";
/// The path of the generated module holding the brief's data and body.
pub(crate) const DATA_PATH: &str = "data.typ";

/// The embedded fonts, parsed once, and their book.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The id of `path` in the project root.
pub(crate) fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path).ok().map(|v| FileId::new(RootedPath::new(VirtualRoot::Project, v)))
}

/// One brief's world.
pub(crate) struct BriefWorld {
    template: Source,
    data: Source,
    /// The files the markup refers to (images), by their path in the world.
    files: BTreeMap<String, Bytes>,
    today: Option<Datetime>,
}

impl BriefWorld {
    /// A world of `template` (the main source), `data` (the generated module), `files` and
    /// the day `(year, month, day)` that `today()` gives.
    pub(crate) fn new(
        template: &str,
        data: String,
        files: BTreeMap<String, Vec<u8>>,
        today: (i32, u8, u8),
    ) -> Option<BriefWorld> {
        Some(BriefWorld {
            template: Source::new(file_id(TEMPLATE_PATH)?, template.to_owned()),
            data: Source::new(file_id(DATA_PATH)?, data),
            files: files.into_iter().map(|(k, v)| (k, Bytes::new(v))).collect(),
            today: Datetime::from_ymd(today.0, today.1, today.2),
        })
    }

    /// The source of `id`, when it is the template or the data module.
    pub(crate) fn known_source(&self, id: FileId) -> Option<&Source> {
        [&self.template, &self.data].into_iter().find(|s| s.id() == id)
    }

    /// Whether `id` is the template.
    pub(crate) fn is_template(&self, id: FileId) -> bool {
        self.template.id() == id
    }
}

/// A file's path in the world, without its leading `/`.
fn world_path(id: FileId) -> FileResult<String> {
    let rooted = id.get();
    if !matches!(rooted.root(), VirtualRoot::Project) {
        return Err(FileError::Other(Some("packages are not available to a brief's template".into())));
    }
    Ok(rooted.vpath().get_without_slash().to_owned())
}

impl World for BriefWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.known_source(id) {
            Some(source) => Ok(source.clone()),
            None => Err(FileError::NotSource),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.known_source(id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        let path = world_path(id)?;
        self.files.get(&path).cloned().ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

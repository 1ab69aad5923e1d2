//! `chancery import`'s reading of a plain-text article, kept whole: the title (the most
//! title-like line of the head, never a byline or a navigation line), the byline's authors,
//! the date of a dated line, and `seed_drop` proposals for web debris only (navigation,
//! share and "Read more" lines, captions and credits, press-release markers). Section
//! headings and paragraphs are never proposed. Everything here is pure; the files are read
//! and written by `scaffold`.
//!
//! - `dates`: dated lines in their many shapes;
//! - `title`: bylines and the choice of title;
//! - `analyse`: the whole article: head, title, authors, dates, proposals;
//! - `brief_text`: the brief's front-matter written from an analysis.
//!
//! Line classification (what furniture a line is, what heading shape it has) lives in
//! `content::seed::classify`, since the converter uses it too.

pub mod analyse;
pub mod brief_text;
pub mod dates;
pub mod title;

pub use analyse::{Analysis, analyse};
pub use brief_text::{Proposal, propose_brief};

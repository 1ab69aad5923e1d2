//! `pdf`: the engine that typesets a brief's PDF with Typst, embedded as a library (the
//! `pdf` cargo feature): markdown events to Typst markup ([`markup`]), a world of one
//! brief with the embedded fonts ([`world`]), and the compile and export ([`typeset`]).
//!
//! Guarantees: pure (no disk, no network, no system fonts, no clock); the same job gives
//! the same bytes; Typst's errors become the crate's, at the template's line or naming the
//! brief. What a brief's job holds is made by the render (`render/pdf_job.rs`).

pub mod markup;
pub mod typeset;
mod world;

pub use typeset::{Job, typeset};

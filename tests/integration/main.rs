//! Chancery's integration tests: one binary (ripgrep's `autotests = false` layout) that runs
//! the real `chancery` executable over fixture sites copied into temporary folders.

mod aliases;
mod archive;
mod authoring;
mod build_errors;
mod bundles;
mod callouts;
mod check;
mod cite_records;
mod config_and_terms;
mod content_layout;
mod determinism;
mod extra_and_template;
mod fixture_site;
mod hard_inputs;
mod harness;
mod hostile;
mod import_corpus;
mod incremental;
mod markdown_features;
mod metadata;
mod navigation;
mod output_folder;
#[cfg(feature = "pdf")]
mod pdf;
mod publication;
mod references;
mod repo_site;
mod schema_cli;
mod search;
mod serve;
mod shortcodes;
mod snapshots;
mod themes;
mod warnings;

//! Chancery's integration tests: one binary (ripgrep's `autotests = false` layout) that runs
//! the real `chancery` executable over fixture sites copied into temporary folders.

mod build_errors;
mod determinism;
mod fixture_site;
mod harness;
mod repo_site;

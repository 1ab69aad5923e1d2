//! `init`: a new, buildable site (site.yaml, an example brief, seed and page) using a
//! built-in theme by name; with `eject_theme`, a copy of the theme's files too, for a site
//! that wants to change them freely.
//!
//! Guarantees: writes only into a new or empty folder; the theme is checked before anything
//! is written (an unknown name gets a did-you-mean); the site written builds as it is.

use std::path::{Path, PathBuf};

use crate::content::theme;
use crate::diagnostics::did_you_mean;
use crate::error::{Error, Result};
use crate::scaffold::write_new;

/// What `init` should write.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder of the new site.
    pub dir: PathBuf,
    /// The built-in theme the site uses (`theme:` in site.yaml).
    pub theme: String,
    /// Copy the theme's files into `themes/<theme>/` as well.
    pub eject_theme: bool,
}

/// Writes a new site (into a folder that must be empty or absent); returns the files
/// written, relative to the folder.
pub fn init_site(options: &InitOptions) -> Result<Vec<PathBuf>> {
    let dir = &options.dir;
    let Some(theme_files) = theme::built_in_files(&options.theme) else {
        let known = theme::built_in_names();
        let hint = match did_you_mean(&options.theme, known.iter().copied()) {
            Some(name) => format!("did you mean `{name}`? The built-in themes are {}", known.join(", ")),
            None => format!("the built-in themes are {}", known.join(", ")),
        };
        return Err(Error::Config {
            path: PathBuf::from("--theme"),
            message: format!("unknown theme `{}`", options.theme),
        }
        .with_hint(hint));
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
        if entries.next().is_some() {
            return Err(Error::Config {
                path: dir.clone(),
                message: "the folder is not empty: `chancery init` only writes into a new or empty folder".to_owned(),
            });
        }
    }
    let site_yaml = INIT_SITE_YAML.replace("{theme}", &options.theme);
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (PathBuf::from("site.yaml"), site_yaml.as_bytes()),
        (PathBuf::from("content/briefs/example-brief.md"), INIT_BRIEF.as_bytes()),
        (PathBuf::from("content/pages/about.md"), INIT_ABOUT.as_bytes()),
        (PathBuf::from("seeds/example.txt"), INIT_SEED.as_bytes()),
        (PathBuf::from(".gitignore"), b"/public/\n/.public*\n/.chancery-cache/\n"),
    ];
    if options.eject_theme {
        let base = Path::new("themes").join(&options.theme);
        files.extend(theme_files.into_iter().map(|(rel, bytes)| (base.join(rel), bytes)));
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        write_new(dir, &rel, bytes, false)?;
        written.push(rel);
    }
    Ok(written)
}

/// site.yaml, with `{theme}` for the theme's name.
const INIT_SITE_YAML: &str = "\
# Chancery site configuration. Only `title` and `base_url` are required.
# `chancery schema site > site.schema.json` writes a JSON Schema for editors.
title: My Policy Briefs
description: Policy briefs with summaries, key points and a shared timeline.
tagline: Briefed and dated
# Where the site is published; may carry a sub-path (https://example.org/briefs/).
base_url: https://example.org/
language: en
# A built-in theme (default, briefing-room). Files under themes/<theme>/, templates/ and
# static/ replace the theme's own, one by one.
theme: {theme}
publisher: { name: Example Institute, url: https://example.org/ }
licence: CC BY 4.0
taxonomies:
  - { name: topics, title: Topics, singular: Topic }
  - { name: actors, title: Actors, singular: Actor }
  - { name: regions, title: Regions, singular: Region }
";

const INIT_BRIEF: &str = "\
---
title: An example brief built from a seed
date: 2024-05-06
summary: >-
  This brief shows how Chancery turns a plain-text seed and a few lines of
  front-matter into a page with a summary, key points and a place on the timeline.
key_points:
  - The body comes from seeds/example.txt, converted to markdown.
  - The image caption in the seed is left out through `seed_drop`.
  - The event below appears on the site-wide timeline.
topics: [Examples]
actors: [Example Institute]
regions: [Global]
source: { publisher: Example Institute, title: An example brief built from a seed }
seed: seeds/example.txt
seed_drop:
  - A desk with papers and a laptop
events:
  - { date: 2024-05, title: The example site is created }
---
";

const INIT_SEED: &str = "\
An example brief built from a seed

Published on 6 May 2024

A desk with papers and a laptop

A seed is a plain-text document kept exactly as it was received. Blank lines separate
paragraphs, and markdown characters such as *stars* or # hashes stay literal text.

What happens to questions?

A short question standing alone between paragraphs becomes a sub-heading, and the
Published on line above becomes the brief's date suggestion for `chancery import`.
";

const INIT_ABOUT: &str = "\
---
title: About
description: What this site is.
---
This site is built with Chancery from the briefs in `content/briefs/`.
";

//! `chancery schema [brief|page|site]`: print a JSON Schema for brief or page front-matter
//! or site.yaml.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use chancery::Config;
use chancery::schema::{brief_schema, page_schema, site_schema};

/// Which schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// Front-matter of content/briefs/*.md (with the site's taxonomies).
    Brief,
    /// Front-matter of content/pages/*.md.
    Page,
    /// site.yaml.
    Site,
}

/// Flags of `chancery schema`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery schema brief > brief.schema.json\n  chancery schema page > page.schema.json\n  \
chancery schema site > site.schema.json\n\n\
Then point the YAML language server at them, e.g. on the first line of site.yaml:\n  \
# yaml-language-server: $schema=./site.schema.json"
)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum, default_value = "brief")]
    pub kind: SchemaKind,
    /// The site whose taxonomies the brief schema allows (defaults apply without site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl SchemaArgs {
    /// Prints the schema to stdout.
    pub fn run(&self) -> anyhow::Result<()> {
        let schema = match self.kind {
            SchemaKind::Site => site_schema(),
            SchemaKind::Page => page_schema(),
            SchemaKind::Brief => {
                let names: Vec<String> = match Config::load(&self.root) {
                    Ok(config) => config.taxonomies.into_iter().map(|t| t.name).collect(),
                    Err(_) => ["topics", "actors", "regions"].map(str::to_owned).to_vec(),
                };
                brief_schema(&names.iter().map(String::as_str).collect::<Vec<_>>())
            }
        };
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", serde_json::to_string_pretty(&schema)?)?;
        Ok(())
    }
}

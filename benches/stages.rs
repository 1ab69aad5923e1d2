//! Criterion benchmarks of the build's stages, one brief (or one small site) at a time:
//! front-matter parsing (`Brief::parse`), seed conversion (`content::seed::convert`),
//! markdown (`render::markdown::render_markdown`), one brief page through the theme's
//! templates, and the whole in-memory render of a 200-brief site (`render::render`).
//!
//! Run with `cargo bench --bench stages`. The inputs are built here from fixed text (and the
//! repository's own seeds and theme), so the figures are comparable run to run.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use chancery::config::Config;
use chancery::content::seed::{self, SeedFilter, SeedOptions};
use chancery::content::{Brief, Content, TemplateSource};
use chancery::model::Site;
use chancery::model::links::Links;
use chancery::model::permalink::Permalinks;
use chancery::render::markdown::{self, LinkContext};
use criterion::{Criterion, criterion_group, criterion_main};

const TAXONOMIES: [&str; 3] = ["topics", "actors", "regions"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A brief of about 1,100 words with the features the corpus generator uses.
fn brief_text(i: usize, n: usize) -> String {
    let sentence = "The proposal raises compliance costs for small firms in the short run, \
                    and *the reform* narrows the scope of the exemptions (see `article_12`).";
    let mut s = format!(
        "---\ntitle: \"Brief number {i}: how the levy reshapes the market\"\ndate: 2023-{:02}-{:02}\n\
         summary: \"{sentence}\"\nkey_points:\n  - \"One.\"\n  - \"Two.\"\n  - \"Three.\"\n\
         authors:\n  - name: \"Ines Ferreira\"\n    affiliation: \"Digital Policy Lab\"\n\
         topics: [\"Energy Security\", \"Sanctions\"]\nactors: [\"G7\", \"NATO\", \"OECD\"]\nregions: [\"Europe\"]\n\
         events:\n  - date: \"2023-02\"\n    title: \"Proposal published (G7)\"\n  - date: \"2023-03-04\"\n    title: \"Vote\"\n---\n\n",
        i % 12 + 1,
        i % 28 + 1
    );
    for section in 0..8 {
        let _ = writeln!(s, "## Section {section}\n");
        for _ in 0..3 {
            for _ in 0..4 {
                s.push_str(sentence);
                s.push(' ');
            }
            s.push_str("\n\n");
        }
        if section == 2 {
            s.push_str("- First item of a list.\n- Second item.\n- Third item.\n\n");
            s.push_str("```python\nimport csv\nrows = list(csv.reader(open(\"a.csv\")))\nprint(len(rows))\n```\n\n");
            let _ = writeln!(s, "See [another brief](@/briefs/brief-{:06}.md).[^1]\n", (i + 1) % n);
        }
        if section == 4 {
            s.push_str(
                "### In detail\n\n> A quotation from a minister.\n\n| Year | Budget |\n|---|---:|\n| 2023 | 120 |\n\n",
            );
        }
    }
    s.push_str("[^1]: A source, retrieved 2023-03-04.\n");
    s
}

fn parse(i: usize, n: usize) -> Brief {
    let path = PathBuf::from(format!("content/briefs/brief-{i:06}.md"));
    Brief::parse(&path, &brief_text(i, n), &TAXONOMIES).unwrap_or_else(|e| panic!("bench brief: {e}"))
}

fn config() -> Config {
    let yaml = "title: Bench\nbase_url: https://e.org/\ntaxonomies:\n  - { name: topics, title: Topics, singular: Topic }\n  - { name: actors, title: Actors, singular: Actor }\n  - { name: regions, title: Regions, singular: Region }\n";
    Config::parse(Path::new("site.yaml"), yaml).unwrap_or_else(|e| panic!("config: {e}"))
}

fn templates() -> Vec<TemplateSource> {
    let dir = root().join("themes/default/templates");
    let mut out = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(&dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push(TemplateSource { name, path, text });
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn site(n: usize) -> Site {
    let content = Content {
        briefs: (0..n).map(|i| std::sync::Arc::new(parse(i, n))).collect(),
        pages: Vec::new(),
        templates: templates(),
        static_files: Vec::new(),
        warnings: Vec::new(),
        bundle_files: Vec::new(),
        images: Default::default(),
    };
    Site::build(content, &config(), &Default::default()).unwrap_or_else(|e| panic!("site: {e}"))
}

fn bench_parse(c: &mut Criterion) {
    let text = brief_text(7, 100);
    let path = Path::new("content/briefs/brief-000007.md");
    c.bench_function("front-matter/Brief::parse", |b| {
        b.iter(|| Brief::parse(black_box(path), black_box(&text), &TAXONOMIES))
    });
}

fn bench_seed(c: &mut Criterion) {
    let dir = root().join("seeds");
    let mut seeds: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("seeds: {e}")).flatten().map(|e| e.path()).collect();
    seeds.sort();
    let text = seeds.first().map(std::fs::read_to_string).and_then(Result::ok).unwrap_or_default();
    let filter = SeedFilter::default();
    c.bench_function("seed/convert", |b| {
        b.iter(|| seed::convert(black_box(&text), &filter, SeedOptions { title: Some("A seed"), drop: &[] }))
    });
}

fn bench_markdown(c: &mut Criterion) {
    let brief = parse(7, 100);
    let mut links = Links::default();
    for i in 0..100 {
        links.insert(format!("briefs/brief-{i:06}.md"), format!("briefs/brief-{i:06}/"));
    }
    let permalinks = Permalinks::new("https://e.org/", "/");
    let blocks = chancery::render::blocks::Blocks::default();
    c.bench_function("markdown/render_markdown", |b| {
        b.iter(|| {
            // A fresh reader each time, as each brief's render has its own.
            let links = chancery::model::links::LinkReader::new(&links);
            let ctx = LinkContext {
                links: &links,
                permalinks: &permalinks,
                base: "briefs/",
                blocks: &blocks,
                data: &markdown::NO_DATA,
            };
            markdown::render_markdown(black_box(&brief.body), ctx)
        })
    });
}

fn bench_render(c: &mut Criterion) {
    let one = site(1);
    c.bench_function("templates/one-brief site (compile + every page)", |b| {
        b.iter(|| chancery::render::render(black_box(&one)))
    });
    let small = site(200);
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("render::render, 200 briefs", |b| b.iter(|| chancery::render::render(black_box(&small))));
    group.finish();
}

criterion_group!(benches, bench_parse, bench_seed, bench_markdown, bench_render);
criterion_main!(benches);

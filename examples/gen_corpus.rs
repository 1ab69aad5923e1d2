//! A deterministic synthetic corpus of policy briefs, for benchmarking Chancery (and, with
//! `--hugo`, Hugo on the same briefs).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --n 10000 --out DIR [--seed S] [--hugo]
//! ```
//!
//! Writes a complete Chancery site into `DIR` (`site.yaml` and
//! `content/briefs/brief-NNNNNN.md`; the site uses the built-in theme, and a `themes/` folder
//! an earlier version of this generator copied is removed). With `--hugo` it also writes the same
//! briefs as a minimal Hugo site into `DIR/hugo` (`hugo.toml`, `content/`, `layouts/`), whose
//! pages mirror Chancery's: one page per brief, the paginated `/briefs/` list, a summaries
//! page, a timeline page, taxonomy and term pages, the home page, RSS and the sitemap.
//!
//! Guarantees: the same `--n` and `--seed` give byte-identical files (a seeded `fastrand`
//! generator per brief, no clock, no hash-map order); `DIR/content/briefs` is replaced whole.
//! Each brief has 800 to 1,500 words of body text with h2/h3 headings, lists, a blockquote,
//! footnotes, sometimes a fenced code block or a table, and links to two or three other
//! briefs written `@/briefs/<file>.md` (Hugo: `{{< ref >}}`, which Hugo checks the same way).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::ToSpan;
use jiff::civil::Date;

const TOPICS: [&str; 20] = [
    "Energy Security",
    "Climate Adaptation",
    "Digital Trade",
    "Artificial Intelligence",
    "Cyber Diplomacy",
    "Public Health",
    "Migration",
    "Sanctions",
    "Fiscal Policy",
    "Housing",
    "Water",
    "Critical Minerals",
    "Food Security",
    "Education",
    "Labour Markets",
    "Competition",
    "Financial Regulation",
    "Transport",
    "Data Protection",
    "Defence Industry",
];

const ACTORS: [&str; 30] = [
    "European Commission",
    "European Parliament",
    "Council of the EU",
    "European Central Bank",
    "International Monetary Fund",
    "World Bank",
    "OECD",
    "World Trade Organization",
    "World Health Organization",
    "UNHCR",
    "UN Security Council",
    "G7",
    "G20",
    "NATO",
    "African Union",
    "ASEAN",
    "Mercosur",
    "US Department of State",
    "US Congress",
    "US Treasury",
    "Federal Reserve",
    "UK Parliament",
    "Bank of England",
    "Bundestag",
    "French Senate",
    "Japanese Diet",
    "International Energy Agency",
    "IPCC",
    "ENISA",
    "Council of Europe",
];

const REGIONS: [&str; 8] =
    ["Europe", "North America", "Latin America", "Africa", "Middle East", "South Asia", "East Asia", "Oceania"];

const FIRST_NAMES: [&str; 12] =
    ["Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ines", "Jonas", "Keiko", "Luis"];
const LAST_NAMES: [&str; 12] = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Petrova",
    "Yilmaz",
    "Haddad",
    "Berg",
    "Sato",
    "Ferreira",
    "Novak",
    "Tanaka",
    "Reyes",
];
const INSTITUTES: [&str; 5] =
    ["Centre for Policy Studies", "Institute of Governance", "Digital Policy Lab", "Global Affairs Forum", ""];

const SUBJECTS: [&str; 40] = [
    "the proposal",
    "the new framework",
    "the regulator",
    "the ministry",
    "each member state",
    "the committee",
    "the agreement",
    "the reform",
    "the programme",
    "the levy",
    "the subsidy scheme",
    "the transition plan",
    "the draft text",
    "the review clause",
    "the standard",
    "the enforcement body",
    "the reporting duty",
    "the pilot",
    "the exemption",
    "the safeguard",
    "the budget line",
    "the cap",
    "the registry",
    "the audit",
    "the mandate",
    "the coalition",
    "the treaty",
    "the guidance",
    "the licensing regime",
    "the threshold",
    "the data-sharing rule",
    "the phase-in",
    "the consultation",
    "the impact assessment",
    "the dispute panel",
    "the investment fund",
    "the tariff schedule",
    "the supervisory college",
    "the certification scheme",
    "the roadmap",
];
const VERBS: [&str; 24] = [
    "raises",
    "lowers",
    "delays",
    "accelerates",
    "clarifies",
    "complicates",
    "extends",
    "narrows",
    "replaces",
    "funds",
    "restricts",
    "exempts",
    "strengthens",
    "weakens",
    "postpones",
    "harmonises",
    "fragments",
    "caps",
    "monitors",
    "rewards",
    "penalises",
    "reshapes",
    "tests",
    "supports",
];
const OBJECTS: [&str; 32] = [
    "compliance costs for small firms",
    "the burden on national authorities",
    "cross-border data flows",
    "investment in grid capacity",
    "the pace of the transition",
    "access to public procurement",
    "the reporting obligations of operators",
    "household energy bills",
    "the bargaining power of suppliers",
    "risk exposure in the banking sector",
    "the timeline for transposition",
    "public trust in the process",
    "the scope of the exemptions",
    "demand for skilled labour",
    "the resilience of supply chains",
    "price signals on the market",
    "the role of local government",
    "the independence of the supervisor",
    "the case for a common fund",
    "coordination between agencies",
    "the use of emergency powers",
    "the share of renewable supply",
    "the incentives for early movers",
    "enforcement across borders",
    "the cost of borrowing",
    "the quality of the evidence base",
    "the position of consumers",
    "the negotiating mandate",
    "the next budget cycle",
    "the reach of the sanctions",
    "the reliability of critical services",
    "the accountability of platforms",
];
const QUALIFIERS: [&str; 16] = [
    "in the short run",
    "for most households",
    "according to early estimates",
    "at least on paper",
    "unless the council intervenes",
    "by a wide margin",
    "in three of the largest economies",
    "despite strong objections",
    "over the next two budget cycles",
    "in most scenarios modelled",
    "for the first time",
    "with broad cross-party support",
    "if current trends hold",
    "without new legislation",
    "in several pilot regions",
    "as the consultation showed",
];
const OPENERS: [&str; 10] = [
    "However,",
    "In practice,",
    "By contrast,",
    "As a result,",
    "Meanwhile,",
    "In addition,",
    "Crucially,",
    "For now,",
    "Taken together,",
    "On balance,",
];
const HEADINGS: [&str; 16] = [
    "Background",
    "What changed",
    "Key provisions",
    "Who is affected",
    "Costs and benefits",
    "Implementation",
    "Open questions",
    "Risks",
    "Options for policymakers",
    "Outlook",
    "Evidence so far",
    "Political economy",
    "Legal basis",
    "International comparison",
    "Recommendations",
    "Stakeholder positions",
];
const ADJECTIVES: [&str; 16] = [
    "Binding",
    "Voluntary",
    "Temporary",
    "Contested",
    "Ambitious",
    "Cautious",
    "Fragmented",
    "Coordinated",
    "Costly",
    "Gradual",
    "Abrupt",
    "Revised",
    "Interim",
    "Overdue",
    "Uneven",
    "Quiet",
];
const EVENT_KINDS: [&str; 12] = [
    "Proposal published",
    "Consultation opened",
    "Consultation closed",
    "Committee vote",
    "Plenary vote",
    "Political agreement",
    "Entry into force",
    "Implementing act adopted",
    "Court ruling",
    "Summit statement",
    "Report released",
    "Transposition deadline",
];
const CODE: [(&str, &str); 6] = [
    (
        "python",
        "import csv\n\nwith open(\"allowances.csv\") as f:\n    rows = list(csv.DictReader(f))\ntotal = sum(float(r[\"tonnes\"]) for r in rows)\nprint(f\"{total:,.0f} tonnes\")\n",
    ),
    (
        "json",
        "{\n  \"instrument\": \"levy\",\n  \"rate\": 0.025,\n  \"exemptions\": [\"households\", \"small firms\"],\n  \"review\": \"2025-06-30\"\n}\n",
    ),
    (
        "yaml",
        "scheme:\n  name: capacity-mechanism\n  phases:\n    - year: 2024\n      cap: 1200\n    - year: 2025\n      cap: 1100\n",
    ),
    (
        "bash",
        "curl -s https://example.org/api/votes?file=2023/0123 \\\n  | jq '.results[] | {member, vote}' \\\n  > votes.json\n",
    ),
    (
        "toml",
        "[threshold]\nemployees = 250\nturnover_eur = 50_000_000\n\n[phase_in]\nstart = 2025-01-01\nfull = 2027-01-01\n",
    ),
    (
        "sql",
        "SELECT country, SUM(amount) AS total\nFROM disbursements\nWHERE year BETWEEN 2022 AND 2024\nGROUP BY country\nORDER BY total DESC;\n",
    ),
];

/// Command-line options.
struct Args {
    n: usize,
    out: PathBuf,
    seed: u64,
    hugo: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut n = None;
    let mut out = None;
    let mut seed = 20_240_331;
    let mut hugo = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--n" => n = Some(value("--n")?.parse::<usize>().map_err(|e| format!("--n: {e}"))?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--hugo" => hugo = true,
            "-h" | "--help" => {
                return Err("usage: gen_corpus --n N --out DIR [--seed S] [--hugo]".to_owned());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let n = n.ok_or("--n is required")?;
    let out = out.ok_or("--out is required")?;
    Ok(Args { n, out, seed, hugo })
}

/// A brief's metadata.
struct Meta {
    slug: String,
    title: String,
    date: Date,
    updated: Option<Date>,
    summary: String,
    key_points: Vec<String>,
    authors: Vec<(String, String)>,
    topics: Vec<&'static str>,
    actors: Vec<&'static str>,
    regions: Vec<&'static str>,
    /// (date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, title)
    events: Vec<(String, String)>,
}

fn pick(rng: &mut fastrand::Rng, items: &[&'static str]) -> &'static str {
    items[rng.usize(..items.len())]
}

/// `k` distinct items, in list order.
fn sample<T: Copy>(rng: &mut fastrand::Rng, items: &[T], k: usize) -> Vec<T> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    rng.shuffle(&mut idx);
    let mut chosen = idx[..k.min(items.len())].to_vec();
    chosen.sort_unstable();
    chosen.into_iter().map(|i| items[i]).collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn sentence(rng: &mut fastrand::Rng) -> String {
    let mut s = String::new();
    if rng.u8(..10) < 2 {
        s.push_str(pick(rng, &OPENERS));
        s.push(' ');
        s.push_str(pick(rng, &SUBJECTS));
    } else {
        s.push_str(&capitalise(pick(rng, &SUBJECTS)));
    }
    s.push(' ');
    s.push_str(pick(rng, &VERBS));
    s.push(' ');
    s.push_str(pick(rng, &OBJECTS));
    if rng.bool() {
        s.push(' ');
        s.push_str(pick(rng, &QUALIFIERS));
    }
    match rng.u8(..20) {
        0 | 1 => {
            let _ = write!(s, ", and *{}* {}", pick(rng, &OBJECTS), pick(rng, &QUALIFIERS));
        }
        2 => {
            let _ = write!(s, " (see `article_{}`)", rng.u8(1..99));
        }
        3 => {
            let _ = write!(s, ", by **{}%**", rng.u8(2..60));
        }
        _ => {}
    }
    s.push('.');
    s
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn paragraph(rng: &mut fastrand::Rng, lo: usize, hi: usize) -> String {
    let n = rng.usize(lo..=hi);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn iso(d: Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

fn brief_rng(seed: u64, i: usize) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i as u64).wrapping_add(1))
}

fn meta(rng: &mut fastrand::Rng, i: usize, n: usize) -> Meta {
    let start = Date::constant(2022, 1, 1);
    let end = Date::constant(2024, 12, 31);
    let span_days = 1095_i64;
    // Spread over 2022-2024 in index order, with a little jitter.
    let base = (i as i64 * span_days) / n.max(1) as i64;
    let offset = (base + rng.i64(0..4)).min(span_days);
    let date = start.checked_add(offset.days()).unwrap_or(start);
    let updated = (rng.u8(..10) < 3)
        .then(|| date.checked_add(rng.i64(3..120).days()).unwrap_or(date))
        .map(|u| if u > end { end } else { u })
        .filter(|u| *u > date);
    let k = rng.usize(1..=3);
    let topics = sample(rng, &TOPICS, k);
    let k = rng.usize(1..=4);
    let actors = sample(rng, &ACTORS, k);
    let k = rng.usize(1..=2);
    let regions = sample(rng, &REGIONS, k);
    let title = format!(
        "{} {}: how {} {} {}",
        pick(rng, &ADJECTIVES),
        pick(rng, &SUBJECTS).trim_start_matches("the ").trim_start_matches("each "),
        pick(rng, &SUBJECTS),
        pick(rng, &VERBS),
        pick(rng, &OBJECTS)
    );
    let summary = format!("{} {}", sentence(rng), sentence(rng));
    let key_points = (0..rng.usize(3..=5)).map(|_| sentence(rng)).collect();
    let authors = (0..rng.usize(1..=2))
        .map(|_| {
            (format!("{} {}", pick(rng, &FIRST_NAMES), pick(rng, &LAST_NAMES)), pick(rng, &INSTITUTES).to_string())
        })
        .collect();
    let mut events: Vec<(Date, u8, String)> = (0..rng.usize(1..=4))
        .map(|_| {
            let d = date.checked_sub(rng.i64(0..240).days()).unwrap_or(date);
            // Mostly full dates; some known only to the month or the year.
            let precision = match rng.u8(..10) {
                0 => 0,
                1 | 2 => 1,
                _ => 2,
            };
            (d, precision, format!("{} ({})", pick(rng, &EVENT_KINDS), pick(rng, &actors)))
        })
        .collect();
    events.sort();
    let events = events
        .into_iter()
        .map(|(d, precision, title)| {
            let written = match precision {
                0 => d.strftime("%Y").to_string(),
                1 => d.strftime("%Y-%m").to_string(),
                _ => iso(d),
            };
            (written, title)
        })
        .collect();
    Meta {
        slug: format!("brief-{i:06}"),
        title,
        date,
        updated,
        summary,
        key_points,
        authors,
        topics,
        actors,
        regions,
        events,
    }
}

/// Link syntax between briefs.
#[derive(Clone, Copy)]
enum Flavor {
    Chancery,
    Hugo,
}

fn link(flavor: Flavor, title: &str, slug: &str) -> String {
    match flavor {
        Flavor::Chancery => format!("[{title}](@/briefs/{slug}.md)"),
        Flavor::Hugo => format!("[{title}]({{{{< ref \"briefs/{slug}.md\" >}}}})"),
    }
}

/// The markdown body; `links` are (title, slug) of the briefs it cites.
fn body(rng: &mut fastrand::Rng, m: &Meta, links: &[(String, String)], flavor: Flavor) -> String {
    let target = rng.usize(760..=1280);
    let mut out: Vec<String> = Vec::new();
    let mut count = 0;
    let p = paragraph(rng, 3, 5);
    count += words(&p);
    out.push(p);
    let mut heads = HEADINGS.to_vec();
    rng.shuffle(&mut heads);
    let code_at = (rng.u8(..10) < 2).then(|| rng.usize(1..4));
    let table_at = (rng.u8(..10) < 1).then(|| rng.usize(1..4));
    let mut pending: Vec<String> = links.iter().map(|(t, s)| link(flavor, t, s)).collect();
    let mut footnotes = 0;
    let mut section = 0;
    while count < target {
        let h = heads[section % heads.len()];
        out.push(if section < heads.len() { format!("## {h}") } else { format!("## {h} ({section})") });
        section += 1;
        for _ in 0..rng.usize(1..=3) {
            let mut p = paragraph(rng, 3, 6);
            count += words(&p);
            if !pending.is_empty()
                && rng.u8(..10) < 4
                && let Some(l) = pending.pop()
            {
                let _ = write!(p, " See also {l}.");
            }
            if footnotes < 2 && rng.u8(..10) < 3 {
                footnotes += 1;
                p.push_str(&format!("[^{footnotes}]"));
            }
            out.push(p);
            if count >= target {
                break;
            }
        }
        if count >= target {
            break;
        }
        match rng.u8(..10) {
            0..=2 => {
                let items: Vec<String> = (0..rng.usize(3..=6)).map(|_| format!("- {}", sentence(rng))).collect();
                count += items.iter().map(|i| words(i) - 1).sum::<usize>();
                out.push(items.join("\n"));
            }
            3 | 4 => {
                let items: Vec<String> =
                    (0..rng.usize(3..=5)).map(|k| format!("{}. {}", k + 1, sentence(rng))).collect();
                count += items.iter().map(|i| words(i) - 1).sum::<usize>();
                out.push(items.join("\n"));
            }
            5 => {
                let q = format!("{} {}", sentence(rng), sentence(rng));
                count += words(&q);
                out.push(format!("> {q}\n>\n> — {}", pick(rng, &m.actors)));
            }
            _ => {}
        }
        if section >= 2 && rng.u8(..10) < 3 {
            out.push(format!("### {} in detail", pick(rng, &HEADINGS)));
            let p = paragraph(rng, 2, 4);
            count += words(&p);
            out.push(p);
        }
        if code_at == Some(section) {
            let (lang, code) = CODE[rng.usize(..CODE.len())];
            out.push(format!("```{lang}\n{code}```"));
        }
        if table_at == Some(section) {
            let mut t = String::from("| Year | Budget (EUR m) | Change |\n|------|---------------:|-------:|\n");
            for year in 2022..=2024 {
                let _ = writeln!(t, "| {year} | {} | {}% |", rng.u32(50..5000), rng.i8(-20..30));
            }
            out.push(t.trim_end().to_owned());
        }
    }
    if !pending.is_empty() {
        out.push(format!("Related: {}.", pending.join(", ")));
    }
    if footnotes == 0 {
        out.push("Sources are listed in the notes.[^1]".to_owned());
        footnotes = 1;
    }
    for k in 1..=footnotes {
        out.push(format!("[^{k}]: {} Retrieved {}.", sentence(rng), iso(m.date)));
    }
    out.join("\n\n") + "\n"
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml_list(items: &[&str]) -> String {
    format!("[{}]", items.iter().map(|s| yaml_str(s)).collect::<Vec<_>>().join(", "))
}

/// The front-matter: the same YAML for Chancery and Hugo.
fn front_matter(m: &Meta) -> String {
    let mut s = String::from("---\n");
    let _ = writeln!(s, "title: {}", yaml_str(&m.title));
    let _ = writeln!(s, "date: {}", iso(m.date));
    if let Some(u) = m.updated {
        let _ = writeln!(s, "updated: {}", iso(u));
    }
    let _ = writeln!(s, "summary: {}", yaml_str(&m.summary));
    s.push_str("key_points:\n");
    for p in &m.key_points {
        let _ = writeln!(s, "  - {}", yaml_str(p));
    }
    s.push_str("authors:\n");
    for (name, affiliation) in &m.authors {
        let _ = writeln!(s, "  - name: {}", yaml_str(name));
        if !affiliation.is_empty() {
            let _ = writeln!(s, "    affiliation: {}", yaml_str(affiliation));
        }
    }
    let _ = writeln!(s, "topics: {}", yaml_list(&m.topics));
    let _ = writeln!(s, "actors: {}", yaml_list(&m.actors));
    let _ = writeln!(s, "regions: {}", yaml_list(&m.regions));
    s.push_str("events:\n");
    for (date, title) in &m.events {
        let _ = writeln!(s, "  - date: {}\n    title: {}", yaml_str(date), yaml_str(title));
    }
    s.push_str("---\n\n");
    s
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

fn reset_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)
}

const SITE_YAML: &str = "title: Synthetic Policy Briefs
description: A generated corpus of policy briefs for Chancery's benchmarks.
tagline: Generated, not written
base_url: https://briefs.example.org/
language: en
theme: default
author: { name: Corpus generator }
publisher: { name: The Chancery project, url: https://example.org/ }
licence: Generated text, no rights reserved.
taxonomies:
  - { name: topics, title: Topics, singular: Topic }
  - { name: actors, title: Actors, singular: Actor }
  - { name: regions, title: Regions, singular: Region }
paginate_by: 20
";

const HUGO_TOML: &str = r#"baseURL = "https://briefs.example.org/"
title = "Synthetic Policy Briefs"
languageCode = "en"
disableKinds = ["robotsTXT"]
paginate = 20

[taxonomies]
  topic = "topics"
  actor = "actors"
  region = "regions"

[frontmatter]
  lastmod = ["updated", ":default"]

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  page = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]

[services.rss]
  limit = 50

[markup.highlight]
  codeFences = true
  noClasses = false
"#;

/// Hugo layouts doing what Chancery's default theme does, in a simpler markup. Related briefs
/// are left out: Hugo 0.111's `.Related` over three taxonomies took 11.5 minutes for 10,000
/// briefs on the benchmark machine, which would make the comparison meaningless (and is work
/// Chancery does and Hugo here does not).
const HUGO_LAYOUTS: [(&str, &str); 10] = [
    (
        "_default/baseof.html",
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}"></head>
<body><nav><a href="{{ .Site.Home.RelPermalink }}">Home</a> <a href="{{ "briefs/" | relURL }}">Briefs</a>
<a href="{{ "summaries/" | relURL }}">Summaries</a> <a href="{{ "timeline/" | relURL }}">Timeline</a>
<a href="{{ "topics/" | relURL }}">Topics</a> <a href="{{ "actors/" | relURL }}">Actors</a> <a href="{{ "regions/" | relURL }}">Regions</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#,
    ),
    (
        "partials/card.html",
        r#"<article class="card"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ if .Params.updated }} · Updated {{ .Lastmod.Format "2 January 2006" }}{{ end }} · {{ .ReadingTime }} min read</p>
<p>{{ .Params.summary }}</p>
<ul>{{ range .Params.topics }}<li><a href="{{ (printf "topics/%s/" (urlize .)) | relURL }}">{{ . }}</a></li>{{ end }}</ul></article>
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol>
{{ range first 10 (where .Site.RegularPages "Section" "briefs") }}<li>{{ partial "card.html" . }}</li>
{{ end }}</ol>
{{ range $name, $terms := .Site.Taxonomies }}<h2><a href="{{ (printf "%s/" $name) | relURL }}">{{ $name }}</a></h2><ul>
{{ range $terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }} {{ .Count }}</a></li>{{ end }}</ul>
{{ end }}{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}<h1>{{ .Title }}</h1><ol>
{{ range .Paginator.Pages }}<li>{{ partial "card.html" . }}</li>
{{ end }}</ol>
<nav>{{ with .Paginator.Prev }}<a rel="prev" href="{{ .URL }}">Previous</a>{{ end }}
<a href="{{ .Paginator.First.URL }}">1</a> <span>{{ .Paginator.PageNumber }}</span> <a href="{{ .Paginator.Last.URL }}">{{ .Paginator.TotalPages }}</a>
{{ with .Paginator.Next }}<a rel="next" href="{{ .URL }}">Next</a>{{ end }}</nav>{{ end }}
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}<article><p>{{ range .Params.topics }}<a href="{{ (printf "topics/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p>
<h1>{{ .Title }}</h1>
<p>Published <time>{{ .Date.Format "2 January 2006" }}</time>{{ if .Params.updated }} · Updated <time>{{ .Lastmod.Format "2 January 2006" }}</time>{{ end }}</p>
<p>{{ .ReadingTime }} min read · {{ .WordCount }} words</p>
<p class="summary">{{ .Params.summary }}</p>
<h2>Key points</h2><ul>{{ range .Params.key_points }}<li>{{ . }}</li>{{ end }}</ul>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<h2>Authors</h2><ul>{{ range .Params.authors }}<li>{{ .name }}{{ with .affiliation }}, {{ . }}{{ end }}</li>{{ end }}</ul>
<h2>Key dates</h2><ul>{{ range .Params.events }}<li><time>{{ .date }}</time> {{ .title }}</li>{{ end }}</ul>
<p>Actors: {{ range .Params.actors }}<a href="{{ (printf "actors/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p>
<p>Regions: {{ range .Params.regions }}<a href="{{ (printf "regions/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p>
</article>{{ end }}
"#,
    ),
    (
        "_default/summaries.html",
        r#"{{ define "title" }}Summaries{{ end }}
{{ define "main" }}<h1>Summaries</h1><ol>
{{ range where .Site.RegularPages "Section" "briefs" }}<li><article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time>{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min read</p><p>{{ .Params.summary }}</p>
<ul>{{ range .Params.key_points }}<li>{{ . }}</li>{{ end }}</ul><p>{{ .Permalink }}</p></article></li>
{{ end }}</ol>{{ end }}
"#,
    ),
    (
        "_default/timeline.html",
        r#"{{ define "title" }}Timeline{{ end }}
{{ define "main" }}<h1>Timeline</h1>
{{ range where .Site.RegularPages "Section" "briefs" }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></h2><ul>
{{ range .Params.events }}<li><time>{{ .date }}</time> {{ .title }}</li>{{ end }}</ul></section>
{{ end }}{{ end }}
"#,
    ),
    (
        "_default/taxonomy.html",
        r#"{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "_default/term.html",
        r#"{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}<h1>{{ .Data.Singular }}: {{ .Title }}</h1><p>{{ len .Pages }} briefs · <a href="{{ with .OutputFormats.Get "rss" }}{{ .RelPermalink }}{{ end }}">RSS</a></p><ol>
{{ range .Paginator.Pages }}<li>{{ partial "card.html" . }}</li>
{{ end }}</ol>
<nav>{{ with .Paginator.Prev }}<a rel="prev" href="{{ .URL }}">Previous</a>{{ end }}
<a href="{{ .Paginator.First.URL }}">1</a> <span>{{ .Paginator.PageNumber }}</span> <a href="{{ .Paginator.Last.URL }}">{{ .Paginator.TotalPages }}</a>
{{ with .Paginator.Next }}<a rel="next" href="{{ .URL }}">Next</a>{{ end }}</nav>{{ end }}
"#,
    ),
    (
        "404.html",
        r#"{{ define "main" }}<h1>Page not found</h1>{{ end }}
"#,
    ),
];

fn generate(args: &Args) -> std::io::Result<(usize, usize)> {
    let n = args.n;
    let mut rngs: Vec<fastrand::Rng> = (0..n).map(|i| brief_rng(args.seed, i)).collect();
    let metas: Vec<Meta> = rngs.iter_mut().enumerate().map(|(i, rng)| meta(rng, i, n)).collect();

    let chancery_briefs = args.out.join("content/briefs");
    reset_dir(&chancery_briefs)?;
    let hugo = args.out.join("hugo");
    if args.hugo {
        reset_dir(&hugo)?;
    }
    let mut total_words = 0;
    for (i, (m, rng)) in metas.iter().zip(&mut rngs).enumerate() {
        let links: Vec<(String, String)> = (0..rng.usize(2..=3))
            .map(|_| rng.usize(..n))
            .filter(|&j| j != i)
            .map(|j| (metas[j].title.clone(), metas[j].slug.clone()))
            .collect();
        // Both flavours from the same generator state, so the texts match word for word.
        let state = rng.get_seed();
        let text = body(rng, m, &links, Flavor::Chancery);
        total_words += words(&text);
        let fm = front_matter(m);
        write(&chancery_briefs.join(format!("{}.md", m.slug)), &(fm.clone() + &text))?;
        if args.hugo {
            let mut again = fastrand::Rng::with_seed(state);
            let hugo_text = body(&mut again, m, &links, Flavor::Hugo);
            write(&hugo.join("content/briefs").join(format!("{}.md", m.slug)), &(fm + &hugo_text))?;
        }
    }
    write(&args.out.join("site.yaml"), SITE_YAML)?;
    let themes = args.out.join("themes");
    if themes.exists() {
        fs::remove_dir_all(&themes)?;
    }

    if args.hugo {
        write(&hugo.join("hugo.toml"), HUGO_TOML)?;
        write(&hugo.join("content/briefs/_index.md"), "---\ntitle: \"All briefs\"\n---\n")?;
        write(
            &hugo.join("content/summaries.md"),
            "---\ntitle: \"Summaries\"\nlayout: \"summaries\"\ndate: 2024-12-31\n_build:\n  list: never\n---\n",
        )?;
        write(
            &hugo.join("content/timeline.md"),
            "---\ntitle: \"Timeline\"\nlayout: \"timeline\"\ndate: 2024-12-31\n_build:\n  list: never\n---\n",
        )?;
        for (name, text) in HUGO_LAYOUTS {
            write(&hugo.join("layouts").join(name), text)?;
        }
    }
    Ok((n, total_words))
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok((n, total)) => {
            eprintln!(
                "gen_corpus: wrote {n} briefs ({total} words, {} per brief) to {}{}",
                total / n.max(1),
                args.out.display(),
                if args.hugo { " (and a Hugo copy in hugo/)" } else { "" }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

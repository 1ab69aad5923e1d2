//! The corpus-scale benchmark: generates synthetic sites of N briefs, builds each with the
//! release `chancery build` and with Hugo several times, and reports wall time, CPU time,
//! peak memory, output bytes and files, for a clean build and for a rebuild over an
//! unchanged output, and (with `--lighthouse DIR`) Lighthouse scores of one page of each
//! type at the largest size up to 10,000 briefs, as markdown tables in `BENCHMARKS.md` and
//! a chart in `benches/chart.svg`.
//!
//! Run it through `bash benches/corpus.sh` (which installs Hugo and hyperfine if missing and
//! builds the binaries first); by hand:
//!
//! ```text
//! cargo build --release --bin chancery --example gen_corpus --example corpus_bench
//! target/release/examples/corpus_bench [--with-100k] [--sizes 1000,10000] [--runs 5]
//!                                      [--hugo-max 10000] [--work DIR] [--no-hugo] [--no-write]
//!                                      [--lighthouse DIR]
//! ```
//!
//! Hugo runs only up to `--hugo-max` briefs (10,000 by default): at 10,000 it already peaks
//! at about 3.4 GiB, so 100,000 would not fit this machine's memory. Sizes of 100,000 and
//! more get at most 3 timed runs.
//!
//! Method: one untimed build of each site first (it also counts the HTML pages each tool
//! writes); then `--runs` timed clean builds (each tool's output, and Chancery's kept previous
//! output, deleted before each: hyperfine's `--prepare`), through hyperfine when it is
//! installed (one warm-up run), each wrapped in `/usr/bin/time -v` for CPU time and peak
//! resident set size. Wall
//! time is hyperfine's median (else the median of `/usr/bin/time`'s elapsed time); CPU time
//! and peak RSS are medians over the timed runs.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Command-line options.
struct Args {
    sizes: Vec<usize>,
    runs: usize,
    hugo_max: usize,
    work: PathBuf,
    hugo: bool,
    write: bool,
    /// A folder holding `node_modules/.bin/lighthouse`, to score the pages of the largest
    /// size up to 10,000 briefs.
    lighthouse: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut sizes = vec![1_000, 10_000];
    let mut runs = 5;
    let mut hugo_max = 10_000;
    let mut work = PathBuf::from("target/corpus-bench");
    let mut hugo = true;
    let mut write = true;
    let mut lighthouse = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--with-100k" => sizes.push(100_000),
            "--sizes" => {
                sizes = value("--sizes")?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().map_err(|e| format!("--sizes: {e}")))
                    .collect::<Result<_, _>>()?;
            }
            "--runs" => runs = value("--runs")?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--hugo-max" => hugo_max = value("--hugo-max")?.parse().map_err(|e| format!("--hugo-max: {e}"))?,
            "--work" => work = PathBuf::from(value("--work")?),
            "--no-hugo" => hugo = false,
            "--no-write" => write = false,
            "--lighthouse" => lighthouse = Some(PathBuf::from(value("--lighthouse")?)),
            other => return Err(format!("unknown argument `{other}` (see the header of examples/corpus_bench.rs)")),
        }
    }
    sizes.sort_unstable();
    sizes.dedup();
    if runs == 0 {
        return Err("--runs must be at least 1".to_owned());
    }
    Ok(Args { sizes, runs, hugo_max, work, hugo, write, lighthouse })
}

/// One tool's figures at one size.
#[derive(Debug, Clone)]
struct Measure {
    tool: &'static str,
    n: usize,
    pages: usize,
    wall: f64,
    wall_min: f64,
    wall_max: f64,
    cpu: f64,
    rss_kib: u64,
    /// Bytes and files of the output folder.
    bytes: u64,
    files: usize,
}

/// What `/usr/bin/time -v` reported for one run.
#[derive(Debug, Clone, Copy, Default)]
struct TimeRecord {
    wall: f64,
    user: f64,
    sys: f64,
    rss_kib: u64,
}

fn parse_time_records(text: &str) -> Vec<TimeRecord> {
    let mut out = Vec::new();
    let mut current = TimeRecord::default();
    for line in text.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("User time (seconds): ") {
            current.user = v.parse().unwrap_or(0.0);
        } else if let Some(v) = line.strip_prefix("System time (seconds): ") {
            current.sys = v.parse().unwrap_or(0.0);
        } else if let Some(v) = line.strip_prefix("Elapsed (wall clock) time (h:mm:ss or m:ss): ") {
            current.wall = v.split(':').fold(0.0, |acc, part| acc * 60.0 + part.parse::<f64>().unwrap_or(0.0));
        } else if let Some(v) = line.strip_prefix("Maximum resident set size (kbytes): ") {
            current.rss_kib = v.parse().unwrap_or(0);
        } else if line.starts_with("Exit status: ") {
            out.push(current);
            current = TimeRecord::default();
        }
    }
    out
}

fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 { xs[m] } else { (xs[m - 1] + xs[m]) / 2.0 }
}

/// Whether `program` is an executable file on the `PATH`.
fn have(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The bytes and the number of files under `dir`.
fn output_size(dir: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    let Ok(entries) = fs::read_dir(dir) else { return total };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            let (b, f) = output_size(&entry.path());
            total = (total.0 + b, total.1 + f);
        } else if kind.is_file() {
            total = (total.0 + entry.metadata().map_or(0, |m| m.len()), total.1 + 1);
        }
    }
    total
}

fn count_html(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() { count_html(&p) } else { usize::from(p.extension().is_some_and(|x| x == "html")) }
        })
        .sum()
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Times `command` (a shell command line) `runs` times, each after `prepare` (which deletes
/// the tool's output, so that every timed build is a clean one); returns the figures.
fn measure(
    tool: &'static str,
    n: usize,
    command: &str,
    prepare: &str,
    runs: usize,
    scratch: &Path,
) -> Result<Measure, String> {
    let time_file = scratch.join(format!("{tool}-{n}.time"));
    let _ = fs::remove_file(&time_file);
    let timed = format!("/usr/bin/time -v -a -o {} {command}", shell_quote(&time_file.to_string_lossy()));
    let mut hyperfine_wall = None;
    if have("hyperfine") {
        let json = scratch.join(format!("{tool}-{n}.json"));
        run(Command::new("hyperfine")
            .args(["--style", "basic", "--warmup", "1", "--runs", &runs.to_string(), "--prepare", prepare])
            .arg("--export-json")
            .arg(&json)
            .args(["--command-name", tool, &timed]))?;
        let text = fs::read_to_string(&json).map_err(|e| format!("{}: {e}", json.display()))?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
        let r = &v["results"][0];
        let f = |k: &str| r[k].as_f64().unwrap_or(0.0);
        hyperfine_wall = Some((f("median"), f("min"), f("max")));
    } else {
        for _ in 0..=runs {
            run(Command::new("sh").arg("-c").arg(prepare))?;
            run(Command::new("sh").arg("-c").arg(&timed))?;
        }
    }
    let text = fs::read_to_string(&time_file).map_err(|e| format!("{}: {e}", time_file.display()))?;
    let records = parse_time_records(&text);
    // The first record is the warm-up run.
    let records: Vec<TimeRecord> = records.into_iter().skip(1).collect();
    let walls: Vec<f64> = records.iter().map(|r| r.wall).collect();
    let (wall, wall_min, wall_max) = hyperfine_wall.unwrap_or_else(|| {
        let lo = walls.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = walls.iter().copied().fold(0.0, f64::max);
        (median(walls.clone()), lo, hi)
    });
    let cpu = median(records.iter().map(|r| r.user + r.sys).collect());
    let rss = median(records.iter().map(|r| r.rss_kib as f64).collect()) as u64;
    Ok(Measure { tool, n, pages: 0, wall, wall_min, wall_max, cpu, rss_kib: rss, bytes: 0, files: 0 })
}

fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown".to_owned());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|k| k.parse().ok())
        .unwrap_or(0);
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let hugo = run(Command::new("hugo").arg("version")).unwrap_or_default();
    let hugo = hugo.split_whitespace().nth(1).unwrap_or("not installed").to_owned();
    let hyperfine = run(Command::new("hyperfine").arg("--version")).unwrap_or_else(|_| "not installed".to_owned());
    format!(
        "{cpus} CPUs (nproc), {model}, {:.1} GiB RAM; Hugo {hugo}; {}; Chancery {}",
        mem_kib as f64 / 1024.0 / 1024.0,
        hyperfine.trim(),
        env!("CARGO_PKG_VERSION")
    )
}

fn table(results: &[Measure]) -> String {
    let mut s = String::from(
        "| Briefs | Tool | HTML pages | Wall, median (min–max) | CPU user+sys | Peak RSS | Output | Files | Wall vs Hugo |\n\
         |---:|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for m in results {
        let hugo = results.iter().find(|h| h.tool == "hugo" && h.n == m.n);
        let ratio = match hugo {
            Some(h) if m.tool.starts_with("chancery") && h.wall > 0.0 => format!("{:.2}×", m.wall / h.wall),
            _ => "–".to_owned(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.2} s ({:.2}–{:.2}) | {:.2} s | {:.0} MiB | {:.1} MB | {} | {} |",
            group(m.n),
            m.tool,
            group(m.pages),
            m.wall,
            m.wall_min,
            m.wall_max,
            m.cpu,
            m.rss_kib as f64 / 1024.0,
            m.bytes as f64 / 1e6,
            group(m.files),
            ratio
        );
    }
    s
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Build time against N, log-log, one line per tool.
fn chart(results: &[Measure]) -> String {
    let (w, h) = (640.0_f64, 400.0_f64);
    let (left, right, top, bottom) = (70.0, 20.0, 40.0, 50.0);
    let ns: Vec<f64> = results.iter().map(|m| m.n as f64).collect();
    let ts: Vec<f64> = results.iter().map(|m| m.wall.max(1e-3)).collect();
    let (n_lo, n_hi) = (ns.iter().copied().fold(f64::INFINITY, f64::min), ns.iter().copied().fold(0.0, f64::max));
    let (t_lo, t_hi) = (ts.iter().copied().fold(f64::INFINITY, f64::min), ts.iter().copied().fold(0.0, f64::max));
    let x_lo = n_lo.log10().floor();
    let x_hi = n_hi.log10().ceil().max(x_lo + 1.0);
    let y_lo = t_lo.log10().floor();
    let y_hi = t_hi.log10().ceil().max(y_lo + 1.0);
    let x = |n: f64| left + (n.log10() - x_lo) / (x_hi - x_lo) * (w - left - right);
    let y = |t: f64| h - bottom - (t.log10() - y_lo) / (y_hi - y_lo) * (h - top - bottom);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<title>Build time against number of briefs (log-log)</title>");
    let _ = writeln!(s, "<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">Median build wall time against briefs (log-log)</text>",
        w / 2.0
    );
    let mut e = x_lo as i32;
    while f64::from(e) <= x_hi {
        let n = 10f64.powi(e);
        let px = x(n);
        let _ = writeln!(
            s,
            "<line x1=\"{px:.1}\" y1=\"{top}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            h - bottom,
            h - bottom + 18.0,
            group(n as usize)
        );
        e += 1;
    }
    let mut e = y_lo as i32;
    while f64::from(e) <= y_hi {
        let t = 10f64.powi(e);
        let py = y(t);
        let label = if t >= 1.0 { format!("{t:.0} s") } else { format!("{t} s") };
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
            w - right,
            left - 6.0,
            py + 4.0
        );
        e += 1;
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">briefs</text>",
        (left + w - right) / 2.0,
        h - 10.0
    );
    for (k, (tool, colour)) in [("chancery", "#1f5fa8"), ("hugo", "#c0392b")].into_iter().enumerate() {
        let points: Vec<(f64, f64)> =
            results.iter().filter(|m| m.tool == tool).map(|m| (x(m.n as f64), y(m.wall.max(1e-3)))).collect();
        if points.is_empty() {
            continue;
        }
        let line: Vec<String> = points.iter().map(|(px, py)| format!("{px:.1},{py:.1}")).collect();
        let _ = writeln!(
            s,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            line.join(" ")
        );
        for (m, (px, py)) in results.iter().filter(|m| m.tool == tool).zip(&points) {
            let _ = writeln!(
                s,
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"{colour}\"><title>{tool}, {} briefs: {:.2} s</title></circle><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\">{:.2} s</text>",
                group(m.n),
                m.wall,
                px + 6.0,
                py - 6.0,
                m.wall
            );
        }
        let ly = top + 8.0 + 18.0 * k as f64;
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            left + 10.0,
            ly - 10.0,
            left + 28.0,
            ly,
            if tool == "chancery" { "Chancery" } else { "Hugo" }
        );
    }
    s.push_str("</svg>\n");
    s
}

const START: &str = "<!-- corpus-bench:start -->";
const END: &str = "<!-- corpus-bench:end -->";

/// Replaces the generated part of BENCHMARKS.md (between the markers), or appends it.
fn update_benchmarks_md(path: &Path, generated: &str) -> Result<(), String> {
    let old = fs::read_to_string(path).unwrap_or_default();
    let block = format!("{START}\n{generated}{END}");
    let new = match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if b > a => format!("{}{block}{}", &old[..a], &old[b + END.len()..]),
        _ => format!("{old}\n{block}\n"),
    };
    fs::write(path, new).map_err(|e| format!("{}: {e}", path.display()))
}

fn bench(args: &Args) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let examples = exe.parent().ok_or("no parent folder")?;
    let gen_corpus = examples.join("gen_corpus");
    let chancery = examples.parent().ok_or("no parent folder")?.join("chancery");
    for bin in [&gen_corpus, &chancery] {
        if !bin.exists() {
            return Err(format!(
                "{} is missing: cargo build --release --bin chancery --example gen_corpus",
                bin.display()
            ));
        }
    }
    let hugo = args.hugo && have("hugo");
    if args.hugo && !hugo {
        eprintln!("corpus_bench: hugo is not installed (apt-get install -y hugo); measuring Chancery alone");
    }
    fs::create_dir_all(&args.work).map_err(|e| format!("{}: {e}", args.work.display()))?;
    let work = fs::canonicalize(&args.work).map_err(|e| e.to_string())?;
    let mut results = Vec::new();
    for &n in &args.sizes {
        let hugo = hugo && n <= args.hugo_max;
        let runs = if n >= 100_000 { args.runs.min(3) } else { args.runs };
        let dir = work.join(format!("n{n}"));
        eprintln!("corpus_bench: generating {n} briefs in {}", dir.display());
        let mut generate = Command::new(&gen_corpus);
        generate.args(["--n", &n.to_string(), "--out"]).arg(&dir);
        if hugo {
            generate.arg("--hugo");
        }
        run(&mut generate)?;

        let chancery_cmd = format!(
            "{} build --root {}",
            shell_quote(&chancery.to_string_lossy()),
            shell_quote(&dir.to_string_lossy())
        );
        run(Command::new("sh").arg("-c").arg(&chancery_cmd))?;
        // A clean build, as CI on a fresh checkout: no output, no previous output to reuse.
        let chancery_clean = format!(
            "rm -rf {}",
            ["public", ".public.previous", ".public.staging"]
                .map(|name| shell_quote(&dir.join(name).to_string_lossy()))
                .join(" ")
        );
        let mut m = measure("chancery", n, &chancery_cmd, &chancery_clean, runs, &work)?;
        m.pages = count_html(&dir.join("public"));
        (m.bytes, m.files) = output_size(&dir.join("public"));
        eprintln!("corpus_bench: chancery, {n} briefs: {:.2} s, {} MiB", m.wall, m.rss_kib / 1024);
        results.push(m.clone());
        // A rebuild over the unchanged output of the build before: a different figure.
        let mut r = measure("chancery rebuild", n, &chancery_cmd, "true", runs, &work)?;
        (r.pages, r.bytes, r.files) = (m.pages, m.bytes, m.files);
        eprintln!("corpus_bench: chancery rebuild, {n} briefs: {:.2} s", r.wall);
        results.push(r);

        if hugo {
            let hugo_dir = dir.join("hugo");
            let hugo_cmd = format!("hugo --quiet --source {}", shell_quote(&hugo_dir.to_string_lossy()));
            let _ = fs::remove_dir_all(hugo_dir.join("public"));
            run(Command::new("sh").arg("-c").arg(&hugo_cmd))?;
            let hugo_clean = format!("rm -rf {}", shell_quote(&hugo_dir.join("public").to_string_lossy()));
            let mut m = measure("hugo", n, &hugo_cmd, &hugo_clean, runs, &work)?;
            m.pages = count_html(&hugo_dir.join("public"));
            (m.bytes, m.files) = output_size(&hugo_dir.join("public"));
            eprintln!("corpus_bench: hugo, {n} briefs: {:.2} s, {} MiB", m.wall, m.rss_kib / 1024);
            results.push(m);
        }
    }

    let mut generated = String::new();
    let _ = writeln!(generated, "Machine: {}.\n", machine());
    let _ = writeln!(
        generated,
        "Runs: {} timed builds per tool and size{}{}; command: `bash benches/corpus.sh{}`.\n",
        args.runs,
        if have("hyperfine") { " (hyperfine, one warm-up)" } else { " (after one warm-up)" },
        if args.sizes.iter().any(|&n| n >= 100_000) {
            format!(", at most 3 from 100,000 briefs; Hugo up to {} briefs", group(args.hugo_max))
        } else {
            String::new()
        },
        if args.sizes.contains(&100_000) { " --with-100k" } else { "" }
    );
    generated.push_str(&table(&results));
    generated.push_str(
        "\n`chancery` rows are clean builds (no output folder, no previous output); `chancery rebuild` \
         rows build again over the unchanged output of the run before (unchanged files linked).\n",
    );
    if let Some(lighthouse) = &args.lighthouse {
        match args.sizes.iter().copied().filter(|&n| n <= 10_000).max() {
            Some(n) => generated.push_str(&lighthouse_table(lighthouse, &chancery, &work.join(format!("n{n}")), n)?),
            None => eprintln!("corpus_bench: no size up to 10,000 to score with Lighthouse"),
        }
    }
    let per_brief: Vec<String> = results
        .iter()
        .filter(|m| m.tool == "chancery")
        .map(|m| format!("{} briefs: {:.0} µs", group(m.n), m.wall / m.n as f64 * 1e6))
        .collect();
    let _ = writeln!(generated, "\nChancery wall time per brief: {}.\n", per_brief.join("; "));
    generated.push_str("![Build time against number of briefs](benches/chart.svg)\n");
    println!("{generated}");
    if args.write {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::write(root.join("benches/chart.svg"), chart(&results)).map_err(|e| format!("benches/chart.svg: {e}"))?;
        update_benchmarks_md(&root.join("BENCHMARKS.md"), &generated)?;
        eprintln!("corpus_bench: wrote BENCHMARKS.md and benches/chart.svg");
    }
    Ok(())
}

/// One page of each type of the site built at `out` (paths relative to the site root).
fn page_types(out: &Path) -> Vec<(&'static str, String)> {
    let first_dir = |rel: &str| -> Option<String> {
        let mut names: Vec<String> = fs::read_dir(out.join(rel))
            .ok()?
            .flatten()
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names.into_iter().next().map(|name| format!("{rel}{name}/"))
    };
    // A part of a list: its newest year, then that year's first month or page, if any.
    let part = |rel: &str| -> Option<String> {
        let mut years: Vec<String> = fs::read_dir(out.join(rel))
            .ok()?
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        years.sort();
        let year = format!("{rel}{}/", years.pop()?);
        Some(first_dir(&year).unwrap_or(year))
    };
    let mut pages = vec![("home", String::new()), ("brief list", "briefs/".to_owned())];
    pages.extend(first_dir("briefs/").map(|p| ("brief", p)));
    pages.push(("summaries", "summaries/".to_owned()));
    pages.extend(part("summaries/").map(|p| ("summaries part", p)));
    pages.push(("timeline", "timeline/".to_owned()));
    pages.extend(part("timeline/").map(|p| ("timeline part", p)));
    pages.push(("search", "search/?q=energy".to_owned()));
    if out.join("topics/index.html").is_file() {
        pages.push(("taxonomy list", "topics/".to_owned()));
        pages.extend(first_dir("topics/").map(|p| ("term page", p)));
    }
    if out.join("about/index.html").is_file() {
        pages.push(("about", "about/".to_owned()));
    }
    pages.push(("404", "404.html".to_owned()));
    pages
}

/// Builds the site at `dir` for a local server, serves it with Python's `http.server` and
/// scores one page of each type with Lighthouse (mobile defaults); a markdown table.
fn lighthouse_table(lighthouse: &Path, chancery: &Path, dir: &Path, n: usize) -> Result<String, String> {
    let bin = lighthouse.join("node_modules/.bin/lighthouse");
    if !bin.exists() {
        return Err(format!(
            "{} is missing: npm i -E lighthouse@12.2.3 --prefix {}",
            bin.display(),
            lighthouse.display()
        ));
    }
    let port = 8123;
    let out = dir.join("lighthouse-public");
    let _ = fs::remove_dir_all(&out);
    run(Command::new(chancery)
        .args(["build", "-q", "--root"])
        .arg(dir)
        .arg("--output")
        .arg(&out)
        .args(["--base-url", &format!("http://127.0.0.1:{port}/")]))?;
    let mut server = Command::new("python3")
        .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("python3 -m http.server: {e}"))?;
    std::thread::sleep(std::time::Duration::from_millis(800));
    let mut table = format!(
        "\nLighthouse 12.2.3 at {} briefs (mobile defaults, Chromium `/usr/bin/chromium`, the site served by \
         `python3 -m http.server`; bytes: total byte weight):\n\n\
         | page | path | performance | accessibility | best practices | SEO | bytes |\n|---|---|---:|---:|---:|---:|---:|\n",
        group(n)
    );
    let report = dir.join("lighthouse.json");
    let mut failure = None;
    for (kind, path) in page_types(&out) {
        let url = format!("http://127.0.0.1:{port}/{path}");
        let scored = run(Command::new(&bin)
            .env("CHROME_PATH", "/usr/bin/chromium")
            .arg(&url)
            .args(["--quiet", "--output=json"])
            .arg(format!("--output-path={}", report.display()))
            .arg("--only-categories=performance,accessibility,best-practices,seo")
            .arg(
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking \
                 --disable-component-update --disable-sync",
            ))
        .and_then(|_| fs::read_to_string(&report).map_err(|e| e.to_string()))
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string()));
        let v = match scored {
            Ok(v) => v,
            Err(e) => {
                failure = Some(format!("lighthouse {url}: {e}"));
                break;
            }
        };
        let score =
            |k: &str| v["categories"][k]["score"].as_f64().map_or("–".to_owned(), |s| format!("{:.0}", s * 100.0));
        let bytes = v["audits"]["total-byte-weight"]["numericValue"].as_f64().unwrap_or(0.0);
        let _ = writeln!(
            table,
            "| {kind} | `/{path}` | {} | {} | {} | {} | {:.0} KB |",
            score("performance"),
            score("accessibility"),
            score("best-practices"),
            score("seo"),
            bytes / 1024.0
        );
        eprintln!("corpus_bench: lighthouse {kind}");
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = fs::remove_dir_all(&out);
    match failure {
        Some(e) => Err(e),
        None => Ok(table),
    }
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|args| bench(&args));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

//! The live-edit benchmark: how long after one brief of a large site is saved does the
//! preview server serve the new page, with every page that shows the brief up to date?
//!
//! ```text
//! cargo build --release --bin chancery --example gen_corpus --example serve_bench
//! target/release/examples/gen_corpus --n 10000 --out target/corpus-10k
//! target/release/examples/serve_bench --site target/corpus-10k [--edits 20] [--port 1187]
//! ```
//!
//! It starts the release `chancery serve` on a loopback port, waits for the first build,
//! then edits briefs one at a time, as an editor saves them (write a temporary file, rename
//! it over the brief), and does what an open page does: it listens to the live-reload event
//! stream and, on each reload event, fetches the pages again, until they show the change.
//! Nine kinds of edit, in turn, each on another brief: body (a new sentence), title,
//! summary, date (moved to the site's newest day), terms (a new topic), events (a new
//! one of the newest day), draft (`draft: true`), delete and add (a new brief of the newest day). Each is
//! done when the brief page and every page that lists the brief show it: the parts of
//! the summaries and of the timeline that list it, the page of its first topic, the first
//! pages of `/briefs/` and `/summaries/` when it becomes the newest; a drafted or deleted
//! brief's page is gone and those lists no longer link to it. Edit-to-served is the time
//! from the save to the last of those pages served new. It prints the median and the
//! 90th percentile of each kind and of all, and the server's own rebuild times from its
//! log. Each edit is undone (and that rebuild waited for) before the next; the site is put
//! back as it was at the end.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Args {
    site: PathBuf,
    edits: usize,
    port: u16,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { site: PathBuf::new(), edits: 20, port: 1187 };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--site" => args.site = PathBuf::from(value()?),
            "--edits" => args.edits = value()?.parse().map_err(|e| format!("--edits: {e}"))?,
            "--port" => args.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.site.as_os_str().is_empty() {
        return Err("--site DIR is required".into());
    }
    Ok(args)
}

/// The server's status page.
const STATUS: &str = "/__chancery/status";

/// A plain HTTP/1.0 GET of `path`: the status code and the body.
fn fetch(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, body.to_owned()))
}

/// The body of `path` when it is served (200).
fn get(port: u16, path: &str) -> Option<String> {
    fetch(port, path).and_then(|(status, body)| (status == 200).then_some(body))
}

/// Listens to the live-reload stream; sends one message per `reload` event.
fn listen(port: u16) -> Result<Receiver<()>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET /__chancery/livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if line.trim() == "event: reload" && tx.send(()).is_err() {
                return;
            }
        }
    });
    Ok(rx)
}

/// The page of the paginated list at `base` that links to `needle`.
fn find_page(port: u16, base: &str, needle: &str) -> Option<String> {
    for n in 1.. {
        let path = if n == 1 { base.to_owned() } else { format!("{base}page/{n}/") };
        let body = get(port, &path)?;
        if body.contains(&format!("href=\"{needle}\"")) {
            return Some(path);
        }
        if !body.contains(&format!("{base}page/{}/", n + 1)) {
            return None;
        }
    }
    None
}

/// The first page under `root` (a partitioned view: `/summaries/`, `/timeline/`) that links
/// to `needle`, found by following the view's own links from its front page.
fn find_part(port: u16, root: &str, needle: &str) -> Option<String> {
    let mut seen = std::collections::BTreeSet::from([root.to_owned()]);
    let mut queue = std::collections::VecDeque::from([root.to_owned()]);
    while let Some(path) = queue.pop_front() {
        let body = get(port, &path)?;
        if path != root && body.contains(&format!("href=\"{needle}\"")) {
            return Some(path);
        }
        for piece in body.split("href=\"").skip(1) {
            let link = piece.split(['"', '#', '?']).next().unwrap_or("");
            if link.starts_with(root) && link.ends_with('/') && seen.insert(link.to_owned()) {
                queue.push_back(link.to_owned());
            }
        }
    }
    None
}

/// Saves `text` at `path` as editors do: a temporary file renamed over it.
fn save(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("md.tmp-save");
    fs::write(&tmp, text).map_err(|e| e.to_string())?;
    fs::rename(&tmp, path).map_err(|e| e.to_string())
}

fn percentile(xs: &mut [f64], p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let k = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs.get(k).copied().unwrap_or(f64::NAN)
}

/// The value of a front-matter line `key: value`.
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|l| l.strip_prefix(key)).map(str::trim)
}

fn start_server(args: &Args, log: Arc<Mutex<Vec<String>>>) -> Result<Child, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let bin = exe.parent().and_then(Path::parent).map(|d| d.join("chancery")).ok_or("no binary folder")?;
    let mut child = Command::new(&bin)
        .args(["serve", "--port", &args.port.to_string(), "--root"])
        .arg(&args.site)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut log) = log.lock() {
                log.push(line);
            }
        }
    });
    Ok(child)
}

/// What a page must show once an edit is live.
enum Want {
    /// The body holds this text.
    Has(String),
    /// The body no longer holds this text (a brief gone from a list).
    Lacks(String),
    /// The page is not found (a brief drafted or deleted).
    Gone,
    /// Some page of the paginated part whose first page this is holds this text (a month of
    /// the timeline large enough for pages: where in it a brief lands depends on its title).
    OnAPage(String),
}

/// One page to fetch and what it must show.
type Check = (String, Want);

/// Whether the page at `path` shows what `want` asks.
fn shows(port: u16, path: &str, want: &Want) -> bool {
    let Some((status, body)) = fetch(port, path) else { return false };
    match want {
        Want::Has(needle) => status == 200 && body.contains(needle.as_str()),
        Want::Lacks(needle) => status == 200 && !body.contains(needle.as_str()),
        Want::Gone => status == 404,
        Want::OnAPage(needle) => {
            let mut body = body;
            for n in 2.. {
                if body.contains(needle.as_str()) {
                    return true;
                }
                let next = format!("{path}page/{n}/");
                if !body.contains(&format!("href=\"{next}\"")) {
                    return false;
                }
                match fetch(port, &next) {
                    Some((200, b)) => body = b,
                    _ => return false,
                }
            }
            false
        }
    }
}

/// The first page of the paginated part `part` is on (`/timeline/2024/06/page/3/` is on
/// `/timeline/2024/06/`).
fn first_page_of(part: &str) -> String {
    match part.rfind("page/") {
        Some(at) if part[at + 5..].trim_end_matches('/').parse::<usize>().is_ok() => part[..at].to_owned(),
        _ => part.to_owned(),
    }
}

/// Waits for reload events, fetching every check after each, until all hold; the time it
/// took from `since`.
fn wait_for(port: u16, events: &Receiver<()>, checks: &[Check], since: Instant) -> Result<Duration, String> {
    let mut failing: Vec<&str> = Vec::new();
    loop {
        let left = Duration::from_secs(60).saturating_sub(since.elapsed());
        events.recv_timeout(left).map_err(|_| {
            format!("no reload showing the edit on {} within 60 s (still not shown: {failing:?})", checks[0].0)
        })?;
        failing = checks.iter().filter(|(path, want)| !shows(port, path, want)).map(|(p, _)| p.as_str()).collect();
        if failing.is_empty() {
            return Ok(since.elapsed());
        }
    }
}

/// The generation of the build the server serves.
fn generation(port: u16) -> u64 {
    get(port, STATUS)
        .and_then(|s| s.split("\"build\":").nth(1)?.split([',', '}']).next()?.trim().parse().ok())
        .unwrap_or(0)
}

/// What one edit does to the site: the files it writes (or removes, `None`), the pages
/// that must show it, and the files that put the site back.
struct Edit {
    files: Vec<(PathBuf, Option<String>)>,
    checks: Vec<Check>,
    undo: Vec<(PathBuf, Option<String>)>,
}

/// The kinds of edit an editor makes to one brief, as the issue lists them.
const KINDS: [&str; 9] = ["body", "title", "date", "summary", "terms", "events", "draft", "delete", "add"];

/// A brief of the site, read before an edit.
struct Subject {
    path: PathBuf,
    text: String,
    page: String,
    title: String,
}

/// The term-page path of a topic, as the site names it (lower case, spaces to hyphens).
fn topic_path(name: &str) -> String {
    format!("/topics/{}/", name.to_lowercase().replace(' ', "-"))
}

/// The first topic of a brief, from its `topics: [..]` line.
fn first_topic(text: &str) -> Option<String> {
    let list = field(text, "topics:")?;
    let first = list.trim_start_matches('[').split([',', ']']).next()?.trim().trim_matches('"');
    (!first.is_empty()).then(|| first.to_owned())
}

/// The pages that list `s` and must stop listing it when it goes (draft, delete).
fn gone_checks(port: u16, s: &Subject) -> Result<Vec<Check>, String> {
    let link = format!("href=\"{}\"", s.page);
    let mut checks = vec![(s.page.clone(), Want::Gone)];
    for root in ["/summaries/", "/timeline/"] {
        let part = find_part(port, root, &s.page).ok_or(format!("no part of {root} lists {}", s.page))?;
        checks.push((part, Want::Lacks(link.clone())));
    }
    if let Some(term) = first_topic(&s.text).and_then(|t| find_page(port, &topic_path(&t), &s.page)) {
        checks.push((term, Want::Lacks(link.clone())));
    }
    Ok(checks)
}

/// The pages that must list a brief that has become the newest: the first pages of the
/// brief list and the summaries, and the timeline part of the newest brief.
fn newest_checks(page: &str, newest_part: &str) -> Vec<Check> {
    let link = format!("href=\"{page}\"");
    let mut checks: Vec<Check> =
        ["/briefs/", "/summaries/"].iter().map(|p| ((*p).to_owned(), Want::Has(link.clone()))).collect();
    checks.push((first_page_of(newest_part), Want::OnAPage(link)));
    checks
}

/// The edit of `kind` to `s`, with `token` as the new text it shows.
fn make_edit(port: u16, kind: &str, s: &Subject, token: &str, newest: &(String, String)) -> Result<Edit, String> {
    let put_back = vec![(s.path.clone(), Some(s.text.clone()))];
    let one = |text: String, checks: Vec<Check>| Edit {
        files: vec![(s.path.clone(), Some(text))],
        checks,
        undo: put_back.clone(),
    };
    let has = |path: &str| (path.to_owned(), Want::Has(token.to_owned()));
    let (newest_date, newest_part) = newest;
    Ok(match kind {
        "body" => one(format!("{}\nA sentence added by the benchmark, {token}.\n", s.text), vec![has(&s.page)]),
        "title" => {
            let line = format!("title: {}", field(&s.text, "title:").ok_or("no title")?);
            let text = s.text.replacen(&line, &format!("title: \"{} {token}\"", s.title), 1);
            let mut checks = vec![has(&s.page)];
            for root in ["/summaries/", "/timeline/"] {
                checks.push(has(&find_part(port, root, &s.page).ok_or(format!("no part of {root} lists {}", s.page))?));
            }
            if let Some(term) = first_topic(&s.text).and_then(|t| find_page(port, &topic_path(&t), &s.page)) {
                checks.push(has(&term));
            }
            one(text, checks)
        }
        "summary" => {
            let line = format!("summary: {}", field(&s.text, "summary:").ok_or("no summary")?);
            let text =
                s.text.replacen(&line, &format!("summary: \"A summary rewritten by the benchmark, {token}.\""), 1);
            let part = find_part(port, "/summaries/", &s.page).ok_or("no summaries part lists the brief")?;
            one(text, vec![has(&s.page), has(&part)])
        }
        "date" => {
            // Redated to the newest day of the site (and its `updated:` line dropped, which
            // could now be earlier): it moves to the top of every list.
            let date_line = format!("date: {}", field(&s.text, "date:").ok_or("no date")?);
            let text: String = s
                .text
                .replacen(&date_line, &format!("date: {newest_date}"), 1)
                .lines()
                .filter(|l| !l.starts_with("updated:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let mut checks = vec![(s.page.clone(), Want::Has(format!("datetime=\"{newest_date}\"")))];
            checks.extend(newest_checks(&s.page, newest_part));
            one(text, checks)
        }
        "terms" => {
            let line = format!("topics: {}", field(&s.text, "topics:").ok_or("no topics")?);
            let text = s.text.replacen(&line, &format!("topics: [\"Bench {token}\"]"), 1);
            let term = topic_path(&format!("Bench {token}"));
            one(
                text,
                vec![(s.page.clone(), Want::Has(term.clone())), (term, Want::Has(format!("href=\"{}\"", s.page)))],
            )
        }
        "events" => {
            // Dated the site's newest day, so it heads the newest timeline part.
            let event = format!("events:\n  - date: \"{newest_date}\"\n    title: \"Event {token}\"");
            let text = if s.text.contains("\nevents:\n") {
                s.text.replacen("\nevents:", &format!("\n{event}"), 1)
            } else {
                s.text.replacen("\n---\n", &format!("\n{event}\n---\n"), 1)
            };
            one(text, vec![(first_page_of(newest_part), Want::OnAPage(token.to_owned()))])
        }
        "draft" => one(s.text.replacen("---\n", "---\ndraft: true\n", 1), gone_checks(port, s)?),
        "delete" => Edit { files: vec![(s.path.clone(), None)], checks: gone_checks(port, s)?, undo: put_back },
        "add" => {
            let path = s.path.with_file_name(format!("bench-{token}.md"));
            let page = format!("/briefs/bench-{token}/");
            let title_line = format!("title: {}", field(&s.text, "title:").ok_or("no title")?);
            let date_line = format!("date: {}", field(&s.text, "date:").ok_or("no date")?);
            let text: String = s
                .text
                .replacen(&title_line, &format!("title: \"A new brief, {token}\""), 1)
                .replacen(&date_line, &format!("date: {newest_date}"), 1)
                .lines()
                .filter(|l| !l.starts_with("updated:") && !l.starts_with("slug:") && !l.starts_with("aliases:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let mut checks = vec![(page.clone(), Want::Has(token.to_owned()))];
            checks.extend(newest_checks(&page, newest_part));
            Edit { files: vec![(path.clone(), Some(text))], checks, undo: vec![(path, None)] }
        }
        other => return Err(format!("unknown edit kind {other}")),
    })
}

/// Writes (as editors save: a temporary file renamed over it) or removes each file.
fn apply(files: &[(PathBuf, Option<String>)]) -> Result<(), String> {
    for (path, text) in files {
        match text {
            Some(text) => save(path, text)?,
            None => fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?,
        }
    }
    Ok(())
}

fn run(args: &Args) -> Result<(), String> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut server = start_server(args, Arc::clone(&log))?;
    let result = (|| {
        while get(args.port, STATUS).is_none_or(|s| s.contains("\"build\":0")) {
            if started.elapsed() > Duration::from_secs(600) {
                return Err("the first build did not finish in 10 minutes".to_owned());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        println!("first build served after {:.1} s", started.elapsed().as_secs_f64());
        let events = listen(args.port)?;
        let mut briefs: Vec<PathBuf> = fs::read_dir(args.site.join("content/briefs"))
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        briefs.sort();
        // The newest brief: its date, and the timeline part that lists it.
        let mut newest = (String::new(), PathBuf::new());
        for path in &briefs {
            let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
            let date = field(&text, "date:").unwrap_or("").trim_matches('"').to_owned();
            if date > newest.0 {
                newest = (date, path.clone());
            }
        }
        // Briefs that other briefs link to by `@/` cannot be drafted or deleted without
        // breaking the build: those two kinds pick among the others.
        let mut linked = std::collections::BTreeSet::new();
        for path in &briefs {
            let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
            for piece in text.split("(@/briefs/").skip(1) {
                linked.insert(args.site.join("content/briefs").join(piece.split(')').next().unwrap_or("")));
            }
        }
        // The timeline part of the newest day: its month's, or its year's when the year is
        // not split (any part linking to the newest brief may be one of its events').
        let newest_page = page_of(&newest.1)?;
        let year = newest.0.get(..4).ok_or("the newest date has no year")?;
        let month = format!("/timeline/{year}/{}/", newest.0.get(5..7).ok_or("the newest date has no month")?);
        let newest_part = match fetch(args.port, &month) {
            Some((200, _)) => month,
            _ => format!("/timeline/{year}/"),
        };
        if !shows(args.port, &newest_part, &Want::OnAPage(format!("href=\"{newest_page}\""))) {
            return Err(format!("{newest_part} does not list the newest brief, {newest_page}"));
        }
        let newest = (newest.0, newest_part);
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); KINDS.len()];
        for k in 0..args.edits {
            for (n, kind) in KINDS.iter().enumerate() {
                let removes = matches!(*kind, "draft" | "delete");
                let pick = (0..briefs.len())
                    .map(|i| &briefs[(k * 7919 + n * 104_729 + i) % briefs.len()])
                    .find(|p| **p != newest.1 && !(removes && linked.contains(*p)));
                let Some(path) = pick else { return Err(format!("no brief to {kind}")) };
                let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
                let title = field(&text, "title:").ok_or("no title")?.trim_matches('"').to_owned();
                let subject = Subject { page: page_of(path)?, path: path.clone(), text, title };
                let token = format!("edit{k}x{n}x{}", started.elapsed().as_micros());
                let edit = make_edit(args.port, kind, &subject, &token, &newest)?;
                while events.try_recv().is_ok() {}
                apply(&edit.files)?;
                let t0 = Instant::now();
                let took = wait_for(args.port, &events, &edit.checks, t0).map_err(|e| format!("{kind} edit: {e}"));
                if took.is_err() {
                    apply(&edit.undo)?;
                }
                times[n].push(took?.as_secs_f64() * 1e3);
                // Put the site back and let that rebuild finish before the next edit.
                let before = generation(args.port);
                apply(&edit.undo)?;
                let since = Instant::now();
                while generation(args.port) <= before {
                    if since.elapsed() > Duration::from_secs(60) {
                        return Err(format!("no rebuild within 60 s of undoing the {kind} edit"));
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                std::thread::sleep(Duration::from_millis(300));
            }
        }
        let mut rebuilds: Vec<f64> = log
            .lock()
            .map_err(|_| "log poisoned")?
            .iter()
            .filter_map(|l| l.split("rebuilt in ").nth(1)?.split(" ms").next()?.parse().ok())
            .collect();
        println!("edit kind: edits, edit to served median (p90); every page that shows the brief checked");
        for (kind, xs) in KINDS.iter().zip(&mut times) {
            let n = xs.len();
            println!("{kind:>8}: {n:>3}, median {:.0} ms (p90 {:.0} ms)", percentile(xs, 0.5), percentile(xs, 0.9));
        }
        let mut all: Vec<f64> = times.concat();
        println!(
            "     all: {:>3}, median {:.0} ms (p90 {:.0} ms)",
            all.len(),
            percentile(&mut all, 0.5),
            percentile(&mut all, 0.9)
        );
        println!(
            "server rebuilds (edits and undos): {}, median {:.0} ms, p90 {:.0} ms",
            rebuilds.len(),
            percentile(&mut rebuilds, 0.5),
            percentile(&mut rebuilds, 0.9)
        );
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// The page of the brief at `path` (its `slug:`, else its file name).
fn page_of(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let stem = path.file_stem().and_then(|s| s.to_str()).ok_or("odd name")?;
    Ok(format!("/briefs/{}/", field(&text, "slug:").unwrap_or(stem)))
}

fn main() -> ExitCode {
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

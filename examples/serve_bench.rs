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
//! Two kinds of edit:
//! a body edit (a new sentence; done when the brief page shows it) and a title edit (done
//! when the brief page, the parts of the summaries and of the timeline that list it, and the page of its first topic that
//! lists it all show the new title and the search index holds it). Edit-to-served is the time from
//! the rename to the last of those pages served new. It prints the median and the 90th
//! percentile of each, and the server's own rebuild times from its log. The site is put
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

/// A plain HTTP/1.0 GET of `path`; the body.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    text.split_once("\r\n\r\n").map(|(_, body)| body.to_owned())
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

/// Waits for reload events, fetching every `(path, needle)` after each, until all are
/// served; the time it took from `since`.
fn wait_for(port: u16, events: &Receiver<()>, checks: &[(String, String)], since: Instant) -> Result<Duration, String> {
    loop {
        let left = Duration::from_secs(60).saturating_sub(since.elapsed());
        events.recv_timeout(left).map_err(|_| format!("no reload showing {:?} within 60 s", checks[0]))?;
        if checks.iter().all(|(path, needle)| get(port, path).is_some_and(|body| body.contains(needle.as_str()))) {
            return Ok(since.elapsed());
        }
    }
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

fn run(args: &Args) -> Result<(), String> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut server = start_server(args, Arc::clone(&log))?;
    let result = (|| {
        while get(args.port, "/__chancery/status").is_none_or(|s| s.contains("\"build\":0")) {
            if started.elapsed() > Duration::from_secs(300) {
                return Err("the first build did not finish in 5 minutes".to_owned());
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
        let mut body_times = Vec::new();
        let mut title_times = Vec::new();
        for k in 0..args.edits {
            let path = &briefs[(k * 7919) % briefs.len()];
            let original = fs::read_to_string(path).map_err(|e| e.to_string())?;
            let stem = path.file_stem().and_then(|s| s.to_str()).ok_or("odd name")?;
            let slug = field(&original, "slug:").unwrap_or(stem).to_owned();
            let page = format!("/briefs/{slug}/");
            let token = format!("edit{k}x{}", started.elapsed().as_micros());
            // Body edit: a sentence at the end.
            while events.try_recv().is_ok() {}
            save(path, &format!("{original}\nA sentence added by the benchmark, {token}.\n"))?;
            let t0 = Instant::now();
            body_times.push(wait_for(args.port, &events, &[(page.clone(), token.clone())], t0)?.as_secs_f64() * 1e3);
            std::thread::sleep(Duration::from_millis(300));
            // Title edit: every page that shows the brief must follow.
            let title = field(&original, "title:").ok_or("no title")?;
            let new_title = format!("{} {token}", title.trim_matches('"'));
            let edited = original.replacen(&format!("title: {title}"), &format!("title: \"{new_title}\""), 1);
            // The parts of the summaries and of the timeline that show the brief (found
            // before the edit, outside the timing).
            let mut parts = Vec::new();
            for root in ["/summaries/", "/timeline/"] {
                parts.push(find_part(args.port, root, &page).ok_or(format!("no part of {root} lists {page}"))?);
            }
            while events.try_recv().is_ok() {}
            save(path, &edited)?;
            let t0 = Instant::now();
            let mut checks = vec![(page.clone(), token.clone())];
            checks.extend(parts.iter().map(|p| (p.clone(), token.clone())));
            checks.push(("/atom.xml".to_owned(), "<feed".to_owned()));
            if let Some(topic) = field(&original, "topics:") {
                let first =
                    topic.trim_start_matches('[').split([',', ']']).next().unwrap_or("").trim().trim_matches('"');
                let base = format!("/topics/{}/", first.to_lowercase().replace(' ', "-"));
                if let Some(term_page) = find_page(args.port, &base, &page) {
                    checks.push((term_page, token.clone()));
                }
            }
            title_times.push(wait_for(args.port, &events, &checks, t0)?.as_secs_f64() * 1e3);
            // Put the brief back and let that rebuild finish before the next edit.
            while events.try_recv().is_ok() {}
            save(path, &original)?;
            let since = Instant::now();
            while get(args.port, &page).is_some_and(|body| body.contains(&token)) {
                if since.elapsed() > Duration::from_secs(60) {
                    return Err(format!("{page} still shows the edit 60 s after it was undone"));
                }
                let _ = events.recv_timeout(Duration::from_millis(500));
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        let rebuilds: Vec<f64> = log
            .lock()
            .map_err(|_| "log poisoned")?
            .iter()
            .filter_map(|l| l.split("rebuilt in ").nth(1)?.split(" ms").next()?.parse().ok())
            .collect();
        let mut rebuilds = rebuilds;
        println!("edits: {} body, {} title (each also put back)", body_times.len(), title_times.len());
        println!(
            "body edit to served:  median {:.0} ms, p90 {:.0} ms",
            percentile(&mut body_times, 0.5),
            percentile(&mut body_times, 0.9)
        );
        println!(
            "title edit to served (brief, its summaries part, its timeline part, its topic's page): median {:.0} ms, p90 {:.0} ms",
            percentile(&mut title_times, 0.5),
            percentile(&mut title_times, 0.9)
        );
        println!(
            "server rebuilds: {}, median {:.0} ms, p90 {:.0} ms",
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

fn main() -> ExitCode {
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

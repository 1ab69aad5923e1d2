//! `chancery serve` and `chancery build --watch`, run for real on loopback over a copy of the
//! `basic` fixture: edits show up, broken edits keep the last good build and report every
//! error with its file, line, column and hint (in `/__chancery/status` and the overlay of
//! served pages), new, deleted and renamed briefs, path traversal, 404, live-reload
//! injection. Every
//! wait is bounded; the child process is killed when its guard drops. A load test, ignored
//! by default, measures throughput and checks that no response mixes two builds.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

/// How long any one change may take to show.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `chancery` child process, killed on drop.
struct Chancery {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Chancery {
    /// Starts `chancery <args> --root <root>` and collects its stderr.
    fn start(root: &Path, args: &[&str]) -> (Chancery, mpsc::Receiver<String>) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chancery"))
            .args(args)
            .arg("--root")
            .arg(root)
            .env("CHANCERY_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chancery");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().expect("log").push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        (Chancery { child, log }, rx)
    }

    /// Starts `chancery serve --port 0 <extra>` and waits for the address it serves on.
    fn serve_with(root: &Path, extra: &[&str]) -> (Chancery, SocketAddr) {
        // As of a fixed day after every date the tests write (the newest briefs they add
        // are dated 2030), so none is scheduled.
        let mut args = vec!["serve", "--port", "0", "--as-of", "2031-01-01"];
        args.extend_from_slice(extra);
        let (server, lines) = Chancery::start(root, &args);
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = lines.recv_timeout(left) else { break };
            if let Some(rest) = line.split("serving on http://").nth(1) {
                let addr = rest.split('/').next().expect("address").parse().expect("socket address");
                return (server, addr);
            }
        }
        panic!("serve did not start:\n{}", server.log());
    }

    /// Starts `chancery serve --port 0`.
    fn serve(root: &Path) -> (Chancery, SocketAddr) {
        Chancery::serve_with(root, &[])
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }
}

impl Drop for Chancery {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// `GET raw_path` over a fresh connection, the path sent exactly as given.
fn get(addr: SocketAddr, raw_path: &str) -> Response {
    get_for(addr, raw_path, Some(&addr.to_string()))
}

/// `GET raw_path` with the given `Host` header (none when `None`).
fn get_for(addr: SocketAddr, raw_path: &str, host: Option<&str>) -> Response {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(stream, "GET {raw_path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response { status, headers, body: body.to_owned() }
}

/// Polls `check` until it holds or `PATIENCE` runs out.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if check() {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

/// A Server-Sent Events subscription, read on its own thread.
struct Events {
    text: Arc<Mutex<String>>,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
        write!(stream, "GET /__chancery/livereload HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
        stream.set_read_timeout(Some(PATIENCE * 3)).expect("timeout");
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("events").push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Events { text }
    }

    fn wait_for(&self, needle: &str) {
        eventually(&format!("event stream to carry {needle:?}"), || self.text.lock().expect("events").contains(needle));
    }
}

fn brief(title: &str, date: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nsummary: {title} in one line.\ntopics: [Testing]\n---\n{title} body.\n")
}

#[test]
fn can_show_edits_keep_last_good_build_on_error_and_recover() {
    let site = SiteTest::fixture("basic");
    let (server, addr) = Chancery::serve(site.root());
    let page = get(addr, "/briefs/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Alpha brief on markdown features"));
    assert_eq!(page.header("x-chancery-build"), Some("1"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let events = Events::open(addr);
    events.wait_for("event: hello\ndata: 1\n");

    let alpha = site.root().join("content/briefs/alpha.md");
    let text = fs::read_to_string(&alpha).expect("read alpha");
    let edited = text.replace("title: Alpha brief on markdown features", "title: Alpha after an edit");
    fs::write(&alpha, &edited).expect("edit");
    eventually("the edit to show", || get(addr, "/briefs/alpha/").body.contains("Alpha after an edit"));
    events.wait_for("event: reload\ndata: 2\n");

    fs::write(&alpha, edited.replace("date: 2023-01-10", "date: 2023-13-45")).expect("break");
    eventually("the error to be reported", || get(addr, "/__chancery/status").body.contains("content/briefs/alpha.md"));
    let status = get(addr, "/__chancery/status").body;
    assert!(status.contains("\"line\":3"), "{status}");
    assert!(status.contains("month 13"), "{status}");
    events.wait_for("event: build-error\ndata: <div");
    events.wait_for("content/briefs/alpha.md:3:7");
    let kept = get(addr, "/briefs/alpha/");
    assert_eq!(kept.status, 200, "the last good build stays online");
    assert!(kept.body.contains("Alpha after an edit"));
    assert_eq!(kept.header("x-chancery-build"), Some("2"));

    fs::write(&alpha, edited.replace("Alpha after an edit", "Alpha fixed")).expect("fix");
    eventually("the fix to show", || get(addr, "/briefs/alpha/").body.contains("Alpha fixed"));
    events.wait_for("event: reload\ndata: 3\n");
    assert!(get(addr, "/__chancery/status").body.contains("\"errors\":[]"));
    assert!(server.log().contains("rebuilt in"), "{}", server.log());
}

/// The errors `/__chancery/status` lists: (file, line, column, message, hint) each.
fn status_errors(addr: SocketAddr) -> Vec<(String, u64, u64, String, Option<String>)> {
    let status: serde_json::Value = serde_json::from_str(&get(addr, "/__chancery/status").body).expect("status JSON");
    let errors = status["errors"].as_array().expect("errors list");
    errors
        .iter()
        .map(|e| {
            assert!(e.get("hint").is_some(), "every error names its hint, null when none: {e}");
            (
                e["file"].as_str().expect("file").to_owned(),
                e["line"].as_u64().expect("line"),
                e["column"].as_u64().expect("column"),
                e["message"].as_str().expect("message").to_owned(),
                e["hint"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn can_show_file_line_column_and_hint_of_every_error_in_status_and_pages() {
    let site = SiteTest::fixture("basic");
    let (_server, addr) = Chancery::serve(site.root());
    let events = Events::open(addr);
    events.wait_for("event: hello\ndata: 1\n");
    let (alpha, beta) = (site.root().join("content/briefs/alpha.md"), site.root().join("content/briefs/beta.md"));
    let (alpha_text, beta_text) =
        (fs::read_to_string(&alpha).expect("alpha"), fs::read_to_string(&beta).expect("beta"));

    // An unknown field (line 9, a did-you-mean hint) and a YAML syntax error (an unclosed
    // quote, found at line 9 column 14, with a hint): two hinted errors in one `Many`.
    fs::write(&alpha, alpha_text.replace("\ntopics:", "\ntopcs:")).expect("break alpha");
    let broken = "summary: \"Beta: unclosed";
    fs::write(&beta, beta_text.replace("summary: Beta is converted from a plain-text seed.", broken))
        .expect("break beta");
    eventually("both errors to be reported", || status_errors(addr).len() == 2);
    let errors = status_errors(addr);
    let of = |file: &str| errors.iter().find(|e| e.0.ends_with(file)).unwrap_or_else(|| panic!("{file}: {errors:?}"));
    let (file, line, column, message, hint) = of("content/briefs/alpha.md");
    assert_eq!((*line, *column, message.as_str()), (9, 1, "unknown field `topcs`"), "{errors:?}");
    assert_eq!(hint.as_deref(), Some("did you mean `topics`?"));
    let alpha_at = format!("{file}:9:1");
    let (file, line, column, message, hint) = of("content/briefs/beta.md");
    assert_eq!((*line, *column, message.as_str()), (9, 14, "did not find expected key"), "{errors:?}");
    let beta_hint = hint.clone().expect("a hint for the YAML error");
    assert!(beta_hint.contains("indentation"), "{beta_hint}");
    let beta_at = format!("{file}:9:14");

    // Every HTML page served meanwhile (the last good build, and the 404 page) carries the
    // overlay with the same places and hints; other files do not.
    for path in ["/briefs/alpha/", "/no/such/page/"] {
        let page = get(addr, path);
        assert_eq!(page.header("x-chancery-build"), Some("1"), "{path}: the last good build stays");
        let body = &page.body;
        assert!(body.contains("<div id=\"chancery-overlay\""), "{path}: {body}");
        assert!(body.contains("Build failed (2 errors)"), "{path}: {body}");
        for needle in [&alpha_at, "unknown field `topcs`", "hint: did you mean `topics`?", &beta_at, &beta_hint] {
            assert!(body.contains(needle), "{path} lacks {needle:?}: {body}");
        }
    }
    assert!(!get(addr, "/style.css").body.contains("chancery-overlay"));
    events.wait_for("hint: did you mean `topics`?");

    fs::write(&alpha, &alpha_text).expect("fix alpha");
    fs::write(&beta, &beta_text).expect("fix beta");
    eventually("the fix to clear the errors", || status_errors(addr).is_empty());
    let page = get(addr, "/briefs/alpha/");
    assert_eq!(page.status, 200);
    assert_ne!(page.header("x-chancery-build"), Some("1"), "a new good build");
    assert!(!page.body.contains("chancery-overlay"), "the overlay goes away: {}", page.body);
    assert!(!get(addr, "/no/such/page/").body.contains("chancery-overlay"));
    events.wait_for("event: reload\ndata: 2\n");
}

#[test]
fn can_add_delete_and_rename_briefs_and_folders() {
    let site = SiteTest::fixture("basic");
    let (server, addr) = Chancery::serve(site.root());
    let briefs = site.root().join("content/briefs");

    fs::write(briefs.join("epsilon.md"), brief("Epsilon the newest", "2030-01-01")).expect("add");
    eventually("a new brief", || get(addr, "/briefs/epsilon/").status == 200);
    assert!(get(addr, "/briefs/").body.contains("Epsilon the newest"));

    fs::rename(briefs.join("epsilon.md"), briefs.join("zeta.md")).expect("rename");
    eventually("a renamed brief", || get(addr, "/briefs/zeta/").status == 200);
    assert_eq!(get(addr, "/briefs/epsilon/").status, 404);

    // An editor's atomic save: scratch files, then a temp file renamed over the brief.
    fs::write(briefs.join(".zeta.md.swp"), "swap").expect("swap file");
    fs::write(briefs.join("4913"), "").expect("probe file");
    fs::remove_file(briefs.join("4913")).expect("remove probe");
    fs::write(briefs.join("zeta.md.tmp"), brief("Zeta saved atomically", "2030-01-01")).expect("temp");
    fs::rename(briefs.join("zeta.md.tmp"), briefs.join("zeta.md")).expect("atomic save");
    eventually("an atomic save", || get(addr, "/briefs/zeta/").body.contains("Zeta saved atomically"));
    fs::remove_file(briefs.join(".zeta.md.swp")).expect("remove swap");

    fs::remove_file(briefs.join("zeta.md")).expect("delete");
    eventually("a deleted brief", || get(addr, "/briefs/zeta/").status == 404);
    assert!(!get(addr, "/briefs/").body.contains("Zeta"));

    // A burst of changes gives one rebuild (or very few on a loaded machine), not one each.
    let rebuilds = |server: &Chancery| server.log().matches("rebuilt in").count();
    let before = rebuilds(&server);
    for i in 0..20 {
        fs::write(briefs.join(format!("burst-{i:02}.md")), brief(&format!("Burst {i}"), "2029-01-01")).expect("burst");
    }
    eventually("the whole burst", || get(addr, "/briefs/burst-19/").status == 200);
    // The files the rebuilds since `before` name ("a, b, c and 17 more"): the log is read
    // from the server's output as it comes, so wait until it tells of all 20.
    let reported = |server: &Chancery| -> usize {
        let log = server.log();
        log.lines()
            .filter_map(|l| l.split("rebuilt in ").nth(1))
            .skip(before)
            .map(|l| {
                let files = l.split("after: ").nth(1).unwrap_or("");
                let (named, more) = files.split_once(" and ").unwrap_or((files, ""));
                let more: usize = more.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                named.matches("burst-").count() + more
            })
            .sum()
    };
    eventually("the burst's rebuilds to be logged", || reported(&server) >= 20);
    let after = rebuilds(&server);
    assert!(after - before < 20, "a burst of 20 files gave {} rebuilds", after - before);

    // site.yaml saved atomically (a temp file renamed over it).
    let config = site.root().join("site.yaml");
    let text = fs::read_to_string(&config).expect("read site.yaml");
    fs::write(site.root().join(".site.yaml.swp"), "swap").expect("swap");
    fs::write(site.root().join("site.yaml~"), &text).expect("backup");
    fs::write(site.root().join("site.yaml.tmp"), text.replace("Fixture Briefs", "Renamed Briefs")).expect("temp");
    fs::rename(site.root().join("site.yaml.tmp"), &config).expect("atomic save");
    eventually("the new site title", || get(addr, "/").body.contains("Renamed Briefs"));

    // A folder created after the server started is watched too.
    fs::create_dir_all(site.root().join("static/docs")).expect("mkdir");
    fs::write(site.root().join("static/docs/note.txt"), "a new static file").expect("static");
    eventually("a file in a new folder", || get(addr, "/docs/note.txt").body == "a new static file");
    assert_eq!(get(addr, "/docs/note.txt").header("content-type"), Some("text/plain; charset=utf-8"));
    fs::remove_dir_all(site.root().join("static")).expect("rm static");
    eventually("a deleted folder", || get(addr, "/docs/note.txt").status == 404);
}

#[test]
fn can_serve_briefs_and_pages_in_new_and_moved_subfolders() {
    let site = SiteTest::fixture("basic");
    let (_server, addr) = Chancery::serve(site.root());
    let nested = site.root().join("content/briefs/2030/q1");
    fs::create_dir_all(&nested).expect("mkdir");
    fs::write(nested.join("nested.md"), brief("Nested while serving", "2030-03-03")).expect("add");
    eventually("a brief in a new folder", || get(addr, "/briefs/nested/").body.contains("Nested while serving"));
    fs::write(nested.join("nested.md"), brief("Nested and edited", "2030-03-03")).expect("edit");
    eventually("an edit in a new folder", || get(addr, "/briefs/nested/").body.contains("Nested and edited"));
    // The whole folder moved: its brief keeps its URL.
    fs::rename(site.root().join("content/briefs/2030"), site.root().join("content/briefs/archive")).expect("move");
    fs::write(site.root().join("content/briefs/archive/q1/nested.md"), brief("Nested and moved", "2030-03-03"))
        .expect("edit");
    eventually("a brief in a moved folder", || get(addr, "/briefs/nested/").body.contains("Nested and moved"));
    let pages = site.root().join("content/pages/programmes");
    fs::create_dir_all(&pages).expect("mkdir");
    fs::write(pages.join("climate.md"), "---\ntitle: Climate\n---\nClimate work.\n").expect("page");
    eventually("a page in a new folder", || get(addr, "/programmes/climate/").body.contains("Climate work."));
    fs::remove_dir_all(site.root().join("content/briefs/archive")).expect("remove");
    eventually("a removed folder's brief", || get(addr, "/briefs/nested/").status == 404);
}

#[test]
fn can_rebuild_on_site_yaml_saved_atomically_with_polling() {
    let site = SiteTest::fixture("basic");
    let (server, addr) = Chancery::serve_with(site.root(), &["--poll", "--drafts"]);
    assert!(server.log().contains("polling"), "{}", server.log());
    assert_eq!(get(addr, "/briefs/gamma/").status, 200, "--drafts serves drafts");
    let config = site.root().join("site.yaml");
    let text = fs::read_to_string(&config).expect("read site.yaml");
    let temp = site.root().join("site.yaml.tmp");
    fs::write(&temp, text.replace("title: Fixture Briefs", "title: Polled Briefs")).expect("temp");
    fs::rename(&temp, &config).expect("atomic save");
    eventually("the new site title", || get(addr, "/").body.contains("Polled Briefs"));
    fs::write(site.root().join("content/briefs/eta.md"), brief("Eta polled", "2030-02-02")).expect("add");
    eventually("a brief added under polling", || get(addr, "/briefs/eta/").status == 200);
}

#[test]
fn errors_on_paths_outside_the_site() {
    let site = SiteTest::fixture("basic");
    let secret = "TOP-SECRET-MARKER";
    fs::write(site.root().join("secret.txt"), secret).expect("secret in root");
    let outside = site
        .root()
        .parent()
        .expect("parent")
        .join(format!("chancery-outside-{}.txt", site.root().file_name().expect("name").to_string_lossy()));
    fs::write(&outside, secret).expect("secret outside");
    let (_server, addr) = Chancery::serve(site.root());
    let outside_name = outside.file_name().expect("name").to_string_lossy().into_owned();
    let attempts = [
        "/secret.txt".to_owned(),
        "/site.yaml".to_owned(),
        "/content/briefs/alpha.md".to_owned(),
        "/../secret.txt".to_owned(),
        format!("/../{outside_name}"),
        format!("/../../{outside_name}"),
        "/briefs/../../secret.txt".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/%2e%2e%2fsecret.txt".to_owned(),
        format!("/%2E%2E%2F%2E%2E%2F{outside_name}"),
        "/..%2fsecret.txt".to_owned(),
        "/%252e%252e%252fsecret.txt".to_owned(),
        "/..\\secret.txt".to_owned(),
        "/%5c..%5csecret.txt".to_owned(),
        "/secret.txt%00.html".to_owned(),
        "//secret.txt".to_owned(),
        "/../../../../../../etc/passwd".to_owned(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_owned(),
    ];
    for raw in &attempts {
        let r = get(addr, raw);
        assert_ne!(r.status, 200, "{raw} was served");
        assert!(!r.body.contains(secret), "{raw} leaked the secret");
        assert!(!r.body.contains("root:x:0:0"), "{raw} leaked /etc/passwd");
    }
    assert_eq!(get(addr, "/%2e%2e/secret.txt").status, 400);
    let _ = fs::remove_file(outside);
}

#[test]
fn can_serve_404_page_and_inject_script_only_when_serving() {
    let site = SiteTest::fixture("basic");
    let (_server, addr) = Chancery::serve(site.root());
    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    assert!(missing.body.contains("data-chancery-build"));

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<script data-chancery-build=\"1\" src=\"/__chancery/livereload.js\"></script>"));
    let script = get(addr, "/__chancery/livereload.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("new EventSource(\"/__chancery/livereload\")"), "{}", script.body);
    let before_body_end =
        home.body.rfind("data-chancery-build").expect("script") < home.body.rfind("</body>").expect("end");
    assert!(before_body_end, "the script goes before </body>");
    // Links point at the server whatever base_url says (the fixture has a sub-path).
    assert!(home.body.contains("href=\"/briefs/alpha/\""), "links at the server root");
    assert!(!home.body.contains("/policy/briefs/briefs/"), "base_url path must be overridden");
    let css = get(addr, "/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("chancery-build"));
    assert_eq!(get(addr, "/briefs").status, 308);

    let run = site.build().success();
    for (rel, bytes) in run.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__chancery"), "{rel} written by build carries the live-reload script");
    }
}

#[test]
fn errors_on_foreign_host_headers_against_dns_rebinding() {
    let site = SiteTest::fixture("basic").write(
        "content/briefs/secret.md",
        "---\ntitle: Secret draft\ndate: 2023-03-01\nsummary: Unpublished.\ndraft: true\n---\nEmbargoed text.\n",
    );
    let (_server, addr) = Chancery::serve_with(site.root(), &["--drafts"]);
    let port = addr.port();
    for path in ["/", "/briefs/secret/", "/__chancery/status", "/__chancery/livereload", "/__chancery/livereload.js"] {
        for host in
            [Some("evil.example".to_owned()), Some(format!("evil.example:{port}")), Some("localhost:1".into()), None]
        {
            let r = get_for(addr, path, host.as_deref());
            assert_eq!(r.status, 403, "{path} for {host:?}");
            assert!(r.body.starts_with("refused: this preview server answers only requests for"), "{}", r.body);
            assert!(!r.body.contains("Embargoed") && !r.body.contains("build"), "{path} leaked: {}", r.body);
            assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        }
    }
    for host in [addr.to_string(), format!("localhost:{port}"), format!("LocalHost:{port}"), format!("[::1]:{port}")] {
        let r = get_for(addr, "/briefs/secret/", Some(&host));
        assert_eq!(r.status, 200, "{host}");
        assert!(r.body.contains("Embargoed text."), "{host}");
        let csp = r.header("content-security-policy").expect("CSP");
        assert!(csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        assert!(csp.contains("connect-src 'self'"), "{csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert!(
            !r.body.contains("<script>") && !r.body.contains("<script data-chancery-build=\"1\">\n"),
            "no inline script"
        );
    }
}

#[test]
fn can_rebuild_and_publish_with_build_watch() {
    let site = SiteTest::fixture("basic");
    let (watcher, _lines) = Chancery::start(site.root(), &["build", "--watch"]);
    let page = site.root().join("public/briefs/alpha/index.html");
    eventually("the first build", || fs::read_to_string(&page).is_ok_and(|t| t.contains("Alpha brief")));
    eventually("the watch to start", || watcher.log().contains("watching"));
    let alpha = site.root().join("content/briefs/alpha.md");
    let text = fs::read_to_string(&alpha).expect("read");
    fs::write(&alpha, text.replace("title: Alpha brief on markdown features", "title: Alpha watched")).expect("edit");
    eventually("the edit to be published", || fs::read_to_string(&page).is_ok_and(|t| t.contains("Alpha watched")));
    assert!(!fs::read_to_string(&page).expect("page").contains("__chancery"));

    fs::write(&alpha, "---\ntitle: [broken\n---\n").expect("break");
    eventually("the error to be logged", || watcher.log().contains("rebuild failed"));
    assert!(fs::read_to_string(&page).expect("page").contains("Alpha watched"), "public/ is kept on error");
    // A hinted error is logged with its place and its hint.
    fs::write(&alpha, "---\ntitle: T\ndate: 2023-01-01\nsummary: S\ntopcs: [x]\n---\nB\n").expect("misspell");
    eventually("the hint to be logged", || {
        let log = watcher.log();
        log.contains("content/briefs/alpha.md:5:1: error: unknown field `topcs`")
            && log.contains("hint: did you mean `topics`?")
    });
}

#[test]
fn can_publish_everything_after_a_failed_publish_with_build_watch() {
    let site = SiteTest::fixture("basic");
    let (watcher, _lines) = Chancery::start(site.root(), &["build", "--watch"]);
    let public = site.root().join("public");
    let page = public.join("briefs/alpha/index.html");
    eventually("the first build", || fs::read_to_string(&page).is_ok_and(|t| t.contains("Alpha brief")));
    eventually("the watch to start", || watcher.log().contains("watching"));
    // A file of the user's where a new brief's page goes makes the publish fail; the same
    // round changed alpha's title (to one of the same length).
    fs::create_dir_all(public.join("briefs/zeta")).expect("mkdir");
    fs::write(public.join("briefs/zeta/index.html"), "mine").expect("write");
    let alpha = site.root().join("content/briefs/alpha.md");
    let text = fs::read_to_string(&alpha).expect("read");
    fs::write(&alpha, text.replace("on markdown features", "on markdown FEATURES")).expect("edit");
    let zeta = site.root().join("content/briefs/zeta.md");
    fs::write(&zeta, "---\ntitle: Zeta\ndate: 2020-01-01\nsummary: Z.\n---\nZ.\n").expect("write");
    eventually("the publish to fail", || watcher.log().contains("stand where the site writes"));
    assert!(fs::read_to_string(&page).expect("page").contains("on markdown features"), "the failed round published");
    // The next round changes nothing of alpha's page: it must still write its new bytes.
    fs::remove_file(&zeta).expect("rm");
    eventually("alpha's edit to be published", || fs::read_to_string(&page).is_ok_and(|t| t.contains("FEATURES")));
    assert_eq!(fs::read_to_string(public.join("briefs/zeta/index.html")).expect("kept"), "mine");
}

/// Figures of one load run.
#[derive(Debug, Default)]
struct LoadFigures {
    requests: AtomicU64,
    failures: AtomicU64,
    mixed: AtomicU64,
}

/// One keep-alive connection: sends GETs and reads whole responses by Content-Length.
struct Connection {
    reader: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Connection {
    fn open(addr: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        stream.set_nodelay(true)?;
        Ok(Connection { reader: BufReader::new(stream), addr })
    }

    fn get(&mut self, path: &str) -> std::io::Result<Response> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            if line == "\r\n" {
                break;
            }
            head.extend_from_slice(line.as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        let mut response = parse_response(&head);
        let length: usize = response.header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        response.body = String::from_utf8_lossy(&body).into_owned();
        Ok(response)
    }
}

/// The revision marker a page carries (`Revision N` in alpha's summary), if any.
fn revision(body: &str) -> Option<u64> {
    let rest = body.split("Load revision ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// 100 concurrent keep-alive connections for 10 s while alpha is edited every 300 ms.
/// Counts failed requests; checks that every response's `X-Chancery-Build` matches the
/// build its body is from: one build never shows two revisions, and a later build never an
/// older one. Prints figures;
/// asserts no timings. Run with `cargo test --release -- --ignored --nocapture load`.
#[test]
#[ignore = "load test: run on demand"]
#[allow(clippy::print_stdout)]
fn load_serve_under_edits() {
    const CONNECTIONS: usize = 100;
    const RUN: Duration = Duration::from_secs(10);
    let site = SiteTest::fixture("basic");
    let alpha = site.root().join("content/briefs/alpha.md");
    let original = fs::read_to_string(&alpha).expect("read");
    let with_revision =
        |n: u64| original.replace("summary: Alpha shows", &format!("summary: Load revision {n}. Alpha shows"));
    fs::write(&alpha, with_revision(0)).expect("revision 0");
    let (_server, addr) = Chancery::serve(site.root());

    let figures = Arc::new(LoadFigures::default());
    let seen: Arc<Mutex<HashMap<u64, u64>>> = Arc::new(Mutex::new(HashMap::new()));
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let paths = ["/", "/briefs/alpha/", "/summaries/", "/briefs/", "/style.css", "/atom.xml"];
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|i| {
            let (figures, seen, latencies, stop) =
                (Arc::clone(&figures), Arc::clone(&seen), Arc::clone(&latencies), Arc::clone(&stop));
            thread::spawn(move || {
                let mut mine = Vec::new();
                let mut conn = Connection::open(addr).ok();
                let mut k = i;
                while !stop.load(Ordering::Relaxed) {
                    let path = paths[k % paths.len()];
                    k += 1;
                    let t = Instant::now();
                    let result = match conn.as_mut() {
                        Some(c) => c.get(path),
                        None => Err(std::io::Error::other("not connected")),
                    };
                    mine.push(t.elapsed());
                    figures.requests.fetch_add(1, Ordering::Relaxed);
                    let r = match result {
                        Ok(r) if r.status == 200 => r,
                        _ => {
                            figures.failures.fetch_add(1, Ordering::Relaxed);
                            conn = Connection::open(addr).ok();
                            continue;
                        }
                    };
                    let Some(header) = r.header("x-chancery-build").and_then(|b| b.parse::<u64>().ok()) else {
                        figures.failures.fetch_add(1, Ordering::Relaxed);
                        continue;
                    };
                    if path.ends_with('/') {
                        // The live-reload script is stamped with the header's build as the
                        // response is sent (one variable), so this only checks that it is
                        // injected; whether the body is that build's is what `seen` checks:
                        // the revision the page shows is the build's content.
                        let marker = format!("data-chancery-build=\"{header}\"");
                        let body_build_ok = r.body.contains(&marker);
                        let rev = revision(&r.body);
                        let consistent = match rev {
                            Some(rev) => *seen.lock().expect("seen").entry(header).or_insert(rev) == rev,
                            None => path == "/briefs/", // alpha is listed on page 2 once edited
                        };
                        if !body_build_ok || !consistent {
                            figures.mixed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                latencies.lock().expect("latencies").extend(mine);
            })
        })
        .collect();

    // The editor: a new revision every 300 ms, timing how long until it is served.
    let mut visible = Vec::new();
    let mut n = 0;
    while started.elapsed() < RUN {
        n += 1;
        let t = Instant::now();
        fs::write(&alpha, with_revision(n)).expect("edit");
        let deadline = t + PATIENCE;
        while Instant::now() < deadline {
            if revision(&get(addr, "/briefs/alpha/").body) == Some(n) {
                visible.push(t.elapsed());
                break;
            }
            thread::sleep(Duration::from_millis(5));
        }
        thread::sleep(Duration::from_millis(300));
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("worker");
    }
    let elapsed = started.elapsed();
    let mut all = latencies.lock().expect("latencies").clone();
    all.sort();
    visible.sort();
    let pct = |v: &[Duration], p: f64| v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1))).copied();
    let requests = figures.requests.load(Ordering::Relaxed);
    println!("load: {CONNECTIONS} connections for {:.1} s", elapsed.as_secs_f64());
    println!("load: {requests} requests, {:.0} requests/s", requests as f64 / elapsed.as_secs_f64());
    println!("load: failed requests: {}", figures.failures.load(Ordering::Relaxed));
    println!("load: responses mixing two builds: {}", figures.mixed.load(Ordering::Relaxed));
    println!("load: latency p50 {:?}, p99 {:?}, max {:?}", pct(&all, 0.5), pct(&all, 0.99), all.last());
    println!(
        "load: {} edits, {} seen; edit-to-visible p50 {:?}, max {:?}",
        n,
        visible.len(),
        pct(&visible, 0.5),
        visible.last()
    );
    let seen = seen.lock().expect("seen").clone();
    println!("load: builds seen: {}", seen.len());
    // Each build's revision (one per build, checked as responses came): a later build must
    // never show an older revision than an earlier one, so the revisions, in build order,
    // never go down. A response whose body came from another build than its header names
    // breaks one of the two.
    let mut by_build: Vec<(u64, u64)> = seen.into_iter().collect();
    by_build.sort_unstable();
    let backwards: Vec<_> = by_build.windows(2).filter(|w| w[1].1 < w[0].1).collect();
    assert!(backwards.is_empty(), "a later build showed an older revision: {backwards:?}");
    assert_eq!(figures.mixed.load(Ordering::Relaxed), 0, "a response mixed two builds");
    assert_eq!(figures.failures.load(Ordering::Relaxed), 0, "requests failed");
    assert_eq!(visible.len() as u64, n, "every edit became visible");
}

#[cfg(feature = "pdf")]
#[test]
fn can_make_a_pdf_when_it_is_asked_for_and_not_before() {
    let site = SiteTest::fixture("basic");
    let (_server, addr) = Chancery::serve(site.root());
    // The page links the PDF, without a size: serve has not typeset it.
    let page = get(addr, "/briefs/alpha/");
    assert!(page.body.contains("href=\"/briefs/alpha/alpha.pdf\""), "{}", page.body);
    assert!(!page.body.contains("class=\"pdf-size\""), "serve typeset the PDF before it was asked for");
    assert!(!site.root().join(".chancery-cache/pdf").exists(), "a PDF was made before it was asked for");
    let pdf = get(addr, "/briefs/alpha/alpha.pdf");
    assert_eq!(pdf.status, 200, "{}", pdf.body);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"), "not a PDF");
    assert_eq!(fs::read_dir(site.root().join(".chancery-cache/pdf")).expect("the PDF cache").count(), 1);
    assert_eq!(get(addr, "/briefs/nope/nope.pdf").status, 404);
}

#[cfg(feature = "pdf")]
#[test]
fn can_make_a_pdf_again_when_its_image_is_edited_in_place_with_build_watch() {
    let site = crate::pdf::site_with_images();
    let (watcher, _lines) = Chancery::start(site.root(), &["build", "--watch"]);
    let pdf = site.root().join("public/briefs/alpha/alpha.pdf");
    eventually("the first build", || fs::read(&pdf).is_ok());
    eventually("the watch to start", || watcher.log().contains("watching"));
    let before = fs::read(&pdf).expect("the PDF");
    // The same size, another colour: only the image's bytes tell.
    fs::write(site.root().join("static/figures/sized.svg"), crate::pdf::svg("0000aa", true)).expect("edit");
    eventually("the PDF to be made again", || fs::read(&pdf).is_ok_and(|bytes| bytes != before));
}

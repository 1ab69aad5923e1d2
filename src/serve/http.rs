//! The HTTP side of `serve`: the router, the handler that answers from the in-memory build,
//! and the strict request-path normalizer.
//!
//! Guarantees: a response comes from exactly one build (one `Arc` read per request) and
//! names it in `X-Chancery-Build`; nothing is read from disk, so no request path can reach a
//! file outside the build; paths with `..`, `.`, empty segments, backslashes, NUL or other
//! control characters, or a `%` left after decoding (double encoding) are refused with 400;
//! unknown paths get the site's `404.html` with status 404; nothing may be cached; HTML gets
//! the live-reload script of the build it came from as it is sent and, while the last
//! rebuild failed, the error overlay (every error with file, line, column and hint, the
//! same as `/__chancery/status` lists); requests for another
//! `Host` are refused and every response carries the security headers (see [`guard`]).

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

use super::guard::{self, AllowedHosts};
use super::livereload::{self, LIVERELOAD_PATH, LIVERELOAD_SCRIPT_PATH};
use super::{Shared, SiteBuild};

/// The page for unknown paths when the site has no `404.html`.
const FALLBACK_404: &[u8] = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
                              <body><h1>Not found</h1></body></html>";

/// The header naming the build a response came from.
pub const BUILD_HEADER: &str = "x-chancery-build";

/// The path of the JSON status endpoint (current build and errors).
pub const STATUS_PATH: &str = "/__chancery/status";

/// The router of the preview server, answering only the hosts `allowed` names.
pub(crate) fn router(shared: Arc<Shared>, allowed: AllowedHosts) -> Router {
    Router::new()
        .route(LIVERELOAD_PATH, get(livereload::events))
        .route(LIVERELOAD_SCRIPT_PATH, get(livereload::script))
        .route(STATUS_PATH, get(status))
        .fallback(site_file)
        .with_state(shared)
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(axum::middleware::from_fn_with_state(Arc::new(allowed), guard::check_host))
}

/// A request path after decoding and checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// Segments joined with `/`, no leading or trailing slash (`briefs/alpha`).
    pub path: String,
    /// Whether the request named a folder (ended with `/`, or was `/`).
    pub dir: bool,
}

/// Decodes and checks a raw request path; `None` for anything odd.
pub(crate) fn normalize(raw: &str) -> Option<SitePath> {
    let rest = raw.strip_prefix('/')?;
    if !raw.is_ascii() || raw.contains('\\') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.chars().any(|c| c.is_control() || c == '\\' || c == '%') {
        return None;
    }
    if decoded.is_empty() {
        return Some(SitePath { path: String::new(), dir: true });
    }
    let (body, dir) = match decoded.strip_suffix('/') {
        Some(body) => (body, true),
        None => (&*decoded, false),
    };
    if body.split('/').any(|segment| segment.is_empty() || segment == "." || segment == "..") {
        return None;
    }
    Some(SitePath { path: body.to_owned(), dir })
}

/// What a checked path names in a build.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The output at this key.
    File(String),
    /// A folder asked for without its slash: redirect to the path with one.
    AddSlash,
    /// Nothing.
    NotFound,
}

/// The `index.html` of the folder `path` names.
fn index_of(path: &SitePath) -> String {
    if path.path.is_empty() { "index.html".to_owned() } else { format!("{}/index.html", path.path) }
}

/// Whether the answer to `path` may not be `build`'s yet (a build put online early: see
/// [`SiteBuild::waits_for`]): what [`resolve`] would pick, or might pick once the build is
/// whole, is still being made.
pub(crate) fn must_wait(build: &SiteBuild, path: &SitePath) -> bool {
    if build.pending.is_none() {
        return false;
    }
    if path.dir {
        let index = index_of(path);
        return build.waits_for(&index);
    }
    // A file the build has made (or kept) wins over a folder of that name; without one, the
    // answer (a redirect to the folder, or not found) waits for the whole build.
    build.waits_for(&path.path)
}

/// Looks `path` up in `build`: folders serve their `index.html`.
pub(crate) fn resolve(build: &SiteBuild, path: &SitePath) -> Resolved {
    let index = index_of(path);
    if path.dir {
        return if build.files.contains_key(&index) { Resolved::File(index) } else { Resolved::NotFound };
    }
    if build.files.contains_key(&path.path) {
        Resolved::File(path.path.clone())
    } else if build.files.contains_key(&index) {
        Resolved::AddSlash
    } else {
        Resolved::NotFound
    }
}

/// The `Content-Type` for an output path, with a charset for text.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let texty = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "json" | "xml" | "javascript")
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if texty { format!("{mime}; charset=utf-8") } else { mime.to_string() }
}

/// A response of `generation` with `body`; HTML gets the live-reload script and, while the
/// last rebuild failed, the error `overlay` (the element of that build's failure).
fn respond(status: StatusCode, generation: u64, overlay: Option<&str>, kind: &str, body: Bytes) -> Response {
    let body = if kind.starts_with("text/html") {
        let mut added = overlay.unwrap_or_default().to_owned();
        added.push_str(&livereload::snippet(generation));
        Bytes::from(livereload::inject(&body, &added))
    } else {
        body
    };
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(kind) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(HeaderName::from_static(BUILD_HEADER), HeaderValue::from(generation));
    response
}

/// Answers any other `GET`/`HEAD` from the current build.
async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "method not allowed\n")
            .into_response();
    }
    let Some(path) = normalize(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad request path\n").into_response();
    };
    // One read: the build and the failure shown over it are of the same moment.
    let mut state = shared.state();
    // A build put online early answers only with what it has made: a request for what it
    // is still making waits until it is whole.
    if must_wait(&state.build, &path) {
        shared.settled(state.build.generation).await;
        state = shared.state();
    }
    let (build, overlay) = (&state.build, state.failure.as_ref().map(|f| f.element.as_str()));
    match resolve(build, &path) {
        Resolved::File(key) => match build.files.get(&key) {
            Some(bytes) => respond(StatusCode::OK, build.generation, overlay, &content_type(&key), bytes.clone()),
            None => not_found(build, overlay),
        },
        Resolved::AddSlash => {
            // The raw path was checked to be plain ASCII, so it is a valid header value.
            let location = format!("{}/", uri.path());
            (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response()
        }
        Resolved::NotFound => match lazy_pdf(build, &path.path).await {
            Some(response) => response,
            None => not_found(build, overlay),
        },
    }
}

/// A brief's PDF, made now (see [`crate::serve::pdfs`]); `None` when `path` is none.
#[cfg(feature = "pdf")]
async fn lazy_pdf(build: &SiteBuild, path: &str) -> Option<Response> {
    let pdfs = Arc::clone(build.pdfs.as_ref()?);
    let key = path.to_owned();
    // Typeset on rayon's threads (their stack is large enough for Typst), waited for here.
    let (tx, rx) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(pdfs.get(&key));
    });
    let made = rx.await.ok()??;
    Some(match made {
        Ok(bytes) => respond(StatusCode::OK, build.generation, None, "application/pdf", bytes),
        Err(e) => {
            let text = e.report_lines().join("\n") + "\n";
            respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                build.generation,
                None,
                "text/plain; charset=utf-8",
                Bytes::from(text),
            )
        }
    })
}

/// Without the `pdf` feature no PDF is made.
#[cfg(not(feature = "pdf"))]
async fn lazy_pdf(_build: &SiteBuild, _path: &str) -> Option<Response> {
    None
}

fn not_found(build: &SiteBuild, overlay: Option<&str>) -> Response {
    let body = build.files.get("404.html").cloned().unwrap_or_else(|| Bytes::from_static(FALLBACK_404));
    respond(StatusCode::NOT_FOUND, build.generation, overlay, "text/html; charset=utf-8", body)
}

/// `GET /__chancery/status`: the current build and the last rebuild's errors, as JSON:
/// `{"build": 2, "errors": [{"file", "line", "column", "message", "hint"}]}` (`hint` is
/// `null` when there is none; no error: an empty list).
async fn status(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let state = shared.state();
    let errors = state.failure.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    Json(serde_json::json!({ "build": state.build.generation, "errors": errors }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(path: &str, dir: bool) -> Option<SitePath> {
        Some(SitePath { path: path.to_owned(), dir })
    }

    #[test]
    fn can_normalize_plain_paths() {
        assert_eq!(normalize("/"), ok("", true));
        assert_eq!(normalize("/briefs/"), ok("briefs", true));
        assert_eq!(normalize("/briefs/alpha"), ok("briefs/alpha", false));
        assert_eq!(normalize("/style.css"), ok("style.css", false));
        assert_eq!(normalize("/topics/caf%C3%A9/"), ok("topics/café", true));
        assert_eq!(normalize("/a%20b.txt"), ok("a b.txt", false));
    }

    #[test]
    fn errors_on_traversal_and_odd_paths() {
        for raw in [
            "",
            "briefs",
            "/..",
            "/../etc/passwd",
            "/briefs/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2e%2e%2fetc%2fpasswd",
            "/%2E%2E%2F%2E%2E%2Fetc/passwd",
            "/briefs/%2e/",
            "/./index.html",
            "/..%2f..%2fetc/passwd",
            "/%252e%252e%252fetc/passwd",
            "/%25",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/index.html%00.css",
            "/a%0a",
            "//etc/passwd",
            "/briefs//alpha/",
            "/%ff%fe",
            "/caf\u{e9}",
        ] {
            assert_eq!(normalize(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn can_resolve_folders_files_and_redirects() {
        let mut build = SiteBuild::empty();
        for key in ["index.html", "briefs/index.html", "style.css"] {
            build.files.insert(key.to_owned(), Bytes::from_static(b"x"));
        }
        let at = |raw: &str| resolve(&build, &normalize(raw).expect("valid"));
        assert_eq!(at("/"), Resolved::File("index.html".into()));
        assert_eq!(at("/briefs/"), Resolved::File("briefs/index.html".into()));
        assert_eq!(at("/briefs"), Resolved::AddSlash);
        assert_eq!(at("/style.css"), Resolved::File("style.css".into()));
        assert_eq!(at("/style.css/"), Resolved::NotFound);
        assert_eq!(at("/nothing"), Resolved::NotFound);
    }

    #[test]
    fn can_wait_only_for_what_an_early_build_is_still_making() {
        let mut build = SiteBuild::empty();
        for key in ["index.html", "briefs/index.html", "briefs/page/2/index.html", "style.css"] {
            build.files.insert(key.to_owned(), Bytes::from_static(b"x"));
        }
        let waits = |build: &SiteBuild, raw: &str| must_wait(build, &normalize(raw).expect("valid"));
        assert!(!waits(&build, "/briefs/page/2/"), "a whole build never waits");
        let later = ["briefs/page/2/index.html", "briefs/page/3/index.html"];
        build.pending = Some(Arc::new(super::super::Pending {
            later: later.iter().map(|p| (*p).to_owned()).collect(),
            before: Arc::new(SiteBuild::empty()),
        }));
        for made in ["/", "/briefs/", "/style.css"] {
            assert!(!waits(&build, made), "{made} is made: served at once");
        }
        for making in ["/briefs/page/2/", "/briefs/page/3/", "/briefs/page/2", "/new/", "/nothing"] {
            assert!(waits(&build, making), "{making} waits for the whole build");
        }
    }

    #[test]
    fn can_pick_content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("timeline.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("unknown.zzz"), "application/octet-stream");
    }
}

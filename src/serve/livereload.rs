//! Live reload over Server-Sent Events at `/__chancery/livereload`, and the script that
//! listens to it.
//!
//! Guarantees: the script goes only into HTML that `serve` sends (never into files `build`
//! writes); each served page names the build it came from, so a page opened between a
//! rebuild and its event still reloads; a new subscriber first hears the current build and,
//! if the last rebuild failed, its error.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::overlay::Failure;
use super::{LiveEvent, Shared};

/// The script injected into served pages.
pub const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// The path of the event stream.
pub const LIVERELOAD_PATH: &str = "/__chancery/livereload";

/// The path the script is served at: a file, not inline, so the Content-Security-Policy
/// needs no inline script.
pub const LIVERELOAD_SCRIPT_PATH: &str = "/__chancery/livereload.js";

/// The `<script>` element for pages of build `generation`.
pub fn snippet(generation: u64) -> String {
    format!("<script data-chancery-build=\"{generation}\" src=\"{LIVERELOAD_SCRIPT_PATH}\"></script>\n")
}

/// `GET /__chancery/livereload.js`: the script.
pub(crate) async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVERELOAD_JS)
}

/// `html` with `snippet` inserted before its last `</body>` (or appended when it has none).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    const CLOSE: &[u8] = b"</body>";
    let at = html.windows(CLOSE.len()).rposition(|w| w.eq_ignore_ascii_case(CLOSE)).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn reload_event(generation: u64, name: &str) -> Event {
    Event::default().event(name).data(generation.to_string())
}

fn failure_event(failure: &Failure) -> Event {
    Event::default().event("build-error").data(&failure.html)
}

/// `GET /__chancery/livereload`: the current state, then one event per rebuild.
pub(crate) async fn events(State(shared): State<Arc<Shared>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state, so no rebuild falls between the two.
    let rx = shared.events.subscribe();
    let state = shared.state();
    let mut first = vec![reload_event(state.build.generation, "hello")];
    if let Some(failure) = &state.failure {
        first.push(failure_event(failure));
    }
    let live = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(LiveEvent::Reload(generation)) => return Some((reload_event(generation, "reload"), rx)),
                Ok(LiveEvent::Failed(failure)) => return Some((failure_event(&failure), rx)),
                // Missed events are older than the ones still queued: go on with those.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream::iter(first).chain(live).map(Ok)).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_inject_before_the_last_body_close() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html, "<s/>")).expect("utf8");
        assert_eq!(out, "<html><body><p>&lt;/body&gt;</p><s/></BODY></html>");
    }

    #[test]
    fn can_append_when_there_is_no_body_close() {
        let out = String::from_utf8(inject(b"<p>bare", "<s/>")).expect("utf8");
        assert_eq!(out, "<p>bare<s/>");
    }

    #[test]
    fn can_name_the_build_in_the_snippet() {
        let s = snippet(7);
        assert!(s.starts_with("<script data-chancery-build=\"7\" src=\"/__chancery/livereload.js\">"), "{s}");
        assert!(LIVERELOAD_JS.contains(LIVERELOAD_PATH), "the script must listen on the stream path");
        assert!(!LIVERELOAD_JS.contains("</script"), "the script must not close its own element");
        let id = format!("\"{}\"", crate::serve::overlay::OVERLAY_ID);
        assert!(LIVERELOAD_JS.contains(&id), "the script must replace and clear the overlay served in pages");
    }
}

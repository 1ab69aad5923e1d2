//! What keeps other web pages out of the preview: the `Host` check against DNS rebinding,
//! and the security headers of every response.
//!
//! Guarantees: on a loopback address the server answers only requests whose `Host` is the
//! address it listens on or a loopback name (`localhost`, `127.0.0.1`, `[::1]`) with its
//! port; any other `Host`, or none, gets `403` with a short text body and no content, on
//! every path (site files, the live-reload stream, `/__chancery/*`). Bound to a
//! non-loopback address (`--bind`), it answers any `Host`, as asked. Every response carries
//! a Content-Security-Policy that allows scripts only from the server itself (no inline
//! script), and `X-Content-Type-Options: nosniff`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Content-Security-Policy of served pages. Scripts and connections only from the
/// server (the themes' scripts, the live-reload script and its event stream); styles from
/// the server plus inline ones (the error overlay and table alignment use `style`); images
/// and media also from the web, as briefs may show them; no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; connect-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; media-src 'self' http: https:; \
     font-src 'self' data:; frame-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// The `Host` values a server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    /// `None`: any host (bound to a non-loopback address). Else the accepted values,
    /// lower-case.
    hosts: Option<Vec<String>>,
}

impl AllowedHosts {
    /// The hosts a server listening on `address` answers.
    pub fn for_address(address: SocketAddr) -> AllowedHosts {
        if !address.ip().is_loopback() {
            return AllowedHosts { hosts: None };
        }
        let port = address.port();
        let mut hosts = vec![format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")];
        if !hosts.contains(&address.to_string()) {
            hosts.insert(0, address.to_string());
        }
        if port == 80 {
            // A browser leaves the default port out.
            let bare: Vec<String> = hosts.iter().filter_map(|h| h.strip_suffix(":80").map(str::to_owned)).collect();
            hosts.extend(bare);
        }
        AllowedHosts { hosts: Some(hosts) }
    }

    /// Whether a request with this `Host` (if any) is answered.
    pub fn allows(&self, host: Option<&str>) -> bool {
        match &self.hosts {
            None => true,
            Some(hosts) => host.is_some_and(|h| {
                let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
                let h = h.replace(".:", ":");
                hosts.contains(&h)
            }),
        }
    }

    /// What a refused request is told.
    fn refusal(&self) -> String {
        let names = self.hosts.as_ref().map(|h| h.join(", ")).unwrap_or_default();
        format!("refused: this preview server answers only requests for {names} (the Host header names another site)\n")
    }
}

/// Refuses requests for another `Host` (DNS rebinding); adds the security headers.
pub(crate) async fn check_host(State(allowed): State<Arc<AllowedHosts>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    let mut response = if allowed.allows(host.as_deref()) {
        next.run(request).await
    } else {
        tracing::warn!("refused a request for host {:?}", host.as_deref().unwrap_or(""));
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], allowed.refusal())
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(addr: &str) -> AllowedHosts {
        AllowedHosts::for_address(addr.parse().expect("address"))
    }

    #[test]
    fn can_allow_loopback_names_with_the_port() {
        let hosts = at("127.0.0.1:1111");
        for ok in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111", "localhost.:1111"] {
            assert!(hosts.allows(Some(ok)), "{ok}");
        }
        assert!(at("[::1]:8080").allows(Some("[::1]:8080")));
        assert!(at("127.0.0.1:80").allows(Some("localhost")));
    }

    #[test]
    fn errors_on_foreign_missing_or_wrong_port_hosts() {
        let hosts = at("127.0.0.1:1111");
        for bad in ["evil.example", "evil.example:1111", "localhost:2222", "localhost", "127.0.0.2:1111", ""] {
            assert!(!hosts.allows(Some(bad)), "{bad}");
        }
        assert!(!hosts.allows(None));
    }

    #[test]
    fn can_allow_any_host_when_bound_beyond_loopback() {
        assert!(at("0.0.0.0:1111").allows(Some("evil.example")));
        assert!(at("192.0.2.7:1111").allows(None));
    }
}

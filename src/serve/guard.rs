//! Who may talk to the dev server. It serves an unpublished dossier, so a web page the writer
//! happens to open must not read it: by DNS rebinding, an attacker's name can come to point
//! at 127.0.0.1, and the browser then sends the attacker's name as `Host`. A request is
//! answered only when its `Host` names this server (421 Misdirected Request otherwise), and
//! the live-reload stream only for pages of this server (`Origin`, when sent; 403 otherwise).
//!
//! Accepted names: `localhost`, the address the server is bound to, loopback addresses, and
//! the host of the site's `base_url`; bound to all interfaces (`--bind 0.0.0.0`), any IP
//! address as well (a rebinding attack needs a name, never an address). A port, if given,
//! must be the one the server listens on.
//!
//! Hand-written rather than with `url`: a `Host` value is a name and a port, no more, and
//! the one URL read (`base_url`) needs only its host.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::http::Shared;

/// The names a request's `Host` may use.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    addr: SocketAddr,
    /// Lowercase: `localhost` and the host of the site's `base_url`.
    names: Vec<String>,
}

impl AllowedHosts {
    /// For a server bound to `addr`, for a site whose `base_url` is `base_url`.
    pub fn new(addr: SocketAddr, base_url: Option<&str>) -> AllowedHosts {
        let mut names = vec!["localhost".to_string()];
        if let Some(host) = base_url.and_then(url_host) {
            names.push(host);
        }
        AllowedHosts { addr, names }
    }

    /// Whether a `Host` header value names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|p| p != self.addr.port()) {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if self.names.contains(&name) {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip == self.addr.ip() || ip.is_loopback() || self.addr.ip().is_unspecified(),
            Err(_) => false,
        }
    }
}

/// A `Host` value's name (brackets of an IPv6 address removed) and port, if well formed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (name, after) = rest.split_once(']')?;
            match after {
                "" => (name, None),
                _ => (name, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    Some((name, port))
}

/// The lowercase host of an absolute URL (`https://dossier.example:8443/x` →
/// `dossier.example`).
fn url_host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let (name, _) = split_host(authority)?;
    Some(name.to_ascii_lowercase())
}

/// Answers 421 to a request whose `Host` names another server. A request without one
/// (HTTP/1.0) comes from no browser, and is answered.
pub async fn check_host(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST).map(|h| h.to_str());
    match host {
        None => next.run(request).await,
        Some(Ok(host)) if shared.hosts.allows(host) => next.run(request).await,
        Some(_) => (
            StatusCode::MISDIRECTED_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This server answers only for its own address (localhost, 127.0.0.1, or the \
             site's base_url host).\n",
        )
            .into_response(),
    }
}

/// Whether a request comes from a page of this server: no `Origin`, or one naming the
/// very host the request was sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let (Ok(origin), Some(Ok(host))) = (
        origin.to_str(),
        headers.get(header::HOST).map(|h| h.to_str()),
    ) else {
        return false;
    };
    let origin = origin.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    ["http://", "https://"]
        .iter()
        .any(|scheme| origin.strip_prefix(scheme) == Some(host.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_the_server() {
        let local = AllowedHosts::new(
            "127.0.0.1:1111".parse().unwrap(),
            Some("https://Dossier.Example/leaks"),
        );
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "dossier.example",
            "dossier.example:1111",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost.evil.example",
            "192.168.1.5:1111",
            "",
            ":1111",
            "[::1",
            "127.0.0.1:x",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let all = AllowedHosts::new("0.0.0.0:1111".parse().unwrap(), None);
        assert!(all.allows("192.168.1.5:1111"));
        assert!(all.allows("[fe80::1]:1111"));
        assert!(!all.allows("evil.example:1111"));
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(url_host("http://127.0.0.1:9").as_deref(), Some("127.0.0.1"));
        assert_eq!(
            url_host("https://u@Example.org/x?y").as_deref(),
            Some("example.org")
        );
        assert_eq!(url_host("http://[::1]:8080").as_deref(), Some("::1"));
        assert_eq!(url_host("/relative"), None);
    }

    #[test]
    fn origins() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (n, v) in pairs {
                h.insert(*n, v.parse().unwrap());
            }
            h
        };
        assert!(same_origin(&headers(&[("host", "127.0.0.1:1111")])));
        assert!(same_origin(&headers(&[
            ("host", "127.0.0.1:1111"),
            ("origin", "http://127.0.0.1:1111")
        ])));
        for bad in ["http://evil.example", "null", "http://127.0.0.1:2222"] {
            let h = headers(&[("host", "127.0.0.1:1111"), ("origin", bad)]);
            assert!(!same_origin(&h), "{bad}");
        }
    }
}

//! HTTP: the built site served from memory, the way a static host serves a folder —
//! `index.html` for folder URLs, a redirect to add the missing slash, the site's `404.html`
//! with status 404, GET and HEAD only, no listings — plus the live-reload event stream.
//!
//! A request path is decoded to a key of the in-memory site, never to a file path, so nothing
//! outside the site can be served; paths that try (`..`, encoded slashes, backslashes, NUL)
//! are refused with 400 all the same. A path with empty segments (`//notes/x`) is redirected
//! to its one canonical form, never to a protocol-relative `//host` address.
//!
//! Built files are served from memory; copied files (attachments, static files) are streamed
//! from disk by tower-http's `ServeFile`, which answers `Range` requests (206, 416) as a
//! static host does. No lock is held while a response is read or sent.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tokio::sync::{broadcast, oneshot, watch};
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::{Stream, StreamExt};
use tower_http::services::ServeFile;

use super::guard::{self, AllowedHosts};
use super::live::{self, url_path, ErrorView, LiveEvent, EVENTS_PATH};
use super::Message;
use crate::incremental::OutputFile;

/// What the HTTP side shares with the rebuilds.
pub struct Shared {
    /// The last good site, by output path.
    pub files: RwLock<HashMap<String, OutputFile>>,
    /// The `Host` names requests may use.
    pub hosts: AllowedHosts,
    /// The errors of the last build, if it failed.
    pub errors: RwLock<Option<Vec<ErrorView>>>,
    /// What `dossier check` warns about in the last good build.
    pub warnings: RwLock<Vec<ErrorView>>,
    pub events: broadcast::Sender<LiveEvent>,
    /// Tells pages a restarted server from the one that served them.
    pub instance: String,
    /// Turns true when the server stops, ending the event streams.
    pub stopping: watch::Receiver<bool>,
    /// The URL paths of open pages, and how many of each.
    pub viewers: Mutex<HashMap<String, usize>>,
    /// The output paths of what is generated from the whole site (timeline, search index…).
    pub generated: RwLock<HashSet<String>>,
    /// Whether those are older than the last rebuild: regenerated when one is asked for.
    pub stale: AtomicBool,
    pub(super) rebuilds: std::sync::mpsc::Sender<Message>,
}

impl Shared {
    /// Whether an open page shows something generated from the whole site.
    pub fn viewing_generated(&self) -> bool {
        let generated = self.generated.read().expect("no panics while holding it");
        let viewers = self.viewers.lock().expect("no panics while holding it");
        generated
            .iter()
            .any(|out| viewers.contains_key(&url_path(out)))
    }

    /// Whether serving `key` must wait for the site-wide files to be regenerated: it is one
    /// of them, or a page not found, which it may be once they are (a new tag's page).
    fn needs_regeneration(&self, key: &str) -> bool {
        if !self.stale.load(Ordering::Acquire) {
            return false;
        }
        let candidates = if key.is_empty() || key.ends_with('/') {
            vec![format!("{key}index.html")]
        } else {
            vec![key.to_string(), format!("{key}/index.html")]
        };
        let generated = self.generated.read().expect("no panics while holding it");
        let files = self.files.read().expect("no panics while holding it");
        let page_like = candidates.iter().any(|c| is_html(c));
        candidates.iter().any(|c| generated.contains(c))
            || (page_like && !candidates.iter().any(|c| files.contains_key(c)))
    }

    /// Has the rebuild thread regenerate the site-wide files, and waits for it.
    async fn regenerate(&self) {
        let (tx, rx) = oneshot::channel();
        if self.rebuilds.send(Message::Regenerate(tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

/// An open page, counted while its event stream is open.
struct Viewer {
    shared: Arc<Shared>,
    path: String,
}

impl Viewer {
    fn new(shared: &Arc<Shared>, page: Option<String>) -> Viewer {
        let path = page.unwrap_or_default();
        let path = path.strip_suffix("index.html").unwrap_or(&path).to_string();
        *shared
            .viewers
            .lock()
            .expect("no panics while holding it")
            .entry(path.clone())
            .or_default() += 1;
        Viewer {
            shared: Arc::clone(shared),
            path,
        }
    }
}

impl Drop for Viewer {
    fn drop(&mut self) {
        let mut viewers = self
            .shared
            .viewers
            .lock()
            .expect("no panics while holding it");
        if let Some(n) = viewers.get_mut(&self.path) {
            *n -= 1;
            if *n == 0 {
                viewers.remove(&self.path);
            }
        }
    }
}

#[derive(Deserialize)]
struct EventsQuery {
    /// The URL path of the page listening.
    page: Option<String>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard::check_host,
        ))
        .with_state(shared)
}

/// The one form of a request path with empty segments (`//notes//x` → `/notes/x`), if it
/// has any; a trailing slash is kept.
fn without_empty_segments(raw_path: &str) -> Option<String> {
    if !raw_path.contains("//") {
        return None;
    }
    let segments: Vec<&str> = raw_path.split('/').filter(|s| !s.is_empty()).collect();
    let mut path = format!("/{}", segments.join("/"));
    if raw_path.ends_with('/') && !segments.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// The key of the in-memory site a request path names, or why it names none.
pub fn site_key(raw_path: &str) -> Result<String, StatusCode> {
    let lower = raw_path.to_ascii_lowercase();
    if !raw_path.starts_with('/')
        || raw_path.contains('\\')
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = percent_decode(raw_path).ok_or(StatusCode::BAD_REQUEST)?;
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    let mut key = segments.join("/");
    if decoded.ends_with('/') && !key.is_empty() {
        key.push('/');
    }
    Ok(key)
}

/// A request path's `%XX` escapes decoded, strictly: a malformed escape or bytes that are not
/// UTF-8 refuse the request (`site_key` answers 400), where percent-encoding's decoder would
/// keep a stray `%` as it is.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == mime_guess::mime::JAVASCRIPT
            || mime.subtype() == mime_guess::mime::JSON =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// A built file from memory; HTML gets the live-reload script.
fn respond(
    method: &Method,
    status: StatusCode,
    path: &str,
    bytes: crate::incremental::Bytes,
) -> Response {
    let body = if is_html(path) {
        axum::body::Bytes::from(live::inject(&bytes))
    } else {
        axum::body::Bytes::from_owner(bytes)
    };
    let length = body.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    (
        status,
        [
            (header::CONTENT_TYPE, content_type(path)),
            (header::CONTENT_LENGTH, HeaderValue::from(length)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// A file of the site: from memory if built, streamed from disk if copied (HTML is read
/// whole, to add the live-reload script). `None` if a copied file is gone from disk.
async fn respond_file(
    (method, headers): (&Method, &HeaderMap),
    status: StatusCode,
    path: &str,
    file: OutputFile,
) -> Option<Response> {
    let copied = match file {
        OutputFile::Built(bytes) => return Some(respond(method, status, path, bytes)),
        OutputFile::Copied(copied) => copied,
    };
    if is_html(path) || status != StatusCode::OK {
        let bytes = tokio::fs::read(&copied.path).await.ok()?;
        return Some(respond(method, status, path, bytes.into()));
    }
    // Only what ServeFile reads: the method and the range and conditional headers.
    let mut request = Request::new(Body::empty());
    *request.method_mut() = method.clone();
    *request.headers_mut() = headers.clone();
    let mut response = ServeFile::new(&copied.path).try_call(request).await.ok()?;
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type(path));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(response.map(Body::new))
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

const BARE_404: &[u8] = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>There is no page at this address.</p></body></html>";

/// The page for a missing file: the site's `404.html`, or a bare page that still listens, so
/// it shows build errors and reloads once the page exists.
async fn not_found(request: (&Method, &HeaderMap), page: Option<OutputFile>) -> Response {
    if let Some(page) = page {
        if let Some(r) = respond_file(request, StatusCode::NOT_FOUND, "404.html", page).await {
            return r;
        }
    }
    respond(
        request.0,
        StatusCode::NOT_FOUND,
        "404.html",
        BARE_404.into(),
    )
}

/// What a request path names in the site.
enum Found {
    File(String, OutputFile),
    /// A folder asked for without its slash.
    Folder,
    Missing(Option<OutputFile>),
}

impl Found {
    fn file(self) -> Option<OutputFile> {
        match self {
            Found::File(_, file) => Some(file),
            _ => None,
        }
    }
}

fn find(shared: &Shared, key: &str) -> Found {
    let files = shared.files.read().expect("no panics while holding it");
    let file = |path: &str| {
        files
            .get(path)
            .map(|f| Found::File(path.to_string(), f.clone()))
    };
    let found = if key.is_empty() || key.ends_with('/') {
        file(&format!("{key}index.html"))
    } else {
        file(key).or_else(|| {
            files
                .contains_key(&format!("{key}/index.html"))
                .then_some(Found::Folder)
        })
    };
    found.unwrap_or_else(|| Found::Missing(files.get("404.html").cloned()))
}

fn redirect(path: &str, uri: &Uri) -> Response {
    let location = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    match HeaderValue::from_str(&location) {
        Ok(l) => (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, l)]).into_response(),
        Err(_) => plain(StatusCode::BAD_REQUEST, "Bad request path\n"),
    }
}

async fn site_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "GET and HEAD only\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let key = match site_key(uri.path()) {
        Ok(key) => key,
        Err(status) => return plain(status, "Bad request path\n"),
    };
    if shared.needs_regeneration(&key) {
        shared.regenerate().await;
    }
    let found = find(&shared, &key);
    // Served under one address only: relative links from `//notes/x/` would lead astray.
    if let (Some(path), false) = (
        without_empty_segments(uri.path()),
        matches!(found, Found::Missing(_)),
    ) {
        let slash = if matches!(found, Found::Folder) {
            "/"
        } else {
            ""
        };
        return redirect(&format!("{path}{slash}"), &uri);
    }
    let request = (&method, &headers);
    match found {
        Found::File(path, file) => match respond_file(request, StatusCode::OK, &path, file).await {
            Some(r) => r,
            // Removed from disk since the last rebuild, which the next one will tell.
            None => not_found(request, find(&shared, "404.html").file()).await,
        },
        Found::Folder => redirect(&format!("{}/", uri.path()), &uri),
        Found::Missing(page) => not_found(request, page).await,
    }
}

/// The live-reload stream: a hello with the current errors, then every rebuild's event.
/// Only pages of this server may listen (`guard::same_origin`): a page elsewhere is
/// refused with 403.
async fn events(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Response> {
    if !guard::same_origin(&headers) {
        return Err(plain(
            StatusCode::FORBIDDEN,
            "Only pages of this server may listen for rebuilds\n",
        ));
    }
    let viewer = Viewer::new(&shared, query.page);
    let errors = shared
        .errors
        .read()
        .expect("no panics while holding it")
        .clone();
    let hello = Event::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(live::hello(
            &shared.instance,
            errors.as_deref(),
            &shared.warnings.read().expect("no panics while holding it"),
        ));
    let updates = BroadcastStream::new(shared.events.subscribe()).map(|event| {
        let event = match event {
            Ok(e) => e,
            // Missed events: have every page reload.
            Err(_) => LiveEvent::Reload {
                paths: vec!["/".into()],
                rebuilt: true,
            },
        };
        let (name, data) = event.to_sse();
        Ok(Event::default().event(name).data(data))
    });
    // Ends when the server stops, so a graceful shutdown does not wait for open pages.
    let stop = WatchStream::new(shared.stopping.clone())
        .filter(|&stopping| stopping)
        .map(|_| None);
    let stream = tokio_stream::once(Ok(hello))
        .chain(updates)
        .map(Some)
        .merge(stop)
        .take_while(Option::is_some)
        .filter_map(move |event| {
            // The page counts as open as long as its stream is.
            let _open = &viewer;
            event
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_name_site_files_only() {
        assert_eq!(site_key("/").unwrap(), "");
        assert_eq!(site_key("/notes/huawei/").unwrap(), "notes/huawei/");
        assert_eq!(site_key("/notes/caf%C3%A9/").unwrap(), "notes/café/");
        assert_eq!(site_key("//etc/passwd").unwrap(), "etc/passwd");
        assert_eq!(site_key("/notes//huawei//").unwrap(), "notes/huawei/");
        for bad in [
            "/../etc/passwd",
            "/notes/../../x",
            "/%2e%2e/secret",
            "/notes%2f..%2fx",
            "/notes%2Fx",
            "/a\\b",
            "/%5c..%5cx",
            "/a%00b",
            "/./x",
            "/bad%zz",
            "/%ff",
            "notes",
        ] {
            assert_eq!(site_key(bad), Err(StatusCode::BAD_REQUEST), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(
            content_type("graph.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("report.pdf"), "application/pdf");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}

//! Shared by the serve tests: small sites written inline into a temporary folder, edited the
//! way writers and editors do, and a full build of them to compare the served site with.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dossier::incremental::{Change, LiveSite, Rebuild};
use dossier::site::{BuiltFile, Options, Site};

pub struct TempSite {
    dir: tempfile::TempDir,
}

impl TempSite {
    pub fn new(files: &[(&str, &str)]) -> TempSite {
        let site = TempSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for (rel, text) in files {
            site.write(rel, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Saves the way many editors do: a temporary file renamed over the old one.
    pub fn save_by_rename(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(tmp, path).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `from` by `to` in a file, which must contain it.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn rename(&self, from: &str, to: &str) {
        let to = self.path(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.path(from), to).unwrap();
    }
}

/// What `dossier build` writes for the site, by output path.
pub fn full_build(root: &Path, options: &Options) -> BTreeMap<String, Vec<u8>> {
    let site = Site::load(root, options).unwrap_or_else(|d| panic!("full build failed:\n{d}"));
    let files = Mutex::new(BTreeMap::new());
    site.render_all(|rel, data| {
        let bytes = match data {
            BuiltFile::Bytes(b) => b,
            BuiltFile::Static(b) => b.to_vec(),
            BuiltFile::Copy(path) => std::fs::read(path).unwrap(),
        };
        files.lock().unwrap().insert(rel.to_string(), bytes);
        Ok(())
    })
    .unwrap_or_else(|d| panic!("full build failed:\n{d}"));
    files.into_inner().unwrap()
}

/// Every file the live site serves, by output path.
pub fn served(live: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    let out = live.output();
    out.paths()
        .into_iter()
        .map(|p| (p.to_string(), out.get(p).unwrap().read().unwrap().to_vec()))
        .collect()
}

/// Applies `changes` as the watcher reports them and regenerates the site-wide files, then
/// asserts the served site is what a full build of the same files with `options` writes.
pub fn step_as_built(
    live: &mut LiveSite,
    site: &TempSite,
    changes: &[Change],
    options: &Options,
    what: &str,
) -> Rebuild {
    let rebuild = live
        .update(changes.iter().cloned())
        .unwrap_or_else(|d| panic!("{what}: rebuild failed:\n{d}"));
    live.finish()
        .unwrap_or_else(|d| panic!("{what}: generated files failed:\n{d}"));
    assert_same_build(&served(live), &full_build(site.root(), options), what);
    rebuild
}

/// Asserts two builds are byte for byte the same, naming the first files that differ.
pub fn assert_same_build(
    served: &BTreeMap<String, Vec<u8>>,
    full: &BTreeMap<String, Vec<u8>>,
    step: &str,
) {
    let only_served: Vec<&String> = served.keys().filter(|k| !full.contains_key(*k)).collect();
    let only_full: Vec<&String> = full.keys().filter(|k| !served.contains_key(*k)).collect();
    let differ: Vec<&String> = full
        .iter()
        .filter(|(k, v)| served.get(*k).is_some_and(|s| s != *v))
        .map(|(k, _)| k)
        .collect();
    if let Some(first) = differ.first() {
        let (a, b) = (
            String::from_utf8_lossy(&served[*first]),
            String::from_utf8_lossy(&full[*first]),
        );
        let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let around = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(80))
                .take(240)
                .collect::<String>()
        };
        panic!(
            "after {step}: {} files differ ({differ:?}); {first} first differs at char {at}:\nserved: {}\nfull:   {}",
            differ.len(),
            around(&a),
            around(&b)
        );
    }
    assert!(
        only_served.is_empty() && only_full.is_empty(),
        "after {step}: only served: {only_served:?}; only in the full build: {only_full:?}"
    );
}

/// A small dossier with its own theme, exercising links, aka names, anchors, citations,
/// a page bundle with a file, relations, events, a draft and sections.
pub fn dossier_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "site.toml",
            "title = \"Test dossier\"\nbase_url = \"http://127.0.0.1:9\"\ntheme = \"plain\"\n",
        ),
        (
            "themes/plain/templates/base.html",
            r#"<!doctype html>
<html lang="{{ config.language }}"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ get_url(path='style.css') }}"></head>
<body>{% block content %}{% endblock content %}</body></html>
"#,
        ),
        (
            "themes/plain/templates/page.html",
            r#"{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block content %}<nav>{% for a in page.ancestors %}<a href="{{ a.permalink }}">{{ a.title }}</a> / {% endfor %}</nav>
<h1>{{ page.title }}</h1>{% if page.description %}<p class="dek">{{ page.description }}</p>{% endif %}
<ol class="toc">{% for h in page.toc %}<li><a href="{{ h.permalink }}">{{ h.title }}</a></li>{% endfor %}</ol>
<main>{{ page.content | safe }}</main>
<ul class="relations">{% for r in page.relations %}<li>{{ r.kind }} <a href="{{ r.to.permalink }}">{{ r.to.title }}</a>{% for s in r.sources %} [{{ s.number }}: {{ s.title }}]{% endfor %}</li>{% endfor %}
{% for r in page.inbound_relations %}<li><a href="{{ r.from.permalink }}">{{ r.from.title }}</a> {{ r.kind }}{% for s in r.sources %} [{{ s.title }}]{% endfor %}</li>{% endfor %}</ul>
<ul class="events">{% for e in page.events %}<li>{{ e.date }} {{ e.title }}{% for s in e.sources %} [{{ s.number }}]{% endfor %}</li>{% endfor %}</ul>
<ol class="references">{% for r in page.references %}<li id="ref-{{ r.number }}"><a href="{{ r.permalink }}">{{ r.title }}</a>{% if r.publisher %}, {{ r.publisher }}{% endif %}{{ r.locators | join(sep="; ") }}</li>{% endfor %}</ol>
<ul class="backlinks">{% for b in page.backlinks %}<li><a href="{{ b.permalink }}">{{ b.title }}</a>: {{ b.context }}</li>{% endfor %}</ul>
<ul class="cited-by">{% for c in page.cited_by %}<li><a href="{{ c.permalink }}">{{ c.title }}</a>: {{ c.context }}</li>{% endfor %}</ul>
{% endblock content %}
"#,
        ),
        (
            "themes/plain/templates/source.html",
            r#"{% extends "page.html" %}
{% block title %}Source: {{ page.title }}{% endblock title %}
"#,
        ),
        (
            "themes/plain/templates/section.html",
            r#"{% extends "base.html" %}
{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul class="pages">{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.summary %}{{ p.summary | safe }}{% endif %} ({{ p.word_count }} words)</li>{% endfor %}</ul>
{% endblock content %}
"#,
        ),
        (
            "themes/plain/templates/index.html",
            r#"{% extends "base.html" %}
{% block content %}<h1>{{ config.title }}</h1>{{ section.content | safe }}
{% set notes = get_section(path="notes/_index.md") %}
<ul class="notes">{% for p in notes.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
"#,
        ),
        (
            "themes/plain/templates/timeline.html",
            r#"{% extends "base.html" %}
{% block content %}<ol class="timeline">{% for e in get_events() %}<li>{{ e.date }} <a href="{{ e.page.permalink }}">{{ e.title }}</a></li>{% endfor %}</ol>{% endblock content %}
"#,
        ),
        (
            "themes/plain/templates/404.html",
            r#"{% extends "base.html" %}
{% block content %}<h1>Not here</h1><p>No page at this address.</p>{% endblock content %}
"#,
        ),
        (
            "themes/plain/static/style.css",
            "body { color: rgb(10, 10, 10); }\n",
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nThe dossier's home.\n",
        ),
        (
            "content/notes/_index.md",
            "+++\ntitle = \"Notes\"\n+++\nBackground notes.\n",
        ),
        (
            "content/notes/huawei.md",
            r#"+++
title = "Huawei"
date = 2018-06-05
kind = "note"
aka = ["Huawei Technologies"]
description = "The Shenzhen telecom maker."

[[relations]]
to = "ren-zhengfei"
kind = "founded by"
since = 1987
sources = ["nyt-2018"]
+++
Huawei makes phones and network gear, and was one of the partners [@nyt-2018, p. 3].

<!-- more -->

## History

Founded in 1987; see [[zte]] for the other Shenzhen maker.
"#,
        ),
        (
            "content/notes/zte.md",
            r#"+++
title = "ZTE"
date = 2018-06-07
kind = "note"
+++
ZTE was sanctioned in 2018. Compare [[huawei]] and [[Huawei Technologies|the firm]], whose
[[huawei#history|history]] is older.

ZTE settled with the Commerce Department [@nyt-2018].
"#,
        ),
        (
            "content/notes/plain.md",
            "+++\ntitle = \"A plain note\"\ndate = 2018-01-02\n+++\nNothing links here and this links nowhere.\n",
        ),
        (
            "content/notes/draft.md",
            "+++\ntitle = \"Unfinished\"\ndraft = true\n+++\nNot yet.\n",
        ),
        (
            "content/people/_index.md",
            "+++\ntitle = \"People\"\n+++\n",
        ),
        (
            "content/people/ren-zhengfei.md",
            r#"+++
title = "Ren Zhengfei"
kind = "person"

[[events]]
date = 1987
title = "Ren founds Huawei"
sources = ["nyt-2018"]
+++
Founder of [[huawei]].
"#,
        ),
        (
            "content/sources/_index.md",
            "+++\ntitle = \"Sources\"\n+++\n",
        ),
        (
            "content/sources/nyt-2018.md",
            r#"+++
title = "Facebook gave device makers deep access"
kind = "source"
publisher = "The New York Times"
date = 2018-06-03
url = "https://www.nytimes.com/2018/06/03/technology/facebook-device-partners-users-friends-data.html"
+++
The report.
"#,
        ),
        (
            "content/sources/pwc/index.md",
            "+++\ntitle = \"PwC assessment\"\nkind = \"source\"\npublisher = \"PwC\"\n+++\nThe [report](report.pdf).\n",
        ),
        ("content/sources/pwc/report.pdf", "%PDF-1.4 fake\n"),
        (
            "content/events/_index.md",
            "+++\ntitle = \"Events\"\n+++\n",
        ),
        (
            "content/events/hearing.md",
            r#"+++
title = "Senate hearing"
kind = "event"
date = 2018-09-05
+++
Sandberg testified; [[zte]] and [[notes/huawei]] came up [@nyt-2018; @pwc].
"#,
        ),
    ]
}

/// An HTTP response as read off the wire.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.text())
    }
}

fn read_chunked(reader: &mut impl std::io::BufRead, out: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut size = String::new();
    if reader.read_line(&mut size)? == 0 {
        return Ok(false);
    }
    let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
    let mut chunk = vec![0; n + 2];
    reader.read_exact(&mut chunk)?;
    out.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

fn read_head(reader: &mut impl std::io::BufRead) -> (u16, Vec<(String, String)>) {
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    (status, headers)
}

/// Sends one request exactly as written (no normalization of the path) and reads the reply.
pub fn request(addr: std::net::SocketAddr, method: &str, target: &str) -> Response {
    request_with(addr, method, target, &[])
}

/// `request` with more headers; a `Host` among them replaces the server's address.
pub fn request_with(
    addr: std::net::SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> Response {
    use std::io::{BufReader, Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    if method == "HEAD" {
        return response;
    }
    if response.header("transfer-encoding") == Some("chunked") {
        while read_chunked(&mut reader, &mut response.body).unwrap() {}
    } else {
        reader.read_to_end(&mut response.body).unwrap();
    }
    response
}

pub fn get(addr: std::net::SocketAddr, path: &str) -> Response {
    request(addr, "GET", path)
}

/// Removes the live-reload script serve adds to HTML, to compare with a build.
pub fn without_live_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("<script data-dossier-live>") {
        Some(start) => {
            let end = start + text[start..].find("</script>\n").unwrap() + "</script>\n".len();
            format!("{}{}", &text[..start], &text[end..]).into_bytes()
        }
        None => html.to_vec(),
    }
}

/// A live-reload event stream, read the way a browser's EventSource reads it.
pub struct EventStream {
    reader: std::io::BufReader<std::net::TcpStream>,
    buffer: Vec<u8>,
}

/// One server-sent event: its name and JSON data.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub name: String,
    pub data: serde_json::Value,
}

impl LiveEvent {
    /// For `reload` events: the URL paths that changed.
    pub fn paths(&self) -> Vec<String> {
        self.data["paths"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl EventStream {
    pub fn connect(addr: std::net::SocketAddr) -> EventStream {
        EventStream::connect_as(addr, "/")
    }

    /// Listens as the page at URL path `page` does.
    pub fn connect_as(addr: std::net::SocketAddr, page: &str) -> EventStream {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__dossier/events?page={} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n",
            page.replace('/', "%2F")
        )
        .unwrap();
        let mut reader = std::io::BufReader::new(stream);
        let (status, headers) = read_head(&mut reader);
        assert_eq!(status, 200);
        assert!(headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("content-type")
                && v.starts_with("text/event-stream")));
        EventStream {
            reader,
            buffer: Vec::new(),
        }
    }

    /// The next event, if one comes within `timeout` (keep-alive comments are skipped).
    pub fn next(&mut self, timeout: std::time::Duration) -> Option<LiveEvent> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let text = String::from_utf8_lossy(&self.buffer).into_owned();
            if let Some(end) = text.find("\n\n") {
                self.buffer.drain(..end + 2);
                let mut name = String::from("message");
                let mut data = String::new();
                for line in text[..end].lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some(LiveEvent {
                    name,
                    data: serde_json::from_str(&data).unwrap(),
                });
            }
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(std::time::Duration::from_millis(1))))
                .unwrap();
            match read_chunked(&mut self.reader, &mut self.buffer) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None
                }
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// Waits (up to `timeout`) for an event that satisfies `want`, skipping others.
    pub fn wait_for(
        &mut self,
        timeout: std::time::Duration,
        what: &str,
        want: impl Fn(&LiveEvent) -> bool,
    ) -> LiveEvent {
        let deadline = std::time::Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.next(left) {
                Some(e) if want(&e) => return e,
                Some(e) => seen.push(e),
                None => break,
            }
        }
        panic!("no event for {what} within {timeout:?}; saw {seen:?}");
    }
}

/// Polls `check` until it returns `Some`, or panics after `timeout` naming `what`.
pub fn eventually<T>(
    timeout: std::time::Duration,
    what: &str,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return v;
        }
        if std::time::Instant::now() > deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

/// A home linking page A, and a page B no page links to: one orphan warning until A links B.
pub fn orphan_site() -> TempSite {
    TempSite::new(&[
        (
            "site.toml",
            "title = \"W\"\nbase_url = \"https://example.org\"\n",
        ),
        ("content/_index.md", "+++\n+++\nSee [[a]].\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nAlone.\n"),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\n+++\nNo one links here.\n",
        ),
    ])
}

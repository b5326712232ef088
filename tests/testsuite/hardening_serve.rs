//! `dossier serve` under abuse, against a real server on 127.0.0.1: the content folder
//! replaced or moved away and back, files that vanish mid-rebuild, requests for other hosts
//! and from other origins, idle and half-sent connections beyond the limit, ranges of
//! attachments and paths with empty segments. Every loop is bounded and every server stops.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::common::texts;
use crate::support::serve::{
    dossier_files, eventually, get, request, request_with, EventStream, LiveEvent, TempSite,
};
use dossier::incremental::{LiveSite, OutputFile};
use dossier::serve::{self, Limits, ServeOptions, Server};
use dossier::site::Options;

/// Generous: file-watch effects on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(30);

fn start_with(site: &TempSite, limits: Limits) -> Server {
    serve::start(
        site.root(),
        ServeOptions {
            port: 0,
            verbose: false,
            limits,
            ..ServeOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("serve did not start:\n{d}"))
}

fn start(site: &TempSite) -> Server {
    start_with(site, Limits::default())
}

fn wait_for_text(server: &Server, path: &str, text: &str) {
    eventually(PATIENCE, &format!("{path} to show {text:?}"), || {
        get(server.addr(), path).text().contains(text).then_some(())
    });
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every event that arrives within `time`.
fn events_during(events: &mut EventStream, time: Duration) -> Vec<LiveEvent> {
    let deadline = Instant::now() + time;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.next(left) {
            Some(e) => seen.push(e),
            None => break,
        }
    }
    seen
}

fn build_errors(events: &[LiveEvent]) -> Vec<&LiveEvent> {
    events.iter().filter(|e| e.name == "build-error").collect()
}

/// Edits the plain note and waits until the server shows it.
fn edit_is_seen(site: &TempSite, server: &Server, text: &str) {
    site.write(
        "content/notes/plain.md",
        &format!("+++\ntitle = \"A plain note\"\ndate = 2018-01-02\n+++\n{text}\n"),
    );
    wait_for_text(server, "/notes/plain/", text);
}

#[test]
fn content_replaced_by_a_copy_is_watched_again() {
    let site = TempSite::new(&dossier_files());
    let backup = tempfile::tempdir().unwrap();
    copy_dir(&site.path("content"), backup.path());
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    assert_eq!(events.next(PATIENCE).unwrap().name, "hello");

    // `rm -rf content && cp -r backup content`
    std::fs::remove_dir_all(site.path("content")).unwrap();
    copy_dir(backup.path(), &site.path("content"));
    wait_for_text(&server, "/notes/huawei/", "Huawei");
    edit_is_seen(&site, &server, "Seen after the copy came back.");
    // And again, incrementally: the new folder's files are watched.
    edit_is_seen(&site, &server, "Seen on a second edit.");

    let seen = events_during(&mut events, Duration::from_millis(300));
    assert!(build_errors(&seen).is_empty(), "false errors: {seen:?}");
    let hello = EventStream::connect(server.addr()).next(PATIENCE).unwrap();
    assert!(hello.data["errors"].is_null(), "{:?}", hello.data);
    server.shutdown();
}

#[test]
fn content_moved_away_and_back_is_watched_again() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    assert_eq!(events.next(PATIENCE).unwrap().name, "hello");

    // `mv content x && mv x content`, then the same for templates/ folders of the theme.
    site.rename("content", "away");
    site.rename("away", "content");
    edit_is_seen(&site, &server, "Seen after the folder came back.");
    site.rename("themes", "themes-away");
    site.rename("themes-away", "themes");
    site.edit(
        "themes/plain/templates/page.html",
        "<h1>",
        "<h1 class=\"moved-back\">",
    );
    eventually(PATIENCE, "the edited template to be used", || {
        let html = get(server.addr(), "/notes/huawei/").html();
        (texts(&html, "h1.moved-back") == ["Huawei"]).then_some(())
    });
    edit_is_seen(&site, &server, "Still seen afterwards.");

    let seen = events_during(&mut events, Duration::from_millis(300));
    assert!(build_errors(&seen).is_empty(), "false errors: {seen:?}");
    server.shutdown();
}

#[test]
fn files_that_vanish_during_a_rebuild_show_no_error() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    assert_eq!(events.next(PATIENCE).unwrap().name, "hello");

    // Editors' and sync tools' short-lived files, each removed a few milliseconds after it
    // was written: some while the rebuild they started reads the site.
    for i in 0..60u64 {
        let page = format!("content/notes/flash-{i}.md");
        let file = format!("content/notes/huawei/flash-{i}.bin");
        site.write(&page, "+++\ntitle = \"Flash\"\n+++\nGone soon.\n");
        site.write(&file, "bytes");
        std::thread::sleep(Duration::from_millis(i % 13));
        site.remove(&page);
        site.remove(&file);
        std::thread::sleep(Duration::from_millis(i % 7));
    }
    edit_is_seen(&site, &server, "Seen after the flashes.");
    let seen = events_during(&mut events, Duration::from_millis(300));
    assert!(build_errors(&seen).is_empty(), "false errors: {seen:?}");
    assert_eq!(get(server.addr(), "/notes/flash-0/").status, 404);
    server.shutdown();
}

fn open_events(addr: SocketAddr, headers: &[(&str, &str)]) -> u16 {
    let mut head = "GET /__dossier/events?page=%2F HTTP/1.1\r\n".to_string();
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Accept: text/event-stream\r\n\r\n");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut status = [0u8; 12];
    stream.read_exact(&mut status).unwrap();
    String::from_utf8_lossy(&status[9..12]).parse().unwrap()
}

#[test]
fn only_this_servers_hosts_and_pages_are_answered() {
    let mut files = dossier_files();
    files[0] = (
        "site.toml",
        "title = \"Test dossier\"\nbase_url = \"https://Dossier.Example/x\"\ntheme = \"plain\"\n",
    );
    let site = TempSite::new(&files);
    let server = start(&site);
    let addr = server.addr();
    let port = addr.port();
    let host = |h: &str| request_with(addr, "GET", "/notes/huawei/", &[("Host", h)]);

    for ok in [
        addr.to_string(),
        format!("localhost:{port}"),
        "localhost".into(),
        format!("[::1]:{port}"),
        "dossier.example".into(),
        format!("dossier.example:{port}"),
    ] {
        let r = host(&ok);
        assert_eq!(r.status, 200, "{ok}");
        assert_eq!(texts(&r.html(), "h1"), ["Huawei"], "{ok}");
    }
    for rebinding in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
    ] {
        let r = host(&rebinding);
        assert_eq!(r.status, 421, "{rebinding}");
        assert!(!r.text().contains("Huawei"), "{rebinding} read the page");
    }

    let here = format!("http://{addr}");
    assert_eq!(open_events(addr, &[("Host", &addr.to_string())]), 200);
    assert_eq!(
        open_events(addr, &[("Host", &addr.to_string()), ("Origin", &here)]),
        200
    );
    for origin in ["http://evil.example", "null", "http://localhost:9"] {
        assert_eq!(
            open_events(addr, &[("Host", &addr.to_string()), ("Origin", origin)]),
            403,
            "{origin}"
        );
    }
    assert_eq!(
        open_events(
            addr,
            &[("Host", "evil.example"), ("Origin", "http://evil.example")]
        ),
        421
    );
    server.shutdown();
}

/// Whether the server closed `stream` (EOF) within `time`.
fn closed_within(stream: &mut TcpStream, time: Duration) -> bool {
    stream.set_read_timeout(Some(time)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // A 408 may come before the close.
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn idle_connections_beyond_the_limit_do_not_lock_the_writer_out() {
    let site = TempSite::new(&dossier_files());
    let limits = Limits {
        max_connections: 4,
        header_timeout: Duration::from_millis(400),
    };
    let server = start_with(&site, limits);
    let addr = server.addr();
    let mut live = EventStream::connect(addr);
    assert_eq!(live.next(PATIENCE).unwrap().name, "hello");

    // Five times the limit: idle, and sending half a request head.
    let mut idle: Vec<TcpStream> = (0..20)
        .map(|i| {
            let mut s = TcpStream::connect(addr).unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
            }
            s
        })
        .collect();
    let started = Instant::now();
    let page = get(addr, "/notes/huawei/");
    assert_eq!(page.status, 200);
    assert_eq!(texts(&page.html(), "h1"), ["Huawei"]);
    assert!(started.elapsed() < PATIENCE);
    for (i, s) in idle.iter_mut().enumerate() {
        assert!(
            closed_within(s, Duration::from_secs(10)),
            "idle connection {i} still open"
        );
    }

    // A kept-alive connection left idle after its request is closed too.
    let mut kept = TcpStream::connect(addr).unwrap();
    write!(kept, "GET /style.css HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    assert!(closed_within(&mut kept, Duration::from_secs(10)));

    // The open page's stream, which sent its request, outlives the timeout.
    std::thread::sleep(Duration::from_millis(800));
    edit_is_seen(&site, &server, "Seen by a page open all along.");
    live.wait_for(PATIENCE, "the edited page", |e| {
        e.name == "reload" && e.paths().contains(&"/notes/plain/".to_string())
    });
    server.shutdown();
}

#[test]
fn attachments_are_streamed_from_disk_with_ranges() {
    let site = TempSite::new(&dossier_files());
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.path("content/sources/pwc/recording.bin"), &big).unwrap();
    let server = start(&site);
    let addr = server.addr();
    let path = "/sources/pwc/report.pdf";

    let whole = get(addr, path);
    assert_eq!(whole.status, 200);
    assert_eq!(whole.text(), "%PDF-1.4 fake\n");
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.header("content-type"), Some("application/pdf"));
    assert_eq!(whole.header("cache-control"), Some("no-store"));

    let range = |r: &str| request_with(addr, "GET", path, &[("Range", r)]);
    let part = range("bytes=0-3");
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), Some("bytes 0-3/14"));
    assert_eq!(part.text(), "%PDF");
    let tail = range("bytes=-5");
    assert_eq!(tail.status, 206);
    assert_eq!(tail.text(), "fake\n");
    let beyond = range("bytes=14-20");
    assert_eq!(beyond.status, 416);
    assert_eq!(beyond.header("content-range"), Some("bytes */14"));
    let head = request(addr, "HEAD", path);
    assert_eq!(head.header("content-length"), Some("14"));
    assert!(head.body.is_empty());

    let recording = get(addr, "/sources/pwc/recording.bin");
    assert_eq!(recording.header("content-length"), Some("3000000"));
    assert!(recording.body == big, "the large file arrives whole");
    let middle = request_with(
        addr,
        "GET",
        "/sources/pwc/recording.bin",
        &[("Range", "bytes=1000000-1000009")],
    );
    assert_eq!(middle.status, 206);
    assert_eq!(middle.body, &big[1_000_000..1_000_010]);

    // What is on disk now is served, at once.
    std::fs::write(
        site.path("content/sources/pwc/report.pdf"),
        "%PDF-1.4 new!\n",
    )
    .unwrap();
    assert_eq!(get(addr, path).text(), "%PDF-1.4 new!\n");
    server.shutdown();
}

#[test]
fn the_live_site_keeps_copied_files_on_disk() {
    let site = TempSite::new(&dossier_files());
    let mut live = LiveSite::new(site.root(), Options::default());
    live.update([]).unwrap();
    match live.output().get("sources/pwc/report.pdf") {
        Some(OutputFile::Copied(file)) => {
            assert_eq!(file.path, site.path("content/sources/pwc/report.pdf"));
            assert_eq!(file.len, 14);
        }
        other => panic!("the attachment is held as {other:?}"),
    }
    assert!(matches!(
        live.output().get("notes/huawei/index.html"),
        Some(OutputFile::Built(_))
    ));
}

#[test]
fn paths_with_empty_segments_redirect_to_their_one_form() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let addr = server.addr();
    for (asked, location) in [
        ("//notes/huawei", "/notes/huawei/"),
        ("//notes/huawei/", "/notes/huawei/"),
        ("/notes//huawei?x=1", "/notes/huawei/?x=1"),
        ("///style.css", "/style.css"),
        ("//", "/"),
    ] {
        let r = get(addr, asked);
        assert_eq!(r.status, 307, "{asked}");
        assert_eq!(r.header("location"), Some(location), "{asked}");
    }
    let nothing = get(addr, "//nothing.example/x");
    assert_eq!(nothing.status, 404);
    assert_eq!(nothing.header("location"), None);
    assert_eq!(get(addr, "/notes/huawei/").status, 200);
    server.shutdown();
}

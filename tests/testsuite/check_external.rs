//! `dossier check --external` against a server on 127.0.0.1 that answers 200, 301, 404, 500,
//! refuses HEAD, or never answers: dead addresses are warnings at their place, the archive
//! is named, and a rerun within the day asks nothing.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::common::*;

/// A small HTTP server for the test; stops when dropped.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<String>>>,
}

fn answer(mut stream: TcpStream, requests: &Mutex<Vec<String>>, stop: &AtomicBool) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    requests.lock().unwrap().push(format!("{method} {path}"));
    let response = match (method, path) {
        (_, "/ok") => "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".to_string(),
        (_, "/moved") => {
            "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".into()
        }
        (_, "/gone") => "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".into(),
        (_, "/broken") => "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".into(),
        ("HEAD", "/no-head") => {
            "HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".into()
        }
        ("GET", "/no-head") => "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".into(),
        (_, "/never") => {
            // Hold the connection without a word, for at most ten seconds.
            let until = Instant::now() + Duration::from_secs(10);
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            return;
        }
        _ => "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".into(),
    };
    let body = if method == "HEAD" {
        response.split("\r\n\r\n").next().unwrap_or("").to_string() + "\r\n\r\n"
    } else {
        response
    };
    let _ = stream.write_all(body.as_bytes());
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (Arc::clone(&stop), Arc::clone(&requests));
        std::thread::spawn(move || {
            // Bounded: the test ends it, and it ends itself after a minute regardless.
            let until = Instant::now() + Duration::from_secs(60);
            while !s.load(Ordering::Relaxed) && Instant::now() < until {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        let (r, s) = (Arc::clone(&r), Arc::clone(&s));
                        std::thread::spawn(move || answer(stream, &r, &s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            addr,
            stop,
            requests,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        let mut r = self.requests.lock().unwrap().clone();
        r.sort();
        r
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn site(server: &Server) -> TestSite {
    let site = TestSite::new();
    site.page(
        "sources/alive.md",
        &format!("title = \"Alive\"\nkind = \"source\"\nurl = \"{}\"", server.url("/ok")),
        "",
    )
    .page(
        "sources/archived.md",
        &format!(
            "title = \"Archived\"\nkind = \"source\"\nurl = \"{}\"\narchive_url = \"{}\"",
            server.url("/gone"),
            server.url("/moved")
        ),
        "",
    )
    .page(
        "sources/lost.md",
        &format!(
            "title = \"Lost\"\nkind = \"source\"\nurl = \"{}\"\narchive_url = \"{}\"",
            server.url("/broken"),
            server.url("/gone")
        ),
        "",
    )
    .page(
        "sources/bare.md",
        &format!("title = \"Bare\"\nkind = \"source\"\nurl = \"{}\"", server.url("/broken")),
        "",
    )
    .page(
        "a.md",
        "title = \"A\"\nkind = \"article\"",
        &format!(
            "Cites [@alive] [@archived] [@lost] [@bare].\n\nSee [the mirror]({}) and\n[the silent one]({}).\n\n![chart]({})\n\nWrite to [us](mailto:desk@example.org).\n",
            server.url("/moved"),
            server.url("/never"),
            server.url("/no-head")
        ),
    );
    site
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The warnings about addresses (the fixture's article is also an orphan).
fn address_warnings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains(": warning: ") && l.contains("http://"))
        .collect()
}

#[test]
fn dead_addresses_are_warnings_at_their_place_and_a_rerun_asks_nothing() {
    let server = Server::start();
    let site = site(&server);
    let out = site.run(&["check", "--external", "--timeout", "1"]);
    let text = stdout(&out);
    assert!(out.status.success(), "warnings do not fail check:\n{text}");
    let (gone, broken, never) = (
        server.url("/gone"),
        server.url("/broken"),
        server.url("/never"),
    );
    let moved = server.url("/moved");
    let warnings = address_warnings(&text);
    assert_eq!(
        warnings,
        [
            format!("content/a.md:8:1: warning: dead link {never} (no answer in time)").as_str(),
            &format!("content/sources/archived.md:4:7: warning: dead address {gone} (404 Not Found); the source has an archived copy: {moved}"),
            &format!("content/sources/bare.md:4:7: warning: dead address {broken} (500 Internal Server Error), and the source has no `archive_url`: add an archived copy"),
            &format!("content/sources/lost.md:4:7: warning: dead address {broken} (500 Internal Server Error); the source has an archived copy: {gone}"),
            &format!("content/sources/lost.md:5:15: warning: the archived copy {gone} is dead (404 Not Found)"),
        ],
        "{text}"
    );
    assert!(
        text.contains("6 external addresses: 6 asked for, 0 from the cache"),
        "{text}"
    );
    let asked = server.requests();
    assert!(asked.contains(&"HEAD /no-head".to_string()), "{asked:?}");
    assert!(
        asked.contains(&"GET /no-head".to_string()),
        "a refused HEAD is tried as GET: {asked:?}"
    );
    assert!(
        !text.contains("/no-head"),
        "an address that answers GET is alive:\n{text}"
    );
    assert!(
        site.root()
            .join(".dossier-cache/external-links.json")
            .exists(),
        "results are cached under the site root"
    );

    // Within the day, nothing is asked again and the findings are the same.
    let before = server.requests().len();
    let again = site.run(&["check", "--external", "--timeout", "1"]);
    let again_text = stdout(&again);
    assert_eq!(server.requests().len(), before, "the cache answered");
    assert!(
        again_text.contains("6 external addresses: 0 asked for, 6 from the cache"),
        "{again_text}"
    );
    assert_eq!(address_warnings(&again_text), warnings);

    let denied = site.run(&["check", "--external", "--deny-warnings"]);
    assert!(
        !denied.status.success(),
        "--deny-warnings fails on dead addresses"
    );
}

#[test]
fn plain_check_asks_for_nothing() {
    let server = Server::start();
    let site = site(&server);
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(!stdout(&out).contains("dead"), "{}", stdout(&out));
    assert_eq!(server.requests(), Vec::<String>::new());
    assert!(!site.root().join(".dossier-cache").exists());
}

/// With nothing to ask for, `check --external` leaves no cache in the site.
#[test]
fn no_external_address_no_cache() {
    let site = TestSite::new();
    site.page(
        "a.md",
        "title = \"A\"",
        "See [B](@/b.md) and [us](mailto:desk@example.org).\n",
    )
    .page("b.md", "title = \"B\"", "Back to [[A]].\n");
    let out = site.run(&["check", "--external"]);
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{all}");
    assert!(
        stdout(&out).contains("0 external addresses"),
        "{}",
        stdout(&out)
    );
    assert!(!site.root().join(".dossier-cache").exists());
}

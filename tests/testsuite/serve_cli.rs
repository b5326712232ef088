//! `dossier serve` as a writer runs it: the binary in a subprocess, with its flags (`--port`,
//! `--bind`, `--open`, `--drafts`) and what it prints to the terminal, read line by line with
//! a bound on every wait. The server itself is tested through the library in serve.rs.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::support::serve::{eventually, get, orphan_site, TempSite};

/// Generous: a first build and file-watch effects on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// Which of the two streams a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    Out,
    Err,
}

/// A `dossier serve` process, killed when dropped.
struct Serving {
    child: Child,
    lines: Receiver<(Stream, String)>,
    /// Every line read so far, for messages.
    seen: Vec<(Stream, String)>,
}

impl Serving {
    fn start(site: &TempSite, args: &[&str], env: &[(&str, String)]) -> Serving {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
        command
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("dossier serve starts");
        let (tx, lines) = channel();
        for (stream, pipe) in [
            (
                Stream::Out,
                Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            ),
            (Stream::Err, Box::new(child.stderr.take().unwrap())),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if tx.send((stream, line)).is_err() {
                        break;
                    }
                }
            });
        }
        Serving {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for the first line on `stream` for which `matches` gives a value.
    fn wait_for<T>(
        &mut self,
        stream: Stream,
        what: &str,
        mut matches: impl FnMut(&str) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((s, line)) => {
                    self.seen.push((s, line.clone()));
                    if s == stream {
                        if let Some(v) = matches(&line) {
                            return v;
                        }
                    }
                }
                Err(_) => panic!("no {what} within {PATIENCE:?}; printed {:?}", self.seen),
            }
        }
    }

    /// Waits for `Serving <root> at <url>/ (Ctrl-C to stop)`; returns the address.
    fn wait_until_serving(&mut self, site: &TempSite, host: &str) -> SocketAddr {
        let prefix = format!("Serving {} at http://{host}:", site.root().display());
        let port: u16 = self.wait_for(Stream::Out, "Serving line", |line| {
            line.strip_prefix(prefix.as_str())?
                .strip_suffix("/ (Ctrl-C to stop)")?
                .parse()
                .ok()
        });
        format!("{host}:{port}").parse().unwrap()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `Built 3 pages in 12 ms` → ("Built", 3), checking the words between.
fn pages_line(line: &str) -> Option<(String, usize)> {
    let words: Vec<&str> = line.split(' ').collect();
    let [verb, n, pages, "in", ms, "ms"] = words.as_slice() else {
        return None;
    };
    let n: usize = n.parse().ok()?;
    ms.parse::<u64>().ok()?;
    let expected = if n == 1 { "page" } else { "pages" };
    (*pages == expected).then(|| (verb.to_string(), n))
}

/// A site with one page whose templates show nothing of other pages.
fn one_page_site() -> TempSite {
    TempSite::new(&[
        (
            "site.toml",
            "title = \"Serve CLI\"\nbase_url = \"https://example.org\"\n",
        ),
        ("templates/index.html", "home"),
        ("templates/page.html", "{{ page.content | safe }}"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nFirst words.\n"),
    ])
}

#[test]
fn the_pages_line_reader_knows_the_form() {
    assert_eq!(
        pages_line("Rebuilt 1 page in 12 ms"),
        Some(("Rebuilt".into(), 1))
    );
    assert_eq!(
        pages_line("Built 3 pages in 0 ms"),
        Some(("Built".into(), 3))
    );
    assert_eq!(pages_line("Rebuilt 1 pages in 12 ms"), None);
    assert_eq!(pages_line("Rebuilt 2 page in 12 ms"), None);
    assert_eq!(pages_line("Rebuilt 2 pages in 12 s"), None);
    assert_eq!(pages_line("Regenerated 4 site-wide files in 3 ms"), None);
}

#[test]
fn serve_says_where_it_serves_and_what_each_save_rebuilt() {
    let site = one_page_site();
    let mut serving = Serving::start(&site, &["--port", "0"], &[]);
    // The page and the home page.
    let built = serving.wait_for(Stream::Out, "first build line", pages_line);
    assert_eq!(built, ("Built".to_string(), 2));
    let addr = serving.wait_until_serving(&site, "127.0.0.1");
    assert!(get(addr, "/a/").text().contains("First words."));
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nSecond words.\n");
    // The page, and the home, whose listing holds the page's new text.
    let rebuilt = serving.wait_for(Stream::Out, "Rebuilt line", pages_line);
    assert_eq!(rebuilt, ("Rebuilt".to_string(), 2));
    eventually(PATIENCE, "the new text served", || {
        get(addr, "/a/")
            .text()
            .contains("Second words.")
            .then_some(())
    });
}

#[test]
fn a_taken_port_is_named_and_the_next_one_served() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = one_page_site();
    let mut serving = Serving::start(&site, &["--port", &port.to_string()], &[]);
    let said = serving.wait_for(Stream::Err, "port message", |l| {
        l.starts_with("Port ").then(|| l.to_string())
    });
    assert_eq!(said, format!("Port {port} is in use; trying {}", port + 1));
    let addr = serving.wait_until_serving(&site, "127.0.0.1");
    assert!(addr.port() > port, "{addr}");
    assert_eq!(get(addr, "/").status, 200);
}

// Linux answers on every 127.x.y.z; other systems alias only 127.0.0.1.
#[cfg(target_os = "linux")]
#[test]
fn bind_chooses_the_address_served_and_linked() {
    let site = one_page_site();
    // Every 127.x.y.z address is this machine; 127.0.0.2 is not the default 127.0.0.1.
    let mut serving = Serving::start(&site, &["--bind", "127.0.0.2", "--port", "0"], &[]);
    let addr = serving.wait_until_serving(&site, "127.0.0.2");
    assert_eq!(get(addr, "/").status, 200);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", addr.port())).is_err(),
        "127.0.0.1:{} answers too",
        addr.port()
    );
    drop(serving);

    // All interfaces: pages link to loopback, which answers.
    let mut serving = Serving::start(&site, &["--bind", "0.0.0.0", "--port", "0"], &[]);
    let addr = serving.wait_until_serving(&site, "127.0.0.1");
    assert_eq!(get(addr, "/").status, 200);
}

// The opener stand-in is a shell script named like the one `--open` runs on Linux and BSD.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn open_hands_the_address_to_the_desktop_opener() {
    let site = one_page_site();
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut serving = Serving::start(&site, &["--port", "0", "--open"], &[("PATH", path)]);
    let addr = serving.wait_until_serving(&site, "127.0.0.1");
    let said = eventually(PATIENCE, "the opener to run", || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|t| t.ends_with('\n'))
    });
    assert_eq!(said, format!("http://{addr}/\n"));
}

#[test]
fn drafts_are_served_only_with_the_flag() {
    let site = one_page_site();
    site.write(
        "content/draft.md",
        "+++\ntitle = \"Draft\"\ndraft = true\n+++\nNot yet.\n",
    );
    let mut serving = Serving::start(&site, &["--port", "0"], &[]);
    let addr = serving.wait_until_serving(&site, "127.0.0.1");
    assert_eq!(get(addr, "/draft/").status, 404);
    assert_eq!(get(addr, "/a/").status, 200);
    drop(serving);

    let mut serving = Serving::start(&site, &["--port", "0", "--drafts"], &[]);
    let addr = serving.wait_until_serving(&site, "127.0.0.1");
    let draft = get(addr, "/draft/");
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains("Not yet."), "{}", draft.text());
}

#[test]
fn serve_prints_check_warnings_when_they_change() {
    let site = orphan_site();
    let mut serving = Serving::start(&site, &["--port", "0"], &[]);
    let warning = serving.wait_for(Stream::Out, "the orphan warning", |l| {
        l.contains("warning:").then(|| l.to_string())
    });
    assert_eq!(
        warning,
        "content/b.md: warning: orphan page: no other page links to \"B\""
    );
    let count = serving.wait_for(Stream::Out, "the warning count", |l| {
        l.ends_with("(see `dossier check`)").then(|| l.to_string())
    });
    assert_eq!(count, "1 warning (see `dossier check`)");
    serving.wait_until_serving(&site, "127.0.0.1");
    // Linking B ends the warning: serve says so once.
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nSee [[b]].\n");
    let none = serving.wait_for(Stream::Out, "no warnings", |l| {
        l.ends_with(" warnings").then(|| l.to_string())
    });
    assert_eq!(none, "0 warnings");
}

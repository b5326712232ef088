//! `dossier check --external`: link rot. Every external address the dossier gives — a
//! source's `url` and `archive_url`, and `http(s)` links and images in the Markdown — is asked
//! for over the network, and a dead one (an HTTP error status, a name that does not resolve,
//! a timeout) is a warning at the place it is written, saying whether the source has an
//! archived copy to fall back on.
//!
//! Never part of `build` or `serve`: it depends on the network and on other people's servers.
//! At most `MAX_AT_ONCE` requests run at once and `MAX_PER_HOST` to one host, so a dossier
//! citing one newspaper two hundred times does not hammer it. A `HEAD` that fails is tried
//! again as `GET` (many servers refuse `HEAD`). Results are kept in `CACHE_FILE` under the
//! site root for a day, so a rerun after fixing one address asks only for that one.
//!
//! The HTTP client is ureq: blocking calls suit a small pool of threads, it follows redirects
//! and has a global timeout, and it brings rustls rather than the system's OpenSSL.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pulldown_cmark::{Event, Parser, Tag};
use serde::{Deserialize, Serialize};

use crate::content::Page;
use crate::diagnostic::Diagnostic;

/// Requests in flight at most, over all hosts.
pub const MAX_AT_ONCE: usize = 8;
/// Requests in flight at most to one host.
pub const MAX_PER_HOST: usize = 2;
/// Where results are kept, relative to the site root. Safe to delete; worth git-ignoring.
pub const CACHE_FILE: &str = ".dossier-cache/external-links.json";
/// How long a result is trusted.
pub const CACHE_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// Where an external address is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub url: String,
    pub what: Written,
    pub page: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    SourceUrl,
    ArchiveUrl,
    Link,
}

/// What asking for an address found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// It answered with this success status (after redirects).
    Alive(u16),
    /// It did not: an HTTP status, or why there was no answer.
    Dead(String),
}

/// `url` and `archive_url` of a page's front matter, with their places.
#[derive(Deserialize)]
struct SourceAddresses {
    url: Option<toml::Spanned<String>>,
    archive_url: Option<toml::Spanned<String>>,
}

fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Every external address of the pages, in page and file order. The pages must still hold
/// their text (`PageText::Keep`).
pub fn addresses(pages: &[Page]) -> Vec<Place> {
    let mut out = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let mut place = |url: &str, what: Written, offset: usize| {
            if is_external(url) {
                let (line, column) = crate::diagnostic::line_col(&page.text, offset);
                out.push(Place {
                    url: url.trim().to_string(),
                    what,
                    page: id,
                    line,
                    column,
                });
            }
        };
        // The front matter parsed when the page was read; only the places are new here.
        let fields = crate::content::front_matter::split(&page.text)
            .ok()
            .and_then(|split| {
                let fields = toml::from_str::<SourceAddresses>(split.front_matter).ok()?;
                Some((fields, split.front_matter_offset))
            });
        if let Some((fields, base)) = fields {
            for (field, what) in [
                (&fields.url, Written::SourceUrl),
                (&fields.archive_url, Written::ArchiveUrl),
            ] {
                if let Some(s) = field {
                    place(s.get_ref(), what, base + s.span().start);
                }
            }
        }
        let parser = Parser::new_ext(page.body(), crate::markdown::options()).into_offset_iter();
        for (event, range) in parser {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
                place(&dest_url, Written::Link, page.text_offset(range.start));
            }
        }
    }
    out
}

/// Results kept between runs: address → (when, verdict).
#[derive(Default, Serialize, Deserialize)]
struct Cache {
    checked: BTreeMap<String, (u64, Verdict)>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    fn load(path: &Path) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn fresh(&self, url: &str) -> Option<&Verdict> {
        let (when, verdict) = self.checked.get(url)?;
        (now().saturating_sub(*when) < CACHE_FOR.as_secs()).then_some(verdict)
    }

    fn save(&self, path: &Path) -> Result<(), Diagnostic> {
        let fail = |e: std::io::Error| {
            Diagnostic::warning(format!("could not save the link cache: {e}")).in_file(path)
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let json = serde_json::to_vec_pretty(self).expect("the cache serializes");
        std::fs::write(path, json).map_err(fail)
    }
}

/// The host of an absolute URL, for the per-host limit.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// Asks for one address: `HEAD`, then `GET` when `HEAD` did not succeed.
fn ask(agent: &ureq::Agent, url: &str) -> Verdict {
    let verdict = |result: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match result {
        Ok(r) if r.status().is_success() => Verdict::Alive(r.status().as_u16()),
        Ok(r) => Verdict::Dead(r.status().to_string()),
        Err(ureq::Error::Timeout(_)) => Verdict::Dead("no answer in time".into()),
        Err(ureq::Error::HostNotFound) => Verdict::Dead("the host name does not resolve".into()),
        Err(e) => Verdict::Dead(e.to_string()),
    };
    match verdict(agent.head(url).call()) {
        alive @ Verdict::Alive(_) => alive,
        Verdict::Dead(_) => verdict(agent.get(url).call()),
    }
}

/// The queue the workers share: addresses not yet asked for, and how many requests each
/// host has in flight.
struct Queue {
    waiting: VecDeque<String>,
    in_flight: HashMap<String, usize>,
}

impl Queue {
    /// The first waiting address whose host is below its limit.
    fn take(&mut self) -> Option<String> {
        let at = self
            .waiting
            .iter()
            .position(|u| self.in_flight.get(host(u)).copied().unwrap_or(0) < MAX_PER_HOST)?;
        let url = self.waiting.remove(at)?;
        *self.in_flight.entry(host(&url).to_string()).or_default() += 1;
        Some(url)
    }
}

/// Asks for every address, `MAX_AT_ONCE` at a time, showing progress on a terminal.
pub fn ask_all(urls: Vec<String>, timeout: Duration) -> HashMap<String, Verdict> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "dossier/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(urls.len() as u64).with_message("checking addresses")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let queue = Mutex::new(Queue {
        waiting: urls.into(),
        in_flight: HashMap::new(),
    });
    let freed = Condvar::new();
    let results = Mutex::new(HashMap::new());
    std::thread::scope(|s| {
        for _ in 0..MAX_AT_ONCE {
            s.spawn(|| loop {
                let url = {
                    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if q.waiting.is_empty() {
                            return;
                        }
                        match q.take() {
                            Some(url) => break url,
                            None => q = freed.wait(q).unwrap_or_else(|e| e.into_inner()),
                        }
                    }
                };
                let verdict = ask(&agent, &url);
                bar.inc(1);
                let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(n) = q.in_flight.get_mut(host(&url)) {
                    *n -= 1;
                }
                freed.notify_all();
                drop(q);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(url, verdict);
            });
        }
    });
    bar.finish_and_clear();
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// What `check --external` found: a warning for each dead address at each place it is
/// written, and how many addresses were asked for and taken from the cache.
pub struct Report {
    pub findings: Vec<Diagnostic>,
    pub asked: usize,
    pub cached: usize,
}

/// Checks every external address of the pages, using and refreshing the cache under `root`.
pub fn check(root: &Path, pages: &[Page], timeout: Duration) -> Report {
    let places = addresses(pages);
    let cache_path = root.join(CACHE_FILE);
    let mut cache = Cache::load(&cache_path);
    let mut unique: Vec<String> = places.iter().map(|p| p.url.clone()).collect();
    unique.sort();
    unique.dedup();
    let (cached, to_ask): (Vec<String>, Vec<String>) =
        unique.into_iter().partition(|u| cache.fresh(u).is_some());
    let asked = to_ask.len();
    let answers = ask_all(to_ask, timeout);
    let when = now();
    for (url, verdict) in answers {
        cache.checked.insert(url, (when, verdict));
    }
    let mut findings = Vec::new();
    if asked > 0 {
        if let Err(d) = cache.save(&cache_path) {
            findings.push(d);
        }
    }
    for place in &places {
        let Some(Verdict::Dead(why)) = cache.fresh(&place.url) else {
            continue;
        };
        let page = &pages[place.page];
        let message = match place.what {
            Written::ArchiveUrl => format!("the archived copy {} is dead ({why})", place.url),
            Written::SourceUrl => match page.front_matter.archive_url() {
                Some(archive) => format!(
                    "dead address {} ({why}); the source has an archived copy: {archive}",
                    place.url
                ),
                None => format!(
                    "dead address {} ({why}), and the source has no `archive_url`: add an \
                     archived copy",
                    place.url
                ),
            },
            Written::Link => format!("dead link {} ({why})", place.url),
        };
        findings.push(
            Diagnostic::warning(message)
                .in_file(&page.file)
                .at(place.line, place.column)
                .code("dead-address"),
        );
    }
    Report {
        findings,
        asked,
        cached: cached.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A result is trusted for a day: one checked 23 hours ago is reused, one checked 25
    /// hours ago is asked again.
    #[test]
    fn a_result_is_trusted_for_a_day() {
        let hours_ago = |h: u64| now() - h * 60 * 60;
        let mut cache = Cache::default();
        for (url, h) in [("https://a.example/", 23), ("https://b.example/", 25)] {
            cache
                .checked
                .insert(url.to_string(), (hours_ago(h), Verdict::Alive(200)));
        }
        assert_eq!(
            cache.fresh("https://a.example/"),
            Some(&Verdict::Alive(200))
        );
        assert_eq!(cache.fresh("https://b.example/"), None);
        // A day old is no longer fresh.
        cache.checked.insert(
            "https://d.example/".to_string(),
            (hours_ago(24), Verdict::Alive(200)),
        );
        assert_eq!(cache.fresh("https://d.example/"), None);
        assert_eq!(cache.fresh("https://c.example/"), None);
    }

    #[test]
    fn hosts_are_what_the_per_host_limit_counts() {
        assert_eq!(
            host("https://www.nytimes.com/2018/06/03/x.html"),
            "www.nytimes.com"
        );
        assert_eq!(host("http://127.0.0.1:8080?q=1"), "127.0.0.1:8080");
        assert_eq!(host("https://example.org#top"), "example.org");
    }

    #[test]
    fn a_host_at_its_limit_waits_while_others_go() {
        let mut q = Queue {
            waiting: [
                "https://a.test/1",
                "https://a.test/2",
                "https://a.test/3",
                "https://b.test/1",
            ]
            .map(String::from)
            .into(),
            in_flight: HashMap::new(),
        };
        assert_eq!(q.take().as_deref(), Some("https://a.test/1"));
        assert_eq!(q.take().as_deref(), Some("https://a.test/2"));
        assert_eq!(q.take().as_deref(), Some("https://b.test/1"));
        assert_eq!(q.take(), None, "a.test has two in flight");
        *q.in_flight.get_mut("a.test").unwrap() -= 1;
        assert_eq!(q.take().as_deref(), Some("https://a.test/3"));
    }

    #[test]
    fn only_http_and_https_addresses_are_external() {
        assert!(is_external("https://example.org/"));
        assert!(is_external("HTTP://example.org/"));
        assert!(!is_external("/notes/huawei/"));
        assert!(!is_external("mailto:desk@example.org"));
        assert!(!is_external("report.pdf"));
    }
}

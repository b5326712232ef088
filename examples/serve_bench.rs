//! Serve benchmark: the time from saving one page's body to the reload event reaching a
//! live-reload client, on a big site. Not a test; see BENCHMARKS.md.
//!
//!     python3 /work/shared/bench/gen_corpus.py --pages 10000 --out /tmp/corpus
//!     cargo run --release --example serve_bench -- /tmp/corpus/dossier 20
//!
//! Starts `dossier serve` on the site, connects an event stream as a page would, then edits
//! the body of `edits` pages one after the other (as editors save: a temporary file renamed
//! over the page) and times each save until the reload event naming that page arrives. Then
//! it asks for the search index, which is regenerated on demand (with the other site-wide
//! files) since no open page shows it, and times the save until it holds the new text.
//! Restores the files.

#[path = "../tests/testsuite/support/serve.rs"]
mod serve_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::serve::{self, ServeOptions};
use serve_support::{get, EventStream};

fn markdown_pages(content: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    pages.sort();
    pages
}

fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(tmp, path).unwrap();
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    println!(
        "{name}: median {:.1} ms, min {:.1} ms, p90 {:.1} ms, max {:.1} ms ({n} edits)",
        millis(times[n / 2]),
        millis(times[0]),
        millis(times[(n * 9 / 10).min(n - 1)]),
        millis(times[n - 1]),
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/corpus/dossier".into()));
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("a number of edits"));
    let content = root.join("content");
    let pages = markdown_pages(&content);
    assert!(
        pages.len() >= edits,
        "{} has too few pages",
        content.display()
    );

    let start = Instant::now();
    let server = serve::start(
        &root,
        ServeOptions {
            port: 0,
            verbose: false,
            ..ServeOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("serve did not start:\n{d}"));
    println!(
        "{} pages built and served in {:.1} s",
        pages.len(),
        start.elapsed().as_secs_f64()
    );
    let mut events = EventStream::connect(server.addr());
    events.next(Duration::from_secs(60)).expect("hello");

    let patience = Duration::from_secs(120);
    let mut to_reload = Vec::new();
    let mut to_site_wide = Vec::new();
    let mut originals = Vec::new();
    for i in 0..edits {
        let page = &pages[i * pages.len() / edits];
        let rel = page.strip_prefix(&content).unwrap().to_string_lossy();
        let url = format!("/{}/", rel.trim_end_matches(".md"));
        let text = std::fs::read_to_string(page).unwrap();
        originals.push((page.clone(), text.clone()));
        let marker = format!("benchmarkedit{i}");
        // A new first sentence (the search index keeps the start of each section).
        let body = text.find("\n+++\n").expect("front matter") + 5;
        let edited = format!(
            "{}\nEdited for the benchmark: {marker}.\n{}",
            &text[..body],
            &text[body..]
        );
        // Let the previous rebuild's stragglers pass.
        std::thread::sleep(Duration::from_millis(200));

        let saved = Instant::now();
        save(page, &edited);
        events.wait_for(patience, &url, |e| {
            e.name == "reload" && e.paths().contains(&url)
        });
        to_reload.push(saved.elapsed());
        let index = get(server.addr(), "/search-index.js");
        assert!(
            index.text().contains(&marker),
            "the search index lacks edit {i} of {url}"
        );
        to_site_wide.push(saved.elapsed());
    }
    for (page, text) in &originals {
        save(page, text);
    }
    std::thread::sleep(Duration::from_millis(500));
    server.shutdown();
    summary("save to reload event", to_reload);
    summary(
        "save to a fresh search index (regenerated on demand)",
        to_site_wide,
    );
}

//! Serve benchmark: the time from saving one page's body to the reload event reaching a
//! live-reload client, on a big site. Not a test; see BENCHMARKS.md.
//!
//!     python3 scripts/gen_corpus.py --pages 10000 --out /tmp/corpus
//!     cargo run --release --example serve_bench -- /tmp/corpus/dossier 20
//!
//! Starts `dossier serve` on the site, connects an event stream as a page would, then edits
//! the body of `edits` pages one after the other (as editors save: a temporary file renamed
//! over the page) and times each save until the reload event naming that page arrives. Then
//! it asks for the page's file of the search index, which is regenerated on demand (with the
//! other site-wide files) since no open page shows it, and times the save until it holds the
//! new text.
//! Then adds, removes and renames pages, timing each until its reload event. Restores the
//! files.

#[path = "../tests/testsuite/support/serve.rs"]
mod serve_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::serve::{self, ServeOptions};
use serve_support::{get, EventStream};

/// The allocator of the `dossier` binary (src/main.rs), so that serve is timed as it runs.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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

    // The search index lists every page by its address, in order: `search/p/<n>.js`.
    let mut search_order: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(&content).unwrap().to_string_lossy();
            match rel.strip_suffix("_index.md") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{}/", rel.trim_end_matches(".md")),
            }
        })
        .collect();
    search_order.sort();
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
        // The page's file of the search index holds its first sentence; asking for it
        // waits for the site-wide files to be made again.
        let n = search_order.binary_search(&url).expect("an indexed page");
        let file = get(server.addr(), &format!("/search/p/{n}.js"));
        assert!(
            file.text().contains(&marker),
            "the search index lacks edit {i} of {url}"
        );
        to_site_wide.push(saved.elapsed());
    }
    for (page, text) in &originals {
        save(page, text);
    }
    std::thread::sleep(Duration::from_millis(500));

    // Pages that come and go: a new page is added, renamed, then removed. Each timed from
    // the file operation to the reload event naming the page's URL.
    let (mut to_add, mut to_rename, mut to_delete) = (Vec::new(), Vec::new(), Vec::new());
    let timed = |events: &mut EventStream, url: &str, op: &dyn Fn()| {
        std::thread::sleep(Duration::from_millis(200));
        let start = Instant::now();
        op();
        events.wait_for(patience, url, |e| {
            e.name == "reload" && e.paths().iter().any(|p| p == url)
        });
        start.elapsed()
    };
    for i in 0..edits {
        let folder = pages[i * pages.len() / edits]
            .parent()
            .unwrap()
            .to_path_buf();
        let rel = folder
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let (added, renamed) = (format!("bench-added-{i}"), format!("bench-renamed-{i}"));
        let (file, moved) = (
            folder.join(format!("{added}.md")),
            folder.join(format!("{renamed}.md")),
        );
        let (url, moved_url) = (format!("/{rel}/{added}/"), format!("/{rel}/{renamed}/"));
        let text = format!("+++\ntitle = \"Bench page {i}\"\n+++\nA page that comes and goes.\n");
        to_add.push(timed(&mut events, &url, &|| save(&file, &text)));
        to_rename.push(timed(&mut events, &moved_url, &|| {
            std::fs::rename(&file, &moved).unwrap()
        }));
        to_delete.push(timed(&mut events, &moved_url, &|| {
            std::fs::remove_file(&moved).unwrap()
        }));
    }
    std::thread::sleep(Duration::from_millis(500));
    server.shutdown();
    summary("save to reload event", to_reload);
    summary("new page to reload event", to_add);
    summary("renamed page to reload event", to_rename);
    summary("removed page to reload event", to_delete);
    summary(
        "save to a fresh search index (regenerated on demand)",
        to_site_wide,
    );
}

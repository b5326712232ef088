//! Restructure benchmark: the time `LiveSite::update` takes when a page is added, renamed
//! and removed, called directly (no watcher, no debounce, no server). Not a test; see
//! BENCHMARKS.md, which also gives `serve_bench`'s times to the reload event.
//!
//!     python3 scripts/gen_corpus.py --pages 10000 --out /tmp/corpus
//!     cargo run --release --example restructure_loop -- /tmp/corpus/dossier 12
//!
//! Adds `zz-added-<i>.md` to each section folder in turn, renames it, removes it, and
//! prints the median, least and most of each operation. Leaves the folder as it found it.

use std::path::PathBuf;
use std::time::Instant;

use dossier::incremental::{Change, LiveSite};

/// The allocator of the `dossier` binary (src/main.rs), so that rebuilds are timed as they run.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/corpus/dossier".into()));
    let rounds: usize = args
        .next()
        .map_or(12, |n| n.parse().expect("a number of rounds"));
    let mut site = LiveSite::new(&root, Default::default());
    if let Err(e) = site.update(vec![]) {
        panic!("the site does not build:\n{e}");
    }
    let content = root.join("content");
    let mut folders: Vec<String> = std::fs::read_dir(&content)
        .expect("a content folder")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    folders.sort();
    assert!(
        !folders.is_empty(),
        "no section folders in {}",
        content.display()
    );
    let mut times: Vec<(&str, f64)> = Vec::new();
    let mut timed = |name, site: &mut LiveSite, changes: Vec<Change>| {
        let start = Instant::now();
        site.update(changes).expect("the rebuild succeeds");
        times.push((name, start.elapsed().as_secs_f64() * 1000.0));
    };
    for i in 0..rounds {
        let folder = &folders[i % folders.len()];
        let added = format!("{folder}/zz-added-{i}.md");
        let renamed = format!("{folder}/zz-renamed-{i}.md");
        let text = format!("+++\ntitle = \"Loop page {i}\"\n+++\nA page that comes and goes.\n");
        std::fs::write(content.join(&added), text).expect("written");
        timed("add", &mut site, vec![Change::Content(added.clone())]);
        std::fs::rename(content.join(&added), content.join(&renamed)).expect("renamed");
        let both = vec![Change::Content(added), Change::Content(renamed.clone())];
        timed("rename", &mut site, both);
        std::fs::remove_file(content.join(&renamed)).expect("removed");
        timed("remove", &mut site, vec![Change::Content(renamed)]);
    }
    for name in ["add", "rename", "remove"] {
        let mut ms: Vec<f64> = (times.iter())
            .filter(|(n, _)| *n == name)
            .map(|(_, ms)| *ms)
            .collect();
        ms.sort_by(f64::total_cmp);
        println!(
            "{name}: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} rounds)",
            ms[ms.len() / 2],
            ms[0],
            ms[ms.len() - 1],
            ms.len()
        );
    }
}

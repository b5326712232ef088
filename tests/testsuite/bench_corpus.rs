//! The benchmark corpus (scripts/gen_corpus.py, a copy of shared/bench/gen_corpus.py) builds with its Zola-style templates
//! unchanged and every link resolved, in both link styles.

use crate::support::common::*;

use std::path::Path;
use std::process::Command;

fn build_corpus(links: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen_corpus.py");
    assert!(
        script.exists(),
        "{} is missing: the corpus generator ships in scripts/",
        script.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let gen = Command::new("python3")
        .arg(&script)
        .args([
            "--pages",
            "300",
            "--engines",
            "dossier",
            "--dossier-links",
            links,
            "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("python3 runs");
    assert!(
        gen.status.success(),
        "{}",
        String::from_utf8_lossy(&gen.stderr)
    );
    let root = dir.path().join("dossier");
    let out = root.join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["--root", root.to_str().unwrap(), "build"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.starts_with("Built 300 pages, 2 sections"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(out.join("s000/note-00000/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&text);
    let links: Vec<String> = attrs(&doc, "article a", "href")
        .into_iter()
        .filter(|h| h.contains("/note-"))
        .collect();
    // Three "See" links and three "related" links a page.
    assert_eq!(links.len(), 6, "{links:?}");
    for link in links {
        let rel = link.trim_start_matches("https://example.org/");
        assert!(out.join(rel).join("index.html").exists(), "{link}");
    }
}

#[test]
#[ignore = "needs Python 3 to run the corpus generator; scripts/test.sh runs it"]
fn corpus_with_wikilinks_builds() {
    build_corpus("wiki");
}

#[test]
#[ignore = "needs Python 3 to run the corpus generator; scripts/test.sh runs it"]
fn corpus_with_at_links_builds() {
    build_corpus("zola");
}

//! The dossier this repository ships: what a reader relies on is there and holds together.

use crate::support::common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build_default_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "--root",
            repo().to_str().unwrap(),
            "build",
            "--output",
            out.to_str().unwrap(),
            "--force",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

fn html(out: &Path, rel: &str) -> scraper::Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    scraper::Html::parse_document(&text)
}

const PEOPLE: &[&str] = &[
    "ron-wyden",
    "sheryl-sandberg",
    "mark-zuckerberg",
    "jack-dorsey",
    "donald-trump",
    "xi-jinping",
    "ren-zhengfei",
    "wilbur-ross",
    "aleksandr-kogan",
    "christopher-wylie",
];

const ORGANIZATIONS: &[&str] = &[
    "facebook",
    "huawei",
    "zte",
    "pricewaterhousecoopers",
    "federal-trade-commission",
    "senate-intelligence-committee",
    "house-intelligence-committee",
    "commerce-department",
    "cambridge-analytica",
    "twitter",
    "thinkprogress",
    "new-york-times",
    "bloomberg",
];

#[test]
fn check_passes_with_warnings_denied() {
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "--root",
            repo().to_str().unwrap(),
            "check",
            "--deny-warnings",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn every_named_actor_has_a_typed_page() {
    let (_dir, out) = build_default_site();
    for (section, slugs, kind) in [
        ("people", PEOPLE, "person"),
        ("organizations", ORGANIZATIONS, "organization"),
    ] {
        for slug in slugs {
            let rel = format!("{section}/{slug}/index.html");
            assert!(out.join(&rel).exists(), "{rel} missing");
            let text = std::fs::read_to_string(repo().join(format!("content/{section}/{slug}.md")))
                .unwrap();
            assert!(
                text.contains(&format!("kind = \"{kind}\"")),
                "{slug} is not a {kind}"
            );
        }
    }
}

#[test]
fn lead_article_links_to_every_actor_and_cites_the_seed_article() {
    let (_dir, out) = build_default_site();
    let config = std::fs::read_to_string(repo().join("site.toml")).unwrap();
    let lead = config
        .lines()
        .find_map(|l| l.strip_prefix("lead = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("site.toml names its lead article");
    let doc = html(&out, &format!("{lead}/index.html"));
    let hrefs = attrs(&doc, "article a", "href");
    for (section, slugs) in [("people", PEOPLE), ("organizations", ORGANIZATIONS)] {
        for slug in slugs {
            // Kogan and Wylie belong to the Cambridge Analytica note, which the article links.
            if ["aleksandr-kogan", "christopher-wylie"].contains(slug) {
                continue;
            }
            let url = format!("https://example.org/{section}/{slug}/");
            assert!(hrefs.contains(&url), "lead article does not link {url}");
        }
    }
    let note = html(&out, "notes/cambridge-analytica/index.html");
    let note_links = attrs(&note, "article a", "href");
    for slug in ["aleksandr-kogan", "christopher-wylie"] {
        assert!(
            note_links.contains(&format!("https://example.org/people/{slug}/")),
            "{slug}"
        );
    }
    let references = attrs(&doc, ".references a", "href");
    assert!(
        references.contains(&"https://example.org/sources/thinkprogress-2018-09-05/".to_string())
    );
}

#[test]
fn every_reference_points_at_a_source_page_that_exists() {
    let (_dir, out) = build_default_site();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if entry.file_name() != "index.html" {
            continue;
        }
        let doc = html(
            &out,
            entry.path().strip_prefix(&out).unwrap().to_str().unwrap(),
        );
        for href in attrs(&doc, "sup.citation a", "href") {
            let id = href.trim_start_matches('#');
            assert_eq!(
                doc.select(&sel(&format!("[id='{id}']"))).count(),
                1,
                "{href} in {}",
                entry.path().display()
            );
            checked += 1;
        }
        for href in attrs(
            &doc,
            ".references li a[href^='https://example.org/sources/']",
            "href",
        ) {
            let rel = href.trim_start_matches("https://example.org/");
            assert!(out.join(rel).join("index.html").exists(), "{href}");
        }
    }
    assert!(checked > 100, "only {checked} citations found");
}

#[test]
fn the_timeline_holds_the_hearing_and_the_whole_story_in_order() {
    let site = dossier::site::Site::load(repo(), &dossier::site::Options::default()).unwrap();
    let lib = site.library();
    let events = &lib.resolved.events;
    let dates: Vec<String> = events.iter().map(|e| e.date.to_string()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert_eq!(
        dates.first().map(String::as_str),
        Some("1987"),
        "Huawei's founding opens the timeline"
    );
    let hearing = events
        .iter()
        .find(|e| {
            e.date.to_string() == "2018-09-05"
                && e.title
                    .to_lowercase()
                    .contains("senate intelligence committee")
        })
        .expect("the 5 September 2018 hearing is on the timeline");
    assert!(!hearing.sources.is_empty());
    for date in [
        "2011-11-29",
        "2012-10-08",
        "2018-06-05",
        "2018-06-07",
        "2019-07-24",
    ] {
        assert!(dates.iter().any(|d| d == date), "no event on {date}");
    }
    assert!(events.iter().all(|e| !e.sources.is_empty()));
}

#[test]
fn the_timeline_page_shows_the_hearing_with_its_sources() {
    let (_dir, out) = build_default_site();
    let doc = html(&out, "timeline/index.html");
    let hearing = doc
        .select(&sel("li.timeline-event"))
        .find(|li| {
            li.select(&sel("time[datetime='2018-09-05']"))
                .next()
                .is_some()
                && li
                    .text()
                    .collect::<String>()
                    .contains("Senate Intelligence Committee")
        })
        .expect("the hearing is on /timeline/");
    let links: Vec<&str> = hearing
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.iter().any(|h| h.contains("/sources/")), "{links:?}");
    let years = texts(&doc, "section.timeline-year h2");
    assert_eq!(years.first().map(String::as_str), Some("1987"));
}

#[test]
fn no_source_claims_an_access_date() {
    for entry in std::fs::read_dir(repo().join("content/sources"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            !text.contains("\naccessed"),
            "{} has an accessed date",
            entry.path().display()
        );
    }
}

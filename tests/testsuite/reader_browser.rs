//! The reader's site in the tools readers and checkers use: the Nu Html Checker on every
//! page, and headless Chromium (playwright-core) loading every page with axe-core, typing
//! into the search and hovering links — on the default dossier and on the fixture site.
//!
//! These tests need Chromium, a Java runtime and the npm packages of tests/browser; when one
//! is missing they fail and say to run scripts/test.sh, which installs them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use serde_json::Value;

use crate::support::reader::*;

/// The machine has two cores: one browser or validator at a time.
pub(crate) static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Where the browser scripts serve the site: a path below the host, as a deployment may.
pub(crate) const SERVED_AT: &str = "/dossier";

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

fn vnu_jar() -> PathBuf {
    browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Fails, saying how to fix it, when something the browser tests need is missing.
pub(crate) fn require_tools() {
    let mut missing = Vec::new();
    if !chromium().exists() {
        missing.push(format!("Chromium ({})", chromium().display()));
    }
    if !runs("node", "--version") {
        missing.push("node".to_string());
    }
    if !runs("java", "-version") {
        missing.push("java".to_string());
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !browser_dir().join("node_modules").join(package).is_dir() {
            missing.push(format!("tests/browser/node_modules/{package}"));
        }
    }
    assert!(
        missing.is_empty(),
        "the browser tests need {}: run scripts/test.sh, which installs them",
        missing.join(", ")
    );
}

/// Runs a script of tests/browser and returns the JSON it prints.
pub(crate) fn node(script: &str, args: &[&str]) -> Value {
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(browser_dir())
        .env("CHROMIUM", chromium())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script} {args:?} failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{script}: {e}:\n{stdout}"))
}

/// The Nu Html Checker's errors for every HTML file of a built site.
fn vnu_errors(out: &Path) -> Vec<Value> {
    let files: Vec<PathBuf> = walk_html(out);
    assert!(!files.is_empty());
    let output = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("java runs");
    // vnu writes its report to stderr, and exits with 1 when it found errors.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu gave no JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    // A report without its list of messages is no proof of a clean page.
    report["messages"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("vnu's report has no `messages` list: {report}"))
}

fn walk_html(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    out.sort();
    out
}

pub(crate) fn assert_valid_html(site: &Built) {
    let errors = vnu_errors(&site.out);
    let shown: Vec<String> = errors
        .iter()
        .take(20)
        .map(|m| {
            format!(
                "{}:{}: {} [{}]",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{} HTML errors:\n{}",
        errors.len(),
        shown.join("\n")
    );
}

/// Every page loads without errors or outside requests; every page type passes axe.
pub(crate) fn assert_clean_and_accessible(site: &Built, expected_types: usize) {
    let out = site.out.to_str().unwrap();
    let report = node("reader_pages.mjs", &[out, SERVED_AT]);
    assert_eq!(
        report["pages"].as_u64().unwrap() as usize,
        site.html_files().len(),
        "every page visited"
    );
    let problems = report["problems"].as_array().unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    let types = report["types"].as_object().unwrap();
    assert!(types.len() >= expected_types, "page types: {types:#?}");
    let mut failures = Vec::new();
    for run in report["axe"].as_array().unwrap() {
        for v in run["violations"].as_array().unwrap() {
            failures.push(format!(
                "{} ({}): {} — {}: {}",
                run["page"], run["scheme"], v["id"], v["help"], v["nodes"]
            ));
        }
    }
    assert_eq!(report["axe"].as_array().unwrap().len(), 2 * types.len());
    assert!(failures.is_empty(), "axe:\n{}", failures.join("\n"));
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_default_dossier_is_valid_html() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    assert_valid_html(&build_default(None));
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_fixture_site_is_valid_html() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_src, site) = build_fixture(None);
    assert_valid_html(&site);
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_default_dossier_loads_cleanly_and_passes_axe_light_and_dark() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    assert_clean_and_accessible(&build_default(Some(SERVED_AT)), 15);
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_fixture_site_loads_cleanly_and_passes_axe_light_and_dark() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_src, site) = build_fixture(Some(SERVED_AT));
    assert_clean_and_accessible(&site, 16);
}

fn titles(query: &Value) -> Vec<String> {
    query["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn typing_a_name_finds_its_page_and_text_finds_its_heading() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_src, site) = build_fixture(Some(SERVED_AT));
    let report = node(
        "reader_search.mjs",
        &[
            site.out.to_str().unwrap(),
            SERVED_AT,
            "Ada",
            "the signer",
            "zoe angstrom",
            "refused",
        ],
    );
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let q = report["queries"].as_array().unwrap();
    // A name: the person's page first, opened at its top.
    assert_eq!(titles(&q[0])[0], "Ada Example", "{:#}", q[0]);
    assert!(q[0]["landed"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/dossier/people/ada-example/"));
    // An alias finds the page it belongs to.
    assert_eq!(titles(&q[1])[0], "Ada Example", "{:#}", q[1]);
    // Accents are optional.
    assert_eq!(titles(&q[2])[0], "Zoë Ångström", "{:#}", q[2]);
    // A word of the text leads to the heading it is under, highlighted in the snippet.
    assert_eq!(
        titles(&q[3])[0],
        "The deal between Acme and Globex › The first offer",
        "{:#}",
        q[3]
    );
    let landed = &q[3]["landed"];
    assert!(landed["url"]
        .as_str()
        .unwrap()
        .ends_with("/articles/the-deal/#the-first-offer"));
    assert_eq!(landed["anchorFound"], true);
    assert_eq!(q[3]["results"][0]["marks"], serde_json::json!(["refused"]));
    // The query loaded the vocabulary of its first two letters ("re" is 72 65 in hex), the
    // postings shard of the word, and one file per result shown: not the whole index.
    let loaded: Vec<&str> = q[3]["loaded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let vocabulary: Vec<&&str> = loaded.iter().filter(|f| f.starts_with("v/")).collect();
    assert_eq!(vocabulary, [&"v/7265"], "{loaded:?}");
    let pages = loaded.iter().filter(|f| f.starts_with("p/")).count();
    assert_eq!(
        pages,
        q[3]["results"].as_array().unwrap().len(),
        "{loaded:?}"
    );
    assert_eq!(loaded.len(), 1 + 1 + pages, "{loaded:?}");
    // The search box in every page's header leads to the same results.
    assert_eq!(titles(&report["header"])[0], "Ada Example");
    assert!(report["header"]["url"]
        .as_str()
        .unwrap()
        .contains("/search/index.html?q=Ada"));

    let default = build_default(Some(SERVED_AT));
    let report = node(
        "reader_search.mjs",
        &[
            default.out.to_str().unwrap(),
            SERVED_AT,
            "Sandberg",
            "Sen. Ron Wyden",
        ],
    );
    let q = report["queries"].as_array().unwrap();
    assert_eq!(titles(&q[0])[0], "Sheryl Sandberg", "{:#}", q[0]);
    assert_eq!(titles(&q[1])[0], "Ron Wyden", "{:#}", q[1]);
    // The best result is listed while the other results' files are still held back, as a
    // word and as a phrase; then the rest come in and the count is given.
    assert!(q[0]["results"].as_array().unwrap().len() > 1, "{:#}", q[0]);
    for progressive in report["progressive"].as_array().unwrap() {
        assert!(progressive["held"].as_u64().unwrap() > 0, "{progressive:#}");
        assert_eq!(progressive["listed"], true, "{progressive:#}");
        assert_eq!(progressive["shown"], 1, "{progressive:#}");
        let status = progressive["status"].as_str().unwrap();
        assert!(status.contains("pages match"), "{progressive:#}");
    }
    assert_eq!(report["progressive"][1]["query"], "\"Sandberg\"");
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn search_works_when_the_site_is_opened_from_the_file_system() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let base = format!("file://{}", out.display());
    dossier::site::build(
        src.path(),
        &dossier::site::Options {
            drafts: false,
            base_url: Some(base.clone()),
            force: true,
            ..Default::default()
        },
        Some(&out),
    )
    .unwrap();
    let report = node(
        "reader_search.mjs",
        &[out.to_str().unwrap(), "file", "globex"],
    );
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let q = &report["queries"][0];
    assert_eq!(titles(q)[0], "Globex", "{q:#}");
    assert_eq!(
        q["landed"]["url"].as_str().unwrap(),
        format!("{base}/organizations/globex/index.html")
    );
    assert_eq!(q["landed"]["title"], "Globex");
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn hovering_a_citation_or_focusing_a_link_shows_a_preview() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_src, site) = build_fixture(Some(SERVED_AT));
    let report = node(
        "reader_previews.mjs",
        &[site.out.to_str().unwrap(), SERVED_AT, "/articles/the-deal/"],
    );
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let citation = &report["citation"];
    assert_eq!(citation["ref"], "1");
    assert_eq!(citation["describedBy"], "dossier-preview");
    let text = citation["text"].as_str().unwrap();
    assert!(text.starts_with("Reference 1"), "{text}");
    assert!(
        text.contains("Acme annual report 2018, Acme, 31 December 2018"),
        "{text}"
    );
    // The reference alone, without its links back to the text.
    assert!(!text.contains('↩'), "{text}");
    assert_eq!(citation["hiddenAfterLeaving"], true);

    let link = &report["link"];
    assert_eq!(link["href"], "/dossier/people/ada-example/");
    assert_eq!(
        link["text"],
        "PersonAda ExampleChief executive of Acme who signed the deal."
    );
    assert_eq!(link["describedBy"], "dossier-preview");
    assert_eq!(link["hiddenAfterEscape"], true);
    for run in report["axe"].as_array().unwrap() {
        assert_eq!(run["violations"], serde_json::json!([]), "{run:#}");
    }
    // Without JavaScript the links simply work.
    let plain = &report["noScript"];
    assert_eq!(plain["citationHash"], "#ref-1");
    assert_eq!(plain["citationTargetExists"], true);
    assert_eq!(plain["previewElement"], false);
    assert_eq!(plain["landed"], "/dossier/people/ada-example/");
}

/// Issue 19's pagination, taxonomies and languages, in one small dossier.
const PAGED_TAXONOMIES_LANGUAGES: &[(&str, &str)] = &[
    (
        "site.toml",
        "title = \"Dossier\"\nbase_url = \"https://example.org\"\n\
         taxonomies = [{ name = \"countries\", feed = true, paginate_by = 1 }]\n\
         [languages.fr]\ntitle = \"Dossier (fr)\"\n",
    ),
    ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
    ("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n"),
    ("content/notes/_index.md", "+++\ntitle = \"Notes\"\npaginate_by = 2\n+++\n"),
    ("content/notes/_index.fr.md", "+++\ntitle = \"Notes (fr)\"\n+++\n"),
    (
        "content/notes/a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2024-01-01\n[taxonomies]\ncountries = [\"Kenya\"]\n+++\nSee [[Beta]].\n",
    ),
    (
        "content/notes/a.fr.md",
        "+++\ntitle = \"Alpha (fr)\"\n+++\nVoir [[Beta]].\n",
    ),
    (
        "content/notes/b.md",
        "+++\ntitle = \"Beta\"\ndate = 2024-02-01\n[taxonomies]\ncountries = [\"Kenya\", \"Peru\"]\n+++\nText.\n",
    ),
    ("content/notes/c.md", "+++\ntitle = \"Gamma\"\ndate = 2024-03-01\n+++\nText.\n"),
];

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn pagers_taxonomies_and_translations_are_valid_and_accessible() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let src = tempfile::tempdir().unwrap();
    write_files(src.path(), PAGED_TAXONOMIES_LANGUAGES);
    assert_valid_html(&build_site(src.path(), None));
    let site = build_site(src.path(), Some(SERVED_AT));
    // The `…/page/1/` redirects (valid HTML, checked above) navigate away while visited.
    for redirect in [
        "notes/page/1",
        "countries/kenya/page/1",
        "countries/peru/page/1",
        "fr/countries/kenya/page/1",
        "fr/countries/peru/page/1",
    ] {
        std::fs::remove_dir_all(site.out.join(redirect)).unwrap();
    }
    assert_clean_and_accessible(&site, 4);
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn a_french_page_searches_the_french_index() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let src = tempfile::tempdir().unwrap();
    write_files(src.path(), PAGED_TAXONOMIES_LANGUAGES);
    let site = build_site(src.path(), Some(SERVED_AT));
    let report = node(
        "reader_search.mjs",
        &[
            site.out.to_str().unwrap(),
            SERVED_AT,
            "--edition=fr",
            "alpha",
            "gamma",
        ],
    );
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let q = report["queries"].as_array().unwrap();
    assert_eq!(titles(&q[0]), ["Alpha (fr)"], "{:#}", q[0]);
    assert!(q[0]["landed"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/dossier/fr/notes/a/"));
    // Gamma has no French page: the French index does not hold the English one.
    assert!(titles(&q[1]).is_empty(), "{:#}", q[1]);
    assert!(report["header"]["url"]
        .as_str()
        .unwrap()
        .contains("/dossier/fr/search/index.html?q=alpha"));
    assert_eq!(titles(&report["header"]), ["Alpha (fr)"]);
}

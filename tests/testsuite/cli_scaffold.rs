//! `dossier init` and `dossier new`.

use crate::support::common::*;

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    assert!(run(&["init", "site"]).status.success());
    let out = run(&["--root", "site", "build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = run(&["--root", "site", "check", "--deny-warnings"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let html =
        std::fs::read_to_string(dir.path().join("site/public/articles/the-story/index.html"))
            .unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(texts(&doc, ".references li a.ref-title").len(), 1);
    // A second init refuses to overwrite.
    let again = run(&["init", "site"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn new_creates_a_page_of_a_kind_and_never_overwrites() {
    let site = TestSite::new();
    let out = site.run(&["new", "person", "Ron Wyden"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Created content/people/ron-wyden.md"
    );
    let text = std::fs::read_to_string(site.root().join("content/people/ron-wyden.md")).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Ron Wyden\"\nkind = \"person\"\n"),
        "{text}"
    );

    let src = site.run(&["new", "source", "NYT, 5 June 2018"]);
    assert!(src.status.success());
    let text =
        std::fs::read_to_string(site.root().join("content/sources/nyt-5-june-2018.md")).unwrap();
    assert!(text.contains("publisher = \"\""), "{text}");
    assert!(
        !text.contains("\naccessed ="),
        "an accessed date must never be filled in for the writer"
    );

    std::fs::write(site.root().join("content/people/ron-wyden.md"), "mine").unwrap();
    let again = site.run(&["new", "person", "Ron Wyden"]);
    assert!(!again.status.success());
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/people/ron-wyden.md")).unwrap(),
        "mine"
    );

    // A page of every kind builds as soon as it is created: its hints are not live syntax.
    for kind in ["note", "article", "event", "organization", "dossier-term"] {
        let out = site.run(&["new", kind, "Background"]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let note = std::fs::read_to_string(site.root().join("content/notes/background.md")).unwrap();
    assert!(
        note.contains("kind = \"note\"") && note.contains("date = "),
        "{note}"
    );
    assert!(site
        .root()
        .join("content/dossier-terms/background.md")
        .exists());
    site.remove("content/people/ron-wyden.md"); // the file the test overwrote with "mine"
    site.build();
    let doc = site.html("notes/background/index.html");
    assert_eq!(
        texts(&doc, "article p code"),
        ["[[wikilinks]]", "[@source-key]"]
    );
}

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
        String::from_utf8_lossy(&out.stdout),
        "Created content/people/_index.md (a new section)\nCreated content/people/ron-wyden.md\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/people/_index.md")).unwrap(),
        "+++\ntitle = \"People\"\n+++\n"
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

fn dossier_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn init_has_a_page_of_every_kind_a_lead_and_a_gitignore_and_says_what_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier_in(dir.path(), &["init", "mine"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Created a dossier in mine\nNext: `cd mine && dossier serve --open`\n"
    );
    let site = dir.path().join("mine");
    for section in [
        "articles",
        "notes",
        "people",
        "organizations",
        "events",
        "sources",
    ] {
        assert!(
            site.join("content")
                .join(section)
                .join("_index.md")
                .exists(),
            "{section}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "/public/\n/.dossier-cache/\n"
    );
    let build = dossier_in(&site, &["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let check = dossier_in(&site, &["check", "--deny-warnings"]);
    assert!(
        String::from_utf8_lossy(&check.stdout).ends_with("0 errors, 0 warnings, 1 note\n"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let read = |rel: &str| {
        scraper::Html::parse_document(
            &std::fs::read_to_string(site.join("public").join(rel)).unwrap(),
        )
    };
    // The home's title comes from site.toml alone, and it leads with the lead article.
    let home = read("index.html");
    assert_eq!(texts(&home, "main h1"), ["My dossier"]);
    assert!(attrs(&home, "main a", "href")
        .contains(&"https://example.org/articles/the-story/".to_string()));
    // An event on the timeline, a relation, a citation: the features are there to see.
    assert_eq!(
        texts(&read("timeline/index.html"), "ol.timeline .where a")[0],
        "Board meeting"
    );
    assert_eq!(
        texts(&read("people/jane-doe/index.html"), ".relations li"),
        ["Jane Doe is chief executive of Example Corp since 2020 [1]"]
    );
}

#[test]
fn new_outside_a_site_refuses_and_inside_finds_the_site_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier_in(dir.path(), &["new", "person", "Ron Wyden"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no site.toml in . or any folder above it: `dossier new` adds a page to a site; \
         make one with `dossier init DIR`\n1 error\n"
    );
    assert!(!dir.path().join("content").exists(), "nothing was written");

    let site = TestSite::new();
    let deep = site.root().join("content/notes/drafts");
    std::fs::create_dir_all(&deep).unwrap();
    let out = dossier_in(&deep, &["new", "note", "From below"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.root().join("content/notes/from-below.md").exists());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Created ../../../content/notes/_index.md (a new section)\nCreated ../../../content/notes/from-below.md\n"
    );
}

#[test]
fn new_transliterates_file_names_and_a_new_section_is_listed() {
    let site = TestSite::new();
    site.page("_index.md", "", "Home.");
    let out = site.run(&["new", "organization", "Société Générale"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site
        .root()
        .join("content/organizations/societe-generale.md")
        .exists());
    let out = site.run(&["new", "person", "José Núñez"]);
    assert!(out.status.success());
    site.build();
    assert!(site.exists("people/jose-nunez/index.html"));
    let section = site.html("organizations/index.html");
    assert_eq!(texts(&section, "main h1"), ["Organizations"]);
    assert!(texts(&section, "main a").contains(&"Société Générale".to_string()));
}

#[test]
fn what_new_leaves_to_write_is_flagged_until_written() {
    let site = TestSite::new();
    for (kind, title) in [("event", "Hearing"), ("person", "Ada")] {
        assert!(site.run(&["new", kind, title]).status.success());
    }
    let event = std::fs::read_to_string(site.root().join("content/events/hearing.md")).unwrap();
    assert!(
        !event.contains("\ndate ="),
        "an event's date is the writer's to give:\n{event}"
    );
    let out = site.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let warnings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("warning:") && !l.contains("orphan"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/events/hearing.md: warning: event page has no `date`, so it is not on the timeline",
            "content/events/hearing.md:5:1: warning: `description` is empty: write one sentence, or remove the line",
            "content/events/hearing.md:8:1: warning: the page still holds the text `dossier new` left: \"What happened, citing a source: `[@source-key]`.\"",
            "content/people/ada.md:4:1: warning: `description` is empty: write one sentence, or remove the line",
            "content/people/ada.md:8:1: warning: the page still holds the text `dossier new` left: \"Write here. Link pages with `[[wikilinks]]` and cite sources with `[@source-key]`.\"",
        ],
        "{stdout}"
    );
}

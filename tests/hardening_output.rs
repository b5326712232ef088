//! What a build writes and deletes: never outside the output folder, never a folder it did
//! not make, and the replaced output gone before the build returns.

mod common;
use common::*;

use std::fs;
use std::path::Path;

const MARKER_TEXT: &str =
    "This folder was made by `dossier build`, which replaces all of it on the next build.\n";

/// Runs `dossier build` with `args` after it; returns (success, stderr).
fn build_with(site: &TestSite, args: &[&str]) -> (bool, String) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn traversal_slugs_are_refused_at_their_place() {
    let cases = [
        (
            "..",
            "`.` and `..` name folders, not pages, and would write outside the page's folder",
        ),
        (
            ".",
            "`.` and `..` name folders, not pages, and would write outside the page's folder",
        ),
        ("a/b", "it contains `/`"),
        (
            "..\\\\..\\\\x",
            "it contains `\\`, a folder separator on Windows",
        ),
        (
            "%2e%2e",
            "it contains `%`: write the characters themselves, not their percent-encoding",
        ),
        ("a\\nb", "it contains the control character '\\n'"),
        ("", "it is empty"),
    ];
    for (slug, why) in cases {
        let site = TestSite::new();
        site.page("notes/_index.md", "title = \"Notes\"", "");
        site.page(
            "notes/bundle/index.md",
            &format!("title = \"B\"\nslug = \"{slug}\""),
            "",
        );
        site.file("content/notes/bundle/site.toml", "stolen = true\n");
        let err = site.build_fails();
        assert!(
            err.contains(&format!(
                "content/notes/bundle/index.md:3:8: error: `slug = \"{slug}\"` is not one URL segment: {why}; use letters, digits, `-`, `_`, `.` and `~`"
            )),
            "{slug}: {err}"
        );
        assert_eq!(
            fs::read_to_string(site.root().join("site.toml")).unwrap(),
            "title = \"Test dossier\"\nbase_url = \"https://example.org\"\n"
        );
        assert!(!site.out().exists());
    }
}

#[test]
fn slugs_differing_only_in_case_collide() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\nslug = \"Report\"", "")
        .page("b.md", "title = \"B\"\nslug = \"report\"", "");
    let err = site.build_fails();
    assert!(
        err.contains("content/b.md: error: content/a.md and content/b.md would both be written to Report/index.html and report/index.html, which are one file on macOS and Windows; give one of them another `slug`"),
        "{err}"
    );
}

#[test]
fn each_dangerous_output_folder_is_refused_even_with_force() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.file(".git/HEAD", "ref: refs/heads/main\n");
    let root = fs::canonicalize(site.root()).unwrap();
    let parent = root.parent().unwrap();
    let root_s = root.to_str().unwrap();
    let elsewhere = "choose another --output or `output_dir`";
    let cases = [
        (".", root.clone(), "it is the site's own folder".to_string()),
        (
            root_s,
            root.clone(),
            "it is the site's own folder".to_string(),
        ),
        (
            "..",
            parent.to_path_buf(),
            format!("it holds the site's folder {root_s}"),
        ),
        (
            ".git",
            root.join(".git"),
            "it is inside a .git folder".into(),
        ),
        (
            ".git/worktree",
            root.join(".git/worktree"),
            "it is inside a .git folder".into(),
        ),
        (
            "content",
            root.join("content"),
            "it is inside the site's content/ folder".into(),
        ),
        (
            "content/sub",
            root.join("content/sub"),
            "it is inside the site's content/ folder".into(),
        ),
        (
            "themes",
            root.join("themes"),
            "it is inside the site's themes/ folder".into(),
        ),
        (
            "templates",
            root.join("templates"),
            "it is inside the site's templates/ folder".into(),
        ),
        (
            "static",
            root.join("static"),
            "it is inside the site's static/ folder".into(),
        ),
    ];
    for (out, shown, why) in cases {
        for force in [false, true] {
            let mut args = vec!["--output", out];
            if force {
                args.push("--force");
            }
            let (ok, err) = build_with(&site, &args);
            assert!(!ok, "{out} accepted");
            assert_eq!(
                err,
                format!(
                    "error: refusing to write the site into {}: {why}; {elsewhere}\n1 error\n",
                    shown.display()
                ),
                "{out}"
            );
        }
    }
    site.file("site.toml", "title = \"T\"\noutput_dir = \".git\"\n");
    assert!(site.build_fails().contains(&format!(
        "refusing to write the site into {}: it is inside a .git folder",
        root.join(".git").display()
    )));
    assert_eq!(
        fs::read_to_string(root.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    assert!(root.join("content/a.md").exists());
}

#[test]
fn outside_the_site_takes_force() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let root = fs::canonicalize(site.root()).unwrap();
    let other = tempfile::tempdir().unwrap();
    let other_path = fs::canonicalize(other.path()).unwrap();
    let project = other_path.join("other-project");
    fs::create_dir(&project).unwrap();
    fs::write(project.join("Makefile"), "all:\n").unwrap();
    let fresh = other_path.join("fresh");
    for out in [project.clone(), fresh.clone()] {
        let (ok, err) = build_with(&site, &["--output", out.to_str().unwrap()]);
        assert!(!ok);
        assert_eq!(
            err,
            format!(
                "error: refusing to write the site into {}: it is outside the site's folder {}; pass --force to build there\n1 error\n",
                out.display(),
                root.display()
            )
        );
    }
    assert_eq!(
        fs::read_to_string(project.join("Makefile")).unwrap(),
        "all:\n"
    );
    assert!(!fresh.exists());

    // A relative path out of the site is outside too.
    let (ok, err) = build_with(&site, &["--output", "../elsewhere"]);
    assert!(!ok);
    assert!(err.contains("it is outside the site's folder"), "{err}");

    let (ok, err) = build_with(&site, &["--output", fresh.to_str().unwrap(), "--force"]);
    assert!(ok, "{err}");
    assert_eq!(
        fs::read_to_string(fresh.join(".dossier-output")).unwrap(),
        MARKER_TEXT
    );
    let page =
        scraper::Html::parse_document(&fs::read_to_string(fresh.join("a/index.html")).unwrap());
    assert_eq!(texts(&page, "h1"), ["A"]);
}

#[test]
fn only_a_folder_dossier_made_is_replaced() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.file("public/notes.txt", "my notes");
    let root = fs::canonicalize(site.root()).unwrap();
    assert_eq!(
        site.build_fails(),
        format!(
            "error: refusing to write the site into {}: it is not empty and dossier did not make it (it holds no .dossier-output file); move its files away, or pass --force to replace it with the site\n1 error\n",
            root.join("public").display()
        )
    );
    assert_eq!(names(&site.out()), ["notes.txt"]);

    // An empty folder is fine, and the build marks it as its own.
    site.remove("public/notes.txt");
    site.build();
    assert_eq!(site.read(".dossier-output"), MARKER_TEXT);
    // Marked, it is replaced: a file put into it is gone after the next build.
    site.file("public/stale.txt", "old");
    site.build();
    assert!(!site.exists("stale.txt"));
    assert!(site.exists("a/index.html"));

    // --force replaces a folder without the marker.
    site.remove("public/.dossier-output");
    site.file("public/stale.txt", "old");
    let (ok, err) = build_with(&site, &["--force"]);
    assert!(ok, "{err}");
    assert!(!site.exists("stale.txt"));
    assert_eq!(site.read(".dossier-output"), MARKER_TEXT);
}

#[test]
fn an_output_holding_a_repository_is_refused() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build();
    site.file("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    let (ok, err) = build_with(&site, &["--force"]);
    assert!(!ok);
    assert!(
        err.contains("it holds a .git folder, which replacing it would delete; build into another folder and copy the files over"),
        "{err}"
    );
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/gh-pages\n");
}

#[test]
fn the_old_output_and_killed_builds_leftovers_are_gone_when_build_returns() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build();
    // What builds killed halfway leave: a staging folder and a replaced output.
    site.file(".public.tmp-4242/a/index.html", "half");
    site.file(".public.old-4242/a/index.html", "old");
    site.file(".public.old-4243/.dossier-output", "old");
    site.build();
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);
    site.build();
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);
    assert!(site.exists("a/index.html"));
}

#[test]
fn a_theme_must_be_a_folder_of_themes() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.file("site.toml", "title = \"T\"\ntheme = \"../../elsewhere\"\n");
    let err = site.build_fails();
    assert_eq!(
        err,
        "site.toml:2:9: error: field `theme`: `../../elsewhere` is not a theme name: a theme is a folder of themes/, named without `/`, `\\` or `..`\n1 error\n"
    );
}

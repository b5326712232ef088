//! The writer's loop: messages with the source line and a caret, every front-matter
//! mistake in one run with "did you mean", the right file blamed, `check --format json`,
//! and build's count of the warnings `check` lists.

use crate::support::common::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_error_shows_its_line_with_a_caret_under_the_column_after_wide_characters() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Été, 東京: [[nowhere]]\n");
    assert_eq!(
        site.build_fails(),
        "content/a.md:4:10: error: link [[nowhere]] matches no page
  |
4 | Été, 東京: [[nowhere]]
  |            ^

1 error
"
    );
}

#[test]
fn a_long_line_is_cut_around_the_column_with_the_caret_under_it() {
    let site = TestSite::new();
    let before = "word ".repeat(37); // 185 characters
    site.page(
        "a.md",
        "title = \"A\"",
        &format!("{before}x [[nowhere]] and more.\n"),
    );
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        "content/a.md:4:188: error: link [[nowhere]] matches no page"
    );
    let source = lines[2];
    let caret = lines[3];
    assert!(source.starts_with("4 | ...") && source.contains("x [[nowhere]] and more."));
    assert!(source.chars().count() < 150, "{source}");
    let at = caret.find('^').expect("a caret");
    assert_eq!(&source[at..at + 11], "[[nowhere]]", "{err}");
}

#[test]
fn three_front_matter_mistakes_are_reported_in_one_run() {
    let site = TestSite::new();
    site.page(
        "people/ana.md",
        "title = \"Ana\"\nauthor = \"Me\"\ntags = \"x\"\ndraft = \"yes\"",
        "",
    );
    assert_eq!(
        site.build_fails(),
        "content/people/ana.md:3:1: error: unknown front-matter field `author`; did you mean `authors`?
  |
3 | author = \"Me\"
  | ^

content/people/ana.md:4:8: error: `tags` must be a list, like `tags = [\"x\"]`
  |
4 | tags = \"x\"
  |        ^

content/people/ana.md:5:9: error: `draft` must be `true` or `false`
  |
5 | draft = \"yes\"
  |         ^

3 errors
"
    );
}

#[test]
fn aliases_and_entry_fields_get_did_you_mean() {
    let site = TestSite::new();
    site.page(
        "a.md",
        "title = \"A\"\naliases = [\"Ann\"]\n[[events]]\ndate = 2020-01-01\ntitle = \"E\"\nsoruces = [\"s\"]\n[[relations]]\nto = \"a\"\nknd = \"knows\"",
        "",
    );
    let err = site.build_fails();
    let firsts: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        firsts,
        [
            "content/a.md:3:1: error: unknown front-matter field `aliases`; did you mean `aka`?",
            "content/a.md:7:1: error: unknown field `soruces` in [[events]]; did you mean `sources`?",
            "content/a.md:8:1: error: missing field `kind` in [[relations]] entry",
            "content/a.md:10:1: error: unknown field `knd` in [[relations]]; did you mean `kind`?",
        ]
    );
}

#[test]
fn an_unknown_kind_is_a_warning_with_did_you_mean_and_still_builds() {
    let site = TestSite::new();
    site.page("people/ana.md", "title = \"Ana\"\nkind = \"persn\"", "")
        .page("index-page.md", "title = \"Index\"", "[[Ana]]");
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let findings: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let kind = findings
        .iter()
        .find(|f| f["code"] == "unknown-kind")
        .expect("an unknown-kind finding");
    assert_eq!(
        kind,
        &serde_json::json!({
            "path": "content/people/ana.md",
            "line": 3,
            "col": 8,
            "severity": "warning",
            "code": "unknown-kind",
            "message": "unknown kind `persn`; did you mean `person`? The theme lays out article, note, person, organization, event, source; this page gets the plain layout",
        })
    );
    // A custom kind is allowed: the site builds.
    site.build();
}

#[test]
fn check_format_json_prints_one_finding_a_line_with_codes() {
    let site = TestSite::new();
    site.page("sources/s.md", "title = \"S\"\nkind = \"source\"", "")
        .page("lonely.md", "title = \"Lonely\"", "");
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let findings: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let summary: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("content/lonely.md", "warning", "orphan"),
            ("content/sources/s.md", "warning", "uncited-source"),
            ("content/sources/s.md", "note", "source-without-url"),
        ]
    );
    assert_eq!(
        findings[0]["message"],
        "orphan page: no other page links to \"Lonely\""
    );
    assert!(findings[0]["line"].is_null() && findings[0]["col"].is_null());
    assert_eq!(
        stderr(&out),
        // `sources/` has no _index.md: it is a section all the same.
        "4 pages checked: 0 errors, 2 warnings, 1 note\n"
    );

    // Errors are JSON lines too, and fail the check.
    site.page("lonely.md", "title = \"Lonely\"", "[@nope]");
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(
        error,
        serde_json::json!({
            "path": "content/lonely.md",
            "line": 4,
            "col": 1,
            "severity": "error",
            "code": "unknown-citation",
            "message": "citation of unknown source `@nope`",
        })
    );
}

#[test]
fn a_lead_typo_is_reported_at_site_toml() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://dossier.test\"\n\n[extra]\nlead = \"articles/the-audit\"\n",
    )
    .page("articles/the-audits.md", "title = \"The audits\"", "");
    assert_eq!(
        site.build_fails(),
        "site.toml:5:8: error: `lead = \"articles/the-audit\"` matches no page; did you mean `articles/the-audits`?
  |
5 | lead = \"articles/the-audit\"
  |        ^

1 error
"
    );
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://dossier.test\"\n\n[extra]\nlead = \"articles/the-audits\"\n",
    );
    site.build();
}

#[test]
fn a_link_to_a_draft_says_so_and_how_to_include_it() {
    let site = TestSite::new();
    site.page("notes/plan.md", "title = \"Plan\"\ndraft = true", "")
        .page("a.md", "title = \"A\"", "See [[Plan]].");
    assert_eq!(
        site.build_fails(),
        "content/a.md:4:5: error: link [[Plan]] goes to a draft (content/notes/plan.md has `draft = true`), which is left out of the build; build with `--drafts` to include it, or remove `draft = true`
  |
4 | See [[Plan]].
  |     ^

1 error
"
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        attrs(&site.html("a/index.html"), ".page-content a", "href"),
        ["https://example.org/notes/plan/"]
    );
}

#[test]
fn a_new_duplicate_title_is_reported_once_per_page_with_the_links_under_it() {
    let site = TestSite::new();
    site.page("people/wyden.md", "title = \"Wyden\"", "")
        .page("a.md", "title = \"A\"", "[[Wyden]]")
        .page("b.md", "title = \"B\"", "Also [[Wyden]].");
    site.build();
    site.page("notes/wyden.md", "title = \"Wyden\"", "");
    assert_eq!(
        site.build_fails(),
        "content/notes/wyden.md:2:10: error: \"Wyden\" also names content/people/wyden.md, so links to it cannot choose; give one page another title, or link by path: `notes/wyden`, `people/wyden`
  |
2 | title = \"Wyden\"
  |          ^
  |
  = note: linked as [[Wyden]] from content/a.md:4:1
  = note: linked as [[Wyden]] from content/b.md:4:6

content/people/wyden.md:2:10: error: \"Wyden\" also names content/notes/wyden.md, so links to it cannot choose; give one page another title, or link by path: `notes/wyden`, `people/wyden`
  |
2 | title = \"Wyden\"
  |          ^
  |
  = note: linked as [[Wyden]] from content/a.md:4:1
  = note: linked as [[Wyden]] from content/b.md:4:6

2 errors
"
    );
}

/// A title written with an escape (`\u00e9`) is not on its line as the name reads: the
/// error then points at the start of the `title` line, past its indentation.
#[test]
fn a_duplicate_title_written_with_an_escape_is_placed_at_its_line() {
    let site = TestSite::new();
    site.file(
        "content/people/cafe.md",
        "+++\n  title = \"Caf\\u00e9\"\n+++\n",
    )
    .page("notes/cafe.md", "title = \"Café\"", "")
    .page("a.md", "title = \"A\"", "[[Café]]");
    let out = site.build_fails();
    let first = crate::support::common::first_lines(&out);
    assert!(
        first.contains(
            "content/people/cafe.md:2:3: error: \"Café\" also names content/notes/cafe.md"
        ),
        "{out}"
    );
    assert!(
        first.contains(
            "content/notes/cafe.md:2:10: error: \"Café\" also names content/people/cafe.md"
        ),
        "{out}"
    );
}

#[test]
fn build_counts_the_warnings_check_lists() {
    let site = TestSite::new();
    site.page("sources/s.md", "title = \"S\"\nkind = \"source\"", "")
        .page("articles/a.md", "title = \"A\"\nkind = \"article\"", "")
        .page("notes/b.md", "title = \"B\"", "[[A]]");
    let summary = site.build();
    // B is an orphan, S is never cited, article A cites no source.
    assert!(
        summary
            .trim_end()
            .ends_with(" ms · 3 warnings — run `dossier check`"),
        "{summary}"
    );
    let check = stdout(&site.run(&["check"]));
    assert!(
        // Three folders without _index.md, each a section.
        check.ends_with("7 pages checked: 0 errors, 3 warnings, 1 note\n"),
        "{check}"
    );
}

#[test]
fn build_warns_about_the_placeholder_base_url_unless_replaced() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let out = site.run(&["build"]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), PLACEHOLDER_WARNING);
    let out = site.run(&["build", "--base-url", "https://news.test/"]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://news.test\"\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_site_toml_typo_names_the_setting_it_resembles() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://news.test\"\nlangauge = \"en\"\n",
    );
    assert_eq!(
        site.build_fails(),
        "site.toml:3:1: error: unknown field `langauge`; did you mean `language`?
  |
3 | langauge = \"en\"
  | ^

1 error
"
    );
}

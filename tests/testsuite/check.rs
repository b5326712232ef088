//! `dossier check`: errors, warnings and notes, one line each, and its exit codes.

use crate::support::common::*;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn clean_site_passes_even_with_deny_warnings() {
    let site = TestSite::new();
    site.page(
        "sources/s.md",
        "title = \"S\"\nkind = \"source\"\nurl = \"https://example.com/s\"",
        "",
    )
    .page(
        "a.md",
        "title = \"A\"\nkind = \"article\"",
        "See [[b]] [@s].",
    )
    .page(
        "b.md",
        "title = \"B\"\nkind = \"note\"",
        "Back to [[a]] [@s].",
    );
    let out = site.run(&["check", "--deny-warnings"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("0 errors, 0 warnings, 0 notes\n"),
        "{}",
        stdout(&out)
    );
    assert!(!site.out().exists(), "check must not write output");
}

#[test]
fn warnings_and_notes_are_reported_and_only_deny_warnings_fails_on_them() {
    let site = TestSite::new();
    site.page("sources/used.md", "title = \"Used\"\nkind = \"source\"", "")
        .page(
            "sources/unused.md",
            "title = \"Unused\"\nkind = \"source\"\nurl = \"https://example.com/u\"",
            "",
        )
        .page(
            "a.md",
            "title = \"A\"\nkind = \"article\"",
            "Links [[b]] but cites nothing.",
        )
        .page(
            "b.md",
            "title = \"B\"\nkind = \"note\"\n[[events]]\ndate = 2018-09-05\ntitle = \"Hearing\"",
            "Cites [@used] and links [[a]].",
        )
        .page("lonely.md", "title = \"Lonely\"", "Nobody links here.");
    let out = site.run(&["check"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "content/a.md: warning: article \"A\" cites no source",
            "content/b.md: warning: event \"Hearing\" (2018-09-05) has no source",
            "content/lonely.md: warning: orphan page: no other page links to \"Lonely\"",
            "content/sources/unused.md: warning: source `unused` is never cited; cite it with [@unused] or remove it",
            "content/sources/used.md: note: source `used` has no `url` (normal for print and broadcast records)",
            // `sources/` has no _index.md: it is a section all the same.
            "7 pages checked: 0 errors, 4 warnings, 1 note",
        ]
    );
    let denied = site.run(&["check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn errors_fail_check_with_compiler_style_lines() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "[[nowhere]]\n\n[@nokey]")
        .page(
            "b.md",
            "title = \"B\"\n[[relations]]\nto = \"ghost\"\nkind = \"knows\"",
            "",
        );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "content/a.md:4:1: error: link [[nowhere]] matches no page",
            "  |",
            "4 | [[nowhere]]",
            "  | ^",
            "",
            "content/a.md:6:1: error: citation of unknown source `@nokey`",
            "  |",
            "6 | [@nokey]",
            "  | ^",
            "",
            "content/b.md:4:6: error: relation target `ghost` matches no page",
            "  |",
            "4 | to = \"ghost\"",
            "  |      ^",
            "",
            "3 errors",
        ]
    );
}

#[test]
fn template_errors_are_found_by_check() {
    let site = TestSite::new();
    site.file("templates/page.html", "{{ page.nope }}")
        .page("a.md", "title = \"A\"", "");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("templates/page.html:1:4: error: template error"));
}

#[test]
fn notes_without_citations_and_event_pages_without_a_date_are_warned_about() {
    let site = TestSite::new();
    site.page(
        "sources/s.md",
        "title = \"S\"\nkind = \"source\"\nurl = \"https://example.com/s\"",
        "",
    )
    .page(
        "a.md",
        "title = \"A\"\nkind = \"article\"",
        "Links [[n]] and [[e]] [@s].",
    )
    .page(
        "n.md",
        "title = \"Uncited note\"\nkind = \"note\"",
        "Back to [[a]], citing nothing.",
    )
    .page(
        "e.md",
        "title = \"Undated event\"\nkind = \"event\"",
        "Back to [[a]] [@s].",
    );
    let out = site.run(&["check"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "content/e.md: warning: event page has no `date`, so it is not on the timeline",
            "content/n.md: warning: note \"Uncited note\" cites no source",
            // `sources/` has no _index.md: it is a section all the same.
            "6 pages checked: 0 errors, 2 warnings, 0 notes",
        ]
    );
    assert_eq!(
        site.run(&["check", "--deny-warnings"]).status.code(),
        Some(1)
    );
}

//! Input that used to cost quadratic time, and input of any shape: the attack cases built
//! small with their output checked, a generous timing of the tag case (whose cost is in
//! the templates, where no step is counted; the other cases count their steps in unit
//! tests), and a property test that loading and building never panic and place every
//! finding inside its file.

use crate::support::common::*;

use std::path::Path;
use std::time::Instant;

use dossier::diagnostic::Diagnostic;
use dossier::site::{LoadedSite, Options, Site};
use proptest::prelude::*;

#[test]
fn equal_headings_are_numbered_as_on_github() {
    let site = TestSite::new();
    let body =
        "## Notes\n\n## Notes-1\n\n## Notes\n\n## Notes\n\n## Other {#notes-3}\n\n## Notes\n";
    site.page("p.md", r#"title = "P""#, body);
    site.build();
    let doc = site.html("p/index.html");
    assert_eq!(
        attrs(&doc, "main h2", "id"),
        ["notes", "notes-1", "notes-2", "notes-4", "notes-3", "notes-5"]
    );
}

#[test]
fn many_broken_links_each_get_their_exact_suggestion() {
    let site = TestSite::new();
    for i in 0..40 {
        site.page(
            &format!("notes/page-{i}.md"),
            &format!(r#"title = "Page {i}""#),
            "",
        );
    }
    site.page("sources/nyt.md", "title = \"NYT\"\nkind = \"source\"", "");
    let body = "[[paeg-12]] and [[pagge-3]].\n\n[[zzzzzz]] [[paeg-12]]\n\n[x](@/notes/page-7.mb) [@nytt]\n";
    site.page("bad.md", r#"title = "Bad""#, body);
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    for expected in [
        "content/bad.md:4:1: error: link [[paeg-12]] matches no page; did you mean `page-12`?",
        "content/bad.md:4:17: error: link [[pagge-3]] matches no page; did you mean `page-3`?",
        "content/bad.md:6:1: error: link [[zzzzzz]] matches no page",
        "content/bad.md:6:12: error: link [[paeg-12]] matches no page; did you mean `page-12`?",
        "content/bad.md:8:1: error: link @/notes/page-7.mb matches no page or document; did you mean `notes/page-7.md`?",
        "content/bad.md:8:24: error: citation of unknown source `@nytt`; did you mean `nyt`?",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{err}");
    }
}

#[test]
fn findings_far_along_one_long_line_have_their_column() {
    let site = TestSite::new();
    let body = format!("{}[[nowhere]] é [[nowhere]]\n", "word ".repeat(2000));
    site.page("p.md", r#"title = "P""#, &body);
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.contains(&"content/p.md:4:10001: error: link [[nowhere]] matches no page"),
        "{err}"
    );
    assert!(
        lines.contains(&"content/p.md:4:10015: error: link [[nowhere]] matches no page"),
        "{err}"
    );
}

#[test]
fn a_hub_paragraph_gives_each_backlink_the_sentence_with_titles() {
    let site = TestSite::new();
    for i in 0..30 {
        site.page(
            &format!("notes/page-{i}.md"),
            &format!(r#"title = "Page {i}""#),
            "",
        );
    }
    let filler = "Lorem ipsum dolor sit amet. ".repeat(12);
    let links: String = (0..30).map(|i| format!("[[page-{i}]] ")).collect();
    let body = format!("{filler}See {links}here. Then [[page-0|the first]] again. {filler}");
    site.page("hub.md", r#"title = "Hub""#, &body);
    site.build();
    let doc = site.html("notes/page-29/index.html");
    let contexts = texts(&doc, ".backlinks .context");
    let wanted = format!(
        "See {}here.",
        (0..30).map(|i| format!("Page {i} ")).collect::<String>()
    );
    assert!(
        contexts.iter().any(|c| c.contains(&wanted)),
        "{wanted:?} not in {contexts:?}"
    );
}

/// `dossier build` of a page with `n` tags, in seconds.
fn tag_build_time(n: usize) -> f64 {
    let site = TestSite::new();
    let tags: Vec<String> = (0..n).map(|i| format!("\"tag {i}\"")).collect();
    site.page(
        "p.md",
        &format!("title = \"P\"\ntags = [{}]", tags.join(", ")),
        "",
    );
    let start = Instant::now();
    site.build();
    let took = start.elapsed().as_secs_f64();
    assert!(site.exists("tags/tag-1/index.html"));
    took
}

#[test]
fn a_page_of_many_tags_builds_in_time_in_proportion() {
    // Generous bound: counting steps inside tera is impractical. Before, four times the
    // tags took eleven times as long in a debug build (0.9 s, then 9.6 s); now about twice
    // (0.5 s, then 1.1 s). A loaded machine adds noise, not a factor of three.
    let (small, large) = (tag_build_time(300), tag_build_time(1200));
    assert!(
        large <= 6.0 * small + 0.5,
        "{small:.2} s for 300 tags, {large:.2} s for 1200"
    );
}

#[test]
fn a_tag_page_lists_its_pages() {
    let site = TestSite::new();
    site.page(
        "a.md",
        "title = \"Alpha\"\ntags = [\"Shared Tag\", \"only a\", \"shared-tag\"]",
        "",
    );
    site.page("b.md", "title = \"Beta\"\ntags = [\"shared tag\"]", "");
    site.build();
    let doc = site.html("tags/shared-tag/index.html");
    assert_eq!(texts(&doc, ".cards h3"), ["Alpha", "Beta"]);
    let doc = site.html("a/index.html");
    assert_eq!(
        texts(&doc, ".tag-list li"),
        ["Shared Tag", "only a", "shared-tag"]
    );
}

// ---- Any input: never a panic, every finding inside its file ----

/// Checks that a finding's place, if it has one, is inside the file it names.
fn check_place(root: &Path, d: &Diagnostic) -> Result<(), TestCaseError> {
    let (Some(path), Some(line), Some(column)) = (&d.path, d.line, d.column) else {
        return Ok(());
    };
    let text = std::fs::read_to_string(root.join(path))
        .or_else(|_| std::fs::read_to_string(path))
        .map_err(|e| TestCaseError::fail(format!("{d}: {e}")))?;
    let lines: Vec<&str> = text.split('\n').collect();
    prop_assert!(
        line >= 1 && line <= lines.len(),
        "{d}: line out of the file"
    );
    let width = lines[line - 1].chars().count();
    prop_assert!(
        column >= 1 && column <= width + 1,
        "{d}: column past the line"
    );
    Ok(())
}

fn fragment() -> impl Strategy<Value = String> {
    let name = "[a-zé华 -]{0,8}";
    prop_oneof![
        name.prop_map(|n| format!("[[{n}]]")),
        (name, name).prop_map(|(n, l)| format!("[[{n}|{l}]]")),
        (name, name).prop_map(|(n, a)| format!("[[{n}#{a}]]")),
        name.prop_map(|n| format!("[x](@/{n}.md)")),
        (name, "[0-9]{0,2}").prop_map(|(k, p)| format!("[@{k}, p. {p}]")),
        (name, name).prop_map(|(k, j)| format!("[@{k}; @{j}]")),
        ("#{1,7}", name, name).prop_map(|(h, t, id)| format!("\n{h} {t} {{#{id}}}\n")),
        ("#{1,3}", name).prop_map(|(h, t)| format!("\n{h} {t}\n")),
        Just("\n\n".to_string()),
        Just("`[[code]] [@code]`".to_string()),
        Just("\n```\n[[fenced]]\n```\n".to_string()),
        Just("<!-- more -->".to_string()),
        Just("\r\n".to_string()),
        Just("+++".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    let value = "[a-zé华 \"\\\\-]{0,8}";
    let line = prop_oneof![
        value.prop_map(|v| format!("title = \"{v}\"")),
        value.prop_map(|v| format!("slug = \"{v}\"")),
        value.prop_map(|v| format!("kind = \"{v}\"")),
        Just("kind = \"source\"".to_string()),
        (value, value).prop_map(|(a, b)| format!("tags = [\"{a}\", \"{b}\"]")),
        value.prop_map(|v| format!("aka = [\"{v}\"]")),
        "[0-9-]{0,12}".prop_map(|d| format!("date = {d}")),
        (value, value).prop_map(|(t, s)| format!(
            "[[relations]]\nkind = \"owns\"\nto = \"{t}\"\nsources = [\"{s}\"]"
        )),
        ("[0-9-]{0,12}", value)
            .prop_map(|(d, t)| format!("[[events]]\ndate = \"{d}\"\ntitle = \"{t}\"")),
        "\\PC{0,16}",
    ];
    prop::collection::vec(line, 0..6).prop_map(|lines| lines.join("\n"))
}

fn page() -> impl Strategy<Value = (String, String)> {
    let rel = prop_oneof![
        "[a-zé-]{1,6}".prop_map(|n| format!("{n}.md")),
        "[a-z]{1,4}".prop_map(|n| format!("notes/{n}.md")),
        Just("notes/_index.md".to_string()),
        Just("bundle/index.md".to_string()),
        Just("_index.md".to_string()),
    ];
    let text = (
        front_matter(),
        prop::collection::vec(fragment(), 0..16),
        any::<bool>(),
    )
        .prop_map(|(fm, body, delimited)| {
            let body = body.concat();
            if delimited {
                format!("+++\ntitle = \"T\"\n{fm}\n+++\n{body}")
            } else {
                format!("{fm}\n{body}")
            }
        });
    (rel, text)
}

/// Loads the site (and builds it in memory when asked): any result is fine but a panic,
/// and a finding placed outside its file.
fn load_and_build(pages: &[(String, String)], build: bool) -> Result<(), TestCaseError> {
    let site = TestSite::new();
    for (rel, text) in pages {
        site.file(&format!("content/{rel}"), text);
    }
    let root = site.root();
    let options = Options::default();
    let findings = if build {
        match Site::load(root, &options) {
            Ok(s) => match s.render_all(|_, _| Ok(())) {
                Ok(_) => Vec::new(),
                Err(d) => d.0,
            },
            Err(d) => d.0,
        }
    } else {
        LoadedSite::load(root, &options)
            .err()
            .map(|d| d.0)
            .unwrap_or_default()
    };
    for d in &findings {
        check_place(root, d)?;
    }
    Ok(())
}

proptest! {
    // Bounded to run in a few seconds within `cargo test`.
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn loading_any_content_never_panics_and_places_findings_in_their_file(
        pages in prop::collection::vec(page(), 1..4)
    ) {
        load_and_build(&pages, false)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn building_any_content_never_panics(pages in prop::collection::vec(page(), 1..3)) {
        load_and_build(&pages, true)?;
    }
}

/// Bytes of the breadcrumb on the deepest page of `n` sections nested one in another.
fn deepest_breadcrumb(n: usize) -> usize {
    let site = TestSite::new();
    let mut dir = String::from("content");
    let mut path = String::new();
    for i in 0..n {
        dir.push_str(&format!("/level-{i}"));
        path.push_str(&format!("level-{i}/"));
        site.file(
            &format!("{dir}/_index.md"),
            &format!("+++\ntitle = \"Level {i}\"\n+++\nA section.\n"),
        );
    }
    site.build();
    let doc = site.html(&format!("{path}index.html"));
    let crumbs = doc
        .select(&sel("nav.breadcrumbs"))
        .next()
        .expect("a breadcrumb");
    crumbs.html().len()
}

#[test]
fn a_deep_page_links_its_ancestors_in_proportion_to_its_depth() {
    // A page's address grows with its depth, and so does each ancestor's: listing every
    // ancestor made the breadcrumb grow as the square of the depth, the site as the cube.
    let (small, large) = (deepest_breadcrumb(20), deepest_breadcrumb(80));
    assert!(
        large <= 5 * small,
        "{small} bytes at depth 20, {large} at depth 80"
    );
}

#[test]
fn a_deep_breadcrumb_keeps_the_outermost_and_the_nearest_sections() {
    let site = TestSite::new();
    let mut dir = String::from("content");
    for i in 0..15 {
        dir.push_str(&format!("/l{i}"));
        site.file(
            &format!("{dir}/_index.md"),
            &format!("+++\ntitle = \"L{i}\"\n+++\n"),
        );
    }
    site.build();
    let path: String = (0..15).map(|i| format!("l{i}/")).collect();
    let doc = site.html(&format!("{path}index.html"));
    assert_eq!(
        texts(&doc, ".breadcrumbs li"),
        ["Home", "L3", "L4", "L5", "L6", "L7", "L8", "L9", "L10", "L11", "L12", "L13", "L14"]
    );
}

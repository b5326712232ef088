//! Bad input: a clear message with file, line and column, every error of a pass at once,
//! a non-zero exit, and no panic.

use crate::support::common::*;

#[test]
fn front_matter_errors_name_file_line_column_and_field() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\nweight = \"heavy\"", "")
        .page("b.md", "title = \"B\"\ncolour = \"red\"", "")
        .page("c.md", "title = \"C\"\ndate = \"yesterday\"", "")
        .file("content/d.md", "+++\ntitle = \"D\"\n")
        .file("content/e.md", "+++\ntitle = \"E\n+++\n")
        .file("content/f.md", "---\ntitle: F\n---\n")
        .page("g.md", "kind = \"note\"", "")
        .file("content/h.md", "No front matter at all.\n");
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.contains(
            &"content/a.md:3:10: error: `weight` must be a whole number, like `weight = 10`"
        ),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/b.md:3:1: error: unknown front-matter field `colour`")),
        "{err}"
    );
    assert!(
        lines.contains(&"content/c.md:3:8: error: `date` must be a date, like `date = 2024-02-01`"),
        "{err}"
    );
    assert!(lines.contains(&"content/d.md:1:1: error: front matter opened with `+++` is never closed: add a `+++` line after it"), "{err}");
    assert!(
        lines.iter().any(|l| l.starts_with("content/e.md:2:")),
        "{err}"
    );
    assert!(
        lines.contains(&"content/g.md:2:1: error: missing required field `title`"),
        "{err}"
    );
    // YAML front matter and none at all are no errors (see import_obsidian).
    assert!(
        !err.contains("content/f.md") && !err.contains("content/h.md"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("6 errors"), "{err}");
}

#[test]
fn zola_fields_are_named_as_unsupported() {
    let site = TestSite::new();
    site.page("s/_index.md", "title = \"S\"\nsort_by = \"date\"", "")
        .page("p.md", "title = \"P\"\ninsert_anchor_links = \"left\"", "");
    let err = site.build_fails();
    assert!(err.contains("content/s/_index.md:3:1: error: `sort_by` is a Zola front-matter field that dossier does not support"), "{err}");
    assert!(
        err.contains("content/p.md:3:1: error: `insert_anchor_links` is a Zola front-matter field"),
        "{err}"
    );
}

#[test]
fn config_errors_name_line_and_column() {
    let site = TestSite::new();
    site.file("site.toml", "title = \"T\"\nbase_url = 3\n");
    let err = site.build_fails();
    assert!(
        err.starts_with("site.toml:2:12: error: field `base_url`: invalid type: integer `3`"),
        "{err}"
    );
    site.file("site.toml", "title = \"T\"\ncompile_sass = true\n");
    let err = site.build_fails();
    assert!(
        err.starts_with(
            "site.toml:2:1: error: `compile_sass` is a Zola setting that dossier does not support"
        ),
        "{err}"
    );
    site.file("site.toml", "title = [\n");
    let err = site.build_fails();
    assert!(
        err.starts_with("site.toml:1:10: error: field `title`: unclosed array"),
        "{err}"
    );
    site.remove("site.toml");
    let err = site.build_fails();
    assert!(
        err.starts_with("site.toml: error: cannot read site.toml"),
        "{err}"
    );
}

#[test]
fn two_pages_on_one_output_path_name_both_files() {
    let site = TestSite::new();
    site.page("notes/huawei.md", "title = \"1\"", "").page(
        "notes/other.md",
        "title = \"2\"\nslug = \"huawei\"",
        "",
    );
    let err = site.build_fails();
    assert!(err.contains("content/notes/huawei.md and content/notes/other.md would both be written to notes/huawei/index.html"), "{err}");
}

#[test]
fn slug_must_be_one_segment() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\nslug = \"x/y\"", "");
    let err = site.build_fails();
    assert!(
        err.contains(
            "content/a.md:3:8: error: `slug = \"x/y\"` is not one URL segment: it contains `/`"
        ),
        "{err}"
    );
}

#[test]
fn binary_garbage_in_a_body_builds_as_text() {
    let site = TestSite::new();
    // Valid front matter, so the body is read: a byte-order mark, control characters, a
    // NUL, a right-to-left override, and links, citations and code never closed.
    let garbage = "\u{feff}[[\n[@\n\u{0}\u{1}\u{7f}\u{1b}[31m \u{202e} [@ ] [[x\n```\n\u{0}";
    site.page("a.md", "title = \"Garbage\"", garbage);
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, PLACEHOLDER_WARNING);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Built 1 pages, 1 sections, "),
        "{stdout}"
    );
    let doc = site.html("a/index.html");
    assert_eq!(texts(&doc, "h1"), ["Garbage"]);
    let body = texts(&doc, ".page-content p").join(" ");
    assert!(body.starts_with("\u{feff}[[ [@"), "{body:?}");
    assert!(body.contains("[@ ] [[x"), "{body:?}");
    assert_eq!(texts(&doc, ".page-content pre").len(), 1);

    // Closed, the garbage is a link target like any other, and matches no page.
    site.page("a.md", "title = \"Garbage\"", &garbage.replace("[[x", "]]"));
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("content/a.md:4:2: error: link [["),
        "{stderr}"
    );
    assert!(stderr.contains("]] matches no page\n"), "{stderr}");
    assert!(stderr.ends_with("\n1 error\n"), "{stderr}");
}

#[test]
fn a_body_that_is_not_utf8_is_an_error_naming_the_file() {
    let site = TestSite::new();
    let mut bytes = b"+++\ntitle = \"Binary\"\n+++\nText \xff\xfe\x80 then more.\n".to_vec();
    bytes.extend([0u8, 159, 146, 150]);
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    std::fs::write(site.root().join("content/a.md"), bytes).unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "content/a.md: error: cannot read file: stream did not contain valid UTF-8\n1 error\n"
    );
    assert!(!site.out().exists(), "nothing is written");
}

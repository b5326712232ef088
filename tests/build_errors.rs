//! Bad input: a clear message with file, line and column, every error of a pass at once,
//! a non-zero exit, and no panic.

mod common;
use common::*;

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
    assert!(lines.iter().any(|l| l.starts_with("content/a.md:3:10: error: field `weight`: invalid type: string \"heavy\", expected i64")), "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/b.md:3:1: error: unknown front-matter field `colour`")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/c.md:3:8: error: field `date`")),
        "{err}"
    );
    assert!(lines.contains(&"content/d.md:1:1: error: front matter opened with `+++` is never closed: add a `+++` line after it"), "{err}");
    assert!(
        lines.iter().any(|l| l.starts_with("content/e.md:2:")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/f.md:1:1: error: YAML front matter")),
        "{err}"
    );
    assert!(
        lines.contains(&"content/g.md:2:1: error: missing required field `title`"),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/h.md:1:1: error: missing front matter")),
        "{err}"
    );
    assert!(err.trim_end().ends_with("8 errors"), "{err}");
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
fn binary_garbage_does_not_panic() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        "+++\ntitle = \"\u{0}\u{7f}\"\n+++\n\u{feff}[[\n[@\n```\n",
    );
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

//! `dossier build`: URLs and file layout, bundles, sections, drafts, 404, static files.

use crate::support::common::*;

#[test]
fn pretty_urls_sections_and_slugs() {
    let site = TestSite::new();
    site.page("_index.md", "title = \"Home\"", "Welcome.")
        .page("notes/_index.md", "title = \"Notes\"", "All notes.")
        .page("notes/huawei.md", "title = \"Huawei\"", "About Huawei.")
        .page(
            "notes/Long Name.md",
            "title = \"Long\"\nslug = \"short\"",
            "x",
        )
        .page("about.md", "title = \"About\"", "x");
    let summary = site.build();
    assert!(
        summary.starts_with("Built 3 pages, 2 sections, "),
        "{summary}"
    );
    // Three pages no other page links to: what `dossier check` warns about, counted.
    assert!(
        summary
            .trim_end()
            .ends_with(" ms · 3 warnings — run `dossier check`"),
        "{summary}"
    );
    for file in [
        "index.html",
        "notes/index.html",
        "notes/huawei/index.html",
        "notes/short/index.html",
        "about/index.html",
        "404.html",
    ] {
        assert!(site.exists(file), "{file} missing");
    }
    assert!(!site.exists("notes/long-name/index.html"));
    let page = site.html("notes/huawei/index.html");
    assert_eq!(texts(&page, "article h1"), ["Huawei"]);
    let section = site.html("notes/index.html");
    let links = attrs(&section, ".page-list a", "href");
    assert!(
        links.contains(&"https://example.org/notes/huawei/".to_string()),
        "{links:?}"
    );
}

#[test]
fn section_pages_sort_by_date_then_weight_then_title() {
    let site = TestSite::new();
    site.file(
        "templates/section.html",
        "{% for p in section.pages %}{{ p.title }};{% endfor %}",
    )
    .page("s/_index.md", "title = \"S\"", "")
    .page("s/a.md", "title = \"Old\"\ndate = 2017-01-01", "")
    .page("s/b.md", "title = \"New\"\ndate = 2019-01-01", "")
    .page("s/c.md", "title = \"Undated heavy\"\nweight = 2", "")
    .page("s/d.md", "title = \"Undated light B\"\nweight = 1", "")
    .page("s/e.md", "title = \"Undated light A\"\nweight = 1", "");
    site.build();
    assert_eq!(
        site.read("s/index.html"),
        "New;Old;Undated light A;Undated light B;Undated heavy;"
    );
}

#[test]
fn page_bundle_assets_sit_beside_the_page() {
    let site = TestSite::new();
    site.page("sources/_index.md", "title = \"Sources\"", "")
        .page(
            "sources/pwc-2013/index.md",
            "title = \"PwC assessment\"\nkind = \"source\"",
            "[The document](report.pdf)",
        )
        .file("content/sources/pwc-2013/report.pdf", "%PDF-1.4 fake");
    site.build();
    assert_eq!(site.read("sources/pwc-2013/report.pdf"), "%PDF-1.4 fake");
    let doc = site.html("sources/pwc-2013/index.html");
    assert_eq!(attrs(&doc, "article a[href='report.pdf']", "href").len(), 1);
    // In the printed dossier the page no longer sits beside its files: the link is absolute.
    let print = site.html("print/index.html");
    assert!(
        attrs(&print, "a", "href")
            .contains(&"https://example.org/sources/pwc-2013/report.pdf".to_string()),
        "{:?}",
        attrs(&print, "a", "href")
    );
    assert!(!attrs(&print, "a", "href").contains(&"report.pdf".to_string()));
}

#[test]
fn bundle_with_slug_moves_its_assets_along() {
    let site = TestSite::new();
    site.page(
        "docs/report-folder/index.md",
        "title = \"R\"\nslug = \"r\"",
        "",
    )
    .file("content/docs/report-folder/scan.png", "png");
    site.build();
    assert!(site.exists("docs/r/index.html"));
    assert_eq!(site.read("docs/r/scan.png"), "png");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new();
    site.page("a.md", "title = \"Published\"", "").page(
        "b.md",
        "title = \"Draft\"\ndraft = true",
        "",
    );
    site.build();
    assert!(site.exists("a/index.html"));
    assert!(!site.exists("b/index.html"));
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(site.exists("b/index.html"));
}

#[test]
fn not_found_page_and_static_files() {
    let site = TestSite::new();
    site.file("static/img/logo.svg", "<svg/>")
        .file("static/style.css", "body{color:red}");
    site.build();
    let doc = site.html("404.html");
    assert_eq!(texts(&doc, "h1"), ["Page not found"]);
    assert_eq!(site.read("img/logo.svg"), "<svg/>");
    // The site's static file overrides the theme's file of the same name.
    assert_eq!(site.read("style.css"), "body{color:red}");
}

#[test]
fn static_files_are_copies_not_links() {
    let site = TestSite::new();
    site.file("static/data.txt", "one");
    site.build();
    site.file("static/data.txt", "two");
    assert_eq!(site.read("data.txt"), "one");
}

#[test]
fn output_and_base_url_flags() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "[[a]]");
    let out = site.run(&[
        "build",
        "--output",
        "elsewhere",
        "--base-url",
        "http://localhost:9/",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(site.root().join("elsewhere/a/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(
        attrs(&doc, "article p a", "href"),
        ["http://localhost:9/a/"]
    );
}

#[test]
fn root_flag_builds_another_folder() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["--root", site.root().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(site.exists("a/index.html"));
}

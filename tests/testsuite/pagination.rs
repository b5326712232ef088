//! Pagination as Zola does it: `paginate_by` and `paginate_path` in a section's `_index.md`,
//! `paginator` in its template, pagers at `/<section>/page/<n>/`, `…/page/1/` a redirect to
//! the section, the default theme's pager nav and its threshold, and serve equal to a build.

use crate::support::common::{attrs, texts, TestSite};
use crate::support::serve::{assert_same_build, full_build, served, TempSite};
use dossier::incremental::{Change, LiveSite};
use dossier::site::Options;

/// A section of five notes, dated one a month so their order is known (newest first).
fn five_notes(site: &TestSite, section_front_matter: &str) {
    site.page("_index.md", "title = \"Home\"", "");
    site.page("notes/_index.md", section_front_matter, "");
    for i in 1..=5 {
        site.page(
            &format!("notes/n{i}.md"),
            &format!("title = \"Note {i}\"\ndate = 2024-0{i}-01"),
            "Text.",
        );
    }
}

#[test]
fn the_default_theme_lists_pages_by_pager_with_a_nav() {
    let site = TestSite::new();
    five_notes(&site, "title = \"Notes\"\npaginate_by = 2");
    site.build();
    let first = site.html("notes/index.html");
    assert_eq!(texts(&first, ".page-list .card h3"), ["Note 5", "Note 4"]);
    assert_eq!(texts(&first, "title"), ["Notes · Test dossier"]);
    assert_eq!(texts(&first, ".pager [aria-current=page]"), ["Page 1 of 3"]);
    assert_eq!(
        attrs(&first, ".pager a", "href"),
        [
            "https://example.org/notes/page/2/",
            "https://example.org/notes/page/3/"
        ]
    );
    assert_eq!(attrs(&first, ".pager a[rel=next]", "href").len(), 1);

    let second = site.html("notes/page/2/index.html");
    assert_eq!(texts(&second, ".page-list .card h3"), ["Note 3", "Note 2"]);
    assert_eq!(
        texts(&second, "title"),
        ["Notes (page 2 of 3) · Test dossier"]
    );
    assert_eq!(
        attrs(&second, ".pager a", "href"),
        [
            "https://example.org/notes/",
            "https://example.org/notes/",
            "https://example.org/notes/page/3/",
            "https://example.org/notes/page/3/"
        ]
    );
    assert_eq!(
        texts(&second, ".pager a"),
        ["First", "Previous", "Next", "Last"]
    );
    assert_eq!(
        attrs(&second, "link[rel=canonical]", "href"),
        ["https://example.org/notes/page/2/"]
    );

    let third = site.html("notes/page/3/index.html");
    assert_eq!(texts(&third, ".page-list .card h3"), ["Note 1"]);
    assert_eq!(texts(&third, ".pager a"), ["First", "Previous"]);
    assert!(!site.exists("notes/page/4/index.html"));
}

#[test]
fn page_one_redirects_to_the_section_as_zola_does() {
    let site = TestSite::new();
    five_notes(&site, "title = \"Notes\"\npaginate_by = 2");
    site.build();
    let redirect = site.html("notes/page/1/index.html");
    assert_eq!(
        attrs(&redirect, "meta[http-equiv=refresh]", "content"),
        ["0; url=https://example.org/notes/"]
    );
    assert_eq!(
        attrs(&redirect, "link[rel=canonical]", "href"),
        ["https://example.org/notes/"]
    );
    assert_eq!(attrs(&redirect, "html", "lang"), ["en"]);
}

#[test]
fn a_template_sees_zolas_paginator() {
    let site = TestSite::new();
    five_notes(
        &site,
        "title = \"Notes\"\npaginate_by = 2\npaginate_path = \"p\"",
    );
    site.file(
        "templates/section.html",
        "{{ paginator.current_index }}/{{ paginator.number_pagers }} of {{ paginator.total_pages }} by {{ paginator.paginate_by }} \
         first={{ paginator.first }} last={{ paginator.last }} prev={{ paginator.previous | default(value='-') }} \
         next={{ paginator.next | default(value='-') }} base={{ paginator.base_url }} at={{ current_path }} \
         pages={% for p in paginator.pages %}{{ p.title }};{% endfor %} all={{ section.pages | length }}",
    );
    site.build();
    assert_eq!(
        site.read("notes/index.html"),
        "1/3 of 5 by 2 first=https://example.org/notes/ last=https://example.org/notes/p/3/ \
         prev=- next=https://example.org/notes/p/2/ base=https://example.org/notes/p/ at=/notes/ \
         pages=Note 5;Note 4; all=5"
    );
    assert_eq!(
        site.read("notes/p/2/index.html"),
        "2/3 of 5 by 2 first=https://example.org/notes/ last=https://example.org/notes/p/3/ \
         prev=https://example.org/notes/ next=https://example.org/notes/p/3/ base=https://example.org/notes/p/ \
         at=/notes/p/2/ pages=Note 3;Note 2; all=5"
    );
    assert_eq!(
        site.read("notes/p/3/index.html"),
        "3/3 of 5 by 2 first=https://example.org/notes/ last=https://example.org/notes/p/3/ \
         prev=https://example.org/notes/p/2/ next=- base=https://example.org/notes/p/ at=/notes/p/3/ \
         pages=Note 1; all=5"
    );
    assert!(site.exists("notes/p/1/index.html"));
    assert!(!site.exists("notes/page/2/index.html"));
}

#[test]
fn the_default_theme_paginates_big_sections_unless_told_not_to() {
    let site = TestSite::new();
    site.page("_index.md", "title = \"Home\"", "");
    site.page("notes/_index.md", "title = \"Notes\"", "");
    for i in 0..51 {
        site.page(
            &format!("notes/n{i:02}.md"),
            &format!("title = \"Note {i:02}\""),
            "",
        );
    }
    site.build();
    assert_eq!(texts(&site.html("notes/index.html"), ".card").len(), 50);
    assert_eq!(
        texts(&site.html("notes/page/2/index.html"), ".card h3"),
        ["Note 50"]
    );
    site.page("notes/_index.md", "title = \"Notes\"\npaginate_by = 0", "");
    site.build();
    assert_eq!(texts(&site.html("notes/index.html"), ".card").len(), 51);
    assert!(!site.exists("notes/page/2/index.html"));
    assert!(!site.exists("notes/page/1/index.html"));
}

#[test]
fn a_sites_own_section_template_is_not_paginated_unless_asked() {
    let site = TestSite::new();
    site.file(
        "templates/section.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ section.title }}</title></head><body><ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul></body></html>",
    );
    site.page("_index.md", "title = \"Home\"", "");
    site.page("notes/_index.md", "title = \"Notes\"", "");
    for i in 0..51 {
        site.page(
            &format!("notes/n{i:02}.md"),
            &format!("title = \"Note {i:02}\""),
            "",
        );
    }
    site.build();
    // The template lists every page and shows no pager: no pager pages either.
    assert_eq!(texts(&site.html("notes/index.html"), "li").len(), 51);
    assert!(!site.exists("notes/page/2/index.html"));
    // Asked for, it is paginated as Zola would.
    site.page("notes/_index.md", "title = \"Notes\"\npaginate_by = 50", "");
    site.build();
    assert!(site.exists("notes/page/2/index.html"));
}

#[test]
fn bad_settings_are_errors_at_their_place() {
    let site = TestSite::new();
    site.page("a/_index.md", "title = \"A\"\npaginate_by = -2", "");
    site.page("b/_index.md", "title = \"B\"\npaginate_path = \"x/y\"", "");
    site.page("c.md", "title = \"C\"\npaginate_by = 3", "");
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    for expected in [
        "content/a/_index.md:3:15: error: `paginate_by = -2` must be a number of pages, 1 or more (0 lists every page on one)",
        "content/b/_index.md:3:17: error: `paginate_path = \"x/y\"` is not one URL segment: it contains `/`",
        "content/c.md:3:1: error: `paginate_by` is a section's field: set it in the section's `_index.md`",
    ] {
        assert!(lines.contains(&expected), "{expected}\nnot in:\n{err}");
    }
}

#[test]
fn serve_repaginates_as_a_build_does() {
    let note =
        |i: u32| format!("+++\ntitle = \"Note {i}\"\ndate = 2024-01-{i:02}\n+++\nText {i}.\n");
    let notes: Vec<(String, String)> = (1..=4)
        .map(|i| (format!("content/notes/n{i}.md"), note(i)))
        .collect();
    let mut files: Vec<(&str, &str)> = vec![
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        (
            "content/notes/_index.md",
            "+++\ntitle = \"Notes\"\npaginate_by = 2\n+++\n",
        ),
    ];
    files.extend(notes.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    let site = TempSite::new(&files);
    let options = Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Options::default()
    };
    let mut live = LiveSite::new(site.root(), options.clone());
    live.update([Change::Everything]).unwrap();
    live.finish().unwrap();
    assert_same_build(&served(&live), &full_build(site.root(), &options), "start");
    assert!(!served(&live).contains_key("notes/page/3/index.html"));

    site.write("content/notes/n5.md", &note(5));
    live.update([Change::Content("notes/n5.md".into())])
        .unwrap();
    live.finish().unwrap();
    let after = served(&live);
    assert_same_build(&after, &full_build(site.root(), &options), "a fifth note");
    assert!(after.contains_key("notes/page/3/index.html"));

    site.edit(
        "content/notes/_index.md",
        "paginate_by = 2",
        "paginate_by = 5",
    );
    live.update([Change::Content("notes/_index.md".into())])
        .unwrap();
    live.finish().unwrap();
    let after = served(&live);
    assert_same_build(&after, &full_build(site.root(), &options), "five a pager");
    assert!(!after.contains_key("notes/page/2/index.html"));
}

//! `[outputs]` in site.toml: each site-wide output can be switched off, and then neither the
//! file nor any link to it is in the built site.

use crate::support::common::*;

const GENERATED: &[&str] = &[
    "timeline/index.html",
    "timeline.json",
    "graph/index.html",
    "graph.json",
    "search/index.html",
    "search-index.js",
    "previews.js",
    "print/index.html",
    "tags/index.html",
    "tags/huawei/index.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
];

fn site(outputs: &str) -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        &format!("title = \"T\"\nbase_url = \"https://example.org\"\n{outputs}"),
    )
    .page("sources/s.md", "title = \"S\"\nkind = \"source\"", "")
    .page(
        "a.md",
        "title = \"A\"\nkind = \"article\"\ndate = 2018-09-05\ntags = [\"Huawei\"]\n[[events]]\ndate = 2018-09-05\ntitle = \"Hearing\"\nsources = [\"s\"]\n[[relations]]\nto = \"b\"\nkind = \"knows\"",
        "See [[b]] [@s].",
    )
    .page("b.md", "title = \"B\"\nkind = \"person\"", "Back to [[a]].");
    site
}

/// Every link to the site itself, in every HTML file, leads to a file that exists.
fn assert_internal_links_resolve(site: &TestSite) {
    for (rel, bytes) in snapshot(&site.out()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for attr in ["href", "src", "action"] {
            for url in attrs(&doc, &format!("[{attr}]"), attr) {
                let Some(path) = url.strip_prefix("https://example.org/") else {
                    continue;
                };
                let path = path.split(['#', '?']).next().unwrap();
                let target = site.out().join(path);
                let exists = if path.is_empty() || path.ends_with('/') {
                    target.join("index.html").exists()
                } else {
                    target.exists()
                };
                assert!(exists, "{rel} links to missing {url}");
            }
        }
    }
}

#[test]
fn all_outputs_are_built_by_default() {
    let site = site("");
    site.build();
    for file in GENERATED {
        assert!(site.exists(file), "{file} missing");
    }
    assert_internal_links_resolve(&site);
}

#[test]
fn switched_off_outputs_are_neither_built_nor_linked() {
    let site =
        site("[outputs]\ntimeline = false\ngraph = false\nsearch = false\nprevious = false\n");
    assert!(site.build_fails().contains("unknown field `previous`"));

    let site = self::site(
        "[outputs]\ntimeline = false\ngraph = false\nsearch = false\npreviews = false\nprint = false\ntags = false\nfeed = false\nsitemap = false\n",
    );
    site.build();
    for file in GENERATED {
        assert!(!site.exists(file), "{file} built although switched off");
    }
    assert_internal_links_resolve(&site);
    let page = site.html("a/index.html");
    assert_eq!(attrs(&page, "html", "data-previews"), ["off"]);
    assert!(texts(&page, ".tag-list li").contains(&"Huawei".to_string()));
    assert!(attrs(&page, ".tag-list a", "href").is_empty());
    assert!(attrs(&page, "form[role=search]", "action").is_empty());
    // The pages themselves are all still there.
    assert!(site.exists("a/index.html") && site.exists("b/index.html") && site.exists("404.html"));
}

#[test]
fn one_output_off_leaves_the_others() {
    let site = site("[outputs]\nprint = false\n");
    site.build();
    assert!(!site.exists("print/index.html"));
    assert!(site.exists("search/index.html") && site.exists("timeline/index.html"));
    assert_internal_links_resolve(&site);
}

/// The previews take each page's opening text from the search index when it is built too;
/// without it they read the pages themselves. Both give the same files, for a text longer
/// than a preview, one a character longer, an empty page and a source with its by-line.
#[test]
fn previews_are_the_same_with_the_search_index_or_without() {
    let long = "word ".repeat(80);
    let exact = "x".repeat(search_preview_limit() + 1);
    let build = |outputs: &str| {
        let site = site(outputs);
        site.page(
            "long.md",
            "title = \"Long\"",
            &format!("## Start\n\n{long}"),
        )
        .page("exact.md", "title = \"Exact\"", &exact)
        .page("empty.md", "title = \"Empty\"", "")
        .page(
            "sources/r.md",
            "title = \"R\"\nkind = \"source\"\npublisher = \"Gazette\"\ndate = 2020-01-02",
            &long,
        );
        site.build();
        let previews: Vec<(String, Vec<u8>)> = snapshot(&site.out())
            .into_iter()
            .filter(|(rel, _)| rel.starts_with("previews"))
            .collect();
        previews
    };
    let with_search = build("");
    let without = build("[outputs]\nsearch = false\n");
    assert!(with_search.len() >= 2, "{with_search:?}");
    assert_eq!(with_search, without);
    let all: String = with_search
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        all.contains("\"Gazette, 2 January 2020. word word"),
        "{all}"
    );
    // Cut, with the mark in the last place.
    let cut = format!("\"{}…\"", &exact[..search_preview_limit() - 1]);
    assert!(all.contains(&cut), "{all}");
}

fn search_preview_limit() -> usize {
    dossier::generated::search::PREVIEW_LIMIT
}

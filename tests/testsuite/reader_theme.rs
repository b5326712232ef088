//! The default theme: a template per page type, what every content page shows (contents,
//! citations and references, backlinks with context, relations, events, tags), the home page,
//! navigation aids, and what a page costs to load.

use crate::support::reader::*;

#[test]
fn each_page_type_has_its_own_template() {
    let (_src, site) = build_fixture(None);
    let body = |rel: &str| attrs(&site.html(rel), "body", "class").remove(0);
    assert_eq!(body("articles/the-deal/index.html"), "page kind-article");
    assert_eq!(body("notes/background/index.html"), "page kind-note");
    assert_eq!(body("people/ada-example/index.html"), "page kind-person");
    assert_eq!(
        body("organizations/acme/index.html"),
        "page kind-organization"
    );
    assert_eq!(body("events/summit-2018/index.html"), "page kind-event");
    assert_eq!(body("sources/acme-report/index.html"), "page kind-source");
    assert_eq!(body("about/index.html"), "page kind-page");
    assert_eq!(body("people/index.html"), "section");
    assert_eq!(body("index.html"), "home");
    assert_eq!(body("404.html"), "not-found");
    assert_eq!(body("tags/index.html"), "tags-page");
    assert_eq!(body("tags/acme/index.html"), "tag-page");
    assert_eq!(body("timeline/index.html"), "timeline-page");
    assert_eq!(body("graph/index.html"), "graph-page");
    assert_eq!(body("search/index.html"), "search-page");
    assert_eq!(body("print/index.html"), "print-page");

    let article = site.html("articles/the-deal/index.html");
    assert_eq!(texts(&article, ".kind-label"), ["Article"]);
    assert!(texts(&article, ".meta")[0].contains("5 June 2018"));
    let event = site.html("events/summit-2018/index.html");
    assert_eq!(texts(&event, ".event-date time"), ["1 June 2018"]);
    let source = site.html("sources/acme-report/index.html");
    assert_eq!(
        texts(&source, ".source-facts dt"),
        [
            "By",
            "Publisher",
            "Date",
            "Original",
            "Archived copy",
            "Accessed"
        ]
    );
    assert_eq!(
        attrs(&source, ".source-facts a", "href"),
        [
            "https://acme.example/report-2018.pdf?x=1&y=2",
            "https://archive.example/acme-2018"
        ]
    );
    let person = site.html("people/ada-example/index.html");
    assert_eq!(texts(&person, ".aka"), ["Also known as Ada E., The Signer"]);
}

#[test]
fn a_long_page_has_contents_citations_and_references() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("articles/the-deal/index.html");
    assert_eq!(
        attrs(&doc, "nav.toc a", "href"),
        [
            "#how-it-began",
            "#the-first-offer",
            "#what-the-record-shows",
            "#what-remains-open"
        ]
    );
    // Citations are numbered and lead to the reference list, which links each source.
    assert_eq!(
        texts(&doc, ".page-content sup.citation"),
        ["[1, p. 4]", "[2]", "[2]", "[1]"]
    );
    let refs = texts(&doc, ".references li");
    assert_eq!(
        refs[0],
        "↩ a b Ada Example, Acme annual report 2018, Acme, 31 December 2018; cited at p. 4. Original Archived copy"
    );
    assert_eq!(attrs(&doc, ".references li", "id"), ["ref-1", "ref-2"]);
    assert_eq!(
        attrs(&doc, "#ref-1 a:not(.back-link)", "href"),
        [
            "https://fixture.example/sources/acme-report/",
            "https://acme.example/report-2018.pdf?x=1&y=2",
            "https://archive.example/acme-2018"
        ]
    );
    // A short page has no contents box.
    let short = site.html("organizations/globex/index.html");
    assert!(short.select(&sel("nav.toc")).next().is_none());
}

#[test]
fn backlinks_come_with_their_context() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("people/zoe-angstrom/index.html");
    // One entry a linking page, the lead article first, then by title: its kind, its
    // count, and the sentence.
    assert_eq!(
        texts(&doc, ".backlinks .linking > li"),
        [
            "The deal between Acme and Globex Article 1 link The talks began in the summit of 2018. Zoë Ångström kept the minutes; see Zoë Ångström.",
            "Ada Example Person 1 link Ada Example led Acme for eight years. She met Zoë Ångström at the talks."
        ]
    );
    assert!(attrs(&doc, ".backlinks a", "href")
        .contains(&"https://fixture.example/articles/the-deal/".to_string()));
    let source = site.html("sources/news-2018/index.html");
    assert!(texts(&source, ".cited-by li")
        .iter()
        .any(|t| t.starts_with("The deal between Acme and Globex")));
}

#[test]
fn breadcrumbs_skip_link_and_navigation() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("people/ada-example/index.html");
    assert_eq!(
        texts(&doc, ".breadcrumbs li"),
        ["Home", "People", "Ada Example"]
    );
    assert_eq!(
        attrs(&doc, ".breadcrumbs [aria-current]", "aria-current"),
        ["page"]
    );
    assert_eq!(attrs(&doc, "a.skip-link", "href"), ["#main"]);
    assert!(doc.select(&sel("main#main")).next().is_some());
    assert_eq!(
        texts(&doc, ".site-nav a"),
        [
            "Articles",
            "Notes",
            "People",
            "Organizations",
            "Events",
            "Sources",
            "Timeline",
            "Graph"
        ]
    );
    assert_eq!(
        attrs(&doc, ".site-nav a[aria-current]", "href"),
        ["https://fixture.example/people/"]
    );
    assert_eq!(attrs(&doc, "html", "lang"), ["en"]);
    assert_eq!(
        attrs(&doc, r#"link[rel="icon"]"#, "href"),
        ["https://fixture.example/favicon.svg"]
    );
}

#[test]
fn the_home_page_leads_to_the_story_actors_events_timeline_and_graph() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("index.html");
    assert_eq!(
        attrs(&doc, ".lead-card h3 a", "href"),
        ["https://fixture.example/articles/the-deal/"]
    );
    // The most tied-in people and organizations: relations count double, backlinks once;
    // grouped by kind, groups in the order of their first member.
    let actors = texts(&doc, ".cast-list > li > a");
    assert_eq!(actors, ["Globex", "Acme", "Ada Example", "Zoë Ångström"]);
    assert_eq!(texts(&doc, ".cast-group"), ["Organizations", "People"]);
    let events = texts(&doc, ".latest-events .event-title");
    assert_eq!(events[0], "Acme and Globex negotiate in Geneva");
    let links = attrs(&doc, ".entry-points a", "href");
    for l in [
        "https://fixture.example/timeline/",
        "https://fixture.example/graph/",
        "https://fixture.example/print/",
    ] {
        assert!(links.contains(&l.to_string()), "{l}");
    }
    // The home page's own citation has its reference.
    assert_eq!(attrs(&doc, ".references li", "id"), ["ref-1"]);
}

#[test]
fn the_default_dossier_home_names_its_lead_article() {
    let site = build_default(None);
    let doc = site.html("index.html");
    assert_eq!(
        attrs(&doc, ".lead-card h3 a", "href"),
        ["https://example.org/articles/wyden-sandberg-huawei-audits/"]
    );
    assert!(doc.select(&sel(".cast-list > li")).count() >= 6);
}

/// What a page loads: the page itself, its stylesheets and scripts, its icon.
fn page_weight(site: &Built, base: &str, rel: &str) -> usize {
    let html = site.read(rel);
    let doc = scraper::Html::parse_document(&html);
    let mut total = html.len();
    let mut assets = attrs(&doc, "link[rel=stylesheet]", "href");
    assets.extend(attrs(&doc, "link[rel=icon]", "href"));
    assets.extend(attrs(&doc, "script[src]", "src"));
    for url in assets {
        if url.ends_with("search-index.js") {
            continue;
        }
        let file = site
            .file_for(base, &url)
            .unwrap_or_else(|| panic!("{url} of {rel}"));
        total += std::fs::metadata(site.out.join(file)).unwrap().len() as usize;
    }
    total
}

#[test]
fn a_content_page_with_its_css_and_js_weighs_under_100_kb() {
    let default = build_default(None);
    let (_src, fixture) = build_fixture(None);
    for (site, base) in [(&default, "https://example.org"), (&fixture, BASE)] {
        for rel in site.html_files() {
            let generated = ["print/", "graph/", "timeline/", "search/", "tags/"]
                .iter()
                .any(|g| rel.starts_with(g));
            if generated {
                continue;
            }
            let weight = page_weight(site, base, &rel);
            assert!(weight < 100 * 1024, "{rel}: {weight} bytes");
        }
    }
}

#[test]
fn nothing_is_loaded_from_another_host() {
    let site = build_default(None);
    for rel in site.html_files() {
        let doc = site.html(&rel);
        for (selector, attr) in [
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
            ("iframe[src]", "src"),
            ("source[src]", "src"),
        ] {
            for url in attrs(&doc, selector, attr) {
                assert!(
                    !leaves_the_site(&url, "https://example.org"),
                    "{rel} loads {url}"
                );
            }
        }
        for style in texts(&doc, "style") {
            for url in css_urls(&style) {
                assert!(
                    !leaves_the_site(&url, "https://example.org"),
                    "{rel}: {url}"
                );
            }
        }
    }
    let css = site.read("style.css");
    for url in css_urls(&css) {
        assert!(
            !leaves_the_site(&url, "https://example.org"),
            "style.css: {url}"
        );
    }
    for script in ["dossier.js", "search.js"] {
        let js = site.read(script);
        assert!(
            !js.contains("fetch("),
            "{script} must not fetch: file:// forbids it"
        );
    }
}

#[test]
fn the_other_host_check_knows_scheme_relative_and_quoted_urls() {
    let base = "https://example.org";
    for home in [
        "https://example.org/style.css",
        "https://example.org",
        "HTTPS://Example.org/x",
        "/style.css",
        "style.css",
        "../a/b.png",
        "#top",
        "data:image/svg+xml,<svg/>",
        "./x:y",
    ] {
        assert!(!leaves_the_site(home, base), "{home}");
    }
    for away in [
        "//cdn.example.com/x.js",
        " //fonts.example.net/f.woff2",
        "http://example.org/x",
        "https://example.org.evil.net/x",
        "https://example.organ/x",
        "ftp://example.com/f",
        "HTTPS://cdn.example.com/x.js",
    ] {
        assert!(leaves_the_site(away, base), "{away}");
    }
    assert_eq!(
        css_urls(
            "@import \"https://a.example/x.css\";\n@import url(b.css);\n.x { background: url( \"//c.example/y.png\" ) } .y { mask: URL('z.svg') } .z { src: url(w.woff) }"
        ),
        [
            "b.css",
            "//c.example/y.png",
            "z.svg",
            "w.woff",
            "https://a.example/x.css"
        ]
    );
}

#[test]
fn the_404_page_offers_ways_on() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("404.html");
    assert_eq!(texts(&doc, "h1"), ["Page not found"]);
    assert!(attrs(&doc, "main a", "href").contains(&"https://fixture.example/".to_string()));
}

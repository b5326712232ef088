//! Files for machines — `atom.xml`, `sitemap.xml`, `robots.txt`, a JSON-LD block per page —
//! and tag pages. XML is parsed with roxmltree, which rejects anything not well-formed.

use crate::support::common::TestSite;
use crate::support::reader::*;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':'
}

#[test]
fn atom_feed_is_well_formed_and_holds_articles_and_updates() {
    let (_src, site) = build_fixture(None);
    let xml = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(child_text(feed, "title"), Some("The Acme file"));
    assert_eq!(child_text(feed, "id"), Some("https://fixture.example/"));
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some("https://fixture.example/atom.xml")
    );
    // The newest change of any entry.
    assert_eq!(child_text(feed, "updated"), Some("2019-02-01T00:00:00Z"));
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), 1, "one dated article");
    let e = entries[0];
    assert_eq!(
        child_text(e, "title"),
        Some("The deal between Acme and Globex")
    );
    assert_eq!(
        child_text(e, "id"),
        Some("https://fixture.example/articles/the-deal/")
    );
    assert_eq!(child_text(e, "published"), Some("2018-06-05T00:00:00Z"));
    assert_eq!(child_text(e, "updated"), Some("2019-02-01T00:00:00Z"));
    for t in ["published", "updated"] {
        assert!(is_rfc3339(child_text(e, t).unwrap()));
    }
    let content = e
        .children()
        .find(|c| c.has_tag_name((ATOM, "content")))
        .unwrap();
    assert_eq!(content.attribute("type"), Some("html"));
    assert!(content
        .text()
        .unwrap()
        .contains(r#"<a href="https://fixture.example/people/ada-example/" id="link-ada-example-1">Ada Example</a>"#));
    let terms: Vec<&str> = e
        .children()
        .filter(|c| c.has_tag_name((ATOM, "category")))
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(terms, ["Acme", "Globex", "supply deals"]);
}

#[test]
fn a_page_with_an_updated_date_joins_the_feed() {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    write_files(
        src.path(),
        &[(
            "content/notes/background.md",
            "+++\ntitle = \"Background <& more>\"\nkind = \"note\"\nupdated = 2020-03-04T10:00:00+01:00\n+++\n\nUpdated text with <em>markup</em> & an ampersand.\n\n## Earlier deals\n\nNone.\n",
        )],
    );
    let site = build_site(src.path(), None);
    let xml = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .filter_map(|e| child_text(e, "title"))
        .collect();
    assert_eq!(
        titles,
        ["Background <& more>", "The deal between Acme and Globex"]
    );
    let updated = doc
        .descendants()
        .find(|n| n.has_tag_name((ATOM, "entry")))
        .and_then(|e| child_text(e, "updated"));
    assert_eq!(updated, Some("2020-03-04T10:00:00+01:00"));
}

#[test]
fn sitemap_lists_every_page_tag_and_generated_page() {
    let (_src, site) = build_fixture(None);
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "https://fixture.example/",
        "https://fixture.example/articles/the-deal/",
        "https://fixture.example/people/zoe-angstrom/",
        "https://fixture.example/timeline/",
        "https://fixture.example/graph/",
        "https://fixture.example/corrections/",
        "https://fixture.example/tags/",
        "https://fixture.example/tags/supply-deals/",
    ] {
        assert!(locs.contains(&expected), "{expected} missing from {locs:?}");
    }
    // Every page and section once, and every URL is a built page.
    assert_eq!(locs.len(), 17 + 3 + 1 + 3);
    for loc in &locs {
        assert!(site.file_for(BASE, loc).is_some(), "{loc}");
    }
    let lastmod = doc
        .descendants()
        .find(|n| {
            n.has_tag_name((SITEMAP, "url"))
                && n.children()
                    .any(|c| c.text() == Some("https://fixture.example/articles/the-deal/"))
        })
        .and_then(|u| u.children().find(|c| c.has_tag_name((SITEMAP, "lastmod"))))
        .and_then(|n| n.text());
    assert_eq!(lastmod, Some("2019-02-01"));
}

#[test]
fn robots_txt_points_to_the_sitemap() {
    let (_src, site) = build_fixture(None);
    let robots = site.read("robots.txt");
    assert!(robots.starts_with("User-agent: *\n"));
    assert!(robots.contains("Sitemap: https://fixture.example/sitemap.xml\n"));
}

#[test]
fn a_site_static_robots_txt_wins() {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    write_files(
        src.path(),
        &[("static/robots.txt", "User-agent: *\nDisallow: /\n")],
    );
    let site = build_site(src.path(), None);
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
}

fn json_ld(site: &Built, rel: &str) -> serde_json::Value {
    let doc = site.html(rel);
    let blocks = texts(&doc, r#"script[type="application/ld+json"]"#);
    assert_eq!(blocks.len(), 1, "{rel}");
    serde_json::from_str(&blocks[0]).unwrap_or_else(|e| panic!("{rel}: {e}: {}", blocks[0]))
}

#[test]
fn every_page_has_json_ld_that_fits_its_type() {
    let (_src, site) = build_fixture(None);
    for rel in site.html_files() {
        let v = json_ld(&site, &rel);
        assert_eq!(v["@context"], "https://schema.org", "{rel}");
        assert!(v["@type"].is_string(), "{rel}");
    }
    let article = json_ld(&site, "articles/the-deal/index.html");
    assert_eq!(article["@type"], "Article");
    assert_eq!(article["headline"], "The deal between Acme and Globex");
    assert_eq!(article["datePublished"], "2018-06-05T00:00:00Z");
    assert_eq!(article["dateModified"], "2019-02-01T00:00:00Z");
    assert_eq!(
        article["citation"][0]["url"],
        "https://acme.example/report-2018.pdf?x=1&y=2"
    );
    // A note is an Article too.
    let note = json_ld(&site, "notes/background/index.html");
    assert_eq!(note["@type"], "Article");
    assert_eq!(note["headline"], "Background to the deal");
    let person = json_ld(&site, "people/ada-example/index.html");
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Ada Example");
    assert_eq!(
        person["alternateName"],
        serde_json::json!(["Ada E.", "The Signer"])
    );
    assert_eq!(person["url"], "https://fixture.example/people/ada-example/");
    assert_eq!(
        json_ld(&site, "organizations/acme/index.html")["@type"],
        "Organization"
    );
    let event = json_ld(&site, "events/summit-2018/index.html");
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2018-06-01");
    let source = json_ld(&site, "sources/acme-report/index.html");
    assert_eq!(source["@type"], "CreativeWork");
    assert_eq!(source["publisher"]["name"], "Acme");
    assert_eq!(source["author"][0]["name"], "Ada Example");
    assert_eq!(source["archivedAt"], "https://archive.example/acme-2018");
    assert_eq!(json_ld(&site, "index.html")["@type"], "WebSite");
    assert_eq!(
        json_ld(&site, "people/index.html")["@type"],
        "CollectionPage"
    );
    let timeline = json_ld(&site, "timeline/index.html");
    assert_eq!(timeline["@type"], "WebPage");
    assert_eq!(timeline["name"], "Timeline");
}

#[test]
fn json_ld_cannot_end_its_script_early() {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    write_files(
        src.path(),
        &[(
            "content/about.md",
            "+++\ntitle = \"About </script><script>alert(1)</script>\"\n+++\n\nText.\n",
        )],
    );
    let site = build_site(src.path(), None);
    let html = site.read("about/index.html");
    let block = html
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .unwrap();
    let json = block.split("</script>").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["name"], "About </script><script>alert(1)</script>");
}

#[test]
fn tag_pages_list_their_pages_and_every_page_links_its_tags() {
    let (_src, site) = build_fixture(None);
    let tags = site.html("tags/index.html");
    assert_eq!(
        texts(&tags, ".tag-index a"),
        ["Acme", "Globex", "supply deals"]
    );
    assert_eq!(
        texts(&tags, ".tag-index .count"),
        ["4 pages", "2 pages", "2 pages"]
    );
    // "supply deals" and "Supply deals" are one tag.
    let tag = site.html("tags/supply-deals/index.html");
    assert_eq!(texts(&tag, "h1"), ["supply deals"]);
    assert_eq!(
        texts(&tag, ".card h3"),
        ["Acme", "The deal between Acme and Globex"]
    );
    let page = site.html("articles/the-deal/index.html");
    assert_eq!(
        attrs(&page, ".tags a", "href"),
        [
            "https://fixture.example/tags/acme/",
            "https://fixture.example/tags/globex/",
            "https://fixture.example/tags/supply-deals/"
        ]
    );
}

/// The one JSON-LD block of a built page.
fn json_ld_of(site: &TestSite, rel: &str) -> serde_json::Value {
    let blocks = texts(&site.html(rel), r#"script[type="application/ld+json"]"#);
    assert_eq!(blocks.len(), 1, "{rel}");
    serde_json::from_str(&blocks[0]).unwrap()
}

#[test]
fn json_ld_leaves_out_what_a_page_does_not_have() {
    let site = TestSite::new();
    site.page(
        "articles/bare.md",
        "title = \"Bare\"\nkind = \"article\"\ndate = 2018-06-05",
        "Text.",
    )
    .page(
        "articles/full.md",
        "title = \"Full\"\nkind = \"article\"\ndate = 2018-06-05\ntags = [\"zte\"]",
        "Cites [@s].",
    )
    .page(
        "sources/s.md",
        "title = \"S\"\nkind = \"source\"\nauthors = []\npublisher = \"Paper\"",
        "",
    )
    .page(
        "sources/t.md",
        "title = \"T\"\nkind = \"source\"\nauthors = [\"A. Writer\"]",
        "",
    );
    site.build();
    let bare = json_ld_of(&site, "articles/bare/index.html");
    // No tags, no citations: no empty `keywords` string, no empty `citation` list.
    assert!(bare.get("keywords").is_none(), "{bare}");
    assert!(bare.get("citation").is_none(), "{bare}");
    let full = json_ld_of(&site, "articles/full/index.html");
    assert_eq!(full["keywords"], "zte");
    assert_eq!(full["citation"][0]["name"], "S");
    // Part of the site, named and addressed as the site is.
    assert_eq!(
        full["isPartOf"],
        serde_json::json!({
            "@type": "WebSite",
            "name": "Test dossier",
            "url": "https://example.org/"
        })
    );
    // No authors: no empty `author` list; a publisher is kept.
    let s = json_ld_of(&site, "sources/s/index.html");
    assert!(s.get("author").is_none(), "{s}");
    assert_eq!(s["publisher"]["name"], "Paper");
    let t = json_ld_of(&site, "sources/t/index.html");
    assert_eq!(t["author"], serde_json::json!([{ "name": "A. Writer" }]));
    assert!(t.get("publisher").is_none(), "{t}");
}

/// The home page is the WebSite, in the site's language, described as the site is unless it
/// says otherwise; sections and plain pages are part of it.
#[test]
fn json_ld_names_the_website_and_what_is_part_of_it() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        concat!(
            "title = \"Test dossier\"\nbase_url = \"https://example.org\"\n",
            "description = \"Who paid whom.\"\nlanguage = \"fr\"\n",
        ),
    )
    .page("_index.md", "title = \"Home\"", "Welcome.")
    .page("notes/_index.md", "title = \"Notes\"", "")
    .page("about.md", "title = \"About\"", "Us.");
    site.build();
    let home = json_ld_of(&site, "index.html");
    assert_eq!(home["@type"], "WebSite");
    assert_eq!(home["description"], "Who paid whom.");
    assert_eq!(home["inLanguage"], "fr");
    let website = serde_json::json!({
        "@type": "WebSite",
        "name": "Test dossier",
        "url": "https://example.org/"
    });
    let notes = json_ld_of(&site, "notes/index.html");
    assert_eq!(notes["@type"], "CollectionPage");
    assert_eq!(notes["isPartOf"], website);
    let about = json_ld_of(&site, "about/index.html");
    assert_eq!(about["@type"], "WebPage");
    assert_eq!(about["isPartOf"], website);

    // A home page's own description wins.
    site.page(
        "_index.md",
        "title = \"Home\"\ndescription = \"The file.\"",
        "Welcome.",
    );
    site.build();
    assert_eq!(json_ld_of(&site, "index.html")["description"], "The file.");
}

#[test]
fn the_feed_has_a_subtitle_only_when_the_site_has_a_description() {
    let site = TestSite::new();
    site.page(
        "articles/a.md",
        "title = \"A\"\nkind = \"article\"\ndate = 2018-06-05",
        "Text.",
    );
    site.build();
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let subtitles = doc
        .descendants()
        .filter(|n| n.has_tag_name("subtitle"))
        .count();
    assert_eq!(subtitles, 0, "{feed}");
    site.file(
        "site.toml",
        "title = \"Test dossier\"\ndescription = \"What it is about\"\nbase_url = \"https://example.org\"\n",
    );
    site.build();
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let subtitle: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("subtitle"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(subtitle, ["What it is about"]);
}

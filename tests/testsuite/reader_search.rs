//! The search index and link previews: `.js` files assigning a global, holding titles, aka
//! names, descriptions, and the text under each heading (truncated), with anchors that exist.
//! Typing into the search page is tested in a browser in reader_browser.rs.

use crate::support::reader::*;

fn index(site: &Built) -> serde_json::Value {
    assigned_json(&site.read("search-index.js"), "dossierSearch")
}

#[test]
fn the_index_holds_titles_aka_names_and_descriptions() {
    let (_src, site) = build_fixture(None);
    let idx = index(&site);
    assert_eq!(idx["base"], BASE);
    let pages = idx["pages"].as_array().unwrap();
    let ada = pages
        .iter()
        .find(|p| p[1] == "/people/ada-example/")
        .expect("Ada's page is indexed");
    assert_eq!(ada[0], "Ada Example");
    assert_eq!(ada[2], "person");
    assert_eq!(ada[3], serde_json::json!(["Ada E.", "The Signer"]));
    assert_eq!(ada[4], "Chief executive of Acme who signed the deal.");
    // Every page and section, once.
    let paths: Vec<&str> = pages.iter().map(|p| p[1].as_str().unwrap()).collect();
    let distinct: std::collections::BTreeSet<&str> = paths.iter().copied().collect();
    assert_eq!(paths.len(), 17);
    assert_eq!(distinct.len(), 17, "{paths:?}");
}

#[test]
fn sections_follow_headings_and_their_anchors_exist() {
    let (_src, site) = build_fixture(None);
    let idx = index(&site);
    let pages = idx["pages"].as_array().unwrap();
    let sections = idx["sections"].as_array().unwrap();
    let deal = pages
        .iter()
        .position(|p| p[1] == "/articles/the-deal/")
        .unwrap();
    let of_deal: Vec<(&str, &str, &str)> = sections
        .iter()
        .filter(|s| s[0] == deal)
        .map(|s| {
            (
                s[1].as_str().unwrap(),
                s[2].as_str().unwrap(),
                s[3].as_str().unwrap(),
            )
        })
        .collect();
    let headings: Vec<(&str, &str)> = of_deal.iter().map(|(h, a, _)| (*h, *a)).collect();
    assert_eq!(
        headings,
        [
            ("", ""),
            ("How it began", "how-it-began"),
            ("The first offer", "the-first-offer"),
            ("What the record shows", "what-the-record-shows"),
            ("What remains open", "what-remains-open"),
        ]
    );
    // Text reads as the page does: link labels and titles in, citation marks and `#` out.
    assert_eq!(
        of_deal[0].2,
        "Ada Example signed the deal for Acme. Globex confirmed it."
    );
    assert!(
        of_deal[1].2.contains("The talks began in the summit of 2018. Zoë Ångström kept the minutes; see Zoë Ångström."),
        "{}",
        of_deal[1].2
    );
    // Each anchor is a heading id on the page.
    for s in sections {
        let page = &pages[s[0].as_u64().unwrap() as usize];
        let anchor = s[2].as_str().unwrap();
        if anchor.is_empty() {
            continue;
        }
        let path = page[1].as_str().unwrap();
        let doc = site.html(&format!("{}index.html", path.trim_start_matches('/')));
        assert!(
            doc.select(&sel(&format!("[id=\"{anchor}\"]")))
                .next()
                .is_some(),
            "{path}#{anchor}"
        );
    }
}

#[test]
fn the_default_dossier_index_stays_small() {
    let site = build_default(None);
    let js = site.read("search-index.js");
    let idx = assigned_json(&js, "dossierSearch");
    for s in idx["sections"].as_array().unwrap() {
        let text = s[3].as_str().unwrap();
        let chars = text.chars().count();
        assert!(chars <= 1200, "{chars} characters: {text}");
        assert!(!text.contains("[@"), "{text}");
    }
    assert!(js.len() < 200_000, "search-index.js is {} bytes", js.len());
    // The names readers look for are there: aka names too.
    let pages = idx["pages"].to_string();
    assert!(pages.contains("Sen. Ron Wyden"));
}

#[test]
fn previews_summarise_every_page() {
    let (_src, site) = build_fixture(None);
    let previews = assigned_json(&site.read("previews.js"), "dossierPreviews");
    assert_eq!(previews["base"], BASE);
    let pages = previews["pages"].as_object().unwrap();
    assert_eq!(pages.len(), 17);
    assert_eq!(
        pages["/people/ada-example/"],
        serde_json::json!([
            "Ada Example",
            "Person",
            "Chief executive of Acme who signed the deal."
        ])
    );
    // A source says who published it and when; a page without a description, its first words.
    assert_eq!(
        pages["/sources/news-2018/"][2],
        "The Daily Example, 5 June 2018. A news report on the deal."
    );
    assert_eq!(pages["/organizations/globex/"][2], "A buyer of everything.");
}

#[test]
fn without_javascript_the_search_page_lists_every_page() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("search/index.html");
    let listed = attrs(&doc, "#all-pages a", "href");
    assert_eq!(listed.len(), 10, "{listed:?}");
    assert!(texts(&doc, "#all-pages li").contains(&"Ada Example (Ada E., The Signer)".to_string()));
    // The form works from any page and from the file system: it names the page file.
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, "form.site-search", "action"),
        ["https://fixture.example/search/index.html"]
    );
    let scripts = attrs(&doc, "script[src]", "src");
    assert!(scripts.contains(&"https://fixture.example/search-index.js".to_string()));
}

#[test]
fn each_section_is_indexed_whole_up_to_1200_characters() {
    let src = tempfile::tempdir().unwrap();
    let long: String = (0..300).map(|i| format!("w{i:03} ")).collect();
    std::fs::write(
        src.path().join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(src.path().join("content")).unwrap();
    std::fs::write(
        src.path().join("content/a.md"),
        format!(
            "+++\ntitle = \"A\"\n+++\nA short intro.\n\n## Long\n\n{long}\n\n## 中文\n\n{}\n",
            "数据".repeat(700)
        ),
    )
    .unwrap();
    let site = build_site(src.path(), None);
    let idx = index(&site);
    let sections: Vec<(&str, &str)> = idx["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[1].as_str().unwrap(), s[3].as_str().unwrap()))
        .collect();
    assert_eq!(sections[0], ("", "A short intro."));
    let (heading, text) = sections[1];
    assert_eq!(heading, "Long");
    // 300 words of 5 characters (1,499 with the spaces between them), cut at a word and
    // marked, the mark included in the 1,200.
    assert_eq!(long.trim_end().chars().count(), 1499);
    assert_eq!(text.chars().count(), 1200, "{text}");
    assert!(text.starts_with("w000 w001 "), "{text}");
    assert!(text.ends_with(" w238 w239…"), "{text}");
    // Text written without spaces (Chinese, a long URL) is cut within the limit too.
    let (heading, text) = sections[2];
    assert_eq!(heading, "中文");
    assert_eq!(text.chars().count(), 1200, "{text}");
    assert_eq!(text, format!("{}数…", "数据".repeat(599)));
}

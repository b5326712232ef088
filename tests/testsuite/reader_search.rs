//! The search index and link previews: `.js` files handing their data to the theme's script,
//! one per page holding its title, aka names, description, and the text under each heading
//! (truncated), with anchors that exist. Queries are tested in search_queries.rs; typing into
//! the search page in a browser in reader_browser.rs.

use crate::support::reader::*;

fn index(site: &Built) -> serde_json::Value {
    assigned_json(&site.read("search-index.js"), "dossierSearch")
}

/// `<callback>("name", <json>);` → the JSON value.
pub fn shard_json(js: &str, callback: &str, name: &str) -> serde_json::Value {
    let prefix = format!("{callback}({name}, ");
    let json = js
        .trim()
        .strip_prefix(&prefix)
        .and_then(|j| j.strip_suffix(");"))
        .unwrap_or_else(|| panic!("not `{prefix}…);`: {}", &js[..js.len().min(80)]));
    serde_json::from_str(json).unwrap()
}

/// Every page's search file, `[title, path, kind, aka, description, sections]`, in order.
fn search_pages(site: &Built) -> Vec<serde_json::Value> {
    let count = index(site)["pages"].as_u64().unwrap();
    (0..count)
        .map(|n| {
            let js = site.read(&format!("search/p/{n}.js"));
            shard_json(&js, "dossierSearchShard", &format!("\"p/{n}\""))
        })
        .collect()
}

#[test]
fn the_index_holds_titles_aka_names_and_descriptions() {
    let (_src, site) = build_fixture(None);
    let idx = index(&site);
    assert_eq!(idx["base"], BASE);
    let pages = search_pages(&site);
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
    let pages = search_pages(&site);
    let deal = pages
        .iter()
        .find(|p| p[1] == "/articles/the-deal/")
        .unwrap();
    let of_deal: Vec<(&str, &str, &str)> = deal[5]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s[0].as_str().unwrap(),
                s[1].as_str().unwrap(),
                s[2].as_str().unwrap(),
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
    for (page, s) in pages
        .iter()
        .flat_map(|p| p[5].as_array().unwrap().iter().map(move |s| (p, s)))
    {
        let anchor = s[1].as_str().unwrap();
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
    let pages = search_pages(&site);
    for s in pages.iter().flat_map(|p| p[5].as_array().unwrap()) {
        let text = s[2].as_str().unwrap();
        let chars = text.chars().count();
        assert!(chars <= 1200, "{chars} characters: {text}");
        assert!(!text.contains("[@"), "{text}");
    }
    // What a query loads first is a small table of contents; no file of the index is big.
    assert!(js.len() < 10_000, "search-index.js is {} bytes", js.len());
    for entry in walkdir::WalkDir::new(site.out.join("search"))
        .into_iter()
        .flatten()
    {
        let size = entry.metadata().unwrap().len();
        assert!(size < 20_000, "{} is {size} bytes", entry.path().display());
    }
    // The names readers look for are there: aka names too.
    let all = serde_json::Value::Array(pages).to_string();
    assert!(all.contains("Sen. Ron Wyden"));
}

#[test]
fn previews_summarise_every_page() {
    let (_src, site) = build_fixture(None);
    let previews = assigned_json(&site.read("previews.js"), "dossierPreviews");
    assert_eq!(previews["base"], BASE);
    // 17 pages, up to 32 a shard: one shard.
    assert_eq!(previews["shards"], 1);
    let shard = shard_json(&site.read("previews/0.js"), "dossierPreviewShard", "0");
    let pages = shard.as_object().unwrap();
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

/// Past 1,000 pages the search page lists the sections instead, and counts the pages with
/// `count_pages`, which counts what `get_pages` with the same arguments gives.
#[test]
fn past_a_thousand_pages_the_search_page_lists_the_sections_and_counts_the_pages() {
    let site = crate::support::common::TestSite::new();
    site.page("notes/_index.md", "title = \"Notes\"", "")
        .page("people/_index.md", "title = \"People\"", "")
        .page("people/ada.md", "title = \"Ada\"\nkind = \"person\"", "")
        .file(
            "templates/counts.html",
            "<p id=\"all\">{{ count_pages() }} {{ get_pages() | length }}</p>\
             <p id=\"people\">{{ count_pages(kind=\"person\") }} {{ get_pages(kind=\"person\") | length }}</p>",
        )
        .page("counts.md", "title = \"Counts\"\ntemplate = \"counts.html\"", "");
    for i in 0..999 {
        site.page(
            &format!("notes/n{i:03}.md"),
            &format!("title = \"N{i:03}\""),
            "",
        );
    }
    site.build();
    // 999 notes, Ada and the counting page: 1,001 pages.
    let counts = site.html("counts/index.html");
    assert_eq!(texts(&counts, "#all"), ["1001 1001"]);
    assert_eq!(texts(&counts, "#people"), ["1 1"]);
    let search = site.html("search/index.html");
    assert_eq!(
        texts(&search, "#all-pages p"),
        ["The dossier has 1001 pages, in these sections:"]
    );
    assert_eq!(texts(&search, "#all-pages li"), ["Notes", "People"]);
    // One page fewer, and every page is listed.
    site.remove("content/notes/n000.md");
    site.build();
    let search = site.html("search/index.html");
    assert_eq!(texts(&search, "#all-pages li").len(), 1000);
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
    let pages = search_pages(&site);
    let a = pages.iter().find(|p| p[1] == "/a/").unwrap();
    let sections: Vec<(&str, &str)> = a[5]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[0].as_str().unwrap(), s[2].as_str().unwrap()))
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

#[test]
fn previews_are_split_into_shards_each_page_in_one() {
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(src.path().join("content/notes")).unwrap();
    for n in 0..100 {
        std::fs::write(
            src.path().join(format!("content/notes/n{n}.md")),
            format!("+++\ntitle = \"Note {n}\"\n+++\nText of note {n}.\n"),
        )
        .unwrap();
    }
    let site = build_site(src.path(), None);
    let previews = assigned_json(&site.read("previews.js"), "dossierPreviews");
    // 102 pages (100 notes, their folder, a section without `_index.md`, and the home
    // page), 32 a shard on average.
    assert_eq!(previews["shards"], 4);
    let mut seen = std::collections::BTreeMap::new();
    for n in 0..4 {
        let shard = shard_json(
            &site.read(&format!("previews/{n}.js")),
            "dossierPreviewShard",
            &n.to_string(),
        );
        let pages = shard.as_object().unwrap();
        assert!(pages.len() < 60, "shard {n} holds {} pages", pages.len());
        for (path, preview) in pages {
            assert!(seen.insert(path.clone(), n).is_none(), "{path} twice");
            if path == "/notes/n7/" {
                assert_eq!(preview[2], "Text of note 7.");
            }
        }
    }
    assert_eq!(seen.len(), 102);
    // FNV-1a of "/notes/n7/" is 0x6d876f04: shard 0 of 4 (dossier.js computes the same).
    assert_eq!(seen["/notes/n7/"], 0);
}

/// The text is what the reader reads: character references decoded (`<`, `>`, `'`, a
/// no-break space written in raw HTML), and a heading's emphasis part of the heading.
#[test]
fn sections_read_as_the_page_does() {
    let src = tempfile::tempdir().unwrap();
    write_files(
        src.path(),
        &[
            (
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org\"\n",
            ),
            (
                "content/notes/deal.md",
                concat!(
                    "+++\ntitle = \"Deal\"\n+++\n",
                    "Profits < costs > zero.\n\n",
                    "<p>O&apos;Brien&nbsp;Ltd</p>\n\n",
                    "## The *big* deal\n\n",
                    "Signed in 2018.\n",
                ),
            ),
        ],
    );
    let site = build_site(src.path(), None);
    let pages = search_pages(&site);
    let deal = pages.iter().find(|p| p[1] == "/notes/deal/").unwrap();
    let sections: Vec<(&str, &str)> = deal[5]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[0].as_str().unwrap(), s[2].as_str().unwrap()))
        .collect();
    assert_eq!(
        sections,
        [
            ("", "Profits < costs > zero. O'Brien Ltd"),
            ("The big deal", "Signed in 2018."),
        ]
    );
}

/// A page without a `kind` is found as a "section" when it is one, a "page" otherwise.
#[test]
fn pages_without_a_kind_are_sections_or_pages() {
    let src = tempfile::tempdir().unwrap();
    write_files(
        src.path(),
        &[
            (
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org\"\n",
            ),
            ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
            ("content/notes/a.md", "+++\ntitle = \"A\"\n+++\nText.\n"),
            (
                "content/people/b.md",
                "+++\ntitle = \"B\"\nkind = \"person\"\n+++\n",
            ),
        ],
    );
    let site = build_site(src.path(), None);
    let kinds: Vec<(String, String)> = search_pages(&site)
        .iter()
        .map(|p| (p[1].as_str().unwrap().into(), p[2].as_str().unwrap().into()))
        .collect();
    let kind = |path: &str| {
        kinds
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, k)| k.as_str())
            .unwrap_or_else(|| panic!("{path} in {kinds:?}"))
    };
    assert_eq!(kind("/notes/"), "section");
    assert_eq!(kind("/notes/a/"), "page");
    assert_eq!(kind("/people/b/"), "person");
}

/// Pages are read in batches of 256; each page's file is numbered by its place among all the
/// pages, in the later batches too.
#[test]
fn every_page_has_its_own_file_past_the_first_batch() {
    let src = tempfile::tempdir().unwrap();
    let mut files = vec![(
        "site.toml".to_string(),
        "title = \"T\"\nbase_url = \"https://example.org\"\n".to_string(),
    )];
    for n in 0..300 {
        files.push((
            format!("content/notes/n{n:03}.md"),
            format!("+++\ntitle = \"Note {n:03}\"\n+++\nText {n:03}.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    write_files(src.path(), &files);
    let site = build_site(src.path(), None);
    let pages = search_pages(&site);
    // Every page's file is read by its number; the notes come in order of their paths.
    let notes: Vec<&str> = pages
        .iter()
        .filter_map(|p| p[0].as_str())
        .filter(|t| t.starts_with("Note "))
        .collect();
    let expected: Vec<String> = (0..300).map(|n| format!("Note {n:03}")).collect();
    assert_eq!(notes, expected);
}

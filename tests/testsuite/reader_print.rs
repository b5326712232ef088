//! The printable dossier: `/print/` holds every page once, in reading order, with links
//! between pages and within pages turned into anchors of that one document.

use std::collections::{HashMap, HashSet};

use crate::support::common::TestSite;
use crate::support::reader::*;

#[test]
fn every_page_is_printed_once_in_reading_order() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("print/index.html");
    let ids = attrs(&doc, "article.printed-page", "id");
    assert_eq!(
        ids,
        [
            "page-articles-the-deal",
            "page-notes-background",
            "page-people-ada-example",
            "page-people-zoe-angstrom",
            "page-organizations-acme",
            "page-organizations-globex",
            "page-events-summit-2018",
            "page-sources-news-2018",
            "page-sources-acme-report",
            "page-about",
        ]
    );
    // The contents list them all, grouped by kind.
    assert_eq!(
        attrs(&doc, ".print-toc li li a", "href"),
        ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>()
    );
    assert_eq!(
        texts(&doc, ".print-toc .toc-group"),
        [
            "Article",
            "Background note",
            "Person",
            "Organization",
            "Event",
            "Source",
            "Page"
        ]
    );
}

#[test]
fn the_default_dossier_prints_every_page_once_lead_first() {
    let site = build_default(None);
    let doc = site.html("print/index.html");
    let ids = attrs(&doc, "article.printed-page", "id");
    let pages = site
        .html_files()
        .into_iter()
        .filter(|f| {
            let depth = f.matches('/').count();
            depth == 2
                && !["tags", "timeline", "graph", "search", "print"]
                    .iter()
                    .any(|g| f.starts_with(&format!("{g}/")))
        })
        .count();
    assert_eq!(ids.len(), pages);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(ids[0], "page-articles-wyden-sandberg-huawei-audits");
    let kinds: Vec<String> = doc
        .select(&sel("article.printed-page"))
        .map(|a| {
            a.value()
                .attr("class")
                .unwrap()
                .replace("printed-page kind-", "")
        })
        .collect();
    let order = [
        "article",
        "note",
        "person",
        "organization",
        "event",
        "source",
    ];
    let ranks: Vec<usize> = kinds
        .iter()
        .map(|k| order.iter().position(|o| o == k).unwrap_or(order.len()))
        .collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "{kinds:?}");
}

fn check_anchors(site: &Built, base: &str) {
    let doc = site.html("print/index.html");
    let mut ids: HashMap<String, usize> = HashMap::new();
    for id in attrs(&doc, "[id]", "id") {
        *ids.entry(id).or_default() += 1;
    }
    let repeated: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "ids used twice: {repeated:?}");
    let printed: HashSet<String> = attrs(&doc, "article.printed-page", "id")
        .into_iter()
        .collect();
    // Each page's "Online:" link (shown on screen only) is the one way back to the site.
    for href in attrs(&doc, "main a:not(.online)", "href") {
        if let Some(fragment) = href.strip_prefix('#') {
            assert!(ids.contains_key(fragment), "#{fragment} leads nowhere");
            continue;
        }
        // A link to a page that is printed must have become an anchor.
        if let Some(rel) = site.file_for(base, &href) {
            let path = rel.trim_end_matches("index.html").trim_end_matches('/');
            let anchor = if path.is_empty() {
                "page-home".to_string()
            } else {
                format!("page-{}", path.replace('/', "-"))
            };
            assert!(!printed.contains(&anchor), "{href} should be #{anchor}");
        }
    }
}

#[test]
fn links_between_pages_become_anchors_that_exist() {
    let (_src, site) = build_fixture(None);
    check_anchors(&site, BASE);
    let doc = site.html("print/index.html");
    let deal = doc.select(&sel("#page-articles-the-deal")).next().unwrap();
    let hrefs: Vec<&str> = deal
        .select(&sel(".page-content a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"#page-people-ada-example"), "{hrefs:?}");
    assert!(
        hrefs.contains(&"#page-notes-background--earlier-deals"),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"#page-articles-the-deal--ref-1"),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"#page-articles-the-deal--how-it-began"),
        "{hrefs:?}"
    );
    // Headings sit under the page's own title.
    assert_eq!(
        texts(&doc, "#page-articles-the-deal h3[id]")[0],
        "How it began #"
    );
    assert_eq!(
        attrs(
            &doc,
            "#page-articles-the-deal--ref-1 a:not(.back-link)",
            "href"
        )[0],
        "#page-sources-acme-report"
    );
    // The reference links back to each of its citations, in this page's part.
    assert_eq!(
        attrs(&doc, "#page-articles-the-deal--ref-1 a.back-link", "href"),
        [
            "#page-articles-the-deal--cite-1-1",
            "#page-articles-the-deal--cite-1-2"
        ]
    );
    // Addresses outside the dossier stay as they are, to be printed beside the link.
    let source = doc
        .select(&sel("#page-sources-acme-report"))
        .next()
        .unwrap();
    assert!(source
        .select(&sel("a.ref-url"))
        .any(|a| a.value().attr("href") == Some("https://acme.example/report-2018.pdf?x=1&y=2")));
}

#[test]
fn the_default_dossier_print_anchors_all_resolve() {
    let site = build_default(None);
    check_anchors(&site, "https://example.org");
}

#[test]
fn the_stylesheet_prints_link_targets_and_hides_navigation() {
    let (_src, site) = build_fixture(None);
    let print = print_rules(&site.read("style.css"));
    let value = |selector: &str, property: &str| {
        declared(&print, selector, property)
            .unwrap_or_else(|| panic!("@media print has no `{selector} {{ {property} }}`"))
    };
    assert_eq!(
        value(r#"a[href^="http"]::after"#, "content"),
        r#"" <" attr(href) ">""#
    );
    for hidden in [".site-header", ".site-nav", ".breadcrumbs", ".site-footer"] {
        assert_eq!(value(hidden, "display"), "none !important", "{hidden}");
    }
    assert_eq!(value(".printed-page", "break-before"), "page");
    assert_eq!(value(".references li", "break-inside"), "avoid");
}

#[test]
fn the_print_rule_reader_reads_only_the_print_block() {
    let css = ".a { color: red }\n@media print {\n  /* .b { display: none } */\n  .b,\n  .c { display: none; }\n  .a::after { content: \"}\" }\n}\n.d { display: none }";
    let rules = print_rules(css);
    assert_eq!(declared(&rules, ".b", "display").as_deref(), Some("none"));
    assert_eq!(declared(&rules, ".c", "display").as_deref(), Some("none"));
    assert_eq!(
        declared(&rules, ".a::after", "content").as_deref(),
        Some("\"}\"")
    );
    assert_eq!(declared(&rules, ".a", "color"), None);
    assert_eq!(declared(&rules, ".d", "display"), None);
}

/// A rule of a stylesheet: its selectors and its declarations, in order.
type Rule = (Vec<String>, Vec<(String, String)>);

/// The rules inside `@media print { … }`, comments dropped; strings may hold braces.
fn print_rules(css: &str) -> Vec<Rule> {
    let css = without_comments(css);
    let open = css.find("@media print").expect("a print stylesheet");
    let body_start = open + css[open..].find('{').expect("a block") + 1;
    let mut rules = Vec::new();
    let mut selectors = String::new();
    let mut block: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in css[body_start..].chars() {
        match (quote, &mut block) {
            (Some(q), Some(b)) => {
                b.push(c);
                if c == q {
                    quote = None;
                }
            }
            (None, Some(b)) if c == '}' => {
                rules.push(rule(&selectors, b));
                selectors.clear();
                block = None;
            }
            (None, Some(b)) => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                b.push(c);
            }
            (_, None) if c == '{' => block = Some(String::new()),
            (_, None) if c == '}' => return rules,
            (_, None) => selectors.push(c),
        }
    }
    panic!("@media print is not closed");
}

fn without_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("a closed comment");
        rest = &rest[start + end + 2..];
    }
    out + rest
}

fn rule(selectors: &str, block: &str) -> Rule {
    let selectors = selectors
        .split(',')
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let declarations = block
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
        .collect();
    (selectors, declarations)
}

/// The value `property` last gets in a rule listing `selector` itself.
fn declared(rules: &[Rule], selector: &str, property: &str) -> Option<String> {
    rules
        .iter()
        .filter(|(selectors, _)| selectors.iter().any(|s| s == selector))
        .flat_map(|(_, declarations)| declarations)
        .filter(|(p, _)| p == property)
        .map(|(_, v)| v.clone())
        .next_back()
}

/// A dossier of `notes` notes and `people` people; note 0 links to person 0.
fn build_many(notes: usize, people: usize) -> (tempfile::TempDir, Built) {
    let src = tempfile::tempdir().unwrap();
    let root = src.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Many\"\nbase_url = \"https://many.example\"\n",
    )
    .unwrap();
    for dir in ["notes", "people"] {
        std::fs::create_dir_all(root.join("content").join(dir)).unwrap();
    }
    for n in 0..notes {
        let link = if n == 0 {
            " See [P0](@/people/p000.md#early)."
        } else {
            ""
        };
        std::fs::write(
            root.join(format!("content/notes/n{n:03}.md")),
            format!("+++\ntitle = \"Note {n:03}\"\nkind = \"note\"\nweight = {n}\n+++\nText {n}.{link}\n"),
        )
        .unwrap();
    }
    for n in 0..people {
        std::fs::write(
            root.join(format!("content/people/p{n:03}.md")),
            format!("+++\ntitle = \"Person {n:03}\"\nkind = \"person\"\n+++\n## Early\n\nSee [N1](@/notes/n001.md).\n"),
        )
        .unwrap();
    }
    let site = build_site(root, None);
    (src, site)
}

#[test]
fn a_long_dossier_prints_in_parts_listed_by_print() {
    // 510 pages, past the 500 printed on one page: notes in parts of 250, then people.
    let (_src, site) = build_many(260, 250);
    let index = site.html("print/index.html");
    assert!(index.select(&sel("article.printed-page")).next().is_none());
    assert_eq!(
        attrs(&index, ".print-parts li a", "href"),
        [
            "https://many.example/print/1/",
            "https://many.example/print/2/",
            "https://many.example/print/3/"
        ]
    );
    assert_eq!(
        texts(&index, ".print-parts li"),
        [
            "Background note, 1 of 2: 250 pages, Note 000 to Note 249",
            "Background note, 2 of 2: 10 pages, Note 250 to Note 259",
            "Person: 250 pages, Person 000 to Person 249",
        ]
    );
    let first = site.html("print/1/index.html");
    let ids = attrs(&first, "article.printed-page", "id");
    assert_eq!(ids.len(), 250);
    assert_eq!(ids[0], "page-notes-n000");
    assert_eq!(ids[249], "page-notes-n249");
    assert_eq!(
        texts(&first, "title"),
        ["Background note 1 of 2 · The whole dossier · Many"]
    );
    // The contents list this part's pages; a link to a page in another part leads there,
    // one in the same part stays an anchor.
    assert_eq!(attrs(&first, ".print-toc li li a", "href").len(), 250);
    assert!(attrs(&first, "#page-notes-n000 .page-content a", "href")
        .contains(&"https://many.example/print/3/#page-people-p000--early".to_string()));
    let people = site.html("print/3/index.html");
    let to_note = attrs(&people, "#page-people-p000 .page-content a", "href");
    assert!(
        to_note.contains(&"https://many.example/print/1/#page-notes-n001".to_string()),
        "{to_note:?}"
    );
    assert_eq!(attrs(&people, "article.printed-page", "id").len(), 250);
    // Every page printed once, across the parts.
    let second = site.html("print/2/index.html");
    let all: HashSet<String> = [first, second, people]
        .iter()
        .flat_map(|d| attrs(d, "article.printed-page", "id"))
        .collect();
    assert_eq!(all.len(), 510);
}

#[test]
fn the_lead_article_prints_first_then_the_newest() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"Lead\"\nbase_url = \"https://lead.example\"\n\n[extra]\nlead = \"articles/old-lead\"\n",
    );
    // The lead is the oldest article: only being the lead puts it first.
    site.page(
        "articles/old-lead.md",
        "title = \"Old lead\"\nkind = \"article\"\ndate = 2018-01-01",
        "The lead.",
    );
    site.page(
        "articles/newest.md",
        "title = \"Newest\"\nkind = \"article\"\ndate = 2020-01-01",
        "Newer.",
    );
    site.page(
        "articles/middle.md",
        "title = \"Middle\"\nkind = \"article\"\ndate = 2019-06-01",
        "Between.",
    );
    site.build();
    let ids = attrs(&site.html("print/index.html"), "article.printed-page", "id");
    assert_eq!(
        ids,
        [
            "page-articles-old-lead",
            "page-articles-newest",
            "page-articles-middle"
        ]
    );
}

#[test]
fn a_link_to_a_print_part_the_build_does_not_write_is_broken() {
    // 501 notes print in three parts (250, 250 and 1). The home and the notes' section
    // print in none, so there is no fourth part to link to.
    let site = TestSite::new();
    for n in 0..501 {
        let link = match n {
            1 => " See [the last part](/print/3/).",
            2 => " See [a fourth part](/print/4/).",
            _ => "",
        };
        site.page(
            &format!("notes/n{n:03}.md"),
            &format!("title = \"Note {n:03}\"\nkind = \"note\"\nweight = {n}"),
            &format!("Text {n}.{link}"),
        );
    }
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/notes/n002.md:") && stderr.contains("/print/4/"),
        "{stderr}"
    );
    assert!(!stderr.contains("n001.md"), "{stderr}");
}

/// What a page's Markdown writes beside plain links (footnotes, raw HTML over several lines,
/// an image, a heading too deep to go down) is printed within the dossier, with its HTML
/// cleaned by `safe_html` or not.
#[test]
fn footnotes_raw_html_and_images_print_within_the_dossier() {
    for safe_html in [false, true] {
        let src = TestSite::new();
        src.file(
            "site.toml",
            &format!("title = \"P\"\nbase_url = \"https://p.example\"\nsafe_html = {safe_html}\n"),
        )
        .file(
            "content/notes/a/index.md",
            "+++\ntitle = \"A\"\nkind = \"note\"\n+++\nA claim.[^n] See <a\nhref=\"../b/#later\">B, later</a>.\n\n\
             ![A chart](chart.png)\n\n<div id=\"box\"><a href=\"#box\">the box</a></div>\n\n\
             ###### Six deep\n\n[^n]: The note, with [B](@/notes/b.md).\n",
        )
        .file("content/notes/a/chart.png", "not really a png")
        .page("notes/b.md", "title = \"B\"\nkind = \"note\"", "## Later\n\nText.\n");
        let site = build_site(src.root(), None);
        let base = "https://p.example";
        check_anchors(&site, base);
        let doc = site.html("print/index.html");
        let a = "#page-notes-a .page-content";
        let hrefs = attrs(&doc, &format!("{a} a"), "href");
        for expected in [
            "#page-notes-a--n",
            "#page-notes-b--later",
            "#page-notes-a--box",
            "#page-notes-b",
        ] {
            assert!(
                hrefs.iter().any(|h| h == expected),
                "{expected} in {hrefs:?} ({safe_html})"
            );
        }
        assert_eq!(
            attrs(&doc, &format!("{a} img"), "src"),
            ["https://p.example/notes/a/chart.png"],
            "{safe_html}"
        );
        // A heading goes one level down, under the page's title; `h6` has none below it.
        assert_eq!(texts(&doc, "#page-notes-b h3"), ["Later #"], "{safe_html}");
        assert_eq!(
            texts(&doc, &format!("{a} h6")),
            ["Six deep #"],
            "{safe_html}"
        );
    }
}

//! The evidence trail between pages: "Cited by" and "Referenced by" one entry a page, each
//! place deep-linked with its words; references linking back to every citation; clusters by
//! number wherever they appear; `[[#heading]]` showing the heading; and no slug or path in
//! the text readers see.

use std::collections::HashSet;

use scraper::{ElementRef, Html};

use crate::support::common::*;
use crate::support::reader::build_default;

/// A dossier whose lead article ("Zeta", last by title) cites and links several times.
fn citing_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"Test dossier\"\nbase_url = \"https://example.org\"\n[extra]\nlead = \"articles/zeta\"\n",
    )
    .page(
        "_index.md",
        "title = \"Front page\"",
        "Start with [[people/ada|Ada]] [@report-a].",
    )
    .page("people/_index.md", "title = \"People\"", "Among them [[people/ada]].")
    .page("people/ada.md", "title = \"Ada Example\"\nkind = \"person\"", "An analyst.")
    .page("sources/_index.md", "title = \"Sources\"", "")
    .page("sources/report-a.md", "title = \"Report A\"\nkind = \"source\"", "")
    .page("sources/report-b.md", "title = \"Report B\"\nkind = \"source\"", "")
    .page("sources/report-c.md", "title = \"Report C\"\nkind = \"source\"", "")
    .page(
        "notes/alpha.md",
        "title = \"Alpha note\"\nkind = \"note\"",
        "## Method\n\nWe asked [[people/ada|the analyst]] once [@report-a].",
    )
    .page(
        "articles/zeta.md",
        concat!(
            "title = \"Zeta\"\nkind = \"article\"\n",
            "[[relations]]\nto = \"people/ada\"\nkind = \"hired\"\nsources = [\"report-b\", \"report-a\"]\n",
            "[[events]]\ndate = 2018-06-05\ntitle = \"The deal was signed\"\nsources = [\"report-c\", \"report-a\"]\n",
        ),
        concat!(
            "## The background\n\n",
            "First claim [@report-a]. Second claim about [[people/ada|Ada]] [@report-b; @report-a].\n\n",
            "Later [[people/ada]] spoke. See [[#the-background]] and [[notes/alpha#method]].\n",
        ),
    );
    site
}

/// Every place listed under `section` (`.cited-by`, `.backlinks`): its link must end with an
/// id that exists in the page it leads to.
fn assert_places_exist(site: &TestSite, doc: &Html, section: &str) -> Vec<String> {
    let hrefs = attrs(doc, &format!("{section} a.context"), "href");
    assert!(!hrefs.is_empty(), "no places in {section}");
    for href in &hrefs {
        let (page, id) = href.split_once('#').expect("a place links to an id");
        let rel = page.strip_prefix("https://example.org/").unwrap();
        let target = site.html(&format!("{rel}index.html"));
        assert!(
            target
                .select(&sel(&format!("[id='{id}']")))
                .next()
                .is_some(),
            "{href}: no element with that id"
        );
    }
    hrefs
}

#[test]
fn cited_by_lists_each_page_once_lead_first_with_counts_and_deep_links() {
    let site = citing_site();
    site.build();
    let doc = site.html("sources/report-a/index.html");
    // One entry a citing page: the lead article first, then by title.
    assert_eq!(
        attrs(&doc, ".cited-by .linking > li > a", "href"),
        [
            "https://example.org/articles/zeta/",
            "https://example.org/notes/alpha/",
            "https://example.org/",
        ]
    );
    assert_eq!(
        texts(&doc, ".cited-by summary"),
        ["4 citations", "1 citation", "1 citation"]
    );
    // Each place leads to its very citation mark: body, relation, event.
    let hrefs = assert_places_exist(&site, &doc, ".cited-by");
    assert_eq!(
        hrefs[..4],
        [
            "https://example.org/articles/zeta/#cite-1-1",
            "https://example.org/articles/zeta/#cite-1-2",
            "https://example.org/articles/zeta/#cite-1-3",
            "https://example.org/articles/zeta/#cite-1-4",
        ]
    );
    // Each with its words, the claim marked where the excerpt holds more than it.
    assert_eq!(
        texts(&doc, ".cited-by a.context"),
        [
            "First claim. Second claim about Ada.",
            "First claim. Second claim about Ada.",
            "Zeta hired Ada Example",
            "The deal was signed",
            "We asked the analyst once.",
            "Start with Ada.",
        ]
    );
    assert_eq!(
        texts(&doc, ".cited-by a.context mark"),
        ["First claim", "Second claim about Ada"]
    );
    // Many places fold under their count; a few stay open.
    let open: Vec<bool> = doc
        .select(&sel(".cited-by details"))
        .map(|d| d.value().attr("open").is_some())
        .collect();
    assert_eq!(open, [false, true, true]);
}

#[test]
fn no_context_is_empty_and_a_citation_closing_a_paragraph_gets_its_own_sentence() {
    let site = citing_site();
    let filler = "Filler words follow here. ".repeat(12);
    site.page(
        "notes/long.md",
        "title = \"Long\"",
        &format!("{filler}The key claim stands here [@report-c]. {filler}The last claim [@report-c].\n\n- [@report-c]\n"),
    );
    site.build();
    let doc = site.html("sources/report-c/index.html");
    let long = doc
        .select(&sel(".cited-by .linking > li"))
        .find(|li| {
            li.select(&sel("a")).next().unwrap().value().attr("href")
                == Some("https://example.org/notes/long/")
        })
        .unwrap();
    let contexts: Vec<String> = long
        .select(&sel("a.context"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        contexts,
        [
            "The key claim stands here.",
            "The last claim.",
            "The place in the text"
        ]
    );
    // Never an empty paragraph or link.
    for e in doc.select(&sel(".cited-by a, .cited-by p, .backlinks a, .backlinks p")) {
        assert!(
            !e.text().collect::<String>().trim().is_empty(),
            "{}",
            e.html()
        );
    }
}

#[test]
fn referenced_by_lists_each_page_once_without_home_or_sections() {
    let site = citing_site();
    site.build();
    let doc = site.html("people/ada/index.html");
    assert_eq!(
        attrs(&doc, ".backlinks .linking > li > a", "href"),
        [
            "https://example.org/articles/zeta/",
            "https://example.org/notes/alpha/"
        ]
    );
    assert_eq!(texts(&doc, ".backlinks summary"), ["3 links", "1 link"]);
    let hrefs = assert_places_exist(&site, &doc, ".backlinks");
    assert_eq!(
        hrefs,
        [
            "https://example.org/articles/zeta/#link-ada-1",
            "https://example.org/articles/zeta/#link-ada-2",
            "https://example.org/articles/zeta/#relation-1",
            "https://example.org/notes/alpha/#link-ada-1",
        ]
    );
    // The linked words are marked; the relation reads as a sentence, by titles.
    assert_eq!(
        texts(&doc, ".backlinks mark"),
        ["Ada", "Ada Example", "Ada Example", "the analyst"]
    );
    assert_eq!(
        texts(&doc, ".backlinks a.context")[2],
        "Zeta hired Ada Example"
    );
}

#[test]
fn references_link_back_to_every_citation() {
    let site = citing_site();
    site.build();
    let doc = site.html("articles/zeta/index.html");
    // Report A: twice in the text, once by the relation, once by the event.
    let back = |n: usize| attrs(&doc, &format!("#ref-{n} a.back-link"), "href");
    assert_eq!(
        back(1),
        ["#cite-1-1", "#cite-1-2", "#cite-1-3", "#cite-1-4"]
    );
    assert_eq!(texts(&doc, "#ref-1 .back-links"), ["↩ a b c d"]);
    assert_eq!(
        attrs(&doc, "#ref-1 a.back-link", "aria-label")[1],
        "Back to citation 1 in the text, place 2 of 4"
    );
    // Report C: once, by the event: a lone ↩.
    assert_eq!(back(3), ["#cite-3-1"]);
    assert_eq!(texts(&doc, "#ref-3 a.back-link"), ["↩"]);
    assert_eq!(
        attrs(&doc, "#ref-3 a.back-link", "aria-label"),
        ["Back to citation 3 in the text"]
    );
    for n in 1..=3 {
        for href in back(n) {
            let id = href.trim_start_matches('#');
            assert_eq!(attrs(&doc, &format!("[id='{id}']"), "id"), [id], "{href}");
        }
    }
}

#[test]
fn clusters_go_by_number_in_text_relations_events_and_print() {
    let site = citing_site();
    site.build();
    let doc = site.html("articles/zeta/index.html");
    assert_eq!(texts(&doc, ".page-content sup.citation"), ["[1]", "[1, 2]"]);
    assert_eq!(texts(&doc, ".relations sup.citation"), ["[1, 2]"]);
    assert_eq!(texts(&doc, ".events sup.citation"), ["[1, 3]"]);
    let print = site.html("print/index.html");
    let zeta = print.select(&sel("#page-articles-zeta")).next().unwrap();
    let items = |selector: &str| -> Vec<String> {
        zeta.select(&sel(selector))
            .map(|li: ElementRef| li.text().collect::<String>())
            .collect()
    };
    assert!(items(".relation-list li")[0].ends_with(" [1, 2]"));
    assert!(items(".event-list li")[0].ends_with("The deal was signed [1, 3]"));
    assert_eq!(
        attrs(&print, "#page-articles-zeta .relation-list a[id]", "id"),
        [
            "page-articles-zeta--cite-1-3",
            "page-articles-zeta--cite-2-2"
        ]
    );
}

#[test]
fn a_heading_link_without_a_label_shows_the_heading() {
    let site = citing_site();
    site.build();
    let doc = site.html("articles/zeta/index.html");
    let links: Vec<(String, String)> = doc
        .select(&sel(".page-content p a"))
        .filter(|a| a.value().attr("href").is_some_and(|h| h.contains('#')))
        .filter(|a| !a.value().classes().any(|c| c == "citation-link"))
        .map(|a| {
            let href = a.value().attr("href").unwrap().to_string();
            (a.text().collect(), href)
        })
        .collect();
    assert_eq!(
        links,
        [
            ("The background".to_string(), "#the-background".to_string()),
            (
                "Alpha note § Method".to_string(),
                "https://example.org/notes/alpha/#method".to_string()
            ),
        ]
    );
    // Where it is a backlink, its words read the same.
    let alpha = site.html("notes/alpha/index.html");
    assert_eq!(texts(&alpha, ".backlinks mark"), ["Alpha note § Method"]);
}

/// The slugs of the pages of the repository's own dossier, and its section folders.
fn default_site_names() -> (HashSet<String>, HashSet<String>) {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let (mut slugs, mut sections) = (HashSet::new(), HashSet::new());
    for e in walkdir::WalkDir::new(&content).into_iter().flatten() {
        let rel = e.path().strip_prefix(&content).unwrap();
        if e.file_type().is_dir() && rel.components().count() == 1 {
            sections.insert(rel.to_string_lossy().into_owned());
        }
        let name = e.file_name().to_string_lossy();
        if let Some(stem) = name.strip_suffix(".md").filter(|s| !s.starts_with('_')) {
            slugs.insert(stem.to_string());
        }
    }
    (slugs, sections)
}

/// Slug- or path-shaped words in `text` outside addresses: a page's slug with two hyphens
/// or more (`thinkprogress-2018-09-05`), or `<section>/<name>` (`organizations/huawei`).
fn slug_shaped(text: &str, slugs: &HashSet<String>, sections: &HashSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split_whitespace().filter(|w| !w.contains("://")) {
        let pieces = word.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '/'));
        for piece in pieces {
            if piece.matches('-').count() >= 2 && slugs.contains(piece) {
                found.push(piece.to_string());
            }
            let segments: Vec<&str> = piece.split('/').collect();
            for pair in segments.windows(2) {
                let named = !pair[1].is_empty()
                    && pair[1]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if sections.contains(pair[0]) && named {
                    found.push(piece.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn the_default_dossier_names_pages_by_title_never_by_slug_or_path() {
    let (slugs, sections) = default_site_names();
    assert!(slugs.contains("thinkprogress-2018-09-05") && sections.contains("organizations"));
    // The check itself finds what it looks for.
    assert_eq!(
        slug_shaped(
            "Ren Zhengfei founded organizations/huawei",
            &slugs,
            &sections
        ),
        ["organizations/huawei"]
    );
    assert_eq!(
        slug_shaped("see thinkprogress-2018-09-05.", &slugs, &sections),
        ["thinkprogress-2018-09-05"]
    );
    assert!(slug_shaped(
        "at https://example.org/sources/nyt-2018-06-05/ and state-of-the-art 24/7 work",
        &slugs,
        &sections
    )
    .is_empty());

    let site = build_default(None);
    let mut found = Vec::new();
    for file in site.html_files() {
        let doc = site.html(&file);
        for node in doc.root_element().descendants() {
            let Some(text) = node.value().as_text() else {
                continue;
            };
            let in_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "code" | "pre"))
            });
            if !in_code {
                for word in slug_shaped(text, &slugs, &sections) {
                    found.push(format!("{file}: {word} in {:?}", text.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_thinkprogress_source_lists_the_lead_article_once() {
    let site = build_default(None);
    let doc = site.html("sources/thinkprogress-2018-09-05/index.html");
    let pages = attrs(&doc, ".cited-by .linking > li > a", "href");
    let lead = "https://example.org/articles/wyden-sandberg-huawei-audits/";
    assert_eq!(pages[0], lead);
    assert_eq!(pages.iter().filter(|p| *p == lead).count(), 1);
    let unique: HashSet<&String> = pages.iter().collect();
    assert_eq!(unique.len(), pages.len(), "a page listed twice");
    // 19 in the text, 7 key facts and the correction note.
    assert_eq!(texts(&doc, ".cited-by summary")[0], "27 citations");
    // Every place has its words.
    assert!(texts(&doc, ".cited-by a.context")
        .iter()
        .all(|t| !t.is_empty() && t != "The place in the text"));
}

//! Hostile text cannot inject markup: a site whose every field holds `<`, `&`, quotes,
//! `</script>`, `]]>` and control characters builds, and every file it writes parses as
//! what it claims to be, with the text coming back exactly as written. Also: only web
//! addresses become links, and `safe_html` cleans Markdown's own HTML.

use std::path::Path;

use crate::support::common::*;
use crate::support::serve::{assert_same_build, full_build, served, TempSite};
use dossier::incremental::{Change, LiveSite};
use dossier::site::Options;
use scraper::Html;

/// Written into front matter (TOML escapes: \u0001, \u0000 and \u001b are control characters).
const TITLE_TOML: &str = r#"Lead <img src=x onerror=alert(1)> & \"quoted\" 'single' </script> ]]> \u0001\u0000\u001bend"#;
/// What readers see: the same text without the control characters.
const TITLE: &str = "Lead <img src=x onerror=alert(1)> & \"quoted\" 'single' </script> ]]> end";

const PERSON_TOML: &str = r#"Person \"<b>bold</b>\" & Co </script>"#;
const PERSON: &str = "Person \"<b>bold</b>\" & Co </script>";
const ORG: &str = "Org <i>it</i> & 'co' ]]>";
const SOURCE: &str = "Source </script><script>alert(1)</script>";
const EVENT: &str = "Event <svg onload=alert(1)> & \"x\"";
const KIND: &str = "funds <u>\"secretly\"</u> & ]]>";
const TAG: &str = "tag <em>\"&\"</em>";
const AKA: &str = "aka </script> & 'x'";
const PUBLISHER: &str = "Publisher <b onmouseover=alert(1)>";
const AUTHOR: &str = "Author ]]> & \"q\"";

fn hostile_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"Site <b>&</b> \\\"dossier\\\" </script>\"\n\
         description = \"About <i>things</i> & ]]>\"\n\
         base_url = \"https://example.org\"\n",
    );
    site.page(
        "_index.md",
        "title = \"Home <b>&</b>\"",
        "Welcome to [[articles/lead]].\n",
    );
    site.page(
        "articles/_index.md",
        "title = \"Articles <em>&</em> \\\"all\\\"\"",
        "",
    );
    site.page(
        "articles/lead.md",
        &format!(
            r#"title = "{TITLE_TOML}"
description = "Says <b>&</b> \"this\" </script> ]]> \u0007done"
kind = "article"
date = 2018-09-05
tags = ["{TAG}"]
authors = ["{AUTHOR}"]

[[events]]
date = 2018-06-05
title = "{EVENT}"
sources = ["src"]
"#,
            TAG = toml_text(TAG),
            AUTHOR = toml_text(AUTHOR),
            EVENT = toml_text(EVENT),
        ),
        "Intro about [[people/p]] and [[organizations/o]] [@src].\n\n\
         ## A heading {#x\"onmouseover=\"alert(1)}\n\n\
         NUL here:\u{0}: and a bell \u{7} too.\n\n\
         ## Second \"heading\" & more\n\nText.\n",
    );
    site.page(
        "people/p.md",
        &format!(
            r#"title = "{PERSON_TOML}"
kind = "person"
aka = ["{AKA}"]

[[relations]]
to = "organizations/o"
kind = "{KIND}"
since = 2010
sources = ["src"]
"#,
            AKA = toml_text(AKA),
            KIND = toml_text(KIND),
        ),
        "Works with [[organizations/o]] [@src]. See [[articles/lead]].\n",
    );
    site.page(
        "organizations/o.md",
        &format!("title = \"{}\"\nkind = \"organization\"", toml_text(ORG)),
        "Mentioned by [[people/p]] [@src].\n",
    );
    site.page(
        "sources/src.md",
        &format!(
            "title = \"{}\"\nkind = \"source\"\ndate = 2018-06-05\npublisher = \"{}\"\n\
             url = \"https://example.com/a?b=1&c=\\\"2\\\"\"",
            toml_text(SOURCE),
            toml_text(PUBLISHER),
        ),
        "The record.\n",
    );
    site
}

/// `text` as the inside of a TOML basic string.
fn toml_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn output_files(dir: &Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(rel, _)| !rel.ends_with(".svg") || rel.contains("graph"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).expect("UTF-8 output")))
        .collect()
}

/// Every element and attribute of a page is one the theme writes: nothing came from text.
fn assert_nothing_injected(rel: &str, doc: &Html) {
    for bad in [
        "img",
        "b",
        "i",
        "u",
        "em",
        "svg[onload]",
        "[onerror]",
        "[onmouseover]",
        "[onload]",
    ] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "{rel}: injected `{bad}`");
    }
    for script in doc.select(&sel("script")) {
        let text: String = script.text().collect();
        match script.value().attr("type") {
            Some("application/ld+json") => {
                let json: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse: {e}\n{text}"));
                assert!(json.is_object(), "{rel}: {json}");
            }
            _ => {
                assert!(
                    script.value().attr("src").is_some() && text.is_empty(),
                    "{rel}: a script with text or no src: {}",
                    script.html()
                );
            }
        }
    }
}

#[test]
fn hostile_text_never_becomes_markup_in_any_output() {
    let site = hostile_site();
    site.build();
    let files = output_files(&site.out());
    assert!(
        files.len() > 15,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (rel, text) in &files {
        // The bell written in the lead's Markdown is the writer's text, kept in its HTML;
        // no other control character (from front matter, or a NUL) reaches any file.
        let kept =
            |c: char| matches!(c, '\t' | '\n' | '\r') || (c == '\u{7}' && rel.ends_with(".html"));
        assert_eq!(
            text.chars().find(|&c| c.is_control() && !kept(c)),
            None,
            "{rel} holds a control character"
        );
        if rel.ends_with(".html") {
            assert_nothing_injected(rel, &Html::parse_document(text));
        } else if rel.ends_with(".xml") {
            roxmltree::Document::parse(text)
                .unwrap_or_else(|e| panic!("{rel} is not well-formed XML: {e}"));
        } else if rel.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(text)
                .unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"));
        } else if rel.ends_with(".js")
            && ![
                "dossier.js",
                "search.js",
                "theme.js",
                "timeline.js",
                "graph.js",
                "neighbourhood.js",
            ]
            .contains(&rel.as_str())
        {
            // (The theme's own scripts are not made from the text.)
            assert!(
                !text.to_lowercase().contains("</script") && !text.contains("<!--"),
                "{rel} could close or bend a script element"
            );
            global_json(text);
        }
    }
}

/// The JSON a `window.X = …;` script assigns, or a shard hands to its callback
/// (`dossierSearchShard("p/0", …);`).
fn global_json(script: &str) -> serde_json::Value {
    let json = match script.strip_prefix("window.") {
        Some(rest) => rest
            .split_once(" = ")
            .expect("window.X = ")
            .1
            .trim_end()
            .trim_end_matches(';'),
        None => script
            .split_once(", ")
            .expect("callback(name, …);")
            .1
            .trim_end()
            .trim_end_matches(';')
            .strip_suffix(')')
            .expect("callback(name, …);"),
    };
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON: {e}"))
}

/// Every file of a folder of shards, as the JSON each hands over.
fn shards(site: &TestSite, folder: &str) -> Vec<serde_json::Value> {
    let dir = site.out().join(folder);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| global_json(&site.read(&format!("{folder}/{n}"))))
        .collect()
}

#[test]
fn hostile_titles_come_back_exactly_in_html() {
    let site = hostile_site();
    site.build();
    let lead = site.html("articles/lead/index.html");
    assert_eq!(texts(&lead, "main h1"), [TITLE]);
    assert_eq!(
        texts(&lead, "title"),
        [format!("{TITLE} · Site <b>&</b> \"dossier\" </script>")]
    );
    assert!(texts(&lead, ".tags a").contains(&TAG.to_string()));
    // The written heading id is one attribute, whole, in the heading and its self-link.
    assert_eq!(
        attrs(&lead, ".page-content h2", "id"),
        ["x\"onmouseover=\"alert(1)", "second-heading--more"]
    );
    assert_eq!(
        attrs(&lead, ".page-content h2 a.heading-anchor", "href"),
        ["#x\"onmouseover=\"alert(1)", "#second-heading--more"]
    );
    // CommonMark: a NUL in the text is U+FFFD.
    assert!(
        texts(&lead, "main p").contains(&"NUL here:\u{FFFD}: and a bell \u{7} too.".to_string()),
        "{:?}",
        texts(&lead, "main p")
    );

    let person = site.html("people/p/index.html");
    assert_eq!(texts(&person, "main h1"), [PERSON]);
    assert!(texts(&person, ".aka, main").iter().any(|t| t.contains(AKA)));
    let relations = texts(&person, "main li");
    assert!(
        relations
            .iter()
            .any(|r| r.contains(&format!("{PERSON} {KIND} {ORG}"))),
        "{relations:?}"
    );

    let source = site.html("sources/src/index.html");
    assert_eq!(texts(&source, "main h1"), [SOURCE]);
    assert!(texts(&source, "main dd").contains(&PUBLISHER.to_string()));
    assert_eq!(
        attrs(&source, "main a.ref-url", "href"),
        ["https://example.com/a?b=1&c=\"2\""]
    );

    let timeline = site.html("timeline/index.html");
    assert!(texts(&timeline, "main").iter().any(|t| t.contains(EVENT)));
}

#[test]
fn hostile_titles_round_trip_through_graph_feeds_and_data() {
    let site = hostile_site();
    site.build();

    // The graph drawing, whole and per page: node labels and link targets as written.
    let graph = site.html("graph/index.html");
    let labels = texts(&graph, "svg.relation-graph a.node");
    for title in [PERSON, ORG] {
        assert!(labels.iter().any(|l| l == title), "{title} in {labels:?}");
    }
    let edge_titles = texts(&graph, "svg.relation-graph path.relation title");
    assert!(
        edge_titles.iter().any(|t| t.contains(KIND)),
        "{edge_titles:?}"
    );
    let person = site.html("people/p/index.html");
    let near = texts(&person, "svg.neighbourhood a.node");
    assert_eq!(near, [ORG, TITLE]);
    assert_eq!(
        texts(&person, "svg.neighbourhood > title"),
        [format!("{PERSON} and 2 connected pages")]
    );

    let graph_json: serde_json::Value = serde_json::from_str(&site.read("graph.json")).unwrap();
    let names: Vec<&str> = graph_json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["title"].as_str())
        .collect();
    assert!(names.contains(&PERSON) && names.contains(&ORG), "{names:?}");

    // TimelineJS reads `headline` as HTML: the title escaped once.
    let timeline: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    let headlines: Vec<&str> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"]["headline"].as_str())
        .collect();
    assert_eq!(headlines, ["Event &lt;svg onload=alert(1)&gt; &amp; \"x\""]);

    // The search index: a file per page, its title first.
    let pages = shards(&site, "search/p");
    let titles: Vec<&str> = pages.iter().filter_map(|p| p[0].as_str()).collect();
    assert!(titles.contains(&TITLE), "{titles:?}");
    let mut previews = serde_json::Map::new();
    for shard in shards(&site, "previews") {
        previews.extend(shard.as_object().unwrap().clone());
    }
    assert_eq!(previews["/articles/lead/"][0], TITLE);
    assert_eq!(previews["/people/p/"][0], PERSON);

    let atom = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&atom).unwrap();
    let entry_titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(entry_titles, [TITLE]);
    let terms: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .filter_map(|n| n.attribute("term"))
        .collect();
    assert_eq!(terms, [TAG]);
    let authors: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("name") && n.ancestors().any(|a| a.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(authors, [AUTHOR]);
    let summary = feed
        .descendants()
        .find(|n| n.has_tag_name("summary"))
        .and_then(|n| n.text());
    assert_eq!(summary, Some("Says <b>&</b> \"this\" </script> ]]> done"));
    roxmltree::Document::parse(&site.read("sitemap.xml")).unwrap();

    let lead = site.html("articles/lead/index.html");
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&lead, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["headline"], TITLE);
}

/// A slug is the one URL part a writer sets; if the build still takes a hostile one, the
/// pages linking to it must escape it.
#[test]
fn a_hostile_slug_is_refused_or_escaped() {
    let site = TestSite::new();
    site.page("_index.md", "title = \"Home\"", "See [[notes/n]].\n");
    site.page(
        "notes/n.md",
        "title = \"N\"\nslug = \"x\\\"><img src=x onerror=alert(1)>\"",
        "Text.\n",
    );
    let out = site.run(&["build"]);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("content/notes/n.md:"), "{stderr}");
        return;
    }
    for (rel, text) in output_files(&site.out()) {
        if rel.ends_with(".html") {
            assert_nothing_injected(&rel, &Html::parse_document(&text));
        } else if rel.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
    }
}

/// `base_url` is written into every page; a quote in it stays inside its attribute.
#[test]
fn a_hostile_base_url_stays_in_its_attributes() {
    let site = TestSite::new();
    site.page("_index.md", "title = \"Home\"", "Home.\n");
    site.page("notes/n.md", "title = \"N\"", "See [[notes/n]].\n");
    let base_url = "https://e.org/\"><img src=x onerror=alert(1)>";
    let out = site.run(&["build", "--base-url", base_url]);
    if !out.status.success() {
        // Refused, which is as good, if it says why.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("base"), "{stderr}");
        return;
    }
    let mut pages = 0;
    for (rel, text) in output_files(&site.out()) {
        if rel.ends_with(".html") {
            let doc = Html::parse_document(&text);
            assert_nothing_injected(&rel, &doc);
            pages += 1;
        }
    }
    assert!(pages > 5, "{pages} pages");
    let note = site.html("notes/n/index.html");
    assert_eq!(
        attrs(&note, "link[rel=canonical]", "href"),
        ["https://e.org/\"><img src=x onerror=alert(1)>/notes/n/"]
    );
}

fn source_with(url_line: &str) -> TestSite {
    let site = TestSite::new();
    site.page("_index.md", "title = \"Home\"", "See [[notes/n]].\n");
    site.page(
        "notes/n.md",
        "title = \"N\"\nkind = \"note\"",
        "Claim [@bad].\n",
    );
    site.page(
        "sources/bad.md",
        &format!("title = \"Bad\"\nkind = \"source\"\n{url_line}"),
        "Record.\n",
    );
    site
}

/// Every `href` in every page, as a browser reads its scheme.
fn all_hrefs(site: &TestSite) -> Vec<String> {
    output_files(&site.out())
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .flat_map(|(_, text)| attrs(&Html::parse_document(&text), "[href]", "href"))
        .collect()
}

#[test]
fn only_web_addresses_become_links() {
    for (toml, shown) in [
        (r#"url = "javascript:alert(1)""#, "javascript:alert(1)"),
        (
            r#"url = "data:text/html,<script>alert(1)</script>""#,
            "data:text/html,<script>alert(1)</script>",
        ),
        (r#"url = "vbscript:msgbox(1)""#, "vbscript:msgbox(1)"),
        (
            r#"url = " \tJaVa\nScRiPt:alert(1)""#,
            "JaVa ScRiPt:alert(1)",
        ),
        (
            r#"archive_url = "JaVaScRiPt:alert(1)""#,
            "JaVaScRiPt:alert(1)",
        ),
    ] {
        let site = source_with(toml);
        site.build();
        for href in all_hrefs(&site) {
            let scheme: String = href
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            assert!(
                !["javascript:", "data:", "vbscript:"]
                    .iter()
                    .any(|s| scheme.starts_with(s)),
                "{toml}: link {href}"
            );
        }
        let page = site.html("sources/bad/index.html");
        assert_eq!(texts(&page, "main dd a"), Vec::<String>::new(), "{toml}");
        assert!(
            texts(&page, "main dd").contains(&shown.to_string()),
            "{toml}: {:?}",
            texts(&page, "main dd")
        );
        let note = site.html("notes/n/index.html");
        assert_eq!(texts(&note, ".ref-url"), Vec::<String>::new(), "{toml}");
        let printed = site.html("print/index.html");
        assert_eq!(texts(&printed, "a.ref-url"), Vec::<String>::new(), "{toml}");
        // Nor is it given to machines as the source's address.
        let ld: serde_json::Value =
            serde_json::from_str(&texts(&page, "script[type='application/ld+json']")[0]).unwrap();
        assert_eq!(ld["url"], "https://example.org/sources/bad/", "{toml}");
        assert_eq!(ld.get("archivedAt"), None, "{toml}");
    }
}

#[test]
fn web_addresses_are_links_as_before() {
    let site = source_with(
        "url = \"https://records.example.net/report\"\narchive_url = \"mailto:desk@example.org\"",
    );
    site.build();
    let page = site.html("sources/bad/index.html");
    assert_eq!(
        attrs(&page, "main dd a.ref-url", "href"),
        [
            "https://records.example.net/report",
            "mailto:desk@example.org"
        ]
    );
    let check = site.run(&["check"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(!stdout.contains("not an http"), "{stdout}");
}

#[test]
fn check_and_build_warn_at_a_non_web_address() {
    let site = source_with("url = \"javascript:alert(1)\"\narchive_url = \"ftp://x/y\"");
    let out = site.run(&["check", "--deny-warnings"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "content/sources/bad.md:4:7: warning: `url` is not an http, https or mailto address, \
             so it is shown as text, not as a link"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "content/sources/bad.md:5:15: warning: `archive_url` is not an http, https or \
             mailto address, so it is shown as text, not as a link"
        ),
        "{stdout}"
    );
    let build = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        "content/sources/bad.md:4:7: warning: `url` is not an http, https or mailto address, \
         so it is shown as text, not as a link
  |
4 | url = \"javascript:alert(1)\"
  |       ^

content/sources/bad.md:5:15: warning: `archive_url` is not an http, https or \
         mailto address, so it is shown as text, not as a link
  |
5 | archive_url = \"ftp://x/y\"
  |               ^

"
        .to_string()
            + PLACEHOLDER_WARNING
    );
}

const RAW_BODY: &str = "Intro [@s].\n\n\
    <script>alert(1)</script>\n\n\
    <p class=\"raw\">Raw <img src=/favicon.svg onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a></p>\n\n\
    A [bad link](javascript:alert(4)) and a [good one](https://example.org/).\n\n\
    ## Why it matters\n\n\
    | a | b |\n|:-:|---|\n| 1 | 2 |\n";

fn raw_html_site(safe_html: bool) -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        &format!("title = \"T\"\nbase_url = \"https://example.org\"\nsafe_html = {safe_html}\n"),
    );
    site.page("notes/n.md", "title = \"N\"\nkind = \"note\"", RAW_BODY);
    site.page(
        "sources/s.md",
        "title = \"S\"\nkind = \"source\"",
        "Record.\n",
    );
    site
}

#[test]
fn safe_html_off_keeps_the_writers_html() {
    let site = raw_html_site(false);
    site.build();
    let note = site.html("notes/n/index.html");
    assert_eq!(texts(&note, "main script"), ["alert(1)"]);
    assert_eq!(attrs(&note, "main p.raw img", "onerror"), ["alert(2)"]);
    assert_eq!(
        attrs(&note, "main p a", "href"),
        [
            "#ref-1",
            "javascript:alert(3)",
            "javascript:alert(4)",
            "https://example.org/"
        ]
    );
}

#[test]
fn safe_html_on_cleans_scripts_handlers_and_script_links() {
    let site = raw_html_site(true);
    site.build();
    let note = site.html("notes/n/index.html");
    assert_eq!(texts(&note, "main script"), Vec::<String>::new());
    assert_eq!(note.select(&sel("main [onerror]")).count(), 0);
    let hrefs = attrs(&note, ".page-content a", "href");
    assert!(
        hrefs
            .iter()
            .all(|h| !h.to_lowercase().contains("javascript")),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"https://example.org/".to_string()),
        "{hrefs:?}"
    );
    // What dossier itself writes survives: heading ids and self-links, citations, tables.
    assert_eq!(attrs(&note, ".page-content h2", "id"), ["why-it-matters"]);
    assert!(hrefs.contains(&"#why-it-matters".to_string()), "{hrefs:?}");
    assert_eq!(
        attrs(&note, ".page-content a.citation-link", "data-ref"),
        ["1"]
    );
    assert_eq!(
        attrs(&note, ".page-content th", "style"),
        ["text-align:center"]
    );
    assert_eq!(texts(&note, ".page-content p.raw"), ["Raw x"]);
}

/// `dossier serve` re-renders an edited page's Markdown itself: with `safe_html` what it
/// serves is still cleaned, byte for byte what a build writes.
#[test]
fn safe_html_serve_cleans_as_the_build_does() {
    let site = TempSite::new(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"http://127.0.0.1:4321\"\nsafe_html = true\n",
        ),
        (
            "content/notes/n.md",
            &md("title = \"N\"\nkind = \"note\"", RAW_BODY),
        ),
        (
            "content/sources/s.md",
            &md("title = \"S\"\nkind = \"source\"", "Record.\n"),
        ),
    ]);
    let options = Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Options::default()
    };
    let mut live = LiveSite::new(site.root(), options.clone());
    live.update(Vec::new()).unwrap();
    live.finish().unwrap();
    assert_same_build(
        &served(&live),
        &full_build(site.root(), &options),
        "the first build",
    );

    site.edit(
        "content/notes/n.md",
        "Intro [@s].",
        "Intro [@s]. <img src=/favicon.svg onerror=alert(5)>",
    );
    live.update([Change::Content("notes/n.md".into())]).unwrap();
    live.finish().unwrap();
    let files = served(&live);
    assert_same_build(&files, &full_build(site.root(), &options), "a body edit");
    let note = Html::parse_document(&String::from_utf8_lossy(&files["notes/n/index.html"]));
    assert_eq!(note.select(&sel("main [onerror]")).count(), 0);
    assert_eq!(note.select(&sel("main script")).count(), 0);
    assert_eq!(
        texts(&note, ".page-content p").first().map(String::as_str),
        Some("Intro [1].")
    );
}

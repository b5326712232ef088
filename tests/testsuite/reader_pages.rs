//! The reader's pages (issue #15): key facts and infoboxes, the cast of characters, bylines
//! and corrections, sharing meta, paragraph permalinks, the print rule and the compact
//! header, all on a small site built with the default theme.

use crate::reader_browser::{assert_clean_and_accessible, assert_valid_html};
use crate::reader_browser::{node, require_tools, ONE_AT_A_TIME, SERVED_AT};
use crate::support::common::*;
use crate::support::reader::{build_default, build_site};

/// A lead article with facts and corrections, a person in a group, an organization, sources.
fn reader_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"Test dossier\"\nbase_url = \"https://example.org\"\ndescription = \"Who did what.\"\n[extra]\nlead = \"articles/story\"\n",
    )
    .page("_index.md", "title = \"Home\"", "")
    .page(
        "sources/report.md",
        "title = \"The Report\"\nkind = \"source\"\npublisher = \"Gazette\"\ndate = 2020-01-02",
        "",
    )
    .page("sources/memo.md", "title = \"The Memo\"\nkind = \"source\"", "")
    .page(
        "people/ada.md",
        "title = \"Ada Byron\"\nkind = \"person\"\nrole = \"Investigators\"\ndescription = \"Led the inquiry.\"\naka = [\"Countess\"]\n\n[[facts]]\nlabel = \"Born\"\nvalue = \"1815\"\nsources = [\"memo\"]\n\n[[relations]]\nto = \"orgs/acme\"\nkind = \"chaired\"\nsince = 2019\nuntil = 2021\nsources = [\"report\"]",
        "Ada chaired Acme.",
    )
    .page(
        "people/bob.md",
        "title = \"Bob Smith\"\nkind = \"person\"\ndescription = \"A witness.\"\n\n[[relations]]\nto = \"orgs/acme\"\nkind = \"worked at\"",
        "",
    )
    .page(
        "orgs/acme.md",
        "title = \"Acme\"\nkind = \"organization\"\ndescription = \"A maker of everything.\"\n\n[[facts]]\nlabel = \"Founded\"\nvalue = \"1949\"",
        "",
    )
    .page(
        "articles/story.md",
        "title = \"The Story\"\nkind = \"article\"\ndate = 2021-03-04\nupdated = 2021-05-06\nauthors = [\"Jane Reporter\", \"Joe Editor\"]\ndescription = \"What happened.\"\n\n[[facts]]\nlabel = \"Fine\"\nvalue = \"$5 billion\"\nsources = [\"report\", \"memo\"]\n\n[[facts]]\nlabel = \"Year\"\nvalue = \"2019\"\n\n[[corrections]]\ndate = 2021-04-01\ntext = \"An earlier version misspelled Acme.\"\n\n[[corrections]]\ndate = 2021-05-06\ntext = \"The fine was $5 billion, not $5 million.\"\nsources = [\"report\"]",
        "First paragraph [@report].\n\nSecond paragraph about [[Ada Byron]].\n\nThird paragraph.",
    );
    site
}

#[test]
fn key_facts_show_at_the_top_with_citations_in_the_reference_list() {
    let site = reader_site();
    site.build();
    let doc = site.html("articles/story/index.html");
    assert_eq!(texts(&doc, ".page-aside .key-facts h2"), ["Key facts"]);
    assert_eq!(texts(&doc, ".key-facts dt"), ["Fine", "Year"]);
    assert_eq!(texts(&doc, ".key-facts dd"), ["$5 billion [1, 2]", "2019"]);
    // The fact's sources are numbered with the page's citations: the report, cited in the
    // text first, keeps 1; the memo, cited only by the fact, comes after.
    assert_eq!(
        attrs(&doc, ".key-facts .citation-link", "href"),
        ["#ref-1", "#ref-2"]
    );
    let marks = attrs(&doc, ".key-facts .citation-link", "id");
    assert_eq!(marks, ["cite-1-2", "cite-2-1"]);
    assert_eq!(
        texts(&doc, ".references li .ref-title"),
        ["The Report", "The Memo"]
    );
    // Each reference leads back to the fact citing it.
    let back: Vec<String> = attrs(&doc, ".references .back-link", "href");
    assert!(back.contains(&"#cite-2-1".to_string()), "{back:?}");
    // The source's "cited by" names the fact.
    let memo = site.html("sources/memo/index.html");
    assert_eq!(
        texts(&memo, ".cited-by a.context"),
        ["Fine: $5 billion", "Born: 1815"]
    );
    // The home page's lead shows the facts too.
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".lead-card .key-facts dt"), ["Fine", "Year"]);
}

#[test]
fn an_unknown_source_of_a_fact_or_correction_is_an_error_at_its_place() {
    let site = reader_site();
    site.page(
        "articles/bad.md",
        "title = \"Bad\"\n\n[[facts]]\nlabel = \"X\"\nvalue = \"Y\"\nsources = [\"reprot\"]\n\n[[corrections]]\ndate = 2021-01-01\ntext = \"Z\"\nsources = [\"nope\"]",
        "",
    );
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.contains(
            &"content/articles/bad.md:7:12: error: unknown source `reprot`; did you mean `report`?"
        ),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/articles/bad.md:12:12: error: unknown source `nope`")),
        "{err}"
    );
}

#[test]
fn a_fact_without_a_label_is_an_error_at_its_entry() {
    let site = reader_site();
    site.page(
        "articles/bad.md",
        "title = \"Bad\"\n\n[[facts]]\nvalue = \"no label\"\n\n[[corrections]]\ntext = \"undated\"",
        "",
    );
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.contains(
            &"content/articles/bad.md:4:1: error: missing field `label` in [[facts]] entry"
        ),
        "{err}"
    );
    assert!(
        lines.contains(
            &"content/articles/bad.md:7:1: error: missing field `date` in [[corrections]] entry"
        ),
        "{err}"
    );
}

#[test]
fn people_and_organizations_get_an_infobox_from_relations_and_front_matter() {
    let site = reader_site();
    site.build();
    let ada = site.html("people/ada/index.html");
    assert_eq!(texts(&ada, ".infobox h2"), ["Ada Byron"]);
    assert_eq!(texts(&ada, ".infobox-kind"), ["Person · Investigators"]);
    assert_eq!(texts(&ada, ".infobox dt"), ["Also known as", "Born"]);
    assert_eq!(texts(&ada, ".infobox dd"), ["Countess", "1815 [2]"]);
    assert_eq!(texts(&ada, ".infobox-heading"), ["Roles and ties"]);
    assert_eq!(
        texts(&ada, ".infobox-ties li"),
        ["chaired Acme (from 2019 to 2021)"]
    );
    assert_eq!(
        attrs(&ada, ".infobox-ties a", "href"),
        ["https://example.org/orgs/acme/"]
    );
    let acme = site.html("orgs/acme/index.html");
    assert_eq!(texts(&acme, ".infobox-heading"), ["Tied to Acme"]);
    assert_eq!(
        texts(&acme, ".infobox-ties li"),
        [
            "Ada Byron chaired (from 2019 to 2021)",
            "Bob Smith worked at"
        ]
    );
    assert_eq!(texts(&acme, ".infobox dt"), ["Founded"]);
}

#[test]
fn the_home_page_groups_its_cast_by_role_else_by_kind() {
    let site = reader_site();
    site.build();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, ".cast-group"),
        ["Organizations", "Investigators", "People"]
    );
    assert_eq!(
        texts(&home, ".cast-list > li > a"),
        ["Acme", "Ada Byron", "Bob Smith"]
    );
    assert_eq!(
        texts(&home, ".cast-line"),
        ["A maker of everything.", "Led the inquiry.", "A witness."]
    );
}

#[test]
fn the_article_shows_its_byline_updated_date_and_corrections() {
    let site = reader_site();
    site.build();
    let doc = site.html("articles/story/index.html");
    let meta = texts(&doc, ".page-header .meta");
    assert!(
        meta[0].starts_with("By Jane Reporter, Joe Editor · 4 March 2021 · Updated 6 May 2021"),
        "{meta:?}"
    );
    assert_eq!(texts(&doc, ".corrections-notice h2"), ["Corrections"]);
    assert_eq!(
        attrs(&doc, ".corrections-notice li", "id"),
        ["correction-1", "correction-2"]
    );
    assert_eq!(
        texts(&doc, ".corrections-notice li"),
        [
            "1 April 2021: An earlier version misspelled Acme.",
            "6 May 2021: The fine was $5 billion, not $5 million. [1]"
        ]
    );
    assert_eq!(
        attrs(&doc, ".corrections-notice .more a", "href"),
        ["https://example.org/corrections/"]
    );
    let home = site.html("index.html");
    let lead = texts(&home, ".lead-card .meta");
    assert!(
        lead[0].starts_with("By Jane Reporter, Joe Editor · "),
        "{lead:?}"
    );
}

#[test]
fn the_corrections_page_lists_every_correction_newest_first_with_json_ld() {
    let site = reader_site();
    site.page(
        "notes/other.md",
        "title = \"Other\"\n\n[[corrections]]\ndate = 2022-01-01\ntext = \"A date was wrong.\"",
        "",
    );
    site.build();
    let doc = site.html("corrections/index.html");
    assert_eq!(texts(&doc, "h1"), ["Corrections"]);
    assert_eq!(
        texts(&doc, ".corrections-log li .meta"),
        [
            "1 January 2022 · Other",
            "6 May 2021 · The Story",
            "1 April 2021 · The Story"
        ]
    );
    assert_eq!(
        attrs(&doc, ".corrections-log .meta a", "href"),
        [
            "https://example.org/notes/other/#correction-1",
            "https://example.org/articles/story/#correction-2",
            "https://example.org/articles/story/#correction-1",
        ]
    );
    let script = doc
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .next()
        .expect("JSON-LD");
    let json: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(json["@type"], "WebPage");
    assert_eq!(json["name"], "Corrections");
    let parts = json["hasPart"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    assert_eq!(
        parts[1],
        serde_json::json!({
            "@type": "CorrectionComment",
            "text": "The fine was $5 billion, not $5 million.",
            "datePublished": "2021-05-06",
            "url": "https://example.org/articles/story/#correction-2",
            "about": {
                "@type": "WebPage",
                "name": "The Story",
                "url": "https://example.org/articles/story/"
            }
        })
    );
    // The article's own JSON-LD names its authors and corrections.
    let story = site.html("articles/story/index.html");
    let script = story
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .next()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(json["author"][0]["name"], "Jane Reporter");
    assert_eq!(json["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(json["correction"][0]["datePublished"], "2021-04-01");
    // The footer of every page links to the log.
    let home = site.html("index.html");
    assert!(attrs(&home, ".site-footer a", "href")
        .contains(&"https://example.org/corrections/".to_string()));
}

#[test]
fn the_corrections_page_can_be_switched_off() {
    let site = reader_site();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n[outputs]\ncorrections = false\n",
    );
    site.build();
    assert!(!site.exists("corrections/index.html"));
    let doc = site.html("articles/story/index.html");
    assert_eq!(doc.select(&sel(".corrections-notice li")).count(), 2);
    assert_eq!(doc.select(&sel(".corrections-notice .more")).count(), 0);
}

/// The `content` of `<meta property|name=…>`.
fn meta(doc: &scraper::Html, key: &str) -> Vec<String> {
    let mut found = attrs(doc, &format!(r#"meta[property="{key}"]"#), "content");
    found.extend(attrs(doc, &format!(r#"meta[name="{key}"]"#), "content"));
    found
}

#[test]
fn every_page_has_open_graph_and_twitter_meta() {
    let site = reader_site();
    site.build();
    let story = site.html("articles/story/index.html");
    assert_eq!(meta(&story, "og:title"), ["The Story"]);
    assert_eq!(meta(&story, "og:description"), ["What happened."]);
    assert_eq!(meta(&story, "og:type"), ["article"]);
    assert_eq!(
        meta(&story, "og:url"),
        ["https://example.org/articles/story/"]
    );
    assert_eq!(meta(&story, "og:site_name"), ["Test dossier"]);
    assert_eq!(meta(&story, "twitter:card"), ["summary"]);
    assert!(meta(&story, "og:image").is_empty());
    let home = site.html("index.html");
    assert_eq!(meta(&home, "og:title"), ["Test dossier"]);
    assert_eq!(meta(&home, "og:description"), ["Who did what."]);
    assert_eq!(meta(&home, "og:type"), ["website"]);
    let timeline = site.html("timeline/index.html");
    assert_eq!(meta(&timeline, "og:title"), ["Timeline"]);
    let corrections = site.html("corrections/index.html");
    assert_eq!(meta(&corrections, "og:title"), ["Corrections"]);
}

#[test]
fn a_page_with_an_image_shares_it() {
    let site = reader_site();
    site.page(
        "people/eve/index.md",
        "title = \"Eve\"\nkind = \"person\"",
        "Eve.",
    )
    .file("content/people/eve/portrait.png", "\u{89}PNG\r\n\u{1a}\n");
    site.build();
    let eve = site.html("people/eve/index.html");
    assert_eq!(
        meta(&eve, "og:image"),
        ["https://example.org/people/eve/portrait.png"]
    );
    assert_eq!(
        meta(&eve, "twitter:image"),
        ["https://example.org/people/eve/portrait.png"]
    );
}

#[test]
fn paragraph_ids_come_from_their_words_and_survive_edits_of_others() {
    let site = reader_site();
    site.build();
    let ids = |site: &TestSite| {
        attrs(
            &site.html("articles/story/index.html"),
            ".page-content p",
            "id",
        )
    };
    let before = ids(&site);
    assert_eq!(before.len(), 3);
    assert!(
        before
            .iter()
            .all(|id| id.len() == 8 && id.starts_with("p-")),
        "{before:?}"
    );
    // Edit the second paragraph and add one before the first: the others keep their ids.
    site.page(
        "articles/story.md",
        "title = \"The Story\"\nkind = \"article\"",
        "A new opening.\n\nFirst paragraph [@report].\n\nSecond paragraph, rewritten.\n\nThird paragraph.\n\nThird paragraph.",
    );
    site.build();
    let after = ids(&site);
    assert_eq!(after.len(), 5);
    assert_eq!(after[1], before[0]);
    assert_ne!(after[2], before[1]);
    assert_eq!(after[3], before[2]);
    // Repeated words get a suffix, so ids stay unique.
    assert_eq!(after[4], format!("{}-2", before[2]));
}

#[test]
fn print_shows_only_addresses_outside_the_site() {
    let site = reader_site();
    site.build();
    let doc = site.html("articles/story/index.html");
    let style: String = doc
        .select(&sel("head style"))
        .flat_map(|s| s.text())
        .collect();
    assert_eq!(
        style,
        r#"@media print{a[href^="https://example.org/"]::after{content:none!important}}"#
    );
    let css = std::fs::read_to_string(site.out().join("style.css")).unwrap();
    assert!(css.contains(r#"a[href^="http"]::after { content: " <" attr(href) ">""#));
}

#[test]
fn the_header_folds_search_and_sections_behind_a_menu_button() {
    let site = reader_site();
    site.build();
    let doc = site.html("articles/story/index.html");
    assert_eq!(
        texts(&doc, ".site-header details.site-menu > summary"),
        ["Menu"]
    );
    assert_eq!(
        doc.select(&sel("details.site-menu form.site-search"))
            .count(),
        1
    );
    assert_eq!(
        doc.select(&sel("details.site-menu nav.site-nav")).count(),
        1
    );
    // The theme toggle waits for dossier.js; the choice is applied by a script in <head>.
    assert_eq!(doc.select(&sel("button.theme-toggle[hidden]")).count(), 1);
    assert_eq!(
        attrs(&doc, "head script[src]", "src")[0],
        "https://example.org/theme.js"
    );
}

/// The layout script's report on a site built for `https://dossier.test`.
fn layout_report(out: &std::path::Path) -> serde_json::Value {
    node("reader_layout.mjs", &[out.to_str().unwrap()])
}

/// What every site must pass in the browser: no page wider than a 320 or 390 px screen, no
/// request to another host, no address inside the site printed.
fn assert_fits_phones_and_prints_clean(report: &serde_json::Value, pages: usize) {
    assert_eq!(report["pages"].as_u64().unwrap() as usize, pages);
    assert_eq!(report["overflow"], serde_json::json!([]), "sideways scroll");
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(report["print"]["internal"], serde_json::json!([]));
    assert!(report["print"]["internalLinks"].as_u64().unwrap() > 0);
}

#[test]
#[ignore = "needs Chromium and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_default_dossier_fits_phones_prints_clean_and_keeps_the_readers_theme() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = build_default(Some("https://dossier.test"));
    let report = layout_report(&site.out);
    assert_fits_phones_and_prints_clean(&report, site.html_files().len());
    // Every corner of the 24×24 px around a citation mark's centre taps it.
    assert_eq!(
        report["tap"]["hits"],
        serde_json::json!([true, true, true, true, true])
    );
    // The header of a phone is one row; the Menu button opens the sections.
    assert!(report["tap"]["header"].as_f64().unwrap() < 80.0, "{report}");
    assert_eq!(
        report["menu"],
        serde_json::json!({ "hiddenBefore": true, "visibleAfter": true })
    );
    assert_eq!(report["contentsOpen"], false);
    // The system's dark scheme first; the reader's choice of light then wins, and stays
    // on the next page.
    let toggle = &report["toggle"];
    assert_eq!(toggle["before"]["pressed"], "true");
    assert_eq!(toggle["before"]["visible"], true);
    assert_eq!(toggle["before"]["background"], "rgb(21, 23, 26)");
    assert_eq!(toggle["chosen"]["pressed"], "false");
    assert_eq!(toggle["chosen"]["stored"], "light");
    assert_eq!(toggle["chosen"]["background"], "rgb(253, 252, 249)");
    assert_eq!(toggle["next"]["theme"], "light");
    assert_eq!(toggle["next"]["background"], "rgb(253, 252, 249)");
    // Every paragraph of the text has its ¶ link, shown on hover.
    let paragraph = &report["paragraph"];
    assert!(
        paragraph["paragraphs"].as_u64().unwrap() >= 5,
        "{paragraph}"
    );
    assert_eq!(paragraph["linked"], paragraph["paragraphs"]);
    assert_eq!(paragraph["opacity"], serde_json::json!(["0", "1"]));
}

#[test]
#[ignore = "needs Chromium and tests/browser/node_modules; scripts/test.sh runs it"]
fn a_printed_page_shows_the_addresses_of_links_leaving_the_site_only() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = reader_site();
    site.page(
        "sources/report.md",
        "title = \"The Report\"\nkind = \"source\"\nurl = \"https://example.com/the-report\"",
        "",
    );
    let out = site.run(&["build", "--base-url", "https://dossier.test"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = layout_report(&site.out());
    let pages = walkdir::WalkDir::new(site.out())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert_fits_phones_and_prints_clean(&report, pages);
    assert_eq!(report["print"]["externalLinks"], 1);
    assert_eq!(report["print"]["external"], 1);
}

#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn facts_infoboxes_cast_and_corrections_are_valid_and_pass_axe_light_and_dark() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = reader_site();
    let built = build_site(site.root(), Some(SERVED_AT));
    assert_valid_html(&built);
    // Home, article, person, organization, source, corrections, timeline, graph, search…
    assert_clean_and_accessible(&built, 12);
}

#[test]
#[ignore = "needs Chromium and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_readers_choice_of_scheme_paints_what_the_systems_scheme_paints() {
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = reader_site();
    site.page(
        "notes/code.md",
        "title = \"Code and callouts\"",
        "```rust\n// A comment\nfn main() { let s = \"x\"; }\n```\n\n> [!tip] Tip\n> Kept.\n\n> [!warning] Careful\n> Checked.\n\n> [!danger] Stop\n> Refused.\n",
    );
    let built = build_site(site.root(), Some(SERVED_AT));
    let report = node(
        "reader_schemes.mjs",
        &[built.out.to_str().unwrap(), SERVED_AT],
    );
    assert_eq!(report["differences"], serde_json::json!([]), "{report}");
    assert_eq!(
        report["pages"].as_u64().unwrap(),
        built.html_files().len() as u64
    );
    assert!(report["elements"].as_u64().unwrap() > 500, "{report}");
    // The two schemes do differ: the comparison is between two real palettes.
    assert_eq!(report["darkBackground"], "rgb(21, 23, 26)");
    assert_eq!(report["lightBackground"], "rgb(253, 252, 249)");
}

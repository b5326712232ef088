//! Zotero and bibliographies: `bibliography = […]` in site.toml (BibTeX/BibLaTeX and CSL-JSON
//! exports), a page per record, notes merged, `citation_style`, errors with their place.

use crate::support::common::*;

const BIB: &str = include_str!("fixtures/zotero/sources.bib");
const CSL_JSON: &str = include_str!("fixtures/zotero/library.json");

/// A site whose sources are a Zotero library exported twice: BibLaTeX and CSL-JSON.
fn zotero_site(extra_config: &str) -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        &format!(
            "title = \"Z\"\nbase_url = \"https://example.org\"\nbibliography = [\"sources.bib\", \"library.json\"]\n{extra_config}"
        ),
    )
    .file("sources.bib", BIB)
    .file("library.json", CSL_JSON)
    .page(
        "lead.md",
        "title = \"Lead\"",
        "The paper reported it [@nyt-2018-06-03]. See [@zhang-2020, p. 4; @wyden-2018] and [@muller-2019].\n\nThe order [@ftc-2011-11-29].\n",
    );
    site
}

#[test]
fn every_record_is_a_source_page_at_its_citekey() {
    let site = zotero_site("");
    site.build();
    let doc = site.html("sources/muller-2019/index.html");
    assert_eq!(
        texts(&doc, "h1"),
        ["Datenschutz und Gerätehersteller: Überblick"]
    );
    assert_eq!(texts(&doc, ".kind-label"), ["Source"]);
    // Year and month, as the record gives them.
    assert_eq!(
        texts(&doc, ".source-facts dd"),
        ["Jürgen Müller", "Memo", "June 2019"]
    );
    let doc = site.html("sources/nyt-2018-06-03/index.html");
    assert_eq!(
        texts(&doc, ".source-facts dd"),
        [
            "Gabriel J. X. Dance, Michael LaForgia, Nicholas Confessore",
            "The New York Times",
            "3 June 2018",
            "https://www.nytimes.com/2018/06/03/technology/facebook-device-partners-users-friends-data.html",
            "1 February 2024",
        ]
    );
    assert_eq!(
        attrs(&doc, ".cited-by .linking > li > a", "href"),
        ["https://example.org/lead/"]
    );
    // The CSL-JSON entry with unicode names, and an institution as author in braces.
    let doc = site.html("sources/zhang-2020/index.html");
    assert_eq!(
        texts(&doc, ".source-facts dd"),
        [
            "Wěi Zhang, Åse Øster",
            "Journal of Privacy Studies",
            "March 2020"
        ]
    );
    let doc = site.html("sources/wyden-2018/index.html");
    assert_eq!(
        texts(&doc, "h1"),
        ["Wyden Questions Sandberg on Huawei Data Deal"]
    );
    assert_eq!(
        texts(&doc, ".source-facts dd")[0],
        "Office of Sen. Ron Wyden"
    );
}

#[test]
fn a_notes_page_of_the_same_key_is_merged_into_the_record() {
    let site = zotero_site("");
    site.page(
        "sources/ftc-2011-11-29.md",
        "kind = \"source\"\ntags = [\"ftc\"]",
        "My notes on the settlement.\n",
    );
    site.build();
    let doc = site.html("sources/ftc-2011-11-29/index.html");
    assert_eq!(
        texts(&doc, "h1"),
        ["Facebook Settles FTC Charges That It Deceived Consumers"]
    );
    assert_eq!(
        texts(&doc, ".page-content p"),
        ["My notes on the settlement."]
    );
    assert_eq!(
        texts(&doc, ".source-facts dd"),
        [
            "Federal Trade Commission",
            "29 November 2011",
            "https://www.ftc.gov/news-events/press-releases/2011/11/facebook-settles"
        ]
    );
    // What the writer's front matter says wins over the record.
    site.page(
        "sources/ftc-2011-11-29.md",
        "title = \"The FTC's 2011 order\"\npublisher = \"FTC\"",
        "",
    );
    site.build();
    let doc = site.html("sources/ftc-2011-11-29/index.html");
    assert_eq!(texts(&doc, "h1"), ["The FTC's 2011 order"]);
    assert_eq!(texts(&doc, ".source-facts dd")[0], "FTC");
    // The exports say so too, and keep the rest of the record.
    let json: serde_json::Value = serde_json::from_str(&site.read("sources.json")).unwrap();
    let ftc = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "ftc-2011-11-29")
        .unwrap();
    assert_eq!(ftc["title"], "The FTC's 2011 order");
    assert_eq!(ftc["publisher"], "FTC");
    assert_eq!(
        ftc["URL"],
        "https://www.ftc.gov/news-events/press-releases/2011/11/facebook-settles"
    );
    let bib = biblatex::Bibliography::parse(&site.read("sources.bib")).unwrap();
    let entry = bib.get("ftc-2011-11-29").unwrap();
    use biblatex::ChunksExt;
    assert_eq!(
        entry.title().unwrap().format_verbatim(),
        "The FTC's 2011 order"
    );
}

#[test]
fn reference_lists_follow_citation_style() {
    let site = zotero_site("");
    site.build();
    let chicago = texts(&site.html("lead/index.html"), ".references li");
    assert_eq!(
        chicago[0],
        "↩ Dance, Gabriel J. X., Michael LaForgia, and Nicholas Confessore. 2018. “Facebook Gave Device Makers Deep Access to Data on Users and Friends.” The New York Times, June 3. https://www.nytimes.com/2018/06/03/technology/facebook-device-partners-users-friends-data.html. About this source"
    );
    assert_eq!(
        chicago[1],
        "↩ Zhang, Wěi, and Åse Øster. 2020. “Huawei’s Handsets and the “Trusted Partner” Question.” Journal of Privacy Studies, March. Cited at p. 4. About this source"
    );
    let site = zotero_site("citation_style = \"ieee\"\n");
    site.build();
    let ieee = texts(&site.html("lead/index.html"), ".references li");
    assert_eq!(
        ieee[1],
        "↩ W. Zhang and Å. Øster, “Huawei’s Handsets and the “Trusted Partner” Question,” Journal of Privacy Studies, Mar. 2020. Cited at p. 4. About this source"
    );
    let doc = site.html("lead/index.html");
    assert_eq!(
        attrs(&doc, ".references a.ref-page", "href")[1],
        "https://example.org/sources/zhang-2020/"
    );
}

#[test]
fn an_unknown_style_is_an_error_at_its_place() {
    let site = zotero_site("citation_style = \"chicago-author-dat\"\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("site.toml:4:18: error: `citation_style = \"chicago-author-dat\"` is not a CSL style dossier knows; did you mean `chicago-author-date`?"),
        "{stderr}"
    );
}

#[test]
fn a_key_in_two_files_is_an_error_at_both_places() {
    let site = zotero_site("");
    let twice = CSL_JSON.replace("\"zhang-2020\"", "\"nyt-2018-06-03\"");
    site.file("library.json", &twice);
    let stderr = site.build_fails();
    assert!(
        stderr.contains("library.json:11:11: error: citekey `nyt-2018-06-03` is given twice: also at sources.bib:3:10; give one of them another key"),
        "{stderr}"
    );
}

#[test]
fn a_key_twice_in_one_bib_file_and_a_syntax_error_are_placed() {
    let site = zotero_site("");
    site.file(
        "sources.bib",
        &format!("{BIB}\n@misc{{wyden-2018,\n  title = {{Again}},\n}}\n"),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("sources.bib:28:7: error: citekey `wyden-2018` is given twice in this file (also at line 13)"),
        "{stderr}"
    );
    site.file("sources.bib", "@misc{broken,\n  title = {Unclosed,\n");
    let stderr = site.build_fails();
    assert!(stderr.contains("sources.bib:"), "{stderr}");
    assert!(stderr.contains("error: not a BibTeX file"), "{stderr}");
    site.file("sources.bib", BIB);
    site.file("library.json", "[{\"id\": \"a\",}]");
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "library.json:1:13: error: not a CSL-JSON file (an array of items): trailing comma"
        ),
        "{stderr}"
    );
}

#[test]
fn an_unknown_citekey_is_an_error_at_its_place() {
    let site = zotero_site("");
    site.page(
        "other.md",
        "title = \"Other\"",
        "Said so [@nyt-2018-06-30].\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/other.md:4:9: error: citation of unknown source `@nyt-2018-06-30`; did you mean `nyt-2018-06-03`?"),
        "{stderr}"
    );
}

#[test]
fn a_missing_bibliography_file_is_named() {
    let site = zotero_site("");
    site.remove("library.json");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("cannot read bibliography `library.json` (named in site.toml)"),
        "{stderr}"
    );
}

#[test]
fn every_source_can_be_taken_away_as_bibtex_and_csl_json() {
    let site = zotero_site("");
    site.page("sources/_index.md", "title = \"Sources\"", "")
        .page(
            "sources/memo-2019.md",
            "title = \"Internal memo on “partners”\"\nkind = \"source\"\npublisher = \"Facebook\"\nauthors = [\"A. Writer\"]\ndate = 2019-01-02\nurl = \"https://example.com/memo\"",
            "Leaked [@memo-2019].",
        );
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.read("sources.json")).unwrap();
    let keys_titles: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["title"].as_str().unwrap()))
        .collect();
    let expected = [
        (
            "ftc-2011-11-29",
            "Facebook Settles FTC Charges That It Deceived Consumers",
        ),
        ("memo-2019", "Internal memo on “partners”"),
        ("muller-2019", "Datenschutz und Gerätehersteller: Überblick"),
        (
            "nyt-2018-06-03",
            "Facebook Gave Device Makers Deep Access to Data on Users and Friends",
        ),
        ("wyden-2018", "Wyden Questions Sandberg on Huawei Data Deal"),
        (
            "zhang-2020",
            "Huawei’s Handsets and the “Trusted Partner” Question",
        ),
    ];
    assert_eq!(keys_titles, expected);
    assert_eq!(
        json[1]["issued"],
        serde_json::json!({"date-parts": [[2019, 1, 2]]})
    );
    assert_eq!(
        json[1]["author"],
        serde_json::json!([{"literal": "A. Writer"}])
    );
    assert_eq!(
        json[5]["author"],
        serde_json::json!([{"family": "Zhang", "given": "Wěi"}, {"family": "Øster", "given": "Åse"}])
    );

    let bib = biblatex::Bibliography::parse(&site.read("sources.bib")).unwrap();
    let keys_titles: Vec<(String, String)> = bib
        .iter()
        .map(|e| {
            use biblatex::ChunksExt;
            (e.key.clone(), e.title().unwrap().format_verbatim())
        })
        .collect();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, t)| (k.to_string(), t.to_string()))
        .collect();
    assert_eq!(keys_titles, expected);
    let nyt = bib.get("nyt-2018-06-03").unwrap();
    let authors: Vec<String> = nyt
        .author()
        .unwrap()
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(authors, ["Dance", "LaForgia", "Confessore"]);
    assert_eq!(
        bib.get("wyden-2018").unwrap().entry_type.to_string(),
        "online"
    );

    let doc = site.html("sources/index.html");
    assert_eq!(
        attrs(&doc, ".source-downloads a", "href"),
        [
            "https://example.org/sources.bib",
            "https://example.org/sources.json"
        ]
    );
}

#[test]
fn the_exports_switch_off_with_outputs() {
    let site = zotero_site("[outputs]\nsources = false\n");
    site.page("sources/_index.md", "title = \"Sources\"", "");
    site.build();
    assert!(!site.exists("sources.bib") && !site.exists("sources.json"));
    assert!(texts(&site.html("sources/index.html"), ".source-downloads").is_empty());
}

#[test]
fn source_pages_carry_the_meta_tags_zotero_reads() {
    let site = zotero_site("");
    site.page(
        "sources/memo-2019.md",
        "title = \"Internal memo\"\nkind = \"source\"\npublisher = \"Facebook\"\nauthors = [\"A. Writer\"]\ndate = 2019-01-02",
        "Leaked [@memo-2019].",
    );
    site.build();
    let meta =
        |doc: &scraper::Html, name: &str| attrs(doc, &format!("meta[name={name}]"), "content");
    let doc = site.html("sources/nyt-2018-06-03/index.html");
    assert_eq!(
        meta(&doc, "citation_title"),
        ["Facebook Gave Device Makers Deep Access to Data on Users and Friends"]
    );
    assert_eq!(
        meta(&doc, "citation_author"),
        [
            "Gabriel J. X. Dance",
            "Michael LaForgia",
            "Nicholas Confessore"
        ]
    );
    assert_eq!(meta(&doc, "citation_publication_date"), ["2018/06/03"]);
    assert_eq!(meta(&doc, "citation_publisher"), ["The New York Times"]);
    assert_eq!(meta(&doc, "citation_journal_title"), ["The New York Times"]);
    assert_eq!(
        meta(&doc, "citation_public_url"),
        ["https://www.nytimes.com/2018/06/03/technology/facebook-device-partners-users-friends-data.html"]
    );
    assert_eq!(
        meta(&doc, "citation_abstract_html_url"),
        ["https://example.org/sources/nyt-2018-06-03/"]
    );
    let doc = site.html("sources/memo-2019/index.html");
    assert_eq!(meta(&doc, "citation_title"), ["Internal memo"]);
    assert_eq!(meta(&doc, "citation_author"), ["A. Writer"]);
    assert_eq!(meta(&doc, "citation_publisher"), ["Facebook"]);
    assert!(meta(&doc, "citation_public_url").is_empty());
    assert!(meta(&doc, "citation_journal_title").is_empty());
    let doc = site.html("sources/zhang-2020/index.html");
    assert_eq!(
        meta(&doc, "citation_journal_title"),
        ["Journal of Privacy Studies"]
    );
    // Not on other pages.
    assert!(meta(&site.html("lead/index.html"), "citation_title").is_empty());
}

#[test]
fn narrative_citations_name_the_author_before_the_mark() {
    let site = zotero_site("");
    site.page("sources/memo.md", "title = \"Memo\"\nkind = \"source\"\npublisher = \"Facebook\"", "")
        .page(
            "story.md",
            "title = \"Story\"",
            "@nyt-2018-06-03 reported that devices got data. Later (@zhang-2020) and @memo agreed [-@wyden-2018].\n\nWrite to jane@example.org or @someone; `@muller-2019` is code.\n\n```\n@muller-2019\n```\n",
        );
    site.build();
    let doc = site.html("story/index.html");
    assert_eq!(
        texts(&doc, ".narrative-citation"),
        ["Dance et al. [1]", "Zhang and Øster [2]", "Facebook [3]"]
    );
    assert_eq!(
        attrs(&doc, ".narrative-citation a", "href"),
        ["#ref-1", "#ref-2", "#ref-3"]
    );
    // `[-@key]` is a citation like `[@key]`: numbered marks name no author anyway.
    assert_eq!(texts(&doc, "sup.citation"), ["[1]", "[2]", "[3]", "[4]"]);
    assert_eq!(
        texts(&doc, ".page-content p")[1],
        "Write to jane@example.org or @someone; @muller-2019 is code."
    );
    assert_eq!(texts(&doc, "pre code"), ["@muller-2019"]);
    assert_eq!(texts(&doc, ".references li").len(), 4);
    // The source's "Cited by" shows the claim the narrative citation makes.
    let nyt = site.html("sources/nyt-2018-06-03/index.html");
    assert_eq!(
        texts(&nyt, ".cited-by .places mark"),
        ["The paper reported it", "reported that devices got data."]
    );
}

/// `dossier serve` keeps a bibliography's pages through every kind of edit, and its live
/// site equals a full build after each.
#[test]
fn serve_keeps_the_bibliography_as_a_full_build_would() {
    use crate::support::serve::{assert_same_build, full_build, TempSite};
    use dossier::incremental::{Change, LiveSite};
    use dossier::site::Options;

    let site_toml = "title = \"Z\"\nbase_url = \"https://example.org\"\nbibliography = [\"sources.bib\", \"library.json\"]\n";
    let site = TempSite::new(&[
        ("site.toml", site_toml),
        ("sources.bib", BIB),
        ("library.json", CSL_JSON),
        (
            "content/sources/_index.md",
            "+++\ntitle = \"Sources\"\n+++\n",
        ),
        (
            "content/lead.md",
            "+++\ntitle = \"Lead\"\n+++\n@nyt-2018-06-03 reported it [@zhang-2020].\n",
        ),
        (
            "content/sources/ftc-2011-11-29.md",
            "+++\nkind = \"source\"\n+++\nNotes.\n",
        ),
    ]);
    let options = Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Options::default()
    };
    let mut live = LiveSite::new(site.root(), options.clone());
    let mut step = |changes: Vec<Change>, what: &str| {
        live.update(changes)
            .unwrap_or_else(|d| panic!("{what}: rebuild failed:\n{d}"));
        live.finish()
            .unwrap_or_else(|d| panic!("{what}: generated files failed:\n{d}"));
        let out = live.output();
        let served: std::collections::BTreeMap<String, Vec<u8>> = out
            .paths()
            .into_iter()
            .map(|p| (p.to_string(), out.get(p).unwrap().read().unwrap().to_vec()))
            .collect();
        assert!(
            served.contains_key("sources/wyden-2018/index.html"),
            "{what}"
        );
        assert_same_build(&served, &full_build(site.root(), &options), what);
    };
    let content = |rel: &str| Change::Content(rel.to_string());
    step(vec![], "the first build");
    site.edit("content/sources/ftc-2011-11-29.md", "Notes.", "More notes.");
    step(vec![content("sources/ftc-2011-11-29.md")], "a notes edit");
    site.write(
        "content/story.md",
        "+++\ntitle = \"Story\"\n+++\nAs @ftc-2011-11-29 said [@muller-2019].\n",
    );
    step(vec![content("story.md")], "a new page citing records");
    site.remove("content/sources/ftc-2011-11-29.md");
    step(
        vec![content("sources/ftc-2011-11-29.md")],
        "the notes removed",
    );
    site.edit("sources.bib", "Wyden Questions", "Wyden Presses");
    step(vec![Change::Config], "the .bib edited");
}

#[test]
fn a_citekey_that_cannot_be_an_address_is_an_error_at_its_place() {
    let site = zotero_site("");
    site.file(
        "sources.bib",
        &format!("{BIB}\n@misc{{smith:2019/a,\n  title = {{Slashed}},\n}}\n"),
    );
    let stderr = site.build_fails();
    assert!(
        stderr
            .contains("sources.bib:28:7: error: citekey `smith:2019/a` cannot be a page's address"),
        "{stderr}"
    );
}

#[test]
fn a_source_page_without_a_title_or_a_record_is_still_an_error() {
    let site = zotero_site("");
    site.page("sources/unknown.md", "kind = \"source\"", "Notes.");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/sources/unknown.md:2:1: error: missing required field `title`"),
        "{stderr}"
    );
}

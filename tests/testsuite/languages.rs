//! Editions in several languages, as Zola's: `[languages.fr]` in site.toml, `page.fr.md`
//! beside `page.md` at `/fr/…`, translations linked both ways with `hreflang` alternates and
//! a switcher, `lang` attributes, and links resolved in the page's language first, falling
//! back to the default language's with a warning at its place.

use crate::support::common::{attrs, texts, TestSite};

fn two_languages() -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"Dossier\"\nbase_url = \"https://example.org\"\ndefault_language = \"en\"\n\n\
         [languages.fr]\ntitle = \"Dossier en français\"\ndescription = \"Le dossier\"\n",
    );
    site.page("_index.md", "title = \"Home\"", "");
    site.page("_index.fr.md", "title = \"Accueil\"", "");
    site.page("notes/_index.md", "title = \"Notes\"", "");
    site.page("notes/_index.fr.md", "title = \"Notes (fr)\"", "");
    site.page(
        "notes/huawei.md",
        "title = \"Huawei\"",
        "See [[ZTE]] and [[Ren]].\n",
    );
    site.page(
        "notes/huawei.fr.md",
        "title = \"Huawei (fr)\"",
        "Voir [[ZTE]] et [[Ren]] [@report].\n",
    );
    site.page("notes/zte.md", "title = \"ZTE\"", "Text.\n");
    site.page("notes/zte.fr.md", "title = \"ZTE\"", "Texte.\n");
    site.page("notes/ren.md", "title = \"Ren\"", "Text.\n");
    site.page(
        "sources/report.md",
        "title = \"Report\"\nkind = \"source\"",
        "",
    );
    site
}

#[test]
fn translations_are_pages_under_their_language_linked_both_ways() {
    let site = two_languages();
    site.build();
    let en = site.html("notes/huawei/index.html");
    let fr = site.html("fr/notes/huawei/index.html");
    assert_eq!(attrs(&en, "html", "lang"), ["en"]);
    assert_eq!(attrs(&fr, "html", "lang"), ["fr"]);
    assert_eq!(texts(&fr, "h1"), ["Huawei (fr)"]);
    assert_eq!(texts(&fr, "title"), ["Huawei (fr) · Dossier en français"]);
    let alternates = |doc: &scraper::Html| -> Vec<(String, String)> {
        attrs(doc, "link[rel=alternate][hreflang]", "hreflang")
            .into_iter()
            .zip(attrs(doc, "link[rel=alternate][hreflang]", "href"))
            .collect()
    };
    let both = vec![
        (
            "en".to_string(),
            "https://example.org/notes/huawei/".to_string(),
        ),
        (
            "fr".to_string(),
            "https://example.org/fr/notes/huawei/".to_string(),
        ),
    ];
    assert_eq!(alternates(&en), both);
    let mut fr_alternates = alternates(&fr);
    fr_alternates.sort();
    assert_eq!(fr_alternates, both);
    assert_eq!(
        attrs(&en, ".language-switcher a", "href"),
        ["https://example.org/fr/notes/huawei/"]
    );
    assert_eq!(attrs(&en, ".language-switcher a", "lang"), ["fr"]);
    assert_eq!(attrs(&fr, ".language-switcher a", "lang"), ["en"]);
    assert_eq!(texts(&fr, ".language-switcher [aria-current]"), ["fr"]);
    // Sections are translated too, and list their language's pages.
    let fr_notes = site.html("fr/notes/index.html");
    assert_eq!(attrs(&fr_notes, "html", "lang"), ["fr"]);
    assert_eq!(
        texts(&fr_notes, ".page-list .card h3"),
        ["Huawei (fr)", "ZTE"]
    );
    assert_eq!(
        attrs(&fr_notes, ".language-switcher a", "href"),
        ["https://example.org/notes/"]
    );
    let en_notes = site.html("notes/index.html");
    assert_eq!(
        texts(&en_notes, ".page-list .card h3"),
        ["Huawei", "Ren", "ZTE"]
    );
    // A page with no translation has no alternates and no switcher.
    let ren = site.html("notes/ren/index.html");
    assert!(attrs(&ren, "link[hreflang]", "href").is_empty());
    assert!(texts(&ren, ".language-switcher").is_empty());
}

#[test]
fn links_resolve_in_the_pages_language_then_the_default_with_a_warning() {
    let site = two_languages();
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fr = site.html("fr/notes/huawei/index.html");
    let links = attrs(&fr, ".page-content a:not(.citation-link)", "href");
    assert!(
        links.starts_with(&[
            "https://example.org/fr/notes/zte/".to_string(),
            "https://example.org/notes/ren/".to_string()
        ]),
        "{links:?}"
    );
    let en = site.html("notes/huawei/index.html");
    assert_eq!(
        attrs(&en, ".page-content a", "href"),
        [
            "https://example.org/notes/zte/",
            "https://example.org/notes/ren/"
        ]
    );
    for expected in [
        "content/notes/huawei.fr.md:4:17: warning: [[Ren]] has no page in `fr`: it links to the default language's",
        "content/notes/huawei.fr.md:4:25: warning: @report has no page in `fr`: it links to the default language's",
    ] {
        assert!(stderr.lines().any(|l| l == expected), "{expected}\nnot in:\n{stderr}");
    }
    assert!(!stderr.contains("huawei.md:"), "{stderr}");
}

#[test]
fn a_language_site_toml_does_not_declare_is_an_error() {
    let site = two_languages();
    site.page("notes/zte.de.md", "title = \"ZTE\"", "");
    let err = site.build_fails();
    let expected = "content/notes/zte.de.md: error: language `de` is not declared; add `[languages.de]` to site.toml";
    assert!(
        err.lines().any(|l| l == expected),
        "{expected}\nnot in:\n{err}"
    );
}

#[test]
fn each_language_has_its_feed() {
    let site = two_languages();
    site.page(
        "articles/story.md",
        "title = \"Story\"\nkind = \"article\"\ndate = 2024-01-02",
        "Text.\n",
    );
    site.page(
        "articles/story.fr.md",
        "title = \"Histoire\"\nkind = \"article\"\ndate = 2024-01-02",
        "Texte.\n",
    );
    site.build();
    let atom = "http://www.w3.org/2005/Atom";
    let titles = |rel: &str| -> (Option<String>, Vec<String>) {
        let xml = site.read(rel);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        let lang = feed
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
            .map(String::from);
        let entries = feed
            .descendants()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .filter_map(|e| {
                e.children()
                    .find(|c| c.has_tag_name((atom, "title")))
                    .and_then(|t| t.text())
                    .map(String::from)
            })
            .collect();
        (lang, entries)
    };
    assert_eq!(
        titles("atom.xml"),
        (Some("en".into()), vec!["Story".into()])
    );
    assert_eq!(
        titles("fr/atom.xml"),
        (Some("fr".into()), vec!["Histoire".into()])
    );
    let fr = site.html("fr/articles/story/index.html");
    assert_eq!(
        attrs(&fr, "link[type='application/atom+xml']", "href"),
        ["https://example.org/fr/atom.xml"]
    );
    assert_eq!(
        attrs(&fr, "link[type='application/atom+xml']", "title"),
        ["Dossier en français"]
    );
    let en = site.html("articles/story/index.html");
    assert_eq!(
        attrs(&en, "link[type='application/atom+xml']", "href"),
        ["https://example.org/atom.xml"]
    );
    // Structured data says which language an article is in.
    let in_language = |doc: &scraper::Html| {
        let json = texts(doc, "script[type='application/ld+json']").join("");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["inLanguage"].as_str().map(String::from)
    };
    assert_eq!(in_language(&fr).as_deref(), Some("fr"));
    assert_eq!(in_language(&en).as_deref(), Some("en"));
}

#[test]
fn serve_keeps_translations_as_a_build_does() {
    use crate::support::serve::{assert_same_build, full_build, served, TempSite};
    use dossier::incremental::{Change, LiveSite};
    let site = TempSite::new(&[
        (
            "site.toml",
            "title = \"D\"\nbase_url = \"https://example.org\"\n[languages.fr]\ntitle = \"D fr\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        ("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nSee [[B]].\n"),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\nText.\n"),
        (
            "content/a.fr.md",
            "+++\ntitle = \"A fr\"\n+++\nVoir [[B]].\n",
        ),
    ]);
    let options = dossier::site::Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Default::default()
    };
    let mut live = LiveSite::new(site.root(), options.clone());
    live.update([Change::Everything]).unwrap();
    live.finish().unwrap();
    assert_same_build(&served(&live), &full_build(site.root(), &options), "start");

    // A French B: A's French link now finds it, and B gets a switcher.
    site.write("content/b.fr.md", "+++\ntitle = \"B fr\"\n+++\nTexte.\n");
    live.update([Change::Content("b.fr.md".into())]).unwrap();
    live.finish().unwrap();
    let after = served(&live);
    assert_same_build(&after, &full_build(site.root(), &options), "a translation");
    let a_fr = String::from_utf8(after["fr/a/index.html"].clone()).unwrap();
    assert!(
        a_fr.contains("href=\"http://127.0.0.1:4321/fr/b/\""),
        "{a_fr}"
    );

    site.edit("content/b.fr.md", "B fr", "B en français");
    live.update([Change::Content("b.fr.md".into())]).unwrap();
    live.finish().unwrap();
    assert_same_build(
        &served(&live),
        &full_build(site.root(), &options),
        "a title",
    );

    // A translated bundle shares its original's document: a new version of the document
    // shows its new size on both pages.
    site.write(
        "content/audit/index.md",
        "+++\ntitle = \"Audit\"\nkind = \"source\"\n+++\n[[report.pdf]]\n",
    );
    site.write(
        "content/audit/index.fr.md",
        "+++\ntitle = \"Audit fr\"\nkind = \"source\"\n+++\n[[report.pdf|le rapport]]\n",
    );
    site.write("content/audit/report.pdf", "%PDF-1.4\n");
    live.update([Change::Content("audit".into())]).unwrap();
    live.finish().unwrap();
    assert_same_build(
        &served(&live),
        &full_build(site.root(), &options),
        "a bundle",
    );
    site.write(
        "content/audit/report.pdf",
        &format!("%PDF-1.4\n{}", "x".repeat(5000)),
    );
    live.update([Change::Content("audit/report.pdf".into())])
        .unwrap();
    live.finish().unwrap();
    let after = served(&live);
    assert_same_build(
        &after,
        &full_build(site.root(), &options),
        "a shared document replaced",
    );
    let audit_fr = String::from_utf8(after["fr/audit/index.html"].clone()).unwrap();
    assert!(audit_fr.contains("PDF · 5.0 kB"), "{audit_fr}");
}

/// `two_languages` with events, tags and a relation, for the site-wide pages of each edition.
fn two_editions() -> TestSite {
    let site = two_languages();
    site.page(
        "notes/huawei.md",
        "title = \"Huawei\"\nkind = \"organization\"\ntags = [\"telecom\"]\n\
         [[relations]]\nto = \"ren\"\nkind = \"founded by\"",
        "See [[ZTE]] and [[Ren]].\n",
    );
    site.page(
        "notes/huawei.fr.md",
        "title = \"Huawei (fr)\"\nkind = \"organization\"\ntags = [\"télécoms\"]\n\
         [[relations]]\nto = \"ren\"\nkind = \"fondée par\"",
        "Voir [[ZTE]] et [[Ren]].\n",
    );
    site.page(
        "notes/ren.md",
        "title = \"Ren\"\nkind = \"person\"\ntags = [\"telecom\"]",
        "Text.\n",
    );
    site.page("events/_index.md", "title = \"Events\"", "");
    site.page(
        "events/founding.md",
        "title = \"Founding\"\nkind = \"event\"\ndate = 1987-09-15",
        "Founded.\n",
    );
    site.page(
        "events/founding.fr.md",
        "title = \"Fondation\"\nkind = \"event\"\ndate = 1987-09-15",
        "Fondée.\n",
    );
    site.page(
        "events/ban.md",
        "title = \"Ban\"\nkind = \"event\"\ndate = 2019-05-15",
        "Banned.\n",
    );
    site
}

/// The pages a search index lists, by path: `<dir>search-index.js` and its `search/p/<n>.js`.
fn indexed_paths(site: &TestSite, dir: &str) -> (serde_json::Value, Vec<String>) {
    let script = site.read(&format!("{dir}search-index.js"));
    let json = script
        .strip_prefix("window.dossierSearch = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("an assignment");
    let contents: serde_json::Value = serde_json::from_str(json).unwrap();
    let count = contents["pages"].as_u64().unwrap();
    let paths = (0..count)
        .map(|n| {
            let shard = site.read(&format!("{dir}search/p/{n}.js"));
            let args = shard
                .strip_prefix("dossierSearchShard(")
                .and_then(|s| s.trim_end().strip_suffix(");"))
                .expect("a shard call");
            let call: serde_json::Value = serde_json::from_str(&format!("[{args}]")).unwrap();
            call[1][1].as_str().unwrap().to_string()
        })
        .collect();
    (contents, paths)
}

#[test]
fn each_language_has_its_search_index_and_its_pages_query_it() {
    let site = two_editions();
    site.build();
    let (fr, fr_paths) = indexed_paths(&site, "fr/");
    assert_eq!(fr["dir"], "fr/");
    assert_eq!(
        fr_paths,
        [
            "/fr/",
            "/fr/events/founding/",
            "/fr/notes/",
            "/fr/notes/huawei/",
            "/fr/notes/zte/"
        ]
    );
    let (en, en_paths) = indexed_paths(&site, "");
    assert!(en.get("dir").is_none(), "{en}");
    assert_eq!(
        en_paths,
        [
            "/",
            "/events/",
            "/events/ban/",
            "/events/founding/",
            "/notes/",
            "/notes/huawei/",
            "/notes/ren/",
            "/notes/zte/",
            "/sources/",
            "/sources/report/"
        ]
    );
    // French pages search the French index: the header's form opens the French search page,
    // which loads it (search.js finds its shards under `dir`).
    let page = site.html("fr/notes/huawei/index.html");
    assert_eq!(
        attrs(&page, "form.site-search", "action"),
        ["https://example.org/fr/search/index.html"]
    );
    let search = site.html("fr/search/index.html");
    assert_eq!(attrs(&search, "html", "lang"), ["fr"]);
    assert_eq!(
        attrs(&search, "script[src*='search']", "src"),
        [
            "https://example.org/fr/search-index.js",
            "https://example.org/search.js"
        ]
    );
    assert_eq!(
        texts(&search, "#all-pages .page-index a"),
        ["Ban", "Fondation", "Huawei (fr)", "Ren", "Report", "ZTE"]
    );
    let search = site.html("search/index.html");
    assert_eq!(
        attrs(&search, "script[src*='search']", "src"),
        [
            "https://example.org/search-index.js",
            "https://example.org/search.js"
        ]
    );
}

#[test]
fn a_translated_page_names_its_languages_sections_and_home() {
    let site = two_editions();
    site.build();
    let fr = site.html("fr/notes/huawei/index.html");
    assert_eq!(
        attrs(&fr, "a.site-title", "href"),
        ["https://example.org/fr/"]
    );
    assert_eq!(texts(&fr, "a.site-title"), ["Dossier en français"]);
    // Notes is translated, Events and Sources are not: the French nav names what exists.
    assert_eq!(
        texts(&fr, ".site-nav a"),
        ["Events", "Notes (fr)", "sources", "Timeline", "Graph"]
    );
    assert_eq!(
        attrs(&fr, ".site-nav a", "href"),
        [
            "https://example.org/events/",
            "https://example.org/fr/notes/",
            "https://example.org/sources/",
            "https://example.org/fr/timeline/",
            "https://example.org/fr/graph/"
        ]
    );
    assert_eq!(
        attrs(&fr, ".site-footer a", "href"),
        [
            "https://example.org/fr/timeline/",
            "https://example.org/fr/graph/",
            "https://example.org/fr/tags/",
            "https://example.org/fr/search/",
            "https://example.org/fr/print/",
            "https://example.org/corrections/",
            "https://example.org/fr/atom.xml"
        ]
    );
    let en = site.html("notes/huawei/index.html");
    assert_eq!(attrs(&en, "a.site-title", "href"), ["https://example.org/"]);
    assert_eq!(
        attrs(&en, ".site-nav a", "href"),
        [
            "https://example.org/events/",
            "https://example.org/notes/",
            "https://example.org/sources/",
            "https://example.org/timeline/",
            "https://example.org/graph/"
        ]
    );
    let timeline = site.html("fr/timeline/index.html");
    assert_eq!(
        attrs(&timeline, ".site-nav a[aria-current=page]", "href"),
        ["https://example.org/fr/timeline/"]
    );
    assert_eq!(
        attrs(&timeline, "meta[property='og:title']", "content"),
        ["Timeline"]
    );
    // Each home's "Who's who" and latest events are its edition's.
    let cast = |rel: &str| texts(&site.html(rel), ".cast-list a");
    assert_eq!(cast("fr/index.html"), ["Ren", "Huawei (fr)"]);
    assert_eq!(cast("index.html"), ["Ren", "Huawei"]);
    let events = |rel: &str| texts(&site.html(rel), ".latest-events .event-list li a");
    assert!(events("fr/index.html").contains(&"Fondation".to_string()));
    assert!(!events("fr/index.html").contains(&"Founding".to_string()));
    assert!(!events("index.html").contains(&"Fondation".to_string()));
}

#[test]
fn timeline_graph_print_and_tags_per_language() {
    let site = two_editions();
    site.build();
    // Each edition's page where it has one, else the default language's.
    let fr = site.html("fr/timeline/index.html");
    assert_eq!(attrs(&fr, "html", "lang"), ["fr"]);
    assert_eq!(texts(&fr, "p.what"), ["Fondation", "Ban"]);
    let en = site.html("timeline/index.html");
    assert_eq!(texts(&en, "p.what"), ["Founding", "Ban"]);
    // Each is the other's translation: `hreflang` alternates and the switcher.
    let alternates = |doc: &scraper::Html| attrs(doc, "link[rel=alternate][hreflang]", "href");
    let both = [
        "https://example.org/fr/timeline/",
        "https://example.org/timeline/",
    ];
    assert_eq!(alternates(&fr), both);
    assert_eq!(
        alternates(&en),
        both.iter().rev().copied().collect::<Vec<_>>()
    );
    assert_eq!(
        attrs(&fr, ".language-switcher a", "href"),
        ["https://example.org/timeline/"]
    );
    assert_eq!(attrs(&fr, ".language-switcher a", "hreflang"), ["en"]);
    // A tag only one edition has has no translation.
    let chine = site.html("fr/tags/télécoms/index.html");
    assert!(alternates(&chine).is_empty());
    assert!(texts(&chine, ".language-switcher").is_empty());
    assert_eq!(
        attrs(
            &site.html("fr/tags/telecom/index.html"),
            ".language-switcher a",
            "href"
        ),
        ["https://example.org/tags/telecom/"]
    );

    let relations =
        |doc: &scraper::Html| texts(doc, ".relations-table tbody td[data-label=Relation]");
    assert_eq!(relations(&site.html("fr/graph/index.html")), ["fondée par"]);
    assert_eq!(relations(&site.html("graph/index.html")), ["founded by"]);

    let printed = |rel: &str| attrs(&site.html(rel), ".printed-page", "id");
    assert_eq!(
        printed("fr/print/index.html"),
        [
            "page-notes-ren",
            "page-fr-notes-huawei",
            "page-fr-events-founding",
            "page-events-ban",
            "page-sources-report",
            "page-fr-notes-zte"
        ]
    );
    assert_eq!(
        printed("print/index.html"),
        [
            "page-notes-ren",
            "page-notes-huawei",
            "page-events-founding",
            "page-events-ban",
            "page-sources-report",
            "page-notes-zte"
        ]
    );

    let tags = site.html("fr/tags/index.html");
    assert_eq!(attrs(&tags, "html", "lang"), ["fr"]);
    assert_eq!(
        attrs(&tags, "main a[href*='/tags/']", "href"),
        [
            "https://example.org/fr/tags/telecom/",
            "https://example.org/fr/tags/télécoms/"
        ]
    );
    let telecom = site.html("fr/tags/telecom/index.html");
    assert_eq!(texts(&telecom, ".card h3"), ["Ren"]);
    assert_eq!(
        texts(&site.html("fr/tags/télécoms/index.html"), ".card h3"),
        ["Huawei (fr)"]
    );
    assert_eq!(
        texts(&site.html("tags/telecom/index.html"), ".card h3"),
        ["Huawei", "Ren"]
    );
    assert!(!site.exists("tags/télécoms/index.html"));
    let huawei = site.html("fr/notes/huawei/index.html");
    assert_eq!(
        attrs(&huawei, ".tag-list a", "href"),
        ["https://example.org/fr/tags/télécoms/"]
    );
    // A French page's ways into the timeline and the graph lead to the French ones.
    assert_eq!(
        attrs(&huawei, ".neighbourhood .more a", "href"),
        ["https://example.org/fr/graph/"]
    );
    let founding = site.html("fr/events/founding/index.html");
    let into_timeline = attrs(&founding, ".event-date a", "href");
    assert_eq!(into_timeline.len(), 1);
    assert!(
        into_timeline[0].starts_with("https://example.org/fr/timeline/#"),
        "{into_timeline:?}"
    );
    let anchor = into_timeline[0].split('#').nth(1).unwrap().to_string();
    assert_eq!(attrs(&fr, &format!("[id='{anchor}']"), "id"), [anchor]);
    // Every link of every edition's page leads to a file the build writes.
    let check = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(!stderr.contains("broken-link"), "{stderr}");
}

#[test]
fn a_translated_bundle_shares_its_originals_documents() {
    let site = two_languages();
    site.page(
        "sources/audit/index.md",
        "title = \"Audit\"\nkind = \"source\"",
        "[The report](report.pdf) and [[report.pdf]].\n\n![Chart](chart.png)\n",
    );
    site.page(
        "sources/audit/index.fr.md",
        "title = \"Audit (fr)\"\nkind = \"source\"",
        "[Le rapport](report.pdf#page=2), [[report.pdf|le même]].\n\n![Graphique](./chart.png)\n",
    );
    site.file("content/sources/audit/report.pdf", "%PDF-1.4\n");
    site.file("content/sources/audit/chart.png", "not really a png");
    site.build();
    let fr = site.html("fr/sources/audit/index.html");
    assert_eq!(
        attrs(&fr, ".page-content a[href*='.pdf']", "href"),
        [
            "https://example.org/sources/audit/report.pdf#page=2",
            "https://example.org/sources/audit/report.pdf"
        ]
    );
    assert_eq!(
        attrs(&fr, ".page-content img", "src"),
        ["https://example.org/sources/audit/chart.png"]
    );
    // The source page's list of its documents, linked to the one copy.
    let listed = |doc: &scraper::Html| attrs(doc, "section.documents a[href]", "href");
    assert_eq!(listed(&fr), listed(&site.html("sources/audit/index.html")));
    assert!(
        listed(&fr).contains(&"https://example.org/sources/audit/report.pdf".to_string()),
        "{:?}",
        listed(&fr)
    );
    assert!(site.exists("sources/audit/report.pdf"));
    assert!(!site.exists("fr/sources/audit/report.pdf"));
    // Both pages name `report.pdf`, which is still one document, not two.
    let check = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(!stderr.contains("several documents"), "{stderr}");
}

#[test]
fn taxonomy_pages_per_language() {
    let site = two_languages();
    site.file(
        "site.toml",
        "title = \"Dossier\"\nbase_url = \"https://example.org\"\n\
         taxonomies = [{name = \"countries\", feed = true}]\n\n\
         [languages.fr]\ntitle = \"Dossier en français\"\n",
    );
    site.page(
        "notes/huawei.md",
        "title = \"Huawei\"\n[taxonomies]\ncountries = [\"China\"]",
        "Text.\n",
    );
    site.page(
        "notes/huawei.fr.md",
        "title = \"Huawei (fr)\"\n[taxonomies]\ncountries = [\"Chine\"]",
        "Texte.\n",
    );
    site.page(
        "notes/ren.md",
        "title = \"Ren\"\n[taxonomies]\ncountries = [\"China\"]",
        "Text.\n",
    );
    site.build();
    let terms = |rel: &str| {
        let doc = site.html(rel);
        (
            attrs(&doc, "html", "lang"),
            attrs(&doc, ".tag-index a", "href"),
        )
    };
    assert_eq!(
        terms("fr/countries/index.html"),
        (
            vec!["fr".to_string()],
            vec![
                "https://example.org/fr/countries/china/".to_string(),
                "https://example.org/fr/countries/chine/".to_string()
            ]
        )
    );
    assert_eq!(
        terms("countries/index.html").1,
        ["https://example.org/countries/china/"]
    );
    let cards = |rel: &str| texts(&site.html(rel), ".card h3");
    assert_eq!(cards("fr/countries/chine/index.html"), ["Huawei (fr)"]);
    assert_eq!(cards("fr/countries/china/index.html"), ["Ren"]);
    assert_eq!(cards("countries/china/index.html"), ["Huawei", "Ren"]);
    assert!(!site.exists("countries/chine/index.html"));
    let chine = site.html("fr/countries/chine/index.html");
    assert_eq!(
        attrs(&chine, ".breadcrumbs a", "href"),
        [
            "https://example.org/fr/",
            "https://example.org/fr/countries/"
        ]
    );
    assert!(site.exists("fr/countries/chine/atom.xml"));
    // The sitemap lists each edition's generated pages, as it lists the default's.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "https://example.org/timeline/",
        "https://example.org/fr/timeline/",
        "https://example.org/fr/graph/",
        "https://example.org/fr/tags/",
        "https://example.org/fr/countries/",
        "https://example.org/fr/countries/chine/",
        "https://example.org/countries/china/",
    ] {
        assert_eq!(
            locs.iter().filter(|l| **l == expected).count(),
            1,
            "{expected} in {locs:?}"
        );
    }
    assert!(
        !locs.contains(&"https://example.org/fr/search/"),
        "{locs:?}"
    );
    assert!(
        !locs.contains(&"https://example.org/countries/chine/"),
        "{locs:?}"
    );
    let check = site.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// `[languages.fr]` switches the edition's own site-wide pages, as Zola's
/// `build_search_index` does its index: one switched off is not written, and the French
/// pages' links go to the default language's.
#[test]
fn an_edition_can_leave_out_its_own_site_wide_pages() {
    let site = two_editions();
    site.file(
        "site.toml",
        "title = \"Dossier\"\nbase_url = \"https://example.org\"\ndefault_language = \"en\"\n\n\
         [languages.fr]\ntitle = \"Dossier en français\"\nbuild_search_index = false\n\
         timeline = false\nprint = false\n",
    );
    site.build();
    for gone in [
        "fr/search-index.js",
        "fr/search/index.html",
        "fr/timeline/index.html",
        "fr/print/index.html",
    ] {
        assert!(!site.exists(gone), "{gone}");
    }
    assert!(site.exists("fr/graph/index.html"));
    assert!(site.exists("fr/tags/index.html"));
    assert!(site.exists("search-index.js"));
    let fr = site.html("fr/notes/huawei/index.html");
    let links = attrs(&fr, "a", "href");
    assert!(
        links.contains(&"https://example.org/timeline/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://example.org/fr/graph/".to_string()),
        "{links:?}"
    );
    assert_eq!(
        attrs(&fr, "form.site-search", "action"),
        ["https://example.org/search/index.html"]
    );
    let check = site.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

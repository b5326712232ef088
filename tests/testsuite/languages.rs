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
}

#[test]
fn serve_keeps_translations_as_a_build_does() {
    use crate::support::serve::{assert_same_build, full_build, TempSite};
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
    let served = |live: &LiveSite| -> std::collections::BTreeMap<String, Vec<u8>> {
        let out = live.output();
        out.paths()
            .into_iter()
            .map(|p| (p.to_string(), out.get(p).unwrap().read().unwrap().to_vec()))
            .collect()
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
}

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

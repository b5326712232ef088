//! Taxonomies beyond tags, as Zola's: `taxonomies = [{name = …}]` in site.toml, `[taxonomies]`
//! in front matter, list and term pages from `<taxonomy>/list.html` / `single.html` or the
//! theme's generic ones, per-term feeds, `get_taxonomy` and `get_taxonomy_term`, and an
//! unknown taxonomy reported at its place.

use crate::support::common::{attrs, texts, TestSite};

const SITE: &str = "title = \"Test dossier\"\nbase_url = \"https://example.org\"\n\
taxonomies = [\n  { name = \"countries\", feed = true },\n  { name = \"topics\", paginate_by = 1 },\n  { name = \"tags\" },\n]\n";

fn site() -> TestSite {
    let site = TestSite::new();
    site.file("site.toml", SITE);
    site.page("_index.md", "title = \"Home\"", "");
    site.page(
        "notes/a.md",
        "title = \"Alpha\"\ndate = 2024-02-01\n[taxonomies]\ncountries = [\"Kenya\", \"France\"]\ntopics = [\"Bribery\"]\ntags = [\"money\"]",
        "Alpha text.",
    );
    site.page(
        "notes/b.md",
        "title = \"Beta\"\ndate = 2024-03-01\ntags = [\"money\"]\n[taxonomies]\ncountries = [\"kenya\"]\ntopics = [\"Bribery\"]",
        "Beta text.",
    );
    site
}

#[test]
fn list_and_term_pages_come_from_the_themes_generic_templates() {
    let site = site();
    site.build();
    let list = site.html("countries/index.html");
    assert_eq!(texts(&list, "h1"), ["Countries"]);
    assert_eq!(texts(&list, ".tag-index a"), ["France", "Kenya"]);
    assert_eq!(
        attrs(&list, ".tag-index a", "href"),
        [
            "https://example.org/countries/france/",
            "https://example.org/countries/kenya/"
        ]
    );
    assert_eq!(texts(&list, ".tag-index .count"), ["1 page", "2 pages"]);

    let kenya = site.html("countries/kenya/index.html");
    assert_eq!(texts(&kenya, "h1"), ["Kenya"]);
    assert_eq!(texts(&kenya, ".cards .card h3"), ["Beta", "Alpha"]);
    assert_eq!(texts(&kenya, "title"), ["Countries: Kenya · Test dossier"]);
    assert_eq!(
        attrs(
            &kenya,
            "link[rel=alternate][href$='kenya/atom.xml']",
            "href"
        ),
        ["https://example.org/countries/kenya/atom.xml"]
    );
    assert_eq!(
        texts(&kenya, ".breadcrumbs li"),
        ["Home", "Countries", "Kenya"]
    );
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .filter(|l| l.contains("/countries/") || l.contains("/topics/"))
        .collect();
    assert_eq!(
        locs,
        [
            "https://example.org/countries/",
            "https://example.org/countries/france/",
            "https://example.org/countries/kenya/",
            "https://example.org/topics/",
            "https://example.org/topics/bribery/"
        ]
    );
}

#[test]
fn terms_have_feeds_when_their_taxonomy_says_so() {
    let site = site();
    site.build();
    let xml = site.read("countries/kenya/atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text())
            .map(String::from)
    };
    assert_eq!(
        child_text(feed, "title").as_deref(),
        Some("Test dossier · Kenya")
    );
    assert_eq!(
        child_text(feed, "id").as_deref(),
        Some("https://example.org/countries/kenya/")
    );
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((atom, "link")) && c.attribute("rel") == Some("self"))
        .and_then(|c| c.attribute("href"));
    assert_eq!(
        self_link,
        Some("https://example.org/countries/kenya/atom.xml")
    );
    let entries: Vec<String> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .filter_map(|e| child_text(e, "title"))
        .collect();
    assert_eq!(entries, ["Beta", "Alpha"]);
    assert!(site.exists("countries/france/atom.xml"));
    assert!(!site.exists("topics/bribery/atom.xml"));
}

#[test]
fn a_paginated_taxonomy_pages_its_terms() {
    let site = site();
    site.build();
    let first = site.html("topics/bribery/index.html");
    assert_eq!(texts(&first, ".cards .card h3"), ["Beta"]);
    assert_eq!(texts(&first, ".pager [aria-current=page]"), ["Page 1 of 2"]);
    let second = site.html("topics/bribery/page/2/index.html");
    assert_eq!(texts(&second, ".cards .card h3"), ["Alpha"]);
    assert_eq!(
        attrs(&second, ".pager a[rel=prev]", "href"),
        ["https://example.org/topics/bribery/"]
    );
    assert!(site.exists("topics/bribery/page/1/index.html"));
    assert!(!site.exists("topics/bribery/page/3/index.html"));
}

#[test]
fn tags_in_taxonomies_are_the_tags() {
    let site = site();
    site.build();
    let money = site.html("tags/money/index.html");
    assert_eq!(texts(&money, ".cards .card h3"), ["Alpha", "Beta"]);
    assert!(!site.exists("money/index.html"));
}

#[test]
fn a_sites_own_templates_and_the_functions_see_zolas_names() {
    let site = site();
    site.file(
        "templates/countries/list.html",
        "{% set t = get_taxonomy(kind=\"countries\") %}{{ t.permalink }} {{ t.kind.name }} feed={{ t.kind.feed }} \
         {% for i in t.items %}{{ i.name }}={{ i.page_count }};{% endfor %} \
         {% set k = get_taxonomy_term(kind=\"countries\", term=\"KENYA\") %}{{ k.permalink }} \
         {% for p in k.pages %}{{ p.title }},{% endfor %} terms={% for t in terms %}{{ t.slug }},{% endfor %} at={{ current_path }}",
    );
    site.file(
        "templates/countries/single.html",
        "{{ taxonomy.name }}/{{ term.name }}: {% for p in term.pages %}{{ p.title }},{% endfor %}",
    );
    site.build();
    assert_eq!(
        site.read("countries/index.html"),
        "https://example.org/countries/ countries feed=true France=1;Kenya=2; \
         https://example.org/countries/kenya/ Beta,Alpha, terms=france,kenya, at=/countries/"
    );
    assert_eq!(
        site.read("countries/kenya/index.html"),
        "countries/Kenya: Beta,Alpha,"
    );
    // Topics keep the theme's.
    assert_eq!(texts(&site.html("topics/index.html"), "h1"), ["Topics"]);
}

#[test]
fn an_unknown_taxonomy_is_an_error_at_its_place_with_the_closest_name() {
    let site = site();
    site.page(
        "notes/c.md",
        "title = \"C\"\n[taxonomies]\ncontries = [\"Kenya\"]",
        "",
    );
    let err = site.build_fails();
    let expected = "content/notes/c.md:4:1: error: unknown taxonomy `contries`; did you mean `countries`? declare it in site.toml: `taxonomies = [{ name = \"contries\" }]`";
    assert!(
        err.lines().any(|l| l == expected),
        "{expected}\nnot in:\n{err}"
    );
}

#[test]
fn taxonomy_mistakes_are_errors_at_their_place() {
    let site = site();
    site.page(
        "notes/d.md",
        "title = \"D\"\n[taxonomies]\ncountries = \"Kenya\"",
        "",
    );
    let err = site.build_fails();
    let expected =
        "content/notes/d.md:4:13: error: `countries` must be a list, like `countries = [\"x\"]`";
    assert!(
        err.lines().any(|l| l == expected),
        "{expected}\nnot in:\n{err}"
    );

    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"T\"\ntaxonomies = [{ name = \"a/b\" }]\n",
    );
    let err = site.build_fails();
    let expected = "site.toml:2:24: error: taxonomy `a/b` is not a plain name: write it with letters, digits, `-` and `_`";
    assert!(
        err.lines().any(|l| l == expected),
        "{expected}\nnot in:\n{err}"
    );
}

#[test]
fn serve_keeps_terms_as_a_build_does() {
    use crate::support::serve::{assert_same_build, full_build, served, TempSite};
    use dossier::incremental::{Change, LiveSite};
    let site = TempSite::new(&[
        ("site.toml", SITE),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n[taxonomies]\ncountries = [\"Kenya\"]\n+++\nText.\n",
        ),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\nText.\n"),
    ]);
    let options = dossier::site::Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Default::default()
    };
    let mut live = LiveSite::new(site.root(), options.clone());
    live.update([Change::Everything]).unwrap();
    live.finish().unwrap();
    assert_same_build(&served(&live), &full_build(site.root(), &options), "start");

    site.edit(
        "content/b.md",
        "title = \"B\"\n",
        "title = \"B\"\n[taxonomies]\ncountries = [\"Peru\"]\n",
    );
    live.update([Change::Content("b.md".into())]).unwrap();
    live.finish().unwrap();
    let after = served(&live);
    assert_same_build(&after, &full_build(site.root(), &options), "a new term");
    assert!(after.contains_key("countries/peru/index.html"));
    assert!(after.contains_key("countries/peru/atom.xml"));

    site.edit("content/b.md", "countries = ", "contries = ");
    let err = live.update([Change::Content("b.md".into())]).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown taxonomy `contries`; did you mean `countries`?"),
        "{err}"
    );
}

//! A build renders each page's Markdown when a template needs it and lets go of it after,
//! reading the file again rather than keeping every page's text: listings, `get_page` and
//! nested sections must still show every page's HTML, and a file that changes or goes
//! missing between reading and rendering must fail the build, not render empty.

use crate::support::common::*;

use dossier::site::{Options, Site};

/// Sections listing their pages' content and summaries, a nested section, and a page that
/// shows another section's page through `get_page`.
fn listing_site() -> TestSite {
    let site = TestSite::new();
    let listing = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ section.title }}</title></head><body>\
         <main>{{ section.content | safe }}\
         {% for p in section.pages %}<article data-path=\"{{ p.path }}\">\
         <div class=\"summary\">{{ p.summary | default(value=\"\") | safe }}</div>\
         <div class=\"content\">{{ p.content | safe }}</div></article>{% endfor %}\
         </main></body></html>";
    site.file("templates/section.html", listing)
        .file("templates/index.html", listing)
        .file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head><body>\
         <main>{{ page.content | safe }}\
         {% if page.extra.show %}{% set other = get_page(path=page.extra.show) %}\
         <aside>{{ other.content | safe }}</aside>{% endif %}</main></body></html>",
    )
    .page("_index.md", "title = \"Home\"", "The *home* page.\n")
    .page("notes/_index.md", "title = \"Notes\"", "All the notes.\n")
    .page(
        "notes/a.md",
        "title = \"A\"",
        "Lead of **A**.\n\n<!-- more -->\n\nRest of A, linking [[B]].\n",
    )
    .page("notes/b.md", "title = \"B\"", "Body of *B*.\n")
    .page("notes/deep/_index.md", "title = \"Deep\"", "A section inside.\n")
    .page("notes/deep/c.md", "title = \"C\"", "Body of C.\n")
    .page(
        "d.md",
        "title = \"D\"\n[extra]\nshow = \"notes/deep/c.md\"",
        "Body of D.\n",
    );
    site
}

#[test]
fn listings_and_get_page_show_every_pages_html() {
    let site = listing_site();
    site.build();

    let notes = site.html("notes/index.html");
    assert_eq!(texts(&notes, "main > p"), ["All the notes."]);
    let articles = attrs(&notes, "article", "data-path");
    assert_eq!(articles, ["/notes/a/", "/notes/b/"]);
    let a = notes
        .select(&sel("article[data-path='/notes/a/']"))
        .next()
        .expect("A listed");
    let a_html = a.html();
    let a_doc = scraper::Html::parse_fragment(&a_html);
    assert_eq!(texts(&a_doc, ".summary p"), ["Lead of A."]);
    assert_eq!(
        texts(&a_doc, ".content p"),
        ["Lead of A.", "Rest of A, linking B."]
    );
    assert_eq!(
        attrs(&a_doc, ".content a", "href"),
        ["https://example.org/notes/b/"]
    );
    assert_eq!(
        texts(&notes, "article[data-path='/notes/b/'] .content em"),
        ["B"]
    );

    // The nested section lists its own page; the home lists the page at the top.
    let deep = site.html("notes/deep/index.html");
    assert_eq!(texts(&deep, "article .content p"), ["Body of C."]);
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, "article[data-path='/d/'] .content p"),
        ["Body of D."]
    );
    assert_eq!(texts(&home, "main > p em"), ["home"]);

    // A page showing a page of another section through get_page.
    let d = site.html("d/index.html");
    assert_eq!(texts(&d, "aside p"), ["Body of C."]);

    // Each page's own content.
    assert_eq!(texts(&site.html("notes/a/index.html"), "main > p").len(), 2);
}

#[test]
fn a_page_changed_after_it_was_read_fails_the_build() {
    let site = listing_site();
    site.build();
    let before = snapshot(&site.out());

    let loaded = Site::load(site.root(), &Options::default()).expect("loads");
    site.page(
        "notes/b.md",
        "title = \"B\"",
        "Saved again, with [[a link]] more.\n",
    );
    let err = loaded
        .write(&site.out())
        .expect_err("a page that changed since it was read fails the build")
        .to_string();
    assert!(
        err.contains("content/notes/b.md: error: changed while the site was being built"),
        "{err}"
    );
    assert_eq!(snapshot(&site.out()), before, "the old output stays");
}

#[test]
fn a_page_removed_after_it_was_read_fails_the_build() {
    let site = listing_site();
    let loaded = Site::load(site.root(), &Options::default()).expect("loads");
    site.remove("content/notes/deep/c.md");
    let err = loaded
        .write(&site.out())
        .expect_err("a page that is gone fails the build")
        .to_string();
    assert!(
        err.contains("content/notes/deep/c.md: error: cannot read file again to render it"),
        "{err}"
    );
    assert!(!site.out().exists(), "nothing is written");
}

#[test]
fn a_broken_link_still_names_its_line_and_column() {
    // Errors in resolution are located in the page's text, which a build lets go of.
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "One.\n\nTwo [[nowhere]].\n");
    let err = site.build_fails();
    assert!(err.contains("content/a.md:6:5: error:"), "{err}");
}

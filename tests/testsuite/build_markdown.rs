//! Markdown: extensions, heading ids with self-links, table of contents, summary.

use crate::support::common::*;

#[test]
fn heading_ids_follow_github_and_get_self_links() {
    let site = TestSite::new();
    site.page(
        "a.md",
        "title = \"A\"",
        "## The PwC assessments\n\n## What's next? (2019)\n\n## Notes\n\n## Notes\n\n## Custom {#my-id}\n\n## Übersicht\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        attrs(&doc, "article h2", "id"),
        [
            "the-pwc-assessments",
            "whats-next-2019",
            "notes",
            "notes-1",
            "my-id",
            "übersicht"
        ]
    );
    assert_eq!(
        attrs(&doc, "article h2 a.heading-anchor", "href"),
        [
            "#the-pwc-assessments",
            "#whats-next-2019",
            "#notes",
            "#notes-1",
            "#my-id",
            "#übersicht"
        ]
    );
}

#[test]
fn table_of_contents_nests_headings() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "{% for h in page.toc %}[{{ h.id }}{% for c in h.children %} ({{ c.title }} {{ c.permalink | safe }}){% endfor %}]{% endfor %}",
    )
    .page("a.md", "title = \"A\"", "## One\n\n### One point one\n\n## Two\n");
    site.build();
    assert_eq!(
        site.read("a/index.html"),
        "[one (One point one https://example.org/a/#one-point-one)][two]"
    );
}

#[test]
fn extensions_are_on() {
    let site = TestSite::new();
    site.page(
        "a.md",
        "title = \"A\"",
        "| h |\n|---|\n| c |\n\nText[^n] ~~gone~~ \"quoted\"\n\n- [x] done\n\n[^n]: The note.\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(texts(&doc, "article table td"), ["c"]);
    assert_eq!(texts(&doc, "article del"), ["gone"]);
    assert_eq!(
        attrs(&doc, "article input[type=checkbox]", "checked").len(),
        1
    );
    assert!(!texts(&doc, ".footnote-definition").is_empty());
    assert!(texts(&doc, "article p")
        .iter()
        .any(|t| t.contains("“quoted”")));
}

#[test]
fn summary_word_count_and_reading_time() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "{{ page.summary | safe }}|{{ page.word_count }}|{{ page.reading_time }}",
    )
    .page(
        "a.md",
        "title = \"A\"",
        "First *para*.\n\n<!-- more -->\n\nSecond.",
    )
    .page(
        "b.md",
        "title = \"B\"\ndescription = \"Short & sweet\"",
        "Body.",
    );
    site.build();
    // A paragraph's id is a hash of its words (`markdown::ParagraphIds`).
    assert_eq!(
        site.read("a/index.html"),
        "<p id=\"p-845a6a\">First <em>para</em>.</p>|3|1"
    );
    assert_eq!(site.read("b/index.html"), "<p>Short &amp; sweet</p>|1|1");
}

#[test]
fn reading_time_is_words_over_200_rounded_up() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "{{ page.word_count }}|{{ page.reading_time }}",
    );
    for words in [0, 1, 200, 201, 400, 401, 1000] {
        site.page(
            &format!("w{words}.md"),
            "title = \"Words\"",
            &"word ".repeat(words),
        );
    }
    site.build();
    for (words, shown) in [
        (0, "0|0"),
        (1, "1|1"),
        (200, "200|1"),
        (201, "201|2"),
        (400, "400|2"),
        (401, "401|3"),
        (1000, "1000|5"),
    ] {
        assert_eq!(
            site.read(&format!("w{words}/index.html")),
            shown,
            "{words} words"
        );
    }
}

//! Citations: numbering, repeats, multi-cites, locators, reference lists, "cited by", errors.

use crate::support::common::*;

fn sourced_site() -> TestSite {
    let site = TestSite::new();
    site.page("sources/_index.md", "title = \"Sources\"", "")
        .page(
            "sources/nyt-2018-06-05.md",
            "title = \"Facebook Gave Data Access to Chinese Firm\"\nkind = \"source\"\npublisher = \"The New York Times\"\ndate = 2018-06-05\nauthors = [\"A. Reporter\"]\nurl = \"https://example.com/nyt\"\narchive_url = \"https://archive.example/nyt\"",
            "The report.",
        )
        .page(
            "sources/ftc-2011.md",
            "title = \"FTC announcement\"\nkind = \"source\"\npublisher = \"Federal Trade Commission\"\ndate = 2011-11-29",
            "",
        )
        .page("sources/hpsci-2012.md", "title = \"HPSCI report\"\nkind = \"source\"", "");
    site
}

#[test]
fn numbering_follows_first_appearance_and_repeats_keep_their_number() {
    let site = sourced_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "One [@ftc-2011]. Two [@nyt-2018-06-05; @hpsci-2012, p. 4]. Three [@ftc-2011, para. 2]. Four [@nyt-2018-06-05].",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        texts(&doc, "sup.citation"),
        ["[1]", "[2, 3, p. 4]", "[1, para. 2]", "[2]"]
    );
    assert_eq!(
        attrs(&doc, "sup.citation a", "href"),
        ["#ref-1", "#ref-2", "#ref-3", "#ref-1", "#ref-2"]
    );
    // Every citation mark has its own id, so the HTML stays valid.
    let ids = attrs(&doc, "sup.citation a", "id");
    assert_eq!(
        ids,
        ["cite-1-1", "cite-2-1", "cite-3-1", "cite-1-2", "cite-2-2"]
    );
    // The reference list: one entry a source, in number order, linking to the source page.
    assert_eq!(
        attrs(&doc, ".references li", "id"),
        ["ref-1", "ref-2", "ref-3"]
    );
    assert_eq!(
        attrs(&doc, ".references li > a.ref-title", "href"),
        [
            "https://example.org/sources/ftc-2011/",
            "https://example.org/sources/nyt-2018-06-05/",
            "https://example.org/sources/hpsci-2012/",
        ]
    );
}

#[test]
fn references_and_cited_by_reach_templates() {
    let site = sourced_site();
    site.file(
        "templates/page.html",
        "{% for r in page.references %}{{ r.number }}|{{ r.key }}|{{ r.title }}|{{ r.publisher }}|{{ r.date }}|{{ r.url }}|{{ r.archive_url }}|{{ r.authors | join(sep=',') }}|{{ r.locators | join(sep=';') }}\n{% endfor %}{% for c in page.cited_by %}{{ c.title }}: {{ c.context }}\n{% endfor %}",
    )
    .page("a.md", "title = \"A\"", "Huawei was named [@nyt-2018-06-05, p. 2]. Again [@nyt-2018-06-05, p. 3].")
    .page("b.md", "title = \"B\"", "A second page [@nyt-2018-06-05].");
    site.build();
    assert_eq!(
        site.read("a/index.html"),
        "1|nyt-2018-06-05|Facebook Gave Data Access to Chinese Firm|The New York Times|2018-06-05|https://example.com/nyt|https://archive.example/nyt|A. Reporter|p. 2;p. 3\n"
    );
    assert_eq!(
        site.read("sources/nyt-2018-06-05/index.html"),
        // Two citations in one short paragraph share its context, shown once.
        "A: Huawei was named. Again.\nB: A second page.\n"
    );
}

#[test]
fn unknown_keys_are_errors_at_their_place() {
    let site = sourced_site();
    site.page("notes/plain.md", "title = \"Plain\"", "").page(
        "a.md",
        "title = \"A\"",
        "Fine [@ftc-2011].\nBad [@ftc-2012] and [@hpsci-2012; @nope].\n\n[@plain]",
    );
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.contains(&"content/a.md:5:5: error: citation of unknown source `@ftc-2012`; did you mean `ftc-2011`?"), "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/a.md:5:21: error: citation of unknown source `@nope`")),
        "{err}"
    );
    assert!(
        lines.contains(&"content/a.md:7:1: error: citation of unknown source `@plain`; content/notes/plain.md exists but is not a source (add `kind = \"source\"`)"),
        "{err}"
    );
}

#[test]
fn bracketed_text_that_is_not_a_citation_stays_text() {
    let site = sourced_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "He said [sic] and wrote to [a@b.org].",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        texts(&doc, "article p")[0],
        "He said [sic] and wrote to [a@b.org]."
    );
    assert!(texts(&doc, "sup.citation").is_empty());
}

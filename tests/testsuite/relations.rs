//! `[[events]]` and `[[relations]]` in front matter, event pages, and their errors.

use crate::support::common::*;

fn actors() -> TestSite {
    let site = TestSite::new();
    site.page("sources/nyt.md", "title = \"NYT report\"\nkind = \"source\"", "")
        .page("sources/tp.md", "title = \"ThinkProgress\"\nkind = \"source\"", "")
        .page("orgs/facebook.md", "title = \"Facebook\"\nkind = \"organization\"", "")
        .page(
            "orgs/huawei.md",
            "title = \"Huawei\"\nkind = \"organization\"\n[[relations]]\nto = \"facebook\"\nkind = \"device partner of\"\nsince = 2010\nuntil = \"2018-06\"\nsources = [\"nyt\"]\n\n[[events]]\ndate = \"1987\"\ntitle = \"Huawei founded\"\nsources = [\"tp\"]\n\n[[events]]\ndate = 2018-06-05\nend = 2018-06-06\ntitle = \"Partnership reported\"\nsources = [\"nyt\", \"tp\"]",
            "Body cites [@tp].",
        );
    site
}

#[test]
fn relations_resolve_both_ways_with_dates_and_sources() {
    let site = actors();
    site.file(
        "templates/page.html",
        "{% for r in page.relations %}out:{{ r.from.title }}|{{ r.kind }}|{{ r.to.title }}|{{ r.to.permalink | safe }}|{{ r.since }}|{{ r.until }}|{% for s in r.sources %}[{{ s.number }}]{{ s.key }}{% endfor %}\n{% endfor %}{% for r in page.inbound_relations %}in:{{ r.from.title }}|{{ r.kind }}\n{% endfor %}{% for x in page.references %}ref {{ x.number }} {{ x.key }}\n{% endfor %}",
    );
    site.build();
    // Body citations come first; sources of relations and events join the list after them.
    assert_eq!(
        site.read("orgs/huawei/index.html"),
        "out:Huawei|device partner of|Facebook|https://example.org/orgs/facebook/|2010|2018-06|[2]nyt\nref 1 tp\nref 2 nyt\n"
    );
    assert_eq!(
        site.read("orgs/facebook/index.html"),
        "in:Huawei|device partner of\n"
    );
}

#[test]
fn events_and_event_pages_make_one_sorted_timeline() {
    let site = actors();
    site.page(
        "events/hearing.md",
        "title = \"Senate hearing\"\nkind = \"event\"\ndate = 2018-09-05",
        "Wyden asked [@tp].",
    )
    .file(
        "templates/page.html",
        "{% for e in page.events %}{{ e.date }}{% if e.end %}–{{ e.end }}{% endif %} {{ e.title }};{% endfor %}",
    )
    .file(
        "templates/index.html",
        "{% for e in get_events() %}{{ e.year }}|{{ e.date }}|{{ e.title }}|{{ e.page.title }}|{% for s in e.sources %}{{ s.key }},{% endfor %}\n{% endfor %}{% for r in get_relations() %}{{ r.from.title }} {{ r.kind }} {{ r.to.title }}\n{% endfor %}",
    );
    site.build();
    assert_eq!(
        site.read("index.html"),
        "1987|1987|Huawei founded|Huawei|tp,\n2018|2018-06-05|Partnership reported|Huawei|nyt,tp,\n2018|2018-09-05|Senate hearing|Senate hearing|tp,\nHuawei device partner of Facebook\n"
    );
    assert_eq!(
        site.read("orgs/huawei/index.html"),
        "1987 Huawei founded;2018-06-05–2018-06-06 Partnership reported;"
    );
}

#[test]
fn partial_dates_sort_before_full_dates_of_the_same_period() {
    let site = TestSite::new();
    site.page("sources/s.md", "title = \"S\"\nkind = \"source\"", "")
        .page(
            "a.md",
            "title = \"A\"\n[[events]]\ndate = 2018-06-05\ntitle = \"Day\"\nsources = [\"s\"]\n[[events]]\ndate = \"2018-06\"\ntitle = \"Month\"\nsources = [\"s\"]\n[[events]]\ndate = 2018\ntitle = \"Year\"\nsources = [\"s\"]",
            "",
        )
        .file("templates/index.html", "{% for e in get_events() %}{{ e.title }};{% endfor %}");
    site.build();
    assert_eq!(site.read("index.html"), "Year;Month;Day;");
}

#[test]
fn bad_targets_sources_and_dates_are_errors_in_the_front_matter() {
    let site = actors();
    site.page(
        "bad.md",
        "title = \"Bad\"\n[[relations]]\nto = \"facebok\"\nkind = \"x\"\nsources = [\"nytt\"]\n[[events]]\ndate = \"June 2018\"\ntitle = \"E\"\nsources = [\"tp\"]",
        "",
    );
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.contains(&"content/bad.md:4:6: error: relation target `facebok` matches no page; did you mean `facebook`?"), "{err}");
    assert!(
        lines.contains(&"content/bad.md:6:12: error: unknown source `nytt`; did you mean `nyt`?"),
        "{err}"
    );
    assert!(lines.contains(&"content/bad.md:8:8: error: `date` must be a date (2018-09-05), a \"YYYY-MM\" string or a year"), "{err}");
}

#[test]
fn missing_required_event_fields_are_errors() {
    let site = actors();
    site.page(
        "bad.md",
        "title = \"Bad\"\n[[events]]\ntitle = \"No date\"",
        "",
    );
    let err = site.build_fails();
    assert!(
        err.contains("content/bad.md:") && err.contains("missing field `date`"),
        "{err}"
    );
}

/// The default theme's relation sentence on `people/x/`.
fn relation_lines(relations: &str) -> Vec<String> {
    let site = TestSite::new();
    site.page("sources/s.md", "title = \"Record\"\nkind = \"source\"", "")
        .page(
            "orgs/acme.md",
            "title = \"Acme\"\nkind = \"organization\"",
            "",
        )
        .page(
            "people/x.md",
            &format!("title = \"Ada Example\"\nkind = \"person\"\n{relations}"),
            "Cites [@s].",
        );
    site.build();
    texts(&site.html("people/x/index.html"), ".relations li")
}

#[test]
fn a_one_off_act_has_a_date_and_a_state_a_period() {
    let one = |r: &str| relation_lines(&format!("[[relations]]\nto = \"acme\"\n{r}"));
    assert_eq!(
        one("kind = \"founded\"\ndate = 1987"),
        ["Ada Example founded Acme in 1987"]
    );
    assert_eq!(
        one("kind = \"questioned\"\ndate = 2018-09-05\nsources = [\"s\"]"),
        ["Ada Example questioned Acme on 5 September 2018 [1]"]
    );
    assert_eq!(
        one("kind = \"sued\"\ndate = \"2018-06\""),
        ["Ada Example sued Acme in June 2018"]
    );
    assert_eq!(
        one("kind = \"was chief executive of\"\nsince = 2017\nuntil = 2021"),
        ["Ada Example was chief executive of Acme from 2017 to 2021"]
    );
    assert_eq!(
        one("kind = \"has chaired\"\nsince = 2011"),
        ["Ada Example has chaired Acme since 2011"]
    );
    assert_eq!(
        one("kind = \"advised\"\nuntil = \"2018-07\""),
        ["Ada Example advised Acme until July 2018"]
    );
    assert_eq!(one("kind = \"knows\""), ["Ada Example knows Acme"]);
}

#[test]
fn a_relation_with_both_a_date_and_a_period_is_an_error_at_its_date() {
    let site = TestSite::new();
    site.page("orgs/acme.md", "title = \"Acme\"\nkind = \"organization\"", "")
        .page(
            "people/x.md",
            "title = \"X\"\n[[relations]]\nto = \"acme\"\nkind = \"founded\"\ndate = 1987\nsince = 1987",
            "",
        );
    let err = site.build_fails();
    assert!(
        err.contains(
            "content/people/x.md:6:8: error: a relation has either `date` (a one-off act: \
             founded, questioned) or `since`/`until` (a state that lasted: chaired, was a \
             member of), not both"
        ),
        "{err}"
    );
}

#[test]
fn a_relation_cited_by_a_source_is_told_with_titles_not_paths() {
    let site = TestSite::new();
    site.page("sources/s.md", "title = \"Record\"\nkind = \"source\"", "")
        .page("orgs/acme.md", "title = \"Acme Holdings\"\nkind = \"organization\"", "")
        .page(
            "people/x.md",
            "title = \"Ada Example\"\nkind = \"person\"\n[[relations]]\nto = \"orgs/acme\"\nkind = \"advised\"\nsources = [\"s\"]",
            "",
        );
    site.build();
    let contexts = texts(&site.html("sources/s/index.html"), ".cited-by .context");
    assert_eq!(contexts, ["Ada Example advised Acme Holdings"]);
}

#[test]
fn an_ambiguous_relation_target_is_an_error_listing_the_candidates() {
    let site = TestSite::new();
    // "Acme" is the title of one page and an aka of another.
    site.page(
        "orgs/acme.md",
        "title = \"Acme\"\nkind = \"organization\"",
        "",
    )
    .page(
        "orgs/acme-holdings.md",
        "title = \"Acme Holdings\"\naka = [\"Acme\"]\nkind = \"organization\"",
        "",
    )
    .page(
        "bad.md",
        "title = \"Bad\"\n[[relations]]\nto = \"Acme\"\nkind = \"sued\"",
        "",
    );
    let err = site.build_fails();
    assert_eq!(
        err,
        "content/orgs/acme-holdings.md:3:9: error: \"Acme\" also names content/orgs/acme.md, so links to it cannot choose; give one page another title, or link by path: `orgs/acme-holdings`, `orgs/acme`
  |
3 | aka = [\"Acme\"]
  |         ^
  |
  = note: linked as `to = \"Acme\"` from content/bad.md:4:6

content/orgs/acme.md:2:10: error: \"Acme\" also names content/orgs/acme-holdings.md, so links to it cannot choose; give one page another title, or link by path: `orgs/acme-holdings`, `orgs/acme`
  |
2 | title = \"Acme\"
  |          ^
  |
  = note: linked as `to = \"Acme\"` from content/bad.md:4:6

2 errors
"
    );
    // The path chooses one.
    site.page(
        "bad.md",
        "title = \"Bad\"\n[[relations]]\nto = \"orgs/acme-holdings\"\nkind = \"sued\"",
        "",
    )
    .file(
        "templates/page.html",
        "{% for r in page.relations %}{{ r.kind }} {{ r.to.title }};{% endfor %}",
    );
    site.build();
    assert_eq!(site.read("bad/index.html"), "sued Acme Holdings;");
}

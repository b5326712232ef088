//! Wikilinks and `@/` links: every form, every resolution rule, and each error at its place.

use crate::support::common::*;

fn linked_site() -> TestSite {
    let site = TestSite::new();
    site.page("people/_index.md", "title = \"People\"", "")
        .page(
            "people/ron-wyden.md",
            "title = \"Ron Wyden\"\naka = [\"Sen. Wyden\", \"Senator Wyden\"]",
            "## Career\n\n## Questions to Facebook\n",
        )
        .page(
            "organizations/huawei.md",
            "title = \"Huawei Technologies\"",
            "## History\n",
        );
    site
}

fn hrefs(site: &TestSite, page: &str) -> Vec<String> {
    attrs(&site.html(page), "article p a", "href")
}

#[test]
fn wikilink_forms_resolve_by_slug_path_title_and_aka() {
    let site = linked_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "[[ron-wyden]] [[people/ron-wyden|the senator]] [[RON WYDEN]] [[Sen. Wyden]] [[huawei technologies#history]] [[#local]] [[ron-wyden#questions-to-facebook]]\n\n## Local\n",
    );
    site.build();
    assert_eq!(
        hrefs(&site, "a/index.html"),
        [
            "https://example.org/people/ron-wyden/",
            "https://example.org/people/ron-wyden/",
            "https://example.org/people/ron-wyden/",
            "https://example.org/people/ron-wyden/",
            "https://example.org/organizations/huawei/#history",
            "#local",
            "https://example.org/people/ron-wyden/#questions-to-facebook",
        ]
    );
    // Unlabelled wikilinks show the target's title; labelled ones their label.
    let labels = texts(&site.html("a/index.html"), "article p a");
    assert_eq!(
        &labels[..4],
        ["Ron Wyden", "the senator", "Ron Wyden", "Ron Wyden"]
    );
}

#[test]
fn at_links_resolve_file_paths_with_anchors() {
    let site = linked_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "[Wyden](@/people/ron-wyden.md) [career](@/people/ron-wyden.md#career) [people](@/people/_index.md)",
    );
    site.build();
    assert_eq!(
        hrefs(&site, "a/index.html"),
        [
            "https://example.org/people/ron-wyden/",
            "https://example.org/people/ron-wyden/#career",
            "https://example.org/people/",
        ]
    );
}

#[test]
fn code_spans_and_blocks_are_left_alone() {
    let site = linked_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "`[[nowhere]]` and `[@nokey]`\n\n```\n[[nowhere]] [@nokey]\n```\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(texts(&doc, "article p code"), ["[[nowhere]]", "[@nokey]"]);
    assert_eq!(texts(&doc, "article pre code"), ["[[nowhere]] [@nokey]"]);
}

#[test]
fn broken_links_are_all_reported_with_place_and_suggestion() {
    let site = linked_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "First line.\nSee [[ron-wydne]] here.\n\n[x](@/people/ron-wyden.md#carer) and [[#nowhere]]\n\n[y](@/people/nobody.md)",
    );
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.contains(&"content/a.md:5:5: error: link [[ron-wydne]] matches no page; did you mean `ron-wyden`?"), "{err}");
    assert!(lines.contains(&"content/a.md:7:1: error: content/people/ron-wyden.md has no heading with id `#carer`; did you mean `#career`?"), "{err}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "content/a.md:7:38: error: content/a.md has no heading with id `#nowhere`"
        )),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("content/a.md:9:1: error: link @/people/nobody.md matches no page")),
        "{err}"
    );
    assert!(err.trim_end().ends_with("4 errors"), "{err}");
}

#[test]
fn ambiguous_targets_list_candidates() {
    let site = linked_site();
    site.page(
        "notes/wyden.md",
        "title = \"Wyden\"\naka = [\"Sen. Wyden\"]",
        "",
    )
    .page("a.md", "title = \"A\"", "[[Sen. Wyden]]");
    let err = site.build_fails();
    // Once per page of the name, at the line that gives it, with the link under it.
    assert_eq!(
        err,
        "content/notes/wyden.md:3:9: error: \"Sen. Wyden\" also names content/people/ron-wyden.md, so links to it cannot choose; give one page another title, or link by path: `notes/wyden`, `people/ron-wyden`
  |
3 | aka = [\"Sen. Wyden\"]
  |         ^
  |
  = note: linked as [[Sen. Wyden]] from content/a.md:4:1

content/people/ron-wyden.md:3:9: error: \"Sen. Wyden\" also names content/notes/wyden.md, so links to it cannot choose; give one page another title, or link by path: `notes/wyden`, `people/ron-wyden`
  |
3 | aka = [\"Sen. Wyden\", \"Senator Wyden\"]
  |         ^
  |
  = note: linked as [[Sen. Wyden]] from content/a.md:4:1

2 errors
"
    );
    // The path always disambiguates.
    site.page("a.md", "title = \"A\"", "[[people/ron-wyden]]");
    site.build();
}

#[test]
fn backlinks_carry_the_sentence_around_the_link() {
    let site = linked_site();
    site.file(
        "templates/page.html",
        "{% for b in page.backlinks %}{{ b.title }}: {{ b.context }}\n{% endfor %}",
    )
    .page(
        "a.md",
        "title = \"Hearing\"",
        "Background first. At the hearing [[ron-wyden]] asked about audits. Then more.",
    )
    .page(
        "b.md",
        "title = \"Deal\"\n[[relations]]\nto = \"ron-wyden\"\nkind = \"criticised by\"",
        "No body link.",
    )
    .page("c.md", "title = \"Self\"", "[[#x]]\n\n## x");
    site.build();
    assert_eq!(
        site.read("people/ron-wyden/index.html"),
        // By title; a relation reads as a sentence, by titles.
        "Deal: Deal criticised by Ron Wyden\nHearing: Background first. At the hearing Ron Wyden asked about audits. Then more.\n"
    );
    // A page's links to itself are not backlinks.
    assert_eq!(site.read("c/index.html"), "");
}

#[test]
fn backlinks_in_the_default_theme() {
    let site = linked_site();
    site.page(
        "a.md",
        "title = \"Hearing\"",
        "At the hearing [[ron-wyden|Wyden]] asked.",
    );
    site.build();
    let doc = site.html("people/ron-wyden/index.html");
    assert_eq!(texts(&doc, ".backlinks h2"), ["Referenced by"]);
    // The page, then the place in it: the link's own id.
    assert_eq!(
        attrs(&doc, ".backlinks a", "href"),
        [
            "https://example.org/a/",
            "https://example.org/a/#link-ron-wyden-1"
        ]
    );
    assert_eq!(
        texts(&doc, ".backlinks .linking > li"),
        ["Hearing Page 1 link At the hearing Wyden asked."]
    );
    assert_eq!(texts(&doc, ".backlinks mark"), ["Wyden"]);
}

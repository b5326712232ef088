//! A Zola site's content builds where the features overlap: blank lines before `+++`, and
//! anchors as Zola's slugger writes them (`#get-page` for a `get_page` heading).

use crate::support::common::*;

#[test]
fn zola_content_with_blank_lines_and_zola_anchors_builds() {
    let site = TestSite::new();
    site.file(
        "content/docs/_index.md",
        "\n\n+++\ntitle = \"Documentation\"\n+++\n\nThe docs.\n",
    )
    .file(
        "content/docs/api.md",
        "\n+++\ntitle = \"API\"\n+++\n\n## get_page\n\nReturns a page.\n",
    )
    .file(
        "content/docs/guide.md",
        "+++\ntitle = \"Guide\"\n+++\n\nCall [get_page](@/docs/api.md#get-page) or [the same](@/docs/api.md#get_page).\n",
    );
    site.build();
    let guide = site.html("docs/guide/index.html");
    assert_eq!(
        attrs(&guide, ".page-content a", "href"),
        [
            "https://example.org/docs/api/#get_page",
            "https://example.org/docs/api/#get_page",
        ]
    );
    let api = site.html("docs/api/index.html");
    assert_eq!(attrs(&api, ".page-content h2", "id"), ["get_page"]);
    assert_eq!(
        texts(&site.html("docs/index.html"), "h1"),
        ["Documentation"]
    );
}

#[test]
fn a_zola_anchor_that_names_no_heading_is_still_an_error() {
    let site = TestSite::new();
    site.page("api.md", "title = \"API\"", "## get_page\n")
        .page("guide.md", "title = \"Guide\"", "[x](@/api.md#put-page)\n");
    let err = site.build_fails();
    assert!(err.contains("has no heading with id `#put-page`"), "{err}");
}

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

/// A Zola site without site.toml builds from its `config.toml`: the settings dossier shares
/// with Zola are read as Zola means them, and the others are named in one warning.
#[test]
fn a_zola_config_toml_is_read_when_there_is_no_site_toml() {
    let site = TestSite::new();
    site.remove("site.toml");
    site.file(
        "config.toml",
        "base_url = \"https://zola.example\"\ntitle = \"A Zola site\"\ncompile_sass = true\n\
         build_search_index = true\ntheme = \"even\"\n\
         taxonomies = [{name = \"countries\", feed = true, lang = \"en\"}]\n\n\
         [markdown]\nhighlight_code = true\nhighlight_theme = \"css\"\n\n\
         [extra]\nauthor = \"Me\"\n",
    )
    .file(
        "content/a.md",
        "+++\ntitle = \"A\"\n\n[taxonomies]\ncountries = [\"China\"]\n+++\nText.\n",
    );
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("zola-config") || l.contains("Zola configuration"))
            .collect::<Vec<_>>(),
        ["config.toml: warning: read as a Zola configuration (there is no site.toml); left out, \
          as dossier does not support them: `build_search_index`, `compile_sass`, \
          `markdown.highlight_theme`, `taxonomies.lang`, `theme`"],
        "{stderr}"
    );
    let doc = site.html("a/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://zola.example/a/"]
    );
    assert!(site.exists("countries/china/index.html"));
    assert!(site.exists("countries/china/atom.xml"));
    assert_eq!(texts(&site.html("index.html"), "title"), ["A Zola site"]);
}

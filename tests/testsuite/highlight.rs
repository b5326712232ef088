//! Fenced code highlighted at build time: classes on the tokens of a known language, plain
//! code for an unknown one, the theme's colours for light and dark, and the switch to turn
//! it off.

use crate::support::common::*;

const BODY: &str =
    "```rust\n// A comment\nfn main() { let s = \"<b>\"; }\n```\n\n```klingon\nqaStaH nuq?\n```\n";

#[test]
fn known_languages_are_highlighted_with_classes_and_unknown_ones_stay_plain() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", BODY);
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        attrs(&doc, "pre.highlight > code", "class"),
        ["language-rust"]
    );
    assert_eq!(
        texts(&doc, "pre.highlight .hl-comment.hl-line"),
        ["// A comment"]
    );
    assert_eq!(
        texts(&doc, "pre.highlight .hl-storage.hl-type"),
        ["fn", "let"]
    );
    assert_eq!(
        texts(&doc, "pre.highlight .hl-string.hl-quoted"),
        ["\"<b>\""]
    );
    assert_eq!(
        texts(&doc, "pre.highlight > code"),
        ["// A comment fn main() { let s = \"<b>\"; }"]
    );
    // The unknown language: pulldown-cmark's own `<pre><code>`, no spans, no error.
    let plain: Vec<String> = doc
        .select(&sel("pre:not(.highlight) > code.language-klingon"))
        .map(|e| e.inner_html())
        .collect();
    assert_eq!(plain, ["qaStaH nuq?\n"]);
}

#[test]
fn the_themes_stylesheet_colours_the_classes_in_light_and_dark() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", BODY);
    site.build();
    let css = site.read("style.css");
    assert!(css.contains(".highlight .hl-comment { color: var(--hl-comment);"));
    assert!(css
        .contains(".highlight .hl-keyword, .highlight .hl-storage { color: var(--hl-keyword); }"));
    // The dark colours sit in the palette, once for the system's dark scheme and once for
    // the reader's toggle, so the code follows both (the browser test compares them).
    let dark = "--hl-comment: #a8a39b; --hl-keyword: #ff8cc6;";
    assert_eq!(css.matches(dark).count(), 2, "{css}");
    let toggle = css.split(":root[data-theme=\"dark\"] {").nth(1).unwrap();
    assert!(toggle.split('}').next().unwrap().contains(dark));
}

#[test]
fn highlight_code_false_leaves_code_plain() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n[markdown]\nhighlight_code = false\n",
    );
    site.page("a.md", "title = \"A\"", BODY);
    site.build();
    let doc = site.html("a/index.html");
    assert!(texts(&doc, "pre.highlight").is_empty());
    let rust: Vec<String> = doc
        .select(&sel("pre > code.language-rust"))
        .map(|e| e.inner_html())
        .collect();
    assert_eq!(
        rust,
        ["// A comment\nfn main() { let s = \"&lt;b&gt;\"; }\n"]
    );
}

#[test]
fn an_unknown_markdown_setting_is_an_error_with_a_suggestion() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n[markdown]\nhighlight = false\n",
    );
    site.page("a.md", "title = \"A\"", BODY);
    let stderr = site.build_fails();
    assert_eq!(
        stderr.lines().next(),
        Some("site.toml:4:1: error: unknown field `highlight`; did you mean `highlight_code`?")
    );
}

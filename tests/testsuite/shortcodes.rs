//! Shortcodes: Zola's two call forms, typed arguments, escaping, code left alone, errors at
//! the Markdown file's line and column, and the default theme's `document`, `quote`,
//! `figure` and `table_from_csv`.

use crate::support::common::*;

fn site_with_shortcode(name: &str, template: &str) -> TestSite {
    let site = TestSite::new();
    site.file(&format!("templates/shortcodes/{name}.html"), template);
    site
}

#[test]
fn both_forms_render_their_template_with_typed_arguments() {
    let site = site_with_shortcode(
        "show",
        r#"<span class="show">{{ s }}|{{ i + 1 }}|{{ f * 2 }}|{{ b }}|{{ l | length }}|{{ l.1 }}|{{ nth }}{% if body %}|{{ body | trim }}{% endif %}</span>"#,
    );
    site.file(
        "templates/shortcodes/note.html",
        "<aside class=\"shown-note\">{{ body }}</aside>",
    );
    site.page(
        "a.md",
        "title = \"A\"",
        "Inline {{ show(s=\"x\", i=41, f=1.25, b=true, l=[1, 'two'], body='') }} here.\n\n{% note() %}a & b{% end %}\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(texts(&doc, "p span.show"), ["x|42|2.5|true|2|two|1"]);
    assert_eq!(texts(&doc, "aside.shown-note"), ["a & b"]);
}

#[test]
fn escaped_calls_and_calls_in_code_stay_text() {
    let site = site_with_shortcode("show", "<b class=\"shown\">shown</b>");
    site.page(
        "a.md",
        "title = \"A\"",
        "Write {{/* show(a=1) */}} and {%/* show() */%}.\n\n`{{ show() }}`\n\n```\n{{ show() }}\n```\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert!(texts(&doc, "b.shown").is_empty());
    assert_eq!(
        texts(&doc, "main p"),
        ["Write {{ show(a=1) }} and {% show() %}.", "{{ show() }}"]
    );
    assert_eq!(texts(&doc, "main pre code"), ["{{ show() }}"]);
}

#[test]
fn links_and_citations_written_by_a_shortcode_resolve_and_keep_later_places_right() {
    let site = TestSite::new();
    site.page("sources/memo.md", "title = \"Memo\"\nkind = \"source\"", "")
        .page("b.md", "title = \"Bee\"", "")
        .page(
            "a.md",
            "title = \"A\"",
            "{% quote(by=\"A. Witness\", cite=\"memo, p. 4\") %}\nIt went to [[b]].\n{% end %}\n\nThen [[nowhere]].\n",
        );
    let stderr = site.build_fails();
    // The broken link after the shortcode is reported where the writer typed it.
    assert!(
        stderr.starts_with("content/a.md:8:6: error: link [[nowhere]] matches no page"),
        "{stderr}"
    );
    site.page(
        "a.md",
        "title = \"A\"",
        "{% quote(by=\"A. Witness\", cite=\"memo, p. 4\") %}\nIt went to [[b]].\n{% end %}\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        texts(&doc, "figure.pull-quote blockquote p"),
        ["It went to Bee."]
    );
    assert_eq!(
        attrs(&doc, "figure.pull-quote blockquote a", "href"),
        ["https://example.org/b/"]
    );
    assert_eq!(
        texts(&doc, "figure.pull-quote figcaption"),
        ["— A. Witness [1, p. 4]"]
    );
    assert_eq!(
        attrs(&doc, "figure.pull-quote figcaption sup.citation a", "href"),
        ["#ref-1"]
    );
}

#[test]
fn errors_name_the_place_of_the_call() {
    let site = site_with_shortcode("figures", "x");
    let cases = [
        (
            "Text.\n\n  {{ fgure(src=\"a.png\") }}\n",
            "content/a.md:6:3: error: unknown shortcode `fgure`: there is no templates/shortcodes/fgure.html; did you mean `figure`?",
        ),
        (
            "Text {{ figures(src \"a.png\") }}\n",
            "content/a.md:4:21: error: expected `=` after argument `src` of shortcode `figures`",
        ),
        (
            "{{ figures(n=twelve) }}\n",
            "content/a.md:4:14: error: argument `n` has no value Zola knows: write a string in quotes, a number, true, false or an array",
        ),
        (
            "\n{% figures() %}\nnever closed\n",
            "content/a.md:5:1: error: shortcode `figures` is never closed: add `{% end %}` after its body",
        ),
    ];
    for (body, expected) in cases {
        site.page("a.md", "title = \"A\"", body);
        let stderr = site.build_fails();
        assert_eq!(stderr.lines().next(), Some(expected), "{stderr}");
    }
}

#[test]
fn a_template_error_inside_a_shortcode_names_the_call() {
    let site = site_with_shortcode("boom", "{{ missing_argument }}");
    site.page("a.md", "title = \"A\"", "One.\n\nTwo {{ boom() }}\n");
    let stderr = site.build_fails();
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("content/a.md:6:5: error: shortcode `boom` failed: "),
        "{stderr}"
    );
    assert!(first.contains("missing_argument"), "{stderr}");
}

#[test]
fn a_site_shortcode_overrides_the_themes() {
    let site = site_with_shortcode("figure", "<p class=\"mine\">{{ src }}</p>");
    site.page("a.md", "title = \"A\"", "{{ figure(src=\"x\") }}\n");
    site.build();
    assert_eq!(texts(&site.html("a/index.html"), "p.mine"), ["x"]);
}

#[test]
fn the_themes_figure_has_its_image_caption_and_credit() {
    let site = TestSite::new();
    site.file("content/story/harbour.png", "not really a png");
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "{{ figure(src=\"harbour.png\", alt=\"The harbour at dawn\", caption=\"Ships & cranes\", credit=\"Photo: A. Person\") }}\n",
    );
    site.build();
    let doc = site.html("story/index.html");
    assert_eq!(attrs(&doc, "figure.figure > img", "src"), ["harbour.png"]);
    assert_eq!(
        attrs(&doc, "figure.figure > img", "alt"),
        ["The harbour at dawn"]
    );
    assert_eq!(
        texts(&doc, "figure.figure > figcaption"),
        ["Ships & cranes Photo: A. Person"]
    );
    assert_eq!(
        texts(&doc, "figure.figure .figure-credit"),
        ["Photo: A. Person"]
    );
}

#[test]
fn the_themes_table_from_csv_reads_the_bundles_file() {
    let site = TestSite::new();
    site.file(
        "content/story/payments.csv",
        "Date,Payer,Amount\n2019-03-01,\"Shell Co, Ltd\",\"1,000\"\n2020-01-15,Trust <B>,250\n",
    );
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "{{ table_from_csv(path=\"payments.csv\", caption=\"Payments\") }}\n",
    );
    site.build();
    let doc = site.html("story/index.html");
    assert_eq!(texts(&doc, "div.data-table table > caption"), ["Payments"]);
    assert_eq!(
        texts(&doc, "div.data-table thead th[scope=col]"),
        ["Date", "Payer", "Amount"]
    );
    assert_eq!(
        texts(&doc, "div.data-table tbody td"),
        [
            "2019-03-01",
            "Shell Co, Ltd",
            "1,000",
            "2020-01-15",
            "Trust <B>",
            "250"
        ]
    );
}

#[test]
fn a_missing_csv_is_an_error_at_the_call() {
    let site = TestSite::new();
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "Text.\n{{ table_from_csv(path=\"missing.csv\") }}\n",
    );
    let stderr = site.build_fails();
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("content/story/index.md:5:1: error: shortcode `table_from_csv` failed: "),
        "{stderr}"
    );
    assert!(
        first.contains("load_data: `@/story/missing.csv`"),
        "{stderr}"
    );
}

#[test]
fn the_themes_document_shows_the_bundles_document_as_a_card() {
    let site = TestSite::new();
    site.file("content/story/report.pdf", "%PDF-1.4 not really");
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "Read it:\n\n{{ document(name=\"report.pdf\") }}\n",
    );
    site.build();
    let doc = site.html("story/index.html");
    let with_embed = TestSite::new();
    with_embed.file("content/story/report.pdf", "%PDF-1.4 not really");
    with_embed.page(
        "story/index.md",
        "title = \"Story\"",
        "Read it:\n\n![[report.pdf]]\n",
    );
    with_embed.build();
    let embedded = with_embed.html("story/index.html");
    let card = |d: &scraper::Html| {
        d.select(&sel("main p"))
            .map(|e| e.inner_html())
            .collect::<Vec<_>>()
    };
    assert_eq!(card(&doc), card(&embedded));
    assert!(card(&doc)[1].contains("report.pdf"), "{:?}", card(&doc));
}

mod live {
    //! `dossier serve` after edits that change what a shortcode writes equals a full build.

    use crate::support::serve::{dossier_files, step_as_built, TempSite};
    use dossier::incremental::{Change, LiveSite};
    use dossier::site::Options;

    fn options() -> Options {
        Options {
            base_url: Some("http://127.0.0.1:4321".into()),
            ..Options::default()
        }
    }

    /// Applies `changes` and compares the served site with a full build; whether the site
    /// was loaded again.
    fn step(live: &mut LiveSite, site: &TempSite, changes: &[Change], what: &str) -> bool {
        step_as_built(live, site, changes, &options(), what).full
    }

    #[test]
    fn edits_to_shortcodes_their_templates_and_data_end_as_a_full_build_would() {
        let site = TempSite::new(&dossier_files());
        let mut live = LiveSite::new(site.root(), options());
        step(&mut live, &site, &[], "the first build");

        site.write("templates/shortcodes/tag.html", "<mark>{{ word }}</mark>");
        site.write(
            "templates/shortcodes/rows.html",
            "{% set d = load_data(path='@/' ~ page.colocated_path ~ path) %}<ul>{% for r in d.records %}<li>{{ r.0 }}</li>{% endfor %}</ul>",
        );
        site.write("content/story/numbers.csv", "a,b\n1,2\n");
        site.write(
            "content/story/index.md",
            "+++\ntitle = \"Story\"\n+++\nA {{ tag(word=\"first\") }}.\n\n{{ rows(path=\"numbers.csv\") }}\n",
        );
        let content = |rel: &str| Change::Content(rel.to_string());
        step(
            &mut live,
            &site,
            &[
                Change::Template("shortcodes/tag.html".into()),
                Change::Template("shortcodes/rows.html".into()),
                content("story/numbers.csv"),
                content("story/index.md"),
            ],
            "a page with shortcodes added",
        );

        // None of what follows loads the whole site again.
        site.write("templates/shortcodes/tag.html", "<em>{{ word }}</em>");
        let full = step(
            &mut live,
            &site,
            &[Change::Template("shortcodes/tag.html".into())],
            "a shortcode template edited",
        );
        assert!(!full, "a shortcode template edited");

        site.write("content/story/numbers.csv", "a,b\n3,4\n");
        let full = step(
            &mut live,
            &site,
            &[content("story/numbers.csv")],
            "the data of a shortcode edited",
        );
        assert!(!full, "the data of a shortcode edited");

        // What a shortcode writes is read like the rest: a wikilink in it makes a backlink.
        site.write("templates/shortcodes/see.html", "see [[{{ note }}]]");
        site.write(
            "content/notes/seeing.md",
            "+++\ntitle = \"Seeing\"\n+++\nWe {{ see(note=\"Huawei\") }}.\n",
        );
        let full = step(
            &mut live,
            &site,
            &[
                Change::Template("shortcodes/see.html".into()),
                content("notes/seeing.md"),
            ],
            "a new page calling a new shortcode",
        );
        assert!(!full, "a new page calling a new shortcode");
        site.write(
            "content/notes/marked.md",
            "+++\ntitle = \"Marked\"\n+++\nA {{ tag(word=\"second\") }}.\n",
        );
        let full = step(
            &mut live,
            &site,
            &[content("notes/marked.md")],
            "a new page calling a shortcode already there",
        );
        assert!(!full, "a new page calling a shortcode already there");
        site.write(
            "templates/shortcodes/see.html",
            "see [[{{ note }}|the maker]]",
        );
        let full = step(
            &mut live,
            &site,
            &[Change::Template("shortcodes/see.html".into())],
            "the shortcode's link relabelled",
        );
        assert!(!full, "the shortcode's link relabelled");

        // A shortcode template that no longer compiles is an error, as in a build, and the
        // last good site stays until it is fixed.
        site.write("templates/shortcodes/see.html", "see {{ note");
        let error = live
            .update([Change::Template("shortcodes/see.html".into())])
            .expect_err("a broken shortcode template");
        assert!(error.to_string().contains("shortcodes/see.html"), "{error}");
        site.write("templates/shortcodes/see.html", "looks at [[{{ note }}]]");
        step(
            &mut live,
            &site,
            &[Change::Template("shortcodes/see.html".into())],
            "the shortcode template fixed",
        );

        site.edit(
            "content/story/index.md",
            "{{ tag(word=\"first\") }}",
            "plain",
        );
        let full = step(
            &mut live,
            &site,
            &[content("story/index.md")],
            "a call removed",
        );
        assert!(!full, "a call removed");
    }
}

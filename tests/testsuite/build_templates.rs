//! Template lookup and context: site over theme over the built-in theme, kind templates,
//! the Zola-compatible context and functions, and template errors with their place.

use crate::support::common::*;

#[test]
fn site_templates_override_theme_folder_which_overrides_built_in() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Body")
        .page("s/_index.md", "title = \"S\"", "")
        // A theme folder named like the built-in theme overrides it file by file.
        .file(
            "themes/dossier/templates/page.html",
            "theme-folder page {{ page.title }}",
        )
        .file("templates/section.html", "site section {{ section.title }}");
    site.build();
    assert_eq!(site.read("a/index.html"), "theme-folder page A");
    assert_eq!(site.read("s/index.html"), "site section S");
    // Templates not overridden come from the built-in theme.
    assert_eq!(texts(&site.html("404.html"), "h1"), ["Page not found"]);

    site.file("templates/page.html", "site page {{ page.title }}");
    site.build();
    assert_eq!(site.read("a/index.html"), "site page A");
}

#[test]
fn other_theme_needs_its_folder() {
    let site = TestSite::new();
    site.file("site.toml", "title = \"T\"\ntheme = \"plain\"\n");
    let err = site.build_fails();
    assert!(
        err.contains("site.toml: error: theme `plain` not found"),
        "{err}"
    );
    site.file("themes/plain/templates/index.html", "plain home")
        .file("themes/plain/templates/page.html", "plain {{ page.title }}")
        .file("themes/plain/static/p.css", "p{}")
        .page("x.md", "title = \"X\"", "");
    site.build();
    assert_eq!(site.read("index.html"), "plain home");
    assert_eq!(site.read("x/index.html"), "plain X");
    assert_eq!(site.read("p.css"), "p{}");
}

#[test]
fn kind_template_then_front_matter_template() {
    let site = TestSite::new();
    site.file("templates/person.html", "person {{ page.title }}")
        .file("templates/special.html", "special {{ page.title }}")
        .file("templates/page.html", "page {{ page.title }}")
        .page("p.md", "title = \"Wyden\"\nkind = \"person\"", "")
        .page("n.md", "title = \"Note\"\nkind = \"note\"", "")
        .page(
            "t.md",
            "title = \"T\"\nkind = \"person\"\ntemplate = \"special.html\"",
            "",
        );
    site.build();
    assert_eq!(site.read("p/index.html"), "person Wyden");
    assert_eq!(site.read("n/index.html"), "page Note");
    assert_eq!(site.read("t/index.html"), "special T");
}

#[test]
fn zola_style_context_and_functions() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "{% set b = get_page(path='notes/b.md') %}{% set notes = get_section(path='notes/_index.md') %}{{ config.title }}|{{ page.permalink | safe }}|{{ page.path }}|{{ page.slug }}|{{ page.date }}|{{ page.word_count }}|{{ page.reading_time }}|{{ page.tags | join(sep=',') }}|{{ page.extra.beat | default(value='') }}|{{ get_url(path='@/notes/b.md') | safe }}|{{ b.title }}|{{ notes.pages | length }}|{{ get_url(path='style.css') | safe }}",
    )
    .page("notes/_index.md", "title = \"Notes\"", "")
    .page(
        "notes/a.md",
        "title = \"A\"\ndate = 2018-09-05\ntags = [\"huawei\", \"ftc\"]\n[extra]\nbeat = \"tech\"",
        "one two three",
    )
    .page("notes/b.md", "title = \"B\"", "");
    site.build();
    assert_eq!(
        site.read("notes/a/index.html"),
        "Test dossier|https://example.org/notes/a/|/notes/a/|a|2018-09-05|3|1|huawei,ftc|tech|https://example.org/notes/b/|B|2|https://example.org/style.css"
    );
}

#[test]
fn the_benchmark_corpus_templates_render() {
    // The Zola-style templates of ../shared/bench/gen_corpus.py, verbatim.
    let site = TestSite::new();
    site.file("templates/index.html", "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ config.title }}</title></head>\n<body><h1>{{ section.title }}</h1>{{ section.content | safe }}</body></html>\n")
        .file("templates/section.html", "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ section.title }} · {{ config.title }}</title></head>\n<body><h1>{{ section.title }}</h1>{{ section.content | safe }}\n<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>\n</body></html>\n")
        .file("templates/page.html", "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }} · {{ config.title }}</title></head>\n<body><article><h1>{{ page.title }}</h1><time>{{ page.date }}</time>\n{{ page.content | safe }}</article></body></html>\n")
        .page("_index.md", "title = \"Bench\"", "Synthetic.")
        .page("s000/_index.md", "title = \"Section 0\"", "Notes.")
        .page("s000/note-00000.md", "title = \"Note 0\"\ndate = 2018-01-01\ndescription = \"d\"", "See [[note-00001|note 1]] and [x](@/s000/note-00001.md).[^1]\n\n[^1]: foot")
        .page("s000/note-00001.md", "title = \"Note 1\"\ndate = 2018-01-02", "| a | b |\n| --- | --- |\n| 1 | 2 |");
    site.build();
    let doc = site.html("s000/note-00000/index.html");
    assert_eq!(texts(&doc, "time"), ["2018-01-01"]);
    assert_eq!(
        attrs(&doc, "article p a[href*='note-00001']", "href"),
        [
            "https://example.org/s000/note-00001/",
            "https://example.org/s000/note-00001/"
        ]
    );
    assert_eq!(
        texts(&site.html("s000/note-00001/index.html"), "table td"),
        ["1", "2"]
    );
    assert_eq!(
        attrs(&site.html("s000/index.html"), "li a", "href").len(),
        2
    );
}

#[test]
fn template_syntax_error_names_file_and_line() {
    let site = TestSite::new();
    site.file("templates/page.html", "line one\n{% if %}\n{% endif %}")
        .page("a.md", "title = \"A\"", "");
    let err = site.build_fails();
    assert!(err.contains("templates/page.html:2:"), "{err}");
    assert!(
        err.contains("error: template error: Failed to parse 'page.html': expected"),
        "{err}"
    );
}

#[test]
fn an_unknown_filter_is_placed_and_print_links_says_what_replaced_it() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>\n<p>{{ page.title | shout }}</p>",
    )
    .file(
        "templates/print_page.html",
        "<div>\n{{ page.content | print_links(anchor=anchor) | safe }}</div>",
    )
    .page("a.md", "title = \"A\"", "");
    let err = site.build_fails();
    assert!(
        err.contains("templates/page.html:2:20: error: template error"),
        "{err}"
    );
    assert!(err.contains("Filter 'shout' not found"), "{err}");
    assert!(
        err.contains("templates/print_page.html:2:19: error: template error"),
        "{err}"
    );
    assert!(
        err.contains(
            "`print_links` is gone: in print_page.html `page.content` is the page as printed"
        ),
        "{err}"
    );
}

#[test]
fn template_runtime_error_names_template_and_page() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>\n\n<p>{{ page.no_such_field }}</p>",
    )
    .page("a.md", "title = \"A\"", "");
    let err = site.build_fails();
    assert!(
        err.contains("templates/page.html:3:7: error: template error"),
        "{err}"
    );
    assert!(err.contains("rendering content/a.md"), "{err}");
    assert!(err.contains("no_such_field"), "{err}");
}

#[test]
fn missing_named_template_is_an_error() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\ntemplate = \"nope.html\"", "");
    let err = site.build_fails();
    assert!(
        err.contains(
            "content/a.md: error: template `nope.html` named in front matter does not exist"
        ),
        "{err}"
    );
}

/// Views leave out the costly fields their template never names; every way of naming one
/// must still get it.
#[test]
fn views_carry_every_field_a_template_reads_however_it_reads_it() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "A names [[B]] here.")
        .page("b.md", "title = \"B\"\nkind = \"note\"", "## First\n\nB.")
        .page("s/_index.md", "title = \"S\"", "")
        .page("s/x.md", "title = \"X\"", "X lead.\n\n<!-- more -->\n\nRest of X.")
        .page("s/y.md", "title = \"Y\"", "Y only.")
        // The view taken whole, then read through another name.
        .file(
            "templates/page.html",
            "{% set v = page %}<ul class=\"back\">{% for b in v.backlinks %}<li>{{ b.context }}</li>{% endfor %}</ul>",
        )
        // A field named in a template that the page's template includes from its parent.
        .file(
            "templates/layout.html",
            "{% include \"toc.html\" %}{% block main %}{% endblock %}",
        )
        .file(
            "templates/toc.html",
            "<ol class=\"toc\">{% for h in page.toc %}<li>{{ h.title }}</li>{% endfor %}</ol>",
        )
        .file(
            "templates/note.html",
            "{% extends \"layout.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% endblock %}",
        )
        // Listed pages read through a loop variable over a filtered list, and through a
        // macro handed the whole list.
        .file(
            "templates/lists.html",
            "{% macro first(pages) %}<div class=\"first\">{{ pages[0].content | safe }}</div>{% endmacro %}",
        )
        .file(
            "templates/section.html",
            "<ul class=\"sums\">{% for p in section.pages | sort(attribute=\"title\") %}<li>{{ p.summary | safe }}</li>{% endfor %}</ul>{% for p in get_pages(kind=\"note\") %}<div class=\"got\">{{ p.content | safe }}</div>{% endfor %}",
        )
        .page("t/_index.md", "title = \"T\"\ntemplate = \"first.html\"", "")
        .page("t/z.md", "title = \"Z\"", "Z lead.\n\nRest of Z.")
        .file(
            "templates/first.html",
            "{% import \"lists.html\" as m %}{{ m::first(pages=section.pages) }}",
        );
    site.build();

    assert_eq!(texts(&site.html("b/index.html"), "ol.toc li"), ["First"]);
    assert_eq!(
        texts(&site.html("a/index.html"), "ul.back li"),
        Vec::<String>::new()
    );
    let s = site.html("s/index.html");
    assert_eq!(texts(&s, "ul.sums li"), ["X lead.", ""]);
    assert_eq!(texts(&s, "div.got p"), ["B."]);
    assert_eq!(
        texts(&site.html("t/index.html"), "div.first p"),
        ["Z lead.", "Rest of Z."]
    );

    // B's backlink from A, through the page template read whole.
    site.file("templates/note.html", "{% include \"page.html\" %}");
    site.build();
    assert_eq!(
        texts(&site.html("b/index.html"), "ul.back li"),
        ["A names B here."]
    );
}

#[test]
fn current_path_current_url_subsections_and_get_page_link() {
    let site = TestSite::new();
    site.page("notes/_index.md", "title = \"Notes\"", "")
        .page(
            "notes/b.md",
            "title = \"Bee\"\nkind = \"note\"\ndescription = \"About bees.\"",
            "",
        )
        .page("notes/deep/_index.md", "title = \"Deep\"", "")
        .page("notes/deep/c.md", "title = \"Sea\"", "")
        .page("people/_index.md", "title = \"People\"", "")
        .file(
            "templates/section.html",
            "{{ current_path }}|{{ current_url | safe }}|{% for s in section.subsections %}{{ s }};{% endfor %}",
        )
        .file("templates/index.html", "{{ current_path }}|{{ current_url | safe }}|{% for s in section.subsections %}{{ s }};{% endfor %}")
        .file(
            "templates/page.html",
            "{{ current_path }}|{{ current_url | safe }}|{% set l = get_page_link(path='notes/b') %}{{ l.title }}|{{ l.path }}|{{ l.permalink | safe }}|{{ l.kind }}|{{ l.description }}",
        );
    site.build();
    assert_eq!(
        site.read("index.html"),
        "/|https://example.org/|notes/_index.md;people/_index.md;"
    );
    assert_eq!(
        site.read("notes/index.html"),
        "/notes/|https://example.org/notes/|notes/deep/_index.md;"
    );
    assert_eq!(
        site.read("notes/deep/index.html"),
        "/notes/deep/|https://example.org/notes/deep/|"
    );
    assert_eq!(
        site.read("notes/deep/c/index.html"),
        "/notes/deep/c/|https://example.org/notes/deep/c/|Bee|/notes/b/|https://example.org/notes/b/|note|About bees."
    );
}

#[test]
fn get_page_link_to_no_page_is_a_template_error() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "").file(
        "templates/page.html",
        "{% set l = get_page_link(path='nowhere') %}{{ l.title }}",
    );
    let err = site.build_fails();
    assert!(err.contains("get_page_link(): no page `nowhere`"), "{err}");
}

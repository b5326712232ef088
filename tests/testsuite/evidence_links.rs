//! The evidence trail (#12): every address a page writes that points inside the site reaches
//! something the build writes; documents of page bundles are link targets, embeds and cards;
//! a locator links to the page of the source's PDF.

use crate::support::common::*;
use crate::support::serve::{assert_same_build, full_build, TempSite};
use dossier::incremental::{Change, LiveSite};
use dossier::site::Options;

/// A valid PDF of three empty pages, with its cross-reference table.
fn three_page_pdf() -> String {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf
}

/// A site with a person page, an organization with a heading, and a source bundle holding
/// a report (a real 3-page PDF), minutes and a chart.
fn evidence_site() -> TestSite {
    let site = TestSite::new();
    site.page(
        "organizations/huawei.md",
        "title = \"Huawei\"\nkind = \"organization\"\ndescription = \"Chinese telecoms maker.\"",
        "## History\n",
    )
    .page(
        "sources/pwc-2013/index.md",
        "title = \"PwC assessment\"\nkind = \"source\"",
        "The report.\n",
    )
    .file("content/sources/pwc-2013/report.pdf", &three_page_pdf())
    .file(
        "content/sources/pwc-2013/minutes-2023-03-14.pdf",
        "%PDF-1.4\n",
    )
    .file("content/sources/pwc-2013/chart.png", "not really a png")
    .file("content/files/figures.csv", "a,b\n");
    site
}

/// What a failing command printed on stderr, each finding by its first line: the excerpts
/// under them (tested in `diagnostics`) left out.
fn stderr_of(site: &TestSite, args: &[&str]) -> String {
    let out = site.run(args);
    assert!(!out.status.success(), "{args:?} unexpectedly succeeded");
    first_lines(&String::from_utf8_lossy(&out.stderr))
}

#[test]
fn broken_plain_links_images_and_fragments_are_errors_at_their_place() {
    let site = evidence_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "See the [board](/organizations/nope/).\n\
         \n\
         ![Chart](/sources/pwc-2013/chrt.png) and [history](/organizations/huawei/#histroy).\n\
         \n\
         <p>Raw <a href=\"/organizations/huawie/\">link</a> <img src=\"/logo.png\" alt=\"\"></p>\n\
         \n\
         [Full address](https://example.org/organisations/huawei/) [here](#nowhere)\n\n\
         [As on GitHub](../organizations/huawei.md) [elsewhere](../../../README.md)\n",
    )
    .page(
        "sources/pwc-2013/index.md",
        "title = \"PwC assessment\"\nkind = \"source\"",
        "[Read the minutes](minutes-2023-03-41.pdf)\n",
    );
    let expected = "\
content/a.md:4:17: error: link `/organizations/nope/` goes to no page or file of the site; did you mean `/organizations/huawei/`?
content/a.md:6:10: error: image `/sources/pwc-2013/chrt.png` goes to no page or file of the site; did you mean `/sources/pwc-2013/chart.png`?
content/a.md:6:52: error: link `/organizations/huawei/#histroy`: content/organizations/huawei.md has no heading with id `#histroy`; did you mean `#history`?
content/a.md:8:17: error: link `/organizations/huawie/` goes to no page or file of the site; did you mean `/organizations/huawei/`?
content/a.md:8:60: error: image `/logo.png` goes to no page or file of the site
content/a.md:10:16: error: link `https://example.org/organisations/huawei/` goes to no page or file of the site; did you mean `/organizations/huawei/`?
content/a.md:10:66: error: link `#nowhere`: content/a.md has no heading with id `#nowhere`
content/a.md:12:16: error: link `../organizations/huawei.md` goes to no page or file of the site; did you mean `/organizations/huawei/`?
content/a.md:12:56: error: link `../../../README.md` goes to no page or file of the site; link to a page's file as `@/path/to/page.md` or with a [[wikilink]]
content/sources/pwc-2013/index.md:5:20: error: link `minutes-2023-03-41.pdf` goes to no page or file of the site; did you mean `minutes-2023-03-14.pdf`?
";
    for command in [&["build"][..], &["check"]] {
        let stderr = stderr_of(&site, command);
        assert!(stderr.starts_with(expected), "{command:?}:\n{stderr}");
    }
    assert!(!site.exists("a/index.html"), "nothing is written");
}

#[test]
fn links_to_what_the_build_writes_pass_as_written() {
    let site = evidence_site();
    let links = [
        "/organizations/huawei/",
        "/organizations/huawei/#history",
        "/organizations/huawei",
        "/organizations/",
        "/",
        "/timeline/",
        "/graph/",
        "/search/",
        "/print/",
        "/tags/",
        "/tags/telecoms/",
        "/atom.xml",
        "/sitemap.xml",
        "/style.css",
        "/files/figures.csv",
        "../sources/pwc-2013/report.pdf#page=2",
        "https://example.org/sources/pwc-2013/chart.png",
        "#own-heading",
        "#fn",
        "mailto:desk@example.org",
        "tel:+15551234",
        "https://elsewhere.example.com/nope/",
    ];
    let body: String = links
        .iter()
        .map(|l| format!("[x]({l}) "))
        .chain(["\n\n## Own heading\n\nA note.[^fn]\n\n[^fn]: The note.\n".to_string()])
        .collect();
    site.page("a.md", "title = \"A\"\ntags = [\"Telecoms\"]", &body)
        .page("organizations/_index.md", "title = \"Organizations\"", "");
    site.build();
    let hrefs = attrs(
        &site.html("a/index.html"),
        ".page-content p:first-child a",
        "href",
    );
    assert_eq!(hrefs, links);
}

#[test]
fn documents_are_link_targets_by_name_and_by_path() {
    let site = evidence_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "[[report.pdf]], [[sources/pwc-2013/report.pdf|the report]], \
         [minutes](@/sources/pwc-2013/minutes-2023-03-14.pdf) and [[report.pdf#page=3]].\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        attrs(&doc, ".page-content a", "href"),
        [
            "https://example.org/sources/pwc-2013/report.pdf",
            "https://example.org/sources/pwc-2013/report.pdf",
            "https://example.org/sources/pwc-2013/minutes-2023-03-14.pdf",
            "https://example.org/sources/pwc-2013/report.pdf#page=3",
        ]
    );
    assert_eq!(
        texts(&doc, ".page-content a"),
        ["report.pdf", "the report", "minutes", "report.pdf"]
    );
}

#[test]
fn document_links_to_several_or_no_documents_are_errors() {
    let site = evidence_site();
    site.page(
        "sources/ftc-2019/index.md",
        "title = \"FTC order\"\nkind = \"source\"",
        "",
    )
    .file("content/sources/ftc-2019/report.pdf", "%PDF-1.4\n")
    .page(
        "a.md",
        "title = \"A\"",
        "[[report.pdf]] and [[reprot.pdf]]\n\n[x](@/sources/pwc-2013/chart.jpg)\n",
    );
    let stderr = first_lines(&site.build_fails());
    assert!(
        stderr.starts_with(
            "\
content/a.md:4:1: error: link [[report.pdf]] matches several documents: `sources/ftc-2019/report.pdf`, `sources/pwc-2013/report.pdf`; write the path to choose one
content/a.md:4:20: error: link [[reprot.pdf]] matches no page or document; did you mean `report.pdf`?
content/a.md:6:1: error: link @/sources/pwc-2013/chart.jpg matches no page or document; did you mean `sources/pwc-2013/chart.png`?
"
        ),
        "{stderr}"
    );
}

#[test]
fn embeds_show_images_document_cards_and_page_cards() {
    let site = evidence_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "![[chart.png|400]]\n\n![[sources/pwc-2013/chart.png]]\n\n![[report.pdf]]\n\n![[Huawei]]\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        attrs(&doc, ".page-content img", "src"),
        [
            "https://example.org/sources/pwc-2013/chart.png",
            "https://example.org/sources/pwc-2013/chart.png",
        ]
    );
    assert_eq!(attrs(&doc, ".page-content img", "width"), ["400"]);
    assert_eq!(attrs(&doc, ".page-content img", "alt"), ["chart", "chart"]);
    assert_eq!(
        texts(&doc, ".page-content .document-card .document-name"),
        ["report.pdf"]
    );
    assert_eq!(
        texts(&doc, ".page-content .document-card .document-facts"),
        ["PDF · 523 bytes · 3 pages"]
    );
    assert_eq!(
        attrs(&doc, ".page-content .document-card a.document-read", "href"),
        ["https://example.org/sources/pwc-2013/report.pdf"]
    );
    assert_eq!(
        texts(&doc, ".page-content .document-card a.document-read"),
        ["Read the document: report.pdf"]
    );
    assert_eq!(
        texts(&doc, ".page-content .page-card"),
        ["organization Huawei Chinese telecoms maker."]
    );
    assert_eq!(
        attrs(&doc, ".page-content .page-card a", "href"),
        ["https://example.org/organizations/huawei/"]
    );
}

#[test]
fn an_unknown_embed_is_an_error_at_its_place() {
    let site = evidence_site();
    site.page(
        "a.md",
        "title = \"A\"",
        "Chart:\n\n  ![[chart.jpeg|300]]\n\n![[Huawai]]\n",
    );
    let stderr = first_lines(&site.build_fails());
    assert!(
        stderr.starts_with(
            "\
content/a.md:6:3: error: embed ![[chart.jpeg]] matches no page or document; did you mean `chart.png`?
content/a.md:8:1: error: embed ![[Huawai]] matches no page; did you mean `huawei`?
"
        ),
        "{stderr}"
    );
}

#[test]
fn a_source_bundle_shows_its_documents_as_cards_the_main_one_first() {
    let site = evidence_site();
    site.page(
        "sources/pwc-2013/index.md",
        "title = \"PwC assessment\"\nkind = \"source\"\ndocument = \"report.pdf\"",
        "The report.\n",
    );
    site.build();
    let doc = site.html("sources/pwc-2013/index.html");
    assert_eq!(texts(&doc, ".documents h2"), ["Documents"]);
    assert_eq!(
        texts(&doc, ".documents li .document-name"),
        ["report.pdf", "chart.png", "minutes-2023-03-14.pdf"]
    );
    assert_eq!(
        texts(&doc, ".documents li.main-document .document-facts"),
        ["PDF · 523 bytes · 3 pages"]
    );
    assert_eq!(
        texts(&doc, ".documents .document-facts"),
        [
            "PDF · 523 bytes · 3 pages",
            "Image · 16 bytes",
            "PDF · 9 bytes"
        ]
    );
    assert_eq!(
        attrs(&doc, ".documents a.document-read", "href"),
        [
            "https://example.org/sources/pwc-2013/report.pdf",
            "https://example.org/sources/pwc-2013/chart.png",
            "https://example.org/sources/pwc-2013/minutes-2023-03-14.pdf",
        ]
    );
}

#[test]
fn a_document_field_naming_no_file_of_the_bundle_is_an_error() {
    let site = evidence_site();
    site.page(
        "sources/pwc-2013/index.md",
        "title = \"PwC assessment\"\nkind = \"source\"\ndocument = \"reprot.pdf\"",
        "",
    )
    .page(
        "sources/plain.md",
        "title = \"Plain\"\nkind = \"source\"\ndocument = \"x.pdf\"",
        "",
    );
    let stderr = first_lines(&site.build_fails());
    assert!(
        stderr.starts_with(
            "\
content/sources/plain.md:4:12: error: `document = \"x.pdf\"` names no file: this page is not a bundle (a folder with `index.md` and its documents)
content/sources/pwc-2013/index.md:4:12: error: `document = \"reprot.pdf\"` names no file of this page's bundle; did you mean `report.pdf`?
"
        ),
        "{stderr}"
    );
}

#[test]
fn a_locator_links_to_its_page_of_the_main_pdf() {
    let site = evidence_site();
    site.page(
        "sources/pwc-2013/index.md",
        "title = \"PwC assessment\"\nkind = \"source\"\ndocument = \"report.pdf\"",
        "",
    )
    .page(
        "sources/ftc-2019/index.md",
        "title = \"FTC order\"\nkind = \"source\"",
        "",
    )
    .file("content/sources/ftc-2019/order.pdf", "%PDF-1.4\n")
    .file("content/sources/ftc-2019/annex.pdf", "%PDF-1.4\n")
    .page(
        "sources/memo/index.md",
        "title = \"Memo\"\nkind = \"source\"",
        "",
    )
    .file("content/sources/memo/memo.pdf", "%PDF-1.4\n")
    .page(
        "a.md",
        "title = \"A\"",
        "Claim [@pwc-2013, p. 4]. Another [@pwc-2013, pp. 7–9]; not a page [@pwc-2013, para. 2]; \
         two PDFs, none named [@ftc-2019, p. 3]; its only PDF [@memo, p. 2]; no page 0 \
         [@pwc-2013, p. 0].\n",
    );
    site.build();
    let doc = site.html("a/index.html");
    assert_eq!(
        attrs(&doc, ".page-content a.citation-locator", "href"),
        [
            "https://example.org/sources/pwc-2013/report.pdf#page=4",
            "https://example.org/sources/pwc-2013/report.pdf#page=7",
            "https://example.org/sources/memo/memo.pdf#page=2",
        ]
    );
    assert_eq!(
        texts(&doc, ".page-content a.citation-locator"),
        ["p. 4", "pp. 7–9", "p. 2"]
    );
    assert_eq!(
        texts(&doc, ".page-content sup.citation"),
        [
            "[1, p. 4]",
            "[1, pp. 7–9]",
            "[1, para. 2]",
            "[2, p. 3]",
            "[3, p. 2]",
            "[1, p. 0]"
        ]
    );
}

#[test]
fn serve_reports_a_link_an_edit_breaks_and_keeps_the_last_good_site() {
    let site = TempSite::new(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org\"\n",
        ),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\n## Deal\n"),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n[deal](/b/#deal)\n",
        ),
    ]);
    let options = Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Options::default()
    };
    let mut live = LiveSite::new(site.root(), options);
    live.update([]).expect("first build");
    site.edit("content/b.md", "## Deal", "## Contract");
    let e = live
        .update([Change::Content("b.md".into())])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(
            "content/a.md:4:8: error: link `/b/#deal`: content/b.md has no heading with id `#deal`"
        ),
        "{e}"
    );
    let kept = String::from_utf8_lossy(&live.output().get("b/index.html").unwrap().read().unwrap())
        .into_owned();
    assert!(
        kept.contains(r#"<h2 id="deal">"#),
        "the last good site is still served"
    );
    site.edit("content/a.md", "/b/#deal", "/b/#contract");
    live.update([Change::Content("a.md".into())])
        .expect("fixed");
}

#[test]
fn a_template_linking_where_the_build_writes_nothing_is_an_error() {
    let site = evidence_site();
    site.page("about.md", "title = \"About\"", "")
        .page("a.md", "title = \"A\"", "")
        .file(
            "templates/page.html",
            "<!DOCTYPE html>\n<title>{{ page.title }}</title>\n<a href=\"/abuot/\">About</a> <a href=\"/about/\">ok</a> <img src=\"/favicon.svg\" alt=\"\">\n",
        );
    let expected = "templates/page.html:3:10: error: template `page.html` links to `/abuot/`, \
                    which is no page or file the build writes; did you mean `/about/`?\n";
    for command in [&["build"][..], &["check"]] {
        let stderr = stderr_of(&site, command);
        assert!(stderr.starts_with(expected), "{command:?}:\n{stderr}");
    }

    // An address a template computes is checked as each page renders, naming the page.
    site.file(
        "templates/page.html",
        "<!DOCTYPE html>\n<title>{{ page.title }}</title>\n<a href=\"{{ get_url(path='timelines/') }}\">Timeline</a>\n",
    );
    let stderr = first_lines(&site.build_fails());
    assert!(
        stderr.contains(
            "templates/page.html:3:27: error: template error: Failed to render 'page.html': \
             Function call 'get_url' failed: get_url(): `timelines/` is no page or file the \
             build writes; did you mean `/timeline/`? (rendering content/a.md)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn serve_measures_a_replaced_document_as_a_build_does() {
    let pdf = three_page_pdf();
    let site = TempSite::new(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org\"\n",
        ),
        (
            "content/sources/pwc/index.md",
            "+++\ntitle = \"PwC\"\nkind = \"source\"\n+++\n",
        ),
        ("content/sources/pwc/report.pdf", "%PDF-1.4\n"),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n![[report.pdf]] [@pwc, p. 2]\n",
        ),
    ]);
    let options = Options {
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Options::default()
    };
    let mut live = LiveSite::new(site.root(), options.clone());
    live.update([]).expect("first build");
    site.write("content/sources/pwc/report.pdf", &pdf);
    live.update([Change::Content("sources/pwc/report.pdf".into())])
        .expect("rebuild");
    live.finish().expect("generated files");
    let out = live.output();
    let served: std::collections::BTreeMap<String, Vec<u8>> = out
        .paths()
        .into_iter()
        .map(|p| (p.to_string(), out.get(p).unwrap().read().unwrap().to_vec()))
        .collect();
    let a = String::from_utf8_lossy(&served["a/index.html"]).into_owned();
    assert!(a.contains("PDF · 523 bytes · 3 pages"), "{a}");
    assert_same_build(
        &served,
        &full_build(site.root(), &options),
        "a replaced PDF",
    );
}

#[test]
fn links_are_checked_against_exactly_the_files_the_build_writes() {
    // The default dossier: every generated page and file, tags, static files. The shards of
    // the search index and of the previews are data for the theme's script, named after the
    // words of the index, not addresses to link to: the link check does not know them.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = Options::default();
    let is_shard =
        |f: &String| f.starts_with("search/") && f.ends_with(".js") || f.starts_with("previews/");
    let full_build = |root: &std::path::Path, options: &Options| {
        let mut files = full_build(root, options);
        files.retain(|f, _| !is_shard(f));
        files
    };
    let written: Vec<String> = full_build(root, &options).into_keys().collect();
    let site = dossier::site::Site::load(root, &options).expect("the default dossier loads");
    assert_eq!(site.library().site_files.paths(), written);

    // And a fixture with a bundle, a file outside bundles and a tag.
    let fixture = evidence_site();
    fixture.page("a.md", "title = \"A\"\ntags = [\"Telecoms\"]", "");
    let written: Vec<String> = full_build(fixture.root(), &options).into_keys().collect();
    let site = dossier::site::Site::load(fixture.root(), &options).expect("the fixture loads");
    let known = site.library().site_files.paths();
    assert_eq!(known, written);
    for file in [
        "sources/pwc-2013/report.pdf",
        "files/figures.csv",
        "tags/telecoms/index.html",
        "404.html",
    ] {
        assert!(known.contains(&file), "{file}");
    }

    // SiteWide turned off are not there to link to.
    fixture.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n\n[outputs]\ntimeline = false\ntags = false\nsitemap = false\nsearch = false\n",
    );
    let written: Vec<String> = full_build(fixture.root(), &options).into_keys().collect();
    let site = dossier::site::Site::load(fixture.root(), &options).expect("the fixture loads");
    let known = site.library().site_files.paths();
    assert_eq!(known, written);
    assert!(!known.contains(&"timeline/index.html") && !known.contains(&"tags/index.html"));
}

#[test]
fn links_a_template_computes_are_checked_in_what_it_renders() {
    let site = TestSite::new();
    site.page("notes/a.md", "title = \"A\"", "Text.")
        .page("notes/b.md", "title = \"B\"", "See [[a]].")
        .file(
            "templates/page.html",
            "<a href=\"{{ config.base_url }}/notes/{{ page.slug }}-archive/\">archive</a> \
             <a href=\"{{ config.base_url }}/notes/{{ page.slug }}/\">self</a> \
             <a href=\"https://elsewhere.example/x\">out</a>",
        );
    let stderr = first_lines(&site.build_fails());
    assert_eq!(
        stderr,
        "templates/page.html: error: template `page.html`, rendering content/notes/a.md, links to `https://example.org/notes/a-archive/`, which the build does not write\n\
         templates/page.html: error: template `page.html`, rendering content/notes/b.md, links to `https://example.org/notes/b-archive/`, which the build does not write\n\
         2 errors\n"
    );
    // Fixed, the site builds: its own address and other hosts pass.
    site.file(
        "templates/page.html",
        "<a href=\"{{ config.base_url }}/notes/{{ page.slug }}/\">self</a> \
         <a href=\"https://elsewhere.example/x\">out</a>",
    );
    site.build();
    // A site-wide page's template is checked too.
    site.file(
        "templates/timeline.html",
        "<a href=\"{{ config.base_url }}/nowhere/\">x</a>",
    );
    assert_eq!(
        first_lines(&site.build_fails()),
        "error: the site-wide page /timeline/, links to `https://example.org/nowhere/`, which the build does not write\n1 error\n"
    );
}

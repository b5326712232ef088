//! Obsidian vaults build as they are: YAML properties, notes named by their file, partial
//! and quoted dates, blank lines and a byte-order mark before the front matter.

use crate::support::common::*;

/// `dossier check`'s output (stdout and stderr) for `site`.
fn check_output(site: &TestSite) -> String {
    let out = site.run(&["check"]);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn yaml_properties_map_to_fields() {
    let site = TestSite::new();
    site.file(
        "content/notes/Huawei deal.md",
        "---\ntitle: The Huawei deal\naliases:\n  - HW deal\ntags: [\"#china\", telecoms]\ndescription: What was signed\ndate: 2018-06-05\nmodified: \"2019-01-02\"\ncssclasses: [wide, dossier-note]\nstatus: open\ndescripton: short\n---\nSee [[HW deal]].\n",
    )
    .file("content/notes/Hidden.md", "---\npublish: false\n---\nNot out.\n")
    .file(
        "content/notes/Moved.md",
        "---\npermalink: elsewhere/moved-note\ntags: single\n---\nBody.\n",
    );
    site.build();
    let doc = site.html("notes/huawei-deal/index.html");
    assert_eq!(texts(&doc, "h1"), ["The Huawei deal"]);
    assert_eq!(
        attrs(&doc, "body", "class"),
        ["page kind-page wide dossier-note"]
    );
    assert_eq!(
        attrs(&doc, "meta[name=description]", "content"),
        ["What was signed"]
    );
    assert_eq!(texts(&doc, ".tags li a"), ["china", "telecoms"]);
    assert!(site.exists("tags/telecoms/index.html"));
    // The alias resolves the page's own link.
    assert_eq!(
        attrs(
            &doc,
            "main a[href='https://example.org/notes/huawei-deal/']",
            "href"
        )
        .len(),
        1
    );
    assert!(!site.exists("notes/hidden/index.html"));
    assert!(site.exists("elsewhere/moved-note/index.html"));
    assert!(site.exists("tags/single/index.html"));

    let check = check_output(&site);
    assert!(
        check.contains("content/notes/Huawei deal.md:10:1: note: property `status` is not a dossier field; kept in `extra`\n"),
        "{check}"
    );
    assert!(
        check.contains("content/notes/Huawei deal.md:11:1: note: property `descripton` is not a dossier field; kept in `extra`; did you mean `description`?"),
        "{check}"
    );
}

#[test]
fn yaml_errors_have_file_line_and_column() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        "---\ntitle: A\nweight: heavy\ntags: {a: 1}\n---\n",
    )
    .file("content/b.md", "---\ntitle: [unclosed\n---\n")
    .file("content/c.md", "---\ntitle: C\ndate: soon\n---\n");
    let err = site.build_fails();
    let lines: Vec<&str> = err.lines().collect();
    for expected in [
        "content/a.md:3:9: error: `weight` must be a whole number, like `weight: 10`",
        "content/a.md:4:7: error: `tags` must be a list of text, like `tags: [a, b]`",
        "content/c.md:3:7: error: `date` must be a date, like `date: 2024-02-01`",
    ] {
        assert!(lines.contains(&expected), "{expected}\n{err}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/b.md:3:1: error: YAML front matter:")),
        "{err}"
    );
    assert!(err.trim_end().ends_with("4 errors"), "{err}");
}

#[test]
fn partial_and_quoted_dates_order_and_show() {
    let site = TestSite::new();
    site.page("notes/_index.md", "title = \"Notes\"", "")
        .page("notes/year.md", "title = \"Year\"\ndate = 2017", "")
        .page(
            "notes/month.md",
            "title = \"Month\"\ndate = \"2018-06\"",
            "",
        )
        .page(
            "notes/quoted.md",
            "title = \"Quoted\"\ndate = \"2018-06-05\"",
            "",
        )
        .file(
            "content/notes/yaml.md",
            "---\ntitle: Yaml\ndate: 2019-03-01T10:00:00Z\n---\n",
        );
    site.build();
    let section = site.html("notes/index.html");
    let titles = texts(&section, "main h3 a");
    let order: Vec<&str> = titles
        .iter()
        .map(String::as_str)
        .filter(|t| ["Year", "Month", "Quoted", "Yaml"].contains(t))
        .collect();
    assert_eq!(order, ["Yaml", "Quoted", "Month", "Year"]);
    let month = site.html("notes/month/index.html");
    assert_eq!(attrs(&month, "time", "datetime"), ["2018-06"]);
    assert_eq!(texts(&month, "time"), ["June 2018"]);
}

#[test]
fn notes_without_front_matter_and_leading_blank_lines_build() {
    let site = TestSite::new();
    site.file("content/Plain note.md", "Just text.\n")
        .file(
            "content/blank.md",
            "\u{feff}\n\n+++\ntitle = \"Blank lines first\"\n+++\nBody.\n",
        )
        .file(
            "content/yaml-blank.md",
            "\n---\ntitle: Yaml after blank\n---\n",
        );
    site.build();
    assert_eq!(
        texts(&site.html("plain-note/index.html"), "h1"),
        ["Plain note"]
    );
    assert_eq!(
        texts(&site.html("blank/index.html"), "h1"),
        ["Blank lines first"]
    );
    assert_eq!(
        texts(&site.html("yaml-blank/index.html"), "h1"),
        ["Yaml after blank"]
    );
}

/// A small vault: notes at its root and in folders without `_index.md`, linked by file
/// name, by heading text and by Zola's anchors, with comments and inline tags.
fn vault() -> TestSite {
    let site = TestSite::new();
    site.file(
        "content/Start here.md",
        "---\ntitle: Start here\nkind: article\ndate: 2020-01-01\n---\nOpening words %%private-remark%% stay. #lead-story\n\nSee [[beta note]], [[Beta Note#The deal]] and [[beta note#get-page]].\n\n%%\nmulti-line-secret\n%%\n",
    )
    .file(
        "content/People/Groups/Beta Note.md",
        "## The deal\n\nSigned.\n\n## get_page\n\nText with `#not-a-tag` and #people/groups.\n",
    )
    .file("content/Attachments/scan.png", "png");
    site
}

#[test]
fn folders_without_index_are_sections_and_root_notes_build() {
    let site = vault();
    site.build();
    let people = site.html("people/index.html");
    assert_eq!(texts(&people, "h1"), ["People"]);
    assert_eq!(texts(&people, "main .page-list a"), ["Groups"]);
    let groups = site.html("people/groups/index.html");
    assert_eq!(texts(&groups, "main h3 a"), ["Beta Note"]);
    // A folder of attachments only is no section.
    assert!(!site.exists("attachments/index.html"));
    assert!(site.exists("start-here/index.html"));
}

#[test]
fn links_by_file_name_heading_text_and_zola_anchor() {
    let site = vault();
    site.build();
    let doc = site.html("start-here/index.html");
    assert_eq!(
        attrs(&doc, "main p a", "href"),
        [
            "https://example.org/people/groups/beta-note/",
            "https://example.org/people/groups/beta-note/#the-deal",
            "https://example.org/people/groups/beta-note/#get_page",
        ]
    );
    assert_eq!(
        texts(&doc, "main p a"),
        ["Beta Note", "Beta Note § The deal", "Beta Note § get_page"]
    );
}

#[test]
fn comments_are_in_no_output() {
    let site = vault();
    site.build();
    let mut seen = 0;
    for (rel, bytes) in snapshot(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("private-remark"), "{rel}");
        assert!(!text.contains("multi-line-secret"), "{rel}");
        if text.contains("Opening words") {
            seen += 1;
        }
    }
    // The page, its preview, the search index, the feed and the print page have the text
    // (the index and the previews in their shards).
    for rel in ["atom.xml", "print/index.html"] {
        assert!(site.read(rel).contains("Opening words"), "{rel}");
    }
    for folder in ["search/p/", "previews/"] {
        assert!(
            snapshot(&site.out())
                .iter()
                .any(|(rel, bytes)| rel.starts_with(folder)
                    && String::from_utf8_lossy(bytes).contains("Opening words")),
            "{folder}"
        );
    }
    assert!(seen >= 5, "{seen}");
    let check = site.run(&["check"]);
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(printed.contains("pages checked"), "{printed}");
    assert!(!printed.contains("secret"), "{printed}");
}

#[test]
fn inline_tags_add_tags() {
    let site = vault();
    site.build();
    let start = site.html("start-here/index.html");
    assert_eq!(texts(&start, ".tags li a"), ["lead-story"]);
    let beta = site.html("people/groups/beta-note/index.html");
    assert_eq!(texts(&beta, ".tags li a"), ["people/groups"]);
    assert!(site.exists("tags/lead-story/index.html"));
    assert!(!site.exists("tags/not-a-tag/index.html"));
}

#[test]
fn callouts_are_labelled_asides_and_highlights_marks() {
    let site = TestSite::new();
    site.file(
        "content/callouts.md",
        "---\ntitle: Callouts\n---\n> [!note] Read this\n> Body *line*.\n\n> [!warning]- Folded\n> Hidden\n\n> [!tip]+\n> Open\n\n> plain quote\n\nSome ==marked text== here and `==code==`.\n",
    );
    site.build();
    let doc = site.html("callouts/index.html");
    assert_eq!(
        attrs(&doc, ".page-content aside.callout", "class"),
        [
            "callout callout-note",
            "callout callout-warning",
            "callout callout-tip"
        ]
    );
    assert_eq!(
        attrs(&doc, ".page-content aside.callout", "aria-label"),
        ["Read this", "Folded", "Tip"]
    );
    assert_eq!(texts(&doc, "aside > p.callout-title"), ["Read this"]);
    assert_eq!(
        texts(&doc, "aside.callout-note > p:not(.callout-title)"),
        ["Body line."]
    );
    assert_eq!(
        texts(&doc, "aside > details > summary.callout-title"),
        ["Folded", "Tip"]
    );
    assert_eq!(attrs(&doc, "aside > details[open]", "open").len(), 1);
    assert_eq!(texts(&doc, "aside.callout-warning details > p"), ["Hidden"]);
    assert_eq!(texts(&doc, ".page-content blockquote p"), ["plain quote"]);
    assert_eq!(texts(&doc, ".page-content p mark"), ["marked text"]);
    assert_eq!(texts(&doc, ".page-content p code"), ["==code=="]);
}

#[test]
fn embeds_find_attachments_anywhere_by_file_name() {
    let site = vault();
    site.file("content/Attachments/Deep/Pasted image.png", "png")
        .file("content/Files/report.pdf", "%PDF-1.4")
        .file(
            "content/embeds.md",
            "---\ntitle: Embeds\n---\n![[pasted image.png]]\n\n![[Pasted image.png|400]]\n\n![[report.pdf]]\n\n![[Beta Note]]\n",
        );
    site.build();
    let doc = site.html("embeds/index.html");
    assert_eq!(
        attrs(&doc, ".page-content img.embed-image", "src"),
        [
            "https://example.org/Attachments/Deep/Pasted%20image.png",
            "https://example.org/Attachments/Deep/Pasted%20image.png",
        ]
    );
    assert_eq!(attrs(&doc, ".page-content img[width]", "width"), ["400"]);
    assert_eq!(
        attrs(&doc, ".page-content .document-card a", "href"),
        ["https://example.org/Files/report.pdf"]
    );
    assert_eq!(
        attrs(&doc, ".page-content .page-card a", "href"),
        ["https://example.org/people/groups/beta-note/"]
    );
    assert!(site.exists("Attachments/Deep/Pasted image.png"));
}

#[test]
fn block_links_reach_marked_paragraphs_and_items() {
    let site = TestSite::new();
    site.file(
        "content/Claims.md",
        "A claim worth citing. ^claim-1\n\n- item one ^item-a\n- item two\n",
    )
    .file(
        "content/reader.md",
        "---\ntitle: Reader\n---\nSee [[claims#^claim-1]] and [[Claims#^item-a]].\n",
    );
    site.build();
    let claims = site.html("claims/index.html");
    assert_eq!(attrs(&claims, ".page-content p[id]", "id"), ["claim-1"]);
    assert_eq!(texts(&claims, "#claim-1"), ["A claim worth citing."]);
    assert_eq!(texts(&claims, "li#item-a"), ["item one"]);
    let reader = site.html("reader/index.html");
    assert_eq!(
        attrs(&reader, ".page-content a", "href"),
        [
            "https://example.org/claims/#claim-1",
            "https://example.org/claims/#item-a"
        ]
    );
    site.file(
        "content/broken.md",
        "---\ntitle: Broken\n---\n[[Claims#^nowhere]]\n",
    );
    let err = site.build_fails();
    assert!(err.contains("content/broken.md:4:1: error:"), "{err}");
    assert!(err.contains("has no heading with id `#^nowhere`"), "{err}");
}

/// A note moved by `permalink` is where links to it lead, and is named by the permalink's
/// last segment as a slug names a page.
#[test]
fn links_lead_to_a_permalink_and_its_last_segment_names_the_note() {
    let site = TestSite::new();
    site.file(
        "content/notes/Moved.md",
        "---\npermalink: elsewhere/moved-note\n---\nBody.\n",
    )
    .file(
        "content/notes/Linker.md",
        "---\ntitle: Linker\n---\nBy file: [[Moved]]. By slug: [[moved-note]].\n",
    );
    site.build();
    let doc = site.html("notes/linker/index.html");
    assert_eq!(
        attrs(&doc, "main p a", "href"),
        [
            "https://example.org/elsewhere/moved-note/",
            "https://example.org/elsewhere/moved-note/"
        ]
    );
}

//! Incremental rebuilds equal full builds: after each edit a writer makes (body, title, new
//! page, deleted page, renamed file, source, relation, template, static file, draft, config)
//! the site `dossier serve` holds in memory is byte for byte what `dossier build` writes for
//! the same files, and an edit that touches one page renders few pages.

mod serve_support;

use std::collections::BTreeMap;

use dossier::incremental::{Change, LiveSite, Rebuild};
use dossier::site::Options;
use serve_support::{assert_same_build, dossier_files, full_build, TempSite};

fn options() -> Options {
    Options {
        drafts: false,
        base_url: Some("http://127.0.0.1:4321".into()),
    }
}

fn served(live: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    let out = live.output();
    out.paths()
        .into_iter()
        .map(|p| (p.to_string(), out.get(p).unwrap().to_vec()))
        .collect()
}

/// Applies changes as the watcher reports them, then checks against a full build.
fn step(live: &mut LiveSite, site: &TempSite, changes: &[Change], what: &str) -> Rebuild {
    let rebuild = live
        .update(changes.iter().cloned())
        .unwrap_or_else(|d| panic!("{what}: rebuild failed:\n{d}"));
    live.finish()
        .unwrap_or_else(|d| panic!("{what}: generated files failed:\n{d}"));
    assert_same_build(&served(live), &full_build(site.root(), &options()), what);
    rebuild
}

fn content(rel: &str) -> Change {
    Change::Content(rel.to_string())
}

#[test]
fn every_kind_of_edit_ends_as_a_full_build_would() {
    let site = TempSite::new(&dossier_files());
    let mut live = LiveSite::new(site.root(), options());
    let first = step(&mut live, &site, &[], "the first build");
    assert!(first.full);

    site.edit(
        "content/notes/plain.md",
        "Nothing links here",
        "Still nothing links here",
    );
    let r = step(
        &mut live,
        &site,
        &[content("notes/plain.md")],
        "a body edit",
    );
    assert!(!r.full);
    // The page, its section's listing, and the home whose template lists the whole section.
    assert!(
        r.rendered <= 3,
        "a leaf body edit rendered {} pages",
        r.rendered
    );
    assert!(
        r.changed.contains("notes/plain/index.html"),
        "{:?}",
        r.changed
    );

    site.edit(
        "content/notes/plain.md",
        "links nowhere.",
        "now links to [[zte]].",
    );
    step(&mut live, &site, &[content("notes/plain.md")], "a new link");

    site.edit(
        "content/notes/huawei.md",
        "title = \"Huawei\"",
        "title = \"Huawei Technologies Co.\"",
    );
    step(
        &mut live,
        &site,
        &[content("notes/huawei.md")],
        "a title edit",
    );

    site.edit("content/notes/huawei.md", "## History", "## Early history");
    site.edit(
        "content/notes/zte.md",
        "huawei#history",
        "huawei#early-history",
    );
    step(
        &mut live,
        &site,
        &[content("notes/huawei.md"), content("notes/zte.md")],
        "a heading renamed with the link to it",
    );

    site.write(
        "content/notes/cambridge.md",
        "+++\ntitle = \"Cambridge Analytica\"\ndate = 2018-03-17\n+++\nNot [[huawei]], but see [[zte]] [@nyt-2018].\n",
    );
    let r = step(
        &mut live,
        &site,
        &[content("notes/cambridge.md")],
        "a new page",
    );
    assert!(r.changed.contains("notes/cambridge/index.html"));

    site.remove("content/notes/plain.md");
    let r = step(
        &mut live,
        &site,
        &[content("notes/plain.md")],
        "a deleted page that linked to another",
    );
    assert!(r.changed.contains("notes/plain/index.html"), "removed page");

    site.rename(
        "content/notes/cambridge.md",
        "content/notes/cambridge-analytica.md",
    );
    step(
        &mut live,
        &site,
        &[
            content("notes/cambridge.md"),
            content("notes/cambridge-analytica.md"),
        ],
        "a renamed page",
    );

    site.edit(
        "content/sources/nyt-2018.md",
        "publisher = \"The New York Times\"",
        "publisher = \"NYT\"",
    );
    step(
        &mut live,
        &site,
        &[content("sources/nyt-2018.md")],
        "a source's publisher",
    );

    site.edit(
        "content/sources/nyt-2018.md",
        "title = \"Facebook gave device makers deep access\"",
        "title = \"Facebook gave device makers deep access to data\"",
    );
    step(
        &mut live,
        &site,
        &[content("sources/nyt-2018.md")],
        "a source's title",
    );

    site.edit(
        "content/sources/nyt-2018.md",
        "The report.",
        "The report, archived.",
    );
    step(
        &mut live,
        &site,
        &[content("sources/nyt-2018.md")],
        "a source's body",
    );

    site.edit("content/notes/huawei.md", "since = 1987", "since = 1988");
    site.edit(
        "content/people/ren-zhengfei.md",
        "title = \"Ren founds Huawei\"",
        "title = \"Ren Zhengfei founds Huawei\"",
    );
    step(
        &mut live,
        &site,
        &[
            content("notes/huawei.md"),
            content("people/ren-zhengfei.md"),
        ],
        "a relation and an event",
    );

    site.edit(
        "themes/plain/templates/page.html",
        "<h1>{{ page.title }}</h1>",
        "<h1 class=\"title\">{{ page.title }}</h1>",
    );
    let r = step(
        &mut live,
        &site,
        &[Change::Template("page.html".into())],
        "a template edit",
    );
    assert!(r.rendered > 0);

    site.write(
        "themes/plain/static/style.css",
        "body { color: rgb(200, 0, 0); }\n",
    );
    let r = step(
        &mut live,
        &site,
        &[Change::Static("style.css".into())],
        "a stylesheet edit",
    );
    assert_eq!(r.rendered, 0);
    assert_eq!(r.changed.iter().collect::<Vec<_>>(), ["style.css"]);

    site.write("content/sources/pwc/summary.txt", "Summary.\n");
    site.write("content/sources/pwc/report.pdf", "%PDF-1.4 changed\n");
    step(
        &mut live,
        &site,
        &[
            content("sources/pwc/summary.txt"),
            content("sources/pwc/report.pdf"),
        ],
        "a bundle's files",
    );

    site.edit("content/notes/draft.md", "draft = true", "draft = false");
    step(
        &mut live,
        &site,
        &[content("notes/draft.md")],
        "a draft published",
    );

    site.edit(
        "content/notes/zte.md",
        "title = \"ZTE\"",
        "title = \"ZTE\"\nslug = \"zte-corp\"",
    );
    step(&mut live, &site, &[content("notes/zte.md")], "a slug edit");

    site.edit(
        "content/notes/_index.md",
        "title = \"Notes\"",
        "title = \"Background\"",
    );
    step(
        &mut live,
        &site,
        &[content("notes/_index.md")],
        "a section title",
    );

    site.edit("site.toml", "Test dossier", "Test dossier, revised");
    let r = step(&mut live, &site, &[Change::Config], "site.toml");
    assert!(r.full);
}

#[test]
fn an_error_keeps_the_last_good_site_until_fixed() {
    let site = TempSite::new(&dossier_files());
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    let before = served(&live);

    site.edit("content/notes/zte.md", "[[huawei]]", "[[huawai]]");
    let e = live.update([content("notes/zte.md")]).unwrap_err();
    assert!(
        e.to_string()
            .contains("content/notes/zte.md:6:37: error: link [[huawai]] matches no page"),
        "{e}"
    );
    assert_eq!(served(&live), before, "the last good site is still served");

    // Another edit meanwhile: the broken file is still broken.
    site.edit("content/notes/plain.md", "Nothing", "Still nothing");
    assert!(live.update([content("notes/plain.md")]).is_err());

    site.edit(
        "content/notes/huawei.md",
        "title = \"Huawei\"",
        "title = \"Huawei (",
    );
    assert!(live.update([content("notes/huawei.md")]).is_err());
    site.edit(
        "content/notes/huawei.md",
        "title = \"Huawei (",
        "title = \"Huawei\"",
    );
    site.edit("content/notes/zte.md", "[[huawai]]", "[[huawei]]");
    step(
        &mut live,
        &site,
        &[content("notes/zte.md"), content("notes/huawei.md")],
        "the fix",
    );

    site.edit(
        "themes/plain/templates/page.html",
        "{{ page.title }}</h1>",
        "{{ page.title }</h1>",
    );
    let e = live
        .update([Change::Template("page.html".into())])
        .unwrap_err();
    assert!(
        e.to_string().contains("themes/plain/templates/page.html"),
        "{e}"
    );
    site.edit(
        "themes/plain/templates/page.html",
        "{{ page.title }</h1>",
        "{{ page.title }}</h1>",
    );
    step(
        &mut live,
        &site,
        &[Change::Template("page.html".into())],
        "the template fix",
    );
}

#[test]
fn the_default_theme_rebuilds_as_it_builds() {
    let mut files: Vec<(&str, &str)> = dossier_files()
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("themes/"))
        .collect();
    files[0] = ("site.toml", "title = \"Default theme\"\n");
    let site = TempSite::new(&files);
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    site.edit(
        "content/notes/zte.md",
        "sanctioned in 2018",
        "sanctioned in April 2018",
    );
    step(&mut live, &site, &[content("notes/zte.md")], "a body edit");
    site.edit(
        "content/people/_index.md",
        "title = \"People\"",
        "title = \"Who\"",
    );
    step(
        &mut live,
        &site,
        &[content("people/_index.md")],
        "a section in the navigation",
    );
    site.remove("content/_index.md");
    step(
        &mut live,
        &site,
        &[content("_index.md")],
        "no home page file",
    );
}

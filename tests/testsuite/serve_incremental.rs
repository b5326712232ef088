//! Incremental rebuilds equal full builds: after each edit a writer makes (body, title, new
//! page, deleted page, renamed file, source, relation, template, static file, draft, config)
//! the site `dossier serve` holds in memory is byte for byte what `dossier build` writes for
//! the same files, and an edit that touches one page renders few pages.

use crate::support::serve::{dossier_files, served, step_as_built, TempSite};
use dossier::incremental::{Change, LiveSite, Rebuild};
use dossier::site::Options;

fn options() -> Options {
    Options {
        drafts: false,
        base_url: Some("http://127.0.0.1:4321".into()),
        ..Options::default()
    }
}

/// Applies changes as the watcher reports them, then checks against a full build.
fn step(live: &mut LiveSite, site: &TempSite, changes: &[Change], what: &str) -> Rebuild {
    step_as_built(live, site, changes, &options(), what)
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

/// The small dossier of `dossier_files`, built with the default theme.
fn default_theme_files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<(&str, &str)> = dossier_files()
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("themes/"))
        .collect();
    files[0] = ("site.toml", "title = \"Default theme\"\n");
    files
}

#[test]
fn the_default_theme_rebuilds_as_it_builds() {
    let site = TempSite::new(&default_theme_files());
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    site.edit(
        "content/notes/zte.md",
        "sanctioned in 2018",
        "sanctioned in April 2018",
    );
    step(&mut live, &site, &[content("notes/zte.md")], "a body edit");
    // A link and a citation before the others: every place after them gets a new id, and
    // the pages listing those places ("Referenced by", "Cited by") follow.
    site.edit(
        "content/notes/zte.md",
        "ZTE was sanctioned in April 2018.",
        "First [[huawei]] again [@nyt-2018]. ZTE was sanctioned in April 2018.",
    );
    step(
        &mut live,
        &site,
        &[content("notes/zte.md")],
        "a link and a citation before the others",
    );
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

/// An inline `#tag` is written in the body, not the front matter, and yet it adds a tag page
/// the same body may link to: an edit of a body alone can change the files the site has.
#[test]
fn an_inline_tag_added_in_a_body_can_be_linked_at_once() {
    let mut files = default_theme_files();
    files.push((
        "content/notes/tagged.md",
        "---\ntitle: Tagged\n---\nA note without tags.\n",
    ));
    let site = TempSite::new(&files);
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    site.edit(
        "content/notes/tagged.md",
        "A note without tags.",
        "A note about #leaks, with [the others](/tags/leaks/).",
    );
    let r = step(
        &mut live,
        &site,
        &[content("notes/tagged.md")],
        "an inline tag and a link to its page",
    );
    assert!(!r.full);
    assert!(
        served(&live).contains_key("tags/leaks/index.html"),
        "the tag page is served"
    );
}

/// A small pseudo-random generator (xorshift), so the sequence is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Clone, Copy, Debug)]
enum Form {
    Slug,
    Path,
    Title,
    Aka,
    Labelled,
    Anchored,
}

/// A note of the model site: what its file says, kept so any edit writes a valid site.
#[derive(Clone, Debug)]
struct Note {
    section: &'static str,
    slug: String,
    title: String,
    aka: String,
    heading: String,
    /// Links to other notes, by slug, in the form written.
    links: Vec<(String, Form)>,
    /// Cited sources with an optional locator.
    cites: Vec<(&'static str, Option<String>)>,
    relation: Option<(String, &'static str)>,
    event: bool,
    words: usize,
}

const SOURCES: [&str; 2] = ["nyt", "pwc"];

fn note_text(note: &Note, notes: &[Note]) -> String {
    let find = |slug: &str| notes.iter().find(|n| n.slug == slug).unwrap();
    let mut fm = format!(
        "+++\ntitle = \"{}\"\naka = [\"{}\"]\n",
        note.title, note.aka
    );
    if note.event {
        fm.push_str("date = 2018-09-05\nkind = \"event\"\n");
    }
    if let Some((to, source)) = &note.relation {
        fm.push_str(&format!(
            "\n[[relations]]\nto = \"{to}\"\nkind = \"works with\"\nsources = [\"{source}\"]\n"
        ));
    }
    fm.push_str("+++\n");
    let mut body = format!("Opening words {}.\n\n", "and more ".repeat(note.words));
    for (i, (slug, form)) in note.links.iter().enumerate() {
        let target = find(slug);
        let link = match form {
            Form::Slug => format!("[[{slug}]]"),
            Form::Path => format!("[[{}/{slug}]]", target.section),
            Form::Title => format!("[[{}]]", target.title),
            Form::Aka => format!("[[{}]]", target.aka),
            Form::Labelled => format!("[[{slug}|the other note]]"),
            Form::Anchored => format!("[[{slug}#{}]]", heading_id(&target.heading)),
        };
        // Two links share a sentence now and then: contexts then show both.
        let end = if i % 2 == 0 { " and " } else { ".\n\n" };
        body.push_str(&format!("See {link}{end}"));
    }
    body.push_str("\n\n");
    for (source, locator) in &note.cites {
        match locator {
            Some(l) => body.push_str(&format!("A claim [@{source}, {l}].\n\n")),
            None => body.push_str(&format!("A claim [@{source}].\n\n")),
        }
    }
    body.push_str(&format!("## {}\n\nClosing.\n", note.heading));
    fm + &body
}

fn heading_id(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}

fn rel(note: &Note) -> String {
    format!("{}/{}.md", note.section, note.slug)
}

struct Model {
    notes: Vec<Note>,
    next: usize,
    rng: Rng,
}

impl Model {
    fn new_note(&mut self) -> Note {
        let n = self.next;
        self.next += 1;
        Note {
            section: if n.is_multiple_of(3) {
                "people"
            } else {
                "notes"
            },
            slug: format!("n{n}"),
            title: format!("Note number {n}"),
            aka: format!("Alias {n}"),
            heading: format!("Part {n}"),
            links: Vec::new(),
            cites: Vec::new(),
            relation: None,
            event: n % 4 == 1,
            words: 1,
        }
    }

    /// New body (links, citations, words) for note `i`, linking to existing notes only.
    fn rewrite(&mut self, i: usize) {
        let slugs: Vec<String> = self.notes.iter().map(|n| n.slug.clone()).collect();
        let forms = [
            Form::Slug,
            Form::Path,
            Form::Title,
            Form::Aka,
            Form::Labelled,
            Form::Anchored,
        ];
        let links = (0..self.rng.below(4))
            .map(|_| {
                let slug = slugs[self.rng.below(slugs.len())].clone();
                (slug, forms[self.rng.below(forms.len())])
            })
            .filter(|(slug, _)| *slug != self.notes[i].slug)
            .collect();
        let cites = (0..self.rng.below(3))
            .map(|k| {
                let locator = self.rng.chance(50).then(|| format!("p. {k}"));
                (SOURCES[self.rng.below(2)], locator)
            })
            .collect();
        let relation = self.rng.chance(30).then(|| {
            let to = slugs[self.rng.below(slugs.len())].clone();
            (to, SOURCES[self.rng.below(2)])
        });
        let words = self.rng.below(5);
        let note = &mut self.notes[i];
        note.links = links;
        note.cites = cites;
        note.relation = relation.filter(|(to, _)| *to != note.slug);
        note.words = words;
    }

    /// Notes whose text names `slug` (links or relation), which change with it.
    fn linking_to(&self, slug: &str) -> Vec<usize> {
        (0..self.notes.len())
            .filter(|&i| {
                let n = &self.notes[i];
                n.links.iter().any(|(s, _)| s == slug)
                    || n.relation.as_ref().is_some_and(|(to, _)| to == slug)
            })
            .collect()
    }

    fn write(&self, site: &TempSite, i: usize) -> Change {
        let note = &self.notes[i];
        site.write(
            &format!("content/{}", rel(note)),
            &note_text(note, &self.notes),
        );
        content(&rel(note))
    }
}

fn random_edits(site: &TempSite, seed: u64, steps: usize) {
    let mut model = Model {
        notes: Vec::new(),
        next: 0,
        rng: Rng(seed),
    };
    for _ in 0..8 {
        let note = model.new_note();
        model.notes.push(note);
    }
    for i in 0..model.notes.len() {
        model.rewrite(i);
    }
    for i in 0..model.notes.len() {
        model.write(site, i);
    }
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, site, &[], "the first build");

    for n in 0..steps {
        let mut changes = Vec::new();
        let i = model.rng.below(model.notes.len());
        let what = match model.rng.below(7) {
            0 | 1 => {
                model.rewrite(i);
                changes.push(model.write(site, i));
                "a body"
            }
            2 => {
                // A new title; notes linking by title follow it, as a writer would.
                let old = model.notes[i].title.clone();
                model.notes[i].title = format!("{old} revised");
                changes.push(model.write(site, i));
                for j in model.linking_to(&model.notes[i].slug.clone()) {
                    changes.push(model.write(site, j));
                }
                "a title"
            }
            3 => {
                let note = model.new_note();
                model.notes.push(note);
                let last = model.notes.len() - 1;
                model.rewrite(last);
                changes.push(model.write(site, last));
                "a new note"
            }
            4 if model.notes.len() > 3 => {
                // A deleted note: notes linking to it drop those links.
                let gone = model.notes.remove(i);
                site.remove(&format!("content/{}", rel(&gone)));
                changes.push(content(&rel(&gone)));
                for j in model.linking_to(&gone.slug) {
                    let note = &mut model.notes[j];
                    note.links.retain(|(s, _)| *s != gone.slug);
                    if note
                        .relation
                        .as_ref()
                        .is_some_and(|(to, _)| *to == gone.slug)
                    {
                        note.relation = None;
                    }
                    changes.push(model.write(site, j));
                }
                "a deleted note"
            }
            5 => {
                // A renamed file: a new slug, followed by the notes linking to it.
                let old = model.notes[i].clone();
                let slug = format!("{}-moved", old.slug);
                site.rename(
                    &format!("content/{}", rel(&old)),
                    &format!("content/{}/{slug}.md", old.section),
                );
                changes.push(content(&rel(&old)));
                let linking = model.linking_to(&old.slug);
                for note in &mut model.notes {
                    for (s, _) in &mut note.links {
                        if *s == old.slug {
                            *s = slug.clone();
                        }
                    }
                    if let Some((to, _)) = &mut note.relation {
                        if *to == old.slug {
                            *to = slug.clone();
                        }
                    }
                }
                model.notes[i].slug = slug;
                changes.push(model.write(site, i));
                for j in linking {
                    changes.push(model.write(site, j));
                }
                "a renamed note"
            }
            _ => {
                let source = SOURCES[model.rng.below(2)];
                let file = if source == "pwc" {
                    "sources/pwc/index.md"
                } else {
                    "sources/nyt.md"
                };
                site.write(
                    &format!("content/{file}"),
                    &format!(
                        "+++\ntitle = \"{source} report, version {n}\"\nkind = \"source\"\npublisher = \"Publisher {n}\"\n+++\nText.\n"
                    ),
                );
                changes.push(content(file));
                "a source"
            }
        };
        step(
            &mut live,
            site,
            &changes,
            &format!("step {n} (seed {seed}): {what}"),
        );
    }
}

#[test]
fn random_edits_end_as_full_builds_would() {
    let base: Vec<(&str, &str)> = dossier_files()
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("content/") || rel.ends_with("_index.md"))
        .chain([
            (
                "content/sources/nyt.md",
                "+++\ntitle = \"NYT report\"\nkind = \"source\"\n+++\nText.\n",
            ),
            (
                "content/sources/pwc/index.md",
                "+++\ntitle = \"PwC report\"\nkind = \"source\"\n+++\nText.\n",
            ),
            ("content/sources/pwc/report.pdf", "%PDF fake\n"),
        ])
        .collect();
    for seed in [7, 1234, 99991] {
        random_edits(&TempSite::new(&base), seed, 40);
    }
    // The same on the default theme, whose templates reach the sections and the site.
    let mut default_theme: Vec<(&str, &str)> = base
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("themes/"))
        .collect();
    default_theme[0] = ("site.toml", "title = \"Default theme\"\n");
    random_edits(&TempSite::new(&default_theme), 4242, 30);
}

/// Removing a page runs the build's own stages again: what a full build would refuse — the
/// lead that site.toml names, a page a template links to — the live site refuses too, at
/// the same place, and keeps serving the last good site.
#[test]
fn a_removed_page_is_refused_where_a_full_build_refuses_it() {
    let site = TempSite::new(&[
        (
            "site.toml",
            "title = \"W\"\nbase_url = \"https://example.org\"\ntheme = \"plain\"\n\n[extra]\nlead = \"lead.md\"\n",
        ),
        (
            "themes/plain/templates/page.html",
            "<!doctype html><title>{{ page.title }}</title><a href=\"/about/\">About</a>{{ page.content | safe }}",
        ),
        ("themes/plain/templates/section.html", "<!doctype html><title>{{ section.title }}</title>"),
        ("themes/plain/templates/index.html", "<!doctype html><title>{{ section.title }}</title>"),
        ("content/_index.md", "+++\n+++\n"),
        ("content/lead.md", "+++\ntitle = \"Lead\"\n+++\nThe story.\n"),
        ("content/about.md", "+++\ntitle = \"About\"\n+++\nWho we are.\n"),
        ("content/other.md", "+++\ntitle = \"Other\"\n+++\nMore.\n"),
    ]);
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    let before = served(&live);

    site.remove("content/lead.md");
    let e = live.update([content("lead.md")]).unwrap_err().to_string();
    assert!(
        e.contains("site.toml:6:8: error: `lead = \"lead.md\"` matches no page"),
        "{e}"
    );
    assert_eq!(served(&live), before, "the last good site is still served");
    site.write(
        "content/lead.md",
        "+++\ntitle = \"Lead\"\n+++\nThe story.\n",
    );
    step(&mut live, &site, &[content("lead.md")], "the lead back");

    site.remove("content/about.md");
    let e = live.update([content("about.md")]).unwrap_err().to_string();
    let full = dossier::site::Site::load(site.root(), &options())
        .err()
        .expect("a full build refuses it too")
        .to_string();
    assert!(e.contains("/about/"), "{e}");
    assert_eq!(e, full, "the same message as a full build's");
    assert_eq!(served(&live), before, "the last good site is still served");
}

/// Key facts, corrections and roles (issue #15) on the default theme: the live site follows a
/// fact's source renamed, a correction added (the site-wide `/corrections/` with it), a
/// role changed (the home's cast), and stays what a full build writes.
#[test]
fn facts_corrections_and_roles_rebuild_as_they_build() {
    let site = TempSite::new(&default_theme_files());
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    site.edit(
        "content/people/ren-zhengfei.md",
        "kind = \"person\"",
        "kind = \"person\"\nrole = \"Founders\"\n\n[[facts]]\nlabel = \"Founded\"\nvalue = \"Huawei, 1987\"\nsources = [\"nyt-2018\", \"pwc\"]",
    );
    step(
        &mut live,
        &site,
        &[content("people/ren-zhengfei.md")],
        "a fact and a role added",
    );
    site.edit(
        "content/sources/pwc/index.md",
        "PwC assessment",
        "PwC's assessment",
    );
    step(
        &mut live,
        &site,
        &[content("sources/pwc/index.md")],
        "a fact's source retitled",
    );
    site.edit(
        "content/notes/zte.md",
        "kind = \"note\"",
        "kind = \"note\"\n\n[[corrections]]\ndate = 2019-01-02\ntext = \"The year of the sanction was wrong.\"\nsources = [\"nyt-2018\"]",
    );
    step(
        &mut live,
        &site,
        &[content("notes/zte.md")],
        "a correction added",
    );
    assert!(served(&live).contains_key("corrections/index.html"));
    site.edit(
        "content/people/ren-zhengfei.md",
        "role = \"Founders\"",
        "role = \"Executives\"",
    );
    step(
        &mut live,
        &site,
        &[content("people/ren-zhengfei.md")],
        "a role changed",
    );
    site.edit(
        "content/notes/zte.md",
        "ZTE settled with",
        "Later, ZTE settled with",
    );
    step(
        &mut live,
        &site,
        &[content("notes/zte.md")],
        "a paragraph edited",
    );
}

/// A section whose listing changed is rendered again without its view being fingerprinted
/// (a big section's view takes longer to fingerprint than to render). Such a section is not
/// rendered again by a later change that cannot reach it: adding a page to another section
/// renders as many pages before and after.
#[test]
fn a_relisted_section_is_not_rendered_again_by_changes_elsewhere() {
    let site = TempSite::new(&[
        (
            "site.toml",
            "title = \"W\"\nbase_url = \"https://example.org\"\ntheme = \"plain\"\n",
        ),
        (
            "themes/plain/templates/page.html",
            "<!doctype html><title>{{ page.title }}</title>{{ page.content | safe }}",
        ),
        (
            "themes/plain/templates/section.html",
            "<!doctype html><title>{{ section.title }}</title><ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>",
        ),
        ("themes/plain/templates/index.html", "<!doctype html><title>{{ section.title }}</title>"),
        ("content/_index.md", "+++\n+++\n"),
        ("content/a/_index.md", "+++\ntitle = \"A\"\n+++\n"),
        ("content/a/one.md", "+++\ntitle = \"One\"\n+++\nSee [[Two]].\n"),
        ("content/b/_index.md", "+++\ntitle = \"B\"\n+++\n"),
        ("content/b/two.md", "+++\ntitle = \"Two\"\n+++\nText.\n"),
    ]);
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    let page = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\nText.\n");

    site.write("content/b/three.md", &page("Three"));
    let before = step(
        &mut live,
        &site,
        &[content("b/three.md")],
        "a page added to b",
    );
    assert!(
        before.changed.contains("b/index.html"),
        "{:?}",
        before.changed
    );
    site.remove("content/b/three.md");
    step(
        &mut live,
        &site,
        &[content("b/three.md")],
        "that page removed",
    );

    site.write("content/a/four.md", &page("Four"));
    let r = step(
        &mut live,
        &site,
        &[content("a/four.md")],
        "a page added to a",
    );
    assert!(r.changed.contains("a/index.html"), "{:?}", r.changed);
    assert!(!r.changed.contains("b/index.html"), "{:?}", r.changed);

    site.write("content/b/three.md", &page("Three"));
    let after = step(
        &mut live,
        &site,
        &[content("b/three.md")],
        "the page added to b again",
    );
    assert_eq!(
        after.rendered, before.rendered,
        "section a, relisted before, is not rendered for a page added to b"
    );

    // The lookups came through the restructures: a page linking to a retitled page is
    // resolved again (a full build shows the new title in the link).
    site.edit("content/b/two.md", "title = \"Two\"", "title = \"Second\"");
    let r = step(
        &mut live,
        &site,
        &[content("b/two.md")],
        "the linked page retitled",
    );
    assert!(r.changed.contains("a/one/index.html"), "{:?}", r.changed);

    // A page that comes and links into b reaches b (above the page it links to), whose
    // listing is the same: b's view is fingerprinted and compared, not rendered blindly.
    site.write(
        "content/a/five.md",
        "+++\ntitle = \"Five\"\n+++\nSee [[Three]].\n",
    );
    let r = step(
        &mut live,
        &site,
        &[content("a/five.md")],
        "a page linking into b added to a",
    );
    assert!(
        r.rendered <= 4,
        "the new page, a (relisted), three (linked to) and the home; not b: {} rendered",
        r.rendered
    );
}

/// A site of a plain theme (pages show their title and Markdown) with the pages `pages`.
fn plain_site(pages: &[(&str, &str)]) -> TempSite {
    let mut files = vec![
        (
            "site.toml",
            "title = \"W\"\nbase_url = \"https://example.org\"\ntheme = \"plain\"\n",
        ),
        (
            "themes/plain/templates/page.html",
            "<!doctype html><title>{{ page.title }}</title>{{ page.content | safe }}",
        ),
        (
            "themes/plain/templates/index.html",
            "<!doctype html><title>W</title>",
        ),
    ];
    files.extend_from_slice(pages);
    TempSite::new(&files)
}

#[test]
fn a_name_an_edit_starts_looking_up_is_resolved_again_when_another_page_takes_it() {
    let site = plain_site(&[
        ("content/one.md", "+++\ntitle = \"One\"\n+++\nText.\n"),
        ("content/two.md", "+++\ntitle = \"Two\"\n+++\nText.\n"),
        (
            "content/three.md",
            "+++\ntitle = \"Three\"\naka = [\"Trio\"]\n+++\nText.\n",
        ),
    ]);
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    site.edit("content/one.md", "Text.", "See [[Trio]].");
    step(
        &mut live,
        &site,
        &[content("one.md")],
        "a link to Trio added",
    );
    // Two takes the name Trio too: the link in one (which two does not know of) no
    // longer names one page, as a full build would say.
    site.edit(
        "content/two.md",
        "title = \"Two\"",
        "title = \"Two\"\naka = [\"Trio\"]",
    );
    let error = live
        .update([content("two.md")])
        .expect_err("an ambiguous link fails the rebuild");
    let text = error.to_string();
    assert!(text.contains("\"Trio\" also names"), "{text}");
}

#[test]
fn a_link_to_a_draft_is_named_as_one_after_an_edit_renamed_a_page() {
    let site = plain_site(&[
        ("content/one.md", "+++\ntitle = \"One\"\n+++\nText.\n"),
        ("content/two.md", "+++\ntitle = \"Two\"\n+++\nText.\n"),
        (
            "content/later.md",
            "+++\ntitle = \"Later\"\ndraft = true\n+++\nText.\n",
        ),
    ]);
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    // Retitling a page makes the name index again (as a patch, not a restructure).
    site.edit("content/two.md", "title = \"Two\"", "title = \"Second\"");
    let r = step(&mut live, &site, &[content("two.md")], "a page retitled");
    assert!(!r.full);
    site.edit("content/one.md", "Text.", "See [[Later]].");
    let error = live
        .update([content("one.md")])
        .expect_err("a link to a draft fails the rebuild");
    let text = error.to_string();
    assert!(text.contains("goes to a draft"), "{text}");
    assert!(text.contains("later.md"), "{text}");
}

/// A page whose file is renamed but whose address stays (its `slug` set) is still served at
/// that address: the old file's output is not removed, since the new file writes it.
#[test]
fn a_page_renamed_that_keeps_its_address_is_still_served_there() {
    let site = TempSite::new(&dossier_files());
    let mut live = LiveSite::new(site.root(), options());
    step(&mut live, &site, &[], "the first build");
    site.write(
        "content/notes/kept.md",
        "+++\ntitle = \"Kept\"\nslug = \"kept-address\"\n+++\nA page that moves files.\n",
    );
    step(
        &mut live,
        &site,
        &[content("notes/kept.md")],
        "a page added",
    );
    assert!(served(&live).contains_key("notes/kept-address/index.html"));
    site.rename("content/notes/kept.md", "content/notes/moved.md");
    step(
        &mut live,
        &site,
        &[content("notes/kept.md"), content("notes/moved.md")],
        "its file renamed, its address the same",
    );
    assert!(
        served(&live).contains_key("notes/kept-address/index.html"),
        "still served at its address"
    );
}

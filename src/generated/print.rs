//! The printable dossier: every page on one page, in reading order (articles, notes, people,
//! organizations, events, sources, then the rest), with links between pages and within a
//! page turned into anchors of that one document, so a PDF of it is complete and navigable.
//!
//! Past `SINGLE_PAGE_LIMIT` pages one page would be tens of megabytes (52 MB at 10,000
//! pages), more than a browser prints: `/print/` then lists *parts*, `/print/1/`…, each the
//! pages of one kind, `PART_PAGES` at most, and links between parts lead to the other part.

use std::collections::HashMap;

use crate::config::PRINT_PATH;
use crate::content::date::PartialDate;
use crate::content::PageId;
use crate::library::Library;
use crate::link_check;
use crate::markdown::escape_html;

use crate::content::kind::Kind;
use crate::markdown::splices::{Splice, Spliced};

fn date_of(lib: &Library, id: PageId) -> Option<PartialDate> {
    lib.pages[id].front_matter.date.and_then(|d| d.partial())
}

/// Every page (not sections) once, in reading order. Articles: the lead (`[extra] lead`)
/// first, then newest first; notes by weight; events by date; the rest by title.
pub fn reading_order(lib: &Library) -> Vec<PageId> {
    let lead = lib
        .config
        .extra
        .get("lead")
        .and_then(|v| v.as_str())
        .and_then(|l| lib.find(l));
    // Known kinds in their order (`Kind::ALL`), then the rest.
    let rank = |id: PageId| {
        lib.pages[id]
            .known_kind()
            .map_or(Kind::ALL.len(), |k| k as usize)
    };
    let mut ids: Vec<PageId> = (0..lib.pages.len())
        .filter(|&i| !lib.pages[i].is_section)
        .collect();
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&lib.pages[a], &lib.pages[b]);
        let by_title = || pa.title.to_lowercase().cmp(&pb.title.to_lowercase());
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match pa.known_kind() {
                Some(Kind::Article) => (Some(b) == lead)
                    .cmp(&(Some(a) == lead))
                    .then_with(|| date_of(lib, b).cmp(&date_of(lib, a))),
                Some(Kind::Note) => pa
                    .front_matter
                    .weight
                    .unwrap_or(0)
                    .cmp(&pb.front_matter.weight.unwrap_or(0)),
                Some(Kind::Event) => date_of(lib, a).cmp(&date_of(lib, b)),
                Some(Kind::Person | Kind::Organization | Kind::Source) => std::cmp::Ordering::Equal,
                None => pa.path.cmp(&pb.path),
            })
            .then_with(by_title)
            .then_with(|| pa.path.cmp(&pb.path))
    });
    ids
}

/// The pages of the edition in `lang` (`None`: the default language's) in reading order:
/// what `/print/` (or `/<lang>/print/`) prints.
pub fn edition_order(lib: &Library, lang: Option<&str>) -> Vec<PageId> {
    let mut ids = reading_order(lib);
    ids.retain(|&id| crate::languages::in_edition(&lib.pages, &lib.translations, id, lang));
    ids
}

/// The most pages printed on the one page `/print/`; past it the dossier prints in parts.
pub const SINGLE_PAGE_LIMIT: usize = 500;
/// The most pages in one part: about 1.5 MB of HTML.
pub const PART_PAGES: usize = 250;

/// One part of a dossier printed in parts: pages of one kind, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPart {
    /// From 1; the part is at `/print/<number>/` (`PRINT_PATH`).
    pub number: usize,
    pub kind: Option<String>,
    /// Which part of its kind (from 1), and of how many.
    pub of_kind: (usize, usize),
    pub pages: Vec<PageId>,
}

impl PrintPart {
    pub fn path(&self) -> String {
        format!("{PRINT_PATH}{}/", self.number)
    }
}

/// The parts of the printed dossier, or `None` when it prints on one page.
pub fn parts(lib: &Library) -> Option<Vec<PrintPart>> {
    let order = edition_order(lib, None);
    let kinds: Vec<Option<&str>> = order.iter().map(|&id| lib.pages[id].kind()).collect();
    let parts = split(&kinds)?
        .into_iter()
        .map(|(number, kind, of_kind, range)| PrintPart {
            number,
            kind: kind.map(str::to_string),
            of_kind,
            pages: order[range].to_vec(),
        })
        .collect();
    Some(parts)
}

/// The addresses of the parts, known from the pages alone (before the library is made), for
/// the link check: `reading_order` puts each known kind together, in `Kind::ALL`'s order, and
/// the rest by path, which is all that decides where the parts begin.
pub fn part_paths(pages: &[crate::content::Page]) -> Vec<String> {
    let mut printed: Vec<&crate::content::Page> = pages
        .iter()
        .filter(|p| !p.is_section && p.lang.is_none())
        .collect();
    let rank = |p: &crate::content::Page| p.known_kind().map_or(Kind::ALL.len(), |k| k as usize);
    printed.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then_with(|| match a.known_kind() {
            None => a.path.cmp(&b.path),
            Some(_) => std::cmp::Ordering::Equal,
        })
    });
    let kinds: Vec<Option<&str>> = printed.iter().map(|p| p.kind()).collect();
    split(&kinds)
        .unwrap_or_default()
        .into_iter()
        .map(|(number, ..)| format!("{PRINT_PATH}{number}/"))
        .collect()
}

/// A part: its number, kind, which of its kind's parts, and its pages in reading order.
type PartSpan<'a> = (
    usize,
    Option<&'a str>,
    (usize, usize),
    std::ops::Range<usize>,
);

/// Where the parts begin and end, for pages of `kinds` in reading order.
fn split<'a>(kinds: &[Option<&'a str>]) -> Option<Vec<PartSpan<'a>>> {
    if kinds.len() <= SINGLE_PAGE_LIMIT {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    while start < kinds.len() {
        let kind = kinds[start];
        let end = kinds[start..]
            .iter()
            .position(|k| *k != kind)
            .map_or(kinds.len(), |n| start + n);
        let of = (end - start).div_ceil(PART_PAGES);
        for i in 0..of {
            let from = start + i * PART_PAGES;
            let to = (from + PART_PAGES).min(end);
            parts.push((parts.len() + 1, kind, (i + 1, of), from..to));
        }
        start = end;
    }
    Some(parts)
}

/// A page as the contents of the printed dossier list it.
#[derive(Debug, serde::Serialize)]
pub struct PrintEntry<'a> {
    pub anchor: String,
    pub title: &'a str,
    pub kind: Option<&'a str>,
}

/// The contents entries of pages `ids`.
pub fn contents<'a>(lib: &'a Library, ids: &[PageId]) -> Vec<PrintEntry<'a>> {
    ids.iter()
        .map(|&id| PrintEntry {
            anchor: anchor(&lib.pages[id].path),
            title: &lib.pages[id].title,
            kind: lib.pages[id].kind(),
        })
        .collect()
}

/// A part as `/print/` lists it and as its own page names itself.
#[derive(Debug, serde::Serialize)]
pub struct PartView<'a> {
    pub number: usize,
    pub permalink: String,
    pub kind: Option<&'a str>,
    /// Which part of its kind, and of how many.
    pub index: usize,
    pub of: usize,
    pub count: usize,
    pub first: &'a str,
    pub last: &'a str,
}

impl PrintPart {
    pub fn view<'a>(&'a self, lib: &'a Library) -> PartView<'a> {
        let title = |id: Option<&PageId>| id.map_or("", |&id| lib.pages[id].title.as_str());
        PartView {
            number: self.number,
            permalink: lib.config.permalink(&self.path()),
            kind: self.kind.as_deref(),
            index: self.of_kind.0,
            of: self.of_kind.1,
            count: self.pages.len(),
            first: title(self.pages.first()),
            last: title(self.pages.last()),
        }
    }
}

/// One document of the printed dossier: `/print/` when it prints on one page, else one of
/// its parts, or an edition's `/<lang>/print/`.
#[derive(Debug, Clone)]
pub struct PrintDoc {
    pub path: String,
    /// The edition (`None`: the default language's).
    pub lang: Option<String>,
    /// When the document is a part of `/print/`.
    pub part: Option<PrintPart>,
    pub pages: Vec<PageId>,
}

impl PrintDoc {
    pub fn output(&self) -> String {
        format!("{}/index.html", self.path.trim_matches('/'))
    }
}

/// Every document the build prints, when `print.html` and `print_page.html` are there and
/// the site (or the edition) prints: `has_template` says which templates are on.
pub fn documents(lib: &Library, has_template: &dyn Fn(&str) -> bool) -> Vec<PrintDoc> {
    if !has_template(crate::render::PRINT_PAGE_TEMPLATE) {
        return Vec::new();
    }
    let mut docs = Vec::new();
    if has_template("print.html") {
        match parts(lib) {
            Some(parts) => docs.extend(parts.into_iter().map(|part| PrintDoc {
                path: part.path(),
                lang: None,
                pages: part.pages.clone(),
                part: Some(part),
            })),
            None => docs.push(PrintDoc {
                path: PRINT_PATH.into(),
                lang: None,
                part: None,
                pages: edition_order(lib, None),
            }),
        }
    }
    for lang in crate::languages::with_pages(lib.config.languages.keys(), &lib.pages) {
        let language = (lang, &lib.config.languages[lang]);
        let printed = crate::editions::pages(language, has_template, &lib.pages, &lib.translations)
            .into_iter()
            .filter(|(t, _)| *t == "print.html");
        docs.extend(printed.map(|(_, path)| PrintDoc {
            path,
            lang: Some(lang.to_string()),
            part: None,
            pages: edition_order(lib, Some(lang)),
        }));
    }
    docs
}

/// The printed documents as a build makes them while it renders the pages: each page's part
/// is rendered while its Markdown's HTML is held for the page, kept here, and a document is
/// written as soon as its last page's part comes in. The page pass goes section by section,
/// so the pages of one part (one kind, in reading order) mostly come in together.
pub struct Spool {
    docs: Vec<PrintDoc>,
    /// Each page's places: which document, and where in it.
    places: Vec<Vec<(usize, usize)>>,
    pending: Vec<std::sync::Mutex<Pending>>,
}

struct Pending {
    parts: Vec<Option<String>>,
    left: usize,
}

impl Spool {
    /// A spool for `docs`, every document the build prints (one without pages is never
    /// whole here: it is left to be printed after the pages, `prints`).
    pub fn new(pages: usize, docs: Vec<PrintDoc>) -> Spool {
        let mut places = vec![Vec::new(); pages];
        for (d, doc) in docs.iter().enumerate() {
            for (at, &id) in doc.pages.iter().enumerate() {
                places[id].push((d, at));
            }
        }
        let pending = docs
            .iter()
            .map(|d| {
                std::sync::Mutex::new(Pending {
                    parts: vec![None; d.pages.len()],
                    left: d.pages.len(),
                })
            })
            .collect();
        Spool {
            docs,
            places,
            pending,
        }
    }

    /// Where page `id` is printed: each document and its place there.
    pub fn places(&self, id: PageId) -> impl Iterator<Item = (&PrintDoc, usize, usize)> {
        let places = self.places.get(id).map_or(&[][..], Vec::as_slice);
        places.iter().map(|&(d, at)| (&self.docs[d], d, at))
    }

    /// Keeps page part `html` at place `at` of document `doc`; when it was the last one
    /// missing, gives back every part of the document, in order, and keeps none of them.
    pub fn put(&self, doc: usize, at: usize, html: String) -> Option<Vec<String>> {
        let mut pending = self.pending[doc]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pending.parts[at].replace(html).is_none() {
            pending.left -= 1;
        }
        if pending.left > 0 {
            return None;
        }
        Some(
            std::mem::take(&mut pending.parts)
                .into_iter()
                .flatten()
                .collect(),
        )
    }

    /// Every document the build prints.
    pub fn documents(&self) -> &[PrintDoc] {
        &self.docs
    }

    /// Whether the spool prints the document at `path` as its pages come in.
    pub fn prints(&self, path: &str) -> bool {
        self.docs
            .iter()
            .any(|d| d.path == path && !d.pages.is_empty())
    }
}

/// The id of a page's part of the printed dossier: `page-notes-huawei` for `/notes/huawei/`.
pub fn anchor(path: &str) -> String {
    let inner = path.trim_matches('/').replace('/', "-");
    if inner.is_empty() {
        "page-home".into()
    } else {
        format!("page-{inner}")
    }
}

/// The pages of the printed dossier and the anchors their links turn into.
pub struct PrintedDossier {
    base_url: String,
    /// Each printed page's path, in reading order.
    paths: Vec<Box<str>>,
    /// Each printed page's part, by its place in `paths`; 0 when the dossier is printed
    /// whole.
    parts: Vec<u32>,
    /// Each printed page's place in `paths`, by its anchor. A link's target is found by the
    /// anchor of its path: no second map by path (at 100,000 pages the maps of paths,
    /// anchors and parts were 34 MB of a build's peak). Two paths of one anchor (`/a-b/`,
    /// `/a/b/`) share their ids in print; the first is the one linked to.
    by_anchor: HashMap<Box<str>, u32>,
}

impl PrintedDossier {
    pub fn new(lib: &Library) -> PrintedDossier {
        let mut part_of = vec![0; lib.pages.len()];
        for part in parts(lib).unwrap_or_default() {
            for id in part.pages {
                part_of[id] = part.number;
            }
        }
        let pages = reading_order(lib)
            .into_iter()
            .map(|id| (lib.pages[id].path.as_str(), part_of[id]));
        PrintedDossier::of_pages(&lib.config.base_url, pages)
    }

    /// The dossier of `pages` (each page's path and its part, 0 for none), in reading order.
    fn of_pages<'a>(
        base_url: &str,
        pages: impl Iterator<Item = (&'a str, usize)>,
    ) -> PrintedDossier {
        let mut printed = PrintedDossier {
            base_url: base_url.to_string(),
            paths: Vec::new(),
            parts: Vec::new(),
            by_anchor: HashMap::new(),
        };
        for (place, (path, part)) in (0u32..).zip(pages) {
            printed.paths.push(path.into());
            printed.parts.push(u32::try_from(part).unwrap_or(u32::MAX));
            printed
                .by_anchor
                .entry(anchor(path).into_boxed_str())
                .or_insert(place);
        }
        printed
    }

    /// The place of the page printed at `path`, if it is printed; `anchor` is its anchor.
    fn place(&self, path: &str, anchor: &str) -> Option<usize> {
        let place = *self.by_anchor.get(anchor)? as usize;
        (*self.paths[place] == *path).then_some(place)
    }

    /// The part the page printed under `page_anchor` is in (0: printed whole, or no page).
    fn part_of_anchor(&self, page_anchor: &str) -> u32 {
        self.by_anchor
            .get(page_anchor)
            .map_or(0, |&place| self.parts[place as usize])
    }

    /// `#id`, an id on the page printed at `target` (a place); or, when that page is in
    /// another part than `page_anchor`'s, the address of that part with `#id`.
    fn in_print(&self, target: usize, id: &str, page_anchor: &str) -> String {
        match self.parts[target] {
            part if part != 0 && part != self.part_of_anchor(page_anchor) => {
                format!("{}{PRINT_PATH}{part}/#{id}", self.base_url)
            }
            _ => format!("#{id}"),
        }
    }

    /// A relative address written on the page printed under `page_anchor`, made absolute:
    /// in the printed dossier it no longer sits beside that page's files.
    fn absolute(&self, href: &str, page_anchor: &str) -> Option<String> {
        if href.is_empty() || href.starts_with(['#', '/']) || link_check::has_scheme(href) {
            return None;
        }
        let place = *self.by_anchor.get(page_anchor)?;
        let page = &self.paths[place as usize];
        let path = link_check::normalise(&format!("{page}{href}"));
        Some(format!("{}/{path}", self.base_url))
    }

    /// Where a link goes in print: a fragment within the page printed under `page_anchor`,
    /// a page of the dossier (or a heading on it), or — if neither — where it went before
    /// (made absolute when it was relative to its page).
    pub fn href(&self, href: &str, page_anchor: &str) -> String {
        if let Some(fragment) = href.strip_prefix('#') {
            return format!("#{page_anchor}--{fragment}");
        }
        if let Some(absolute) = self.absolute(href, page_anchor) {
            return self.href(&absolute, page_anchor);
        }
        let Some(rest) = href.strip_prefix(self.base_url.as_str()) else {
            return href.to_string();
        };
        if !rest.starts_with('/') {
            return href.to_string();
        }
        let (path, fragment) = rest
            .split_once('#')
            .map_or((rest, None), |(p, f)| (p, Some(f)));
        let a = anchor(path);
        let Some(place) = self.place(path, &a) else {
            return href.to_string();
        };
        match fragment {
            Some(f) if !f.is_empty() => self.in_print(place, &format!("{a}--{f}"), page_anchor),
            _ => self.in_print(place, &a, page_anchor),
        }
    }

    /// The part of the printed dossier of the page printed under `page_anchor`, from its
    /// HTML and the places noted in it (`markdown::splices`): each id prefixed by the
    /// page's anchor, each address where it leads in print (`href`), each image's source
    /// made absolute, each heading one level down, under the page's title.
    pub fn print(&self, html: &str, splices: &[Splice], page_anchor: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut from = 0;
        for splice in splices {
            let Some(value) = splice.of(html).filter(|_| splice.at >= from) else {
                continue;
            };
            out.push_str(&html[from..splice.at]);
            from = splice.at + value.len();
            // `value` is escaped as HTML; what is added to it is escaped here.
            match splice.what {
                Spliced::Level => match value.as_bytes() {
                    [d @ b'1'..=b'5'] => out.push(char::from(d + 1)),
                    _ => out.push_str(value),
                },
                Spliced::Id => {
                    out.push_str(&escape_html(page_anchor));
                    out.push_str("--");
                    out.push_str(value);
                }
                Spliced::Src => {
                    let written = value.replace("&amp;", "&");
                    match self.absolute(&written, page_anchor) {
                        Some(src) => out.push_str(&escape_html(&src)),
                        None => out.push_str(value),
                    }
                }
                Spliced::Href => {
                    let written = value.replace("&amp;", "&");
                    let href = self.href(&written, page_anchor);
                    if href == written {
                        out.push_str(value);
                    } else {
                        out.push_str(&escape_html(&href));
                    }
                }
            }
        }
        out.push_str(&html[from..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `html` printed as the page under `anchor`, its places read from it.
    fn print(d: &PrintedDossier, html: &str, anchor: &str) -> String {
        d.print(html, &crate::markdown::splices::scan(html), anchor)
    }

    fn dossier() -> PrintedDossier {
        PrintedDossier::of_pages(
            "https://x.org",
            [("/notes/a/", 0), ("/people/b/", 0)].into_iter(),
        )
    }

    #[test]
    fn a_page_s_relative_links_and_images_point_where_they_did() {
        let html = r##"<p><a href="report.pdf">r</a> <a href="../../people/b/">b</a> <img src="chart.png" alt=""> <a href="mailto:x@y.z">m</a></p>"##;
        assert_eq!(
            print(&dossier(), html, "page-notes-a"),
            r##"<p><a href="https://x.org/notes/a/report.pdf">r</a> <a href="#page-people-b">b</a> <img src="https://x.org/notes/a/chart.png" alt=""> <a href="mailto:x@y.z">m</a></p>"##
        );
    }

    #[test]
    fn links_to_a_page_in_another_part_lead_to_that_part() {
        let d = PrintedDossier::of_pages(
            "https://x.org",
            [("/notes/a/", 1), ("/people/b/", 2)].into_iter(),
        );
        assert_eq!(
            d.href("https://x.org/people/b/#early", "page-notes-a"),
            "https://x.org/print/2/#page-people-b--early"
        );
        assert_eq!(
            d.href("https://x.org/notes/a/", "page-notes-a"),
            "#page-notes-a"
        );
        assert_eq!(
            d.href("https://x.org/notes/a/#top", "page-people-b"),
            "https://x.org/print/1/#page-notes-a--top"
        );
        assert_eq!(d.href("#ref-1", "page-notes-a"), "#page-notes-a--ref-1");
    }

    #[test]
    fn a_spooled_document_comes_out_whole_and_in_order_when_its_last_page_comes_in() {
        let doc = |path: &str, pages: Vec<PageId>| PrintDoc {
            path: path.into(),
            lang: None,
            part: None,
            pages,
        };
        // Page 1 is printed in both documents; a document without pages is not spooled.
        let spool = Spool::new(
            4,
            vec![
                doc("/print/", vec![2, 0, 1]),
                doc("/fr/print/", vec![1]),
                doc("/de/print/", vec![]),
            ],
        );
        assert!(spool.prints("/print/") && spool.prints("/fr/print/"));
        assert!(!spool.prints("/de/print/"));
        let places = |id| {
            spool
                .places(id)
                .map(|(d, n, at)| (d.path.clone(), n, at))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            places(1),
            [
                ("/print/".to_string(), 0, 2),
                ("/fr/print/".to_string(), 1, 0)
            ]
        );
        assert!(places(3).is_empty());
        assert_eq!(spool.put(0, 1, "a".into()), None);
        // A part given twice replaces the first and is still one part.
        assert_eq!(spool.put(0, 1, "a2".into()), None);
        assert_eq!(spool.put(0, 2, "b".into()), None);
        assert_eq!(spool.put(1, 0, "fr".into()), Some(vec!["fr".to_string()]));
        assert_eq!(
            spool.put(0, 0, "c".into()),
            Some(vec!["c".to_string(), "a2".to_string(), "b".to_string()])
        );
    }

    #[test]
    fn anchors_from_paths() {
        assert_eq!(anchor("/notes/huawei/"), "page-notes-huawei");
        assert_eq!(anchor("/"), "page-home");
    }

    #[test]
    fn links_become_anchors_of_the_printed_dossier() {
        let d = dossier();
        assert_eq!(d.href("https://x.org/notes/a/", "page-x"), "#page-notes-a");
        assert_eq!(
            d.href("https://x.org/notes/a/#deal", "page-x"),
            "#page-notes-a--deal"
        );
        assert_eq!(d.href("#ref-2", "page-x"), "#page-x--ref-2");
        assert_eq!(
            d.href("https://x.org/notes/", "page-x"),
            "https://x.org/notes/"
        );
        assert_eq!(
            d.href("https://x.org.evil/notes/a/", "page-x"),
            "https://x.org.evil/notes/a/"
        );
        assert_eq!(d.href("https://other.org/", "page-x"), "https://other.org/");
        // An empty fragment is the page itself, not an anchor ending in "--".
        assert_eq!(d.href("https://x.org/notes/a/#", "page-x"), "#page-notes-a");
    }

    #[test]
    fn only_headings_one_to_five_are_demoted() {
        let d = dossier();
        assert_eq!(print(&d, "<h2>a</h2>", "p"), "<h3>a</h3>");
        assert_eq!(print(&d, "<H5\n>a</H5>", "p"), "<H6\n>a</H6>");
        // Tags that start like a heading and are none stay as they are.
        for tag in [
            "<hr>", "<hr />", "</hr>", "<h6>", "</h6>", "<header>", "<b2>", "<h2x>",
        ] {
            assert_eq!(print(&d, tag, "p"), tag);
        }
    }

    #[test]
    fn ids_and_hrefs_change_in_tags_only() {
        let html = concat!(
            r##"<h2 id="deal">The deal <a class="heading-anchor" href="#deal">#</a></h2>"##,
            r#"<p>See <a href="https://x.org/people/b/">B</a> id="deal" <sup class="citation">"#,
            r##"[<a href="#ref-1" id="cite-1-1" class="citation-link" data-ref="1">1</a>]</sup></p>"##,
            "<!-- more -->"
        );
        let out = print(&dossier(), html, "page-notes-a");
        assert!(out.contains(r#"<h3 id="page-notes-a--deal">"#), "{out}");
        assert!(out.contains("</h3>"), "{out}");
        assert!(out.contains(r##"href="#page-notes-a--deal""##), "{out}");
        assert!(
            out.contains(r##"<a href="#page-people-b">B</a> id="deal" "##),
            "{out}"
        );
        assert!(
            out.contains(r##"<a href="#page-notes-a--ref-1" id="page-notes-a--cite-1-1""##),
            "{out}"
        );
        assert!(out.ends_with("<!-- more -->"));
    }

    /// A page's Markdown printed from the places noted as its HTML was written: every
    /// kind of place, and nothing read back from the HTML.
    #[test]
    fn markdown_is_printed_from_the_places_its_html_was_written_at() {
        use crate::markdown::{analyze, render_with, Resolution, Settings};
        let body = concat!(
            "## The deal {#deal}\n\nSee [B](https://x.org/people/b/#early \"B's\"), ",
            "![chart](chart.png?a=1&b=2) and a note.[^n]\n\n",
            "<div id=\"raw\"><a\nhref=\"report.pdf\">report</a></div>\n\n",
            "###### Six\n\n[^n]: See [A](https://x.org/notes/a/).\n",
        );
        let settings = Settings {
            splices: true,
            ..Settings::default()
        };
        let r = render_with(body, &analyze(body), &Resolution::default(), &settings);
        let splices = r.splices.expect("noted");
        // An id would be changed in each place: none was left out or read twice.
        let ids = splices.iter().filter(|s| s.what == Spliced::Id).count();
        assert_eq!(ids, r.html.matches(" id=\"").count(), "{}", r.html);
        let out = dossier().print(&r.html, &splices, "page-notes-a");
        for printed in [
            r#"<h3 id="page-notes-a--deal">The deal "#,
            r##"href="#page-notes-a--deal""##,
            "</h3>",
            r##"<a href="#page-people-b--early" title="B&#39;s">B</a>"##,
            r#"<img src="https://x.org/notes/a/chart.png?a=1&amp;b=2" alt="chart" />"#,
            r##"<a href="#page-notes-a--n">1</a>"##,
            "<div id=\"page-notes-a--raw\"><a\nhref=\"https://x.org/notes/a/report.pdf\">",
            "<h6 id=\"page-notes-a--six\">Six",
            "</h6>",
            r#"id="page-notes-a--n""#,
            r##"<a href="#page-notes-a">A</a>"##,
        ] {
            assert!(out.contains(printed), "{printed} in {out}");
        }
        // Printing from the places read back gives the same.
        assert_eq!(out, print(&dossier(), &r.html, "page-notes-a"));
    }
}

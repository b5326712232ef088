//! The printable dossier: every page on one page, in reading order (articles, notes, people,
//! organizations, events, sources, then the rest), with links between pages and within a
//! page turned into anchors of that one document, so a PDF of it is complete and navigable.

use std::collections::HashMap;

use crate::content::date::PartialDate;
use crate::content::PageId;
use crate::library::Library;
use crate::link_check;
use crate::markdown::escape_html;

use super::html_text::attr;
use crate::content::kind::Kind;

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
    anchors: HashMap<String, String>,
    /// Each page's path by its anchor, to resolve the relative links written on it.
    paths: HashMap<String, String>,
}

impl PrintedDossier {
    pub fn new(lib: &Library) -> PrintedDossier {
        let anchors: HashMap<String, String> = reading_order(lib)
            .into_iter()
            .map(|id| (lib.pages[id].path.clone(), anchor(&lib.pages[id].path)))
            .collect();
        let paths = anchors
            .iter()
            .map(|(path, anchor)| (anchor.clone(), path.clone()))
            .collect();
        PrintedDossier {
            base_url: lib.config.base_url.clone(),
            anchors,
            paths,
        }
    }

    /// A relative address written on the page printed under `page_anchor`, made absolute:
    /// in the printed dossier it no longer sits beside that page's files.
    fn absolute(&self, href: &str, page_anchor: &str) -> Option<String> {
        if href.is_empty() || href.starts_with(['#', '/']) || link_check::has_scheme(href) {
            return None;
        }
        let page = self.paths.get(page_anchor)?;
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
        match (self.anchors.get(path), fragment) {
            (Some(a), Some(f)) if !f.is_empty() => format!("#{a}--{f}"),
            (Some(a), _) => format!("#{a}"),
            (None, _) => href.to_string(),
        }
    }

    /// A page's HTML with its ids prefixed by `page_anchor` and its links rewritten by `href`.
    pub fn rewrite(&self, html: &str, page_anchor: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            if rest.starts_with("<!--") {
                let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push_str(&self.rewrite_tag(&rest[..end], page_anchor));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn rewrite_tag(&self, tag: &str, page_anchor: &str) -> String {
        let mut tag = demote_heading(tag);
        for name in ["id", "href", "src"] {
            let Some(value) = attr(&tag, name) else {
                continue;
            };
            // `value` is already escaped; what is added to it (the page's anchor, made from
            // its path) is escaped here.
            let new = if name == "id" {
                format!("{}--{value}", escape_html(page_anchor))
            } else if name == "src" {
                let written = value.replace("&amp;", "&");
                match self.absolute(&written, page_anchor) {
                    Some(src) => escape_html(&src),
                    None => value.to_string(),
                }
            } else {
                let written = value.replace("&amp;", "&");
                let href = self.href(&written, page_anchor);
                if href == written {
                    value.to_string()
                } else {
                    escape_html(&href)
                }
            };
            let old = format!(" {name}=\"{value}\"");
            tag = tag.replacen(&old, &format!(" {name}=\"{new}\""), 1);
        }
        tag
    }
}

/// `<h2 …>` → `<h3 …>`, `</h2>` → `</h3>`: in print, a page's title is the heading above its own.
fn demote_heading(tag: &str) -> String {
    let b = tag.as_bytes();
    let at = if tag.starts_with("</") { 2 } else { 1 };
    let is_heading = matches!(b.get(at), Some(b'h' | b'H'))
        && matches!(b.get(at + 1), Some(b'1'..=b'5'))
        && matches!(b.get(at + 2), Some(b' ' | b'>' | b'\t' | b'\n'));
    if !is_heading {
        return tag.to_string();
    }
    let level = char::from(b[at + 1] + 1);
    format!("{}{}{}", &tag[..at + 1], level, &tag[at + 2..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier() -> PrintedDossier {
        PrintedDossier {
            base_url: "https://x.org".into(),
            anchors: [
                ("/notes/a/", "page-notes-a"),
                ("/people/b/", "page-people-b"),
            ]
            .into_iter()
            .map(|(p, a)| (p.to_string(), a.to_string()))
            .collect(),
            paths: [("page-notes-a", "/notes/a/")]
                .into_iter()
                .map(|(a, p)| (a.to_string(), p.to_string()))
                .collect(),
        }
    }

    #[test]
    fn a_page_s_relative_links_and_images_point_where_they_did() {
        let html = r##"<p><a href="report.pdf">r</a> <a href="../../people/b/">b</a> <img src="chart.png" alt=""> <a href="mailto:x@y.z">m</a></p>"##;
        assert_eq!(
            dossier().rewrite(html, "page-notes-a"),
            r##"<p><a href="https://x.org/notes/a/report.pdf">r</a> <a href="#page-people-b">b</a> <img src="https://x.org/notes/a/chart.png" alt=""> <a href="mailto:x@y.z">m</a></p>"##
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
    }

    #[test]
    fn rewrites_ids_and_hrefs_in_tags_only() {
        let html = concat!(
            r##"<h2 id="deal">The deal <a class="heading-anchor" href="#deal">#</a></h2>"##,
            r#"<p>See <a href="https://x.org/people/b/">B</a> id="deal" <sup class="citation">"#,
            r##"[<a href="#ref-1" id="cite-1-1" class="citation-link" data-ref="1">1</a>]</sup></p>"##,
            "<!-- more -->"
        );
        let out = dossier().rewrite(html, "page-notes-a");
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
}

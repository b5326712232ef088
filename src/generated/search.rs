//! The search index and the link previews, built at build time and shipped as `.js` files
//! that assign a global, so they load with a `<script>` tag — from a server or straight from
//! the file system, where `fetch` is not allowed.
//!
//! Why not elasticlunr-rs: its index for the default dossier (68 KB of text) is 168 KB
//! without the documents and 241 KB with them, and it needs the elasticlunr.js runtime on
//! top. A dossier is hundreds of pages, not thousands, so the index here is the text itself,
//! one entry per heading and truncated, and the theme's script scans it with prefix matching:
//! smaller, with snippets, and no third-party runtime to vendor.

use rayon::prelude::*;
use serde::Serialize;

use crate::content::PageId;
use crate::library::Library;

use super::dates;
use super::html_text::{sections, truncate};

/// Characters of text kept per heading in the search index.
pub const SECTION_TEXT_LIMIT: usize = 1200;
/// Characters of summary kept per page in the previews.
pub const PREVIEW_LIMIT: usize = 280;

/// The global the search index is assigned to.
pub const SEARCH_GLOBAL: &str = "dossierSearch";
pub const PREVIEWS_GLOBAL: &str = "dossierPreviews";

/// A page as the search results show it: `[title, path, kind, aka, description]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SearchPage<'a>(
    pub &'a str,
    pub &'a str,
    pub &'a str,
    pub &'a [String],
    pub &'a str,
);

/// One heading's stretch of a page: `[page index, heading, anchor, text]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SearchSection(pub usize, pub String, pub String, pub String);

#[derive(Debug, Serialize)]
pub struct SearchIndex<'a> {
    /// Prefix of every path, as in `config.base_url`.
    pub base: &'a str,
    pub pages: Vec<SearchPage<'a>>,
    pub sections: Vec<SearchSection>,
}

/// Pages in the order the index lists them: by URL path.
fn indexed_pages(lib: &Library) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..lib.pages.len()).collect();
    ids.sort_by(|&a, &b| lib.pages[a].path.cmp(&lib.pages[b].path));
    ids
}

fn kind_of(lib: &Library, id: PageId) -> &str {
    let p = &lib.pages[id];
    match p.kind() {
        Some(k) => k,
        None if p.is_section => "section",
        None => "page",
    }
}

/// Titles, `aka` names, descriptions, headings and the text under each heading.
pub fn index(lib: &Library) -> SearchIndex<'_> {
    let ids = indexed_pages(lib);
    let pages = ids
        .iter()
        .map(|&id| {
            let p = &lib.pages[id];
            SearchPage(
                &p.title,
                &p.path,
                kind_of(lib, id),
                &p.front_matter.aka,
                p.front_matter.description.as_deref().unwrap_or(""),
            )
        })
        .collect();
    // Each page's HTML is rendered and read on its own, in parallel, then joined in order.
    let per_page: Vec<Vec<SearchSection>> = ids
        .par_iter()
        .enumerate()
        .map(|(n, &id)| {
            sections(&lib.html(id).html)
                .into_iter()
                .filter(|s| !(s.text.is_empty() && s.heading.is_empty()))
                .map(|s| {
                    SearchSection(
                        n,
                        s.heading,
                        s.anchor,
                        truncate(&s.text, SECTION_TEXT_LIMIT),
                    )
                })
                .collect()
        })
        .collect();
    let all_sections = per_page.into_iter().flatten().collect();
    SearchIndex {
        base: &lib.config.base_url,
        pages,
        sections: all_sections,
    }
}

/// `window.<global> = <json>;` — JSON is valid JavaScript. `<` is written `\u003c` (it
/// only occurs inside strings) so no `</script>` or `<!--` in a title can end or bend a
/// script element, should a theme inline the file.
pub fn assign_global<T: Serialize>(global: &str, value: &T) -> String {
    let json = serde_json::to_string(value)
        .expect("serializable")
        .replace('<', "\\u003c");
    format!("window.{global} = {json};\n")
}

/// `search-index.js`.
pub fn index_js(lib: &Library) -> String {
    assign_global(SEARCH_GLOBAL, &index(lib))
}

/// What a link preview shows of a page: `[title, kind, summary]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Preview(pub String, pub String, pub String);

fn kind_label(kind: &str) -> String {
    let mut chars = kind.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// The previews of every page by URL path: its description or first paragraph, and for a
/// source who published it and when.
pub fn previews(lib: &Library) -> serde_json::Value {
    let ids = indexed_pages(lib);
    let previews: Vec<(&str, serde_json::Value)> = ids
        .par_iter()
        .map(|&id| (lib.pages[id].path.as_str(), preview(lib, id)))
        .collect();
    let mut map = serde_json::Map::new();
    for (path, preview) in previews {
        map.insert(path.to_string(), preview);
    }
    serde_json::json!({ "base": lib.config.base_url, "pages": map })
}

/// Page `id`'s preview.
fn preview(lib: &Library, id: PageId) -> serde_json::Value {
    let p = &lib.pages[id];
    let fm = &p.front_matter;
    let text = match &fm.description {
        Some(d) => d.clone(),
        None => sections(&lib.html(id).html)
            .into_iter()
            .find(|s| !s.text.is_empty())
            .map(|s| s.text)
            .unwrap_or_default(),
    };
    let mut summary = String::new();
    if p.is_source() {
        let by: Vec<String> = fm
            .authors
            .iter()
            .cloned()
            .chain(fm.publisher.clone())
            .chain(fm.date.and_then(|d| d.partial()).map(dates::label))
            .collect();
        if !by.is_empty() {
            summary = format!("{}. ", by.join(", "));
        }
    }
    summary.push_str(&text);
    let preview = Preview(
        p.title.clone(),
        kind_label(kind_of(lib, id)),
        truncate(&summary, PREVIEW_LIMIT),
    );
    serde_json::to_value(preview).expect("serializable")
}

/// `previews.js`.
pub fn previews_js(lib: &Library) -> String {
    assign_global(PREVIEWS_GLOBAL, &previews(lib))
}

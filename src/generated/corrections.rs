//! The corrections log: every `[[corrections]]` entry of every page, newest first, for the
//! site-wide `/corrections/` page and its schema.org `CorrectionComment`s.

use serde_json::{json, Value};

use crate::content::PageId;
use crate::library::Library;

/// The address of the corrections page (`config::SITE_WIDE`).
pub const PATH: &str = "/corrections/";

/// One correction: the page it corrects and its place in the page's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    pub page: PageId,
    pub index: usize,
}

/// The id of a page's `index`-th correction (from 0) in its corrections notice.
pub fn anchor(index: usize) -> String {
    format!("correction-{}", index + 1)
}

/// Every correction of the site, newest first; on the same day by page title, then as written.
pub fn all(lib: &Library) -> Vec<Correction> {
    let mut list: Vec<Correction> = lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.front_matter.draft)
        .flat_map(|(page, p)| {
            (0..p.front_matter.corrections.len()).map(move |index| Correction { page, index })
        })
        .collect();
    list.sort_by(|a, b| {
        let date = |c: &Correction| lib.pages[c.page].front_matter.corrections[c.index].date;
        let key = |c: &Correction| (&lib.pages[c.page].title, c.page, c.index);
        date(b)
            .to_string()
            .cmp(&date(a).to_string())
            .then_with(|| key(a).cmp(&key(b)))
    });
    list
}

/// A correction as schema.org's `CorrectionComment`: what changed, when, on which page.
pub fn comment(lib: &Library, c: Correction) -> Value {
    let entry = &lib.pages[c.page].front_matter.corrections[c.index];
    let page = lib.permalink(c.page);
    json!({
        "@type": "CorrectionComment",
        "text": entry.text,
        "datePublished": entry.date.to_string(),
        "url": format!("{page}#{}", anchor(c.index)),
        "about": { "@type": "WebPage", "name": lib.pages[c.page].title, "url": page },
    })
}

/// The JSON-LD of the corrections page: a web page whose parts are the corrections.
pub fn json_ld(lib: &Library, title: &str) -> Value {
    let comments: Vec<Value> = all(lib).into_iter().map(|c| comment(lib, c)).collect();
    json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": lib.config.permalink(PATH),
        "isPartOf": { "@type": "WebSite", "name": lib.config.title, "url": format!("{}/", lib.config.base_url) },
        "hasPart": comments,
    })
}

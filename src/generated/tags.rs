//! Tags: the `tags` of every page gathered under URL-safe slugs, for `/tags/` and
//! `/tags/<slug>/`. Tags that differ only in case or punctuation are one tag.

use std::collections::BTreeMap;

use crate::content::PageId;
use crate::library::Library;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// As first written (pages taken by URL path).
    pub name: String,
    pub slug: String,
    /// By title.
    pub pages: Vec<PageId>,
}

/// `national security` → `national-security`; letters of any script are kept.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "tag".into()
    } else {
        out
    }
}

/// A tag's URL path.
pub fn path(slug: &str) -> String {
    format!("/tags/{slug}/")
}

/// A tag's URL path in the edition of `lang` (`None`: the default language's).
pub fn path_in(slug: &str, lang: Option<&str>) -> String {
    match lang {
        Some(lang) => format!("/{lang}{}", path(slug)),
        None => path(slug),
    }
}

/// Every tag of the site, by slug.
pub fn all(lib: &Library) -> Vec<Tag> {
    all_in(lib, &|_| true)
}

/// The tags of the pages `keeps` keeps (an edition's, `languages::in_edition`), by slug.
pub fn all_in(lib: &Library, keeps: &dyn Fn(PageId) -> bool) -> Vec<Tag> {
    let mut ids: Vec<PageId> = (0..lib.pages.len()).filter(|&id| keeps(id)).collect();
    ids.sort_by(|&a, &b| lib.pages[a].path.cmp(&lib.pages[b].path));
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for id in ids {
        for name in &lib.pages[id].front_matter.tags {
            let s = slug(name);
            let tag = tags.entry(s.clone()).or_insert_with(|| Tag {
                name: name.trim().to_string(),
                slug: s,
                pages: Vec::new(),
            });
            // Pages come one after another: a page already listed is the last one.
            if tag.pages.last() != Some(&id) {
                tag.pages.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for t in &mut tags {
        t.pages.sort_by(|&a, &b| {
            lib.pages[a]
                .title
                .to_lowercase()
                .cmp(&lib.pages[b].title.to_lowercase())
        });
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("national security"), "national-security");
        assert_eq!(slug("U.S. Senate"), "u-s-senate");
        assert_eq!(slug("  Facebook "), "facebook");
        assert_eq!(slug("华为"), "华为");
        assert_eq!(slug("!!!"), "tag");
    }
}

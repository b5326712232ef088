//! Heading anchors as GitHub makes them, so anchors written for README files keep working.

use std::collections::{HashMap, HashSet};

/// GitHub's anchor for a heading's text: lowercase; letters, digits, marks, `_` and `-`
/// kept in any script; other punctuation and emoji dropped; each space turned into `-`.
pub fn github_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' || is_mark(c) {
            slug.push(c);
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

/// Combining marks (accents written as separate code points) belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Hands out unique ids on one page: a repeat gets `-1`, `-2`, … as on GitHub.
/// The next number to try is kept per base, so a page of many equal headings costs one
/// step per heading instead of trying every number from `-1` again.
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: HashSet<String>,
    next_number: HashMap<String, usize>,
}

impl HeadingIds {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next_number.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            crate::cost::step("heading id", 1);
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// Reserves an id given explicitly (`{#id}`) so later generated ids avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }
}

/// A slug as Zola's default slugger makes one (`get_page` → `get-page`): ASCII from
/// `deunicode`, lowercase, every run of other characters one `-`, none at the ends.
pub fn zola_slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The id of the heading an anchor names: its id, its text as written (`#Heading text`, as
/// Obsidian links) or the id Zola gives it (`#get-page` for `get_page`).
pub fn find_heading<'h>(anchor: &str, headings: &'h [super::Heading]) -> Option<&'h str> {
    let by_id = |wanted: &str| headings.iter().find(|h| h.id == wanted);
    let found = by_id(anchor)
        .or_else(|| by_id(&github_slug(anchor)))
        .or_else(|| {
            let zola = zola_slug(anchor);
            (!zola.is_empty())
                .then(|| headings.iter().find(|h| zola_slug(&h.title) == zola))
                .flatten()
        });
    found.map(|h| h.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_slugs_and_headings_found_by_text() {
        assert_eq!(zola_slug("get_page"), "get-page");
        assert_eq!(zola_slug("Übersicht: Straße!"), "ubersicht-strasse");
        let heading = |id: &str, title: &str| super::super::Heading {
            level: 2,
            id: id.into(),
            title: title.into(),
        };
        let hs = [
            heading("get_page", "get_page"),
            heading("the-deal", "The deal"),
        ];
        assert_eq!(find_heading("get-page", &hs), Some("get_page"));
        assert_eq!(find_heading("The deal", &hs), Some("the-deal"));
        assert_eq!(find_heading("get_page", &hs), Some("get_page"));
        assert_eq!(find_heading("nothing", &hs), None);
    }

    #[test]
    fn github_rules() {
        assert_eq!(github_slug("The PwC assessments"), "the-pwc-assessments");
        assert_eq!(github_slug("What's next? (2019)"), "whats-next-2019");
        assert_eq!(github_slug("ZTE & the 2018 deal"), "zte--the-2018-deal");
        assert_eq!(github_slug("Übersicht: Straße"), "übersicht-straße");
        assert_eq!(github_slug("华为 Huawei"), "华为-huawei");
        assert_eq!(github_slug("Rocket 🚀 launch"), "rocket--launch");
        assert_eq!(github_slug("snake_case-and-dash"), "snake_case-and-dash");
    }

    #[test]
    fn repeats_are_numbered() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("notes"), "notes");
        assert_eq!(ids.unique("notes"), "notes-1");
        assert_eq!(ids.unique("notes"), "notes-2");
        ids.reserve("x");
        assert_eq!(ids.unique("x"), "x-1");
        assert_eq!(ids.unique(""), "section");
    }

    #[test]
    fn a_literal_numbered_heading_is_skipped_as_before() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("x"), "x");
        assert_eq!(ids.unique("x-1"), "x-1");
        assert_eq!(ids.unique("x"), "x-2");
        assert_eq!(ids.unique("x-2"), "x-2-1");
        assert_eq!(ids.unique("x"), "x-3");
        ids.reserve("x-4");
        assert_eq!(ids.unique("x"), "x-5");
        assert_eq!(ids.unique("x-1"), "x-1-1");
    }

    /// Numbers tried for `n` equal headings.
    fn steps_for(n: usize) -> usize {
        crate::cost::counts::steps_of("heading id", || {
            let mut ids = HeadingIds::default();
            for _ in 0..n {
                ids.unique("notes");
            }
        })
    }

    #[test]
    fn equal_headings_cost_one_step_each() {
        let (small, large) = (steps_for(500), steps_for(2000));
        assert_eq!(small, 499);
        assert!(
            large <= 5 * small,
            "{small} steps for 500, {large} for 2000"
        );
    }
}

//! Heading anchors as GitHub makes them, so anchors written for README files keep working.

use std::collections::HashSet;

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
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Reserves an id given explicitly (`{#id}`) so later generated ids avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

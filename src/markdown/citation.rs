//! Pandoc citation syntax: `[@key]`, `[@key, p. 4]`, `[@a; @b]`, `[-@key]` (the author not
//! named: numbered marks never name one, so it reads as `[@key]`), and the narrative `@key`
//! of running text ("@nyt-2018 reported…"), which names the author before its mark.

/// One cited source in a citation, with the locator (page, paragraph…) if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub locator: Option<String>,
    /// Written `-@key`.
    pub suppress_author: bool,
}

/// Reads the text inside the brackets of a citation; `None` if it is not one.
pub fn parse_citation(text: &str) -> Option<Vec<CiteItem>> {
    let mut items = Vec::new();
    for part in text.split(';') {
        let part = part.trim();
        let (suppress_author, part) = match part.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, part),
        };
        let rest = part.strip_prefix('@')?;
        let key = key_at(rest)?;
        let after = rest[key.len()..].trim();
        let locator = match after.strip_prefix(',') {
            Some(l) if !l.trim().is_empty() => Some(l.trim().to_string()),
            Some(_) => None,
            None if after.is_empty() => None,
            None => return None,
        };
        items.push(CiteItem {
            key: key.to_string(),
            locator,
            suppress_author,
        });
    }
    (!items.is_empty()).then_some(items)
}

/// The citekey at the start of `text` (after its `@`): letters, digits and `-_.:/`, not
/// ending in `.`, `:` or `/` (the end of a sentence).
fn key_at(text: &str) -> Option<&str> {
    let len = text
        .find(|c: char| !(c.is_alphanumeric() || "-_.:/".contains(c)))
        .unwrap_or(text.len());
    let key = text[..len].trim_end_matches(['.', ':', '/']);
    (!key.is_empty()).then_some(key)
}

/// The narrative citations of a run of text, `@key` each, by byte range of `@key` and key:
/// an `@` at the start of the text or after a space or an opening bracket or quote, never
/// inside a word (so `jane@example.org` and `x@y` are left alone). `before` is the character
/// ending the text that came before in the same block.
pub fn narrative_citations(text: &str, before: Option<char>) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let previous = text[..at].chars().next_back().or(before);
        if !previous.is_none_or(|c| c.is_whitespace() || "([{\"“‘'".contains(c)) {
            continue;
        }
        let rest = &text[at + 1..];
        if !rest.starts_with(char::is_alphanumeric) {
            continue;
        }
        if let Some(key) = key_at(rest) {
            found.push((at, at + 1 + key.len(), key.to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, locator: Option<&str>) -> CiteItem {
        CiteItem {
            key: key.into(),
            locator: locator.map(Into::into),
            suppress_author: false,
        }
    }

    #[test]
    fn suppressed_author() {
        let items = parse_citation("-@nyt-2018, p. 2").unwrap();
        assert_eq!(items[0].key, "nyt-2018");
        assert!(items[0].suppress_author);
        assert_eq!(items[0].locator.as_deref(), Some("p. 2"));
    }

    #[test]
    fn narrative_citations_in_text_but_not_in_addresses() {
        let found = narrative_citations(
            "@nyt-2018 reported it, as (@ap-2018). Mail jane@example.org or @ 2.",
            None,
        );
        let keys: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(keys, ["nyt-2018", "ap-2018"]);
        assert_eq!((found[0].0, found[0].1), (0, 9));
        assert!(narrative_citations("@x", Some('a')).is_empty());
        assert_eq!(narrative_citations("@x.", Some(' '))[0].2, "x");
    }

    #[test]
    fn single_multi_and_locators() {
        assert_eq!(
            parse_citation("@nyt-2018"),
            Some(vec![item("nyt-2018", None)])
        );
        assert_eq!(
            parse_citation("@ftc, p. 4"),
            Some(vec![item("ftc", Some("p. 4"))])
        );
        assert_eq!(
            parse_citation("@a; @b, para. 2"),
            Some(vec![item("a", None), item("b", Some("para. 2"))])
        );
    }

    #[test]
    fn other_brackets_are_not_citations() {
        for text in ["sic", "see @a", "@", "@a b", "@a; b", "x@y.org"] {
            assert_eq!(parse_citation(text), None, "{text}");
        }
    }
}

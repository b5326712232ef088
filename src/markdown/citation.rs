//! Pandoc citation syntax: `[@key]`, `[@key, p. 4]`, `[@a; @b]`.

/// One cited source in a citation, with the locator (page, paragraph…) if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub locator: Option<String>,
}

/// Reads the text inside the brackets of a citation; `None` if it is not one.
pub fn parse_citation(text: &str) -> Option<Vec<CiteItem>> {
    let mut items = Vec::new();
    for part in text.split(';') {
        let rest = part.trim().strip_prefix('@')?;
        let key_len = rest
            .find(|c: char| !(c.is_alphanumeric() || "-_.:/".contains(c)))
            .unwrap_or(rest.len());
        let key = rest[..key_len].trim_end_matches(['.', ':', '/']);
        if key.is_empty() {
            return None;
        }
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
        });
    }
    (!items.is_empty()).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, locator: Option<&str>) -> CiteItem {
        CiteItem {
            key: key.into(),
            locator: locator.map(Into::into),
        }
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

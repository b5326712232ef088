//! Which front-matter addresses (`url`, `archive_url`) may become links. A source's address
//! is written by whoever keeps the dossier, but a copied `javascript:` or `data:` address
//! would run in the reader's browser when clicked; only the web's own schemes are linked,
//! anything else is shown as text and `dossier check` warns.

use std::path::Path;

use super::front_matter::FrontMatter;
use crate::diagnostic::Diagnostic;

/// The schemes that become links.
const WEB_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The scheme of `address` as a browser reads it (leading and trailing spaces and control
/// characters dropped, tabs and newlines anywhere ignored), lowercased; `None` when it has
/// none.
pub fn scheme(address: &str) -> Option<String> {
    let trimmed = address.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && valid).then(|| scheme.to_ascii_lowercase())
}

/// Whether `address` may be written as a link: `http:`, `https:` or `mailto:`.
pub fn is_web_link(address: &str) -> bool {
    scheme(address).is_some_and(|s| WEB_SCHEMES.contains(&s.as_str()))
}

/// Warnings at `url` and `archive_url` when the theme will show them as text, not as
/// links. `offset` is where the front matter starts in `file_text`.
pub fn address_warnings(
    fm: &FrontMatter,
    file: &Path,
    file_text: &str,
    offset: usize,
) -> Vec<Diagnostic> {
    [("url", &fm.url), ("archive_url", &fm.archive_url)]
        .into_iter()
        .filter_map(|(field, value)| {
            let value = value.as_ref()?;
            if is_web_link(value.get_ref()) {
                return None;
            }
            Some(
                Diagnostic::warning(format!(
                    "`{field}` is not an http, https or mailto address, so it is shown as text, not as a link"
                ))
                .in_file(file)
                .at_offset(file_text, offset + value.span().start)
                .code("not-a-web-link"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_schemes_only() {
        assert!(is_web_link("https://example.org/a?b=1&c=2"));
        assert!(is_web_link("HTTP://example.org"));
        assert!(is_web_link("mailto:desk@example.org"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link(" \tJaVa\nScRiPt:alert(1)"));
        assert!(!is_web_link("data:text/html,<b>x</b>"));
        assert!(!is_web_link("vbscript:msgbox"));
        assert!(!is_web_link("report.pdf"));
        assert!(!is_web_link("//evil.example/x"));
    }

    #[test]
    fn scheme_as_a_browser_reads_it() {
        assert_eq!(scheme("\u{1}java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("a/b:c"), None);
    }
}

//! Editions in several languages, as Zola writes them: `huawei.fr.md` beside `huawei.md`,
//! a bundle's `index.fr.md` beside its `index.md`, a section's `_index.fr.md`. The file is
//! the page in that language, at `/fr/…`; the pages of one name in every language are each
//! other's translations. A language suffix is two or three lowercase letters, with a region
//! (`pt-br`) if any; site.toml must declare it under `[languages]` (`unknown`).

use super::Page;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;

/// `notes/huawei.fr.md` → (`notes/huawei.md`, `Some("fr")`); a file without a language
/// suffix is as it is.
pub fn split(rel: &str) -> (String, Option<String>) {
    let Some(stem) = rel.strip_suffix(".md") else {
        return (rel.to_string(), None);
    };
    let Some((base, code)) = stem.rsplit_once('.') else {
        return (rel.to_string(), None);
    };
    if base.ends_with('/') || base.is_empty() || !is_code(code) {
        return (rel.to_string(), None);
    }
    (format!("{base}.md"), Some(code.to_string()))
}

/// `fr`, `de`, `pt-br`, `zh-hant`.
fn is_code(code: &str) -> bool {
    let (language, region) = code.split_once('-').unwrap_or((code, ""));
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && (region.is_empty()
            || ((2..=8).contains(&region.len())
                && region.chars().all(|c| c.is_ascii_alphanumeric())))
}

/// `/notes/huawei/` in language `fr`: `/fr/notes/huawei/`, and its output file.
pub fn prefixed(path: &str, output: &str, lang: &str) -> (String, String) {
    (format!("/{lang}{path}"), format!("{lang}/{output}"))
}

/// An error for every page in a language site.toml does not declare.
pub fn unknown(pages: &[Page], config: &SiteConfig) -> Vec<Diagnostic> {
    let declared: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    pages
        .iter()
        .filter_map(|page| {
            let lang = page.lang.as_deref()?;
            if declared.contains(&lang) {
                return None;
            }
            let hint = crate::suggestion::closest(lang, &declared)
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            let message = if lang == config.language {
                format!("`{lang}` is the default language: name the file without `.{lang}`")
            } else {
                format!(
                    "language `{lang}` is not declared; {hint}add `[languages.{lang}]` to site.toml"
                )
            };
            Some(
                Diagnostic::error(message)
                    .in_file(&page.file)
                    .code("unknown-language"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_suffixes() {
        let s = |rel: &str| split(rel);
        assert_eq!(
            s("notes/huawei.fr.md"),
            ("notes/huawei.md".into(), Some("fr".into()))
        );
        assert_eq!(
            s("a/index.pt-br.md"),
            ("a/index.md".into(), Some("pt-br".into()))
        );
        assert_eq!(
            s("a/_index.de.md"),
            ("a/_index.md".into(), Some("de".into()))
        );
        assert_eq!(s("notes/report.v2.md"), ("notes/report.v2.md".into(), None));
        assert_eq!(s("notes/huawei.md"), ("notes/huawei.md".into(), None));
        assert_eq!(s("notes/.fr.md"), ("notes/.fr.md".into(), None));
        assert_eq!(s("notes/a.FR.md"), ("notes/a.FR.md".into(), None));
    }
}

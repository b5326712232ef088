//! `citation_style`: how reference lists write a bibliography's records, in a CSL style from
//! hayagriva's archive (the styles Zotero ships: `chicago-author-date`, `apa`, `ieee`,
//! `modern-language-association`…), formatted by hayagriva's CSL processor.

use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::{IndependentStyle, Locale, Style as CslStyle};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
};

use super::Record;

/// The style a site gets without `citation_style`.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// A CSL style and the locales its terms come from.
pub struct Style {
    csl: IndependentStyle,
    locales: Vec<Locale>,
}

impl Style {
    /// The archived style of this name (`None`: the default), or why there is none.
    pub fn named(name: Option<&str>) -> Result<Style, String> {
        let name = name.unwrap_or(DEFAULT_STYLE);
        let archived = ArchivedStyle::by_name(name).ok_or_else(|| {
            let names = ArchivedStyle::all()
                .iter()
                .flat_map(|s| s.names().iter().copied());
            let hint = crate::diagnostic::closest(name, names)
                .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            format!(
                "`citation_style = \"{name}\"` is not a CSL style dossier knows{hint} \
                 (for example `chicago-author-date`, `apa`, `ieee`)"
            )
        })?;
        match archived.get() {
            CslStyle::Independent(csl) => Ok(Style {
                csl,
                locales: locales(),
            }),
            CslStyle::Dependent(_) => Err(format!(
                "`citation_style = \"{name}\"` is a dependent style; name the style it follows"
            )),
        }
    }

    /// Each record's reference as plain text, in the order given.
    pub fn references(&self, records: &[Record]) -> Vec<String> {
        let formatted =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.format(records)));
        match formatted {
            Ok(texts) => texts,
            // The formatter is not ours: a record it cannot format keeps the theme's own
            // reference rather than stopping the build.
            Err(_) => vec![String::new(); records.len()],
        }
    }

    fn format(&self, records: &[Record]) -> Vec<String> {
        let mut driver = BibliographyDriver::new();
        for r in records {
            let items = vec![CitationItem::with_entry(&r.item)];
            driver.citation(CitationRequest::from_items(items, &self.csl, &self.locales));
        }
        let rendered = driver.finish(BibliographyRequest {
            style: &self.csl,
            locale: None,
            locale_files: &self.locales,
        });
        let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
        records
            .iter()
            .map(|r| {
                let Some(item) = items.iter().find(|i| i.key == r.key) else {
                    return String::new();
                };
                let mut text = String::new();
                let _ = item.content.write_buf(&mut text, BufWriteFormat::Plain);
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_style_says_the_closest() {
        let e = Style::named(Some("chicago-author-dat")).err().unwrap();
        assert!(e.contains("did you mean `chicago-author-date`?"), "{e}");
        assert!(Style::named(None).is_ok() && Style::named(Some("ieee")).is_ok());
    }
}

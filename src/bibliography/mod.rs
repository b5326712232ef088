//! Bibliographies: the BibTeX/BibLaTeX and CSL-JSON files `bibliography = […]` in site.toml
//! names (Zotero's exports, Better BibTeX's auto-export), read into `Record`s, one a citekey.
//! Each record becomes a source of the dossier (`content::join_bibliography`): a page of its
//! own at `/sources/<key>/`, or the facts of the writer's `content/sources/<key>.md`.
//!
//! A record is kept as a CSL-JSON item, the one form every part needs: hayagriva formats it
//! with a CSL style (`style`), `/sources.json` is it as it is, and `/sources.bib` is written
//! from it (`export`). BibTeX is read by the `biblatex` crate (braces, TeX accents, `@string`
//! abbreviations, places of keys), CSL-JSON by citationberg's serde types: no hand parser.

mod bibtex;
mod csl_json;
pub mod export;
pub mod style;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hayagriva::citationberg::json::{DateValue, Item, NameValue, Value};

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diagnostic::Diagnostic;

/// One entry of a bibliography file, by its citekey.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub key: String,
    /// The file it was read from, relative to the site root, and the place of its key there.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The entry as CSL-JSON, its `id` the key.
    pub item: Item,
    /// The reference as the site's `citation_style` writes it (plain text).
    pub reference: String,
}

/// Every record of the site's bibliography files, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bibliography {
    pub records: Vec<Record>,
}

impl Bibliography {
    /// Reads the files `config.bibliography` names, relative to `root`; every unreadable
    /// file, parse error and key given twice (in one file or across files) is reported.
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Bibliography, Vec<Diagnostic>> {
        let style = style::Style::named(config.citation_style.as_deref())
            .map_err(|message| vec![style_error(root, message)])?;
        let mut errors = Vec::new();
        let mut records: Vec<Record> = Vec::new();
        for name in &config.bibliography {
            match read_file(root, name) {
                Ok(found) => records.extend(found),
                Err(e) => errors.extend(e),
            }
        }
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            match first.get(&r.key.to_lowercase()) {
                Some(&j) => errors.push(
                    Diagnostic::error(format!(
                        "citekey `{}` is given twice: also at {}:{}:{}; give one of them another key",
                        r.key,
                        records[j].file.display(),
                        records[j].line,
                        records[j].column
                    ))
                    .in_file(&r.file)
                    .at(r.line, r.column)
                    .code("duplicate-citekey"),
                ),
                None => {
                    first.insert(r.key.to_lowercase(), i);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let references = style.references(&records);
        for (r, text) in records.iter_mut().zip(references) {
            r.reference = text;
        }
        Ok(Bibliography { records })
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.key == key)
    }
}

/// An unknown `citation_style`, at its place in site.toml.
fn style_error(root: &Path, message: String) -> Diagnostic {
    let error = Diagnostic::error(message)
        .in_file(CONFIG_FILE)
        .code("unknown-style");
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    match crate::toml_util::value_span(&text, &["citation_style"]) {
        Some(span) => error.at_offset(&text, span.start),
        None => error,
    }
}

/// Reads one bibliography file: CSL-JSON when it ends in `.json`, else BibTeX/BibLaTeX.
fn read_file(root: &Path, name: &str) -> Result<Vec<Record>, Vec<Diagnostic>> {
    let file = PathBuf::from(name);
    let text = std::fs::read_to_string(root.join(name)).map_err(|e| {
        vec![Diagnostic::error(format!(
            "cannot read bibliography `{name}` (named in {CONFIG_FILE}): {e}"
        ))
        .in_file(CONFIG_FILE)
        .code("bibliography")]
    })?;
    if name.to_ascii_lowercase().ends_with(".json") {
        csl_json::read(&text, &file)
    } else {
        bibtex::read(&text, &file)
    }
}

/// The plain text of a field of an item.
pub fn text<'i>(item: &'i Item, field: &str) -> Option<&'i str> {
    match item.0.get(field)? {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// The journal, newspaper or magazine an article appeared in (CSL `container-title`), which
/// Zotero's connector reads as `citation_journal_title`.
pub fn journal(item: &Item) -> Option<&str> {
    let article = text(item, "type").is_some_and(|t| t.starts_with("article-"));
    article.then(|| text(item, "container-title")).flatten()
}

/// The names of a name field (`author`), each as it is read: "Given Family" or the literal.
pub fn names(item: &Item, field: &str) -> Vec<String> {
    let Some(Value::Names(names)) = item.0.get(field) else {
        return Vec::new();
    };
    names
        .iter()
        .map(|n| match n {
            NameValue::Literal(l) => l.literal.clone(),
            NameValue::Item(n) => {
                let parts = [
                    n.given.as_deref(),
                    n.non_dropping_particle.as_deref(),
                    Some(n.family.as_str()),
                    n.suffix.as_deref(),
                ];
                parts
                    .into_iter()
                    .flatten()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The year, month and day of a date field (`issued`), as far as they are known.
pub fn date_parts(item: &Item, field: &str) -> Option<(i32, Option<u8>, Option<u8>)> {
    let Some(Value::Date(date)) = item.0.get(field) else {
        return None;
    };
    let parts: Vec<i32> = match date {
        DateValue::DateParts { date_parts, .. } => date_parts
            .0
            .first()?
            .0
            .iter()
            .map(|&p| i32::from(p))
            .collect(),
        DateValue::Raw { raw, .. } => {
            let d = &raw.start;
            let mut parts = vec![i32::from(d.year)];
            parts.extend(d.month.map(|m| i32::from(m) + 1));
            parts.extend(d.day.map(|day| i32::from(day) + 1));
            parts
        }
    };
    let month = parts.get(1).and_then(|&m| u8::try_from(m).ok());
    let day = parts.get(2).and_then(|&d| u8::try_from(d).ok());
    Some((*parts.first()?, month, day))
}

/// A date of an item as TOML writes it, when it is a whole date.
pub fn full_date(item: &Item, field: &str) -> Option<toml::value::Datetime> {
    match date_parts(item, field)? {
        (year, Some(month), Some(day)) => format!("{year:04}-{month:02}-{day:02}").parse().ok(),
        _ => None,
    }
}

/// A record's date as a page's: a full date, else as far as it is known (`2018`, `2018-06`).
pub fn page_date(item: &Item, field: &str) -> Option<crate::content::date::PageDate> {
    use crate::content::date::{PageDate, PartialDate};
    if let Some(full) = full_date(item, field) {
        return Some(PageDate::Full(full));
    }
    let (year, month, day) = date_parts(item, field)?;
    Some(PageDate::Partial(PartialDate { year, month, day }))
}

/// A CSL-JSON date of year, month and day, as far as known.
pub fn date_value(parts: &[i32]) -> Value {
    let json = serde_json::json!({ "date-parts": [parts] });
    Value::Date(serde_json::from_value(json).expect("date-parts are a CSL-JSON date"))
}

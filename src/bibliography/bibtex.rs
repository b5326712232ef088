//! BibTeX and BibLaTeX files (Zotero's "Export Library… → BibTeX/BibLaTeX", Better BibTeX's
//! auto-export) read with the `biblatex` crate into CSL-JSON items. The crate resolves braces,
//! TeX accents (`{\"u}`) and `@string` abbreviations; its raw parse gives each key's place.

use std::path::Path;

use biblatex::{Bibliography, ChunksExt, Entry, RawBibliography};
use hayagriva::citationberg::json::{Item, LiteralName, NameItem, NameValue, Value};

use super::{date_value, Record};
use crate::diagnostic::{line_col, Diagnostic};

/// Every entry of a BibTeX/BibLaTeX text, or its first syntax error at its place.
pub fn read(text: &str, file: &Path) -> Result<Vec<Record>, Vec<Diagnostic>> {
    let error = |offset: usize, message: String| {
        vec![Diagnostic::error(message)
            .in_file(file)
            .at_offset(text, offset)
            .code("bibliography")]
    };
    let raw = RawBibliography::parse(text)
        .map_err(|e| error(e.span.start, format!("not a BibTeX file: {}", e.kind)))?;
    let places: Vec<(String, usize)> = raw
        .entries
        .iter()
        .map(|e| (e.v.key.v.to_string(), e.v.key.span.start))
        .collect();
    for (i, (key, offset)) in places.iter().enumerate() {
        if let Some((_, first)) = places[..i].iter().find(|(k, _)| k == key) {
            let (line, _) = line_col(text, *first);
            return Err(error(
                *offset,
                format!(
                    "citekey `{key}` is given twice in this file (also at line {line}); give one of them another key"
                ),
            ));
        }
    }
    let bibliography = Bibliography::from_raw(raw)
        .map_err(|e| error(e.span.start, format!("not a BibTeX file: {}", e.kind)))?;
    Ok(places
        .into_iter()
        .filter_map(|(key, offset)| {
            let entry = bibliography.get(&key)?;
            let (line, column) = line_col(text, offset);
            Some(Record {
                item: item(entry),
                key,
                file: file.to_path_buf(),
                line,
                column,
                reference: String::new(),
            })
        })
        .collect())
}

/// The field as text, braces and TeX commands resolved.
fn field(entry: &Entry, name: &str) -> Option<String> {
    let text = entry.get(name)?.format_verbatim();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// An entry as a CSL-JSON item.
fn item(entry: &Entry) -> Item {
    let mut item = Item(Default::default());
    let mut set = |name: &str, value: Value| {
        item.0.insert(name.to_string(), value);
    };
    set("id", Value::String(entry.key.clone()));
    set("type", Value::String(csl_type(entry).into()));
    let strings = [
        ("title", "title"),
        ("publisher", "publisher"),
        ("url", "URL"),
        ("doi", "DOI"),
        ("abstract", "abstract"),
        ("note", "note"),
        ("pages", "page"),
        ("volume", "volume"),
        ("number", "issue"),
    ];
    for (bib, csl) in strings {
        if let Some(text) = field(entry, bib) {
            set(csl, Value::String(text));
        }
    }
    let container = ["journaltitle", "journal", "booktitle", "howpublished"]
        .iter()
        .find_map(|f| field(entry, f));
    if let Some(text) = container {
        set("container-title", Value::String(text));
    }
    if entry.get("publisher").is_none() {
        let body = ["organization", "institution"]
            .iter()
            .find_map(|f| field(entry, f));
        if let Some(text) = body {
            set("publisher", Value::String(text));
        }
    }
    if let Ok(authors) = entry.author() {
        let names: Vec<NameValue> = authors.iter().map(name).collect();
        if !names.is_empty() {
            set("author", Value::Names(names));
        }
    }
    if let Some(parts) = date(entry, "date").or_else(|| year_month(entry)) {
        set("issued", date_value(&parts));
    }
    if let Some(parts) = date(entry, "urldate") {
        set("accessed", date_value(&parts));
    }
    item
}

/// A person as CSL-JSON: an institution (`{The New York Times}`, no given name) literally.
fn name(person: &biblatex::Person) -> NameValue {
    if person.given_name.is_empty() && person.prefix.is_empty() {
        return NameValue::Literal(LiteralName {
            literal: person.name.clone(),
        });
    }
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    NameValue::Item(NameItem {
        family: person.name.clone(),
        given: non_empty(&person.given_name),
        non_dropping_particle: non_empty(&person.prefix),
        dropping_particle: None,
        suffix: non_empty(&person.suffix),
        comma_suffix: None,
    })
}

/// BibLaTeX's entry type as CSL's.
fn csl_type(entry: &Entry) -> &'static str {
    let newspaper = entry.get("entrysubtype").map(|c| c.format_verbatim());
    match entry.entry_type.to_string().to_ascii_lowercase().as_str() {
        "article" if newspaper.as_deref() == Some("newspaper") => "article-newspaper",
        "article" => "article-journal",
        "book" | "mvbook" => "book",
        "inbook" | "incollection" | "bookinbook" => "chapter",
        "inproceedings" | "conference" => "paper-conference",
        "report" | "techreport" => "report",
        "thesis" | "phdthesis" | "mastersthesis" => "thesis",
        "online" | "www" | "electronic" => "webpage",
        "legislation" | "law" => "legislation",
        "jurisdiction" | "legal" => "legal_case",
        "dataset" => "dataset",
        "software" => "software",
        "video" | "movie" => "motion_picture",
        "audio" => "song",
        _ => "document",
    }
}

/// A BibLaTeX date field (`2018-06-03`, `2018-06`, `2018`; a range keeps its start).
fn date(entry: &Entry, name: &str) -> Option<Vec<i32>> {
    let text = field(entry, name)?;
    let start = text.split('/').next()?;
    let parts: Vec<i32> = start
        .split('-')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    plausible(parts)
}

/// BibTeX's `year` and `month` (`month = jun` or `6`).
fn year_month(entry: &Entry) -> Option<Vec<i32>> {
    let year: i32 = field(entry, "year")?.trim().parse().ok()?;
    let mut parts = vec![year];
    if let Some(month) = field(entry, "month") {
        let month = month.trim().to_ascii_lowercase();
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let number = month.parse::<i32>().ok().or_else(|| {
            MONTHS
                .iter()
                .position(|m| month.starts_with(m))
                .map(|i| i as i32 + 1)
        });
        parts.extend(number);
    }
    plausible(parts)
}

/// Date parts CSL can hold: a year, a month 1–12, a day 1–31 (anything else is dropped).
pub(super) fn plausible(parts: Vec<i32>) -> Option<Vec<i32>> {
    let year = *parts.first()?;
    if !(-9999..=9999).contains(&year) || parts.len() > 3 {
        return None;
    }
    let month_ok = parts.get(1).is_none_or(|m| (1..=12).contains(m));
    let day_ok = parts.get(2).is_none_or(|d| (1..=31).contains(d));
    (month_ok && day_ok).then_some(parts)
}

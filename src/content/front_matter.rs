//! Front matter: splitting it from the body and parsing it strictly, with errors at file:line:col.

use std::path::Path;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use toml::de::DeTable;

use super::date::PageDate;
use super::fields::{check, Place, Shape};
use crate::diagnostic::Diagnostic;
use crate::toml_util::toml_error;

/// How the front matter is written: TOML between `+++` lines (Zola's way) or YAML between
/// `---` lines (Obsidian's, Jekyll's and Hugo's way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Toml,
    Yaml,
}

/// A file cut in two: the front matter between its fences and the Markdown after them.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
    pub format: Format,
}

/// Splits a file's text. A file with no front matter is all body. A byte-order mark and
/// blank lines before the opening fence are passed over, as Zola does. A `---` line with
/// no closing one is Markdown (a thematic break), not front matter.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    loop {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        if end == text.len() || !text[start..end].trim().is_empty() {
            break;
        }
        start = end;
    }
    let first_line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let (fence, format) = match text[start..first_line_end].trim_end() {
        "+++" => ("+++", Format::Toml),
        "---" => ("---", Format::Yaml),
        _ => {
            return Ok(Split {
                front_matter: "",
                front_matter_offset: 0,
                body: text,
                body_offset: 0,
                format: Format::Toml,
            })
        }
    };
    let fm_start = first_line_end;
    let mut pos = fm_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == fence {
            return Ok(Split {
                front_matter: &text[fm_start..pos],
                front_matter_offset: fm_start,
                body: &text[end..],
                body_offset: end,
                format,
            });
        }
        pos = end;
    }
    if format == Format::Yaml {
        return Ok(Split {
            front_matter: "",
            front_matter_offset: 0,
            body: text,
            body_offset: 0,
            format: Format::Toml,
        });
    }
    Err((
        start,
        "front matter opened with `+++` is never closed: add a `+++` line after it".into(),
    ))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<PageDate>,
    pub updated: Option<PageDate>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Zola's `[taxonomies]`: terms by taxonomy name (`tags` in it are moved to `tags`).
    #[serde(default)]
    pub taxonomies: std::collections::BTreeMap<String, Vec<String>>,
    /// Where each taxonomy's name is written (line, column), to report an unknown one.
    #[serde(skip)]
    pub taxonomy_places: std::collections::BTreeMap<String, (usize, usize)>,
    #[serde(default)]
    pub aka: Vec<String>,
    // Fields of sources.
    pub publisher: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Kept with its place, to warn at it when it is not a web address (see `web_link`).
    pub url: Option<Spanned<String>>,
    pub archive_url: Option<Spanned<String>>,
    pub accessed: Option<Datetime>,
    /// A source's main document: the file of its bundle that locators point into.
    pub document: Option<Spanned<String>>,
    #[serde(default)]
    pub events: Vec<EventEntry>,
    #[serde(default)]
    pub relations: Vec<RelationEntry>,
    /// The group the page is listed under in the home page's cast of characters.
    pub role: Option<String>,
    /// The key facts shown in a box at the top of the page.
    #[serde(default)]
    pub facts: Vec<FactEntry>,
    /// The page's corrections log, shown on it and on `/corrections/`.
    #[serde(default)]
    pub corrections: Vec<CorrectionEntry>,
    #[serde(default)]
    pub extra: toml::Table,
    /// Classes for the page's body element (YAML's `cssclasses`).
    #[serde(skip)]
    pub classes: Vec<String>,
    /// A section's `paginate_by` (`pagination`); never read from a page's front matter.
    #[serde(skip)]
    pub paginate_by: Option<Spanned<i64>>,
    /// A section's `paginate_path`; never read from a page's front matter.
    #[serde(skip)]
    pub paginate_path: Option<Spanned<String>>,
}

impl FrontMatter {
    /// Drops control characters (other than tab and newline) from every text field. TOML
    /// lets a writer spell them (`"\u0000"`), a copy-paste from a PDF brings them in, and
    /// they have no meaning in a title: in a feed they make the XML ill-formed, in HTML a
    /// NUL is a parse error. A slug is not touched: one with a control character is refused
    /// (`url::check_slug`), not quietly changed.
    pub fn strip_control_characters(&mut self) {
        let texts = self
            .title
            .iter_mut()
            .chain(&mut self.description)
            .chain(&mut self.template)
            .chain(&mut self.kind)
            .chain(&mut self.tags)
            .chain(self.taxonomies.values_mut().flatten())
            .chain(&mut self.aka)
            .chain(&mut self.publisher)
            .chain(&mut self.authors)
            .chain(&mut self.role)
            .chain(self.url.iter_mut().map(|u| u.get_mut()))
            .chain(self.archive_url.iter_mut().map(|u| u.get_mut()));
        texts.for_each(strip_controls);
        for event in &mut self.events {
            strip_controls(&mut event.title);
            event.description.iter_mut().for_each(strip_controls);
        }
        for relation in &mut self.relations {
            strip_controls(&mut relation.kind);
        }
        for fact in &mut self.facts {
            strip_controls(&mut fact.label);
            strip_controls(&mut fact.value);
        }
        for correction in &mut self.corrections {
            strip_controls(&mut correction.text);
        }
        self.extra
            .iter_mut()
            .for_each(|(_, v)| strip_value_controls(v));
    }

    pub fn url(&self) -> Option<&str> {
        self.url.as_ref().map(|u| u.get_ref().as_str())
    }

    pub fn archive_url(&self) -> Option<&str> {
        self.archive_url.as_ref().map(|u| u.get_ref().as_str())
    }
}

fn is_stripped_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn strip_controls(text: &mut String) {
    if text.contains(is_stripped_control) {
        text.retain(|c| !is_stripped_control(c));
    }
}

fn strip_value_controls(value: &mut toml::Value) {
    match value {
        toml::Value::String(s) => strip_controls(s),
        toml::Value::Array(items) => items.iter_mut().for_each(strip_value_controls),
        toml::Value::Table(table) => table.iter_mut().for_each(|(_, v)| strip_value_controls(v)),
        _ => {}
    }
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub paginate_by: Option<Spanned<i64>>,
    pub paginate_path: Option<Spanned<String>>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// One `[[events]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    pub date: Spanned<toml::Value>,
    pub end: Option<Spanned<toml::Value>>,
    pub title: String,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub description: Option<String>,
}

/// One `[[relations]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationEntry {
    pub to: Spanned<String>,
    pub kind: String,
    /// When a one-off act happened (`founded`, `questioned`); `since`/`until` are for states.
    pub date: Option<Spanned<toml::Value>>,
    pub since: Option<Spanned<toml::Value>>,
    pub until: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

/// One `[[facts]]` entry: a label, its value, the sources that bear it out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactEntry {
    pub label: String,
    pub value: String,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

/// One `[[corrections]]` entry: when the page was corrected, what changed, on what grounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionEntry {
    pub date: Datetime,
    pub text: String,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

/// Parses front matter that starts at byte `offset` of `file_text`, whose fields are
/// `fields`: every mistake at once (see `fields`), or the value and its warnings.
pub fn parse<T: serde::de::DeserializeOwned>(
    front_matter: &str,
    offset: usize,
    file_text: &str,
    path: &Path,
    fields: &[(&str, Shape)],
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let syntax = |e: toml::de::Error| vec![toml_error(&e, file_text, offset, path).code("toml")];
    let table = DeTable::parse(front_matter).map_err(syntax)?;
    let place = Place {
        path,
        text: file_text,
        offset,
    };
    let (errors, warnings) = check(table.get_ref(), fields, None, &place);
    if !errors.is_empty() {
        return Err(errors);
    }
    let value = toml::from_str(front_matter).map_err(syntax)?;
    Ok((value, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.front_matter_offset, 4);
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Hi\n").unwrap();
        assert_eq!(s.front_matter, "");
        assert_eq!(s.body, "# Hi\n");
    }

    #[test]
    fn unclosed_is_an_error_and_yaml_is_split() {
        assert!(split("+++\ntitle = \"A\"\n")
            .unwrap_err()
            .1
            .contains("never closed"));
        let s = split("\u{feff}\n \n---\ntitle: A\n---\nB").unwrap();
        assert_eq!(
            (s.front_matter, s.body, s.format),
            ("title: A\n", "B", Format::Yaml)
        );
        let s = split("---\nB\n").unwrap();
        assert_eq!((s.front_matter_offset, s.body), (0, "---\nB\n"));
    }

    #[test]
    fn crlf_front_matter() {
        let s = split("+++\r\ntitle = \"A\"\r\n+++\r\nB").unwrap();
        assert_eq!(s.body, "B");
    }

    #[test]
    fn errors_name_field_line_and_column() {
        let text = "+++\ntitle = \"A\"\nweight = \"heavy\"\n+++\n";
        let s = split(text).unwrap();
        let e = parse::<FrontMatter>(
            s.front_matter,
            s.front_matter_offset,
            text,
            Path::new("a.md"),
            super::super::fields::PAGE_FIELDS,
        )
        .unwrap_err();
        let e = &e[0];
        assert_eq!((e.line, e.column), (Some(3), Some(10)));
        assert!(e.message.contains("weight"), "{}", e.message);
    }

    /// `fields::PAGE_FIELDS` and `FrontMatter` name the same fields: serde takes each listed
    /// field (a field serde knows and the list lacks fails every site that uses it).
    #[test]
    fn every_listed_field_is_one_serde_reads() {
        use super::super::fields::{Shape, PAGE_FIELDS};
        for (name, shape) in PAGE_FIELDS {
            let value = match shape {
                Shape::Text => "\"x\"",
                Shape::Date | Shape::DateLike => "2024-02-01",
                Shape::Bool => "true",
                Shape::Integer => "1",
                Shape::TextList => "[\"x\"]",
                Shape::TextLists => "{ a = [\"x\"] }",
                Shape::Table => "{ a = 1 }",
                Shape::Entries { .. } => "[]",
            };
            let text = format!("{name} = {value}\n");
            assert!(toml::from_str::<FrontMatter>(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn zola_field_is_named() {
        let text = "+++\nsort_by = \"date\"\n+++\n";
        let s = split(text).unwrap();
        let e = parse::<SectionFrontMatter>(
            s.front_matter,
            s.front_matter_offset,
            text,
            Path::new("_index.md"),
            super::super::fields::SECTION_FIELDS,
        )
        .unwrap_err();
        let e = &e[0];
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("`sort_by` is a Zola"), "{}", e.message);
    }
}

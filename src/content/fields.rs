//! The front-matter fields a page may have, checked before serde reads them, so that every
//! mistake of a file is reported in one run, each at its line, in the writer's words: an
//! unknown field with the one it resembles, `tags = "x"` as "must be a list", a quoted date
//! as "write dates without quotes". serde stops at the first error and speaks of sequences
//! and datetimes; it still reads the checked table (`front_matter::parse`), so nothing is
//! accepted here that serde would refuse.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::date::PageDate;
use super::kind::Kind;
use crate::diagnostic::{closest, Diagnostic};

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Text,
    Date,
    Bool,
    Integer,
    TextList,
    Table,
    /// A date, a "YYYY-MM" string or a year: checked where the timeline reads it.
    DateLike,
    /// A table of lists of text: `[taxonomies]`, `countries = ["…"]`.
    TextLists,
    /// `[[name]]` entries, each with these fields, of which the first `required` must be set.
    Entries {
        fields: &'static [(&'static str, Shape)],
        required: &'static [&'static str],
    },
}

const EVENT_FIELDS: &[(&str, Shape)] = &[
    ("date", Shape::DateLike),
    ("end", Shape::DateLike),
    ("title", Shape::Text),
    ("sources", Shape::TextList),
    ("description", Shape::Text),
];

const RELATION_FIELDS: &[(&str, Shape)] = &[
    ("to", Shape::Text),
    ("kind", Shape::Text),
    ("date", Shape::DateLike),
    ("since", Shape::DateLike),
    ("until", Shape::DateLike),
    ("sources", Shape::TextList),
];

const FACT_FIELDS: &[(&str, Shape)] = &[
    ("label", Shape::Text),
    ("value", Shape::Text),
    ("sources", Shape::TextList),
];

const CORRECTION_FIELDS: &[(&str, Shape)] = &[
    ("date", Shape::Date),
    ("text", Shape::Text),
    ("sources", Shape::TextList),
];

/// The fields of a page (`FrontMatter`).
pub const PAGE_FIELDS: &[(&str, Shape)] = &[
    ("title", Shape::Text),
    ("description", Shape::Text),
    ("date", Shape::Date),
    ("updated", Shape::Date),
    ("draft", Shape::Bool),
    ("slug", Shape::Text),
    ("weight", Shape::Integer),
    ("template", Shape::Text),
    ("kind", Shape::Text),
    ("tags", Shape::TextList),
    ("taxonomies", Shape::TextLists),
    ("aka", Shape::TextList),
    ("publisher", Shape::Text),
    ("authors", Shape::TextList),
    ("url", Shape::Text),
    ("archive_url", Shape::Text),
    ("accessed", Shape::Date),
    ("document", Shape::Text),
    (
        "events",
        Shape::Entries {
            fields: EVENT_FIELDS,
            required: &["date", "title"],
        },
    ),
    (
        "relations",
        Shape::Entries {
            fields: RELATION_FIELDS,
            required: &["to", "kind"],
        },
    ),
    ("role", Shape::Text),
    (
        "facts",
        Shape::Entries {
            fields: FACT_FIELDS,
            required: &["label", "value"],
        },
    ),
    (
        "corrections",
        Shape::Entries {
            fields: CORRECTION_FIELDS,
            required: &["date", "text"],
        },
    ),
    ("extra", Shape::Table),
];

/// The fields of a section (`SectionFrontMatter`).
pub const SECTION_FIELDS: &[(&str, Shape)] = &[
    ("title", Shape::Text),
    ("description", Shape::Text),
    ("draft", Shape::Bool),
    ("weight", Shape::Integer),
    ("template", Shape::Text),
    ("paginate_by", Shape::Integer),
    ("paginate_path", Shape::Text),
    ("extra", Shape::Table),
];

/// Zola front-matter fields dossier knows by name and does not support.
const ZOLA_FIELDS: &[&str] = &[
    "sort_by",
    "paginate_reversed",
    "insert_anchor_links",
    "in_search_index",
    "transparent",
    "page_template",
    "redirect_to",
    "generate_feeds",
    "render",
    "authors_taxonomy",
    "path",
    "render_pages",
];

/// Where the front matter is: its file, the file's text and the front matter's offset in it.
pub struct Place<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub offset: usize,
}

impl Place<'_> {
    pub fn at(&self, d: Diagnostic, span: Range<usize>) -> Diagnostic {
        d.in_file(self.path)
            .at_offset(self.text, self.offset + span.start)
    }
}

/// Every mistake in `table` against `fields`: errors, and warnings (a kind with no layout).
pub fn check(
    table: &DeTable<'_>,
    fields: &[(&str, Shape)],
    within: Option<&str>,
    place: &Place<'_>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match fields.iter().find(|(f, _)| *f == name) {
            None => errors.push(place.at(unknown_field(name, fields, within), key.span())),
            Some((_, shape)) => {
                if let Some(e) = shape_error(name, *shape, value, place, &mut errors) {
                    errors.push(place.at(e, value.span()));
                }
            }
        }
        if name == "kind" && within.is_none() {
            if let Some(kind) = value.get_ref().as_str() {
                warnings.extend(unknown_kind(kind).map(|w| place.at(w, value.span())));
            }
        }
    }
    // The table's keys come in name order; the writer reads top to bottom.
    errors.sort_by_key(|d| (d.line, d.column));
    (errors, warnings)
}

fn unknown_field(name: &str, fields: &[(&str, Shape)], within: Option<&str>) -> Diagnostic {
    let for_sections = SECTION_FIELDS.iter().any(|(f, _)| *f == name);
    let message = if within.is_none() && for_sections {
        format!("`{name}` is a section's field: set it in the section's `_index.md`")
    } else if within.is_none() && ZOLA_FIELDS.contains(&name) {
        format!("`{name}` is a Zola front-matter field that dossier does not support; remove it")
    } else {
        let suggestion = if name == "aliases" {
            Some("aka")
        } else {
            closest(name, fields.iter().map(|(f, _)| *f))
        };
        let mut message = match within {
            Some(entry) => format!("unknown field `{name}` in [[{entry}]]"),
            None => format!("unknown front-matter field `{name}`"),
        };
        if let Some(s) = suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        message
    };
    Diagnostic::error(message).code("unknown-field")
}

fn unknown_kind(kind: &str) -> Option<Diagnostic> {
    if Kind::of(kind).is_some() {
        return None;
    }
    let names = Kind::ALL.map(Kind::name);
    let hint = closest(kind, names.iter().copied())
        .map_or(String::new(), |k| format!("did you mean `{k}`? "));
    Some(
        Diagnostic::warning(format!(
            "unknown kind `{kind}`; {hint}The theme lays out {}; this page gets the plain layout",
            names.join(", ")
        ))
        .code("unknown-kind"),
    )
}

/// The error for a value not of its field's shape (entries' own errors go to `errors`).
fn shape_error(
    name: &str,
    shape: Shape,
    value: &Spanned<DeValue<'_>>,
    place: &Place<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Diagnostic> {
    let v = value.get_ref();
    let message = match shape {
        Shape::Text if !v.is_str() => {
            format!("`{name}` must be text in quotes, like `{name} = \"…\"`")
        }
        Shape::Date => match v.as_str() {
            _ if v.is_datetime() => return None,
            // A quoted date, a month or a year: `PageDate` reads them (not `accessed`,
            // which is the day a source was checked).
            Some(s)
                if name != "accessed"
                    && PageDate::from_toml(&toml::Value::String(s.into())).is_some() =>
            {
                return None
            }
            Some(s) if s.parse::<toml::value::Datetime>().is_ok() => {
                format!("write dates without quotes: `{name} = {s}`")
            }
            _ if name != "accessed"
                && v.as_integer()
                    .and_then(|y| y.as_str().parse::<u16>().ok())
                    .is_some_and(|y| y <= 9999) =>
            {
                return None
            }
            _ => format!("`{name}` must be a date, like `{name} = 2024-02-01`"),
        },
        Shape::Bool if !v.is_bool() => format!("`{name}` must be `true` or `false`"),
        Shape::Integer if !v.is_integer() => {
            format!("`{name}` must be a whole number, like `{name} = 10`")
        }
        Shape::TextList => match v.as_array() {
            None => format!("`{name}` must be a list, like `{name} = [\"x\"]`"),
            Some(items) => {
                let bad = items.iter().find(|i| !i.get_ref().is_str())?;
                errors.push(place.at(
                    type_error(format!(
                        "`{name}` must be a list of text in quotes, like `{name} = [\"x\"]`"
                    )),
                    bad.span(),
                ));
                return None;
            }
        },
        Shape::Table if !v.is_table() => {
            format!("`{name}` must be a table: an `[{name}]` line with fields under it")
        }
        Shape::TextLists => match v.as_table() {
            None => format!("`{name}` must be a table: an `[{name}]` line with lists under it"),
            Some(table) => {
                for (key, list) in table {
                    let key = key.get_ref();
                    if let Some(e) = shape_error(key, Shape::TextList, list, place, errors) {
                        errors.push(place.at(e, list.span()));
                    }
                }
                return None;
            }
        },
        Shape::Entries { fields, required } => {
            let entries = v
                .as_array()
                .filter(|a| a.iter().all(|e| e.get_ref().is_table()));
            let Some(entries) = entries else {
                return Some(type_error(format!(
                    "`{name}` must be a list of `[[{name}]]` entries"
                )));
            };
            for entry in entries.iter() {
                let table = entry.get_ref().as_table().expect("checked above");
                let (e, _) = check(table, fields, Some(name), place);
                errors.extend(e);
                for field in required.iter().filter(|f| !table.contains_key(**f)) {
                    errors.push(
                        place.at(
                            Diagnostic::error(format!(
                                "missing field `{field}` in [[{name}]] entry"
                            ))
                            .code("missing-field"),
                            entry.span(),
                        ),
                    );
                }
            }
            return None;
        }
        _ => return None,
    };
    Some(type_error(message))
}

fn type_error(message: String) -> Diagnostic {
    Diagnostic::error(message).code("field-type")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(front_matter: &str) -> Vec<String> {
        let table = DeTable::parse(front_matter).unwrap();
        let place = Place {
            path: Path::new("a.md"),
            text: front_matter,
            offset: 0,
        };
        let (errors, _) = check(table.get_ref(), PAGE_FIELDS, None, &place);
        errors
            .iter()
            .map(|d| format!("{}:{}: {}", d.line.unwrap(), d.column.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn every_shape_is_named_in_plain_words() {
        let text = "title = 3\ndraft = \"yes\"\nweight = 1.5\ntags = [\"a\", 2]\nextra = 1\ndate = \"soon\"\nevents = 4\n";
        assert_eq!(
            errors(text),
            [
                "1:9: `title` must be text in quotes, like `title = \"…\"`",
                "2:9: `draft` must be `true` or `false`",
                "3:10: `weight` must be a whole number, like `weight = 10`",
                "4:14: `tags` must be a list of text in quotes, like `tags = [\"x\"]`",
                "5:9: `extra` must be a table: an `[extra]` line with fields under it",
                "6:8: `date` must be a date, like `date = 2024-02-01`",
                "7:10: `events` must be a list of `[[events]]` entries",
            ]
        );
    }

    #[test]
    fn zola_fields_are_named_and_unlike_names_get_no_guess() {
        assert_eq!(
            errors("sort_by = \"date\"\nzzzzzz = 1\n"),
            [
                "1:1: `sort_by` is a Zola front-matter field that dossier does not support; remove it",
                "2:1: unknown front-matter field `zzzzzz`",
            ]
        );
    }

    #[test]
    fn known_kinds_pass_and_others_are_warned_with_the_closest() {
        assert!(unknown_kind("source").is_none());
        let w = unknown_kind("organisation").unwrap();
        assert!(
            w.message
                .starts_with("unknown kind `organisation`; did you mean `organization`?"),
            "{}",
            w.message
        );
        let w = unknown_kind("dossier-item").unwrap();
        assert!(
            w.message
                .starts_with("unknown kind `dossier-item`; The theme"),
            "{}",
            w.message
        );
    }
}

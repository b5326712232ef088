//! YAML front matter (`---` fences), as Obsidian, Jekyll and Hugo write it: read into the
//! same `FrontMatter` as TOML, with the same fields, shapes and `file:line:col` errors.
//!
//! Obsidian's properties are mapped to ours (`aliases` → `aka`, `publish: false` → a draft,
//! `modified` → `updated`, `cssclasses` → classes of the page's body, `permalink` → its URL
//! path); `tags` may be one string and carry `#`. A vault holds properties of its own
//! (`status`, `rating`…): those go to `extra`, named as notes for `dossier check`, with the
//! field they resemble. (TOML front matter keeps refusing unknown fields: a TOML page was
//! written for dossier or Zola, where an unknown field is a mistake.)
//!
//! The YAML is parsed by `saphyr`, which gives every node its place; the checked values are
//! made a TOML table and read by the same serde code as TOML front matter, then the places
//! of the fields that keep one (`slug`, `url`…) are set to where the YAML wrote them.

use std::ops::Range;
use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use toml::Spanned;

use super::date::PartialDate;
use super::fields::{Place, Shape, PAGE_FIELDS};
use super::front_matter::FrontMatter;
use crate::diagnostic::{closest, Diagnostic};

/// What YAML front matter gives besides the fields of `FrontMatter`.
#[derive(Debug, Default)]
pub struct YamlExtras {
    /// `permalink`: the page's URL path, as the writer gave it.
    pub permalink: Option<(String, Range<usize>)>,
    /// `cssclasses`: classes for the page's body element.
    pub classes: Vec<String>,
}

/// Obsidian's property names for our fields.
fn field_name(key: &str) -> &str {
    match key {
        "aliases" | "alias" => "aka",
        "tag" => "tags",
        "modified" | "lastmod" => "updated",
        "author" => "authors",
        other => other,
    }
}

/// Reads YAML front matter that starts at byte `offset` of `file_text`: every mistake at
/// once, or the front matter, what only YAML gives, and notes on the properties kept in `extra`.
pub fn parse(
    front_matter: &str,
    offset: usize,
    file_text: &str,
    path: &Path,
) -> Result<(FrontMatter, YamlExtras, Vec<Diagnostic>), Vec<Diagnostic>> {
    let place = Place {
        path,
        text: file_text,
        offset,
    };
    let chars = CharOffsets::new(front_matter);
    let docs = MarkedYaml::load_from_str(front_matter).map_err(|e| {
        let at = chars.byte(e.marker().index());
        vec![place
            .at(
                Diagnostic::error(format!("YAML front matter: {}", e.info())).code("yaml"),
                at..at,
            )
            .code("yaml")]
    })?;
    let Some(root) = docs.into_iter().next() else {
        return Ok((FrontMatter::default(), YamlExtras::default(), Vec::new()));
    };
    let span =
        |node: &MarkedYaml| chars.byte(node.span.start.index())..chars.byte(node.span.end.index());
    let mapping = match &root.data {
        YamlData::Mapping(m) => m,
        YamlData::Value(Scalar::Null) => {
            return Ok((FrontMatter::default(), YamlExtras::default(), Vec::new()))
        }
        _ => {
            return Err(vec![place.at(
                type_error("YAML front matter must be properties, one `name: value` a line".into()),
                span(&root),
            )])
        }
    };
    let mut table = toml::Table::new();
    let mut extra = toml::Table::new();
    let mut extras = YamlExtras::default();
    let (mut errors, mut notes) = (Vec::new(), Vec::new());
    let mut places: Vec<(String, Range<usize>)> = Vec::new();
    for (key, value) in mapping {
        let Some(name) = scalar_text(key) else {
            errors.push(place.at(type_error("a property name must be text".into()), span(key)));
            continue;
        };
        if matches!(value.data, YamlData::Value(Scalar::Null)) {
            continue;
        }
        let field = field_name(&name);
        let result = match field {
            "publish" => match value.data {
                YamlData::Value(Scalar::Boolean(publish)) => {
                    table.insert("draft".into(), toml::Value::Boolean(!publish));
                    Ok(())
                }
                _ => Err(format!("`{name}` must be `true` or `false`")),
            },
            "permalink" => match scalar_text(value) {
                Some(path) => {
                    extras.permalink = Some((path, span(value)));
                    Ok(())
                }
                None => Err(format!(
                    "`{name}` must be text, like `{name}: notes/a-page`"
                )),
            },
            "cssclasses" | "cssclass" => match text_list(value, false) {
                Some(classes) => {
                    extras.classes = classes;
                    Ok(())
                }
                None => Err(format!("`{name}` must be a list of class names")),
            },
            _ => match PAGE_FIELDS.iter().find(|(f, _)| *f == field) {
                Some((_, shape)) => convert(field, *shape, value).map(|v| {
                    places.push((field.to_string(), span(value)));
                    table.insert(field.to_string(), v);
                }),
                None => {
                    extra.insert(name.clone(), loose(value));
                    notes.push(place.at(unknown_property(&name), span(key)));
                    Ok(())
                }
            },
        };
        if let Err(message) = result {
            errors.push(place.at(type_error(message), span(value)));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    merge_extra(&mut table, extra);
    let key_place = |field: &str| {
        places
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, s)| s.clone())
    };
    let text = toml::to_string(&table)
        .map_err(|e| vec![Diagnostic::error(format!("YAML front matter: {e}")).in_file(path)])?;
    let mut front: FrontMatter = toml::from_str(&text).map_err(|e| {
        let field = field_at(&text, e.span().map_or(0, |s| s.start));
        let at = key_place(&field).unwrap_or(0..0);
        vec![place.at(type_error(format!("`{field}`: {}", e.message())), at)]
    })?;
    respan(&mut front, &key_place);
    Ok((front, extras, notes))
}

/// The top-level field of generated TOML `text` at byte `at`: the table it is in, or the
/// key of its line.
fn field_at(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let header = before[..line_start]
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix('['))
        .map(|h| h.trim_matches(['[', ']']));
    let own = text[line_start..].split('=').next().unwrap_or("").trim();
    header.unwrap_or(own).to_string()
}

/// `extra:` written as a property merged with the properties kept for it.
fn merge_extra(table: &mut toml::Table, extra: toml::Table) {
    if extra.is_empty() {
        return;
    }
    match table.entry("extra") {
        toml::map::Entry::Occupied(mut e) => {
            if let Some(t) = e.get_mut().as_table_mut() {
                for (k, v) in extra {
                    t.entry(k).or_insert(v);
                }
            }
        }
        toml::map::Entry::Vacant(e) => {
            e.insert(toml::Value::Table(extra));
        }
    }
}

/// Puts the places of the fields that keep one where the YAML wrote them (entries of
/// `events` and `relations` at the start of their list).
fn respan(front: &mut FrontMatter, place_of: &dyn Fn(&str) -> Option<Range<usize>>) {
    fn at<T: Clone>(value: &mut Spanned<T>, span: &Range<usize>) {
        *value = Spanned::new(span.clone(), value.get_ref().clone());
    }
    for (field, value) in [
        ("slug", &mut front.slug),
        ("url", &mut front.url),
        ("archive_url", &mut front.archive_url),
        ("document", &mut front.document),
    ] {
        if let (Some(v), Some(span)) = (value.as_mut(), place_of(field)) {
            at(v, &span);
        }
    }
    if let Some(span) = place_of("events") {
        for e in &mut front.events {
            at(&mut e.date, &span);
            e.end.iter_mut().for_each(|v| at(v, &span));
            e.sources.iter_mut().for_each(|v| at(v, &span));
        }
    }
    if let Some(span) = place_of("relations") {
        for r in &mut front.relations {
            at(&mut r.to, &span);
            for v in [&mut r.date, &mut r.since, &mut r.until] {
                v.iter_mut().for_each(|v| at(v, &span));
            }
            r.sources.iter_mut().for_each(|v| at(v, &span));
        }
    }
}

fn unknown_property(name: &str) -> Diagnostic {
    let known = PAGE_FIELDS.iter().map(|(f, _)| *f);
    let hint = closest(name, known).map_or(String::new(), |f| format!("; did you mean `{f}`?"));
    Diagnostic::note(format!(
        "property `{name}` is not a dossier field; kept in `extra`{hint}"
    ))
    .code("unknown-property")
}

fn type_error(message: String) -> Diagnostic {
    Diagnostic::error(message).code("field-type")
}

/// A value of a field of `shape`, or what is wrong with it.
fn convert(name: &str, shape: Shape, value: &MarkedYaml) -> Result<toml::Value, String> {
    match shape {
        Shape::Text => scalar_text(value)
            .map(toml::Value::String)
            .ok_or_else(|| format!("`{name}` must be text, like `{name}: …`")),
        Shape::Date | Shape::DateLike => {
            date(value).ok_or_else(|| format!("`{name}` must be a date, like `{name}: 2024-02-01`"))
        }
        Shape::Bool => match value.data {
            YamlData::Value(Scalar::Boolean(b)) => Ok(toml::Value::Boolean(b)),
            _ => Err(format!("`{name}` must be `true` or `false`")),
        },
        Shape::Integer => match value.data {
            YamlData::Value(Scalar::Integer(i)) => Ok(toml::Value::Integer(i)),
            _ => Err(format!(
                "`{name}` must be a whole number, like `{name}: 10`"
            )),
        },
        Shape::TextList => text_list(value, name == "tags")
            .map(|items| toml::Value::Array(items.into_iter().map(toml::Value::String).collect()))
            .ok_or_else(|| format!("`{name}` must be a list of text, like `{name}: [a, b]`")),
        Shape::Table => match &value.data {
            YamlData::Mapping(_) => Ok(loose(value)),
            _ => Err(format!("`{name}` must be properties under `{name}:`")),
        },
        Shape::TextLists => match &value.data {
            YamlData::Mapping(map) => map
                .iter()
                .map(|(key, list)| {
                    let key =
                        scalar_text(key).ok_or_else(|| format!("`{name}` names must be text"))?;
                    let items = text_list(list, key == "tags").ok_or_else(|| {
                        format!("`{name}.{key}` must be a list of text, like `{key}: [a, b]`")
                    })?;
                    let items = items.into_iter().map(toml::Value::String).collect();
                    Ok((key, toml::Value::Array(items)))
                })
                .collect::<Result<toml::map::Map<_, _>, String>>()
                .map(toml::Value::Table),
            _ => Err(format!("`{name}` must be lists under `{name}:`")),
        },
        Shape::Entries { fields, .. } => entries(name, fields, value),
    }
}

/// `events:` or `relations:`: a list of properties, each of its dates read as dates.
fn entries(
    name: &str,
    fields: &[(&str, Shape)],
    value: &MarkedYaml,
) -> Result<toml::Value, String> {
    let wrong = || {
        format!(
            "`{name}` must be a list of entries, each `- {}: …`",
            fields[0].0
        )
    };
    let YamlData::Sequence(items) = &value.data else {
        return Err(wrong());
    };
    let mut out = Vec::new();
    for item in items {
        let YamlData::Mapping(m) = &item.data else {
            return Err(wrong());
        };
        let mut entry = toml::Table::new();
        for (k, v) in m {
            let key = scalar_text(k).unwrap_or_default();
            let shape = fields.iter().find(|(f, _)| *f == key).map(|(_, s)| *s);
            let v = match shape {
                Some(shape) => convert(&key, shape, v)?,
                None => loose(v),
            };
            entry.insert(key, v);
        }
        out.push(toml::Value::Table(entry));
    }
    Ok(toml::Value::Array(out))
}

/// A date: `2024-02-01`, a datetime, `"2024-02"`, `2024` or a quoted date. Full dates
/// become TOML dates; partial ones stay text, as `PartialDate` reads them.
fn date(value: &MarkedYaml) -> Option<toml::Value> {
    match &value.data {
        YamlData::Value(Scalar::Integer(y)) if (0..=9999).contains(y) => {
            Some(toml::Value::Integer(*y))
        }
        YamlData::Value(Scalar::String(s)) => {
            let s = s.trim();
            if let Ok(d) = s.replacen(' ', "T", 1).parse::<toml::value::Datetime>() {
                if d.date.is_some() {
                    return Some(toml::Value::Datetime(d));
                }
            }
            PartialDate::parse(s).map(|_| toml::Value::String(s.to_string()))
        }
        _ => None,
    }
}

/// A scalar as text (`title: 1984` is a title).
fn scalar_text(node: &MarkedYaml) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Tagged(_, inner) => scalar_text(inner),
        _ => None,
    }
}

/// A list of text, or one text (`tags: draft`, `tags: a, b`); tags lose their `#`.
fn text_list(node: &MarkedYaml, tags: bool) -> Option<Vec<String>> {
    let items: Vec<String> = match &node.data {
        YamlData::Sequence(items) => items
            .iter()
            .filter(|i| !matches!(i.data, YamlData::Value(Scalar::Null)))
            .map(scalar_text)
            .collect::<Option<_>>()?,
        _ if tags => scalar_text(node)?
            .split([',', ' '])
            .map(str::to_string)
            .collect(),
        _ => vec![scalar_text(node)?],
    };
    let tidy = |t: String| {
        let t = t.trim();
        let t = if tags { t.trim_start_matches('#') } else { t };
        t.to_string()
    };
    Some(
        items
            .into_iter()
            .map(tidy)
            .filter(|t| !t.is_empty())
            .collect(),
    )
}

/// Any YAML value as TOML, for `extra` (TOML has no null: a null becomes empty text).
fn loose(node: &MarkedYaml) -> toml::Value {
    match &node.data {
        YamlData::Value(Scalar::Boolean(b)) => toml::Value::Boolean(*b),
        YamlData::Value(Scalar::Integer(i)) => toml::Value::Integer(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => toml::Value::Float(f.into_inner()),
        YamlData::Value(Scalar::String(s)) => toml::Value::String(s.to_string()),
        YamlData::Sequence(items) => toml::Value::Array(items.iter().map(loose).collect()),
        YamlData::Mapping(m) => toml::Value::Table(
            m.iter()
                .filter_map(|(k, v)| Some((scalar_text(k)?, loose(v))))
                .collect(),
        ),
        YamlData::Tagged(_, inner) => loose(inner),
        _ => toml::Value::String(String::new()),
    }
}

/// Byte offsets of character indexes (saphyr counts characters).
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        CharOffsets(offsets)
    }

    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or(*self.0.last().unwrap_or(&0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<(FrontMatter, YamlExtras, Vec<Diagnostic>), Vec<String>> {
        parse(yaml, 0, yaml, Path::new("a.md")).map_err(|e| {
            e.iter()
                .map(|d| {
                    format!(
                        "{}:{}: {}",
                        d.line.unwrap_or(0),
                        d.column.unwrap_or(0),
                        d.message
                    )
                })
                .collect()
        })
    }

    #[test]
    fn obsidian_properties_map_to_fields() {
        let (fm, extras, notes) = read(
            "title: Huawei\naliases: [HW]\ntags: \"#china\"\npublish: false\ndate: 2018-06\ncssclasses: wide\nstatus: open\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("Huawei"));
        assert_eq!(fm.aka, ["HW"]);
        assert_eq!(fm.tags, ["china"]);
        assert!(fm.draft);
        assert_eq!(extras.classes, ["wide"]);
        assert_eq!(fm.extra["status"].as_str(), Some("open"));
        assert_eq!(
            notes[0].message,
            "property `status` is not a dossier field; kept in `extra`"
        );
    }

    #[test]
    fn errors_have_their_place() {
        assert_eq!(
            read("title: A\nweight: heavy\ndraft: maybe\n").unwrap_err(),
            [
                "2:9: `weight` must be a whole number, like `weight: 10`",
                "3:8: `draft` must be `true` or `false`",
            ]
        );
        let e = read("title: [a\n").unwrap_err();
        assert!(e[0].starts_with("2:1: YAML front matter:"), "{e:?}");
    }
}

//! Small bridges from TOML to the rest of the pipeline: errors with places, values as JSON.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Turns a TOML error in `text` (which starts at byte `base` of `file_text`) into a diagnostic.
pub fn toml_error(e: &toml::de::Error, file_text: &str, base: usize, path: &Path) -> Diagnostic {
    let mut message = e.message().trim().to_string();
    let Some(span) = e.span() else {
        return Diagnostic::error(message).in_file(path);
    };
    let offset = base + span.start;
    let names_field = ["unknown field", "missing field", "duplicate key"]
        .iter()
        .any(|p| message.starts_with(p));
    if !names_field {
        if let Some(key) = key_on_line(file_text, offset) {
            message = format!("field `{key}`: {message}");
        }
    }
    Diagnostic::error(message)
        .in_file(path)
        .at_offset(file_text, offset)
}

/// The key of a `key = value` line holding byte `offset`, so type errors can name their field.
fn key_on_line(text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text[start..].split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_alphanumeric() || "_-.\"".contains(c);
    (!key.is_empty() && key.chars().all(bare)).then_some(key)
}

/// Where the value at `keys` (`["extra", "lead"]`) is in `text`, if the text parses and has it.
pub fn value_span(text: &str, keys: &[&str]) -> Option<std::ops::Range<usize>> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let (first, rest) = keys.split_first()?;
    let mut value = table.get_ref().get(*first)?;
    for key in rest {
        value = value.get_ref().as_table()?.get(*key)?;
    }
    Some(value.span())
}

/// The field named by an "unknown field `x`" error, if that is what `e` is.
pub fn unknown_field(e: &toml::de::Error) -> Option<String> {
    let rest = e.message().strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_string())
}

/// The fields serde lists after an unknown one ("expected one of `a`, `b`").
pub fn expected_fields(e: &toml::de::Error) -> Vec<&str> {
    let Some((_, list)) = e.message().split_once("expected ") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

/// A TOML value as JSON, with dates as their TOML text (`2018-09-05`).
pub fn to_json(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => table_to_json(t),
    }
}

pub fn table_to_json(table: &toml::Table) -> serde_json::Value {
    serde_json::Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
}

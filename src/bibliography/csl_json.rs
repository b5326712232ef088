//! CSL-JSON files (Zotero's "Export Library… → CSL JSON", Better CSL JSON): an array of items,
//! read with citationberg's serde types. serde_json names the place of a syntax error; an
//! item's place is where its `"id"` is written.

use std::path::Path;

use hayagriva::citationberg::json::{Item, Value};

use super::{bibtex::plausible, date_parts, date_value, Record};
use crate::diagnostic::{line_col, Diagnostic};

/// Every item of a CSL-JSON text, or what is wrong with it at its place.
pub fn read(text: &str, file: &Path) -> Result<Vec<Record>, Vec<Diagnostic>> {
    let error = |line: usize, column: usize, message: String| {
        Diagnostic::error(message)
            .in_file(file)
            .at(line, column)
            .code("bibliography")
    };
    let items: Vec<Item> = serde_json::from_str(text).map_err(|e| {
        let what = e.to_string();
        let what = what
            .rsplit_once(" at line ")
            .map_or(what.as_str(), |(w, _)| w);
        vec![error(
            e.line(),
            e.column(),
            format!("not a CSL-JSON file (an array of items): {what}"),
        )]
    })?;
    let mut records = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    let mut from = 0;
    for (n, mut item) in items.into_iter().enumerate() {
        let Some(key) = item
            .id()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
        else {
            errors.push(error(
                1,
                1,
                format!(
                    "item {} has no `id`: Zotero's export gives each its citekey",
                    n + 1
                ),
            ));
            continue;
        };
        let offset = id_offset(text, &key, from).unwrap_or(from);
        from = offset;
        let (line, column) = line_col(text, offset);
        normalise_dates(&mut item);
        records.push(Record {
            key,
            file: file.to_path_buf(),
            line,
            column,
            item,
            reference: String::new(),
        });
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// Where `"id": "<key>"` is written, at or after `from`: the offset of the key's quote.
fn id_offset(text: &str, key: &str, from: usize) -> Option<usize> {
    let quoted = serde_json::to_string(key).ok()?;
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(&quoted) {
        let start = at + i;
        let before = text[..start].trim_end();
        if let Some(before) = before.strip_suffix(':') {
            if before.trim_end().ends_with("\"id\"") {
                return Some(start);
            }
        }
        at = start + quoted.len();
    }
    None
}

/// Every date as `date-parts` of a plausible year, month and day; others are dropped, since
/// the formatter cannot hold an empty or out-of-range date.
fn normalise_dates(item: &mut Item) {
    let dates: Vec<String> = item
        .0
        .iter()
        .filter(|(_, v)| matches!(v, Value::Date(_)))
        .map(|(k, _)| k.clone())
        .collect();
    for field in dates {
        let parts = date_parts(item, &field).and_then(|(y, m, d)| {
            let mut parts = vec![y];
            parts.extend(m.map(i32::from));
            parts.extend(d.map(i32::from));
            plausible(parts)
        });
        match parts {
            Some(parts) => item.0.insert(field, date_value(&parts)),
            None => item.0.remove(&field),
        };
    }
}

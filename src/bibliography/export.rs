//! What readers take with them: every source of the dossier as CSL-JSON (`/sources.json`) and
//! as BibLaTeX (`/sources.bib`), for Zotero, Pandoc or LaTeX. A bibliography's records go out
//! as they came in; a Markdown source page as its front matter says.

use biblatex::{Bibliography, Chunk, Entry, EntryType, Spanned};
use hayagriva::citationberg::json::{Item, LiteralName, NameValue, Value};

use super::{date_parts, date_value, text};
use crate::content::date::PartialDate;
use crate::content::Page;

/// A Markdown source page as a CSL-JSON item: `webpage` when it has an address, else `document`.
pub fn page_item(page: &Page) -> Item {
    let front = &page.front_matter;
    let mut item = Item(Default::default());
    let mut set = |name: &str, value: Value| {
        item.0.insert(name.to_string(), value);
    };
    set("id", Value::String(page.slug.clone()));
    let kind = if front.url().is_some() {
        "webpage"
    } else {
        "document"
    };
    set("type", Value::String(kind.into()));
    set("title", Value::String(page.title.clone()));
    if !front.authors.is_empty() {
        let literal = |a: &String| NameValue::Literal(LiteralName { literal: a.clone() });
        set(
            "author",
            Value::Names(front.authors.iter().map(literal).collect()),
        );
    }
    if let Some(publisher) = &front.publisher {
        set("publisher", Value::String(publisher.clone()));
    }
    if let Some(url) = front.url() {
        set("URL", Value::String(url.to_string()));
    }
    let accessed = front
        .accessed
        .and_then(|d| PartialDate::from_toml(&toml::Value::Datetime(d)));
    let dates = [
        ("issued", front.date.and_then(|d| d.partial())),
        ("accessed", accessed),
    ];
    for (field, date) in dates {
        if let Some(d) = date {
            let mut parts = vec![d.year];
            parts.extend(d.month.map(i32::from));
            parts.extend(d.day.filter(|_| d.month.is_some()).map(i32::from));
            set(field, date_value(&parts));
        }
    }
    item
}

/// A bibliography's record as its page says it: the record's item, with what the writer's
/// notes page (`content/sources/<key>.md`) set differently in its front matter written over
/// it (title, authors, publisher, date, address, when accessed).
pub fn record_page_item(page: &Page, record: &super::Record) -> Item {
    let mut item = record.item.clone();
    let (own, facts) = (page_item(page), crate::content::records::facts(record));
    let front = &page.front_matter;
    let changed = [
        ("title", Some(page.title.as_str()) != facts.title.as_deref()),
        ("author", front.authors != facts.authors),
        ("publisher", front.publisher != facts.publisher),
        (
            "issued",
            front.date.and_then(|d| d.partial()) != facts.date.and_then(|d| d.partial()),
        ),
        ("URL", front.url() != facts.url()),
        ("accessed", front.accessed != facts.accessed),
    ];
    for (field, differs) in changed {
        if differs {
            match own.0.get(field) {
                Some(value) => item.0.insert(field.to_string(), value.clone()),
                None => item.0.remove(field),
            };
        }
    }
    item
}

/// An item as standard CSL-JSON (dates as `{"date-parts": [[y, m, d]]}`).
pub fn json(item: &Item) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (field, value) in &item.0 {
        let value = match value {
            Value::Date(_) => match date_parts(item, field) {
                Some((y, m, d)) => {
                    let mut parts = vec![serde_json::json!(y)];
                    parts.extend(m.map(|m| serde_json::json!(m)));
                    parts.extend(d.map(|d| serde_json::json!(d)));
                    serde_json::json!({ "date-parts": [parts] })
                }
                None => continue,
            },
            other => without_nulls(serde_json::to_value(other).unwrap_or_default()),
        };
        object.insert(field.clone(), value);
    }
    serde_json::Value::Object(object)
}

/// A value without the `null`s of absent name parts (`"suffix": null`).
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Json::Array(list) => Json::Array(list.into_iter().map(without_nulls).collect()),
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Items as one BibLaTeX file.
pub fn biblatex(items: &[Item]) -> String {
    let mut bibliography = Bibliography::new();
    for item in items {
        bibliography.insert(entry(item));
    }
    bibliography.to_biblatex_string()
}

fn chunks(text: &str) -> Vec<Spanned<Chunk>> {
    vec![Spanned::detached(Chunk::Normal(text.to_string()))]
}

/// An item as a BibLaTeX entry: its key, type, title, names, dates, publisher and address.
fn entry(item: &Item) -> Entry {
    let key = text(item, "id").unwrap_or_default().to_string();
    let mut entry = Entry::new(key, EntryType::new(bib_type(text(item, "type"))));
    let fields = [
        ("title", "title"),
        ("publisher", "publisher"),
        ("container-title", "journaltitle"),
        ("URL", "url"),
        ("DOI", "doi"),
        ("page", "pages"),
        ("volume", "volume"),
        ("issue", "number"),
        ("note", "note"),
    ];
    for (csl, bib) in fields {
        if let Some(value) = text(item, csl) {
            entry.set(bib, chunks(value));
        }
    }
    if text(item, "type") == Some("article-newspaper") {
        entry.set("entrysubtype", chunks("newspaper"));
    }
    if let Some(authors) = author_chunks(item) {
        entry.set("author", authors);
    }
    for (csl, bib) in [("issued", "date"), ("accessed", "urldate")] {
        if let Some((y, m, d)) = date_parts(item, csl) {
            let mut date = format!("{y:04}");
            if let Some(m) = m {
                date.push_str(&format!("-{m:02}"));
                if let Some(d) = d {
                    date.push_str(&format!("-{d:02}"));
                }
            }
            entry.set(bib, chunks(&date));
        }
    }
    entry
}

/// `author` as BibLaTeX writes it: `Family, Given and {The Institution}`.
fn author_chunks(item: &Item) -> Option<Vec<Spanned<Chunk>>> {
    let Some(Value::Names(list)) = item.0.get("author") else {
        return None;
    };
    let mut out = Vec::new();
    for (i, name) in list.iter().enumerate() {
        if i > 0 {
            out.push(Spanned::detached(Chunk::Normal(" and ".into())));
        }
        match name {
            NameValue::Literal(l) => {
                out.push(Spanned::detached(Chunk::Verbatim(l.literal.clone())))
            }
            NameValue::Item(n) => {
                let family = match &n.non_dropping_particle {
                    Some(p) => format!("{p} {}", n.family),
                    None => n.family.clone(),
                };
                let text = match &n.given {
                    Some(given) => format!("{family}, {given}"),
                    None => family,
                };
                out.push(Spanned::detached(Chunk::Normal(text)));
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// CSL's item type as BibLaTeX's.
fn bib_type(csl: Option<&str>) -> &'static str {
    match csl.unwrap_or("document") {
        "article-journal" | "article-newspaper" | "article-magazine" | "article" => "article",
        "book" => "book",
        "chapter" => "incollection",
        "paper-conference" => "inproceedings",
        "report" => "report",
        "thesis" => "thesis",
        "webpage" | "post" | "post-weblog" => "online",
        "dataset" => "dataset",
        "software" => "software",
        _ => "misc",
    }
}

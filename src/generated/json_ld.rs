//! Structured data for search engines and archives: one schema.org JSON-LD object per page —
//! Article for articles and notes, Person, Organization, Event, CreativeWork for sources,
//! WebSite for the home, CollectionPage for sections, WebPage for the rest.

use serde_json::{json, Map, Value};

use crate::content::web_link::is_web_link;
use crate::content::PageId;
use crate::library::Library;

use super::dates;
use crate::content::date::PageDate;
use crate::content::kind::Kind;

fn iso(date: &Option<PageDate>) -> Option<String> {
    date.and_then(|d| dates::rfc3339(&d.datetime()))
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        if !(v.is_null() || v.as_array().is_some_and(Vec::is_empty) || v.as_str() == Some("")) {
            map.insert(key.to_string(), v);
        }
    }
}

fn website(lib: &Library) -> Value {
    json!({
        "@type": "WebSite",
        "name": lib.config.title,
        "url": format!("{}/", lib.config.base_url),
    })
}

/// The JSON-LD object of a page.
pub fn page(lib: &Library, id: PageId) -> Value {
    let p = &lib.pages[id];
    let fm = &p.front_matter;
    let url = lib.permalink(id);
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    let ty = match p.known_kind() {
        // The home page, by its file: `lib.home()` would scan every page for each.
        _ if p.rel == "_index.md" => "WebSite",
        _ if p.is_section => "CollectionPage",
        Some(Kind::Article | Kind::Note) => "Article",
        Some(Kind::Person) => "Person",
        Some(Kind::Organization) => "Organization",
        Some(Kind::Event) => "Event",
        Some(Kind::Source) => "CreativeWork",
        None => "WebPage",
    };
    m.insert("@type".into(), json!(ty));
    let name_key = if ty == "Article" { "headline" } else { "name" };
    let title = if p.title.is_empty() {
        lib.config.title.clone()
    } else {
        p.title.clone()
    };
    m.insert(name_key.into(), json!(title));
    put(
        &mut m,
        "description",
        fm.description.clone().map(Value::from),
    );
    m.insert("url".into(), json!(url));
    put(
        &mut m,
        "alternateName",
        Some(json!(fm.aka)).filter(|_| matches!(ty, "Person" | "Organization")),
    );
    match ty {
        "WebSite" => {
            put(
                &mut m,
                "description",
                Some(json!(lib.config.description)).filter(|_| fm.description.is_none()),
            );
            m.insert("inLanguage".into(), json!(lib.config.language));
        }
        "Article" => {
            put(&mut m, "datePublished", iso(&fm.date).map(Value::from));
            put(
                &mut m,
                "dateModified",
                iso(&fm.updated).or_else(|| iso(&fm.date)).map(Value::from),
            );
            put(&mut m, "keywords", Some(json!(fm.tags.join(", "))));
            m.insert("inLanguage".into(), json!(lib.lang(id)));
            m.insert("mainEntityOfPage".into(), json!(url));
            m.insert("isPartOf".into(), website(lib));
            m.insert(
                "publisher".into(),
                json!({ "@type": "Organization", "name": lib.config.title }),
            );
            let citations: Vec<Value> = lib.resolved.references[id]
                .iter()
                .map(|r| {
                    let s = &lib.pages[r.source];
                    let mut c = Map::new();
                    c.insert("@type".into(), json!("CreativeWork"));
                    c.insert("name".into(), json!(s.title));
                    c.insert(
                        "url".into(),
                        json!(s
                            .front_matter
                            .url()
                            .filter(|u| is_web_link(u))
                            .map_or_else(|| lib.permalink(r.source), str::to_string)),
                    );
                    Value::Object(c)
                })
                .collect();
            put(&mut m, "citation", Some(json!(citations)));
            let authors: Vec<Value> = fm
                .authors
                .iter()
                .map(|a| json!({ "@type": "Person", "name": a }))
                .collect();
            put(&mut m, "author", Some(json!(authors)));
            let corrections: Vec<Value> = (0..fm.corrections.len())
                .map(|index| {
                    super::corrections::comment(
                        lib,
                        super::corrections::Correction { page: id, index },
                    )
                })
                .collect();
            put(&mut m, "correction", Some(json!(corrections)));
        }
        "Event" => {
            let start = fm
                .date
                .and_then(|d| d.partial())
                .map(|d| (d, None))
                .or_else(|| lib.resolved.events_of(id).next().map(|e| (e.date, e.end)));
            if let Some((start, end)) = start {
                m.insert("startDate".into(), json!(start.to_string()));
                put(&mut m, "endDate", end.map(|e| json!(e.to_string())));
            }
        }
        "CreativeWork" => {
            m.insert(
                "url".into(),
                json!(fm.url().filter(|u| is_web_link(u)).unwrap_or(&url)),
            );
            m.insert("mainEntityOfPage".into(), json!(url));
            put(&mut m, "datePublished", iso(&fm.date).map(Value::from));
            put(
                &mut m,
                "publisher",
                fm.publisher
                    .as_ref()
                    .map(|p| json!({ "@type": "Organization", "name": p })),
            );
            let authors: Vec<Value> = fm.authors.iter().map(|a| json!({ "name": a })).collect();
            put(&mut m, "author", Some(json!(authors)));
            put(
                &mut m,
                "archivedAt",
                fm.archive_url()
                    .filter(|a| is_web_link(a))
                    .map(|a| json!(a)),
            );
        }
        "CollectionPage" | "WebPage" => {
            m.insert("isPartOf".into(), website(lib));
        }
        _ => {}
    }
    Value::Object(m)
}

/// The JSON-LD of a page that is not a content page (timeline, graph, tags…).
pub fn generated(lib: &Library, path: &str, title: &str) -> Value {
    if path == super::corrections::PATH {
        return super::corrections::json_ld(lib, title);
    }
    json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": lib.config.permalink(path),
        "isPartOf": website(lib),
    })
}

/// JSON for inside a `<script>` element: `<` escaped so no `</script>` can end it early.
pub fn to_script(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("serializable")
        .replace('<', "\\u003c")
}

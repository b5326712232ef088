//! A bibliography's records as pages: each is a source with its citekey as slug, at
//! `/sources/<key>/`. A writer's `content/sources/<key>.md` is that source's page, with the
//! record's facts under what its own front matter says (its notes are the body); any other
//! record gets a page of its own, with no text, rendered like a source page.

use std::sync::Arc;

use toml::Spanned;

use super::front_matter::FrontMatter;
use super::{url, Page};
use crate::bibliography::{self, Bibliography, Record};
use crate::diagnostic::Diagnostic;

/// Gives each record its page: merged into the writer's page of the same key under
/// `sources/`, or added. Pages of sources without a title of their own or from a record
/// are errors here (`parse_page` leaves that check for sources to this step).
pub fn join(pages: &mut Vec<Page>, bibliography: &Bibliography) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // The writer's source pages by key, found once rather than for each record.
    let mut written: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if !p.is_section && in_sources(&p.rel) {
            written.entry(p.slug.to_lowercase()).or_insert(i);
        }
    }
    for record in &bibliography.records {
        // The key is the page's URL segment: one it cannot be is said at its place.
        let refused = match url::check_slug(&record.key) {
            Ok(slug) if slug == record.key => None,
            Ok(_) => Some("it starts or ends with `/`".to_string()),
            Err(why) => Some(why),
        };
        if let Some(why) = refused {
            errors.push(
                Diagnostic::error(format!(
                    "citekey `{}` cannot be a page's address: {why}; use letters, digits, `-`, `_`, `.` and `~`",
                    record.key
                ))
                .in_file(&record.file)
                .at(record.line, record.column)
                .code("bad-slug"),
            );
            continue;
        }
        let record = Arc::new(record.clone());
        match written.get(&record.key.to_lowercase()) {
            Some(&i) => merge(&mut pages[i], record),
            None => pages.push(generated_page(record)),
        }
    }
    errors.extend(
        pages
            .iter()
            .filter(|p| !p.is_section && p.title.trim().is_empty())
            .map(|p| {
                Diagnostic::error("missing required field `title`")
                    .in_file(&p.file)
                    .at(2, 1)
                    .code("missing-field")
            }),
    );
    errors
}

/// Whether a page's file is under `content/sources/`, where a record's notes are written.
pub fn in_sources(rel: &str) -> bool {
    rel.starts_with("sources/")
}

/// The records of pages already joined (what `dossier serve` keeps between rebuilds).
pub fn of_pages(pages: &[Page]) -> Bibliography {
    Bibliography {
        records: pages
            .iter()
            .filter_map(|p| p.record.as_deref().cloned())
            .collect(),
    }
}

/// Fills what the page's front matter leaves out with the record's facts.
pub fn merge(page: &mut Page, record: Arc<Record>) {
    let facts = facts(&record);
    let front = Arc::make_mut(&mut page.front_matter);
    front.kind.get_or_insert_with(|| "source".into());
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        front.title = facts.title;
        page.title = front.title.clone().unwrap_or_default();
    }
    if front.authors.is_empty() {
        front.authors = facts.authors;
    }
    if front.publisher.is_none() {
        front.publisher = facts.publisher;
    }
    if front.date.is_none() {
        front.date = facts.date;
    }
    if front.url.is_none() {
        front.url = facts.url;
    }
    if front.accessed.is_none() {
        front.accessed = facts.accessed;
    }
    page.record = Some(record);
}

/// A record's own page: no text, its facts as front matter.
fn generated_page(record: Arc<Record>) -> Page {
    let rel = format!("sources/{}.md", record.key);
    let location = url::locate(&rel, None);
    let front = facts(&record);
    Page {
        file: record.file.clone(),
        rel,
        text: Arc::default(),
        front_matter_offset: 0,
        body_offset: 0,
        is_section: false,
        lang: None,
        shortcodes: None,
        title: front.title.clone().unwrap_or_default(),
        front_matter: Arc::new(front),
        slug: record.key.clone(),
        path: location.path,
        output: location.output,
        bundle: None,
        documents: Vec::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        warnings: Vec::new(),
        record: Some(record),
    }
}

/// A record as the front matter of a source page.
pub(crate) fn facts(record: &Record) -> FrontMatter {
    let item = &record.item;
    let no_place = |text: &str| Spanned::new(0..0, text.to_string());
    let publisher = bibliography::text(item, "publisher")
        .or_else(|| bibliography::text(item, "container-title"));
    let mut front = FrontMatter {
        title: Some(
            bibliography::text(item, "title")
                .unwrap_or(&record.key)
                .to_string(),
        ),
        kind: Some("source".into()),
        authors: bibliography::names(item, "author"),
        publisher: publisher.map(str::to_string),
        date: bibliography::page_date(item, "issued"),
        url: bibliography::text(item, "URL").map(no_place),
        accessed: bibliography::full_date(item, "accessed"),
        ..FrontMatter::default()
    };
    front.strip_control_characters();
    front
}

/// Who a narrative citation names ("@nyt-2018 reported…"): the authors' family names (one,
/// "A and B", or "A et al."), else the publisher, else the title.
pub fn narrative_name(page: &Page) -> String {
    let families: Vec<String> = match &page.record {
        Some(record) => family_names(&record.item),
        None => page.front_matter.authors.clone(),
    };
    match families.as_slice() {
        [] => page
            .front_matter
            .publisher
            .clone()
            .unwrap_or_else(|| page.title.clone()),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [first, ..] => format!("{first} et al."),
    }
}

/// An item's authors by family name (an institution by its whole name).
fn family_names(item: &hayagriva::citationberg::json::Item) -> Vec<String> {
    use hayagriva::citationberg::json::{NameValue, Value};
    let Some(Value::Names(names)) = item.0.get("author") else {
        return Vec::new();
    };
    names
        .iter()
        .map(|n| match n {
            NameValue::Literal(l) => l.literal.clone(),
            NameValue::Item(n) => match &n.non_dropping_particle {
                Some(p) => format!("{p} {}", n.family),
                None => n.family.clone(),
            },
        })
        .filter(|n| !n.is_empty())
        .collect()
}

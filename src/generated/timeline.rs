//! The timeline: every event of the site (event pages and `[[events]]` entries), already in
//! date order in the graph, grouped by year (and by month in busy years), each with a stable
//! id to link to and the actors, tags and kind the timeline's filters select by; and written
//! out in TimelineJS's JSON format.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::content::kind::Kind;
use crate::content::url::slugify;
use crate::content::PageId;

use serde_json::{json, Value};

use crate::content::date::PartialDate;
use crate::library::Library;
use crate::markdown::escape_html;
use crate::resolve::TimelineEvent;

use super::dates;

/// Runs of consecutive events that start in the same year: `(year, index range)`.
pub fn by_year(events: &[TimelineEvent]) -> Vec<(i32, Range<usize>)> {
    let mut groups: Vec<(i32, Range<usize>)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match groups.last_mut() {
            Some((year, range)) if *year == e.date.year => range.end = i + 1,
            _ => groups.push((e.date.year, i..i + 1)),
        }
    }
    groups
}

/// A year with more events than this gets a heading per month, so a long year can be skimmed.
pub const BUSY_YEAR: usize = 12;

/// Runs of consecutive events of one year that start in the same month: `(month, range)`,
/// the month `None` for events dated by their year only. A year that is not busy is one run
/// with no month.
pub fn by_month(events: &[TimelineEvent], year: Range<usize>) -> Vec<(Option<u8>, Range<usize>)> {
    if year.len() <= BUSY_YEAR {
        return vec![(None, year)];
    }
    let mut groups: Vec<(Option<u8>, Range<usize>)> = Vec::new();
    for i in year {
        let month = events[i].date.month;
        match groups.last_mut() {
            Some((m, range)) if *m == month => range.end = i + 1,
            _ => groups.push((month, i..i + 1)),
        }
    }
    groups
}

/// Each event's id on the timeline page, in the order of `events`: its date and the slug of
/// its title (`2018-09-05-sandberg-and-dorsey-testify-…`). It depends only on the event, not
/// on its place, so links to it survive new events; a repeat gets `-2`, `-3`.
pub fn event_ids(events: &[TimelineEvent]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::with_capacity(events.len());
    events
        .iter()
        .map(|e| {
            let base = slugify(&format!("{} {}", e.date, e.title));
            let mut id = base.clone();
            let mut n = 1;
            while taken.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            taken.insert(id.clone());
            id
        })
        .collect()
}

/// The people and organizations an event is about: the person or organization whose page
/// states it; for an event page, every one its text links to; and, among those the page
/// links to, any named (by title or `aka`) in the event's title or description.
pub fn actors(lib: &Library, e: &TimelineEvent) -> Vec<PageId> {
    let is_actor = |p: PageId| {
        matches!(
            lib.pages[p].known_kind(),
            Some(Kind::Person | Kind::Organization)
        )
    };
    let event_page = lib.pages[e.page].known_kind() == Some(Kind::Event);
    let text = format!("{} {}", e.title, e.description.as_deref().unwrap_or(""));
    let mut found: Vec<PageId> = lib.resolved.outgoing[e.page]
        .iter()
        .copied()
        .filter(|&p| p != e.page && is_actor(p))
        .filter(|&p| event_page || names(lib, p).any(|n| mentions(&text, n)))
        .collect();
    if is_actor(e.page) {
        found.push(e.page);
    }
    found.sort_by(|&a, &b| title_order(lib, a, b));
    found.dedup();
    found
}

fn names(lib: &Library, page: PageId) -> impl Iterator<Item = &str> {
    let p = &lib.pages[page];
    std::iter::once(p.title.as_str()).chain(p.front_matter.aka.iter().map(String::as_str))
}

/// Whether `name` occurs in `text` as whole words.
fn mentions(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

fn title_order(lib: &Library, a: PageId, b: PageId) -> std::cmp::Ordering {
    let (a, b) = (&lib.pages[a], &lib.pages[b]);
    (a.title.to_lowercase(), &a.path).cmp(&(b.title.to_lowercase(), &b.path))
}

/// How an actor is named in the timeline's address (`?actor=organizations/huawei`): its path
/// without the slashes around it.
pub fn actor_key(lib: &Library, page: PageId) -> &str {
    lib.pages[page].path.trim_matches('/')
}

/// One choice of a timeline filter: the key the address and the events carry, what the chip
/// shows, and how many events it selects.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FilterChoice {
    pub key: String,
    pub label: String,
    pub count: usize,
}

/// The choices of the timeline's three filters: actors and tags by name, kinds in the order
/// the dossier reads them. Tags are the tags of the event's page.
/// Only the events of pages `keeps` keeps count (an edition's, `languages::in_edition`).
pub fn filter_choices(lib: &Library, keeps: &dyn Fn(PageId) -> bool) -> [Vec<FilterChoice>; 3] {
    let mut by_actor: BTreeMap<PageId, usize> = BTreeMap::new();
    let mut tags: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for e in lib.resolved.events.iter().filter(|e| keeps(e.page)) {
        for a in actors(lib, e) {
            *by_actor.entry(a).or_default() += 1;
        }
        let page = &lib.pages[e.page];
        let mut seen = HashSet::new();
        for t in page.front_matter.tags.iter() {
            let slug = super::tags::slug(t);
            if seen.insert(slug.clone()) {
                tags.entry(slug).or_insert_with(|| (t.clone(), 0)).1 += 1;
            }
        }
        *kinds
            .entry(page.kind().unwrap_or("page").to_string())
            .or_default() += 1;
    }
    let mut actor_ids: Vec<PageId> = by_actor.keys().copied().collect();
    actor_ids.sort_by(|&a, &b| title_order(lib, a, b));
    let actors = actor_ids
        .into_iter()
        .map(|p| FilterChoice {
            key: actor_key(lib, p).to_string(),
            label: lib.pages[p].title.clone(),
            count: by_actor[&p],
        })
        .collect();
    let mut tags: Vec<FilterChoice> = tags
        .into_iter()
        .map(|(key, (label, count))| FilterChoice { key, label, count })
        .collect();
    tags.sort_by(|a, b| (a.label.to_lowercase(), &a.key).cmp(&(b.label.to_lowercase(), &b.key)));
    let kinds = kinds
        .into_iter()
        .map(|(key, count)| FilterChoice {
            label: kind_label(&key),
            key,
            count,
        })
        .collect();
    [actors, tags, kinds]
}

/// A kind as a chip names it: "Event pages", "People", "Organizations", "Notes".
fn kind_label(kind: &str) -> String {
    match kind {
        "event" => "Event pages".into(),
        "person" => "People".into(),
        "organization" => "Organizations".into(),
        "page" => "Other pages".into(),
        other => {
            let mut label: String = other.replace(['-', '_'], " ");
            if let Some(first) = label.get(..1) {
                label = first.to_uppercase() + &label[1..];
            }
            format!("{label}s")
        }
    }
}

fn timeline_js_date(date: PartialDate) -> Value {
    let mut d = json!({ "year": date.year });
    if let Some(m) = date.month {
        d["month"] = json!(m);
        if let Some(day) = date.day {
            d["day"] = json!(day);
        }
    }
    d
}

/// A title as the text of TimelineJS's HTML `headline`: only what would start markup or an
/// entity is escaped (quotes are text there), so "Facebook's deal" stays as written.
fn headline(title: &str) -> String {
    title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The site's events for TimelineJS (`timeline.json`): a title slide and one slide per event,
/// whose text links to the page the event belongs to and to its sources. TimelineJS reads
/// `headline` and `text` as HTML, so both are escaped.
pub fn timeline_js(lib: &Library) -> Value {
    let events: Vec<Value> = lib
        .resolved
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let page = &lib.pages[e.page];
            let mut text = String::new();
            if let Some(d) = &e.description {
                text.push_str(&format!("<p>{}</p>", escape_html(d)));
            }
            text.push_str(&format!(
                r#"<p>On <a href="{}">{}</a>.</p>"#,
                escape_html(&lib.permalink(e.page)),
                escape_html(&page.title)
            ));
            if !e.sources.is_empty() {
                let sources: Vec<String> = e
                    .sources
                    .iter()
                    .map(|&s| {
                        format!(
                            r#"<a href="{}">{}</a>"#,
                            escape_html(&lib.permalink(s)),
                            escape_html(&lib.pages[s].title)
                        )
                    })
                    .collect();
                text.push_str(&format!("<p>Sources: {}</p>", sources.join("; ")));
            }
            let mut slide = json!({
                "unique_id": format!("event-{}", i + 1),
                "start_date": timeline_js_date(e.date),
                "display_date": dates::range(e.date, e.end),
                "text": { "headline": headline(&e.title), "text": text },
                "group": page.kind().unwrap_or("page"),
            });
            if let Some(end) = e.end {
                slide["end_date"] = timeline_js_date(end);
            }
            slide
        })
        .collect();
    json!({
        "title": {
            "text": {
                "headline": headline(&lib.config.title),
                "text": format!("<p>{}</p>", escape_html(&lib.config.description)),
            }
        },
        "events": events,
    })
}

//! The timeline: every event of the site (event pages and `[[events]]` entries), already in
//! date order in the graph, grouped by year, and written out in TimelineJS's JSON format.

use std::ops::Range;

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
        .graph
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

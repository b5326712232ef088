//! Exploring the dossier: the timeline's event ids, filters (their data and the links that
//! open a filtered view), month headings and short source labels; and the relation graph's
//! data for highlighting, its labels inside the drawing and its relations table.

use scraper::Html;

use crate::support::common::*;

/// A small dossier: a person with a dated entry, an organization, an event page linking both,
/// a note whose entries name the organization, and a source with publisher and date.
fn explore_site() -> TestSite {
    let site = TestSite::new();
    site.page(
        "people/ann-smith.md",
        r#"title = "Ann Smith"
kind = "person"
[[events]]
date = "2018-09-05"
title = "Ann Smith testifies"
sources = ["daily-2018"]"#,
        "Ann Smith runs [[organizations/acme|Acme]].",
    )
    .page(
        "organizations/acme.md",
        "title = \"Acme\"\nkind = \"organization\"\naka = [\"Acme Corp\"]",
        "A company.",
    )
    .page(
        "events/hearing.md",
        "title = \"The hearing\"\nkind = \"event\"\ndate = 2018-09-06\ntags = [\"Senate\"]",
        "[[people/ann-smith|Ann Smith]] speaks for [[organizations/acme|Acme]] [@daily-2018].",
    )
    .page(
        "notes/history.md",
        r#"title = "History"
kind = "note"
tags = ["Background", "Senate"]
[[events]]
date = "2018-09-05"
title = "Ann Smith testifies"
[[events]]
date = "2017"
title = "Acme Corp is founded"
description = "In a garage."
[[events]]
date = "2016"
title = "Someone else acts""#,
        "About [[organizations/acme|Acme]] and [[people/ann-smith|Ann Smith]].",
    )
    .page(
        "sources/daily-2018.md",
        r#"title = "Ann Smith before the committee"
kind = "source"
publisher = "The Daily"
date = 2018-09-05"#,
        "A report.",
    );
    site
}

fn event_ids(doc: &Html) -> Vec<String> {
    attrs(doc, ".timeline-event", "id")
}

#[test]
fn events_have_ids_from_date_and_title_unique_on_the_page() {
    let site = explore_site();
    site.build();
    let doc = site.html("timeline/index.html");
    assert_eq!(
        event_ids(&doc),
        [
            "2016-someone-else-acts",
            "2017-acme-corp-is-founded",
            "2018-09-05-ann-smith-testifies",
            "2018-09-05-ann-smith-testifies-2",
            "2018-09-06-the-hearing",
        ]
    );
    // Each event's date links to the event itself.
    assert_eq!(
        attrs(&doc, ".timeline-event .event-anchor", "href"),
        [
            "#2016-someone-else-acts",
            "#2017-acme-corp-is-founded",
            "#2018-09-05-ann-smith-testifies",
            "#2018-09-05-ann-smith-testifies-2",
            "#2018-09-06-the-hearing",
        ]
    );
    // An id depends on the event, not its place: a new earlier event leaves it as it was.
    site.page(
        "notes/earlier.md",
        "title = \"Earlier\"\nkind = \"note\"\n[[events]]\ndate = \"2001\"\ntitle = \"The start\"",
        "",
    );
    site.build();
    let doc = site.html("timeline/index.html");
    assert_eq!(event_ids(&doc)[0], "2001-the-start");
    assert_eq!(event_ids(&doc)[5], "2018-09-06-the-hearing");
    // The event page's own "In the timeline" link goes to its event.
    let hearing = site.html("events/hearing/index.html");
    assert_eq!(
        attrs(&hearing, ".event-date a", "href"),
        ["https://example.org/timeline/#2018-09-06-the-hearing"]
    );
}

#[test]
fn events_carry_their_actors_tags_and_kind_for_the_filters() {
    let site = explore_site();
    site.build();
    let doc = site.html("timeline/index.html");
    let data: Vec<(String, String, String)> = doc
        .select(&sel(".timeline-event"))
        .map(|li| {
            let v = li.value();
            let get = |a: &str| v.attr(a).unwrap().to_string();
            (get("data-actor"), get("data-tag"), get("data-kind"))
        })
        .collect();
    let row = |a: &str, t: &str, k: &str| (a.to_string(), t.to_string(), k.to_string());
    assert_eq!(
        data,
        [
            // The note names no one in this entry.
            row("", "background senate", "note"),
            // Named by its `aka`.
            row("organizations/acme", "background senate", "note"),
            // Events of one day keep the order of their pages.
            row("people/ann-smith", "background senate", "note"),
            // The person's own entry.
            row("people/ann-smith", "", "person"),
            // An event page: everyone its text links to.
            row("organizations/acme people/ann-smith", "senate", "event"),
        ]
    );
    // The actors are linked under each event.
    assert_eq!(
        texts(&doc, ".timeline-event .who"),
        [
            "Who: Acme",
            "Who: Ann Smith",
            "Who: Ann Smith",
            "Who: Acme, Ann Smith"
        ]
    );
    assert_eq!(
        attrs(&doc, "[id='2018-09-06-the-hearing'] .who a", "href"),
        [
            "https://example.org/organizations/acme/",
            "https://example.org/people/ann-smith/"
        ]
    );
    // The chips: one per actor, tag and kind, with how many events each selects; hidden
    // until the script shows them.
    let chips: Vec<String> = doc
        .select(&sel(".chip"))
        .map(|b| {
            let v = b.value();
            let text: String = b.text().collect();
            format!(
                "{}={} {}",
                v.attr("data-filter").unwrap(),
                v.attr("data-key").unwrap(),
                text
            )
        })
        .collect();
    assert_eq!(
        chips,
        [
            "actor=organizations/acme Acme 2",
            "actor=people/ann-smith Ann Smith 3",
            "tag=background Background 3",
            "tag=senate Senate 4",
            "kind=event Event pages 1",
            "kind=note Notes 3",
            "kind=person People 1",
        ]
    );
    let filters = doc.select(&sel("#timeline-filters")).next().unwrap();
    assert!(filters.value().attr("hidden").is_some());
    assert_eq!(
        attrs(&doc, "script[src$='timeline.js']", "src"),
        ["https://example.org/timeline.js"]
    );
}

#[test]
fn an_entity_links_to_the_timeline_filtered_to_it() {
    let site = explore_site();
    site.build();
    let person = site.html("people/ann-smith/index.html");
    assert_eq!(
        attrs(&person, ".events .more a", "href"),
        ["https://example.org/timeline/?actor=people/ann-smith"]
    );
    // A page that is no actor keeps the link to the year of its first event.
    let note = site.html("notes/history/index.html");
    assert_eq!(
        attrs(&note, ".events .more a", "href"),
        ["https://example.org/timeline/#y2016"]
    );
    // The filter key in that link is the one the person's events carry.
    let doc = site.html("timeline/index.html");
    assert_eq!(
        attrs(
            &doc,
            ".timeline-event[data-actor~='people/ann-smith']",
            "id"
        ),
        [
            "2018-09-05-ann-smith-testifies",
            "2018-09-05-ann-smith-testifies-2",
            "2018-09-06-the-hearing",
        ]
    );
}

#[test]
fn sources_show_publisher_and_date_with_the_title_for_screen_readers() {
    let site = explore_site();
    site.build();
    let doc = site.html("timeline/index.html");
    let link = doc
        .select(&sel(
            "[id='2018-09-05-ann-smith-testifies-2'] .where a[href$='/sources/daily-2018/']",
        ))
        .next()
        .expect("the source link");
    let visible: String = link
        .children()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    assert_eq!(visible, "The Daily, 5 September 2018");
    assert_eq!(
        texts(
            &doc,
            "[id='2018-09-05-ann-smith-testifies-2'] .where a .visually-hidden"
        ),
        [": Ann Smith before the committee"]
    );
}

/// A note with `n` events in 2019, one a month from January on, wrapping round the year.
fn busy_site(n: usize) -> TestSite {
    let site = TestSite::new();
    let mut fm = String::from("title = \"Busy\"\nkind = \"note\"\n");
    for i in 0..n {
        fm.push_str(&format!(
            "[[events]]\ndate = \"2019-{:02}\"\ntitle = \"Event {i}\"\n",
            i % 12 + 1
        ));
    }
    fm.push_str("[[events]]\ndate = \"2020-01-01\"\ntitle = \"Next year\"\n");
    site.page("notes/busy.md", &fm, "Busy.");
    site
}

#[test]
fn busy_years_get_month_headings() {
    // Twelve events in a year: no month headings.
    let site = busy_site(12);
    site.build();
    let doc = site.html("timeline/index.html");
    assert!(texts(&doc, ".timeline-month").is_empty());
    assert_eq!(doc.select(&sel("#y2019 ol.timeline")).count(), 1);

    // Thirteen: a heading per month, January holding two.
    let site = busy_site(13);
    site.build();
    let doc = site.html("timeline/index.html");
    let months = texts(&doc, "#y2019 .timeline-month");
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], "January 2019");
    assert_eq!(months[11], "December 2019");
    assert_eq!(
        attrs(&doc, "#y2019 .timeline-month", "id")[..2],
        ["y2019-m01", "y2019-m02"]
    );
    assert_eq!(
        texts(&doc, "#y2019-m01 + ol .what"),
        ["Event 0", "Event 12"]
    );
    // The next year, with one event, has none.
    assert!(texts(&doc, "#y2020 .timeline-month").is_empty());
}

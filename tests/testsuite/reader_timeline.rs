//! The timeline: every event of the site — event pages and `[[events]]` entries — in date
//! order, grouped by year, with ranges and partial dates shown as such, and `timeline.json`.

use crate::support::reader::*;

#[test]
fn events_are_grouped_by_year_in_date_order() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("timeline/index.html");
    let years = attrs(&doc, "section.timeline-year", "id");
    assert_eq!(years, ["y2010", "y2016", "y2018"]);
    assert_eq!(texts(&doc, ".timeline-year h2"), ["2010", "2016", "2018"]);
    // The year navigation leads to each group.
    assert_eq!(
        attrs(&doc, ".year-nav a", "href"),
        ["#y2010", "#y2016", "#y2018"]
    );

    let in_2018: Vec<(String, String)> = doc
        .select(&sel("#y2018 .timeline-event"))
        .map(|li| {
            let time = li.select(&sel("time")).next().unwrap();
            (
                time.value().attr("datetime").unwrap().to_string(),
                time.text().collect(),
            )
        })
        .collect();
    // A month alone sorts before the days of that month; a range shows as one.
    assert_eq!(
        in_2018,
        [
            ("2018-06".to_string(), "June 2018".to_string()),
            ("2018-06-01".into(), "1 June 2018".into()),
            ("2018-06-03".into(), "3–5 June 2018".into()),
        ]
    );
    let range = doc.select(&sel("#y2016 time")).next().unwrap();
    assert_eq!(range.text().collect::<String>(), "2016–2017");
    assert_eq!(texts(&doc, "#y2010 time"), ["2010"]);
}

#[test]
fn every_event_names_its_page_and_sources() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("timeline/index.html");
    let events = texts(&doc, ".timeline-event .what");
    assert_eq!(
        events,
        [
            "Acme is founded",
            "Acme and Globex first talk",
            "Reports of a deal appear",
            "The 2018 summit",
            "Acme and Globex negotiate in Geneva",
        ]
    );
    let negotiate = doc
        .select(&sel(".timeline-event"))
        .find(|li| li.text().collect::<String>().contains("Geneva"))
        .unwrap();
    let links: Vec<&str> = negotiate
        .select(&sel(".where a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "https://fixture.example/articles/the-deal/",
            "https://fixture.example/sources/news-2018/"
        ]
    );
    // The event page's own event links to the event page, with the sources it cites.
    let summit = doc
        .select(&sel(".timeline-event"))
        .find(|li| li.text().collect::<String>().contains("The 2018 summit"))
        .unwrap();
    assert!(summit
        .select(&sel(".where a"))
        .any(|a| a.value().attr("href") == Some("https://fixture.example/events/summit-2018/")));
    // Every link on the page leads to a built page.
    for href in attrs(&doc, "main a", "href") {
        if href.starts_with('#') || href.ends_with(".json") {
            continue;
        }
        assert!(site.file_for(BASE, &href).is_some(), "{href}");
    }
}

#[test]
fn timeline_json_is_in_timelinejs_format() {
    let (_src, site) = build_fixture(None);
    let json: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    assert_eq!(json["title"]["text"]["headline"], "The Acme file");
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 5);
    let dates: Vec<String> = events
        .iter()
        .map(|e| {
            let d = &e["start_date"];
            format!("{}-{}-{}", d["year"], d["month"], d["day"])
        })
        .collect();
    assert_eq!(
        dates,
        [
            "2010-null-null",
            "2016-null-null",
            "2018-6-null",
            "2018-6-1",
            "2018-6-3"
        ]
    );
    assert_eq!(events[1]["end_date"]["year"], 2017);
    assert_eq!(events[4]["end_date"]["day"], 5);
    assert_eq!(events[4]["display_date"], "3–5 June 2018");
    assert_eq!(
        events[4]["text"]["headline"],
        "Acme and Globex negotiate in Geneva"
    );
    let text = events[4]["text"]["text"].as_str().unwrap();
    assert!(
        text.contains(r#"<a href="https://fixture.example/articles/the-deal/">"#),
        "{text}"
    );
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["unique_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), events.len(), "unique ids");
}

#[test]
fn a_page_lists_its_own_events_and_links_to_their_year() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("notes/background/index.html");
    assert_eq!(
        texts(&doc, ".events .event-title"),
        [
            "Acme is founded",
            "Acme and Globex first talk",
            "Reports of a deal appear"
        ]
    );
    assert_eq!(
        attrs(&doc, ".events .more a", "href"),
        ["https://fixture.example/timeline/#y2010"]
    );
}

#[test]
fn the_default_dossier_timeline_holds_every_event() {
    let site = build_default(None);
    let doc = site.html("timeline/index.html");
    let json: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    let count = doc.select(&sel(".timeline-event")).count();
    assert_eq!(count, json["events"].as_array().unwrap().len());
    assert!(count >= 20, "{count}");
    let datetimes = attrs(&doc, ".timeline-event time", "datetime");
    let mut sorted = datetimes.clone();
    sorted.sort();
    assert_eq!(datetimes, sorted, "date order");
}

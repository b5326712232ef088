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

/// The `<svg>` of a page whose root has `class` (drawn by the build, so well-formed XML).
fn svg_of(html: &str, class: &str) -> String {
    let start = html
        .find(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="{class}""#
        ))
        .expect("the drawing");
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    html[start..end].to_string()
}

/// Every label of a drawing that reaches outside its `viewBox`, by the width the build
/// reckons for the system font (0.56 em a character, 13 px, lines 15 px apart), as text.
fn labels_outside(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let vb: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let (left, top, right, bottom) = (vb[0], vb[1], vb[0] + vb[2], vb[1] + vb[3]);
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("text")
                && !n
                    .attribute("class")
                    .is_some_and(|c| c.contains("edge-label"))
        })
        .filter_map(|t| {
            let lines: Vec<&str> = t.children().filter_map(|s| s.text()).collect();
            let width = lines
                .iter()
                .map(|l| l.trim().chars().count())
                .max()
                .unwrap() as f64
                * 13.0
                * 0.56;
            let x = num(t, "x");
            let (l, r) = match t.attribute("text-anchor") {
                Some("start") => (x, x + width),
                Some("end") => (x - width, x),
                _ => (x - width / 2.0, x + width / 2.0),
            };
            let y = num(t, "y");
            let b = y + 13.0 + (lines.len() as f64 - 1.0) * 15.0;
            (l < left || r > right || y < top || b > bottom).then(|| lines.concat())
        })
        .collect()
}

#[test]
fn graph_labels_stay_inside_the_drawing() {
    let site = crate::support::reader::build_default(None);
    // Sandberg's neighbourhood had a name cut at its left edge (the box reaches left of 0
    // to hold it; the second edition's relations give it this size).
    let sandberg = site.read("people/sheryl-sandberg/index.html");
    let svg = svg_of(&sandberg, "relation-graph neighbourhood");
    assert_eq!(labels_outside(&svg), Vec::<String>::new());
    assert!(
        svg.contains(r#"viewBox="-16.2 38 679.7 404""#),
        "{}",
        &svg[..200]
    );
    let graph = site.read("graph/index.html");
    assert_eq!(
        labels_outside(&svg_of(&graph, "relation-graph")),
        Vec::<String>::new()
    );
    // Label lines are spaced in em, so they stay apart at any size.
    assert!(svg.contains(r#"<tspan x="#) && svg.contains(r#"dy="1em""#));
}

/// Three actors and three relations among them.
fn graph_site() -> TestSite {
    let site = TestSite::new();
    site.page(
        "people/zed.md",
        "title = \"Zed\"\nkind = \"person\"\n[[relations]]\nto = \"organizations/acme\"\nkind = \"works for\"",
        "",
    )
    .page(
        "people/amy.md",
        "title = \"amy\"\nkind = \"person\"\n[[relations]]\nto = \"organizations/acme\"\nkind = \"founded\"",
        "Amy and [[people/zed|Zed]].",
    )
    .page(
        "organizations/acme.md",
        "title = \"Acme\"\nkind = \"organization\"\n[[relations]]\nto = \"people/amy\"\nkind = \"employs\"",
        "",
    );
    site
}

#[test]
fn every_relation_has_a_label_and_edges_name_their_nodes() {
    let site = graph_site();
    site.build();
    let html = site.read("graph/index.html");
    let svg = svg_of(&html, "relation-graph");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let by_class = |class: &str| -> Vec<(String, String, String)> {
        doc.descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|w| w == class))
            })
            .map(|n| {
                let a = |k| n.attribute(k).unwrap_or("").to_string();
                let text: String = n
                    .descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect();
                (
                    a("data-from"),
                    a("data-to"),
                    if class == "node" {
                        a("data-node") + " " + &text
                    } else {
                        text
                    },
                )
            })
            .collect()
    };
    // Nodes by path: organizations/acme 0, people/amy 1, people/zed 2.
    let nodes: Vec<String> = by_class("node").into_iter().map(|n| n.2).collect();
    assert_eq!(nodes, ["0 Acme", "1 amy", "2 Zed"]);
    let labels: Vec<(String, String, String)> = by_class("edge-label");
    let row = |f: &str, t: &str, k: &str| (f.to_string(), t.to_string(), k.to_string());
    assert_eq!(
        labels,
        [
            row("0", "1", "employs"),
            row("1", "0", "founded"),
            row("2", "0", "works for")
        ]
    );
    let mentions: Vec<(String, String)> = by_class("mention")
        .into_iter()
        .map(|m| (m.0, m.1))
        .collect();
    assert_eq!(mentions, [("1".to_string(), "2".to_string())]);
    // The controls wait for the script; the script is the graph page's own.
    let page = Html::parse_document(&html);
    assert!(page
        .select(&sel("#graph-controls[hidden]"))
        .next()
        .is_some());
    assert_eq!(
        attrs(&page, "script[src$='.js']", "src")[2..],
        [
            "https://example.org/neighbourhood.js",
            "https://example.org/graph.js"
        ]
    );
}

#[test]
fn the_relations_table_is_sorted_by_title_and_labels_its_cells() {
    let site = graph_site();
    site.build();
    let doc = site.html("graph/index.html");
    let rows: Vec<String> = doc
        .select(&sel(".relations-table tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .take(3)
                .map(|td| td.text().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // Letter case aside: "amy" between "Acme" and "Zed".
    assert_eq!(
        rows,
        ["Acme employs amy", "amy founded Acme", "Zed works for Acme"]
    );
    assert_eq!(
        attrs(
            &doc,
            ".relations-table tbody tr:first-child td",
            "data-label"
        ),
        ["Who", "Relation", "To whom", "When", "Sources"]
    );
}

/// The default dossier explored in Chromium: see tests/browser/reader_explore.mjs.
#[test]
#[ignore = "needs Chromium, a Java runtime and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_timeline_and_graph_can_be_explored_by_mouse_and_keyboard() {
    use crate::reader_browser::{node, require_tools, ONE_AT_A_TIME, SERVED_AT};
    use crate::support::reader::build_default;
    require_tools();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let site = build_default(Some(SERVED_AT));
    let shots = std::env::var("DOSSIER_SCREENSHOTS").unwrap_or_default();
    let mut args = vec![site.out.to_str().unwrap(), SERVED_AT];
    if !shots.is_empty() {
        args.push(&shots);
    }
    let r = node("reader_explore.mjs", &args);
    assert_eq!(r["problems"], serde_json::json!([]), "{r:#}");
    let t = &r["timeline"];
    assert_eq!(t["all"], 22);
    assert_eq!(t["filtersShown"], true);
    assert_eq!(t["huawei"]["query"], "?actor=organizations/huawei");
    assert_eq!(t["huawei"]["pressed"], "true");
    assert_eq!(t["huawei"]["ids"].as_array().unwrap().len(), 7);
    assert_eq!(
        t["huawei"]["ids"][0],
        "1987-ren-zhengfei-founds-huawei-in-shenzhen"
    );
    assert_eq!(
        t["huaweiEventPages"]["query"],
        "?actor=organizations/huawei&kind=event"
    );
    assert_eq!(
        t["huaweiEventPages"]["ids"],
        serde_json::json!([
            "2018-02-13-u-s-intelligence-chiefs-warn-against-using-huawei-and-zte-phones",
            "2018-09-05-sandberg-and-dorsey-testify-before-the-senate-intelligence-committee"
        ])
    );
    assert_eq!(t["status"], "Showing 2 of 22 events.");
    assert_eq!(
        t["cleared"],
        serde_json::json!({ "query": "", "count": 22 })
    );
    assert_eq!(t["shared"]["pressed"], serde_json::json!(["zte", "note"]));
    assert_eq!(t["shared"]["ids"].as_array().unwrap().len(), 9);
    assert_eq!(
        t["fromHuawei"]["path"],
        "/dossier/timeline/?actor=organizations/huawei"
    );
    assert_eq!(t["fromHuawei"]["ids"], t["huawei"]["ids"]);
    assert_eq!(
        t["noScript"],
        serde_json::json!({ "count": 22, "filtersShown": false })
    );

    let g = &r["graph"];
    assert_eq!(g["controlsShown"], true);
    assert_eq!(
        g["mentions"],
        // The second edition's pages mention each other 66 times (the first's, 99).
        serde_json::json!({ "atFirst": 0, "shown": 66 })
    );
    assert_eq!(
        g["withoutPeople"],
        serde_json::json!({ "people": 0, "organizations": 18 })
    );
    assert_eq!(
        g["hover"]["near"],
        serde_json::json!([
            "Facebook",
            "House Permanent Select Committee on Intelligence",
            "Huawei",
            "Ren Zhengfei",
            "U.S. Department of Defense"
        ])
    );
    assert_eq!(g["hover"]["labels"], 4);
    assert_eq!(g["hover"]["dimmed"], 28);
    assert_eq!(g["afterLeaving"], false);
    assert_eq!(g["focus"]["on"], true);
    assert_eq!(g["focus"]["labels"], 3);
    // Labels keep their size on screen as the drawing zooms.
    assert_eq!(g["labelPx"], serde_json::json!([15, 15]));
    assert_eq!(g["zoomIn"], 0.8);
    assert_eq!(g["fitAgain"], true);
    assert!(g["wheel"].as_f64().unwrap() < 0.9, "{g:#}");
    assert!(
        g["drag"][0].as_i64().unwrap() < 0 && g["drag"][1].as_i64().unwrap() < 0,
        "{g:#}"
    );
    assert_eq!(g["stillOnGraph"], "/dossier/graph/");
    assert_eq!(g["keyFit"], true);
    assert_eq!(g["keyZoom"], 0.8);
    assert_eq!(g["keyPan"], true);
    assert_eq!(g["tableWho"][0], "Aleksandr Kogan");
    assert_eq!(g["sandberg"]["outside"], serde_json::json!([]));
    assert_eq!(g["sandberg"]["labelPx"], serde_json::json!([15, 15]));
    assert_eq!(
        g["noScript"],
        serde_json::json!({ "controlsShown": false, "mentionsShown": 66 })
    );

    for w in r["widths"].as_array().unwrap() {
        assert_eq!(w["overflow"], 0, "{w}");
    }
    assert_eq!(r["widths"].as_array().unwrap().len(), 8);
    for run in r["axe"].as_array().unwrap() {
        assert_eq!(run["violations"], serde_json::json!([]), "{run:#}");
    }
}

//! The relation graph: entities as nodes, relations as labelled directed edges, body links as
//! mentions; an inline SVG drawn at build time, the same bytes on every build, every node a
//! link; `graph.json`; and each entity page's neighbourhood.

use std::collections::BTreeSet;

use crate::support::reader::*;

fn graph_json(site: &Built) -> serde_json::Value {
    serde_json::from_str(&site.read("graph.json")).unwrap()
}

#[test]
fn nodes_are_entities_and_relation_ends() {
    let (_src, site) = build_fixture(None);
    let json = graph_json(&site);
    let nodes: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    // People and organizations, and the article and event that have relations; no sources.
    assert_eq!(
        nodes,
        [
            "/articles/the-deal/",
            "/events/summit-2018/",
            "/organizations/acme/",
            "/organizations/globex/",
            "/people/ada-example/",
            "/people/zoe-angstrom/",
        ]
    );
    for n in json["nodes"].as_array().unwrap() {
        assert!(n["x"].as_f64().unwrap() > 0.0 && n["y"].as_f64().unwrap() > 0.0);
        assert!(n["url"].as_str().unwrap().starts_with(BASE));
    }
}

#[test]
fn relations_are_directed_labelled_edges_and_links_are_mentions() {
    let (_src, site) = build_fixture(None);
    let json = graph_json(&site);
    let edges = json["edges"].as_array().unwrap();
    let relations: BTreeSet<(String, String, String)> = edges
        .iter()
        .filter(|e| e["type"] == "relation")
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["label"].as_str().unwrap().to_string(),
                e["target"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        (
            "/people/ada-example/",
            "was chief executive of",
            "/organizations/acme/",
        ),
        (
            "/people/ada-example/",
            "negotiated with",
            "/organizations/globex/",
        ),
        ("/organizations/acme/", "supplies", "/organizations/globex/"),
        (
            "/events/summit-2018/",
            "was attended by",
            "/organizations/acme/",
        ),
        (
            "/articles/the-deal/",
            "reported on",
            "/organizations/globex/",
        ),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(relations, expected);
    let ceo = edges
        .iter()
        .find(|e| e["label"] == "was chief executive of")
        .unwrap();
    assert_eq!(ceo["date"], serde_json::Value::Null);
    assert_eq!(ceo["since"], "2010");
    assert_eq!(ceo["until"], "2018");
    assert_eq!(ceo["sources"][0], "acme-report");
    let talks = edges
        .iter()
        .find(|e| e["label"] == "negotiated with")
        .unwrap();
    assert_eq!(talks["date"], "2018-06");
    assert_eq!(talks["since"], serde_json::Value::Null);

    let mentions: BTreeSet<(String, String)> = edges
        .iter()
        .filter(|e| e["type"] == "mention")
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["target"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Ada links to Zoë: a mention. Acme links to Globex, but a relation already ties them.
    assert!(mentions.contains(&(
        "/people/ada-example/".to_string(),
        "/people/zoe-angstrom/".to_string()
    )));
    assert!(!mentions.contains(&(
        "/organizations/acme/".to_string(),
        "/organizations/globex/".to_string()
    )));
}

#[test]
fn the_svg_draws_every_node_as_a_link_and_every_relation() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("graph/index.html");
    let svg = doc
        .select(&sel("svg.relation-graph"))
        .next()
        .expect("an SVG");
    assert!(svg.value().attr("aria-labelledby").is_some());
    let hrefs = attrs(&doc, "svg.relation-graph a.node", "href");
    assert_eq!(hrefs.len(), 6);
    for href in &hrefs {
        assert!(site.file_for(BASE, href).is_some(), "{href}");
    }
    assert!(texts(&doc, "svg.relation-graph a.node text").contains(&"Zoë Ångström".to_string()));
    assert_eq!(doc.select(&sel("svg path.edge.relation")).count(), 5);
    assert!(doc.select(&sel("svg line.edge.mention")).count() >= 1);
    let titles = texts(&doc, "svg path.edge.relation title");
    assert!(
        titles.contains(&"Ada Example was chief executive of Acme from 2010 to 2018".to_string()),
        "{titles:?}"
    );
    // Without the picture, the table says it all.
    let rows = texts(&doc, ".relations-table tbody tr");
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().any(|r| r.contains("Ada Example")
        && r.contains("from 2010 to 2018")
        && r.contains("Acme annual report 2018")));
}

#[test]
fn the_drawing_is_the_same_on_every_build() {
    let (_src, first) = build_fixture(None);
    let (_src2, second) = build_fixture(None);
    let svg = |site: &Built| {
        let html = site.read("graph/index.html");
        let start = html.find("<svg").unwrap();
        let end = html[start..].find("</svg>").unwrap() + start;
        html[start..end].to_string()
    };
    assert_eq!(svg(&first), svg(&second));
    assert_eq!(first.read("graph.json"), second.read("graph.json"));
    assert_eq!(
        first.read("people/ada-example/index.html"),
        second.read("people/ada-example/index.html")
    );
    let default_a = build_default(None);
    let default_b = build_default(None);
    assert_eq!(svg(&default_a), svg(&default_b));
}

#[test]
fn entity_pages_show_their_neighbourhood() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("people/ada-example/index.html");
    let hrefs = attrs(&doc, ".neighbourhood svg a", "href");
    let expected = [
        "https://fixture.example/organizations/acme/",
        "https://fixture.example/organizations/globex/",
        "https://fixture.example/people/zoe-angstrom/",
    ];
    for e in expected {
        assert!(hrefs.contains(&e.to_string()), "{e} in {hrefs:?}");
    }
    let list = texts(&doc, ".neighbour-list li");
    assert!(
        list.contains(&"Acme (was chief executive of)".to_string()),
        "{list:?}"
    );
    assert!(
        list.contains(&"Zoë Ångström (linked in the text)".to_string()),
        "{list:?}"
    );
    // Globex has no relations of its own; the neighbourhood shows those made to it.
    let globex = site.html("organizations/globex/index.html");
    assert!(texts(&globex, ".neighbour-list li")
        .iter()
        .any(|t| t == "Acme (Acme supplies Globex)"));
}

#[test]
fn relations_read_as_sentences_with_their_date_or_period_and_sources() {
    let (_src, site) = build_fixture(None);
    let doc = site.html("people/ada-example/index.html");
    let lines = texts(&doc, ".relations li");
    assert_eq!(
        lines,
        [
            "Ada Example was chief executive of Acme from 2010 to 2018 [1]",
            "Ada Example negotiated with Globex in June 2018 [2]",
        ]
    );
    // The numbers are those of the page's own reference list.
    assert_eq!(
        attrs(&doc, ".relations .citation-link", "href"),
        ["#ref-1", "#ref-2"]
    );
    assert!(doc.select(&sel("#ref-1")).next().is_some());
    // Inbound relations are listed on the other end too: numbered when the source is in that
    // page's own references, else linked by name.
    let acme = site.html("organizations/acme/index.html");
    let inbound = texts(&acme, ".relations li");
    assert!(
        inbound
            .contains(&"Ada Example was chief executive of Acme from 2010 to 2018 [1]".to_string()),
        "{inbound:?}"
    );
    let globex = site.html("organizations/globex/index.html");
    let inbound = texts(&globex, ".relations li");
    assert!(
        inbound.contains(
            &"Ada Example negotiated with Globex in June 2018 Acme and Globex agree".to_string()
        ),
        "{inbound:?}"
    );
}

/// A page's neighbourhood draws the people and organizations it is tied to or mentions,
/// never the sections or sources it links to.
#[test]
fn a_neighbourhood_leaves_out_the_sections_and_sources_a_page_links_to() {
    let site = crate::support::common::TestSite::new();
    site.page(
        "people/amy.md",
        "title = \"Amy\"\nkind = \"person\"",
        "Met [[Zed]]; see [[Dossier notes]] and [[Leak memo]] [@memo].\n",
    )
    .page(
        "people/zed.md",
        "title = \"Zed\"\nkind = \"person\"",
        "Zed.\n",
    )
    .page("notes/_index.md", "title = \"Dossier notes\"", "")
    .page(
        "sources/memo.md",
        "title = \"Leak memo\"\nkind = \"source\"",
        "",
    );
    site.build();
    let doc = site.html("people/amy/index.html");
    let drawn = crate::support::common::texts(&doc, "svg.neighbourhood text").join(" ");
    assert!(drawn.contains("Zed"), "{drawn}");
    assert!(!drawn.contains("Dossier"), "{drawn}");
    assert!(!drawn.contains("Leak"), "{drawn}");
}

/// The key actors rank by ties: a relation (either end) counts two, a page linking to the
/// actor one; equal ties go by title. (Chosen so that counting a relation once, only at one
/// end, or multiplying instead of adding, each gives another order.)
#[test]
fn key_actors_rank_relations_twice_and_links_once() {
    use crate::support::common::{texts, TestSite};
    let site = TestSite::new();
    let rel =
        |to: &str| format!("\n[[relations]]\nto = \"{to}\"\nkind = \"knows\"\nsources = [\"s\"]\n");
    site.page("sources/s.md", "title = \"S\"\nkind = \"source\"", "")
        .page(
            "people/ann.md",
            &format!("title = \"Ann\"\nkind = \"person\"{}{}", rel("Bob"), rel("Cy")),
            "",
        )
        .page("people/bob.md", "title = \"Bob\"\nkind = \"person\"", "")
        .page("people/cy.md", "title = \"Cy\"\nkind = \"person\"", "")
        .page("people/dee.md", "title = \"Dee\"\nkind = \"person\"", "")
        .page("notes/one.md", "title = \"One\"", "[[Bob]] and [[Dee]].")
        .page("notes/two.md", "title = \"Two\"", "[[Dee]].")
        .page("notes/three.md", "title = \"Three\"", "[[Dee]].")
        .page("notes/four.md", "title = \"Four\"", "[[Dee]].")
        .file(
            "templates/page.html",
            "<!doctype html><title>{{ page.title }}</title><ol>{% for a in get_key_actors(limit=4) %}<li>{{ a.title }}</li>{% endfor %}</ol>",
        );
    site.build();
    // A relation's page links to what it relates to as well. Ann: 2 relations = 4; Bob: 1
    // relation, linked from Ann and One = 4; Dee: linked from four notes = 4; Cy: 1
    // relation, linked from Ann = 3. Ties by title.
    assert_eq!(
        texts(&site.html("notes/one/index.html"), "li"),
        ["Ann", "Bob", "Dee", "Cy"]
    );
}

/// The graph is drawn in a 4:3 frame that grows with the number of nodes (200 px times the
/// square root of it, 480 px at least): sixteen people get 800 × 600, two get 480 × 360. The
/// labels fit inside, so the `viewBox` is the frame with its 6 px margin.
#[test]
fn the_frame_grows_with_the_number_of_nodes_and_keeps_its_proportions() {
    use crate::support::common::TestSite;
    let view_box = |people: usize| {
        let site = TestSite::new();
        for i in 0..people {
            site.page(
                &format!("people/p{i}.md"),
                &format!("title = \"P{i}\"\nkind = \"person\""),
                "",
            );
        }
        site.build();
        let doc = site.html("graph/index.html");
        let svg = doc
            .select(&sel("svg.relation-graph"))
            .next()
            .expect("an SVG");
        let attr = |name: &str| svg.value().attr(name).unwrap().to_string();
        (attr("viewBox"), attr("width"), attr("height"))
    };
    assert_eq!(
        view_box(16),
        (
            "-6 -6 812 612".to_string(),
            "812".to_string(),
            "612".to_string()
        )
    );
    assert_eq!(
        view_box(2),
        (
            "-6 -6 492 372".to_string(),
            "492".to_string(),
            "372".to_string()
        )
    );
}

//! The relation graph: people and organizations (and any other page a relation touches) as
//! nodes, `[[relations]]` as labelled, directed edges, and body links between those pages as
//! lighter "mention" edges, laid out by `layout` (deterministically) and drawn by
//! `graph_svg`; also written as `graph.json`. Each entity page gets its neighbourhood.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::content::PageId;
use crate::library::Library;

use super::dates;
use super::graph_svg::node_size;
use super::layout::{layout, LayoutInput, Point};
use crate::content::kind::Kind;

/// Most neighbours drawn around an entity; the page lists them all.
pub const NEIGHBOURHOOD_LIMIT: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// One or more `[[relations]]` from one page to another.
    Relation,
    /// A body link between two pages with no relation between them (either way).
    Mention,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphEdge {
    /// Indexes into `RelationGraph::nodes`.
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// For relation edges: indexes into `Resolved::relations`, in front-matter order.
    pub relations: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct RelationGraph {
    pub nodes: Vec<PageId>,
    pub positions: Vec<Point>,
    pub edges: Vec<GraphEdge>,
    pub width: f64,
    pub height: f64,
}

/// The nodes and edges, before layout: nodes in URL-path order.
fn nodes_and_edges(lib: &Library, keeps: &dyn Fn(PageId) -> bool) -> (Vec<PageId>, Vec<GraphEdge>) {
    // People and organizations are nodes even when no relation touches them.
    let mut nodes: Vec<PageId> = (0..lib.pages.len())
        .filter(|&i| {
            let p = &lib.pages[i];
            !p.is_section && p.known_kind().is_some_and(Kind::is_actor)
        })
        .chain(lib.resolved.relations.iter().flat_map(|r| [r.from, r.to]))
        .filter(|&i| !lib.pages[i].is_source() && keeps(i))
        .collect();
    nodes.sort_by(|&a, &b| lib.pages[a].path.cmp(&lib.pages[b].path));
    nodes.dedup();
    let index: BTreeMap<PageId, usize> = nodes.iter().enumerate().map(|(i, &p)| (p, i)).collect();

    let mut relation_edges: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (ri, r) in lib.resolved.relations.iter().enumerate() {
        if let (Some(&a), Some(&b)) = (index.get(&r.from), index.get(&r.to)) {
            if a != b {
                relation_edges.entry((a, b)).or_default().push(ri);
            }
        }
    }
    let related = |a: usize, b: usize| {
        relation_edges.contains_key(&(a, b)) || relation_edges.contains_key(&(b, a))
    };
    let mut mentions: Vec<(usize, usize)> = Vec::new();
    for (a, &page) in nodes.iter().enumerate() {
        for target in &lib.resolved.outgoing[page] {
            if let Some(&b) = index.get(target) {
                let pair = (a.min(b), a.max(b));
                if a != b && !related(a, b) && !mentions.contains(&pair) {
                    mentions.push(pair);
                }
            }
        }
    }
    mentions.sort();
    let edges = relation_edges
        .into_iter()
        .map(|((from, to), relations)| GraphEdge {
            from,
            to,
            kind: EdgeKind::Relation,
            relations,
        })
        .chain(mentions.into_iter().map(|(from, to)| GraphEdge {
            from,
            to,
            kind: EdgeKind::Mention,
            relations: Vec::new(),
        }))
        .collect();
    (nodes, edges)
}

/// Builds the graph and lays it out in a frame sized to the number of nodes.
pub fn build(lib: &Library) -> RelationGraph {
    build_in(lib, &|_| true)
}

/// `build` with the pages `keeps` keeps only (an edition's, `languages::in_edition`).
pub fn build_in(lib: &Library, keeps: &dyn Fn(PageId) -> bool) -> RelationGraph {
    let (nodes, edges) = nodes_and_edges(lib, keeps);
    let n = nodes.len() as f64;
    let width = (200.0 * n.sqrt()).clamp(480.0, 1100.0).round();
    let height = (width * 0.75).round();
    let input = LayoutInput {
        sizes: nodes
            .iter()
            .map(|&p| node_size(&lib.pages[p].title))
            .collect(),
        edges: edges
            .iter()
            .map(|e| {
                let weight = match e.kind {
                    EdgeKind::Relation => 1.0,
                    EdgeKind::Mention => 0.1,
                };
                (e.from, e.to, weight)
            })
            .collect(),
        width,
        height,
        margin: 12.0,
    };
    let positions = layout(&input);
    RelationGraph {
        nodes,
        positions,
        edges,
        width,
        height,
    }
}

/// "Ren Zhengfei founded Huawei in 1987", "Wilbur Ross was secretary of Commerce from 2017
/// to 2021": subject, the relation's kind, object, and when.
pub fn relation_sentence(lib: &Library, relation: usize) -> String {
    let r = &lib.resolved.relations[relation];
    let mut s = format!(
        "{} {} {}",
        lib.pages[r.from].title, r.kind, lib.pages[r.to].title
    );
    if let Some(when) = dates::when(r.date, r.since, r.until) {
        s.push(' ');
        s.push_str(&when);
    }
    s
}

/// `graph.json`: nodes with their place in the drawing, edges with their relations.
pub fn json(lib: &Library, g: &RelationGraph) -> Value {
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .zip(&g.positions)
        .map(|(&p, pos)| {
            json!({
                "id": lib.pages[p].path,
                "title": lib.pages[p].title,
                "kind": lib.pages[p].kind(),
                "url": lib.permalink(p),
                "x": pos.x,
                "y": pos.y,
            })
        })
        .collect();
    let mut edges: Vec<Value> = Vec::new();
    for e in &g.edges {
        let (from, to) = (
            &lib.pages[g.nodes[e.from]].path,
            &lib.pages[g.nodes[e.to]].path,
        );
        match e.kind {
            EdgeKind::Mention => edges.push(json!({
                "source": from, "target": to, "type": "mention",
            })),
            EdgeKind::Relation => {
                for &ri in &e.relations {
                    let r = &lib.resolved.relations[ri];
                    edges.push(json!({
                        "source": from,
                        "target": to,
                        "type": "relation",
                        "label": r.kind,
                        "date": r.date.map(|d| d.to_string()),
                        "since": r.since.map(|d| d.to_string()),
                        "until": r.until.map(|d| d.to_string()),
                        "sources": r.sources.iter().map(|&s| &lib.pages[s].slug).collect::<Vec<_>>(),
                    }));
                }
            }
        }
    }
    json!({ "nodes": nodes, "edges": edges })
}

/// How a neighbour is tied to the page at the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub page: PageId,
    /// Relation indexes from the centre to this page, and from it to the centre.
    pub outgoing: Vec<usize>,
    pub incoming: Vec<usize>,
    /// A body link either way, with no relation.
    pub mention: bool,
}

/// A page's neighbours: pages it has relations with (most relations first), then pages
/// linked either way in body text, each group by title.
pub fn neighbours(lib: &Library, page: PageId) -> Vec<Neighbour> {
    let mut by_page: BTreeMap<PageId, Neighbour> = BTreeMap::new();
    let entry = |map: &mut BTreeMap<PageId, Neighbour>, p: PageId| {
        map.entry(p).or_insert_with(|| Neighbour {
            page: p,
            outgoing: Vec::new(),
            incoming: Vec::new(),
            mention: false,
        });
    };
    for (ri, r) in lib.resolved.relations.iter().enumerate() {
        if r.from == page && r.to != page {
            entry(&mut by_page, r.to);
            by_page.get_mut(&r.to).expect("inserted").outgoing.push(ri);
        } else if r.to == page && r.from != page {
            entry(&mut by_page, r.from);
            by_page
                .get_mut(&r.from)
                .expect("inserted")
                .incoming
                .push(ri);
        }
    }
    let linked = lib.resolved.outgoing[page]
        .iter()
        .copied()
        .chain(lib.resolved.backlinks[page].iter().map(|b| b.from));
    for p in linked {
        let q = &lib.pages[p];
        if p == page || q.is_section || q.is_source() || by_page.contains_key(&p) {
            continue;
        }
        entry(&mut by_page, p);
        by_page.get_mut(&p).expect("inserted").mention = true;
    }
    let mut list: Vec<Neighbour> = by_page.into_values().collect();
    list.sort_by(|a, b| {
        let ties = |n: &Neighbour| n.outgoing.len() + n.incoming.len();
        ties(b)
            .cmp(&ties(a))
            .then_with(|| lib.pages[a.page].title.cmp(&lib.pages[b.page].title))
    });
    list
}

/// The people and organizations most tied into the dossier: relations count double,
/// pages linking to them once; ties by title. Only the pages `keeps` keeps (an edition's,
/// `languages::in_edition`).
pub fn key_actors_in(lib: &Library, limit: usize, keeps: &dyn Fn(PageId) -> bool) -> Vec<PageId> {
    let mut ranked: Vec<(usize, PageId)> = (0..lib.pages.len())
        .filter(|&i| {
            let p = &lib.pages[i];
            !p.is_section && p.known_kind().is_some_and(Kind::is_actor) && keeps(i)
        })
        .map(|i| {
            let relations = lib
                .resolved
                .relations
                .iter()
                .filter(|r| r.from == i || r.to == i)
                .count();
            (2 * relations + lib.resolved.backlinks[i].len(), i)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| lib.pages[a.1].title.cmp(&lib.pages[b.1].title))
    });
    ranked.into_iter().take(limit).map(|(_, i)| i).collect()
}

//! Drawing the relation graph as inline SVG: every node a link to its page, relations as
//! arrows with their label where it fits, mentions as dashed lines, and the same bytes for
//! the same graph, so it reads without JavaScript and diffs cleanly. Also each entity's
//! neighbourhood as a small radial drawing.
//!
//! The drawing's box holds every label (`Bounds`), so none is clipped. Nodes carry their index
//! (`data-node`) and edges and their labels the nodes they join (`data-from`, `data-to`), so
//! the theme's script can highlight a node's neighbours; a relation whose label has no free
//! place gets it anyway, marked `extra`, shown only when one of its ends is highlighted.
//! Label lines are spaced in `em`, so the script can keep labels at one size on screen.

use std::fmt::Write as _;

use crate::content::PageId;
use crate::library::Library;
use crate::markdown::escape_html;

use super::layout::Point;
use super::relation_graph::{
    neighbours, relation_sentence, EdgeKind, RelationGraph, NEIGHBOURHOOD_LIMIT,
};
use crate::content::kind::Kind;

const NODE_RADIUS: f64 = 7.0;
const FONT_SIZE: f64 = 13.0;
const LINE_HEIGHT: f64 = 15.0;
const LABEL_CHARS: usize = 22;
const MAX_LINES: usize = 3;
const EDGE_FONT_SIZE: f64 = 10.0;
/// `LINE_HEIGHT / FONT_SIZE`, as the label's lines are spaced.
const LINE_SPACING: &str = "1.15em";

/// A title cut into lines of about `LABEL_CHARS` characters; a third line takes the rest.
fn label_lines(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in title.split_whitespace() {
        let count = lines.len();
        let last = lines.last_mut().expect("one line");
        let fits = last.chars().count() + 1 + word.chars().count() <= LABEL_CHARS;
        if last.is_empty() || fits || count == MAX_LINES {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

/// An estimate of the width of text in the system sans-serif font.
fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * 0.56
}

/// The box a node takes: its circle with the label under it, centred on the circle.
pub(super) fn node_size(title: &str) -> (f64, f64) {
    let lines = label_lines(title);
    let width = lines
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(2.0 * NODE_RADIUS, f64::max);
    let below = NODE_RADIUS + 4.0 + lines.len() as f64 * LINE_HEIGHT;
    (width, 2.0 * below)
}

/// The box around everything drawn, grown as labels are placed, so the `viewBox` holds them.
#[derive(Debug, Clone, Copy)]
struct Bounds(Rect);

impl Bounds {
    fn new(width: f64, height: f64) -> Bounds {
        Bounds(Rect {
            left: 0.0,
            right: width,
            top: 0.0,
            bottom: height,
        })
    }

    fn take(&mut self, r: &Rect) {
        let b = &mut self.0;
        b.left = b.left.min(r.left);
        b.right = b.right.max(r.right);
        b.top = b.top.min(r.top);
        b.bottom = b.bottom.max(r.bottom);
    }

    /// `viewBox="…" width="…" height="…"`, with a margin all round.
    fn attributes(&self) -> String {
        const MARGIN: f64 = 6.0;
        let b = &self.0;
        let (w, h) = (
            b.right - b.left + 2.0 * MARGIN,
            b.bottom - b.top + 2.0 * MARGIN,
        );
        format!(
            r#"viewBox="{} {} {} {}" width="{}" height="{}""#,
            num(b.left - MARGIN),
            num(b.top - MARGIN),
            num(w),
            num(h),
            num(w),
            num(h)
        )
    }
}

/// The box a label of `title` takes, its first line's top at `top`, placed by `anchor`.
fn label_rect(x: f64, top: f64, anchor: &str, title: &str) -> Rect {
    let lines = label_lines(title);
    let width = lines
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let (left, right) = match anchor {
        "start" => (x, x + width),
        "end" => (x - width, x),
        _ => (x - width / 2.0, x + width / 2.0),
    };
    Rect {
        left,
        right,
        top,
        // Descenders below the last baseline.
        bottom: top + FONT_SIZE + (lines.len() as f64 - 1.0) * LINE_HEIGHT + 4.0,
    }
}

/// An axis-aligned box, for keeping labels apart.
#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Rect {
    fn around(p: Point, w: f64, h: f64) -> Rect {
        Rect {
            left: p.x - w / 2.0,
            right: p.x + w / 2.0,
            top: p.y - h / 2.0,
            bottom: p.y + h / 2.0,
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.left < o.right && o.left < self.right && self.top < o.bottom && o.top < self.bottom
    }
}

fn num(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

fn kind_class(lib: &Library, page: PageId) -> String {
    let kind = lib.pages[page].kind().unwrap_or("page");
    let class: String = kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("kind-{class}")
}

fn write_node_label(svg: &mut String, x: f64, top: f64, anchor: &str, title: &str) {
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="{anchor}">"#,
        num(x),
        num(top)
    );
    let lines = label_lines(title);
    for (i, line) in lines.iter().enumerate() {
        // In `em`, so lines stay apart at whatever size the label is shown.
        let dy = if i == 0 { "1em" } else { LINE_SPACING };
        // A space ends every line but the last, so the text reads as the title does.
        let space = if i + 1 < lines.len() { " " } else { "" };
        let _ = write!(
            svg,
            r#"<tspan x="{}" dy="{dy}">{}{space}</tspan>"#,
            num(x),
            escape_html(line)
        );
    }
    svg.push_str("</text>");
}

/// Where a line from `from` to `to` meets the circle around `to`.
fn short_of(from: Point, to: Point, by: f64) -> Point {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let d = (dx * dx + dy * dy).sqrt().max(0.01);
    Point {
        x: to.x - dx / d * by,
        y: to.y - dy / d * by,
    }
}

/// The whole graph as inline SVG. `id` prefixes the element ids it defines.
pub fn svg(lib: &Library, g: &RelationGraph, id: &str) -> String {
    let people = g
        .nodes
        .iter()
        .filter(|&&p| lib.pages[p].known_kind() == Some(Kind::Person))
        .count();
    let organizations = g
        .nodes
        .iter()
        .filter(|&&p| lib.pages[p].known_kind() == Some(Kind::Organization))
        .count();
    let relations: usize = g.edges.iter().map(|e| e.relations.len()).sum();
    let mentions = g
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Mention)
        .count();
    let circle_of = |i: usize| {
        let (_, h) = node_size(&lib.pages[g.nodes[i]].title);
        Point {
            x: g.positions[i].x,
            y: g.positions[i].y - h / 2.0 + NODE_RADIUS,
        }
    };
    let mut bounds = Bounds::new(g.width, g.height);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<title id="{id}-title">Relation graph</title><desc id="{id}-desc">{} nodes ({people} people, {organizations} organizations, {} other pages), {relations} relations drawn as arrows and {mentions} mentions drawn as dashed lines. Every node links to its page.</desc>"#,
        g.nodes.len(),
        g.nodes.len() - people - organizations
    );
    let _ = write!(
        svg,
        r#"<defs><marker id="{id}-arrow" class="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker></defs>"#
    );
    svg.push_str(r#"<g class="edges">"#);
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Mention) {
        let (a, b) = (circle_of(e.from), circle_of(e.to));
        let _ = write!(
            svg,
            r#"<line class="edge mention" data-from="{}" data-to="{}" x1="{}" y1="{}" x2="{}" y2="{}"><title>{} — mentions — {}</title></line>"#,
            e.from,
            e.to,
            num(a.x),
            num(a.y),
            num(b.x),
            num(b.y),
            escape_html(&lib.pages[g.nodes[e.from]].title),
            escape_html(&lib.pages[g.nodes[e.to]].title)
        );
    }
    let mut labels = String::new();
    let node_rects: Vec<Rect> = (0..g.nodes.len())
        .map(|i| {
            let (w, h) = node_size(&lib.pages[g.nodes[i]].title);
            let c = circle_of(i);
            // The circle and the label under it (the box is centred on the circle).
            Rect {
                left: c.x - w / 2.0,
                right: c.x + w / 2.0,
                top: c.y - NODE_RADIUS,
                bottom: c.y + h / 2.0,
            }
        })
        .collect();
    for r in &node_rects {
        bounds.take(r);
    }
    let mut placed: Vec<Rect> = Vec::new();
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Relation) {
        let (a, b) = (circle_of(e.from), circle_of(e.to));
        // A slight bend to the right of the direction of travel keeps A→B and B→A apart.
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let c = Point {
            x: (a.x + b.x) / 2.0 - dy * 0.12,
            y: (a.y + b.y) / 2.0 + dx * 0.12,
        };
        let start = short_of(c, a, NODE_RADIUS + 1.0);
        let end = short_of(c, b, NODE_RADIUS + 2.0);
        let sentences: Vec<String> = e
            .relations
            .iter()
            .map(|&r| relation_sentence(lib, r))
            .collect();
        let _ = write!(
            svg,
            r#"<path class="edge relation" data-from="{}" data-to="{}" d="M{} {}Q{} {} {} {}" marker-end="url(#{id}-arrow)"><title>{}</title></path>"#,
            e.from,
            e.to,
            num(start.x),
            num(start.y),
            num(c.x),
            num(c.y),
            num(end.x),
            num(end.y),
            escape_html(&sentences.join("; "))
        );
        let kinds: Vec<&str> = e
            .relations
            .iter()
            .map(|&r| lib.resolved.relations[r].kind.as_str())
            .collect();
        let text = kinds.join("; ");
        let (w, h) = (
            text_width(&text, EDGE_FONT_SIZE) + 4.0,
            EDGE_FONT_SIZE + 3.0,
        );
        // The label goes at the middle of the curve, or a little to either side, where it
        // covers no name and no other label; if there is no such place, only the table
        // below the graph, the edge's tooltip and the highlight of either end give it.
        let on_curve = |t: f64| {
            let u = 1.0 - t;
            Point {
                x: u * u * a.x + 2.0 * u * t * c.x + t * t * b.x,
                y: u * u * a.y + 2.0 * u * t * c.y + t * t * b.y,
            }
        };
        let place = [0.5, 0.38, 0.62].into_iter().find_map(|t: f64| {
            let at = on_curve(t);
            let rect = Rect::around(at, w, h);
            (!node_rects.iter().chain(&placed).any(|r| r.overlaps(&rect))).then_some((at, rect))
        });
        let (class, at, rect) = match place {
            Some((at, rect)) => {
                placed.push(rect);
                ("edge-label", at, rect)
            }
            None => {
                let at = on_curve(0.5);
                ("edge-label extra", at, Rect::around(at, w, h))
            }
        };
        bounds.take(&rect);
        let _ = write!(
            labels,
            r#"<text class="{class}" data-from="{}" data-to="{}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            e.from,
            e.to,
            num(at.x),
            num(at.y + EDGE_FONT_SIZE / 3.0),
            escape_html(&text)
        );
    }
    svg.push_str("</g>");
    let _ = write!(
        svg,
        r#"<g class="edge-labels" aria-hidden="true">{labels}</g>"#
    );
    svg.push_str(r#"<g class="nodes">"#);
    for (i, &page) in g.nodes.iter().enumerate() {
        let c = circle_of(i);
        let _ = write!(
            svg,
            r#"<a class="node {}" data-node="{i}" href="{}"><circle cx="{}" cy="{}" r="{}"/>"#,
            kind_class(lib, page),
            escape_html(&lib.permalink(page)),
            num(c.x),
            num(c.y),
            num(NODE_RADIUS)
        );
        write_node_label(
            &mut svg,
            c.x,
            c.y + NODE_RADIUS + 2.0,
            "middle",
            &lib.pages[page].title,
        );
        svg.push_str("</a>");
    }
    svg.push_str("</g></svg>");
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="relation-graph" id="{id}" {} aria-labelledby="{id}-title {id}-desc">{svg}"#,
        bounds.attributes()
    )
}

/// The neighbourhood of a page as a small radial SVG, or `None` if it has no neighbours.
pub fn neighbourhood_svg(lib: &Library, page: PageId, id: &str) -> Option<String> {
    let all = neighbours(lib, page);
    if all.is_empty() {
        return None;
    }
    let shown = &all[..all.len().min(NEIGHBOURHOOD_LIMIT)];
    let n = shown.len();
    let label_room = 165.0;
    let rx: f64 = 175.0;
    let ry: f64 = (40.0 + 12.0 * n as f64).clamp(70.0, 170.0);
    let width = 2.0 * (rx + label_room + 20.0);
    let height = 2.0 * (ry + 70.0);
    let center = Point {
        x: width / 2.0,
        y: height / 2.0,
    };
    // The labels decide the box: the ellipse is drawn in the middle of the frame, then the
    // frame grows or shrinks to what the labels take.
    let mut bounds = Bounds(Rect::around(
        center,
        2.0 * (rx + NODE_RADIUS),
        2.0 * (ry + NODE_RADIUS),
    ));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<title id="{id}-title">{} and {} connected page{}{}</title>"#,
        escape_html(&lib.pages[page].title),
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        if n < all.len() {
            format!(", the {n} most connected drawn")
        } else {
            String::new()
        }
    );
    let _ = write!(
        svg,
        r#"<defs><marker id="{id}-arrow" class="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>"#
    );
    let places: Vec<Point> = (0..n)
        .map(|i| {
            // Start at the top and go clockwise.
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            Point {
                x: center.x + rx * angle.cos(),
                y: center.y + ry * angle.sin(),
            }
        })
        .collect();
    svg.push_str(r#"<g class="edges">"#);
    for (nb, &at) in shown.iter().zip(&places) {
        let sentences: Vec<String> = nb
            .outgoing
            .iter()
            .chain(&nb.incoming)
            .map(|&r| relation_sentence(lib, r))
            .collect();
        let (class, title) = if nb.mention {
            (
                "edge mention",
                format!(
                    "{} — mentions — {}",
                    lib.pages[page].title, lib.pages[nb.page].title
                ),
            )
        } else {
            ("edge relation", sentences.join("; "))
        };
        let near_centre = short_of(at, center, NODE_RADIUS + 2.0);
        let near_neighbour = short_of(center, at, NODE_RADIUS + 2.0);
        // Relations carry their arrowhead at the middle of the line, pointing from subject to
        // object, so the arrows of many neighbours do not pile up on the centre.
        let mut ends: Vec<(Point, Point, &str)> = Vec::new();
        if nb.mention {
            ends.push((near_centre, near_neighbour, ""));
        }
        if !nb.outgoing.is_empty() {
            ends.push((near_centre, near_neighbour, "marker-mid"));
        }
        if !nb.incoming.is_empty() {
            ends.push((near_neighbour, near_centre, "marker-mid"));
        }
        for (from, to, marker) in ends {
            let mid = Point {
                x: (from.x + to.x) / 2.0,
                y: (from.y + to.y) / 2.0,
            };
            let marker = if marker.is_empty() {
                String::new()
            } else {
                format!(r#" {marker}="url(#{id}-arrow)""#)
            };
            let _ = write!(
                svg,
                r#"<polyline class="{class}" points="{},{} {},{} {},{}"{marker}><title>{}</title></polyline>"#,
                num(from.x),
                num(from.y),
                num(mid.x),
                num(mid.y),
                num(to.x),
                num(to.y),
                escape_html(&title)
            );
        }
    }
    svg.push_str(r#"</g><g class="nodes">"#);
    let _ = write!(
        svg,
        r#"<g class="node centre {}"><circle cx="{}" cy="{}" r="{}"/>"#,
        kind_class(lib, page),
        num(center.x),
        num(center.y),
        num(NODE_RADIUS + 2.0)
    );
    let top = center.y + NODE_RADIUS + 4.0;
    bounds.take(&label_rect(center.x, top, "middle", &lib.pages[page].title));
    write_node_label(&mut svg, center.x, top, "middle", &lib.pages[page].title);
    svg.push_str("</g>");
    for (nb, &at) in shown.iter().zip(&places) {
        let cos = (at.x - center.x) / rx;
        let lines = label_lines(&lib.pages[nb.page].title).len() as f64;
        let block = FONT_SIZE + (lines - 1.0) * LINE_HEIGHT;
        let (anchor, x, top) = if cos > 0.25 {
            ("start", at.x + NODE_RADIUS + 5.0, at.y - block / 2.0 - 3.0)
        } else if cos < -0.25 {
            ("end", at.x - NODE_RADIUS - 5.0, at.y - block / 2.0 - 3.0)
        } else if at.y < center.y {
            ("middle", at.x, at.y - NODE_RADIUS - 6.0 - block)
        } else {
            ("middle", at.x, at.y + NODE_RADIUS + 2.0)
        };
        let _ = write!(
            svg,
            r#"<a class="node {}" href="{}"><circle cx="{}" cy="{}" r="{}"/>"#,
            kind_class(lib, nb.page),
            escape_html(&lib.permalink(nb.page)),
            num(at.x),
            num(at.y),
            num(NODE_RADIUS)
        );
        bounds.take(&label_rect(x, top, anchor, &lib.pages[nb.page].title));
        write_node_label(&mut svg, x, top, anchor, &lib.pages[nb.page].title);
        svg.push_str("</a>");
    }
    svg.push_str("</g></svg>");
    Some(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="relation-graph neighbourhood" id="{id}" {} aria-labelledby="{id}-title">{svg}"#,
        bounds.attributes()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_on_three_lines_at_most() {
        assert_eq!(label_lines("Huawei"), ["Huawei"]);
        assert_eq!(
            label_lines("House Permanent Select Committee on Intelligence"),
            ["House Permanent Select", "Committee on", "Intelligence"]
        );
        assert_eq!(
            label_lines("Mark Zuckerberg testifies before Senate and House committees"),
            [
                "Mark Zuckerberg",
                "testifies before",
                "Senate and House committees"
            ]
        );
        assert_eq!(
            label_lines("Senate Intelligence Committee"),
            ["Senate Intelligence", "Committee"]
        );
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.01), "0");
    }
}

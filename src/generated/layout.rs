//! A force-directed layout (Fruchterman–Reingold), deterministic: the same nodes and edges
//! always give the same positions, so the relation graph's SVG only changes when the graph
//! does. Nodes start on a circle in their given order, forces run for a fixed number of
//! rounds with a cooling temperature, a weak pull to the centre keeps loose nodes near,
//! and a last pass pushes apart nodes whose label boxes overlap.

/// A point of the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// What to lay out: nodes (by the size of their box: circle and label) and weighted edges.
#[derive(Debug, Clone)]
pub struct LayoutInput {
    pub sizes: Vec<(f64, f64)>,
    pub edges: Vec<(usize, usize, f64)>,
    pub width: f64,
    pub height: f64,
    pub margin: f64,
}

const ROUNDS: usize = 600;
const GRAVITY: f64 = 0.03;
const OVERLAP_ROUNDS: usize = 200;
const GAP: f64 = 6.0;

/// Positions of the node centres, inside `margin` of the `width` × `height` frame.
pub fn layout(input: &LayoutInput) -> Vec<Point> {
    let n = input.sizes.len();
    if n == 0 {
        return Vec::new();
    }
    let (w, h) = (input.width, input.height);
    let area = (w - 2.0 * input.margin) * (h - 2.0 * input.margin);
    let k = (area / n as f64).sqrt();
    let mut pos: Vec<Point> = (0..n)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / n as f64;
            Point {
                x: angle.cos() * w / 3.0,
                y: angle.sin() * h / 3.0,
            }
        })
        .collect();
    if n == 1 {
        return vec![Point {
            x: w / 2.0,
            y: h / 2.0,
        }];
    }
    for round in 0..ROUNDS {
        let temperature = (w / 8.0) * (1.0 - round as f64 / ROUNDS as f64) + 0.5;
        let mut shift = vec![Point { x: 0.0, y: 0.0 }; n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].x - pos[j].x, pos[i].y - pos[j].y);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = 1.6 * k * k / d2;
                shift[i].x += dx * f;
                shift[i].y += dy * f;
                shift[j].x -= dx * f;
                shift[j].y -= dy * f;
            }
        }
        for &(a, b, weight) in &input.edges {
            if a == b {
                continue;
            }
            let (dx, dy) = (pos[a].x - pos[b].x, pos[a].y - pos[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = weight * d / k;
            shift[a].x -= dx * f;
            shift[a].y -= dy * f;
            shift[b].x += dx * f;
            shift[b].y += dy * f;
        }
        for (p, s) in pos.iter_mut().zip(&mut shift) {
            s.x -= p.x * GRAVITY * k / 50.0;
            s.y -= p.y * GRAVITY * k / 50.0;
            let len = (s.x * s.x + s.y * s.y).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                p.x += s.x / len * step;
                p.y += s.y / len * step;
            }
        }
    }
    fit(&mut pos, input);
    separate(&mut pos, input);
    for p in &mut pos {
        p.x = (p.x * 10.0).round() / 10.0;
        p.y = (p.y * 10.0).round() / 10.0;
    }
    pos
}

/// Maps the centres linearly onto the frame, leaving room for the widest and tallest box.
fn fit(pos: &mut [Point], input: &LayoutInput) {
    let max_w = input.sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    let max_h = input.sizes.iter().map(|s| s.1).fold(0.0, f64::max);
    let axis = |values: Vec<f64>, length: f64, half_box: f64| -> Vec<f64> {
        let lo = input.margin + half_box;
        let hi = (length - input.margin - half_box).max(lo);
        let min = values.iter().copied().fold(f64::MAX, f64::min);
        let max = values.iter().copied().fold(f64::MIN, f64::max);
        if max - min < 1e-9 {
            return vec![(lo + hi) / 2.0; values.len()];
        }
        values
            .iter()
            .map(|v| lo + (v - min) / (max - min) * (hi - lo))
            .collect()
    };
    let xs = axis(pos.iter().map(|p| p.x).collect(), input.width, max_w / 2.0);
    let ys = axis(pos.iter().map(|p| p.y).collect(), input.height, max_h / 2.0);
    for (p, (x, y)) in pos.iter_mut().zip(xs.into_iter().zip(ys)) {
        p.x = x;
        p.y = y;
    }
}

/// Keeps a node's box inside the frame.
fn clamp(p: &mut Point, size: (f64, f64), input: &LayoutInput) {
    let (hw, hh) = (size.0 / 2.0, size.1 / 2.0);
    p.x = p.x.clamp(
        input.margin + hw,
        (input.width - input.margin - hw).max(input.margin + hw),
    );
    p.y = p.y.clamp(
        input.margin + hh,
        (input.height - input.margin - hh).max(input.margin + hh),
    );
}

/// Pushes apart pairs of nodes whose boxes overlap, along the axis where they overlap least.
fn separate(pos: &mut [Point], input: &LayoutInput) {
    let n = pos.len();
    for _ in 0..OVERLAP_ROUNDS {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let (wi, hi) = input.sizes[i];
                let (wj, hj) = input.sizes[j];
                let dx = pos[j].x - pos[i].x;
                let dy = pos[j].y - pos[i].y;
                let over_x = (wi + wj) / 2.0 + GAP - dx.abs();
                let over_y = (hi + hj) / 2.0 + GAP - dy.abs();
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                moved = true;
                if over_x < over_y {
                    let push = over_x / 2.0 * if dx < 0.0 { -1.0 } else { 1.0 };
                    pos[i].x -= push;
                    pos[j].x += push;
                } else {
                    let push = over_y / 2.0 * if dy < 0.0 { -1.0 } else { 1.0 };
                    pos[i].y -= push;
                    pos[j].y += push;
                }
                clamp(&mut pos[i], input.sizes[i], input);
                clamp(&mut pos[j], input.sizes[j], input);
            }
        }
        if !moved {
            break;
        }
    }
}

/// How many pairs of node boxes overlap (for tests and for judging a layout).
pub fn overlaps(pos: &[Point], sizes: &[(f64, f64)]) -> usize {
    let mut count = 0;
    for i in 0..pos.len() {
        for j in (i + 1)..pos.len() {
            let over_x = (sizes[i].0 + sizes[j].0) / 2.0 - (pos[j].x - pos[i].x).abs();
            let over_y = (sizes[i].1 + sizes[j].1) / 2.0 - (pos[j].y - pos[i].y).abs();
            if over_x > 0.0 && over_y > 0.0 {
                count += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(n: usize, edges: Vec<(usize, usize, f64)>) -> LayoutInput {
        LayoutInput {
            sizes: vec![(80.0, 30.0); n],
            edges,
            width: 900.0,
            height: 600.0,
            margin: 10.0,
        }
    }

    fn dist(a: Point, b: Point) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    #[test]
    fn same_input_same_positions() {
        let i = input(12, (0..11).map(|k| (k, k + 1, 1.0)).collect());
        assert_eq!(layout(&i), layout(&i));
    }

    #[test]
    fn stays_inside_the_frame_without_overlaps() {
        let i = input(30, (0..29).map(|k| (k, (k * 7 + 3) % 30, 1.0)).collect());
        let pos = layout(&i);
        for p in &pos {
            assert!(p.x.is_finite() && p.y.is_finite());
            assert!(p.x >= 10.0 + 40.0 && p.x <= 900.0 - 10.0 - 40.0, "{p:?}");
            assert!(p.y >= 10.0 + 15.0 && p.y <= 600.0 - 10.0 - 15.0, "{p:?}");
        }
        assert_eq!(overlaps(&pos, &i.sizes), 0);
    }

    #[test]
    fn linked_nodes_end_up_closer_than_unlinked_ones() {
        // Two triangles joined by nothing: distances inside a triangle are the short ones.
        let edges = vec![
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 0, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (5, 3, 1.0),
        ];
        let pos = layout(&input(6, edges));
        let inside = dist(pos[0], pos[1]) + dist(pos[3], pos[4]);
        let across = dist(pos[0], pos[3]) + dist(pos[1], pos[4]);
        assert!(inside < across, "{pos:?}");
    }

    #[test]
    fn one_node_is_centred_and_none_is_empty() {
        assert_eq!(layout(&input(0, vec![])), vec![]);
        assert_eq!(
            layout(&input(1, vec![])),
            vec![Point { x: 450.0, y: 300.0 }]
        );
    }
}

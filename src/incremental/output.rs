//! The built site in memory: every output file by its path, in the three layers a build
//! writes one over the other (pages, then what is generated from the whole site, then copied
//! files), so replacing one layer's file never loses track of what another layer put there.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

pub type Bytes = Arc<[u8]>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// One file per content page.
    Pages = 0,
    /// Generated pages (timeline, 404, tags…) and files (search index, feeds…).
    Generated = 1,
    /// Files of `content/` and `static/` copied as they are.
    Files = 2,
}

#[derive(Debug, Clone, Default)]
pub struct Output {
    layers: [HashMap<String, Bytes>; 3],
}

impl Output {
    /// The file at `path` (relative to the output root, as `notes/a/index.html`).
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.layers.iter().rev().find_map(|l| l.get(path))
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> BTreeSet<&str> {
        self.layers
            .iter()
            .flat_map(|l| l.keys().map(String::as_str))
            .collect()
    }

    pub fn layer(&self, layer: Layer) -> &HashMap<String, Bytes> {
        &self.layers[layer as usize]
    }

    /// Sets one file of a layer, noting `path` in `changed` if what is served there changed.
    pub fn put(
        &mut self,
        layer: Layer,
        path: &str,
        bytes: Option<Bytes>,
        changed: &mut BTreeSet<String>,
    ) {
        let before = self.get(path).cloned();
        let map = &mut self.layers[layer as usize];
        match bytes {
            Some(b) => {
                map.insert(path.to_string(), b);
            }
            None => {
                map.remove(path);
            }
        }
        if before.as_deref() != self.get(path).map(|b| &**b) {
            changed.insert(path.to_string());
        }
    }

    /// Replaces a whole layer, noting every path whose served file changed.
    pub fn replace(
        &mut self,
        layer: Layer,
        files: HashMap<String, Bytes>,
        changed: &mut BTreeSet<String>,
    ) {
        let old: Vec<String> = self.layers[layer as usize]
            .keys()
            .filter(|k| !files.contains_key(*k))
            .cloned()
            .collect();
        for path in old {
            self.put(layer, &path, None, changed);
        }
        for (path, bytes) in files {
            self.put(layer, &path, Some(bytes), changed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Option<Bytes> {
        Some(Arc::from(s.as_bytes()))
    }

    #[test]
    fn later_layers_win_and_changes_are_what_is_served() {
        let mut out = Output::default();
        let mut changed = BTreeSet::new();
        out.put(Layer::Pages, "a/index.html", b("page"), &mut changed);
        out.put(Layer::Files, "a/index.html", b("static"), &mut changed);
        assert_eq!(out.get("a/index.html").unwrap().as_ref(), b"static");
        changed.clear();
        out.put(Layer::Pages, "a/index.html", b("page 2"), &mut changed);
        assert!(
            changed.is_empty(),
            "hidden under a static file: {changed:?}"
        );
        out.put(Layer::Files, "a/index.html", None, &mut changed);
        assert_eq!(out.get("a/index.html").unwrap().as_ref(), b"page 2");
        assert!(changed.contains("a/index.html"));
        changed.clear();
        out.put(Layer::Pages, "a/index.html", b("page 2"), &mut changed);
        assert!(changed.is_empty(), "same bytes are no change");
    }
}

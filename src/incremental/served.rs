//! The built site in memory: every output file by its path, in the three layers a build
//! writes one over the other (pages, then what is generated from the whole site, then copied
//! files), so replacing one layer's file never loses track of what another layer put there.
//!
//! Copied files (a bundle's attachments, static files) stay on disk: the output notes where
//! each is and what it was when last seen, and the server streams it from there. A 300 MB
//! recording is never held in memory, and what is served is what is on disk now.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

pub type Bytes = Arc<[u8]>;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Made by the build (pages, generated files, the theme's built-in files).
    Built(Bytes),
    /// A file copied as it is, read from disk when served.
    Copied(Arc<CopiedFile>),
}

/// Where a copied file is, and its size and modification time when last seen: a file
/// changed on disk compares unequal to what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl CopiedFile {
    /// The file at `path` as it is now.
    pub fn at(path: &Path) -> std::io::Result<CopiedFile> {
        let meta = std::fs::metadata(path)?;
        Ok(CopiedFile {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

impl From<Bytes> for OutputFile {
    fn from(bytes: Bytes) -> Self {
        OutputFile::Built(bytes)
    }
}

impl OutputFile {
    /// The file's bytes: a copied file is read from disk.
    pub fn read(&self) -> std::io::Result<Bytes> {
        match self {
            OutputFile::Built(bytes) => Ok(bytes.clone()),
            OutputFile::Copied(file) => std::fs::read(&file.path).map(Bytes::from),
        }
    }
}

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
pub struct ServedFiles {
    layers: [HashMap<String, OutputFile>; 3],
}

impl ServedFiles {
    /// The file at `path` (relative to the output root, as `notes/a/index.html`).
    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.layers.iter().rev().find_map(|l| l.get(path))
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> BTreeSet<&str> {
        self.layers
            .iter()
            .flat_map(|l| l.keys().map(String::as_str))
            .collect()
    }

    pub fn layer(&self, layer: Layer) -> &HashMap<String, OutputFile> {
        &self.layers[layer as usize]
    }

    /// Sets one file of a layer, noting `path` in `changed` if what is served there changed.
    pub fn put(
        &mut self,
        layer: Layer,
        path: &str,
        file: Option<OutputFile>,
        changed: &mut BTreeSet<String>,
    ) {
        let before = self.get(path).cloned();
        let map = &mut self.layers[layer as usize];
        match file {
            Some(b) => {
                map.insert(path.to_string(), b);
            }
            None => {
                map.remove(path);
            }
        }
        if before.as_ref() != self.get(path) {
            changed.insert(path.to_string());
        }
    }

    /// Replaces a whole layer, noting every path whose served file changed.
    pub fn replace(
        &mut self,
        layer: Layer,
        files: HashMap<String, OutputFile>,
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

    fn b(s: &str) -> Option<OutputFile> {
        Some(OutputFile::Built(Arc::from(s.as_bytes())))
    }

    #[test]
    fn later_layers_win_and_changes_are_what_is_served() {
        let mut out = ServedFiles::default();
        let mut changed = BTreeSet::new();
        out.put(Layer::Pages, "a/index.html", b("page"), &mut changed);
        out.put(Layer::Files, "a/index.html", b("static"), &mut changed);
        assert_eq!(out.get("a/index.html"), b("static").as_ref());
        changed.clear();
        out.put(Layer::Pages, "a/index.html", b("page 2"), &mut changed);
        assert!(
            changed.is_empty(),
            "hidden under a static file: {changed:?}"
        );
        out.put(Layer::Files, "a/index.html", None, &mut changed);
        assert_eq!(out.get("a/index.html"), b("page 2").as_ref());
        assert!(changed.contains("a/index.html"));
        changed.clear();
        out.put(Layer::Pages, "a/index.html", b("page 2"), &mut changed);
        assert!(changed.is_empty(), "same bytes are no change");
    }
}

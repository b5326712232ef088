//! Pages found by the paths templates give (`get_page(path=…)`, `get_neighbourhood`): as
//! `Library::find` finds them, from an index made once per renderer instead of a scan of
//! every page at each call, which a template calling for every page made quadratic. The
//! renderer is made anew whenever the library changes, so the index never goes stale.

use std::sync::{Arc, OnceLock};

use crate::content::PageId;
use crate::library::Library;
use crate::resolve::{Lookup, Resolver};

pub struct Finder {
    /// For wikilink targets, made on first use.
    resolver: OnceLock<Resolver>,
    lib: Arc<Library>,
}

impl Finder {
    pub fn new(lib: &Arc<Library>) -> Finder {
        Finder {
            resolver: OnceLock::new(),
            lib: Arc::clone(lib),
        }
    }

    /// A page by its file path relative to `content/`, exactly.
    pub fn by_file(&self, rel: &str) -> Option<PageId> {
        self.lib.ids.get(rel).copied()
    }

    /// A page by its file path relative to `content/`, or any wikilink target.
    pub fn find(&self, path: &str) -> Option<PageId> {
        let path = path.trim_start_matches("@/").trim_start_matches('/');
        if let Some(id) = self.by_file(path) {
            return Some(id);
        }
        let resolver = self.resolver.get_or_init(|| Resolver::new(&self.lib.pages));
        match resolver.lookup(path) {
            Lookup::Found(id) => Some(id),
            _ => None,
        }
    }
}

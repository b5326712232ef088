//! The loaded site, everything resolved and every page's Markdown rendered: what templates see.

use crate::config::SiteConfig;
use crate::content::{Page, PageId};
use crate::graph::{Graph, Resolver};
use crate::markdown::{Analysis, Rendered};

#[derive(Debug, Clone)]
pub struct Library {
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub analyses: Vec<Analysis>,
    pub graph: Graph,
    pub rendered: Vec<Rendered>,
}

impl Library {
    pub fn permalink(&self, id: PageId) -> String {
        self.config.permalink(&self.pages[id].path)
    }

    pub fn home(&self) -> Option<PageId> {
        self.pages.iter().position(|p| p.rel == "_index.md")
    }

    /// A page by its file path relative to `content/` (`notes/huawei.md`), or any wikilink target.
    pub fn find(&self, path: &str) -> Option<PageId> {
        let path = path.trim_start_matches("@/").trim_start_matches('/');
        if let Some(id) = self.pages.iter().position(|p| p.rel == path) {
            return Some(id);
        }
        match Resolver::new(&self.pages).lookup(path) {
            crate::graph::Lookup::Found(id) => Some(id),
            _ => None,
        }
    }

    /// A section's pages: newest first, then by weight, then by title.
    pub fn sorted_pages(&self, section: PageId) -> Vec<PageId> {
        let mut ids = self.pages[section].pages.clone();
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&self.pages[a].front_matter, &self.pages[b].front_matter);
            let date = |d: &Option<toml::value::Datetime>| d.map(|d| d.to_string());
            date(&pb.date)
                .cmp(&date(&pa.date))
                .then(pa.weight.unwrap_or(0).cmp(&pb.weight.unwrap_or(0)))
                .then(self.pages[a].title.cmp(&self.pages[b].title))
        });
        ids
    }
}

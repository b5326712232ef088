//! The loaded site, everything resolved: what templates see. Plain data: what rendering
//! holds and records is `render::markdown::Rendering`.

use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::{Page, PageId};
use crate::link_check::SiteFiles;
use crate::markdown::{Analysis, Rendered};
use crate::resolve::{Resolved, Resolver};

/// Pages by file path relative to `content/`.
pub type PageIds = foldhash::HashMap<String, PageId>;

#[derive(Debug, Clone)]
pub struct Library {
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub analyses: Vec<Arc<Analysis>>,
    /// Pages by file path relative to `content/`. A rebuild looks up every page in it
    /// several times: with foldhash (see `generated::search_terms`) rather than SipHash.
    pub ids: Arc<PageIds>,
    pub resolved: Resolved,
    /// Every page's Markdown as HTML, when kept (`dossier serve` patches it page by page).
    /// Empty in a build, which renders a page's Markdown when a template shows it
    /// (`render::markdown::Rendering`), so that the whole site's HTML never sits in memory.
    pub rendered: Vec<Arc<Rendered>>,
    /// Every file the build writes, which `get_url` checks its paths against.
    pub site_files: Arc<SiteFiles>,
    /// Each page's translations (`languages::translations`).
    pub translations: Vec<Vec<PageId>>,
}

impl Library {
    /// The language page `id` is written in: its own, else the site's default.
    pub fn lang(&self, id: PageId) -> &str {
        self.pages[id]
            .lang
            .as_deref()
            .unwrap_or(&self.config.language)
    }

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
            crate::resolve::Lookup::Found(id) => Some(id),
            _ => None,
        }
    }

    /// A section's pages: newest first, then by weight, then by title.
    pub fn sorted_pages(&self, section: PageId) -> Vec<PageId> {
        self.sort_listing(self.pages[section].pages.clone())
    }

    /// Pages in a section's order: newest first, then by weight, then by title.
    pub fn sort_listing(&self, ids: Vec<PageId>) -> Vec<PageId> {
        // Each date written out once, not at every comparison.
        let mut keyed: Vec<(Option<String>, PageId)> = ids
            .iter()
            .map(|&id| (self.pages[id].front_matter.date.map(|d| d.to_string()), id))
            .collect();
        keyed.sort_by(|(date_a, a), (date_b, b)| {
            let (pa, pb) = (&self.pages[*a], &self.pages[*b]);
            date_b
                .cmp(date_a)
                .then(
                    (pa.front_matter.weight.unwrap_or(0)).cmp(&pb.front_matter.weight.unwrap_or(0)),
                )
                .then(pa.title.cmp(&pb.title))
        });
        keyed.into_iter().map(|(_, id)| id).collect()
    }
}

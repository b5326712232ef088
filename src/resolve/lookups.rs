//! Which pages look up which names: the index that tells, when a page's title, slug, `aka` or
//! kind changes, which other pages' links, citations and relations may now resolve differently.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{Page, PageId};
use crate::markdown::{Analysis, LinkSyntax};

/// Citation keys live beside page names, marked so a source key never meets a wikilink name.
fn source_key(key: &str) -> String {
    format!("@{}", key.to_lowercase())
}

/// The names page lookups can find `page` by (its path aside, which an edit cannot change).
pub fn names(page: &Page) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = crate::resolve::names(page).into_iter().collect();
    if page.is_source() {
        names.insert(source_key(&page.slug));
    }
    names
}

/// The names `page` looks up: wikilink and relation targets, citation and source keys.
fn keys(page: &Page, analysis: &Analysis) -> BTreeSet<String> {
    let fm = &page.front_matter;
    let links = analysis
        .links
        .iter()
        .filter(|l| l.syntax == LinkSyntax::Wiki && !l.target.is_empty())
        .map(|l| crate::resolve::name_key(&l.target));
    let citations = analysis
        .citations
        .iter()
        .flat_map(|c| &c.items)
        .map(|i| source_key(&i.key));
    let relations = fm.relations.iter().flat_map(|r| {
        std::iter::once(crate::resolve::name_key(r.to.get_ref()))
            .chain(r.sources.iter().map(|s| source_key(s.get_ref())))
    });
    let events = fm
        .events
        .iter()
        .flat_map(|e| e.sources.iter().map(|s| source_key(s.get_ref())));
    let facts = fm.facts.iter().flat_map(|f| &f.sources);
    let corrections = fm.corrections.iter().flat_map(|c| &c.sources);
    let stated = facts.chain(corrections).map(|s| source_key(s.get_ref()));
    links
        .chain(citations)
        .chain(relations)
        .chain(events)
        .chain(stated)
        .collect()
}

/// Each name, with the pages looking it up: ids in order, each once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lookups(HashMap<String, Vec<PageId>>);

/// Puts `id` among `ids` (in order, each once).
fn insert(ids: &mut Vec<PageId>, id: PageId) {
    if let Err(at) = ids.binary_search(&id) {
        ids.insert(at, id);
    }
}

impl Lookups {
    pub fn new(pages: &[Page], analyses: &[Arc<Analysis>]) -> Lookups {
        // Each page's keys in parallel: making them is most of the work.
        let keys: Vec<BTreeSet<String>> = (pages.par_iter().zip(analyses))
            .map(|(p, a)| keys(p, a))
            .collect();
        let mut l = Lookups::default();
        for (id, keys) in keys.into_iter().enumerate() {
            for key in keys {
                insert(l.0.entry(key).or_default(), id);
            }
        }
        l
    }

    /// The lookups of a rebuild's pages, made from the last build's in place: `was` gives
    /// each page's id in the last build if it was kept from it (then its lookups are the
    /// same), and the pages that came are added. Page ids keep their order, so each list
    /// stays in order as it is renumbered.
    pub fn again(
        mut self,
        was: &[Option<PageId>],
        pages: &[Page],
        analyses: &[Arc<Analysis>],
    ) -> Lookups {
        let last = was.iter().flatten().max().map_or(0, |&o| o + 1);
        let now = super::ids_now(was, last);
        self.0.retain(|_, ids| {
            ids.retain_mut(|o| match now.get(*o).copied().flatten() {
                Some(id) => {
                    *o = id;
                    true
                }
                None => false,
            });
            !ids.is_empty()
        });
        for (id, _) in was.iter().enumerate().filter(|(_, w)| w.is_none()) {
            self.add(id, &pages[id], &analyses[id]);
        }
        self
    }

    pub fn add(&mut self, id: PageId, page: &Page, analysis: &Analysis) {
        for key in keys(page, analysis) {
            insert(self.0.entry(key).or_default(), id);
        }
    }

    pub fn remove(&mut self, id: PageId, page: &Page, analysis: &Analysis) {
        for key in keys(page, analysis) {
            if let Some(ids) = self.0.get_mut(&key) {
                if let Ok(at) = ids.binary_search(&id) {
                    ids.remove(at);
                }
            }
        }
    }

    /// The pages that look up any of `names`.
    pub fn pages_looking_up<'a>(
        &'a self,
        names: &'a BTreeSet<String>,
    ) -> impl Iterator<Item = PageId> + 'a {
        names
            .iter()
            .filter_map(|n| self.0.get(n))
            .flatten()
            .copied()
    }
}

//! The name index of a rebuild whose pages came, went or moved, made from the last build's
//! rather than afresh: the ids of the pages kept are renumbered, the keys of the pages that
//! went dropped with them, and only the pages that came (or were read again) have their
//! keys made and put in. It comes out as `Resolver::new` makes it (tested below).

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use super::{document_keys, name_keys, path_key, source_key, DocumentId, Resolver, Suggestions};
use crate::content::{Page, PageId};

impl Resolver {
    /// The index of `pages`, from this one (the last build's): `was` gives each page's id
    /// in the last build if it is that build's page, not read again. `None` when a key
    /// that names one page (a path, a source's slug, a document's path) would name two:
    /// which of them it finds is for `new` to say.
    pub fn again(&self, pages: &[Page], was: &[Option<PageId>]) -> Option<Resolver> {
        if !self.unique {
            return None;
        }
        let last = was.iter().flatten().max().map_or(0, |&o| o + 1);
        let now = super::ids_now(was, last);
        let renumber = |o: PageId| now.get(o).copied().flatten();
        let came: Vec<PageId> = (0..pages.len()).filter(|&i| was[i].is_none()).collect();

        let (by_name, rest) = rayon::join(
            || {
                lists_again(&self.by_name, renumber, {
                    (came.iter())
                        .flat_map(|&i| name_keys(&pages[i]).into_iter().map(move |k| (k, i)))
                })
            },
            || {
                let by_path = unique_again(&self.by_path, renumber, {
                    came.iter().map(|&i| (path_key(&pages[i]), i))
                })?;
                let by_rel = unique_again(&self.by_rel, renumber, {
                    came.iter().map(|&i| (pages[i].rel.clone(), i))
                })?;
                let sources = unique_again(&self.sources, renumber, {
                    (came.iter()).filter_map(|&i| Some((source_key(&pages[i])?, i)))
                })?;
                let renumber_document = |(o, n): DocumentId| Some((renumber(o)?, n));
                let documents_by_rel = unique_again(&self.documents_by_rel, renumber_document, {
                    (came.iter()).flat_map(|&i| document_keys(i, &pages[i]).map(|(_, r, d)| (r, d)))
                })?;
                let documents_by_name = lists_again(&self.documents_by_name, renumber_document, {
                    (came.iter()).flat_map(|&i| document_keys(i, &pages[i]).map(|(n, _, d)| (n, d)))
                });
                Some((
                    by_path,
                    by_rel,
                    sources,
                    documents_by_rel,
                    documents_by_name,
                ))
            },
        );
        let (by_path, by_rel, sources, documents_by_rel, documents_by_name) = rest?;
        Some(Resolver {
            by_path,
            by_rel: Arc::new(by_rel),
            by_name,
            sources,
            drafts: HashMap::new(),
            suggestions: Suggestions::default(),
            documents_by_name,
            documents_by_rel,
            unique: true,
        })
    }
}

/// A map of keys to the things they name (in order, as `new` pushes them), from the last
/// build's: the things kept renumbered, the rest dropped, and `came` put in.
fn lists_again<V: Copy + Ord, S: BuildHasher + Clone>(
    map: &HashMap<String, Vec<V>, S>,
    renumber: impl Fn(V) -> Option<V>,
    came: impl Iterator<Item = (String, V)>,
) -> HashMap<String, Vec<V>, S> {
    let mut map = map.clone();
    map.retain(|_, ids| {
        ids.retain_mut(|v| renumber(*v).map(|n| *v = n).is_some());
        // Pages kept keep their order, unless a section read again sorts its pages
        // another way.
        if !ids.is_sorted() {
            ids.sort_unstable();
        }
        !ids.is_empty()
    });
    for (key, v) in came {
        let ids = map.entry(key).or_default();
        if let Err(at) = ids.binary_search(&v) {
            ids.insert(at, v);
        }
    }
    map
}

/// A map whose keys each name one thing, from the last build's: the things kept renumbered,
/// the rest dropped (no other thing had their keys), and `came` put in. `None` if a key of
/// `came` is already taken.
fn unique_again<V: Copy, S: BuildHasher + Clone>(
    map: &HashMap<String, V, S>,
    renumber: impl Fn(V) -> Option<V>,
    came: impl Iterator<Item = (String, V)>,
) -> Option<HashMap<String, V, S>> {
    let mut map = map.clone();
    map.retain(|_, v| renumber(*v).map(|n| *v = n).is_some());
    for (key, v) in came {
        if map.insert(key, v).is_some() {
            return None;
        }
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{parse_page, Document};

    fn page(rel: &str, front_matter: &str) -> Page {
        let mut page = parse_page(rel, format!("+++\n{front_matter}\n+++\nText.\n")).unwrap();
        if let Some(bundle) = rel.strip_suffix("/index.md") {
            for name in ["scan.pdf", "Data.csv"] {
                let rel = format!("{bundle}/{name}");
                page.documents.push(Document::new(&rel, format!("/{rel}")));
            }
        }
        page
    }

    /// A site with every kind of key: titles and `aka`s shared by several pages, sources,
    /// a translation, bundles with documents of the same names.
    fn site() -> Vec<Page> {
        vec![
            page("notes/a.md", "title = \"Alpha\"\naka = [\"First\"]"),
            page("notes/b.md", "title = \"Beta\"\naka = [\"First\"]"),
            page("notes/b.fr.md", "title = \"Bêta\""),
            page("notes/c/index.md", "title = \"Gamma\""),
            page("sources/s1.md", "title = \"One source\"\nkind = \"source\""),
            page(
                "sources/s2.md",
                "title = \"Two\"\nkind = \"source\"\naka = [\"Beta\"]",
            ),
            page("notes/d/index.md", "title = \"Delta\""),
            page("notes/e.md", "title = \"Epsilon\""),
        ]
    }

    fn assert_same(again: &Resolver, new: &Resolver) {
        assert_eq!(again.by_name, new.by_name);
        assert_eq!(again.by_path, new.by_path);
        assert_eq!(*again.by_rel, *new.by_rel);
        assert_eq!(again.sources, new.sources);
        assert_eq!(again.documents_by_name, new.documents_by_name);
        assert_eq!(again.documents_by_rel, new.documents_by_rel);
        assert_eq!(again.unique, new.unique);
    }

    #[test]
    fn pages_that_come_and_go_give_the_index_a_fresh_one_would() {
        let old = site();
        let last = Resolver::new(&old);
        // b, its translation and the bundle c go; a new page and a new bundle come in
        // between; s2 is read again under another title; the rest are kept.
        let mut pages = vec![
            old[0].clone(),
            page("notes/aa.md", "title = \"Between\"\naka = [\"First\"]"),
            page("notes/cc/index.md", "title = \"Gamma\""),
            old[4].clone(),
            page("sources/s2.md", "title = \"Second\"\nkind = \"source\""),
            old[6].clone(),
            old[7].clone(),
        ];
        let was = [Some(0), None, None, Some(4), None, Some(6), Some(7)];
        let again = last.again(&pages, &was).expect("no key names two pages");
        assert_same(&again, &Resolver::new(&pages));

        // And again from that one: the new bundle goes.
        pages.remove(2);
        let was = [Some(0), Some(1), Some(3), Some(4), Some(5), Some(6)];
        let again = again.again(&pages, &was).expect("no key names two pages");
        assert_same(&again, &Resolver::new(&pages));

        // Pages kept in another order (a section read again sorts them otherwise): lists
        // of ids stay in order.
        pages.swap(0, 1);
        let was = [Some(1), Some(0), Some(2), Some(3), Some(4), Some(5)];
        assert_same(&again.again(&pages, &was).unwrap(), &Resolver::new(&pages));
    }

    #[test]
    fn a_key_that_would_name_two_pages_is_left_to_a_fresh_index() {
        let old = site();
        let last = Resolver::new(&old);
        // A page at c's address (a file beside the bundle), a second file for d; a
        // translation of s1 has a key of its own.
        for (came, shared) in [
            (page("notes/c.md", "title = \"Gamma again\""), true),
            (page("notes/d/index.md", "title = \"Delta\""), true),
            (
                page("sources/s1.fr.md", "title = \"Une\"\nkind = \"source\""),
                false,
            ),
        ] {
            let mut pages = old.clone();
            pages.push(came);
            let was: Vec<Option<PageId>> = (0..pages.len())
                .map(|i| (i < old.len()).then_some(i))
                .collect();
            match last.again(&pages, &was) {
                Some(again) => {
                    assert!(!shared);
                    assert_same(&again, &Resolver::new(&pages));
                }
                None => assert!(shared),
            }
        }
        // An index with a key naming two pages is never renumbered.
        let mut pages = old.clone();
        pages.push(page("notes/c.md", "title = \"Gamma again\""));
        let shared = Resolver::new(&pages);
        assert!(!shared.unique);
        let was: Vec<Option<PageId>> = (0..pages.len()).map(Some).collect();
        assert!(shared.again(&pages, &was).is_none());
    }
}

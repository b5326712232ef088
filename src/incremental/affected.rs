//! Which pages' views a change of the site's shape can reach, so that a rebuild after pages
//! come, go or are renamed fingerprints those views only rather than all of them.
//!
//! A page's view (`render::context::page_view`) shows the page itself, its Markdown, its
//! ancestors, the pages linking to it or citing it (with their words around the link), the
//! sources it cites, its relations and events with their sources, its facts' and
//! corrections' sources, its translations, its documents and, for a section, its pages. So a
//! view can change only if the page was read again, its Markdown was rendered again, or one
//! of those other pages was read or rendered again, came or went. Those are its neighbours in the last
//! build's graph (for pages that went or changed) and in the new one (for pages that came or
//! changed), and the sections above any page whose view may have changed.

use crate::content::PageId;
use crate::library::Library;
use crate::resolve::Resolved;

/// The pages of a rebuild, in the new library's ids, whose view may differ from the last
/// build's. `old_ids` (each page's id in the last build, if it was there), `read_again`
/// and `rerendered` are by new id.
pub(super) fn pages(
    old: &Library,
    new: &Library,
    old_ids: &[Option<PageId>],
    read_again: &[bool],
    rerendered: &[bool],
) -> Vec<bool> {
    let n = new.pages.len();
    // Each page of the last build's id now, if it is still there.
    let new_ids = crate::resolve::ids_now(old_ids, old.pages.len());
    let mut affected = vec![false; n];
    // Pages read again, new, or whose Markdown was rendered again (the words around their
    // links, which the pages they link to or cite show, may have changed), by new id; pages
    // gone or read or rendered again, by old id.
    let changed = |id: PageId| read_again[id] || rerendered[id];
    let came: Vec<PageId> = (0..n).filter(|&id| changed(id)).collect();
    let went: Vec<PageId> = (0..old.pages.len())
        .filter(|&o| new_ids[o].is_none_or(changed))
        .collect();
    for id in 0..n {
        let page = &new.pages[id];
        let was = old_ids[id].map(|o| &old.pages[o]);
        affected[id] = read_again[id]
            || rerendered[id]
            || was.is_none_or(|was| was.documents != page.documents);
    }
    let old_neighbours = neighbours(old, &went)
        .into_iter()
        .filter_map(|o| new_ids[o]);
    for id in neighbours(new, &came).into_iter().chain(old_neighbours) {
        affected[id] = true;
    }
    // The sections above a changed page list it (or a section that lists it); a section
    // read again is every page's below it in their breadcrumbs.
    for &id in &came {
        if read_again[id] && new.pages[id].is_section {
            descendants(new, id, &mut affected);
        }
    }
    // A page gone (or moved) is no longer in its old section's listing.
    for &o in &went {
        if let Some(id) = old.pages[o].parent.and_then(|s| new_ids[s]) {
            affected[id] = true;
        }
    }
    for id in 0..n {
        if affected[id] {
            let mut parent = new.pages[id].parent;
            while let Some(s) = parent {
                affected[s] = true;
                parent = new.pages[s].parent;
            }
        }
    }
    affected
}

/// The pages whose view shows one of `pages` in `lib`: what they link to, cite, relate to
/// and are related to, the pages linking to or citing them, the pages stating them as a
/// source of a fact, correction, relation or event, and their translations.
fn neighbours(lib: &Library, pages: &[PageId]) -> Vec<PageId> {
    if pages.is_empty() {
        return Vec::new();
    }
    let mut is_one = vec![false; lib.pages.len()];
    for &p in pages {
        is_one[p] = true;
    }
    let g: &Resolved = &lib.resolved;
    let mut out = Vec::new();
    for &p in pages {
        out.extend(g.outgoing[p].iter().copied());
        out.extend(g.references[p].iter().map(|r| r.source));
        out.extend(g.backlinks[p].iter().map(|b| b.from));
        out.extend(g.cited_by[p].iter().map(|c| c.page));
        out.extend(lib.translations.get(p).into_iter().flatten().copied());
    }
    for r in &g.relations {
        if is_one[r.from] || is_one[r.to] || r.sources.iter().any(|&s| is_one[s]) {
            out.extend([r.from, r.to]);
        }
    }
    for e in &g.events {
        if is_one[e.page] || e.sources.iter().any(|&s| is_one[s]) {
            out.push(e.page);
        }
    }
    out.extend(g.stating(&is_one));
    out
}

/// Marks every page and section under section `section`.
fn descendants(lib: &Library, section: PageId, affected: &mut [bool]) {
    let p = &lib.pages[section];
    for &child in p.pages.iter().chain(&p.subsections) {
        affected[child] = true;
        if lib.pages[child].is_section {
            descendants(lib, child, affected);
        }
    }
}

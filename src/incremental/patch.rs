//! Edits of existing pages that keep the site's shape, patched into the library in place.
//!
//! An edited page changes what it says (links, citations, relations, events: its
//! contributions to other pages' lists) and may change how others see it (title, description,
//! headings). So: re-resolve the edited pages and those whose lookups meet a name they gained
//! or lost; the lists they contribute to (backlinks, cited by) are rebuilt by re-resolving
//! every page contributing to them, which `resolve_pages` makes exact; then re-render the
//! Markdown of pages whose resolutions changed, and the templates of pages whose view changed.
//! Everything is swapped in, so an error swaps it all back and the last good site stays.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use super::{fingerprint, gather, library_mut, lookups, render_pages, Bytes, Reach, State};
use crate::content::{read_page, Page, PageId};
use crate::diagnostic::Diagnostics;
use crate::library::Library;
use crate::markdown::{analyze, render as render_markdown, Analysis, Rendered, Resolution};
use crate::resolve::{resolve_with, sort_events, Backlink, Citing, Graph, Reference, Relation};
use crate::resolve::{Resolver, StatedSources, TimelineEvent};

/// New values for parts of a library. Swapping it in leaves the old values in it, so
/// swapping it in again restores the library.
#[derive(Default)]
struct Patch {
    pages: Vec<(PageId, Page)>,
    analyses: Vec<(PageId, Analysis)>,
    rendered: Vec<(PageId, Rendered)>,
    resolutions: Vec<(PageId, Resolution)>,
    outgoing: Vec<(PageId, Vec<PageId>)>,
    references: Vec<(PageId, Vec<Reference>)>,
    stated: Vec<(PageId, StatedSources)>,
    backlinks: Vec<(PageId, Vec<Backlink>)>,
    cited_by: Vec<(PageId, Vec<Citing>)>,
    relations: Option<Vec<Relation>>,
    events: Option<Vec<TimelineEvent>>,
}

fn swap_all<T>(entries: &mut [(PageId, T)], target: &mut [T]) {
    for (id, value) in entries {
        std::mem::swap(&mut target[*id], value);
    }
}

impl Patch {
    fn swap(&mut self, lib: &mut Library) {
        swap_all(&mut self.pages, &mut lib.pages);
        swap_all(&mut self.analyses, &mut lib.analyses);
        swap_all(&mut self.rendered, &mut lib.rendered);
        let g = &mut lib.graph;
        swap_all(&mut self.resolutions, &mut g.resolutions);
        swap_all(&mut self.outgoing, &mut g.outgoing);
        swap_all(&mut self.references, &mut g.references);
        swap_all(&mut self.stated, &mut g.stated);
        swap_all(&mut self.backlinks, &mut g.backlinks);
        swap_all(&mut self.cited_by, &mut g.cited_by);
        if let Some(r) = &mut self.relations {
            std::mem::swap(&mut g.relations, r);
        }
        if let Some(e) = &mut self.events {
            std::mem::swap(&mut g.events, e);
        }
    }
}

/// Moves the entries `ids` out of a list indexed by page.
fn take<T: Default>(ids: &BTreeSet<PageId>, list: &mut [T]) -> Vec<(PageId, T)> {
    ids.iter()
        .map(|&p| (p, std::mem::take(&mut list[p])))
        .collect()
}

fn same_resolution(a: &Resolution, b: &Resolution) -> bool {
    a.links == b.links && a.citations == b.citations
}

/// The pages whose lists `page` contributes to: what it links to, cites, relates to.
fn targets(graph: &Graph, page: PageId) -> impl Iterator<Item = PageId> + '_ {
    graph.outgoing[page]
        .iter()
        .copied()
        .chain(graph.references[page].iter().map(|r| r.source))
        .chain(graph.relations_from(page).map(|r| r.to))
}

/// The pages contributing to `page`'s lists: what links to it, cites it or relates to it.
fn contributors(graph: &Graph, page: PageId) -> impl Iterator<Item = PageId> + '_ {
    graph.backlinks[page]
        .iter()
        .map(|b| b.from)
        .chain(graph.cited_by[page].iter().map(|c| c.page))
}

/// A section and every page and section under it.
fn descendants(lib: &Library, section: PageId, out: &mut BTreeSet<PageId>) {
    let p = &lib.pages[section];
    for &child in p.pages.iter().chain(&p.subsections) {
        if out.insert(child) {
            descendants(lib, child, out);
        }
    }
}

fn front_matter(page: &Page) -> &str {
    &page.text[..page.body_offset]
}

/// Reads the edited files; `None` if one changed its URL or draft flag (the site's shape).
fn read(
    lib: &Library,
    content_dir: &Path,
    edited: &[(PageId, &str)],
) -> Result<Option<Vec<(PageId, Page)>>, Diagnostics> {
    let results: Vec<Result<(PageId, Page), Diagnostics>> = edited
        .par_iter()
        .map(|&(id, rel)| Ok((id, read_page(content_dir, rel)?)))
        .collect();
    let pages = gather(results)?;
    let mut changed = Vec::new();
    for (id, mut page) in pages {
        let old = &lib.pages[id];
        if page.path != old.path
            || page.output != old.output
            || page.front_matter.draft != old.front_matter.draft
        {
            return Ok(None);
        }
        if page.text == old.text {
            continue;
        }
        page.parent = old.parent;
        page.pages = old.pages.clone();
        page.subsections = old.subsections.clone();
        page.documents = old.documents.clone();
        changed.push((id, page));
    }
    changed.sort_by_key(|(id, _)| *id);
    Ok(Some(changed))
}

/// Applies edits of existing pages and renders the pages whose output may have changed.
/// `None`: the edits change the site's shape, and nothing was done.
pub(super) fn run(
    state: &mut State,
    content_dir: &Path,
    edited: &[(PageId, &str)],
) -> Result<Option<Vec<(PageId, Bytes)>>, Diagnostics> {
    let Some(pages) = read(&state.lib, content_dir, edited)? else {
        return Ok(None);
    };
    if pages.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let edited: Vec<PageId> = pages.iter().map(|(id, _)| *id).collect();
    let analyses: Vec<(PageId, Analysis)> = pages
        .par_iter()
        .map(|(id, p)| (*id, analyze(p.body())))
        .collect();

    // Pages whose lookups may now find another page: those looking up a name that changed.
    let mut renamed = BTreeSet::new();
    let mut face_changed = BTreeSet::new();
    for (id, page) in &pages {
        let old = &state.lib.pages[*id];
        let (before, after) = (lookups::names(old), lookups::names(page));
        if before != after {
            renamed.extend(before);
            renamed.extend(after);
        }
        if front_matter(old) != front_matter(page) {
            face_changed.insert(*id);
        }
    }
    let mut s0: BTreeSet<PageId> = edited.iter().copied().collect();
    s0.extend(state.lookups.pages_looking_up(&renamed));
    // What links to a page shows its title, and so do the contexts that linking page gives
    // all its backlinks and citations (an unlabelled wikilink reads as the title).
    for &id in &face_changed {
        s0.extend(contributors(&state.lib.graph, id));
    }

    let mut content = Patch {
        pages,
        analyses,
        ..Patch::default()
    };
    let lib = library_mut(&mut state.lib, &mut state.renderer);
    content.swap(lib);
    // Plain links of every page: an edit may take away the heading another page links to.
    let files = crate::site::site_files(&lib.config, &state.theme, &lib.pages, &state.assets);
    let broken = crate::link_check::check(&lib.pages, &lib.analyses, &files, &lib.config.base_url);
    if !broken.is_empty() {
        content.swap(lib);
        return Err(super::diagnostics(broken));
    }
    // A renamed page changes the index every lookup goes through.
    let mut resolver = (!renamed.is_empty()).then(|| Resolver::new(&lib.pages));
    let resolved = resolve(
        lib,
        resolver.as_ref().unwrap_or(&state.resolver),
        &s0,
        &edited,
        &face_changed,
    );
    let (mut graph, candidates, listings) = match resolved {
        Ok(r) => r,
        Err(e) => {
            content.swap(lib);
            return Err(e);
        }
    };
    graph.swap(lib);
    // An edit may add a tag, and so a tag page `get_url` may ask for.
    lib.site_files = std::sync::Arc::new(files);
    if let Some(r) = &mut resolver {
        std::mem::swap(r, &mut state.resolver);
    }

    // A page's template follows its front matter (`template`, `kind`).
    let old_templates: Vec<(PageId, String)> = edited
        .iter()
        .map(|&id| (id, state.page_templates[id].clone()))
        .collect();
    if !face_changed.is_empty() {
        let renderer = state.renderer()?;
        let names: Vec<String> = edited
            .iter()
            .map(|&id| renderer.template_for(id).unwrap_or_default())
            .collect();
        for (&id, name) in edited.iter().zip(names) {
            state.page_templates[id] = name;
        }
    }

    // Render the pages whose view changed (listings of changed Markdown did), whose
    // template changed, or whose template sees more than their view.
    let sections = fingerprint::sections(&state.lib);
    let lib = &state.lib;
    let prints: Vec<(PageId, u64)> = candidates
        .par_iter()
        .filter(|id| !listings.contains(id))
        .map(|&id| (id, fingerprint::page(lib, id)))
        .collect();
    let mut render: BTreeSet<PageId> = prints
        .iter()
        .filter(|(id, fp)| state.fingerprints[*id] != Some(*fp))
        .map(|(id, _)| *id)
        .collect();
    render.extend(&listings);
    render.extend(
        old_templates
            .iter()
            .filter(|(id, t)| state.page_templates[*id] != *t)
            .map(|(id, _)| *id),
    );
    render.extend(state.site_wide_pages());
    if sections != state.sections {
        render.extend((0..lib.pages.len()).filter(|&id| state.reach(id) == Reach::Sections));
    }
    let render: Vec<PageId> = render.into_iter().collect();
    let rendered = match &state.renderer {
        Some(r) => render_pages(r, &render),
        None => state
            .renderer_for(&render)
            .and_then(|r| render_pages(&r, &render)),
    };
    match rendered {
        Ok(rendered) => {
            for (id, fp) in prints {
                state.fingerprints[id] = Some(fp);
            }
            for &id in &listings {
                state.fingerprints[id] = None;
            }
            state.sections = sections;
            for ((id, page), (_, analysis)) in content.pages.iter().zip(&content.analyses) {
                state.lookups.remove(*id, page, analysis);
                let lib = &state.lib;
                state.lookups.add(*id, &lib.pages[*id], &lib.analyses[*id]);
            }
            Ok(Some(rendered))
        }
        Err(e) => {
            for (id, t) in old_templates {
                state.page_templates[id] = t;
            }
            if let Some(r) = &mut resolver {
                std::mem::swap(r, &mut state.resolver);
            }
            let lib = library_mut(&mut state.lib, &mut state.renderer);
            graph.swap(lib);
            content.swap(lib);
            Err(e)
        }
    }
}

/// Re-resolves the pages `s0` and every page contributing to a list they touch, and
/// re-renders Markdown whose resolutions changed. Returns the graph and Markdown patch (not
/// applied) and the pages whose view may have changed.
fn resolve(
    lib: &Library,
    resolver: &Resolver,
    s0: &BTreeSet<PageId>,
    edited: &[PageId],
    face_changed: &BTreeSet<PageId>,
) -> Result<(Patch, BTreeSet<PageId>, BTreeSet<PageId>), Diagnostics> {
    let permalink = |path: &str| lib.config.permalink(path);
    let pages = &lib.pages;
    let first = resolve_with(
        resolver,
        pages,
        &lib.analyses,
        s0.iter().copied(),
        &permalink,
    );
    if !first.1.is_empty() {
        return Err(super::diagnostics(first.1));
    }
    let old = &lib.graph;
    let mut touched: BTreeSet<PageId> = s0.clone();
    for &p in s0 {
        touched.extend(targets(old, p));
        touched.extend(targets(&first.0, p));
    }
    let mut s: BTreeSet<PageId> = s0.clone();
    for &t in &touched {
        s.extend(contributors(old, t));
    }
    let (new, errors) = if s == *s0 {
        first
    } else {
        resolve_with(
            resolver,
            pages,
            &lib.analyses,
            s.iter().copied(),
            &permalink,
        )
    };
    if !errors.is_empty() {
        return Err(super::diagnostics(errors));
    }

    let remarked: Vec<PageId> = s
        .iter()
        .copied()
        .filter(|&p| {
            edited.contains(&p) || !same_resolution(&new.resolutions[p], &old.resolutions[p])
        })
        .collect();
    let rendered: Vec<(PageId, Rendered)> = remarked
        .par_iter()
        .map(|&p| {
            let page = &lib.pages[p];
            (
                p,
                render_markdown(page.body(), &lib.analyses[p], &new.resolutions[p]),
            )
        })
        .collect();

    // Pages whose view may show the change: the edited pages, the lists they touch, the
    // pages whose Markdown changed; if a title or other front matter changed, every page
    // showing it (links, references, ancestors). The sections listing pages whose Markdown
    // changed show it (content, summary, word count): their views changed for sure.
    let mut candidates: BTreeSet<PageId> = touched.iter().chain(&remarked).copied().collect();
    if !face_changed.is_empty() {
        candidates.extend(&s);
    }
    let listings: BTreeSet<PageId> = remarked
        .iter()
        .filter_map(|&p| lib.pages[p].parent)
        .collect();
    for &p in face_changed {
        if lib.pages[p].is_section {
            descendants(lib, p, &mut candidates);
        }
    }
    let edited_set: BTreeSet<PageId> = edited.iter().copied().collect();
    for r in old.relations.iter().chain(&new.relations) {
        if r.sources.iter().any(|x| edited_set.contains(x)) {
            candidates.extend([r.from, r.to]);
        }
    }

    let relations = old
        .relations
        .iter()
        .filter(|r| !s.contains(&r.from))
        .cloned()
        .chain(new.relations.iter().cloned());
    let mut relations: Vec<Relation> = relations.collect();
    relations.sort_by_key(|r| r.from);
    let mut events: Vec<TimelineEvent> = old
        .events
        .iter()
        .filter(|e| !s.contains(&e.page))
        .cloned()
        .chain(new.events.iter().cloned())
        .collect();
    sort_events(&mut events, &lib.pages);

    let mut new = new;
    let patch = Patch {
        rendered,
        resolutions: take(&s, &mut new.resolutions),
        outgoing: take(&s, &mut new.outgoing),
        references: take(&s, &mut new.references),
        stated: take(&s, &mut new.stated),
        backlinks: take(&touched, &mut new.backlinks),
        cited_by: take(&touched, &mut new.cited_by),
        relations: Some(relations),
        events: Some(events),
        ..Patch::default()
    };
    Ok((patch, candidates, listings))
}

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
use std::sync::Arc;

use rayon::prelude::*;

use super::{fingerprint, gather, library_mut, render_pages, Bytes, Reach, State};
use crate::content::{read_page, Page, PageId};
use crate::diagnostic::Diagnostics;
use crate::library::Library;
use crate::markdown::{analyze, render_with, Analysis, Rendered, Resolution, Settings};
use crate::resolve::lookups;
use crate::resolve::{resolve_with, sort_events, Backlink, Citing, Reference, Relation, Resolved};
use crate::resolve::{Resolver, StatedSources, TimelineEvent};

/// New values for parts of a library. Swapping it in leaves the old values in it, so
/// swapping it in again restores the library.
#[derive(Default)]
struct Patch {
    pages: Vec<(PageId, Page)>,
    analyses: Vec<(PageId, Arc<Analysis>)>,
    rendered: Vec<(PageId, Arc<Rendered>)>,
    resolutions: Vec<(PageId, Arc<Resolution>)>,
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
        let g = &mut lib.resolved;
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

/// Patches applied to the live state, undone when dropped unless committed: any error on
/// the way (a `?`) leaves the last good site exactly as it was.
struct Transaction<'a> {
    state: &'a mut State,
    /// Applied in order; undone in reverse.
    patches: Vec<Patch>,
    /// The resolver and site files replaced, to put back.
    resolver: Option<Resolver>,
    site_files: Option<std::sync::Arc<crate::link_check::SiteFiles>>,
    /// Page templates replaced, with their old names.
    templates: Vec<(PageId, String)>,
    committed: bool,
}

impl<'a> Transaction<'a> {
    fn new(state: &'a mut State) -> Transaction<'a> {
        Transaction {
            state,
            patches: Vec::new(),
            resolver: None,
            site_files: None,
            templates: Vec::new(),
            committed: false,
        }
    }

    fn lib(&mut self) -> &mut Library {
        library_mut(&mut self.state.lib, &mut self.state.renderer)
    }

    fn apply(&mut self, mut patch: Patch) {
        patch.swap(self.lib());
        self.patches.push(patch);
    }

    fn replace_resolver(&mut self, mut resolver: Resolver) {
        std::mem::swap(&mut resolver, &mut self.state.resolver);
        self.resolver.get_or_insert(resolver);
    }

    fn replace_site_files(&mut self, files: crate::link_check::SiteFiles) {
        let old = std::mem::replace(&mut self.lib().site_files, std::sync::Arc::new(files));
        self.site_files.get_or_insert(old);
    }

    fn set_template(&mut self, id: PageId, name: String) {
        let old = std::mem::replace(&mut self.state.page_templates[id], name);
        self.templates.push((id, old));
    }

    fn commit(mut self) {
        self.committed = true;
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for (id, name) in self.templates.drain(..).rev() {
            self.state.page_templates[id] = name;
        }
        if let Some(resolver) = self.resolver.take() {
            self.state.resolver = resolver;
        }
        let mut patches = std::mem::take(&mut self.patches);
        let site_files = self.site_files.take();
        let lib = self.lib();
        for patch in patches.iter_mut().rev() {
            patch.swap(lib);
        }
        if let Some(files) = site_files {
            lib.site_files = files;
        }
    }
}

/// Moves the entries `ids` out of a list indexed by page.
fn take<T: Default>(ids: &BTreeSet<PageId>, list: &mut [T]) -> Vec<(PageId, T)> {
    ids.iter()
        .map(|&p| (p, std::mem::take(&mut list[p])))
        .collect()
}

/// The pages whose lists `page` contributes to: what it links to, cites, relates to.
fn targets(resolved: &Resolved, page: PageId) -> impl Iterator<Item = PageId> + '_ {
    resolved.outgoing[page]
        .iter()
        .copied()
        .chain(resolved.references[page].iter().map(|r| r.source))
        .chain(resolved.relations_from(page).map(|r| r.to))
}

/// The pages contributing to `page`'s lists: what links to it, cites it or relates to it.
fn contributors(resolved: &Resolved, page: PageId) -> impl Iterator<Item = PageId> + '_ {
    resolved.backlinks[page]
        .iter()
        .map(|b| b.from)
        .chain(resolved.cited_by[page].iter().map(|c| c.page))
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

/// Reads the edited files and expands their shortcodes; `None` if one changed its URL or
/// draft flag (the site's shape).
fn read(
    state: &State,
    (root, folder): (&Path, &str),
    edited: &[(PageId, &str)],
) -> Result<Option<Vec<(PageId, Page)>>, Diagnostics> {
    let lib = &state.lib;
    let results: Vec<Result<(PageId, Page), Diagnostics>> = edited
        .par_iter()
        .map(|&(id, rel)| Ok((id, read_page(root, folder, rel)?)))
        .collect();
    let (ids, mut read): (Vec<PageId>, Vec<Page>) = gather(results)?.into_iter().unzip();
    let theme = &state.theme;
    let images = &state.html.images;
    crate::stages::expand_shortcodes_of(root, folder, theme, images, &mut read, &|_| true)?;
    let mut changed = Vec::new();
    for (id, mut page) in ids.into_iter().zip(read) {
        let old = &lib.pages[id];
        if page.path != old.path
            || page.output != old.output
            || page.front_matter.draft != old.front_matter.draft
        {
            return Ok(None);
        }
        if page.text == old.text && page.shortcodes == old.shortcodes {
            continue;
        }
        page.parent = old.parent;
        page.pages = old.pages.clone();
        page.subsections = old.subsections.clone();
        page.documents = old.documents.clone();
        if let Some(record) = &old.record {
            crate::content::records::merge(&mut page, record.clone());
        }
        changed.push((id, page));
    }
    changed.sort_by_key(|(id, _)| *id);
    Ok(Some(changed))
}

/// Applies edits of existing pages and renders the pages whose output may have changed.
/// `None`: the edits change the site's shape, and nothing was done. `content` is the site's
/// folder and its content folder as site.toml names it.
pub(super) fn run(
    state: &mut State,
    content: (&Path, &str),
    edited: &[(PageId, &str)],
) -> Result<Option<Vec<(PageId, Bytes)>>, Diagnostics> {
    let Some(pages) = read(state, content, edited)? else {
        return Ok(None);
    };
    if pages.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let edited: Vec<PageId> = pages.iter().map(|(id, _)| *id).collect();
    let analyses: Vec<(PageId, Arc<Analysis>)> = pages
        .par_iter()
        .map(|(id, p)| (*id, Arc::new(analyze(p.body()))))
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
        s0.extend(contributors(&state.lib.resolved, id));
    }

    // The files the build writes follow the pages' front matter and inline tags, not the
    // rest of their bodies: an edit of bodies alone keeps them.
    let same_files = face_changed.is_empty()
        && (pages.iter())
            .all(|(id, p)| p.front_matter.tags == state.lib.pages[*id].front_matter.tags);

    let mut txn = Transaction::new(state);
    txn.apply(Patch {
        pages,
        analyses,
        ..Patch::default()
    });
    // Plain links of every page: an edit may take away the heading another page links to.
    let lib = &txn.state.lib;
    let files = (!same_files).then(|| {
        crate::site::site_files(&lib.config, &txn.state.theme, &lib.pages, &txn.state.assets)
    });
    let checked = files.as_ref().unwrap_or(&lib.site_files);
    let broken = crate::link_check::check(&lib.pages, &lib.analyses, checked, &lib.config.base_url);
    if !broken.is_empty() {
        return Err(super::diagnostics(broken));
    }
    // A renamed page changes the index every lookup goes through: the edited pages' keys
    // are made again, the others' kept, and so are the drafts left out.
    let resolver = (!renamed.is_empty()).then(|| {
        let mut was: Vec<Option<PageId>> = (0..lib.pages.len()).map(Some).collect();
        for &id in &edited {
            was[id] = None;
        }
        let last = &txn.state.resolver;
        (last.again(&lib.pages, &was))
            .unwrap_or_else(|| Resolver::new(&lib.pages))
            .with_drafts_of(last)
    });
    let (graph, candidates, listings) = resolve(
        (lib, &txn.state.html.images),
        resolver.as_ref().unwrap_or(&txn.state.resolver),
        &s0,
        &edited,
        &face_changed,
    )?;
    txn.apply(graph);
    // An edit may add a tag, and so a tag page `get_url` may ask for.
    if let Some(files) = files {
        txn.replace_site_files(files);
    }
    if let Some(r) = resolver {
        txn.replace_resolver(r);
    }

    // A page's template follows its front matter (`template`, `kind`).
    let old_templates: Vec<(PageId, String)> = edited
        .iter()
        .map(|&id| (id, txn.state.page_templates[id].clone()))
        .collect();
    if !face_changed.is_empty() {
        let renderer = txn.state.renderer();
        let names: Vec<String> = edited
            .iter()
            .map(|&id| renderer.template_for(id).unwrap_or_default())
            .collect();
        for (&id, name) in edited.iter().zip(names) {
            txn.set_template(id, name);
        }
    }

    // Render the pages whose view changed (listings of changed Markdown did), whose
    // template changed, or whose template sees more than their view.
    let state = &*txn.state;
    let sections = fingerprint::sections(&state.lib);
    let lib = &state.lib;
    let prints: Vec<(PageId, u64)> = candidates
        .par_iter()
        .filter(|id| !listings.contains(id))
        .map(|&id| (id, fingerprint::page(lib, &state.html, id)))
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
    let rendered = render_pages(txn.state.renderer(), &render)?;
    let state = &mut *txn.state;
    for (id, fp) in prints {
        state.fingerprints[id] = Some(fp);
    }
    for &id in &listings {
        state.fingerprints[id] = None;
    }
    state.sections = sections;
    // The first patch holds the pages as they were before the edit.
    let before = &txn.patches[0];
    for ((id, page), (_, analysis)) in before.pages.iter().zip(&before.analyses) {
        let state = &mut *txn.state;
        state.lookups.remove(*id, page, analysis);
        (state.lookups).add(*id, &state.lib.pages[*id], &state.lib.analyses[*id]);
    }
    txn.commit();
    Ok(Some(rendered))
}

/// Re-resolves the pages `s0` and every page contributing to a list they touch, and
/// re-renders Markdown whose resolutions changed. Returns the graph and Markdown patch (not
/// applied) and the pages whose view may have changed.
fn resolve(
    (lib, images): (&Library, &crate::derivatives::Images),
    resolver: &Resolver,
    s0: &BTreeSet<PageId>,
    edited: &[PageId],
    face_changed: &BTreeSet<PageId>,
) -> Result<(Patch, BTreeSet<PageId>, BTreeSet<PageId>), Diagnostics> {
    let permalink = |path: &str| lib.config.permalink(path);
    let pages = &lib.pages;
    let mut first = resolve_with(
        resolver,
        pages,
        &lib.analyses,
        s0.iter().copied(),
        &permalink,
    );
    for &id in s0 {
        let page = std::slice::from_ref(&pages[id]);
        first
            .1
            .extend(crate::content::terms::unknown(page, &lib.config));
    }
    if !first.1.is_empty() {
        return Err(super::diagnostics(first.1));
    }
    let old = &lib.resolved;
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
        .filter(|&p| edited.contains(&p) || new.resolutions[p] != old.resolutions[p])
        .collect();
    let rendered: Vec<(PageId, Arc<Rendered>)> = remarked
        .par_iter()
        .map(|&p| {
            let page = &lib.pages[p];
            let content = |dest: &str| crate::derivatives::content_image(images, page, dest);
            let asker = crate::derivatives::markdown_asker(page);
            let rendered = images.asked_by(asker, || {
                render_with(
                    page.body(),
                    &lib.analyses[p],
                    &new.resolutions[p],
                    &Settings::of(&lib.config, &content),
                )
            });
            (p, Arc::new(rendered))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incremental::LiveSite;
    use crate::site::Options;

    fn live_site(dir: &Path) -> LiveSite {
        let write = |rel: &str, text: &str| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org\"\n",
        );
        write("content/a.md", "+++\ntitle = \"A\"\n+++\nSee [[b]].\n");
        write("content/b.md", "+++\ntitle = \"B\"\n+++\nB.\n");
        let mut live = LiveSite::new(dir, Options::default());
        live.update([]).expect("builds");
        live
    }

    /// Everything a transaction changed is put back when it is dropped uncommitted, and
    /// kept when committed.
    #[test]
    fn a_transaction_dropped_uncommitted_undoes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut live = live_site(dir.path());
        let state = live.state.as_mut().unwrap();
        let b = state.lib.ids["b.md"];
        let before_title = state.lib.pages[b].title.clone();
        let before_template = state.page_templates[b].clone();
        let before_files = std::sync::Arc::clone(&state.lib.site_files);

        let edit = |state: &State| {
            let mut page = state.lib.pages[b].clone();
            page.title = "Changed".into();
            Patch {
                pages: vec![(b, page)],
                ..Patch::default()
            }
        };
        let resolver_after = |state: &State| {
            let mut pages = state.lib.pages.clone();
            pages[b].title = "Changed".into();
            Resolver::new(&pages)
        };
        {
            let patch = edit(state);
            let resolver = resolver_after(state);
            let mut txn = Transaction::new(state);
            txn.apply(patch);
            txn.replace_resolver(resolver);
            txn.replace_site_files(crate::link_check::SiteFiles::new(
                &[],
                Vec::new(),
                Default::default(),
            ));
            txn.set_template(b, "other.html".into());
            assert_eq!(txn.state.lib.pages[b].title, "Changed");
        }
        assert_eq!(state.lib.pages[b].title, before_title);
        assert_eq!(state.page_templates[b], before_template);
        assert!(std::sync::Arc::ptr_eq(&state.lib.site_files, &before_files));
        assert!(
            matches!(
                state.resolver.lookup("Changed"),
                crate::resolve::Lookup::Missing(_)
            ),
            "the old resolver is back"
        );

        let patch = edit(state);
        let mut txn = Transaction::new(state);
        txn.apply(patch);
        txn.set_template(b, "other.html".into());
        txn.commit();
        assert_eq!(state.lib.pages[b].title, "Changed");
        assert_eq!(state.page_templates[b], "other.html");
    }
}

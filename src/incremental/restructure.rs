//! Changes to the site's shape — files added, removed or renamed, a page's URL or draft flag
//! changed — rebuild the library from the pages already parsed: changed files are read
//! again, the section tree and every resolution are computed afresh (as a full build does,
//! so page order and ids come out the same), Markdown analyses and HTML are reused for pages
//! whose text and resolutions did not change, and only pages whose view changed are rendered.
//! Nothing of the last good state is touched until it all succeeded.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{affected, fingerprint, page_ids, page_templates, render_pages, Bytes};
use super::{Reach, State};
use crate::content::{records, Content, PageId};
use crate::diagnostic::Diagnostics;
use crate::render::Renderer;
use crate::site::{Options, PageText};
use crate::stages::{self, Reuse};

/// The new state, the pages rendered, and the page outputs that no longer exist.
pub(super) type Restructured = (State, Vec<(PageId, Bytes)>, Vec<String>);

pub(super) fn run(
    state: &State,
    root: &Path,
    options: &Options,
    changed: &[String],
) -> Result<Restructured, Diagnostics> {
    let old = &state.lib;
    let reuse = Reuse::from(old, &state.ids, changed)
        .with_lookups(&state.lookups)
        .with_listing(&state.listing);
    // The bibliography's records, as the pages before this change had them: kept pages
    // keep theirs; new, renamed and generated pages are joined again.
    let bibliography = records::of_pages(&old.pages);
    let (mut content, listing, _) =
        stages::read_content(root, &old.config, options.drafts, &bibliography, &reuse)
            .map_err(super::diagnostics)?;
    let read_again = |p: &crate::content::Page| !reuse.kept(&p.rel);
    stages::expand_shortcodes_of(
        root,
        &old.config.content_dir,
        &state.theme,
        &state.html.images,
        &mut content.pages,
        &read_again,
    )?;
    let (analyses, _) = stages::analyse(&mut content.pages, PageText::Keep, &reuse);
    let (resolver, resolved, mut errors) =
        stages::resolve(root, &old.config, &content, &analyses, &reuse);
    let Content { pages, assets, .. } = content;
    let (files, link_errors) =
        stages::check_links(&old.config, &state.theme, &pages, &analyses, &assets);
    errors.extend(link_errors);
    if !errors.is_empty() {
        return Err(super::diagnostics(errors));
    }
    let read_again: Vec<bool> = pages.iter().map(|p| !reuse.kept(&p.rel)).collect();
    let mut lib = stages::library(old.config.clone(), pages, analyses, resolved, files);
    let html = &state.html;
    let (rendered, rerendered): (Vec<_>, Vec<bool>) = (0..lib.pages.len())
        .into_par_iter()
        .map(|i| match reuse.rendered(&lib.pages[i], &lib.resolved, i) {
            Some(kept) => (kept, false),
            None => (Arc::new(html.render_as_written(&lib, i)), true),
        })
        .unzip();
    lib.rendered = rendered;
    let lib = Arc::new(lib);
    let theme = state.theme.clone();
    let renderer = Renderer::with(state.compiled.clone(), Arc::clone(&lib), Arc::clone(html));
    let names = page_templates(&renderer, &lib);
    let (ids, excluded) = page_ids(&lib, &listing.markdown);
    // Only the views the change can reach are fingerprinted again; the others keep the
    // last build's fingerprint (none if it was not taken: then the page is reached too).
    let last = |id: PageId| {
        let old_id = state.ids.get(&lib.pages[id].rel)?;
        state.fingerprints[*old_id]
    };
    let reached = affected::pages(old, &lib, &state.ids, &ids, &read_again, &rerendered);
    let fingerprints: Vec<Option<u64>> = (0..lib.pages.len())
        .into_par_iter()
        .map(|id| match last(id) {
            Some(fp) if !reached[id] => Some(fp),
            _ => Some(fingerprint::page(&lib, html, id)),
        })
        .collect();
    let sections = fingerprint::sections(&lib);

    let reach = |id: PageId| state.templates.of(&names[id]);
    let render: Vec<PageId> = (0..lib.pages.len())
        .filter(|&id| {
            let page = &lib.pages[id];
            let unchanged = state.ids.get(&page.rel).is_some_and(|&o| {
                state.fingerprints[o] == fingerprints[id]
                    && state.page_templates[o] == names[id]
                    && old.pages[o].output == page.output
            });
            !unchanged
                || reach(id) == Reach::Site
                || (reach(id) == Reach::Sections && sections != state.sections)
        })
        .collect();
    let rendered = render_pages(&renderer, &render)?;

    let outputs: BTreeSet<&str> = lib.pages.iter().map(|p| p.output.as_str()).collect();
    let removed = old
        .pages
        .iter()
        .filter(|p| !outputs.contains(p.output.as_str()))
        .map(|p| p.output.clone())
        .collect();
    let new_state = State {
        listing,
        resolver,
        lookups: (state.lookups).again(&reuse.was(&lib.pages), &lib.pages, &lib.analyses),
        fingerprints,
        templates: state.templates.clone(),
        page_templates: names,
        sections,
        compiled: state.compiled.clone(),
        renderer: Some(renderer),
        ids,
        excluded,
        assets,
        theme,
        lib,
        html: Arc::clone(html),
    };
    Ok((new_state, rendered, removed))
}

//! Changes to the site's shape — files added, removed or renamed, a page's URL or draft flag
//! changed — rebuild the library from the pages already parsed: changed files are read
//! again, the section tree and every resolution are computed afresh (as a full build does,
//! so page order and ids come out the same), Markdown analyses and HTML are reused for pages
//! whose text and resolutions did not change, and only pages whose view changed are rendered.
//! Nothing of the last good state is touched until it all succeeded.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{affected, fingerprint, page_templates, render_pages, Bytes};
use super::{Reach, State};
use crate::content::{records, Content, PageId};
use crate::diagnostic::Diagnostics;
use crate::library::Library;
use crate::render::Renderer;
use crate::resolve::lookups::Lookups;
use crate::site::{Options, PageText};
use crate::stages::{self, Reuse};

/// What a restructure made, for `LiveSite::apply_content` to take in.
pub(super) struct Restructured {
    /// The new state, with no lookups yet: they are the last state's, renumbered by
    /// `take_lookups` once nothing can fail any more.
    pub state: State,
    pub rendered: Vec<(PageId, Bytes)>,
    /// The page outputs that no longer exist.
    pub removed: Vec<String>,
    /// Each page's id in the last state, if it was kept from it.
    was: Vec<Option<PageId>>,
}

impl Restructured {
    /// Gives the new state the last one's lookups, renumbered (the last state is being
    /// replaced: they are taken, not copied).
    pub fn take_lookups(&mut self, last: &mut State) {
        let lib = &self.state.lib;
        self.state.lookups =
            std::mem::take(&mut last.lookups).again(&self.was, &lib.pages, &lib.analyses);
    }
}

pub(super) fn run(
    state: &State,
    root: &Path,
    options: &Options,
    changed: &[String],
) -> Result<Restructured, Diagnostics> {
    let old = &state.lib;
    let reuse = Reuse::from(old, &old.ids, changed)
        .with_lookups(&state.lookups)
        .with_listing(&state.listing)
        .with_resolver(&state.resolver);
    // The bibliography's records, as the pages before this change had them: kept pages
    // keep theirs; new, renamed and generated pages are joined again.
    let bibliography = records::of_pages(&old.pages);
    let (mut content, listing, _) =
        stages::read_content(root, &old.config, options.drafts, &bibliography, &reuse)
            .map_err(super::diagnostics)?;
    let reuse = reuse.read(&content.pages);
    let read_again: Vec<bool> = (0..content.pages.len()).map(|id| !reuse.kept(id)).collect();
    stages::expand_shortcodes_of(
        root,
        &old.config.content_dir,
        &state.theme,
        &state.html.images,
        &mut content.pages,
        &|id| read_again[id],
    )?;
    let (analyses, _) = stages::analyse(&mut content.pages, PageText::Keep, &reuse);
    // Resolving and checking links read the same pages and need nothing of each other.
    let ((resolver, resolved, mut errors), (files, link_errors)) = rayon::join(
        || stages::resolve(root, &old.config, &content, &analyses, &reuse),
        || {
            let (pages, assets) = (&content.pages, &content.assets);
            stages::check_links(&old.config, &state.theme, pages, &analyses, assets)
        },
    );
    let Content { pages, assets, .. } = content;
    errors.extend(link_errors);
    if !errors.is_empty() {
        return Err(super::diagnostics(errors));
    }
    let ids = resolver.page_ids();
    let mut lib = stages::library(old.config.clone(), pages, analyses, (resolved, ids), files);
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
    let excluded = super::excluded(&lib, &listing.markdown);
    // Each page's id in the last state (read again or not), if it was there.
    let old_ids = reuse.files();
    let reached = affected::pages(old, &lib, old_ids, &read_again, &rerendered);
    let relisted = relisted(old, &lib, old_ids, &reached);
    // Only the views the change can reach are fingerprinted again; the others keep the
    // last state's fingerprint. The views of pages that came and of sections that list
    // other pages now certainly changed: they are rendered without being fingerprinted (a
    // big section's view takes longer to fingerprint than to render).
    let fingerprints: Vec<Option<u64>> = (0..lib.pages.len())
        .into_par_iter()
        .map(|id| match old_ids[id] {
            Some(o) if !reached[id] => state.fingerprints[o],
            Some(_) if !relisted[id] => Some(fingerprint::page(&lib, html, id)),
            _ => None,
        })
        .collect();
    let sections = fingerprint::sections(&lib);

    let reach = |id: PageId| state.templates.of(&names[id]);
    let render: Vec<PageId> = (0..lib.pages.len())
        .into_par_iter()
        .filter(|&id| {
            let page = &lib.pages[id];
            let unchanged = old_ids[id].is_some_and(|o| {
                let same_view = !reached[id]
                    || matches!((state.fingerprints[o], fingerprints[id]), (Some(a), Some(b)) if a == b);
                same_view
                    && state.page_templates[o] == names[id]
                    && old.pages[o].output == page.output
            });
            !unchanged
                || reach(id) == Reach::Site
                || (reach(id) == Reach::Sections && sections != state.sections)
        })
        .collect();
    let rendered = render_pages(&renderer, &render)?;

    // The last state's pages whose output no page of the same file writes now, and of
    // those, the outputs no other page writes either.
    let mut same_output = vec![false; old.pages.len()];
    for (id, o) in old_ids.iter().enumerate() {
        if let Some(o) = *o {
            same_output[o] = old.pages[o].output == lib.pages[id].output;
        }
    }
    let moved: Vec<&str> = (old.pages.iter().zip(&same_output))
        .filter(|(_, same)| !**same)
        .map(|(p, _)| p.output.as_str())
        .collect();
    let removed = if moved.is_empty() {
        Vec::new()
    } else {
        (moved.into_iter())
            .filter(|out| !lib.site_files.is_page(out))
            .map(str::to_string)
            .collect()
    };
    let new_state = State {
        listing,
        resolver,
        lookups: Lookups::default(),
        fingerprints,
        templates: state.templates.clone(),
        page_templates: names,
        sections,
        compiled: state.compiled.clone(),
        renderer: Some(renderer),
        excluded,
        assets,
        theme,
        lib,
        html: Arc::clone(html),
    };
    Ok(Restructured {
        was: reuse.was().to_vec(),
        state: new_state,
        rendered,
        removed,
    })
}

/// The sections (among the pages `reached`) that list other pages or subsections than they
/// did in `old`: a page came under one, went from it, or moved. Compared by output in page
/// order, as a listing shows each page by its address. Such a section is rendered without
/// its view being compared, which is always safe: at worst (a page moved to another file at
/// the same address, in another place of the order) it is rendered for nothing; a section
/// not counted here has its view fingerprinted and compared as any other page's.
fn relisted(
    old: &Library,
    lib: &Library,
    old_ids: &[Option<PageId>],
    reached: &[bool],
) -> Vec<bool> {
    fn children(lib: &Library, s: PageId) -> Vec<&str> {
        let p = &lib.pages[s];
        (p.pages.iter().chain(&p.subsections))
            .map(|&c| lib.pages[c].output.as_str())
            .collect()
    }
    (0..lib.pages.len())
        .map(|id| {
            reached[id]
                && lib.pages[id].is_section
                && old_ids[id].is_none_or(|o| children(old, o) != children(lib, id))
        })
        .collect()
}

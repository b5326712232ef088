//! Changes to the site's shape — files added, removed or renamed, a page's URL or draft flag
//! changed — rebuild the library from the pages already parsed: changed files are read
//! again, the section tree and every resolution are computed afresh (as a full build does,
//! so page order and ids come out the same), Markdown analyses and HTML are reused for pages
//! whose text and resolutions did not change, and only pages whose view changed are rendered.
//! Nothing of the last good state is touched until it all succeeded.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    covers, fingerprint, gather, page_ids, page_templates, render_pages, Bytes, Lookups, Reach,
    State,
};
use crate::content::{add_home, discover, measure_documents, read_page, Content, Page, PageId};
use crate::diagnostic::Diagnostics;
use crate::library::Library;
use crate::markdown::{analyze, render_with, Settings};
use crate::render::Renderer;
use crate::resolve::{resolve_with, Resolver};
use crate::site::Options;

/// The new state, the pages rendered, and the page outputs that no longer exist.
pub(super) type Restructured = (State, Vec<(PageId, Bytes)>, Vec<String>);

pub(super) fn run(
    state: &State,
    root: &Path,
    options: &Options,
    changed: &[String],
) -> Result<Restructured, Diagnostics> {
    let old = &state.lib;
    let content_dir = root.join("content");
    let (markdown, other) = discover(&content_dir);
    let read: Vec<Result<Option<Page>, Diagnostics>> = markdown
        .par_iter()
        .map(|rel| {
            let kept = state
                .ids
                .get(rel)
                .filter(|_| !changed.iter().any(|c| covers(c, rel)));
            if let Some(&id) = kept {
                let mut page = old.pages[id].clone();
                page.parent = None;
                page.pages.clear();
                page.subsections.clear();
                return Ok(Some(page));
            }
            match read_page(&content_dir, rel) {
                Ok(page) => Ok(Some(page)),
                // Removed since it was listed (created and removed in one batch, or removed
                // while this rebuild ran): a removal, which its own event confirms.
                Err(_) if !content_dir.join(rel).exists() => Ok(None),
                Err(e) => Err(e),
            }
        })
        .collect();
    let mut pages: Vec<Page> = gather(read)?.into_iter().flatten().collect();
    let read: HashSet<&str> = pages.iter().map(|p| p.rel.as_str()).collect();
    let markdown: Vec<String> = markdown
        .iter()
        .filter(|rel| read.contains(rel.as_str()))
        .cloned()
        .collect();
    add_home(&mut pages);
    let Content {
        mut pages,
        assets,
        drafts,
    } = Content::assemble(pages, other, options.drafts).map_err(super::diagnostics)?;
    measure_documents(&mut pages, &content_dir);

    // The old page with the same file and text, whose analysis and HTML may be reused.
    let same: Vec<Option<PageId>> = pages
        .iter()
        .map(|p| {
            state
                .ids
                .get(&p.rel)
                .copied()
                .filter(|&id| old.pages[id].text == p.text)
        })
        .collect();
    let analyses: Vec<_> = pages
        .par_iter()
        .zip(&same)
        .map(|(p, same)| match same {
            Some(id) => old.analyses[*id].clone(),
            None => analyze(p.body()),
        })
        .collect();
    let permalink = |path: &str| old.config.permalink(path);
    let resolver = Resolver::new(&pages).with_drafts(&drafts);
    let (graph, mut errors) =
        resolve_with(&resolver, &pages, &analyses, 0..pages.len(), &permalink);
    let files = crate::site::site_files(&old.config, &state.theme, &pages, &assets);
    errors.extend(crate::link_check::check(
        &pages,
        &analyses,
        &files,
        &old.config.base_url,
    ));
    if !errors.is_empty() {
        return Err(super::diagnostics(errors));
    }
    let rendered = (0..pages.len())
        .into_par_iter()
        .map(|i| match same[i] {
            Some(id)
                if old.graph.resolutions[id].links == graph.resolutions[i].links
                    && old.graph.resolutions[id].citations == graph.resolutions[i].citations =>
            {
                old.rendered[id].clone()
            }
            _ => {
                let page = &pages[i];
                let images =
                    |dest: &str| crate::derivatives::content_image(&old.images, page, dest);
                render_with(
                    page.body(),
                    &analyses[i],
                    &graph.resolutions[i],
                    &Settings::of(&old.config, &images),
                )
            }
        })
        .collect();
    let lib = Arc::new(Library {
        config: old.config.clone(),
        pages,
        analyses,
        graph,
        rendered,
        held: Default::default(),
        released: None,
        site_files: Arc::new(files),
        images: Arc::clone(&old.images),
    });
    let theme = state.theme.clone();
    let renderer = Renderer::new(&theme, Arc::clone(&lib))?;
    let names = page_templates(&renderer, &lib);
    let fingerprints: Vec<u64> = (0..lib.pages.len())
        .into_par_iter()
        .map(|id| fingerprint::page(&lib, id))
        .collect();
    let sections = fingerprint::sections(&lib);

    let (ids, excluded) = page_ids(&lib, markdown);
    let reach = |id: PageId| state.templates.of(&names[id]);
    let render: Vec<PageId> = (0..lib.pages.len())
        .filter(|&id| {
            let page = &lib.pages[id];
            let unchanged = state.ids.get(&page.rel).is_some_and(|&o| {
                state.fingerprints[o] == Some(fingerprints[id])
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
        resolver,
        lookups: Lookups::new(&lib.pages, &lib.analyses),
        fingerprints: fingerprints.into_iter().map(Some).collect(),
        templates: state.templates.clone(),
        page_templates: names,
        sections,
        renderer: Some(renderer),
        ids,
        excluded,
        assets,
        theme,
        lib,
    };
    Ok((new_state, rendered, removed))
}

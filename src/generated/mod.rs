//! The reader's site: what the build derives from the whole dossier for its readers and
//! their tools, beyond one page per content file — the timeline, the relation graph, the
//! search index and link previews, the printable dossier, tags, feeds and structured data.
//!
//! Everything here is a pure function of the `Library`. The template functions in
//! `render::generated_functions` show these views to the theme; `emit` writes the generated files and
//! has the theme render the tag pages, through the closures `Site::render_all` hands it.

pub mod cast;
pub mod corrections;
pub mod dates;
pub mod feeds;
pub mod graph_svg;
pub mod json_ld;
pub mod layout;
pub mod print;
pub mod relation_graph;
pub mod search;
pub mod search_terms;
pub mod sources;
pub mod tags;
pub mod taxonomies;
pub mod timeline;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::library::Library;
use crate::render::markdown::Rendering;
use search::IndexReading;

/// Generated pages the sitemap lists when the theme has their template.
const LISTED_PAGES: &[(&str, &str)] = &[
    ("timeline.html", "/timeline/"),
    ("graph.html", "/graph/"),
    ("corrections.html", "/corrections/"),
];

/// Template of the list of tags, and of one tag's page.
pub const TAGS_TEMPLATE: &str = "tags.html";
pub const TAG_TEMPLATE: &str = "tag.html";

fn json_bytes(value: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("serializable");
    bytes.push(b'\n');
    bytes
}

/// The generated files, by output path, that need no template: those `[outputs]` wants.
/// The search index and the previews, many files each, are written as they are made by
/// `emit` instead.
pub fn files(
    (lib, html): (&Library, &Rendering),
    listed_pages: &[String],
) -> Vec<(String, Vec<u8>)> {
    let wants = &lib.config.outputs;
    let mut files = Vec::new();
    if wants.timeline {
        files.push((
            "timeline.json".into(),
            json_bytes(&timeline::timeline_js(lib)),
        ));
    }
    if wants.graph {
        let graph = relation_graph::build(lib);
        files.push((
            "graph.json".into(),
            json_bytes(&relation_graph::json(lib, &graph)),
        ));
    }
    if wants.feed {
        files.push(("atom.xml".into(), feeds::atom(lib, html).into_bytes()));
        for (code, l) in &lib.config.languages {
            if l.feed {
                let feed = feeds::language_atom(lib, html, code);
                files.push((format!("{code}/atom.xml"), feed.into_bytes()));
            }
        }
    }
    if wants.sitemap {
        files.push((
            "sitemap.xml".into(),
            feeds::sitemap(lib, listed_pages).into_bytes(),
        ));
        files.push(("robots.txt".into(), feeds::robots(lib).into_bytes()));
    }
    if wants.sources {
        let items = sources::items(lib);
        files.push(("sources.bib".into(), sources::biblatex(&items).into_bytes()));
        files.push(("sources.json".into(), sources::csl_json(&items)));
    }
    files
}

/// The paths of the pages `emit` renders from templates: the list of tags and one per tag.
pub fn tag_page_paths(
    pages: &[crate::content::Page],
    has_template: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut paths = Vec::new();
    if has_template(TAGS_TEMPLATE) {
        paths.push("/tags/".to_string());
    }
    if has_template(TAG_TEMPLATE) {
        // The default language's pages: the other editions' are `editions::pages`.
        let slugs: std::collections::BTreeSet<String> = pages
            .iter()
            .filter(|p| p.lang.is_none())
            .flat_map(|p| p.front_matter.tags.iter().map(|t| tags::slug(t)))
            .collect();
        paths.extend(slugs.iter().map(|s| tags::path(s)));
    }
    paths
}

/// Renders a template (first argument) at a URL path (second argument).
pub type RenderFn<'a> = dyn Fn(&str, &str) -> Result<String, Diagnostic> + Sync + 'a;
/// Stores an output file, by its path relative to the output folder.
pub type WriteFn<'a> = dyn Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders the tag pages the theme has templates for and writes every generated file;
/// the sitemap also lists `other_listed` (the other languages' pages, `editions::listed`).
/// `search` is the default language's index as a build read it while rendering pages, if it
/// did.
pub fn emit<'a>(
    (lib, html): (&'a Library, &'a Rendering),
    has_template: &(dyn Fn(&str) -> bool + Sync),
    render: &RenderFn<'_>,
    write: &WriteFn<'_>,
    other_listed: Vec<String>,
    search: Option<IndexReading<'a>>,
) -> Vec<Diagnostic> {
    let all_tags = tags::all_in(lib, &|id| lib.pages[id].lang.is_none());
    let outputs = &lib.config.outputs;
    let has_template = |t: &str| has_template(t) && outputs.wants_template(t);
    let mut pages: Vec<(&str, String)> = Vec::new();
    if has_template(TAGS_TEMPLATE) {
        pages.push((TAGS_TEMPLATE, "/tags/".into()));
    }
    if has_template(TAG_TEMPLATE) {
        pages.extend(all_tags.iter().map(|t| (TAG_TEMPLATE, tags::path(&t.slug))));
    }
    let mut listed: Vec<String> = LISTED_PAGES
        .iter()
        .filter(|(t, _)| has_template(t))
        .map(|(_, p)| p.to_string())
        .collect();
    listed.extend(pages.iter().map(|(_, p)| p.clone()));
    if outputs.taxonomies {
        let has = |name: &str, list: bool| {
            crate::render::taxonomy_template(&|t| has_template(t), name, list).is_some()
        };
        listed.extend(taxonomies::listed(lib, &has));
    }
    listed.extend(other_listed);

    let mut errors: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|(template, path)| {
            let out = format!("{}/index.html", path.trim_matches('/'));
            render(template, path)
                .and_then(|html| write(&out, html.into_bytes()))
                .err()
        })
        .collect();
    // The search index reads every page's text (a build has read most of them as it
    // rendered them); the previews take theirs from it.
    let mut texts = None;
    if outputs.search {
        let reading =
            search.unwrap_or_else(|| IndexReading::new((lib, html), None, outputs.previews));
        let (index_errors, kept) = reading.finish(write);
        errors.extend(index_errors);
        texts = kept;
    }
    if outputs.previews {
        errors.extend(search::write_previews((lib, html), texts.as_ref(), write));
    }
    errors.extend(
        files((lib, html), &listed)
            .into_iter()
            .filter_map(|(path, bytes)| write(&path, bytes).err()),
    );
    errors
}

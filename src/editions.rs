//! The site-wide pages of an edition in another language, as a reader of that edition
//! expects them: `/fr/search/` with its own index (`fr/search-index.js`, French pages only),
//! and `/fr/timeline/`, `/fr/graph/`, `/fr/print/`, `/fr/tags/…` over the French edition —
//! each page in French where one exists, else the default language's
//! (`languages::in_edition`). Written only for the languages that have pages; the default
//! language's stay where they were. `site::render_generated` renders them after the default
//! ones; `site::site_files` lists them for the link check and `get_url(…, lang=…)`.

use rayon::prelude::*;

use crate::config::{LanguageConfig, SiteConfig};
use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::generated::{search, tags, taxonomies, WriteFn, TAGS_TEMPLATE, TAG_TEMPLATE};
use crate::languages::{in_edition, with_pages};
use crate::render::{Renderer, PRINT_PAGE_TEMPLATE};

/// The generated pages each edition has its own copy of. Corrections stay one list.
const EDITION_TEMPLATES: &[&str] = &["timeline.html", "graph.html", "search.html", "print.html"];

/// The pages of the edition in `lang`, by template and address (`/fr/timeline/`, and the
/// tags of its pages at `/fr/tags/<slug>/`), those its `[languages.<lang>]` switches on.
pub fn pages(
    (lang, language): (&str, &LanguageConfig),
    has_template: &dyn Fn(&str) -> bool,
    pages: &[Page],
    translations: &[Vec<PageId>],
) -> Vec<(&'static str, String)> {
    let has_template = |t: &str| has_template(t) && language.wants_template(t);
    let mut listed: Vec<(&str, String)> = crate::config::generated_pages()
        .filter(|(t, _)| EDITION_TEMPLATES.contains(t) && has_template(t))
        .map(|(t, path)| (t, format!("/{lang}{path}")))
        .collect();
    if has_template(TAGS_TEMPLATE) {
        listed.push((TAGS_TEMPLATE, format!("/{lang}/tags/")));
    }
    if has_template(TAG_TEMPLATE) {
        let slugs: std::collections::BTreeSet<String> = (0..pages.len())
            .filter(|&id| in_edition(pages, translations, id, Some(lang)))
            .flat_map(|id| pages[id].front_matter.tags.iter().map(|t| tags::slug(t)))
            .collect();
        listed.extend(
            slugs
                .iter()
                .map(|s| (TAG_TEMPLATE, tags::path_in(s, Some(lang)))),
        );
    }
    listed
}

/// Every file the editions write that a page may link to: their pages' `index.html` and
/// their search index's contents. For `site::site_files`, before the library is made.
pub fn files(
    config: &SiteConfig,
    has_template: &dyn Fn(&str) -> bool,
    all: &[Page],
) -> Vec<String> {
    let languages = with_pages(config.languages.keys(), all);
    if languages.is_empty() {
        return Vec::new();
    }
    let translations = crate::languages::translations(all);
    let mut files = Vec::new();
    for lang in languages {
        files.extend(
            pages(
                (lang, &config.languages[lang]),
                has_template,
                all,
                &translations,
            )
            .into_iter()
            .map(|(_, path)| format!("{}/index.html", path.trim_matches('/'))),
        );
        if config.outputs.search && config.languages[lang].search {
            files.push(format!("{lang}/search-index.js"));
        }
    }
    files
}

/// The pages of the editions the sitemap lists, as it lists the default language's: the
/// timeline, the graph, tags, and the taxonomies' lists and terms.
pub fn listed(renderer: &Renderer) -> Vec<String> {
    let lib = renderer.library();
    let outputs = &lib.config.outputs;
    let has_template = |t: &str| renderer.has_template(t) && outputs.wants_template(t);
    let mut paths = Vec::new();
    for lang in with_pages(lib.config.languages.keys(), &lib.pages) {
        let language = (lang, &lib.config.languages[lang]);
        let listed = pages(language, &has_template, &lib.pages, &lib.translations);
        paths.extend(
            listed
                .into_iter()
                .filter(|(t, _)| !["search.html", "print.html"].contains(t))
                .map(|(_, path)| path),
        );
        if !outputs.taxonomies {
            continue;
        }
        let has = |name: &str, list: bool| {
            crate::render::taxonomy_template(&has_template, name, list).is_some()
        };
        for t in taxonomies::all_in(lib, Some(lang))
            .iter()
            .filter(|t| t.config.render)
        {
            if has(&t.config.name, true) {
                paths.push(t.list_path());
            }
            if has(&t.config.name, false) {
                paths.extend(t.terms.iter().map(|term| t.term_path(&term.slug)));
            }
        }
    }
    paths
}

/// Renders and writes every edition's pages and search index (finishing those in
/// `readings`, which a build read while it rendered the pages).
pub fn render<'a>(
    renderer: &'a Renderer,
    write: &WriteFn<'_>,
    mut readings: search::Readings<'a>,
) -> Vec<Diagnostic> {
    let lib = renderer.library();
    let outputs = &lib.config.outputs;
    let has_template = |t: &str| renderer.has_template(t) && outputs.wants_template(t);
    let mut errors = Vec::new();
    for lang in with_pages(lib.config.languages.keys(), &lib.pages) {
        let language = (lang, &lib.config.languages[lang]);
        let listed = pages(language, &has_template, &lib.pages, &lib.translations);
        // The edition's printed dossier is one of `generated::print::documents`.
        let printed = |t: &str| t == "print.html" && renderer.has_template(PRINT_PAGE_TEMPLATE);
        let listed: Vec<_> = listed.into_iter().filter(|(t, _)| !printed(t)).collect();
        errors.par_extend(listed.par_iter().filter_map(|(template, path)| {
            let html = renderer.render_template_in(template, path, lang);
            let out = format!("{}/index.html", path.trim_matches('/'));
            html.and_then(|h| write(&out, h.into_bytes())).err()
        }));
        if outputs.search && lib.config.languages[lang].search {
            let reading = readings.take(Some(lang)).unwrap_or_else(|| {
                search::IndexReading::new((lib, renderer.rendering()), Some(lang), false)
            });
            errors.extend(reading.finish(write).0);
        }
    }
    errors
}

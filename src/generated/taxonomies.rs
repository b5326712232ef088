//! Taxonomies beyond tags, as Zola's: for every taxonomy site.toml declares, its terms with
//! the pages carrying each, under slugs as tags have them: `/countries/` lists the terms,
//! `/countries/kenya/` a term's pages (paginated when the taxonomy says so), and
//! `/countries/kenya/atom.xml` its feed when it has `feed = true`.

use std::collections::BTreeMap;

use crate::config::{SiteConfig, TaxonomyConfig};
use crate::content::pagination::Pagination;
use crate::content::{Page, PageId};
use crate::library::Library;

use super::tags::slug;

/// One term of a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As first written (pages taken by URL path).
    pub name: String,
    pub slug: String,
    /// Newest first, then by weight, then title, as a section's.
    pub pages: Vec<PageId>,
}

/// A taxonomy of site.toml with its terms, by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    pub terms: Vec<Term>,
}

/// `/countries/`.
pub fn list_path(taxonomy: &str) -> String {
    format!("/{taxonomy}/")
}

/// `/countries/kenya/`.
pub fn term_path(taxonomy: &str, term_slug: &str) -> String {
    format!("/{taxonomy}/{term_slug}/")
}

/// The feed of a term, relative to the output: `countries/kenya/atom.xml`.
pub fn feed_file(taxonomy: &str, term_slug: &str) -> String {
    format!("{taxonomy}/{term_slug}/atom.xml")
}

/// The terms of `taxonomy` among `pages`, each with its pages in path order.
fn gather(pages: &[Page], taxonomy: &str) -> Vec<Term> {
    let mut ids: Vec<PageId> = (0..pages.len())
        .filter(|&i| pages[i].front_matter.taxonomies.contains_key(taxonomy))
        .collect();
    ids.sort_by(|&a, &b| pages[a].path.cmp(&pages[b].path));
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for id in ids {
        for name in &pages[id].front_matter.taxonomies[taxonomy] {
            let s = slug(name);
            let term = terms.entry(s.clone()).or_insert_with(|| Term {
                name: name.trim().to_string(),
                slug: s,
                pages: Vec::new(),
            });
            if term.pages.last() != Some(&id) {
                term.pages.push(id);
            }
        }
    }
    terms.into_values().collect()
}

/// Every taxonomy of the site with its terms, each term's pages sorted as a section's.
pub fn all(lib: &Library) -> Vec<Taxonomy> {
    lib.config
        .taxonomies()
        .map(|config| {
            let mut terms = gather(&lib.pages, &config.name);
            for t in &mut terms {
                t.pages = lib.sort_listing(std::mem::take(&mut t.pages));
            }
            Taxonomy {
                config: config.clone(),
                terms,
            }
        })
        .collect()
}

/// The pagination of a term's pages, if its taxonomy has `paginate_by`.
pub fn pagination(config: &TaxonomyConfig, pages: usize) -> Option<Pagination> {
    let paginate_by = config.paginate_by.filter(|&n| n > 0)?;
    Some(Pagination {
        paginate_by,
        number_pagers: pages.div_ceil(paginate_by).max(1),
        paginate_path: config
            .paginate_path
            .as_deref()
            .unwrap_or("page")
            .trim_matches('/')
            .to_string(),
    })
}

/// The pages and files taxonomies write, as URL paths of pages (`/countries/kenya/`) and
/// output files (feeds), known before rendering for the link check. `has_template` says
/// whether a taxonomy can render its list (`true`) or its terms (`false`).
pub fn written(
    config: &SiteConfig,
    pages: &[Page],
    has_template: &dyn Fn(&str, bool) -> bool,
) -> (Vec<String>, Vec<String>) {
    let (mut paths, mut files) = (Vec::new(), Vec::new());
    for t in config.taxonomies().filter(|t| t.render) {
        if has_template(&t.name, true) {
            paths.push(list_path(&t.name));
        }
        for term in gather(pages, &t.name) {
            let path = term_path(&t.name, &term.slug);
            if has_template(&t.name, false) {
                if let Some(p) = pagination(t, term.pages.len()) {
                    paths.extend((1..=p.number_pagers).map(|i| p.numbered(&path, i)));
                }
                paths.push(path);
            }
            if t.feed {
                files.push(feed_file(&t.name, &term.slug));
            }
        }
    }
    (paths, files)
}

/// The taxonomy pages the sitemap lists: each list, and each term's first pager.
pub fn listed(lib: &Library, has_template: &dyn Fn(&str, bool) -> bool) -> Vec<String> {
    let mut paths = Vec::new();
    for t in lib.config.taxonomies().filter(|t| t.render) {
        if has_template(&t.name, true) {
            paths.push(list_path(&t.name));
        }
        if has_template(&t.name, false) {
            let terms = gather(&lib.pages, &t.name);
            paths.extend(terms.iter().map(|term| term_path(&t.name, &term.slug)));
        }
    }
    paths
}

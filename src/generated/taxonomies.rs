//! Taxonomies beyond tags, as Zola's: for every taxonomy site.toml declares, its terms with
//! the pages carrying each, under slugs as tags have them: `/countries/` lists the terms,
//! `/countries/kenya/` a term's pages (paginated when the taxonomy says so), and
//! `/countries/kenya/atom.xml` its feed when it has `feed = true`. Each other language with
//! pages has its own under `/fr/countries/…`, over its edition (`languages::in_edition`).

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
    /// The edition it gathers (`languages::in_edition`), under `/<lang>/`; `None` for the
    /// default language's.
    pub lang: Option<String>,
}

impl Taxonomy {
    /// Its address in its edition: `/countries/`, `/fr/countries/`.
    pub fn list_path(&self) -> String {
        in_language(list_path(&self.config.name), self.lang.as_deref())
    }

    /// A term's address in its edition: `/fr/countries/kenya/`.
    pub fn term_path(&self, term_slug: &str) -> String {
        in_language(
            term_path(&self.config.name, term_slug),
            self.lang.as_deref(),
        )
    }

    /// A term's feed, relative to the output: `fr/countries/kenya/atom.xml`.
    pub fn feed_file(&self, term_slug: &str) -> String {
        let file = feed_file(&self.config.name, term_slug);
        match &self.lang {
            Some(lang) => format!("{lang}/{file}"),
            None => file,
        }
    }
}

fn in_language(path: String, lang: Option<&str>) -> String {
    match lang {
        Some(lang) => format!("/{lang}{path}"),
        None => path,
    }
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

/// The terms of `taxonomy` among the pages `keeps` keeps, each with its pages in path order.
fn gather(pages: &[Page], taxonomy: &str, keeps: &dyn Fn(PageId) -> bool) -> Vec<Term> {
    let mut ids: Vec<PageId> = (0..pages.len())
        .filter(|&i| pages[i].front_matter.taxonomies.contains_key(taxonomy) && keeps(i))
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

/// Every taxonomy of the site with its terms, each term's pages sorted as a section's: the
/// default language's pages (every page, on a site without languages).
pub fn all(lib: &Library) -> Vec<Taxonomy> {
    all_in(lib, None)
}

/// `all`, then `all_in` each other language that has pages: every taxonomy page and feed a
/// build writes.
pub fn every_edition(lib: &Library) -> Vec<Taxonomy> {
    let mut all = all(lib);
    for lang in crate::languages::with_pages(lib.config.languages.keys(), &lib.pages) {
        all.extend(all_in(lib, Some(lang)));
    }
    all
}

/// `all` for the edition in `lang` (`languages::in_edition`).
pub fn all_in(lib: &Library, lang: Option<&str>) -> Vec<Taxonomy> {
    let keeps = |id| crate::languages::in_edition(&lib.pages, &lib.translations, id, lang);
    lib.config
        .taxonomies()
        .map(|config| {
            let mut terms = gather(&lib.pages, &config.name, &keeps);
            for t in &mut terms {
                t.pages = lib.sort_listing(std::mem::take(&mut t.pages));
            }
            Taxonomy {
                config: config.clone(),
                terms,
                lang: lang.map(String::from),
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
    let languages = crate::languages::with_pages(config.languages.keys(), pages);
    let translations = match languages.is_empty() {
        true => Vec::new(),
        false => crate::languages::translations(pages),
    };
    let editions = std::iter::once(None).chain(languages.into_iter().map(Some));
    for (lang, t) in editions.flat_map(|l| config.taxonomies().map(move |t| (l, t))) {
        if !t.render {
            continue;
        }
        let keeps = |id| crate::languages::in_edition(pages, &translations, id, lang);
        let taxonomy = Taxonomy {
            config: t.clone(),
            terms: Vec::new(),
            lang: lang.map(String::from),
        };
        if has_template(&t.name, true) {
            paths.push(taxonomy.list_path());
        }
        for term in gather(pages, &t.name, &keeps) {
            let path = taxonomy.term_path(&term.slug);
            if has_template(&t.name, false) {
                if let Some(p) = pagination(t, term.pages.len()) {
                    paths.extend((1..=p.number_pagers).map(|i| p.numbered(&path, i)));
                }
                paths.push(path);
            }
            if t.feed {
                files.push(taxonomy.feed_file(&term.slug));
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
            let terms = gather(&lib.pages, &t.name, &|id| lib.pages[id].lang.is_none());
            paths.extend(terms.iter().map(|term| term_path(&t.name, &term.slug)));
        }
    }
    paths
}

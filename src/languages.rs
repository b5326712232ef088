//! Editions in several languages, once the pages are read and resolved: each page's
//! translations (the pages of its name in the other languages, `content::language`), and a
//! warning wherever a translation's wikilink, citation or relation found no page in its own
//! language and fell back to the default language's (`Resolver::lookup_in`).

use std::borrow::Cow;
use std::sync::Arc;

use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::markdown::{Analysis, LinkSyntax};
use crate::resolve::{Fallback, Lookup, Resolver};

/// For every page, its translations (the other pages of its name), default language first,
/// then by language code. Linear: pages are grouped by name once.
pub fn translations(pages: &[Page]) -> Vec<Vec<PageId>> {
    let mut by_name: std::collections::HashMap<(&str, bool), Vec<PageId>> = Default::default();
    if pages.iter().all(|p| p.lang.is_none()) {
        return vec![Vec::new(); pages.len()];
    }
    for (id, p) in pages.iter().enumerate() {
        by_name
            .entry((p.link_path(), p.is_section))
            .or_default()
            .push(id);
    }
    for ids in by_name.values_mut() {
        ids.sort_by(|&a, &b| pages[a].lang.cmp(&pages[b].lang));
    }
    pages
        .iter()
        .enumerate()
        .map(|(id, p)| {
            by_name[&(p.link_path(), p.is_section)]
                .iter()
                .copied()
                .filter(|&t| t != id)
                .collect()
        })
        .collect()
}

/// A warning at every place a translation names a page, or cites a source, that only the
/// default language has. `text_of` gives a page's text (which a build may have let go).
pub fn fallbacks(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    text_of: &dyn Fn(&Page) -> Cow<'_, str>,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let Some(lang) = page.lang.as_deref() else {
            continue;
        };
        // (offset in the file, what was named)
        let mut fell_back: Vec<(usize, String)> = Vec::new();
        let found_in_default = |(lookup, fallback): (Lookup, Fallback)| {
            matches!(lookup, Lookup::Found(_)) && fallback == Fallback::Default
        };
        for link in &analyses[id].links {
            if link.syntax == LinkSyntax::Wiki
                && !link.target.is_empty()
                && found_in_default(resolver.lookup_in(&link.target, Some(lang)))
            {
                fell_back.push((
                    page.body_offset + link.offset,
                    format!("[[{}]]", link.target),
                ));
            }
        }
        for citation in &analyses[id].citations {
            for item in &citation.items {
                let (found, fallback) = resolver.source_in(&item.key, Some(lang));
                if found.is_ok() && fallback == Fallback::Default {
                    fell_back.push((page.body_offset + citation.offset, format!("@{}", item.key)));
                }
            }
        }
        for relation in &page.front_matter.relations {
            let to = relation.to.get_ref();
            if found_in_default(resolver.lookup_in(to, Some(lang))) {
                let at = page.front_matter_offset + relation.to.span().start;
                fell_back.push((at, format!("`to = \"{to}\"`")));
            }
        }
        if fell_back.is_empty() {
            continue;
        }
        let text = text_of(page);
        for (offset, named) in fell_back {
            warnings.push(
                Diagnostic::warning(format!(
                    "{named} has no page in `{lang}`: it links to the default language's"
                ))
                .in_file(&page.file)
                .at_offset(&text, offset)
                .code("language-fallback"),
            );
        }
    }
    warnings
}

/// The edition a `lang` names: `None` for the default language's (or when none is named).
pub fn edition<'a>(default_language: &str, lang: Option<&'a str>) -> Option<&'a str> {
    lang.filter(|l| *l != default_language)
}

/// Whether page `id` is read in the edition of `lang` (`None`: the default language's): a
/// page in that language, or a default-language page that no page in it translates. So a
/// French edition's timeline, graph, print and tags show every page a French reader would
/// read, in French where it is translated.
pub fn in_edition(
    pages: &[Page],
    translations: &[Vec<PageId>],
    id: PageId,
    lang: Option<&str>,
) -> bool {
    let page_lang = pages[id].lang.as_deref();
    match lang {
        None => page_lang.is_none(),
        Some(_) if page_lang == lang => true,
        Some(_) => {
            page_lang.is_none()
                && !translations
                    .get(id)
                    .is_some_and(|t| t.iter().any(|&t| pages[t].lang.as_deref() == lang))
        }
    }
}

/// The languages site.toml declares that have pages, in order: those the site-wide pages
/// are written for under `/<code>/`.
pub fn with_pages<'a>(languages: impl Iterator<Item = &'a String>, pages: &[Page]) -> Vec<&'a str> {
    languages
        .map(String::as_str)
        .filter(|code| pages.iter().any(|p| p.lang.as_deref() == Some(*code)))
        .collect()
}

//! `dossier check`: what a careful editor would flag beyond hard errors — orphan pages,
//! sources never cited, notes without citations, events without sources, addresses that
//! are not web links.

use crate::content::kind::Kind;
use crate::diagnostic::Diagnostic;
use crate::library::Library;

/// Warnings and notes about a site that loaded without errors.
pub fn findings(lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let g = &lib.resolved;
    for (id, page) in lib.pages.iter().enumerate() {
        if page.is_section {
            continue;
        }
        let at = |d: Diagnostic| d.in_file(&page.file);
        if page.is_source() {
            if g.cited_by[id].is_empty() {
                out.push(at(Diagnostic::warning(format!(
                    "source `{}` is never cited; cite it with [@{}] or remove it",
                    page.slug, page.slug
                ))
                .code("uncited-source")));
            }
            if page.front_matter.url.is_none() {
                out.push(at(Diagnostic::note(format!(
                    "source `{}` has no `url` (normal for print and broadcast records)",
                    page.slug
                ))
                .code("source-without-url")));
            }
        } else if g.backlinks[id].is_empty() {
            out.push(at(Diagnostic::warning(format!(
                "orphan page: no other page links to \"{}\"",
                page.title
            ))
            .code("orphan")));
        }
        out.extend(page.warnings.iter().cloned());
        if page.known_kind().is_some_and(Kind::is_writing) && lib.analyses[id].citations.is_empty()
        {
            out.push(at(Diagnostic::warning(format!(
                "{} \"{}\" cites no source",
                page.kind().unwrap_or_default(),
                page.title
            ))
            .code("no-citations")));
        }
        if page.known_kind() == Some(Kind::Event) && page.front_matter.date.is_none() {
            out.push(at(Diagnostic::warning(
                "event page has no `date`, so it is not on the timeline",
            )
            .code("event-without-date")));
        }
    }
    for e in &g.events {
        if e.sources.is_empty() {
            let page = &lib.pages[e.page];
            out.push(
                Diagnostic::warning(format!("event \"{}\" ({}) has no source", e.title, e.date))
                    .in_file(&page.file)
                    .code("event-without-source"),
            );
        }
    }
    out
}

//! Resolution again after pages came, went or were renamed (`dossier serve`'s restructure),
//! reusing the last build's for every page whose answer cannot have changed.
//!
//! A page's resolution follows from its own text, what the index answers for the names it
//! looks up, and the pages those answers lead to (their titles, headings, addresses, records).
//! A page taken from the last build as it was keeps its resolution, with page ids renumbered,
//! unless a name it looks up is a name of a page that came or went (a page read again counts
//! as both), or it pointed at a page that went. Those pages are resolved again; a list
//! (backlinks, cited by) keeps what the other pages gave it and takes what these give now,
//! in page order. The result equals `resolve_with` over every page;
//! the unit tests below hold it to that.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::lookups::{self, Lookups};
use super::{resolve_with, sort_events, Backlink, Citing, Reference, Relation, Resolved};
use super::{Resolver, StatedSource, StatedSources, TimelineEvent};
use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::markdown::Analysis;

/// The last good build, as a rebuild reuses its resolution.
pub struct Last<'a> {
    pub pages: &'a [Page],
    pub resolved: &'a Resolved,
    /// Which of its pages look up which names.
    pub lookups: &'a Lookups,
    /// For each page of this build, its id in the last build when it was taken from it as
    /// it was (its file not read again).
    pub was: &'a [Option<PageId>],
}

/// Every link, citation, relation and event of `pages` resolved, as `resolve_with` over all
/// of them would, taking what cannot have changed from `last`. `None` when documents came,
/// went or changed: a document is found by its file name across bundles, which the lookups
/// do not index, so then everything is resolved again.
pub fn resolve_again(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    permalink: &(dyn Fn(&str) -> String + Sync),
    last: &Last,
) -> Option<(Resolved, Vec<Diagnostic>)> {
    let old = last.resolved;
    let now = super::ids_now(last.was, last.pages.len());
    let came: Vec<PageId> = (0..pages.len())
        .filter(|&i| last.was[i].is_none())
        .collect();
    let went: Vec<PageId> = (0..now.len()).filter(|&o| now[o].is_none()).collect();
    let with_documents = |p: &Page| !p.documents.is_empty();
    let documents_changed = came.iter().any(|&i| with_documents(&pages[i]))
        || went.iter().any(|&o| with_documents(&last.pages[o]))
        || (last.was.iter().enumerate())
            .any(|(i, w)| w.is_some_and(|o| last.pages[o].documents != pages[i].documents));
    if documents_changed {
        return None;
    }
    let renumber = |o: PageId| now[o].expect("a page kept");

    // The names that now find another page, or none: every name of the pages that came or
    // went, their paths included (a path is found before a title).
    let mut names = BTreeSet::new();
    for page in (came.iter().map(|&i| &pages[i])).chain(went.iter().map(|&o| &last.pages[o])) {
        names.extend(lookups::names(page));
        names.insert(page.link_path().to_lowercase());
    }
    let mut s0: BTreeSet<PageId> = came.iter().copied().collect();
    s0.extend(last.lookups.pages_looking_up(&names).filter_map(|o| now[o]));
    s0.extend(pointing_at(old, &went).into_iter().filter_map(|o| now[o]));

    let (mut new, errors) = resolve_with(resolver, pages, analyses, s0.iter().copied(), permalink);

    // The rest is the last build's, renumbered. A list (backlinks, cited by) keeps what
    // the pages not resolved again gave it, in page order among what those resolved gave.
    let kept = |i: PageId| last.was[i].filter(|_| !s0.contains(&i));
    let n = pages.len();
    new.resolutions = (0..n)
        .into_par_iter()
        .zip(std::mem::take(&mut new.resolutions))
        .map(|(i, r)| kept(i).map_or(r, |o| old.resolutions[o].clone()))
        .collect();
    new.outgoing = (0..n)
        .into_par_iter()
        .zip(std::mem::take(&mut new.outgoing))
        .map(|(i, r)| {
            kept(i).map_or(r, |o| {
                old.outgoing[o].iter().map(|&t| renumber(t)).collect()
            })
        })
        .collect();
    new.references = (0..n)
        .into_par_iter()
        .zip(std::mem::take(&mut new.references))
        .map(|(i, r)| {
            kept(i).map_or(r, |o| {
                (old.references[o].iter())
                    .map(|r| Reference {
                        source: renumber(r.source),
                        ..r.clone()
                    })
                    .collect()
            })
        })
        .collect();
    new.stated = (0..n)
        .into_par_iter()
        .zip(std::mem::take(&mut new.stated))
        .map(|(i, r)| {
            kept(i).map_or(r, |o| {
                let again = |marks: &Vec<Vec<StatedSource>>| {
                    (marks.iter())
                        .map(|m| {
                            (m.iter())
                                .map(|m| StatedSource {
                                    source: renumber(m.source),
                                    anchor: m.anchor.clone(),
                                })
                                .collect()
                        })
                        .collect()
                };
                let stated = &old.stated[o];
                StatedSources {
                    facts: again(&stated.facts),
                    corrections: again(&stated.corrections),
                }
            })
        })
        .collect();
    // Where a page that gave to a list now is, if it was not resolved again.
    let giver = |o: PageId| now[o].filter(|i| !s0.contains(i));
    new.backlinks = (0..n)
        .into_par_iter()
        .zip(std::mem::take(&mut new.backlinks))
        .map(|(i, again)| {
            let Some(o) = last.was[i] else { return again };
            let kept = (old.backlinks[o].iter()).filter_map(|b| {
                giver(b.from).map(|from| Backlink {
                    from,
                    places: b.places.clone(),
                })
            });
            merged(kept, again, |b| b.from)
        })
        .collect();
    new.cited_by = (0..n)
        .into_par_iter()
        .zip(std::mem::take(&mut new.cited_by))
        .map(|(i, again)| {
            let Some(o) = last.was[i] else { return again };
            let kept = (old.cited_by[o].iter()).filter_map(|c| {
                giver(c.page).map(|page| Citing {
                    page,
                    places: c.places.clone(),
                })
            });
            merged(kept, again, |c| c.page)
        })
        .collect();
    let from_kept = |o: PageId| giver(o).is_some();
    let mut relations: Vec<Relation> = (old.relations.iter())
        .filter(|r| from_kept(r.from))
        .map(|r| Relation {
            from: renumber(r.from),
            to: renumber(r.to),
            sources: r.sources.iter().map(|&x| renumber(x)).collect(),
            ..r.clone()
        })
        .chain(std::mem::take(&mut new.relations))
        .collect();
    relations.sort_by_key(|r| r.from);
    new.relations = relations;
    let mut events: Vec<TimelineEvent> = (old.events.iter())
        .filter(|e| from_kept(e.page))
        .map(|e| TimelineEvent {
            page: renumber(e.page),
            sources: e.sources.iter().map(|&x| renumber(x)).collect(),
            ..e.clone()
        })
        .chain(std::mem::take(&mut new.events))
        .collect();
    sort_events(&mut events, pages);
    new.events = events;
    Some((new, errors))
}

/// Two lists in page order, each page in one of them, as one list in page order.
fn merged<T>(kept: impl Iterator<Item = T>, again: Vec<T>, page: impl Fn(&T) -> PageId) -> Vec<T> {
    if again.is_empty() {
        return kept.collect();
    }
    let mut out = Vec::new();
    let mut again = again.into_iter().peekable();
    for k in kept {
        while let Some(a) = again.next_if(|a| page(a) < page(&k)) {
            out.push(a);
        }
        out.push(k);
    }
    out.extend(again);
    out
}

/// The pages contributing to `page`'s lists: what links to it or cites it.
fn contributors(resolved: &Resolved, page: PageId) -> impl Iterator<Item = PageId> + '_ {
    resolved.backlinks[page]
        .iter()
        .map(|b| b.from)
        .chain(resolved.cited_by[page].iter().map(|c| c.page))
}

/// The pages whose resolution read one of `pages`. Each link to another page leaves a place
/// in its backlinks, and so does a relation; each citation, and each source of a relation,
/// event, fact or correction, leaves one in the source's cited by: those lists name them all.
fn pointing_at(resolved: &Resolved, pages: &[PageId]) -> Vec<PageId> {
    (pages.iter())
        .flat_map(|&p| contributors(resolved, p))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::content::parse_page;
    use crate::markdown::analyze;

    /// A pseudo-random number below `n`, from a linear congruential generator.
    fn below(seed: &mut u64, n: usize) -> usize {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*seed >> 33) as usize) % n
    }

    /// A page's text: a note, source or event that links to, cites and relates to pages of
    /// the site by each kind of name (title, slug, path, `aka`, `@/` file, a heading).
    fn text(seed: &mut u64, kind: usize, n: usize, title: &str) -> String {
        let note = |seed: &mut u64| below(seed, n);
        let source = |seed: &mut u64| below(seed, 4);
        let mut front = format!("title = \"{title}\"\naka = [\"Also {title}\"]\n");
        let mut body = String::from("## Part\n\n");
        match kind {
            0 => front.push_str("kind = \"source\"\n"),
            1 => front.push_str(&format!(
                "kind = \"event\"\ndate = 2018-0{}-05\n",
                1 + below(seed, 9)
            )),
            _ => {}
        }
        for _ in 0..below(seed, 4) {
            let j = note(seed);
            let link = match below(seed, 6) {
                0 => format!("[[Note {j}]]"),
                1 => format!("[[n{j}]]"),
                2 => format!("[[notes/n{j}]]"),
                3 => format!("[it](@/notes/n{j}.md)"),
                4 => format!("[[Also Note {j}]]"),
                _ => format!("[[Note {j}#Part]]"),
            };
            body.push_str(&format!("A claim about {link} [@s{}].\n\n", source(seed)));
        }
        if below(seed, 2) == 0 {
            let (j, k) = (note(seed), source(seed));
            front.push_str(&format!(
                "[[relations]]\nto = \"Note {j}\"\nkind = \"knows\"\nsources = [\"s{k}\"]\n"
            ));
        }
        if below(seed, 3) == 0 {
            front.push_str(&format!(
                "[[events]]\ndate = 2019-01-0{}\ntitle = \"Met\"\nsources = [\"s{}\"]\n",
                1 + below(seed, 9),
                source(seed)
            ));
        }
        if below(seed, 3) == 0 {
            front.push_str(&format!(
                "[[facts]]\nlabel = \"Founded\"\nvalue = \"1949\"\nsources = [\"s{}\"]\n",
                source(seed)
            ));
        }
        format!("+++\n{front}+++\n{body}")
    }

    fn pages_of(files: &BTreeMap<String, String>) -> (Vec<Page>, Vec<Arc<Analysis>>) {
        let pages: Vec<Page> = (files.iter())
            .map(|(rel, text)| parse_page(rel, text.clone()).expect("a page"))
            .collect();
        let analyses = pages.iter().map(|p| Arc::new(analyze(p.body()))).collect();
        (pages, analyses)
    }

    fn permalink(path: &str) -> String {
        format!("https://example.org{path}")
    }

    /// Documents are found by file name across bundles, which the lookups do not index: a
    /// page with documents that came or went, or a kept page whose documents changed, has
    /// everything resolved again (`None`); pages without documents coming and going do not.
    #[test]
    fn documents_that_come_go_or_change_resolve_everything_again() {
        let page = |rel: &str, documents: &[&str]| {
            let mut p = parse_page(rel, "+++\ntitle = \"T\"\n+++\n".into()).unwrap();
            p.documents = (documents.iter())
                .map(|d| crate::content::document::Document::new(d, format!("/{d}")))
                .collect();
            p
        };
        let last_pages = vec![page("a/index.md", &["a/r.pdf"]), page("b.md", &[])];
        let analyses: Vec<Arc<Analysis>> = last_pages
            .iter()
            .map(|p| Arc::new(analyze(p.body())))
            .collect();
        let (resolved, _) = super::super::resolve(&last_pages, &analyses, &permalink);
        let lookups = Lookups::new(&last_pages, &analyses);
        let again = |pages: &[Page], was: Vec<Option<PageId>>| {
            let last = Last {
                pages: &last_pages,
                resolved: &resolved,
                lookups: &lookups,
                was: &was,
            };
            let analyses: Vec<Arc<Analysis>> =
                pages.iter().map(|p| Arc::new(analyze(p.body()))).collect();
            let resolver = Resolver::new(pages);
            resolve_again(&resolver, pages, &analyses, &permalink, &last).is_some()
        };
        let (a, b) = (page("a/index.md", &["a/r.pdf"]), page("b.md", &[]));
        let c = |documents: &[&str]| page("c.md", documents);
        assert!(again(
            &[a.clone(), b.clone(), c(&[])],
            vec![Some(0), Some(1), None]
        ));
        assert!(!again(
            &[a.clone(), b.clone(), c(&["c.pdf"])],
            vec![Some(0), Some(1), None]
        ));
        assert!(
            !again(std::slice::from_ref(&b), vec![Some(1)]),
            "a page with documents went"
        );
        assert!(
            again(std::slice::from_ref(&a), vec![Some(0)]),
            "a page without went"
        );
        let a2 = page("a/index.md", &["a/r.pdf", "a/s.pdf"]);
        assert!(
            !again(&[a2, b], vec![Some(0), Some(1)]),
            "a kept page's documents changed"
        );
    }

    /// Random files added, removed, renamed (the same title at another path) and edited,
    /// a few at a time: after each change, resolving again from the last good build equals
    /// resolving every page, and fails when that fails.
    #[test]
    fn resolving_again_after_pages_come_and_go_equals_resolving_all() {
        let mut compared = 0;
        for run in 0..30u64 {
            let mut seed = run;
            let n = 12;
            let mut files: BTreeMap<String, String> = BTreeMap::new();
            for k in 0..4 {
                let title = format!("Source {k}");
                files.insert(format!("sources/s{k}.md"), text(&mut seed, 0, n, &title));
            }
            for j in 0..n {
                let kind = below(&mut seed, 4);
                let t = text(&mut seed, kind, n, &format!("Note {j}"));
                files.insert(format!("notes/n{j}.md"), t);
            }
            let (mut last_pages, mut last_analyses) = pages_of(&files);
            let (mut last_resolved, mut errors) = (Resolved::default(), vec![()]);
            for _ in 0..12 {
                if errors.is_empty() {
                    break;
                }
                let (resolved, e) = super::super::resolve(&last_pages, &last_analyses, &permalink);
                (last_resolved, errors) = (resolved, e.into_iter().map(|_| ()).collect());
                if !errors.is_empty() {
                    // Start from a site that resolves: drop the links.
                    for t in files.values_mut() {
                        if let Some(i) = t.find("## Part") {
                            t.truncate(i);
                        }
                    }
                    (last_pages, last_analyses) = pages_of(&files);
                }
            }
            for _step in 0..20 {
                let before = files.clone();
                let mut read_again = BTreeSet::new();
                for _ in 0..1 + below(&mut seed, 3) {
                    let rels: Vec<String> = files.keys().cloned().collect();
                    let rel = rels[below(&mut seed, rels.len())].clone();
                    let j = below(&mut seed, n + 4);
                    match below(&mut seed, 5) {
                        0 => {
                            files.remove(&rel);
                        }
                        1 => {
                            let t = files.remove(&rel).unwrap();
                            let to = format!("moved/{}", rel.replace('/', "-"));
                            files.insert(to.clone(), t);
                            read_again.insert(to);
                        }
                        2 => {
                            let kind = below(&mut seed, 4);
                            let to = format!("notes/n{j}.md");
                            files
                                .insert(to.clone(), text(&mut seed, kind, n, &format!("Note {j}")));
                            read_again.insert(to);
                        }
                        3 => {
                            // At the top, its path is the slug of `notes/n{j}.md`: a path is
                            // found before a slug, so `[[n{j}]]` now leads here.
                            let to = format!("n{j}.md");
                            files.insert(to.clone(), text(&mut seed, 2, n, &format!("Top {j}")));
                            read_again.insert(to);
                        }
                        _ => {
                            // A source edited stays a source (its citations still lead to
                            // it); another page may take another kind and title.
                            let source = rel
                                .strip_prefix("sources/s")
                                .and_then(|r| r.strip_suffix(".md"));
                            let (kind, title) = match source {
                                Some(k) => (0, format!("Source {k}")),
                                None => {
                                    (below(&mut seed, 4), format!("Note {}", below(&mut seed, n)))
                                }
                            };
                            files.insert(rel.clone(), text(&mut seed, kind, n, &title));
                            read_again.insert(rel);
                        }
                    }
                }
                let (pages, analyses) = pages_of(&files);
                let ids: std::collections::HashMap<&str, PageId> = (last_pages.iter().enumerate())
                    .map(|(i, p)| (p.rel.as_str(), i))
                    .collect();
                let was: Vec<Option<PageId>> = (pages.iter())
                    .map(|p| {
                        ids.get(p.rel.as_str())
                            .copied()
                            .filter(|_| !read_again.contains(&p.rel))
                    })
                    .collect();
                let lookups = Lookups::new(&last_pages, &last_analyses);
                assert_eq!(
                    lookups.clone().again(&was, &pages, &analyses),
                    Lookups::new(&pages, &analyses),
                    "the lookups again"
                );
                let last = Last {
                    pages: &last_pages,
                    resolved: &last_resolved,
                    lookups: &lookups,
                    was: &was,
                };
                let resolver = Resolver::new(&pages);
                let (all, all_errors) = super::super::resolve(&pages, &analyses, &permalink);
                let (again, again_errors) =
                    resolve_again(&resolver, &pages, &analyses, &permalink, &last)
                        .expect("no documents");
                if all_errors.is_empty() {
                    assert!(again_errors.is_empty(), "{again_errors:?}");
                    assert_eq!(again, all, "run {run}: {before:#?}\n->\n{files:#?}");
                    compared += 1;
                    (last_pages, last_analyses, last_resolved) = (pages, analyses, all);
                } else {
                    assert!(!again_errors.is_empty(), "run {run}: errors missed");
                    files = before;
                }
            }
        }
        assert!(
            compared > 150,
            "only {compared} changes resolved without errors"
        );
    }
}

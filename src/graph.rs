//! Resolution: pure functions from the pages and their Markdown analyses to the web between
//! them — links, backlinks, citations and references, relations and the timeline — with every
//! broken reference reported at its file:line:col.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::content::date::PartialDate;
use crate::content::{Page, PageId};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::{Analysis, CiteMark, LinkSyntax, LinkTarget, Resolution};
use crate::suggestion::{self, Names};

/// The sentence around a link or citation: shared, not copied, between the Markdown
/// analysis and every backlink and "cited by" entry made from it.
pub type Context = std::sync::Arc<str>;

/// A page that links to another, with the sentence around the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub from: PageId,
    pub context: Context,
}

/// A source in a page's reference list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub number: usize,
    pub source: PageId,
    pub locators: Vec<String>,
}

/// A place that cites a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citing {
    pub page: PageId,
    pub context: Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub from: PageId,
    pub to: PageId,
    pub kind: String,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub sources: Vec<PageId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub page: PageId,
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub sources: Vec<PageId>,
    pub description: Option<String>,
}

/// Everything resolved, indexed by `PageId`.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub resolutions: Vec<Resolution>,
    /// Pages each page links to in its body, resolved, without repeats.
    pub outgoing: Vec<Vec<PageId>>,
    pub backlinks: Vec<Vec<Backlink>>,
    pub references: Vec<Vec<Reference>>,
    pub cited_by: Vec<Vec<Citing>>,
    pub relations: Vec<Relation>,
    /// Every event of the site, in date order.
    pub events: Vec<TimelineEvent>,
}

impl Graph {
    pub fn relations_from(&self, page: PageId) -> impl Iterator<Item = &Relation> {
        self.relations.iter().filter(move |r| r.from == page)
    }

    pub fn relations_to(&self, page: PageId) -> impl Iterator<Item = &Relation> {
        self.relations.iter().filter(move |r| r.to == page)
    }

    pub fn events_of(&self, page: PageId) -> impl Iterator<Item = &TimelineEvent> {
        self.events.iter().filter(move |e| e.page == page)
    }
}

/// Finds pages by the names a writer may use for them. It owns its index, so it can be kept
/// while the pages are not renamed (`dossier serve` keeps it between edits).
pub struct Resolver {
    by_path: HashMap<String, PageId>,
    by_rel: HashMap<String, PageId>,
    by_name: HashMap<String, Vec<PageId>>,
    sources: HashMap<String, PageId>,
    /// What to suggest for a missing target, made when first needed.
    suggestions: Suggestions,
}

/// The names to suggest from for each kind of target, indexed on the first broken one.
#[derive(Default)]
struct Suggestions {
    /// Paths, slugs, titles and `aka`s: for wikilinks and relation targets.
    names: OnceLock<Names>,
    /// Files under `content/`: for `@/` links.
    files: OnceLock<Names>,
    /// Slugs of sources: for citations.
    sources: OnceLock<Names>,
}

pub enum Lookup {
    Found(PageId),
    Ambiguous(Vec<PageId>),
    Missing(Option<String>),
}

/// The names a page is found by besides its path: slug, title and `aka`, lowercased.
pub fn names(page: &Page) -> Vec<String> {
    let mut names: Vec<String> = vec![page.slug.to_lowercase(), page.title.to_lowercase()];
    names.extend(page.front_matter.aka.iter().map(|a| a.to_lowercase()));
    names.sort();
    names.dedup();
    names.retain(|n| !n.is_empty());
    names
}

impl Resolver {
    pub fn new(pages: &[Page]) -> Self {
        let mut by_name: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in pages.iter().enumerate() {
            for name in names(page) {
                by_name.entry(name).or_default().push(id);
            }
        }
        Resolver {
            by_path: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.link_path().to_lowercase(), i))
                .collect(),
            by_rel: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.rel.clone(), i))
                .collect(),
            by_name,
            sources: pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_source())
                .map(|(i, p)| (p.slug.to_lowercase(), i))
                .collect(),
            suggestions: Suggestions::default(),
        }
    }

    /// A wikilink or relation target: path, then slug, title or `aka`, case-insensitively.
    pub fn lookup(&self, target: &str) -> Lookup {
        let key = target.trim().trim_matches('/').to_lowercase();
        let key = key.strip_suffix(".md").unwrap_or(&key);
        if let Some(&id) = self.by_path.get(key) {
            return Lookup::Found(id);
        }
        match self.by_name.get(key).map(Vec::as_slice) {
            Some([id]) => Lookup::Found(*id),
            Some(ids) if ids.len() > 1 => Lookup::Ambiguous(ids.to_vec()),
            _ => Lookup::Missing(
                self.suggestions
                    .names
                    .get_or_init(|| Names::new(self.by_path.keys().chain(self.by_name.keys())))
                    .closest(key),
            ),
        }
    }

    /// An `@/path.md` target: the file path relative to `content/`.
    pub fn lookup_file(&self, rel: &str) -> Lookup {
        match self.by_rel.get(rel.trim_start_matches('/')) {
            Some(&id) => Lookup::Found(id),
            None => Lookup::Missing(
                self.suggestions
                    .files
                    .get_or_init(|| Names::new(self.by_rel.keys()))
                    .closest(rel),
            ),
        }
    }

    /// A citation key: the slug of a page of kind `source`. The error holds a suggestion.
    pub fn source(&self, key: &str) -> Result<PageId, Option<String>> {
        let key = key.to_lowercase();
        match self.sources.get(&key) {
            Some(&id) => Ok(id),
            None => Err(self
                .suggestions
                .sources
                .get_or_init(|| Names::new(self.sources.keys()))
                .closest(&key)),
        }
    }

    fn candidates(pages: &[Page], ids: &[PageId]) -> String {
        ids.iter()
            .map(|&i| format!("`{}`", pages[i].link_path()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn did_you_mean(suggestion: Option<String>) -> String {
    suggestion.map_or(String::new(), |s| format!("; did you mean `{s}`?"))
}

/// Resolves every link, citation, relation and event of the site.
/// `permalink` turns a page's URL path into the address links should use.
pub fn resolve(
    pages: &[Page],
    analyses: &[Analysis],
    permalink: &(dyn Fn(&str) -> String + Sync),
) -> (Graph, Vec<Diagnostic>) {
    let resolver = Resolver::new(pages);
    resolve_with(&resolver, pages, analyses, 0..pages.len(), permalink)
}

/// What one page says, resolved: its own part of the graph, and what it adds to other
/// pages' (`(target, backlink)`, `(source, citing)`), made without touching theirs so that
/// pages resolve in parallel.
#[derive(Default)]
struct PageGraph {
    resolution: Resolution,
    outgoing: Vec<PageId>,
    backlinks: Vec<(PageId, Backlink)>,
    references: Vec<Reference>,
    cited: Vec<(PageId, Citing)>,
    relations: Vec<Relation>,
    events: Vec<TimelineEvent>,
    errors: Vec<Diagnostic>,
}

/// Resolves what the pages `ids` (in increasing order) say, against the whole site (which
/// `resolver` indexes): their resolutions, outgoing links, references, relations and events
/// are complete, and so are the backlinks and `cited_by` of every page all of whose linking
/// pages are among `ids`. `dossier serve` re-resolves the few pages an edit touches.
/// Pages resolve in parallel, then join the graph in order.
pub fn resolve_with(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Analysis],
    ids: impl IntoIterator<Item = PageId>,
    permalink: &(dyn Fn(&str) -> String + Sync),
) -> (Graph, Vec<Diagnostic>) {
    let ids: Vec<PageId> = ids.into_iter().collect();
    let resolved: Vec<PageGraph> = ids
        .par_iter()
        .map(|&id| resolve_page(resolver, pages, analyses, id, permalink))
        .collect();
    let mut errors = Vec::new();
    let n = pages.len();
    let mut graph = Graph {
        resolutions: vec![Resolution::default(); n],
        outgoing: vec![Vec::new(); n],
        backlinks: vec![Vec::new(); n],
        references: vec![Vec::new(); n],
        cited_by: vec![Vec::new(); n],
        ..Graph::default()
    };
    for (id, own) in ids.into_iter().zip(resolved) {
        graph.resolutions[id] = own.resolution;
        graph.outgoing[id] = own.outgoing;
        graph.references[id] = own.references;
        for (target, backlink) in own.backlinks {
            graph.backlinks[target].push(backlink);
        }
        for (source, citing) in own.cited {
            graph.cited_by[source].push(citing);
        }
        graph.relations.extend(own.relations);
        graph.events.extend(own.events);
        errors.extend(own.errors);
    }

    // Sources of relations and events join the reference list of the page that states them.
    let stated = graph
        .relations
        .iter()
        .map(|r| (r.from, &r.sources))
        .chain(graph.events.iter().map(|e| (e.page, &e.sources)));
    for (page, sources) in stated {
        for &source in sources {
            let refs = &mut graph.references[page];
            if !refs.iter().any(|r| r.source == source) {
                refs.push(Reference {
                    number: refs.len() + 1,
                    source,
                    locators: Vec::new(),
                });
            }
        }
    }

    // Relations are links too: they make backlinks.
    for r in &graph.relations {
        if r.from != r.to && !graph.backlinks[r.to].iter().any(|b| b.from == r.from) {
            graph.backlinks[r.to].push(Backlink {
                from: r.from,
                context: Context::from(format!(
                    "{} — {} → {}",
                    pages[r.from].title, r.kind, pages[r.to].title
                )),
            });
        }
    }
    for list in &mut graph.cited_by {
        list.dedup_by(|a, b| a.page == b.page && a.context == b.context);
    }
    sort_events(&mut graph.events, pages);
    (graph, errors)
}

/// Page `id`'s links, citations, relations and events, resolved.
fn resolve_page(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Analysis],
    id: PageId,
    permalink: &(dyn Fn(&str) -> String + Sync),
) -> PageGraph {
    let (page, analysis) = (&pages[id], &analyses[id]);
    let mut own = PageGraph::default();
    // Findings come in the order of the text: one pass places them all.
    let lines = LineIndex::new(&page.text);
    let body_error = |offset: usize, message: String| {
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_place(&lines, page.body_offset + offset)
    };
    let mut linked: HashSet<PageId> = HashSet::new();
    // The heading ids of each page linked to with an anchor, gathered on its first anchor.
    let mut anchors: HashMap<PageId, HashSet<&str>> = HashMap::new();

    for link in &analysis.links {
        // For messages only.
        let written = || match link.syntax {
            LinkSyntax::Wiki => format!("[[{}]]", link.target),
            LinkSyntax::At => format!("@/{}", link.target),
        };
        let found = if link.target.is_empty() {
            Lookup::Found(id)
        } else if link.syntax == LinkSyntax::At {
            resolver.lookup_file(&link.target)
        } else {
            resolver.lookup(&link.target)
        };
        let target = match found {
            Lookup::Found(t) => Some(t),
            Lookup::Ambiguous(ids) => {
                own.errors.push(body_error(
                    link.offset,
                    format!(
                        "link {} matches several pages: {}; write the path to choose one",
                        written(),
                        Resolver::candidates(pages, &ids)
                    ),
                ));
                None
            }
            Lookup::Missing(suggestion) => {
                own.errors.push(body_error(
                    link.offset,
                    format!(
                        "link {} matches no page{}",
                        written(),
                        did_you_mean(suggestion)
                    ),
                ));
                None
            }
        };
        let resolved = target.and_then(|t| {
            let mut href = permalink(&pages[t].path);
            if let Some(anchor) = &link.anchor {
                let ids = &analyses[t].headings;
                let known = anchors
                    .entry(t)
                    .or_insert_with(|| ids.iter().map(|h| h.id.as_str()).collect());
                if !known.contains(anchor.as_str()) {
                    let suggestion = suggestion::closest(anchor, ids.iter().map(|h| h.id.as_str()));
                    own.errors.push(body_error(
                        link.offset,
                        format!(
                            "{} has no heading with id `#{anchor}`{}",
                            pages[t].file.display(),
                            did_you_mean(suggestion.map(|s| format!("#{s}")))
                        ),
                    ));
                    return None;
                }
                href = if t == id {
                    format!("#{anchor}")
                } else {
                    format!("{href}#{anchor}")
                };
            }
            if t != id && linked.insert(t) {
                own.outgoing.push(t);
                own.backlinks.push((
                    t,
                    Backlink {
                        from: id,
                        context: link.context.clone(),
                    },
                ));
            }
            Some(LinkTarget {
                href,
                title: pages[t].title.clone(),
            })
        });
        own.resolution.links.push(resolved);
    }

    let mut numbers: HashMap<PageId, usize> = HashMap::new();
    for citation in &analysis.citations {
        let mut marks = Vec::new();
        for item in &citation.items {
            let source = match resolver.source(&item.key) {
                Ok(s) => s,
                Err(suggestion) => {
                    let hint = match resolver.lookup(&item.key) {
                        Lookup::Found(p) => format!(
                            "; {} exists but is not a source (add `kind = \"source\"`)",
                            pages[p].file.display()
                        ),
                        _ => did_you_mean(suggestion),
                    };
                    own.errors.push(body_error(
                        citation.offset,
                        format!("citation of unknown source `@{}`{hint}", item.key),
                    ));
                    continue;
                }
            };
            let next = numbers.len() + 1;
            let number = *numbers.entry(source).or_insert(next);
            let refs = &mut own.references;
            match refs.iter_mut().find(|r| r.source == source) {
                Some(r) => {
                    if let Some(l) = &item.locator {
                        if !r.locators.contains(l) {
                            r.locators.push(l.clone());
                        }
                    }
                }
                None => refs.push(Reference {
                    number,
                    source,
                    locators: item.locator.iter().cloned().collect(),
                }),
            }
            own.cited.push((
                source,
                Citing {
                    page: id,
                    context: citation.context.clone(),
                },
            ));
            marks.push(CiteMark {
                number,
                locator: item.locator.clone(),
            });
        }
        own.resolution.citations.push(marks);
    }

    retitle_contexts(analysis, &mut own);
    resolve_front_matter(id, page, pages, resolver, &mut own);
    if page.kind() == Some("event") {
        if let Some(date) = page.front_matter.date.as_ref() {
            if let Some(date) = PartialDate::from_toml(&toml::Value::Datetime(*date)) {
                own.events.push(TimelineEvent {
                    page: id,
                    title: page.title.clone(),
                    date,
                    end: None,
                    sources: own.references.iter().map(|r| r.source).collect(),
                    description: page.front_matter.description.clone(),
                });
            }
        }
    }

    own
}

/// In the context of backlinks and citations, an unlabelled wikilink reads as its target's
/// title, as it does on the page. Each context is retitled once, with the wikilinks made
/// in it (links share the context of their sentence or short block), so a page of many
/// links costs time in proportion to them.
fn retitle_contexts(analysis: &Analysis, own: &mut PageGraph) {
    let mut shown: HashMap<&Context, Vec<(String, &str)>> = HashMap::new();
    for (link, target) in analysis.links.iter().zip(&own.resolution.links) {
        let Some(target) = target.as_ref().filter(|_| link.unlabelled) else {
            continue;
        };
        let raw = match &link.anchor {
            Some(a) => format!("{}#{a}", link.target),
            None => link.target.clone(),
        };
        let in_context = shown.entry(&link.context).or_default();
        if !in_context.iter().any(|(r, _)| *r == raw) {
            in_context.push((raw, &target.title));
        }
    }
    if shown.is_empty() {
        return;
    }
    let mut retitled: HashMap<Context, Context> = HashMap::new();
    let mut retitle = |context: &mut Context| {
        let Some(links) = shown.get(&*context) else {
            return;
        };
        let new = retitled.entry(context.clone()).or_insert_with(|| {
            let mut text = context.to_string();
            for (raw, title) in links {
                crate::cost::step("retitle", text.len());
                if text.contains(raw.as_str()) {
                    text = text.replace(raw.as_str(), title);
                }
            }
            Context::from(text)
        });
        *context = new.clone();
    };
    for (_, b) in &mut own.backlinks {
        retitle(&mut b.context);
    }
    for (_, c) in &mut own.cited {
        retitle(&mut c.context);
    }
}

/// Puts events in timeline order: by date, end, title, then page (a stable sort).
pub fn sort_events(events: &mut [TimelineEvent], pages: &[Page]) {
    events.sort_by(|a, b| {
        (a.date, a.end, &a.title, &pages[a.page].path).cmp(&(
            b.date,
            b.end,
            &b.title,
            &pages[b.page].path,
        ))
    });
}

/// `[[relations]]` and `[[events]]` of one page.
fn resolve_front_matter(
    id: PageId,
    page: &Page,
    pages: &[Page],
    resolver: &Resolver,
    own: &mut PageGraph,
) {
    let lines = LineIndex::new(&page.text);
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_place(&lines, page.front_matter_offset + span.start)
    };
    let date = |value: &toml::Spanned<toml::Value>, field: &str, errors: &mut Vec<Diagnostic>| {
        let parsed = PartialDate::from_toml(value.get_ref());
        if parsed.is_none() {
            errors.push(at(
                value.span(),
                format!("`{field}` must be a date (2018-09-05), a \"YYYY-MM\" string or a year"),
            ));
        }
        parsed
    };
    let sources_of = |keys: &[toml::Spanned<String>], what: &str, own: &mut PageGraph| {
        let mut ids = Vec::new();
        for key in keys {
            match resolver.source(key.get_ref()) {
                Ok(s) => {
                    ids.push(s);
                    own.cited.push((
                        s,
                        Citing {
                            page: id,
                            context: Context::from(what),
                        },
                    ));
                }
                Err(suggestion) => own.errors.push(at(
                    key.span(),
                    format!(
                        "unknown source `{}`{}",
                        key.get_ref(),
                        did_you_mean(suggestion)
                    ),
                )),
            }
        }
        ids
    };

    for relation in &page.front_matter.relations {
        let target = relation.to.get_ref();
        let to = match resolver.lookup(target) {
            Lookup::Found(t) => Some(t),
            Lookup::Ambiguous(ids) => {
                own.errors.push(at(
                    relation.to.span(),
                    format!(
                        "relation target `{target}` matches several pages: {}; write the path to choose one",
                        Resolver::candidates(pages, &ids)
                    ),
                ));
                None
            }
            Lookup::Missing(suggestion) => {
                own.errors.push(at(
                    relation.to.span(),
                    format!(
                        "relation target `{target}` matches no page{}",
                        did_you_mean(suggestion)
                    ),
                ));
                None
            }
        };
        let since = relation
            .since
            .as_ref()
            .and_then(|v| date(v, "since", &mut own.errors));
        let until = relation
            .until
            .as_ref()
            .and_then(|v| date(v, "until", &mut own.errors));
        let label = format!("{} {} {}", page.title, relation.kind, target);
        let sources = sources_of(&relation.sources, &label, own);
        if let Some(to) = to {
            own.relations.push(Relation {
                from: id,
                to,
                kind: relation.kind.clone(),
                since,
                until,
                sources,
            });
        }
    }

    for event in &page.front_matter.events {
        let start = date(&event.date, "date", &mut own.errors);
        let end = event
            .end
            .as_ref()
            .and_then(|v| date(v, "end", &mut own.errors));
        let sources = sources_of(&event.sources, &event.title, own);
        if let Some(start) = start {
            own.events.push(TimelineEvent {
                page: id,
                title: event.title.clone(),
                date: start,
                end,
                sources,
                description: event.description.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;
    use crate::markdown::analyze;

    /// A hub page of unlabelled wikilinks to `n` pages, in one paragraph, and those pages.
    fn hub_site(n: usize, sentences: bool) -> (Vec<Page>, Vec<Analysis>) {
        let end = if sentences { ". " } else { " " };
        let links: String = (0..n).map(|i| format!("See [[page-{i}]]{end}")).collect();
        let mut pages: Vec<Page> = (0..n)
            .map(|i| {
                let text = format!("+++\ntitle = \"Page {i}\"\n+++\n");
                parse_page(&format!("notes/page-{i}.md"), text).expect("a page")
            })
            .collect();
        pages.push(parse_page("hub.md", format!("+++\ntitle = \"Hub\"\n+++\n{links}\n")).unwrap());
        let analyses = pages.iter().map(|p| analyze(p.body())).collect();
        (pages, analyses)
    }

    fn resolve_hub(n: usize, sentences: bool) -> Graph {
        let (pages, analyses) = hub_site(n, sentences);
        let (graph, errors) = resolve(&pages, &analyses, &|p: &str| p.to_string());
        assert!(errors.is_empty(), "{errors:?}");
        graph
    }

    #[test]
    fn backlinks_read_unlabelled_wikilinks_as_titles() {
        let graph = resolve_hub(3, true);
        let contexts: Vec<&str> = (0..3).map(|i| &*graph.backlinks[i][0].context).collect();
        assert_eq!(contexts, ["See Page 0. See Page 1. See Page 2."; 3]);
        let graph = resolve_hub(60, true);
        assert_eq!(&*graph.backlinks[41][0].context, "See Page 41.");
        assert_eq!(graph.outgoing[60].len(), 60);
    }

    /// Bytes read to retitle the backlinks of a hub of `n` links.
    fn retitle_bytes(n: usize, sentences: bool) -> usize {
        crate::cost::counts::steps_of("retitle", || resolve_hub(n, sentences))
    }

    #[test]
    fn a_hub_of_many_links_retitles_in_proportion() {
        for sentences in [false, true] {
            let (small, large) = (retitle_bytes(200, sentences), retitle_bytes(800, sentences));
            assert!(
                large <= 5 * small,
                "{small} bytes for 200 links, {large} for 800 (sentences: {sentences})"
            );
        }
    }

    /// Names looked at to suggest names for `broken` links to 20 missing targets.
    fn candidates(broken: usize) -> usize {
        let (pages, _) = hub_site(50, false);
        let resolver = Resolver::new(&pages);
        crate::cost::counts::steps_of("suggestion candidate", || {
            for i in 0..broken {
                resolver.lookup(&format!("missing-{}", i % 20));
            }
        })
    }

    #[test]
    fn each_missing_target_is_searched_once() {
        assert_eq!(candidates(100), candidates(400));
    }
}

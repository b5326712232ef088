//! Resolution: pure functions from the pages and their Markdown analyses to the web between
//! them — links, backlinks, citations and references, relations and the timeline — with every
//! broken reference reported at its file:line:col.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::date::PartialDate;
use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::markdown::{Analysis, CiteMark, Embed, LinkRef, LinkSyntax, LinkTarget, Resolution};

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
    /// A one-off act's date; a state has `since` and `until` instead.
    pub date: Option<PartialDate>,
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
    /// Documents by lowercased file name, and by path relative to `content/`.
    documents_by_name: HashMap<String, Vec<DocumentId>>,
    documents_by_rel: HashMap<String, DocumentId>,
}

/// A document: its bundle's page and its place in `Page::documents`.
pub type DocumentId = (PageId, usize);

/// A link target found among the documents.
pub enum DocumentLookup {
    Found(DocumentId),
    /// The documents of that name.
    Ambiguous(Vec<DocumentId>),
    Missing(Option<String>),
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
        let mut documents_by_name: HashMap<String, Vec<DocumentId>> = HashMap::new();
        let mut documents_by_rel = HashMap::new();
        for (id, page) in pages.iter().enumerate() {
            for (i, d) in page.documents.iter().enumerate() {
                documents_by_name
                    .entry(d.name.to_lowercase())
                    .or_default()
                    .push((id, i));
                documents_by_rel.insert(d.rel.to_lowercase(), (id, i));
            }
        }
        Resolver {
            documents_by_name,
            documents_by_rel,
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
            _ => Lookup::Missing(self.suggest(key, self.by_path.keys().chain(self.by_name.keys()))),
        }
    }

    /// An `@/path.md` target: the file path relative to `content/`.
    pub fn lookup_file(&self, rel: &str) -> Lookup {
        match self.by_rel.get(rel.trim_start_matches('/')) {
            Some(&id) => Lookup::Found(id),
            None => Lookup::Missing(self.suggest(rel, self.by_rel.keys())),
        }
    }

    /// A document by its path relative to `content/`, or by its file name when no other
    /// document has that name.
    pub fn lookup_document(&self, target: &str) -> DocumentLookup {
        let key = target.trim().trim_start_matches('/').to_lowercase();
        if let Some(&d) = self.documents_by_rel.get(&key) {
            return DocumentLookup::Found(d);
        }
        if !key.contains('/') {
            match self.documents_by_name.get(&key).map(Vec::as_slice) {
                Some([d]) => return DocumentLookup::Found(*d),
                Some(ds) if ds.len() > 1 => return DocumentLookup::Ambiguous(ds.to_vec()),
                _ => {}
            }
        }
        let names = self
            .documents_by_rel
            .keys()
            .chain(self.documents_by_name.keys());
        DocumentLookup::Missing(self.suggest(&key, names))
    }

    /// A citation key: the slug of a page of kind `source`. The error holds a suggestion.
    pub fn source(&self, key: &str) -> Result<PageId, Option<String>> {
        let key = key.to_lowercase();
        match self.sources.get(&key) {
            Some(&id) => Ok(id),
            None => Err(self.suggest(&key, self.sources.keys())),
        }
    }

    pub fn suggest<S: AsRef<str>>(
        &self,
        key: &str,
        candidates: impl Iterator<Item = S>,
    ) -> Option<String> {
        Resolver::suggest_among(key, candidates)
    }

    /// The candidate closest to `key`, if one is close enough to be what was meant.
    pub fn suggest_among<S: AsRef<str>>(
        key: &str,
        candidates: impl Iterator<Item = S>,
    ) -> Option<String> {
        let mut best: Option<(f64, String)> = None;
        for c in candidates {
            let c = c.as_ref();
            let score = strsim::normalized_damerau_levenshtein(key, c);
            if score >= 0.6
                && best
                    .as_ref()
                    .is_none_or(|(s, b)| score > *s || (score == *s && c < b.as_str()))
            {
                best = Some((score, c.to_string()));
            }
        }
        best.map(|(_, name)| name)
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
    let body_error = |offset: usize, message: String| {
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_offset(&page.text, page.body_offset + offset)
    };

    for link in &analysis.links {
        let at = LinkAt {
            resolver,
            pages,
            analyses,
            permalink,
            from: id,
            link,
        };
        let resolved = at.resolve(&mut own);
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
            let locator_href = item
                .locator
                .as_deref()
                .and_then(locator_page)
                .zip(main_document(&pages[source]))
                .map(|(n, doc)| format!("{}#page={n}", permalink(&doc.path)));
            marks.push(CiteMark {
                number,
                locator: item.locator.clone(),
                locator_href,
            });
        }
        own.resolution.citations.push(marks);
    }

    // In the context of backlinks, an unlabelled wikilink reads as its target's title, as
    // it does on the page.
    let shown: Vec<(String, String)> = analysis
        .links
        .iter()
        .zip(&own.resolution.links)
        .filter(|(link, _)| link.unlabelled)
        .filter_map(|(link, target)| {
            let raw = match &link.anchor {
                Some(a) => format!("{}#{a}", link.target),
                None => link.target.clone(),
            };
            Some((raw, target.as_ref()?.title.clone()))
        })
        .collect();
    if !shown.is_empty() {
        let retitle = |context: &mut Context| {
            for (raw, title) in &shown {
                if context.contains(raw.as_str()) {
                    *context = Context::from(context.replace(raw.as_str(), title));
                }
            }
        };
        for (_, b) in &mut own.backlinks {
            retitle(&mut b.context);
        }
        for (_, c) in &mut own.cited {
            retitle(&mut c.context);
        }
    }

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

/// One internal link or embed of a page, with what resolving it needs.
struct LinkAt<'a> {
    resolver: &'a Resolver,
    pages: &'a [Page],
    analyses: &'a [Analysis],
    permalink: &'a (dyn Fn(&str) -> String + Sync),
    /// The page the link is on.
    from: PageId,
    link: &'a LinkRef,
}

impl LinkAt<'_> {
    fn error(&self, message: String) -> Diagnostic {
        let page = &self.pages[self.from];
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_offset(&page.text, page.body_offset + self.link.offset)
    }

    /// The link as written, for messages.
    fn written(&self) -> String {
        let target = &self.link.target;
        match (self.link.syntax, self.link.embed) {
            (LinkSyntax::Wiki, true) => format!("embed ![[{target}]]"),
            (LinkSyntax::Wiki, false) => format!("link [[{target}]]"),
            (LinkSyntax::At, _) => format!("link @/{target}"),
        }
    }

    /// The page or document the link names; an error in `own` if it names none, or several.
    fn resolve(&self, own: &mut PageGraph) -> Option<LinkTarget> {
        let link = self.link;
        let found = if link.target.is_empty() {
            Lookup::Found(self.from)
        } else if link.syntax == LinkSyntax::At {
            if !link.target.to_lowercase().ends_with(".md") {
                return self.to_document(own);
            }
            self.resolver.lookup_file(&link.target)
        } else {
            match self.resolver.lookup(&link.target) {
                Lookup::Missing(_) if looks_like_file_name(&link.target) => {
                    return self.to_document(own);
                }
                found => found,
            }
        };
        match found {
            Lookup::Found(t) => self.to_page(t, own),
            Lookup::Ambiguous(ids) => {
                own.errors.push(self.error(format!(
                    "{} matches several pages: {}; write the path to choose one",
                    self.written(),
                    Resolver::candidates(self.pages, &ids)
                )));
                None
            }
            Lookup::Missing(suggestion) => {
                own.errors.push(self.error(format!(
                    "{} matches no page{}",
                    self.written(),
                    did_you_mean(suggestion)
                )));
                None
            }
        }
    }

    /// The link found page `t`: its anchor checked, a backlink made.
    fn to_page(&self, t: PageId, own: &mut PageGraph) -> Option<LinkTarget> {
        let (pages, id, link) = (self.pages, self.from, self.link);
        let mut href = (self.permalink)(&pages[t].path);
        if let Some(anchor) = &link.anchor {
            let ids = &self.analyses[t].headings;
            if !ids.iter().any(|h| &h.id == anchor) {
                let suggestion = self
                    .resolver
                    .suggest(anchor, ids.iter().map(|h| h.id.as_str()));
                own.errors.push(self.error(format!(
                    "{} has no heading with id `#{anchor}`{}",
                    pages[t].file.display(),
                    did_you_mean(suggestion.map(|s| format!("#{s}")))
                )));
                return None;
            }
            href = if t == id {
                format!("#{anchor}")
            } else {
                format!("{href}#{anchor}")
            };
        }
        if t != id && !own.outgoing.contains(&t) {
            own.outgoing.push(t);
            own.backlinks.push((
                t,
                Backlink {
                    from: id,
                    context: link.context.clone(),
                },
            ));
        }
        let embed = link.embed.then(|| Embed::Page {
            kind: pages[t].kind().map(str::to_string),
            description: pages[t].front_matter.description.clone(),
        });
        Some(LinkTarget {
            href,
            title: pages[t].title.clone(),
            embed,
        })
    }

    /// The link names a document of a bundle, by its name or its path.
    fn to_document(&self, own: &mut PageGraph) -> Option<LinkTarget> {
        let (page, index) = match self.resolver.lookup_document(&self.link.target) {
            DocumentLookup::Found(d) => d,
            DocumentLookup::Ambiguous(ds) => {
                let candidates = ds
                    .iter()
                    .map(|&(p, i)| format!("`{}`", self.pages[p].documents[i].rel))
                    .collect::<Vec<_>>()
                    .join(", ");
                own.errors.push(self.error(format!(
                    "{} matches several documents: {candidates}; write the path to choose one",
                    self.written()
                )));
                return None;
            }
            DocumentLookup::Missing(suggestion) => {
                own.errors.push(self.error(format!(
                    "{} matches no page or document{}",
                    self.written(),
                    did_you_mean(suggestion)
                )));
                return None;
            }
        };
        let doc = &self.pages[page].documents[index];
        let mut href = (self.permalink)(&doc.path);
        if let Some(anchor) = &self.link.anchor {
            href = format!("{href}#{anchor}");
        }
        let embed = self.link.embed.then(|| match doc.is_image {
            true => Embed::Image,
            false => Embed::Document(Box::new(doc.clone())),
        });
        Some(LinkTarget {
            href,
            title: doc.name.clone(),
            embed,
        })
    }
}

/// `report.pdf`, `sources/x/minutes.docx`: a name ending in a short extension.
fn looks_like_file_name(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.to_lowercase() != "md"
    })
}

/// A source's main document: the one `document =` names, else its only PDF.
pub fn main_document(page: &Page) -> Option<&crate::content::Document> {
    if let Some(named) = &page.front_matter.document {
        return document_named(page, named.get_ref());
    }
    let mut pdfs = page.documents.iter().filter(|d| d.is_pdf());
    match (pdfs.next(), pdfs.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// A document of `page`'s bundle by its name or its path within the bundle.
fn document_named<'a>(page: &'a Page, name: &str) -> Option<&'a crate::content::Document> {
    let name = name.trim().trim_start_matches("./");
    page.documents.iter().find(|d| d.name == name)
}

/// The page a locator points to: `p. 4`, `pp. 4–6`, `page 4`, `4`.
fn locator_page(locator: &str) -> Option<u32> {
    let l = locator.trim().to_lowercase();
    let rest = ["pages", "page", "pp.", "pp", "p."]
        .iter()
        .find_map(|p| l.strip_prefix(p))
        .or_else(|| l.strip_prefix("p ").map(|r| r.trim_start()))
        .unwrap_or(&l)
        .trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&n| n > 0)
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
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_offset(&page.text, page.front_matter_offset + span.start)
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

    if let Some(named) = &page.front_matter.document {
        if document_named(page, named.get_ref()).is_none() {
            let message = if page.bundle.is_none() {
                format!(
                    "`document = \"{}\"` names no file: this page is not a bundle (a folder \
                     with `index.md` and its documents)",
                    named.get_ref()
                )
            } else {
                let names = page.documents.iter().map(|d| d.name.as_str());
                let suggestion = resolver.suggest(named.get_ref(), names);
                format!(
                    "`document = \"{}\"` names no file of this page's bundle{}",
                    named.get_ref(),
                    did_you_mean(suggestion)
                )
            };
            own.errors.push(at(named.span(), message));
        }
    }

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
        let when = relation
            .date
            .as_ref()
            .and_then(|v| date(v, "date", &mut own.errors));
        if let (Some(d), true) = (
            &relation.date,
            relation.since.is_some() || relation.until.is_some(),
        ) {
            own.errors.push(at(
                d.span(),
                "a relation has either `date` (a one-off act: founded, questioned) or \
                 `since`/`until` (a state that lasted: chaired, was a member of), not both"
                    .to_string(),
            ));
        }
        let since = relation
            .since
            .as_ref()
            .and_then(|v| date(v, "since", &mut own.errors));
        let until = relation
            .until
            .as_ref()
            .and_then(|v| date(v, "until", &mut own.errors));
        // The context "cited by" shows: titles, never the path the writer typed.
        let object = to.map_or(target.as_str(), |t| pages[t].title.as_str());
        let label = format!("{} {} {}", page.title, relation.kind, object);
        let sources = sources_of(&relation.sources, &label, own);
        if let Some(to) = to {
            own.relations.push(Relation {
                from: id,
                to,
                kind: relation.kind.clone(),
                date: when,
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

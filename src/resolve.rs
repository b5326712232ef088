//! Resolution: pure functions from the pages and their Markdown analyses to the web between
//! them — links, backlinks, citations and references, relations and the timeline — with every
//! broken reference reported at its file:line:col.

mod again;
pub mod lookups;
mod reindex;

pub use again::{resolve_again, Last};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::content::date::PartialDate;
use crate::content::kind::Kind;
use crate::content::{Page, PageId};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::library::PageIds;
use crate::markdown::{
    Analysis, CiteMark, Embed, Excerpt, LinkRef, LinkSyntax, LinkTarget, Resolution,
};
use crate::suggestion::{self, Names};

/// A place in a page that links to or cites another: the id of the link, citation mark or
/// relation there, and the words around it (their text shared with the Markdown analysis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub anchor: String,
    pub context: Excerpt,
}

/// A page that links to another, with every place it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub from: PageId,
    /// Shared: a rebuild that keeps the linking page keeps its places.
    pub places: Arc<Vec<Place>>,
}

/// A source in a page's reference list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub number: usize,
    pub source: PageId,
    pub locators: Vec<String>,
    /// The ids of the marks citing it in the page, in order: body, relations, events.
    pub anchors: Vec<String>,
}

/// A page that cites a source, with every place it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citing {
    pub page: PageId,
    /// Shared, as `Backlink::places`.
    pub places: Arc<Vec<Place>>,
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
    /// The id of the relation on the page stating it (`relation-1`).
    pub anchor: String,
    /// The ids of its source marks there, one a source.
    pub source_anchors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub page: PageId,
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub sources: Vec<PageId>,
    /// The ids of its source marks on its page, one a source; none for an event page's own
    /// event, whose sources are cited in its text.
    pub source_anchors: Vec<String>,
    pub description: Option<String>,
}

/// A source mark of a `[[facts]]` or `[[corrections]]` entry: the source, and the mark's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedSource {
    pub source: PageId,
    pub anchor: String,
}

/// The source marks of a page's key facts and corrections, entry by entry as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatedSources {
    pub facts: Vec<Vec<StatedSource>>,
    pub corrections: Vec<Vec<StatedSource>>,
}

/// Everything resolved, indexed by `PageId`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Shared: a rebuild keeps the resolutions of the pages it does not resolve again.
    pub resolutions: Vec<Arc<Resolution>>,
    /// Pages each page links to in its body, resolved, without repeats.
    pub outgoing: Vec<Vec<PageId>>,
    pub backlinks: Vec<Vec<Backlink>>,
    pub references: Vec<Vec<Reference>>,
    pub cited_by: Vec<Vec<Citing>>,
    pub relations: Vec<Relation>,
    /// Every event of the site, in date order.
    pub events: Vec<TimelineEvent>,
    /// The sources of each page's key facts and corrections.
    pub stated: Vec<StatedSources>,
}

impl Resolved {
    pub fn relations_from(&self, page: PageId) -> impl Iterator<Item = &Relation> {
        self.relations.iter().filter(move |r| r.from == page)
    }

    pub fn relations_to(&self, page: PageId) -> impl Iterator<Item = &Relation> {
        self.relations.iter().filter(move |r| r.to == page)
    }

    pub fn events_of(&self, page: PageId) -> impl Iterator<Item = &TimelineEvent> {
        self.events.iter().filter(move |e| e.page == page)
    }

    /// The pages whose key facts or corrections cite a page that `is_one` marks.
    pub fn stating<'a>(&'a self, is_one: &'a [bool]) -> impl Iterator<Item = PageId> + 'a {
        let cites = |s: &StatedSources| {
            let mut marks = s.facts.iter().chain(&s.corrections).flatten();
            marks.any(|m| is_one[m.source])
        };
        (self.stated.iter().enumerate())
            .filter(move |(_, s)| cites(s))
            .map(|(id, _)| id)
    }
}

/// Finds pages by the names a writer may use for them. It owns its index, so it can be kept
/// while the pages are not renamed (`dossier serve` keeps it between edits).
pub struct Resolver {
    // foldhash rather than SipHash: made again on every rebuild of a big site's shape.
    by_path: foldhash::HashMap<String, PageId>,
    /// Shared with the library (`Library::ids`).
    by_rel: Arc<PageIds>,
    by_name: foldhash::HashMap<String, Vec<PageId>>,
    sources: foldhash::HashMap<String, PageId>,
    /// The drafts left out of this build, by every name they would be found by, so that a
    /// link to one says so instead of "matches no page".
    drafts: HashMap<String, PathBuf>,
    /// What to suggest for a missing target, made when first needed.
    suggestions: Suggestions,
    /// Documents by lowercased file name, and by path relative to `content/`.
    documents_by_name: HashMap<String, Vec<DocumentId>>,
    documents_by_rel: HashMap<String, DocumentId>,
    /// Whether no two pages have the same path or source key, and no two documents the same
    /// path: then `again` can take a page's keys out without finding another's under them.
    unique: bool,
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

/// Documents by lowercased file name, and by path relative to `content/`, and whether no
/// two documents have the same path.
type DocumentIndex = (
    HashMap<String, Vec<DocumentId>>,
    HashMap<String, DocumentId>,
    bool,
);

fn documents(pages: &[Page]) -> DocumentIndex {
    let mut by_name: HashMap<String, Vec<DocumentId>> = HashMap::new();
    let mut by_rel = HashMap::new();
    let mut unique = true;
    for (id, page) in pages.iter().enumerate() {
        for (name, rel, d) in document_keys(id, page) {
            by_name.entry(name).or_default().push(d);
            unique &= by_rel.insert(rel, d).is_none();
        }
    }
    (by_name, by_rel, unique)
}

/// The keys page `id`'s documents are found by: lowercased file name and path relative to
/// `content/`.
fn document_keys(
    id: PageId,
    page: &Page,
) -> impl Iterator<Item = (String, String, DocumentId)> + '_ {
    (page.documents.iter().enumerate())
        // A translation's shared documents are its original's, found there.
        .filter(|(_, d)| page.lang.is_none() || d.path.starts_with(&page.path))
        .map(move |(i, d)| (d.name.to_lowercase(), d.rel.to_lowercase(), (id, i)))
}

/// The key `page` is found by its path under.
fn path_key(page: &Page) -> String {
    in_language(page, page.link_path().to_lowercase())
}

/// The key a source is found by its slug under (citations); `None` for other pages.
fn source_key(page: &Page) -> Option<String> {
    page.is_source()
        .then(|| in_language(page, page.slug.to_lowercase()))
}

/// The keys `page` is found by its names under.
fn name_keys(page: &Page) -> Vec<String> {
    (names(page).into_iter())
        .map(|n| in_language(page, n))
        .collect()
}

/// Each page of the last build's id in this one, if it is still there: the inverse of `was`
/// (each page's id in the last build, if it was kept), over the last build's `last` pages.
pub fn ids_now(was: &[Option<PageId>], last: usize) -> Vec<Option<PageId>> {
    let mut now = vec![None; last];
    for (id, w) in was.iter().enumerate() {
        if let Some(o) = *w {
            now[o] = Some(id);
        }
    }
    now
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

/// The names a page is found by besides its path: slug, title, `aka` and the file's name
/// (`[[Huawei deal]]` for `Huawei deal.md`, as Obsidian links), lowercased.
pub fn names(page: &Page) -> Vec<String> {
    let mut names: Vec<String> = vec![page.slug.to_lowercase(), page.title.to_lowercase()];
    if !page.is_section {
        names.push(crate::content::title_from_file_name(&page.rel).to_lowercase());
    }
    names.extend(page.front_matter.aka.iter().map(|a| a.to_lowercase()));
    names.sort();
    names.dedup();
    names.retain(|n| !n.is_empty());
    names
}

impl Resolver {
    pub fn new(pages: &[Page]) -> Self {
        // Two halves of about the same work, made side by side.
        let (by_name, (by_path, by_rel, sources, documents)) = rayon::join(
            || {
                let names: Vec<Vec<String>> = pages.par_iter().map(name_keys).collect();
                let mut by_name = foldhash::HashMap::<String, Vec<PageId>>::default();
                for (id, names) in names.into_iter().enumerate() {
                    for name in names {
                        by_name.entry(name).or_default().push(id);
                    }
                }
                by_name
            },
            || {
                let documents = documents(pages);
                let by_path: foldhash::HashMap<String, PageId> = (pages.iter().enumerate())
                    .map(|(i, p)| (path_key(p), i))
                    .collect();
                let by_rel: PageIds = (pages.iter().enumerate())
                    .map(|(i, p)| (p.rel.clone(), i))
                    .collect();
                let sources: Vec<(String, PageId)> = (pages.iter().enumerate())
                    .filter_map(|(i, p)| Some((source_key(p)?, i)))
                    .collect();
                let n = sources.len();
                let sources: foldhash::HashMap<String, PageId> = sources.into_iter().collect();
                let unique = by_path.len() == pages.len() && sources.len() == n;
                (by_path, Arc::new(by_rel), sources, (documents, unique))
            },
        );
        let ((documents_by_name, documents_by_rel, documents_unique), unique) = documents;
        Resolver {
            documents_by_name,
            documents_by_rel,
            by_path,
            by_rel,
            by_name,
            sources,
            unique: unique && documents_unique,
            drafts: HashMap::new(),
            suggestions: Suggestions::default(),
        }
    }

    /// Knows the drafts left out of the build (`Content::drafts`), to name them in messages.
    /// The pages by file path relative to `content/`, for the library to share.
    pub fn page_ids(&self) -> Arc<PageIds> {
        Arc::clone(&self.by_rel)
    }

    pub fn with_drafts(mut self, drafts: &[Page]) -> Self {
        for page in drafts {
            let keys = names(page)
                .into_iter()
                .chain([page.link_path().to_lowercase(), page.rel.clone()]);
            for key in keys {
                self.drafts.entry(key).or_insert_with(|| page.file.clone());
            }
        }
        self
    }

    /// Knows the drafts `last` knew of (the content folder is the same).
    pub fn with_drafts_of(mut self, last: &Resolver) -> Self {
        self.drafts = last.drafts.clone();
        self
    }

    /// The file of the left-out draft a target names, if it names one.
    pub fn draft(&self, target: &str) -> Option<&Path> {
        let key = name_key(target);
        let file = self.drafts.get(&key).or_else(|| {
            let rel = target.trim_start_matches('/');
            self.drafts.get(rel)
        });
        file.map(PathBuf::as_path)
    }

    /// A wikilink or relation target: path, then slug, title or `aka`, case-insensitively.
    pub fn lookup(&self, target: &str) -> Lookup {
        let key = name_key(target);
        let key = key.as_str();
        if let Some(&id) = self.by_path.get(key) {
            return Lookup::Found(id);
        }
        match self.by_name.get(key).map(Vec::as_slice) {
            Some([id]) => Lookup::Found(*id),
            Some(ids @ [_, _, ..]) => Lookup::Ambiguous(ids.to_vec()),
            _ => Lookup::Missing(
                self.suggestions
                    .names
                    .get_or_init(|| {
                        let keys = self.by_path.keys().chain(self.by_name.keys());
                        Names::new(keys.filter(|k| !k.contains(LANGUAGE_MARK)))
                    })
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
                Some(ds @ [_, _, ..]) => return DocumentLookup::Ambiguous(ds.to_vec()),
                _ => {}
            }
        }
        let names = self
            .documents_by_rel
            .keys()
            .chain(self.documents_by_name.keys());
        DocumentLookup::Missing(suggestion::closest(&key, names))
    }

    /// `lookup` from a page in language `lang`: that language's pages first, then the
    /// default language's (`Fallback::Default`, which the build warns about).
    pub fn lookup_in(&self, target: &str, lang: Option<&str>) -> (Lookup, Fallback) {
        let Some(lang) = lang else {
            return (self.lookup(target), Fallback::None);
        };
        let key = format!("{lang}{LANGUAGE_MARK}{}", name_key(target));
        if let Some(&id) = self.by_path.get(&key) {
            return (Lookup::Found(id), Fallback::None);
        }
        match self.by_name.get(&key).map(Vec::as_slice) {
            Some([id]) => (Lookup::Found(*id), Fallback::None),
            Some(ids) if ids.len() > 1 => (Lookup::Ambiguous(ids.to_vec()), Fallback::None),
            _ => match self.lookup(target) {
                Lookup::Missing(s) => (Lookup::Missing(s), Fallback::None),
                found => (found, Fallback::Default),
            },
        }
    }

    /// `source` from a page in language `lang`, that language's sources first.
    pub fn source_in(
        &self,
        key: &str,
        lang: Option<&str>,
    ) -> (Result<PageId, Option<String>>, Fallback) {
        if let Some(lang) = lang {
            let own = format!("{lang}{LANGUAGE_MARK}{}", key.to_lowercase());
            if let Some(&id) = self.sources.get(&own) {
                return (Ok(id), Fallback::None);
            }
            return match self.source(key) {
                Ok(id) => (Ok(id), Fallback::Default),
                missing => (missing, Fallback::None),
            };
        }
        (self.source(key), Fallback::None)
    }

    /// A citation key: the slug of a page of kind `source`. The error holds a suggestion.
    pub fn source(&self, key: &str) -> Result<PageId, Option<String>> {
        let key = key.to_lowercase();
        match self.sources.get(&key) {
            Some(&id) => Ok(id),
            None => Err(self
                .suggestions
                .sources
                .get_or_init(|| {
                    Names::new(self.sources.keys().filter(|k| !k.contains(LANGUAGE_MARK)))
                })
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

/// Between a translation's language and its names in the index: no name holds it.
const LANGUAGE_MARK: char = '\u{0}';

/// A name of `page` as the index keys it: as it is for the default language, after the
/// language for a translation, so that each language finds its own pages first.
fn in_language(page: &Page, key: String) -> String {
    match &page.lang {
        Some(lang) => format!("{lang}{LANGUAGE_MARK}{key}"),
        None => key,
    }
}

/// Whether a lookup from a translation found a page of the default language instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    None,
    Default,
}

/// A wikilink or relation target as lookups compare it: trimmed, without slashes around it
/// or `.md`, in lower case. `lookups` indexes targets by it too.
pub fn name_key(target: &str) -> String {
    let key = target.trim().trim_matches('/').to_lowercase();
    match key.strip_suffix(".md") {
        Some(k) => k.to_string(),
        None => key,
    }
}

/// The message for a target that names no page: a left-out draft, or nothing at all.
fn missing_target(
    resolver: &Resolver,
    what: &str,
    target: &str,
    suggestion: Option<String>,
) -> (String, &'static str) {
    match resolver.draft(target) {
        Some(file) => (
            format!(
                "{what} goes to a draft ({} has `draft = true`), which is left out of the \
                 build; build with `--drafts` to include it, or remove `draft = true`",
                file.display()
            ),
            "draft-link",
        ),
        None => (
            format!("{what} matches no page{}", did_you_mean(suggestion)),
            "broken-link",
        ),
    }
}

/// A link or relation whose target names several pages: where it is (`place`, whose
/// message is the target as written) and which pages it names.
struct Ambiguity {
    key: String,
    pages: Vec<PageId>,
    place: Diagnostic,
}

/// One error per page of an ambiguous name, at the line that gives it that name, with the
/// places that use the name listed under it — not one error in every linking file, which
/// would blame the pages that did nothing wrong and not name the new page that did.
fn ambiguity_errors(pages: &[Page], ambiguities: Vec<Ambiguity>) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, Vec<PageId>), Vec<Diagnostic>> = BTreeMap::new();
    for a in ambiguities {
        groups.entry((a.key, a.pages)).or_default().push(a.place);
    }
    let mut errors = Vec::new();
    for ((key, ids), places) in groups {
        let paths = Resolver::candidates(pages, &ids);
        for &id in &ids {
            let page = &pages[id];
            let others: Vec<String> = ids
                .iter()
                .filter(|&&o| o != id)
                .map(|&o| pages[o].file.display().to_string())
                .collect();
            let (offset, name) = name_offset(page, &key).unzip();
            let mut error = Diagnostic::error(format!(
                "\"{}\" also names {}, so links to it cannot choose; give one page another \
                 title, or link by path: {paths}",
                name.unwrap_or(&key),
                others.join(", ")
            ))
            .in_file(&page.file)
            .code("ambiguous-name");
            if let Some(offset) = offset {
                error = error.at_offset(&page.text, offset);
            }
            for place in &places {
                error = error.note_line(format!(
                    "linked as {} from {}:{}:{}",
                    place.message,
                    place.path.as_deref().unwrap_or(Path::new("")).display(),
                    place.line.unwrap_or(1),
                    place.column.unwrap_or(1)
                ));
            }
            errors.push(error);
        }
    }
    errors
}

/// Where in its front matter a page gets the name `key`, and the name as the page spells
/// it: in its `title` line, else in its `aka` line. None for a name from the file name, or
/// when the text was let go.
fn name_offset<'p>(page: &'p Page, key: &str) -> Option<(usize, &'p str)> {
    let (field, name) = if page.title.to_lowercase() == key {
        ("title", page.title.as_str())
    } else {
        let mut aka = page.front_matter.aka.iter();
        ("aka", aka.find(|a| a.to_lowercase() == key)?.as_str())
    };
    let front = page.text.get(page.front_matter_offset..page.body_offset)?;
    let mut offset = page.front_matter_offset;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(field).map(str::trim_start);
        if rest.is_some_and(|r| r.starts_with('=')) {
            let at = line.find(name).unwrap_or(line.len() - trimmed.len());
            return Some((offset + at, name));
        }
        offset += line.len();
    }
    None
}

fn did_you_mean(suggestion: Option<String>) -> String {
    suggestion.map_or(String::new(), |s| format!("; did you mean `{s}`?"))
}

/// Resolves every link, citation, relation and event of the site.
/// `permalink` turns a page's URL path into the address links should use.
pub fn resolve(
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    permalink: &(dyn Fn(&str) -> String + Sync),
) -> (Resolved, Vec<Diagnostic>) {
    let resolver = Resolver::new(pages);
    resolve_with(&resolver, pages, analyses, 0..pages.len(), permalink)
}

/// What one page says, resolved: its own part of `Resolved`, and what it adds to other
/// pages' (`(target, backlink)`, `(source, citing)`), made without touching theirs so that
/// pages resolve in parallel.
#[derive(Default)]
struct PagePart {
    resolution: Resolution,
    outgoing: Vec<PageId>,
    backlinks: Vec<(PageId, Place)>,
    references: Vec<Reference>,
    cited: Vec<(PageId, Place)>,
    relations: Vec<Relation>,
    events: Vec<TimelineEvent>,
    /// The sources of the page's facts and corrections, resolved, before they are cited.
    fact_sources: Vec<Vec<PageId>>,
    correction_sources: Vec<Vec<PageId>>,
    stated: StatedSources,
    errors: Vec<Diagnostic>,
    ambiguities: Vec<Ambiguity>,
}

/// Resolves what the pages `ids` (in increasing order) say, against the whole site (which
/// `resolver` indexes): their resolutions, outgoing links, references, relations and events
/// are complete, and so are the backlinks and `cited_by` of every page all of whose linking
/// pages are among `ids`. `dossier serve` re-resolves the few pages an edit touches.
/// Pages resolve in parallel, then join `Resolved` in order.
pub fn resolve_with(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    ids: impl IntoIterator<Item = PageId>,
    permalink: &(dyn Fn(&str) -> String + Sync),
) -> (Resolved, Vec<Diagnostic>) {
    let ids: Vec<PageId> = ids.into_iter().collect();
    let parts: Vec<PagePart> = ids
        .par_iter()
        .map(|&id| resolve_page(resolver, pages, analyses, id, permalink))
        .collect();
    let mut errors = Vec::new();
    let mut ambiguities = Vec::new();
    let n = pages.len();
    let mut resolved = Resolved {
        resolutions: vec![Arc::default(); n],
        outgoing: vec![Vec::new(); n],
        backlinks: vec![Vec::new(); n],
        references: vec![Vec::new(); n],
        cited_by: vec![Vec::new(); n],
        stated: vec![StatedSources::default(); n],
        ..Resolved::default()
    };
    for (id, own) in ids.into_iter().zip(parts) {
        resolved.resolutions[id] = Arc::new(own.resolution);
        resolved.outgoing[id] = own.outgoing;
        resolved.references[id] = own.references;
        resolved.stated[id] = own.stated;
        // A page's places join the group it has in each list (made when first met).
        for (target, place) in own.backlinks {
            let list = &mut resolved.backlinks[target];
            match list.last_mut() {
                Some(b) if b.from == id => Arc::make_mut(&mut b.places).push(place),
                _ => list.push(Backlink {
                    from: id,
                    places: Arc::new(vec![place]),
                }),
            }
        }
        for (source, place) in own.cited {
            let list = &mut resolved.cited_by[source];
            match list.last_mut() {
                Some(c) if c.page == id => Arc::make_mut(&mut c.places).push(place),
                _ => list.push(Citing {
                    page: id,
                    places: Arc::new(vec![place]),
                }),
            }
        }
        resolved.relations.extend(own.relations);
        resolved.events.extend(own.events);
        errors.extend(own.errors);
        ambiguities.extend(own.ambiguities);
    }
    errors.extend(ambiguity_errors(pages, ambiguities));

    sort_events(&mut resolved.events, pages);
    (resolved, errors)
}

/// Page `id`'s links, citations, relations and events, resolved.
fn resolve_page(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    id: PageId,
    permalink: &(dyn Fn(&str) -> String + Sync),
) -> PagePart {
    let page = &pages[id];
    let mut own = PagePart::default();
    resolve_links(resolver, pages, analyses, id, permalink, &mut own);
    resolve_citations(resolver, pages, analyses, id, permalink, &mut own);
    retitle_contexts(&analyses[id], &mut own);
    resolve_front_matter(id, page, resolver, &mut own);
    // An event page is an event, sourced by what its text cites.
    let cited_in_text: Vec<PageId> = own.references.iter().map(|r| r.source).collect();
    cite_stated_sources(pages, &mut own);
    cite_facts_and_corrections(page, &mut own);
    if page.known_kind() == Some(Kind::Event) {
        if let Some(date) = page.front_matter.date.as_ref() {
            if let Some(date) = date.partial() {
                own.events.push(TimelineEvent {
                    page: id,
                    title: page.title.clone(),
                    date,
                    end: None,
                    sources: cited_in_text,
                    source_anchors: Vec::new(),
                    description: page.front_matter.description.clone(),
                });
            }
        }
    }
    own
}

/// The text an internal link written without a label shows: the target's title; for a
/// heading of the same page its text; for a heading of another page "Title § Heading".
fn link_text(
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    from: PageId,
    to: PageId,
    anchor: Option<&str>,
) -> String {
    let heading = anchor.and_then(|a| analyses[to].headings.iter().find(|h| h.id == a));
    match heading {
        Some(h) if to == from => h.title.clone(),
        Some(h) => format!("{} § {}", pages[to].title, h.title),
        None => pages[to].title.clone(),
    }
}

/// The id of a page's `occurrence`-th link to a page with slug `slug`: `link-huawei-2`.
fn link_anchor(slug: &str, occurrence: usize) -> String {
    let slug = if slug.is_empty() { "home" } else { slug };
    format!("link-{slug}-{occurrence}")
}

/// Page `id`'s internal links: their targets, and a backlink place for each link to another
/// page, at the id the link is given.
fn resolve_links(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    id: PageId,
    permalink: &(dyn Fn(&str) -> String + Sync),
    own: &mut PagePart,
) {
    let (page, analysis) = (&pages[id], &analyses[id]);
    // Findings come in the order of the text: one pass places them all.
    let lines = LineIndex::new(&page.text);
    let mut state = PageLinks::default();
    for link in &analysis.links {
        let at = LinkAt {
            resolver,
            pages,
            analyses,
            permalink,
            from: id,
            link,
            lines: &lines,
        };
        let resolved = at.resolve(&mut state, own);
        own.resolution.links.push(resolved);
    }
    for url in &analysis.urls {
        if let Some(d) = page.shared_document(&url.url) {
            let rest = url.url.find(['#', '?']).map_or("", |i| &url.url[i..]);
            let href = format!("{}{rest}", permalink(&d.path));
            own.resolution.shared.push((url.url.clone(), href));
        }
    }
}

/// Adds a mark citing `source` to the page's reference list, numbering the source when new:
/// its id, `cite-<number>-<occurrence>`, and its place in the source's "cited by".
fn cite(own: &mut PagePart, source: PageId, context: Excerpt) -> (usize, String) {
    let refs = &mut own.references;
    let i = match refs.iter().position(|r| r.source == source) {
        Some(i) => i,
        None => {
            refs.push(Reference {
                number: refs.len() + 1,
                source,
                locators: Vec::new(),
                anchors: Vec::new(),
            });
            refs.len() - 1
        }
    };
    let r = &mut refs[i];
    let anchor = format!("cite-{}-{}", r.number, r.anchors.len() + 1);
    r.anchors.push(anchor.clone());
    let number = r.number;
    own.cited.push((
        source,
        Place {
            anchor: anchor.clone(),
            context,
        },
    ));
    (number, anchor)
}

/// Page `id`'s citations: numbers in order of first appearance, and an id for every mark.
fn resolve_citations(
    resolver: &Resolver,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    id: PageId,
    permalink: &(dyn Fn(&str) -> String + Sync),
    own: &mut PagePart,
) {
    let (page, analysis) = (&pages[id], &analyses[id]);
    for citation in &analysis.citations {
        let mut marks = Vec::new();
        for item in &citation.items {
            let source = match resolver.source_in(&item.key, page.lang.as_deref()).0 {
                Ok(s) => s,
                // `@someone` in running text that names no source is text, not a citation.
                Err(_) if citation.narrative => continue,
                Err(suggestion) => {
                    let hint = match resolver.lookup(&item.key) {
                        Lookup::Found(p) => format!(
                            "; {} exists but is not a source (add `kind = \"source\"`)",
                            pages[p].file.display()
                        ),
                        _ => did_you_mean(suggestion),
                    };
                    own.errors.push(
                        Diagnostic::error(format!(
                            "citation of unknown source `@{}`{hint}",
                            item.key
                        ))
                        .in_file(&page.file)
                        .at_offset(&page.text, page.text_offset(citation.offset))
                        .code("unknown-citation"),
                    );
                    continue;
                }
            };
            let (number, anchor) = cite(own, source, citation.context.clone());
            if let Some(l) = &item.locator {
                let r = own.references.iter_mut().find(|r| r.source == source);
                if let Some(r) = r.filter(|r| !r.locators.contains(l)) {
                    r.locators.push(l.clone());
                }
            }
            let locator_href = item
                .locator
                .as_deref()
                .and_then(locator_page)
                .zip(main_document(&pages[source]))
                .map(|(n, doc)| format!("{}#page={n}", permalink(&doc.path)));
            marks.push(CiteMark {
                number,
                locator: item.locator.clone(),
                anchor,
                locator_href,
                narrative: citation
                    .narrative
                    .then(|| crate::content::records::narrative_name(&pages[source])),
            });
        }
        own.resolution.citations.push(marks);
    }
}

/// In the context of backlinks and citations, an unlabelled wikilink reads as its target's
/// title, as it does on the page. The links' written targets are found in every context in
/// one pass (aho-corasick, already in the tree through regex), so a page of many links costs
/// time in proportion to its contexts, not to contexts times links.
fn retitle_contexts(analysis: &Analysis, own: &mut PagePart) {
    let mut written: Vec<String> = Vec::new();
    let mut titles: Vec<&str> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (link, target) in analysis.links.iter().zip(&own.resolution.links) {
        let Some(target) = target.as_ref().filter(|_| link.unlabelled) else {
            continue;
        };
        let raw = match &link.anchor {
            Some(a) => format!("{}#{a}", link.target),
            None => link.target.clone(),
        };
        if !raw.is_empty() && seen.insert(raw.clone()) {
            written.push(raw);
            titles.push(&target.title);
        }
    }
    if written.is_empty() {
        return;
    }
    let finder = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&written)
        .expect("plain strings make an automaton");
    let places = own.backlinks.iter_mut().chain(own.cited.iter_mut());
    for (_, place) in places {
        crate::cost::step("retitle", place.context.text.len());
        if finder.is_match(&*place.context.text) {
            place.context = place.context.replace_all(&finder, &titles);
        }
    }
}

/// Sources of relations and events join the reference list of the page stating them, each
/// mark with its id; a relation is a link too, and makes a backlink to its target.
fn cite_stated_sources(pages: &[Page], own: &mut PagePart) {
    let mut relations = std::mem::take(&mut own.relations);
    for (i, r) in relations.iter_mut().enumerate() {
        r.anchor = format!("relation-{}", i + 1);
        // What "cited by" and "referenced by" show: titles, never the path the writer typed.
        let (subject, object) = (&pages[r.from].title, &pages[r.to].title);
        let sentence = format!("{subject} {} {object}", r.kind);
        for &source in &r.sources {
            let (_, anchor) = cite(own, source, Excerpt::plain(sentence.as_str()));
            r.source_anchors.push(anchor);
        }
        if r.to != r.from {
            let context = Excerpt {
                mark: sentence.len() - object.len()..sentence.len(),
                text: sentence.into(),
            };
            own.backlinks.push((
                r.to,
                Place {
                    anchor: r.anchor.clone(),
                    context,
                },
            ));
        }
    }
    own.relations = relations;
    let mut events = std::mem::take(&mut own.events);
    for e in &mut events {
        let title = e.title.as_str();
        e.source_anchors = e
            .sources
            .iter()
            .map(|&s| cite(own, s, Excerpt::plain(title)).1)
            .collect();
    }
    own.events = events;
}

/// Sources of key facts and corrections join the reference list after those of relations
/// and events, each mark with its id, cited with the fact (`Founded: 1987`) or correction.
fn cite_facts_and_corrections(page: &Page, own: &mut PagePart) {
    let fm = &page.front_matter;
    let facts = std::mem::take(&mut own.fact_sources);
    for (fact, sources) in fm.facts.iter().zip(facts) {
        let sentence = format!("{}: {}", fact.label, fact.value);
        let marks = cite_each(own, sources, &sentence);
        own.stated.facts.push(marks);
    }
    let corrections = std::mem::take(&mut own.correction_sources);
    for (correction, sources) in fm.corrections.iter().zip(corrections) {
        let marks = cite_each(own, sources, &correction.text);
        own.stated.corrections.push(marks);
    }
}

fn cite_each(own: &mut PagePart, sources: Vec<PageId>, sentence: &str) -> Vec<StatedSource> {
    sources
        .into_iter()
        .map(|source| StatedSource {
            source,
            anchor: cite(own, source, Excerpt::plain(sentence)).1,
        })
        .collect()
}

/// One internal link or embed of a page, with what resolving it needs.
struct LinkAt<'a> {
    resolver: &'a Resolver,
    pages: &'a [Page],
    analyses: &'a [Arc<Analysis>],
    permalink: &'a (dyn Fn(&str) -> String + Sync),
    /// The page the link is on.
    from: PageId,
    link: &'a LinkRef,
    lines: &'a LineIndex<'a>,
}

/// What the links of one page have met so far, so that a page of many links stays linear.
#[derive(Default)]
struct PageLinks<'a> {
    /// Links made to each page (by slug), for the next link's id: `link-huawei-2`.
    occurrences: HashMap<&'a str, usize>,
    /// Pages already linked to.
    linked: HashSet<PageId>,
    /// The heading ids of each page linked to with an anchor, gathered on its first anchor.
    anchors: HashMap<PageId, HashSet<&'a str>>,
}

impl<'a> LinkAt<'a> {
    fn error(&self, message: String) -> Diagnostic {
        let page = &self.pages[self.from];
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_place(self.lines, page.text_offset(self.link.offset))
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
    fn resolve(&self, state: &mut PageLinks<'a>, own: &mut PagePart) -> Option<LinkTarget> {
        let link = self.link;
        let found = if link.target.is_empty() {
            Lookup::Found(self.from)
        } else if link.syntax == LinkSyntax::At {
            if !link.target.to_lowercase().ends_with(".md") {
                return self.to_document(own);
            }
            self.resolver.lookup_file(&link.target)
        } else {
            let lang = self.pages[self.from].lang.as_deref();
            match self.resolver.lookup_in(&link.target, lang).0 {
                Lookup::Missing(_) if looks_like_file_name(&link.target) => {
                    return self.to_document(own);
                }
                found => found,
            }
        };
        match found {
            Lookup::Found(t) => self.to_page(t, state, own),
            Lookup::Ambiguous(ids) => {
                let written = self.written();
                let written = written.split_once(' ').map_or(written.as_str(), |(_, w)| w);
                own.ambiguities.push(Ambiguity {
                    key: name_key(&link.target),
                    pages: ids,
                    place: self.error(written.to_string()),
                });
                None
            }
            Lookup::Missing(suggestion) => {
                let (message, code) =
                    missing_target(self.resolver, &self.written(), &link.target, suggestion);
                own.errors.push(self.error(message).code(code));
                None
            }
        }
    }

    /// The link found page `t`: its anchor checked, a backlink made at the link's own id.
    fn to_page(
        &self,
        t: PageId,
        state: &mut PageLinks<'a>,
        own: &mut PagePart,
    ) -> Option<LinkTarget> {
        let (pages, analyses, id, link) = (self.pages, self.analyses, self.from, self.link);
        let mut href = (self.permalink)(&pages[t].path);
        let mut heading = None;
        if let Some(written) = &link.anchor {
            let ids = &analyses[t].headings;
            let known = state
                .anchors
                .entry(t)
                .or_insert_with(|| ids.iter().map(|h| h.id.as_str()).collect());
            let anchor = match (known.get(written.as_str()), written.strip_prefix('^')) {
                (Some(id), _) => Some(*id),
                // `[[Note#^block-id]]`: a paragraph or list item marked `^block-id`.
                (None, Some(block)) => analyses[t]
                    .ids
                    .iter()
                    .find(|i| *i == block)
                    .map(String::as_str),
                (None, None) => crate::markdown::heading::find_heading(written, ids),
            };
            let Some(anchor) = anchor else {
                let anchor = written;
                let suggestion = suggestion::closest(anchor, ids.iter().map(|h| h.id.as_str()));
                own.errors.push(
                    self.error(format!(
                        "{} has no heading with id `#{anchor}`{}",
                        pages[t].file.display(),
                        did_you_mean(suggestion.map(|s| format!("#{s}")))
                    ))
                    .code("missing-anchor"),
                );
                return None;
            };
            href = if t == id {
                format!("#{anchor}")
            } else {
                format!("{href}#{anchor}")
            };
            heading = Some(anchor);
        }
        let mut link_id = None;
        if t != id {
            if state.linked.insert(t) {
                own.outgoing.push(t);
            }
            let slug = pages[t].slug.as_str();
            let n = state.occurrences.entry(slug).or_insert(0);
            *n += 1;
            let anchor = link_anchor(slug, *n);
            own.backlinks.push((
                t,
                Place {
                    anchor: anchor.clone(),
                    context: link.context.clone(),
                },
            ));
            link_id = Some(anchor);
        }
        let embed = link.embed.then(|| Embed::Page {
            kind: pages[t].kind().map(str::to_string),
            description: pages[t].front_matter.description.clone(),
        });
        Some(LinkTarget {
            href,
            title: link_text(pages, analyses, id, t, heading),
            id: link_id,
            embed,
        })
    }

    /// The link names a document of a bundle, by its name or its path.
    fn to_document(&self, own: &mut PagePart) -> Option<LinkTarget> {
        let (page, index) = match self.resolver.lookup_document(&self.link.target) {
            DocumentLookup::Found(d) => d,
            DocumentLookup::Ambiguous(ds) => {
                let candidates = ds
                    .iter()
                    .map(|&(p, i)| format!("`{}`", self.pages[p].documents[i].rel))
                    .collect::<Vec<_>>()
                    .join(", ");
                own.errors.push(
                    self.error(format!(
                        "{} matches several documents: {candidates}; write the path to choose one",
                        self.written()
                    ))
                    .code("ambiguous-name"),
                );
                return None;
            }
            DocumentLookup::Missing(suggestion) => {
                // No document is like it: a page's file may be what was meant.
                let suggestion = suggestion.or_else(|| match self.link.syntax {
                    LinkSyntax::At => match self.resolver.lookup_file(&self.link.target) {
                        Lookup::Missing(s) => s,
                        _ => None,
                    },
                    LinkSyntax::Wiki => None,
                });
                own.errors.push(
                    self.error(format!(
                        "{} matches no page or document{}",
                        self.written(),
                        did_you_mean(suggestion)
                    ))
                    .code("broken-link"),
                );
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
            id: None,
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
fn resolve_front_matter(id: PageId, page: &Page, resolver: &Resolver, own: &mut PagePart) {
    let lines = LineIndex::new(&page.text);
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_place(&lines, page.front_matter_offset + span.start)
    };
    let date = |value: &toml::Spanned<toml::Value>, field: &str, errors: &mut Vec<Diagnostic>| {
        let parsed = PartialDate::from_toml(value.get_ref());
        if parsed.is_none() {
            errors.push(
                at(
                    value.span(),
                    format!(
                        "`{field}` must be a date (2018-09-05), a \"YYYY-MM\" string or a year"
                    ),
                )
                .code("field-type"),
            );
        }
        parsed
    };
    let sources_of = |keys: &[toml::Spanned<String>], own: &mut PagePart| {
        let mut ids = Vec::new();
        for key in keys {
            match resolver.source_in(key.get_ref(), page.lang.as_deref()).0 {
                Ok(s) => ids.push(s),
                Err(suggestion) => own.errors.push(
                    at(
                        key.span(),
                        format!(
                            "unknown source `{}`{}",
                            key.get_ref(),
                            did_you_mean(suggestion)
                        ),
                    )
                    .code("unknown-citation"),
                ),
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
                let suggestion = suggestion::closest(named.get_ref(), names);
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
        let to = match resolver.lookup_in(target, page.lang.as_deref()).0 {
            Lookup::Found(t) => Some(t),
            Lookup::Ambiguous(ids) => {
                own.ambiguities.push(Ambiguity {
                    key: name_key(target),
                    pages: ids,
                    place: at(relation.to.span(), format!("`to = \"{target}\"`")),
                });
                None
            }
            Lookup::Missing(suggestion) => {
                let what = format!("relation target `{target}`");
                let (message, code) = missing_target(resolver, &what, target, suggestion);
                own.errors.push(at(relation.to.span(), message).code(code));
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
        let sources = sources_of(&relation.sources, own);
        if let Some(to) = to {
            own.relations.push(Relation {
                from: id,
                to,
                kind: relation.kind.clone(),
                date: when,
                since,
                until,
                sources,
                anchor: String::new(),
                source_anchors: Vec::new(),
            });
        }
    }

    let fm = &page.front_matter;
    own.fact_sources = fm
        .facts
        .iter()
        .map(|f| sources_of(&f.sources, own))
        .collect();
    own.correction_sources = fm
        .corrections
        .iter()
        .map(|c| sources_of(&c.sources, own))
        .collect();

    for event in &page.front_matter.events {
        let start = date(&event.date, "date", &mut own.errors);
        let end = event
            .end
            .as_ref()
            .and_then(|v| date(v, "end", &mut own.errors));
        let sources = sources_of(&event.sources, own);
        if let Some(start) = start {
            own.events.push(TimelineEvent {
                page: id,
                title: event.title.clone(),
                date: start,
                end,
                sources,
                source_anchors: Vec::new(),
                description: event.description.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_has_a_stem_and_a_short_alphanumeric_extension_other_than_md() {
        for yes in ["report.pdf", "scans/page-1.jpeg", "data.csv"] {
            assert!(looks_like_file_name(yes), "{yes}");
        }
        for no in [".pdf", "Dr. Who", "notes.md", "archive.gzipped", "Huawei"] {
            assert!(!looks_like_file_name(no), "{no}");
        }
    }
    use crate::content::parse_page;
    use crate::markdown::analyze;

    /// A hub page of unlabelled wikilinks to `n` pages, in one paragraph, and those pages.
    fn hub_site(n: usize, sentences: bool) -> (Vec<Page>, Vec<Arc<Analysis>>) {
        let end = if sentences { ". " } else { " " };
        let links: String = (0..n).map(|i| format!("See [[page-{i}]]{end}")).collect();
        let mut pages: Vec<Page> = (0..n)
            .map(|i| {
                let text = format!("+++\ntitle = \"Page {i}\"\n+++\n");
                parse_page(&format!("notes/page-{i}.md"), text).expect("a page")
            })
            .collect();
        pages.push(parse_page("hub.md", format!("+++\ntitle = \"Hub\"\n+++\n{links}\n")).unwrap());
        let analyses = pages.iter().map(|p| Arc::new(analyze(p.body()))).collect();
        (pages, analyses)
    }

    fn resolve_hub(n: usize, sentences: bool) -> Resolved {
        let (pages, analyses) = hub_site(n, sentences);
        let (resolved, errors) = resolve(&pages, &analyses, &|p: &str| p.to_string());
        assert!(errors.is_empty(), "{errors:?}");
        resolved
    }

    #[test]
    fn backlinks_read_unlabelled_wikilinks_as_titles() {
        let resolved = resolve_hub(3, true);
        let text = |g: &Resolved, i: usize| g.backlinks[i][0].places[0].context.text.to_string();
        let contexts: Vec<String> = (0..3).map(|i| text(&resolved, i)).collect();
        assert_eq!(contexts, ["See Page 0. See Page 1. See Page 2."; 3]);
        let resolved = resolve_hub(60, true);
        assert_eq!(text(&resolved, 41), "See Page 41.");
        assert_eq!(resolved.outgoing[60].len(), 60);
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

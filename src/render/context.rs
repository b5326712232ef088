//! What templates see: borrowed, serializable views of pages and sections, Zola-compatible
//! at their core (`page.title`, `page.content`, `section.pages`…) plus the dossier's own
//! fields (backlinks, references, cited_by, relations, events).

use serde::ser::SerializeStruct;
use serde::Serialize;

use super::markdown::{Html, Rendering};
use crate::content::date::PartialDate;
use crate::content::PageId;
use crate::library::Library;
use crate::markdown::{toc, TocEntry};
use crate::resolve::{Place, Relation, StatedSource, TimelineEvent};
use crate::toml_util::table_to_json;

const WORDS_PER_MINUTE: usize = 200;

pub use super::fields::{Fields, Wanted};

pub struct PageLink<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub permalink: String,
    pub kind: Option<&'a str>,
    pub description: Option<&'a str>,
}

pub fn page_link(lib: &Library, id: PageId) -> PageLink<'_> {
    let p = &lib.pages[id];
    PageLink {
        title: &p.title,
        path: &p.path,
        permalink: lib.permalink(id),
        kind: p.kind(),
        description: p.front_matter.description.as_deref(),
    }
}

impl PageLink<'_> {
    const FIELDS: usize = 5;

    /// The link's fields, into a struct being written: its own, or a view that carries them
    /// flat beside its own fields.
    fn write_fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("title", self.title)?;
        s.serialize_field("path", self.path)?;
        s.serialize_field("permalink", &self.permalink)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("description", &self.description)
    }
}

impl Serialize for PageLink<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PageLink", Self::FIELDS)?;
        self.write_fields(&mut s)?;
        s.end()
    }
}

/// A page linking here, or citing this source, once: the page's link fields, how many
/// times it does (`count`), and each place with its words (`places`); `context` is the
/// first place's text, for templates that show one sentence a page.
pub struct BacklinkView<'a> {
    pub page: PageLink<'a>,
    pub places: Vec<PlaceView<'a>>,
}

impl Serialize for BacklinkView<'_> {
    /// The link's fields beside its own, flat. (`#[serde(flatten)]` says the same, but
    /// goes through a map at every backlink: a third of the time spent on page views.)
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("BacklinkView", PageLink::FIELDS + 3)?;
        self.page.write_fields(&mut s)?;
        s.serialize_field("count", &self.places.len())?;
        s.serialize_field("context", self.places.first().map_or("", |p| p.text))?;
        s.serialize_field("places", &self.places)?;
        s.end()
    }
}

/// One place of a page that links here or cites this source: the address of the link or
/// citation mark there, and the words around it split at the marked part.
/// The most ancestors a view lists (see `ancestors` in `page_view`).
pub const MAX_ANCESTORS: usize = 12;

#[derive(Serialize)]
pub struct PlaceView<'a> {
    pub href: String,
    pub text: &'a str,
    pub before: &'a str,
    pub mark: &'a str,
    pub after: &'a str,
}

fn place_view<'a>(permalink: &str, place: &'a Place) -> PlaceView<'a> {
    let (before, mark, after) = place.context.parts();
    PlaceView {
        href: format!("{permalink}#{}", place.anchor),
        text: &place.context.text,
        before,
        mark,
        after,
    }
}

/// The pages linking to or citing a page, each once with its places, in the order readers
/// look for them: the lead article first, then by title.
fn linking_views<'a>(
    lib: &'a Library,
    groups: impl Iterator<Item = (PageId, &'a [Place])>,
) -> Vec<BacklinkView<'a>> {
    let mut groups: Vec<(PageId, &[Place])> = groups.collect();
    groups.sort_by_cached_key(|&(id, _)| {
        let p = &lib.pages[id];
        (!is_lead(lib, id), p.title.to_lowercase(), p.path.clone())
    });
    groups
        .into_iter()
        .map(|(from, places)| {
            let page = page_link(lib, from);
            let places = places
                .iter()
                .map(|p| place_view(&page.permalink, p))
                .collect();
            BacklinkView { page, places }
        })
        .collect()
}

/// Whether page `id` is the lead article (`[extra] lead`, written as a wikilink path).
fn is_lead(lib: &Library, id: PageId) -> bool {
    let Some(lead) = lib.config.extra.get("lead").and_then(|v| v.as_str()) else {
        return false;
    };
    let lead = lead.trim_start_matches("@/").trim_matches('/');
    let lead = lead.strip_suffix(".md").unwrap_or(lead);
    lib.pages[id].link_path().eq_ignore_ascii_case(lead)
}

/// The back-links of a reference: `↩` to each mark citing the source, lettered when several.
#[derive(Serialize)]
pub struct BackToCitation<'a> {
    pub anchor: &'a str,
    /// `a`, `b`… `z`, `aa`…; empty when the source is cited once.
    pub letter: String,
}

/// The `i`-th letter label (from 0): `a`…`z`, then `aa`, `ab`…
fn letter(i: usize) -> String {
    let mut n = i + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Serialize)]
pub struct ReferenceView<'a> {
    pub number: usize,
    pub key: &'a str,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub authors: &'a [String],
    pub date: Option<String>,
    pub url: Option<&'a str>,
    pub archive_url: Option<&'a str>,
    pub locators: &'a [String],
    pub permalink: String,
    pub path: &'a str,
    /// The reference in the site's `citation_style`, for a source from the bibliography.
    pub formatted: Option<&'a str>,
    /// Where the page cites it, in order (`↩ a b c`).
    pub back_links: Vec<BackToCitation<'a>>,
}

#[derive(Serialize)]
pub struct SourceRef<'a> {
    /// The source's number in the reference list of the page being rendered, if listed there.
    pub number: Option<usize>,
    /// The id of this mark on the page stating the relation or event, when rendered there.
    pub anchor: Option<&'a str>,
    pub key: &'a str,
    pub title: &'a str,
    pub permalink: String,
}

#[derive(Serialize)]
pub struct RelationView<'a> {
    pub kind: &'a str,
    /// Its id on the page stating it (`relation-1`).
    pub anchor: &'a str,
    pub from: PageLink<'a>,
    pub to: PageLink<'a>,
    pub date: Option<PartialDate>,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub sources: Vec<SourceRef<'a>>,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    pub title: &'a str,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub year: i32,
    pub description: Option<&'a str>,
    pub page: PageLink<'a>,
    pub sources: Vec<SourceRef<'a>>,
}

/// A key fact of a page (`[[facts]]`), its sources by their number on the page.
#[derive(Serialize)]
pub struct FactView<'a> {
    pub label: &'a str,
    pub value: &'a str,
    pub sources: Vec<SourceRef<'a>>,
}

/// A correction of a page (`[[corrections]]`), its sources by their number on the page.
#[derive(Serialize)]
pub struct CorrectionView<'a> {
    pub date: String,
    pub text: &'a str,
    pub sources: Vec<SourceRef<'a>>,
}

/// The sources of a fact or correction, each with its mark's id, in the order written.
fn stated_refs<'a>(lib: &'a Library, id: PageId, marks: &'a [StatedSource]) -> Vec<SourceRef<'a>> {
    marks
        .iter()
        .map(|m| source_ref(lib, m.source, Some(id), Some(&m.anchor)))
        .collect()
}

/// Page `id`'s key facts.
fn fact_views(lib: &Library, id: PageId) -> Vec<FactView<'_>> {
    let marks = &lib.resolved.stated[id].facts;
    let facts = &lib.pages[id].front_matter.facts;
    facts
        .iter()
        .enumerate()
        .map(|(i, f)| FactView {
            label: &f.label,
            value: &f.value,
            sources: marks
                .get(i)
                .map_or_else(Vec::new, |m| stated_refs(lib, id, m)),
        })
        .collect()
}

/// Page `id`'s corrections, in the order written.
pub fn correction_views(lib: &Library, id: PageId) -> Vec<CorrectionView<'_>> {
    let marks = &lib.resolved.stated[id].corrections;
    let corrections = &lib.pages[id].front_matter.corrections;
    corrections
        .iter()
        .enumerate()
        .map(|(i, c)| CorrectionView {
            date: c.date.to_string(),
            text: &c.text,
            sources: marks
                .get(i)
                .map_or_else(Vec::new, |m| stated_refs(lib, id, m)),
        })
        .collect()
}

/// A page or section as templates see it. The `Option`s left out when absent are the costly
/// fields (`Fields`), made only when the template can read them.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub slug: &'a str,
    pub path: &'a str,
    pub permalink: String,
    pub relative_path: &'a str,
    pub kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<&'a [String]>,
    pub aka: &'a [String],
    /// Classes for the body element (YAML's `cssclasses`).
    pub classes: &'a [String],
    pub draft: bool,
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Html<'a>>,
    pub summary: Option<String>,
    pub word_count: usize,
    pub reading_time: usize,
    pub publisher: Option<&'a str>,
    /// The journal or newspaper a bibliography's article appeared in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<&'a str>,
    pub authors: &'a [String],
    pub url: Option<&'a str>,
    pub archive_url: Option<&'a str>,
    pub accessed: Option<String>,
    /// Its group in the home page's cast of characters.
    pub role: Option<&'a str>,
    pub facts: Vec<FactView<'a>>,
    pub corrections: Vec<CorrectionView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ancestors: Option<Vec<PageLink<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<Vec<TocEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlinks: Option<Vec<BacklinkView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub references: Option<Vec<ReferenceView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited_by: Option<Vec<BacklinkView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relations: Option<Vec<RelationView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_relations: Option<Vec<RelationView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventView<'a>>>,
    /// For sections: the pages in it, sorted, and the paths of its subsections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<PageView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsections: Option<Vec<&'a str>>,
    /// A bundle's documents, its main one (`document =`, else its only PDF) first.
    pub documents: Vec<DocumentView<'a>>,
    /// The language it is written in (the site's default unless a translation).
    pub lang: &'a str,
    /// Zola's `translations`: the page in the other languages.
    pub translations: Vec<TranslationView<'a>>,
}

/// A translation of a page: its language, title and address.
#[derive(Serialize)]
pub struct TranslationView<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    pub permalink: String,
}

/// A document of a bundle as templates see it, for its card.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub size: Option<u64>,
    pub size_text: Option<&'a str>,
    pub pages: Option<u32>,
    pub is_image: bool,
    pub permalink: String,
    /// The document locators point into.
    pub main: bool,
}

/// Page `id`'s documents, the main one first.
pub fn document_views(lib: &Library, id: PageId) -> Vec<DocumentView<'_>> {
    let page = &lib.pages[id];
    let main = crate::resolve::main_document(page);
    let mut views: Vec<DocumentView<'_>> = page
        .documents
        .iter()
        .map(|d| DocumentView {
            name: &d.name,
            kind: d.kind,
            size: d.size,
            size_text: d.size_text.as_deref(),
            pages: d.pages,
            is_image: d.is_image,
            permalink: lib.config.permalink(&d.path),
            main: main.is_some_and(|m| std::ptr::eq(m, d)),
        })
        .collect();
    views.sort_by_key(|v| !v.main);
    views
}

pub fn source_ref<'a>(
    lib: &'a Library,
    id: PageId,
    on_page: Option<PageId>,
    anchor: Option<&'a str>,
) -> SourceRef<'a> {
    let number = on_page.and_then(|p| {
        lib.resolved.references[p]
            .iter()
            .find(|r| r.source == id)
            .map(|r| r.number)
    });
    SourceRef {
        number,
        anchor,
        key: &lib.pages[id].slug,
        title: &lib.pages[id].title,
        permalink: lib.permalink(id),
    }
}

pub fn relation_view<'a>(
    lib: &'a Library,
    r: &'a Relation,
    on_page: Option<PageId>,
) -> RelationView<'a> {
    let stated_here = on_page == Some(r.from);
    RelationView {
        kind: &r.kind,
        from: page_link(lib, r.from),
        to: page_link(lib, r.to),
        date: r.date,
        since: r.since,
        until: r.until,
        sources: source_refs(
            lib,
            &r.sources,
            on_page,
            stated_here.then_some(&r.source_anchors),
        ),
        anchor: &r.anchor,
    }
}

/// The sources of a relation or event as a page shows them: by their number there (a
/// cluster reads `[1, 3]`), each with its mark's id on the page stating it.
fn source_refs<'a>(
    lib: &'a Library,
    sources: &[PageId],
    on_page: Option<PageId>,
    anchors: Option<&'a Vec<String>>,
) -> Vec<SourceRef<'a>> {
    let mut refs: Vec<SourceRef<'a>> = sources
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let anchor = anchors.and_then(|a| a.get(i)).map(String::as_str);
            source_ref(lib, s, on_page, anchor)
        })
        .collect();
    refs.sort_by_key(|s| s.number.unwrap_or(usize::MAX));
    refs
}

pub fn event_view<'a>(
    lib: &'a Library,
    e: &'a TimelineEvent,
    on_page: Option<PageId>,
) -> EventView<'a> {
    EventView {
        title: &e.title,
        date: e.date,
        end: e.end,
        year: e.date.year,
        description: e.description.as_deref(),
        page: page_link(lib, e.page),
        sources: source_refs(
            lib,
            &e.sources,
            on_page,
            (on_page == Some(e.page)).then_some(&e.source_anchors),
        ),
    }
}

/// Page `id` as templates see it, with the costly parts `wanted` made; the others are null,
/// or absent from the serialized view.
pub fn page_view<'a>(
    lib: &'a Library,
    html: &Rendering,
    id: PageId,
    wanted: Wanted,
) -> PageView<'a> {
    let fields = wanted.fields;
    let p = &lib.pages[id];
    let fm = &p.front_matter;
    let analysis = &lib.analyses[id];
    let permalink = lib.permalink(id);
    let wants = |f: Fields| fields.contains(f);
    let rendered = fields
        .intersects(Fields::CONTENT | Fields::SUMMARY)
        .then(|| html.html(lib, id));
    let summary = match &rendered {
        Some(r) if wants(Fields::SUMMARY) => r.summary.clone().or_else(|| {
            fm.description
                .as_ref()
                .map(|d| format!("<p>{}</p>", crate::markdown::escape_html(d)))
        }),
        _ => None,
    };
    PageView {
        title: &p.title,
        description: fm.description.as_deref(),
        date: fm.date.map(|d| d.to_string()),
        updated: fm.updated.map(|d| d.to_string()),
        slug: &p.slug,
        path: &p.path,
        relative_path: &p.rel,
        kind: p.kind(),
        tags: wants(Fields::TAGS).then_some(&fm.tags[..]),
        aka: &fm.aka,
        classes: &fm.classes,
        draft: fm.draft,
        weight: fm.weight,
        extra: wants(Fields::EXTRA).then(|| table_to_json(&fm.extra)),
        content: rendered.filter(|_| wants(Fields::CONTENT)),
        summary,
        word_count: analysis.word_count,
        reading_time: analysis.word_count.div_ceil(WORDS_PER_MINUTE),
        publisher: fm.publisher.as_deref(),
        journal: (p.record.as_ref()).and_then(|r| crate::bibliography::journal(&r.item)),
        authors: &fm.authors,
        url: fm.url(),
        archive_url: fm.archive_url(),
        accessed: fm.accessed.map(|d| d.to_string()),
        role: fm.role.as_deref(),
        facts: fact_views(lib, id),
        corrections: correction_views(lib, id),
        ancestors: wants(Fields::ANCESTORS).then(|| {
            let mut ids = Vec::new();
            let mut parent = p.parent;
            while let Some(s) = parent {
                ids.push(s);
                parent = lib.pages[s].parent;
            }
            ids.reverse();
            // A page's address grows with its depth, so linking every ancestor costs the
            // square of the depth on each page: past `MAX_ANCESTORS`, the outermost section
            // and the nearest ones.
            if ids.len() > MAX_ANCESTORS {
                ids.drain(1..ids.len() - (MAX_ANCESTORS - 1));
            }
            ids.into_iter().map(|s| page_link(lib, s)).collect()
        }),
        toc: wants(Fields::TOC).then(|| toc(&analysis.headings, &permalink)),
        // Home and sections list the page rather than refer to it: breadcrumbs and
        // listings show those links already.
        backlinks: wants(Fields::BACKLINKS).then(|| {
            let linking = lib.resolved.backlinks[id]
                .iter()
                .filter(|b| !lib.pages[b.from].is_section)
                .map(|b| (b.from, b.places.as_slice()));
            linking_views(lib, linking)
        }),
        references: wants(Fields::REFERENCES).then(|| {
            lib.resolved.references[id]
                .iter()
                .map(|r| {
                    let s = &lib.pages[r.source];
                    ReferenceView {
                        number: r.number,
                        key: &s.slug,
                        title: &s.title,
                        publisher: s.front_matter.publisher.as_deref(),
                        authors: &s.front_matter.authors,
                        date: s.front_matter.date.map(|d| d.to_string()),
                        url: s.front_matter.url(),
                        archive_url: s.front_matter.archive_url(),
                        locators: &r.locators,
                        permalink: lib.permalink(r.source),
                        path: &s.path,
                        formatted: s
                            .record
                            .as_ref()
                            .map(|r| r.reference.as_str())
                            .filter(|t| !t.is_empty()),
                        back_links: r
                            .anchors
                            .iter()
                            .enumerate()
                            .map(|(i, anchor)| BackToCitation {
                                anchor,
                                letter: if r.anchors.len() > 1 {
                                    letter(i)
                                } else {
                                    String::new()
                                },
                            })
                            .collect(),
                    }
                })
                .collect()
        }),
        cited_by: wants(Fields::CITED_BY).then(|| {
            let citing = lib.resolved.cited_by[id]
                .iter()
                .map(|c| (c.page, c.places.as_slice()));
            linking_views(lib, citing)
        }),
        relations: wants(Fields::RELATIONS).then(|| {
            lib.resolved
                .relations_from(id)
                .map(|r| relation_view(lib, r, Some(id)))
                .collect()
        }),
        inbound_relations: wants(Fields::INBOUND_RELATIONS).then(|| {
            lib.resolved
                .relations_to(id)
                .map(|r| relation_view(lib, r, Some(id)))
                .collect()
        }),
        events: wants(Fields::EVENTS).then(|| {
            lib.resolved
                .events_of(id)
                .map(|e| event_view(lib, e, Some(id)))
                .collect()
        }),
        pages: (p.is_section && wants(Fields::PAGES)).then(|| {
            lib.sorted_pages(id)
                .into_iter()
                .map(|c| page_view(lib, html, c, Wanted::listing(wanted.listed)))
                .collect()
        }),
        subsections: p.is_section.then(|| {
            p.subsections
                .iter()
                .map(|&s| lib.pages[s].rel.as_str())
                .collect()
        }),
        documents: document_views(lib, id),
        lang: lib.lang(id),
        translations: lib
            .translations
            .get(id)
            .map(|ts| {
                ts.iter()
                    .map(|&t| TranslationView {
                        lang: lib.lang(t),
                        title: &lib.pages[t].title,
                        path: &lib.pages[t].path,
                        permalink: lib.permalink(t),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        permalink,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backlink_serializes_flat() {
        let place = Place {
            anchor: "link-huawei-1".into(),
            context: crate::markdown::Excerpt {
                text: "Huawei was named.".into(),
                mark: 0..6,
            },
        };
        let view = BacklinkView {
            page: PageLink {
                title: "Huawei",
                path: "/notes/huawei/",
                permalink: "https://example.org/notes/huawei/".into(),
                kind: Some("organization"),
                description: None,
            },
            places: vec![place_view("https://example.org/notes/huawei/", &place)],
        };
        let link = serde_json::json!({
            "title": "Huawei",
            "path": "/notes/huawei/",
            "permalink": "https://example.org/notes/huawei/",
            "kind": "organization",
            "description": null,
        });
        assert_eq!(serde_json::to_value(&view.page).unwrap(), link);
        // The link's fields, whatever they are, the count, the first sentence, the places.
        let mut flat = link;
        flat["count"] = 1.into();
        flat["context"] = "Huawei was named.".into();
        flat["places"] = serde_json::json!([{
            "href": "https://example.org/notes/huawei/#link-huawei-1",
            "text": "Huawei was named.",
            "before": "",
            "mark": "Huawei",
            "after": " was named.",
        }]);
        assert_eq!(serde_json::to_value(&view).unwrap(), flat);
    }

    #[test]
    fn letters_run_past_z() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 701, 702].map(letter).into();
        assert_eq!(letters, ["a", "b", "z", "aa", "ab", "zz", "aaa"]);
    }
}

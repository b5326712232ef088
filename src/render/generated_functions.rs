//! Template functions and filters for the reader's site: the views of `crate::generated`
//! (timeline, relation graph, neighbourhoods, tags, printable dossier, JSON-LD) and the
//! date labels, as the theme sees them.

use super::functions::Env;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::context::{correction_views, event_view, page_link, page_view, relation_view, Wanted};
use super::markdown::Rendering;
use super::{arg_str, to_value};
use crate::content::date::PartialDate;
use crate::generated::{cast, corrections, dates, graph_svg, json_ld, print, relation_graph};
use crate::generated::{tags, timeline};
use crate::library::Library;

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    permalink: String,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<super::context::PageView<'a>>>,
}

/// A tag, with its pages as views of what templates read of them if `pages` is given.
fn tag_view<'a>(
    (lib, html): (&'a Library, &Rendering),
    t: &'a tags::Tag,
    pages: Option<Wanted>,
    lang: Option<&str>,
) -> TagView<'a> {
    TagView {
        name: &t.name,
        slug: &t.slug,
        permalink: lib.config.permalink(&tags::path_in(&t.slug, lang)),
        count: t.pages.len(),
        pages: pages.map(|wanted| {
            t.pages
                .iter()
                .map(|&p| page_view(lib, html, p, wanted))
                .collect()
        }),
    }
}

/// What a function's `lang=` argument keeps: a page of that edition
/// (`languages::in_edition`); every page when none is given.
pub(super) struct EditionArg<'a> {
    lib: &'a Library,
    lang: Option<Option<&'a str>>,
}

impl<'a> EditionArg<'a> {
    pub(super) fn of(lib: &'a Library, args: &'a HashMap<String, Value>) -> EditionArg<'a> {
        let lang = args.get("lang").and_then(Value::as_str);
        EditionArg {
            lib,
            lang: lang.map(|l| crate::languages::edition(&lib.config.language, Some(l))),
        }
    }

    /// The edition named: `None` for the default language's (also when none is named).
    pub(super) fn edition(&self) -> Option<&'a str> {
        self.lang.flatten()
    }

    pub(super) fn keeps(&self, id: crate::content::PageId) -> bool {
        self.lang.is_none_or(|lang| {
            crate::languages::in_edition(&self.lib.pages, &self.lib.translations, id, lang)
        })
    }
}

/// Page `id`'s translation into `lang`, if it has one.
fn translation_in(lib: &Library, id: usize, lang: Option<&str>) -> Option<usize> {
    let lang = lang?;
    lib.translations[id]
        .iter()
        .copied()
        .find(|&t| lib.pages[t].lang.as_deref() == Some(lang))
}

/// The sections of the main navigation in the edition of `lang`: the home's, each in
/// `lang` where translated, then those only `lang` has.
fn sections_in(lib: &Library, home: usize, lang: Option<&str>) -> Vec<usize> {
    let mut ids: Vec<usize> = lib.pages[home]
        .subsections
        .iter()
        .map(|&s| translation_in(lib, s, lang).unwrap_or(s))
        .collect();
    if let Some(home_in) = translation_in(lib, home, lang) {
        let only_in_lang = |s: &&usize| {
            lib.translations[**s]
                .iter()
                .all(|&t| lib.pages[t].lang.is_some())
        };
        ids.extend(lib.pages[home_in].subsections.iter().filter(only_in_lang));
    }
    ids
}

fn date_arg(value: Option<&Value>) -> Option<PartialDate> {
    value.and_then(Value::as_str).and_then(PartialDate::parse)
}

fn filter_str<'a>(value: &'a Value, filter: &str) -> tera::Result<&'a str> {
    value
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("the `{filter}` filter needs a string")))
}

/// An event of the timeline page: what every event view has, its id there, and what its
/// filters select by.
#[derive(Serialize)]
struct TimelineEntry<'a> {
    #[serde(flatten)]
    event: super::context::EventView<'a>,
    id: &'a str,
    actors: Vec<super::context::PageLink<'a>>,
    /// The keys of `get_timeline_filters()` it is selected by.
    actor_keys: Vec<&'a str>,
    tag_keys: Vec<String>,
    kind_key: &'a str,
    /// Its sources as "Publisher, date" (the title when the source names no publisher).
    short_sources: Vec<ShortSource<'a>>,
}

#[derive(Serialize)]
struct ShortSource<'a> {
    title: &'a str,
    permalink: String,
    short: String,
}

fn short_source(lib: &Library, id: crate::content::PageId) -> ShortSource<'_> {
    let page = &lib.pages[id];
    let date = page.front_matter.date.as_ref().and_then(|d| d.partial());
    let short = match (page.front_matter.publisher.as_deref(), date) {
        (Some(p), Some(d)) => format!("{p}, {}", dates::label(d)),
        (Some(p), None) => p.to_string(),
        (None, _) => page.title.clone(),
    };
    ShortSource {
        title: &page.title,
        permalink: lib.permalink(id),
        short,
    }
}

fn timeline_entry<'a>(
    lib: &'a Library,
    e: &'a crate::resolve::TimelineEvent,
    id: &'a str,
) -> TimelineEntry<'a> {
    let actors = timeline::actors(lib, e);
    let page = &lib.pages[e.page];
    let mut tag_keys: Vec<String> = page
        .front_matter
        .tags
        .iter()
        .map(|t| tags::slug(t))
        .collect();
    tag_keys.dedup();
    TimelineEntry {
        event: event_view(lib, e, None),
        id,
        actor_keys: actors
            .iter()
            .map(|&a| timeline::actor_key(lib, a))
            .collect(),
        actors: actors.into_iter().map(|a| page_link(lib, a)).collect(),
        tag_keys,
        kind_key: page.kind().unwrap_or("page"),
        short_sources: e.sources.iter().map(|&s| short_source(lib, s)).collect(),
    }
}

/// The tags of one edition (or of the whole site), each found by slug.
pub struct TagIndex {
    tags: Vec<tags::Tag>,
    by_slug: HashMap<String, usize>,
}

impl TagIndex {
    fn new(tags: Vec<tags::Tag>) -> TagIndex {
        let by_slug = tags
            .iter()
            .enumerate()
            .map(|(i, tag)| (tag.slug.clone(), i))
            .collect();
        TagIndex { tags, by_slug }
    }
}

/// The tags `get_tags()` and `get_tag(path=…)` give, by edition: `None` the whole site's;
/// with languages, `Some(lang)` each edition's (`languages::in_edition`), at `/<lang>/tags/…`.
pub type TagIndexes = HashMap<Option<Option<String>>, TagIndex>;

pub(super) fn tag_indexes(lib: &Library) -> TagIndexes {
    let mut indexes: TagIndexes = HashMap::new();
    indexes.insert(None, TagIndex::new(tags::all(lib)));
    if !lib.config.languages.is_empty() {
        let default = std::iter::once(None);
        let others = crate::languages::with_pages(lib.config.languages.keys(), &lib.pages);
        for lang in default.chain(others.into_iter().map(Some)) {
            let keeps = |id| crate::languages::in_edition(&lib.pages, &lib.translations, id, lang);
            let index = TagIndex::new(tags::all_in(lib, &keeps));
            indexes.insert(Some(lang.map(String::from)), index);
        }
    }
    indexes
}

/// The tags of the edition a `lang=` names; the whole site's when none is named, or when
/// the site has no languages.
fn edition_tags<'a>(indexes: &'a TagIndexes, edition: &EditionArg<'_>) -> &'a TagIndex {
    let key = edition.lang.map(|lang| lang.map(String::from));
    indexes.get(&key).unwrap_or(&indexes[&None])
}

/// The heading of a month of a busy year ("March 2018", "2018, month unknown"); none when the
/// year is not split.
fn busy_month_label(
    year: i32,
    month: Option<u8>,
    run: &std::ops::Range<usize>,
    whole_year: &std::ops::Range<usize>,
) -> Option<String> {
    if run == whole_year && month.is_none() {
        return None;
    }
    Some(match month {
        Some(m) => dates::label(PartialDate {
            year,
            month: Some(m),
            day: None,
        }),
        None => format!("{year}, month not given"),
    })
}

/// The relations as the graph page's table lists them: by the title of who, then the relation,
/// then the title of whom (letter case aside), so a name's relations are found together.
fn relations_by_title(lib: &Library) -> Vec<&crate::resolve::Relation> {
    let title = |p: crate::content::PageId| lib.pages[p].title.to_lowercase();
    let mut relations: Vec<&crate::resolve::Relation> = lib.resolved.relations.iter().collect();
    relations.sort_by_cached_key(|r| (title(r.from), r.kind.to_lowercase(), title(r.to)));
    relations
}

/// `get_timeline()`: years, their events and, in busy years, months; each event with its
/// id on the whole timeline (made once per build, `Env::timeline_ids`).
pub(super) fn get_timeline(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let all_ids = env.timeline_ids();
        // The events of the edition asked for, with their ids on the whole timeline.
        let edition = EditionArg::of(l, args);
        let (events, ids): (Vec<_>, Vec<&str>) = l
            .resolved
            .events
            .iter()
            .zip(all_ids)
            .filter(|(e, _)| edition.keeps(e.page))
            .map(|(e, id)| (e.clone(), id.as_str()))
            .unzip();
        let events = &events[..];
        #[derive(Serialize)]
        struct Month {
            month: Option<u8>,
            label: Option<String>,
            id: Option<String>,
            /// The month's events, as a range of the year's `events`.
            start: usize,
            end: usize,
        }
        #[derive(Serialize)]
        struct Year<'a> {
            year: i32,
            events: Vec<TimelineEntry<'a>>,
            months: Vec<Month>,
        }
        to_value(
            timeline::by_year(events)
                .into_iter()
                .map(|(year, range)| Year {
                    year,
                    months: timeline::by_month(events, range.clone())
                        .into_iter()
                        .map(|(month, r)| Month {
                            month,
                            label: busy_month_label(year, month, &r, &range),
                            id: busy_month_label(year, month, &r, &range)
                                .map(|_| format!("y{year}-m{:02}", month.unwrap_or(0))),
                            start: r.start - range.start,
                            end: r.end - range.start,
                        })
                        .collect(),
                    events: range
                        .map(|i| timeline_entry(l, &events[i], ids[i]))
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    })
}

/// `get_timeline_filters()`: the filters `actor`, `tag` and `kind`, each with its label and
/// choices.
pub(super) fn get_timeline_filters(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let edition = EditionArg::of(l, args);
        let [actors, tags, kinds] = timeline::filter_choices(l, &|id| edition.keeps(id));
        Ok(serde_json::json!([
            { "filter": "actor", "label": "Who", "choices": actors },
            { "filter": "tag", "label": "Tag", "choices": tags },
            { "filter": "kind", "label": "Kind of page", "choices": kinds },
        ]))
    })
}

/// `timeline_anchor(path=…)`: the id of a page's first event on the timeline.
pub(super) fn timeline_anchor(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let path = arg_str(args, "path", "timeline_anchor")?;
        let ids = env.timeline_ids();
        Ok(l.resolved
            .events
            .iter()
            .position(|e| l.pages[e.page].path == path)
            .map_or(Value::Null, |i| Value::String(ids[i].clone())))
    })
}

/// `get_tags()`; with `lang=`, the tags of that edition.
pub(super) fn get_tags(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let t = env.tag_indexes();
        let l = &env.lib;
        let edition = EditionArg::of(l, args);
        let index = edition_tags(t, &edition);
        let lang = edition.edition();
        to_value(
            index
                .tags
                .iter()
                .map(|tag| tag_view((l, &env.html), tag, None, lang))
                .collect::<Vec<_>>(),
        )
    })
}

/// `get_tag(path=…)`, with the pages as `Env::tagged` says templates read them.
pub(super) fn get_tag(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let t = env.tag_indexes();
        let l = &env.lib;
        let tagged = env.tagged;
        let path = arg_str(args, "path", "get_tag")?;
        let edition = EditionArg::of(l, args);
        let index = edition_tags(t, &edition);
        let lang = edition.edition();
        let path = path.trim_matches('/');
        let path = lang
            .and_then(|lang| path.strip_prefix(lang)?.strip_prefix('/'))
            .unwrap_or(path);
        let slug = path.strip_prefix("tags/").unwrap_or(path);
        // Slugs are unique and `tags::slug` leaves a slug as it is: a tag found by the
        // slug as written is the one a scan for either would find first.
        let tag = index
            .by_slug
            .get(slug)
            .or_else(|| index.by_slug.get(tags::slug(slug).as_str()))
            .ok_or_else(|| tera::Error::msg(format!("get_tag(): no tag `{slug}`")))?;
        to_value(tag_view(
            (l, &env.html),
            &index.tags[*tag],
            Some(tagged),
            lang,
        ))
    })
}

/// A tag's URL; with `lang=`, its edition's (`/<lang>/tags/…`).
pub(super) fn tag_url(env: &Arc<Env>) -> Box<dyn tera::Filter> {
    let env = Arc::clone(env);
    Box::new(move |value: &Value, args: &HashMap<String, Value>| {
        let l = &env.lib;
        let name = filter_str(value, "tag_url")?;
        let lang = EditionArg::of(l, args).edition();
        Ok(Value::String(
            l.config.permalink(&tags::path_in(&tags::slug(name), lang)),
        ))
    })
}

/// `get_graph()`: the relation graph's drawing, nodes and relations (by title).
pub(super) fn get_graph(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let edition = EditionArg::of(l, args);
        let g = relation_graph::build_in(l, &|id| edition.keeps(id));
        let mentions = g
            .edges
            .iter()
            .filter(|e| e.kind == relation_graph::EdgeKind::Mention)
            .count();
        Ok(serde_json::json!({
            "svg": graph_svg::svg(l, &g, "relation-graph"),
            "nodes": g.nodes.iter().map(|&p| page_link(l, p)).collect::<Vec<_>>(),
            "relations": relations_by_title(l).into_iter().filter(|r| edition.keeps(r.from)).map(|r| relation_view(l, r, None)).collect::<Vec<_>>(),
            "mentions": mentions,
        }))
    })
}

/// `get_neighbourhood(path=…)`: a page's neighbours in the relation graph, drawn.
pub(super) fn get_neighbourhood(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let f = &env.finder;
        let l = &env.lib;
        let path = arg_str(args, "path", "get_neighbourhood")?;
        let id = f
            .find(path)
            .ok_or_else(|| tera::Error::msg(format!("get_neighbourhood(): no page `{path}`")))?;
        let neighbours = relation_graph::neighbours(l, id);
        let Some(svg) = graph_svg::neighbourhood_svg(l, id, "neighbourhood") else {
            return Ok(Value::Null);
        };
        let list: Vec<Value> = neighbours
            .iter()
            .map(|n| {
                serde_json::json!({
                    "page": page_link(l, n.page),
                    "relations": n.outgoing.iter().chain(&n.incoming)
                        .map(|&r| relation_view(l, &l.resolved.relations[r], Some(id)))
                        .collect::<Vec<_>>(),
                    "mention": n.mention,
                })
            })
            .collect();
        Ok(serde_json::json!({
            "svg": svg,
            "neighbours": list,
            "shown": list.len().min(relation_graph::NEIGHBOURHOOD_LIMIT),
        }))
    })
}

/// `get_key_actors(limit=8)`: the pages most related to others.
pub(super) fn get_key_actors(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let limit = args.get("limit").and_then(Value::as_u64).unwrap_or(8) as usize;
        let edition = EditionArg::of(l, args);
        to_value(
            relation_graph::key_actors_in(l, limit, &|id| edition.keeps(id))
                .into_iter()
                .map(|p| page_view(l, &env.html, p, Wanted::LISTING))
                .collect::<Vec<_>>(),
        )
    })
}

/// `get_cast(limit=12)`: the home page's "Who's who", in groups.
pub(super) fn get_cast(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let limit = args.get("limit").and_then(Value::as_u64).unwrap_or(12) as usize;
        let edition = EditionArg::of(l, args);
        #[derive(Serialize)]
        struct Group<'a> {
            label: String,
            members: Vec<super::context::PageView<'a>>,
        }
        to_value(
            cast::groups(l, limit, &|id| edition.keeps(id))
                .into_iter()
                .map(|g| Group {
                    label: g.label,
                    members: g
                        .members
                        .into_iter()
                        .map(|p| page_view(l, &env.html, p, Wanted::LISTING))
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    })
}

/// `get_corrections()`: every page's corrections, newest first.
pub(super) fn get_corrections(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |_: &HashMap<String, Value>| {
        let l = &env.lib;
        #[derive(Serialize)]
        struct Entry<'a> {
            page: super::context::PageLink<'a>,
            anchor: String,
            #[serde(flatten)]
            correction: super::context::CorrectionView<'a>,
        }
        to_value(
            corrections::all(l)
                .into_iter()
                .filter_map(|c| {
                    let correction = correction_views(l, c.page).into_iter().nth(c.index)?;
                    Some(Entry {
                        page: page_link(l, c.page),
                        anchor: corrections::anchor(c.index),
                        correction,
                    })
                })
                .collect::<Vec<_>>(),
        )
    })
}

/// `get_print_contents()`: the printed dossier's contents, by kind.
pub(super) fn get_print_contents(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let edition = EditionArg::of(l, args).edition();
        to_value(print::contents(l, &print::edition_order(l, edition)))
    })
}

/// One address, where it leads in the printed dossier (`PrintedDossier::href`).
pub(super) fn print_href(env: &Arc<Env>) -> Box<dyn tera::Filter> {
    let env = Arc::clone(env);
    Box::new(move |value: &Value, args: &HashMap<String, Value>| {
        let href = filter_str(value, "print_href")?;
        let anchor = args.get("anchor").and_then(Value::as_str).unwrap_or("");
        Ok(Value::String(env.printed().href(href, anchor)))
    })
}

/// `get_json_ld(path=…)`: a page's structured data, or a generated page's (`title=`).
pub(super) fn get_json_ld(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let path = arg_str(args, "path", "get_json_ld")?;
        // Every page asks for its own block: found by its output file in the library's
        // index of the site's files, not by a scan, nor by an index of every page's path
        // made with each renderer (at every restructure of `dossier serve`).
        let output = crate::content::pagination::output_of(path);
        let page = l
            .site_files
            .page_of(&output)
            .filter(|&id| l.pages[id].path == path);
        let value = match page {
            Some(id) => json_ld::page(l, id),
            None => {
                let title = args
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or(&l.config.title);
                json_ld::generated(l, path, title)
            }
        };
        Ok(Value::String(json_ld::to_script(&value)))
    })
}

/// `get_sections()`: the main navigation's sections; with `lang=`, that edition's.
pub(super) fn get_sections(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    let home = env.lib.home();
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let Some(home) = home else {
            return Ok(Value::Array(Vec::new()));
        };
        let mut ids = sections_in(l, home, EditionArg::of(l, args).edition());
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&l.pages[a], &l.pages[b]);
            (pa.front_matter.weight.unwrap_or(i64::MAX), &pa.title)
                .cmp(&(pb.front_matter.weight.unwrap_or(i64::MAX), &pb.title))
        });
        to_value(
            ids.into_iter()
                .map(|id| page_link(l, id))
                .collect::<Vec<_>>(),
        )
    })
}

/// A date's label, or a range's with `end=`.
pub(super) fn date_label(_: &Arc<Env>) -> Box<dyn tera::Filter> {
    Box::new(|value: &Value, args: &HashMap<String, Value>| {
        let text = filter_str(value, "date_label")?;
        let Some(start) = PartialDate::parse(text) else {
            return Ok(Value::String(text.to_string()));
        };
        Ok(Value::String(dates::range(
            start,
            date_arg(args.get("end")),
        )))
    })
}

/// A relation's date or period, from `date=`, `since=` and `until=`.
pub(super) fn period(_: &Arc<Env>) -> Box<dyn tera::Function> {
    Box::new(|args: &HashMap<String, Value>| {
        Ok(Value::String(
            dates::when(
                date_arg(args.get("date")),
                date_arg(args.get("since")),
                date_arg(args.get("until")),
            )
            .unwrap_or_default(),
        ))
    })
}

//! Every function and filter a template can call, with what its result reads besides its
//! arguments and `config`, and how dossier makes its own: one table, from which the
//! renderer registers them (`register`) and which `dossier serve` asks
//! (`incremental::reach`) to know which pages an edit can change. A function cannot be
//! added without saying what it reads.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use tera::ast::{ExprVal, FunctionCall};
use tera::Value;

use super::context::Wanted;
use super::finder::Finder;
use super::generated_functions::{self as generated, TagIndexes};
use super::taxonomy;
use crate::generated::print::PrintedDossier;
use crate::generated::taxonomies::Taxonomy;
use crate::library::Library;

/// What dossier's functions are made with: the library, and what several of them share,
/// made at the first call that needs it (a template may call on every page).
pub struct Env {
    pub lib: Arc<Library>,
    /// What rendering the library's Markdown holds and records.
    pub html: Arc<super::markdown::Rendering>,
    pub finder: Finder,
    /// What `get_pages()` makes of each page.
    pub got_pages: Wanted,
    /// The fields of each page `get_pages()` gives, when templates read only those.
    pub got_names: Option<std::collections::BTreeSet<String>>,
    /// What templates read of the pages `get_tag()` and the taxonomies give.
    pub tagged: Wanted,
    /// What functions make of the whole site, shared with the renderer (`Renderer::into_memo`).
    pub memo: Arc<Memo>,
}

/// What several functions make of the whole site once, at the first call that needs it:
/// plain data, which does not hold the library.
#[derive(Default)]
pub struct Memo {
    timeline_ids: OnceLock<Vec<String>>,
    printed: OnceLock<PrintedDossier>,
    taxonomies: OnceLock<Vec<Taxonomy>>,
    tag_indexes: OnceLock<TagIndexes>,
}

impl Memo {
    /// Where each page of `lib` is printed: the print's resolution of its links.
    pub fn printed(&self, lib: &Library) -> &PrintedDossier {
        (self.printed).get_or_init(|| PrintedDossier::new(lib))
    }
}

impl Env {
    pub fn new(
        lib: &Arc<Library>,
        html: &Arc<super::markdown::Rendering>,
        (got_pages, got_names): (Wanted, Option<std::collections::BTreeSet<String>>),
        tagged: Wanted,
    ) -> Arc<Env> {
        Arc::new(Env {
            lib: Arc::clone(lib),
            html: Arc::clone(html),
            finder: Finder::new(lib),
            got_pages,
            got_names,
            tagged,
            memo: Arc::default(),
        })
    }

    pub fn tag_indexes(&self) -> &TagIndexes {
        (self.memo.tag_indexes).get_or_init(|| generated::tag_indexes(&self.lib))
    }

    /// Each event's id on the timeline (`get_timeline`, `timeline_anchor`).
    pub fn timeline_ids(&self) -> &[String] {
        let events = &self.lib.resolved.events;
        (self.memo.timeline_ids).get_or_init(|| crate::generated::timeline::event_ids(events))
    }

    /// Where each page is printed (`print_href`, and a page's part of the print).
    pub fn printed(&self) -> &PrintedDossier {
        self.memo.printed(&self.lib)
    }

    /// The whole site's taxonomies (`get_taxonomy`, `get_taxonomy_term`).
    pub fn taxonomies(&self) -> &[Taxonomy] {
        (self.memo.taxonomies).get_or_init(|| crate::generated::taxonomies::all(&self.lib))
    }
}

/// How a template function or filter comes to be.
#[derive(Clone, Copy)]
pub enum Made {
    /// tera registers it itself.
    Tera,
    Function(fn(&Arc<Env>) -> Box<dyn tera::Function>),
    Filter(fn(&Arc<Env>) -> Box<dyn tera::Filter>),
}

/// A made function, as tera registers it.
struct MadeFunction(Box<dyn tera::Function>);

impl tera::Function for MadeFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.0.call(args)
    }

    fn is_safe(&self) -> bool {
        self.0.is_safe()
    }
}

/// A made filter, as tera registers it.
struct MadeFilter(Box<dyn tera::Filter>);

impl tera::Filter for MadeFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.0.filter(value, args)
    }

    fn is_safe(&self) -> bool {
        self.0.is_safe()
    }
}

/// Registers every function and filter of the tables that dossier makes.
pub fn register(tera: &mut tera::Tera, env: &Arc<Env>) {
    for c in FUNCTIONS.iter().chain(FILTERS) {
        match c.made {
            Made::Tera => {}
            Made::Function(make) => tera.register_function(c.name, MadeFunction(make(env))),
            Made::Filter(make) => tera.register_filter(c.name, MadeFilter(make(env))),
        }
    }
}

/// What a template's output may depend on, besides the page's own view and `config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Reach {
    /// Only the page being rendered (its `page`/`section` view) and the configuration.
    #[default]
    Page,
    /// Also the top-level sections (`get_sections()`, the navigation).
    Sections,
    /// Anything in the site (`get_section`, `get_pages`, the timeline…).
    Site,
}

/// What a function or filter reads.
#[derive(Debug, Clone, Copy)]
pub enum Reads {
    /// Its arguments and `config` only.
    Arguments,
    /// The top-level sections.
    Sections,
    /// Anything in the site.
    Site,
    /// Depends on how it is called: `get_url` of a file reads `base_url` only.
    AsCalled(fn(&FunctionCall) -> Reach),
}

/// A template function or filter, by name.
pub struct Callable {
    pub name: &'static str,
    pub reads: Reads,
    pub made: Made,
}

impl Callable {
    pub fn reach(&self, call: &FunctionCall) -> Reach {
        match self.reads {
            Reads::Arguments => Reach::Page,
            Reads::Sections => Reach::Sections,
            Reads::Site => Reach::Site,
            Reads::AsCalled(f) => f(call),
        }
    }
}

const fn function(
    name: &'static str,
    reads: Reads,
    make: fn(&Arc<Env>) -> Box<dyn tera::Function>,
) -> Callable {
    Callable {
        name,
        reads,
        made: Made::Function(make),
    }
}

const fn filter(
    name: &'static str,
    reads: Reads,
    make: fn(&Arc<Env>) -> Box<dyn tera::Filter>,
) -> Callable {
    Callable {
        name,
        reads,
        made: Made::Filter(make),
    }
}

const fn tera(name: &'static str) -> Callable {
    Callable {
        name,
        reads: Reads::Arguments,
        made: Made::Tera,
    }
}

/// A URL of a file or path, not of a page (`@/…`), depends on `base_url` alone.
fn get_url(call: &FunctionCall) -> Reach {
    match call.args.get("path").map(|e| &e.val) {
        Some(ExprVal::String(s)) if !s.starts_with("@/") => Reach::Page,
        _ => Reach::Site,
    }
}

/// The structured data of the page being rendered is of its own view and references.
fn get_json_ld(call: &FunctionCall) -> Reach {
    match call.args.get("path").map(|e| &e.val) {
        Some(ExprVal::Ident(var)) if var == "current_path" && call.args.len() == 1 => Reach::Page,
        _ => Reach::Site,
    }
}

pub const FUNCTIONS: &[Callable] = &[
    function("get_page", Reads::Site, super::get_page),
    function("get_section", Reads::Site, super::get_section),
    function("get_url", Reads::AsCalled(get_url), super::get_url),
    function("output_enabled", Reads::Arguments, super::output_enabled),
    function("get_events", Reads::Site, super::get_events),
    function("get_relations", Reads::Site, super::get_relations),
    function("get_pages", Reads::Site, super::get_pages),
    function("count_pages", Reads::Site, super::count_pages),
    function("get_page_link", Reads::Site, super::get_page_link),
    function("get_timeline", Reads::Site, generated::get_timeline),
    function(
        "get_timeline_filters",
        Reads::Site,
        generated::get_timeline_filters,
    ),
    function("timeline_anchor", Reads::Site, generated::timeline_anchor),
    function("get_graph", Reads::Site, generated::get_graph),
    function(
        "get_neighbourhood",
        Reads::Site,
        generated::get_neighbourhood,
    ),
    function("get_key_actors", Reads::Site, generated::get_key_actors),
    function(
        "get_print_contents",
        Reads::Site,
        generated::get_print_contents,
    ),
    function(
        "get_json_ld",
        Reads::AsCalled(get_json_ld),
        generated::get_json_ld,
    ),
    function("get_tags", Reads::Site, generated::get_tags),
    function("get_tag", Reads::Site, generated::get_tag),
    function("get_sections", Reads::Sections, generated::get_sections),
    function("period", Reads::Arguments, generated::period),
    // An image's derivative: its arguments and the image file, whose change serve meets
    // with a full reload (`derivatives`).
    function(
        "resize_image",
        Reads::Arguments,
        crate::derivatives::resize_image,
    ),
    function("get_cast", Reads::Site, generated::get_cast),
    function("get_corrections", Reads::Site, generated::get_corrections),
    function("get_taxonomy", Reads::Site, taxonomy::get_taxonomy),
    function(
        "get_taxonomy_term",
        Reads::Site,
        taxonomy::get_taxonomy_term,
    ),
    tera("range"),
    tera("now"),
    tera("throw"),
    tera("get_random"),
    tera("get_env"),
];

pub const FILTERS: &[Callable] = &[
    // A date's label; a tag's URL (from `config.base_url` only).
    filter("date_label", Reads::Arguments, generated::date_label),
    filter("tag_url", Reads::Arguments, generated::tag_url),
    // Links of the printable dossier: where each page is printed.
    filter("print_href", Reads::Site, generated::print_href),
    tera("upper"),
    tera("lower"),
    tera("trim"),
    tera("trim_start"),
    tera("trim_end"),
    tera("trim_start_matches"),
    tera("trim_end_matches"),
    tera("truncate"),
    tera("wordcount"),
    tera("replace"),
    tera("capitalize"),
    tera("title"),
    tera("linebreaksbr"),
    tera("indent"),
    tera("striptags"),
    tera("spaceless"),
    tera("urlencode"),
    tera("urlencode_strict"),
    tera("escape"),
    tera("escape_xml"),
    tera("slugify"),
    tera("addslashes"),
    tera("split"),
    tera("int"),
    tera("float"),
    tera("first"),
    tera("last"),
    tera("nth"),
    tera("join"),
    tera("sort"),
    tera("unique"),
    tera("slice"),
    tera("group_by"),
    tera("filter"),
    tera("map"),
    tera("concat"),
    tera("abs"),
    tera("pluralize"),
    tera("round"),
    tera("filesizeformat"),
    tera("length"),
    tera("reverse"),
    tera("date"),
    tera("json_encode"),
    tera("as_str"),
    tera("get"),
    tera("default"),
    tera("safe"),
];

pub fn function_named(name: &str) -> Option<&'static Callable> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

pub fn filter_named(name: &str) -> Option<&'static Callable> {
    FILTERS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn names(table: &[Callable], builtin: bool) -> BTreeSet<&str> {
        (table.iter())
            .filter(|c| matches!(c.made, Made::Tera) == builtin)
            .map(|c| c.name)
            .collect()
    }

    /// A function registered without saying what it reads would be judged `Site` (slow);
    /// one in the table and no longer registered is a stale entry. Both fail here.
    #[test]
    fn the_table_is_what_the_renderer_registers() {
        let dir = tempfile::tempdir().unwrap();
        let toml = "title = \"T\"\nbase_url = \"https://example.org\"\n";
        std::fs::write(dir.path().join("site.toml"), toml).unwrap();
        let site = crate::site::Site::load(dir.path(), &Default::default()).unwrap();
        let (ours, plain) = (&site.renderer.tera, tera::Tera::default());
        let added = |all: Vec<&String>, builtin: &dyn Fn(&str) -> bool| -> BTreeSet<String> {
            all.into_iter().filter(|n| !builtin(n)).cloned().collect()
        };
        let functions = added(ours.functions.keys().collect(), &|n| {
            plain.functions.contains_key(n)
        });
        let filters = added(ours.filters.keys().collect(), &|n| {
            plain.filters.contains_key(n)
        });
        let own = |table| names(table, false).into_iter().map(String::from).collect();
        assert_eq!(functions, own(FUNCTIONS));
        assert_eq!(filters, own(FILTERS));
        for name in names(FUNCTIONS, true) {
            assert!(
                plain.functions.contains_key(name),
                "tera has no function {name}"
            );
        }
        // tera's renderer handles these two itself; they are not registered filters.
        for name in names(FILTERS, true).difference(&BTreeSet::from(["safe", "default"])) {
            assert!(
                plain.filters.contains_key(*name),
                "tera has no filter {name}"
            );
        }
    }
}

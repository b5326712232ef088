//! Every function and filter a template can call, with what its result reads besides its
//! arguments and `config`: one table, which `dossier serve` asks (`incremental::reach`) to
//! know which pages an edit can change, and which a test holds equal to what the renderer
//! registers, so that a function added without saying what it reads fails the build's
//! tests rather than serving stale pages.

use tera::ast::{ExprVal, FunctionCall};

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
    /// Registered by tera itself rather than by dossier.
    pub builtin: bool,
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

const fn own(name: &'static str, reads: Reads) -> Callable {
    Callable {
        name,
        reads,
        builtin: false,
    }
}

const fn tera(name: &'static str) -> Callable {
    Callable {
        name,
        reads: Reads::Arguments,
        builtin: true,
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
    own("get_page", Reads::Site),
    own("get_section", Reads::Site),
    own("get_url", Reads::AsCalled(get_url)),
    own("output_enabled", Reads::Arguments),
    own("get_events", Reads::Site),
    own("get_relations", Reads::Site),
    own("get_pages", Reads::Site),
    own("get_page_link", Reads::Site),
    own("get_timeline", Reads::Site),
    own("get_timeline_filters", Reads::Site),
    own("timeline_anchor", Reads::Site),
    own("get_graph", Reads::Site),
    own("get_neighbourhood", Reads::Site),
    own("get_key_actors", Reads::Site),
    own("get_print_contents", Reads::Site),
    own("get_json_ld", Reads::AsCalled(get_json_ld)),
    own("get_tags", Reads::Site),
    own("get_tag", Reads::Site),
    own("get_sections", Reads::Sections),
    own("period", Reads::Arguments),
    // An image's derivative: its arguments and the image file, whose change serve meets
    // with a full reload (`derivatives`).
    own("resize_image", Reads::Arguments),
    own("get_cast", Reads::Site),
    own("get_corrections", Reads::Site),
    own("get_taxonomy", Reads::Site),
    own("get_taxonomy_term", Reads::Site),
    tera("range"),
    tera("now"),
    tera("throw"),
    tera("get_random"),
    tera("get_env"),
];

pub const FILTERS: &[Callable] = &[
    // A date's label; a tag's URL (from `config.base_url` only).
    own("date_label", Reads::Arguments),
    own("tag_url", Reads::Arguments),
    // Links of the printable dossier: where each page is printed.
    own("print_links", Reads::Site),
    own("print_href", Reads::Site),
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

pub fn function(name: &str) -> Option<&'static Callable> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

pub fn filter(name: &str) -> Option<&'static Callable> {
    FILTERS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn names(table: &[Callable], builtin: bool) -> BTreeSet<&str> {
        (table.iter())
            .filter(|c| c.builtin == builtin)
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

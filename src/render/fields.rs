//! Which costly parts of a page's view a template can read. Hugo computes a page's methods
//! only when a template calls them; tera takes values, not methods, so the renderer reads
//! each template once (with what it extends, includes and imports) and leaves out of `page`
//! and `section` what it never names. A site whose templates show a title and the content
//! never pays for backlinks, references or relations, nor a listing for its pages' HTML.
//!
//! The reading errs on the side of too much: a view taken whole (`{% set p = page %}`,
//! `page | json_encode`, `page[name]`, a macro given `page`, `__tera_context`) could have
//! any field read, and gets them all.

use std::collections::{BTreeSet, HashMap, HashSet};

use bitflags::bitflags;
use tera::ast::{Expr, ExprVal, Forloop, MacroDefinition, Node};

use super::template_ast::{children, uses, walk_args, walk_expr, walk_node, walk_value, Visit};
use tera::{Template, Tera};

bitflags! {
    /// The parts of a page view that cost something to make, named as templates name them
    /// (`page.cited_by` is `CITED_BY`). The rest of a view is always there.
    #[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
    pub struct Fields: u16 {
        const EXTRA = 1 << 0;
        const CONTENT = 1 << 1;
        const SUMMARY = 1 << 2;
        const ANCESTORS = 1 << 3;
        const TOC = 1 << 4;
        const BACKLINKS = 1 << 5;
        const REFERENCES = 1 << 6;
        const CITED_BY = 1 << 7;
        const RELATIONS = 1 << 8;
        const INBOUND_RELATIONS = 1 << 9;
        const EVENTS = 1 << 10;
        /// A section's pages, as listing views.
        const PAGES = 1 << 11;
        /// Costly only in a listing: a page of many tags is listed on each tag's page.
        const TAGS = 1 << 12;
    }
}

impl Fields {
    /// The most a page in a listing carries (`section.pages`, `get_pages()`).
    pub const LISTING: Fields = Fields::EXTRA
        .union(Fields::CONTENT)
        .union(Fields::SUMMARY)
        .union(Fields::ANCESTORS)
        .union(Fields::TAGS);
}

/// What to make of a page's view: its own costly fields, and those of the pages it lists.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    pub fields: Fields,
    pub listed: Fields,
    /// What the template reads of the pages `get_pages()` gives (the function's results are
    /// made for every template at once: the renderer joins this over all of them).
    pub got_pages: Fields,
    /// What the template reads of a tag's pages (`get_tag().pages`), joined the same way.
    pub tagged: Fields,
}

impl Wanted {
    /// Everything: for functions' results (`get_page()`), whose use is not followed.
    pub const ALL: Wanted = Wanted {
        fields: Fields::all(),
        listed: Fields::LISTING,
        got_pages: Fields::LISTING,
        tagged: Fields::LISTING,
    };

    /// A page in a listing.
    pub const LISTING: Wanted = Wanted::listing(Fields::LISTING);

    pub const fn listing(fields: Fields) -> Wanted {
        Wanted {
            fields,
            listed: Fields::empty(),
            got_pages: Fields::empty(),
            tagged: Fields::empty(),
        }
    }
}

/// The names under which a template gets the view of the page it renders.
const VIEW_NAMES: [&str; 2] = ["page", "section"];

/// The function that gives pages as listing views: what loops read of its items is followed
/// as for `section.pages`.
const LISTING_FUNCTION: &str = "get_pages";

/// Filters that keep a list's items as they are (a loop over their result still loops over
/// pages).
const KEEPING_FILTERS: [&str; 5] = ["filter", "slice", "reverse", "sort", "unique"];

/// What `tera`'s templates read.
pub struct TemplatesRead {
    /// What each template can read of the view it renders.
    pub wanted: HashMap<String, Wanted>,
    /// The fields any template reads of the pages `get_pages()` gives, by name (`title`,
    /// `permalink`, `extra`…): the function gives those only. `None`: any field could be read.
    pub got_names: Option<BTreeSet<String>>,
}

/// What each of `tera`'s templates can read of the view it renders, and of `get_pages()`.
pub fn wanted_by_template(tera: &Tera) -> TemplatesRead {
    let mut got_names = Some(BTreeSet::new());
    let wanted = tera
        .templates
        .keys()
        .map(|name| {
            let reader = read(tera, name);
            match &mut got_names {
                Some(all) if !reader.got_whole => all.extend(reader.got_names),
                _ => got_names = None,
            }
            (name.clone(), reader.wanted)
        })
        .collect();
    TemplatesRead { wanted, got_names }
}

/// What template `name` reads, with every template it extends, includes or imports, and
/// every macro it calls (directly or through another macro; a macro no one calls reads
/// nothing).
fn read(tera: &Tera, name: &str) -> Reader {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo = vec![name];
    let mut templates: Vec<&Template> = Vec::new();
    while let Some(name) = todo.pop() {
        let Some(template) = tera.templates.get(name).filter(|_| seen.insert(name)) else {
            continue;
        };
        templates.push(template);
        todo.extend(template.parents.iter().map(String::as_str));
        todo.extend(uses(template));
    }
    let macros = called_macros(tera, &templates);
    // (A parameter's default is a literal: only a macro's body reads.)
    let asts: Vec<&[Node]> = (templates.iter().map(|t| &t.ast[..]))
        .chain(macros.iter().map(|m| &m.body[..]))
        .collect();
    let mut reader = Reader::default();
    let mut other_sets = HashSet::new();
    for ast in &asts {
        reader.find_function_lists(ast, &mut other_sets);
    }
    reader
        .function_lists
        .retain(|name| !other_sets.contains(name));
    for ast in &asts {
        reader.find_listing_loops(ast);
    }
    for ast in &asts {
        reader.nodes(ast);
    }
    reader
}

/// The macros `templates` call, and those these call in turn. A call whose macro cannot be
/// found (a namespace no template imports) could be any of them: then every macro of
/// `templates` is read.
fn called_macros<'a>(tera: &'a Tera, templates: &[&'a Template]) -> Vec<&'a MacroDefinition> {
    let mut called: Vec<&MacroDefinition> = Vec::new();
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut todo: Vec<(&Template, &[Node])> = templates.iter().map(|t| (*t, &t.ast[..])).collect();
    while let Some((file, nodes)) = todo.pop() {
        let mut calls = MacroCalls::default();
        calls.nodes(nodes);
        for (namespace, name) in &calls.0 {
            let defining: Vec<&Template> = if namespace == "self" {
                vec![file]
            } else {
                let imports = |t: &Template| {
                    (t.imported_macro_files.iter())
                        .filter(|(_, ns)| ns == namespace)
                        .filter_map(|(f, _)| tera.templates.get(f))
                        .collect::<Vec<_>>()
                };
                let own = imports(file);
                match own.is_empty() {
                    true => templates.iter().flat_map(|t| imports(t)).collect(),
                    false => own,
                }
            };
            let found: Vec<(&Template, &MacroDefinition)> = (defining.into_iter())
                .filter_map(|t| Some((t, t.macros.get(name.as_str())?)))
                .collect();
            if found.is_empty() {
                return templates.iter().flat_map(|t| t.macros.values()).collect();
            }
            for (t, m) in found {
                if seen.insert((&t.name, &m.name)) {
                    called.push(m);
                    todo.push((t, &m.body));
                }
            }
        }
    }
    called
}

/// The macro calls in a template's nodes, `(namespace, name)`, leaving out the bodies of the
/// macros it defines (read where they are called).
#[derive(Default)]
struct MacroCalls(Vec<(String, String)>);

/// A macro's definition, read only where the macro is called.
fn is_macro(node: &Node) -> bool {
    matches!(node, Node::MacroDefinition(..))
}

impl Visit for MacroCalls {
    fn node(&mut self, node: &Node) {
        if !is_macro(node) {
            walk_node(self, node);
        }
    }

    fn value(&mut self, v: &ExprVal) {
        if let ExprVal::MacroCall(m) = v {
            self.0.push((m.namespace.clone(), m.name.clone()));
        }
        walk_value(self, v);
    }
}

#[derive(Default)]
struct Reader {
    wanted: Wanted,
    /// The fields read of `get_pages()`'s pages by name, unless `got_whole`.
    got_names: BTreeSet<String>,
    /// Whether a page `get_pages()` gives could be read any way.
    got_whole: bool,
    /// Loop variables that take the items of `section.pages` in turn.
    section_vars: HashSet<String>,
    /// Loop variables that take the items of `get_pages()` in turn.
    function_vars: HashSet<String>,
    /// Names set to `get_pages(…)` (`{% set all = get_pages() %}`), and to nothing else: a
    /// loop over one goes through its pages, `| length` counts them; any other use could
    /// read them any way.
    function_lists: HashSet<String>,
    /// Loop variables that take the pages of a tag (`for p in tag.pages`) in turn.
    tag_vars: HashSet<String>,
}

/// What a loop goes through.
enum List {
    /// `section.pages` or `page.pages`.
    Section,
    /// `get_pages(…)`.
    Function,
    /// `tag.pages`: the pages of a value other than the page's own view, which only
    /// `get_tag()` gives.
    Tag,
}

/// Whether `name` reads the pages of a value other than the views (`tag.pages…`).
fn tag_pages(name: &str) -> bool {
    let Some((root, rest)) = name.split_once('.') else {
        return false;
    };
    !VIEW_NAMES.contains(&root) && matches!(field(&format!(".{rest}")), Field::Named("pages", _))
}

/// Whether `e` is `get_pages(…)`, possibly through filters that keep its items.
fn is_function_listing(e: &Expr) -> bool {
    matches!(&e.val, ExprVal::FunctionCall(c) if c.name == LISTING_FUNCTION)
        && !e.negated
        && e.filters
            .iter()
            .all(|f| KEEPING_FILTERS.contains(&f.name.as_str()))
}

/// The list of pages a loop goes through item by item: `section.pages`, `page.pages`,
/// `get_pages(…)` or a name set to it (`function_lists`), possibly through filters that
/// keep their items.
fn listing(f: &Forloop, function_lists: &HashSet<String>) -> Option<List> {
    let e = &f.container;
    let list = match &e.val {
        ExprVal::Ident(name)
            if VIEW_NAMES
                .iter()
                .any(|v| name.strip_prefix(v) == Some(".pages")) =>
        {
            List::Section
        }
        ExprVal::FunctionCall(c) if c.name == LISTING_FUNCTION => List::Function,
        ExprVal::Ident(name) if function_lists.contains(name) => List::Function,
        ExprVal::Ident(name) if tag_pages(name) && name.ends_with(".pages") => List::Tag,
        _ => return None,
    };
    let keeps_items = e
        .filters
        .iter()
        .all(|f| KEEPING_FILTERS.contains(&f.name.as_str()));
    (f.key.is_none() && !e.negated && keeps_items).then_some(list)
}

impl Reader {
    /// The pages `get_pages()` gives could have any field read.
    fn got_any_way(&mut self) {
        self.wanted.got_pages = Fields::LISTING;
        self.got_whole = true;
    }

    /// Names set to `get_pages(…)`; `other_sets` gathers the names set to anything else.
    fn find_function_lists(&mut self, nodes: &[Node], other_sets: &mut HashSet<String>) {
        for node in nodes.iter().filter(|n| !is_macro(n)) {
            if let Node::Set(_, s) = node {
                match is_function_listing(&s.value) {
                    true => self.function_lists.insert(s.key.clone()),
                    false => other_sets.insert(s.key.clone()),
                };
            }
            children(node)
                .into_iter()
                .for_each(|c| self.find_function_lists(c, other_sets));
        }
    }

    fn find_listing_loops(&mut self, nodes: &[Node]) {
        for node in nodes.iter().filter(|n| !is_macro(n)) {
            if let Node::Forloop(_, f, _) = node {
                match listing(f, &self.function_lists) {
                    Some(List::Section) => self.section_vars.insert(f.value.clone()),
                    Some(List::Function) => self.function_vars.insert(f.value.clone()),
                    Some(List::Tag) => self.tag_vars.insert(f.value.clone()),
                    None => false,
                };
            }
            children(node)
                .into_iter()
                .for_each(|c| self.find_listing_loops(c));
        }
    }
}

impl Visit for Reader {
    fn node(&mut self, node: &Node) {
        match node {
            // Read where it is called (`called_macros`).
            Node::MacroDefinition(..) => {}
            Node::Set(_, s) if self.function_lists.contains(&s.key) => {
                // What is read of the pages is found where the name is read.
                if let ExprVal::FunctionCall(c) = &s.value.val {
                    walk_args(self, c);
                }
                s.value.filters.iter().for_each(|f| walk_args(self, f));
            }
            Node::Forloop(_, f, _) if listing(f, &self.function_lists).is_some() => {
                // The loop reads the list item by item: what it reads of each item is
                // found through its variable.
                match &f.container.val {
                    ExprVal::FunctionCall(c) => walk_args(self, c),
                    ExprVal::Ident(name) if self.function_lists.contains(name) => {}
                    ExprVal::Ident(name) if tag_pages(name) => {}
                    _ => self.wanted.fields |= Fields::PAGES,
                }
                f.container.filters.iter().for_each(|c| walk_args(self, c));
                for body in children(node) {
                    self.nodes(body);
                }
            }
            _ => walk_node(self, node),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.val {
            // `section.pages | length` counts the pages, reading none of them.
            ExprVal::Ident(name) if e.filters.first().is_some_and(|f| f.name == "length") => {
                match VIEW_NAMES.iter().find_map(|v| name.strip_prefix(v)) {
                    Some(".pages") => self.wanted.fields |= Fields::PAGES,
                    None if self.function_lists.contains(name) => {}
                    _ => self.ident(name),
                }
                e.filters.iter().for_each(|f| self.filter(f));
            }
            _ => walk_expr(self, e),
        }
    }

    fn value(&mut self, v: &ExprVal) {
        match v {
            ExprVal::MacroCall(m) => {
                for (param, e) in &m.args {
                    // `card(p=p)`: the macro reads the value under the name the template
                    // reads it by, and names are followed wherever they are read.
                    let same_name = matches!(&e.val, ExprVal::Ident(n) if n == param);
                    if !(same_name && e.filters.is_empty() && !e.negated) {
                        self.expr(e);
                    }
                }
            }
            ExprVal::FunctionCall(c) if c.name == LISTING_FUNCTION => {
                // Pages listed other than by a loop could be read any way.
                self.got_any_way();
                walk_args(self, c);
            }
            _ => walk_value(self, v),
        }
    }

    /// A name as tera keeps it: `page.backlinks`, `page.extra.role`, `section.pages[0].title`.
    fn ident(&mut self, name: &str) {
        if name == "__tera_context" {
            self.whole_view();
            return;
        }
        for view in VIEW_NAMES {
            match name.strip_prefix(view).map(field) {
                Some(Field::Whole) => self.whole_view(),
                Some(Field::Named(field, rest)) => {
                    self.wanted.fields |= named(field);
                    if field == "pages" {
                        self.listed_item(rest);
                    }
                }
                Some(Field::Other) | None => {}
            }
        }
        for var in &self.section_vars {
            read_item(name, var, &mut self.wanted.listed);
        }
        for var in &self.function_vars {
            read_item(name, var, &mut self.wanted.got_pages);
            match name.strip_prefix(var.as_str()).map(field) {
                Some(Field::Whole) => self.got_whole = true,
                Some(Field::Named(f, _)) => _ = self.got_names.insert(f.to_string()),
                Some(Field::Other) | None => {}
            }
        }
        for var in &self.tag_vars {
            read_item(name, var, &mut self.wanted.tagged);
        }
        // A tag's pages read other than by a loop could be read any way.
        if tag_pages(name) {
            self.wanted.tagged = Fields::LISTING;
        }
        // So could pages set to a name, read other than by a loop or counted.
        let root = name.split(['.', '[']).next().unwrap_or(name);
        if self.function_lists.contains(root) {
            self.got_any_way();
        }
    }
}

impl Reader {
    /// The view is taken whole: any of its fields, and of its pages', could be read. (What
    /// `get_pages()` gives is not in the view.)
    fn whole_view(&mut self) {
        self.wanted.fields = Fields::all();
        self.wanted.listed = Fields::LISTING;
    }

    /// What follows `pages` in a name: an item by its index, then a field of it.
    fn listed_item(&mut self, rest: &str) {
        let after_index = if let Some(r) = rest.strip_prefix('[') {
            r.split_once(']').map(|(_, after)| after)
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            r[..end].parse::<usize>().is_ok().then(|| &r[end..])
        } else {
            None
        };
        match after_index.map(field) {
            Some(Field::Named(field, _)) => self.wanted.listed |= named(field) & Fields::LISTING,
            _ => self.wanted.listed = Fields::LISTING,
        }
    }
}

/// What a name says of a value, given what follows the value's own name.
enum Field<'a> {
    /// The value itself, or an item of it chosen at render time (`page[name]`).
    Whole,
    /// `.field`, and what follows it.
    Named(&'a str, &'a str),
    /// Another name that starts the same (`pages` after `page`).
    Other,
}

fn field(rest: &str) -> Field<'_> {
    if rest.is_empty() || rest.starts_with('[') {
        return Field::Whole;
    }
    let Some(path) = rest.strip_prefix('.') else {
        return Field::Other;
    };
    let end = path.find(['.', '[']).unwrap_or(path.len());
    Field::Named(&path[..end], &path[end..])
}

/// What `name` reads of a listed page, if it starts with the loop variable `var`.
fn read_item(name: &str, var: &str, fields: &mut Fields) {
    match name.strip_prefix(var).map(field) {
        Some(Field::Whole) => *fields = Fields::LISTING,
        Some(Field::Named(f, _)) => *fields |= named(f) & Fields::LISTING,
        Some(Field::Other) | None => {}
    }
}

fn named(field: &str) -> Fields {
    Fields::from_name(&field.to_ascii_uppercase()).unwrap_or(Fields::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted_by(text: &str) -> Wanted {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                "macros.html",
                "{% macro card(p) %}{{ p.toc }}{% endmacro %}",
            ),
            (
                "base.html",
                "{% block main %}{% endblock %}{% include 'footer.html' %}",
            ),
            ("footer.html", "{{ page.events }}"),
            ("t.html", text),
        ])
        .unwrap();
        wanted_by_template(&tera).wanted["t.html"]
    }

    /// The names read of `get_pages()`'s pages, over every template.
    fn got_names(text: &str) -> Option<Vec<String>> {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                "macros.html",
                "{% macro card(p) %}{{ p.toc }}{% endmacro %}",
            ),
            ("t.html", text),
        ])
        .unwrap();
        (wanted_by_template(&tera).got_names).map(|n| n.into_iter().collect())
    }

    /// `get_pages()` gives only the fields templates read of its pages, named; anything
    /// else (an item read whole, pages not looped over) lets it give every field.
    #[test]
    fn names_the_fields_read_of_the_pages_get_pages_gives() {
        let names = |text| got_names(text);
        assert_eq!(
            names("{% set ps = get_pages() %}{% if ps | length > 3 %}{% for p in ps %}{{ p.title }} {{ p.extra.role }}{% if p.aka %}{% endif %}{% endfor %}{% endif %}"),
            Some(vec!["aka".into(), "extra".into(), "title".into()])
        );
        // The macro's `p.toc`: names are followed wherever they are read.
        assert_eq!(
            names("{% import 'macros.html' as m %}{% for p in get_pages() %}{{ m::card(p=p) }}{% endfor %}"),
            Some(vec!["toc".into()])
        );
        assert_eq!(names("no pages"), Some(vec![]));
        for whole in [
            "{% for p in get_pages() %}{{ p | json_encode }}{% endfor %}",
            "{% for p in get_pages() %}{{ p[key] }}{% endfor %}",
            "{% set ps = get_pages() %}{{ ps[0].title }}",
            "{{ get_pages() | length }}",
            "{% import 'macros.html' as m %}{% for p in get_pages() %}{{ m::card(p=p.title) }}{{ m::card(q=p) }}{% endfor %}",
        ] {
            assert_eq!(names(whole), None, "{whole}");
        }
    }

    fn fields(text: &str) -> Fields {
        wanted_by(text).fields
    }

    #[test]
    fn finds_the_fields_a_template_names_wherever_it_names_them() {
        assert_eq!(fields("{{ page.title }}"), Fields::empty());
        assert_eq!(fields("{{ page.content | safe }}"), Fields::CONTENT);
        assert_eq!(
            fields("{% for b in page.backlinks %}{{ b.context }}{% endfor %}"),
            Fields::BACKLINKS
        );
        assert_eq!(
            fields("{% if section.pages | length > 0 and page.cited_by %}{% endif %}"),
            Fields::PAGES | Fields::CITED_BY
        );
        assert_eq!(
            fields("{{ page.extra.role | default(value='') }}"),
            Fields::EXTRA
        );
        assert_eq!(
            fields("{% if page.toc is defined %}{{ 'x' ~ page.summary }}{% endif %}"),
            Fields::TOC | Fields::SUMMARY
        );
        assert_eq!(
            fields("{{ get_url(path=page.ancestors[0].path) }}"),
            Fields::ANCESTORS
        );
        assert_eq!(
            fields("{% set r = page.inbound_relations %}{% filter upper %}{{ page.relations }}{% endfilter %}"),
            Fields::INBOUND_RELATIONS | Fields::RELATIONS
        );
        // `pages` is not `page`, and a name of its own.
        assert_eq!(fields("{{ pages.backlinks }}{{ paged }}"), Fields::empty());
    }

    #[test]
    fn reads_what_a_template_extends_and_includes() {
        assert_eq!(
            fields("{% extends 'base.html' %}{% block main %}{{ page.toc }}{% endblock %}"),
            Fields::TOC | Fields::EVENTS
        );
        assert_eq!(fields("{% include 'footer.html' %}"), Fields::EVENTS);
    }

    #[test]
    fn a_view_taken_whole_gets_every_field() {
        for text in [
            "{% import 'macros.html' as m %}{{ m::card(p=page) }}",
            "{% set p = section %}",
            "{{ page | json_encode }}",
            "{{ page[name] }}",
            "{% for key, v in page %}{% endfor %}",
            "{{ __tera_context }}",
        ] {
            let wanted = wanted_by(text);
            assert_eq!(
                (wanted.fields, wanted.listed),
                (Fields::all(), Fields::LISTING),
                "{text}"
            );
            assert_eq!(wanted.got_pages, Fields::empty(), "{text}");
        }
    }

    /// A macro's reads count for a template that calls it, directly or through another macro
    /// (`self::`), the template's own view too (tera looks a name a macro does not take up
    /// in the template's context); a macro it never calls reads nothing for it. A call whose
    /// macro cannot be found could be any macro.
    #[test]
    fn reads_only_the_macros_a_template_calls() {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                "m.html",
                "{% macro toc(page) %}{{ page.toc }}{% endmacro %}\
                 {% macro backlinks(page) %}{{ page.backlinks }}{% endmacro %}\
                 {% macro both(page) %}{{ self::toc(page=page) }}{{ other::x() }}{% endmacro %}\
                 {% macro cited() %}{{ page.cited_by }}{% endmacro %}",
            ),
            ("o.html", "{% macro x() %}{{ page.events }}{% endmacro %}"),
            ("n.html", "{% import 'o.html' as other %}"),
            ("none.html", "{% import 'm.html' as m %}{{ page.title }}"),
            (
                "toc.html",
                "{% import 'm.html' as m %}{{ m::toc(page=page) }}",
            ),
            (
                "through.html",
                "{% import 'm.html' as m %}{% import 'o.html' as other %}{{ m::both(page=page) }}",
            ),
            (
                "default.html",
                "{% import 'm.html' as m %}{% if page.aka %}{{ m::cited() }}{% endif %}",
            ),
            (
                "unknown.html",
                "{% import 'm.html' as m %}{{ q::toc(page=page) }}",
            ),
        ])
        .unwrap();
        let wanted = wanted_by_template(&tera).wanted;
        assert_eq!(wanted["none.html"].fields, Fields::empty());
        assert_eq!(wanted["m.html"].fields, Fields::empty());
        assert_eq!(wanted["toc.html"].fields, Fields::TOC);
        assert_eq!(wanted["through.html"].fields, Fields::TOC | Fields::EVENTS);
        assert_eq!(wanted["default.html"].fields, Fields::CITED_BY);
        assert_eq!(
            wanted["unknown.html"].fields,
            Fields::TOC | Fields::BACKLINKS | Fields::CITED_BY
        );
    }

    #[test]
    fn a_listed_page_handed_to_a_macro_under_its_name_is_followed_there() {
        let listing = |text| wanted_by(text).listed;
        assert_eq!(
            listing("{% import 'macros.html' as m %}{% for p in section.pages %}{{ m::card(p=p) }}{% endfor %}"),
            Fields::empty()
        );
        assert_eq!(
            listing("{% import 'macros.html' as m %}{% for q in section.pages %}{{ m::card(p=q) }}{% endfor %}"),
            Fields::LISTING
        );
    }

    #[test]
    fn follows_a_tags_pages_through_its_loop_variable() {
        let tagged = |text| wanted_by(text).tagged;
        assert_eq!(
            tagged("{% set tag = get_tag(path=current_path) %}{% for p in tag.pages %}{{ p.title }}{{ p.tags }}{% endfor %}"),
            Fields::TAGS
        );
        assert_eq!(
            tagged("{% set tag = get_tag(path=current_path) %}{% for p in tag.pages %}{{ p.title }}{% endfor %}"),
            Fields::empty()
        );
        assert_eq!(
            tagged("{% set tag = get_tag(path=current_path) %}{{ tag.pages | json_encode }}"),
            Fields::LISTING
        );
        assert_eq!(
            wanted_by("{% for p in tag.pages %}{% endfor %}").fields,
            Fields::empty()
        );
    }

    #[test]
    fn follows_a_listing_through_its_loop_variable() {
        let listing = |text| wanted_by(text).listed;
        assert_eq!(
            listing("{% for p in section.pages %}{{ p.title }}{% endfor %}"),
            Fields::empty()
        );
        assert_eq!(
            listing("{% for p in section.pages | filter(attribute='kind', value='x') | slice(end=3) %}{{ p.summary | safe }}{% endfor %}"),
            Fields::SUMMARY
        );
        assert_eq!(listing("{{ section.pages[0].content }}"), Fields::CONTENT);
        assert_eq!(listing("{{ section.pages.0.extra.x }}"), Fields::EXTRA);
        // Items taken whole, or a list handed on, could be read any way.
        for text in [
            "{% for p in section.pages %}{{ p | json_encode }}{% endfor %}",
            "{% for p in section.pages %}{{ p[name] }}{% endfor %}",
            "{% set ps = section.pages %}",
            "{% for y, ps in section.pages | group_by(attribute='year') %}{% endfor %}",
            "{{ section.pages[0] }}",
        ] {
            assert_eq!(listing(text), Fields::LISTING, "{text}");
        }
        assert_eq!(
            fields("{% for p in section.pages %}{% endfor %}"),
            Fields::PAGES
        );
    }

    #[test]
    fn follows_the_pages_get_pages_gives_apart_from_the_sections_pages() {
        let got = |text| wanted_by(text).got_pages;
        assert_eq!(
            got("{% for p in get_pages(kind='note') | reverse %}{{ p.title }}{% endfor %}"),
            Fields::empty()
        );
        let both = wanted_by(
            "{% for p in get_pages() %}{{ p.content }}{% endfor %}{% for q in section.pages %}{{ q.summary }}{% endfor %}",
        );
        assert_eq!(
            (both.got_pages, both.listed),
            (Fields::CONTENT, Fields::SUMMARY)
        );
        assert_eq!(got("{{ get_pages() | length }}"), Fields::LISTING);
    }

    /// Pages set to a name are followed through it: into loops over it, and not at all
    /// when they are only counted. Any other use, or the name set to something else too,
    /// could read them any way.
    #[test]
    fn follows_get_pages_through_a_name_it_is_set_to() {
        let got = |text| wanted_by(text).got_pages;
        assert_eq!(
            got("{% set ps = get_pages(lang='fr') %}{% if ps | length <= 9 %}{% for p in ps %}{{ p.title }}{{ p.tags }}{% endfor %}{% endif %}"),
            Fields::TAGS
        );
        assert_eq!(got("{% set ps = get_pages() %}"), Fields::empty());
        assert_eq!(
            got("{% set ps = get_pages() | reverse %}{% for p in ps | slice(end=3) %}{{ p.summary }}{% endfor %}"),
            Fields::SUMMARY
        );
        for any_way in [
            "{% set ps = get_pages() %}{{ ps | json_encode }}",
            "{% set ps = get_pages() %}{{ ps[0].title }}",
            "{% set ps = get_pages() %}{% set ps = 3 %}{% for p in ps %}{{ p.title }}{% endfor %}",
            "{% set ps = get_pages() | map(attribute='title') %}{{ ps }}",
        ] {
            assert_eq!(got(any_way), Fields::LISTING, "{any_way}");
        }
    }
}

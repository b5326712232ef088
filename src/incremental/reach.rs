//! How far a template reaches into the site: whether what it renders for a page depends only
//! on that page's own view, also on the list of top-level sections, or on anything at all.
//! Found by walking tera's syntax tree for function calls and filters, following `extends`,
//! `include` and macro calls (a macro counts only where it is called), so that an edit
//! re-renders the pages whose templates can show it and no others.
//!
//! Functions and filters are judged by what `render::functions` records each reads. A name
//! not there counts as reaching the whole site: slower, never wrong.

use std::collections::{BTreeMap, HashMap, HashSet};

use tera::ast::{ExprVal, FunctionCall, Node};
use tera::Template;

use crate::render::functions;
pub use crate::render::functions::Reach;
use crate::render::template_ast::{uses, walk_args, walk_node, walk_value, Visit};
use crate::render::templates::TemplateFile;

fn function_reach(call: &FunctionCall) -> Reach {
    match functions::function_named(&call.name) {
        Some(f) => f.reach(call),
        // A function added later and not in the table: slower, never wrong.
        None => Reach::Site,
    }
}

fn filter_reach(filter: &FunctionCall) -> Reach {
    functions::filter_named(&filter.name).map_or(Reach::Site, |f| f.reach(filter))
}

/// The reach of every template of a theme, by name.
#[derive(Debug, Clone, Default)]
pub struct TemplateReach {
    reach: HashMap<String, Reach>,
    /// For each template, the templates it extends, includes or imports, transitively.
    uses: HashMap<String, HashSet<String>>,
}

impl TemplateReach {
    /// Analyses the templates; one that does not parse reaches the whole site.
    pub fn new(templates: &BTreeMap<String, TemplateFile>) -> TemplateReach {
        let parsed: HashMap<&str, Template> = templates
            .iter()
            .filter_map(|(name, t)| Some((name.as_str(), Template::new(name, None, &t.text).ok()?)))
            .collect();
        let mut walker = Walker {
            parsed: &parsed,
            memo: HashMap::new(),
            active: HashSet::new(),
            file: String::new(),
            reach: Reach::Page,
        };
        let mut out = TemplateReach::default();
        for name in templates.keys() {
            let reach = if parsed.contains_key(name.as_str()) {
                walker.template(name)
            } else {
                Reach::Site
            };
            out.reach.insert(name.clone(), reach);
            let mut uses = HashSet::new();
            collect_uses(&parsed, name, &mut uses);
            out.uses.insert(name.clone(), uses);
        }
        out
    }

    pub fn of(&self, template: &str) -> Reach {
        self.reach.get(template).copied().unwrap_or(Reach::Site)
    }

    /// Whether `template`'s output can change when `changed` changes.
    pub fn depends_on(&self, template: &str, changed: &str) -> bool {
        template == changed || self.uses.get(template).is_none_or(|u| u.contains(changed))
    }
}

fn collect_uses(parsed: &HashMap<&str, Template>, name: &str, out: &mut HashSet<String>) {
    let Some(t) = parsed.get(name) else {
        return;
    };
    for used in uses(t) {
        if out.insert(used.to_string()) {
            collect_uses(parsed, used, out);
        }
    }
}

/// The reach of templates and macros, each walked once (`memo`), as a fold over the walk:
/// `reach` is the widest met so far in the body being walked, which belongs to `file`.
struct Walker<'a> {
    parsed: &'a HashMap<&'a str, Template>,
    /// Reach of a template (`None`) or of one of its macros.
    memo: HashMap<(String, Option<String>), Reach>,
    active: HashSet<(String, Option<String>)>,
    file: String,
    reach: Reach,
}

impl Walker<'_> {
    fn template(&mut self, name: &str) -> Reach {
        self.memoized(name, None)
    }

    fn memoized(&mut self, file: &str, macro_name: Option<&str>) -> Reach {
        let key = (file.to_string(), macro_name.map(str::to_string));
        if let Some(&r) = self.memo.get(&key) {
            return r;
        }
        let Some(t) = self.parsed.get(file) else {
            return Reach::Site;
        };
        if !self.active.insert(key.clone()) {
            // Recursion: the reach of the outer call includes this one.
            return Reach::Page;
        }
        let outer = (
            std::mem::replace(&mut self.file, file.to_string()),
            self.reach,
        );
        self.reach = Reach::Page;
        match macro_name {
            None => {
                self.nodes(&t.ast);
                if let Some(parent) = &t.parent {
                    let parent = self.template(parent);
                    self.reach = self.reach.max(parent);
                }
            }
            Some(m) => match t.macros.get(m) {
                Some(def) => {
                    def.args.values().flatten().for_each(|e| self.expr(e));
                    self.nodes(&def.body);
                }
                None => self.reach = Reach::Site,
            },
        }
        let reach = self.reach;
        (self.file, self.reach) = outer;
        self.active.remove(&key);
        self.memo.insert(key, reach);
        reach
    }

    fn widen(&mut self, reach: Reach) {
        self.reach = self.reach.max(reach);
    }

    /// The file a macro call in the current file finds its macro in.
    fn macro_file(&self, namespace: &str) -> Option<String> {
        if namespace == "self" {
            return Some(self.file.clone());
        }
        let t = self.parsed.get(self.file.as_str())?;
        (t.imported_macro_files.iter())
            .find(|(_, ns)| ns == namespace)
            .map(|(f, _)| f.clone())
    }
}

impl Visit for Walker<'_> {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Include(_, names, _) => {
                for name in names {
                    let reach = self.template(name);
                    self.widen(reach);
                }
            }
            // Macro definitions count where they are called; `super()` is in the parent.
            Node::MacroDefinition(..) => return,
            _ => {}
        }
        walk_node(self, node);
    }

    fn filter(&mut self, f: &FunctionCall) {
        self.widen(filter_reach(f));
        walk_args(self, f);
    }

    fn function(&mut self, f: &FunctionCall) {
        self.widen(function_reach(f));
        walk_args(self, f);
    }

    fn value(&mut self, v: &ExprVal) {
        walk_value(self, v);
        if let ExprVal::MacroCall(call) = v {
            let body = match self.macro_file(&call.namespace) {
                Some(file) => self.memoized(&file, Some(&call.name)),
                None => Reach::Site,
            };
            self.widen(body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn theme(files: &[(&str, &str)]) -> TemplateReach {
        let templates = files
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    TemplateFile {
                        text: text.to_string(),
                        origin: PathBuf::from(name),
                    },
                )
            })
            .collect();
        TemplateReach::new(&templates)
    }

    #[test]
    fn a_page_template_reaches_its_page_only() {
        let r = theme(&[
            (
                "base.html",
                r#"<link href="{{ get_url(path='style.css') }}">{{ get_json_ld(path=current_path) | safe }}{% block content %}{% endblock %}"#,
            ),
            (
                "page.html",
                r#"{% extends "base.html" %}{% block content %}{{ page.title | upper }}{% for b in page.backlinks %}{{ b.title }}{% endfor %}{% endblock %}"#,
            ),
        ]);
        assert_eq!(r.of("page.html"), Reach::Page);
    }

    #[test]
    fn site_functions_reach_through_extends_include_and_macros() {
        let r = theme(&[
            (
                "base.html",
                r#"{% for s in get_sections() %}{{ s.title }}{% endfor %}{% block content %}{% endblock %}"#,
            ),
            (
                "macros.html",
                r#"{% macro listing() %}{% for p in get_pages() %}{{ p.title }}{% endfor %}{% endmacro %}{% macro plain(x) %}{{ x }}{% endmacro %}"#,
            ),
            (
                "page.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}{% block content %}{{ m::plain(x=page.title) }}{% endblock %}"#,
            ),
            (
                "index.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}{% block content %}{{ m::listing() }}{% endblock %}"#,
            ),
            ("part.html", r#"{{ get_page(path="a.md").title }}"#),
            ("section.html", r#"{% include "part.html" %}"#),
            ("links.html", r#"{{ get_url(path="@/a.md") }}"#),
            ("filtered.html", r#"{{ page.permalink | print_href }}"#),
            ("broken.html", r#"{% if %}"#),
        ]);
        assert_eq!(r.of("page.html"), Reach::Sections);
        assert_eq!(r.of("index.html"), Reach::Site);
        assert_eq!(r.of("section.html"), Reach::Site);
        assert_eq!(r.of("links.html"), Reach::Site);
        assert_eq!(r.of("filtered.html"), Reach::Site);
        assert_eq!(r.of("broken.html"), Reach::Site);
        assert_eq!(r.of("missing.html"), Reach::Site);
        assert!(r.depends_on("page.html", "macros.html"));
        assert!(r.depends_on("page.html", "base.html"));
        assert!(r.depends_on("section.html", "part.html"));
        assert!(!r.depends_on("page.html", "part.html"));
    }
}

//! Taxonomies as templates see them, with Zola's names: `taxonomy` (its settings), `terms`
//! on `<taxonomy>/list.html`, `term` (and `paginator`) on `<taxonomy>/single.html`, each
//! falling back to `taxonomy_list.html` / `taxonomy_single.html`; and the functions
//! `get_taxonomy(kind=)` and `get_taxonomy_term(kind=, term=)`.

use super::functions::Env;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::context::{page_view, PageView, Wanted};
use super::generated_functions::EditionArg;
use super::markdown::Rendering;
use super::{arg_str, to_value, Renderer};
use crate::config::TaxonomyConfig;
use crate::diagnostic::Diagnostic;
use crate::generated::tags::slug;
use crate::generated::taxonomies::{self, Taxonomy, Term};
use crate::library::Library;

/// Zola's `TaxonomyTerm`.
#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub path: String,
    pub permalink: String,
    pub pages: Vec<PageView<'a>>,
    pub page_count: usize,
}

/// Zola's `get_taxonomy()` result.
#[derive(Serialize)]
struct TaxonomyView<'a> {
    kind: &'a TaxonomyConfig,
    lang: &'a str,
    permalink: String,
    items: Vec<TermView<'a>>,
}

fn term_view<'a>(
    (lib, html): (&'a Library, &Rendering),
    taxonomy: &Taxonomy,
    term: &'a Term,
    listed: Wanted,
) -> TermView<'a> {
    let path = taxonomy.term_path(&term.slug);
    TermView {
        name: &term.name,
        slug: &term.slug,
        permalink: lib.config.permalink(&path),
        path,
        pages: term
            .pages
            .iter()
            .map(|&p| page_view(lib, html, p, listed))
            .collect(),
        page_count: term.pages.len(),
    }
}

/// The template of a taxonomy's list (`list`) or of one of its terms.
pub fn template(has: &dyn Fn(&str) -> bool, taxonomy: &str, list: bool) -> Option<String> {
    let (own, generic) = if list {
        (format!("{taxonomy}/list.html"), "taxonomy_list.html")
    } else {
        (format!("{taxonomy}/single.html"), "taxonomy_single.html")
    };
    if has(&own) {
        Some(own)
    } else {
        has(generic).then(|| generic.to_string())
    }
}

impl Renderer {
    fn taxonomy_template(&self, taxonomy: &str, list: bool) -> Result<String, Diagnostic> {
        template(&|t| self.has_template(t), taxonomy, list).ok_or_else(|| {
            let (own, generic) = if list { ("list", "taxonomy_list") } else { ("single", "taxonomy_single") };
            Diagnostic::error(format!(
                "taxonomy `{taxonomy}` has no template: add `templates/{taxonomy}/{own}.html` or `templates/{generic}.html`"
            ))
            .in_file(crate::config::CONFIG_FILE)
            .code("template")
        })
    }

    /// `/<taxonomy>/`: the list of its terms.
    pub fn render_taxonomy_list(&self, t: &Taxonomy) -> Result<String, Diagnostic> {
        let template = self.taxonomy_template(&t.config.name, true)?;
        let wanted = self.wanted_by(&template);
        let listed = Wanted::listing(wanted.listed | wanted.tagged);
        let mut ctx = self.generated_context(&t.list_path(), t.lang.as_deref());
        ctx.insert("taxonomy", &t.config);
        let terms: Vec<TermView> = t
            .terms
            .iter()
            .map(|term| term_view((&self.lib, &self.html), t, term, listed))
            .collect();
        ctx.insert("terms", &terms);
        self.render(&template, &ctx, None)
    }

    /// Pager `index` (from 1) of a term's page (there is one pager unless the taxonomy
    /// has `paginate_by`).
    pub fn render_taxonomy_term(
        &self,
        t: &Taxonomy,
        term: &Term,
        index: usize,
    ) -> Result<String, Diagnostic> {
        let name = &t.config.name;
        let template = self.taxonomy_template(name, false)?;
        let wanted = self.wanted_by(&template);
        let listed = Wanted::listing(wanted.listed | wanted.tagged);
        let path = t.term_path(&term.slug);
        let pagination = taxonomies::pagination(&t.config, term.pages.len());
        let here = pagination
            .as_ref()
            .map_or(path.clone(), |p| p.path(&path, index));
        let mut ctx = self.generated_context(&here, t.lang.as_deref());
        ctx.insert("taxonomy", &t.config);
        ctx.insert("term", &term_view((&self.lib, &self.html), t, term, listed));
        if let Some(p) = &pagination {
            let view = super::paginator::paginator_view(
                (&self.lib, &self.html),
                &path,
                p,
                &term.pages,
                index,
                listed,
            );
            ctx.insert("paginator", &view);
        }
        self.render(&template, &ctx, None)
    }
}

/// `kind=` and the taxonomy it names, or an error naming those there are.
fn taxonomy_arg<'a>(
    all: &'a [Taxonomy],
    args: &HashMap<String, Value>,
    function: &str,
) -> tera::Result<&'a Taxonomy> {
    let kind = arg_str(args, "kind", function)?;
    all.iter().find(|t| t.config.name == kind).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|t| t.config.name.as_str()).collect();
        let hint = crate::suggestion::closest(kind, &names)
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        tera::Error::msg(format!("{function}(): no taxonomy `{kind}`{hint}"))
    })
}

/// The taxonomies of the edition a `lang=` names, gathered for the call; the whole site's,
/// gathered once, when none is named.
fn edition_taxonomies<'a>(env: &'a Env, args: &HashMap<String, Value>) -> Cow<'a, [Taxonomy]> {
    let lib = &env.lib;
    match EditionArg::of(lib, args).edition() {
        Some(lang) => Cow::Owned(taxonomies::all_in(lib, Some(lang))),
        None => Cow::Borrowed(env.taxonomies()),
    }
}

/// `get_taxonomy(kind=)`, Zola's; with `lang=`, the edition of that language. The whole
/// site's taxonomies are gathered once, at the first call (`Env::taxonomies`).
pub(super) fn get_taxonomy(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let tagged = env.tagged;
        let all = edition_taxonomies(&env, args);
        let t = taxonomy_arg(&all, args, "get_taxonomy")?;
        to_value(TaxonomyView {
            kind: &t.config,
            lang: t.lang.as_deref().unwrap_or(&l.config.language),
            permalink: l.config.permalink(&t.list_path()),
            items: t
                .terms
                .iter()
                .map(|term| term_view((l, &env.html), t, term, tagged))
                .collect(),
        })
    })
}

/// `get_taxonomy_term(kind=, term=)`, Zola's; with `lang=`, the edition of that language.
pub(super) fn get_taxonomy_term(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let tagged = env.tagged;
        let all = edition_taxonomies(&env, args);
        let t = taxonomy_arg(&all, args, "get_taxonomy_term")?;
        let name = arg_str(args, "term", "get_taxonomy_term")?;
        let wanted = slug(name);
        let term = t
            .terms
            .iter()
            .find(|term| term.slug == wanted)
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "get_taxonomy_term(): no term `{name}` in taxonomy `{}`",
                    t.config.name
                ))
            })?;
        to_value(term_view((l, &env.html), t, term, tagged))
    })
}

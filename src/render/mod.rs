//! Templates: one tera instance shared by all render threads, with the theme's and site's
//! templates, the Zola-compatible functions (`get_page`, `get_section`, `get_url`) and the
//! dossier's own (`get_events`, `get_relations`, `get_pages`).

pub mod context;
mod fields;
mod finder;
pub mod functions;
mod generated_functions;
pub mod markdown;
mod paginator;
mod taxonomy;
pub mod template_ast;
pub mod templates;

use functions::Env;
use std::collections::HashMap;
use std::error::Error as _;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tera::Tera;

use crate::content::pagination::{self, Pagination};
use crate::content::PageId;
use crate::diagnostic::Diagnostic;
use crate::generated::print::PrintDoc;
use crate::library::Library;
use context::{event_view, page_link, page_view, relation_view, Fields, Wanted};
pub use taxonomy::template as taxonomy_template;
pub use templates::{StaticFile, ThemeFiles};

/// The template of one page's part of the printed dossier.
pub const PRINT_PAGE_TEMPLATE: &str = "print_page.html";
const PRINTED_PAGES_MARK: &str = "<!--dossier:printed-pages-->";

pub struct Renderer {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
    /// Template texts, to place runtime errors, which tera reports without a line.
    sources: HashMap<String, String>,
    lib: Arc<Library>,
    /// What rendering the library's Markdown holds and records.
    html: Arc<markdown::Rendering>,
    config: Value,
    /// `config` as pages in each other language see it: their title and description.
    configs: HashMap<String, Value>,
    /// What each template reads of the view of the page it renders.
    wanted: HashMap<String, Wanted>,
    /// What the template functions made of the whole site.
    memo: Arc<functions::Memo>,
}

fn escape_html(text: &str) -> String {
    crate::markdown::escape_html(text)
}

/// The whole error chain of a tera error on one line.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

/// `--> 3:5` in a template parse error.
fn parse_position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("--> ")? + 4..];
    let (line, rest) = rest.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

fn arg_str<'a>(
    args: &'a HashMap<String, Value>,
    name: &str,
    function: &str,
) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("{function}() takes a string argument `{name}`")))
}

fn to_value<T: serde::Serialize>(v: T) -> tera::Result<Value> {
    serde_json::to_value(v).map_err(tera::Error::json)
}

/// A theme's templates compiled, before they are given a library. `dossier serve` keeps
/// them and gives each rebuilt library a copy, instead of compiling them again (about 20 ms
/// for the default theme).
#[derive(Clone)]
pub struct Compiled {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
    sources: HashMap<String, String>,
    wanted: HashMap<String, Wanted>,
    /// The fields templates read of `get_pages()`'s pages (`fields::TemplatesRead`).
    got_names: Option<std::collections::BTreeSet<String>>,
}

impl Compiled {
    pub fn new(theme: &ThemeFiles) -> Result<Compiled, Diagnostic> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        // Tera's default also escapes `/`, which bloats every URL and is not needed in HTML.
        tera.set_escape_fn(escape_html);
        // `{% if page.url is web_link %}`: only http, https and mailto addresses become links.
        tera.register_tester("web_link", |value: Option<&Value>, _: &[Value]| {
            Ok(value
                .and_then(Value::as_str)
                .is_some_and(crate::content::web_link::is_web_link))
        });
        let origins: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|(name, t)| (name.clone(), t.origin.clone()))
            .collect();
        let raw: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, t)| (name.as_str(), t.text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            let mut message = chain(&e);
            let position = parse_position(&message);
            // pest draws the line with a caret; the message says the same in words.
            if let (Some(head), Some(reason)) = (message.find(": "), message.rfind("= ")) {
                message = format!("{}: {}", &message[..head], message[reason + 2..].trim());
            }
            let name = theme.templates.keys().find(|n| {
                message.contains(&format!("'{n}'")) || message.contains(&format!("\"{n}\""))
            });
            let mut d = Diagnostic::error(format!("template error: {message}")).code("template");
            if let Some(name) = name {
                d = d.in_file(&origins[name]);
                if let Some((line, column)) = position {
                    d = d.at(line, column);
                }
            }
            return Err(d);
        }
        let fields::TemplatesRead { wanted, got_names } = fields::wanted_by_template(&tera);
        let sources = (theme.templates.iter())
            .map(|(name, t)| (name.clone(), t.text.clone()))
            .collect();
        Ok(Compiled {
            tera,
            origins,
            sources,
            wanted,
            got_names,
        })
    }
}

impl Renderer {
    /// The theme's templates compiled over `lib`.
    pub fn new(
        theme: &ThemeFiles,
        lib: Arc<Library>,
        html: Arc<markdown::Rendering>,
    ) -> Result<Renderer, Diagnostic> {
        Ok(Renderer::with(Compiled::new(theme)?, lib, html))
    }

    /// Compiled templates given `lib`: the template functions read it, and its pages'
    /// Markdown is rendered with `html`.
    pub fn with(compiled: Compiled, lib: Arc<Library>, html: Arc<markdown::Rendering>) -> Renderer {
        let Compiled {
            mut tera,
            origins,
            sources,
            wanted,
            got_names,
        } = compiled;
        // `get_pages()` gives what any template reads of the pages it gives.
        let got_pages = wanted
            .values()
            .fold(Fields::empty(), |got, w| got | w.got_pages);
        let tagged = wanted
            .values()
            .fold(Fields::empty(), |got, w| got | w.tagged);
        let env = functions::Env::new(
            &lib,
            &html,
            (Wanted::listing(got_pages), got_names),
            Wanted::listing(tagged),
        );
        functions::register(&mut tera, &env);
        let memo = Arc::clone(&env.memo);
        let c = &lib.config;
        let config = serde_json::json!({
            "title": c.title,
            "description": c.description,
            "base_url": c.base_url,
            "language": c.language,
            "theme": c.theme,
            "outputs": c.outputs,
            "extra": crate::toml_util::table_to_json(&c.extra),
        });
        let configs = c
            .languages
            .iter()
            .map(|(code, l)| {
                let mut v = config.clone();
                v["title"] = Value::from(l.title.clone().unwrap_or_else(|| c.title.clone()));
                v["description"] = Value::from(
                    l.description
                        .clone()
                        .unwrap_or_else(|| c.description.clone()),
                );
                v["language"] = Value::from(code.clone());
                (code.clone(), v)
            })
            .collect();
        Renderer {
            configs,
            tera,
            origins,
            sources,
            lib,
            html,
            config,
            wanted,
            memo,
        }
    }

    /// Lets go of the renderer, and of its hold on the library, now; gives what its
    /// functions made of the whole site, which takes longer to free, to be let go of
    /// elsewhere (`dossier serve` changes the library in place right after).
    pub fn into_memo(self) -> Arc<functions::Memo> {
        self.memo
    }

    pub fn library(&self) -> &Library {
        &self.lib
    }

    /// What rendering the library's Markdown holds and records.
    pub fn rendering(&self) -> &markdown::Rendering {
        &self.html
    }

    pub fn has_template(&self, name: &str) -> bool {
        // Every template tera holds is one of the theme's, each with its origin: looked up
        // rather than searched for (asked of every page on every rebuild of `dossier serve`).
        self.origins.contains_key(name)
    }

    /// The template for a page: its `template`, else `<kind>.html`, else `page.html`;
    /// `section.html` for sections and `index.html` for the home (of every language).
    pub fn template_for(&self, id: PageId) -> Result<String, Diagnostic> {
        let page = &self.lib.pages[id];
        if let Some(t) = &page.front_matter.template {
            if !self.has_template(t) {
                return Err(Diagnostic::error(format!(
                    "template `{t}` named in front matter does not exist"
                ))
                .in_file(&page.file)
                .code("template"));
            }
            return Ok(t.clone());
        }
        // A language's home (`_index.fr.md`) is a home too.
        let home = page.rel == "_index.md" || (page.lang.is_some() && page.link_path() == "_index");
        let name = if home {
            "index.html".to_string()
        } else if page.is_section {
            "section.html".to_string()
        } else {
            match page.kind().map(|k| format!("{k}.html")) {
                Some(k) if self.has_template(&k) => k,
                _ => "page.html".to_string(),
            }
        };
        if !self.has_template(&name) {
            return Err(Diagnostic::error(format!(
                "no template `{name}` in templates/ or the theme"
            ))
            .in_file(&page.file));
        }
        Ok(name)
    }

    /// What `template` reads of the view of the page it renders.
    fn wanted_by(&self, template: &str) -> Wanted {
        self.wanted.get(template).copied().unwrap_or(Wanted::ALL)
    }

    /// Whether section `id`'s template shows the HTML of the pages it lists (their content
    /// or summary), so that it is worth holding from their own pages to the listing.
    pub fn lists_html(&self, id: PageId) -> bool {
        self.template_for(id).map_or(true, |t| {
            self.wanted_by(&t)
                .listed
                .intersects(Fields::CONTENT | Fields::SUMMARY)
        })
    }

    fn base_context(&self, path: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("config", &self.config);
        ctx.insert("current_path", path);
        ctx.insert("current_url", &self.lib.config.permalink(path));
        ctx.insert("lang", &self.lib.config.language);
        ctx
    }

    /// `base_context` for page `id`, in its language: `lang`, and `config` with the
    /// language's title and description.
    fn page_context(&self, path: &str, id: PageId) -> tera::Context {
        self.language_context(path, self.lib.pages[id].lang.as_deref())
    }

    /// `base_context` in language `lang` (`None`: the default).
    fn language_context(&self, path: &str, lang: Option<&str>) -> tera::Context {
        let mut ctx = self.base_context(path);
        if let Some(lang) = lang {
            ctx.insert("lang", lang);
            if let Some(config) = self.configs.get(lang) {
                ctx.insert("config", config);
            }
        }
        ctx
    }

    /// `language_context` for a page made from the whole site (timeline, tags…), with
    /// `translations`: the same page in the other languages that have it, for the theme's
    /// `hreflang` alternates and switcher. Set only on sites with languages.
    fn generated_context(&self, path: &str, lang: Option<&str>) -> tera::Context {
        let mut ctx = self.language_context(path, lang);
        if !self.lib.config.languages.is_empty() {
            ctx.insert("translations", &self.generated_translations(path, lang));
        }
        ctx
    }

    /// The addresses of generated page `path` (in `lang`) in the other languages.
    fn generated_translations(&self, path: &str, lang: Option<&str>) -> Vec<Value> {
        let c = &self.lib.config;
        let unprefixed = lang
            .and_then(|l| path.strip_prefix('/')?.strip_prefix(l))
            .unwrap_or(path);
        let codes = std::iter::once(&c.language).chain(c.languages.keys());
        codes
            .filter(|code| lang.unwrap_or(&c.language) != code.as_str())
            .filter_map(|code| {
                let (at, title) = match self.configs.get(code) {
                    Some(config) => (format!("/{code}{unprefixed}"), &config["title"]),
                    None => (unprefixed.to_string(), &self.config["title"]),
                };
                self.lib.site_files.has(&at).then(|| {
                    serde_json::json!({ "lang": code, "permalink": c.permalink(&at), "title": title })
                })
            })
            .collect()
    }

    pub fn render_page(&self, id: PageId) -> Result<String, Diagnostic> {
        let page = &self.lib.pages[id];
        match self.pagination(id) {
            Some(p) => self.render_pager(id, &p, &self.lib.sorted_pages(id), 1),
            None => {
                let template = self.template_for(id)?;
                let mut ctx = self.page_context(&page.path, id);
                let view = page_view(&self.lib, &self.html, id, self.wanted_by(&template));
                ctx.insert(if page.is_section { "section" } else { "page" }, &view);
                self.render(&template, &ctx, Some(id))
            }
        }
    }

    /// How section `id` is paginated, if it is.
    pub fn pagination(&self, id: PageId) -> Option<Pagination> {
        let themes_own = |name: &str| {
            self.origins
                .get(name)
                .is_some_and(|o| o.starts_with("themes"))
        };
        pagination::of(&self.lib.pages[id], &self.lib.config.theme, &themes_own)
    }

    /// Pager `index` (from 1) of section `id`, whose pages in order are `sorted`: its
    /// template with `paginator`, at the pager's address.
    pub fn render_pager(
        &self,
        id: PageId,
        pagination: &Pagination,
        sorted: &[PageId],
        index: usize,
    ) -> Result<String, Diagnostic> {
        let page = &self.lib.pages[id];
        let template = self.template_for(id)?;
        let wanted = self.wanted_by(&template);
        let mut ctx = self.page_context(&pagination.path(&page.path, index), id);
        ctx.insert("section", &page_view(&self.lib, &self.html, id, wanted));
        // A loop over `paginator.pages` is read as one over another value's pages.
        let listed = Wanted::listing(wanted.listed | wanted.tagged);
        let view = paginator::paginator_view(
            (&self.lib, &self.html),
            &page.path,
            pagination,
            sorted,
            index,
            listed,
        );
        ctx.insert("paginator", &view);
        self.render(&template, &ctx, Some(id))
    }

    /// A printed document whole (`print.html`, at `doc.path`): every page's part is rendered
    /// on its own with `print_page.html`, in parallel, and spliced into `print.html` where it
    /// prints `printed_pages`. One template walking every page's full view would clone each
    /// view as it goes: on 10,000 pages that was 2.8 s and 450 MB. A build renders each
    /// page's part as it renders the page instead (`generated::print::Spool`).
    pub fn render_print(&self, doc: &PrintDoc) -> Result<String, Diagnostic> {
        use rayon::prelude::*;
        let parts: Vec<String> = doc
            .pages
            .par_iter()
            .map(|&id| self.render_print_page(&doc.path, id))
            .collect::<Result<_, _>>()?;
        self.render_print_shell(doc, &parts)
    }

    /// Page `id`'s part of the printed document at `path`: `print_page.html` with `page` and
    /// `anchor`, the id of its part. `page.content` is the page's HTML as printed
    /// (`PrintedDossier::print`): its ids under `anchor`, its links to where each page is
    /// printed, its headings a level down.
    pub fn render_print_page(&self, path: &str, id: PageId) -> Result<String, Diagnostic> {
        let mut ctx = self.page_context(path, id);
        let anchor = crate::generated::print::anchor(&self.lib.pages[id].path);
        let mut page = page_view(
            &self.lib,
            &self.html,
            id,
            self.wanted_by(PRINT_PAGE_TEMPLATE),
        );
        if let Some(content) = page.content.take() {
            // HTML rendered without its places noted (no build prints such a page today)
            // has them read from it.
            let scanned;
            let splices = match &content.splices {
                Some(splices) => splices,
                None => {
                    scanned = crate::markdown::splices::scan(&content.html);
                    &scanned
                }
            };
            let html = self
                .memo
                .printed(&self.lib)
                .print(&content.html, splices, &anchor);
            page.content = Some(markdown::Html::Fresh(Arc::new(crate::markdown::Rendered {
                html,
                ..crate::markdown::Rendered::default()
            })));
        }
        ctx.insert("page", &page);
        ctx.insert("anchor", &anchor);
        self.render(PRINT_PAGE_TEMPLATE, &ctx, Some(id))
    }

    /// `print.html` for `doc`, its pages' `parts` (in order) in it. A part of a dossier printed
    /// in parts has `print_part` (its view) and `print_contents` (its pages) set.
    pub fn render_print_shell(
        &self,
        doc: &PrintDoc,
        parts: &[String],
    ) -> Result<String, Diagnostic> {
        let mut ctx = match &doc.part {
            Some(part) => {
                let mut ctx = self.base_context(&doc.path);
                ctx.insert("print_part", &part.view(&self.lib));
                ctx.insert(
                    "print_contents",
                    &crate::generated::print::contents(&self.lib, &part.pages),
                );
                ctx
            }
            None => self.generated_context(&doc.path, doc.lang.as_deref()),
        };
        // The parts go in after the shell is rendered, so tera never holds them as a value.
        ctx.insert("printed_pages", PRINTED_PAGES_MARK);
        let shell = self.render("print.html", &ctx, None)?;
        let Some((before, after)) = shell.split_once(PRINTED_PAGES_MARK) else {
            return Ok(shell);
        };
        let mut html =
            String::with_capacity(shell.len() + parts.iter().map(String::len).sum::<usize>());
        html.push_str(before);
        for part in parts {
            html.push_str(part);
        }
        html.push_str(after);
        Ok(html)
    }

    /// `/print/` of a dossier printed in parts: `print.html` with `print_parts` set.
    pub fn render_print_index(
        &self,
        path: &str,
        parts: &[&crate::generated::print::PrintPart],
    ) -> Result<String, Diagnostic> {
        let mut ctx = self.base_context(path);
        let views: Vec<_> = parts.iter().map(|p| p.view(&self.lib)).collect();
        ctx.insert("print_parts", &views);
        self.render("print.html", &ctx, None)
    }

    /// Renders a template that belongs to no page (404, timeline…) at URL path `path`.
    pub fn render_template(&self, template: &str, path: &str) -> Result<String, Diagnostic> {
        self.render(template, &self.generated_context(path, None), None)
    }

    /// `render_template` for the edition in `lang`: `lang` and `config` in that language.
    pub fn render_template_in(
        &self,
        template: &str,
        path: &str,
        lang: &str,
    ) -> Result<String, Diagnostic> {
        self.render(template, &self.generated_context(path, Some(lang)), None)
    }

    fn render(
        &self,
        template: &str,
        ctx: &tera::Context,
        page: Option<PageId>,
    ) -> Result<String, Diagnostic> {
        let asker = self.asker(template, ctx, page);
        let rendered = (self.html.images).asked_by(asker, || self.tera.render(template, ctx));
        rendered.map_err(|e| {
            let message = chain(&e);
            let during = page.map_or(String::new(), |id| {
                format!(" (rendering {})", self.lib.pages[id].file.display())
            });
            let (name, position) = self.locate(template, &message);
            let origin = self
                .origins
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            let gone = match unknown_callable(&message) {
                Some("print_links") => "; `print_links` is gone: in print_page.html `page.content` is the page as printed, write `{{ page.content | safe }}`",
                _ => "",
            };
            let d = Diagnostic::error(format!("template error: {message}{gone}{during}"))
                .in_file(origin)
                .code("template");
            match position {
                Some((line, column)) => d.at(line, column),
                None => d,
            }
        })
    }

    /// Who asks for the image derivatives this rendering asks for: a page's own page (the
    /// first pager of a paginated section too), or a generated page (a pager, a printed
    /// page's part, a tag page…), which `dossier serve` renders again all together.
    fn asker(&self, template: &str, ctx: &tera::Context, page: Option<PageId>) -> String {
        use crate::derivatives::{generated_asker, page_asker};
        let path = ctx
            .get("current_path")
            .and_then(|p| p.as_str())
            .unwrap_or("");
        match page.map(|id| &self.lib.pages[id]) {
            Some(p) if template != PRINT_PAGE_TEMPLATE && p.path == path => page_asker(p),
            Some(p) => generated_asker(&format!("{path}|{template}|{}", p.rel)),
            None => generated_asker(&format!("{path}|{template}")),
        }
    }

    /// Where a runtime error happened, as near as its message tells: the first place the
    /// name it quotes (`page.nope`, a filter, a function) appears in the template rendered
    /// or in one the message names (a parent or an include).
    fn locate<'a>(&'a self, template: &'a str, message: &str) -> (&'a str, Option<(usize, usize)>) {
        let quoted = message
            .split('`')
            .nth(1)
            .or_else(|| unknown_callable(message))
            .filter(|q| !q.is_empty() && !q.contains(char::is_whitespace));
        let Some(quoted) = quoted else {
            return (template, None);
        };
        let named = self
            .sources
            .keys()
            .filter(|n| n.as_str() != template && message.contains(&format!("'{n}'")));
        for name in std::iter::once(template).chain(named.map(String::as_str)) {
            if let Some(offset) = self.sources.get(name).and_then(|text| text.find(quoted)) {
                return (
                    name,
                    Some(crate::diagnostic::line_col(&self.sources[name], offset)),
                );
            }
        }
        (template, None)
    }
}

/// The name in tera's "Filter 'x' not found" (or a function's, or a test's).
fn unknown_callable(message: &str) -> Option<&str> {
    ["Filter '", "Function '", "Test '"]
        .iter()
        .find_map(|prefix| {
            let (_, rest) = message.split_once(prefix)?;
            let (name, after) = rest.split_once('\'')?;
            after.starts_with(" not found").then_some(name)
        })
}

/// `get_page(path=…)`: a page (not a section), with every field.
pub(super) fn get_page(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let f = &env.finder;
        let l = &env.lib;
        let path = arg_str(args, "path", "get_page")?;
        let id = f
            .find(path)
            .filter(|&id| !l.pages[id].is_section)
            .ok_or_else(|| tera::Error::msg(format!("get_page(): no page `{path}`")))?;
        to_value(page_view(l, &env.html, id, Wanted::ALL))
    })
}

/// `get_section(path=…, metadata_only=false)`: a section.
pub(super) fn get_section(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let f = &env.finder;
        let l = &env.lib;
        let path = arg_str(args, "path", "get_section")?;
        let id = f
            .find(path)
            .filter(|&id| l.pages[id].is_section)
            .ok_or_else(|| tera::Error::msg(format!("get_section(): no section `{path}`")))?;
        let wanted = match args.get("metadata_only").and_then(Value::as_bool) {
            Some(true) => Wanted::LISTING,
            _ => Wanted::ALL,
        };
        to_value(page_view(l, &env.html, id, wanted))
    })
}

/// `get_url(path=…)`: the URL of a page (`@/…`) or of a file the build writes.
pub(super) fn get_url(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let f = &env.finder;
        let l = &env.lib;
        let path = arg_str(args, "path", "get_url")?;
        if let Some(file) = path.strip_prefix("@/") {
            let (file, anchor) = file
                .split_once('#')
                .map_or((file, None), |(f, a)| (f, Some(a)));
            let id = f
                .by_file(file)
                .ok_or_else(|| tera::Error::msg(format!("get_url(): no page `@/{file}`")))?;
            let mut url = l.permalink(id);
            if let Some(a) = anchor {
                url = format!("{url}#{a}");
            }
            return Ok(Value::String(url));
        }
        // Zola's `lang=`: the file of that language (`fr/atom.xml`) where the build writes one.
        let translated = args
            .get("lang")
            .and_then(Value::as_str)
            .filter(|lang| *lang != l.config.language)
            .map(|lang| format!("{lang}/{}", path.trim_start_matches('/')))
            .filter(|p| l.site_files.has(p));
        let path = translated.as_deref().unwrap_or(path);
        if !l.site_files.has(path) {
            let did_you_mean = l
                .site_files
                .closest(path)
                .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            return Err(tera::Error::msg(format!(
                "get_url(): `{path}` is no page or file the build writes{did_you_mean}"
            )));
        }
        Ok(Value::String(format!(
            "{}/{}",
            l.config.base_url,
            path.trim_start_matches('/')
        )))
    })
}

/// Macros cannot see `config`, so they ask whether a site-wide output is built.
pub(super) fn output_enabled(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let name = arg_str(args, "name", "output_enabled")?;
        match l.config.outputs.wants(name) {
            Some(on) => Ok(Value::Bool(on)),
            None => Err(tera::Error::msg(format!(
                "output_enabled(): no output `{name}`"
            ))),
        }
    })
}

/// `get_events()`: every event; with `lang=`, that edition's.
pub(super) fn get_events(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let edition = generated_functions::EditionArg::of(l, args);
        to_value(
            l.resolved
                .events
                .iter()
                .filter(|e| edition.keeps(e.page))
                .map(|e| event_view(l, e, None))
                .collect::<Vec<_>>(),
        )
    })
}

/// `get_relations()`: every relation.
pub(super) fn get_relations(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |_: &HashMap<String, Value>| {
        let l = &env.lib;
        to_value(
            l.resolved
                .relations
                .iter()
                .map(|r| relation_view(l, r, None))
                .collect::<Vec<_>>(),
        )
    })
}

/// The pages (not sections) `get_pages` and `count_pages` give: of `kind=` if given, and of
/// the edition `lang=` names.
fn pages_asked(l: &Library, args: &HashMap<String, Value>) -> Vec<PageId> {
    let kind = args.get("kind").and_then(Value::as_str);
    let edition = generated_functions::EditionArg::of(l, args);
    (0..l.pages.len())
        .filter(|&i| {
            !l.pages[i].is_section
                && kind.is_none_or(|k| l.pages[i].kind() == Some(k))
                && edition.keeps(i)
        })
        .collect()
}

/// `get_pages(kind=…)`: the pages, by title, as `Env::got_pages` says templates read them.
pub(super) fn get_pages(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let l = &env.lib;
        let got_pages = env.got_pages;
        let mut ids = pages_asked(l, args);
        ids.sort_by(|&a, &b| {
            l.pages[a]
                .title
                .to_lowercase()
                .cmp(&l.pages[b].title.to_lowercase())
        });
        // Only the fields templates read: a list of every page is made whole otherwise.
        let view = |i: PageId| {
            let mut view = to_value(page_view(l, &env.html, i, got_pages))?;
            if let (Some(names), Value::Object(fields)) = (&env.got_names, &mut view) {
                fields.retain(|name, _| names.contains(name));
            }
            Ok(view)
        };
        Ok(Value::Array(
            ids.into_iter().map(view).collect::<tera::Result<_>>()?,
        ))
    })
}

/// `count_pages(kind=…)`: how many pages `get_pages` with the same arguments gives, without
/// making a view of each (at 100,000 pages, `get_pages() | length` took 0.7 s and 150 MB).
pub(super) fn count_pages(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        Ok(Value::from(pages_asked(&env.lib, args).len()))
    })
}

/// `get_page_link(path=…)`: a page's title and URL.
pub(super) fn get_page_link(env: &Arc<Env>) -> Box<dyn tera::Function> {
    let env = Arc::clone(env);
    Box::new(move |args: &HashMap<String, Value>| {
        let f = &env.finder;
        let l = &env.lib;
        let path = arg_str(args, "path", "get_page_link")?;
        let id = f
            .find(path)
            .ok_or_else(|| tera::Error::msg(format!("get_page_link(): no page `{path}`")))?;
        to_value(page_link(l, id))
    })
}

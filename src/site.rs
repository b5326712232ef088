//! The pipeline's two phases, as Zola names them: `Site::load` reads, parses, resolves and
//! renders every page's Markdown (all that `check` needs); `Site::build` renders templates
//! and writes the output, atomically.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::bibliography::Bibliography;
use crate::config::{SiteConfig, CONFIG_FILE, PLACEHOLDER_BASE_URL};
use crate::content::{Asset, Content, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::generated::print;
use crate::library::Library;
use crate::link_check::{self, SiteFiles};
use crate::output::{self, Staging};
use crate::render::markdown::{Released, Rendering};
use crate::render::{Renderer, StaticFile, ThemeFiles, PRINT_PAGE_TEMPLATE};
use crate::resolve::{Lookup, Resolver};
use crate::stages::{self, Reuse};

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include pages with `draft = true`.
    pub drafts: bool,
    /// Replaces `base_url` from site.toml (the dev server points it at itself).
    pub base_url: Option<String>,
    /// The process exits right after this build, so what it loaded need not be freed.
    pub exiting: bool,
    /// Write outside the site's folder, or replace a folder dossier did not make
    /// (`build --force`).
    pub force: bool,
    /// Say how long each stage took, on stderr (`build --verbose`).
    pub verbose: bool,
}

/// The time each stage of a build takes, said on stderr when asked for (as Zola's
/// `log_time`): `  resolve       12 ms`.
pub struct StageTimer {
    verbose: bool,
    last: Instant,
}

impl StageTimer {
    pub fn new(verbose: bool) -> StageTimer {
        StageTimer {
            verbose,
            last: Instant::now(),
        }
    }

    /// Ends the stage `name`, saying how long it took since the last one ended.
    pub fn done(&mut self, name: &str) {
        let now = Instant::now();
        if self.verbose {
            eprintln!("  {name:<24} {:>6} ms", (now - self.last).as_millis());
        }
        self.last = now;
    }
}

/// A file of the built site.
pub enum BuiltFile<'a> {
    Bytes(Vec<u8>),
    Copy(&'a Path),
    Static(&'a [u8]),
}

#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    pub pages: usize,
    pub sections: usize,
    pub static_files: usize,
    pub elapsed: Duration,
    /// What the reader should know and did not stop the build: symbolic links, an output
    /// replaced in place, mounted folders left alone, a `url` shown as text.
    pub warnings: Vec<Diagnostic>,
    /// How many warnings `dossier check` would report (orphans, uncited sources…): counted
    /// in the summary line, listed by `check`.
    pub check_warnings: usize,
}

impl std::fmt::Display for BuildStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {} pages, {} sections, {} static files in {} ms",
            self.pages,
            self.sections,
            self.static_files,
            self.elapsed.as_millis()
        )?;
        match self.check_warnings {
            0 => Ok(()),
            1 => write!(f, " · 1 warning — run `dossier check`"),
            n => write!(f, " · {n} warnings — run `dossier check`"),
        }
    }
}

pub struct Site {
    pub root: PathBuf,
    pub renderer: Renderer,
    pub theme: ThemeFiles,
    pub assets: Vec<Asset>,
    /// Found while loading, reported by `build` and `check` without failing them.
    pub warnings: Vec<Diagnostic>,
}

/// A site read, resolved and with its Markdown rendered, before its templates are compiled:
/// what `Site::load` builds a `Site` from, and what `dossier serve` keeps between rebuilds.
pub struct LoadedSite {
    pub library: Library,
    /// What rendering the library's Markdown reads and records (`Rendering`).
    pub rendering: Rendering,
    pub theme: ThemeFiles,
    pub assets: Vec<Asset>,
    /// What the content folder holds: every Markdown file (drafts left out of the library
    /// included) and every other file.
    pub listing: crate::content::Listing,
    /// The name index the pages were resolved with, drafts left out included.
    pub resolver: Resolver,
}

/// What loading does with the pages' source text once it is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageText {
    /// Keep it, as `dossier serve` does to compare each save with it.
    Keep,
    /// Let it go, and read each file again when its Markdown is rendered: a build renders
    /// each page once, long after analysing it, and needs no text in between.
    Release,
}

impl LoadedSite {
    /// Reads and resolves the site at `root`, reporting every error found.
    pub fn load(root: &Path, options: &Options) -> Result<LoadedSite, Diagnostics> {
        LoadedSite::load_with(root, options, PageText::Keep)
    }

    pub fn load_with(
        root: &Path,
        options: &Options,
        text: PageText,
    ) -> Result<LoadedSite, Diagnostics> {
        LoadedSite::load_reporting(root, options, text).map(|(parts, _)| parts)
    }

    /// `load_with`, with the warnings found on the way (symbolic links in `content/`).
    pub fn load_reporting(
        root: &Path,
        options: &Options,
        text: PageText,
    ) -> Result<(LoadedSite, Vec<Diagnostic>), Diagnostics> {
        let mut timer = StageTimer::new(options.verbose);
        let mut config = SiteConfig::load(root)?;
        if let Some(base_url) = &options.base_url {
            config.base_url = base_url.trim_end_matches('/').to_string();
        }
        let theme = ThemeFiles::load(root, &config.theme);
        let bibliography = Bibliography::load(root, &config);
        let content = match &bibliography {
            Ok(b) => stages::read_content(root, &config, options.drafts, b, &Reuse::nothing()),
            Err(_) => Err(Vec::new()),
        };
        let (theme, (mut content, listing, mut warnings)) = match (theme, content) {
            (Ok(t), Ok(c)) => (t, c),
            (t, c) => {
                let mut all: Vec<Diagnostic> = t.err().into_iter().collect();
                all.extend(bibliography.err().unwrap_or_default());
                all.extend(c.err().unwrap_or_default());
                let mut d = Diagnostics(all);
                d.sort();
                return Err(d);
            }
        };
        warnings.append(&mut config.warnings);
        timer.done("read config, theme, content");
        let images = stages::expand_shortcodes(root, &config, &theme, &mut content.pages)?;
        timer.done("expand shortcodes");
        let (analyses, digests) = stages::analyse(&mut content.pages, text, &Reuse::nothing());
        let released = (text == PageText::Release).then(|| Released::new(root, digests));
        timer.done("analyse Markdown");
        let (resolver, graph, mut errors) =
            stages::resolve(root, &config, &content, &analyses, &Reuse::nothing());
        warnings.extend(crate::languages::fallbacks(
            &resolver,
            &content.pages,
            &analyses,
            &|p: &crate::content::Page| match p.text.is_empty() {
                false => std::borrow::Cow::Borrowed(p.text.as_str()),
                true => std::fs::read_to_string(root.join(&p.file))
                    .unwrap_or_default()
                    .into(),
            },
        ));
        timer.done("resolve");
        let (pages, assets) = (&content.pages, &content.assets);
        let (files, link_errors) = stages::check_links(&config, &theme, pages, &analyses, assets);
        errors.extend(link_errors);
        timer.done("check links");
        if !errors.is_empty() && released.is_some() {
            errors = stages::place_errors(root, (&config, &theme), &mut content, &analyses);
        }
        if !errors.is_empty() {
            let mut d = Diagnostics(errors);
            d.sort();
            return Err(d);
        }
        let Content { pages, assets, .. } = content;
        let ids = resolver.page_ids();
        let library = stages::library(config, pages, analyses, (graph, ids), files);
        Ok((
            LoadedSite {
                library,
                rendering: Rendering::new(released, images),
                theme,
                assets,
                listing,
                resolver,
            },
            warnings,
        ))
    }
}

/// `[extra] lead` in site.toml names the page the home page leads with: a name that finds
/// no page is reported here, at its place in site.toml, rather than by the theme's template
/// in words about `get_page`.
pub(crate) fn lead_error(
    root: &Path,
    config: &SiteConfig,
    pages: &[crate::content::Page],
    resolver: &Resolver,
) -> Option<Diagnostic> {
    let lead = config.extra.get("lead")?.as_str()?;
    let path = lead.trim_start_matches("@/").trim_start_matches('/');
    if pages.iter().any(|p| p.rel == path) {
        return None;
    }
    let message = match resolver.lookup(path) {
        Lookup::Found(_) => return None,
        Lookup::Ambiguous(ids) => format!(
            "`lead = \"{lead}\"` names several pages: {}; write the path to choose one",
            ids.iter()
                .map(|&i| format!("`{}`", pages[i].link_path()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Lookup::Missing(suggestion) => match resolver.draft(path) {
            Some(file) => format!(
                "`lead = \"{lead}\"` is a draft ({} has `draft = true`), which is left out \
                 of the build; build with `--drafts` to include it, or remove `draft = true`",
                file.display()
            ),
            None => format!(
                "`lead = \"{lead}\"` matches no page{}",
                suggestion.map_or(String::new(), |s| format!("; did you mean `{s}`?"))
            ),
        },
    };
    let error = Diagnostic::error(message)
        .in_file(CONFIG_FILE)
        .code("unknown-lead");
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    Some(
        match crate::toml_util::value_span(&text, &["extra", "lead"]) {
            Some(span) => error.at_offset(&text, span.start),
            None => error,
        },
    )
}

impl Site {
    /// Reads and resolves the site at `root`, reporting every error found.
    pub fn load(root: &Path, options: &Options) -> Result<Site, Diagnostics> {
        let (
            LoadedSite {
                library,
                rendering,
                theme,
                assets,
                ..
            },
            warnings,
        ) = LoadedSite::load_reporting(root, options, PageText::Release)?;
        let mut timer = StageTimer::new(options.verbose);
        let mut site = Site::from_parts(root, theme, assets, Arc::new(library), rendering)?;
        timer.done("compile templates");
        site.warnings.extend(warnings);
        Ok(site)
    }

    /// Compiles the templates over a loaded library.
    pub fn from_parts(
        root: &Path,
        theme: ThemeFiles,
        assets: Vec<Asset>,
        library: Arc<Library>,
        rendering: Rendering,
    ) -> Result<Site, Diagnostics> {
        let renderer = Renderer::new(&theme, library, Arc::new(rendering));
        let renderer = renderer.map_err(Diagnostics::from)?;
        Ok(Site {
            root: root.to_path_buf(),
            renderer,
            theme,
            assets,
            warnings: Vec::new(),
        })
    }

    pub fn library(&self) -> &Library {
        self.renderer.library()
    }

    /// Renders every page and generated file and hands each to `sink`, in parallel.
    /// All errors are gathered; none stops the others.
    pub fn render_all<F>(&self, sink: F) -> Result<BuildStats, Diagnostics>
    where
        F: Fn(&str, BuiltFile<'_>) -> Result<(), Diagnostic> + Sync,
    {
        let start = Instant::now();
        let lib = self.library();
        let html = self.renderer.rendering();
        // Generated files: checked when they are pages, then handed to the sink.
        let write_generated = |rel: &str, bytes: Vec<u8>| {
            if let Some(html) = rel
                .strip_suffix("index.html")
                .and_then(|folder| Some((folder, std::str::from_utf8(&bytes).ok()?)))
            {
                self.check_rendered(html.1, &format!("/{}", html.0), None)?;
            }
            sink(rel, BuiltFile::Bytes(bytes))
        };
        // The search index reads each page as it renders, from the same HTML: a page's
        // Markdown is rendered once for both (held for the page, unless its listing holds it).
        let readings = crate::generated::search::Readings::of(lib, html);
        // A feed's entries are held from their own rendering until the feeds are written.
        let fed = crate::generated::feeds::fed(lib);
        // Each printed document is written as soon as the last of its pages is rendered.
        let outputs = &lib.config.outputs;
        let spool = print::Spool::new(
            lib.pages.len(),
            print::documents(lib, &|t| {
                self.renderer.has_template(t) && outputs.wants_template(t)
            }),
        );
        let page = |id: PageId, held: bool| {
            let reading = readings.of_page(id);
            let printed = spool.places(id).next().is_some();
            let hold = (reading.is_some() || fed[id] || printed) && !held;
            if hold {
                html.hold(lib, id);
            }
            let mut errors: Vec<Diagnostic> = self
                .renderer
                .render_page(id)
                .and_then(|html| {
                    self.check_rendered(&html, &lib.pages[id].path, Some(id))?;
                    sink(&lib.pages[id].output, BuiltFile::Bytes(html.into_bytes()))
                })
                .err()
                .into_iter()
                .collect();
            if let Some(reading) = reading {
                reading.read(id, &write_generated);
            }
            for (doc, d, at) in spool.places(id) {
                let part = self.renderer.render_print_page(&doc.path, id);
                let parts = match part {
                    Ok(part) => spool.put(d, at, part),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                };
                if let Some(parts) = parts {
                    let printed = self.renderer.render_print_shell(doc, &parts);
                    errors.extend(
                        printed
                            .and_then(|h| write_generated(&doc.output(), h.into_bytes()))
                            .err(),
                    );
                }
            }
            if hold && !fed[id] {
                html.release(&[id]);
            }
            errors
        };
        // Section by section: its pages, then the section. When its listing shows their HTML,
        // each page's Markdown is rendered once and held for it, and let go after. Pages in
        // no section's listing go on their own.
        let sections: Vec<PageId> = (0..lib.pages.len())
            .filter(|&id| lib.pages[id].is_section)
            .collect();
        let mut listed = vec![false; lib.pages.len()];
        for &s in &sections {
            listed[s] = true;
            for &c in &lib.pages[s].pages {
                listed[c] = true;
            }
        }
        let mut errors: Vec<Diagnostic> = sections
            .par_iter()
            .flat_map(|&s| {
                let children = &lib.pages[s].pages;
                let hold = self.renderer.lists_html(s);
                let mut errors: Vec<Diagnostic> = children
                    .par_iter()
                    .flat_map_iter(|&c| {
                        if hold {
                            html.hold(lib, c);
                        }
                        page(c, hold)
                    })
                    .collect();
                errors.extend(page(s, false));
                if hold {
                    let unfed: Vec<PageId> =
                        children.iter().copied().filter(|&c| !fed[c]).collect();
                    html.release(&unfed);
                }
                errors
            })
            .collect();
        errors.extend(
            (0..lib.pages.len())
                .into_par_iter()
                .filter(|&id| !listed[id])
                .flat_map_iter(|id| page(id, false))
                .collect::<Vec<_>>(),
        );

        // Generated pages, tag pages, feeds, search index…: before the static files, which
        // may replace them.
        errors.extend(render_generated(
            &self.renderer,
            &write_generated,
            readings,
            Some(&spool),
        ));
        let fed: Vec<PageId> = (0..fed.len()).filter(|&id| fed[id]).collect();
        html.release(&fed);

        errors.extend(
            copied_files(&self.content_dir(), &self.assets, &self.theme)
                .par_iter()
                .filter_map(|(rel, from)| match from {
                    CopyFrom::Disk(path) => sink(rel, BuiltFile::Copy(path)).err(),
                    CopyFrom::Embedded(bytes) => sink(rel, BuiltFile::Static(bytes)).err(),
                })
                .collect::<Vec<_>>(),
        );
        errors.extend(html.take_errors());
        if !errors.is_empty() {
            let mut d = Diagnostics(errors);
            d.sort();
            return Err(d);
        }
        Ok(BuildStats {
            pages: lib.pages.iter().filter(|p| !p.is_section).count(),
            sections: lib.pages.iter().filter(|p| p.is_section).count(),
            static_files: self.assets.len() + self.theme.statics.len(),
            elapsed: start.elapsed(),
            warnings: lib.pages.iter().flat_map(|p| p.warnings.clone()).collect(),
            check_warnings: 0,
        })
    }

    /// An error when a rendered page links inside the site to what the build does not
    /// write: a link its template made (the Markdown's own were checked at their source).
    fn check_rendered(&self, html: &str, path: &str, id: Option<PageId>) -> Result<(), Diagnostic> {
        let lib = self.library();
        let broken =
            link_check::broken_in_rendered(html, path, &lib.config.base_url, &lib.site_files);
        if broken.is_empty() {
            return Ok(());
        }
        let addresses = broken
            .iter()
            .map(|u| format!("`{u}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let (file, by) = match id {
            Some(id) => {
                let template = self.renderer.template_for(id)?;
                let origin = self
                    .theme
                    .templates
                    .get(&template)
                    .map(|t| t.origin.clone());
                let page = lib.pages[id].file.display();
                (origin, format!("template `{template}`, rendering {page}"))
            }
            None => (None, format!("the site-wide page {path}")),
        };
        let error = Diagnostic::error(format!(
            "{by}, links to {addresses}, which the build does not write"
        ))
        .code("broken-link");
        Err(match file {
            Some(f) => error.in_file(f),
            None => error,
        })
    }

    /// The folder of the site's Markdown and the files beside it.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.library().config.content_dir)
    }

    /// Writes the site to `out`, replacing what was there only if everything succeeded, and
    /// only if dossier made it (see `output::check_output_dir`).
    pub fn write(&self, out: &Path) -> Result<BuildStats, Diagnostics> {
        self.write_with(out, false)
    }

    /// `write`, where `force` lets the output be outside the site or not made by dossier.
    pub fn write_with(&self, out: &Path, force: bool) -> Result<BuildStats, Diagnostics> {
        let content_dir = &self.library().config.content_dir;
        output::check_output_dir(&self.root, out, content_dir, force)?;
        let staging = Staging::new(out)?;
        let stats = self.render_all(|rel, data| match data {
            BuiltFile::Bytes(bytes) => staging.write(rel, &bytes),
            BuiltFile::Static(bytes) => staging.write(rel, bytes),
            BuiltFile::Copy(from) => staging.copy(rel, from),
        })?;
        let mut stats = stats;
        stats.warnings.extend(self.warnings.iter().cloned());
        stats.warnings.extend(staging.commit()?);
        Ok(stats)
    }

    /// The output directory: `--output`, else `output_dir` from site.toml, under the root.
    pub fn output_dir(&self, requested: Option<&Path>) -> PathBuf {
        match requested {
            Some(p) => p.to_path_buf(),
            None => self.root.join(&self.library().config.output_dir),
        }
    }
}

/// Where a file the build copies as it is comes from.
pub enum CopyFrom<'a> {
    Disk(PathBuf),
    Embedded(&'a [u8]),
}

/// The files a build copies as they are, by output path: the content's own files, and the
/// static files of the site and its theme, which win over a content file at the same path.
/// `Site::render_all` writes them; `dossier serve` serves them. `content_dir` is the folder
/// the content's files are in.
pub fn copied_files<'a>(
    content_dir: &Path,
    assets: &'a [Asset],
    theme: &'a ThemeFiles,
) -> Vec<(&'a str, CopyFrom<'a>)> {
    let mut files: Vec<(&str, CopyFrom)> = assets
        .iter()
        .filter(|a| !theme.statics.contains_key(&a.output))
        .map(|a| (a.output.as_str(), CopyFrom::Disk(content_dir.join(&a.rel))))
        .collect();
    files.extend(theme.statics.iter().map(|(rel, file)| {
        let from = match file {
            StaticFile::Embedded(bytes) => CopyFrom::Embedded(bytes),
            StaticFile::Disk(path) => CopyFrom::Disk(path.clone()),
        };
        (rel.as_str(), from)
    }));
    files
}

/// Renders what is made from the whole site rather than from one page — the generated
/// pages, the 404 page, tag pages, feeds, the search index — and hands each file to `write`.
/// `Site::render_all` calls it after the pages; `dossier serve` after each rebuild.
/// `readings` are the search indexes a build read while it rendered the pages, and `spool`
/// the printed documents it printed then (none of either in `dossier serve`, which keeps
/// every page's HTML: it prints every document here).
pub fn render_generated<'a>(
    renderer: &'a Renderer,
    write: &crate::generated::WriteFn<'_>,
    mut readings: crate::generated::search::Readings<'a>,
    spool: Option<&print::Spool>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let lib = renderer.library();
    let outputs = &lib.config.outputs;
    let has_template = |t: &str| renderer.has_template(t) && outputs.wants_template(t);
    let printing = renderer.has_template(PRINT_PAGE_TEMPLATE);
    let computed;
    let docs = match spool {
        Some(spool) => spool.documents(),
        None => {
            computed = print::documents(lib, &has_template);
            &computed[..]
        }
    };
    for (template, path) in crate::config::generated_pages() {
        if !has_template(template) {
            continue;
        }
        let out = format!("{}/index.html", path.trim_matches('/'));
        let rendered = match template {
            // The printed documents are below; one printed in parts is listed at `/print/`.
            "print.html" if printing => {
                let parts: Vec<&print::PrintPart> =
                    docs.iter().filter_map(|d| d.part.as_ref()).collect();
                if parts.is_empty() {
                    continue;
                }
                renderer.render_print_index(path, &parts)
            }
            _ => renderer.render_template(template, path),
        };
        match rendered {
            Ok(html) => errors.extend(write(&out, html.into_bytes()).err()),
            Err(e) => errors.push(e),
        }
    }
    // Those a build did not print as it rendered their pages (`dossier serve` prints them here).
    errors.par_extend(
        docs.par_iter()
            .filter(|doc| !spool.is_some_and(|s| s.prints(&doc.path)))
            .filter_map(|doc| {
                let html = renderer.render_print(doc);
                html.and_then(|h| write(&doc.output(), h.into_bytes()))
                    .err()
            }),
    );
    errors.extend(render_pagers(renderer, write));
    if renderer.library().config.outputs.taxonomies {
        errors.extend(render_taxonomies(renderer, write));
    }
    if renderer.has_template("404.html") {
        match renderer.render_template("404.html", "/404.html") {
            Ok(html) => errors.extend(write("404.html", html.into_bytes()).err()),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(crate::generated::emit(
        (renderer.library(), renderer.rendering()),
        &|template| renderer.has_template(template),
        &|template, path| renderer.render_template(template, path),
        write,
        crate::editions::listed(renderer),
        readings.take(None),
    ));
    errors.extend(crate::editions::render(renderer, write, readings));
    // Last: every page and generated page has asked for its image derivatives by now.
    errors.extend(renderer.rendering().images.emit(write));
    errors
}

/// The pagers of paginated sections after their first (which is the section's own page),
/// and the redirect from `…/page/1/` to the section.
fn render_pagers(renderer: &Renderer, write: &crate::generated::WriteFn<'_>) -> Vec<Diagnostic> {
    use crate::content::pagination::{output_of, redirect_html};
    let lib = renderer.library();
    let sections: Vec<(PageId, _)> = (0..lib.pages.len())
        .filter_map(|id| Some((id, renderer.pagination(id)?)))
        .collect();
    sections
        .par_iter()
        .flat_map(|(id, pagination)| {
            let path = &lib.pages[*id].path;
            let sorted = lib.sorted_pages(*id);
            let redirect = redirect_html(&lib.permalink(*id), &lib.config.language);
            let mut errors: Vec<Diagnostic> = write(
                &output_of(&pagination.numbered(path, 1)),
                redirect.into_bytes(),
            )
            .err()
            .into_iter()
            .collect();
            errors.extend(
                (2..=pagination.number_pagers)
                    .into_par_iter()
                    .filter_map(|i| {
                        let html = renderer.render_pager(*id, pagination, &sorted, i);
                        html.and_then(|h| {
                            write(&output_of(&pagination.path(path, i)), h.into_bytes())
                        })
                        .err()
                    })
                    .collect::<Vec<_>>(),
            );
            errors
        })
        .collect()
}

/// Every taxonomy's list of terms, each term's page (by pager) and its feed.
fn render_taxonomies(
    renderer: &Renderer,
    write: &crate::generated::WriteFn<'_>,
) -> Vec<Diagnostic> {
    use crate::content::pagination::{output_of, redirect_html};
    use crate::generated::{feeds, taxonomies};
    let lib = renderer.library();
    let all = taxonomies::every_edition(lib);
    let mut errors = Vec::new();
    for t in all.iter().filter(|t| t.config.render) {
        let list = renderer.render_taxonomy_list(t);
        errors.extend(
            list.and_then(|html| write(&output_of(&t.list_path()), html.into_bytes()))
                .err(),
        );
        errors.extend(
            t.terms
                .par_iter()
                .flat_map(|term| {
                    let path = t.term_path(&term.slug);
                    let pagers = taxonomies::pagination(&t.config, term.pages.len());
                    let mut files: Vec<Result<(String, String), Diagnostic>> = Vec::new();
                    let count = pagers.as_ref().map_or(1, |p| p.number_pagers);
                    for i in 1..=count {
                        let at = pagers.as_ref().map_or(path.clone(), |p| p.path(&path, i));
                        files.push(
                            renderer
                                .render_taxonomy_term(t, term, i)
                                .map(|h| (output_of(&at), h)),
                        );
                    }
                    if let Some(p) = &pagers {
                        let lang = t.lang.as_deref().unwrap_or(&lib.config.language);
                        let redirect = redirect_html(&lib.config.permalink(&path), lang);
                        files.push(Ok((output_of(&p.numbered(&path, 1)), redirect)));
                    }
                    if t.config.feed {
                        let feed = feeds::term_atom(
                            (lib, renderer.rendering()),
                            &term.name,
                            &path,
                            &term.pages,
                        );
                        files.push(Ok((t.feed_file(&term.slug), feed)));
                    }
                    files
                        .into_iter()
                        .filter_map(|f| {
                            f.and_then(|(out, text)| write(&out, text.into_bytes()))
                                .err()
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>(),
        );
    }
    errors
}

/// A warning when the site is built with the placeholder address of `dossier init` or with
/// none: its feed, sitemap and shared links would point to example.org, or nowhere.
fn placeholder_base_url(root: &Path, config: &SiteConfig) -> Option<Diagnostic> {
    let message = match config.base_url.as_str() {
        PLACEHOLDER_BASE_URL => format!(
            "`base_url` is still the placeholder `{PLACEHOLDER_BASE_URL}`, so the feed, the \
             sitemap and shared links point there; set the site's address in {CONFIG_FILE}, \
             or build with `--base-url`"
        ),
        "" => format!(
            "{CONFIG_FILE} sets no `base_url`, so the feed and the sitemap have no full \
             addresses; set the site's address, or build with `--base-url`"
        ),
        _ => return None,
    };
    let warning = Diagnostic::warning(message)
        .in_file(CONFIG_FILE)
        .code("placeholder-base-url");
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    Some(match crate::toml_util::value_span(&text, &["base_url"]) {
        Some(span) => warning.at_offset(&text, span.start),
        None => warning,
    })
}

/// Every file the build will write, known before it renders: what plain links are
/// checked against. Follows `Site::render_all` and `render_generated`.
pub fn site_files(
    config: &SiteConfig,
    theme: &ThemeFiles,
    pages: &[crate::content::Page],
    assets: &[Asset],
) -> SiteFiles {
    let has_template =
        |t: &str| theme.templates.contains_key(t) && config.outputs.wants_template(t);
    let mut other: Vec<String> = crate::config::generated_pages()
        .filter(|(t, _)| has_template(t))
        .map(|(_, path)| path.to_string())
        .chain(crate::generated::tag_page_paths(pages, &has_template))
        .map(|path| format!("{}/index.html", path.trim_matches('/')))
        .collect();
    if theme.templates.contains_key("404.html") {
        other.push("404.html".into());
    }
    if config.outputs.taxonomies {
        let has = |name: &str, list: bool| {
            let has = |t: &str| theme.templates.contains_key(t);
            crate::render::taxonomy_template(&has, name, list).is_some()
        };
        let (paths, files) = crate::generated::taxonomies::written(config, pages, &has);
        other.extend(
            paths
                .iter()
                .map(|p| crate::content::pagination::output_of(p)),
        );
        other.extend(files);
    }
    let themes_own =
        |name: &str| (theme.templates.get(name)).is_some_and(|t| t.origin.starts_with("themes"));
    for page in pages {
        if let Some(p) = crate::content::pagination::of(page, &config.theme, &themes_own) {
            let pagers = (1..=p.number_pagers).map(|i| p.numbered(&page.path, i));
            other.extend(pagers.map(|path| crate::content::pagination::output_of(&path)));
        }
    }
    if has_template("print.html") && theme.templates.contains_key(PRINT_PAGE_TEMPLATE) {
        other.extend(
            crate::generated::print::part_paths(pages)
                .iter()
                .map(|path| format!("{}/index.html", path.trim_matches('/'))),
        );
    }
    other.extend(config.outputs.files().map(String::from));
    other.extend(config.language_feeds());
    other.extend(crate::editions::files(config, &has_template, pages));
    other.extend(assets.iter().map(|a| a.output.clone()));
    other.extend(theme.statics.keys().cloned());
    let theme_ids = link_check::ids_in_templates(theme.templates.values().map(|t| t.text.as_str()));
    SiteFiles::new(pages, other, theme_ids)
}

/// `dossier build`: load, render, write; the summary line counts from the start of loading.
pub fn build(
    root: &Path,
    options: &Options,
    out: Option<&Path>,
) -> Result<BuildStats, Diagnostics> {
    let start = Instant::now();
    let site = Site::load(root, options)?;
    let mut timer = StageTimer::new(options.verbose);
    let mut stats = site.write_with(&site.output_dir(out), options.force)?;
    timer.done("render, write, swap");
    let findings = crate::check::findings(site.library());
    stats.check_warnings = findings
        .iter()
        .chain(&site.warnings)
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if options.base_url.is_none() {
        stats
            .warnings
            .extend(placeholder_base_url(root, &site.library().config));
    }
    timer.done("count warnings");
    stats.elapsed = start.elapsed();
    if options.exiting {
        // Freeing every page, view and template one by one takes longer than the exit
        // that frees them at once.
        std::mem::forget(site);
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site in a temporary folder, of `files` (path, text).
    fn site_of(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// Every page's Markdown is rendered once in a build that shows it on its page, in its
    /// section's listing, in the search index, in the feed and in the printed dossier: they
    /// share one rendering.
    #[test]
    fn a_build_renders_each_pages_markdown_once() {
        let article = |n: u8| {
            format!(
                "+++\ntitle = \"A{n}\"\nkind = \"article\"\ndate = 2018-09-0{n}\n+++\nText {n}.\n"
            )
        };
        let (a1, a2, a3) = (article(1), article(2), article(3));
        let dir = site_of(&[
            (
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org\"\n",
            ),
            ("content/articles/a1.md", &a1),
            ("content/articles/a2.md", &a2),
            ("content/articles/a3.md", &a3),
            ("content/notes/n.md", "+++\ntitle = \"N\"\n+++\nA note.\n"),
        ]);
        let site = Site::load(dir.path(), &Options::default()).expect("loads");
        let pages = site.library().pages.len();
        let fed = crate::generated::feeds::feed_entries(site.library()).len();
        assert_eq!(fed, 3, "the articles are the feed's entries");
        let renders = crate::cost::counts::steps_of("markdown render", || {
            let files = std::sync::Mutex::new(std::collections::HashMap::new());
            site.render_all(|rel, file| {
                if let BuiltFile::Bytes(b) = file {
                    files.lock().unwrap().insert(rel.to_string(), b);
                }
                Ok(())
            })
            .expect("builds");
            let files = files.into_inner().unwrap();
            let feed = String::from_utf8(files["atom.xml"].clone()).unwrap();
            assert!(feed.contains("Text 2."), "{feed}");
            let printed = String::from_utf8(files["print/index.html"].clone()).unwrap();
            for text in ["Text 1.", "Text 2.", "Text 3.", "A note."] {
                assert!(printed.contains(text), "{text} in {printed}");
            }
        });
        assert_eq!(renders, pages, "one rendering a page, of {pages} pages");
    }

    /// A build that fails to resolve places its errors by reading its pages' text again,
    /// not by loading the whole site again: nothing is parsed or analysed twice.
    #[test]
    fn a_failed_build_analyses_each_page_once_and_places_its_errors() {
        let dir = site_of(&[
            (
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org\"\n",
            ),
            (
                "content/a.md",
                "+++\ntitle = \"A\"\n+++\nSee [[b]].\n\nAnd [[nowhere]].\n",
            ),
            ("content/b.md", "+++\ntitle = \"B\"\n+++\nB.\n"),
            ("content/c.md", "+++\ntitle = \"C\"\n+++\nC.\n"),
        ]);
        let mut errors = None;
        let analyses = crate::cost::counts::steps_of("markdown analysis", || {
            let loaded =
                LoadedSite::load_reporting(dir.path(), &Options::default(), PageText::Release);
            errors = loaded.err();
        });
        // The three pages and the home page the build makes up.
        assert_eq!(analyses, 4, "each page is analysed once");
        let errors = errors.expect("a broken link fails the build").0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.path.as_deref(), Some(Path::new("content/a.md")));
        assert_eq!((e.line, e.column), (Some(6), Some(5)), "{e:?}");
    }
}

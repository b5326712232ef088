//! Incremental rebuilds, for `dossier serve`: the site kept in memory with its library, its
//! output and a fingerprint of what each page's template saw, so that an edit re-reads only
//! the changed files, re-resolves and re-renders only the pages whose inputs changed, and
//! ends with the very bytes a full build of the same files writes.
//!
//! A rebuild has two phases. `update` applies the changed files and re-renders the pages they
//! touch, which is what the writer is looking at; `finish` regenerates what is made from the
//! whole site (timeline, graph, search index, feeds, tag pages, 404), which on a big site
//! takes far longer, so the server does it only when it is shown or asked for.
//!
//! Changed files take one of three paths, cheapest first:
//! - edits of existing pages that keep the site's shape (same files, URLs and drafts) are
//!   patched in place (`patch`): only the edited pages, the pages whose links, citations or
//!   relations meet them, and the pages holding those lists are re-resolved;
//! - added, removed or renamed files, a changed URL or draft flag rebuild the library from
//!   the pages already parsed (`restructure`): every page is re-resolved, but only pages whose
//!   view changed are re-rendered;
//! - a changed site.toml, or a watcher that lost track, loads everything again.
//!
//! Templates and static files are compared with the previous ones: a changed template
//! re-renders the pages whose template uses it, a static file is re-read.

mod affected;
pub mod fingerprint;
mod patch;
mod plan;
pub mod reach;
mod restructure;
pub mod served;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::{Asset, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::library::Library;
use crate::render::markdown::Rendering;
use crate::render::{Compiled, Renderer, StaticFile, ThemeFiles};
use crate::resolve::lookups::Lookups;
use crate::resolve::Resolver;
use crate::site::{copied_files, render_generated, CopyFrom, LoadedSite, Options};
use crate::stages::covers;
use reach::{Reach, TemplateReach};
pub use served::{Bytes, CopiedFile, Layer, OutputFile, ServedFiles};

/// What changed on disk, as the watcher tells it. Paths use `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// `site.toml`: everything is loaded again.
    Config,
    /// A file or folder under `content/`, relative to it (`` for the folder itself).
    Content(String),
    /// A template of the site or its theme, relative to its `templates/` folder.
    Template(String),
    /// A static file of the site or its theme, relative to its `static/` folder.
    Static(String),
    /// Unknown (the watcher lost events): everything is loaded again.
    Everything,
}

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Whether the whole site was loaded again.
    pub full: bool,
    /// Pages whose templates ran.
    pub rendered: usize,
    /// ServedFiles paths whose served file changed, appeared or disappeared.
    pub changed: BTreeSet<String>,
    pub elapsed: Duration,
}

impl std::fmt::Display for Rebuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.rendered;
        write!(
            f,
            "{} {n} page{} in {} ms",
            if self.full { "Built" } else { "Rebuilt" },
            if n == 1 { "" } else { "s" },
            self.elapsed.as_millis()
        )
    }
}

/// A site in memory, rebuilt as its files change.
pub struct LiveSite {
    root: PathBuf,
    options: Options,
    state: Option<State>,
    /// Changes not yet applied (kept while the site has errors).
    pending: BTreeSet<Change>,
    output: ServedFiles,
}

/// The last good build, with what the next rebuild needs to do little.
struct State {
    lib: Arc<Library>,
    /// What rendering the library's Markdown records: the image derivatives asked for
    /// (its HTML is kept in the library, `Library::rendered`).
    html: Arc<Rendering>,
    /// The library's pages by name; kept until a page is renamed.
    resolver: Resolver,
    /// The theme's templates, compiled once, given to each library.
    compiled: Compiled,
    /// The compiled templates over the library; `None` after the library changed, until a
    /// rebuild needs them.
    renderer: Option<Renderer>,
    theme: ThemeFiles,
    assets: Vec<Asset>,
    /// Markdown files left out of the site (drafts).
    excluded: HashSet<String>,
    /// What the content folder held: a restructure lists it again from the changes.
    listing: crate::content::Listing,
    lookups: Lookups,
    /// Of each page's view when it was last rendered; `None` when not taken (the view had
    /// certainly changed): a page with none whose view a change may reach is rendered again.
    fingerprints: Vec<Option<u64>>,
    templates: TemplateReach,
    /// Each page's template.
    page_templates: Vec<String>,
    /// `fingerprint::sections` of the library.
    sections: u64,
}

impl State {
    /// The templates compiled over the current library.
    fn renderer(&mut self) -> &Renderer {
        let (compiled, lib, html) = (&self.compiled, &self.lib, &self.html);
        self.renderer.get_or_insert_with(|| {
            Renderer::with(compiled.clone(), Arc::clone(lib), Arc::clone(html))
        })
    }

    fn reach(&self, id: PageId) -> Reach {
        self.templates.of(&self.page_templates[id])
    }

    /// Pages rendered on every change: their templates look at the whole site.
    fn site_wide_pages(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.page_templates.len()).filter(|&id| self.reach(id) == Reach::Site)
    }
}

/// Lets go of what a rebuild replaced on a thread of its own: freeing a big site's pages, HTML
/// and indexes takes about a third of the time of the rebuild that replaced them (100 ms at
/// 10,000 pages), a renderer with the site-wide files it made 30 ms, and the reload should
/// not wait for it. If no thread can be started, it is let go here.
fn retire<T: Send + 'static>(replaced: T) {
    let _ = std::thread::Builder::new()
        .name("retire".into())
        .spawn(move || drop(replaced));
}

/// A library to change in place; the renderer, which shares it, is dropped.
fn library_mut<'a>(lib: &'a mut Arc<Library>, renderer: &mut Option<Renderer>) -> &'a mut Library {
    if let Some(renderer) = renderer.take() {
        retire(renderer.into_memo());
    }
    if Arc::get_mut(lib).is_none() {
        // Someone still holds the library (never so far): work on a copy.
        *lib = Arc::new(Library::clone(lib));
    }
    Arc::get_mut(lib).expect("no other owner")
}

/// The Markdown files that are not pages (drafts, or pages in a draft section), given
/// every Markdown file under `content/`.
fn excluded(lib: &Library, markdown: &[String]) -> HashSet<String> {
    markdown
        .iter()
        .filter(|rel| !lib.ids.contains_key(*rel))
        .cloned()
        .collect()
}

/// Each page's template name (empty if it has none: rendering it reports why).
fn page_templates(renderer: &Renderer, lib: &Library) -> Vec<String> {
    (0..lib.pages.len())
        .into_par_iter()
        .map(|id| renderer.template_for(id).unwrap_or_default())
        .collect()
}

fn diagnostics(errors: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics(errors);
    d.sort();
    d
}

/// The values, or every error.
fn gather<T, E: Into<Diagnostics>>(
    results: impl IntoIterator<Item = Result<T, E>>,
) -> Result<Vec<T>, Diagnostics> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => values.push(v),
            Err(e) => errors.extend(e.into().0),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(diagnostics(errors))
    }
}

/// Renders pages in parallel, gathering every error.
fn render_pages(renderer: &Renderer, ids: &[PageId]) -> Result<Vec<(PageId, Bytes)>, Diagnostics> {
    let results: Vec<Result<(PageId, Bytes), Diagnostic>> = ids
        .par_iter()
        .map(|&id| Ok((id, Bytes::from(renderer.render_page(id)?.into_bytes()))))
        .collect();
    gather(results)
}

/// What a build generates from the whole site (`site::render_generated`), by output path.
fn render_site_wide(renderer: &Renderer) -> Result<HashMap<String, Bytes>, Diagnostics> {
    let files = Mutex::new(HashMap::new());
    let write = |rel: &str, bytes: Vec<u8>| {
        files
            .lock()
            .expect("no panics while holding it")
            .insert(rel.to_string(), Bytes::from(bytes));
        Ok(())
    };
    // Every page's HTML is kept here, so the index reads it when it is written.
    let errors = render_generated(renderer, &write, Default::default(), None);
    if !errors.is_empty() {
        return Err(diagnostics(errors));
    }
    Ok(files.into_inner().expect("no panics while holding it"))
}

/// Built files by output path, as the output keeps them.
fn built(files: impl IntoIterator<Item = (String, Bytes)>) -> HashMap<String, OutputFile> {
    files
        .into_iter()
        .map(|(path, bytes)| (path, OutputFile::Built(bytes)))
        .collect()
}

/// A copied file as it is on disk now; `None` if it is gone (removed since it was listed:
/// a removal, which its own event will confirm, not an unreadable file).
fn copied(path: &Path, shown: impl FnOnce() -> PathBuf) -> Result<Option<OutputFile>, Diagnostic> {
    match CopiedFile::at(path) {
        Ok(file) => Ok(Some(OutputFile::Copied(Arc::new(file)))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(format!("cannot read file: {e}")).in_file(shown())),
    }
}

/// The copied files of the site, by output path (`site::copied_files`, as a build copies
/// them). Files for which `fresh` is false are taken from `old`. `folder` is the content
/// folder as site.toml names it.
fn collect_files(
    root: &Path,
    folder: &str,
    assets: &[Asset],
    theme: &ThemeFiles,
    old: &HashMap<String, OutputFile>,
    fresh: &(dyn Fn(&str) -> bool + Sync),
) -> Result<HashMap<String, OutputFile>, Diagnostics> {
    let read: Vec<Result<Option<(&str, OutputFile)>, Diagnostic>> =
        copied_files(&root.join(folder), assets, theme)
            .into_par_iter()
            .map(|(out, from)| {
                if let (false, Some(f)) = (fresh(out), old.get(out)) {
                    return Ok(Some((out, f.clone())));
                }
                let file = match from {
                    CopyFrom::Embedded(b) => Some(OutputFile::Built(Bytes::from(b))),
                    CopyFrom::Disk(path) => copied(&path, || {
                        path.strip_prefix(root).unwrap_or(&path).to_path_buf()
                    })?,
                };
                Ok(file.map(|f| (out, f)))
            })
            .collect();
    Ok(gather(read)?
        .into_iter()
        .flatten()
        .map(|(out, file)| (out.to_string(), file))
        .collect())
}

impl LiveSite {
    /// A site not built yet: the first `update` builds it.
    pub fn new(root: &Path, options: Options) -> LiveSite {
        LiveSite {
            root: root.to_path_buf(),
            options,
            state: None,
            pending: BTreeSet::new(),
            output: ServedFiles::default(),
        }
    }

    /// The last good output.
    pub fn output(&self) -> &ServedFiles {
        &self.output
    }

    /// What `dossier check` would warn about in the last good build (orphans, uncited
    /// sources, placeholders…), in file order; notes left out.
    pub fn warnings(&self) -> Vec<crate::diagnostic::Diagnostic> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let lib = &state.lib;
        let mut all = crate::diagnostic::Diagnostics(crate::check::findings(lib));
        all.0
            .extend(lib.pages.iter().flat_map(|p| p.warnings.iter().cloned()));
        all.0
            .retain(|d| d.severity == crate::diagnostic::Severity::Warning);
        all.sort();
        all.0
    }

    /// Applies changes (the first call builds the site) and re-renders the pages they touch.
    /// On error nothing served changes, and the changes are tried again with the next ones.
    pub fn update(
        &mut self,
        changes: impl IntoIterator<Item = Change>,
    ) -> Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        self.pending.extend(changes);
        let mut rebuild = Rebuild::default();
        let full = self.state.is_none()
            || self.pending.iter().any(|c| match c {
                Change::Config | Change::Everything => true,
                // The templates folder itself: which shortcodes exist may have changed.
                Change::Template(name) => name.is_empty(),
                _ => false,
            })
            || self.touches_images();
        if full {
            rebuild.full = true;
            self.load(&mut rebuild)?;
        } else {
            self.expand_callers_again();
            self.apply_theme(&mut rebuild)?;
            self.pending
                .retain(|c| !matches!(c, Change::Template(_) | Change::Static(_)));
            self.apply_content(&mut rebuild)?;
        }
        self.pending.clear();
        rebuild.elapsed = start.elapsed();
        Ok(rebuild)
    }

    /// A changed shortcode template, or a changed file other than a page (which `load_data`
    /// may read), may change what any shortcode writes: the pages that call one are read
    /// and expanded again, as edited pages (`patch` then sees whether the expansion changed).
    fn expand_callers_again(&mut self) {
        let Some(state) = &self.state else {
            return;
        };
        let again = self.pending.iter().any(|c| match c {
            Change::Template(name) => name.starts_with("shortcodes/"),
            Change::Content(rel) => !rel.ends_with(".md"),
            _ => false,
        });
        if !again {
            return;
        }
        let callers = (state.lib.ids.iter())
            .filter(|(_, &id)| state.lib.pages[id].shortcodes.is_some())
            .map(|(rel, _)| Change::Content(rel.clone()));
        let callers: Vec<Change> = callers.collect();
        self.pending.extend(callers);
    }

    /// Whether a pending change is to an image a page shows with its size or derivatives
    /// (which are named after its bytes): such a change loads the site again, as the pages
    /// showing it are not known. An edit of a page that shows images does not: what each
    /// page asks for is put down to it (`Images::asked_by`).
    fn touches_images(&self) -> bool {
        let Some(state) = &self.state else {
            return false;
        };
        let content_dir = self.root.join(&state.lib.config.content_dir);
        self.pending.iter().any(|c| match c {
            Change::Content(rel) if !rel.ends_with(".md") => {
                state.html.images.has_read(&content_dir.join(rel))
            }
            _ => false,
        })
    }

    /// Regenerates what is made from the whole site: generated pages and files.
    pub fn finish(&mut self) -> Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        let mut rebuild = Rebuild::default();
        if let Some(state) = &mut self.state {
            // Generated pages are all rendered again below, and pages gone since the last
            // time ask for nothing: so the derivatives made are what a full build makes.
            let ids = &state.lib.ids;
            state.html.images.forget(|asker| {
                crate::derivatives::is_generated(asker)
                    || crate::derivatives::asker_page(asker)
                        .is_some_and(|rel| !ids.contains_key(rel))
            });
            let files = render_site_wide(state.renderer())?;
            self.output
                .replace(Layer::Generated, built(files), &mut rebuild.changed);
        }
        rebuild.elapsed = start.elapsed();
        Ok(rebuild)
    }

    /// Loads and renders everything.
    fn load(&mut self, rebuild: &mut Rebuild) -> Result<(), Diagnostics> {
        let LoadedSite {
            mut library,
            rendering,
            theme,
            assets,
            listing,
            resolver,
        } = LoadedSite::load(&self.root, &self.options)?;
        // The live site patches pages' HTML one by one, so it keeps all of it.
        library.rendered = rendering.render_every_page(&library);
        let (lib, html) = (Arc::new(library), Arc::new(rendering));
        let compiled = Compiled::new(&theme)?;
        let renderer = Renderer::with(compiled.clone(), Arc::clone(&lib), Arc::clone(&html));
        let all: Vec<PageId> = (0..lib.pages.len()).collect();
        let pages = render_pages(&renderer, &all)?;
        let folder = &lib.config.content_dir;
        let files = collect_files(
            &self.root,
            folder,
            &assets,
            &theme,
            &HashMap::new(),
            &|_| true,
        )?;

        let excluded = excluded(&lib, &listing.markdown);
        let state = State {
            listing,
            resolver,
            lookups: Lookups::new(&lib.pages, &lib.analyses),
            fingerprints: all
                .par_iter()
                .map(|&id| Some(fingerprint::page(&lib, &html, id)))
                .collect(),
            templates: TemplateReach::new(&theme.templates),
            page_templates: page_templates(&renderer, &lib),
            sections: fingerprint::sections(&lib),
            compiled,
            renderer: Some(renderer),
            excluded,
            assets,
            theme,
            lib,
            html,
        };
        rebuild.rendered = pages.len();
        let pages = built(
            pages
                .into_iter()
                .map(|(id, html)| (state.lib.pages[id].output.clone(), html)),
        );
        self.output
            .replace(Layer::Pages, pages, &mut rebuild.changed);
        self.output
            .replace(Layer::Files, files, &mut rebuild.changed);
        if let Some(old) = self.state.replace(state) {
            retire(old);
        }
        Ok(())
    }

    /// Reloads templates and static files if any changed; re-renders the pages whose
    /// templates changed and re-reads the changed static files.
    fn apply_theme(&mut self, rebuild: &mut Rebuild) -> Result<(), Diagnostics> {
        let statics: Vec<&str> = self
            .pending
            .iter()
            .filter_map(|c| match c {
                Change::Static(rel) => Some(rel.as_str()),
                _ => None,
            })
            .collect();
        let templates_touched = self
            .pending
            .iter()
            .any(|c| matches!(c, Change::Template(_)));
        if statics.is_empty() && !templates_touched {
            return Ok(());
        }
        let state = self.state.as_mut().expect("built");
        let theme = ThemeFiles::load(&self.root, &state.lib.config.theme)?;
        let old = &state.theme;
        let changed_templates: BTreeSet<&str> = theme
            .templates
            .keys()
            .chain(old.templates.keys())
            .filter(|name| {
                theme.templates.get(*name).map(|t| &t.text)
                    != old.templates.get(*name).map(|t| &t.text)
            })
            .map(String::as_str)
            .collect();

        if changed_templates
            .iter()
            .any(|t| t.starts_with("shortcodes/"))
        {
            // A full build compiles every shortcode template, called or not.
            let folder = &state.lib.config.content_dir;
            crate::shortcodes::Shortcodes::new(&self.root, folder, &theme, &state.html.images)?;
        }
        let mut recompiled = None;
        if !changed_templates.is_empty() {
            let compiled = Compiled::new(&theme)?;
            let (lib, html) = (Arc::clone(&state.lib), Arc::clone(&state.html));
            let renderer = Renderer::with(compiled.clone(), lib, html);
            let templates = TemplateReach::new(&theme.templates);
            let names = page_templates(&renderer, &state.lib);
            let ids: Vec<PageId> = (0..names.len())
                .filter(|&id| {
                    names[id] != state.page_templates[id]
                        || changed_templates
                            .iter()
                            .any(|c| templates.depends_on(&names[id], c))
                })
                .collect();
            let pages = render_pages(&renderer, &ids)?;
            recompiled = Some((compiled, renderer, templates, names, pages));
        }

        let touched = |out: &str| {
            statics.iter().any(|s| covers(s, out))
                || match (theme.statics.get(out), old.statics.get(out)) {
                    (Some(StaticFile::Disk(a)), Some(StaticFile::Disk(b))) => a != b,
                    (Some(StaticFile::Embedded(_)), Some(StaticFile::Embedded(_))) => false,
                    _ => true,
                }
        };
        let files = collect_files(
            &self.root,
            &state.lib.config.content_dir,
            &state.assets,
            &theme,
            self.output.layer(Layer::Files),
            &touched,
        )?;

        if let Some((compiled, renderer, templates, names, pages)) = recompiled {
            state.compiled = compiled;
            state.renderer = Some(renderer);
            state.templates = templates;
            state.page_templates = names;
            rebuild.rendered += pages.len();
            for (id, html) in pages {
                let out = &state.lib.pages[id].output;
                self.output
                    .put(Layer::Pages, out, Some(html.into()), &mut rebuild.changed);
            }
        }
        state.theme = theme;
        self.output
            .replace(Layer::Files, files, &mut rebuild.changed);
        Ok(())
    }

    /// Applies the changed content files: patched in place when the site keeps its shape.
    fn apply_content(&mut self, rebuild: &mut Rebuild) -> Result<(), Diagnostics> {
        let changed: Vec<String> = self
            .pending
            .iter()
            .filter_map(|c| match c {
                Change::Content(rel) => Some(rel.clone()),
                _ => None,
            })
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        let state = self.state.as_mut().expect("built");
        let folder = state.lib.config.content_dir.clone();
        let content_dir = self.root.join(&folder);
        // Only a changed file other than Markdown can be a document: an edit of pages alone
        // (the common save) does not go through every page's documents.
        let documents: HashSet<&str> = if changed.iter().all(|c| c.ends_with(".md")) {
            HashSet::new()
        } else {
            (state.lib.pages.iter())
                .flat_map(|p| p.documents.iter().map(|d| d.rel.as_str()))
                .collect()
        };
        let known = plan::Known {
            ids: &state.lib.ids,
            excluded: &state.excluded,
            assets: &state.assets,
            documents: &documents,
        };
        let plan::Plan {
            restructure: mut reshaped,
            edited,
            assets: assets_touched,
        } = plan::plan(&changed, &known, &|rel| {
            let path = content_dir.join(rel);
            if path.is_dir() {
                plan::OnDisk::Folder
            } else if path.is_file() {
                plan::OnDisk::File
            } else {
                plan::OnDisk::Nothing
            }
        });
        let edited: Vec<(PageId, &str)> =
            edited.iter().map(|(id, rel)| (*id, rel.as_str())).collect();
        let mut pages = Vec::new();
        if !reshaped && !edited.is_empty() {
            match patch::run(state, (&self.root, &folder), &edited)? {
                Some(rendered) => pages = rendered,
                // An edit changed a URL or a draft flag after all.
                None => reshaped = true,
            }
        }
        if reshaped {
            let mut restructured = restructure::run(state, &self.root, &self.options, &changed)?;
            let new_state = &restructured.state;
            // The outputs of files that came, went, moved or changed are copied again (by
            // output, each file looked up once: a leak archive has tens of thousands).
            let old_outputs: HashMap<&str, &str> = (state.assets.iter())
                .map(|a| (a.rel.as_str(), a.output.as_str()))
                .collect();
            let unchanged = |a: &Asset| {
                old_outputs.get(a.rel.as_str()) == Some(&a.output.as_str())
                    && !changed.iter().any(|c| covers(c, &a.rel))
            };
            let fresh: HashSet<&str> = (state.assets.iter())
                .chain(&new_state.assets)
                .filter(|a| !unchanged(a))
                .map(|a| a.output.as_str())
                .collect();
            let files = collect_files(
                &self.root,
                &folder,
                &new_state.assets,
                &new_state.theme,
                self.output.layer(Layer::Files),
                &|out| fresh.contains(out),
            )?;
            // Nothing fails from here on.
            restructured.take_lookups(state);
            for out in &restructured.removed {
                self.output
                    .put(Layer::Pages, out, None, &mut rebuild.changed);
            }
            self.output
                .replace(Layer::Files, files, &mut rebuild.changed);
            retire(std::mem::replace(state, restructured.state));
            pages = restructured.rendered;
        } else {
            for i in assets_touched {
                let a = &state.assets[i];
                let file = copied(&content_dir.join(&a.rel), || {
                    Path::new(&folder).join(&a.rel)
                })
                .map_err(|d| Diagnostics(vec![d]))?;
                self.output
                    .put(Layer::Files, &a.output, file, &mut rebuild.changed);
            }
        }
        let state = self.state.as_ref().expect("built");
        rebuild.rendered += pages.len();
        for (id, html) in pages {
            self.output.put(
                Layer::Pages,
                &state.lib.pages[id].output,
                Some(html.into()),
                &mut rebuild.changed,
            );
        }
        Ok(())
    }
}

//! The stages that load a site — read, analyse, resolve, check links, assemble the library —
//! as functions. A full build runs them in order (`site::LoadedSite::load_with`); the
//! rebuild of `dossier serve` after pages come or go (`incremental::restructure`) runs the
//! same functions with a `Reuse` of its last good build, which lets a stage skip a page
//! whose file and text did not change. A rebuild may skip a stage's work; it never does a
//! stage's work its own way.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::bibliography::Bibliography;
use crate::config::SiteConfig;
use crate::content::{Asset, Content, Listing, Page, PageId};
use crate::derivatives::Images;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::library::{Library, PageIds};
use crate::link_check::{self, SiteFiles};
use crate::markdown::{analyze, Analysis, Rendered};
use crate::render::markdown::release_text;
use crate::render::ThemeFiles;
use crate::resolve::lookups::Lookups;
use crate::resolve::{self, resolve_again, resolve_with, Resolved, Resolver};
use crate::shortcodes::Shortcodes;
use crate::site::PageText;

/// What a rebuild takes from the last good build instead of doing again: a page whose file
/// was not among the changed ones, and a page's analysis and Markdown when its text is the
/// same. `Reuse::nothing()` is a full build.
pub struct Reuse<'a> {
    last: Option<Last<'a>>,
}

struct Last<'a> {
    lib: &'a Library,
    /// Its pages by file, relative to `content/`.
    ids: &'a PageIds,
    /// Files and folders changed since, relative to `content/` (`` for all of it).
    changed: &'a [String],
    /// Which of its pages look up which names, when known: then resolution is reused.
    lookups: Option<&'a Lookups>,
    /// What it listed in the content folder, when known: then the folder is not walked.
    listing: Option<&'a Listing>,
    /// Its name index, when known: then it is renumbered rather than made again.
    resolver: Option<&'a Resolver>,
    /// This build's pages in the last one, once they are read (`Reuse::read`).
    read: Option<Read>,
}

/// For each page of a build, the id of the last build's page of the same file, and that id
/// again if the page was taken from it as it was. Made once, so that no later stage looks a
/// page up by file.
struct Read {
    files: Vec<Option<PageId>>,
    was: Vec<Option<PageId>>,
}

impl<'a> Reuse<'a> {
    pub fn nothing() -> Reuse<'a> {
        Reuse { last: None }
    }

    pub fn from(lib: &'a Library, ids: &'a PageIds, changed: &'a [String]) -> Reuse<'a> {
        Reuse {
            last: Some(Last {
                lib,
                ids,
                changed,
                lookups: None,
                listing: None,
                resolver: None,
                read: None,
            }),
        }
    }

    /// Knows this build's pages, as read (`read_content`, with this `Reuse`): each one's
    /// id in the last build is looked up once, here, for every later stage.
    pub fn read(mut self, pages: &[Page]) -> Reuse<'a> {
        if let Some(last) = &mut self.last {
            let (ids, changed) = (last.ids, last.changed);
            let (files, was) = (pages.par_iter())
                .map(|p| {
                    let id = ids.get(p.rel.as_str()).copied();
                    let kept = !changed.iter().any(|c| covers(c, &p.rel));
                    (id, id.filter(|_| kept))
                })
                .unzip();
            last.read = Some(Read { files, was });
        }
        self
    }

    /// Reuses the last build's resolution too, knowing which pages look up which names.
    pub fn with_lookups(mut self, lookups: &'a Lookups) -> Reuse<'a> {
        if let Some(last) = &mut self.last {
            last.lookups = Some(lookups);
        }
        self
    }

    /// Makes the name index from the last build's too.
    pub fn with_resolver(mut self, resolver: &'a Resolver) -> Reuse<'a> {
        if let Some(last) = &mut self.last {
            last.resolver = Some(resolver);
        }
        self
    }

    /// The name index of `pages` (this build's, as read), renumbered from the last build's
    /// if known.
    fn resolver(&self, pages: &[Page]) -> Resolver {
        (self.last.as_ref())
            .and_then(|last| last.resolver?.again(pages, &self.known_for(pages)?.was))
            .unwrap_or_else(|| Resolver::new(pages))
    }

    /// Lists the content folder from the last build's listing too, rather than walking it.
    pub fn with_listing(mut self, listing: &'a Listing) -> Reuse<'a> {
        if let Some(last) = &mut self.last {
            last.listing = Some(listing);
        }
        self
    }

    /// The content folder's files after the change, from the last build's listing.
    fn listing(&self, content_dir: &Path) -> Option<Listing> {
        let last = self.last.as_ref()?;
        last.listing?.again(content_dir, last.changed)
    }

    /// For each page of this build (as read), its id in the last build if it was kept
    /// from it; none without a last build.
    pub fn was(&self) -> &[Option<PageId>] {
        self.known().map_or(&[], |read| &read.was)
    }

    /// For each page of this build (as read), the id of the last build's page of the same
    /// file, whether kept or read again; none without a last build.
    pub fn files(&self) -> &[Option<PageId>] {
        self.known().map_or(&[], |read| &read.files)
    }

    /// What `read` found, if it was called.
    fn known(&self) -> Option<&Read> {
        self.last.as_ref()?.read.as_ref()
    }

    /// What `read` found, if it was called on `pages` (as many).
    fn known_for(&self, pages: &[Page]) -> Option<&Read> {
        self.known().filter(|read| read.was.len() == pages.len())
    }

    /// The last build's resolution, for `resolve_again` on this build's pages (as read).
    fn resolution(&self, pages: &[Page]) -> Option<resolve::Last<'_>> {
        let last = self.last.as_ref()?;
        Some(resolve::Last {
            pages: &last.lib.pages,
            resolved: &last.lib.resolved,
            lookups: last.lookups?,
            was: &self.known_for(pages)?.was,
        })
    }

    /// The page parsed from the file `rel` last time, if the file did not change since;
    /// out of the section tree, which `Content::assemble` builds again.
    pub fn page(&self, rel: &str) -> Option<Page> {
        let last = self.last.as_ref()?;
        if last.changed.iter().any(|c| covers(c, rel)) {
            return None;
        }
        let mut page = last.lib.pages[*last.ids.get(rel)?].clone();
        page.parent = None;
        page.pages.clear();
        page.subsections.clear();
        Some(page)
    }

    /// Whether page `id` of this build (as read) is the last build's (`page` gave it), not
    /// read again.
    pub fn kept(&self, id: PageId) -> bool {
        self.was().get(id).is_some_and(Option::is_some)
    }

    /// The last build's page with the same file and the same text as page `id` of this
    /// build (`page`, as read), its shortcodes expanded the same (a shortcode template may
    /// have changed). A kept page is the last build's, expansion and all, so its text is
    /// not compared.
    fn same(&self, id: PageId, page: &Page) -> Option<(&'a Library, PageId)> {
        let last = self.last.as_ref()?;
        let old = (*self.files().get(id)?)?;
        let was = &last.lib.pages[old];
        let same = self.kept(id) || (was.text == page.text && was.shortcodes == page.shortcodes);
        same.then_some((last.lib, old))
    }

    /// Page `id`'s Markdown as HTML from the last build, if its text and its resolution
    /// (what its links and citations point to) are the same, so it would render the same.
    pub fn rendered(&self, page: &Page, resolved: &Resolved, id: PageId) -> Option<Arc<Rendered>> {
        let (lib, old) = self.same(id, page)?;
        let (was, now) = (&lib.resolved.resolutions[old], &resolved.resolutions[id]);
        // A resolution kept from the last build is the very same one.
        (Arc::ptr_eq(was, now) || (was.links == now.links && was.citations == now.citations))
            .then(|| lib.rendered.get(old).cloned())
            .flatten()
    }
}

pub use crate::content::covers;

/// Stage 3, read: every file under `content/` (or the folder `content_dir` names), parsed,
/// joined with the bibliography's records and assembled into the section tree, with what
/// was listed in the folder and the warnings of listing it.
pub fn read_content(
    root: &Path,
    config: &SiteConfig,
    drafts: bool,
    bibliography: &Bibliography,
    reuse: &Reuse,
) -> Result<(Content, Listing, Vec<Diagnostic>), Vec<Diagnostic>> {
    let folder = &config.content_dir;
    let listed = reuse.listing(&root.join(folder));
    let page = |rel: &str| reuse.page(rel);
    Content::load_reusing(root, folder, drafts, bibliography, &page, listed)
}

/// Stage 3½, shortcodes: each call in a page's body expanded from its template, so that
/// what a shortcode writes is analysed, resolved and checked like the rest. Gives the image
/// derivatives that shortcodes (and later the templates) ask for.
pub fn expand_shortcodes(
    root: &Path,
    config: &SiteConfig,
    theme: &ThemeFiles,
    pages: &mut [Page],
) -> Result<Arc<Images>, Diagnostics> {
    let images = Arc::new(Images::new(root, &config.content_dir, &config.base_url));
    // Every shortcode template compiles, whether a page calls it or not.
    let shortcodes = Shortcodes::new(root, &config.content_dir, theme, &images)?;
    expand_with(&shortcodes, pages, &|_| true)?;
    Ok(images)
}

/// Stage 3½ for some pages (`which`), with the derivatives' registry of the last build: a
/// rebuild's pages read from their files again. A page taken from the last build as it
/// was keeps its expansion.
pub fn expand_shortcodes_of(
    root: &Path,
    content_dir: &str,
    theme: &ThemeFiles,
    images: &Arc<Images>,
    pages: &mut [Page],
    which: &(dyn Fn(PageId) -> bool + Sync),
) -> Result<(), Diagnostics> {
    let calls = |p: &Page| {
        let body = p.written_body();
        body.contains("{{") || body.contains("{%")
    };
    let picked = || (pages.iter().enumerate()).filter_map(|(id, p)| which(id).then_some(p));
    if !picked().any(calls) {
        // No templates to compile; each page asks for no derivative through shortcodes.
        for page in picked() {
            images.asked_by(crate::derivatives::shortcodes_asker(page), || ());
        }
        return Ok(());
    }
    let shortcodes = Shortcodes::new(root, content_dir, theme, images)?;
    expand_with(&shortcodes, pages, which)
}

/// Expands the shortcodes of the pages `which` picks, in parallel; their errors in order.
fn expand_with(
    shortcodes: &Shortcodes,
    pages: &mut [Page],
    which: &(dyn Fn(PageId) -> bool + Sync),
) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics(
        pages
            .par_iter_mut()
            .enumerate()
            .filter(|(id, _)| which(*id))
            .flat_map_iter(|(_, p)| shortcodes.expand(p))
            .collect(),
    );
    if !errors.0.is_empty() {
        errors.sort();
        return Err(errors);
    }
    Ok(())
}

/// Stage 4, analyse: each page's Markdown (in parallel). With `PageText::Release`, each
/// page's text is let go as soon as it is analysed (a build needs none until it renders,
/// and so the whole site's text and analyses are never held at once), and the digest to
/// read it again by is returned (`render::markdown::Released`).
pub fn analyse(
    pages: &mut [Page],
    text: PageText,
    reuse: &Reuse,
) -> (Vec<Arc<Analysis>>, Vec<Option<u64>>) {
    pages
        .par_iter_mut()
        .enumerate()
        .map(|(id, p)| {
            let analysis = match reuse.same(id, p) {
                Some((lib, id)) => lib.analyses[id].clone(),
                None => Arc::new(analyze(p.body())),
            };
            let digest = match text {
                PageText::Keep => None,
                PageText::Release => release_text(p),
            };
            (analysis, digest)
        })
        .unzip()
}

/// The errors of stages 5 and 5½ of a build that let go of pages' text, placed in their
/// files: the pages' text is read again (an error's notes may point into any page: "linked
/// from content/a.md:4:1"), and the two stages run again over it. Nothing is parsed or
/// analysed again, which loading the site again would do.
pub fn place_errors(
    root: &Path,
    (config, theme): (&SiteConfig, &ThemeFiles),
    content: &mut Content,
    analyses: &[Arc<Analysis>],
) -> Vec<Diagnostic> {
    content
        .pages
        .par_iter_mut()
        .filter(|page| page.text.is_empty() && page.shortcodes.is_none())
        .for_each(|page| {
            if let Ok(text) = crate::content::read_text_again(root, page) {
                page.text = Arc::new(text);
            }
        });
    let (_, _, mut placed) = resolve(root, config, content, analyses, &Reuse::nothing());
    let (pages, assets) = (&content.pages, &content.assets);
    placed.extend(check_links(config, theme, pages, analyses, assets).1);
    placed
}

/// Stage 5, resolve: every page's links, citations and relations, the lists they make, and
/// the page site.toml names as the lead.
pub fn resolve(
    root: &Path,
    config: &SiteConfig,
    content: &Content,
    analyses: &[Arc<Analysis>],
    reuse: &Reuse,
) -> (Resolver, Resolved, Vec<Diagnostic>) {
    let pages = &content.pages;
    let permalink = |path: &str| config.permalink(path);
    let resolver = reuse.resolver(pages).with_drafts(&content.drafts);
    let again = reuse
        .resolution(pages)
        .and_then(|last| resolve_again(&resolver, pages, analyses, &permalink, &last));
    let (resolved, mut errors) = again
        .unwrap_or_else(|| resolve_with(&resolver, pages, analyses, 0..pages.len(), &permalink));
    errors.extend(crate::site::lead_error(root, config, pages, &resolver));
    errors.extend(crate::content::terms::unknown(pages, config));
    errors.extend(crate::content::language::unknown(pages, config));
    (resolver, resolved, errors)
}

/// Stage 5½, check links: every file the build will write, and each plain link of the
/// pages and templates checked against them.
pub fn check_links(
    config: &SiteConfig,
    theme: &ThemeFiles,
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    assets: &[Asset],
) -> (SiteFiles, Vec<Diagnostic>) {
    let files = crate::site::site_files(config, theme, pages, assets);
    let mut errors = link_check::check(pages, analyses, &files, &config.base_url);
    errors.extend(link_check::check_templates(theme, &files));
    (files, errors)
}

/// Stage 6, library: what templates see.
pub fn library(
    config: SiteConfig,
    pages: Vec<Page>,
    analyses: Vec<Arc<Analysis>>,
    (resolved, ids): (Resolved, Arc<PageIds>),
    files: SiteFiles,
) -> Library {
    Library {
        config,
        translations: crate::languages::translations(&pages),
        ids,
        pages,
        analyses,
        resolved,
        rendered: Vec::new(),
        site_files: Arc::new(files),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rebuild after a page came takes the resolution of a page the change cannot reach
    /// from the last build (the very same), once `Reuse::read` knows which pages were kept;
    /// what it resolves equals a full build's.
    #[test]
    fn a_rebuild_shares_the_resolutions_of_pages_the_change_cannot_reach() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let page = |title: &str, body: &str| format!("+++\ntitle = \"{title}\"\n+++\n{body}\n");
        write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org\"\n",
        );
        write("content/a.md", &page("A", "See [[B]]."));
        write("content/b.md", &page("B", "Plain."));
        write("content/c.md", &page("C", "Plain too."));
        let root = dir.path();
        let last = crate::site::LoadedSite::load(root, &Default::default()).expect("loads");
        let lib = &last.library;
        let lookups = Lookups::new(&lib.pages, &lib.analyses);
        write("content/d.md", &page("D", "Also see [[B]]."));
        let changed = ["d.md".to_string()];
        let reuse = Reuse::from(lib, &lib.ids, &changed)
            .with_lookups(&lookups)
            .with_listing(&last.listing)
            .with_resolver(&last.resolver);
        let bibliography = crate::content::records::of_pages(&lib.pages);
        let read = read_content(root, &lib.config, false, &bibliography, &reuse);
        let (mut content, _, _) = read.expect("reads");
        let reuse = reuse.read(&content.pages);
        let (analyses, _) = analyse(&mut content.pages, PageText::Keep, &reuse);
        let (_, resolved, errors) = resolve(root, &lib.config, &content, &analyses, &reuse);
        assert!(errors.is_empty(), "{errors:?}");
        let id = |pages: &[Page], rel: &str| pages.iter().position(|p| p.rel == rel).unwrap();
        let (c, c_before) = (id(&content.pages, "c.md"), id(&lib.pages, "c.md"));
        assert_eq!(reuse.was()[c], Some(c_before));
        assert_eq!(reuse.was()[id(&content.pages, "d.md")], None, "d came");
        assert!(
            Arc::ptr_eq(
                &resolved.resolutions[c],
                &lib.resolved.resolutions[c_before]
            ),
            "C's resolution is the last build's"
        );
        let (_, full, _) = resolve(root, &lib.config, &content, &analyses, &Reuse::nothing());
        assert_eq!(resolved, full, "as a full build resolves");
        let b = id(&content.pages, "b.md");
        assert_eq!(resolved.backlinks[b].len(), 2, "A and D link to B");

        // C read again (saved unchanged) as D comes: its analysis is the last build's, as
        // its text is the same; D's is the only one made.
        let changed = ["c.md".to_string(), "d.md".to_string()];
        let reuse = Reuse::from(lib, &lib.ids, &changed).with_listing(&last.listing);
        let read = read_content(root, &lib.config, false, &bibliography, &reuse);
        let (mut content, _, _) = read.expect("reads");
        let reuse = reuse.read(&content.pages);
        let c = id(&content.pages, "c.md");
        assert_eq!((reuse.was()[c], reuse.files()[c]), (None, Some(c_before)));
        let analysed = crate::cost::counts::steps_of("markdown analysis", || {
            analyse(&mut content.pages, PageText::Keep, &reuse)
        });
        assert_eq!(analysed, 1, "D analysed, C's analysis taken");
    }

    #[test]
    fn a_change_covers_its_folder() {
        assert!(covers("notes", "notes/a.md"));
        assert!(covers("notes/a.md", "notes/a.md"));
        assert!(covers("", "notes/a.md"));
        assert!(!covers("note", "notes/a.md"));
        assert!(!covers("notes/a", "notes/a.md"));
    }
}

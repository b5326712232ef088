//! The loaded site, everything resolved: what templates see.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::SiteConfig;
use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::link_check::SiteFiles;
use crate::markdown::sanitise::sanitise;
use crate::markdown::{render_with, Analysis, Rendered, Settings};
use crate::resolve::{Resolved, Resolver};

#[derive(Debug, Clone)]
pub struct Library {
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub analyses: Vec<Analysis>,
    pub resolved: Resolved,
    /// Every page's Markdown as HTML, when kept (`dossier serve` patches it page by page).
    /// Empty in a build, which renders a page's Markdown when a template shows it, so that
    /// the whole site's HTML never sits in memory at once.
    pub rendered: Vec<Arc<Rendered>>,
    /// What a build holds on to while it renders.
    pub held: Held,
    /// Set once a build has let go of the pages' source text, to read it again to render.
    pub released: Option<Released>,
    /// Every file the build writes, which `get_url` checks its paths against.
    pub site_files: Arc<SiteFiles>,
    /// Each page's translations (`languages::translations`).
    pub translations: Vec<Vec<PageId>>,
    /// The image derivatives templates and Markdown asked for, made after rendering.
    pub images: Arc<crate::derivatives::Images>,
}

/// Where a build reads pages' Markdown from again once it let go of their text, and the
/// digest of each text as it was analysed, so that a file saved in between is noticed.
#[derive(Debug, Clone)]
pub struct Released {
    root: PathBuf,
    digests: Vec<Option<u64>>,
}

impl Released {
    /// `digests[id]` from `release_text` on each page; `root` is the site's.
    pub fn new(root: &Path, digests: Vec<Option<u64>>) -> Released {
        Released {
            root: root.to_path_buf(),
            digests,
        }
    }
}

/// Lets go of a page's source text, returning its digest: `None` for a page without text
/// (a section the build made up, which has no file to read again).
/// A page whose shortcodes were expanded keeps its text: reading the file again would not
/// give the expanded body.
pub fn release_text(page: &mut Page) -> Option<u64> {
    if page.shortcodes.is_some() {
        return None;
    }
    (!page.text.is_empty()).then(|| digest(&std::mem::take(&mut page.text)))
}

fn digest(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A page's Markdown as HTML: kept by the library, or rendered for the one using it.
pub enum Html<'a> {
    Kept(&'a Rendered),
    Fresh(Arc<Rendered>),
}

impl Deref for Html<'_> {
    type Target = Rendered;

    fn deref(&self) -> &Rendered {
        match self {
            Html::Kept(r) => r,
            Html::Fresh(r) => r,
        }
    }
}

impl serde::Serialize for Html<'_> {
    /// As its HTML, which is what `page.content` is.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.html)
    }
}

/// What a build holds on to while it renders: pages' HTML until their section's listing is
/// out, and errors met rendering Markdown on demand. A clone starts empty.
#[derive(Debug, Default)]
pub struct Held {
    pages: Mutex<HashMap<PageId, Arc<Rendered>>>,
    errors: Mutex<Vec<Diagnostic>>,
}

impl Clone for Held {
    fn clone(&self) -> Held {
        Held::default()
    }
}

/// A panic elsewhere leaves what a lock guards as valid as it was.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Held {
    /// The errors met so far, taken.
    pub fn take_errors(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut lock(&self.errors))
    }
}

impl Library {
    /// Page `id`'s Markdown as HTML: kept, held, or rendered now. Kept HTML is as
    /// pulldown-cmark wrote it (`dossier serve` re-renders pages into it), so with
    /// `safe_html` it is cleaned here, on the way out, like every other.
    pub fn html(&self, id: PageId) -> Html<'_> {
        if let Some(r) = self.rendered.get(id) {
            if self.config.safe_html {
                return Html::Fresh(Arc::new(sanitise(Rendered::clone(r))));
            }
            return Html::Kept(r);
        }
        if let Some(r) = lock(&self.held.pages).get(&id) {
            return Html::Fresh(Arc::clone(r));
        }
        Html::Fresh(Arc::new(self.render_markdown(id)))
    }

    /// Renders page `id`'s Markdown, cleaned if the site asks for `safe_html`.
    pub fn render_markdown(&self, id: PageId) -> Rendered {
        let rendered = self.render_markdown_as_written(id);
        if self.config.safe_html {
            sanitise(rendered)
        } else {
            rendered
        }
    }

    /// Renders page `id`'s Markdown, reading it again if the build let go of its text. A
    /// file that can no longer be read, or changed since it was analysed, renders empty and
    /// leaves an error in `held` that fails the build.
    fn render_markdown_as_written(&self, id: PageId) -> Rendered {
        let asker = crate::derivatives::markdown_asker(&self.pages[id]);
        self.images
            .asked_by(asker, || self.render_markdown_from_text(id))
    }

    /// `render_markdown_as_written`, the derivatives it asks for not yet put down.
    fn render_markdown_from_text(&self, id: PageId) -> Rendered {
        let page = &self.pages[id];
        let images = |dest: &str| crate::derivatives::content_image(&self.images, page, dest);
        let settings = Settings::of(&self.config, &images);
        let render = |body: &str| {
            render_with(
                body,
                &self.analyses[id],
                &self.resolved.resolutions[id],
                &settings,
            )
        };
        let Some((root, expected)) = self
            .released
            .as_ref()
            .and_then(|r| Some((&r.root, r.digests[id]?)))
        else {
            return render(page.body());
        };
        let text = std::fs::read_to_string(root.join(&page.file)).map(|mut text| {
            crate::content::vault::prepare(&mut text);
            text
        });
        let error = match text {
            Ok(text) if digest(&text) == expected => return render(&text[page.body_offset..]),
            Ok(_) => "changed while the site was being built; build again".to_string(),
            Err(e) => format!("cannot read file again to render it: {e}"),
        };
        lock(&self.held.errors).push(Diagnostic::error(error).in_file(&page.file));
        Rendered::default()
    }

    /// Renders every page's Markdown and keeps it as written (see `html`), as `dossier serve` does.
    pub fn keep_rendered(&mut self) {
        use rayon::prelude::*;
        self.rendered = (0..self.pages.len())
            .into_par_iter()
            .map(|id| Arc::new(self.render_markdown_as_written(id)))
            .collect();
    }

    /// Renders page `id`'s Markdown and holds it until `release`, unless all HTML is kept.
    pub fn hold(&self, id: PageId) {
        if self.rendered.get(id).is_none() {
            let rendered = Arc::new(self.render_markdown(id));
            lock(&self.held.pages).insert(id, rendered);
        }
    }

    pub fn release(&self, ids: &[PageId]) {
        let mut map = lock(&self.held.pages);
        for id in ids {
            map.remove(id);
        }
    }

    /// The language page `id` is written in: its own, else the site's default.
    pub fn lang(&self, id: PageId) -> &str {
        self.pages[id]
            .lang
            .as_deref()
            .unwrap_or(&self.config.language)
    }

    pub fn permalink(&self, id: PageId) -> String {
        self.config.permalink(&self.pages[id].path)
    }

    pub fn home(&self) -> Option<PageId> {
        self.pages.iter().position(|p| p.rel == "_index.md")
    }

    /// A page by its file path relative to `content/` (`notes/huawei.md`), or any wikilink target.
    pub fn find(&self, path: &str) -> Option<PageId> {
        let path = path.trim_start_matches("@/").trim_start_matches('/');
        if let Some(id) = self.pages.iter().position(|p| p.rel == path) {
            return Some(id);
        }
        match Resolver::new(&self.pages).lookup(path) {
            crate::resolve::Lookup::Found(id) => Some(id),
            _ => None,
        }
    }

    /// A section's pages: newest first, then by weight, then by title.
    pub fn sorted_pages(&self, section: PageId) -> Vec<PageId> {
        self.sort_listing(self.pages[section].pages.clone())
    }

    /// Pages in a section's order: newest first, then by weight, then by title.
    pub fn sort_listing(&self, ids: Vec<PageId>) -> Vec<PageId> {
        // Each date written out once, not at every comparison.
        let mut keyed: Vec<(Option<String>, PageId)> = ids
            .iter()
            .map(|&id| (self.pages[id].front_matter.date.map(|d| d.to_string()), id))
            .collect();
        keyed.sort_by(|(date_a, a), (date_b, b)| {
            let (pa, pb) = (&self.pages[*a], &self.pages[*b]);
            date_b
                .cmp(date_a)
                .then(
                    (pa.front_matter.weight.unwrap_or(0)).cmp(&pb.front_matter.weight.unwrap_or(0)),
                )
                .then(pa.title.cmp(&pb.title))
        });
        keyed.into_iter().map(|(_, id)| id).collect()
    }
}

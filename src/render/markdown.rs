//! Stage 7's state: each page's Markdown as HTML, and the image derivatives asked for while
//! rendering. The `Library` is plain data; what rendering holds, reads and records is here.
//!
//! A build does not keep the whole site's HTML: a page's Markdown is rendered once, when its
//! template, its section's listing, the search index or the printed dossier needs it, held
//! while they do (`hold`, `release`), and until the feeds are written when it is one of
//! their entries. `dossier serve`
//! keeps every page's HTML in the library (`Library::rendered`), patched page by page.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::content::{Page, PageId};
use crate::derivatives::Images;
use crate::diagnostic::Diagnostic;
use crate::library::Library;
use crate::markdown::sanitise::sanitise;
use crate::markdown::{render_with, Rendered, Settings};

/// What rendering holds, reads and records beside the library.
#[derive(Debug)]
pub struct Rendering {
    /// Pages' HTML held until their section's listing and the search index are done with it.
    held: Mutex<HashMap<PageId, Arc<Rendered>>>,
    /// Errors met rendering Markdown on demand (a file changed since it was analysed).
    errors: Mutex<Vec<Diagnostic>>,
    /// Set once a build has let go of the pages' source text, to read it again to render.
    released: Option<Released>,
    /// The image derivatives templates and Markdown asked for, made after rendering.
    pub images: Arc<Images>,
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

/// A panic elsewhere leaves what a lock guards as valid as it was.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Rendering {
    /// Rendering for a build that let go of pages' text (`released`), or kept it (`None`).
    pub fn new(released: Option<Released>, images: Arc<Images>) -> Rendering {
        Rendering {
            held: Mutex::default(),
            errors: Mutex::default(),
            released,
            images,
        }
    }

    /// Page `id`'s Markdown as HTML: kept, held, or rendered now. Kept HTML is as
    /// pulldown-cmark wrote it (`dossier serve` re-renders pages into it), so with
    /// `safe_html` it is cleaned here, on the way out, like every other.
    pub fn html<'a>(&self, lib: &'a Library, id: PageId) -> Html<'a> {
        if let Some(r) = lib.rendered.get(id) {
            if lib.config.safe_html {
                return Html::Fresh(Arc::new(sanitise(Rendered::clone(r))));
            }
            return Html::Kept(r);
        }
        if let Some(r) = lock(&self.held).get(&id) {
            return Html::Fresh(Arc::clone(r));
        }
        Html::Fresh(Arc::new(self.render(lib, id)))
    }

    /// Renders page `id`'s Markdown, cleaned if the site asks for `safe_html`.
    fn render(&self, lib: &Library, id: PageId) -> Rendered {
        let rendered = self.render_as_written(lib, id);
        if lib.config.safe_html {
            sanitise(rendered)
        } else {
            rendered
        }
    }

    /// Renders page `id`'s Markdown, reading it again if the build let go of its text. A
    /// file that can no longer be read, or changed since it was analysed, renders empty and
    /// leaves an error that fails the build (`take_errors`).
    pub fn render_as_written(&self, lib: &Library, id: PageId) -> Rendered {
        let page = &lib.pages[id];
        let asker = crate::derivatives::markdown_asker(page);
        self.images.asked_by(asker, || {
            let images = |dest: &str| crate::derivatives::content_image(&self.images, page, dest);
            let settings = Settings::of(&lib.config, &images);
            let render = |body: &str| {
                render_with(
                    body,
                    &lib.analyses[id],
                    &lib.resolved.resolutions[id],
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
            let error = match crate::content::read_text_again(root, page) {
                Ok(text) if digest(&text) == expected => {
                    return render(&text[page.body_offset..]);
                }
                Ok(_) => "changed while the site was being built; build again".to_string(),
                Err(e) => format!("cannot read file again to render it: {e}"),
            };
            lock(&self.errors).push(Diagnostic::error(error).in_file(&page.file));
            Rendered::default()
        })
    }

    /// Every page's Markdown rendered as written, to keep in the library as `dossier serve`
    /// does (see `html`).
    pub fn render_every_page(&self, lib: &Library) -> Vec<Arc<Rendered>> {
        use rayon::prelude::*;
        (0..lib.pages.len())
            .into_par_iter()
            .map(|id| Arc::new(self.render_as_written(lib, id)))
            .collect()
    }

    /// Renders page `id`'s Markdown and holds it until `release`, unless all HTML is kept.
    pub fn hold(&self, lib: &Library, id: PageId) {
        if lib.rendered.get(id).is_none() {
            let rendered = Arc::new(self.render(lib, id));
            lock(&self.held).insert(id, rendered);
        }
    }

    pub fn release(&self, ids: &[PageId]) {
        let mut map = lock(&self.held);
        for id in ids {
            map.remove(id);
        }
    }

    /// The errors met so far, taken.
    pub fn take_errors(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut lock(&self.errors))
    }
}

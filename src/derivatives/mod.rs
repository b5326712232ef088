//! Image derivatives, as Zola makes them: `resize_image(path, width, height, op, format,
//! quality)` in a template answers at once with the derivative's address and size (read
//! from the image's header), and records it; `Images::emit`, after every page is rendered,
//! makes the recorded derivatives in parallel. Each is kept in `.dossier-cache/images/`
//! under a name made of a digest of the image's bytes and the request, so a second build
//! copies what the first encoded and an edited image gets a new name.
//!
//! Each request is also put down to whoever asked (`Images::asked_by`: a page's Markdown, a
//! page's or generated page's template, a page's shortcodes), so that `dossier serve`, which
//! renders again only what an edit touches, makes exactly the derivatives a full build of
//! the same files would: what the last rendering of each asker wanted.

pub mod ops;

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{Cursor, IsTerminal};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use image::{ImageFormat, ImageReader};
use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
pub use ops::Op;

/// Where derivatives are written in the output, as Zola writes them.
pub const FOLDER: &str = "processed_images";
/// Where they are kept between builds, under the site's folder.
pub const CACHE: &str = ".dossier-cache/images";
/// Below this many derivatives to encode, a build is quick enough without a progress bar.
const PROGRESS_FROM: usize = 8;

/// What `resize_image` answers, named as Zola names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Derivative {
    pub url: String,
    pub static_path: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// One derivative to make.
#[derive(Debug, Clone)]
struct Job {
    source: PathBuf,
    op: Op,
    size: (u32, u32),
    format: ImageFormat,
    quality: u8,
}

/// The derivatives asked for while rendering, by their path in the output.
#[derive(Debug)]
pub struct Images {
    root: PathBuf,
    /// The content folder, as site.toml names it (`content`, `vault`).
    content_dir: String,
    base_url: String,
    jobs: Mutex<BTreeMap<String, Job>>,
    /// The derivatives each asker wanted the last time it ran, by asker.
    asked: Mutex<HashMap<String, BTreeSet<String>>>,
    /// Asked for outside any `asked_by`: kept for as long as the registry.
    unattributed: Mutex<BTreeSet<String>>,
    /// Every image file a request or a Markdown image read.
    sources: Mutex<HashSet<PathBuf>>,
}

thread_local! {
    /// The derivatives asked for by the `asked_by` scopes open on this thread, innermost
    /// last. A rayon worker that steals another page's rendering while it waits runs that
    /// rendering to its end inside the wait, so the scopes nest properly.
    static ASKING: RefCell<Vec<BTreeSet<String>>> = const { RefCell::new(Vec::new()) };
}

/// Closes an `asked_by` scope even if what runs in it panics.
struct Scope;

impl Drop for Scope {
    fn drop(&mut self) {
        ASKING.with(|a| a.borrow_mut().pop());
    }
}

/// A request as a template writes it.
pub struct Request<'a> {
    pub path: &'a str,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub op: &'a str,
    pub format: &'a str,
    pub quality: u8,
}

impl Images {
    pub fn new(root: &Path, content_dir: &str, base_url: &str) -> Images {
        Images {
            root: root.to_path_buf(),
            content_dir: content_dir.to_string(),
            base_url: base_url.trim_end_matches('/').to_string(),
            jobs: Mutex::default(),
            asked: Mutex::default(),
            unattributed: Mutex::default(),
            sources: Mutex::default(),
        }
    }

    /// Runs `f`, and puts down every derivative asked for meanwhile (on this thread) to
    /// `asker`, in place of what it asked for when it last ran.
    pub fn asked_by<T>(&self, asker: String, f: impl FnOnce() -> T) -> T {
        ASKING.with(|a| a.borrow_mut().push(BTreeSet::new()));
        let scope = Scope;
        let out = f();
        let wanted = ASKING.with(|a| a.borrow_mut().last_mut().map(std::mem::take));
        drop(scope);
        let wanted = wanted.unwrap_or_default();
        let mut asked = lock(&self.asked);
        if wanted.is_empty() {
            asked.remove(&asker);
        } else {
            asked.insert(asker, wanted);
        }
        out
    }

    /// Forgets what the askers `gone` asked for: pages removed, generated pages about to
    /// be rendered again.
    pub fn forget(&self, gone: impl Fn(&str) -> bool) {
        lock(&self.asked).retain(|asker, _| !gone(asker));
    }

    /// Whether `path` is an image some request or Markdown image has read: a page showing
    /// it depends on its bytes (its derivatives' names) and its size.
    pub fn has_read(&self, path: &Path) -> bool {
        lock(&self.sources).contains(path)
    }

    /// Notes that an image was read for a request or a Markdown image.
    fn read(&self, source: &Path) {
        let mut sources = lock(&self.sources);
        if !sources.contains(source) {
            sources.insert(source.to_path_buf());
        }
    }

    /// The file `path` names: `@/…` in `content/` (or the folder `content_dir` names); else
    /// in that folder, then `static/`, then the site's folder. None may leave the site's folder.
    pub fn find(&self, path: &str) -> Result<PathBuf, String> {
        let content = self.content_dir.as_str();
        let (dirs, rel): (&[&str], &str) = match path.strip_prefix("@/") {
            Some(rel) => (&[content], rel),
            None => (&[content, "static", ""], path.trim_start_matches('/')),
        };
        let rel = Path::new(rel);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!("`{path}` leaves the site's folder"));
        }
        dirs.iter()
            .map(|dir| self.root.join(dir).join(rel))
            .find(|p| p.is_file())
            .ok_or_else(|| format!("no image `{path}` in {content}/, static/ or the site's folder"))
    }

    /// Records a derivative of the image at `source` and says where it will be.
    pub fn request(&self, source: &Path, request: &Request<'_>) -> Result<Derivative, String> {
        let op = Op::parse(request.op)?;
        let bytes = std::fs::read(source).map_err(|e| format!("cannot read image: {e}"))?;
        let reader = ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        let original = reader
            .format()
            .ok_or("not an image dossier reads (PNG, JPEG or WebP)")?;
        let from = reader.into_dimensions().map_err(|e| e.to_string())?;
        let size = op.size(from, request.width, request.height)?;
        let format = match request.format {
            "auto" if original == ImageFormat::Jpeg => ImageFormat::Jpeg,
            "auto" if original == ImageFormat::WebP => ImageFormat::WebP,
            "auto" | "png" => ImageFormat::Png,
            "jpg" | "jpeg" => ImageFormat::Jpeg,
            "webp" => ImageFormat::WebP,
            other => {
                return Err(format!(
                    "unknown format `{other}`: use auto, jpg, png or webp"
                ))
            }
        };
        let quality = request.quality.clamp(1, 100);
        let mut digest = DefaultHasher::new();
        (&bytes, op, size, format.extensions_str()[0], quality).hash(&mut digest);
        let name = format!(
            "{FOLDER}/{:016x}.{}",
            digest.finish(),
            format.extensions_str()[0]
        );
        let job = Job {
            source: source.to_path_buf(),
            op,
            size,
            format,
            quality,
        };
        lock(&self.jobs).insert(name.clone(), job);
        self.read(source);
        let asked = ASKING.with(|a| {
            let mut open = a.borrow_mut();
            open.last_mut().map(|wanted| wanted.insert(name.clone()))
        });
        if asked.is_none() {
            lock(&self.unattributed).insert(name.clone());
        }
        Ok(Derivative {
            url: format!("{}/{name}", self.base_url),
            static_path: name,
            width: size.0,
            height: size.1,
            orig_width: from.0,
            orig_height: from.1,
        })
    }

    /// Makes every derivative asked for (from the cache where it has it) and hands each to
    /// `write`, in parallel; a bar on a terminal when there are many to encode.
    pub fn emit(&self, write: &crate::generated::WriteFn<'_>) -> Vec<Diagnostic> {
        let jobs: Vec<(String, Job)> = {
            let mut wanted = lock(&self.unattributed).clone();
            wanted.extend(lock(&self.asked).values().flatten().cloned());
            let mut jobs = lock(&self.jobs);
            // What no asker wants any more (an image taken out of a page) is not made.
            jobs.retain(|name, _| wanted.contains(name));
            jobs.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        };
        let cache = self.root.join(CACHE);
        let missing = jobs
            .iter()
            .filter(|(name, _)| !cache.join(file_name(name)).is_file())
            .count();
        let bar = if missing >= PROGRESS_FROM && std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new(missing as u64).with_message("resizing images")
        } else {
            indicatif::ProgressBar::hidden()
        };
        let errors = jobs
            .par_iter()
            .filter_map(|(name, job)| {
                let cached = cache.join(file_name(name));
                let bytes = match std::fs::read(&cached) {
                    Ok(bytes) => bytes,
                    Err(_) => {
                        let made = encode(job).and_then(|bytes| keep(&cached, bytes));
                        bar.inc(1);
                        match made {
                            Ok(bytes) => bytes,
                            Err(e) => {
                                return Some(
                                    Diagnostic::error(format!("cannot make {name}: {e}"))
                                        .in_file(self.shown(&job.source)),
                                )
                            }
                        }
                    }
                };
                write(name, bytes).err()
            })
            .collect();
        bar.finish_and_clear();
        errors
    }

    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Decodes, resizes and encodes one derivative.
fn encode(job: &Job) -> Result<Vec<u8>, String> {
    let image = ImageReader::open(&job.source)
        .map_err(|e| e.to_string())?
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| e.to_string())?;
    let resized = job.op.apply(&image, job.size);
    let mut out = Vec::new();
    let result = match job.format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, job.quality);
            resized.to_rgb8().write_with_encoder(encoder)
        }
        ImageFormat::WebP => resized
            .to_rgba8()
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out)),
        _ => resized.write_to(&mut Cursor::new(&mut out), ImageFormat::Png),
    };
    result.map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes a derivative into the cache (through a temporary name, so a build stopped
/// half-way leaves no broken file), and gives it back.
fn keep(cached: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let dir = cached.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let temporary = cached.with_extension("partial");
    std::fs::write(&temporary, &bytes)
        .and_then(|()| std::fs::rename(&temporary, cached))
        .map_err(|e| format!("{}: {e}", cached.display()))?;
    Ok(bytes)
}

/// `resize_image(path, width, height, op="fill", format="auto", quality=75)`, as in Zola.
pub struct ResizeImage(pub std::sync::Arc<Images>);

/// `resize_image` as the page templates' table makes it (`render::functions`).
pub fn resize_image(
    env: &std::sync::Arc<crate::render::functions::Env>,
) -> Box<dyn tera::Function> {
    Box::new(ResizeImage(std::sync::Arc::clone(&env.html.images)))
}

impl tera::Function for ResizeImage {
    fn call(
        &self,
        args: &std::collections::HashMap<String, serde_json::Value>,
    ) -> tera::Result<serde_json::Value> {
        let text = |key: &str, default: &'static str| -> tera::Result<String> {
            match args.get(key) {
                None => Ok(default.to_string()),
                Some(v) => v
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("resize_image: `{key}` must be a string").into()),
            }
        };
        let number = |key: &str| -> tera::Result<Option<u32>> {
            match args.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .map(Some)
                    .ok_or_else(|| {
                        format!("resize_image: `{key}` must be a whole number of pixels").into()
                    }),
            }
        };
        let path = text("path", "")?;
        let op = text("op", "fill")?;
        let format = text("format", "auto")?;
        let quality = number("quality")?.unwrap_or(75).min(100) as u8;
        let request = Request {
            path: &path,
            width: number("width")?,
            height: number("height")?,
            op: &op,
            format: &format,
            quality,
        };
        let derivative = self
            .0
            .find(&path)
            .and_then(|source| self.0.request(&source, &request))
            .map_err(|e| format!("resize_image(path=\"{path}\"): {e}"))?;
        Ok(serde_json::to_value(derivative)?)
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// Who asks for the derivatives of page's Markdown images (`Images::asked_by`).
pub fn markdown_asker(page: &crate::content::Page) -> String {
    format!("markdown:{}", page.rel)
}

/// Who asks for the derivatives of a page's shortcodes.
pub fn shortcodes_asker(page: &crate::content::Page) -> String {
    format!("shortcodes:{}", page.rel)
}

/// Who asks for the derivatives of a page's own template.
pub fn page_asker(page: &crate::content::Page) -> String {
    format!("page:{}", page.rel)
}

/// Who asks for the derivatives of a generated page's template (`what` tells it apart).
pub fn generated_asker(what: &str) -> String {
    format!("generated:{what}")
}

/// Whether `asker` is a generated page's template.
pub fn is_generated(asker: &str) -> bool {
    asker.starts_with("generated:")
}

/// The page (its file, relative to the content folder) an asker other than a generated
/// page speaks for.
pub fn asker_page(asker: &str) -> Option<&str> {
    ["markdown:", "shortcodes:", "page:"]
        .iter()
        .find_map(|prefix| asker.strip_prefix(prefix))
}

/// The widths a page's image is offered at besides its own, for phones and wide screens.
const CONTENT_WIDTHS: [u32; 3] = [480, 960, 1440];
/// As wide as the theme's text column (`--measure`), else the screen.
const CONTENT_SIZES: &str = "(min-width: 40rem) 40rem, 100vw";

/// What a Markdown image of a bundle (`![…](harbour.jpg)`) gets beside `src` and `alt`:
/// its `width` and `height`, so that the page does not shift as it loads, and `srcset` and
/// `sizes` offering narrower copies of a wide image. `None` for any other address, or a
/// file that is not an image dossier reads.
pub fn content_image(images: &Images, page: &crate::content::Page, dest: &str) -> Option<String> {
    let bundle = page.bundle.as_ref()?;
    if dest.is_empty() || dest.contains([':', '?', '#']) || dest.starts_with('/') {
        return None;
    }
    let path = if bundle.is_empty() {
        format!("@/{dest}")
    } else {
        format!("@/{bundle}/{dest}")
    };
    let source = images.find(&path).ok()?;
    images.read(&source);
    let (width, height) = image::image_dimensions(&source).ok()?;
    let mut attributes = format!(" width=\"{width}\" height=\"{height}\"");
    let smaller: Vec<Derivative> = CONTENT_WIDTHS
        .iter()
        .filter(|&&w| w < width)
        .filter_map(|&w| {
            let request = Request {
                path: &path,
                width: Some(w),
                height: None,
                op: "fit_width",
                format: "auto",
                quality: 82,
            };
            images.request(&source, &request).ok()
        })
        .collect();
    if !smaller.is_empty() {
        let mut srcset: Vec<String> = smaller
            .iter()
            .map(|d| format!("{} {}w", d.url, d.width))
            .collect();
        srcset.push(format!("{dest} {width}w"));
        attributes.push_str(&format!(
            " srcset=\"{}\" sizes=\"{CONTENT_SIZES}\"",
            crate::markdown::escape_html(&srcset.join(", "))
        ));
    }
    Some(attributes)
}

//! Shortcodes, as Zola has them: `{{ name(arg=…) }}` and `{% name(arg=…) %}…{% end %}` in
//! a page's Markdown, rendered from `templates/shortcodes/name.html` (the site's, else the
//! theme's). They are expanded right after the content is read, before the Markdown is
//! analysed, so that what a shortcode writes is Markdown like the rest of the page: links,
//! citations and embeds in it resolve, and broken ones are reported. `Page::text_offset`
//! maps a place in the expanded body back to the file, so every error still names the
//! line and column the writer typed.

pub mod call;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};
use tera::{Context, Tera};

use crate::content::expansion::Expansion;
use crate::content::Page;
use crate::derivatives::{Images, ResizeImage};
use crate::diagnostic::Diagnostic;
use crate::render::ThemeFiles;
use crate::suggestion::Names;
use call::{Call, Piece};

/// Where shortcode templates live among a theme's templates.
const FOLDER: &str = "shortcodes/";

/// The site's and theme's shortcode templates, compiled once for every page.
pub struct Shortcodes {
    tera: Tera,
    names: Names,
    images: Arc<Images>,
}

impl Shortcodes {
    /// Compiles every `shortcodes/*.html` template; a template that does not compile is an
    /// error in its file. `content_dir` is the content folder as site.toml names it.
    pub fn new(
        root: &Path,
        content_dir: &str,
        theme: &ThemeFiles,
        images: &Arc<Images>,
    ) -> Result<Shortcodes, Diagnostic> {
        let mut tera = Tera::default();
        let templates: Vec<(&str, &crate::render::templates::TemplateFile)> = theme
            .templates
            .iter()
            .filter(|(name, _)| name.starts_with(FOLDER) && name.ends_with(".html"))
            .map(|(name, file)| (name.as_str(), file))
            .collect();
        for (name, file) in &templates {
            tera.add_raw_template(name, &file.text).map_err(|e| {
                Diagnostic::error(format!(
                    "shortcode template does not compile: {}",
                    chain(&e)
                ))
                .in_file(&file.origin)
            })?;
        }
        tera.register_function(
            "load_data",
            LoadData {
                root: root.to_path_buf(),
                content: root.join(content_dir),
            },
        );
        tera.register_function("resize_image", ResizeImage(Arc::clone(images)));
        let names = templates
            .iter()
            .filter_map(|(name, _)| shortcode_name(name));
        Ok(Shortcodes {
            names: Names::new(names),
            tera,
            images: Arc::clone(images),
        })
    }

    /// Expands the shortcodes of one page into `page.shortcodes` (left `None` when it
    /// calls none); its errors at the place of each call. The image derivatives its
    /// shortcodes ask for are put down to it.
    pub fn expand(&self, page: &mut Page) -> Vec<Diagnostic> {
        let asker = crate::derivatives::shortcodes_asker(page);
        self.images.asked_by(asker, || self.expand_calls(page))
    }

    fn expand_calls(&self, page: &mut Page) -> Vec<Diagnostic> {
        let written = page.written_body();
        if !written.contains("{{") && !written.contains("{%") {
            return Vec::new();
        }
        let at = |offset: usize| page.body_offset + offset;
        let pieces = match call::pieces(written) {
            Ok(pieces) => pieces,
            Err(e) => {
                return vec![Diagnostic::error(e.message)
                    .in_file(&page.file)
                    .at_offset(&page.text, at(e.offset))
                    .code("bad-shortcode")]
            }
        };
        if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
            return Vec::new();
        }
        let mut expansion = Expansion::default();
        let mut errors = Vec::new();
        let mut calls: HashMap<String, usize> = HashMap::new();
        for piece in pieces {
            match piece {
                Piece::Text(range) => expansion.copy(&written[range.clone()], range.start),
                Piece::Escaped(range, text) => expansion.output(&text, range.start),
                Piece::Call(call) => {
                    let nth = calls.entry(call.name.clone()).or_default();
                    *nth += 1;
                    match self.render(page, &call, *nth) {
                        Ok(html) => expansion.output(&html, call.range.start),
                        Err(message) => errors.push(
                            Diagnostic::error(message)
                                .in_file(&page.file)
                                .at_offset(&page.text, at(call.range.start))
                                .code("bad-shortcode"),
                        ),
                    }
                }
            }
        }
        page.shortcodes = Some(expansion);
        errors
    }

    /// What one call writes, or why it cannot.
    fn render(&self, page: &Page, call: &Call, nth: usize) -> Result<String, String> {
        let template = format!("{FOLDER}{}.html", call.name);
        if !self.tera.get_template_names().any(|n| n == template) {
            let hint = self
                .names
                .closest(&call.name)
                .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            return Err(format!(
                "unknown shortcode `{}`: there is no templates/{template}{hint}",
                call.name
            ));
        }
        let mut context = Context::new();
        for (key, value) in &call.args {
            context.insert(key, value);
        }
        if let Some(body) = &call.body {
            context.insert("body", body);
        }
        context.insert("nth", &nth);
        context.insert("page", &page_view(page));
        let html = self
            .tera
            .render(&template, &context)
            .map_err(|e| format!("shortcode `{}` failed: {}", call.name, chain(&e)))?;
        Ok(html.trim_end_matches('\n').to_string())
    }
}

/// `figure` for `shortcodes/figure.html`.
fn shortcode_name(template: &str) -> Option<&str> {
    template.strip_prefix(FOLDER)?.strip_suffix(".html")
}

/// What a shortcode sees of the page calling it, named as Zola names it.
fn page_view(page: &Page) -> Value {
    let colocated = page
        .rel
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    json!({
        "title": page.title,
        "path": page.path,
        "relative_path": page.rel,
        "colocated_path": colocated,
    })
}

/// A tera error with its causes, which hold what went wrong (tera's own message only
/// names the template).
fn chain(e: &dyn std::error::Error) -> String {
    let mut words = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        words = format!("{words}: {cause}");
        source = cause.source();
    }
    words
}

/// Zola's `load_data(path=…)` for CSV files: `{headers, records}`. A path starting with
/// `@/` is in `content/` (or the folder `content_dir` names), any other in the site's folder;
/// none may leave it.
struct LoadData {
    root: PathBuf,
    content: PathBuf,
}

impl tera::Function for LoadData {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("load_data needs `path`, a string")?;
        let (base, rel) = match path.strip_prefix("@/") {
            Some(rel) => (self.content.clone(), rel),
            None => (self.root.clone(), path.trim_start_matches('/')),
        };
        let rel = Path::new(rel);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!("load_data: `{path}` leaves the site's folder").into());
        }
        if rel.extension().and_then(|e| e.to_str()) != Some("csv") {
            return Err(format!("load_data reads CSV files; `{path}` is not one").into());
        }
        read_csv(&base.join(rel)).map_err(|e| format!("load_data: `{path}`: {e}").into())
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// A CSV file as Zola's `load_data` gives it: the first row as headers, then the records.
fn read_csv(path: &Path) -> Result<Value, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_path(path)
        .map_err(|e| e.to_string())?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let records = reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "headers": headers, "records": records }))
}

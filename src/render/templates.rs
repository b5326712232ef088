//! Finding templates: the theme compiled into the binary, then the site's `themes/<name>/`,
//! then the site's `templates/`, each overriding the one before it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

/// The default theme, compiled in so a site with no `themes/` folder still renders.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/dossier");
pub const DEFAULT_THEME_NAME: &str = "dossier";

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub text: String,
    pub origin: PathBuf,
}

/// A static file of the theme or site: embedded bytes or a file on disk.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// Templates by name and static files by output path, after overrides.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    pub templates: BTreeMap<String, TemplateFile>,
    pub statics: BTreeMap<String, StaticFile>,
}

fn walk_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !crate::content::is_hidden_or_noise(e.file_name().to_str().unwrap_or(""))
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

fn embedded_files(
    dir: &'static Dir<'static>,
    out: &mut Vec<(String, &'static include_dir::File<'static>)>,
) {
    for file in dir.files() {
        out.push((file.path().to_string_lossy().replace('\\', "/"), file));
    }
    for sub in dir.dirs() {
        embedded_files(sub, out);
    }
}

impl ThemeFiles {
    pub fn load(root: &Path, theme: &str) -> Result<ThemeFiles, Diagnostic> {
        let mut files = ThemeFiles::default();
        let theme_dir = root.join("themes").join(theme);
        if theme == DEFAULT_THEME_NAME {
            let mut embedded = Vec::new();
            embedded_files(&DEFAULT_THEME, &mut embedded);
            for (rel, file) in embedded {
                let origin = Path::new("themes").join(theme).join(&rel);
                if let Some(name) = rel.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(file.contents()).into_owned();
                    files
                        .templates
                        .insert(name.to_string(), TemplateFile { text, origin });
                } else if let Some(name) = rel.strip_prefix("static/") {
                    files
                        .statics
                        .insert(name.to_string(), StaticFile::Embedded(file.contents()));
                }
            }
        } else if !theme_dir.is_dir() {
            return Err(Diagnostic::error(format!(
                "theme `{theme}` not found: there is no folder themes/{theme}/ (the built-in theme is `{DEFAULT_THEME_NAME}`)"
            ))
            .in_file(crate::config::CONFIG_FILE));
        }
        let mut errors = Vec::new();
        let mut add_templates = |dir: PathBuf, shown: PathBuf| {
            for (name, path) in walk_files(&dir) {
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        files.templates.insert(
                            name.clone(),
                            TemplateFile {
                                text,
                                origin: shown.join(&name),
                            },
                        );
                    }
                    Err(e) => errors.push(
                        Diagnostic::error(format!("cannot read template: {e}"))
                            .in_file(shown.join(&name)),
                    ),
                }
            }
        };
        add_templates(
            theme_dir.join("templates"),
            Path::new("themes").join(theme).join("templates"),
        );
        add_templates(root.join("templates"), PathBuf::from("templates"));
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        for dir in [theme_dir.join("static"), root.join("static")] {
            for (name, path) in walk_files(&dir) {
                files.statics.insert(name, StaticFile::Disk(path));
            }
        }
        Ok(files)
    }
}

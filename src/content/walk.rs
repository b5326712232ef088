//! Listing `content/` (or the folder `content_dir` names): Markdown files, other files, and
//! what cannot be taken as either.
//!
//! Symbolic links are followed when they point inside the site's folder or `content/` (a
//! page or a folder of attachments shared by two sections; `content/` may itself be a link)
//! and left out when they point outside, which a build of someone else's dossier should
//! never read and publish; either way the build says so, naming the link. A file whose name is not UTF-8 has no URL: it is an error naming the
//! file as well as it can be shown, rather than a page that silently goes missing.

use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::diagnostic::Diagnostic;

/// What `content/` holds, relative paths with `/`, sorted.
#[derive(Debug, Default)]
pub struct Discovery {
    pub markdown: Vec<String>,
    pub other: Vec<String>,
    /// Files whose names are not UTF-8.
    pub errors: Vec<Diagnostic>,
    /// Symbolic links followed or left out, and folders that could not be read.
    pub warnings: Vec<Diagnostic>,
}

/// Lists the content folder `folder` of the site at `root`: Markdown files and other files,
/// relative paths with `/`, sorted.
pub fn discover(root: &Path, folder: &str) -> (Vec<String>, Vec<String>) {
    let found = discover_all(root, folder);
    (found.markdown, found.other)
}

/// `discover`, with what it found wrong.
pub fn discover_all(root: &Path, folder: &str) -> Discovery {
    let mut found = Discovery::default();
    let content_dir = &root.join(folder);
    if !content_dir.is_dir() {
        return found;
    }
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // `content/` itself may be a link (a vault kept elsewhere): that is the writer's choice,
    // and what is inside it is as much the site as the site's own folder.
    let content = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.into());
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut outside = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && super::is_hidden_or_noise(e.file_name().to_str().unwrap_or("")) {
                return false;
            }
            if e.depth() == 0 || !e.path_is_symlink() {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if target.starts_with(&site) || target.starts_with(&content) => true,
                target => {
                    outside.push((e.path().to_path_buf(), target.ok()));
                    false
                }
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) => take(&mut found, &entry, (content_dir, folder), &site, &shown),
            Err(e) => {
                let path = e.path().map(shown).unwrap_or_default();
                let cause = e.io_error().map_or(e.to_string(), ToString::to_string);
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link to a folder holding it; left out".to_string()
                } else {
                    format!("cannot read: {cause}; left out")
                };
                found.warnings.push(
                    Diagnostic::warning(message)
                        .in_file(path)
                        .code("symbolic-link"),
                );
            }
        }
    }
    for (link, target) in outside {
        let to = target.map_or("a file that does not exist".into(), |t| {
            t.display().to_string()
        });
        found.warnings.push(
            Diagnostic::warning(format!(
                "a symbolic link to {to}, outside the site's folder; left out"
            ))
            .in_file(shown(&link))
            .code("symbolic-link"),
        );
    }
    found
}

/// Files one entry of the walk as Markdown, another file, or a finding.
fn take(
    found: &mut Discovery,
    entry: &DirEntry,
    (content_dir, folder): (&Path, &str),
    site: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
) {
    if entry.depth() > 0 && entry.path_is_symlink() {
        let target = std::fs::canonicalize(entry.path()).unwrap_or_default();
        // Named from the site's folder, or from `content/` when that is a link elsewhere.
        let in_content = || {
            let content = std::fs::canonicalize(content_dir).ok()?;
            Some(Path::new(folder).join(target.strip_prefix(content).ok()?))
        };
        let target = match target.strip_prefix(site) {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => in_content().unwrap_or_else(|| target.clone()),
        };
        let target = target.display().to_string();
        found.warnings.push(
            Diagnostic::warning(format!(
                "a symbolic link to {target}; built as if the file were here"
            ))
            .in_file(shown(entry.path()))
            .code("symbolic-link"),
        );
    }
    if !entry.file_type().is_file() {
        return;
    }
    let Ok(rel) = entry.path().strip_prefix(content_dir) else {
        return;
    };
    let Some(rel) = rel.to_str() else {
        found.errors.push(
            Diagnostic::error(
                "the file name is not valid UTF-8 (shown with \u{fffd} for the bytes that are \
                 not), so it has no URL; rename it",
            )
            .in_file(shown(entry.path())),
        );
        return;
    };
    let rel = rel.replace('\\', "/");
    if rel.ends_with(".md") {
        found.markdown.push(rel);
    } else {
        found.other.push(rel);
    }
}

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

/// What listing the content folder found: its Markdown files and its other files, in the
/// order of the walk (`walk_order`). `exact` when the walk followed no symbolic link, left
/// none out and read every folder: then `again` gives after a change what a walk would.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub markdown: Vec<String>,
    pub other: Vec<String>,
    pub exact: bool,
}

impl Listing {
    /// The listing after the files and folders `changed` (relative to the content folder
    /// `content_dir`) changed, from this one, without walking the folder: a changed path
    /// that is a file is listed, one that is gone is taken out with what was under it.
    /// `None` when a walk is needed: a changed folder or symbolic link, or a listing that
    /// was not exact.
    pub fn again(&self, content_dir: &Path, changed: &[String]) -> Option<Listing> {
        if !self.exact || !content_dir.is_dir() {
            return None;
        }
        let mut listing = self.clone();
        for c in changed {
            // A name shown with U+FFFD may not be the file's: the walk reports those.
            if c.is_empty() || c.contains('\u{fffd}') {
                return None;
            }
            let is_file = match std::fs::symlink_metadata(content_dir.join(c)) {
                Ok(meta) if meta.is_file() => true,
                Ok(_) => return None,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
                Err(_) => return None,
            };
            listing.markdown.retain(|rel| !covers(c, rel));
            listing.other.retain(|rel| !covers(c, rel));
            if is_file && !c.split('/').any(super::is_hidden_or_noise) {
                let list = match c.ends_with(".md") {
                    true => &mut listing.markdown,
                    false => &mut listing.other,
                };
                let at = list.partition_point(|rel| walk_order(rel, c).is_lt());
                list.insert(at, c.clone());
            }
        }
        Some(listing)
    }
}

/// The order of a walk that takes each folder's entries by name, depth first: relative
/// paths compared name by name (`a/b.md` before `a-c.md`).
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Whether a change at `changed` (a file or folder, relative) covers the file `rel`.
pub fn covers(changed: &str, rel: &str) -> bool {
    changed.is_empty()
        || rel == changed
        || (rel.starts_with(changed) && rel.as_bytes().get(changed.len()) == Some(&b'/'))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(root: &Path) -> Listing {
        let found = discover_all(root, "content");
        Listing {
            markdown: found.markdown,
            other: found.other,
            exact: found.warnings.is_empty(),
        }
    }

    /// Files and folders come and go at random, named so that walking by name and sorting
    /// paths as text disagree (`a/b.md`, `a-c.md`, `a.md`), with hidden and noise files
    /// among them: listing again from each change gives what walking the folder gives, or
    /// asks for the walk when a folder came.
    #[test]
    fn listing_again_from_the_changes_equals_walking_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = (dir.path(), dir.path().join("content"));
        let paths = [
            "a.md",
            "a-c.md",
            "a/b.md",
            "a/c/d.md",
            "a/c.md",
            "a/b/x.png",
            "b.pdf",
            "a.b/e.md",
            ".hidden.md",
            "a/.git/x.md",
            "n~",
            "z/ab.md",
            "z.md",
            "a/c/e.md",
            "_index.md",
        ];
        std::fs::create_dir_all(&content).unwrap();
        let mut listing = walked(root);
        let (mut seed, mut again, mut walks) = (17u64, 0, 0);
        for _ in 0..300 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let rel = paths[(seed >> 33) as usize % paths.len()];
            let path = content.join(rel);
            let changed = if (seed >> 20) % 7 == 0 && rel.contains('/') {
                // A whole folder removed.
                let folder = &rel[..rel.rfind('/').unwrap()];
                let _ = std::fs::remove_dir_all(content.join(folder));
                vec![folder.to_string()]
            } else if path.exists() {
                std::fs::remove_file(&path).unwrap();
                vec![rel.to_string()]
            } else {
                // Folders made for the file are changes too, as a watcher reports them.
                let mut made: Vec<String> = Vec::new();
                let mut folder = Path::new(rel).parent();
                while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
                    if !content.join(f).exists() {
                        made.push(f.to_str().unwrap().to_string());
                    }
                    folder = f.parent();
                }
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, "x").unwrap();
                made.push(rel.to_string());
                made
            };
            let walk = walked(root);
            match listing.again(&content, &changed) {
                Some(l) => {
                    assert_eq!(l, walk, "after {changed:?}");
                    again += 1;
                    listing = l;
                }
                None => {
                    assert!(changed.len() > 1, "{changed:?} needed no walk");
                    walks += 1;
                    listing = walk;
                }
            }
        }
        assert!(
            again > 150 && walks > 10,
            "{again} listed again, {walks} walked"
        );
        let inexact = Listing {
            exact: false,
            ..listing.clone()
        };
        assert_eq!(inexact.again(&content, &["a.md".into()]), None);
        // The whole folder changed, or a name that may not be the file's: walk.
        assert_eq!(listing.again(&content, &["".into()]), None);
        assert_eq!(listing.again(&content, &["a\u{fffd}.md".into()]), None);
        assert!(listing.again(&content, &["a.md".into()]).is_some());
        // A path that cannot be read (here: under a file) is the walk's to report.
        std::fs::write(content.join("a.md"), "x").unwrap();
        assert_eq!(listing.again(&content, &["a.md/x".into()]), None);
    }
}

//! Writing the output directory safely: everything goes to a temporary sibling, which is
//! swapped into place only when the whole build succeeded, so a failed build leaves the
//! previous output exactly as it was.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Makes `path` absolute and free of `.`/`..`, resolving symlinks of the part that exists.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    let mut clean = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Refuses output directories whose replacement would destroy the site itself.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let refuse = |why: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}; choose another --output",
            out.display()
        )))
    };
    if root.starts_with(&out) {
        return refuse(if root == out {
            "it is the site root"
        } else {
            "it contains the site root"
        });
    }
    for dir in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(dir)) {
            return refuse(&format!("it is inside the site's {dir}/ folder"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file, not a folder");
    }
    Ok(())
}

/// A temporary output directory beside the final one.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(target);
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let io = |e: std::io::Error, p: &Path| {
            Diagnostic::error(format!("cannot create {}: {e}", p.display()))
        };
        fs::create_dir_all(&parent).map_err(|e| io(e, &parent))?;
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| io(e, &dir))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io(e, &dir))?;
        Ok(Staging { dir, target })
    }

    /// Writes one file under the staging directory.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.dir.join(rel);
        ensure_parent(&path)?;
        fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
    }

    /// Copies a file in (a copy, not a link: later edits of the source must not change the output).
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.dir.join(rel);
        ensure_parent(&path)?;
        fs::copy(from, &path).map(|_| ()).map_err(|e| {
            Diagnostic::error(format!(
                "cannot copy {} to {}: {e}",
                from.display(),
                path.display()
            ))
        })
    }

    /// Swaps the staged output into place; the old output is removed afterwards.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(|e| {
                Diagnostic::error(format!(
                    "cannot move the old output {} aside: {e}",
                    self.target.display()
                ))
            })?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::error(format!(
                "cannot move the new output into {}: {e}",
                self.target.display()
            )));
        }
        if had_old {
            remove_in_background(&old);
        }
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves nothing behind.
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Creates the folder a file goes in. Most outputs are `<page>/index.html` in a folder of their
/// own, so one `mkdir` usually does it; `create_dir_all` only when an ancestor is missing too.
fn ensure_parent(path: &Path) -> Result<(), Diagnostic> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    let failed =
        |e: std::io::Error| Diagnostic::error(format!("cannot create {}: {e}", parent.display()));
    match fs::create_dir(parent) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(parent).map_err(failed)
        }
        Err(e) => Err(failed(e)),
    }
}

/// Deletes a replaced output without making the build wait for it: deleting ten thousand
/// folders costs as much as writing them. A detached `rm` outlives this process.
fn remove_in_background(dir: &Path) {
    #[cfg(unix)]
    {
        use std::process::{Command, Stdio};
        let spawned = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_cleans_dots() {
        let a = absolute(Path::new("/tmp/x/../y/./z"));
        assert_eq!(a, absolute(Path::new("/tmp")).join("y/z"));
    }

    #[test]
    fn dangerous_outputs_are_refused() {
        let root = Path::new("/tmp/some-site-root-for-test");
        for bad in [
            "/tmp/some-site-root-for-test",
            "/tmp",
            "/",
            "/tmp/some-site-root-for-test/content",
            "/tmp/some-site-root-for-test/themes/x",
        ] {
            assert!(check_output_dir(root, Path::new(bad)).is_err(), "{bad}");
        }
        assert!(check_output_dir(root, Path::new("/tmp/some-site-root-for-test/public")).is_ok());
    }
}

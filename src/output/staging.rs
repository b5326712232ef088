//! The staging folder a build writes into, and the swap that puts it in place.
//!
//! Usually the staging folder is a hidden sibling of the output (`.public.tmp-<pid>`): when
//! the build succeeds the old output is renamed aside (`.public.old-<pid>`), the new one
//! renamed into place, and the old one deleted before the build returns. Where the output
//! cannot be renamed — a mount point such as a Docker volume, or a folder whose parent the
//! build may not write in — the staging folder goes inside the output instead
//! (`public/.dossier-tmp-<pid>`), and on success the old files are deleted and the new ones
//! moved up: not atomic (a reader may see a half-replaced site for a moment, which the build
//! warns about), but a failed build still leaves the previous output untouched.
//!
//! Each staging folder's marker file is locked while its build runs, so the next build can
//! tell the leftovers of a killed build (which it deletes) from a build still running.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

use super::remove::{self, device};
use super::{sparse, MARKER, MARKER_TEXT};
use crate::diagnostic::Diagnostic;

/// The calls whose failure the swap must survive, replaceable by tests.
#[derive(Clone, Copy)]
struct Calls {
    create_dir: fn(&Path) -> io::Result<()>,
    rename: fn(&Path, &Path) -> io::Result<()>,
}

const SYSTEM: Calls = Calls {
    create_dir: |path| fs::create_dir(path),
    rename: |from, to| fs::rename(from, to),
};

/// Where the staging folder is, and so how it is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swap {
    /// A sibling, renamed into place.
    Rename,
    /// Inside the output, whose files are replaced one by one.
    InPlace,
}

/// A staging folder for one build's output.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    swap: Swap,
    calls: Calls,
    /// The locked marker: the build is alive while it is held.
    _lock: File,
    /// What the reader should know about how the output was replaced.
    warnings: Vec<Diagnostic>,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        Staging::with_calls(target, SYSTEM)
    }

    fn with_calls(target: &Path, calls: Calls) -> Result<Staging, Diagnostic> {
        let target = super::absolute(target);
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Diagnostic::error(format!(
                "cannot build into {}: it has no parent folder",
                target.display()
            )));
        };
        let name = name.to_string_lossy().into_owned();
        fs::create_dir_all(parent).map_err(|e| cannot("create", parent, &e))?;
        let mut warnings = remove_leftovers(parent, &name);
        let id = std::process::id();
        let sibling = parent.join(format!(".{name}.tmp-{id}"));
        let mounted = if remove::is_mount_point(&target) {
            Some("it is a mount point".to_string())
        } else {
            remove::mount_point_inside(&target)
                .map(|inner| format!("{inner} inside it is a mount point"))
        };
        let (dir, swap) = if let Some(why) = mounted {
            warnings.push(not_atomic(&target, &why));
            (target.join(format!(".dossier-tmp-{id}")), Swap::InPlace)
        } else {
            match (calls.create_dir)(&sibling) {
                Ok(()) => (sibling, Swap::Rename),
                Err(e) if not_permitted(&e) && target.is_dir() => {
                    warnings.push(not_atomic(
                        &target,
                        &format!("its folder {} is not writable ({e})", parent.display()),
                    ));
                    (target.join(format!(".dossier-tmp-{id}")), Swap::InPlace)
                }
                Err(e) => return Err(cannot("create", &sibling, &e)),
            }
        };
        if swap == Swap::InPlace {
            fs::create_dir(&dir).map_err(|e| cannot("create", &dir, &e))?;
        }
        let lock = lock_marker(&dir).inspect_err(|_| {
            let _ = fs::remove_dir_all(&dir);
        })?;
        Ok(Staging {
            dir,
            target,
            swap,
            calls,
            _lock: lock,
            warnings,
        })
    }

    /// Writes one file under the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.inside(rel)?;
        ensure_parent(&path)?;
        fs::write(&path, bytes).map_err(|e| cannot("write", &path, &e))
    }

    /// Copies a file in (a copy, not a link: later edits of the source must not change the
    /// output), keeping the holes of a sparse file.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.inside(rel)?;
        ensure_parent(&path)?;
        sparse::copy(from, &path).map_err(|e| {
            Diagnostic::error(format!(
                "cannot copy {} to {}: {e}",
                from.display(),
                path.display()
            ))
        })
    }

    /// Where `rel` goes, refused unless it is a plain path inside the output: whatever made
    /// it, nothing is ever written outside the output folder.
    fn inside(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let plain = !rel.is_empty()
            && !rel.contains('\\')
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(Diagnostic::error(format!(
                "refusing to write `{}`: it is not a path inside the output folder",
                rel.escape_debug()
            )));
        }
        Ok(self.dir.join(rel))
    }

    /// Puts the staged output in place and deletes the old one before returning. Returns
    /// warnings: a swap that was not atomic, mounted folders left alone.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let mut warnings = std::mem::take(&mut self.warnings);
        match self.swap {
            Swap::Rename => warnings.extend(self.rename_into_place()?),
            Swap::InPlace => warnings.extend(self.replace_in_place()?),
        }
        Ok(warnings)
    }

    fn rename_into_place(&self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let parent = self.dir.parent().unwrap_or(Path::new("/"));
        let name = self
            .target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = fs::symlink_metadata(&self.target).is_ok();
        // Locked while it is deleted, so that another build does not delete it at once.
        let _old_lock = had_old
            .then(|| File::open(self.target.join(MARKER)).ok())
            .flatten()
            .filter(|f| f.try_lock().is_ok());
        if had_old {
            (self.calls.rename)(&self.target, &old).map_err(|e| {
                Diagnostic::error(format!(
                    "cannot move the old output {} aside: {e}",
                    self.target.display()
                ))
            })?;
        }
        if let Err(e) = (self.calls.rename)(&self.dir, &self.target) {
            let restored = !had_old || fs::rename(&old, &self.target).is_ok();
            let left = if restored {
                String::new()
            } else {
                format!("; the previous output is in {}", old.display())
            };
            return Err(Diagnostic::error(format!(
                "cannot move the new output into {}: {e}{left}",
                self.target.display()
            )));
        }
        Ok(if had_old {
            remove::remove_tree(&old)
        } else {
            Vec::new()
        })
    }

    fn replace_in_place(&self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let mut warnings = remove::empty_folder(&self.target, &self.dir, &device);
        let entries = fs::read_dir(&self.dir).map_err(|e| cannot("read", &self.dir, &e))?;
        for entry in entries.flatten() {
            let to = self.target.join(entry.file_name());
            if let Err(e) = fs::rename(entry.path(), &to) {
                warnings.push(Diagnostic::warning(format!(
                    "cannot move {} into place: {e}",
                    to.display()
                )));
            }
        }
        Ok(warnings)
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves nothing behind; one that did leaves an empty
    /// staging folder, or (in place) what could not be moved.
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Writes the marker into a new staging folder and locks it for as long as the build runs.
fn lock_marker(dir: &Path) -> Result<File, Diagnostic> {
    let path = dir.join(MARKER);
    fs::write(&path, MARKER_TEXT).map_err(|e| cannot("write", &path, &e))?;
    let file = File::open(&path).map_err(|e| cannot("open", &path, &e))?;
    file.try_lock()
        .map_err(|e| Diagnostic::error(format!("cannot lock {}: {e}", path.display())))?;
    Ok(file)
}

/// Deletes the staging and replaced folders that killed builds left beside the output
/// (`.public.tmp-*`, `.public.old-*`, names only dossier makes), unless a running build
/// holds their marker.
fn remove_leftovers(parent: &Path, name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    entries
        .flatten()
        .filter(|e| {
            let file = e.file_name();
            let file = file.to_string_lossy();
            prefixes.iter().any(|p| file.starts_with(p.as_str()))
        })
        .filter(|e| {
            File::open(e.path().join(MARKER)).map_or(true, |marker| marker.try_lock().is_ok())
        })
        .flat_map(|e| remove::remove_tree(&e.path()))
        .collect()
}

fn not_permitted(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

fn not_atomic(target: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "building into {} in place, because {why}: the old files are replaced one by one, \
         not swapped at once",
        target.display()
    ))
}

fn cannot(what: &str, path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} {}: {e}", path.display()))
}

/// Creates the folder a file goes in. Most outputs are `<page>/index.html` in a folder of their
/// own, so one `mkdir` usually does it; `create_dir_all` only when an ancestor is missing too.
fn ensure_parent(path: &Path) -> Result<(), Diagnostic> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    match fs::create_dir(parent) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(parent).map_err(|e| cannot("create", parent, &e))
        }
        Err(e) => Err(cannot("create", parent, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output folder made by an earlier build, holding `old.html`.
    fn previous_output() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let target = super::super::absolute(&dir.path().join("public"));
        fs::create_dir(&target).unwrap();
        fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        (dir, target)
    }

    /// The staging folder beside `public`, which a build first tries to make.
    fn is_sibling(path: &Path) -> bool {
        path.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".public.tmp-")
    }

    fn siblings(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_final_rename_puts_the_previous_output_back() {
        let (dir, target) = previous_output();
        let calls = Calls {
            // Moving the old output aside works; moving the new one in does not.
            rename: |from, to| {
                if from
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .contains(".tmp-")
                {
                    Err(io::Error::from(io::ErrorKind::StorageFull))
                } else {
                    fs::rename(from, to)
                }
            },
            ..SYSTEM
        };
        let staging = Staging::with_calls(&target, calls).unwrap();
        staging.write("new.html", b"new").unwrap();
        let e = staging.commit().unwrap_err();
        assert!(
            e.message.starts_with(&format!(
                "cannot move the new output into {}: ",
                target.display()
            )),
            "{}",
            e.message
        );
        assert_eq!(fs::read_to_string(target.join("old.html")).unwrap(), "old");
        assert!(!target.join("new.html").exists());
        assert_eq!(siblings(dir.path()), ["public"]);
    }

    #[test]
    fn a_parent_not_writable_builds_in_place() {
        let (dir, target) = previous_output();
        let calls = Calls {
            create_dir: |path| {
                if is_sibling(path) {
                    Err(io::Error::from(io::ErrorKind::PermissionDenied))
                } else {
                    fs::create_dir(path)
                }
            },
            ..SYSTEM
        };
        // A failed build in place leaves the old output as it was.
        let staging = Staging::with_calls(&target, calls).unwrap();
        staging.write("new.html", b"new").unwrap();
        drop(staging);
        assert_eq!(siblings(&target), [MARKER, "old.html"]);

        let staging = Staging::with_calls(&target, calls).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        let warnings = staging.commit().unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.starts_with(&format!(
                "building into {} in place, because its folder {} is not writable",
                target.display(),
                dir.path().canonicalize().unwrap().display()
            )),
            "{}",
            warnings[0].message
        );
        assert_eq!(siblings(&target), [MARKER, "a"]);
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(siblings(dir.path()), ["public"]);
    }

    #[test]
    fn only_a_folder_not_writable_with_an_output_in_it_builds_in_place() {
        /// Creates folders, but refuses the staging sibling with `kind`.
        fn refusing_sibling(path: &Path, kind: io::ErrorKind) -> io::Result<()> {
            if is_sibling(path) {
                Err(io::Error::from(kind))
            } else {
                fs::create_dir(path)
            }
        }
        let fails_to_create_sibling = |calls: Calls, target: &Path| {
            let error = Staging::with_calls(target, calls).err().expect("an error");
            assert!(
                error.message.starts_with("cannot create "),
                "{}",
                error.message
            );
            assert!(error.message.contains(".public.tmp-"), "{}", error.message);
        };
        // Another failure than permission (a full disk) is an error, output or not.
        let (_dir, target) = previous_output();
        let calls = Calls {
            create_dir: |path| refusing_sibling(path, io::ErrorKind::StorageFull),
            ..SYSTEM
        };
        fails_to_create_sibling(calls, &target);
        assert_eq!(siblings(&target), [MARKER, "old.html"]);
        // A folder not writable and no output in it yet: nothing to build into in place.
        let calls = Calls {
            create_dir: |path| refusing_sibling(path, io::ErrorKind::PermissionDenied),
            ..SYSTEM
        };
        fs::remove_dir_all(&target).unwrap();
        fails_to_create_sibling(calls, &target);
        assert!(!target.exists());
    }

    #[test]
    fn paths_leaving_the_output_are_refused() {
        let (_dir, target) = previous_output();
        let staging = Staging::new(&target).unwrap();
        for bad in ["../site.toml", "/etc/x", "a/../../b", "a\\..\\b", "", "./a"] {
            let e = staging.write(bad, b"x").unwrap_err();
            assert!(
                e.message.starts_with("refusing to write `"),
                "{bad}: {}",
                e.message
            );
        }
        staging.write("a/b.html", b"x").unwrap();
    }

    #[test]
    fn leftovers_of_killed_builds_go_and_a_running_build_keeps_its_own() {
        let (dir, target) = previous_output();
        for leftover in [".public.tmp-999999", ".public.old-999999"] {
            fs::create_dir_all(dir.path().join(leftover).join("a")).unwrap();
        }
        fs::create_dir(dir.path().join(".other.tmp-1")).unwrap();
        let running = Staging::new(&target).unwrap();
        let running_name = running
            .dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert_eq!(
            siblings(dir.path()),
            [".other.tmp-1", running_name.as_str(), "public"]
        );
        // A running build's staging folder is locked: another build leaves it alone, whatever
        // its number (the lock goes with the folder when it is renamed).
        let other_number = running.dir.with_file_name(".public.tmp-1");
        fs::rename(&running.dir, &other_number).unwrap();
        remove_leftovers(dir.path(), "public");
        assert!(other_number.join(MARKER).exists());
    }
}

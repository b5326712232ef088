//! Deleting a replaced output, in this process and before the build returns: a detached
//! `rm -rf` outlived nothing when the build ran as a container's first process, raced the
//! `git add` or `rsync` that followed the build, and crossed into mounted folders. This walk
//! stays on the output's file system (comparing each folder's device with the output's) and
//! leaves anything mounted inside it alone, with a warning; folders are emptied in parallel.
//! (`walkdir`'s `same_file_system` skips mounted folders silently, and `std::fs::remove_dir_all`
//! crosses into them; the few lines of `/proc/self/mountinfo` read here did not warrant the
//! `procfs` crate.)

use std::fs::{self, Metadata};
use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

/// The device a file is on, as the system numbers it; what tells a mount point.
pub type DeviceOf = dyn Fn(&Path, &Metadata) -> u64 + Sync;

/// The real device number (`st_dev`). Without one (not Unix) every file is on device 0, and
/// mount points are found by the failure to rename them instead.
pub fn device(_path: &Path, meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.dev()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Deletes `dir` and everything in it that is on its file system. Returns a warning for each
/// mounted folder left in place and each file that could not be deleted.
pub fn remove_tree(dir: &Path) -> Vec<Diagnostic> {
    remove_tree_with(dir, &device)
}

pub fn remove_tree_with(dir: &Path, device_of: &DeviceOf) -> Vec<Diagnostic> {
    match fs::symlink_metadata(dir) {
        Ok(meta) => remove_within(dir, &meta, device_of(dir, &meta), device_of),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => vec![cannot_delete(dir, &e)],
    }
}

/// Deletes everything inside `dir` that is on its file system, and not `dir` itself.
pub fn empty_folder(dir: &Path, keep: &Path, device_of: &DeviceOf) -> Vec<Diagnostic> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) => return vec![cannot_delete(dir, &e)],
    };
    let device = device_of(dir, &meta);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect::<Vec<_>>(),
        Err(e) => return vec![cannot_delete(dir, &e)],
    };
    entries
        .par_iter()
        .filter(|path| path.as_path() != keep)
        .flat_map(|path| match fs::symlink_metadata(path) {
            Ok(meta) => remove_within(path, &meta, device, device_of),
            Err(e) => vec![cannot_delete(path, &e)],
        })
        .collect()
}

fn remove_within(
    path: &Path,
    meta: &Metadata,
    device: u64,
    device_of: &DeviceOf,
) -> Vec<Diagnostic> {
    if !meta.is_dir() {
        // Files and symbolic links (never followed) go the same way.
        return match fs::remove_file(path) {
            Ok(()) => Vec::new(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => vec![cannot_delete(path, &e)],
        };
    }
    if device_of(path, meta) != device {
        return vec![Diagnostic::warning(format!(
            "left {} in place: another file system is mounted there",
            path.display()
        ))];
    }
    let warnings = empty_folder(path, Path::new(""), device_of);
    if !warnings.is_empty() {
        return warnings;
    }
    match fs::remove_dir(path) {
        Ok(()) => Vec::new(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => vec![cannot_delete(path, &e)],
    }
}

fn cannot_delete(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::warning(format!("cannot delete {}: {e}", path.display()))
}

/// Whether `dir` is a mount point: on another device than its parent, or (on Linux, where a
/// bind mount of a folder of the same file system keeps the device) listed as one.
pub fn is_mount_point(dir: &Path) -> bool {
    let (Ok(meta), Some(parent)) = (fs::symlink_metadata(dir), dir.parent()) else {
        return false;
    };
    let Ok(parent_meta) = fs::metadata(parent) else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    if device(dir, &meta) != device(parent, &parent_meta) {
        return true;
    }
    #[cfg(target_os = "linux")]
    if let Ok(table) = fs::read_to_string("/proc/self/mountinfo") {
        return mount_points(&table).any(|m| Path::new(&m) == dir);
    }
    false
}

/// A mount point strictly inside `dir` (Linux only), which renaming `dir` would carry away.
pub fn mount_point_inside(dir: &Path) -> Option<String> {
    #[cfg(target_os = "linux")]
    if let Ok(table) = fs::read_to_string("/proc/self/mountinfo") {
        return mount_points(&table).find(|m| {
            let m = Path::new(m);
            m != dir && m.starts_with(dir)
        });
    }
    let _ = dir;
    None
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
/// The mount points listed in `/proc/self/mountinfo` (the fifth field of each line, with
/// spaces and other odd characters written as octal escapes such as `\040`).
pub fn mount_points(table: &str) -> impl Iterator<Item = String> + '_ {
    table.lines().filter_map(|line| {
        let field = line.split(' ').nth(4)?;
        let mut bytes = Vec::with_capacity(field.len());
        let raw = field.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            let octal = raw.get(i + 1..i + 4).and_then(|d| {
                std::str::from_utf8(d)
                    .ok()
                    .and_then(|d| u8::from_str_radix(d, 8).ok())
            });
            match (raw[i], octal) {
                (b'\\', Some(b)) => {
                    bytes.push(b);
                    i += 4;
                }
                (b, _) => {
                    bytes.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8(bytes).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_leaves_mounted_folders_alone() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        for rel in [
            "a/b/c.html",
            "a/d.html",
            "mnt/kept.txt",
            "mnt/sub/kept.txt",
            "e.html",
        ] {
            let path = old.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        // `old/mnt` plays a mounted file system: another device than the rest.
        let mounted = old.join("mnt");
        let fake = move |path: &Path, meta: &Metadata| {
            device(path, meta) + u64::from(path.starts_with(&mounted))
        };
        let warnings = remove_tree_with(&old, &fake);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].message,
            format!(
                "left {} in place: another file system is mounted there",
                old.join("mnt").display()
            )
        );
        assert_eq!(
            fs::read_to_string(old.join("mnt/sub/kept.txt")).unwrap(),
            "x"
        );
        assert!(!old.join("a").exists());
        assert!(!old.join("e.html").exists());
    }

    #[test]
    fn a_missing_tree_is_nothing_to_do_and_one_that_cannot_be_read_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        assert!(remove_tree(&dir.path().join("gone")).is_empty());
        // Below a file: looking at it fails, not with "not found".
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let below = file.join("public");
        let warnings = remove_tree(&below);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .starts_with(&format!("cannot delete {}: ", below.display())),
            "{}",
            warnings[0].message
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "x");
    }

    #[test]
    fn what_is_gone_by_the_time_it_is_deleted_is_no_warning_and_what_cannot_go_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let file_meta = fs::symlink_metadata(&file).unwrap();
        let device = device(&file, &file_meta);
        // A file deleted by someone else in the meantime.
        let gone = dir.path().join("gone.txt");
        assert!(remove_within(&gone, &file_meta, device, &super::device).is_empty());
        // One that cannot be deleted (a path through a file).
        let through = file.join("x");
        let warnings = remove_within(&through, &file_meta, device, &super::device);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.starts_with("cannot delete "));

        // A folder that is gone once emptied: `d/sub/..` is `d` until `sub` is deleted.
        let d = dir.path().join("d");
        fs::create_dir_all(d.join("sub")).unwrap();
        fs::write(d.join("sub/page.html"), "x").unwrap();
        let dotted = d.join("sub/..");
        let meta = fs::symlink_metadata(&dotted).unwrap();
        let warnings = remove_within(&dotted, &meta, device, &super::device);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(!d.join("sub").exists());
        // A folder that cannot be removed (`d/.`, which the system refuses to remove).
        fs::write(d.join("late.html"), "x").unwrap();
        let here = d.join(".");
        let meta = fs::symlink_metadata(&here).unwrap();
        let warnings = remove_within(&here, &meta, device, &super::device);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.starts_with("cannot delete "));
        assert!(!d.join("late.html").exists());
    }

    #[test]
    fn mountinfo_lines_give_their_mount_point() {
        let table = "22 1 0:21 / /proc rw,nosuid - proc proc rw\n\
                     42 27 0:39 / /srv/my\\040site/public rw,relatime - tmpfs none rw\n";
        let points: Vec<String> = mount_points(table).collect();
        assert_eq!(points, ["/proc", "/srv/my site/public"]);
    }

    #[test]
    fn an_ordinary_folder_is_no_mount_point() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("public")).unwrap();
        assert!(!is_mount_point(&dir.path().join("public")));
        #[cfg(target_os = "linux")]
        assert!(is_mount_point(Path::new("/proc")));
    }
}

//! Writing the output folder safely. Everything goes to a staging folder, swapped into place
//! only when the whole build succeeded, so a failed build leaves the previous output exactly
//! as it was; and the build replaces only a folder it made itself, which it marks with a
//! `.dossier-output` file, so a mistyped `--output` cannot delete a repository or a project.

mod remove;
mod sparse;
mod staging;

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

pub use staging::Staging;

/// The file every output holds: what tells the next build that this folder is its own.
pub const MARKER: &str = ".dossier-output";

/// What the marker says to someone who finds it.
const MARKER_TEXT: &str =
    "This folder was made by `dossier build`, which replaces all of it on the next build.\n";

/// Folders of version-control systems: never an output, never inside one.
const VCS_FOLDERS: &[&str] = &[
    ".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", ".pijul", "CVS",
];

/// The site's own folders besides its content folder, which an output replacing them would
/// destroy.
const SITE_FOLDERS: &[&str] = &["themes", "templates", "static"];

/// Makes `path` absolute and free of `.`/`..`, resolving symbolic links one component at a
/// time, so that a `..` after a link leaves the folder the link leads to, as the file system
/// would, even where the rest of the path does not exist yet.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// Refuses output folders whose replacement would destroy something the build did not make.
/// `force` lets a build write outside the site's folder and replace a folder without the
/// marker; nothing lets it replace the site, its own folders (`content_dir` among them, as
/// site.toml names it) or a repository.
pub fn check_output_dir(
    root: &Path,
    out: &Path,
    content_dir: &str,
    force: bool,
) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let refuse = |why: String, how: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}; {how}",
            out.display()
        )))
    };
    let elsewhere = "choose another --output or `output_dir`";
    if root.starts_with(&out) {
        let why = if root == out {
            "it is the site's own folder".to_string()
        } else {
            format!("it holds the site's folder {}", root.display())
        };
        return refuse(why, elsewhere);
    }
    let inside = out.strip_prefix(&root).ok();
    let named = inside.unwrap_or(&out);
    if let Some(vcs) = named
        .components()
        .find_map(|c| VCS_FOLDERS.iter().find(|v| c.as_os_str() == **v))
    {
        return refuse(format!("it is inside a {vcs} folder"), elsewhere);
    }
    let folders = || std::iter::once(content_dir).chain(SITE_FOLDERS.iter().copied());
    if let Some(dir) = inside.and_then(|rel| folders().find(|d| rel.starts_with(d))) {
        return refuse(format!("it is inside the site's {dir}/ folder"), elsewhere);
    }
    if let Some(dir) = inside.and_then(|rel| folders().find(|d| Path::new(d).starts_with(rel))) {
        return refuse(format!("it holds the site's {dir}/ folder"), elsewhere);
    }
    let meta = match fs::symlink_metadata(&out) {
        Ok(meta) => meta,
        Err(_) if inside.is_none() && !force => {
            return refuse(
                format!("it is outside the site's folder {}", root.display()),
                "pass --force to build there",
            )
        }
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        return refuse("it is a file, not a folder".into(), elsewhere);
    }
    let entries: Vec<_> = fs::read_dir(&out)
        .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", out.display())))?
        .flatten()
        .map(|e| e.file_name())
        .collect();
    if let Some(vcs) = VCS_FOLDERS
        .iter()
        .find(|v| entries.iter().any(|e| e == **v))
    {
        return refuse(
            format!("it holds a {vcs} folder, which replacing it would delete"),
            "build into another folder and copy the files over",
        );
    }
    if force {
        return Ok(());
    }
    if inside.is_none() {
        return refuse(
            format!("it is outside the site's folder {}", root.display()),
            "pass --force to build there",
        );
    }
    if !entries.is_empty() && !entries.iter().any(|e| e == MARKER) {
        return refuse(
            format!("it is not empty and dossier did not make it (it holds no {MARKER} file)"),
            "move its files away, or pass --force to replace it with the site",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path through a symbolic link is the folder it leads to, whether the rest of the
    /// path exists yet or not: an output named through a link into the site is seen there.
    #[cfg(unix)]
    #[test]
    fn absolute_follows_links_in_the_part_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap().join("real");
        fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(absolute(&link), real);
        assert_eq!(absolute(&link.join("public")), real.join("public"));
        assert_eq!(absolute(&link.join("a/../b")), real.join("b"));
    }

    #[test]
    fn absolute_cleans_dots() {
        let a = absolute(Path::new("/tmp/x/../y/./z"));
        assert_eq!(a, absolute(Path::new("/tmp")).join("y/z"));
    }

    #[test]
    fn dangerous_outputs_are_refused_even_with_force() {
        let root = Path::new("/tmp/some-site-root-for-test");
        for bad in [
            "/tmp/some-site-root-for-test",
            "/tmp",
            "/",
            "/tmp/some-site-root-for-test/content",
            "/tmp/some-site-root-for-test/themes/x",
            "/tmp/some-site-root-for-test/static",
            "/tmp/some-site-root-for-test/templates",
            "/tmp/some-site-root-for-test/.git",
            "/tmp/some-site-root-for-test/.hg/x",
        ] {
            assert!(
                check_output_dir(root, Path::new(bad), "content", true).is_err(),
                "{bad}"
            );
        }
        let public = Path::new("/tmp/some-site-root-for-test/public");
        assert!(check_output_dir(root, public, "content", false).is_ok());
        let elsewhere = Path::new("/tmp/elsewhere-for-test");
        assert!(check_output_dir(root, elsewhere, "content", false).is_err());
        assert!(check_output_dir(root, elsewhere, "content", true).is_ok());
    }

    #[test]
    fn the_content_folder_site_toml_names_is_never_an_output() {
        let root = Path::new("/tmp/some-site-root-for-test");
        for (bad, why) in [
            ("notes/vault", "inside the site's notes/vault/ folder"),
            (
                "notes/vault/public",
                "inside the site's notes/vault/ folder",
            ),
            ("notes", "holds the site's notes/vault/ folder"),
        ] {
            let e = check_output_dir(root, &root.join(bad), "notes/vault", true).unwrap_err();
            assert!(e.message.contains(why), "{bad}: {}", e.message);
        }
        assert!(check_output_dir(root, &root.join("content"), "notes/vault", false).is_ok());
    }
}

//! What a build writes and deletes: never outside the output folder, never a folder it did
//! not make, and the replaced output gone before the build returns.

use crate::support::common::*;

use std::fs;
use std::path::Path;

const MARKER_TEXT: &str =
    "This folder was made by `dossier build`, which replaces all of it on the next build.\n";

/// Runs `dossier build` with `args` after it; returns (success, stderr).
fn build_with(site: &TestSite, args: &[&str]) -> (bool, String) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn traversal_slugs_are_refused_at_their_place() {
    let cases = [
        (
            "..",
            "`.` and `..` name folders, not pages, and would write outside the page's folder",
        ),
        (
            ".",
            "`.` and `..` name folders, not pages, and would write outside the page's folder",
        ),
        ("a/b", "it contains `/`"),
        (
            "..\\\\..\\\\x",
            "it contains `\\`, a folder separator on Windows",
        ),
        (
            "%2e%2e",
            "it contains `%`: write the characters themselves, not their percent-encoding",
        ),
        ("a\\nb", "it contains the control character '\\n'"),
        ("", "it is empty"),
    ];
    for (slug, why) in cases {
        let site = TestSite::new();
        site.page("notes/_index.md", "title = \"Notes\"", "");
        site.page(
            "notes/bundle/index.md",
            &format!("title = \"B\"\nslug = \"{slug}\""),
            "",
        );
        site.file("content/notes/bundle/site.toml", "stolen = true\n");
        let err = site.build_fails();
        assert!(
            err.contains(&format!(
                "content/notes/bundle/index.md:3:8: error: `slug = \"{slug}\"` is not one URL segment: {why}; use letters, digits, `-`, `_`, `.` and `~`"
            )),
            "{slug}: {err}"
        );
        assert_eq!(
            fs::read_to_string(site.root().join("site.toml")).unwrap(),
            "title = \"Test dossier\"\nbase_url = \"https://example.org\"\n"
        );
        assert!(!site.out().exists());
    }
}

#[test]
fn slugs_differing_only_in_case_collide() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"\nslug = \"Report\"", "")
        .page("b.md", "title = \"B\"\nslug = \"report\"", "");
    let err = site.build_fails();
    assert!(
        err.contains("content/b.md: error: content/a.md and content/b.md would both be written to Report/index.html and report/index.html, which are one file on macOS and Windows; give one of them another `slug`"),
        "{err}"
    );
}

#[test]
fn each_dangerous_output_folder_is_refused_even_with_force() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.file(".git/HEAD", "ref: refs/heads/main\n");
    let root = fs::canonicalize(site.root()).unwrap();
    let parent = root.parent().unwrap();
    let root_s = root.to_str().unwrap();
    let elsewhere = "choose another --output or `output_dir`";
    let cases = [
        (".", root.clone(), "it is the site's own folder".to_string()),
        (
            root_s,
            root.clone(),
            "it is the site's own folder".to_string(),
        ),
        (
            "..",
            parent.to_path_buf(),
            format!("it holds the site's folder {root_s}"),
        ),
        (
            ".git",
            root.join(".git"),
            "it is inside a .git folder".into(),
        ),
        (
            ".git/worktree",
            root.join(".git/worktree"),
            "it is inside a .git folder".into(),
        ),
        (
            "content",
            root.join("content"),
            "it is inside the site's content/ folder".into(),
        ),
        (
            "content/sub",
            root.join("content/sub"),
            "it is inside the site's content/ folder".into(),
        ),
        (
            "themes",
            root.join("themes"),
            "it is inside the site's themes/ folder".into(),
        ),
        (
            "templates",
            root.join("templates"),
            "it is inside the site's templates/ folder".into(),
        ),
        (
            "static",
            root.join("static"),
            "it is inside the site's static/ folder".into(),
        ),
    ];
    for (out, shown, why) in cases {
        for force in [false, true] {
            let mut args = vec!["--output", out];
            if force {
                args.push("--force");
            }
            let (ok, err) = build_with(&site, &args);
            assert!(!ok, "{out} accepted");
            assert_eq!(
                err,
                format!(
                    "error: refusing to write the site into {}: {why}; {elsewhere}\n1 error\n",
                    shown.display()
                ),
                "{out}"
            );
        }
    }
    site.file("site.toml", "title = \"T\"\noutput_dir = \".git\"\n");
    assert!(site.build_fails().contains(&format!(
        "refusing to write the site into {}: it is inside a .git folder",
        root.join(".git").display()
    )));
    assert_eq!(
        fs::read_to_string(root.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    assert!(root.join("content/a.md").exists());
}

#[test]
fn outside_the_site_takes_force() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let root = fs::canonicalize(site.root()).unwrap();
    let other = tempfile::tempdir().unwrap();
    let other_path = fs::canonicalize(other.path()).unwrap();
    let project = other_path.join("other-project");
    fs::create_dir(&project).unwrap();
    fs::write(project.join("Makefile"), "all:\n").unwrap();
    let fresh = other_path.join("fresh");
    for out in [project.clone(), fresh.clone()] {
        let (ok, err) = build_with(&site, &["--output", out.to_str().unwrap()]);
        assert!(!ok);
        assert_eq!(
            err,
            format!(
                "error: refusing to write the site into {}: it is outside the site's folder {}; pass --force to build there\n1 error\n",
                out.display(),
                root.display()
            )
        );
    }
    assert_eq!(
        fs::read_to_string(project.join("Makefile")).unwrap(),
        "all:\n"
    );
    assert!(!fresh.exists());

    // A relative path out of the site is outside too, and so is `output_dir` leading there.
    let (ok, err) = build_with(&site, &["--output", "../elsewhere"]);
    assert!(!ok);
    assert!(err.contains("it is outside the site's folder"), "{err}");
    for output_dir in [project.to_str().unwrap(), "../other-project"] {
        site.file(
            "site.toml",
            &format!("title = \"T\"\noutput_dir = \"{output_dir}\"\n"),
        );
        let err = site.build_fails();
        assert!(
            err.contains("it is outside the site's folder") && err.contains("pass --force"),
            "{output_dir}: {err}"
        );
    }
    site.file("site.toml", "title = \"T\"\n");

    let (ok, err) = build_with(&site, &["--output", fresh.to_str().unwrap(), "--force"]);
    assert!(ok, "{err}");
    assert_eq!(
        fs::read_to_string(fresh.join(".dossier-output")).unwrap(),
        MARKER_TEXT
    );
    let page =
        scraper::Html::parse_document(&fs::read_to_string(fresh.join("a/index.html")).unwrap());
    assert_eq!(texts(&page, "h1"), ["A"]);
}

#[test]
fn only_a_folder_dossier_made_is_replaced() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.file("public/notes.txt", "my notes");
    let root = fs::canonicalize(site.root()).unwrap();
    assert_eq!(
        site.build_fails(),
        format!(
            "error: refusing to write the site into {}: it is not empty and dossier did not make it (it holds no .dossier-output file); move its files away, or pass --force to replace it with the site\n1 error\n",
            root.join("public").display()
        )
    );
    assert_eq!(names(&site.out()), ["notes.txt"]);

    // An empty folder is fine, and the build marks it as its own.
    site.remove("public/notes.txt");
    site.build();
    assert_eq!(site.read(".dossier-output"), MARKER_TEXT);
    // Marked, it is replaced: a file put into it is gone after the next build.
    site.file("public/stale.txt", "old");
    site.build();
    assert!(!site.exists("stale.txt"));
    assert!(site.exists("a/index.html"));

    // --force replaces a folder without the marker.
    site.remove("public/.dossier-output");
    site.file("public/stale.txt", "old");
    let (ok, err) = build_with(&site, &["--force"]);
    assert!(ok, "{err}");
    assert!(!site.exists("stale.txt"));
    assert_eq!(site.read(".dossier-output"), MARKER_TEXT);
}

/// An output named through a symbolic link and a `..` after a folder that does not exist yet
/// is where the file system puts it: a link to the site, then `nothing/../content`, is the
/// site's content folder, refused even with `--force`, and the pages are left as they were.
#[cfg(unix)]
#[test]
fn an_output_through_a_link_and_dots_is_refused_where_it_leads() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Kept.");
    let root = fs::canonicalize(site.root()).unwrap();
    let away = tempfile::tempdir().unwrap();
    let link = away.path().join("link");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let out = link.join("nothing/../content");
    let (ok, err) = build_with(&site, &["--output", out.to_str().unwrap(), "--force"]);
    assert!(!ok, "accepted");
    assert_eq!(
        err,
        format!(
            "error: refusing to write the site into {}: it is inside the site's content/ folder; \
             choose another --output or `output_dir`\n1 error\n",
            root.join("content").display()
        )
    );
    assert_eq!(
        fs::read_to_string(root.join("content/a.md")).unwrap(),
        "+++\ntitle = \"A\"\n+++\nKept."
    );
}

#[test]
fn an_output_holding_a_repository_is_refused() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build();
    site.file("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    let (ok, err) = build_with(&site, &["--force"]);
    assert!(!ok);
    assert!(
        err.contains("it holds a .git folder, which replacing it would delete; build into another folder and copy the files over"),
        "{err}"
    );
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/gh-pages\n");
}

#[test]
fn the_old_output_and_killed_builds_leftovers_are_gone_when_build_returns() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build();
    // What builds killed halfway leave: a staging folder and a replaced output.
    site.file(".public.tmp-4242/a/index.html", "half");
    site.file(".public.old-4242/a/index.html", "old");
    site.file(".public.old-4243/.dossier-output", "old");
    site.build();
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);
    site.build();
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);
    assert!(site.exists("a/index.html"));
}

#[test]
fn a_theme_must_be_a_folder_of_themes() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.file("site.toml", "title = \"T\"\ntheme = \"../../elsewhere\"\n");
    let err = site.build_fails();
    assert_eq!(
        err,
        "site.toml:2:9: error: field `theme`: `../../elsewhere` is not a theme name: a theme is a folder of themes/, named without `/`, `\\` or `..`
  |
2 | theme = \"../../elsewhere\"
  |         ^

1 error
"
    );
}

#[test]
fn new_refuses_control_characters_and_quotes_the_title() {
    let site = TestSite::new();
    let out = site.run(&["new", "note", "a\nb"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: the title \"a\\nb\" holds the control character '\\n'; a title is one line of text\n1 error\n"
    );
    assert!(!site.root().join("content").exists());

    for title in [
        r#"The "deal" \ Huawei"#,
        r#"It's \"quoted\""#,
        "a'''b\"\"\"c",
    ] {
        let out = site.run(&["new", "note", title]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let created = String::from_utf8_lossy(&out.stdout);
        // The last line names the page (the first time, a line before it names the section).
        let rel = created
            .lines()
            .last()
            .unwrap()
            .strip_prefix("Created ")
            .unwrap();
        let text = fs::read_to_string(site.root().join(rel)).unwrap();
        let front = text.split("+++\n").nth(1).unwrap();
        let parsed: toml::Table = toml::from_str(front).unwrap();
        assert_eq!(parsed["title"].as_str(), Some(title), "{text}");
    }
    // And the pages it made build, with those titles.
    site.build();
    let doc = site.html("notes/the-deal-huawei/index.html");
    assert_eq!(texts(&doc, "h1"), [r#"The "deal" \ Huawei"#]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_inside_are_followed_and_outside_left_out_with_a_warning() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    site.page("notes/real.md", "title = \"Real\"", "");
    site.file("shared/report.pdf", "%PDF");
    let secret = tempfile::tempdir().unwrap();
    fs::write(
        secret.path().join("secret.md"),
        md("title = \"Secret\"", ""),
    )
    .unwrap();
    let root = site.root();
    symlink(
        root.join("content/notes/real.md"),
        root.join("content/notes/alias.md"),
    )
    .unwrap();
    symlink(
        root.join("shared/report.pdf"),
        root.join("content/notes/report.pdf"),
    )
    .unwrap();
    symlink(
        secret.path().join("secret.md"),
        root.join("content/notes/secret.md"),
    )
    .unwrap();
    let (ok, err) = build_with(&site, &[]);
    assert!(ok, "{err}");
    let secret_path = fs::canonicalize(secret.path()).unwrap().join("secret.md");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "content/notes/alias.md: warning: a symbolic link to content/notes/real.md; built as if the file were here".to_string(),
            "content/notes/report.pdf: warning: a symbolic link to shared/report.pdf; built as if the file were here".to_string(),
            format!("content/notes/secret.md: warning: a symbolic link to {}, outside the site's folder; left out", secret_path.display()),
        ]
        .into_iter()
        .chain(PLACEHOLDER_WARNING.lines().map(str::to_string))
        .collect::<Vec<_>>()
    );
    assert_eq!(texts(&site.html("notes/alias/index.html"), "h1"), ["Real"]);
    assert_eq!(site.read("notes/report.pdf"), "%PDF");
    assert!(!site.exists("notes/secret/index.html"));
}

#[cfg(unix)]
#[test]
fn a_content_folder_that_is_itself_a_link_is_the_site_content() {
    use std::os::unix::fs::symlink;
    // A vault kept elsewhere and linked in as `content/`, as the benchmark corpus is.
    let site = TestSite::new();
    let vault = tempfile::tempdir().unwrap();
    fs::create_dir_all(vault.path().join("notes")).unwrap();
    fs::write(vault.path().join("notes/a.md"), md("title = \"A\"", "")).unwrap();
    fs::write(vault.path().join("notes/b.md"), md("title = \"B\"", "")).unwrap();
    symlink(
        vault.path().join("notes/a.md"),
        vault.path().join("notes/alias.md"),
    )
    .unwrap();
    symlink(vault.path(), site.root().join("content")).unwrap();
    let (ok, err) = build_with(&site, &[]);
    assert!(ok, "{err}");
    assert_eq!(
        err.lines().filter(|l| l.contains("warning:")).collect::<Vec<_>>(),
        [
            "content/notes/alias.md: warning: a symbolic link to content/notes/a.md; built as if the file were here",
            PLACEHOLDER_WARNING.lines().next().unwrap(),
        ]
    );
    assert_eq!(texts(&site.html("notes/b/index.html"), "h1"), ["B"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    fs::write(
        site.root().join("content").join(name),
        md("title = \"C\"", ""),
    )
    .unwrap();
    assert_eq!(
        site.build_fails(),
        "content/caf\u{fffd}.md: error: the file name is not valid UTF-8 (shown with \u{fffd} for the bytes that are not), so it has no URL; rename it\n1 error\n"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_sparse_attachment_is_copied_with_its_holes() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::new();
    site.page("sources/image/index.md", "title = \"Disk image\"", "");
    let image = site.root().join("content/sources/image/disk.img");
    let file = fs::File::create(&image).unwrap();
    file.set_len(1 << 30).unwrap();
    drop(file);
    site.build();
    let copied = fs::metadata(site.out().join("sources/image/disk.img")).unwrap();
    assert_eq!(copied.len(), 1 << 30);
    assert!(
        copied.blocks() * 512 < 1 << 20,
        "{} blocks",
        copied.blocks()
    );
}

/// A tmpfs mounted for one test, unmounted when dropped; `None` without the privilege to
/// mount (then the test says so and checks nothing: the unit tests of `output::remove` and
/// `output::staging` cover the same logic with a device and a failure made up).
#[cfg(target_os = "linux")]
struct Mounted(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Mounted {
    fn tmpfs(at: &Path) -> Option<Mounted> {
        fs::create_dir_all(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "dossier-test"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("cannot mount a tmpfs here: mount-point test skipped");
        }
        mounted.then(|| Mounted(at.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
fn device(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().dev()
}

#[cfg(target_os = "linux")]
#[test]
fn a_mount_point_output_is_built_in_place() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "")
        .page("b.md", "title = \"B\"", "");
    let Some(_volume) = Mounted::tmpfs(&site.out()) else {
        return;
    };
    let public = fs::canonicalize(site.out()).unwrap();
    let volume = device(&public);
    let (ok, err) = build_with(&site, &[]);
    assert!(ok, "{err}");
    assert_eq!(
        err,
        format!(
            "warning: building into {} in place, because it is a mount point: the old files are replaced one by one, not swapped at once\n{PLACEHOLDER_WARNING}",
            public.display()
        )
    );
    assert!(site.exists("a/index.html") && site.exists("b/index.html"));

    // Again, without b: its page goes, the volume stays mounted, nothing is left beside it.
    site.remove("content/b.md");
    let (ok, err) = build_with(&site, &[]);
    assert!(ok, "{err}");
    assert!(site.exists("a/index.html"));
    assert!(!site.exists("b"));
    assert!(!names(&site.out())
        .iter()
        .any(|n| n.starts_with(".dossier-tmp")));
    assert_eq!(device(&public), volume);
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);

    // A failed build leaves it as it was.
    let before = snapshot(&site.out());
    site.page("a.md", "title = \"A\"", "[[nowhere]]");
    site.build_fails();
    assert_eq!(snapshot(&site.out()), before);
}

#[cfg(target_os = "linux")]
#[test]
fn a_folder_mounted_inside_the_output_is_left_alone() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build();
    let Some(_data) = Mounted::tmpfs(&site.out().join("data")) else {
        return;
    };
    let data = fs::canonicalize(site.out().join("data")).unwrap();
    fs::write(data.join("kept.csv"), "1,2\n").unwrap();
    let (ok, err) = build_with(&site, &[]);
    assert!(ok, "{err}");
    let public = fs::canonicalize(site.out()).unwrap();
    assert_eq!(
        err,
        format!(
            "warning: building into {} in place, because {} inside it is a mount point: the old files are replaced one by one, not swapped at once\nwarning: left {} in place: another file system is mounted there\n{PLACEHOLDER_WARNING}",
            public.display(),
            data.display(),
            data.display()
        )
    );
    assert_eq!(site.read("data/kept.csv"), "1,2\n");
    assert!(site.exists("a/index.html"));
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);
}

/// A container's first process: the build runs as PID 1 of a new PID namespace (`unshare`,
/// which takes privileges; without them the test says so and checks nothing). A detached
/// deleting process died with it and left `.public.old-1` behind.
#[cfg(target_os = "linux")]
#[test]
fn a_build_running_as_pid_1_leaves_nothing_behind() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let as_pid_1 = || {
        std::process::Command::new("unshare")
            .args(["--pid", "--fork", "--kill-child"])
            .arg(env!("CARGO_BIN_EXE_dossier"))
            .arg("build")
            .current_dir(site.root())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !as_pid_1() {
        eprintln!("cannot run a build in a new PID namespace here: PID 1 test skipped");
        return;
    }
    site.file("public/stale.txt", "from before");
    assert!(as_pid_1());
    assert_eq!(names(site.root()), ["content", "public", "site.toml"]);
    assert!(!site.exists("stale.txt"));
    assert!(site.exists("a/index.html"));
}

//! The output folder: atomic replacement, and refusal of folders whose loss would hurt.

use crate::support::common::*;

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Hello [[b]]")
        .page("b.md", "title = \"B\"", "World");
    site.build();
    let before = snapshot(&site.out());
    assert!(before.len() > 3);

    // A broken link, a template error and bad front matter: each must fail the whole build.
    site.page("a.md", "title = \"A\"", "Hello [[nowhere]]");
    site.build_fails();
    assert_eq!(snapshot(&site.out()), before);

    site.page("a.md", "title = \"A\"", "Fine again");
    site.file("templates/page.html", "{{ page.missing }}");
    site.build_fails();
    assert_eq!(snapshot(&site.out()), before);

    site.remove("templates/page.html");
    site.file("content/b.md", "+++\ntitle = 1\n+++\n");
    site.build_fails();
    assert_eq!(snapshot(&site.out()), before);

    // No staging folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn successful_build_replaces_stale_files() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    site.build();
    std::fs::write(site.out().join("stale.txt"), "old").unwrap();
    site.build();
    assert!(!site.exists("stale.txt"));
    assert!(site.exists("a/index.html"));
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "");
    let root = site.root().to_str().unwrap().to_string();
    let parent = site.root().parent().unwrap().to_str().unwrap().to_string();
    for bad in [
        ".",
        "content",
        "themes",
        "content/sub",
        "..",
        root.as_str(),
        parent.as_str(),
    ] {
        let out = site.run(&["build", "--output", bad]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{bad} accepted");
        assert!(
            stderr.contains("refusing to write the site into"),
            "{bad}: {stderr}"
        );
    }
    assert!(site.root().join("content/a.md").exists());
    assert!(site.root().join("site.toml").exists());

    site.file("site.toml", "title = \"T\"\noutput_dir = \".\"\n");
    assert!(site.build_fails().contains("refusing"));
}

#[test]
fn verbose_says_how_long_each_stage_took() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Text.");
    let out = site.run(&["build", "--verbose"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stages: Vec<&str> = stderr
        .lines()
        .filter(|l| l.ends_with(" ms") && l.starts_with("  "))
        .map(|l| {
            l.trim_start()
                .rsplitn(3, ' ')
                .nth(2)
                .unwrap_or("")
                .trim_end()
        })
        .collect();
    assert_eq!(
        stages,
        [
            "read config, theme, content",
            "expand shortcodes",
            "analyse Markdown",
            "resolve",
            "check links",
            "compile templates",
            "render, write, swap",
            "count warnings",
        ],
        "{stderr}"
    );
    let quiet = site.run(&["build"]);
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains(" ms\n"));
}

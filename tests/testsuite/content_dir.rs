//! `content_dir` in site.toml: an Obsidian vault (or any folder of the site) is the content
//! folder. It builds, checks, serves and takes new pages as `content/` does, names its files
//! in diagnostics as they are on disk, and is refused at its place in site.toml when it is
//! not a folder of the site.

use std::collections::BTreeMap;
use std::time::Duration;

use image::{ImageFormat, RgbImage};

use crate::support::common::*;
use crate::support::serve::{eventually, full_build, get, without_live_script, TempSite};
use dossier::serve::{self, ServeOptions};
use dossier::site::Options;

const SITE_TOML: &str =
    "title = \"Vault dossier\"\nbase_url = \"https://example.org\"\ncontent_dir = \"vault\"\n";

/// A vault beside site.toml: notes at its root and in a folder, an attachment, Obsidian's
/// own folder, and a `content/` folder that is not the site's content any more.
fn vault_site() -> TestSite {
    let site = TestSite::new();
    site.file("site.toml", SITE_TOML)
        .file(
            "vault/Start here.md",
            "---\ntitle: Start here\n---\nSee [[Jane Doe]] and [[Jane Doe#Career]].\n\n![[scan.png]]\n",
        )
        .file("vault/People/Jane Doe.md", "## Career\n\nShe ran it.\n")
        .file("vault/Attachments/scan.png", "png")
        .file("vault/.obsidian/workspace.json", "{}")
        .file(
            "content/stray.md",
            "+++\ntitle = \"Stray\"\n+++\nNot in the vault.\n",
        );
    site
}

#[test]
fn a_vault_named_in_site_toml_builds_as_the_content() {
    let site = vault_site();
    site.build();
    let start = site.html("start-here/index.html");
    assert_eq!(texts(&start, "h1"), ["Start here"]);
    assert_eq!(
        attrs(&start, ".page-content p a", "href"),
        [
            "https://example.org/people/jane-doe/",
            "https://example.org/people/jane-doe/#career"
        ]
    );
    assert_eq!(
        attrs(&start, ".page-content img.embed-image", "src"),
        ["https://example.org/Attachments/scan.png"]
    );
    assert_eq!(site.read("Attachments/scan.png"), "png");
    let jane = site.html("people/jane-doe/index.html");
    assert_eq!(texts(&jane, "h1"), ["Jane Doe"]);
    assert_eq!(texts(&site.html("people/index.html"), "h1"), ["People"]);
    // Only the vault is read: not the old content folder, not Obsidian's settings.
    assert!(!site.exists("stray/index.html"));
    assert!(!site.exists(".obsidian/workspace.json"));

    let check = site.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn errors_in_a_vault_note_name_its_file_in_the_vault() {
    let site = vault_site();
    site.file(
        "vault/Bad front matter.md",
        "+++\ntitle = \"Bad\"\ndate = \"soon\"\n+++\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.starts_with("vault/Bad front matter.md:3:8: error: `date` must be a date"),
        "{stderr}"
    );
    site.remove("vault/Bad front matter.md");
    site.file(
        "vault/People/Broken.md",
        "---\ntitle: Broken\n---\nSee [[nowhere]].\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.starts_with("vault/People/Broken.md:4:5: error: link [[nowhere]] matches no page\n"),
        "{stderr}"
    );
    let check = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.starts_with("vault/People/Broken.md:4:5: error: link [[nowhere]] matches no page\n"),
        "{stderr}"
    );
}

#[test]
fn a_content_dir_that_is_no_folder_of_the_site_is_refused_at_its_place() {
    let outside = tempfile::tempdir().unwrap();
    let absolute = outside.path().display().to_string();
    for (dir, why) in [
        (
            "missing",
            "does not exist: there is no folder missing/ beside site.toml",
        ),
        (
            "../elsewhere",
            "leaves the site's folder: write it without `..`",
        ),
        (absolute.as_str(), "is not inside the site's folder"),
        (".", "is the site's own folder"),
        ("public/notes", "overlaps the output folder `public`"),
    ] {
        let site = TestSite::new();
        site.file(
            "site.toml",
            &format!(
                "title = \"T\"\nbase_url = \"https://example.org\"\ncontent_dir = \"{dir}\"\n"
            ),
        )
        .page("a.md", "title = \"A\"", "A.\n");
        let stderr = site.build_fails();
        assert!(
            stderr.starts_with(&format!(
                "site.toml:3:15: error: `content_dir = \"{dir}\"` {why}"
            )),
            "{dir}: {stderr}"
        );
        assert!(!site.out().exists(), "{dir}: nothing is written");
    }
}

#[test]
fn new_pages_go_into_the_vault_and_the_output_stays_out_of_it() {
    let site = vault_site();
    let out = site.run(&["new", "note", "Background"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Created vault/notes/_index.md (a new section)\nCreated vault/notes/background.md\n"
    );
    assert!(!site.root().join("content/notes").exists());
    site.build();
    assert_eq!(
        texts(&site.html("notes/background/index.html"), "h1"),
        ["Background"]
    );

    let inside = site.run(&["build", "--output", "vault/site"]);
    assert!(!inside.status.success());
    assert!(
        String::from_utf8_lossy(&inside.stderr).contains("it is inside the site's vault/ folder"),
        "{}",
        String::from_utf8_lossy(&inside.stderr)
    );
}

/// A real PNG, so that the page's image gets its size from the file in the vault.
fn write_png(path: &std::path::Path, width: u32, height: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let pixels = RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 0]));
    pixels.save_with_format(path, ImageFormat::Png).unwrap();
}

#[test]
fn shortcodes_and_images_read_the_vault() {
    let site = vault_site();
    site.file(
        "templates/shortcodes/rows.html",
        "<ul class=\"rows\">{% set d = load_data(path='@/story/numbers.csv') %}{% for r in d.records %}<li>{{ r.0 }}</li>{% endfor %}</ul>",
    )
    .file("vault/story/numbers.csv", "a,b\n1,2\n3,4\n")
    .file(
        "vault/story/index.md",
        "+++\ntitle = \"Story\"\n+++\n![A photo](photo.png)\n\n{{ rows() }}\n",
    );
    write_png(&site.root().join("vault/story/photo.png"), 40, 30);
    site.build();
    let story = site.html("story/index.html");
    assert_eq!(texts(&story, "ul.rows li"), ["1", "3"]);
    assert_eq!(attrs(&story, ".page-content img", "width"), ["40"]);
    assert_eq!(attrs(&story, ".page-content img", "height"), ["30"]);
    assert!(site.exists("story/photo.png"));
}

/// Generous: file-watch effects on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(30);

/// Waits until what `server` serves for every file of a full build is that file.
fn wait_for_full_build(server: &serve::Server, site: &TempSite, step: &str) {
    let options = Options {
        base_url: Some(server.url().to_string()),
        ..Options::default()
    };
    eventually(PATIENCE, step, || {
        let full = full_build(site.root(), &options);
        let served: BTreeMap<String, Vec<u8>> = full
            .keys()
            .map(|path| {
                let r = get(server.addr(), &format!("/{path}"));
                (path.clone(), without_live_script(&r.body))
            })
            .collect();
        full.keys().all(|k| served[k] == full[k]).then_some(())
    });
}

#[test]
fn serve_rebuilds_a_save_in_the_vault_as_a_full_build_writes_it() {
    let site = TempSite::new(&[
        ("site.toml", SITE_TOML),
        (
            "vault/Start here.md",
            "---\ntitle: Start here\n---\nSee [[Jane Doe]].\n",
        ),
        ("vault/People/Jane Doe.md", "She ran it.\n"),
        ("vault/Attachments/scan.png", "png"),
    ]);
    let server = serve::start(
        site.root(),
        ServeOptions {
            port: 0,
            verbose: false,
            ..ServeOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("serve did not start:\n{d}"));

    // An edit of a note: patched in place.
    site.edit(
        "vault/People/Jane Doe.md",
        "She ran it.",
        "She ran the firm.",
    );
    eventually(PATIENCE, "the edit to be served", || {
        get(server.addr(), "/people/jane-doe/")
            .text()
            .contains("She ran the firm.")
            .then_some(())
    });
    wait_for_full_build(&server, &site, "an edit of a vault note");

    // A new note linking an old one, and a changed attachment: the site's shape changes.
    site.write(
        "vault/People/Ron Wyden.md",
        "---\ntitle: Ron Wyden\n---\nAsked [[Jane Doe]].\n",
    );
    site.write("vault/Attachments/scan.png", "png, rescanned");
    eventually(PATIENCE, "the new note to be served", || {
        (get(server.addr(), "/people/ron-wyden/").status == 200).then_some(())
    });
    eventually(PATIENCE, "the attachment to be served anew", || {
        (get(server.addr(), "/Attachments/scan.png").text() == "png, rescanned").then_some(())
    });
    wait_for_full_build(&server, &site, "a new vault note and attachment");

    site.remove("vault/People/Ron Wyden.md");
    eventually(PATIENCE, "the removed note to be gone", || {
        (get(server.addr(), "/people/ron-wyden/").status == 404).then_some(())
    });
    wait_for_full_build(&server, &site, "a vault note removed");

    // site.toml names another folder: it is read, watched, and the old one let go.
    site.write("notes/Moved.md", "---\ntitle: Moved\n---\nHere now.\n");
    site.write("site.toml", &SITE_TOML.replace("\"vault\"", "\"notes\""));
    eventually(PATIENCE, "the new content folder to be served", || {
        (get(server.addr(), "/moved/").status == 200).then_some(())
    });
    site.edit("notes/Moved.md", "Here now.", "Edited in the new folder.");
    eventually(PATIENCE, "an edit in the new folder to be served", || {
        get(server.addr(), "/moved/")
            .text()
            .contains("Edited in the new folder.")
            .then_some(())
    });
    wait_for_full_build(&server, &site, "site.toml naming another content folder");
    assert_eq!(get(server.addr(), "/people/jane-doe/").status, 404);
    server.shutdown();
}

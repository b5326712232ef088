//! Fixture sites for integration tests: write files into a temp dir, build, parse the output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};
use tempfile::TempDir;

/// What `dossier build` prints about `TestSite`'s site.toml, whose `base_url` is the
/// placeholder of `dossier init`.
pub const PLACEHOLDER_WARNING: &str = "site.toml:2:12: warning: `base_url` is still the placeholder `https://example.org`, so the feed, the sitemap and shared links point there; set the site's address in site.toml, or build with `--base-url`
  |
2 | base_url = \"https://example.org\"
  |            ^

";

pub struct TestSite {
    pub dir: TempDir,
}

/// A page's text: TOML front matter and a Markdown body.
pub fn md(front_matter: &str, body: &str) -> String {
    format!("+++\n{}\n+++\n{}", front_matter.trim(), body)
}

impl TestSite {
    /// A site with a site.toml and nothing else.
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.file(
            "site.toml",
            "title = \"Test dossier\"\nbase_url = \"https://example.org\"\n",
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str, text: &str) -> &TestSite {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn page(&self, rel: &str, front_matter: &str, body: &str) -> &TestSite {
        self.file(&format!("content/{rel}"), &md(front_matter, body))
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs the `dossier` binary in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run dossier")
    }

    /// `dossier build`, which must succeed.
    pub fn build(&self) -> String {
        let out = self.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "build failed:\n{stderr}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `dossier build`, which must fail; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.run(&["build"]);
        assert!(!out.status.success(), "build unexpectedly succeeded");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// The trimmed text of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Printed findings by their first lines (`path:line:col: severity: message`), without the
/// source excerpts and notes printed under them.
pub fn first_lines(printed: &str) -> String {
    printed
        .lines()
        .filter(|line| {
            let excerpt = line.is_empty()
                || line.starts_with(' ')
                || line
                    .split_once(" |")
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            !excerpt
        })
        .map(|line| format!("{line}\n"))
        .collect()
}
